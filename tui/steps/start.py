"""Start: begin a new design (its name and provider), open a file, or recover unsaved work.

A new design is the starter of the chosen provider (`sessions.starter`), so every later
step has something true to show and change. Recent files are listed for a quick reopen.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, Label, OptionList, RadioSet, Static
from textual.widgets.option_list import Option

from sessions.recent import recent_files
from sessions.recovery import recovery_for
from tui.messages import NewDesign, OpenRequested
from tui.steps import StepId
from tui.steps.base import StepView
from tui.steps.form import FormField, show_errors
from widgets.field_input import FieldInput
from widgets.radio_choice import RadioChoice
from widgets.reflow_row import ReflowRow
from widgets.ticks import TickRadio


class StartStep(StepView):
    """New design, open, recover."""

    step_id = StepId.START

    def compose_body(self) -> ComposeResult:
        """The three ways to begin."""
        from model.enums import Provider

        yield Label("New design", classes="section")
        yield FormField(
            "Project name",
            FieldInput("", placeholder="e.g. Orders platform", id="project", compact=True),
            "project",
        )
        with RadioChoice(id="provider", compact=True):
            for provider in Provider:
                yield TickRadio(
                    provider.label,
                    value=provider is self.current.provider,
                    name=provider.value,
                    compact=True,
                )
        with ReflowRow(classes="buttons"):
            yield Button("Start new design", id="new", variant="primary", compact=True)
        yield Label("Open a session file", classes="section")
        with ReflowRow(classes="buttons"):
            yield Button("Open…  (ctrl+o)", id="open", compact=True)
        recent = recent_files()
        if recent:
            yield Static("Recent files (enter opens):", classes="note")
            yield OptionList(*(Option(str(p), id=str(p)) for p in recent), id="recent")
        found = recovery_for(None)
        if found is not None:
            yield Label("Unsaved work", classes="section")
            yield Static(f"An unsaved design was autosaved {found.age()}.", classes="note")
            with ReflowRow(classes="buttons"):
                yield Button("Recover unsaved work", id="recover", compact=True)

    def focus_first(self) -> None:
        """The project name has the keyboard."""
        self.query_one("#project", Input).focus()

    def chosen_provider(self) -> str:
        """The provider whose radio button is on."""
        pressed = self.query_one("#provider", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else self.current.provider.value

    @on(Input.Submitted, "#project")
    def _project_entered(self) -> None:
        self.query_one("#provider", RadioSet).focus()

    @on(Button.Pressed, "#new")
    def start_new(self) -> None:
        """Build the starter design for the chosen name and provider."""
        from pydantic import ValidationError

        from model.enums import Provider
        from sessions.starter import starter_session
        from widgets.validation import field_errors

        name = self.query_one("#project", Input).value.strip() or "New project"
        try:
            session = starter_session(Provider(self.chosen_provider()), name)
        except ValidationError as exc:
            errors = field_errors(exc, depth=2)
            show_errors(
                self, {"project": errors.get("context.project", next(iter(errors.values())))}
            )
            return
        show_errors(self, {})
        self.post_message(NewDesign(session))

    @on(Button.Pressed, "#open")
    async def _open(self) -> None:
        await self.app.run_action("open")

    @on(OptionList.OptionSelected, "#recent")
    def _recent(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(OpenRequested(Path(event.option.id)))

    @on(Button.Pressed, "#recover")
    async def _recover(self) -> None:
        await self.app.run_action("recover_unsaved")

    def refresh_from(self, session: object) -> None:
        """Nothing on this step shows the session; keep what is typed."""


VIEW = StartStep
