"""The catalog fields the engines rely on: multi-AZ SLAs, standby-billed extras, retirements."""

from __future__ import annotations

import pytest

from model.catalog import CatalogError, Service, load_catalog, parse_catalog

CATALOG = load_catalog()

MULTI_AZ_SLAS = {
    "aws-rds-postgres": (99.5, 99.95),
    "aws-aurora-postgres": (99.9, 99.99),
    "aws-elasticache-redis": (None, 99.99),
    "aws-ec2": (99.5, 99.99),
    "aws-ecs-fargate": (99.5, 99.99),  # the Compute SLA: a task 99.5%, the region 99.99%
    "gcp-cloud-sql-postgres": (None, 99.95),
    "gcp-memorystore-redis": (None, 99.9),
    "gcp-compute-engine": (99.9, 99.99),
    "azure-postgres-flexible": (99.9, 99.99),
    "azure-cache-redis": (99.9, None),  # Standard tier: zone redundancy needs Premium
    "azure-vm": (99.9, 99.99),
}
"""Single-deployment and multi-AZ SLAs as the providers publish them."""


@pytest.mark.parametrize(("service_id", "slas"), sorted(MULTI_AZ_SLAS.items()))
def test_multi_az_slas(service_id: str, slas: tuple[float | None, float]) -> None:
    service = CATALOG[service_id]
    assert (service.sla_percent, service.sla_multi_az_percent) == slas


def test_a_multi_az_sla_below_the_single_one_is_refused() -> None:
    entry = (
        "- id: aws-x\n  provider: aws\n  category: dns\n  label: X\n"
        "  icon: diagrams.aws.network.Route53\n"
        "  pricing: {model: free, unit: none, source: 'https://example.com', as_of: 2025-01-01}\n"
        "  sla_percent: 99.9\n  sla_multi_az_percent: 99.5\n"
        "  pros: [a]\n  cons: [b]\n  complexity: 1\n  lock_in: 1\n"
    )
    with pytest.raises(CatalogError, match="sla_multi_az_percent"):
        parse_catalog({"a.yaml": entry})


def standby_extras(service: Service) -> list[bool]:
    return [extra.multi_az for extra in service.pricing.extras]


def test_standby_storage_is_billed_twice_except_on_aurora() -> None:
    for service_id in ("aws-rds-postgres", "gcp-cloud-sql-postgres", "azure-postgres-flexible"):
        assert standby_extras(CATALOG[service_id]) == [True], service_id
    assert standby_extras(CATALOG["aws-aurora-postgres"]) == [False, False]


def test_services_being_retired_are_tagged_and_say_when() -> None:
    retiring = {s.id for s in CATALOG.values() if "retiring" in s.tags}
    assert retiring == {"saas-opsgenie", "azure-cache-redis", "aws-app-runner"}
    assert any("April 2027" in con for con in CATALOG["saas-opsgenie"].cons)
    assert any("30 September 2028" in con for con in CATALOG["azure-cache-redis"].cons)
    assert any("30 April 2026" in con for con in CATALOG["aws-app-runner"].cons)
