"""The Review step's figures as terminal text: cost breakdown and projections with bars,
the crossovers, and availability per request path with the weakest link.

Pure functions from the engines' results to Rich `Text`, so the step stays a layout and
the figures can be checked without running the app. Bars are block characters with
eighths, scaled to the largest value shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from model.units import availability, minutes, monthly

if TYPE_CHECKING:
    from model.engines.cost import CostEstimate
    from model.engines.crossover import Crossover
    from model.engines.reliability import Reliability
    from model.session import Session

BAR_WIDTH = 20
"""Columns of the longest bar."""

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, top: float, width: int = BAR_WIDTH) -> str:
    """A bar `width` columns long at `top`, in eighths of a column, padded to `width`."""
    if top <= 0 or value <= 0:
        return " " * width
    eighths = round(min(value / top, 1.0) * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text.ljust(width)


def cost_text(cost: CostEstimate) -> Text:
    """Production's total against the budget, then the breakdown by group with bars."""
    text = Text("Production ", style="bold")
    text.append(monthly(cost.monthly_total), style="bold")
    text.append(f" · all environments {monthly(cost.all_environments_total)}")
    if cost.budget_usd:
        share = cost.all_environments_total / cost.budget_usd * 100
        style = "bold red" if share > 100 else ""
        text.append(f" · {share:.0f}% of the {monthly(cost.budget_usd)} budget", style=style)
    top = max((g.monthly for g in cost.breakdown), default=0.0)
    for group in cost.breakdown:
        text.append(f"\n{group.group.label:<12}")
        text.append(bar(group.monthly, top), style="cyan")
        text.append(f" {monthly(group.monthly):>14} {group.percent:>4.0f}%")
    for env in cost.environments:
        marker = " (production)" if env.production else f" ({env.size_percent:g}% size)"
        text.append(f"\n{env.name}{marker}: {monthly(env.monthly)}", style="dim")
    if cost.not_counted:
        text.append(f"\nNo public price, not counted: {', '.join(cost.not_counted)}", style="dim")
    return text


def projections_text(cost: CostEstimate) -> Text:
    """Production at 1x, 10x and 100x the usage, with bars and the cost per user."""
    text = Text("At scale", style="bold")
    text.append(" (users, requests, peak, egress, data grow; the team does not)", style="dim")
    top = max((p.monthly_total for p in cost.projections), default=0.0)
    for projection in cost.projections:
        text.append(f"\n{projection.scale:>4g}x {projection.users:>10,.0f} ")
        text.append(bar(projection.monthly_total, top, 12), style="magenta")
        text.append(f" {monthly(projection.monthly_total):>14}")
        if projection.per_user is not None:
            text.append(f"  ${projection.per_user:.4f}/user", style="dim")
    return text


def crossovers_text(found: Sequence[Crossover], limit: int = 8) -> Text:
    """Where another service of the same job becomes cheaper, crossings first."""
    crossing = [c for c in found if c.crossings]
    text = Text("Where the lines cross", style="bold")
    if not found:
        return text.append("\nNo alternative priced for these services.", style="dim")
    if not crossing:
        text.append(
            f"\nNo crossing between 0.1x and 100x among {len(found)} comparisons.", style="dim"
        )
    for item in crossing[:limit]:
        text.append(f"\n{item.component_id}: ", style="bold")
        text.append(item.summary)
    if len(crossing) > limit:
        text.append(f"\n… and {len(crossing) - limit} more (infrasketch report)", style="dim")
    return text


def availability_text(reliability: Reliability, session: Session) -> Text:
    """Composite against target, each request path with its weakest link, the weakest
    component overall."""
    names = {c.id: c.name for c in session.components}
    met = reliability.estimate_meets_target
    text = Text("Availability ", style="bold")
    text.append(reliability.verdict, style="bold green" if met else "bold red")
    text.append(
        f" · ~{reliability.estimate_downtime_minutes_per_month:,.0f} min down a month"
        f" (the target allows {reliability.allowed_downtime_minutes_per_month:,.0f})"
    )
    if reliability.paths:
        text.append("\nRequest paths (users → … → data store):", style="dim")
    for path in reliability.paths:
        text.append("\n" + " → ".join(path.nodes))
        if path.asynchronous:
            text.append(" (async)", style="dim")
        text.append(f"  {availability(path.percent)}", style="bold")
        text.append(f"  weakest: {names.get(path.weakest, path.weakest)}", style="yellow")
    weakest = reliability.weakest_link
    if weakest is not None:
        text.append("\nWeakest link: ", style="bold")
        text.append(f"{weakest.name} at {availability(weakest.percent)} ({weakest.basis})")
    recovery = reliability.recovery
    text.append(
        f"\n\nRecovery (RTO {minutes(recovery.rto_target_minutes)}, "
        f"RPO {minutes(recovery.rpo_target_minutes)})",
        style="bold",
    )
    for outcome in recovery.outcomes:
        met = recovery.rto_met_for(outcome.failure) and recovery.rpo_met_for(outcome.failure)
        text.append("\n• ", style="green" if met else "red")
        text.append(recovery.describe(outcome.failure))
    return text
