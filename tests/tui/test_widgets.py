"""Each reusable widget on its own, in a minimal app: what it shows and what it posts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import App, ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, RadioButton

from model.analysis import analyse
from model.catalog import load_catalog, price_headline
from model.engines.reliability import Reliability
from model.enums import Category, Metric, Provider
from model.sections.monitoring import AlertThreshold
from sessions.starter import starter_session
from widgets.availability_gauge import AvailabilityGauge, fill
from widgets.cost_ticker import CostTicker, per_month
from widgets.live_diagram import LiveDiagram
from widgets.live_text import LiveText
from widgets.radio_choice import RadioChoice
from widgets.service_picker import ServicePicker
from widgets.step_sidebar import SidebarStep, StepSidebar
from widgets.threshold_editor import ThresholdEditor


class Harness(App[None]):
    """Mounts one widget and records the messages it posts."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_step_sidebar_selected(self, message: StepSidebar.Selected) -> None:
        self.messages.append(message)

    def on_service_picker_chosen(self, message: ServicePicker.Chosen) -> None:
        self.messages.append(message)

    def on_threshold_editor_changed(self, message: ThresholdEditor.Changed) -> None:
        self.messages.append(message)


def plain(widget: Any) -> str:
    """The text a Static-like widget shows."""
    return str(widget.render())


