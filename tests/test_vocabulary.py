"""The shared vocabulary is declared once and holds: every skeptic rule (in `model/`) names
a topic and a session field that exists, every step (in `tui.steps`) the sections it
edits, one table the roles; and no other layer copies a rule's id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from model.analysis import analyse
from model.fields import FieldPathError, SessionField, field
from model.roles import ROLES
from model.session import Session
from model.skeptic import RULES
from model.skeptic.findings import Rule, RuleTopic
from sessions.bundled import load_example
from tui.steps import STEPS, StepId

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_names_a_field_of_the_session(rule: Rule) -> None:
    assert isinstance(rule.fix, SessionField)
    rule.fix.resolve(Session)  # raises FieldPathError when a part names no field


def test_every_topic_has_a_rule_and_every_rule_a_topic() -> None:
    assert {rule.topic for rule in RULES} == set(RuleTopic)


def test_every_step_edits_fields_of_the_session() -> None:
    assert [step.id for step in STEPS] == list(StepId)
    for step in STEPS:
        for section in step.edits:
            section.resolve()


def test_resolving_walks_the_pydantic_fields() -> None:
    assert field("security.backups.rpo_minutes").resolve() is int
    assert field("components[category=waf]").resolve().__name__ == "Component"
    for wrong in (
        "components[].multiaz",  # no such field
        "context.regions.first",  # a list of strings has no fields
        "style[]",  # not a list
        "components[category=firewall]",  # no such category
        "budget",  # not a section
    ):
        with pytest.raises(FieldPathError):
            field(wrong).resolve()
    with pytest.raises(FieldPathError):
        field("Context.Budget")


def test_a_section_covers_its_fields_and_a_subset_only_its_own() -> None:
    assert field("components").covers(field("components[].multi_az"))
    assert field("components").covers(field("components[category=waf]"))
    assert field("components[category=waf]").covers(field("components[category=waf]"))
    assert not field("components[category=waf]").covers(field("components[].service"))
    assert not field("context").covers(field("components"))
    assert field("security.backups.rpo_minutes").within_section == "backups.rpo_minutes"
    assert field("components[].size").within_section is None


def test_no_rule_id_appears_outside_the_model() -> None:
    ids = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(rule.id) for rule in RULES) + r")(?![\w-])"
    )
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match[1]}"
        for package in ("tui", "widgets", "exporters", "sessions")
        for path in sorted((ROOT / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in ids.finditer(line)
    ]
    assert found == []


def test_one_roles_table_feeds_the_briefs_and_the_lens() -> None:
    from exporters.documents.roles import ROLES as BRIEFED
    from exporters.documents.roles import render
    from widgets.role_lens import LENSES

    assert [ident for ident, _ in LENSES[1:]] == [role.id for role in ROLES]
    assert [role.id for role in BRIEFED] == [role.id for role in ROLES if role.has_brief]
    session = load_example("saas-mvp-aws")
    for role in BRIEFED:  # every role with a brief has a way to build it
        assert role.title.upper() in render(analyse(session), role.id)
