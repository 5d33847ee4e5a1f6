"""The `infrasketch` command: the workshop app plus headless subcommands.

Each subcommand is a module of this package with a `register(subparsers)` function.
Exit codes: 0 success, 1 the input has problems (each printed as `FILE:LINE:COL: field:
message`), 2 wrong usage, 128 + N stopped by signal N. No traceback reaches the user:
every command runs inside `tui.cli.guard.guarded`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType

from tui.cli.guard import guarded, safe_streams, stop_on_signals

SUBCOMMANDS = (
    "open", "new", "validate", "schema", "catalog", "diagram", "report", "diff", "export",
)  # fmt: skip
"""Modules of this package that register a subcommand, in help order."""


def package_version() -> str:
    """The installed version of infrasketch."""
    try:
        return version("infrasketch")
    except PackageNotFoundError:
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    """The parser of the whole command line."""
    parser = argparse.ArgumentParser(
        prog="infrasketch",
        description="Run a cloud-architecture design workshop in the terminal, "
        "and export its decisions as documents, diagrams and CI files.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in subcommands():
        command.register(subparsers)
    return parser


def subcommands() -> tuple[ModuleType, ...]:
    """The subcommand modules, in `SUBCOMMANDS` order (imported when the parser is built,
    not when the package is: the app's entry point needs none of them)."""
    from tui.cli import catalog, diagram, diff, export, new, report, schema, validate
    from tui.cli import open as open_command

    return (open_command, new, validate, schema, catalog, diagram, report, diff, export)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    safe_streams()
    stop_on_signals()
    return guarded(lambda: _run(argv))


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from tui.cli.open import run_app

        handler = run_app
    code: int = handler(args)
    return code


def entry_point() -> None:
    """Console-script entry: exit with `main`'s code."""
    sys.exit(main())
