"""The regions of each cloud: ids, names, and the price zone each lies in.

Region lists are catalog data (`model/catalog/data/regions.yaml`), one per cloud, each
with the public page it was read from and the date. A session's regions must come from
its provider's list (any cloud's for a hybrid design); a misspelt id is refused with the
closest known ids. Every cloud names one base region: the region whose list prices the
catalog entries carry, which a region without its own price for a service falls back to.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Annotated

from pydantic import Field, HttpUrl, model_validator

from model.catalog.frozen import CatalogModel
from model.enums import Labelled, Provider, ServiceProvider
from model.units import a_or_an

RegionId = Annotated[str, Field(pattern=r"^[a-z0-9-]{2,32}$")]
"""A cloud region id as the provider spells it, e.g. `eu-central-1`, `europe-west3`."""


class PriceZone(Labelled):
    """The part of the world a region lies in, which is how CDN and transfer prices vary."""

    NORTH_AMERICA = "north_america"
    SOUTH_AMERICA = "south_america"
    EUROPE = "europe"
    MIDDLE_EAST = "middle_east"
    AFRICA = "africa"
    ASIA = "asia"
    """Asia without India, Japan and Oceania's own price tiers (Singapore, Hong Kong,
    Seoul, Jakarta, ...)."""
    INDIA = "india"
    JAPAN = "japan"
    OCEANIA = "oceania"
    """Australia and New Zealand."""


class Region(CatalogModel):
    """One region of a cloud."""

    id: RegionId
    """The provider's id, e.g. `eu-central-1`."""
    name: str = Field(min_length=1, max_length=80)
    """Its name in words, e.g. `Europe (Frankfurt)`."""
    zone: PriceZone
    """The part of the world it lies in."""


class RegionList(CatalogModel):
    """Every region of one cloud, with where the list comes from."""

    provider: ServiceProvider
    """The cloud (never `saas`)."""
    base: RegionId
    """The region whose prices the catalog entries carry."""
    source: HttpUrl
    """The provider's page listing its regions."""
    as_of: date
    """When the list was read."""
    regions: tuple[Region, ...] = Field(min_length=1)
    """The regions, in the provider's order."""

    @model_validator(mode="after")
    def _consistent(self) -> RegionList:
        if not self.provider.cloud:
            raise ValueError(f"{self.provider.label} services have no regions of their own")
        seen: set[str] = set()
        for region in self.regions:
            if region.id in seen:
                raise ValueError(f"region {region.id!r} is listed twice")
            seen.add(region.id)
        if self.base not in seen:
            raise ValueError(f"the base region {self.base!r} is not in the list")
        return self

    def get(self, region_id: str) -> Region | None:
        """The region called `region_id`, if the cloud has one."""
        return next((r for r in self.regions if r.id == region_id), None)


_GENERIC = frozenset(
    {
        "us",
        "east",
        "west",
        "north",
        "south",
        "central",
        "europe",
        "asia",
        "pacific",
        "america",
        "middle",
        "new",
    }
)


def _words(name: str) -> list[str]:
    """The distinctive words of a region's name (cities, countries), lower case."""
    cleaned = "".join(ch.lower() if ch.isalnum() else " " for ch in name)
    return [w for w in cleaned.split() if len(w) > 2 and w not in _GENERIC]


class Regions(Mapping[ServiceProvider, RegionList]):
    """The region lists of every cloud."""

    def __init__(self, lists: tuple[RegionList, ...]) -> None:
        self._lists = {item.provider: item for item in lists}
        if len(self._lists) != len(lists):
            raise ValueError("a cloud's regions are listed twice")

    def __getitem__(self, provider: ServiceProvider) -> RegionList:
        return self._lists[provider]

    def __iter__(self) -> Iterator[ServiceProvider]:
        return iter(self._lists)

    def __len__(self) -> int:
        return len(self._lists)

    def clouds(self, provider: Provider) -> tuple[ServiceProvider, ...]:
        """The clouds whose regions a design on `provider` may use."""
        if provider is Provider.HYBRID:
            return tuple(self._lists)
        return (ServiceProvider(provider.value),)

    def find(self, provider: Provider, region_id: str) -> Region | None:
        """The region `region_id` of a design on `provider`, if it exists there."""
        for cloud in self.clouds(provider):
            region = self._lists[cloud].get(region_id)
            if region is not None:
                return region
        return None

    def equivalent(self, region_id: str, provider: Provider) -> str:
        """The region of a design moved to `provider` that stands in for `region_id`: itself
        where `provider` has it; else a region of the same price zone, preferring one whose
        name shares a word with it (Frankfurt for Frankfurt), else the zone's first; else
        the cloud's base region."""
        if self.find(provider, region_id) is not None:
            return region_id
        source = next(
            (item.get(region_id) for item in self._lists.values() if item.get(region_id)), None
        )
        target = self._lists.get(ServiceProvider(provider.value))
        if source is None or target is None:
            return target.base if target is not None else region_id
        words = set(_words(source.name))
        same_zone = [r for r in target.regions if r.zone is source.zone]
        named = [r for r in same_zone if words & set(_words(r.name))]
        chosen = named or same_zone
        return chosen[0].id if chosen else target.base

    def cloud_of(self, region_id: str) -> ServiceProvider | None:
        """The cloud that has a region called `region_id` (ids do not clash across clouds)."""
        return next((c for c, item in self._lists.items() if item.get(region_id)), None)

    def unknown(self, provider: Provider, region_id: str) -> str:
        """Why `region_id` is refused for `provider`, with the closest known ids."""
        known = [r.id for cloud in self.clouds(provider) for r in self._lists[cloud].regions]
        near = difflib.get_close_matches(region_id, known, n=3, cutoff=0.7)
        where = "any cloud" if provider is Provider.HYBRID else provider.label
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        elsewhere = self.cloud_of(region_id)
        if elsewhere is not None:
            hint = f"; it is {a_or_an(elsewhere.label)} region (choose hybrid to mix clouds){hint}"
        listing = "see `infrasketch catalog --regions`"
        return f"unknown region {region_id!r} for {where}{hint} ({listing})"
