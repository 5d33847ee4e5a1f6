"""The steps of the workshop by id, and which part of the session each one decides.

Everything that names a step — the TUI's step registry and views, commands, the Review's
fix jump, which steps count as completed — names a `StepId`. `EDITS` says which session
sections (or subsets of them) each step edits; the step that fixes a skeptic finding is
the one whose sections cover the finding's field (`owner`), most specific first, so a WAF
(`components[category=waf]`, chosen in Security) is fixed in Security while a database's
zones (`components[].multi_az`) are fixed in Components.
"""

from __future__ import annotations

from enum import StrEnum

from model.fields import SessionField, field


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


def _tools(*categories: str) -> tuple[SessionField, ...]:
    return tuple(field(f"components[category={category}]") for category in categories)


EDITS: dict[StepId, tuple[SessionField, ...]] = {
    StepId.START: (),
    StepId.CONTEXT: (field("context"),),
    StepId.PROVIDER: (field("provider"), field("style")),
    StepId.COMPONENTS: (field("components"), field("links")),
    StepId.ENVIRONMENTS: (field("environments"),),
    StepId.ALERTS: (field("monitoring"),),
    StepId.PIPELINE: (field("pipeline"),),
    StepId.DEPLOYMENT: (field("deployment"),),
    StepId.SECURITY: (field("security"), *_tools("secrets", "tls", "waf")),
    StepId.INCIDENTS: (field("incidents"), *_tools("oncall")),
    StepId.REVIEW: (field("decisions"),),
    StepId.EXPORT: (),
}
"""The session sections each step edits (its tool pickers choose components too)."""


def owner(target: SessionField) -> StepId | None:
    """The step editing `target`: the one whose section covers it most specifically
    (`components[category=waf]` over `components`), None when no step edits it."""
    found = [
        ((len(section.parts), section.selected is not None), step)
        for step, sections in EDITS.items()
        for section in sections
        if section.covers(target)
    ]
    return max(found, key=lambda entry: entry[0])[1] if found else None
