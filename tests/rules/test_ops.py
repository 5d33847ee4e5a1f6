"""The release and alerting rules (`model/skeptic/rules/ops.py`) on designs that ship without
a way back or a way to hear about an outage, their figures from the target and the prices.

A 99% target allows 1% of the average month's 43,830 minutes: 438 min. The staging rule's
figure is a share of the whole bill, so its design is one RDS database, short enough to
add up. The on-call rule's trigger test is in `tests/test_senior_rules.py` (`registry.py`
names it); its case is here.
"""

from __future__ import annotations

import pytest

from model.enums import AlertSeverity, Category, ChannelKind, DataSource, OnCallCoverage
from model.sections.channels import TARGETS, Channel
from model.sections.environments import Environment
from model.session import Session, replace
from model.skeptic.findings import Severity, dollars
from tests.engine_designs import design, part
from tests.rules.cases import HOURS, MINUTES, Case, clean, only
from tests.test_senior_rules import covered

BUDGET_99 = 0.01 * MINUTES
"""Minutes of downtime a 99% target allows a month: 438."""


def _one_database(*, staging: bool) -> Session:
    """One RDS for PostgreSQL database on db.m7g.large in one zone, released straight to
    production, or through a staging at a quarter of its size."""
    session = design(part("db", Category.DATABASE, "aws-rds-postgres", size="db.m7g.large"))
    if not staging:
        return session
    production = Environment(name="prod", branch="main", data=DataSource.LIVE)
    copy = Environment(name="staging", branch="main", size_percent=25)
    return replace(session, environments=(production, copy))


def _rollback(**changes: object) -> Session:
    """The clean design with its rollback plan changed."""
    deployment = clean().deployment
    return replace(clean(), deployment=deployment.evolve(rollback=deployment.rollback.evolve(
        **changes)))  # fmt: skip


def _channels(*kinds: tuple[ChannelKind, tuple[AlertSeverity, ...]]) -> Session:
    """The clean design with only these alert channels."""
    made = tuple(
        Channel(kind=kind, target=TARGETS[kind].example, severities=levels)
        for kind, levels in kinds
    )
    return replace(clean(), monitoring=clean().monitoring.evolve(channels=made))


def _uptime_check(enabled: bool) -> Session:
    monitoring = clean().monitoring
    check = monitoring.uptime_check.evolve(enabled=enabled)
    return replace(clean(), monitoring=monitoring.evolve(uptime_check=check))


CHAT = (ChannelKind.SLACK, (AlertSeverity.WARNING,))
PAGER = (ChannelKind.PAGERDUTY, (AlertSeverity.CRITICAL,))

CASES: dict[str, Case] = {
    "no-staging": Case(
        broken=lambda: _one_database(staging=False),
        fixed=lambda: _one_database(staging=True),
    ),
    "no-rollback-plan": Case(broken=lambda: _rollback(steps=()), fixed=clean),
    "slow-rollback": Case(
        broken=lambda: _rollback(eta_minutes=60),
        fixed=lambda: _rollback(eta_minutes=5),
    ),
    "alerts-routed-nowhere": Case(
        broken=lambda: _channels(CHAT),
        fixed=lambda: _channels(CHAT, PAGER),
    ),
    "criticals-page-nobody": Case(
        broken=lambda: _channels(
            (ChannelKind.EMAIL, (AlertSeverity.CRITICAL,)),
            (ChannelKind.SLACK, (AlertSeverity.CRITICAL, AlertSeverity.WARNING)),
        ),
        fixed=lambda: _channels(CHAT, PAGER),
    ),
    "no-uptime-check": Case(
        broken=lambda: _uptime_check(False),
        fixed=lambda: _uptime_check(True),
    ),
    "on-call-coverage-short": Case(
        broken=lambda: covered(clean(), OnCallCoverage.BUSINESS_HOURS, 99.95),
        fixed=lambda: covered(clean(), OnCallCoverage.AROUND_THE_CLOCK, 99.95),
    ),
}
"""The release and alerting rules' planted problems, and the same designs fixed."""


def test_releases_straight_to_production() -> None:
    finding = only(CASES["no-staging"].broken(), "no-staging")
    assert finding.severity is Severity.HIGH
    # The database's instance-hours ($0.168/h) and its 20 GB of gp3 ($0.115) scale with an
    # environment's size: a staging at 25% costs a quarter of $124.94.
    staging = 0.25 * (0.168 * HOURS + 20 * 0.115)
    assert finding.alternative_monthly == pytest.approx(staging)
    assert finding.message.startswith("Releases go from CI straight to production. ")
    assert f"a staging environment at 25% of production costs {dollars(staging)}." in (
        finding.message
    )


def test_no_way_back_from_a_bad_release() -> None:
    finding = only(CASES["no-rollback-plan"].broken(), "no-rollback-plan")
    assert finding.severity is Severity.HIGH
    assert finding.message == (
        "Rolling releases have no rollback steps: a bad release is fixed forward under "
        f"pressure, however long that takes, while the 99% target allows {BUDGET_99:,.0f} min "
        "of downtime a month."
    )
    assert f"{BUDGET_99:,.0f}" == "438"


def test_an_hour_long_rollback() -> None:
    finding = only(CASES["slow-rollback"].broken(), "slow-rollback")
    assert finding.severity is Severity.MEDIUM
    # 60 min is over the 30 min a rollback may take, though within the month's 438.
    assert finding.message == (
        f"The rollback takes 60 min; the 99% target allows {BUDGET_99:,.0f} min of downtime a "
        "month in total."
    )


def test_critical_alerts_with_nowhere_to_go() -> None:
    session = CASES["alerts-routed-nowhere"].broken()
    finding = only(session, "alerts-routed-nowhere")
    assert finding.severity is Severity.CRITICAL
    # The starter's thresholds: error rate, p95 and p99 latency, CPU, memory, disk, slow
    # queries, connections and replication lag.
    assert len(session.monitoring.thresholds) == 9
    assert finding.message.startswith(
        "9 alert thresholds are set but no channel receives critical alerts"
    )


def test_critical_alerts_in_chat_and_mail_while_p0_promises_a_page() -> None:
    finding = only(CASES["criticals-page-nobody"].broken(), "criticals-page-nobody")
    assert finding.severity is Severity.HIGH
    assert finding.message.startswith(
        "Critical alerts go to Email and Slack only, but P0 incidents promise a response "
        "within 15 min and say they page"
    )
    # PagerDuty Professional, $21 a user a month billed annually, for the team of 3.
    assert finding.alternative_monthly == pytest.approx(3 * 21)
    assert "PagerDuty Professional for 3: $63.00/month" in finding.alternative


def test_nothing_probes_from_outside() -> None:
    finding = only(CASES["no-uptime-check"].broken(), "no-uptime-check")
    assert finding.severity is Severity.MEDIUM
    assert (
        f"eats the {BUDGET_99:,.0f} min of downtime the 99% target allows a month unseen"
        in finding.message
    )
