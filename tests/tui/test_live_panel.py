"""Every change of the session shows in the live panel: cost, availability, findings,
the diagram, and (when on) the PNG next to the session file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Static

from model.analysis import analyse
from model.enums import Category
from model.sections.components import Component
from model.session import Session, replace
from sessions.settings import DEFAULTS, read_settings, remember_setting, settings_path
from tests.tui.conftest import Runner, settle, type_into
from tests.tui.test_early_steps import error_of
from tui.live_panel import LivePanel
from widgets.availability_gauge import AvailabilityGauge
from widgets.cost_ticker import CostTicker, per_month
from widgets.diagram_image import DiagramImage
from widgets.dom_id import selector
from widgets.live_diagram import LiveDiagram


def shown(widget: object) -> str:
    """The text a Static-like widget shows."""
    assert isinstance(widget, Static)
    return str(widget.render())


async def test_each_change_updates_the_live_panel(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file) as (app, pilot):
        session = app.session
        assert session is not None
        panel = app.query_one(LivePanel)
        ticker, gauge = panel.query_one(CostTicker), panel.query_one(AvailabilityGauge)
        diagram = panel.query_one(LiveDiagram)
        assert per_month(analyse(session).cost.all_environments_total) in shown(ticker)

        # More users: the cost follows.
        busier = replace(session, context=session.context.evolve(users=500_000, peak_rps=2_500))
        app.apply(busier, "Edit context.users")
        await pilot.pause()
        assert per_month(analyse(busier).cost.all_environments_total) in shown(ticker)
        assert (
            analyse(busier).cost.all_environments_total
            != analyse(session).cost.all_environments_total
        )

        # A new component: it is drawn.
        extra = Component(
            id="search",
            name="Search index",
            category=Category.DATABASE,
            service=next(c.service for c in session.components if c.category is Category.DATABASE),
        )
        grown = replace(busier, components=(*busier.components, extra))
        app.apply(grown, "Add component search")
        await pilot.pause()
        assert "Search index" in diagram.text
        assert per_month(analyse(grown).cost.all_environments_total) in shown(ticker)

        # A second replica across zones for every component: availability follows.
        sturdy = replace(
            grown,
            components=tuple(
                c.evolve(replicas=max(c.replicas, 2), multi_az=True, autoscaling=None)
                for c in grown.components
            ),
        )
        before = analyse(grown).reliability.sla_floor_percent
        app.apply(sturdy, "Edit components")
        await pilot.pause()
        after = analyse(sturdy).reliability.sla_floor_percent
        assert after != before
        assert f"{after:.3f}%" in shown(gauge)

        # The budget: the ticker compares against the new one.
        tight = replace(sturdy, context=sturdy.context.evolve(monthly_budget_usd=100))
        app.apply(tight, "Edit context.monthly_budget_usd")
        await pilot.pause()
        assert "of the $100/mo budget" in shown(ticker)
        assert ticker.has_class("-over-budget")

        # The skeptic's open findings are counted.
        tally = analyse(tight).tally
        assert f"{tally.open} open of {tally.total}" in shown(panel.query_one("#findings"))

        # Undoing to the first session (what ctrl+z does) shows it again.
        app.apply(session, "Undo")
        await pilot.pause()
        assert "Search index" not in diagram.text
        assert per_month(analyse(session).cost.all_environments_total) in shown(ticker)


async def test_the_panel_says_its_figures_are_of_the_last_valid_design(
    run_app: Runner, shop_file: Path
) -> None:
    """While a field refuses what was typed, the figures are of the design before it: the
    panel says so and names the field (and its step), on any step; the line goes when
    the field is mended, or undone."""
    async with run_app(shop_file, "context") as (app, pilot):
        panel = app.query_one(LivePanel)
        warning = panel.query_one("#refused", Static)
        assert not warning.display
        await type_into(pilot, selector("monthly_budget_usd"), "lots")
        assert error_of(app, "monthly_budget_usd")
        await pilot.pause()
        assert warning.display
        assert "Figures are of the last valid design" in shown(warning)
        assert "not applied: Budget (Context)" in shown(warning)

        app.workshop.show_step("alerts")
        await settle(pilot)
        await type_into(pilot, selector("row", "error_rate") + " " + selector("critical"), "-3")
        assert "Budget (Context), Error rate alert (Alerts)" in shown(warning)
        await pilot.press("ctrl+u", *"5")  # a valid critical error rate
        await pilot.pause()
        assert "alert (Alerts)" not in shown(warning)

        app.workshop.show_step("context")
        await settle(pilot)
        await type_into(pilot, selector("monthly_budget_usd"), "5000")
        assert not error_of(app, "monthly_budget_usd")
        assert not warning.display
        assert app.session is not None
        assert app.session.context.monthly_budget_usd == 5000


async def test_a_slow_analysis_says_the_figures_are_updating(
    run_app: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A design large enough to be analysed off the UI thread: while its analysis takes
    longer than the busy threshold, the live column's frame says the figures are being
    updated; the new figures take the word away."""
    import threading

    import tui.app
    from benchmarks.synthetic import synthetic_session
    from model.edits import update_component
    from tui.app import INLINE_COMPONENTS, InfrasketchApp

    release = threading.Event()
    real = tui.app.live_analysis

    def slow(session: Session) -> object:
        release.wait(5)
        return real(session)

    session = synthetic_session(INLINE_COMPONENTS + 10)
    app = InfrasketchApp(session=session, first_step="context")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        live = app.query_one("#live")

        def subtitle() -> str:
            return str(live.border_subtitle or "")

        assert subtitle() == ""
        monkeypatch.setattr(tui.app, "live_analysis", slow)
        component = session.components[-1]
        edited = update_component(session, component.evolve(replicas=component.replicas + 1))
        app.apply(edited, "Edit replicas")
        await pilot.pause(app.workshop.BUSY_AFTER + 0.2)
        assert subtitle() == "updating…"
        release.set()
        await settle(pilot)
        assert subtitle() == ""
        shown = app.query_one(LivePanel).analysis
        assert shown is not None
        assert shown.session is edited


