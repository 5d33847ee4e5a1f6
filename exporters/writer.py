"""The one place a bundle touches the disk: safe, atomic, and honest about what it did.

Protections, all decided before the first byte is written:
- DIR is resolved; every path is relative, without `..`, and lands inside it;
- no symlink may sit anywhere on the way to a file inside DIR (a planted link could
  point outside) — refused even with `force`;
- a file that exists and differs from what the session produces may only be replaced
  when the previous export wrote it (it is in the previous `manifest.json`) and nobody
  edited it since (its hash still matches); otherwise it is refused unless `force`;
- when anything is refused, nothing is written and every refusal is reported.
While writing, one export at a time holds DIR (`exporters.folder.ExportLock`), and every
file is written and removed through folders opened without following links
(`exporters.folder.Folders`), so a folder swapped for a link after the checks makes the
export fail instead of writing outside DIR. Files are replaced atomically and the
manifest is written last; if writing stops half-way the manifest still records what was
written. A file the previous manifest lists that the session no longer produces is
removed only when the manifest wrote it: its path is one the bundle can produce and its
content still has the recorded hash (a manifest edited in a pull request cannot make an
export delete anything else). `check` writes nothing and reports what differs, is
missing or is stale, and takes no lock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from exporters.bundle import (
    MANIFEST,
    digest,
    kind_of,
    manifest,
    parse_manifest,
    render_files,
    skipped_for,
)
from exporters.folder import ExportLock, FolderBusyError, Folders
from model.analysis import Analysis
from model.session import Session
from sessions.atomic import WriteError, explain

Status = Literal[
    "written", "unchanged", "removed", "kept", "refused", "held", "missing", "differs", "stale"
]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened (or, in check mode, what would have to happen) to one file."""

    path: str
    """The file's path relative to DIR."""
    status: Status
    """written / unchanged / removed / kept (listed by the previous manifest, no longer
    exported, left in place) / refused / held (not written because of a refusal); in
    check mode: unchanged / missing / differs / stale / refused."""
    reason: str = ""
    """Why, in words (for refusals and stale files)."""

    def __str__(self) -> str:
        return f"{self.status:<9} {self.path}" + (f": {self.reason}" if self.reason else "")


@dataclass(frozen=True, slots=True)
class ExportResult:
    """Every file's outcome, for the CLI and the TUI."""

    root: Path
    """The resolved export folder."""
    check: bool
    """Whether this was a check (nothing written)."""
    outcomes: tuple[FileOutcome, ...] = field(default_factory=tuple)
    """One entry per file considered, in bundle order."""

    @property
    def refused(self) -> tuple[FileOutcome, ...]:
        """Files that block the export."""
        return tuple(o for o in self.outcomes if o.status == "refused")

    @property
    def out_of_date(self) -> tuple[FileOutcome, ...]:
        """In check mode: files that differ from what the session produces."""
        return tuple(o for o in self.outcomes if o.status in ("missing", "differs", "stale"))

    @property
    def ok(self) -> bool:
        """Exported (or, in check mode, up to date) with nothing refused."""
        return not self.refused and not (self.check and self.out_of_date)


class ExportError(Exception):
    """The export folder itself is unusable (not a folder, not creatable)."""


OnFile = Callable[[FileOutcome], None]


def safe_relpath(path: str) -> PurePosixPath | None:
    """`path` as a relative path that stays inside its folder, or None if it escapes."""
    if not path or "\\" in path or "\x00" in path:
        return None
    rel = PurePosixPath(path)
    if rel.is_absolute() or any(part in ("", ".", "..") for part in rel.parts):
        return None
    return rel


def _obstacle(root: Path, rel: PurePosixPath) -> str | None:
    """Why writing `rel` under `root` is unsafe (a symlink or a file in the way), or None."""
    current = root
    for i, part in enumerate(rel.parts):
        current = current / part
        if current.is_symlink():
            return f"{current.relative_to(root)} is a symbolic link; links inside DIR are refused"
        last = i == len(rel.parts) - 1
        if not last and current.exists() and not current.is_dir():
            return f"{current.relative_to(root)} is a file where a folder is needed"
        if last and current.is_dir():
            return "a folder of that name is in the way"
    resolved = (root / rel).resolve()
    if not resolved.is_relative_to(root):
        return "resolves outside DIR"
    return None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def _resolve_root(out_dir: str | Path) -> Path:
    root = Path(out_dir).expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise ExportError(f"{out_dir}: exists and is not a folder")
    return root


