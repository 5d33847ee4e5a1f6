"""Alerts: warning and critical thresholds per metric, with units.

The threshold editor applies a metric's pair once it is valid and marks an invalid one
(warning not below critical, a percentage over 100, a negative value, not a number)
with the reason, leaving the last valid thresholds in force. Clearing both values of a
metric removes its alert.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from tui.steps.base import StepView
from widgets.threshold_editor import ThresholdEditor

if TYPE_CHECKING:
    from model.session import Session


class AlertsStep(StepView):
    """The threshold editor over `monitoring.thresholds`."""

    step_id = "alerts"

    def compose_body(self) -> ComposeResult:
        """A note and the editor."""
        yield Static(
            "Above warning: notify the team. Above critical: page on-call. "
            "Clear both values to drop a metric's alert.",
            classes="note",
        )
        yield ThresholdEditor(self.current.monitoring.thresholds, id="thresholds")

    def focus_first(self) -> None:
        """The first warning input has the keyboard."""
        self.query(Input).first().focus()

    @on(ThresholdEditor.Changed)
    def _changed(self, event: ThresholdEditor.Changed) -> None:
        from model.session import replace
        from widgets.validation import attempt

        monitoring = self.current.monitoring
        session, errors = attempt(
            lambda: replace(self.current, monitoring=monitoring.evolve(thresholds=event.thresholds))
        )
        if session is None:
            self.notify("; ".join(errors.values()), title="Not applied", severity="error")
            return
        self.propose(session, "Edit alert thresholds")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.screen.focus_next()

    def refresh_from(self, session: Session) -> None:
        """Show another session's thresholds."""
        self.query_one(ThresholdEditor).thresholds = session.monitoring.thresholds


VIEW = AlertsStep
