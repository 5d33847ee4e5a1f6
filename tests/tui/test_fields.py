"""The fields a real design needs, in the app: ticks that read without colour, a
component's id, its network, and external systems."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Checkbox, SelectionList

from model.enums import Compliance
from tests.tui.conftest import Runner


def drawn(widget: Widget) -> list[str]:
    """The lines `widget` draws, as text (colours dropped)."""
    region = widget.region
    return [s.text for s in widget.render_lines(Region(0, 0, region.width, region.height))]


async def test_compliance_ticks_read_without_colour(run_app: Runner, shop_file: Path) -> None:
    """A chosen framework's box holds a mark, the others are empty: the difference is in
    the characters, not only in their colour."""
    async with run_app(shop_file, "context") as (app, pilot):
        frameworks = app.screen.query_one("#compliance", SelectionList)
        chosen = {str(v) for v in frameworks.selected}
        assert chosen and chosen != {c.value for c in Compliance}
        lines = drawn(frameworks)
        for index in range(frameworks.option_count):
            option = frameworks.get_option_at_index(index)
            box = lines[index].lstrip()[:3]
            assert box == ("▐X▌" if option.value in chosen else "▐ ▌"), lines[index]

        contractual = app.screen.query_one("#availability-contractual", Checkbox)
        before = drawn(contractual)[0]
        contractual.focus()
        await pilot.press("space")
        await pilot.pause()
        after = drawn(contractual)[0]
        assert {before[:3], after[:3]} == {"▐X▌", "▐ ▌"}
