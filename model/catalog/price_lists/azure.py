"""Azure Retail Prices API pages: `Items` (one meter in one region each) and `NextPageLink`.

A page is `{"BillingCurrency", "CustomerEntityId", "CustomerEntityType", "Items": [...],
"NextPageLink", "Count"}`; each item names its `serviceName`, `productName`, `skuName`,
`meterName`, `unitOfMeasure`, `type` (`Consumption`, `DevTestConsumption`,
`Reservation`), `armRegionName`, `retailPrice`, `effectiveStartDate` and `meterId`. An
item is taken only when a selector names all of those exactly, its type is
`Consumption`, it is the first price tier (`tierMinimumUnits` 0), in USD, and not a
secondary copy of a meter (`isPrimaryMeterRegion` false). Spot and Low Priority are SKUs
of their own, Windows a product of its own: no selector names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from model.catalog.price_lists.mapping import AzureMeter, Plan
from model.catalog.price_lists.records import Offer, PriceList, PriceListError, as_date
from model.catalog.price_lists.stream import Events
from model.enums import ServiceProvider

KEYS = ("Items",)
"""Top-level keys that make a JSON object an Azure Retail Prices page."""


def query_url(base: str, **equal: str) -> str:
    """The Retail Prices query for the items whose fields equal these values (OData
    `$filter` with `eq` and `and`), e.g. `meterId=...` for one meter."""
    condition = " and ".join(f"{field} eq {_text(value)}" for field, value in equal.items())
    query = urlencode({"$filter": condition}, safe="$'", quote_via=quote)
    return f"{base}?{query}"


def _text(value: str) -> str:
    """An OData string literal: quoted, with quotes doubled."""
    return "'" + value.replace("'", "''") + "'"


def _key(item: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        item.get("serviceName"),
        item.get("productName"),
        item.get("skuName"),
        item.get("meterName"),
    )


def read(
    first: str, header: dict[str, Any], events: Events, plan: Plan[AzureMeter], base: str
) -> PriceList:
    """Read the rest of a Retail Prices page whose member `first` (`Items`) is next."""
    by_name: dict[tuple[Any, ...], list[int]] = {}
    for index, selector in enumerate(plan.selectors):
        names = (
            selector.service_name,
            selector.product_name,
            selector.sku_name,
            selector.meter_name,
        )
        by_name.setdefault(names, []).append(index)
    offers: list[Offer] = []
    notes: list[str] = []
    key: str | None = first
    members = events.members("the page")
    while key is not None:
        if key == "Items":
            if not events.start("array", "Items"):
                raise PriceListError("Items: not an array")
            for number, item in enumerate(events.elements("Items")):
                if not isinstance(item, dict):
                    raise PriceListError(f"Items[{number}]: not an object")
                offers += _offers(
                    item,
                    by_name=by_name,
                    plan=plan,
                    base=base,
                    notes=notes,
                    where=f"Items[{number}]",
                )
        else:
            header[key] = events.scalar(key)
        key = next(members, None)
    currency = header.get("BillingCurrency", "USD")
    if currency != "USD":
        raise PriceListError(f"prices in {currency}: ask the API for USD (currencyCode='USD')")
    next_page = header.get("NextPageLink") or ""
    regions = tuple(sorted({o.region for o in offers}))
    label = "Azure Retail Prices page"
    return PriceList(
        ServiceProvider.AZURE, "prices", label, tuple(offers), str(next_page),
        notes=tuple(dict.fromkeys(notes)), regions=regions,
    )  # fmt: skip


def _offers(
    item: Mapping[str, Any],
    *,
    by_name: Mapping[tuple[Any, ...], list[int]],
    plan: Plan[AzureMeter],
    base: str,
    notes: list[str],
    where: str,
) -> list[Offer]:
    hits = [
        index
        for index in by_name.get(_key(item), ())
        if item.get("unitOfMeasure") == plan.selectors[index].unit_of_measure
        and item.get("type") == plan.selectors[index].type
    ]
    if not hits or item.get("reservationTerm") or item.get("isPrimaryMeterRegion") is False:
        return []
    if item.get("tierMinimumUnits") not in (None, 0, 0.0):
        return []
    if item.get("currencyCode", "USD") != "USD":
        notes.append(f"{item.get('meterName')}: priced in {item.get('currencyCode')}, not USD")
        return []
    region, price, meter = item.get("armRegionName"), item.get("retailPrice"), item.get("meterId")
    if not isinstance(region, str) or not isinstance(meter, str):
        raise PriceListError(f"{where}: no armRegionName or meterId")
    if not isinstance(price, int | float) or isinstance(price, bool):
        raise PriceListError(f"{where}: retailPrice is not a number")
    as_of = as_date(item.get("effectiveStartDate"), f"{where}.effectiveStartDate")
    source = query_url(base, meterId=meter)
    return [Offer(index, region, float(price), meter, as_of, source) for index in hits]
