"""Prometheus alert rules from the monitoring decisions: one critical/warning pair per metric.

Each threshold of `monitoring.thresholds` becomes two rules with the same alert name and
a `severity` label (`critical` pages, `warning` goes to chat; Alertmanager inhibits the
warning while the critical fires). A rule fires when the value is at or above the
session's threshold for the session's `for_minutes` (a threshold of 0 fires above 0).
The uptime check becomes `ServiceDown` on blackbox_exporter's `probe_success`, and every
scrape target gets `TargetDown` on `up`.

Metric names are the standard exporters' (listed in the file header):
- HTTP: the OpenTelemetry semantic-convention server histogram
  `http_server_request_duration_seconds` (seconds, label `http_response_status_code`),
  as the OpenTelemetry SDKs and the Collector's Prometheus exporter expose it;
- hosts: node_exporter; probes: blackbox_exporter (scrape job `blackbox`);
- database: postgres_exporter (>= 0.13 for `pg_replication_lag_seconds`). Database
  rules are written for PostgreSQL designs only; for other engines the header says why
  they are missing rather than pretending.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exporters.common import banner, primary
from exporters.documents.runbooks import INCIDENT_DOC, SERVICE_DOWN, TARGET_DOWN, runbook_url
from exporters.local.services import database_service
from exporters.monitoring.stack import has_hosts, optional_extra
from exporters.yaml_text import render_yaml
from model.analysis import Analysis
from model.enums import Category, Metric
from model.naming import project_slug
from model.sections.monitoring import AlertThreshold
from model.session import Session

HTTP = "http_server_request_duration_seconds"
"""The HTTP server duration histogram (OpenTelemetry semantic conventions)."""

PROBE_JOB = "blackbox"
"""The scrape job of blackbox_exporter's HTTP probe."""

_NODE_FS = 'fstype!~"tmpfs|overlay|squashfs"'


@dataclass(frozen=True, slots=True)
class AlertSpec:
    """How one metric of the session is measured and worded."""

    metric: Metric
    """The session's metric."""
    alert: str
    """The alert name shared by its critical and warning rules."""
    value: str
    """PromQL computing the value in `unit`."""
    unit: str
    """The unit of `value`: `%` or `s`."""
    scale: float
    """Multiplier from the session's unit to `unit` (ms → s is 0.001)."""
    subject: str
    """Which label names the affected thing in the text, e.g. `job`."""
    what: str
    """The measured quantity in words, for summaries."""
    window: str
    """How the value is computed, for descriptions."""
    group: str
    """The rule group it belongs to: `application`, `hosts` or `database`."""
    exporter: str
    """Which exporter provides its metrics."""


SPECS: dict[Metric, AlertSpec] = {
    s.metric: s
    for s in (
        AlertSpec(
            Metric.ERROR_RATE,
            "HighErrorRate",
            "100 * sum by (job) (rate(http_server_request_duration_seconds_count"
            '{http_response_status_code=~"5.."}[5m]))'
            " / sum by (job) (rate(http_server_request_duration_seconds_count[5m]))",
            "%",
            1,
            "job",
            "5xx error rate",
            "of requests answered 5xx over 5 minutes",
            "application",
            "OpenTelemetry HTTP server metrics",
        ),
        AlertSpec(
            Metric.LATENCY_P95,
            "HighLatencyP95",
            "histogram_quantile(0.95, sum by (job, le) "
            "(rate(http_server_request_duration_seconds_bucket[5m])))",
            "s",
            0.001,
            "job",
            "p95 response time",
            "95th percentile over 5 minutes",
            "application",
            "OpenTelemetry HTTP server metrics",
        ),
        AlertSpec(
            Metric.LATENCY_P99,
            "HighLatencyP99",
            "histogram_quantile(0.99, sum by (job, le) "
            "(rate(http_server_request_duration_seconds_bucket[5m])))",
            "s",
            0.001,
            "job",
            "p99 response time",
            "99th percentile over 5 minutes",
            "application",
            "OpenTelemetry HTTP server metrics",
        ),
        AlertSpec(
            Metric.CPU,
            "HighCpuUsage",
            '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))',
            "%",
            1,
            "instance",
            "CPU usage",
            "busy share of all CPUs over 5 minutes",
            "hosts",
            "node_exporter",
        ),
        AlertSpec(
            Metric.MEMORY,
            "HighMemoryUsage",
            "100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)",
            "%",
            1,
            "instance",
            "memory usage",
            "of memory not available to new work",
            "hosts",
            "node_exporter",
        ),
        AlertSpec(
            Metric.DISK,
            "HighDiskUsage",
            f"100 * (1 - node_filesystem_avail_bytes{{{_NODE_FS}}} "
            f"/ node_filesystem_size_bytes{{{_NODE_FS}}})",
            "%",
            1,
            "instance",
            "disk usage",
            "of the filesystem in use",
            "hosts",
            "node_exporter",
        ),
        AlertSpec(
            Metric.DB_SLOW_QUERY,
            "SlowDatabaseQuery",
            'max by (instance) (pg_stat_activity_max_tx_duration{state="active"})',
            "s",
            1,
            "instance",
            "longest running query",
            "age of the oldest active transaction",
            "database",
            "postgres_exporter",
        ),
        AlertSpec(
            Metric.DB_CONNECTIONS,
            "DatabaseConnectionsHigh",
            "100 * sum by (instance) (pg_stat_activity_count) "
            "/ max by (instance) (pg_settings_max_connections)",
            "%",
            1,
            "instance",
            "connection usage",
            "of max_connections in use",
            "database",
            "postgres_exporter",
        ),
        AlertSpec(
            Metric.REPLICATION_LAG,
            "DatabaseReplicationLag",
            "max by (instance) (pg_replication_lag_seconds)",
            "s",
            1,
            "instance",
            "replication lag",
            "behind the primary",
            "database",
            "postgres_exporter",
        ),
    )
}
"""The measurement of every metric the session can set thresholds for."""

