"""Small designs for the engine tests: hand-checkable sessions and a design no rule faults.

`design(...)` builds a minimal session from a few components so a test can compute the
expected cost or availability by hand. `clean_session()` is the AWS starter with every
gap closed, so the skeptic finds nothing and each rule test can break exactly one thing.
"""

from __future__ import annotations

from typing import Any

from model.enums import AlertSeverity, Category, ChannelKind, Provider
from model.sections.channels import Channel
from model.sections.components import Autoscaling, Component, Link
from model.sections.context import Context
from model.sections.security import Network, Security
from model.session import PriceOverride, Session, replace
from sessions.starter import starter_session

BASE_REGION = {
    Provider.AWS: "us-east-1",
    Provider.GCP: "us-central1",
    Provider.AZURE: "eastus",
    Provider.HYBRID: "us-east-1",
}
"""The region whose prices each cloud's catalog entries carry."""


def context(**changes: Any) -> Context:
    """A context with round numbers: 1,000 users, 10 req/s, 10M requests, 10 GB, team of 4."""
    values: dict[str, Any] = {
        "project": "Test",
        "users": 1_000,
        "peak_rps": 10,
        "monthly_requests_millions": 10,
        "data_gb": 10,
        "egress_gb_month": 100,
        "team_size": 4,
        "regions": ("us-east-1",),
        "availability_target_percent": 99.0,
    }
    values.update(changes)
    return Context(**values)


def part(
    ident: str,
    category: Category,
    service: str,
    *,
    replicas: int = 1,
    multi_az: bool = False,
    size: str | None = None,
    autoscaling: tuple[int, int] | None = None,
) -> Component:
    """A component with a name derived from its id."""
    return Component(
        id=ident,
        name=ident.capitalize(),
        category=category,
        service=service,
        replicas=replicas,
        multi_az=multi_az,
        size=size,
        autoscaling=Autoscaling(min=autoscaling[0], max=autoscaling[1]) if autoscaling else None,
    )


def design(
    *components: Component,
    links: tuple[tuple[str, str, str], ...] = (),
    provider: Provider = Provider.AWS,
    overrides: tuple[tuple[str, float], ...] = (),
    private_network: bool = False,
    **context_changes: Any,
) -> Session:
    """A minimal session of `components` in its cloud's base region (the region of the
    catalog's list prices); links as (source, target, kind) when given. Without a private
    network unless asked, so no NAT gateway is implied and the component lines stand alone."""
    context_changes.setdefault("regions", (BASE_REGION[provider],))
    return Session(
        security=Security(network=Network(vpc=private_network)),
        context=context(**context_changes),
        provider=provider,
        components=components,
        links=tuple(
            Link(source=source, target=target, kind=kind)  # type: ignore[arg-type]
            for source, target, kind in links
        ),
        price_overrides=tuple(
            PriceOverride(service=service, price_usd=price, source="Signed quote Q-1")
            for service, price in overrides
        ),
    )


def clean_session() -> Session:
    """The AWS starter with every gap closed: the skeptic has nothing to say about it."""
    base = starter_session(Provider.AWS, "Clean")
    pager = Channel(
        kind=ChannelKind.PAGERDUTY,
        target="clean-production",
        severities=(AlertSeverity.CRITICAL,),
    )
    backups = base.security.backups.evolve(point_in_time_recovery=True, restore_tested=True)
    return replace(
        base,
        context=base.context.evolve(
            availability_target_percent=99.0, growth_percent_per_month=0, monthly_budget_usd=None
        ),
        monitoring=base.monitoring.evolve(channels=(*base.monitoring.channels, pager)),
        security=base.security.evolve(backups=backups),
    )
