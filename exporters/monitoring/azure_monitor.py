"""Azure Monitor log search alerts for a design whose metrics service is Azure Monitor.

Application Insights records every request the application answers in its `requests`
table (`model.metrics_sources.request_telemetry`), whatever runs it: App Service,
Container Apps, AKS, Functions. The alerts are Kusto queries over that table, as
`Microsoft.Insights/scheduledQueryRules` resources of an ARM template
(`az deployment group create --template-file`). The same query functions build the
pipeline's release gate check (`exporters.ci.gate_scripts`), which runs them with
`az monitor app-insights query`, so a gate and an alert measure the same thing.

Each request threshold of `monitoring.thresholds` becomes a critical (severity 0) and a
warning (severity 2) rule. Log search alerts evaluate a query over a window of fixed
sizes; a threshold's minutes become the smallest window at least that long, and the
rule's description says which.
"""

from __future__ import annotations

import json
from typing import Any

from exporters.documents.runbooks import runbook_url
from model.analysis import Analysis
from model.catalog import load_catalog
from model.catalog.facts import Alerting
from model.enums import Metric
from model.metrics_sources import metrics_service, request_telemetry
from model.naming import project_slug
from model.sections.monitoring import AlertThreshold
from model.session import Session

TEMPLATE_PATH = "monitoring/azure-monitor-alerts.json"
"""Where the ARM template sits in the bundle."""

API_VERSION = "2023-12-01"
"""The scheduledQueryRules API version the template is written for."""

WINDOWS_MINUTES = (5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440)
"""The window sizes a log search alert accepts (from five minutes: the gates' window)."""

GATE_WINDOW_MINUTES = 5
"""The window the release gate check measures, as the Prometheus and Cloud Monitoring
gates do (the query filters it: `az monitor app-insights query` has no minute offset)."""

_SEVERITY = {"critical": 0, "warning": 2}


def applies(session: Session) -> bool:
    """Whether the design's metrics service is Azure Monitor, Application Insights records
    its requests and the session sets a threshold on them."""
    catalog = load_catalog()
    service = metrics_service(session, catalog)
    return (
        service is not None
        and service.alerting is Alerting.AZURE_MONITOR
        and request_telemetry(session, catalog) is not None
        and any(t.metric.of_requests for t in session.monitoring.thresholds)
    )


def value_query(metric: Metric, last_minutes: int | None = None) -> str:
    """Kusto computing `metric` in the session's unit (% or ms) as the column `value`, over
    the last `last_minutes` or (in an alert rule) over the rule's window."""
    rows = "requests" + (f" | where timestamp > ago({last_minutes}m)" if last_minutes else "")
    if metric is Metric.ERROR_RATE:
        return (
            f"{rows} | summarize total = count(), failed = countif(toint(resultCode) >= 500) "
            "| extend value = iff(total == 0, 0.0, 100.0 * failed / total) | project value"
        )
    percentile = 95 if metric is Metric.LATENCY_P95 else 99
    return f"{rows} | summarize value = percentile(duration, {percentile}) | project value"


def window_minutes(for_minutes: int) -> int:
    """The smallest window a log search alert accepts that is at least `for_minutes`."""
    return next((w for w in WINDOWS_MINUTES if w >= for_minutes), WINDOWS_MINUTES[-1])


def _duration(minutes: int) -> str:
    if minutes % 1440 == 0:
        return f"P{minutes // 1440}D"
    if minutes % 60 == 0:
        return f"PT{minutes // 60}H"
    return f"PT{minutes}M"


def _rule(
    session: Session, project: str, env: str, t: AlertThreshold, level: str
) -> dict[str, Any]:
    value = t.warning if level == "warning" else t.critical
    window = window_minutes(t.for_minutes)
    name = f"{project}-{env}-{t.metric.value.replace('_', '-')}-{level}"
    runbook = runbook_url(session, t.metric.value)
    return {
        "type": "Microsoft.Insights/scheduledQueryRules",
        "apiVersion": API_VERSION,
        "name": name,
        "location": "[parameters('location')]",
        "properties": {
            "displayName": name,
            "description": (
                f"{t.metric.label} at or above {t.metric.amount(value)} over {window} "
                f"minutes ({level}). Runbook: {runbook}"
            ),
            "severity": _SEVERITY[level],
            "enabled": True,
            "scopes": ["[parameters('applicationInsightsId')]"],
            "evaluationFrequency": "PT1M" if window <= 5 else "PT5M",
            "windowSize": _duration(window),
            "criteria": {
                "allOf": [
                    {
                        "query": value_query(t.metric),
                        "timeAggregation": "Maximum",
                        "metricMeasureColumn": "value",
                        "operator": "GreaterThan" if value == 0 else "GreaterThanOrEqual",
                        "threshold": value,
                        "failingPeriods": {
                            "numberOfEvaluationPeriods": 1,
                            "minFailingPeriodsToAlert": 1,
                        },
                    }
                ]
            },
            "autoMitigate": True,
            "actions": {
                "actionGroups": [f"[parameters('{level}ActionGroupId')]"],
                "customProperties": {"runbook": runbook},
            },
        },
    }


def alert_template(analysis: Analysis) -> str:
    """The ARM template of the design's log search alerts, as JSON."""
    session = analysis.session
    if request_telemetry(session, analysis.catalog) is None:
        raise ValueError("the design has no Application Insights to record the requests")
    project = project_slug(session)
    env = analysis.deployment.production.name
    thresholds = [t for t in session.monitoring.thresholds if t.metric.of_requests]
    others = [t.metric.label for t in session.monitoring.thresholds if not t.metric.of_requests]
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "metadata": {
            "description": f"Azure Monitor alerts of {session.context.project} ({env}), "
            "generated by infrasketch from the design session: change the session and "
            "export again rather than editing this file by hand.",
            "deploy": 'az deployment group create --resource-group "$AZURE_RESOURCE_GROUP" '
            f"--template-file {TEMPLATE_PATH} --parameters applicationInsightsId=... "
            "criticalActionGroupId=... warningActionGroupId=...",
            "notCovered": (
                "No rule here for (see the monitoring document): " + ", ".join(others) + "."
                if others
                else "Every threshold of the design has a rule here."
            ),
        },
        "parameters": {
            "applicationInsightsId": {
                "type": "string",
                "metadata": {"description": f"Resource ID of the Application Insights of {env}"},
            },
            "criticalActionGroupId": {
                "type": "string",
                "metadata": {"description": "Action group that pages the on-call engineer"},
            },
            "warningActionGroupId": {
                "type": "string",
                "metadata": {"description": "Action group that posts to the team's chat"},
            },
            "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
        },
        "resources": [
            _rule(session, project, env, t, level)
            for t in thresholds
            for level in ("critical", "warning")
        ],
    }
    return json.dumps(template, indent=2, ensure_ascii=False) + "\n"
