"""`prometheus.yml`: what Prometheus scrapes for the rules of `prometheus-rules.yml`.

One job per deployed component (its OpenTelemetry Prometheus exporter on port 9464, found
through the DNS of a headless Service on Kubernetes, by name elsewhere), node_exporter only
where the design has hosts (a DaemonSet's headless Service on Kubernetes, EC2 instances of
the Auto Scaling group by its tag, VM names elsewhere), postgres_exporter when the rules
watch PostgreSQL, and the blackbox probe of the production health path when the uptime
check is on. The job names are the ones the rules and their tests use.
"""

from __future__ import annotations

from typing import Any

from exporters.ci.deploy_targets import deployables
from exporters.common import banner
from exporters.monitoring.rules import PROBE_JOB, postgres_monitored
from exporters.monitoring.stack import has_hosts, optional_extra
from exporters.yaml_text import render_yaml
from model.analysis import Analysis
from model.catalog.facts import Platform

APP_PORT = 9464
"""The OpenTelemetry Prometheus exporter's default port."""


def _dns(name: str, port: int) -> dict[str, Any]:
    """Discovery through a headless Kubernetes Service: one A record per pod."""
    return {"names": [name], "type": "A", "port": port}


def _app_job(job: str, platform: Platform, namespace: str) -> dict[str, Any]:
    if platform is Platform.KUBERNETES:
        # A headless Service `<id>-metrics` selects the pods; DNS lists every pod, and works
        # with every Prometheus build (Debian's leaves out Kubernetes discovery).
        service = f"{job}-metrics.{namespace}.svc.cluster.local"
        return {"job_name": job, "dns_sd_configs": [_dns(service, APP_PORT)]}
    return {"job_name": job, "static_configs": [{"targets": [f"{job}:{APP_PORT}"]}]}


def _node_job(analysis: Analysis) -> dict[str, Any]:
    targets = deployables(analysis.session)
    production = analysis.deployment.production.name
    hosts = [t for t in targets if t.platform.runs_on_hosts]
    kubernetes = [t for t in hosts if t.platform is Platform.KUBERNETES]
    if kubernetes:
        # node_exporter as a DaemonSet behind the headless Service `node-exporter`.
        service = f"node-exporter.{kubernetes[0].project}.svc.cluster.local"
        return {"job_name": "node", "dns_sd_configs": [_dns(service, 9100)]}
    asg = [t for t in hosts if t.platform is Platform.ASG]
    if asg:
        groups = [t.group(production) for t in asg]
        return {
            "job_name": "node",
            "ec2_sd_configs": [
                {
                    "region": asg[0].region,
                    "port": 9100,
                    "filters": [{"name": "tag:aws:autoscaling:groupName", "values": groups}],
                }
            ],
        }
    return {
        "job_name": "node",
        "static_configs": [{"targets": [f"{t.group(production)}:9100" for t in hosts]}],
    }


def _probe_job(analysis: Analysis) -> dict[str, Any]:
    session = analysis.session
    uptime = session.monitoring.uptime_check
    url = analysis.deployment.production.url or "https://app.example.com"
    return {
        "job_name": PROBE_JOB,
        "metrics_path": "/probe",
        "params": {"module": ["http_2xx"]},
        "scrape_interval": f"{uptime.interval_seconds}s",
        "static_configs": [{"targets": [url.rstrip("/") + uptime.url_path]}],
        "relabel_configs": [
            {"source_labels": ["__address__"], "target_label": "__param_target"},
            {"source_labels": ["__param_target"], "target_label": "instance"},
            {"target_label": "__address__", "replacement": "blackbox-exporter:9115"},
        ],
    }


def scrape_config(analysis: Analysis) -> str:
    """The `prometheus.yml` of the analysed session."""
    session = analysis.session
    jobs = [_app_job(t.id, t.platform, t.project) for t in deployables(session)]
    if has_hosts(session):
        jobs.append(_node_job(analysis))
    if postgres_monitored(session):
        jobs.append(
            {"job_name": "postgres", "static_configs": [{"targets": ["postgres-exporter:9187"]}]}
        )
    if session.monitoring.uptime_check.enabled:
        jobs.append(_probe_job(analysis))
    config = {
        "global": {"scrape_interval": "30s", "evaluation_interval": "30s"},
        "rule_files": ["prometheus-rules.yml"],
        "alerting": {"alertmanagers": [{"static_configs": [{"targets": ["alertmanager:9093"]}]}]},
        "scrape_configs": jobs,
    }
    header = [*banner(session, "Prometheus scrape configuration"), ""]
    extra = optional_extra(session)
    if extra:
        header += [extra, ""]
    header += [
        "Host names (component ids, alertmanager, blackbox-exporter, postgres-exporter) are",
        "the service names of the deployment; replace them where the network names differ.",
        "Check: promtool check config prometheus.yml",
    ]
    return render_yaml(config, header)
