"""`infrasketch report FILE [--json]`: cost, availability and the skeptic's findings.

Prints the readable report (cost per component with sources, breakdown, environments,
projections, optimisations, crossovers, availability per request path, recovery,
findings with the team's answers), or with `--json` the documented JSON of
`exporters.report`. Exit codes: 0 report printed, 1 the session file has problems (each
printed as FILE:LINE:COL: field: message), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from exporters.report import report_json, report_text
from model.analysis import analyse
from sessions.store import load


def register(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's description and arguments."""
    parser.description = (
        "Print the monthly cost (per component, group and environment, at 1x, "
        "10x and 100x), optimisation opportunities, crossovers, availability per request "
        "path against the target, RTO/RPO against the backups, and the skeptic's findings."
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="the session file")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Load the session and print its report; a bad file raises SessionError (exit 1)."""
    analysis = analyse(load(args.file))
    sys.stdout.write(report_json(analysis) if args.json else report_text(analysis))
    return 0
