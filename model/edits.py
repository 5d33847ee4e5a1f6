"""Edits that touch more than one section, as pure functions `Session -> Session`.

Removing a component also removes its links and un-assigns its secrets; renaming a
component carries its links and secrets along; renaming an environment carries the
pipeline's references along; switching provider maps every
component to the new cloud's equivalent service; choosing a tool in Security or Incidents
adds or switches a component; answering the skeptic records a decision. Each returns a
new validated session (or raises pydantic's `ValidationError`, which the step shows
inline).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from model.catalog import Service, load_catalog
from model.engines.graph import derive_links
from model.enums import Category, Provider
from model.sections.components import USERS, Component, ExternalSystem, Link
from model.session import Session, replace

if TYPE_CHECKING:
    from model.sections.environments import Environment
    from model.skeptic.findings import Finding


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
    """`session` with a new component of `category` on `service_id`; and the new id.

    It joins the network and subnet of the first component of its category that has one
    (a second service beside the API sits where the API sits), outside any otherwise.
    """
    taken = {c.id for c in session.components}
    ident = unique_id(_BASE_IDS.get(category, category.value.replace("_", "-")), taken)
    peers = session.components_in(category)
    name = category.label if not peers else f"{category.label} {len(peers) + 1}"
    placed = next((c for c in peers if c.network is not None), None)
    component = Component(
        id=ident,
        name=name,
        category=category,
        service=service_id,
        network=placed.network if placed else None,
        subnet=placed.subnet if placed else None,
        external=ExternalSystem() if category is Category.EXTERNAL else None,
    )
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


def rename_component(session: Session, old: str, new: str) -> Session:
    """`session` with the component `old` called `new`: the links from and to it and the
    secrets it reads follow (the session fields that hold component ids). An id another
    component has is refused, and so is one that is no id, at the component's `id`."""
    index = next((i for i, c in enumerate(session.components) if c.id == old), None)
    if index is None:
        raise _refused(("components",), f"no component has id {old!r}")
    if new == old:
        return session
    taken = session.component(new)
    if taken is not None:
        raise _refused(
            ("components", index, "id"), f"{new!r} is taken: it is the id of {taken.name}"
        )
    try:
        renamed = session.components[index].evolve(id=new)
    except ValidationError as exc:
        raise _relocated(exc, ("components", index)) from None
    components = (*session.components[:index], renamed, *session.components[index + 1 :])

    def moved(ident: str) -> str:
        return new if ident == old else ident

    links = tuple(
        link.evolve(source=moved(link.source), target=moved(link.target))
        if old in (link.source, link.target)
        else link
        for link in session.links
    )
    secrets = tuple(
        s.evolve(component=new) if s.component == old else s for s in session.security.secrets
    )
    security = session.security.evolve(secrets=secrets)
    return replace(session, components=components, links=links, security=security)


def _relocated(exc: ValidationError, prefix: tuple[str | int, ...]) -> ValidationError:
    """`exc`, raised by a part of the session, with its errors located in the session."""
    errors = [
        InitErrorDetails(
            # The error's own type and context, so a form words it as it would the original.
            type=PydanticCustomError(
                error["type"], "{detail}", {**error.get("ctx", {}), "detail": error["msg"]}
            ),
            loc=(*prefix, *error["loc"]),
            input=None,
        )
        for error in exc.errors(include_url=False, include_input=False)
    ]
    return ValidationError.from_exception_data("Session", errors)


def _refused(loc: tuple[str | int, ...], message: str) -> ValidationError:
    """The error of an edit refused at `loc` of the session, as validation reports it."""
    detail = PydanticCustomError("session", "{detail}", {"detail": message})
    return ValidationError.from_exception_data(
        "Session", [InitErrorDetails(type=detail, loc=loc, input=None)]
    )


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
    category from the provider itself (SaaS only when it has none), in the same tier
    (premium or not: Cloud Armor becomes AWS WAF, not the $3,000/month Shield Advanced),
    then sharing the most tags (postgres, redis, kubernetes, serverless, …), then the
    closest complexity, then catalog order. None when the category has no candidate.
    """
    if service.offered_on(provider):
        return service
    candidates = load_catalog().choices(service.category, provider)
    if not candidates:
        return None
    tags = set(service.tags)
    premium = "premium" in tags

    def rank(candidate: Service) -> tuple[bool, bool, int, int]:
        return (
            not candidate.provider.cloud,  # the provider's own first
            ("premium" in candidate.tags) != premium,
            -len(tags & set(candidate.tags)),
            abs(candidate.complexity - service.complexity),
        )

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
    regions = tuple(
        dict.fromkeys(catalog.regions.equivalent(r, provider) for r in session.context.regions)
    )
    if regions != session.context.regions:
        moved = ", ".join(
            f"{a} → {b}" for a, b in zip(session.context.regions, regions, strict=False) if a != b
        )
        problems.append(f"regions moved to {provider.label}'s nearest: {moved}")
    context = session.context.evolve(regions=regions)
    moved_session = replace(
        session, provider=provider, components=tuple(components), links=links, context=context
    )
    return moved_session, problems


def set_tool(session: Session, category: Category, service_id: str | None) -> Session:
    """`session` using `service_id` for the tool of `category` (secrets manager, WAF,
    pager…): the first component of the category switches service, or one is added; None
    removes the category's components."""
    members = session.components_in(category)
    if service_id is None:
        for member in members:
            session = remove_component(session, member.id)
        return session
    if not members:
        return add_component(session, category, service_id)[0]
    if members[0].service == service_id:
        return session
    return update_component(session, members[0].evolve(service=service_id, size=None))


def answer_finding(session: Session, finding: Finding, answer: str, today: dt.date) -> Session:
    """`session` with the team's `answer` to `finding` recorded as a decision.

    The decision already answering the finding's rule is updated; otherwise a new one is
    added (`finding=<rule id>`, the skeptic's question as its challenge, the evidence as
    its context, the alternative among its options). An empty answer withdraws the
    answer (the decision is removed), so the finding is open again.
    """
    from model.sections.decisions import Decision
    from model.skeptic import answers_by_rule

    existing = answers_by_rule(session.decisions).get(finding.rule)
    answer = answer.strip()
    if existing is not None:
        if not answer:
            kept = tuple(d for d in session.decisions if d is not existing)
            return replace(session, decisions=kept)
        updated = existing.evolve(answer=answer, date=existing.date or today)
        decisions = tuple(updated if d is existing else d for d in session.decisions)
        return replace(session, decisions=decisions)
    if not answer:
        return session
    ident = unique_id(f"answer-{finding.rule}"[:48].rstrip("-"), {d.id for d in session.decisions})
    decision = Decision(
        id=ident,
        title=finding.title[:120],
        date=today,
        context=finding.message,
        options=("Keep the design as it is", finding.alternative[:200]),
        challenge=finding.question,
        answer=answer,
        finding=finding.rule,
    )
    return replace(session, decisions=(*session.decisions, decision))
