"""The charges a design pays for without a component: NAT, addresses, transfer, keys, audit.

`needs(facts)` finds what a design implies; the cost model prices each need from the
catalog's implied charges (`model.catalog.platform`) in the design's primary region and
adds it as a cost line of its own:

- **NAT gateways** when compute runs in private subnets (`in_vpc` services inside the
  session's VPC): one per zone the compute spans, and every GB they pass — container
  images at each deploy, logs shipped to the cloud's log service and calls to third
  parties (no VPC endpoints assumed).
- **Public IPv4 addresses**: two per AWS load balancer (one per zone), one per Azure load
  balancer or gateway, one per NAT gateway.
- **Internet transfer**: API responses that leave from the load balancer or the compute
  because no CDN sits in front of them (`model.engines.traffic`).
- **Cross-zone transfer**: compute spread over zones talks to a primary database in one of
  them, so half of the app's data traffic crosses zones.
- **Cross-region transfer**: replication to each further region of the design.
- **Keys, audit trail, configuration recording, threat detection** when the design is under
  an audited framework (PCI DSS, SOC 2, HIPAA: `Compliance.audited`), whose audits expect
  customer-managed keys for every data store, a record of who accessed what, a history of
  configuration changes and threat monitoring. GDPR alone implies none of them: the
  encryption managed stores apply by default meets its typical controls. What they would
  cost a design that is not audited is `audit_lines` (a skeptic rule prices a ticked
  control with it), worked out the same way.

The quantities are this module's stated assumptions, written on every line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from model.catalog import Catalog
from model.catalog.platform import PlatformKind, PlatformService
from model.engines.lines import IMPLIED_GROUP, CostLine, billed_points
from model.engines.pricing import ChargeKind, linear_charge
from model.engines.traffic import (
    CROSS_ZONE_SHARE,
    DATA_KB_PER_REQUEST,
    DEPLOYS_PER_MONTH,
    IMAGE_GB,
    LOG_KB_PER_REQUEST,
    OUTBOUND_KB_PER_REQUEST,
    Traffic,
)
from model.engines.usage import HOURS_PER_MONTH, Usage
from model.enums import Category, DisasterRecovery, Provider, ServiceProvider
from model.sections.components import Component
from model.session import Session

DATA_STORES = frozenset(
    {Category.DATABASE, Category.CACHE, Category.OBJECT_STORAGE, Category.QUEUE, Category.SEARCH}
)
"""Categories holding data encrypted with a customer-managed key under those frameworks."""

RESOURCES_PER_COMPONENT = 5
"""Cloud resources behind one component (the service, its security group, role, alarms and
log group): what configuration recording and control-plane events scale with."""

CHANGES_PER_RESOURCE = 20
"""Configuration changes recorded per resource a month (deploys, scaling, rotations)."""

RULES_PER_CHANGE = 10
"""Managed rules a compliance conformance pack evaluates on each change."""

EVENTS_PER_RESOURCE = 1_000
"""Control-plane API events a resource causes a month (reads, deploys, scaling)."""

FLOW_LOG_BYTES_PER_REQUEST = 100
"""Flow and DNS log bytes per request that threat detection analyses."""

KEY_REQUESTS_PER_REQUEST = 0.01
"""Key requests per app request (data keys are cached; bucket keys batch them)."""

REPLICATED_SHARE = 0.3
"""Share of the stored data sent to each further region a month (~1% changes a day)."""

AUDITED_KB_PER_REQUEST = 1.1
"""Data-access audit records per request in KB (one per database access, one per ten
object reads, ~1 KB each)."""

AUDITED_EVENTS_PER_REQUEST = 0.1
"""Object-storage data events per request (one file read or write in ten requests)."""

IMPLIED_NAMES: dict[PlatformKind, str] = {
    PlatformKind.NAT_GATEWAY: "NAT gateways",
    PlatformKind.PUBLIC_IPV4: "Public IPv4 addresses",
    PlatformKind.INTERNET_EGRESS: "Internet transfer",
    PlatformKind.INTER_AZ: "Cross-zone transfer",
    PlatformKind.INTER_REGION: "Cross-region transfer",
    PlatformKind.KEYS: "Encryption keys",
    PlatformKind.AUDIT_TRAIL: "Audit trail",
    PlatformKind.CONFIG_RECORDING: "Configuration recording",
    PlatformKind.THREAT_DETECTION: "Threat detection",
}
"""What each implied line is called where a component's name would stand."""