def _previous(root: Path) -> tuple[dict[str, dict[str, str]] | None, bytes | None]:
    path = root / MANIFEST
    if path.is_symlink():
        return None, None
    raw = _read(path)
    return (parse_manifest(raw) if raw is not None else None), raw


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything decided before writing."""

    root: Path
    files: dict[str, bytes]
    skipped: dict[str, str]
    previous: dict[str, dict[str, str]] | None
    previous_raw: bytes | None
    in_scope: dict[str, dict[str, str]]
    carried: dict[str, dict[str, str]]


def _plan(
    analysis: Analysis, out_dir: str | Path, only: Iterable[str] | None
) -> tuple[_Plan, bytes]:
    root = _resolve_root(out_dir)
    kinds = None if only is None else set(only)
    files, _ = render_files(analysis, kinds)
    skipped = skipped_for(analysis.session)
    previous, raw = _previous(root) if root.is_dir() else (None, None)
    prev = previous or {}
    in_scope = {p: e for p, e in prev.items() if kinds is None or e.get("kind") in kinds}
    carried = {p: e for p, e in prev.items() if p not in in_scope and safe_relpath(p) is not None}
    plan = _Plan(root, files, skipped, previous, raw, in_scope, carried)
    return plan, manifest(analysis.session, files, skipped, carried)


def export_bundle(
    analysis: Analysis,
    out_dir: str | Path,
    *,
    only: Iterable[str] | None = None,
    force: bool = False,
    check: bool = False,
    on_file: OnFile | None = None,
) -> ExportResult:
    """Write (or with `check`, compare) the analysed session's bundle under `out_dir`.

    `only` limits the export to some kinds (the manifest keeps the other kinds' entries);
    `on_file` is called with each file's outcome as it is settled (for progress displays).
    Raises ExportError when DIR is unusable or another export is writing into it, and
    WriteError when the disk refuses a write.
    """
    if check:
        return _export(analysis, out_dir, only, force=False, check=True, on_file=on_file)
    root = _resolve_root(out_dir)
    created = not root.exists()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{out_dir}: cannot be created ({explain(exc)})") from exc
    try:
        with ExportLock(root):
            result = _export(analysis, root, only, force=force, check=False, on_file=on_file)
    except FolderBusyError as exc:
        raise ExportError(str(exc)) from None
    finally:
        if created:
            with suppress(OSError):
                root.rmdir()  # only when nothing was written into the new folder
    return result


def _export(
    analysis: Analysis,
    out_dir: str | Path,
    only: Iterable[str] | None,
    *,
    force: bool,
    check: bool,
    on_file: OnFile | None,
) -> ExportResult:
    try:
        plan, new_manifest = _plan(analysis, out_dir, only)
        outcomes = _check(plan, new_manifest) if check else _decide_all(plan, new_manifest, force)
    except OSError as exc:  # the folder changed under the checks (a race)
        raise WriteError(Path(out_dir), explain(exc)) from exc
    if check or any(o.status == "refused" for o in outcomes):
        if not check:
            outcomes = [
                o
                if o.status in ("refused", "unchanged")
                else FileOutcome(o.path, "held", "nothing written because of the refusals")
                for o in outcomes
            ]
        for o in outcomes:
            if on_file:
                on_file(o)
        return ExportResult(plan.root, check, tuple(outcomes))
    _apply(analysis.session, plan, outcomes, on_file)
    return ExportResult(plan.root, False, tuple(outcomes))


def _decide_all(plan: _Plan, new_manifest: bytes, force: bool) -> list[FileOutcome]:
    prev = plan.previous or {}
    outcomes = [_decide(plan.root, path, data, prev, force) for path, data in plan.files.items()]
    for path, entry in plan.in_scope.items():
        if path not in plan.files and (stale := _decide_stale(plan.root, path, entry, force)):
            outcomes.append(stale)
    outcomes.append(_decide_manifest(plan, new_manifest, force))
    return outcomes


def _decide(
    root: Path, path: str, data: bytes, prev: dict[str, dict[str, str]], force: bool
) -> FileOutcome:
    rel = safe_relpath(path)
    if rel is None:
        return FileOutcome(path, "refused", "the name escapes DIR")
    obstacle = _obstacle(root, rel)
    if obstacle:
        return FileOutcome(path, "refused", obstacle)
    current = _read(root / rel)
    if current is None:
        return FileOutcome(path, "written", "new")
    if current == data:
        return FileOutcome(path, "unchanged")
    entry = prev.get(path)
    if entry is not None and entry["sha256"] == digest(current):
        return FileOutcome(path, "written", "updated")
    if force:
        return FileOutcome(path, "written", "overwritten (--force)")
    if entry is None:
        return FileOutcome(
            path, "refused", "exists and was not written by the last export (--force overwrites it)"
        )
    return FileOutcome(
        path, "refused", "edited by hand since the last export (--force overwrites it)"
    )


def _decide_stale(root: Path, path: str, entry: dict[str, str], force: bool) -> FileOutcome | None:
    rel = safe_relpath(path)
    if rel is None:
        return FileOutcome(path, "refused", "the previous manifest names a path outside DIR")
    obstacle = _obstacle(root, rel)
    if obstacle:
        return FileOutcome(path, "refused", obstacle)
    current = _read(root / rel)
    if current is None:
        return None
    if kind_of(path) is None:
        # No exporter writes such a file: the manifest did not write it either.
        return FileOutcome(
            path, "kept", "listed by the previous manifest, but no export writes it; left alone"
        )
    if digest(current) != entry["sha256"]:
        if not force:
            return FileOutcome(
                path,
                "refused",
                "no longer exported, but edited by hand (--force leaves it and stops tracking it)",
            )
        return FileOutcome(path, "kept", "no longer exported, edited by hand; left in place")
    return FileOutcome(path, "removed", "no longer part of the export")


def _decide_manifest(plan: _Plan, data: bytes, force: bool) -> FileOutcome:
    obstacle = _obstacle(plan.root, PurePosixPath(MANIFEST))
    if obstacle:
        return FileOutcome(MANIFEST, "refused", obstacle)
    if plan.previous_raw is None:
        return FileOutcome(MANIFEST, "written", "new")
    if plan.previous is None and not force:
        return FileOutcome(
            MANIFEST, "refused", "exists and is not an infrasketch manifest (--force overwrites it)"
        )
    if same_manifest(plan.previous_raw, data):
        return FileOutcome(MANIFEST, "unchanged")
    return FileOutcome(MANIFEST, "written", "updated")


def same_manifest(a: bytes, b: bytes) -> bool:
    """Equal apart from the tool version (a new release producing the same files is current)."""
    try:
        da, db = json.loads(a), json.loads(b)
    except ValueError:
        return False
    if not (isinstance(da, dict) and isinstance(db, dict)):
        return False
    da.pop("generator", None)
    db.pop("generator", None)
    return bool(da == db)


def _check(plan: _Plan, new_manifest: bytes) -> list[FileOutcome]:
    """Compare without writing: missing, differs, stale (and unsafe paths as refused)."""
    outcomes = []
    for path, data in [*plan.files.items(), (MANIFEST, new_manifest)]:
        rel = safe_relpath(path)
        obstacle = "the name escapes DIR" if rel is None else _obstacle(plan.root, rel)
        if obstacle or rel is None:
            outcomes.append(FileOutcome(path, "refused", obstacle or ""))
            continue
        current = _read(plan.root / rel)
        same = current is not None and (
            same_manifest(current, data) if path == MANIFEST else current == data
        )
        status: Status = "missing" if current is None else "unchanged" if same else "differs"
        outcomes.append(FileOutcome(path, status))
    for path in plan.in_scope:
        rel = safe_relpath(path)
        if path not in plan.files and rel is not None and (plan.root / rel).is_file():
            outcomes.append(
                FileOutcome(path, "stale", "the last export wrote it; the session no longer does")
            )
    return outcomes


def _apply(
    session: Session, plan: _Plan, outcomes: list[FileOutcome], on_file: OnFile | None
) -> None:
    """Write and remove files, then the manifest; after a failure, record what was done."""
    root = plan.root
    done = {
        o.path: plan.files[o.path]
        for o in outcomes
        if o.status == "unchanged" and o.path in plan.files
    }
    with Folders(root) as folders:
        try:
            for o in outcomes:
                if o.path == MANIFEST:
                    continue
                rel = PurePosixPath(o.path)
                if o.status == "written":
                    folders.write(rel, plan.files[o.path])
                    done[o.path] = plan.files[o.path]
                elif o.status == "removed":
                    folders.remove(rel)
                if on_file:
                    on_file(o)
            final = next(o for o in outcomes if o.path == MANIFEST)
            if final.status != "unchanged":
                folders.write(
                    PurePosixPath(MANIFEST),
                    manifest(session, plan.files, plan.skipped, plan.carried),
                )
            if on_file:
                on_file(final)
        except (OSError, WriteError) as exc:
            _record_partial(session, plan, done, folders)
            if isinstance(exc, WriteError):
                raise
            raise WriteError(root, explain(exc)) from exc


def _record_partial(
    session: Session, plan: _Plan, done: dict[str, bytes], folders: Folders
) -> None:
    """A manifest of what is on disk after a failed export (old entries where not rewritten)."""
    keep = dict(plan.carried)
    prev = plan.previous or {}
    for path in plan.files:
        if path not in done and path in prev:
            keep[path] = prev[path]
    with suppress(WriteError):
        folders.write(PurePosixPath(MANIFEST), manifest(session, done, plan.skipped, keep))
