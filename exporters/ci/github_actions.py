"""The GitHub Actions workflow of a design: the role card's seven stages, wired with `needs:`.

Lint → unit tests (coverage enforced) → build and push the image → integration tests
against a service container of the design's database → dependency audit and static
analysis → staging (deploy, health check, smoke tests) → production behind the `prod`
environment (required reviewers when approval is manual), released with the session's
strategy, watched on the health check, and rolled back automatically on any failure →
a failure notice to the session's channels. Least privilege throughout: the workflow
token may only read, and each job widens that only where it must.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from exporters.ci import design_review, pins
from exporters.ci import github_steps as gh
from exporters.ci.deploy_targets import deployables
from exporters.ci.notify import notices
from exporters.ci.ops_plan import (
    TIMEOUT_MINUTES,
    DeployPlan,
    Phase,
    deploy_plan,
    describe_pipeline,
    stage_branches,
)
from exporters.ci.registry import (
    PREFIXES,
    build_clouds,
    image_prefix_lines,
    login_script,
    prefixes_in,
    pushes,
    regional_login_script,
    registry_kind,
    uses_registry_secret,
)
from exporters.ci.shell import word
from exporters.ci.stack_commands import (
    CODEQL_LANGUAGES,
    dependency_audit,
    frontend_build,
    integration_script,
    lint_jobs,
    sast,
    stack_ecosystem,
    unit_test_script,
)
from exporters.common import banner, one_line
from exporters.local.services import ci_services
from exporters.yaml_text import render_yaml
from model.analysis import Analysis
from model.catalog.facts import Registry
from model.enums import SastTool, Stack
from model.session import Session

Job = dict[str, Any]
RUNNER = "ubuntu-latest"


def github_workflow(analysis: Analysis) -> str:
    """The workflow file (`.github/workflows/ci.yml`) of `session`."""
    session = analysis.session
    p = session.pipeline
    jobs: dict[str, Job] = {}
    lint_ids = []
    if p.lint.enabled:
        for lint in lint_jobs(p):
            job_id = f"lint-{lint.ecosystem}"
            lint_ids.append(job_id)
            jobs[job_id] = _job(
                f"Lint and format ({lint.ecosystem}: {', '.join(t.label for t in lint.tools)})",
                [gh.checkout(), gh.setup(lint.ecosystem), gh.run("Lint", lint.script)],
                timeout=TIMEOUT_MINUTES["lint"],
            )
    tests_ids = list(lint_ids)
    if p.unit_tests.enabled:
        threshold = f"{p.unit_tests.coverage_threshold_percent:g}"
        jobs["unit-tests"] = _job(
            f"Unit tests (line coverage ≥ {threshold}%)",
            [
                gh.checkout(),
                gh.setup(stack_ecosystem(p.stack)),
                gh.run(f"Unit tests, failing below {threshold}% coverage", unit_test_script(p)),
            ],
            timeout=TIMEOUT_MINUTES["test"],
        )
        tests_ids.append("unit-tests")
    if p.build.enabled:
        jobs["build"] = _build_job(session, needs=tests_ids)
    if p.integration_tests.enabled:
        jobs["integration-tests"] = _integration_job(session, needs=tests_ids)
    if p.security_scan.enabled:
        jobs["security-scan"] = _security_job(session, needs=lint_ids)
    gate: list[str] = [j for j in ("build", "integration-tests", "security-scan") if j in jobs]
    plan = deploy_plan(analysis)
    built = list(gate)
    for phase in plan.phases:
        needs = built if phase.plan.role == "other" else gate
        jobs[phase.job_id] = _deploy_job(session, plan, phase, needs=needs)
        if phase.plan.role == "staging":
            gate = [phase.job_id]
    notify = _notify_job(session, needs=list(jobs))
    if notify is not None:
        jobs["notify-failure"] = notify
    # After the failure notice, which it is not part of: a design guardrail failing on a
    # pull request is the comment's news, not the team channel's.
    review = _design_review_job(session)
    if review is not None:
        jobs[design_review.JOB_ID] = review
    branches = list(dict.fromkeys([*p.trigger_branches, *(ph.target.branch for ph in plan.phases)]))
    if _publishes_releases(branches):
        _without_dependency_caches(jobs)
    workflow: dict[str, Any] = {
        "name": f"CI/CD — {one_line(session.context.project)}",
        "on": {
            "push": {"branches": branches},
            "pull_request": {"branches": branches},
            "workflow_dispatch": {},
        },
        "permissions": {"contents": "read"},
        "concurrency": {
            "group": "${{ github.workflow }}-${{ github.ref }}",
            "cancel-in-progress": "${{ github.event_name == 'pull_request' }}",
        },
        "jobs": jobs,
    }
    header = [
        *banner(session, "GitHub Actions workflow"),
        "",
        *describe_pipeline(analysis, "github"),
    ]
    return gh.pin_comments(render_yaml(workflow, header))


def _publishes_releases(branches: list[str]) -> bool:
    """Whether pushes to release branches run the workflow (a publishing workflow)."""
    return any("release" in b.lower() for b in branches)


def _without_dependency_caches(jobs: dict[str, Job]) -> None:
    """Drop the setup actions' dependency caches from every job.

    A cache written by any branch's run is restored by a release branch's run, so one
    poisoned cache entry ends up in a released image (zizmor's `cache-poisoning`). A
    workflow that builds releases therefore installs dependencies from the registry.
    """
    off = {
        pins.SETUP_NODE.uses: {"package-manager-cache": False},  # on by default since v5
        pins.SETUP_GO.uses: {"cache": False},  # on by default
    }
    for job in jobs.values():
        for step in job.get("steps", []):
            with_ = step.get("with")
            if str(step.get("uses", "")).startswith("actions/setup-") and with_ is not None:
                with_.pop("cache", None)
                with_.update(off.get(step["uses"], {}))


def _job(name: str, steps: list[gh.Step], timeout: int, **extra: Any) -> Job:
    job: Job = {"name": name}
    # `needs: []` is rejected by actionlint and the schema: a job with no prerequisite
    # simply has no `needs`.
    job.update({k: v for k, v in extra.items() if not (k == "needs" and not v)})
    job["runs-on"] = RUNNER
    job["timeout-minutes"] = timeout
    job["steps"] = steps
    return job


def _on_push(branches: str | None = None) -> str:
    """Pushes (and manual runs) of `branches`; never pull requests."""
    return "github.event_name != 'pull_request'" + (f" && {branches}" if branches else "")


def _build_job(session: Session, needs: list[str]) -> Job:
    p = session.pipeline
    steps: list[gh.Step] = [gh.checkout()]
    if p.build.frontend_command:
        # The team's build command runs as written: code by design (RUNS_AS_CODE).
        steps += [
            gh.setup("node"),
            gh.run("Build the frontend", frontend_build(p.build.frontend_command)),
        ]
    images = [t for t in deployables(session) if t.builds_image]
    permissions = {"contents": "read"}
    if images:
        found = pushes(session)
        kind = registry_kind(p.build.registry)
        if found.session_registry and kind is Registry.GHCR:
            permissions["packages"] = "write"
        push = {"if": _on_push()}
        clouds = build_clouds(session, "github")
        if clouds:
            permissions["id-token"] = "write"
        for cloud in clouds:
            for step in gh.cloud_login(cloud, session.context.regions[0]):
                steps.append({**push, **step} if "name" in step else step)
        steps.append(
            _name_images(
                session,
                {t.image_prefix for t in images},
                "Name the images",
                credentials='[ "$GITHUB_EVENT_NAME" != pull_request ]',
            )
        )
        if found.session_registry:
            env = {}
            if kind is Registry.GHCR:
                env["REGISTRY_PASSWORD"] = "${{ secrets.GITHUB_TOKEN }}"
            elif uses_registry_secret(session, "github"):
                env = {
                    "REGISTRY_USER": "${{ secrets.REGISTRY_USER }}",
                    "REGISTRY_PASSWORD": "${{ secrets.REGISTRY_PASSWORD }}",
                }
            steps.append(
                gh.run("Log in to the registry", login_script(session, "github"), env, **push)
            )
        if found.regional_login:
            steps.append(
                gh.run(
                    f"Log in to Amazon ECR in {session.context.regions[0]}",
                    regional_login_script(session),
                    None,
                    **push,
                )
            )
        steps.append({"name": "Set up Docker Buildx", "uses": pins.SETUP_BUILDX.uses})
        steps += [
            gh.build_and_push(t.component.name, t.id, t.context, t.image_prefix) for t in images
        ]
    job = _job(
        "Build", steps, timeout=TIMEOUT_MINUTES["build"], needs=needs, permissions=permissions
    )
    if images:
        # A job that publishes images restores no dependency cache (zizmor's
        # cache-poisoning): `npm ci` installs the frontend's packages from the registry.
        _without_dependency_caches({"build": job})
    return job


def _name_images(
    session: Session, prefixes: Iterable[str], name: str, credentials: str | None = None
) -> gh.Step:
    """A step setting the image prefixes for the job's later steps (`$GITHUB_ENV`)."""
    wanted = [v for v in PREFIXES if v in set(prefixes)]
    lines = image_prefix_lines(session, "github", wanted, credentials=credentials)
    lines += [f'echo "{v}=${v}" >> "$GITHUB_ENV"' for v in wanted]
    return gh.run(name, "\n".join(lines))


def _integration_job(session: Session, needs: list[str]) -> Job:
    p = session.pipeline
    services = ci_services(session)
    containers = {s.key: gh.service_container(s) for s in services if not s.command_required}
    steps: list[gh.Step] = [gh.checkout(), gh.setup(stack_ecosystem(p.stack))]
    env: dict[str, str] = {}
    for s in services:
        if s.command_required:
            steps += gh.start_emulator(s)
        elif not s.healthcheck:
            steps.append(gh.wait_for(s))
        env.update(s.connection("localhost"))
    steps.append(gh.run("Integration tests", integration_script(p), env or None))
    extra: dict[str, Any] = {"needs": needs}
    if containers:
        extra["services"] = containers
    labels = ", ".join(s.label for s in services) or "no database"
    return _job(
        f"Integration tests ({labels})", steps, timeout=TIMEOUT_MINUTES["integration"], **extra
    )


def _security_job(session: Session, needs: list[str]) -> Job:
    p = session.pipeline
    permissions = {"contents": "read"}
    audit = dependency_audit(p)
    steps: list[gh.Step] = [gh.checkout()]
    if audit.ecosystem:
        steps.append(gh.setup(audit.ecosystem))
    env = {name: f"${{{{ secrets.{name} }}}}" for name in audit.ci_secrets}
    script = audit.script
    if audit.image:
        script = f'docker run --rm -v "$PWD:/src" -w /src --entrypoint "" {audit.image} {script}'
    label = p.security_scan.dependency_audit.label
    steps.append(gh.run(f"Dependency audit ({label})", script, env))
    scan = sast(p, codeql_available=True)
    if p.security_scan.sast is SastTool.CODEQL:
        permissions.update({"security-events": "write", "actions": "read"})
        init: dict[str, str] = {"languages": CODEQL_LANGUAGES[p.stack]}
        if p.stack is Stack.JAVA:
            init["build-mode"] = "none"
        steps += [
            {"name": "Initialise CodeQL", "uses": pins.CODEQL_INIT.uses, "with": init},
            {
                "name": "Static analysis (CodeQL)",
                "uses": pins.CODEQL_ANALYZE.uses,
                "with": {"category": f"/language:{CODEQL_LANGUAGES[p.stack]}"},
            },
        ]
    elif scan is not None:
        if scan.ecosystem and scan.ecosystem != audit.ecosystem:
            steps.append(gh.setup(scan.ecosystem))
        steps.append(gh.run(f"Static analysis ({p.security_scan.sast.label})", scan.script))
    return _job(
        "Security scan",
        steps,
        timeout=TIMEOUT_MINUTES["security"],
        needs=needs,
        permissions=permissions,
    )


def _deploy_job(session: Session, plan: DeployPlan, phase: Phase, needs: list[str]) -> Job:
    target = phase.target
    env: dict[str, str] = {
        "COMMIT_SHA": "${{ github.sha }}",
        "APP_URL": target.url or "${{ secrets.APP_URL }}",
    }
    for name in phase.variables:
        env[name] = f"${{{{ secrets.{name} }}}}"
    steps: list[gh.Step] = [gh.checkout()]
    for cloud in phase.clouds:
        steps += gh.cloud_login(cloud, session.context.regions[0], kubernetes=phase.kubernetes)
    prefixes = prefixes_in(s.script for s in phase.steps)
    if prefixes:
        steps.append(_name_images(session, prefixes, "Name the image"))
    for step in phase.steps:
        if step.on_failure:
            steps.append(gh.run(step.name, step.script, None, **{"if": "failure()"}))
        else:
            steps.append(gh.run(step.name, step.script))
    if phase.smoke_command:
        # The team's smoke-test command runs as written: code by design (RUNS_AS_CODE).
        ecosystem = stack_ecosystem(session.pipeline.stack)
        steps += [
            gh.setup(ecosystem),
            gh.run(
                f"Smoke tests against {target.name}",
                phase.smoke_command,
                {"BASE_URL": "${{ env.APP_URL }}"},
            ),
        ]
    condition = _on_push(stage_branches(target.branch, "github"))
    job = _job(
        f"Deploy to {target.name}" + (f" ({plan.strategy_label})" if phase.plan.production else ""),
        steps,
        timeout=phase.timeout_minutes,
        needs=needs,
    )
    needed = {"needs": job.pop("needs")} if "needs" in job else {}
    job = {"name": job.pop("name"), "if": condition, **needed, **job}
    job["environment"] = {"name": target.name, **({"url": target.url} if target.url else {})}
    job["concurrency"] = {"group": f"deploy-{target.name}", "cancel-in-progress": False}
    permissions = {"contents": "read"}
    if phase.clouds:
        permissions["id-token"] = "write"
    job["permissions"] = permissions
    job["env"] = env
    job["steps"] = job.pop("steps")
    return job


def _notify_job(session: Session, needs: list[str]) -> Job | None:
    sendable = [n for n in notices(session.pipeline.notifications) if n.script]
    if not sendable:
        return None
    text = (
        "${{ github.workflow }} failed on ${{ github.ref_name }} (${{ github.sha }}): "
        "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}"
    )
    steps = []
    for n in sendable:
        env = {"NOTIFY_TEXT": text}
        if n.secret:
            env[n.secret] = f"${{{{ secrets.{n.secret} }}}}"
        steps.append(gh.run(f"Notify {n.label}", n.script or "", env))
    job = _job("Notify on failure", steps, timeout=TIMEOUT_MINUTES["notify"], needs=needs)
    return {"name": job.pop("name"), "if": "failure()", **job}


def _design_review_job(session: Session) -> Job | None:
    """On pull requests that change the session or its bundle: the diff against the target
    branch as one comment, the bundle checked, the guardrails enforced."""
    review = design_review.design_review(session)
    if review is None:
        return None
    changed = "steps.changed.outputs.changed == 'true'"
    paths = " ".join(word(p) for p in design_review.watched(review))
    steps: list[gh.Step] = [
        {**gh.checkout(), "with": {"fetch-depth": 0, "persist-credentials": False}},
        gh.run(
            "Does the pull request change the design?",
            f'if git diff --quiet "origin/$BASE_REF...HEAD" -- {paths}; then\n'
            '  echo "changed=false" >> "$GITHUB_OUTPUT"\n'
            "else\n"
            '  echo "changed=true" >> "$GITHUB_OUTPUT"\n'
            "fi",
            id="changed",
        ),
        # No dependency cache: the repository has no Python requirements to key it on.
        {
            "name": "Set up Python",
            "if": changed,
            "uses": pins.SETUP_PYTHON.uses,
            "with": {"python-version": pins.PYTHON_VERSION},
        },
        gh.run("Install infrasketch", design_review.install(), None, **{"if": changed}),
        gh.run(
            "Compare the design with the target branch",
            design_review.diff_script(
                review,
                "origin/$BASE_REF",
                "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$HEAD_SHA",
            )
            + '\necho "status=$status" >> "$GITHUB_OUTPUT"'
            + f'\ncat {design_review.COMMENT_FILE} >> "$GITHUB_STEP_SUMMARY"',
            None,
            id="diff",
            **{"if": changed},
        ),
        gh.run(
            "Post or update the design-review comment",
            design_review.github_post_script(),
            {"GH_TOKEN": "${{ github.token }}"},
            # A fork's pull request gets a read-only token: its review stays in the summary.
            **{
                "if": f"{changed} && github.event.pull_request.head.repo.full_name == "
                "github.repository"
            },
        ),
        gh.run(
            "The exported documents match the design",
            design_review.check_script(review),
            None,
            **{"if": changed},
        ),
        gh.run(
            "Fail on the design guardrails",
            design_review.guardrail_script(),
            {"DIFF_STATUS": "${{ steps.diff.outputs.status }}"},
            **{"if": changed},
        ),
    ]
    job = _job(
        "Design review (cost, availability and risk of the change)",
        steps,
        timeout=design_review.TIMEOUT_MINUTES,
        permissions={"contents": "read", "pull-requests": "write"},
    )
    steps_ = job.pop("steps")
    return {
        "name": job.pop("name"),
        "if": "github.event_name == 'pull_request'",
        **job,
        "env": {
            "BASE_REF": "${{ github.base_ref }}",
            "PR_NUMBER": "${{ github.event.pull_request.number }}",
            "HEAD_SHA": "${{ github.event.pull_request.head.sha }}",
        },
        "steps": steps_,
    }
