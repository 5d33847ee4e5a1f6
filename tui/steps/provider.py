"""Provider: the cloud and the architecture style, chosen with numbers for *this* design.

The table maps every component to each provider's equivalent catalog service
(`model.edits.translate`) and shows, from the analysis of the moved design, what it would
cost there per month (every environment), its composite availability, and its lock-in
(the mean of the services' 1–5 catalog scores). Choosing a provider moves the design to
those services.

The four analyses run in a worker thread (at 500 components they took a quarter of a
second, during which no key was read); the table fills when they are done, and until then
its note says it is comparing.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Label, RadioSet, Static
from textual.worker import get_current_worker

from tui.messages import reason_of
from tui.steps import StepId
from tui.steps.base import StepView
from widgets.cost_ticker import per_month
from widgets.radio_choice import RadioChoice
from widgets.ticks import TickRadio

if TYPE_CHECKING:
    from model.enums import Provider
    from model.session import Session


@dataclass(frozen=True, slots=True)
class Comparison:
    """The design moved to one provider, in numbers."""

    provider: Provider
    monthly_usd: float
    """Every environment's bill together, as the live panel shows it."""
    availability_percent: float
    """The composite availability of the moved design."""
    lock_in: float
    changed: int
    problems: tuple[str, ...]


def compare(session: Session, provider: Provider) -> Comparison:
    """How `session` would look on `provider`."""
    from model.analysis import analyse
    from model.edits import translate

    moved, problems = translate(session, provider)
    analysis = analyse(moved)
    services = [analysis.service(c) for c in moved.components]
    changed = sum(1 for a, b in zip(session.components, moved.components, strict=False) if a != b)
    return Comparison(
        provider,
        analysis.cost.all_environments_total,
        analysis.reliability.sla_floor_percent,
        mean(s.lock_in for s in services) if services else 0.0,
        changed,
        tuple(problems),
    )


@dataclass
class Compared(Message):
    """The worker compared `session` on every provider (or says why it could not)."""

    session: Session
    rows: tuple[Comparison, ...]
    failure: str | None = None


def cells(row: Comparison, current: bool) -> tuple[Text, ...]:
    """The table cells of one comparison."""
    name = Text(("▸ " if current else "  ") + row.provider.label, style="bold" if current else "")
    avail = f"{row.availability_percent:.3f}%"
    changed = "as now" if row.changed == 0 else f"{row.changed} services change"
    return (
        name,
        Text(per_month(row.monthly_usd), justify="right"),
        Text(avail, justify="right"),
        Text(f"{row.lock_in:.1f}/5", justify="right"),
        Text(changed),
    )


class ProviderStep(StepView):
    """Provider, style and the comparison table."""

    step_id = StepId.PROVIDER

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._comparing: Session | None = None
        """The session the table is being filled for."""

    def compose_body(self) -> ComposeResult:
        """Two choices and the table."""
        from model.enums import ArchitectureStyle, Provider

        session = self.current
        yield Label("Provider", classes="section")
        with RadioChoice(id="provider", compact=True):
            for provider in Provider:
                yield TickRadio(
                    provider.label, provider is session.provider, name=provider.value, compact=True
                )
        yield Label("This design on each provider", classes="section")
        yield DataTable(id="compare", cursor_type="row", zebra_stripes=True)
        yield Static("", id="compare-note", classes="note")
        yield Label("Architecture style", classes="section")
        with RadioChoice(id="style", compact=True):
            for style in ArchitectureStyle:
                yield TickRadio(style.label, style is session.style, name=style.value, compact=True)

    def on_mount(self) -> None:
        """Fill the table."""
        super().on_mount()
        table = self.query_one("#compare", DataTable)
        table.add_columns("Provider", "Cost/month, all envs", "Availability", "Lock-in", "Services")
        self.fill_table(self.current)

    def fill_table(self, session: Session) -> None:
        """Compare `session` on every provider (the table fills when that is done)."""
        self._comparing = session
        note = Text("Comparing this design on each provider…", style="dim italic")
        self.query_one("#compare-note", Static).update(note)
        self.compare_providers(session)

    @work(
        thread=True,
        exclusive=True,
        group="compare-providers",
        exit_on_error=False,
        description="compare the design on each provider",
    )
    def compare_providers(self, session: Session) -> None:
        """The comparison rows of `session`, off the UI thread."""
        from model.enums import Provider

        try:
            rows = tuple(compare(session, provider) for provider in Provider)
        except Exception as exc:  # an engine's bug: said in the table's note, not raised
            self.post_message(Compared(session, (), reason_of(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(Compared(session, rows))

    def on_compared(self, message: Compared) -> None:
        """Show the rows of the session compared last (an older one's are dropped)."""
        message.stop()
        if message.session is not self._comparing:
            return
        table = self.query_one("#compare", DataTable)
        table.clear()
        if message.failure is not None:
            failed = Text(f"Not compared: {message.failure}", style="bold red")
            self.query_one("#compare-note", Static).update(failed)
            return
        notes: list[str] = []
        for row in message.rows:
            current = row.provider is message.session.provider
            table.add_row(*cells(row, current), key=row.provider.value)
            notes.extend(f"{row.provider.label}: {p}" for p in row.problems)
        note = (
            "Availability: composite availability. "
            "Lock-in: mean catalog score, 1 portable – 5 proprietary."
        )
        self.query_one("#compare-note", Static).update("\n".join([note, *notes]))

    @on(RadioSet.Changed, "#provider")
    def _provider_changed(self, event: RadioSet.Changed) -> None:
        from pydantic import ValidationError

        from model.edits import translate
        from model.enums import Provider

        name = event.pressed.name or ""
        try:
            moved, problems = translate(self.current, Provider(name))
        except ValidationError as exc:
            self.notify(str(exc.errors()[0]["msg"]), severity="error")
            return
        if problems:
            self.notify("; ".join(problems), title="Not moved", severity="warning")
        self.propose(moved, "Choose provider")
        self.fill_table(moved)

    @on(RadioSet.Changed, "#style")
    def _style_changed(self, event: RadioSet.Changed) -> None:
        from model.enums import ArchitectureStyle
        from model.session import replace

        style = ArchitectureStyle(event.pressed.name or "")
        self.propose(replace(self.current, style=style), "Choose style")

    def refresh_from(self, session: Session) -> None:
        """Another session: press its buttons and compare again."""
        for set_id, value in (("#provider", session.provider), ("#style", session.style)):
            radios = self.query_one(set_id, RadioSet)
            for button in radios.query(TickRadio):
                if button.name == value.value and not button.value:
                    with radios.prevent(RadioSet.Changed):
                        button.value = True
        self.fill_table(session)


VIEW = ProviderStep
