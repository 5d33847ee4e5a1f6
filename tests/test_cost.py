"""The cost engine against hand-computed figures for small designs.

Every expected value is written out as the arithmetic from the catalog's list prices
(`model/catalog/data/*.yaml`), not copied from the engine's output.
"""

from __future__ import annotations

import math

import pytest

from model.analysis import analyse
from model.engines.cost import CostEstimate, CostModel
from model.engines.lines import Group
from model.enums import Category, Provider
from model.sections.environments import Environment
from model.session import replace
from tests.engine_designs import design, part

EC2 = part("api", Category.COMPUTE, "aws-ec2", replicas=2, multi_az=True)


def monthly(value: float | None) -> float:
    """A monthly figure that must be public."""
    assert value is not None
    return value


def cost_of(cost: CostEstimate, component_id: str) -> float:
    """The monthly cost of one component's line."""
    line = cost.line(component_id)
    assert line is not None
    return monthly(line.monthly)


def test_instance_hours_of_a_fixed_fleet() -> None:
    session = design(EC2, peak_rps=150)
    # t3.medium carries 100 req/s: ceil(150 / 100) = 2 = replicas.
    assert analyse(session).cost.monthly_total == pytest.approx(2 * 0.0416 * 730)  # 60.736


def test_instances_step_up_with_the_peak_at_scale() -> None:
    session = design(EC2, peak_rps=250)
    projections = {p.scale: p.monthly_total for p in analyse(session).cost.projections}
    assert projections[1.0] == pytest.approx(3 * 0.0416 * 730)  # ceil(250/100) = 3: 91.104
    # ceil(2,500/100) = 25 instances: 759.2; the API's 1,000 GB of responses leave without a
    # CDN: (1,000 − 100 free) GB × $0.09 of internet transfer.
    assert projections[10.0] == pytest.approx(25 * 0.0416 * 730 + 900 * 0.09)
    # 250 instances, and 10,000 GB out: still inside the first 10 TB step.
    assert projections[100.0] == pytest.approx(250 * 0.0416 * 730 + 9900 * 0.09)


def test_autoscaling_minimum_is_a_floor() -> None:
    fleet = part("api", Category.COMPUTE, "aws-ec2", replicas=3, autoscaling=(3, 10))
    assert analyse(design(fleet, peak_rps=10)).cost.monthly_total == pytest.approx(3 * 0.0416 * 730)


def test_multi_az_doubles_rds_instance_and_storage() -> None:
    single = part("db", Category.DATABASE, "aws-rds-postgres", size="db.t4g.small")
    multi = part("db", Category.DATABASE, "aws-rds-postgres", size="db.t4g.small", multi_az=True)
    # One instance at $0.032/h, 40 GB of gp3 at $0.115; Multi-AZ doubles both.
    one = analyse(design(single, data_gb=40)).cost.monthly_total
    assert one == pytest.approx(0.032 * 730 + 40 * 0.115)
    assert analyse(design(multi, data_gb=40)).cost.monthly_total == pytest.approx(
        0.032 * 730 * 2 + 40 * 0.115 * 2
    )  # 46.72 + 9.20 = 55.92


def test_multi_az_aurora_shares_its_storage() -> None:
    aurora = part("db", Category.DATABASE, "aws-aurora-postgres", multi_az=True)
    # Instance doubled; storage ($0.10/GB) and I/O ($0.20 per million) billed once.
    expected = 0.073 * 730 * 2 + 10 * 0.10 + 10 * 0.20  # 106.58 + 1.00 + 2.00
    assert analyse(design(aurora)).cost.monthly_total == pytest.approx(expected)


def test_a_database_scales_up_before_it_scales_out() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres", size="db.t4g.small")
    line = analyse(design(db, peak_rps=250, data_gb=0)).cost.lines[0]
    # db.t4g.small carries 150 req/s; the smallest size carrying 250 is db.t4g.medium.
    assert line.size == "db.t4g.medium"
    # 47.45 of instance-hours plus RDS's 20 GB storage minimum at $0.115 (2.30).
    assert monthly(line.monthly) == pytest.approx(0.065 * 730 + 20 * 0.115)
    huge = analyse(design(db, peak_rps=3000, data_gb=0)).cost.lines[0]
    # Beyond the largest size (db.m7g.xlarge, 1,200 req/s): ceil(3,000 / 1,200) = 3 of it.
    assert (huge.size, huge.instances) == ("db.m7g.xlarge", 3)
    assert monthly(huge.monthly) == pytest.approx(3 * 0.336 * 730 + 20 * 0.115)


