"""The service catalog: every cloud or SaaS service a component can be built from.

The catalog is data (`model/catalog/data/*.yaml`), validated by the models below when it
is first read, and kept validated for the next run (`model.catalog.cache`). Every price
carries the public page it comes from and the date it was read; a price that is not public
is recorded as such and left out of totals. What the exporters need to know about a
service (how it deploys, its local stand-in, how its secrets are checked) is on the entry
too (`model.catalog.facts`), required by category.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Annotated, TypeVar

from pydantic import Field, HttpUrl, ValidationError, model_validator

from model.base import Frozen, Identifier, NonNegative
from model.catalog.cache import cached
from model.catalog.facts import (
    Alerting,
    Deploy,
    LocalStandIn,
    PromRequestMetrics,
    RequestMetrics,
    SecretsCheck,
    Snapshot,
)
from model.catalog.frozen import CatalogModel
from model.catalog.overlay import read_overlay
from model.catalog.platform import PlatformKind, PlatformService
from model.catalog.prices import (
    Figure,
    PriceBook,
    PriceOverlay,
    Regional,
    RegionalPricing,
    ServicePrices,
    tabled,
)
from model.catalog.pricing import (
    MAIN_PRICE,
    ArchiveTier,
    Commitment,
    Driver,
    ExtraCharge,
    FeeScope,
    InstanceSize,
    MultiAzBilling,
    PlanTier,
    Pricing,
    PricingModel,
    price_headline,
)
from model.catalog.regions import RegionList, Regions
from model.catalog.sla import SlaScope
from model.enums import Category, Provider, ServiceProvider
from model.units import a_or_an
from model.yaml_loader import safe_load

__all__ = [
    "CATALOG_FILES",
    "MAIN_PRICE",
    "PLATFORM_FILE",
    "PRICE_FILES",
    "REGIONS_FILE",
    "STAND_INS_FILE",
    "ArchiveTier",
    "Catalog",
    "CatalogData",
    "CatalogError",
    "Commitment",
    "Driver",
    "ExtraCharge",
    "FeeScope",
    "InstanceSize",
    "MultiAzBilling",
    "PlanTier",
    "Pricing",
    "PricingModel",
    "Service",
    "SlaScope",
    "bundled_catalog",
    "load_catalog",
    "packaged_data",
    "parse_catalog",
    "parse_catalog_data",
    "parse_data_files",
    "price_headline",
]


OFF_PATH_CATEGORIES = frozenset(
    {
        Category.LOGS,
        Category.METRICS,
        Category.ERRORS,
        Category.UPTIME,
        Category.ONCALL,
        Category.SECRETS,
        Category.TLS,
    }
)
"""Categories that observe, alert or configure rather than serve a request: their outage
does not fail a user's request (secrets are read at start-up and cached)."""


