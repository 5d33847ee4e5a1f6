"""Modal questions: choose among a few answers, or type a file path.

`ChoiceDialog` asks a question with a few answers, each with its own key (the first is
the default on enter, escape cancels). `PathDialog` asks for a file path, lists recent
files to pick from, and keeps itself open showing the reason when the caller's check
refuses the path. `AnswerDialog` asks for the team's answer to a skeptic's finding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from model.skeptic.findings import Finding

Answer = tuple[str, str, str]
"""(value returned, button label, key)."""


class ChoiceDialog(ModalScreen[str | None]):
    """A question with a few answers; dismisses with the chosen value, None on escape."""

    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical {
        width: 70; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
    ChoiceDialog #question { margin: 0 0 1 0; }
    ChoiceDialog Horizontal { height: auto; }
    ChoiceDialog Button { margin: 0 1 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, answers: Sequence[Answer]) -> None:
        super().__init__()
        self.question = question
        self.answers = tuple(answers)

    def compose(self) -> ComposeResult:
        """The question and one button per answer."""
        with Vertical():
            yield Static(self.question, id="question", markup=False)
            with Horizontal():
                for index, (value, label, key) in enumerate(self.answers):
                    yield Button(
                        f"{label} ({key})",
                        id=f"answer-{value}",
                        variant="primary" if index == 0 else "default",
                    )

    def on_mount(self) -> None:
        """The first answer has the keyboard."""
        self.query(Button).first().focus()

    def on_key(self, event: Key) -> None:
        """An answer's key picks it."""
        for value, _, key in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("answer-"))

    def action_cancel(self) -> None:
        """Escape: no answer."""
        self.dismiss(None)


PathCheck = Callable[[Path], str | None]
"""Checks a typed path: None to accept it, or the reason it is refused."""


class PathDialog(ModalScreen[Path | None]):
    """Ask for a file path; recent files can be picked from a list."""

    DEFAULT_CSS = """
    PathDialog { align: center middle; }
    PathDialog > Vertical {
        width: 90; height: auto; max-height: 80%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    PathDialog #error { color: $error; height: auto; }
    PathDialog #recent { height: auto; max-height: 10; margin: 1 0 0 0; }
    PathDialog .hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, suggestion: str, check: PathCheck, recent: Sequence[Path] = ()
    ) -> None:
        super().__init__()
        self.title_text = title
        self.suggestion = suggestion
        self.check = check
        self.recent = tuple(recent)

    def compose(self) -> ComposeResult:
        """Title, path input, error line, recent files."""
        with Vertical():
            yield Label(self.title_text)
            yield Input(self.suggestion, id="path", placeholder="path/to/design.yaml")
            yield Static("", id="error", markup=False)
            yield Static("enter: accept   escape: cancel   down: recent files", classes="hint")
            if self.recent:
                yield OptionList(*(Option(str(p), id=str(p)) for p in self.recent), id="recent")

    def on_mount(self) -> None:
        """The path input has the keyboard."""
        self.query_one("#path", Input).focus()

    def on_key(self, event: Key) -> None:
        """Down from the input moves into the recent files."""
        if event.key == "down" and self.recent and self.focused is self.query_one("#path"):
            event.stop()
            self.query_one("#recent", OptionList).focus()

    def _try(self, text: str) -> None:
        if not text.strip():
            self.query_one("#error", Static).update("type a file path")
            return
        path = Path(text.strip()).expanduser()
        reason = self.check(path)
        if reason is not None:
            self.query_one("#error", Static).update(reason)
            return
        self.dismiss(path)

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        self._try(event.value)

    @on(OptionList.OptionSelected, "#recent")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._try(event.option.id or "")

    def action_cancel(self) -> None:
        """Escape: no path."""
        self.dismiss(None)


class AnswerDialog(ModalScreen[str | None]):
    """The team's answer to one of the skeptic's findings; dismisses with the text typed
    (empty withdraws a recorded answer), None on escape."""

    DEFAULT_CSS = """
    AnswerDialog { align: center middle; }
    AnswerDialog > Vertical {
        width: 100; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    AnswerDialog #evidence { height: auto; max-height: 16; margin: 0 0 1 0; }
    AnswerDialog .hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, finding: Finding) -> None:
        super().__init__()
        self.finding = finding

    def compose(self) -> ComposeResult:
        """The finding, the answer input, the keys."""
        from widgets.findings_list import finding_details

        decision = self.finding.answered_by
        with Vertical():
            yield Static(finding_details(self.finding), id="evidence")
            yield Label("The team's answer (recorded as a decision)")
            yield Input(
                decision.answer if decision else "",
                id="answer",
                placeholder="e.g. Accepted for launch; revisit at 20,000 users",
            )
            yield Static(
                "enter: record   escape: cancel   (empty withdraws the answer)", classes="hint"
            )

    def on_mount(self) -> None:
        """The answer has the keyboard."""
        self.query_one("#answer", Input).focus()

    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Escape: nothing recorded."""
        self.dismiss(None)
