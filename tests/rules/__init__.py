"""Every skeptic rule on a design with one planted problem, its numbers worked out by hand.

One module per theme of `model/skeptic/rules/` (`test_over.py` for the over-engineering
rules, ...): each holds a `Case` per rule — the design with the one problem and the same
design with it fixed — and a trigger test asserting the finding's severity and the figures
in its text, computed in the test from the design's inputs and the published prices and
SLAs. `registry.py` maps every rule of the registry to its trigger test and its case, and
`test_registry.py` fails when a rule has none, or fires on its fixed design.
"""
