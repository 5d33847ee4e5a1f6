"""Typed fields shared by section forms and record editors: specs, controls, values.

A `Spec` names a field by its dotted path inside a model and says how it is typed. From
it come the control (`build_control`), the value typed in it shaped for pydantic
(`typed_value`, which refuses anything that looks like a credential — the check the
session loader runs on every value — without echoing it, and `typed_changes` clears it
from the control), how a value reads
(`shown_text`, `show_value`), the model with new values (`evolve_paths`, validated like
input from a file) and the errors of a refused model by field (`errors_by_path`). Which
of the typed values are applied is decided in one place, `tui.steps.form.FieldEdits`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from widgets.dom_id import dom_id
from widgets.field_input import FieldInput, FieldSelect
from widgets.service_picker import ServicePicker
from widgets.ticks import TickBox, TickList
from widgets.validation import clean_number, message, number_text

if TYPE_CHECKING:
    from model.enums import Category
    from model.session import Session

Kind = Literal[
    "text", "optional_text", "number", "optional_number", "list", "numbers", "lines", "bool",
    "choice", "optional_choice", "multi", "service",
]  # fmt: skip
"""How a field is typed: `list`/`numbers` are comma-separated, `lines` one per line,
`multi` a set of choices, `service` a catalog service of `Spec.category` on the session's
provider (picked in a `ServicePicker`, which shows price, SLA, pros and cons first)."""

M = TypeVar("M", bound=BaseModel)
"""A model a form edits (a section, a record)."""

Choices = Callable[["Session"], Sequence[tuple[str, str]]]
"""The (label, value) options of a choice, from the session (e.g. its environments)."""


@dataclass(frozen=True, slots=True)
class Spec:
    """One field of a section form."""

    path: str
    """Dotted path inside the section, e.g. `health_check.interval_seconds`."""
    label: str
    kind: Kind = "text"
    hint: str = ""
    choices: Sequence[tuple[str, str]] | Choices = ()
    """Options of `choice` and `multi` fields."""
    category: Category | None = None
    """The category whose services a `service` field offers."""
    implicit: str | None = None
    """The choice a `choice` field shows while the value is None (the catalog's default
    size); choosing it again keeps the value None, so the default stays implicit."""
    together: str = ""
    """The optional nested model this field edits with the other fields naming it (the
    bounds of `autoscaling`): touching one applies them all, and all of them empty makes
    the model None."""
    clears: tuple[str, ...] = ()
    """Paths set to None when this field is edited (a new service's sizes differ)."""

    @property
    def control_id(self) -> str:
        """The control's DOM id."""
        return dom_id(self.path)

    @property
    def field_id(self) -> str:
        """The DOM id of the `FormField` around the control (label, control, error)."""
        return dom_id("field", self.path)

    def options(self, session: Session) -> list[tuple[str, str]]:
        """The options for `session`."""
        found = self.choices(session) if callable(self.choices) else self.choices
        return list(found)


Row = tuple[Spec, ...]
"""Fields shown side by side."""


@dataclass(frozen=True, slots=True)
class Group:
    """A titled block of rows."""

    title: str
    rows: tuple[Row, ...]


def enum_choices(enum: Iterable[Any]) -> tuple[tuple[str, str], ...]:
    """(label, value) of every member of a labelled enum."""
    return tuple((getattr(m, "label", str(m.value)), str(m.value)) for m in enum)


def read_path(model: BaseModel, path: str) -> Any:
    """The value at dotted `path` inside `model` (None below an optional model that is)."""
    value: Any = model
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def check_paths(model: type[BaseModel], specs: Iterable[Spec]) -> list[str]:
    """The paths of `specs` that name no field of `model` (a test runs it over every form:
    a renamed field must not silently drop out of a form)."""
    from typing import get_args

    wrong = []
    for spec in specs:
        owner: Any = model
        for part in spec.path.split("."):
            fields = getattr(owner, "model_fields", {})
            if part not in fields:
                wrong.append(spec.path)
                break
            annotation = fields[part].annotation
            nested = [a for a in (annotation, *get_args(annotation)) if hasattr(a, "model_fields")]
            owner = nested[0] if nested else None
    return wrong


def shown_text(spec: Spec, value: Any) -> str:
    """How `value` reads in a text control of `spec`."""
    if spec.kind in ("number", "optional_number"):
        return number_text(value)
    if spec.kind in ("list", "numbers"):
        return ", ".join(number_text(v) if spec.kind == "numbers" else str(v) for v in value)
    if spec.kind == "lines":
        return "\n".join(value)
    return "" if value is None else str(value)


def build_control(spec: Spec, value: Any, session: Session) -> Widget:
    """The control editing `spec`, showing `value`."""
    ident = spec.control_id
    if spec.kind == "bool":
        return TickBox(spec.label, bool(value), id=ident, compact=True)
    if spec.kind == "service":
        return ServicePicker(
            spec.category, session.provider, value, regions=session.context.regions, id=ident
        )
    if spec.kind in ("choice", "optional_choice"):
        options = spec.options(session)
        current = choice_text(spec, value)
        known = {v for _, v in options}
        return FieldSelect(
            options,
            value=current if current in known else Select.NULL,
            allow_blank=spec.kind == "optional_choice" or current not in known,
            prompt="none" if spec.kind == "optional_choice" else "Select",
            id=ident,
            compact=True,
        )
    if spec.kind == "multi":
        chosen = {str(getattr(v, "value", v)) for v in value}
        return TickList[str](
            *((label, v, v in chosen) for label, v in spec.options(session)),
            id=ident,
            compact=True,
        )
    if spec.kind == "lines":
        return TextArea(shown_text(spec, value), id=ident, compact=True, soft_wrap=True)
    return FieldInput(shown_text(spec, value), id=ident, compact=True)


def choice_text(spec: Spec, value: Any) -> str | None:
    """The option a choice shows for `value` (an enum by its value; None as `implicit`)."""
    if value is None:
        return spec.implicit
    return str(getattr(value, "value", value))


def typed_changes(
    fields: Iterable[tuple[str, Widget]],
    specs: Mapping[str, Spec],
    touched: Iterable[str],
    origin: Mapping[str, Any],
) -> tuple[dict[str, Any], dict[str, str]]:
    """The values typed in the `touched` fields among (path, control) `fields`, shaped for
    pydantic, and the refusals by path. A field refused as a credential's value takes its
    value from before the edit (`origin`) instead: what was typed before the token became
    recognisable (a prefix of it) must not stay in the session either. The control shows
    that value again, so the credential is cleared from a shared screen at once."""
    edited = set(touched)
    groups = {specs[name].together for name in edited if name in specs} - {""}
    edited |= {path for path, spec in specs.items() if spec.together in groups}
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, control in fields:
        if name in edited and name in specs:
            spec = specs[name]
            value, refused = typed_value(spec, control)
            if refused:
                errors[name] = refused
                changes[name] = origin.get(name, value)
                show_text(spec, control, changes[name])
            elif spec.implicit is not None and value == spec.implicit and origin.get(name) is None:
                changes[name] = None
            else:
                changes[name] = value
    for name in [n for n in changes if n in specs]:
        changes.update(dict.fromkeys(specs[name].clears))
    return changes, errors


def typed_value(spec: Spec, control: Widget) -> tuple[Any, str]:
    """The value typed in `control`, shaped for pydantic, and a refusal reason ("" if none)."""
    from model.secret_scan import refuse_secret_value

    if isinstance(control, Checkbox):
        return control.value, ""
    if isinstance(control, ServicePicker):
        return control.chosen, ""
    if isinstance(control, Select):
        return (None if control.value is Select.NULL else control.value), ""
    if isinstance(control, SelectionList):
        return tuple(control.selected), ""
    text = control.text if isinstance(control, TextArea) else getattr(control, "value", "")
    try:
        refuse_secret_value(text)
    except ValueError as exc:
        return None, f"cleared: {exc}"
    kind = spec.kind
    if kind in ("number", "optional_number"):
        number = clean_number(text)
        if number is None:
            return (None, "") if kind == "optional_number" else ("", "")
        return number, ""
    if kind == "list":
        return tuple(part.strip() for part in text.split(",") if part.strip()), ""
    if kind == "numbers":
        parts = [clean_number(part) for part in text.split(",")]
        return tuple(part for part in parts if part is not None), ""
    if kind == "lines":
        return tuple(line.strip() for line in text.splitlines() if line.strip()), ""
    if kind == "optional_text":
        return (text.strip() or None), ""
    return text, ""


def evolve_paths(model: M, changes: Mapping[str, Any], optional: Iterable[str] = ()) -> M:
    """`model` with each dotted path of `changes` set, validated as input from a file.

    The nested models named in `optional` may be None: one that is starts empty, and one
    whose every changed field is None (or an unticked box) becomes None.
    """
    grouped: dict[str, Any] = {}
    emptied = dict.fromkeys(optional, True)
    for path, value in changes.items():
        head, _, rest = path.partition(".")
        if not rest:
            grouped[head] = value
            continue
        if head not in grouped:
            current = read_path(model, head)
            grouped[head] = {} if current is None else current.model_dump()
        target = grouped[head]
        parts = rest.split(".")
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value
        if value is not None and value is not False:
            emptied[head] = False
    for head, empty in emptied.items():
        if empty and head in grouped:
            grouped[head] = None
    evolve: Callable[..., M] = getattr(model, "evolve")  # noqa: B009 - Frozen only
    return evolve(**grouped)


def errors_by_path(
    exc: ValidationError, paths: Iterable[str], prefix: str = ""
) -> tuple[dict[str, str], list[str]]:
    """The first message per field path; and messages no field of the form owns."""
    known = sorted(paths, key=len, reverse=True)
    found: dict[str, str] = {}
    stray: list[str] = []
    for error in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(part) for part in error["loc"])
        if prefix:
            if not loc.startswith(prefix + ".") and loc != prefix:
                stray.append(f"{loc}: {message(error)}")
                continue
            loc = loc.removeprefix(prefix).removeprefix(".")
        owner = next(
            (p for p in known if loc == p or loc.startswith(p + ".") or p.startswith(loc + ".")),
            None,
        )
        if owner is None:
            where = loc or prefix
            stray.append(f"{where}: {message(error)}" if where else message(error))
        else:
            found.setdefault(owner, message(error))
    return found, stray


