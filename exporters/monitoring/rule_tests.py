"""Unit tests for the alert rules, in promtool's own format (`promtool test rules`).

For every threshold pair three cases prove the rules do what the session says: halfway
to the warning nothing fires; at the warning only the warning fires; at the critical
value both fire (Alertmanager then inhibits the warning). The availability alerts fire
when the probe or the scrape fails and stay silent when it succeeds.

Input series are built so the rule's PromQL yields the threshold: gauges hold it, the
histogram's buckets put the quantile exactly on a bucket bound, and counters grow so
that `rate()` gives it. Where floating-point arithmetic lands a hair below the threshold
(`rate()` multiplies by a rounded 1/300; `100 * (1 - 0.08)` is not 92), the input is
nudged by the smallest step that reaches it — one ulp, or one request in 600 million —
checked by evaluating the expression here the way Prometheus 2 does (window including
its left edge) and Prometheus 3 does (excluding it), at every evaluation the `for:`
duration spans. Expected annotations are the rule templates rendered with that value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from exporters.common import banner
from exporters.monitoring.rules import (
    PROBE_JOB,
    SPECS,
    AlertSpec,
    alerted_thresholds,
    rule_annotations,
    rules_for,
    threshold_value,
    with_unit,
)
from exporters.yaml_text import render_yaml
from model.analysis import Analysis
from model.enums import Metric
from model.sections.monitoring import AlertThreshold
from model.session import Session

RULES_FILE = "prometheus-rules.yml"
"""The rule file the tests load, relative to the test file."""

Series = list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Probe:
    """Input series for one metric value, and what the rule's expression yields."""

    series: Series
    """`(series selector, values)` pairs in promtool notation."""
    labels: dict[str, str]
    """The labels of the expression's result."""
    value: float
    """The expression's value at evaluation time."""


def _rate(values: list[float], t: int, closed: bool) -> float:
    """`rate(x[5m])` at minute `t` of per-minute samples, as Prometheus computes it.

    `closed`: the window includes the sample at t-5m (Prometheus 2); otherwise it starts
    after it (Prometheus 3) and the four minutes of samples are extrapolated to five.
    Prometheus multiplies the increase by `(extrapolated / sampled interval) / range`.
    """
    if closed:
        return (values[t] - values[t - 5]) * ((300.0 / 300.0) / 300.0)
    return (values[t] - values[t - 4]) * ((300.0 / 240.0) / 300.0)


def _counter(per_minute: float, minutes: int) -> list[float]:
    return [i * per_minute for i in range(minutes + 1)]


def _values(samples: list[float]) -> str:
    if all(b - a == samples[1] - samples[0] for a, b in pairwise(samples)):
        step = samples[1] - samples[0]
        if float(step).is_integer() and float(samples[0]).is_integer():
            return f"{samples[0]:.0f}+{step:.0f}x{len(samples) - 1}"
    return " ".join(repr(v) for v in samples)


def _gauge(value: float, minutes: int) -> str:
    return f"{value!r}+0x{minutes}"


def _sel(name: str, labels: dict[str, str]) -> str:
    inner = ",".join(f'{k}="{v}"' for k, v in labels.items())
    return f"{name}{{{inner}}}"


_REQUESTS = 600_000_000
"""Requests per minute in the error-rate series (whole numbers keep `rate()` exact)."""

_APP = {"job": "app", "instance": "app-1:8080"}
_NODE = {"job": "node", "instance": "host-1:9100"}
_PG = {"job": "postgres", "instance": "db-1:9187"}
_FS = {"device": "/dev/sda1", "fstype": "ext4", "mountpoint": "/"}