VALUE_FORMAT = {"%": ("%.2f", "%"), "s": ("%.3f", " s")}
"""How a value of each unit is printed in descriptions (Go `printf` and Python `%`)."""


def _num(x: float) -> str:
    return repr(float(x)).removesuffix(".0") if float(x).is_integer() else repr(float(x))


def threshold_value(t: AlertThreshold, level: str) -> float:
    """The threshold of `level` in the rule's unit."""
    raw = t.critical if level == "critical" else t.warning
    return raw * SPECS[t.metric].scale


def rule_expr(spec: AlertSpec, threshold: float) -> str:
    """The rule's condition: the value at or above `threshold` (above, for 0)."""
    op = ">" if threshold == 0 else ">="
    return f"{spec.value} {op} {_num(threshold)}"


def rule_annotations(
    session: Session, spec: AlertSpec, t: AlertThreshold, level: str
) -> dict[str, str]:
    """Summary, description (with `$value`) and runbook link of one rule."""
    fmt, suffix = VALUE_FORMAT[spec.unit]
    limit = with_unit(t.critical if level == "critical" else t.warning, t.metric.unit)
    both = (
        f"warning at {with_unit(t.warning, t.metric.unit)}, "
        f"critical at {with_unit(t.critical, t.metric.unit)}"
    )
    subject = f"{{{{ $labels.{spec.subject} }}}}"
    return {
        "summary": f"{spec.what.capitalize()} at or above {limit} on {subject}",
        "description": (
            f"{spec.what.capitalize()} on {{{{ $labels.{spec.subject} }}}} is "
            f'{{{{ $value | printf "{fmt}" }}}}{suffix} ({spec.window}; {both}).'
        ),
        "runbook_url": runbook_url(session, t.metric.value),
    }


def with_unit(value: float, unit: str) -> str:
    """A threshold with its unit, as people write it: `5%`, `800 ms`, `30 s`."""
    return f"{value:g}%" if unit == "%" else f"{value:g} {unit}"


def _minutes(m: int) -> dict[str, str]:
    return {"for": f"{m}m"} if m else {}


def rules_for(session: Session) -> dict[str, list[dict[str, Any]]]:
    """The rule groups of `session`, keyed by group suffix, in file order."""
    groups: dict[str, list[dict[str, Any]]] = {"availability": []}
    uptime = session.monitoring.uptime_check
    if uptime.enabled:
        groups["availability"].append(
            {
                "alert": "ServiceDown",
                "expr": f'probe_success{{job="{PROBE_JOB}"}} == 0',
                **_minutes(uptime.for_minutes),
                "labels": {"severity": "critical"},
                "annotations": {
                    "summary": "{{ $labels.instance }} is down",
                    "description": f"The uptime probe of {{{{ $labels.instance }}}} has failed for "
                    f"{uptime.for_minutes} minutes.",
                    "runbook_url": runbook_url(session, SERVICE_DOWN),
                },
            }
        )
    groups["availability"].append(
        {
            "alert": "TargetDown",
            "expr": f'up{{job!="{PROBE_JOB}"}} == 0',
            **_minutes(max(uptime.for_minutes, 1)),
            "labels": {"severity": "warning"},
            "annotations": {
                "summary": "{{ $labels.job }} target {{ $labels.instance }} is not scraped",
                "description": "Prometheus could not scrape {{ $labels.instance }} of job "
                f"{{{{ $labels.job }}}} for {max(uptime.for_minutes, 1)} minutes.",
                "runbook_url": runbook_url(session, TARGET_DOWN),
            },
        }
    )
    for t in alerted_thresholds(session):
        spec = SPECS[t.metric]
        for level in ("critical", "warning"):
            groups.setdefault(spec.group, []).append(
                {
                    "alert": spec.alert,
                    "expr": rule_expr(spec, threshold_value(t, level)),
                    **_minutes(t.for_minutes),
                    "labels": {"severity": level},
                    "annotations": rule_annotations(session, spec, t, level),
                }
            )
    return groups


def postgres_monitored(session: Session) -> bool:
    """Whether the design's database is PostgreSQL (postgres_exporter applies)."""
    db = database_service(session)
    return db is not None and db.engine == "postgres"


def alerted_thresholds(session: Session) -> tuple[AlertThreshold, ...]:
    """The thresholds that become rules: database ones only for PostgreSQL designs, host
    ones only where the design has hosts."""
    written = {"application"}
    if postgres_monitored(session):
        written.add("database")
    if has_hosts(session):
        written.add("hosts")
    return tuple(t for t in session.monitoring.thresholds if SPECS[t.metric].group in written)


def _header(session: Session) -> list[str]:
    uptime = session.monitoring.uptime_check
    lines = [
        *banner(session, "Prometheus alert rules"),
        "",
        "Metrics these rules rely on:",
        f'  blackbox_exporter   probe_success (scrape job "{PROBE_JOB}", probing '
        f"{uptime.url_path} every {uptime.interval_seconds}s)",
        "  Prometheus          up",
        f"  OpenTelemetry HTTP  {HTTP}_bucket / _count (server histogram in seconds,",
        "                      label http_response_status_code; semantic conventions 1.23+)",
    ]
    extra = optional_extra(session)
    if extra:
        lines[2:2] = [extra, ""]
    host_metrics = [
        t.metric.label for t in session.monitoring.thresholds if SPECS[t.metric].group == "hosts"
    ]
    if has_hosts(session):
        lines += [
            "  node_exporter       node_cpu_seconds_total, node_memory_MemAvailable_bytes,",
            "                      node_memory_MemTotal_bytes, node_filesystem_avail_bytes,",
            "                      node_filesystem_size_bytes",
        ]
    elif host_metrics:
        lines.append(
            f"Not written: {', '.join(host_metrics)} — the design's compute has no hosts to run "
            "node_exporter on (serverless and managed containers); watch them in the provider's "
            "console."
        )
    if postgres_monitored(session):
        lines += [
            "  postgres_exporter   pg_stat_activity_max_tx_duration, pg_stat_activity_count,",
            "                      pg_settings_max_connections,",
            "                      pg_replication_lag_seconds (postgres_exporter 0.13 or later)",
        ]
    else:
        skipped = [
            t.metric.label
            for t in session.monitoring.thresholds
            if SPECS[t.metric].group == "database"
        ]
        db = primary(session, Category.DATABASE)
        if skipped:
            what = db.service if db else "no database"
            lines.append(
                f"Not written: {', '.join(skipped)} — the database ({what}) is not "
                "PostgreSQL; alert on it with the provider's own monitoring."
            )
    lines += [
        "Each threshold is a critical/warning pair with one alert name; a rule fires when the",
        "value is at or above the session's threshold for the session's duration.",
        f"Runbooks: {INCIDENT_DOC} (one section per alert). Tests: promtool test rules",
        "prometheus-rules.test.yml",
    ]
    return lines


def prometheus_rules(analysis: Analysis) -> str:
    """The rule file (`prometheus-rules.yml`) of `session`."""
    session = analysis.session
    name = project_slug(session)
    groups = [
        {"name": f"{name}-{suffix}", "rules": rules}
        for suffix, rules in rules_for(session).items()
        if rules
    ]
    return render_yaml({"groups": groups}, _header(session))
