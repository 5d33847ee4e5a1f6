"""Cost optimisation opportunities, as the role card lists them, where they apply to a design.

Each opportunity prices one component as it is and as it would be after the action, from
the same cost model as the estimate, so the savings add up with the cost report:

- reserved capacity: the catalog's commitment discount (reserved instances, savings plans,
  committed use) on the instance-hours of an always-on component;
- autoscaling down off-peak: half of the hours (nights, weekends) run at the average load,
  a quarter of the peak, instead of at peak size;
- storage lifecycle: half of the stored objects are older than 90 days and rarely read,
  so a lifecycle rule moves them to the archive class;
- CDN offload: a static frontend serving the internet directly moves its egress to the
  provider's CDN, whose free allowance and lower rate take over;
- right-sizing: a smaller instance size still carries the peak at 70% utilisation (for a
  database, never a burstable class: production databases need their CPU all the time);
- log sampling: keeping every error and one request log in five cuts telemetry priced
  per request to a fifth of its volume.

Opportunities saving less than a dollar a month are not worth anyone's time and are
left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from model.catalog import Driver, PricingModel, Service
from model.engines.cost import CostModel
from model.engines.lines import CostLine
from model.engines.pricing import billed_nodes, main_factor
from model.engines.usage import BEHIND_CDN, HOURS_PER_MONTH, needed_instances
from model.enums import Category
from model.sections.components import Component
from model.session import Session
from model.units import money

MIN_SAVING_USD = 1.0
"""Smaller savings are not listed."""

OFF_PEAK_SHARE = 0.5
"""Share of the month's hours that run at the average load."""

AVERAGE_TO_PEAK = 0.25
"""Average load as a share of the peak (as `model.sections.context` assumes)."""

COLD_SHARE = 0.5
"""Share of stored objects older than 90 days and rarely read."""

TARGET_UTILISATION = 0.7
"""Peak utilisation a right-sized fleet may reach."""

LOG_SAMPLE_RATE = 0.2
"""Share of request telemetry kept by sampling (every error plus one in five of the rest)."""

MIN_TELEMETRY_USD = 50.0
"""Telemetry bills below this are not worth sampling."""

SCALED_CATEGORIES = frozenset({Category.COMPUTE})
"""Categories an autoscaler can shrink off-peak."""

SIZED_CATEGORIES = frozenset({Category.COMPUTE, Category.DATABASE})
"""Categories whose instance size is sized by CPU load (caches are sized by memory)."""


class OpportunityKind(StrEnum):
    """The role card's optimisation levers."""

    RESERVED = "reserved_capacity"
    AUTOSCALING = "autoscaling"
    LIFECYCLE = "storage_lifecycle"
    CDN_OFFLOAD = "cdn_offload"
    RIGHT_SIZING = "right_sizing"
    SAMPLING = "log_sampling"


@dataclass(frozen=True, slots=True)
class Opportunity:
    """One way to pay less for one component, with the numbers."""

    kind: OpportunityKind
    component_id: str
    title: str
    current_monthly: float
    """The component's monthly cost today."""
    optimised_monthly: float
    """Its monthly cost after the action."""
    action: str
    """What to do, concretely."""
    assumption: str
    """What the saving rests on."""
    source: str = ""
    """The public page stating a discount, where there is one."""

    @property
    def savings(self) -> float:
        """USD saved per month."""
        return self.current_monthly - self.optimised_monthly

    @property
    def savings_percent(self) -> float:
        """Savings as a share of the current cost, in percent."""
        return self.savings / self.current_monthly * 100 if self.current_monthly else 0.0


def opportunities(model: CostModel) -> tuple[Opportunity, ...]:
    """Every opportunity worth at least a dollar a month, largest saving first."""
    session = model.session
    found: list[Opportunity] = []
    for component, line in zip(model.billed(), model.lines(), strict=True):
        if line.monthly is None or line.monthly <= 0:
            continue
        found.extend(_found(model, component, line, _CHECKS))
    found.extend(_cdn_offload(session, model))
    return tuple(sorted(found, key=lambda o: -o.savings))


def right_sizings(model: CostModel) -> tuple[Opportunity, ...]:
    """Only the right-sizing opportunities (what the skeptic's oversized rule needs)."""
    found: list[Opportunity] = []
    for component, line in zip(model.billed(), model.lines(), strict=True):
        if line.monthly:
            found.extend(_found(model, component, line, (_right_size,)))
    return tuple(found)


