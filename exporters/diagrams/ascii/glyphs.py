"""The characters of the ASCII diagram, and text cut to fit a number of terminal columns.

A line cell is described by the directions it connects (`N`, `E`, `S`, `W` bits); one
table per character set turns the bits into a glyph, so box corners, ports (`┬`),
junctions and crossings all come from the same place. The Unicode set uses box drawing
(`┌─┐│└┘`, `▶ ▼`, dashed `┄ ┆`); the ASCII set uses only bytes below 128 (`+-|`, `> v`,
`.` and `:` for dashed side links) and transliterates names (`é` → `e`, anything else
→ `?`), so its output is safe in any terminal or e-mail.

Widths are terminal columns, not code points: an East Asian wide character or an emoji
takes two columns, a combining accent none, and `fit` cuts by columns.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

N, E, S, W = 1, 2, 4, 8
"""Direction bits of a line cell: it connects to the cell above, right, below, left."""

_UNICODE_LINES = {
    0: " ",
    N: "│",
    S: "│",
    N | S: "│",
    E: "─",
    W: "─",
    E | W: "─",
    E | S: "┌",
    W | S: "┐",
    N | E: "└",
    N | W: "┘",
    E | W | S: "┬",
    E | W | N: "┴",
    N | S | E: "├",
    N | S | W: "┤",
    N | E | S | W: "┼",
}


@dataclass(frozen=True, slots=True)
class Glyphs:
    """One character set of the diagram."""

    lines: dict[int, str]
    """Glyph of a solid line cell by its direction bits."""
    dashed_h: str
    """A horizontal piece of a dashed (side) link."""
    dashed_v: str
    """A vertical piece of a dashed (side) link."""
    arrows: dict[int, str]
    """Arrowhead pointing in a direction (`E` → `▶`, `S` → `▼` …)."""
    ellipsis: str
    """What marks a shortened text."""
    side_arrow: str
    """The dashed arrow of the side-link legend."""
    solid_arrow: str
    """The solid arrow of the legend, for a request link drawn there."""
    unicode: bool
    """Whether text may keep characters outside ASCII."""

    def line(self, bits: int, dashed: bool) -> str:
        """The glyph of a line cell."""
        if dashed:
            if bits & (N | S) == 0:
                return self.dashed_h
            if bits & (E | W) == 0:
                return self.dashed_v
        return self.lines[bits]


UNICODE = Glyphs(
    lines=_UNICODE_LINES,
    dashed_h="┄",
    dashed_v="┆",
    arrows={E: "▶", S: "▼", W: "◀", N: "▲"},
    ellipsis="…",
    side_arrow="┄┄▶",
    solid_arrow="──▶",
    unicode=True,
)
"""Box drawing characters (the default)."""

ASCII = Glyphs(
    lines={
        bits: ("-" if bits & (N | S) == 0 else "|" if bits & (E | W) == 0 else "+")
        for bits in _UNICODE_LINES
    }
    | {0: " "},
    dashed_h=".",
    dashed_v=":",
    arrows={E: ">", S: "v", W: "<", N: "^"},
    ellipsis="...",
    side_arrow="..>",
    solid_arrow="-->",
    unicode=False,
)
"""Plain ASCII: every character below 128."""


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Terminal columns `char` takes: 2 for wide characters, 0 for combining marks."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Terminal columns `text` takes."""
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def clean(text: str, glyphs: Glyphs) -> str:
    """`text` on one line: control characters and runs of spaces become one space.

    In the ASCII set, accents are dropped (`Zürich` → `Zurich`) and any other character
    beyond ASCII becomes `?`.
    """
    if not text.isascii() or not text.isprintable():
        text = "".join(c if c.isprintable() else " " for c in unicodedata.normalize("NFC", text))
        if not glyphs.unicode:
            decomposed = unicodedata.normalize("NFKD", text)
            text = "".join(
                c if c.isascii() else "?" for c in decomposed if not unicodedata.combining(c)
            )
    return " ".join(text.split())


def fit(text: str, columns: int, glyphs: Glyphs) -> str:
    """`text` (already clean) cut to at most `columns` terminal columns, marked when cut."""
    if text_width(text) <= columns:
        return text
    mark = glyphs.ellipsis
    room = columns - text_width(mark)
    if room <= 0:
        return mark[: max(columns, 0)]
    out: list[str] = []
    used = 0
    for char in text:
        width = char_width(char)
        if used + width > room:
            break
        out.append(char)
        used += width
    return "".join(out).rstrip() + mark
