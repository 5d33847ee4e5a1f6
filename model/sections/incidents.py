"""Incident response: severity levels, on-call, status page, post-mortems."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from model.base import ONE_LINE, Frozen, Text
from model.enums import OnCallCoverage, SeverityLevel


class Severity(Frozen):
    """The definition of one severity level."""

    level: SeverityLevel
    """P0 (critical) to P3 (low)."""
    description: Text
    """What counts as this level, e.g. `Service down, data breach`."""
    response_minutes: Annotated[int, Field(ge=1, le=100_000)]
    """How fast someone must be working on it."""
    page: bool = False
    """Whether it pages the on-call engineer at any hour."""


class IncidentResponse(Frozen):
    """How the team detects, handles and learns from incidents."""

    severities: tuple[Severity, ...] = ()
    """The severity levels, P0 first."""
    rotation: Text = ""
    """The on-call rotation, e.g. `weekly, two engineers, follow-the-sun`."""
    coverage: OnCallCoverage | None = None
    """When someone answers a page: business hours (weekdays 09:00-18:00), extended
    (07:00-23:00 every day) or around the clock; empty when not decided."""
    status_page: Annotated[str, Field(max_length=200), ONE_LINE] = ""
    """Where users see incident status (a URL or a tool)."""
    incident_channel: Annotated[str, Field(max_length=80), ONE_LINE] = "#incident-YYYY-MM-DD"
    """The chat channel pattern opened per incident."""
    triage_minutes: Annotated[int, Field(ge=1, le=1440)] = 5
    """Minutes within which a new incident is triaged."""
    postmortem_hours: Annotated[int, Field(ge=1, le=2160)] = 48
    """Hours after resolution by which the post-mortem is written."""

    def severity(self, level: SeverityLevel) -> Severity | None:
        """The definition of `level`, if set."""
        return next((s for s in self.severities if s.level is level), None)
