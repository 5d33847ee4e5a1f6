"""One story across the bundle: a fact stated in two files is the same in both.

Over the examples, the payments design, every starter grid design (cloud × CI × strategy),
a spread of the generated designs and the minimal sessions, the exported files are read
back as their readers read them, and each fact that several of them state is compared:
the production traffic steps (deployment document, pipeline job, its header), the release
gates (document, CloudWatch template, pipeline), the alarm names (pipeline, template,
document), the environments and their branches (document and a deploy job each), the
standing alert thresholds (monitoring document and CloudWatch template), the secrets the
release checks (pipeline and security document) and the monthly total.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
import yaml

from exporters.bundle import render_files
from exporters.ci.ops_plan import deploy_plan
from exporters.markdown import anchor
from exporters.monitoring import azure_monitor, cloud_monitoring
from exporters.monitoring.cloudwatch import TEMPLATE_PATH
from model.analysis import Analysis, analyse
from model.enums import CiSystem, Metric
from model.naming import project_slug
from model.session import Session, replace
from model.units import money
from sessions.bundled import load_example
from sessions.store import load
from tests.ops_sessions import combinations, grid_sessions, metrics_sessions, minimal_sessions

PAYMENTS = Path(__file__).parent / "data" / "payments-pci.yaml"


def _designs() -> Iterator[tuple[str, Session]]:
    for name in ("saas-mvp-aws", "eu-shop-gcp", "b2b-platform-azure"):
        yield name, load_example(name)
    yield "payments-pci", load(PAYMENTS)
    for combo in grid_sessions():
        yield combo.name, combo.session
    for combo in islice(combinations(), 0, None, 9):
        yield combo.name, combo.session
    for combo in (*minimal_sessions(), *metrics_sessions()):
        yield combo.name, combo.session


DESIGNS = dict(_designs())


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation YAML (plain here: the template uses no short-form tags)."""


@pytest.fixture(scope="module", params=sorted(DESIGNS))
def bundle(request: pytest.FixtureRequest) -> tuple[Analysis, dict[str, str]]:
    analysis = analyse(DESIGNS[request.param])
    files, _ = render_files(analysis, ("ci", "monitoring", "docs"))
    return analysis, {path: data.decode("utf-8") for path, data in files.items()}


def _pipeline(analysis: Analysis, files: dict[str, str]) -> tuple[str, dict[str, Any]]:
    github = analysis.session.pipeline.system is CiSystem.GITHUB_ACTIONS
    text = files["ci/github-actions.yml" if github else "ci/gitlab-ci.yml"]
    doc = yaml.safe_load(text)
    jobs = doc["jobs"] if github else {k: v for k, v in doc.items() if isinstance(v, dict)}
    return text, jobs


def _flat(text: str) -> str:
    """Comment text with its wrapping undone, for phrases that may break across lines."""
    return re.sub(r"\s*\n#\s*", " ", text)


def test_design_count_covers_the_grid() -> None:
    assert len(DESIGNS) >= 30


def test_the_traffic_steps_are_the_same_in_the_document_and_the_pipeline(
    bundle: tuple[Analysis, dict[str, str]],
) -> None:
    analysis, files = bundle
    prod = analysis.deployment.production
    doc = files["docs/03-deployment.md"]
    text, jobs = _pipeline(analysis, files)
    for rollout in prod.rollouts:
        if rollout.steps and len(rollout.steps) > 1:
            shares = " → ".join(f"{s}%" for s in rollout.steps)
            assert f"{rollout.component.name}: canary in " in doc
            assert shares in doc
    if prod.traffic_steps and prod.strategy.value == "canary":
        shares = " → ".join(f"{s}%" for s in prod.traffic_steps)
        assert f"canary {shares}" in _flat(text)
    asked = analysis.session.deployment.canary_steps_percent
    if prod.strategy.value == "canary" and asked != prod.traffic_steps:
        # Steps the platform does not take are a stated limitation, never a promise.
        promised = " → ".join(f"{s}%" for s in asked)
        assert f"canary {promised}" not in _flat(text)
        assert any("not taken" in limit for limit in analysis.deployment.limitations) or not any(
            r.shifts for r in prod.rollouts
        )
    assert "deploy-production" in jobs


