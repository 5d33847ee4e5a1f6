"""The hostile corpus through every command: exit 1, a located message, no traceback, within
a time and memory budget.

Each file of `tests.hostile` is given to every command that reads a session file
(`tests.hostile_driver.COMMANDS`: validate, report, report --json, diagram in three
formats, export, export --check, export --single, and the app's `open`), all in one
process per file, forked from one driver started under `MEMORY_LIMIT`. The summary line
(`-s` shows it) gives the figures of issue 17: inputs tried / clean / traceback / over
budget.
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.hostile import Case, build_corpus
from tests.hostile_driver import AT_ONCE, CHILD_SECONDS, COMMANDS, SECONDS_PER_COMMAND

pytestmark = pytest.mark.slow

MEMORY_LIMIT = 2 * 1024**3
"""Address space each driver process may use (a refused allocation is a MemoryError)."""

PEAK_MB = 600
"""The most resident memory a driver process may reach, all commands included."""

SECRET = "AKIAIOSFODNN7EXAMPLE"
"""The secret value one case holds; no output may repeat it."""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _drive(cases: list[Case], out: Path) -> tuple[list[tuple[list[dict[str, Any]], int]], str]:
    """Each case's command runs and peak memory (-1 when unknown), and the driver's
    standard error."""
    pairs = [str(part) for case in cases for part in (case.path, out / case.name)]
    result = subprocess.run(
        [sys.executable, "-m", "tests.hostile_driver", *pairs],
        capture_output=True,
        text=True,
        timeout=CHILD_SECONDS * math.ceil(len(cases) / AT_ONCE) + 60,
        preexec_fn=_limit_memory,  # a resource limit, set before exec
        cwd=Path(__file__).resolve().parents[1],
        check=False,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    driven = []
    for number in range(len(cases)):
        own = [line for line in lines if line["file"] == number]
        runs = [line for line in own if "args" in line]
        peak = next((line["peak_mb"] for line in own if "peak_mb" in line), -1)
        driven.append((runs, peak))
    return driven, result.stderr


def _problems(case: Case, run: dict[str, Any]) -> list[str]:
    """What is wrong with one command's handling of one case (empty when all is well)."""
    wrong = []
    err: str = run["stderr"]
    if run["code"] != 1:
        wrong.append(f"exit {run['code']}")
    if "Traceback" in err or "internal error" in err:
        wrong.append("traceback")
    if run["seconds"] > SECONDS_PER_COMMAND:
        wrong.append(f"took {run['seconds']} s")
    if SECRET in err:
        wrong.append("repeats the secret")
    first = next((line for line in err.splitlines() if line.startswith(str(case.path))), "")
    rest = first[len(str(case.path)) :]
    if case.located and not (rest[:1] == ":" and rest[1:].split(":")[0].isdigit()):
        wrong.append(f"not located: {err.strip()[:200]!r}")
    if not case.located and not rest.startswith(": "):
        wrong.append(f"not a whole-file message: {err.strip()[:200]!r}")
    if ":0:0:" in err:
        wrong.append("fake 0:0 position")
    if case.words and case.words not in first:
        wrong.append(f"does not say {case.words!r}: {first[:200]!r}")
    return wrong


def test_every_command_refuses_every_hostile_file_cleanly(tmp_path: Path) -> None:
    cases = build_corpus(tmp_path / "corpus")
    driven, driver_err = _drive(cases, tmp_path / "out")
    failures: list[str] = []
    tracebacks = over_budget = runs_total = 0
    slowest, heaviest = 0.0, 0
    for case, (runs, peak) in zip(cases, driven, strict=True):
        if len(runs) != len(COMMANDS):
            failures.append(f"{case.name}: the driver stopped: {driver_err[-400:]}")
            continue
        heaviest = max(heaviest, peak)
        if peak > PEAK_MB:
            over_budget += 1
            failures.append(f"{case.name}: peak memory {peak} MB")
        for run in runs:
            runs_total += 1
            slowest = max(slowest, run["seconds"])
            wrong = _problems(case, run)
            tracebacks += "traceback" in wrong
            over_budget += any(w.startswith("took") for w in wrong)
            if wrong:
                failures.append(f"{case.name}: {' '.join(run['args'][:3])}: {'; '.join(wrong)}")
        assert not (tmp_path / "out" / case.name / "export").exists(), "nothing exported"
    clean = runs_total - len({f.split(":")[0] + f.split(":")[1] for f in failures})
    print(
        f"\nhostile inputs {len(cases)}, command runs {runs_total}, clean {clean}, "
        f"traceback {tracebacks}, over budget {over_budget} (slowest {slowest:.2f} s of "
        f"{SECONDS_PER_COMMAND:g}, peak {heaviest} MB of {PEAK_MB})"
    )
    assert not failures, "\n".join(failures)
