"""The service catalog: every cloud or SaaS service a component can be built from.

The catalog is data (`model/catalog/data/*.yaml`), validated by the models below when it
is first read. Every price carries the public page it comes from and the date it was
read; a price that is not public is recorded as such and left out of totals. What the
exporters need to know about a service (how it deploys, its local stand-in, how its
secrets are checked) is on the entry too (`model.catalog.facts`), required by category.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from datetime import date
from importlib import resources
from typing import Annotated

import yaml
from pydantic import Field, HttpUrl, ValidationError, model_validator

from model.base import Frozen, Identifier, NonNegative
from model.catalog.facts import Deploy, LocalStandIn, SecretsCheck
from model.enums import Category, Labelled, Provider, ServiceProvider


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
    """Gigabytes transferred out per month."""
    TEAM = "team"
    """Engineers on the team (seats)."""
    HOSTS = "hosts"
    """Compute instances being monitored."""
    NONE = "none"
    """Nothing: the price does not scale."""


class InstanceSize(Frozen):
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


class PlanTier(Frozen):
    """One plan of a tiered-plan priced service."""

    name: str = Field(min_length=1, max_length=60)
    """The plan's name, e.g. `Pro`."""
    limit: NonNegative | None = None
    """The most of the driver this plan covers; None for no limit."""
    monthly_usd: NonNegative
    """Monthly price of the plan in USD."""


class ExtraCharge(Frozen):
    """A linear charge billed on top of the main price (storage beside instance-hours, say)."""

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


class Commitment(Frozen):
    """A discount for committing to usage: reserved instances, savings plans, committed use."""

    label: str = Field(min_length=1, max_length=120)
    """The offer, e.g. `1-year Compute Savings Plan, no upfront`."""
    discount_percent: Annotated[float, Field(gt=0, lt=100)]
    """Discount against the on-demand price."""
    source: HttpUrl
    """The public page stating the discount."""


class ArchiveTier(Frozen):
    """A colder storage class that old objects can be moved to by a lifecycle rule."""

    label: str = Field(min_length=1, max_length=120)
    """The storage class, e.g. `S3 Glacier Flexible Retrieval`."""
    price_usd: NonNegative
    """Price per GB-month in USD."""
    source: HttpUrl
    """The public pricing page."""


class Pricing(Frozen):
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
    source: HttpUrl
    """The public pricing page the figure was read from."""
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
        if self.model is PricingModel.NOT_PUBLIC and self.price_usd is not None:
            raise ValueError("a not_public price cannot carry price_usd")
        return self

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


class Service(Frozen):
    """One entry of the catalog."""

    id: Identifier
    """Stable id used by session files, e.g. `aws-rds-postgres`."""
    provider: ServiceProvider
    """The cloud offering it, or `saas` for provider-neutral services."""
    category: Category
    """What it does in an architecture."""
    label: str = Field(min_length=1, max_length=80)
    """Its product name, e.g. `Amazon RDS for PostgreSQL`."""
    icon: str = Field(pattern=r"^diagrams(\.[a-z0-9_]+)+\.[A-Z][A-Za-z0-9_]*$")
    """The `diagrams` node class drawing its icon, e.g. `diagrams.aws.database.RDS`."""
    pricing: Pricing
    """Its public list price and how that scales."""
    sla_percent: Annotated[float, Field(ge=0, le=100)] | None = None
    """The provider's availability SLA for a single deployment (one instance, one zone);
    None when the service publishes none."""
    sla_multi_az_percent: Annotated[float, Field(ge=0, le=100)] | None = None
    """The provider's SLA when the component is deployed across availability zones (a
    standby or instances in two or more zones); None when no separate figure is published."""
    latency_ms: NonNegative | None = None
    """Typical added latency per request, where meaningful."""
    pros: tuple[str, ...] = Field(min_length=1)
    """What speaks for it."""
    cons: tuple[str, ...] = Field(min_length=1)
    """What speaks against it."""
    complexity: Annotated[int, Field(ge=1, le=5)]
    """Operational complexity, 1 (nothing to run) to 5 (a platform team's job)."""
    lock_in: Annotated[int, Field(ge=1, le=5)]
    """How hard it is to move away, 1 (standard, portable) to 5 (proprietary)."""
    tags: tuple[str, ...] = ()
    """Facts the engines key on: `kubernetes`, `serverless`, `postgres`, `redis`, `premium`,
    `retiring` (the provider has announced its end; the cons say when), ..."""
    deploy: Deploy | None = None
    """How the pipeline deploys it; required of (and only allowed on) compute services."""
    local: LocalStandIn | None = None
    """The container standing in for it locally, named by id in the data files; required of
    (and only allowed on) databases, caches and queues."""
    secrets_check: SecretsCheck | None = None
    """How the pipeline checks that a secret exists in it; required of (and only allowed
    on) secrets managers."""

    @model_validator(mode="after")
    def _multi_az_not_worse(self) -> Service:
        single, multi = self.sla_percent, self.sla_multi_az_percent
        if single is not None and multi is not None and multi < single:
            raise ValueError(f"sla_multi_az_percent ({multi:g}) is below sla_percent ({single:g})")
        return self

    @model_validator(mode="after")
    def _exporter_facts_by_category(self) -> Service:
        for fact, categories in REQUIRED_FACTS.items():
            present = getattr(self, fact) is not None
            if self.category in categories and not present:
                raise ValueError(
                    f"a {self.category.value} service needs `{fact}` ({_FACT_WORDS[fact]})"
                )
            if present and self.category not in categories:
                raise ValueError(f"`{fact}` is only for {_names(categories)} services")
        return self

    def offered_on(self, provider: Provider) -> bool:
        """Whether a design on `provider` may use this service."""
        return (
            provider is Provider.HYBRID
            or self.provider is ServiceProvider.SAAS
            or self.provider.value == provider.value
        )


