"""Availability and recovery against hand-computed figures."""

from __future__ import annotations

import pytest

from model.analysis import analyse
from model.engines.reliability import Failure, Reliability, parallel, series
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
    assert result.sla_floor_percent == pytest.approx(expected)
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
    assert analyse(session).reliability.sla_floor_percent == pytest.approx(99.930011, abs=1e-6)
    assert analyse(session).reliability.what_if("db", 99.5) == pytest.approx(
        1.0 * 0.9999**2 * 0.995 * 100
    )


def test_a_single_instance_uses_the_single_instance_sla() -> None:
    session = design(*chain(api_replicas=1), links=CHAIN)
    record = analyse(session).reliability.of("api")
    assert record is not None
    assert record.percent == 99.5  # EC2 instance-level SLA


def test_instances_without_a_multi_az_figure_add_up_in_parallel_only_in_the_estimate() -> None:
    web = part("web", Category.COMPUTE, "azure-app-service", replicas=2, multi_az=True)
    session = design(web, provider=Provider.AZURE, regions=("westeurope",))
    record = analyse(session).reliability.of("web")
    assert record is not None
    # No SLA covers several zones, so the floor stays the single SLA; the estimate counts
    # 2 × 99.95% in parallel, assumed independent.
    assert record.percent == 99.95
    assert record.estimate == pytest.approx((1 - 0.0005**2) * 100)
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
    assert result.sla_floor_percent == pytest.approx(0.9995 * 0.999 * 100)


def test_nothing_serving_users_is_zero_not_a_hundred() -> None:
    logs = part("logs", Category.LOGS, "aws-cloudwatch-logs")
    result = analyse(design(logs, links=())).reliability
    assert result.sla_floor_percent == 0.0
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
    # A region outage: the warm standby takes over in ~30 min, losing its replication lag.
    region = recovery.outcome(Failure.REGION)
    assert (region.rto_minutes, region.rpo_minutes) == (30, 1)
    # A zone: the Multi-AZ standby, ~2 min, nothing lost.
    zone = recovery.outcome(Failure.ZONE)
    assert (zone.rto_minutes, zone.rpo_minutes) == (2, 0)
    # Deleted data is replicated to both regions at once, so only a restore brings it back:
    # the database holds all 5,000 GB: 30 min + 5,000 / 200 GB per hour = 1,530 min.
    assert recovery.outcome(Failure.DATA).rto_minutes == pytest.approx(1530)
    assert recovery.rto_estimate_minutes == pytest.approx(1530)


def estimate_of(result: Reliability, component_id: str) -> float:
    """One component's design estimate."""
    record = result.of(component_id)
    assert record is not None
    return record.estimate


def test_a_cluster_control_plane_counts_once_and_its_nodes_as_virtual_machines() -> None:
    # EKS: the API endpoint's SLA is 99.95% per cluster, whatever the node count; three
    # m7i nodes across zones are EC2 instances under the Compute SLA's 99.99% region figure.
    eks = part("k8s", Category.COMPUTE, "aws-eks", replicas=3, multi_az=True)
    result = analyse(design(eks)).reliability
    assert percent_of(result, "k8s") == pytest.approx(0.9995 * 0.9999 * 100)  # 99.940005
    # Two nodes are no better than three by the SLAs: no per-node multiplication.
    two = analyse(design(eks.evolve(replicas=2))).reliability
    assert percent_of(two, "k8s") == pytest.approx(0.9995 * 0.9999 * 100)
    # AKS Standard tier: 99.95% with availability zones, 99.9% without; D-series nodes in
    # one zone are single VMs (99.9%), across zones 99.99%.
    aks = part("k8s", Category.COMPUTE, "azure-aks", replicas=2, multi_az=True)
    zoned = analyse(design(aks, provider=Provider.AZURE)).reliability
    assert percent_of(zoned, "k8s") == pytest.approx(0.9995 * 0.9999 * 100)
    flat = analyse(design(aks.evolve(multi_az=False), provider=Provider.AZURE)).reliability
    assert percent_of(flat, "k8s") == pytest.approx(0.999 * 0.999 * 100)  # 99.8001


