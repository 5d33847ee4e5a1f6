"""Where a design runs changes what it costs: regions, implied charges, further regions.

Expected values are the arithmetic from the catalog's figures (model/catalog/data/*.yaml and
prices/*.yaml), written out; property tests hold what must be true of any design.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.analysis import analyse
from model.catalog import load_catalog, price_table_problems
from model.catalog.prices import PriceBook, ServicePrices
from model.engines.cost import CostEstimate, CostModel, estimate
from model.engines.reliability import Failure
from model.enums import Category, DisasterRecovery, Provider
from model.sections.environments import Environment
from model.session import Session, replace
from tests.engine_designs import design, part

WEB = part("web", Category.COMPUTE, "aws-ec2", replicas=2, size="t3.medium")
CACHE = part("cache", Category.CACHE, "aws-elasticache-redis", size="cache.t4g.small")


def line_cost(cost: CostEstimate, component_id: str) -> float:
    """The monthly cost of one line (which must be public)."""
    line = cost.line(component_id)
    assert line is not None and line.monthly is not None
    return line.monthly


@pytest.mark.parametrize(
    ("region", "ec2_hourly", "cache_hourly"),
    [
        # The catalog entries' own figures (us-east-1 list prices).
        ("us-east-1", 0.0416, 0.032),
        # prices/aws.yaml: EC2 from the AWS Price List via Libcloud (2025-03-02), ElastiCache
        # from the Price List snapshot in ec2instances.info.
        ("eu-central-1", 0.048, 0.036),
        ("ap-southeast-2", 0.0528, 0.048),
    ],
)
def test_the_same_design_costs_what_each_region_charges(
    region: str, ec2_hourly: float, cache_hourly: float
) -> None:
    cost = analyse(design(WEB, CACHE, regions=(region,))).cost
    assert line_cost(cost, "web") == pytest.approx(2 * ec2_hourly * 730)
    assert line_cost(cost, "cache") == pytest.approx(cache_hourly * 730)
    # us-east-1 70.08 / 23.36; eu-central-1 70.08 + 26.28; ap-southeast-2 77.09 + 35.04.
    assert cost.monthly_total == pytest.approx(2 * ec2_hourly * 730 + cache_hourly * 730)
    for line in (cost.line("web"), cost.line("cache")):
        assert line is not None and line.region == region and line.borrowed == ()


def test_private_compute_pays_nat_gateways_and_their_addresses() -> None:
    api = part("api", Category.COMPUTE, "aws-ecs-fargate", replicas=2, multi_az=True)
    cost = analyse(design(api, private_network=True)).cost
    # Two zones, a NAT gateway each: 2 × 730 h × $0.045 = 65.70. Through them: container
    # images, 20 deploys × 2 tasks × 0.5 GB = 20 GB, and logs plus third-party calls,
    # 10M requests × 3 KB = 30 GB; 50 GB × $0.045 = 2.25.
    assert line_cost(cost, "aws-nat-gateway") == pytest.approx(2 * 730 * 0.045 + 50 * 0.045)
    # Each NAT gateway holds a public IPv4 address: 2 × 730 h × $0.005.
    assert line_cost(cost, "aws-public-ipv4") == pytest.approx(2 * 730 * 0.005)
    nat = cost.line("aws-nat-gateway")
    assert nat is not None and nat.category is None and nat.implied is not None
    assert "Api runs in private subnets" in nat.placement
    # Without a private network there is nothing to route through NAT.
    assert analyse(design(api)).cost.line("aws-nat-gateway") is None


def test_nat_gateway_hours_are_paid_by_every_environment_and_its_traffic_by_size() -> None:
    api = part("api", Category.COMPUTE, "aws-ecs-fargate", replicas=2, multi_az=True)
    session = replace(
        design(api, private_network=True),
        environments=(
            Environment(name="dev", branch="develop", size_percent=25),
            Environment(name="staging", branch="main", size_percent=50),
            Environment(name="prod", branch="main", size_percent=100),
        ),
    )
    cost = analyse(session).cost
    dev = next(e for e in cost.environments if e.name == "dev")
    fixed = 2 * 730 * 0.045 + 2 * 730 * 0.005  # gateway-hours and addresses
    variable = 50 * 0.045 + 2 * 0.024685 * 730  # NAT processing and the tasks
    assert dev.monthly == pytest.approx(fixed + 0.25 * variable)


@pytest.mark.parametrize(
    ("strategy", "standby"),
    [
        # eu-central-1 figures: one t3.medium ($0.048/h) and one cache.t4g.small ($0.036/h).
        (DisasterRecovery.WARM_STANDBY, {"web@eu-central-1": 0.048 * 730,
                                         "cache@eu-central-1": 0.036 * 730}),
        # Both at full size, each region able to carry all traffic: 2 × t3.medium.
        (DisasterRecovery.ACTIVE_ACTIVE, {"web@eu-central-1": 2 * 0.048 * 730,
                                          "cache@eu-central-1": 0.036 * 730}),
        # A pilot light keeps only data stores that hold the data (databases, objects).
        (DisasterRecovery.PILOT_LIGHT, {}),
    ],
)  # fmt: skip
def test_the_second_region_costs_what_its_strategy_keeps_there(
    strategy: DisasterRecovery, standby: dict[str, float]
) -> None:
    session = design(WEB, CACHE, regions=("ap-southeast-2", "eu-central-1"))
    session = replace(session, context=session.context.evolve(disaster_recovery=strategy))
    cost = analyse(session).cost
    found = {x.component_id: x.monthly for x in cost.lines if "@" in x.component_id}
    assert found == pytest.approx(standby)
    # Primary in ap-southeast-2: 2 × $0.0528 + $0.048 an hour.
    primary = 2 * 0.0528 * 730 + 0.048 * 730
    # Replication: 30% of the 10 GB stored a month, at $0.02/GB between regions.
    replication = 10 * 0.3 * 0.02
    assert cost.monthly_total == pytest.approx(primary + sum(standby.values()) + replication)


def test_recovery_credits_only_what_the_further_region_holds() -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres", size="db.t4g.small")
    base = design(db, regions=("us-east-1", "us-west-2"), data_gb=400)
    by_strategy = {}
    for strategy in DisasterRecovery:
        session = replace(base, context=base.context.evolve(disaster_recovery=strategy))
        recovery = analyse(session).reliability.recovery
        by_strategy[strategy] = recovery.outcome(Failure.REGION).rto_minutes
    assert by_strategy[DisasterRecovery.ACTIVE_ACTIVE] == 5
    assert by_strategy[DisasterRecovery.WARM_STANDBY] == 30
    assert by_strategy[DisasterRecovery.PILOT_LIGHT] == 60
    # Backups only: bring the stack up (60 min), then restore 400 GB at 200 GB/h after
    # 30 min of provisioning: 60 + 30 + 120 = 210 min.
    assert by_strategy[DisasterRecovery.BACKUP_RESTORE] == pytest.approx(210)


SERVICES_WITH_TABLES = ("aws-ec2", "aws-elasticache-redis")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    factors=st.dictionaries(
        st.sampled_from(["t3.medium", "m7i.large", "cache.t4g.small", "cache.m6g.large"]),
        st.floats(min_value=1.0, max_value=3.0),
        min_size=1,
    ),
    peak=st.floats(min_value=1, max_value=2_000),
)
def test_a_dearer_region_never_makes_a_design_cheaper(
    factors: dict[str, float], peak: float
) -> None:
    catalog = load_catalog()
    session = design(WEB, CACHE, peak_rps=peak)
    tables = []
    for service_id in SERVICES_WITH_TABLES:
        points = catalog[service_id].pricing.points()
        dearer = {k: points[k] * f for k, f in factors.items() if k in points}
        if dearer:
            tables.append(_table(service_id, "us-east-1", dearer))
    dear = catalog.with_prices(PriceBook(tables))
    base = analyse(session).cost.monthly_total
    assert estimate(CostModel(session, dear)).monthly_total >= base - 1e-9


def _table(service: str, region: str, prices: dict[str, float]) -> ServicePrices:
    return ServicePrices.model_validate(
        {
            "service": service,
            "regions": {
                region: {"source": "https://example.com/", "as_of": "2025-01-01", "prices": prices}
            },
        }
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=100), min_size=0, max_size=5),
)
def test_adding_an_environment_never_changes_an_organisation_wide_line(sizes: list[int]) -> None:
    shield = part("ddos", Category.WAF, "aws-shield-advanced")
    environments = [Environment(name="prod", branch="main", size_percent=100)]
    environments.append(Environment(name="staging", branch="main", size_percent=50))
    environments += [
        Environment(name=f"env{index}", branch="main", size_percent=size)
        for index, size in enumerate(sizes)
    ]
    session: Session = replace(design(shield), environments=tuple(environments))
    cost = analyse(session).cost
    # $3,000 a month once, in production; every other environment pays nothing for it.
    assert line_cost(cost, "ddos") == 3000
    assert all(e.monthly == 0 for e in cost.environments if not e.production)
    assert cost.all_environments_total == pytest.approx(3000)


def test_derived_egress_grows_with_the_requests() -> None:
    api = part("api", Category.COMPUTE, "aws-ec2", replicas=2)
    cdn = part("cdn", Category.CDN, "aws-cloudfront")
    links = (("users", "cdn", "request"), ("cdn", "api", "request"))
    session = design(api, cdn, links=links, egress_gb_month=None, monthly_requests_millions=100)
    model = analyse(session).cost_model
    # 100M requests × 5 KB (a JSON API) = 500 GB at 1x, 5,000 GB at 10x, 50,000 GB at 100x.
    for scale, gigabytes in ((1.0, 500), (10.0, 5_000), (100.0, 50_000)):
        line = next(x for x in model.lines(scale) if x.component_id == "cdn")
        assert line.charges[0].driver_value == pytest.approx(gigabytes)
    # At 100x the volume steps apply: (50,000 − 1,000 free) GB, 10,240 at $0.085, the rest
    # (38,760) at $0.080.
    line = next(x for x in model.lines(100.0) if x.component_id == "cdn")
    assert line.charges[0].monthly == pytest.approx(10_240 * 0.085 + 38_760 * 0.080)


CDN = part("cdn", Category.CDN, "aws-cloudfront")


@pytest.mark.parametrize(
    ("region", "first_10tb", "next_40tb", "requests", "borrowed"),
    [
        # aws.amazon.com/cloudfront/pricing: North America and Europe share one column.
        ("us-east-1", 0.085, 0.080, 1.00, ()),
        ("eu-central-1", 0.085, 0.080, 1.00, ()),
        # The Singapore/Hong Kong/... column; its request price is not in the tables, so
        # requests are billed at North America's and the line says so.
        ("ap-southeast-1", 0.120, 0.100, 1.00, ("requests",)),
        ("ap-northeast-1", 0.114, 0.089, 1.00, ("requests",)),
        ("sa-east-1", 0.110, 0.105, 1.00, ("requests",)),
    ],
)
def test_a_cdn_bills_the_edge_rates_of_its_viewers_zone(
    region: str, first_10tb: float, next_40tb: float, requests: float, borrowed: tuple[str, ...]
) -> None:
    # 400 M responses of 50 KB: 20,000 GB out, 1,000 free, so 10,240 GB at the first rate and
    # 8,760 at the next; (400 − 10 free) M requests.
    session = design(
        CDN, regions=(region,), monthly_requests_millions=400, response_kb=50, egress_gb_month=None
    )
    line = analyse(session).cost.line("cdn")
    assert line is not None and line.monthly is not None
    expected = 10_240 * first_10tb + 8_760 * next_40tb + 390 * requests
    assert line.monthly == pytest.approx(expected)
    assert line.borrowed == borrowed


def test_cloud_cdn_in_europe_bills_europe_and_in_asia_asia_pacific() -> None:
    cdn = part("cdn", Category.CDN, "gcp-cloud-cdn")
    # cloud.google.com/cdn/pricing: Europe $0.08, Asia Pacific $0.09 below 10 TiB; lookups
    # $0.0075 per 10,000 everywhere. 100 M responses of 50 KB: 5,000 GB.
    for region, rate in (("europe-west3", 0.08), ("asia-southeast1", 0.09)):
        session = design(
            cdn,
            provider=Provider.GCP,
            regions=(region,),
            monthly_requests_millions=100,
            response_kb=50,
            egress_gb_month=None,
        )
        line = analyse(session).cost.line("cdn")
        assert line is not None and line.borrowed == ()
        assert line.monthly == pytest.approx(5_000 * rate + 100 * 0.75)


def test_zone_figures_are_refused_for_a_service_priced_by_region() -> None:
    catalog = load_catalog()
    problems = list(
        price_table_problems(
            (
                ServicePrices.model_validate(
                    {
                        "service": "aws-ec2",
                        "zones": {
                            "europe": {
                                "source": "https://aws.amazon.com/ec2/pricing/",
                                "as_of": "2026-12-01",
                                "prices": {"t3.medium": 0.05},
                            }
                        },
                    }
                ),
            ),
            {s.id: s for s in catalog.services()},
            catalog.regions,
        )
    )
    assert problems == [(0, "aws-ec2 is priced by region, not by zone")]
