"""The live ASCII architecture diagram: re-drawn to its own width on every change.

The drawing comes from the ASCII exporter (`exporters.ascii.render_ascii`), the same
function `infrasketch export` writes, so what the workshop sees is what gets committed.
Until that exporter exists the widget shows the architecture graph as an outline by
tier, which is true but plainer. The widget scrolls both ways when the picture is larger
than the panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from textual.events import Resize
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from model.units import MIN_DIAGRAM_WIDTH
from widgets.engines import ascii_renderer

if TYPE_CHECKING:
    from model.session import Session


def outline(session: Session) -> str:
    """The components grouped by tier, with their links: the fallback drawing."""
    from model.graph import architecture_graph, by_tier, edges

    graph = architecture_graph(session)
    lines: list[str] = []
    for tier, nodes in by_tier(graph).items():
        lines.append(f"[{tier.label}]")
        lines.extend(
            f"  {node.name}" + (f" ({node.service_label})" if node.service_label else "")
            for node in nodes
        )
    lines.append("")
    lines.append("Links:")
    lines.extend(f"  {link.source} → {link.target} {link.label}".rstrip() for link in edges(graph))
    return "\n".join(lines)


def draw(session: Session, width: int, unicode: bool = True) -> str:
    """The diagram of `session` at `width` columns (the exporter's, or the outline).

    Never narrower than the exporter's own minimum (the panel scrolls sideways instead).
    A failing exporter is reported in place of the drawing rather than raised.
    """
    try:
        render = ascii_renderer()
        if render is None:
            return outline(session)
        return render(session, width=max(width, MIN_DIAGRAM_WIDTH), unicode=unicode)
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

    session: reactive[Session | None] = reactive(None, init=False, always_update=True)
    """The session drawn; None draws nothing."""
    unicode: reactive[bool] = reactive(True, init=False)
    """Box-drawing characters (True) or plain ASCII (False)."""

    def __init__(
        self,
        session: Session | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(LiveDiagram.session, session)
        self._drawn_for: tuple[Session | None, int] = (None, -1)
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
        """Render the diagram again when the session or the width changed."""
        width = self.drawing_width
        key = (self.session, width)
        if not force and key[0] is self._drawn_for[0] and key[1] == self._drawn_for[1]:
            return
        self._drawn_for = key
        self.text = "" if self.session is None else draw(self.session, width, self.unicode)
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

    def watch_session(self) -> None:
        """A new session: draw it."""
        if self.is_mounted:
            self.redraw()

    def watch_unicode(self) -> None:
        """Switch between box drawing and plain ASCII."""
        if self.is_mounted:
            self.redraw(force=True)

    def on_resize(self, event: Resize) -> None:
        """Fit the drawing to the new width."""
        self.redraw()
