"""The session lifecycle in the app: autosave, recovery, quitting with changes, crashes,
recent files, and the command palette's entries."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from sessions.autosave import autosave_path
from sessions.recent import recent_files, remember
from sessions.recovery import crash_log_path
from sessions.schema import SCHEMA_FILE
from sessions.store import load, save
from tests.tui.conftest import Runner
from tui.commands import COMMANDS, palette_entries
from tui.dialogs import ChoiceDialog
from tui.steps import STEPS


def more_users(app: object, users: int) -> None:
    """Apply a change to the app's session (as a step would)."""
    from model.session import replace
    from tui.app import InfrasketchApp

    assert isinstance(app, InfrasketchApp) and app.session is not None
    session = app.session
    app.apply(replace(session, context=session.context.evolve(users=users)), "Edit users")


async def test_autosave_lands_beside_the_file_after_a_change(
    run_app: Runner, shop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.files.AUTOSAVE_IDLE", 0.05)
    autosave = autosave_path(shop_file)
    assert autosave == shop_file.with_name("shop.autosave.yaml")
    async with run_app(shop_file) as (app, pilot):
        more_users(app, 77_777)
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        assert load(autosave).context.users == 77_777
        assert load(shop_file).context.users != 77_777  # the file itself is untouched
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not autosave.exists()
        assert load(shop_file).context.users == 77_777
        assert recent_files() == [shop_file.resolve()]


async def test_a_schema_that_cannot_be_written_is_a_warning_not_a_failed_save(
    run_app: Runner, shop_file: Path
) -> None:
    (shop_file.parent / SCHEMA_FILE).mkdir()  # a folder in the way
    async with run_app(shop_file) as (app, pilot):
        said: list[tuple[str, str]] = []
        notify = app.notify

        def recording(message: str, **kwargs: Any) -> None:
            said.append((message, str(kwargs.get("severity", "information"))))
            notify(message, **kwargs)

        app.notify = recording  # type: ignore[method-assign]
        more_users(app, 55_555)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load(shop_file).context.users == 55_555
        assert not app.files.state.dirty
        assert said[0] == (f"Saved {shop_file}.", "information")
        message, severity = said[1]
        assert severity == "warning"
        assert SCHEMA_FILE in message and "the session itself is saved" in message


async def test_newer_autosave_is_offered_at_start(run_app: Runner, shop_file: Path) -> None:
    original = load(shop_file)
    newer = original.evolve(context=original.context.evolve(users=12_345))
    save(newer, autosave_path(shop_file))
    os.utime(shop_file, (time.time() - 60, time.time() - 60))
    async with run_app(shop_file) as (app, pilot):
        assert isinstance(app.screen, ChoiceDialog)
        assert "holds work that is not in shop.yaml" in app.screen.question
        await pilot.press("r")
        await pilot.pause()
        assert app.session is not None and app.session.context.users == 12_345
        assert app.dirty and app.path == shop_file


async def test_quitting_with_changes_asks(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file) as (app, pilot):
        more_users(app, 4_242)
        await pilot.pause()
        assert "●" in app.sub_title
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("c")  # cancel: still running
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ChoiceDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save and quit
        await pilot.pause()
    assert app.return_code == 0
    assert load(shop_file).context.users == 4_242


async def test_quitting_without_changes_does_not_ask(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file) as (app, pilot):
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_crash_leaves_an_emergency_autosave(run_app: Runner, shop_file: Path) -> None:
    def boom() -> None:
        raise RuntimeError("a bug in a handler")

    with pytest.raises(RuntimeError, match="a bug in a handler"):
        async with run_app(shop_file) as (app, pilot):
            more_users(app, 31_337)
            app.call_later(boom)
            await pilot.pause()
    autosave = autosave_path(shop_file)
    assert load(autosave).context.users == 31_337
    assert app.return_code == 1
    assert app.crash_message is not None and "\n" not in app.crash_message
    assert str(autosave) in app.crash_message
    assert "RuntimeError" in crash_log_path().read_text()


CRASHING_APP = """
import sys
from pathlib import Path
from tui.app import InfrasketchApp
from tui.cli.open import run_and_report

class Crashing(InfrasketchApp):
    def ready(self, session):
        super().ready(session)
        self.apply(session.evolve(context=session.context.evolve(users=9)), "Edit users")
        self.set_timer(0.1, self.fail)

    def fail(self):
        raise KeyError("oops")

sys.exit(run_and_report(Crashing(Path(sys.argv[1])), headless=True))
"""


def test_a_crash_exits_1_with_one_line_pointing_at_the_autosave(shop_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_APP, str(shop_file)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    autosave = autosave_path(shop_file)
    assert lines[0].startswith("infrasketch stopped on an internal error (KeyError)")
    assert str(autosave) in lines[0]
    assert "Traceback" not in result.stderr
    assert load(autosave).context.users == 9


def test_recent_files_keep_the_latest_first(tmp_path: Path) -> None:
    files = [tmp_path / f"{name}.yaml" for name in ("a", "b", "c")]
    for file in files:
        file.write_text("x")
        remember(file)
    remember(files[0])
    assert recent_files() == [files[0], files[2], files[1]]
    files[2].unlink()
    assert recent_files() == [files[0], files[1]]


def test_palette_offers_every_step_and_the_lifecycle_commands() -> None:
    titles = [title for title, _, _ in palette_entries()]
    for step in STEPS:
        assert f"Go to {step.title}" in titles
    for needed in ("Add component", "Save", "Save as…", "Open…", "Quit"):
        assert needed in titles
    bindings = [command.binding() for command in COMMANDS]
    assert all(b.id and b.tooltip for b in bindings)
    assert len({b.id for b in bindings}) == len(bindings)


async def test_palette_goes_to_a_step(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to environments")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.workshop.step_id == "environments"


async def test_open_refuses_a_broken_file_with_its_reason(
    run_app: Runner, shop_file: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("context: [\n")
    async with run_app(shop_file) as (app, pilot):
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press(*str(broken), "enter")
        await pilot.pause()
        error = str(app.screen.query_one("#error").render())
        assert error.startswith(f"{broken}:")
        assert app.path == shop_file
