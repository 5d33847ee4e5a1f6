"""Context: what the system is for, how big it is, how reliable, under which rules.

Every keystroke re-validates the whole context; a valid one is applied at once (the live
panel follows), an invalid value is marked under its field with the reason and not
applied, so the session always holds the last valid context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, SelectionList

from model.steps import StepId
from tui.steps.base import StepView
from tui.steps.form import FormField, set_inputs, show_errors, text_field
from widgets.validation import attempt, clean_number, number_text

if TYPE_CHECKING:
    from model.context import Context
    from model.session import Session

NUMBERS = (
    "users",
    "peak_rps",
    "data_gb",
    "growth_percent_per_month",
    "team_size",
    "monthly_budget_usd",
    "availability_target_percent",
    "latency_target_ms",
)
"""Context fields typed as numbers."""

OPTIONAL = ("monthly_budget_usd", "latency_target_ms")
"""Number fields that may be left empty."""

LAYOUT = (
    (("project", "Project name", ""), ("description", "What it does", "")),
    (("users", "Users", "per month"), ("peak_rps", "Peak", "req/s")),
    (("data_gb", "Data", "GB"), ("growth_percent_per_month", "Growth", "%/month")),
    (("team_size", "Team", "engineers"), ("monthly_budget_usd", "Budget", "$/month")),
    (
        ("availability_target_percent", "Target", "% available"),
        ("latency_target_ms", "Latency", "p95 ms"),
    ),
    (("regions", "Regions", "comma-separated, primary first"),),
)
"""The form: rows of (field, label, hint)."""


def shown(context: Context) -> dict[str, str]:
    """The text of every input for `context`."""
    values = {name: number_text(getattr(context, name)) for name in NUMBERS}
    values["project"] = context.project
    values["description"] = context.description
    values["regions"] = ", ".join(context.regions)
    return values


class ContextStep(StepView):
    """The context form."""

    step_id = StepId.CONTEXT

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._touched: set[str] = set()

    def compose_body(self) -> ComposeResult:
        """Two fields per row, then compliance and payments."""
        from model.enums import Compliance

        context = self.current.context
        values = shown(context)
        for row in LAYOUT:
            with Horizontal(classes="row"):
                for name, label, hint in row:
                    yield text_field(label, name, values[name], hint)
        yield FormField(
            "Compliance",
            SelectionList[str](
                *((c.label, c.value, c in context.compliance) for c in Compliance),
                id="compliance",
                compact=True,
            ),
            "compliance",
        )
        yield Checkbox(
            "Takes card payments", context.handles_payments, id="handles_payments", compact=True
        )

    def focus_first(self) -> None:
        """The project name has the keyboard."""
        self.query_one("#project", Input).focus()

    def typed(self) -> dict[str, Any]:
        """The context fields as typed (numbers cleaned, regions split)."""
        data: dict[str, Any] = {}
        for field in self.query(FormField):
            control = field.control
            name = field.name or ""
            if not isinstance(control, Input):
                continue
            if name in NUMBERS:
                number = clean_number(control.value)
                data[name] = number if number is not None or name in OPTIONAL else ""
            elif name == "regions":
                data[name] = tuple(r.strip() for r in control.value.split(",") if r.strip())
            else:
                data[name] = control.value
        data["compliance"] = tuple(self.query_one("#compliance", SelectionList).selected)
        data["handles_payments"] = self.query_one("#handles_payments", Checkbox).value
        return data

    def _edited(self, field: str) -> None:
        from model.session import replace

        # Only what the user touched is applied (see ComponentEditor._edited).
        self._touched.add(field)
        typed = {k: v for k, v in self.typed().items() if k in self._touched}
        context, errors = attempt(lambda: self.current.context.evolve(**typed))
        show_errors(self, errors)
        if context is not None:
            session, errors = attempt(lambda: replace(self.current, context=context))
            if session is not None:
                self.propose(session, f"Edit context.{field}")
            show_errors(self, errors)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        name = event.input.id or ""
        if name in self._touched or event.value != shown(self.current.context).get(name):
            self._edited(name)

    @on(SelectionList.SelectedChanged)
    def _compliance_changed(self) -> None:
        self._edited("compliance")

    @on(Checkbox.Changed)
    def _payments_changed(self) -> None:
        self._edited("handles_payments")

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.screen.focus_next()

    def refresh_from(self, session: Session) -> None:
        """Show another session's context without rebuilding the form."""
        context = session.context
        set_inputs(self, shown(context))
        selection = self.query_one("#compliance", SelectionList)
        with selection.prevent(SelectionList.SelectedChanged):
            selection.deselect_all()
            for compliance in context.compliance:
                selection.select(compliance.value)
        checkbox = self.query_one("#handles_payments", Checkbox)
        with checkbox.prevent(Checkbox.Changed):
            checkbox.value = context.handles_payments
        self._touched.clear()
        show_errors(self, {})


VIEW = ContextStep
