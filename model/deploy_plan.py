"""The deployment plan: how each environment of a design receives a release, decided once.

The deployment document, the GitHub and GitLab pipelines and the incident runbooks all say
how a release reaches an environment and how it is taken back. They are renderings of the
`DeploymentPlan` computed here from the session and the catalog, so they cannot disagree:
per environment the branch and trigger, the approval, the strategy and the traffic shares
each component really passes through, the watch windows, the criteria that roll a release
back and how the pipeline evaluates them, the backup taken before it, and the migrations.

A platform that cannot do what the session asks makes the plan say so (`limitations`):
Amazon ECS runs a canary in one step or in equal steps, App Runner and VM scale sets have
no traffic splits, a queue consumer takes no requests to split. The documents state the
limitation and the trade-off summary repeats it, instead of the CI quietly doing less than
the document promises.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from model.catalog import Catalog, Service, load_catalog
from model.catalog.facts import Alerting, Platform
from model.engines.graph import effective_links
from model.enums import Category, DataSource, DeployMode, Metric, MigrationTiming, Strategy
from model.metrics_sources import (
    metrics_service,
    prom_request_sources,
    request_front,
    request_telemetry,
)
from model.naming import alarm_name, project_slug, resource_name
from model.sections.components import Component
from model.sections.deployment import Deployment
from model.sections.environments import Environment
from model.session import Session

ECS_LINEAR_MIN_STEP = 3
"""The smallest step (percent) of an Amazon ECS linear deployment."""

_ALL_AT_ONCE: dict[Platform, str] = {
    Platform.APP_RUNNER: "AWS App Runner has no traffic splits: it moves all traffic to the "
    "new version once that is healthy",
    Platform.VMSS: "Azure VM scale sets upgrade instances in rolling batches and cannot "
    "split traffic by share",
}
"""Platforms that cannot send a share of traffic to a new version, and why."""


@dataclass(frozen=True, slots=True)
class Rollout:
    """How one deployable component receives a release in one environment."""

    component: Component
    """The compute component."""
    platform: Platform
    """Its deployment mechanism."""
    strategy: Strategy
    """The strategy it is really released with (a consumer without requests rolls)."""
    steps: tuple[int, ...]
    """Traffic shares (percent) the new version passes through; empty for a rolling one."""
    linear: bool = False
    """Whether the steps are equal ones the platform takes itself (ECS linear)."""
    serves_requests: bool = True
    """Whether it answers requests, so request metrics (the release gates) describe it."""
    limitation: str = ""
    """What the platform or the component cannot do of what the session asks, in words."""

    @property
    def shifts(self) -> bool:
        """Whether its traffic moves in steps the plan watches."""
        return bool(self.steps)

    def bake_minutes(self, step_watch_minutes: int) -> int:
        """Minutes the platform itself watches a stepped release: each step, then the
        full release once more before it retires the old version (0 when it rolls)."""
        return step_watch_minutes * (len(self.steps) + 1) if self.steps else 0


@dataclass(frozen=True, slots=True)
class Gate:
    """A criterion that rolls a release back: a measured value above a limit."""

    metric: Metric
    """What is measured."""
    limit: float
    """The limit, in the metric's unit."""

    @property
    def what(self) -> str:
        """The measured value in words, e.g. `error rate`."""
        return _GATE_WORDS[self.metric]

    @property
    def words(self) -> str:
        """The criterion in words, e.g. `error rate above 0.5%`."""
        unit = self.metric.unit
        amount = f"{self.limit:g}%" if unit == "%" else f"{self.limit:g} {unit}"
        return f"{self.what} above {amount}"


_GATE_WORDS = {Metric.ERROR_RATE: "error rate", Metric.LATENCY_P95: "p95 response time"}


@dataclass(frozen=True, slots=True)
class GateCheck:
    """How the pipeline evaluates the gates: through the design's metrics service."""

    alerting: Alerting | None
    """The alerting stack of the design's metrics service, None without one."""
    service: str
    """The metrics service's name, or an empty string."""
    automated: bool
    """Whether the pipeline itself reads the gates (otherwise only the health check)."""
    alarm_names: tuple[str, ...] = ()
    """CloudWatch alarms that are the gates, in `gates` order."""
    missing: str = ""
    """What the metrics service lacks to measure the gates, in words, when it cannot."""


@dataclass(frozen=True, slots=True)
class Backup:
    """The backup of a database taken before a production release."""

    component: Component
    """The database."""
    instance: str
    """Its resource name in the environment."""
    command: str | None
    """The command that takes it, or None when the pipeline cannot (see `reason`)."""
    reason: str = ""
    """Why the pipeline cannot, and what protects the release instead."""


