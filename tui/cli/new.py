"""`infrasketch new FILE`: write a complete, valid starter design (or a bundled example).

In a terminal the new file is then opened in the workshop app; scripts and tests (no
terminal on stdin and stdout) and `--no-open` only write the file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import ValidationError

from model.enums import Provider
from sessions.bundled import EXAMPLES, load_example
from sessions.errors import SessionError
from sessions.starter import starter_session
from sessions.store import save


def register(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's description and arguments."""
    parser.description = (
        "Create a session file holding a complete, valid starter design for the "
        "chosen provider, or a copy of a bundled example."
    )
    parser.epilog = "Examples: " + "; ".join(f"{k}: {v}" for k, v in EXAMPLES.items())
    parser.add_argument("file", metavar="FILE", type=Path, help="the session file to create")
    parser.add_argument(
        "--provider",
        choices=[p.value for p in Provider],
        default=Provider.AWS.value,
        help="the cloud of the starter design (default: aws)",
    )
    parser.add_argument("--example", choices=sorted(EXAMPLES), help="copy a bundled example")
    parser.add_argument("--project", help="the project's name (default: from the file name)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument(
        "--no-open",
        dest="open_app",
        action="store_false",
        help="only write the file (the default when not run in a terminal)",
    )
    parser.set_defaults(handler=run, usage_error=parser.error)


def run(args: argparse.Namespace) -> int:
    """Write the new session file."""
    path: Path = args.file
    if path.exists() and not args.force:
        raise SessionError.at(path, "already exists; use --force to overwrite it")
    if args.example:
        session = load_example(args.example)
    else:
        project = args.project or path.stem.replace("-", " ").replace("_", " ").strip().title()
        try:
            session = starter_session(Provider(args.provider), project or "New project")
        except ValidationError as exc:
            # Never the value itself: it may be the secret the check refused.
            problem = exc.errors(include_input=False, include_url=False)[0]
            words = str(problem["msg"]).removeprefix("Value error, ")
            source = "--project" if args.project else "the project name taken from FILE"
            args.usage_error(f"{source}: {words}")
    # Without --force an existing file is never replaced, even one created meanwhile.
    saved = save(session, path, exclusive=not args.force)
    print(f"created {path} ({session.context.project}, {len(session.components)} components)")
    if saved.schema_warning:
        print(f"warning: {saved.schema_warning}", file=sys.stderr)
    if args.open_app and sys.stdin.isatty() and sys.stdout.isatty():
        from tui.cli.open import launch

        return launch(path)
    return 0
