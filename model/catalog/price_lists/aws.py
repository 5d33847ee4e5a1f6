"""AWS Price List bulk API offer files: products first, then terms, read as a stream.

An offer file (`/offers/v1.0/aws/<offerCode>/<version>/<region>/index.json`, or the
all-region `current/index.json`) holds `offerCode`, `version` and `publicationDate`, then
`products` (SKU -> product family and attributes, each with its `regionCode`), then
`terms`: `OnDemand` and `Reserved`, SKU -> term -> price dimensions. Products are matched
against the selectors as they stream past and only the matching SKUs are remembered;
then only those SKUs' `OnDemand` terms are built. `Reserved` terms are skipped unread, a
term with lease attributes is not on-demand, and a dimension that is not the first tier
(`beginRange` 0) or not in USD is not the list price. A Savings Plans price list (its
`products` are an array) is recognised and left alone.

A region index (`region_index.json`: `regions` -> `currentVersionUrl`) is read too: the
online refresh finds each region's offer file through it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from model.catalog.price_lists.mapping import AwsSku, Plan
from model.catalog.price_lists.records import Offer, PriceList, PriceListError, as_date
from model.catalog.price_lists.stream import Events
from model.enums import ServiceProvider

KEYS = ("products", "terms", "regions", "offers")
"""Top-level keys that make a JSON object an AWS offer file or index."""

_REGION_PREFIX = re.compile(r"^[A-Z]{2,3}[0-9]?-")
"""The region prefix of a usage type (`USE2-`, `EUC1-`, `EU-`); us-east-1 often has none."""


def bare_usage(usagetype: str) -> str:
    """A usage type without its region prefix: `USE2-BoxUsage:t3.medium` -> `BoxUsage:t3.medium`."""
    return _REGION_PREFIX.sub("", usagetype, count=1)


def matches(selector: AwsSku, product: Mapping[str, Any]) -> bool:
    """Whether a product (`productFamily`, `attributes`) is what `selector` names."""
    attributes = product.get("attributes")
    if not isinstance(attributes, dict):
        return False
    if selector.product_family and product.get("productFamily") != selector.product_family:
        return False
    if any(attributes.get(name) != value for name, value in selector.attributes.items()):
        return False
    usage = attributes.get("usagetype")
    return not selector.usagetype or (
        isinstance(usage, str) and bare_usage(usage) == selector.usagetype
    )


def read(
    first: str, header: dict[str, Any], events: Events, plan: Plan[AwsSku], base: str
) -> PriceList:
    """Read the rest of an AWS offer file or index whose member `first` is next."""
    if first in ("regions", "offers"):
        return _index(first, events, base)
    wanted: dict[str, tuple[str, tuple[int, ...]]] = {}
    """SKU -> its region and the selectors it matches."""
    found: list[tuple[str, dict[str, Any]]] = []
    """(SKU, its OnDemand terms) of the wanted SKUs."""
    seen_products = False
    key: str | None = first
    members = events.members("the file")
    while key is not None:
        if key == "products":
            if not events.start("map", "products"):
                return PriceList(ServiceProvider.AWS, "skipped", _savings_label(header))
            seen_products = True
            _products(events, plan, wanted)
        elif key == "terms":
            if not seen_products:
                raise PriceListError("`terms` come before `products`: not an AWS offer file")
            _terms(events, wanted, found)
        else:
            header[key] = events.scalar(key)
        key = next(members, None)
    return _priced(header, plan, wanted, found, base)


def _products(
    events: Events, plan: Plan[AwsSku], wanted: dict[str, tuple[str, tuple[int, ...]]]
) -> None:
    for sku in events.members("products"):
        product = events.value(where=f"products.{sku}")
        if not isinstance(product, dict):
            raise PriceListError(f"products.{sku}: not an object")
        attributes = product.get("attributes")
        region = attributes.get("regionCode") if isinstance(attributes, dict) else None
        if not isinstance(region, str):
            continue
        hits = tuple(i for i, s in enumerate(plan.selectors) if matches(s, product))
        if hits:
            wanted[sku] = (region, hits)


def _terms(
    events: Events,
    wanted: Mapping[str, tuple[str, tuple[int, ...]]],
    found: list[tuple[str, dict[str, Any]]],
) -> None:
    if not events.start("map", "terms"):
        raise PriceListError("terms: not an object")
    for term_type in events.members("terms"):
        if term_type != "OnDemand":
            events.skip(where=f"terms.{term_type}")
            continue
        if not events.start("map", "terms.OnDemand"):
            raise PriceListError("terms.OnDemand: not an object")
        for sku in events.members("terms.OnDemand"):
            if sku not in wanted:
                events.skip(where=f"terms.OnDemand.{sku}")
                continue
            terms = events.value(where=f"terms.OnDemand.{sku}")
            if not isinstance(terms, dict):
                raise PriceListError(f"terms.OnDemand.{sku}: not an object")
            found.append((sku, terms))


def _priced(
    header: Mapping[str, Any],
    plan: Plan[AwsSku],
    wanted: Mapping[str, tuple[str, tuple[int, ...]]],
    found: list[tuple[str, dict[str, Any]]],
    base: str,
) -> PriceList:
    code = header.get("offerCode")
    if not isinstance(code, str) or not code:
        raise PriceListError("no `offerCode`: not an AWS offer file")
    as_of = as_date(header.get("publicationDate"), "publicationDate")
    version = str(header.get("version") or "current")
    offers: list[Offer] = []
    notes: list[str] = []
    for sku, terms in found:
        region, hits = wanted[sku]
        source = f"{base}/offers/v1.0/aws/{code}/{version}/{region}/index.json"
        for index in hits:
            selector = plan.selectors[index]
            if code not in selector.offer:
                continue
            prices = _on_demand(terms, selector.unit, f"terms.OnDemand.{sku}")
            if len(set(prices)) > 1:
                notes.append(f"{sku} in {region}: {len(prices)} on-demand prices; none taken")
                continue
            if prices:
                rank = selector.offer.index(code)
                offers.append(Offer(index, region, prices[0], sku, as_of, source, rank))
    regions = tuple(sorted({o.region for o in offers}))
    label = f"AWS {code} offer, published {as_of.isoformat()}"
    return PriceList(
        ServiceProvider.AWS, "prices", label, tuple(offers), notes=tuple(notes), regions=regions
    )


def _on_demand(terms: Mapping[str, Any], unit: str, where: str) -> list[float]:
    """The first-tier USD prices in `unit` of a SKU's on-demand terms; terms with lease
    attributes (a reservation filed under the wrong type) are not on-demand."""
    prices: list[float] = []
    for term in terms.values():
        if not isinstance(term, dict):
            raise PriceListError(f"{where}: a term is not an object")
        if term.get("termAttributes"):
            continue
        dimensions = term.get("priceDimensions")
        if not isinstance(dimensions, dict):
            raise PriceListError(f"{where}: a term has no priceDimensions")
        for dimension in dimensions.values():
            if not isinstance(dimension, dict):
                raise PriceListError(f"{where}: a price dimension is not an object")
            if unit and dimension.get("unit") != unit:
                continue
            if str(dimension.get("beginRange", "0")) not in ("0", "0.0"):
                continue
            usd = (dimension.get("pricePerUnit") or {}).get("USD")
            if usd is None:
                continue
            try:
                prices.append(float(usd))
            except (TypeError, ValueError):
                raise PriceListError(f"{where}: not a price: {str(usd)[:20]!r}") from None
    return prices


def _index(first: str, events: Events, base: str) -> PriceList:
    links: dict[str, str] = {}
    key: str | None = first
    members = events.members("the file")
    while key is not None:
        if key == "regions" and events.start("map", "regions"):
            for region in events.members("regions"):
                entry = events.value(where=f"regions.{region}")
                url = entry.get("currentVersionUrl") if isinstance(entry, dict) else None
                if isinstance(url, str):
                    links[region] = url if "://" in url else base + url
        else:
            events.skip(where=key)
        key = next(members, None)
    what = "region index" if links else "offer index"
    return PriceList(ServiceProvider.AWS, "index", f"AWS {what}", links=links)


def _savings_label(header: Mapping[str, Any]) -> str:
    code = header.get("offerCode") or "Savings Plans"
    return f"AWS {code} price list (savings plan rates are not list prices)"
