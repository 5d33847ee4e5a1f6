"""The shape of a design: which components there are, of which category, and their links.

Most edits in a workshop change a component's size, replicas, zones or notes and leave the
shape alone; the analyses that read the shape alone — the request flow, the request paths
to every data store, the dominators behind single points of failure, what users depend
on, which compute services split the requests — are then the same as before the edit. A
`Topology` holds the shape as a value (equal shapes are equal topologies) and derives
each of those analyses once, on first use; `model.engines.graph.build_graph` shares one
topology between the graphs of every session of that shape that the analysis memo
(`model.memo`) still remembers.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice

from model.engines.digraph import (
    DiGraph,
    immediate_dominators,
    is_acyclic,
    shortest_path_lengths,
    shortest_simple_paths,
)
from model.enums import Category
from model.sections.components import USERS, Component, Link

DATA_STORES = frozenset(
    {Category.DATABASE, Category.CACHE, Category.QUEUE, Category.OBJECT_STORAGE, Category.SEARCH}
)
"""Categories whose components end request paths."""

PATH_LIMIT = 20
"""The request paths kept per data store, shortest first."""


@dataclass(frozen=True, eq=True)
class Topology:
    """The components' ids and categories, in session order, and the links of a design
    (its own, or the derived ones): everything the structural analyses read."""

    nodes: tuple[tuple[str, Category], ...]
    """(id, category) of each component, in session order."""
    links: tuple[Link, ...]
    """The effective links, in order."""
    _hash: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        # A topology is a key of other memoised results: hash its long tuples once.
        object.__setattr__(self, "_hash", hash((self.nodes, self.links)))

    def __hash__(self) -> int:
        return self._hash

    @classmethod
    def of(cls, components: Iterable[Component], links: tuple[Link, ...]) -> Topology:
        """The topology of `components` joined by `links`."""
        return cls(tuple((c.id, c.category) for c in components), links)

    @cached_property
    def skeleton(self) -> DiGraph:
        """The frozen graph of the shape: users and components as nodes (in that order),
        links as edges with their `link`, exactly as `build_graph` adds them."""
        graph = DiGraph()
        graph.add_node(USERS)
        graph.add_nodes_from(ident for ident, _ in self.nodes)
        graph.add_edges_from((link.source, link.target, {"link": link}) for link in self.links)
        return graph.freeze()

    @cached_property
    def edges(self) -> tuple[Link, ...]:
        """Every link of the graph, in the graph's edge order (a pair linked twice holds
        the later link, in the earlier one's place)."""
        return tuple(link for _, _, link in self.skeleton.edges(data="link"))

    @cached_property
    def flow(self) -> DiGraph:
        """The frozen graph of request and async edges only, every node kept."""
        flow = DiGraph()
        flow.add_nodes_from(self.skeleton)
        flow.add_edges_from(
            (u, v) for u, v, link in self.skeleton.edges(data="link") if link.kind != "side"
        )
        return flow.freeze()

    @cached_property
    def data_stores(self) -> tuple[str, ...]:
        """Ids of data-store components, in session order."""
        return tuple(ident for ident, category in self.nodes if category in DATA_STORES)

    @cached_property
    def dominators(self) -> dict[str, str]:
        """The immediate dominator of each node the users reach in the request flow."""
        found: dict[str, str] = immediate_dominators(self.flow, USERS)
        return found

    @cached_property
    def user_facing(self) -> frozenset[str]:
        """Components users depend on: reached along request links, plus queues published
        to."""
        facing: set[str] = set()
        expanded: set[str] = set()
        stack = [USERS]
        while stack:
            here = stack.pop()
            if here in expanded:
                continue
            expanded.add(here)
            for _, there, link in self.skeleton.out_edges(here, data="link"):
                if link.kind == "side":
                    continue
                facing.add(there)
                if link.kind == "request":
                    stack.append(there)
        facing.discard(USERS)
        return frozenset(facing)

    @cached_property
    def splits(self) -> dict[str, tuple[str, ...]]:
        """`request_splits` over the graph's edges: for each compute component fed by
        links, the compute components fed by the same sources (itself included)."""
        return splits(self.nodes, self.edges)

    @cached_property
    def queued(self) -> frozenset[tuple[str, str]]:
        """The (source, target) pairs of async links."""
        edges = self.skeleton.edges(data="link")
        return frozenset((a, b) for a, b, link in edges if link.kind == "async")

    @cached_property
    def paths(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Up to `PATH_LIMIT` request paths from users to each data store, shortest first."""
        return {
            store: tuple(tuple(path) for path in found)
            for store, found in self.request_paths(PATH_LIMIT).items()
        }

    def request_paths(self, limit_per_store: int) -> dict[str, list[list[str]]]:
        """Simple request paths from users to each data store: shortest first, at most
        `limit_per_store` (see `model.engines.graph.request_paths`)."""
        flow = self.flow
        distance: dict[str, int] = shortest_path_lengths(flow, USERS)
        acyclic = is_acyclic(flow)
        order = {node: index for index, node in enumerate(flow)}
        paths: dict[str, list[list[str]]] = {}
        for store in self.data_stores:
            if store not in distance:
                found: list[list[str]] = []
            elif acyclic:
                found = _walk_back(flow, store, distance, limit_per_store)
            else:
                shortest = shortest_simple_paths(flow, USERS, store)
                found = [list(p) for p in islice(shortest, limit_per_store)]
            found.sort(key=lambda p: (len(p), [order[n] for n in p]))
            paths[store] = found
        return paths


def splits(
    nodes: Iterable[tuple[str, Category]], links: Iterable[Link]
) -> dict[str, tuple[str, ...]]:
    """For each compute component fed by `links`, the compute components fed by the same
    sources, itself included, in the order of `nodes` ((id, category) pairs)."""
    compute = [ident for ident, category in nodes if category is Category.COMPUTE]
    sources: dict[str, frozenset[str]] = {}
    for link in links:
        if link.kind != "side" and link.target in compute:
            sources[link.target] = sources.get(link.target, frozenset()) | {link.source}
    groups: dict[frozenset[str], tuple[str, ...]] = {}
    for component_id in compute:
        if component_id in sources:
            key = sources[component_id]
            groups[key] = (*groups.get(key, ()), component_id)
    return {member: group for group in groups.values() for member in group}


def _walk_back(flow: DiGraph, store: str, distance: dict[str, int], limit: int) -> list[list[str]]:
    """Up to `limit` shortest paths from users to `store` in an acyclic flow.

    A partial path from a node back to the store is ranked by its length plus the node's
    distance from users — never more than any full path through it — so full paths come
    off the queue shortest first.
    """
    found: list[list[str]] = []
    queue: list[tuple[int, int, tuple[str, ...]]] = [(distance[store], 0, (store,))]
    pushed = 0
    while queue and len(found) < limit:
        _, _, suffix = heapq.heappop(queue)
        node = suffix[-1]
        if node == USERS:
            found.append(list(reversed(suffix)))
            continue
        for before in flow.predecessors(node):
            if before in distance:
                pushed += 1
                heapq.heappush(queue, (len(suffix) + distance[before], pushed, (*suffix, before)))
    return found
