"""The GitLab CI pipeline of a design: the same seven stages as the GitHub workflow.

Stages run in order (`stages:`), jobs start as soon as their `needs:` finish, and
`rules:` decide what runs for merge requests and for pushes to the deploy branches.
Integration tests get the design's database as a `services:` container; the coverage
gate fails the unit-test job below the threshold and `coverage:` reads the percentage
for merge requests. Production is `when: manual` when approval is manual (with
`allow_failure: false`, so the pipeline waits instead of passing), serialised by a
`resource_group`, and rolled back by the job's `after_script` when the deploy failed.
Cloud access uses GitLab's OIDC `id_tokens`, never stored keys.
"""

from __future__ import annotations

from typing import Any

from exporters.ci import design_review, pins
from exporters.ci.deploy_targets import Deployable, deployables
from exporters.ci.notify import notices
from exporters.ci.ops_plan import (
    ROLLBACK_MINUTES,
    TIMEOUT_MINUTES,
    DeployPlan,
    Phase,
    deploy_plan,
    describe_pipeline,
    stage_branches,
)
from exporters.ci.registry import (
    CACHE_TAG,
    build_clouds,
    image_prefix_lines,
    login_script,
    prefixes_in,
    pushes,
    regional_login_script,
)
from exporters.ci.stack_commands import (
    COVERAGE_REGEX,
    Ecosystem,
    dependency_audit,
    frontend_build,
    install,
    integration_script,
    lint_jobs,
    sast,
    stack_ecosystem,
    unit_test_script,
)
from exporters.common import banner, branch_regex, one_line, region
from exporters.local.services import LocalService, ci_services
from exporters.yaml_text import render_yaml
from model.analysis import Analysis
from model.catalog.facts import Cloud, DeployTool
from model.session import Session

Job = dict[str, Any]

STAGES = [
    "review",
    "lint",
    "test",
    "build",
    "integration",
    "security",
    "staging",
    "production",
    "notify",
]

_IMAGES: dict[Ecosystem, str] = {
    "node": pins.IMAGE_NODE,
    "python": pins.IMAGE_PYTHON,
    "go": pins.IMAGE_GO,
    "java": pins.IMAGE_JAVA,
}

_AUDIENCE: dict[Cloud, str] = {
    Cloud.AWS: "$CI_SERVER_URL",
    Cloud.GCP: "https://iam.googleapis.com/$GCP_WORKLOAD_IDENTITY_PROVIDER",
    Cloud.AZURE: "api://AzureADTokenExchange",
}


