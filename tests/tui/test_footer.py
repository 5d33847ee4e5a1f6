"""The footer shows exactly the keys that fire now, as one line, and a click presses one."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import Runner
from widgets.quiet_footer import QuietFooter


def _line(footer: QuietFooter) -> str:
    return footer.render().plain


async def test_the_footer_follows_the_focus(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "components") as (app, pilot):
        footer = app.query_one(QuietFooter)
        await pilot.pause()
        line = _line(footer)
        assert " a Add " in line and " del Remove " in line  # the category list has the keys
        assert line.rstrip().endswith("^p palette")
        app.screen.query_one("#component-editor Input", Input).focus()
        await pilot.pause()
        await pilot.pause()
        line = _line(footer)
        assert " a Add " not in line and " ^s Save " in line  # in a field, `a` is a letter
        fired = {key.key for key in footer.shown_now()}
        active = {k for k, (_, b, _e, _t) in app.screen.active_bindings.items() if b.show}
        assert active <= fired


async def test_a_click_on_a_key_presses_it(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "context") as (app, pilot):
        footer = app.query_one(QuietFooter)
        await pilot.pause()
        column = _line(footer).index("^n Next")
        await pilot.click(QuietFooter, offset=(column, 0))
        await pilot.pause()
        assert app.workshop.step_id == "provider"
