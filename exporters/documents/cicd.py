"""CI/CD Pipeline: the role card's 🔄 CI/CD PIPELINE document, with the generated workflow."""

from __future__ import annotations

from exporters.ci.github_actions import github_workflow
from exporters.ci.gitlab_ci import gitlab_pipeline
from exporters.ci.registry import destinations, regional_push_line
from exporters.ci.stack_commands import lint_jobs
from exporters.documents.common import DEPLOYMENT_DOC
from exporters.local.services import database_service
from exporters.markdown import Document, code, escape
from model.analysis import Analysis
from model.enums import CiSystem, E2eTool, ProductionApproval, SastTool, Strategy
from model.session import Session
from model.units import percent

TITLE = "🔄 CI/CD PIPELINE"

WORKFLOW_FILES = {
    CiSystem.GITHUB_ACTIONS: "../ci/github-actions.yml",
    CiSystem.GITLAB_CI: "../ci/gitlab-ci.yml",
}
"""Where the bundle keeps each CI system's file, relative to the docs folder."""

_STAGE_NAMES = (
    "Lint & Format Check",
    "Unit Tests",
    "Build",
    "Integration Tests",
    "Security Scan",
    "Deploy to Staging",
    "Deploy to Production",
)


def _off(doc: Document, stage: str) -> list[str]:
    return [f"**Off** — {doc.undecided(f'Should the pipeline run the {stage} stage?')}"]


def _stages(doc: Document, session: Session) -> list[list[str]]:
    pipeline = session.pipeline
    lint, unit, build = pipeline.lint, pipeline.unit_tests, pipeline.build
    integration, scan, staging = (
        pipeline.integration_tests,
        pipeline.security_scan,
        pipeline.staging,
    )
    stages: list[list[str]] = []

    if lint.enabled and lint.tools:
        jobs = lint_jobs(pipeline)
        toolchains = ", ".join(job.ecosystem for job in jobs)
        tools = ", ".join(t.label for t in lint.tools)
        stages.append(
            [tools, f"One job per toolchain ({toolchains})", "Fail if code style violations"]
        )
    else:
        stages.append(_off(doc, "lint"))

    if unit.enabled:
        stages.append(
            [
                f"Run: {code(unit.command)}",
                f"Coverage threshold: {percent(unit.coverage_threshold_percent)} "
                "(the job fails below it)",
                "Fail if tests don't pass",
            ]
        )
    else:
        stages.append(_off(doc, "unit test"))

    if build.enabled:
        lines = []
        if build.frontend_command:
            lines.append(f"Frontend: {code(build.frontend_command)}")
        moved = regional_push_line(session)
        if build.container_image or moved:
            where = escape(destinations(session)) if moved else code(build.registry)
            lines.append(f"Backend: Docker build, pushed to {where}")
        if moved:
            lines.append(escape(moved))
        lines.append("Fail if build errors")
        stages.append(lines)
    else:
        stages.append(_off(doc, "build"))

    if integration.enabled:
        database = database_service(session)
        db = (
            f"Spin up test DB ({escape(database.label)} in a service container)"
            if database
            else ("No database to spin up")
        )
        e2e = (
            f"Run E2E tests ({integration.e2e_tool.label}): {code(integration.command)}"
            if integration.e2e_tool is not E2eTool.NONE
            else f"Run integration tests: {code(integration.command)}"
        )
        stages.append([db, e2e, "Teardown (the CI runner discards the containers)"])
    else:
        stages.append(_off(doc, "integration test"))

    if scan.enabled:
        sast = "none" if scan.sast is SastTool.NONE else scan.sast.label
        stages.append(
            [
                f"Dependency vulnerabilities ({scan.dependency_audit.label}), "
                "failing on high and critical",
                f"SAST (Static Analysis): {sast}",
            ]
        )
    else:
        stages.append(_off(doc, "security scan"))

    if staging.enabled:
        stages.append(
            [
                f"Auto-deploy to {code(staging.environment)} if all checks pass",
                f"Run smoke tests: {code(staging.smoke_test_command)}",
            ]
        )
    else:
        stages.append(["**Off** — there is no staging deploy; production is the first environment"])

    production = pipeline.production
    approval = (
        "Manual approval (required reviewers on the environment)"
        if production.approval is ProductionApproval.MANUAL
        else "Automatic once staging is validated"
    )
    strategy = session.deployment.strategy
    how = {
        Strategy.ROLLING: "Rolling update",
        Strategy.BLUE_GREEN: "Blue-green deployment",
        Strategy.CANARY: "Canary ("
        + " → ".join(f"{s}%" for s in session.deployment.canary_steps_percent)
        + ")",
    }[strategy]
    stages.append(
        [
            f"{approval} → {code(production.environment)}",
            f"{how}, see the [deployment strategy]({DEPLOYMENT_DOC})",
            f"Health check {code('GET ' + session.deployment.health_check.path)} "
            "before switching traffic",
            "Rollback on failure (the previous version is recorded before the release)",
        ]
    )
    return stages


def render(analysis: Analysis) -> str:
    """The CI/CD Pipeline document of `session`."""
    session = analysis.session
    pipeline = session.pipeline
    doc = Document(f"{TITLE}: {escape(session.context.project)}")
    doc.heading("TRIGGER")
    branches = ", ".join(code(b) for b in pipeline.trigger_branches)
    github = pipeline.system is CiSystem.GITHUB_ACTIONS
    requests = "Pull requests" if github else "Merge requests"
    doc.bullets(
        [
            f"Push to {branches} → Run pipeline ({pipeline.system.label})",
            f"{requests} into those branches run every check but deploy nothing",
        ]
    )
    doc.heading("STAGES")
    for number, (name, lines) in enumerate(
        zip(_STAGE_NAMES, _stages(doc, session), strict=True), 1
    ):
        doc.paragraph(f"{number}. **{name}**")
        doc.bullets(lines, indent=3)

    doc.heading("NOTIFICATIONS")
    lines = [
        f"{escape(c.kind.label)} {escape(c.target)} on failure"
        + (f" (webhook in secret `{c.secret}`)" if c.secret else "")
        for c in pipeline.notifications
    ]
    if not lines:
        lines.append("On failure: " + doc.undecided("Where are pipeline failures announced?"))
    lines.append(
        "GitHub status checks on every commit and pull request"
        if github
        else "GitLab pipeline status on every commit and merge request"
    )
    doc.bullets(lines)

    doc.heading("CONFIGURATION")
    path = WORKFLOW_FILES[pipeline.system]
    doc.paragraph(
        f"The generated workflow, committed as [{path.removeprefix('../')}]({path}) and checked by "
        + ("actionlint." if pipeline.system is CiSystem.GITHUB_ACTIONS else "GitLab's schema.")
    )
    text = (
        github_workflow(analysis)
        if pipeline.system is CiSystem.GITHUB_ACTIONS
        else gitlab_pipeline(analysis)
    )
    doc.fenced(text, "yaml")
    return doc.render()
