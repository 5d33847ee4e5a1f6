"""Form fields with their error line, shared by the steps that edit a section.

A `FormField` is a label, an input (or any control) and an error line under it. The
steps validate the whole section after every keystroke and call `show_errors` with the
messages by field name, so the reason a value is refused stands right under it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, Label

from widgets.dom_id import dom_id
from widgets.field_input import FieldInput


class FormField(Vertical):
    """A labelled control with an error line; its `name` is the model field it edits."""

    DEFAULT_CSS = """
    FormField { height: auto; width: 1fr; margin: 0 1 1 0; }
    FormField > .field-label { color: $text-muted; }
    FormField > .field-error { color: $error; height: auto; }
    FormField > Input.-invalid { background: $error 25%; }
    FormField > .field-error.-empty { display: none; }
    FormField > .field-label.-empty { display: none; }
    """

    def __init__(self, label: str, control: Widget, name: str, hint: str = "") -> None:
        super().__init__(name=name, id=dom_id("field", name))
        self.label = label + (f" ({hint})" if hint else "")
        self.control = control
        self.error = ""
        """The message shown, empty when the value is fine."""

    def compose(self) -> ComposeResult:
        """Label, control, error line."""
        yield Label(self.label, classes="field-label" + ("" if self.label else " -empty"))
        yield self.control
        yield Label("", classes="field-error -empty")

    def show_error(self, message: str) -> None:
        """Show `message` under the control (empty hides it) and mark the control."""
        if message == self.error:
            return
        self.error = message
        label = self.query_one(".field-error", Label)
        label.update(message)
        label.set_class(not message, "-empty")
        self.control.set_class(bool(message), "-invalid")


def text_field(
    label: str, name: str, value: str, hint: str = "", placeholder: str = ""
) -> FormField:
    """A `FormField` with an `Input` holding `value` (its id is still the field name: the
    hand-written forms using it look their inputs up by name)."""
    control = FieldInput(value, placeholder=placeholder, id=name.replace(".", "-"), compact=True)
    return FormField(label, control, name, hint)


def show_errors(root: DOMNode, errors: Mapping[str, str]) -> None:
    """Put each message under its field below `root`; clear the others."""
    for field in root.query(FormField):
        field.show_error(errors.get(field.name or "", ""))


def set_inputs(root: DOMNode, values: Mapping[str, str], skip: Iterable[Input] = ()) -> None:
    """Set inputs by field name without posting `Changed` (refresh after an outside change)."""
    skipped = set(skip)
    for field in root.query(FormField):
        control = field.control
        if isinstance(control, Input) and field.name in values and control not in skipped:
            text = values[field.name or ""]
            if control.value != text:
                with control.prevent(Input.Changed):
                    control.value = text
