"""The deploy stages as a CI-neutral plan, and the header that explains a pipeline file.

Both CI exporters render the same plan: staging is record → release → health check;
production is record → secrets check → release → traffic steps with a health watch after
each → the post-deploy watch → retire the old version, with a rollback step that runs
only when something failed. Keeping the plan here is what makes the GitHub workflow and
the GitLab pipeline do the same thing in their own syntax.
"""

from __future__ import annotations

from dataclasses import dataclass

from exporters.ci.deploy_scripts import SHORT, health_check, record, release, watch
from exporters.ci.deploy_targets import (
    CLOUD_VARIABLES,
    LOGIN_VARIABLES,
    PLATFORM_LABELS,
    Deployable,
    clouds,
    deployables,
)
from exporters.ci.design_review import header_line
from exporters.ci.gate_scripts import gate_script, gate_variables
from exporters.ci.notify import notices
from exporters.ci.registry import (
    Ci,
    build_clouds,
    build_words,
    regional_push_line,
    registry_kind,
    uses_registry_secret,
)
from exporters.ci.shell import word
from exporters.ci.stack_commands import dependency_audit, lint_jobs
from exporters.ci.traffic_scripts import retire, rollback, shift, shifts_itself
from exporters.common import (
    Target,
    branch_regex,
    primary,
    region,
    service_of,
)
from exporters.local.services import ci_services
from model.analysis import Analysis
from model.catalog.facts import Cloud, DeployTool
from model.deploy_plan import EnvironmentPlan
from model.enums import Category, MigrationTiming, Strategy
from model.session import Session


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One named shell step of a deploy job."""

    name: str
    """What it does, for the CI's log."""
    script: str
    """The shell script."""
    on_failure: bool = False
    """Runs only when an earlier step failed (the rollback)."""


@dataclass(frozen=True, slots=True)
class Phase:
    """One deploy job: its environment, what it logs in to, and its steps."""

    target: Target
    """The environment."""
    plan: EnvironmentPlan
    """The environment's part of the deployment plan this job carries out."""
    clouds: tuple[Cloud, ...]
    """Clouds it authenticates to."""
    kubernetes: bool
    """Whether a GKE cluster is involved (gcloud needs its auth plugin)."""
    variables: tuple[str, ...]
    """Per-environment CI variables its scripts read."""
    steps: tuple[PlanStep, ...]
    """The steps, in order."""
    smoke_command: str | None
    """Smoke tests run after the deploy (staging)."""
    timeout_minutes: int
    """A ceiling for the job, covering every watch window."""

    @property
    def job_id(self) -> str:
        """The job's id in both CI systems."""
        if self.plan.production:
            return "deploy-production"
        return "deploy-staging" if self.plan.role == "staging" else f"deploy-{self.target.name}"


@dataclass(frozen=True, slots=True)
class DeployPlan:
    """The deploy jobs, one per environment, in the order a change reaches them."""

    phases: tuple[Phase, ...]
    """Every environment's job; production last."""
    strategy_label: str
    """The production strategy in words, e.g. `canary 10% → 50% → 100%`."""

    @property
    def production(self) -> Phase:
        """The production release."""
        return self.phases[-1]


TIMEOUT_MINUTES: dict[str, int] = {
    "lint": 15,
    "test": 30,
    "build": 30,
    "integration": 30,
    "security": 30,
    "smoke": 15,
    "notify": 5,
}
"""Time limit of each kind of job, in both CI systems (deploys: `Phase.timeout_minutes`)."""

ROLLBACK_MINUTES = 30
"""Time the rollback may take (GitLab runs it in `after_script`, 5 minutes by default)."""


def strategy_label(plan: EnvironmentPlan, watch: int) -> str:
    """The release strategy of `plan` in words, with the traffic steps it really takes."""
    if plan.strategy is Strategy.CANARY:
        steps = " → ".join(f"{s}%" for s in plan.traffic_steps or (100,))
        return f"canary {steps}, {watch} min per step"
    if plan.strategy is Strategy.BLUE_GREEN:
        return f"blue-green, {watch} min watch after the switch"
    return "rolling"


def _variables(targets: tuple[Deployable, ...]) -> tuple[str, ...]:
    found = []
    for cloud in clouds(targets):
        if cloud is Cloud.GCP:
            found.append("GCP_PROJECT_ID")
        if cloud is Cloud.AZURE:
            found.append("AZURE_RESOURCE_GROUP")
    return tuple(found)


