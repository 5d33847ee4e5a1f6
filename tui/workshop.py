"""The workshop's body: the step list, the step shown, the live panel — and moving
between steps.

`Workshop` is the `#body` row of the app. The app tells it each new session
(`show(session, path)`) and it passes that down: the sidebar's ticks
(`model.progress`), the live panel, the visible step. Steps are built on their first
visit and kept. The step list and the live panel are mounted after the first frame
(`mount_panel`): laying them out is most of the cost of an empty window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from tui.messages import GoToStep
from tui.steps import BY_ID, STEPS, completed_steps, neighbour

if TYPE_CHECKING:
    from model.analysis import Analysis
    from model.session import Session
    from tui.live_panel import LivePanel
    from tui.messages import Focus
    from tui.steps.base import StepView
    from widgets.step_sidebar import StepSidebar
    from widgets.validation import RefusalChanged


class Workshop(Horizontal):
    """Sidebar | current step | live panel, and which step is shown."""

    def __init__(self, first_step: str, loading: str, *, id: str, classes: str) -> None:
        super().__init__(id=id, classes=classes)
        self.step_id = first_step
        """The id of the step shown."""
        self.visited: set[str] = set()
        """Steps shown at some point (left steps count as completed)."""
        self.session: Session | None = None
        """The session shown; None until it is loaded."""
        self.path: Path | None = None
        """Its file (the live PNG is written beside it)."""
        self.analysis: Analysis | None = None
        """The analysis of the session shown, once the app's worker has derived it."""
        self.refused: dict[Widget, str] = {}
        """The fields refusing what was typed in them, with what the live panel calls
        them ("Monthly budget (Context)")."""
        self._loading = loading
        self._busy: Timer | None = None
        self._sidebar: StepSidebar | None = None
        self._panel: LivePanel | None = None

    def compose(self) -> ComposeResult:
        """The three columns; the step list and the live panel come in `mount_panel`."""
        yield Vertical(id="steps")
        with ContentSwitcher(id="main", initial="loading"):
            yield Static(self._loading, id="loading")
        yield Vertical(id="live")

    NARROW = 110
    """Below this many columns the sidebar and the live panel narrow, so the step keeps
    room for its fields (at 100×30 the step got 32 columns of 100)."""

    def on_resize(self, event: events.Resize) -> None:
        """Narrow the side columns on a narrow screen."""
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def on_mount(self) -> None:
        """Title the columns."""
        self.query_one("#live").border_title = "Live"
        self.query_one("#steps").border_title = "Steps"

    async def mount_panel(self) -> None:
        """Mount the step list and the live panel, and show the session in them (if it
        is loaded yet)."""
        from tui.live_panel import LivePanel
        from widgets.step_sidebar import SidebarStep, StepSidebar

        if self.live_panel() is not None:
            return
        steps = [SidebarStep(s.id, s.title) for s in STEPS]
        sidebar = StepSidebar(steps, self.step_id, id="sidebar")
        panel = LivePanel(id="live-panel")
        await self.query_one("#steps").mount(sidebar)
        await self.query_one("#live").mount(panel)
        # Kept, not queried: a query walks every widget of every step built so far, and
        # each change reaches both.
        self._sidebar, self._panel = sidebar, panel
        if self.analysis is not None:
            panel.show(self.analysis, self.path)
        self._show_refused()
        if self.session is not None:
            sidebar.completed = self.completed()

    def sidebar(self) -> StepSidebar | None:
        """The step list, once it is mounted."""
        return self._sidebar

    def live_panel(self) -> LivePanel | None:
        """The live panel, once it is mounted."""
        return self._panel

    # -- the session, passed down ------------------------------------------------------

    def completed(self) -> frozenset[str]:
        """The steps done for the session shown (see `tui.steps.completed_steps`)."""
        from sessions.starter import starter_session

        if self.session is None:
            return frozenset()
        return completed_steps(self.session, self.visited, starter_session(self.session.provider))

    def show(self, session: Session, path: Path | None) -> None:
        """Show `session` (from the file at `path`) everywhere in the body."""
        self.session = session
        self.path = path
        sidebar = self.sidebar()
        if sidebar is not None:
            sidebar.completed = self.completed()
        view = self.current_view()
        if view is not None:
            view.session = session

    BUSY_AFTER = 0.2
    """Seconds an analysis may take before the live column says it is updating."""

    def analysing(self) -> None:
        """A new session is being analysed off the UI thread: if it takes longer than
        `BUSY_AFTER`, the live column's frame says its figures are being updated."""
        if self._busy is None:
            self._busy = self.set_timer(self.BUSY_AFTER, self._say_busy)

    def _say_busy(self) -> None:
        self.query_one("#live").border_subtitle = "updating…"

    def _not_busy(self) -> None:
        if self._busy is not None:
            self._busy.stop()
            self._busy = None
        live = self.query_one("#live")
        if live.border_subtitle:  # setting it repaints the whole column, the same text too
            live.border_subtitle = ""

    def show_analysis(self, analysis: Analysis) -> None:
        """Bind the analysis of the session shown to the live panel."""
        self._not_busy()
        self.analysis = analysis
        panel = self.live_panel()
        if panel is not None:
            panel.show(analysis, self.path)
        self._show_refused()

    def on_refusal_changed(self, message: RefusalChanged) -> None:
        """A field of the design began or stopped refusing its text: the live panel says
        whether its figures are of the design as typed or of the last valid one."""
        from tui.steps.base import StepView

        message.stop()
        if not message.refused:
            self.refused.pop(message.field, None)
        else:
            view = next((a for a in message.field.ancestors if isinstance(a, StepView)), None)
            step = BY_ID[view.step_id].title if view is not None else ""
            self.refused[message.field] = f"{message.caption} ({step})" if step else message.caption
        self._show_refused()

    def _show_refused(self) -> None:
        # A field removed with its record (or its step rebuilt) refuses nothing any more.
        self.refused = {field: name for field, name in self.refused.items() if field.is_attached}
        panel = self.live_panel()
        if panel is not None:
            panel.show_refused(tuple(self.refused.values()))

    def show_failure(self, reason: str) -> None:
        """The session shown could not be analysed: the live panel says why."""
        self._not_busy()
        panel = self.live_panel()
        if panel is not None:
            panel.show_failure(reason)

    def session_saved(self) -> None:
        """The session was saved: the step shown hears of it."""
        view = self.current_view()
        if view is not None:
            view.session_saved()

    # -- steps -------------------------------------------------------------------------

    def current_view(self) -> StepView | None:
        """The view of the step shown, once the session is loaded."""
        from tui.steps.base import StepView

        views = self.query_one("#main", ContentSwitcher).query_children(StepView)
        return next((v for v in views if v.step_id == self.step_id), None)

    def show_step(self, step_id: str, focus: Focus | None = None) -> None:
        """Show step `step_id` (built on first visit) with the current session."""
        info = BY_ID.get(step_id)
        if info is None or self.session is None:
            return
        if step_id != self.step_id:
            self.visited.add(self.step_id)
        self.step_id = step_id
        switcher = self.query_one("#main", ContentSwitcher)
        view = self.current_view()
        if view is None:
            self.call_next(self._build_step, info.id, focus)
        else:
            view.session = self.session
            self.call_after_refresh(view.take_focus, focus or "")
            switcher.current = view.id
        # On the live column, not the body: a class on the body restyles every widget of
        # every step built so far (about a second at 50 components).
        self.query_one("#live").set_class(info.roomy, "-roomy")
        sidebar = self.sidebar()
        if sidebar is not None:
            sidebar.current = step_id
            sidebar.completed = self.completed()

    async def _build_step(self, step_id: str, focus: Focus | None) -> None:
        """Build the view of step `step_id` on its first visit and show it once built;
        meanwhile the middle column says what it is opening (a form of a large design
        takes a few frames to build, and an empty column looked like a hang)."""
        info = BY_ID[step_id]
        switcher = self.query_one("#main", ContentSwitcher)
        if self.session is None or self.step_id != step_id or self.current_view() is not None:
            return  # moved on already, or built by an earlier call (its view is mounted)
        self.query_one("#loading", Static).update(f"Opening {info.title}…")
        switcher.current = "loading"
        view = info.view()(self.session)
        view.pending_focus = focus or ""
        await switcher.mount(view)
        if self.step_id == step_id:  # not moved on meanwhile
            switcher.current = view.id

    def step_by(self, offset: int) -> None:
        """Show the step `offset` places after the current one (negative: before)."""
        step = neighbour(self.step_id, offset)
        if step is not None:
            self.show_step(step.id)

    def on_step_sidebar_selected(self, message: StepSidebar.Selected) -> None:
        """A step chosen in the sidebar."""
        self.show_step(message.step_id)

    def on_go_to_step(self, message: GoToStep) -> None:
        """A step asked to show another step."""
        message.stop()
        self.show_step(message.step_id, message.focus)

    # -- the live panel ----------------------------------------------------------------

    def toggle_panel(self) -> bool:
        """Hide the live panel (the step gets the whole width) or show it again; whether
        it is shown now."""
        self.toggle_class("-no-panel")
        return not self.has_class("-no-panel")

    def next_lens(self) -> str | None:
        """Show the live panel with the next role's lens; the lens, or None before the
        panel is mounted."""
        panel = self.live_panel()
        if panel is None:
            return None
        self.remove_class("-no-panel")
        panel.cycle_lens()
        return panel.lens
