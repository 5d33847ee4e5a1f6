"""The rules a senior architect expects, each on a design made to trigger it, with its numbers
worked out by hand; `tests/balanced_designs.py` holds the designs on which they stay quiet.

Every trigger starts from `clean_session()` (the AWS starter with every gap closed) and breaks
exactly the thing its rule looks for.
"""

from __future__ import annotations

import re

import pytest

from model.analysis import analyse
from model.catalog import load_catalog
from model.session import Session, replace
from model.skeptic.findings import Finding
from tests.engine_designs import clean_session

BURSTABLE_NAMES = re.compile(
    r"^(db\.|cache\.|kafka\.)?t[34]g?\.|^B\d+m?s\b|^e2-(micro|small|medium)"
)
"""Instance families the providers sell as burstable or shared-core."""


@pytest.fixture(scope="module")
def clean() -> Session:
    return clean_session()


def only(session: Session, rule_id: str) -> Finding:
    """The one finding of `rule_id` on `session`."""
    [finding] = [f for f in analyse(session).findings if f.rule == rule_id]
    return finding


def swap(session: Session, ident: str, **changes: object) -> Session:
    """`session` with component `ident` changed."""
    components = tuple(c.evolve(**changes) if c.id == ident else c for c in session.components)
    return replace(session, components=components)


# --- burstable-production-database ------------------------------------------------------------


def test_every_burstable_family_is_marked_so_in_the_catalog() -> None:
    for service in load_catalog().services():
        for size in service.pricing.sizes:
            named = BURSTABLE_NAMES.search(size.name) is not None
            assert size.burstable == named, f"{service.id} {size.name}"


def test_a_burstable_production_database_is_found_with_the_dedicated_alternative(
    clean: Session,
) -> None:
    finding = only(swap(clean, "db", size="db.t4g.small"), "burstable-production-database")
    # Multi-AZ RDS: two db.t4g.small at $0.032/h and 2 × 20 GB of gp3 at $0.115 ...
    assert finding.current_monthly == pytest.approx(2 * 0.032 * 730 + 2 * 20 * 0.115)
    # ... against two db.m7g.large at $0.168/h, the cheapest size with dedicated vCPUs.
    assert finding.alternative_monthly == pytest.approx(2 * 0.168 * 730 + 2 * 20 * 0.115)
    assert "db.m7g.large" in finding.alternative
    # The 20 req/s peak is 13% of the ~150 req/s a db.t4g.small sustains.
    assert "20 req/s, 13% of the ~150" in finding.message
    assert finding.components == ("db",)


def test_a_database_with_dedicated_vcpus_is_not_burstable(clean: Session) -> None:
    assert not [f for f in analyse(clean).findings if f.rule == "burstable-production-database"]
