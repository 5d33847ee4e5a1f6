"""A whole design from a new session to a saved file, with the keyboard, at 120×40."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from model.enums import ArchitectureStyle, Category, DataSource, DeployMode, Metric, Provider
from sessions.store import load
from tests.tui.conftest import Runner, shown_one
from tui.steps.components import ComponentsStep
from widgets.dom_id import selector
from widgets.service_picker import ServicePicker


async def type_into(pilot: object, app: object, selector: str, text: str) -> None:
    """Replace the text of the input `selector` with `text`, key by key."""
    from textual.pilot import Pilot

    from tui.app import InfrasketchApp

    assert isinstance(pilot, Pilot)
    assert isinstance(app, InfrasketchApp)
    field = shown_one(app.screen, selector, Input)
    field.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u", *text)
    await pilot.pause()


@pytest.mark.slow
async def test_new_design_to_saved_file(
    run_app: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with run_app() as (app, pilot):
        assert app.workshop.step_id == "start"
        # Start: name and provider, then "Start new design".
        await pilot.press(*"Ledger", "enter")  # enter moves to the provider choice
        await pilot.press("down", "enter")  # AWS → GCP
        await pilot.press("tab", "enter")  # the "Start new design" button
        await pilot.pause()
        assert app.workshop.step_id == "context"
        assert app.session is not None and app.session.provider is Provider.GCP
        assert app.session.context.project == "Ledger"
        assert app.dirty and app.path is None

        # Context: users, a refused budget, then a valid one, a second region.
        await type_into(pilot, app, "#users", "25000")
        await type_into(pilot, app, selector("monthly_budget_usd"), "-5")
        step = app.workshop.current_view()
        assert step is not None
        error = step.query_one(selector("field", "monthly_budget_usd"))
        assert "greater than or equal to 0" in getattr(error, "error", "")
        assert app.session.context.monthly_budget_usd is None  # cleared, then -5 refused
        await type_into(pilot, app, selector("monthly_budget_usd"), "1200")
        assert getattr(error, "error", "x") == ""
        await type_into(pilot, app, "#regions", "europe-west1, europe-west4")
        assert app.session.context.users == 25_000
        assert app.session.context.monthly_budget_usd == 1200
        assert app.session.context.regions == ("europe-west1", "europe-west4")

        # Provider: the style, chosen with the keyboard.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.workshop.step_id == "provider"
        app.screen.query_one("#style").focus()
        await pilot.press("down", "down", "enter")  # Monolith → Microservices
        await pilot.pause()
        assert app.session.style is ArchitectureStyle.MICROSERVICES

        # Components: add a cache, pick its service, give it two replicas across zones.
        await pilot.press("ctrl+n")
        await pilot.pause()
        components = app.workshop.current_view()
        assert isinstance(components, ComponentsStep)
        categories = components.query_one("#categories")
        categories.focus()
        cache_index = list(Category).index(Category.CACHE)
        categories.highlighted = cache_index  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        cache = next(c for c in app.session.components if c.category is Category.CACHE)
        picker = components.detail().query_one(ServicePicker)
        choices = [s.id for s in picker.services]
        assert cache.service == choices[0]
        await pilot.press("down", "enter")  # the second service of the list
        await pilot.pause()
        cache = next(c for c in app.session.components if c.category is Category.CACHE)
        assert cache.service == choices[1]
        await type_into(pilot, app, "#replicas", "2")
        components.detail().query_one(selector("multi_az")).focus()
        await pilot.press("space")
        await pilot.pause()
        cache = next(c for c in app.session.components if c.category is Category.CACHE)
        assert (cache.replicas, cache.multi_az) == (2, True)

        # Environments: staging becomes "qa" (the pipeline follows), approval to deploy.
        await pilot.press("ctrl+n")
        await pilot.pause()
        names = [e.name for e in app.session.environments]
        staging = names.index("staging")
        card = app.screen.query_one(selector("environments", staging))
        name_input = card.query_one(selector("name"), Input)
        name_input.focus()
        await pilot.press("end", "ctrl+u", *"qa")
        await pilot.pause()
        assert app.session.environments[staging].name == "qa"
        assert app.session.pipeline.staging.environment == "qa"

        # Alerts: a refused pair (warning above critical), then a valid one.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.workshop.step_id == "alerts"
        row = selector("row", Metric.ERROR_RATE.value)
        await type_into(pilot, app, f"{row} #warning", "9")
        assert app.session.monitoring.threshold(Metric.ERROR_RATE).warning == 1  # type: ignore[union-attr]
        editor_row = app.screen.query_one(row)
        assert "must be below critical" in getattr(editor_row, "error", "")
        await type_into(pilot, app, f"{row} #warning", "2")
        await type_into(pilot, app, f"{row} #critical", "10")

        # Save: ctrl+s asks for a name, enter accepts the suggestion.
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.path == Path("ledger.yaml")
        assert not app.dirty

    saved = load(tmp_path / "ledger.yaml")
    assert saved.provider is Provider.GCP
    assert saved.style is ArchitectureStyle.MICROSERVICES
    assert saved.context.project == "Ledger"
    assert saved.context.users == 25_000
    assert saved.context.monthly_budget_usd == 1200
    assert saved.context.regions == ("europe-west1", "europe-west4")
    cache = next(c for c in saved.components if c.category is Category.CACHE)
    assert (cache.service, cache.replicas, cache.multi_az) == (choices[1], 2, True)
    qa = saved.environment("qa")
    assert qa is not None and qa.data is DataSource.ANONYMISED_COPY
    prod = saved.environment("prod")
    assert prod is not None and prod.deploy is DeployMode.APPROVAL
    assert saved.pipeline.staging.environment == "qa"
    error_rate = saved.monitoring.threshold(Metric.ERROR_RATE)
    assert error_rate is not None and (error_rate.warning, error_rate.critical) == (2, 10)
    assert not (tmp_path / "ledger.autosave.yaml").exists()
