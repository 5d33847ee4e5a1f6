"""How catalog services bill: the pricing models, their price points, and what scales them.

A `Pricing` is a service's list price in its cloud's base region (see
`model.catalog.regions`): the main price (per unit, per instance size, or per plan) and
the extras billed on top, each a *price point* with a key (`price`, a size or plan name,
an extra's key) that regional price tables and the refreshed overlay address
(`model.catalog.prices`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated

from pydantic import Field, HttpUrl, model_validator

from model.base import Frozen, Identifier, NonNegative
from model.catalog.frozen import CatalogModel
from model.enums import Labelled


class PricingModel(Labelled):
    """How a service bills, which decides how its cost scales with the usage drivers."""

    FIXED_MONTHLY = "fixed_monthly"
    """A flat monthly fee; stays fixed at any scale."""
    TIERED_PLAN = "tiered_plan"
    """Plans with limits; the cost jumps to the next plan when the driver passes a limit."""
    INSTANCE_HOUR = "instance_hour"
    """Per instance-hour; the instance count steps up with capacity per instance."""
    PER_GB_MONTH = "per_gb_month"
    """Per GB stored per month; scales linearly with data."""
    PER_GB_TRANSFER = "per_gb_transfer"
    """Per GB transferred out; scales linearly with egress."""
    PER_MILLION_REQUESTS = "per_million_requests"
    """Per million requests; scales linearly with requests."""
    PER_SEAT = "per_seat"
    """Per team member per month; scales with the team, not with users."""
    PER_HOST = "per_host"
    """Per monitored host per month; scales with the compute instance count."""
    PER_EVENT = "per_event"
    """Per event past the plan's included volume (error tracking); scales with requests."""
    FREE = "free"
    """No charge (a free service, or one included in another's price)."""
    NOT_PUBLIC = "not_public"
    """No public list price (sales quote); shown but left out of totals."""


class MultiAzBilling(Labelled):
    """What a provider bills when a component runs Multi-AZ. `replicas` are always the
    instances that serve; Multi-AZ adds only what the provider adds."""

    FACTOR = "factor"
    """The main price times `multi_az_factor` (a dearer regional tier, an HA pair)."""
    STANDBY = "standby"
    """One standby of the primary's size, billed but not serving (RDS Multi-AZ, Cloud SQL
    HA, Azure zone-redundant HA); extras marked `multi_az` are billed
    `multi_az_factor` times (the standby's storage)."""
    REPLICAS = "replicas"
    """Replicas in other zones are the failover targets (Aurora, ElastiCache): nothing more
    is billed once there are two nodes; a single node gets one replica."""


class FeeScope(Labelled):
    """Whom a flat fee is billed to, which decides how often a design pays it."""

    ENVIRONMENT = "environment"
    """Each environment's own resources (a load balancer's hourly floor, a cluster)."""
    ORGANISATION = "organisation"
    """The organisation or billing account, once, however many environments use it
    (Shield Advanced, Cloud Armor Enterprise, a DDoS protection plan)."""


class Driver(Labelled):
    """The usage quantity a price scales with."""

    USERS = "users"
    """Monthly active users."""
    REQUESTS = "requests"
    """Millions of requests per month."""
    PEAK_RPS = "peak_rps"
    """Peak requests per second (sizes instance fleets)."""
    DATA_GB = "data_gb"
    """Gigabytes stored."""
    EGRESS_GB = "egress_gb"
    """Gigabytes a component serves per month (to the internet, or processed)."""
    CAPACITY_UNITS = "capacity_units"
    """Load-balancer capacity units at the average load (AWS LCUs, Azure capacity units)."""
    TEAM = "team"
    """Engineers on the team (seats)."""
    HOSTS = "hosts"
    """Compute instances being monitored."""
    ERRORS = "errors"
    """Thousands of error events a month reported to an error tracker (the requests times
    the error-event rate, `model.engines.usage.ERROR_EVENTS_PER_REQUEST`)."""
    NONE = "none"
    """Nothing: the price does not scale."""


