"""`infrasketch open FILE` (and plain `infrasketch`): the workshop app."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sessions.store import load


def register(subparsers: Any) -> None:
    """Add the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "open",
        help="open a session file in the workshop app",
        description="Open a session file in the workshop app.",
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="the session file")
    parser.set_defaults(handler=run_app)


def run_app(args: argparse.Namespace) -> int:
    """Start the app on the named session, or on a new starter session."""
    from sessions.starter import starter_session
    from tui.app import InfrasketchApp

    path: Path | None = getattr(args, "file", None)
    session = load(path) if path is not None else starter_session()
    app = InfrasketchApp(session, path)
    app.run()
    return app.return_code or 0
