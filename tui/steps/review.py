"""Review: what the design costs and where the money goes, what it costs at 10x and 100x,
where another service becomes cheaper, how available each request path is and which
component is its weakest link — the skeptic's findings — and what changed since the last
save or the last commit (`review_changes`, the diff `infrasketch diff` prints).

For each finding the team records an answer (a decision in the session with
`finding: <rule id>`, shown as answered from then on) or jumps to the step where it is
fixed: the step editing the session field the finding's rule names, with the keyboard on
that field's control. Everything is recomputed from the session on every change, so an
answer or a fix made elsewhere shows here at once. The figures are derived in a worker
thread (the crossovers price every candidate service at three scales: a fifth of a second
at 500 components, during which no key was read) and shown when they are ready.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, VerticalScroll
from textual.message import Message
from textual.widgets import Label, Static, TabbedContent, TabPane, Tabs
from textual.worker import get_current_worker

from tui.messages import GoToStep, reason_of
from tui.steps import BY_ID, StepId, owner
from tui.steps.base import StepView
from tui.steps.review_changes import ChangesPane
from tui.steps.review_text import (
    availability_text,
    cost_text,
    crossovers_text,
    projections_text,
)
from widgets.findings_list import FindingsList

if TYPE_CHECKING:
    from model.analysis import Analysis
    from model.session import Session
    from model.skeptic.findings import Finding


def fix_step(finding: Finding) -> StepId | None:
    """The step fixing `finding`: the one editing the session field its rule names
    (`tui.steps.owner`)."""
    return owner(finding.fix)


def fix_title(finding: Finding) -> str | None:
    """The name of the step fixing `finding`, for its button."""
    step = fix_step(finding)
    return BY_ID[step].title if step is not None else None


@dataclass
class FiguresDerived(Message):
    """The worker derived every figure the step shows of `analysis.session`."""

    analysis: Analysis


@dataclass
class FiguresFailed(Message):
    """The worker could not derive the figures of `session` (an engine's bug)."""

    session: Session
    reason: str


WORKING = "Working out the figures…"
"""What the figures' places say until the first are derived."""


class ReviewStep(StepView):
    """Four tabs: cost and scale, availability, the skeptic, and the diff since the last
    save or commit (labels kept short: all four fit the step at 120 columns)."""

    DEFAULT_CSS = """
    ReviewStep { overflow-y: hidden; }
    ReviewStep > TabbedContent { height: 1fr; }
    ReviewStep TabPane { padding: 0; }
    ReviewStep TabPane > VerticalScroll { height: 1fr; }
    ReviewStep TabPane > #changes-scroll { height: 1fr; overflow: auto auto; }
    ReviewStep TabPane Static { height: auto; margin: 0 0 1 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Off the footer, which needs the room for the step's keys: the tabs show theirs.
        Binding("1", "tab('cost')", "Cost", False, tooltip="Cost, scale and crossovers"),
        Binding("2", "tab('availability')", "Availability", False, tooltip="Request paths"),
        Binding("3", "tab('skeptic')", "Skeptic", False, tooltip="The skeptic's findings"),
        Binding(
            "4",
            "tab('changes')",
            "Changes",
            False,
            tooltip="What changed since the last save or git HEAD: cost, availability, risk",
        ),
    ]

    step_id = StepId.REVIEW

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._figures_of: Session | None = None
        """The session whose figures are being derived (or shown)."""

    def compose_body(self) -> ComposeResult:
        """The figures, then the findings, one tab each."""
        with TabbedContent(initial="cost"):
            with TabPane("Cost [1]", id="cost"), VerticalScroll():
                yield Static(WORKING, id="cost-breakdown")
                yield Static(id="projections")
                yield Static(id="crossovers")
            with TabPane("Availability [2]", id="availability"), VerticalScroll():
                yield Static(WORKING, id="paths")
            with TabPane("Skeptic [3]", id="skeptic"), VerticalScroll():
                yield Label(id="skeptic-title")
                yield FindingsList(fix_label=fix_title, id="findings")
            with TabPane("Diff [4]", id="changes"), ScrollableContainer(id="changes-scroll"):
                yield ChangesPane(id="changes-pane")

    def action_tab(self, tab: str) -> None:
        """Show tab `tab` (the skeptic's takes the keyboard into its list)."""
        self.query_one(TabbedContent).active = tab
        if tab == "skeptic":
            self.call_after_refresh(self.query_one(FindingsList).focus_list)
        else:
            self.query_one(Tabs).focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "skeptic":
            self.call_after_refresh(self.query_one(FindingsList).focus_list)
        elif event.pane.id == "changes":
            self.show_changes(self.current)

    def show_changes(self, session: Session) -> None:
        """Compare `session` with the last save or commit, when the Changes tab is shown
        (the comparison analyses a second session: not worth doing unseen)."""
        if self.query_one(TabbedContent).active != "changes":
            return
        from tui.app import InfrasketchApp

        app = self.app
        saved, path = (
            (app.state.saved, app.path) if isinstance(app, InfrasketchApp) else (None, None)
        )
        self.query_one(ChangesPane).show(session, saved, path)

    def session_saved(self) -> None:
        """Saved: the changes since the last save are none, and the file may be new."""
        self.show_changes(self.current)

    def on_mount(self) -> None:
        """Fill in the figures."""
        super().on_mount()
        self.show_figures(self.current)

    def show_figures(self, session: Session) -> None:
        """Show every figure of `session`'s analysis (the one the live panel shows), once
        the worker has derived them."""
        self._figures_of = session
        self.derive_figures(session)
        self.show_changes(session)

    @work(
        thread=True,
        exclusive=True,
        group="review-figures",
        exit_on_error=False,
        description="derive the review's figures",
    )
    def derive_figures(self, session: Session) -> None:
        """Derive what the step shows of `session`'s analysis, off the UI thread."""
        from model.analysis import analyse

        try:
            analysis = analyse(session)
            _ = analysis.cost, analysis.crossovers, analysis.reliability, analysis.tally
        except Exception as exc:  # an engine's bug: said in place of the figures, not raised
            self.post_message(FiguresFailed(session, reason_of(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(FiguresDerived(analysis))

    def on_figures_failed(self, message: FiguresFailed) -> None:
        """Say, where the figures go, why there are none."""
        message.stop()
        if message.session is self._figures_of:
            failed = Text(f"No figures: {message.reason}", style="bold red")
            for place in ("#cost-breakdown", "#paths"):
                self.query_one(place, Static).update(failed)

    def on_figures_derived(self, message: FiguresDerived) -> None:
        """Show the figures of the session shown last (an older one's are dropped)."""
        message.stop()
        analysis = message.analysis
        session = analysis.session
        if session is not self._figures_of:
            return
        cost = analysis.cost
        self.query_one("#cost-breakdown", Static).update(cost_text(cost))
        self.query_one("#projections", Static).update(projections_text(cost))
        self.query_one("#crossovers", Static).update(crossovers_text(analysis.crossovers))
        self.query_one("#paths", Static).update(availability_text(analysis.reliability, session))
        findings = analysis.findings
        tally = analysis.tally
        self.query_one("#skeptic-title", Label).update(
            f"{tally.words} · enter: answer · f: go and fix"
        )
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("skeptic").label = f"Skeptic: {tally.open} open [3]"
        self.query_one(FindingsList).show(findings)

    def refresh_from(self, session: Session) -> None:
        """Another session: recompute."""
        self.show_figures(session)

    def focus_first(self) -> None:
        """The tabs have the keyboard (left/right or 1/2/3 switch)."""
        self.query_one(Tabs).focus()

    @on(FindingsList.AnswerRequested)
    def _answer(self, event: FindingsList.AnswerRequested) -> None:
        from tui.dialogs import AnswerDialog

        finding = event.finding

        def record(answer: str | None) -> None:
            if answer is not None:
                self.record_answer(finding, answer)

        self.app.push_screen(AnswerDialog(finding), record)

    def record_answer(self, finding: Finding, answer: str) -> None:
        """Record `answer` to `finding` as a decision (empty withdraws it)."""
        from model.edits import answer_finding
        from widgets.validation import attempt

        session, errors = attempt(
            lambda: answer_finding(self.current, finding, answer, dt.date.today())
        )
        if session is None:
            self.notify("; ".join(errors.values()), title="Not recorded", severity="error")
            return
        verb = "Withdraw the answer to" if not answer.strip() else "Answer"
        self.propose(session, f"{verb} {finding.rule}")
        self.show_figures(session)
        self.query_one(FindingsList).focus_list()

    @on(FindingsList.FixRequested)
    def _fix(self, event: FindingsList.FixRequested) -> None:
        step = fix_step(event.finding)
        if step is not None:
            self.post_message(GoToStep(step, event.finding.fix))


VIEW = ReviewStep
