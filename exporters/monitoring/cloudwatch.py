"""CloudWatch alarms for a design whose metrics service is CloudWatch, as CloudFormation.

Two kinds of alarm, from one place each:

- **Release gates** (`model.deploy_plan`): the production error rate and p95 response time
  limits of `deployment.post_deploy`, named as the plan names them. ECS deployments list
  them in their `alarms` and roll back by themselves; the pipeline's watch reads their state.
- **Standing alerts** (`monitoring.thresholds`): a warning and a critical alarm per metric
  CloudWatch measures for this design: the request metrics of the Application Load
  Balancer (or API Gateway) in front of the API, and the CPU and memory of each ECS service.
  Metrics CloudWatch does not publish in the session's unit (connections as a share of
  the maximum, slow queries, disk as a share) are named in the template's header, not
  pretended.

Every alarm's description carries its runbook link (`exporters.documents.runbooks`) and its
notifications go to the SNS topic given as a parameter.
"""

from __future__ import annotations

from typing import Any

from exporters.common import banner
from exporters.documents.runbooks import RELEASE_GATE, runbook_url
from exporters.yaml_text import render_yaml
from model.analysis import Analysis
from model.catalog import load_catalog
from model.catalog.facts import Alerting, Platform, RequestMetrics
from model.deploy_plan import Gate
from model.enums import Category, Metric
from model.metrics_sources import metrics_service, request_front
from model.naming import project_slug
from model.sections.monitoring import AlertThreshold
from model.session import Session

TEMPLATE_PATH = "monitoring/cloudwatch-alarms.yml"
"""Where the template sits in the bundle."""


def applies(session: Session) -> bool:
    """Whether the design's metrics service is CloudWatch and something in front of the API
    publishes request metrics to it."""
    catalog = load_catalog()
    service = metrics_service(session, catalog)
    return (
        service is not None
        and service.alerting is Alerting.CLOUDWATCH
        and request_front(session, catalog) is not None
    )


def _parameter(dimension: str) -> str:
    return f"{dimension}Name"


def _dimensions(front: RequestMetrics) -> list[dict[str, Any]]:
    return [{"Name": name, "Value": {"Ref": _parameter(name)}} for name, _ in front.dimensions]


def _error_rate(front: RequestMetrics, limit: float) -> dict[str, Any]:
    dims = _dimensions(front)

    def stat(id_: str, name: str) -> dict[str, Any]:
        metric = {"Namespace": front.namespace, "MetricName": name, "Dimensions": dims}
        return {
            "Id": id_,
            "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Sum"},
            "ReturnData": False,
        }

    return {
        "Metrics": [
            stat("errors", front.errors),
            stat("requests", front.requests),
            {
                "Id": "rate",
                "Expression": "IF(requests > 0, 100 * errors / requests, 0)",
                "Label": "5xx error rate (%)",
                "ReturnData": True,
            },
        ],
        "Threshold": limit,
    }


def _latency(front: RequestMetrics, percentile: str, limit_ms: float) -> dict[str, Any]:
    return {
        "Namespace": front.namespace,
        "MetricName": front.latency,
        "Dimensions": _dimensions(front),
        "ExtendedStatistic": percentile,
        "Period": 60,
        "Threshold": round(limit_ms * front.latency_per_ms, 6),
    }


def _alarm(
    name: str, description: str, body: dict[str, Any], minutes: int, runbook: str
) -> dict[str, Any]:
    periods = max(1, minutes)
    return {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmName": name,
            "AlarmDescription": f"{description} Runbook: {runbook}",
            **body,
            "ComparisonOperator": "GreaterThanThreshold",
            "EvaluationPeriods": periods,
            "DatapointsToAlarm": periods,
            "TreatMissingData": "notBreaching",
            "AlarmActions": [{"Ref": "AlarmTopicArn"}],
            "OKActions": [{"Ref": "AlarmTopicArn"}],
        },
    }


def _resource_id(*words: str) -> str:
    return "".join(w.replace("-", " ").replace("_", " ").title().replace(" ", "") for w in words)


def _gate_alarm(front: RequestMetrics, gate: Gate, name: str, runbook: str) -> dict[str, Any]:
    what = f"Release gate: {gate.words} rolls the release back."
    if gate.metric is Metric.ERROR_RATE:
        return _alarm(name, what, _error_rate(front, gate.limit), 1, runbook)
    return _alarm(name, what, _latency(front, "p95", gate.limit), 1, runbook)


