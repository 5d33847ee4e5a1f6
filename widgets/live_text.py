"""`LiveText`: a `Static` for figures that change on every edit but rarely change height.

`Static.update` lays the whole screen out again (every step built so far, the sidebar, the
panel), because new text may need another height. The live panel's lines (the cost, the
availability, the skeptic's count) get new text with every change and keep their height
almost always: `show` repaints the line alone and asks for a layout only when its height
at its width is not the height it has, and does nothing at all when the text is the same.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class LiveText(Static):
    """A line or two of text that is replaced often; its height is its content's."""

    def show(self, content: VisualType) -> None:
        """Show `content` instead of what is shown; the screen is laid out again only if
        it needs another height."""
        if content == self.content:
            return
        height = self.size.height
        self.update(content, layout=False)
        width = self.size.width
        if not width or self.get_content_height(self.size, self.app.size, width) != height:
            self.refresh(layout=True)
