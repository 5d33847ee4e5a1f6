"""An editor for a list of records of one model: the list, a card per record, add and
remove.

Secrets, notification channels, severity levels, checklists and environments are tuples
of small models; each card is a `RecordForm` (`tui.steps.record_form`). `RecordsEditor`
lists records by title and edits the highlighted one in a card — one card at a time,
which keeps a step of many records as quick to type in as a short form — or, for a few
records, shows every one as a card (`arrangement="cards"`). It posts
`RecordsEditor.Changed` with the whole tuple. For checklists, space in the list ticks the
highlighted item (`toggle`). It is generic over the record's model, so the functions a
step passes in (`title`, `new_record`, `toggle`) are checked against its fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from tui.steps.fields import Row
from tui.steps.record_form import RecordForm
from widgets.dom_id import dom_id
from widgets.reflow_row import ReflowRow

if TYPE_CHECKING:
    from model.session import Session

R = TypeVar("R", bound=BaseModel)
"""The model of the records edited."""
M = TypeVar("M", bound=BaseModel)
"""The same, for the messages (a nested class binds its own type variable)."""

Arrangement = Literal["list", "cards"]
"""How a `RecordsEditor` shows its records: a list and the highlighted one's card, or a
card for each."""


class RecordCard(RecordForm[R]):
    """One record of a `RecordsEditor`, titled, with its remove button."""

    DEFAULT_CSS = """
    RecordCard { border: round $primary-muted; padding: 0 1; }
    RecordCard .remove { min-width: 3; margin: 1 0 0 0; }
    """

    def __init__(self, editor: RecordsEditor[R], index: int, record: R) -> None:
        super().__init__(
            record, editor.rows, editor.session, id=dom_id(editor.path, index), classes="record"
        )
        self.editor = editor
        self.index = index
        """The record's place in the editor's records."""
        self.border_title = editor.title(record)

    def compose_row_end(self, number: int) -> ComposeResult:
        """Remove (✕) ends the first row."""
        if number == 0:
            yield Button("✕", classes="remove", compact=True, tooltip="Remove this one")

    def accept(self, record: R) -> None:
        """The record in force, and its title."""
        super().accept(record)
        self.border_title = self.editor.title(record)


class RecordsEditor(Vertical, Generic[R]):
    """A list of records and the card of the highlighted one (or a card for each); posts
    `Changed` with every valid edit, add and remove."""

    DEFAULT_CSS = """
    RecordsEditor { height: auto; margin: 0 0 1 0; }
    RecordsEditor > OptionList { height: auto; max-height: 10; }
    RecordsEditor > .buttons { height: auto; }
    RecordsEditor.-cards > RecordCard { margin: 0 0 1 0; }
    RecordsEditor.-cards > .buttons { margin: 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick", show=False, id="record-tick"),
        Binding("a", "add", "Add", tooltip="Add one to the list", id="record-add"),
        Binding(
            "delete", "remove", "Remove", tooltip="Remove the highlighted one", id="record-del"
        ),
    ]

    @dataclass
    class Changed(Message, Generic[M]):
        """The records as they now are (every card valid)."""

        editor: RecordsEditor[M]
        records: tuple[M, ...]
        description: str
        structural: bool = False
        """True for an add or a remove (a refused one is taken back)."""

        @property
        def control(self) -> RecordsEditor[M]:
            """The editor that sent the message."""
            return self.editor

    def __init__(
        self,
        path: str,
        records: Sequence[R],
        rows: Sequence[Row],
        session: Session,
        *,
        new_record: Callable[[Sequence[R]], R],
        title: Callable[[R], str],
        add_label: str = "Add",
        toggle: Callable[[R], R] | None = None,
        arrangement: Arrangement = "list",
    ) -> None:
        super().__init__(id=dom_id(path), classes="-cards" if arrangement == "cards" else "")
        self.path = path
        """The records' dotted path inside the step's model, e.g. `rollback.steps`."""
        self.records = tuple(records)
        """The records in force (the last ones the step accepted)."""
        self.rows = tuple(rows)
        self.session = session
        self.new_record = new_record
        self.title = title
        self.add_label = add_label
        self.toggle = toggle
        """Ticks a record (a checklist's `done`): space in the list does it."""
        self.arrangement = arrangement
        self.selected = 0
        """The index of the record in the card (of the list layout)."""

    def compose(self) -> ComposeResult:
        """The list and the card of the selected record, or every card; the add button."""
        if self.arrangement == "cards":
            for index, record in enumerate(self.records):
                yield RecordCard(self, index, record)
        else:
            yield OptionList(*self._options(), id=dom_id(self.path, "list"), classes="record-list")
            if self.records:
                self.selected = min(self.selected, len(self.records) - 1)
                yield RecordCard(self, self.selected, self.records[self.selected])
        with ReflowRow(classes="buttons"):
            yield Button(self.add_label, classes="add", compact=True)

    def _options(self) -> list[Option]:
        return [Option(self.title(r) or f"#{i + 1}") for i, r in enumerate(self.records)]

    def on_mount(self) -> None:
        """Highlight the record in the card."""
        self._highlight()

    def _highlight(self) -> None:
        for options in self.query(".record-list").results(OptionList):
            with options.prevent(OptionList.OptionHighlighted):
                options.highlighted = self.selected if self.records else None

    @property
    def card(self) -> RecordCard[R] | None:
        """The card of the selected record, if any."""
        return next((c for c in self.cards() if c.index == self.selected), None)

    def cards(self) -> list[RecordCard[R]]:
        """The cards shown."""
        return [card for card in self.query(RecordCard) if card.editor is self]

    @on(OptionList.OptionHighlighted, ".record-list")
    async def _moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        # Only the user moves the card (the list highlights its first line when built).
        if event.option_list.has_focus and event.option_index != self.selected:
            self.selected = event.option_index
            await self._show_card()

    @on(OptionList.OptionSelected, ".record-list")
    def _opened(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._focus_card()

    def _focus_card(self) -> None:
        card = self.card
        if card is not None:
            for widget in card.query("Input, Select, Checkbox, TextArea, SelectionList"):
                widget.focus()
                break

    async def _show_card(self) -> None:
        """The list layout's card: the selected record's."""
        if self.arrangement == "cards":
            return
        for card in self.cards():
            await card.remove()
        if self.records:
            record = self.records[self.selected]
            await self.mount(RecordCard(self, self.selected, record), before=".buttons")

    @on(RecordForm.Changed)
    def _card_changed(self, event: RecordForm.Changed[R]) -> None:
        card = event.form
        if not isinstance(card, RecordCard) or card.editor is not self:
            return
        event.stop()
        records = list(self.records)
        records[card.index] = event.record
        what = f"{event.path} of {self.path}[{card.index + 1}]"
        self.post_message(self.Changed(self, tuple(records), f"Edit {what}"))

    def action_tick(self) -> None:
        """Space in the list: tick the highlighted record."""
        options = self.query(".record-list").results(OptionList)
        if self.toggle is None or not any(o.has_focus for o in options) or not self.records:
            return
        records = list(self.records)
        records[self.selected] = self.toggle(records[self.selected])
        self.post_message(self.Changed(self, tuple(records), f"Tick {self.path}"))
        self.records = tuple(records)
        self.run_worker(self._show_card(), group="record-card")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Add and remove by key only from the list (elsewhere `a` is a letter to type)."""
        if action in ("add", "remove"):
            return any(options.has_focus for options in self.query(".record-list"))
        return True

    def on_descendant_focus(self) -> None:
        """The footer offers add and remove only while the list has the keyboard."""
        self.refresh_bindings()

    @on(Button.Pressed, ".remove")
    async def _remove(self, event: Button.Pressed) -> None:
        card = next((a for a in event.button.ancestors if isinstance(a, RecordCard)), None)
        if card is None or card.editor is not self:
            return
        event.stop()
        self.selected = card.index
        await self.action_remove()

    async def action_remove(self) -> None:
        """Remove the selected record; the list keeps the keyboard."""
        if not self.records:
            return
        kept = tuple(r for i, r in enumerate(self.records) if i != self.selected)
        await self.show(kept, self.session, force=True)
        self.post_message(self.Changed(self, kept, f"Remove from {self.path}", structural=True))
        for options in self.query(".record-list").results(OptionList):
            options.focus()

    @on(Button.Pressed, ".add")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_add()

    async def action_add(self) -> None:
        """Append a new record and put the keyboard in its card."""
        records = (*self.records, self.new_record(self.records))
        self.selected = len(records) - 1
        await self.show(records, self.session, force=True)
        # Told once the list and card show them: the step's answer (`accept`, or `mark`
        # with the session's objections) lands on the new card.
        self.post_message(self.Changed(self, records, f"Add to {self.path}", structural=True))
        self._focus_card()

    async def show(self, records: Sequence[R], session: Session, force: bool = False) -> None:
        """Show `records` (after an outside change, or add/remove) — rebuilt when they differ."""
        self.session = session
        records = tuple(records)
        clean = all(not card.typed()[1] for card in self.cards())
        if not force and records == self.records and clean:
            return
        self.records = records
        await self.recompose()
        self._highlight()
        self.call_after_refresh(self._highlight)

    def accept(self, records: Sequence[R]) -> None:
        """The step applied these records: they are what the list and cards stand for now."""
        self.records = tuple(records)
        for options in self.query(".record-list").results(OptionList):
            for index, record in enumerate(self.records):
                if index < options.option_count:
                    prompt = self.title(record) or f"#{index + 1}"
                    options.replace_option_prompt_at_index(index, prompt)
        for card in self.cards():
            if card.index < len(self.records):
                card.accept(self.records[card.index])

    def mark(self, errors: Mapping[int, Mapping[str, str]]) -> None:
        """Show errors found on the whole session under the cards' fields, beside their own."""
        for card in self.cards():
            card.mark(errors.get(card.index, {}))
