"""The cross-section problems of session data that does not validate as a whole.

Pydantic runs a model's own checks only once its fields are valid, so the cross-section
rules of `model.session` (a service must exist in the catalog, a link must point at a
component) stay silent while any field anywhere is wrong: a file with a negative team
size and an unknown service reported the service only after the team size was fixed.
`part_problems` runs each check of `model.session.CHECKS` whose sections validate on
their own, and checks the services of the components one by one, so one run reports
every problem of a file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from model.catalog import Catalog
from model.enums import Category, Provider
from model.sections.components import Component
from model.session import CHECKS, Loc, Problem, Session, service_problems, unknown_service


@functools.cache
def _adapter(name: str) -> TypeAdapter[Any]:
    """The validator of the session's top-level field `name`, constraints included."""
    return TypeAdapter(Session.model_fields[name].rebuild_annotation())


def _sections(data: Mapping[str, Any]) -> dict[str, Any]:
    """The top-level fields of `data` that validate on their own (or are left out and have
    a default), validated."""
    valid: dict[str, Any] = {}
    for name, field in Session.model_fields.items():
        if name == "schema_version":
            continue
        if name not in data:
            if not field.is_required():
                valid[name] = field.get_default(call_default_factory=True)
            continue
        try:
            valid[name] = _adapter(name).validate_python(data[name])
        except ValidationError:
            continue
    return valid


def part_problems(data: Mapping[str, Any], catalog: Catalog) -> list[Problem]:
    """The cross-section problems found in the parts of `data` (a session's migrated
    data, which fails validation) that are valid: each check whose sections all validate,
    and the service of every component whose list of components does not."""
    valid = _sections(data)
    partial = Session.model_construct(**valid)
    problems = [
        problem
        for reads, check in CHECKS
        if reads <= valid.keys()
        for problem in check(partial, catalog)
    ]
    if "components" not in valid:
        provider = valid.get("provider")
        problems.extend(_services_one_by_one(data.get("components"), provider, catalog))
    return problems


def _services_one_by_one(
    components: object, provider: Provider | None, catalog: Catalog
) -> Iterator[Problem]:
    """The service problems of each component in the raw list `components`: all of them for
    a component that validates (on a valid provider), an unknown service for the others."""
    if not isinstance(components, list):
        return
    for index, raw in enumerate(components):
        loc: Loc = ("components", index)
        try:
            component = Component.model_validate(raw)
        except ValidationError:
            service = raw.get("service") if isinstance(raw, dict) else None
            if isinstance(service, str) and service not in catalog:
                yield (*loc, "service"), unknown_service(service, catalog, _category(raw))
            continue
        if provider is not None:
            yield from service_problems(loc, component, provider, catalog)
        elif component.service not in catalog:
            yield (*loc, "service"), unknown_service(component.service, catalog, None)


def _category(raw: Mapping[str, Any]) -> Category | None:
    """The category a raw component names, if it names a known one."""
    value = raw.get("category")
    known = {c.value: c for c in Category}
    return known.get(value) if isinstance(value, str) else None
