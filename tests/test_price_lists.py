"""Reading the providers' price lists: the mapping data, the streaming readers, the
distractors they never take, and turning offers into catalog figures."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from model.catalog import bundled_catalog
from model.catalog.price_lists import (
    Endpoints,
    Offer,
    PriceList,
    load_plans,
    moves,
    quotes,
    read_price_list,
)
from model.catalog.price_lists.aws import bare_usage
from model.catalog.price_lists.changes import has_place, priced_entries
from model.catalog.price_lists.mapping import MappingError, parse_mapping
from model.catalog.prices import Quote
from model.enums import ServiceProvider

FIXTURES = Path(__file__).parent / "data" / "price_lists"

DISTRACTORS = {
    # AWS EC2: Windows, RHEL, dedicated and host tenancy, capacity reservations, SQL Server
    "W3T9YB6VD3NHBXZC",
    "R7HELQ2MV8KPZ4XN",
    "D3D1CATEDT3M3DAA",
    "H0STT3MEDIUMHST1",
    "CRALL0CT3MED1UM2",
    "CRUNUSEDT3MED1UM",
    "SQLSTDT3MEDIUM01",
    "T3MEDEUC1WIN0001",
    # AWS RDS: Multi-AZ, readable standbys, MySQL, Outposts, Multi-AZ and gp2 storage
    "PGT4GSMALLMAZ001",
    "PGT4GSMALLRSB001",
    "MYT4GSMALLSAZ001",
    "PGT4GSMALLOUTP01",
    "PGGP3STORMAZ0001",
    "PGGP2STORSAZ0001",
    # AWS Fargate ARM, Spot and Windows; ElastiCache Valkey; Gateway and Classic ELB;
    # S3 Infrequent Access, Intelligent-Tiering and PUTs; idle IPv4 addresses
    "FGVCPUARMUSE1001",
    "FGGBARMUSE100001",
    "FGVCPUSPOTUSE101",
    "FGVCPUWINUSE1001",
    "VKYT4GSMALLUSE01",
    "GWLBHOURSUSE1001",
    "CLBHOURSUSE10001",
    "S3IASTORAGEUSE01",
    "S3ITFASTORAGEUS1",
    "S3PUTTIER1USE101",
    "IPV4IDLEUSE10001",
    "SPT3MEDIUMUSE101",
    # AWS CloudWatch vended, Infrequent Access and centralised logs, log storage, metrics;
    # Lambda on Arm and provisioned concurrency; API Gateway WebSocket and cache; DynamoDB
    # Standard-IA and replicated request units, provisioned capacity and storage
    "CWLOGSVENDUSE101",
    "CWLOGSIAUSE10001",
    "CWLOGSCENTUSE101",
    "CWLOGSARCHUSE101",
    "CWMETRICUSE10001",
    "LMBREQARMUSE1001",
    "LMBGBSECARMUSE11",
    "LMBPROVCONCUSE11",
    "APIWSMSGUSE10001",
    "APICACHE05USE101",
    "DDBRRUIAUSE10001",
    "DDBREPLWRUUSE101",
    "DDBRCUPROVUSE101",
    "DDBSTORAGEUSE101",
    # GCP: Spot, commitments, custom machine types, sole tenancy, Regional (HA), MySQL
    "2E27-4F9A-A8A4",
    "8B3F-1C2D-4E5A",
    "0A1B-2C3D-4E5F",
    "CC01-5A1B-7C04",
    "D9A2-8C41-3E13",
    "D9A2-8C41-3E14",
    "D9A2-8C41-3E15",
    "D9A2-8C41-3E17",
}
"""SKUs in the fixtures with tempting prices that are not the on-demand list price."""


def read(path: Path) -> PriceList:
    with path.open("rb") as stream:
        return read_price_list(stream, load_plans(), Endpoints())


def every_fixture() -> list[Path]:
    return sorted(FIXTURES.rglob("*.json"))


def test_the_mappings_name_real_catalog_prices() -> None:
    catalog = bundled_catalog()
    entries = priced_entries(catalog)
    plans = load_plans()
    for provider in (ServiceProvider.AWS, ServiceProvider.AZURE, ServiceProvider.GCP):
        plan = plans.of(provider)
        assert plan.provider is provider
        for entry_id, key in plan.points:
            entry = entries[entry_id]
            assert entry.provider is provider, entry_id
            assert has_place(catalog, entry, catalog.regions[provider].base, key), (entry_id, key)


def test_the_mappings_cover_what_the_issue_asks_for() -> None:
    plans = load_plans()
    mapped = {point for p in (plans.aws, plans.azure, plans.gcp) for point in p.points}
    catalog = bundled_catalog()
    entries = priced_entries(catalog)
    for entry_id in (
        "aws-ec2",
        "aws-ecs-fargate",
        "aws-elasticache-redis",
        "azure-vm",
        "azure-postgres-flexible",
        "azure-cache-redis",
        "gcp-compute-engine",
        "gcp-cloud-sql-postgres",
    ):
        sizes = {s.name for s in entries[entry_id].pricing.sizes}  # type: ignore[union-attr]
        assert sizes <= {key for e, key in mapped if e == entry_id}, entry_id
    required = {
        ("aws-rds-postgres", "db.t4g.small"),
        ("aws-rds-postgres", "storage"),
        ("aws-alb", "price"),
        ("aws-alb", "lcu"),
        ("aws-nat-gateway", "hour"),
        ("aws-nat-gateway", "processed"),
        ("aws-public-ipv4", "hour"),
        ("aws-s3", "price"),
        ("aws-cloudwatch-logs", "price"),
        ("aws-lambda", "price"),
        ("aws-api-gateway-rest", "price"),
        ("aws-api-gateway-http", "price"),
        ("aws-dynamodb", "price"),
    }
    assert required <= mapped


def offers_at_catalog_prices(
    provider: ServiceProvider, unit_prices: dict[str, float]
) -> list[Offer]:
    """One offer per selector of `provider`, priced from `unit_prices` by a selector field."""
    plan = load_plans().of(provider)
    offers = []
    for index, selector in enumerate(plan.selectors):
        name = json.dumps(selector.model_dump(mode="json"), sort_keys=True)
        price = next((usd for part, usd in unit_prices.items() if part in name), None)
        if price is not None:
            offers.append(
                Offer(
                    index,
                    "us-east-1",
                    price,
                    f"SKU{index}",
                    date(2026, 1, 1),
                    "https://example.com/",
                )
            )
    return offers


def test_conversions_reproduce_the_bundled_figures_from_published_unit_prices() -> None:
    """Fargate task sizes from vCPU-hours and GB-hours, the ALB's month and LCU from its
    hourly prices: the figures the catalog states from the same unit prices."""
    catalog = bundled_catalog()
    offers = offers_at_catalog_prices(
        ServiceProvider.AWS,
        {
            "Fargate-vCPU": 0.04048,
            "Fargate-GB": 0.004445,
            "LCUUsage": 0.008,
            "LoadBalancerUsage": 0.0225,
        },
    )
    found = quotes(load_plans().aws, offers, {"us-east-1"}).figures
    fargate = catalog["aws-ecs-fargate"].pricing.points()
    for key, quote in found[("aws-ecs-fargate", "us-east-1")].items():
        assert quote.usd == pytest.approx(fargate[key]), key
        assert quote.sku.count("+") == 1
    alb = found[("aws-alb", "us-east-1")]
    assert alb["price"].usd == pytest.approx(16.43, abs=0.01)
    assert alb["lcu"].usd == pytest.approx(catalog["aws-alb"].pricing.points()["lcu"])


def test_request_priced_services_are_read_from_their_offer_files() -> None:
    """CloudWatch Logs, Lambda, API Gateway and DynamoDB: the fixtures carry AWS's published
    unit prices; each point is the catalog's unit, worked out here by hand."""
    offers = [
        offer
        for name in ("cloudwatch", "lambda", "apigateway", "dynamodb")
        for offer in read(FIXTURES / "aws" / f"{name}.json").offers
    ]
    found = quotes(load_plans().aws, offers, {"us-east-1", "eu-central-1"})
    assert found.problems == ()
    figures = {
        (entry, region, key): quote.usd
        for (entry, region), points in found.figures.items()
        for key, quote in points.items()
    }
    lambda_million = 1_000_000 * 0.0000002 + 50_000 * 0.0000166667  # 0.20 + 0.833335
    assert figures == pytest.approx(
        {
            # $0.50 per GB of custom logs, one GB per million requests; $0.63 in Frankfurt.
            ("aws-cloudwatch-logs", "us-east-1", "price"): 0.50,
            ("aws-cloudwatch-logs", "eu-central-1", "price"): 0.63,
            # A million requests and 50,000 GB-seconds (512 MB x 100 ms) at the first tier.
            ("aws-lambda", "us-east-1", "price"): lambda_million,
            ("aws-lambda", "eu-central-1", "price"): lambda_million,
            # First volume tier: $0.0000035 and $0.000001 per request, x 1,000,000.
            ("aws-api-gateway-rest", "us-east-1", "price"): 3.50,
            ("aws-api-gateway-rest", "eu-central-1", "price"): 3.70,
            ("aws-api-gateway-http", "us-east-1", "price"): 1.00,
            # 800,000 reads x $0.000000125 + 200,000 writes x $0.000000625 = 0.10 + 0.125.
            ("aws-dynamodb", "us-east-1", "price"): 0.225,
        }
    )
    catalog = bundled_catalog()
    for entry in ("aws-cloudwatch-logs", "aws-lambda", "aws-api-gateway-rest", "aws-dynamodb"):
        base = catalog[entry].pricing.points()["price"]
        assert figures[(entry, "us-east-1", "price")] == pytest.approx(base, rel=1e-4), entry
    lambda_sku = found.figures[("aws-lambda", "us-east-1")]["price"].sku
    assert lambda_sku == "LMBREQUSE1000001+LMBGBSECUSE10001"


