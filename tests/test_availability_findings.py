"""The availability and recovery findings, graded by the numbers behind them.

Expected figures are the SLA arithmetic written out (see tests/test_reliability.py for the
per-component figures): a finding must say what a senior reviewer would, with its numbers,
and stay quiet or mild where the design meets its target by the estimate.
"""

from __future__ import annotations

from typing import Any

import pytest

from model.analysis import analyse
from model.enums import Category, Compliance
from model.session import Session, replace
from model.skeptic.findings import Finding, Severity
from tests.engine_designs import design, part

LINKS = (
    ("users", "dns", "request"),
    ("dns", "lb", "request"),
    ("lb", "api", "request"),
    ("api", "db", "request"),
)


def chain(*, db_multi_az: bool, **context: Any) -> Session:
    """Route 53 → ALB → two EC2 across zones → RDS."""
    return design(
        part("dns", Category.DNS, "aws-route53"),
        part("lb", Category.LOAD_BALANCER, "aws-alb"),
        part("api", Category.COMPUTE, "aws-ec2", replicas=2, multi_az=True),
        part("db", Category.DATABASE, "aws-rds-postgres", multi_az=db_multi_az),
        links=LINKS,
        **context,
    )


def finding(session: Session, rule: str) -> Finding | None:
    return next((f for f in analyse(session).findings if f.rule == rule), None)


def test_a_design_that_meets_its_target_by_estimate_gets_at_most_a_note() -> None:
    # Floor: 100 × 99.99 × 99.99 (EC2 in two zones) × 99.95 (RDS Multi-AZ) = 99.93%.
    # Estimate: ALB, EC2 fleet... the ALB and RDS are managed and zone-redundant, down a
    # tenth of their allowance: 99.999% and 99.995%; EC2 you run: its 99.99% SLA stands.
    session = chain(db_multi_az=True, availability_target_percent=99.95)
    reliability = analyse(session).reliability
    assert reliability.sla_floor_percent == pytest.approx(0.9999 * 0.9999 * 0.9995 * 100)
    assert reliability.estimate_percent == pytest.approx(0.99999 * 0.9999 * 0.99995 * 100)
    found = finding(session, "availability-below-target")
    assert found is not None and found.severity is Severity.LOW
    assert "meets its target by estimate" in found.message
    # Promised in a contract, the same gap between the SLAs and the promise is a warning.
    promised = replace(session, context=session.context.evolve(availability_contractual=True))
    graded = finding(promised, "availability-below-target")
    assert graded is not None and graded.severity is Severity.MEDIUM


def test_a_target_the_estimate_misses_is_graded_by_the_gap() -> None:
    # Single-AZ RDS at 99.5%: estimate 99.999 × 99.99 × 99.5 = 99.489%, down ~224 min a
    # month against the 43.8 min a 99.9% target allows: 5.1 times the budget, HIGH.
    far = chain(db_multi_az=False, availability_target_percent=99.9)
    high = finding(far, "availability-below-target")
    assert high is not None and high.severity is Severity.HIGH
    assert "5.1× the downtime" in high.message
    # Against 99.5% (219 min allowed) the same design is 1.02× over: MEDIUM, unless promised.
    near = chain(db_multi_az=False, availability_target_percent=99.5)
    medium = finding(near, "availability-below-target")
    assert medium is not None and medium.severity is Severity.MEDIUM
    assert medium.alternative.startswith("Multi-AZ Db")
    promised = replace(near, context=near.context.evolve(availability_contractual=True))
    high_again = finding(promised, "availability-below-target")
    assert high_again is not None and high_again.severity is Severity.HIGH


def test_a_region_outage_is_raised_only_where_the_design_promises_enough() -> None:
    # One region, no backup copied out: a region outage cannot be recovered.
    quiet = chain(db_multi_az=True, availability_target_percent=99.5)
    assert finding(quiet, "regional-outage-unrecoverable") is None  # an MVP may wait it out
    audited = chain(
        db_multi_az=True, availability_target_percent=99.5, compliance=(Compliance.PCI_DSS,)
    )
    raised = finding(audited, "regional-outage-unrecoverable")
    assert raised is not None and raised.severity is Severity.HIGH
    assert "no copy of the data leaves it" in raised.message
    assert "RTO of 240 min" in raised.message
    # Backups copied to another region: rebuild (60 min) + restore 10 GB (30 + 3 min) = 93
    # min, within the 240-min RTO: nothing to say.
    backups = audited.security.backups.evolve(cross_region_copy=True)
    copied = replace(audited, security=audited.security.evolve(backups=backups))
    assert finding(copied, "regional-outage-unrecoverable") is None
