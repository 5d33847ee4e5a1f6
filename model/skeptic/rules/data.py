"""Skeptic rules on resilience and data: zones, availability, backups and recovery.

Each rule is one function from the review's facts to its findings; the table at the end
gives each its id, severity and lean. Every rule about backups still fires when backups
are switched off altogether, so switching them off never hides a finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from model.catalog import PricingModel
from model.engines.graph import single_points_of_failure
from model.engines.reliability import ComponentAvailability, Failure
from model.engines.usage import HOURS_PER_MONTH
from model.enums import Category
from model.fields import field
from model.sections.components import Component
from model.skeptic.findings import (
    Draft,
    Lean,
    Rule,
    RuleTopic,
    Severity,
    dollars,
    offers_multi_az,
    rated,
)
from model.units import availability, capital

if TYPE_CHECKING:
    from model.analysis import Analysis

MIN_RETENTION_DAYS = 7
"""Fewer days of backups cannot undo a mistake found after a weekend and a release."""

AUDITED_RETENTION_DAYS = 30
"""Audited frameworks (`Compliance.audited`) expect at least a month of backups."""


def single_az_database(facts: Analysis) -> Iterator[Draft]:
    """A production database in one availability zone where multi-AZ is a setting."""
    yield from _single_zone(facts, Category.DATABASE, "database")


def single_node_cache(facts: Analysis) -> Iterator[Draft]:
    """A cache on the request path with no replica in another zone."""
    yield from _single_zone(facts, Category.CACHE, "cache")


def _single_zone(facts: Analysis, category: Category, noun: str) -> Iterator[Draft]:
    reliability = facts.reliability
    for component in facts.session.components_in(category):
        service = facts.service(component)
        record = reliability.of(component.id)
        if component.multi_az or record is None or not record.user_facing:
            continue
        if service.pricing.model is not PricingModel.INSTANCE_HOUR:
            continue  # billed per use: the provider spreads it over zones
        if not offers_multi_az(service):
            yield _no_zone_option(
                component, service.label, record.basis, record.percent, noun=noun, facts=facts
            )
            continue
        now = reliability.sla_floor_percent
        then = reliability.what_if(component.id, rated(facts, component, multi_az=True).floor)
        # The draft reads the component's prices (as it is and multi-AZ), its availability
        # as it is and multi-AZ, the composite now and then, and the target.
        key = ("single-zone", noun, facts.cost_model.inputs(component), record, now, then,
               reliability.target_percent)  # fmt: skip
        yield facts.memo.get(
            key, partial(_zone_draft, facts, component, record, noun=noun, now=now, then=then)
        )


def _zone_draft(
    facts: Analysis,
    component: Component,
    record: ComponentAvailability,
    *,
    noun: str,
    now: float,
    then: float,
) -> Draft:
    """The single-zone finding of `component` (its availability `record`), whose composite
    is `now` and would be `then` with it multi-AZ."""
    reliability = facts.reliability
    service = facts.service(component)
    lifted = rated(facts, component, multi_az=True)
    basis = lifted.basis
    current = facts.monthly(component)
    alternative = facts.cost_model.priced(component, multi_az=True).monthly
    hours = (100 - record.percent) / 100 * HOURS_PER_MONTH
    return Draft(
        title=f"Single-AZ production {noun}: {component.name}",
        message=(
            f"{component.name} ({service.label}) runs in one zone ({record.basis}): up to "
            f"{hours:.1f} h of downtime a month, and every request path through it stops "
            f"with the zone. Multi-AZ ({basis}) lifts the composite from "
            f"{availability(now)} to {availability(then)} against the "
            f"{availability(reliability.target_percent)} target, "
            f"for {dollars(alternative)} instead of {dollars(current)}."
        ),
        alternative=f"Multi-AZ {service.label}, {dollars(alternative)}",
        question=f"Is {hours:.1f} h of {noun} downtime a month acceptable to your users, "
        f"to save {dollars((alternative or 0) - current)}?",
        current_monthly=current,
        alternative_monthly=alternative,
        availability_delta=then - now,
        components=(component.id,),
    )


def _no_zone_option(
    component: Component, label: str, basis: str, availability: float, *, noun: str, facts: Analysis
) -> Draft:
    """The zone problem where the chosen tier cannot be made zone-redundant at all."""
    hours = (100 - availability) / 100 * HOURS_PER_MONTH
    return Draft(
        title=f"Single-AZ production {noun}: {component.name}",
        message=(
            f"{component.name} ({label}) runs in one zone ({basis}): up to {hours:.1f} h of "
            f"downtime a month, and every request path through it stops with the zone. This "
            f"tier has no zone-redundant option; that takes another tier or service, which the "
            f"catalog does not price."
        ),
        alternative=f"a zone-redundant tier or service instead of {label} (not priced here)",
        question=f"What do users see while the {noun}'s zone is down, and is that acceptable?",
        current_monthly=facts.monthly(component),
        components=(component.id,),
    )


def single_point_of_failure(facts: Analysis) -> Iterator[Draft]:
    """An instance-run component on every request path with one instance or one zone."""
    candidates = [
        c
        for c in facts.session.components
        if c.category not in (Category.DATABASE, Category.CACHE)
        and (c.replicas < 2 or not c.multi_az)
        and facts.service(c).pricing.model is PricingModel.INSTANCE_HOUR
        and "cluster" not in facts.service(c).tags  # its sizes are nodes in several zones
    ]
    if not candidates:
        return  # nothing this rule could name, so the dominator analysis is not needed
    fragile: dict[str, list[str]] = {}
    for store, nodes in single_points_of_failure(facts.graph).items():
        for node in nodes:
            fragile.setdefault(node, []).append(store)
    for node, stores in fragile.items():
        component = facts.session.component(node)
        if component is None or component.category in (Category.DATABASE, Category.CACHE):
            continue  # their own rules speak for them
        service = facts.service(component)
        if service.pricing.model is not PricingModel.INSTANCE_HOUR:
            continue  # managed services are redundant inside the provider
        line = facts.line(component)
        count = line.instances or 1
        extra = max(0, 2 - count) * (line.charges[0].monthly / count if line.charges else 0)
        current = facts.monthly(component)
        record = facts.reliability.of(component.id)
        spread = rated(facts, component, multi_az=True, replicas=max(2, component.replicas))
        better, basis = spread.floor, spread.basis
        delta = (
            facts.reliability.what_if(component.id, better) - facts.reliability.sla_floor_percent
        )
        where = "one instance" if count < 2 else f"{count} instances in one zone"
        reached = ", ".join(sorted(set(stores)))
        yield Draft(
            title=f"{component.name} is a single point of failure",
            message=(
                f"{component.name} runs as {where} and every request to {reached} passes "
                f"through it ({record.basis if record else ''}). Two instances across zones "
                f"({basis}) add {availability(delta)} to the composite for "
                f"{dollars(current + extra)}."
            ),
            alternative=f"at least 2 instances across zones, {dollars(current + extra)}",
            question=f"What happens to users while {component.name} is replaced or patched?",
            current_monthly=current,
            alternative_monthly=current + extra,
            availability_delta=delta,
            components=(component.id,),
        )


def availability_below_target(facts: Analysis) -> Iterator[Draft]:
    """The design falls short of its availability target: by the design estimate (graded
    by the size of the gap and whether the target is a contractual promise), or only by
    the SLAs' floor (a note, or a warning when customers hold a contract)."""
    reliability = facts.reliability
    if reliability.meets_target or reliability.weakest_link is None:
        return
    contractual = facts.context.availability_contractual
    allowed = reliability.allowed_downtime_minutes_per_month
    floor_words = (
        f"the SLAs of the request path promise {availability(reliability.sla_floor_percent)} "
        f"(up to {reliability.downtime_minutes_per_month:,.0f} min down a month)"
    )
    estimate_words = (
        f"the design estimate is {availability(reliability.estimate_percent)} "
        f"(~{reliability.estimate_downtime_minutes_per_month:,.0f} min)"
    )
    target_words = (
        f"the {availability(reliability.target_percent)} target allows {allowed:,.0f} min"
    )
    weakest = reliability.weakest_link
    if reliability.estimate_meets_target:
        severity = Severity.MEDIUM if contractual else Severity.LOW
        promise = (
            "Customers hold it as a contract, so a breach the providers do not credit is "
            "yours to pay."
            if contractual
            else "As an internal goal that is fine; do not promise more than the floor."
        )
        yield Draft(
            title=f"The SLAs back {availability(reliability.sla_floor_percent)}, the design "
            f"expects {availability(reliability.estimate_percent)}",
            message=(
                f"The design meets its target by estimate: {estimate_words}, and {target_words}."
                f" But {floor_words}. {promise}"
            ),
            alternative=f"publish {availability(reliability.sla_floor_percent)} as the "
            "contractual SLA and keep the target as an internal objective",
            question="Is the target a promise to customers or an internal objective?",
            components=(weakest.component_id,),
            severity=severity,
        )
        return
    ratio = reliability.estimate_downtime_minutes_per_month / allowed if allowed else 2.0
    severity = Severity.HIGH if contractual or ratio >= 2 else Severity.MEDIUM
    best: tuple[float, Component] | None = None
    for component in facts.session.components:
        record = reliability.of(component.id)
        service = facts.service(component)
        if record is None or not record.user_facing or component.multi_az:
            continue
        if not offers_multi_az(service):
            continue
        better = rated(facts, component, multi_az=True).estimate
        lifted = reliability.what_if(component.id, better, estimate=True)
        if best is None or lifted > best[0]:
            best = (lifted, component)
    if best is not None:
        # Priced once, for the component chosen (not for each that led along the way).
        lifted, component = best
        cost = facts.cost_model.priced(component, multi_az=True).monthly
        meets = "meets" if lifted >= reliability.target_percent else "still misses"
        alternative = (
            f"Multi-AZ {component.name} ({dollars(cost)}) lifts the estimate to "
            f"{availability(lifted)}, which {meets} the target"
        )
        delta: float | None = lifted - reliability.estimate_percent
        current: float | None = facts.monthly(component)
    else:
        alternative = (
            f"redundancy for {weakest.name}, or a target of "
            f"{availability(reliability.estimate_percent)} stated to users"
        )
        delta = current = cost = None
    short = sorted(
        (
            c
            for c in reliability.components
            if c.user_facing and c.estimate < reliability.target_percent
        ),
        key=lambda c: c.estimate,
    )
    listed = ", ".join(f"{c.name} {availability(c.estimate)}" for c in short)
    alone = f" On their own below the target: {listed}." if short else ""
    yield Draft(
        title=f"Availability {availability(reliability.estimate_percent)} by estimate, "
        f"below the {availability(reliability.target_percent)} target",
        message=(
            f"Everything on the request path together: {estimate_words}, {ratio:.1f}× the "
            f"downtime {target_words}; {floor_words}. Weakest link: {weakest.name} "
            f"({weakest.basis}).{alone}"
        ),
        alternative=alternative,
        question="Is the target a promise to customers (then the design must back it) or an "
        "internal goal (then say so in the SLA you publish)?",
        current_monthly=current,
        alternative_monthly=cost,
        availability_delta=delta,
        components=(weakest.component_id,),
        severity=severity,
    )