class Service(CatalogModel):
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
    sla_scope: SlaScope = SlaScope.SERVICE
    """What the SLA covers: the service, or a cluster's control plane once per cluster."""
    node_service: Identifier | None = None
    """For a control-plane SLA: the catalog entry (the cloud's virtual machines) whose SLA
    covers the worker nodes."""
    sla_source: HttpUrl | None = None
    """The provider's page publishing the SLA figures; required when there are any."""
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
    dead_letter_after: Annotated[int, Field(ge=1, le=1000)] | None = None
    """For a queue that dead-letters by default: the deliveries after which it moves a
    failing message to its dead-letter queue unless told otherwise (Service Bus's
    MaxDeliveryCount of 10); None when failing messages are redelivered until they expire."""
    tags: tuple[str, ...] = ()
    """Facts the engines key on: `kubernetes`, `serverless`, `postgres`, `redis`, `premium`,
    `retiring` (the provider has announced its end; the cons say when), `in_vpc` (compute that
    runs in the design's private subnets and reaches the internet through NAT), `cluster`
    (each size is a whole cluster of nodes spread over zones: three Kafka brokers, a Raft
    group), `self_hosted` (software the team runs on servers of its own),
    `request_telemetry` (records every request the application answers in a `requests`
    table that log search alerts and the release gates query: Application Insights), ..."""
    deploy: Deploy | None = None
    """How the pipeline deploys it; required of (and only allowed on) compute services."""
    local: LocalStandIn | None = None
    """The container standing in for it locally, named by id in the data files; required of
    (and only allowed on) databases, caches and queues."""
    secrets_check: SecretsCheck | None = None
    """How the pipeline checks that a secret exists in it; required of (and only allowed
    on) secrets managers."""
    snapshot: Snapshot | None = None
    """How the pipeline backs it up before a production release; required of (and only
    allowed on) databases."""
    request_metrics: RequestMetrics | None = None
    """The CloudWatch metrics it publishes about the requests it passes to the API (load
    balancers, API gateways), which the release gates and request alarms are built on."""
    prom_request_metrics: PromRequestMetrics | None = None
    """The Cloud Monitoring metrics recorded about the requests it answers or passes on
    (Cloud Run, App Engine, the load balancer), as PromQL names them."""
    alerting: Alerting | None = None
    """The alerting stack its alerts are written for; required of (and only allowed on)
    metrics services."""

    @model_validator(mode="after")
    def _multi_az_not_worse(self) -> Service:
        single, multi = self.sla_percent, self.sla_multi_az_percent
        if single is not None and multi is not None and multi < single:
            raise ValueError(f"sla_multi_az_percent ({multi:g}) is below sla_percent ({single:g})")
        return self

    @model_validator(mode="after")
    def _sla_shape(self) -> Service:
        plan_slas = any(t.sla_percent is not None for t in self.pricing.tiers)
        if plan_slas and self.sla_percent is not None:
            raise ValueError("an SLA set per plan cannot also be set for the service")
        published = plan_slas or self.sla_percent is not None
        if (published or self.sla_multi_az_percent is not None) and self.sla_source is None:
            raise ValueError("an SLA needs sla_source, the page publishing it")
        control_plane = self.sla_scope is SlaScope.CONTROL_PLANE
        if control_plane != (self.node_service is not None):
            raise ValueError("a control-plane SLA needs node_service, and only it")
        return self

    @property
    def off_request_path(self) -> bool:
        """Whether it protects or observes the request path without serving requests (DDoS
        protection, monitoring, secrets read at start-up), so its availability is not
        multiplied into the design's."""
        return "off_path" in self.tags or self.category in OFF_PATH_CATEGORIES

    def plan_sla(self, plan: str | None) -> tuple[float | None, str]:
        """The SLA in percent of the single deployment on `plan` (the first plan when
        None, for plan-priced services), and what it is in words."""
        if not self.pricing.tiers:
            return self.sla_percent, ""
        tier = self.pricing.tier(plan) or self.pricing.tiers[0]
        return tier.sla_percent, f"{tier.name} plan"

    @model_validator(mode="after")
    def _priced_from_a_source(self) -> Service:
        # An external system is on no bill of the design: another party runs it and bills
        # its own fees under its own contract. Everything else names its price's page.
        external = self.category is Category.EXTERNAL
        if external != (self.provider is ServiceProvider.EXTERNAL):
            raise ValueError("external systems, and only they, are offered by `external`")
        if external and (self.pricing.model is not PricingModel.FREE or self.pricing.source):
            raise ValueError("an external system is not priced: model `free`, no source")
        if not external and self.pricing.source is None:
            raise ValueError("a price needs its source, the public page it was read from")
        return self

    @model_validator(mode="after")
    def _dead_letter_only_for_queues(self) -> Service:
        if self.dead_letter_after is not None and self.category is not Category.QUEUE:
            raise ValueError("`dead_letter_after` is only for queue services")
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
            or not self.provider.cloud
            or self.provider.value == provider.value
        )


REQUIRED_FACTS: dict[str, frozenset[Category]] = {
    "deploy": frozenset({Category.COMPUTE}),
    "local": frozenset({Category.DATABASE, Category.CACHE, Category.QUEUE}),
    "secrets_check": frozenset({Category.SECRETS}),
    "snapshot": frozenset({Category.DATABASE}),
    "alerting": frozenset({Category.METRICS}),
}
"""Which exporter facts a service of each category must carry (and no other may)."""

_FACT_WORDS = {
    "deploy": "cloud, platform, tools, image",
    "local": "the id of a stand-in in stand_ins.yaml, or one written out",
    "secrets_check": "a check command, or null and a reason",
    "snapshot": "a backup command, or null and a reason",
    "alerting": "cloudwatch, prometheus, cloud_monitoring, azure_monitor or vendor",
}


def _names(categories: frozenset[Category]) -> str:
    return ", ".join(sorted(c.value for c in categories))


class CatalogError(Exception):
    """The packaged catalog data is invalid: a bug in the project, not in a session."""


