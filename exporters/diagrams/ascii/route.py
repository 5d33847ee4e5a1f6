"""Routing the links of the ASCII diagram through the channels between rows of boxes.

Links are grouped into *nets*: the sources of one row that link to exactly the same
targets, in the same direction, share one net, drawn as one tree (a fan-out, a fan-in,
or a bus when two services use the same four stores). Grouping only sources with
identical targets keeps the picture exact: every source of a net really links to every
target the net's arrows point into.

A net leaves its sources through ports in their bottom border (`┬`), runs along one
horizontal *track* in each channel it crosses, passes rows it does not stop at through
a *lane* between two boxes, and enters each target through an arrowhead on the line
above it (`▼`). A link to a row above (a queue feeding workers) leaves through the top
border and enters from below (`▲`); one within a row runs in the channel under it.

Every terminal of a net in a channel gets a column no other net uses in that channel,
so verticals never overlap and no ordering of tracks is forbidden: tracks are packed by
the left-edge rule, and lines of two nets can only cross, never merge. (The one
exception: a box with more nets on one side than its border has columns lets two of
them share a port; summaries keep boxes from getting there.) Ports sit inside box
borders and lanes only between boxes, so no line passes through a box. Everything is
decided in one pass over the rows. A net that finds no free column for a lane is
reported as dropped; the caller then keeps a strip at the right free for lanes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from exporters.diagrams.ascii.scene import GAP, Edge, Item, Scene

Direction = Literal["down", "up", "flat"]


@dataclass(frozen=True, slots=True)
class Term:
    """Where a net meets one side of a channel."""

    x: int
    upper: bool
    """On the channel's upper side (the row above) rather than its lower side."""
    arrow: bool
    """An arrowhead into a box ends the net here."""
    lane: bool
    """The net goes on through the row here (a lane), rather than ending at a port."""
    target: str = ""
    """The box an arrowhead points into."""


@dataclass(slots=True)
class Net:
    """Links from sources in one row to one set of targets, drawn as one tree."""

    id: int
    direction: Direction
    dashed: bool
    row: int
    """The sources' row."""
    sources: list[Item]
    targets: list[Item]
    labels: dict[str, list[str]]
    """Distinct labels of the links into each target."""
    edges: list[Edge]
    terms: dict[int, list[Term]] = field(default_factory=dict)
    """Terminals by channel (channel c lies between rows c and c + 1)."""


@dataclass(slots=True)
class Channel:
    """The lines between two rows of boxes."""

    nets: list[Net]
    tracks: dict[int, int]
    """Track number of each net id with a horizontal piece (straight nets have none)."""
    up_arrows: bool
    """Whether an arrowhead points up into the row above (it takes the first line)."""
    heading: bool
    """Whether the row below starts a new tier (its heading takes a line)."""

    @property
    def height(self) -> int:
        """Lines: up-arrows, tracks, heading, and the line with the down-arrows."""
        return int(self.up_arrows) + len(set(self.tracks.values())) + int(self.heading) + 1


@dataclass(slots=True)
class Routing:
    """The routed picture: nets, channel contents and the links that found no room."""

    nets: list[Net]
    channels: list[Channel]
    dropped: list[Edge]


def route(scene: Scene) -> Routing:
    """Group links into nets, give every terminal a column, and pack the tracks."""
    nets = _nets(scene)
    router = _Router(scene, nets)
    for row in range(len(scene.rows)):
        router.row(row)
    kept = [n for n in nets if n.id not in router.lost]
    dropped = [e for n in nets if n.id in router.lost for e in n.edges]
    last = len(scene.rows) - 1
    trailing = any(n.direction == "flat" and n.row == last for n in kept)
    count = last + int(trailing)
    channels = []
    for index in range(count):
        present = [n for n in kept if index in n.terms]
        below = scene.rows[index + 1].tier if index + 1 < len(scene.rows) else None
        channels.append(
            Channel(
                nets=present,
                tracks=_pack_tracks(present, index),
                up_arrows=any(t.upper and t.arrow for n in present for t in n.terms[index]),
                heading=below is not None and below is not scene.rows[index].tier,
            )
        )
    return Routing(kept, channels, dropped)


