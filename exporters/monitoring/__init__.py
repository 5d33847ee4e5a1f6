"""Alerting files: Prometheus rules, their promtool tests and the Alertmanager config."""
