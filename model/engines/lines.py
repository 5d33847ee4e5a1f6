"""A cost line: one component's (or one implied charge's) monthly cost, and its group.

Lines are what every output lists: the report, the cost document, Review. Each carries its
charges with their arithmetic, where its prices come from and when they were read, the
region it is billed in and the price points borrowed from the base region for want of the
region's own figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from model.catalog.platform import PlatformKind
from model.engines.pricing import Charge, ChargeKind
from model.enums import Category


class Group(StrEnum):
    """The role card's cost groups."""

    COMPUTE = "compute"
    DATABASE = "database"
    STORAGE = "storage"
    NETWORK = "network"
    MONITORING = "monitoring"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The group's name in the role card's breakdown."""
        return "Network/CDN" if self is Group.NETWORK else self.value.capitalize()


GROUP_OF: dict[Category, Group] = {
    Category.COMPUTE: Group.COMPUTE,
    Category.DATABASE: Group.DATABASE,
    Category.CACHE: Group.DATABASE,
    Category.SEARCH: Group.DATABASE,
    Category.OBJECT_STORAGE: Group.STORAGE,
    Category.FRONTEND_HOSTING: Group.STORAGE,
    Category.DNS: Group.NETWORK,
    Category.CDN: Group.NETWORK,
    Category.LOAD_BALANCER: Group.NETWORK,
    Category.API_GATEWAY: Group.NETWORK,
    Category.WAF: Group.NETWORK,
    Category.LOGS: Group.MONITORING,
    Category.METRICS: Group.MONITORING,
    Category.ERRORS: Group.MONITORING,
    Category.UPTIME: Group.MONITORING,
    Category.ONCALL: Group.MONITORING,
    Category.QUEUE: Group.OTHER,
    Category.SECRETS: Group.OTHER,
    Category.TLS: Group.OTHER,
}
"""The cost group of each category (caches and search indexes sit with the database, as in
the role card)."""


@dataclass(frozen=True, slots=True)
class CostLine:
    """One component's monthly cost with everything needed to defend it."""

    component_id: str
    component_name: str
    category: Category | None
    """The component's category; None for an implied charge."""
    group: Group
    service_id: str
    service_label: str
    monthly: float | None
    """USD per month; None when the price is not public (left out of totals)."""
    charges: tuple[Charge, ...]
    """The main price and extras, each with its arithmetic."""
    instances: int | None
    """Instances billed, for instance-priced services."""
    size: str | None
    """The instance size priced, for instance-priced services."""
    price_source: str
    """Where the price comes from: the catalog's pricing page or the override's source."""
    price_date: str
    """When the price was read (YYYY-MM-DD), or the override's date."""
    assumption: str
    """The catalog's assumption and the placement's, in words."""
    placement: str
    """The placement assumption alone (which share of the drivers reaches it), if any."""
    note: str
    """The plan chosen, a limit passed, or why the line is not counted."""
    overridden: bool
    """Whether a session price override replaced the list price."""
    region: str = ""
    """The region whose prices were billed (`global` for one price everywhere, empty when
    the design has no region in the service's cloud)."""
    borrowed: tuple[str, ...] = ()
    """Price points billed at the base region's price for want of the region's own."""
    base_region: str = ""
    """The cloud's base region, whose prices borrowed points use."""
    implied: PlatformKind | None = None
    """What an implied charge is for (NAT, transfer, keys...); None for a component."""

    @property
    def regional_note(self) -> str:
        """What the line borrows from the base region, in words; empty when nothing."""
        if not self.borrowed:
            return ""
        where = f"{self.region} figures" if self.region else "a region of its cloud in the design"
        points = "; ".join(c.what for c in self.charges if c.key in self.borrowed)
        return f"priced at {self.base_region} for want of {where}: {points}"

    @property
    def counted(self) -> bool:
        """Whether the line is part of the totals."""
        return self.monthly is not None

    def part(self, kind: ChargeKind) -> float:
        """The monthly sum of its charges of `kind`."""
        return sum(c.monthly for c in self.charges if c.kind is kind)


IMPLIED_GROUP: dict[PlatformKind, Group] = {
    PlatformKind.NAT_GATEWAY: Group.NETWORK,
    PlatformKind.PUBLIC_IPV4: Group.NETWORK,
    PlatformKind.INTERNET_EGRESS: Group.NETWORK,
    PlatformKind.INTER_AZ: Group.NETWORK,
    PlatformKind.INTER_REGION: Group.NETWORK,
    PlatformKind.KEYS: Group.OTHER,
    PlatformKind.AUDIT_TRAIL: Group.OTHER,
    PlatformKind.CONFIG_RECORDING: Group.OTHER,
    PlatformKind.THREAT_DETECTION: Group.OTHER,
}
"""The cost group of each implied charge (security and compliance services are `other`)."""


def billed_points(points: tuple[str, ...], charges: Sequence[Charge]) -> tuple[str, ...]:
    """The price points among `points` that `charges` bill (a size not chosen, or a charge
    another service's price includes, is not billed)."""
    return tuple(k for k in points if any(c.key == k and not c.covered_by for c in charges))
