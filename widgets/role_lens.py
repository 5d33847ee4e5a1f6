"""The role lens: what the current design means for one person at the workshop table.

The tech lead, frontend and backend developers, QA and the product owner each get the
short view of the brief the export writes for them (`exporters.documents.roles.summary`,
from the same analysis as the exported brief); the skeptic gets the findings still
waiting for an answer. The text is built in a worker thread a moment after the last
change (a brief weighs the trade-offs), then rendered as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.worker import get_current_worker

from model.roles import ROLES, RoleId

if TYPE_CHECKING:
    from model.analysis import Analysis

LENSES: tuple[tuple[str, str], ...] = (
    ("diagram", "Diagram"),
    *((role.id.value, role.label) for role in ROLES),
)
"""(id, label) of every lens: a role's (`model.roles`); `diagram` is no lens (the panel
shows the diagram)."""

DELAY = 0.3
"""Seconds after the last change before the lens is rebuilt."""


def next_lens(current: str) -> str:
    """The lens after `current`, wrapping round."""
    ids = [ident for ident, _ in LENSES]
    index = ids.index(current) if current in ids else 0
    return ids[(index + 1) % len(ids)]


def lens_label(lens: str) -> str:
    """The label of `lens`."""
    return dict(LENSES).get(lens, lens)


def skeptic_markdown(analysis: Analysis) -> str:
    """The skeptic's open findings, most severe first, with the simpler alternative."""
    waiting = analysis.open_findings
    lines = [f"## The skeptic: {analysis.tally.words}", ""]
    if not waiting:
        lines.append("Every finding has a recorded answer.")
    for finding in waiting:
        lines += [
            f"**{finding.severity.value.upper()}** {finding.title}",
            "",
            f"> {finding.question}",
            "",
            f"Instead: {finding.alternative}",
            "",
        ]
    return "\n".join(lines)


def lens_markdown(analysis: Analysis, lens: str) -> str:
    """What `lens` shows for the analysed session, as Markdown."""
    if lens == RoleId.SKEPTIC:
        return skeptic_markdown(analysis)
    from exporters.documents.roles import summary

    lines = [f"## {lens_label(lens)}", ""]
    lines += [f"- {line}" for line in summary(analysis, lens)]
    lines += ["", f"*The whole brief: `docs/roles/{lens}.md` in the export.*"]
    return "\n".join(lines)


class RoleLens(VerticalScroll):
    """A role's brief (or the skeptic's open findings) for the current session."""

    DEFAULT_CSS = """
    RoleLens { height: 1fr; scrollbar-size: 1 1; }
    RoleLens > Markdown { margin: 0; padding: 0 1 0 0; }
    """

    lens: var[str] = var("diagram", init=False)
    """The lens shown (`diagram`: none, the widget is idle)."""

    @dataclass
    class Built(Message):
        """The worker built the text of a lens."""

        lens: str
        analysis: Analysis
        markdown: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.analysis: Analysis | None = None
        self.shown: tuple[str, Analysis | None] = ("", None)
        """The lens and analysis whose text is on screen."""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """Nothing until a lens is chosen (the Markdown widget is imported then: it is
        not cheap, and most workshops open on the diagram)."""
        yield from ()

    def show(self, analysis: Analysis, delay: float = DELAY) -> None:
        """Rebuild for `analysis` shortly (later changes within `delay` replace it)."""
        self.analysis = analysis
        if self.lens == "diagram":
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(delay, self._start)

    def watch_lens(self) -> None:
        """Another role: rebuild now."""
        if self.analysis is not None:
            self.show(self.analysis, delay=0.01)

    def _start(self) -> None:
        if self.analysis is not None and self.lens != "diagram":
            self.build(self.analysis, self.lens)

    @work(
        thread=True,
        exclusive=True,
        group="role-lens",
        exit_on_error=False,
        description="build a role lens",
    )
    def build(self, analysis: Analysis, lens: str) -> None:
        """Build the lens text off the UI thread; a failure is shown in its place."""
        try:
            text = lens_markdown(analysis, lens)
        except Exception as exc:  # a briefs bug shows in the panel, never ends the workshop
            text = f"*The {lens_label(lens).lower()} lens failed: {type(exc).__name__}: {exc}*"
        if not get_current_worker().is_cancelled:
            self.post_message(self.Built(lens, analysis, text))

    async def on_role_lens_built(self, message: RoleLens.Built) -> None:
        """Show the text, unless the lens or the analysis moved on meanwhile."""
        if message.lens != self.lens or message.analysis is not self.analysis:
            return
        from textual.widgets import Markdown

        found = self.query("#lens-text").results(Markdown)
        view = next(iter(found), None)
        if view is None:
            view = Markdown(id="lens-text")
            await self.mount(view)
        await view.update(message.markdown)
        self.shown = (message.lens, message.analysis)
