"""The one error type of session files, with the file, line, column and field of each problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


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


def dotted(loc: Sequence[str | int]) -> str:
    """Render a pydantic location as a field path: `components[2].service`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
