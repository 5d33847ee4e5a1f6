"""Where a session's autosave, recent files and crash notes live, and how they are written.

- A saved session `design.yaml` autosaves to `design.autosave.yaml` beside it; a session
  never saved autosaves to `$XDG_STATE_HOME/infrasketch/unsaved.autosave.yaml`.
- Recovery is offered when an autosave is newer than its session file.
- Recent files are kept (most recent first) in `$XDG_STATE_HOME/infrasketch/recent.json`.
- A crash writes the traceback to `$XDG_STATE_HOME/infrasketch/crash.log`.

Plain functions over paths, without any UI, so the app, the CLI and the tests share them.
Writes go through `sessions.atomic.write_atomic`: a crash mid-write never leaves a torn
autosave.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.atomic import WriteError, write_atomic

if TYPE_CHECKING:
    from model.session import Session

RECENT_LIMIT = 10
"""How many recent files are remembered."""

AUTOSAVE_DELAY = 3.0
"""Seconds after the last change before the autosave is written."""


def state_dir() -> Path:
    """infrasketch's folder under `$XDG_STATE_HOME` (default `~/.local/state`)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "infrasketch"


def autosave_path(path: Path | None) -> Path:
    """The autosave of the session saved at `path` (or of an unsaved session)."""
    if path is None:
        return state_dir() / "unsaved.autosave.yaml"
    return path.with_name(f"{path.stem}.autosave{path.suffix or '.yaml'}")


def png_path(path: Path | None) -> Path:
    """Where the live PNG of the session at `path` is written: `<name>.png` beside it."""
    if path is None:
        return state_dir() / "unsaved.png"
    return path.with_suffix(".png")


def crash_log_path() -> Path:
    """Where the traceback of a crash is written."""
    return state_dir() / "crash.log"


def write_autosave(session: Session, path: Path | None) -> Path:
    """Write `session` to the autosave of `path`; returns the autosave's path."""
    from sessions.store import dumps

    target = autosave_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, dumps(session).encode("utf-8"))
    return target


def discard_autosave(path: Path | None) -> None:
    """Remove the autosave of `path`, if there is one."""
    autosave_path(path).unlink(missing_ok=True)


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


def recent_path() -> Path:
    """The file listing recent session files."""
    return state_dir() / "recent.json"


def recent_files() -> list[Path]:
    """Recently opened or saved session files that still exist, most recent first."""
    try:
        entries = json.loads(recent_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [Path(e) for e in entries if isinstance(e, str) and Path(e).is_file()]


def remember(path: Path) -> None:
    """Put `path` at the top of the recent files (best effort: never fails the caller)."""
    resolved = path.resolve()
    entries = [str(resolved)] + [str(p) for p in recent_files() if p.resolve() != resolved]
    target = recent_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, json.dumps(entries[:RECENT_LIMIT], indent=1).encode("utf-8"))
    except (OSError, WriteError):
        pass


def write_crash_log(text: str) -> Path | None:
    """Write a crash's traceback; its path, or None when even that fails."""
    target = crash_log_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8", "replace"))
    except (OSError, WriteError):
        return None
    return target


def emergency_save(session: Session | None, path: Path | None) -> Path | None:
    """Autosave `session` right now (on a crash); its path, or None when it failed."""
    if session is None:
        return None
    try:
        return write_autosave(session, path)
    except (OSError, WriteError):
        return None
