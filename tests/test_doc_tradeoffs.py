"""The skeptic's trade-off summary: verdicts on hand-made designs, and clean pages for the examples.

Each hand-made design isolates one verdict rule: an open over-engineering finding, a
finding answered by a decision, a cheaper and simpler alternative nobody has argued
against, a decision that argues for it. The cost deltas of the Kubernetes case are
worked out by hand from the catalog's list prices.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from exporters.documents import tradeoffs
from model.analysis import analyse
from model.catalog import PricingModel, load_catalog
from model.enums import Category, DecisionStatus
from model.sections.decisions import Decision
from model.session import Session, replace
from model.tradeoffs import Assessment
from model.tradeoffs.basis import Topic, Tradeoff, Verdict
from sessions.bundled import EXAMPLES, load_example
from tests.doc_checks import assert_clean_page, headings
from tests.engine_designs import clean_session, design, part
from tests.strategies import sessions

HOURS = 730.0
"""Billing hours in a month, as the catalog's monthly figures use."""


def row(assessment: Assessment, subject: str) -> Tradeoff:
    """The trade-off about `subject`."""
    found = [r for r in assessment.rows if r.subject == subject]
    assert len(found) == 1, [r.subject for r in assessment.rows]
    return found[0]


def swap(session: Session, ident: str, **changes: object) -> Session:
    """`session` with component `ident` changed."""
    components = tuple(c.evolve(**changes) if c.id == ident else c for c in session.components)
    return replace(session, components=components)


def decide(session: Session, *decisions: Decision) -> Session:
    """`session` with `decisions` recorded."""
    return replace(session, decisions=(*session.decisions, *decisions))


def kubernetes_for_500_users() -> Session:
    """Two EKS nodes for 500 users, 10 req/s and a team of two."""
    return design(
        part("api", Category.COMPUTE, "aws-eks", replicas=2, multi_az=True),
        users=500,
        team_size=2,
        peak_rps=10,
        monthly_requests_millions=10,
    )


def test_kubernetes_for_500_users_and_2_engineers_is_over_engineered() -> None:
    assessment = analyse(kubernetes_for_500_users()).tradeoffs
    api = row(assessment, "Api (Compute)")
    assert api.chosen == "Amazon EKS"
    assert api.alternative == "AWS Lambda"
    assert api.verdict is Verdict.OVER
    assert "kubernetes-small-team" in {f.rule for f in api.findings}
    # EKS: $0.1008 an hour per m7i.large node and a $73 control plane; the peak needs
    # ceil(peak / 200 req/s) nodes, at least the two replicas. Lambda: $1.0333 per million
    # requests after the first million free.
    eks = {1: 2 * 0.1008 * HOURS + 73, 10: 2 * 0.1008 * HOURS + 73, 100: 5 * 0.1008 * HOURS + 73}
    lam = {1: (10 - 1) * 1.0333, 10: (100 - 1) * 1.0333, 100: (1000 - 1) * 1.0333}
    expected = tuple(lam[s] - eks[s] for s in (1, 10, 100))
    assert api.cost_delta == pytest.approx(expected, abs=0.01)
    assert expected == pytest.approx((-210.87, -117.87, 591.35), abs=0.01)
    assert api.complexity_delta == 1 - 5
    text = tradeoffs.render(analyse(kubernetes_for_500_users()))
    table_row = next(line for line in text.splitlines() if line.startswith("| **Api (Compute)**"))
    assert "| −$211 | −$118 | +$591 |" in table_row
    assert "🔺 over-engineered" in table_row
    assert "Biggest saving on the table:** " in text
    assert "saves $211 a month now" in text