REQUIRED_FACTS: dict[str, frozenset[Category]] = {
    "deploy": frozenset({Category.COMPUTE}),
    "local": frozenset({Category.DATABASE, Category.CACHE, Category.QUEUE}),
    "secrets_check": frozenset({Category.SECRETS}),
}
"""Which exporter facts a service of each category must carry (and no other may)."""

_FACT_WORDS = {
    "deploy": "cloud, platform, tools, image",
    "local": "the id of a stand-in in stand_ins.yaml, or one written out",
    "secrets_check": "a check command, or null and a reason",
}


def _names(categories: frozenset[Category]) -> str:
    return ", ".join(sorted(c.value for c in categories))


class CatalogError(Exception):
    """The packaged catalog data is invalid: a bug in the project, not in a session."""


class Catalog(Mapping[str, Service]):
    """All services by id, with the lookups the screens and engines need."""

    def __init__(self, services: tuple[Service, ...]) -> None:
        by_id: dict[str, Service] = {}
        for service in services:
            if service.id in by_id:
                raise CatalogError(f"duplicate catalog id {service.id!r}")
            by_id[service.id] = service
        self._by_id = by_id

    def __getitem__(self, service_id: str) -> Service:
        return self._by_id[service_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def services(self) -> tuple[Service, ...]:
        """Every service in catalog order."""
        return tuple(self._by_id.values())

    def choices(self, category: Category, provider: Provider) -> tuple[Service, ...]:
        """The services of `category` a design on `provider` may pick from."""
        return tuple(
            s for s in self._by_id.values() if s.category is category and s.offered_on(provider)
        )


CATALOG_FILES = ("aws.yaml", "gcp.yaml", "azure.yaml", "saas.yaml")
"""The data files of the catalog, in the order their services are listed."""

STAND_INS_FILE = "stand_ins.yaml"
"""The data file of the local stand-ins that entries name by id."""


def parse_stand_ins(text: str) -> dict[str, LocalStandIn]:
    """Local stand-ins by id from a YAML list."""
    entries = yaml.safe_load(text) or []
    if not isinstance(entries, list):
        raise CatalogError(f"{STAND_INS_FILE}: expected a list of stand-ins")
    found: dict[str, LocalStandIn] = {}
    for index, entry in enumerate(entries):
        try:
            stand_in = LocalStandIn.model_validate(entry)
        except ValidationError as exc:
            ident = entry.get("id", index) if isinstance(entry, dict) else index
            raise CatalogError(f"{STAND_INS_FILE}: stand-in {ident}: {exc}") from exc
        if stand_in.id in found:
            raise CatalogError(f"{STAND_INS_FILE}: duplicate stand-in id {stand_in.id!r}")
        found[stand_in.id] = stand_in
    return found


def _resolve_local(entry: object, stand_ins: Mapping[str, LocalStandIn], where: str) -> object:
    """The entry with `local: <id>` replaced by that stand-in."""
    if not isinstance(entry, dict) or not isinstance(entry.get("local"), str):
        return entry
    name = entry["local"]
    if name not in stand_ins:
        raise CatalogError(f"{where}: local stand-in {name!r} is not in {STAND_INS_FILE}")
    return {**entry, "local": stand_ins[name]}


def parse_catalog(documents: Mapping[str, str], stand_ins: str = "") -> Catalog:
    """Build a catalog from YAML texts keyed by file name (each a list of services) and
    the YAML list of local stand-ins the entries name."""
    known = parse_stand_ins(stand_ins)
    services: list[Service] = []
    for file_name, text in documents.items():
        entries = yaml.safe_load(text) or []
        if not isinstance(entries, list):
            raise CatalogError(f"{file_name}: expected a list of services")
        for index, entry in enumerate(entries):
            ident = entry.get("id", index) if isinstance(entry, dict) else index
            where = f"{file_name}: service {ident}"
            try:
                services.append(Service.model_validate(_resolve_local(entry, known, where)))
            except ValidationError as exc:
                raise CatalogError(f"{where}: {exc}") from exc
    return Catalog(tuple(services))


@functools.cache
def load_catalog() -> Catalog:
    """The packaged catalog, read and validated once per process."""
    folder = resources.files("model.catalog") / "data"
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in CATALOG_FILES}
    return parse_catalog(texts, (folder / STAND_INS_FILE).read_text(encoding="utf-8"))


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
