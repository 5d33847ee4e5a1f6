"""The architecture as a Mermaid flowchart that GitHub renders inside a pull request.

One subgraph per tier, left to right, with a subgraph inside it per private network and
subnet its components sit in; a node per component labelled with its name and its
service. Request links are solid arrows, queued (async) work thick arrows, side links
(telemetry, secrets, certificates) dotted arrows; every link carries its label.

Everything the user typed goes through `mermaid_text`: it is put in a `"…"` string label
with Mermaid's `#…;` entity codes for the characters Mermaid or the browser would read
as syntax, so a name like `"Ops" <end> #1` shows as written. Node ids are derived from
component ids with a prefix, so no id is ever a Mermaid keyword (`end`, `graph`, `click`,
`style` …). No HTML labels, no icon packs, no click handlers: GitHub renders it with its
strict security level as it is. The output is a pure function of the session.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Literal

from exporters.diagrams.labels import Place, by_place, one_line, place_title
from model.analysis import Analysis
from model.engines.graph import Node, Tier, by_tier, edges
from model.sections.components import Link, LinkKind

_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    "\\": "#92;",
}
"""Characters replaced by entity codes inside a label: `#` starts an entity, `"` ends the
string, `&<>` would be markup, a backtick starts a markdown string, and a backslash
before `n` would be read as a line break."""

_ARROWS: dict[LinkKind, str] = {"request": "-->", "async": "==>", "side": "-.->"}
"""Arrow of each link kind: solid requests, thick queued work, dotted side links."""


def mermaid_text(text: str) -> str:
    """`text` as the inside of a Mermaid `"…"` string: entities for syntax, on one line
    (a line break would end the statement)."""
    return "".join(_ENTITIES.get(char, char) for char in one_line(text))


def title(project: str) -> str:
    """The front matter title: a YAML double-quoted string of the project name.

    Mermaid decodes no entities in a title and its sanitiser drops anything that looks
    like a tag, so angle brackets become the look-alike `‹ ›` to stay visible.
    """
    visible = one_line(project).replace("<", "‹").replace(">", "›")
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(visible, ensure_ascii=False)


def node_id(component_id: str) -> str:
    """The Mermaid id of a graph node: a fixed prefix keeps it clear of every keyword.

    Component ids are lowercase letters, digits and dashes; dashes become underscores
    (which component ids never contain, so two ids never map to one).
    """
    return "n_" + component_id.replace("-", "_")


def tier_id(tier: Tier) -> str:
    """The Mermaid id of a tier's subgraph."""
    return f"tier_{tier.value}"


def place_id(tier: Tier, place: Place) -> str:
    """The Mermaid id of the subgraph of a network's subnet inside a tier."""
    network, subnet = place
    where = f"{network}_{subnet.value if subnet else 'any'}".replace("-", "_")
    return f"net_{tier.value}_{where}"


def node_label(node: Node) -> str:
    """What a node shows: its name, then its service after a middle dot when it has one."""
    if node.service_label:
        return f"{node.name} · {node.service_label}"
    return node.name


def render_mermaid(analysis: Analysis) -> str:
    """The session's architecture as the source of a Mermaid `flowchart LR`.

    The first lines are YAML front matter with the project name as the title.
    """
    graph = analysis.graph
    session = analysis.session
    return flowchart(
        session.context.project,
        by_tier(graph),
        list(edges(graph)),
        network_word=session.provider.network_word,
    )


Mark = Literal["added", "removed", "changed"]
"""How a design diff marks a node or a link."""

MARK_STYLES: dict[Mark, str] = {
    "added": "fill:#dafbe1,stroke:#1a7f37,stroke-width:3px,color:#1f2328",
    "removed": "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 4,color:#1f2328",
    "changed": "fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#1f2328",
}
"""Node classes of a diff: GitHub's own diff colours (green added, red removed, amber
changed), with dark text that stays legible in dark mode."""

MARK_WORDS: dict[Mark, str] = {"added": "new", "removed": "removed", "changed": "changed"}
"""The word a marked node's label starts with, so the diff reads without colour."""

_LINK_STYLES: dict[Mark, str] = {
    "added": "stroke:#1a7f37,stroke-width:3px",
    "removed": "stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 4",
    "changed": "stroke:#9a6700,stroke-width:2px",
}


def flowchart(
    project: str,
    tiers: Mapping[Tier, Sequence[Node]],
    links: Sequence[Link],
    marks: Mapping[str, Mark] | None = None,
    link_marks: Sequence[Mark | None] = (),
    *,
    network_word: str = "network",
) -> str:
    """A `flowchart LR` of `tiers`' nodes and `links`, the nodes in a private network
    inside a subgraph per network and subnet (titled with `network_word`: `VPC`); `marks`
    (node id → mark) and `link_marks` (one per link) colour and label what a diff added,
    removed or changed."""
    marks = marks or {}

    def node_line(n: Node, indent: str) -> str:
        marked = marks.get(n.id)
        label = node_label(n) if marked is None else f"{MARK_WORDS[marked]}: {node_label(n)}"
        return f'{indent}{node_id(n.id)}["{mermaid_text(label)}"]'

    lines = ["---", f"title: {title(project)}", "---", "flowchart LR"]
    for tier, nodes in tiers.items():
        lines.append(f'  subgraph {tier_id(tier)}["{mermaid_text(tier.label)}"]')
        outside, places = by_place(nodes)
        lines.extend(node_line(n, "    ") for n in outside)
        for place, members in places.items():
            heading = mermaid_text(place_title(network_word, place))
            lines.append(f'    subgraph {place_id(tier, place)}["{heading}"]')
            lines.extend(node_line(n, "      ") for n in members)
            lines.append("    end")
        lines.append("  end")
    for link in links:
        arrow = _ARROWS[link.kind]
        label = mermaid_text(link.label)
        middle = f'{arrow}|"{label}"|' if label else arrow
        lines.append(f"  {node_id(link.source)} {middle} {node_id(link.target)}")
    used = sorted(set(marks.values()) | {m for m in link_marks if m is not None})
    for mark in used:
        if mark in marks.values():
            lines.append(f"  classDef {mark} {MARK_STYLES[mark]}")
            ids = ",".join(node_id(i) for i, m in marks.items() if m == mark)
            lines.append(f"  class {ids} {mark}")
    for index, link_mark in enumerate(link_marks):
        if link_mark is not None:
            lines.append(f"  linkStyle {index} {_LINK_STYLES[link_mark]}")
    return "\n".join(lines) + "\n"
