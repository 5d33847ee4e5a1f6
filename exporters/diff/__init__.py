"""Renderings of a design diff (`infrasketch diff`): text for the terminal, Markdown for a
pull request comment, JSON for scripts.

`review(base, head, ...)` compares two analyses (`model.diff.compare`), measures the
guardrails on the result and draws the two diagrams of the change once; `diff_text`,
`diff_markdown` and `diff_json` lay that `Review` out. Their shared words — the headline,
the figures table, a component's changes — are in `summary`, so each fact reads the same
in all three.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exporters.diff.diagram import mermaid_diff, text_diagram_diff
from model.analysis import Analysis
from model.diff import Check, SessionDiff, compare
from model.guardrails import Guardrail

__all__ = ["Review", "review"]

MARKER = "<!-- infrasketch-diff -->"
"""The first line of the Markdown comment: how the CI job finds the comment it posted
before, to update it instead of posting another."""


@dataclass(frozen=True, slots=True)
class Review:
    """A design diff with its guardrails measured and its diagrams drawn."""

    diff: SessionDiff
    checks: tuple[Check, ...]
    """Each guardrail given, measured."""
    mermaid: str
    """The head's Mermaid chart with the change marked."""
    text_diagram: str
    """The unified diff of the two Unicode diagrams (empty when they are the same)."""

    @property
    def failed(self) -> tuple[Check, ...]:
        """The guardrails the change breaks."""
        return tuple(c for c in self.checks if c.holds)


def review(
    base: Analysis | None,
    head: Analysis,
    *,
    labels: tuple[str, str] = ("base", "head"),
    versions: tuple[int | None, int | None] = (None, None),
    guardrails: Iterable[Guardrail] = (),
) -> Review:
    """Compare `base` (None: a new design) with `head` and measure `guardrails`."""
    diff = compare(base, head, labels=labels, versions=versions)
    return Review(
        diff=diff,
        checks=diff.checks(guardrails),
        mermaid=mermaid_diff(base, head, diff),
        text_diagram=text_diagram_diff(base, head, diff),
    )
