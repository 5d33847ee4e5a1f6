"""Which steps count as done: visited and left, or changed from the provider's starter."""

from __future__ import annotations

from model.edits import set_tool
from model.enums import Category, Provider
from model.fields import field
from model.progress import changed_sections, section_value
from model.session import replace
from sessions.bundled import load_example
from sessions.starter import starter_session
from tui.steps import StepId, completed_steps


def test_a_new_design_has_only_its_visited_steps_done() -> None:
    starter = starter_session(Provider.GCP)
    assert completed_steps(starter, set(), starter) == frozenset()
    assert completed_steps(starter, {"start"}, starter) == {StepId.START}


def test_a_changed_section_ticks_its_step_but_a_new_name_alone_does_not() -> None:
    starter = starter_session()
    named = starter_session(project="Tallybook")
    assert completed_steps(named, (), starter) == frozenset()
    busier = replace(starter, context=starter.context.evolve(users=50_000))
    assert completed_steps(busier, (), starter) == {StepId.CONTEXT}
    guarded = set_tool(starter, Category.WAF, "aws-waf")
    assert completed_steps(guarded, (), starter) == {StepId.COMPONENTS, StepId.SECURITY}


def test_a_worked_on_example_shows_its_steps_done() -> None:
    shop = load_example("eu-shop-gcp")
    done = completed_steps(shop, (), starter_session(shop.provider))
    assert {StepId.CONTEXT, StepId.COMPONENTS, StepId.SECURITY} <= done
    assert StepId.START not in done and StepId.EXPORT not in done


def test_a_field_inside_a_section_is_compared_alone() -> None:
    starter = starter_session()
    busier = replace(starter, context=starter.context.evolve(users=50_000))
    users, target = field("context.users"), field("context.availability_target_percent")
    assert changed_sections(busier, starter, (users, target)) == {users}
    assert section_value(busier, users) == 50_000
