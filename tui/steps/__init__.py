"""The steps of the workshop, in order: what each decides, and how to load its view.

Everything that names a step — the app, commands, the Review's fix jump, the sidebar's
ticks — names a `StepId`; `STEPS` holds each step's title, purpose and the session
sections it edits. The step that fixes a skeptic finding is the one whose sections
cover the finding's field (`owner`), most specific first, so a WAF
(`components[category=waf]`, chosen in Security) is fixed in Security while a
database's zones (`components[].multi_az`) are fixed in Components. A step counts as
done when it was visited or a section it edits differs from the starter design
(`model.progress`).

A step's view lives in `tui/steps/<id>.py` and exposes `VIEW`, a `StepView` subclass.
Views are imported the first time they are shown, so opening the app does not pay for
screens nobody has visited — each by its own import statement in `view_of`, never from a
module name built as a string, so every import graph sees them. A new step is a member
of `StepId`, an entry in `STEPS` and a case in `view_of` here, and its view module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from model.fields import SessionField, field
from model.progress import changed_sections

if TYPE_CHECKING:
    from model.session import Session
    from tui.steps.base import StepView


class StepId(StrEnum):
    """A step of the workshop, in workshop order."""

    START = "start"
    CONTEXT = "context"
    PROVIDER = "provider"
    COMPONENTS = "components"
    ENVIRONMENTS = "environments"
    ALERTS = "alerts"
    PIPELINE = "pipeline"
    DEPLOYMENT = "deployment"
    SECURITY = "security"
    INCIDENTS = "incidents"
    REVIEW = "review"
    EXPORT = "export"


@dataclass(frozen=True, slots=True)
class StepInfo:
    """One step of the workshop."""

    id: StepId
    """Stable id, used by commands (`goto('components')`) and tests."""
    title: str
    """Its name in the sidebar and the palette."""
    purpose: str
    """One line on what the step decides, shown under its title."""
    edits: tuple[SessionField, ...] = ()
    """The session sections the step edits (its tool pickers choose components too)."""
    roomy: bool = False
    """Whether the step needs the width (the live panel narrows while it is shown)."""

    def view(self) -> type[StepView]:
        """The view class of the step (imported on first use)."""
        return view_of(self.id)


def _fields(*paths: str) -> tuple[SessionField, ...]:
    return tuple(field(path) for path in paths)


def _tools(*categories: str) -> tuple[str, ...]:
    return tuple(f"components[category={category}]" for category in categories)


STEPS: tuple[StepInfo, ...] = (
    StepInfo(StepId.START, "Start", "Start a new design, open a file or recover unsaved work."),
    StepInfo(
        StepId.CONTEXT,
        "Context",
        "Who uses the system, how much, how reliable, under which rules.",
        _fields("context"),
    ),
    StepInfo(
        StepId.PROVIDER,
        "Provider",
        "The cloud and the architecture style, compared with numbers.",
        _fields("provider", "style"),
    ),
    StepInfo(
        StepId.COMPONENTS,
        "Components",
        "The building blocks: a catalog service per role, and links.",
        _fields("components", "links"),
        roomy=True,
    ),
    StepInfo(
        StepId.ENVIRONMENTS,
        "Environments",
        "Where the pipeline deploys: dev, staging, prod.",
        _fields("environments"),
    ),
    StepInfo(
        StepId.ALERTS,
        "Alerts",
        "Warning and critical thresholds per metric.",
        _fields("monitoring"),
    ),
    StepInfo(
        StepId.PIPELINE,
        "Pipeline",
        "CI system, stages, tools and thresholds.",
        _fields("pipeline"),
    ),
    StepInfo(
        StepId.DEPLOYMENT,
        "Deployment",
        "Release strategy, health checks, rollback.",
        _fields("deployment"),
    ),
    StepInfo(
        StepId.SECURITY,
        "Security",
        "Secrets, network, TLS, backups, compliance.",
        _fields("security", *_tools("secrets", "tls", "waf")),
    ),
    StepInfo(
        StepId.INCIDENTS,
        "Incidents",
        "Severities, on-call, status page, post-mortems.",
        _fields("incidents", *_tools("oncall")),
    ),
    StepInfo(
        StepId.REVIEW,
        "Review",
        "Costs at scale, availability, the skeptic's findings.",
        _fields("decisions"),
        roomy=True,
    ),
    StepInfo(
        StepId.EXPORT, "Export", "Documents, diagrams, CI workflows and alert rules.", roomy=True
    ),
)
"""Every step, in workshop order."""

BY_ID: dict[str, StepInfo] = {step.id: step for step in STEPS}
"""Steps by id."""


def owner(target: SessionField) -> StepId | None:
    """The step editing `target`: the one whose section covers it most specifically
    (`components[category=waf]` over `components`), None when no step edits it."""
    found = [
        ((len(section.parts), section.selected is not None), step.id)
        for step in STEPS
        for section in step.edits
        if section.covers(target)
    ]
    return max(found, key=lambda entry: entry[0])[1] if found else None


def completed_steps(session: Session, visited: Iterable[str], starter: Session) -> frozenset[str]:
    """The ids of the steps done for `session`: visited, or editing a section that
    differs from the `starter` design of its provider."""
    changed = changed_sections(session, starter, {s for step in STEPS for s in step.edits})
    done = set(visited)
    done.update(step.id for step in STEPS if changed.intersection(step.edits))
    return frozenset(done)


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
