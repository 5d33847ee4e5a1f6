"""The footer: the keys that fire now, drawn as one line of text.

Textual's `Footer` is a row of widgets, one per key, rebuilt whenever the screen says its
bindings may have changed, which it says on every focus change and every
`refresh_bindings`. Each rebuild mounted a dozen widgets and laid the whole screen out
again, a frame after the step switch that caused it: a sixth of a step switch. This
footer is one widget: when the keys it would show change, it repaints its line (the
same height, so nothing else is laid out). A click on a key presses it, as on Textual's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


class Key(NamedTuple):
    """One key the footer shows."""

    key: str
    """The key as bindings name it (what a click presses)."""
    display: str
    """The key as the footer shows it (`^s`)."""
    description: str
    enabled: bool


Shown = tuple[Key, ...]
"""Every key the footer shows, in order."""


class QuietFooter(Widget, can_focus=False):
    """The keys of the bindings that fire now; the command palette's at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer-key--key", "footer-key--description"}
    DEFAULT_CSS = """
    QuietFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._pending = False
        self._shown: Shown = ()
        self._spans: list[tuple[int, int, Key]] = []
        """(first cell, cell after the last, key) of each key drawn, for clicks."""

    @property
    def _palette_key(self) -> str | None:
        """The key that opens the command palette, if the app has one."""
        return self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None

    def shown_now(self) -> Shown:
        """The keys the screen's bindings would put in the footer now, the command
        palette's included."""
        palette = self._palette_key
        shown: dict[str, Key] = {}  # by action: one key per action, the first, as Footer does
        for key, (_, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if binding.show or key == palette:
                display = self.app.get_key_display(binding)
                shown.setdefault(binding.action, Key(key, display, binding.description, enabled))
        return tuple(shown.values())

    def on_mount(self) -> None:
        """Follow the screen's bindings."""
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self._update()

    def on_unmount(self) -> None:
        """Stop following them."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings may have changed: look once, after the next frame."""
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._update)

    def _update(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        shown = self.shown_now()
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def render(self) -> Text:
        """The keys, each as its key and description; the palette's at the right edge."""
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        palette = next((k for k in self._shown if k.key == self._palette_key), None)
        for key in self._shown:
            if key is not palette:
                self._append(line, key, key_style, description_style)
        if palette is not None:
            right = cell_len(f"▏ {palette.display} {palette.description} ")
            line.append(" " * max(self.size.width - line.cell_len - right, 1))
            line.append("▏", style="dim")
            self._append(line, palette, key_style, description_style)
        return line

    def _append(self, line: Text, key: Key, key_style: Style, description_style: Style) -> None:
        start = line.cell_len
        line.append(f" {key.display} ", style=key_style)
        if key.description:
            line.append(f"{key.description} ", style=description_style)
        if not key.enabled:
            line.stylize("dim", start)
        self._spans.append((start, line.cell_len, key))

    def on_click(self, event: events.Click) -> None:
        """Press the key clicked (a disabled one rings the bell)."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return
