"""What every rendering of a design diff says, in the same words: the headline, the figures
table, a component's changes, a finding, a field value.

The text and Markdown renderers lay these out; they differ only in how session text is
written (`Style`: as it is for a terminal, escaped for Markdown), so a figure or a
sentence reads the same in the terminal, the pull request comment and Review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from exporters.common import service_of
from exporters.diagrams.labels import one_line
from model.diff import Change, ComponentDelta, Delta, FieldChange, FindingDelta, SessionDiff, Status
from model.diff.figures import FailureDelta, LineDelta
from model.engines.reliability import Failure
from model.units import availability, capital, minutes, money, points, signed_money

VALUE_WIDTH = 80
"""A field value longer than this is shortened with an ellipsis."""

REASON_WIDTH = 240
"""A rationale or an answer quoted beside a change is shortened past this many characters."""

AVAILABILITY_MOVE = 0.0005
"""Percentage points below which availability has not moved (it is shown to 0.001)."""

MINUTE_MOVE = 0.5
"""Minutes below which a duration has not moved (durations are shown to the minute)."""


@dataclass(frozen=True, slots=True)
class Style:
    """How a renderer writes session text, code-like words and emphasis."""

    text: Callable[[str], str]
    """Session text (a name, a title, a rationale) as the output shows it."""
    code: Callable[[str], str]
    """A field path or a guardrail."""
    strong: Callable[[str], str]
    """Emphasis for the figures a reviewer must not miss."""


PLAIN = Style(text=one_line, code=lambda s: s, strong=lambda s: s)
"""Terminal text: everything as it is, on one line."""

MARKS = {Change.ADDED: "+", Change.REMOVED: "−", Change.RENAMED: "→", Change.CHANGED: "~"}
"""The one-character mark of each kind of component change."""


def signed_percent(value: float | None) -> str:
    """`+24.3%`, `−15.9%`; empty when there is no base to take a percentage of."""
    if value is None:
        return ""
    if abs(value) < 0.05:
        return "±0%"
    return ("+" if value > 0 else "−") + f"{abs(value):,.1f}%"


def money_change(delta: Delta) -> str:
    """`+$49.02 (+24.3%)`, or `+$23.36 (new)` when the base had nothing."""
    pct = signed_percent(delta.percent)
    if not pct and delta.after is not None and not delta.before:
        pct = "new"
    return f"{signed_money(delta.change)} ({pct})" if pct else signed_money(delta.change)


def amount(value: float | None) -> str:
    """A monthly amount, or `–` when the side has none."""
    return "–" if value is None else money(value)


def duration(value: float | None, *, lost: bool = False) -> str:
    """A recovery time (`~2 min`, `never`) or the writes lost (`nothing`, `all`)."""
    if value is None:
        return "all data" if lost else "never"
    if lost and value == 0:
        return "nothing"
    return f"~{minutes(round(value))}"


def counted(number: int, noun: str) -> str:
    """`1 finding`, `2 findings`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def shown(value: Any, width: int = VALUE_WIDTH) -> str:
    """A field value as a reviewer reads it: `yes`/`no`, lists joined, records by their
    title or name, long text shortened; `–` for nothing."""
    if value is None or value in ("", []):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        label = value.get("title") or value.get("name") or value.get("metric") or value.get("id")
        text = str(label) if label else ", ".join(f"{k}: {shown(v)}" for k, v in value.items())
    elif isinstance(value, list):
        text = ", ".join(shown(v) for v in value)
    else:
        text = str(value)
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


# -- the headline --------------------------------------------------------------------


def cost_sentence(diff: SessionDiff, style: Style = PLAIN) -> str:
    """What the change costs: production now and at scale, and the whole bill."""
    now, ten, hundred = diff.cost.production
    bill = diff.cost.all_environments
    if diff.new_design:
        return (
            f"a new design: {money(now.after or 0)} a month in production, "
            f"{money(bill.after or 0)} for every environment"
        )
    if not any(d.moved() for d in (now, ten, hundred, bill)):
        return "no change to the bill"
    parts = [
        f"production {style.strong(money_change(now))} a month "
        f"({amount(now.before)} → {amount(now.after)})",
        f"{signed_money(ten.change)} at 10x, {signed_money(hundred.change)} at 100x",
        f"every environment {style.strong(money_change(bill))} a month",
    ]
    return "; ".join(parts)


