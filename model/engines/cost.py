"""The monthly cost of a design: per component, per group, per environment, at 1x/10x/100x.

`estimate(model)` prices every component of production at the context's baseline (see
`model.engines.usage` for how each driver reaches a component and `model.engines.pricing`
for how each pricing model turns it into dollars), adds the lines up into the role card's groups
with percentages, derives dev and staging from their size relative to production, and
projects production to 10x and 100x the usage with the cost per user at each scale.

Environments: a non-production environment pays every variable charge at its
`size_percent` of production, every fixed fee in full (it has its own load balancer and
cluster), and nothing for shared charges — seats, a SaaS vendor's plan, the DNS zone, the
pager and fees the catalog scopes to the organisation (Shield Advanced, Cloud Armor
Enterprise, a DDoS protection plan) serve all environments at once and are counted once,
with production.

Prices that are not public are listed with their lines, left out of every total, and
named in `not_counted`. Price overrides of the session replace the catalog's main price.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from model.catalog import Catalog, Driver, Pricing, PricingModel, Service, load_catalog
from model.catalog.prices import RegionalPricing
from model.engines.graph import topology_of
from model.engines.implied import Facts, audit_lines, implied_lines
from model.engines.lines import GROUP_OF, CostLine, Group, billed_points
from model.engines.pricing import ChargeKind, Priced, drivers_read, price_service
from model.engines.standby import standby_plan
from model.engines.topology import Topology
from model.engines.traffic import Traffic
from model.engines.usage import (
    SCALES,
    SERVERLESS_RPS_PER_INSTANCE,
    Demand,
    Placement,
    Usage,
    demand,
    instance_count,
    placements,
)
from model.enums import Category, ServiceProvider
from model.memo import Hashed, Memo
from model.sections.components import Component
from model.session import PriceOverride, Session

SHARED_ONCE = "organisation-wide fees, seats and shared plans counted once, with production"
"""How the environments' totals treat shared charges, as every output says it."""


@dataclass(frozen=True, slots=True)
class GroupCost:
    """One row of the breakdown."""

    group: Group
    monthly: float
    percent: float


@dataclass(frozen=True, slots=True)
class EnvironmentCost:
    """The monthly cost of one environment."""

    name: str
    size_percent: float
    monthly: float
    production: bool


@dataclass(frozen=True, slots=True)
class Projection:
    """Production's monthly cost at a multiple of the baseline usage."""

    scale: float
    users: float
    monthly_total: float
    per_user: float | None
    """USD per user per month; None when the context has no users."""


@dataclass(frozen=True, slots=True)
class CostEstimate:
    """Everything `estimate` derives from a session."""

    monthly_total: float
    """Production's monthly cost in USD (the sum of the breakdown)."""
    lines: tuple[CostLine, ...]
    """Production's cost per component, in session order."""
    breakdown: tuple[GroupCost, ...]
    """Production's cost per group, every group listed, in the role card's order."""
    not_counted: tuple[str, ...]
    """Components whose price is not public, left out of the totals."""
    environments: tuple[EnvironmentCost, ...]
    """Cost per environment."""
    all_environments_total: float
    """The whole bill: every environment together."""
    projections: tuple[Projection, ...]
    """Production at 1x, 10x and 100x."""
    budget_usd: float | None
    """The context's monthly budget, if set."""

    @property
    def borrowed(self) -> tuple[CostLine, ...]:
        """Lines with prices borrowed from the base region (no regional figure known)."""
        return tuple(line for line in self.lines if line.borrowed)

    def line(self, component_id: str) -> CostLine | None:
        """The line of `component_id`, if any."""
        return next((x for x in self.lines if x.component_id == component_id), None)

    def group(self, group: Group) -> float:
        """Production's monthly cost of `group`."""
        return next(g.monthly for g in self.breakdown if g.group is group)


