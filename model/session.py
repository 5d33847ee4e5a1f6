"""The Session: every decision of one workshop, validated as a whole.

Field-level rules live on the section models. The rules here span sections (a link
must point at a component, a channel's secret must be listed under security) or need
the catalog (a component's service must exist, fit its category and be offered on the
chosen provider). All problems are reported at once, each at its own field path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, Field, ValidationError, ValidationInfo, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from model.base import ONE_LINE, Frozen, Identifier, Text, Usage
from model.catalog import Catalog, PricingModel, load_catalog
from model.enums import ArchitectureStyle, Category, Provider
from model.sections.channels import Channel
from model.sections.components import USERS, Component, Link
from model.sections.context import Context
from model.sections.decisions import Decision
from model.sections.deployment import Deployment
from model.sections.environments import Environment
from model.sections.incidents import IncidentResponse
from model.sections.monitoring import Monitoring
from model.sections.pipeline import Pipeline
from model.sections.security import Security

MAX_COMPONENTS = 1_000
"""Most components in one design: twice the largest design the benchmarks measure (500),
well past any workshop's, and small enough that every command answers within seconds."""

MAX_LINKS = 5_000
"""Most links in one design."""

SCHEMA_VERSION: Final = 3
"""The session file format this code reads and writes; older files are migrated."""

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]


def _calendar_date(text: str) -> str:
    """`text` when empty or a real date: `2026-02-30` has the right shape, yet is none."""
    if text:
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text} is not a date in the calendar") from None
    return text


class PriceOverride(Frozen):
    """A negotiated or measured price that replaces the catalog's list price."""

    service: Identifier
    """The catalog id whose main price is replaced."""
    price_usd: Usage
    """The new price, in the unit of the catalog entry's main price."""
    source: Text
    """Where the figure comes from (a contract, an invoice, a quote)."""
    as_of: Annotated[
        str,
        Field(max_length=10, pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
        ONE_LINE,
        AfterValidator(_calendar_date),
    ] = ""
    """When it was agreed (YYYY-MM-DD)."""


class Session(Frozen):
    """One design workshop: the context and every decision taken in it."""

    schema_version: Literal[3] = SCHEMA_VERSION
    """Version of the session file format."""
    context: Context
    """What the system is for and how big it is."""
    provider: Provider
    """The cloud the design is built on."""
    style: ArchitectureStyle = ArchitectureStyle.MONOLITH
    """How the application is cut into deployable pieces."""
    components: Annotated[tuple[Component, ...], Field(max_length=MAX_COMPONENTS)] = ()
    """The building blocks, each a catalog service."""
    links: Annotated[tuple[Link, ...], Field(max_length=MAX_LINKS)] = ()
    """Dependencies between components; derived from categories when empty."""
    environments: tuple[Environment, ...] = ()
    """Where the pipeline deploys."""
    pipeline: Pipeline = Pipeline()
    """CI/CD decisions."""
    deployment: Deployment = Deployment()
    """Release strategy and rollback."""
    monitoring: Monitoring = Monitoring()
    """Thresholds, channels and dashboards."""
    security: Security = Security()
    """Secrets, network, TLS, backups, compliance."""
    incidents: IncidentResponse = IncidentResponse()
    """Severity levels, on-call and post-mortems."""
    decisions: tuple[Decision, ...] = ()
    """Architecture decision records and answers to the skeptic."""
    price_overrides: tuple[PriceOverride, ...] = ()
    """Prices that replace the catalog's list prices."""

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Session:
        context = info.context if isinstance(info.context, dict) else {}
        catalog = context.get("catalog") or load_catalog()
        problems = list(session_problems(self, catalog))
        if problems:
            raise ValidationError.from_exception_data(
                "Session",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("session", "{detail}", {"detail": message}),
                        loc=loc,
                        input=None,
                    )
                    for loc, message in problems
                ],
            )
        return self

    def component(self, component_id: str) -> Component | None:
        """The component with `component_id`, if any."""
        return next((c for c in self.components if c.id == component_id), None)

    def components_in(self, category: Category) -> tuple[Component, ...]:
        """The components of `category`, in session order."""
        return tuple(c for c in self.components if c.category is category)

    def environment(self, name: str) -> Environment | None:
        """The environment called `name`, if any."""
        return next((e for e in self.environments if e.name == name), None)


