"""The release gate check: does the new version breach the design's rollback criteria?

The production watch runs this script after every health probe. It reads the gates of the
deployment plan through the design's metrics service: the states of the CloudWatch alarms
that are the gates (defined in `monitoring/cloudwatch-alarms.yml`), or an instant query
of the Prometheus the team runs, with the same expressions as the alert rules. Designs
whose metrics service the pipeline cannot query get no script; the plan's limitations say
so in the documents.
"""

from __future__ import annotations

import shlex

from exporters.monitoring.rules import SPECS
from model.catalog.facts import Alerting
from model.deploy_plan import DeploymentPlan

PROMETHEUS_URL = "PROMETHEUS_URL"
"""The CI variable holding the base URL of the team's Prometheus."""


def gate_script(plan: DeploymentPlan, region: str) -> str:
    """A script exiting 1 when a production gate is breached; empty when none is read."""
    check = plan.gate_check
    gates = plan.production.gates
    if not check.automated or not gates:
        return ""
    words = " or ".join(g.words for g in gates)
    if check.alerting is Alerting.CLOUDWATCH:
        return (
            f'breached="$(aws cloudwatch describe-alarms --region {region} '
            f"--alarm-names {' '.join(check.alarm_names)} --state-value ALARM "
            "--query 'length(MetricAlarms)' --output text)\"\n"
            f'if [ "$breached" != 0 ]; then echo "release gate breached ({words})"; exit 1; fi'
        )
    lines = []
    for gate in gates:
        spec = SPECS[gate.metric]
        query = f"query=({spec.value}) > {gate.limit * spec.scale:g}"
        lines.append(
            f'curl --fail --silent --show-error --get "${PROMETHEUS_URL}/api/v1/query" '
            f"--data-urlencode {shlex.quote(query)} | grep -q '\"result\":\\[\\]' "
            f'|| {{ echo "release gate breached: {gate.words}"; exit 1; }}'
        )
    return "\n".join(lines)


def reads_prometheus(plan: DeploymentPlan) -> bool:
    """Whether the gate check queries Prometheus (and needs `PROMETHEUS_URL`)."""
    return plan.gate_check.automated and plan.gate_check.alerting is Alerting.PROMETHEUS