def test_gcp_machine_types_are_cores_plus_memory() -> None:
    catalog = bundled_catalog()
    plan = load_plans().gcp
    offers = [
        Offer(i, "us-central1", price, f"S{i}", date(2026, 1, 1), "https://example.com/")
        for i, s in enumerate(plan.selectors)
        for pattern, price in (
            ("E2 Instance Core", 0.021811),
            ("E2 Instance Ram", 0.002923),
            ("N2 Instance Core", 0.031611),
            ("N2 Instance Ram", 0.004237),
            ("Zonal - vCPU", 0.0413),
            ("Zonal - RAM", 0.007),
        )
        if s.description.startswith(pattern) or pattern in s.description
    ]
    found = quotes(plan, offers, {"us-central1"}).figures
    for entry_id in ("gcp-compute-engine", "gcp-cloud-sql-postgres"):
        points = catalog[entry_id].pricing.points()
        for key, quote in found[(entry_id, "us-central1")].items():
            assert quote.usd == pytest.approx(points[key], rel=1e-4), (entry_id, key)


@pytest.mark.parametrize("path", every_fixture(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_each_file_is_recognised_by_its_content(path: Path) -> None:
    price_list = read(path)
    folder = path.relative_to(FIXTURES).parts[0]
    assert price_list.provider.value == folder
    if price_list.kind == "prices":
        assert price_list.offers
        assert all(o.sku not in DISTRACTORS for o in price_list.offers)


def test_distractors_are_never_taken() -> None:
    taken = {o.sku for path in every_fixture() for o in read(path).offers}
    assert not taken & DISTRACTORS
    ec2 = read(FIXTURES / "aws" / "index.json")
    linux = {"8XPFQ7NWDMXJ9KPM", "M7ILARGELNXUSE1A", "M7IXLARGELNXUSE1"}
    assert {o.sku for o in ec2.offers} == linux | {"NATGWHOURSUSE1AA", "NATGWBYTESUSE1AA"}
    by_sku = {o.sku: o.usd for o in ec2.offers}
    assert by_sku["8XPFQ7NWDMXJ9KPM"] == 0.052  # not the reserved 0.0101
    assert by_sku["M7ILARGELNXUSE1A"] == 0.1008  # not the leased term filed under OnDemand
    assert {o.usd for o in read(FIXTURES / "aws" / "s3.json").offers} == {
        0.023,
        4e-07,
    }  # first tier


def test_azure_takes_only_pay_as_you_go_linux_meters() -> None:
    """Windows, Spot, Low Priority, Dev/Test, reservations, another series' `2 vCore`, a
    Basic cache and a secondary copy of a meter are all on these pages, all cheaper."""
    first = read(FIXTURES / "azure" / "prices.json")
    assert sorted(o.usd for o in first.offers) == [0.0416, 0.12]
    assert first.next_page.startswith("https://prices.azure.com/api/retail/prices?")
    services = read(FIXTURES / "azure" / "pg-and-redis.json")
    assert sorted(o.usd for o in services.offers) == [0.0178, 0.055, 0.115, 0.138, 0.178]
    plan = load_plans().azure
    named = {(plan.selectors[o.selector].product_name, o.usd) for o in services.offers}
    assert ("Azure Redis Cache Standard", 0.055) in named  # C0, not the Basic C1


def test_savings_plans_and_indexes_are_recognised_and_left_alone() -> None:
    savings = read(FIXTURES / "aws" / "savings.json")
    assert (savings.kind, savings.offers) == ("skipped", ())
    index = read(FIXTURES / "aws" / "region_index.json")
    assert index.kind == "index"
    assert index.links["eu-central-1"].endswith("/AmazonEC2/20261127101500/eu-central-1/index.json")
    services = read(FIXTURES / "gcp" / "services.json")
    assert services.links["Cloud SQL"] == "9662-B51E-5089"


def test_offers_carry_sku_date_and_a_public_source() -> None:
    ec2 = read(FIXTURES / "aws" / "index.json")
    t3 = next(o for o in ec2.offers if o.sku == "8XPFQ7NWDMXJ9KPM")
    assert t3.as_of == date(2026, 11, 28)
    assert t3.source == (
        "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/20261128194211/us-east-1/index.json"
    )
    azure = read(FIXTURES / "azure" / "westeurope.json").offers[0]
    assert azure.as_of == date(2026, 9, 1)
    assert azure.source.startswith(
        "https://prices.azure.com/api/retail/prices?$filter=meterId%20eq%20'"
    )
    gcp = read(FIXTURES / "gcp" / "cloud-sql.json").offers[0]
    assert gcp.source == "https://cloudbilling.googleapis.com/v1/services/9662-B51E-5089/skus"
    assert gcp.as_of == date(2026, 11, 30)


def test_usage_types_lose_only_their_region_prefix() -> None:
    assert bare_usage("USE2-BoxUsage:t3.medium") == "BoxUsage:t3.medium"
    assert bare_usage("EU-NatGateway-Hours") == "NatGateway-Hours"
    assert bare_usage("BoxUsage:t3.medium") == "BoxUsage:t3.medium"
    assert (
        bare_usage("USE1-SpotUsage:Fargate-vCPU-Hours:perCPU")
        == "SpotUsage:Fargate-vCPU-Hours:perCPU"
    )


def test_two_skus_for_one_selector_are_refused_not_guessed() -> None:
    plan = load_plans().aws
    t3 = next(
        i for i, s in enumerate(plan.selectors) if s.attributes.get("instanceType") == "t3.medium"
    )
    day = date(2026, 1, 1)
    offers = [
        Offer(t3, "us-east-1", 0.05, "A", day, "https://a.example/"),
        Offer(t3, "us-east-1", 0.01, "B", day, "https://a.example/"),
    ]
    found = quotes(plan, offers, {"us-east-1"})
    assert ("aws-ec2", "us-east-1") not in found.figures
    assert found.problems == (
        "aws-ec2 't3.medium' in us-east-1: several SKUs match (A, B); none taken",
    )
    # the same SKU in two files: the newer publication wins
    offers = [
        Offer(t3, "us-east-1", 0.05, "A", day, "https://a.example/"),
        Offer(t3, "us-east-1", 0.06, "A", date(2026, 2, 1), "https://a.example/"),
    ]
    assert (
        quotes(plan, offers, {"us-east-1"}).figures[("aws-ec2", "us-east-1")]["t3.medium"].usd
        == 0.06
    )


def test_a_preferred_offer_code_wins_over_a_fallback() -> None:
    plan = load_plans().aws
    alb = next(i for i, s in enumerate(plan.selectors) if s.usagetype == "LCUUsage")
    day = date(2026, 1, 1)
    offers = [
        Offer(alb, "us-east-1", 0.009, "EC2SKU", day, "https://a.example/", rank=1),
        Offer(alb, "us-east-1", 0.008, "ELBSKU", day, "https://a.example/", rank=0),
    ]
    figure = quotes(plan, offers, {"us-east-1"}).figures[("aws-alb", "us-east-1")]["lcu"]
    assert figure.sku == "ELBSKU"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "provider: aws\nentries: {aws-ec2: {points: {x: {offer: AmazonEC2, color: red}}}}",
            "color",
        ),
        ("provider: oracle\nentries: {}", "unknown provider"),
        ("provider: aws\nentries: {aws-ec2: {points: {x: {offer: A, sum: []}}}}", "sum"),
        ("provider: aws\nentries: {aws-ec2: {points: {x: {offer: A, divide_by: 0}}}}", "divide_by"),
        ("provider: aws\nentries: {Bad_Id: {points: {}}}", "not a catalog id"),
    ],
)
def test_a_broken_mapping_is_refused(text: str, problem: str) -> None:
    from model.catalog.price_lists.mapping import AwsSku

    with pytest.raises(MappingError, match=problem):
        parse_mapping("aws.yaml", text, AwsSku)


def test_moves_are_measured_against_the_bundled_table_outside_the_base_region() -> None:
    catalog = bundled_catalog()
    entries = priced_entries(catalog)
    entry_id, region, key, old = next(
        (entry_id, region, key, figure.usd)
        for entry_id in entries
        for region in catalog.prices.regions_of(entry_id)
        for key, figure in catalog.prices.figures(entry_id, region).items()
        if figure.usd > 0
    )
    unpriced = next(
        r.id
        for r in catalog.regions[ServiceProvider.AWS].regions
        if r.id != "us-east-1" and "t3.medium" not in catalog.prices.figures("aws-ec2", r.id)
    )
    figures = {
        (entry_id, region): {key: Quote(usd=old * 1.3)},  # moved
        ("aws-ec2", "us-east-1"): {"t3.medium": Quote(usd=0.0416 * 1.1)},  # +10 %: not listed
        ("aws-ec2", unpriced): {"t3.medium": Quote(usd=9.0)},  # nothing to compare with
    }
    moved, uncompared = moves(catalog, figures)
    assert [(m.entry, m.region, m.key) for m in moved] == [(entry_id, region, key)]
    assert moved[0].percent == pytest.approx(30)
    assert uncompared == 1
