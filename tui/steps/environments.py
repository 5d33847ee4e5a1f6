"""Environments: where the pipeline deploys — branch, auto-deploy or approval, where the
data comes from, size relative to production — and adding or removing environments.

Each environment is a card. Every keystroke re-validates all of them together (names
must be unique, the pipeline's staging and production targets must exist); a valid set
is applied, an invalid field shows its reason and is not applied. Renaming an
environment carries the pipeline's reference to it along.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select

from model.steps import StepId
from tui.steps.base import StepView
from tui.steps.form import FormField, show_errors, text_field
from widgets.validation import clean_number, field_errors, number_text

if TYPE_CHECKING:
    from model.environments import Environment
    from model.session import Session


class EnvironmentCard(Vertical):
    """The fields of one environment."""

    DEFAULT_CSS = """
    EnvironmentCard {
        height: auto; border: round $primary-muted; margin: 0 0 1 0; padding: 0 1;
    }
    EnvironmentCard > Horizontal { height: auto; }
    EnvironmentCard Button { margin: 0 0 1 0; }
    """

    def __init__(self, index: int, environment: Environment) -> None:
        super().__init__(id=f"env-{index}", classes="environment")
        self.index = index
        self.original = environment.name
        self.environment = environment

    def compose(self) -> ComposeResult:
        """Name, branch and size; deploy mode and data source; remove."""
        from model.enums import DataSource, DeployMode

        env = self.environment
        self.border_title = env.name
        with Horizontal():
            yield text_field("Name", "name", env.name)
            yield text_field("Branch", "branch", env.branch)
            yield text_field("Size", "size_percent", number_text(env.size_percent), "% prod")
        with Horizontal():
            yield FormField(
                "Deploy",
                Select(
                    [(m.label, m.value) for m in DeployMode],
                    value=env.deploy.value,
                    allow_blank=False,
                    id="deploy",
                    compact=True,
                ),
                "deploy",
            )
            yield FormField(
                "Data",
                Select(
                    [(d.label, d.value) for d in DataSource],
                    value=env.data.value,
                    allow_blank=False,
                    id="data",
                    compact=True,
                ),
                "data",
            )
        yield Button("Remove", id=f"remove-{self.index}", classes="remove", compact=True)

    def typed(self) -> dict[str, Any]:
        """The fields as typed, shaped like `Environment` fields."""
        data: dict[str, Any] = {
            "name": self.query_one("#name", Input).value,
            "branch": self.query_one("#branch", Input).value,
            "size_percent": clean_number(self.query_one("#size_percent", Input).value) or "",
        }
        for name in ("deploy", "data"):
            value = self.query_one(f"#{name}", Select).value
            if isinstance(value, str):
                data[name] = value
        return data


class EnvironmentsStep(StepView):
    """One card per environment, plus add."""

    step_id = StepId.ENVIRONMENTS

    def compose_body(self) -> ComposeResult:
        """The cards and the add button."""
        for index, environment in enumerate(self.current.environments):
            yield EnvironmentCard(index, environment)
        with Horizontal(classes="buttons"):
            yield Button("Add environment", id="add-environment", variant="primary", compact=True)

    def _build(
        self, cards: list[EnvironmentCard]
    ) -> tuple[Session | None, dict[int, dict[str, str]]]:
        """The session with the cards' environments, or the errors per card."""
        from pydantic import ValidationError

        from tui.edits import set_environments

        errors: dict[int, dict[str, str]] = {}
        environments = []
        for card in cards:
            try:
                environments.append(card.environment.evolve(**card.typed()))
            except ValidationError as exc:
                errors[card.index] = field_errors(exc)
        if errors:
            return None, errors
        renames = {c.original: e.name for c, e in zip(cards, environments, strict=True)}
        try:
            return set_environments(self.current, environments, renames), {}
        except ValidationError as exc:
            for key, text in field_errors(exc, depth=3).items():
                parts = key.split(".")
                if parts[0] == "environments" and len(parts) > 1 and parts[1].isdigit():
                    field = parts[2] if len(parts) > 2 else "name"
                    errors.setdefault(int(parts[1]), {})[field] = text
                else:
                    errors.setdefault(0, {})["name"] = text
            return None, errors

    def _apply(self, description: str) -> None:
        cards = list(self.query(EnvironmentCard))
        session, errors = self._build(cards)
        for card in cards:
            show_errors(card, errors.get(card.index, {}))
        if session is not None:
            for card in cards:
                card.original = card.typed()["name"]
                card.border_title = card.original
            self.propose(session, description)

    @on(Input.Changed)
    def _input(self, event: Input.Changed) -> None:
        event.stop()
        card = next(a for a in event.input.ancestors if isinstance(a, EnvironmentCard))
        self._apply(f"Edit environment {card.index}.{event.input.id}")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.screen.focus_next()

    @on(Select.Changed)
    def _select(self, event: Select.Changed) -> None:
        event.stop()
        self._apply(f"Edit environment {event.select.id}")

    @on(Button.Pressed, ".remove")
    def _remove(self, event: Button.Pressed) -> None:
        from pydantic import ValidationError

        from tui.edits import set_environments

        index = int((event.button.id or "remove-0").removeprefix("remove-"))
        kept = [e for i, e in enumerate(self.current.environments) if i != index]
        try:
            session = set_environments(self.current, kept, {})
        except ValidationError as exc:
            reason = next(iter(field_errors(exc).values()))
            self.notify(reason, title="Not removed", severity="error")
            return
        self.propose(session, "Remove environment")
        self.refresh(recompose=True)

    @on(Button.Pressed, "#add-environment")
    def _add(self) -> None:
        from model.environments import Environment
        from tui.edits import set_environments, unique_id

        taken = {e.name for e in self.current.environments}
        name = unique_id("preview", taken)
        environment = Environment(name=name, branch=f"{name}/*", size_percent=25)
        session = set_environments(self.current, [*self.current.environments, environment], {})
        self.propose(session, "Add environment")
        self.refresh(recompose=True)
        self.call_after_refresh(self._focus_last)

    def _focus_last(self) -> None:
        cards = list(self.query(EnvironmentCard))
        if cards:
            cards[-1].query_one("#name", Input).focus()


VIEW = EnvironmentsStep