def test_every_environment_has_its_deploy_job_on_its_branch(
    bundle: tuple[Analysis, dict[str, str]],
) -> None:
    analysis, files = bundle
    doc = files["docs/03-deployment.md"]
    _, jobs = _pipeline(analysis, files)
    deploys = {name: job for name, job in jobs.items() if name.startswith("deploy-")}
    plan = analysis.deployment
    phases = deploy_plan(analysis).phases
    assert len(deploys) == len(plan.environments) == len(phases)
    for env, phase in zip(plan.environments, phases, strict=True):
        assert phase.plan is env
        job = deploys[phase.job_id]
        condition = job["if"] if "if" in job else job["rules"][0]["if"]
        assert env.branch.split("*", maxsplit=1)[0] in condition
        if analysis.session.environments:
            assert f". {env.name}\n" in doc
            assert f"`{env.branch}`" in doc


def test_the_release_gates_are_the_same_everywhere(
    bundle: tuple[Analysis, dict[str, str]],
) -> None:
    analysis, files = bundle
    plan = analysis.deployment
    doc = files["docs/03-deployment.md"]
    text, _ = _pipeline(analysis, files)
    for gate in plan.production.gates:
        assert f"Release gate: {gate.words}" in doc
        if plan.gate_check.automated:
            assert gate.words in _flat(text)
    names = plan.gate_check.alarm_names
    for name in names:
        assert name in text and f"`{name}`" in doc
    if TEMPLATE_PATH not in files:
        return
    template = yaml.safe_load(files[TEMPLATE_PATH])
    alarms = {r["Properties"]["AlarmName"]: r["Properties"] for r in template["Resources"].values()}
    front = next(
        m for c in analysis.session.components if (m := analysis.service(c).request_metrics)
    )
    for gate, name in zip(plan.production.gates, names, strict=True):
        scale = 1 if gate.metric is Metric.ERROR_RATE else front.latency_per_ms
        assert alarms[name]["Threshold"] == pytest.approx(gate.limit * scale)


def test_the_standing_thresholds_are_the_same_in_the_document_and_the_alarms(
    bundle: tuple[Analysis, dict[str, str]],
) -> None:
    analysis, files = bundle
    if TEMPLATE_PATH not in files:
        return
    template = yaml.safe_load(files[TEMPLATE_PATH])
    alarms = {r["Properties"]["AlarmName"]: r["Properties"] for r in template["Resources"].values()}
    project = project_slug(analysis.session)
    env = analysis.deployment.production.name
    front = next(
        m for c in analysis.session.components if (m := analysis.service(c).request_metrics)
    )
    checked = 0
    for t in analysis.session.monitoring.thresholds:
        if t.metric not in (Metric.ERROR_RATE, Metric.LATENCY_P95, Metric.LATENCY_P99):
            continue
        scale = 1 if t.metric is Metric.ERROR_RATE else front.latency_per_ms
        for level, value in (("warning", t.warning), ("critical", t.critical)):
            alarm = alarms[f"{project}-{env}-{t.metric.value.replace('_', '-')}-{level}"]
            assert alarm["Threshold"] == pytest.approx(value * scale)
            checked += 1
    monitoring = files["docs/04-monitoring.md"]
    for t in analysis.session.monitoring.thresholds:
        assert f"{t.warning:g}" in monitoring and f"{t.critical:g}" in monitoring
    assert checked or not analysis.session.monitoring.thresholds


def test_the_cloud_alerts_carry_the_thresholds_the_monitoring_document_states(
    bundle: tuple[Analysis, dict[str, str]],
) -> None:
    analysis, files = bundle
    found: dict[tuple[str, str], float] = {}
    for level, path in cloud_monitoring.POLICY_PATHS.items():
        if path in files:
            for condition in yaml.safe_load(files[path])["conditions"]:
                query = condition["conditionPrometheusQueryLanguage"]["query"]
                found[(condition["displayName"].split(" at or above")[0], level)] = float(
                    query.rsplit(" ", 1)[1]
                )
    if azure_monitor.TEMPLATE_PATH in files:
        for rule in json.loads(files[azure_monitor.TEMPLATE_PATH])["resources"]:
            props = rule["properties"]
            label = props["description"].split(" at or above")[0]
            level = "critical" if props["severity"] == 0 else "warning"
            found[(label, level)] = props["criteria"]["allOf"][0]["threshold"]
    if not found:
        return
    monitoring = files["docs/04-monitoring.md"]
    for t in analysis.session.monitoring.thresholds:
        if not t.metric.of_requests:
            continue
        for level, value in (("warning", t.warning), ("critical", t.critical)):
            assert found.pop((t.metric.label, level)) == value
            assert t.metric.amount(value).replace(" ", "") in monitoring.replace(" ", "")
    assert not found, "an alert for a threshold the session does not set"


