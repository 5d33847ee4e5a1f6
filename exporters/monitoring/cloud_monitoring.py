"""Cloud Monitoring alerting policies for a design whose metrics service is Cloud Monitoring.

The request metrics Google Cloud records for the design's serving components (Cloud Run,
App Engine) or its load balancer (`model.metrics_sources`) are queried in PromQL, which
Cloud Monitoring evaluates in alerting policies and answers over its Prometheus HTTP API.
The same query functions build both the policies here and the pipeline's release gate
check (`exporters.ci.gate_scripts`), so a gate and an alert measure the same thing.

Two policies, one file each, in the YAML form `gcloud monitoring policies create
--policy-from-file` reads: `critical.yml` (pages) and `warning.yml` (chat), with one
condition per request threshold of `monitoring.thresholds`. Each condition fires when the
value is at or above the threshold for the threshold's minutes, as the Prometheus rules
do. The policy documentation links each condition's runbook.
"""

from __future__ import annotations

from typing import Any

from exporters.common import banner
from exporters.documents.runbooks import runbook_url, title
from exporters.yaml_text import render_yaml
from model.analysis import Analysis
from model.catalog import load_catalog
from model.catalog.facts import Alerting
from model.deploy_plan import request_targets
from model.enums import Metric
from model.metrics_sources import PromSource, metrics_service, prom_request_sources
from model.naming import project_slug
from model.sections.monitoring import AlertThreshold
from model.session import Session

POLICY_PATHS = {
    "critical": "monitoring/cloud-monitoring/critical.yml",
    "warning": "monitoring/cloud-monitoring/warning.yml",
}
"""Where each severity's policy sits in the bundle."""

_QUANTILES = {Metric.LATENCY_P95: 0.95, Metric.LATENCY_P99: 0.99}

PROMETHEUS_API = (
    "https://monitoring.googleapis.com/v1/projects/$GCP_PROJECT_ID/location/global/prometheus"
)
"""Cloud Monitoring's Prometheus HTTP API of the environment's project (the pipeline's
`GCP_PROJECT_ID`); `/api/v1/query` answers instant queries."""


def sources(session: Session) -> tuple[PromSource, ...]:
    """The components whose request metrics the policies and gates read."""
    return prom_request_sources(session, load_catalog(), request_targets(session))


def applies(session: Session) -> bool:
    """Whether the design's metrics service is Cloud Monitoring, something records request
    metrics in it and the session sets a threshold on them."""
    service = metrics_service(session, load_catalog())
    return (
        service is not None
        and service.alerting is Alerting.CLOUD_MONITORING
        and any(t.metric.of_requests for t in session.monitoring.thresholds)
        and bool(sources(session))
    )


def _selector(found: tuple[PromSource, ...], project: str, env: str, *extra: str) -> str:
    """The label matchers of `found` (which share one metric family)."""
    m = found[0].metrics
    names = sorted({s.name(project, env) for s in found})
    name = (
        f'{m.name_label}="{names[0]}"'
        if len(names) == 1
        else (f'{m.name_label}=~"{"|".join(names)}"')
    )
    return "{" + ",".join((f'monitored_resource="{m.resource}"', name, *extra)) + "}"


def _family(found: tuple[PromSource, ...]) -> tuple[PromSource, ...]:
    """The sources sharing the first one's metrics (one family per query)."""
    return tuple(s for s in found if s.metrics == found[0].metrics)


def value_query(metric: Metric, found: tuple[PromSource, ...], project: str, env: str) -> str:
    """PromQL computing `metric` in the session's unit (% or ms) over five minutes."""
    family = _family(found)
    m = family[0].metrics
    if metric is Metric.ERROR_RATE:
        errors = _selector(family, project, env, m.server_errors)
        every = _selector(family, project, env)
        return f"100 * sum(rate({m.requests}{errors}[5m])) / sum(rate({m.requests}{every}[5m]))"
    quantile = _QUANTILES[metric]
    buckets = f"{m.latency}_bucket{_selector(family, project, env)}"
    value = f"histogram_quantile({quantile}, sum by (le) (rate({buckets}[5m])))"
    return value if m.latency_per_ms == 1 else f"{value} / {m.latency_per_ms:g}"


def breach_query(
    metric: Metric, found: tuple[PromSource, ...], project: str, env: str, limit: float
) -> str:
    """PromQL that returns a sample only while `metric` is above `limit`."""
    return f"({value_query(metric, found, project, env)}) > {limit:g}"


def covered_by(session: Session) -> str:
    """Which components' requests the queries measure, in words."""
    family = _family(sources(session))
    return ", ".join(s.component.name for s in family)


def _condition(
    t: AlertThreshold, level: str, found: tuple[PromSource, ...], project: str, env: str
) -> dict[str, Any]:
    value = t.warning if level == "warning" else t.critical
    op = ">" if value == 0 else ">="
    query = f"({value_query(t.metric, found, project, env)}) {op} {value:g}"
    return {
        "displayName": f"{t.metric.label} at or above {t.metric.amount(value)}",
        "conditionPrometheusQueryLanguage": {
            "query": query,
            "duration": f"{t.for_minutes * 60}s",
            "evaluationInterval": "60s",
        },
    }


def policy(analysis: Analysis, level: str) -> str:
    """The alerting policy of severity `level` (`critical` or `warning`)."""
    session = analysis.session
    found = sources(session)
    if not found:
        raise ValueError("nothing in the design records request metrics in Cloud Monitoring")
    project = project_slug(session)
    env = analysis.deployment.production.name
    thresholds = [t for t in session.monitoring.thresholds if t.metric.of_requests]
    runbooks = "\n".join(
        f"- {t.metric.label}: [{title(t.metric.value)}]({runbook_url(session, t.metric.value)})"
        for t in thresholds
    )
    pages = "pages the on-call engineer" if level == "critical" else "goes to the team's chat"
    body = {
        "displayName": f"{session.context.project} ({env}): {level}"[:512],
        "documentation": {
            "content": f"A {level} alert of {session.context.project}: it {pages}.\n\n"
            f"Runbooks:\n\n{runbooks}\n",
            "mimeType": "text/markdown",
        },
        "userLabels": {"project": project[:63], "environment": env[:63], "severity": level},
        "combiner": "OR",
        "severity": level.upper(),
        "conditions": [_condition(t, level, found, project, env) for t in thresholds],
    }
    path = POLICY_PATHS[level]
    header = [
        *banner(session, f"Cloud Monitoring alerting policy ({level})"),
        "",
        f'Create: gcloud monitoring policies create --project "$GCP_PROJECT_ID" '
        f"--policy-from-file {path} --notification-channels CHANNEL_ID",
        "(CHANNEL_ID: gcloud beta monitoring channels list; the channel that "
        + ("pages the on-call engineer)." if level == "critical" else "posts to the team's chat)."),
        f"The queries measure the requests of {covered_by(session)}.",
    ]
    others = [t.metric.label for t in session.monitoring.thresholds if not t.metric.of_requests]
    if others:
        header.append(
            "No condition here for (see the monitoring document): " + ", ".join(others) + "."
        )
    return render_yaml(body, header)


def critical_policy(analysis: Analysis) -> str:
    """The critical alerting policy."""
    return policy(analysis, "critical")


def warning_policy(analysis: Analysis) -> str:
    """The warning alerting policy."""
    return policy(analysis, "warning")
