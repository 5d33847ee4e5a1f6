"""`model.engines.digraph` against networkx: on random directed graphs, the same nodes and
edges in the same order, and every algorithm the same result in the same order."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.engines.digraph import (
    DiGraph,
    FrozenGraphError,
    descendants,
    immediate_dominators,
    is_acyclic,
    shortest_path_lengths,
    shortest_simple_paths,
    simple_cycles,
)

NAMES = [f"n{i}" for i in range(9)]


@st.composite
def graphs(draw: st.DrawFn) -> tuple[DiGraph, nx.DiGraph]:
    """The same random graph built both ways: nodes, then edges with an attribute, some
    edges added twice (the second adds to the first's attributes)."""
    nodes = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=7, unique=True))
    edges = draw(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES)), max_size=16))
    ours, theirs = DiGraph(), nx.DiGraph()
    for graph in (ours, theirs):
        graph.add_nodes_from(nodes)
        graph.add_edges_from((u, v, {"link": f"{u}>{v}"}) for u, v in edges if u != v)
        if edges:
            u, v = edges[0]
            graph.add_edge(v, u, weight=2)
    return ours, theirs


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_the_graph_reads_like_networkx(pair: tuple[DiGraph, nx.DiGraph]) -> None:
    ours, theirs = pair
    assert list(ours) == list(theirs) and len(ours) == len(theirs)
    assert list(ours.nodes(data="link")) == list(theirs.nodes(data="link"))
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.edges()) == list(theirs.edges())
    assert list(ours.edges(data="link")) == list(theirs.edges(data="link"))
    assert list(ours.edges(data=True)) == list(theirs.edges(data=True))
    assert len(list(ours.edges())) == theirs.number_of_edges()
    for node in ours:
        assert ours.nodes[node] == theirs.nodes[node]
        assert list(ours.successors(node)) == list(theirs.successors(node))
        assert list(ours.predecessors(node)) == list(theirs.predecessors(node))
        assert list(ours.out_edges(node, data="link")) == list(theirs.out_edges(node, data="link"))


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_the_algorithms_agree_with_networkx(pair: tuple[DiGraph, nx.DiGraph]) -> None:
    ours, theirs = pair
    assert is_acyclic(ours) == nx.is_directed_acyclic_graph(theirs)
    assert list(simple_cycles(ours)) == list(nx.simple_cycles(theirs))
    for node in ours:
        assert descendants(ours, node) == nx.descendants(theirs, node)
        lengths = shortest_path_lengths(ours, node)
        assert list(lengths.items()) == list(
            nx.single_source_shortest_path_length(theirs, node).items()
        )
        dominators = immediate_dominators(ours, node)
        assert list(dominators.items()) == list(nx.immediate_dominators(theirs, node).items())
        for target in lengths:
            if target != node:
                ours_paths = list(shortest_simple_paths(ours, node, target))
                assert ours_paths == list(nx.shortest_simple_paths(theirs, node, target))


def test_a_frozen_graph_refuses_changes_and_shares_its_adjacency() -> None:
    skeleton = DiGraph()
    skeleton.add_edges_from([("users", "api"), ("api", "db")])
    skeleton.freeze()
    with pytest.raises(FrozenGraphError):
        skeleton.add_node("cache")
    with pytest.raises(FrozenGraphError):
        skeleton.add_edge("api", "cache")
    labelled = DiGraph()
    labelled.share({n: {"label": n.upper()} for n in skeleton}, skeleton)
    assert list(labelled.nodes(data="label")) == [("users", "USERS"), ("api", "API"), ("db", "DB")]
    assert list(labelled.edges()) == [("users", "api"), ("api", "db")]
    with pytest.raises(ValueError, match="the adjacency's"):
        DiGraph().share({"db": {}, "api": {}, "users": {}}, skeleton)