def gitlab_pipeline(analysis: Analysis) -> str:
    """The pipeline file (`.gitlab-ci.yml`) of `session`."""
    session = analysis.session
    p = session.pipeline
    jobs: dict[str, Job] = {}
    lint_ids: list[str] = []
    if p.lint.enabled:
        for lint in lint_jobs(p):
            job_id = f"lint-{lint.ecosystem}"
            lint_ids.append(job_id)
            jobs[job_id] = _job("lint", _IMAGES[lint.ecosystem], lint.script.splitlines())
    tests = list(lint_ids)
    if p.unit_tests.enabled:
        job = _job("test", _IMAGES[stack_ecosystem(p.stack)], [unit_test_script(p)])
        job["coverage"] = COVERAGE_REGEX
        jobs["unit-tests"] = job
        tests.append("unit-tests")
    if p.build.enabled:
        jobs["build"] = _build_job(session, tests)
    if p.integration_tests.enabled:
        jobs["integration-tests"] = _integration_job(session, tests)
    scans: list[str] = []
    if p.security_scan.enabled:
        audit = dependency_audit(p)
        image: str | dict[str, Any] = (
            _IMAGES[audit.ecosystem]
            if audit.ecosystem
            else {"name": audit.image, "entrypoint": [""]}
        )
        jobs["dependency-audit"] = _job("security", image, [audit.script], needs=lint_ids)
        scans.append("dependency-audit")
        scan = sast(p, codeql_available=False)
        if scan is not None:
            eco = scan.ecosystem or "python"
            jobs["static-analysis"] = _job("security", _IMAGES[eco], [scan.script], needs=lint_ids)
            scans.append("static-analysis")
    gate = [j for j in ("build", "integration-tests") if j in jobs] + scans
    plan = deploy_plan(analysis)
    jobs.update(_deploy_jobs(session, plan, gate))
    notify = _notify_job(session)
    if notify is not None:
        jobs["notify-failure"] = notify
    review = _design_review_job(session)
    if review is not None:
        jobs[design_review.JOB_ID] = review
    every = list(dict.fromkeys([*p.trigger_branches, *(ph.target.branch for ph in plan.phases)]))
    branches = branch_regex(every).replace("/", "\\/")
    pipeline: dict[str, Any] = {
        "stages": STAGES,
        "workflow": {
            "rules": [
                {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'},
                {"if": "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS", "when": "never"},
                {"if": f"$CI_COMMIT_BRANCH =~ /{branches}/"},
            ]
        },
        "variables": {"COMMIT_SHA": "$CI_COMMIT_SHA"},
        "default": {"interruptible": True},
        **jobs,
    }
    header = [*banner(session, "GitLab CI pipeline"), "", *describe_pipeline(analysis, "gitlab")]
    return render_yaml(pipeline, header)


def _deploy_jobs(session: Session, plan: DeployPlan, gate: list[str]) -> dict[str, Job]:
    """One deploy job per environment (and its smoke tests): other environments once
    built and tested, production after staging and its smoke tests."""
    jobs: dict[str, Job] = {}
    built = list(gate)
    for phase in plan.phases:
        if phase.plan.production:
            jobs[phase.job_id] = _deploy_job(session, phase, "production", gate)
            continue
        needs = built if phase.plan.role == "other" else gate
        jobs[phase.job_id] = _deploy_job(session, phase, "staging", needs)
        if phase.plan.role == "staging":
            gate = [phase.job_id]
        if phase.smoke_command:
            smoke = f"smoke-tests-{phase.target.name}"
            jobs[smoke] = _smoke_job(session, phase)
            if phase.plan.role == "staging":
                gate.append(smoke)
    return jobs


def _job(
    stage: str, image: str | dict[str, Any], script: list[str], kind: str = "", **extra: Any
) -> Job:
    """A job of `stage`, limited to the time its `kind` of job gets (the stage's by default)."""
    job: Job = {"stage": stage, "image": image, "timeout": f"{TIMEOUT_MINUTES[kind or stage]}m"}
    job.update(extra)
    job["script"] = script
    return job


def _build_job(session: Session, needs: list[str]) -> Job:
    p = session.pipeline
    before: list[str] = []
    script: list[str] = []
    job: Job = {
        "stage": "build",
        "image": pins.IMAGE_NODE,
        "timeout": f"{TIMEOUT_MINUTES['build']}m",
        "needs": needs,
    }
    if p.build.frontend_command:
        script += frontend_build(p.build.frontend_command).splitlines()
    images = [t for t in deployables(session) if t.builds_image]
    if images:
        job["image"] = pins.IMAGE_DOCKER
        job["services"] = [pins.IMAGE_DOCKER_DIND]
        job["variables"] = {"DOCKER_TLS_CERTDIR": "/certs"}
        if p.build.frontend_command:
            before.append("apk add --no-cache nodejs npm")
        found = pushes(session)
        clouds = build_clouds(session, "gitlab")
        if clouds:
            job["id_tokens"] = {k: v for c in clouds for k, v in _id_token(c).items()}
            before.append("apk add --no-cache aws-cli")  # only AWS registries need a cloud login
            for cloud in clouds:
                before += _cloud_login(cloud, region(session))
        before += image_prefix_lines(
            session,
            "gitlab",
            {t.image_prefix for t in images},
            credentials='[ -n "$CI_COMMIT_BRANCH" ]',
        )
        if found.session_registry:
            login = login_script(session, "gitlab")
            script.append(f'if [ -n "$CI_COMMIT_BRANCH" ]; then {login}; fi')
        if found.regional_login:
            login = regional_login_script(session)
            script.append(f'if [ -n "$CI_COMMIT_BRANCH" ]; then {login}; fi')
        for t in images:
            ref = f'"${t.image_prefix}/{t.id}:$COMMIT_SHA"'
            # The branch's last image lends its layers (BuildKit reads the cache inline).
            cache = f'"${t.image_prefix}/{t.id}:{CACHE_TAG}"'
            script.append(
                f"docker build --pull --cache-from {cache} --build-arg BUILDKIT_INLINE_CACHE=1 "
                f"-t {ref} -t {cache} {t.context}"
            )
            script.append(
                f'if [ -n "$CI_COMMIT_BRANCH" ]; then docker push {ref}; docker push {cache}; fi'
            )
    if before:
        job["before_script"] = before
    job["script"] = script or ["echo 'nothing to build'"]
    return job


def _service(s: LocalService) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": s.image, "alias": s.key}
    if s.env:
        spec["variables"] = dict(s.env)
    if s.command:
        spec["command"] = list(s.command)
    return spec


def _integration_job(session: Session, needs: list[str]) -> Job:
    p = session.pipeline
    services = ci_services(session)
    job: Job = {
        "stage": "integration",
        "image": _IMAGES[stack_ecosystem(p.stack)],
        "timeout": f"{TIMEOUT_MINUTES['integration']}m",
        "needs": needs,
    }
    if services:
        job["services"] = [_service(s) for s in services]
        variables: dict[str, str] = {}
        for s in services:
            variables.update(s.connection(s.key))
        job["variables"] = variables
    job["script"] = [integration_script(p)]
    return job


def _id_token(cloud: Cloud) -> dict[str, Any]:
    return {f"{cloud.upper()}_ID_TOKEN": {"aud": _AUDIENCE[cloud]}}


def _cloud_login(cloud: Cloud, where: str) -> list[str]:
    if cloud is Cloud.AWS:
        return [
            'echo "$AWS_ID_TOKEN" > "$CI_PROJECT_DIR/.web-identity-token"',
            'aws configure set web_identity_token_file "$CI_PROJECT_DIR/.web-identity-token"',
            'aws configure set role_arn "$AWS_DEPLOY_ROLE_ARN"',
            f"aws configure set region {where}",
        ]
    if cloud is Cloud.GCP:
        return [
            'echo "$GCP_ID_TOKEN" > "$CI_PROJECT_DIR/.gcp-oidc-token"',
            "gcloud iam workload-identity-pools create-cred-config "
            '"$GCP_WORKLOAD_IDENTITY_PROVIDER" '
            '--service-account="$GCP_SERVICE_ACCOUNT" '
            '--credential-source-file="$CI_PROJECT_DIR/.gcp-oidc-token" '
            '--output-file="$CI_PROJECT_DIR/.gcp-credentials.json"',
            'gcloud auth login --cred-file="$CI_PROJECT_DIR/.gcp-credentials.json" --quiet',
            'gcloud config set project "$GCP_PROJECT_ID"',
        ]
    return [
        'az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" '
        '--federated-token "$AZURE_ID_TOKEN" --output none',
        'az account set --subscription "$AZURE_SUBSCRIPTION_ID"',
    ]


def _tools(cloud: Cloud, targets: tuple[Deployable, ...]) -> list[str]:
    # What the cloud's CLI image lacks of the tools the catalog says the scripts call.
    tools = {tool for t in targets for tool in t.deploy.tools}
    if cloud is Cloud.AWS:
        lines = [
            "apt-get update -qq && apt-get install -y -qq jq > /dev/null",
            f"pip install --quiet --disable-pip-version-check {pins.AWS_CLI}",
        ]
        if DeployTool.KUBECTL in tools:
            lines.append(
                "curl -sSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.31.4/bin/linux/amd64/kubectl"
                " && chmod +x /usr/local/bin/kubectl"
            )
        return lines
    if cloud is Cloud.AZURE:
        lines = []
        if DeployTool.KUBECTL in tools:
            lines.append("az aks install-cli --only-show-errors")
        if DeployTool.ZIP in tools:
            lines.append("tdnf install -y zip")
        return lines
    return []


_CLOUD_IMAGES: dict[Cloud, str | dict[str, Any]] = {
    Cloud.AWS: pins.IMAGE_PYTHON,
    Cloud.GCP: pins.IMAGE_GCLOUD,
    Cloud.AZURE: pins.IMAGE_AZURE_CLI,
}


def _deploy_job(session: Session, phase: Phase, stage: str, needs: list[str]) -> Job:
    target = phase.target
    targets = deployables(session)
    cloud = phase.clouds[0] if phase.clouds else Cloud.AWS
    rule: dict[str, Any] = {"if": stage_branches(target.branch, "gitlab")}
    if target.manual:
        rule.update({"when": "manual", "allow_failure": False})
    environment: dict[str, Any] = {"name": target.name, "url": target.url or "$APP_URL"}
    environment["deployment_tier"] = _TIERS.get(phase.plan.role, "development")
    job: Job = {
        "stage": stage,
        "image": _CLOUD_IMAGES[cloud],
        # The job's own limit covers every watch window (GitLab's default is 60 minutes).
        "timeout": f"{phase.timeout_minutes}m",
        "needs": needs,
        "rules": [rule],
        "environment": environment,
        "resource_group": target.name,
        "interruptible": False,
    }
    if phase.clouds:
        job["id_tokens"] = {k: v for c in phase.clouds for k, v in _id_token(c).items()}
    variables: dict[str, str] = {"APP_URL": target.url} if target.url else {}
    if any(s.on_failure for s in phase.steps):
        # The rollback runs in after_script, which GitLab stops after 5 minutes.
        variables["RUNNER_AFTER_SCRIPT_TIMEOUT"] = f"{ROLLBACK_MINUTES}m"
    if variables:
        job["variables"] = variables
    login = [
        line
        for c in phase.clouds
        for line in [*_tools(c, targets), *_cloud_login(c, region(session))]
    ]
    prefix = image_prefix_lines(session, "gitlab", prefixes_in(s.script for s in phase.steps))
    if login or prefix:
        job["before_script"] = [*login, *prefix]
    job["script"] = [f"# {one_line(s.name)}\n{s.script}" for s in phase.steps if not s.on_failure]
    rollback = [s for s in phase.steps if s.on_failure]
    if rollback:
        body = "".join(f"  {line}\n" for s in rollback for line in s.script.splitlines())
        job["after_script"] = [
            f'if [ "$CI_JOB_STATUS" = failed ]; then\n  # {one_line(rollback[0].name)}\n{body}fi'
        ]
    return job


_TIERS = {"production": "production", "staging": "staging"}
"""GitLab deployment tiers by plan role; other environments are `development`."""


def _smoke_job(session: Session, phase: Phase) -> Job:
    p = session.pipeline
    ecosystem = stack_ecosystem(p.stack)
    variables = {"BASE_URL": phase.target.url or "$APP_URL"}
    # The team's smoke-test command runs as written: code by design (RUNS_AS_CODE).
    script = [install(ecosystem), phase.smoke_command or ""]
    job = _job("staging", _IMAGES[ecosystem], script, "smoke", needs=[phase.job_id])
    job["rules"] = [{"if": stage_branches(phase.target.branch, "gitlab")}]
    job["variables"] = variables
    return job


def _notify_job(session: Session) -> Job | None:
    sendable = [n for n in notices(session.pipeline.notifications) if n.script]
    if not sendable:
        return None
    script = [f"# Notify {one_line(n.label)}\n{n.script}" for n in sendable]
    return {
        "stage": "notify",
        "image": pins.IMAGE_NOTIFY,
        "timeout": f"{TIMEOUT_MINUTES['notify']}m",
        "rules": [{"if": "$CI_COMMIT_BRANCH", "when": "on_failure"}],
        "variables": {
            "NOTIFY_TEXT": "$CI_PROJECT_PATH: pipeline failed on $CI_COMMIT_REF_NAME "
            "($CI_COMMIT_SHORT_SHA): $CI_PIPELINE_URL"
        },
        "before_script": ["apk add --no-cache curl jq"],
        "script": script,
    }


def _design_review_job(session: Session) -> Job | None:
    """On merge requests that change the session or its bundle: the diff against the target
    branch as one note, the bundle checked, the guardrails enforced."""
    review = design_review.design_review(session)
    if review is None:
        return None
    target = "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    changes = [review.session_file, f"{review.docs_folder}/**/*"]
    return {
        "stage": "review",
        "image": pins.IMAGE_PYTHON,
        "timeout": f"{design_review.TIMEOUT_MINUTES}m",
        "needs": [],
        "rules": [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"', "changes": changes}],
        # The whole history, so the target branch's commit can be read.
        "variables": {"GIT_DEPTH": "0"},
        "script": [
            design_review.install(),
            f'git fetch --quiet origin "+refs/heads/{target}:refs/remotes/origin/{target}"',
            design_review.diff_script(
                review, f"origin/{target}", "$CI_PROJECT_URL/-/blob/$CI_COMMIT_SHA"
            ),
            design_review.gitlab_post_script(),
            design_review.check_script(review),
            'DIFF_STATUS="$status"\n' + design_review.guardrail_script(),
        ],
    }
