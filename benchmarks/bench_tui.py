"""The workshop app's speed as a person feels it: time to interactive, step switches, list
moves and edits, at 50 and at 500 components.

**Time to interactive.** Each app runs in a fresh Python process (`python -c CHILD`),
headless, and prints the wall-clock time when a person can work: for infrasketch, the
first step's form is on screen with the keyboard in it and the live panel shows the
design's figures (a frame drawn after all three); for the baseline, a bare Textual app
with a Header, a Static and a Footer, its first frame. The time counted is from just
before the parent starts the process, so interpreter start and imports are included.
Median and p95 of `RUNS` runs each, the two apps alternating, after a warm-up run of each
that also writes the `.pyc` files (an installed package has its bytecode compiled).

**In the app** (headless, 120×40, one process): the time from the action to the last
frame it causes — each frame the app draws is timed (`App._display`, which every frame passes),
is over at the last frame drawn before the event loop is idle for `QUIET` seconds with no
runs. Actions:

- *step switch*: showing a step already visited (what `ctrl+pgdn` does), every step in
  turn, twice;
- *list move*: one `down` in the Components step's category list, which shows the next
  category's components and their editor: down the whole list once (each category shown
  for the first time), then again (each shown before);
- *change → live panel*: an edited session (one component's replicas, as the component
  editor makes) proposed by the step shown, as a form's edit is, until the last frame it
  causes (the live panel's figures and diagram of that session are checked after).

**Longest frame at 500 components**: while a 500-component design is opened, every step
shown, the category list walked twice and twenty edits made, a ticker on the app's event loop
measures the longest stretch the loop was busy — the longest a key press or a repaint
had to wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.harness import Row, absolute, own_home, p95, relative, spread

if TYPE_CHECKING:
    from textual.screen import Screen

    from model.session import Session
    from tui.app import InfrasketchApp
    from widgets.live_diagram import LiveDiagram

RUNS = 9
"""Processes started per app for the time-to-interactive rows."""

QUIET = 0.05
"""Seconds of an idle event loop (no frame, no worker) after which an action is done."""

TICK = 0.002
"""How often the benchmark looks (seconds); a tick late by more than its length means the
loop was busy."""

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import time
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
        self._probe = self.set_interval(0.002, self.probe)

    def probe(self):
        # The first step's form has the keyboard and the live panel shows the figures.
        view = self.workshop.current_view()
        panel = self.workshop.live_panel()
        focused = self.focused
        if (
            view is None or view.pending_focus is not None or focused is None
            or view not in focused.ancestors_with_self
            or panel is None or not panel.is_mounted or panel.analysis is None
        ):
            return
        self._probe.stop()
        self.call_after_refresh(self.shown)

    def shown(self):
        print("ready", time.time(), flush=True)
        self.exit()

Timed(Path(sys.argv[1]), settle_heap=True).run(headless=True)
"""


def _launch(code: str, *args: str) -> float:
    """Milliseconds from process start to the child's `ready` line."""
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
    ready = next(line for line in result.stdout.splitlines() if line.startswith("ready"))
    return (float(ready.split()[1]) - started) * 1000


def interactive_rows() -> list[Row]:
    """Time to interactive on the GDPR example against a bare app's first paint."""
    from sessions.bundled import example_path

    example = str(example_path("eu-shop-gcp"))
    bare: list[float] = []
    ready: list[float] = []
    with own_home():
        _launch(BARE)
        _launch(WORKSHOP, example)  # warm the file-system caches and .pyc files
        for _ in range(RUNS):
            bare.append(_launch(BARE))
            ready.append(_launch(WORKSHOP, example))
    baseline = statistics.median(bare)
    name = "tui: time to interactive, GDPR example (step + live figures, keys accepted)"
    return [
        Row("tui: bare Textual app, first paint (baseline)", baseline, p95_ms=p95(bare)),
        relative(name, statistics.median(ready), "bare app", baseline, 2.0, p95_ms=p95(ready)),
    ]


class Frames:
    """Times every frame the app's screens compose, and waits for an action to settle."""

    def __init__(self) -> None:
        self.last = 0.0
        """When the last frame was composed (`time.perf_counter`)."""

    @contextlib.contextmanager
    def recording(self) -> Iterator[None]:
        """Time frames while inside."""
        from textual.app import App

        original = App._display

        def timed(app: App[object], screen: Screen[object], update: object) -> None:
            original(app, screen, update)  # type: ignore[arg-type]
            if update is not None:
                self.last = time.perf_counter()

        App._display = timed  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            App._display = original  # type: ignore[method-assign]

    async def latency(self, app: InfrasketchApp, action: Callable[[], object]) -> float:
        """Milliseconds from `action` to the last frame it caused: the last frame drawn
        before the event loop was first idle for `QUIET` seconds with no worker running.
        (A text field's cursor blinks half a second later: not the action's frame.)"""
        started = time.perf_counter()
        self.last = started
        action()
        quiet_since: float | None = None
        while True:
            before = time.perf_counter()
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            busy = (
                now - before > 2.5 * TICK
                or self.last > before
                or any(w.is_running for w in app.workers)
            )
            if busy:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = before
            elif now - quiet_since >= QUIET:
                return (self.last - started) * 1000


