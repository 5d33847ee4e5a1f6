"""The money and vendor rules (`model/skeptic/rules/money.py`): budget, growth and monitoring
spend on designs of one or two components, so the whole bill adds up by hand, and a
retiring pager on the clean design.
"""

from __future__ import annotations

import math

import pytest

from model.enums import Category, DataSource
from model.sections.environments import Environment
from model.session import Session, replace
from model.skeptic.findings import Severity, dollars
from tests.engine_designs import design, part
from tests.rules.cases import HOURS, Case, add, clean, only

DATABASE = 0.168 * HOURS + 20 * 0.115
"""RDS for PostgreSQL on db.m7g.large in one zone with its 20 GB storage minimum: $124.94."""


def _database_and_staging(staging_percent: float) -> Session:
    """One RDS database, a $150 budget, and a staging at `staging_percent` of production."""
    session = design(
        part("db", Category.DATABASE, "aws-rds-postgres", size="db.m7g.large"),
        monthly_budget_usd=150,
    )
    environments = (
        Environment(name="prod", branch="main", data=DataSource.LIVE),
        Environment(name="staging", branch="main", size_percent=staging_percent),
    )
    return replace(session, environments=environments)


def _dynamodb(budget: float) -> Session:
    """DynamoDB on demand at 10M requests a month, growing 10% a month, against `budget`."""
    return design(
        part("db", Category.DATABASE, "aws-dynamodb"),
        monthly_budget_usd=budget,
        growth_percent_per_month=10,
    )


def _logged_in(service: str) -> Session:
    """DynamoDB at 200M requests a month with every request logged in `service`."""
    return design(
        part("db", Category.DATABASE, "aws-dynamodb"),
        part("logs", Category.LOGS, service),
        monthly_requests_millions=200,
    )


CASES: dict[str, Case] = {
    "retiring-service": Case(
        broken=lambda: add(clean(), part("pager", Category.ONCALL, "saas-opsgenie")),
        fixed=lambda: add(clean(), part("pager", Category.ONCALL, "saas-pagerduty")),
    ),
    "over-budget": Case(
        broken=lambda: _database_and_staging(50),
        fixed=lambda: _database_and_staging(20),  # a smaller staging, as it suggests
    ),
    "budget-runway": Case(
        broken=lambda: _dynamodb(3.00),
        fixed=lambda: _dynamodb(10.00),  # a budget that grows with the year
    ),
    "monitoring-cost-share": Case(
        broken=lambda: _logged_in("saas-datadog-logs"),
        fixed=lambda: _logged_in("aws-cloudwatch-logs"),
    ),
}
"""The money and vendor rules' planted problems, and the same designs fixed."""


def test_a_pager_its_vendor_no_longer_sells() -> None:
    finding = only(CASES["retiring-service"].broken(), "retiring-service")
    assert finding.severity is Severity.MEDIUM
    assert finding.title == "Opsgenie (Atlassian) is being retired"
    # The catalog's retirement dates, from Atlassian's end-of-sale notice.
    assert finding.message == (
        "Pager runs on Opsgenie (Atlassian): No longer sold to new customers since June "
        "2025; support ends April 2027."
    )
    # Three users: Opsgenie Essentials at $9.45 each, PagerDuty Professional at $21.
    assert finding.current_monthly == pytest.approx(3 * 9.45)
    assert finding.alternative_monthly == pytest.approx(3 * 21)
    assert (
        finding.alternative == "the vendor's successor, or PagerDuty (Professional) ($63.00/month)"
    )


def test_a_half_size_staging_takes_the_bill_over_budget() -> None:
    finding = only(CASES["over-budget"].broken(), "over-budget")
    assert finding.severity is Severity.HIGH
    # Production $124.94 and staging at half of it, every charge scaling with size.
    everything = 1.5 * DATABASE
    assert finding.title == f"Over budget by {dollars(everything - 150)}"
    assert finding.message == (
        f"All environments cost {dollars(everything)} (production {dollars(DATABASE)}) "
        "against a budget of $150/month."
    )
    assert finding.current_monthly == pytest.approx(everything)


def test_ten_percent_growth_passes_the_budget_in_four_months() -> None:
    finding = only(CASES["budget-runway"].broken(), "budget-runway")
    assert finding.severity is Severity.MEDIUM
    # 10M requests at $0.225 a million is $2.25 (10 GB of its 25 GB storage is free).
    # Growing 10% a month it passes $3.00 when 1.1^m > 3 / 2.25: m > 3.02, so month 4.
    today = 10 * 0.225
    month = math.ceil(math.log(3.00 / today) / math.log(1.1))
    scale = 1.1**month
    assert month == 4
    assert finding.title == "Budget runs out in 4 months"
    assert finding.message == (
        f"At 10% growth a month, {math.floor(1000 * scale):,} users in 4 months bring the bill "
        f"to ~{dollars(today * scale)} against the $3.00/month budget (today {dollars(today)})."
    )


def test_logs_at_89_percent_of_the_bill() -> None:
    finding = only(CASES["monitoring-cost-share"].broken(), "monitoring-cost-share")
    assert finding.severity is Severity.MEDIUM
    # Datadog: 200M logged requests at $1.80 a million (ingest and indexing) = $360;
    # DynamoDB: 200M operations at $0.225 a million = $45 (its 10 GB stored free).
    logs, total = 200 * 1.80, 200 * 1.80 + 200 * 0.225
    assert finding.title == f"Monitoring is {logs / total * 100:.0f}% of the bill"
    assert finding.message == (
        f"Monitoring costs {dollars(logs)} of {dollars(total)} in production "
        f"(Logs {dollars(logs)})."
    )
    # Keeping one request log in five: 40M at $1.80 = $72.
    sampled = 200 * 0.2 * 1.80
    assert finding.alternative_monthly == pytest.approx(sampled)
    assert finding.alternative.endswith(f": {dollars(sampled)}")
