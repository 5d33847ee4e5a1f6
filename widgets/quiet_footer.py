"""The footer, rebuilt once per change of what it shows.

Textual's `Footer` rebuilds all its keys whenever the screen says its bindings may have
changed, which it says on every focus change and every `refresh_bindings`: showing a
step did it four times (blur, focus, the step's own refresh), each a mount of a dozen
widgets and a layout of the whole screen, about a third of a step switch. `QuietFooter`
rebuilds at most once per frame, and only when the keys it would show differ from the
keys it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

Shown = tuple[tuple[str, str, str, bool], ...]
"""(key, description, action, enabled) of every key the footer shows, in order."""


class QuietFooter(Footer):
    """A `Footer` that rebuilds only when what it shows changes."""

    def __init__(self) -> None:
        super().__init__()
        self._pending = False
        self._shown: Shown | None = None

    def shown_now(self) -> Shown:
        """The keys the screen's bindings would put in the footer now."""
        return tuple(
            (binding.key, binding.description, binding.action, enabled)
            for (_, binding, enabled, _tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings may have changed: look once, after the next frame."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        shown = self.shown_now()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
