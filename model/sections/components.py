"""Components (catalog services placed in the design) and the links between them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from model.base import ONE_LINE, EnvVarName, Frozen, Identifier, Name, Text
from model.enums import Category, Direction, Subnet

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


class QueueSettings(Frozen):
    """What a queue does with a message its consumers keep failing to process."""

    dead_letter: bool = False
    """Whether a message that keeps failing moves to a dead-letter queue where someone sees
    it (an SQS redrive policy, a Pub/Sub dead-letter topic, Service Bus's dead-letter
    sub-queue), instead of being redelivered until it expires."""
    max_receives: Annotated[int, Field(ge=1, le=1000)] | None = None
    """Deliveries of a message before it counts as failed and moves to the dead-letter queue
    (SQS maxReceiveCount, Pub/Sub maximum delivery attempts, Service Bus MaxDeliveryCount);
    empty when unlimited."""
    backoff: bool = False
    """Whether redeliveries wait longer each time (exponential backoff), instead of coming
    straight back to a consumer that has just failed on them."""
    visibility_timeout_seconds: Annotated[int, Field(ge=0, le=43_200)] | None = None
    """How long a received message stays hidden from other consumers while one works on it
    (SQS visibility timeout, Pub/Sub acknowledgement deadline, Service Bus lock duration);
    the service's default when empty."""
    processing_seconds: Annotated[float, Field(gt=0, le=43_200)] | None = None
    """The longest a consumer takes to process one message (its timeout, or the p99), which
    the visibility timeout must exceed; empty when not measured."""


class OutboundWebhooks(Frozen):
    """Webhooks a component sends to endpoints other parties run (customers, partners)."""

    max_attempts: Annotated[int, Field(ge=1, le=100)] = 1
    """Deliveries tried before an event is given up (1: no retry)."""
    backoff: bool = False
    """Whether retries wait longer each time (exponential backoff with jitter), giving a
    receiver that is down hours to recover instead of seconds."""
    signed: bool = False
    """Whether each delivery carries an HMAC signature of its body and a timestamp, with a
    secret per receiver, so receivers can reject forged and replayed calls."""


class ExternalSystem(Frozen):
    """How the design talks to a system another party runs (a partner's endpoints, an
    acquirer, a third-party API): the design neither prices nor sizes it."""

    protocol: Annotated[str, Field(min_length=1, max_length=40), ONE_LINE] = "HTTPS"
    """What the two speak, e.g. `HTTPS`, `ISO 8583 over TLS`, `SFTP`, `webhooks`; the
    derived links carry it as their label."""
    direction: Direction = Direction.OUTBOUND
    """Who calls whom: the design calls it, it calls the design, or both."""
    availability_percent: Annotated[float, Field(ge=0, le=100)] | None = None
    """Its own stated availability (its owner's SLA or status history); when given, a
    request that waits on it counts it in the design's availability. Empty: not stated, and
    left out of the availability (the documents say so)."""


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
    size: Annotated[str, Field(min_length=1, max_length=60), ONE_LINE] | None = None
    """Instance size for instance-priced services; the catalog default when empty."""
    replicas: Annotated[int, Field(ge=1, le=10_000)] = 1
    """Instances running in production at the 1x baseline."""
    multi_az: bool = False
    """Whether it is spread across availability zones (a standby for databases)."""
    autoscaling: Autoscaling | None = None
    """Horizontal autoscaling bounds; None when the count is fixed."""
    network: Identifier | None = None
    """The private network (VPC / VNet) it sits in, e.g. `app-vpc`; empty when it runs
    outside any (a managed service reached over the provider's network or the internet).
    The diagrams and the infrastructure document group components by it."""
    subnet: Subnet | None = None
    """Where in its network it sits: a public subnet (load balancers), a private app
    subnet (the code), a private data subnet (databases, caches); empty when not decided.
    Only with a `network`."""
    env_vars: tuple[EnvVarName, ...] = ()
    """Non-secret environment variables it reads (secrets are listed under security)."""
    notes: Text = ""
    """Why it is there and anything the team agreed about it."""
    queue: QueueSettings | None = None
    """For a queue: its dead-letter queue, retry limit, backoff and visibility timeout;
    empty when not decided."""
    webhooks: OutboundWebhooks | None = None
    """For a compute service that sends webhooks to others' endpoints: retries and
    signing; empty when it sends none."""
    external: ExternalSystem | None = None
    """For an external system (and required of one): its protocol, direction and stated
    availability."""

    @model_validator(mode="after")
    def _settings_fit_the_category(self) -> Component:
        if self.queue is not None and self.category is not Category.QUEUE:
            raise ValueError(f"queue settings are for a queue, not {self.category.label}")
        if self.webhooks is not None and self.category is not Category.COMPUTE:
            raise ValueError(f"outbound webhooks are sent by compute, not {self.category.label}")
        external = self.category is Category.EXTERNAL
        if self.external is not None and not external:
            raise ValueError(
                f"external settings are for an external system, not {self.category.label}"
            )
        if external and self.external is None:
            raise ValueError(
                "an external system says how the design talks to it: "
                "external: {protocol: HTTPS, direction: outbound}"
            )
        if external and (
            self.replicas != 1 or self.multi_az or self.autoscaling or self.size or self.network
        ):
            raise ValueError(
                "an external system's instances, zones, size and network are its owner's, "
                "not the design's"
            )
        return self

    @field_validator("subnet")
    @classmethod
    def _subnet_in_a_network(cls, subnet: Subnet | None, info: ValidationInfo) -> Subnet | None:
        # A network refused on its own says so; the subnet does not add to it.
        if subnet is not None and "network" in info.data and info.data["network"] is None:
            raise ValueError(
                f"a {subnet.label.lower()} is part of a private network: name the network, "
                "or leave the subnet empty"
            )
        return subnet

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
    label: Annotated[str, Field(max_length=60), ONE_LINE] = ""
    """What flows along it, e.g. `HTTPS`, `SQL`, `jobs`."""
    kind: LinkKind = "request"
    """`request` is on the user's request path, `async` is queued work, `side` is telemetry
    or secret lookups drawn beside the main flow."""
