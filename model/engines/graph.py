"""The architecture graph: components as nodes, links as edges, derived from a Session.

The graph is never stored; `build_graph` derives it, frozen, and `model.analysis` builds
it once per session for every consumer (the diagram, the cost model and the skeptic). When the
session has no links, sensible ones are derived from the categories: users → DNS → WAF
→ CDN → frontend / load balancer → API gateway → compute → data stores, with
observability, secrets and certificates as side links, and requests to and from the
external systems the design talks to, as their direction says.

Analyses answer the skeptic's structural questions: the request paths from users to
each data store, single points of failure on them, components nothing reaches, cycles.
Those that read the shape alone come from the graph's `Topology`
(`model.engines.topology`), which graphs of the same shape share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice

from model.catalog import Catalog, PricingModel, Service, load_catalog
from model.engines import topology as _topology
from model.engines.digraph import DiGraph, descendants, is_acyclic, simple_cycles
from model.engines.topology import PATH_LIMIT, Topology, splits
from model.enums import Category, Direction
from model.memo import Memo
from model.sections.components import USERS, Component, Link, LinkKind
from model.session import Session


class Tier(StrEnum):
    """Where a component sits in the picture, left to right."""

    CLIENTS = "clients"
    EDGE = "edge"
    FRONTEND = "frontend"
    BACKEND = "backend"
    DATA = "data"
    EXTERNAL = "external"
    OBSERVABILITY = "observability"
    SECURITY = "security"

    @property
    def label(self) -> str:
        """The tier's heading."""
        return self.value.capitalize()


TIER_OF: dict[Category, Tier] = {
    Category.DNS: Tier.EDGE,
    Category.WAF: Tier.EDGE,
    Category.CDN: Tier.EDGE,
    Category.FRONTEND_HOSTING: Tier.FRONTEND,
    Category.LOAD_BALANCER: Tier.BACKEND,
    Category.API_GATEWAY: Tier.BACKEND,
    Category.COMPUTE: Tier.BACKEND,
    Category.DATABASE: Tier.DATA,
    Category.CACHE: Tier.DATA,
    Category.QUEUE: Tier.DATA,
    Category.OBJECT_STORAGE: Tier.DATA,
    Category.SEARCH: Tier.DATA,
    Category.LOGS: Tier.OBSERVABILITY,
    Category.METRICS: Tier.OBSERVABILITY,
    Category.ERRORS: Tier.OBSERVABILITY,
    Category.UPTIME: Tier.OBSERVABILITY,
    Category.ONCALL: Tier.OBSERVABILITY,
    Category.SECRETS: Tier.SECURITY,
    Category.TLS: Tier.SECURITY,
    Category.EXTERNAL: Tier.EXTERNAL,
}
"""The tier of each category."""

_REQUEST_CHAIN: tuple[tuple[Category, ...], ...] = (
    (Category.DNS,),
    (Category.WAF,),
    (Category.CDN,),
    (Category.FRONTEND_HOSTING, Category.LOAD_BALANCER),
    (Category.API_GATEWAY,),
    (Category.COMPUTE,),
    (Category.DATABASE, Category.CACHE, Category.QUEUE, Category.OBJECT_STORAGE, Category.SEARCH),
)
"""Layers of the derived request flow; each links from the nearest non-empty layer before."""

DATA_STORES = _topology.DATA_STORES
"""Categories whose components end request paths (defined with the topology, which reads
it)."""

_DATA_LABELS = {
    Category.DATABASE: "SQL",
    Category.CACHE: "cache",
    Category.QUEUE: "jobs",
    Category.OBJECT_STORAGE: "files",
    Category.SEARCH: "search",
}

_SIDE_LABELS = {
    Category.LOGS: "logs",
    Category.METRICS: "metrics",
    Category.ERRORS: "errors",
    Category.SECRETS: "secrets",
}


@dataclass(frozen=True, slots=True)
class Node:
    """What the graph knows about one node."""

    id: str
    """Component id, or `users`."""
    name: str
    """Display name."""
    tier: Tier
    """Where it is drawn."""
    component: Component | None
    """The component; None for the users node."""
    service: Service | None
    """Its catalog service; None for users (and for an unknown id)."""

    @property
    def service_label(self) -> str:
        """The service's product name; for an external system, its protocol and direction
        (it runs no service of the design's); empty for the users."""
        external = self.component.external if self.component else None
        if external is not None:
            return f"{external.protocol}, {external.direction.label.lower()}"
        return self.service.label if self.service else ""


