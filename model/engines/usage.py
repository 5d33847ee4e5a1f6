"""Usage drivers: how much of each billing quantity reaches each component, at any scale.

The context states the load at the 1x baseline (users, requests, peak requests/s, data,
egress, team). A projection at 10x or 100x multiplies users, requests, peak and egress
by the scale, and data too: stored data is assumed to grow with the user base (the data
per user stays constant), which over-estimates a system whose old data is deleted. The
team does not scale.

Not every component sees every driver in full. Where a component sits decides its share
(`Placement`), and each share is a stated assumption that travels with the cost line:

- Databases and object storage split the stored data evenly between them (the context's
  `data_gb` is "database plus files"); a cache holds a hot working set of 5% of it; a
  static frontend stores a 1 GB bundle that does not grow with users.
- A search index answers one query per ten requests; its storage comes with its plan.
- A queue carries one message per ten requests, and a compute service fed only by a
  queue (a worker) handles those messages rather than user requests. Compute services fed
  by the same upstream (a storefront and an API behind one load balancer) split its
  requests evenly: each request is routed to one of them.
- Object storage serves one file read per ten requests; DNS name servers see one query per
  hundred requests (resolvers cache the answers).
- An error tracker receives one error event per thousand requests.
- A frontend behind a CDN has no internet egress of its own (origin transfer to the CDN
  is free or not modelled) and sees only the cache misses, one request in ten.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from model.catalog import Driver, InstanceSize
from model.engines.graph import request_splits
from model.engines.traffic import Traffic, average_rps, capacity_units
from model.enums import Category
from model.sections.components import Component, Link
from model.sections.context import Context

HOURS_PER_MONTH = 730.0
"""Billing hours in a month, as the providers' monthly figures use (8,760 / 12)."""

MINUTES_PER_MONTH = 30.4375 * 24 * 60
"""Average minutes in a month (365.25 / 12 days), for downtime budgets."""

SCALES = (1.0, 10.0, 100.0)
"""The projections every estimate carries."""

DATA_HOLDERS = frozenset({Category.DATABASE, Category.OBJECT_STORAGE})
"""Categories that split the context's stored data between them."""

CACHE_WORKING_SET = 0.05
"""Share of the stored data a cache holds (its hot working set)."""

FRONTEND_BUNDLE_GB = 1.0
"""Gigabytes a static frontend stores (the built bundle and assets); fixed at any scale."""

QUEUE_MESSAGES_PER_REQUEST = 0.1
"""Queued messages per user request (e-mails, webhooks, background jobs)."""

DNS_QUERIES_PER_REQUEST = 0.01
"""Queries reaching the authoritative name servers per request: resolvers cache answers
for the record's TTL, so one query in about a hundred requests gets through."""

SEARCHES_PER_REQUEST = 0.1
"""Queries a search index answers per user request (a search box, filtered listings)."""

FILE_READS_PER_REQUEST = 0.1
"""Object-storage reads per user request (uploads, documents, images not cached)."""

ERROR_EVENTS_PER_REQUEST = 0.001
"""Error events an error tracker receives per request (0.1 %: failed requests, client
exceptions and background-job failures after grouping by the SDK's sampling)."""

CDN_MISS_RATIO = 0.1
"""Share of requests a CDN passes to a static origin behind it."""

SERVERLESS_RPS_PER_INSTANCE = 100.0
"""Peak requests/s one instance of a per-request priced service handles (~1 vCPU), used
only to count the hosts a per-host monitoring price is charged for."""


@dataclass(frozen=True, slots=True)
class Usage:
    """The context's usage drivers at one scale of the baseline."""

    scale: float
    """Multiple of the 1x baseline."""
    users: float
    """Monthly active users."""
    requests_millions: float
    """Requests per month, in millions."""
    peak_rps: float
    """Peak requests per second."""
    data_gb: float
    """Data stored, in GB."""
    api_egress_gb: float
    """API responses served per month, in GB (see `model.engines.traffic`)."""
    static_egress_gb: float
    """A single-page app's files downloaded per month, in GB."""
    team: int
    """Engineers (seats); the same at every scale."""

    @classmethod
    def of(cls, context: Context, traffic: Traffic, scale: float = 1.0) -> Usage:
        """The drivers of `context` at `scale` times its baseline."""
        requests = context.requests_millions * scale
        return cls(
            scale=scale,
            users=context.users * scale,
            requests_millions=requests,
            peak_rps=context.peak_rps * scale,
            data_gb=context.data_gb * scale,
            api_egress_gb=traffic.api_egress_gb(requests, scale),
            static_egress_gb=traffic.static_egress_gb(context.users * scale),
            team=context.team_size,
        )

    @property
    def average_rps(self) -> float:
        """Average requests per second over the month."""
        return average_rps(self.requests_millions)


