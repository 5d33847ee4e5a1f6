"""Availability and recovery against hand-computed figures."""

from __future__ import annotations

import pytest

from model.analysis import analyse
from model.engines.reliability import Reliability, parallel, series
from model.enums import Category, Provider
from model.sections.components import Component
from model.session import replace
from tests.engine_designs import design, part

CHAIN = (
    ("users", "dns", "request"),
    ("dns", "lb", "request"),
    ("lb", "api", "request"),
    ("api", "db", "request"),
)


def chain(*, db_multi_az: bool = False, api_replicas: int = 2) -> tuple[Component, ...]:
    return (
        part("dns", Category.DNS, "aws-route53"),
        part("lb", Category.LOAD_BALANCER, "aws-alb"),
        part("api", Category.COMPUTE, "aws-ec2", replicas=api_replicas, multi_az=True),
        part("db", Category.DATABASE, "aws-rds-postgres", multi_az=db_multi_az),
    )


def percent_of(result: Reliability, component_id: str) -> float:
    """One component's availability."""
    record = result.of(component_id)
    assert record is not None
    return record.percent


def test_series_is_the_product_and_parallel_the_complement() -> None:
    assert series([99.9, 99.9]) == pytest.approx(99.8001)  # 0.999 × 0.999
    assert parallel(99.5, 2) == pytest.approx(99.9975)  # 1 − 0.005²


def test_composite_of_a_simple_chain() -> None:
    session = design(*chain(), links=CHAIN, availability_target_percent=99.9)
    result = analyse(session).reliability
    # Route 53 100% × ALB 99.99% × EC2 across zones 99.99% (multi-AZ SLA) × RDS single 99.5%
    expected = 1.0 * 0.9999 * 0.9999 * 0.995 * 100  # 99.480100...
    assert result.composite_percent == pytest.approx(expected)
    assert not result.meets_target
    assert result.weakest_link is not None and result.weakest_link.component_id == "db"
    # Downtime: (100 − 99.4801)% of 43,830 minutes ≈ 227.9 min.
    assert result.downtime_minutes_per_month == pytest.approx((100 - expected) / 100 * 43_830)
    assert result.allowed_downtime_minutes_per_month == pytest.approx(0.1 / 100 * 43_830)
    [path] = result.paths
    assert path.nodes == ("dns", "lb", "api", "db")
    assert path.percent == pytest.approx(expected)
    assert path.weakest == "db"


def test_multi_az_database_uses_the_published_multi_az_sla() -> None:
    session = design(*chain(db_multi_az=True), links=CHAIN)
    # RDS Multi-AZ: 99.95%. 0.9999 × 0.9999 × 0.9995 = 0.99930011
    assert analyse(session).reliability.composite_percent == pytest.approx(99.930011, abs=1e-6)
    assert analyse(session).reliability.what_if("db", 99.5) == pytest.approx(
        1.0 * 0.9999**2 * 0.995 * 100
    )


def test_a_single_instance_uses_the_single_instance_sla() -> None:
    session = design(*chain(api_replicas=1), links=CHAIN)
    record = analyse(session).reliability.of("api")
    assert record is not None
    assert record.percent == 99.5  # EC2 instance-level SLA


def test_instances_without_a_multi_az_figure_add_up_in_parallel() -> None:
    web = part("web", Category.COMPUTE, "azure-app-service", replicas=2, multi_az=True)
    session = design(web, provider=Provider.AZURE, regions=("westeurope",))
    record = analyse(session).reliability.of("web")
    assert record is not None
    assert record.percent == pytest.approx((1 - 0.0005**2) * 100)  # 2 × 99.95% in parallel
    one_zone = replace(session, components=(web.evolve(multi_az=False),))
    assert percent_of(analyse(one_zone).reliability, "web") == 99.95


def test_a_regional_managed_service_keeps_its_sla_however_many_instances() -> None:
    run = part("run", Category.COMPUTE, "gcp-cloud-run", replicas=3, multi_az=True)
    session = design(run, provider=Provider.GCP, regions=("us-central1",))
    assert percent_of(analyse(session).reliability, "run") == 99.95


def test_services_without_an_sla_get_the_documented_defaults() -> None:
    cache = part("cache", Category.CACHE, "aws-elasticache-redis")  # instances you size
    cdn = part("cdn", Category.CDN, "gcp-cloud-cdn")  # a managed service
    result = analyse(design(cache)).reliability
    assert percent_of(result, "cache") == 99.5
    gcp = analyse(design(cdn, provider=Provider.GCP, regions=("us-central1",))).reliability
    assert percent_of(gcp, "cdn") == 99.9


def test_work_behind_a_queue_is_not_in_series_with_requests() -> None:
    parts = (
        part("api", Category.COMPUTE, "aws-lambda"),
        part("queue", Category.QUEUE, "aws-sqs"),
        part("worker", Category.COMPUTE, "aws-ec2"),
    )
    links = (("users", "api", "request"), ("api", "queue", "async"), ("queue", "worker", "async"))
    result = analyse(design(*parts, links=links)).reliability
    facing = {c.component_id for c in result.components if c.user_facing}
    assert facing == {"api", "queue"}
    # Lambda 99.95% × SQS 99.9%; the single EC2 worker (99.5%) does not fail requests.
    assert result.composite_percent == pytest.approx(0.9995 * 0.999 * 100)


def test_nothing_serving_users_is_zero_not_a_hundred() -> None:
    logs = part("logs", Category.LOGS, "aws-cloudwatch-logs")
    result = analyse(design(logs, links=())).reliability
    assert result.composite_percent == 0.0
    assert result.weakest_link is None


def test_recovery_against_rpo_and_rto() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres")
    files = part("files", Category.OBJECT_STORAGE, "aws-s3")
    base = design(db, files, data_gb=400)
    nightly = base.security.backups.evolve(
        frequency_hours=24, point_in_time_recovery=False, rpo_minutes=60, rto_minutes=60
    )
    session = replace(base, security=base.security.evolve(backups=nightly))
    recovery = analyse(session).reliability.recovery
    # A nightly backup loses up to 24 × 60 = 1,440 minutes of writes.
    assert recovery.rpo_achievable_minutes == 1440 and not recovery.rpo_met
    # The database holds half of 400 GB: 30 min + 200 GB / 200 GB per hour = 90 min.
    assert recovery.database_gb == 200
    assert recovery.rto_estimate_minutes == pytest.approx(90) and not recovery.rto_met
    pitr = nightly.evolve(point_in_time_recovery=True, rto_minutes=120)
    better = analyse(
        replace(session, security=session.security.evolve(backups=pitr))
    ).reliability.recovery
    assert better.rpo_achievable_minutes == 5 and better.rpo_met and better.rto_met


def test_no_backups_means_no_recovery_point() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres")
    base = design(db)
    off = base.security.backups.evolve(enabled=False)
    recovery = analyse(
        replace(base, security=base.security.evolve(backups=off))
    ).reliability.recovery
    assert recovery.rpo_achievable_minutes is None and not recovery.rpo_met
    assert recovery.rto_estimate_minutes is None and not recovery.rto_met


def test_a_second_region_recovers_by_failover() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres", multi_az=True)
    recovery = analyse(
        design(db, regions=("us-east-1", "us-west-2"), data_gb=5000)
    ).reliability.recovery
    assert recovery.rto_estimate_minutes == 30
