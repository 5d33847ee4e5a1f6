"""The editor of one component: name, replicas, size, autoscaling, multi-AZ, notes and
the service.

A `RecordForm` over the component (the engine every form shares), with rows declared
for the component's service: the size is offered only for an instance-priced service,
and the catalog's default size stays implicit (None) until another is chosen. A valid
component is posted up as `RecordForm.Changed`; an invalid field shows its reason
underneath and is not applied. The service is chosen in a `ServicePicker` that shows each
candidate's price, SLA, pros and cons before it is picked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.sections.components import Component
from tui.steps.fields import Row, Spec
from tui.steps.record_form import RecordForm

if TYPE_CHECKING:
    from model.session import Session

AUTOSCALING = (
    Spec("autoscaling.min", "Autoscale min", "optional_number", together="autoscaling"),
    Spec("autoscaling.max", "Autoscale max", "optional_number", together="autoscaling"),
)
"""The autoscaling bounds: both empty means a fixed count."""


def component_rows(component: Component) -> tuple[Row, ...]:
    """The fields of `component`, the size only when its service is priced per instance."""
    from model.catalog import PricingModel, load_catalog

    rows: list[Row] = [(Spec("name", "Name"), Spec("replicas", "Replicas", "number"))]
    service = load_catalog().get(component.service)
    if service is not None and service.pricing.model is PricingModel.INSTANCE_HOUR:
        sizes = tuple((f"{s.name} ${s.hourly_usd:g}/h", s.name) for s in service.pricing.sizes)
        default = service.pricing.sizes[0].name
        rows.append((Spec("size", "Instance size", "choice", choices=sizes, implicit=default),))
    rows += [
        AUTOSCALING,
        (Spec("multi_az", "Multi-AZ", "bool"),),
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
            component_rows(component),
            session,
            whole="replicas",  # the replicas-within-bounds rule
            id="component-editor",
        )