def target_of(plan: EnvironmentPlan) -> Target:
    """The CI's view of an environment: name, branch, URL and gate."""
    return Target(name=plan.name, branch=plan.branch, url=plan.url, manual=plan.approval)


def _phase(
    targets: tuple[Deployable, ...],
    plan: EnvironmentPlan,
    steps: list[PlanStep],
    timeout: int,
    extra_variables: tuple[str, ...] = (),
) -> Phase:
    return Phase(
        target=target_of(plan),
        plan=plan,
        clouds=clouds(targets),
        kubernetes=any(
            DeployTool.KUBECTL in t.deploy.tools and t.cloud is Cloud.GCP for t in targets
        ),
        variables=(*_variables(targets), *extra_variables),
        steps=tuple(steps),
        smoke_command=plan.smoke_command,
        timeout_minutes=timeout,
    )


def _direct_phase(session: Session, targets: tuple[Deployable, ...], env: EnvironmentPlan) -> Phase:
    """A deploy straight to an environment that is not production."""
    d = session.deployment
    steps = [
        PlanStep(f"Record the running version of {t.component.name}", record(t, env.name))
        for t in targets
    ]
    steps += [
        PlanStep(f"Deploy {t.component.name}", release(t, env.name, None, d)) for t in targets
    ]
    steps.append(
        PlanStep(f"Health check GET {d.health_check.path}", health_check(URL, d.health_check))
    )
    return _phase(targets, env, steps, 45)


URL = "$APP_URL"
"""The shell expression of the environment's address in deploy scripts."""


def deploy_plan(analysis: Analysis) -> DeployPlan:
    """The deploy jobs of the analysed session: one per environment of its plan."""
    session = analysis.session
    plan = analysis.deployment
    targets = deployables(session)
    phases = [
        _direct_phase(session, targets, env) for env in plan.environments if not env.production
    ]
    prod = plan.production
    phases.append(_production_phase(analysis, targets, prod))
    return DeployPlan(tuple(phases), strategy_label(prod, session.deployment.step_watch_minutes))


def _production_phase(
    analysis: Analysis, targets: tuple[Deployable, ...], prod: EnvironmentPlan
) -> Phase:
    session = analysis.session
    plan = analysis.deployment
    d = session.deployment
    env = prod.name
    rollouts = {r.component.id: r for r in prod.rollouts}
    gates = gate_script(session, plan, region(session))
    alarms = plan.gate_check.alarm_names
    steps = [
        PlanStep(
            f"Record the running version of {t.component.name}",
            record(t, env, rollouts[t.id].strategy),
        )
        for t in targets
    ]
    check = secrets_check(session, targets)
    if check:
        steps.append(PlanStep("Check that the secrets the release reads exist", check))
    for backup in prod.backups:
        if backup.command is not None:
            label = f'"{backup.instance}-pre-$short"'
            command = backup.command.format(
                instance=backup.instance, label=label, region=region(session)
            )
            steps.append(
                PlanStep(
                    f"Back up {backup.component.name} before the release", f"{SHORT}\n{command}"
                )
            )
    for t in targets:
        r = rollouts[t.id]
        steps.append(
            PlanStep(
                f"Release {t.component.name} ({r.strategy.label.lower()})",
                release(t, env, r, d, alarms if r.serves_requests else ()),
            )
        )
    watched = 0
    shifting = [t for t in targets if not shifts_itself(t) and rollouts[t.id].shifts]
    percents = rollouts[shifting[0].id].steps if shifting else ()
    for percent in percents:
        script = "\n".join(shift(t, env, percent, rollouts[t.id].strategy) for t in shifting)
        steps.append(PlanStep(f"Shift {percent}% of traffic to the new version", script))
        steps.append(PlanStep(f"Health check at {percent}%", health_check(URL, d.health_check)))
        if percent < 100 and d.step_watch_minutes:
            steps.append(
                PlanStep(
                    f"Watch {percent}% for {d.step_watch_minutes} minutes",
                    watch(URL, d.step_watch_minutes, d.health_check, gates),
                )
            )
            watched += d.step_watch_minutes
    if not shifting:
        steps.append(
            PlanStep(f"Health check GET {d.health_check.path}", health_check(URL, d.health_check))
        )
    if prod.watch_minutes:
        steps.append(
            PlanStep(
                f"Watch the release for {prod.watch_minutes} minutes",
                watch(URL, prod.watch_minutes, d.health_check, gates),
            )
        )
    retired = [s for t in targets if (s := retire(t, env, rollouts[t.id].strategy))]
    if retired:
        steps.append(PlanStep("Retire the previous version", "\n".join(retired)))
    if targets:  # with nothing deployed there is nothing to roll back
        steps.append(
            PlanStep(
                "Roll back to the previous version",
                "\n".join(rollback(t, env, rollouts[t.id].strategy) for t in reversed(targets)),
                on_failure=True,
            )
        )
    bake = max(
        (
            rollouts[t.id].bake_minutes(d.step_watch_minutes)
            for t in targets
            if shifts_itself(t) and rollouts[t.id].shifts
        ),
        default=0,
    )
    timeout = 45 + watched + bake + prod.watch_minutes
    return _phase(targets, prod, steps, timeout, gate_variables(plan) if gates else ())


