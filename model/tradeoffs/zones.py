"""Zone and replica trade-offs: where each instance-priced component's instances run.

Every instance-priced component (the ones whose instances the team places) is one
decision. A spread choice is set against its minimum (one instance in one zone, no
database standby); a single-zone choice against its spread (two instances across zones,
a Multi-AZ standby), since that is the alternative the skeptic raises. Both are priced
with the cost model at 1x/10x/100x and rated with the reliability model.

A cheaper single zone is never a challenge for a component users depend on: the
skeptic's own zone rules would flag it as under-engineering.
"""

from __future__ import annotations

from model.catalog import PricingModel, Service
from model.engines.reliability import rate
from model.enums import Category
from model.sections.components import Component
from model.skeptic.findings import Finding, offers_multi_az
from model.tradeoffs.basis import (
    ZONE_TOPICS,
    Deltas,
    Evidence,
    Topic,
    Tradeoff,
    Verdict,
    deltas_by_scale,
    judge,
    material,
)
from model.units import availability, capital, money, points

DATA_STORES = (Category.DATABASE, Category.CACHE)
"""Categories whose zone choice is a standby, not more instances."""


def has_zone_choice(facts: Evidence, component: Component) -> bool:
    """Whether the team places the component's instances (and so chooses zones and replicas)."""
    return facts.catalog[component.service].pricing.model is PricingModel.INSTANCE_HOUR


def zone_rows(facts: Evidence) -> list[Tradeoff]:
    """One trade-off per instance-priced component: its zones and replicas."""
    rows = []
    for component in facts.session.components:
        if not has_zone_choice(facts, component):
            continue
        findings = tuple(
            f for f in facts.findings if f.topic in ZONE_TOPICS and component.id in f.components
        )
        rows.append(_zone_row(facts, component, findings))
    return rows


def _zone_row(facts: Evidence, component: Component, findings: tuple[Finding, ...]) -> Tradeoff:
    service = facts.catalog[component.service]
    subject = f"{component.name}: zones and replicas"
    chosen_label, alternative, alt_label = _zone_alternative(component, service)
    if alternative is None:
        numbers = (
            Verdict.JUSTIFIED,
            f"{service.label} has no zone-redundant option in this tier; the catalog does "
            "not price another.",
        )
        verdict, reason = judge(findings, (), numbers)
        return Tradeoff(
            Topic.ZONES, subject, chosen_label, alt_label, None, None, 0, verdict, reason,
            findings,
        )  # fmt: skip
    deltas = _zone_deltas(facts, component, alternative)
    better = rate(alternative, service, facts.catalog).floor
    shift = facts.composite_after({component.id: better}) - facts.reliability.sla_floor_percent
    numbers = _zone_numbers(facts, component, alt_label, deltas, shift)
    decisions = tuple(f.answered_by for f in findings if f.answered_by is not None)
    verdict, reason = judge(findings, (), numbers)
    return Tradeoff(
        Topic.ZONES, subject, chosen_label, alt_label, deltas, shift, 0, verdict,
        reason, findings, decisions,
    )  # fmt: skip


def _zone_alternative(component: Component, service: Service) -> tuple[str, Component | None, str]:
    """The choice in words, the alternative component, and the alternative in words."""
    if component.category in DATA_STORES:
        standby = "Multi-AZ (standby in a second zone)"
        if component.multi_az:
            return standby, component.evolve(multi_az=False), "one zone, no standby"
        if not offers_multi_az(service):
            return "one zone", None, "a zone-redundant tier (not offered by this one)"
        return "one zone", component.evolve(multi_az=True), standby
    now = _fleet(component.replicas, component.multi_az, component)
    if component.multi_az and component.replicas >= 2:
        scaling = component.autoscaling.evolve(min=1) if component.autoscaling else None
        fewer = component.evolve(replicas=1, multi_az=False, autoscaling=scaling)
        return now, fewer, "1 instance in one zone"
    replicas = max(2, component.replicas)
    scaling = component.autoscaling
    if scaling is not None and scaling.max < replicas:
        scaling = scaling.evolve(max=replicas)
    spread = component.evolve(replicas=replicas, multi_az=True, autoscaling=scaling)
    return now, spread, f"{replicas} instances across zones"


def _fleet(replicas: int, multi_az: bool, component: Component) -> str:
    count = "1 instance" if replicas == 1 else f"{replicas} instances"
    where = "across zones" if multi_az and replicas >= 2 else "in one zone"
    scaling = component.autoscaling
    bounds = f", autoscaling {scaling.min}–{scaling.max}" if scaling else ""
    return f"{count} {where}{bounds}"


def _zone_deltas(facts: Evidence, component: Component, alternative: Component) -> Deltas | None:
    return deltas_by_scale(
        lambda scale: facts.model.priced(component, scale).monthly,
        lambda scale: facts.model.priced(alternative, scale).monthly,
    )


def _zone_numbers(
    facts: Evidence,
    component: Component,
    alternative: str,
    deltas: Deltas | None,
    shift: float,
) -> tuple[Verdict, str]:
    composite = facts.reliability.sla_floor_percent
    target = facts.reliability.target_percent
    record = facts.reliability.of(component.id)
    facing = record is not None and record.user_facing
    alternative = capital(alternative)
    if deltas is None:
        return Verdict.JUSTIFIED, f"{alternative} cannot be priced here."
    now = deltas[0]
    current = facts.model.priced(component).monthly or 0.0
    if now > 0.005:
        if not facing:
            return Verdict.JUSTIFIED, (
                f"{alternative} would cost {money(now)} a month more; users do not depend on "
                f"{component.name} directly, so it would not change what they see."
            )
        return Verdict.JUSTIFIED, (
            f"{alternative} would cost {money(now)} a month more for {points(shift)} "
            f"of availability."
        )
    if now > -0.005:
        gain = f" and buys {points(-shift)} of availability" if shift < 0 else ""
        return Verdict.JUSTIFIED, (
            f"{alternative} would cost the same at today's load, so the current setup costs "
            f"nothing extra{gain}."
        )
    saving = -now
    if not facts.keeps_target(shift):
        return Verdict.JUSTIFIED, (
            f"{alternative} saves {money(saving)} a month but takes availability from "
            f"{availability(composite)} to {availability(composite + shift)}, below the "
            f"{availability(target)} target."
        )
    if not material(saving, current):
        return Verdict.JUSTIFIED, f"{alternative} would save only {money(saving)} a month."
    if facing:
        # Users depend on it: the skeptic's own zone rules would flag the cheaper setup.
        return Verdict.JUSTIFIED, (
            f"{alternative} saves {money(saving)} a month and still meets the "
            f"{availability(target)} target ({availability(composite)} → "
            f"{availability(composite + shift)}), but {component.name} is on the users' "
            "request path, where one zone is what the skeptic flags as under-engineering."
        )
    if all(d < -0.005 for d in deltas):
        return Verdict.CHALLENGE, (
            f"{alternative} saves {money(saving)} a month and the design still meets its "
            f"{availability(target)} target ({availability(composite)} → "
            f"{availability(composite + shift)})."
            " What is the spread for?"
        )
    return Verdict.JUSTIFIED, (
        f"{alternative} saves {money(saving)} a month now but not at scale, where the load "
        "needs the instances anyway."
    )