NAT_VM_CAP = 32
"""Cloud NAT bills per VM using the gateway up to this many."""


@dataclass(frozen=True, slots=True)
class Use:
    """One priced quantity of an implied charge."""

    key: str
    """The price point (an entry without it is not billed for this use)."""
    quantity: float
    """Units of the price point's unit, before any free allowance."""
    words: str
    """The quantity's unit in words."""
    kind: ChargeKind
    """How it carries over to other environments."""


@dataclass(frozen=True, slots=True)
class Need:
    """What a design uses of one implied charge, and why."""

    kind: PlatformKind
    uses: tuple[Use, ...]
    why: str
    """Why the design needs it and the assumptions behind the quantities."""


@dataclass(frozen=True, slots=True)
class Facts:
    """What the implied charges are worked out from."""

    session: Session
    catalog: Catalog
    traffic: Traffic
    usage: Usage
    hosts: Mapping[str, int]
    """Instances running per compute component id at this usage."""


def needs(facts: Facts) -> Iterator[Need]:
    """Every implied charge of the design, in a fixed order."""
    private = private_compute(facts.session, facts.catalog)
    zones = 2 if any(c.multi_az for c in private) else 1
    if private:
        yield _nat(facts, private, zones)
    addresses = _public_addresses(facts, zones if private else 0)
    if addresses is not None:
        yield addresses
    yield from _transfer(facts)
    audited = facts.session.context.audited
    if audited:
        yield from _compliance(facts, ", ".join(sorted(c.label for c in audited)))


def private_compute(session: Session, catalog: Catalog) -> list[Component]:
    """Compute components running in the design's private subnets."""
    if not session.security.network.vpc:
        return []
    return [
        c
        for c in session.components_in(Category.COMPUTE)
        if c.service in catalog and "in_vpc" in catalog[c.service].tags
    ]


def _nat(facts: Facts, private: list[Component], zones: int) -> Need:
    requests = facts.usage.requests_millions * 1_000_000
    instances = sum(facts.hosts.get(c.id, 0) for c in private)
    images = DEPLOYS_PER_MONTH * IMAGE_GB * instances
    per_request = LOG_KB_PER_REQUEST + OUTBOUND_KB_PER_REQUEST
    traffic = requests * per_request / 1_000_000
    names = ", ".join(c.name for c in private)
    return Need(
        PlatformKind.NAT_GATEWAY,
        (
            Use("hour", zones * HOURS_PER_MONTH, "gateway-hours", ChargeKind.FIXED),
            Use(
                "vm_hour",
                min(instances, NAT_VM_CAP) * HOURS_PER_MONTH,
                "VM-hours",
                ChargeKind.VARIABLE,
            ),
            Use("processed", images + traffic, "GB", ChargeKind.VARIABLE),
        ),
        f"{names} {'runs' if len(private) == 1 else 'run'} in private subnets, so outbound "
        "traffic leaves through NAT: one gateway "
        f"per zone ({zones}); {images:,.0f} GB of container images ({DEPLOYS_PER_MONTH} deploys "
        f"× {instances} instances × {IMAGE_GB:g} GB) and {traffic:,.1f} GB of logs and calls to "
        f"third parties ({per_request:g} KB a request), with no VPC endpoints",
    )


def _public_addresses(facts: Facts, nat_gateways: int) -> Need | None:
    cloud = _cloud(facts)
    balancers = len(facts.session.components_in(Category.LOAD_BALANCER))
    per_balancer = 2 if cloud is ServiceProvider.AWS else 1
    if cloud is ServiceProvider.GCP:
        per_balancer = 0  # a forwarding rule's address is billed on the load balancer's line
    count = balancers * per_balancer + nat_gateways
    if count == 0:
        return None
    parts = []
    if balancers and per_balancer:
        parts.append(f"{per_balancer} per load balancer × {balancers}")
    if nat_gateways:
        parts.append(f"1 per NAT gateway × {nat_gateways}")
    return Need(
        PlatformKind.PUBLIC_IPV4,
        (Use("hour", count * HOURS_PER_MONTH, "address-hours", ChargeKind.FIXED),),
        f"{count} public IPv4 addresses ({'; '.join(parts)}), billed in use or idle",
    )


