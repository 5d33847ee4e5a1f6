"""What the app says when it refuses something: every word of it, wrapped to the field it
belongs to, and never the credential it refused."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widgets import Label

from tests.tui.conftest import Runner, type_into
from tui.steps.form import FormField
from tui.steps.records import RecordCard


def shown_lines(label: Label) -> list[str]:
    """The lines `label` draws on screen, as text."""
    region = label.region
    strips = label.render_lines(Region(0, 0, region.width, region.height))
    return [strip.text.rstrip() for strip in strips]


async def test_a_refusal_in_a_narrow_field_is_wrapped_and_shown_whole(
    run_app: Runner, shop_file: Path
) -> None:
    async with run_app(shop_file, "security") as (app, pilot):
        await type_into(pilot, "#secrets RecordCard #owner", "password=hunter22")
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
