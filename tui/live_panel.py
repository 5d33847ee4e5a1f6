"""The live panel: what the current design costs, how available it is, what the skeptic
thinks, and its diagram — updated on every change. A role lens (`alt+l` or the lens
list) swaps the diagram for what matters to one role: a role's brief, or the skeptic's
open findings.

The app mounts the panel once the first frame is on screen (its widgets are not needed
to draw the window), analyses each new session in a worker and calls
`show(analysis, path)` with the result. Every figure is a field of that one `Analysis`
(the same the report and the exported documents read); the ASCII diagram is redrawn to
the panel's width.
With the live PNG on, a PNG of the diagram is rendered in a worker thread a moment after
the last change (so typing never waits for Graphviz), written atomically next to the
session file for a second screen or a projector, and drawn here; a failed render says
why in the panel.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Label, Select, Static, Switch
from textual.worker import get_current_worker

from sessions.autosave import png_path
from sessions.settings import read_settings, remember_setting
from tui.messages import reason_of
from widgets.availability_gauge import AvailabilityGauge
from widgets.cost_ticker import CostTicker
from widgets.diagram_image import DiagramImage
from widgets.live_diagram import LiveDiagram
from widgets.live_text import LiveText
from widgets.role_lens import LENSES, RoleLens, next_lens

if TYPE_CHECKING:
    from model.analysis import Analysis
    from model.skeptic import Tally

PNG_DELAY = 0.7
"""Seconds after the last change before the PNG is rendered."""


def findings_text(tally: Tally | None) -> Text:
    """The skeptic line of the panel (None: the session is not analysed yet)."""
    text = Text("Skeptic ", style="bold")
    if tally is None:
        return text.append("–", style="dim")
    if tally.open == 0:
        return text.append(tally.short)
    return text.append(tally.short, style="bold red" if tally.urgent else "bold yellow")


def refused_text(fields: tuple[str, ...]) -> Text:
    """The panel's warning while fields refuse what was typed: the figures are not of
    the design as typed, and which fields hold it back."""
    text = Text("! Figures are of the last valid design", style="bold yellow")
    named = ", ".join(fields[:3]) + (f" and {len(fields) - 3} more" if len(fields) > 3 else "")
    return text.append(f"\nnot applied: {named}", style="yellow")


@dataclass
class PngRendered(Message):
    """The worker wrote a PNG."""

    png: bytes
    path: Path


@dataclass
class PngFailed(Message):
    """The worker could not render or write the PNG."""

    reason: str


class LivePanel(Vertical):
    """Cost, availability, open findings, the ASCII diagram and the live PNG."""

    png_on: var[bool] = var(False, init=False)
    """Whether the live PNG is kept up to date."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.analysis: Analysis | None = None
        self.path: Path | None = None
        self._png_timer: Timer | None = None
        self.png_renders = 0
        """How many PNGs were written (for tests and the status line)."""
        self._refused: tuple[str, ...] = ()
        self._failure: str | None = None
        """A failure reported before the panel was mounted."""

    def compose(self) -> ComposeResult:
        """Figures on top, the diagram below, the PNG toggle and picture at the bottom."""
        yield CostTicker(id="cost")
        yield AvailabilityGauge(id="availability")
        yield LiveText(findings_text(None), id="findings")
        yield Static("", id="refused")
        yield Select(
            [(label, ident) for ident, label in LENSES],
            value="diagram",
            allow_blank=False,
            compact=True,
            id="lens",
            tooltip="Role lens (alt+l): what matters to each role",
        )
        yield LiveDiagram(id="diagram")
        yield RoleLens(id="role-lens")
        with Horizontal(id="png-bar"):
            yield Switch(False, id="png-switch", tooltip="Live PNG (ctrl+l)")
            yield Label("Live PNG", id="png-label")
        yield DiagramImage(id="png")

    def on_mount(self) -> None:
        """The live PNG as the user last left it; an analysis that arrived before the
        panel's parts existed is shown now."""
        if read_settings()["live_png"]:
            self.png_on = True
        if self.analysis is not None:
            self.show(self.analysis, self.path)
        failure, self._failure = self._failure, None
        if failure is not None:
            self.show_failure(failure)
        self.show_refused(self._refused, force=True)

    def show(self, analysis: Analysis, path: Path | None) -> None:
        """Show the figures and the diagram of the analysed session (saved at `path`, if
        anywhere)."""
        self.analysis = analysis
        if path is not None and self.path is None:
            # Saved at last: the unsaved design's PNG in the state folder is not its picture.
            with contextlib.suppress(OSError):
                png_path(None).unlink(missing_ok=True)
        self.path = path
        if not self.is_mounted:  # a fast analysis can beat the panel's compose: on_mount
            return
        cost = self.query_one(CostTicker)
        cost.monthly = analysis.cost.all_environments_total
        cost.budget = analysis.context.monthly_budget_usd
        self.query_one(AvailabilityGauge).value = analysis.reliability
        self._show_findings(findings_text(analysis.tally))
        self.query_one(LiveDiagram).analysis = analysis
        self.query_one(RoleLens).show(analysis)
        if self.png_on:
            self.schedule_png()

    def show_failure(self, reason: str) -> None:
        """The analysis of the latest session failed (a bug): say so where the skeptic's
        count goes, and keep the last figures, marked as those of an earlier design."""
        if not self.is_mounted:
            self._failure = reason
            return
        text = Text("Analysis failed ", style="bold red").append(reason, style="italic")
        self._show_findings(text.append("\nfigures above are of the last design analysed"))

    def show_refused(self, fields: tuple[str, ...], *, force: bool = False) -> None:
        """Say that the figures are of the last valid design while `fields` (what the
        screen calls them) refuse what was typed in them; nothing when none do."""
        if fields == self._refused and not force:
            return
        self._refused = fields
        if not self.is_mounted:
            return
        line = self.query_one("#refused", Static)
        line.display = bool(fields)
        if fields:
            line.update(refused_text(fields))

    def _show_findings(self, text: Text) -> None:
        self.query_one("#findings", LiveText).show(text)

    @property
    def lens(self) -> str:
        """The lens shown (`diagram` when none)."""
        return self.query_one(RoleLens).lens

    def set_lens(self, lens: str) -> None:
        """Show `lens` (`diagram` for the diagram)."""
        select = self.query_one("#lens", Select)
        if select.value != lens:
            select.value = lens  # posts Changed, handled below

    def cycle_lens(self) -> None:
        """The next role's lens."""
        self.set_lens(next_lens(self.lens))

    @on(Select.Changed, "#lens")
    def _lens_chosen(self, event: Select.Changed) -> None:
        event.stop()
        lens = str(event.value)
        role_lens = self.query_one(RoleLens)
        role_lens.lens = lens
        role_lens.display = lens != "diagram"
        self.query_one(LiveDiagram).display = lens == "diagram"

    def toggle_png(self) -> None:
        """Turn the live PNG on or off (and keep it so for the next time)."""
        self.png_on = not self.png_on
        remember_setting("live_png", self.png_on)

    async def watch_png_on(self, on: bool) -> None:
        """Start or stop keeping the PNG up to date."""
        switch = self.query_one("#png-switch", Switch)
        with switch.prevent(Switch.Changed):
            switch.value = on
        image = self.query_one(DiagramImage)
        image.display = on
        if on:
            await image.clear("Rendering the PNG…")
            self.schedule_png(delay=0.01)
        elif self._png_timer is not None:
            self._png_timer.stop()

    @on(Switch.Changed, "#png-switch")
    def _switched(self, event: Switch.Changed) -> None:
        self.png_on = event.value
        remember_setting("live_png", self.png_on)

    def schedule_png(self, delay: float = PNG_DELAY) -> None:
        """Render the PNG `delay` seconds from now, unless another change comes first."""
        if self._png_timer is not None:
            self._png_timer.stop()
        self._png_timer = self.set_timer(delay, self._start_render)

    def _start_render(self) -> None:
        if self.analysis is not None and self.png_on:
            self.render_png(self.analysis, png_path(self.path))

    @work(
        thread=True,
        exclusive=True,
        group="live-png",
        exit_on_error=False,
        description="render the live PNG",
    )
    def render_png(self, analysis: Analysis, target: Path) -> None:
        """Render and write the PNG off the UI thread; the result comes back as a message."""
        from exporters.diagrams.image import render_png
        from sessions.atomic import WriteError, write_atomic

        try:
            png = render_png(analysis)
        except Exception as exc:  # DiagramError (no Graphviz) or an exporter bug: say so
            self.post_message(PngFailed(f"PNG render failed: {reason_of(exc)}"))
            return
        if get_current_worker().is_cancelled:
            return
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, png)
        except (OSError, WriteError) as exc:
            self.post_message(PngFailed(f"PNG not written: {exc}"))
            return
        self.post_message(PngRendered(png, target))

    async def on_png_rendered(self, message: PngRendered) -> None:
        """Show the new PNG."""
        self.png_renders += 1
        if self.png_on:
            await self.query_one(DiagramImage).show_png(message.png, f"PNG: {message.path}")

    async def on_png_failed(self, message: PngFailed) -> None:
        """Say why there is no PNG."""
        if self.png_on:
            await self.query_one(DiagramImage).show_failure(message.reason)
