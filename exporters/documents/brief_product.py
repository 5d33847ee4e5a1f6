"""The product owner's brief: cost now and at scale, availability and trade-offs in plain words.

Every sentence carries its number: what the design costs today, per user, at 10x and 100x
the expected users; how long the budget lasts at the expected growth; how much downtime
the availability figure allows in a month; and where a cheaper option today becomes the
dearer one as users grow ("pay-per-request is cheaper at the start but more expensive at
scale"), taken from the same trade-off rows the skeptic's summary shows.
"""

from __future__ import annotations

from exporters.documents.brief_base import Brief, Facts, link
from exporters.documents.common import COST_DOC, TRADEOFFS_DOC
from exporters.markdown import Document, escape
from model.catalog import PricingModel
from model.engines.crossover import Crossover
from model.engines.reliability import Failure
from model.skeptic.findings import RuleTopic
from model.skeptic.rules.money import RUNWAY_MONTHS
from model.tradeoffs.basis import Topic, Tradeoff, Verdict
from model.tradeoffs.services import compatible
from model.units import availability, capital, downtime, minutes, money

STORIES = 3
"""Cost crossovers told in plain words (one per component); the rest are in the cost
document."""

STORY_MIN_USD = 50.0
"""A crossover whose gap stays below this a month up to 100x is not worth the words."""

VERDICT_LINES = 5
"""Over- and under-engineered decisions told in plain words; the rest are counted."""

REVISIT_WITHIN = 10
"""A crossing within this multiple of today's users is worth a reminder."""

BILLING = {
    PricingModel.PER_MILLION_REQUESTS: "pay-per-request ",
    PricingModel.INSTANCE_HOUR: "always-on ",
}
"""How a service bills, in words a product owner uses."""


def product_owner(facts: Facts, doc: Document) -> Brief:
    """The product owner's brief."""
    brief = Brief(doc)
    _cost(facts, brief)
    _availability(facts, brief)
    _tradeoffs(facts, brief)
    return brief


def _budget(facts: Facts) -> tuple[str, str | None]:
    """The budget in one sentence, and the checklist item it calls for (if any)."""
    cost = facts.cost
    budget = cost.budget_usd
    growth = facts.session.context.growth_percent_per_month
    if budget is None:
        return "", None
    found = next((f for f in facts.assessment.findings if f.topic is RuleTopic.BUDGET), None)
    if found is not None:
        return (
            f"{money(budget)} a month. {found.message}",
            f"Agree how the budget grows, or what to cut: {found.title.lower()}",
        )
    if growth > 0:
        return (
            f"{money(cost.all_environments_total)} of the {money(budget)} monthly budget; at "
            f"{growth:g}% growth a month it lasts at least {RUNWAY_MONTHS} months.",
            None,
        )
    return f"{money(cost.all_environments_total)} of the {money(budget)} monthly budget.", None


def _cost(facts: Facts, brief: Brief) -> None:
    doc = brief.doc
    cost = facts.cost
    users = facts.session.context.users
    doc.heading("Cost")
    per_user = cost.projections[0].per_user
    lines = [
        f"**{money(cost.monthly_total)} a month** for production today; "
        f"{money(cost.all_environments_total)} with the development and staging environments.",
    ]
    if per_user is not None:
        lines.append(
            f"**{money(per_user)} per user a month** for the {users:,} users expected at launch."
        )
    budget, todo = _budget(facts)
    if budget:
        lines.append(f"Budget: {escape(budget)}")
    else:
        lines.append("Budget: " + brief.unknown("What is the monthly infrastructure budget?"))
    if todo:
        brief.todo(escape(todo))
    doc.bullets(lines)
    doc.table(
        ("Users", "Production a month", "Per user a month"),
        (
            (
                f"{p.users:,.0f} ({p.scale:g}x)",
                money(p.monthly_total),
                money(p.per_user) if p.per_user is not None else "—",
            )
            for p in cost.projections
        ),
        align="lrr",
    )
    doc.paragraph(
        f"The line by line breakdown and the savings available are in the "
        f"{link('cost document', COST_DOC)}."
    )