def _nets(scene: Scene) -> list[Net]:
    """Links grouped by (source row, direction, style, exact target set)."""
    items = scene.items
    per_source: dict[tuple[str, Direction, bool], list[Edge]] = {}
    for edge in scene.edges:
        source, target = items[edge.source], items[edge.target]
        direction: Direction = (
            "down" if target.row > source.row else "up" if target.row < source.row else "flat"
        )
        per_source.setdefault((edge.source, direction, edge.dashed), []).append(edge)
    nets: dict[tuple[int, Direction, bool, frozenset[str]], Net] = {}
    for (source_key, direction, dashed), out in per_source.items():
        source = items[source_key]
        key = (source.row, direction, dashed, frozenset(e.target for e in out))
        net = nets.get(key)
        if net is None:
            unique = {e.target: items[e.target] for e in out}
            targets = sorted(unique.values(), key=lambda i: (i.row, i.col))
            net = Net(len(nets), direction, dashed, source.row, [], targets, {}, [])
            nets[key] = net
        net.sources.append(source)
        net.edges.extend(out)
        for edge in out:
            labels = net.labels.setdefault(edge.target, [])
            if edge.label and edge.label not in labels:
                labels.append(edge.label)
    for net in nets.values():
        net.sources.sort(key=lambda i: i.col)
    return list(nets.values())


