"""A PNG diagram drawn inside the terminal, where the terminal can draw images.

textual-image draws with the Kitty graphics protocol or Sixel when the terminal supports
one of them, and with coloured half-blocks otherwise. It finds out by asking the
terminal, which only works before Textual takes over the keyboard, so the app calls
`prepare_terminal()` before it starts. The mode comes from `INFRASKETCH_IMAGES`:

| value | drawing |
| :- | :- |
| `auto` (default) | Kitty or Sixel when the terminal answers, half-blocks otherwise |
| `halfcell` | always half-blocks (deterministic; what the tests use) |
| `none` | no picture in the terminal, only the file's path |
"""

from __future__ import annotations

import io
import os
from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Static

ImageMode = Literal["auto", "halfcell", "none"]
"""How images are drawn in the terminal."""

ENVIRONMENT = "INFRASKETCH_IMAGES"
"""The environment variable that chooses the `ImageMode`."""


def image_mode() -> ImageMode:
    """The mode chosen in the environment (`auto` when unset or unknown)."""
    value = os.environ.get(ENVIRONMENT, "auto").strip().lower()
    if value == "halfcell":
        return "halfcell"
    if value == "none":
        return "none"
    return "auto"


def prepare_terminal() -> None:
    """Ask the terminal what it can draw, before Textual owns stdin (auto mode only)."""
    if image_mode() == "auto":
        import textual_image.widget  # noqa: F401 - importing runs the terminal query


def image_widget(png: bytes, mode: ImageMode) -> Widget:
    """A widget drawing `png` in `mode` (a note instead when the mode is `none`)."""
    if mode == "none":
        return Static(Text("Image display is off (INFRASKETCH_IMAGES=none).", style="dim"))
    from PIL import Image as PILImage

    picture = PILImage.open(io.BytesIO(png))
    if mode == "halfcell":
        from textual_image.widget import HalfcellImage

        return HalfcellImage(picture)
    from textual_image.widget import Image

    widget: Widget = Image(picture)
    return widget


class DiagramImage(Vertical):
    """The latest PNG of the diagram, or a line saying why there is none."""

    DEFAULT_CSS = """
    DiagramImage { height: auto; }
    DiagramImage > #status { height: auto; color: $text-muted; }
    DiagramImage > #picture { height: auto; max-height: 24; }
    DiagramImage > #picture > * { width: 100%; height: auto; }
    DiagramImage.-failed > #status { color: $error; }
    """

    status: var[str] = var("", init=False)
    """One line: where the PNG was written, or why it was not."""

    def __init__(
        self,
        mode: ImageMode | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.mode: ImageMode = mode or image_mode()
        self.png: bytes | None = None
        """The PNG shown, if any."""

    def compose(self) -> ComposeResult:
        """The status line and the picture."""
        yield Static(id="status", markup=False)
        yield Vertical(id="picture")

    def watch_status(self, status: str) -> None:
        """Show the new status."""
        self.query_one("#status", Static).update(status)

    async def show_png(self, png: bytes, status: str) -> None:
        """Draw `png` and say where it is."""
        self.png = png
        self.remove_class("-failed")
        self.status = status
        picture = self.query_one("#picture", Vertical)
        await picture.remove_children()
        await picture.mount(image_widget(png, self.mode))

    async def show_failure(self, reason: str) -> None:
        """Say the render failed, and why; the old picture is removed (it is stale)."""
        self.png = None
        self.add_class("-failed")
        self.status = reason
        await self.query_one("#picture", Vertical).remove_children()

    async def clear(self, status: str = "") -> None:
        """Show nothing but `status`."""
        self.png = None
        self.remove_class("-failed")
        self.status = status
        await self.query_one("#picture", Vertical).remove_children()
