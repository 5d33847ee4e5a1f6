"""What happens when the app crashes: the work is kept and one line says where.

Any unhandled exception ends the app (Textual's rule). Before it does, `record_crash`
writes the traceback to the crash log and an emergency autosave of unsaved work, and
returns the one line the command line prints instead of Textual's full-screen traceback
(something to read on a shared screen in a workshop).

Textual has no public hook for this, so `close_after_crash` replaces the private
`textual.app.App._handle_exception` (which calls `_fatal_error` to draw the traceback).
It is a copy of that method less the traceback, written against the Textual version
pinned in pyproject.toml; `TEXTUAL_SOURCES` records the hashes of the two methods it was
copied from, and `tests/tui/test_crash.py` fails the moment an upgrade changes them.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING, Any

from sessions.recovery import write_crash_log

if TYPE_CHECKING:
    from textual.app import App

    from tui.app import InfrasketchApp

TEXTUAL_SOURCES = {
    "_handle_exception": "baea2e7f88e7ac52e1f66886fe613f74b201a8857a670fc06306dded15d37bee",
    "_fatal_error": "2474616cec7fa94dd332d7ea79e2cea78ceb8760050da70b37066cda1c71afb4",
}
"""SHA-256 of the source of each `textual.app.App` method `close_after_crash` stands in
for, in Textual 8.2.8."""


def record_crash(error: BaseException, app: InfrasketchApp) -> str:
    """Write the crash log and the emergency autosave; the one line to print."""
    log = write_crash_log("".join(traceback.format_exception(error)))
    kept = app.keep_work_now()
    details = f"; details in {log}" if log else ""
    return f"infrasketch stopped on an internal error ({type(error).__name__}); {kept}{details}"


def close_after_crash(app: App[Any], error: Exception) -> None:
    """Textual's `App._handle_exception` without drawing the traceback: exit 1, keep
    the first exception for the test runner to raise, and close the app."""
    app._return_code = 1
    # Under Pilot, the first exception is raised again in the test that ran the app.
    if app._exception is None:
        app._exception = error
        app._exception_event.set()
    app._close_messages_no_wait()
