"""Export: choose what to export and where, see it first, write it, know whether it is current.

The files are those of `infrasketch export` (`exporters.bundle`), written by the same
writer (`exporters.writer.export_bundle`) with the same protections: nothing is written
when a file in the way was edited by hand or not written by infrasketch, and each refused
file is listed with the reason — "Force" overwrites them after a confirmation (symbolic
links stay refused). Writing runs in a worker with a progress bar and a line per file.
The folder's status ("up to date", "N files differ") is the CLI's `--check`, re-run when
the folder, the kinds or the session change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import (
    Button,
    Input,
    Label,
    ProgressBar,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
)

from exporters.bundle import kinds, selected
from exporters.writer import ExportError, ExportResult, FileOutcome, export_bundle
from model.analysis import analyse
from tui.steps import StepId
from tui.steps.base import StepView
from tui.steps.export_preview import ExportPreview
from tui.steps.form import FormField
from widgets.reflow_row import ReflowRow
from widgets.ticks import TickList

if TYPE_CHECKING:
    from model.session import Session

STYLE = {"written": "green", "removed": "yellow", "refused": "bold red", "held": "dim"}
"""How each outcome's line is drawn."""


def default_folder(session_path: Path | None, suggested: str) -> str:
    """`<session dir>/<session stem>-export`, or `<project slug>-export` when never saved."""
    if session_path is not None:
        return str(session_path.with_name(f"{session_path.stem}-export"))
    return f"{Path(suggested).stem}-export"


def status_text(result: ExportResult) -> Text:
    """The `--check` result in one or two lines."""
    if result.refused:
        first = result.refused[0]
        text = Text(f"{len(result.refused)} file(s) in the way", style="bold red")
        return text.append(f": {first.path}: {first.reason}", style="red")
    if result.ok:
        return Text(f"Up to date: {len(result.outcomes)} files match the session.", style="green")
    stale = result.out_of_date
    if all(o.status == "missing" for o in stale) and len(stale) == len(result.outcomes):
        return Text(f"No export here yet: {len(stale)} files to write.", style="yellow")
    names = ", ".join(o.path for o in stale[:3]) + (", …" if len(stale) > 3 else "")
    return Text(f"{len(stale)} file(s) differ from the session: {names}", style="yellow")


def outcome_line(outcome: FileOutcome) -> Text:
    """One file's outcome, coloured by what happened."""
    text = Text(f"{outcome.status:<9} ", style=STYLE.get(outcome.status, ""))
    text.append(outcome.path)
    if outcome.reason:
        text.append(f"  {outcome.reason}", style="dim")
    return text


def kind_label(session: Session, kind: str) -> Text:
    """`kind` (what `--only` calls it) and the files it writes for `session`."""
    paths = [a.path for a in selected([kind]) if a.applies(session)]
    shown = ", ".join(paths) if len(paths) <= 2 else f"{paths[0]}, … {len(paths)} files"
    return Text.assemble((f"{kind:<11}", "bold"), (shown, "dim"))