class CostModel:
    """Prices the components of one session at any scale, and alternatives to them.

    With a `memo` (`model.memo`, one per analysis, lent by the analysis before), what was
    priced for an earlier session is reused wherever its inputs are the same: the traffic
    and placements of a design of the same shape and context, and each component's line
    and charges under the same demand, prices and region. Every key below holds what the
    computation reads; the catalog is the memo's.
    """

    def __init__(
        self,
        session: Session,
        catalog: Catalog | None = None,
        memo: Memo | None = None,
        topology: Topology | None = None,
    ) -> None:
        self.session = session
        self.catalog = catalog or load_catalog()
        self.memo = memo if memo is not None else Memo()
        context = session.context
        topology = topology or topology_of(session, self.memo)
        # Both read the context, and the components' ids and categories and the links only.
        self.traffic: Traffic = self.memo.get(
            ("traffic", context, topology),
            lambda: Traffic.of(context, session.components, topology.links),
        )
        """How requests turn into bytes, and which component serves them."""
        self.placements: dict[str, Placement] = self.memo.get(
            ("placements", topology, self.traffic),
            lambda: placements(session.components, topology.links, self.traffic),
        )
        """Where each component sits (shared with other models of the same design shape:
        read it, never change it)."""
        self.overrides: dict[str, PriceOverride] = {o.service: o for o in session.price_overrides}
        self.covered: dict[tuple[str, str], str] = _covered(session, self.catalog)
        """(service id, price point) of charges another chosen service's price includes,
        with that service's label."""
        self._covered_of: dict[str, tuple[tuple[str, str], ...]] = {}
        for (service_id, key), label in sorted(self.covered.items()):
            self._covered_of[service_id] = (*self._covered_of.get(service_id, ()), (key, label))
        self._regions: dict[ServiceProvider, str] = {}
        self._billed_as: dict[str, _Billed] = {}
        self._inputs: dict[str, Hashed[tuple[object, ...]]] = {}
        self._chosen: dict[str, tuple[Component, tuple[CostLine, ...]]] = {}
        self._counts: dict[str, tuple[Component, tuple[int, ...]]] = {}
        self._usage: dict[float, Usage] = {}
        self._hosts: dict[float, dict[str, int]] = {}
        self._lines: dict[float, tuple[CostLine, ...]] = {}
        self._implied: dict[float, tuple[CostLine, ...]] = {}
        self._standby: dict[float, tuple[CostLine, ...]] = {}

    def billing_region(self, service: Service, region: str | None = None) -> str:
        """The region `service` is billed in: `region`, by default (and always for a
        service outside the clouds) the region it bills in for this design (its first
        region in the service's cloud)."""
        if region is not None and service.provider.cloud:
            return region
        found = self._regions.get(service.provider)
        if found is None:
            regions = self.session.context.regions
            found = self._regions[service.provider] = self.catalog.billing_region(
                service.provider, regions
            )
        return found

    def billing(self, service: Service, region: str | None = None) -> RegionalPricing:
        """`service`'s pricing in `region`, by default the region it bills in for this
        design (its first region in the service's cloud)."""
        return self.catalog.pricing_in(service, self.billing_region(service, region))

    def pricing(self, service: Service, region: str | None = None) -> Pricing:
        """`service`'s prices as this design pays them (its region's figures)."""
        return self.billing(service, region).pricing

    def usage(self, scale: float = 1.0) -> Usage:
        """The context's drivers at `scale`."""
        if scale not in self._usage:
            self._usage[scale] = Usage.of(self.session.context, self.traffic, scale)
        return self._usage[scale]

    def hosts(self, scale: float = 1.0) -> float:
        """Compute instances running at `scale` (what per-host monitoring is billed for)."""
        return sum(self.host_counts(scale).values())

    def host_counts(self, scale: float = 1.0) -> dict[str, int]:
        """Instances running per compute component id at `scale`."""
        if scale not in self._hosts:
            if scale in SCALES:
                at = SCALES.index(scale)
                counts = {c.id: self._host_counts(c)[at] for c in self._compute}
            else:
                usage = self.usage(scale)
                counts = {
                    c.id: _hosts(self.catalog[c.service], c, self.placements[c.id], usage)
                    for c in self._compute
                }
            self._hosts[scale] = counts
        return self._hosts[scale]

    @cached_property
    def _compute(self) -> tuple[Component, ...]:
        return self.session.components_in(Category.COMPUTE)

    @cached_property
    def _scales(self) -> Hashed[tuple[Usage, ...]]:
        """The usage at each of `SCALES`, hashed once: part of every component's keys."""
        return self.memo.intern(Hashed(tuple(self.usage(scale) for scale in SCALES)))

    def _host_counts(self, component: Component) -> tuple[int, ...]:
        """The instances of compute `component` at each of `SCALES`; the key is what
        `_hosts` reads."""
        found = self._counts.get(component.id)
        if found is None or found[0] is not component:
            where = self.placements[component.id]
            service = self.catalog[component.service]

            def counts() -> tuple[int, ...]:
                usages = self._scales.value
                return tuple(_hosts(service, component, where, usage) for usage in usages)

            key = ("hosts", component, where, self._scales)
            found = self._counts[component.id] = (component, self.memo.get(key, counts))
        return found[1]

    def demand(self, component: Component, scale: float = 1.0) -> Demand:
        """What reaches `component` at `scale` where it sits in the design."""
        return demand(self.placements[component.id], self.usage(scale), self.hosts(scale))

    def priced(
        self,
        component: Component,
        scale: float = 1.0,
        *,
        service: Service | None = None,
        size: str | None = None,
        multi_az: bool | None = None,
        placement: Placement | None = None,
        region: str | None = None,
    ) -> Priced:
        """The charges of `component` at `scale`, or of an alternative to it: another
        `service` (at its default size unless `size` is given), a `multi_az` setting,
        another `placement` (behind a CDN, say), or another `region` (a standby)."""
        need = demand(
            placement or self.placements[component.id], self.usage(scale), self.hosts(scale)
        )
        return self.pricer(component, service=service, size=size, multi_az=multi_az,
                           region=region)(need)  # fmt: skip

    def pricer(
        self,
        component: Component,
        *,
        service: Service | None = None,
        size: str | None = None,
        multi_az: bool | None = None,
        region: str | None = None,
    ) -> Callable[[Demand], Priced]:
        """`priced` for `component` (or the alternative the arguments name) as a function
        of the demand reaching it: what does not change with the scale (the service, its
        prices in the region, the size, zones and override) is looked up once. Crossovers
        price one pair of services at hundreds of scales."""
        chosen = service or self.catalog[component.service]
        override = self.overrides.get(chosen.id)
        size_name = size if size is not None else (component.size if service is None else None)
        az = component.multi_az if multi_az is None else multi_az
        price = override.price_usd if override is not None else None
        where = self.billing_region(chosen, region)
        pricing = self.catalog.pricing_in(chosen, where).pricing
        drivers = drivers_read(pricing)
        # Identical components under identical demand (the services of a microservice
        # design, say) are priced once. The key is what `price_service` reads: the service
        # and its prices in the region, the size, zones and override, the component's
        # category, replicas and autoscaling floor, and the quantities of the drivers its
        # prices are billed by; and what `_without_covered` reads.
        head = ("priced", chosen.id, size_name, az, price, component.category,
                component.replicas, _autoscaling_floor(component))  # fmt: skip
        tail = (where, self._covered_of.get(chosen.id, ()))

        def at(need: Demand) -> Priced:
            return self.memo.get(
                (*head, tuple(need.of(d) for d in drivers), *tail),
                lambda: self._without_covered(
                    chosen,
                    price_service(
                        chosen,
                        component,
                        need,
                        pricing=pricing,
                        size_name=size_name,
                        multi_az=az,
                        override=price,
                    ),
                ),
            )

        return at

    def _without_covered(self, service: Service, priced: Priced) -> Priced:
        """`priced` with the charges another chosen service's price includes set to $0."""
        if not any((service.id, c.key) in self.covered for c in priced.charges):
            return priced
        charges = tuple(
            c.covered(self.covered[(service.id, c.key)])
            if (service.id, c.key) in self.covered
            else c
            for c in priced.charges
        )
        total = sum(c.monthly for c in charges) if priced.monthly is not None else None
        return replace(priced, charges=charges, monthly=total)

    def line(
        self,
        component: Component,
        scale: float = 1.0,
        *,
        service: Service | None = None,
        size: str | None = None,
        multi_az: bool | None = None,
        placement: Placement | None = None,
        region: str | None = None,
    ) -> CostLine:
        """`priced` with everything needed to defend it: source, date, assumptions."""
        alternative = (service, size, multi_az, placement, region)
        if all(x is None for x in alternative) and scale in SCALES:
            return self._chosen_lines(component)[SCALES.index(scale)]
        return self._line(
            component, scale, service=service, size=size, multi_az=multi_az,
            placement=placement, region=region,
        )  # fmt: skip

    def inputs(self, component: Component) -> Hashed[tuple[object, ...]]:
        """Everything this model reads to price `component` on its service — as chosen, or
        with another size or zones, at any of `SCALES`: the component, where it sits, the
        usage at each scale (and the hosts, for a price billed by them), and how its
        service is billed in this design (`_Billed`). A key for results derived from those
        prices alone (`model.memo`)."""
        found = self._inputs.get(component.id)
        if found is None or found.value[0] is not component:
            billed = self._billed(self.catalog[component.service])
            hosts = tuple(self.hosts(s) for s in SCALES) if billed.reads_hosts else None
            where = self.placements[component.id]
            found = Hashed((component, where, self._scales, hosts, billed))
            self._inputs[component.id] = found
        return found

    def _chosen_lines(self, component: Component) -> tuple[CostLine, ...]:
        """The lines of `component` as the session has it at each of `SCALES`, from the
        memo when their `inputs` are those of lines priced before."""
        found = self._chosen.get(component.id)
        if found is None or found[0] is not component:
            lines = self.memo.get(
                ("lines", self.inputs(component)),
                lambda: tuple(self._line(component, s) for s in SCALES),
            )
            found = self._chosen[component.id] = (component, lines)
        return found[1]

    def _billed(self, service: Service) -> _Billed:
        """How `service` is billed in this design."""
        found = self._billed_as.get(service.id)
        if found is None:
            region = self.billing_region(service)
            drivers = drivers_read(self.catalog.pricing_in(service, region).pricing)
            found = _Billed(
                region,
                Driver.HOSTS in drivers,
                self.overrides.get(service.id),
                self._covered_of.get(service.id, ()),
            )
            found = self._billed_as[service.id] = self.memo.intern(found)
        return found

    def _line(
        self,
        component: Component,
        scale: float,
        *,
        service: Service | None = None,
        size: str | None = None,
        multi_az: bool | None = None,
        placement: Placement | None = None,
        region: str | None = None,
    ) -> CostLine:
        chosen = service or self.catalog[component.service]
        where = placement or self.placements[component.id]
        priced = self.priced(
            component, scale, service=service, size=size, multi_az=multi_az, placement=where,
            region=region,
        )  # fmt: skip
        billing = self.billing(chosen, region)
        pricing = billing.pricing
        override = self.overrides.get(chosen.id)
        assumption = pricing.assumption
        if where.assumption:
            assumption = f"{assumption} Placement: {where.assumption}."
        source, date = str(pricing.source), pricing.as_of.isoformat()
        main = billing.figure(priced.charges[0].key) if priced.charges else None
        if main is not None:
            source, date = main.source, main.as_of
        if override is not None:
            source = f"{override.source} (overrides the list price from {pricing.source})"
            date = override.as_of or date
        return CostLine(
            component_id=component.id,
            component_name=component.name,
            category=component.category,
            group=GROUP_OF[component.category],
            service_id=chosen.id,
            service_label=chosen.label,
            monthly=priced.monthly,
            charges=priced.charges,
            instances=priced.instances,
            size=priced.size.name if priced.size is not None else None,
            price_source=source,
            price_date=date,
            assumption=assumption.strip(),
            placement=where.assumption,
            note=priced.note,
            overridden=override is not None,
            region=billing.region,
            borrowed=billed_points(billing.borrowed, priced.charges),
            base_region=billing.base_region,
        )

    def billed(self) -> tuple[Component, ...]:
        """The components on the design's bill, in session order: all but the external
        systems, which another party runs and bills under its own contract."""
        return tuple(c for c in self.session.components if c.category.run_by_us)

    def lines(self, scale: float = 1.0) -> tuple[CostLine, ...]:
        """The line of every component on the bill (`billed`) at `scale`, in session
        order."""
        if scale not in self._lines:
            if scale in SCALES:
                # Priced together, kept together: each component's lines at every scale.
                chosen = [self._chosen_lines(c) for c in self.billed()]
                for at, each in enumerate(SCALES):
                    self._lines[each] = tuple(lines[at] for lines in chosen)
            else:
                self._lines[scale] = tuple(self.line(c, scale) for c in self.billed())
        return self._lines[scale]

    def implied_lines(self, scale: float = 1.0) -> tuple[CostLine, ...]:
        """The lines the design implies without a component (NAT, transfer, keys...)."""
        if scale not in self._implied:
            facts = Facts(
                self.session, self.catalog, self.traffic, self.usage(scale), self.host_counts(scale)
            )
            self._implied[scale] = implied_lines(facts)
        return self._implied[scale]

    def audit_lines(self) -> tuple[CostLine, ...]:
        """What keys, audit trail, configuration history and threat detection cost this
        design, priced as an audited framework's implied lines are (`implied.audit_lines`),
        whether or not it is under one."""
        facts = Facts(self.session, self.catalog, self.traffic, self.usage(), self.host_counts())
        return audit_lines(facts)

    def standby_lines(self, scale: float = 1.0) -> tuple[CostLine, ...]:
        """What the design keeps in its further regions, by its disaster-recovery strategy,
        each priced at its region's prices."""
        if scale not in self._standby:
            lines = []
            for repeat in standby_plan(self.session, self.catalog):
                component = repeat.component
                primary = self.placements.get(component.id, Placement())
                where = primary
                if not repeat.serves:
                    where = Placement(
                        request_share=0.0,
                        data_share=primary.data_share,
                        fixed_data_gb=primary.fixed_data_gb,
                        assumption=f"is the {repeat.role} in {repeat.region}, serving no "
                        "traffic until a failover",
                    )
                line = self.line(component, scale, placement=where, region=repeat.region)
                lines.append(
                    replace(
                        line,
                        component_id=f"{component.id}@{repeat.region}",
                        component_name=f"{component.name} ({repeat.region})",
                        placement=where.assumption or f"{repeat.role} in {repeat.region}",
                    )
                )
            self._standby[scale] = tuple(lines)
        return self._standby[scale]

    def all_lines(self, scale: float = 1.0) -> tuple[CostLine, ...]:
        """Components, then what runs in further regions, then the implied charges."""
        return self.lines(scale) + self.standby_lines(scale) + self.implied_lines(scale)

    def total(self, scale: float = 1.0) -> float:
        """Production's monthly cost at `scale` (public prices only)."""
        return sum(x.monthly for x in self.all_lines(scale) if x.monthly is not None)