@dataclass(frozen=True, slots=True)
class Placement:
    """The share of each driver that reaches one component, from where it sits."""

    request_share: float = 1.0
    """Share of requests (and of the peak) it handles."""
    data_share: float = 1.0
    """Share of the stored data it holds."""
    fixed_data_gb: float = 0.0
    """Gigabytes it stores whatever the scale."""
    api_egress_share: float = 0.0
    """Share of the API responses it serves (a CDN in front of the API, a load balancer)."""
    static_egress_share: float = 0.0
    """Share of the single-page app's files it serves (the static hosting, or its CDN)."""
    capacity_units: bool = False
    """Whether it bills capacity units (a load balancer) for what it processes."""
    assumption: str = ""
    """The placement assumption in words, shown beside the price's own."""


@dataclass(frozen=True, slots=True)
class Demand:
    """The quantity of every driver reaching one component at one scale."""

    users: float
    requests: float
    peak_rps: float
    data_gb: float
    egress_gb: float
    team: float
    hosts: float
    capacity_units: float = 0.0
    errors_k: float = 0.0
    """Thousands of error events a month."""

    def of(self, driver: Driver) -> float:
        """The quantity of `driver`; one unit for `none` (a flat fee is billed once)."""
        match driver:
            case Driver.USERS:
                return self.users
            case Driver.REQUESTS:
                return self.requests
            case Driver.PEAK_RPS:
                return self.peak_rps
            case Driver.DATA_GB:
                return self.data_gb
            case Driver.EGRESS_GB:
                return self.egress_gb
            case Driver.TEAM:
                return self.team
            case Driver.HOSTS:
                return self.hosts
            case Driver.CAPACITY_UNITS:
                return self.capacity_units
            case Driver.ERRORS:
                return self.errors_k
        return 1.0


def demand(placement: Placement, usage: Usage, hosts: float) -> Demand:
    """What reaches a component at `placement` under `usage`, with `hosts` compute hosts."""
    egress = (
        usage.api_egress_gb * placement.api_egress_share
        + usage.static_egress_gb * placement.static_egress_share
    )
    units = 0.0
    if placement.capacity_units:
        units = capacity_units(usage.average_rps * placement.request_share, egress)
    return Demand(
        users=usage.users,
        requests=usage.requests_millions * placement.request_share,
        peak_rps=usage.peak_rps * placement.request_share,
        data_gb=usage.data_gb * placement.data_share + placement.fixed_data_gb,
        egress_gb=egress,
        team=usage.team,
        hosts=hosts,
        capacity_units=units,
        errors_k=usage.requests_millions * placement.request_share * 1e3 * ERROR_EVENTS_PER_REQUEST,
    )


BEHIND_CDN = Placement(
    request_share=CDN_MISS_RATIO,
    data_share=0.0,
    fixed_data_gb=FRONTEND_BUNDLE_GB,
    assumption="sits behind the CDN: no internet egress of its own, one request in ten is a "
    "cache miss; stores a 1 GB bundle",
)
"""Where a static frontend served through a CDN sits."""


def placements(
    components: tuple[Component, ...], links: tuple[Link, ...], traffic: Traffic
) -> dict[str, Placement]:
    """The placement of every component, from its category, its incoming links and where
    the design's bytes leave (`traffic`)."""
    category = {c.id: c.category for c in components}
    incoming: dict[str, list[Link]] = {}
    for link in links:
        if link.kind != "side":
            incoming.setdefault(link.target, []).append(link)
    holders = sum(1 for c in components if c.category in DATA_HOLDERS)
    # Compute services fed by the same sources sit side by side behind them (a storefront
    # and an API behind one load balancer): the requests are routed to one or the other.
    splits = request_splits(components, links)
    result: dict[str, Placement] = {}
    for component in components:
        feeds = incoming.get(component.id, [])
        side_by_side = len(splits.get(component.id, ())) or 1
        result[component.id] = _placement(
            component.category,
            feeds,
            category,
            holders=holders,
            siblings=side_by_side,
            traffic=traffic,
        )
    return result


