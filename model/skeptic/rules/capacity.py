"""Skeptic rules on capacity: fleets that cannot carry the peak, instances with no headroom,
production databases on burstable classes.

Each rule is one function from the review's facts to its findings; the table at the end
gives each its id, severity and lean. Capacity comes from the catalog's per-size estimate
of the peak requests/s a size carries (`InstanceSize.capacity`); whether a size runs on CPU
credits is the catalog's `InstanceSize.burstable`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from model.catalog import Driver, InstanceSize, Pricing, PricingModel, Service
from model.engines.usage import HOURS_PER_MONTH, instance_count, needed_instances
from model.enums import Category
from model.fields import field
from model.sections.components import Component
from model.skeptic.findings import Draft, Lean, Rule, RuleTopic, Severity, dollars

if TYPE_CHECKING:
    from model.analysis import Analysis

HEADROOM_LIMIT = 0.8
"""Peak utilisation of a fixed-size instance above which growth has nowhere to go."""


def capacity_short(facts: Analysis) -> Iterator[Draft]:
    """A fleet whose maximum size cannot carry today's peak."""
    for component, size_name, load, capacity, allowed, needed in _fleets(facts):
        if needed <= allowed:
            continue
        line = facts.line(component)
        yield Draft(
            title=f"{component.name} cannot carry the peak",
            message=(
                f"The {load:,.0f} req/s peak needs {needed} × {size_name} (~{capacity:,.0f} "
                f"req/s each) but at most {allowed} may run"
                + (" (autoscaling maximum)." if component.autoscaling else " (fixed replicas).")
            ),
            alternative=f"{line.instances} × {line.size}, {dollars(line.monthly)} (as priced here)",
            question="Has the peak been load-tested against this capacity?",
            alternative_monthly=line.monthly,
            components=(component.id,),
        )


def no_headroom(facts: Analysis) -> Iterator[Draft]:
    """A fixed-size instance above 80% of its capacity at peak."""
    growth = facts.context.growth_percent_per_month
    for component, size_name, load, capacity, allowed, needed in _fleets(facts):
        if component.autoscaling is not None or needed > allowed:
            continue
        used = load / (allowed * capacity)
        if used < HEADROOM_LIMIT:
            continue
        current = facts.monthly(component)
        pricing = facts.cost_model.pricing(facts.service(component))
        chosen = pricing.size(size_name)
        database = component.category is Category.DATABASE
        bigger = sorted(
            (
                s
                for s in pricing.sizes
                if chosen and s.capacity > chosen.capacity and not (database and s.burstable)
            ),
            key=lambda s: s.capacity,
        )
        if bigger:
            step = bigger[0]
            cost = facts.cost_model.priced(component, size=step.name).monthly
            alternative = f"{step.name} (~{step.capacity:,.0f} req/s), {dollars(cost)}"
        else:
            replica = (chosen.hourly_usd if chosen else 0.0) * HOURS_PER_MONTH
            cost = current + replica
            alternative = (
                f"no larger size in the catalog: a read replica for read traffic, {dollars(cost)}"
            )
        months = math.log(1 / used) / math.log(1 + growth / 100) if growth > 0 and used < 1 else 0.0
        runway = (
            f"at {growth:g}% growth a month it is full in {months:.0f} months"
            if months >= 1
            else "it is full now"
        )
        yield Draft(
            title=f"{component.name} has no headroom",
            message=(
                f"{component.name} ({allowed} × {size_name}) carries ~{allowed * capacity:,.0f} "
                f"req/s and the peak is {load:,.0f} ({used * 100:.0f}%); {runway}."
            ),
            alternative=alternative,
            question="What gives first at the next traffic spike, and how long does resizing take?",
            current_monthly=current,
            alternative_monthly=cost,
            components=(component.id,),
        )


def burstable_production_database(facts: Analysis) -> Iterator[Draft]:
    """A production database on a burstable (CPU-credit) instance class."""
    for component in facts.session.components_in(Category.DATABASE):
        pricing = facts.cost_model.pricing(facts.service(component))
        if pricing.model is not PricingModel.INSTANCE_HOUR:
            continue
        line = facts.line(component)
        chosen = pricing.size(line.size)
        if chosen is None or not chosen.burstable:
            continue
        # The draft reads the component's prices (its line's among them: every size of
        # its service) and the peak.
        key = ("burstable", facts.cost_model.inputs(component), facts.context.peak_rps)
        yield facts.memo.get(key, partial(_burstable, facts, component, pricing, chosen))