@dataclass(frozen=True, slots=True)
class EnvironmentPlan:
    """How a release reaches one environment."""

    environment: Environment
    """The environment as the session declares it."""
    role: str
    """`production`, `staging` (the pipeline's staging stage, with smoke tests) or `other`."""
    approval: bool
    """Whether a person approves each deploy."""
    strategy: Strategy
    """The strategy of the environment (production: the session's; others roll)."""
    rollouts: tuple[Rollout, ...]
    """Each deployable component's release."""
    step_watch_minutes: int
    """Minutes each traffic step is watched before the next."""
    watch_minutes: int
    """Minutes the whole release is watched after the last step."""
    gates: tuple[Gate, ...]
    """What rolls the release back besides a failing health check."""
    backups: tuple[Backup, ...]
    """Backups taken before the release."""
    smoke_command: str | None
    """Smoke tests run after the deploy."""

    @property
    def name(self) -> str:
        """The environment's name."""
        return self.environment.name

    @property
    def branch(self) -> str:
        """The branch whose pushes deploy here."""
        return self.environment.branch

    @property
    def url(self) -> str | None:
        """Its public address, if the session records one."""
        return self.environment.url

    @property
    def production(self) -> bool:
        """Whether this is the production environment."""
        return self.role == "production"

    @property
    def traffic_steps(self) -> tuple[int, ...]:
        """The traffic shares the environment's release passes through (the first
        component's that shifts traffic; every shifting component shares them)."""
        return next((r.steps for r in self.rollouts if r.shifts), ())


@dataclass(frozen=True, slots=True)
class Migrations:
    """How schema changes ship with a release."""

    timing: MigrationTiming
    """When they run."""
    tool: str
    """The tool, or an empty string."""

    @property
    def words(self) -> str:
        """What happens, in words, or an empty string when nothing runs."""
        tool = f" ({self.tool})" if self.tool else ""
        if self.timing is MigrationTiming.BEFORE_DEPLOY:
            return f"Run the database migrations{tool} before the release"
        if self.timing is MigrationTiming.EXPAND_CONTRACT:
            return (
                f"Run the expand phase of the migrations{tool} before the release; the "
                "contract phase ships with the next release"
            )
        if self.timing is MigrationTiming.MANUAL:
            return "Apply the reviewed database migration by hand before the release"
        return ""


@dataclass(frozen=True, slots=True)
class DeploymentPlan:
    """Every environment's release, in the order a change reaches them."""

    environments: tuple[EnvironmentPlan, ...]
    """Every declared environment (and the pipeline's, if it names one not declared)."""
    migrations: Migrations
    """How schema changes ship."""
    gate_check: GateCheck
    """How the pipeline evaluates the production gates."""

    @property
    def production(self) -> EnvironmentPlan:
        """The production environment's plan."""
        return next(e for e in self.environments if e.production)

    def environment(self, name: str) -> EnvironmentPlan | None:
        """The plan of environment `name`, if any."""
        return next((e for e in self.environments if e.name == name), None)

    @property
    def limitations(self) -> tuple[str, ...]:
        """Everything the plan cannot do of what the session asks, once each."""
        found = [r.limitation for r in self.production.rollouts if r.limitation]
        check = self.gate_check
        if not check.automated and self.production.gates:
            gates = " or ".join(g.words for g in self.production.gates)
            where = f"on {check.service}" if check.service else "on the dashboards"
            why = f" ({check.missing})" if check.missing else ""
            found.append(
                f"The pipeline rolls back on a failing health check only{why}; a release with "
                f"{gates} is rolled back by the person watching {where} during the "
                f"{self.production.watch_minutes}-minute watch"
            )
        found += [
            f"{b.component.name}: no backup before the release; {b.reason}"
            for b in self.production.backups
            if b.command is None
        ]
        return tuple(dict.fromkeys(found))


def request_targets(session: Session) -> frozenset[str]:
    """The ids of the components that answer requests (a request link ends at them), so a
    share of traffic can be sent to a new version; a queue consumer is not among them."""
    return frozenset(link.target for link in effective_links(session) if link.kind == "request")


