"""The skeptic: each rule fires on a design made to trigger it, and says what it should on the
examples.

`clean_session()` is a design the skeptic has nothing to say about; each trigger below
breaks exactly the thing its rule looks for. On the bundled examples every finding is
listed with the reason it is right to raise it; every other rule must stay quiet.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from model.analysis import analyse
from model.enums import (
    AlertSeverity,
    ArchitectureStyle,
    CardData,
    Category,
    ChannelKind,
    Compliance,
    DataSource,
    DecisionStatus,
    OnCallCoverage,
    SecretsDelivery,
)
from model.sections.channels import TARGETS, Channel
from model.sections.components import Component, OutboundWebhooks, QueueSettings
from model.sections.decisions import Decision
from model.sections.security import ComplianceItem
from model.session import Session, replace
from model.skeptic import RULES, open_findings, rule
from model.skeptic.findings import Lean, Severity
from sessions.bundled import load_example
from tests.engine_designs import clean_session, part

Trigger = Callable[[Session], Session]


def swap(session: Session, ident: str, **changes: object) -> Session:
    """`session` with component `ident` changed."""
    components = tuple(c.evolve(**changes) if c.id == ident else c for c in session.components)
    return replace(session, components=components)


def add(session: Session, *components: Component) -> Session:
    """`session` with `components` added (links stay derived)."""
    return replace(session, components=(*session.components, *components))


def context(session: Session, **changes: object) -> Session:
    """`session` with its context changed."""
    return replace(session, context=session.context.evolve(**changes))


def backups(session: Session, **changes: object) -> Session:
    """`session` with its backups changed."""
    security = session.security
    return replace(session, security=security.evolve(backups=security.backups.evolve(**changes)))


def security(session: Session, **changes: object) -> Session:
    """`session` with its security section changed."""
    return replace(session, security=session.security.evolve(**changes))


def channels(session: Session, *kinds: tuple[ChannelKind, tuple[AlertSeverity, ...]]) -> Session:
    """`session` with only these alert channels."""
    made = tuple(
        Channel(kind=kind, target=TARGETS[kind].example, severities=levels)
        for kind, levels in kinds
    )
    return replace(session, monitoring=session.monitoring.evolve(channels=made))


def live_staging(session: Session) -> Session:
    """`session` with a live copy of production's data in staging."""
    environments = tuple(
        e.evolve(data=DataSource.LIVE) if e.name == "staging" else e for e in session.environments
    )
    return replace(session, environments=environments)


def runway(session: Session) -> Session:
    """A budget 20% above today's bill with 25% growth a month: passed within a year."""
    bill = analyse(session).cost.all_environments_total
    return context(session, monthly_budget_usd=round(bill * 1.2, 2), growth_percent_per_month=25)


