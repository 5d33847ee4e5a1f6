"""What runs in a design's further regions, by its disaster-recovery strategy.

A design with more than one region pays for what it keeps in the others
(`Context.disaster_recovery`, the AWS disaster-recovery strategies):

- **backup and restore**: copies of the backups, every GB of data stored as objects in
  the next region; nothing runs there.
- **pilot light**: each database replicated at its primary's size (one instance, no
  standby of its own) and the object storage replicated; no compute.
- **warm standby**: the pilot light plus caches, queues, load balancers, API gateways and
  secrets, and one instance of each compute service, ready to scale up.
- **active-active**: a full copy of every regional component, each region sized to carry
  all traffic when another fails.

Services with one price everywhere (DNS, CDN, WAF, SaaS) serve every region at once and
are not repeated. `standby_plan` says which components are repeated and how; the cost
model prices each in its region (`CostModel.standby_lines`). The recovery time a strategy
buys is in `model.engines.reliability`.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.catalog import Catalog
from model.enums import Category, DisasterRecovery
from model.sections.components import Component
from model.session import Session

PILOT_LIGHT = frozenset({Category.DATABASE, Category.OBJECT_STORAGE})
"""What a pilot light keeps in the further region."""

WARM_STANDBY = PILOT_LIGHT | {
    Category.CACHE,
    Category.QUEUE,
    Category.LOAD_BALANCER,
    Category.API_GATEWAY,
    Category.SECRETS,
    Category.COMPUTE,
}
"""What a warm standby keeps running there."""


@dataclass(frozen=True, slots=True)
class Repeat:
    """One component as it runs in a further region."""

    component: Component
    """The component, resized for the strategy (one instance, no standby of its own)."""
    region: str
    """The further region."""
    serves: bool
    """Whether it serves users there (active-active) or waits for a failover."""
    role: str
    """Its role there in words, e.g. `warm standby`."""


def standby_plan(session: Session, catalog: Catalog) -> tuple[Repeat, ...]:
    """Every component repeated in the design's further regions, in region and session
    order; for backup and restore, the backup copies alone."""
    further = session.context.regions[1:]
    strategy = session.context.disaster_recovery
    repeated = []
    for region in further:
        if strategy is DisasterRecovery.BACKUP_RESTORE:
            store = backup_store(session, catalog)
            if store is not None:
                repeated.append(Repeat(store, region, False, "backup copies of all the data"))
            continue
        for component in session.components:
            service = catalog.get(component.service)
            if service is None or not service.provider.cloud:
                continue
            if service.pricing.global_price:
                continue
            repeat = _repeat(component, region, strategy)
            if repeat is not None:
                repeated.append(repeat)
    return tuple(repeated)


def _repeat(component: Component, region: str, strategy: DisasterRecovery) -> Repeat | None:
    if strategy is DisasterRecovery.ACTIVE_ACTIVE:
        return Repeat(component, region, True, "active-active copy carrying all traffic alone")
    keep = PILOT_LIGHT if strategy is DisasterRecovery.PILOT_LIGHT else WARM_STANDBY
    if component.category not in keep:
        return None
    single = component.model_copy(update={"replicas": 1, "autoscaling": None, "multi_az": False})
    role = strategy.label.lower()
    if component.category in PILOT_LIGHT:
        role = f"{role} replica of its data"
    return Repeat(single, region, False, role)


def backup_store(session: Session, catalog: Catalog) -> Component | None:
    """The object storage backups are copied to in a further region (the design's own, else
    its cloud's first object storage service)."""
    own = session.components_in(Category.OBJECT_STORAGE)
    if own:
        service_id = own[0].service
    else:
        provider = session.provider.value
        choices = [
            s for s in catalog.services()
            if s.category is Category.OBJECT_STORAGE and s.provider.value == provider
        ]  # fmt: skip
        if not choices:
            return None
        service_id = choices[0].id
    return Component(
        id="backup-copies",
        name="Backup copies",
        category=Category.OBJECT_STORAGE,
        service=service_id,
    )
