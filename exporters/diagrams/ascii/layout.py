"""Where each box of the ASCII diagram goes: which nodes show, in which row and column.

The picture runs top to bottom through the request tiers (clients, edge, frontend,
backend, data), each under its heading; observability and security are side tiers,
drawn as rows of boxes below with their links listed (see `exporters.diagrams.ascii`).

Inside a tier, nodes are layered by the longest request path within the tier, so a link
inside a tier always points down. A straight run of links inside a tier (DNS → WAF →
CDN) is a *chain*: its boxes sit side by side in one row, joined by `──▶`, which keeps
the usual edge tier to one row. All boxes have one width and sit on a grid of columns,
so links between rows drop straight down wherever they can.

Placement is forward only and in session order: a row starts under the column its
first box's predecessors use, and boxes follow in the order the team added them. A new
component therefore lands at the end of its row and leaves the boxes above it and
beside it where they were — the picture stays recognisable from one change to the next.

A tier with more nodes than fit in `MAX_ROWS_PER_TIER` rows is shrunk by summary boxes
(see `summary`), so a design of hundreds of components stays readable and fast.
"""

from __future__ import annotations

import heapq
from collections import Counter
from itertools import pairwise

from exporters.diagrams.ascii.glyphs import Glyphs, clean, text_width
from exporters.diagrams.ascii.scene import (
    GAP,
    MAIN_TIERS,
    SIDE_TIERS,
    Edge,
    Item,
    Row,
    Scene,
)
from exporters.diagrams.ascii.summary import summarise
from model.engines.digraph import DiGraph
from model.engines.graph import Tier
from model.sections.components import USERS

MIN_BOX = 12
"""The narrowest box (for very narrow widths)."""
COMFORT_BOX = 20
"""Boxes are not made narrower than this to avoid wrapping a row."""
MAX_BOX = 40
"""The widest box; longer service names are shortened."""
MAX_ROWS_PER_TIER = 3
"""Rows a tier may fill before its nodes are summarised (see `summary`)."""