async def _wait_until(check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there")
        await asyncio.sleep(0.01)


def _steps() -> list[str]:
    from tui.steps import STEPS

    return [step.id for step in STEPS if step.id != "start"]


def _edits(session: Session, count: int) -> list[Session]:
    """`count` sessions each one edit after the one before: the replicas of the compute
    services in turn (1, 2, 3, 1...)."""
    from model.edits import update_component
    from model.enums import Category

    services = [c.id for c in session.components_in(Category.COMPUTE)]
    out = []
    for index in range(count):
        component = session.component(services[index % len(services)])
        assert component is not None
        session = update_component(session, component.evolve(replicas=component.replicas % 3 + 1))
        out.append(session)
    return out


async def _in_app(
    size: int, scenario: Callable[[InfrasketchApp, Frames], Awaitable[object]]
) -> None:
    from benchmarks.synthetic import synthetic_session
    from tui.app import InfrasketchApp

    app = InfrasketchApp(session=synthetic_session(size), first_step="context", settle_heap=True)
    frames = Frames()
    with own_home(), frames.recording():
        async with app.run_test(size=(120, 40)):
            await _wait_until(lambda: app.workshop.current_view() is not None)
            await _wait_until(lambda: app.workshop.live_panel() is not None)
            await frames.latency(app, lambda: None)
            await scenario(app, frames)


async def _visit_all(app: InfrasketchApp, frames: Frames) -> list[float]:
    """Latency of showing each step in turn."""
    return [await frames.latency(app, partial(app.workshop.show_step, step)) for step in _steps()]


async def _category_moves(app: InfrasketchApp, frames: Frames) -> tuple[list[float], list[float]]:
    """Latency of each single move down the Components step's category list, all the way
    down twice: the first pass shows each category for the first time, the second shows
    categories already shown."""
    from textual.widgets import OptionList

    await frames.latency(app, lambda: app.workshop.show_step("components"))
    categories = app.screen.query_one("#categories", OptionList)
    categories.focus()
    passes: tuple[list[float], list[float]] = ([], [])
    for times in passes:
        await frames.latency(app, categories.action_first)
        for _ in range(categories.option_count - 1):
            times.append(await frames.latency(app, categories.action_cursor_down))
    return passes


def _shows(diagram: LiveDiagram, session: Session) -> bool:
    return diagram.analysis is not None and diagram.analysis.session is session


async def _changes(app: InfrasketchApp, frames: Frames, count: int) -> list[float]:
    """Latency of `count` edits, each until the live panel shows it."""
    assert app.session is not None
    from textual.widgets import Input

    from widgets.live_diagram import LiveDiagram

    diagram = app.query_one(LiveDiagram)
    for field in app.query(Input):
        field.cursor_blink = False  # its frames come every half second, not from the edit
    times = []
    for index, session in enumerate(_edits(app.session, count)):
        view = app.workshop.current_view()
        assert view is not None
        # as a form's edit reaches the app; timed to the last frame it causes
        times.append(await frames.latency(app, partial(view.propose, session, f"b{index}")))
        if not _shows(diagram, session):
            raise AssertionError(f"the live panel did not show edit {index}")
    return times


def at_50_rows() -> list[Row]:
    """Step switches, list moves and changes at 50 components."""
    found: dict[str, list[float]] = {}

    async def scenario(app: InfrasketchApp, frames: Frames) -> None:
        found["first"] = await _visit_all(app, frames)
        found["switch"] = await _visit_all(app, frames) + await _visit_all(app, frames)
        found["first move"], found["move"] = await _category_moves(app, frames)
        found["change"] = await _changes(app, frames, 40)

    asyncio.run(_in_app(50, scenario))
    first = statistics.median(found["first"])
    return [
        absolute("tui: first visit of a step, 50 components, median", first),
        spread("tui: step switch, 50 components", found["switch"], 50, 100),
        spread("tui: category list move, 50 components (first visit)", found["first move"]),
        spread("tui: category list move, 50 components (shown before)", found["move"], 50, 100),
        spread("tui: change → live panel, 50 components", found["change"], None, 16),
    ]  # fmt: skip


class Stalls:
    """The longest stretch the event loop it runs on was busy."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            self.longest = max(self.longest, (time.perf_counter() - before - 0.001) * 1000)

    def start(self) -> None:
        """Begin measuring (from now)."""
        self.longest = 0.0
        self._task = asyncio.get_running_loop().create_task(self._tick())

    def stop(self) -> float:
        """Stop; the longest stall in milliseconds."""
        if self._task is not None:
            self._task.cancel()
        return self.longest


def at_500_rows() -> list[Row]:
    """Changes and the longest frame at 500 components."""
    found: dict[str, list[float]] = {}
    stalls = Stalls()

    async def scenario(app: InfrasketchApp, frames: Frames) -> None:
        stalls.start()
        await _visit_all(app, frames)
        found["switch"] = await _visit_all(app, frames)
        await _category_moves(app, frames)
        found["change"] = await _changes(app, frames, 20)
        found["stall"] = [stalls.stop()]

    asyncio.run(_in_app(500, scenario))
    return [
        spread("tui: change → live panel, 500 components", found["change"], 16, 33),
        spread("tui: step switch, 500 components", found["switch"], 50, 100),
        absolute(
            "tui: longest frame, 500 components (open, every step, list, 20 edits)",
            found["stall"][0],
            50,
        ),
    ]


def rows() -> list[Row]:
    """Every row of this benchmark."""
    return [*interactive_rows(), *at_50_rows(), *at_500_rows()]


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(rows()))
