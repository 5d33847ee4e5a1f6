"""Run the real `infrasketch` command in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

COMMAND = Path(sys.executable).parent / "infrasketch"


def infrasketch(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `infrasketch ARGS`, capturing output; never raises on a non-zero exit."""
    return subprocess.run(
        [str(COMMAND), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )
