"""Cloud Billing Catalog API pages: `services` (display name -> id) and a service's `skus`.

A SKU page is `{"skus": [...], "nextPageToken"}`; each SKU has `name`
(`services/<id>/skus/<skuId>`), `skuId`, `description`, `category` (`serviceDisplayName`,
`resourceFamily`, `resourceGroup`, `usageType`), `serviceRegions` and `pricingInfo`
(`effectiveTime`, `pricingExpression` with `usageUnit` and `tieredRates`, each a
`startUsageAmount` and a `unitPrice` of `currencyCode`, `units` and `nanos`). A SKU is
taken only when a selector's service, description pattern, resource group, unit and usage
type `OnDemand` all match (Spot is `Preemptible`, commitments are `Commit1Yr`), at the
first tier of its newest pricing, in USD; it prices every region in `serviceRegions`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from model.catalog.price_lists.mapping import GcpSku, Plan
from model.catalog.price_lists.records import Offer, PriceList, PriceListError, as_date
from model.catalog.price_lists.stream import Events
from model.enums import ServiceProvider

KEYS = ("skus", "services")
"""Top-level keys that make a JSON object a Cloud Billing Catalog page."""


def skus_url(base: str, service_id: str) -> str:
    """The public SKU list of a service (the API key goes in a header, never here)."""
    return f"{base}/v1/services/{service_id}/skus"


def read(
    first: str, header: dict[str, Any], events: Events, plan: Plan[GcpSku], base: str
) -> PriceList:
    """Read the rest of a Cloud Billing Catalog page whose member `first` is next."""
    patterns = [re.compile(s.description) for s in plan.selectors]
    offers: list[Offer] = []
    services: dict[str, str] = {}
    key: str | None = first
    members = events.members("the page")
    while key is not None:
        if key in ("skus", "services"):
            if not events.start("array", key):
                raise PriceListError(f"{key}: not an array")
            for number, item in enumerate(events.elements(key)):
                where = f"{key}[{number}]"
                if not isinstance(item, dict):
                    raise PriceListError(f"{where}: not an object")
                if key == "services":
                    name, ident = item.get("displayName"), item.get("serviceId")
                    if isinstance(name, str) and isinstance(ident, str):
                        services[name] = ident
                else:
                    offers += _offers(item, plan, patterns, base, where)
        else:
            header[key] = events.scalar(key)
        key = next(members, None)
    next_page = str(header.get("nextPageToken") or "")
    if first == "services":
        return PriceList(
            ServiceProvider.GCP,
            "services",
            "Cloud Billing Catalog services",
            next_page=next_page,
            links=services,
        )
    regions = tuple(sorted({o.region for o in offers}))
    return PriceList(
        ServiceProvider.GCP, "prices", "Cloud Billing Catalog SKU page", tuple(offers),
        next_page, regions=regions,
    )  # fmt: skip


def _offers(
    sku: Mapping[str, Any],
    plan: Plan[GcpSku],
    patterns: list[re.Pattern[str]],
    base: str,
    where: str,
) -> list[Offer]:
    category = sku.get("category")
    description = sku.get("description")
    if not isinstance(category, dict) or not isinstance(description, str):
        raise PriceListError(f"{where}: no category or description")
    hits = [
        index
        for index, selector in enumerate(plan.selectors)
        if category.get("serviceDisplayName") == selector.service
        and category.get("usageType") == selector.usage_type
        and (
            not selector.resource_group or category.get("resourceGroup") == selector.resource_group
        )
        and patterns[index].fullmatch(description)
    ]
    if not hits:
        return []
    pricing = _newest_pricing(sku.get("pricingInfo"), where)
    expression = pricing.get("pricingExpression")
    if not isinstance(expression, dict):
        raise PriceListError(f"{where}: pricingInfo has no pricingExpression")
    unit = expression.get("usageUnit")
    usd = _first_tier(expression.get("tieredRates"), where)
    ident, name = sku.get("skuId"), sku.get("name")
    if not isinstance(ident, str) or not isinstance(name, str) or usd is None:
        return []
    service_id = name.split("/")[1] if name.startswith("services/") else ""
    as_of = as_date(pricing.get("effectiveTime"), f"{where}.effectiveTime")
    source = skus_url(base, service_id)
    regions = [r for r in sku.get("serviceRegions") or () if isinstance(r, str)]
    return [
        Offer(index, region, usd, ident, as_of, source)
        for index in hits
        if unit == plan.selectors[index].unit
        for region in regions
    ]


def _newest_pricing(info: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(info, list) or not info or not all(isinstance(i, dict) for i in info):
        raise PriceListError(f"{where}: no pricingInfo")
    return max(info, key=lambda i: str(i.get("effectiveTime", "")))


def _first_tier(rates: Any, where: str) -> float | None:
    """The USD unit price of the tier starting at 0, or None when it is in another currency."""
    if not isinstance(rates, list):
        raise PriceListError(f"{where}: no tieredRates")
    for rate in rates:
        if not isinstance(rate, dict) or rate.get("startUsageAmount") not in (None, 0, 0.0):
            continue
        price = rate.get("unitPrice")
        if not isinstance(price, dict):
            raise PriceListError(f"{where}: a rate has no unitPrice")
        if price.get("currencyCode", "USD") != "USD":
            return None
        try:
            return float(
                f"{int(price.get('units') or 0) + int(price.get('nanos') or 0) / 1e9:.10g}"
            )
        except (TypeError, ValueError):
            raise PriceListError(f"{where}: unitPrice is not a price") from None
    return None
