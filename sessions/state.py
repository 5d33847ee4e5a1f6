"""The state of one open session, without any UI: the session, its file, the copy last
saved, the undo and redo history, and whether there are unsaved changes.

The app owns one `SessionState` and shows whatever it holds; every change goes through
`apply`, every undo and redo through `undo` and `redo`, so the unsaved marker simply
follows (undoing back to the saved session clears it). Sessions are immutable, so the
state only ever swaps whole sessions. Times are passed in (`time.monotonic()` in the
app), which keeps the history's coalescing testable.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from model.history import History, HistoryEntry

if TYPE_CHECKING:
    from model.session import Session
    from sessions.disk import FileStamp


class SessionState:
    """One session being designed, and its file."""

    def __init__(self, path: Path | None = None, history: History | None = None) -> None:
        self.session: Session | None = None
        """The current session; None until the first one is loaded."""
        self.path = path
        """The session file, None until the session is first saved."""
        self.saved: Session | None = None
        """The session as last saved (or as opened); None when never saved."""
        self.history = history if history is not None else History()
        """Undo and redo stacks of sessions."""
        self.stamp: FileStamp | None = None
        """What the file held when it was opened or last saved here; saving checks the
        file still holds it (None: not known, nothing to check)."""

    @property
    def dirty(self) -> bool:
        """Whether the session differs from the saved one."""
        return self.session is not None and self.session != self.saved

    def start(
        self,
        session: Session,
        path: Path | None,
        saved: Session | None,
        stamp: FileStamp | None = None,
    ) -> None:
        """Start over on `session` from `path` (first load, open, new design, recovery),
        whose file held `stamp`: the history is forgotten."""
        self.session = session
        self.path = path
        self.saved = saved
        self.stamp = stamp
        self.history.clear()

    def apply(self, session: Session, description: str, now: float) -> bool:
        """Make `session` the current one, recorded in the history as `description`;
        whether anything changed (nothing is loaded yet, or it is the same session)."""
        current = self.session
        if current is None or session == current:
            return False
        self.history.record(current, description, now)
        self.session = session
        return True

    def undo(self, now: float) -> HistoryEntry | None:
        """Go back to the session before the last change; the entry taken back, or None."""
        if self.session is None:
            return None
        entry = self.history.undo(self.session, now)
        if entry is not None:
            self.session = entry.session
        return entry

    def redo(self, now: float) -> HistoryEntry | None:
        """Apply the last undone change again; the entry applied, or None."""
        if self.session is None:
            return None
        entry = self.history.redo(self.session, now)
        if entry is not None:
            self.session = entry.session
        return entry

    def saved_as(self, path: Path, stamp: FileStamp | None = None) -> None:
        """The current session was written to `path` (which now holds `stamp`): it is
        the saved copy now."""
        self.path = path
        self.saved = self.session
        self.stamp = stamp

    def file_holds(self, session: Session, stamp: FileStamp) -> None:
        """The file holds `session` (as `stamp`), e.g. taken from disk after another
        writer changed it: that is the saved copy now; the current session is untouched."""
        self.saved = session
        self.stamp = stamp

    def suggested_name(self) -> str:
        """A file name to save under: the file's, or the project's name as a slug."""
        if self.path is not None:
            return str(self.path)
        project = self.session.context.project if self.session else "design"
        slug = "-".join("".join(c if c.isalnum() else " " for c in project.lower()).split())
        return f"{slug or 'design'}.yaml"
