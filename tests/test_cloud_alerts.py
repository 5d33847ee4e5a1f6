"""Cloud Monitoring policies and Azure Monitor alerts: accepted by their APIs' own types,
queries that parse, the session's thresholds, and release gates that ask the same question.

Offline, the closest thing to the providers' validators are their published client
libraries: a Cloud Monitoring policy must parse as `google.cloud.monitoring_v3`'s
`AlertPolicy` protobuf (unknown fields and wrong types are refused), and every PromQL
query must pass `promtool check rules` (Cloud Monitoring evaluates standard PromQL); an
Azure rule must deserialise into `azure.mgmt.monitor`'s `ScheduledQueryRuleResource`
without losing a field, use its enums' values and a window the API accepts. Kusto has
no offline parser in Python: the queries are checked for the table and columns
Application Insights' `requests` has.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from azure.mgmt.monitor.models import (
    AlertSeverity,
    ConditionOperator,
    ScheduledQueryRuleResource,
    TimeAggregation,
)
from google.cloud.monitoring_v3.types import AlertPolicy

from exporters.bundle import render_files, skipped_for
from exporters.ci.github_actions import github_workflow
from exporters.ci.gitlab_ci import gitlab_pipeline
from exporters.monitoring import azure_monitor, cloud_monitoring
from model.analysis import Analysis, analyse
from model.catalog.facts import Alerting
from model.enums import CiSystem
from model.session import Session
from sessions.bundled import load_example
from tests.ops_sessions import metrics_sessions

ROOT = Path(__file__).resolve().parents[1]
PROMTOOL = ROOT / "tools" / "prometheus" / "usr" / "bin" / "promtool"


def _designs(alerting: Alerting) -> dict[str, Session]:
    found = {
        combo.name: combo.session
        for combo in metrics_sessions()
        if analyse(combo.session).deployment.gate_check.alerting is alerting
    }
    for name in ("eu-shop-gcp", "b2b-platform-azure"):
        session = load_example(name)
        if analyse(session).deployment.gate_check.alerting is alerting:
            found[name] = session
    return found


GCP = _designs(Alerting.CLOUD_MONITORING)
AZURE = _designs(Alerting.AZURE_MONITOR)


def _pipeline(analysis: Analysis) -> str:
    if analysis.session.pipeline.system is CiSystem.GITHUB_ACTIONS:
        return github_workflow(analysis)
    return gitlab_pipeline(analysis)


def test_both_clouds_and_ci_systems_are_covered() -> None:
    assert len(GCP) >= 3 and len(AZURE) >= 3
    for designs in (GCP, AZURE):
        systems = {s.pipeline.system for s in designs.values()}
        assert systems == set(CiSystem)


@pytest.mark.parametrize("name", sorted(GCP))
def test_cloud_monitoring_policies_parse_and_carry_the_thresholds(
    name: str, tmp_path: Path
) -> None:
    session = GCP[name]
    files, _ = render_files(analyse(session), {"monitoring"})
    assert not any(p.startswith("monitoring/prometheus") for p in files), "one set of alerts"
    thresholds = [t for t in session.monitoring.thresholds if t.metric.of_requests]
    queries = []
    for level, path in cloud_monitoring.POLICY_PATHS.items():
        body = yaml.safe_load(files[path])
        policy = AlertPolicy.from_json(json.dumps(body))  # refuses unknown fields and types
        assert policy.severity.name == level.upper()
        assert len(policy.conditions) == len(thresholds) <= 6  # the API's limit per policy
        for t, condition in zip(thresholds, policy.conditions, strict=True):
            promql = condition.condition_prometheus_query_language
            limit = t.critical if level == "critical" else t.warning
            assert promql.query.endswith(f" {limit:g}"), promql.query
            assert promql.duration.total_seconds() == t.for_minutes * 60
            queries.append(promql.query)
        for t in thresholds:
            assert f"runbook-{t.metric.value.replace('_', '-')}" in policy.documentation.content
    rules = {"groups": [{"name": "q", "rules": [{"record": "q", "expr": q} for q in queries]}]}
    check = tmp_path / "queries.yml"
    check.write_text(yaml.safe_dump(rules), encoding="utf-8")
    result = subprocess.run(
        [str(PROMTOOL), "check", "rules", str(check)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(GCP))
def test_the_gcp_release_gate_asks_cloud_monitoring_what_the_policies_ask(name: str) -> None:
    analysis = analyse(GCP[name])
    plan = analysis.deployment
    assert plan.gate_check.automated
    pipeline = _pipeline(analysis)
    assert "gcloud auth print-access-token" in pipeline
    assert cloud_monitoring.PROMETHEUS_API in pipeline
    policy = yaml.safe_load(
        render_files(analysis, {"monitoring"})[0][cloud_monitoring.POLICY_PATHS["critical"]]
    )
    measured = {
        c["conditionPrometheusQueryLanguage"]["query"].rsplit(" ", 2)[0]
        for c in policy["conditions"]
    }
    for gate in plan.production.gates:
        asked = re.search(rf"'query=(\(.*?\)) > {gate.limit:g}'", pipeline)
        assert asked is not None, gate.words
        if any(t.metric is gate.metric for t in analysis.session.monitoring.thresholds):
            assert asked.group(1) in measured, "the gate measures what the alert measures"
    assert not any("person watching" in limit for limit in plan.limitations)


@pytest.mark.parametrize("name", sorted(AZURE))
def test_azure_rules_deserialise_without_loss_and_carry_the_thresholds(name: str) -> None:
    session = AZURE[name]
    analysis = analyse(session)
    files, _ = render_files(analysis, {"monitoring"})
    if not analysis.deployment.gate_check.automated:
        assert azure_monitor.TEMPLATE_PATH not in files
        assert azure_monitor.TEMPLATE_PATH in skipped_for(session)
        assert any("Application Insights" in x for x in analysis.deployment.limitations)
        return
    template = json.loads(files[azure_monitor.TEMPLATE_PATH])
    assert template["$schema"].endswith("/deploymentTemplate.json#")
    parameters = set(template["parameters"])
    thresholds = [t for t in session.monitoring.thresholds if t.metric.of_requests]
    assert len(template["resources"]) == 2 * len(thresholds)
    for resource in template["resources"]:
        assert resource["type"] == "Microsoft.Insights/scheduledQueryRules"
        assert resource["apiVersion"] == azure_monitor.API_VERSION
        model = ScheduledQueryRuleResource.from_dict(
            {"location": "westeurope", "properties": resource["properties"]}
        )
        back = model.serialize()["properties"]
        assert back == resource["properties"], "a field the API does not know was dropped"
        props = resource["properties"]
        assert props["severity"] in {s.value for s in AlertSeverity}
        for criterion in props["criteria"]["allOf"]:
            assert criterion["timeAggregation"] in {a.value for a in TimeAggregation}
            assert criterion["operator"] in {o.value for o in ConditionOperator}
        assert props["windowSize"] in {
            "PT5M", "PT10M", "PT15M", "PT30M", "PT45M", "PT1H", "PT2H", "PT3H", "PT4H",
            "PT5H", "PT6H", "P1D",
        }  # fmt: skip
        for expression in re.findall(r"parameters\('(\w+)'\)", json.dumps(resource)):
            assert expression in parameters
        criterion = props["criteria"]["allOf"][0]
        assert criterion["query"].startswith("requests | summarize ")
        assert re.fullmatch(r"[\w ()|=>,.'!+*/-]+", criterion["query"]), criterion["query"]
    named = {r["name"]: r["properties"]["criteria"]["allOf"][0] for r in template["resources"]}
    for t in thresholds:
        metric = t.metric.value.replace("_", "-")
        for level, limit in (("critical", t.critical), ("warning", t.warning)):
            rule = next(k for k in named if k.endswith(f"-{metric}-{level}"))
            assert named[rule]["threshold"] == limit


@pytest.mark.parametrize("name", sorted(AZURE))
def test_the_azure_release_gate_runs_the_alerts_query(name: str) -> None:
    analysis = analyse(AZURE[name])
    plan = analysis.deployment
    if not plan.gate_check.automated:
        return
    pipeline = _pipeline(analysis)
    assert "APPINSIGHTS_APP_ID" in pipeline
    for gate in plan.production.gates:
        query = azure_monitor.value_query(gate.metric, azure_monitor.GATE_WINDOW_MINUTES)
        assert f"--analytics-query '{query}'" in pipeline
        # The gate's query is the alert's with the window the alert rule sets itself.
        window = f" | where timestamp > ago({azure_monitor.GATE_WINDOW_MINUTES}m)"
        assert query.replace(window, "") == azure_monitor.value_query(gate.metric)
        assert f"> to_number('{gate.limit:g}')" in pipeline


def test_a_threshold_lasting_minutes_the_api_has_no_window_for_takes_the_next_longer() -> None:
    assert azure_monitor.window_minutes(0) == 5
    assert azure_monitor.window_minutes(5) == 5
    assert azure_monitor.window_minutes(7) == 10
    assert azure_monitor.window_minutes(50) == 60
    assert azure_monitor.window_minutes(1440) == 1440