def test_a_single_az_database_answered_by_a_decision_is_justified_with_the_answer() -> None:
    answer = "Multi-AZ once the first enterprise customer signs; backups cover us until then."
    session = decide(
        swap(clean_session(), "db", multi_az=False),
        Decision(
            id="adr-007",
            title="Single-AZ database while in beta",
            choice="Single-AZ RDS",
            challenge="One zone takes every request down with it.",
            answer=answer,
            finding="single-az-database",
        ),
    )
    assessment = analyse(session).tradeoffs
    zones = row(assessment, "Primary database: zones and replicas")
    assert zones.chosen == "one zone"
    assert zones.alternative.startswith("Multi-AZ")
    assert zones.verdict is Verdict.JUSTIFIED
    assert f"“{answer.rstrip('.')}”" in zones.reason
    assert "adr-007" in zones.reason
    # The standby doubles the instance and its storage (RDS's multi-AZ factor of 2).
    assert zones.cost_delta is not None
    line = assessment_line(session, "db")
    assert zones.cost_delta[0] == pytest.approx(line, abs=0.01)
    record = row(assessment, "adr-007: Single-AZ database while in beta")
    assert record.verdict is Verdict.JUSTIFIED
    assert answer.rstrip(".") in tradeoffs.render(analyse(session))


def assessment_line(session: Session, component_id: str) -> float:
    """What a component costs now (a Multi-AZ standby costs as much again)."""
    line = analyse(session).cost.line(component_id)
    assert line is not None and line.monthly is not None
    return line.monthly


def test_the_same_database_without_an_answer_is_under_engineered() -> None:
    session = swap(clean_session(), "db", multi_az=False)
    zones = row(analyse(session).tradeoffs, "Primary database: zones and replicas")
    assert zones.verdict is Verdict.UNDER
    assert "Single-AZ production database" in zones.reason
    text = tradeoffs.render(analyse(session))
    open_questions = text.split("## Open questions", 1)[1]
    assert "Is 3.6 h of database downtime a month acceptable" in open_questions


def test_a_cheaper_simpler_alternative_nobody_argued_against_is_a_challenge() -> None:
    # Netlify Pro is $20 a month flat; behind the CDN the web app serves no bandwidth of its
    # own, so the bill stays $20 at any scale. Cloudflare Pages' free plan does the same.
    session = swap(clean_session(), "web", service="saas-netlify")
    web = row(analyse(session).tradeoffs, "Web app (Frontend hosting)")
    assert web.alternative == "Cloudflare Pages"
    assert web.cost_delta == pytest.approx((-20.0, -20.0, -20.0))
    assert web.complexity_delta == 0
    assert web.findings == ()
    assert web.verdict is Verdict.CHALLENGE
    assert "Why Netlify" in web.reason


def test_a_decision_naming_the_service_answers_the_challenge() -> None:
    rationale = "Branch previews and form handling are worth $20 to us"
    session = decide(
        swap(clean_session(), "web", service="saas-netlify"),
        Decision(id="adr-001", title="Netlify for the web app", rationale=rationale),
    )
    web = row(analyse(session).tradeoffs, "Web app (Frontend hosting)")
    assert web.verdict is Verdict.JUSTIFIED
    assert f"“{rationale}”" in web.reason


def test_an_unanswered_challenge_or_a_proposal_stays_a_challenge() -> None:
    session = decide(
        clean_session(),
        Decision(id="adr-001", title="ECS Fargate for the API", challenge="Why not Lambda?"),
        Decision(id="adr-002", title="Cache later", status=DecisionStatus.PROPOSED),
    )
    assessment = analyse(session).tradeoffs
    assert row(assessment, "adr-001: ECS Fargate for the API").verdict is Verdict.CHALLENGE
    assert row(assessment, "adr-002: Cache later").verdict is Verdict.CHALLENGE
    # A decision that names the chosen service carries its open challenge to that choice.
    assert row(assessment, "API service (Compute)").verdict is Verdict.CHALLENGE


