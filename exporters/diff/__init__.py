"""Renderings of a design diff (`infrasketch diff`): text for the terminal, Markdown for a
pull request comment, JSON for scripts.

`review.review(base, head, ...)` compares two analyses (`model.diff.compare`), measures
the guardrails on the result and draws the two diagrams of the change once; `text`,
`markdown` and `data` lay that `Review` out. Their shared words — the headline, the
figures table, a component's changes — are in `summary`, so each fact reads the same in
all three. This package's own module holds only the comment's marker, which the CI job
needs without loading the renderers.
"""

MARKER = "<!-- infrasketch-diff -->"
"""The first line of the Markdown comment: how the CI job finds the comment it posted
before, to update it instead of posting another."""
