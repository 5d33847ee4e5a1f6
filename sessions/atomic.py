"""Atomic file replacement: a reader sees the old file or the new one, never a torn one.

The bytes go to a temporary file created exclusively (`O_EXCL | O_NOFOLLOW`) in the
target's folder, are flushed to disk, and the temp file is renamed over the target
(`os.replace` is atomic within a filesystem); the folder is then synced so the rename
itself survives a crash. The session store, the autosave and the export writer all write
through here.

- A target that is a symbolic link is written through: the link's target is replaced,
  the link stays a link.
- An existing target keeps its permission bits and, where the OS allows it, its owner;
  a new one gets the user's umask (or the mode of `like`, for an autosave beside its
  session file).
- The temp file is removed on any failure, and `remove_live_temps` removes those of
  writes under way when the process is told to stop (a signal). A `kill -9` cannot be
  caught: the next write of the same file removes the leftovers older than the file.
- `write_atomic_at` writes a name inside an already opened folder (a descriptor), so the
  export writer can walk DIR without following links that appear while it writes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import threading
from collections.abc import Iterator
from pathlib import Path


class WriteError(Exception):
    """A file could not be written; nothing was changed. `reason` is for people."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def explain(exc: OSError, *, reading: bool = False) -> str:
    """Plain words for the OS errors people meet when saving (or, `reading`, opening)."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is exceeded"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied" if reading else "permission denied (is the folder read-only?)"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno == errno.EISDIR:
        return "a folder of that name is in the way"
    if exc.errno == errno.ENOTDIR:
        return "a file is in the way where a folder is needed"
    if exc.errno == errno.ELOOP:
        return "a symbolic link is in the way"
    if exc.errno == errno.EEXIST:
        return "already exists"
    return exc.strerror or type(exc).__name__


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC

_live_lock = threading.Lock()
_live: set[tuple[int, str]] = set()
"""Temp files being written right now: (folder descriptor, name)."""


def remove_live_temps() -> None:
    """Remove the temp files of writes under way (the process is being stopped)."""
    with _live_lock:
        for folder, name in list(_live):
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=folder)
        _live.clear()


@contextlib.contextmanager
def _temp_file(folder: int, name: str) -> Iterator[tuple[int, str]]:
    """An exclusively created temp file beside `name` in `folder`, removed unless renamed
    away (the caller renames it; a missing temp afterwards is fine)."""
    for _ in range(64):
        temp = f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(temp, _TEMP_FLAGS, 0o666, dir_fd=folder)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - 64 collisions of 32 random bits
        raise FileExistsError(errno.EEXIST, "no free temporary name", name)
    with _live_lock:
        _live.add((folder, temp))
    try:
        yield fd, temp
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)
        with _live_lock:
            _live.discard((folder, temp))
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp, dir_fd=folder)


def _leftover_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(name)}\.[A-Za-z0-9_]{{8}}\.tmp$")


def clean_leftovers(folder: int, name: str, before: float) -> int:
    """Remove temp files of earlier writes of `name` in `folder` last touched before
    `before` (the target's mtime: a write still under way is newer); how many."""
    pattern = _leftover_pattern(name)
    removed = 0
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not pattern.match(entry.name):
                continue
            with contextlib.suppress(OSError):
                if entry.stat(follow_symlinks=False).st_mtime < before:
                    os.unlink(entry.name, dir_fd=folder)
                    removed += 1
    return removed


def _stat_at(folder: int, name: str) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None


def _keep_attributes(fd: int, like: os.stat_result) -> None:
    """Give the temp file the permission bits and, where allowed, the owner of `like`."""
    os.fchmod(fd, stat.S_IMODE(like.st_mode))
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) != (like.st_uid, like.st_gid):
        with contextlib.suppress(PermissionError):
            os.fchown(fd, like.st_uid, like.st_gid)


def _fill(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def write_atomic_at(
    folder: int,
    name: str,
    data: bytes,
    *,
    backup: str | None = None,
    like: os.stat_result | None = None,
    exclusive: bool = False,
) -> None:
    """Replace the entry `name` of the open folder `folder` with `data`, atomically.

    `backup` names an entry of the same folder to receive the previous content first;
    `like` gives a new file its mode and owner; `exclusive` refuses (FileExistsError) when
    `name` exists by the time the file is put in place. Raises OSError; the temp file is
    gone either way. `name` itself is never followed: a link there is replaced.
    """
    current = _stat_at(folder, name)
    replaced = current if current is not None and stat.S_ISREG(current.st_mode) else None
    if replaced is not None:
        clean_leftovers(folder, name, replaced.st_mtime)
        if backup is not None:
            clean_leftovers(folder, backup, replaced.st_mtime)
    with _temp_file(folder, name) as (fd, temp):
        _fill(fd, data)
        model = replaced or like
        if model is not None:
            _keep_attributes(fd, model)
        if backup is not None and replaced is not None and not exclusive:
            _copy_at(folder, name, backup, replaced)
        if exclusive:
            os.link(temp, name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
        else:
            os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
    with contextlib.suppress(OSError):
        os.fsync(folder)


def _copy_at(folder: int, source: str, target: str, attributes: os.stat_result) -> None:
    """Make `target` hold the current content of `source`, atomically."""
    with _temp_file(folder, target) as (fd, temp):
        src = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
        try:
            while chunk := os.read(src, 1 << 20):
                _fill(fd, chunk)
        finally:
            os.close(src)
        _keep_attributes(fd, attributes)
        os.replace(temp, target, src_dir_fd=folder, dst_dir_fd=folder)


def real_target(path: Path) -> Path:
    """Where writing `path` lands: the file a symbolic link points to, else `path`."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write_atomic(
    path: Path,
    data: bytes,
    *,
    backup: Path | None = None,
    like: Path | None = None,
    exclusive: bool = False,
) -> None:
    """Replace `path` (through a symbolic link: its target) with `data` atomically.

    `backup`, a name beside the real target, receives the old content; `like` lends its
    mode and owner to a new file; `exclusive` refuses to replace an existing file. Raises
    WriteError, with the temp file removed and `path` untouched, on any OS error.
    """
    target = real_target(path)
    try:
        folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise WriteError(path, explain(exc)) from exc
    try:
        model = None
        if like is not None:
            with contextlib.suppress(OSError):
                model = like.stat()
        write_atomic_at(
            folder,
            target.name,
            data,
            backup=None if backup is None else backup.name,
            like=model,
            exclusive=exclusive,
        )
    except OSError as exc:
        raise WriteError(path, explain(exc)) from exc
    finally:
        os.close(folder)
