"""Diagram benchmarks: Mermaid at 10/50/500 components, PNG against raw `dot -Tpng`.

The Mermaid rows include building the architecture graph: two equal sessions are
rendered in turn, so the one-entry graph memo of `model.engines.graph` never answers.

The PNG row renders through `exporters.diagrams.image.render_png` (build the `diagrams`
picture, write the DOT into a temporary folder, run `dot`, read the PNG back) and
compares it with running `dot -Tpng` on the very DOT that rendering hands Graphviz,
piped in and out, measured in the same run. The difference is our overhead.
"""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable

from benchmarks.harness import Row, absolute, median_ms, relative
from benchmarks.synthetic import synthetic_session
from exporters.diagrams.image import render_png, renderable_dot
from exporters.diagrams.mermaid import render_mermaid
from model.analysis import Analysis

MERMAID_SIZES = (10, 50, 500)
"""Component counts of the Mermaid rows."""

PNG_SIZE = 50
"""Component count of the PNG row."""

PNG_RATIO = 1.15
"""Target: PNG rendering at most this many times raw `dot -Tpng` on the same DOT."""


def _alternating(render: Callable[[Analysis], object], size: int) -> Callable[[], object]:
    """An action rendering two equal sessions in turn, each from a new analysis (so each
    call builds the graph, as after an edit)."""
    sessions = [synthetic_session(size), synthetic_session(size)]

    def action() -> object:
        sessions.reverse()
        return render(Analysis(sessions[0]))

    return action


def _raw_dot(source: bytes) -> Callable[[], bytes]:
    """An action running `dot -Tpng` on `source`, the baseline."""

    def action() -> bytes:
        return subprocess.run(
            ["dot", "-Tpng"], input=source, capture_output=True, check=True
        ).stdout

    return action


def _interleaved(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median milliseconds of two actions run in turn, so load drift hits both alike."""
    first()
    second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for action, sink in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            action()
            sink.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def rows() -> list[Row]:
    """The benchmark rows of this module."""
    result = [
        absolute(
            f"Mermaid render (graph build included), {size} components",
            median_ms(_alternating(render_mermaid, size), repeat=30 if size < 500 else 10),
        )
        for size in MERMAID_SIZES
    ]
    analysis = Analysis(synthetic_session(PNG_SIZE))
    source = renderable_dot(analysis).encode("utf-8")
    baseline, png = _interleaved(_raw_dot(source), lambda: render_png(analysis), repeat=7)
    result.append(
        relative(
            f"PNG render via diagrams, {PNG_SIZE} components",
            png,
            "raw dot -Tpng",
            baseline,
            PNG_RATIO,
        )
    )
    return result
