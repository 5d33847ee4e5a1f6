"""The workshop's steps as shared vocabulary: one id per step, in workshop order.

The TUI builds its step list (titles, views) over these ids and `model.progress` says
which of them are done; neither layer spells a step id as a loose string of its own.
"""

from __future__ import annotations

from enum import StrEnum


class StepId(StrEnum):
    """A step of the workshop, in the order the workshop goes through them."""

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
