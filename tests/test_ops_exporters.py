"""What the operations files say, checked against the example sessions by hand.

The validators (test_ops_validators.py) prove the files are well-formed; these tests
prove they do what the session decided: approval before production, rollback on a
failed health check, the coverage threshold enforced, alerts at the chosen thresholds
routed to the chosen channels, and no secret value anywhere.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError

from exporters.bundle import build_bundle
from exporters.ci.github_actions import github_workflow
from exporters.ci.gitlab_ci import gitlab_pipeline
from exporters.local.compose import compose_file
from exporters.local.env_example import env_example
from exporters.monitoring import azure_monitor, cloud_monitoring
from exporters.monitoring.alertmanager import alertmanager_config
from exporters.monitoring.rule_tests import probe
from exporters.monitoring.rules import prometheus_rules
from exporters.monitoring.stack import has_hosts
from model.analysis import analyse
from model.enums import Metric, ProductionApproval, Strategy
from model.session import Session, replace
from sessions.bundled import load_example
from tests.strategies import sessions


def load(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(text)
    return doc


@pytest.fixture
def saas() -> Session:
    return load_example("saas-mvp-aws")


def steps_named(job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s.get("name", s.get("uses", "")): s for s in job["steps"]}


def test_github_workflow_follows_the_saas_session(saas: Session) -> None:
    w = load(github_workflow(analyse(saas)))
    assert w["on"]["push"]["branches"] == ["main", "develop"]  # quoted: YAML 1.1 reads on as true
    assert w["on"]["pull_request"]["branches"] == ["main", "develop"]
    assert w["permissions"] == {"contents": "read"}
    assert w["concurrency"]["group"] == "${{ github.workflow }}-${{ github.ref }}"
    jobs = w["jobs"]
    assert list(jobs) == [
        "lint-node",
        "unit-tests",
        "build",
        "integration-tests",
        "security-scan",
        "deploy-dev",
        "deploy-staging",
        "deploy-production",
        "notify-failure",
        "design-review",
    ]
    # The session's dev environment deploys from develop as soon as the image is built.
    assert jobs["deploy-dev"]["if"].endswith("github.ref == 'refs/heads/develop'")
    assert jobs["deploy-dev"]["needs"] == ["build", "integration-tests", "security-scan"]
    assert jobs["build"]["needs"] == ["lint-node", "unit-tests"]
    assert jobs["deploy-staging"]["needs"] == ["build", "integration-tests", "security-scan"]
    assert jobs["deploy-production"]["needs"] == ["deploy-staging"]
    assert jobs["build"]["permissions"] == {"contents": "read", "packages": "write"}
    lint = steps_named(jobs["lint-node"])["Lint"]["run"]
    assert "npx eslint --max-warnings=0 ." in lint and "npx prettier --check ." in lint
    unit = steps_named(jobs["unit-tests"])["Unit tests, failing below 70% coverage"]["run"]
    assert unit.startswith("npm ci\nnpm test -- --coverage\n")
    assert "exit (pct < 70) ? 1 : 0" in unit
    services = jobs["integration-tests"]["services"]
    assert services["db"]["image"].startswith("postgres:17")
    it_env = steps_named(jobs["integration-tests"])["Integration tests"]["env"]
    assert it_env == {"DATABASE_URL": "postgresql://app@localhost:5432/app"}
    security = steps_named(jobs["security-scan"])
    assert (
        security["Dependency audit (npm audit)"]["run"] == "npm audit --audit-level=high --omit=dev"
    )
    assert security["Initialise CodeQL"]["with"] == {"languages": "javascript-typescript"}


def test_production_waits_for_approval_and_rolls_back(saas: Session) -> None:
    prod = load(github_workflow(analyse(saas)))["jobs"]["deploy-production"]
    assert prod["environment"] == {"name": "prod", "url": "https://app.tallybook.app"}
    assert prod["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert prod["concurrency"] == {"group": "deploy-prod", "cancel-in-progress": False}
    assert prod["permissions"] == {"contents": "read", "id-token": "write"}
    names = [s.get("name") for s in prod["steps"]]
    health = names.index("Health check GET /healthz")
    assert (
        names.index("Release API (rolling)")
        < health
        < names.index("Watch the release for 15 minutes")
    )
    rollback = prod["steps"][-1]
    assert rollback["name"] == "Roll back to the previous version"
    assert rollback["if"] == "failure()"
    assert (
        "aws ecs update-service --cluster tallybook-prod --service api "
        '--task-definition "$previous"' in rollback["run"]
    )
    release = steps_named(prod)["Release API (rolling)"]["run"]
    assert '"deploymentCircuitBreaker": {"enable": true, "rollback": true}' in release
    check = steps_named(prod)["Check that the secrets the release reads exist"]["run"]
    for name in ("DATABASE_URL", "JWT_SECRET", "STRIPE_API_KEY", "SENDGRID_API_KEY"):
        assert f"{name}: /tallybook/prod/" in check
    hc = steps_named(prod)["Health check GET /healthz"]["run"]
    assert 'url="$APP_URL"/healthz' in hc and "-ge 3 ]" in hc and "--max-time 5" in hc
    header = github_workflow(analyse(saas)).split("\nname:")[0]
    assert "add required reviewers to the 'prod' environment" in header


def test_notifications_use_the_sessions_secret(saas: Session) -> None:
    notify = load(github_workflow(analyse(saas)))["jobs"]["notify-failure"]
    assert notify["if"] == "failure()"
    step = notify["steps"][0]
    assert step["env"]["SLACK_WEBHOOK_URL"] == "${{ secrets.SLACK_WEBHOOK_URL }}"
    assert step["run"].endswith('"$SLACK_WEBHOOK_URL"')


@pytest.mark.parametrize(
    ("strategy", "steps"),
    [(Strategy.BLUE_GREEN, [100]), (Strategy.CANARY, [10, 50, 100]), (Strategy.ROLLING, [])],
)
def test_strategy_shapes_the_release_on_cloud_run(strategy: Strategy, steps: list[int]) -> None:
    shop = load_example("eu-shop-gcp")
    session = replace(shop, deployment=shop.deployment.evolve(strategy=strategy))
    prod = load(github_workflow(analyse(session)))["jobs"]["deploy-production"]
    names = [s["name"] for s in prod["steps"] if "name" in s]
    shifts = [int(m.group(1)) for n in names if (m := re.match(r"Shift (\d+)% of traffic", n))]
    assert shifts == steps
    release = steps_named(prod)[f"Release Orders API ({strategy.label.lower()})"]["run"]
    assert ("--no-traffic" in release) is bool(steps)
    watches = [n for n in names if n.startswith("Watch ") and "%" in n]
    assert watches == [f"Watch {p}% for 10 minutes" for p in steps if p < 100]


def test_automatic_approval_has_no_manual_gate(saas: Session) -> None:
    auto = replace(
        saas,
        pipeline=saas.pipeline.evolve(
            production=saas.pipeline.production.evolve(
                approval=ProductionApproval.AUTO_AFTER_STAGING
            )
        ),
        environments=tuple(e.evolve(deploy="auto") for e in saas.environments),
    )
    pipeline = load(gitlab_pipeline(analyse(auto)))
    assert pipeline["deploy-production"]["rules"] == [{"if": '$CI_COMMIT_BRANCH == "main"'}]
    assert "required reviewers" not in github_workflow(analyse(auto))


def test_gitlab_pipeline_follows_the_shop_session() -> None:
    shop = load_example("eu-shop-gcp")
    p = load(gitlab_pipeline(analyse(shop)))
    assert p["stages"] == [
        "review",
        "lint",
        "test",
        "build",
        "integration",
        "security",
        "staging",
        "production",
        "notify",
    ]
    assert p["workflow"]["rules"][-1] == {"if": "$CI_COMMIT_BRANCH =~ /^(main|develop)$/"}
    assert p["unit-tests"]["coverage"] == r"/Line coverage: (\d+(?:\.\d+)?)%/"
    assert "python -m coverage report --fail-under=80" in p["unit-tests"]["script"][0]
    services = {s["alias"]: s["name"] for s in p["integration-tests"]["services"]}
    assert services == {"db": "postgres:17.2-alpine", "cache": "redis:7.4.1-alpine"}
    assert p["integration-tests"]["variables"]["DATABASE_URL"] == "postgresql://app@db:5432/app"
    prod = p["deploy-production"]
    assert prod["rules"] == [
        {"if": '$CI_COMMIT_BRANCH == "main"', "when": "manual", "allow_failure": False}
    ]
    assert prod["environment"]["name"] == "prod"
    assert prod["resource_group"] == "prod"
    assert prod["id_tokens"]["GCP_ID_TOKEN"]["aud"].startswith("https://iam.googleapis.com/")
    assert prod["after_script"][0].startswith('if [ "$CI_JOB_STATUS" = failed ]; then')
    assert '--to-revisions "$previous=100"' in prod["after_script"][0]
    assert p["notify-failure"]["rules"] == [{"if": "$CI_COMMIT_BRANCH", "when": "on_failure"}]


def rules_by_alert(session: Session) -> dict[tuple[str, str], dict[str, Any]]:
    doc = load(prometheus_rules(analyse(session)))
    return {(r["alert"], r["labels"]["severity"]): r for g in doc["groups"] for r in g["rules"]}


def test_alert_rules_use_the_sessions_thresholds(saas: Session) -> None:
    rules = rules_by_alert(saas)
    assert rules[("HighErrorRate", "critical")]["expr"].endswith(" >= 5")
    assert rules[("HighErrorRate", "warning")]["expr"].endswith(" >= 1")
    assert rules[("HighErrorRate", "warning")]["for"] == "5m"
    assert rules[("HighLatencyP95", "warning")]["expr"].endswith(" >= 0.8")  # 800 ms
    assert rules[("HighLatencyP99", "critical")]["expr"].endswith(" >= 4")  # 4000 ms
    # Fargate has no hosts for node_exporter: no host rule, and the header says why.
    assert ("HighDiskUsage", "critical") not in rules
    assert "node_exporter on (serverless and managed containers)" in prometheus_rules(analyse(saas))
    on_ec2 = replace(
        saas,
        components=tuple(
            c.evolve(service="aws-ec2", size=None) if c.id == "api" else c for c in saas.components
        ),
    )
    assert rules_by_alert(on_ec2)[("HighDiskUsage", "critical")]["for"] == "15m"
    assert rules[("ServiceDown", "critical")]["for"] == "5m"
    assert "probe_success" in rules[("ServiceDown", "critical")]["expr"]
    assert ("DatabaseReplicationLag", "critical") not in rules, "saas sets no lag threshold"
    annotations = rules[("SlowDatabaseQuery", "critical")]["annotations"]
    assert annotations["runbook_url"] == "docs/07-incident-response.md#runbook-slowest-db-query"
    assert "warning at 1 s, critical at 5 s" in annotations["description"]
    assert "{{ $value" in annotations["description"]


def test_database_rules_only_for_postgres(saas: Session) -> None:
    dynamo = replace(
        saas,
        components=tuple(
            c.evolve(service="aws-dynamodb", size=None) if c.id == "db" else c
            for c in saas.components
        ),
    )
    alerts = {alert for alert, _ in rules_by_alert(dynamo)}
    assert not alerts & {"SlowDatabaseQuery", "DatabaseConnectionsHigh"}
    assert "Not written: Slowest DB query, DB connection pool usage" in prometheus_rules(
        analyse(dynamo)
    )


@pytest.mark.parametrize(
    ("metric", "value"),
    [(Metric.CPU, 92.0), (Metric.CPU, 92.5), (Metric.ERROR_RATE, 0.3), (Metric.MEMORY, 77.7)],
)
def test_rule_test_inputs_reach_the_threshold_and_no_further(metric: Metric, value: float) -> None:
    p = probe(metric, value, 12, at_least=True)
    assert value <= p.value < value * (1 + 1e-6)


def test_alertmanager_pages_criticals_and_chats_warnings() -> None:
    config = load(alertmanager_config(analyse(load_example("eu-shop-gcp"))))
    routes = [(r["receiver"], r["matchers"]) for r in config["route"]["routes"]]
    assert routes == [
        ("pagerduty-nordhaus-shop-production", ['severity="critical"']),
        ("slack-shop-alerts", ['severity="warning"']),
        ("email-platform-nordhaus-shop", ['severity="warning"']),
    ]
    receivers = {r["name"]: r for r in config["receivers"]}
    pd = receivers["pagerduty-nordhaus-shop-production"]["pagerduty_configs"][0]
    assert pd["routing_key_file"] == "/etc/alertmanager/secrets/PAGERDUTY_ROUTING_KEY"
    slack = receivers["slack-shop-alerts"]["slack_configs"][0]
    assert slack["api_url_file"] == "/etc/alertmanager/secrets/SLACK_WEBHOOK_URL"
    assert slack["channel"] == "#shop-alerts"
    assert config["inhibit_rules"] == [
        {
            "source_matchers": ['severity="critical"'],
            "target_matchers": ['severity="warning"'],
            "equal": ["alertname", "job", "instance"],
        }
    ]
    text = alertmanager_config(analyse(load_example("eu-shop-gcp")))
    assert not re.search(r"(routing_key|api_url|api_key|service_key):", text), "no inline secret"


def test_alertmanager_without_any_pager_is_still_valid(saas: Session) -> None:
    warnings_only = replace(
        saas,
        monitoring=saas.monitoring.evolve(
            channels=tuple(c.evolve(severities=("warning",)) for c in saas.monitoring.channels)
        ),
    )
    text = alertmanager_config(analyse(warnings_only))
    assert "Critical alerts reach no channel" in text
    config = load(text)
    assert all(r["matchers"] == ['severity="warning"'] for r in config["route"]["routes"])
    assert config["route"]["receiver"] == "tallybook-unrouted"


def test_compose_runs_the_app_on_healthy_local_services() -> None:
    compose = load(compose_file(analyse(load_example("b2b-platform-azure"))))
    services = compose["services"]
    assert list(services) == ["platform", "workers", "db", "cache", "queue"]
    assert services["platform"]["build"] == {"context": "./platform"}
    assert services["platform"]["env_file"] == [{"path": ".env", "required": False}]
    assert services["platform"]["depends_on"] == {
        name: {"condition": "service_healthy"} for name in ("db", "cache", "queue")
    }
    assert services["db"]["healthcheck"]["test"] == ["CMD-SHELL", "pg_isready -U app -d app"]
    assert services["db"]["volumes"] == ["db-data:/var/lib/postgresql/data"]
    assert services["queue"]["image"].startswith("rabbitmq:4")
    assert set(compose["volumes"]) == {"db-data", "cache-data", "queue-data"}


def test_env_example_names_every_variable_and_secret_without_values() -> None:
    session = load_example("b2b-platform-azure")
    text = env_example(analyse(session))
    assignments = re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, flags=re.M)
    assert all(value == "" for _, value in assignments)
    names = [name for name, _ in assignments]
    assert len(names) == len(set(names)), "each name once"
    expected = {v for c in session.components for v in c.env_vars}
    expected |= {s.name for s in session.security.secrets}
    assert set(names) == expected
    assert (
        "# secret: Signs access tokens — real value in Azure Key Vault (Standard) (vault) at "
        "kv-fleetline-prod/jwt-signing-key; rotated by identity-team\nJWT_SIGNING_KEY=\n"
    ) in text
    assert "# also reads SERVICEBUS_NAMESPACE (under platform), LOG_LEVEL (under platform)" in text


def test_secret_check_reads_names_never_values(saas: Session) -> None:
    text = github_workflow(analyse(saas)) + gitlab_pipeline(analyse(saas))
    assert "--with-decryption" not in text
    assert "get-secret-value" not in text


def test_session_text_cannot_inject_commands_or_config(saas: Session) -> None:
    """Names are one line and paths hold no `$` at model level; the exporters still escape
    what got past it (a session built without validation), so neither layer is trusted
    alone."""
    with pytest.raises(ValidationError, match="must be one line"):
        saas.context.evolve(project="Tally\nname: hijacked")
    hostile = saas.model_copy(
        update={
            "context": saas.context.model_copy(update={"project": "Tally\nname: hijacked"}),
            "components": tuple(
                c.model_copy(update={"name": "API\nrm -rf /"}) if c.id == "api" else c
                for c in saas.components
            ),
            "deployment": saas.deployment.model_copy(
                update={
                    "health_check": saas.deployment.health_check.model_copy(
                        update={"path": "/healthz$(reboot)"}
                    )
                }
            ),
        }
    )
    gitlab = gitlab_pipeline(analyse(hostile))
    scripts = [line.strip() for line in gitlab.splitlines()]
    assert "rm -rf /" not in scripts
    assert "# Record the running version of API\\nrm -rf /" in scripts
    assert "url=\"$APP_URL\"'/healthz$(reboot)'" in scripts
    assert load(github_workflow(analyse(hostile)))["name"] == "CI/CD — Tally\\nname: hijacked"
    assert "\nname: hijacked" not in env_example(analyse(hostile))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_every_session_exports_parseable_files(session: Session) -> None:
    """Random designs (thresholds of 0, tiny or odd values included) export without error."""
    files = build_bundle(analyse(session), {"ci", "monitoring", "compose", "env"})
    for path, data in files.items():
        if path.endswith(".yml"):
            assert isinstance(yaml.safe_load(data), dict), path
    if "monitoring/prometheus-rules.test.yml" not in files:
        # The metrics service's own alert definitions stand in for the rules.
        assert {
            "monitoring/cloudwatch-alarms.yml",
            cloud_monitoring.POLICY_PATHS["critical"],
            azure_monitor.TEMPLATE_PATH,
        } & set(files)
        return
    tests = yaml.safe_load(files["monitoring/prometheus-rules.test.yml"])
    names = [t["name"] for t in tests["tests"]]
    request = {"error_rate", "latency_p95", "latency_p99"}
    written = request | (_HOST if has_hosts(session) else set())
    for t in session.monitoring.thresholds:
        if t.metric.value in written:
            assert any(n.startswith(f"{_alert(t.metric)}: critical at") for n in names)


_HOST = {"cpu", "memory", "disk"}
"""Host thresholds become rules only where the design has hosts for node_exporter."""


def _alert(metric: Metric) -> str:
    from exporters.monitoring.rules import SPECS

    return SPECS[metric].alert
