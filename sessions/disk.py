"""Reading a session file from disk, and knowing whether it changed since.

`read_capped` reads regular files only, and at most `MAX_BYTES` + 1 bytes of them: a
FIFO, a device (`/dev/zero`), a folder or a socket is refused by name before a byte is
read (a FIFO is opened without waiting for a writer), and a file that grows past the cap
while it is read is refused at the cap.

`FileStamp` is what the store remembers of a file it read or wrote: its content hash and
its inode. Saving compares it with the file on disk, so a change made by another program
or person since (an editor, `git checkout`, a second infrasketch) is noticed instead of
silently overwritten, and recovery compares contents, not modification times.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from sessions.atomic import explain
from sessions.errors import SessionError
from sessions.yaml_io import MAX_BYTES

_KINDS = (
    (stat.S_ISDIR, "is a folder, not a session file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a session file"),
    (stat.S_ISCHR, "is a device, not a session file"),
    (stat.S_ISBLK, "is a device, not a session file"),
    (stat.S_ISSOCK, "is a socket, not a session file"),
)


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What a session file held when it was read or written."""

    sha256: str
    """Hash of the file's bytes."""
    device: int
    """The device of its inode."""
    inode: int
    """Its inode: a changed inode with the same hash is a rewrite of the same content."""

    @classmethod
    def of(cls, raw: bytes, info: os.stat_result) -> FileStamp:
        """The stamp of content `raw` in the file described by `info`."""
        return cls(hashlib.sha256(raw).hexdigest(), info.st_dev, info.st_ino)


def _too_large(size: int) -> str:
    return f"file is {size / 1e6:.1f} MB; session files are limited to {MAX_BYTES / 1e6:.0f} MB"


def read_capped(path: str | Path) -> tuple[bytes, FileStamp]:
    """The bytes of the regular file at `path` (at most `MAX_BYTES`) and its stamp.

    Raises SessionError naming the file when it is not a regular file, too large, or
    cannot be read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise SessionError.at(path, f"cannot read: {explain(exc, reading=True)}") from None
    try:
        info = os.fstat(fd)
        for test, words in _KINDS:
            if test(info.st_mode):
                raise SessionError.at(path, words)
        if not stat.S_ISREG(info.st_mode):
            raise SessionError.at(path, "is not a regular file")
        if info.st_size > MAX_BYTES:
            raise SessionError.at(path, _too_large(info.st_size))
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_BYTES and (chunk := os.read(fd, MAX_BYTES + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_BYTES:
            raise SessionError.at(path, _too_large(total))
    except OSError as exc:
        raise SessionError.at(path, f"cannot read: {explain(exc, reading=True)}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    return raw, FileStamp.of(raw, info)


def current_stamp(path: Path) -> FileStamp | None:
    """The stamp of the file at `path` now; None when there is no readable file there."""
    try:
        return read_capped(path)[1]
    except SessionError:
        return None
