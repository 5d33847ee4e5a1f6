"""Undo and redo over immutable sessions: two stacks of whole sessions.

Sessions are frozen, so the history is simply the sessions as they were before each
change (undo) and as they were before each undo (redo). A burst of edits with the same
description (typing a number key by key) is one entry, so one undo takes back the whole
word; an undo or redo closes the entry, so the next keystroke starts a new one. A new
change clears the redo stack, as in every editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.session import Session

COALESCE_SECONDS = 2.0
"""Edits with the same description this close together are one history entry."""

LIMIT = 500
"""Entries kept; the oldest are dropped beyond it (a session is a few kilobytes)."""


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """A session as it was before a change (or an undo), and what the change was."""

    session: Session
    description: str
    at: float


class History:
    """The undo and redo stacks of one open session (`sessions.state.SessionState`)."""

    def __init__(self, coalesce_seconds: float = COALESCE_SECONDS, limit: int = LIMIT) -> None:
        self.coalesce_seconds = coalesce_seconds
        self.limit = limit
        self.undo_stack: list[HistoryEntry] = []
        """Sessions before each change, oldest first."""
        self.redo_stack: list[HistoryEntry] = []
        """Sessions undone, the most recently undone last."""
        self._open = False

    def __len__(self) -> int:
        return len(self.undo_stack)

    @property
    def can_undo(self) -> bool:
        """Whether there is a change to take back."""
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone change to apply again."""
        return bool(self.redo_stack)

    def record(self, before: Session, description: str, now: float) -> None:
        """A change from `before` described as `description` happened at `now`."""
        self.redo_stack.clear()
        top = self.undo_stack[-1] if self.undo_stack else None
        if (
            self._open
            and top is not None
            and top.description == description
            and now - top.at < self.coalesce_seconds
        ):
            self.undo_stack[-1] = HistoryEntry(top.session, description, now)
            return
        self.undo_stack.append(HistoryEntry(before, description, now))
        del self.undo_stack[: -self.limit]
        self._open = True

    def undo(self, current: Session, now: float) -> HistoryEntry | None:
        """The entry to go back to (its session replaces `current`), or None."""
        if not self.undo_stack:
            return None
        entry = self.undo_stack.pop()
        self.redo_stack.append(HistoryEntry(current, entry.description, now))
        self._open = False
        return entry

    def redo(self, current: Session, now: float) -> HistoryEntry | None:
        """The entry to go forward to (its session replaces `current`), or None."""
        if not self.redo_stack:
            return None
        entry = self.redo_stack.pop()
        self.undo_stack.append(HistoryEntry(current, entry.description, now))
        self._open = False
        return entry

    def clear(self) -> None:
        """Forget everything (another session was opened)."""
        self.undo_stack.clear()
        self.redo_stack.clear()
        self._open = False
