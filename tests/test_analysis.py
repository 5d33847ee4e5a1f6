"""The one analysis of a session: derived once, shared, and immutable to its readers."""

from __future__ import annotations

import pytest

import model.analysis as analysis_module
from model.analysis import RECENT, Analysis, analyse
from model.engines.digraph import FrozenGraphError
from model.session import Session, replace
from sessions.bundled import load_example


@pytest.fixture
def shop() -> Session:
    return load_example("eu-shop-gcp")


def test_the_same_session_gets_the_same_analysis(shop: Session) -> None:
    first = analyse(shop)
    assert analyse(shop) is first
    other = replace(shop, components=shop.components[:-1])
    assert analyse(other) is not first
    assert analyse(other).session is other


def test_recent_analyses_are_kept_and_older_ones_dropped(shop: Session) -> None:
    first = analyse(shop)
    for replicas in range(2, RECENT + 2):
        components = (shop.components[0].evolve(replicas=replicas), *shop.components[1:])
        analyse(replace(shop, components=components))
    assert analyse(shop) is not first  # pushed out by RECENT newer sessions
    assert analyse(shop) is analyse(shop)


def test_each_part_is_derived_once_and_read_by_the_others(
    shop: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"graph": 0, "estimate": 0, "review": 0}

    def counted(name: str, real: object) -> object:
        def wrapper(*args: object) -> object:
            calls[name] += 1
            return real(*args)  # type: ignore[operator]

        return wrapper

    for name, attribute in (
        ("graph", "build_graph"),
        ("estimate", "estimate"),
        ("review", "review"),
    ):
        monkeypatch.setattr(
            analysis_module, attribute, counted(name, getattr(analysis_module, attribute))
        )
    analysis = Analysis(shop)
    # The skeptic reads the graph, the cost and the availability of this analysis ...
    assert analysis.findings
    # ... and the live panel's, the report's and the documents' reads are answered by it.
    _ = analysis.cost, analysis.reliability, analysis.graph, analysis.open_findings
    _ = analysis.findings, analysis.opportunities, analysis.crossovers, analysis.live_parts()
    assert calls == {"graph": 1, "estimate": 1, "review": 1}


def test_the_graph_cannot_be_changed_by_a_reader(shop: Session) -> None:
    graph = analyse(shop).graph
    with pytest.raises(FrozenGraphError):
        graph.add_node("intruder")
    with pytest.raises(FrozenGraphError):
        graph.add_edge(*next(graph.edges()))


def test_an_analysis_cannot_be_reassigned(shop: Session) -> None:
    analysis = analyse(shop)
    with pytest.raises(AttributeError):
        analysis.session = shop  # type: ignore[misc]


def test_components_tagged_reads_the_catalog(shop: Session) -> None:
    analysis = analyse(shop)
    tagged = analysis.components_tagged("managed")
    assert tagged
    assert [c.id for c in tagged] == [
        c.id for c in shop.components if "managed" in analysis.catalog[c.service].tags
    ]