def rollout(
    session: Session, component: Component, service: Service, strategy: Strategy, *, serves: bool
) -> Rollout:
    """How `component` is released with `strategy`, as far as its platform allows; `serves`
    says whether it answers requests."""
    if service.deploy is None:
        raise ValueError(f"{component.id}: {service.id} is not a deployable compute service")
    platform = service.deploy.platform
    d = session.deployment
    if strategy is Strategy.ROLLING:
        return Rollout(component, platform, strategy, (), serves_requests=serves)
    if not serves:
        return Rollout(
            component,
            platform,
            Strategy.ROLLING,
            (),
            serves_requests=False,
            limitation=f"{component.name} takes no requests, so there is no traffic to "
            f"shift: it is replaced a few instances at a time instead of by "
            f"{strategy.label.lower()}",
        )
    if platform in _ALL_AT_ONCE:
        if strategy is Strategy.CANARY:
            return Rollout(
                component,
                platform,
                Strategy.ROLLING,
                (),
                limitation=f"{component.name}: {_ALL_AT_ONCE[platform]}; the canary steps are "
                "not taken",
            )
        if platform is Platform.VMSS:
            return Rollout(
                component,
                platform,
                Strategy.ROLLING,
                (),
                limitation=f"{component.name}: {_ALL_AT_ONCE[platform]}; there is no second "
                "stack to switch to",
            )
        return Rollout(component, platform, strategy, (100,))
    if strategy is Strategy.BLUE_GREEN:
        return Rollout(component, platform, strategy, (100,))
    shares = d.canary_steps_percent or (100,)
    if platform is not Platform.ECS:
        return Rollout(component, platform, strategy, shares)
    return _ecs_canary(component, shares, d.step_watch_minutes)


def _ecs_canary(component: Component, shares: tuple[int, ...], watch: int) -> Rollout:
    """Amazon ECS deployments take one canary step or equal linear steps."""
    partial = [s for s in shares if s < 100]
    if len(partial) <= 1:
        return Rollout(component, Platform.ECS, Strategy.CANARY, shares)
    gaps = {b - a for a, b in pairwise([0, *partial, 100])}
    if len(gaps) == 1 and partial[0] >= ECS_LINEAR_MIN_STEP:
        return Rollout(component, Platform.ECS, Strategy.CANARY, shares, linear=True)
    rest = ", ".join(f"{s}%" for s in partial[1:])
    equal = " → ".join(f"{s}%" for s in range(25, 101, 25))
    return Rollout(
        component,
        Platform.ECS,
        Strategy.CANARY,
        (partial[0], 100),
        limitation=f"{component.name}: Amazon ECS runs a canary in one step ({partial[0]}% for "
        f"{watch} min, then 100%), so the session's further steps ({rest}) are not taken; equal "
        f"steps (an ECS linear deployment, e.g. {equal}) would be",
    )


def _backups(session: Session, catalog: Catalog, env: Environment, project: str) -> list[Backup]:
    """Backups before a release to an environment holding live data."""
    if env.data is not DataSource.LIVE:
        return []
    found = []
    for db in session.components_in(Category.DATABASE):
        snapshot = catalog[db.service].snapshot
        instance = resource_name(project, env.name, db)
        if snapshot is None or snapshot.command is None:
            reason = snapshot.reason if snapshot else "the catalog names no backup command"
            found.append(Backup(db, instance, None, reason))
        else:
            found.append(Backup(db, instance, snapshot.command))
    return found


def gate_check(
    session: Session, catalog: Catalog, project: str, production: str, serving: frozenset[str]
) -> GateCheck:
    """How the pipeline reads the production gates through the design's metrics service
    (`model.metrics_sources` says where each stack's request metrics come from)."""
    service = metrics_service(session, catalog)
    if service is None:
        return GateCheck(None, "", automated=False)
    alerting = service.alerting
    if alerting is Alerting.CLOUDWATCH:
        if request_front(session, catalog) is None:
            return GateCheck(alerting, service.label, automated=False, missing=_NO_FRONT)
        names = tuple(alarm_name(project, production, m) for m in ("error-rate", "latency-p95"))
        return GateCheck(alerting, service.label, automated=True, alarm_names=names)
    if alerting is Alerting.CLOUD_MONITORING:
        sources = prom_request_sources(session, catalog, serving)
        missing = "" if sources else _NO_GCP_SOURCE
        return GateCheck(alerting, service.label, automated=bool(sources), missing=missing)
    if alerting is Alerting.AZURE_MONITOR:
        telemetry = request_telemetry(session, catalog)
        missing = "" if telemetry else _NO_TELEMETRY
        return GateCheck(alerting, service.label, automated=telemetry is not None, missing=missing)
    # The pipeline can query a Prometheus the team runs; managed ones need signed requests
    # (SigV4, Grafana Cloud tokens) that the pipeline is not given.
    automated = alerting is Alerting.PROMETHEUS and "self_hosted" in service.tags
    return GateCheck(alerting, service.label, automated=automated)


