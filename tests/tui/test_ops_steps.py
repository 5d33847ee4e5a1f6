"""Pilot tests of the steps from Pipeline to Incidents (and the Alerts step's channels):
each edit, made with the keyboard at 120×40, lands in the session — and a refused one
shows its reason and leaves the session alone."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, OptionList, Static, TextArea

from model.compliance import typical_controls
from model.enums import (
    AlertSeverity,
    Category,
    ChannelKind,
    CiSystem,
    Compliance,
    Strategy,
)
from model.session import replace
from tests.tui.conftest import Runner, choose, paste, type_into
from tui.app import InfrasketchApp
from tui.steps.form import FormField
from tui.steps.records import RecordCard
from widgets.dom_id import selector


def session_of(app: InfrasketchApp):  # type: ignore[no-untyped-def]
    """The app's session (never None once a step is shown)."""
    assert app.session is not None
    return app.session


def error_of(pilot: Pilot[int], field: str) -> str:
    """The reason shown under the form field `field` (a model path)."""
    return pilot.app.screen.query_one(selector("field", field), FormField).error


async def press_button(pilot: Pilot[int], button: Button) -> None:
    """Focus `button` and press enter on it."""
    button.focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def pick_next_tool(pilot: Pilot[int], selector: str) -> Widget:
    """In the tool picker `selector`, choose the candidate below the highlighted one."""
    picker = pilot.app.screen.query_one(selector)
    picker.query_one(OptionList).focus()
    await pilot.pause()
    await pilot.press("down", "enter")
    await pilot.pause()
    return picker


async def test_pipeline_stages_and_notifications(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "pipeline") as (app, pilot):
        before = session_of(app).pipeline
        await type_into(pilot, "#unit-tests-coverage-threshold-percent", "150")
        assert "less than or equal to 100" in error_of(
            pilot, "unit_tests.coverage_threshold_percent"
        )
        # Each keystroke applies what is valid so far: "15" is in force, "150" is refused.
        assert session_of(app).pipeline.unit_tests.coverage_threshold_percent == 15
        await type_into(pilot, "#unit-tests-coverage-threshold-percent", "85")
        assert error_of(pilot, "unit_tests.coverage_threshold_percent") == ""
        assert session_of(app).pipeline.unit_tests.coverage_threshold_percent == 85

        await choose(pilot, "#system", "github_actions")
        assert session_of(app).pipeline.system is CiSystem.GITHUB_ACTIONS
        await choose(pilot, "#staging-environment", "dev")
        assert session_of(app).pipeline.staging.environment == "dev"
        await type_into(pilot, "#trigger-branches", "main, release/*")
        assert session_of(app).pipeline.trigger_branches == ("main", "release/*")

        editor = app.screen.query_one("#notifications")
        await press_button(pilot, editor.query_one(".add", Button))
        added = session_of(app).pipeline.notifications[-1]
        assert (added.kind, added.target) == (ChannelKind.SLACK, "#deploys")
        assert len(session_of(app).pipeline.notifications) == len(before.notifications) + 1


async def test_deployment_strategy_checklist_and_rollback(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "deployment") as (app, pilot):
        await choose(pilot, "#strategy", "blue_green")
        assert session_of(app).deployment.strategy is Strategy.BLUE_GREEN
        planned = str(app.screen.query_one("#planned-steps", Static).render())
        # The steps the deployment plan runs, as the deployment document numbers them.
        assert "start the new version beside the old one" in planned
        assert "switch traffic once GET" in planned

        app.screen.query_one("#canary-steps-percent").focus()
        await pilot.press("end", *", 5")  # 10, 50, 100, 5
        await pilot.pause()
        assert "canary steps must rise" in error_of(pilot, "canary_steps_percent")
        assert session_of(app).deployment.canary_steps_percent == (10, 50, 100)

        await type_into(pilot, "#rollback-eta-minutes", "5")
        assert session_of(app).deployment.rollback.eta_minutes == 5

        steps = app.screen.query_one("#rollback-steps", TextArea)
        steps.focus()
        steps.move_cursor(steps.document.end)
        await pilot.press("enter", *"Page the team")
        await pilot.pause()
        assert session_of(app).deployment.rollback.steps[-1] == "Page the team"

        checklist = app.screen.query_one("#checklist")
        count = len(session_of(app).deployment.checklist)
        await press_button(pilot, checklist.query_one(".add", Button))
        assert len(session_of(app).deployment.checklist) == count + 1
        assert session_of(app).deployment.checklist[-1].done is False
        box = list(checklist.query(RecordCard))[-1].query_one(Checkbox)
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert session_of(app).deployment.checklist[-1].done is True


