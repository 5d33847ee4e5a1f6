"""The compliance-in-depth rules (`model/skeptic/rules/compliance.py`): live regulated data
outside production, worked out on one database so staging's bill adds up by hand; ticked
controls and card-data scope, whose trigger tests are `tests/test_senior_rules.py`'s.

The one-database design: RDS for PostgreSQL on db.m7g.large in one zone ($0.168/h and RDS's
20 GB storage minimum at $0.115), 10M requests a month, production and a staging at half
its size holding a live copy of the data.
"""

from __future__ import annotations

import pytest

from model.compliance import typical_controls
from model.enums import CardData, Category, Compliance, DataSource
from model.sections.environments import Environment
from model.sections.security import ComplianceItem
from model.session import Session, replace
from model.skeptic.findings import Severity, dollars
from tests.engine_designs import design, part
from tests.rules.cases import HOURS, Case, clean, context, only, security
from tests.test_senior_rules import pci_processor, ticked

DATABASE = 0.168 * HOURS + 20 * 0.115
"""The one database's month: $124.94, all of it scaling with an environment's size."""


def _staging_with(data: DataSource, framework: Compliance) -> Session:
    """One database under `framework`, its staging at 50% holding `data`."""
    session = design(
        part("db", Category.DATABASE, "aws-rds-postgres", size="db.m7g.large"),
        compliance=(framework,),
    )
    environments = (
        Environment(name="prod", branch="main", data=DataSource.LIVE),
        Environment(name="staging", branch="main", size_percent=50, data=data),
    )
    return replace(session, environments=environments)


def _keys_ticked(*, done: bool) -> Session:
    """The clean design under GDPR, its checklist claiming customer-managed keys."""
    item = ComplianceItem(standard=Compliance.GDPR, control="Customer-managed keys (KMS)")
    gdpr = context(clean(), compliance=(Compliance.GDPR,))
    return security(gdpr, compliance_checklist=(item.evolve(done=done),))


def _processor_in_full_scope() -> Session:
    """The card processor with every full-scope PCI DSS control on its checklist, met."""
    met = tuple(
        ComplianceItem(standard=Compliance.PCI_DSS, control=c.text, kinds=c.kinds, done=True)
        for c in typical_controls(Compliance.PCI_DSS, CardData.PROCESSOR)
    )
    return security(pci_processor(clean()), compliance_checklist=met)


CASES: dict[str, Case] = {
    "control-not-implemented": Case(
        broken=lambda: _keys_ticked(done=True),
        fixed=lambda: _keys_ticked(done=False),  # unticked until it is true
    ),
    "card-data-in-scope": Case(
        broken=lambda: pci_processor(clean()),
        fixed=_processor_in_full_scope,
    ),
    "live-regulated-data-outside-production": Case(
        broken=lambda: _staging_with(DataSource.LIVE, Compliance.PCI_DSS),
        fixed=lambda: _staging_with(DataSource.ANONYMISED_COPY, Compliance.PCI_DSS),
    ),
    "live-personal-data-outside-production": Case(
        broken=lambda: _staging_with(DataSource.LIVE, Compliance.GDPR),
        fixed=lambda: _staging_with(DataSource.ANONYMISED_COPY, Compliance.GDPR),
    ),
}
"""The compliance-in-depth rules' planted problems, and the same designs fixed."""


def test_live_card_data_in_a_half_size_staging() -> None:
    finding = only(
        CASES["live-regulated-data-outside-production"].broken(),
        "live-regulated-data-outside-production",
    )
    assert finding.severity is Severity.CRITICAL
    assert finding.title == "Live card data outside production: staging"
    # PCI DSS implies, for 1 data store and 1 AWS component (5 resources):
    # KMS: the key's $1 (an environment pays it whole) and 10M × 0.01 = 100,000 key
    #   requests, 20,000 free, at $0.03 per 10,000: $0.24;
    # CloudTrail: 10M × 0.1 = 1M data events at $0.10 per 100,000: $1.00;
    # Config: 5 × 20 = 100 items at $0.003 and 1,000 rule evaluations at $0.001: $1.30;
    # GuardDuty: 5,000 events at $4 a million and 10M × 100 B = 1 GB of logs at $1: $1.02.
    variable = DATABASE + 0.24 + 1.00 + (0.30 + 1.00) + (0.02 + 1.00)
    staging = 1.00 + 0.5 * variable
    assert f"{dollars(staging)}" == "$65.25/month"
    assert (
        f"staging (50% of production, {dollars(staging)}) holds live data: the card data of "
        "1,000 users (10 GB) under PCI DSS"
    ) in finding.message
    assert "PCI DSS 6.5.5 forbids live card numbers in pre-production" in finding.message


def test_live_personal_data_in_a_half_size_staging() -> None:
    finding = only(
        CASES["live-personal-data-outside-production"].broken(),
        "live-personal-data-outside-production",
    )
    assert finding.severity is Severity.HIGH
    assert finding.title == "Live personal data outside production: staging"
    # GDPR implies no keys or audit lines: staging is half the database, $62.47.
    staging = 0.5 * DATABASE
    assert (
        f"staging (50% of production, {dollars(staging)}) holds live data: the personal data "
        "of 1,000 users (10 GB) under GDPR"
    ) in finding.message


def test_the_ticked_controls_case_is_the_senior_rules_ticked_keys() -> None:
    # The case builds the design `test_customer_managed_keys_ticked_without_a_key_service`
    # checks the numbers of; the same helper makes its checklist.
    broken = CASES["control-not-implemented"].broken()
    assert broken.security.compliance_checklist == ticked(
        "Customer-managed keys (KMS)", standard=Compliance.GDPR
    )
    assert only(broken, "control-not-implemented").alternative_monthly == pytest.approx(
        2 * 1.0 + (13.149e6 * 0.01 - 20_000) / 10_000 * 0.03
    )