def test_linear_prices_start_after_the_free_allowance() -> None:
    logs = part("logs", Category.LOGS, "aws-cloudwatch-logs")
    # 10M requests at ~1 GB per million, 5 GB free, $0.50/GB.
    assert analyse(design(logs)).cost.monthly_total == pytest.approx((10 - 5) * 0.50)
    assert analyse(design(logs, monthly_requests_millions=3)).cost.monthly_total == 0


def test_error_tracking_is_billed_by_its_error_events() -> None:
    """Sentry's Team plan ($26) includes 50k errors; pay-as-you-go per event past it:
    $0.0003625 to 100k, $0.0002188 to 500k, $0.0001875 to 10M (docs.sentry.io/pricing).
    One error event per thousand requests."""
    sentry = part("errors", Category.ERRORS, "saas-sentry")
    small = analyse(design(sentry, monthly_requests_millions=40)).cost  # 40k errors
    assert small.monthly_total == pytest.approx(26)
    payments = analyse(design(sentry, monthly_requests_millions=300)).cost  # 300k errors
    assert payments.monthly_total == pytest.approx(26 + 50_000 * 0.0003625 + 200_000 * 0.0002188)
    busy = analyse(design(sentry, monthly_requests_millions=2_000)).cost  # 2M errors
    assert busy.monthly_total == pytest.approx(
        26 + 50_000 * 0.0003625 + 400_000 * 0.0002188 + 1_500_000 * 0.0001875
    )
    # The team does not drive it: seats are unlimited on the Team plan.
    assert analyse(
        design(sentry, monthly_requests_millions=300, team_size=40)
    ).cost.monthly_total == (pytest.approx(payments.monthly_total))


def test_plans_jump_tiers_with_their_driver() -> None:
    cloudflare = part("cdn", Category.CDN, "saas-cloudflare-cdn")
    assert analyse(design(cloudflare, users=10_000)).cost.monthly_total == 0  # Free up to 10,000
    assert analyse(design(cloudflare, users=10_001)).cost.monthly_total == 20  # Pro


def test_a_driver_beyond_the_largest_plan_keeps_the_largest_and_says_so() -> None:
    rollbar = part("errors", Category.ERRORS, "saas-rollbar")
    line = analyse(design(rollbar, monthly_requests_millions=5000)).cost.lines[0]
    assert line.monthly == 1449  # Advanced 4M, the last tier
    assert "beyond" in line.note


def test_seats_and_hosts() -> None:
    pager = part("pager", Category.ONCALL, "saas-pagerduty")
    metrics = part("metrics", Category.METRICS, "aws-cloudwatch-metrics")
    session = design(pager, metrics, EC2, team_size=4, peak_rps=150)
    cost = analyse(session).cost
    assert cost_of(cost, "pager") == pytest.approx(4 * 21)
    # Hosts are the compute instances (2 EC2); one host is free, then $3.00.
    assert cost_of(cost, "metrics") == pytest.approx((2 - 1) * 3.00)


def test_a_price_override_replaces_the_main_price_and_names_its_source() -> None:
    session = design(EC2, peak_rps=150, overrides=(("aws-ec2", 0.03),))
    line = analyse(session).cost.lines[0]
    assert monthly(line.monthly) == pytest.approx(2 * 0.03 * 730)  # 43.80
    assert line.overridden
    assert "Signed quote Q-1" in line.price_source


def test_a_price_that_is_not_public_is_shown_and_left_out() -> None:
    pingdom = part("uptime", Category.UPTIME, "saas-pingdom")
    cost = analyse(design(pingdom, EC2, peak_rps=150)).cost
    uptime = cost.line("uptime")
    assert uptime is not None and uptime.monthly is None
    assert cost.not_counted == ("uptime",)
    assert cost.monthly_total == pytest.approx(2 * 0.0416 * 730)
    priced = analyse(design(pingdom, overrides=(("saas-pingdom", 15.0),))).cost
    assert priced.monthly_total == 15.0 and priced.not_counted == ()


