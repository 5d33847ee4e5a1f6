"""The regional price tables in use: a PCI payments API in Frankfurt and RDS across regions.

Every expected figure is the arithmetic from the sourced unit prices in
`model/catalog/data/prices/aws.yaml`, written out here, not read back from the engine.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from model.analysis import analyse
from model.engines.cost import CostEstimate
from model.enums import Category, Provider
from sessions.store import load
from tests.engine_designs import design, part

PAYMENTS = Path(__file__).parent / "data" / "payments-eu-central-1.yaml"
"""A PCI DSS payments API in eu-central-1: Fargate, RDS Multi-AZ, S3, CloudWatch, NAT."""

HOURS = 730


@pytest.fixture(scope="module")
def payments() -> CostEstimate:
    return analyse(load(PAYMENTS)).cost


def monthly(cost: CostEstimate, line_id: str) -> float:
    line = cost.line(line_id)
    assert line is not None and line.monthly is not None, line_id
    return line.monthly


# Frankfurt unit prices: Fargate Linux/x86 $0.04656 per vCPU-h and $0.00511 per GB-h; RDS for
# PostgreSQL db.m7g.large $0.200/h and gp3 $0.137 per GB-month; S3 GETs $0.0043 per 10,000;
# CloudWatch Logs $0.63 per GB; NAT gateway $0.052 per hour; public IPv4 $0.005 per hour.
EXPECTED = {
    # 3 tasks x 730 h x (1 x 0.04656 + 2 x 0.00511) = 3 x 730 x 0.05678
    "api": 3 * HOURS * (1 * 0.04656 + 2 * 0.00511),
    # 2 tasks x 730 h x (0.5 x 0.04656 + 1 x 0.00511) = 2 x 730 x 0.02839
    "worker": 2 * HOURS * (0.5 * 0.04656 + 1 * 0.00511),
    # primary + Multi-AZ standby: 2 x 730 h x 0.200; half of 200 GB on gp3, doubled: 2 x 100 x 0.137
    "db": 2 * HOURS * 0.200 + 2 * 100 * 0.137,
    # the other half of the data: 100 GB x 0.0245; one read per ten requests: 30 M x 0.43
    "files": 100 * 0.0245 + 30 * 0.43,
    # ~1 GB per million requests, 5 GB free: (300 - 5) x 0.63
    "logs": (300 - 5) * 0.63,
    # four addresses (two for the load balancer, one per NAT gateway) x 730 h x 0.005
    "aws-public-ipv4": 4 * HOURS * 0.005,
}


@pytest.mark.parametrize("line_id", sorted(EXPECTED))
def test_the_payments_api_in_frankfurt_pays_frankfurt_prices(
    payments: CostEstimate, line_id: str
) -> None:
    assert monthly(payments, line_id) == pytest.approx(EXPECTED[line_id])
    line = payments.line(line_id)
    assert line is not None and line.region == "eu-central-1" and line.borrowed == ()


def test_the_nat_gateway_hours_are_frankfurts_and_only_the_processing_is_borrowed(
    payments: CostEstimate,
) -> None:
    # Two gateways x 730 h x $0.052, and 950 GB processed at the us-east-1 $0.045.
    assert monthly(payments, "aws-nat-gateway") == pytest.approx(2 * HOURS * 0.052 + 950 * 0.045)
    line = payments.line("aws-nat-gateway")
    assert line is not None and line.borrowed == ("processed",)


def test_what_the_payments_api_still_borrows_is_only_what_no_source_gave(
    payments: CostEstimate,
) -> None:
    """Before the tables grew, 14 of 21 lines borrowed; the rest wait for a sourced figure:
    the ALB's LCU, custom metrics, Secrets Manager, NAT processing and the compliance
    services' per-request and per-event rates."""
    borrowed = {x.component_id: x.borrowed for x in payments.borrowed}
    assert borrowed == {
        "lb": ("lcu",),
        "metrics": ("price",),
        "secrets": ("price",),
        "aws-nat-gateway": ("processed",),
        "aws-kms": ("requests",),
        "aws-cloudtrail": ("data_events",),
        "aws-config": ("items", "evaluations"),
        "aws-guardduty": ("events", "flow_logs"),
    }


@pytest.mark.parametrize(
    ("region", "hourly", "gp3"),
    [
        # AWS's RDS for PostgreSQL price feed (published 2024-09-28): Single-AZ on-demand
        # db.m7g.large and gp3 storage per GB-month.
        ("us-east-1", 0.168, 0.115),
        ("us-west-2", 0.168, 0.115),
        ("eu-west-1", 0.186, 0.127),
        ("eu-central-1", 0.200, 0.137),
        ("ap-southeast-1", 0.234, 0.138),
    ],
)
def test_rds_bills_each_regions_instance_hour_and_storage(
    region: str, hourly: float, gp3: float
) -> None:
    db = part("db", Category.DATABASE, "aws-rds-postgres", size="db.m7g.large")
    cost = analyse(design(db, regions=(region,), data_gb=50)).cost
    # One instance for 730 hours, and the 50 GB stored (above the 20 GB minimum).
    assert monthly(cost, "db") == pytest.approx(HOURS * hourly + 50 * gp3)
    line = cost.line("db")
    assert line is not None and line.borrowed == ()


@pytest.mark.parametrize(
    ("region", "hourly", "storage"),
    [
        # Cloud Billing Catalog via Cyclenerd's pricing.yml (2026-07-30): e2-standard-2 per hour
        # and Standard storage per GB-month; us-west1 bills us-central1's prices.
        ("us-west1", 0.06701142, 0.02),
        ("us-east4", 0.07547082, 0.023),
    ],
)
def test_gcp_bills_northern_virginia_and_oregon_at_their_own_prices(
    region: str, hourly: float, storage: float
) -> None:
    vm = part("vm", Category.COMPUTE, "gcp-compute-engine", replicas=2, size="e2-standard-2")
    files = part("files", Category.OBJECT_STORAGE, "gcp-cloud-storage")
    session = design(vm, files, provider=Provider.GCP, regions=(region,), data_gb=100)
    cost = analyse(session).cost
    assert monthly(cost, "vm") == pytest.approx(2 * HOURS * hourly)
    line = cost.line("files")
    # 100 GB stored, the first 5 GB always free.
    assert line is not None and line.charges[0].monthly == pytest.approx((100 - 5) * storage)
    for line_id in ("vm", "files"):
        line = cost.line(line_id)
        assert line is not None and line.region == region
    vm_line = cost.line("vm")
    assert vm_line is not None and vm_line.borrowed == ()
