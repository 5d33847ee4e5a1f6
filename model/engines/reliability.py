"""Availability and recovery of a design: what the SLAs it buys add up to, and how it comes back.

Per component, availability is the provider's SLA for the way it is deployed:

- deployed across availability zones (`multi_az` with two or more replicas, or a billed
  standby) and the provider publishes a multi-AZ figure: that figure (RDS Multi-AZ 99.95%);
- instances you run deployed across zones without such a figure: the replicas in
  parallel, 1 − ∏(1 − a) (a regional managed service keeps its own SLA);
- otherwise the single-deployment SLA. Replicas in one zone share its fate, so they count
  as one unit.
- A service without a published SLA counts as 99.5% when you size its instances (the SLA
  providers give a single VM) and 99.9% when it is a managed service (the most common
  published figure).

A request needs every component on its way, so a path's availability is the product of
its components', and the composite availability of the design is the product over every
component users depend on: everything reached from the users along request links, plus
the queues requests publish to (work behind a queue is done later, so its consumers do
not fail a request). This multiplies contractual floors, assumes failures are
independent and credits no failover between regions: it is the figure the design can
promise with its SLAs, not a forecast.

Recovery compares the backups with the RTO and RPO: point-in-time recovery loses at
most ~5 minutes, otherwise up to one backup interval; a restore takes ~30 minutes plus
~200 GB per hour, unless the design runs in a second region it can fail over to (~30
minutes).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx

from model.catalog import Catalog, PricingModel, Service
from model.engines.graph import request_paths
from model.engines.usage import DATA_HOLDERS, MINUTES_PER_MONTH
from model.enums import Category, DisasterRecovery
from model.sections.components import USERS, Component
from model.session import Session

DEFAULT_INSTANCE_SLA = 99.5
"""Percent assumed for instance-priced services without a published SLA."""

DEFAULT_MANAGED_SLA = 99.9
"""Percent assumed for managed services without a published SLA."""

REBUILD_MINUTES = 60.0
"""Bringing up a region's stack from code before a restore (backup and restore)."""

PITR_RPO_MINUTES = 5.0
"""Data lost at most with point-in-time recovery (transaction logs shipped every ~5 min)."""

RESTORE_OVERHEAD_MINUTES = 30.0
"""Minutes to provision a new database instance before data starts flowing in."""

RESTORE_GB_PER_HOUR = 200.0
"""Gigabytes a snapshot restore plus log replay brings back per hour (rule of thumb)."""

REGION_FAILOVER_MINUTES: dict[DisasterRecovery, float] = {
    DisasterRecovery.ACTIVE_ACTIVE: 5.0,
    DisasterRecovery.WARM_STANDBY: 30.0,
    DisasterRecovery.PILOT_LIGHT: 60.0,
}
"""Minutes to fail over to a further region, by what runs there: move the traffic
(active-active), promote the replica and scale up (warm standby), or also start the compute
(pilot light). Backup and restore rebuilds and restores instead."""


@dataclass(frozen=True, slots=True)
class ComponentAvailability:
    """One component's availability and where the figure comes from."""

    component_id: str
    name: str
    percent: float
    basis: str
    """E.g. `Multi-AZ SLA 99.95%`, `2 replicas across zones: 1 − (1 − 99.5%)²`."""
    user_facing: bool
    """Whether users depend on it (it is part of the composite)."""


@dataclass(frozen=True, slots=True)
class PathAvailability:
    """One request path from the users to a data store."""

    store: str
    nodes: tuple[str, ...]
    """Component ids in order, without the users."""
    percent: float
    weakest: str
    """The component with the lowest availability on the path."""
    asynchronous: bool
    """Whether the path passes a queue (its end is reached later, not in the request)."""


@dataclass(frozen=True, slots=True)
class Recovery:
    """Backups against the recovery objectives."""

    backups_enabled: bool
    restore_tested: bool
    rpo_target_minutes: float
    rpo_achievable_minutes: float | None
    """The most data a restore loses; None when nothing is backed up."""
    rpo_basis: str
    rto_target_minutes: float
    rto_estimate_minutes: float | None
    """How long getting the database back takes; None when there is nothing to restore from."""
    rto_basis: str
    database_gb: float
    """Data held in databases, which a restore must bring back."""

    @property
    def rpo_met(self) -> bool:
        """Whether the backups meet the RPO."""
        achievable = self.rpo_achievable_minutes
        return achievable is not None and achievable <= self.rpo_target_minutes

    @property
    def rto_met(self) -> bool:
        """Whether recovery fits the RTO."""
        estimate = self.rto_estimate_minutes
        return estimate is not None and estimate <= self.rto_target_minutes


