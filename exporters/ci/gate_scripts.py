"""The release gate check: does the new version breach the design's rollback criteria?

The production watch runs this script after every health probe. It reads the gates of the
deployment plan through the design's metrics service, with the same queries as the
design's alert definitions:

- CloudWatch: the states of the alarms that are the gates (`monitoring/cloudwatch-alarms.yml`);
- Prometheus the team runs: an instant query of its HTTP API (`PROMETHEUS_URL`);
- Cloud Monitoring: an instant PromQL query of its Prometheus API in the environment's
  project, on the request metrics Google Cloud records;
- Azure Monitor: a Kusto query of the environment's Application Insights
  (`APPINSIGHTS_APP_ID`) with `az monitor app-insights query`.

Designs whose metrics service the pipeline cannot query get no script; the plan's
limitations say so in the documents.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from exporters.monitoring import azure_monitor, cloud_monitoring
from exporters.monitoring.rules import SPECS
from model.catalog.facts import Alerting
from model.deploy_plan import DeploymentPlan, Gate
from model.naming import project_slug
from model.session import Session

PROMETHEUS_URL = "PROMETHEUS_URL"
"""The CI variable holding the base URL of the team's Prometheus."""

APPINSIGHTS_APP_ID = "APPINSIGHTS_APP_ID"
"""The CI variable holding the application ID of the environment's Application Insights."""


@dataclass(frozen=True, slots=True)
class GateScript:
    """The release gate check of a watch."""

    setup: str
    """Run once before the watch (tools the check needs), or empty."""
    check: str
    """Run after every health probe; exits 1 when a gate is breached."""


def _prometheus_query(base: str, query: str, gate: Gate, auth: str = "") -> str:
    """An instant query that fails the watch when it returns a sample."""
    header = f'--header "Authorization: Bearer {auth}" ' if auth else ""
    return (
        f'curl --fail --silent --show-error --get {header}"{base}/api/v1/query" '
        f"--data-urlencode {shlex.quote('query=' + query)} | grep -q '\"result\":\\[\\]' "
        f'|| {{ echo "release gate breached: {gate.words}"; exit 1; }}'
    )


def gate_script(session: Session, plan: DeploymentPlan, region: str) -> GateScript | None:
    """The check failing the watch when a production gate is breached; None when the
    pipeline cannot read the gates."""
    check = plan.gate_check
    gates = plan.production.gates
    if not check.automated or not gates:
        return None
    words = " or ".join(g.words for g in gates)
    if check.alerting is Alerting.CLOUDWATCH:
        return GateScript(
            "",
            f'breached="$(aws cloudwatch describe-alarms --region {region} '
            f"--alarm-names {' '.join(check.alarm_names)} --state-value ALARM "
            "--query 'length(MetricAlarms)' --output text)\"\n"
            f'if [ "$breached" != 0 ]; then echo "release gate breached ({words})"; exit 1; fi',
        )
    if check.alerting is Alerting.CLOUD_MONITORING:
        found = cloud_monitoring.sources(session)
        project, env = project_slug(session), plan.production.name
        lines = ['token="$(gcloud auth print-access-token)"']
        lines += [
            _prometheus_query(
                cloud_monitoring.PROMETHEUS_API,
                cloud_monitoring.breach_query(gate.metric, found, project, env, gate.limit),
                gate,
                auth="$token",
            )
            for gate in gates
        ]
        return GateScript("", "\n".join(lines))
    if check.alerting is Alerting.AZURE_MONITOR:
        lines = []
        for gate in gates:
            query = azure_monitor.value_query(gate.metric, azure_monitor.GATE_WINDOW_MINUTES)
            # JMESPath compares the number, printed as JSON `true`: nothing but the CLI needed.
            lines.append(
                f'breached="$(az monitor app-insights query --app "${APPINSIGHTS_APP_ID}" '
                f"--analytics-query {shlex.quote(query)} "
                f'--query "tables[0].rows[0][0] > to_number(\'{gate.limit:g}\')" --output json)"\n'
                f'if [ "$breached" = true ]; then echo "release gate breached: {gate.words}"; '
                "exit 1; fi"
            )
        return GateScript(
            "az extension add --name application-insights --upgrade --only-show-errors",
            "\n".join(lines),
        )
    return GateScript(
        "",
        "\n".join(
            _prometheus_query(
                f"${PROMETHEUS_URL}",
                f"({SPECS[gate.metric].value}) > {gate.limit * SPECS[gate.metric].scale:g}",
                gate,
            )
            for gate in gates
        ),
    )


def gate_variables(plan: DeploymentPlan) -> tuple[str, ...]:
    """The per-environment CI variables the gate check reads besides the cloud login's."""
    check = plan.gate_check
    if not check.automated:
        return ()
    if check.alerting is Alerting.PROMETHEUS:
        return (PROMETHEUS_URL,)
    if check.alerting is Alerting.AZURE_MONITOR:
        return (APPINSIGHTS_APP_ID,)
    return ()
