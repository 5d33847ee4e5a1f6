"""Fixtures of the app tests: deterministic images, a copy of an example to edit, a runner;
and the keyboard helpers the Pilot tests share."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.app import App
from textual.message_pump import MessagePump
from textual.pilot import Pilot, WaitForScreenTimeout
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Select

from sessions.bundled import example_path
from tui.app import InfrasketchApp

SIZE = (120, 40)
"""The terminal size every app test runs at."""


@pytest.fixture(autouse=True)
def _no_terminal_images(monkeypatch: pytest.MonkeyPatch) -> None:
    """No terminal-image escape codes in tests: the picture is drawn as half-blocks."""
    monkeypatch.setenv("INFRASKETCH_IMAGES", "halfcell")


_HANDLING: weakref.WeakKeyDictionary[MessagePump, int] = weakref.WeakKeyDictionary()
"""Message pump → how many of its messages or idle callbacks are being handled now."""


def _counting_handled(
    method: Callable[..., Awaitable[None]],
) -> Callable[..., Coroutine[Any, Any, None]]:
    """`method` of a message pump, counted in `_HANDLING` while it runs."""

    async def counted(pump: MessagePump, *args: Any) -> None:
        _HANDLING[pump] = _HANDLING.get(pump, 0) + 1
        try:
            await method(pump, *args)
        finally:
            _HANDLING[pump] -= 1

    return counted


async def _wait_for_busy_widgets(self: Pilot[int], timeout: float = 30.0) -> bool:
    """`Pilot._wait_for_screen`, waiting only on the widgets that have work: Textual's
    own posts a callback to every widget of the screen and waits for all of them, about
    half a millisecond each, so a pause on a step of 200 widgets cost 100 ms before any
    work was done. A widget has work while a message is queued, one is being handled
    (`_counting_handled` counts), or a callback waits for its next idle. Waiting repeats
    until no widget has had work for two turns of the loop, so messages posted while
    waiting are waited for too."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    quiet_turns = 0
    while quiet_turns < 2:
        try:
            screen = self.app.screen
        except Exception:
            return False
        busy = [
            pump
            for pump in (self.app, *screen.walk_children(with_self=True))
            if pump._message_queue.qsize() or pump._next_callbacks or _HANDLING.get(pump)
        ]
        if not busy:
            quiet_turns += 1
            await asyncio.sleep(0)
        else:
            quiet_turns = 0
            if not await _each_handles_a_callback(self.app, busy, deadline - loop.time()):
                return False
    return True


async def _each_handles_a_callback(app: App[int], pumps: list[Any], timeout: float) -> bool:
    """Wait until every pump in `pumps` has run a callback posted now, behind its queued
    messages (False when the app failed meanwhile)."""
    done = asyncio.Event()
    waiting = 0

    def one_done() -> None:
        nonlocal waiting
        waiting -= 1
        if waiting == 0:
            done.set()

    for pump in pumps:
        if pump.call_later(one_done):
            waiting += 1
    if not waiting:
        await asyncio.sleep(0)
        return True
    finished: asyncio.Future[bool] = asyncio.ensure_future(done.wait())
    failed: asyncio.Future[bool] = asyncio.ensure_future(app._exception_event.wait())
    await asyncio.wait({finished, failed}, timeout=max(timeout, 0), return_when="FIRST_COMPLETED")
    finished.cancel()
    failed.cancel()
    if done.is_set():
        return True
    if app._exception_event.is_set():
        return False
    raise WaitForScreenTimeout("Timed out while waiting for widgets to finish their work.")


