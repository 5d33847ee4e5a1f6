"""The capacity rules (`model/skeptic/rules/capacity.py`) on the clean design at a 500 req/s
peak, their figures from the catalog's per-size capacity and list prices.

A 0.5 vCPU Fargate task carries ~50 req/s, a db.m7g.large ~600 (two indexed queries a
request on dedicated vCPUs). The burstable-database rule's trigger test is in
`tests/test_senior_rules.py` (`registry.py` names it); its case is here.
"""

from __future__ import annotations

import math

import pytest

from model.sections.components import Autoscaling
from model.session import Session
from model.skeptic.findings import Severity, dollars
from tests.rules.cases import HOURS, Case, clean, context, only, swap


def _peak_of_500(*, most_tasks: int) -> Session:
    """The clean design at a 500 req/s peak with the API allowed up to `most_tasks` tasks."""
    session = context(clean(), peak_rps=500)
    return swap(session, "api", autoscaling=Autoscaling(min=2, max=most_tasks))


def _growing(size: str) -> Session:
    """A 500 req/s peak growing 10% a month, the API free to scale, the database on `size`."""
    session = context(_peak_of_500(most_tasks=10), growth_percent_per_month=10)
    return swap(session, "db", size=size)


CASES: dict[str, Case] = {
    "capacity-short": Case(
        broken=lambda: _peak_of_500(most_tasks=6),
        fixed=lambda: _peak_of_500(most_tasks=10),
    ),
    "no-headroom": Case(
        broken=lambda: _growing("db.m7g.large"),
        fixed=lambda: _growing("db.m7g.xlarge"),
    ),
    "burstable-production-database": Case(
        broken=lambda: swap(clean(), "db", size="db.t4g.small"),
        fixed=clean,  # db.m7g.large, the cheapest size with dedicated vCPUs
    ),
}
"""The capacity rules' planted problems, and the same designs fixed."""


def test_six_tasks_for_a_peak_that_needs_ten() -> None:
    finding = only(CASES["capacity-short"].broken(), "capacity-short")
    assert finding.severity is Severity.HIGH
    # 500 req/s at ~50 req/s a task: 10 tasks, against an autoscaling maximum of 6.
    assert finding.message == (
        "The 500 req/s peak needs 10 × 0.5 vCPU / 1 GB task (~50 req/s each) but at most 6 "
        "may run (autoscaling maximum)."
    )
    # Ten tasks at $0.024685/h: $180.20.
    ten = 10 * 0.024685 * HOURS
    assert finding.alternative_monthly == pytest.approx(ten)
    assert finding.alternative == f"10 × 0.5 vCPU / 1 GB task, {dollars(ten)} (as priced here)"


def test_a_database_at_83_percent_growing_ten_percent_a_month() -> None:
    finding = only(CASES["no-headroom"].broken(), "no-headroom")
    assert finding.severity is Severity.MEDIUM
    # 500 of the ~600 req/s a db.m7g.large carries is 83%; at 10% a month the peak reaches
    # it in ln(600 / 500) / ln(1.1) = 1.9 months.
    months = math.log(600 / 500) / math.log(1.1)
    assert f"{months:.0f}" == "2"
    assert finding.message == (
        "Primary database (1 × db.m7g.large) carries ~600 req/s and the peak is 500 (83%); at "
        f"10% growth a month it is full in {months:.0f} months."
    )
    # db.m7g.large ($0.168/h) and db.m7g.xlarge ($0.336/h, ~1,200 req/s), each with its
    # standby and 2 × 20 GB of gp3 at $0.115.
    large = 2 * 0.168 * HOURS + 2 * 20 * 0.115
    xlarge = 2 * 0.336 * HOURS + 2 * 20 * 0.115
    assert finding.current_monthly == pytest.approx(large)
    assert finding.alternative_monthly == pytest.approx(xlarge)
    assert finding.alternative == f"db.m7g.xlarge (~1,200 req/s), {dollars(xlarge)}"
