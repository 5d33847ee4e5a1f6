"""The architecture graph: derived links and the analyses, on small designs with known answers.

Every expected value below was worked out by hand from the design in the test, not read
off the code's output.
"""

from __future__ import annotations

import networkx as nx
import pytest

from model.engines.graph import (
    DATA_STORES,
    TIER_OF,
    Tier,
    build_graph,
    by_tier,
    cycles,
    derive_links,
    edges,
    effective_links,
    is_fragile,
    node_of,
    request_paths,
    single_points_of_failure,
    unreachable,
)
from model.enums import Category, Provider
from model.sections.components import USERS, Component, Link, LinkKind
from model.session import Session, replace
from sessions.bundled import load_example
from sessions.starter import starter_session


def design(
    components: list[tuple[str, Category, str, int, bool]],
    links: list[tuple[str, str, LinkKind]] | None = None,
) -> Session:
    """An AWS session with these (id, category, service, replicas, multi-AZ) and links."""
    base = starter_session(Provider.AWS)
    made = tuple(
        Component(
            id=ident,
            name=ident.title(),
            category=category,
            service=service,
            replicas=replicas,
            multi_az=multi_az,
        )
        for ident, category, service, replicas, multi_az in components
    )
    made_links = tuple(Link(source=s, target=t, kind=k) for s, t, k in links or [])
    keep = {c.id for c in made}
    secrets = tuple(
        s.evolve(component=None) if s.component not in keep else s for s in base.security.secrets
    )
    return replace(
        base,
        components=made,
        links=made_links,
        security=base.security.evolve(secrets=secrets),
    )


LB = ("lb", Category.LOAD_BALANCER, "aws-alb", 1, False)
API_HA = ("api", Category.COMPUTE, "aws-ecs-fargate", 2, True)
DB_SINGLE = ("db", Category.DATABASE, "aws-rds-postgres", 1, False)
DB_MULTI = ("db", Category.DATABASE, "aws-rds-postgres", 1, True)
VM_ONE = ("vm", Category.COMPUTE, "aws-ec2", 1, False)


def test_starter_derived_links_are_what_a_person_would_draw(starter: Session) -> None:
    got = {
        (link.source, link.target, link.label, link.kind)
        for link in derive_links(starter.components)
    }
    assert got == {
        (USERS, "dns", "HTTPS", "request"),
        ("dns", "cdn", "HTTPS", "request"),
        ("cdn", "web", "HTTPS", "request"),  # the static frontend is served by the CDN
        ("cdn", "lb", "HTTPS", "request"),  # API calls go through the load balancer
        ("lb", "api", "HTTPS", "request"),
        ("api", "db", "SQL", "request"),
        ("api", "files", "files", "request"),
        ("api", "logs", "logs", "side"),
        ("api", "metrics", "metrics", "side"),
        ("api", "errors", "errors", "side"),
        ("api", "secrets", "secrets", "side"),
        ("uptime", "cdn", "probes", "side"),
        ("certs", "cdn", "certs", "side"),
        ("certs", "lb", "certs", "side"),
    }


def test_derived_links_skip_a_frontend_without_load_balancer() -> None:
    session = design(
        [
            ("cdn", Category.CDN, "aws-cloudfront", 1, False),
            ("web", Category.FRONTEND_HOSTING, "aws-s3-static-website", 1, False),
            ("gw", Category.API_GATEWAY, "aws-api-gateway-http", 1, False),
            ("fn", Category.COMPUTE, "aws-lambda", 1, False),
            ("jobs", Category.QUEUE, "aws-sqs", 1, False),
        ]
    )
    got = {(link.source, link.target, link.kind) for link in derive_links(session.components)}
    assert got == {
        (USERS, "cdn", "request"),
        ("cdn", "web", "request"),
        ("cdn", "gw", "request"),  # not web → gw: a static site relays nothing
        ("gw", "fn", "request"),
        ("fn", "jobs", "async"),
    }


