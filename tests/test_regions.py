"""Regions: sessions name real ones, and prices follow the region a service bills in."""

from __future__ import annotations

from datetime import datetime
from importlib import resources

import pytest
from pydantic import ValidationError

from model.analysis import analyse
from model.catalog import (
    CATALOG_FILES,
    PLATFORM_FILE,
    REGIONS_FILE,
    STAND_INS_FILE,
    CatalogError,
    load_catalog,
    parse_catalog,
)
from model.catalog.prices import Origin, PriceBook, PriceOverlay, ServicePrices
from model.enums import Category, Provider
from model.session import Session
from tests.engine_designs import design, part

RDS = part("db", Category.DATABASE, "aws-rds-postgres", size="db.t4g.small")


def _refused(session_factory: object) -> str:
    with pytest.raises(ValidationError) as caught:
        session_factory()  # type: ignore[operator]
    return str(caught.value)


def test_a_made_up_region_is_refused_at_its_field() -> None:
    message = _refused(lambda: design(RDS, regions=("mars-north-9",)))
    assert "context.regions.0" in message
    assert "unknown region 'mars-north-9' for AWS" in message


def test_a_misspelt_region_gets_the_closest_ids() -> None:
    message = _refused(lambda: design(RDS, regions=("eu-central-1", "us-est-1")))
    assert "context.regions.1" in message
    suggestion = message.split("did you mean ", 1)[1].split("?")[0]
    assert "'us-east-1'" in suggestion


def test_another_clouds_region_says_whose_it_is_and_hybrid_allows_it() -> None:
    message = _refused(lambda: design(RDS, regions=("europe-west3",)))
    assert "it is a GCP region (choose hybrid to mix clouds)" in message
    assert design(RDS, provider=Provider.HYBRID, regions=("europe-west3",)).context.regions


def _table(service: str, region: str, **prices: float) -> ServicePrices:
    return ServicePrices.model_validate(
        {
            "service": service,
            "regions": {
                region: {
                    "source": "https://example.com/prices",
                    "as_of": "2025-06-01",
                    "prices": prices,
                }
            },
        }
    )


def test_a_region_figure_replaces_the_base_price_and_missing_ones_are_borrowed() -> None:
    catalog = load_catalog()
    book = PriceBook([_table("aws-rds-postgres", "eu-central-1", **{"db.t4g.small": 0.036})])
    pricing = catalog["aws-rds-postgres"].pricing
    figures = book.resolve(
        "aws-rds-postgres",
        pricing.points(),
        region="eu-central-1",
        base_region="us-east-1",
        global_price=False,
        source=str(pricing.source),
        as_of="2025-03-01",
    )
    assert figures["db.t4g.small"].usd == 0.036
    assert figures["db.t4g.small"].origin is Origin.REGIONAL
    assert figures["db.t4g.small"].source == "https://example.com/prices"
    assert figures["storage"].origin is Origin.BASE_FALLBACK
    assert figures["storage"].usd == pricing.points()["storage"]


def test_the_refreshed_overlay_wins_price_by_price() -> None:
    bundled = [_table("aws-rds-postgres", "eu-central-1", **{"db.t4g.small": 0.036})]
    overlay = PriceOverlay(
        refreshed=datetime(2026, 12, 1),
        services=(_table("aws-rds-postgres", "eu-central-1", storage=0.137),),
    )
    book = PriceBook(bundled, overlay)
    known = book.figures("aws-rds-postgres", "eu-central-1")
    assert known["db.t4g.small"].origin is Origin.REGIONAL
    assert known["storage"].origin is Origin.REFRESHED
    assert known["storage"].usd == 0.137


def _catalog_with(table: str) -> None:
    """Build the packaged catalog with `table` as its only regional price table."""
    data = resources.files("model.catalog") / "data"
    parse_catalog(
        {name: (data / name).read_text() for name in CATALOG_FILES},
        (data / STAND_INS_FILE).read_text(),
        regions=(data / REGIONS_FILE).read_text(),
        platform=(data / PLATFORM_FILE).read_text(),
        prices={"prices/test.yaml": table},
    )


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ("- {service: aws-nope, regions: {eu-central-1: {source: 'https://a.b/', "
         "as_of: 2025-01-01, prices: {price: 1}}}}", "unknown service 'aws-nope'"),
        ("- {service: aws-rds-postgres, regions: {europe-west3: {source: 'https://a.b/', "
         "as_of: 2025-01-01, prices: {storage: 1}}}}", "'europe-west3' is not an AWS region"),
        ("- {service: aws-rds-postgres, regions: {eu-central-1: {source: 'https://a.b/', "
         "as_of: 2025-01-01, prices: {db.x9.huge: 1}}}}", "no price point 'db.x9.huge'"),
        ("- {service: saas-sentry, regions: {eu-central-1: {source: 'https://a.b/', "
         "as_of: 2025-01-01, prices: {Team: 1}}}}", "has one price in every region"),
    ],
)  # fmt: skip
def test_a_bundled_table_that_does_not_fit_the_catalog_is_a_catalog_error(
    table: str, problem: str
) -> None:
    with pytest.raises(CatalogError, match=problem):
        _catalog_with(table)


def test_a_design_in_a_region_without_figures_says_so_on_every_regional_line() -> None:
    session: Session = design(RDS, regions=("ca-west-1",))
    cost = analyse(session).cost
    line = cost.line("db")
    assert line is not None
    assert line.region == "ca-west-1"
    assert line.borrowed == ("db.t4g.small", "storage")
    assert line.regional_note.startswith("priced at us-east-1 for want of ca-west-1 figures")
    assert [x.component_id for x in cost.borrowed] == ["db"]


def test_saas_bills_one_price_wherever_the_design_runs() -> None:
    sentry = part("errors", Category.ERRORS, "saas-sentry")
    line = analyse(design(sentry, regions=("ap-southeast-1",))).cost.line("errors")
    assert line is not None
    assert line.region == "global"
    assert line.borrowed == ()