Check = Callable[["Session", Catalog], Iterator[Problem]]
"""One cross-section check: the problems it finds in a session, each at its field path."""


def _component_ids(session: Session, catalog: Catalog) -> Iterator[Problem]:
    yield from _duplicates("components", (c.id for c in session.components), "id", "component id")
    for index, component in enumerate(session.components):
        if component.id == USERS:
            yield (
                ("components", index, "id"),
                f"{USERS!r} is the id of the clients every request starts from; choose another",
            )


def _environment_names(session: Session, catalog: Catalog) -> Iterator[Problem]:
    names = (e.name for e in session.environments)
    yield from _duplicates("environments", names, "name", "environment name")


def _threshold_metrics(session: Session, catalog: Catalog) -> Iterator[Problem]:
    metrics = (t.metric.value for t in session.monitoring.thresholds)
    yield from _duplicates(("monitoring", "thresholds"), metrics, "metric", "metric")


def _secret_names(session: Session, catalog: Catalog) -> Iterator[Problem]:
    names = (s.name for s in session.security.secrets)
    yield from _duplicates(("security", "secrets"), names, "name", "secret name")


def _severity_levels(session: Session, catalog: Catalog) -> Iterator[Problem]:
    levels = (s.level.value for s in session.incidents.severities)
    yield from _duplicates(("incidents", "severities"), levels, "level", "severity level")


def _decision_ids(session: Session, catalog: Catalog) -> Iterator[Problem]:
    yield from _duplicates("decisions", (d.id for d in session.decisions), "id", "decision id")


def session_problems(session: Session, catalog: Catalog) -> Iterator[Problem]:
    """Every cross-section problem of `session`, each with the field path it belongs to."""
    for _, check in CHECKS:
        yield from check(session, catalog)


def _duplicates(
    where: str | Loc, values: Iterable[str], field: str, what: str
) -> Iterator[Problem]:
    base: Loc = (where,) if isinstance(where, str) else where
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield (*base, index, field), f"{what} {value!r} is used twice"
        seen.add(value)


def _regions(session: Session, catalog: Catalog) -> Iterator[Problem]:
    if not catalog.regions:
        return
    for index, region in enumerate(session.context.regions):
        if catalog.regions.find(session.provider, region) is None:
            yield (
                ("context", "regions", index),
                catalog.regions.unknown(session.provider, region),
            )


def _component_services(session: Session, catalog: Catalog) -> Iterator[Problem]:
    for index, component in enumerate(session.components):
        yield from service_problems(("components", index), component, session.provider, catalog)


def service_problems(
    loc: Loc, component: Component, provider: Provider, catalog: Catalog
) -> Iterator[Problem]:
    """What is wrong with the service of `component` (at `loc`) on `provider`: unknown,
    of another category, not offered there, or an unknown size."""
    service = catalog.get(component.service)
    if service is None:
        yield (*loc, "service"), unknown_service(component.service, catalog, component.category)
        return
    if service.category is not component.category:
        yield (
            (*loc, "service"),
            f"{component.service!r} is a {service.category.label} service, "
            f"not {component.category.label}",
        )
    if not service.offered_on(provider):
        yield (
            (*loc, "service"),
            f"{component.service!r} is offered on {service.provider.label}, not on "
            f"{provider.label} (choose hybrid to mix clouds)",
        )
    if component.size is not None:
        if service.pricing.model is not PricingModel.INSTANCE_HOUR:
            yield (*loc, "size"), f"{service.label} has no instance sizes"
        elif service.pricing.size(component.size) is None:
            sizes = ", ".join(s.name for s in service.pricing.sizes)
            yield (*loc, "size"), f"unknown size {component.size!r}; choose one of {sizes}"


