"""Role briefs: each says what its role must know, from the session, and ends with a checklist.

The expectations are read off the example session files by hand: the frontend brief names
the `PUBLIC_*` variables the design declares, the backend brief every secret name and
manager path (and nothing that looks like a value), the QA brief the coverage threshold
and the URLs, the product owner brief the cost at each scale and the crossover in words.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings

from exporters.documents import roles
from exporters.documents.roles import ROLES, UnknownRoleError, render, summary
from exporters.markdown import NOT_DECIDED
from model.analysis import analyse
from model.enums import Category
from model.session import Session, replace
from model.units import money
from sessions.bundled import EXAMPLES, load_example
from tests.doc_checks import assert_clean_page, headings
from tests.engine_designs import design
from tests.strategies import sessions

ROLE_IDS = ("tech-lead", "frontend", "backend", "qa", "product-owner")


def test_the_five_roles() -> None:
    assert tuple(r.id for r in ROLES) == ROLE_IDS
    assert all(r.title and r.file_name == f"{r.id}.md" for r in ROLES)


def test_an_unknown_role_is_a_clear_error() -> None:
    with pytest.raises(UnknownRoleError, match="no role brief called 'designer'; roles: tech-lead"):
        render(analyse(load_example("saas-mvp-aws")), "designer")


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_every_brief_is_a_clean_page_ending_with_its_checklist(
    example_name: str, role_id: str
) -> None:
    session = load_example(example_name)
    text = render(analyse(session), role_id)
    assert_clean_page(text)
    title = roles.role(role_id).title.upper()
    assert text.startswith("# ") and f"{title} BRIEF: {session.context.project}" in text
    assert [t for level, t in headings(text) if level == 2][-1] == "Checklist"
    last = text.rstrip().split("## Checklist", 1)[1].strip().splitlines()
    assert last and all(re.match(r"^- \[[ x]\] \S", line) for line in last)
    assert len(text.splitlines()) < 90, "a brief is about one screen"


def test_frontend_brief_lists_the_public_variables_and_where_pages_go() -> None:
    text = render(analyse(load_example("saas-mvp-aws")), "frontend")
    for variable in ("PUBLIC_API_URL", "PUBLIC_STRIPE_PUBLISHABLE_KEY"):
        assert f"| `{variable}` | Web app | public: compiled into the pages" in text
    # The API's PUBLIC_BASE_URL is public by name but the API serves no pages.
    assert "| `PUBLIC_BASE_URL` | API | public by name" in text
    assert "Amazon S3 static website hosting" in text and "Amazon CloudFront" in text
    assert "Stage 3, build: `npm run build`" in text
    assert "<https://staging.tallybook.app>" in text
    shop = render(analyse(load_example("eu-shop-gcp")), "frontend")
    assert "Pages: Storefront (SSR) on Cloud Run" in shop
    assert "`PUBLIC_ADYEN_CLIENT_KEY`" in shop
    assert "every merge request" in shop  # GitLab's word
    assert "`SENTRY_DSN`" in shop  # the frontend team rotates it


def test_backend_brief_names_every_secret_and_never_a_value(example_name: str) -> None:
    session = load_example(example_name)
    text = render(analyse(session), "backend")
    for secret in session.security.secrets:
        assert f"| `{secret.name}` | `{secret.path}` |" in text
    assert not re.search(r"\b[A-Z][A-Z0-9_]{2,}\s*=\s*\S", text), "looks like NAME=value"
    migrations = session.deployment.migrations
    assert migrations.tool in text
    for database in session.components_in(Category.DATABASE):
        assert f"{database.name}: " in text


def test_backend_brief_of_the_aws_example() -> None:
    text = render(analyse(load_example("saas-mvp-aws")), "backend")
    assert "Primary database: Amazon RDS for PostgreSQL, db.t4g.small, one zone (99.5% SLA)" in text
    assert "Backups every 24 h, kept 14 days, point-in-time recovery on" in text
    assert "run before the new code rolls out" in text
    assert "- [x] Run every migration against staging before production" in text
    assert "- [ ] Rehearse a restore into staging and time it" in text
    assert "injected as environment variables at deploy time, rotated every 180 days" in text


def test_qa_brief_states_the_thresholds_and_environments(example_name: str) -> None:
    session = load_example(example_name)
    text = render(analyse(session), "qa")
    pipeline = session.pipeline
    threshold = f"{pipeline.unit_tests.coverage_threshold_percent:g}%"
    assert f"coverage below **{threshold}**" in text
    assert f"Hold unit-test coverage at {threshold} or more" in text
    assert pipeline.integration_tests.e2e_tool.label in text
    assert pipeline.staging.smoke_test_command in text
    assert pipeline.security_scan.dependency_audit.label in text
    for env in session.environments:
        assert f"| **{env.name}** | `{env.branch}` |" in text
        if env.url:
            assert f"<{env.url}>" in text


def test_product_owner_brief_has_the_cost_at_scale_and_the_crossover_in_words() -> None:
    session = load_example("saas-mvp-aws")
    text = render(analyse(session), "product-owner")
    cost = analyse(session).cost
    for projection in cost.projections:
        assert (
            f"{projection.users:,.0f} ({projection.scale:g}x) | {money(projection.monthly_total)}"
            in text
        )
    assert f"**{money(cost.monthly_total)} a month** for production today" in text
    assert "**$0.20 per user a month**" in text
    assert "Budget: $300 a month. All environments cost $449/month" in text
    # Lambda $9.16 against Fargate $36.04 today; the lines cross at ~3,600 users.
    assert (
        "Pay-per-request AWS Lambda would be cheaper at the start but more expensive at scale: "
        "above ~3,600 users the chosen Amazon ECS on AWS Fargate is the cheaper one."
    ) in text
    # The single-AZ database: 99.468% expected is ~233 min down against 219 allowed.
    assert "falls short of the target by ~14 min a month" in text
    assert "adds up to less, 99.182%" in text
    shop = render(analyse(load_example("eu-shop-gcp")), "product-owner")
    assert "runs on pay-per-request Cloud Run, which is cheaper at the start but more " in shop
    assert "- [ ] Ask whether Storefront (SSR) should move to Compute Engine" in shop


def test_tech_lead_brief_has_style_decisions_and_open_findings() -> None:
    session = load_example("b2b-platform-azure")
    text = render(analyse(session), "tech-lead")
    assert "**Microservices** (justified)" in text and "**Azure**" in text
    for decision in session.decisions:
        assert f"{decision.id}: {decision.title}" in text
    assert "**SOC 2 selected but not met** (high)" in text
    assert "| Azure Kubernetes Service (AKS) | 5/5 | 2/5 |" in text
    assert "Agree the exit plan for Azure API Management (Consumption tier)" in text


def test_a_missing_answer_becomes_not_decided_and_a_checklist_item() -> None:
    session = load_example("saas-mvp-aws")
    bare = replace(
        session,
        pipeline=session.pipeline.evolve(
            build=session.pipeline.build.evolve(frontend_command=None)
        ),
        context=session.context.evolve(monthly_budget_usd=None),
    )
    frontend = render(analyse(bare), "frontend")
    assert f"Stage 3, build: {NOT_DECIDED}" in frontend
    assert "- [ ] Get the team's answer: Which command builds the frontend in CI?" in frontend
    owner = render(analyse(bare), "product-owner")
    assert f"Budget: {NOT_DECIDED}" in owner
    assert "## Open questions" not in owner


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_summaries_are_a_few_plain_lines(example_name: str, role_id: str) -> None:
    lines = summary(analyse(load_example(example_name)), role_id)
    assert 3 <= len(lines) <= 6
    for line in lines:
        assert line.strip() and len(line) <= 110
        assert not re.search(r"\*\*|`|\]\(", line), f"Markdown in a summary line: {line}"


def test_product_owner_summary_of_the_aws_example() -> None:
    assert summary(analyse(load_example("saas-mvp-aws")), "product-owner") == [
        "$202/month now, $418 at 10x, $3,798 at 100x",
        "$0.20 per user a month",
        "Over budget by $149/month",
        "Availability 99.468% expected (SLAs promise 99.182%), misses the 99.5% target",
        "Skeptic: 7 findings, 5 open (2 critical or high)",
        # Regions: one region cannot recover a region outage within the 4 h RTO.
        "Verdicts: 3 under-engineered, 0 over-engineered, 1 challenged",
    ]


def test_examples_are_all_briefed() -> None:
    assert sorted(EXAMPLES) == ["b2b-platform-azure", "eu-shop-gcp", "saas-mvp-aws"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_any_valid_session_gets_every_brief(session: Session) -> None:
    for role_id in ROLE_IDS:
        assert_clean_page(render(analyse(session), role_id))
        assert 3 <= len(summary(analyse(session), role_id)) <= 6


def test_a_design_without_components_still_gets_every_brief() -> None:
    session = design()
    for role_id in ROLE_IDS:
        assert_clean_page(render(analyse(session), role_id))
