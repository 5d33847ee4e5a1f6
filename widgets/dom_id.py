"""The one rule that turns a field path, a record or a vocabulary value into a DOM id.

Forms derive widget ids from what they edit: a field's dotted path inside its model
(`unit_tests.coverage_threshold_percent`), a list of records and a record's place in it
(`environments`, 2), a category or metric (`tool`, `waf`). Textual ids may not contain
dots, and a selector written by hand should not have to guess whether the underscores of
a field name survived, so every part is spelled the same way: dots and underscores become
dashes, parts are joined by dashes. Tests and focus targets build their selectors with
`selector`, never by hand.
"""

from __future__ import annotations


def dom_id(*parts: str | int) -> str:
    """The DOM id of the widget for `parts`, e.g. `dom_id("field", "tls.min_version")` is
    `field-tls-min-version`."""
    return "-".join(str(part).replace(".", "-").replace("_", "-") for part in parts)


def selector(*parts: str | int) -> str:
    """The CSS id selector of `dom_id(*parts)`."""
    return "#" + dom_id(*parts)
