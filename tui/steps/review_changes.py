"""Review's Changes tab: what the design changes since the last save, or since git HEAD.

The same diff `infrasketch diff` prints (`exporters.diff.text`): what it costs, what it
buys, what risk it opens, then each part. The base is the session as last saved (the
app's `SessionState.saved`), or the session file as the last commit holds it, read with
git in a worker thread; a file outside git, never committed or never saved is said so in
place of the diff. The tab computes only while it is shown, and again after each change.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import RadioSet, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui.messages import reason_of
from widgets.radio_choice import RadioChoice
from widgets.ticks import TickRadio

if TYPE_CHECKING:
    from model.session import Session


class Since(StrEnum):
    """What the design is compared with."""

    SAVE = "save"
    """The session as last saved (or opened)."""
    COMMIT = "commit"
    """The session file as git's HEAD commit holds it."""


def changes_text(
    session: Session, saved: Session | None, path: Path | None, since: Since, width: int = 100
) -> Text:
    """The diff of `session` against its last save or its last commit, as terminal text,
    its sentences wrapped at `width` (its tables and diagram as wide as they are).

    Reads git for `Since.COMMIT` (call it off the UI thread); a side that cannot be read
    is explained in the text instead.
    """
    from exporters.diff.review import review
    from exporters.diff.text import diff_text
    from model.analysis import analyse
    from sessions.errors import SessionError
    from sessions.revision import committed, load_source

    name = path.name if path is not None else "the design"
    version: int | None = None
    if since is Since.SAVE:
        base = saved
        label = f"{name} as saved" if saved is not None else "nothing saved yet"
    else:
        if path is None:
            return Text("The design is not saved to a file yet, so git holds no version of it.")
        try:
            source = committed(path)
            loaded = load_source(source, cwd=path.parent)
        except SessionError as exc:
            return Text(f"No committed version to compare with: {exc.first}", style="yellow")
        base, version, label = loaded.session, loaded.version, source.label
    result = review(
        analyse(base) if base is not None else None,
        analyse(session),
        labels=(label, "now"),
        versions=(version, None),
    )
    return Text(diff_text(result, width), no_wrap=True)


MIN_WIDTH = 40
"""The narrowest the diff's sentences are wrapped, whatever the tab's width."""


class ChangesPane(Vertical):
    """A choice of base (last save, git HEAD) and the diff against it."""

    DEFAULT_CSS = """
    ChangesPane { height: auto; width: auto; min-width: 100%; }
    ChangesPane > #changes-since { margin: 0 0 1 0; }
    ChangesPane > #changes-text { height: auto; width: auto; }
    """

    @dataclass
    class Computed(Message):
        """The worker compared `session` with its base."""

        session: Session
        since: Since
        text: Text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._inputs: tuple[Session, Session | None, Path | None] | None = None
        self.shown: tuple[Session, Since] | None = None
        """The session and base of the diff on screen."""

    def compose(self) -> ComposeResult:
        """The base to compare with, then the diff."""
        with RadioChoice(id="changes-since", compact=True):
            yield TickRadio("since the last save", value=True, id="since-save")
            yield TickRadio("since git HEAD", id="since-commit")
        yield Static(Text("Comparing…", style="dim"), id="changes-text")

    @property
    def since(self) -> Since:
        """The base chosen."""
        pressed = self.query_one("#changes-since", RadioSet).pressed_button
        return Since.COMMIT if pressed is not None and pressed.id == "since-commit" else Since.SAVE

    def show(self, session: Session, saved: Session | None, path: Path | None) -> None:
        """Compare `session` with its base (again, when it or the base changed)."""
        self._inputs = (session, saved, path)
        # Sentences fit the tab; the tables and the diagram scroll sideways.
        scroller = self.parent
        shown = scroller.size.width if isinstance(scroller, Widget) else 0
        width = max(MIN_WIDTH, shown - 2)
        self.compare(session, saved, path, self.since, width)

    @on(RadioSet.Changed, "#changes-since")
    def _since_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        if self._inputs is not None:
            self.show(*self._inputs)

    @work(
        thread=True,
        exclusive=True,
        group="review-changes",
        exit_on_error=False,
        description="compare with the saved design",
    )
    def compare(
        self, session: Session, saved: Session | None, path: Path | None, since: Since, width: int
    ) -> None:
        """`changes_text` off the UI thread; a failure is shown in place of the diff."""
        try:
            text = changes_text(session, saved, path, since, width)
        except Exception as exc:  # a bug in the diff shows here, not as a crash
            text = Text(f"Could not compare: {reason_of(exc)}", style="bold red")
        if not get_current_worker().is_cancelled:
            self.post_message(self.Computed(session, since, text))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A comparison that failed outside its own guard (a bug) shows, never vanishes."""
        if event.worker.group == "review-changes" and event.state is WorkerState.ERROR:
            error = event.worker.error
            reason = reason_of(error) if error is not None else "unknown error"
            self.query_one("#changes-text", Static).update(
                Text(f"Could not compare: {reason}", style="bold red")
            )

    def on_changes_pane_computed(self, message: ChangesPane.Computed) -> None:
        """Show the diff (unless a newer comparison was asked for meanwhile)."""
        message.stop()
        if self._inputs is None or message.session is not self._inputs[0]:
            return
        if message.since is not self.since:
            return
        self.shown = (message.session, message.since)
        self.query_one("#changes-text", Static).update(message.text)
