"""Every text field of a session, found by walking the model, and a way to put text in it.

The injection and secret figures place hostile text in each string field a session has,
so the list comes from the model classes rather than from a list that a new field would
escape. `full_session()` is a design in which every one of those fields occurs at least
once; `text_fields` walks its data beside the model and returns one `TextField` per
place, and `unreached` names any string field of the model it did not find.
"""

from __future__ import annotations

import copy
import enum
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from model.base import ONE_LINE, PROSE
from model.sections.pipeline import RUNS_AS_CODE
from model.session import Session
from sessions.bundled import load_example

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class TextField:
    """One string field of the session's models, and every place it occurs in a design."""

    owner: type[BaseModel]
    """The model class the field belongs to."""
    name: str
    """The field's name in that model."""
    locs: tuple[Loc, ...]
    """Where it occurs in the design's data, e.g. `("components", 0, "name")`."""
    prose: bool
    """Multi-line free text (`model.base.PROSE`) rather than a one-line field."""
    code: bool
    """A command the pipeline runs as written: code by design (`RUNS_AS_CODE`)."""

    @property
    def dotted(self) -> str:
        """Its first location as a field path: `components[0].name`."""
        out = ""
        for part in self.locs[0]:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out

    @property
    def label(self) -> str:
        """`Model.field`."""
        return f"{self.owner.__name__}.{self.name}"


def _options(annotation: Any) -> Iterator[Any]:
    """The types an annotation allows, through `Optional`, unions, tuples and `Annotated`
    (an `Annotated` string is yielded whole, so its checks can be read)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base = get_args(annotation)[0]
        if _model(base) is not None or get_origin(base) in (Union, types.UnionType, tuple):
            yield from _options(base)
        else:
            yield annotation
        return
    if origin in (Union, types.UnionType, tuple):
        for arg in get_args(annotation):
            if arg is not Ellipsis and arg is not type(None):
                yield from _options(arg)
        return
    yield annotation


def _base(annotation: Any) -> Any:
    return get_args(annotation)[0] if get_origin(annotation) is Annotated else annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    base = _base(annotation)
    return base if isinstance(base, type) and issubclass(base, BaseModel) else None


def _is_text(annotation: Any) -> bool:
    base = _base(annotation)
    return base is str and not isinstance(base, enum.EnumMeta)


def _metadata(owner: type[BaseModel], name: str, option: Any) -> tuple[Any, ...]:
    """The checks on a string field: pydantic keeps a field's own `Annotated` extras in
    `metadata`, and those of a tuple's items inside the item type."""
    if get_origin(option) is Annotated:
        return tuple(get_args(option)[1:])
    return tuple(owner.model_fields[name].metadata)


def _string_option(owner: type[BaseModel], name: str) -> Any | None:
    for option in _options(owner.model_fields[name].annotation):
        if _is_text(option):
            return option
    return None


def checks_of(owner: type[BaseModel], name: str) -> tuple[bool, bool, bool]:
    """(carries ONE_LINE or PROSE, carries PROSE, is a Command) for a string field."""
    option = _string_option(owner, name)
    if option is None:
        raise ValueError(f"{owner.__name__}.{name} is not a text field")
    metadata = _metadata(owner, name, option)
    return ONE_LINE in metadata or PROSE in metadata, PROSE in metadata, RUNS_AS_CODE in metadata


def string_fields(model: type[BaseModel] = Session) -> set[tuple[type[BaseModel], str]]:
    """Every (model, field) of the session's models whose value is text."""
    found: set[tuple[type[BaseModel], str]] = set()
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, field in current.model_fields.items():
            if name == "schema_version":
                continue
            for option in _options(field.annotation):
                nested = _model(option)
                if nested is not None:
                    todo.append(nested)
                elif _is_text(option):
                    found.add((current, name))
    return found


def text_fields(data: dict[str, Any], model: type[BaseModel] = Session) -> list[TextField]:
    """Every string field of the model, with the places it occurs in `data` (a design's
    data), in the order first met; fields `data` never holds are left out (`unreached`)."""
    places: dict[tuple[type[BaseModel], str], list[Loc]] = {}

    def walk(value: dict[str, Any], owner: type[BaseModel], loc: Loc) -> None:
        for name, field in owner.model_fields.items():
            here = value.get(name)
            if here is None or name == "schema_version":
                continue
            for option in _options(field.annotation):
                nested = _model(option)
                if nested is not None and isinstance(here, list):
                    for i, item in enumerate(here):
                        walk(item, nested, (*loc, name, i))
                elif nested is not None and isinstance(here, dict):
                    walk(here, nested, (*loc, name))
                elif _is_text(option) and isinstance(here, list):
                    places.setdefault((owner, name), []).extend(
                        (*loc, name, i) for i in range(len(here))
                    )
                elif _is_text(option) and isinstance(here, str):
                    places.setdefault((owner, name), []).append((*loc, name))
                else:
                    continue
                break

    walk(data, model, ())
    found = []
    for (owner, name), locs in places.items():
        if locs:
            _, prose, code = checks_of(owner, name)
            found.append(TextField(owner, name, tuple(locs), prose, code))
    return found


def unreached(fields: list[TextField]) -> set[str]:
    """String fields of the model that `fields` never reaches, as `Model.field`."""
    reached = {(f.owner, f.name) for f in fields}
    return {f"{m.__name__}.{n}" for m, n in string_fields() - reached}


def place(data: dict[str, Any], field: TextField, text: str) -> dict[str, Any]:
    """A copy of session data `data` with `text` at every place of `field`."""
    out = copy.deepcopy(data)
    for loc in field.locs:
        here: Any = out
        for part in loc[:-1]:
            here = here[part]
        here[loc[-1]] = text
    return out


def full_session() -> dict[str, Any]:
    """The data of a design in which every string field of a session occurs at least once:
    the Azure example, with what it leaves empty filled in."""
    data: dict[str, Any] = load_example("b2b-platform-azure").model_dump(mode="json")
    data["components"][0]["network"] = "core"
    data["context"]["docs_url"] = "https://docs.example.com/architecture/"
    data["decisions"][0].update(options=["Managed", "Self-run"], finding="single-az-database")
    data["price_overrides"] = [
        {"service": data["components"][0]["service"], "price_usd": 10, "source": "quote"}
    ]
    data["price_overrides"][0]["as_of"] = "2026-01-31"
    data["deployment"]["steps"] = ["Deploy the new version"]
    data["deployment"]["rollback"]["steps"] = ["Switch traffic back"]
    data["deployment"]["migrations"]["tool"] = "flyway"
    data["deployment"]["checklist"] = [{"text": "Backups verified", "done": True}]
    data["pipeline"]["build"]["frontend_command"] = "npm run build"
    data["incidents"]["status_page"] = "https://status.example.com"
    for secret in data["security"]["secrets"][:1]:
        secret.update(owner="platform team", description="database password")
    data["monitoring"]["dashboards"] = [
        {"name": "Service health", "kind": "realtime", "url": "https://grafana.example.com/d/1"}
    ]
    data["monitoring"]["business_metrics"] = ["Orders per hour"]
    data["pipeline"]["design_review"]["fail_on"] = ["cost-increase>10%"]
    data["components"].append(
        {
            "id": "acquirer",
            "name": "Card acquirer",
            "category": "external",
            "service": "external-system",
            "external": {"protocol": "ISO 8583 over TLS", "direction": "outbound"},
        }
    )
    return data
