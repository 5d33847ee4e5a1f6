"""An editor for a list of records of one model: the list, the highlighted one's card, add
and remove.

Secrets, notification channels, severity levels and checklists are all tuples of small
models. `RecordsEditor` lists them by title and edits the highlighted one in a card with
the fields declared as `Spec`s (the same kinds as section forms) — one card at a time,
which keeps a step of many records as quick to type in as a short form. The card is
validated as the model after every change (`evolve` of the record, so fields not shown
keep their values), and `RecordsEditor.Changed` is posted with the whole tuple once it is
valid. A refused field shows its reason under it; the step owning the session may add
errors of the whole session with `mark` (a duplicate name, a secret not listed). For
checklists, space in the list ticks the highlighted item (`toggle`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, OptionList, Select, SelectionList, TextArea
from textual.widgets.option_list import Option

from tui.steps.fields import (
    Row,
    build_control,
    errors_by_path,
    evolve_paths,
    read_path,
    shown_text,
    typed_changes,
)
from tui.steps.form import FormField, show_errors
from widgets.dom_id import dom_id

if TYPE_CHECKING:
    from model.session import Session

NewRecord = Callable[[Sequence[BaseModel]], BaseModel]
"""Builds the record "Add" appends, given the records there are (to pick a free name)."""


class RecordCard(Vertical):
    """The fields of one record."""

    DEFAULT_CSS = """
    RecordCard { height: auto; border: round $primary-muted; padding: 0 1; }
    RecordCard > Horizontal { height: auto; }
    RecordCard FormField.-narrow { width: auto; }
    RecordCard .remove { min-width: 3; margin: 1 0 0 0; }
    """

    def __init__(self, editor: RecordsEditor, index: int, record: BaseModel) -> None:
        super().__init__(classes="record")
        self.editor = editor
        self.index = index
        self.record = record
        self.touched: set[str] = set()
        self.origin: dict[str, Any] = {}
        """Each touched field's value before the user began editing it."""

    def compose(self) -> ComposeResult:
        """The rows of fields; remove (✕) ends the first row."""
        editor = self.editor
        self.border_title = editor.title(self.record)
        for number, row in enumerate(editor.rows):
            with Horizontal():
                for spec in row:
                    control = build_control(spec, read_path(self.record, spec.path), editor.session)
                    label = "" if spec.kind == "bool" else spec.label
                    field = FormField(label, control, spec.path, spec.hint)
                    if spec.kind == "bool":
                        field.add_class("-narrow")
                    yield field
                if number == 0:
                    yield Button("✕", classes="remove", compact=True, tooltip="Remove this one")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving a field ends its edit: the next edit starts from the value then."""
        field = next((a for a in event.widget.ancestors if isinstance(a, FormField)), None)
        if field is not None and not field.error:
            self.origin.pop(field.name or "", None)
            self.touched.discard(field.name or "")

    def touch(self, name: str) -> None:
        """The user edited field `name` (its value before is kept, see `typed`)."""
        if name not in self.touched:
            self.origin[name] = read_path(self.record, name)
            self.touched.add(name)

    def typed(self) -> tuple[BaseModel | None, dict[str, str]]:
        """The record as typed (touched fields only) and the errors by field; None for the
        record when a field is invalid. A field refused as a credential's value takes its
        value from before the edit instead, so no prefix of a token stays in the session."""
        specs = self.editor.specs
        fields = ((field.name or "", field.control) for field in self.query(FormField))
        changes, errors = typed_changes(fields, specs, self.touched, self.origin)
        try:
            return evolve_paths(self.record, changes), errors
        except ValidationError as exc:
            found, stray = errors_by_path(exc, specs)
            if stray:
                first = next(iter(specs))
                found.setdefault(first, "; ".join(stray))
            return None, {**found, **errors}


class RecordsEditor(Vertical):
    """A list of records and the card of the highlighted one; posts `Changed` with every
    valid edit."""

    DEFAULT_CSS = """
    RecordsEditor { height: auto; margin: 0 0 1 0; }
    RecordsEditor > OptionList { height: auto; max-height: 10; }
    RecordsEditor > .buttons { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick", show=False, id="record-tick"),
        Binding("a", "add", "Add", tooltip="Add one to the list", id="record-add"),
        Binding(
            "delete", "remove", "Remove", tooltip="Remove the highlighted one", id="record-del"
        ),
    ]

    @dataclass
    class Changed(Message):
        """The records as they now are (the card is valid)."""

        editor: RecordsEditor
        records: tuple[Any, ...]
        description: str

        @property
        def control(self) -> RecordsEditor:
            """The editor that sent the message."""
            return self.editor

    def __init__(
        self,
        path: str,
        records: Sequence[BaseModel],
        rows: Sequence[Row],
        session: Session,
        *,
        new_record: NewRecord,
        title: Callable[[BaseModel], str],
        add_label: str = "Add",
        toggle: str | None = None,
    ) -> None:
        super().__init__(id=dom_id(path))
        self.path = path
        """The records' dotted path inside the step's section, e.g. `rollback.steps`."""
        self.records = tuple(records)
        self.rows = tuple(rows)
        self.session = session
        self.new_record = new_record
        self.title = title
        self.add_label = add_label
        self.toggle = toggle
        """A bool field that space in the list flips (a checklist's `done`)."""
        self.selected = 0
        """The index of the record in the card."""
        self.specs = {spec.path: spec for row in self.rows for spec in row}

    def compose(self) -> ComposeResult:
        """The list, the card of the selected record, the add button."""
        yield OptionList(*self._options(), id=dom_id(self.path, "list"), classes="record-list")
        if self.records:
            self.selected = min(self.selected, len(self.records) - 1)
            yield RecordCard(self, self.selected, self.records[self.selected])
        with Horizontal(classes="buttons"):
            yield Button(self.add_label, classes="add", compact=True)

    def _options(self) -> list[Option]:
        return [Option(self.title(r) or f"#{i + 1}") for i, r in enumerate(self.records)]

    def on_mount(self) -> None:
        """Highlight the record in the card."""
        self._highlight()

    def _highlight(self) -> None:
        options = self.query_one(".record-list", OptionList)
        with options.prevent(OptionList.OptionHighlighted):
            options.highlighted = self.selected if self.records else None

    @property
    def card(self) -> RecordCard | None:
        """The card of the selected record, if any."""
        return next(iter(self.query(RecordCard)), None)

    def cards(self) -> list[RecordCard]:
        """The card shown (a list, for callers that need not care)."""
        return list(self.query(RecordCard))

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
        card = self.card
        if card is not None:
            await card.remove()
        if self.records:
            record = self.records[self.selected]
            await self.mount(RecordCard(self, self.selected, record), before=".buttons")

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TextArea.Changed)
    def _changed(self, event: Any) -> None:
        event.stop()
        card = next((a for a in event.control.ancestors if isinstance(a, RecordCard)), None)
        field = next((a for a in event.control.ancestors if isinstance(a, FormField)), None)
        if card is None or field is None or field.name not in self.specs:
            return
        name = field.name or ""
        if isinstance(event, Input.Changed) and name not in card.touched:
            spec = self.specs[name]
            if event.value == shown_text(spec, read_path(card.record, spec.path)):
                return  # an input reporting its first value
        card.touch(name)
        record, errors = card.typed()
        show_errors(card, errors)
        if record is not None:
            records = list(self.records)
            records[card.index] = record
            what = f"{name} of {self.path}[{card.index + 1}]"
            self.post_message(self.Changed(self, tuple(records), f"Edit {what}"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    def action_tick(self) -> None:
        """Space in the list: flip the highlighted record's `toggle` field."""
        options = self.query_one(".record-list", OptionList)
        if self.toggle is None or not options.has_focus or not self.records:
            return
        record = self.records[self.selected]
        flipped = record.model_validate(
            {**dict(record), self.toggle: not getattr(record, self.toggle)}
        )
        records = list(self.records)
        records[self.selected] = flipped
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
        event.stop()
        await self.action_remove()

    async def action_remove(self) -> None:
        """Remove the record in the card; the list keeps the keyboard."""
        if not self.records:
            return
        kept = tuple(r for i, r in enumerate(self.records) if i != self.selected)
        await self.show(kept, self.session, force=True)
        self._rebuilt(kept, f"Remove from {self.path}")
        self.query_one(".record-list", OptionList).focus()

    @on(Button.Pressed, ".add")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_add()

    async def action_add(self) -> None:
        """Append a new record and put the keyboard in its card."""
        records = (*self.records, self.new_record(self.records))
        self.selected = len(records) - 1
        await self.show(records, self.session, force=True)
        self._rebuilt(records, f"Add to {self.path}")
        self._focus_card()

    def _rebuilt(self, records: tuple[BaseModel, ...], description: str) -> None:
        """Tell the step about `records` once the list and card show them: its answer
        (`accept`, or `mark` with the session's objections) lands on the new card."""
        self.post_message(self.Changed(self, records, description))

    async def show(
        self, records: Sequence[BaseModel], session: Session, force: bool = False
    ) -> None:
        """Show `records` (after an outside change, or add/remove) — rebuilt when they differ."""
        self.session = session
        records = tuple(records)
        card = self.card
        if not force and records == self.records and (card is None or not card.typed()[1]):
            return
        self.records = records
        await self.recompose()
        self._highlight()
        self.call_after_refresh(self._highlight)

    def accept(self, records: Sequence[BaseModel]) -> None:
        """The step applied these records: they are what the list and card stand for now."""
        self.records = tuple(records)
        options = self.query_one(".record-list", OptionList)
        for index, record in enumerate(self.records):
            if index < options.option_count:
                options.replace_option_prompt_at_index(index, self.title(record) or f"#{index + 1}")
        card = self.card
        if card is not None and card.index < len(self.records):
            card.record = self.records[card.index]
            card.border_title = self.title(card.record)

    def mark(self, errors: Mapping[int, Mapping[str, str]]) -> None:
        """Show errors found on the whole session under the card's fields, beside its own
        (a refused credential stays marked after the rest is applied)."""
        card = self.card
        if card is not None:
            show_errors(card, {**card.typed()[1], **errors.get(card.index, {})})
