"""Price one catalog service for the demand reaching it: the charges of one cost line.

Each pricing model scales its own way: instance-hour prices step up with the instance
count the load needs, per-GB and per-request prices are linear past their free
allowance, plans jump to the next tier when the driver passes a limit, fixed fees stay
fixed. Extras are linear charges on top; an extra whose driver is `none` is a flat fee
billed once per component.

Multi-AZ bills what the provider adds (`MultiAzBilling`): a standby of the primary's
size for RDS, Cloud SQL and Azure's zone-redundant HA (replicas stay the serving
instances: two replicas Multi-AZ are three instances, not four); a second node for a
single-node Aurora or ElastiCache, whose replicas are the failover targets; otherwise
`multi_az_factor` times the main price. An extra is multiplied by `multi_az_factor` only
when the catalog marks it `multi_az` (RDS and Cloud SQL bill the standby's storage again,
Aurora's shared storage is billed once).

A price override from the session replaces the main price in its own unit: the hourly
price of the chosen size, the monthly price of the chosen plan, or the per-unit price. A
service without a public price becomes countable once it is overridden.

Every charge says whether it is fixed (billed in full by every environment), variable
(scales with the environment's size) or shared (one organisation-wide plan or seats,
billed once, with production).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

from model.catalog import (
    MAIN_PRICE,
    Driver,
    ExtraCharge,
    FeeScope,
    InstanceSize,
    MultiAzBilling,
    Pricing,
    PricingModel,
    Service,
)
from model.engines.usage import HOURS_PER_MONTH, Demand, instance_count, scaled_size
from model.enums import Category
from model.sections.components import Component
from model.units import money

SHARED_CATEGORIES = frozenset({Category.DNS, Category.ONCALL})
"""Categories whose flat fees serve every environment at once (one zone, one pager)."""

_DRIVER_UNITS = {
    Driver.USERS: "users",
    Driver.REQUESTS: "M requests",
    Driver.PEAK_RPS: "peak req/s",
    Driver.DATA_GB: "GB",
    Driver.EGRESS_GB: "GB out",
    Driver.TEAM: "seats",
    Driver.HOSTS: "hosts",
    Driver.ERRORS: "k error events",
    Driver.CAPACITY_UNITS: "capacity units",
    Driver.NONE: "",
}


class ChargeKind(StrEnum):
    """How a charge carries over to the dev and staging environments."""

    FIXED = "fixed"
    """A flat fee every environment pays in full (a load balancer's hourly floor)."""
    VARIABLE = "variable"
    """Scales with usage, so with the environment's size."""
    SHARED = "shared"
    """Organisation-wide (seats, a SaaS plan, the DNS zone): billed once, with production."""


Shape = Literal["instances", "linear", "plan", "flat", "free"]
"""How a charge is computed, which decides how its arithmetic is written out."""


@dataclass(frozen=True, slots=True)
class Charge:
    """One priced part of a cost line: the main price or one extra."""

    what: str
    """The catalog's unit, e.g. `per DB instance-hour (Single-AZ, on-demand)`."""
    quantity: float
    """Billable units (instances, or units past the free allowance)."""
    unit_price: float
    """USD per unit (per hour for instances)."""
    monthly: float
    """USD per month."""
    kind: ChargeKind
    """How it carries over to other environments."""
    shape: Shape = "flat"
    """How it is computed."""
    driver_value: float = 0.0
    """The driver's quantity before the free allowance (linear and plan charges)."""
    included: float = 0.0
    """The free allowance."""
    label: str = ""
    """The instance size or plan name."""
    words: str = ""
    """The driver's unit in words, e.g. `M requests`."""
    factor: float = 1.0
    """The multi-AZ multiplier applied."""
    standby: int = 0
    """Instances billed for Multi-AZ on top of `quantity` serving ones (not serving)."""
    key: str = ""
    """The price point billed (`price`, a size or plan name, an extra's key)."""
    steps: tuple[tuple[float, float], ...] = ()
    """Volume steps billed, as (units, USD per unit), when the price has volume tiers."""
    minimum: float = 0.0
    """The fewest units billed, when the use is below it."""
    credit: float = 0.0
    """USD of an included monthly credit deducted from this charge."""
    covered_by: str = ""
    """The service whose price already includes this charge (not billed again), in words."""

    @property
    def detail(self) -> str:
        """The arithmetic, e.g. `2 × db.t4g.small × 730 h × $0.032/h = $46.72`."""
        if self.covered_by:
            return f"included in {self.covered_by}'s price: $0"
        az = f" × {self.factor:g} (Multi-AZ)" if self.factor != 1 else ""
        total = money(self.monthly)
        credit = f" − {money(self.credit)} included credit" if self.credit else ""
        match self.shape:
            case "instances":
                count = quantity_text(self.quantity)
                if self.standby:
                    count = f"({count} + {self.standby} Multi-AZ standby)"
                hours = f"{count} × {self.label} × 730 h × ${self.unit_price:g}/h{az}"
                return f"{hours}{credit} = {total}"
            case "linear":
                amount = quantity_text(round(self.driver_value, 2))
                if self.minimum and self.driver_value < self.minimum:
                    amount = f"{quantity_text(self.minimum)} (the minimum; {amount} used)"
                if self.included and self.quantity == 0:
                    free = quantity_text(self.included)
                    return f"{amount} {self.words}, within the {free} free{credit} = {total}"
                if self.included:
                    amount = f"({amount} − {quantity_text(self.included)} free)"
                if self.steps:
                    billed = " + ".join(
                        f"{quantity_text(round(units, 2))} × ${price:g}"
                        for units, price in self.steps
                    )
                    return f"{amount} {self.words}: {billed}{az}{credit} = {total}"
                return f"{amount} {self.words} × ${self.unit_price:g}{az}{credit} = {total}"
            case "plan":
                value = quantity_text(round(self.driver_value, 2))
                return f"{self.label} plan at {value} {self.words}{credit} = {total}"
            case "free":
                return "free"
        return f"{total} a month"

    def covered(self, by: str) -> Charge:
        """This charge as included in another service's price: listed, not billed."""
        return replace(self, monthly=0.0, covered_by=by)


@dataclass(frozen=True, slots=True)
class Priced:
    """A service priced for one component's demand."""

    charges: tuple[Charge, ...]
    """Main price first, then extras."""
    monthly: float | None
    """USD per month; None when the service has no public price (left out of totals)."""
    instances: int | None
    """Instances billed, for instance-hour prices."""
    size: InstanceSize | None
    """The instance size priced, for instance-hour prices."""
    note: str
    """What else to know: the plan chosen, a limit passed, why it is not counted."""


def quantity_text(value: float) -> str:
    """A quantity without noise: `2`, `9.86`, `1,200`."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def price_service(
    service: Service,
    component: Component,
    need: Demand,
    *,
    pricing: Pricing | None = None,
    size_name: str | None = None,
    multi_az: bool = False,
    override: float | None = None,
) -> Priced:
    """Price `service` for `component` under demand `need` at `pricing` (the service's own
    list prices by default; a region's, see `Catalog.pricing_in`); `override` replaces the
    main price."""
    pricing = pricing or service.pricing
    if pricing.model is PricingModel.NOT_PUBLIC and override is None:
        return Priced((), None, None, None, f"no public price ({pricing.unit}); left out of totals")
    main, instances, size, note = _main(
        service,
        pricing,
        component,
        need,
        size_name=size_name,
        factor=main_factor(pricing, multi_az=multi_az),
        multi_az=multi_az,
        override=override,
    )
    extra_factor = pricing.multi_az_factor if multi_az else 1.0
    charges = [main] if main is not None else []
    charges += [_extra(service, extra, need, extra_factor) for extra in pricing.extras]
    return Priced(tuple(charges), sum(c.monthly for c in charges), instances, size, note)


def drivers_read(pricing: Pricing) -> tuple[Driver, ...]:
    """The drivers `price_service` reads the demand of under `pricing`: its main price's
    and its extras' (nothing else of a `Demand` changes the charges)."""
    return (pricing.driver, *(extra.driver for extra in pricing.extras))


def main_factor(pricing: Pricing, *, multi_az: bool) -> float:
    """The multiplier Multi-AZ puts on the main price: `multi_az_factor` where the price
    bills Multi-AZ as a `factor`, else 1 (a standby or a replica is billed as an instance,
    see `billed_nodes`)."""
    if multi_az and pricing.multi_az is MultiAzBilling.FACTOR:
        return pricing.multi_az_factor
    return 1.0


def multi_az_meaning(pricing: Pricing, *, short: bool = False) -> str:
    """What Multi-AZ adds to a component on `pricing`, in words (`short` for a form label):
    replicas are always the serving instances."""
    factor = f"{pricing.multi_az_factor:g}"
    if pricing.multi_az is MultiAzBilling.STANDBY:
        if short:
            return "+1 standby, billed"
        return "adds one standby of the primary's size in another zone: billed, not serving"
    if pricing.multi_az is MultiAzBilling.REPLICAS:
        if short:
            return "replicas in other zones"
        return "puts the replicas in other zones as failover targets; one node gets a second"
    if pricing.multi_az_factor > 1:
        if short:
            return f"HA tier, × {factor}"
        return f"bills the zone-redundant tier: the main price × {factor}"
    if short:
        return "zones, no extra fee"
    return "spreads the serving instances over zones; nothing more is billed"


def billed_nodes(pricing: Pricing, serving: int, *, multi_az: bool) -> tuple[int, int]:
    """The instances an instance-priced service bills for `serving` ones: (serving
    instances, standby instances), by the price's `MultiAzBilling`."""
    if multi_az and pricing.multi_az is MultiAzBilling.STANDBY:
        return serving, 1
    if multi_az and pricing.multi_az is MultiAzBilling.REPLICAS:
        return max(serving, 2), 0
    return serving, 0


def _main(
    service: Service,
    pricing: Pricing,
    component: Component,
    need: Demand,
    *,
    size_name: str | None,
    factor: float,
    multi_az: bool,
    override: float | None,
) -> tuple[Charge | None, int | None, InstanceSize | None, str]:
    model = pricing.model
    if model is PricingModel.INSTANCE_HOUR:
        size = pricing.size(size_name) or pricing.sizes[0]
        load = need.of(pricing.driver)
        if component.category is Category.DATABASE:
            size, count = scaled_size(component, pricing.sizes, size, load)
        else:
            count = instance_count(component, size, load)
        hourly = size.hourly_usd if override is None else override
        serving, standby = billed_nodes(pricing, count, multi_az=multi_az)
        note = ""
        if serving > count:
            note = f"Multi-AZ puts a replica in a second zone: {serving} nodes billed"
        count = serving
        gross = (count + standby) * hourly * HOURS_PER_MONTH * factor
        credit = min(pricing.credit_usd, gross)
        charge = Charge(
            pricing.unit,
            count,
            hourly,
            gross - credit,
            ChargeKind.VARIABLE,
            shape="instances",
            label=size.name,
            factor=factor,
            standby=standby,
            key=size.name,
            credit=credit,
        )
        return charge, count, size, note
    if model is PricingModel.TIERED_PLAN:
        value = need.of(pricing.driver)
        tier = next(
            (t for t in pricing.tiers if t.limit is None or value <= t.limit), pricing.tiers[-1]
        )
        words = _DRIVER_UNITS[pricing.driver]
        note = ""
        if tier.limit is not None and value > tier.limit:
            note = f"{quantity_text(value)} {words} is beyond the {tier.name} plan's limit"
        fee = tier.monthly_usd if override is None else override
        charge = Charge(
            pricing.unit,
            1,
            fee,
            fee * factor,
            _kind(service, pricing.driver, plan=True),
            shape="plan",
            driver_value=value,
            label=tier.name,
            words=words,
            factor=factor,
            key=tier.name,
        )
        return charge, None, None, note
    if model is PricingModel.FREE and override is None:
        charge = Charge(pricing.unit, 0, 0, 0, ChargeKind.FIXED, shape="free", key=MAIN_PRICE)
        return charge, None, None, ""
    # The catalog guarantees a price for the linear models; free and unpublished prices get
    # here only with an override.
    unit_price = override if override is not None else pricing.price_usd or 0.0
    driver = pricing.driver
    if model is PricingModel.FIXED_MONTHLY or driver is Driver.NONE:
        kind = _kind(service, Driver.NONE, plan=True)
        charge = Charge(
            pricing.unit, 1, unit_price, unit_price * factor, kind, factor=factor, key=MAIN_PRICE
        )
        return charge, None, None, ""
    steps = () if override is not None else pricing.volume_tiers
    charge = linear_charge(
        pricing.unit,
        _DRIVER_UNITS[driver],
        need.of(driver),
        included=pricing.included,
        price=unit_price,
        factor=factor,
        kind=_kind(service, driver, plan=False),
        key=MAIN_PRICE,
        tiers=tuple((t.above, t.price_usd) for t in steps),
        credit=pricing.credit_usd,
    )
    return charge, None, None, ""


def _extra(service: Service, extra: ExtraCharge, need: Demand, factor: float) -> Charge:
    scale = factor if extra.multi_az else 1.0
    if extra.driver is Driver.NONE:
        kind = _kind(service, Driver.NONE, plan=True, scope=extra.scope)
        return Charge(
            extra.unit, 1, extra.price_usd, extra.price_usd * scale, kind, factor=scale,
            key=extra.key,
        )  # fmt: skip
    return linear_charge(
        extra.unit,
        _DRIVER_UNITS[extra.driver],
        need.of(extra.driver),
        included=extra.included,
        price=extra.price_usd,
        factor=scale,
        kind=_kind(service, extra.driver, plan=False),
        key=extra.key,
        minimum=extra.minimum,
    )


def linear_charge(
    unit: str,
    words: str,
    value: float,
    *,
    included: float,
    price: float,
    factor: float,
    kind: ChargeKind,
    key: str,
    minimum: float = 0.0,
    tiers: tuple[tuple[float, float], ...] = (),
    credit: float = 0.0,
) -> Charge:
    billable = max(0.0, max(value, minimum) - included)
    steps = volume_steps(billable, price, tiers) if tiers else ()
    gross = (sum(units * p for units, p in steps) if steps else billable * price) * factor
    taken = min(credit, gross)
    return Charge(
        unit,
        billable,
        price,
        gross - taken,
        kind,
        shape="linear",
        driver_value=value,
        included=included,
        words=words,
        factor=factor,
        key=key,
        steps=steps if len(steps) > 1 else (),
        minimum=minimum,
        credit=taken,
    )


def volume_steps(
    units: float, first: float, tiers: tuple[tuple[float, float], ...]
) -> tuple[tuple[float, float], ...]:
    """`units` split into volume steps: (units, price) for the first price up to the first
    tier's volume, then each tier's price up to the next one's (tiers are (above, price),
    ascending)."""
    bounds = [(0.0, first), *tiers]
    steps = []
    for index, (start, price) in enumerate(bounds):
        end = bounds[index + 1][0] if index + 1 < len(bounds) else math.inf
        if units <= start:
            break
        steps.append((min(units, end) - start, price))
    return tuple(steps)


def _kind(
    service: Service, driver: Driver, *, plan: bool, scope: FeeScope | None = None
) -> ChargeKind:
    """Seats and team-priced plans are organisation-wide; so are a SaaS vendor's flat plans,
    the DNS zone or pager, and a flat fee the catalog scopes to the organisation. Other
    flat fees recur per environment; usage scales."""
    if driver is Driver.TEAM:
        return ChargeKind.SHARED
    scope = scope or service.pricing.scope
    if plan and (
        not service.provider.cloud
        or service.category in SHARED_CATEGORIES
        or scope is FeeScope.ORGANISATION
    ):
        return ChargeKind.SHARED
    if driver is Driver.NONE:
        return ChargeKind.FIXED
    return ChargeKind.VARIABLE
