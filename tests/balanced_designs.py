"""Balanced designs: what a senior architect would sign for each kind of system, one per
cloud, serverless and containers, and a regulated payments design done right.

Each starts from the cloud's starter (`sessions/starters/<provider>.yaml`: pipeline,
deployment, thresholds, secrets and incidents already filled in) and closes the gaps a
reviewer would raise: critical alerts page someone around the clock, backups restore to
the second and have been rehearsed, production's data stays in production, queues
dead-letter after a few deliveries, webhooks retry and sign, databases run on dedicated
vCPUs, and what the checklist ticks is in the design. The skeptic tests assert which rules
stay quiet on them, and why (`tests/test_balanced_designs.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from model.compliance import ControlKind, typical_controls
from model.enums import (
    AlertSeverity,
    ArchitectureStyle,
    CardData,
    Category,
    ChannelKind,
    Compliance,
    DataSource,
    OnCallCoverage,
    Provider,
)
from model.sections.channels import Channel
from model.sections.components import (
    Autoscaling,
    Component,
    OutboundWebhooks,
    QueueSettings,
)
from model.sections.security import ComplianceItem
from model.session import Session, replace
from sessions.starter import starter_session

FAILURE_HANDLING = QueueSettings(
    dead_letter=True,
    max_receives=5,
    backoff=True,
    visibility_timeout_seconds=120,
    processing_seconds=30,
)
"""A job queue as a reviewer wants it: dead-letter after five deliveries, backoff, and a
visibility timeout four times the slowest job."""

WEBHOOKS = OutboundWebhooks(max_attempts=8, backoff=True, signed=True)
"""Outbound webhooks retried with backoff over about a day, and signed."""


def _component(ident: str, category: Category, service: str, **fields: Any) -> Component:
    return Component(id=ident, name=ident.replace("-", " ").capitalize(), category=category,
                     service=service, **fields)  # fmt: skip


def _closed(provider: Provider, project: str, **context: Any) -> Session:
    """The starter on `provider` with the operational gaps closed: a pager that takes
    critical alerts around the clock, point-in-time recovery that has been rehearsed, backups
    copied to another region (a region outage is rebuilt from them within the RTO), no
    budget to argue about, and the context given."""
    base = starter_session(provider, project)
    pager = Channel(
        kind=ChannelKind.PAGERDUTY,
        target=f"{project.lower().replace(' ', '-')}-production",
        severities=(AlertSeverity.CRITICAL,),
    )
    backups = base.security.backups.evolve(
        point_in_time_recovery=True, restore_tested=True, cross_region_copy=True
    )
    incidents = base.incidents.evolve(
        coverage=OnCallCoverage.AROUND_THE_CLOCK,
        rotation="Weekly, one primary and one secondary, pages answered at any hour",
    )
    values: dict[str, Any] = {
        "availability_target_percent": 99.9,
        "growth_percent_per_month": 0,
        "monthly_budget_usd": None,
    }
    values.update(context)
    return replace(
        base,
        context=base.context.evolve(**values),
        monitoring=base.monitoring.evolve(channels=(*base.monitoring.channels, pager)),
        security=base.security.evolve(backups=backups),
        incidents=incidents,
    )


def _with(session: Session, *components: Component, drop: tuple[str, ...] = ()) -> Session:
    """`session` without the components `drop`, with `components` added (links derived)."""
    kept = tuple(c for c in session.components if c.id not in drop)
    return replace(session, components=(*kept, *components))


def _swap(session: Session, ident: str, **changes: Any) -> Session:
    components = tuple(c.evolve(**changes) if c.id == ident else c for c in session.components)
    return replace(session, components=components)


def _checklist(session: Session) -> Session:
    """`session` with the typical controls of its frameworks listed and met."""
    context = session.context
    items = tuple(
        ComplianceItem(standard=standard, control=typical.text, kinds=typical.kinds, done=True)
        for standard in context.compliance
        for typical in typical_controls(standard, context.card_data)
    )
    return replace(session, security=session.security.evolve(compliance_checklist=items))


def aws_containers() -> Session:
    """A SaaS API on ECS Fargate behind an ALB, RDS PostgreSQL Multi-AZ on a dedicated
    db.m7g.large, an SQS job queue that dead-letters, and signed webhooks to customers."""
    session = _closed(Provider.AWS, "Ledger", users=20_000, peak_rps=60, team_size=6)
    session = _swap(session, "api", webhooks=WEBHOOKS)
    jobs = _component("jobs", Category.QUEUE, "aws-sqs", queue=FAILURE_HANDLING)
    return _with(session, jobs)


def aws_serverless() -> Session:
    """An event-driven API on Lambda behind an HTTP API, DynamoDB, SQS with a dead-letter
    queue, under GDPR with its typical controls met by managed, encrypted stores."""
    session = _closed(
        Provider.AWS, "Booking", users=5_000, peak_rps=30, compliance=(Compliance.GDPR,)
    )
    session = replace(session, style=ArchitectureStyle.SERVERLESS)
    api = _component("api", Category.COMPUTE, "aws-lambda", webhooks=WEBHOOKS)
    gateway = _component("gateway", Category.API_GATEWAY, "aws-api-gateway-http")
    table = _component("db", Category.DATABASE, "aws-dynamodb")
    jobs = _component("jobs", Category.QUEUE, "aws-sqs", queue=FAILURE_HANDLING)
    session = _with(session, gateway, api, table, jobs, drop=("lb", "api", "db"))
    return _checklist(session)


def gcp_containers() -> Session:
    """A shop on Cloud Run with Cloud SQL in HA on dedicated vCPUs and Pub/Sub order events
    that dead-letter, under GDPR."""
    session = _closed(
        Provider.GCP, "Shop", users=30_000, peak_rps=80, team_size=6, compliance=(Compliance.GDPR,)
    )
    events = _component("events", Category.QUEUE, "gcp-pubsub", queue=FAILURE_HANDLING)
    return _checklist(_with(session, events))


def gcp_serverless() -> Session:
    """A form-processing service on Cloud Functions with Firestore and a Cloud Tasks queue
    that dead-letters."""
    session = _closed(Provider.GCP, "Forms", users=2_000, peak_rps=10)
    session = replace(session, style=ArchitectureStyle.SERVERLESS)
    api = _component("api", Category.COMPUTE, "gcp-cloud-functions")
    store = _component("db", Category.DATABASE, "gcp-firestore")
    tasks = _component("tasks", Category.QUEUE, "gcp-cloud-tasks", queue=FAILURE_HANDLING)
    return _with(session, api, store, tasks, drop=("lb", "api", "db"))


def azure_containers() -> Session:
    """A B2B platform on Container Apps, PostgreSQL Flexible Server zone-redundant on
    D2ds v5, and Service Bus (which dead-letters after ten deliveries by default), under
    SOC 2 with its logging and audit trail in place."""
    session = _closed(
        Provider.AZURE, "Platform", users=10_000, peak_rps=50, team_size=8,
        compliance=(Compliance.SOC2,),
    )  # fmt: skip
    api = _component(
        "api",
        Category.COMPUTE,
        "azure-container-apps",
        replicas=2,
        multi_az=True,
        autoscaling=Autoscaling(min=2, max=6),
        webhooks=WEBHOOKS,
    )
    bus = _component("bus", Category.QUEUE, "azure-service-bus")
    return _checklist(_with(session, api, bus, drop=("api",)))


def pci_payments() -> Session:
    """A payments API whose own endpoints receive card numbers (PCI DSS full scope), done
    right: AWS WAF in front, data in private subnets, customer-managed keys and CloudTrail
    (implied by PCI DSS), every full-scope control met, staging on anonymised data, a
    dedicated-vCPU database in two zones, SQS that dead-letters, signed webhooks, and pages
    answered around the clock."""
    session = _closed(
        Provider.AWS, "Payments", users=50_000, peak_rps=100, team_size=8,
        compliance=(Compliance.PCI_DSS, Compliance.GDPR), card_data=CardData.MERCHANT_API,
        handles_payments=True,
    )  # fmt: skip
    session = _swap(session, "api", webhooks=WEBHOOKS)
    waf = _component("waf", Category.WAF, "aws-waf")
    jobs = _component("jobs", Category.QUEUE, "aws-sqs", queue=FAILURE_HANDLING)
    return _checklist(_with(session, waf, jobs))


BALANCED: dict[str, Callable[[], Session]] = {
    "aws-containers": aws_containers,
    "aws-serverless": aws_serverless,
    "gcp-containers": gcp_containers,
    "gcp-serverless": gcp_serverless,
    "azure-containers": azure_containers,
    "pci-payments": pci_payments,
}
"""Every balanced design by name."""


def pci_payments_as_reviewed() -> Session:
    """The PCI DSS payments design a reviewer was shown, one problem each a senior
    architect names first: the company is the processor but the checklist says the
    provider handles card data; the payments flag is unset and there is no WAF; staging
    holds live data; three Kafka brokers on EC2 carry a few messages a second; the
    database is a burstable db.t4g.large; the job queue has no dead-letter queue; webhooks
    go out once, unsigned; pages are answered in business hours against 99.95%; and the
    backups never leave us-east-1, so a region outage cannot be recovered."""
    session = pci_payments()
    context = session.context.evolve(
        card_data=CardData.PROCESSOR, handles_payments=False, availability_target_percent=99.95
    )
    checklist = tuple(
        item.evolve(control="Card data handled only by the payment provider", kinds=())
        if ControlKind.TOKENISATION in item.kinds
        else item
        for item in session.security.compliance_checklist
    )
    environments = tuple(
        e.evolve(data=DataSource.LIVE) if e.name == "staging" else e for e in session.environments
    )
    events = _component("events", Category.QUEUE, "aws-kafka-ec2", multi_az=True,
                        queue=FAILURE_HANDLING)  # fmt: skip
    session = _with(session, events, drop=("waf",))
    session = _swap(session, "db", size="db.t4g.large")
    session = _swap(session, "jobs", queue=None)
    session = _swap(session, "api", webhooks=OutboundWebhooks())
    backups = session.security.backups.evolve(cross_region_copy=False)
    return replace(
        session,
        context=context,
        environments=environments,
        security=session.security.evolve(compliance_checklist=checklist, backups=backups),
        incidents=session.incidents.evolve(coverage=OnCallCoverage.BUSINESS_HOURS),
    )
