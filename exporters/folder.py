"""The export folder DIR on disk, for the bundle writer: its lock, and its subfolders
opened without following links.

- `ExportLock` makes one export at a time write into DIR: the lock file
  `.infrasketch-export.lock` is created exclusively (it holds the writer's pid and host)
  and removed when the export ends, however it ends short of `kill -9`. A lock left by a
  process of this host that no longer runs is taken over. Two exports into one folder
  used to both report "26 written" while only one bundle survived; now the second says
  which process holds the folder and fails.
- `Folders` opens DIR from the root of the file system and every folder below it one
  component at a time with `O_NOFOLLOW`, and `Folders.write` / `Folders.remove` act on
  names inside those open folders. The writer's checks that no link sits inside DIR run
  before anything is written; these descriptors make the check hold while writing, so a
  folder swapped for a symbolic link mid-export (a race) makes the write fail instead of
  landing outside DIR.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
from pathlib import Path, PurePosixPath
from types import TracebackType

from sessions.atomic import WriteError, explain, write_atomic_at

LOCK_NAME = ".infrasketch-export.lock"
"""The lock file inside DIR while an export writes there."""

_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class FolderBusyError(Exception):
    """Another export is writing into the same folder."""


def _open_no_follow(path: Path) -> int:
    """A descriptor of the folder `path` (absolute), reached without following a link."""
    fd = os.open("/", _FOLDER_FLAGS)
    try:
        for part in path.parts[1:]:
            child = os.open(part, _FOLDER_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def _unsafe(where: str, exc: OSError) -> WriteError:
    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
        return WriteError(
            Path(where), "is a symbolic link or not a folder now (it changed during the export)"
        )
    return WriteError(Path(where), explain(exc))


class Folders:
    """DIR and its subfolders, opened without following links, for one export."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            self._fds: dict[PurePosixPath, int] = {PurePosixPath(): _open_no_follow(root)}
        except OSError as exc:
            raise _unsafe(str(root), exc) from exc

    def __enter__(self) -> Folders:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for fd in self._fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds.clear()

    def folder(self, rel: PurePosixPath, *, create: bool) -> int:
        """The descriptor of folder `rel` under DIR, creating it when asked."""
        if rel in self._fds:
            return self._fds[rel]
        parent = self.folder(rel.parent, create=create)
        try:
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(rel.name, 0o777, dir_fd=parent)
            fd = os.open(rel.name, _FOLDER_FLAGS, dir_fd=parent)
        except OSError as exc:
            raise _unsafe(str(self.root / rel), exc) from exc
        self._fds[rel] = fd
        return fd

    def write(self, rel: PurePosixPath, data: bytes) -> None:
        """Replace the file `rel` atomically (a link in its place is replaced, not followed)."""
        folder = self.folder(rel.parent, create=True)
        try:
            write_atomic_at(folder, rel.name, data)
        except OSError as exc:
            raise _unsafe(str(self.root / rel), exc) from exc

    def remove(self, rel: PurePosixPath) -> None:
        """Remove the file `rel` (a link there is removed itself; its target is untouched)."""
        try:
            folder = self.folder(rel.parent, create=False)
            os.unlink(rel.name, dir_fd=folder)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise _unsafe(str(self.root / rel), exc) from exc


def _running_here(content: str) -> bool:
    """Whether the lock holder named in `content` (`pid host`) may still be running."""
    parts = content.split()
    if len(parts) != 2 or not parts[0].isdigit():
        return True  # not ours to judge: leave it
    pid, host = int(parts[0]), parts[1]
    if host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ExportLock:
    """Holds DIR for one export: `.infrasketch-export.lock`, created exclusively."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folder = -1

    def __enter__(self) -> ExportLock:
        try:
            self._folder = _open_no_follow(self.root)
        except OSError as exc:
            raise _unsafe(str(self.root), exc) from exc
        try:
            self._take()
        except BaseException:
            os.close(self._folder)
            raise
        return self

    def _take(self) -> None:
        mine = f"{os.getpid()} {socket.gethostname()}\n".encode()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        for _ in range(2):
            try:
                fd = os.open(LOCK_NAME, flags, 0o644, dir_fd=self._folder)
            except FileExistsError:
                holder = self._holder()
                if _running_here(holder):
                    who = f" (process {holder.split()[0]})" if holder else ""
                    raise FolderBusyError(
                        f"{self.root}: another export is writing into this folder{who}; "
                        f"try again when it is done (or remove {LOCK_NAME} if it is not)"
                    ) from None
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(LOCK_NAME, dir_fd=self._folder)
                continue
            except OSError as exc:
                raise WriteError(self.root, explain(exc)) from exc
            with contextlib.suppress(OSError):
                os.write(fd, mine)
            os.close(fd)
            return
        raise FolderBusyError(f"{self.root}: the export lock keeps reappearing")

    def _holder(self) -> str:
        try:
            fd = os.open(LOCK_NAME, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self._folder)
        except OSError:
            return ""
        try:
            return os.read(fd, 200).decode("utf-8", "replace").strip()
        finally:
            os.close(fd)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with contextlib.suppress(OSError):
            os.unlink(LOCK_NAME, dir_fd=self._folder)
        with contextlib.suppress(OSError):
            os.close(self._folder)
