"""Designs covering every CI system × deployment strategy × notification channel × database.

`combinations()` yields one valid session per (strategy, channel kind, database service)
— both CI generators are run on each, so every CI system is covered too. Around those
axes the designs rotate everything else the operations exporters branch on: the compute
platform (every compute service of the database's cloud), the stack and its linters,
scanners, registry kinds, caches and queues, canary step shapes, staging on or off,
manual or automatic production approval, alert routes with and without a pager.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count

from model.catalog import load_catalog
from model.enums import (
    AlertSeverity,
    Category,
    ChannelKind,
    CiSystem,
    DependencyAudit,
    LintTool,
    Metric,
    ProductionApproval,
    Provider,
    SastTool,
    Stack,
    Strategy,
)
from model.sections.channels import Channel
from model.sections.components import Component
from model.sections.monitoring import AlertThreshold
from model.sections.security import SecretRef
from model.session import Session, replace
from sessions.starter import starter_session

STACK_LINTERS = {
    Stack.NODE: (LintTool.ESLINT, LintTool.PRETTIER),
    Stack.PYTHON: (LintTool.RUFF, LintTool.BLACK, LintTool.FLAKE8, LintTool.MYPY),
    Stack.GO: (LintTool.GOLANGCI_LINT, LintTool.GOFMT),
    Stack.JAVA: (LintTool.CHECKSTYLE, LintTool.SPOTLESS),
}
REGISTRIES = (
    "ghcr.io",
    "registry.gitlab.com",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com",
    "europe-west3-docker.pkg.dev",
    "acmeregistry.azurecr.io",
    "docker.io",
)
CANARY_STEPS = ((10, 50, 100), (25, 50, 75, 100), (5, 100))
ODD_THRESHOLDS = (
    AlertThreshold(metric=Metric.ERROR_RATE, warning=0.3, critical=2.7, for_minutes=3),
    AlertThreshold(metric=Metric.LATENCY_P95, warning=333, critical=1234, for_minutes=0),
    AlertThreshold(metric=Metric.CPU, warning=0, critical=92.5, for_minutes=2),
    AlertThreshold(metric=Metric.MEMORY, warning=77.7, critical=91.3, for_minutes=4),
    AlertThreshold(metric=Metric.DB_CONNECTIONS, warning=66.6, critical=99.9, for_minutes=1),
)
"""Awkward values (0, thirds, tenths) that test the exactness of the rule tests."""


@dataclass(frozen=True, slots=True)
class Combo:
    """One generated design and the axes it covers."""

    name: str
    """A short unique name, used for file names."""
    session: Session
    """The design."""


def _services(category: Category, provider: Provider) -> list[str]:
    return [s.id for s in load_catalog().choices(category, provider)]


def _channel(
    kind: ChannelKind, severities: tuple[AlertSeverity, ...]
) -> tuple[Channel, str | None]:
    target = {
        ChannelKind.SLACK: "#ops",
        ChannelKind.DISCORD: "ops-alerts",
        ChannelKind.TEAMS: "platform-ops",
        ChannelKind.EMAIL: "oncall@example.org",
        ChannelKind.PAGERDUTY: "example-production",
        ChannelKind.OPSGENIE: "platform-team",
        ChannelKind.WEBHOOK: "https://hooks.example.org/ci",
    }[kind]
    secret = {
        ChannelKind.EMAIL: "SMTP_URL",
        ChannelKind.PAGERDUTY: "PAGERDUTY_ROUTING_KEY",
        ChannelKind.OPSGENIE: "OPSGENIE_API_KEY",
    }.get(kind, f"{kind.value.upper()}_WEBHOOK_URL")
    return Channel(kind=kind, target=target, secret=secret, severities=severities), secret


def _design(i: int, strategy: Strategy, kind: ChannelKind, database: str) -> Session:
    service = load_catalog()[database]
    clouds = (Provider.AWS, Provider.GCP, Provider.AZURE)
    provider = (
        Provider(service.provider.value) if service.provider.value != "saas" else clouds[i % 3]
    )
    base = starter_session(provider, "Combo Shop")
    computes = _services(Category.COMPUTE, provider)
    caches = _services(Category.CACHE, provider)
    queues = _services(Category.QUEUE, provider)
    components: list[Component] = []
    for c in base.components:
        if c.category is Category.DATABASE:
            components.append(c.evolve(service=database, size=None))
        elif c.category is Category.COMPUTE:
            components.append(c.evolve(service=computes[i % len(computes)], size=None))
            if i % 4 == 0:
                second = computes[(i + 1) % len(computes)]
                components.append(c.evolve(id="worker", name="Worker", service=second, size=None))
        else:
            components.append(c)
    if i % 2 == 0:
        components.append(
            Component(
                id="cache",
                name="Cache",
                category=Category.CACHE,
                service=caches[i // 2 % len(caches)],
            )
        )
    if i % 3 != 1:
        components.append(
            Component(
                id="queue", name="Jobs", category=Category.QUEUE, service=queues[i % len(queues)]
            )
        )
    stack = list(Stack)[i % 4]
    notify, notify_secret = _channel(kind, ())
    pager_kind = ChannelKind.PAGERDUTY if i % 2 else ChannelKind.OPSGENIE
    pager, pager_secret = _channel(pager_kind, (AlertSeverity.CRITICAL,))
    chat, _ = _channel(
        kind, (AlertSeverity.WARNING,) if i % 5 else (AlertSeverity.CRITICAL, AlertSeverity.WARNING)
    )
    channels = (chat,) if i % 7 == 3 else (pager, chat)  # every 7th routes criticals nowhere
    secret_names = dict.fromkeys(s for s in (notify_secret, pager_secret) if s)
    secrets = [s for s in base.security.secrets if s.name not in secret_names]
    secrets += [SecretRef(name=n, path=f"ops/{n.lower().replace('_', '-')}") for n in secret_names]
    pipeline = base.pipeline.evolve(
        system=list(CiSystem)[i % 2],
        stack=stack,
        trigger_branches=("main", "develop", "release/*") if i % 3 == 0 else ("main",),
        lint=base.pipeline.lint.evolve(tools=STACK_LINTERS[stack]),
        unit_tests=base.pipeline.unit_tests.evolve(coverage_threshold_percent=60 + i % 30),
        build=base.pipeline.build.evolve(
            registry=REGISTRIES[i % len(REGISTRIES)],
            frontend_command="npm run build" if i % 2 else None,
        ),
        security_scan=base.pipeline.security_scan.evolve(
            dependency_audit=list(DependencyAudit)[i % len(DependencyAudit)],
            sast=list(SastTool)[i % len(SastTool)],
        ),
        staging=base.pipeline.staging.evolve(enabled=i % 6 != 5),
        production=base.pipeline.production.evolve(
            approval=ProductionApproval.MANUAL if i % 4 else ProductionApproval.AUTO_AFTER_STAGING
        ),
        notifications=(notify,),
    )
    deployment = base.deployment.evolve(
        strategy=strategy, canary_steps_percent=CANARY_STEPS[i % len(CANARY_STEPS)]
    )
    thresholds = base.monitoring.thresholds
    if i % 11 == 0:
        odd = {t.metric: t for t in ODD_THRESHOLDS}
        thresholds = tuple(odd.get(t.metric, t) for t in thresholds)
    monitoring = base.monitoring.evolve(
        channels=channels,
        thresholds=thresholds,
        uptime_check=base.monitoring.uptime_check.evolve(enabled=i % 9 != 4),
    )
    return replace(
        base,
        components=tuple(components),
        pipeline=pipeline,
        deployment=deployment,
        monitoring=monitoring,
        security=base.security.evolve(secrets=tuple(secrets)),
    )


def databases() -> list[str]:
    """Every database service of the catalog."""
    return [s.id for s in load_catalog().services() if s.category is Category.DATABASE]


def combinations() -> Iterator[Combo]:
    """One design per strategy × notification channel kind × database service."""
    numbers = count()
    for strategy in Strategy:
        for kind in ChannelKind:
            for database in databases():
                i = next(numbers)
                name = f"{i:03d}-{strategy.value}-{kind.value}-{database}"
                yield Combo(name, _design(i, strategy, kind, database))


def minimal_sessions() -> Iterator[Combo]:
    """Designs with no optional section: a context and a provider, per cloud and CI system."""
    from model.sections.context import Context

    regions = {
        Provider.AWS: "us-east-1",
        Provider.GCP: "europe-west3",
        Provider.AZURE: "westeurope",
    }
    for provider, where in regions.items():
        for system in CiSystem:
            context = Context(
                project="Bare", users=0, peak_rps=0, data_gb=0, team_size=1, regions=(where,)
            )
            session = Session(
                context=context,
                provider=provider,
            )
            session = replace(session, pipeline=session.pipeline.evolve(system=system))
            yield Combo(f"minimal-{provider.value}-{system.value}", session)


def grid_sessions() -> Iterator[Combo]:
    """The starter design of every cloud × CI system × deployment strategy."""
    for provider in (Provider.AWS, Provider.GCP, Provider.AZURE):
        base = starter_session(provider, "Grid Shop")
        for system in CiSystem:
            for strategy in Strategy:
                session = replace(
                    base,
                    pipeline=base.pipeline.evolve(system=system),
                    deployment=base.deployment.evolve(strategy=strategy),
                )
                yield Combo(f"grid-{provider.value}-{system.value}-{strategy.value}", session)


def metrics_sessions() -> Iterator[Combo]:
    """The starter design of each cloud with every metrics service it can use: its own on
    both CI systems (with Application Insights recording the requests too, on Azure: its
    alerts and release gates need it), the SaaS ones on alternating CI systems."""
    catalog = load_catalog()
    systems = list(CiSystem)
    numbers = count()
    for provider in (Provider.AWS, Provider.GCP, Provider.AZURE):
        base = starter_session(provider, "Metrics Shop")
        for service in catalog.services():
            if service.category is not Category.METRICS:
                continue
            own = service.provider.value == provider.value
            if not own and service.provider.value != "saas":
                continue
            variants = [("", base)]
            if own and provider is Provider.AZURE:
                insights = _swap(base, Category.ERRORS, "azure-application-insights")
                variants.append(("-app-insights", insights))
            for suffix, design in variants:
                chosen = systems if own else [systems[next(numbers) % len(systems)]]
                for system in chosen:
                    session = _swap(design, Category.METRICS, service.id)
                    session = replace(session, pipeline=session.pipeline.evolve(system=system))
                    name = f"metrics-{provider.value}-{service.id}{suffix}-{system.value}"
                    yield Combo(name, session)


def _swap(session: Session, category: Category, service: str) -> Session:
    """`session` with its component of `category` running on `service`."""
    components = tuple(
        c.evolve(service=service) if c.category is category else c for c in session.components
    )
    return replace(session, components=components)
