"""A row of form fields that stacks them when the screen is too narrow for them side by side.

Textual's horizontal layout never wraps: at 100×30, or with the live panel open, the
fields at the end of a row were cut off while Tab still walked into them. A `ReflowRow`
lays its fields out side by side while the sum of what they need fits, and one under the
other when it does not, so each stays whole and Tab order stays reading order.
"""

from __future__ import annotations

from typing import Any

from textual.containers import Horizontal
from textual.geometry import Size
from textual.layout import ArrangeResult, Layout
from textual.layouts.horizontal import HorizontalLayout
from textual.layouts.vertical import VerticalLayout
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


class ReflowLayout(Layout):
    """Side by side while what the shown children need fits the width, else one under
    the other; decided in the layout pass itself, so a row is laid out once, never first
    side by side and then again stacked (a class toggled after a frame restyled the row
    and laid the step out twice)."""

    name = "reflow"

    def __init__(self) -> None:
        self._side_by_side = HorizontalLayout()
        self._stacked = VerticalLayout()

    def arrange(
        self, parent: Widget, children: list[Widget], size: Size, greedy: bool = True
    ) -> ArrangeResult:
        """Arrange `children` in whichever of the two layouts suits `size`."""
        cells = [child for child in children if child.display]
        fits = size.width <= 0 or sum(needed_width(cell) for cell in cells) <= size.width
        layout = self._side_by_side if fits else self._stacked
        return layout.arrange(parent, children, size, greedy)


class ReflowRow(Horizontal):
    """Fields side by side while they fit, one under the other when they do not."""

    DEFAULT_CSS = """
    ReflowRow { height: auto; }
    """

    def __init__(self, *children: Widget, **kwargs: Any) -> None:
        super().__init__(*children, **kwargs)
        # Textual names its layouts in CSS from a fixed list; the rule itself takes any
        # `Layout`, so the row sets it inline (inline rules win over the stylesheet's).
        self.styles.set_rule("layout", ReflowLayout())
