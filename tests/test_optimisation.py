"""Optimisation opportunities and crossovers against hand-computed figures."""

from __future__ import annotations

from typing import Any

import pytest

from model.analysis import analyse
from model.engines.optimisation import Opportunity, OpportunityKind
from model.enums import Category
from model.sections.components import Component
from tests.engine_designs import design, part


def found(kind: OpportunityKind, *parts: Component, **context: Any) -> Opportunity:
    """The one opportunity of `kind` on a design of `parts`."""
    [opportunity] = [o for o in analyse(design(*parts, **context)).opportunities if o.kind is kind]
    return opportunity


def test_reserved_capacity_uses_the_catalog_discount() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres", size="db.t4g.small")
    o = found(OpportunityKind.RESERVED, db, data_gb=0)
    # 1-year reserved DB instance: 30% off 0.032 × 730 = 23.36 → saves 7.008; the line also
    # bills RDS's 20 GB storage minimum (2.30), which no reservation covers.
    assert o.current_monthly == pytest.approx(23.36 + 20 * 0.115)
    assert o.savings == pytest.approx(23.36 * 0.30)
    assert o.savings_percent == pytest.approx(23.36 * 0.30 / (23.36 + 2.30) * 100)  # 27.3
    assert o.source.startswith("https://aws.amazon.com/rds/reserved-instances")


def test_autoscaling_down_off_peak() -> None:
    fleet = part("api", Category.COMPUTE, "aws-ec2", replicas=2, multi_az=True)
    o = found(OpportunityKind.AUTOSCALING, fleet, peak_rps=800)
    # Peak 800 req/s needs 8 × t3.medium; the average (200 req/s) needs 2. Half the hours
    # at 2 instead of 8 saves (8 − 2) × 0.5 × 0.0416 × 730.
    assert o.current_monthly == pytest.approx(8 * 0.0416 * 730)
    assert o.savings == pytest.approx(6 * 0.5 * 0.0416 * 730)
    assert "minimum of 2" in o.action


def test_storage_lifecycle_moves_half_to_the_archive() -> None:
    files = part("files", Category.OBJECT_STORAGE, "aws-s3")
    o = found(OpportunityKind.LIFECYCLE, files, data_gb=1000, monthly_requests_millions=0)
    # Half of 1,000 GB from $0.023 to Glacier Flexible Retrieval at $0.0036.
    assert o.savings == pytest.approx(500 * (0.023 - 0.0036))


def test_cdn_offload_for_a_frontend_serving_the_internet() -> None:
    web = part("web", Category.FRONTEND_HOSTING, "aws-s3-static-website")
    # 400,000 users download the single-page app's 5 MB a month: 2,000 GB.
    o = found(OpportunityKind.CDN_OFFLOAD, web, users=400_000)
    # Today: (2,000 − 100) GB × $0.09 + 1 GB × $0.023 + 10M GETs × $0.40 = 175.023.
    assert o.current_monthly == pytest.approx(1900 * 0.09 + 0.023 + 4.0)
    # Behind CloudFront: (2,000 − 1,000 free) GB × $0.085 + 10M requests (all free), and
    # the origin keeps 1M GETs and the bundle: 85 + 0.40 + 0.023.
    assert o.optimised_monthly == pytest.approx(1000 * 0.085 + 0.40 + 0.023)
    assert "CloudFront" in o.action


def test_right_sizing_keeps_seventy_percent_headroom() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres", size="db.m7g.xlarge")
    o = found(OpportunityKind.RIGHT_SIZING, db, peak_rps=100, data_gb=0)
    # 100 req/s would fit db.t4g.small at 67% of its 150, but a production database is never
    # moved to a burstable class: the cheapest dedicated size is db.m7g.large, 0.336 → 0.168.
    assert o.savings == pytest.approx((0.336 - 0.168) * 730)
    assert "db.m7g.large" in o.action
    assert "t4g" not in o.action


def test_a_burstable_database_is_never_right_sized_to_a_smaller_burstable() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres", size="db.t4g.large")
    kinds = {o.kind for o in analyse(design(db, peak_rps=10, data_gb=0)).opportunities}
    # db.t4g.small or .medium would carry 10 req/s; both are burstable, so nothing is proposed.
    assert OpportunityKind.RIGHT_SIZING not in kinds


