"""The architecture as a Mermaid flowchart that GitHub renders inside a pull request.

One subgraph per tier, left to right; a node per component labelled with its name and
its service. Request links are solid arrows, queued (async) work thick arrows, side links
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

from exporters.diagrams.labels import one_line
from model.analysis import Analysis
from model.engines.graph import Node, Tier, by_tier, edges
from model.sections.components import LinkKind

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


def node_label(node: Node) -> str:
    """What a node shows: its name, then its service after a middle dot when it has one."""
    if node.service_label:
        return f"{node.name} · {node.service_label}"
    return node.name


def render_mermaid(analysis: Analysis) -> str:
    """The session's architecture as the source of a Mermaid `flowchart LR`.

    The first lines are YAML front matter with the project name as the title.
    """
    session = analysis.session
    graph = analysis.graph
    lines = [
        "---",
        f"title: {title(session.context.project)}",
        "---",
        "flowchart LR",
    ]
    for tier, nodes in by_tier(graph).items():
        lines.append(f'  subgraph {tier_id(tier)}["{mermaid_text(tier.label)}"]')
        lines.extend(f'    {node_id(n.id)}["{mermaid_text(node_label(n))}"]' for n in nodes)
        lines.append("  end")
    for link in edges(graph):
        arrow = _ARROWS[link.kind]
        label = mermaid_text(link.label)
        middle = f'{arrow}|"{label}"|' if label else arrow
        lines.append(f"  {node_id(link.source)} {middle} {node_id(link.target)}")
    return "\n".join(lines) + "\n"
