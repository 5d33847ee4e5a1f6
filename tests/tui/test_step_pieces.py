"""The pieces behind the steps, each on its own: the edits they make (tools, answers,
provider moves), the bars of the Review step, the field helpers of the forms, the
findings list and the lens order."""

from __future__ import annotations

import datetime as dt

from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import OptionList

from model.analysis import analyse
from model.catalog import load_catalog
from model.edits import answer_finding, equivalent, set_tool
from model.enums import Category, Provider
from sessions.bundled import load_example
from sessions.starter import starter_session
from tui.steps.fields import Spec, errors_by_path, evolve_paths, shown_text
from tui.steps.review_text import bar
from widgets.findings_list import FindingsList, finding_label
from widgets.role_lens import LENSES, next_lens
from widgets.validation import number_text

TODAY = dt.date(2026, 3, 1)


def test_bars_are_eighths_of_a_column() -> None:
    assert bar(50, 100, 10) == "█████     "
    assert bar(3, 8, 1) == "▍"  # 3/8 of one column
    assert bar(100, 100, 4) == "████"
    assert bar(250, 100, 4) == "████"  # never longer than the width
    assert bar(0, 100, 3) == "   "
    assert bar(5, 0, 3) == "   "


def test_moving_provider_keeps_the_tier_of_each_service() -> None:
    """A standard WAF moves to a standard WAF, a premium one to a premium one: the
    provider table must compare like with like."""
    catalog = load_catalog()
    moved = {
        (source, provider): target.id
        for source in ("gcp-cloud-armor", "aws-shield-advanced", "aws-rds-postgres")
        for provider in (Provider.AWS, Provider.GCP)
        if (target := equivalent(catalog[source], provider)) is not None
    }
    assert moved[("gcp-cloud-armor", Provider.AWS)] == "aws-waf"
    assert moved[("aws-shield-advanced", Provider.GCP)] == "gcp-cloud-armor-enterprise"
    assert moved[("aws-rds-postgres", Provider.GCP)] == "gcp-cloud-sql-postgres"


def test_set_tool_switches_adds_and_removes_the_category() -> None:
    session = starter_session(Provider.AWS)
    assert session.components_in(Category.WAF) == ()
    with_waf = set_tool(session, Category.WAF, "aws-waf")
    (waf,) = with_waf.components_in(Category.WAF)
    assert waf.service == "aws-waf" and waf.id == "waf"
    secrets = with_waf.components_in(Category.SECRETS)[0]
    switched = set_tool(with_waf, Category.SECRETS, "saas-doppler")
    assert switched.component(secrets.id) is not None
    assert switched.component(secrets.id).service == "saas-doppler"  # type: ignore[union-attr]
    assert set_tool(switched, Category.WAF, None).components_in(Category.WAF) == ()


def test_answering_a_finding_adds_updates_and_withdraws_a_decision() -> None:
    session = load_example("eu-shop-gcp")
    finding = next(f for f in analyse(session).findings if f.rule == "single-node-cache")
    answered = answer_finding(session, finding, "Cache loss only logs people out", TODAY)
    decision = answered.decisions[-1]
    assert decision.id == "answer-single-node-cache"
    assert (decision.finding, decision.answer, decision.date) == (
        "single-node-cache",
        "Cache loss only logs people out",
        TODAY,
    )
    assert decision.challenge == finding.question and decision.context == finding.message
    assert next(f for f in analyse(answered).findings if f.rule == "single-node-cache").answered
    again = next(f for f in analyse(answered).findings if f.rule == "single-node-cache")
    updated = answer_finding(answered, again, "Revisit at 100k users", TODAY)
    assert len(updated.decisions) == len(answered.decisions)
    assert updated.decisions[-1].answer == "Revisit at 100k users"
    withdrawn = answer_finding(updated, again, "  ", TODAY)
    assert withdrawn.decisions == session.decisions


def test_fields_read_evolve_and_place_errors() -> None:
    from pydantic import ValidationError

    deployment = starter_session().deployment
    assert number_text(2.50) == "2.5" and number_text(3.0) == "3" and number_text(None) == ""
    # Exact both ways: what a field shows reads back as the same number.
    for value in (1e-7, 0.1, 12.345678901, 1_234_567.0, 2_500_000.5):
        assert float(number_text(value)) == value and "e" not in number_text(value)
    assert shown_text(Spec("x", "X", "numbers"), (10, 50, 100)) == "10, 50, 100"
    assert shown_text(Spec("x", "X", "lines"), ("a", "b")) == "a\nb"
    changed = evolve_paths(deployment, {"health_check.path": "/ready", "step_watch_minutes": 3})
    assert changed.health_check.path == "/ready"
    assert changed.step_watch_minutes == 3
    try:
        evolve_paths(
            deployment, {"health_check.interval_seconds": 0, "canary_steps_percent": (50,)}
        )
    except ValidationError as exc:
        found, stray = errors_by_path(
            exc, ["health_check.interval_seconds", "canary_steps_percent", "strategy"]
        )
    else:
        raise AssertionError("both values should be refused")
    assert found == {
        "health_check.interval_seconds": "Input should be greater than or equal to 1",
        "canary_steps_percent": "the last canary step must be 100",
    }
    assert stray == []


