"""The skeptic: the rule table, the findings it raises on the bundled examples (each with
the reason it is right to raise it; every other rule must stay quiet), recorded answers,
and the order findings come in.

Each rule on a design with one planted problem, its figures worked out by hand, and the
same design fixed, is `tests/rules/`.
"""

from __future__ import annotations

import re

import pytest

from model.analysis import analyse
from model.enums import DecisionStatus
from model.sections.decisions import Decision
from model.session import Session, replace
from model.skeptic import RULES, open_findings, rule
from model.skeptic.findings import Lean, Severity
from sessions.bundled import load_example
from tests.engine_designs import clean_session
from tests.rules.cases import backups, security, swap
from tests.rules.registry import CASES

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


def test_the_clean_design_has_no_findings(clean: Session) -> None:
    assert analyse(clean).findings == ()


@pytest.mark.parametrize("name", sorted(EXAMPLE_FINDINGS))
def test_examples_raise_exactly_the_findings_they_deserve(name: str) -> None:
    fired = {f.rule for f in analyse(load_example(name)).findings}
    assert fired == set(EXAMPLE_FINDINGS[name])


def test_recorded_decisions_answer_their_findings() -> None:
    findings = analyse(load_example("saas-mvp-aws")).findings
    answered = {f.rule: f.answered_by.id for f in findings if f.answered_by is not None}
    assert answered == {"single-az-database": "adr-002", "no-waf-for-payments": "adr-003"}
    assert len(open_findings(findings)) == len(findings) - 2


def test_a_superseded_decision_no_longer_answers() -> None:
    session = CASES["single-az-database"].broken()
    decision = Decision(id="adr-009", title="Single-AZ for now", finding="single-az-database")
    answered = replace(session, decisions=(decision,))
    [finding] = [f for f in analyse(answered).findings if f.rule == "single-az-database"]
    assert finding.answered_by == decision and finding.answered
    gone = replace(session, decisions=(decision.evolve(status=DecisionStatus.SUPERSEDED),))
    [finding] = [f for f in analyse(gone).findings if f.rule == "single-az-database"]
    assert finding.answered_by is None


def test_findings_come_most_severe_first(clean: Session) -> None:
    # A single-zone database (high), no HSTS (medium) and no backups (critical) at once.
    broken = backups(
        security(swap(clean, "db", multi_az=False), tls=clean.security.tls.evolve(hsts=False)),
        enabled=False,
    )
    found = analyse(broken).findings
    ranks = [f.severity.rank for f in found]
    assert ranks == sorted(ranks)
    assert found[0].rule == "no-backups"
    assert {"single-az-database", "weak-tls"} <= {f.rule for f in found}
