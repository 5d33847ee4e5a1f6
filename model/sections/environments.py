"""Deployment environments: dev, staging, prod and any others the team keeps."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from model.base import ONE_LINE, WEB_URL_PATTERN, Frozen, Percent, Text
from model.enums import DataSource, DeployMode

Branch = Annotated[
    str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._/*-]+$"), ONE_LINE
]
"""A git branch name or glob."""

EnvironmentName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,31}$"), ONE_LINE]
"""An environment's name, e.g. `staging`."""


class Environment(Frozen):
    """One environment the pipeline deploys to."""

    name: EnvironmentName
    """Its name, unique in the session, e.g. `staging`."""
    branch: Branch
    """The git branch that deploys here."""
    deploy: DeployMode = DeployMode.AUTO
    """Whether a green pipeline deploys automatically or waits for approval."""
    data: DataSource = DataSource.SEEDED
    """Where its database content comes from."""
    size_percent: Percent = 100
    """Its infrastructure size relative to production (production is 100)."""
    url: Annotated[str, Field(max_length=200, pattern=WEB_URL_PATTERN), ONE_LINE] | None = None
    """Where it is reachable, if it has a public address."""
    purpose: Text = ""
    """What it is used for, e.g. `QA testing, stakeholder demos`."""
