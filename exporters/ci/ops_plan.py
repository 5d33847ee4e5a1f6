"""The deploy stages as a CI-neutral plan, and the header that explains a pipeline file.

Both CI exporters render the same plan: staging is record → release → health check;
production is record → secrets check → release → traffic steps with a health watch after
each → the post-deploy watch → retire the old version, with a rollback step that runs
only when something failed. Keeping the plan here is what makes the GitHub workflow and
the GitLab pipeline do the same thing in their own syntax.
"""

from __future__ import annotations

from dataclasses import dataclass

from exporters.ci.deploy_scripts import health_check, record, release, watch
from exporters.ci.deploy_targets import (
    CLOUD_VARIABLES,
    PLATFORM_LABELS,
    Deployable,
    clouds,
    deployables,
)
from exporters.ci.notify import notices
from exporters.ci.registry import Ci, needs_cloud_login, registry_kind, uses_registry_secret
from exporters.ci.shell import word
from exporters.ci.stack_commands import dependency_audit, lint_jobs
from exporters.ci.traffic_scripts import retire, rollback, shift, shifts_itself, traffic_steps
from exporters.common import (
    Target,
    branch_regex,
    primary,
    production_target,
    service_of,
    staging_target,
)
from exporters.local.services import ci_services
from model.catalog.facts import Cloud, DeployTool
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


@dataclass(frozen=True, slots=True)
class DeployPlan:
    """Stages 6 and 7."""

    staging: Phase | None
    """The staging deploy, if the pipeline has one."""
    production: Phase
    """The production release."""
    strategy_label: str
    """The strategy in words, e.g. `canary 10% → 50% → 100%`."""


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


def strategy_label(session: Session) -> str:
    """The release strategy in words."""
    d = session.deployment
    if d.strategy is Strategy.CANARY:
        steps = " → ".join(f"{s}%" for s in traffic_steps(d))
        return f"canary {steps}, {d.step_watch_minutes} min per step"
    if d.strategy is Strategy.BLUE_GREEN:
        return f"blue-green, {d.step_watch_minutes} min watch after the switch"
    return "rolling"


def _variables(targets: tuple[Deployable, ...]) -> tuple[str, ...]:
    found = []
    for cloud in clouds(targets):
        if cloud is Cloud.GCP:
            found.append("GCP_PROJECT_ID")
        if cloud is Cloud.AZURE:
            found.append("AZURE_RESOURCE_GROUP")
    return tuple(found)


def _phase(
    targets: tuple[Deployable, ...],
    target: Target,
    steps: list[PlanStep],
    smoke: str | None,
    timeout: int,
) -> Phase:
    return Phase(
        target=target,
        clouds=clouds(targets),
        kubernetes=any(
            DeployTool.KUBECTL in t.deploy.tools and t.cloud is Cloud.GCP for t in targets
        ),
        variables=_variables(targets),
        steps=tuple(steps),
        smoke_command=smoke,
        timeout_minutes=timeout,
    )


