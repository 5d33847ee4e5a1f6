"""Pilot tests of Context, Environments and Components, the steps declared on the form
engine last: each edit, made with the keyboard at 120×40, lands in the session — and a
refused one shows its reason under its field and leaves the session alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, OptionList, Select, SelectionList

from model.enums import Category, Compliance, DeployMode
from tests.tui.conftest import Runner, choose, settle, shown_one, type_into
from tui.app import InfrasketchApp
from tui.steps.components import ComponentsStep
from tui.steps.form import FormField
from tui.steps.records import RecordCard
from widgets.dom_id import selector


def error_of(app: InfrasketchApp, *parts: str | int) -> str:
    """The reason shown under the form field of `parts` (a path, or a record and path)."""
    return shown_one(app.screen, selector("field", *parts), FormField).error


async def test_context_fields_compliance_and_payments(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "context") as (app, pilot):
        assert app.session is not None
        await type_into(pilot, selector("peak_rps"), "lots")
        assert error_of(app, "peak_rps") == "not a number"
        assert app.session.context.peak_rps == 250
        # A refused field does not hold the others back.
        await type_into(pilot, selector("data_gb"), "800")
        assert app.session.context.data_gb == 800 and app.session.context.peak_rps == 250
        await type_into(pilot, selector("peak_rps"), "400")
        assert error_of(app, "peak_rps") == "" and app.session.context.peak_rps == 400
        await type_into(pilot, selector("regions"), "EU West")
        assert "lowercase" in error_of(app, "regions")
        assert app.session.context.regions == ("europe-west3",)

        compliance = app.screen.query_one(selector("compliance"), SelectionList)
        compliance.focus()
        await pilot.pause()
        await pilot.press("down", "space")  # SOC 2 ticked
        await pilot.pause()
        chosen = {Compliance.GDPR, Compliance.SOC2, Compliance.PCI_DSS}
        assert set(app.session.context.compliance) == chosen
        app.screen.query_one(selector("handles_payments")).focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.session.context.handles_payments is False

        await pilot.press("ctrl+z")  # the payments again, shown in the form
        await pilot.pause()
        assert app.session.context.handles_payments is True
        assert app.screen.query_one(selector("handles_payments"), Checkbox).value is True


async def test_environments_rename_choose_add_and_remove(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "environments") as (app, pilot):
        assert app.session is not None
        staging = selector("environments", 1)
        await type_into(pilot, f"{staging} {selector('name')}", "qa")
        assert app.session.environments[1].name == "qa"
        assert app.session.pipeline.staging.environment == "qa"  # the pipeline follows
        await type_into(pilot, f"{staging} {selector('size_percent')}", "many")
        card = app.screen.query_one(staging)
        assert card.query_one(selector("field", "size_percent"), FormField).error == "not a number"
        assert app.session.environments[1].size_percent == 40
        await type_into(pilot, f"{staging} {selector('size_percent')}", "50")
        await choose(pilot, f"{staging} {selector('deploy')}", "approval")
        assert app.session.environments[1].deploy is DeployMode.APPROVAL
        assert app.session.environments[1].size_percent == 50

        editor = app.screen.query_one(selector("environments"))
        add = editor.query_one(".add", Button)
        add.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert [e.name for e in app.session.environments] == ["dev", "qa", "prod", "preview"]
        new_name = app.screen.query_one(selector("environments", 3)).query_one(selector("name"))
        assert app.focused is new_name  # the keyboard is in the new card's name
        await pilot.press("end", *"-1")
        await pilot.pause()
        assert app.session.environments[3].name == "preview-1"

        # Production cannot go (the pipeline deploys to it): refused, its card stays.
        remove = app.screen.query_one(selector("environments", 2)).query_one(".remove", Button)
        remove.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert [e.name for e in app.session.environments] == ["dev", "qa", "prod", "preview-1"]
        assert len(app.screen.query(RecordCard)) == 4
        remove = app.screen.query_one(selector("environments", 0)).query_one(".remove", Button)
        remove.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert [e.name for e in app.session.environments] == ["qa", "prod", "preview-1"]


async def show_category(pilot: Pilot[int], category: Category) -> ComponentsStep:
    """The Components step with `category` open (its first component in the editor)."""
    step = pilot.app.screen.query_one(ComponentsStep)
    categories = step.query_one("#categories", OptionList)
    categories.focus()
    categories.highlighted = list(Category).index(category)
    await settle(pilot)
    return step


async def test_component_editor_size_bounds_and_service(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "components") as (app, pilot):
        assert app.session is not None
        await show_category(pilot, Category.DATABASE)
        await choose(pilot, selector("size"), "db-custom-4-15360")
        db = app.session.component("db")
        assert db is not None and db.size == "db-custom-4-15360"
        await type_into(pilot, selector("replicas"), "2")
        await type_into(pilot, selector("autoscaling.max"), "4")  # min still empty
        assert error_of(app, "autoscaling.max") == ""
        assert error_of(app, "autoscaling.min") == "not a whole number"
        db = app.session.component("db")
        assert db is not None and db.autoscaling is None and db.replicas == 2
        await type_into(pilot, selector("autoscaling.min"), "1")
        db = app.session.component("db")
        assert db is not None and db.autoscaling is not None
        assert (db.autoscaling.min, db.autoscaling.max) == (1, 4)
        await type_into(pilot, selector("replicas"), "9")  # outside the bounds
        assert "within the autoscaling bounds" in error_of(app, "replicas")
        db = app.session.component("db")
        assert db is not None and db.replicas == 2

        await show_category(pilot, Category.COMPUTE)
        await type_into(pilot, selector("autoscaling.min"), "")
        await type_into(pilot, selector("autoscaling.max"), "")
        await type_into(pilot, selector("notes"), "Edge rendering")
        first = app.session.components_in(Category.COMPUTE)[0]
        assert first.autoscaling is None and first.notes == "Edge rendering"
        # Another service: picked in the list, the editor is built for it.
        services = shown_one(app.screen, f"{selector('service')} OptionList", OptionList)
        services.focus()
        await pilot.press("up", "enter")
        await settle(pilot)
        first = app.session.components_in(Category.COMPUTE)[0]
        assert first.service == "gcp-compute-engine" and first.size is None
        assert shown_one(app.screen, selector("size"), Select).value == "e2-medium"


async def test_a_category_revisited_is_shown_as_left(run_app: Runner, shop_file: Path) -> None:
    """Moving back to a category shows the detail built on its first visit, not a new one;
    a kept detail of an earlier session (an undo made elsewhere) is rebuilt when shown."""
    from tui.steps.components import CategoryDetail

    async with run_app(shop_file, "components") as (app, pilot):
        assert app.session is not None
        step = await show_category(pilot, Category.DATABASE)
        database = step.detail()
        await type_into(pilot, selector("replicas"), "2")
        assert app.session.component("db").replicas == 2  # type: ignore[union-attr]
        await show_category(pilot, Category.COMPUTE)
        await show_category(pilot, Category.DATABASE)
        assert step.detail() is database
        shown = [d for d in step.query(CategoryDetail) if d.display]
        assert shown == [database]
        assert shown_one(app.screen, selector("replicas"), Input).value == "2"

        await show_category(pilot, Category.COMPUTE)
        await pilot.press("ctrl+z")  # the replicas back to 1, while Compute is shown
        await settle(pilot)
        assert app.session.component("db").replicas == 1  # type: ignore[union-attr]
        await show_category(pilot, Category.DATABASE)
        assert step.detail() is database  # the same container, composed again
        assert shown_one(app.screen, selector("replicas"), Input).value == "1"


async def test_a_category_shown_first_says_it_is_opening(
    run_app: Runner, shop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building a category's detail takes a few frames: the frame before it shows the
    list's cursor on the category and what is being opened, in place of the detail."""
    from textual.widgets import Static

    from tui.steps.components import CategoryDetail

    seen: list[tuple[str, list[str]]] = []
    original = ComponentsStep._frame_drawn

    async def frame_drawn(step: ComponentsStep) -> None:
        opening = step.query_one("#opening", Static)
        shown = [d.id or "" for d in step.query(CategoryDetail) if d.display]
        seen.append((str(opening.render()) if opening.display else "", shown))
        await original(step)

    monkeypatch.setattr(ComponentsStep, "_frame_drawn", frame_drawn)
    async with run_app(shop_file, "components") as (_, pilot):
        step = await show_category(pilot, Category.DATABASE)
        assert seen == [(f"Opening {Category.DATABASE.label}…", [])]
        assert not step.query_one("#opening", Static).display
        assert step.detail().display and step.detail().category is Category.DATABASE
        await show_category(pilot, Category.COMPUTE)
        await show_category(pilot, Category.DATABASE)  # built: shown at once
        assert len(seen) == 2
