"""Alertmanager routing from the monitoring channels: who hears about which severity.

Each channel of `monitoring.channels` becomes a receiver named after it (`pagerduty-
shop-production`, `slack-alerts`), reached by a route per severity it takes: critical
alerts page (PagerDuty, Opsgenie), warnings go to chat or e-mail, as the session says.
Alerts are grouped by name and job; a firing critical silences the warning of the same
alert on the same target (inhibition). Credentials are never inline: each is read from
a file under `/etc/alertmanager/secrets/` named after the secret in `security.secrets`,
mounted from the secrets manager. Valid for Alertmanager 0.25 and later: Discord goes
through its Slack-compatible endpoint and Teams through the prometheus-msteams bridge,
because `discord_configs` and `msteams_configs` only read URLs from files in later versions.
A design that routes criticals nowhere still gets a valid file; the header says so.

Alertmanager evaluates some fields as Go templates (a Slack channel, an e-mail recipient,
an Opsgenie responder); the session's text enters them through `template_literal`, so it
prints as written. The model's target shapes already keep braces out; this is the second
lock.
"""

from __future__ import annotations

import json
from typing import Any

from exporters.common import banner, secret_file
from exporters.yaml_text import render_yaml
from model.analysis import Analysis
from model.enums import AlertSeverity, ChannelKind
from model.naming import project_slug, slug
from model.sections.channels import Channel
from model.session import Session

_DEFAULT_SECRET = {
    ChannelKind.PAGERDUTY: "PAGERDUTY_ROUTING_KEY",
    ChannelKind.OPSGENIE: "OPSGENIE_API_KEY",
    ChannelKind.SLACK: "SLACK_WEBHOOK_URL",
    ChannelKind.DISCORD: "DISCORD_WEBHOOK_URL",
    ChannelKind.EMAIL: "SMTP_PASSWORD",
}

_TEXT = (
    "{{ range .Alerts }}{{ .Annotations.description }}\n"
    "Runbook: {{ .Annotations.runbook_url }}\n{{ end }}"
)
_TITLE = "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.severity }})"

MSTEAMS_BRIDGE = "http://prometheus-msteams:2000"
"""Where the prometheus-msteams bridge listens (it holds the Teams webhook URL)."""


def template_literal(text: str) -> str:
    """`text` as a Go template that prints exactly `text`: as it is when it holds no `{{`
    (which is the only thing that starts an action), else as one quoted string action."""
    return text if "{{" not in text else "{{ " + json.dumps(text) + " }}"


def receiver_names(channels: tuple[Channel, ...]) -> list[str]:
    """A unique receiver name per channel: kind and target, e.g. `slack-alerts`."""
    names: list[str] = []
    for c in channels:
        base = f"{c.kind.value}-{slug(c.target)}"
        name, n = base, 2
        while name in names:
            name, n = f"{base}-{n}", n + 1
        names.append(name)
    return names


def _secret(c: Channel) -> str | None:
    return c.secret or _DEFAULT_SECRET.get(c.kind)


def _config(c: Channel, name: str, severity: str) -> tuple[str, dict[str, Any]]:
    """The `<kind>_configs` key and entry of channel `c`."""
    secret = _secret(c)
    if c.kind is ChannelKind.PAGERDUTY:
        return "pagerduty_configs", {
            "routing_key_file": secret_file(secret or ""),
            "description": "{{ .CommonAnnotations.summary }}",
            "send_resolved": True,
        }
    if c.kind is ChannelKind.OPSGENIE:
        return "opsgenie_configs", {
            "api_key_file": secret_file(secret or ""),
            "message": "{{ .CommonAnnotations.summary }}",
            "priority": "P1" if severity == "critical" else "P3",
            "responders": [{"name": template_literal(c.target), "type": "team"}],
            "send_resolved": True,
        }
    if c.kind in (ChannelKind.SLACK, ChannelKind.DISCORD):
        entry: dict[str, Any] = {"api_url_file": secret_file(secret or "")}
        if c.kind is ChannelKind.SLACK:
            entry["channel"] = template_literal(c.target)
        entry.update({"title": _TITLE, "text": _TEXT, "send_resolved": True})
        return "slack_configs", entry
    if c.kind is ChannelKind.EMAIL:
        return "email_configs", {"to": template_literal(c.target), "send_resolved": True}
    if c.kind is ChannelKind.TEAMS:
        return "webhook_configs", {"url": f"{MSTEAMS_BRIDGE}/{name}", "send_resolved": True}
    url = c.target if c.target.startswith(("http://", "https://")) else f"https://{c.target}"
    hook: dict[str, Any] = {"url": url, "send_resolved": True}
    if c.secret:
        hook["http_config"] = {"authorization": {"credentials_file": secret_file(c.secret)}}
    return "webhook_configs", hook