def _transfer(facts: Facts) -> Iterator[Need]:
    usage, traffic, session = facts.usage, facts.traffic, facts.session
    compute = session.components_in(Category.COMPUTE)
    if compute and not traffic.api_via_cdn and usage.api_egress_gb > 0:
        yield Need(
            PlatformKind.INTERNET_EGRESS,
            (Use("per_gb", usage.api_egress_gb, "GB", ChargeKind.VARIABLE),),
            f"API responses leave the cloud without a CDN in front: {traffic.response_basis}",
        )
    stores = [c for c in session.components if c.category in {Category.DATABASE, Category.CACHE}]
    if stores and any(c.multi_az for c in compute):
        crossing = (
            usage.requests_millions * 1_000_000 * DATA_KB_PER_REQUEST / 1_000_000 * CROSS_ZONE_SHARE
        )
        yield Need(
            PlatformKind.INTER_AZ,
            (Use("per_gb", crossing, "GB", ChargeKind.VARIABLE),),
            f"compute in two zones talks to data stores in one: {DATA_KB_PER_REQUEST:g} KB of "
            f"queries and results a request, {CROSS_ZONE_SHARE:.0%} of it across zones",
        )
    further = len(session.context.regions) - 1
    if further > 0:
        replicated = usage.data_gb * REPLICATED_SHARE * further
        strategy = session.context.disaster_recovery
        what = "backup copies" if strategy is DisasterRecovery.BACKUP_RESTORE else "replication"
        yield Need(
            PlatformKind.INTER_REGION,
            (Use("per_gb", replicated, "GB", ChargeKind.VARIABLE),),
            f"{what} to {further} further region(s) ({strategy.label.lower()}): "
            f"{REPLICATED_SHARE:.0%} of the {usage.data_gb:,.0f} GB stored a month each",
        )


def _compliance(facts: Facts, frameworks: str) -> Iterator[Need]:
    """The keys, audit trail, configuration history and threat detection an audit expects,
    `frameworks` saying whose audit in the lines' words."""
    session, usage = facts.session, facts.usage
    requests = usage.requests_millions * 1_000_000
    stores = [c for c in session.components if c.category in DATA_STORES]
    regional = [c for c in session.components if _regional(facts, c)]
    resources = len(regional) * RESOURCES_PER_COMPONENT
    if stores:
        yield Need(
            PlatformKind.KEYS,
            (
                Use("key_month", len(stores), "keys", ChargeKind.FIXED),
                Use(
                    "requests",
                    requests * KEY_REQUESTS_PER_REQUEST / 10_000,
                    "× 10,000 requests",
                    ChargeKind.VARIABLE,
                ),
            ),
            f"{frameworks}: a customer-managed key for each of the {len(stores)} data stores; "
            f"{KEY_REQUESTS_PER_REQUEST:g} key requests per app request",
        )
    yield Need(
        PlatformKind.AUDIT_TRAIL,
        (
            Use("management_events", resources * EVENTS_PER_RESOURCE / 100_000,
                "× 100,000 events", ChargeKind.VARIABLE),
            Use("data_events", requests * AUDITED_EVENTS_PER_REQUEST / 100_000,
                "× 100,000 events", ChargeKind.VARIABLE),
            Use("ingestion", requests * AUDITED_KB_PER_REQUEST / 1_048_576, "GiB",
                ChargeKind.VARIABLE),
            Use("events", resources * EVENTS_PER_RESOURCE, "events", ChargeKind.VARIABLE),
        ),
        f"{frameworks}: who did what, control-plane events ({resources} resources × "
        f"{EVENTS_PER_RESOURCE:,} a month) and data access ({AUDITED_EVENTS_PER_REQUEST:g} "
        "object events a request)",
    )  # fmt: skip
    items = resources * CHANGES_PER_RESOURCE
    yield Need(
        PlatformKind.CONFIG_RECORDING,
        (
            Use("items", items, "configuration items", ChargeKind.VARIABLE),
            Use("evaluations", items * RULES_PER_CHANGE, "rule evaluations", ChargeKind.VARIABLE),
            Use("assets", resources, "resources", ChargeKind.VARIABLE),
            Use("resources", resources, "resources", ChargeKind.VARIABLE),
        ),
        f"{frameworks}: configuration history of {resources} resources "
        f"({len(regional)} components × {RESOURCES_PER_COMPONENT}), {CHANGES_PER_RESOURCE} "
        f"changes each a month, {RULES_PER_CHANGE} rules evaluated per change",
    )
    servers = sum(
        facts.hosts.get(c.id, 0)
        for c in session.components_in(Category.COMPUTE)
        if "vm" in facts.catalog[c.service].tags or "kubernetes" in facts.catalog[c.service].tags
    )
    yield Need(
        PlatformKind.THREAT_DETECTION,
        (
            Use("events", resources * EVENTS_PER_RESOURCE / 1_000_000, "M events",
                ChargeKind.VARIABLE),
            Use("flow_logs", requests * FLOW_LOG_BYTES_PER_REQUEST / 1e9, "GB",
                ChargeKind.VARIABLE),
            Use("server_month", servers, "servers", ChargeKind.VARIABLE),
            Use("project_month", 1, "projects", ChargeKind.FIXED),
        ),
        f"{frameworks}: threat detection over control-plane events, flow and DNS logs "
        f"({FLOW_LOG_BYTES_PER_REQUEST} bytes a request) and {servers} servers",
    )  # fmt: skip


