"""Fixtures of the app tests: deterministic images, a copy of an example to edit, a runner."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot

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


Runner = Callable[..., AbstractAsyncContextManager[tuple[InfrasketchApp, Pilot[int]]]]


@pytest.fixture
def run_app() -> Runner:
    """Run the app at 120×40 until its session is loaded and its first step shown."""

    @asynccontextmanager
    async def run(
        path: Path | None = None, first_step: str | None = None
    ) -> AsyncIterator[tuple[InfrasketchApp, Pilot[int]]]:
        app = InfrasketchApp(path, first_step=first_step)
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()
            yield app, pilot

    return run