def test_data_is_split_between_databases_and_object_storage() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres")
    files = part("files", Category.OBJECT_STORAGE, "aws-s3")
    cost = analyse(design(db, files, data_gb=100, monthly_requests_millions=0)).cost
    # 50 GB each: S3 Standard $0.023/GB, gp3 $0.115/GB beside the $0.032/h instance.
    assert cost_of(cost, "files") == pytest.approx(50 * 0.023)
    assert cost_of(cost, "db") == pytest.approx(0.032 * 730 + 50 * 0.115)


def test_a_frontend_behind_the_cdn_has_no_egress_of_its_own() -> None:
    web = part("web", Category.FRONTEND_HOSTING, "aws-s3-static-website")
    cdn = part("cdn", Category.CDN, "aws-cloudfront")
    # 220,000 users download the single-page app's 5 MB a month: 1,100 GB.
    direct = analyse(design(web, users=220_000)).cost.lines[0]
    # (1,100 − 100 free) GB × $0.09 + 1 GB bundle × $0.023 + 10M GETs × $0.40
    assert monthly(direct.monthly) == pytest.approx(1000 * 0.09 + 0.023 + 10 * 0.40)
    behind = analyse(
        design(cdn, web, links=(("users", "cdn", "request"), ("cdn", "web", "request")))
    ).cost.line("web")
    # No egress; one request in ten is a cache miss: 1M GETs × $0.40 + 0.023.
    assert behind is not None
    assert monthly(behind.monthly) == pytest.approx(0.023 + 1 * 0.40)


def test_compute_side_by_side_splits_the_requests_and_workers_take_jobs() -> None:
    lb = part("lb", Category.LOAD_BALANCER, "aws-alb")
    web = part("web", Category.COMPUTE, "aws-lambda")
    api = part("api", Category.COMPUTE, "aws-lambda")
    queue = part("queue", Category.QUEUE, "aws-sqs")
    worker = part("worker", Category.COMPUTE, "aws-lambda")
    links = (
        ("users", "lb", "request"),
        ("lb", "web", "request"),
        ("lb", "api", "request"),
        ("api", "queue", "async"),
        ("queue", "worker", "async"),
    )
    cost = analyse(
        design(lb, web, api, queue, worker, links=links, monthly_requests_millions=100)
    ).cost
    # Lambda: $1.0333 per million after 1M free. Web and API get 50M each; the worker gets
    # one job per ten requests, 10M.
    assert cost_of(cost, "web") == pytest.approx((50 - 1) * 1.0333)
    assert cost_of(cost, "worker") == pytest.approx((10 - 1) * 1.0333)
    # SQS: 10M messages at $1.20 per million after 0.33M free.
    assert cost_of(cost, "queue") == pytest.approx((10 - 0.33) * 1.20)


def test_breakdown_groups_percentages_and_total() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres")
    logs = part("logs", Category.LOGS, "aws-cloudwatch-logs")
    cost = analyse(design(EC2, db, logs, peak_rps=150, data_gb=0)).cost
    # RDS bills its 20 GB storage minimum although no data is stored.
    compute, database, watch = 2 * 0.0416 * 730, 0.032 * 730 + 20 * 0.115, (10 - 5) * 0.50
    # EC2 in two zones talks to the database in one: 10M requests × 10 KB, half of it across
    # zones = 50 GB, billed out and in at $0.01.
    network = 50 * 2 * 0.01
    total = compute + database + watch + network  # 60.736 + 25.66 + 2.50 + 1.00 = 89.896
    assert cost.monthly_total == pytest.approx(total)
    assert cost.group(Group.COMPUTE) == pytest.approx(compute)
    assert cost.group(Group.DATABASE) == pytest.approx(database)
    assert cost.group(Group.MONITORING) == pytest.approx(watch)
    assert [g.group for g in cost.breakdown] == list(Group)
    percents = {g.group: g.percent for g in cost.breakdown}
    assert percents[Group.COMPUTE] == pytest.approx(compute / total * 100)  # 70.1%
    assert sum(percents.values()) == pytest.approx(100)


