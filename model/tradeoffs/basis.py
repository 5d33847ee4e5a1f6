"""What every trade-off verdict is made of: the row, the facts it reads, and the judging rule.

A `Tradeoff` is one decision of the design beside its simpler or cheaper alternative,
with the monthly cost delta at 1x/10x/100x, the availability delta and the complexity
delta, and a `Verdict`. `judge` turns the skeptic's findings on the decision, the
team's recorded decisions about it and the numbers into that verdict, in this order:

1. an open finding (no recorded answer) decides: leaning over → over-engineered, leaning
   under → under-engineered (the most severe open finding speaks);
2. findings all answered by decisions → justified, quoting the answers;
3. a recorded decision about it that is only proposed, or records the skeptic's challenge
   without an answer → challenge;
4. the numbers: a challenge when the alternative is cheaper at every scale by a material
   sum, no more complex, and keeps the design at its availability target — unless a
   recorded decision argues for the choice, which makes it justified, quoting the team's
   rationale and answer; justified with the numbers' reason in every other case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from model.catalog import Catalog
from model.engines.cost import CostModel
from model.engines.reliability import Reliability
from model.engines.usage import SCALES
from model.enums import DecisionStatus
from model.sections.decisions import Decision
from model.skeptic.findings import Finding, Lean, RuleTopic

if TYPE_CHECKING:
    from model.analysis import Analysis

MIN_CHALLENGE_USD = 5.0
"""A saving below this a month is not worth a challenge (nor the migration) ..."""

MIN_CHALLENGE_SHARE = 0.1
"""... nor one below this share of what the decision costs now."""


ZONE_TOPICS = frozenset({RuleTopic.ZONES, RuleTopic.AVAILABILITY})
"""Findings judged on a component's zones and replicas (the composite availability falls
short where a component runs in one zone)."""
PLATFORM_TOPICS = frozenset(
    {RuleTopic.STYLE, RuleTopic.REGIONS, RuleTopic.DEPLOYMENT, RuleTopic.BACKUPS}
)
"""Findings judged on a platform decision rather than on a component's service."""


def material(saving: float, current: float) -> bool:
    """Whether saving `saving` a month on something costing `current` is worth raising."""
    return saving >= MIN_CHALLENGE_USD and saving >= MIN_CHALLENGE_SHARE * current


class Verdict(StrEnum):
    """The skeptic's verdict on one decision."""

    JUSTIFIED = "justified"
    CHALLENGE = "challenge"
    OVER = "over-engineered"
    UNDER = "under-engineered"

    @property
    def badge(self) -> str:
        """The verdict with its marker, for tables."""
        return f"{_BADGES[self]} {self.value}"


_BADGES = {
    Verdict.JUSTIFIED: "✅",
    Verdict.CHALLENGE: "❓",
    Verdict.OVER: "🔺",
    Verdict.UNDER: "🔻",
}


class Topic(StrEnum):
    """What kind of decision a trade-off is about (the document groups rows by it)."""

    PLATFORM = "platform"
    """Architecture style, regions, deployment strategy, backups."""
    SERVICE = "service"
    """A component's choice of catalog service."""
    ZONES = "zones"
    """A component's zones and replicas."""
    RECORD = "record"
    """A recorded architecture decision (ADR)."""


@dataclass(frozen=True, slots=True)
class Tradeoff:
    """One decision beside its alternative, with the numbers and the verdict."""

    topic: Topic
    subject: str
    """What was decided, e.g. `API (compute)` or `Architecture style`."""
    chosen: str
    """The choice, e.g. `Amazon ECS on AWS Fargate`."""
    alternative: str
    """The simpler or cheaper option (or the safer one for a zone choice); empty if none."""
    cost_delta: tuple[float, float, float] | None
    """Alternative minus chosen, USD per month, at 1x/10x/100x; None when not priced."""
    availability_delta: float | None
    """Percentage points the alternative moves the composite availability; None when the
    reliability model cannot tell."""
    complexity_delta: int | None
    """Alternative minus chosen complexity (1–5 scale); None when not comparable."""
    verdict: Verdict
    reason: str
    """Why, in one or two plain sentences (not Markdown)."""
    findings: tuple[Finding, ...] = ()
    """The skeptic's findings about this decision."""
    decisions: tuple[Decision, ...] = field(default=())
    """The recorded decisions about it."""
    crossing_users: float | None = None
    """Users at which the cheaper of choice and alternative changes, if it does by 100x."""

    @property
    def saving(self) -> float:
        """USD a month the alternative saves at 1x (0 when it saves nothing)."""
        if self.cost_delta is None:
            return 0.0
        return max(0.0, -self.cost_delta[0])


Deltas = tuple[float, float, float]
"""Alternative minus chosen, USD per month, at 1x/10x/100x."""


