"""What a compliance framework adds to the bill, and why GDPR alone adds nothing.

An audited framework (SOC 2, PCI DSS, HIPAA) implies customer-managed keys for every data
store, an audit trail, configuration history and threat detection, each an implied cost
line. GDPR's typical controls ask for encryption at rest and in transit, which the managed
stores and the certificate already give, so a GDPR-only design pays none of them; when its
team ticks customer-managed keys or an audit trail anyway, the skeptic prices the missing
service exactly as an audited design's line. Figures are the clean design's (13.149M
requests a month, two data stores, eleven AWS components) at the us-east-1 list prices.
"""

from __future__ import annotations

import pytest

from model.analysis import analyse
from model.catalog.platform import PlatformKind
from model.compliance import typical_controls
from model.enums import Compliance
from model.sections.security import ComplianceItem
from model.session import Session
from model.skeptic.findings import dollars
from tests.rules.cases import REQUESTS_M, clean, context, security

AUDIT_KINDS = (
    PlatformKind.KEYS,
    PlatformKind.AUDIT_TRAIL,
    PlatformKind.CONFIG_RECORDING,
    PlatformKind.THREAT_DETECTION,
)

REQUESTS = REQUESTS_M * 1e6

# KMS: a $1 key a month for each of the 2 data stores, and a key request per hundred app
# requests (131,490), the first 20,000 free, at $0.03 per 10,000.
KEYS = 2 * 1.0 + (REQUESTS * 0.01 - 20_000) / 10_000 * 0.03
# CloudTrail: management events free on the first trail; a data event per ten requests
# (1.3149M) at $0.10 per 100,000.
TRAIL = REQUESTS * 0.1 / 100_000 * 0.10
# AWS Config: 11 AWS components × 5 resources, 20 changes each a month recorded at $0.003
# and evaluated by 10 rules at $0.001.
CONFIG = 55 * 20 * 0.003 + 55 * 20 * 10 * 0.001
# GuardDuty: 55 resources × 1,000 management events at $4 a million, and 100 bytes of flow
# and DNS logs a request (1.3149 GB) at $1 a GB.
THREAT = 55 * 1_000 / 1e6 * 4 + REQUESTS * 100 / 1e9 * 1.0


def implied(session: Session) -> dict[PlatformKind, float]:
    """The monthly cost of each implied keys, audit, configuration or threat line."""
    return {
        line.implied: line.monthly or 0.0
        for line in analyse(session).cost.lines
        if line.implied in AUDIT_KINDS
    }


@pytest.mark.parametrize("framework", [Compliance.SOC2, Compliance.PCI_DSS, Compliance.HIPAA])
def test_an_audited_framework_prices_keys_audit_configuration_and_threats(
    framework: Compliance,
) -> None:
    assert framework.audited
    lines = implied(context(clean(), compliance=(framework,)))
    assert lines == {
        PlatformKind.KEYS: pytest.approx(KEYS),
        PlatformKind.AUDIT_TRAIL: pytest.approx(TRAIL),
        PlatformKind.CONFIG_RECORDING: pytest.approx(CONFIG),
        PlatformKind.THREAT_DETECTION: pytest.approx(THREAT),
    }


def test_gdpr_alone_implies_none_of_them_and_its_typical_controls_hold() -> None:
    assert not Compliance.GDPR.audited
    gdpr = context(clean(), compliance=(Compliance.GDPR,))
    assert implied(gdpr) == {}
    # The bill is the clean design's: GDPR adds nothing a design has to pay for ...
    assert analyse(gdpr).cost.monthly_total == pytest.approx(analyse(clean()).cost.monthly_total)
    # ... because its typical controls are met without them: the managed stores encrypt at
    # rest by default, ACM's certificate and the HTTPS redirect encrypt in transit.
    met = tuple(
        ComplianceItem(standard=Compliance.GDPR, control=c.text, kinds=c.kinds, done=True)
        for c in typical_controls(Compliance.GDPR)
    )
    fired = {f.rule for f in analyse(security(gdpr, compliance_checklist=met)).findings}
    assert "control-not-implemented" not in fired


def test_a_gdpr_design_that_ticks_keys_and_an_audit_trail_is_told_an_audits_price() -> None:
    ticked = (
        ComplianceItem(standard=Compliance.GDPR, control="Customer-managed keys (KMS)", done=True),
        ComplianceItem(
            standard=Compliance.GDPR, control="Audit trail of every access to personal data",
            done=True,
        ),
    )  # fmt: skip
    session = security(context(clean(), compliance=(Compliance.GDPR,)), compliance_checklist=ticked)
    findings = [f for f in analyse(session).findings if f.rule == "control-not-implemented"]
    keys, trail = findings
    assert keys.alternative_monthly == pytest.approx(KEYS)
    assert (
        f"in AWS Key Management Service (2 × $1.00 a month plus key requests: {dollars(KEYS)})"
        in (keys.alternative)
    )
    assert trail.alternative_monthly == pytest.approx(TRAIL)
    assert trail.alternative.startswith(
        f"AWS CloudTrail with data events for the stores holding regulated data ({dollars(TRAIL)})"
    )
    # Exactly what the same design pays under PCI DSS, where the lines are implied.
    pci = implied(context(clean(), compliance=(Compliance.PCI_DSS,)))
    assert keys.alternative_monthly == pytest.approx(pci[PlatformKind.KEYS])
    assert trail.alternative_monthly == pytest.approx(pci[PlatformKind.AUDIT_TRAIL])
    # The evidence names the frameworks that imply them, from the one place that says so.
    assert "(the cost model adds one only for a SOC 2, PCI DSS or HIPAA design)" in trail.message
