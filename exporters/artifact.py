"""One file of the export bundle: its path, its kind, and the pure function producing it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from model.analysis import Analysis
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
    render: Callable[[Analysis], str | bytes]
    """Pure function of the session's analysis producing its content (text is written as
    UTF-8)."""
    applies: Callable[[Session], bool] = _always
    """Whether the session has this file at all."""
    skipped_because: str | Callable[[Session], str] = ""
    """Why it is left out when it does not apply (recorded in the manifest), or the function
    saying why for a given session."""

    def reason_skipped(self, session: Session) -> str:
        """Why the file is left out of `session`'s bundle."""
        why = self.skipped_because
        return why if isinstance(why, str) else why(session)

    def content(self, analysis: Analysis) -> bytes:
        """The file's bytes for the analysed session."""
        out = self.render(analysis)
        return out.encode("utf-8") if isinstance(out, str) else out
