"""The skeptic's findings: a list to move through, the highlighted one's evidence below.

Each finding shows its severity, whether it leans to over- or under-engineering, the
evidence with its numbers, the simpler or safer alternative and what it would cost,
the question the team must answer — and the recorded answer once there is one (answered
findings are ticked). Enter (or `a`) asks to record an answer, `f` asks to go where the
finding is fixed; the screen owning the session decides what both mean.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from model.units import monthly

if TYPE_CHECKING:
    from model.skeptic.findings import Finding

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}
"""How each severity is drawn."""


def finding_label(finding: Finding) -> Text:
    """One line of the list: answered mark, severity, title."""
    text = Text("✓ " if finding.answered else "  ", style="green")
    severity = finding.severity.value
    text.append(f"{severity.upper():<8}", style=SEVERITY_STYLE.get(severity, ""))
    text.append(finding.title, style="dim" if finding.answered else "")
    return text


def finding_details(finding: Finding) -> Text:
    """The evidence, the alternative with its cost, the question, and the answer."""
    lean = "over-engineering" if finding.lean.value == "over" else "under-engineering"
    text = Text(f"{finding.title}\n", style="bold")
    text.append(f"{finding.severity.value} · {lean} · rule {finding.rule}\n", style="dim")
    text.append(f"{finding.message}\n")
    text.append("Instead: ", style="bold")
    text.append(finding.alternative)
    if finding.cost_delta is not None:
        delta = finding.cost_delta
        text.append(f" ({'saves' if delta < 0 else 'adds'} {monthly(abs(delta))})", style="bold")
    if finding.availability_delta:
        text.append(f" ({finding.availability_delta:+.3g} points of availability)")
    text.append("\nQuestion: ", style="bold")
    text.append(finding.question)
    decision = finding.answered_by
    if decision is not None:
        text.append("\nAnswered: ", style="bold green")
        text.append(decision.answer or decision.rationale or decision.choice or decision.title)
    return text


class FindingsList(Vertical):
    """Findings with their details, and the two things the team can do about one."""

    DEFAULT_CSS = """
    FindingsList { height: auto; }
    FindingsList > OptionList { height: auto; max-height: 12; }
    FindingsList > #finding { height: auto; padding: 0 1; }
    FindingsList > Horizontal { height: auto; margin: 1 0 0 0; }
    FindingsList Button { margin: 0 1 0 0; min-width: 18; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "answer", "Answer", tooltip="Record the team's answer", id="answer"),
        Binding("f", "fix", "Fix", tooltip="Go to the step that fixes it", id="fix"),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | enter, a | Record the team's answer to the highlighted finding. |
    | f | Go to the step where the finding is fixed. |
    """

    @dataclass
    class AnswerRequested(Message):
        """The team wants to answer `finding`."""

        finding: Finding

    @dataclass
    class FixRequested(Message):
        """The team wants to fix `finding`."""

        finding: Finding

    def __init__(
        self,
        findings: Sequence[Finding] = (),
        *,
        fix_label: Callable[[Finding], str | None] = lambda finding: None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.findings = tuple(findings)
        self.fix_label = fix_label
        """The name of the place a finding is fixed (None: nowhere to go)."""

    def compose(self) -> ComposeResult:
        """The list, the details and the buttons."""
        yield OptionList(id="findings-list")
        yield Static(id="finding")
        with Horizontal():
            yield Button("Answer (a)", id="answer", variant="primary", compact=True)
            yield Button("Fix (f)", id="fix", compact=True)

    def on_mount(self) -> None:
        """Fill the list."""
        self.show(self.findings)

    @property
    def highlighted(self) -> Finding | None:
        """The finding under the cursor."""
        index = self.query_one(OptionList).highlighted
        return self.findings[index] if index is not None and index < len(self.findings) else None

    def show(self, findings: Sequence[Finding]) -> None:
        """List `findings`, keeping the cursor on the same rule where possible."""
        current = self.highlighted
        self.findings = tuple(findings)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(finding_label(f)) for f in self.findings)
        index = 0
        if current is not None:
            key = (current.rule, current.title)
            index = next((i for i, f in enumerate(self.findings) if (f.rule, f.title) == key), 0)
        options.highlighted = index if self.findings else None
        self._details()

    def _details(self) -> None:
        finding = self.highlighted
        details = self.query_one("#finding", Static)
        answer = self.query_one("#answer", Button)
        fix = self.query_one("#fix", Button)
        answer.display = finding is not None
        if finding is None:
            details.update(Text("The skeptic has nothing to challenge.", style="italic"))
            fix.display = False
            return
        details.update(finding_details(finding))
        answer.label = "Edit answer (a)" if finding.answered else "Answer (a)"
        where = self.fix_label(finding)
        fix.display = where is not None
        fix.label = f"Fix in {where} (f)"

    @on(OptionList.OptionHighlighted)
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._details()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_answer()

    @on(Button.Pressed, "#answer")
    def _answer_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer()

    @on(Button.Pressed, "#fix")
    def _fix_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_fix()

    def action_answer(self) -> None:
        """Ask to answer the highlighted finding."""
        finding = self.highlighted
        if finding is not None:
            self.post_message(self.AnswerRequested(finding))

    def action_fix(self) -> None:
        """Ask to fix the highlighted finding."""
        finding = self.highlighted
        if finding is not None and self.fix_label(finding) is not None:
            self.post_message(self.FixRequested(finding))

    def focus_list(self) -> None:
        """Put the keyboard in the list."""
        self.query_one(OptionList).focus()
