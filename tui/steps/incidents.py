"""Incidents: severity levels P0–P3 with their response times and whether they page, the
on-call tool (a component of category `oncall`, picked from the catalog), the rotation and
when it answers pages, the status page, the incident channel, triage time and the
post-mortem deadline.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult

from model.enums import Category, OnCallCoverage, SeverityLevel
from model.sections.incidents import Severity
from tui.steps import StepId
from tui.steps.fields import Group, Spec, enum_choices
from tui.steps.records import RecordsEditor
from tui.steps.section_form import SectionStep
from tui.steps.tool_picker import ToolPicker

RESPONSE = Group(
    "Response",
    (
        (
            Spec("rotation", "On-call rotation", hint="e.g. weekly, two engineers"),
            Spec(
                "coverage",
                "Pages answered",
                "optional_choice",
                choices=enum_choices(OnCallCoverage),
            ),
        ),
        (
            Spec("status_page", "Status page", hint="URL or tool"),
            Spec("incident_channel", "Incident channel"),
        ),
        (
            Spec("triage_minutes", "Triage within", "number", "min"),
            Spec("postmortem_hours", "Post-mortem within", "number", "hours"),
        ),
    ),
)

SEVERITY_ROWS = (
    (
        Spec("level", "Level", "choice", choices=enum_choices(SeverityLevel)),
        Spec("response_minutes", "Respond within", "number", "min"),
        Spec("page", "Pages", "bool"),
    ),
    (Spec("description", "What counts as this level"),),
)
"""The fields of a severity level."""


def new_severity(records: Sequence[Severity]) -> Severity:
    """The role card's definition of the first level not defined yet (P3 again if all are)."""
    from sessions.starter import starter_session

    typical = starter_session().incidents.severities
    taken = {r.level for r in records}
    return next((s for s in typical if s.level not in taken), typical[-1])


def severity_title(record: Severity) -> str:
    """A severity card's title: the level and how fast it is answered."""
    minutes = record.response_minutes
    within = f"{minutes // 60} h" if minutes >= 60 and minutes % 60 == 0 else f"{minutes} min"
    return f"{record.level.value} · respond within {within}" + (" · pages" if record.page else "")


class IncidentsStep(SectionStep):
    """Severities, the on-call tool and the response rules."""

    step_id = StepId.INCIDENTS
    section = "incidents"
    groups = (RESPONSE,)

    def compose_body(self) -> ComposeResult:
        """Severity levels, the on-call tool, then the response fields."""
        session = self.current
        yield from self.compose_group(Group("Severity levels", ()))
        yield RecordsEditor(
            "severities",
            session.incidents.severities,
            SEVERITY_ROWS,
            session,
            new_record=new_severity,
            title=severity_title,
            add_label="Add level",
        )
        yield from self.compose_group(Group("On-call tool (a component of the design)", ()))
        yield ToolPicker(Category.ONCALL, session)
        yield from self.compose_group(RESPONSE)


VIEW = IncidentsStep