def test_environments_scale_variable_charges_pay_fixed_fees_and_share_seats() -> None:
    lb = part("lb", Category.LOAD_BALANCER, "aws-alb")
    pager = part("pager", Category.ONCALL, "saas-pagerduty")
    base = design(EC2, lb, pager, peak_rps=100, team_size=2)
    session = replace(
        base,
        environments=(
            Environment(name="dev", branch="develop", size_percent=25),
            Environment(name="staging", branch="main", size_percent=50),
            Environment(name="prod", branch="main", size_percent=100),
        ),
    )
    cost = analyse(session).cost
    # LCUs at the average load: 10M requests over 2,629,800 s is 3.8 req/s (0.076 LCU); 100 GB
    # of responses over 730.5 h is 0.137 GB/h (0.137 LCU), the larger, at $0.008/h × 730.
    lcus = max(10e6 / 2_629_800 / 50, 100 / 730.5)
    ec2, alb_fixed, alb_lcu, seats = 2 * 0.0416 * 730, 16.43, lcus * 5.84, 2 * 21
    # The ALB has a public IPv4 address in each of its two zones: 2 × 730 h × $0.005.
    addresses = 2 * 730 * 0.005
    by_name = {e.name: e.monthly for e in cost.environments}
    assert by_name["prod"] == pytest.approx(ec2 + alb_fixed + alb_lcu + addresses + seats)
    # dev: a quarter of the instances and LCUs, its own ALB floor and addresses, no second
    # set of seats.
    fixed = alb_fixed + addresses
    assert by_name["dev"] == pytest.approx(fixed + 0.25 * (ec2 + alb_lcu))
    assert by_name["staging"] == pytest.approx(fixed + 0.50 * (ec2 + alb_lcu))
    assert cost.all_environments_total == pytest.approx(sum(by_name.values()))


THREE_ENVIRONMENTS = (
    Environment(name="dev", branch="develop", size_percent=25),
    Environment(name="staging", branch="main", size_percent=50),
    Environment(name="prod", branch="main", size_percent=100),
)


@pytest.mark.parametrize(
    ("provider", "service", "fee"),
    [
        # https://aws.amazon.com/shield/pricing/: $3,000 per organisation-month.
        (Provider.AWS, "aws-shield-advanced", 3000),
        # https://cloud.google.com/armor/pricing: $3,000 per billing-account month.
        (Provider.GCP, "gcp-cloud-armor-enterprise", 3000),
        # https://azure.microsoft.com/en-us/pricing/details/ddos-protection/: $2,944 a plan.
        (Provider.AZURE, "azure-ddos-protection", 2944),
    ],
)
def test_an_organisation_fee_is_paid_once_however_many_environments(
    provider: Provider, service: str, fee: float
) -> None:
    lb = {
        Provider.AWS: part("lb", Category.LOAD_BALANCER, "aws-alb"),
        Provider.GCP: part("lb", Category.LOAD_BALANCER, "gcp-cloud-load-balancing"),
        Provider.AZURE: part("lb", Category.LOAD_BALANCER, "azure-application-gateway"),
    }[provider]
    guard = part("ddos", Category.WAF, service)
    without = replace(design(lb, provider=provider), environments=THREE_ENVIRONMENTS)
    with_fee = replace(design(lb, guard, provider=provider), environments=THREE_ENVIRONMENTS)
    before, after = analyse(without).cost, analyse(with_fee).cost
    assert cost_of(after, "ddos") == fee
    assert after.monthly_total == pytest.approx(before.monthly_total + fee)
    # dev and staging run behind the same protection: their totals do not move.
    for old, new in zip(before.environments, after.environments, strict=True):
        assert new.monthly == pytest.approx(old.monthly + (fee if new.production else 0))
    assert after.all_environments_total == pytest.approx(before.all_environments_total + fee)
    # A fourth environment adds its own share of the load balancer, never the fee again.
    qa = replace(
        with_fee,
        environments=(*THREE_ENVIRONMENTS, Environment(name="qa", branch="qa", size_percent=10)),
    )
    grown = analyse(qa).cost
    qa_cost = next(e.monthly for e in grown.environments if e.name == "qa")
    assert grown.all_environments_total == pytest.approx(after.all_environments_total + qa_cost)
    assert qa_cost < fee


