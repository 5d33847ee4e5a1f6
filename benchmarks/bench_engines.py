"""Engine benchmarks: a full recompute of cost, reliability and findings per design change.

What the live panel's worker pays after every edit: the parts of the session's
`Analysis` the panel shows — the graph, the cost estimate (1x lines, environments, 10x
and 100x projections), availability (request paths, recovery) and the open findings
(every skeptic rule). Measured cold: each run builds a new `Analysis` of a session
object other than the one before, as after a real edit, which always makes a new
session. Target: at most 5 ms at 50 components; 10 and 500 are for context.
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.harness import Row, absolute, median_ms
from benchmarks.synthetic import synthetic_session
from model.analysis import Analysis
from model.catalog import load_catalog
from model.engines.cost import CostModel, estimate
from model.engines.graph import build_graph
from model.engines.reliability import assess
from model.session import Session

SIZES = (10, 50, 500)
"""Component counts measured."""

TARGET_SIZE = 50
TARGET_MS = 5.0
"""The issue's target: a full recompute at 50 components in at most 5 ms."""


def full_recompute(session: Session) -> object:
    """Everything the live panel shows: cost, availability, findings."""
    return Analysis(session).live_parts()


def cost_alone(session: Session) -> object:
    """The cost estimate alone (its cost model included)."""
    return estimate(CostModel(session))


def reliability_alone(session: Session) -> object:
    """Availability and recovery alone (the graph they read included)."""
    return assess(session, build_graph(session), load_catalog())


def _cold(run: Callable[[Session], object], size: int) -> Callable[[], object]:
    """An action running `run` on equal but distinct sessions in turn, as after edits."""
    first = synthetic_session(size)
    sessions = [first, Session.model_validate(first.model_dump()), synthetic_session(size)]

    def action() -> object:
        sessions.append(sessions.pop(0))
        return run(sessions[0])

    return action


def rows() -> list[Row]:
    """One row per size for the full recompute, plus each engine alone at 50."""
    out = []
    for size in SIZES:
        repeat = 10 if size >= 500 else 50
        ms = median_ms(_cold(full_recompute, size), repeat=repeat, warmup=3)
        limit = TARGET_MS if size == TARGET_SIZE else None
        out.append(
            absolute(f"engines: cost + reliability + findings, {size} components", ms, limit)
        )
    for name, run in (("cost (estimate)", cost_alone), ("reliability (assess)", reliability_alone)):
        ms = median_ms(_cold(run, TARGET_SIZE), repeat=50, warmup=3)
        out.append(absolute(f"engines: {name} alone, {TARGET_SIZE} components", ms))
    return out