@dataclass(frozen=True, slots=True)
class Reliability:
    """Everything `assess` derives from a session."""

    composite_percent: float
    """Availability of everything users depend on, in series (0 when nothing serves them)."""
    target_percent: float
    """The context's availability target."""
    components: tuple[ComponentAvailability, ...]
    """Every component's availability, in session order."""
    paths: tuple[PathAvailability, ...]
    """Request paths from the users to each data store."""
    weakest_link: ComponentAvailability | None
    """The user-facing component with the lowest availability."""
    downtime_minutes_per_month: float
    """Expected downtime at the composite availability."""
    allowed_downtime_minutes_per_month: float
    """The downtime the target allows."""
    recovery: Recovery
    """RTO and RPO against the backups."""
    _by_id: dict[str, ComponentAvailability] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._by_id.update((c.component_id, c) for c in self.components)

    @property
    def meets_target(self) -> bool:
        """Whether the composite reaches the target."""
        return self.composite_percent >= self.target_percent - 1e-9

    def of(self, component_id: str) -> ComponentAvailability | None:
        """The availability record of `component_id`."""
        return self._by_id.get(component_id)

    def what_if(self, component_id: str, percent: float) -> float:
        """The composite if `component_id` had availability `percent` instead."""
        record = self.of(component_id)
        if record is None or not record.user_facing:
            return self.composite_percent
        if record.percent > 0:
            return self.composite_percent / record.percent * percent
        others = (c.percent for c in self.components if c.user_facing and c is not record)
        return series([*others, percent])


def series(percents: Iterable[float]) -> float:
    """Availability in percent of components all needed at once: the product."""
    return math.prod(p / 100 for p in percents) * 100


def parallel(percent: float, units: int) -> float:
    """Availability in percent of `units` interchangeable copies: 1 − (1 − a)^n."""
    return (1 - (1 - percent / 100) ** units) * 100


def component_availability(
    component: Component,
    service: Service,
    *,
    multi_az: bool | None = None,
    replicas: int | None = None,
) -> tuple[float, str]:
    """The availability in percent of `component` running on `service` (or with another
    `multi_az` setting or replica count), and its basis."""
    spread_out = component.multi_az if multi_az is None else multi_az
    count = component.replicas if replicas is None else replicas
    single = service.sla_percent
    if single is None:
        instance = service.pricing.model is PricingModel.INSTANCE_HOUR
        single = DEFAULT_INSTANCE_SLA if instance else DEFAULT_MANAGED_SLA
        basis = f"no published SLA: {single:g}% assumed"
    else:
        basis = f"SLA {single:g}%"
    # Only instances you run add up in parallel; a regional managed service (Cloud Run,
    # Lambda, S3) is covered by its own SLA however many instances it starts.
    instances = service.pricing.model is PricingModel.INSTANCE_HOUR
    spread = spread_out and (
        service.sla_multi_az_percent is not None
        if not instances
        else count >= 2 or service.pricing.fails_over_across_zones
    )
    if not spread:
        if count > 1:
            basis += f"; {count} replicas in one zone count as one"
        return single, basis
    if service.sla_multi_az_percent is not None:
        return service.sla_multi_az_percent, f"multi-AZ SLA {service.sla_multi_az_percent:g}%"
    units = max(count, 2)
    return parallel(single, units), f"{units} across zones: 1 − (1 − {single:g}%)^{units}"


def user_facing(graph: nx.DiGraph) -> set[str]:
    """Components users depend on: reached along request links, plus queues published to."""
    facing: set[str] = set()
    expanded: set[str] = set()
    stack = [USERS]
    while stack:
        here = stack.pop()
        if here in expanded:
            continue
        expanded.add(here)
        for _, there, link in graph.out_edges(here, data="link"):
            if link.kind == "side":
                continue
            facing.add(there)
            if link.kind == "request":
                stack.append(there)
    facing.discard(USERS)
    return facing


