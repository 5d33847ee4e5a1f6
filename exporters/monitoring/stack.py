"""Which alert definitions a design's bundle carries: those of the stack it has.

A design whose metrics service is CloudWatch (with a load balancer or REST API publishing
request metrics) gets CloudWatch alarms as CloudFormation; one on Cloud Monitoring gets
its alerting policies, one on Azure Monitor with Application Insights its log search
alerts as an ARM template. None of them gets Prometheus files besides: two sets of alerts
for the same thresholds would page twice. A design running Prometheus (self-run, Amazon
Managed Service for Prometheus, Grafana Cloud) gets the rules, their tests, `prometheus.yml` and the
Alertmanager routing. Any other design gets the Prometheus files as an explicitly
optional extra: their header says the design's own metrics service is another one.
Host rules (node_exporter) are written only where the design has hosts.
"""

from __future__ import annotations

from exporters.common import compute_components, service_of
from exporters.monitoring import azure_monitor, cloud_monitoring
from exporters.monitoring.cloudwatch import applies as cloudwatch_applies
from model.catalog import load_catalog
from model.catalog.facts import Alerting
from model.metrics_sources import metrics_service
from model.session import Session


def prometheus_applies(session: Session) -> bool:
    """Whether the bundle carries Prometheus rules, their tests, scrape config and routing:
    unless the metrics service's own alert definitions replace them."""
    return not (
        cloudwatch_applies(session)
        or cloud_monitoring.applies(session)
        or azure_monitor.applies(session)
    )


def prometheus_skipped(session: Session) -> str:
    """Why a design with its metrics service's own alert definitions has no Prometheus files
    (the manifest says it)."""
    if cloudwatch_applies(session):
        return (
            "the metrics service is CloudWatch: its alarms are in monitoring/cloudwatch-alarms.yml"
        )
    if cloud_monitoring.applies(session):
        return (
            "the metrics service is Cloud Monitoring: its alerting policies are in "
            "monitoring/cloud-monitoring/"
        )
    return f"the metrics service is Azure Monitor: its alerts are in {azure_monitor.TEMPLATE_PATH}"


def runs_prometheus(session: Session) -> bool:
    """Whether the design's own metrics service reads Prometheus rules."""
    service = metrics_service(session, load_catalog())
    return service is not None and service.alerting is Alerting.PROMETHEUS


def optional_extra(session: Session) -> str | None:
    """Why the Prometheus files are only an optional extra for this design, or None."""
    if runs_prometheus(session):
        return None
    service = metrics_service(session, load_catalog())
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
