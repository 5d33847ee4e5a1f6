"""The fields a real design needs, in the app: ticks that read without colour, a
component's id, its network, and external systems."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Checkbox, OptionList, SelectionList

from model.analysis import analyse
from model.enums import Category, Compliance, Direction, Provider, Subnet
from model.sections.components import ExternalSystem
from model.session import Session
from tests.tui.conftest import Runner, choose, settle, type_into
from tests.tui.test_early_steps import error_of, show_category
from tui.app import InfrasketchApp
from widgets.dom_id import selector


def session_of(app: InfrasketchApp) -> Session:
    """The app's session (never None once a step is shown)."""
    assert app.session is not None
    return app.session


def drawn(widget: Widget) -> list[str]:
    """The lines `widget` draws, as text (colours dropped)."""
    region = widget.region
    return [s.text for s in widget.render_lines(Region(0, 0, region.width, region.height))]


async def test_compliance_ticks_read_without_colour(run_app: Runner, shop_file: Path) -> None:
    """A chosen framework's box holds a mark, the others are empty: the difference is in
    the characters, not only in their colour."""
    async with run_app(shop_file, "context") as (app, pilot):
        frameworks = app.screen.query_one("#compliance", SelectionList)
        chosen = {str(v) for v in frameworks.selected}
        assert chosen and chosen != {c.value for c in Compliance}
        lines = drawn(frameworks)
        for index in range(frameworks.option_count):
            option = frameworks.get_option_at_index(index)
            box = re.search("▐.▌", lines[index]).group(0)  # type: ignore[union-attr]
            assert box == ("▐X▌" if option.value in chosen else "▐ ▌"), lines[index]

        contractual = app.screen.query_one("#availability-contractual", Checkbox)
        before = drawn(contractual)[0]
        contractual.focus()
        await pilot.press("space")
        await pilot.pause()
        after = drawn(contractual)[0]
        boxes = {re.search("▐.▌", line).group(0) for line in (before, after)}  # type: ignore[union-attr]
        assert boxes == {"▐X▌", "▐ ▌"}


async def test_radio_choices_read_without_colour(run_app: Runner, shop_file: Path) -> None:
    """Of a radio set's choices only the chosen one's circle is filled, on Provider and on
    Start: the choice is in the characters, not only in their colour."""
    from textual.widgets import RadioSet

    async with run_app(shop_file, "provider") as (app, pilot):
        shown = app.workshop.current_view()
        assert shown is not None
        for radios in shown.query(RadioSet):
            lines = [drawn(button)[0] for button in radios.query("TickRadio")]
            circles = [found.group(0) for line in lines if (found := re.search("▐.▌", line))]
            assert sorted(circles) == sorted(["▐●▌"] + ["▐ ▌"] * (len(circles) - 1)), circles
        app.workshop.show_step("start")
        await settle(pilot)
        view = app.workshop.current_view()
        assert view is not None
        radios = view.query_one(RadioSet)
        first = [drawn(b)[0] for b in radios.query("TickRadio")]
        assert sum("▐●▌" in line for line in first) == 1
        radios.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        second = [drawn(b)[0] for b in radios.query("TickRadio")]
        assert sum("▐●▌" in line for line in second) == 1
        assert second != first


async def test_a_component_id_is_renamed_in_the_editor(run_app: Runner, shop_file: Path) -> None:
    """The id is a field of the component editor: its links and secrets follow, the list
    shows the new id, one undo takes the whole rename back; a taken or malformed id is
    refused under the field."""
    async with run_app(shop_file, "components") as (app, pilot):
        session = app.session
        assert session is not None
        readers = [s.name for s in session.security.secrets if s.component == "storefront"]
        assert readers
        step = await show_category(pilot, Category.COMPUTE)
        assert step.member == "storefront"
        await type_into(pilot, selector("id"), "shop-web")
        session = session_of(app)
        assert session.component("storefront") is None
        assert session.component("shop-web") is not None
        assert [s.name for s in session.security.secrets if s.component == "shop-web"] == readers
        members = step.detail().query_one("#members", OptionList)
        shown = [str(members.get_option_at_index(i).prompt) for i in range(members.option_count)]
        assert "Storefront (SSR) (shop-web)" in shown and step.member == "shop-web"
        assert members.highlighted == shown.index("Storefront (SSR) (shop-web)")

        await type_into(pilot, selector("id"), "ap")
        await pilot.press("i")
        await pilot.pause()
        assert "'api' is taken: it is the id of" in error_of(app, "id")
        assert session_of(app).component("api") is not None
        assert session_of(app).component("ap") is not None  # the last id that was free
        await type_into(pilot, selector("id"), "Shop Web")
        assert (
            error_of(app, "id")
            == "use lowercase letters, digits and dashes, starting with a letter"
        )

        app.screen.query_one("#categories").focus()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert session_of(app).component("storefront") is not None