def no_backups(facts: Analysis) -> Iterator[Draft]:
    """Databases that nothing backs up."""
    databases = facts.session.components_in(Category.DATABASE)
    if facts.session.security.backups.enabled or not databases:
        return
    gb = facts.reliability.recovery.database_gb
    yield Draft(
        title="No database backups",
        message=(
            f"Backups are off for {', '.join(d.name for d in databases)} ({gb:,.0f} GB): a "
            "dropped table, a bad migration or ransomware is permanent. Multi-AZ replicas "
            "copy the mistake within milliseconds."
        ),
        alternative="automated daily backups with point-in-time recovery, 30 days retention "
        "(managed databases include backup storage up to the database size, or charge cents "
        "per GB)",
        question="If a migration deletes a column today, how do you get the data back?",
        components=tuple(d.id for d in databases),
    )


def backups_miss_rpo(facts: Analysis) -> Iterator[Draft]:
    """Backups that lose more data than the RPO allows."""
    recovery = facts.reliability.recovery
    if recovery.rpo_met or not facts.session.components_in(Category.DATABASE):
        return
    lost = recovery.rpo_achievable_minutes
    yield Draft(
        title="Backups cannot meet the RPO",
        message=(
            f"The RPO is {recovery.rpo_target_minutes:g} min but "
            + (
                f"{recovery.rpo_basis}: up to {lost:,.0f} min of writes lost."
                if lost
                else f"{recovery.rpo_basis}."
            )
        ),
        alternative="point-in-time recovery (continuous log archiving, ~5 min RPO)",
        question=f"Which {recovery.rpo_target_minutes:g} minutes of orders or edits can you "
        "afford to lose?",
    )


