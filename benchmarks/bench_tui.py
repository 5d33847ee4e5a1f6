"""The workshop app's speed: time to first paint, and change → live panel updated.

**First paint.** Each app runs in a fresh Python process (`python -c CHILD`), headless, and
prints the wall-clock time when its first screen has been composed and refreshed (a
`call_after_refresh` from `on_mount`). The time counted is from just before the parent
starts the process to that moment, so interpreter start and imports are included — what
a person waiting for the window sees. The baseline, measured in the same run, is a bare
Textual app with a Header, a Static and a Footer. infrasketch opens the GDPR example
(`eu-shop-gcp`): the shell paints first and the session loads in a worker thread, so a
second row reports when the first step shows the loaded session (no target; for
information). Median of `RUNS` runs each, alternating the two apps, after one warm-up run
of each that also writes the `.pyc` files (`PYTHONDONTWRITEBYTECODE` is dropped for the
children: an installed package has its bytecode compiled).

**Change → live panel.** In one running app (headless, 120×40) on a synthetic design of
50 components, `app.apply(new_session)` is timed from the call until the live panel's
widgets hold the new figures and the ASCII diagram redrawn for it — the work done per
change before Textual paints the next frame. The sessions alternate between two
replica counts of one service, so every figure is computed afresh (nothing memoised).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import Row, absolute, relative

RUNS = 7
"""Processes started per app for the first-paint rows."""

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys, time
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App[None]):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.painted)

    def painted(self):
        print("paint", time.time(), flush=True)
        print("ready", time.time(), flush=True)
        self.exit()

Bare().run(headless=True)
"""

WORKSHOP = """
import sys, time
from pathlib import Path
from tui.app import InfrasketchApp

class Timed(InfrasketchApp):
    def on_mount(self):  # Textual runs InfrasketchApp.on_mount first, then this one
        self.call_after_refresh(lambda: print("paint", time.time(), flush=True))

    def ready(self, session):
        super().ready(session)
        self.call_after_refresh(self.shown)

    def shown(self):
        print("ready", time.time(), flush=True)
        self.exit()

Timed(Path(sys.argv[1])).run(headless=True)
"""


def _launch(code: str, *args: str) -> tuple[float, float]:
    """Milliseconds from process start to the child's `paint` and `ready` lines."""
    # Bytecode is written (as an installed package has it): without it every start
    # would compile infrasketch's modules again, which no user's start does.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )
    marks = dict(
        line.split() for line in result.stdout.splitlines() if line[:5] in ("paint", "ready")
    )
    return (float(marks["paint"]) - started) * 1000, (float(marks["ready"]) - started) * 1000


def first_paint_rows() -> list[Row]:
    """The first-paint rows: infrasketch on the GDPR example against a bare Textual app."""
    from sessions.bundled import example_path

    example = str(example_path("eu-shop-gcp"))
    _launch(BARE)
    _launch(WORKSHOP, example)  # warm the file-system caches and .pyc files
    bare: list[float] = []
    paint: list[float] = []
    ready: list[float] = []
    for _ in range(RUNS):
        bare.append(_launch(BARE)[0])
        first, shown = _launch(WORKSHOP, example)
        paint.append(first)
        ready.append(shown)
    baseline = statistics.median(bare)
    return [
        relative(
            "tui: first paint, GDPR example", statistics.median(paint), "bare app", baseline, 1.3
        ),
        Row("tui: GDPR example shown (session loaded)", statistics.median(ready)),
    ]


async def _change_to_panel_ms(size: int, repeat: int = 30) -> float:
    from benchmarks.synthetic import synthetic_session
    from model.session import replace
    from tui.app import InfrasketchApp
    from widgets.live_diagram import LiveDiagram

    session = synthetic_session(size)
    target = next(c for c in session.components if c.id.startswith("svc-"))

    def with_replicas(count: int) -> object:
        components = tuple(
            c.evolve(replicas=count) if c.id == target.id else c for c in session.components
        )
        return replace(session, components=components)

    variants = [with_replicas(3 + (i % 2)) for i in range(repeat + 2)]  # the design has 2
    app = InfrasketchApp(session=session, first_step="components")
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        diagram = app.query_one(LiveDiagram)
        for index, variant in enumerate(variants):
            started = time.perf_counter()
            app.apply(variant, f"bench {index}")  # type: ignore[arg-type]
            # Until the panel draws the change: the worker analyses it, the app binds it.
            while diagram.analysis is None or diagram.analysis.session is not variant:
                await asyncio.sleep(0.0005)
            elapsed = (time.perf_counter() - started) * 1000
            if index >= 2:
                times.append(elapsed)
            await pilot.pause()
    return statistics.median(times)


def rows() -> list[Row]:
    """Every row of this benchmark."""
    change = asyncio.run(_change_to_panel_ms(50))
    return [
        *first_paint_rows(),
        absolute("tui: change → live panel updated, 50 components", change, 16),
    ]


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(rows()))