class Catalog(Mapping[str, Service]):
    """All services by id, with the lookups the screens and engines need, the regions of
    every cloud, and the prices of each service in each region."""

    def __init__(
        self,
        services: tuple[Service, ...],
        regions: Regions | None = None,
        prices: PriceBook | None = None,
        platform: tuple[PlatformService, ...] = (),
    ) -> None:
        by_id: dict[str, Service] = {}
        for service in services:
            if service.id in by_id:
                raise CatalogError(f"duplicate catalog id {service.id!r}")
            by_id[service.id] = service
        self._by_id = by_id
        self.regions = regions or Regions(())
        """The region lists of every cloud."""
        self.prices = prices or PriceBook()
        """Regional figures: the bundled tables and the user's refreshed overlay."""
        self._priced: dict[tuple[str, str], RegionalPricing] = {}
        self._platform = {(p.provider, p.kind): p for p in platform}
        if len(self._platform) != len(platform):
            raise CatalogError("an implied charge is priced twice for one cloud")

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

    def billing_region(self, provider: ServiceProvider, regions: Sequence[str]) -> str:
        """The region a service of `provider` bills in for a design in `regions`: the first
        of them in that cloud; `GLOBAL` for SaaS and other parties' systems, `""` when the
        design has no region there."""
        if not provider.cloud:
            return GLOBAL
        known = self.regions.get(provider)
        if known is None:
            return regions[0] if regions else ""
        return next((r for r in regions if known.get(r) is not None), "")

    def pricing_in(self, service: Service, region: str) -> RegionalPricing:
        """`service`'s pricing as billed in `region` (see `billing_region`), each figure
        with its origin; computed once per service and region."""
        key = (service.id, region)
        found = self._priced.get(key)
        if found is None:
            pricing = service.pricing
            figures = self._figures(
                service.id, service.provider, pricing.points(), region,
                global_price=pricing.global_price or region == GLOBAL,
                by_zone=pricing.priced_by_zone, source=str(pricing.source or ""),
                as_of=pricing.as_of,
            )  # fmt: skip
            found = Regional(
                pricing.repriced(tabled(figures)), region, self._base(service.provider), figures
            )
            self._priced[key] = found
        return found

    def with_prices(self, prices: PriceBook) -> Catalog:
        """This catalog with other regional figures (a what-if, or another overlay)."""
        return Catalog(self.services(), self.regions, prices, tuple(self._platform.values()))

    def platform(self, provider: ServiceProvider, kind: PlatformKind) -> PlatformService | None:
        """The implied charge of `kind` on `provider`'s cloud, if the catalog prices one."""
        return self._platform.get((provider, kind))

    def platform_in(self, entry: PlatformService, region: str) -> Regional[PlatformService]:
        """An implied charge's prices as billed in `region`, each figure with its origin."""
        figures = self._figures(
            entry.id, entry.provider, entry.points(), region,
            global_price=entry.global_price, source=str(entry.source), as_of=entry.as_of,
        )  # fmt: skip
        return Regional(
            entry.repriced(tabled(figures)), region, self._base(entry.provider), figures
        )

    def _base(self, provider: ServiceProvider) -> str:
        known = self.regions.get(provider)
        return known.base if known is not None else ""

    def _figures(
        self,
        entry_id: str,
        provider: ServiceProvider,
        points: Mapping[str, float],
        region: str,
        *,
        global_price: bool,
        source: str,
        as_of: date,
        by_zone: bool = False,
    ) -> dict[str, Figure]:
        base = self._base(provider) or region
        zone = base_zone = None
        known = self.regions.get(provider)
        if by_zone and known is not None:
            here, home = known.get(region), known.get(base)
            if here is not None and home is not None:
                zone, base_zone = here.zone, home.zone
        return self.prices.resolve(
            entry_id, points, region=region, base_region=base, global_price=global_price,
            source=source, as_of=as_of.isoformat(), zone=zone, base_zone=base_zone,
        )  # fmt: skip


CATALOG_FILES = ("aws.yaml", "gcp.yaml", "azure.yaml", "saas.yaml", "external.yaml")
"""The data files of the catalog, in the order their services are listed."""

STAND_INS_FILE = "stand_ins.yaml"
"""The data file of the local stand-ins that entries name by id."""


def parse_stand_ins(text: str) -> dict[str, LocalStandIn]:
    """Local stand-ins by id from a YAML list."""
    entries = safe_load(text) or []
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


