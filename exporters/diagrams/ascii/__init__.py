"""The architecture as a text diagram: Unicode box drawing, or pure ASCII on request.

`render_ascii(session)` is what the live diagram widget shows on every change, what
`infrasketch diagram --format unicode|ascii` prints and what the exported markdown
embeds — one function, so the picture on screen is the picture in the pull request.

The request tiers (clients, edge, frontend, backend, data) run top to bottom under
their headings, one box per component with its name and its service's label; links are
routed between the boxes with an arrowhead into every target. Observability and
security follow as rows of boxes, and their side links (telemetry, secrets,
certificates) are listed as `A, B ┄┄▶ C, D` lines instead of being routed across the
whole picture; then who sits in which private network and subnet. Layout and routing
live in `layout` and `route`; this module puts the lines on a canvas and adds headings,
labels and notes.

Every line fits the width (terminal columns, at least `MIN_DIAGRAM_WIDTH`): names are
shortened with `…` (`...` in ASCII) rather than a box being cut, and a tier too big for
three rows shows a summary box for the rest. The output is a pure function of the session and the
options: the same session gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from exporters.diagrams.ascii.canvas import Canvas
from exporters.diagrams.ascii.glyphs import ASCII, UNICODE, E, Glyphs, N, S, fit, text_width
from exporters.diagrams.ascii.layout import plan
from exporters.diagrams.ascii.route import Channel, Routing, route
from exporters.diagrams.ascii.scene import BOX_HEIGHT, Edge, Item, Scene
from exporters.diagrams.labels import by_place, place_title
from model.analysis import Analysis
from model.engines.digraph import DiGraph
from model.engines.graph import Tier
from model.sections.context import Context
from model.units import MIN_DIAGRAM_WIDTH

_CHAIN_OWNER = -2
"""Owners of `──▶` links inside a row count down from here (nets count up from 0)."""


def render_ascii(analysis: Analysis, width: int = 100, unicode: bool = True) -> str:
    """The diagram of `session`, every line at most `width` columns, ending in a newline.

    `unicode=False` draws with ASCII characters only (every byte below 128). Raises
    ValueError for a width below `MIN_DIAGRAM_WIDTH`.
    """
    session = analysis.session
    caption = users_caption(session.context)
    return draw_ascii(analysis.graph, width, unicode, caption, session.provider.network_word)


def draw_ascii(
    graph: DiGraph,
    width: int = 100,
    unicode: bool = True,
    users: str = "",
    network_word: str = "network",
) -> str:
    """The diagram of an architecture graph (see `render_ascii`); `users` captions Users,
    `network_word` names the private networks (`VPC`)."""
    if width < MIN_DIAGRAM_WIDTH:
        raise ValueError(f"a diagram needs at least {MIN_DIAGRAM_WIDTH} columns, not {width}")
    glyphs = UNICODE if unicode else ASCII
    scene = plan(graph, width, users, glyphs)
    routing = route(scene)
    reserve = 0
    while routing.dropped and reserve < width // 3:
        # Links that found no lane between the boxes: keep a strip free at the right.
        reserve += 2 * len({e.source for e in routing.dropped}) + 2
        scene = plan(graph, width, users, glyphs, min(reserve, width // 3))
        routing = route(scene)
    lines = _main(scene, routing, glyphs)
    lines += _side(scene, glyphs)
    lines += _networks(scene, graph, network_word, glyphs)
    lines += _notes(scene, routing, glyphs)
    return "\n".join(lines).rstrip("\n") + "\n"


def users_caption(context: Context) -> str:
    """The second line of the Users box: expected users and peak load."""
    return f"{_compact(context.users)} users, {_compact(context.peak_rps)} rps"


def _compact(value: float) -> str:
    """A count for a caption: `950`, `1.2k`, `50k`, `3M`."""
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}"


def _main(scene: Scene, routing: Routing, glyphs: Glyphs) -> list[str]:
    """The request tiers: rows of boxes and the channels of links between them."""
    if not scene.rows:
        return []
    y = 1
    for index, row in enumerate(scene.rows):
        row.y = y
        y += BOX_HEIGHT
        if index < len(routing.channels):
            y += routing.channels[index].height
    canvas = Canvas(scene.width, y)
    for row in scene.rows:
        for item in row.items:
            _box(canvas, scene, item, row.y, glyphs)
    for number, edge in enumerate(scene.chain_links):
        _chain_link(canvas, scene, edge, _CHAIN_OWNER - number, glyphs)
    for index, channel in enumerate(routing.channels):
        _channel(canvas, scene, index, channel, glyphs)
    _heading(canvas, 0, scene.rows[0].tier)
    for index, channel in enumerate(routing.channels):
        if channel.heading:
            top = scene.rows[index].y + BOX_HEIGHT
            line = top + int(channel.up_arrows) + len(set(channel.tracks.values()))
            _heading(canvas, line, scene.rows[index + 1].tier)
    for index, channel in enumerate(routing.channels):
        _labels(canvas, scene, index, channel)
    return canvas.render(glyphs)


def _box(canvas: Canvas, scene: Scene, item: Item, y: int, glyphs: Glyphs) -> None:
    """A box with the name on its first line and the service on its second."""
    x = scene.x_of(item.col)
    width = scene.box_width
    canvas.box(x, y, width, BOX_HEIGHT)
    inner = width - 4
    canvas.put(x + 2, y + 1, fit(item.title, inner, glyphs))
    canvas.put(x + 2, y + 2, fit(item.subtitle, inner, glyphs))


def _chain_link(canvas: Canvas, scene: Scene, edge: Edge, owner: int, glyphs: Glyphs) -> None:
    """`├───▶` from a box to its right-hand neighbour."""
    source, target = scene.items[edge.source], scene.items[edge.target]
    y = scene.rows[source.row].y + 1
    start = scene.x_of(source.col) + scene.box_width - 1
    end = scene.x_of(target.col) - 1
    canvas.hline(y, start, end, owner)
    canvas.put(end, y, glyphs.arrows[E])


def _channel(canvas: Canvas, scene: Scene, index: int, channel: Channel, glyphs: Glyphs) -> None:
    """The nets of one channel: verticals to each terminal, one track, arrowheads, lanes."""
    top = scene.rows[index].y + BOX_HEIGHT
    arrow_line = top + channel.height - 1
    first_track = top + int(channel.up_arrows)
    for net in channel.nets:
        terms = net.terms[index]
        ends = []
        for term in terms:
            if term.upper:
                end = top if term.arrow else top - 1
            else:
                end = arrow_line if term.arrow else arrow_line + 1
            ends.append(end)
            if term.arrow:
                canvas.put(term.x, end, glyphs.arrows[N if term.upper else S])
            if term.lane and not term.upper:
                lane_top = scene.rows[index + 1].y
                canvas.vline(term.x, lane_top, lane_top + BOX_HEIGHT - 1, net.id, net.dashed)
        track = channel.tracks.get(net.id)
        if track is None:
            canvas.vline(terms[0].x, min(ends), max(ends), net.id, net.dashed)
            continue
        line = first_track + track
        for term, end in zip(terms, ends, strict=True):
            canvas.vline(term.x, end, line, net.id, net.dashed)
        xs = [t.x for t in terms]
        canvas.hline(line, min(xs), max(xs), net.id, net.dashed)


def _heading(canvas: Canvas, y: int, tier: Tier) -> None:
    """The tier's name in capitals at the left of line `y`, in the first free place."""
    text = tier.label.upper()
    for x in range(canvas.width - len(text)):
        if canvas.run_is_free(x, y, len(text) + 1):
            canvas.put(x, y, text)
            return