def assess(session: Session, graph: nx.DiGraph, catalog: Catalog) -> Reliability:
    """Availability per component and path, the composite against the target, and recovery
    (`graph` is the session's, from `model.engines.graph.build_graph`)."""
    facing = user_facing(graph)
    components = []
    for component in session.components:
        percent, basis = component_availability(component, catalog[component.service])
        components.append(
            ComponentAvailability(
                component.id, component.name, percent, basis, component.id in facing
            )
        )
    by_id = {c.component_id: c for c in components}
    used = [c for c in components if c.user_facing]
    composite = series(c.percent for c in used) if used else 0.0
    target = session.context.availability_target_percent
    return Reliability(
        composite_percent=composite,
        target_percent=target,
        components=tuple(components),
        paths=_paths(graph, by_id),
        weakest_link=min(used, key=lambda c: c.percent) if used else None,
        downtime_minutes_per_month=(100 - composite) / 100 * MINUTES_PER_MONTH,
        allowed_downtime_minutes_per_month=(100 - target) / 100 * MINUTES_PER_MONTH,
        recovery=recovery(session),
    )


def _paths(
    graph: nx.DiGraph, by_id: Mapping[str, ComponentAvailability]
) -> tuple[PathAvailability, ...]:
    result = []
    queued = {(a, b) for a, b, link in graph.edges(data="link") if link.kind == "async"}
    for store, paths in request_paths(graph).items():
        for path in paths:
            nodes = tuple(n for n in path if n != USERS)
            figures = [by_id[n] for n in nodes]
            result.append(
                PathAvailability(
                    store=store,
                    nodes=nodes,
                    percent=series(f.percent for f in figures),
                    weakest=min(figures, key=lambda f: f.percent).component_id,
                    asynchronous=any(pair in queued for pair in pairwise(path)),
                )
            )
    return tuple(result)


def recovery(session: Session) -> Recovery:
    """The backups of `session` against its RTO and RPO."""
    backups = session.security.backups
    databases = session.components_in(Category.DATABASE)
    strategy, regions = session.context.disaster_recovery, session.context.regions
    holders = sum(1 for c in session.components if c.category in DATA_HOLDERS)
    # Databases and object storage split the data evenly (as the cost model assumes).
    database_gb = session.context.data_gb * len(databases) / holders if holders else 0.0
    if not backups.enabled:
        rpo: float | None = None
        rpo_basis = "nothing is backed up: a lost database is lost for good"
    elif backups.point_in_time_recovery:
        rpo, rpo_basis = PITR_RPO_MINUTES, "point-in-time recovery: ~5 minutes of writes"
    else:
        rpo = backups.frequency_hours * 60
        rpo_basis = f"a backup every {backups.frequency_hours:g} h, no point-in-time recovery"
    if not databases:
        rto: float | None = 0.0
        rto_basis = "no database to restore"
    elif session.context.multi_region and strategy in REGION_FAILOVER_MINUTES:
        rto = REGION_FAILOVER_MINUTES[strategy]
        rto_basis = f"fail over to the {strategy.label.lower()} in {regions[1]} (~{rto:g} min)"
    elif not backups.enabled:
        rto, rto_basis = None, "nothing to restore from"
    else:
        rto = RESTORE_OVERHEAD_MINUTES + database_gb / RESTORE_GB_PER_HOUR * 60
        rto_basis = f"restore {database_gb:,.0f} GB: 30 min + {RESTORE_GB_PER_HOUR:g} GB/h"
        if session.context.multi_region:
            rto += REBUILD_MINUTES
            rto_basis = (
                f"rebuild in {regions[1]} from the copied backups: {REBUILD_MINUTES:g} min to "
                f"bring up the stack, then {rto_basis}"
            )
    return Recovery(
        backups_enabled=backups.enabled,
        restore_tested=backups.restore_tested,
        rpo_target_minutes=backups.rpo_minutes,
        rpo_achievable_minutes=rpo,
        rpo_basis=rpo_basis,
        rto_target_minutes=backups.rto_minutes,
        rto_estimate_minutes=rto,
        rto_basis=rto_basis,
        database_gb=database_gb,
    )
