"""Every rule of the registry has a trigger test asserting its numbers and a case, fires on
the case's planted problem with a well-formed finding, and is quiet once it is fixed."""

from __future__ import annotations

import inspect
import re

import pytest

from model.skeptic import RULES, rule
from tests.rules.cases import findings
from tests.rules.registry import CASES, TRIGGER_TESTS

RULE_IDS = {r.id for r in RULES}


def test_every_rule_has_a_trigger_test_and_a_case() -> None:
    assert set(TRIGGER_TESTS) - RULE_IDS == set(), "a test names a rule that does not exist"
    assert RULE_IDS - set(TRIGGER_TESTS) == set(), "rules without a trigger test"
    assert RULE_IDS - set(CASES) == set(), "rules without a planted problem and its fix"
    assert set(CASES) <= RULE_IDS


@pytest.mark.parametrize("rule_id", sorted(TRIGGER_TESTS))
def test_each_trigger_test_names_its_rule_and_asserts_its_severity(rule_id: str) -> None:
    test = TRIGGER_TESTS[rule_id]
    source = inspect.getsource(test)
    # A test pytest collects (its name), of this rule (its id), whose severity it asserts
    # and whose figures it checks.
    assert test.__name__.startswith("test_")
    assert f'"{rule_id}"' in source
    assert re.search(r"\.severity is Severity\.[A-Z]+", source)
    assert re.search(r"\d", source.split(":", 1)[1])


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_each_rule_fires_on_its_problem_and_is_quiet_once_fixed(rule_id: str) -> None:
    case = CASES[rule_id]
    raised = findings(case.broken(), rule_id)
    assert raised, f"{rule_id} did not fire on its planted problem"
    registered = rule(rule_id)
    for finding in raised:
        # A rule may grade a finding below its table's severity, never above it.
        assert finding.severity.rank >= registered.severity.rank
        assert finding.lean is registered.lean
        assert finding.title and finding.alternative
        assert re.search(r"\d", finding.message), "the evidence carries numbers"
        assert finding.question.endswith("?")
        assert finding.answered_by is None
    fixed = findings(case.fixed(), rule_id)
    assert fixed == [], f"{rule_id} still fires once fixed: {fixed[0].message}"