def _burstable(
    facts: Analysis, component: Component, pricing: Pricing, chosen: InstanceSize
) -> Draft:
    """The finding of database `component` priced at `pricing` on burstable size `chosen`."""
    line = facts.line(component)
    count = line.instances or 1
    load = facts.context.peak_rps * facts.cost_model.placements[component.id].request_share
    used = load / (count * chosen.capacity) * 100
    current = facts.monthly(component)
    steady = smallest_steady(pricing.sizes, load, count)
    label = facts.service(component).label
    if steady is not None:
        cost = facts.cost_model.priced(component, size=steady.name).monthly
        alternative = (
            f"{steady.name} ({steady.vcpu:g} dedicated vCPU, {steady.memory_gb:g} GB), "
            f"{dollars(cost)}"
        )
    else:
        cost = None
        alternative = f"a tier of {label} with dedicated vCPUs (not priced here)"
    zones = " with its Multi-AZ standby" if component.multi_az else ""
    return Draft(
        title=f"Burstable production database: {component.name} ({chosen.name})",
        message=(
            f"{component.name} runs on {chosen.name}{zones} ({dollars(current)}), a "
            "burstable class: above its CPU baseline it runs on credits, and when they "
            "run out it is throttled to the baseline (or, in unlimited mode, bills the "
            f"surplus). At the {facts.context.peak_rps:g} req/s peak it carries "
            f"{load:,.0f} req/s, {used:.0f}% of the ~{count * chosen.capacity:,.0f} it "
            "sustains, so the credits last until a migration, a batch job or a spike "
            "keeps the CPU busy. Burstable classes are meant for development and test."
        ),
        alternative=alternative,
        question="When the database's CPU credits run out during a migration or a spike, "
        "what do users see, and who notices first?",
        current_monthly=current,
        alternative_monthly=cost,
        components=(component.id,),
    )


def smallest_steady(
    sizes: tuple[InstanceSize, ...], load: float, count: int
) -> InstanceSize | None:
    """The cheapest non-burstable size whose `count` instances carry `load` (the cheapest
    non-burstable one when none does)."""
    steady = sorted((s for s in sizes if not s.burstable), key=lambda s: s.hourly_usd)
    carrying = [s for s in steady if s.capacity * count >= load]
    found = carrying or steady
    return found[0] if found else None


def offered_size(facts: Analysis, component: Component, service: Service) -> str | None:
    """The size a rule prices `service` at when it offers it for `component`: the service's
    default (None), except for a database on an instance-priced service, which is offered
    the cheapest size with dedicated vCPUs that carries its share of the peak. Burstable
    classes are for development and test (`InstanceSize.burstable`), so no finding
    recommends one for a production database."""
    if component.category is not Category.DATABASE:
        return None
    pricing = facts.cost_model.pricing(service)
    if pricing.model is not PricingModel.INSTANCE_HOUR:
        return None
    load = facts.context.peak_rps * facts.cost_model.placements[component.id].request_share
    steady = smallest_steady(pricing.sizes, load, instance_count(component, None, 0))
    return steady.name if steady is not None else None


def _fleets(facts: Analysis) -> Iterator[tuple[Component, str, float, float, int, int]]:
    """Instance-priced components sized by peak load: size, load, capacity, allowed, needed."""
    peak = facts.context.peak_rps
    for component in facts.session.components:
        pricing = facts.service(component).pricing
        if pricing.model is not PricingModel.INSTANCE_HOUR or pricing.driver is not Driver.PEAK_RPS:
            continue
        size = pricing.size(component.size) or pricing.sizes[0]
        load = peak * facts.cost_model.placements[component.id].request_share
        if component.autoscaling is not None:
            allowed = component.autoscaling.max
        else:
            allowed = component.replicas
        yield component, size.name, load, size.capacity, allowed, needed_instances(size, load)


RULES: tuple[Rule, ...] = (
    Rule("capacity-short", Severity.HIGH, Lean.UNDER, capacity_short,
         "the most instances allowed cannot carry today's peak",
         RuleTopic.CAPACITY, field("components[].autoscaling.max")),
    Rule("no-headroom", Severity.MEDIUM, Lean.UNDER, no_headroom,
         "a fixed-size instance above 80% of its capacity at peak",
         RuleTopic.CAPACITY, field("components[].size")),
    Rule("burstable-production-database", Severity.MEDIUM, Lean.UNDER,
         burstable_production_database,
         "a production database on a burstable (CPU-credit) instance class",
         RuleTopic.SERVICES, field("components[].size")),
)  # fmt: skip
"""The capacity rules."""
