"""The architecture diagram of a design diff: Mermaid with what changed marked, and the
Unicode text diagram of both sides as a unified diff.

The Mermaid chart is the head's, drawn by `exporters.diagrams.mermaid.flowchart`, with
the base's removed components put back in their tiers and its removed links back between
them; added, removed and changed components carry a class (green, red dashed, amber) and
a word in their label (`new:`, `removed:`, `changed:`), so the change reads without
colour too. The text diagram is drawn for each side as `infrasketch diagram` draws it
and compared line by line; its layout keeps the rest of the picture in place when a
component is added, so the diff stays small.
"""

from __future__ import annotations

import difflib

from exporters.diagrams.ascii import render_ascii
from exporters.diagrams.mermaid import Mark, flowchart
from model.analysis import Analysis
from model.diff import Change, SessionDiff
from model.engines.graph import Node, Tier, by_tier, edges
from model.sections.components import Link

TEXT_WIDTH = 100
"""Columns of the text diagram compared (the `infrasketch diagram` default)."""

_MARKS: dict[Change, Mark] = {
    Change.ADDED: "added",
    Change.REMOVED: "removed",
    Change.RENAMED: "changed",
    Change.CHANGED: "changed",
}


def mermaid_diff(base: Analysis | None, head: Analysis, diff: SessionDiff) -> str:
    """The head's Mermaid chart with the base's removed parts back in and changes marked."""
    tiers: dict[Tier, list[Node]] = {
        tier: list(nodes) for tier, nodes in by_tier(head.graph).items()
    }
    marks: dict[str, Mark] = {d.id: _MARKS[d.change] for d in diff.components}
    if base is not None:
        gone = {d.id for d in diff.components if d.change is Change.REMOVED}
        for tier, nodes in by_tier(base.graph).items():
            tiers.setdefault(tier, []).extend(n for n in nodes if n.id in gone)
    ordered = {tier: tiers[tier] for tier in Tier if tiers.get(tier)}
    links: list[Link] = list(edges(head.graph))
    added = {(d.link.source, d.link.target, d.link.kind) for d in diff.links if d.added}
    link_marks: list[Mark | None] = [
        "added" if (x.source, x.target, x.kind) in added else None for x in links
    ]
    for delta in diff.links:
        if not delta.added:
            links.append(delta.link)
            link_marks.append("removed")
    word = head.session.provider.network_word
    project = head.session.context.project
    return flowchart(project, ordered, links, marks, link_marks, network_word=word)


def text_diagram_diff(base: Analysis | None, head: Analysis, diff: SessionDiff) -> str:
    """The unified diff of the two sides' Unicode diagrams; empty when they are the same."""
    before = render_ascii(base, TEXT_WIDTH).splitlines() if base is not None else []
    after = render_ascii(head, TEXT_WIDTH).splitlines()
    lines = difflib.unified_diff(
        before, after, fromfile=diff.base.label, tofile=diff.head.label, lineterm=""
    )
    return "\n".join(lines) + "\n" if before != after else ""
