"""Load and save session files: strict YAML in, validated Session out, atomic writes.

Every failure, whatever its cause (a missing file, malformed YAML, a wrong type, an
unknown service, a secret value, a read-only folder, a full disk), raises one
`SessionError` listing each problem with its file, line, column and field path.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from yaml.nodes import Node

from model.secret_scan import find_secret
from model.session import Session
from sessions.atomic import WriteError, explain, write_atomic
from sessions.errors import SessionError, SessionProblem, dotted
from sessions.migrations import MigrationError, file_location, file_version, migrate
from sessions.schema import SCHEMA_URL
from sessions.yaml_io import MAX_BYTES, YamlError, decode, dump, locate, parse, scalars

MODELINE = f"# yaml-language-server: $schema={SCHEMA_URL}\n"
"""First line of every saved session: editors validate and complete the file with it."""


def backup_path(path: Path) -> Path:
    """Where the previous version of `path` is kept: `<name>.bak` beside it."""
    return path.with_name(path.name + ".bak")


def load(path: str | Path) -> Session:
    """Read, migrate and validate the session at `path`."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise SessionError.at(
                path,
                f"file is {size / 1e6:.1f} MB; session files are limited to "
                f"{MAX_BYTES / 1e6:.0f} MB",
                1,
                1,
            )
        raw = file.read_bytes()
    except OSError as exc:
        raise SessionError.at(path, f"cannot read: {explain(exc)}") from None
    return loads(raw, str(path))


def loads(raw: bytes | str, name: str = "<session>") -> Session:
    """Parse and validate session text; `name` is used in error messages."""
    if isinstance(raw, bytes) and len(raw) > MAX_BYTES:
        raise SessionError.at(name, f"more than {MAX_BYTES // 1_000_000} MB", 1, 1)
    try:
        text = decode(raw) if isinstance(raw, bytes) else raw
        data, root = parse(text)
    except YamlError as exc:
        raise SessionError.at(name, exc.message, exc.line, exc.column) from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise SessionError.at(name, f"expected a mapping of sections at the top, got {kind}", 1, 1)
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
        flagged = {p.path for p in secret_problems}
        raise SessionError(
            secret_problems + [p for p in problems if p.path not in flagged]
        ) from None
    if secret_problems:
        raise SessionError(secret_problems)
    return session


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
            return f"unknown field {name!r}; did you mean {close[0]!r}?"
    return f"unknown field {name!r} (`infrasketch schema` lists the fields)"


def dumps(session: Session) -> str:
    """The text of a session file: modeline, then every section in a stable order."""
    data: dict[str, Any] = session.model_dump(mode="json")
    return MODELINE + dump(data)


def save(session: Session, path: str | Path) -> None:
    """Write `session` to `path` atomically, keeping the previous file as `<name>.bak`."""
    file = Path(path)
    try:
        write_atomic(file, dumps(session).encode("utf-8"), backup=backup_path(file))
    except WriteError as exc:
        raise SessionError.at(path, f"cannot save: {exc.reason}") from None
