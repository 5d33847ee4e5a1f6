"""The skeptic's trade-off summary (`docs/skeptic-tradeoffs.md`): every decision on trial.

Each decision of the design stands beside its simpler or cheaper alternative with the
monthly cost delta at 1x/10x/100x, the availability delta and the complexity delta, and
gets a verdict — justified, challenge, over-engineered or under-engineered — derived in
`model.tradeoffs` from the engines' numbers, the skeptic's findings and the
team's recorded answers. The findings follow by severity, then the recorded decisions.
"""

from __future__ import annotations

from exporters.documents.common import COST_DOC
from exporters.markdown import Document, code, escape
from model.analysis import Analysis
from model.sections.decisions import Decision
from model.session import Session
from model.skeptic import Tally
from model.skeptic.findings import Finding, Lean, Severity
from model.tradeoffs import Assessment
from model.tradeoffs.basis import Topic, Tradeoff, Verdict
from model.units import capital, downtime, money, points, signed_money, steps

TITLE = "⚖️ SKEPTIC TRADE-OFFS"

SEVERITY_HEADINGS = {
    Severity.CRITICAL: "🔴 Critical",
    Severity.HIGH: "🟠 High",
    Severity.MEDIUM: "🟡 Medium",
    Severity.LOW: "⚪ Low",
}

HEADERS = (
    "Decision",
    "Chosen",
    "Alternative",
    "Δ 1x",
    "Δ 10x",
    "Δ 100x",
    "Δ availability",
    "Δ complexity",
    "Verdict",
)

_SECTIONS = (
    (Topic.PLATFORM, "Platform decisions"),
    (Topic.SERVICE, "Service choices"),
    (Topic.ZONES, "Zones and replicas"),
)

_COUNTED = {
    Verdict.JUSTIFIED: "justified",
    Verdict.CHALLENGE: "challenged",
    Verdict.OVER: "over-engineered",
    Verdict.UNDER: "under-engineered",
}

_LEAN = {Lean.OVER: "over-engineering", Lean.UNDER: "under-engineering"}


def render(analysis: Analysis) -> str:
    """The skeptic's trade-off summary of the analysed session."""
    return build(analysis).render()


def build(analysis: Analysis) -> Document:
    """The trade-off summary as a document (ARCHITECTURE.md nests it one level down)."""
    session = analysis.session
    assessment = analysis.tradeoffs
    doc = Document(f"{TITLE}: {escape(session.context.project)}")
    _summary(doc, analysis, assessment)
    for topic, heading in _SECTIONS:
        _decisions(doc, heading, assessment.of(topic))
    _deployment_limits(doc, analysis)
    _findings(doc, assessment.findings, analysis.tally)
    _records(doc, session, assessment.of(Topic.RECORD))
    return doc


def _deployment_limits(doc: Document, analysis: Analysis) -> None:
    """What the release plan cannot do of what the design asks (the deployment plan's
    limitations), so the trade-off is read where the other trade-offs are."""
    limits = analysis.deployment.limitations
    if not limits:
        return
    doc.heading("Release plan limits")
    doc.paragraph(
        "The platforms cannot release exactly as the design asks; the deployment document and "
        "the pipeline both do the following instead:"
    )
    doc.bullets(escape(text) + "." for text in limits)


def _summary(doc: Document, analysis: Analysis, assessment: Assessment) -> None:
    counts = [f"{assessment.count(v)} {_COUNTED[v]}" for v in Verdict]
    total = len(assessment.rows)
    revisit = [r for r in assessment.rows if r.verdict is not Verdict.JUSTIFIED]
    doc.paragraph(
        f"**{total} decisions weighed:** {', '.join(counts)}. Each stands below beside its "
        "simpler or cheaper alternative, with what switching would change."
        + (
            " To revisit: "
            + "; ".join(f"{escape(r.subject)} ({r.verdict.value})" for r in revisit)
            + "."
            if revisit
            else ""
        )
    )
    cost = analysis.cost
    projections = {p.scale: p.monthly_total for p in cost.projections}
    lines = [f"**Biggest saving on the table:** {_saving(analysis, assessment)}"]
    lines.append(f"**Biggest risk:** {_risk(assessment)}")
    lines.append(
        f"**Cost:** production {money(cost.monthly_total)} a month now, "
        f"{money(projections[10.0])} at 10x, {money(projections[100.0])} at 100x "
        f"(see the [cost document]({COST_DOC}))."
    )
    lines.append(f"**Availability:** {_availability(analysis)}")
    doc.bullets(lines)
    doc.paragraph(
        "How to read the tables: each Δ is the alternative minus the choice. A negative cost "
        "is what switching would save a month at 1x, 10x and 100x the expected load; "
        "availability is the change of the composite (every SLA users depend on, in series) "
        "in percentage points; complexity is the catalog's 1–5 scale of what it takes to "
        "run. For a single-zone choice the alternative is the safer spread the skeptic "
        "raises. A dash (—) means the engines do not price or rate it: the cost model prices the "
        "components a design has, not a redesign."
    )