def plan(graph: DiGraph, width: int, users_caption: str, glyphs: Glyphs, reserve: int = 0) -> Scene:
    """Decide the visible boxes, the box width, the rows and the grid columns.

    `reserve` columns at the right are kept free of boxes, for links passing rows.
    """
    grid_width = max(width - reserve, MIN_BOX)
    items: dict[str, Item] = {}
    for order, (node_id, node) in enumerate(graph.nodes(data="node")):
        subtitle = users_caption if node_id == USERS else node.service_label
        title = clean(node.name, glyphs) or node_id  # a name of only control characters
        items[node_id] = Item(node_id, title, clean(subtitle, glyphs), node.tier, order)
    longest = max(max(text_width(i.title), text_width(i.subtitle)) for i in items.values())
    natural = min(max(longest + 4, MIN_BOX), MAX_BOX, grid_width)
    comfort = min(natural, COMFORT_BOX)
    cap = max(6, ((grid_width + GAP) // (comfort + GAP)) * MAX_ROWS_PER_TIER)
    represent, summaries = summarise(graph, items, cap, SIDE_TIERS, glyphs)

    edges: list[Edge] = []
    legend: list[Edge] = []
    seen: set[tuple[str, str]] = set()
    for u, v, link in graph.edges(data="link"):
        a, b = represent[u], represent[v]
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        edge = Edge(a, b, clean(link.label, glyphs), link.kind)
        aside = items[a].tier in SIDE_TIERS or items[b].tier in SIDE_TIERS
        (legend if aside else edges).append(edge)

    main = [i for i in items.values() if i.tier in MAIN_TIERS]
    layers, _ = _layers(main, edges, cols=len(main) + 1)
    demand = max((sum(len(u) for u in units) for _, units in layers), default=1)
    box_width, cols = _grid(grid_width, natural, demand)
    layers, chained = _layers(main, edges, cols)
    rows = _place(layers, edges, cols)
    chain_links = [e for e in edges if (e.source, e.target) in chained]
    routed = [e for e in edges if (e.source, e.target) not in chained]
    side = [(t, [i for i in items.values() if i.tier is t]) for t in SIDE_TIERS]
    return Scene(
        width=width,
        box_width=box_width,
        cols=cols,
        rows=rows,
        items=items,
        edges=routed,
        chain_links=chain_links,
        side=[(t, members) for t, members in side if members],
        legend=legend,
        summaries=summaries,
    )


def _grid(width: int, natural: int, demand: int) -> tuple[int, int]:
    """Box width and number of grid columns for the widest row of `demand` boxes.

    The natural width (the longest label) when the row fits; otherwise narrower boxes,
    down to `COMFORT_BOX`; below that the row wraps instead.
    """
    if demand * (natural + GAP) - GAP <= width:
        box = natural
    else:
        squeezed = (width + GAP) // demand - GAP
        if squeezed >= min(COMFORT_BOX, natural):
            box = squeezed
        else:
            cols = max(1, (width + GAP) // (min(COMFORT_BOX, natural) + GAP))
            box = min(natural, (width + GAP) // cols - GAP)
    box = max(min(box, width), min(MIN_BOX, width))
    return box, max(1, (width + GAP) // (box + GAP))


Unit = list[Item]
"""Boxes that stay together in a row: one node, or a chain."""


def _layers(
    main: list[Item], edges: list[Edge], cols: int
) -> tuple[list[tuple[Tier, list[Unit]]], set[tuple[str, str]]]:
    """Units of each tier grouped into layers, and the links drawn inside chains.

    Chains longer than `cols` are cut into pieces, each in its own layer.
    """
    by_tier: dict[Tier, list[Item]] = {}
    for item in main:
        by_tier.setdefault(item.tier, []).append(item)
    layers: list[tuple[Tier, list[Unit]]] = []
    chained: set[tuple[str, str]] = set()
    for tier in MAIN_TIERS:
        group = by_tier.get(tier)
        if not group:
            continue
        keys = {i.key for i in group}
        inside = [
            (e.source, e.target)
            for e in edges
            if e.kind != "side" and e.source in keys and e.target in keys
        ]
        dag = _acyclic(group, inside)
        units = _chains(group, dag, cols)
        unit_of = {item.key: index for index, unit in enumerate(units) for item in unit}
        for unit in units:
            chained.update((a.key, b.key) for a, b in pairwise(unit))
        links = {(unit_of[s], unit_of[t]) for s, t in dag if unit_of[s] != unit_of[t]}
        depth = _longest_path_depth(len(units), links)
        grouped: dict[int, list[Unit]] = {}
        for index, unit in enumerate(units):
            grouped.setdefault(depth[index], []).append(unit)
        layers.extend((tier, grouped[d]) for d in sorted(grouped))
    return layers, chained


def _acyclic(group: list[Item], inside: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The links inside a tier without the ones closing a cycle (found depth first)."""
    succ: dict[str, list[str]] = {i.key: [] for i in group}
    for s, t in inside:
        succ[s].append(t)
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back: set[tuple[str, str]] = set()
    for start, first in succ.items():
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(first))]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                back.add((node, nxt))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(succ[nxt])))
    return [pair for pair in inside if pair not in back]


def _chains(group: list[Item], dag: list[tuple[str, str]], cols: int) -> list[Unit]:
    """Maximal straight runs (one link out, one link in) as units, cut to `cols` boxes."""
    out: Counter[str] = Counter(s for s, _ in dag)
    into: Counter[str] = Counter(t for _, t in dag)
    follow = {s: t for s, t in dag if out[s] == 1 and into[t] == 1}
    followed = set(follow.values())
    by_key = {i.key: i for i in group}
    units: list[Unit] = []
    for item in group:
        if item.key in followed:
            continue
        chain = [item]
        while chain[-1].key in follow:
            chain.append(by_key[follow[chain[-1].key]])
        units.extend(chain[i : i + cols] for i in range(0, len(chain), cols))
    units.sort(key=lambda u: u[0].order)
    return units


def _longest_path_depth(count: int, links: set[tuple[int, int]]) -> list[int]:
    """Depth of each unit: the longest chain of links leading to it (units form a DAG)."""
    succ: dict[int, list[int]] = {}
    indegree = [0] * count
    for s, t in links:
        succ.setdefault(s, []).append(t)
        indegree[t] += 1
    depth = [0] * count
    ready = [i for i in range(count) if indegree[i] == 0]
    heapq.heapify(ready)
    while ready:
        unit = heapq.heappop(ready)
        for nxt in succ.get(unit, ()):
            depth[nxt] = max(depth[nxt], depth[unit] + 1)
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(ready, nxt)
    return depth


def _place(layers: list[tuple[Tier, list[Unit]]], edges: list[Edge], cols: int) -> list[Row]:
    """Rows of boxes with grid columns: each layer packed into rows of at most `cols`."""
    preds: dict[str, list[str]] = {}
    for edge in edges:
        if edge.kind != "side":
            preds.setdefault(edge.target, []).append(edge.source)
    placed: dict[str, int] = {}
    rows: list[Row] = []
    for tier, units in layers:
        packs: list[list[Unit]] = [[]]
        used = 0
        for unit in units:
            if packs[-1] and used + len(unit) > cols:
                packs.append([])
                used = 0
            packs[-1].append(unit)
            used += len(unit)
        for pack in packs:
            total = sum(len(u) for u in pack)
            start = 0
            offset = 0
            for unit in pack:
                wanted = _preferred(unit[0].key, preds, placed)
                if wanted is not None:
                    start = wanted - offset
                    break
                offset += len(unit)
            col = min(max(start, 0), cols - total)
            row_items: list[Item] = []
            for unit in pack:
                for item in unit:
                    item.row, item.col = len(rows), col
                    col += 1
                    row_items.append(item)
            rows.append(Row(tier, row_items))
        for row in rows[len(rows) - len(packs) :]:
            placed.update((i.key, i.col) for i in row.items)
    return rows


def _preferred(key: str, preds: dict[str, list[str]], placed: dict[str, int]) -> int | None:
    """The column under the node's placed predecessors (their lower median), if any."""
    cols = sorted(placed[p] for p in preds.get(key, ()) if p in placed)
    if not cols:
        return None
    return cols[(len(cols) - 1) // 2]