def buys_sentence(diff: SessionDiff, style: Style = PLAIN) -> str:
    """What the change buys (or gives up) in availability and recovery."""
    a = diff.availability
    target = availability(a.target.after or 0)
    verb = "meets" if a.meets_target[1] else "misses"
    if diff.new_design:
        return (
            f"{availability(a.estimate.after or 0)} expected, {verb} the {target} target "
            f"({down(a.estimate_downtime.after)} down a month)"
        )
    parts = [recovery_words(f) for f in a.failures if _recovery_moved(f)]
    if a.estimate.moved(AVAILABILITY_MOVE):
        still = "still " if a.meets_target[0] == a.meets_target[1] else "now "
        parts.append(
            f"availability {availability(a.estimate.before or 0)} → "
            f"{availability(a.estimate.after or 0)} expected ({points(a.estimate.change)}, "
            f"{down(a.estimate_downtime.before)} → {down(a.estimate_downtime.after)} down a "
            "month), "
            f"{still}{'meets' if a.meets_target[1] else 'short of'} the {target} target"
        )
    if a.weakest[0] != a.weakest[1] and a.weakest[1]:
        parts.append(f"weakest link now {style.text(a.weakest[1])}")
    return "; ".join(parts) if parts else "no change to availability or recovery"


def _recovery_moved(f: FailureDelta) -> bool:
    return f.rto.moved(MINUTE_MOVE) or f.rpo.moved(MINUTE_MOVE)


def recovery_words(f: FailureDelta) -> str:
    """`zone or primary failure: back in ~2 min (was ~33 min), nothing lost (was ~5 min)`."""
    back = f"back in {duration(f.rto.after)}" if f.rto.after is not None else "not recoverable"
    if f.rto.moved(MINUTE_MOVE):
        back += f" (was {duration(f.rto.before)})"
    lost = f"{duration(f.rpo.after, lost=True)} lost"
    if f.rpo.moved(MINUTE_MOVE):
        lost += f" (was {duration(f.rpo.before, lost=True)})"
    return f"{f.failure.label}: {back}, {lost}"


def risk_sentence(diff: SessionDiff, style: Style = PLAIN) -> str:
    """What risk the change opens or closes: findings opened, raised, resolved, answered."""
    opened = [d for d in diff.findings if d.status is Status.OPENED]
    resolved = [d for d in diff.findings if d.status is Status.RESOLVED]
    raised = [d for d in diff.findings if d.regraded]
    answered = [d for d in diff.findings if d.answered and d.status is not Status.OPENED]
    withdrawn = [d for d in diff.findings if d.withdrawn]
    parts = []
    if opened:
        names = ", ".join(_titled(d, style) for d in opened[:3])
        more = f" and {len(opened) - 3} more" if len(opened) > 3 else ""
        parts.append(f"{counted(len(opened), 'finding')} opened: {names}{more}")
    if raised:
        parts.append(
            f"{len(raised)} re-graded: " + ", ".join(_regraded(d, style) for d in raised[:3])
        )
    if resolved:
        names = ", ".join(_titled(d, style) for d in resolved[:3])
        more = f" and {len(resolved) - 3} more" if len(resolved) > 3 else ""
        parts.append(f"{len(resolved)} resolved: {names}{more}")
    if answered:
        parts.append(f"{len(answered)} answered")
    if withdrawn:
        parts.append(f"{len(withdrawn)} answer{'s' if len(withdrawn) > 1 else ''} withdrawn")
    return "; ".join(parts) if parts else "no finding opened or resolved"


def _titled(delta: FindingDelta, style: Style) -> str:
    finding = delta.finding
    answered = ", answered" if delta.after is not None and delta.after.answered else ""
    return f"{style.text(finding.title)} ({finding.severity}{answered})"


def _regraded(delta: FindingDelta, style: Style) -> str:
    assert delta.before is not None and delta.after is not None
    return f"{style.text(delta.after.title)} ({delta.before.severity} → {delta.after.severity})"


# -- the figures table ---------------------------------------------------------------


def figure_rows(diff: SessionDiff) -> list[tuple[str, str, str, str]]:
    """(figure, base, head, change) for the summary table; no session text in them."""
    cost = diff.cost
    a = diff.availability
    now, ten, hundred = cost.production
    rows = [
        ("Production a month", amount(now.before), amount(now.after), money_change(now)),
        ("Production at 10x", amount(ten.before), amount(ten.after), money_change(ten)),
        ("Production at 100x", amount(hundred.before), amount(hundred.after),
         money_change(hundred)),
        ("Every environment a month", amount(cost.all_environments.before),
         amount(cost.all_environments.after), money_change(cost.all_environments)),
        ("Availability expected", _percent(a.estimate.before), _percent(a.estimate.after),
         _points(a.estimate)),
        ("Availability the SLAs promise", _percent(a.sla_floor.before),
         _percent(a.sla_floor.after), _points(a.sla_floor)),
        ("Downtime a month, expected", down(a.estimate_downtime.before),
         down(a.estimate_downtime.after), _minutes_change(a.estimate_downtime)),
    ]  # fmt: skip
    for failure in a.failures:
        if failure.failure is Failure.ZONE or _recovery_moved(failure):
            rows.append(
                (
                    f"{capital(failure.failure.label)}: back in / writes lost",
                    _recovery(failure, before=True) if not diff.new_design else "–",
                    _recovery(failure, before=False),
                    "",
                )
            )
    rows.append(
        ("RTO / RPO targets", _targets(a.rto_target.before, a.rpo_target.before),
         _targets(a.rto_target.after, a.rpo_target.after), ""),
    )  # fmt: skip
    before, after = diff.tally
    rows.append(
        (
            "Open findings (critical or high)",
            f"{before.open} ({before.urgent})" if before else "–",
            f"{after.open} ({after.urgent})",
            _count_change(before.open if before else 0, after.open),
        )
    )
    return rows


