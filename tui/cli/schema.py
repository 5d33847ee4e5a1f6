"""`infrasketch schema`: print the JSON Schema of session files."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sessions.schema import schema_text


def register(subparsers: Any) -> None:
    """Add the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of session files",
        description="Print the JSON Schema (draft 2020-12) of session files, for editors "
        "and other tools.",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    sys.stdout.write(schema_text())
    return 0