def test_without_environments_production_stands_alone() -> None:
    cost = analyse(design(EC2, peak_rps=150)).cost
    assert [(e.name, e.production) for e in cost.environments] == [("prod", True)]


def test_projections_scale_the_drivers_and_give_cost_per_user() -> None:
    s3 = part("files", Category.OBJECT_STORAGE, "aws-s3")
    pager = part("pager", Category.ONCALL, "saas-pagerduty")
    cost = analyse(design(s3, pager, data_gb=100, monthly_requests_millions=0, team_size=3)).cost
    by_scale = {p.scale: p for p in cost.projections}
    # Data grows with users (100 GB → 1,000 GB); seats do not (3 × $21).
    assert by_scale[10.0].monthly_total == pytest.approx(1000 * 0.023 + 3 * 21)
    assert by_scale[10.0].users == 10_000
    assert by_scale[10.0].per_user == pytest.approx((1000 * 0.023 + 63) / 10_000)
    assert by_scale[100.0].monthly_total == pytest.approx(10_000 * 0.023 + 63)


def test_per_user_is_none_without_users() -> None:
    cost = analyse(design(EC2, users=0, peak_rps=150)).cost
    assert all(p.per_user is None for p in cost.projections)


def test_every_line_carries_source_date_and_assumption(example_name: str) -> None:
    from sessions.bundled import load_example

    for line in analyse(load_example(example_name)).cost.lines:
        assert line.price_source.startswith("https://")
        assert len(line.price_date) == 10
        assert line.assumption


def test_alternatives_are_priced_for_the_same_component() -> None:
    session = design(EC2, peak_rps=150, monthly_requests_millions=50)
    model = CostModel(session)
    lambda_ = model.catalog["aws-lambda"]
    # The same 50M requests on Lambda: (50 − 1 free) × $1.0333.
    assert model.priced(EC2, service=lambda_).monthly == pytest.approx(49 * 1.0333)
    assert model.priced(EC2, multi_az=True).monthly == pytest.approx(2 * 0.0416 * 730)


def test_gcp_memorystore_multi_az_factor() -> None:
    cache = part("cache", Category.CACHE, "gcp-memorystore-redis", multi_az=True)
    cost = analyse(design(cache, provider=Provider.GCP, regions=("us-central1",))).cost
    assert cost.monthly_total == pytest.approx(0.049 * 730 * 1.31)  # Standard tier
    assert math.isclose(cost.group(Group.DATABASE), cost.monthly_total)


def test_multi_az_bills_one_standby_for_the_primary_not_a_copy_of_every_replica() -> None:
    # RDS Multi-AZ: the two serving instances (primary + read replica) and one standby of
    # the primary; the gp3 storage is billed again for the standby.
    db = part("db", Category.DATABASE, "aws-rds-postgres", replicas=2, multi_az=True)
    line = analyse(design(db, peak_rps=100, data_gb=50)).cost.line("db")
    assert line is not None and line.monthly is not None
    instances, storage = (2 + 1) * 0.032 * 730, 50 * 0.115 * 2  # 70.08 + 11.50
    assert line.monthly == pytest.approx(instances + storage)
    assert "(2 + 1 Multi-AZ standby) × db.t4g.small × 730 h × $0.032/h" in line.charges[0].detail


def test_multi_az_adds_nothing_where_replicas_are_the_failover_targets() -> None:
    # ElastiCache: a primary and a replica in two zones are two nodes, Multi-AZ or not.
    cache = part(
        "cache", Category.CACHE, "aws-elasticache-redis", replicas=2, size="cache.m6g.large"
    )
    two = analyse(design(cache.evolve(multi_az=True), peak_rps=100)).cost
    assert cost_of(two, "cache") == pytest.approx(2 * 0.149 * 730)  # 217.54, not 435.08
    # One node asked to be Multi-AZ gets its replica in a second zone: two nodes billed.
    single = analyse(design(cache.evolve(replicas=1, multi_az=True), peak_rps=100)).cost
    assert cost_of(single, "cache") == pytest.approx(2 * 0.149 * 730)
    line = single.line("cache")
    assert line is not None and "2 nodes billed" in line.note
