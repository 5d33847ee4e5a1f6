"""Where a session's autosave and live PNG live, and how the autosave is written.

- A saved session `design.yaml` autosaves to `design.autosave.yaml` beside it; a session
  never saved autosaves to `$XDG_STATE_HOME/infrasketch/unsaved.autosave.yaml`.
- The live PNG of `design.yaml` is `design.png` beside it (`unsaved.png` in the state
  folder for a session never saved).

Plain functions over paths, without any UI, so the app, the CLI and the tests share them.
When to autosave is the app's business, by these numbers: `AUTOSAVE_IDLE` seconds after
the last change, and while changes keep coming at the latest `AUTOSAVE_MAX_WAIT` seconds
after the first unsaved one or at the `AUTOSAVE_MAX_EDITS`th, whichever comes first. So a
change is on disk at most `AUTOSAVE_MAX_WAIT` seconds after it was made, and `kill -9` at
any moment loses at most that window.

`AutosaveWriter` keeps the writes of one app in order: the app asks for a ticket when it
decides to write (or remove) the autosave, and a write whose ticket is no longer the
latest is skipped, so a slow write of an older session never lands after a newer one, an
undo or the emergency autosave. Writes go through `sessions.atomic.write_atomic`: a
crash mid-write never leaves a torn autosave.
"""

from __future__ import annotations

import itertools
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.atomic import write_atomic

if TYPE_CHECKING:
    from model.session import Session

AUTOSAVE_IDLE = 1.0
"""Seconds after the last change before the autosave is written."""

AUTOSAVE_MAX_WAIT = 2.0
"""Most seconds a change waits for the autosave, however steadily changes keep coming."""

AUTOSAVE_MAX_EDITS = 20
"""Most changes that wait for the autosave (twenty keystrokes in a field)."""


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


class AutosaveWriter:
    """Writes and removes one app's autosave strictly in the order they were decided."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tickets = itertools.count(1)
        self._latest = 0

    def ticket(self) -> int:
        """A place in line for the write or removal being decided now."""
        with self._lock:
            self._latest = next(self._tickets)
            return self._latest

    def write(self, ticket: int, session: Session, path: Path | None) -> Path | None:
        """Write the autosave, unless a later ticket was handed out; its path, or None
        when it was skipped. Raises WriteError (or OSError) when the write fails."""
        with self._lock:
            if ticket != self._latest:
                return None
            return write_autosave(session, path)

    def discard(self, ticket: int, path: Path | None) -> None:
        """Remove the autosave (nothing unsaved is left), unless a later ticket was
        handed out."""
        with self._lock:
            if ticket == self._latest:
                discard_autosave(path)
