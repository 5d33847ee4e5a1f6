"""Start-up of the command line: a run imports the module of its own command only, and the
help it prints is the whole parser's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sessions.bundled import example_path
from tui.cli import SUBCOMMANDS, build_parser, named_command

ROOT = Path(__file__).resolve().parent.parent


def _loaded_after(argv: list[str]) -> set[str]:
    """The modules loaded by a fresh interpreter after `main(argv)` (exit code 0)."""
    code = (
        "import json, sys\n"
        "from tui.cli import main\n"
        f"code = main({argv!r})\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    exit_code, modules = json.loads(result.stdout.splitlines()[-1])
    assert exit_code == 0, result.stderr
    return set(modules)


def _under(modules: set[str], *packages: str) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(f"{p}.") for p in packages))


def test_validate_imports_no_other_command_nor_what_only_they_use() -> None:
    loaded = _loaded_after(["validate", "-q", str(example_path("eu-shop-gcp"))])
    others = [f"tui.cli.{name}" for name in SUBCOMMANDS if name != "validate"]
    assert _under(loaded, *others) == []
    assert _under(loaded, "exporters", "networkx", "textual", "widgets", "diagrams") == []
    assert "tui.cli.validate" in loaded


def test_report_imports_no_other_command() -> None:
    loaded = _loaded_after(["report", str(example_path("saas-mvp-aws"))])
    others = [f"tui.cli.{name}" for name in SUBCOMMANDS if name != "report"]
    assert _under(loaded, *others) == []
    assert _under(loaded, "textual", "diagrams") == []


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_help_and_version_load_no_model(argv: list[str]) -> None:
    code = (
        "import json, sys\n"
        "from tui.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as stop:\n"
        "    print(json.dumps([stop.code, sorted(sys.modules)]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    exit_code, modules = json.loads(result.stdout.splitlines()[-1])
    assert exit_code in (0, None), result.stderr
    assert _under(set(modules), "pydantic", "yaml", "model", "sessions") == []
    assert ("importlib.metadata" in modules) == (argv == ["--version"])


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        ([], None),
        (["--version"], None),
        (["-h"], None),
        (["validate", "a.yaml"], "validate"),
        (["export", "a.yaml", "--out", "docs", "--check"], "export"),
        (["catalog", "refresh", "--dry-run"], "catalog"),
        (["nonsense"], None),
    ],
)
def test_the_command_is_the_first_word_that_is_not_an_option(
    argv: list[str], command: str | None
) -> None:
    assert named_command(argv) == command


@pytest.mark.parametrize("command", [None, *SUBCOMMANDS])
def test_help_of_a_run_is_the_whole_parsers(
    command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `infrasketch [COMMAND] --help` prints, from the parser a run builds (only that
    command's arguments), is what the parser of every command prints."""
    argv = ["--help"] if command is None else [command, "--help"]
    printed = []
    for parser in (build_parser(() if command is None else (command,)), build_parser()):
        with pytest.raises(SystemExit) as stopped:
            parser.parse_args(argv)
        assert stopped.value.code == 0
        printed.append(capsys.readouterr().out)
    assert printed[0] == printed[1]
    assert command is None or f"infrasketch {command}" in printed[0]


def test_a_one_shot_run_sets_its_imports_aside_and_collects_again() -> None:
    """The console script freezes what the command imported and turns the collector back
    on; a run in process (as here, in tests) leaves the collector as it found it."""
    code = (
        "import gc, json, sys\n"
        "from tui.cli import main\n"
        f"code = main(['validate', '-q', {str(example_path('eu-shop-gcp'))!r}], one_shot=True)\n"
        "print(json.dumps([code, gc.isenabled(), gc.get_freeze_count()]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    exit_code, enabled, frozen = json.loads(result.stdout.splitlines()[-1])
    assert (exit_code, enabled) == (0, True)
    assert frozen > 10_000  # the modules, classes and validators of the models


def test_a_run_in_process_freezes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    import gc

    from tui.cli import main

    before = gc.get_freeze_count()
    assert main(["validate", "-q", str(example_path("eu-shop-gcp"))]) == 0
    assert (gc.isenabled(), gc.get_freeze_count()) == (True, before)