GLOBAL = "global"
"""The billing region of a SaaS service: one price wherever the design runs."""

REGIONS_FILE = "regions.yaml"
"""The data file of every cloud's regions."""

PLATFORM_FILE = "platform.yaml"
"""The data file of the implied charges (NAT, addresses, transfer, keys, audit)."""

PRICE_FILES = ("prices/aws.yaml", "prices/gcp.yaml", "prices/azure.yaml")
"""The data files of the regional price tables."""


M = TypeVar("M", bound=Frozen)


def parse_list(file_name: str, text: str, model: type[M], what: str, ident: str) -> tuple[M, ...]:
    """The entries of a YAML list data file, each validated as `model`; a bad entry is a
    `CatalogError` naming the file and the entry (its `ident` field, or its index)."""
    entries = safe_load(text) or []
    if not isinstance(entries, list):
        raise CatalogError(f"{file_name}: expected a list of {what}s")
    found = []
    for index, entry in enumerate(entries):
        name = entry.get(ident, index) if isinstance(entry, dict) else index
        try:
            found.append(model.model_validate(entry))
        except ValidationError as exc:
            raise CatalogError(f"{file_name}: {what} {name}: {exc}") from exc
    return tuple(found)


def parse_regions(text: str) -> Regions:
    """The region lists of every cloud from the YAML list in `regions.yaml`."""
    return Regions(parse_list(REGIONS_FILE, text, RegionList, "cloud", "provider"))


def parse_price_table(file_name: str, text: str) -> tuple[ServicePrices, ...]:
    """The regional figures of one price table file (a YAML list, one entry a service)."""
    return parse_list(file_name, text, ServicePrices, "service", "service")


def price_table_problems(
    entries: tuple[ServicePrices, ...],
    priced: Mapping[str, Service | PlatformService],
    regions: Regions,
) -> Iterator[tuple[int, str]]:
    """What is wrong with regional figures against the catalog's services and implied
    charges (`priced`, by id): (entry index, problem)."""
    for index, entry in enumerate(entries):
        found = priced.get(entry.service)
        if found is None:
            yield index, f"unknown service {entry.service!r}"
            continue
        if isinstance(found, Service):
            same_everywhere, points = found.pricing.global_price, found.pricing.points()
        else:
            same_everywhere, points = found.global_price, found.points()
        if same_everywhere or not found.provider.cloud:
            yield index, f"{entry.service} has one price in every region"
            continue
        known = regions.get(found.provider)
        by_zone = found.pricing.priced_by_zone if isinstance(found, Service) else False
        if entry.zones and not by_zone:
            yield index, f"{entry.service} is priced by region, not by zone"
        if entry.regions and by_zone:
            yield index, f"{entry.service} is priced by zone: give its figures under zones"
        for zone, record in entry.zones.items():
            for key in record.prices:
                if key not in points:
                    yield index, f"{entry.service} in {zone.value}: no price point {key!r}"
        for region, record in entry.regions.items():
            if known is not None and known.get(region) is None:
                yield (
                    index,
                    f"{entry.service}: {region!r} is not {a_or_an(found.provider.label)} region",
                )
            for key in record.prices:
                if key not in points:
                    yield index, f"{entry.service} in {region}: no price point {key!r}"


def parse_platform(text: str) -> tuple[PlatformService, ...]:
    """The implied charges of `platform.yaml` (a YAML list)."""
    return parse_list(PLATFORM_FILE, text, PlatformService, "implied charge", "id")


@dataclass(frozen=True, slots=True)
class CatalogData:
    """The packaged catalog read and validated, before the user's overlay: what
    `model.catalog.cache` keeps between runs."""

    services: tuple[Service, ...]
    """Every service, in catalog order."""
    regions: Regions
    """The region lists of every cloud."""
    tables: tuple[ServicePrices, ...]
    """The bundled regional price tables, checked against the services and regions."""
    platform: tuple[PlatformService, ...]
    """The implied charges."""

    def catalog(self, overlay: PriceOverlay | None = None) -> Catalog:
        """The catalog, priced with the usable part of the user's refreshed `overlay`."""
        if overlay is not None:
            by_id: dict[str, Service | PlatformService] = {s.id: s for s in self.services}
            by_id.update((p.id, p) for p in self.platform)
            overlay = usable_overlay(overlay, by_id, self.regions)
        return Catalog(self.services, self.regions, PriceBook(self.tables, overlay), self.platform)


