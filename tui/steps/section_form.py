"""Forms over one section of the session, declared as field specs instead of written out.

Pipeline, Deployment, Security and Incidents edit nested models field by field. Each
declares its form as groups of rows of `Spec` (`tui.steps.fields`: a dotted path inside
the section, a label, a kind); `SectionStep` builds the controls, and on every change
rebuilds the section from the fields the user touched (`evolve` on the nested models, so
pydantic judges it exactly as it judges a file), then the session as a whole
(cross-section rules, e.g. the pipeline's environments must exist). A refused value shows
its reason under its field and is not applied; the session keeps the last valid section.
Lists of records inside the section (secrets, channels, checklists) are edited by
`RecordsEditor`s, applied the same way by `records_changed`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, TextArea

from tui.steps.base import StepView
from tui.steps.fields import (
    Group,
    Spec,
    build_control,
    errors_by_path,
    evolve_paths,
    read_path,
    record_errors,
    show_value,
    shown_text,
    typed_changes,
)
from tui.steps.form import FormField
from tui.steps.records import RecordsEditor
from tui.steps.tool_picker import ToolPicker

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
    """The session field the step edits."""
    groups: ClassVar[tuple[Group, ...]] = ()
    """The form."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._touched: set[str] = set()
        self._origin: dict[str, Any] = {}
        """Each touched field's value before the user began editing it."""

    @property
    def specs(self) -> dict[str, Spec]:
        """Every field of the form by path."""
        return {spec.path: spec for group in self.groups for row in group.rows for spec in row}

    def compose_group(self, group: Group) -> ComposeResult:
        """One block of the form: its title and rows."""
        model = getattr(self.current, self.section)
        yield Label(group.title, classes="group-title")
        for row in group.rows:
            with Horizontal(classes="row"):
                for spec in row:
                    value = read_path(model, spec.path)
                    control = build_control(spec, value, self.current)
                    label = "" if spec.kind == "bool" else spec.label
                    field = FormField(label, control, spec.path, spec.hint)
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
        specs = self.specs
        if path not in self._origin and path in specs:
            self._origin[path] = read_path(getattr(self.current, self.section), path)
        self._touched.add(path)
        fields = ((field.name or "", field.control) for field in self.fields())
        changes, errors = typed_changes(fields, specs, self._touched, self._origin)
        session, stray = self._build(changes, errors)
        self.show_field_errors(errors)
        if stray:
            self.notify("; ".join(stray), title="Not applied", severity="error")
        if session is not None:
            self.propose(session, f"Edit {self.section}.{path}")

    def _build(
        self, changes: dict[str, Any], errors: dict[str, str]
    ) -> tuple[Session | None, list[str]]:
        """The session with `changes`, leaving out the fields refused (added to `errors`);
        None and the messages no field owns when even that is refused."""
        from model.session import replace

        model = getattr(self.current, self.section)
        while True:
            try:
                section = evolve_paths(model, changes)
                return replace(self.current, **{self.section: section}), []
            except ValidationError as exc:
                found, stray = errors_by_path(exc, self.specs, self._error_prefix(exc))
                refused = {p for p in found if p in changes}
                errors.update(found)
                if stray or not refused:
                    return None, stray
                changes = {p: v for p, v in changes.items() if p not in refused}

    def records_changed(self, editor: RecordsEditor, records: tuple[Any, ...], what: str) -> None:
        """A record editor of the step holds valid records for its path in the section:
        apply them, or show the session's objections under the cards."""
        from model.session import replace

        path = editor.path
        model = getattr(self.current, self.section)
        try:
            section = evolve_paths(model, {path: records})
            session = replace(self.current, **{self.section: section})
        except ValidationError as exc:
            editor.mark(record_errors(exc, f"{self._error_prefix(exc)}.{path}".lstrip(".")))
            return
        editor.mark({})
        editor.accept(records)
        self.propose(session, f"{what} ({self.section}.{path})")

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
    def _records_changed(self, event: RecordsEditor.Changed) -> None:
        event.stop()
        self.records_changed(event.editor, event.records, event.description)

    def _error_prefix(self, exc: ValidationError) -> str:
        """Errors of the whole session carry the section's name first; the section's don't."""
        return self.section if exc.title == "Session" else ""

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TextArea.Changed)
    def _control_changed(self, event: Any) -> None:
        field = next((a for a in event.control.ancestors if isinstance(a, FormField)), None)
        if field is None or field.name not in self.specs:
            return
        event.stop()
        if isinstance(event, Input.Changed) and field.name not in self._touched:
            # Inputs report their first value as a change when mounted.
            model = getattr(self.current, self.section)
            spec = self.specs[field.name or ""]
            if event.value == shown_text(spec, read_path(model, spec.path)):
                return
        self.field_edited(field.name or "")

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
        field = next((a for a in event.widget.ancestors if isinstance(a, FormField)), None)
        if field is not None and field.has_class("section-field") and not field.error:
            self._origin.pop(field.name or "", None)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    # -- outside changes ---------------------------------------------------------------

    def refresh_from(self, session: Session) -> None:
        """Show another session's section in the controls, without posting changes."""
        model = getattr(session, self.section)
        specs = self.specs
        for field in self.fields():
            spec = specs.get(field.name or "")
            if spec is not None:
                show_value(spec, field.control, read_path(model, spec.path), session)
        self._touched.clear()
        self._origin.clear()
        self.show_field_errors({})
        for picker in self.query(ToolPicker):
            picker.show(session)
        for editor in self.query(RecordsEditor):
            records = read_path(model, editor.path)
            self.run_worker(editor.show(records, session), group="records")
