"""Reading a Unicode diagram back: its boxes, and which boxes each arrowhead connects.

Tests use this to check the picture itself rather than the layout code's intentions:
boxes are found by their corners, and every arrowhead is traced back along the line
glyphs (through junctions, over crossings) to the box ports it starts from.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

N, E, S, W = 1, 2, 4, 8
STEP = {N: (0, -1), E: (1, 0), S: (0, 1), W: (-1, 0)}
OPPOSITE = {N: S, S: N, E: W, W: E}
CONNECTS = {
    "─": E | W,
    "┄": E | W,
    "│": N | S,
    "┆": N | S,
    "┌": E | S,
    "┐": W | S,
    "└": N | E,
    "┘": N | W,
    "┬": E | W | S,
    "┴": E | W | N,
    "├": N | S | E,
    "┤": N | S | W,
    "┼": N | E | S | W,
}
LINE_GLYPHS = set(CONNECTS)
ARROWS = {"▼": S, "▲": N, "▶": E, "◀": W}
"""Arrowhead → the direction it points (into its box)."""


@dataclass(frozen=True, slots=True)
class Box:
    """A box found in the picture."""

    x: int
    y: int
    right: int
    bottom: int
    title: str
    subtitle: str

    def on_border(self, x: int, y: int) -> bool:
        inside_x = self.x <= x <= self.right
        inside_y = self.y <= y <= self.bottom
        return (inside_x and y in (self.y, self.bottom)) or (inside_y and x in (self.x, self.right))


class Picture:
    """A diagram as a grid of characters (one per column: the text must be narrow)."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.boxes = self._find_boxes()

    def at(self, x: int, y: int) -> str:
        if 0 <= y < len(self.lines) and 0 <= x < len(self.lines[y]):
            return self.lines[y][x]
        return " "

    def _find_boxes(self) -> list[Box]:
        boxes = []
        for y, line in enumerate(self.lines):
            for x, char in enumerate(line):
                if char != "┌":
                    continue
                right = x + 1
                while self.at(right, y) in "─┴":
                    right += 1
                if self.at(right, y) != "┐" or right == x + 1:
                    continue
                if (
                    self.at(x, y + 3) == "└"
                    and self.at(right, y + 3) == "┘"
                    and self.at(x, y + 1) == "│"
                    and self.at(x, y + 2) == "│"
                    and self.at(right, y + 2) == "│"
                ):
                    title = self.lines[y + 1][x + 1 : right].strip()
                    subtitle = self.lines[y + 2][x + 1 : right].strip()
                    boxes.append(Box(x, y, right, y + 3, title, subtitle))
        return boxes

    def box_at(self, x: int, y: int) -> Box | None:
        return next((b for b in self.boxes if b.on_border(x, y)), None)

    def arrows(self, below: int | None = None) -> list[tuple[int, int, str]]:
        """Every arrowhead above line `below` (default: all): (x, y, glyph)."""
        return [
            (x, y, char)
            for y, line in enumerate(self.lines[:below])
            for x, char in enumerate(line)
            if char in ARROWS
        ]

    def target_of(self, x: int, y: int) -> Box | None:
        """The box the arrowhead at (x, y) points into (its border must be next to it)."""
        dx, dy = STEP[ARROWS[self.at(x, y)]]
        return self.box_at(x + dx, y + dy)

    def sources_of(self, x: int, y: int) -> set[Box]:
        """The boxes whose ports the lines behind the arrowhead at (x, y) lead back to."""
        back = OPPOSITE[ARROWS[self.at(x, y)]]
        found: set[Box] = set()
        seen: set[tuple[int, int]] = set()
        queue = deque([(x, y, back)])
        while queue:
            cx, cy, heading = queue.popleft()
            dx, dy = STEP[heading]
            nx_, ny = cx + dx, cy + dy
            char = self.at(nx_, ny)
            entering = OPPOSITE[heading]
            box = self.box_at(nx_, ny)
            if box is not None:
                if char in CONNECTS and CONNECTS[char] & entering:
                    found.add(box)
                continue
            if char not in CONNECTS:
                continue
            if not CONNECTS[char] & entering:
                # A crossing: the other line is drawn over this one; hop across it.
                queue.append((nx_, ny, heading))
                continue
            if (nx_, ny) in seen:
                continue
            seen.add((nx_, ny))
            for out in (N, E, S, W):
                if CONNECTS[char] & out and out != entering:
                    queue.append((nx_, ny, out))
        return found
