"""The architecture as a Graphviz picture with the providers' real icons: DOT, PNG and SVG.

The picture is built with the `diagrams` package (`Diagram`, `Cluster`, `Node`, `Edge`):
each component shows the icon of the node class its catalog service names
(`Service.icon`, e.g. `diagrams.aws.compute.Fargate`), inside a cluster per tier and,
within a tier, per network (VPC / VNet) and subnet when components name one. The request flow runs
left to right; observability and security stand in a column on the right.

Where we depart from the package's defaults, and why:

- **Deterministic ids.** `diagrams` gives each node a random uuid; we pass `nodeid`
  derived from the component id, so the DOT of a session is the same bytes every run.
- **Portable DOT.** `diagrams` writes the absolute path of each icon inside the
  virtualenv. Our DOT names icons relative to the package's `resources` folder
  (`aws/compute/fargate.png`) and rendering adds Graphviz's `imagepath` pointing at
  that folder. The exported `.dot` (`render_dot`) leaves the icons out, so it renders
  in plain `dot` on any machine; the PNG and SVG carry them.
- **Labels that fit.** The icon sits in an HTML-like label above the name and service,
  so Graphviz sizes each node to its text instead of letting long names run into
  neighbours (the package's fixed-size nodes do).
- **Side links in one stroke.** A component's side links into the observability or
  security tier are drawn as one dashed edge to the tier's box, labelled with what flows
  (`logs · metrics · errors`); eight crossing lines become two.
- **Pure rendering.** `diagrams` renders into the current folder and opens a viewer. We
  render with `show=False` into an absolute path inside a `TemporaryDirectory` and
  return the bytes; nothing is left on disk. The SVG gets its icons embedded as
  `data:image/png;base64,…` URIs so it is one self-contained file.

- **A time limit.** `dot` runs as our own subprocess with `GRAPHVIZ_SECONDS` to finish
  (the package's `render` waits forever: a 10,000-node graph kept it busy for more than
  ten minutes).

When Graphviz's `dot` is not installed, or does not finish in time, rendering raises
`DiagramError` saying so.
"""

from __future__ import annotations

import base64
import html
import importlib
import re
import subprocess
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import diagrams
import graphviz

from exporters.diagrams.labels import by_place, one_line, place_title
from model.analysis import Analysis
from model.engines.digraph import DiGraph
from model.engines.graph import Node, Tier, by_tier, edges, node_of
from model.sections.components import Link
from model.session import Session

RESOURCES = Path(diagrams.__file__).resolve().parent.parent / "resources"
"""The folder holding the icons of the `diagrams` package; icon paths are relative to it."""

Format = Literal["png", "svg"]
"""The image formats Graphviz renders for us."""

_USERS_ICON = "diagrams.onprem.client.Users"
_FALLBACK_ICON = "diagrams.generic.blank.Blank"

_SIDE_TIERS = (Tier.OBSERVABILITY, Tier.SECURITY)
"""Tiers drawn as a column on the right, fed by side links."""

_SAME_RANK = frozenset({Tier.DATA, *_SIDE_TIERS})
"""Tiers drawn as one column each: stores side by side, side services stacked."""

_GRAPH_ATTRS = {
    "pad": "0.4",
    "splines": "spline",
    "nodesep": "0.45",
    "ranksep": "1.0",
    "fontsize": "26",
    "labelloc": "t",
    "labeljust": "c",
    "newrank": "true",
    "compound": "true",
}
"""Overrides of the package's defaults: a title on top, spline edges (orthogonal ones
cannot carry labels), `newrank` so tiers can be columns, `compound` for edges to a tier."""

_NODE_ATTRS = {
    "shape": "plaintext",
    "fixedsize": "false",
    "width": "0",
    "height": "0",
    "margin": "0.05",
}
"""Nodes are their HTML label (icon, name, service), sized to fit it."""

_EDGE_STYLES: dict[str, dict[str, str]] = {
    "request": {"color": "#4B5B6B", "penwidth": "1.4"},
    "async": {"color": "#4B5B6B", "penwidth": "2.6"},
    "side": {"color": "#A3ACB5", "style": "dashed", "fontcolor": "#6B7785"},
}
"""Solid requests, thick queued work, dashed grey side links (as in the Mermaid chart)."""

