"""The Export step's preview: every file of the bundle, shown as it will be written.

Documents are rendered as Markdown, the PNG diagram is drawn in the terminal where the
terminal can draw images (the live panel's image widget: Kitty or Sixel, half-blocks
otherwise), everything else is shown as highlighted text. Files are rendered in a worker
thread by the same functions `infrasketch export` calls, so the preview is the export.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.syntax import Syntax
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.messages import reason_of
from widgets.diagram_image import DiagramImage

if TYPE_CHECKING:
    from model.session import Session

LEXERS = {".yml": "yaml", ".yaml": "yaml", ".json": "json", ".dot": "dot", ".md": "markdown"}
"""Syntax highlighting by file extension (others are plain text)."""


def previewable(session: Session, kinds: Collection[str]) -> list[str]:
    """The paths of the bundle's files of `kinds` that the session produces, in order."""
    from exporters.bundle import ARTIFACTS

    return [a.path for a in ARTIFACTS if a.kind in kinds and a.applies(session)]


def render_file(session: Session, path: str) -> bytes:
    """The bytes the export writes at `path` (the same renderer as `infrasketch export`)."""
    from exporters.bundle import ARTIFACTS
    from model.analysis import analyse

    artifact = next(a for a in ARTIFACTS if a.path == path)
    return artifact.content(analyse(session))


class ExportPreview(Vertical):
    """A list of the bundle's files and the highlighted one, rendered."""

    DEFAULT_CSS = """
    ExportPreview { height: 1fr; }
    ExportPreview > #files { height: auto; max-height: 9; }
    ExportPreview > #preview-body { height: 1fr; border-top: dashed $primary-muted; }
    ExportPreview #preview-markdown, ExportPreview #preview-image { display: none; }
    ExportPreview #preview-text { height: auto; }
    """

    @dataclass
    class Rendered(Message):
        """The worker rendered `path` for `session`."""

        session: Session
        path: str
        data: bytes

    def __init__(self, session: Session, kinds: Collection[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.kinds = tuple(kinds)
        self.shown: str | None = None
        """The path of the file on screen."""

    def compose(self) -> ComposeResult:
        """The file list and the preview area."""
        yield OptionList(id="files")
        with VerticalScroll(id="preview-body"):
            yield Static(Text("Pick a file to see it.", style="dim"), id="preview-text")
            yield Markdown("", id="preview-markdown")
            yield DiagramImage(id="preview-image")

    def on_mount(self) -> None:
        """List the files."""
        self.show(self.session, self.kinds)

    def show(self, session: Session, kinds: Collection[str]) -> None:
        """List the files `session` exports for `kinds`; re-render the one shown."""
        self.session = session
        self.kinds = tuple(kinds)
        options = self.query_one("#files", OptionList)
        current = options.highlighted_option.id if options.highlighted_option else self.shown
        paths = previewable(session, self.kinds)
        options.clear_options()
        options.add_options(Option(path, id=path) for path in paths)
        if current in paths:
            options.highlighted = paths.index(current)
        elif paths:
            options.highlighted = 0

    @on(OptionList.OptionHighlighted, "#files")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None:
            self.render_preview(self.session, event.option.id)

    @work(
        thread=True,
        exclusive=True,
        group="export-preview",
        exit_on_error=False,
        description="render a preview",
    )
    def render_preview(self, session: Session, path: str) -> None:
        """Render `path` off the UI thread; a failure is shown in place of the file."""
        try:
            data = render_file(session, path)
        except Exception as exc:  # an exporter bug (or no Graphviz) shows here, not as a crash
            data = f"Could not render {path}: {reason_of(exc)}".encode()
            path = f"{path}.error"
        if not get_current_worker().is_cancelled:
            self.post_message(self.Rendered(session, path, data))

    async def on_export_preview_rendered(self, message: ExportPreview.Rendered) -> None:
        """Show the rendered file in the widget that suits it."""
        message.stop()
        path = message.path
        text_view = self.query_one("#preview-text", Static)
        markdown = self.query_one("#preview-markdown", Markdown)
        image = self.query_one("#preview-image", DiagramImage)
        kind = "image" if path.endswith(".png") else "markdown" if path.endswith(".md") else "text"
        text_view.display = kind == "text"
        markdown.display = kind == "markdown"
        image.display = kind == "image"
        self.shown = path
        if kind == "image":
            await image.show_png(message.data, f"{path} ({len(message.data) // 1024} KB)")
        elif kind == "markdown":
            await markdown.update(message.data.decode("utf-8"))
        elif path.endswith(".error"):
            text_view.update(Text(message.data.decode("utf-8"), style="bold red"))
        elif path.endswith(".svg"):
            size = len(message.data) // 1024
            text_view.update(
                Text(f"{path}: SVG drawing, {size} KB (the PNG above is the same picture).")
            )
        else:
            suffix = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
            lexer = LEXERS.get(suffix, "text")
            text_view.update(Syntax(message.data.decode("utf-8"), lexer, word_wrap=True))
        self.query_one("#preview-body", VerticalScroll).scroll_home(animate=False)

    def focus_list(self) -> None:
        """Put the keyboard in the file list."""
        self.query_one("#files", OptionList).focus()
