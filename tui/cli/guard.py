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

The exceptions of a problem with the input are imported when one is being handled, not
with this module: they live beside the models (pydantic, the catalog), which `--help` and
`--version` never load, and only code that imported them can raise them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Callable
from types import FrameType


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
    try:
        return run()
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
        problems = _input_problems(exc)
        if problems is None:
            return _internal_error(exc)
        for line in problems:
            _say(line)
        return 1


def _input_problems(exc: Exception) -> list[str] | None:
    """The lines saying what is wrong with the input when `exc` is a problem with it (a
    session file's located problems, a price overlay that cannot be read), else None."""
    try:
        from model.catalog.overlay import OverlayError
        from sessions.errors import SessionError
    except Exception:  # the models cannot be imported: that is the internal error
        return None
    if isinstance(exc, SessionError):
        return [str(problem) for problem in exc.problems]
    if isinstance(exc, OverlayError):
        return [str(exc)]
    return None
