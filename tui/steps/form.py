"""Form fields with their error line, and the one rule for which typed values apply.

A `FormField` is a label, a control and an error under it; the label and the error wrap to
the field's width, so neither is cut off mid-word in a narrow column. Every form — a
section step, a record's card, the component editor — validates what was typed after every
change and shows the messages by field name under their fields (`show_errors`).

`FieldEdits` is what those forms share: which fields the user touched and what they held
before, and `FieldEdits.attempt`, which builds the model from the touched fields only (an
untouched control may show a value differently from how it is stored: a multi-line note
in a one-line input), leaves out the refused ones (one wrong field never blocks the
others; the session keeps its last valid value) and returns the errors by field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, Label, TextArea

from tui.steps.fields import (
    Spec,
    errors_by_path,
    evolve_paths,
    read_path,
    shown_text,
    typed_changes,
)
from widgets.dom_id import dom_id
from widgets.field_input import FieldInput
from widgets.validation import RefusalChanged

M = TypeVar("M", bound=BaseModel)
"""The model a form edits."""
T = TypeVar("T")
"""What the form builds from it (the model itself, or the session holding it)."""


class FormField(Vertical):
    """A labelled control with an error line; its `name` is the model field it edits."""

    DEFAULT_CSS = """
    FormField { height: auto; width: 1fr; margin: 0 1 1 0; }
    FormField > .field-label { color: $text-muted; width: 100%; height: auto; }
    FormField > .field-error { color: $error; width: 100%; height: auto; }
    FormField > Input.-invalid { background: $error 25%; }
    FormField > .field-error.-empty { display: none; }
    """

    def __init__(
        self, label: str, control: Widget, name: str, hint: str = "", *, edits_design: bool = False
    ) -> None:
        super().__init__(name=name, id=dom_id("field", name))
        self.edits_design = edits_design
        """Whether what is typed applies to the design as it is typed (a section's or a
        record's field): refused, it leaves the design at its last valid value. The other
        fields are read when a button is pressed (a new design's name, a folder)."""
        self.caption = label
        """The label without its hint (what the live panel names a refused field by)."""
        self.label = label + (f" ({hint})" if hint else "")
        self.control = control
        self.error = ""
        """The message shown, empty when the value is fine."""

    def needed_width(self) -> int:
        """The cells the field needs whole (`widgets.reflow_row`): its label, a checkbox's
        box and label, or a short input; the right margin and the focus column included."""
        from textual.widgets import Checkbox, Select, TextArea

        control = self.control
        if isinstance(control, Checkbox):
            need = len(str(control.label)) + 5
        elif isinstance(control, (Select, TextArea)):
            need = 24
        else:
            need = 12
        return max(len(self.label), need) + 2

    def compose(self) -> ComposeResult:
        """Label (when there is one) and control; the error line is added by the first
        error (most fields never show one, and every widget costs each layout pass)."""
        if self.label:
            yield Label(self.label, classes="field-label")
        yield self.control

    def show_error(self, message: str) -> None:
        """Show `message` under the control (empty hides it) and mark the control."""
        if message == self.error:
            return
        self.error = message
        shown = self.query(".field-error").results(Label)
        label = next(shown, None)
        if label is not None:
            label.update(message)
            label.set_class(not message, "-empty")
        elif message:
            self.mount(Label(message, classes="field-error"))
        self.control.set_class(bool(message), "-invalid")
        if message:
            self._forget_credential()
        if self.edits_design:
            self.post_message(RefusalChanged(self, self.caption, bool(message)))

    def _forget_credential(self) -> None:
        """Empty the control when the text it holds looks like a credential: whatever the
        refusal is about, a credential does not stay on a shared screen. (Forms built on
        `FieldEdits` have already put the value in force back; this covers the fields
        read only when a button is pressed, such as the new design's name.)"""
        from model.secret_scan import find_secret

        control = self.control
        if isinstance(control, Input) and find_secret(control.value) is not None:
            with control.prevent(Input.Changed):
                control.value = ""
        elif isinstance(control, TextArea) and find_secret(control.text) is not None:
            with control.prevent(TextArea.Changed):
                control.load_text("")


def text_field(
    label: str, name: str, value: str, hint: str = "", placeholder: str = ""
) -> FormField:
    """A `FormField` with an `Input` holding `value` (for forms that are not a model's)."""
    control = FieldInput(value, placeholder=placeholder, id=dom_id(name), compact=True)
    return FormField(label, control, name, hint)


def show_errors(root: DOMNode, errors: Mapping[str, str]) -> None:
    """Put each message under its field below `root`; clear the others."""
    for field in root.query(FormField):
        field.show_error(errors.get(field.name or "", ""))


def field_of(widget: Widget) -> FormField | None:
    """The form field `widget` is the control of (or inside), if any."""
    return next((a for a in widget.ancestors_with_self if isinstance(a, FormField)), None)


class FieldEdits(Generic[M]):
    """The fields of one form the user touched, and what each held before."""

    def __init__(self, specs: Mapping[str, Spec]) -> None:
        self.specs = dict(specs)
        """The form's fields by path."""
        self.touched: set[str] = set()
        self.origin: dict[str, Any] = {}
        """Each touched field's value before the user began editing it."""
        self.cleared: dict[str, str] = {}
        """Fields whose text was refused as a credential and cleared, with the refusal:
        the field no longer holds what was refused, yet says why until it is edited."""

    def is_echo(self, path: str, event: object, model: M) -> bool:
        """Whether `event` is not the user's edit: an input reporting the value it was
        given (inputs post a change when mounted), or a change the input has moved past
        (it shows another value now). A stale change must not apply: a later keystroke
        brings its own, and a value the app put there since (another session shown, such
        as a recovered autosave) is already the session's; applying the stale one undid a
        recovery made while the step was still mounting."""
        if not isinstance(event, Input.Changed):
            return False
        if event.value != event.input.value:
            return True
        spec = self.specs.get(path)
        return (
            spec is not None
            and path not in self.touched
            and event.value == shown_text(spec, read_path(model, path))
        )

    def touch(self, path: str, model: M) -> None:
        """The user edited the field at `path` of `model` (its value before is kept; a
        credential cleared from it before is forgotten, the new text is judged afresh)."""
        self.cleared.pop(path, None)
        if path not in self.touched:
            self.origin[path] = read_path(model, path)
            self.touched.add(path)

    def end(self, path: str) -> None:
        """The user left the field at `path` with a valid value: the next edit starts from
        the value then."""
        self.origin.pop(path, None)
        self.touched.discard(path)

    def clear(self) -> None:
        """Another model is shown: nothing is being edited."""
        self.touched.clear()
        self.origin.clear()
        self.cleared.clear()

    def attempt(
        self,
        model: M,
        fields: Iterable[FormField],
        build: Callable[[M], T],
        prefix: Callable[[ValidationError], str] = lambda exc: "",
        whole: str | None = None,
    ) -> tuple[T | None, dict[str, str], list[str]]:
        """`build` of `model` with the touched `fields` as typed, leaving out the refused
        ones; the errors by field path; and the messages no field owns (shown under the
        field `whole` instead, when there is one). None when even that is refused.

        `prefix` is the location of `model` in the errors `build` raises (a section's name
        in the errors of the whole session)."""
        specs = self.specs
        controls = ((field.name or "", field.control) for field in fields)
        changes, errors = typed_changes(controls, specs, self.touched, self.origin)
        self.cleared.update(errors)
        errors = {**{p: m for p, m in self.cleared.items() if p in specs}, **errors}
        optional = {spec.together for spec in specs.values()} - {""}
        while True:
            try:
                return build(evolve_paths(model, changes, optional)), errors, []
            except ValidationError as exc:
                found, stray = errors_by_path(exc, specs, prefix(exc))
                if stray and whole is not None:
                    found.setdefault(whole, "; ".join(stray))
                    stray = []
                for path, text in found.items():
                    errors.setdefault(path, text)
                refused = {path for path in found if path in changes}
                if stray or not refused:
                    return None, errors, stray
                changes = {p: v for p, v in changes.items() if p not in refused}
