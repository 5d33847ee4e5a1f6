"""The app's session state and its lifecycle: one way to change it, save, open, autosave,
recover, quit, and crash without losing work.

`SessionApp` owns the reactive `session` (immutable), the file it came from, the last
saved session (dirty = current != saved) and the history of sessions (`model.history`:
undo and redo across every step). Every change goes through `apply`, which records the
history, sets the reactive and schedules the autosave; undo and redo set the reactive
from the history the same way, so the unsaved marker simply follows (undoing back to
the saved session clears it). The layout lives in `tui.app.InfrasketchApp`, which subclasses
this and reacts to `session` changes.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.reactive import reactive
from textual.timer import Timer

from model.history import History
from sessions.autosave import (
    AUTOSAVE_DELAY,
    discard_autosave,
    emergency_save,
    write_autosave,
)
from sessions.recent import recent_files, remember
from sessions.recovery import recovery_for, write_crash_log

if TYPE_CHECKING:
    from model.session import Session


def load_problem(path: Path) -> str | None:
    """Why the session file at `path` cannot be opened, or None when it can."""
    from sessions.errors import SessionError
    from sessions.store import load

    try:
        load(path)
    except SessionError as exc:
        extra = len(exc.problems) - 1
        return str(exc.first) + (f" (and {extra} more)" if extra else "")
    return None


class SessionApp(App[int]):
    """An app holding one workshop session and its file."""

    session: reactive[Session | None] = reactive(None, init=False, always_update=True)
    """The session shown; None until it is loaded."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.path = path
        """The session file, None until the session is first saved."""
        self.saved: Session | None = None
        """The session as last saved (or as opened); None when never saved."""
        self.history = History()
        """Undo and redo stacks of sessions."""
        self.crash_message: str | None = None
        """The one line printed after a crash."""
        self._autosave_timer: Timer | None = None

    # -- state -------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Whether the session differs from the saved one."""
        return self.session is not None and self.session != self.saved

    def apply(self, session: Session, description: str) -> None:
        """Make `session` the current one: the single way every change lands."""
        current = self.session
        if current is None or session == current:
            return
        self.history.record(current, description, time.monotonic())
        self.session = session
        self.schedule_autosave()

    def action_undo(self) -> None:
        """Take back the last change, on whichever step it was made."""
        if self.session is None:
            return
        entry = self.history.undo(self.session, time.monotonic())
        if entry is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self.session = entry.session
        self.schedule_autosave()
        self.notify(f"Undone: {entry.description}", timeout=2)

    def action_redo(self) -> None:
        """Apply the last undone change again."""
        if self.session is None:
            return
        entry = self.history.redo(self.session, time.monotonic())
        if entry is None:
            self.notify("Nothing to redo.", timeout=2)
            return
        self.session = entry.session
        self.schedule_autosave()
        self.notify(f"Redone: {entry.description}", timeout=2)

    def replace_session(self, session: Session, path: Path | None, saved: Session | None) -> None:
        """Start over on `session` from `path` (open, new design, recovery)."""
        self.path = path
        self.saved = saved
        self.history.clear()
        self.session = session

    # -- autosave ----------------------------------------------------------------------

    def schedule_autosave(self) -> None:
        """Write the autosave a few seconds after the last change."""
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self._autosave_now)

    def _autosave_now(self) -> None:
        if self.session is not None and self.dirty:
            self.autosave(self.session, self.path)
        elif self.session is not None:
            # Undone back to the saved session: an older autosave would be offered as
            # "newer work" next time, which it is not.
            discard_autosave(self.path)

    @work(thread=True, exclusive=True, group="autosave", exit_on_error=False)
    def autosave(self, session: Session, path: Path | None) -> None:
        """Write the autosave off the UI thread; a failure is reported, not raised."""
        from sessions.atomic import WriteError

        try:
            write_autosave(session, path)
        except (OSError, WriteError) as exc:
            self.call_from_thread(
                self.notify, f"Autosave failed: {exc}", severity="warning", timeout=8
            )

    # -- save / open -------------------------------------------------------------------

    def save_to(self, path: Path) -> bool:
        """Save the session to `path` (atomic, keeps `.bak`); whether it worked."""
        from sessions.errors import SessionError
        from sessions.store import save

        if self.session is None:
            return False
        try:
            save(self.session, path)
        except SessionError as exc:
            self.notify(exc.first.message, title="Not saved", severity="error", timeout=10)
            return False
        discard_autosave(self.path)
        self.path = path
        discard_autosave(path)
        self.saved = self.session
        remember(path)
        self.session_saved()
        self.notify(f"Saved {path}", timeout=3)
        return True

    def session_saved(self) -> None:
        """Hook: the session was saved (the shell updates its header)."""

    def action_save(self) -> None:
        """Save to the session's file, or ask for one."""
        if self.path is None:
            self.action_save_as()
        else:
            self.save_to(self.path)

    def suggested_name(self) -> str:
        """A file name for a session never saved: the project's name as a slug."""
        if self.path is not None:
            return str(self.path)
        project = self.session.context.project if self.session else "design"
        slug = "-".join("".join(c if c.isalnum() else " " for c in project.lower()).split())
        return f"{slug or 'design'}.yaml"

    def action_save_as(self, then: Callable[[], object] | None = None) -> None:
        """Ask for a file name and save there."""

        def check(path: Path) -> str | None:
            if path.is_dir():
                return f"{path} is a folder"
            if not path.parent.is_dir():
                return f"the folder {path.parent} does not exist"
            return None

        def done(path: Path | None) -> None:
            if path is not None and self.save_to(path) and then is not None:
                then()

        from tui.dialogs import PathDialog

        self.push_screen(PathDialog("Save the session as", self.suggested_name(), check), done)

    def open_file(self, path: Path) -> None:
        """Open the session at `path`, offering its autosave when that is newer."""
        from sessions.errors import SessionError
        from sessions.store import load

        try:
            session = load(path)
        except SessionError as exc:
            self.notify(exc.first.message, title=f"Cannot open {path}", severity="error")
            return
        remember(path)
        self.replace_session(session, path, session)
        self.offer_recovery()

    def action_open(self) -> None:
        """Ask for a session file to open (after asking about unsaved changes)."""

        from tui.dialogs import PathDialog

        def ask() -> None:
            dialog = PathDialog("Open a session file", "", load_problem, recent_files())
            self.push_screen(dialog, lambda path: self.open_file(path) if path else None)

        self.confirm_discard("Save your changes before opening another file?", ask)

    def confirm_discard(self, question: str, then: Callable[[], object]) -> None:
        """Run `then`, first asking to save, discard or cancel when there are changes."""
        if not self.dirty:
            then()
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                if self.path is None:
                    self.action_save_as(then)
                elif self.save_to(self.path):
                    then()
            elif answer == "discard":
                discard_autosave(self.path)
                then()

        from tui.dialogs import ChoiceDialog

        answers = [("save", "Save", "s"), ("discard", "Discard", "d"), ("cancel", "Cancel", "c")]
        self.push_screen(ChoiceDialog(question, answers), answered)

    # -- recovery ----------------------------------------------------------------------

    def offer_recovery(self) -> None:
        """Ask whether to recover an autosave newer than the session's file."""
        from sessions.errors import SessionError
        from sessions.store import load

        found = recovery_for(self.path)
        if found is None:
            return
        where = self.path.name if self.path else "the unsaved design"
        question = (
            f"An autosave from {found.age()} holds newer work than {where}.\n({found.autosave})"
        )

        def answered(answer: str | None) -> None:
            if answer == "recover":
                try:
                    recovered = load(found.autosave)
                except SessionError as exc:
                    self.notify(exc.first.message, title="Cannot recover", severity="error")
                    return
                self.apply(recovered, "Recover autosave")
                self.notify("Recovered the autosave; save to keep it.", timeout=5)
            elif answer == "discard":
                discard_autosave(self.path)

        answers = [
            ("recover", "Recover", "r"),
            ("ignore", "Keep the file", "k"),
            ("discard", "Delete the autosave", "d"),
        ]
        from tui.dialogs import ChoiceDialog

        self.push_screen(ChoiceDialog(question, answers), answered)

    def action_recover_unsaved(self) -> None:
        """Reopen the autosave of the last design that was never saved."""
        from sessions.errors import SessionError
        from sessions.store import load

        found = recovery_for(None)
        if found is None:
            self.notify("There is no unsaved work to recover.")
            return
        try:
            recovered = load(found.autosave)
        except SessionError as exc:
            self.notify(exc.first.message, title="Cannot recover", severity="error")
            return
        self.replace_session(recovered, None, None)
        self.session_recovered()

    def session_recovered(self) -> None:
        """Hook: unsaved work was recovered (the shell shows the first step)."""

    # -- quit and crash ----------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, asking first when there are unsaved changes."""
        self.confirm_discard("Save your changes before quitting?", lambda: self.exit(0))

    def _handle_exception(self, error: Exception) -> None:
        """Any unhandled exception: emergency autosave, then exit 1 with one line to read."""
        if self.crash_message is None:
            log = write_crash_log("".join(traceback.format_exception(error)))
            if self.dirty:
                autosave = emergency_save(self.session, self.path)
                kept = (
                    f"your unsaved work is in {autosave}"
                    if autosave
                    else "the emergency autosave could not be written"
                )
            else:
                kept = "there were no unsaved changes"
            details = f"; details in {log}" if log else ""
            self.crash_message = (
                f"infrasketch stopped on an internal error ({type(error).__name__}); "
                f"{kept}{details}"
            )
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()
