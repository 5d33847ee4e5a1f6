"""The starter design `infrasketch new` writes and the app opens on: small, complete, valid.

It is the design a careful architect would sketch first for a new web product on the
chosen cloud — one containerised service behind a load balancer, managed PostgreSQL,
object storage, a CDN, the monitoring stack and the role card's defaults for the
pipeline, thresholds, security and incident response — so that every screen and every
document has something true to show before the team changes anything.
"""

from __future__ import annotations

from model.catalog import load_catalog
from model.channels import Channel
from model.components import Autoscaling, Component
from model.context import Context
from model.deployment import ChecklistItem, Deployment, Migrations, Rollback
from model.enums import (
    AlertSeverity,
    ArchitectureStyle,
    Category,
    ChannelKind,
    Compliance,
    DashboardKind,
    DataSource,
    DeployMode,
    LintTool,
    Metric,
    Provider,
    SeverityLevel,
)
from model.environments import Environment
from model.incidents import IncidentResponse, Severity
from model.monitoring import AlertThreshold, Dashboard, Monitoring
from model.pipeline import BuildStage, LintStage, Pipeline
from model.security import Backups, SecretRef, Security
from model.session import Session

# Preferred service per category, per cloud; `hybrid` starts from AWS.
_CHOICES: dict[Provider, dict[Category, str]] = {
    Provider.AWS: {
        Category.DNS: "aws-route53",
        Category.CDN: "aws-cloudfront",
        Category.FRONTEND_HOSTING: "aws-s3-static-website",
        Category.LOAD_BALANCER: "aws-alb",
        Category.COMPUTE: "aws-ecs-fargate",
        Category.DATABASE: "aws-rds-postgres",
        Category.OBJECT_STORAGE: "aws-s3",
        Category.LOGS: "aws-cloudwatch-logs",
        Category.METRICS: "aws-cloudwatch-metrics",
        Category.ERRORS: "saas-sentry",
        Category.UPTIME: "saas-uptimerobot",
        Category.SECRETS: "aws-secrets-manager",
        Category.TLS: "aws-acm",
    },
    Provider.GCP: {
        Category.DNS: "gcp-cloud-dns",
        Category.CDN: "gcp-cloud-cdn",
        Category.FRONTEND_HOSTING: "gcp-cloud-storage-website",
        Category.LOAD_BALANCER: "gcp-cloud-load-balancing",
        Category.COMPUTE: "gcp-cloud-run",
        Category.DATABASE: "gcp-cloud-sql-postgres",
        Category.OBJECT_STORAGE: "gcp-cloud-storage",
        Category.LOGS: "gcp-cloud-logging",
        Category.METRICS: "gcp-cloud-monitoring",
        Category.ERRORS: "saas-sentry",
        Category.UPTIME: "saas-uptimerobot",
        Category.SECRETS: "gcp-secret-manager",
        Category.TLS: "gcp-managed-certificates",
    },
    Provider.AZURE: {
        Category.DNS: "azure-dns",
        Category.CDN: "azure-front-door",
        Category.FRONTEND_HOSTING: "azure-static-web-apps",
        Category.COMPUTE: "azure-app-service",
        Category.DATABASE: "azure-postgres-flexible",
        Category.OBJECT_STORAGE: "azure-blob-storage",
        Category.LOGS: "azure-log-analytics",
        Category.METRICS: "azure-monitor",
        Category.ERRORS: "saas-sentry",
        Category.UPTIME: "saas-uptimerobot",
        Category.SECRETS: "azure-key-vault",
        Category.TLS: "azure-managed-certificates",
    },
}
_CHOICES[Provider.HYBRID] = _CHOICES[Provider.AWS]

