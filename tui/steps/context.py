"""Context: what the system is for, how big it is, how reliable, under which rules.

A declared form over `session.context` (`SectionStep`): every keystroke re-validates the
context and the session; a valid value is applied at once (the live panel follows), an
invalid one is marked under its field with the reason and not applied, so the session
always holds the last valid context.
"""

from __future__ import annotations

from model.enums import CardData, Compliance, DisasterRecovery, Frontend
from tui.steps import StepId
from tui.steps.fields import Group, Spec, enum_choices
from tui.steps.section_form import SectionStep

FORM = Group(
    "",
    (
        (Spec("project", "Project name"), Spec("description", "What it does")),
        (
            Spec("users", "Users", "number", "per month"),
            Spec("peak_rps", "Peak", "number", "req/s"),
        ),
        (
            Spec("data_gb", "Data", "number", "GB"),
            Spec("growth_percent_per_month", "Growth", "number", "%/month"),
        ),
        (
            Spec("team_size", "Team", "number", "engineers"),
            Spec("monthly_budget_usd", "Budget", "optional_number", "$/month"),
        ),
        (
            Spec("availability_target_percent", "Target", "number", "% available"),
            Spec("latency_target_ms", "Latency", "optional_number", "p95 ms"),
        ),
        (Spec("regions", "Regions", "list", "comma-separated, primary first"),),
        (
            Spec(
                "disaster_recovery",
                "Further regions run",
                "choice",
                choices=enum_choices(DisasterRecovery),
            ),
        ),
        (
            Spec("frontend", "Users load", "optional_choice", choices=enum_choices(Frontend)),
            Spec("response_kb", "Response size", "optional_number", "KB"),
        ),
        (Spec("compliance", "Compliance", "multi", choices=enum_choices(Compliance)),),
        (Spec("availability_contractual", "Contractual availability target", "bool"),),
        (
            Spec("handles_payments", "Takes card payments", "bool"),
            Spec(
                "card_data", "Card numbers reach", "optional_choice", choices=enum_choices(CardData)
            ),
        ),
    ),
)
"""The form: two fields per row, then compliance, payments and who receives card numbers."""


class ContextStep(SectionStep):
    """The context form."""

    DEFAULT_CSS = """
    ContextStep FormField Checkbox { margin: 0; }
    """

    step_id = StepId.CONTEXT
    section = "context"
    groups = (FORM,)


VIEW = ContextStep