def _availability(facts: Facts, brief: Brief) -> None:
    doc = brief.doc
    reliability = facts.reliability
    doc.heading("Availability in plain words")
    floor, expected = reliability.sla_floor_percent, reliability.estimate_percent
    target = reliability.target_percent
    if reliability.weakest_link is None:
        doc.paragraph(
            f"Nothing in the design serves users yet; the target is {availability(target)} "
            f"({downtime(reliability.allowed_downtime_minutes_per_month)} of downtime a month)."
        )
        return
    actual = downtime(reliability.estimate_downtime_minutes_per_month)
    allowed = downtime(reliability.allowed_downtime_minutes_per_month)
    if reliability.estimate_meets_target:
        verdict = "which is within the target"
    else:
        gap = (
            reliability.estimate_downtime_minutes_per_month
            - reliability.allowed_downtime_minutes_per_month
        )
        verdict = f"so the design falls short of the target by {downtime(gap)} a month"
    sentences = [
        f"The design should be up {availability(expected)} of the time: {actual} of "
        f"downtime a month. The target is {availability(target)} ({allowed} a month), "
        f"{verdict}. What the providers guarantee in their SLAs adds up to less, "
        f"{availability(floor)} (up to {downtime(reliability.downtime_minutes_per_month)}): "
        "that is the most you can promise customers in a contract."
        if floor < expected - 1e-9
        else f"The design should be up {availability(expected)} of the time: {actual} of "
        f"downtime a month, what the providers' SLAs guarantee. The target is "
        f"{availability(target)} ({allowed} a month), {verdict}."
    ]
    fix = next((f for f in facts.assessment.findings if f.topic is RuleTopic.AVAILABILITY), None)
    if fix is not None and not fix.answered:
        sentences.append(f"The skeptic's fix: {escape(fix.alternative)}.")
        brief.todo(
            f"Decide whether {availability(target)} is a promise to customers (then fund the fix) "
            f"or an internal goal (then publish {availability(floor)})"
        )
    recovery = reliability.recovery
    data = recovery.outcome(Failure.DATA)
    if data.rto_minutes and data.rpo_minutes is not None:
        sentences.append(
            f"If data is deleted or corrupted, the database is back in about "
            f"{minutes(round(data.rto_minutes))} (target "
            f"{minutes(recovery.rto_target_minutes)}) and at most "
            f"{minutes(data.rpo_minutes)} of recent changes are lost (target "
            f"{minutes(recovery.rpo_target_minutes)})."
        )
    region = recovery.outcome(Failure.REGION)
    if region.rto_minutes is None:
        sentences.append(
            f"If the whole region goes down, the service stays down until it returns: "
            f"{escape(region.basis)}."
        )
    doc.paragraph(*sentences)


def about(users: float) -> int:
    """Two significant figures: a crossing is an estimate, not a count."""
    if users < 100:
        return round(users)
    digits = len(str(int(users))) - 2
    return int(round(users, -digits))


def _story(facts: Facts, crossover: Crossover) -> tuple[tuple[bool, float], str, str] | None:
    """A crossover in plain words with its numbers: (relevance, sentence, checklist item).

    Pay-per-request against always-on (different billing models) is the story a product
    owner needs first; then the largest gap in dollars. The checklist item asks to act only
    where the chosen service is the one that loses as users grow.
    """
    component = facts.session.component(crossover.component_id)
    chosen = facts.catalog[crossover.chosen]
    other = facts.catalog[crossover.alternative]
    if len(crossover.crossings) != 1 or component is None or not compatible(chosen, other):
        return None
    crossing = crossover.crossings[0]
    users = facts.session.context.users
    if crossing.users <= users and crossing.cheaper_below != chosen.id:
        return None  # the chosen service already wins and keeps winning: history, not news
    at = {sample.scale: sample for sample in crossover.samples}
    now, ten, hundred = at[1.0], at[10.0], at[100.0]
    spread = max(abs(s.chosen_monthly - s.alternative_monthly) for s in (now, ten, hundred))
    if spread < STORY_MIN_USD:
        return None
    mine = f"{BILLING.get(chosen.pricing.model, '')}{chosen.label}"
    theirs = f"{BILLING.get(other.pricing.model, '')}{other.label}"
    where = f"~{about(crossing.users):,} users"
    if crossing.cheaper_below == chosen.id:
        story = (
            f"**{escape(component.name)}** runs on {escape(mine)}, which is cheaper at the start "
            f"but more expensive at scale: above {where} {escape(theirs)} would be cheaper."
        )
    else:
        story = (
            f"**{escape(component.name)}** runs on {escape(mine)}. {escape(capital(theirs))} "
            f"would be cheaper at the start but more expensive at scale: above {where} the "
            f"chosen {escape(chosen.label)} is the cheaper one."
        )
    numbers = (
        f"Today ({users:,} users) {money(now.chosen_monthly)} a month on {escape(chosen.label)} "
        f"against {money(now.alternative_monthly)} on {escape(other.label)}; at 10x "
        f"{money(ten.chosen_monthly)} against {money(ten.alternative_monthly)}; at 100x "
        f"{money(hundred.chosen_monthly)} against {money(hundred.alternative_monthly)}."
    )
    todo = ""
    if crossing.cheaper_below == chosen.id and crossing.users <= users:
        todo = (
            f"Ask whether {escape(component.name)} should move to {escape(other.label)}: "
            f"{money(now.chosen_monthly - now.alternative_monthly)} a month less today"
        )
    elif crossing.cheaper_below == chosen.id and crossing.users <= REVISIT_WITHIN * users:
        todo = f"Revisit {escape(component.name)} on {escape(chosen.label)} before {where}"
    mixed = chosen.pricing.model is not other.pricing.model
    return (mixed, spread), f"{story} {numbers}", todo