TRIGGERS: dict[str, Trigger] = {
    "kubernetes-small-team": lambda s: swap(s, "api", service="aws-eks", size=None),
    "self-run-cluster-light-load": lambda s: add(
        s, part("events", Category.QUEUE, "aws-kafka-ec2", multi_az=True)
    ),
    "multi-region-small": lambda s: context(s, regions=("us-east-1", "us-west-2")),
    "microservices-small-team": lambda s: replace(s, style=ArchitectureStyle.MICROSERVICES),
    "premium-without-need": lambda s: swap(s, "db", service="aws-aurora-postgres", size=None),
    "monitoring-sprawl": lambda s: add(
        s,
        part("dd-logs", Category.LOGS, "saas-datadog-logs"),
        part("pager", Category.ONCALL, "saas-pagerduty"),
    ),
    "duplicate-tooling": lambda s: add(s, part("rollbar", Category.ERRORS, "saas-rollbar")),
    "oversized-instances": lambda s: swap(s, "db", size="db.m7g.xlarge"),
    "serverless-at-sustained-load": lambda s: context(
        swap(s, "api", service="aws-lambda", size=None),
        monthly_requests_millions=500,
        peak_rps=200,
    ),
    "single-az-database": lambda s: swap(s, "db", multi_az=False),
    "single-node-cache": lambda s: add(s, part("cache", Category.CACHE, "aws-elasticache-redis")),
    "single-point-of-failure": lambda s: swap(
        s, "api", service="aws-ec2", size=None, replicas=1, multi_az=False, autoscaling=None
    ),
    "capacity-short": lambda s: context(s, peak_rps=500),
    "no-headroom": lambda s: context(swap(s, "db", size="db.m7g.large"), peak_rps=500),
    "burstable-production-database": lambda s: swap(s, "db", size="db.t4g.small"),
    "availability-below-target": lambda s: context(s, availability_target_percent=99.9),
    "no-backups": lambda s: backups(s, enabled=False),
    "backups-miss-rpo": lambda s: backups(s, point_in_time_recovery=False),
    "restore-never-tested": lambda s: backups(s, restore_tested=False),
    "rto-unmet": lambda s: backups(s, rto_minutes=10),
    "regional-outage-unrecoverable": lambda s: context(s, availability_contractual=True),
    "short-backup-retention": lambda s: backups(s, retention_days=3),
    "no-staging": lambda s: replace(
        s, pipeline=s.pipeline.evolve(staging=s.pipeline.staging.evolve(enabled=False))
    ),
    "no-rollback-plan": lambda s: replace(
        s, deployment=s.deployment.evolve(rollback=s.deployment.rollback.evolve(steps=()))
    ),
    "slow-rollback": lambda s: replace(
        s, deployment=s.deployment.evolve(rollback=s.deployment.rollback.evolve(eta_minutes=60))
    ),
    "alerts-routed-nowhere": lambda s: channels(
        s, (ChannelKind.SLACK, (AlertSeverity.WARNING,))
    ),
    "criticals-page-nobody": lambda s: channels(
        s, (ChannelKind.EMAIL, (AlertSeverity.CRITICAL,))
    ),
    "no-uptime-check": lambda s: replace(
        s, monitoring=s.monitoring.evolve(uptime_check=s.monitoring.uptime_check.evolve(
            enabled=False))
    ),
    "on-call-coverage-short": lambda s: context(
        replace(s, incidents=s.incidents.evolve(coverage=OnCallCoverage.BUSINESS_HOURS)),
        availability_target_percent=99.9,
    ),
    "queue-without-failure-handling": lambda s: add(s, part("jobs", Category.QUEUE, "aws-sqs")),
    "visibility-timeout-short": lambda s: add(s, part("jobs", Category.QUEUE, "aws-sqs").evolve(
        queue=QueueSettings(dead_letter=True, max_receives=5, backoff=True,
                            visibility_timeout_seconds=30, processing_seconds=120))),
    "webhooks-unreliable": lambda s: swap(s, "api", webhooks=OutboundWebhooks()),
    "plain-env-secrets": lambda s: security(s, secrets_delivery=SecretsDelivery.PLAIN_ENV),
    "no-secret-rotation": lambda s: security(s, rotation_days=None),
    "no-waf-for-payments": lambda s: context(s, handles_payments=True),
    "compliance-unmet": lambda s: context(s, compliance=(Compliance.GDPR,)),
    "control-not-implemented": lambda s: security(
        context(s, compliance=(Compliance.GDPR,)),
        compliance_checklist=(ComplianceItem(
            standard=Compliance.GDPR, control="Customer-managed keys for personal data",
            done=True),),
    ),
    "card-data-in-scope": lambda s: context(s, card_data=CardData.MERCHANT_API),
    "live-regulated-data-outside-production": lambda s: live_staging(
        context(s, compliance=(Compliance.PCI_DSS,))
    ),
    "live-personal-data-outside-production": lambda s: live_staging(
        context(s, compliance=(Compliance.GDPR,))
    ),
    "public-data-stores": lambda s: security(
        s, network=s.security.network.evolve(private_subnets_for_data=False)
    ),
    "weak-tls": lambda s: security(s, tls=s.security.tls.evolve(hsts=False)),
    "retiring-service": lambda s: add(s, part("pager", Category.ONCALL, "saas-opsgenie")),
    "over-budget": lambda s: context(s, monthly_budget_usd=50),
    "budget-runway": runway,
    "monitoring-cost-share": lambda s: context(
        swap(s, "logs", service="saas-datadog-logs"),
        monthly_requests_millions=1000,
        egress_gb_month=100,
    ),
}  # fmt: skip
"""One design change per rule that must make it fire."""

EXAMPLE_FINDINGS: dict[str, dict[str, str]] = {
    "saas-mvp-aws": {
        "single-az-database": "RDS in one zone by choice; adr-002 answers it",
        "no-waf-for-payments": "card payments without a WAF by choice; adr-003 answers it",
        "availability-below-target": "adr-002 tells customers 99.5%; the single-AZ database "
        "puts the design estimate at 99.47% (a medium finding: an internal target, a small gap)",
        "criticals-page-nobody": "P0 promises a page but criticals go to e-mail and Slack",
        "restore-never-tested": "restore_tested is false",
        "burstable-production-database": "the production database is a db.t4g.small, a "
        "CPU-credit class meant for development and test",
        "over-budget": "NAT gateways in two zones in each of three environments ($66 each) put "
        "all environments at $449 against the $300 budget",
    },
    "eu-shop-gcp": {
        "availability-below-target": "Basic Memorystore (no SLA) caps 99.9% at ~99%",
        "compliance-unmet": "its own checklist leaves GDPR erasure and PCI scans open",
        "queue-without-failure-handling": "order events on Pub/Sub with no dead-letter topic "
        "or delivery limit stated",
        "serverless-at-sustained-load": "Cloud Run at 164M requests costs ~2.7x autoscaled VMs",
        "single-node-cache": "sessions and carts on a Basic, single-zone cache",
        "budget-runway": "at 5% growth a month the $4,000 budget is passed within a year",
        "regional-outage-unrecoverable": "europe-west3 only, no backup copied out of it: a "
        "region outage misses the 4 h RTO of a 99.9% shop",
    },
    "b2b-platform-azure": {
        "availability-below-target": "cache, queue and blob SLAs (99.9%) sit below 99.95%",
        "compliance-unmet": "SOC 2 'Incident response plan tested' is open",
        "no-headroom": "the D4ds database carries 1,200 of ~1,200 req/s at peak",
        "retiring-service": "Azure Cache for Redis (Standard) retires on 30 September 2028",
        "budget-runway": "at 3% growth a month the $25,000 budget is passed within a year",
        "monitoring-cost-share": "logs and APM at $2.30/GB are 30% of the bill",
        "single-node-cache": "Standard Redis keeps its replica in one zone; adr-003 answers it",
        "rto-unmet": "after a bad migration, restoring 1,250 GB takes ~6.8 h against a 60-min "
        "RTO; the warm standby in northeurope copies the damage",
    },
}
"""What the skeptic raises on each bundled example, and why that is right."""


