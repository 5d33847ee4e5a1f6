"""The crash override stays a faithful copy of the Textual method it replaces."""

from __future__ import annotations

import hashlib
import inspect

import textual
from textual.app import App

from tui.crash import TEXTUAL_SOURCES


def test_the_textual_methods_the_crash_override_replaces_are_unchanged() -> None:
    changed = [
        name
        for name, recorded in TEXTUAL_SOURCES.items()
        if hashlib.sha256(inspect.getsource(getattr(App, name)).encode()).hexdigest() != recorded
    ]
    assert changed == [], (
        f"Textual {textual.__version__} changed App.{', App.'.join(changed)}. "
        "tui.crash.close_after_crash copies what App._handle_exception does after an "
        "unhandled exception, less the traceback that App._fatal_error draws. Read the new "
        "source: carry over whatever it now does besides drawing the traceback (return "
        "code, the exception kept for Pilot, closing the message loop), check that "
        "tests/tui/test_lifecycle.py's crash tests still pass, then record the new hashes "
        "in tui.crash.TEXTUAL_SOURCES."
    )
