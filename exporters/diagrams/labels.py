"""Text helpers shared by the diagram exporters: user text made safe to place in a label."""

from __future__ import annotations

import unicodedata

_BREAKING = frozenset({"Cc", "Zl", "Zp"})
"""Unicode categories that end a line or are control codes (format characters such as
the zero-width joiner inside emoji sequences are kept)."""


def one_line(text: str) -> str:
    """`text` on one line: line breaks, tabs and control characters become spaces."""
    return "".join(
        " " if c.isspace() or unicodedata.category(c) in _BREAKING else c for c in text
    ).strip()
