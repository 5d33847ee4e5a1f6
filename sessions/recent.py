"""The recent session files, most recent first, kept in
`$XDG_STATE_HOME/infrasketch/recent.json` (the Start step and the Open dialog list them).

Plain functions, without any UI; remembering a file never fails its caller.
"""

from __future__ import annotations

import json
from pathlib import Path

from sessions.atomic import WriteError, write_atomic
from sessions.autosave import state_dir

RECENT_LIMIT = 10
"""How many recent files are remembered."""


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