async def test_sidebar_marks_the_current_and_the_completed_steps() -> None:
    steps = [SidebarStep("a", "Alpha"), SidebarStep("b", "Beta"), SidebarStep("c", "Gamma")]
    sidebar = StepSidebar(steps, "b")
    app = Harness(sidebar)
    async with app.run_test(size=(40, 10)) as pilot:
        sidebar.completed = frozenset({"a"})
        await pilot.pause()
        prompts = [str(sidebar.get_option_at_index(i).prompt) for i in range(3)]
        assert prompts == ["✓ Alpha", "▸ Beta", "· Gamma"]
        sidebar.focus()
        sidebar.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert [m.step_id for m in app.messages if isinstance(m, StepSidebar.Selected)] == ["a"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert [m.step_id for m in app.messages if isinstance(m, StepSidebar.Selected)] == [
            "a",
            "b",
        ]
        await pilot.press("down", "enter")
        await pilot.pause()
        selected = [m.step_id for m in app.messages if isinstance(m, StepSidebar.Selected)]
        assert selected == ["a", "b", "c"]


async def test_cost_ticker_shows_cost_and_budget() -> None:
    ticker = CostTicker(None, 500.0)
    async with Harness(ticker).run_test() as pilot:
        assert plain(ticker) == "Cost –"  # before the first analysis: no figure, no guess
        ticker.monthly = 612.4
        await pilot.pause()
        assert plain(ticker) == "Cost $612/mo (all envs)\n122% of the $500/mo budget"
        assert ticker.has_class("-over-budget")
        ticker.monthly = 4.5
        await pilot.pause()
        assert plain(ticker).startswith("Cost $4.50/mo (all envs)\n1% of")
        assert not ticker.has_class("-over-budget")
    assert per_month(1234.5) == "$1,234/mo"


async def test_live_text_lays_the_screen_out_only_for_another_height() -> None:
    """New text of the same height repaints the line alone; text that needs more (or
    fewer) lines lays the screen out, so the widget gets that height."""
    line = LiveText("Cost $1/mo")

    def asks_for_layout(text: str) -> bool:
        asked: list[bool] = []
        original = line.refresh

        def refresh(*regions: Any, **flags: Any) -> Widget:
            asked.append(bool(flags.get("layout")))
            return original(*regions, **flags)

        setattr(line, "refresh", refresh)  # noqa: B010 (a method of this one instance)
        try:
            line.show(text)
        finally:
            delattr(line, "refresh")
        return any(asked)

    async with Harness(line).run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert line.size.height == 1
        assert not asks_for_layout("Cost $2/mo")
        assert not asks_for_layout("Cost $2/mo")  # the same text: not even a repaint
        await pilot.pause()
        assert line.size.height == 1 and "$2/mo" in plain(line)
        assert asks_for_layout("Cost $3/mo\n50% of the $6/mo budget")
        await pilot.pause()
        assert line.size.height == 2
        assert asks_for_layout("Cost $3/mo")
        await pilot.pause()
        assert line.size.height == 1


def figures(estimate: float, target: float, floor: float = 99.5) -> Reliability:
    """A real Reliability with the estimate, floor and target replaced."""
    real = analyse(starter_session(Provider.AWS)).reliability
    return replace(real, estimate_percent=estimate, sla_floor_percent=floor, target_percent=target)


async def test_availability_gauge_bar_is_downtime_budget() -> None:
    # 99.9% allows 43.83 min/month; 99.8% is down 87.66 min: half the budget → 10 of 20 cells.
    assert round(figures(99.8, 99.9).allowed_downtime_minutes_per_month, 2) == 43.83
    assert round(fill(figures(99.8, 99.9)), 9) == 0.5
    assert fill(figures(99.95, 99.9)) == 1.0
    gauge = AvailabilityGauge(figures(99.8, 99.9))
    async with Harness(gauge).run_test() as pilot:
        text = plain(gauge)
        assert "█" * 10 + "░" * 10 in text
        assert "99.800% < target 99.9%" in text
        assert "~88 min down/month, target allows 44" in text
        assert "SLAs promise 99.500%" in text
        gauge.value = None
        await pilot.pause()
        assert plain(gauge) == "Availability –"


async def test_service_picker_lists_provider_services_with_details() -> None:
    catalog = load_catalog()
    picker = ServicePicker(Category.DATABASE, Provider.AZURE, None)
    app = Harness(picker)
    async with app.run_test(size=(80, 40)) as pilot:
        expected = catalog.choices(Category.DATABASE, Provider.AZURE)
        assert [s.id for s in picker.services] == [s.id for s in expected]
        assert all(s.provider.value in ("azure", "saas") for s in picker.services)
        details = plain(picker.query_one("#details"))
        first = expected[0]
        assert price_headline(first.pricing) in details
        assert first.pros[0] in details and first.cons[0] in details
        picker.focus_list()
        await pilot.press("down")
        await pilot.pause()
        assert expected[1].label in plain(picker.query_one("#details"))
        await pilot.press("enter")
        await pilot.pause()
        chosen = [m for m in app.messages if isinstance(m, ServicePicker.Chosen)]
        assert [m.service_id for m in chosen] == [expected[1].id]
        picker.provider = Provider.GCP
        await pilot.pause()
        assert all(s.provider.value in ("gcp", "saas") for s in picker.services)


async def test_threshold_editor_refuses_invalid_pairs_inline() -> None:
    typical = starter_session().monitoring.thresholds
    editor = ThresholdEditor(typical)
    app = Harness(editor)
    async with app.run_test(size=(100, 50)) as pilot:
        row = editor.row(Metric.CPU)
        warning = row.query_one("#warning", Input)
        warning.focus()

        def applied() -> tuple[float, float]:
            changes = [m for m in app.messages if isinstance(m, ThresholdEditor.Changed)]
            thresholds = changes[-1].thresholds if changes else typical
            cpu = next(t for t in thresholds if t.metric is Metric.CPU)
            return cpu.warning, cpu.critical

        for typed, reason, kept in (
            ("99", "warning (99 %) must be below critical (95 %)", (9, 95)),  # "9" was valid
            ("abc", "warning: not a number", (9, 95)),
            ("-1", "warning: Input should be greater than or equal to 0", (9, 95)),
        ):
            await pilot.press("end", "ctrl+u", *typed)
            await pilot.pause()
            assert row.error == reason
            assert warning.has_class("-invalid")
            assert applied() == kept
        await pilot.press("end", "ctrl+u", *"90")
        critical = row.query_one("#critical", Input)
        critical.focus()
        await pilot.press("end", "ctrl+u", *"120")
        await pilot.pause()
        assert row.error == "critical 120% is above 100%"
        await pilot.press("end", "ctrl+u", *"98")
        await pilot.pause()
        assert row.error == ""
        assert not warning.has_class("-invalid")
        changed = [m for m in app.messages if isinstance(m, ThresholdEditor.Changed)]
        cpu = next(t for t in changed[-1].thresholds if t.metric is Metric.CPU)
        assert (cpu.warning, cpu.critical) == (90, 98)
        assert len(changed[-1].thresholds) == len(typical)
        # Clearing both values drops the metric's alert.
        await pilot.press("end", "ctrl+u")
        warning.focus()
        await pilot.press("end", "ctrl+u")
        await pilot.pause()
        last = [m for m in app.messages if isinstance(m, ThresholdEditor.Changed)][-1]
        assert Metric.CPU not in {t.metric for t in last.thresholds}
        # Thresholds set from outside are shown.
        editor.thresholds = (AlertThreshold(metric=Metric.DISK, warning=70, critical=85),)
        await pilot.pause()
        assert editor.row(Metric.DISK).query_one("#warning", Input).value == "70"
        assert editor.row(Metric.CPU).query_one("#warning", Input).value == ""


async def test_live_diagram_redraws_to_its_width() -> None:
    session = starter_session(Provider.AWS)
    diagram = LiveDiagram(analyse(session))
    async with Harness(diagram).run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        first = diagram.text
        assert "Primary database" in first
        assert max(len(line) for line in first.splitlines()) <= max(diagram.drawing_width, 40)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert diagram.text != first
        assert max(len(line) for line in diagram.text.splitlines()) <= 100
        renamed = session.evolve(
            components=tuple(
                c.evolve(name="Orders DB") if c.id == "db" else c for c in session.components
            )
        )
        diagram.analysis = analyse(renamed)
        await pilot.pause()
        assert "Orders DB" in diagram.text


async def test_live_diagram_repaints_only_when_its_drawing_changes() -> None:
    """A change the diagram does not draw (a component's notes) costs no repaint; one it
    draws (a name) repaints it."""
    session = starter_session(Provider.AWS)
    diagram = LiveDiagram(analyse(session))
    async with Harness(diagram).run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        repaints = 0
        original = diagram.refresh

        def counted(*regions: Any, **flags: Any) -> Widget:
            nonlocal repaints
            repaints += 1
            return original(*regions, **flags)

        setattr(diagram, "refresh", counted)  # noqa: B010 (a method of this one instance)

        def edited(**changes: Any) -> Any:
            return session.evolve(
                components=tuple(
                    c.evolve(**changes) if c.id == "db" else c for c in session.components
                )
            )

        drawn = diagram.text
        diagram.analysis = analyse(edited(notes="Nightly snapshots"))
        await pilot.pause()
        assert (repaints, diagram.text) == (0, drawn)
        diagram.analysis = analyse(edited(name="Orders DB"))
        await pilot.pause()
        assert repaints >= 1 and "Orders DB" in diagram.text


async def test_the_header_title_changes_without_a_layout() -> None:
    """The unsaved marker comes and goes with edits: the title line repaints itself, and
    the screen is not laid out again for it."""
    from widgets.quiet_header import OneLineTitle, QuietHeader

    header = QuietHeader()
    async with Harness(header).run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        title = header.query_one(OneLineTitle)
        layouts: list[bool] = []
        original = title.refresh

        def refresh(*regions: Any, **flags: Any) -> Widget:
            layouts.append(bool(flags.get("layout")))
            return original(*regions, **flags)

        setattr(title, "refresh", refresh)  # noqa: B010 (a method of this one instance)
        header.app.sub_title = "shop.yaml · Nordhaus Shop ●"
        await pilot.pause()
        assert "shop.yaml · Nordhaus Shop ●" in str(title.render())
        assert layouts and not any(layouts)


async def test_radio_choice_cursor_starts_on_the_pressed_button() -> None:
    """Down from the chosen option goes to the next one, not to the second in the list."""
    choice = RadioChoice(*(RadioButton(p.label, p is Provider.GCP, name=p.value) for p in Provider))
    async with Harness(choice).run_test() as pilot:
        choice.focus()
        await pilot.press("down", "enter")
        assert choice.pressed_button is not None
        assert choice.pressed_button.name == Provider.AZURE.value


def test_the_price_card_shows_the_designs_region_and_says_when_it_borrows() -> None:
    from model.catalog import load_catalog
    from widgets.service_picker import describe

    catalog = load_catalog()
    ec2 = describe(catalog["aws-ec2"], "t3.medium", ("eu-central-1",)).plain
    # prices/aws.yaml: t3.medium at $0.048/h in eu-central-1 (AWS Price List, 2025-03-02).
    assert "$0.048/h per t3.medium in eu-central-1  as of 2025-03-02" in ec2
    rds = describe(catalog["aws-rds-postgres"], None, ("eu-central-1",)).plain
    # prices/aws.yaml: db.t4g.small at $0.037/h in eu-central-1 (AWS's RDS price feed).
    assert "$0.037/h per db.t4g.small in eu-central-1  as of 2024-09-28" in rds
    calgary = describe(catalog["aws-rds-postgres"], None, ("ca-west-1",)).plain
    assert "$0.032/h per db.t4g.small (us-east-1: no ca-west-1 figure)" in calgary
    sentry = describe(catalog["saas-sentry"], None, ("eu-central-1",)).plain
    assert "in eu-central-1" not in sentry  # one price everywhere


async def test_the_picker_shows_the_sla_the_report_uses_for_the_component_as_set() -> None:
    from tests.engine_designs import design, part

    db = part("db", Category.DATABASE, "aws-rds-postgres", multi_az=True)
    report = analyse(design(db)).reliability.of("db")
    assert report is not None and report.percent == 99.95  # RDS Multi-AZ
    picker = ServicePicker(Category.DATABASE, Provider.AWS, "aws-rds-postgres")
    picker.set_reactive(ServicePicker.component, db)
    async with Harness(picker).run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        rows = [str(o.prompt) for o in picker.query_one("#services").options]  # type: ignore[attr-defined]
        assert any("Amazon RDS for PostgreSQL" in r and "99.95%" in r for r in rows)
        assert "99.95% as set (multi-AZ SLA 99.95%)" in plain(picker.query_one("#details"))
        # Unticked, the same picker shows the single-AZ SLA the report would then use.
        picker.component = db.evolve(multi_az=False)
        await pilot.pause()
        assert "99.5% as set (SLA 99.5%)" in plain(picker.query_one("#details"))
    # Fargate and ElastiCache show their figures rather than "no SLA".
    api = part("api", Category.COMPUTE, "aws-ecs-fargate", replicas=2, multi_az=True)
    compute = ServicePicker(Category.COMPUTE, Provider.AWS, "aws-ecs-fargate")
    compute.set_reactive(ServicePicker.component, api)
    async with Harness(compute).run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        rows = [str(o.prompt) for o in compute.query_one("#services").options]  # type: ignore[attr-defined]
        assert any("Fargate" in r and "99.99%" in r for r in rows)