class InstanceSize(CatalogModel):
    """One instance size of an instance-hour priced service."""

    name: str = Field(min_length=1, max_length=60)
    """The provider's name for the size, e.g. `t4g.medium` or `db.t4g.large`."""
    hourly_usd: NonNegative
    """On-demand list price per instance-hour in USD."""
    capacity: Annotated[float, Field(gt=0)]
    """How much of the pricing driver one instance serves (e.g. peak requests/s)."""
    vcpu: Annotated[float, Field(gt=0)]
    """Virtual CPUs."""
    memory_gb: Annotated[float, Field(gt=0)]
    """Memory in GiB."""
    burstable: bool = False
    """Whether its vCPUs are shared or burstable (AWS T classes, Azure B-series, GCP
    shared-core): it runs above a baseline only on CPU credits and is throttled, or billed
    for surplus credits, when they run out. The providers advise them for development and
    test, so the engines never recommend one for a production database."""


class PlanTier(CatalogModel):
    """One plan of a tiered-plan priced service."""

    name: str = Field(min_length=1, max_length=60)
    """The plan's name, e.g. `Pro`."""
    limit: NonNegative | None = None
    """The most of the driver this plan covers; None for no limit."""
    monthly_usd: NonNegative
    """Monthly price of the plan in USD."""
    sla_percent: Annotated[float, Field(ge=0, le=100)] | None = None
    """The plan's availability SLA; None when the plan has none (free plans rarely do)."""


PriceKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
"""The key of an extra charge's price point, e.g. `storage`."""

MAIN_PRICE = "price"
"""The key of the main per-unit or monthly price (`price_usd`); instance sizes and plans
are keyed by their names, extras by their `key`."""


class ExtraCharge(CatalogModel):
    """A linear charge billed on top of the main price (storage beside instance-hours, say)."""

    key: PriceKey
    """The price point's key in regional tables and the refreshed overlay, e.g. `storage`."""
    driver: Driver
    """The usage quantity this charge scales with."""
    unit: str = Field(min_length=1, max_length=120)
    """What one unit is, in words, e.g. `per GB-month of gp3 storage`."""
    price_usd: NonNegative
    """Price per unit in USD (per million for `requests`)."""
    included: NonNegative = 0
    """Units per month included free."""
    multi_az: bool = False
    """Whether a multi-AZ deployment bills this charge again for the standby (times the
    price's `multi_az_factor`), as RDS and Cloud SQL do for storage; Aurora's shared cluster
    storage does not."""
    minimum: NonNegative = 0
    """Fewest units billed whatever the use (RDS bills at least 20 GB of storage)."""
    scope: FeeScope = FeeScope.ENVIRONMENT
    """Whom a flat extra (driver `none`) is billed to: every environment, or the
    organisation once (a plan fee)."""


class VolumeTier(CatalogModel):
    """A cheaper price for the units past a volume (CDN and transfer price steps)."""

    key: PriceKey
    """The price point's key, e.g. `next_40tb`."""
    above: Annotated[float, Field(gt=0)]
    """Units per month past which this price applies (10,240 GB for `next_40tb`)."""
    price_usd: NonNegative
    """Price per unit past `above`, in USD."""


class Inclusion(CatalogModel):
    """Charges of another service that this one's price already covers."""

    service: Identifier
    """The other catalog service, e.g. `azure-front-door`."""
    keys: tuple[str, ...] = Field(min_length=1)
    """The other service's price points that are not billed again when both are in a
    design (`price`, a plan or size name, an extra's key)."""
    why: str = Field(min_length=1, max_length=200)
    """Why, in words, e.g. `the Premium tier's base fee replaces Standard's`."""


class Commitment(CatalogModel):
    """A discount for committing to usage: reserved instances, savings plans, committed use."""

    label: str = Field(min_length=1, max_length=120)
    """The offer, e.g. `1-year Compute Savings Plan, no upfront`."""
    discount_percent: Annotated[float, Field(gt=0, lt=100)]
    """Discount against the on-demand price."""
    source: HttpUrl
    """The public page stating the discount."""


