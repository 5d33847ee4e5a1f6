"""The `infrasketch` command: the workshop app plus headless subcommands.

Each subcommand is a module of this package with a `register(parser)` function that adds
its description and arguments; its one-line summary is in `SUBCOMMANDS`. A run imports
only the module of the command it runs (and that module only what the command uses):
`infrasketch validate` never loads the exporters or Textual.

Exit codes: 0 success, 1 the input has problems (each printed as `FILE:LINE:COL: field:
message`), 2 wrong usage, 128 + N stopped by signal N. No traceback reaches the user:
every command runs inside `tui.cli.guard.guarded`.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Collection, Iterator, Sequence
from types import ModuleType
from typing import Any, NoReturn

from tui.cli.guard import guarded, safe_streams, stop_on_signals

SUBCOMMANDS: dict[str, str] = {
    "open": "open a session file in the workshop app",
    "new": "create a session file from a starter design or an example",
    "validate": "check session files",
    "schema": "print the JSON Schema of session files",
    "catalog": "list the service catalog",
    "diagram": "draw the architecture (ascii, unicode, mermaid, dot, png, svg)",
    "report": "cost, availability and the skeptic's review of a session",
    "diff": "the cost, availability and risk delta of a design change (a PR comment)",
    "export": "write the documents, diagrams, CI workflow, alert rules and .env.example",
}
"""Each subcommand (the module of this package of the same name) and its summary in the
help's list of commands, in help order. The summaries are here, not in the modules, so
the list is printed without importing any of them."""


def package_version() -> str:
    """The installed version of infrasketch."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("infrasketch")
    except PackageNotFoundError:
        return "0+unknown"


class _Version(argparse.Action):
    """`--version`: print `infrasketch VERSION` and exit. The version is read from the
    package's metadata then, not whenever the parser is built: importlib.metadata alone
    is a fifth of the time `--help` takes."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings,
            dest=argparse.SUPPRESS,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show program's version number and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> NoReturn:
        sys.stdout.write(f"{parser.prog} {package_version()}\n")
        parser.exit()


def build_parser(arguments_of: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The parser of the whole command line, with the arguments of the commands in
    `arguments_of` (default: all). The other commands are listed by their summary only,
    so a run that parses one command imports that command's module alone."""
    parser = argparse.ArgumentParser(
        prog="infrasketch",
        description="Run a cloud-architecture design workshop in the terminal, "
        "and export its decisions as documents, diagrams and CI files.",
    )
    parser.add_argument("--version", action=_Version)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in SUBCOMMANDS.items():
        command = subparsers.add_parser(name, help=summary)
        if arguments_of is None or name in arguments_of:
            subcommand(name).register(command)
    return parser


def subcommand(name: str) -> ModuleType:
    """The module of the subcommand `name`, imported now (not when the package is: the
    app's entry point needs none of them, and a command needs only its own)."""
    match name:
        case "open":
            from tui.cli import open as open_command

            return open_command
        case "new":
            from tui.cli import new

            return new
        case "validate":
            from tui.cli import validate

            return validate
        case "schema":
            from tui.cli import schema

            return schema
        case "catalog":
            from tui.cli import catalog

            return catalog
        case "diagram":
            from tui.cli import diagram

            return diagram
        case "report":
            from tui.cli import report

            return report
        case "diff":
            from tui.cli import diff

            return diff
        case "export":
            from tui.cli import export

            return export
    raise KeyError(f"no subcommand {name!r}")


def subcommands() -> tuple[ModuleType, ...]:
    """Every subcommand's module, in `SUBCOMMANDS` order."""
    return tuple(subcommand(name) for name in SUBCOMMANDS)


def named_command(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` runs: its first word that is not an option (none of the
    options before the command takes a value), if that is a command's name."""
    word = next((arg for arg in argv if not arg.startswith("-")), None)
    return word if word in SUBCOMMANDS else None


def main(argv: Sequence[str] | None = None, *, one_shot: bool = False) -> int:
    """Run the command line; returns the exit code. `one_shot`: the process ends with
    this command (the console script), see `_imports`."""
    safe_streams()
    stop_on_signals()
    return guarded(lambda: _run(argv, one_shot))


def _run(argv: Sequence[str] | None, one_shot: bool) -> int:
    words = sys.argv[1:] if argv is None else argv
    command = named_command(words)
    with _imports(one_shot):
        args = build_parser(() if command is None else (command,)).parse_args(words)
        handler = getattr(args, "handler", None)
        if handler is None:
            from tui.cli.open import run_app

            handler = run_app
    code: int = handler(args)
    return code


@contextlib.contextmanager
def _imports(one_shot: bool) -> Iterator[None]:
    """Around the import of the command's modules in a `one_shot` process: the cyclic
    garbage collector paused, then what was loaded set aside for good (`gc.freeze`).

    The modules, the model classes and pydantic's validators live until the process ends,
    yet the collector would walk them over and over while they are built, and once more at
    exit: about a sixth of a `validate`. In process (tests), nothing changes: there,
    freezing would keep whatever a test left behind."""
    if not one_shot:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def entry_point() -> None:
    """Console-script entry: exit with `main`'s code."""
    sys.exit(main(one_shot=True))
