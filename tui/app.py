"""The workshop app: it owns the session and runs the commands; the body shows it.

`InfrasketchApp` owns one `SessionState` (`sessions.state`: the session, its file, the
saved copy, undo and redo, the unsaved marker). Every change lands through `apply`,
`undo`, `redo` or `restart`, which update the state and then set the reactive
`session`; that one reactive is what flows down: the header's unsaved marker and the
`Workshop` body (`tui.workshop`: the step list, the step shown, the live panel). Saving,
opening and recovering files are `tui.files`; a crash is `tui.crash`; a signal or a lost
terminal is `tui.stopping`.

The first frame is only the header, a line saying what is being opened, and the footer;
the body is shown and the step list and the live panel mounted right after it. The
session loads in a worker thread meanwhile (the domain model and its catalog take longer
to import than Textual takes to draw), then the first step is shown.

Each new session's `Analysis` is bound down as the reactive `analysis`. A design of up
to `INLINE_COMPONENTS` components is analysed right where the change lands, on the UI
thread: that takes a few milliseconds, less than the hop to a worker thread and back
costs while the UI thread redraws. A larger design is analysed in an exclusive worker,
so typing never waits for it (a newer session cancels an older one's).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from sessions.state import SessionState
from tui import commands
from tui.crash import close_after_crash, record_crash
from tui.files import SessionFiles
from tui.messages import (
    Analysed,
    AnalysisFailed,
    NewDesign,
    OpenRequested,
    SessionProposed,
    reason_of,
)
from tui.steps import BY_ID, StepId
from tui.workshop import Workshop
from widgets.quiet_footer import QuietFooter
from widgets.quiet_header import QuietHeader

if TYPE_CHECKING:
    from model.analysis import Analysis
    from model.history import HistoryEntry
    from model.session import Session
    from sessions.disk import FileStamp
    from sessions.errors import SessionError
    from tui.stopping import OutsideStop

Loader = Callable[[], "Session"]
"""Builds the first session (in a worker thread)."""

INLINE_COMPONENTS = 100
"""The largest design analysed on the UI thread: `make bench` measures the live parts of
an analysis at ~4.5 ms for 50 components and ~40 ms for 500 on a 2-core machine, so up
to this size it fits in half a 60 Hz frame."""

_NEED_SESSION = frozenset(
    ("save", "save_as", "next_step", "previous_step", "add_component", "undo", "redo", "goto")
)
"""Actions that wait until the session is loaded."""


class WorkshopScreen(Screen[None]):
    """The workshop's screen: Textual's own, except that a focus change repaints only
    what it restyles (the widgets losing and gaining the focus, the footer's keys).

    Textual's `Screen.focused` is a reactive that also repaints the whole screen, so every
    Tab and every step switch redrew each cell of the window: at 50 components a frame
    of about 200 widgets on top of the change itself.
    """

    focused: var[Widget | None] = var(None)


class InfrasketchApp(App[int]):
    """The infrasketch workshop."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "infrasketch"
    BINDINGS: ClassVar[list[BindingType]] = list(commands.bindings())
    COMMANDS = App.COMMANDS | {commands.workshop_commands}

    sub_title: var[str] = var("")
    """The header's second part: the file, the project, the unsaved marker. Textual's own
    repaints the whole screen when it changes; the header redraws itself."""

    session: var[Session | None] = var(None, init=False, always_update=True)
    """The session shown (`state.session`, set after the state changes); None until it
    is loaded."""

    analysis: var[Analysis | None] = var(None, init=False)
    """The analysis of the session shown, once the worker has derived it; every figure on
    screen reads it."""

    def __init__(
        self,
        path: Path | None = None,
        session: Session | None = None,
        *,
        loader: Loader | None = None,
        first_step: str | None = None,
        settle_heap: bool = False,
    ) -> None:
        """Open `session` (or what `loader` builds, or the file at `path`, or a starter).

        `path` is where the session is saved; `first_step` defaults to Start for a new
        design and Context for an opened file. With `settle_heap` (the app as the only
        thing in its process: `infrasketch open`), the garbage collector is settled once
        the first step and its figures are on screen (`model.memory.settle_heap`): what is
        loaded by then lives as long as the process, and no collection walks it again.
        """
        super().__init__()
        self.state = SessionState(path)
        """The session, its file, its history: what the app shows."""
        self.files = SessionFiles(self)
        """Saving, opening and recovering the session's file."""
        self._initial = session
        self._loader = loader
        self.first_step = first_step or (StepId.CONTEXT if path is not None else StepId.START)
        self.load_error: SessionError | None = None
        """Why the session file could not be opened, when it could not."""
        self.crash_message: str | None = None
        """The one line printed after a crash."""
        self.stop_message: str | None = None
        """The one line printed after a stop from outside (a signal, a lost terminal)."""
        self.outside: OutsideStop | None = None
        """What stops the app in order on a signal or a lost terminal, when installed."""
        self._stamp: FileStamp | None = None
        self._unsettled = {"panel", "session"} if settle_heap else set()
        """What is still to be on screen before the heap is settled."""

    @property
    def path(self) -> Path | None:
        """The session file, None until the session is first saved."""
        return self.state.path

    @property
    def dirty(self) -> bool:
        """Whether the session differs from the saved one."""
        return self.state.dirty

    @property
    def workshop(self) -> Workshop:
        """The body: the step list, the step shown and the live panel."""
        return self.query_one(Workshop)

    # -- layout and the first session --------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        """The workshop's screen (see `WorkshopScreen`)."""
        return WorkshopScreen(id="_default")

    def compose(self) -> ComposeResult:
        """Header, the body (hidden until the first frame is drawn), footer."""
        yield QuietHeader()
        loading = f"Opening {self.path}…" if self.path else "Preparing a new design…"
        yield Static(loading, id="splash")
        yield Workshop(self.first_step, loading, id="body", classes="-hidden")
        yield QuietFooter()

    def on_mount(self) -> None:
        """Show the session now if it was given, else load it off the UI thread; build the
        live panel once the first frame is drawn."""
        if self.outside is not None:
            self.outside.loop = asyncio.get_running_loop()
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

    async def mount_panel(self) -> None:
        """Show the body in place of the splash, with its step list and live panel."""
        bodies = self.query(Workshop)
        if not bodies or bodies.first().live_panel() is not None:
            return  # the app is closing, or already built
        body = bodies.first()
        body.remove_class("-hidden")
        await self.query_one("#splash").remove()
        await body.mount_panel()
        self._shown("panel")

    def _shown(self, part: str) -> None:
        """`part` of the first screen is built: once all are, settle the heap after the
        frame that shows them."""
        if part in self._unsettled:
            self._unsettled.discard(part)
            if not self._unsettled:
                from model.memory import settle_heap

                self.call_after_refresh(settle_heap)

    @work(
        thread=True,
        exclusive=True,
        group="load",
        exit_on_error=False,
        description="load the first session",
    )
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
        thread: the first step's module, the session's analysis (kept by `analyse` for the
        worker that asks again) and the diagram exporter. Anything failing here fails
        again, visibly, where it is used."""
        from exporters.diagrams import ascii  # noqa: F401 - imported for the live diagram's first draw
        from model.analysis import analyse

        with contextlib.suppress(Exception):  # a warm-up only: the UI reports real failures
            BY_ID[self.first_step].view()
            analyse(session).live_parts()

    def _default_loader(self) -> Session:
        if self.path is not None:
            from sessions.store import load_stamped

            session, self._stamp = load_stamped(self.path)
            return session
        from sessions.starter import starter_session

        return starter_session()

    def ready(self, session: Session) -> None:
        """The first session is here: show it and the first step, offer recovery."""
        self.state.start(session, self.path, session, self._stamp)
        self.session = session
        self.workshop.show_step(self.first_step)
        self.files.offer_recovery()
        self._shown("session")

    # -- the one way the session changes -----------------------------------------------

    def apply(self, session: Session, description: str) -> None:
        """Make `session` the current one: the single way every change lands."""
        if self.state.apply(session, description, time.monotonic()):
            self.session = session
            self.files.schedule_autosave()

    def restart(
        self,
        session: Session,
        path: Path | None,
        saved: Session | None,
        stamp: FileStamp | None = None,
    ) -> None:
        """Start over on `session` from `path`, whose file held `stamp` (open, new design,
        recovery)."""
        self.state.start(session, path, saved, stamp)
        self.session = session

    def watch_session(self, session: Session | None) -> None:
        """Push a new session everywhere it is shown."""
        if session is None:
            return
        self.update_header()
        self.workshop.show(session, self.path)
        if len(session.components) <= INLINE_COMPONENTS:
            self.workers.cancel_group(self, "analysis")
            result = live_analysis(session)
            if isinstance(result, Analysed):
                self.on_analysed(result)
            else:
                self.on_analysis_failed(result)
        else:
            self.workshop.analysing()
            self.analyse_session(session)

    @work(
        thread=True,
        exclusive=True,
        group="analysis",
        exit_on_error=False,
        description="analyse the session",
    )
    def analyse_session(self, session: Session) -> None:
        """Derive the session's analysis off the UI thread; the result comes back as
        `Analysed` (or `AnalysisFailed`)."""
        self.post_message(live_analysis(session))

    def on_analysed(self, message: Analysed) -> None:
        """The analysis of a session: shown, if that session is still the current one."""
        if message.analysis.session is self.session:
            self.analysis = message.analysis

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        """Say in the panel that the current session could not be analysed."""
        if message.session is self.session:
            self.workshop.show_failure(message.reason)

    def watch_analysis(self, analysis: Analysis | None) -> None:
        """Bind the new analysis down to the body."""
        if analysis is not None:
            self.workshop.show_analysis(analysis)

    def session_saved(self) -> None:
        """Saved: the unsaved marker goes (and the step hears of it)."""
        self.update_header()
        self.workshop.session_saved()

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
            self.restart(message.session, None, None)
            self.workshop.show_step(StepId.CONTEXT)

        self.files.confirm_discard("Save your changes before starting a new design?", start)

    def on_open_requested(self, message: OpenRequested) -> None:
        """Start step: open a file (after asking about unsaved changes)."""
        self.files.confirm_discard(
            "Save your changes before opening another file?",
            lambda: self.files.open_file(message.path),
        )

    # -- commands ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Session commands wait until the session is loaded."""
        if action in _NEED_SESSION:
            return self.session is not None
        return True

    def _moved_in_history(self, entry: HistoryEntry | None, done: str, nothing: str) -> None:
        """Show the session an undo or redo went to (or say there was nothing to do)."""
        if entry is None:
            self.notify(nothing, timeout=2)
            return
        self.session = self.state.session
        # At once: an undone change must not wait in the autosave as newer work.
        self.files.autosave_now()
        self.notify(f"{done}: {entry.description}", timeout=2)

    def action_undo(self) -> None:
        """Take back the last change, on whichever step it was made."""
        entry = self.state.undo(time.monotonic())
        self._moved_in_history(entry, "Undone", "Nothing to undo.")

    def action_redo(self) -> None:
        """Apply the last undone change again."""
        entry = self.state.redo(time.monotonic())
        self._moved_in_history(entry, "Redone", "Nothing to redo.")

    def action_save(self) -> None:
        """Save to the session's file, or ask for one."""
        self.files.save()

    def action_save_as(self) -> None:
        """Ask for a file name and save there."""
        self.files.save_as()

    def action_open(self) -> None:
        """Ask for a session file to open (after asking about unsaved changes)."""
        self.files.ask_open()

    def action_recover_unsaved(self) -> None:
        """Reopen the autosave of the last design that was never saved, at Context."""
        recovered = self.files.recover_unsaved()
        if recovered is not None:
            self.restart(recovered, None, None)
            self.workshop.show_step(StepId.CONTEXT)

    async def action_quit(self) -> None:
        """Quit, asking first when there are unsaved changes."""
        self.files.confirm_discard("Save your changes before quitting?", lambda: self.exit(0))

    def action_goto(self, step_id: str) -> None:
        """Go to a step (palette: "Go to <step>")."""
        self.workshop.show_step(step_id)

    def action_next_step(self) -> None:
        """Go to the next step."""
        self.workshop.step_by(1)

    def action_previous_step(self) -> None:
        """Go to the previous step."""
        self.workshop.step_by(-1)

    def action_focus_steps(self) -> None:
        """Put the keyboard in the step list."""
        sidebar = self.workshop.sidebar()
        if sidebar is not None:
            sidebar.focus()

    def action_add_component(self) -> None:
        """Go to Components and start adding one."""
        self.workshop.show_step(StepId.COMPONENTS, focus="add")

    def action_toggle_png(self) -> None:
        """Turn the live PNG on or off."""
        panel = self.workshop.live_panel()
        if panel is not None:
            panel.toggle_png()

    def action_toggle_panel(self) -> None:
        """Hide the live panel (the step gets the whole width) or show it again."""
        shown = self.workshop.toggle_panel()
        self.notify("Live panel shown." if shown else "Live panel hidden (ctrl+t shows it).")

    def action_next_lens(self) -> None:
        """Show the next role's lens in the live panel."""
        from widgets.role_lens import lens_label

        lens = self.workshop.next_lens()
        if lens is not None:
            self.notify(f"Lens: {lens_label(lens)}", timeout=2)

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

    # -- crash and stops from outside ---------------------------------------------------

    def keep_work_now(self) -> str:
        """The emergency autosave, from any thread; what became of the work, in words."""
        return self.files.keep_work_now()

    def _handle_exception(self, error: Exception) -> None:
        """Any unhandled exception: emergency autosave, then exit 1 with one line to read
        (`tui.crash`)."""
        if self.crash_message is None:
            self.crash_message = record_crash(error, self)
        close_after_crash(self, error)


def live_analysis(session: Session) -> Analysed | AnalysisFailed:
    """The message carrying what the live panel shows of `session`'s analysis, or why it
    could not be derived (an engine bug must show in the panel, not end the workshop)."""
    from model.analysis import analyse

    try:
        return Analysed(analyse(session).live_parts())
    except Exception as exc:
        return AnalysisFailed(session, reason_of(exc))
