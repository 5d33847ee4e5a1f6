"""The editor of one component: name, id, replicas, size, autoscaling, multi-AZ, its
network and subnet, notes and the service; for an external system, its protocol,
direction and stated availability instead.

A `RecordForm` over the component (the engine every form shares), with rows declared
for the component's service: the size is offered only for an instance-priced service,
and the catalog's default size stays implicit (None) until another is chosen. A valid
component is posted up as `RecordForm.Changed`; an invalid field shows its reason
underneath and is not applied. The service is chosen in a `ServicePicker` that shows each
candidate's price, SLA, pros and cons before it is picked. A new id is applied by the
step as a rename (`model.edits.rename_component`): links and secrets follow it, and an
id another component has is refused under the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.enums import Category, Direction, Subnet
from model.sections.components import Component
from tui.steps.fields import Row, Spec, enum_choices
from tui.steps.record_form import RecordForm

if TYPE_CHECKING:
    from model.session import Session

AUTOSCALING = (
    Spec("autoscaling.min", "Autoscale min", "optional_number", together="autoscaling"),
    Spec("autoscaling.max", "Autoscale max", "optional_number", together="autoscaling"),
)
"""The autoscaling bounds: both empty means a fixed count."""


NETWORK = (
    Spec("network", "Network", "optional_text", "VPC; empty: none"),
    Spec("subnet", "Subnet", "optional_choice", choices=enum_choices(Subnet)),
)
"""Where the component sits: the private network it is in and its subnet there."""


EXTERNAL: tuple[Row, ...] = (
    (
        Spec("external.protocol", "Protocol", hint="e.g. HTTPS, ISO 8583"),
        Spec("external.direction", "Direction", "choice", choices=enum_choices(Direction)),
    ),
    (
        Spec(
            "external.availability_percent", "Availability", "optional_number", "% stated, or empty"
        ),
    ),
    (Spec("notes", "Notes"),),
)
"""An external system: how the design talks to it and the availability its owner states."""


QUEUE: tuple[Row, ...] = (
    (
        Spec("queue.dead_letter", "Dead-letter queue", "bool", together="queue"),
        Spec("queue.backoff", "Backoff between deliveries", "bool", together="queue"),
    ),
    (
        Spec(
            "queue.max_receives",
            "Deliveries before dead-letter",
            "optional_number",
            "empty: unlimited",
            together="queue",
        ),
        Spec(
            "queue.visibility_timeout_seconds",
            "Visibility timeout",
            "optional_number",
            "s",
            together="queue",
        ),
        Spec(
            "queue.processing_seconds",
            "Longest processing",
            "optional_number",
            "s",
            together="queue",
        ),
    ),
)
"""A queue's failure handling, edited together (all empty and unticked: not decided)."""

WEBHOOKS: tuple[Row, ...] = (
    (
        Spec(
            "webhooks.max_attempts",
            "Webhook attempts",
            "optional_number",
            "empty: sends none",
            together="webhooks",
        ),
        Spec("webhooks.backoff", "Webhook backoff", "bool", together="webhooks"),
        Spec("webhooks.signed", "Webhooks signed", "bool", together="webhooks"),
    ),
)
"""Outbound webhooks of a compute service, edited together."""


def component_rows(component: Component, session: Session) -> tuple[Row, ...]:
    """The fields of `component`, the size only when its service is priced per instance,
    with the size prices of the region the design bills it in and what Multi-AZ adds."""
    from model.catalog import PricingModel, load_catalog
    from model.engines.pricing import multi_az_meaning

    if component.category is Category.EXTERNAL:
        # Another party runs it: no service to pick, nothing to size or place.
        return ((Spec("name", "Name"), Spec("id", "Id", hint="links follow")), *EXTERNAL)
    rows: list[Row] = [
        (
            Spec("name", "Name"),
            Spec("id", "Id", hint="links follow"),
            Spec("replicas", "Replicas", "number", "serving"),
        )
    ]
    catalog = load_catalog()
    service = catalog.get(component.service)
    multi_az = "Multi-AZ"
    if service is not None:
        region = catalog.billing_region(service.provider, session.context.regions)
        pricing = catalog.pricing_in(service, region).pricing
        multi_az = f"Multi-AZ ({multi_az_meaning(pricing, short=True)})"
        if pricing.model is PricingModel.INSTANCE_HOUR:
            sizes = tuple(
                (f"{s.name} ${s.hourly_usd:g}/h" + (" · burstable" if s.burstable else ""), s.name)
                for s in pricing.sizes
            )
            default = pricing.sizes[0].name
            label = f"Instance size ({region})" if region else "Instance size"
            rows.append((Spec("size", label, "choice", choices=sizes, implicit=default),))
    rows += [AUTOSCALING, (Spec("multi_az", multi_az, "bool"),), NETWORK]
    if component.category is Category.QUEUE:
        rows += QUEUE
    if component.category is Category.COMPUTE:
        rows += WEBHOOKS
    rows += [
        (Spec("notes", "Notes"),),
        (
            Spec(
                "service",
                f"Service of {component.name} (enter picks)",
                "service",
                category=component.category,
                clears=("size",),
            ),
        ),
    ]
    return tuple(rows)


class ComponentEditor(RecordForm[Component]):
    """Edits one component; posts `RecordForm.Changed` with each valid version."""

    DEFAULT_CSS = """
    ComponentEditor FormField.-narrow { margin: 0 1 0 0; }
    """

    def __init__(self, component: Component, session: Session) -> None:
        super().__init__(
            component,
            component_rows(component, session),
            session,
            whole="replicas",  # the replicas-within-bounds rule
            id="component-editor",
        )
