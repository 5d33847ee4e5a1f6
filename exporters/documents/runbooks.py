"""A runbook per alert: what it means for this design, first checks, mitigation, escalation.

The incident-response document carries one section per alert the bundle defines (the
uptime probe, the release gates, each threshold of the session and, with Prometheus, a
target that is not scraped). Every alert definition links its section: Prometheus rules by
`runbook_url`, CloudWatch alarms in their description, through `runbook_url` here. The
link is absolute when the session says where the exported documents are read
(`context.docs_url`), relative to the bundle otherwise. Sections name the design's own
components, services and thresholds, so the engineer paged at 3 a.m. reads what to look
at in this system, not a generic checklist.
"""

from __future__ import annotations

from dataclasses import dataclass

from exporters.markdown import Document, anchor, escape
from model.analysis import Analysis
from model.enums import Category, Metric
from model.session import Session

INCIDENT_DOC = "docs/07-incident-response.md"
"""The incident-response document of the bundle, relative to the bundle's root."""

SERVICE_DOWN = "service-down"
RELEASE_GATE = "release-gate"
TARGET_DOWN = "target-down"

_TITLES = {
    SERVICE_DOWN: "Service down",
    RELEASE_GATE: "Release gate breached",
    TARGET_DOWN: "Metrics target not scraped",
    **{m.value: m.label for m in Metric},
}


def title(key: str) -> str:
    """The heading of runbook `key` (a metric's value or one of the keys above)."""
    return f"Runbook: {_TITLES[key]}"


def runbook_url(session: Session, key: str) -> str:
    """The link to runbook `key`: absolute under `context.docs_url`, else relative."""
    base = session.context.docs_url
    where = f"{INCIDENT_DOC}#{anchor(title(key))}"
    return f"{base.rstrip('/')}/{where}" if base else where


@dataclass(frozen=True, slots=True)
class Runbook:
    """One alert's runbook."""

    key: str
    """What it is for: a metric's value, or `service-down`, `release-gate`, `target-down`."""
    means: str
    """What the alert means for this design."""
    checks: tuple[str, ...]
    """First checks, in order."""
    mitigation: tuple[str, ...]
    """What stops the harm."""


def _names(analysis: Analysis, *categories: Category) -> str:
    """The design's components of `categories`, each with its service: what to open."""
    found = [
        f"{c.name} ({analysis.service(c).label})"
        for cat in categories
        for c in analysis.session.components_in(cat)
    ]
    return ", ".join(found) or "none in the design"


def _serving(analysis: Analysis) -> str:
    """The components that answer requests (a queue consumer does not)."""
    found = [r.component.name for r in analysis.deployment.production.rollouts if r.serves_requests]
    return ", ".join(found) or "the service"


def _levels(session: Session, metric: Metric) -> str:
    t = session.monitoring.threshold(metric)
    if t is None:
        return ""
    unit = "%" if metric.unit == "%" else f" {metric.unit}"
    return f" (warning {t.warning:g}{unit}, critical {t.critical:g}{unit}, for {t.for_minutes} min)"


