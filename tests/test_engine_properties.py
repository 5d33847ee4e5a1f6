"""Properties of the engines over generated sessions: costs are sane, scale never makes a
design cheaper, a replica never hurts availability, and switching backups off never hides
a finding about them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.analysis import analyse
from model.sections.components import Autoscaling, Component
from model.session import Session, replace
from model.skeptic.findings import RuleTopic
from tests.strategies import sessions

SETTINGS = settings(max_examples=40, deadline=None)


@SETTINGS
@given(sessions())
def test_costs_are_never_negative(session: Session) -> None:
    cost = analyse(session).cost
    assert cost.monthly_total >= 0
    assert all(line.monthly is None or line.monthly >= 0 for line in cost.lines)
    assert all(c.monthly >= 0 for line in cost.lines for c in line.charges)
    assert all(e.monthly >= 0 for e in cost.environments)


@SETTINGS
@given(sessions())
def test_breakdown_sums_to_the_total(session: Session) -> None:
    cost = analyse(session).cost
    assert sum(g.monthly for g in cost.breakdown) == pytest.approx(cost.monthly_total)
    counted = sum(x.monthly for x in cost.lines if x.monthly is not None)
    assert counted == pytest.approx(cost.monthly_total)
    if cost.monthly_total > 0:
        assert sum(g.percent for g in cost.breakdown) == pytest.approx(100)


@SETTINGS
@given(sessions())
def test_more_scale_never_costs_less(session: Session) -> None:
    one, ten, hundred = (p.monthly_total for p in analyse(session).cost.projections)
    assert one <= ten * (1 + 1e-9) and ten <= hundred * (1 + 1e-9)


def with_one_more_replica(component: Component) -> Component:
    replicas = component.replicas + 1
    scaling = component.autoscaling
    if scaling is not None and scaling.max < replicas:
        scaling = Autoscaling(min=scaling.min, max=replicas)
    return component.evolve(replicas=replicas, autoscaling=scaling)


@SETTINGS
@given(sessions(), st.data())
def test_adding_a_replica_never_lowers_availability(session: Session, data: st.DataObject) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(session.components) - 1))
    components = list(session.components)
    components[index] = with_one_more_replica(components[index])
    before = analyse(session).reliability
    after = analyse(replace(session, components=tuple(components))).reliability
    assert after.sla_floor_percent >= before.sla_floor_percent - 1e-9
    for old, new in zip(before.components, after.components, strict=True):
        assert new.percent >= old.percent - 1e-9


@SETTINGS
@given(sessions(), st.booleans(), st.booleans())
def test_switching_backups_off_never_hides_a_backup_finding(
    session: Session, pitr: bool, tested: bool
) -> None:
    backups = session.security.backups.evolve(point_in_time_recovery=pitr, restore_tested=tested)
    on = replace(session, security=session.security.evolve(backups=backups))
    off = replace(on, security=on.security.evolve(backups=backups.evolve(enabled=False)))
    found_on = {f.rule for f in analyse(on).findings if f.topic is RuleTopic.BACKUPS}
    found_off = {f.rule for f in analyse(off).findings if f.topic is RuleTopic.BACKUPS}
    assert found_on <= found_off
    assert "no-backups" in found_off
