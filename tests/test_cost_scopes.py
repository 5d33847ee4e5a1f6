"""Fees counted once: bundled prices, included credits, minimums and organisation fees.

Every expected value is the arithmetic from the catalog's list prices, written out.
"""

from __future__ import annotations

import pytest

from model.analysis import analyse
from model.engines.cost import CostEstimate
from model.enums import Category, Provider
from model.sections.environments import Environment
from model.session import replace
from tests.engine_designs import design, part


def line_cost(cost: CostEstimate, component_id: str) -> float:
    """The monthly cost of one component's line (which must be public)."""
    line = cost.line(component_id)
    assert line is not None and line.monthly is not None
    return line.monthly


FRONT_DOOR = part("edge", Category.CDN, "azure-front-door")
PREMIUM_WAF = part("waf", Category.WAF, "azure-front-door-waf")


def test_front_door_premium_replaces_the_standard_base_fee() -> None:
    # Context: 100 GB out and 10M requests a month.
    alone = analyse(design(FRONT_DOOR, provider=Provider.AZURE)).cost
    assert line_cost(alone, "edge") == pytest.approx(100 * 0.083 + 35.0 + 10 * 0.90)  # 52.30
    both = analyse(design(FRONT_DOOR, PREMIUM_WAF, provider=Provider.AZURE)).cost
    assert line_cost(both, "edge") == pytest.approx(100 * 0.083 + 10 * 0.90)  # 17.30
    assert line_cost(both, "waf") == pytest.approx(330.0)
    assert both.monthly_total == pytest.approx(17.30 + 330.0)
    line = both.line("edge")
    assert line is not None
    base = next(c for c in line.charges if c.key == "base")
    assert base.monthly == 0
    assert base.detail == "included in Azure WAF on Front Door Premium's price: $0"


def test_one_cloudflare_plan_covers_the_cdn_and_the_waf() -> None:
    cdn = part("cdn", Category.CDN, "saas-cloudflare-cdn")
    waf = part("waf", Category.WAF, "saas-cloudflare-waf")
    # 50,000 users is past the Free plan's 10,000: Pro at $20 a month, paid once.
    cost = analyse(design(cdn, waf, users=50_000)).cost
    assert line_cost(cost, "cdn") == 0.0
    assert line_cost(cost, "waf") == pytest.approx(20.0)
    assert cost.monthly_total == pytest.approx(20.0)


def test_supabase_pro_deducts_its_compute_credit_and_bills_the_plan_once() -> None:
    micro = part("db", Category.DATABASE, "saas-supabase", size="Micro")
    small = part("db", Category.DATABASE, "saas-supabase", size="Small")
    # 10 GB of data, 8 GB included: 2 GB x $0.125 = $0.25 of disk.
    micro_cost = analyse(design(micro)).cost
    # Micro: 730 h x $0.01344 = $9.81, all of it inside the $10 credit.
    assert line_cost(micro_cost, "db") == pytest.approx(0 + 25.0 + 2 * 0.125)
    small_cost = analyse(design(small)).cost
    # Small: 730 h x $0.0206 = $15.04, less the $10 credit.
    assert line_cost(small_cost, "db") == pytest.approx(730 * 0.0206 - 10 + 25.0 + 0.25)
    line = small_cost.line("db")
    assert line is not None
    assert "− $10.00 included credit" in line.charges[0].detail


def test_the_supabase_plan_is_an_organisation_fee_not_paid_again_by_dev() -> None:
    small = part("db", Category.DATABASE, "saas-supabase", size="Small")
    session = design(small)
    session = replace(
        session,
        environments=(
            Environment(name="dev", branch="develop", size_percent=50),
            Environment(name="staging", branch="main", size_percent=50),
            Environment(name="prod", branch="main", size_percent=100),
        ),
    )
    cost = analyse(session).cost
    dev = next(e for e in cost.environments if e.name == "dev")
    # Dev pays half the usage (compute after credit, disk) and not the $25 plan.
    usage = (730 * 0.0206 - 10) + 2 * 0.125
    assert dev.monthly == pytest.approx(usage * 0.5)


def test_rds_bills_its_minimum_storage() -> None:
    rds = part("db", Category.DATABASE, "aws-rds-postgres", size="db.t4g.small")
    # 10 GB of data, but RDS gp3 storage starts at 20 GB.
    line = analyse(design(rds, data_gb=10)).cost.line("db")
    assert line is not None and line.monthly is not None
    assert line.monthly == pytest.approx(730 * 0.032 + 20 * 0.115)
    storage = next(c for c in line.charges if c.key == "storage")
    assert storage.detail == "20 (the minimum; 10 used) GB × $0.115 = $2.30"
    # Past the minimum the data decides.
    bigger = analyse(design(rds, data_gb=50)).cost.line("db")
    assert bigger is not None and bigger.monthly is not None
    assert bigger.monthly == pytest.approx(730 * 0.032 + 50 * 0.115)
