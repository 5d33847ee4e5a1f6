"""What the app says when it refuses something: every word of it, wrapped to the field it
belongs to, and never the credential it refused."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Button, Input, Label

from tests.tui.conftest import Runner, paste, type_into
from tui.steps.form import FormField
from tui.steps.records import RecordCard
from widgets.dom_id import selector


def error_of(pilot: Pilot[int], field: str) -> str:
    """The reason shown under the form field `field` (a model path)."""
    return pilot.app.screen.query_one(selector("field", field), FormField).error


def shown_lines(label: Label) -> list[str]:
    """The lines `label` draws on screen, as text."""
    region = label.region
    strips = label.render_lines(Region(0, 0, region.width, region.height))
    return [strip.text.rstrip() for strip in strips]


async def test_a_refusal_in_a_narrow_field_is_wrapped_and_shown_whole(
    run_app: Runner, shop_file: Path
) -> None:
    async with run_app(shop_file, "security") as (app, pilot):
        await type_into(pilot, "#secrets RecordCard #owner", "password=hunter2")
        card = app.screen.query(RecordCard).first()
        field = card.query_one("#field-owner", FormField)
        assert "looks like a secret value" in field.error
        label = field.query_one(".field-error", Label)
        # Within the field's own width, on as many lines as the words need.
        assert label.region.width <= field.region.width
        assert label.region.right <= field.region.right
        lines = shown_lines(label)
        assert len(lines) > 1
        assert " ".join(" ".join(lines).split()) == field.error


async def test_a_refused_secret_is_cleared_from_the_field(run_app: Runner, shop_file: Path) -> None:
    """Pasted or typed key by key, a credential is gone from the field the moment it is
    recognised: the field shows the value in force again, and nothing brings it back."""
    async with run_app(shop_file, "security") as (app, pilot):
        token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
        access = app.screen.query_one("#access", Input)
        before = access.value
        await paste(pilot, "#access", token)
        assert error_of(pilot, "access").startswith("cleared: looks like a secret value")
        assert access.value == before

        owner = "#secrets RecordCard #owner"
        # "password=hunter" is harmless text; the next key makes it a credential.
        await type_into(pilot, owner, "password=hunter2")
        assert app.screen.query_one(owner, Input).value == "backend"
        assert app.session is not None
        assert app.session.security.secrets[0].owner == "backend"
        card = app.screen.query(RecordCard).first()
        assert "looks like a secret value" in card.query_one("#field-owner", FormField).error
        assert "hunter" not in app.screen.query_one(owner, Input).value


async def test_a_secret_as_the_new_designs_name_is_cleared(run_app: Runner) -> None:
    async with run_app(None, "start") as (app, pilot):
        await paste(pilot, "#project", "sk_live_4eC39HqLyjWDarjtT1zdp7dc")
        button = app.screen.query_one("#new", Button)
        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "looks like a secret value" in error_of(pilot, "project")
        assert app.screen.query_one("#project", Input).value == ""


async def test_an_alert_thresholds_refusal_is_wrapped_and_shown_whole(
    run_app: Runner, shop_file: Path
) -> None:
    from model.enums import Metric
    from widgets.threshold_editor import ThresholdEditor

    async with run_app(shop_file, "alerts") as (app, pilot):
        row = app.screen.query_one(ThresholdEditor).row(Metric.CPU)
        warning = row.query_one("#warning", Input)
        warning.focus()
        await pilot.press("end", "ctrl+u", *"99.5")
        await pilot.pause()
        assert row.error.startswith("warning (99.5 %) must be below critical")
        label = row.query_one(".error", Label)
        assert label.region.right <= row.region.right
        assert " ".join(" ".join(shown_lines(label)).split()) == row.error
