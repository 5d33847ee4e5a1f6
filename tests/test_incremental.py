"""Incremental analysis equals a full recompute, on random sequences of real edits.

`analyse` lends each new analysis the memo of the one before (`model.memo`), so after an
edit the engines reuse what the edit did not change. Here every bundled example and two
synthetic designs go through random edits made with the model's own edit functions
(components added, removed, renamed, resized, moved to another service; context, links,
backups, price overrides and answers changed), and after each edit every part the live
panel and the documents read is compared with a cold analysis of the same session: one
with a memo of its own, of a copy of the session that shares no object with it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from benchmarks.synthetic import synthetic_session
from model.analysis import Analysis, analyse
from model.catalog import PricingModel, load_catalog
from model.edits import (
    add_component,
    answer_finding,
    explicit_links,
    remove_component,
    rename_component,
    update_component,
)
from model.engines.graph import request_flow, request_paths, single_points_of_failure
from model.enums import Category
from model.memo import Memo
from model.sections.components import USERS, Link
from model.session import PriceOverride, Session, replace
from sessions.bundled import EXAMPLES, load_example

Edit = Callable[[Session, random.Random], Session]

TODAY = dt.date(2026, 1, 5)
"""The date answers are recorded on."""

BASES: dict[str, Session] = {
    **{name: load_example(name) for name in sorted(EXAMPLES)},
    "synthetic-12": synthetic_session(12),
    "synthetic-40": synthetic_session(40),
}
"""The designs the edit sequences start from."""


def _component_field(session: Session, rnd: random.Random) -> Session:
    """One component with another size, replica count, zones, name or autoscaling: half
    the time a compute service or a database, whose figures the most depends on."""
    runs = [c for c in session.components if c.category in (Category.COMPUTE, Category.DATABASE)]
    component = rnd.choice(runs if runs and rnd.random() < 0.5 else session.components)
    service = load_catalog()[component.service]
    sizes = [s.name for s in service.pricing.sizes]
    change: dict[str, Any] = rnd.choice(
        [
            {"replicas": rnd.randint(1, 4)},
            {"multi_az": not component.multi_az},
            {"size": rnd.choice([*sizes, None]) if sizes else None},
            {"name": f"{component.name} {rnd.randint(2, 9)}"},
            {"autoscaling": None if component.autoscaling else {"min": 1, "max": 6}},
        ]
    )
    return update_component(session, component.evolve(**change))


def _service(session: Session, rnd: random.Random) -> Session:
    """One component moved to another service of its category on the session's provider."""
    component = rnd.choice(session.components)
    choices = load_catalog().choices(component.category, session.provider)
    if not choices:
        return session
    service = rnd.choice(choices)
    return update_component(session, component.evolve(service=service.id, size=None))


def _add(session: Session, rnd: random.Random) -> Session:
    """A new component of a random category with a service there."""
    category = rnd.choice([c for c in Category if c is not Category.EXTERNAL])
    choices = load_catalog().choices(category, session.provider)
    if not choices:
        return session
    return add_component(session, category, rnd.choice(choices).id)[0]


def _remove(session: Session, rnd: random.Random) -> Session:
    """One component fewer, with its links."""
    return remove_component(session, rnd.choice(session.components).id)


def _rename(session: Session, rnd: random.Random) -> Session:
    """One component with another id, its links following."""
    component = rnd.choice(session.components)
    return rename_component(session, component.id, f"{component.id[:40]}-r{rnd.randint(0, 99)}")


def _context(session: Session, rnd: random.Random) -> Session:
    """The context with another load, data, team, target or budget."""
    context = session.context
    change: dict[str, Any] = rnd.choice(
        [
            {"users": rnd.choice([0, 500, 20_000, 3_000_000])},
            {"peak_rps": rnd.choice([0.0, 5.0, 300.0, 20_000.0])},
            {"data_gb": rnd.choice([0.0, 10.0, 800.0, 50_000.0])},
            {"team_size": rnd.randint(1, 40)},
            {"availability_target_percent": rnd.choice([99.0, 99.9, 99.95, 99.99])},
            {"monthly_budget_usd": rnd.choice([None, 100.0, 5_000.0])},
            {"growth_percent_per_month": rnd.choice([0.0, 5.0, 30.0])},
        ]
    )
    return replace(session, context=context.evolve(**change))


def _regions(session: Session, rnd: random.Random) -> Session:
    """The design in one or two other regions of its cloud (the first prices it)."""
    regions = load_catalog().regions
    ids = [r.id for cloud in regions.clouds(session.provider) for r in regions[cloud].regions]
    if not ids:
        return session
    chosen = tuple(rnd.sample(ids, k=min(len(ids), rnd.randint(1, 2))))
    return replace(session, context=session.context.evolve(regions=chosen))


def _link(session: Session, rnd: random.Random) -> Session:
    """The links made explicit, with one removed, added or of another kind."""
    links = list(explicit_links(session))
    action = rnd.randrange(3)
    if action == 0 and links:
        links.pop(rnd.randrange(len(links)))
    elif action == 1 and links:
        at = rnd.randrange(len(links))
        kinds = ["request", "async", "side"]
        links[at] = links[at].evolve(kind=rnd.choice([k for k in kinds if k != links[at].kind]))
    else:
        ids = [c.id for c in session.components]
        source, target = rnd.choice([USERS, *ids]), rnd.choice(ids)
        links.append(Link(source=source, target=target, label="HTTPS"))
    return replace(session, links=tuple(links))


