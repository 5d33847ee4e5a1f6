"""The resilience and data rules (`model/skeptic/rules/data.py`) on designs with one weak
zone, availability gap or backup setting, their figures from the published SLAs.

The clean design's request path and SLAs: Route 53 100%, CloudFront 99.9%, the S3 website
99.9%, the ALB 99.99%, Fargate across zones 99.99% (its multi-AZ SLA), RDS Multi-AZ 99.95%
(99.5% in one zone) and S3 for the files 99.9%: the composite floor is their product.
Recovery: the 5 GB database restores in 30 min + 5 GB at 200 GB/h = 31.5 min.
"""

from __future__ import annotations

import pytest

from model.enums import Category, Compliance
from model.session import Session
from model.skeptic.findings import Severity, dollars
from model.units import availability
from tests.engine_designs import design, part
from tests.rules.cases import (
    HOURS,
    MINUTES,
    Case,
    add,
    backups,
    clean,
    context,
    only,
    swap,
)

EDGE = 0.999**3
"""CloudFront, the S3 website and the S3 files, each 99.9%, as a fraction."""

RESTORE_MINUTES = 30 + 5 / 200 * 60
"""Provisioning (30 min) plus the 5 GB database at 200 GB an hour: 31.5 min."""


def _cache(*, multi_az: bool) -> Session:
    """The clean design with an ElastiCache node for sessions on the request path."""
    cache = part("cache", Category.CACHE, "aws-elasticache-redis", size="cache.m6g.large")
    return add(clean(), cache.evolve(multi_az=multi_az))


def _one_instance(*, spread: bool) -> Session:
    """The clean design's API on EC2 m7i.large: one instance, or two across zones."""
    return swap(
        clean(), "api", service="aws-ec2", size="m7i.large", replicas=2 if spread else 1,
        multi_az=spread, autoscaling=None,
    )  # fmt: skip


def _chain(*, db_multi_az: bool) -> Session:
    """Route 53 → ALB → two EC2 instances across zones → RDS on db.m7g.large, 99.9% target."""
    return design(
        part("dns", Category.DNS, "aws-route53"),
        part("lb", Category.LOAD_BALANCER, "aws-alb"),
        part("api", Category.COMPUTE, "aws-ec2", replicas=2, multi_az=True),
        part("db", Category.DATABASE, "aws-rds-postgres", size="db.m7g.large",
             multi_az=db_multi_az),
        links=(("users", "dns", "request"), ("dns", "lb", "request"), ("lb", "api", "request"),
               ("api", "db", "request")),
        availability_target_percent=99.9,
    )  # fmt: skip


CASES: dict[str, Case] = {
    "single-az-database": Case(
        broken=lambda: swap(clean(), "db", multi_az=False),
        fixed=clean,
    ),
    "single-node-cache": Case(
        broken=lambda: _cache(multi_az=False),
        fixed=lambda: _cache(multi_az=True),
    ),
    "single-point-of-failure": Case(
        broken=lambda: _one_instance(spread=False),
        fixed=lambda: _one_instance(spread=True),
    ),
    "availability-below-target": Case(
        broken=lambda: _chain(db_multi_az=False),
        fixed=lambda: _chain(db_multi_az=True),
    ),
    "no-backups": Case(broken=lambda: backups(clean(), enabled=False), fixed=clean),
    "backups-miss-rpo": Case(
        broken=lambda: backups(clean(), point_in_time_recovery=False),
        fixed=clean,
    ),
    "restore-never-tested": Case(
        broken=lambda: backups(clean(), restore_tested=False),
        fixed=clean,
    ),
    "rto-unmet": Case(
        broken=lambda: backups(clean(), rto_minutes=10),
        fixed=lambda: backups(clean(), rto_minutes=45),  # the 31.5 min restore fits
    ),
    "regional-outage-unrecoverable": Case(
        broken=lambda: context(clean(), availability_contractual=True),
        fixed=lambda: backups(
            context(clean(), availability_contractual=True), cross_region_copy=True
        ),
    ),
    "short-backup-retention": Case(
        broken=lambda: backups(clean(), retention_days=3),
        fixed=lambda: backups(clean(), retention_days=7),
    ),
}
"""The resilience and data rules' planted problems, and the same designs fixed."""