def restore_never_tested(facts: Analysis) -> Iterator[Draft]:
    """Backups nobody has restored."""
    backups = facts.session.security.backups
    recovery = facts.reliability.recovery
    databases = facts.session.components_in(Category.DATABASE)
    if not databases or (backups.enabled and backups.restore_tested):
        return
    estimate = recovery.outcome(Failure.DATA).rto_minutes
    timing = f"takes ~{estimate:,.0f} min by estimate" if estimate is not None else "is impossible"
    yield Draft(
        title="Restore never rehearsed",
        message=(
            f"A restore of {recovery.database_gb:,.0f} GB {timing} against an RTO of "
            f"{recovery.rto_target_minutes:g} min, and nobody has done one: an untested backup "
            "is a hope, not a plan."
        ),
        alternative="restore the latest backup into staging every quarter and time it",
        question="Who last restored a backup, and how long did it take?",
        components=tuple(d.id for d in databases),
    )


def rto_unmet(facts: Analysis) -> Iterator[Draft]:
    """Recovery from a zone failure or from lost data that takes longer than the RTO."""
    recovery = facts.reliability.recovery
    if recovery.rto_met or not facts.session.components_in(Category.DATABASE):
        return
    missed = [
        o for o in recovery.outcomes
        if o.failure is not Failure.REGION and not recovery.rto_met_for(o.failure)
    ]  # fmt: skip
    how = "; ".join(
        f"{o.failure.label}: {o.basis}"
        + (f" (~{o.rto_minutes:,.0f} min)" if o.rto_minutes is not None else "")
        for o in missed
    )
    yield Draft(
        title="Recovery takes longer than the RTO",
        message=f"The RTO is {recovery.rto_target_minutes:g} min. {capital(how)}.",
        alternative="a Multi-AZ standby (fails over in ~2 min) for zone failures, and a "
        "smaller restore unit or a faster restore path for lost data",
        question="Is the RTO a promise to customers, and what did the last restore take?",
    )


