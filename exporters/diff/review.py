"""A design diff ready to render: the two analyses compared, the guardrails measured and
the two diagrams of the change drawn, once (`review`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exporters.diff.diagram import mermaid_diff, text_diagram_diff
from model.analysis import Analysis
from model.diff import Check, SessionDiff, compare
from model.guardrails import Guardrail


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