def unknown_service(service_id: str, catalog: Catalog, category: Category | None) -> str:
    """Why `service_id` is refused, with services of `category` to choose from."""
    near = [s.id for s in catalog.services() if s.category is category][:6]
    hint = f"; {category.label} services include {', '.join(near)}" if category and near else ""
    return f"unknown service {service_id!r}{hint} (see `infrasketch catalog`)"


def _links(session: Session, catalog: Catalog) -> Iterator[Problem]:
    ids = {c.id for c in session.components}
    pairs: set[tuple[str, str]] = set()
    for index, link in enumerate(session.links):
        loc: Loc = ("links", index)
        if link.source != USERS and link.source not in ids:
            yield (*loc, "source"), f"no component has id {link.source!r}"
        if link.target not in ids:
            yield (*loc, "target"), f"no component has id {link.target!r}"
        if link.source == link.target:
            yield (*loc, "target"), "a component cannot link to itself"
        if (link.source, link.target) in pairs:
            yield (*loc, "target"), f"{link.source} → {link.target} is linked twice"
        pairs.add((link.source, link.target))


def _pipeline_environments(session: Session, catalog: Catalog) -> Iterator[Problem]:
    if not session.environments:
        return
    names = {e.name for e in session.environments}
    stages: list[tuple[str, str, bool]] = [
        ("staging", session.pipeline.staging.environment, session.pipeline.staging.enabled),
        ("production", session.pipeline.production.environment, True),
    ]
    for stage, name, enabled in stages:
        if enabled and name not in names:
            known = ", ".join(sorted(names))
            yield (
                ("pipeline", stage, "environment"),
                f"no environment called {name!r} (environments: {known})",
            )


def _secret_components(session: Session, catalog: Catalog) -> Iterator[Problem]:
    ids = {c.id for c in session.components}
    for index, secret in enumerate(session.security.secrets):
        if secret.component is not None and secret.component not in ids:
            yield (
                ("security", "secrets", index, "component"),
                f"no component has id {secret.component!r}",
            )


def _channel_secrets(session: Session, catalog: Catalog) -> Iterator[Problem]:
    names = {s.name for s in session.security.secrets}
    groups: list[tuple[Loc, tuple[Channel, ...]]] = [
        (("pipeline", "notifications"), session.pipeline.notifications),
        (("monitoring", "channels"), session.monitoring.channels),
    ]
    for base, channels in groups:
        for index, channel in enumerate(channels):
            if channel.secret is not None and channel.secret not in names:
                yield (
                    (*base, index, "secret"),
                    f"secret {channel.secret!r} is not listed under security.secrets",
                )


def _price_overrides(session: Session, catalog: Catalog) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, override in enumerate(session.price_overrides):
        loc: Loc = ("price_overrides", index, "service")
        if override.service not in catalog:
            yield loc, f"unknown service {override.service!r}"
        if override.service in seen:
            yield loc, f"{override.service!r} is overridden twice"
        seen.add(override.service)


CHECKS: tuple[tuple[frozenset[str], Check], ...] = (
    (frozenset({"context", "provider"}), _regions),
    (frozenset({"components"}), _component_ids),
    (frozenset({"components", "provider"}), _component_services),
    (frozenset({"components", "links"}), _links),
    (frozenset({"environments"}), _environment_names),
    (frozenset({"environments", "pipeline"}), _pipeline_environments),
    (frozenset({"monitoring"}), _threshold_metrics),
    (frozenset({"security"}), _secret_names),
    (frozenset({"security", "components"}), _secret_components),
    (frozenset({"security", "pipeline", "monitoring"}), _channel_secrets),
    (frozenset({"incidents"}), _severity_levels),
    (frozenset({"decisions"}), _decision_ids),
    (frozenset({"price_overrides"}), _price_overrides),
)
"""The cross-section checks, in the order their problems are listed, each with the
sections it reads (`model.parts` runs those whose sections validate on their own)."""


def replace(session: Session, **changes: Any) -> Session:
    """A new session with `changes` applied, validated as a whole (sessions are immutable).

    Unchanged sections are passed as the instances they are, so only the changed ones and
    the cross-section rules are validated again.
    """
    return session.evolve(**changes)
