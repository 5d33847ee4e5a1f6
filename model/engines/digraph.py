"""`DiGraph`: the directed graph the engines build and the exporters read, and the graph
algorithms the engines run on it.

It is the part of networkx's `DiGraph` this code uses, with the same behaviour: nodes
and each node's successors in the order they were added, an attribute dict per node and
per edge, `nodes(data=...)`, `edges(data=...)`, and a frozen graph that refuses changes.
networkx itself takes a sixth of a second to import, at the start of every command that
analyses a design and of the app; it is imported only for the two searches kept from it
(`simple_cycles`, `shortest_simple_paths`), which run on a design whose requests can come
back to where they started: rare, and a finding in itself.

The algorithms follow networkx's, visiting nodes in the same order, so every result and
every order derived from one is the same (`tests/test_digraph.py` checks both against
networkx on random graphs).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import reduce
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    import networkx as nx

Attributes = dict[str, Any]
"""A node's or an edge's attributes."""


class FrozenGraphError(TypeError):
    """A change to a frozen graph."""


class NodeView:
    """`graph.nodes`: iterate the nodes, look one's attributes up, or call it for
    `(node, attribute)` pairs."""

    __slots__ = ("_node",)

    def __init__(self, node: dict[str, Attributes]) -> None:
        self._node = node

    def __iter__(self) -> Iterator[str]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, node: object) -> bool:
        return node in self._node

    def __getitem__(self, node: str) -> Attributes:
        return self._node[node]

    @overload
    def __call__(self, data: None = None) -> Iterator[str]: ...
    @overload
    def __call__(self, data: str | Literal[True]) -> Iterator[tuple[str, Any]]: ...
    def __call__(
        self, data: str | Literal[True] | None = None
    ) -> Iterator[str] | Iterator[tuple[str, Any]]:
        """The nodes; with `data` the pairs `(node, its attribute data or None)`, with
        `data=True` `(node, its attributes)`."""
        if data is None:
            return iter(self._node)
        if data is True:
            return iter(self._node.items())
        return ((n, attributes.get(data)) for n, attributes in self._node.items())


class DiGraph:
    """A directed graph with attributes on its nodes and edges (networkx's `DiGraph`,
    the part used here)."""

    __slots__ = ("_frozen", "_node", "_pred", "_succ", "graph")

    def __init__(self) -> None:
        self._node: dict[str, Attributes] = {}
        self._succ: dict[str, dict[str, Attributes]] = {}
        self._pred: dict[str, dict[str, Attributes]] = {}
        self.graph: dict[str, Any] = {}
        """Attributes of the whole graph."""
        self._frozen = False

    # -- building ----------------------------------------------------------------------

    def _change(self) -> None:
        if self._frozen:
            raise FrozenGraphError("Frozen graph can't be modified")

    def add_node(self, node: str, **attributes: Any) -> None:
        """Add `node` (or update its attributes)."""
        self._change()
        if node not in self._node:
            self._node[node] = {}
            self._succ[node] = {}
            self._pred[node] = {}
        self._node[node].update(attributes)

    def add_nodes_from(self, nodes: Iterable[str]) -> None:
        """Add each of `nodes`."""
        for node in nodes:
            self.add_node(node)

    def add_edge(self, source: str, target: str, **attributes: Any) -> None:
        """Add the edge `source → target` (and either end not there yet); an edge there
        already gets the attributes added to its own."""
        self._change()
        for node in (source, target):
            if node not in self._node:
                self.add_node(node)
        shared = self._succ[source].get(target, {})
        shared.update(attributes)
        self._succ[source][target] = shared
        self._pred[target][source] = shared

    def add_edges_from(
        self, edges: Iterable[tuple[str, str] | tuple[str, str, Attributes]]
    ) -> None:
        """Add each edge, given as `(source, target)` or `(source, target, attributes)`."""
        for edge in edges:
            attributes = edge[2] if len(edge) == 3 else {}
            self.add_edge(edge[0], edge[1], **attributes)

    def share(self, nodes: dict[str, Attributes], adjacency: DiGraph) -> None:
        """Take `adjacency`'s edges as they are (shared, not copied: both graphs must be
        frozen) with `nodes` as the nodes, which must be `adjacency`'s in its order."""
        self._change()
        if list(nodes) != list(adjacency._node):
            raise ValueError("the nodes must be the adjacency's, in its order")
        self._node = nodes
        self._succ = adjacency._succ
        self._pred = adjacency._pred

    def freeze(self) -> DiGraph:
        """Refuse any change from now on; the graph itself."""
        self._frozen = True
        return self

    @property
    def frozen(self) -> bool:
        """Whether the graph refuses changes."""
        return self._frozen

    # -- reading -----------------------------------------------------------------------

    def __iter__(self) -> Iterator[str]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, node: object) -> bool:
        return node in self._node

    @property
    def nodes(self) -> NodeView:
        """The nodes, in the order they were added."""
        return NodeView(self._node)

    @overload
    def edges(self, data: None = None) -> Iterator[tuple[str, str]]: ...
    @overload
    def edges(self, data: str | Literal[True]) -> Iterator[tuple[str, str, Any]]: ...
    def edges(
        self, data: str | Literal[True] | None = None
    ) -> Iterator[tuple[str, str]] | Iterator[tuple[str, str, Any]]:
        """Every edge, by source in node order, then in the order added; with `data`,
        each edge's attribute of that name (None when it has none), with `data=True`
        its attributes."""
        if data is None:
            return ((u, v) for u, targets in self._succ.items() for v in targets)
        return (
            (u, v, attributes if data is True else attributes.get(data))
            for u, targets in self._succ.items()
            for v, attributes in targets.items()
        )

    def out_edges(self, node: str, data: str) -> Iterator[tuple[str, str, Any]]:
        """The edges leaving `node`, with their attribute `data`."""
        return ((node, v, attributes.get(data)) for v, attributes in self._succ[node].items())

    def successors(self, node: str) -> Iterator[str]:
        """The nodes `node` has an edge to."""
        return iter(self._succ[node])

    def predecessors(self, node: str) -> Iterator[str]:
        """The nodes with an edge to `node`."""
        return iter(self._pred[node])

    def to_networkx(self) -> nx.DiGraph:
        """The same graph as a networkx `DiGraph`: the same order of nodes, successors
        and predecessors (networkx's searches walk both), the attribute dicts shared."""
        import networkx as nx

        graph = nx.DiGraph()
        # Set as networkx's own `_node`, `_adj` and `_pred`: adding the edges again would
        # order each node's predecessors by source instead of as they were added.
        graph._node = dict(self._node)
        graph._adj = {node: dict(targets) for node, targets in self._succ.items()}
        graph._pred = {node: dict(sources) for node, sources in self._pred.items()}
        return graph


