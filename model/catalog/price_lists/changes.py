"""What a refresh changes: the overlay, merged price by price, and the prices that moved.

A refresh replaces exactly the figures it read and keeps every other figure of the
previous overlay, except those the catalog no longer has a place for (a service or price
point renamed since, a region dropped), which are reported. Moves are measured against
the bundled figure: the catalog entry's price in its cloud's base region, the bundled
regional table elsewhere; a region the bundled data has no figure for borrowed the base
region's, and is counted, not compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from model.catalog import Catalog, Service
from model.catalog.platform import PlatformKind, PlatformService
from model.catalog.price_lists.quotes import Figures
from model.catalog.prices import PriceOverlay, Quote, RegionPrices, ServicePrices
from model.enums import ServiceProvider

Entry = Service | PlatformService
"""Anything the catalog prices: a service, or an implied charge (NAT, IPv4, transfer)."""

MOVE_PERCENT = 20.0
"""A refreshed price that differs from the bundled one by more than this is reported."""

SOURCES_KEPT = 500
"""The most price list names an overlay records (the newest refresh's first)."""


def priced_entries(catalog: Catalog) -> dict[str, Entry]:
    """Every service and implied charge of `catalog`, by id."""
    found: dict[str, Entry] = {s.id: s for s in catalog.services()}
    for provider in ServiceProvider:
        for kind in PlatformKind:
            entry = catalog.platform(provider, kind)
            if entry is not None:
                found[entry.id] = entry
    return found


def points_of(entry: Entry) -> dict[str, float]:
    """An entry's base-region price points by key."""
    return entry.pricing.points() if isinstance(entry, Service) else entry.points()


def has_place(catalog: Catalog, entry: Entry | None, region: str, key: str) -> bool:
    """Whether a regional figure of `entry`'s `key` in `region` can be used."""
    if entry is None or not entry.provider.cloud:
        return False
    if isinstance(entry, Service):
        # A price the same everywhere or priced by the viewers' zone has no regional figure.
        regional = not entry.pricing.global_price and not entry.pricing.priced_by_zone
    else:
        regional = not entry.global_price
    known = catalog.regions.get(entry.provider)
    in_cloud = known is None or known.get(region) is not None
    return regional and in_cloud and key in points_of(entry)


@dataclass(frozen=True, slots=True)
class Move:
    """A refreshed figure that differs from the bundled one by more than `MOVE_PERCENT`."""

    entry: str
    key: str
    region: str
    old: float
    new: float

    @property
    def percent(self) -> float | None:
        """The change in percent of the bundled figure; None when that was zero."""
        return None if self.old == 0 else (self.new - self.old) / self.old * 100


def bundled_figure(bundled: Catalog, entry: Entry, region: str, key: str) -> float | None:
    """The figure the bundled data (no overlay) has for `key` in `region`, if any."""
    known = bundled.regions.get(entry.provider)
    if known is not None and region == known.base:
        return points_of(entry).get(key)
    figure = bundled.prices.figures(entry.id, region).get(key)
    return figure.usd if figure is not None else None


def moves(bundled: Catalog, figures: Figures) -> tuple[tuple[Move, ...], int]:
    """The figures that moved more than `MOVE_PERCENT` against `bundled` (a catalog without
    the overlay), and how many figures had no bundled figure to compare with."""
    entries = priced_entries(bundled)
    moved: list[Move] = []
    uncompared = 0
    for (entry_id, region), quotes in sorted(figures.items()):
        entry = entries.get(entry_id)
        if entry is None:
            continue
        for key, quote in quotes.items():
            old = bundled_figure(bundled, entry, region, key)
            if old is None:
                uncompared += 1
                continue
            move = Move(entry_id, key, region, old, quote.usd)
            percent = move.percent
            if (percent is None and quote.usd > 0) or (
                percent is not None and abs(percent) > MOVE_PERCENT
            ):
                moved.append(move)
    return tuple(moved), uncompared


def merged_overlay(
    old: PriceOverlay | None,
    figures: Figures,
    catalog: Catalog,
    *,
    refreshed: datetime,
    sources: Sequence[str],
) -> tuple[PriceOverlay, tuple[str, ...]]:
    """The overlay with `figures` replacing the old ones price by price, and the old figures
    dropped because the catalog no longer has a place for them."""
    entries = priced_entries(catalog)
    table: dict[str, dict[str, dict[str, Quote]]] = {}
    dropped: list[str] = []
    for service in old.services if old is not None else ():
        for region, record in service.regions.items():
            for key, value in record.prices.items():
                if not has_place(catalog, entries.get(service.service), region, key):
                    dropped.append(f"{service.service} {key!r} in {region}")
                    continue
                quote = value if isinstance(value, Quote) else Quote(usd=value)
                quote = quote.model_copy(
                    update={
                        "source": quote.source or record.source,
                        "as_of": quote.as_of or record.as_of,
                    }
                )
                table.setdefault(service.service, {}).setdefault(region, {})[key] = quote
    for (entry_id, region), quotes in figures.items():
        for key, quote in quotes.items():
            if has_place(catalog, entries.get(entry_id), region, key):
                table.setdefault(entry_id, {}).setdefault(region, {})[key] = quote
            else:
                dropped.append(f"{entry_id} {key!r} in {region}")
    services = tuple(
        ServicePrices(service=entry_id, regions=_records(table[entry_id], entries.get(entry_id)))
        for entry_id in sorted(table)
    )
    previous = old.sources if old is not None else ()
    kept = tuple(dict.fromkeys([*sources, *previous]))[:SOURCES_KEPT]
    return PriceOverlay(refreshed=refreshed, sources=kept, services=services), tuple(dropped)


def _records(
    regions: Mapping[str, dict[str, Quote]], entry: Entry | None
) -> dict[str, RegionPrices]:
    order = list(points_of(entry)) if entry is not None else []
    records: dict[str, RegionPrices] = {}
    for region in sorted(regions):
        quotes = regions[region]
        keys = sorted(quotes, key=lambda k: (order.index(k) if k in order else len(order), k))
        dated = [(q.as_of, q.source) for q in quotes.values() if q.as_of and q.source]
        as_of, source = max(dated, key=lambda pair: pair[0])
        records[region] = RegionPrices(
            source=source, as_of=as_of, prices={k: quotes[k] for k in keys}
        )
    return records
