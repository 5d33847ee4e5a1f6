"""The steps of the workshop, in order, and how to load the view of each.

A step's view lives in `tui/steps/<id>.py` and exposes `VIEW`, a `StepView` subclass.
Views are imported the first time they are shown, so opening the app does not pay for
screens nobody has visited. Steps without a module are listed in the sidebar as coming.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.steps.base import StepView


@dataclass(frozen=True, slots=True)
class StepInfo:
    """One step of the workshop."""

    id: str
    """Stable id, used by commands (`goto('components')`) and tests."""
    title: str
    """Its name in the sidebar and the palette."""
    purpose: str
    """One line on what the step decides, shown under its title."""
    available: bool = True
    """False while the step is not built yet (listed as coming)."""
    roomy: bool = False
    """Whether the step needs the width (the live panel narrows while it is shown)."""

    @property
    def module(self) -> str:
        """The module holding the step's view."""
        return f"tui.steps.{self.id}"

    def view(self) -> type[StepView]:
        """The view class of the step (imported on first use)."""
        view: type[StepView] = import_module(self.module).VIEW
        return view


STEPS: tuple[StepInfo, ...] = (
    StepInfo("start", "Start", "Start a new design, open a file or recover unsaved work."),
    StepInfo(
        "context", "Context", "Who uses the system, how much, how reliable, under which rules."
    ),
    StepInfo(
        "provider", "Provider", "The cloud and the architecture style, compared with numbers."
    ),
    StepInfo(
        "components",
        "Components",
        "The building blocks: a catalog service per role, and links.",
        roomy=True,
    ),
    StepInfo("environments", "Environments", "Where the pipeline deploys: dev, staging, prod."),
    StepInfo("alerts", "Alerts", "Warning and critical thresholds per metric."),
    StepInfo("pipeline", "Pipeline", "CI system, stages, tools and thresholds."),
    StepInfo("deployment", "Deployment", "Release strategy, health checks, rollback."),
    StepInfo("security", "Security", "Secrets, network, TLS, backups, compliance."),
    StepInfo("incidents", "Incidents", "Severities, on-call, status page, post-mortems."),
    StepInfo(
        "review", "Review", "Costs at scale, availability, the skeptic's findings.", roomy=True
    ),
    StepInfo("export", "Export", "Documents, diagrams, CI workflows and alert rules.", roomy=True),
)
"""Every step, in workshop order."""

BY_ID = {step.id: step for step in STEPS}
"""Steps by id."""


def available() -> tuple[StepInfo, ...]:
    """The steps that can be shown."""
    return tuple(step for step in STEPS if step.available)


def neighbour(step_id: str, offset: int) -> StepInfo | None:
    """The available step `offset` places after `step_id` (negative: before), if any."""
    steps = available()
    index = next((i for i, s in enumerate(steps) if s.id == step_id), None)
    if index is None or not 0 <= index + offset < len(steps):
        return None
    return steps[index + offset]
