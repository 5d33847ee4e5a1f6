"""The session's file from the app: save, save as, open, recover an autosave, ask before
changes are lost, and keep the autosave current.

`SessionFiles` holds these dialogs and their outcomes for the app, over the app's
`SessionState`; the files themselves are written by `sessions` (atomically, keeping a
`.bak`). A new session from a file goes back to the app (`InfrasketchApp.restart`), which
shows it everywhere.

- The autosave is written `AUTOSAVE_IDLE` s after the last change, and while changes keep
  coming no later than `AUTOSAVE_MAX_WAIT` s after the first unsaved one or at the
  `AUTOSAVE_MAX_EDITS`th (`sessions.autosave`). An undo or redo settles it at once: written,
  or removed when the session is back to the saved one, so an undone change is never
  offered as newer work. `keep_work_now` is the emergency autosave of a crash or a stop.
- Saving checks that the file still holds what was opened or last saved here. When
  another program or person changed it meanwhile, a dialog says in which sections the
  two versions differ and asks: keep mine (their version goes to `.bak`), take theirs
  (undo brings mine back), or save mine under another name.
- Saving keeps the file's comments beside their fields (`sessions.store.save`); a comment
  whose field is gone is dropped, and the save says so. It also writes the JSON Schema
  its modeline names beside the file; when that cannot be written, a warning says so
  and the session is saved all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer

from sessions.autosave import (
    AUTOSAVE_IDLE,
    AUTOSAVE_MAX_EDITS,
    AUTOSAVE_MAX_WAIT,
    AutosaveWriter,
)
from sessions.recent import recent_files, remember
from sessions.recovery import recovery_for

if TYPE_CHECKING:
    from model.session import Session
    from sessions.state import SessionState
    from tui.app import InfrasketchApp


Then = Callable[[], object] | None
"""What to run once a save worked."""


def _differences(mine: Session | None, theirs: Session) -> str:
    """Which fields two versions of a session differ in, in words: a section's own fields
    (`context.team_size`), or a whole list (`components`)."""
    from pydantic import BaseModel

    if mine is None:
        return ""
    fields: list[str] = []
    for name in type(mine).model_fields:
        ours, other = getattr(mine, name), getattr(theirs, name)
        if ours == other:
            continue
        if isinstance(ours, BaseModel) and isinstance(other, BaseModel):
            inner = type(ours).model_fields
            changed = [f"{name}.{f}" for f in inner if getattr(ours, f) != getattr(other, f)]
            fields.extend(changed or [name])
        else:
            fields.append(name)
    if not fields:
        return "Both versions hold the same design (only the file's text changed)."
    shown = ", ".join(fields[:6]) + (f" and {len(fields) - 6} more" if len(fields) > 6 else "")
    return f"Your version and the one on disk differ in: {shown}."


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
        self.autosaves = AutosaveWriter()
        """Keeps the autosave's writes in the order they were decided."""
        self._idle_timer: Timer | None = None
        self._deadline_timer: Timer | None = None
        self._pending_edits = 0

    @property
    def state(self) -> SessionState:
        """The app's session state."""
        return self.app.state

    # -- autosave ----------------------------------------------------------------------

    def schedule_autosave(self) -> None:
        """A change landed: autosave once the changes pause, or when the oldest unsaved
        one has waited long enough, or at once after enough of them."""
        self._pending_edits += 1
        if self._pending_edits >= AUTOSAVE_MAX_EDITS:
            self.autosave_now()
            return
        if self._idle_timer is not None:
            self._idle_timer.stop()
        self._idle_timer = self.app.set_timer(AUTOSAVE_IDLE, self.autosave_now)
        if self._deadline_timer is None:
            self._deadline_timer = self.app.set_timer(AUTOSAVE_MAX_WAIT, self.autosave_now)

    def autosave_now(self) -> None:
        """Bring the autosave up to date now (in a worker thread): the current session
        when it has unsaved changes, else no autosave at all."""
        for timer in (self._idle_timer, self._deadline_timer):
            if timer is not None:
                timer.stop()
        self._idle_timer = self._deadline_timer = None
        self._pending_edits = 0
        session = self.state.session
        if session is None:
            return
        ticket = self.autosaves.ticket()
        if self.state.dirty:
            job = partial(self._write_autosave, ticket, session, self.state.path)
        else:
            # Undone back to the saved session: an older autosave would be offered as
            # "newer work" next time, which it is not.
            job = partial(self.autosaves.discard, ticket, self.state.path)
        self.app.run_worker(job, thread=True, group="autosave", exit_on_error=False)

    def _write_autosave(self, ticket: int, session: Session, path: Path | None) -> None:
        """Write the autosave (in a worker thread); a failure is reported, not raised."""
        from sessions.atomic import WriteError

        try:
            self.autosaves.write(ticket, session, path)
        except (OSError, WriteError) as exc:
            self.app.call_from_thread(
                self.app.notify, f"Autosave failed: {exc}", severity="warning", timeout=8
            )

    def keep_work_now(self) -> str:
        """The emergency autosave, written right here (any thread): unsaved work is
        written, a stale autosave removed; what became of the work, in words."""
        from sessions.atomic import WriteError

        session, path = self.state.session, self.state.path
        ticket = self.autosaves.ticket()
        try:
            if session is None or not self.state.dirty:
                self.autosaves.discard(ticket, path)
                return "there were no unsaved changes"
            written = self.autosaves.write(ticket, session, path)
        except (OSError, WriteError):
            written = None
        if written is None:
            return "the emergency autosave could not be written"
        return f"your unsaved work is in {written}"

    # -- save --------------------------------------------------------------------------

    def _drop_autosave(self, *paths: Path | None) -> None:
        """Remove the autosaves of `paths`, after any write of them already decided."""
        ticket = self.autosaves.ticket()
        for path in paths:
            self.autosaves.discard(ticket, path)

    def save_to(self, path: Path, then: Then = None, *, overwrite: bool = False) -> bool:
        """Save the session to `path` (atomic, keeps `.bak`), then run `then`; whether it
        was saved now.

        When `path` is the session's file and it changed on disk since it was opened or
        saved here, ask what to do instead (unless `overwrite`).
        """
        from sessions.errors import SessionError
        from sessions.store import FileChangedError, save

        session = self.state.session
        if session is None:
            return False
        check = not overwrite and path == self.state.path
        try:
            saved = save(session, path, expect=self.state.stamp if check else None)
        except FileChangedError:
            self._ask_about_other_writer(path, then)
            return False
        except SessionError as exc:
            self.app.notify(exc.first.message, title="Not saved", severity="error", timeout=10)
            return False
        self._drop_autosave(self.state.path, path)
        self.state.saved_as(path, saved.stamp)
        remember(path)
        self.app.session_saved()
        said = [f"Saved {path}."]
        if overwrite:
            said.append(f"The version it replaced is in {path.name}.bak.")
        if saved.comments_dropped:
            said.append(
                f"{saved.comments_dropped} comment(s) of fields no longer in the design were "
                f"not kept ({path.name}.bak has them)."
            )
        self.app.notify(" ".join(said), timeout=8 if len(said) > 1 else 3)
        if saved.schema_warning:
            self.app.notify(saved.schema_warning, title="Schema", severity="warning", timeout=10)
        if then is not None:
            then()
        return True

    def _ask_about_other_writer(self, path: Path, then: Then) -> None:
        """The file changed on disk: say how, and keep mine, take theirs or save as."""
        from sessions.errors import SessionError
        from sessions.store import load_stamped
        from tui.dialogs import ChoiceDialog

        theirs: Session | None = None
        try:
            theirs, stamp = load_stamped(path)
            how = _differences(self.state.session, theirs)
        except SessionError as exc:
            how = f"The file on disk is not a valid session now: {exc.first}"
        question = (
            f"{path.name} changed on disk since it was opened here (another program or "
            f"person saved it).\n{how}"
        )

        def answered(answer: str | None) -> None:
            if answer == "mine":
                self.save_to(path, then, overwrite=True)
            elif answer == "theirs" and theirs is not None:
                self.app.apply(theirs, f"Take {path.name} as changed on disk")
                self.state.file_holds(theirs, stamp)
                self.app.session_saved()
                self.app.notify(f"Took {path.name} from disk; undo brings your version back.")
            elif answer == "as":
                self.save_as(then)

        answers = [("mine", "Keep mine", "k")]
        if theirs is not None:
            answers.append(("theirs", "Take theirs", "t"))
        answers.append(("as", "Save mine as…", "a"))
        self.app.push_screen(ChoiceDialog(question, answers), answered)

    def save(self) -> None:
        """Save to the session's file, or ask for one."""
        if self.state.path is None:
            self.save_as()
        else:
            self.save_to(self.state.path)

    def save_as(self, then: Then = None) -> None:
        """Ask for a file name and save there (then run `then`)."""
        from tui.dialogs import PathDialog

        def done(path: Path | None) -> None:
            if path is not None:
                self.save_to(path, then)

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
                else:
                    self.save_to(self.state.path, then)
            elif answer == "discard":
                self._drop_autosave(self.state.path)
                then()

        from tui.dialogs import ChoiceDialog

        answers = [("save", "Save", "s"), ("discard", "Discard", "d"), ("cancel", "Cancel", "c")]
        self.app.push_screen(ChoiceDialog(question, answers), answered)

    # -- open --------------------------------------------------------------------------

    def open_file(self, path: Path) -> None:
        """Open the session at `path`, offering its autosave when that is newer."""
        from sessions.errors import SessionError
        from sessions.store import load_stamped

        try:
            session, stamp = load_stamped(path)
        except SessionError as exc:
            self.app.notify(exc.first.message, title=f"Cannot open {path}", severity="error")
            return
        remember(path)
        self.app.restart(session, path, session, stamp)
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
            f"An autosave from {found.age()} holds work that is not in {where}.\n({found.autosave})"
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
                self._drop_autosave(path)

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
