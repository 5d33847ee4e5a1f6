"""Timing helpers and the result table shared by every benchmark module.

A benchmark module is `benchmarks/bench_<topic>.py` with a `rows() -> list[Row]`
function. Times are the median of repeated runs after a warm-up (and, where a row gives it,
the 95th percentile); each row may name a baseline measured in the same run, and the table
prints the ratio of the medians beside the target.
"""

from __future__ import annotations

import contextlib
import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the benchmark table."""

    name: str
    """What was measured."""
    ms: float
    """Median time in milliseconds."""
    target: str = ""
    """The target in words, e.g. `<= 10 ms` or `<= 1.15x dot`."""
    met: bool | None = None
    """Whether the target is met; None when there is no target."""
    baseline: str = ""
    """The baseline's name, when the target is a ratio."""
    baseline_ms: float | None = None
    """The baseline's median time in milliseconds."""
    p95_ms: float | None = None
    """The 95th percentile in milliseconds, for rows that report the spread."""

    @property
    def ratio(self) -> float | None:
        """Time over baseline time, when there is a baseline."""
        if self.baseline_ms is None or self.baseline_ms == 0:
            return None
        return self.ms / self.baseline_ms


HOME_FOLDERS = (
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_STATE_HOME", ".local/state"),
)
"""Where infrasketch keeps settings, the catalog cache, prices and autosaves."""


@contextlib.contextmanager
def own_home() -> Iterator[Path]:
    """A temporary home (`HOME` and the XDG folders) for this process and the processes
    it starts, while inside: an autosave, a setting or a price list left by an earlier
    run must neither put a dialog in front of a timed app nor change a figure."""
    names = ("HOME", "INFRASKETCH_PRICES", *(name for name, _ in HOME_FOLDERS))
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory(prefix="infrasketch-bench-") as folder:
        home = Path(folder)
        os.environ["HOME"] = str(home)
        os.environ.pop("INFRASKETCH_PRICES", None)
        for name, below in HOME_FOLDERS:
            os.environ[name] = str(home / below)
        try:
            yield home
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def median_ms(action: Callable[[], object], repeat: int = 20, warmup: int = 2) -> float:
    """Median wall time of `action` in milliseconds over `repeat` runs after `warmup` runs."""
    return statistics.median(times_ms(action, repeat, warmup))


def p95(times: list[float]) -> float:
    """The 95th percentile of `times` (nearest rank, a time actually seen: of 20 runs, the
    19th fastest)."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]


def times_ms(action: Callable[[], object], repeat: int = 40, warmup: int = 3) -> list[float]:
    """Wall times of `action` in milliseconds over `repeat` runs after `warmup` runs."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def spread(
    name: str,
    times: list[float],
    limit_median: float | None = None,
    limit_p95: float | None = None,
) -> Row:
    """A row of the median and the 95th percentile of `times` (ms), each against its
    limit when given: met when both are."""
    median, high = statistics.median(times), p95(times)
    targets = []
    met = True
    if limit_median is not None:
        targets.append(f"median <= {limit_median:g} ms")
        met = met and median <= limit_median
    if limit_p95 is not None:
        targets.append(f"p95 <= {limit_p95:g} ms")
        met = met and high <= limit_p95
    return Row(name, median, ", ".join(targets), met if targets else None, p95_ms=high)


def absolute(name: str, ms: float, limit_ms: float | None = None) -> Row:
    """A row with an absolute time target."""
    if limit_ms is None:
        return Row(name, ms)
    return Row(name, ms, f"<= {limit_ms:g} ms", ms <= limit_ms)


def relative(
    name: str,
    ms: float,
    baseline: str,
    baseline_ms: float,
    limit: float,
    *,
    p95_ms: float | None = None,
) -> Row:
    """A row whose target is a ratio to a baseline measured in the same run (medians)."""
    met = baseline_ms > 0 and ms / baseline_ms <= limit
    return Row(name, ms, f"<= {limit:g}x {baseline}", met, baseline, baseline_ms, p95_ms)


def table(rows: list[Row]) -> str:
    """The rows as an aligned text table."""
    header = ("benchmark", "median ms", "p95 ms", "baseline ms", "ratio", "target", "met")
    lines = [header]
    for row in rows:
        spread = f"{row.p95_ms:.2f}" if row.p95_ms is not None else ""
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        base = f"{row.baseline_ms:.2f}" if row.baseline_ms is not None else ""
        met = "" if row.met is None else ("yes" if row.met else "NO")
        lines.append((row.name, f"{row.ms:.2f}", spread, base, ratio, row.target, met))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        cells = [
            cell.ljust(width) if col in (0, 5) else cell.rjust(width)
            for col, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