def regional_outage_unrecoverable(facts: Analysis) -> Iterator[Draft]:
    """A region outage the design cannot recover from within the RTO: no further region
    and no copy of the data outside the region, or a further region too slow to take over.
    Quiet for a design that promises little (under 99.9%, not audited, not contractual):
    waiting out a rare regional outage is then a fair trade."""
    recovery = facts.reliability.recovery
    outcome = recovery.outcome(Failure.REGION)
    if recovery.rto_met_for(Failure.REGION) or not facts.session.components_in(Category.DATABASE):
        return
    regulated = bool(facts.context.audited)
    contractual = facts.context.availability_contractual
    if not (regulated or contractual or facts.context.availability_target_percent >= 99.9):
        return
    severity = (
        Severity.HIGH
        if outcome.rto_minutes is None and (regulated or contractual)
        else Severity.MEDIUM
    )
    home = facts.context.regions[0]
    if outcome.rto_minutes is None:
        message = (
            f"Everything runs in {home} and no copy of the data leaves it: during a region "
            f"outage the service is down until {home} returns (hours to a day in the outages "
            f"providers have had), against an RTO of {recovery.rto_target_minutes:g} min."
        )
        alternative = (
            "copy backups to a second region (cents per GB a month) to rebuild there in "
            "~1-2 h, or a pilot light or warm standby there"
        )
    else:
        message = (
            f"A region outage takes ~{outcome.rto_minutes:,.0f} min to recover "
            f"({outcome.basis}), against an RTO of {recovery.rto_target_minutes:g} min."
        )
        alternative = "a warm standby in the further region (fails over in ~30 min)"
    yield Draft(
        title=f"A region outage misses the {recovery.rto_target_minutes:g}-min RTO",
        message=message,
        alternative=alternative,
        question=f"If {home} is down for a day, what do customers and auditors hear from you?",
        severity=severity,
    )


def short_backup_retention(facts: Analysis) -> Iterator[Draft]:
    """Backups kept too briefly to undo a mistake found late, or an audit's window."""
    backups = facts.session.security.backups
    if not facts.session.components_in(Category.DATABASE):
        return
    audited = facts.context.audited
    needed = AUDITED_RETENTION_DAYS if audited else MIN_RETENTION_DAYS
    kept = backups.retention_days if backups.enabled else 0
    if kept >= needed:
        return
    why = (
        f"{', '.join(sorted(c.label for c in audited))} audits expect {needed} days"
        if audited
        else f"a mistake found after a weekend and a release needs {needed} days"
    )
    yield Draft(
        title=f"Backups kept {kept} days",
        message=f"Backups are kept {kept} days; {why}.",
        alternative=f"{needed} days or more of retention (backup storage is cents per GB)",
        question="How long after a bad change would you notice it?",
    )


RULES: tuple[Rule, ...] = (
    Rule("single-az-database", Severity.HIGH, Lean.UNDER, single_az_database,
         "a production database in one zone where multi-AZ is a setting",
         RuleTopic.ZONES, field("components[].multi_az")),
    Rule("single-node-cache", Severity.MEDIUM, Lean.UNDER, single_node_cache,
         "a cache on the request path without a replica in another zone",
         RuleTopic.ZONES, field("components[].service")),
    Rule("single-point-of-failure", Severity.HIGH, Lean.UNDER, single_point_of_failure,
         "an instance-run component on every request path with one instance or one zone",
         RuleTopic.ZONES, field("components[].replicas")),
    Rule("availability-below-target", Severity.HIGH, Lean.UNDER, availability_below_target,
         "the design estimate (or only the SLAs' floor) is below the availability target",
         RuleTopic.AVAILABILITY, field("components")),
    Rule("no-backups", Severity.CRITICAL, Lean.UNDER, no_backups,
         "databases without backups",
         RuleTopic.BACKUPS, field("security.backups.enabled")),
    Rule("backups-miss-rpo", Severity.HIGH, Lean.UNDER, backups_miss_rpo,
         "backups lose more data than the RPO allows",
         RuleTopic.BACKUPS, field("security.backups.rpo_minutes")),
    Rule("restore-never-tested", Severity.MEDIUM, Lean.UNDER, restore_never_tested,
         "no restore has been rehearsed",
         RuleTopic.BACKUPS, field("security.backups.restore_tested")),
    Rule("rto-unmet", Severity.HIGH, Lean.UNDER, rto_unmet,
         "recovery takes longer than the RTO",
         RuleTopic.BACKUPS, field("security.backups.rto_minutes")),
    Rule("regional-outage-unrecoverable", Severity.HIGH, Lean.UNDER,
         regional_outage_unrecoverable,
         "a region outage the design cannot recover from within the RTO",
         RuleTopic.REGIONS, field("security.backups.cross_region_copy")),
    Rule("short-backup-retention", Severity.LOW, Lean.UNDER, short_backup_retention,
         "backups kept under 7 days (30 under SOC 2, PCI DSS or HIPAA)",
         RuleTopic.BACKUPS, field("security.backups.retention_days")),
)  # fmt: skip
"""The resilience and data rules."""
