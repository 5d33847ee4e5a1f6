"""The closed vocabularies of a design: providers, categories, strategies, tools.

Values are the spellings used in session files; `label` gives the words shown to people.
"""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A string enum whose members carry a human label (the value with words capitalised)."""

    @property
    def label(self) -> str:
        """Words for screens and documents."""
        return _LABELS.get(self.value, self.value.replace("_", " ").capitalize())


class Provider(Labelled):
    """The cloud a design is built on. `hybrid` allows services from several clouds."""

    AWS = "aws"
    GCP = "gcp"
    AZURE = "azure"
    HYBRID = "hybrid"

    @property
    def network_word(self) -> str:
        """What the cloud calls a private network: `VPC`, `VNet`, or `network` when the
        design spans clouds."""
        return {"aws": "VPC", "gcp": "VPC", "azure": "VNet"}.get(self.value, "network")


class ServiceProvider(Labelled):
    """Who offers a catalog service: one of the clouds, provider-neutral SaaS, or another
    party (an external system the design talks to but does not run)."""

    AWS = "aws"
    GCP = "gcp"
    AZURE = "azure"
    SAAS = "saas"
    EXTERNAL = "external"

    @property
    def label(self) -> str:
        """Words for screens and documents (`Another party` for an external system's)."""
        return "Another party" if self is ServiceProvider.EXTERNAL else super().label

    @property
    def cloud(self) -> bool:
        """Whether it is one of the clouds: its services run in the design's regions and
        bill by region (SaaS and other parties' systems are the same everywhere)."""
        return self in (ServiceProvider.AWS, ServiceProvider.GCP, ServiceProvider.AZURE)


class ArchitectureStyle(Labelled):
    """How the application itself is cut into deployable pieces."""

    MONOLITH = "monolith"
    MODULAR_MONOLITH = "modular_monolith"
    MICROSERVICES = "microservices"
    SERVERLESS = "serverless"


class Category(Labelled):
    """What a component does in the architecture; every catalog service has exactly one."""

    FRONTEND_HOSTING = "frontend_hosting"
    CDN = "cdn"
    DNS = "dns"
    COMPUTE = "compute"
    API_GATEWAY = "api_gateway"
    LOAD_BALANCER = "load_balancer"
    DATABASE = "database"
    CACHE = "cache"
    QUEUE = "queue"
    OBJECT_STORAGE = "object_storage"
    LOGS = "logs"
    METRICS = "metrics"
    ERRORS = "errors"
    UPTIME = "uptime"
    SECRETS = "secrets"
    TLS = "tls"
    WAF = "waf"
    ONCALL = "oncall"
    SEARCH = "search"
    EXTERNAL = "external"
    """A system the design talks to but does not run: a partner's endpoints, an acquirer,
    a third-party API. Another party runs it, so the design neither prices nor sizes it."""

    @property
    def run_by_us(self) -> bool:
        """Whether the design runs (and so prices, sizes and deploys) its components."""
        return self is not Category.EXTERNAL


class Direction(Labelled):
    """Which way an external system and the design talk."""

    OUTBOUND = "outbound"
    """The design calls it (an acquirer, a third-party API, a partner's webhook endpoint)."""
    INBOUND = "inbound"
    """It calls the design (a partner's system sending orders, a provider's callbacks)."""
    BOTH = "both"
    """Both: the design calls it and it calls back."""


class Subnet(Labelled):
    """Where in its private network a component sits, from the internet inwards."""

    PUBLIC = "public"
    """A public subnet, reachable from the internet: load balancers, NAT gateways."""
    PRIVATE_APP = "private_app"
    """A private subnet for the application: reached through the load balancer only."""
    PRIVATE_DATA = "private_data"
    """A private subnet for data: databases, caches and search, reached from the
    application's subnet only."""


class Compliance(Labelled):
    """Regulations and audit frameworks a design may have to meet."""

    GDPR = "gdpr"
    SOC2 = "soc2"
    PCI_DSS = "pci_dss"
    HIPAA = "hipaa"

    @property
    def audited(self) -> bool:
        """Whether an auditor checks the controls (a SOC 2 report, a PCI DSS assessment, a
        HIPAA audit): audits expect customer-managed keys for every data store, an audit
        trail, configuration history and threat detection, a month of backups and secrets
        rotated every 90 days. GDPR asks for measures appropriate to the risk (Article 32),
        which the encryption managed stores apply by default meets, and no audit certifies
        them."""
        return self in (Compliance.SOC2, Compliance.PCI_DSS, Compliance.HIPAA)


class CardData(Labelled):
    """Who receives the card numbers (PANs) of a system that takes card payments, which
    decides how much of it PCI DSS covers."""

    PROVIDER_HOSTED = "provider_hosted"
    """The payment provider's hosted fields, payment page or redirect collect the card; the
    company's systems only ever see a token (PCI DSS SAQ A, or A-EP for a page that loads
    the provider's script)."""
    MERCHANT_API = "merchant_api"
    """The company's own API or pages receive card numbers, then tokenise them or pass them
    to a provider: every system that stores, processes or can reach them is in scope
    (SAQ D for merchants)."""
    PROCESSOR = "processor"
    """The company is itself a processor, payment facilitator or merchant of record for
    others: it stores, processes or transmits card data as a service provider (SAQ D for
    service providers, or an on-site assessment)."""

    @property
    def in_scope(self) -> bool:
        """Whether the company's own systems handle card numbers."""
        return self is not CardData.PROVIDER_HOSTED


class OnCallCoverage(Labelled):
    """When someone is on call to respond to a page."""

    BUSINESS_HOURS = "business_hours"
    """Weekdays 09:00-18:00 (45 of the week's 168 hours); nights and weekends wait."""
    EXTENDED = "extended"
    """07:00-23:00 every day (112 of 168 hours); nights wait."""
    AROUND_THE_CLOCK = "around_the_clock"
    """Every hour of every day: a rotation that answers pages at night and at weekends."""

    @property
    def windows(self) -> tuple[tuple[int, int] | None, ...]:
        """The hours covered on each day, Monday first: (from, to) on a 24-hour clock, or
        None for a day nobody covers."""
        return _COVERED[self.value]


_COVERED: dict[str, tuple[tuple[int, int] | None, ...]] = {
    "business_hours": ((9, 18),) * 5 + (None, None),
    "extended": ((7, 23),) * 7,
    "around_the_clock": ((0, 24),) * 7,
}


class Frontend(Labelled):
    """What the users' devices load from the system, which decides the traffic per request."""

    API_ONLY = "api_only"
    """No web frontend of its own: clients call a JSON API (~5 KB a response)."""
    SINGLE_PAGE_APP = "single_page_app"
    """A single-page app from static hosting calling a JSON API (~5 KB a response; the
    app's files are downloaded a few times a month per user)."""
    SERVER_PAGES = "server_pages"
    """Server-rendered web pages (~50 KB a response)."""


class DisasterRecovery(Labelled):
    """What runs in the regions after the first, the AWS disaster-recovery strategies."""

    BACKUP_RESTORE = "backup_restore"
    """Backups copied to the other region; everything is rebuilt there after a disaster."""
    PILOT_LIGHT = "pilot_light"
    """Databases replicated to the other region, no compute: scale it up to fail over."""
    WARM_STANDBY = "warm_standby"
    """A scaled-down copy running in the other region: replicas at full size, one instance of
    each service, ready to scale up and take traffic."""
    ACTIVE_ACTIVE = "active_active"
    """Every region serves users, each sized to carry all traffic when another fails."""


class DeployMode(Labelled):
    """How a change reaches an environment."""

    AUTO = "auto"
    APPROVAL = "approval"


class DataSource(Labelled):
    """Where an environment's database content comes from."""

    SEEDED = "seeded"
    ANONYMISED_COPY = "anonymised_copy"
    LIVE = "live"


class CiSystem(Labelled):
    """The CI/CD service that runs the pipeline."""

    GITHUB_ACTIONS = "github_actions"
    GITLAB_CI = "gitlab_ci"


class Stack(Labelled):
    """The application's main language; decides lint, test and audit commands."""

    NODE = "node"
    PYTHON = "python"
    GO = "go"
    JAVA = "java"


class LintTool(Labelled):
    """Linters and formatters the lint stage can run."""

    ESLINT = "eslint"
    PRETTIER = "prettier"
    BLACK = "black"
    RUFF = "ruff"
    FLAKE8 = "flake8"
    MYPY = "mypy"
    GOLANGCI_LINT = "golangci_lint"
    GOFMT = "gofmt"
    CHECKSTYLE = "checkstyle"
    SPOTLESS = "spotless"


class E2eTool(Labelled):
    """End-to-end test runners for the integration stage."""

    PLAYWRIGHT = "playwright"
    CYPRESS = "cypress"
    NONE = "none"


class DependencyAudit(Labelled):
    """Dependency vulnerability scanners."""

    NPM_AUDIT = "npm_audit"
    PIP_AUDIT = "pip_audit"
    GOVULNCHECK = "govulncheck"
    OWASP_DEPENDENCY_CHECK = "owasp_dependency_check"
    SNYK = "snyk"
    TRIVY = "trivy"


class SastTool(Labelled):
    """Static analysis (SAST) tools."""

    CODEQL = "codeql"
    SEMGREP = "semgrep"
    BANDIT = "bandit"
    GOSEC = "gosec"
    NONE = "none"


class ProductionApproval(Labelled):
    """What gates a production deploy."""

    MANUAL = "manual"
    AUTO_AFTER_STAGING = "auto_after_staging"


class ChannelKind(Labelled):
    """Where notifications and alerts are delivered."""

    SLACK = "slack"
    DISCORD = "discord"
    TEAMS = "teams"
    EMAIL = "email"
    PAGERDUTY = "pagerduty"
    OPSGENIE = "opsgenie"
    WEBHOOK = "webhook"

    @property
    def is_pager(self) -> bool:
        """Whether this channel wakes a person up (an on-call paging service)."""
        return self in (ChannelKind.PAGERDUTY, ChannelKind.OPSGENIE)


class AlertSeverity(Labelled):
    """The two levels of the role card's alerting rules."""

    CRITICAL = "critical"
    WARNING = "warning"


class Strategy(Labelled):
    """How a new version replaces the old one in production."""

    BLUE_GREEN = "blue_green"
    ROLLING = "rolling"
    CANARY = "canary"


class MigrationTiming(Labelled):
    """When database schema migrations run relative to the code deploy."""

    BEFORE_DEPLOY = "before_deploy"
    EXPAND_CONTRACT = "expand_contract"
    MANUAL = "manual"
    NONE = "none"


class Metric(Labelled):
    """Metrics with critical/warning thresholds. Higher values are always worse."""

    ERROR_RATE = "error_rate"
    LATENCY_P95 = "latency_p95"
    LATENCY_P99 = "latency_p99"
    CPU = "cpu"
    MEMORY = "memory"
    DISK = "disk"
    DB_SLOW_QUERY = "db_slow_query"
    DB_CONNECTIONS = "db_connections"
    REPLICATION_LAG = "replication_lag"

    @property
    def unit(self) -> str:
        """The unit thresholds of this metric are written in."""
        return _METRIC_UNITS[self.value]

    @property
    def is_percent(self) -> bool:
        """Whether thresholds are percentages (and so bounded by 100)."""
        return self.unit == "%"

    @property
    def of_requests(self) -> bool:
        """Whether requests measure it (error rate, response times), so the request metrics
        of a load balancer, a platform or request telemetry can alert on it."""
        return self in (Metric.ERROR_RATE, Metric.LATENCY_P95, Metric.LATENCY_P99)

    def amount(self, value: float) -> str:
        """`value` in this metric's unit, as the documents write it: `0.5%`, `300 ms`."""
        return f"{value:g}%" if self.is_percent else f"{value:g} {self.unit}"


class SecretsDelivery(Labelled):
    """How secrets reach the running application."""

    RUNTIME_FETCH = "runtime_fetch"
    INJECTED_ENV = "injected_env"
    PLAIN_ENV = "plain_env"


class TlsVersion(StrEnum):
    """Minimum TLS protocol version accepted."""

    TLS_1_2 = "1.2"
    TLS_1_3 = "1.3"


class SeverityLevel(StrEnum):
    """Incident severity levels of the role card."""

    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


class DashboardKind(Labelled):
    """How often a dashboard is looked at."""

    REALTIME = "realtime"
    DAILY_SUMMARY = "daily_summary"
    WEEKLY_REPORT = "weekly_report"


class DecisionStatus(Labelled):
    """The lifecycle of an architecture decision record."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    SUPERSEDED = "superseded"
    REJECTED = "rejected"


_METRIC_UNITS = {
    "error_rate": "%",
    "latency_p95": "ms",
    "latency_p99": "ms",
    "cpu": "%",
    "memory": "%",
    "disk": "%",
    "db_slow_query": "s",
    "db_connections": "%",
    "replication_lag": "s",
}

_LABELS = {
    "aws": "AWS",
    "gcp": "GCP",
    "azure": "Azure",
    "saas": "SaaS",
    "external": "External system",
    "outbound": "We call it",
    "inbound": "It calls us",
    "both": "Both ways",
    "public": "Public subnet",
    "private_app": "Private app subnet",
    "private_data": "Private data subnet",
    "cdn": "CDN",
    "dns": "DNS",
    "api_gateway": "API gateway",
    "tls": "TLS",
    "waf": "WAF / DDoS",
    "oncall": "On-call",
    "provider_hosted": "Payment provider's hosted fields or page",
    "merchant_api": "Our API receives card numbers",
    "processor": "We are the processor or merchant of record",
    "around_the_clock": "Around the clock",
    "api_only": "API only",
    "single_page_app": "Single-page app",
    "server_pages": "Server-rendered pages",
    "backup_restore": "Backup and restore",
    "active_active": "Active-active",
    "gdpr": "GDPR",
    "soc2": "SOC 2",
    "pci_dss": "PCI DSS",
    "hipaa": "HIPAA",
    "github_actions": "GitHub Actions",
    "gitlab_ci": "GitLab CI",
    "node": "Node.js",
    "eslint": "ESLint",
    "golangci_lint": "golangci-lint",
    "npm_audit": "npm audit",
    "pip_audit": "pip-audit",
    "owasp_dependency_check": "OWASP Dependency-Check",
    "codeql": "CodeQL",
    "pagerduty": "PagerDuty",
    "opsgenie": "Opsgenie",
    "blue_green": "Blue-green",
    "error_rate": "Error rate",
    "latency_p95": "Latency p95",
    "latency_p99": "Latency p99",
    "cpu": "CPU usage",
    "memory": "Memory usage",
    "disk": "Disk usage",
    "db_slow_query": "Slowest DB query",
    "db_connections": "DB connection pool usage",
    "replication_lag": "Replication lag",
    "anonymised_copy": "Anonymised copy of production",
    "seeded": "Seeded test data",
    "live": "Live data",
}


class Severity(StrEnum):
    """How urgently a finding needs an answer."""

    CRITICAL = "critical"
    """Data loss or an outage nobody would notice: fix before launch."""
    HIGH = "high"
    """A real risk or a large cost for this design: decide now."""
    MEDIUM = "medium"
    """Worth a decision record."""
    LOW = "low"
    """A tidy-up."""

    @property
    def rank(self) -> int:
        """0 for critical up to 3 for low, for sorting."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {severity: index for index, severity in enumerate(Severity)}