def test_lenses_cycle_through_every_role_back_to_the_diagram() -> None:
    seen = ["diagram"]
    for _ in LENSES:
        seen.append(next_lens(seen[-1]))
    assert seen == [*(ident for ident, _ in LENSES), "diagram"]


class Harness(App[None]):
    """A findings list on its own, recording what it asks for."""

    def __init__(self, widget: FindingsList) -> None:
        super().__init__()
        self.widget = widget
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_findings_list_answer_requested(self, message: FindingsList.AnswerRequested) -> None:
        self.messages.append(message)

    def on_findings_list_fix_requested(self, message: FindingsList.FixRequested) -> None:
        self.messages.append(message)


async def test_findings_list_asks_to_answer_or_fix() -> None:
    session = load_example("eu-shop-gcp")
    finding = next(f for f in analyse(session).findings if f.rule == "single-node-cache")
    answered = answer_finding(session, finding, "Accepted", TODAY)
    findings = analyse(answered).findings
    fixable = {"single-node-cache"}
    widget = FindingsList(findings, fix_label=lambda f: "Components" if f.rule in fixable else None)
    app = Harness(widget)
    async with app.run_test(size=(100, 40)) as pilot:
        options = widget.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(len(findings))]
        assert labels == [str(finding_label(f)) for f in findings]
        index = next(i for i, f in enumerate(findings) if f.rule == "single-node-cache")
        assert labels[index].startswith("✓ ") and not labels[0].startswith("✓ ")
        options.focus()
        options.highlighted = index
        await pilot.pause()
        assert "Answered: Accepted" in str(widget.query_one("#finding").render())
        await pilot.press("enter", "f")
        await pilot.pause()
        other = next(i for i, f in enumerate(findings) if f.rule not in fixable)
        options.highlighted = other
        await pilot.pause()
        await pilot.press("f")  # nowhere to fix it: nothing asked
        await pilot.pause()
    kinds = [(type(m).__name__, m.finding.rule) for m in app.messages]  # type: ignore[attr-defined]
    assert kinds == [
        ("AnswerRequested", "single-node-cache"),
        ("FixRequested", "single-node-cache"),
    ]


class TwoFields(App[None]):
    """Two form fields whose change handler is slow, like a step validating a session."""

    def compose(self) -> ComposeResult:
        from widgets.field_input import FieldInput

        yield FieldInput(id="first")
        yield FieldInput(id="second")

    def on_input_changed(self) -> None:
        import time

        time.sleep(0.03)


async def test_keys_typed_after_tab_land_in_the_next_field() -> None:
    from textual import events
    from textual.widgets import Input

    app = TwoFields()
    async with app.run_test() as pilot:
        app.query_one("#first").focus()
        await pilot.pause()
        for key in ("1", "2", "tab", "3", "4"):  # faster than the handler: all queued at once
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(0.5)
        assert app.query_one("#first", Input).value == "12"
        assert app.query_one("#second", Input).value == "34"


async def test_editing_keys_act_in_the_order_they_were_typed() -> None:
    """Backspace, end and the arrows are bindings; characters are inserted on arrival. A
    burst (a fast typist, keys sent by tmux) must still edit in order: replacing 50000
    by 12345 gives 12345, not the digits first and then the backspaces eating them."""
    from textual import events
    from textual.widgets import Input

    app = TwoFields()
    async with app.run_test() as pilot:
        first = app.query_one("#first", Input)
        first.value = "50000"
        first.focus()
        await pilot.pause()
        keys = ["end", *["backspace"] * 5, "1", "2", "3", "left", "left", "delete", "4", "5"]
        for key in keys:  # faster than the handler: all queued at once
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(0.5)
        assert first.value == "1453"


def test_each_linter_is_offered_with_its_language() -> None:
    """A Node project sees at a glance that Ruff lints Python (its job installs Python)."""
    from model.enums import LintTool
    from tui.steps.pipeline import LINT_CHOICES

    offered = {value: label for label, value in LINT_CHOICES}
    assert set(offered) == {tool.value for tool in LintTool}
    assert offered["ruff"] == "Ruff (Python)"
    assert offered["eslint"] == "ESLint (Node.js)"
    assert offered["golangci_lint"] == "golangci-lint (Go)"