def _covered(session: Session, catalog: Catalog) -> dict[tuple[str, str], str]:
    """The charges of the session's services that another of its services' price includes
    (Front Door Premium's base fee covers Standard's): (service id, key) -> includer's label."""
    used = {c.service for c in session.components}
    found: dict[tuple[str, str], str] = {}
    for service_id in used:
        service = catalog.get(service_id)
        if service is None:
            continue
        for inclusion in service.pricing.includes:
            if inclusion.service in used and inclusion.service != service_id:
                for key in inclusion.keys:
                    found[(inclusion.service, key)] = service.label
    return found


@dataclass(frozen=True, slots=True)
class _Billed:
    """What a session decides of how a service's lines are priced, besides the component
    and its demand: part of the key of every line on the service."""

    region: str
    """The region it bills in."""
    reads_hosts: bool
    """Whether a price of it is billed by the compute hosts."""
    override: PriceOverride | None
    """The session's price override of it."""
    covered: tuple[tuple[str, str], ...]
    """(price point, includer's label) of its charges another chosen service includes."""


def _autoscaling_floor(component: Component) -> int:
    return component.autoscaling.min if component.autoscaling is not None else 0


def _hosts(service: Service, component: Component, where: Placement, usage: Usage) -> int:
    """Instances `component` (a compute component on `service`) runs at `where` under
    `usage`: by its load and size, or one per ~100 req/s for a service billed per use."""
    pricing = service.pricing
    if pricing.model is PricingModel.INSTANCE_HOUR:
        size = pricing.size(component.size) or pricing.sizes[0]
        need = demand(where, usage, 0.0).of(pricing.driver)
        return instance_count(component, size, need)
    load = usage.peak_rps * where.request_share
    floor = max(component.replicas, _autoscaling_floor(component))
    return max(floor, math.ceil(load / SERVERLESS_RPS_PER_INSTANCE - 1e-9))


