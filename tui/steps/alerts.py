"""Alerts: warning and critical thresholds per metric with units, who receives the
alerts, and the outside uptime check behind "service down".

The threshold editor applies a metric's pair once it is valid and marks an invalid one
(warning not below critical, a percentage over 100, a negative value, not a number)
with the reason, leaving the last valid thresholds in force. Clearing both values of a
metric removes its alert. Channels say which severities each destination receives
(pagers take criticals, chat and e-mail warnings) — the Alertmanager routing is built
from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from model.enums import AlertSeverity, ChannelKind
from model.sections.channels import Channel
from tui.steps import StepId
from tui.steps.fields import Group, Spec, enum_choices
from tui.steps.pipeline import channel_title, secret_choices
from tui.steps.records import RecordsEditor
from tui.steps.section_form import SectionStep
from widgets.threshold_editor import ThresholdEditor

if TYPE_CHECKING:
    from model.session import Session

UPTIME = Group(
    "Uptime check (from outside)",
    (
        (
            Spec("uptime_check.enabled", "Probe production", "bool"),
            Spec("uptime_check.url_path", "Path"),
        ),
        (
            Spec("uptime_check.interval_seconds", "Every", "number", "s"),
            Spec("uptime_check.for_minutes", "Down after", "number", "min failing"),
        ),
    ),
)

CHANNEL_ROWS = (
    (Spec("kind", "Kind", "choice", choices=enum_choices(ChannelKind)), Spec("target", "To")),
    (
        Spec("secret", "Webhook/key secret", "optional_choice", choices=secret_choices),
        Spec("severities", "Receives", "multi", choices=enum_choices(AlertSeverity)),
    ),
)
"""The fields of an alert channel."""


def new_channel(records: Sequence[Channel]) -> Channel:
    """A pager for critical alerts."""
    return Channel(
        kind=ChannelKind.PAGERDUTY, target="production", severities=(AlertSeverity.CRITICAL,)
    )


class AlertsStep(SectionStep):
    """Thresholds, channels and the uptime check of `session.monitoring`."""

    step_id = StepId.ALERTS
    section = "monitoring"
    groups = (UPTIME,)

    def compose_body(self) -> ComposeResult:
        """Thresholds first, then who receives them, then the uptime check."""
        yield Static(
            "Above warning: notify the team. Above critical: page on-call. "
            "Clear both values to drop a metric's alert.",
            classes="note",
        )
        yield ThresholdEditor(self.current.monitoring.thresholds, id="thresholds")
        yield from self.compose_group(Group("Who receives the alerts", ()))
        yield RecordsEditor(
            "channels",
            self.current.monitoring.channels,
            CHANNEL_ROWS,
            self.current,
            new_record=new_channel,
            title=channel_title,
            add_label="Add channel",
        )
        yield from self.compose_group(UPTIME)

    def focus_first(self) -> None:
        """The first warning input has the keyboard."""
        self.query(Input).first().focus()

    @on(ThresholdEditor.Changed)
    def _changed(self, event: ThresholdEditor.Changed) -> None:
        from model.session import replace
        from widgets.validation import attempt

        event.stop()
        monitoring = self.current.monitoring
        session, errors = attempt(
            lambda: replace(self.current, monitoring=monitoring.evolve(thresholds=event.thresholds))
        )
        if session is None:
            self.notify("; ".join(errors.values()), title="Not applied", severity="error")
            return
        self.propose(session, "Edit alert thresholds")

    def refresh_from(self, session: Session) -> None:
        """Show another session's thresholds, channels and uptime check."""
        super().refresh_from(session)
        self.query_one(ThresholdEditor).thresholds = session.monitoring.thresholds


VIEW = AlertsStep