async def test_a_components_network_and_subnet_are_fields(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "components") as (app, pilot):
        await show_category(pilot, Category.QUEUE)
        await choose(pilot, selector("subnet"), "private_data")
        assert "part of a private network: name the network" in error_of(app, "subnet")
        assert session_of(app).component("events").subnet is None  # type: ignore[union-attr]
        await type_into(pilot, selector("network"), "shop-vpc")
        await choose(pilot, selector("subnet"), "private_data")
        events = session_of(app).component("events")
        assert events is not None
        assert (events.network, events.subnet) == ("shop-vpc", Subnet.PRIVATE_DATA)
        assert error_of(app, "subnet") == ""


async def test_an_external_system_is_added_and_described(run_app: Runner, shop_file: Path) -> None:
    """A system the design talks to but does not run: added from its category, with a
    name, a protocol, a direction and the availability its owner states; never priced."""
    async with run_app(shop_file, "components") as (app, pilot):
        bill = analyse(session_of(app)).cost.monthly_total
        step = await show_category(pilot, Category.EXTERNAL)
        step.query_one("#categories").focus()
        await pilot.press("a")
        await settle(pilot)
        (added,) = session_of(app).components_in(Category.EXTERNAL)
        assert added.external == ExternalSystem()
        await type_into(pilot, selector("name"), "Card acquirer")
        await type_into(pilot, selector("external.protocol"), "ISO 8583 over TLS")
        await choose(pilot, selector("external.direction"), "both")
        await type_into(pilot, selector("external.availability_percent"), "99.95")
        acquirer = session_of(app).component(added.id)
        assert acquirer is not None and acquirer.name == "Card acquirer"
        assert acquirer.external == ExternalSystem(
            protocol="ISO 8583 over TLS", direction=Direction.BOTH, availability_percent=99.95
        )
        analysis = analyse(session_of(app))
        assert analysis.cost.monthly_total == bill
        record = analysis.reliability.of(added.id)
        assert record is not None and record.percent == 99.95
        assert not step.detail().query(selector("replicas"))


async def test_the_provider_table_is_compared_off_the_ui_thread(
    run_app: Runner, shop_file: Path
) -> None:
    """The four analyses behind the provider table (one per provider) run in a worker:
    the note says so meanwhile, the rows come when they are done, and rows for a session
    no longer shown are dropped."""
    from textual.widgets import DataTable, Static

    from tui.steps.provider import Compared, ProviderStep, compare

    async with run_app(shop_file, "provider") as (app, pilot):
        step = app.workshop.current_view()
        assert isinstance(step, ProviderStep)
        await settle(pilot)
        table = step.query_one("#compare", DataTable)
        note = step.query_one("#compare-note", Static)

        def rows() -> list[str]:
            return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]

        assert rows() == ["  AWS", "▸ GCP", "  Azure", "  Hybrid"]
        step.fill_table(step.current)
        assert str(note.render()) == "Comparing this design on each provider…"
        await settle(pilot)
        assert str(note.render()).startswith("Availability: composite availability.")

        elsewhere = session_of(app).model_copy()  # equal, but not the session compared
        step.post_message(Compared(elsewhere, (compare(elsewhere, Provider.AWS),)))
        await pilot.pause()
        assert rows() == ["  AWS", "▸ GCP", "  Azure", "  Hybrid"]


async def test_a_failed_comparison_says_why(
    run_app: Runner, shop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Static

    import tui.steps.provider

    def broken(*_: object) -> None:
        raise KeyError("gcp-cloud-run")

    monkeypatch.setattr(tui.steps.provider, "compare", broken)
    async with run_app(shop_file, "provider") as (app, pilot):
        await settle(pilot)
        note = str(app.screen.query_one("#compare-note", Static).render())
        assert note == "Not compared: KeyError: 'gcp-cloud-run'"
        assert app.return_code is None
