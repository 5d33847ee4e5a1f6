"""The step sidebar: every step of the workshop by name, current one highlighted.

Each step is shown with a mark: `▸` for the current step, `✓` for a completed one, `·`
for one not done yet. Choosing a step posts `StepSidebar.Selected`; the screen decides
whether and how to switch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True, slots=True)
class SidebarStep:
    """One entry of the sidebar."""

    id: str
    """The step's id, sent back in `Selected`."""
    title: str
    """The step's name as shown."""


class StepSidebar(OptionList):
    """A list of workshop steps with current/completed marks."""

    DEFAULT_CSS = """
    StepSidebar {
        width: 23;
        height: 1fr;
        border: round $primary-muted;
        border-title-color: $text-muted;
        padding: 0 0;
    }
    StepSidebar:focus {
        border: round $primary;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "select", "Open step", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | up/down | Move between steps. |
    | enter, right | Open the highlighted step. |
    """

    current: var[str] = var("", init=False)
    """The id of the step shown in the main area."""
    completed: var[frozenset[str]] = var(frozenset(), init=False)
    """Ids of the steps considered done."""

    @dataclass
    class Selected(Message):
        """The user chose a step."""

        sidebar: StepSidebar
        step_id: str

        @property
        def control(self) -> StepSidebar:
            """The sidebar that sent the message."""
            return self.sidebar

    def __init__(
        self,
        steps: Sequence[SidebarStep],
        current: str = "",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self._steps = tuple(steps)
        current = current or (steps[0].id if steps else "")
        super().__init__(*self._step_options(current, frozenset()), id=id, classes=classes)
        self.border_title = "Steps"
        self.set_reactive(StepSidebar.current, current)

    @property
    def steps(self) -> tuple[SidebarStep, ...]:
        """The steps listed."""
        return self._steps

    def mark(self, step: SidebarStep, current: str, completed: frozenset[str]) -> str:
        """The one-character mark in front of `step`."""
        if step.id == current:
            return "▸"
        return "✓" if step.id in completed else "·"

    def _step_options(self, current: str, completed: frozenset[str]) -> list[Option]:
        options = []
        for step in self._steps:
            label = Text(f"{self.mark(step, current, completed)} {step.title}")
            if step.id == current:
                label.stylize("bold")
            options.append(Option(label, id=step.id))
        return options

    def _rebuild(self) -> None:
        """Put the marks in place: only the options whose text changed are replaced (a
        rebuilt list is a layout of the whole screen)."""
        highlighted = self.highlighted
        for option in self._step_options(self.current, self.completed):
            ident = option.id or ""
            if self.get_option(ident).prompt != option.prompt:
                self.replace_option_prompt(ident, option.prompt)
        index = next((i for i, s in enumerate(self._steps) if s.id == self.current), None)
        self.highlighted = index if index is not None else highlighted

    def on_mount(self) -> None:
        """Start with the current step highlighted (the options were built in __init__)."""
        index = next((i for i, s in enumerate(self._steps) if s.id == self.current), None)
        self.highlighted = index

    def watch_current(self) -> None:
        """Move the marks when the current step changes."""
        self._rebuild()

    def watch_completed(self) -> None:
        """Update the ticks when a step is completed."""
        self._rebuild()

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Selected(self, event.option.id))
