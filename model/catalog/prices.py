"""Prices per region: the bundled regional tables and the user's refreshed overlay.

A catalog entry carries its list prices in its cloud's base region. Other regions' prices
are tables (`model/catalog/data/prices/*.yaml`): per service, per region, the figure of
each price point (`Pricing.points`), with the page it was read from and the date. The
overlay that `infrasketch catalog refresh` writes from the providers' own price lists has
the same shape, with each price's SKU and the price list's publication date, and wins
over the bundled tables price by price.

`PriceBook.resolve(service, region)` gives the pricing a service bills in a region and
where each figure came from. A price point the region has no figure for is billed at the
base region's price and marked so (`Origin.BASE_FALLBACK`): the cost line says which
figures are borrowed, and the report counts such lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Generic, TypeVar

from pydantic import Field, HttpUrl, model_validator

from model.base import Identifier, NonNegative
from model.catalog.frozen import CatalogModel
from model.catalog.pricing import Pricing
from model.catalog.regions import PriceZone, RegionId

P = TypeVar("P")


class Quote(CatalogModel):
    """One figure of a price table, with its SKU and, where it differs from its region
    record's, its own source and date."""

    usd: NonNegative
    """The price in USD, in the unit of the price point it replaces."""
    sku: str = Field(default="", max_length=80)
    """The provider's SKU or meter id, as its price list names it."""
    source: HttpUrl | None = None
    """Where this figure was read, when not the region record's source."""
    as_of: date | None = None
    """The price list's publication or effective date, when not the region record's."""


class RegionPrices(CatalogModel):
    """The figures of one service in one region."""

    source: HttpUrl
    """The public page or price list the figures were read from."""
    as_of: date
    """When they were read (or the price list's publication date)."""
    note: str = Field(default="", max_length=300)
    """How the figures were read, when that is not obvious from the source."""
    prices: dict[str, Annotated[float, Field(ge=0)] | Quote] = Field(min_length=1)
    """The figure of each price point, by key: a number, or a quote with its SKU."""


class ServicePrices(CatalogModel):
    """One catalog service's prices outside its base region (or outside its base region's
    price zone, for a service priced by zone)."""

    service: Identifier
    """The catalog id."""
    regions: dict[RegionId, RegionPrices] = Field(default_factory=dict)
    """The figures per region id."""
    zones: dict[PriceZone, RegionPrices] = Field(default_factory=dict)
    """The figures per price zone, for a service priced by where its viewers are (a CDN)."""

    @model_validator(mode="after")
    def _has_figures(self) -> ServicePrices:
        if not self.regions and not self.zones:
            raise ValueError("needs figures for at least one region or zone")
        return self


class PriceOverlay(CatalogModel):
    """The prices `infrasketch catalog refresh` read from the providers' price lists."""

    refreshed: datetime
    """When the refresh ran."""
    sources: tuple[str, ...] = ()
    """The price lists read (URLs or file names), for the record."""
    services: tuple[ServicePrices, ...] = ()
    """The figures, in the same shape as the bundled tables."""


class Origin(StrEnum):
    """Where a figure a cost line uses came from."""

    CATALOG = "catalog"
    """The catalog entry: the base region's list price."""
    GLOBAL = "global"
    """The catalog entry: the provider charges the same in every region."""
    REGIONAL = "regional"
    """The bundled regional table."""
    REFRESHED = "refreshed"
    """The overlay written by `infrasketch catalog refresh`."""
    BASE_FALLBACK = "base_fallback"
    """No figure is known for the region: the base region's price is used instead."""


@dataclass(frozen=True, slots=True)
class Figure:
    """One price point as billed in one region."""

    usd: float
    origin: Origin
    source: str
    as_of: str
    """YYYY-MM-DD."""
    sku: str = ""