def test_a_busy_database_is_not_right_sized() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres", size="db.t4g.medium")
    kinds = {o.kind for o in analyse(design(db, peak_rps=200, data_gb=0)).opportunities}
    assert OpportunityKind.RIGHT_SIZING not in kinds  # 200 of 250 is already 80%


def test_log_sampling_keeps_one_in_five() -> None:
    logs = part("logs", Category.LOGS, "aws-cloudwatch-logs")
    o = found(OpportunityKind.SAMPLING, logs, monthly_requests_millions=500)
    # (500 − 5) × $0.50 = 247.50 → (500 × 0.2 − 5) × $0.50 = 47.50.
    assert o.current_monthly == pytest.approx(247.5)
    assert o.optimised_monthly == pytest.approx(47.5)


def test_opportunities_below_a_dollar_are_left_out() -> None:
    files = part("files", Category.OBJECT_STORAGE, "aws-s3")
    assert analyse(design(files, data_gb=10, monthly_requests_millions=0)).opportunities == ()


def test_lambda_is_cheaper_than_fargate_below_a_crossing() -> None:
    api = part("api", Category.COMPUTE, "aws-ecs-fargate", replicas=2, multi_az=True)
    session = design(api, peak_rps=10, monthly_requests_millions=10, users=1000)
    [lambda_] = [c for c in analyse(session).crossovers if c.alternative == "aws-lambda"]
    # Fargate: 2 × 0.024685 × 730 = 36.04 until the peak needs a third task (above 100
    # req/s, i.e. 10x). Lambda: (10s − 1) × 1.0333 for s times the baseline, equal to
    # 36.04 at s = (36.04 / 1.0333 + 1) / 10 ≈ 3.59, about 3,590 users.
    [crossing] = lambda_.crossings
    assert crossing.cheaper_below == "aws-lambda"
    assert crossing.cheaper_above == "aws-ecs-fargate"
    expected = (2 * 0.024685 * 730 / 1.0333 + 1) / 10 * 1000
    assert crossing.users == pytest.approx(expected, rel=1e-3)
    assert "AWS Lambda below ~3,600 users" in lambda_.summary


def test_alternatives_come_from_the_same_provider_and_are_not_retiring() -> None:
    pager = part("pager", Category.ONCALL, "saas-pagerduty")
    assert [c.alternative for c in analyse(design(pager)).crossovers] == []  # Opsgenie is retiring


def test_every_crossing_of_stepped_costs_is_found() -> None:
    # Fargate 0.5 vCPU tasks carry 50 req/s at 0.024685/h; EC2 t3.medium carries 100 req/s at
    # 0.0416/h; both keep two instances. At 15 req/s per 1,000 users the fleets step at every
    # 50 req/s (Fargate) and 100 req/s (EC2):
    # - up to 150 req/s (10,000 users): Fargate 3 × 18.02 = 54.06 < EC2 2 × 30.37 = 60.74;
    # - up to 200 req/s: Fargate 4 tasks, 72.08 > 60.74, so EC2 is cheaper;
    # - up to 250 req/s: Fargate 5 tasks, 90.10 < EC2 3 × 30.37 = 91.10;
    # - above 250 req/s (16,667 users): Fargate 6 tasks, 108.12 > 91.10.
    api = part("api", Category.COMPUTE, "aws-ecs-fargate", replicas=2)
    session = design(api, peak_rps=15, monthly_requests_millions=10, users=1000)
    [ec2] = [c for c in analyse(session).crossovers if c.alternative == "aws-ec2"]
    users = [round(c.users) for c in ec2.crossings]
    assert users[:3] == [pytest.approx(10_000, rel=1e-3), pytest.approx(13_333, rel=1e-3),
                         pytest.approx(16_667, rel=1e-3)]  # fmt: skip
    assert [c.cheaper_below for c in ec2.crossings[:3]] == [
        "aws-ecs-fargate",
        "aws-ec2",
        "aws-ecs-fargate",
    ]


def test_data_stores_are_compared_only_with_ones_that_can_replace_them() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres")
    cache = part("cache", Category.CACHE, "aws-elasticache-redis")
    alternatives = {(c.component_id, c.alternative) for c in analyse(design(db, cache)).crossovers}
    # Aurora PostgreSQL replaces RDS PostgreSQL; DynamoDB (a key-value store) does not, nor
    # Memcached Redis.
    assert ("db", "aws-aurora-postgres") in alternatives
    assert ("db", "aws-dynamodb") not in alternatives
    assert ("cache", "aws-elasticache-memcached") not in alternatives
