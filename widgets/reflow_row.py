"""A row of form fields that stacks them when the screen is too narrow for them side by side.

Textual's horizontal layout never wraps: at 100×30, or with the live panel open, the
fields at the end of a row were cut off while Tab still walked into them. A `ReflowRow`
lays its fields out side by side while the sum of what they need fits, and one under the
other when it does not, so each stays whole and Tab order stays reading order.
"""

from __future__ import annotations

from textual import events
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button

DEFAULT_NEED = 14
"""The width a field needs when it does not say (a label over a short input)."""


def needed_width(widget: Widget) -> int:
    """The cells `widget` needs to be shown whole: its own `needed_width()` if it has
    one, a button's label and frame, else `DEFAULT_NEED`."""
    need = getattr(widget, "needed_width", None)
    if callable(need):
        return int(need())
    if isinstance(widget, Button):
        return len(str(widget.label)) + 5  # frame, focus column, margin
    return DEFAULT_NEED


class ReflowRow(Horizontal):
    """Fields side by side while they fit, one under the other when they do not."""

    DEFAULT_CSS = """
    ReflowRow { height: auto; }
    ReflowRow.-stacked { layout: vertical; }
    """

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns to the new width."""
        self.reflow(event.size.width)

    def on_mount(self) -> None:
        """Fit the columns to the width the row was given."""
        self.call_after_refresh(lambda: self.reflow(self.size.width))

    def reflow(self, width: int) -> None:
        """Stack the fields when what they need side by side exceeds `width`."""
        cells = [child for child in self.children if child.display]
        if not cells or width <= 0:
            return
        self.set_class(sum(needed_width(cell) for cell in cells) > width, "-stacked")
