"""The app's entry points on the command line, where no terminal is attached."""

from __future__ import annotations

from pathlib import Path

from sessions.store import load
from tests.cli import infrasketch


def test_new_without_a_terminal_only_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "orders.yaml"
    result = infrasketch("new", target, "--provider", "azure")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"created {target}")
    assert load(target).provider.value == "azure"


def test_new_accepts_no_open(tmp_path: Path) -> None:
    result = infrasketch("new", tmp_path / "a.yaml", "--no-open")
    assert result.returncode == 0, result.stderr


def test_open_a_missing_file_is_a_located_problem(tmp_path: Path) -> None:
    result = infrasketch("open", tmp_path / "nope.yaml")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"{tmp_path / 'nope.yaml'}: no such file (create one with `infrasketch new FILE`)"
    )
    assert "Traceback" not in result.stderr
