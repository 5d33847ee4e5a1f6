"""Forms over one section of the session, declared as field specs instead of written out.

Context, Environments, Alerts, Pipeline, Deployment, Security and Incidents edit one
section of the session field by field. Each declares its form as groups of rows of `Spec`
(`tui.steps.fields`: a dotted path inside the section, a label, a kind); `SectionStep`
builds the controls, and on every change rebuilds the section from the fields the user
touched (`FieldEdits`; `evolve` on the nested models, so pydantic judges it exactly as it
judges a file), then the session as a whole (cross-section rules, e.g. the pipeline's
environments must exist). A refused value shows its reason under its field and is not
applied; the session keeps the last valid section. Lists of records inside the section
(secrets, channels, checklists, the environments) are edited by `RecordsEditor`s, applied
the same way by `records_changed`.

A new step is its module here (the spec and `VIEW`) and its entry in `tui.steps.STEPS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, TextArea

from tui.steps.base import StepView
from tui.steps.fields import (
    Group,
    Spec,
    build_control,
    evolve_paths,
    read_path,
    record_errors,
    show_value,
)
from tui.steps.form import FieldEdits, FormField, field_of
from tui.steps.records import RecordsEditor
from tui.steps.tool_picker import ToolPicker
from widgets.reflow_row import ReflowRow
from widgets.validation import message

if TYPE_CHECKING:
    from model.session import Session


class SectionStep(StepView):
    """A step editing `session.<section>` through a declared form."""

    DEFAULT_CSS = """
    SectionStep .group-title { text-style: bold; color: $text; margin: 1 0 0 0; }
    SectionStep FormField Checkbox { margin: 1 0 0 0; }
    SectionStep FormField TextArea { height: auto; min-height: 3; max-height: 8; }
    SectionStep FormField SelectionList { height: auto; max-height: 8; }
    """

    section: ClassVar[str] = ""
    """The session field the step edits (empty: the session itself)."""
    groups: ClassVar[tuple[Group, ...]] = ()
    """The form."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.edits: FieldEdits[BaseModel] = FieldEdits(self.specs)

    @property
    def specs(self) -> dict[str, Spec]:
        """Every field of the form by path."""
        return {spec.path: spec for group in self.groups for row in group.rows for spec in row}

    def model(self, session: Session) -> BaseModel:
        """The section of `session` the step edits."""
        section: BaseModel = getattr(session, self.section) if self.section else session
        return section

    def with_section(self, section: BaseModel) -> Session:
        """The current session with `section` in place, validated as a whole."""
        from model.session import Session, replace

        if not self.section:
            assert isinstance(section, Session)
            return section
        return replace(self.current, **{self.section: section})

    def compose_group(self, group: Group) -> ComposeResult:
        """One block of the form: its title (if any) and rows."""
        model = self.model(self.current)
        if group.title:
            yield Label(group.title, classes="group-title")
        for row in group.rows:
            with ReflowRow(classes="row"):
                for spec in row:
                    value = read_path(model, spec.path)
                    control = build_control(spec, value, self.current)
                    label = "" if spec.kind == "bool" else spec.label
                    field = FormField(label, control, spec.path, spec.hint, edits_design=True)
                    field.add_class("section-field")
                    yield field

    def compose_body(self) -> ComposeResult:
        """Every group, in order (steps with extra editors override and interleave)."""
        for group in self.groups:
            yield from self.compose_group(group)

    def fields(self) -> list[FormField]:
        """The form's own fields (not those of record editors inside the step)."""
        return list(self.query("FormField.section-field").results(FormField))

    def show_field_errors(self, errors: Mapping[str, str]) -> None:
        """Each message under its field; the other fields cleared."""
        for field in self.fields():
            field.show_error(errors.get(field.name or "", ""))

    # -- edits -------------------------------------------------------------------------

    def field_edited(self, path: str) -> None:
        """The control of `path` changed: apply every touched field that is valid; the
        refused ones show their reason and keep their last valid value in the session (one
        wrong field never blocks the others)."""
        self.edits.touch(path, self.model(self.current))
        session, errors, stray = self.edits.attempt(
            self.model(self.current), self.fields(), self.with_section, self._error_prefix
        )
        self.show_field_errors(errors)
        if stray:
            self.notify("; ".join(stray), title="Not applied", severity="error")
        if session is not None:
            self.propose(session, f"Edit {self.section or 'session'}.{path}")

    def records_changed(
        self, editor: RecordsEditor[Any], event: RecordsEditor.Changed[Any]
    ) -> None:
        """A record editor of the step holds valid records for its path in the section:
        apply them, or show the session's objections under the cards (an add or remove
        the session refuses is taken back)."""
        try:
            session = self.with_records(editor, event.records)
        except ValidationError as exc:
            errors = record_errors(exc, f"{self._error_prefix(exc)}.{editor.path}".strip("."))
            if event.structural or not errors:
                reasons = [message(e) for e in exc.errors(include_input=False, include_url=False)]
                self.notify("; ".join(reasons), title="Not applied", severity="error")
            if event.structural:
                records = read_path(self.model(self.current), editor.path)
                self.run_worker(editor.show(records, self.current, force=True), group="records")
            else:
                editor.mark(errors)
            return
        editor.mark({})
        editor.accept(event.records)
        self.propose(session, f"{event.description} ({self.section or 'session'}.{editor.path})")

    def with_records(self, editor: RecordsEditor[Any], records: Sequence[BaseModel]) -> Session:
        """The session with `records` at the editor's path (steps whose records carry
        references elsewhere override)."""
        return self.with_section(evolve_paths(self.model(self.current), {editor.path: records}))

    @on(ToolPicker.Chosen)
    def _tool_chosen(self, event: ToolPicker.Chosen) -> None:
        from model.edits import set_tool
        from widgets.validation import attempt

        event.stop()
        session, errors = attempt(lambda: set_tool(self.current, event.category, event.service_id))
        if session is None:
            self.notify("; ".join(errors.values()), title="Not changed", severity="error")
            return
        self.propose(session, f"Choose the {event.category.label} tool")
        for picker in self.query(ToolPicker):
            picker.show(session)

    @on(RecordsEditor.Changed)
    def _records_changed(self, event: RecordsEditor.Changed[Any]) -> None:
        event.stop()
        self.records_changed(event.editor, event)

    def _error_prefix(self, exc: ValidationError) -> str:
        """Errors of the whole session carry the section's name first; the section's don't."""
        return self.section if exc.title == "Session" else ""

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TextArea.Changed)
    def _control_changed(self, event: Any) -> None:
        field = field_of(event.control)
        if field is None or not field.has_class("section-field"):
            return
        event.stop()
        path = field.name or ""
        if not self.edits.is_echo(path, event, self.model(self.current)):
            self.field_edited(path)

    def focus_first(self) -> None:
        """The first control of the form — a list, never a button (enter would act)."""
        from textual.widgets import Button

        for widget in self.query("*"):
            if widget.focusable and widget is not self and not isinstance(widget, Button):
                widget.focus(scroll_visible=False)
                return

    def focus_target(self, name: str) -> None:
        """Put the keyboard on the control `name` (a CSS selector), scrolled into view."""
        found = self.query(name)
        if not found:
            self.focus_first()
            return
        target = found.first()
        if isinstance(target, ToolPicker):
            target.focus_list()
        else:
            target.focus()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving a field ends its edit: the next edit starts from the value then."""
        field = field_of(event.widget)
        if field is not None and field.has_class("section-field") and not field.error:
            self.edits.end(field.name or "")

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    # -- outside changes ---------------------------------------------------------------

    def refresh_from(self, session: Session) -> None:
        """Show another session's section in the controls, without posting changes."""
        model = self.model(session)
        specs = self.specs
        for field in self.fields():
            spec = specs.get(field.name or "")
            if spec is not None:
                show_value(spec, field.control, read_path(model, spec.path), session)
        self.edits.clear()
        self.show_field_errors({})
        for picker in self.query(ToolPicker):
            picker.show(session)
        for editor in self.query(RecordsEditor):
            records = read_path(model, editor.path)
            self.run_worker(editor.show(records, session), group="records")
