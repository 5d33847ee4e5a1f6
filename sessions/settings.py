"""The user's settings of the app, kept in `$XDG_CONFIG_HOME/infrasketch/settings.json`
(default `~/.config/infrasketch/settings.json`): what the architect switched on stays on
the next time.

Plain functions, without any UI. Reading never fails (a missing, unreadable or malformed
file gives the defaults); remembering a setting is best effort and never fails its caller.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sessions.atomic import WriteError, write_atomic

DEFAULTS: dict[str, Any] = {"live_png": False}
"""Every setting and its value until the user changes it: the live PNG is off (it takes
most of the panel and writes a file beside the session)."""


def settings_path() -> Path:
    """The settings file."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "infrasketch" / "settings.json"


def read_settings() -> dict[str, Any]:
    """Every setting: the saved value where it has the default's type, else the default."""
    try:
        saved = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if not isinstance(saved, dict):
        saved = {}
    return {
        key: saved[key] if type(saved.get(key)) is type(default) else default
        for key, default in DEFAULTS.items()
    }


def remember_setting(key: str, value: Any) -> None:
    """Save `key` = `value` (best effort: an unwritable folder leaves the file as it was)."""
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    settings = read_settings() | {key: value}
    target = settings_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, (json.dumps(settings, indent=2) + "\n").encode("utf-8"))
    except (OSError, WriteError):
        return
