"""A character grid the ASCII diagram is drawn on: boxes, lines, arrowheads and text.

Lines are recorded as direction bits per cell and per owner (a link's net, or the box
border), and turned into glyphs only at the end: that is what makes a link leaving a box
show a port (`┬`) in its border, and two links sharing a trunk show a junction. Where
two different nets merely cross (one runs straight across the other), the vertical one
is drawn over the horizontal one (`─│─`), which reads as a crossing, not a junction.

Text and arrowheads sit in a separate layer above the lines. A wide character takes two
cells (the second left empty), so every row is exactly as wide in terminal columns as
the canvas.
"""

from __future__ import annotations

from exporters.diagrams.ascii.glyphs import E, Glyphs, N, S, W, char_width

BORDER = -1
"""The owner of box borders: lines touching a border merge into it (a port)."""

_NOBODY = -(10**9)
_VERTICAL = N | S
_HORIZONTAL = E | W
_DASHED = 16
"""Added to a cell's direction bits when its line is dashed."""


class Canvas:
    """A `width` x `height` grid of cells.

    The first owner of each line cell is kept in flat arrays (fast to fill and to turn
    into text row by row); cells where a second owner draws keep a list of the others.
    """

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self._text = [[" "] * width for _ in range(height)]
        size = width * height
        self._owner = [_NOBODY] * size
        self._bits = bytearray(size)
        self._more: dict[int, list[tuple[int, int, bool]]] = {}

    def is_free(self, x: int, y: int) -> bool:
        """Whether nothing is drawn at (x, y)."""
        return (
            0 <= x < self.width
            and 0 <= y < self.height
            and self._text[y][x] == " "
            and self._owner[y * self.width + x] == _NOBODY
        )

    def run_is_free(self, x: int, y: int, length: int) -> bool:
        """Whether `length` cells from (x, y) rightwards are free."""
        return all(self.is_free(x + i, y) for i in range(length))

    def mark(self, x: int, y: int, bits: int, owner: int, dashed: bool = False) -> None:
        """Add line directions `bits` of `owner` to the cell at (x, y)."""
        index = y * self.width + x
        first = self._owner[index]
        if first == _NOBODY:
            self._owner[index] = owner
            self._bits[index] = bits | (_DASHED if dashed else 0)
        elif first == owner:
            self._bits[index] |= bits
        else:
            self._more.setdefault(index, []).append((owner, bits, dashed))

    def hline(self, y: int, x1: int, x2: int, owner: int, dashed: bool = False) -> None:
        """A horizontal line from x1 to x2 (inclusive, either order)."""
        if x1 > x2:
            x1, x2 = x2, x1
        if x1 == x2:
            return
        self.mark(x1, y, E, owner, dashed)
        start, end = y * self.width + x1 + 1, y * self.width + x2
        if end > start and self._owner[start:end].count(_NOBODY) == end - start:
            # Nothing drawn there yet: fill the run in one go.
            self._owner[start:end] = [owner] * (end - start)
            self._bits[start:end] = bytes([_HORIZONTAL | (_DASHED if dashed else 0)]) * (
                end - start
            )
        else:
            for x in range(x1 + 1, x2):
                self.mark(x, y, _HORIZONTAL, owner, dashed)
        self.mark(x2, y, W, owner, dashed)

    def vline(self, x: int, y1: int, y2: int, owner: int, dashed: bool = False) -> None:
        """A vertical line from y1 to y2 (inclusive, either order)."""
        if y1 > y2:
            y1, y2 = y2, y1
        if y1 == y2:
            self.mark(x, y1, _VERTICAL, owner, dashed)
            return
        self.mark(x, y1, S, owner, dashed)
        for y in range(y1 + 1, y2):
            self.mark(x, y, _VERTICAL, owner, dashed)
        self.mark(x, y2, N, owner, dashed)

    def box(self, x: int, y: int, width: int, height: int) -> None:
        """The border of a box with its top-left corner at (x, y)."""
        right, bottom = x + width - 1, y + height - 1
        self.hline(y, x, right, BORDER)
        self.hline(bottom, x, right, BORDER)
        self.vline(x, y, bottom, BORDER)
        self.vline(right, y, bottom, BORDER)

    def put(self, x: int, y: int, text: str) -> int:
        """Write `text` from (x, y) into the text layer, clipped at the edge; columns used."""
        row = self._text[y]
        column = x
        for char in text:
            width = char_width(char)
            if width == 0:
                if column > x:
                    row[column - 1] += char
                continue
            if column + width > self.width:
                break
            row[column] = char
            if width == 2:
                row[column + 1] = ""
            column += width
        return column - x

    def render(self, glyphs: Glyphs) -> list[str]:
        """The rows as text, trailing spaces removed."""
        table = {code: _code_glyph(code, glyphs) for code in range(32)}
        width = self.width
        out = []
        for y, row in enumerate(self._text):
            base = y * width
            codes = self._bits[base : base + width]
            if any(codes):
                for x, code in enumerate(codes):
                    if code and row[x] == " ":
                        row[x] = table[code]
            out.append(row)
        for index, others in self._more.items():
            y, x = divmod(index, width)
            code = self._bits[index]
            first = (self._owner[index], code & ~_DASHED, bool(code & _DASHED))
            if self._text[y][x] in (" ", table[code]):
                self._text[y][x] = _glyph([first, *others], glyphs)
        return ["".join(row).rstrip() for row in out]


def _code_glyph(code: int, glyphs: Glyphs) -> str:
    """The glyph of a cell drawn by one owner."""
    return glyphs.line(code & ~_DASHED, bool(code & _DASHED)) if code else " "


def _glyph(owners: list[tuple[int, int, bool]], glyphs: Glyphs) -> str:
    """The glyph of one line cell from what each owner drew there."""
    first_owner, bits, dashed = owners[0]
    if len(owners) == 1:
        return glyphs.line(bits, dashed)
    by_owner: dict[int, tuple[int, bool]] = {}
    for owner, more, dash in owners:
        old, old_dash = by_owner.get(owner, (0, dash))
        by_owner[owner] = (old | more, old_dash and dash)
    if len(by_owner) == 1:
        union, dash = by_owner[first_owner]
        return glyphs.line(union, dash)
    if BORDER in by_owner:
        union = 0
        for more, _ in by_owner.values():
            union |= more
        return glyphs.line(union, False)
    shapes = list(by_owner.values())
    verticals = [s for s in shapes if s[0] & _HORIZONTAL == 0]
    horizontals = [s for s in shapes if s[0] & _VERTICAL == 0]
    if len(shapes) == 2 and len(verticals) == 1 and len(horizontals) == 1:
        # Two nets crossing: draw the vertical one over the horizontal one.
        return glyphs.line(_VERTICAL, verticals[0][1])
    union = 0
    for more, _ in shapes:
        union |= more
    return glyphs.line(union, all(d for _, d in shapes))
