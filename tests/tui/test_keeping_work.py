"""Work is kept however the app is used or stopped: the autosave follows steady typing
within its maximum wait, an undone change is never left as newer work, a file changed on
disk by someone else is never silently overwritten, and a stop from outside writes the
emergency autosave and ends the app with one line."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest
from textual.widgets import Input

from model.session import replace
from sessions.autosave import AUTOSAVE_MAX_WAIT, autosave_path
from sessions.recovery import recovery_for
from sessions.store import dumps, load
from tests.tui.conftest import Runner
from tui.dialogs import ChoiceDialog
from tui.stopping import EXIT_GRACE, OutsideStop

pytestmark = pytest.mark.serial  # against the clock: run alone (see the Makefile)


async def test_steady_typing_is_autosaved_within_the_maximum_wait(
    run_app: Runner, shop_file: Path
) -> None:
    autosave = autosave_path(shop_file)
    async with run_app(shop_file) as (app, pilot):
        assert isinstance(app.focused, Input)
        await pilot.press("end")
        started = time.monotonic()
        first_seen: float | None = None
        typed = ""
        # A key every 0.15 s for 6 s: the idle debounce never fires.
        while time.monotonic() - started < 6:
            letter = "abcdefghij"[len(typed) % 10]
            await pilot.press(letter)
            typed += letter
            await pilot.pause(0.15)
            if first_seen is None and autosave.exists():
                first_seen = time.monotonic() - started
        assert first_seen is not None, "no autosave while typing"
        assert first_seen <= AUTOSAVE_MAX_WAIT + 1.0  # slack for a busy machine
        # What the autosave holds is never older than the maximum wait.
        await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        saved = load(autosave).context.project
        assert saved.startswith("Nordhaus Shop")
        behind = len("Nordhaus Shop" + typed) - len(saved)
        assert 0 <= behind <= AUTOSAVE_MAX_WAIT / 0.15 + 2


async def test_an_undone_change_is_not_offered_as_newer_work(
    run_app: Runner, shop_file: Path
) -> None:
    autosave = autosave_path(shop_file)
    async with run_app(shop_file) as (app, pilot):
        session = app.session
        assert session is not None
        app.apply(replace(session, context=session.context.evolve(users=4_321)), "Edit users")
        app.files.autosave_now()
        await app.workers.wait_for_complete()
        assert load(autosave).context.users == 4_321
        await pilot.press("ctrl+z")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert not app.dirty
        assert not autosave.exists(), "undo back to the file removes the autosave at once"
    assert recovery_for(shop_file) is None


async def test_a_file_changed_on_disk_is_not_overwritten(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file) as (app, pilot):
        session = app.session
        assert session is not None
        mine = replace(session, context=session.context.evolve(users=1_111))
        app.apply(mine, "Edit users")
        theirs = replace(session, style=session.style, context=session.context.evolve(team_size=9))
        shop_file.write_text(dumps(theirs))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "shop.yaml changed on disk since it was opened here" in app.screen.question
        assert "differ in: context.users, context.team_size." in app.screen.question
        assert load(shop_file) == theirs, "nothing written before the answer"
        await pilot.press("t")  # take theirs
        await pilot.pause()
        assert app.session == theirs and not app.dirty
        await pilot.press("ctrl+z")  # undo brings mine back
        await pilot.pause()
        assert app.session == mine and app.dirty
        # Someone writes again; this time keep mine: theirs goes to the backup.
        again = replace(session, context=session.context.evolve(team_size=3))
        shop_file.write_text(dumps(again))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("k")
        await pilot.pause()
        assert load(shop_file) == mine and not app.dirty
        assert load(shop_file.with_name("shop.yaml.bak")) == again
        # With nothing changed on disk since, the next save simply saves.
        app.apply(replace(mine, context=mine.context.evolve(users=2_222)), "Edit users")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)
        assert load(shop_file).context.users == 2_222


async def test_a_stop_from_outside_keeps_the_work_and_exits(
    run_app: Runner, shop_file: Path
) -> None:
    ended: list[int] = []
    async with run_app(shop_file) as (app, pilot):
        app.outside = OutsideStop(app, terminate=ended.append)
        app.outside.loop = asyncio.get_running_loop()
        session = app.session
        assert session is not None
        app.apply(replace(session, context=session.context.evolve(users=9_876)), "Edit users")
        app.outside.stop("stopped by SIGTERM", 128 + signal.SIGTERM)
        assert load(autosave_path(shop_file)).context.users == 9_876
        assert app.stop_message == (
            f"infrasketch stopped by SIGTERM; your unsaved work is in {autosave_path(shop_file)}"
        )
        await pilot.pause()
        assert app.return_code == 143
    # Had the app not ended in time, the deadline would have ended the process.
    time.sleep(EXIT_GRACE + 0.3)
    assert ended == [143]