def _found(
    model: CostModel, component: Component, line: CostLine, checks: tuple[Check, ...]
) -> tuple[Opportunity, ...]:
    """The opportunities `checks` find for `component` (whose line is `line`) worth a
    dollar a month, kept in the model's memo: a check reads the component's prices alone
    (its line, its service's prices in its region, the usage at the baseline and where it
    sits), which is what `CostModel.inputs` holds."""

    def found() -> tuple[Opportunity, ...]:
        service = model.catalog[line.service_id]
        return tuple(
            opportunity
            for check in checks
            if (opportunity := check(model, component, service, line, line.monthly or 0.0))
            is not None
            and opportunity.savings >= MIN_SAVING_USD
        )

    return model.memo.get(("opportunities", checks, model.inputs(component)), found)


def _reserved(
    model: CostModel, component: Component, service: Service, line: CostLine, current: float
) -> Opportunity | None:
    commitment = service.pricing.commitment
    if commitment is None or service.pricing.model is not PricingModel.INSTANCE_HOUR:
        return None
    hours = line.charges[0].monthly
    saved = hours * commitment.discount_percent / 100
    return Opportunity(
        OpportunityKind.RESERVED,
        component.id,
        f"Reserved capacity for {component.name}",
        current,
        current - saved,
        f"Buy a {commitment.label} for {line.instances} × {line.size}",
        f"{commitment.discount_percent:g}% off {money(hours)} of instance-hours; the "
        "instances run all month, so the commitment is always used",
        str(commitment.source),
    )


def _autoscaling(
    model: CostModel, component: Component, service: Service, line: CostLine, current: float
) -> Opportunity | None:
    if component.category not in SCALED_CATEGORIES or line.instances is None or not line.size:
        return None
    size = service.pricing.size(line.size)
    if size is None:
        return None
    if component.autoscaling is not None:
        floor = component.autoscaling.min
        action = f"Let the autoscaler go down to {floor} off-peak (it already may)"
    else:
        floor = 2 if component.multi_az else 1
        action = f"Add autoscaling with a minimum of {floor} and scale in off-peak"
    load = model.usage().peak_rps * model.placements[component.id].request_share
    off_peak = max(floor, needed_instances(size, load * AVERAGE_TO_PEAK))
    if off_peak >= line.instances:
        return None
    hours = line.charges[0]
    saved = (line.instances - off_peak) * OFF_PEAK_SHARE * hours.monthly / line.instances
    return Opportunity(
        OpportunityKind.AUTOSCALING,
        component.id,
        f"Scale {component.name} down off-peak",
        current,
        current - saved,
        action,
        f"half the hours run at the average load (25% of peak): {off_peak} instead of "
        f"{line.instances} × {size.name}",
    )


def _lifecycle(
    model: CostModel, component: Component, service: Service, line: CostLine, current: float
) -> Opportunity | None:
    archive = service.pricing.archive
    if archive is None or service.pricing.model is not PricingModel.PER_GB_MONTH:
        return None
    stored = line.charges[0]
    cold = stored.quantity * COLD_SHARE
    saved = cold * (stored.unit_price - archive.price_usd)
    return Opportunity(
        OpportunityKind.LIFECYCLE,
        component.id,
        f"Lifecycle rule for {component.name}",
        current,
        current - saved,
        f"Move objects older than 90 days to {archive.label} (${archive.price_usd:g}/GB-month)",
        f"half of the {stored.quantity:,.0f} GB stored is older than 90 days and rarely read; "
        "retrievals take minutes to hours and are billed",
        str(archive.source),
    )


