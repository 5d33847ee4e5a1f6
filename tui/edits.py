"""Edits that touch more than one section, as pure functions `Session -> Session`.

Removing a component also removes its links and un-assigns its secrets; renaming an
environment carries the pipeline's references along; switching provider maps every
component to the new cloud's equivalent service. Each returns a new validated session
(or raises pydantic's `ValidationError`, which the step shows inline).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from model.catalog import Service, load_catalog
from model.components import USERS, Component, Link
from model.enums import Category, Provider
from model.graph import derive_links
from model.session import Session, replace

if TYPE_CHECKING:
    from model.environments import Environment


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is not taken."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


_BASE_IDS = {
    Category.FRONTEND_HOSTING: "web",
    Category.LOAD_BALANCER: "lb",
    Category.API_GATEWAY: "gateway",
    Category.COMPUTE: "api",
    Category.DATABASE: "db",
    Category.OBJECT_STORAGE: "files",
    Category.TLS: "certs",
    Category.ONCALL: "pager",
}


def add_component(session: Session, category: Category, service_id: str) -> tuple[Session, str]:
    """`session` with a new component of `category` on `service_id`; and the new id."""
    taken = {c.id for c in session.components}
    ident = unique_id(_BASE_IDS.get(category, category.value.replace("_", "-")), taken)
    count = len(session.components_in(category))
    name = category.label if count == 0 else f"{category.label} {count + 1}"
    component = Component(id=ident, name=name, category=category, service=service_id)
    return replace(session, components=(*session.components, component)), ident


def remove_component(session: Session, component_id: str) -> Session:
    """`session` without the component, its links, and its claim on secrets."""
    components = tuple(c for c in session.components if c.id != component_id)
    links = tuple(link for link in session.links if component_id not in (link.source, link.target))
    secrets = tuple(
        s.evolve(component=None) if s.component == component_id else s
        for s in session.security.secrets
    )
    security = session.security.evolve(secrets=secrets)
    return replace(session, components=components, links=links, security=security)


def update_component(session: Session, component: Component) -> Session:
    """`session` with the component of the same id replaced by `component`."""
    components = tuple(component if c.id == component.id else c for c in session.components)
    return replace(session, components=components)


def explicit_links(session: Session) -> tuple[Link, ...]:
    """The links to edit: the session's own, or the derived ones made explicit."""
    return session.links or derive_links(session.components)


def link_endpoints(session: Session) -> list[str]:
    """Ids a link may start at (`users` first) — targets are the components."""
    return [USERS, *(c.id for c in session.components)]


def set_environments(
    session: Session, environments: Sequence[Environment], renames: Mapping[str, str]
) -> Session:
    """`session` with `environments`; pipeline references follow renamed environments.

    A removed staging environment switches the pipeline's staging deploy off; a removed
    production environment is left for validation to refuse (the pipeline needs one).
    """
    names = {e.name for e in environments}
    pipeline = session.pipeline
    staging = pipeline.staging
    target = renames.get(staging.environment, staging.environment)
    if target != staging.environment and target in names:
        staging = staging.evolve(environment=target)
    elif staging.enabled and staging.environment not in names:
        staging = staging.evolve(enabled=False)
    production = pipeline.production
    target = renames.get(production.environment, production.environment)
    if target != production.environment and target in names:
        production = production.evolve(environment=target)
    if staging is not pipeline.staging or production is not pipeline.production:
        pipeline = pipeline.evolve(staging=staging, production=production)
    return replace(session, environments=tuple(environments), pipeline=pipeline)


def equivalent(service: Service, provider: Provider) -> Service | None:
    """The service a design on `provider` would use in place of `service`.

    The same service when it is offered there; otherwise the candidate of the same
    category sharing the most tags (postgres, redis, kubernetes, serverless, …), then the
    closest complexity, then catalog order. None when the category has no candidate.
    """
    if service.offered_on(provider):
        return service
    candidates = load_catalog().choices(service.category, provider)
    if not candidates:
        return None
    tags = set(service.tags)

    def rank(candidate: Service) -> tuple[int, int]:
        return (-len(tags & set(candidate.tags)), abs(candidate.complexity - service.complexity))

    return min(candidates, key=rank)


def translate(session: Session, provider: Provider) -> tuple[Session, list[str]]:
    """`session` moved to `provider` with equivalent services; and what could not move."""
    catalog = load_catalog()
    components = []
    problems = []
    for component in session.components:
        service = catalog.get(component.service)
        if service is None:
            components.append(component)
            continue
        target = equivalent(service, provider)
        if target is None:
            problems.append(f"{component.name}: no {component.category.label} service")
            continue
        if target.id == service.id:
            components.append(component)
            continue
        size = component.size if target.pricing.size(component.size) is not None else None
        components.append(component.evolve(service=target.id, size=size))
    kept = {c.id for c in components}
    links = tuple(
        link
        for link in session.links
        if (link.source == USERS or link.source in kept) and link.target in kept
    )
    return replace(session, provider=provider, components=tuple(components), links=links), problems