@dataclass(frozen=True, slots=True)
class Regional(Generic[P]):
    """Prices as billed in one region, and where each figure came from."""

    pricing: P
    """The prices with the region's figures in place: a service's `Pricing`, or an
    implied charge's `PlatformService`."""
    region: str
    """The region the figures are for."""
    base_region: str
    """The cloud's base region (the catalog entry's figures)."""
    figures: Mapping[str, Figure]
    """Every price point's figure and origin, by key."""

    @property
    def borrowed(self) -> tuple[str, ...]:
        """Price points billed at the base region's price for want of the region's own."""
        return tuple(k for k, f in self.figures.items() if f.origin is Origin.BASE_FALLBACK)

    def figure(self, key: str) -> Figure | None:
        """The figure of `key`, if the pricing has that price point."""
        return self.figures.get(key)


RegionalPricing = Regional[Pricing]
"""A catalog service's pricing in one region."""

_Table = dict[tuple[str, str], dict[str, Figure]]


class PriceBook:
    """Regional figures by service and region: the overlay over the bundled tables."""

    def __init__(
        self, bundled: Iterable[ServicePrices] = (), overlay: PriceOverlay | None = None
    ) -> None:
        self.overlay = overlay
        self._table: _Table = {}
        self._add(bundled, Origin.REGIONAL)
        if overlay is not None:
            self._add(overlay.services, Origin.REFRESHED)

    def _add(self, entries: Iterable[ServicePrices], origin: Origin) -> None:
        for entry in entries:
            records = [*entry.regions.items()]
            records += [(_zone_key(zone), record) for zone, record in entry.zones.items()]
            for where, record in records:
                figures = self._table.setdefault((entry.service, where), {})
                for key, value in record.prices.items():
                    figures[key] = _figure(value, record, origin)

    def regions_of(self, service_id: str) -> tuple[str, ...]:
        """The regions with at least one figure for `service_id`."""
        return tuple(
            where
            for service, where in self._table
            if service == service_id and not where.startswith(_ZONE)
        )

    def figures(self, service_id: str, region: str) -> Mapping[str, Figure]:
        """The known figures of `service_id` in `region`, by key (overlay first)."""
        return self._table.get((service_id, region), {})

    def resolve(
        self,
        service_id: str,
        points: Mapping[str, float],
        *,
        region: str,
        base_region: str,
        global_price: bool,
        source: str,
        as_of: str,
        zone: PriceZone | None = None,
        base_zone: PriceZone | None = None,
    ) -> dict[str, Figure]:
        """The figure of each of `points` (a service's base-region prices) in `region`: from
        the overlay, the bundled table, the entry itself (in the base region, or when the
        price is the same everywhere), or else the base region's, marked as borrowed. For a
        service priced by zone, `zone` is the region's price zone and its table is read; the
        entry's own figures hold in the whole base zone."""
        if zone is not None:
            known = self.figures(service_id, _zone_key(zone))
            at_base = zone is base_zone
        else:
            known = self.figures(service_id, region)
            at_base = region == base_region
        result: dict[str, Figure] = {}
        for key, usd in points.items():
            if key in known:
                result[key] = known[key]
            elif global_price:
                result[key] = Figure(usd, Origin.GLOBAL, source, as_of)
            elif at_base:
                result[key] = Figure(usd, Origin.CATALOG, source, as_of)
            else:
                result[key] = Figure(usd, Origin.BASE_FALLBACK, source, as_of)
        return result


_ZONE = "zone:"
"""How a price zone's figures are keyed beside region ids in the price book."""


def _zone_key(zone: PriceZone) -> str:
    return f"{_ZONE}{zone.value}"


def tabled(figures: Mapping[str, Figure]) -> dict[str, float]:
    """The figures that replace an entry's own: those from a table or the overlay."""
    return {key: f.usd for key, f in figures.items() if f.origin in _TABLED}


_TABLED = frozenset({Origin.REGIONAL, Origin.REFRESHED})


def _figure(value: float | Quote, record: RegionPrices, origin: Origin) -> Figure:
    if isinstance(value, Quote):
        source = str(value.source or record.source)
        as_of = (value.as_of or record.as_of).isoformat()
        return Figure(value.usd, origin, source, as_of, value.sku)
    return Figure(float(value), origin, str(record.source), record.as_of.isoformat())
