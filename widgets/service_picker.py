"""The service picker: the catalog's services for one category on one provider.

Moving through the list shows the highlighted service's price (the catalog's price
headline in the region the design bills it in, with the source date), SLA, complexity,
lock-in, pros and cons, so the team sees
what a choice means before making it. Pressing enter posts `ServicePicker.Chosen`; the
screen that owns the session decides what to do with it. A tool the design may go
without (a WAF, a pager) lists "none chosen" first, in words and marked like any choice
when it is the one in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from model.catalog import Catalog, Service
    from model.enums import Category, Provider
    from model.sections.components import Component

NONE_CHOSEN = "none chosen"
"""The words of the option that chooses no service."""

_NONE_ID = "-none-"
"""The option id of "none chosen" (no catalog id starts with a dash)."""


def sla_words(service: Service, catalog: Catalog, component: Component | None) -> tuple[str, str]:
    """The SLA of `service` for the list (short) and the details: as `component` is
    deployed (replicas, Multi-AZ) — the figure the report and the live gauge use — or, with
    no component, its single and multi-AZ figures; per plan for a plan-priced service."""
    from model.engines.reliability import rate

    if service.pricing.tiers:
        plans = " · ".join(
            f"{t.name} {t.sla_percent:g}%" if t.sla_percent is not None else f"{t.name} none"
            for t in service.pricing.tiers
        )
        return "SLA by plan", f"by plan: {plans}"
    if component is not None:
        rating = rate(component, service, catalog)
        if not rating.published and component.external is not None:
            return "not stated", rating.basis
        short = f"{rating.floor:g}%" if rating.published else "no SLA"
        expected = f"; expected {rating.estimate:.4g}%" if rating.estimate > rating.floor else ""
        return short, f"{rating.floor:g}% as set ({rating.basis}){expected}"
    single, multi = service.sla_percent, service.sla_multi_az_percent
    parts = (
        [f"{single:g}%"]
        if single is not None
        else ["none for one zone" if multi else "none published"]
    )
    if multi is not None:
        parts.append(f"Multi-AZ {multi:g}%")
    short = f"{single:g}%" if single is not None else (f"MAZ {multi:g}%" if multi else "no SLA")
    return short, " · ".join(parts)


def describe(
    service: Service,
    size: str | None = None,
    regions: tuple[str, ...] = (),
    component: Component | None = None,
) -> Text:
    """The detail text of `service`: its price in the region a design in `regions` bills it
    in (the base region's when that region has no figure, said so), SLA, effort, pros and
    cons."""
    from model.catalog import GLOBAL, MAIN_PRICE, PricingModel, load_catalog, price_headline

    catalog = load_catalog()
    region = catalog.billing_region(service.provider, regions) if regions else GLOBAL
    billing = catalog.pricing_in(service, region)
    pricing = billing.pricing
    key = MAIN_PRICE
    if pricing.model is PricingModel.INSTANCE_HOUR:
        key = (pricing.size(size) or pricing.sizes[0]).name
    figure = billing.figure(key)
    text = Text(service.label, style="bold")
    text.append(f"  ({service.provider.label})\n", style="dim")
    text.append("Price  ", style="bold")
    text.append(f"{price_headline(pricing, size)}")
    where = f" in {region}" if region not in ("", GLOBAL) else ""
    if key in billing.borrowed:
        where = f" ({billing.base_region}: no {region or 'regional'} figure)"
    as_of = figure.as_of if figure is not None else pricing.as_of.isoformat()
    text.append(f"{where}  as of {as_of}\n", style="dim")
    text.append("SLA    ", style="bold")
    text.append(sla_words(service, catalog, component)[1])
    text.append(f"\n       complexity {service.complexity}/5   lock-in {service.lock_in}/5\n")
    for point in service.pros:
        text.append("+ ", style="green")
        text.append(f"{point}\n")
    for point in service.cons:
        text.append("- ", style="red")
        text.append(f"{point}\n")
    text.rstrip()
    return text


class ServicePicker(Vertical, can_focus=False):
    """A list of catalog services with the highlighted one's details below it."""

    DEFAULT_CSS = """
    ServicePicker {
        height: auto;
    }
    ServicePicker > OptionList {
        height: auto;
        max-height: 8;
    }
    ServicePicker > #details {
        height: auto;
        padding: 0 1;
        color: $text;
    }
    """

    category: var[Category | None] = var(None, init=False)
    """The category whose services are listed."""
    provider: var[Provider | None] = var(None, init=False)
    """The design's provider; services not offered on it are left out."""
    chosen: var[str | None] = var(None, init=False)
    """The id of the service currently in use, marked in the list."""
    regions: var[tuple[str, ...]] = var((), init=False)
    """The design's regions: prices are shown for the one each service bills in."""
    component: var[Component | None] = var(None, init=False)
    """The component being edited: SLAs are shown for its replicas and Multi-AZ setting."""

    @dataclass
    class Chosen(Message):
        """The user picked a service (None: "none chosen")."""

        picker: ServicePicker
        service_id: str | None

        @property
        def control(self) -> ServicePicker:
            """The picker that sent the message."""
            return self.picker

    def __init__(
        self,
        category: Category | None = None,
        provider: Provider | None = None,
        chosen: str | None = None,
        *,
        regions: tuple[str, ...] = (),
        optional: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.optional = optional
        """Whether "none chosen" is offered first (a tool the design may go without)."""
        self.set_reactive(ServicePicker.category, category)
        self.set_reactive(ServicePicker.provider, provider)
        self.set_reactive(ServicePicker.chosen, chosen)
        self.set_reactive(ServicePicker.regions, regions)
        self._services: tuple[Service, ...] = ()
        self._ready = False

    def compose(self) -> ComposeResult:
        """The list and the details."""
        yield OptionList(id="services")
        yield Static(id="details")

    def on_mount(self) -> None:
        """Fill the list."""
        self._ready = True
        self._refill()

    @property
    def services(self) -> tuple[Service, ...]:
        """The services listed, in catalog order."""
        return self._services

    def watch_category(self) -> None:
        """Another category: list its services."""
        self._refill()

    def watch_provider(self) -> None:
        """Another provider: list what it offers."""
        self._refill()

    def watch_chosen(self) -> None:
        """Move the mark to the service in use."""
        self._refill()

    def watch_regions(self) -> None:
        """Other regions: show their prices."""
        self._refill()

    def watch_component(self) -> None:
        """Another deployment of the component: show its SLAs."""
        self._refill()

    def _refill(self) -> None:
        if not self._ready:
            return
        from model.catalog import load_catalog

        options = self.query_one("#services", OptionList)
        catalog = load_catalog()
        if self.category is None or self.provider is None:
            self._services = ()
        else:
            self._services = catalog.choices(self.category, self.provider)
        options.clear_options()
        if self.optional:
            mark = "●" if self.chosen is None else " "
            options.add_option(Option(Text(f"{mark} {NONE_CHOSEN}", style="italic"), id=_NONE_ID))
        for service in self._services:
            mark = "●" if service.id == self.chosen else " "
            sla = sla_words(service, catalog, self.component)[0]
            label = Text(f"{mark} {service.label}")
            label.append(f"  {sla}", style="dim")
            options.add_option(Option(label, id=service.id))
        first = int(self.optional)
        found = (i for i, s in enumerate(self._services, first) if s.id == self.chosen)
        index = next(found, 0 if self.chosen is None else first)
        options.highlighted = index if options.option_count else None
        self._show_details(index)

    def _show_details(self, index: int | None) -> None:
        details = self.query_one("#details", Static)
        if self.optional and index == 0:
            what = self.category.label if self.category is not None else "tool"
            details.update(Text(f"No {what}: the design goes without one.", style="dim"))
            return
        position = None if index is None else index - int(self.optional)
        if position is None or not 0 <= position < len(self._services):
            details.update(Text("No service of this category on this provider.", style="dim"))
            return
        details.update(
            describe(self._services[position], regions=self.regions, component=self.component)
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the details of the highlighted service."""
        event.stop()
        self._show_details(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a service: choose it."""
        event.stop()
        if event.option.id == _NONE_ID:
            self.post_message(self.Chosen(self, None))
        elif event.option.id is not None:
            self.post_message(self.Chosen(self, event.option.id))

    def focus_list(self) -> None:
        """Put the keyboard in the list."""
        self.query_one("#services", OptionList).focus()
