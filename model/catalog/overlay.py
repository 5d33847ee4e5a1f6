"""Where the refreshed price overlay lives, and reading it.

`infrasketch catalog refresh` writes the prices it read from the providers' own price
lists to `$XDG_DATA_HOME/infrasketch/prices.yaml` (`~/.local/share/...` by default;
`INFRASKETCH_PRICES` names another file). Every command then prices with it: the
catalog loads it once per process (`model.catalog.load_catalog`). A file that cannot be
read is an `OverlayError` naming the file and the problem, never a traceback; a missing
file means list prices only.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import ValidationError

from model.catalog.prices import PriceOverlay
from model.yaml_loader import safe_load

OVERLAY_LIMIT = 64 * 1024 * 1024
"""The largest overlay read (the refreshed figures of the whole catalog are ~1 MB)."""


class OverlayError(Exception):
    """The refreshed price overlay cannot be read; the message names the file."""


def overlay_path() -> Path:
    """Where the refreshed price overlay is read from and written to."""
    named = os.environ.get("INFRASKETCH_PRICES")
    if named:
        return Path(named)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "infrasketch" / "prices.yaml"


def read_overlay(path: Path | None = None) -> PriceOverlay | None:
    """The overlay at `path` (by default `overlay_path()`), or None when there is none."""
    path = path or overlay_path()
    hint = "run `infrasketch catalog refresh` again, or delete the file to use list prices"
    try:
        if not path.is_file():
            return None
        if path.stat().st_size > OVERLAY_LIMIT:
            raise OverlayError(f"{path}: larger than {OVERLAY_LIMIT // 2**20} MB; {hint}")
        text = path.read_text(encoding="utf-8")
        data = safe_load(text)
    except OSError as exc:
        raise OverlayError(f"{path}: cannot be read ({exc.strerror or exc}); {hint}") from exc
    except UnicodeDecodeError as exc:
        raise OverlayError(f"{path}: not UTF-8 text; {hint}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise OverlayError(f"{path}{where}: {problem}; {hint}") from exc
    try:
        return PriceOverlay.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(top)"
        raise OverlayError(f"{path}: {field}: {first['msg']}; {hint}") from exc
