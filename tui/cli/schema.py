"""`infrasketch schema`: print the JSON Schema of session files."""

from __future__ import annotations

import argparse
import sys

from sessions.schema import schema_text


def register(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's description and arguments."""
    parser.description = (
        "Print the JSON Schema (draft 2020-12) of session files, for editors and other tools."
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    sys.stdout.write(schema_text())
    return 0