_TIER_COLOURS = {
    Tier.CLIENTS: "#F4F6F8",
    Tier.EDGE: "#E5F5FD",
    Tier.FRONTEND: "#FDF7E3",
    Tier.BACKEND: "#EBF3E7",
    Tier.DATA: "#ECE8F6",
    Tier.EXTERNAL: "#FFFFFF",
    Tier.OBSERVABILITY: "#F4F6F8",
    Tier.SECURITY: "#FCEDEC",
}
"""Background of each tier's cluster; network clusters inside are white."""

_ICON_PT = 64
"""Icon size in points (a little under an inch)."""

_WRAP = 22
"""Characters per label line: about one and a half icons wide."""


GRAPHVIZ_SECONDS = 60.0
"""How long Graphviz may take to draw one picture: a 500-component design takes about
6 s on a small machine, the largest design the model accepts about 30 s."""


class DiagramError(Exception):
    """The picture could not be rendered; the message says why and what to do."""


def node_id(component_id: str) -> str:
    """The DOT id of a graph node, derived from the component id (never a DOT keyword)."""
    return "n_" + component_id.replace("-", "_")


def icon_class(dotted: str) -> type[Any]:
    """The `diagrams` node class at a dotted path like `diagrams.aws.compute.Fargate`."""
    module_name, _, class_name = dotted.rpartition(".")
    try:
        cls: type[Any] = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        # The catalog tests check every icon imports; an unknown one still draws.
        cls = icon_class(_FALLBACK_ICON)
    return cls


def icon_path(node: Node) -> str:
    """The icon file of a graph node, relative to `RESOURCES` (POSIX separators)."""
    if node.service is not None:
        dotted = node.service.icon
    elif node.component is None:
        dotted = _USERS_ICON
    else:
        dotted = _FALLBACK_ICON
    cls = icon_class(dotted)
    folder: str = cls._icon_dir  # e.g. `resources/aws/compute`
    name: str = cls._icon
    return (Path(folder).relative_to("resources") / name).as_posix()


_SUBSTITUTED = re.compile(r"\\(?=[GNEHTL])")
"""A backslash that Graphviz reads as a substitution (node name, graph name …), even in
HTML-like labels."""


_WORD_JOINED = "\\\u2060"
"""A backslash followed by U+2060 WORD JOINER."""


def _lines(value: str) -> str:
    """`value` wrapped to label width and escaped for an HTML-like label.

    Entities escape the markup; an invisible word joiner after a backslash stops Graphviz
    from replacing a backslash and a letter like N or G with the node or graph name.
    """
    wrapped = textwrap.wrap(one_line(value), _WRAP, break_on_hyphens=False) or [""]
    escaped = (html.escape(line, quote=False) for line in wrapped)
    return "<BR/>".join(_SUBSTITUTED.sub(_WORD_JOINED, line) for line in escaped)


def node_label(node: Node) -> str:
    """An HTML-like label: the icon, the name in bold under it, the service small and grey."""
    rows = [
        f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{_ICON_PT}" HEIGHT="{_ICON_PT}">'
        f'<IMG SRC="{html.escape(icon_path(node))}" SCALE="TRUE"/></TD></TR>',
        f'<TR><TD><FONT POINT-SIZE="13"><B>{_lines(node.name)}</B></FONT></TD></TR>',
    ]
    if node.service_label:
        rows.append(
            f'<TR><TD><FONT POINT-SIZE="11" COLOR="#5F6B77">{_lines(node.service_label)}'
            "</FONT></TD></TR>"
        )
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">'
    return f"<{table}{''.join(rows)}</TABLE>>"


def _edge(
    source: diagrams.Node, target: diagrams.Node, label: str, kind: str, **attrs: str
) -> None:
    """Connect two drawn nodes with a labelled edge in the style of its link kind."""
    text = graphviz.escape(f" {one_line(label)} ") if label else ""
    style = {**_EDGE_STYLES[kind], **attrs}
    edge = diagrams.Edge(source, forward=True, label=text, fontsize="12", **style)
    source.connect(target, edge)


@contextmanager
def _drawing(diagram: diagrams.Diagram) -> Iterator[diagrams.Diagram]:
    """Make `diagram` the current one for nodes and clusters, without rendering on exit."""
    diagrams.setdiagram(diagram)
    try:
        yield diagram
    finally:
        diagrams.setdiagram(None)


