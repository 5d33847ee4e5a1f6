"""The live ASCII architecture diagram: re-drawn to its own width on every change.

The drawing comes from the ASCII exporter (`exporters.diagrams.ascii.render_ascii`), the same
function `infrasketch export` writes, so what the workshop sees is what gets committed.
The widget scrolls both ways when the picture is larger than the panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from textual.events import Resize
from textual.geometry import Size
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from model.units import MIN_DIAGRAM_WIDTH

if TYPE_CHECKING:
    from model.analysis import Analysis

    pass


def draw(analysis: Analysis, width: int, unicode: bool = True) -> str:
    """The diagram of the analysed session at `width` columns.

    Never narrower than the exporter's own minimum (the panel scrolls sideways instead).
    A failing exporter is reported in place of the drawing rather than raised.
    """
    # Imported on first draw, after the window is up: the exporter is not needed to paint it.
    from exporters.diagrams.ascii import render_ascii

    try:
        return render_ascii(analysis, width=max(width, MIN_DIAGRAM_WIDTH), unicode=unicode)
    except Exception as exc:  # an exporter bug must not end the workshop
        return f"The diagram could not be drawn: {type(exc).__name__}: {exc}"


class LiveDiagram(ScrollView, can_focus=True):
    """A scrollable view of the session's ASCII diagram, re-rendered to fit its width.

    Lines are drawn on demand (`render_line`), so a new drawing costs a repaint of the
    visible lines, not a layout of the screen.
    """

    DEFAULT_CSS = """
    LiveDiagram {
        height: 1fr;
        scrollbar-size: 1 1;
    }
    """

    analysis: var[Analysis | None] = var(None, init=False, always_update=True)
    """The analysis of the session drawn; None draws nothing."""
    unicode: var[bool] = var(True, init=False)
    """Box-drawing characters (True) or plain ASCII (False)."""

    def __init__(
        self,
        analysis: Analysis | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(LiveDiagram.analysis, analysis)
        self._drawn_for: tuple[Analysis | None, int] = (None, -1)
        self._lines: list[Strip] = []
        self.text = ""
        """The drawing currently shown (for tests and the PNG fallback)."""

    def on_mount(self) -> None:
        """Draw once the width is known."""
        self.redraw()

    @property
    def drawing_width(self) -> int:
        """Columns available to the drawing (the panel's width less the scrollbar)."""
        return max(self.scrollable_content_region.width, 1)

    def redraw(self, force: bool = False) -> None:
        """Render the diagram again when the analysis or the width changed."""
        width = self.drawing_width
        key = (self.analysis, width)
        if not force and key[0] is self._drawn_for[0] and key[1] == self._drawn_for[1]:
            return
        self._drawn_for = key
        text = "" if self.analysis is None else draw(self.analysis, width, self.unicode)
        if text == self.text and self._lines and not force:
            return  # the same drawing (a replica count, a price): nothing to repaint
        self.text = text
        style = self.rich_style
        self._lines = [
            Strip([Segment(line, style)], cell_len(line)) for line in self.text.splitlines()
        ]
        longest = max((strip.cell_length for strip in self._lines), default=0)
        self.virtual_size = Size(longest, len(self._lines))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """One line of the drawing, scrolled and padded to the view's width."""
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        strip = self._lines[index].crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, self.rich_style)

    def watch_analysis(self) -> None:
        """A new analysis: draw it."""
        if self.is_mounted:
            self.redraw()

    def watch_unicode(self) -> None:
        """Switch between box drawing and plain ASCII."""
        if self.is_mounted:
            self.redraw(force=True)

    def on_resize(self, event: Resize) -> None:
        """Fit the drawing to the new width."""
        self.redraw()