def secrets_check(session: Session, targets: tuple[Deployable, ...]) -> str | None:
    """Check by name that every secret the deployed components read is in the manager."""
    manager = primary(session, Category.SECRETS)
    if manager is None:
        return None
    check = service_of(manager).secrets_check
    if check is None:
        # The catalog refuses a secrets service without `secrets_check`.
        raise ValueError(f"{manager.id}: {manager.service} is not a secrets manager")
    ids = {t.id for t in targets}
    lines = []
    for secret in session.security.secrets:
        command = check.for_path(secret.path, word)
        if secret.component not in ids or command is None:
            continue
        missing = word(f"{secret.name}: nothing at {secret.path} in the secrets manager")
        lines.append(f"{command} > /dev/null || {{ echo {missing}; exit 1; }}")
        lines.append(f"echo {word(f'{secret.name}: {secret.path} is present')}")
    return "\n".join(lines) or None


def stage_branches(branch: str, ci: Ci) -> str:
    """The condition under which a push deploys, for the environment's `branch`."""
    if ci == "github":
        if "*" in branch:
            return f"startsWith(github.ref, 'refs/heads/{branch.split('*', maxsplit=1)[0]}')"
        return f"github.ref == 'refs/heads/{branch}'"
    if "*" in branch:
        pattern = branch_regex((branch,)).replace("/", "\\/")
        return f"$CI_COMMIT_BRANCH =~ /{pattern}/"
    return f'$CI_COMMIT_BRANCH == "{branch}"'


def describe_pipeline(analysis: Analysis, ci: Ci) -> list[str]:
    """Header lines saying what the pipeline does and what it expects of the repository."""
    session = analysis.session
    plan = analysis.deployment
    p = session.pipeline
    d = session.deployment
    stages = []
    if p.lint.enabled and p.lint.tools:
        stages.append("lint (" + ", ".join(t.label for j in lint_jobs(p) for t in j.tools) + ")")
    if p.unit_tests.enabled:
        stages.append(
            f"unit tests (fail below {p.unit_tests.coverage_threshold_percent:g}% line coverage)"
        )
    if p.build.enabled:
        stages.append(f"build ({build_words(session, ci)})")
    if p.integration_tests.enabled:
        labels = ", ".join(f"{s.label} for {s.stands_in_for}" for s in ci_services(session))
        stages.append(f"integration tests ({labels or 'no database'})")
    if p.security_scan.enabled:
        stages.append(
            f"security scan ({p.security_scan.dependency_audit.label}, "
            f"{p.security_scan.sast.label})"
        )
    for env in plan.environments:
        gate = "manual approval" if env.approval else f"on pushes to {env.branch}"
        smoke = " with smoke tests" if env.smoke_command else ""
        stages.append(f"deploy to {env.name}{smoke} ({gate})")
    lines = ["Stages: " + " → ".join(stages) + "."]
    prod = plan.production
    label = strategy_label(prod, d.step_watch_minutes)
    rollback = f"health check GET {d.health_check.path}"
    if plan.gate_check.automated and prod.gates:
        rollback += ", " + " or ".join(g.words for g in prod.gates)
        if plan.gate_check.alarm_names:
            rollback += f" (CloudWatch alarms {', '.join(plan.gate_check.alarm_names)})"
    lines.append(
        "The test, smoke-test and frontend build commands are the design's own and run as "
        "written; every other value from the design is quoted data."
    )
    lines.append(
        f"Production release: {label}; rolled back to the recorded version on a failed step or "
        f"{rollback}."
    )
    lines += [f"Limitation: {text}." for text in plan.limitations]
    if prod.approval:
        if ci == "github":
            lines.append(
                f"Approval: add required reviewers to the '{prod.name}' environment "
                "(Settings → Environments); the deploy job waits for them."
            )
        else:
            lines.append(
                f"Approval: deploy-production is `when: manual`; protect the "
                f"'{prod.name}' environment so only approvers can run it."
            )
    for t in deployables(session):
        lines.append(
            f"Deploys {t.component.name} with {PLATFORM_LABELS[t.platform]} to "
            f"{t.address(prod.name)} in {t.region} (image built from {t.context})."
        )
    if words := plan.migrations.words:
        lines.append(
            f"By a person, not this pipeline: {words[0].lower()}{words[1:]}, as a one-off task "
            "before the release is approved."
        )
    lines += _registry_warnings(session)
    for n in notices(p.notifications):
        if n.script is None:
            lines.append(f"Not notified: {n.label} names no secret holding its webhook or key.")
    lines += header_line(session, ci)
    lines += _settings(analysis, ci)
    return _wrap(lines)


