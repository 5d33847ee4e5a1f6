"""Upgrades of older session files to the current schema version.

Each step takes the plain data of version N and returns the data of version N + 1; a
file is carried through every step from its own version to `SCHEMA_VERSION`. Steps work
on dicts, before validation, so they may rename and reshape freely.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from model.session import SCHEMA_VERSION

Data = dict[str, Any]


class MigrationError(Exception):
    """A file's version cannot be brought to the current one."""


def _v1_to_v2(data: Data) -> Data:
    """Version 1 named things differently; version 2 aligned them with the role card.

    - `context.expected_users` became `context.users`;
    - `incident_response` became `incidents`;
    - `monitoring.alerts`, a mapping of metric to {warning, critical}, became the list
      `monitoring.thresholds` with the metric as a field.
    """
    out = dict(data)
    context = out.get("context")
    if isinstance(context, dict) and "expected_users" in context:
        context = dict(context)
        context["users"] = context.pop("expected_users")
        out["context"] = context
    if "incident_response" in out:
        out["incidents"] = out.pop("incident_response")
    monitoring = out.get("monitoring")
    if isinstance(monitoring, dict) and isinstance(monitoring.get("alerts"), dict):
        monitoring = dict(monitoring)
        alerts = monitoring.pop("alerts")
        monitoring["thresholds"] = [
            {"metric": metric, **(limits if isinstance(limits, dict) else {})}
            for metric, limits in alerts.items()
        ]
        out["monitoring"] = monitoring
    out["schema_version"] = 2
    return out


def _v2_to_v3(data: Data) -> Data:
    """Version 3 added without renaming: a component's `subnet` in its network, the
    category `external` (systems the design talks to but does not run, service
    `external-system`) with its `external` settings, and a component id may not be
    `users`. A version 2 file is a version 3 file as it is; the number changes so that an
    older infrasketch refuses a file using them by its version ("upgrade infrasketch")
    rather than by an unknown category."""
    return {**data, "schema_version": 3}


STEPS: dict[int, Callable[[Data], Data]] = {1: _v1_to_v2, 2: _v2_to_v3}
"""The upgrade from each old version to the next one."""

Loc = tuple[str | int, ...]

RENAMES: dict[int, dict[Loc, Loc]] = {
    1: {
        ("context", "users"): ("context", "expected_users"),
        ("incidents",): ("incident_response",),
    },
}
"""Per old version, field paths of the next version and where they were in the old file,
so a problem found after migrating still points at the line the user wrote."""


def file_location(loc: Loc, version: int) -> Loc:
    """Where the field at `loc` (current schema) sits in a file of `version`."""
    for step in range(SCHEMA_VERSION - 1, version - 1, -1):
        for new, old in RENAMES.get(step, {}).items():
            if loc[: len(new)] == new:
                loc = old + loc[len(new) :]
                break
    return loc


def file_version(data: Data) -> int:
    """The schema version a file declares (missing counts as current)."""
    version = data.get("schema_version", SCHEMA_VERSION)
    return version if isinstance(version, int) else SCHEMA_VERSION


def migrate(data: Data) -> Data:
    """Bring `data` to the current schema version; a missing version counts as current."""
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise MigrationError("schema_version must be a whole number")
    if version > SCHEMA_VERSION:
        raise MigrationError(
            f"schema_version {version} is newer than this infrasketch understands "
            f"({SCHEMA_VERSION}); upgrade infrasketch"
        )
    if version < min(STEPS, default=SCHEMA_VERSION):
        raise MigrationError(f"schema_version {version} is too old to read")
    while version < SCHEMA_VERSION:
        data = STEPS[version](data)
        version += 1
    return data
