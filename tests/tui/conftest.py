"""Fixtures of the app tests: deterministic images, a copy of an example to edit, a runner;
and the keyboard helpers the Pilot tests share."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from sessions.bundled import example_path
from tui.app import InfrasketchApp

SIZE = (120, 40)
"""The terminal size every app test runs at."""


@pytest.fixture(autouse=True)
def _no_terminal_images(monkeypatch: pytest.MonkeyPatch) -> None:
    """No terminal-image escape codes in tests: the picture is drawn as half-blocks."""
    monkeypatch.setenv("INFRASKETCH_IMAGES", "halfcell")


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


async def type_into(pilot: Pilot[int], selector: str, text: str) -> None:
    """Replace the text of the input `selector` (on the current screen) with `text`, key by
    key, as a person would."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u", *text)
    await pilot.pause()


async def choose(pilot: Pilot[int], selector: str, value: str) -> None:
    """Pick `value` in the `Select` `selector` with the keyboard: open it, move to the
    option, enter."""
    select: Select[str] = pilot.app.screen.query_one(selector, Select)
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

    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u")
    field.post_message(events.Paste(text))
    await pilot.pause()
