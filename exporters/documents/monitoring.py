"""Monitoring & Alerting: the role card's 📊 MONITORING SETUP document."""

from __future__ import annotations

from exporters.markdown import Document, escape
from exporters.monitoring import azure_monitor, cloud_monitoring
from exporters.monitoring.cloudwatch import TEMPLATE_PATH as CLOUDWATCH_TEMPLATE
from exporters.monitoring.cloudwatch import applies as cloudwatch_applies
from exporters.monitoring.cloudwatch import uncovered
from exporters.monitoring.stack import optional_extra
from model.analysis import Analysis
from model.enums import AlertSeverity, Category, DashboardKind, Metric
from model.sections.monitoring import AlertThreshold
from model.session import Session
from model.units import percent

TITLE = "📊 MONITORING SETUP"

RULES_FILE = "../monitoring/prometheus-rules.yml"
"""The generated alert rules, relative to the docs folder."""

_GROUPS: tuple[tuple[str, tuple[Metric, ...]], ...] = (
    ("Application Health", (Metric.ERROR_RATE, Metric.LATENCY_P95, Metric.LATENCY_P99)),
    ("Infrastructure", (Metric.CPU, Metric.MEMORY, Metric.DISK)),
    ("Database", (Metric.DB_SLOW_QUERY, Metric.DB_CONNECTIONS, Metric.REPLICATION_LAG)),
)


def _value(threshold: AlertThreshold, level: AlertSeverity) -> str:
    value = threshold.critical if level is AlertSeverity.CRITICAL else threshold.warning
    unit = threshold.metric.unit
    return f"> {value:g}{unit}" if unit == "%" else f"> {value:g} {unit}"


def _rule(threshold: AlertThreshold, level: AlertSeverity) -> str:
    lasting = f" for {threshold.for_minutes} min" if threshold.for_minutes else ""
    return f"{threshold.metric.label} {_value(threshold, level)}{lasting}"


def _metrics(doc: Document, session: Session) -> None:
    monitoring = session.monitoring
    doc.heading("METRICS TO TRACK")
    target = session.context.availability_target_percent
    for index, (group, metrics) in enumerate(_GROUPS, start=1):
        doc.heading(f"{index}. {group}", level=3)
        rows = []
        if group == "Application Health":
            check = monitoring.uptime_check
            probe = (
                f"probe {check.url_path} every {check.interval_seconds} s"
                if check.enabled
                else doc.undecided("Which external uptime check watches the service?")
            )
            rows.append(("Uptime", f"target {percent(target, 3)}", probe, ""))
            rows.append(("Request rate (RPM)", "tracked", "", ""))
        for metric in metrics:
            threshold = monitoring.threshold(metric)
            if threshold is None:
                rows.append((metric.label, "tracked, no alert", "", ""))
                continue
            rows.append(
                (
                    metric.label,
                    "alert",
                    _value(threshold, AlertSeverity.WARNING),
                    _value(threshold, AlertSeverity.CRITICAL),
                )
            )
        if group == "Infrastructure":
            rows.append(("Network I/O", "tracked", "", ""))
        doc.table(("Metric", "Kind", "Warning", "Critical"), rows)
    doc.heading("4. Business Metrics", level=3)
    if monitoring.business_metrics:
        doc.bullets(escape(m) for m in monitoring.business_metrics)
    else:
        doc.paragraph(doc.undecided("Which business metrics does the team watch?"))


def _alerting(doc: Document, session: Session) -> None:
    monitoring = session.monitoring
    doc.heading("ALERTING RULES")
    pagers = [c for c in monitoring.channels if AlertSeverity.CRITICAL in c.severities]
    via = ", ".join(escape(c.kind.label) for c in pagers)
    if any(c.kind.is_pager for c in pagers):
        how = f"page immediately via {via}"
    elif pagers:
        how = f"notify immediately via {via}; nobody is paged"
    else:
        how = "**routed to nobody** — " + doc.undecided("Who receives critical alerts?")
    critical = []
    if monitoring.uptime_check.enabled:
        critical.append(
            f"Service down (uptime check fails for {monitoring.uptime_check.for_minutes} min)"
        )
    critical += [_rule(t, AlertSeverity.CRITICAL) for t in monitoring.thresholds]
    if session.components_in(Category.DATABASE):
        critical.append("Database unreachable")
    doc.paragraph(f"🔴 **CRITICAL** ({how}):")
    doc.bullets(escape(line) for line in critical)
    warning = [_rule(t, AlertSeverity.WARNING) for t in monitoring.thresholds]
    doc.paragraph("🟡 **WARNING** (notify, investigate):")
    if warning:
        doc.bullets(escape(line) for line in warning)
    else:
        doc.paragraph(doc.undecided("Which warning thresholds does the team want?"))
    doc.paragraph(*_where_defined(session))