def test_a_database_in_one_zone() -> None:
    finding = only(CASES["single-az-database"].broken(), "single-az-database")
    assert finding.severity is Severity.HIGH
    # RDS in one zone: a 99.5% SLA allows 0.5% of 730 h = 3.65 h down a month.
    hours = 0.005 * HOURS
    # The composite floor with the database at 99.5%, then at its Multi-AZ 99.95%.
    now = EDGE * 0.9999**2 * 0.995 * 100
    then = EDGE * 0.9999**2 * 0.9995 * 100
    assert availability(now) == "99.182%" and availability(then) == "99.631%"
    # db.m7g.large at $0.168/h and 20 GB of gp3 at $0.115; the standby doubles both.
    single = 0.168 * HOURS + 20 * 0.115
    assert finding.current_monthly == pytest.approx(single)
    assert finding.alternative_monthly == pytest.approx(2 * single)
    assert finding.availability_delta == pytest.approx(then - now)
    assert (
        f"runs in one zone (SLA 99.5%): up to {hours:.1f} h of downtime a month" in finding.message
    )
    assert (
        f"Multi-AZ (multi-AZ SLA 99.95%) lifts the composite from {availability(now)} to "
        f"{availability(then)} against the 99% target, for {dollars(2 * single)} instead of "
        f"{dollars(single)}."
    ) in finding.message


def test_a_cache_node_in_one_zone() -> None:
    finding = only(CASES["single-node-cache"].broken(), "single-node-cache")
    assert finding.severity is Severity.MEDIUM
    # One node has no SLA: 99.5% is assumed for an instance you size; Multi-AZ's is 99.99%.
    now = EDGE * 0.9999**2 * 0.9995 * 0.995 * 100
    then = EDGE * 0.9999**2 * 0.9995 * 0.9999 * 100
    # cache.m6g.large at $0.149/h; Multi-AZ adds a replica.
    node = 0.149 * HOURS
    assert finding.current_monthly == pytest.approx(node)
    assert finding.alternative_monthly == pytest.approx(2 * node)
    assert (
        f"Cache (Amazon ElastiCache for Redis OSS) runs in one zone (no published SLA: 99.5% "
        f"assumed): up to {0.005 * HOURS:.1f} h of downtime a month"
    ) in finding.message
    assert (
        f"lifts the composite from {availability(now)} to {availability(then)} against the "
        f"99% target, for {dollars(2 * node)} instead of {dollars(node)}."
    ) in finding.message


def test_one_instance_in_front_of_everything() -> None:
    finding = only(CASES["single-point-of-failure"].broken(), "single-point-of-failure")
    assert finding.severity is Severity.HIGH
    # One EC2 instance: its 99.5% instance SLA; two across zones: the 99.99% region SLA.
    # The rest of the path (edge, ALB, the Multi-AZ database) multiplies either.
    rest = EDGE * 0.9999 * 0.9995
    delta = rest * (0.9999 - 0.995) * 100
    assert finding.availability_delta == pytest.approx(delta)
    # m7i.large at $0.1008/h: one, then two.
    one = 0.1008 * HOURS
    assert finding.current_monthly == pytest.approx(one)
    assert finding.alternative_monthly == pytest.approx(2 * one)
    assert (
        "API service runs as one instance and every request to db, files passes through it "
        f"(SLA 99.5%). Two instances across zones (multi-AZ SLA 99.99%) add "
        f"{availability(delta)} to the composite for {dollars(2 * one)}."
    ) == finding.message