def _tradeoffs(facts: Facts, brief: Brief) -> None:
    doc = brief.doc
    doc.heading("Trade-offs in plain words")
    best: dict[str, tuple[tuple[bool, float], str, str]] = {}
    for crossover in facts.analysis.crossovers:
        story = _story(facts, crossover)
        known = best.get(crossover.component_id)
        if story is not None and (known is None or story[0] > known[0]):
            best[crossover.component_id] = story
    lines = []
    for _, sentence, todo in sorted(best.values(), key=lambda s: s[0], reverse=True)[:STORIES]:
        lines.append(sentence)
        if todo:
            brief.todo(todo)
    judged: dict[str, tuple[list[str], Tradeoff]] = {}
    for row in facts.assessment.rows:
        driving = [f for f in row.findings if not f.answered]
        if row.verdict in (Verdict.OVER, Verdict.UNDER) and driving:
            judged.setdefault(driving[0].title, ([], row))[0].append(row.subject)
    for title, (subjects, row) in list(judged.items())[:VERDICT_LINES]:
        worst = next(f for f in row.findings if f.title == title)
        many = len(subjects) > 1
        if row.verdict is Verdict.OVER:
            what = "go beyond what today needs" if many else "goes beyond what today needs"
        else:
            what = "fall short" if many else "falls short"
        lines.append(
            f"{' and '.join(f'**{escape(s)}**' for s in subjects)} {what} "
            f"({row.verdict.value}): {escape(title)}. On the table: {escape(worst.alternative)}."
        )
    if len(judged) > VERDICT_LINES:
        lines.append(
            f"… and {len(judged) - VERDICT_LINES} more findings against over- or "
            "under-engineered decisions."
        )
    for row in facts.assessment.of(Topic.RECORD):
        decision = row.decisions[0] if row.decisions else None
        if decision is not None and decision.answer:
            lines.append(
                f"Accepted knowingly — **{escape(decision.title)}**: {escape(decision.answer)}"
            )
    if lines:
        doc.bullets(lines)
    else:
        doc.paragraph("No cost trade-off changes direction as users grow.")
    doc.paragraph(
        f"Every decision with its cheaper alternative is in the "
        f"{link('skeptic’s trade-offs', TRADEOFFS_DOC)}."
    )


def product_owner_summary(facts: Facts) -> list[str]:
    """The product owner's view in a few lines for the TUI's role lens."""
    cost = facts.cost
    by_scale = {p.scale: p for p in cost.projections}
    reliability = facts.reliability
    lines = [
        f"{money(cost.monthly_total)}/month now, {money(by_scale[10.0].monthly_total)} at 10x, "
        f"{money(by_scale[100.0].monthly_total)} at 100x",
    ]
    per_user = by_scale[1.0].per_user
    if per_user is not None:
        lines.append(f"{money(per_user)} per user a month")
    found = next((f for f in facts.assessment.findings if f.topic is RuleTopic.BUDGET), None)
    if found is not None:
        lines.append(found.title)
    elif cost.budget_usd is not None:
        lines.append(f"Within the {money(cost.budget_usd)} budget")
    lines.append(f"Availability {reliability.verdict}")
    assessment = facts.assessment
    lines.append(f"Skeptic: {facts.tally.words}")
    lines.append(
        f"Verdicts: {assessment.count(Verdict.UNDER)} under-engineered, "
        f"{assessment.count(Verdict.OVER)} over-engineered, "
        f"{assessment.count(Verdict.CHALLENGE)} challenged"
    )
    return lines
