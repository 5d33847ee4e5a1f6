"""Engine benchmarks: what the live panel's worker pays after a design change.

**Full recompute.** The parts of the session's `Analysis` the panel shows — the graph, the
cost estimate (1x lines, environments, 10x and 100x projections), availability (request
paths, recovery) and the open findings (every skeptic rule) — computed cold: each run
builds a new `Analysis` (with a memo of its own) of a session object other than the one
before. Target: at most 5 ms at 50 components; 10 and 500 are for context.

**After an edit.** What the app does: each run makes a real edit (`model.edits`: one
service's replicas, a different service each time, so a new `Session` validated as a
whole) and asks `analyse` for the new session's live parts, which borrows the memo of the
analysis before. The engines row times the analysis alone, of sessions edited in
sequence beforehand (target: 16 ms at 500 components); the change rows time the edit and
the analysis together, median and 95th percentile (targets: p95 16 ms at 50 components,
median 16 ms and p95 33 ms at 500).

**The heap as the app has it.** Once its first session is loaded and analysed, the app
calls `model.memory.settle_heap` (collect, freeze what is loaded, raise the collector's
thresholds); the after-edit rows do the same after their setup (the catalog, the
session and its first analysis), and put the collector back as it was when they are done,
so other rows of the same run measure a default heap.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from benchmarks.harness import Row, absolute, median_ms, spread, times_ms
from benchmarks.synthetic import synthetic_session
from model.analysis import Analysis, analyse
from model.catalog import load_catalog
from model.edits import update_component
from model.engines.cost import CostModel, estimate
from model.engines.graph import build_graph
from model.engines.reliability import assess
from model.enums import Category
from model.memory import settle_heap
from model.session import Session

SIZES = (10, 50, 500)
"""Component counts measured."""

TARGET_SIZE = 50
TARGET_MS = 5.0
"""The issue's target: a full recompute at 50 components in at most 5 ms."""

EDIT_TARGET_MS = 16.0
"""Issue 18: the engines after a one-component edit at 500 components, within a frame."""

CHANGE_TARGETS: dict[int, tuple[float | None, float]] = {50: (None, 16.0), 500: (16.0, 33.0)}
"""Issue 18: change → analysis ready for the live panel, (median, p95) in ms by size."""


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


class _Edits:
    """Real edits of a synthetic design, one after another, as in a workshop: each sets
    the replicas of the next compute service in turn (1, 2, 3, 1...), so every edit makes
    a new session that differs from the one before in one component."""

    def __init__(self, size: int) -> None:
        self.session = synthetic_session(size)
        self._services = [c.id for c in self.session.components_in(Category.COMPUTE)]
        self._count = 0

    def next(self) -> Session:
        """The current session with the next edit applied (and made current)."""
        ident = self._services[self._count % len(self._services)]
        self._count += 1
        component = self.session.component(ident)
        assert component is not None
        replicas = component.replicas % 3 + 1
        self.session = update_component(self.session, component.evolve(replicas=replicas))
        return self.session


@contextmanager
def _settled() -> Iterator[None]:
    """The collector as the app sets it after loading (`settle_heap`), then as before."""
    thresholds = gc.get_threshold()
    settle_heap()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def _engines_after_edit(size: int, repeat: int, warmup: int) -> float:
    """Median ms of `analyse(session).live_parts()` over sessions edited in sequence."""
    edits = _Edits(size)
    analyse(edits.session).live_parts()
    with _settled():
        ahead = iter([edits.next() for _ in range(repeat + warmup)])
        return median_ms(lambda: analyse(next(ahead)).live_parts(), repeat=repeat, warmup=warmup)


def _change(size: int, repeat: int) -> list[float]:
    """Times (ms) of one edit and the analysis of the edited session."""
    edits = _Edits(size)
    analyse(edits.session).live_parts()
    with _settled():
        return times_ms(lambda: analyse(edits.next()).live_parts(), repeat=repeat)


def rows() -> list[Row]:
    """One row per size for the full recompute, each engine alone at 50, the engines after
    an edit at 500, and change → analysis ready at 50 and 500 (median, p95)."""
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
    ms = _engines_after_edit(500, repeat=30, warmup=3)
    out.append(
        absolute(
            "engines: cost + reliability + findings after a one-component edit, 500 components",
            ms,
            EDIT_TARGET_MS,
        )
    )
    for size, (median_limit, p95_limit) in CHANGE_TARGETS.items():
        times = _change(size, repeat=60 if size < 500 else 40)
        name = f"change → analysis ready for the live panel, {size} components"
        out.append(spread(name, times, median_limit, p95_limit))
    return out
