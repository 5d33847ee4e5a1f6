"""Names of session fields: a dotted path into `Session` that can be checked and compared.

A skeptic rule names the field that fixes its finding, a workshop step the sections it
edits; both use a `SessionField`, so the step that fixes a finding is derived, never copied
into a table. The path is written as in the session file, with `[]` for "an item of this
list" and `[key=value]` for "the items whose `key` is `value`":

- `context.monthly_budget_usd`: one field of one section;
- `components[].multi_az`: the `multi_az` of a component (any of them);
- `components[category=waf]`: the WAF components (chosen in the Security step).

`resolve` walks the pydantic model fields of `Session`, so a renamed field is an error in
the test that resolves every rule's field, not a jump to nowhere. Only `resolve` needs
pydantic, and imports it: naming fields (the step table, read before the app's first
paint) does not.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Union

if TYPE_CHECKING:
    from pydantic import BaseModel

_PART = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)(?:\[(?:(?P<key>[a-z][a-z0-9_]*)=(?P<value>[a-z0-9_-]+))?\])?$"
)


class FieldPathError(ValueError):
    """A path that is malformed or names no field of `Session`."""


@dataclass(frozen=True, slots=True)
class Part:
    """One step of a path: a field, and for a list, which of its items."""

    name: str
    """The pydantic field name."""
    items: bool = False
    """Whether the path goes on into the list's items (`[]` or `[key=value]`)."""
    key: str | None = None
    """The item field that selects items (`category` in `components[category=waf]`)."""
    value: str | None = None
    """The value it must have."""

    def __str__(self) -> str:
        if self.key is not None:
            return f"{self.name}[{self.key}={self.value}]"
        return f"{self.name}[]" if self.items else self.name

    def covers(self, other: Part) -> bool:
        """Whether every field `other` names is one this part names."""
        if self.name != other.name:
            return False
        if self.key is None:
            return True
        return (self.key, self.value) == (other.key, other.value)


@dataclass(frozen=True, slots=True)
class SessionField:
    """A field (or a section, or a subset of a list) of `Session`, by path."""

    parts: tuple[Part, ...]

    @classmethod
    def parse(cls, path: str) -> SessionField:
        """The field `path` names (its syntax checked, not yet its existence)."""
        parts = []
        for text in path.split("."):
            match = _PART.match(text)
            if match is None:
                raise FieldPathError(f"{path!r}: {text!r} is not a field name")
            parts.append(Part(match["name"], "[" in text, match["key"], match["value"]))
        return cls(tuple(parts))

    def __str__(self) -> str:
        return ".".join(str(part) for part in self.parts)

    @property
    def section(self) -> str:
        """The top-level field of `Session` it is in, e.g. `context` or `components`."""
        return self.parts[0].name

    @property
    def within_section(self) -> str | None:
        """The dotted path inside its section's model (`backups.rpo_minutes` for
        `security.backups.rpo_minutes`), or None when the path goes through a list."""
        if any(part.items for part in self.parts):
            return None
        return ".".join(part.name for part in self.parts[1:])

    @property
    def selected(self) -> tuple[str, str] | None:
        """`(key, value)` of a field that is a subset of a top-level list, e.g.
        `("category", "waf")` for `components[category=waf]`."""
        first = self.parts[0]
        if len(self.parts) == 1 and first.key is not None and first.value is not None:
            return first.key, first.value
        return None

    def covers(self, other: SessionField) -> bool:
        """Whether `other` is this field or lies inside it (`components` covers
        `components[].size`; `components[category=waf]` does not)."""
        if len(other.parts) < len(self.parts):
            return False
        return all(
            mine.covers(theirs) for mine, theirs in zip(self.parts, other.parts, strict=False)
        )

    def resolve(self, root: type[BaseModel] | None = None) -> Any:
        """The annotation of the field on `root` (`Session` by default); FieldPathError
        when a part names no field, `[...]` follows no list, or a selector's value is not
        one its key can take."""
        if root is None:
            from model.session import Session

            root = Session
        current: Any = root
        for index, part in enumerate(self.parts):
            model = _model(current)
            if model is None or part.name not in model.model_fields:
                raise FieldPathError(f"{self}: {part.name!r} is not a field of {_name(current)}")
            current = model.model_fields[part.name].annotation
            if part.items:
                item = _item(current)
                if item is None:
                    raise FieldPathError(f"{self}: {part.name!r} is not a list")
                current = item
                if part.key is not None:
                    _check_selector(self, part, item)
            elif index < len(self.parts) - 1 and _model(current) is None:
                raise FieldPathError(f"{self}: {part.name!r} has no fields")
        return current


def field(path: str) -> SessionField:
    """`SessionField.parse(path)`, for tables."""
    return SessionField.parse(path)


def _check_selector(path: SessionField, part: Part, item: Any) -> None:
    model = _model(item)
    if model is None or part.key not in model.model_fields:
        raise FieldPathError(f"{path}: {part.key!r} is not a field of {_name(item)}")
    annotation: Any = model.model_fields[part.key].annotation
    from pydantic import TypeAdapter, ValidationError

    try:
        TypeAdapter(annotation).validate_python(part.value)
    except ValidationError as exc:
        raise FieldPathError(f"{path}: {part.value!r} is no {part.key}") from exc


def _unwrap(annotation: Any) -> Any:
    """The type inside `Annotated[...]` and `X | None`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel

    inner = _unwrap(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return inner
    return None


def _item(annotation: Any) -> Any:
    """The item type of a `tuple[X, ...]` (or list) annotation, else None."""
    inner = _unwrap(annotation)
    if typing.get_origin(inner) in (tuple, list):
        args = [a for a in typing.get_args(inner) if a is not Ellipsis]
        if len(args) == 1:
            return args[0]
    return None


def _name(annotation: Any) -> str:
    inner = _unwrap(annotation)
    return getattr(inner, "__name__", str(inner))