def _labels(canvas: Canvas, scene: Scene, index: int, channel: Channel) -> None:
    """Each link's label right of its arrowhead, where there is room for all of it."""
    top = scene.rows[index].y + BOX_HEIGHT
    arrow_line = top + channel.height - 1
    for net in channel.nets:
        for term in net.terms[index]:
            label = "/".join(net.labels.get(term.target, ())) if term.arrow else ""
            if not label:
                continue
            y = top if term.upper else arrow_line
            size = text_width(label)
            if canvas.run_is_free(term.x + 1, y, size + 2):
                canvas.put(term.x + 2, y, label)


def _side(scene: Scene, glyphs: Glyphs) -> list[str]:
    """Observability and security: a heading and rows of boxes for each."""
    lines: list[str] = []
    per_row = max(1, scene.cols)
    for tier, members in scene.side:
        rows = [members[i : i + per_row] for i in range(0, len(members), per_row)]
        canvas = Canvas(scene.width, 1 + len(rows) * (BOX_HEIGHT + 1) - 1)
        canvas.put(0, 0, tier.label.upper())
        for number, group in enumerate(rows):
            for col, item in enumerate(group):
                item.col = col
                _box(canvas, scene, item, 1 + number * (BOX_HEIGHT + 1), glyphs)
        lines += ["", *canvas.render(glyphs)]
    lines += _legend(scene, glyphs)
    return lines


