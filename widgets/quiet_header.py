"""`QuietHeader`: Textual's `Header`, whose title line repaints itself alone.

The header's title is one line whatever it says (it never wraps, a long one ends in an
ellipsis), yet Textual's title is a `Static` whose update lays the whole screen out again.
The workshop changes the title on every edit that adds or drops the unsaved marker: with
every step built, at 500 components, that layout was a tenth of a second.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.visual import VisualType
from textual.widgets import Header

# Not exported by textual.widgets: the class of the title line `Header` composes and
# queries. Subclassed so that the header's own watchers find and update ours.
from textual.widgets._header import HeaderTitle


class OneLineTitle(HeaderTitle):
    """The header's title: always one line, so a new title needs no layout."""

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        """Show `content` (laid out again only when asked to)."""
        super().update(content, layout=layout)


class QuietHeader(Header):
    """The app's header, with a title line that does not lay the screen out again."""

    def compose(self) -> ComposeResult:
        """Textual's parts, the title line replaced by a `OneLineTitle`."""
        for part in super().compose():
            yield OneLineTitle() if isinstance(part, HeaderTitle) else part