def test_a_static_site_sends_its_own_telemetry() -> None:
    session = design(
        [
            ("web", Category.FRONTEND_HOSTING, "aws-s3-static-website", 1, False),
            ("logs", Category.LOGS, "aws-cloudwatch-logs", 1, False),
        ]
    )
    graph = build_graph(session)
    assert [(e.source, e.target, e.kind) for e in edges(graph)] == [
        (USERS, "web", "request"),
        ("web", "logs", "side"),
    ]
    assert unreachable(graph) == []


def test_own_links_replace_derived_ones() -> None:
    session = design([LB, API_HA], [(USERS, "api", "request")])
    graph = build_graph(session)
    assert [(e.source, e.target) for e in edges(graph)] == [(USERS, "api")]
    assert unreachable(graph) == ["lb"]


def test_single_az_database_is_a_single_point_of_failure() -> None:
    graph = build_graph(design([LB, API_HA, DB_SINGLE]))
    assert single_points_of_failure(graph) == {"db": ["db"]}


def test_two_replica_multi_az_service_and_standby_database_are_not() -> None:
    graph = build_graph(design([LB, API_HA, DB_MULTI]))
    assert single_points_of_failure(graph) == {}


def test_one_vm_on_every_path_is_a_single_point_of_failure_for_each_store() -> None:
    graph = build_graph(
        design([LB, VM_ONE, DB_MULTI, ("files", Category.OBJECT_STORAGE, "aws-s3", 1, False)])
    )
    # The managed load balancer and S3 are zone-redundant whatever replicas say.
    assert single_points_of_failure(graph) == {"db": ["vm"], "files": ["vm"]}


def test_a_node_with_a_bypass_is_not_on_every_path() -> None:
    vm_two = ("vm2", Category.COMPUTE, "aws-ec2", 1, False)
    links: list[tuple[str, str, LinkKind]] = [
        (USERS, "lb", "request"),
        ("lb", "vm", "request"),
        ("lb", "vm2", "request"),
        ("vm", "db", "request"),
        ("vm2", "db", "request"),
    ]
    graph = build_graph(design([LB, VM_ONE, vm_two, DB_MULTI], links))
    assert single_points_of_failure(graph) == {}
    assert request_paths(graph) == {
        "db": [[USERS, "lb", "vm", "db"], [USERS, "lb", "vm2", "db"]],
    }


@pytest.mark.parametrize(
    ("service", "replicas", "multi_az", "fragile"),
    [
        ("aws-ec2", 2, True, False),
        ("aws-ec2", 2, False, True),  # two instances, one zone
        ("aws-ec2", 1, True, True),  # one instance cannot span zones
        ("aws-rds-postgres", 1, True, False),  # multi-AZ buys a standby
        ("aws-rds-postgres", 3, False, True),
        ("aws-lambda", 1, False, False),  # the provider spreads it
        ("aws-route53", 1, False, False),
    ],
)
def test_fragility(service: str, replicas: int, multi_az: bool, fragile: bool) -> None:
    category = {"aws-rds-postgres": Category.DATABASE, "aws-route53": Category.DNS}.get(
        service, Category.COMPUTE
    )
    graph = build_graph(design([("x", category, service, replicas, multi_az)]))
    assert is_fragile(node_of(graph, "x")) is fragile


def test_unlinked_component_is_unreachable_and_probes_are_not() -> None:
    session = design(
        [
            LB,
            API_HA,
            DB_MULTI,
            ("old", Category.DATABASE, "aws-rds-postgres", 1, False),
            ("uptime", Category.UPTIME, "saas-uptimerobot", 1, False),
        ],
        [
            (USERS, "lb", "request"),
            ("lb", "api", "request"),
            ("api", "db", "request"),
            ("uptime", "lb", "side"),
        ],
    )
    graph = build_graph(session)
    assert unreachable(graph) == ["old"]
    assert request_paths(graph)["old"] == []
    assert "old" not in single_points_of_failure(graph)


def test_cycle_is_found_and_paths_still_listed() -> None:
    worker = ("worker", Category.COMPUTE, "aws-ecs-fargate", 2, True)
    session = design(
        [LB, API_HA, worker, DB_MULTI],
        [
            (USERS, "lb", "request"),
            ("lb", "api", "request"),
            ("api", "worker", "async"),
            ("worker", "api", "request"),
            ("worker", "db", "request"),
        ],
    )
    graph = build_graph(session)
    found = cycles(graph)
    assert len(found) == 1
    assert sorted(found[0]) == ["api", "worker"]
    assert request_paths(graph) == {"db": [[USERS, "lb", "api", "worker", "db"]]}