_NAMES = {
    Category.DNS: ("dns", "DNS"),
    Category.CDN: ("cdn", "CDN"),
    Category.FRONTEND_HOSTING: ("web", "Web app"),
    Category.LOAD_BALANCER: ("lb", "Load balancer"),
    Category.COMPUTE: ("api", "API service"),
    Category.DATABASE: ("db", "Primary database"),
    Category.OBJECT_STORAGE: ("files", "File storage"),
    Category.LOGS: ("logs", "Logs"),
    Category.METRICS: ("metrics", "Metrics"),
    Category.ERRORS: ("errors", "Error tracking"),
    Category.UPTIME: ("uptime", "Uptime checks"),
    Category.SECRETS: ("secrets", "Secrets"),
    Category.TLS: ("certs", "TLS certificates"),
}

DEFAULT_THRESHOLDS = (
    AlertThreshold(metric=Metric.ERROR_RATE, warning=1, critical=5, for_minutes=5),
    AlertThreshold(metric=Metric.LATENCY_P95, warning=1000, critical=2000, for_minutes=5),
    AlertThreshold(metric=Metric.LATENCY_P99, warning=2000, critical=4000, for_minutes=5),
    AlertThreshold(metric=Metric.CPU, warning=80, critical=95, for_minutes=5),
    AlertThreshold(metric=Metric.MEMORY, warning=85, critical=95, for_minutes=5),
    AlertThreshold(metric=Metric.DISK, warning=80, critical=90, for_minutes=10),
    AlertThreshold(metric=Metric.DB_SLOW_QUERY, warning=1, critical=5, for_minutes=5),
    AlertThreshold(metric=Metric.DB_CONNECTIONS, warning=80, critical=95, for_minutes=5),
    AlertThreshold(metric=Metric.REPLICATION_LAG, warning=30, critical=300, for_minutes=5),
)
"""The role card's alerting rules as critical/warning pairs."""

DEFAULT_SEVERITIES = (
    Severity(
        level=SeverityLevel.P0,
        description="Service down, data breach",
        response_minutes=15,
        page=True,
    ),
    Severity(
        level=SeverityLevel.P1,
        description="Major feature broken, security vulnerability",
        response_minutes=60,
        page=True,
    ),
    Severity(
        level=SeverityLevel.P2,
        description="Minor feature broken, degraded performance",
        response_minutes=24 * 60,
    ),
    Severity(
        level=SeverityLevel.P3,
        description="Cosmetic issues, no user impact",
        response_minutes=5 * 24 * 60,
    ),
)
"""The role card's severity levels with typical response times."""

DEFAULT_CHECKLIST = (
    ChecklistItem(text="All tests passing", done=True),
    ChecklistItem(text="Database migrations tested in staging", done=True),
    ChecklistItem(text="Environment variables configured", done=True),
    ChecklistItem(text="Rollback plan ready", done=True),
)
"""The role card's pre-deployment checklist."""

COMPLIANCE_CONTROLS: dict[Compliance, tuple[str, ...]] = {
    Compliance.GDPR: (
        "Data encryption at rest and in transit",
        "Personal data stays in EU regions",
        "Data processing agreements with every processor",
        "Right to erasure implemented",
    ),
    Compliance.SOC2: (
        "Logging and audit trails",
        "Access reviews every quarter",
        "Change management through pull requests",
        "Incident response plan tested",
    ),
    Compliance.PCI_DSS: (
        "Card data handled only by the payment provider",
        "WAF in front of payment pages",
        "Quarterly vulnerability scans",
    ),
    Compliance.HIPAA: (
        "Business associate agreements signed",
        "PHI encrypted at rest and in transit",
        "Access to PHI logged",
    ),
}
"""Typical controls per framework, offered as a starting checklist."""


def starter_components(provider: Provider) -> tuple[Component, ...]:
    """One component per category of the starter design on `provider`."""
    catalog = load_catalog()
    components = []
    for category, service_id in _CHOICES[provider].items():
        ident, name = _NAMES[category]
        service = catalog[service_id]
        extra: dict[str, object] = {}
        if category is Category.COMPUTE:
            extra = {
                "replicas": 2,
                "multi_az": True,
                "autoscaling": Autoscaling(min=2, max=6),
                "env_vars": ("NODE_ENV", "LOG_LEVEL", "PUBLIC_BASE_URL"),
            }
        elif category is Category.DATABASE:
            extra = {"multi_az": True}
        elif category is Category.FRONTEND_HOSTING:
            extra = {"env_vars": ("PUBLIC_API_URL",)}
        components.append(
            Component(
                id=ident,
                name=name,
                category=category,
                service=service.id,
                network="main-vpc" if category in _PRIVATE else None,
                **extra,  # type: ignore[arg-type]
            )
        )
    return tuple(components)


