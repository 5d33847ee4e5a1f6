"""A form over one record: its fields declared as `Spec`s, posting the record as typed.

The component being edited, and each card of a `RecordsEditor` (a secret, a channel, an
environment), is a small model. A `RecordForm` shows one with the fields declared as
`Spec`s (the same kinds as section forms) and, after every change, builds the record from
the fields the user touched (`FieldEdits`, the rule every form shares; fields not shown
keep their values), then posts `RecordForm.Changed` with it. A refused field shows its
reason under it; the owner of the session may add errors of the whole session with
`mark` and says which record is now in force with `accept`. It is generic over the
record's model, so what its owner reads from the message is checked against the model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from model.sections.components import Component
from tui.steps.fields import Row, build_control, read_path
from tui.steps.form import FieldEdits, FormField, field_of, show_errors
from widgets.reflow_row import ReflowRow
from widgets.service_picker import ServicePicker

if TYPE_CHECKING:
    from model.session import Session

R = TypeVar("R", bound=BaseModel)
"""The model of the record edited."""
M = TypeVar("M", bound=BaseModel)
"""The same, for the message (a nested class binds its own type variable)."""


class RecordForm(Vertical, Generic[R]):
    """The fields of one record; posts `Changed` with every valid edit."""

    DEFAULT_CSS = """
    RecordForm { height: auto; }
    RecordForm FormField.-narrow { width: auto; max-width: 100%; }
    RecordForm FormField Checkbox { margin: 1 0 0 0; }
    """

    @dataclass
    class Changed(Message, Generic[M]):
        """The record as typed (every field of it valid)."""

        form: RecordForm[M]
        record: M
        path: str
        """The field the user changed."""

        @property
        def control(self) -> RecordForm[M]:
            """The form that sent the message."""
            return self.form

    def __init__(
        self,
        record: R,
        rows: Sequence[Row],
        session: Session,
        *,
        whole: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.record = record
        """The record in force (the last one its owner accepted)."""
        self._in_flight: list[R] = []
        """Records posted and not yet accepted or refused, oldest first."""
        self.rows = tuple(rows)
        self.session = session
        self.whole = whole
        """The field that shows errors of the whole record (default: the first)."""
        self.edits: FieldEdits[R] = FieldEdits({s.path: s for row in self.rows for s in row})

    @property
    def posted(self) -> R:
        """The last record this form posted, or the one in force when none is in flight:
        the next edit builds on it. Keys typed in a burst post several records before the
        owner has accepted the first; built on the record in force, the protocol typed
        after a new id carried the old id back and undid the rename."""
        return self._in_flight[-1] if self._in_flight else self.record

    def compose(self) -> ComposeResult:
        """The rows of fields."""
        for number, row in enumerate(self.rows):
            with ReflowRow(classes="row"):
                for spec in row:
                    control = build_control(spec, read_path(self.record, spec.path), self.session)
                    if isinstance(control, ServicePicker) and isinstance(self.record, Component):
                        control.set_reactive(ServicePicker.component, self.record)
                    label = "" if spec.kind == "bool" else spec.label
                    field = FormField(label, control, spec.path, spec.hint, edits_design=True)
                    if spec.kind == "bool":
                        field.add_class("-narrow")
                    yield field
                yield from self.compose_row_end(number)

    def compose_row_end(self, number: int) -> ComposeResult:
        """What ends row `number` after its fields (a card's remove button)."""
        yield from ()

    def fields(self) -> list[FormField]:
        """The record's fields."""
        return list(self.query(FormField))

    def typed(self) -> tuple[R | None, dict[str, str]]:
        """The record as typed and the errors by field (None when nothing valid can be
        built; a refused field keeps the value in force)."""
        whole = self.whole or next(iter(self.edits.specs), None)
        record, errors, _ = self.edits.attempt(
            self.posted, self.fields(), lambda record: record, whole=whole
        )
        return record, errors

    def edited(self, path: str) -> None:
        """The control of `path` changed: show the errors; post the record if it is valid."""
        self.edits.touch(path, self.record)
        record, errors = self.typed()
        show_errors(self, errors)
        if record is not None:
            self._in_flight.append(record)
            self.post_message(self.Changed(self, record, path))

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TextArea.Changed)
    def _changed(self, event: Any) -> None:
        field = field_of(event.control)
        if field is None or field.name not in self.edits.specs:
            return
        event.stop()
        if not self.edits.is_echo(field.name or "", event, self.record):
            self.edited(field.name or "")

    @on(ServicePicker.Chosen)
    def _picked(self, event: ServicePicker.Chosen) -> None:
        field = field_of(event.picker)
        if field is None or field.name not in self.edits.specs:
            return
        event.stop()
        if event.service_id != event.picker.chosen:
            event.picker.chosen = event.service_id
            self.edited(field.name or "")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving a field ends its edit: the next edit starts from the value then."""
        field = field_of(event.widget)
        if field is not None and not field.error:
            self.edits.end(field.name or "")

    def accept(self, record: R) -> None:
        """Its owner applied `record`: it is what the form stands for now."""
        self.record = record
        if record in self._in_flight:
            del self._in_flight[: self._in_flight.index(record) + 1]
        else:
            self._in_flight.clear()
        if isinstance(record, Component):
            for picker in self.query(ServicePicker):
                picker.component = record

    def mark(self, errors: Mapping[str, str]) -> None:
        """Show errors found on the whole session under the fields, beside the form's own
        (a refused credential stays marked after the rest is applied). The refused record
        is not built on: the next edit starts from the record in force."""
        self._in_flight.clear()
        show_errors(self, {**self.typed()[1], **errors})