@pytest.fixture(scope="module")
def clean() -> Session:
    return clean_session()


def test_there_are_at_least_twenty_rules_both_ways() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) >= 20
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", i) for i in ids)
    assert {r.lean for r in RULES} == set(Lean)
    assert rule("single-az-database").severity is Severity.HIGH
    assert rule("no-waf-for-payments").lean is Lean.UNDER


def test_every_rule_has_a_trigger() -> None:
    assert set(TRIGGERS) == {r.id for r in RULES}


def test_the_clean_design_has_no_findings(clean: Session) -> None:
    assert analyse(clean).findings == ()


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_each_rule_fires_on_its_trigger(clean: Session, rule_id: str) -> None:
    findings = [f for f in analyse(TRIGGERS[rule_id](clean)).findings if f.rule == rule_id]
    assert findings, f"{rule_id} did not fire"
    registered = rule(rule_id)
    for finding in findings:
        # A rule may grade a finding below its table's severity, never above it.
        assert finding.severity.rank >= registered.severity.rank
        assert finding.lean is registered.lean
        assert finding.title and finding.alternative
        assert re.search(r"\d", finding.message), "the evidence carries numbers"
        assert finding.question.endswith("?")
        assert finding.answered_by is None


@pytest.mark.parametrize("name", sorted(EXAMPLE_FINDINGS))
def test_examples_raise_exactly_the_findings_they_deserve(name: str) -> None:
    fired = {f.rule for f in analyse(load_example(name)).findings}
    assert fired == set(EXAMPLE_FINDINGS[name])


def test_recorded_decisions_answer_their_findings() -> None:
    findings = analyse(load_example("saas-mvp-aws")).findings
    answered = {f.rule: f.answered_by.id for f in findings if f.answered_by is not None}
    assert answered == {"single-az-database": "adr-002", "no-waf-for-payments": "adr-003"}
    assert len(open_findings(findings)) == len(findings) - 2


def test_a_superseded_decision_no_longer_answers(clean: Session) -> None:
    session = TRIGGERS["single-az-database"](clean)
    decision = Decision(id="adr-009", title="Single-AZ for now", finding="single-az-database")
    answered = replace(session, decisions=(decision,))
    [finding] = [f for f in analyse(answered).findings if f.rule == "single-az-database"]
    assert finding.answered_by == decision and finding.answered
    gone = replace(session, decisions=(decision.evolve(status=DecisionStatus.SUPERSEDED),))
    [finding] = [f for f in analyse(gone).findings if f.rule == "single-az-database"]
    assert finding.answered_by is None


def test_single_az_database_carries_cost_and_availability(clean: Session) -> None:
    [finding] = [
        f
        for f in analyse(TRIGGERS["single-az-database"](clean)).findings
        if f.rule == "single-az-database"
    ]
    # The starter's RDS db.m7g.large holds 5 GB (half of 10 GB) but is billed RDS's 20 GB
    # storage minimum: 122.64 + 2.30 single-AZ, both doubled with Multi-AZ.
    single = 0.168 * 730 + 20 * 0.115
    assert finding.current_monthly == pytest.approx(single)
    assert finding.alternative_monthly == pytest.approx(2 * single)
    assert finding.cost_delta == pytest.approx(single)
    # 99.5% → 99.95% on the database multiplies the composite by 0.9995 / 0.995.
    assert finding.availability_delta is not None and finding.availability_delta > 0.4


def test_findings_come_most_severe_first(clean: Session) -> None:
    broken = TRIGGERS["no-backups"](TRIGGERS["weak-tls"](TRIGGERS["single-az-database"](clean)))
    ranks = [f.severity.rank for f in analyse(broken).findings]
    assert ranks == sorted(ranks)
    assert analyse(broken).findings[0].rule == "no-backups"