def _percent(value: float | None) -> str:
    return "–" if value is None else availability(value)


def _points(delta: Delta) -> str:
    return "" if delta.before is None else points(delta.change)


def down(value: float | None) -> str:
    """Downtime a month in minutes, `~233 min` (a diff of hours would round away)."""
    return "–" if value is None else f"~{value:,.0f} min"


def _minutes_change(delta: Delta) -> str:
    if delta.before is None or not delta.moved(MINUTE_MOVE):
        return "" if delta.before is None else "±0 min"
    sign = "+" if delta.change > 0 else "−"
    return f"{sign}{abs(delta.change):,.0f} min"


def _recovery(failure: FailureDelta, *, before: bool) -> str:
    rto = failure.rto.before if before else failure.rto.after
    rpo = failure.rpo.before if before else failure.rpo.after
    return f"{duration(rto)} / {duration(rpo, lost=True)}"


def _targets(rto: float | None, rpo: float | None) -> str:
    if rto is None or rpo is None:
        return "–"
    return f"{minutes(rto)} / {minutes(rpo)}"


def _count_change(before: int, after: int) -> str:
    change = after - before
    return "±0" if change == 0 else f"{change:+d}".replace("-", "−")


# -- components, findings, other fields ----------------------------------------------


def component_title(delta: ComponentDelta, style: Style) -> str:
    """`Session cache (Cache)`; a rename with its old name (or id): `db → Primary database`."""
    component = delta.component
    name = style.text(component.name)
    if delta.change is Change.RENAMED and delta.before is not None:
        old = delta.before
        was = old.name if old.name != component.name else old.id
        name = f"{style.text(was)} → {name}"
    return f"{name} ({component.category.label})"


def service_label(delta: ComponentDelta) -> str:
    """The catalog label of the component's service (the base's when it was removed)."""
    return service_of(delta.component).label


def field_words(delta: ComponentDelta, style: Style) -> str:
    """What changed in a component: `multi_az: no → yes; size: db.t4g.small → db.t4g.medium`."""
    if delta.change is Change.ADDED:
        return "added"
    if delta.change is Change.REMOVED:
        return "removed"
    return "; ".join(f"{style.code(f.path)}: {change_words(f, style)}" for f in delta.fields)


def change_words(change: FieldChange, style: Style) -> str:
    """One field's change: `yes → no`, or a record `added: staging` / `removed: staging`."""
    if change.added and isinstance(change.after, dict):
        return f"added: {style.text(shown(change.after))}"
    if change.removed and isinstance(change.before, dict):
        return f"removed: {style.text(shown(change.before))}"
    return f"{style.text(shown(change.before))} → {style.text(shown(change.after))}"


def why(delta: ComponentDelta, style: Style) -> str:
    """The decision behind a component's change: `adr-004 (Multi-AZ ...): “rationale”`."""
    if not delta.decisions:
        return ""
    decision = delta.decisions[0]
    said = decision.rationale or decision.answer or decision.choice
    text = f"{decision.id} ({decision.title})"
    return style.text(f"{text}: “{shown(said, REASON_WIDTH)}”" if said else text)


def line_of(diff: SessionDiff, delta: ComponentDelta) -> LineDelta | None:
    """The cost line of a component the change touched, when its cost moved."""
    return next((line for line in diff.cost.lines if line.id == delta.id), None)


def finding_status(delta: FindingDelta) -> str:
    """`opened`, `resolved`, `high → critical`, `answered`, `answer withdrawn`."""
    if delta.status is not Status.CHANGED:
        return delta.status.value
    words = []
    if delta.regraded:
        assert delta.before is not None and delta.after is not None
        words.append(f"{delta.before.severity} → {delta.after.severity}")
    if delta.answered:
        words.append("answered")
    if delta.withdrawn:
        words.append("answer withdrawn")
    return ", ".join(words)


def answer_of(delta: FindingDelta) -> str:
    """The team's answer recorded for the head's finding, if any."""
    if delta.after is None or delta.after.answered_by is None:
        return ""
    decision = delta.after.answered_by
    said = decision.answer or decision.rationale or decision.choice
    return f"{decision.id}: {shown(said, REASON_WIDTH)}"
