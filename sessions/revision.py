"""Session files as git holds them: the two sides of `infrasketch diff` and of Review's
"changes since git HEAD".

A side is a file on disk (`design.yaml`) or `REV:PATH`, read from git (`main:design.yaml`,
`origin/main:docs/design.yaml`, `HEAD~1:./design.yaml`). A spec naming an existing file
is that file, whatever it contains; otherwise a colon splits it into a revision and a
path, which git resolves from the repository's root (or from the current folder when it
starts with `./` or `../`).

Everything read goes through `sessions.store.loads_versioned`, so a problem in a committed
file is reported like one on disk, with `REV:PATH` as the file name, its line, column and
field. A revision that exists but holds no file at the path is not an error here:
`Loaded.session` is None, and the caller says what that means (for the base of a
comparison: a new design). Git itself runs with a time limit and no prompt; a revision
starting with `-` is refused, so it is never read as an option.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from model.session import Session
from sessions.disk import read_capped
from sessions.errors import SessionError
from sessions.store import loads_versioned
from sessions.yaml_io import MAX_BYTES

GIT_SECONDS = 30
"""The longest one git command may take."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where one side of a comparison is read from."""

    label: str
    """The side as the user wrote it, for messages and headings."""
    file: Path | None = None
    """A file on disk, or None for a revision."""
    rev: str = ""
    """The git revision (`main`, `HEAD`, a commit); empty for a file."""
    path: str = ""
    """The path inside the revision."""

    @property
    def in_git(self) -> bool:
        """Whether the side is read from git."""
        return self.file is None


@dataclass(frozen=True, slots=True)
class Loaded:
    """One side, read and validated."""

    source: Source
    session: Session | None
    """None when the revision holds no file at the path."""
    version: int | None = None
    """The schema version the file declared (before migration)."""


def parse_source(spec: str, cwd: Path | None = None) -> Source:
    """The side `spec` names: an existing file, else `REV:PATH`, else a file (missing)."""
    here = cwd or Path.cwd()
    if (here / spec).exists() or ":" not in spec:
        return Source(spec, file=Path(spec))
    rev, _, path = spec.partition(":")
    if rev.startswith("-"):
        raise SessionError.at(spec, f"{rev!r} is not a git revision")
    if not path:
        raise SessionError.at(spec, "give a path after the colon: REV:PATH, e.g. main:design.yaml")
    return Source(spec, rev=rev, path=path)


def load_source(source: Source, cwd: Path | None = None) -> Loaded:
    """Read and validate the session of `source`; SessionError when it cannot be read or
    is not a valid session (a missing file in a revision gives `session` None)."""
    if source.file is not None:
        file = source.file if cwd is None or source.file.is_absolute() else cwd / source.file
        raw, _ = read_capped(file)
        session, version = loads_versioned(raw, source.label)
        return Loaded(source, session, version)
    _git(source.label, cwd, "rev-parse", "--verify", "--quiet", f"{source.rev}^{{commit}}")
    spec = f"{source.rev}:{source.path}"
    kind = _git(source.label, cwd, "cat-file", "-t", spec, missing_ok=True)
    if kind is None:
        return Loaded(source, None)
    if kind.strip() != "blob":
        raise SessionError.at(source.label, f"is a {kind.strip()} in {source.rev}, not a file")
    size = int(_git(source.label, cwd, "cat-file", "-s", spec) or "0")
    if size > MAX_BYTES:
        raise SessionError.at(
            source.label,
            f"file is {size / 1e6:.1f} MB; session files are limited to {MAX_BYTES / 1e6:.0f} MB",
        )
    raw = _git_bytes(source.label, cwd, "cat-file", "blob", spec)
    session, version = loads_versioned(raw, source.label)
    return Loaded(source, session, version)


def committed(file: Path, rev: str = "HEAD") -> Source:
    """The version of the working file `file` in `rev` (the last commit by default)."""
    top = Path(_git(str(file), file.parent, "rev-parse", "--show-toplevel") or ".").resolve()
    try:
        inside = file.resolve().relative_to(top)
    except ValueError:
        raise SessionError.at(file, f"is not inside the git repository at {top}") from None
    return Source(f"{rev}:{inside.as_posix()}", rev=rev, path=inside.as_posix())


def working_file(source: Source, cwd: Path | None = None) -> Source:
    """The file on disk at the path of the revision `source` (`main:design.yaml` →
    `design.yaml` at the repository's root; `./` and `../` paths from the current folder)."""
    if source.file is not None:
        return source
    here = cwd or Path.cwd()
    if source.path.startswith(("./", "../")):
        file = Path(os.path.normpath(here / source.path))
    else:
        top = _git(source.label, here, "rev-parse", "--show-toplevel") or str(here)
        file = Path(top) / source.path
    try:
        shown = str(file.relative_to(here))
    except ValueError:
        shown = str(file)
    return Source(shown, file=file)


def _run(label: str, cwd: Path | None, args: tuple[str, ...]) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat"}
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            timeout=GIT_SECONDS,
            check=False,
            env=env,
        )
    except FileNotFoundError:
        raise SessionError.at(label, "cannot read from git: git is not installed") from None
    except subprocess.TimeoutExpired:
        raise SessionError.at(label, f"git did not answer within {GIT_SECONDS} s") from None


def _git_bytes(label: str, cwd: Path | None, *args: str) -> bytes:
    done = _run(label, cwd, args)
    if done.returncode != 0:
        raise SessionError.at(label, _explain(done.stderr, args))
    return done.stdout


def _git(label: str, cwd: Path | None, *args: str, missing_ok: bool = False) -> str | None:
    """git's output as text; None when `missing_ok` and the object does not exist."""
    done = _run(label, cwd, args)
    if done.returncode != 0:
        if missing_ok and _is_missing(done.stderr):
            return None
        raise SessionError.at(label, _explain(done.stderr, args))
    return done.stdout.decode("utf-8", "replace").strip()


def _is_missing(stderr: bytes) -> bool:
    text = stderr.decode("utf-8", "replace")
    # git says "does not exist in 'main'", or "exists on disk, but not in 'main'", or for
    # a path it cannot resolve at all "Not a valid object name".
    signs = ("does not exist", "but not in", "Not a valid object name")
    return any(sign in text for sign in signs) or not text.strip()


def _explain(stderr: bytes, args: tuple[str, ...]) -> str:
    """git's complaint in one line, or what a quiet failure means."""
    text = stderr.decode("utf-8", "replace").strip()
    if "not a git repository" in text:
        return "cannot read a revision: not inside a git repository"
    if not text and args[:2] == ("rev-parse", "--verify"):
        return f"{args[-1].removesuffix('^{commit}')} is not a revision of this repository"
    first = text.splitlines()[0] if text else f"git {args[0]} failed"
    return "git: " + first.removeprefix("fatal: ")