async def test_security_refuses_secret_values_and_picks_tools(
    run_app: Runner, shop_file: Path
) -> None:
    async with run_app(shop_file, "security") as (app, pilot):
        before = session_of(app).security.secrets
        first = "#secrets RecordCard #name"
        value = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
        await paste(pilot, first, value)
        card = app.screen.query(RecordCard).first()
        name_error = card.query_one("#field-name", FormField).error
        assert "looks like a secret value (Stripe key)" in name_error
        assert value not in name_error
        assert session_of(app).security.secrets == before

        await type_into(pilot, first, "DB_URL")
        assert session_of(app).security.secrets[0].name == "DB_URL"
        # Typed key by key, "password=hunter" is harmless text and is applied; one key
        # later it is a credential: refused, and the field is back to what it was (the
        # keys typed after the refusal would be a new value, judged afresh).
        await type_into(pilot, "#secrets RecordCard #owner", "password=hunter2")
        owner_error = card.query_one("#field-owner", FormField).error
        assert "looks like a secret value (password or key assignment)" in owner_error
        assert session_of(app).security.secrets[0].owner == "backend"
        assert card.query_one("#owner", Input).value == "backend"
        token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"

        access = session_of(app).security.access
        await paste(pilot, "#access", token)
        assert "looks like a secret value" in error_of(pilot, "access")
        assert session_of(app).security.access == access  # not even a prefix of it

        await type_into(pilot, "#rotation-days", "")
        assert session_of(app).security.rotation_days is None
        await choose(pilot, "#tls-min-version", "1.3")
        assert session_of(app).security.tls.min_version.value == "1.3"

        # WAF: the next candidate of the picker, then no WAF at all.
        picker = await pick_next_tool(pilot, "#tool-waf")
        waf = session_of(app).components_in(Category.WAF)
        assert [c.service for c in waf] == ["gcp-cloud-armor-enterprise"]
        # Going without is the list's first choice, in words; no "None" button.
        assert not picker.query(Button)
        options = picker.query_one(OptionList)
        options.focus()
        await pilot.press("home", "enter")
        await pilot.pause()
        assert session_of(app).components_in(Category.WAF) == ()
        assert "none chosen" in str(picker.query_one(".in-use", Static).render())
        assert str(options.get_option_at_index(0).prompt) == "● none chosen"
        assert options.highlighted == 0

        # The typical controls of the context's frameworks, added in one go.
        session = session_of(app)
        emptied = replace(session, security=session.security.evolve(compliance_checklist=()))
        app.apply(emptied, "test: no controls")
        await pilot.pause()
        await press_button(pilot, app.screen.query_one("#typical-controls", Button))
        listed = {(i.standard, i.control) for i in session_of(app).security.compliance_checklist}
        card_data = session_of(app).context.card_data
        expected = {
            (standard, typical.text)
            for standard in (Compliance.GDPR, Compliance.PCI_DSS)
            for typical in typical_controls(standard, card_data)
        }
        assert listed == expected


async def test_incidents_severities_oncall_and_postmortem(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "incidents") as (app, pilot):
        await type_into(pilot, "#severities RecordCard #response-minutes", "10")
        assert session_of(app).incidents.severities[0].response_minutes == 10
        await type_into(pilot, "#severities RecordCard #response-minutes", "soon")
        card = app.screen.query(RecordCard).first()
        assert (
            card.query_one(selector("field", "response_minutes"), FormField).error
            == "not a whole number"
        )
        assert session_of(app).incidents.severities[0].response_minutes == 10

        await type_into(pilot, "#postmortem-hours", "72")
        assert session_of(app).incidents.postmortem_hours == 72
        await type_into(pilot, "#status-page", "https://status.nordhaus.shop")
        assert session_of(app).incidents.status_page == "https://status.nordhaus.shop"

        await pick_next_tool(pilot, "#tool-oncall")
        oncall = session_of(app).components_in(Category.ONCALL)
        assert [c.service for c in oncall] == ["saas-opsgenie"]


async def test_alerts_channels_route_criticals(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "alerts") as (app, pilot):
        count = len(session_of(app).monitoring.channels)
        editor = app.screen.query_one("#channels")
        await press_button(pilot, editor.query_one(".add", Button))
        channels = session_of(app).monitoring.channels
        assert len(channels) == count + 1
        assert channels[-1].kind is ChannelKind.PAGERDUTY
        assert channels[-1].severities == (AlertSeverity.CRITICAL,)
        await type_into(pilot, "#uptime-check-interval-seconds", "5")
        assert "greater than or equal to 10" in error_of(pilot, "uptime_check.interval_seconds")
        await type_into(pilot, "#uptime-check-interval-seconds", "30")
        assert session_of(app).monitoring.uptime_check.interval_seconds == 30


async def test_records_are_added_and_removed_from_the_list_by_key(
    run_app: Runner, shop_file: Path
) -> None:
    """In a list of records `a` adds one and delete removes the highlighted one; in the
    card's fields `a` is only a letter."""
    async with run_app(shop_file, "alerts") as (app, pilot):
        before = session_of(app).monitoring.channels
        app.screen.query_one("#channels-list", OptionList).focus()
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert len(session_of(app).monitoring.channels) == len(before) + 1
        await type_into(pilot, "#channels RecordCard #target", "sre-team")
        assert session_of(app).monitoring.channels[-1].target == "sre-team"
        assert len(session_of(app).monitoring.channels) == len(before) + 1
        app.screen.query_one("#channels-list", OptionList).focus()
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert session_of(app).monitoring.channels == before
