"""Run every command of `infrasketch` over one file in this process, for the hostile corpus.

`python -m tests.hostile_driver FILE OUT` runs each of `COMMANDS` through `tui.cli.main`
(the real entry point, guard included) with FILE, writing under OUT, and prints one JSON
line per command: its arguments, exit code, standard error and seconds; then a line with
the process's peak memory. `open` runs the workshop app headless (there is no terminal
here). The test starts one driver per file under a memory limit
(`tests/test_hostile_corpus.py`).
"""

from __future__ import annotations

import io
import json
import resource
import sys
import time
from pathlib import Path

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("validate", "{file}"),
    ("report", "{file}"),
    ("report", "--json", "{file}"),
    ("diagram", "{file}"),
    ("diagram", "-f", "mermaid", "{file}"),
    ("diagram", "-f", "png", "-o", "{out}/diagram.png", "{file}"),
    ("export", "{file}", "--out", "{out}/export"),
    ("export", "{file}", "--out", "{out}/export", "--check"),
    ("export", "{file}", "--single"),
    ("open", "{file}"),
)
"""Every command that reads a session file, as a person would type it."""


def _headless_open() -> None:
    """Make `infrasketch open` run the app headless: this process has no terminal."""
    from tui.cli import open as open_command

    def launch(path: Path | None, first_step: str | None = None) -> int:
        from tui.app import InfrasketchApp

        return open_command.run_and_report(InfrasketchApp(path, first_step=first_step), True)

    open_command.launch = launch


def run(file: str, out: str) -> None:
    """Run every command over `file`, printing one JSON line each."""
    from tui.cli import main

    _headless_open()
    real_out, real_err = sys.stdout, sys.stderr
    for command in COMMANDS:
        args = [part.format(file=file, out=out) for part in command]
        stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        sys.stdout, sys.stderr = stdout, stderr
        started = time.monotonic()
        try:
            code = main(args)
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        finally:
            seconds = time.monotonic() - started
            sys.stdout, sys.stderr = real_out, real_err
        stderr.flush()
        assert isinstance(stderr.buffer, io.BytesIO)
        text = stderr.buffer.getvalue().decode("utf-8", "replace")
        line = {"args": args, "code": code, "stderr": text, "seconds": round(seconds, 3)}
        print(json.dumps(line), flush=True)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_mb": round(peak_kb / 1024)}), flush=True)


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2])
