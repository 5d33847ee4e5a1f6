"""`python -m benchmarks.kill_saves [KILLS]`: kill -9 a process in the middle of saves.

A child process saves two versions of a session to one file in a loop and is killed with
SIGKILL after a varying delay, `KILLS` times (default 200). After each kill the file must
load as one of the two versions (never torn); the temp files left behind are counted
after all kills, and again after one and two ordinary saves (each save removes the
leftovers older than the file). Prints one line of figures (issue 17: kills / torn /
leftover temp files).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from model.session import Session, replace
from sessions.errors import SessionError
from sessions.starter import starter_session
from sessions.store import load, save


def _save_forever(path: str, a: Session, b: Session) -> None:
    while True:
        save(a, path)
        save(b, path)


def _leftovers(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if p.name.endswith(".tmp"))


def main(kills: int) -> str:
    """Run the kills; the line of figures."""
    with tempfile.TemporaryDirectory(prefix="infrasketch-kills-") as name:
        folder = Path(name)
        path = folder / "design.yaml"
        a = starter_session()
        b = replace(a, context=a.context.evolve(description="x" * 3_900))
        save(a, path)
        fork = multiprocessing.get_context("fork")
        torn = 0
        for attempt in range(kills):
            child = fork.Process(target=_save_forever, args=(str(path), a, b))
            child.start()
            time.sleep(0.005 + (attempt % 20) * 0.003)
            assert child.pid is not None
            os.kill(child.pid, signal.SIGKILL)
            child.join()
            try:
                torn += load(path) not in (a, b)
            except SessionError:
                torn += 1
        after_kills = _leftovers(folder)
        time.sleep(0.01)  # a later mtime than the last leftover's
        save(a, path)
        after_one = _leftovers(folder)
        time.sleep(0.01)
        save(b, path)
        after_two = _leftovers(folder)
    return (
        f"kills {kills}, torn {torn}, leftover temp files {after_kills} after the kills, "
        f"{after_one} after the next save, {after_two} after the one after"
    )


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
