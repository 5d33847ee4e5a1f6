"""The one traffic model every network price reads: bytes per response, where they leave.

A design's bill for CDN, load balancer, internet transfer, NAT and cross-zone traffic all
follows from the same few numbers, so they are worked out once, here:

- **What users load** (`Frontend`): the context says, or the design implies it — static
  frontend hosting means a single-page app calling a JSON API; otherwise an API.
- **Bytes per response**: the context's `response_kb`, else 5 KB for a JSON API and 50 KB
  for a server-rendered page. API egress is requests × that size (unless the context gives
  the monthly egress outright).
- **The app's own files**: a single-page app's files (~2.5 MB) are downloaded about twice a
  month by each user, 5 MB a user, from the static hosting or the CDN in front of it.
- **Where bytes leave**: through a CDN when one sits on the request path in front of the
  compute (or the static hosting); otherwise out of the cloud from the load balancer or
  the instances, which is internet transfer billed by the cloud.
- **Average load**: monthly requests over the seconds of a month; the context's peak is a
  multiple of it (the *peak factor*, stated on every line that bills by average load).
- **Capacity units** of a load balancer (AWS LCUs, Azure capacity units) at the average
  load: the larger of requests (~50 req/s a unit: new connections and rule evaluations)
  and bytes processed (1 GB an hour a unit).
- **Inside the cloud**: ~10 KB moves between the app and its databases and caches per
  request; with compute spread over two zones, half of it crosses zones. Private compute
  ships ~1 KB of logs per request and ~2 KB of calls to third parties per request through
  NAT, plus its container images: 0.5 GB per instance for each of ~20 deploys a month.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from model.enums import Category, Frontend
from model.sections.components import USERS, Component, Link
from model.sections.context import SECONDS_PER_MONTH, Context

JSON_RESPONSE_KB = 5.0
"""A JSON API response, compressed."""

PAGE_RESPONSE_KB = 50.0
"""A server-rendered page (HTML, compressed, without its cached assets)."""

APP_DOWNLOAD_MB_PER_USER = 5.0
"""What each user downloads of a single-page app's files a month (~2.5 MB, twice)."""

DATA_KB_PER_REQUEST = 10.0
"""Queries and results between the app and its data stores per request."""

LOG_KB_PER_REQUEST = 1.0
"""Logs and traces shipped per request (what per-request telemetry prices assume)."""

OUTBOUND_KB_PER_REQUEST = 2.0
"""Calls from the app to third parties per request (payments, e-mail, webhooks)."""

IMAGE_GB = 0.5
"""A container image pulled at each deploy, per instance."""

DEPLOYS_PER_MONTH = 20
"""Deploys a month (about one a working day)."""

RPS_PER_CAPACITY_UNIT = 50.0
"""Average requests/s one load-balancer capacity unit covers (new connections, rules)."""

GB_PER_CAPACITY_UNIT_HOUR = 1.0
"""GB a load-balancer capacity unit processes an hour."""

CROSS_ZONE_SHARE = 0.5
"""Share of the app's traffic to its data stores that crosses zones when the compute runs
in two zones and the primary database in one."""

_KB_PER_GB = 1_000_000
_MB_PER_GB = 1_000


@dataclass(frozen=True, slots=True)
class Traffic:
    """How a design's requests turn into bytes, and which component serves them."""

    frontend: Frontend
    """What users load."""
    frontend_basis: str
    """Why: the context's choice, or what the design implies."""
    response_kb: float
    """Average response size in KB."""
    api_via_cdn: bool
    """Whether a CDN sits on the request path in front of the compute."""
    static_via_cdn: bool
    """Whether a CDN serves the static frontend's files."""
    egress_override_gb: float | None
    """The context's monthly API egress at 1x, when it states one."""
    peak_factor: float
    """The context's peak requests/s over the average (1 when there are no requests)."""

    @classmethod
    def of(
        cls, context: Context, components: Iterable[Component], links: Iterable[Link]
    ) -> Traffic:
        """The traffic shape of a design."""
        parts = tuple(components)
        category = {c.id: c.category for c in parts}
        has_static = any(c.category is Category.FRONTEND_HOSTING for c in parts)
        if context.frontend is not None:
            frontend, basis = context.frontend, "the context states"
        elif has_static:
            frontend, basis = Frontend.SINGLE_PAGE_APP, "the design hosts a static frontend"
        else:
            frontend, basis = Frontend.API_ONLY, "the design has no static frontend"
        downstream = _behind_cdn(parts, tuple(links))
        cdns = any(c is Category.CDN for c in category.values())
        return cls(
            frontend=frontend,
            frontend_basis=basis,
            response_kb=context.response_kb or default_response_kb(frontend),
            api_via_cdn=any(category[n] is Category.COMPUTE for n in downstream),
            static_via_cdn=any(category[n] is Category.FRONTEND_HOSTING for n in downstream)
            or (cdns and has_static and not downstream),
            egress_override_gb=context.egress_gb_month,
            peak_factor=context.peak_rps / average
            if (average := average_rps(context.requests_millions)) > 0
            else 1.0,
        )

    def api_egress_gb(self, requests_millions: float, scale: float) -> float:
        """GB of API responses a month for `requests_millions` (the requests at `scale`):
        the context's stated egress times the scale, or the requests times the response
        size."""
        if self.egress_override_gb is not None:
            return self.egress_override_gb * scale
        return requests_millions * 1_000_000 * self.response_kb / _KB_PER_GB

    def static_egress_gb(self, users: float) -> float:
        """GB of the single-page app's files a month for `users`."""
        if self.frontend is not Frontend.SINGLE_PAGE_APP:
            return 0.0
        return users * APP_DOWNLOAD_MB_PER_USER / _MB_PER_GB

    @property
    def response_basis(self) -> str:
        """Where the response size comes from, in words."""
        if self.egress_override_gb is not None:
            return "the context's monthly egress"
        what = _WHAT[self.frontend]
        return f"{self.response_kb:g} KB a response for {what}, as {self.frontend_basis}"


_WHAT = {
    Frontend.API_ONLY: "a JSON API",
    Frontend.SINGLE_PAGE_APP: "a single-page app's JSON API",
    Frontend.SERVER_PAGES: "server-rendered pages",
}


def default_response_kb(frontend: Frontend) -> float:
    """The response size assumed for `frontend` when the context gives none."""
    return PAGE_RESPONSE_KB if frontend is Frontend.SERVER_PAGES else JSON_RESPONSE_KB


def average_rps(requests_millions: float) -> float:
    """Average requests per second of a month with `requests_millions` requests."""
    return requests_millions * 1_000_000 / SECONDS_PER_MONTH


def capacity_units(average: float, processed_gb: float) -> float:
    """Load-balancer capacity units at average load `average` req/s processing
    `processed_gb` a month: the larger of the request and the byte dimension."""
    hours = SECONDS_PER_MONTH / 3600
    return max(average / RPS_PER_CAPACITY_UNIT, processed_gb / hours / GB_PER_CAPACITY_UNIT_HOUR)


def _behind_cdn(components: tuple[Component, ...], links: tuple[Link, ...]) -> set[str]:
    """Components a CDN forwards requests to, directly or through other components."""
    cdns = [c.id for c in components if c.category is Category.CDN]
    after: dict[str, list[str]] = {}
    for link in links:
        if link.kind == "request" and link.source != USERS:
            after.setdefault(link.source, []).append(link.target)
    seen: set[str] = set()
    queue = deque(cdns)
    while queue:
        node = queue.popleft()
        for target in after.get(node, []):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen
