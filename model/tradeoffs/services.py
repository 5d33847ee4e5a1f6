"""Service trade-offs: each component's catalog service beside a simpler or cheaper one.

Components of one category on one service are one decision (the
storefront and the API on Cloud Run, say). Its alternative is taken from the catalog's
public-priced services of the same category and provider (`model.engines.crossover.alternatives`)
that keep the capability the choice was made for (SQL or NoSQL, Redis, a WAF): the
cheapest one no more complex than the choice if it is cheaper now, else the cheapest
one, else the simplest one. Both are priced for the same components at 1x/10x/100x.

A recorded decision is about a service when its title or choice names it: every word of
the catalog id after the provider (`ecs fargate`, `cloud run`) or the full label.

A finding spanning several services (two duplicate tools, the monitoring bill) is judged
on the costliest of them, where the money it is about sits.
"""

from __future__ import annotations

from model.catalog import Service
from model.engines.crossover import alternatives, compare
from model.engines.reliability import rate
from model.enums import Category
from model.sections.components import Component
from model.skeptic.findings import Finding, and_list
from model.tradeoffs.basis import (
    PLATFORM_TOPICS,
    ZONE_TOPICS,
    Deltas,
    Evidence,
    Topic,
    Tradeoff,
    Verdict,
    deltas_by_scale,
    judge,
    material,
    mentions,
    words,
)
from model.tradeoffs.zones import has_zone_choice
from model.units import availability, money

CAPABILITIES = frozenset({"sql", "nosql", "redis", "waf"})
"""Catalog tags an alternative must share with the choice: swapping a SQL database for a
document store, Redis for Memcached, or a WAF for plain DDoS protection is a redesign,
not a cheaper way to the same thing."""


def service_rows(facts: Evidence) -> list[Tradeoff]:
    """One trade-off per category and service chosen, in component order."""
    groups: dict[tuple[Category, str], list[Component]] = {}
    for component in facts.session.components:
        groups.setdefault((component.category, component.service), []).append(component)
    zoned = {c.id for c in facts.session.components if has_zone_choice(facts, c)}
    keys = {c.id: (c.category, c.service) for c in facts.session.components}
    judged: dict[tuple[Category, str], list[Finding]] = {key: [] for key in groups}
    for finding in facts.findings:
        if finding.topic in PLATFORM_TOPICS or not finding.components:
            continue
        if finding.topic in ZONE_TOPICS and set(finding.components) <= zoned:
            continue
        for key in _costliest(facts, [keys[c] for c in finding.components if c in keys]):
            judged[key].append(finding)
    rows = []
    for (category, service_id), members in groups.items():
        found = tuple(judged[(category, service_id)])
        rows.append(_service_row(facts, category, facts.catalog[service_id], members, found))
    return rows


def _costliest(facts: Evidence, keys: list[tuple[Category, str]]) -> list[tuple[Category, str]]:
    """The rows a finding spanning several services is judged on: those costing the most,
    where the money it is about sits (the dearer of two duplicate tools, say)."""
    unique = list(dict.fromkeys(keys))
    if len(unique) < 2:
        return unique
    costs = {
        key: sum(
            facts.model.priced(c).monthly or 0.0
            for c in facts.session.components
            if (c.category, c.service) == key
        )
        for key in unique
    }
    top = max(costs.values())
    return [key for key in unique if costs[key] >= top * 0.995]


def _cost(
    facts: Evidence,
    members: list[Component],
    scale: float,
    service: Service | None = None,
) -> float | None:
    total = 0.0
    for component in members:
        monthly = facts.model.priced(component, scale, service=service).monthly
        if monthly is None:
            return None
        total += monthly
    return total


def compatible(chosen: Service, alternative: Service) -> bool:
    """Whether `alternative` keeps the capabilities `chosen` was picked for."""
    return CAPABILITIES & set(chosen.tags) <= set(alternative.tags)


def _pick(facts: Evidence, chosen: Service, members: list[Component]) -> Service | None:
    """The simpler-or-cheaper alternative to `chosen` (see the module docstring)."""
    candidates = [s for s in alternatives(facts.model, chosen) if compatible(chosen, s)]
    now = _cost(facts, members, 1.0)
    priced = [(s, cost) for s in candidates if (cost := _cost(facts, members, 1.0, s)) is not None]
    if now is not None:
        cheaper = [(s, c) for s, c in priced if c < now - 0.005]
        plain = [(s, c) for s, c in cheaper if s.complexity <= chosen.complexity]
        if plain or cheaper:
            return min(plain or cheaper, key=lambda pair: pair[1])[0]
    simpler = [(s, c) for s, c in priced if s.complexity < chosen.complexity]
    if simpler:
        return min(simpler, key=lambda pair: (pair[0].complexity, pair[1]))[0]
    return None


def _service_row(
    facts: Evidence,
    category: Category,
    chosen: Service,
    members: list[Component],
    findings: tuple[Finding, ...],
) -> Tradeoff:
    names = and_list([c.name for c in members])
    kind = category.label
    subject = names if kind.lower() in names.lower() else f"{names} ({kind})"
    tokens = chosen.id.split("-")[1:]
    decisions = tuple(
        d for d in facts.standing if mentions(d, [words(*tokens), words(chosen.label)])
    )
    alternative = _pick(facts, chosen, members)
    provider = chosen.provider.label
    if alternative is None:
        numbers = (
            Verdict.JUSTIFIED,
            f"No cheaper or simpler {category.label} service from {provider} in the catalog "
            f"keeps what {chosen.label} does.",
        )
        verdict, reason = judge(findings, decisions, numbers)
        return Tradeoff(
            Topic.SERVICE, subject, chosen.label, "", None, None, None, verdict, reason,
            findings, decisions,
        )  # fmt: skip
    deltas = _deltas(facts, members, alternative)
    changes = {
        c.id: rate(c, alternative, facts.catalog).floor
        for c in members
        if facts.reliability.of(c.id) is not None
    }
    shift = facts.composite_after(changes) - facts.reliability.sla_floor_percent
    complexity = alternative.complexity - chosen.complexity
    numbers = _service_numbers(
        facts,
        chosen=chosen,
        alternative=alternative,
        members=members,
        deltas=deltas,
        shift=shift,
    )
    verdict, reason = judge(findings, decisions, numbers)
    crossing = None
    if deltas is not None and min(deltas) < 0 < max(deltas):
        crossings = compare(facts.model, members[0], chosen, alternative).crossings
        crossing = crossings[0].users if crossings else None
    return Tradeoff(
        Topic.SERVICE, subject, chosen.label, alternative.label, deltas, shift,
        complexity, verdict, reason, findings, decisions, crossing,
    )  # fmt: skip


def _deltas(facts: Evidence, members: list[Component], alternative: Service) -> Deltas | None:
    return deltas_by_scale(
        lambda scale: _cost(facts, members, scale),
        lambda scale: _cost(facts, members, scale, alternative),
    )


def _service_numbers(
    facts: Evidence,
    *,
    chosen: Service,
    alternative: Service,
    members: list[Component],
    deltas: Deltas | None,
    shift: float,
) -> tuple[Verdict, str]:
    name, other = chosen.label, alternative.label
    if deltas is None:
        return Verdict.JUSTIFIED, (
            f"{name} has no public price, so {other} cannot be compared on cost; it is "
            f"simpler ({alternative.complexity}/5 against {chosen.complexity}/5)."
        )
    now, ten, hundred = deltas
    current = _cost(facts, members, 1.0) or 0.0
    saving = -now
    simpler = alternative.complexity <= chosen.complexity
    if all(d < -0.005 for d in deltas):
        if not material(saving, current):
            return Verdict.JUSTIFIED, f"{other} would save only {money(saving)} a month."
        if not simpler:
            return Verdict.JUSTIFIED, (
                f"{other} saves {money(saving)} a month but is more to run (complexity "
                f"{alternative.complexity}/5 against {chosen.complexity}/5): "
                f"{_lower(alternative.cons[0])}."
            )
        if not facts.keeps_target(shift):
            after = facts.reliability.sla_floor_percent + shift
            return Verdict.JUSTIFIED, (
                f"{other} saves {money(saving)} a month but takes availability to "
                f"{availability(after)}, below the "
                f"{availability(facts.reliability.target_percent)} target."
            )
        easier = " and is simpler to run" if alternative.complexity < chosen.complexity else ""
        lock = (
            f"; lock-in {alternative.lock_in}/5 against {chosen.lock_in}/5"
            if alternative.lock_in != chosen.lock_in
            else ""
        )
        return Verdict.CHALLENGE, (
            f"{other} does the same job for {money(saving)} a month less now, "
            f"{money(-ten)} less at 10x and {money(-hundred)} less at 100x{easier}{lock}. "
            f"What it gives up: {_lower(alternative.cons[0])}. Why {name}?"
        )
    crossing = compare(facts.model, members[0], chosen, alternative).summary
    if now < -0.005:
        return Verdict.JUSTIFIED, (
            f"{other} is {money(saving)} a month cheaper now but dearer at scale ({crossing})."
        )
    if any(d < -0.005 for d in deltas):
        return Verdict.JUSTIFIED, (
            f"{name} is cheaper now; {other} only pays off at scale ({crossing}) — "
            "revisit when the load grows."
        )
    simpler_note = (
        f", though {other} is simpler ({alternative.complexity}/5 against {chosen.complexity}/5)"
        if alternative.complexity < chosen.complexity
        else ""
    )
    return Verdict.JUSTIFIED, f"{name} is the cheaper of the two at every scale{simpler_note}."


def _lower(text: str) -> str:
    """A catalog sentence continued after a colon (lower-case start unless an acronym)."""
    text = text.rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
