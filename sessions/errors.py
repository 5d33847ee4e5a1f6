"""The one error type of session files, with the file, line, column and field of each problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from model.base import has_control_characters
from model.secret_scan import find_secret

HIDDEN_KEY = "<key not shown: it looks like a secret value or holds control characters>"
"""What a message says in place of a key it must not repeat."""


@dataclass(frozen=True, slots=True)
class SessionProblem:
    """One thing wrong with a session file, located for a person to fix."""

    file: str
    """The file as the user named it."""
    line: int
    """1-based line number (0 when the problem concerns the whole file)."""
    column: int
    """1-based column number (0 with line 0)."""
    path: str
    """Dotted field path, e.g. `components[2].service`; empty for the whole file."""
    message: str
    """What is wrong, in words; never echoes a secret value."""

    def __str__(self) -> str:
        field = f" {self.path}:" if self.path else ""
        where = f"{self.file}:{self.line}:{self.column}:" if self.line else f"{self.file}:"
        return f"{where}{field} {self.message}"


class SessionError(Exception):
    """A session file could not be read, validated or written; `problems` says where."""

    def __init__(self, problems: Sequence[SessionProblem]) -> None:
        if not problems:
            raise ValueError("a SessionError needs at least one problem")
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(
        cls, file: str | Path, message: str, line: int = 0, column: int = 0, path: str = ""
    ) -> SessionError:
        """An error with a single problem."""
        return cls([SessionProblem(str(file), line, column, path, message)])

    @property
    def first(self) -> SessionProblem:
        """The first problem, for one-line status messages."""
        return self.problems[0]


def shown_key(key: str) -> str:
    """A mapping key as a message may show it: as written, or `HIDDEN_KEY` when it looks
    like a credential or holds control characters (a message never repeats either)."""
    if find_secret(key) is not None or has_control_characters(key):
        return HIDDEN_KEY
    return key


def dotted(loc: Sequence[str | int]) -> str:
    """Render a pydantic location as a field path: `components[2].service` (keys that must
    not be shown are replaced, see `shown_key`)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = shown_key(part)
            out += f".{key}" if out else key
    return out
