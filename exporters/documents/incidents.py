"""Incident Response: the role card's 🚨 INCIDENT RESPONSE plan."""

from __future__ import annotations

from exporters.documents.common import DEPLOYMENT_DOC, service_labels
from exporters.documents.deployment import gate_words
from exporters.documents.runbooks import render_runbooks
from exporters.markdown import Document, code, escape
from exporters.monitoring.stack import prometheus_applies
from model.analysis import Analysis
from model.deploy_plan import DeploymentPlan
from model.enums import AlertSeverity, Category, SeverityLevel
from model.session import Session
from model.units import minutes

TITLE = "🚨 INCIDENT RESPONSE"

_NAMES = {
    SeverityLevel.P0: "Critical",
    SeverityLevel.P1: "High",
    SeverityLevel.P2: "Medium",
    SeverityLevel.P3: "Low",
}

POSTMORTEM_QUESTIONS = (
    "What happened?",
    "Root cause?",
    "How was it detected?",
    "How was it fixed?",
    "How to prevent in future?",
    "Action items with owners",
)
"""The role card's post-mortem template."""


def _severities(doc: Document, session: Session) -> None:
    doc.heading("SEVERITY LEVELS")
    rows = []
    for level in SeverityLevel:
        severity = session.incidents.severity(level)
        if severity is None:
            rows.append(
                (
                    f"**{level.value}** ({_NAMES[level]})",
                    doc.undecided(f"What counts as a {level.value} incident?"),
                    "",
                    "",
                )
            )
            continue
        rows.append(
            (
                f"**{level.value}** ({_NAMES[level]})",
                escape(severity.description),
                minutes(severity.response_minutes),
                "yes" if severity.page else "no, next working hours",
            )
        )
    doc.table(("Level", "Definition", "Response within", "Pages on-call"), rows)


def _detection(session: Session) -> list[str]:
    lines = ["Alert fired OR user report"]
    critical = [c for c in session.monitoring.channels if AlertSeverity.CRITICAL in c.severities]
    if critical:
        lines.append(
            "Critical alerts reach "
            + ", ".join(f"{escape(c.kind.label)} ({escape(c.target)})" for c in critical)
        )
    uptime = session.components_in(Category.UPTIME)
    if uptime:
        lines.append("External uptime checks: " + ", ".join(escape(c.name) for c in uptime))
    return lines


def _protocol(doc: Document, session: Session, plan: DeploymentPlan) -> None:
    incidents = session.incidents
    doc.heading("RESPONSE PROTOCOL")
    pager = ", ".join(escape(label) for label in service_labels(session, Category.ONCALL))
    rotation = doc.or_undecided(incidents.rotation, "Who is on call, and how does it rotate?")
    status = doc.or_undecided(incidents.status_page, "Where do users see incident status?")
    channel = code(incidents.incident_channel) if incidents.incident_channel else "a channel"
    via = f" via {pager}" if pager else ""
    steps = [
        ("Detection", _detection(session)),
        (
            f"Triage (< {minutes(incidents.triage_minutes)})",
            [
                "Assess severity against the levels above",
                f"Notify the on-call engineer{via} — rotation: {rotation}",
                f"Create incident channel ({channel})",
            ],
        ),
        (
            "Investigation",
            ["Check logs, metrics, recent deployments", "Identify root cause"],
        ),
        (
            "Mitigation",
            [
                *_release_rollback(plan),
                "Apply hotfix if necessary",
                "Scale resources if capacity issue",
            ],
        ),
        (
            "Communication",
            [
                f"Update status page: {status}",
                "Notify affected users (if P0/P1)",
                f"Post-mortem within {incidents.postmortem_hours} hours",
            ],
        ),
    ]
    for number, (name, lines) in enumerate(steps, start=1):
        doc.paragraph(f"{number}. **{name}:**")
        doc.bullets(lines, indent=3)


def _escalation(session: Session) -> str:
    """Who hears about an alert, and when it escalates, in one sentence."""
    channels = session.monitoring.channels
    pagers = [c for c in channels if AlertSeverity.CRITICAL in c.severities]
    top = session.incidents.severities[0] if session.incidents.severities else None
    sentence = "Escalation: critical alerts go to " + (
        ", ".join(escape(c.kind.label) for c in pagers) if pagers else "nobody yet"
    )
    if top is not None:
        sentence += (
            f"; a {top.level} must be answered within {minutes(top.response_minutes)}, "
            "otherwise the next engineer of the rotation is called"
        )
    return sentence + "."


def _release_rollback(plan: DeploymentPlan) -> list[str]:
    """What the on-call engineer does about a recent release, from the deployment plan."""
    lines = [
        "If a release went out recently, roll it back (see the "
        f"[rollback procedure]({DEPLOYMENT_DOC}#rollback-procedure)). {gate_words(plan)}"
    ]
    for backup in plan.production.backups:
        if backup.command is not None:
            lines.append(
                f"{escape(backup.component.name)} was backed up before the release as "
                f"{code(backup.instance + '-pre-<first 7 characters of the commit>')}: restore "
                "it only if the release damaged data"
            )
    return lines


def render(analysis: Analysis) -> str:
    """The Incident Response plan of `session`."""
    session = analysis.session
    doc = Document(f"{TITLE}: {escape(session.context.project)}")
    _severities(doc, session)
    _protocol(doc, session, analysis.deployment)
    render_runbooks(doc, analysis, prometheus_applies(session), _escalation(session))
    doc.heading("POST-MORTEM TEMPLATE")
    doc.paragraph(
        f"Blameless, written within {session.incidents.postmortem_hours} hours "
        "of resolution and reviewed by the team:"
    )
    doc.bullets(POSTMORTEM_QUESTIONS)
    return doc.render()
