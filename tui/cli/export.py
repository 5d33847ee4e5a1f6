"""`infrasketch export FILE --out DIR`: write the session's bundle for a pull request.

Writes ARCHITECTURE.md, the role card's documents, the skeptic's trade-offs and the role
briefs (`docs/`), the diagrams (`diagrams/`), the operations files (CI workflow,
Prometheus rules and their tests, Alertmanager routing, docker-compose.yml,
.env.example) and `manifest.json` under DIR through
`exporters.writer`, which refuses to overwrite files it did not write or that were
edited by hand (unless `--force`), refuses symbolic links inside DIR, and writes nothing
when it refuses anything. `--only KIND...` limits the export to some kinds; `--check`
writes nothing and reports the files that differ from what the session produces (the CI
guard for "the committed files match the design").

Exit codes: 0 exported or up to date, 1 refused, out of date, or the session file has
problems, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from exporters.bundle import kinds
from exporters.diagrams.image import DiagramError
from exporters.documents.architecture import render_single
from exporters.writer import ExportError, ExportResult, export_bundle
from model.analysis import analyse
from sessions.atomic import WriteError
from sessions.store import load


def register(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's description and arguments."""
    parser.description = (
        "Write every file derived from the session under DIR, with a "
        "manifest.json recording each file's hash. Files not written by the last export, or "
        "edited by hand since, are not overwritten without --force; --check compares only."
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="the session file")
    parser.add_argument("--out", metavar="DIR", type=Path, help="export folder")
    parser.add_argument(
        "--single",
        action="store_true",
        help="print ARCHITECTURE.md to stdout for a pull request description (kept under "
        "GitHub's 65,536 characters by linking to the full documents), instead of --out",
    )
    parser.add_argument(
        "--link-base",
        metavar="URL",
        help="with --single: make links absolute, e.g. "
        "https://github.com/ORG/REPO/blob/main/docs/architecture/",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        action="extend",
        choices=kinds(),
        metavar="KIND",
        help=f"export only these kinds: {', '.join(kinds())}",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing the files that differ from the session",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite files edited by hand or not ours"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Export or check; print one line per file and a summary."""
    if args.check and args.force:
        print("infrasketch export: --check and --force cannot be combined", file=sys.stderr)
        return 2
    if args.single == (args.out is not None):
        print("infrasketch export: give either --out DIR or --single", file=sys.stderr)
        return 2
    if args.single and (args.check or args.force or args.only):
        print("infrasketch export: --single prints one page; it takes no other option "
              "but --link-base", file=sys.stderr)  # fmt: skip
        return 2
    if args.link_base and not args.single:
        print("infrasketch export: --link-base goes with --single", file=sys.stderr)
        return 2
    analysis = analyse(load(args.file))
    if args.single:
        sys.stdout.write(render_single(analysis, link_base=args.link_base))
        return 0
    try:
        result = export_bundle(
            analysis, args.out, only=args.only, force=args.force, check=args.check
        )
    except (ExportError, WriteError, DiagramError) as exc:
        print(f"infrasketch export: {exc}", file=sys.stderr)
        return 1
    return _report_check(result) if args.check else _report_export(result)


def _report_export(result: ExportResult) -> int:
    for outcome in result.outcomes:
        print(outcome, file=sys.stderr if outcome.status == "refused" else sys.stdout)
    if result.refused:
        print(
            f"nothing written to {result.root}: {len(result.refused)} file(s) refused",
            file=sys.stderr,
        )
        return 1
    counts: dict[str, int] = {}
    for outcome in result.outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    print(f"exported to {result.root} ({summary})")
    return 0


def _report_check(result: ExportResult) -> int:
    stale = result.out_of_date + result.refused
    for outcome in stale:
        print(outcome)
    if stale:
        print(f"{result.root}: {len(stale)} file(s) out of date with the session", file=sys.stderr)
        return 1
    print(f"{result.root}: up to date ({len(result.outcomes)} files match the session)")
    return 0
