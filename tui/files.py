"""The session's file from the app: save, save as, open, recover an autosave, ask before
changes are lost, and write the autosave a moment after each change.

`SessionFiles` holds these dialogs and their outcomes for the app, over the app's
`SessionState`; the files themselves are written by `sessions` (atomically, keeping a
`.bak`). A new session from a file goes back to the app (`InfrasketchApp.restart`), which
shows it everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer

from sessions.autosave import AUTOSAVE_DELAY, discard_autosave, write_autosave
from sessions.recent import recent_files, remember
from sessions.recovery import recovery_for

if TYPE_CHECKING:
    from model.session import Session
    from sessions.state import SessionState
    from tui.app import InfrasketchApp


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


def save_problem(path: Path) -> str | None:
    """Why a session cannot be saved at `path`, or None when it can be tried."""
    if path.is_dir():
        return f"{path} is a folder"
    if not path.parent.is_dir():
        return f"the folder {path.parent} does not exist"
    return None


class SessionFiles:
    """Saving, opening and recovering the session of `app`."""

    def __init__(self, app: InfrasketchApp) -> None:
        self.app = app
        self._autosave_timer: Timer | None = None

    @property
    def state(self) -> SessionState:
        """The app's session state."""
        return self.app.state

    # -- autosave ----------------------------------------------------------------------

    def schedule_autosave(self) -> None:
        """Write the autosave a few seconds after the last change."""
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.app.set_timer(AUTOSAVE_DELAY, self._autosave_now)

    def _autosave_now(self) -> None:
        session = self.state.session
        if session is not None and self.state.dirty:
            job = partial(self._write_autosave, session, self.state.path)
            self.app.run_worker(
                job, thread=True, exclusive=True, group="autosave", exit_on_error=False
            )
        elif session is not None:
            # Undone back to the saved session: an older autosave would be offered as
            # "newer work" next time, which it is not.
            discard_autosave(self.state.path)

    def _write_autosave(self, session: Session, path: Path | None) -> None:
        """Write the autosave (in a worker thread); a failure is reported, not raised."""
        from sessions.atomic import WriteError

        try:
            write_autosave(session, path)
        except (OSError, WriteError) as exc:
            self.app.call_from_thread(
                self.app.notify, f"Autosave failed: {exc}", severity="warning", timeout=8
            )

    # -- save --------------------------------------------------------------------------

    def save_to(self, path: Path) -> bool:
        """Save the session to `path` (atomic, keeps `.bak`); whether it worked."""
        from sessions.errors import SessionError
        from sessions.store import save

        if self.state.session is None:
            return False
        try:
            save(self.state.session, path)
        except SessionError as exc:
            self.app.notify(exc.first.message, title="Not saved", severity="error", timeout=10)
            return False
        discard_autosave(self.state.path)
        discard_autosave(path)
        self.state.saved_as(path)
        remember(path)
        self.app.session_saved()
        self.app.notify(f"Saved {path}", timeout=3)
        return True

    def save(self) -> None:
        """Save to the session's file, or ask for one."""
        if self.state.path is None:
            self.save_as()
        else:
            self.save_to(self.state.path)

    def save_as(self, then: Callable[[], object] | None = None) -> None:
        """Ask for a file name and save there (then run `then`)."""
        from tui.dialogs import PathDialog

        def done(path: Path | None) -> None:
            if path is not None and self.save_to(path) and then is not None:
                then()

        dialog = PathDialog("Save the session as", self.state.suggested_name(), save_problem)
        self.app.push_screen(dialog, done)

    def confirm_discard(self, question: str, then: Callable[[], object]) -> None:
        """Run `then`, first asking to save, discard or cancel when there are changes."""
        if not self.state.dirty:
            then()
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                if self.state.path is None:
                    self.save_as(then)
                elif self.save_to(self.state.path):
                    then()
            elif answer == "discard":
                discard_autosave(self.state.path)
                then()

        from tui.dialogs import ChoiceDialog

        answers = [("save", "Save", "s"), ("discard", "Discard", "d"), ("cancel", "Cancel", "c")]
        self.app.push_screen(ChoiceDialog(question, answers), answered)

    # -- open --------------------------------------------------------------------------

    def open_file(self, path: Path) -> None:
        """Open the session at `path`, offering its autosave when that is newer."""
        from sessions.errors import SessionError
        from sessions.store import load

        try:
            session = load(path)
        except SessionError as exc:
            self.app.notify(exc.first.message, title=f"Cannot open {path}", severity="error")
            return
        remember(path)
        self.app.restart(session, path, session)
        self.offer_recovery()

    def ask_open(self) -> None:
        """Ask for a session file to open (after asking about unsaved changes)."""
        from tui.dialogs import PathDialog

        def ask() -> None:
            dialog = PathDialog("Open a session file", "", load_problem, recent_files())
            self.app.push_screen(dialog, lambda path: self.open_file(path) if path else None)

        self.confirm_discard("Save your changes before opening another file?", ask)

    # -- recovery ----------------------------------------------------------------------

    def offer_recovery(self) -> None:
        """Ask whether to recover an autosave newer than the session's file."""
        from sessions.errors import SessionError
        from sessions.store import load
        from tui.dialogs import ChoiceDialog

        path = self.state.path
        found = recovery_for(path)
        if found is None:
            return
        where = path.name if path else "the unsaved design"
        question = (
            f"An autosave from {found.age()} holds newer work than {where}.\n({found.autosave})"
        )

        def answered(answer: str | None) -> None:
            if answer == "recover":
                try:
                    recovered = load(found.autosave)
                except SessionError as exc:
                    self.app.notify(exc.first.message, title="Cannot recover", severity="error")
                    return
                self.app.apply(recovered, "Recover autosave")
                self.app.notify("Recovered the autosave; save to keep it.", timeout=5)
            elif answer == "discard":
                discard_autosave(path)

        answers = [
            ("recover", "Recover", "r"),
            ("ignore", "Keep the file", "k"),
            ("discard", "Delete the autosave", "d"),
        ]
        self.app.push_screen(ChoiceDialog(question, answers), answered)

    def recover_unsaved(self) -> Session | None:
        """The autosave of the last design that was never saved, or None (said why)."""
        from sessions.errors import SessionError
        from sessions.store import load

        found = recovery_for(None)
        if found is None:
            self.app.notify("There is no unsaved work to recover.")
            return None
        try:
            return load(found.autosave)
        except SessionError as exc:
            self.app.notify(exc.first.message, title="Cannot recover", severity="error")
            return None
