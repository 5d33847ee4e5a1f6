"""The CI/CD pipeline: the role card's seven stages, their tools and thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field

from model.base import ONE_LINE, Frozen, Percent
from model.enums import (
    CiSystem,
    DependencyAudit,
    E2eTool,
    LintTool,
    ProductionApproval,
    SastTool,
    Stack,
)
from model.guardrails import checked_guardrail
from model.sections.channels import Channel
from model.sections.environments import Branch, EnvironmentName


@dataclass(frozen=True, slots=True)
class RunsAsCode:
    """Marks a text field whose value the pipeline runs as written: code by design, not data
    to quote (the exporters say so beside it)."""


RUNS_AS_CODE = RunsAsCode()
"""The one `RunsAsCode` marker."""

Command = Annotated[str, Field(min_length=1, max_length=300), ONE_LINE, RUNS_AS_CODE]
"""A shell command run by a pipeline stage, as the team wrote it (one line, no CI
expression)."""

REGISTRY_PATTERN = r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?(/[A-Za-z0-9._-]+)*$"
"""A registry host, with an optional port and repository path (`ghcr.io`,
`europe-west3-docker.pkg.dev/shop/images`, `registry.example.com:5000`)."""


class LintStage(Frozen):
    """Stage 1: lint and format check; fails on style violations."""

    enabled: bool = True
    """Whether the stage runs."""
    tools: tuple[LintTool, ...] = ()
    """Linters and formatters to run."""


class UnitTestStage(Frozen):
    """Stage 2: unit tests with an enforced coverage threshold."""

    enabled: bool = True
    """Whether the stage runs."""
    command: Command = "npm test"
    """How to run the unit tests."""
    coverage_threshold_percent: Percent = 80
    """The build fails below this line coverage."""


class BuildStage(Frozen):
    """Stage 3: build the frontend and the backend container image."""

    enabled: bool = True
    """Whether the stage runs."""
    frontend_command: Command | None = None
    """How to build the frontend, if there is one, e.g. `npm run build`."""
    container_image: bool = True
    """Whether the backend is built into a container image."""
    registry: Annotated[str, Field(max_length=200, pattern=REGISTRY_PATTERN), ONE_LINE] = "ghcr.io"
    """Container registry host the image is pushed to."""


class IntegrationStage(Frozen):
    """Stage 4: integration and end-to-end tests against a throwaway database."""

    enabled: bool = True
    """Whether the stage runs."""
    command: Command = "npm run test:integration"
    """How to run the integration tests."""
    e2e_tool: E2eTool = E2eTool.PLAYWRIGHT
    """The end-to-end test runner."""


class SecurityScanStage(Frozen):
    """Stage 5: dependency vulnerabilities and static analysis."""

    enabled: bool = True
    """Whether the stage runs."""
    dependency_audit: DependencyAudit = DependencyAudit.NPM_AUDIT
    """The dependency scanner."""
    sast: SastTool = SastTool.CODEQL
    """The static analysis tool."""


class StagingStage(Frozen):
    """Stage 6: deploy to staging and run smoke tests."""

    enabled: bool = True
    """Whether the pipeline deploys to staging."""
    environment: EnvironmentName = "staging"
    """The environment it deploys to."""
    smoke_test_command: Command = "npm run test:smoke"
    """Smoke tests run against staging after the deploy."""


class ProductionStage(Frozen):
    """Stage 7: deploy to production behind approval, with rollback on failure."""

    environment: EnvironmentName = "prod"
    """The environment it deploys to."""
    approval: ProductionApproval = ProductionApproval.MANUAL
    """Manual approval, or automatic once staging is validated."""


REPO_PATH_PATTERN = r"^[A-Za-z0-9._][A-Za-z0-9._/-]*$"
"""A path inside the repository, relative to its root: letters, digits and `._/-`, not
absolute and not starting with a dash, so it is one plain word in any shell and never an
option of the command it is given to."""


def _inside(path: str) -> str:
    if ".." in path.split("/"):
        raise ValueError(f"{path} leaves the repository (a `..` part)")
    return path


RepoPath = Annotated[
    str,
    Field(min_length=1, max_length=200, pattern=REPO_PATH_PATTERN),
    ONE_LINE,
    AfterValidator(_inside),
]
"""A file or folder of the repository, relative to its root (`design.yaml`)."""

Guardrail = Annotated[str, Field(max_length=60), ONE_LINE, AfterValidator(checked_guardrail)]
"""A guardrail of `infrasketch diff --fail-on` (`model.guardrails`), e.g. `cost-increase>10%`."""


class DesignReview(Frozen):
    """The design-review job of pull requests that change the session: it checks that the
    exported documents match the design, posts the cost, availability and risk delta of
    `infrasketch diff` as one comment (updated in place), and fails on the guardrails."""

    enabled: bool = True
    """Whether the pipeline has the job."""
    session_file: RepoPath = "design.yaml"
    """The session file, relative to the repository root."""
    docs_folder: RepoPath = "docs/architecture"
    """Where `infrasketch export` writes the bundle, relative to the repository root."""
    fail_on: tuple[Guardrail, ...] = ()
    """Guardrails failing the job, e.g. `cost-increase>10%`, `new-finding>=high`; none by
    default (the comment alone informs)."""


class Pipeline(Frozen):
    """The CI/CD decisions of the workshop."""

    system: CiSystem = CiSystem.GITHUB_ACTIONS
    """The CI service."""
    stack: Stack = Stack.NODE
    """The application's language; decides commands and scanners."""
    trigger_branches: tuple[Branch, ...] = Field(default=("main",), min_length=1)
    """Pushes to these branches run the pipeline (pull requests always do)."""
    lint: LintStage = LintStage()
    """Stage 1."""
    unit_tests: UnitTestStage = UnitTestStage()
    """Stage 2."""
    build: BuildStage = BuildStage()
    """Stage 3."""
    integration_tests: IntegrationStage = IntegrationStage()
    """Stage 4."""
    security_scan: SecurityScanStage = SecurityScanStage()
    """Stage 5."""
    staging: StagingStage = StagingStage()
    """Stage 6."""
    production: ProductionStage = ProductionStage()
    """Stage 7."""
    notifications: tuple[Channel, ...] = ()
    """Where pipeline failures are announced (GitHub status checks are always on)."""
    design_review: DesignReview = DesignReview()
    """The design-review job of pull requests that change the session."""
