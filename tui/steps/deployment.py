"""Deployment: how a release reaches production and how it is taken back.

Strategy (blue-green, rolling, canary with its traffic steps and watch window), the
health check gating traffic, database migrations, the pre-deployment checklist, the
deployment steps (derived from the strategy unless the team writes its own — the
derived ones are shown live as fields change), the rollback procedure with its ETA, and
what is watched right after a release.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from model.analysis import analyse
from model.deploy_plan import release_steps
from model.enums import MigrationTiming, Strategy
from model.sections.deployment import ChecklistItem
from tui.steps import StepId
from tui.steps.fields import Group, Spec, enum_choices
from tui.steps.records import RecordsEditor
from tui.steps.section_form import SectionStep

if TYPE_CHECKING:
    from model.session import Session

STRATEGY = Group(
    "Strategy",
    (
        (
            Spec("strategy", "Strategy", "choice", choices=enum_choices(Strategy)),
            Spec("step_watch_minutes", "Watch each step", "number", "min"),
        ),
        (Spec("canary_steps_percent", "Canary traffic steps", "numbers", "%, rising to 100"),),
    ),
)

HEALTH = Group(
    "Health check",
    (
        (
            Spec("health_check.path", "Path"),
            Spec("health_check.healthy_threshold", "Passes needed", "number"),
        ),
        (
            Spec("health_check.interval_seconds", "Every", "number", "s"),
            Spec("health_check.timeout_seconds", "Timeout", "number", "s"),
        ),
    ),
)

MIGRATIONS = Group(
    "Database migrations",
    (
        (
            Spec("migrations.tool", "Tool", hint="e.g. alembic"),
            Spec("migrations.timing", "When", "choice", choices=enum_choices(MigrationTiming)),
        ),
        (Spec("migrations.tested_in_staging", "Every migration runs in staging first", "bool"),),
    ),
)

OWN_STEPS = Group(
    "Deployment steps",
    ((Spec("steps", "Own steps", "lines", "one per line; empty: the standard ones above"),),),
)

ROLLBACK = Group(
    "Rollback",
    (
        (Spec("rollback.steps", "Procedure", "lines", "one step per line"),),
        (
            Spec("rollback.eta_minutes", "Takes", "optional_number", "min"),
            Spec("rollback.database", "Database on rollback"),
        ),
    ),
)

AFTER = Group(
    "After a release",
    (
        (
            Spec("post_deploy.watch_minutes", "Watch", "number", "min"),
            Spec("post_deploy.error_rate_percent", "Roll back above", "number", "% errors"),
        ),
        (Spec("post_deploy.latency_p95_ms", "or p95 above", "number", "ms"),),
    ),
)

CHECKLIST_ROWS = ((Spec("text", "Check"), Spec("done", "Done", "bool")),)
"""A checklist item: its text and its box (space in the list ticks it too)."""


def new_check(records: Sequence[ChecklistItem]) -> ChecklistItem:
    """A new, unticked checklist item."""
    return ChecklistItem(text="New check")


def check_title(record: ChecklistItem) -> str:
    """A checklist line: its box and its text."""
    return f"{'☑' if record.done else '☐'} {record.text}"


def tick_check(record: ChecklistItem) -> ChecklistItem:
    """The item ticked, or unticked."""
    return record.evolve(done=not record.done)


def planned_text(session: Session) -> Text:
    """The production release as the deployment plan runs it, numbered: the same steps the
    deployment document lists, with what the platform cannot do of what is asked."""
    plan = analyse(session).deployment
    text = Text("The production release, as the pipeline runs it", style="bold")
    for number, step in enumerate(release_steps(plan, session.deployment), start=1):
        text.append(f"\n{number:>2}. {step}")
    for limit in plan.limitations:
        text.append(f"\n ⚠ {limit}.", style="italic")
    return text


class DeploymentStep(SectionStep):
    """Strategy, health check, migrations, checklist, steps, rollback, after-release watch."""

    step_id = StepId.DEPLOYMENT
    section = "deployment"
    groups = (STRATEGY, HEALTH, MIGRATIONS, OWN_STEPS, ROLLBACK, AFTER)

    def compose_body(self) -> ComposeResult:
        """The groups, with the checklist and the derived steps in their places."""
        yield from self.compose_group(STRATEGY)
        yield from self.compose_group(HEALTH)
        yield from self.compose_group(MIGRATIONS)
        yield from self.compose_group(Group("Pre-deployment checklist", ()))
        yield RecordsEditor(
            "checklist",
            self.current.deployment.checklist,
            CHECKLIST_ROWS,
            self.current,
            new_record=new_check,
            title=check_title,
            add_label="Add check",
            toggle=tick_check,
        )
        yield from self.compose_group(OWN_STEPS)
        yield Static(planned_text(self.current), id="planned-steps")
        yield from self.compose_group(ROLLBACK)
        yield from self.compose_group(AFTER)

    def propose(self, session: Session, description: str) -> None:
        """Apply the edit and show the steps it leads to."""
        super().propose(session, description)
        self.show_planned(session)

    def refresh_from(self, session: Session) -> None:
        """Another session: its fields and its steps."""
        super().refresh_from(session)
        self.show_planned(session)

    def show_planned(self, session: Session) -> None:
        """The steps in force (updated only when they change: an update lays the whole
        screen out again)."""
        text = planned_text(session)
        shown = self.query_one("#planned-steps", Static)
        if shown.content != text:
            shown.update(text)


VIEW = DeploymentStep
