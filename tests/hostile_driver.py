"""Run every command of `infrasketch` over hostile files, for the hostile corpus.

`python -m tests.hostile_driver FILE OUT [FILE OUT ...]` imports every command once, then
forks one child per file (two at a time). Each child runs each of `COMMANDS` through
`tui.cli.main` (the real entry point, guard included) with FILE, writing under OUT, and
prints one JSON line per command: its arguments, exit code, standard error and seconds;
then a line with its peak memory. Every line is tagged with the file's number. `open`
runs the workshop app headless (there is no terminal here). The test starts the driver
under a memory limit, which every child inherits (`tests/test_hostile_corpus.py`).
Forking from one warm process spares each file the second or so of imports a fresh
interpreter pays, which was most of the corpus's time.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import sys
import tempfile
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


SECONDS_PER_COMMAND = 10.0
"""The most one command may take on a hostile file."""

CHILD_SECONDS = int(SECONDS_PER_COMMAND * len(COMMANDS)) + 60
"""The most one child may take over all its commands before SIGALRM ends it."""

AT_ONCE = 2
"""Children running at the same time (the machine's cores)."""


def _preload() -> None:
    """Import what the commands import, so that each child starts warm."""
    from tui.app import InfrasketchApp  # noqa: F401  (the `open` command's app)
    from tui.cli import subcommands

    subcommands()


def _child(file: str, out: str, log: Path) -> None:
    """Run every command over `file` with standard output in `log`; never returns."""
    code = 1
    try:
        signal.alarm(CHILD_SECONDS)
        with log.open("w", encoding="utf-8") as sys.stdout:
            run(file, out)
        code = 0
    finally:
        os._exit(code)


def serve(pairs: list[tuple[str, str]]) -> None:
    """Fork a child for each (file, out) of `pairs`, `AT_ONCE` at a time, and print each
    child's lines tagged `"file": <its number>` as it ends."""
    _preload()
    waiting = list(enumerate(pairs))
    running: dict[int, tuple[int, Path]] = {}
    with tempfile.TemporaryDirectory() as logs:
        while waiting or running:
            while waiting and len(running) < AT_ONCE:
                number, (file, out) = waiting.pop(0)
                log = Path(logs) / f"{number}.jsonl"
                sys.stdout.flush()
                pid = os.fork()
                if pid == 0:
                    _child(file, out, log)
                running[pid] = (number, log)
            pid, _ = os.wait()
            number, log = running.pop(pid)
            lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
            for line in lines:
                print(json.dumps({"file": number, **json.loads(line)}), flush=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    serve(list(zip(arguments[::2], arguments[1::2], strict=True)))
