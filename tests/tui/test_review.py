"""The Review step: figures from the engines, and the skeptic's findings answered (a
decision in the session) or fixed (the step that fixes them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from model.analysis import analyse
from model.skeptic import RULES, open_findings
from model.skeptic.findings import Rule
from tests.tui.conftest import Runner
from tui.dialogs import AnswerDialog
from tui.messages import GoToStep
from tui.steps import StepId, owner
from tui.steps.review import fix_step
from widgets.findings_list import FindingsList


async def test_review_shows_cost_scale_and_paths(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "review") as (app, pilot):
        assert app.session is not None
        cost = analyse(app.session).cost
        breakdown = str(app.screen.query_one("#cost-breakdown", Static).render())
        assert f"${cost.monthly_total:,.0f}/month" in breakdown
        scale = str(app.screen.query_one("#projections", Static).render())
        for projection in cost.projections:
            assert f"${projection.monthly_total:,.0f}/month" in scale
        assert "█" in scale  # the bars
        await pilot.press("2")
        await pilot.pause()
        paths = str(app.screen.query_one("#paths", Static).render())
        assert "dns → armor → cdn → lb → api → db" in paths
        assert "Weakest link: Session and cart cache" in paths


async def test_answering_a_finding_records_a_decision(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "review") as (app, pilot):
        assert app.session is not None
        findings = analyse(app.session).findings
        first = findings[0]
        decisions = len(app.session.decisions)
        await pilot.press("3")  # the skeptic's tab; the list has the keyboard
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnswerDialog)
        await pilot.press(*"Internal goal for launch; revisit at 100k users", "enter")
        await pilot.pause()
        assert len(app.session.decisions) == decisions + 1
        decision = app.session.decisions[-1]
        assert decision.finding == first.rule
        assert decision.challenge == first.question
        assert decision.answer == "Internal goal for launch; revisit at 100k users"
        assert decision.title == first.title
        # Shown as answered, one open finding fewer everywhere.
        listed = app.screen.query_one(FindingsList)
        assert listed.findings[0].answered
        options = listed.query_one("#findings-list", OptionList)
        assert str(options.get_option_at_index(0).prompt)[0] == "✓"
        assert len(open_findings(analyse(app.session).findings)) == len(open_findings(findings)) - 1
        panel = str(app.query_one("#findings", Static).render())
        assert f"{len(open_findings(findings)) - 1} open of {len(findings)}" in panel

        # Undo takes the answer back; an empty answer withdraws it too.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(app.session.decisions) == decisions
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.session.decisions[-1].finding == first.rule
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")
        await pilot.pause()
        assert len(app.session.decisions) == decisions


async def test_fix_jumps_to_the_step_that_fixes_the_finding(
    run_app: Runner, shop_file: Path
) -> None:
    async with run_app(shop_file, "review") as (app, pilot):
        assert app.session is not None
        findings = analyse(app.session).findings
        index = next(i for i, f in enumerate(findings) if f.rule == "compliance-unmet")
        await pilot.press("3")
        await pilot.pause()
        await pilot.press(*["down"] * index, "f")
        await pilot.pause()
        assert app.workshop.step_id == fix_step(findings[index]) == StepId.SECURITY
        await pilot.pause()
        assert app.focused is app.screen.query_one("#compliance-checklist-list")


def test_every_skeptic_rule_has_a_step_that_fixes_it() -> None:
    from tui.steps import BY_ID

    for rule in RULES:
        step = BY_ID[str(owner(rule.fix))]
        assert any(section.covers(rule.fix) for section in step.edits), rule.id


FORM_FIELDS = [rule for rule in RULES if rule.fix.within_section or rule.fix.selected]
"""The rules whose field has a control of its own in the fixing step."""


@pytest.mark.parametrize("rule", FORM_FIELDS, ids=lambda rule: rule.id)
async def test_fixing_puts_the_keyboard_on_the_field(
    run_app: Runner, shop_file: Path, rule: Rule
) -> None:
    async with run_app(shop_file, "review") as (app, pilot):
        step = owner(rule.fix)
        assert step is not None
        app.workshop.post_message(GoToStep(step, rule.fix))
        for _ in range(20):
            await pilot.pause()
            view = app.workshop.current_view()
            if view is not None and view.step_id == step and app.focused is not None:
                control = view.control_for(rule.fix)
                if control is not None and control in app.focused.ancestors_with_self:
                    break
        view = app.workshop.current_view()
        assert view is not None and view.step_id == step
        control = view.control_for(rule.fix)
        assert control is not None, f"{step} shows no control for {rule.fix}"
        assert app.focused is not None and control in app.focused.ancestors_with_self


async def test_the_figures_are_derived_off_the_ui_thread(
    run_app: Runner, shop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The step asks its worker for the figures and says it is working them out until
    they come; figures derived for a session no longer shown are dropped."""
    from model.session import Session
    from tui.steps.review import WORKING, FiguresDerived, ReviewStep

    asked: list[Session] = []
    monkeypatch.setattr(ReviewStep, "derive_figures", lambda _, session: asked.append(session))
    async with run_app(shop_file, "review") as (app, pilot):
        step = app.workshop.current_view()
        assert isinstance(step, ReviewStep) and app.session is not None
        breakdown = step.query_one("#cost-breakdown", Static)
        assert asked == [app.session]
        assert str(breakdown.render()) == WORKING
        elsewhere = app.session.model_copy(update={"name": "Another design"})
        step.post_message(FiguresDerived(analyse(elsewhere)))
        await pilot.pause()
        assert str(breakdown.render()) == WORKING
        step.post_message(FiguresDerived(analyse(app.session)))
        await pilot.pause()
        total = analyse(app.session).cost.monthly_total
        assert f"${total:,.0f}/month" in str(breakdown.render())


async def test_figures_that_fail_say_why_in_their_place(
    run_app: Runner, shop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An engine's bug in the worker is said where the figures go, not left as "working
    out" for ever."""
    from model.analysis import Analysis

    def broken(_: Analysis) -> None:
        raise KeyError("api")

    monkeypatch.setattr(Analysis, "crossovers", property(broken))
    async with run_app(shop_file, "review") as (app, _):
        assert app.return_code is None
        breakdown = str(app.screen.query_one("#cost-breakdown", Static).render())
        assert breakdown == "No figures: KeyError: 'api'"