def _probe(metric: Metric, x: float, minutes: int) -> tuple[Series, Callable[[int, bool], float]]:
    """Series for parameter `x` and the expression's value at (minute, closed window)."""
    if metric is Metric.ERROR_RATE:
        errors, ok = _counter(x, minutes), _counter(_REQUESTS - x, minutes)
        name = "http_server_request_duration_seconds_count"
        series = [
            (_sel(name, {**_APP, "http_response_status_code": "200"}), _values(ok)),
            (_sel(name, {**_APP, "http_response_status_code": "500"}), _values(errors)),
        ]

        def error_rate(t: int, closed: bool) -> float:
            e, o = _rate(errors, t, closed), _rate(ok, t, closed)
            return (100 * e) / (o + e)

        return series, error_rate
    if metric is Metric.CPU:
        idle = _counter(x, minutes)
        series = [
            (_sel("node_cpu_seconds_total", {**_NODE, "cpu": "0", "mode": "idle"}), _values(idle))
        ]
        return series, lambda t, closed: 100 * (1 - _rate(idle, t, closed))
    if metric in (Metric.MEMORY, Metric.DISK):
        size = float(2**34)
        names = (
            ("node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes", _NODE)
            if metric is Metric.MEMORY
            else ("node_filesystem_avail_bytes", "node_filesystem_size_bytes", {**_NODE, **_FS})
        )
        series = [
            (_sel(names[0], names[2]), _gauge(x, minutes)),
            (_sel(names[1], names[2]), _gauge(size, minutes)),
        ]
        return series, lambda t, closed: 100 * (1 - x / size)
    if metric is Metric.DB_CONNECTIONS:
        series = [
            (
                _sel("pg_stat_activity_count", {**_PG, "datname": "app", "state": "active"}),
                _gauge(x, minutes),
            ),
            (_sel("pg_settings_max_connections", _PG), _gauge(100.0, minutes)),
        ]
        return series, lambda t, closed: (100 * x) / 100.0
    gauges: dict[Metric, tuple[str, dict[str, str]]] = {
        Metric.DB_SLOW_QUERY: (
            "pg_stat_activity_max_tx_duration",
            {**_PG, "datname": "app", "state": "active"},
        ),
        Metric.REPLICATION_LAG: ("pg_replication_lag_seconds", _PG),
    }
    name, labels = gauges[metric]
    return [(_sel(name, labels), _gauge(x, minutes))], lambda t, closed: x


def _histogram(q: float, value: float, minutes: int) -> Probe:
    """Buckets putting the `q` quantile exactly on `value` (a bucket's upper bound)."""
    name = "http_server_request_duration_seconds_bucket"
    inside = round(q * 6000)
    series = [
        (_sel(name, {**_APP, "le": repr(value / 2)}), _values(_counter(0, minutes))),
        (_sel(name, {**_APP, "le": repr(value)}), _values(_counter(inside, minutes))),
        (_sel(name, {**_APP, "le": "+Inf"}), _values(_counter(6000, minutes))),
    ]
    return Probe(series, {"job": "app"}, value)


_IDEAL: dict[Metric, Callable[[float], float]] = {
    Metric.ERROR_RATE: lambda v: v / 100 * _REQUESTS,
    Metric.CPU: lambda v: 60 * (1 - v / 100),
    Metric.MEMORY: lambda v: 2**34 * (1 - v / 100),
    Metric.DISK: lambda v: 2**34 * (1 - v / 100),
}
"""The input parameter giving value `v`, in exact arithmetic (the identity elsewhere)."""

_RESULT_LABELS: dict[Metric, dict[str, str]] = {
    Metric.ERROR_RATE: {"job": "app"},
    Metric.CPU: {"instance": _NODE["instance"]},
    Metric.MEMORY: _NODE,
    Metric.DISK: {**_NODE, **_FS},
    Metric.DB_SLOW_QUERY: {"instance": _PG["instance"]},
    Metric.DB_CONNECTIONS: {"instance": _PG["instance"]},
    Metric.REPLICATION_LAG: {"instance": _PG["instance"]},
}
"""The labels each expression's result keeps (aggregations drop the rest)."""

_RAISES: dict[Metric, bool] = {Metric.CPU: False, Metric.MEMORY: False, Metric.DISK: False}
"""Whether a larger parameter gives a larger value (idle and free space work backwards)."""


def probe(metric: Metric, value: float, minutes: int, at_least: bool) -> Probe:
    """Input series making `metric`'s expression equal `value` at every steady minute.

    With `at_least`, the parameter is nudged until floating point yields `value` or more
    at every evaluation from minute 5 to `minutes`, under both window conventions.
    """
    if metric in (Metric.LATENCY_P95, Metric.LATENCY_P99):
        return _histogram(0.95 if metric is Metric.LATENCY_P95 else 0.99, value, minutes)
    ideal = _IDEAL.get(metric)
    x = ideal(value) if ideal else value
    if metric is Metric.ERROR_RATE:
        x = float(round(x))
    up = _RAISES.get(metric, True)
    for _ in range(1_000):
        series, at = _probe(metric, x, minutes)
        values = [at(t, closed) for t in range(5, minutes + 1) for closed in (True, False)]
        if not at_least or min(values) >= value:
            break
        if metric is Metric.ERROR_RATE:
            x += 1
        else:
            x = math.nextafter(x, math.inf if up else -math.inf)
    else:
        raise ArithmeticError(f"no input makes {metric.value} reach {value!r}")
    return Probe(series, _RESULT_LABELS[metric], at(minutes, True))