def _where_defined(session: Session) -> list[str]:
    """Which file of the bundle implements the alerts, for the design's own stack."""
    if cloudwatch_applies(session):
        where = f"../{CLOUDWATCH_TEMPLATE}"
        sentences = [
            f"The CloudWatch alarms implementing these are in [{CLOUDWATCH_TEMPLATE}]({where}); "
            "they notify the SNS topic passed as `AlarmTopicArn`: subscribe each channel below "
            "to it (the PagerDuty or Opsgenie CloudWatch integration, AWS Chatbot for Slack, an "
            "e-mail subscription)."
        ]
        missing = uncovered(session)
        if missing:
            sentences.append(
                "The template has no alarm for "
                + ", ".join(escape(m) for m in missing)
                + ": set them up where they are measured (Route 53 health checks, whose "
                "metrics live in us-east-1, or the uptime service; the database's own "
                "CloudWatch metrics)."
            )
        return sentences
    if cloud_monitoring.applies(session):
        links = " and ".join(f"[{p}](../{p})" for p in cloud_monitoring.POLICY_PATHS.values())
        return [
            f"The Cloud Monitoring alerting policies implementing the request alerts are in "
            f"{links}, measured on the requests of {escape(cloud_monitoring.covered_by(session))}; "
            "give each its notification channel when creating it.",
            *_elsewhere(session),
        ]
    if azure_monitor.applies(session):
        path = azure_monitor.TEMPLATE_PATH
        return [
            f"The Azure Monitor log search alerts implementing the request alerts are in "
            f"[{path}](../{path}), queries over the requests Application Insights records; "
            "they notify the action groups passed as `criticalActionGroupId` and "
            "`warningActionGroupId`.",
            *_elsewhere(session),
        ]
    sentences = [
        f"The Prometheus rules implementing these, with unit tests, are in [{RULES_FILE}]"
        f"({RULES_FILE}), scraped as `monitoring/prometheus.yml` says and routed by "
        "`monitoring/alertmanager.yml`."
    ]
    extra = optional_extra(session)
    if extra:
        sentences.append(escape(extra))
    return sentences


def _elsewhere(session: Session) -> list[str]:
    """Where the alerts a cloud's request alerts leave out are set up, if any."""
    missing = uncovered(session, request_only=True)
    if not missing:
        return []
    return [
        "Not in those definitions: "
        + ", ".join(escape(m) for m in missing)
        + ". Set them up where they are measured: the uptime check service, the platform's "
        "and the database's own metrics."
    ]


def _channels(doc: Document, session: Session) -> None:
    doc.heading("NOTIFICATION CHANNELS")
    channels = session.monitoring.channels
    if not channels:
        doc.paragraph(doc.undecided("Where do alerts go (pager, chat, e-mail)?"))
        return
    rows = []
    for channel in channels:
        levels = ", ".join(s.value for s in channel.severities) or "none"
        secret = f"`{channel.secret}`" if channel.secret else ""
        rows.append((escape(channel.kind.label), escape(channel.target), levels, secret))
    doc.table(("Channel", "Target", "Severities", "Credential (secret name)"), rows)
    oncall = session.components_in(Category.ONCALL)
    if oncall:
        doc.paragraph("On-call: " + ", ".join(escape(c.name) for c in oncall) + ".")


def _dashboards(doc: Document, session: Session) -> None:
    doc.heading("DASHBOARDS")
    dashboards = session.monitoring.dashboards
    realtime = [d for d in dashboards if d.kind is DashboardKind.REALTIME]
    reports = [d for d in dashboards if d.kind is not DashboardKind.REALTIME]
    lines = []
    for dashboard in realtime:
        where = f" — <{dashboard.url}>" if dashboard.url else " — link once created"
        lines.append(f"Real-time: {escape(dashboard.name)}{where}")
    if not realtime:
        lines.append("Real-time: " + doc.undecided("Which real-time dashboard does on-call use?"))
    for report in reports:
        lines.append(f"{escape(report.kind.label)}: {escape(report.name)} (automated report)")
    if not reports:
        lines.append("Daily summary: " + doc.undecided("Is there an automated daily summary?"))
    doc.bullets(lines)


def render(analysis: Analysis) -> str:
    """The Monitoring & Alerting document of `session`."""
    session = analysis.session
    doc = Document(f"{TITLE}: {escape(session.context.project)}")
    _metrics(doc, session)
    _alerting(doc, session)
    _channels(doc, session)
    _dashboards(doc, session)
    return doc.render()
