"""`infrasketch open FILE` (and plain `infrasketch`): the workshop app.

The app itself is imported only here, when it is about to run, so the headless commands
never load Textual. A crash inside the app leaves an emergency autosave; this module
prints the app's one-line message about it and exits 1, without a traceback. A signal or
a lost terminal stops the app in order (`tui.stopping`): its one line is printed here and
the exit code is 128 + the signal's number.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.errors import SessionError

if TYPE_CHECKING:
    from tui.app import InfrasketchApp


def register(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's description and arguments."""
    parser.description = (
        "Open a session file in the workshop app. Plain `infrasketch` opens the "
        "app on a new starter design instead."
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="the session file")
    parser.set_defaults(handler=run_app)


def run_app(args: argparse.Namespace) -> int:
    """Start the app on the named session file, or on a new starter design."""
    path: Path | None = getattr(args, "file", None)
    if path is not None and not (path.exists() or path.is_symlink()):
        raise SessionError.at(path, "no such file (create one with `infrasketch new FILE`)")
    if path is not None:
        # A FIFO, a device, a folder or a broken file is refused here, before the
        # terminal is taken, the way every other command refuses it.
        from sessions.disk import read_capped

        read_capped(path)
    return launch(path)


def launch(path: Path | None, first_step: str | None = None) -> int:
    """Run the app on `path` (None: a new design) until it quits; returns the exit code."""
    if not sys.stdin.isatty():
        # Without a terminal to read keys from, Textual reads end-of-file forever.
        print(
            "infrasketch: the workshop app needs a terminal, and standard input is not one "
            "(validate, report, diagram and export work without)",
            file=sys.stderr,
        )
        return 1
    from widgets.diagram_image import prepare_terminal

    prepare_terminal()
    from tui.app import InfrasketchApp
    from tui.stopping import OutsideStop

    app = InfrasketchApp(path, first_step=first_step, settle_heap=True)
    app.outside = OutsideStop(app)
    app.outside.install()
    return run_and_report(app)


def run_and_report(app: InfrasketchApp, headless: bool = False) -> int:
    """Run `app`; print its load problems, its crash line or why it was stopped, and
    return its exit code."""
    app.run(headless=headless)
    if app.outside is not None and app.outside.code is not None:
        with contextlib.suppress(OSError):  # the terminal may be gone
            print(app.stop_message, file=sys.stderr)
        app.outside.finish()
        return app.outside.code
    if app.load_error is not None:
        raise app.load_error
    if app.crash_message is not None:
        print(app.crash_message, file=sys.stderr)
        return 1
    return app.return_code or 0
