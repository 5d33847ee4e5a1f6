"""What the price list readers report: offers (one SKU's on-demand price in one region)
and, per price list, what it was, where its next page is, and what it lacked.

Every offer keeps the provider's SKU or meter id, the price list's publication or
effective date and the public URL the figure can be read at again, so each price in the
overlay says where it came from. The URLs are the providers' own (`Endpoints`); tests
point them at a local server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from model.enums import ServiceProvider


class PriceListError(Exception):
    """A price list cannot be read: bad JSON, or not in its provider's official shape."""


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Where each provider publishes its price list (overridable for tests and mirrors)."""

    aws: str = "https://pricing.us-east-1.amazonaws.com"
    """The AWS Price List bulk API host; offer files live under `/offers/v1.0/aws/`."""
    azure: str = "https://prices.azure.com/api/retail/prices"
    """The Azure Retail Prices API."""
    gcp: str = "https://cloudbilling.googleapis.com"
    """The Cloud Billing Catalog API host; `v1/services` and `v1/services/{id}/skus`."""


@dataclass(frozen=True, slots=True)
class Offer:
    """One SKU's on-demand list price in one region, as a selector matched it."""

    selector: int
    """The index of the matching selector in its provider's `Plan`."""
    region: str
    """The region id (`us-east-1`, `westeurope`, `europe-west3`)."""
    usd: float
    """Price per the selector's unit, in USD."""
    sku: str
    """The provider's SKU (AWS, GCP) or meter id (Azure)."""
    as_of: date
    """The offer's publication date, or the meter's or SKU's effective date."""
    source: str
    """The public URL the figure can be read at."""
    rank: int = 0
    """The preference of the offer code that listed it (0 first), for selectors that
    accept several AWS offers."""


Kind = Literal["prices", "index", "services", "skipped"]
"""What a price list file is: prices, an index of other files, a list of services, or a
recognised file this command takes nothing from (a Savings Plans price list)."""


@dataclass(frozen=True, slots=True)
class PriceList:
    """What one file or page was, and the offers it holds."""

    provider: ServiceProvider
    kind: Kind
    label: str
    """What it is, in words, for the summary (`AmazonEC2 offer, published 2026-11-28`)."""
    offers: tuple[Offer, ...] = ()
    next_page: str = ""
    """Azure's `NextPageLink` or the Cloud Billing Catalog's `nextPageToken`."""
    links: Mapping[str, str] = field(default_factory=dict)
    """An AWS region index's regions (id -> file URL) or a GCP services list's services
    (display name -> service id)."""
    notes: tuple[str, ...] = ()
    """What was read but not taken, and why (a price in another currency, say)."""
    regions: tuple[str, ...] = ()
    """The regions it has prices for."""


def as_date(value: Any, where: str) -> date:
    """An ISO timestamp or date from a price list (`2026-11-28T10:04:52Z`) as a date."""
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise PriceListError(f"{where}: not a date: {str(value)[:40]!r}")