def test_the_checked_secrets_are_named_in_the_security_document(
    bundle: tuple[Analysis, dict[str, str]],
) -> None:
    analysis, files = bundle
    text, _ = _pipeline(analysis, files)
    security = files["docs/05-security.md"]
    for secret in analysis.session.security.secrets:
        if f"{secret.name}: {secret.path} is present" in text:
            assert secret.name in security and secret.path in security


def test_the_monthly_total_is_the_same_in_every_document_that_states_it(
    bundle: tuple[Analysis, dict[str, str]],
) -> None:
    analysis, files = bundle
    total = money(analysis.cost.monthly_total)
    assert total in files["docs/06-cost.md"]
    stated = [p for p, text in files.items() if p.endswith(".md") and "per month" in text]
    for path in stated:
        amounts = set(re.findall(r"\$[\d,]+(?:\.\d\d)? per month in total", files[path]))
        assert amounts <= {f"{total} per month in total"}, path


def _anchors(markdown: str) -> set[str]:
    return {
        anchor(line.lstrip("#").strip()) for line in markdown.splitlines() if line.startswith("#")
    }


def test_every_alert_links_a_runbook_section_that_exists(
    bundle: tuple[Analysis, dict[str, str]],
) -> None:
    analysis, files = bundle
    sections = _anchors(files["docs/07-incident-response.md"])
    links = []
    if "monitoring/prometheus-rules.yml" in files:
        rules = yaml.safe_load(files["monitoring/prometheus-rules.yml"])
        links += [r["annotations"]["runbook_url"] for g in rules["groups"] for r in g["rules"]]
    if TEMPLATE_PATH in files:
        template = yaml.safe_load(files[TEMPLATE_PATH])
        links += [
            r["Properties"]["AlarmDescription"].rsplit("Runbook: ", 1)[1]
            for r in template["Resources"].values()
        ]
    for path in cloud_monitoring.POLICY_PATHS.values():
        if path in files:
            policy = yaml.safe_load(files[path])["documentation"]["content"]
            links += re.findall(r"\]\(([^)]+)\)", policy)
    if azure_monitor.TEMPLATE_PATH in files:
        template = json.loads(files[azure_monitor.TEMPLATE_PATH])
        for rule in template["resources"]:
            runbook = rule["properties"]["actions"]["customProperties"]["runbook"]
            assert rule["properties"]["description"].endswith(f"Runbook: {runbook}")
            links.append(runbook)
    assert links or not analysis.session.monitoring.thresholds
    for link in links:
        path, _, section = link.partition("#")
        assert path == "docs/07-incident-response.md" and section in sections, link


def test_runbook_links_are_absolute_under_the_docs_url() -> None:
    session = load(PAYMENTS)
    base = "https://github.com/acme/payments/blob/main/docs/architecture/"
    linked = replace(session, context=session.context.evolve(docs_url=base))
    files, _ = render_files(analyse(linked), ("monitoring",))
    template = files[TEMPLATE_PATH].decode()
    assert f"Runbook: {base}docs/07-incident-response.md#runbook-error-rate" in template
    assert "Runbook: docs/" not in template


def test_the_architects_notes_reach_the_readers_who_need_them() -> None:
    session = load(PAYMENTS)
    files, _ = render_files(analyse(session), ("docs",))
    infrastructure = files["docs/01-infrastructure.md"].decode()
    backend = files["docs/roles/backend.md"].decode()
    for component in session.components:
        if component.notes:
            assert component.notes in infrastructure, component.id
    for note in ("DLQ after 8 retries", "HMAC-signed", "Card data tokenised", "in PCI scope"):
        assert note in backend
    assert "dead-letter queue after 8 receives" in infrastructure