def _draw_tier(session: Session, tier: Tier, nodes: list[Node]) -> dict[str, diagrams.Node]:
    """Draw a tier's cluster, with a cluster per network inside; the drawn nodes by id."""
    drawn: dict[str, diagrams.Node] = {}

    def draw(node: Node) -> None:
        drawn[node.id] = diagrams.Node(node_label(node), nodeid=node_id(node.id))

    attrs = {"bgcolor": _TIER_COLOURS[tier], "fontsize": "16", "margin": "16"}
    if tier is Tier.EXTERNAL:
        attrs["style"] = "rounded,dashed"  # run by other parties: outside the design's lines
    if tier in _SAME_RANK:
        attrs["rank"] = "same"
    with diagrams.Cluster(tier.label, graph_attr=attrs) as cluster:
        cluster.dot.name = f"cluster_{tier.value}"
        outside, places = by_place(nodes)
        for node in outside:
            draw(node)
        inner = {"bgcolor": "white", "style": "rounded,dashed", "fontsize": "13"}
        for place, members in places.items():
            title = place_title(session.provider.network_word, place)
            with diagrams.Cluster(title, graph_attr=inner) as net:
                network, subnet = place
                where = f"{network}_{subnet.value if subnet else 'any'}".replace("-", "_")
                net.dot.name = f"cluster_{tier.value}_{where}"
                for node in members:
                    draw(node)
    return drawn


def _draw_links(graph: DiGraph, drawn: dict[str, diagrams.Node]) -> None:
    """Draw every link; side links into a side tier merge into one edge per source."""
    merged: dict[tuple[str, Tier], list[Link]] = {}
    for link in edges(graph):
        source, target = node_of(graph, link.source), node_of(graph, link.target)
        into_side = target.tier in _SIDE_TIERS and source.tier != target.tier
        if link.kind == "side" and into_side:
            merged.setdefault((link.source, target.tier), []).append(link)
            continue
        # A probe, a certificate or an external system's call pointing back into the flow
        # must not pull its tier left.
        back = (source.tier in _SIDE_TIERS and target.tier not in _SIDE_TIERS) or (
            source.tier is Tier.EXTERNAL and target.tier is not Tier.EXTERNAL
        )
        extra = {"constraint": "false"} if back else {}
        _edge(drawn[link.source], drawn[link.target], link.label, link.kind, **extra)
    for (source_id, tier), links in merged.items():
        label = " · ".join(dict.fromkeys(link.label for link in links if link.label))
        target = drawn[links[0].target]
        _edge(drawn[source_id], target, label, "side", lhead=f"cluster_{tier.value}")


def _push_side_tiers_right(graph: DiGraph, drawn: dict[str, diagrams.Node]) -> None:
    """Invisible edges from the ends of the flow to each side tier: they stand last."""
    tiers = by_tier(graph)
    flow = [n.id for tier, nodes in tiers.items() if tier not in _SIDE_TIERS for n in nodes]
    members = set(flow)
    ends = [n for n in flow if not any(s in members for s in graph.successors(n))]
    for tier in _SIDE_TIERS:
        if tier in tiers:
            first = drawn[tiers[tier][0].id]
            for end in ends:
                drawn[end].connect(first, diagrams.Edge(style="invis", weight="0"))


def build_diagram(
    analysis: Analysis, filename: str = "diagram", outformat: Format = "png"
) -> diagrams.Diagram:
    """The `diagrams.Diagram` of the session, not rendered; `filename` is where it would go."""
    session = analysis.session
    graph = analysis.graph
    diagram = diagrams.Diagram(
        name=session.context.project,
        filename=filename,
        direction="LR",
        outformat=outformat,
        show=False,
        graph_attr=_GRAPH_ATTRS,
        node_attr=_NODE_ATTRS,
    )
    # The package uses the project name unescaped as graph name and title; a name may
    # hold `\`, quotes or `<…>`, which DOT would read as syntax.
    diagram.dot.name = "architecture"
    diagram.dot.comment = (
        "Generated by infrasketch. Icons are relative to the resources folder of the "
        "Python diagrams package: render with `infrasketch diagram FILE --format png`, "
        "or `dot -Tpng -Gimagepath=<site-packages>/resources`."
    )
    diagram.dot.graph_attr["label"] = graphviz.escape(one_line(session.context.project))
    drawn: dict[str, diagrams.Node] = {}
    with _drawing(diagram):
        for tier, nodes in by_tier(graph).items():
            drawn.update(_draw_tier(session, tier, nodes))
        _draw_links(graph, drawn)
        _push_side_tiers_right(graph, drawn)
    return diagram


