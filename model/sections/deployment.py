"""How a release reaches production and how it is taken back."""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated

from pydantic import Field, field_validator

from model.base import ONE_LINE, URL_PATH_PATTERN, Frozen, Milliseconds, Text
from model.enums import MigrationTiming, Strategy

Step = Annotated[str, Field(min_length=1, max_length=300), ONE_LINE]
"""One line of a procedure."""


class HealthCheck(Frozen):
    """The probe that decides whether a new version may take traffic."""

    path: Annotated[str, Field(pattern=URL_PATH_PATTERN, max_length=200), ONE_LINE] = "/healthz"
    """HTTP path answering 200 when the instance is healthy."""
    interval_seconds: Annotated[int, Field(ge=1, le=3600)] = 10
    """Seconds between probes."""
    timeout_seconds: Annotated[int, Field(ge=1, le=600)] = 5
    """Seconds before a probe counts as failed."""
    healthy_threshold: Annotated[int, Field(ge=1, le=100)] = 3
    """Consecutive successes before traffic is switched."""


class Migrations(Frozen):
    """How database schema changes ship."""

    tool: Annotated[str, Field(max_length=80), ONE_LINE] = ""
    """The migration tool, e.g. `prisma migrate`, `alembic`, `flyway`."""
    timing: MigrationTiming = MigrationTiming.BEFORE_DEPLOY
    """When migrations run relative to the code deploy."""
    tested_in_staging: bool = True
    """Whether every migration runs against staging first."""


class ChecklistItem(Frozen):
    """One box of the pre-deployment checklist."""

    text: Step
    """What must be true before deploying."""
    done: bool = False
    """Whether it is in place for this design."""


class Rollback(Frozen):
    """How a bad release is reverted."""

    steps: tuple[Step, ...] = ()
    """The procedure, in order; empty means no rollback plan."""
    database: Text = ""
    """What happens to the database on rollback."""
    eta_minutes: Annotated[int, Field(ge=0, le=10_000)] | None = None
    """How long a rollback takes, in minutes."""


class PostDeploy(Frozen):
    """What is watched right after a release."""

    watch_minutes: Annotated[int, Field(ge=0, le=1440)] = 15
    """How long the team watches the new version."""
    error_rate_percent: Annotated[float, Field(ge=0, le=100)] = 1
    """Roll back when the error rate exceeds this."""
    latency_p95_ms: Milliseconds = 500
    """Roll back when the p95 response time exceeds this."""


class Deployment(Frozen):
    """The deployment strategy of the workshop."""

    strategy: Strategy = Strategy.ROLLING
    """How the new version replaces the old one."""
    canary_steps_percent: tuple[Annotated[int, Field(ge=1, le=100)], ...] = (10, 50, 100)
    """Traffic shares a canary passes through; must rise and end at 100."""
    step_watch_minutes: Annotated[int, Field(ge=0, le=1440)] = 10
    """Minutes each canary step (or the green stack) is watched before going on."""
    health_check: HealthCheck = HealthCheck()
    """The probe gating traffic."""
    migrations: Migrations = Migrations()
    """How schema changes ship."""
    checklist: tuple[ChecklistItem, ...] = ()
    """The pre-deployment checklist."""
    steps: tuple[Step, ...] = ()
    """The deployment steps; derived from the strategy when empty."""
    rollback: Rollback = Rollback()
    """The rollback procedure."""
    post_deploy: PostDeploy = PostDeploy()
    """Monitoring right after a release."""

    @field_validator("canary_steps_percent")
    @classmethod
    def _rising_to_full(cls, steps: tuple[int, ...]) -> tuple[int, ...]:
        if not steps:
            return steps
        if any(b <= a for a, b in pairwise(steps)):
            raise ValueError("canary steps must rise, e.g. 10, 50, 100")
        if steps[-1] != 100:
            raise ValueError("the last canary step must be 100")
        return steps
