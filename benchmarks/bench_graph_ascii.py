"""Graph benchmarks: building the architecture graph and drawing the ASCII diagram.

Each timed run builds the graph with `model.engines.graph.build_graph` (never the one-entry
memo of `architecture_graph`, which would answer repeats for free) and draws the
Unicode diagram at the default width, as the live diagram does on every change. The
synthetic session is made before timing starts.

The analyses row (request paths, single points of failure, unreachable components,
cycles on a fresh graph) has no target of its own; it shows what the skeptic and the
reliability figures pay on top.
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.harness import Row, absolute, median_ms
from benchmarks.synthetic import synthetic_session
from exporters.diagrams.ascii import draw_ascii, users_caption
from model.engines.graph import (
    build_graph,
    cycles,
    request_paths,
    single_points_of_failure,
    unreachable,
)
from model.session import Session

TARGETS_MS = {10: None, 50: 10.0, 500: 150.0}
"""Component count → target for graph build + ASCII render (issue 3)."""

ANALYSES_SIZE = 500
"""Component count of the analyses row."""


def rows() -> list[Row]:
    """One row per size, then the analyses row."""
    out = []
    for size, target in TARGETS_MS.items():
        action = _render(synthetic_session(size))
        name = f"graph build + ASCII render, {size} components"
        out.append(absolute(name, median_ms(action), target))

    big = synthetic_session(ANALYSES_SIZE)

    def analyse() -> object:
        graph = build_graph(big)
        return (
            request_paths(graph),
            single_points_of_failure(graph),
            unreachable(graph),
            cycles(graph),
        )

    name = f"graph build + analyses, {ANALYSES_SIZE} components"
    out.append(absolute(name, median_ms(analyse)))
    return out


def _render(session: Session) -> Callable[[], str]:
    """An action building the graph of `session` and drawing it, 100 columns wide."""
    caption = users_caption(session.context)

    def action() -> str:
        return draw_ascii(build_graph(session), 100, True, caption)

    return action