_ICON_ROW = re.compile(r'<TR><TD[^>]*><IMG SRC="[^"]*"[^>]*/></TD></TR>')
"""The table row holding a node's icon in a label."""


def render_dot(analysis: Analysis) -> str:
    """The Graphviz DOT source of the picture, without icons: it renders in plain `dot`.

    The icons are files of the Python `diagrams` package, found only through Graphviz's
    `imagepath`; a `.dot` that names them fails in `dot -Tsvg` anywhere else. The PNG and
    SVG renderings (`renderable_dot`) keep them.
    """
    diagram = build_diagram(analysis)
    diagram.dot.comment = (
        "Generated by infrasketch. Renders with plain `dot -Tsvg`; the PNG and SVG of "
        "the bundle (`infrasketch diagram FILE --format png`) show each service's icon."
    )
    return _ICON_ROW.sub("", diagram.dot.source)


def renderable_dot(analysis: Analysis) -> str:
    """The DOT that rendering hands to Graphviz: with icons and the icon folder."""
    diagram = build_diagram(analysis)
    diagram.dot.graph_attr["imagepath"] = str(RESOURCES)
    source: str = diagram.dot.source
    return source


MISSING_GRAPHVIZ = (
    "Graphviz is not installed (the `dot` command was not found on PATH); it draws the "
    "PNG and SVG diagrams. Install it with `sudo apt-get install graphviz`, "
    "`brew install graphviz` or from https://graphviz.org/download/ "
    "(the text formats ascii, unicode, mermaid and dot work without it)."
)
"""The message of the error raised when `dot` cannot be run."""


def _render(analysis: Analysis, fmt: Format) -> bytes:
    """Render through the `diagrams` package into a temporary folder; return the bytes."""
    with tempfile.TemporaryDirectory(prefix="infrasketch-diagram-") as folder:
        target = Path(folder).resolve() / "diagram"
        diagram = build_diagram(analysis, str(target), fmt)
        diagram.dot.graph_attr["imagepath"] = str(RESOURCES)
        target.write_text(diagram.dot.source, encoding="utf-8")
        picture = target.with_name(f"diagram.{fmt}")
        command = ["dot", f"-T{fmt}", "-o", str(picture), str(target)]
        try:
            subprocess.run(
                command, capture_output=True, check=True, timeout=GRAPHVIZ_SECONDS, cwd=folder
            )
        except FileNotFoundError as exc:
            raise DiagramError(MISSING_GRAPHVIZ) from exc
        except subprocess.TimeoutExpired as exc:
            components = len(analysis.session.components)
            raise DiagramError(
                f"Graphviz did not finish drawing the {fmt.upper()} diagram of "
                f"{components} components within {GRAPHVIZ_SECONDS:g} s and was stopped; "
                "the text formats (ascii, unicode, mermaid, dot) do not need it"
            ) from exc
        except subprocess.CalledProcessError as exc:
            text = exc.stderr.decode("utf-8", "replace") if exc.stderr else ""
            raise DiagramError(f"Graphviz could not draw the diagram: {text.strip()}") from exc
        return picture.read_bytes()


def render_png(analysis: Analysis) -> bytes:
    """The picture as PNG bytes, with the providers' icons."""
    return _render(analysis, "png")


_HREF = re.compile(r'xlink:href="([^"]+)"')


def _embed(match: re.Match[str]) -> str:
    """A `data:` URI in place of an icon file Graphviz referenced from the SVG."""
    reference = html.unescape(match.group(1))
    if reference.startswith("data:"):
        return match.group(0)
    path = (RESOURCES / reference).resolve()
    if not path.is_relative_to(RESOURCES) or not path.is_file():
        raise DiagramError(f"the SVG refers to an icon outside the icon set: {reference}")
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'xlink:href="data:image/png;base64,{data}"'


def render_svg(analysis: Analysis) -> bytes:
    """The picture as a self-contained SVG: icons embedded as data URIs, no file paths."""
    svg = _render(analysis, "svg").decode("utf-8")
    return _HREF.sub(_embed, svg).encode("utf-8")
