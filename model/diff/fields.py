"""Field-by-field differences of two session parts, as a reviewer reads them.

`field_changes` walks the plain (JSON) data of two models side by side and lists each
value that differs with its dotted path. Lists of records are matched by the record's
key (`environments[staging]`, `monitoring.thresholds[cpu].warning`,
`decisions[adr-004]`), so a dropped environment is one removed record, not every later
one shifted; lists without a key (regions, trigger branches) are compared whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

KEYS = ("id", "name", "metric", "level", "service", "control", "text")
"""Fields that identify a record in a list, tried in this order."""

Value = Any
"""A JSON value: None, bool, number, string, list or dict."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One value that differs between the base and the head."""

    path: str
    """Dotted path from the part compared, e.g. `multi_az`, `environments[staging]`."""
    before: Value
    """The base's value; None when the field or record is new."""
    after: Value
    """The head's value; None when the field or record is gone."""

    @property
    def added(self) -> bool:
        """A record (or field) only the head has."""
        return self.before is None and self.after is not None

    @property
    def removed(self) -> bool:
        """A record (or field) only the base has."""
        return self.after is None and self.before is not None


def field_changes(before: Value, after: Value, path: str = "") -> tuple[FieldChange, ...]:
    """Every value that differs between `before` and `after` (model dumps), by path."""
    return tuple(_walk(before, after, path))


def _walk(before: Value, after: Value, path: str) -> Iterator[FieldChange]:
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in dict.fromkeys([*before, *after]):
            inner = f"{path}.{key}" if path else str(key)
            yield from _walk(before.get(key), after.get(key), inner)
        return
    if isinstance(before, list) and isinstance(after, list):
        key = record_key(before + after)
        if key is not None:
            old = {str(item[key]): item for item in before}
            new = {str(item[key]): item for item in after}
            if len(old) == len(before) and len(new) == len(after):
                for name in dict.fromkeys([*old, *new]):
                    yield from _walk(old.get(name), new.get(name), f"{path}[{name}]")
                return
    yield FieldChange(path, before, after)


def record_key(items: list[Value]) -> str | None:
    """The field identifying every record of `items`, if they are records that have one."""
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in KEYS:
        if all(isinstance(item.get(key), str) and item.get(key) for item in items):
            return key
    return None