def test_side_links_are_no_request_paths_and_no_cycles() -> None:
    session = design(
        [LB, API_HA, DB_MULTI, ("logs", Category.LOGS, "aws-cloudwatch-logs", 1, False)],
        [
            (USERS, "lb", "request"),
            ("lb", "api", "request"),
            ("api", "db", "request"),
            ("api", "logs", "side"),
            ("logs", "api", "side"),
        ],
    )
    graph = build_graph(session)
    assert cycles(graph) == []
    assert request_paths(graph) == {"db": [[USERS, "lb", "api", "db"]]}


def test_paths_are_capped_and_shortest_first() -> None:
    # users → a_i → b_j → db for i, j in 1..5: 25 paths of equal length, plus one direct.
    computes = [(f"a{i}", Category.COMPUTE, "aws-ec2", 2, True) for i in range(5)]
    computes += [(f"b{i}", Category.COMPUTE, "aws-ec2", 2, True) for i in range(5)]
    links: list[tuple[str, str, LinkKind]] = [(USERS, "db", "request")]
    links += [(USERS, f"a{i}", "request") for i in range(5)]
    links += [(f"a{i}", f"b{j}", "request") for i in range(5) for j in range(5)]
    links += [(f"b{j}", "db", "request") for j in range(5)]
    graph = build_graph(design([*computes, DB_MULTI], links))
    paths = request_paths(graph, limit_per_store=6)["db"]
    assert len(paths) == 6
    assert paths[0] == [USERS, "db"]
    assert all(len(p) == 4 for p in paths[1:])
    assert len(request_paths(graph, limit_per_store=30)["db"]) == 26


def test_examples_answers(example_name: str) -> None:
    graph = build_graph(load_example(example_name))
    expected_spof = {
        "saas-mvp-aws": {"db": ["db"]},  # single-AZ until 200 paying customers (adr-002)
        "eu-shop-gcp": {"cache": ["cache"]},  # Memorystore Basic tier: no replica
        "b2b-platform-azure": {"cache": ["cache"]},  # Standard Redis: one zone (adr-003)
    }
    assert single_points_of_failure(graph) == expected_spof[example_name]
    assert unreachable(graph) == []
    assert cycles(graph) == []
    assert all(request_paths(graph).values())


def test_the_graph_is_the_one_built_edge_by_edge(example_name: str) -> None:
    """`build_graph` shares its topology's adjacency: the graph is still the one adding
    the nodes and the links one by one makes, in the same order, with the same data, and
    its views read the shared adjacency (networkx's graph, built so, is the reference)."""
    session = load_example(example_name)
    graph = build_graph(session)
    built = nx.DiGraph()
    for node_id, data in graph.nodes(data=True):
        built.add_node(node_id, **data)
    links = effective_links(session)
    built.add_edges_from((link.source, link.target, {"link": link}) for link in links)
    assert list(graph.nodes(data=True)) == list(built.nodes(data=True))
    assert list(graph.edges(data=True)) == list(built.edges(data=True))
    assert {n: list(graph.predecessors(n)) for n in graph} == {
        n: list(built.predecessors(n)) for n in built
    }
    assert [n for n, _ in graph.nodes(data=True)] == [USERS, *(c.id for c in session.components)]
    assert graph.frozen


def test_tiers_and_grouping(example_name: str) -> None:
    session = load_example(example_name)
    graph = build_graph(session)
    groups = by_tier(graph)
    assert list(groups) == [t for t in Tier if t in groups]
    assert groups[Tier.CLIENTS][0].id == USERS
    flat = [n.id for nodes in groups.values() for n in nodes if n.id != USERS]
    assert sorted(flat) == sorted(c.id for c in session.components)
    for nodes in groups.values():
        ids = [n.id for n in nodes if n.component is not None]
        assert ids == [c.id for c in session.components if c.id in ids]  # session order
    assert set(TIER_OF) == set(Category)
    assert all(TIER_OF[c] is Tier.DATA for c in DATA_STORES)