def _placement(
    what: Category,
    feeds: list[Link],
    category: dict[str, Category],
    *,
    holders: int,
    siblings: int,
    traffic: Traffic,
) -> Placement:
    if what is Category.CDN:
        return _cdn_placement(traffic)
    if what is Category.LOAD_BALANCER:
        return Placement(
            api_egress_share=1.0,
            capacity_units=True,
            assumption=f"processes every API response ({traffic.response_basis}); capacity "
            f"units at the average load, the peak being {traffic.peak_factor:.1f}× the average",
        )
    if what in DATA_HOLDERS:
        share = 1 / holders
        reads = FILE_READS_PER_REQUEST if what is Category.OBJECT_STORAGE else 1.0
        note = f"holds 1/{holders} of the stored data" if holders > 1 else ""
        if what is Category.OBJECT_STORAGE:
            note += ("; " if note else "") + "serves one file read per ten requests"
        return Placement(request_share=reads, data_share=share, assumption=note)
    if what is Category.CACHE:
        return Placement(
            data_share=CACHE_WORKING_SET, assumption="holds a hot working set of 5% of the data"
        )
    if what is Category.DNS:
        return Placement(
            request_share=DNS_QUERIES_PER_REQUEST,
            assumption="answers about one query per hundred requests (resolvers cache answers)",
        )
    if what is Category.QUEUE:
        return Placement(
            request_share=QUEUE_MESSAGES_PER_REQUEST,
            assumption="carries one message per ten requests",
        )
    if what is Category.SEARCH:
        return Placement(
            request_share=SEARCHES_PER_REQUEST,
            data_share=0.0,
            assumption="answers one search per ten requests; its index is sized by its plan",
        )
    if what is Category.FRONTEND_HOSTING:
        behind_cdn = any(category.get(link.source) is Category.CDN for link in feeds)
        if behind_cdn:
            return BEHIND_CDN
        return Placement(
            data_share=0.0,
            fixed_data_gb=FRONTEND_BUNDLE_GB,
            static_egress_share=1.0,
            assumption="serves the app's files to users itself (5 MB a user a month); stores a "
            "1 GB bundle",
        )
    if what is Category.COMPUTE:
        return _compute_placement(feeds, siblings)
    return Placement()


def _cdn_placement(traffic: Traffic) -> Placement:
    serves = []
    api = 1.0 if traffic.api_via_cdn or not traffic.static_via_cdn else 0.0
    static = 1.0 if traffic.static_via_cdn else 0.0
    if api:
        serves.append(f"the API's responses ({traffic.response_basis})")
    if static:
        serves.append("the app's files (5 MB a user a month)")
    return Placement(
        api_egress_share=api,
        static_egress_share=static,
        assumption="serves " + " and ".join(serves),
    )


def _compute_placement(feeds: list[Link], siblings: int) -> Placement:
    share, notes = 1.0, []
    if feeds and all(link.kind == "async" for link in feeds):
        share = QUEUE_MESSAGES_PER_REQUEST
        notes.append("is a worker fed by the queue: one job per ten requests")
    if siblings > 1:
        share /= siblings
        others = "another service" if siblings == 2 else f"{siblings - 1} other services"
        notes.append(f"shares its upstream's requests evenly with {others} (1/{siblings})")
    return Placement(request_share=share, assumption="; ".join(notes))


def instance_count(component: Component, size: InstanceSize | None, driver_value: float) -> int:
    """Instances running: the most of the replicas, the autoscaling floor and the load's need."""
    floor = component.replicas
    if component.autoscaling is not None:
        floor = max(floor, component.autoscaling.min)
    if size is None or driver_value <= 0:
        return floor
    return max(floor, needed_instances(size, driver_value))


def scaled_size(
    component: Component, sizes: tuple[InstanceSize, ...], chosen: InstanceSize, load: float
) -> tuple[InstanceSize, int]:
    """The size and count a database runs at `load`: it scales up before it scales out.

    A primary database takes every write, so more load first means a bigger instance: the
    chosen size if its replicas carry the load, else the smallest larger size that does,
    else as many of the largest size as the load needs.
    """
    floor = instance_count(component, None, 0)
    if floor * chosen.capacity >= load:
        return chosen, floor
    larger = sorted((s for s in sizes if s.capacity > chosen.capacity), key=lambda s: s.capacity)
    for size in larger:
        if floor * size.capacity >= load:
            return size, floor
    biggest = larger[-1] if larger else chosen
    return biggest, instance_count(component, biggest, load)


def needed_instances(size: InstanceSize, driver_value: float) -> int:
    """Instances the load alone needs at the size's capacity (at least one)."""
    # A hair of tolerance so that exactly-full capacity (1200 / 400) is not rounded up.
    return max(1, math.ceil(driver_value / size.capacity - 1e-9))