class ArchiveTier(CatalogModel):
    """A colder storage class that old objects can be moved to by a lifecycle rule."""

    label: str = Field(min_length=1, max_length=120)
    """The storage class, e.g. `S3 Glacier Flexible Retrieval`."""
    price_usd: NonNegative
    """Price per GB-month in USD."""
    source: HttpUrl
    """The public pricing page."""


class Pricing(CatalogModel):
    """A service's public list price, how it scales, and where the figure comes from."""

    model: PricingModel
    """How the service bills."""
    driver: Driver = Driver.NONE
    """The usage quantity the price scales with."""
    unit: str = Field(min_length=1, max_length=120)
    """What one unit of the price is, in words, e.g. `per GB-month (S3 Standard)`."""
    price_usd: NonNegative | None = None
    """Price per unit in USD, for the linear models (per GB, per request, per seat, per host)
    and the monthly fee of `fixed_monthly`."""
    included: NonNegative = 0
    """Units per month included free before the price applies."""
    volume_tiers: tuple[VolumeTier, ...] = ()
    """Cheaper prices past volumes, ascending, for the linear models: `price_usd` is the
    price up to the first tier's `above`."""
    sizes: tuple[InstanceSize, ...] = ()
    """Instance sizes, for `instance_hour`; the first is the default."""
    tiers: tuple[PlanTier, ...] = ()
    """Plans in ascending order, for `tiered_plan`."""
    extras: tuple[ExtraCharge, ...] = ()
    """Linear charges billed on top of the main price (storage, requests, transfer)."""
    commitment: Commitment | None = None
    """A reserved-capacity discount on the main price, where the provider offers one."""
    archive: ArchiveTier | None = None
    """A colder storage class for lifecycle rules, for object storage."""
    multi_az: MultiAzBilling = MultiAzBilling.FACTOR
    """What Multi-AZ adds to the bill."""
    multi_az_factor: Annotated[float, Field(ge=1, le=4)] = 1.0
    """The multiplier of the main price (`factor`) or of extras marked `multi_az`
    (`standby`: 2.0, the standby's storage billed again)."""
    scope: FeeScope = FeeScope.ENVIRONMENT
    """Whom the main flat fee is billed to: every environment, or the organisation once."""
    credit_usd: NonNegative = 0
    """A monthly credit the plan includes, deducted from the main usage charge and never
    below zero (Supabase Pro's $10 of compute)."""
    includes: tuple[Inclusion, ...] = ()
    """Charges of other services this price already covers, not billed again when both
    are in a design."""
    global_price: bool = False
    """Whether the provider charges the same in every region (Route 53, Shield, a SaaS
    plan); otherwise the figures are the base region's and other regions have their own."""
    priced_by_zone: bool = False
    """Whether the price depends on the part of the world the viewers are in rather than on
    a region (a CDN's edge egress): the figures are the base region's price zone's, other
    zones have their own tables, and a design's viewers are assumed to be in the price zone
    of its first region."""
    source: HttpUrl | None = None
    """The public pricing page the figure was read from; required of every service but an
    external system, which another party runs and bills (see `Service`)."""
    as_of: date
    """When the figure was read from the source."""
    assumption: str = Field(default="", max_length=400)
    """The region, plan and usage assumptions behind the figure."""

    @model_validator(mode="after")
    def _shape_matches_model(self) -> Pricing:
        needs_price = {
            PricingModel.FIXED_MONTHLY,
            PricingModel.PER_GB_MONTH,
            PricingModel.PER_GB_TRANSFER,
            PricingModel.PER_MILLION_REQUESTS,
            PricingModel.PER_SEAT,
            PricingModel.PER_HOST,
            PricingModel.PER_EVENT,
        }
        if self.model in needs_price and self.price_usd is None:
            raise ValueError(f"a {self.model.value} price needs price_usd")
        if self.model is PricingModel.INSTANCE_HOUR and not self.sizes:
            raise ValueError("an instance_hour price needs at least one size")
        if self.model is PricingModel.TIERED_PLAN:
            if not self.tiers:
                raise ValueError("a tiered_plan price needs at least one tier")
            limits = [t.limit for t in self.tiers]
            if any(limit is None for limit in limits[:-1]):
                raise ValueError("only the last tier may be unlimited")
            bounded = [limit for limit in limits if limit is not None]
            if bounded != sorted(bounded):
                raise ValueError("tiers must be in ascending order of limit")
        if self.global_price and self.priced_by_zone:
            raise ValueError("a price is either the same everywhere or priced by zone")
        if self.model is PricingModel.NOT_PUBLIC and self.price_usd is not None:
            raise ValueError("a not_public price cannot carry price_usd")
        aboves = [tier.above for tier in self.volume_tiers]
        if aboves != sorted(set(aboves)):
            raise ValueError("volume tiers must be in ascending order of volume")
        if self.volume_tiers and self.price_usd is None:
            raise ValueError("volume tiers need a first-tier price_usd")
        keys = [*self.points()]
        if MAIN_PRICE in keys[1:] or len(set(keys)) != len(keys):
            raise ValueError(f"price point keys must be unique: {', '.join(keys)}")
        return self

    def points(self) -> dict[str, float]:
        """Every price point by key: the main price, each size, each plan, each extra."""
        found: dict[str, float] = {}
        if self.price_usd is not None:
            found[MAIN_PRICE] = self.price_usd
        found.update((tier.key, tier.price_usd) for tier in self.volume_tiers)
        found.update((size.name, size.hourly_usd) for size in self.sizes)
        found.update((tier.name, tier.monthly_usd) for tier in self.tiers)
        found.update((extra.key, extra.price_usd) for extra in self.extras)
        return found

    def repriced(self, prices: Mapping[str, float]) -> Pricing:
        """This pricing with the price points in `prices` replaced (other regions' figures);
        keys it does not have are ignored."""
        if not prices:
            return self
        update: dict[str, object] = {}
        if MAIN_PRICE in prices and self.price_usd is not None:
            update["price_usd"] = prices[MAIN_PRICE]
        # (field, each item's key attribute, its price attribute)
        for field, key, price in (
            ("volume_tiers", "key", "price_usd"),
            ("sizes", "name", "hourly_usd"),
            ("tiers", "name", "monthly_usd"),
            ("extras", "key", "price_usd"),
        ):
            items: tuple[Frozen, ...] = getattr(self, field)
            if any(getattr(item, key) in prices for item in items):
                update[field] = tuple(
                    item.model_copy(
                        update={price: prices.get(getattr(item, key), getattr(item, price))}
                    )
                    for item in items
                )
        return self.model_copy(update=update)

    @property
    def fails_over_across_zones(self) -> bool:
        """Whether Multi-AZ gives even a single node a failover target in another zone (a
        billed standby, an added replica, or an HA tier)."""
        return self.multi_az is not MultiAzBilling.FACTOR or self.multi_az_factor > 1

    @property
    def is_public(self) -> bool:
        """Whether the price can be counted in totals."""
        return self.model is not PricingModel.NOT_PUBLIC

    def size(self, name: str | None) -> InstanceSize | None:
        """The named instance size, the default one for None, or None when there is none."""
        if not self.sizes:
            return None
        if name is None:
            return self.sizes[0]
        return next((s for s in self.sizes if s.name == name), None)

    def tier(self, name: str | None) -> PlanTier | None:
        """The plan called `name`, if the pricing has one."""
        return next((t for t in self.tiers if t.name == name), None)


def price_headline(pricing: Pricing, size: str | None = None) -> str:
    """One line on how a service is priced, e.g. `$0.0336/h per t4g.medium`."""
    model = pricing.model
    if model is PricingModel.NOT_PUBLIC:
        return "no public price"
    if model is PricingModel.FREE:
        return "free"
    if model is PricingModel.INSTANCE_HOUR:
        chosen = pricing.size(size) or pricing.sizes[0]
        return f"${chosen.hourly_usd:g}/h per {chosen.name}"
    if model is PricingModel.TIERED_PLAN:
        return " · ".join(f"{t.name} ${t.monthly_usd:g}/mo" for t in pricing.tiers)
    if model is PricingModel.FIXED_MONTHLY:
        return f"${pricing.price_usd:g}/month"
    return f"${pricing.price_usd:g} {pricing.unit}"
