"""Availability and recovery of a design: what its SLAs promise, what the design can expect,
and how it comes back from a failed zone, lost data or a lost region.

**Per component** (`rate`), two figures:

- the *SLA floor*: what the provider's SLA promises for the way it is deployed — the
  multi-AZ figure when it runs across zones and one is published (RDS Multi-AZ 99.95%,
  EC2 in two zones 99.99%), else the single-deployment figure; the plan's SLA for a
  plan-priced service (free plans have none); a cluster's control-plane SLA once per
  cluster times its nodes' (virtual machines under the cloud's VM SLA). A service with no
  SLA counts as 99.5% when you size its instances and 99.9% when it is managed, and says so.
- the *design estimate*: what to expect rather than what is promised. A managed service
  the provider runs across zones (a regional service such as S3 or Lambda, or a Multi-AZ
  deployment) is expected to be down a tenth of what its SLA allows — S3 Standard's SLA
  is 99.9% while AWS designs it for 99.99%; providers set SLAs where credits are rare.
  Instances you run across zones without a published multi-zone figure count in parallel,
  1 − (1 − a)^n, assumed independent. Anything in one zone is expected at its floor.

**The design** multiplies the components on the request path: everything reached from
the users along request links, plus the queues requests publish to (work behind a queue
is done later, so its consumers do not fail a request). Services that protect or observe
the path without serving it (DDoS protection, monitoring, secrets read at start-up) are
left out. An external system (an acquirer, a partner's API) has no SLA of the design's:
its availability counts at the figure the session states for it, and not at all when
none is stated. Compute services fed by the same sources split the requests between them (see
`model.engines.graph.request_splits`): they count as one factor, the average of theirs,
since one failing fails only its share. The floor's product is what contracts can
promise; the estimate is a forecast under stated assumptions. Neither credits failover to
a further region.

**Recovery** is worked out for three failures (`Failure`): a zone or the primary
instance (a Multi-AZ standby or a cluster replica fails over in minutes, a read replica
is promoted, else a restore), lost or corrupted data (replicas copy the damage, so only
backups help: point-in-time recovery loses ~5 minutes, otherwise up to one backup
interval; a restore takes ~30 minutes plus ~200 GB an hour), and a lost region (a further
region fails over by its strategy; backups copied out of the region are restored after
rebuilding the stack; otherwise nothing can be done until the region returns).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from itertools import accumulate, pairwise
from operator import mul

from model.catalog import Catalog, MultiAzBilling, PricingModel, Service, SlaScope
from model.engines.digraph import DiGraph
from model.engines.graph import graph_topology
from model.engines.topology import Topology
from model.engines.usage import DATA_HOLDERS, MINUTES_PER_MONTH
from model.enums import Category, DisasterRecovery
from model.memo import Memo
from model.sections.components import USERS, Component
from model.session import Session
from model.units import availability, capital, minutes

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

STANDBY_FAILOVER_MINUTES = 2.0
"""A Multi-AZ standby or a cluster replica taking over: RDS documents 60-120 seconds, the
DNS name moving to the new primary included; nothing committed is lost (synchronous)."""

REPLICA_PROMOTION_MINUTES = 15.0
"""Promoting an asynchronous read replica and pointing the application at it, by hand."""

REPLICATION_LAG_MINUTES = 1.0
"""Writes an asynchronous replica (in-region or in a further region) may not have yet."""

SLA_DOWNTIME_SHARE = 0.1
"""The share of its SLA's downtime allowance a managed service the provider runs across
zones is expected to use: S3 Standard's SLA is 99.9% and AWS designs it for 99.99%
availability (https://aws.amazon.com/s3/storage-classes/), a tenth of the downtime."""

CREDIT_BASIS = "run by the provider across zones: a tenth of the downtime its SLA allows"
"""The estimate's basis for a service credited with `SLA_DOWNTIME_SHARE`."""

REGION_FAILOVER_MINUTES: dict[DisasterRecovery, float] = {
    DisasterRecovery.ACTIVE_ACTIVE: 5.0,
    DisasterRecovery.WARM_STANDBY: 30.0,
    DisasterRecovery.PILOT_LIGHT: 60.0,
}
"""Minutes to fail over to a further region, by what runs there: move the traffic
(active-active), promote the replica and scale up (warm standby), or also start the compute
(pilot light). Backup and restore rebuilds and restores instead."""


@dataclass(frozen=True, slots=True)
class Rating:
    """A component's availability as deployed: what its SLA promises and what to expect."""

    floor: float
    """Percent the provider's SLA promises (or the stated assumption where none does)."""
    estimate: float
    """Percent expected, with redundancy the SLA does not promise."""
    basis: str
    """How the floor is worked out, e.g. `multi-AZ SLA 99.95%`."""
    estimate_basis: str = ""
    """How the estimate differs from the floor; empty when it does not."""
    published: bool = True
    """Whether an SLA covers it (else the figure is an assumption)."""


def series(percents: Iterable[float]) -> float:
    """Availability in percent of components all needed at once: the product."""
    return math.prod(p / 100 for p in percents) * 100


def parallel(percent: float, units: int) -> float:
    """Availability in percent of `units` interchangeable copies: 1 − (1 − a)^n."""
    return (1 - (1 - percent / 100) ** units) * 100


def rate(
    component: Component,
    service: Service,
    catalog: Catalog,
    *,
    multi_az: bool | None = None,
    replicas: int | None = None,
    plan: str | None = None,
) -> Rating:
    """The availability of `component` running on `service` (or with another `multi_az`
    setting or replica count), on `plan` for a plan-priced service (its first plan when
    None), with its basis."""
    if service.category is Category.EXTERNAL:
        return _stated(component)
    spread = component.multi_az if multi_az is None else multi_az
    count = component.replicas if replicas is None else replicas
    if service.sla_scope is SlaScope.CONTROL_PLANE and service.node_service is not None:
        return _cluster(service, catalog[service.node_service], spread, count)
    return _deployed(service, spread, count, plan)


def _stated(component: Component) -> Rating:
    """An external system's availability: the figure the session states for it (its
    owner's SLA or status history, not a cloud SLA of the design's), or none."""
    stated = component.external.availability_percent if component.external else None
    if stated is None:
        return Rating(100.0, 100.0, "its availability is not stated: left out", published=False)
    return Rating(
        stated, stated, f"stated availability {stated:g}% (its owner's, not an SLA of ours)"
    )


def _deployed(service: Service, spread: bool, count: int, plan: str | None) -> Rating:
    single, plan_words = service.plan_sla(plan)
    instances = service.pricing.model is PricingModel.INSTANCE_HOUR
    published = single is not None
    if single is None:
        single = DEFAULT_INSTANCE_SLA if instances else DEFAULT_MANAGED_SLA
        missing = f"the {plan_words} has no SLA" if plan_words else "no published SLA"
        basis = f"{missing}: {single:g}% assumed"
    else:
        basis = f"{plan_words} SLA {single:g}%" if plan_words else f"SLA {single:g}%"
    multi = service.sla_multi_az_percent
    # Only instances you run spread over zones by count; a regional managed service
    # (Cloud Run, Lambda, S3) is covered by its own SLA however many instances it starts.
    if instances:
        # A cluster's size is several nodes (three brokers), spread over the zones.
        several = count >= 2 or "cluster" in service.tags
        across = spread and (several or service.pricing.fails_over_across_zones)
    else:
        across = spread and multi is not None
    provider_spreads = "managed" in service.tags and (across or not instances)
    if not across:
        if instances and count > 1:
            basis += f"; {count} replicas in one zone count as one"
        if provider_spreads:
            return _credited(Rating(single, single, basis, published=published))
        return Rating(single, single, basis, published=published)
    if multi is not None:
        rating = Rating(multi, multi, f"multi-AZ SLA {multi:g}%")
        return _credited(rating) if provider_spreads else rating
    units = max(count, 2)
    return Rating(
        single,
        parallel(single, units),
        f"{basis}; no SLA for several zones",
        f"{units} across zones, assumed independent: 1 − (1 − {single:g}%)^{units}",
        published,
    )


def _credited(rating: Rating) -> Rating:
    """`rating` with the estimate a managed service run across zones is expected to reach:
    a tenth of the downtime its SLA allows (`SLA_DOWNTIME_SHARE`)."""
    estimate = 100 - (100 - rating.floor) * SLA_DOWNTIME_SHARE
    if estimate <= rating.floor:
        return rating
    return Rating(
        rating.floor,
        estimate,
        rating.basis,
        CREDIT_BASIS,
        rating.published,
    )


def _cluster(service: Service, nodes: Service, spread: bool, count: int) -> Rating:
    multi = service.sla_multi_az_percent
    plane = multi if spread and multi is not None else service.sla_percent
    if plane is None:
        plane = DEFAULT_MANAGED_SLA
        words = f"control plane without an SLA: {plane:g}% assumed"
    else:
        words = f"control plane SLA {plane:g}% (once per cluster)"
    # A regional control plane (EKS always, GKE and AKS with zones) runs across zones.
    regional = spread or multi is None
    plane_estimate = _credited(Rating(plane, plane, words)).estimate if regional else plane
    node = _deployed(nodes, spread, count, None)
    estimate = plane_estimate * node.estimate / 100
    estimate_basis = ""
    if estimate != plane * node.floor / 100:
        estimate_basis = (
            f"control plane {availability(plane_estimate)} (a tenth of its SLA's downtime) × "
            f"nodes {availability(node.estimate)}"
        )
    return Rating(
        plane * node.floor / 100,
        estimate,
        f"{words} × nodes: {node.basis}",
        estimate_basis,
        node.published and service.sla_percent is not None,
    )


@dataclass(frozen=True, slots=True)
class ComponentAvailability:
    """One component's availability and where the figures come from."""

    component_id: str
    name: str
    percent: float
    """The SLA floor (`Rating.floor`)."""
    estimate: float
    """The design estimate (`Rating.estimate`)."""
    basis: str
    """E.g. `multi-AZ SLA 99.95%`, `SLA 99.5%; 2 replicas in one zone count as one`."""
    estimate_basis: str
    """How the estimate differs from the floor; empty when it does not."""
    published: bool
    """Whether an SLA covers it."""
    user_facing: bool
    """Whether it is on the request path (part of the composite)."""
    split_with: tuple[str, ...] = ()
    """The other compute components it splits the requests with."""


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


class Failure(StrEnum):
    """What a recovery plan is for."""

    ZONE = "zone"
    """An availability zone, or the database's primary instance, fails."""
    DATA = "data"
    """Data is deleted or corrupted (a bad migration, a bug, an attacker): replicas copy
    the damage, so only backups bring it back."""
    REGION = "region"
    """The whole region is unavailable."""

    @property
    def label(self) -> str:
        """In words, e.g. `zone or primary failure`."""
        return _FAILURE_LABELS[self]


_FAILURE_LABELS = {
    Failure.ZONE: "zone or primary failure",
    Failure.DATA: "deleted or corrupted data",
    Failure.REGION: "region outage",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """How the design comes back from one failure."""

    failure: Failure
    rto_minutes: float | None
    """Minutes until service is back; None when the design cannot recover by itself."""
    rpo_minutes: float | None
    """Minutes of writes lost; None when the data cannot be recovered."""
    basis: str
    """How, in words, e.g. `Multi-AZ standby takes over (~2 min), nothing lost`."""


@dataclass(frozen=True, slots=True)
class Recovery:
    """Backups, standbys and further regions against the recovery objectives."""

    backups_enabled: bool
    restore_tested: bool
    rpo_target_minutes: float
    rto_target_minutes: float
    database_gb: float
    """Data held in databases, which a restore must bring back."""
    outcomes: tuple[Outcome, ...]
    """One per `Failure`, in its order."""

    def outcome(self, failure: Failure) -> Outcome:
        """How the design comes back from `failure`."""
        return next(o for o in self.outcomes if o.failure is failure)

    def rto_met_for(self, failure: Failure) -> bool:
        """Whether recovery from `failure` fits the RTO."""
        minutes = self.outcome(failure).rto_minutes
        return minutes is not None and minutes <= self.rto_target_minutes

    def rpo_met_for(self, failure: Failure) -> bool:
        """Whether the data lost in `failure` fits the RPO."""
        minutes = self.outcome(failure).rpo_minutes
        return minutes is not None and minutes <= self.rpo_target_minutes

    def describe(self, failure: Failure) -> str:
        """The recovery from `failure` against the objectives, in words, e.g. `Region
        outage: not recoverable (no copy of the data outside eu-central-1: ...)`."""
        outcome = self.outcome(failure)
        if outcome.rto_minutes is None:
            back = "not recoverable"
        else:
            missed = "" if self.rto_met_for(failure) else ", misses the RTO"
            back = f"back in ~{minutes(round(outcome.rto_minutes))}{missed}"
        lost = ""
        if outcome.rpo_minutes is not None:
            missed = "" if self.rpo_met_for(failure) else ", misses the RPO"
            lost = (
                f"; nothing lost{missed}"
                if outcome.rpo_minutes == 0
                else f"; ~{minutes(round(outcome.rpo_minutes))} of writes lost{missed}"
            )
        return f"{capital(failure.label)}: {back}{lost} ({outcome.basis})"

    @property
    def _in_region(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.failure is not Failure.REGION)

    @property
    def rto_estimate_minutes(self) -> float | None:
        """The longest recovery from a zone failure or lost data; None when one of them
        cannot be recovered."""
        minutes = [o.rto_minutes for o in self._in_region]
        return None if None in minutes else max(m for m in minutes if m is not None)

    @property
    def rpo_achievable_minutes(self) -> float | None:
        """The most data lost in a zone failure or by lost data; None when it is lost."""
        minutes = [o.rpo_minutes for o in self._in_region]
        return None if None in minutes else max(m for m in minutes if m is not None)

    @property
    def rto_basis(self) -> str:
        """The slower in-region recovery, in words."""
        return _slowest(self._in_region, rto=True).basis

    @property
    def rpo_basis(self) -> str:
        """The lossier in-region recovery, in words."""
        return _slowest(self._in_region, rto=False).basis

    @property
    def rpo_met(self) -> bool:
        """Whether zone failures and lost data both fit the RPO."""
        return all(self.rpo_met_for(o.failure) for o in self._in_region)

    @property
    def rto_met(self) -> bool:
        """Whether zone failures and lost data both fit the RTO."""
        return all(self.rto_met_for(o.failure) for o in self._in_region)


def _slowest(outcomes: tuple[Outcome, ...], *, rto: bool) -> Outcome:
    def minutes(outcome: Outcome) -> float:
        value = outcome.rto_minutes if rto else outcome.rpo_minutes
        return math.inf if value is None else value

    return max(outcomes, key=minutes)


@dataclass(frozen=True, slots=True)
class Reliability:
    """Everything `assess` derives from a session."""

    sla_floor_percent: float
    """What the SLAs of the request path promise together (0 when nothing serves users)."""
    estimate_percent: float
    """What the design can expect, with redundancy the SLAs do not promise."""
    target_percent: float
    """The context's availability target."""
    components: tuple[ComponentAvailability, ...]
    """Every component's availability, in session order."""
    paths: tuple[PathAvailability, ...]
    """Request paths from the users to each data store."""
    weakest_link: ComponentAvailability | None
    """The component on the request path with the lowest floor."""
    recovery: Recovery
    """How the design comes back from each failure."""
    factors: tuple[tuple[str, ...], ...] = ()
    """The terms of the product: one component, or the compute components that split the
    requests (averaged)."""
    _by_id: dict[str, ComponentAvailability] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _terms: dict[bool, _Terms] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id.update((c.component_id, c) for c in self.components)

    @property
    def downtime_minutes_per_month(self) -> float:
        """Downtime a month the SLA floor allows."""
        return downtime_minutes(self.sla_floor_percent)

    @property
    def estimate_downtime_minutes_per_month(self) -> float:
        """Downtime a month at the design estimate."""
        return downtime_minutes(self.estimate_percent)

    @property
    def allowed_downtime_minutes_per_month(self) -> float:
        """The downtime the target allows."""
        return downtime_minutes(self.target_percent)

    @property
    def meets_target(self) -> bool:
        """Whether the SLA floor reaches the target (the SLAs can back the promise)."""
        return self.sla_floor_percent >= self.target_percent - 1e-9

    @property
    def estimate_meets_target(self) -> bool:
        """Whether the design estimate reaches the target."""
        return self.estimate_percent >= self.target_percent - 1e-9

    @property
    def verdict(self) -> str:
        """The availability in one sentence, the same on every screen and in every document,
        e.g. `99.957% expected (SLAs promise 99.571%), meets the 99.95% target`."""
        verb = "meets" if self.estimate_meets_target else "misses"
        return (
            f"{availability(self.estimate_percent)} expected (SLAs promise "
            f"{availability(self.sla_floor_percent)}), {verb} the "
            f"{availability(self.target_percent)} target"
        )

    def of(self, component_id: str) -> ComponentAvailability | None:
        """The availability record of `component_id`."""
        return self._by_id.get(component_id)

    def what_if(self, component_id: str, percent: float, *, estimate: bool = False) -> float:
        """The SLA floor (or the estimate) if `component_id` had availability `percent`."""
        return self.with_figures({component_id: percent}, estimate=estimate)

    def with_figures(self, changes: Mapping[str, float], *, estimate: bool = False) -> float:
        """The SLA floor (or the estimate) if the components in `changes` had those
        availabilities; components off the request path change nothing."""
        if not self.factors:
            return 0.0
        terms = self._terms.get(estimate)
        if terms is None:
            terms = self._terms[estimate] = _Terms.of(self.factors, self._by_id, estimate)
        return terms.product(changes)


def downtime_minutes(percent: float) -> float:
    """Minutes a month down at `percent` availability."""
    return (100 - percent) / 100 * MINUTES_PER_MONTH


def _product(
    factors: tuple[tuple[str, ...], ...],
    by_id: Mapping[str, ComponentAvailability],
    *,
    estimate: bool,
) -> float:
    if not factors:
        return 0.0
    return _Terms.of(factors, by_id, estimate).product({})


def _term(group: tuple[str, ...], figure: Callable[[str], float]) -> float:
    """One factor of the product, as a fraction: the average of its members' figures."""
    return sum(figure(m) for m in group) / len(group) / 100


@dataclass(frozen=True, slots=True)
class _Terms:
    """The factors of the composite as fractions, and which factor each component is in:
    a what-if replaces the factors of the changed components alone (a skeptic asks one
    per database, so recomputing every factor each time was quadratic), and multiplies
    them in the same order as `series`, so the figure is the same to the last bit."""

    factors: tuple[tuple[str, ...], ...]
    terms: tuple[float, ...]
    index: dict[str, int]
    figure: Callable[[str], float]
    before: tuple[float, ...]
    """The product of the terms before each one (`before[i]` of `terms[:i]`), multiplied
    left to right from 1.0 as `math.prod` does."""
    figures: tuple[tuple[float, ...], ...]
    """Each factor's members' figures, in the factor's order."""
    position: dict[str, int]
    """Where each component is in its factor."""

    @classmethod
    def of(
        cls,
        factors: tuple[tuple[str, ...], ...],
        by_id: Mapping[str, ComponentAvailability],
        estimate: bool,
    ) -> _Terms:
        def figure(component_id: str) -> float:
            record = by_id[component_id]
            return record.estimate if estimate else record.percent

        terms = tuple(_term(group, figure) for group in factors)
        index = {m: i for i, group in enumerate(factors) for m in group}
        return cls(
            factors,
            terms,
            index,
            figure,
            tuple(accumulate(terms, mul, initial=1.0)),
            tuple(tuple(figure(m) for m in group) for group in factors),
            {m: j for group in factors for j, m in enumerate(group)},
        )

    def product(self, changes: Mapping[str, float]) -> float:
        """The composite in percent with the figures of `changes` in place of theirs."""
        touched = {self.index[c] for c in changes if c in self.index}
        if not touched:
            return math.prod(self.terms) * 100

        def figure(component_id: str) -> float:
            if component_id in changes:
                return changes[component_id]
            return self.figure(component_id)

        if len(touched) == 1:
            # One factor changed (a skeptic's what-if, one per component): its members'
            # figures are summed again with the changed ones in place, the product of the
            # factors before it is kept, and the rest are multiplied on in order: the same
            # operations as `_term` and `math.prod` over every factor, in C loops, where
            # calling `figure` per member of a 100-service split was most of a review.
            (i,) = touched
            figures = list(self.figures[i])
            for component_id, percent in changes.items():
                if self.index.get(component_id) == i:
                    figures[self.position[component_id]] = percent
            start = self.before[i] * (sum(figures) / len(figures) / 100)
            return math.prod(self.terms[i + 1 :], start=start) * 100
        terms = list(self.terms)
        for i in touched:
            terms[i] = _term(self.factors[i], figure)
        return math.prod(terms) * 100


def user_facing(graph: DiGraph) -> frozenset[str]:
    """Components users depend on: reached along request links, plus queues published to."""
    return graph_topology(graph).user_facing


def assess(
    session: Session,
    graph: DiGraph,
    catalog: Catalog,
    plans: Mapping[str, str] | None = None,
    memo: Memo | None = None,
) -> Reliability:
    """Availability per component and path, the floor and estimate against the target, and
    recovery (`graph` is the session's, from `model.engines.graph.build_graph`; `plans` the
    plan each plan-priced component is on, by id, from the cost model). With a `memo`, a
    component rated before, on the same plan, is not rated again."""
    plans = plans or {}
    topology = graph_topology(graph)
    facing = topology.user_facing
    splits = topology.splits
    memo = memo if memo is not None else Memo()
    components = []
    for component in session.components:
        service = catalog[component.service]
        plan = plans.get(component.id)
        # `rate` reads the component, its service and the service's nodes in the catalog
        # (fixed for a memo), and the plan.
        rating = memo.get(
            ("rate", component, plan, None, None),
            partial(rate, component, service, catalog, plan=plan),
        )
        # An external system counts only with a stated availability: the design cannot
        # assume one for a system it does not run.
        counted = rating.published if component.external else not service.off_request_path
        on_path = component.id in facing and counted
        components.append(
            ComponentAvailability(
                component.id,
                component.name,
                rating.floor,
                rating.estimate,
                rating.basis,
                rating.estimate_basis,
                rating.published,
                on_path,
            )
        )
    on_path_ids = {c.component_id for c in components if c.user_facing}
    factors: list[tuple[str, ...]] = []
    factor_of: dict[str, tuple[str, ...]] = {}
    """The first factor each component is in."""
    for record in components:
        if not record.user_facing or record.component_id in factor_of:
            continue
        group = tuple(m for m in splits.get(record.component_id, ()) if m in on_path_ids)
        factor = group if len(group) > 1 else (record.component_id,)
        factors.append(factor)
        for member in factor:
            factor_of.setdefault(member, factor)
    components = [
        _with_split(record, factor_of[record.component_id]) if record.user_facing else record
        for record in components
    ]
    by_id = {c.component_id: c for c in components}
    used = [c for c in components if c.user_facing]
    return Reliability(
        sla_floor_percent=_product(tuple(factors), by_id, estimate=False),
        estimate_percent=_product(tuple(factors), by_id, estimate=True),
        target_percent=session.context.availability_target_percent,
        components=tuple(components),
        paths=_paths(topology, by_id),
        weakest_link=min(used, key=lambda c: c.percent) if used else None,
        recovery=recovery(session, catalog),
        factors=tuple(factors),
    )


def _with_split(record: ComponentAvailability, group: tuple[str, ...]) -> ComponentAvailability:
    if len(group) < 2:
        return record
    # A factor lists each member once: slicing it is linear, where filtering it for each
    # of its members was quadratic in C-level steps and Python-level ones alike.
    at = group.index(record.component_id)
    return ComponentAvailability(
        record.component_id,
        record.name,
        record.percent,
        record.estimate,
        record.basis,
        record.estimate_basis,
        record.published,
        record.user_facing,
        group[:at] + group[at + 1 :],
    )


def _paths(
    topology: Topology, by_id: Mapping[str, ComponentAvailability]
) -> tuple[PathAvailability, ...]:
    result = []
    queued = topology.queued
    for store, paths in topology.paths.items():
        for path in paths:
            nodes = tuple(n for n in path if n != USERS and by_id[n].user_facing)
            figures = [by_id[n] for n in nodes]
            if not figures:
                continue
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


def recovery(session: Session, catalog: Catalog) -> Recovery:
    """How `session` comes back from a zone failure, lost data and a lost region."""
    backups = session.security.backups
    databases = session.components_in(Category.DATABASE)
    holders = sum(1 for c in session.components if c.category in DATA_HOLDERS)
    # Databases and object storage split the data evenly (as the cost model assumes).
    database_gb = session.context.data_gb * len(databases) / holders if holders else 0.0
    each_gb = database_gb / len(databases) if databases else 0.0
    restore = RESTORE_OVERHEAD_MINUTES + each_gb / RESTORE_GB_PER_HOUR * 60
    restore_words = f"restore {each_gb:,.0f} GB: 30 min + {RESTORE_GB_PER_HOUR:g} GB/h"
    if not backups.enabled:
        backup_rpo: float | None = None
        backup_words = "nothing is backed up"
    elif backups.point_in_time_recovery:
        backup_rpo, backup_words = PITR_RPO_MINUTES, "point-in-time recovery (~5 min of writes)"
    else:
        backup_rpo = backups.frequency_hours * 60
        backup_words = f"a backup every {backups.frequency_hours:g} h, no point-in-time recovery"
    if not databases:
        outcomes = (
            Outcome(Failure.ZONE, 0.0, 0.0, "no database to fail over"),
            Outcome(Failure.DATA, 0.0, 0.0, "no database to restore"),
        )
    else:
        by_restore = Outcome(Failure.ZONE, restore, backup_rpo, f"{restore_words}, {backup_words}")
        zone = [_zone(db, catalog[db.service], by_restore) for db in databases]
        outcomes = (
            _worst(Failure.ZONE, zone),
            Outcome(
                Failure.DATA,
                restore if backups.enabled else None,
                backup_rpo,
                f"{restore_words}, {backup_words}"
                if backups.enabled
                else "nothing is backed up: lost data is lost for good",
            ),
        )
    return Recovery(
        backups_enabled=backups.enabled,
        restore_tested=backups.restore_tested,
        rpo_target_minutes=backups.rpo_minutes,
        rto_target_minutes=backups.rto_minutes,
        database_gb=database_gb,
        outcomes=(*outcomes, _region(session, bool(databases), restore, restore_words)),
    )


def _zone(database: Component, service: Service, by_restore: Outcome) -> Outcome:
    """How `database` comes back when its zone fails: a standby, a replica, or
    `by_restore` (a restore from backups) when it has neither."""
    pricing = service.pricing
    name = database.name
    if pricing.model is not PricingModel.INSTANCE_HOUR:
        return Outcome(
            Failure.ZONE, 0.0, 0.0, f"{name}: {service.label} keeps copies in several zones"
        )
    standby = database.multi_az and (
        pricing.multi_az is MultiAzBilling.STANDBY or pricing.multi_az_factor > 1
    )
    in_cluster = pricing.multi_az is MultiAzBilling.REPLICAS and (
        database.multi_az or database.replicas >= 2
    )
    if standby or in_cluster:
        what = "Multi-AZ standby" if standby else "a replica in another zone"
        return Outcome(
            Failure.ZONE,
            STANDBY_FAILOVER_MINUTES,
            0.0,
            f"{name}: {what} takes over (~{STANDBY_FAILOVER_MINUTES:g} min), nothing "
            "committed is lost",
        )
    if database.replicas >= 2:
        return Outcome(
            Failure.ZONE,
            REPLICA_PROMOTION_MINUTES,
            REPLICATION_LAG_MINUTES,
            f"{name}: promote the read replica (~{REPLICA_PROMOTION_MINUTES:g} min), its "
            f"replication lag lost (~{REPLICATION_LAG_MINUTES:g} min)",
        )
    if by_restore.rpo_minutes is None:
        return Outcome(Failure.ZONE, None, None, f"{name}: one zone, nothing backed up")
    return Outcome(
        Failure.ZONE,
        by_restore.rto_minutes,
        by_restore.rpo_minutes,
        f"{name}: one zone, so {by_restore.basis}",
    )


def _worst(failure: Failure, outcomes: list[Outcome]) -> Outcome:
    slowest = _slowest(tuple(outcomes), rto=True)
    lossiest = _slowest(tuple(outcomes), rto=False)
    basis = slowest.basis
    if lossiest is not slowest:
        basis += f"; {lossiest.basis}"
    return Outcome(failure, slowest.rto_minutes, lossiest.rpo_minutes, basis)


def _region(session: Session, has_data: bool, restore: float, restore_words: str) -> Outcome:
    context, backups = session.context, session.security.backups
    home = context.regions[0] if context.regions else "the region"
    strategy = context.disaster_recovery
    if context.multi_region and strategy in REGION_FAILOVER_MINUTES:
        minutes = REGION_FAILOVER_MINUTES[strategy]
        return Outcome(
            Failure.REGION,
            minutes,
            REPLICATION_LAG_MINUTES if has_data else 0.0,
            f"fail over to the {strategy.label.lower()} in {context.regions[1]} (~{minutes:g} min)",
        )
    copied = backups.enabled and (context.multi_region or backups.cross_region_copy)
    if not has_data:
        where = context.regions[1] if context.multi_region else "another region"
        return Outcome(
            Failure.REGION,
            REBUILD_MINUTES,
            0.0,
            f"no database: rebuild the stack in {where} from code (~{REBUILD_MINUTES:g} min)",
        )
    if copied:
        where = context.regions[1] if context.multi_region else "another region"
        if backups.point_in_time_recovery:
            # The transaction logs travel with the snapshots (RDS cross-Region automated
            # backups, Cloud SQL and Azure geo-restore alike), so a point in time is restored.
            copy_rpo, lost = PITR_RPO_MINUTES, "the logs are copied too, ~5 min lost"
        else:
            copy_rpo = backups.frequency_hours * 60
            lost = f"up to one backup interval ({backups.frequency_hours:g} h) lost"
        return Outcome(
            Failure.REGION,
            REBUILD_MINUTES + restore,
            copy_rpo,
            f"rebuild in {where} from the copied backups: {REBUILD_MINUTES:g} min to bring up "
            f"the stack, then {restore_words}; {lost}",
        )
    return Outcome(
        Failure.REGION,
        None,
        None,
        f"no copy of the data outside {home}: wait for the region to come back",
    )
