"""The command line's guard: one line and an exit code for whatever happens, never a
traceback, never a refused value repeated."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import synthetic_session
from exporters.folder import LOCK_NAME
from sessions.bundled import example_path
from sessions.store import save
from tests.cli import COMMAND, infrasketch


@pytest.mark.parametrize(
    ("project", "words"),
    [
        ("Shop\x1b[31m", "contains a control character"),
        ("AKIAIOSFODNN7EXAMPLE", "looks like a secret value"),
    ],
)
def test_a_refused_project_name_is_one_line_without_the_value(
    tmp_path: Path, project: str, words: str
) -> None:
    result = infrasketch("new", tmp_path / "new.yaml", "--no-open", "--project", project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"infrasketch new: error: --project: {words}" in result.stderr
    assert project not in result.stderr + result.stdout
    assert not (tmp_path / "new.yaml").exists()


def test_an_ascii_only_output_gets_escapes_not_a_traceback() -> None:
    result = subprocess.run(
        [str(COMMAND), "report", str(example_path("eu-shop-gcp"))],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"\\u2014" in result.stdout  # the em dash of the title, escaped


def test_an_export_stopped_by_sigterm_leaves_no_lock_and_no_temp_file(tmp_path: Path) -> None:
    design = tmp_path / "big.yaml"
    save(synthetic_session(300), design)
    out = tmp_path / "out"
    run = subprocess.Popen(
        [str(COMMAND), "export", str(design), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not (out / LOCK_NAME).exists():  # the export holds the folder: stop it now
        assert time.monotonic() < deadline and run.poll() is None, "the export never began"
        time.sleep(0.01)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=30)
    assert run.returncode == 128 + signal.SIGTERM
    assert err.strip().splitlines()[-1] == "infrasketch: stopped by SIGTERM"
    assert "Traceback" not in err
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp") or p.name == LOCK_NAME]
    assert leftovers == []
