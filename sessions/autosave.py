"""Where a session's autosave and live PNG live, and how the autosave is written.

- A saved session `design.yaml` autosaves to `design.autosave.yaml` beside it; a session
  never saved autosaves to `$XDG_STATE_HOME/infrasketch/unsaved.autosave.yaml`.
- The live PNG of `design.yaml` is `design.png` beside it (`unsaved.png` in the state
  folder for a session never saved).

Plain functions over paths, without any UI, so the app, the CLI and the tests share them
(when to autosave is the app's business: `AUTOSAVE_DELAY`). Writes go through
`sessions.atomic.write_atomic`: a crash mid-write never leaves a torn autosave.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.atomic import WriteError, write_atomic

if TYPE_CHECKING:
    from model.session import Session

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


def write_autosave(session: Session, path: Path | None) -> Path:
    """Write `session` to the autosave of `path`; returns the autosave's path."""
    from sessions.store import dumps

    target = autosave_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # A new autosave is as private as the session it belongs to (a 0600 file stays 0600).
    write_atomic(target, dumps(session).encode("utf-8"), like=path)
    return target


def discard_autosave(path: Path | None) -> None:
    """Remove the autosave of `path`, if there is one."""
    autosave_path(path).unlink(missing_ok=True)


def emergency_save(session: Session | None, path: Path | None) -> Path | None:
    """Autosave `session` right now (on a crash); its path, or None when it failed."""
    if session is None:
        return None
    try:
        return write_autosave(session, path)
    except (OSError, WriteError):
        return None