def _runbook(analysis: Analysis, key: str) -> Runbook:
    s = analysis.session
    apps = _serving(analysis)
    db = _names(analysis, Category.DATABASE)
    cache = _names(analysis, Category.CACHE)
    logs = _names(analysis, Category.LOGS)
    front = _names(analysis, Category.LOAD_BALANCER, Category.API_GATEWAY)
    rollback = "roll the release back (rollback procedure in docs/03-deployment.md)"
    if key == SERVICE_DOWN:
        return Runbook(
            key,
            f"The uptime probe of {s.monitoring.uptime_check.url_path} has failed for "
            f"{s.monitoring.uptime_check.for_minutes} min: customers cannot reach the service.",
            (
                "Was there a release or infrastructure change in the last hour?",
                f"Is DNS resolving and is {front} reporting healthy targets?",
                f"Are the instances of {apps} running and passing their health check?",
                "Is the cloud provider reporting an incident in the region?",
            ),
            (f"If a release went out, {rollback}", "Open the incident channel and the status page"),
        )
    if key == RELEASE_GATE:
        gates = " or ".join(g.words for g in analysis.deployment.production.gates)
        return Runbook(
            key,
            f"A new release shows {gates} during its watch window; the pipeline rolls it back.",
            (
                "Did the rollback step of the deploy job succeed?",
                f"Compare the error logs of the new and old versions in {logs}",
            ),
            ("Keep the release rolled back until the cause is found and fixed in a new release",),
        )
    if key == TARGET_DOWN:
        return Runbook(
            key,
            "Prometheus cannot scrape a target: alerts based on it are blind.",
            (
                "Is the component running (see Service down)?",
                "Is its metrics port reachable from Prometheus (network policy, security group)?",
            ),
            ("Restore the scrape; until then, watch the component in its provider's console",),
        )
    metric = Metric(key)
    levels = _levels(s, metric)
    if metric is Metric.ERROR_RATE:
        return Runbook(
            key,
            f"Too many requests to {apps} are answered with 5xx{levels}.",
            (
                "Was there a release in the last hour?",
                f"Which endpoints fail, and with what error: {logs}",
                f"Are the dependencies healthy: {db}, {cache}, external APIs?",
            ),
            (f"If a release went out, {rollback}", f"Scale out {apps} if they are saturated"),
        )
    if metric in (Metric.LATENCY_P95, Metric.LATENCY_P99):
        return Runbook(
            key,
            f"Requests to {apps} are answered slowly{levels}.",
            (
                f"Slow queries and connection use on {db}",
                f"Hit rate and latency of {cache}",
                f"CPU and memory of {apps}; is autoscaling at its maximum?",
            ),
            (f"Scale out {apps}", f"If a release went out, {rollback}"),
        )
    if metric in (Metric.CPU, Metric.MEMORY, Metric.DISK):
        return Runbook(
            key,
            f"{metric.label} of {apps} is high{levels}.",
            (
                "Is traffic above the usual peak, or one instance alone high (a leak)?",
                "Was there a release in the last hours?",
            ),
            (
                "Scale out, or replace the instance that leaks",
                f"If a release went out, {rollback}",
            ),
        )
    return Runbook(
        key,
        f"{metric.label} of {db} is high{levels}.",
        (
            f"Which queries run longest and hold connections on {db}?",
            "Did a migration or a new query ship recently?",
            "Is a replica or a backup job loading the database?",
        ),
        (
            "Kill runaway queries; raise the pool only if the database has headroom",
            f"If a release went out, {rollback}",
        ),
    )


def runbook_keys(analysis: Analysis, prometheus: bool) -> list[str]:
    """The runbooks the bundle's alerts link, in document order."""
    s = analysis.session
    keys = [SERVICE_DOWN] if s.monitoring.uptime_check.enabled else []
    keys.append(RELEASE_GATE)
    keys += [t.metric.value for t in s.monitoring.thresholds]
    if prometheus:
        keys.append(TARGET_DOWN)
    return keys


def render_runbooks(doc: Document, analysis: Analysis, prometheus: bool, escalation: str) -> None:
    """The ALERT RUNBOOKS section of the incident-response document."""
    doc.heading("ALERT RUNBOOKS")
    doc.paragraph("Every alert links its section below. " + escalation)
    for key in runbook_keys(analysis, prometheus):
        book = _runbook(analysis, key)
        doc.heading(title(key), level=3)
        checks = " ".join(f"({n}) {escape(line)}" for n, line in enumerate(book.checks, 1))
        doc.bullets(
            [
                f"**Means:** {escape(book.means)}",
                f"**First checks:** {checks}",
                "**Mitigation:** " + "; ".join(escape(line) for line in book.mitigation),
            ]
        )
