"""Text helpers shared by the diagram exporters: user text made safe to place in a label,
and the private networks the diagrams draw components in."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from model.engines.graph import Node
from model.enums import Subnet

_BREAKING = frozenset({"Cc", "Zl", "Zp"})
"""Unicode categories that end a line or are control codes (format characters such as
the zero-width joiner inside emoji sequences are kept)."""

Place = tuple[str, Subnet | None]
"""A place in a private network: the network's id and the subnet (None: not decided)."""


def one_line(text: str) -> str:
    """`text` on one line: line breaks, tabs and control characters become spaces."""
    return "".join(
        " " if c.isspace() or unicodedata.category(c) in _BREAKING else c for c in text
    ).strip()


def by_place(nodes: Iterable[Node]) -> tuple[list[Node], dict[Place, list[Node]]]:
    """`nodes` outside any private network, and the others by network and subnet: networks
    in the order they first appear, subnets from the internet inwards, undecided last."""
    outside: list[Node] = []
    places: dict[Place, list[Node]] = {}
    for node in nodes:
        component = node.component
        if component is None or component.network is None:
            outside.append(node)
        else:
            places.setdefault((component.network, component.subnet), []).append(node)
    networks = list(dict.fromkeys(network for network, _ in places))
    order = {subnet: number for number, subnet in enumerate([*Subnet, None])}
    ranked = sorted(places, key=lambda place: (networks.index(place[0]), order[place[1]]))
    return outside, {place: places[place] for place in ranked}


def place_title(word: str, place: Place, between: str = " · ") -> str:
    """A network cluster's title: `VPC shop-vpc`, `VPC shop-vpc · private data subnet`
    (`between` separates the subnet: plain-ASCII drawings pass their own)."""
    network, subnet = place
    return f"{word} {network}" + (f"{between}{subnet.label.lower()}" if subnet else "")
