"""Ticks that read without colour: a box holds a mark only while it is ticked.

Textual's checkbox and selection list draw the same `X` in every box and tell a ticked
one from an unticked one by its colour alone, which a shared screen, a projector washing
out colours, a monochrome terminal or a colour-blind reader loses. `TickBox` and
`TickList` leave an unticked box empty, so `▐X▌` against `▐ ▌` reads in any colours;
`TickRadio` does the same for a radio set's choices (`▐●▌` against `▐ ▌`).
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

from widgets.field_input import KeysInOrder

TICK = ToggleButton.BUTTON_INNER
"""The mark inside a ticked box."""

EMPTY = " "
"""What an unticked box holds."""

V = TypeVar("V")
"""The type of a selection list's values."""


class TickBox(KeysInOrder, Checkbox):
    """A checkbox whose box is empty while unticked."""

    def render(self) -> Content:
        """The box (marked only when ticked) and the label."""
        self.BUTTON_INNER = TICK if self.value else EMPTY
        return super().render()


class TickRadio(RadioButton):
    """A radio button whose circle is empty while not chosen."""

    def render(self) -> Content:
        """The circle (filled only when chosen) and the label."""
        self.BUTTON_INNER = RadioButton.BUTTON_INNER if self.value else EMPTY
        return super().render()


class TickList(KeysInOrder, SelectionList[V]):
    """A selection list whose unselected options show an empty box."""

    def render_line(self, y: int) -> Strip:
        """The option's line, its box emptied when the option is not selected."""
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if option.value in self.selected:
            return strip
        segments = list(strip)
        # The list draws the box as its first three segments: side, mark, side.
        if len(segments) > 1 and segments[1].text == TICK:
            segments[1] = Segment(EMPTY, segments[1].style)
            return Strip(segments, strip.cell_length)
        return strip
