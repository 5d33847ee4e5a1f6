"""The pieces of the ASCII diagram: boxes, links, rows and the scene that holds them.

Shared by the layout (`layout`, `summary`), the router (`route`) and
the drawing (`ascii`), so none of them imports another's internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.engines.graph import Tier
from model.sections.components import LinkKind

GAP = 4
"""Columns between two boxes of a row: room for `──▶` or a link passing between them."""
BOX_HEIGHT = 4
"""Border, name, service, border."""
MAIN_TIERS = (Tier.CLIENTS, Tier.EDGE, Tier.FRONTEND, Tier.BACKEND, Tier.DATA, Tier.EXTERNAL)
"""Tiers of the request flow, drawn top to bottom."""
SIDE_TIERS = (Tier.OBSERVABILITY, Tier.SECURITY)
"""Tiers drawn as boxes below the flow, their links listed rather than routed."""


@dataclass(slots=True)
class Item:
    """One box: a node of the graph, or a summary of a tier's hidden nodes."""

    key: str
    """Node id, or `+<tier>` for a summary."""
    title: str
    """First line: the component's name."""
    subtitle: str
    """Second line: the service's label."""
    tier: Tier
    """The tier it is drawn in."""
    order: int
    """Position in the session, for stable ordering."""
    row: int = -1
    """Row of the main picture (-1 for side tiers)."""
    col: int = -1
    """Grid column."""


@dataclass(frozen=True, slots=True)
class Edge:
    """A link between two boxes."""

    source: str
    target: str
    label: str
    kind: LinkKind

    @property
    def dashed(self) -> bool:
        """Side links (telemetry, secrets, certificates) are dashed."""
        return self.kind == "side"


@dataclass(frozen=True, slots=True)
class Summary:
    """A box standing for several components of a tier too big to draw one by one."""

    key: str
    """The box's key."""
    members: tuple[str, ...]
    """Names of the components it stands for, in session order."""
    same_service: bool
    """All of one service (a group), rather than the rest of the tier."""


@dataclass(slots=True)
class Row:
    """One row of boxes of the main picture."""

    tier: Tier
    items: list[Item]
    y: int = 0
    """Top line on the canvas, set when the channels between rows are known."""


@dataclass(slots=True)
class Scene:
    """Everything the drawing needs, with grid positions decided."""

    width: int
    box_width: int
    cols: int
    rows: list[Row]
    items: dict[str, Item]
    edges: list[Edge]
    """Links routed in the main picture (chain links excluded)."""
    chain_links: list[Edge]
    """Links drawn as `──▶` between neighbours in a row."""
    side: list[tuple[Tier, list[Item]]]
    """Side tiers and their boxes."""
    legend: list[Edge]
    """Links touching a side tier, listed under the picture."""
    summaries: list[Summary] = field(default_factory=list)
    """Boxes standing for several components, explained under the picture."""

    def x_of(self, col: int) -> int:
        """Left edge of grid column `col`."""
        return col * (self.box_width + GAP)
