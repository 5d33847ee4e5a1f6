"""Components (catalog services placed in the design) and the links between them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from model.base import EnvVarName, Frozen, Identifier, Name, Text
from model.enums import Category

USERS = "users"
"""The id of the implicit client node every request path starts from."""


class Autoscaling(Frozen):
    """Bounds of horizontal autoscaling."""

    min: Annotated[int, Field(ge=0, le=10_000)]
    """Fewest instances (0 allows scale to zero)."""
    max: Annotated[int, Field(ge=1, le=10_000)]
    """Most instances."""
    target_cpu_percent: Annotated[float, Field(gt=0, le=100)] = 70
    """CPU utilisation the autoscaler aims for."""

    @model_validator(mode="after")
    def _ordered(self) -> Autoscaling:
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self


class Component(Frozen):
    """One building block of the architecture: a catalog service in a role."""

    id: Identifier
    """Stable id used by links and secrets, e.g. `api`."""
    name: Name
    """What the team calls it, e.g. `Orders API`."""
    category: Category
    """What it does; the service must belong to this category."""
    service: Identifier
    """The catalog id of the service it runs on, e.g. `aws-ecs-fargate`."""
    size: Annotated[str, Field(min_length=1, max_length=60)] | None = None
    """Instance size for instance-priced services; the catalog default when empty."""
    replicas: Annotated[int, Field(ge=1, le=10_000)] = 1
    """Instances running in production at the 1x baseline."""
    multi_az: bool = False
    """Whether it is spread across availability zones (a standby for databases)."""
    autoscaling: Autoscaling | None = None
    """Horizontal autoscaling bounds; None when the count is fixed."""
    network: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,47}$")] | None = None
    """The VPC / virtual network it sits in, if any (diagrams cluster by it)."""
    env_vars: tuple[EnvVarName, ...] = ()
    """Non-secret environment variables it reads (secrets are listed under security)."""
    notes: Text = ""
    """Why it is there and anything the team agreed about it."""

    @model_validator(mode="after")
    def _replicas_within_bounds(self) -> Component:
        scaling = self.autoscaling
        if scaling is not None and not scaling.min <= self.replicas <= scaling.max:
            raise ValueError(
                f"replicas ({self.replicas}) must lie within the autoscaling bounds "
                f"{scaling.min}..{scaling.max}"
            )
        return self


LinkKind = Literal["request", "async", "side"]
"""What a link carries: user requests, queued work, or telemetry and secret lookups."""


class Link(Frozen):
    """A directed dependency: `source` sends requests or data to `target`."""

    source: Identifier
    """Component id the link starts at, or `users` for the clients."""
    target: Identifier
    """Component id the link ends at."""
    label: Annotated[str, Field(max_length=60)] = ""
    """What flows along it, e.g. `HTTPS`, `SQL`, `jobs`."""
    kind: LinkKind = "request"
    """`request` is on the user's request path, `async` is queued work, `side` is telemetry
    or secret lookups drawn beside the main flow."""