def test_a_free_plan_has_no_sla_and_the_business_plan_its_own() -> None:
    # Cloudflare CDN: Free up to 10,000 users (no SLA: the 99.9% managed default is assumed
    # and said), Business above 250,000 (100% uptime SLA).
    cdn = part("cdn", Category.CDN, "saas-cloudflare-cdn")
    free = analyse(design(cdn, users=5_000)).reliability.of("cdn")
    assert free is not None and free.percent == 99.9 and not free.published
    assert free.basis == "the Free plan has no SLA: 99.9% assumed"
    business = analyse(design(cdn, users=300_000)).reliability.of("cdn")
    assert business is not None and business.percent == 100 and business.published
    # Static Web Apps: Free has none, Standard 99.95%.
    web = part("web", Category.FRONTEND_HOSTING, "azure-static-web-apps")
    swa = analyse(design(web, provider=Provider.AZURE, users=1_000)).reliability.of("web")
    assert swa is not None and not swa.published


def test_always_on_protection_off_the_request_path_changes_nothing() -> None:
    links = (*CHAIN, ("users", "shield", "request"), ("shield", "lb", "request"))
    shield = part("shield", Category.WAF, "aws-shield-standard")
    without = analyse(design(*chain(), links=CHAIN)).reliability
    with_shield = analyse(design(*chain(), shield, links=links)).reliability
    assert with_shield.sla_floor_percent == pytest.approx(without.sla_floor_percent)
    record = with_shield.of("shield")
    assert record is not None and not record.user_facing


def test_services_that_split_the_requests_are_averaged_not_multiplied() -> None:
    # Twelve services behind one load balancer, each request routed to one of them: each
    # App Runner service at 99.95%; in series they would give 0.9995^12 = 99.40%.
    services = tuple(
        part(f"svc{i}", Category.COMPUTE, "aws-app-runner", replicas=1) for i in range(12)
    )
    lb = part("lb", Category.LOAD_BALANCER, "aws-alb")
    links = (("users", "lb", "request"), *(("lb", f"svc{i}", "request") for i in range(12)))
    result = analyse(design(lb, *services, links=links)).reliability
    # The ALB 99.99% × the average of twelve 99.95% = 99.94%.
    assert result.sla_floor_percent == pytest.approx(0.9999 * 0.9995 * 100)
    first = result.of("svc0")
    assert first is not None and len(first.split_with) == 11


def test_the_estimate_expects_a_tenth_of_the_sla_downtime_of_services_run_across_zones() -> None:
    # S3 at 99.9% by SLA: 0.1% × 0.1 = 0.01% down, 99.99% expected (AWS's design figure).
    files = part("files", Category.OBJECT_STORAGE, "aws-s3")
    db = part("db", Category.DATABASE, "aws-rds-postgres")
    links = (("users", "files", "request"), ("users", "db", "request"))
    result = analyse(design(files, db, links=links)).reliability
    assert estimate_of(result, "files") == pytest.approx(99.99)
    # A single-AZ database is expected at its floor: no redundancy to credit.
    assert estimate_of(result, "db") == 99.5
    assert result.estimate_percent == pytest.approx(0.9999 * 0.995 * 100)
    assert result.sla_floor_percent == pytest.approx(0.999 * 0.995 * 100)


def test_recovery_counts_the_standby_and_the_replica_before_the_backups() -> None:
    backups_only = part("db", Category.DATABASE, "aws-rds-postgres")
    standby = backups_only.evolve(multi_az=True)
    replica = backups_only.evolve(replicas=2)
    gb = 400  # one database holds it all: 30 min + 400 / 200 GB an hour = 150 min
    zone = {
        name: analyse(design(db, data_gb=gb)).reliability.recovery.outcome(Failure.ZONE)
        for name, db in (("backups", backups_only), ("standby", standby), ("replica", replica))
    }
    assert (zone["standby"].rto_minutes, zone["standby"].rpo_minutes) == (2, 0)
    assert (zone["replica"].rto_minutes, zone["replica"].rpo_minutes) == (15, 1)
    assert zone["backups"].rto_minutes == pytest.approx(150)
    # Lost data needs the backups whatever replicates it.
    data = analyse(design(standby, data_gb=gb)).reliability.recovery.outcome(Failure.DATA)
    assert data.rto_minutes == pytest.approx(150) and data.rpo_minutes == 24 * 60  # nightly


def test_a_region_outage_is_recoverable_only_with_copies_outside_it() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres", multi_az=True)
    alone = design(db, data_gb=400)
    region = analyse(alone).reliability.recovery.outcome(Failure.REGION)
    assert region.rto_minutes is None and "us-east-1" in region.basis
    copied = replace(
        alone,
        security=alone.security.evolve(
            backups=alone.security.backups.evolve(cross_region_copy=True)
        ),
    )
    region = analyse(copied).reliability.recovery.outcome(Failure.REGION)
    # Rebuild the stack (60 min), then restore 400 GB (30 + 120 min); a day of writes lost.
    assert region.rto_minutes == pytest.approx(210) and region.rpo_minutes == 24 * 60