def _right_size(
    model: CostModel, component: Component, service: Service, line: CostLine, current: float
) -> Opportunity | None:
    pricing = model.pricing(service)
    if (
        component.category not in SIZED_CATEGORIES
        or pricing.model is not PricingModel.INSTANCE_HOUR
        or pricing.driver is not Driver.PEAK_RPS
        or line.size is None
    ):
        return None
    chosen = pricing.size(line.size)
    if chosen is None:
        return None
    load = model.usage().peak_rps * model.placements[component.id].request_share
    instances = line.instances or 1
    if load > instances * chosen.capacity * TARGET_UTILISATION:
        return None  # busy enough already
    floor = max(component.replicas, component.autoscaling.min if component.autoscaling else 0)
    # A primary database keeps its instance count and moves to a smaller size; a fleet may
    # trade a bigger size for more instances.
    database = component.category is Category.DATABASE
    factor = main_factor(pricing, multi_az=component.multi_az)
    best = None
    for size in pricing.sizes:
        if size.hourly_usd >= chosen.hourly_usd:
            continue
        if database and size.burstable:
            continue  # never a burstable class for a production database
        count = max(floor, math.ceil(load / (size.capacity * TARGET_UTILISATION) - 1e-9))
        if database and count > instances:
            continue
        serving, standby = billed_nodes(pricing, count, multi_az=component.multi_az)
        hours = (serving + standby) * size.hourly_usd * HOURS_PER_MONTH * factor
        if best is None or hours < best[2]:
            best = (size, count, hours)
    if best is None:
        return None
    size, count, hours = best
    saved = line.charges[0].monthly - hours
    if saved <= 0:
        return None
    return Opportunity(
        OpportunityKind.RIGHT_SIZING,
        component.id,
        f"Right-size {component.name}",
        current,
        current - saved,
        f"Move from {line.instances} × {chosen.name} to {count} × {size.name} "
        f"({size.vcpu:g} vCPU, {size.memory_gb:g} GB)",
        f"{count} × {size.name} carry the {load:,.0f} req/s peak at "
        f"{load / (count * size.capacity) * 100:.0f}% of capacity; check memory too",
    )


def _sampling(
    model: CostModel, component: Component, service: Service, line: CostLine, current: float
) -> Opportunity | None:
    pricing = service.pricing
    if (
        component.category not in {Category.LOGS, Category.ERRORS, Category.METRICS}
        or pricing.model is not PricingModel.PER_MILLION_REQUESTS
        or line.charges[0].monthly < MIN_TELEMETRY_USD
        or pricing.price_usd is None
    ):
        return None
    requests = model.usage().requests_millions * model.placements[component.id].request_share
    sampled = max(0.0, requests * LOG_SAMPLE_RATE - pricing.included) * line.charges[0].unit_price
    saved = line.charges[0].monthly - sampled
    return Opportunity(
        OpportunityKind.SAMPLING,
        component.id,
        f"Sampling for {component.name}",
        current,
        current - saved,
        "Keep every error and warning and one in five request logs or traces",
        f"{requests:,.0f}M requests a month are logged in full at ~1 KB each",
    )


Check = Callable[[CostModel, Component, Service, CostLine, float], "Opportunity | None"]
"""One kind of saving: what it finds for a component with its line and monthly cost."""

_CHECKS: tuple[Check, ...] = (_reserved, _autoscaling, _lifecycle, _right_size, _sampling)


def _cdn_offload(session: Session, model: CostModel) -> list[Opportunity]:
    if session.components_in(Category.CDN):
        return []
    provider = session.provider
    cdns = [s for s in model.catalog.choices(Category.CDN, provider) if s.pricing.is_public]
    # The provider's own CDN fetches from its storage for free, which the frontend's
    # placement behind a CDN assumes; a third-party CDN is offered only when there is none.
    cdns = [s for s in cdns if s.provider.value == provider.value] or cdns
    if not cdns:
        return []
    found = []
    for component in session.components_in(Category.FRONTEND_HOSTING):
        line = model.line(component)
        if line.monthly is None:
            continue
        behind = model.priced(component, placement=BEHIND_CDN).monthly or 0.0
        options = [(model.priced(component, service=cdn).monthly or 0.0, cdn) for cdn in cdns]
        cdn_cost, cdn = min(options, key=lambda pair: pair[0])
        optimised = behind + cdn_cost
        if line.monthly - optimised < MIN_SAVING_USD:
            continue
        found.append(
            Opportunity(
                OpportunityKind.CDN_OFFLOAD,
                component.id,
                f"Serve {component.name} through a CDN",
                line.monthly,
                optimised,
                f"Put {cdn.label} in front of {component.name} ({money(cdn_cost)}/month)",
                "the CDN serves the egress and nine requests in ten from its cache",
                str(cdn.pricing.source),
            )
        )
    return found