def record_errors(exc: ValidationError, prefix: str) -> dict[int, dict[str, str]]:
    """Errors under `prefix.<index>.<field>`, by record index and field."""
    found: dict[int, dict[str, str]] = {}
    for error in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(part) for part in error["loc"])
        if not loc.startswith(prefix + "."):
            continue
        index, _, field = loc.removeprefix(prefix + ".").partition(".")
        if index.isdigit():
            found.setdefault(int(index), {}).setdefault(field.split(".")[0], message(error))
    return found


def show_value(spec: Spec, control: Widget, value: Any, session: Session) -> None:
    """Put `value` in `control` without it posting a change."""
    if isinstance(control, Checkbox):
        with control.prevent(Checkbox.Changed):
            control.value = bool(value)
    elif isinstance(control, ServicePicker):
        control.provider = session.provider
        control.chosen = value
    elif isinstance(control, Select):
        with control.prevent(Select.Changed):
            options = spec.options(session)
            control.set_options(options)
            current = choice_text(spec, value)
            if current in {v for _, v in options}:
                control.value = current
            elif spec.kind == "optional_choice":
                control.clear()
    elif isinstance(control, SelectionList):
        chosen = {str(getattr(v, "value", v)) for v in value}
        with control.prevent(SelectionList.SelectedChanged):
            control.deselect_all()
            for item in chosen:
                control.select(item)
    else:
        show_text(spec, control, value)


def show_text(spec: Spec, control: Widget, value: Any) -> None:
    """Put `value` in the text control `control` (an input or a text area) without it
    posting a change. A text area forgets its undo history: nothing typed before comes
    back (a refused credential least of all)."""
    if isinstance(control, TextArea):
        text = shown_text(spec, value)
        if control.text != text:
            with control.prevent(TextArea.Changed):
                control.load_text(text)
    elif isinstance(control, Input):
        text = shown_text(spec, value)
        if control.value != text:
            with control.prevent(Input.Changed):
                control.value = text
