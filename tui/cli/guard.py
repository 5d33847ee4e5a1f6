"""No traceback reaches the user: every command runs inside `guarded`.

- A session problem prints its located lines (`FILE:LINE:COL: field: message`), exit 1.
- SIGTERM and SIGHUP raise `Stopped` where the command is (so a write under way removes
  its temp file and an export releases its lock on the way out), SIGINT raises
  `KeyboardInterrupt`; each prints one line and exits with 128 + the signal's number.
  The workshop app replaces these with its own (`tui.stopping`).
- Any other exception prints one line naming it and where its traceback was written
  (the crash log), exit 1.
- Standard output and error write what their encoding cannot hold as escapes
  (`PYTHONIOENCODING=ascii`, `LANG=C`), never a UnicodeEncodeError.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Callable
from types import FrameType

from sessions.errors import SessionError


class Stopped(BaseException):
    """The process was told to stop by a signal (not an error: it unwinds like exit)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        """The signal's name, e.g. `SIGTERM`."""
        return signal.Signals(self.signum).name


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


def stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP raise `Stopped` in the main thread."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_stopped)


def safe_streams() -> None:
    """Let stdout and stderr write any text, escaping what their encoding lacks."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _say(line: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr)


def _internal_error(exc: BaseException) -> int:
    from sessions.recovery import write_crash_log

    if isinstance(exc, MemoryError):
        _say("infrasketch: ran out of memory; nothing was written")
        return 1
    log = write_crash_log("".join(traceback.format_exception(exc)))
    details = f"; details in {log}" if log else ""
    _say(f"infrasketch: stopped on an internal error ({type(exc).__name__}){details}")
    return 1


def _quiet_stdout() -> None:
    """After a broken pipe: send what is still buffered nowhere, so the interpreter's
    final flush does not complain."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def guarded(run: Callable[[], int]) -> int:
    """Run a command; its exit code, or the exit code of what went wrong, said in one
    line (or one line per located problem)."""
    from model.catalog.overlay import OverlayError

    try:
        return run()
    except SessionError as exc:
        for problem in exc.problems:
            _say(str(problem))
        return 1
    except OverlayError as exc:
        _say(str(exc))
        return 1
    except Stopped as exc:
        _say(f"infrasketch: stopped by {exc.name}")
        return 128 + exc.signum
    except KeyboardInterrupt:
        _say("infrasketch: interrupted")
        return 128 + signal.SIGINT
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except Exception as exc:
        return _internal_error(exc)
