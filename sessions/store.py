"""Load and save session files: strict YAML in, validated Session out, atomic writes.

Every failure, whatever its cause (a missing file, a FIFO, malformed YAML, a wrong type,
an unknown service, a secret value, a read-only folder, a full disk), raises one
`SessionError` listing each problem with its file, line, column and field path.

`load_stamped` also returns the file's `FileStamp`; `save` given the stamp of what was
read (or last written) refuses with `FileChangedError` when the file on disk no longer holds
it, so another writer's change is never silently overwritten. Saving writes through a
symbolic link to its target and keeps the file's mode and owner (`sessions.atomic`).

Saving writes the validated data in the stable layout of `dumps`, and puts the comments
of the file it replaces back beside their fields (`sessions.comments`); `Saved` says how
many were kept, and how many were dropped because their field is gone. The previous file
stays beside it as `<name>.bak`.

The first line of a saved session is the modeline naming the JSON Schema relatively
(`sessions.schema.MODELINE`); saving writes that schema beside the file the session's
bytes land in (through a symbolic link: beside its target), atomically and only when its
content changed. A schema that cannot be written never fails the save: `Saved` carries a
warning instead. A modeline of an older version (a URL) is replaced, never kept as a
comment.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from yaml.nodes import Node

from model.catalog import load_catalog
from model.parts import part_problems
from model.secret_scan import find_secret
from model.session import Session
from sessions.atomic import WriteError, real_target, write_atomic
from sessions.comments import read_comments, with_comments
from sessions.disk import FileStamp, read_capped
from sessions.errors import SessionError, SessionProblem, dotted, shown_key
from sessions.migrations import MigrationError, file_location, file_version, migrate
from sessions.schema import MODELINE, SCHEMA_FILE, is_modeline, schema_text
from sessions.yaml_io import MAX_BYTES, YamlError, decode, dump, locate, parse, scalars


def backup_path(path: Path) -> Path:
    """Where the previous version of `path` is kept: `<name>.bak` beside it."""
    return path.with_name(path.name + ".bak")


class FileChangedError(SessionError):
    """The file on disk changed since it was read or last written here."""


def load(path: str | Path) -> Session:
    """Read, migrate and validate the session at `path`."""
    return load_stamped(path)[0]


def load_stamped(path: str | Path) -> tuple[Session, FileStamp]:
    """The session at `path` and the stamp of the bytes it was read from."""
    raw, stamp = read_capped(path)
    return loads(raw, str(path)), stamp


def loads(raw: bytes | str, name: str = "<session>") -> Session:
    """Parse and validate session text; `name` is used in error messages."""
    return loads_versioned(raw, name)[0]


def loads_versioned(raw: bytes | str, name: str = "<session>") -> tuple[Session, int]:
    """`loads`, and the schema version the text declared before it was migrated (a
    comparison of two files says when one was migrated to the other's version)."""
    if len(raw) > MAX_BYTES:
        raise SessionError.at(name, f"more than {MAX_BYTES // 1_000_000} MB")
    try:
        text = decode(raw) if isinstance(raw, bytes) else raw
        data, root = parse(text)
    except YamlError as exc:
        raise SessionError.at(name, exc.message, exc.line, exc.column) from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        line, column = (1, 1) if root is None else locate(root, ())
        raise SessionError.at(
            name, f"expected a mapping of sections at the top, got {kind}", line, column
        )
    secret_problems = _secret_values(root, name)
    version = file_version(data)
    try:
        data = migrate(data)
    except MigrationError as exc:
        line, column = locate(root, ("schema_version",))
        raise SessionError.at(name, str(exc), line, column, "schema_version") from None
    try:
        session = Session.model_validate(data)
    except ValidationError as exc:
        problems = _validation_problems(exc, root, name, version)
        problems = _with_part_problems(problems, data, root, name, version)
        flagged = {p.path for p in secret_problems}
        raise SessionError(
            secret_problems + [p for p in problems if p.path not in flagged]
        ) from None
    if secret_problems:
        raise SessionError(secret_problems)
    return session, version


def _secret_values(root: Node | None, name: str) -> list[SessionProblem]:
    problems = []
    for loc, node in scalars(root):
        kind = find_secret(node.value)
        if kind is not None:
            problems.append(
                SessionProblem(
                    name,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    dotted(loc),
                    f"looks like a secret value ({kind}); keep the value in the secrets "
                    "manager and only its name here",
                )
            )
    return problems


def _with_part_problems(
    problems: list[SessionProblem], data: dict[str, Any], root: Node | None, name: str, version: int
) -> list[SessionProblem]:
    """`problems` and the cross-section problems of the parts of `data` that are valid (an
    unknown service beside a wrong team size), in file order; none twice for one field."""
    found = {p.path for p in problems}
    for loc, message in part_problems(data, load_catalog()):
        path = dotted(loc)
        if path not in found:
            found.add(path)
            line, column = locate(root, file_location(loc, version))
            problems.append(SessionProblem(name, line, column, path, message))
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def _validation_problems(
    exc: ValidationError, root: Node | None, name: str, version: int
) -> list[SessionProblem]:
    problems = []
    for error in exc.errors(include_input=False, include_url=False):
        loc = tuple(error["loc"])
        line, column = locate(root, file_location(loc, version))
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = _unknown_field(loc)
        elif error["type"] == "too_long":
            context = error.get("ctx", {})
            message = (
                f"{context.get('actual_length', 0):,} items; a design holds at most "
                f"{context.get('max_length', 0):,}"
            )
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        problems.append(SessionProblem(name, line, column, dotted(loc), message))
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class whose field `loc` names, following nested models and tuples."""
    model: type[BaseModel] = Session
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        nested = _nested_model(field.annotation)
        if nested is None:
            return None
        model = nested
    return model


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _unknown_field(loc: tuple[str | int, ...]) -> str:
    """Say a key is unknown, suggesting the field it most resembles."""
    model = _model_at(loc[:-1])
    name = str(loc[-1])
    if model is not None:
        close = difflib.get_close_matches(name, list(model.model_fields), n=1)
        if close:
            return f"unknown field {shown_key(name)!r}; did you mean {close[0]!r}?"
    return f"unknown field {shown_key(name)!r} (`infrasketch schema` lists the fields)"


def dumps(session: Session) -> str:
    """The text of a session file: modeline, then every section in a stable order."""
    data: dict[str, Any] = session.model_dump(mode="json")
    return MODELINE + dump(data)


@dataclass(frozen=True, slots=True)
class Saved:
    """What a save wrote."""

    stamp: FileStamp
    """The stamp of the file as written."""
    comments_kept: int = 0
    """Comments of the replaced file put back beside their fields."""
    comments_dropped: int = 0
    """Comments of the replaced file whose field is no longer in the session."""
    schema_warning: str | None = None
    """Why the schema the modeline names could not be written beside the session (the
    session itself was saved)."""


def save(
    session: Session,
    path: str | Path,
    *,
    expect: FileStamp | None = None,
    exclusive: bool = False,
) -> Saved:
    """Write `session` to `path` atomically, keeping the previous file as `<name>.bak` and
    its comments beside their fields.

    With `expect`, the file must still hold what that stamp says (or be gone): otherwise
    `FileChangedError` is raised and nothing is written. With `exclusive`, an existing
    file is never replaced.
    """
    file = Path(path)
    previous = _previous(file)
    if expect is None:
        changed = False
    elif previous is None:
        changed = file.exists()  # something that is no session file is there now
    else:
        changed = previous[1].sha256 != expect.sha256
    if changed:
        raise FileChangedError.at(
            file,
            "changed on disk since it was opened here (another program or person saved "
            "it); not overwritten",
        )
    text = dumps(session)
    kept = dropped = 0
    if previous is not None and not exclusive:
        text, kept, dropped = _carry_comments(session, text, previous[0])
    data = text.encode("utf-8")
    target = real_target(file)
    try:
        write_atomic(file, data, backup=backup_path(target), exclusive=exclusive)
        info = target.stat()
    except WriteError as exc:
        raise SessionError.at(path, f"cannot save: {exc.reason}") from None
    except OSError as exc:
        raise SessionError.at(path, f"cannot save: {exc.strerror}") from None
    return Saved(FileStamp.of(data, info), kept, dropped, write_schema_beside(target))


def schema_path(path: Path) -> Path:
    """Where the schema named by the modeline of the session file `path` is written."""
    return real_target(path).with_name(SCHEMA_FILE)


def write_schema_beside(path: Path) -> str | None:
    """Write the schema beside the session file `path` unless it already holds it; None,
    or why it could not be written (for a warning: the session is saved either way)."""
    file = schema_path(path)
    data = schema_text().encode("utf-8")
    try:
        if file.is_file() and file.read_bytes() == data:
            return None
    except OSError:
        pass  # unreadable: try to replace it, and say so if that fails too
    try:
        write_atomic(file, data, like=path)
    except WriteError as exc:
        return (
            f"the schema editors check the session with was not written to {file} "
            f"({exc.reason}); the session itself is saved"
        )
    return None


def _previous(file: Path) -> tuple[bytes, FileStamp] | None:
    """The file about to be replaced and its stamp; None when there is none to read (a
    file that exists but cannot be read is for the write itself to report)."""
    try:
        return read_capped(file)
    except SessionError:
        return None


def _carry_comments(session: Session, text: str, previous: bytes) -> tuple[str, int, int]:
    """`text` with the comments of `previous`; how many were kept and dropped."""
    try:
        comments = read_comments(previous.decode("utf-8"), skip=is_modeline)
    except UnicodeDecodeError:
        return text, 0, 0
    if not comments:
        return text, 0, 0
    carried, dropped = with_comments(text, comments)
    try:
        same = loads(carried) == session
    except SessionError:
        same = False
    if not same:  # never expected: the plain text is always right
        return text, 0, len(comments)
    return carried, len(comments) - dropped, dropped
