"""The workshop app: header, step sidebar, the current step, the live panel, footer.

The shell paints first and loads the session in a worker thread (the domain model and
its catalog take longer to import than Textual takes to draw), then shows the first
step. Every session change flows down from `SessionApp.session`: the header's unsaved
marker, the sidebar's ticks, the visible step and the live panel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Static

from tui import commands
from tui.live_panel import LivePanel
from tui.messages import GoToStep, NewDesign, OpenRequested, SessionProposed
from tui.session_app import SessionApp
from tui.steps import BY_ID, STEPS, neighbour
from tui.steps.progress import completed_steps
from widgets.step_sidebar import SidebarStep, StepSidebar

if TYPE_CHECKING:
    from model.session import Session
    from sessions.errors import SessionError
    from tui.steps.base import StepView

Loader = Callable[[], "Session"]
"""Builds the first session (in a worker thread)."""


class InfrasketchApp(SessionApp):
    """The infrasketch workshop."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "infrasketch"
    BINDINGS: ClassVar[list[BindingType]] = list(commands.bindings())
    COMMANDS = SessionApp.COMMANDS | {commands.workshop_commands}

    def __init__(
        self,
        path: Path | None = None,
        session: Session | None = None,
        *,
        loader: Loader | None = None,
        first_step: str | None = None,
    ) -> None:
        """Open `session` (or what `loader` builds, or the file at `path`, or a starter).

        `path` is where the session is saved; `first_step` defaults to Start for a new
        design and Context for an opened file.
        """
        super().__init__(path)
        self._initial = session
        self._loader = loader
        self.first_step = first_step or ("context" if path is not None else "start")
        self.step_id = self.first_step
        """The id of the step shown."""
        self.visited: set[str] = set()
        """Steps shown at some point (left steps count as completed)."""
        self.load_error: SessionError | None = None
        """Why the session file could not be opened, when it could not."""

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, sidebar, main area, live panel, footer."""
        yield Header()
        with Horizontal(id="body"):
            yield StepSidebar(
                [SidebarStep(s.id, s.title, s.available) for s in STEPS],
                self.first_step,
                id="sidebar",
            )
            with ContentSwitcher(id="main", initial="loading"):
                yield Static(self._loading_text(), id="loading")
            yield LivePanel(id="live")
        yield Footer()

    def _loading_text(self) -> str:
        return f"Opening {self.path}…" if self.path else "Preparing a new design…"

    def on_mount(self) -> None:
        """Show the session now if it was given, else load it off the UI thread."""
        self.update_header()
        if self._initial is not None:
            self.ready(self._initial)
        else:
            # After the first paint: the loader's imports would otherwise hold up the
            # first frame (they compete for the interpreter).
            self.call_after_refresh(self.load_first_session)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_first_session(self) -> None:
        """Import the model and load or build the first session, then show it.

        A file that cannot be loaded ends the app with its problems in `load_error`,
        which the command line prints like any other session error.
        """
        from sessions.errors import SessionError

        try:
            session = self._loader() if self._loader else self._default_loader()
        except SessionError as exc:
            self.load_error = exc
            self.call_from_thread(self.exit, 1)
            return
        self.call_from_thread(self.ready, session)

    def _default_loader(self) -> Session:
        if self.path is not None:
            from sessions.store import load

            return load(self.path)
        from sessions.starter import starter_session

        return starter_session()

    def ready(self, session: Session) -> None:
        """The first session is here: show it and the first step, offer recovery."""
        self.saved = session
        self.session = session
        self.show_step(self.first_step)
        self.offer_recovery()

    # -- session flow ------------------------------------------------------------------

    def watch_session(self, session: Session | None) -> None:
        """Push a new session everywhere it is shown."""
        if session is None:
            return
        self.update_header()
        self.query_one(StepSidebar).completed = completed_steps(session, self.visited)
        self.query_one(LivePanel).show(session, self.path)
        view = self.current_view()
        if view is not None:
            view.session = session

    def session_saved(self) -> None:
        """Saved: the unsaved marker goes."""
        self.update_header()

    def update_header(self) -> None:
        """Session name and unsaved marker in the header."""
        where = self.path.name if self.path else "unsaved design"
        project = f" · {self.session.context.project}" if self.session else ""
        self.sub_title = f"{where}{project}{' ●' if self.dirty else ''}"

    def on_session_proposed(self, message: SessionProposed) -> None:
        """A step's edit: apply it."""
        self.apply(message.session, message.description)

    def on_new_design(self, message: NewDesign) -> None:
        """Start step: a new design replaces the current one (after asking)."""

        def start() -> None:
            self.replace_session(message.session, None, None)
            self.show_step("context")

        self.confirm_discard("Save your changes before starting a new design?", start)

    def on_open_requested(self, message: OpenRequested) -> None:
        """Start step: open a file (after asking about unsaved changes)."""
        self.confirm_discard(
            "Save your changes before opening another file?",
            lambda: self.open_file(message.path),
        )

    def replace_session(self, session: Session, path: Path | None, saved: Session | None) -> None:
        """A different session: rebuild the step views around it."""
        super().replace_session(session, path, saved)
        self.update_header()
        self.query_one(LivePanel).show(session, path)

    def session_recovered(self) -> None:
        """Recovered unsaved work: continue at Context."""
        self.show_step("context")

    # -- steps -------------------------------------------------------------------------

    def current_view(self) -> StepView | None:
        """The view of the step shown, once the session is loaded."""
        from tui.steps.base import StepView

        views = self.query_one("#main", ContentSwitcher).query_children(StepView)
        return next((v for v in views if v.step_id == self.step_id), None)

    def show_step(self, step_id: str, focus: str | None = None) -> None:
        """Show step `step_id` (built on first visit) with the current session."""
        info = BY_ID.get(step_id)
        if info is None or not info.available or self.session is None:
            return
        if step_id != self.step_id:
            self.visited.add(self.step_id)
        self.step_id = step_id
        switcher = self.query_one("#main", ContentSwitcher)
        view = self.current_view()
        if view is None:
            view = info.view()(self.session)
            view.pending_focus = focus or ""
            switcher.mount(view)
        else:
            view.session = self.session
            self.call_after_refresh(view.take_focus, focus or "")
        switcher.current = view.id
        sidebar = self.query_one(StepSidebar)
        sidebar.current = step_id
        sidebar.completed = completed_steps(self.session, self.visited)

    def on_step_sidebar_selected(self, message: StepSidebar.Selected) -> None:
        """A step chosen in the sidebar."""
        self.show_step(message.step_id)

    def on_go_to_step(self, message: GoToStep) -> None:
        """A step asked to show another step."""
        self.show_step(message.step_id, message.focus)

    # -- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Session commands wait until the session is loaded."""
        if action in ("save", "save_as", "next_step", "previous_step", "add_component"):
            return self.session is not None
        return True

    def action_goto(self, step_id: str) -> None:
        """Go to a step (palette: "Go to <step>")."""
        self.show_step(step_id)

    def action_next_step(self) -> None:
        """Go to the next available step."""
        step = neighbour(self.step_id, 1)
        if step is not None:
            self.show_step(step.id)

    def action_previous_step(self) -> None:
        """Go to the previous step."""
        step = neighbour(self.step_id, -1)
        if step is not None:
            self.show_step(step.id)

    def action_focus_steps(self) -> None:
        """Put the keyboard in the step list."""
        self.query_one(StepSidebar).focus()

    def action_add_component(self) -> None:
        """Go to Components and start adding one."""
        self.show_step("components", focus="add")

    def action_toggle_png(self) -> None:
        """Turn the live PNG on or off."""
        self.query_one(LivePanel).toggle_png()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own palette entries, less the ones the workshop defines itself."""
        ours = {command.title for command in commands.COMMANDS}
        for command in super().get_system_commands(screen):
            if command.title not in ours:
                yield command