# -- algorithms (networkx's, in its order) ----------------------------------------------


def descendants(graph: DiGraph, source: str) -> set[str]:
    """Every node a path from `source` reaches, `source` itself left out."""
    if source not in graph:
        raise KeyError(f"The node {source} is not in the digraph.")
    seen = {source}
    stack = [source]
    while stack:
        for target in graph._succ[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    seen.discard(source)
    return seen


def shortest_path_lengths(graph: DiGraph, source: str) -> dict[str, int]:
    """The number of edges on a shortest path from `source` to each node it reaches, in
    breadth-first order (`nx.single_source_shortest_path_length`)."""
    if source not in graph:
        raise KeyError(f"Source {source} is not in G")
    found = {source: 0}
    level = [source]
    depth = 0
    while level:
        depth += 1
        following: list[str] = []
        for node in level:
            for target in graph._succ[node]:
                if target not in found:
                    found[target] = depth
                    following.append(target)
        level = following
    return found


def is_acyclic(graph: DiGraph) -> bool:
    """Whether no path comes back to where it started (`nx.is_directed_acyclic_graph`)."""
    waiting = {node: len(sources) for node, sources in graph._pred.items()}
    ready = [node for node, count in waiting.items() if count == 0]
    done = 0
    while ready:
        node = ready.pop()
        done += 1
        for target in graph._succ[node]:
            waiting[target] -= 1
            if waiting[target] == 0:
                ready.append(target)
    return done == len(graph)


def _postorder(graph: DiGraph, start: str) -> list[str]:
    """The nodes reached from `start` in depth-first postorder (`nx.dfs_postorder_nodes`)."""
    order: list[str] = []
    visited = {start}
    stack = [(start, iter(graph._succ[start]))]
    while stack:
        parent, children = stack[-1]
        for child in children:
            if child not in visited:
                visited.add(child)
                stack.append((child, iter(graph._succ[child])))
                break
        else:
            stack.pop()
            order.append(parent)
    return order


def immediate_dominators(graph: DiGraph, start: str) -> dict[str, str]:
    """The immediate dominator of every node reached from `start`, `start` left out: the
    last node before it that every path from `start` passes (Cooper, Harvey and Kennedy's
    algorithm, as `nx.immediate_dominators`)."""
    if start not in graph:
        raise KeyError("start is not in G")
    order = _postorder(graph, start)
    rank = {node: index for index, node in enumerate(order)}
    order.pop()
    order.reverse()
    # The start is its own dominator while the search runs (networkx marks it None);
    # the walks up the tree meet at it at the latest, so it is never read.
    dominator: dict[str, str] = {start: start}

    def intersect(u: str, v: str) -> str:
        while u != v:
            while rank[u] < rank[v]:
                u = dominator[u]
            while rank[u] > rank[v]:
                v = dominator[v]
        return u

    changed = True
    while changed:
        changed = False
        for node in order:
            found = reduce(intersect, (p for p in graph._pred[node] if p in dominator))
            if node not in dominator or dominator[node] != found:
                dominator[node] = found
                changed = True
    del dominator[start]
    return dominator


def simple_cycles(graph: DiGraph) -> Iterator[list[str]]:
    """Every cycle of the graph, each once (networkx's search, in its order)."""
    import networkx as nx

    cycles: Iterator[list[str]] = nx.simple_cycles(graph.to_networkx())
    return cycles


def shortest_simple_paths(graph: DiGraph, source: str, target: str) -> Iterator[list[str]]:
    """The simple paths from `source` to `target`, shortest first (networkx's search, in
    its order)."""
    import networkx as nx

    paths: Iterator[list[str]] = nx.shortest_simple_paths(graph.to_networkx(), source, target)
    return paths