def derive_links(components: Iterable[Component]) -> tuple[Link, ...]:
    """Default links for components the user has not linked, from their categories."""
    by_category: dict[Category, list[Component]] = {}
    for component in components:
        by_category.setdefault(component.category, []).append(component)

    def ids(*categories: Category) -> list[str]:
        return [c.id for cat in categories for c in by_category.get(cat, ())]

    links: list[Link] = []
    previous = [USERS]
    for layer in _REQUEST_CHAIN:
        members = [c for cat in layer for c in by_category.get(cat, ())]
        if not members:
            continue
        for component in members:
            label = _DATA_LABELS.get(component.category, "HTTPS")
            kind: LinkKind = "async" if component.category is Category.QUEUE else "request"
            links.extend(
                Link(source=s, target=component.id, label=label, kind=kind) for s in previous
            )
        if layer == (Category.FRONTEND_HOSTING, Category.LOAD_BALANCER):
            # A static frontend serves files and relays nothing: API calls from the browser
            # flow on through the load balancer, or past the frontend when there is none.
            previous = ids(Category.LOAD_BALANCER) or previous
        else:
            previous = [c.id for c in members]

    # Telemetry and secrets come from what runs the code; a static site is its own source.
    workers = ids(Category.COMPUTE) or ids(Category.API_GATEWAY) or ids(Category.FRONTEND_HOSTING)
    for category, label in _SIDE_LABELS.items():
        links.extend(
            Link(source=w, target=t, label=label, kind="side")
            for t in ids(category)
            for w in workers
        )
    entry = (
        ids(Category.CDN)
        or ids(Category.LOAD_BALANCER)
        or ids(Category.FRONTEND_HOSTING)
        or ids(Category.API_GATEWAY)
        or ids(Category.COMPUTE)
    )
    links.extend(
        Link(source=u, target=e, label="probes", kind="side")
        for u in ids(Category.UPTIME)
        for e in entry[:1]
    )
    links.extend(
        Link(source=m, target=p, label="alerts", kind="side")
        for m in ids(Category.METRICS, Category.UPTIME)
        for p in ids(Category.ONCALL)
    )
    terminators = ids(Category.CDN, Category.LOAD_BALANCER, Category.API_GATEWAY)
    links.extend(
        Link(source=t, target=e, label="certs", kind="side")
        for t in ids(Category.TLS)
        for e in terminators
    )
    links.extend(_external_links(by_category.get(Category.EXTERNAL, ()), workers, ids))
    return tuple(links)


def _external_links(
    systems: Iterable[Component], workers: list[str], ids: Callable[..., list[str]]
) -> Iterator[Link]:
    """Requests to each external system from what runs the code, and from it to the
    design's entry (its API gateway, load balancer or compute), as its direction says;
    labelled with its protocol."""
    entry = (ids(Category.API_GATEWAY) or ids(Category.LOAD_BALANCER) or ids(Category.COMPUTE))[:1]
    for system in systems:
        settings = system.external
        if settings is None:
            continue
        label = settings.protocol
        if settings.direction is not Direction.INBOUND:
            yield from (Link(source=w, target=system.id, label=label) for w in workers)
        if settings.direction is not Direction.OUTBOUND:
            yield from (Link(source=system.id, target=e, label=label) for e in entry)


def request_splits(
    components: Iterable[Component], links: Iterable[Link]
) -> dict[str, tuple[str, ...]]:
    """For each compute component fed by links, the compute components fed by the same
    sources (itself included, in session order): a storefront and an API behind one load
    balancer, a dozen microservices behind one gateway. Each request is routed to one of
    them, so they split the requests, and one failing fails only its share."""
    return splits(((c.id, c.category) for c in components), links)


def effective_links(session: Session) -> tuple[Link, ...]:
    """The session's own links, or derived ones when it has none."""
    return session.links or derive_links(session.components)


def build_graph(
    session: Session,
    catalog: Catalog | None = None,
    memo: Memo | None = None,
    topology: Topology | None = None,
) -> DiGraph:
    """The frozen DiGraph of `session`. Node attribute `node` holds a `Node`; edges hold a
    `link`. Frozen: a consumer that tried to change it would change it for every other.

    The structural analyses below read the graph's `Topology`, kept in the graph; with a
    `memo`, a graph of the same shape as one before it shares that one's topology, and so
    the request flow, paths and dominators already derived from it. A `topology` given
    must be the session's (`topology_of`).
    """
    catalog = catalog or load_catalog()
    topology = topology or topology_of(session, memo)
    skeleton = topology.skeleton
    nodes = {USERS: {"node": Node(USERS, "Users", Tier.CLIENTS, None, None)}}
    nodes.update(
        (c.id, {"node": Node(c.id, c.name, TIER_OF[c.category], c, catalog.get(c.service))})
        for c in session.components
    )
    graph = DiGraph()
    # The adjacency is the topology's skeleton's, shared rather than rebuilt (rebuilding
    # 1,400 edges was most of an edit's graph at 500 components): the same nodes in the
    # same order, the same edges holding the same links, and both graphs are frozen. A
    # node only a link names gets an empty record, as `add_edges_from` would give it.
    graph.share({n: nodes.get(n, {}) for n in skeleton}, skeleton)
    graph.graph[_TOPOLOGY_KEY] = topology
    return graph.freeze()


