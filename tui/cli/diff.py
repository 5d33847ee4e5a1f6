"""`infrasketch diff BASE [HEAD]`: what a change to the design costs, buys and risks.

Each side is a session file or `REV:PATH` read from git (`main:design.yaml`). Without
HEAD, a `REV:PATH` base is compared with the working file at PATH, and a plain file with
its last commit (`HEAD:FILE`). Prints the difference of the two analyses as text, as a
Markdown pull request comment or as JSON (`exporters.diff`).

Exit codes: 0 compared and no `--fail-on` guardrail holds; 1 a guardrail holds (each
printed on stderr) or a side cannot be read (its problems printed as FILE:LINE:COL:
field: message); 2 wrong usage (an unknown format or guardrail). A base without the
session file is a new design, said in the output; files of an older schema version are
migrated, then compared.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exporters.diff.review import Review
    from model.guardrails import Guardrail

FORMATS = ("text", "markdown", "json")


def register(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's description and arguments."""
    parser.description = (
        "Compare two versions of a session: components added, removed, renamed "
        "and changed (with the decisions behind them), cost per line, group and environment "
        "at 1x/10x/100x, availability and downtime, RTO/RPO, the skeptic's findings opened "
        "and resolved, and the diagram. Each side is a FILE or REV:PATH read from git; "
        "HEAD defaults to the working file (or, for a plain FILE, BASE to its last commit)."
    )
    parser.add_argument(
        "base", metavar="BASE", help="session file or REV:PATH, e.g. main:design.yaml"
    )
    parser.add_argument("head", metavar="HEAD", nargs="?", help="session file or REV:PATH")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="text (default), markdown or json"
    )
    parser.add_argument(
        "--fail-on",
        metavar="GUARDRAIL",
        action="append",
        type=_guardrail,
        default=[],
        help="exit 1 when the change breaks it: cost-increase>10%%, cost-increase>$500, "
        "availability-drop>0.05, new-finding>=high, unanswered>=critical (repeatable)",
    )
    parser.add_argument(
        "--link-base",
        metavar="URL",
        help="with markdown: where the head's exported documents are read, e.g. "
        "https://github.com/ORG/REPO/blob/SHA/docs/architecture/",
    )
    parser.set_defaults(handler=run)


def _guardrail(text: str) -> Guardrail:
    from model.guardrails import parse_guardrail

    try:
        return parse_guardrail(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    """Compare the two sides and print the diff; exit 1 when a guardrail holds."""
    from exporters.diff.review import review
    from model.analysis import analyse
    from sessions.errors import SessionError
    from sessions.revision import committed, load_source, parse_source, working_file

    if args.link_base and args.format != "markdown":
        print("infrasketch diff: --link-base goes with --format markdown", file=sys.stderr)
        return 2
    try:
        base = parse_source(args.base)
        if args.head is not None:
            head = parse_source(args.head)
        elif base.in_git:
            head = working_file(base)
        else:
            base, head = committed(Path(args.base)), base
        old = load_source(base)
        new = load_source(head)
        if new.session is None:
            raise SessionError.at(head.label, f"no such file in {head.rev}: nothing to compare")
    except SessionError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    result = review(
        analyse(old.session) if old.session is not None else None,
        analyse(new.session),
        labels=(base.label, head.label),
        versions=(old.version, new.version),
        guardrails=args.fail_on,
    )
    sys.stdout.write(_render(result, args.format, args.link_base))
    for check in result.failed:
        print(f"infrasketch diff: {check.guardrail.text} fails: {check.measured}", file=sys.stderr)
    return 1 if result.failed else 0


def _render(result: Review, fmt: str, link_base: str | None) -> str:
    if fmt == "markdown":
        from exporters.diff.markdown import diff_markdown

        return diff_markdown(result, link_base=link_base)
    if fmt == "json":
        from exporters.diff.data import diff_json

        return diff_json(result)
    from exporters.diff.text import diff_text

    return diff_text(result)
