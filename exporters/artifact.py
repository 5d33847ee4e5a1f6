"""One file of the export bundle: its path, its kind, and the pure function producing it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from model.session import Session


def _always(session: Session) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Artifact:
    """One file of the bundle."""

    path: str
    """Relative POSIX path inside the export folder."""
    kind: str
    """The group `--only` selects it by."""
    render: Callable[[Session], str | bytes]
    """Pure function producing its content (text is written as UTF-8)."""
    applies: Callable[[Session], bool] = _always
    """Whether the session has this file at all."""
    skipped_because: str = ""
    """Why it is left out when it does not apply (recorded in the manifest)."""

    def content(self, session: Session) -> bytes:
        """The file's bytes for `session`."""
        out = self.render(session)
        return out.encode("utf-8") if isinstance(out, str) else out