_NO_FRONT = "no load balancer or REST API in the design publishes request metrics to CloudWatch"
_NO_GCP_SOURCE = (
    "no Cloud Run service, App Engine service or load balancer in the design records "
    "request metrics in Cloud Monitoring"
)
_NO_TELEMETRY = "the design has no Application Insights to record the requests"


def _environment_plan(
    session: Session,
    catalog: Catalog,
    env: Environment,
    *,
    role: str,
    approval: bool,
    project: str,
    serving: frozenset[str],
) -> EnvironmentPlan:
    d = session.deployment
    production = role == "production"
    strategy = d.strategy if production else Strategy.ROLLING
    rollouts = tuple(
        rollout(session, c, catalog[c.service], strategy, serves=c.id in serving)
        for c in session.components_in(Category.COMPUTE)
    )
    gates: tuple[Gate, ...] = ()
    if production:
        post = d.post_deploy
        gates = (
            Gate(Metric.ERROR_RATE, post.error_rate_percent),
            Gate(Metric.LATENCY_P95, post.latency_p95_ms),
        )
    smoke = session.pipeline.staging.smoke_test_command if role == "staging" else None
    return EnvironmentPlan(
        environment=env,
        role=role,
        approval=approval,
        strategy=strategy,
        rollouts=rollouts,
        step_watch_minutes=d.step_watch_minutes if production else 0,
        watch_minutes=d.post_deploy.watch_minutes if production else 0,
        gates=gates,
        backups=tuple(_backups(session, catalog, env, project)) if production else (),
        smoke_command=smoke or None,
    )


def plan_deployment(session: Session, catalog: Catalog | None = None) -> DeploymentPlan:
    """The deployment plan of `session`."""
    catalog = catalog or load_catalog()
    project = project_slug(session)
    p = session.pipeline
    prod_name = p.production.environment
    stage_name = p.staging.environment if p.staging.enabled else None
    declared = {e.name: e for e in session.environments}
    fallback = Environment(name=prod_name, branch=p.trigger_branches[0])
    stage = None
    if stage_name is not None:
        stage = declared.get(stage_name) or Environment(name=stage_name, branch=fallback.branch)
    prod = declared.get(prod_name) or fallback
    manual = p.production.approval.value == "manual"
    order = [
        (env, "other", False)
        for env in session.environments
        if env.name not in (prod_name, stage_name)
    ]
    order += [(stage, "staging", False)] if stage is not None else []
    order.append((prod, "production", manual))
    serving = request_targets(session)
    plans = [
        _environment_plan(
            session,
            catalog,
            env,
            role=role,
            approval=forced or env.deploy is DeployMode.APPROVAL,
            project=project,
            serving=serving,
        )
        for env, role, forced in order
    ]
    m = session.deployment.migrations
    migrations = Migrations(m.timing, m.tool)
    return DeploymentPlan(
        tuple(plans), migrations, gate_check(session, catalog, project, prod_name, serving)
    )


def release_steps(plan: DeploymentPlan, deployment: Deployment) -> list[str]:
    """The production release in order, as the pipeline runs it and what a person does: the
    steps the deployment document numbers and the workshop's Deployment step shows."""
    prod = plan.production
    check = deployment.health_check
    steps = []
    if plan.migrations.words:
        steps.append(f"{plan.migrations.words}: a person runs them as a one-off task")
    if prod.approval:
        steps.append(f"A person approves the release of {prod.branch} to {prod.name}")
    for backup in prod.backups:
        if backup.command is not None:
            steps.append(f"The pipeline backs up {backup.component.name} ({backup.instance})")
    for r in prod.rollouts:
        watch = deployment.step_watch_minutes
        if r.strategy is Strategy.CANARY:
            for share in r.steps[:-1]:
                steps.append(f"{r.component.name}: send {share}% of traffic to the new version")
                steps.append(f"Watch the release gates for {watch} min")
            steps.append(f"{r.component.name}: send 100% of traffic to the new version")
        elif r.strategy is Strategy.BLUE_GREEN:
            steps.append(f"{r.component.name}: start the new version beside the old one")
            steps.append(
                f"{r.component.name}: switch traffic once GET {check.path} passes "
                f"{check.healthy_threshold} times in a row"
            )
        elif not r.serves_requests:
            steps.append(f"{r.component.name}: replace instances a few at a time")
        else:
            steps.append(
                f"{r.component.name}: replace instances a few at a time; each takes traffic "
                f"once GET {check.path} passes {check.healthy_threshold} times in a row"
            )
    if prod.watch_minutes:
        steps.append(f"Watch the release gates for {prod.watch_minutes} min")
    if plan.migrations.timing is MigrationTiming.EXPAND_CONTRACT:
        steps.append("Run the contract phase of the migrations with the next release")
    return steps
