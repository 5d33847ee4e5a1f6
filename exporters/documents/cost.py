"""Cost Optimization: the role card's 💰 COST ANALYSIS document."""

from __future__ import annotations

from exporters.documents.common import monthly
from exporters.markdown import Document, escape
from model.analysis import Analysis
from model.engines.cost import SHARED_ONCE, CostEstimate
from model.engines.optimisation import Opportunity, OpportunityKind
from model.units import money, percent

TITLE = "💰 COST ANALYSIS"

RECOMMENDATIONS: tuple[tuple[OpportunityKind, str, str], ...] = (
    (
        OpportunityKind.RESERVED,
        "Use reserved instances / savings plans for the steady base",
        "reserved capacity",
    ),
    (
        OpportunityKind.AUTOSCALING,
        "Auto-scaling: scale down during low traffic",
        "scaling down off-peak",
    ),
    (
        OpportunityKind.LIFECYCLE,
        "Storage lifecycle policies: move old files to an archive tier",
        "storage lifecycle",
    ),
    (
        OpportunityKind.CDN_OFFLOAD,
        "CDN caching: reduce origin requests and egress",
        "CDN offload",
    ),
    (OpportunityKind.RIGHT_SIZING, "Right-size instances to their measured load", "right-sizing"),
    (OpportunityKind.SAMPLING, "Sample or filter logs before ingestion", "log sampling"),
)
"""The role card's recommendations, each tied to the optimisation that measures it."""


def _current(doc: Document, cost: CostEstimate) -> None:
    doc.heading("CURRENT MONTHLY COST")
    lines = [f"Production: **{money(cost.monthly_total)}** a month at list prices"]
    for env in cost.environments:
        if not env.production:
            lines.append(
                f"{escape(env.name)}: {money(env.monthly)} ({percent(env.size_percent)} of "
                f"production's size; {SHARED_ONCE})"
            )
    lines.append(f"All environments: **{money(cost.all_environments_total)}**")
    if cost.budget_usd is not None:
        used = cost.all_environments_total / cost.budget_usd * 100 if cost.budget_usd else 0
        lines.append(f"Budget: {money(cost.budget_usd)} — {percent(used, 0)} used")
    doc.bullets(lines)


def _breakdown(doc: Document, cost: CostEstimate) -> None:
    doc.heading("BREAKDOWN")
    doc.table(
        ("Group", "Monthly", "Share"),
        [(g.group.label, money(g.monthly), percent(g.percent)) for g in cost.breakdown],
        align="lrr",
    )
    rows = []
    for line in cost.lines:
        dated = (
            f"[{line.price_date}]({line.price_source})"
            if line.price_source.startswith("https://")
            else escape(f"{line.price_source} ({line.price_date})")
        )
        region = f", {line.region}" if line.region else ""
        assumption = line.assumption
        if line.regional_note:
            assumption = f"{assumption} {line.regional_note[0].upper()}{line.regional_note[1:]}."
        rows.append(
            (
                escape(line.component_name),
                escape(line.service_label),
                monthly(line),
                escape("; ".join(c.detail for c in line.charges)) or " ",
                dated + region,
                escape(assumption.strip()) or " ",
            )
        )
    doc.heading("Per service", level=3)
    doc.paragraph(
        "Each line's arithmetic, the price list it reads (with its date and the region billed) "
        "and its assumptions; lines without a component are what the design implies (NAT, "
        "transfer, addresses, keys, audit)."
    )
    doc.table(
        ("Component", "Service", "Monthly", "Arithmetic", "Price as of", "Assumption"),
        rows,
        "llrlll",
    )
    if cost.borrowed:
        doc.paragraph(
            f"{len(cost.borrowed)} of {len(cost.lines)} lines borrow base-region prices for want "
            "of the region's own: "
            + ", ".join(escape(line.component_name) for line in cost.borrowed)
            + ". `infrasketch catalog refresh` reads the providers' price lists."
        )
    if cost.not_counted:
        doc.paragraph(
            "Left out of the totals (no public price): "
            + ", ".join(escape(c) for c in cost.not_counted)
            + "."
        )


def _opportunity(item: Opportunity) -> list[str]:
    lines = [
        f"Current: {money(item.current_monthly)}",
        f"Optimized: {money(item.optimised_monthly)}",
        f"Savings: {money(item.savings)}/month ({percent(item.savings_percent, 0)})",
        f"Action: {escape(item.action)}",
    ]
    if item.assumption:
        lines.append(f"Assumes: {escape(item.assumption)}")
    return lines


def _opportunities(doc: Document, found: tuple[Opportunity, ...]) -> None:
    doc.heading("OPTIMIZATION OPPORTUNITIES")
    if not found:
        doc.paragraph("None worth a dollar a month at this size: the design is already lean.")
        return
    for number, item in enumerate(found, start=1):
        doc.paragraph(f"{number}. **{escape(item.title)}**")
        doc.bullets(_opportunity(item), indent=3)
    total = sum(item.savings for item in found)
    doc.paragraph(f"Together up to **{money(total)}/month** (some overlap on the same component).")


def _recommendations(doc: Document, found: tuple[Opportunity, ...]) -> None:
    doc.heading("RECOMMENDATIONS")
    todo, idle = [], []
    for kind, text, short in RECOMMENDATIONS:
        matching = [o for o in found if o.kind is kind]
        if matching:
            saving = sum(o.savings for o in matching)
            todo.append((f"{text} — saves {money(saving)}/month", False))
        else:
            idle.append(short)
    if todo:
        doc.checklist(todo)
    else:
        doc.paragraph("Nothing to act on: every lever below was checked and saves nothing today.")
    if idle:
        doc.paragraph("Checked, nothing to gain at today's size: " + "; ".join(idle) + ".")


def _projections(doc: Document, analysis: Analysis, cost: CostEstimate) -> None:
    doc.heading("PROJECTED COST AT SCALE")
    rows = []
    for p in cost.projections:
        per_user = f"${p.per_user:,.4f}" if p.per_user is not None else "n/a"
        rows.append((f"{p.scale:g}x users", f"{p.users:,.0f}", money(p.monthly_total), per_user))
    doc.table(("Scale", "Users", "Monthly", "Cost per user"), rows, align="lrrr")
    doc.paragraph(
        "Users, requests, peak load, egress and data grow together; the team does not. "
        "Instances step up with capacity per instance, per-request and per-GB prices grow "
        "linearly, plans jump tiers, fixed fees stay fixed."
    )
    found = [c for c in analysis.crossovers if c.crossings]
    if found:
        doc.heading("Where the cheaper choice changes", level=3)
        doc.bullets(
            f"{escape(c.chosen_label)} vs {escape(c.alternative_label)}: {escape(c.summary)}"
            for c in found
        )


def render(analysis: Analysis) -> str:
    """The Cost Optimization document of `session`."""
    session = analysis.session
    cost = analysis.cost
    found = analysis.opportunities
    doc = Document(f"{TITLE}: {escape(session.context.project)}")
    _current(doc, cost)
    _breakdown(doc, cost)
    _opportunities(doc, found)
    _recommendations(doc, found)
    _projections(doc, analysis, cost)
    return doc.render()
