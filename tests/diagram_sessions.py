"""Hand-made sessions for the diagram tests: hostile names and ids that are keywords.

Every name, label and id here is something a diagram format could read as syntax:
Mermaid keywords (`end`, `graph`, `subgraph`, `click`, `style`, `class`), DOT keywords
(`node`, `edge`, `strict`, `digraph`), quotes, brackets, pipes, `#`, entities, backslash
escapes, `<script>` and emoji. A correct exporter shows them all as plain text.
"""

from __future__ import annotations

from model.enums import Category, Provider
from model.sections.components import USERS, Component, Link, LinkKind
from model.session import Session, replace
from sessions.starter import starter_session

HOSTILE_NAME = 'API "end" [v2] {x} (y) | #1 <script>alert(1)</script> 🚀 & `tick`'
"""The name of the compute component, whose id is `end`."""

HOSTILE_PROJECT = 'Ops "end" <script>x</script> #1 🚀 \\ back'
"""The project name (the diagrams' title)."""

HOSTILE_LINK = 'a|b "c" [d] <e> #f'
"""The label of the link from `style` to `subgraph`."""

_COMPONENTS: tuple[tuple[str, str, Category, str], ...] = (
    ("style", "style", Category.DNS, "aws-route53"),
    ("edge", "edge", Category.CDN, "aws-cloudfront"),
    ("subgraph", "subgraph", Category.LOAD_BALANCER, "aws-alb"),
    ("end", HOSTILE_NAME, Category.COMPUTE, "aws-ecs-fargate"),
    ("graph", "end", Category.DATABASE, "aws-rds-postgres"),
    ("click", "click", Category.CACHE, "aws-elasticache-redis"),
    ("strict", "a\\b \\N \\l files", Category.OBJECT_STORAGE, "aws-s3"),
    ("class", "C# team; #quot; & <b>bold</b>", Category.LOGS, "aws-cloudwatch-logs"),
    ("node", "digraph", Category.SECRETS, "aws-secrets-manager"),
)
"""(id, name, category, service) of each component."""

_LINKS: tuple[tuple[str, str, str, LinkKind], ...] = (
    (USERS, "style", "HTTPS", "request"),
    ("style", "edge", "", "request"),
    ("edge", "subgraph", HOSTILE_LINK, "request"),
    ("subgraph", "end", "end", "request"),
    ("end", "graph", "SQL", "request"),
    ("end", "click", "cache", "request"),
    ("end", "strict", "\\n files", "async"),
    ("end", "class", 'logs #1 "x"', "side"),
    ("end", "node", "secrets", "side"),
)
"""(source, target, label, kind) of each link."""


def hostile_session() -> Session:
    """A valid AWS design whose every name, label and id is hostile to some format."""
    base = starter_session(Provider.AWS, HOSTILE_PROJECT)
    components = tuple(
        Component(id=ident, name=name, category=category, service=service)
        for ident, name, category, service in _COMPONENTS
    )
    links = tuple(
        Link(source=source, target=target, label=label, kind=kind)
        for source, target, label, kind in _LINKS
    )
    secrets = tuple(s.evolve(component="end") if s.component else s for s in base.security.secrets)
    return replace(
        base,
        components=components,
        links=links,
        security=base.security.evolve(secrets=secrets),
    )