def test_a_single_zone_database_against_99_9_percent() -> None:
    finding = only(CASES["availability-below-target"].broken(), "availability-below-target")
    # Floor: Route 53 100% × ALB 99.99% × EC2 in two zones 99.99% × RDS in one zone 99.5%.
    floor = 0.9999 * 0.9999 * 0.995
    # Estimate: the ALB is managed across zones, down a tenth of its allowance (99.999%);
    # the EC2 fleet you run keeps its 99.99%; the single-zone database its 99.5%.
    estimate = 0.99999 * 0.9999 * 0.995
    # (1 − 0.994891) × 43,830 min = 224 min against the 0.1% × 43,830 = 43.8 min a 99.9%
    # target allows: 5.1 times the budget, so HIGH.
    down, allowed = (1 - estimate) * MINUTES, 0.001 * MINUTES
    assert f"{down / allowed:.1f}" == "5.1"
    assert finding.severity is Severity.HIGH
    assert finding.title == (
        f"Availability {availability(estimate * 100)} by estimate, below the 99.9% target"
    )
    assert (
        f"the design estimate is {availability(estimate * 100)} (~{down:,.0f} min), "
        f"{down / allowed:.1f}× the downtime the 99.9% target allows {allowed:,.0f} min; "
        f"the SLAs of the request path promise {availability(floor * 100)} (up to "
        f"{(1 - floor) * MINUTES:,.0f} min down a month). Weakest link: Db (SLA 99.5%)."
    ) in finding.message
    # Multi-AZ lifts the database to 99.95%, expected at a tenth of its allowance: 99.995%.
    lifted = 0.99999 * 0.9999 * 0.99995
    single = 0.168 * HOURS + 20 * 0.115
    assert finding.alternative == (
        f"Multi-AZ Db ({dollars(2 * single)}) lifts the estimate to "
        f"{availability(lifted * 100)}, which meets the target"
    )
    assert finding.availability_delta == pytest.approx((lifted - estimate) * 100)


def test_backups_switched_off() -> None:
    finding = only(CASES["no-backups"].broken(), "no-backups")
    assert finding.severity is Severity.CRITICAL
    # The database holds half of the 10 GB (the file storage holds the other half).
    assert "Backups are off for Primary database (5 GB)" in finding.message


def test_daily_backups_against_an_hour_of_rpo() -> None:
    finding = only(CASES["backups-miss-rpo"].broken(), "backups-miss-rpo")
    assert finding.severity is Severity.HIGH
    # Without point-in-time recovery the last backup is up to a day old: 24 × 60 min.
    assert finding.message == (
        "The RPO is 60 min but restore 5 GB: 30 min + 200 GB/h, a backup every 24 h, no "
        f"point-in-time recovery: up to {24 * 60:,} min of writes lost."
    )


def test_a_restore_nobody_has_done() -> None:
    finding = only(CASES["restore-never-tested"].broken(), "restore-never-tested")
    assert finding.severity is Severity.MEDIUM
    assert f"{RESTORE_MINUTES:,.0f}" == "32"
    assert (
        f"A restore of 5 GB takes ~{RESTORE_MINUTES:,.0f} min by estimate against an RTO of "
        "240 min, and nobody has done one"
    ) in finding.message


def test_a_restore_longer_than_a_ten_minute_rto() -> None:
    finding = only(CASES["rto-unmet"].broken(), "rto-unmet")
    assert finding.severity is Severity.HIGH
    # A zone failure is the standby's ~2 min and meets 10 min; lost data needs the restore.
    assert finding.message == (
        "The RTO is 10 min. Deleted or corrupted data: restore 5 GB: 30 min + 200 GB/h, "
        f"point-in-time recovery (~5 min of writes) (~{RESTORE_MINUTES:,.0f} min)."
    )


def test_a_contractual_target_and_no_copy_outside_the_region() -> None:
    finding = only(CASES["regional-outage-unrecoverable"].broken(), "regional-outage-unrecoverable")
    # No copy of the data outside us-east-1 and customers hold the target as a contract.
    assert finding.severity is Severity.HIGH
    assert finding.title == "A region outage misses the 240-min RTO"
    assert "Everything runs in us-east-1 and no copy of the data leaves it" in finding.message
    assert "against an RTO of 240 min." in finding.message


def test_three_days_of_backups() -> None:
    finding = only(CASES["short-backup-retention"].broken(), "short-backup-retention")
    assert finding.severity is Severity.LOW
    assert finding.message == (
        "Backups are kept 3 days; a mistake found after a weekend and a release needs 7 days."
    )
    # Under an audited framework the bar is a month.
    audited = context(backups(clean(), retention_days=14), compliance=(Compliance.SOC2,))
    assert only(audited, "short-backup-retention").message == (
        "Backups are kept 14 days; SOC 2 audits expect 30 days."
    )
