"""Atomic file replacement: a reader sees the old file or the new one, never a torn one.

The bytes go to a temporary file in the same folder, are flushed to disk, and the temp
file is renamed over the target (`os.replace` is atomic within a filesystem); the folder
is then synced so the rename itself survives a crash. The session store and the export
writer both write through here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


class WriteError(Exception):
    """A file could not be written; nothing was changed. `reason` is for people."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def explain(exc: OSError) -> str:
    """Plain words for the OS errors people meet when saving."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is exceeded"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (is the folder read-only?)"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno == errno.EISDIR:
        return "a folder of that name is in the way"
    return exc.strerror or type(exc).__name__


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def keep_backup(path: Path, backup: Path) -> None:
    """Make `backup` hold the current content of `path`, atomically."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{backup.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out, path.open("rb") as source:
            while chunk := source.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        temp.replace(backup)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes, *, backup: Path | None = None, mode: int = 0o644) -> None:
    """Replace `path` with `data` atomically; optionally keep the old content at `backup`.

    Raises WriteError (with the temp file removed and `path` untouched) on any OS error.
    """
    folder = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(path, explain(exc)) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(mode)
        if backup is not None and path.is_file():
            keep_backup(path, backup)
        temp.replace(path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WriteError(path, explain(exc)) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