def deploy_plan(session: Session) -> DeployPlan:
    """The staging and production deploy jobs of `session`."""
    targets = deployables(session)
    d = session.deployment
    url = "$APP_URL"
    staging = None
    stage = staging_target(session)
    if stage is not None:
        steps = [
            PlanStep(f"Record the running version of {t.component.name}", record(t, stage.name))
            for t in targets
        ]
        steps += [
            PlanStep(f"Deploy {t.component.name}", release(t, stage.name, None, d)) for t in targets
        ]
        steps.append(
            PlanStep(f"Health check GET {d.health_check.path}", health_check(url, d.health_check))
        )
        staging = _phase(targets, stage, steps, session.pipeline.staging.smoke_test_command, 45)
    prod = production_target(session)
    env = prod.name
    strategy = d.strategy
    steps = [
        PlanStep(f"Record the running version of {t.component.name}", record(t, env, strategy))
        for t in targets
    ]
    check = secrets_check(session, targets)
    if check:
        steps.append(PlanStep("Check that the secrets the release reads exist", check))
    steps += [
        PlanStep(
            f"Release {t.component.name} ({strategy.label.lower()})", release(t, env, strategy, d)
        )
        for t in targets
    ]
    watched = 0
    manual = [t for t in targets if not shifts_itself(t)]
    for percent in traffic_steps(d) if manual else ():
        script = "\n".join(shift(t, env, percent, strategy) for t in manual)
        steps.append(PlanStep(f"Shift {percent}% of traffic to the new version", script))
        steps.append(PlanStep(f"Health check at {percent}%", health_check(url, d.health_check)))
        if percent < 100 and d.step_watch_minutes:
            steps.append(
                PlanStep(
                    f"Watch {percent}% for {d.step_watch_minutes} minutes",
                    watch(url, d.step_watch_minutes, d.health_check),
                )
            )
            watched += d.step_watch_minutes
    if not manual or not traffic_steps(d):
        steps.append(
            PlanStep(f"Health check GET {d.health_check.path}", health_check(url, d.health_check))
        )
    if d.post_deploy.watch_minutes:
        steps.append(
            PlanStep(
                f"Watch the release for {d.post_deploy.watch_minutes} minutes",
                watch(url, d.post_deploy.watch_minutes, d.health_check),
            )
        )
    retired = [s for t in targets if (s := retire(t, env, strategy))]
    if retired:
        steps.append(PlanStep("Retire the previous version", "\n".join(retired)))
    if targets:  # with nothing deployed there is nothing to roll back
        steps.append(
            PlanStep(
                "Roll back to the previous version",
                "\n".join(rollback(t, env, strategy) for t in reversed(targets)),
                on_failure=True,
            )
        )
    stepped = strategy is not Strategy.ROLLING
    bake = d.step_watch_minutes * (len(d.canary_steps_percent) + 1) if stepped and not manual else 0
    timeout = 45 + watched + bake + d.post_deploy.watch_minutes
    production = _phase(targets, prod, steps, None, timeout)
    return DeployPlan(staging, production, strategy_label(session))


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


def describe_pipeline(session: Session, ci: Ci) -> list[str]:
    """Header lines saying what the pipeline does and what it expects of the repository."""
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
        stages.append(f"build (images pushed to {p.build.registry})")
    if p.integration_tests.enabled:
        labels = ", ".join(f"{s.label} for {s.stands_in_for}" for s in ci_services(session))
        stages.append(f"integration tests ({labels or 'no database'})")
    if p.security_scan.enabled:
        stages.append(
            f"security scan ({p.security_scan.dependency_audit.label}, "
            f"{p.security_scan.sast.label})"
        )
    stage = staging_target(session)
    if stage:
        stages.append(f"deploy to {stage.name} with smoke tests")
    prod = production_target(session)
    gate = "manual approval" if prod.manual else "automatic after staging"
    stages.append(f"deploy to {prod.name} ({gate})")
    lines = ["Stages: " + " → ".join(stages) + "."]
    lines.append(
        "The test, smoke-test and frontend build commands are the design's own and run as "
        "written; every other value from the design is quoted data."
    )
    lines.append(
        f"Production release: {strategy_label(session)}; health check GET {d.health_check.path}; "
        "any failed step rolls back to the recorded version."
    )
    if prod.manual:
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
    if d.migrations.timing is not MigrationTiming.NONE and d.migrations.tool:
        lines.append(
            f"Not run here: database migrations ({d.migrations.tool}, "
            f"{_TIMING.get(d.migrations.timing, 'run by hand')}); run them as a one-off task "
            "of the release."
        )
    lines += _registry_warnings(session)
    for n in notices(p.notifications):
        if n.script is None:
            lines.append(f"Not notified: {n.label} names no secret holding its webhook or key.")
    lines += _settings(session, ci)
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
    for t in deployables(session):
        allowed = t.deploy.registries
        if allowed is None or kind in allowed:
            continue
        words = " or ".join(r.words for r in allowed)
        note = f" ({t.deploy.registry_note})" if t.deploy.registry_note else ""
        label = service_of(t.component).label
        line = f"Warning: {label} pulls images from {words} only, not {host}{note}."
        if line not in lines:
            lines.append(line)
    return lines


def _settings(session: Session, ci: Ci) -> list[str]:
    """The CI secrets and variables the pipeline reads, by scope."""
    targets = deployables(session)
    scoped = sorted({name for c in clouds(targets) for name, _ in CLOUD_VARIABLES[c]})
    if any(t.url is None for t in (staging_target(session), production_target(session)) if t):
        scoped.append("APP_URL")
    shared: list[str] = []
    registry_cloud = needs_cloud_login(session, ci)
    if registry_cloud is not None and registry_cloud not in clouds(targets):
        shared += [name for name, _ in CLOUD_VARIABLES[registry_cloud]]
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
