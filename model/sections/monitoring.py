"""Monitoring: the uptime check, alert thresholds, channels, dashboards, business metrics."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from model.base import ONE_LINE, URL_PATH_PATTERN, WEB_URL_PATTERN, Frozen, Name, Usage
from model.enums import DashboardKind, Metric
from model.sections.channels import Channel


class AlertThreshold(Frozen):
    """A critical/warning pair for one metric; higher values are worse."""

    metric: Metric
    """What is measured."""
    warning: Usage
    """Notify the team above this value."""
    critical: Usage
    """Page the on-call engineer above this value."""
    for_minutes: Annotated[int, Field(ge=0, le=1440)] = 5
    """How long the value must stay above a threshold before the alert fires."""

    @model_validator(mode="after")
    def _warning_below_critical(self) -> AlertThreshold:
        if self.metric.is_percent:
            for level, value in (("warning", self.warning), ("critical", self.critical)):
                if value > 100:
                    raise ValueError(f"{level} {value:g}% is above 100%")
        if self.warning >= self.critical:
            raise ValueError(
                f"warning ({self.warning:g} {self.metric.unit}) must be below "
                f"critical ({self.critical:g} {self.metric.unit})"
            )
        return self


class UptimeCheck(Frozen):
    """The external probe behind "service down" alerts."""

    enabled: bool = True
    """Whether the service is probed from outside."""
    url_path: Annotated[str, Field(pattern=URL_PATH_PATTERN, max_length=200), ONE_LINE] = "/healthz"
    """Path probed on the production URL."""
    interval_seconds: Annotated[int, Field(ge=10, le=3600)] = 60
    """Seconds between probes."""
    for_minutes: Annotated[int, Field(ge=0, le=60)] = 2
    """Minutes of failed probes before the service counts as down."""


class Dashboard(Frozen):
    """A dashboard the team keeps."""

    name: Name
    """Its title."""
    kind: DashboardKind = DashboardKind.REALTIME
    """Real-time board, daily summary or weekly report."""
    url: Annotated[str, Field(max_length=300, pattern=WEB_URL_PATTERN), ONE_LINE] | None = None
    """Where it lives, once it exists."""


class Monitoring(Frozen):
    """The monitoring and alerting decisions of the workshop."""

    uptime_check: UptimeCheck = UptimeCheck()
    """The availability probe."""
    thresholds: tuple[AlertThreshold, ...] = ()
    """Critical/warning thresholds, one per metric."""
    channels: tuple[Channel, ...] = ()
    """Where alerts go; pagers take critical alerts, chat and email take warnings."""
    dashboards: tuple[Dashboard, ...] = ()
    """Dashboards and reports."""
    business_metrics: tuple[Name, ...] = ()
    """Business metrics tracked beside the technical ones, e.g. `User signups`."""

    def threshold(self, metric: Metric) -> AlertThreshold | None:
        """The threshold set for `metric`, if any."""
        return next((t for t in self.thresholds if t.metric is metric), None)