def _saving(analysis: Analysis, assessment: Assessment) -> str:
    best = assessment.biggest_saving
    found = analysis.opportunities
    extra = (
        f" Separately, the optimisation opportunities in the [cost document]({COST_DOC}) save "
        f"{money(sum(o.savings for o in found))} a month without changing any decision."
        if found
        else ""
    )
    if best is None:
        return "no decision is challenged on cost." + extra
    return (
        f"{escape(best.what)} — saves {money(best.amount)} a month now ({escape(best.why)})."
        + extra
    )


def _risk(assessment: Assessment) -> str:
    risk = assessment.biggest_risk
    if risk is None:
        return "none open: every finding of the skeptic has a recorded answer."
    return (
        f"{escape(risk.title)} ({risk.severity.value}, {_LEAN[risk.lean]}). {escape(risk.question)}"
    )


def _availability(analysis: Analysis) -> str:
    reliability = analysis.reliability
    if reliability.weakest_link is None:
        return "nothing in the design serves users yet, so there is no availability to rate."
    return (
        f"{reliability.verdict} (about "
        f"{downtime(reliability.estimate_downtime_minutes_per_month)} of downtime a month "
        f"expected against {downtime(reliability.allowed_downtime_minutes_per_month)} allowed)."
    )


def _cells(row: Tradeoff) -> tuple[str, ...]:
    costs = tuple(signed_money(d) for d in row.cost_delta) if row.cost_delta else ("—", "—", "—")
    availability = points(row.availability_delta) if row.availability_delta is not None else "—"
    complexity = steps(row.complexity_delta) if row.complexity_delta is not None else "—"
    return (
        f"**{escape(row.subject)}**",
        escape(row.chosen),
        escape(row.alternative) if row.alternative else "none simpler",
        *costs,
        availability,
        complexity,
        row.verdict.badge,
    )


def _decisions(doc: Document, heading: str, rows: tuple[Tradeoff, ...]) -> None:
    doc.heading(heading)
    # A service with no alternative and nothing found is listed in one sentence, so the
    # table holds only what is worth arguing about.
    alone = [
        r
        for r in rows
        if r.topic is Topic.SERVICE
        and not r.alternative
        and r.verdict is Verdict.JUSTIFIED
        and not r.findings
    ]
    compared = [r for r in rows if r not in alone]
    if compared:
        doc.table(HEADERS, (_cells(r) for r in compared), align="lllrrrrrl")
        doc.numbered(
            f"**{escape(r.subject)}** — {r.verdict.value}: {escape(r.reason)}" for r in compared
        )
    if alone:
        doc.paragraph(
            "No cheaper or simpler alternative from the same provider in the catalog keeps "
            "what these do, and the skeptic has no finding on them (justified): "
            + "; ".join(f"{escape(r.subject)} — {escape(r.chosen)}" for r in alone)
            + "."
        )


def _findings(doc: Document, findings: tuple[Finding, ...], tally: Tally) -> None:
    doc.heading("Findings by severity")
    if not findings:
        doc.paragraph("The skeptic has no findings on this design.")
        return
    doc.paragraph(
        f"{capital(tally.words)}. An open finding has no recorded answer; an answer is a "
        "decision record naming the finding's rule."
    )
    for severity in Severity:
        group = [f for f in findings if f.severity is severity]
        if not group:
            continue
        doc.heading(SEVERITY_HEADINGS[severity], level=3)
        doc.bullets(_finding(doc, f) for f in group)


def _finding(doc: Document, finding: Finding) -> str:
    delta = finding.cost_delta
    priced = f" ({signed_money(delta)} a month)" if delta is not None else ""
    if finding.answered_by is not None:
        answer = f"{finding.answered_by.id}: {escape(_said(finding.answered_by))}"
    else:
        answer = doc.undecided(finding.question)
    return (
        f"**{escape(finding.title)}** ({code(finding.rule)}, {_LEAN[finding.lean]}) — "
        f"{escape(finding.message)} *Alternative:* {escape(finding.alternative)}{priced}. "
        f"*Question:* {escape(finding.question)} *Answer:* {answer}"
    )


def _said(decision: Decision) -> str:
    return decision.answer or decision.rationale or decision.choice


def _records(doc: Document, session: Session, rows: tuple[Tradeoff, ...]) -> None:
    doc.heading("Recorded decisions")
    if not session.decisions:
        doc.paragraph(
            "No decisions are recorded yet. Record the answer to each open finding as a "
            "decision naming its rule, so the next review knows it was weighed."
        )
        return
    for decision, row in zip(session.decisions, rows, strict=True):
        when = f", {decision.date.isoformat()}" if decision.date else ""
        doc.heading(
            f"{escape(decision.id)}: {escape(decision.title)} ({decision.status.label}{when})",
            level=3,
        )
        lines = [f"**Verdict:** {row.verdict.badge} — {escape(row.reason)}"]
        for label, text in (
            ("Context", decision.context),
            ("Options", "; ".join(decision.options)),
            ("Choice", decision.choice),
            ("Rationale", decision.rationale),
            ("Skeptic's challenge", decision.challenge),
            ("Team's answer", decision.answer),
        ):
            if text:
                lines.append(f"**{label}:** {escape(text)}")
        if decision.finding:
            lines.append(f"**Answers finding:** {code(decision.finding)}")
        doc.bullets(lines)