class ExportStep(StepView):
    """What, where, write with progress, status; and the preview."""

    DEFAULT_CSS = """
    ExportStep { overflow-y: hidden; }
    ExportStep > TabbedContent { height: 1fr; }
    ExportStep TabPane { padding: 0; }
    ExportStep #write-pane { height: 1fr; }
    ExportStep #kinds { height: auto; max-height: 8; }
    ExportStep #export-status, ExportStep #results { height: auto; }
    ExportStep #progress { display: none; margin: 1 0 0 0; }
    ExportStep #force { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "write", "Write", tooltip="Write the chosen files", id="export-write"),
        Binding("c", "check", "Check", tooltip="Compare the folder with the session", id="check"),
        Binding("2", "tab('preview')", "Preview", tooltip="See each file first", id="preview"),
        Binding("1", "tab('write')", "Write tab", show=False, id="write-tab"),
    ]

    step_id = StepId.EXPORT

    @dataclass
    class Checked(Message):
        """The folder was compared with the session (or could not be)."""

        folder: str
        result: ExportResult | None
        error: str = ""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._check_timer: Timer | None = None
        self.last_result: ExportResult | None = None
        """The outcome of the last write, when there was one."""
        self._lines: list[Text] = []
        self._checked: tuple[object, ...] = ()

    def compose_body(self) -> ComposeResult:
        """A tab to write and a tab to preview."""
        from tui.app import InfrasketchApp

        app = self.app
        folder = "export"
        if isinstance(app, InfrasketchApp):
            folder = default_folder(app.path, app.state.suggested_name())
        with TabbedContent(initial="write"):
            with TabPane("Write [1]", id="write"), VerticalScroll(id="write-pane", can_focus=False):
                yield Label("What to export", classes="section")
                yield TickList[str](
                    *((kind_label(self.current, kind), kind, True) for kind in kinds()),
                    id="kinds",
                    compact=True,
                )
                yield FormField("Folder", Input(folder, id="folder", compact=True), "folder")
                yield Static(Text("Checking the folder…", style="dim"), id="export-status")
                with ReflowRow(classes="buttons"):
                    yield Button("Write (w)", id="write-button", variant="primary", compact=True)
                    yield Button("Check (c)", id="check-button", compact=True)
                    yield Button("Force…", id="force", variant="error", compact=True)
                yield ProgressBar(id="progress", show_eta=False)
                yield Static(id="results")
            with TabPane("Preview [2]", id="preview"):
                yield ExportPreview(self.current, kinds(), id="export-preview")

    def on_mount(self) -> None:
        """Check the folder right away (in a worker: it renders the whole bundle)."""
        super().on_mount()
        self.action_check()

    # -- what and where ----------------------------------------------------------------

    @property
    def folder(self) -> str:
        """The export folder as typed."""
        return self.query_one("#folder", Input).value.strip()

    @property
    def chosen_kinds(self) -> list[str]:
        """The kinds ticked."""
        return list(self.query_one("#kinds", SelectionList).selected)

    @property
    def only(self) -> list[str] | None:
        """`--only` for the writer: None when every kind is ticked (exactly the CLI's default)."""
        chosen = self.chosen_kinds
        return None if set(chosen) == set(kinds()) else chosen

    @on(SelectionList.SelectedChanged, "#kinds")
    def _kinds_changed(self) -> None:
        self.query_one(ExportPreview).show(self.current, self.chosen_kinds)
        self.schedule_check()

    @on(Input.Changed, "#folder")
    def _folder_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#force", Button).display = False
        self.schedule_check()

    @on(Input.Submitted, "#folder")
    def _folder_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#write-button", Button).focus()

    def session_saved(self) -> None:
        """Saved: the status no longer asks to save."""
        self._checked = ()
        self.schedule_check(0.05)

    def refresh_from(self, session: Session) -> None:
        """Another session: new files, new status."""
        self.query_one(ExportPreview).show(session, self.chosen_kinds)
        self.schedule_check()

    def focus_first(self) -> None:
        """The write button has the keyboard (enter writes)."""
        self.query_one("#write-button", Button).focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "preview":
            self.call_after_refresh(self.query_one(ExportPreview).focus_list)

    def action_tab(self, tab: str) -> None:
        """Show tab `tab`."""
        self.query_one(TabbedContent).active = tab
        if tab == "preview":
            self.call_after_refresh(self.query_one(ExportPreview).focus_list)
        else:
            self.call_after_refresh(self.focus_first)

    # -- check -------------------------------------------------------------------------

    def _check_key(self) -> tuple[object, ...]:
        return (self.current, self.folder, tuple(self.chosen_kinds))

    def schedule_check(self, delay: float = 0.4) -> None:
        """Compare the folder with the session shortly (typing postpones it), unless the
        folder, the kinds and the session are those of the last check."""
        if self._check_timer is not None:
            self._check_timer.stop()
        if self._check_key() != self._checked:
            self._check_timer = self.set_timer(delay, self.action_check)

    def action_check(self) -> None:
        """Compare the folder with the session now (nothing is written)."""
        self._checked = self._check_key()
        if not self.folder:
            self.query_one("#export-status", Static).update(Text("Type a folder.", style="yellow"))
            return
        self.query_one("#export-status", Static).update(Text("Checking the folder…", style="dim"))
        self.check_folder(self.current, self.folder, self.only)

    @work(
        thread=True,
        exclusive=True,
        group="export-check",
        exit_on_error=False,
        description="check the export folder",
    )
    def check_folder(self, session: Session, folder: str, only: list[str] | None) -> None:
        """`export --check` off the UI thread."""
        from sessions.atomic import WriteError

        try:
            result = export_bundle(analyse(session), folder, only=only, check=True)
        except (ExportError, WriteError, OSError) as exc:
            self.post_message(self.Checked(folder, None, str(exc)))
            return
        self.post_message(self.Checked(folder, result))

    def on_export_step_checked(self, message: ExportStep.Checked) -> None:
        """Show the folder's status (unless the folder changed meanwhile)."""
        if message.folder != self.folder:
            return
        status = self.query_one("#export-status", Static)
        if message.result is None:
            status.update(Text(message.error, style="bold red"))
            return
        text = status_text(message.result)
        if getattr(self.app, "dirty", False):
            text.append(
                "\nThe design has unsaved changes: save it (ctrl+s) so that "
                "`infrasketch export --check` compares the folder with the same design.",
                style="dim",
            )
        status.update(text)

    # -- write -------------------------------------------------------------------------

    def action_write(self, force: bool = False) -> None:
        """Write the chosen files into the folder (in a worker, with progress)."""
        if not self.folder:
            self.query_one("#export-status", Static).update(Text("Type a folder.", style="yellow"))
            return
        only = self.only
        files = [a for a in selected(only) if a.applies(self.current)]
        progress = self.query_one("#progress", ProgressBar)
        progress.update(total=len(files) + 1, progress=0)
        progress.display = True
        self.query_one("#results", Static).update(Text("Writing…", style="dim"))
        self.query_one("#force", Button).display = False
        self._lines = []
        self.write_files(self.current, self.folder, only, force)

    @work(
        thread=True,
        exclusive=True,
        group="export-write",
        exit_on_error=False,
        description="write the export",
    )
    def write_files(
        self, session: Session, folder: str, only: list[str] | None, force: bool
    ) -> None:
        """Export off the UI thread, reporting each file as it is settled."""
        from sessions.atomic import WriteError

        def settled(outcome: FileOutcome) -> None:
            self.app.call_from_thread(self._settled, outcome)

        try:
            result = export_bundle(
                analyse(session), folder, only=only, force=force, on_file=settled
            )
        except (ExportError, WriteError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._finished, result)

    def _settled(self, outcome: FileOutcome) -> None:
        self.query_one("#progress", ProgressBar).advance(1)
        self._lines.append(outcome_line(outcome))
        self.query_one("#results", Static).update(Text("\n").join(self._lines))

    def _failed(self, reason: str) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#results", Static).update(Text(f"Not exported: {reason}", style="bold red"))

    def _finished(self, result: ExportResult) -> None:
        self.last_result = result
        progress = self.query_one("#progress", ProgressBar)
        progress.update(progress=progress.total or 0)
        counts: dict[str, int] = {}
        for outcome in result.outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        if result.refused:
            head = Text(
                f"Nothing written to {result.root}: {len(result.refused)} file(s) refused "
                "(Force… overwrites them after asking).",
                style="bold red",
            )
            self.query_one("#force", Button).display = True
        else:
            head = Text(f"Exported to {result.root} ({summary}).", style="bold green")
            self.notify(f"Exported to {result.root}", timeout=4)
        self.query_one("#results", Static).update(Text("\n").join([head, *self._lines]))
        self._checked = ()
        self.schedule_check(0.05)

    @on(Button.Pressed, "#write-button")
    def _write_pressed(self) -> None:
        self.action_write()

    @on(Button.Pressed, "#check-button")
    def _check_pressed(self) -> None:
        self.action_check()

    @on(Button.Pressed, "#force")
    def _force_pressed(self) -> None:
        from tui.dialogs import ChoiceDialog

        refused = self.last_result.refused if self.last_result else ()
        listed = "\n".join(f"  {o.path}: {o.reason}" for o in refused[:8])
        more = f"\n  … and {len(refused) - 8} more" if len(refused) > 8 else ""
        question = (
            f"Overwrite {len(refused)} file(s) that infrasketch did not write or that were "
            f"edited by hand?\n{listed}{more}"
        )
        answers = [("force", "Overwrite", "o"), ("cancel", "Cancel", "c")]

        def answered(answer: str | None) -> None:
            if answer == "force":
                self.action_write(force=True)

        self.app.push_screen(ChoiceDialog(question, answers), answered)


VIEW = ExportStep