def _standing(
    front: RequestMetrics, project: str, env: str, t: AlertThreshold, runbook: str
) -> dict[str, Any]:
    """The warning and critical alarms of one request threshold, by resource id."""
    out = {}
    for level, value in (("warning", t.warning), ("critical", t.critical)):
        name = f"{project}-{env}-{t.metric.value.replace('_', '-')}-{level}"
        text = (
            f"{t.metric.label} above {value:g} {t.metric.unit} for {t.for_minutes} min ({level})."
        )
        if t.metric is Metric.ERROR_RATE:
            body = _error_rate(front, value)
        else:
            percentile = "p95" if t.metric is Metric.LATENCY_P95 else "p99"
            body = _latency(front, percentile, value)
        out[_resource_id(t.metric.value, level)] = _alarm(name, text, body, t.for_minutes, runbook)
    return out


def _service_alarms(
    analysis: Analysis, project: str, env: str, t: AlertThreshold
) -> dict[str, Any]:
    """CPU or memory alarms of each ECS service, warning and critical."""
    metric = "CPUUtilization" if t.metric is Metric.CPU else "MemoryUtilization"
    out = {}
    for c in analysis.session.components_in(Category.COMPUTE):
        deploy = analysis.service(c).deploy
        if deploy is None or deploy.platform is not Platform.ECS:
            continue
        for level, value in (("warning", t.warning), ("critical", t.critical)):
            name = f"{project}-{env}-{c.id}-{t.metric.value}-{level}"
            text = f"{c.name}: {t.metric.label} above {value:g}% for {t.for_minutes} min ({level})."
            body = {
                "Namespace": "AWS/ECS",
                "MetricName": metric,
                "Dimensions": [
                    {"Name": "ClusterName", "Value": f"{project}-{env}"},
                    {"Name": "ServiceName", "Value": c.id},
                ],
                "Statistic": "Average",
                "Period": 60,
                "Threshold": value,
            }
            out[_resource_id(c.id, t.metric.value, level)] = _alarm(
                name, text, body, t.for_minutes, runbook_url(analysis.session, t.metric.value)
            )
    return out


_SERVICE_METRICS = (Metric.CPU, Metric.MEMORY)


def uncovered(session: Session, *, request_only: bool = False) -> list[str]:
    """The alerts of the monitoring document that alarms on the request metrics (and,
    unless `request_only`, on the ECS services' CPU and memory) leave out, by label."""
    covered = [m for m in Metric if m.of_requests]
    if not request_only:
        covered += _SERVICE_METRICS
    found = []
    if session.monitoring.uptime_check.enabled:
        found.append("Service down (the uptime check)")
    found += [t.metric.label for t in session.monitoring.thresholds if t.metric not in covered]
    if session.components_in(Category.DATABASE):
        found.append("Database unreachable")
    return found


def cloudwatch_alarms(analysis: Analysis) -> str:
    """The CloudFormation template of the design's CloudWatch alarms."""
    session = analysis.session
    front = request_front(session, load_catalog())
    if front is None:
        raise ValueError("no load balancer or REST API publishes request metrics")
    plan = analysis.deployment
    project = project_slug(session)
    env = plan.production.name
    resources: dict[str, Any] = {}
    for gate, name in zip(plan.production.gates, plan.gate_check.alarm_names, strict=True):
        resources[_resource_id("release", gate.metric.value)] = _gate_alarm(
            front, gate, name, runbook_url(session, RELEASE_GATE)
        )
    for t in session.monitoring.thresholds:
        if t.metric.of_requests:
            runbook = runbook_url(session, t.metric.value)
            resources.update(_standing(front, project, env, t, runbook))
        elif t.metric in _SERVICE_METRICS:
            resources.update(_service_alarms(analysis, project, env, t))
    skipped = uncovered(session)
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"CloudWatch alarms of {session.context.project} ({env})"[:1024],
        "Parameters": {
            **{
                _parameter(name): {"Type": "String", "Description": words[0].upper() + words[1:]}
                for name, words in front.dimensions
            },
            "AlarmTopicArn": {
                "Type": "String",
                "Description": "SNS topic notified when an alarm changes state",
            },
        },
        "Resources": resources,
    }
    header = [
        *banner(session, "CloudWatch alarms (CloudFormation)"),
        "",
        "Deploy: aws cloudformation deploy --template-file cloudwatch-alarms.yml "
        f"--stack-name {project}-{env}-alarms --parameter-overrides ...",
        "The release-gate alarms are read by the pipeline and by ECS deployments (rollback).",
    ]
    if skipped:
        header.append(
            "No alarm here for (see the monitoring document for where they are set up): "
            + ", ".join(skipped)
            + "."
        )
    return render_yaml(template, header)
