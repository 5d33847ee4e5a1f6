"""What can be recovered after the app stopped: an autosave holding other work than its
session file, and the crash log.

- Recovery is offered when an autosave (`sessions.autosave.autosave_path`) holds a
  session different from the one in its file, or the file is gone. Contents are compared,
  not modification times: a file edited or checked out after the autosave was written
  must not hide the work in it, and an autosave that holds what the file holds (the app
  was stopped right after saving, or the change was undone) is no newer work and is
  removed.
- A crash writes the traceback to `$XDG_STATE_HOME/infrasketch/crash.log`.

Plain functions over paths, without any UI.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sessions.atomic import WriteError, write_atomic
from sessions.autosave import autosave_path, state_dir
from sessions.disk import read_capped
from sessions.errors import SessionError


@dataclass(frozen=True, slots=True)
class Recovery:
    """An autosave that holds other work than its session file."""

    autosave: Path
    """The autosave file."""
    saved_at: float
    """When it was written (seconds since the epoch)."""

    def age(self, now: float | None = None) -> str:
        """How long ago it was written, in words."""
        seconds = max(0.0, (now if now is not None else time.time()) - self.saved_at)
        if seconds < 90:
            return f"{seconds:.0f} seconds ago"
        if seconds < 90 * 60:
            return f"{seconds / 60:.0f} minutes ago"
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))


def recovery_for(path: Path | None) -> Recovery | None:
    """The autosave of `path` when it holds other work than the file (or the file is
    gone); an autosave holding the same session as the file is removed."""
    autosave = autosave_path(path)
    try:
        saved_at = autosave.stat().st_mtime
    except OSError:
        return None
    if path is not None and _same_work(autosave, path):
        autosave.unlink(missing_ok=True)
        return None
    return Recovery(autosave, saved_at)


def _same_work(autosave: Path, path: Path) -> bool:
    """Whether `autosave` holds the session `path` holds: the same bytes, or (a file
    written by hand) the same validated session."""
    try:
        mine, _ = read_capped(autosave)
        theirs, _ = read_capped(path)
    except SessionError:
        return False
    if mine == theirs:
        return True
    from sessions.store import loads

    try:
        return loads(mine, str(autosave)) == loads(theirs, str(path))
    except SessionError:
        return False


def crash_log_path() -> Path:
    """Where the traceback of a crash is written."""
    return state_dir() / "crash.log"


def write_crash_log(text: str) -> Path | None:
    """Write a crash's traceback; its path, or None when even that fails."""
    target = crash_log_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8", "replace"))
    except (OSError, WriteError):
        return None
    return target
