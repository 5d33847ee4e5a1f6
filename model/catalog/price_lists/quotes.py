"""From offers to catalog figures: each mapped point, in each region its parts are found in.

Offers of one selector in one region are expected to be one SKU (several files may list
it; the newest publication wins, and an offer code the selector prefers wins over one it
accepts). Two different SKUs are ambiguous: the mapping no longer tells the list price
apart, so the figure is not taken and the problem says which SKUs matched. A point's
figure is its parts' prices combined (`Point.value`), with every SKU it used, the newest
of their dates and the first part's source.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Generic

from pydantic import HttpUrl, ValidationError

from model.catalog.price_lists.mapping import Plan, S
from model.catalog.price_lists.records import Offer
from model.catalog.prices import Quote

Figures = dict[tuple[str, str], dict[str, Quote]]
"""(catalog id, region) -> price point key -> the refreshed figure."""

SKU_LIMIT = 80
"""The longest SKU text a quote holds (`Quote.sku`)."""


@dataclass(frozen=True, slots=True)
class Found(Generic[S]):
    """The figures one provider's price lists gave, and what could not be taken."""

    plan: Plan[S]
    figures: Figures
    problems: tuple[str, ...]
    regions: tuple[str, ...]
    """The regions the price lists had offers for (and the refresh asked for)."""


def quotes(plan: Plan[S], offers: Iterable[Offer], regions: Collection[str]) -> Found[S]:
    """The figures of every point of `plan` that `offers` price, in `regions` only."""
    chosen: dict[tuple[int, str], dict[str, Offer]] = {}
    for offer in offers:
        if offer.region not in regions:
            continue
        skus = chosen.setdefault((offer.selector, offer.region), {})
        held = skus.get(offer.sku)
        if held is None or (offer.rank, -offer.as_of.toordinal()) < (
            held.rank,
            -held.as_of.toordinal(),
        ):
            skus[offer.sku] = offer
    resolved: dict[tuple[int, str], Offer] = {}
    ambiguous: dict[tuple[int, str], tuple[str, ...]] = {}
    for where, skus in chosen.items():
        best = min(o.rank for o in skus.values())
        top = sorted(sku for sku, o in skus.items() if o.rank == best)
        if len(top) == 1:
            resolved[where] = skus[top[0]]
        else:
            ambiguous[where] = tuple(top)
    seen = sorted({region for _, region in chosen})
    figures: Figures = {}
    problems: list[str] = []
    for (entry, key), (point, indexes) in plan.points.items():
        for region in seen:
            doubtful = [ambiguous[(i, region)] for i in indexes if (i, region) in ambiguous]
            if doubtful:
                listed = ", ".join(sku for group in doubtful for sku in group)
                problems.append(
                    f"{entry} {key!r} in {region}: several SKUs match ({listed}); none taken"
                )
                continue
            parts = [resolved.get((i, region)) for i in indexes]
            found = [p for p in parts if p is not None]
            if len(found) != len(parts):
                continue
            sku = "+".join(dict.fromkeys(p.sku for p in found))
            try:
                quote = Quote(
                    usd=point.value(tuple(p.usd for p in found)),
                    sku=sku if len(sku) <= SKU_LIMIT else sku[: SKU_LIMIT - 1] + "…",
                    source=HttpUrl(found[0].source),
                    as_of=max(p.as_of for p in found),
                )
            except ValidationError:
                problems.append(f"{entry} {key!r} in {region}: SKU {sku[:40]!r} is unusable")
                continue
            figures.setdefault((entry, region), {})[key] = quote
    return Found(plan, figures, tuple(problems), tuple(seen))
