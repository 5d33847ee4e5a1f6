"""What can be recovered after the app stopped: an autosave newer than its session file,
and the crash log.

- Recovery is offered when an autosave (`sessions.autosave.autosave_path`) is newer than
  its session file, or the file is gone.
- A crash writes the traceback to `$XDG_STATE_HOME/infrasketch/crash.log`.

Plain functions over paths, without any UI.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sessions.atomic import WriteError, write_atomic
from sessions.autosave import autosave_path, state_dir


@dataclass(frozen=True, slots=True)
class Recovery:
    """An autosave that holds newer work than its session file."""

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
    """The autosave of `path` when it is newer than the file (or the file is gone)."""
    autosave = autosave_path(path)
    try:
        saved_at = autosave.stat().st_mtime
    except OSError:
        return None
    if path is not None:
        try:
            if path.stat().st_mtime >= saved_at:
                return None
        except OSError:
            pass
    return Recovery(autosave, saved_at)


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
