"""Nothing hidden, focus visible without colour: every focusable widget of every step, at
120×40 and at 100×30 with the live panel shown.

For each widget the keyboard can reach, once it has the focus (which scrolls it into
view, as Tab does):

- its whole region is on screen, inside every container that clips it (a column cut off
  by the panel or a field below the fold does not count as shown);
- nothing is drawn over it (a dropdown over the footer, a card over a field): at its
  corners and centre the screen finds the widget itself;
- the focused widget's plain text differs from the unfocused one: the focus marker is a
  glyph, not only a shade, so it shows on a monochrome projector.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget

from tests.tui.conftest import Runner
from tui.app import InfrasketchApp
from tui.steps import STEPS

SIZES = {"120x40": (120, 40), "100x30": (100, 30)}


def plain(widget: Widget) -> list[str]:
    """The lines of the widget and of its container (whose frame may be the marker) as
    plain text, borders and padding included."""
    lines = []
    for shown in (widget, widget.parent):
        if isinstance(shown, Widget):
            size = shown.outer_size
            region = Region(0, 0, size.width, size.height)
            lines += [strip.text for strip in shown.render_lines(region)]
    return lines


def _name(widget: Widget) -> str:
    return f"{type(widget).__name__}#{widget.id}" if widget.id else repr(widget)


def _covered(app: InfrasketchApp, widget: Widget, region: Region) -> list[tuple[int, int]]:
    """The probe points of `region` where the screen finds another widget on top."""
    right, bottom = region.right - 1, region.bottom - 1
    points = {
        (region.x, region.y),
        (right, region.y),
        (region.x, bottom),
        (right, bottom),
        (region.x + region.width // 2, region.y + region.height // 2),
    }
    found = []
    for x, y in sorted(points):
        top, _ = app.screen.get_widget_at(x, y)
        if top is not widget and widget not in top.ancestors:
            found.append((x, y))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("step", [s.id for s in STEPS])
async def test_every_focusable_widget_is_whole_on_screen_and_marked_when_focused(
    run_app: Runner, shop_file: Path, step: str, size: str
) -> None:
    async with run_app(shop_file, step, SIZES[size]) as (app, pilot):
        problems: list[str] = []
        chain = [w for w in app.screen.focus_chain if not w.disabled]
        assert chain
        # A widget's unfocused look is read once the next one has taken the focus (and,
        # for the last, once nothing has it): one settled frame per widget, not two.
        focused_look: tuple[Widget, list[str]] | None = None
        for widget in [*chain, None]:
            if widget is None:
                app.set_focus(None)
                await pilot.pause()
            else:
                widget.focus()
                await pilot.pause()
                await pilot.wait_for_scheduled_animations()  # the scroll into view
            if focused_look is not None:
                before, look = focused_look
                if before.is_attached and plain(before) == look:
                    problems.append(
                        f"{_name(before)}: focused and unfocused look alike in plain text"
                    )
                focused_look = None
            if widget is None or not widget.is_attached or app.focused is not widget:
                continue  # focusing it rebuilt the form: the next pass sees the new one
            geometry = app.screen.find_widget(widget)
            region = geometry.region
            shown = region.intersection(geometry.clip)
            if shown != region:
                problems.append(f"{_name(widget)}: {region} shown only as {shown}")
            elif covered := _covered(app, widget, region):
                problems.append(f"{_name(widget)}: something is drawn over it at {covered}")
            focused_look = (widget, plain(widget))
        assert not problems, "\n".join(problems)