AS_IF_AUDITED = "as an audit expects"
"""How the lines of `audit_lines` name the framework they are worked out for."""


def audit_lines(facts: Facts) -> tuple[CostLine, ...]:
    """The keys, audit trail, configuration history and threat detection of the design as
    an audited framework's implied lines price them, whether or not it is under one: what
    a control asking for them costs a design that ticks it without an audit's lines."""
    cloud = _cloud(facts)
    lines = []
    for need in _compliance(facts, AS_IF_AUDITED):
        entry = facts.catalog.platform(cloud, need.kind)
        if entry is not None:
            lines.append(_line(facts, entry, need))
    return tuple(lines)


def _regional(facts: Facts, component: Component) -> bool:
    service = facts.catalog.get(component.service)
    return service is not None and service.provider.cloud


def _cloud(facts: Facts) -> ServiceProvider:
    """The cloud whose implied charges the design pays: its provider's, or for a hybrid
    design the cloud of its first region."""
    provider = facts.session.provider
    if provider is not Provider.HYBRID:
        return ServiceProvider(provider.value)
    region = facts.session.context.regions[0]
    return facts.catalog.regions.cloud_of(region) or ServiceProvider.AWS


def implied_lines(facts: Facts) -> tuple[CostLine, ...]:
    """The cost line of every implied charge the design has, priced in the first of its
    regions that belongs to the charge's cloud."""
    cloud = _cloud(facts)
    lines = []
    for need in needs(facts):
        entry = facts.catalog.platform(cloud, need.kind)
        if entry is not None:
            lines.append(_line(facts, entry, need))
    return tuple(lines)


def _line(facts: Facts, entry: PlatformService, need: Need) -> CostLine:
    region = facts.catalog.billing_region(entry.provider, facts.session.context.regions)
    billing = facts.catalog.platform_in(entry, region)
    charges = []
    for use in need.uses:
        price = billing.pricing.prices.get(use.key)
        if price is None:
            continue
        words = use.words if price.billed_per_unit == 1 else f"{use.words} (out and in)"
        charges.append(
            linear_charge(
                price.unit,
                words,
                use.quantity * price.billed_per_unit,
                included=price.included,
                price=price.usd,
                factor=1.0,
                kind=use.kind,
                key=use.key,
                tiers=tuple((t.above, t.price_usd) for t in price.tiers),
            )
        )
    main = billing.figure(charges[0].key) if charges else None
    return CostLine(
        component_id=entry.id,
        component_name=f"{IMPLIED_NAMES[entry.kind]} (implied)",
        category=None,
        group=IMPLIED_GROUP[entry.kind],
        service_id=entry.id,
        service_label=entry.label,
        monthly=sum(c.monthly for c in charges),
        charges=tuple(charges),
        instances=None,
        size=None,
        price_source=main.source if main else str(entry.source),
        price_date=main.as_of if main else entry.as_of.isoformat(),
        assumption=f"{entry.assumption} Use: {need.why}.".strip(),
        placement=need.why,
        note="",
        overridden=False,
        region=billing.region,
        borrowed=billed_points(billing.borrowed, charges),
        base_region=billing.base_region,
        implied=entry.kind,
    )
