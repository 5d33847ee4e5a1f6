"""The security rules (`model/skeptic/rules/security.py`) on the clean design with one gap in
its secrets, network, TLS or checklist, their figures from the design and the prices.

The clean design keeps three secrets (DATABASE_URL, JWT_SECRET, SLACK_WEBHOOK_URL),
injected from Secrets Manager and rotated every 90 days.
"""

from __future__ import annotations

import pytest

from model.compliance import typical_controls
from model.enums import Category, Compliance, SecretsDelivery
from model.sections.security import ComplianceItem
from model.session import Session
from model.skeptic.findings import Severity, dollars
from tests.engine_designs import part
from tests.rules.cases import REQUESTS_M, Case, add, clean, context, only, security


def _payments(*, waf: bool) -> Session:
    """The clean design taking card payments, with AWS WAF in front or without."""
    session = context(clean(), handles_payments=True)
    return add(session, part("waf", Category.WAF, "aws-waf")) if waf else session


def _gdpr(*, met: int) -> Session:
    """The clean design under GDPR with its four typical controls listed, the first `met`
    of them done."""
    items = tuple(
        ComplianceItem(standard=Compliance.GDPR, control=c.text, kinds=c.kinds, done=i < met)
        for i, c in enumerate(typical_controls(Compliance.GDPR))
    )
    return security(context(clean(), compliance=(Compliance.GDPR,)), compliance_checklist=items)


def _data_in_public_subnets(*, private: bool) -> Session:
    """The clean design with a Multi-AZ cache beside the database, their subnets private or
    public."""
    cache = part("cache", Category.CACHE, "aws-elasticache-redis", size="cache.m6g.large")
    session = add(clean(), cache.evolve(multi_az=True))
    network = session.security.network.evolve(private_subnets_for_data=private)
    return security(session, network=network)


CASES: dict[str, Case] = {
    "plain-env-secrets": Case(
        broken=lambda: security(clean(), secrets_delivery=SecretsDelivery.PLAIN_ENV),
        fixed=clean,  # injected at deploy from Secrets Manager
    ),
    "no-secret-rotation": Case(
        broken=lambda: security(clean(), rotation_days=400),
        fixed=clean,  # every 90 days
    ),
    "no-waf-for-payments": Case(
        broken=lambda: _payments(waf=False),
        fixed=lambda: _payments(waf=True),
    ),
    "compliance-unmet": Case(
        broken=lambda: _gdpr(met=2),
        fixed=lambda: _gdpr(met=4),
    ),
    "public-data-stores": Case(
        broken=lambda: _data_in_public_subnets(private=False),
        fixed=lambda: _data_in_public_subnets(private=True),
    ),
    "weak-tls": Case(
        broken=lambda: security(clean(), tls=clean().security.tls.evolve(hsts=False)),
        fixed=clean,
    ),
}
"""The security rules' planted problems, and the same designs fixed."""


def test_secrets_in_plain_environment_variables() -> None:
    finding = only(CASES["plain-env-secrets"].broken(), "plain-env-secrets")
    assert finding.severity is Severity.HIGH
    assert finding.message == (
        "3 secrets (DATABASE_URL, JWT_SECRET, SLACK_WEBHOOK_URL) live in plain environment "
        "variables (deploy configs, CI settings, shell history)."
    )


def test_secrets_rotated_every_400_days() -> None:
    finding = only(CASES["no-secret-rotation"].broken(), "no-secret-rotation")
    assert finding.severity is Severity.MEDIUM
    # Over a year between rotations (365 days) is the limit without an audit ...
    assert finding.message == (
        "3 secrets are rotated every 400 days; a leaked key stays valid for over a year."
    )
    assert finding.alternative == "automatic rotation every 90 days"
    # ... and 90 days under one.
    audited = security(context(clean(), compliance=(Compliance.SOC2,)), rotation_days=180)
    assert only(audited, "no-secret-rotation").message == (
        "3 secrets are rotated every 180 days; SOC 2 expects 90 days."
    )


def test_card_payments_without_a_web_application_firewall() -> None:
    finding = only(CASES["no-waf-for-payments"].broken(), "no-waf-for-payments")
    assert finding.severity is Severity.HIGH
    assert (
        f"The system takes card payments and serves {REQUESTS_M:,.1f}M requests a month with "
        "no web application firewall"
    ) in finding.message
    # AWS WAF: $5 for the web ACL and $1 for each of 5 rules, and $0.60 per million of the
    # 13.149M requests inspected: $17.89.
    waf = 5 + 5 * 1 + REQUESTS_M * 0.60
    assert finding.current_monthly == 0.0
    assert finding.alternative_monthly == pytest.approx(waf)
    assert finding.alternative == f"AWS WAF with managed rules and rate limits, {dollars(waf)}"


def test_gdpr_with_half_its_controls_open() -> None:
    finding = only(CASES["compliance-unmet"].broken(), "compliance-unmet")
    assert finding.severity is Severity.HIGH
    assert finding.title == "GDPR selected but not met"
    assert finding.message == (
        "GDPR: 2 of 4 controls open: Data processing agreements with every processor; Right "
        "to erasure implemented."
    )


def test_a_database_and_a_cache_in_public_subnets() -> None:
    finding = only(CASES["public-data-stores"].broken(), "public-data-stores")
    assert finding.severity is Severity.HIGH
    # The database and the cache; object storage is reached through its API, not a subnet.
    assert finding.message.startswith(
        "2 data stores (Primary database, Cache) sit in public subnets."
    )
    assert finding.components == ("db", "cache")


def test_no_hsts_header() -> None:
    finding = only(CASES["weak-tls"].broken(), "weak-tls")
    assert finding.severity is Severity.MEDIUM
    assert finding.message == (
        "no HSTS header: the first plain-HTTP request of any of 1,000 users can be "
        "intercepted and downgraded."
    )
    assert finding.alternative_monthly == 0.0