_PRIVATE = {Category.LOAD_BALANCER, Category.COMPUTE, Category.DATABASE}


def starter_session(provider: Provider = Provider.AWS, project: str = "New project") -> Session:
    """A complete, valid starter design on `provider`."""
    region = {
        Provider.AWS: "us-east-1",
        Provider.GCP: "us-central1",
        Provider.AZURE: "eastus",
        Provider.HYBRID: "us-east-1",
    }[provider]
    # A small team starts without a pager: criticals and warnings both reach chat, and the
    # skeptic asks who wakes up at night until the team adds one.
    slack = Channel(
        kind=ChannelKind.SLACK,
        target="#alerts",
        secret="SLACK_WEBHOOK_URL",
        severities=(AlertSeverity.CRITICAL, AlertSeverity.WARNING),
    )
    return Session(
        context=Context(
            project=project,
            description="A web application with a public API.",
            users=1_000,
            peak_rps=20,
            data_gb=10,
            growth_percent_per_month=10,
            team_size=3,
            monthly_budget_usd=500,
            availability_target_percent=99.9,
            regions=(region,),
        ),
        provider=provider,
        style=ArchitectureStyle.MONOLITH,
        components=starter_components(provider),
        environments=(
            Environment(
                name="dev",
                branch="develop",
                data=DataSource.SEEDED,
                size_percent=25,
                purpose="Everyday development",
            ),
            Environment(
                name="staging",
                branch="main",
                data=DataSource.ANONYMISED_COPY,
                size_percent=50,
                purpose="QA testing, stakeholder demos",
            ),
            Environment(
                name="prod",
                branch="main",
                deploy=DeployMode.APPROVAL,
                data=DataSource.LIVE,
                size_percent=100,
                purpose="Customers",
            ),
        ),
        pipeline=Pipeline(
            trigger_branches=("main", "develop"),
            lint=LintStage(tools=(LintTool.ESLINT, LintTool.PRETTIER)),
            build=BuildStage(frontend_command="npm run build"),
            notifications=(slack.evolve(target="#deploys", severities=()),),
        ),
        deployment=Deployment(
            checklist=DEFAULT_CHECKLIST,
            migrations=Migrations(tool="prisma migrate"),
            rollback=Rollback(
                steps=(
                    "Redeploy the previous image tag through the pipeline",
                    "Verify the health check and error rate are back to normal",
                ),
                database="Migrations are backwards-compatible; no schema rollback needed",
                eta_minutes=5,
            ),
        ),
        monitoring=Monitoring(
            thresholds=DEFAULT_THRESHOLDS,
            channels=(slack,),
            dashboards=(
                Dashboard(name="Service health"),
                Dashboard(name="Daily summary", kind=DashboardKind.DAILY_SUMMARY),
            ),
            business_metrics=("User signups", "Active users"),
        ),
        security=Security(
            backups=Backups(point_in_time_recovery=True),
            secrets=(
                SecretRef(
                    name="DATABASE_URL",
                    path="prod/api/database-url",
                    component="api",
                    owner="backend",
                    description="PostgreSQL connection string",
                ),
                SecretRef(
                    name="JWT_SECRET",
                    path="prod/api/jwt-signing-key",
                    component="api",
                    owner="backend",
                    description="Signs session tokens",
                ),
                SecretRef(
                    name="SLACK_WEBHOOK_URL",
                    path="prod/ops/slack-webhook",
                    owner="devops",
                    description="Posts alerts and deploy notices to Slack",
                ),
            ),
        ),
        incidents=IncidentResponse(
            severities=DEFAULT_SEVERITIES,
            rotation="Weekly, one engineer, business hours plus best effort",
            status_page="",
        ),
    )
