"""Session files on disk: regular files only, other writers noticed, links and modes kept,
temp files never left behind for long, recovery by content."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from model.session import Session, replace
from sessions.atomic import clean_leftovers, write_atomic
from sessions.autosave import autosave_path, write_autosave
from sessions.disk import read_capped
from sessions.errors import SessionError
from sessions.recovery import recovery_for
from sessions.schema import SCHEMA_FILE
from sessions.store import FileChangedError, dumps, load, load_stamped, save
from sessions.yaml_io import MAX_BYTES


def renamed(session: Session, project: str) -> Session:
    return replace(session, context=session.context.evolve(project=project))


# --- what may be read ------------------------------------------------------------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(SessionError) as caught:
        load(fifo)
    assert time.monotonic() - started < 1
    assert str(caught.value) == f"{fifo}: is a named pipe (FIFO), not a session file"


def test_a_device_and_a_folder_are_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match=r"^/dev/zero: is a device, not a session file$"):
        load("/dev/zero")
    with pytest.raises(SessionError, match=r": is a folder, not a session file$"):
        load(tmp_path)


def test_at_most_the_cap_and_one_byte_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(SessionError, match="session files are limited to"):
        read_capped(big)
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"#" * MAX_BYTES)
    assert len(read_capped(exact)[0]) == MAX_BYTES


def test_an_unreadable_file_is_not_blamed_on_a_read_only_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(SessionError) as caught:
        load(missing)
    assert str(caught.value) == f"{missing}: cannot read: no such file or folder"


# --- other writers ---------------------------------------------------------------------


def test_an_outside_change_is_not_overwritten(tmp_path: Path, starter: Session) -> None:
    path = tmp_path / "design.yaml"
    save(starter, path)
    _, stamp = load_stamped(path)
    theirs = dumps(renamed(starter, "Edited elsewhere")).encode()
    path.write_bytes(theirs)
    with pytest.raises(FileChangedError, match="changed on disk since it was opened"):
        save(renamed(starter, "Mine"), path, expect=stamp)
    assert path.read_bytes() == theirs
    # The same content written again by someone else (a new inode) is no conflict.
    path.unlink()
    path.write_bytes(dumps(starter).encode())
    written = save(renamed(starter, "Mine"), path, expect=stamp)
    assert load_stamped(path)[1] == written.stamp


def test_exclusive_save_never_replaces_a_file(tmp_path: Path, starter: Session) -> None:
    path = tmp_path / "design.yaml"
    path.write_text("mine\n")
    with pytest.raises(SessionError, match="cannot save: already exists"):
        save(starter, path, exclusive=True)
    assert path.read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["design.yaml"]


# --- links, modes, owners, leftovers -----------------------------------------------------


def test_saving_through_a_link_writes_its_target(tmp_path: Path, starter: Session) -> None:
    real = tmp_path / "shared" / "design.yaml"
    real.parent.mkdir()
    save(starter, real)
    link = tmp_path / "design.yaml"
    link.symlink_to(real)
    save(renamed(starter, "Through the link"), link)
    assert link.is_symlink()
    assert load(real).context.project == "Through the link"
    assert (real.parent / "design.yaml.bak").is_file()


def test_mode_and_owner_are_kept(tmp_path: Path, starter: Session) -> None:
    path = tmp_path / "design.yaml"
    save(starter, path)
    path.chmod(0o600)
    if os.geteuid() == 0:
        os.chown(path, 1234, 1234)
    save(renamed(starter, "Private"), path)
    info = path.stat()
    assert info.st_mode & 0o777 == 0o600
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (1234, 1234)
    autosave = write_autosave(starter, path)
    assert autosave.stat().st_mode & 0o777 == 0o600, "the autosave is as private as its file"


def test_a_new_file_follows_the_umask(tmp_path: Path, starter: Session) -> None:
    old = os.umask(0o027)
    try:
        save(starter, tmp_path / "design.yaml")
    finally:
        os.umask(old)
    assert (tmp_path / "design.yaml").stat().st_mode & 0o777 == 0o640


def test_leftovers_older_than_the_file_are_removed(tmp_path: Path, starter: Session) -> None:
    path = tmp_path / "design.yaml"
    save(starter, path)
    old = tmp_path / ".design.yaml.ab12cd34.tmp"
    old.write_text("torn")
    fresh = tmp_path / ".design.yaml.ef56ab78.tmp"
    fresh.write_text("a save under way")
    other = tmp_path / ".notes.txt.ab12cd34.tmp"
    other.write_text("not ours")
    past = path.stat().st_mtime - 60
    os.utime(old, (past, past))
    os.utime(other, (past, past))
    future = time.time() + 60
    os.utime(fresh, (future, future))
    save(renamed(starter, "Again"), path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        ".design.yaml.ef56ab78.tmp",
        ".notes.txt.ab12cd34.tmp",
        *sorted(["design.yaml", "design.yaml.bak", SCHEMA_FILE]),
    ]
    folder = os.open(tmp_path, os.O_RDONLY)
    try:
        assert clean_leftovers(folder, "design.yaml", future + 1) == 1
    finally:
        os.close(folder)


def test_a_failed_write_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "sub"
    target.mkdir()
    with pytest.raises(Exception, match="folder of that name"):
        write_atomic(target, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub"]


# --- recovery by content -----------------------------------------------------------------


def test_recovery_compares_content_not_times(tmp_path: Path, starter: Session) -> None:
    path = tmp_path / "design.yaml"
    save(starter, path)
    write_autosave(renamed(starter, "Unsaved work"), path)
    # The file is touched (a checkout, an editor) after the autosave: still offered.
    future = time.time() + 60
    os.utime(path, (future, future))
    found = recovery_for(path)
    assert found is not None and found.autosave == autosave_path(path)
    # An autosave holding what the file holds is no newer work, and goes.
    write_autosave(starter, path)
    assert recovery_for(path) is None
    assert not autosave_path(path).exists()
    # Hand-written text of the same session counts as the same work.
    path.write_text("# my notes\n" + dumps(starter))
    write_autosave(starter, path)
    assert recovery_for(path) is None