def _email_settings(channels: tuple[Channel, ...]) -> dict[str, Any]:
    emails = [c for c in channels if c.kind is ChannelKind.EMAIL]
    if not emails:
        return {}
    domain = emails[0].target.rsplit("@", 1)[-1]
    sender = f"alertmanager@{domain}"
    return {
        "smtp_smarthost": f"smtp.{domain}:587",
        "smtp_from": sender,
        "smtp_auth_username": sender,
        "smtp_auth_password_file": secret_file(_secret(emails[0]) or "SMTP_PASSWORD"),
        "smtp_require_tls": True,
    }


def alertmanager_config(analysis: Analysis) -> str:
    """The Alertmanager configuration (`alertmanager.yml`) of `session`."""
    session = analysis.session
    channels = session.monitoring.channels
    names = receiver_names(channels)
    receivers: list[dict[str, Any]] = []
    for c, name in zip(channels, names, strict=True):
        severity = "critical" if AlertSeverity.CRITICAL in c.severities else "warning"
        key, entry = _config(c, name, severity)
        receivers.append({"name": name, key: [entry]})
    routes: list[dict[str, Any]] = []
    timing = {
        "critical": {"group_wait": "10s", "repeat_interval": "1h"},
        "warning": {"repeat_interval": "12h"},
    }
    for severity in ("critical", "warning"):
        takers = [n for c, n in zip(channels, names, strict=True) if severity in c.severities]
        for i, name in enumerate(takers):
            route: dict[str, Any] = {
                "receiver": name,
                "matchers": [f'severity="{severity}"'],
                **timing[severity],
            }
            if i < len(takers) - 1:
                route["continue"] = True
            routes.append(route)
    fallback = f"{project_slug(session)}-unrouted"
    receivers.append({"name": fallback})
    route_root: dict[str, Any] = {
        "receiver": fallback,
        "group_by": ["alertname", "job"],
        "group_wait": "30s",
        "group_interval": "5m",
        "repeat_interval": "4h",
    }
    if routes:
        route_root["routes"] = routes
    config: dict[str, Any] = {
        "global": {"resolve_timeout": "5m", **_email_settings(channels)},
        "route": route_root,
        "inhibit_rules": [
            {
                "source_matchers": ['severity="critical"'],
                "target_matchers": ['severity="warning"'],
                "equal": ["alertname", "job", "instance"],
            }
        ],
        "receivers": receivers,
    }
    return render_yaml(config, _header(session, names))


def _header(session: Session, names: list[str]) -> list[str]:
    channels = session.monitoring.channels
    lines = [*banner(session, "Alertmanager routing"), ""]
    for c, name in zip(channels, names, strict=True):
        takes = " and ".join(s.value for s in c.severities) or "nothing"
        lines.append(f"{name}: {c.kind.label} {c.target} receives {takes} alerts.")
    if not any(AlertSeverity.CRITICAL in c.severities for c in channels):
        lines.append("Critical alerts reach no channel: they end at the unrouted receiver.")
    files = sorted({s for c in channels if (s := _secret(c)) and c.kind is not ChannelKind.TEAMS})
    for name in files:
        ref = session.security.secret(name)
        where = f" (secrets manager: {ref.path})" if ref else " (not listed under security.secrets)"
        lines.append(f"Mount {secret_file(name)}{where}.")
    if any(c.kind is ChannelKind.DISCORD for c in channels):
        lines.append(
            "Discord: the file holds the webhook URL with `/slack` appended "
            "(Discord's Slack-compatible endpoint)."
        )
    if any(c.kind is ChannelKind.TEAMS for c in channels):
        lines.append(
            f"Teams: run the prometheus-msteams bridge at {MSTEAMS_BRIDGE}, configured "
            "with the Teams webhook URL of each receiver."
        )
    if any(c.kind is ChannelKind.EMAIL for c in channels):
        lines.append(
            "E-mail: smtp_smarthost assumes a relay at smtp.<domain>:587; point it at yours."
        )
    return lines