def deltas_by_scale(
    chosen: Callable[[float], float | None], alternative: Callable[[float], float | None]
) -> Deltas | None:
    """`alternative(scale) - chosen(scale)` at each of `SCALES`; None when either side is
    not priced at some scale (a price that is not public)."""
    values = []
    for scale in SCALES:
        mine, theirs = chosen(scale), alternative(scale)
        if mine is None or theirs is None:
            return None
        values.append(theirs - mine)
    return values[0], values[1], values[2]


class Evidence:
    """What every row reads: the session's analysis and its standing decisions."""

    def __init__(self, analysis: Analysis) -> None:
        session = analysis.session
        self.session = session
        self.catalog: Catalog = analysis.catalog
        self.model: CostModel = analysis.cost_model
        self.reliability: Reliability = analysis.reliability
        self.findings: tuple[Finding, ...] = analysis.findings
        self.standing = tuple(
            d
            for d in session.decisions
            if d.status not in (DecisionStatus.SUPERSEDED, DecisionStatus.REJECTED)
        )

    def findings_of(self, topic: RuleTopic) -> tuple[Finding, ...]:
        """The findings about `topic`, most severe first."""
        return tuple(f for f in self.findings if f.topic is topic)

    def composite_after(self, changes: dict[str, float]) -> float:
        """The SLA floor if the components in `changes` had those figures."""
        return self.reliability.with_figures(changes)

    def keeps_target(self, delta: float) -> bool:
        """Whether moving the composite by `delta` loses nothing or stays at the target."""
        after = self.reliability.sla_floor_percent + delta
        return delta >= -1e-9 or after >= self.reliability.target_percent - 1e-9


def mentions(decision: Decision, patterns: list[str]) -> bool:
    """Whether the decision's title or choice matches any regex of `patterns`."""
    text = f"{decision.title} {decision.choice}".lower()
    return any(re.search(pattern, text) for pattern in patterns)


def words(*tokens: str) -> str:
    """A regex matching all `tokens` as whole words, in any order."""
    return "".join(f"(?=.*\\b{re.escape(token.lower())}\\b)" for token in tokens)


def said(decision: Decision) -> str:
    """The words of a decision worth quoting: its answer, else its rationale, else its choice."""
    return decision.answer or decision.rationale or decision.choice


def quote(text: str) -> str:
    """`text` in typographic quotes, without a trailing full stop inside."""
    return f"“{text.strip().rstrip('.')}”"


def judge(
    findings: tuple[Finding, ...],
    decisions: tuple[Decision, ...],
    numbers: tuple[Verdict, str],
) -> tuple[Verdict, str]:
    """The verdict on one decision (see the module docstring for the order of the rules)."""
    open_ = [f for f in findings if not f.answered]
    answers = []
    for finding in findings:
        answer = finding.answered_by
        if answer is not None:
            text = f"{answer.id} answers “{finding.title}”: {quote(said(answer))}"
            if text not in answers:
                answers.append(text)
    if open_:
        worst = min(open_, key=lambda f: f.severity.rank)
        verdict = Verdict.OVER if worst.lean is Lean.OVER else Verdict.UNDER
        reason = (
            f"{worst.severity.value} finding “{worst.title}”; the skeptic's alternative: "
            f"{worst.alternative}"
        )
        if answers:
            return verdict, _sentence("; ".join(answers) + f" — but the open {reason}")
        return verdict, _sentence(f"Open {reason}")
    if answers:
        return Verdict.JUSTIFIED, _sentence("; ".join(answers))
    for decision in decisions:
        if decision.status is DecisionStatus.PROPOSED:
            return Verdict.CHALLENGE, _sentence(
                f"{decision.id} ({decision.title}) is only proposed; accept or reject it"
            )
        if decision.challenge and not decision.answer:
            return Verdict.CHALLENGE, _sentence(
                f"{decision.id} records the challenge {quote(decision.challenge)} without an answer"
            )
    verdict, reason = numbers
    if not decisions:
        return verdict, reason
    if verdict is Verdict.CHALLENGE:
        return Verdict.JUSTIFIED, recorded(decisions[0])
    ids = " and ".join(d.id for d in decisions)
    return verdict, f"{reason} Recorded in {ids}."


def recorded(decision: Decision) -> str:
    """The team's own words for a decision: its rationale and its answer to the skeptic."""
    parts = [f"{decision.id} ({decision.title}) records why"]
    if decision.rationale:
        parts.append(f": {quote(decision.rationale)}")
    elif not decision.answer:
        parts.append(f": chose {quote(decision.choice)}")
    if decision.answer:
        asked = f" {quote(decision.challenge)}" if decision.challenge else ""
        parts.append(f"; to the challenge{asked} the team answered {quote(decision.answer)}")
    return _sentence("".join(parts))


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."
