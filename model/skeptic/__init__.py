"""The skeptic: a rule set that challenges a design for over- and under-engineering.

`review(analysis)` reads the session's analysis (graph, cost estimate, reliability), runs
every rule of `RULES` — the tables of the `model/skeptic/rules/*.py` modules: over-engineering,
self-run clusters, data and resilience, capacity, messaging, releases and alerting,
security, compliance in depth, money — and returns the findings, most severe first. A
decision recorded with `finding: <rule id>` answers every finding of that rule: the finding
carries it in `answered_by` and no longer counts as open.

To add a rule, write a function `Analysis -> Iterable[Draft]` in the module of its theme and
add a `Rule(id, severity, lean, function, summary, topic, fix)` line to that module's
table: the topic is what the documents select its findings by, `fix` the session field
whose step the TUI jumps to. Nothing outside `model/` names a rule by its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.enums import DecisionStatus
from model.sections.decisions import Decision
from model.skeptic.findings import Finding, Rule, Severity
from model.skeptic.rules.capacity import RULES as CAPACITY_RULES
from model.skeptic.rules.clusters import RULES as CLUSTER_RULES
from model.skeptic.rules.compliance import RULES as COMPLIANCE_RULES
from model.skeptic.rules.data import RULES as DATA_RULES
from model.skeptic.rules.messaging import RULES as MESSAGING_RULES
from model.skeptic.rules.money import RULES as MONEY_RULES
from model.skeptic.rules.ops import RULES as OPS_RULES
from model.skeptic.rules.over import RULES as OVER_RULES
from model.skeptic.rules.security import RULES as SECURITY_RULES

if TYPE_CHECKING:
    from model.analysis import Analysis

RULES: tuple[Rule, ...] = (
    OVER_RULES
    + CLUSTER_RULES
    + DATA_RULES
    + CAPACITY_RULES
    + MESSAGING_RULES
    + OPS_RULES
    + SECURITY_RULES
    + COMPLIANCE_RULES
    + MONEY_RULES
)
"""Every rule, in the order their findings are listed within a severity."""


def review(analysis: Analysis, rules: tuple[Rule, ...] = RULES) -> tuple[Finding, ...]:
    """The findings of `rules` (all by default) on the analysed session, most severe first.

    `model.analysis` runs it once per session (`Analysis.findings`); pass other `rules`
    only to test some rules alone.
    """
    session = analysis.session
    answers = answers_by_rule(session.decisions)
    found: list[tuple[int, int, Finding]] = []
    for order, rule in enumerate(rules):
        for draft in rule.check(analysis):
            severity = draft.severity or rule.severity
            finding = Finding(
                rule=rule.id,
                severity=severity,
                lean=rule.lean,
                title=draft.title,
                message=draft.message,
                alternative=draft.alternative,
                question=draft.question,
                current_monthly=draft.current_monthly,
                alternative_monthly=draft.alternative_monthly,
                availability_delta=draft.availability_delta,
                components=draft.components,
                topic=rule.topic,
                fix=rule.fix,
                answered_by=answers.get(rule.id),
            )
            found.append((severity.rank, order, finding))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return tuple(finding for _, _, finding in found)


def answers_by_rule(decisions: tuple[Decision, ...]) -> dict[str, Decision]:
    """The standing decision answering each rule: the last one that is not superseded or
    rejected."""
    answers: dict[str, Decision] = {}
    for decision in decisions:
        if decision.finding is None:
            continue
        if decision.status in (DecisionStatus.SUPERSEDED, DecisionStatus.REJECTED):
            continue
        answers[decision.finding] = decision
    return answers


def open_findings(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The findings without a recorded answer."""
    return tuple(f for f in findings if not f.answered)


def rule(rule_id: str) -> Rule:
    """The rule with id `rule_id`."""
    for candidate in RULES:
        if candidate.id == rule_id:
            return candidate
    raise KeyError(f"no skeptic rule {rule_id!r}")


URGENT = (Severity.CRITICAL, Severity.HIGH)
"""The severities that must be decided before launch."""


@dataclass(frozen=True, slots=True)
class Tally:
    """The one count of the skeptic's findings every screen and document states."""

    total: int
    """Findings raised."""
    open: int
    """Findings without a recorded answer."""
    urgent: int
    """Open findings that are critical or high."""

    @classmethod
    def of(cls, findings: tuple[Finding, ...]) -> Tally:
        """The tally of `findings`."""
        waiting = open_findings(findings)
        return cls(len(findings), len(waiting), sum(1 for f in waiting if f.severity in URGENT))

    @property
    def answered(self) -> int:
        """Findings the team has answered."""
        return self.total - self.open

    @property
    def short(self) -> str:
        """The same count for a narrow panel, e.g. `5 open of 7, 2 ≥ high` (critical or
        high)."""
        if not self.total:
            return "no findings"
        urgent = f", {self.urgent} ≥ high" if self.urgent else ""
        return f"{self.open} open of {self.total}{urgent}"

    @property
    def words(self) -> str:
        """E.g. `7 findings, 5 open (2 critical or high)`."""
        if not self.total:
            return "no findings"
        urgent = f" ({self.urgent} critical or high)" if self.urgent else ""
        noun = "finding" if self.total == 1 else "findings"
        return f"{self.total} {noun}, {self.open} open{urgent}"