@pytest.mark.slow
async def test_live_png_is_written_next_to_the_session_and_shown(
    run_app: Runner, shop_file: Path
) -> None:
    async with run_app(shop_file) as (app, pilot):
        panel = app.query_one(LivePanel)
        image = panel.query_one(DiagramImage)
        await pilot.press("ctrl+l")
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        png = shop_file.with_suffix(".png")
        assert png.read_bytes().startswith(b"\x89PNG")
        assert image.png == png.read_bytes()
        assert str(png) in image.status
        assert panel.png_renders == 1
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not image.display


async def test_the_live_png_is_off_until_switched_on_and_stays_as_left(
    run_app: Runner, shop_file: Path
) -> None:
    """Off by default (it takes most of the panel); ctrl+l's choice holds the next time."""
    async with run_app(shop_file) as (app, pilot):
        assert not app.query_one(LivePanel).png_on
        await pilot.press("ctrl+l")
        await pilot.pause()
    assert read_settings()["live_png"] is True
    async with run_app(shop_file) as (app, pilot):
        assert app.query_one(LivePanel).png_on
        await pilot.press("ctrl+l")
        await pilot.pause()
    assert read_settings()["live_png"] is False


def test_settings_survive_a_broken_file_and_an_unwritable_folder(tmp_path: Path) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("{not json", encoding="utf-8")
    assert read_settings() == DEFAULTS
    settings_path().write_text('{"live_png": "yes"}', encoding="utf-8")
    assert read_settings() == DEFAULTS, "a value of the wrong type is not taken"
    settings_path().unlink()
    settings_path().parent.chmod(0o500)
    try:
        remember_setting("live_png", True)  # nothing written, nothing raised
    finally:
        settings_path().parent.chmod(0o700)
    assert read_settings() == DEFAULTS or os.geteuid() == 0


def test_saving_an_unsaved_design_removes_its_png_from_the_state_folder(tmp_path: Path) -> None:
    from model.enums import Provider
    from sessions.autosave import png_path
    from sessions.starter import starter_session

    panel = LivePanel()
    analysis = analyse(starter_session(Provider.AWS))
    png_path(None).parent.mkdir(parents=True, exist_ok=True)
    png_path(None).write_bytes(b"\x89PNG")
    panel.show(analysis, None)
    assert png_path(None).exists()
    panel.show(analysis, tmp_path / "saved.yaml")
    assert not png_path(None).exists()


async def test_failed_png_render_says_why(
    run_app: Runner, shop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exporters.diagrams.image import DiagramError

    def no_graphviz(session: object) -> bytes:
        raise DiagramError("Graphviz is not installed: `dot` was not found on PATH")

    monkeypatch.setattr("exporters.diagrams.image.render_png", no_graphviz)
    async with run_app(shop_file) as (app, pilot):
        image = app.query_one(LivePanel).query_one(DiagramImage)
        await pilot.press("ctrl+l")
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (
            image.status
            == "PNG render failed: Graphviz is not installed: `dot` was not found on PATH"
        )
        assert image.has_class("-failed")
        assert not shop_file.with_suffix(".png").exists()


@pytest.mark.parametrize("where", ["inline", "worker"])
async def test_an_analysis_that_raises_is_shown_not_fatal(
    run_app: Runner, shop_file: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Small designs are analysed on the UI thread, large ones in a worker: either way an
    engine bug shows in the panel, the workshop goes on and the next change is shown."""
    import tui.app
    from model.analysis import Analysis

    if where == "worker":
        monkeypatch.setattr(tui.app, "INLINE_COMPONENTS", 0)
    async with run_app(shop_file) as (app, pilot):
        session = app.session
        assert session is not None
        original = Analysis.live_parts

        def broken(self: Analysis) -> Analysis:
            raise KeyError("api")

        monkeypatch.setattr(Analysis, "live_parts", broken)
        changed = replace(session, context=session.context.evolve(users=4_321))
        app.apply(changed, "Edit context.users")
        await app.workers.wait_for_complete()
        await pilot.pause()
        findings = shown(app.query_one(LivePanel).query_one("#findings"))
        assert "Analysis failed KeyError: 'api'" in findings
        assert "figures above are of the last design analysed" in findings

        monkeypatch.setattr(Analysis, "live_parts", original)
        fixed = replace(changed, context=changed.context.evolve(users=5_000))
        app.apply(fixed, "Edit context.users")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.analysis is not None and app.analysis.session is fixed
        assert "Analysis failed" not in shown(app.query_one(LivePanel).query_one("#findings"))


async def test_an_edit_repaints_what_it_changes_not_the_window(
    run_app: Runner, shop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first edit after opening changes the figures and the header's unsaved marker:
    neither the whole screen nor the whole live column is repainted for it (each used to
    be, by Textual reactives and a border subtitle set to what it already was)."""
    from textual.widget import Widget

    whole: list[str] = []
    original = Widget.refresh

    def refresh(widget: Widget, *regions: object, **flags: object) -> Widget:
        if not regions and flags.get("repaint", True) and widget.id in ("_default", "live"):
            whole.append(widget.id or "")
        return original(widget, *regions, **flags)  # type: ignore[arg-type]

    async with run_app(shop_file, "context") as (app, pilot):
        monkeypatch.setattr(Widget, "refresh", refresh)
        await type_into(pilot, selector("peak_rps"), "400")
        await settle(pilot)
        assert app.dirty and app.sub_title.endswith("●")
        assert whole == []
