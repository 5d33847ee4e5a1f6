"""The steps of the workshop, in order, and how to load the view of each.

Steps are named by `model.steps.StepId`, which also says which session sections each
one edits (and `model.progress` which are done). A step's view lives in
`tui/steps/<id>.py` and exposes `VIEW`, a `StepView` subclass. Views are imported the
first time they are shown, so opening the app does not pay for screens nobody has
visited — each by its own import statement in `view_of`, never from a module name
built as a string, so every import graph sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.steps import EDITS, StepId

if TYPE_CHECKING:
    from model.fields import SessionField
    from tui.steps.base import StepView


@dataclass(frozen=True, slots=True)
class StepInfo:
    """One step of the workshop."""

    id: StepId
    """Stable id, used by commands (`goto('components')`) and tests."""
    title: str
    """Its name in the sidebar and the palette."""
    purpose: str
    """One line on what the step decides, shown under its title."""
    roomy: bool = False
    """Whether the step needs the width (the live panel narrows while it is shown)."""

    @property
    def edits(self) -> tuple[SessionField, ...]:
        """The session sections the step edits."""
        return EDITS[self.id]

    def view(self) -> type[StepView]:
        """The view class of the step (imported on first use)."""
        return view_of(self.id)


STEPS: tuple[StepInfo, ...] = (
    StepInfo(StepId.START, "Start", "Start a new design, open a file or recover unsaved work."),
    StepInfo(
        StepId.CONTEXT, "Context", "Who uses the system, how much, how reliable, under which rules."
    ),
    StepInfo(
        StepId.PROVIDER, "Provider", "The cloud and the architecture style, compared with numbers."
    ),
    StepInfo(
        StepId.COMPONENTS,
        "Components",
        "The building blocks: a catalog service per role, and links.",
        roomy=True,
    ),
    StepInfo(
        StepId.ENVIRONMENTS, "Environments", "Where the pipeline deploys: dev, staging, prod."
    ),
    StepInfo(StepId.ALERTS, "Alerts", "Warning and critical thresholds per metric."),
    StepInfo(StepId.PIPELINE, "Pipeline", "CI system, stages, tools and thresholds."),
    StepInfo(StepId.DEPLOYMENT, "Deployment", "Release strategy, health checks, rollback."),
    StepInfo(StepId.SECURITY, "Security", "Secrets, network, TLS, backups, compliance."),
    StepInfo(StepId.INCIDENTS, "Incidents", "Severities, on-call, status page, post-mortems."),
    StepInfo(
        StepId.REVIEW, "Review", "Costs at scale, availability, the skeptic's findings.", roomy=True
    ),
    StepInfo(
        StepId.EXPORT, "Export", "Documents, diagrams, CI workflows and alert rules.", roomy=True
    ),
)
"""Every step, in workshop order."""

BY_ID: dict[str, StepInfo] = {step.id: step for step in STEPS}
"""Steps by id."""


def neighbour(step_id: str, offset: int) -> StepInfo | None:
    """The step `offset` places after `step_id` (negative: before), if any."""
    index = next((i for i, s in enumerate(STEPS) if s.id == step_id), None)
    if index is None or not 0 <= index + offset < len(STEPS):
        return None
    return STEPS[index + offset]


def view_of(step: StepId) -> type[StepView]:
    """The view class of `step`, its module imported on first use."""
    match step:
        case StepId.START:
            from tui.steps import start

            return start.VIEW
        case StepId.CONTEXT:
            from tui.steps import context

            return context.VIEW
        case StepId.PROVIDER:
            from tui.steps import provider

            return provider.VIEW
        case StepId.COMPONENTS:
            from tui.steps import components

            return components.VIEW
        case StepId.ENVIRONMENTS:
            from tui.steps import environments

            return environments.VIEW
        case StepId.ALERTS:
            from tui.steps import alerts

            return alerts.VIEW
        case StepId.PIPELINE:
            from tui.steps import pipeline

            return pipeline.VIEW
        case StepId.DEPLOYMENT:
            from tui.steps import deployment

            return deployment.VIEW
        case StepId.SECURITY:
            from tui.steps import security

            return security.VIEW
        case StepId.INCIDENTS:
            from tui.steps import incidents

            return incidents.VIEW
        case StepId.REVIEW:
            from tui.steps import review

            return review.VIEW
        case StepId.EXPORT:
            from tui.steps import export

            return export.VIEW
