"""The workshop app: header, step sidebar, the current step, the live panel, footer.

The first frame is only the header, a line saying what is being opened, and the footer;
the three columns are shown and the step list and the live panel mounted right after it
(laying them out is most of the cost of an empty shell). The session loads in a worker
thread meanwhile (the domain model and its catalog take longer to import than Textual
takes to draw), then the first step is shown. Every session change flows down from
`SessionApp.session`: the header's unsaved marker, the sidebar's ticks, the visible step
and the live panel.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Static

from model.steps import StepId
from tui import commands
from tui.messages import Focus, GoToStep, NewDesign, OpenRequested, SessionProposed
from tui.session_app import SessionApp
from tui.steps import BY_ID, STEPS, neighbour
from tui.steps.progress import completed_steps

if TYPE_CHECKING:
    from model.session import Session
    from sessions.errors import SessionError
    from tui.live_panel import LivePanel
    from tui.steps.base import StepView
    from widgets.step_sidebar import StepSidebar

Loader = Callable[[], "Session"]
"""Builds the first session (in a worker thread)."""

_NEED_SESSION = frozenset(
    ("save", "save_as", "next_step", "previous_step", "add_component", "undo", "redo", "goto")
)
"""Actions that wait until the session is loaded."""


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
        self.first_step = first_step or (StepId.CONTEXT if path is not None else StepId.START)
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
        # The first frame is the header, this line and the footer; the three columns are
        # shown (and the step list and live panel mounted) right after it.
        yield Static(self._loading_text(), id="splash")
        with Horizontal(id="body", classes="-hidden"):
            yield Vertical(id="steps")
            with ContentSwitcher(id="main", initial="loading"):
                yield Static(self._loading_text(), id="loading")
            yield Vertical(id="live")
        yield Footer()

    def _loading_text(self) -> str:
        return f"Opening {self.path}…" if self.path else "Preparing a new design…"

    def on_mount(self) -> None:
        """Show the session now if it was given, else load it off the UI thread; build the
        live panel once the first frame is drawn."""
        self.query_one("#live").border_title = "Live"
        self.query_one("#steps").border_title = "Steps"
        self.update_header()
        # Two refreshes on: the panel's widgets and the engines behind them would
        # otherwise be imported and laid out before the window first appears.
        self.call_after_refresh(self.call_after_refresh, self.mount_panel)
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
        self.prepare(session)
        self.call_from_thread(self.ready, session)

    def prepare(self, session: Session) -> None:
        """Work `ready` would otherwise do on the UI thread, done here in the loader's
        thread: the first step's module, the engines' figures (memoised per session) and
        the diagram exporter. Anything failing here fails again, visibly, where it is used."""
        from widgets.engines import ascii_renderer, figures

        with contextlib.suppress(Exception):  # a warm-up only: the UI reports real failures
            BY_ID[self.first_step].view()
            figures(session)
            ascii_renderer()

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

    async def mount_panel(self) -> None:
        """Mount the step list and the live panel, and show the session in them (if it
        is loaded yet)."""
        from tui.live_panel import LivePanel
        from widgets.step_sidebar import SidebarStep, StepSidebar

        bodies = self.query("#body")
        if self.live_panel() is not None or not bodies:
            return  # already built, or the app is closing
        bodies.first().remove_class("-hidden")
        await self.query_one("#splash").remove()
        steps = [SidebarStep(s.id, s.title, s.available) for s in STEPS]
        sidebar = StepSidebar(steps, self.step_id, id="sidebar")
        await self.query_one("#steps").mount(sidebar)
        await self.query_one("#live").mount(LivePanel(id="live-panel"))
        if self.session is not None:
            self.query_one(LivePanel).show(self.session, self.path)
            sidebar.completed = completed_steps(self.session, self.visited)

    def sidebar(self) -> StepSidebar | None:
        """The step list, once it is mounted."""
        from widgets.step_sidebar import StepSidebar

        return next(iter(self.query(StepSidebar)), None)

    def live_panel(self) -> LivePanel | None:
        """The live panel, once it is mounted."""
        from tui.live_panel import LivePanel

        return next(iter(self.query(LivePanel)), None)

    # -- session flow ------------------------------------------------------------------

    def watch_session(self, session: Session | None) -> None:
        """Push a new session everywhere it is shown."""
        if session is None:
            return
        self.update_header()
        sidebar = self.sidebar()
        if sidebar is not None:
            sidebar.completed = completed_steps(session, self.visited)
        panel = self.live_panel()
        if panel is not None:
            panel.show(session, self.path)
        view = self.current_view()
        if view is not None:
            view.session = session

    def session_saved(self) -> None:
        """Saved: the unsaved marker goes (and the step hears of it)."""
        self.update_header()
        view = self.current_view()
        if view is not None:
            view.session_saved()

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
            self.show_step(StepId.CONTEXT)

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
        panel = self.live_panel()
        if panel is not None:
            panel.show(session, path)

    def session_recovered(self) -> None:
        """Recovered unsaved work: continue at Context."""
        self.show_step(StepId.CONTEXT)

    # -- steps -------------------------------------------------------------------------

    def current_view(self) -> StepView | None:
        """The view of the step shown, once the session is loaded."""
        from tui.steps.base import StepView

        views = self.query_one("#main", ContentSwitcher).query_children(StepView)
        return next((v for v in views if v.step_id == self.step_id), None)

    def show_step(self, step_id: str, focus: Focus | None = None) -> None:
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
        self.query_one("#body").set_class(info.roomy, "-roomy")
        sidebar = self.sidebar()
        if sidebar is not None:
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
        if action in _NEED_SESSION:
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
        sidebar = self.sidebar()
        if sidebar is not None:
            sidebar.focus()

    def action_add_component(self) -> None:
        """Go to Components and start adding one."""
        self.show_step(StepId.COMPONENTS, focus="add")

    def action_toggle_png(self) -> None:
        """Turn the live PNG on or off."""
        panel = self.live_panel()
        if panel is not None:
            panel.toggle_png()

    def action_toggle_panel(self) -> None:
        """Hide the live panel (the step gets the whole width) or show it again."""
        body = self.query_one("#body")
        body.toggle_class("-no-panel")
        shown = not body.has_class("-no-panel")
        self.notify("Live panel shown." if shown else "Live panel hidden (ctrl+t shows it).")

    def action_next_lens(self) -> None:
        """Show the next role's lens in the live panel."""
        from widgets.role_lens import lens_label

        panel = self.live_panel()
        if panel is None:
            return
        self.query_one("#body").remove_class("-no-panel")
        panel.cycle_lens()
        self.notify(f"Lens: {lens_label(panel.lens)}", timeout=2)

    def action_help(self) -> None:
        """Every key, and what each step is for."""
        from tui.help import HelpScreen, command_rows, local_rows

        self.push_screen(HelpScreen(command_rows(self), local_rows(self)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own palette entries, less the ones the workshop defines itself."""
        ours = {command.title for command in commands.COMMANDS}
        for command in super().get_system_commands(screen):
            if command.title not in ours:
                yield command
