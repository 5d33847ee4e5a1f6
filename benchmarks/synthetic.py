"""Deterministic synthetic designs of any size, for benchmarks and scale tests.

A synthetic design is a microservice system: a fixed edge (DNS, WAF, CDN, load
balancer, API gateway), a fixed observability and security set, and as many services as
needed, each with its own database and every third with a cache, plus a shared queue.
Links are explicit (each service talks to its own stores), as a real design of that
size would be, so the graph grows linearly with the component count.
"""

from __future__ import annotations

from itertools import pairwise

from model.enums import ArchitectureStyle, Category, Provider
from model.sections.components import USERS, Component, Link
from model.session import Session, replace
from sessions.starter import starter_session

_ESSENTIAL = (
    ("dns", Category.DNS, "aws-route53"),
    ("cdn", Category.CDN, "aws-cloudfront"),
    ("lb", Category.LOAD_BALANCER, "aws-alb"),
    ("logs", Category.LOGS, "aws-cloudwatch-logs"),
    ("secrets", Category.SECRETS, "aws-secrets-manager"),
)
_EXTRA = (
    ("waf", Category.WAF, "aws-waf"),
    ("gateway", Category.API_GATEWAY, "aws-api-gateway-http"),
    ("queue", Category.QUEUE, "aws-sqs"),
    ("files", Category.OBJECT_STORAGE, "aws-s3"),
    ("metrics", Category.METRICS, "aws-cloudwatch-metrics"),
    ("errors", Category.ERRORS, "saas-sentry"),
    ("uptime", Category.UPTIME, "saas-uptimerobot"),
    ("certs", Category.TLS, "aws-acm"),
    ("pager", Category.ONCALL, "saas-pagerduty"),
)
_SIDE = {"logs": "logs", "metrics": "metrics", "errors": "errors", "secrets": "secrets"}
MIN_SIZE = len(_ESSENTIAL) + 2
"""The smallest synthetic design: the essentials plus one service and its database."""


def synthetic_session(size: int) -> Session:
    """A valid AWS design with exactly `size` components (at least `MIN_SIZE`).

    Designs of 30 components or more also get a WAF, an API gateway, a queue, object
    storage, metrics, error tracking, uptime checks, certificates and paging.
    """
    if size < MIN_SIZE:
        raise ValueError(f"a synthetic design needs at least {MIN_SIZE} components")
    fixed = _ESSENTIAL + (_EXTRA if size >= 30 else ())
    present = {ident for ident, _, _ in fixed}
    components = [
        Component(id=ident, name=ident.capitalize(), category=category, service=service)
        for ident, category, service in fixed
    ]
    chain = [USERS] + [n for n in ("dns", "waf", "cdn", "lb", "gateway") if n in present]
    links = [Link(source=a, target=b, label="HTTPS") for a, b in pairwise(chain)]
    links += [
        Link(source=a, target=b, label=label, kind="side")
        for a, b, label in (
            ("uptime", "cdn", "probes"),
            ("metrics", "pager", "alerts"),
            ("certs", "cdn", "certs"),
        )
        if a in present and b in present
    ]
    entry = chain[-1]
    index = 0
    while len(components) < size:
        service_id = f"svc-{index:03d}"
        components.append(
            Component(
                id=service_id,
                name=f"Service {index:03d}",
                category=Category.COMPUTE,
                service="aws-ecs-fargate",
                replicas=2,
                multi_az=True,
            )
        )
        links.append(Link(source=entry, target=service_id, label="HTTPS"))
        links += [
            Link(source=service_id, target=target, label=label, kind="side")
            for target, label in _SIDE.items()
            if target in present
        ]
        if index % 4 == 0 and "queue" in present:
            links.append(Link(source=service_id, target="queue", label="jobs", kind="async"))
        if len(components) < size:
            db_id = f"db-{index:03d}"
            components.append(
                Component(
                    id=db_id,
                    name=f"Database {index:03d}",
                    category=Category.DATABASE,
                    service="aws-rds-postgres",
                    multi_az=index % 2 == 0,
                )
            )
            links.append(Link(source=service_id, target=db_id, label="SQL"))
        if index % 3 == 0 and len(components) < size:
            cache_id = f"cache-{index:03d}"
            components.append(
                Component(
                    id=cache_id,
                    name=f"Cache {index:03d}",
                    category=Category.CACHE,
                    service="aws-elasticache-redis",
                )
            )
            links.append(Link(source=service_id, target=cache_id, label="cache"))
        index += 1
    base = starter_session(Provider.AWS, f"Synthetic {size}")
    secrets = tuple(
        s.evolve(component="svc-000") if s.component else s for s in base.security.secrets
    )
    return replace(
        base,
        style=ArchitectureStyle.MICROSERVICES,
        components=tuple(components),
        links=tuple(links),
        security=base.security.evolve(secrets=secrets),
    )
