"""The command palette's workshop entries: the commands of `tui.commands` and "Go to <step>".

Loaded when the palette first opens (`tui.commands.workshop_commands`), so start-up does
not pay for Textual's command machinery.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.commands import action_name, palette_entries

if TYPE_CHECKING:
    from textual.app import App


class WorkshopCommands(Provider):
    """The command palette's workshop entries."""

    def _entries(self) -> Iterator[tuple[str, str, str]]:
        app: App[object] = self.app
        for title, action, help_text in palette_entries():
            if app.check_action(action_name(action), ()) is not False:
                yield title, action, help_text

    async def discover(self) -> Hits:
        """Every entry, before anything is typed."""
        for title, action, help_text in self._entries():
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        """The entries matching `query`, best first."""
        matcher = self.matcher(query)
        for title, action, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
