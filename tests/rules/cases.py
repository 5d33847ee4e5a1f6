"""What the rule tests share: the clean design, one-change edits of it, a rule's one finding,
and `Case`, a design with one planted problem beside the same design with it fixed.

`clean()` is the AWS starter with every gap closed (`tests.engine_designs.clean_session`):
no rule fires on it. Its figures, used by the hand arithmetic of the theme modules:

- 1,000 users, a 20 req/s peak and 13.149M requests a month (the peak at a quarter of it on
  average over the 30.4375 days of the average month: 20 × 0.25 × 2,629,800 s), 10 GB of
  data split between the database and the file storage (5 GB each), a team of 3, a 99%
  availability target, no growth and no budget, one region (us-east-1);
- the API on ECS Fargate, two 0.5 vCPU / 1 GB tasks at $0.024685/h across zones
  (autoscaling 2 to 6); RDS for PostgreSQL on db.m7g.large ($0.168/h) with its Multi-AZ
  standby and 20 GB of gp3 storage (RDS's minimum) at $0.115 a GB-month, doubled;
- staging at 50% of production and dev at 25%, secrets injected from Secrets Manager and
  rotated every 90 days, backups kept 30 days with point-in-time recovery and a rehearsed
  restore, critical alerts paging PagerDuty.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from model.analysis import analyse
from model.sections.components import Component
from model.session import Session, replace
from model.skeptic.findings import Finding
from tests.engine_designs import clean_session

HOURS = 730.0
"""Billing hours in a month, as the providers' monthly figures use (8,760 / 12)."""

MINUTES = 30.4375 * 24 * 60
"""Minutes in the average month (365.25 / 12 days): what a downtime budget is counted in."""

REQUESTS_M = 20 * 0.25 * 30.4375 * 24 * 3600 / 1e6
"""The clean design's requests a month, in millions: 13.149."""


@functools.cache
def clean() -> Session:
    """The clean design (built once: sessions are immutable)."""
    return clean_session()


@dataclass(frozen=True, slots=True)
class Case:
    """One rule's planted problem: the design that has it, and the same design fixed."""

    broken: Callable[[], Session]
    """The design with the one problem the rule looks for."""
    fixed: Callable[[], Session]
    """The same design with that problem fixed (the finding's alternative, where it has
    one): the rule must stay quiet on it."""


def findings(session: Session, rule_id: str) -> list[Finding]:
    """The findings of `rule_id` on `session`."""
    return [f for f in analyse(session).findings if f.rule == rule_id]


def only(session: Session, rule_id: str) -> Finding:
    """The one finding of `rule_id` on `session`."""
    [finding] = findings(session, rule_id)
    return finding


def swap(session: Session, ident: str, **changes: object) -> Session:
    """`session` with component `ident` changed."""
    components = tuple(c.evolve(**changes) if c.id == ident else c for c in session.components)
    return replace(session, components=components)


def add(session: Session, *components: Component) -> Session:
    """`session` with `components` added (links stay derived)."""
    return replace(session, components=(*session.components, *components))


def drop(session: Session, *idents: str) -> Session:
    """`session` without the components `idents`."""
    return replace(session, components=tuple(c for c in session.components if c.id not in idents))


def context(session: Session, **changes: object) -> Session:
    """`session` with its context changed."""
    return replace(session, context=session.context.evolve(**changes))


def security(session: Session, **changes: object) -> Session:
    """`session` with its security section changed."""
    return replace(session, security=session.security.evolve(**changes))


def backups(session: Session, **changes: object) -> Session:
    """`session` with its backups changed."""
    section = session.security
    return replace(session, security=section.evolve(backups=section.backups.evolve(**changes)))