@pytest.fixture(autouse=True)
def _quick_pilot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot pauses wait on the widgets with work, not on every widget (see above)."""
    for name in ("_dispatch_message", "_flush_next_callbacks"):
        monkeypatch.setattr(MessagePump, name, _counting_handled(getattr(MessagePump, name)))
    monkeypatch.setattr(Pilot, "_wait_for_screen", _wait_for_busy_widgets)


@pytest.fixture
def shop_file(tmp_path: Path) -> Path:
    """A copy of the GDPR example (`eu-shop-gcp`) that tests may change and save."""
    target = tmp_path / "shop.yaml"
    shutil.copyfile(example_path("eu-shop-gcp"), target)
    return target


def has_taken_focus(app: InfrasketchApp) -> bool:
    """Whether the app's first step is shown with the keyboard in it (or a dialog, such
    as the offer to recover an autosave, is in front of it)."""
    if len(app.screen_stack) > 1:
        return True
    view = app.workshop.current_view()
    focused = app.focused
    return (
        view is not None
        and view.pending_focus is None
        and focused is not None
        and view in focused.ancestors_with_self
    )


Runner = Callable[..., AbstractAsyncContextManager[tuple[InfrasketchApp, Pilot[int]]]]


@pytest.fixture
def run_app() -> Runner:
    """Run the app (at 120×40 unless told) until its session is loaded and its first step
    shown."""

    @asynccontextmanager
    async def run(
        path: Path | None = None, first_step: str | None = None, size: tuple[int, int] = SIZE
    ) -> AsyncIterator[tuple[InfrasketchApp, Pilot[int]]]:
        app = InfrasketchApp(path, first_step=first_step)
        async with app.run_test(size=size) as pilot:
            # The loader starts after the first paint, so wait for its result (not for
            # whatever workers happen to be running yet), then for the step to take the
            # keyboard, which it does a refresh after mounting: a test's own focus()
            # before that would be overridden.
            for _ in range(200):
                await app.workers.wait_for_complete()
                await pilot.pause()
                if app.return_code is not None or has_taken_focus(app):
                    break
                await pilot.pause(0.05)
            await pilot.pause()
            yield app, pilot

    return run


W = TypeVar("W", bound=Widget)


def shown_one(screen: Screen[Any], selector: str, kind: type[W]) -> W:
    """The one widget matching `selector` on `screen` that is displayed, with all its
    containers: steps keep parts built earlier hidden (other steps, the Components step's
    other categories), and those may hold widgets of the same id."""
    found = [
        widget
        for widget in screen.query(selector).results(kind)
        if all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))
    ]
    assert len(found) == 1, f"{len(found)} widgets shown match {selector}"
    return found[0]


async def type_into(pilot: Pilot[int], selector: str, text: str) -> None:
    """Replace the text of the input `selector` (on the current screen) with `text`, key by
    key, as a person would."""
    field = shown_one(pilot.app.screen, selector, Input)
    field.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u", *text)
    await pilot.pause()


async def choose(pilot: Pilot[int], selector: str, value: str) -> None:
    """Pick `value` in the `Select` `selector` with the keyboard: open it, move to the
    option, enter."""
    select: Select[str] = shown_one(pilot.app.screen, selector, Select)
    select.focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    values = [v for _, v in select._options if v is not Select.NULL]
    current = values.index(str(select.value)) if select.value in values else -1
    target = values.index(value)
    offset = 1 if select._allow_blank else 0  # the blank line comes first
    start = current + offset if current >= 0 else 0
    steps = target + offset - start
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await pilot.pause()


async def settle(pilot: Pilot[int], rounds: int = 4) -> None:
    """Let work started by other work finish: a timer that starts a worker whose result
    starts another (the Export step checks its folder after writing, say). A worker
    cancelled because newer work replaced it is part of settling, not a failure."""
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        await pilot.pause(0.1)
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def paste(pilot: Pilot[int], selector: str, text: str) -> None:
    """Replace the text of the input `selector` with `text` pasted in one go (how a secret
    would usually arrive)."""
    from textual import events

    field = shown_one(pilot.app.screen, selector, Input)
    field.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u")
    field.post_message(events.Paste(text))
    await pilot.pause()