def topology_of(session: Session, memo: Memo | None = None) -> Topology:
    """The shape of `session` (its components and effective links); with a `memo`, the
    equal topology it already holds, with the analyses derived from it."""
    topology = Topology.of(session.components, effective_links(session))
    return topology if memo is None else memo.get(("topology", topology), lambda: topology)


def graph_topology(graph: DiGraph) -> Topology:
    """The topology `build_graph` keeps in `graph`."""
    topology: Topology = graph.graph[_TOPOLOGY_KEY]
    return topology


def node_of(graph: DiGraph, node_id: str) -> Node:
    """The `Node` record of `node_id`."""
    node: Node = graph.nodes[node_id]["node"]
    return node


def request_flow(graph: DiGraph) -> DiGraph:
    """The graph of request and async edges only (side links carry no user traffic).

    Every node of `graph` is kept, so a component with no request link is still there,
    just without edges. The graph's topology derives it, frozen, so the analyses below
    never write into a graph they were handed.
    """
    return graph_topology(graph).flow


_TOPOLOGY_KEY = "infrasketch.topology"


def data_stores(graph: DiGraph) -> list[str]:
    """Ids of data-store components, in graph order."""
    return [
        n
        for n, data in graph.nodes(data="node")
        if data.component is not None and data.component.category in DATA_STORES
    ]


def request_paths(graph: DiGraph, limit_per_store: int = PATH_LIMIT) -> dict[str, list[list[str]]]:
    """Simple request paths from users to each data store: shortest first, at most `limit`.

    An unreached store maps to an empty list; paths of equal length come in graph order.
    In the usual acyclic flow the paths are found by a best-first walk back from the
    store, guided by each node's distance from users, which meets them shortest first
    and stops at the limit; a flow with a cycle pays for the k-shortest-paths search.
    """
    return graph_topology(graph).request_paths(limit_per_store)


def is_fragile(node: Node) -> bool:
    """Whether one failure (an instance, or an availability zone) takes `node` down.

    Only instance-priced services run the replicas and zones the design chooses; services
    billed per request, per GB or per month (DNS, CDN, object storage, Pub/Sub, Cloud Run,
    a managed load balancer) are spread over zones by the provider whatever the design
    says. A service whose multi-AZ option buys a standby (a database, a Redis with a
    replica — its price has a multi-AZ factor above 1) is safe when multi-AZ alone; any
    other needs two replicas in more than one zone. A service missing from the catalog is
    judged by its replicas and zones.
    """
    component = node.component
    if component is None:
        return False
    service = node.service
    if service is not None and service.pricing.model is not PricingModel.INSTANCE_HOUR:
        return False
    if not component.multi_az:
        return True
    has_standby = service is not None and service.pricing.fails_over_across_zones
    return component.replicas < 2 and not has_standby


def single_points_of_failure(graph: DiGraph) -> dict[str, list[str]]:
    """For each reached data store, the fragile nodes every request path to it passes.

    A node on every path from users to a store (a dominator), or the store itself, that
    one failure takes down (see `is_fragile`) takes the store's users down with it. Stores
    without such a node are left out; the lists run from users towards the store.
    """
    dominators = graph_topology(graph).dominators
    result: dict[str, list[str]] = {}
    for store in data_stores(graph):
        if store not in dominators:
            continue
        chain: list[str] = []
        here = store
        while here != USERS:
            chain.append(here)
            here = dominators[here]
        fragile = [n for n in reversed(chain) if is_fragile(node_of(graph, n))]
        if fragile:
            result[store] = fragile
    return result


def unreachable(graph: DiGraph) -> list[str]:
    """Components not connected to the users' side of the graph, in graph order.

    A component is reached when a path of links of any kind leads to it from users, or
    when it sends to a reached component (an uptime probe, a certificate attached to the
    CDN): it is part of the picture. Anything else is drawn but does nothing.
    """
    reached = descendants(graph, USERS) | {USERS}
    reached |= {n for n in graph if any(s in reached for s in graph.successors(n))}
    return [n for n in graph if n not in reached]


def cycles(graph: DiGraph, limit: int = 10) -> list[list[str]]:
    """Up to `limit` request cycles (a request that can come back to where it started)."""
    flow = request_flow(graph)
    if is_acyclic(flow):
        return []  # the search (networkx's) is imported only for a flow with a cycle
    return [list(c) for c in islice(simple_cycles(flow), limit)]


def by_tier(graph: DiGraph) -> dict[Tier, list[Node]]:
    """Nodes grouped by tier, tiers in drawing order, nodes in session order."""
    groups: dict[Tier, list[Node]] = {tier: [] for tier in Tier}
    for _, node in graph.nodes(data="node"):
        groups[node.tier].append(node)
    return {tier: nodes for tier, nodes in groups.items() if nodes}


def edges(graph: DiGraph) -> Iterator[Link]:
    """Every link of the graph, in insertion order."""
    for _, _, link in graph.edges(data="link"):
        yield link