def render(template: str, labels: dict[str, str], value: float) -> str:
    """A rule annotation as Prometheus renders it (labels and `printf`-formatted value)."""
    out = re.sub(r"\{\{ \$labels\.(\w+) \}\}", lambda m: labels[m.group(1)], template)
    return re.sub(r'\{\{ \$value \| printf "([^"]+)" \}\}', lambda m: m.group(1) % value, out)


def _expected(
    session: Session, spec: AlertSpec, t: AlertThreshold, levels: list[str], p: Probe
) -> list[dict[str, Any]]:
    return [
        {
            "exp_labels": {**p.labels, "severity": level},
            "exp_annotations": {
                k: render(v, p.labels, p.value)
                for k, v in rule_annotations(session, spec, t, level).items()
            },
        }
        for level in levels
    ]


def _case(
    name: str, p: Probe, alert: str, minutes: int, expected: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "name": name,
        "interval": "1m",
        "input_series": [{"series": s, "values": v} for s, v in p.series],
        "alert_rule_test": [
            {"eval_time": f"{minutes}m", "alertname": alert, "exp_alerts": expected}
        ],
    }


def threshold_cases(session: Session, t: AlertThreshold) -> list[dict[str, Any]]:
    """Below the warning, at the warning, at the critical value."""
    spec = SPECS[t.metric]
    minutes = t.for_minutes + 6
    warning, critical = threshold_value(t, "warning"), threshold_value(t, "critical")
    unit = t.metric.unit
    cases = []
    half = with_unit(t.warning / 2, unit)
    if warning > 0:
        below = probe(t.metric, warning / 2, minutes, at_least=False)
        cases.append(
            _case(
                f"{spec.alert}: silent at {half}, below the warning", below, spec.alert, minutes, []
            )
        )
    at_warning = warning if warning > 0 else critical / 2
    p = probe(t.metric, at_warning, minutes, at_least=True)
    cases.append(
        _case(
            f"{spec.alert}: warning at {with_unit(t.warning, unit)}",
            p,
            spec.alert,
            minutes,
            _expected(session, spec, t, ["warning"], p),
        )
    )
    p = probe(t.metric, critical, minutes, at_least=True)
    cases.append(
        _case(
            f"{spec.alert}: critical at {with_unit(t.critical, unit)}",
            p,
            spec.alert,
            minutes,
            _expected(session, spec, t, ["critical", "warning"], p),
        )
    )
    return cases


def _availability_cases(session: Session) -> list[dict[str, Any]]:
    rules = {r["alert"]: r for r in rules_for(session)["availability"]}
    cases = []
    for alert, metric, labels in (
        (
            "ServiceDown",
            "probe_success",
            {"job": PROBE_JOB, "instance": "https://example.test/healthz"},
        ),
        ("TargetDown", "up", _APP),
    ):
        if alert not in rules:
            continue
        rule = rules[alert]
        minutes = int(rule.get("for", "0m")[:-1]) + 2
        for value, fires in ((0, True), (1, False)):
            expected = []
            if fires:
                expected = [
                    {
                        "exp_labels": {**labels, "severity": rule["labels"]["severity"]},
                        "exp_annotations": {
                            k: render(v, labels, 0) for k, v in rule["annotations"].items()
                        },
                    }
                ]
            state = "fires when" if fires else "silent while"
            what = (
                "the probe fails"
                if metric == "probe_success" and fires
                else (
                    "the probe succeeds"
                    if metric == "probe_success"
                    else ("the scrape fails" if fires else "the scrape succeeds")
                )
            )
            probe_ = Probe([(_sel(metric, labels), _gauge(float(value), minutes))], labels, value)
            cases.append(_case(f"{alert}: {state} {what}", probe_, alert, minutes, expected))
    return cases


def prometheus_rule_tests(analysis: Analysis) -> str:
    """The promtool test file (`prometheus-rules.test.yml`) for `session`'s rules."""
    session = analysis.session
    tests = _availability_cases(session)
    for t in alerted_thresholds(session):
        tests += threshold_cases(session, t)
    header = [
        *banner(session, "Unit tests of the Prometheus alert rules"),
        "",
        f"Run: promtool test rules prometheus-rules.test.yml (next to {RULES_FILE}).",
        "Each alert is shown silent below its warning, warning at the warning threshold, and",
        "critical (with the warning) at the critical threshold, after its `for:` duration.",
    ]
    doc = {"rule_files": [RULES_FILE], "evaluation_interval": "1m", "tests": tests}
    return render_yaml(doc, header)
