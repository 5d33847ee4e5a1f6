"""Undo and redo across steps, the help screen, the palette's entries, the role lens and
the live panel's toggle."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Input, Markdown

from model.history import History
from model.session import Session, replace
from sessions.starter import starter_session
from tests.tui.conftest import Runner, type_into
from tui.commands import COMMANDS, palette_entries
from tui.help import HelpScreen, steps_table
from tui.steps import STEPS, StepId
from widgets.dom_id import selector
from widgets.role_lens import LENSES, RoleLens


def plain(renderable: object) -> str:
    """What a Rich renderable reads as, without styles."""
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def with_users(session: Session, users: int) -> Session:
    """`session` with another number of users."""
    return replace(session, context=session.context.evolve(users=users))


def test_history_coalesces_a_burst_and_clears_redo_on_a_new_change() -> None:
    history = History(coalesce_seconds=2.0)
    a, b, c = (with_users(starter_session(), n) for n in (1, 2, 3))
    history.record(a, "Edit users", now=0.0)
    history.record(b, "Edit users", now=1.0)  # same field, within 2 s: one entry
    assert [e.session for e in history.undo_stack] == [a]
    history.record(b, "Edit budget", now=1.5)
    assert len(history) == 2
    entry = history.undo(c, now=2.0)
    assert entry is not None and entry.session is b
    assert history.can_redo
    history.record(b, "Edit budget", now=2.1)  # after an undo: a new entry, redo gone
    assert len(history) == 2 and not history.can_redo
    assert history.redo(c, now=3.0) is None


def test_history_keeps_at_most_its_limit() -> None:
    history = History(limit=3)
    for number in range(5):
        history.record(with_users(starter_session(), number + 1), f"change {number}", now=number)
    assert [e.description for e in history.undo_stack] == ["change 2", "change 3", "change 4"]


async def test_undo_and_redo_across_steps(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "context") as (app, pilot):
        assert app.session is not None
        saved = app.session
        await type_into(pilot, "#users", "70000")
        assert app.session.context.users == 70_000
        await app.run_action("goto('pipeline')")
        await pilot.pause()
        assert app.workshop.step_id == "pipeline"
        await type_into(pilot, "#unit-tests-coverage-threshold-percent", "90")
        assert app.session.pipeline.unit_tests.coverage_threshold_percent == 90
        assert "●" in app.sub_title

        await pilot.press("ctrl+z")  # the coverage, on the step showing it
        await pilot.pause()
        assert app.session.pipeline.unit_tests.coverage_threshold_percent == 80
        coverage = app.screen.query_one("#unit-tests-coverage-threshold-percent", Input)
        assert coverage.value == "80"
        await pilot.press("ctrl+z")  # the users, changed on another step
        await pilot.pause()
        assert app.session == saved
        assert "●" not in app.sub_title  # back to the saved session: nothing unsaved

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.session.context.users == 70_000 and "●" in app.sub_title
        await pilot.press("ctrl+r")  # back to Alerts: the history survives switching steps
        await pilot.pause()
        assert app.workshop.step_id == "alerts"
        await app.run_action("goto('context')")
        await pilot.pause()
        assert app.screen.query_one("#users", Input).value == "70000"
        await type_into(pilot, selector("team_size"), "9")  # a new change: the redo is gone
        assert not app.state.history.can_redo
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.session.context.team_size == 9
        assert app.session.pipeline.unit_tests.coverage_threshold_percent == 80


def test_palette_goes_everywhere_and_has_export_undo_redo() -> None:
    titles = [title for title, _, _ in palette_entries()]
    assert [t for t in titles if t.startswith("Go to ")] == [f"Go to {s.title}" for s in STEPS]
    assert [s.id for s in STEPS] == list(StepId)  # every step, in workshop order
    for needed in ("Export…", "Undo", "Redo", "Help"):
        assert needed in titles


async def test_help_lists_every_command_and_step(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "components") as (app, pilot):
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert [row.what for row in app.screen.everywhere][: len(COMMANDS)] == [
            c.title for c in COMMANDS
        ]
        keys = {row.what: row.keys for row in app.screen.everywhere}
        assert keys["Undo"] == "^z" and keys["Export…"] == "alt+e" and keys["Help"] == "f1 / ?"
        here = [row.what for row in app.screen.here]
        assert "Add" in here  # the Components step's own key
        steps = plain(steps_table())
        for step in STEPS:
            assert step.title in steps and step.purpose in steps
        # Drawn across the help's width, not in a sidebar-sized box.
        assert app.screen.query_one("#help-steps").size.width > 90
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        app.screen.query_one("#categories").focus()
        await pilot.press("question_mark")  # ? outside a text field opens it too
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_role_lens_and_panel_toggle(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "context") as (app, pilot):
        lens = app.query_one(RoleLens)
        assert not lens.display
        await pilot.press("alt+l")
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert lens.lens == LENSES[1][0] == "tech-lead" and lens.display
        text = lens.query_one(Markdown).source
        assert "Availability 99.454% expected (SLAs promise 99.043%), misses the 99.9%" in text
        for _ in range(len(LENSES) - 2):  # on to the skeptic
            await pilot.press("alt+l")
        await pilot.pause(0.4)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert lens.lens == "skeptic"
        assert "The skeptic: 8 findings, 8 open" in lens.query_one(Markdown).source

        body = app.query_one("#body")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert body.has_class("-no-panel") and not app.query_one("#live").display
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.query_one("#live").display
