"""The starter design `infrasketch new` writes and the app opens on: small, complete, valid.

It is the design a careful architect would sketch first for a new web product on the
chosen cloud — one containerised service behind a load balancer, managed PostgreSQL,
object storage, a CDN, the monitoring stack and the role card's defaults for the
pipeline, thresholds, security and incident response — so that every screen and every
document has something true to show before the team changes anything. The designs are
data, `sessions/starters/<provider>.yaml` (`sessions.bundled.load_starter`); this module
names them and keeps the typical compliance controls offered as a starting checklist.
"""

from __future__ import annotations

from model.enums import Compliance, Provider
from model.session import Session, replace
from sessions.bundled import load_starter

COMPLIANCE_CONTROLS: dict[Compliance, tuple[str, ...]] = {
    Compliance.GDPR: (
        "Data encryption at rest and in transit",
        "Personal data stays in EU regions",
        "Data processing agreements with every processor",
        "Right to erasure implemented",
    ),
    Compliance.SOC2: (
        "Logging and audit trails",
        "Access reviews every quarter",
        "Change management through pull requests",
        "Incident response plan tested",
    ),
    Compliance.PCI_DSS: (
        "Card data handled only by the payment provider",
        "WAF in front of payment pages",
        "Quarterly vulnerability scans",
    ),
    Compliance.HIPAA: (
        "Business associate agreements signed",
        "PHI encrypted at rest and in transit",
        "Access to PHI logged",
    ),
}
"""Typical controls per framework, offered as a starting checklist."""


def starter_session(provider: Provider = Provider.AWS, project: str = "New project") -> Session:
    """A complete, valid starter design on `provider`, named `project`."""
    starter = load_starter(provider)
    if project == starter.context.project:
        return starter
    return replace(starter, context=starter.context.evolve(project=project))
