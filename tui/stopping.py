"""When the workshop is stopped from outside: SIGTERM, SIGHUP, SIGINT, or a lost terminal.

Closing the terminal window, a dropped ssh connection, `docker stop`, `tmux
kill-session` or `kill` used to end the app like `kill -9`: the last changes lost and the
terminal left in the alternate screen with mouse tracking on and no cursor. A terminal
that went away under `make run` even left the app spinning on end-of-file for good.

`OutsideStop.install` (called by `tui.cli.open.launch` before the app runs) makes each of
these one orderly stop:

1. the emergency autosave is written at once (or, with nothing unsaved, an autosave an
   undo made stale is removed), and the temp files of writes under way are removed;
2. the app is asked to exit, which restores the terminal the way Textual always does;
3. should that not finish within `EXIT_GRACE` seconds (a dead terminal can block
   Textual's writer thread), the terminal modes are reset by hand and the process ends;
4. either way one line says why it stopped and where the work is, and the exit code is
   128 + the signal's number (129, as for SIGHUP, when the terminal was lost).

A lost terminal is noticed by a thread that polls standard input for a hang-up (`POLLHUP`
wakes it; no input is consumed and no CPU is spent while it waits). Ctrl+C inside the app
stays the app's own key binding: the terminal is in raw mode, so only a SIGINT sent from
outside (`kill -INT`) arrives here.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import sys
import termios
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

from sessions.atomic import remove_live_temps

if TYPE_CHECKING:
    from tui.app import InfrasketchApp

EXIT_GRACE = 0.5
"""Seconds the app has to exit normally before the process ends regardless."""

SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
"""The signals that stop the app in order."""

RESET_TERMINAL = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # mouse tracking off
    "\x1b[?2004l\x1b[?1004l\x1b[<u"  # bracketed paste, focus events, kitty keys off
    "\x1b[?1049l\x1b[?25h"  # the normal screen back, the cursor shown
)
"""What Textual's own shutdown undoes, written directly when it cannot run."""


class OutsideStop:
    """Stops `app` in order when a signal arrives or its terminal goes away."""

    def __init__(self, app: InfrasketchApp, *, terminate: Callable[[int], None] = os._exit) -> None:
        self.app = app
        self._terminate = terminate
        self._lock = threading.Lock()
        self.code: int | None = None
        """The exit code, once a stop began."""
        self.loop: asyncio.AbstractEventLoop | None = None
        """The app's event loop, once it runs (`InfrasketchApp.on_mount` sets it)."""
        self._tty_modes: list[Any] | None = None
        self._input = -1
        self._ended = threading.Event()

    def install(self) -> None:
        """Take over the stopping signals and watch standard input for a hang-up."""
        for signum in SIGNALS:
            signal.signal(signum, self._on_signal)
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self._input = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        if self._input >= 0 and os.isatty(self._input):
            with contextlib.suppress(termios.error):
                self._tty_modes = termios.tcgetattr(self._input)
            threading.Thread(target=self._watch_input, name="hangup-watch", daemon=True).start()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stop(f"stopped by {signal.Signals(signum).name}", 128 + signum)

    def _watch_input(self) -> None:
        poller = select.poll()
        poller.register(self._input, 0)  # no events asked: only hang-ups and errors wake it
        while True:
            try:
                events = poller.poll()
            except InterruptedError:  # pragma: no cover - retried by Python itself
                continue
            except OSError:
                return
            if any(
                mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events
            ):
                self.stop("stopped: the terminal was closed", 128 + signal.SIGHUP)
                return

    def stop(self, why: str, code: int) -> None:
        """Keep the work, ask the app to exit, and make sure the process ends soon."""
        with self._lock:
            if self.code is not None:
                return
            self.code = code
        kept = self.app.keep_work_now()
        remove_live_temps()
        self.app.stop_message = f"infrasketch {why}; {kept}"
        threading.Thread(target=self._deadline, name="exit-deadline", daemon=True).start()
        loop = self.loop
        if loop is None or loop.is_closed():
            self._force_exit()
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the deadline ends it
            loop.call_soon_threadsafe(self.app.exit, None, code)

    def finish(self) -> None:
        """The app exited and its line was printed: end the process now. The work is
        kept and the terminal restored, and Python's own clean-up of a large app can take
        a second on a busy machine."""
        if self._ended.is_set():
            return
        self._ended.set()
        remove_live_temps()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        self._terminate(self.code if self.code is not None else 1)

    def _deadline(self) -> None:
        time.sleep(EXIT_GRACE)
        self._force_exit()

    def _force_exit(self) -> None:
        """Reset the terminal by hand, say why, and end the process."""
        if self._ended.is_set():
            return
        self._ended.set()
        remove_live_temps()
        out = sys.__stderr__.fileno() if sys.__stderr__ is not None else 2
        with contextlib.suppress(OSError):
            os.write(out, RESET_TERMINAL.encode("ascii"))
        if self._tty_modes is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self._input, termios.TCSANOW, self._tty_modes)
        with contextlib.suppress(OSError):
            os.write(out, f"{self.app.stop_message or 'infrasketch stopped'}\n".encode())
        self._terminate(self.code if self.code is not None else 1)
