"""The editor of one component: service, size, replicas, multi-AZ, autoscaling, notes.

Fields are validated as a whole component after every keystroke; a valid component is
posted up as `ComponentEditor.Changed`, an invalid field shows its reason underneath and
is not applied. The service is chosen in a `ServicePicker` that shows each candidate's
price, SLA, pros and cons before it is picked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, Select

from tui.steps.form import FormField, show_errors, text_field
from widgets.service_picker import ServicePicker
from widgets.validation import attempt, clean_number

if TYPE_CHECKING:
    from model.components import Component
    from model.enums import Provider


class ComponentEditor(Vertical):
    """Edits one component; posts `Changed` with each valid version."""

    DEFAULT_CSS = """
    ComponentEditor { height: auto; }
    ComponentEditor > .row { height: auto; }
    ComponentEditor Checkbox { margin: 1 0 0 0; }
    """

    @dataclass
    class Changed(Message):
        """A valid edit of the component."""

        component: Component
        field: str
        structural: bool = False
        """True when the edit changes what the editor shows (service, size choices)."""

    def __init__(self, component: Component, provider: Provider) -> None:
        super().__init__(id="component-editor")
        self.component = component
        self.provider = provider
        self.default_size: str | None = None
        self._touched: set[str] = set()
        self._initial: dict[str | None, str] = {}

    def compose(self) -> ComposeResult:
        """The fields, then the service picker with the candidates' details."""
        from model.catalog import PricingModel, load_catalog

        component = self.component
        scaling = component.autoscaling
        with Horizontal(classes="row"):
            yield text_field("Name", "name", component.name)
            yield text_field("Replicas", "replicas", str(component.replicas))
        service = load_catalog().get(component.service)
        if service is not None and service.pricing.model is PricingModel.INSTANCE_HOUR:
            sizes = [(f"{s.name} ${s.hourly_usd:g}/h", s.name) for s in service.pricing.sizes]
            default = service.pricing.sizes[0].name
            self.default_size = default
            yield FormField(
                "Instance size",
                Select(
                    sizes,
                    value=component.size or default,
                    allow_blank=False,
                    id="size",
                    compact=True,
                ),
                "size",
            )
        with Horizontal(classes="row"):
            yield text_field("Autoscale min", "scale_min", str(scaling.min) if scaling else "")
            yield text_field("Autoscale max", "scale_max", str(scaling.max) if scaling else "")
        yield Checkbox("Multi-AZ", component.multi_az, id="multi_az", compact=True)
        yield text_field("Notes", "notes", component.notes)
        yield Label(f"Service of {component.name} (enter picks)", classes="section")
        yield ServicePicker(component.category, self.provider, component.service, id="picker")

    def typed(self) -> dict[str, Any]:
        """The fields as typed, shaped like `Component` fields."""
        values = {f.name: f.control for f in self.query(FormField)}
        text = {k: v.value for k, v in values.items() if isinstance(v, Input)}
        low, high = clean_number(text["scale_min"]), clean_number(text["scale_max"])
        data: dict[str, Any] = {
            "name": text["name"],
            "replicas": clean_number(text["replicas"]) or "",
            "notes": text["notes"],
            "multi_az": self.query_one("#multi_az", Checkbox).value,
            "autoscaling": None if low is None and high is None else {"min": low, "max": high},
        }
        scaling = self.component.autoscaling
        if scaling is not None and data["autoscaling"] is not None:
            data["autoscaling"]["target_cpu_percent"] = scaling.target_cpu_percent
        size = values.get("size")
        if isinstance(size, Select) and isinstance(size.value, str):
            # The catalog's default size stays implicit (None) until another is chosen.
            data["size"] = (
                None if size.value == self.default_size and not self.component.size else size.value
            )
        return data

    def _edited(self, field: str) -> None:
        # Only what the user touched is applied: an untouched input may show a value
        # differently from how it is stored (a multi-line note in a one-line input).
        self._touched.add(_TOUCHES.get(field, field))
        data = {k: v for k, v in self.typed().items() if k in self._touched}
        component, errors = attempt(lambda: self.component.evolve(**data))
        errors = {_FIELD.get(k, k): v for k, v in errors.items()}
        if "" in errors:  # a component-wide rule: show it under replicas
            errors.setdefault("replicas", errors.pop(""))
        show_errors(self, errors)
        if component is not None and component != self.component:
            self.component = component
            self.post_message(self.Changed(component, field))

    @on(Input.Changed)
    def _input(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id in self._touched or event.value != self._initial.get(event.input.id):
            self._edited(event.input.id or "")

    def on_mount(self) -> None:
        """Remember what each input showed first (inputs report it as a change on mount)."""
        self._initial = {i.id: i.value for i in self.query(Input) if i.id}

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    @on(Checkbox.Changed)
    def _checkbox(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._edited("multi_az")

    @on(Select.Changed)
    def _select(self, event: Select.Changed) -> None:
        event.stop()
        self._edited("size")

    @on(ServicePicker.Chosen)
    def _chosen(self, event: ServicePicker.Chosen) -> None:
        event.stop()
        if event.service_id == self.component.service:
            return
        component, errors = attempt(
            lambda: self.component.evolve(service=event.service_id, size=None)
        )
        if component is not None:
            self.component = component
            self.post_message(self.Changed(component, "service", structural=True))
        else:
            show_errors(self, errors)


_TOUCHES = {"scale_min": "autoscaling", "scale_max": "autoscaling"}
"""Inputs that edit a field of another name."""

_FIELD = {"autoscaling": "scale_min", "autoscaling.min": "scale_min"}
"""Error locations that show under another input than their field's name."""
