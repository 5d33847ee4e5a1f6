"""The issue's property: a refresh from a price list changes exactly the prices it contains.

Hypothesis writes EC2 offer files (official shape, distractors included) for a few regions
and sizes at random prices, refreshes from them twice in a row, and compares every
figure of every AWS service and implied charge, in every region involved and one
untouched, before and after: the figures the second file holds are now its prices, and
nothing else moved.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.catalog import Service, load_catalog
from model.catalog.price_lists import priced_entries
from model.catalog.price_lists.changes import Entry
from model.enums import ServiceProvider
from tui.cli import main

PRICED_BY = {
    "t3.medium": [("aws-ec2", "t3.medium")],
    "m7i.large": [("aws-ec2", "m7i.large"), ("aws-eks", "m7i.large node")],
    "m7i.xlarge": [("aws-ec2", "m7i.xlarge"), ("aws-eks", "m7i.xlarge node")],
    "c7i.2xlarge": [("aws-ec2", "c7i.2xlarge")],
    "m7i.2xlarge": [("aws-eks", "m7i.2xlarge node")],
}
"""Each instance type, and the catalog figures it prices (written out, not read from the
mapping, so the test does not trust what it tests)."""

REGIONS = ("us-east-1", "eu-central-1", "ap-southeast-2")
UNTOUCHED = "sa-east-1"

Variant = dict[tuple[str, str], float]
"""(region, instance type) -> on-demand price."""

prices = st.integers(min_value=1, max_value=90_000).map(lambda n: n / 10_000)
variants = st.dictionaries(
    st.tuples(st.sampled_from(REGIONS), st.sampled_from(sorted(PRICED_BY))), prices, max_size=8
)


def offer_files(folder: Path, variant: Variant, distractor: float) -> None:
    """One AmazonEC2 offer file per region of `variant`, with a Windows and a dedicated
    twin of every product and a reserved term, all at the `distractor` price."""
    for region in sorted({r for r, _ in variant}):
        products: dict[str, Any] = {}
        on_demand: dict[str, Any] = {}
        reserved: dict[str, Any] = {}
        for (where, itype), price in sorted(variant.items()):
            if where != region:
                continue
            for n, (system, tenancy, usd) in enumerate(
                (
                    ("Linux", "Shared", price),
                    ("Windows", "Shared", distractor),
                    ("Linux", "Dedicated", distractor),
                )
            ):
                sku = f"{itype}-{n}".upper().replace(".", "")
                products[sku] = {
                    "sku": sku,
                    "productFamily": "Compute Instance",
                    "attributes": {
                        "instanceType": itype,
                        "operatingSystem": system,
                        "tenancy": tenancy,
                        "capacitystatus": "Used",
                        "preInstalledSw": "NA",
                        "licenseModel": "No License required",
                        "regionCode": region,
                        "usagetype": f"BoxUsage:{itype}",
                        "location": region,
                    },
                }
                on_demand[sku] = term(sku, "JRTCKXETXF", usd, {})
                reserved[sku] = term(
                    sku, "4NA7Y494T4", distractor / 3, {"LeaseContractLength": "1yr"}
                )
        document = {
            "formatVersion": "v1.0",
            "offerCode": "AmazonEC2",
            "version": "20261201000000",
            "publicationDate": "2026-12-01T00:00:00Z",
            "products": products,
            "terms": {"OnDemand": on_demand, "Reserved": reserved},
        }
        (folder / f"{region}.json").write_text(json.dumps(document))


def term(sku: str, code: str, usd: float, attributes: dict[str, str]) -> dict[str, Any]:
    dimension: dict[str, Any] = {
        "unit": "Hrs",
        "beginRange": "0",
        "endRange": "Inf",
        "appliesTo": [],
    }
    dimension["pricePerUnit"] = {"USD": f"{usd:.10f}"}
    return {
        f"{sku}.{code}": {
            "offerTermCode": code,
            "sku": sku,
            "termAttributes": attributes,
            "priceDimensions": {f"{sku}.{code}.6YS6EN2CT7": dimension},
        }
    }


def resolved() -> dict[tuple[str, str, str], tuple[float, str]]:
    """Every AWS figure in the regions involved: (id, region, key) -> (usd, origin)."""
    load_catalog.cache_clear()
    catalog = load_catalog()
    found: dict[tuple[str, str, str], tuple[float, str]] = {}
    entries: list[Entry] = [
        e for e in priced_entries(catalog).values() if e.provider is ServiceProvider.AWS
    ]
    for entry in entries:
        for region in (*REGIONS, UNTOUCHED):
            if isinstance(entry, Service):
                regional = catalog.pricing_in(entry, region).figures
            else:
                regional = catalog.platform_in(entry, region).figures
            for key, figure in regional.items():
                found[(entry.id, region, key)] = (figure.usd, figure.origin.value)
    return found


def refresh_from(variant: Variant, distractor: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        offer_files(Path(folder), variant, distractor)
        code = main(["catalog", "refresh", "--from", folder])
    assert code == 0


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=variants, second=variants.filter(bool), distractor=prices)
def test_a_refresh_changes_exactly_the_prices_it_contains(
    first: Variant,
    second: Variant,
    distractor: float,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with tempfile.TemporaryDirectory() as data:
        monkeypatch.setenv("INFRASKETCH_PRICES", str(Path(data) / "prices.yaml"))
        if first:
            refresh_from(first, distractor)
        before = resolved()
        refresh_from(second, distractor)
        after = resolved()
        capsys.readouterr()
    expected = {
        (entry, region, key): price
        for (region, itype), price in second.items()
        for entry, key in PRICED_BY[itype]
    }
    changed = {k for k in after if after[k] != before[k]}
    assert changed <= set(expected)
    for where, price in expected.items():
        usd, origin = after[where]
        assert origin == "refreshed", where
        assert usd == pytest.approx(price), where
    untouched = {k for k in after if k not in expected}
    assert all(after[k] == before[k] for k in untouched)
    load_catalog.cache_clear()