_TIMING = {
    MigrationTiming.BEFORE_DEPLOY: "before the code deploy",
    MigrationTiming.EXPAND_CONTRACT: "expand/contract, compatible with both versions",
}


def _registry_warnings(session: Session) -> list[str]:
    """Platforms that cannot pull from the chosen registry, said plainly."""
    host = session.pipeline.build.registry
    kind = registry_kind(host)
    lines = []
    imaged = [t.component.name for t in deployables(session) if t.builds_image]
    if not session.pipeline.build.container_image and imaged:
        lines.append(
            f"Note: build.container_image is off, but {', '.join(imaged)} deploy(s) "
            "container images, so the image is built anyway."
        )
    if line := regional_push_line(session):
        lines.append(line)
    for t in deployables(session):
        allowed = t.deploy.registries
        if allowed is None or kind in allowed or t.deploy.registry_in_region:
            continue
        words = " or ".join(r.words for r in allowed)
        note = f" ({t.deploy.registry_note})" if t.deploy.registry_note else ""
        label = service_of(t.component).label
        line = f"Warning: {label} pulls images from {words} only, not {host}{note}."
        if line not in lines:
            lines.append(line)
    return lines


def _settings(analysis: Analysis, ci: Ci) -> list[str]:
    """The CI secrets and variables the pipeline reads, by scope."""
    session = analysis.session
    targets = deployables(session)
    scoped = sorted({name for c in clouds(targets) for name, _ in CLOUD_VARIABLES[c]})
    if any(env.url is None for env in analysis.deployment.environments):
        scoped.append("APP_URL")
    scoped += gate_variables(analysis.deployment)
    shared: list[str] = []
    if session.pipeline.build.enabled:
        # The build job runs outside any environment: it reads the repository's values.
        for cloud in build_clouds(session, ci):
            shared += [name for name, _ in LOGIN_VARIABLES[cloud]]
    if session.pipeline.build.enabled and uses_registry_secret(session, ci):
        shared += ["REGISTRY_USER", "REGISTRY_PASSWORD"]
    if session.pipeline.security_scan.enabled:
        shared += list(dependency_audit(session.pipeline).ci_secrets)
    shared += [n.secret for n in notices(session.pipeline.notifications) if n.secret]
    where = (
        "Secrets it reads (Settings → Secrets and variables → Actions)"
        if ci == "github"
        else "CI/CD variables it reads (Settings → CI/CD → Variables, masked)"
    )
    lines = []
    if scoped:
        lines.append(f"{where}, per environment: {', '.join(scoped)}.")
    if shared:
        lines.append(f"{where}, for all jobs: {', '.join(dict.fromkeys(shared))}.")
    return lines


def _wrap(lines: list[str], width: int = 96) -> list[str]:
    out: list[str] = []
    for line in lines:
        current = ""
        for item in line.split(" "):
            if current and len(current) + 1 + len(item) > width:
                out.append(current)
                current = "  " + item
            else:
                current = f"{current} {item}" if current else item
        out.append(current)
    return out