class _Router:
    """Chooses terminal columns row by row, top to bottom."""

    def __init__(self, scene: Scene, nets: list[Net]) -> None:
        self.scene = scene
        self.lost: set[int] = set()
        self.top: dict[str, list[Net]] = {}
        self.bottom: dict[str, list[Net]] = {}
        self.passing: list[list[Net]] = [[] for _ in scene.rows]
        self.upper: dict[int, dict[int, int]] = {}
        """Channel → column → id of the net with a terminal there on the upper side."""
        self.targets = {net.id: {t.key for t in net.targets} for net in nets}
        for net in nets:
            target_rows = [t.row for t in net.targets]
            if net.direction == "down":
                self._ends(net.sources, self.bottom, net)
                self._ends(net.targets, self.top, net)
                passing = range(net.row + 1, max(target_rows))
            elif net.direction == "up":
                self._ends(net.sources, self.top, net)
                self._ends(net.targets, self.bottom, net)
                passing = range(min(target_rows) + 1, net.row)
            else:
                self._ends(net.sources + net.targets, self.bottom, net)
                passing = range(0)
            for row in passing:
                self.passing[row].append(net)

    @staticmethod
    def _ends(items: list[Item], side: dict[str, list[Net]], net: Net) -> None:
        for item in items:
            side.setdefault(item.key, []).append(net)

    def row(self, index: int) -> None:
        """Terminals on the top of row `index`, its lanes, then its bottom."""
        row = self.scene.rows[index]
        above = index - 1
        for item in row.items:
            taken: list[int] = []
            nets = self._live(self.top.get(item.key, []))
            center = self._center(item)
            wants = {n.id: self._want(n, above, center) for n in nets}
            ordered = sorted(nets, key=lambda n: (wants[n.id], n.id))
            for order, net in enumerate(ordered):
                # Straight down when the net arrives above the border; else near the middle.
                want = wants[net.id]
                if item.key in self.targets[net.id] and not self._in_border(item, want):
                    want = center + 2 * order - (len(ordered) - 1)
                x = self._pick_port(item, want, taken, self._others(above, net))
                taken.append(x)
                self._add(net, above, self._port(net, item, x, upper=False))
        self._lanes(index)
        for item in row.items:
            taken = []
            nets = self._live(self.bottom.get(item.key, []))
            nets.sort(key=lambda n: (self._estimate(n, item), n.id))
            center = self._center(item)
            for order, net in enumerate(nets):
                ideal = center + 2 * order - (len(nets) - 1)
                x = self._pick_port(item, ideal, taken, set())
                taken.append(x)
                self._add(net, index, self._port(net, item, x, upper=True))

    def _live(self, nets: list[Net]) -> list[Net]:
        return [n for n in nets if n.id not in self.lost]

    def _port(self, net: Net, item: Item, x: int, upper: bool) -> Term:
        arrow = item.key in self.targets[net.id]
        return Term(x, upper, arrow, False, item.key if arrow else "")

    def _lanes(self, index: int) -> None:
        """A column between the boxes of row `index` for each net passing through it."""
        scene = self.scene
        blocked = bytearray(scene.width)
        for item in scene.rows[index].items:
            left = scene.x_of(item.col)
            for x in range(max(left - 1, 0), min(left + scene.box_width + 1, scene.width)):
                blocked[x] = 1
        for edge in scene.chain_links:
            source = scene.items[edge.source]
            if source.row == index:
                gap = scene.x_of(source.col) + scene.box_width
                blocked[gap : gap + GAP] = b"\x01" * len(blocked[gap : gap + GAP])
        above = index - 1
        nets = self._live(self.passing[index])
        wants = {n.id: self._want(n, above, scene.width // 2) for n in nets}
        for net in sorted(nets, key=lambda n: (wants[n.id], n.id)):
            lane = _nearest(wants[net.id], scene.width, blocked, self._others(above, net))
            if lane is None:
                self.lost.add(net.id)
                continue
            for near in range(max(lane - 1, 0), min(lane + 2, scene.width)):
                blocked[near] = 1
            self._add(net, above, Term(lane, False, False, True))
            self._add(net, index, Term(lane, True, False, True))

    def _add(self, net: Net, channel: int, term: Term) -> None:
        net.terms.setdefault(channel, []).append(term)
        if term.upper:
            self.upper.setdefault(channel, {})[term.x] = net.id

    def _center(self, item: Item) -> int:
        return self.scene.x_of(item.col) + self.scene.box_width // 2

    def _want(self, net: Net, channel: int, default: int) -> int:
        """The column of the net's terminal on the upper side of `channel` nearest `default`."""
        xs = [t.x for t in net.terms.get(channel, ()) if t.upper]
        return min(xs, key=lambda x: (abs(x - default), x)) if xs else default

    def _estimate(self, net: Net, item: Item) -> float:
        """Where the rest of the net probably is, seen from `item` (orders its ports)."""
        others = net.sources if item.key in self.targets[net.id] else net.targets
        return sum(self._center(o) for o in others) / len(others)

    def _others(self, channel: int, net: Net) -> set[int]:
        """Columns other nets hold on the upper side of `channel`."""
        return {x for x, owner in self.upper.get(channel, {}).items() if owner != net.id}

    def _in_border(self, item: Item, x: int) -> bool:
        left = self.scene.x_of(item.col)
        return left + 2 <= x <= left + self.scene.box_width - 3

    def _pick_port(self, item: Item, want: int, taken: list[int], avoid: set[int]) -> int:
        """A column in the border of `item` near `want`, two apart from the other ports."""
        left = self.scene.x_of(item.col)
        low, high = left + 2, left + self.scene.box_width - 3
        if high < low:
            low = high = left + self.scene.box_width // 2
        want = min(max(want, low), high)
        near = avoid | {x - 1 for x in avoid} | {x + 1 for x in avoid}
        for spacing, keep_off in ((2, near), (1, near), (1, avoid)):
            for distance in range(high - low + 1):
                for x in (want - distance, want + distance) if distance else (want,):
                    if (
                        low <= x <= high
                        and x not in keep_off
                        and all(abs(x - t) >= spacing for t in taken)
                    ):
                        return x
        # More nets on one side of a box than columns in its border: share a port.
        return want


def _nearest(want: int, width: int, blocked: bytearray, avoid: set[int]) -> int | None:
    """The free column nearest `want` (left first on ties), or None."""
    want = min(max(want, 0), width - 1)
    for distance in range(width):
        for x in (want - distance, want + distance) if distance else (want,):
            if 0 <= x < width and not blocked[x] and x not in avoid:
                return x
    return None


def _pack_tracks(nets: list[Net], channel: int) -> dict[int, int]:
    """Track numbers by the left-edge rule; nets at a single column need none."""
    spans = []
    for net in nets:
        xs = [t.x for t in net.terms[channel]]
        if min(xs) != max(xs):
            spans.append((min(xs), max(xs), net.id))
    spans.sort()
    ends: list[int] = []
    tracks: dict[int, int] = {}
    for left, right, net_id in spans:
        for number, end in enumerate(ends):
            if end + 2 < left:
                ends[number] = right
                tracks[net_id] = number
                break
        else:
            tracks[net_id] = len(ends)
            ends.append(right)
    return tracks
