"""Typing across fields in one burst, as a fast typist or a paste does: every field's last
value lands in the session, none is lost to an edit of the next field."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import OptionList

from model.enums import Category
from tests.tui.conftest import Runner, settle
from tests.tui.test_early_steps import show_category
from tests.tui.test_fields import session_of
from widgets.dom_id import selector


async def test_a_burst_across_an_external_systems_fields_lands_whole(
    run_app: Runner, shop_file: Path
) -> None:
    """Name, id, protocol and availability typed in one burst with Tab between them."""
    async with run_app(shop_file, "components") as (app, pilot):
        step = await show_category(pilot, Category.EXTERNAL)
        step.query_one("#categories").focus()
        await pilot.press("a")
        await settle(pilot)
        (added,) = session_of(app).components_in(Category.EXTERNAL)
        # The new external system's editor takes the keyboard at its name.
        assert app.focused is step.detail().query_one(selector("name"))
        burst = [
            "ctrl+u", *"Card acquirer", "tab",
            "ctrl+u", *"acquirer", "tab",
            "ctrl+u", *"ISO 8583 over TLS", "tab", "tab",
            "ctrl+u", *"99.95",
        ]  # fmt: skip
        for key in burst:  # as a terminal delivers them: all queued before the first is read
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        acquirer = session_of(app).component("acquirer")
        assert session_of(app).component(added.id) is None
        assert acquirer is not None, [c.id for c in session_of(app).components]
        assert acquirer.name == "Card acquirer"
        assert acquirer.external is not None
        assert acquirer.external.protocol == "ISO 8583 over TLS"
        assert acquirer.external.availability_percent == 99.95
        members = step.detail().query_one("#members", OptionList)
        assert [str(o.prompt) for o in members.options] == ["Card acquirer (acquirer)"]
