"""What a design pays for without picking it: NAT, addresses, transfer, keys, audit.

A component is a service the team chose. Some charges follow from the design instead:
private subnets with outbound traffic need NAT gateways, public endpoints need IPv4
addresses, responses that leave the cloud without a CDN are internet transfer, Multi-AZ
designs move data between zones, a second region receives replication, encryption uses
managed keys, and a compliance framework (PCI DSS, SOC 2, HIPAA) implies an audit trail,
configuration recording and threat detection. Their prices are catalog data like any
service's (`model/catalog/data/platform.yaml`), one entry per cloud and kind, each price
point keyed so the regional tables and the refreshed overlay can replace it; the cost
engine (`model.engines.implied`) decides when a design needs them and how much.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated

from pydantic import Field, HttpUrl, model_validator

from model.base import Identifier, NonNegative
from model.catalog.frozen import CatalogModel
from model.catalog.pricing import PriceKey, VolumeTier
from model.enums import Labelled, ServiceProvider


class PlatformKind(Labelled):
    """What an implied charge is for."""

    NAT_GATEWAY = "nat_gateway"
    """Outbound internet access for private subnets: per gateway-hour and per GB."""
    PUBLIC_IPV4 = "public_ipv4"
    """Public IPv4 addresses: per address-hour."""
    INTERNET_EGRESS = "internet_egress"
    """Data leaving the cloud to the internet without a CDN: per GB, in volume steps."""
    INTER_AZ = "inter_az"
    """Data crossing availability zones in a region: per GB."""
    INTER_REGION = "inter_region"
    """Data replicated to another region: per GB."""
    KEYS = "keys"
    """Customer-managed encryption keys: per key-month and per request."""
    AUDIT_TRAIL = "audit_trail"
    """A record of who did what in the account (CloudTrail, Cloud Audit Logs)."""
    CONFIG_RECORDING = "config_recording"
    """Recording resource configuration for audits (AWS Config)."""
    THREAT_DETECTION = "threat_detection"
    """Managed threat detection over the account's logs (GuardDuty, Defender)."""


class UnitPrice(CatalogModel):
    """One price point of an implied charge."""

    usd: NonNegative
    """Price per unit in USD (the first volume step's, when there are steps)."""
    unit: str = Field(min_length=1, max_length=120)
    """What one unit is, in words, e.g. `per NAT gateway-hour`."""
    included: NonNegative = 0
    """Units per month free before the price applies."""
    tiers: tuple[VolumeTier, ...] = ()
    """Cheaper steps past volumes, ascending, each a price point of its own."""
    billed_per_unit: Annotated[float, Field(ge=1, le=4)] = 1
    """Units billed per unit of use (2: a GB crossing zones is billed out and in)."""


class PlatformService(CatalogModel):
    """The prices of one implied charge on one cloud."""

    id: Identifier
    """Stable id, e.g. `aws-nat-gateway`."""
    provider: ServiceProvider
    """The cloud (never `saas`)."""
    kind: PlatformKind
    """What it is for."""
    label: str = Field(min_length=1, max_length=80)
    """Its product name, e.g. `NAT gateway`."""
    prices: dict[PriceKey, UnitPrice] = Field(min_length=1)
    """Its price points by key."""
    source: HttpUrl
    """The public pricing page the figures were read from."""
    as_of: date
    """When they were read."""
    assumption: str = Field(default="", max_length=600)
    """The base region and the usage assumptions behind the figures."""
    global_price: bool = False
    """Whether the provider charges the same in every region."""

    @model_validator(mode="after")
    def _keys_unique(self) -> PlatformService:
        if not self.provider.cloud:
            raise ValueError(f"implied charges belong to a cloud, not to {self.provider.label}")
        keys = [*self.points()]
        if len(set(keys)) != len(keys):
            raise ValueError(f"price point keys must be unique: {', '.join(keys)}")
        return self

    def points(self) -> dict[str, float]:
        """Every price point by key, volume steps included."""
        found: dict[str, float] = {}
        for key, price in self.prices.items():
            found[key] = price.usd
            found.update((tier.key, tier.price_usd) for tier in price.tiers)
        return found

    def repriced(self, figures: Mapping[str, float]) -> PlatformService:
        """These prices with the points in `figures` replaced (another region's)."""
        if not figures:
            return self
        prices = {
            key: price.model_copy(
                update={
                    "usd": figures.get(key, price.usd),
                    "tiers": tuple(
                        t.model_copy(update={"price_usd": figures.get(t.key, t.price_usd)})
                        for t in price.tiers
                    ),
                }
            )
            for key, price in self.prices.items()
        }
        return self.model_copy(update={"prices": prices})
