"""`infrasketch validate FILE...`: check session files, one line per problem."""

from __future__ import annotations

import argparse
import sys

from sessions.errors import SessionError
from sessions.store import load


def register(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's description and arguments."""
    parser.description = (
        "Check session files. Prints FILE:LINE:COL: field.path: message per "
        "problem; exits 0 when all are valid, 1 otherwise."
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="session files to check")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing when valid")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate every file; report all problems of all files."""
    failed = False
    for name in args.files:
        try:
            session = load(name)
        except SessionError as exc:
            failed = True
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        if not args.quiet:
            print(f"{name}: ok ({session.context.project}, {len(session.components)} components)")
    return 1 if failed else 0
