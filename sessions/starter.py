"""The starter design `infrasketch new` writes and the app opens on: small, complete, valid.

It is the design a careful architect would sketch first for a new web product on the
chosen cloud — one containerised service behind a load balancer, managed PostgreSQL,
object storage, a CDN, the monitoring stack and the role card's defaults for the
pipeline, thresholds, security and incident response — so that every screen and every
document has something true to show before the team changes anything. The designs are
data, `sessions/starters/<provider>.yaml` (`sessions.bundled.load_starter`); this module
names them. The typical compliance controls offered as a starting checklist are the model's
(`model.compliance.typical_controls`): what each asks of the design is checked there.
"""

from __future__ import annotations

from model.enums import Provider
from model.session import Session, replace
from sessions.bundled import load_starter


def starter_session(provider: Provider = Provider.AWS, project: str = "New project") -> Session:
    """A complete, valid starter design on `provider`, named `project`."""
    starter = load_starter(provider)
    if project == starter.context.project:
        return starter
    return replace(starter, context=starter.context.evolve(project=project))
