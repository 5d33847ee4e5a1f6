"""Pipeline: the CI system, the branches that trigger it, the role card's seven stages with
their tools and thresholds (coverage %, which scanners), and where failures are announced.

Every field is validated with the whole pipeline and the session (staging and production
must deploy to environments that exist); a refused value shows its reason and is not
applied. The exported CI workflow is built from exactly these fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult

from exporters.ci.stack_commands import lint_stack
from model.enums import (
    ChannelKind,
    CiSystem,
    DependencyAudit,
    E2eTool,
    LintTool,
    ProductionApproval,
    SastTool,
    Stack,
)
from model.sections.channels import Channel
from tui.steps import StepId
from tui.steps.fields import Group, Spec, enum_choices
from tui.steps.records import RecordsEditor
from tui.steps.section_form import SectionStep

if TYPE_CHECKING:
    from model.session import Session


def environment_choices(session: Session) -> list[tuple[str, str]]:
    """The session's environments as choices."""
    return [(e.name, e.name) for e in session.environments]


def secret_choices(session: Session) -> list[tuple[str, str]]:
    """The names of the session's secrets as choices (a channel's webhook or key)."""
    return [(s.name, s.name) for s in session.security.secrets]


CHANNEL_ROWS = (
    (Spec("kind", "Kind", "choice", choices=enum_choices(ChannelKind)), Spec("target", "To")),
    (Spec("secret", "Webhook/key secret", "optional_choice", choices=secret_choices),),
)
"""The fields of a notification channel."""


def channel_title(record: Channel) -> str:
    """A card's title: kind and target."""
    return f"{record.kind.label} {record.target}".strip()


def new_channel(records: Sequence[Channel]) -> Channel:
    """A chat channel for deploy notices."""
    return Channel(kind=ChannelKind.SLACK, target="#deploys")


LINT_CHOICES = tuple((f"{tool.label} ({lint_stack(tool).label})", tool.value) for tool in LintTool)
"""Each linter with its language: a Node project may still lint its Python scripts."""

GROUPS = (
    Group(
        "CI",
        (
            (
                Spec("system", "CI system", "choice", choices=enum_choices(CiSystem)),
                Spec("stack", "Stack", "choice", choices=enum_choices(Stack)),
            ),
            (Spec("trigger_branches", "Trigger branches", "list", "comma-separated"),),
        ),
    ),
    Group(
        "1 Lint and format",
        (
            (
                Spec("lint.enabled", "Run lint", "bool"),
                Spec("lint.tools", "Tools", "multi", choices=LINT_CHOICES),
            ),
        ),
    ),
    Group(
        "2 Unit tests",
        (
            (
                Spec("unit_tests.enabled", "Run unit tests", "bool"),
                Spec("unit_tests.coverage_threshold_percent", "Coverage", "number", "min %"),
            ),
            (Spec("unit_tests.command", "Command"),),
        ),
    ),
    Group(
        "3 Build",
        (
            (
                Spec("build.enabled", "Build", "bool"),
                Spec("build.container_image", "Container image", "bool"),
            ),
            (
                Spec("build.frontend_command", "Frontend build", "optional_text", "if any"),
                Spec("build.registry", "Registry"),
            ),
        ),
    ),
    Group(
        "4 Integration and end-to-end tests",
        (
            (
                Spec("integration_tests.enabled", "Run integration tests", "bool"),
                Spec(
                    "integration_tests.e2e_tool",
                    "End-to-end",
                    "choice",
                    choices=enum_choices(E2eTool),
                ),
            ),
            (Spec("integration_tests.command", "Command"),),
        ),
    ),
    Group(
        "5 Security scan",
        (
            (Spec("security_scan.enabled", "Run security scans", "bool"),),
            (
                Spec(
                    "security_scan.dependency_audit",
                    "Dependencies",
                    "choice",
                    choices=enum_choices(DependencyAudit),
                ),
                Spec(
                    "security_scan.sast",
                    "Static analysis",
                    "choice",
                    choices=enum_choices(SastTool),
                ),
            ),
        ),
    ),
    Group(
        "6 Deploy to staging",
        (
            (
                Spec("staging.enabled", "Deploy to staging", "bool"),
                Spec("staging.environment", "Environment", "choice", choices=environment_choices),
            ),
            (Spec("staging.smoke_test_command", "Smoke tests"),),
        ),
    ),
    Group(
        "7 Deploy to production",
        (
            (
                Spec(
                    "production.environment",
                    "Environment",
                    "choice",
                    choices=environment_choices,
                ),
                Spec(
                    "production.approval",
                    "Approval",
                    "choice",
                    choices=enum_choices(ProductionApproval),
                ),
            ),
        ),
    ),
)
"""The form: the CI system and the seven stages."""


class PipelineStep(SectionStep):
    """The pipeline form and its notification channels."""

    step_id = StepId.PIPELINE
    section = "pipeline"
    groups = GROUPS

    def compose_body(self) -> ComposeResult:
        """The stages, then the notification channels."""
        yield from super().compose_body()
        yield from self.compose_group(Group("Failure notifications", ()))
        yield RecordsEditor(
            "notifications",
            self.current.pipeline.notifications,
            CHANNEL_ROWS,
            self.current,
            new_record=new_channel,
            title=channel_title,
            add_label="Add channel",
        )


VIEW = PipelineStep
