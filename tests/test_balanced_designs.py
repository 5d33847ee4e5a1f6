"""The rules a senior architect expects stay quiet on balanced designs, each for a reason.

`tests/balanced_designs.py` holds six designs a reviewer would sign (AWS containers and
serverless, GCP containers and serverless, Azure containers, a PCI DSS payments API). For
every rule of this family the table below says why it is quiet on them, and names what the
rule looks at, so a test can check that some balanced design has that thing: a rule that is
quiet only because no design gives it anything to look at proves nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from model.analysis import analyse
from model.catalog import PricingModel, load_catalog
from model.enums import Category, Compliance, OnCallCoverage
from model.session import Session
from model.skeptic import RULES
from model.skeptic.findings import Severity
from tests.balanced_designs import BALANCED

Looks = Callable[[Session], bool]


def _instance_database(session: Session) -> bool:
    catalog = load_catalog()
    return any(
        catalog[c.service].pricing.model is PricingModel.INSTANCE_HOUR
        for c in session.components_in(Category.DATABASE)
    )


def _ticked(session: Session) -> bool:
    return any(i.done and i.asks for i in session.security.compliance_checklist)


def _non_production(session: Session) -> bool:
    production = session.pipeline.production.environment
    return any(e.name != production for e in session.environments)


QUIET: dict[str, tuple[str, Looks]] = {
    "burstable-production-database": (
        "every instance-priced database runs on dedicated vCPUs (db.m7g.large, D2ds v5, db-custom)",
        _instance_database,
    ),
    "control-not-implemented": (
        "every ticked control has its implementer: managed stores and certificates for "
        "encryption, logs and CloudTrail for the audit trail, a WAF component for the WAF",
        _ticked,
    ),
    "card-data-in-scope": (
        "the payments API that receives card numbers meets every full-scope control and "
        "claims no provider-hosted one",
        lambda s: s.context.card_data is not None and s.context.card_data.in_scope,
    ),
    "live-regulated-data-outside-production": (
        "dev is seeded and staging holds an anonymised copy; only production is live",
        lambda s: _non_production(s) and Compliance.PCI_DSS in s.context.compliance,
    ),
    "live-personal-data-outside-production": (
        "dev is seeded and staging holds an anonymised copy; only production is live",
        lambda s: _non_production(s) and Compliance.GDPR in s.context.compliance,
    ),
    "no-waf-for-payments": (
        "the design that takes card payments has AWS WAF in front",
        lambda s: s.context.takes_card_payments,
    ),
    "on-call-coverage-short": (
        "pages are answered around the clock against the 99.9% targets",
        lambda s: (
            s.incidents.coverage is OnCallCoverage.AROUND_THE_CLOCK
            and s.context.availability_target_percent >= 99.9
        ),
    ),
    "queue-without-failure-handling": (
        "every queue dead-letters after five deliveries with backoff (Service Bus after ten "
        "by default)",
        lambda s: bool(s.components_in(Category.QUEUE)),
    ),
    "visibility-timeout-short": (
        "the visibility timeout (120 s) is four times the slowest job (30 s)",
        lambda s: any(
            c.queue is not None and c.queue.processing_seconds is not None
            for c in s.components_in(Category.QUEUE)
        ),
    ),
    "webhooks-unreliable": (
        "webhooks are tried 8 times with backoff and signed",
        lambda s: any(c.webhooks is not None for c in s.components_in(Category.COMPUTE)),
    ),
    "self-run-cluster-light-load": (
        "no design runs a cluster of its own: managed queues carry a few messages a second",
        lambda s: bool(s.components_in(Category.QUEUE)),
    ),
}
"""Each rule of this family: why it stays quiet on the balanced designs, and what it looks at
(true for a design that gives the rule something to judge)."""


@pytest.fixture(scope="module", params=sorted(BALANCED))
def balanced(request: pytest.FixtureRequest) -> tuple[str, Session]:
    name: str = request.param
    return name, BALANCED[name]()


def test_there_are_six_balanced_designs_over_three_clouds() -> None:
    designs = [build() for build in BALANCED.values()]
    assert len(designs) >= 6
    assert {d.provider.value for d in designs} >= {"aws", "gcp", "azure"}
    assert any(Compliance.PCI_DSS in d.context.compliance for d in designs)


def test_the_table_names_rules_that_exist() -> None:
    assert set(QUIET) <= {rule.id for rule in RULES}


def test_none_of_these_rules_fires_on_a_balanced_design(balanced: tuple[str, Session]) -> None:
    name, session = balanced
    fired = {f.rule: f.title for f in analyse(session).findings if f.rule in QUIET}
    assert fired == {}, f"{name}: " + "; ".join(f"{r}: {QUIET[r][0]}" for r in fired)


@pytest.mark.parametrize("rule_id", sorted(QUIET))
def test_each_rule_has_something_to_judge_on_some_balanced_design(rule_id: str) -> None:
    _, looks = QUIET[rule_id]
    assert any(looks(build()) for build in BALANCED.values()), f"{rule_id} is quiet vacuously"


@pytest.mark.parametrize("name", sorted(BALANCED))
def test_no_rule_raises_anything_high_on_a_balanced_design(name: str) -> None:
    """Every rule, not only this family: a balanced design gets nothing critical or high.
    The one note it may get is the availability rule's: the design meets its 99.9% target
    by the estimate (managed, zone-redundant services down a tenth of what their SLAs
    allow), while the SLAs themselves back less — worth knowing before promising 99.9% in
    a contract, so it is raised LOW and says so."""
    analysis = analyse(BALANCED[name]())
    assert analysis.reliability.estimate_meets_target
    raised = {(f.rule, f.severity) for f in analysis.findings}
    assert raised <= {("availability-below-target", Severity.LOW)}, raised
    assert analysis.tally.urgent == 0
