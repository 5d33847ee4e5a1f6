"""The engines' report of a session as plain text (`infrasketch report FILE`).

Sections in the order an architect defends a design: what it costs and why (per
component with the arithmetic and the price's source and date), where the money goes,
what each environment costs, what it costs at 10x and 100x, how to pay less, where a
different service becomes cheaper, what availability the SLAs back, how it recovers,
and what the skeptic challenges, with the team's answers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from model.analysis import Analysis
from model.catalog import GLOBAL
from model.engines.cost import SHARED_ONCE, CostEstimate
from model.engines.crossover import Crossover
from model.engines.optimisation import Opportunity
from model.engines.reliability import CREDIT_BASIS, ComponentAvailability, Reliability
from model.skeptic import Tally
from model.skeptic.findings import Finding
from model.units import availability, minutes, money

WIDTH = 100
"""Lines wrap at this width."""


def report_text(analysis: Analysis) -> str:
    """The whole report as text ending in a newline."""
    session = analysis.session
    cost = analysis.cost
    reliability = analysis.reliability
    findings = analysis.findings
    context = session.context
    budget = f"budget {money(cost.budget_usd)}/month" if cost.budget_usd else "no budget set"
    header = [
        f"{context.project} — cost, availability and the skeptic's review",
        *_wrap(
            f"{session.provider.label} · {session.style.label.lower()} · "
            f"{context.users:,} users · {context.peak_rps:g} req/s peak · "
            f"{context.requests_millions:,.1f}M requests/month · {context.data_gb:,.0f} GB · "
            f"team of {context.team_size} · {budget}",
            indent="",
        ),
    ]
    sections = [
        header,
        _cost(cost),
        _breakdown(cost),
        _environments(cost),
        _projections(cost),
        _opportunities(analysis.opportunities),
        _crossovers(analysis.crossovers),
        _availability(reliability),
        _recovery(reliability),
        _findings(findings, analysis.tally),
        NOTES,
    ]
    return "\n\n".join("\n".join(lines) for lines in sections if lines) + "\n"


NOTES = [
    "NOTES",
    *textwrap.wrap(
        "Prices are public list prices (or the session's overrides) with the source and date "
        "of each; `--json` adds every assumption. Requests per month default to the peak at "
        "25% average load, responses to 5 KB (a JSON API) or 50 KB (pages); at 10x and 100x "
        "users, requests, peak, egress and data grow together and the team does not. The SLA "
        "floor multiplies the SLAs of the request path (services that split the requests "
        "averaged): what contracts promise. The design estimate expects a managed service "
        "run across zones to be down a tenth of what its SLA allows, and instances you run "
        "across zones to fail independently. A service without an SLA counts as 99.5% "
        "(instances you size) or 99.9% (managed), and says so.",
        100,
        initial_indent="  ",
        subsequent_indent="  ",
    ),
]
"""How to read the figures, printed at the end."""


def _wrap(text: str, indent: str = "     ") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _table(
    rows: Sequence[tuple[str, ...]], right: Iterable[int] = (), indent: str = "  "
) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    aligned = set(right)
    return [
        indent
        + "  ".join(
            cell.rjust(w) if i in aligned else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _cost(cost: CostEstimate) -> list[str]:
    lines = [f"COST — production, USD per month: {money(cost.monthly_total)}"]
    for line in cost.lines:
        amount = money(line.monthly) if line.monthly is not None else "not counted"
        title = f"  {line.component_name} · {line.service_label}"
        if len(title) > WIDTH - 14:
            title = title[: WIDTH - 15] + "…"
        lines.append(title.ljust(WIDTH - 14) + amount.rjust(14))
        details = "; ".join(c.detail for c in line.charges)
        if details:
            lines += _wrap(details)
        if line.placement:
            why = line.placement[0].upper() + line.placement[1:]
            lines += _wrap(f"{why}." if line.implied else f"Assumes it {line.placement}.")
        if line.note:
            lines += _wrap(line.note[0].upper() + line.note[1:] + ".")
        source = "price override: " if line.overridden else ""
        where = ""
        if line.region and not line.overridden:
            where = (
                "; the same in every region"
                if line.region == GLOBAL
                else f"; billed in {line.region}"
            )
        lines += _wrap(f"{source}{line.price_source} ({line.price_date}){where}")
        if line.regional_note:
            lines += _wrap(line.regional_note[0].upper() + line.regional_note[1:] + ".")
    if cost.borrowed:
        names = ", ".join(line.component_id for line in cost.borrowed)
        lines += _wrap(
            f"{len(cost.borrowed)} of {len(cost.lines)} lines borrow base-region prices for "
            f"want of regional ones: {names}. `infrasketch catalog refresh` reads the "
            "providers' price lists."
        )
    if cost.not_counted:
        lines.append(
            f"  Not in the totals (no public price): {', '.join(cost.not_counted)}. "
            "Add a price override to count them."
        )
    return lines


def _breakdown(cost: CostEstimate) -> list[str]:
    rows = [(g.group.label, money(g.monthly), f"{g.percent:.1f}%") for g in cost.breakdown]
    rows.append(("Total", money(cost.monthly_total), "100%" if cost.monthly_total else "0%"))
    return ["BREAKDOWN", *_table(rows, right=(1, 2))]


def _environments(cost: CostEstimate) -> list[str]:
    rows = [(e.name, f"{e.size_percent:g}% of prod", money(e.monthly)) for e in cost.environments]
    rows.append(("all", "", money(cost.all_environments_total)))
    lines = [
        "ENVIRONMENTS",
        *_wrap(f"Usage at each one's size, fixed fees in full; {SHARED_ONCE}.", "  "),
        *_table(rows, right=(2,)),
    ]
    if cost.budget_usd:
        used = cost.all_environments_total / cost.budget_usd * 100
        lines.append(f"  {used:.0f}% of the {money(cost.budget_usd)} monthly budget")
    return lines


def _projections(cost: CostEstimate) -> list[str]:
    rows = [
        (
            f"{p.scale:g}x",
            f"{p.users:,.0f} users",
            f"{money(p.monthly_total)}/month",
            f"${p.per_user:.4f} per user" if p.per_user is not None else "",
        )
        for p in cost.projections
    ]
    return [
        "PROJECTED COST AT SCALE (users, requests, peak, egress and data scale; team does not)",
        *_table(rows, right=(1, 2)),
    ]


def _opportunities(found: tuple[Opportunity, ...]) -> list[str]:
    if not found:
        return ["OPTIMISATION OPPORTUNITIES", "  none worth $1 a month or more"]
    lines = ["OPTIMISATION OPPORTUNITIES"]
    for index, o in enumerate(found, 1):
        lines.append(
            f"  {index}. {o.title}: {money(o.current_monthly)} → {money(o.optimised_monthly)}, "
            f"saves {money(o.savings)}/month ({o.savings_percent:.0f}%)"
        )
        lines += _wrap(f"Action: {o.action}.")
        lines += _wrap(f"Assumes {o.assumption}.")
    total = sum(o.savings for o in found)
    lines.append(f"  Together up to {money(total)}/month.")
    return lines


def _crossovers(found: tuple[Crossover, ...]) -> list[str]:
    crossing = [c for c in found if c.crossings]
    if not crossing:
        return []
    lines = ["CROSSOVERS (same-provider alternatives, 0.1x to 100x the baseline)"]
    for c in crossing:
        lines.append(f"  {c.component_id}: {c.chosen_label} vs {c.alternative_label}")
        lines += _wrap(c.summary[0].upper() + c.summary[1:] + ".")
    return lines


def _availability(r: Reliability) -> list[str]:
    verdict = "meets" if r.estimate_meets_target else "BELOW"
    floor_verdict = "meets" if r.meets_target else "is below"
    lines = [
        f"AVAILABILITY: {availability(r.estimate_percent)} design estimate, {verdict} the "
        f"{availability(r.target_percent)} target",
        *_wrap(
            f"~{r.estimate_downtime_minutes_per_month:,.0f} min of downtime a month expected; "
            f"the target allows {r.allowed_downtime_minutes_per_month:,.0f} min. SLA floor "
            f"{availability(r.sla_floor_percent)}: what the providers' SLAs promise together "
            f"(up to {r.downtime_minutes_per_month:,.0f} min a month), which {floor_verdict} "
            "the target.",
            "  ",
        ),
    ]
    if r.weakest_link is not None:
        w = r.weakest_link
        lines.append(f"  Weakest link: {w.name} at {availability(w.percent)} ({w.basis}).")
    rows = [
        (c.name, availability(c.percent), availability(c.estimate), _component_basis(c))
        for c in r.components
        if c.user_facing
    ]
    if rows:
        lines += [
            "  On the request path (SLA floor, estimate, basis):",
            *_table(rows, right=(1, 2), indent="    "),
        ]
    off = [c.name for c in r.components if not c.user_facing]
    if off:
        lines += _wrap(f"Off the request path (not multiplied in): {', '.join(off)}.", "  ")
    if r.paths:
        lines.append("  Request paths (users → … → data store):")
        path_rows = [
            (
                " → ".join(p.nodes) + (" (async)" if p.asynchronous else ""),
                availability(p.percent),
                f"weakest: {p.weakest}",
            )
            for p in r.paths
        ]
        lines += _table(path_rows, right=(1,), indent="    ")
    return lines


def _component_basis(c: ComponentAvailability) -> str:
    basis = c.basis
    if c.estimate_basis and c.estimate_basis != CREDIT_BASIS:  # the notes explain the credit
        basis += f"; estimate: {c.estimate_basis}"
    if c.split_with:
        basis += f"; splits the requests with {', '.join(c.split_with)} (averaged)"
    return basis


def _recovery(r: Reliability) -> list[str]:
    rec = r.recovery
    tested = "rehearsed" if rec.restore_tested else "never rehearsed"
    lines = [
        f"RECOVERY (RTO {minutes(rec.rto_target_minutes)}, RPO {minutes(rec.rpo_target_minutes)})"
    ]
    for outcome in rec.outcomes:
        lines += _wrap(rec.describe(outcome.failure) + ".", "  ")
    return [*lines, f"  Restore {tested}."]


def _findings(findings: tuple[Finding, ...], tally: Tally) -> list[str]:
    lines = [f"SKEPTIC: {tally.words}"]
    for f in findings:
        status = f"answered in {f.answered_by.id}" if f.answered_by else "open"
        lines.append(f"  [{f.severity.value.upper()}] {f.title} ({f.rule}, {status})")
        lines += _wrap(f.message)
        extra = []
        if f.cost_delta is not None:
            extra.append(f"{'+' if f.cost_delta >= 0 else '−'}{money(abs(f.cost_delta))}/month")
        if f.availability_delta is not None:
            extra.append(f"{f.availability_delta:+.3f} points of availability")
        suffix = f" ({', '.join(extra)})" if extra else ""
        lines += _wrap(f"Alternative: {f.alternative}{suffix}.")
        lines += _wrap(f"Question: {f.question}")
        if f.answered_by is not None:
            answer = f.answered_by.answer or f.answered_by.rationale or f.answered_by.choice
            lines += _wrap(f"Answer ({f.answered_by.id}, {f.answered_by.title}): {answer}")
    return lines
