"""Which alert definitions a design's bundle carries: those of the stack it has.

A design whose metrics service is CloudWatch (with a load balancer or REST API publishing
request metrics) gets CloudWatch alarms as CloudFormation and no Prometheus files: it has
no Prometheus to load them. A design running Prometheus (self-run, Amazon Managed Service
for Prometheus, Grafana Cloud) gets the rules, their tests, `prometheus.yml` and the
Alertmanager routing. Any other design gets the Prometheus files as an explicitly
optional extra: their header says the design's own metrics service is another one.
Host rules (node_exporter) are written only where the design has hosts.
"""

from __future__ import annotations

from exporters.common import compute_components, service_of
from exporters.monitoring.cloudwatch import applies as cloudwatch_applies
from model.catalog import Service
from model.catalog.facts import Alerting
from model.enums import Category
from model.session import Session

PROMETHEUS_SKIPPED = (
    "the metrics service is CloudWatch: its alarms are in monitoring/cloudwatch-alarms.yml"
)
"""Why a CloudWatch design's bundle has no Prometheus files (the manifest says it)."""


def metrics_service(session: Session) -> Service | None:
    """The catalog entry of the design's metrics service, if it has one."""
    found = session.components_in(Category.METRICS)
    return service_of(found[0]) if found else None


def prometheus_applies(session: Session) -> bool:
    """Whether the bundle carries Prometheus rules, their tests, scrape config and routing."""
    return not cloudwatch_applies(session)


def runs_prometheus(session: Session) -> bool:
    """Whether the design's own metrics service reads Prometheus rules."""
    service = metrics_service(session)
    return service is not None and service.alerting is Alerting.PROMETHEUS


def optional_extra(session: Session) -> str | None:
    """Why the Prometheus files are only an optional extra for this design, or None."""
    if runs_prometheus(session):
        return None
    service = metrics_service(session)
    where = service.label if service else "no metrics service"
    return (
        f"Optional extra: the design's metrics service is {where}, not Prometheus. These "
        "rules serve a Prometheus-compatible collector if the team runs one."
    )


def has_hosts(session: Session) -> bool:
    """Whether any compute runs on hosts node_exporter can measure."""
    return any(
        (deploy := service_of(c).deploy) is not None and deploy.platform.runs_on_hosts
        for c in compute_components(session)
    )