def parse_catalog(
    documents: Mapping[str, str],
    stand_ins: str = "",
    *,
    regions: str = "",
    prices: Mapping[str, str] | None = None,
    platform: str = "",
    overlay: PriceOverlay | None = None,
) -> Catalog:
    """Build a catalog from YAML texts keyed by file name (each a list of services), the
    YAML list of local stand-ins the entries name, the regions of every cloud, the
    regional price tables keyed by file name, and the user's refreshed overlay (whose
    figures the catalog no longer has a place for are left out)."""
    data = parse_catalog_data(
        documents, stand_ins, regions=regions, prices=prices, platform=platform
    )
    return data.catalog(overlay)


def parse_catalog_data(
    documents: Mapping[str, str],
    stand_ins: str = "",
    *,
    regions: str = "",
    prices: Mapping[str, str] | None = None,
    platform: str = "",
) -> CatalogData:
    """`parse_catalog` without the overlay: the validated parts of the catalog."""
    known = parse_stand_ins(stand_ins)
    services: list[Service] = []
    for file_name, text in documents.items():
        entries = safe_load(text) or []
        if not isinstance(entries, list):
            raise CatalogError(f"{file_name}: expected a list of services")
        for index, entry in enumerate(entries):
            ident = entry.get("id", index) if isinstance(entry, dict) else index
            where = f"{file_name}: service {ident}"
            try:
                services.append(Service.model_validate(_resolve_local(entry, known, where)))
            except ValidationError as exc:
                raise CatalogError(f"{where}: {exc}") from exc
    for service in services:
        node = next((s for s in services if s.id == service.node_service), None)
        if service.node_service is not None and (
            node is None or node.pricing.model is not PricingModel.INSTANCE_HOUR
        ):
            raise CatalogError(
                f"{service.id}: node_service {service.node_service!r} is not an "
                "instance-priced service of the catalog"
            )
    implied = parse_platform(platform)
    by_id: dict[str, Service | PlatformService] = {s.id: s for s in services}
    by_id.update((p.id, p) for p in implied)
    clouds = parse_regions(regions)
    tables: list[ServicePrices] = []
    for file_name, text in (prices or {}).items():
        entries = parse_price_table(file_name, text)
        for index, problem in price_table_problems(entries, by_id, clouds):
            raise CatalogError(f"{file_name}: entry {index}: {problem}")
        tables += entries
    catalog = CatalogData(tuple(services), clouds, tuple(tables), implied)
    catalog.catalog()  # refuses duplicate ids and implied charges priced twice
    return catalog


def usable_overlay(
    overlay: PriceOverlay, services: Mapping[str, Service | PlatformService], regions: Regions
) -> PriceOverlay:
    """The overlay without the entries this catalog has no place for (a service or price
    point renamed since the refresh); `infrasketch catalog refresh` reports them."""
    bad = {index for index, _ in price_table_problems(overlay.services, services, regions)}
    kept = tuple(entry for index, entry in enumerate(overlay.services) if index not in bad)
    return overlay.model_copy(update={"services": kept})


@functools.cache
def load_catalog() -> Catalog:
    """The packaged catalog with the user's refreshed price overlay, if any, read and
    validated once per process."""
    return packaged_data().catalog(read_overlay())


@functools.cache
def bundled_catalog() -> Catalog:
    """The packaged catalog without the user's overlay: the figures a refresh is compared
    with (the entries' base-region prices and the bundled regional tables)."""
    return packaged_data().catalog()


DATA_FILES = (*CATALOG_FILES, STAND_INS_FILE, REGIONS_FILE, PLATFORM_FILE, *PRICE_FILES)
"""Every data file of the packaged catalog."""


@functools.cache
def packaged_data() -> CatalogData:
    """The packaged catalog's data files, validated: from the cache when it holds them
    (`model.catalog.cache`), else read and validated now (and cached)."""
    folder = resources.files("model.catalog") / "data"
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in DATA_FILES}
    return cached(texts, lambda: parse_data_files(texts), CatalogData)


def parse_data_files(texts: Mapping[str, str]) -> CatalogData:
    """The catalog data validated from the text of each of `DATA_FILES`, by name."""
    return parse_catalog_data(
        {name: texts[name] for name in CATALOG_FILES},
        texts[STAND_INS_FILE],
        regions=texts[REGIONS_FILE],
        prices={name: texts[name] for name in PRICE_FILES},
        platform=texts[PLATFORM_FILE],
    )
