"""Amazon OpenSearch Service in the catalog: what a domain costs by hand from AWS's us-east-1
on-demand rates, the SLA it carries as deployed, and the self-run cluster rule offering it
like for like.

The domain is three data nodes, one per zone with Multi-AZ, each with 20 GB of gp3 EBS.
A search index answers one search per ten requests: a 30 req/s peak is 3 searches a second.
"""

from __future__ import annotations

import pytest

from model.analysis import analyse
from model.enums import Category
from model.session import Session
from model.skeptic.findings import dollars
from tests.engine_designs import design, part

HOURS = 730.0
STORAGE = 3 * 20 * 0.122
"""Three nodes' 20 GB of gp3 at $0.122 per GB-month: $7.32."""


def domain(*, multi_az: bool = True, size: str | None = None) -> Session:
    """An OpenSearch Service domain alone, at a 30 req/s peak."""
    search = part("search", Category.SEARCH, "aws-opensearch-service", multi_az=multi_az)
    return design(search.evolve(size=size), peak_rps=30)


def test_a_domain_costs_three_data_nodes_and_their_storage() -> None:
    line = analyse(domain()).cost.line("search")
    assert line is not None
    # 3 × m6g.large.search at $0.128/h × 730 h = $280.32, plus $7.32 of gp3: $287.64.
    assert line.size == "m6g.large.search × 3 nodes"
    assert line.monthly == pytest.approx(3 * 0.128 * HOURS + STORAGE)
    assert line.monthly == pytest.approx(287.64)
    # Memory-optimised nodes: 3 × r6g.large.search at $0.167/h = $365.73, plus storage.
    memory = analyse(domain(size="r6g.large.search × 3 nodes")).cost.line("search")
    assert memory is not None and memory.monthly == pytest.approx(3 * 0.167 * HOURS + STORAGE)
    # The burstable t3.small.search nodes, for development: 3 × $0.036/h = $78.84.
    small = analyse(domain(size="t3.small.search × 3 nodes")).cost.line("search")
    assert small is not None and small.monthly == pytest.approx(3 * 0.036 * HOURS + STORAGE)


def test_the_domain_carries_ten_times_the_load_on_the_same_nodes() -> None:
    # 3 searches a second at 1x, 30 at 10x: well within the ~300 three m6g.large carry.
    projections = analyse(domain()).cost.projections
    assert [p.monthly_total for p in projections[:2]] == pytest.approx([287.64, 287.64])


def test_the_sla_covers_a_domain_spread_over_zones() -> None:
    # Multi-AZ: OpenSearch Service's 99.9%; managed across zones, the estimate expects a
    # tenth of the downtime it allows: 100 − 0.1 × 0.1 = 99.99%.
    [spread] = analyse(domain()).reliability.components
    assert (spread.percent, spread.estimate) == pytest.approx((99.9, 99.99))
    assert spread.basis == "multi-AZ SLA 99.9%"
    # Three nodes in one zone: no SLA applies, and nodes you size count as 99.5%.
    [one_zone] = analyse(domain(multi_az=False)).reliability.components
    assert (one_zone.percent, one_zone.estimate) == pytest.approx((99.5, 99.5))
    assert one_zone.basis == "no published SLA: 99.5% assumed"


def test_a_self_run_opensearch_cluster_on_aws_is_offered_the_managed_service() -> None:
    search = part("search", Category.SEARCH, "saas-opensearch-self-hosted", multi_az=True)
    [finding] = [
        f
        for f in analyse(design(search, peak_rps=30)).findings
        if f.rule == "self-run-cluster-light-load"
    ]
    # The cheapest managed search is Elastic Cloud's $160.31; OpenSearch like for like is
    # the domain above, $287.64.
    assert finding.alternative == (
        "Elastic Cloud Hosted (Standard), $160/month; or, if it must be OpenSearch, Amazon "
        f"OpenSearch Service (3 data nodes) at {dollars(3 * 0.128 * HOURS + STORAGE)}"
    )
