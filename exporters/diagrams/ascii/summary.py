"""Fitting a big tier into a few rows: boxes that stand for several components.

A tier with more components than `cap` boxes is shrunk in two steps. First, components
of the same service become one box (`Service 000 (+15)` / `16 × Amazon ECS on AWS
Fargate`): a microservice design of 160 services and 160 databases reads as a handful
of boxes, which is how an architect would sketch it. If the tier is still too big, the
first `cap - 1` boxes stay and one box (`… 40 more` / `30 Compute, 10 Database`) stands
for the rest. Either way a summary box takes over the links of what it stands for, and
the notes under the picture name its members, so nothing disappears silently.
"""

from __future__ import annotations

from collections import Counter

from exporters.diagrams.ascii.glyphs import Glyphs
from exporters.diagrams.ascii.scene import Item, Summary
from model.engines.digraph import DiGraph
from model.engines.graph import Node, Tier

SIDE_FACTOR = 4
"""Side tiers are only boxes (no links routed), so they may hold this many times more."""


def summarise(
    graph: DiGraph,
    items: dict[str, Item],
    cap: int,
    side: tuple[Tier, ...],
    glyphs: Glyphs,
) -> tuple[dict[str, str], list[Summary]]:
    """Shrink every tier of more than `cap` boxes; which box stands for each node.

    Tiers in `side` may hold `SIDE_FACTOR` times as many. `items` is changed in place:
    the nodes a summary stands for leave it, summaries join.
    """
    represent = {key: key for key in items}
    tiers: dict[Tier, list[Item]] = {}
    for item in items.values():
        tiers.setdefault(item.tier, []).append(item)
    summaries: list[Summary] = []
    for tier, group in tiers.items():
        limit = cap * SIDE_FACTOR if tier in side else cap
        if len(group) <= limit:
            continue
        boxes, members = _by_service(graph, group, glyphs)
        if len(boxes) > limit:
            rest = boxes[limit - 1 :]
            boxes = boxes[: limit - 1]
            nodes = [node for box in rest for node in members.pop(box.key)]
            key = f"+{group[0].tier.value}"
            kinds = Counter(_category(graph, node) for node in nodes)
            counted = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
            title = f"{glyphs.ellipsis} {len(nodes)} more"
            boxes.append(Item(key, title, counted, group[0].tier, len(represent)))
            members[key] = nodes
        for box in boxes:
            nodes = members.get(box.key, [box.key])
            if nodes == [box.key]:
                continue
            titles = tuple(items[node].title for node in nodes)
            for node in nodes:
                represent[node] = box.key
                del items[node]
            items[box.key] = box
            summaries.append(Summary(box.key, titles, not box.key.startswith("+")))
    return represent, summaries


def _by_service(
    graph: DiGraph, group: list[Item], glyphs: Glyphs
) -> tuple[list[Item], dict[str, list[str]]]:
    """The tier's boxes with the components of each service merged; who is in each box."""
    services: dict[str, list[Item]] = {}
    for item in group:
        node = graph.nodes[item.key]["node"]
        service = node.component.service if node.component is not None else item.key
        services.setdefault(service, []).append(item)
    times = "×" if glyphs.unicode else "x"
    boxes: list[Item] = []
    members: dict[str, list[str]] = {}
    for service, same in services.items():
        first = same[0]
        if len(same) == 1:
            boxes.append(first)
            continue
        key = f"*{service}"
        title = f"{first.title} (+{len(same) - 1})"
        subtitle = f"{len(same)} {times} {first.subtitle}"
        boxes.append(Item(key, title, subtitle, first.tier, first.order))
        members[key] = [i.key for i in same]
    boxes.sort(key=lambda b: b.order)
    for box in boxes:
        members.setdefault(box.key, [box.key])
    return boxes, members


def _category(graph: DiGraph, node_id: str) -> str:
    """The category label of a node (`Users` for the clients)."""
    node: Node = graph.nodes[node_id]["node"]
    return node.component.category.label if node.component is not None else node.name