def estimate(model: CostModel) -> CostEstimate:
    """The monthly cost of the model's session: lines, breakdown, environments and
    projections."""
    session = model.session
    lines = model.all_lines(1.0)
    breakdown = _breakdown(lines)
    total = sum(g.monthly for g in breakdown)
    environments = _environments(session, lines, total)
    users = session.context.users
    projections = tuple(
        Projection(
            scale=scale,
            users=users * scale,
            monthly_total=(monthly := total if scale == 1.0 else model.total(scale)),
            per_user=monthly / (users * scale) if users > 0 else None,
        )
        for scale in SCALES
    )
    return CostEstimate(
        monthly_total=total,
        lines=lines,
        breakdown=breakdown,
        not_counted=tuple(x.component_id for x in lines if x.monthly is None),
        environments=environments,
        all_environments_total=sum(e.monthly for e in environments),
        projections=projections,
        budget_usd=session.context.monthly_budget_usd,
    )


def _breakdown(lines: tuple[CostLine, ...]) -> tuple[GroupCost, ...]:
    sums = dict.fromkeys(Group, 0.0)
    for line in lines:
        if line.monthly is not None:
            sums[line.group] += line.monthly
    total = sum(sums.values())
    return tuple(
        GroupCost(group, monthly, monthly / total * 100 if total > 0 else 0.0)
        for group, monthly in sums.items()
    )


def _environments(
    session: Session, lines: tuple[CostLine, ...], production_total: float
) -> tuple[EnvironmentCost, ...]:
    production = session.pipeline.production.environment
    named = [(e.name, e.size_percent) for e in session.environments]
    if production not in {name for name, _ in named}:
        named.insert(0, (production, 100.0))
    fixed = sum(x.part(ChargeKind.FIXED) for x in lines if x.monthly is not None)
    variable = sum(x.part(ChargeKind.VARIABLE) for x in lines if x.monthly is not None)
    result = []
    for name, percent in named:
        if name == production:
            result.append(EnvironmentCost(name, 100.0, production_total, production=True))
        else:
            monthly = fixed + variable * percent / 100
            result.append(EnvironmentCost(name, percent, monthly, production=False))
    return tuple(result)