def _legend(scene: Scene, glyphs: Glyphs) -> list[str]:
    """Side links as lines `sources ┄┄▶ targets (label)`, sources with equal targets merged."""
    if not scene.legend:
        return []
    outgoing: dict[tuple[str, bool], list[Edge]] = {}
    for edge in scene.legend:
        outgoing.setdefault((edge.source, edge.dashed), []).append(edge)
    groups: dict[tuple[tuple[str, ...], bool], list[str]] = {}
    for (source, dashed), out in outgoing.items():
        source_title = scene.items[source].title
        targets = tuple(
            _with_label(scene.items[e.target].title, e.label, source_title) for e in out
        )
        groups.setdefault((targets, dashed), []).append(source)
    title = f"Side links ({glyphs.side_arrow} telemetry, secrets, certificates)"
    lines = ["", fit(title, scene.width, glyphs)]
    for (targets, dashed), sources in groups.items():
        arrow = glyphs.side_arrow if dashed else glyphs.solid_arrow
        words = [*_listed([scene.items[s].title for s in sources]), arrow, *_listed(targets)]
        lines += _wrap(words, scene.width, "  ", "      ", glyphs)
    return lines


def _listed(names: Sequence[str]) -> list[str]:
    """Names as words of a comma-separated list."""
    return [f"{name}," for name in names[:-1]] + list(names[-1:])


def _with_label(title: str, label: str, source: str) -> str:
    """`title (label)`, unless the label repeats a name (`logs` into `Logs`)."""
    stem = label.lower().rstrip("s")
    if not stem or stem in title.lower() or stem in source.lower():
        return title
    return f"{title} ({label})"


def _networks(scene: Scene, graph: DiGraph, word: str, glyphs: Glyphs) -> list[str]:
    """Who sits in which private network and subnet, one line per subnet (the boxes are
    placed by tier, so this is where a cache inside the VPC shows that it is)."""
    _, places = by_place(node for _, node in graph.nodes(data="node"))
    if not places:
        return []
    lines = ["", fit(f"Private networks ({word})", scene.width, glyphs)]
    for place, members in places.items():
        names = [scene.items[node.id].title for node in members]
        between = " · " if glyphs.unicode else ", "
        words = [f"{place_title(word, place, between)}:", *_listed(names)]
        lines += _wrap(words, scene.width, "  ", "      ", glyphs)
    return lines


def _notes(scene: Scene, routing: Routing, glyphs: Glyphs) -> list[str]:
    """What the picture leaves out: summarised nodes and links without room."""
    lines: list[str] = []
    if scene.summaries:
        lines += [
            "",
            fit(
                "Boxes standing for several components (tiers too big to draw):",
                scene.width,
                glyphs,
            ),
        ]
        for summary in scene.summaries:
            names = list(summary.members)
            if len(names) > 8:
                names = [*names[:6], glyphs.ellipsis, names[-1]]
            title = scene.items[summary.key].title
            words = [title, "=", *_listed(names), f"({len(summary.members)})"]
            lines += _wrap(words, scene.width, "  ", "      ", glyphs)
    if routing.dropped:
        pairs = ", ".join(
            f"{scene.items[e.source].title} {glyphs.solid_arrow} {scene.items[e.target].title}"
            for e in routing.dropped
        )
        words = f"Not drawn for lack of room: {pairs}".split(" ")
        lines += ["", *_wrap(words, scene.width, "", "", glyphs)]
    return lines


def _wrap(words: list[str], width: int, first: str, rest: str, glyphs: Glyphs) -> list[str]:
    """Words (each kept whole when it fits) joined by spaces into lines of `width` columns.

    The first line starts with `first`, the others with `rest`; a word longer than a
    line is shortened with an ellipsis.
    """
    lines: list[str] = []
    current, empty = first, True
    for word in words:
        if not empty and text_width(current) + 1 + text_width(word) > width:
            lines.append(current)
            current, empty = rest, True
        current += word if empty else " " + word
        empty = False
    lines.append(current)
    return [fit(line, width, glyphs) for line in lines]