def test_duplicate_tools_are_judged_on_the_dearer_one() -> None:
    extra = part("rollbar", Category.ERRORS, "saas-rollbar")
    session = replace(clean_session(), components=(*clean_session().components, extra))
    assessment = analyse(session).tradeoffs
    sentry = row(assessment, "Error tracking (Errors)")
    rollbar = row(assessment, "Rollbar (Errors)")
    dearer, cheaper = sorted((sentry, rollbar), key=lambda r: -assessment_cost(session, r))
    assert dearer.verdict is Verdict.OVER
    assert "duplicate-tooling" in {f.rule for f in dearer.findings}
    assert cheaper.findings == ()


def assessment_cost(session: Session, tradeoff: Tradeoff) -> float:
    """What the service of a row costs now."""
    label = tradeoff.chosen
    return sum(x.monthly or 0.0 for x in analyse(session).cost.lines if x.service_label == label)


def test_every_decision_of_a_design_is_weighed() -> None:
    session = load_example("b2b-platform-azure")
    assessment = analyse(session).tradeoffs
    subjects = {r.subject for r in assessment.rows}
    assert {"Architecture style", "Regions", "Deployment strategy", "Backups"} <= subjects
    services = {(c.category, c.service) for c in session.components}
    assert len(assessment.of(Topic.SERVICE)) == len(services)
    catalog = load_catalog()
    placed = [
        c
        for c in session.components
        if catalog[c.service].pricing.model is PricingModel.INSTANCE_HOUR
    ]
    assert len(assessment.of(Topic.ZONES)) == len(placed)
    assert [r.subject.split(":")[0] for r in assessment.of(Topic.RECORD)] == [
        d.id for d in session.decisions
    ]


def test_the_verdicts_of_the_aws_example() -> None:
    assessment = analyse(load_example("saas-mvp-aws")).tradeoffs
    database = row(assessment, "Primary database: zones and replicas")
    # adr-002 answers the single zone, but the composite still misses the 99.5% target.
    assert database.verdict is Verdict.UNDER
    assert "adr-002 answers" in database.reason
    assert "below the 99.5% target" in database.reason
    api = row(assessment, "API (Compute)")
    assert api.alternative == "AWS Lambda"
    assert api.verdict is Verdict.JUSTIFIED
    assert "cheaper now but dearer at scale" in api.reason
    assert "~3,600 users" in api.reason
    assert row(assessment, "adr-003: No WAF while payments run on Stripe Checkout").verdict is (
        Verdict.JUSTIFIED
    )
    risk = assessment.biggest_risk
    # The single-AZ database leaves the estimate 14 min a month short of an internal
    # 99.5% target (a medium finding); a critical alert paging nobody outranks it.
    assert risk is not None and risk.rule == "criticals-page-nobody"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_pages_are_clean_and_count_their_verdicts(name: str) -> None:
    session = load_example(name)
    text = tradeoffs.render(analyse(session))
    assert_clean_page(text)
    assert text.startswith(f"# ⚖️ SKEPTIC TRADE-OFFS: {session.context.project}\n")
    found = [t for level, t in headings(text) if level == 2]
    for heading in ("Platform decisions", "Service choices", "Findings by severity"):
        assert heading in found
    assessment = analyse(session).tradeoffs
    counts = ", ".join(
        f"{assessment.count(v)} {w}"
        for v, w in zip(
            Verdict, ("justified", "challenged", "over-engineered", "under-engineered"), strict=True
        )
    )
    assert f"**{len(assessment.rows)} decisions weighed:** {counts}." in text
    for finding in assessment.findings:
        assert f"`{finding.rule}`" in text
    for decision in session.decisions:
        assert f"### {decision.id}: " in text


def test_an_empty_design_still_gets_a_page() -> None:
    session = design()
    text = tradeoffs.render(analyse(session))
    assert_clean_page(text)
    assert "No decisions are recorded yet." in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_any_valid_session_gets_a_clean_page(session: Session) -> None:
    text = tradeoffs.render(analyse(session))
    assert_clean_page(text)
    assessment = analyse(session).tradeoffs
    assert all(r.verdict in Verdict for r in assessment.rows)
    assert len(assessment.of(Topic.RECORD)) == len(session.decisions)