def _backups(session: Session, rnd: random.Random) -> Session:
    """Backups switched, with or without point-in-time recovery and a copy elsewhere."""
    backups = session.security.backups
    change: dict[str, Any] = rnd.choice(
        [
            {"enabled": not backups.enabled},
            {"point_in_time_recovery": not backups.point_in_time_recovery},
            {"cross_region_copy": not backups.cross_region_copy},
        ]
    )
    security = session.security.evolve(backups=backups.evolve(**change))
    return replace(session, security=security)


def _override(session: Session, rnd: random.Random) -> Session:
    """A price override of one component's service added, or the overrides dropped."""
    if session.price_overrides and rnd.random() < 0.5:
        return replace(session, price_overrides=())
    service = load_catalog()[rnd.choice(session.components).service]
    if service.pricing.model is PricingModel.NOT_PUBLIC:
        return session
    override = PriceOverride(
        service=service.id, price_usd=rnd.choice([0.01, 3.0, 250.0]), source="a quote"
    )
    kept = tuple(o for o in session.price_overrides if o.service != service.id)
    return replace(session, price_overrides=(*kept, override))


def _answer(session: Session, rnd: random.Random) -> Session:
    """A finding answered (or its answer withdrawn)."""
    findings = analyse(session).findings
    if not findings:
        return session
    answer = rnd.choice(["", "accepted for the pilot"])
    return answer_finding(session, rnd.choice(findings), answer, TODAY)


EDITS: tuple[Edit, ...] = (
    _component_field,
    _component_field,
    _service,
    _add,
    _remove,
    _rename,
    _context,
    _regions,
    _link,
    _backups,
    _override,
    _answer,
)
"""The edits drawn from; component fields twice, as in a workshop."""


def _parts(analysis: Analysis) -> dict[str, object]:
    """Every part the live panel and the documents read, as comparable values (but the
    trade-offs and crossovers, which take longer than the rest together: compared once a
    sequence)."""
    graph = analysis.graph
    reliability = analysis.reliability
    return {
        "nodes": [(n, data["node"]) for n, data in graph.nodes(data=True)],
        "edges": list(graph.edges(data="link")),
        "flow": list(request_flow(graph).edges()),
        "paths": request_paths(graph),
        "single points": single_points_of_failure(graph),
        "cost": analysis.cost,
        "lines": [analysis.line(c) for c in analysis.cost_model.billed()],
        "reliability": reliability,
        "what if": [
            reliability.what_if(c.component_id, 99.0, estimate=estimate)
            for c in reliability.components
            for estimate in (False, True)
        ],
        "findings": analysis.findings,
        "open": analysis.open_findings,
        "tally": analysis.tally,
        "opportunities": analysis.opportunities,
        "right sizings": analysis.right_sizings,
    }


def _cold(session: Session) -> Analysis:
    """A full recompute: a copy of `session` sharing no object with it, and a fresh memo."""
    copy = Session.model_validate(session.model_dump(mode="json"))
    return Analysis(copy, load_catalog(), Memo())


@settings(
    max_examples=32,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.sampled_from(sorted(BASES)),
    st.lists(
        st.tuples(st.sampled_from(range(len(EDITS))), st.integers(0, 2**32)),
        min_size=1,
        max_size=5,
    ),
)
def test_incremental_analysis_equals_a_full_recompute(
    base: str, steps: list[tuple[int, int]]
) -> None:
    session = BASES[base]
    _ = analyse(session).live_parts()
    for edit, seed in steps:
        try:
            edited = EDITS[edit](session, random.Random(seed))
        except ValidationError:
            continue  # an edit the model refuses leaves the session as it was
        if edited is session:
            continue
        session = edited
        incremental = analyse(session)
        # The live panel's parts first, as the app's worker derives them.
        incremental.live_parts()
        expected = _parts(_cold(session))
        actual = _parts(incremental)
        for name, value in expected.items():
            assert actual[name] == value, f"{name} differs after {EDITS[edit].__name__}"
    cold = _cold(session)
    assert analyse(session).tradeoffs == cold.tradeoffs
    assert analyse(session).crossovers == cold.crossovers


def test_an_edit_reprices_only_what_it_changes() -> None:
    """A component edit reuses the lines, ratings and request paths of the rest: the
    second analysis takes the same objects from the first's memo, except the edited
    component's line and the metrics service's, billed per compute host (the edit adds
    one)."""
    session = synthetic_session(40)
    before = analyse(session)
    before.live_parts()
    target = next(c for c in session.components if c.id == "svc-001")
    after = analyse(update_component(session, target.evolve(replicas=3)))
    after.live_parts()
    repriced = {c.id for c in after.cost_model.billed() if after.line(c) is not before.line(c)}
    assert repriced == {"svc-001", "metrics"}
    assert after.graph is not before.graph
    assert request_flow(after.graph) is request_flow(before.graph)
    assert after.cost == _cold(after.session).cost
    assert after.reliability == _cold(after.session).reliability
