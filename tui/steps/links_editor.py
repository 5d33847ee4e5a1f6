"""The links editor: who talks to whom, with what, on which kind of path.

Until the team edits them, links are derived from the categories (users → DNS → CDN → …).
The first edit makes the derived links explicit; "Use derived links" goes back to
deriving them. Each valid change posts `LinksEditor.Changed` with the new links; an
invalid new link (unknown end, a self-link, a duplicate) shows its reason and is not added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Select, Static

from tui.steps.form import FormField, show_errors, text_field
from widgets.reflow_row import ReflowRow

if TYPE_CHECKING:
    from model.sections.components import Link
    from model.session import Session


class LinksEditor(Vertical):
    """A table of links with add, remove and reset."""

    DEFAULT_CSS = """
    LinksEditor { height: auto; }
    LinksEditor > DataTable { height: auto; max-height: 14; }
    LinksEditor .row { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace", "remove", "Remove link", tooltip="Remove the selected link"),
    ]

    @dataclass
    class Changed(Message):
        """The links changed (an empty tuple means derive them again)."""

        links: tuple[Link, ...]

    def __init__(self, session: Session) -> None:
        super().__init__(id="links-editor")
        self.session = session

    def compose(self) -> ComposeResult:
        """Table, the add form, buttons."""
        from model.edits import explicit_links, link_endpoints

        derived = not self.session.links
        yield Static(
            "Derived from the categories; editing makes them explicit."
            if derived
            else "Edited by the team.",
            classes="note",
        )
        table: DataTable[str] = DataTable(id="links", cursor_type="row")
        table.add_columns("From", "To", "Label", "Kind")
        for index, link in enumerate(explicit_links(self.session)):
            table.add_row(link.source, link.target, link.label, link.kind, key=str(index))
        yield table
        ends = link_endpoints(self.session)
        with ReflowRow(classes="row"):
            yield FormField(
                "From",
                Select([(e, e) for e in ends], allow_blank=False, id="source", compact=True),
                "source",
            )
            yield FormField(
                "To",
                Select([(e, e) for e in ends[1:]], allow_blank=False, id="target", compact=True),
                "target",
            )
        with ReflowRow(classes="row"):
            yield text_field("Label", "label", "", placeholder="HTTPS, SQL, jobs…")
            yield FormField(
                "Kind",
                Select(
                    [(k, k) for k in ("request", "async", "side")],
                    value="request",
                    allow_blank=False,
                    id="kind",
                    compact=True,
                ),
                "kind",
            )
        with ReflowRow(classes="buttons"):
            yield Button("Add link", id="add-link", variant="primary", compact=True)
            yield Button("Remove selected", id="remove-link", compact=True)
            if not derived:
                yield Button("Use derived links", id="derive-links", compact=True)

    def links(self) -> tuple[Link, ...]:
        """The links shown (explicit form)."""
        from model.edits import explicit_links

        return explicit_links(self.session)

    @on(Button.Pressed, "#add-link")
    def add(self) -> None:
        """Add the link described by the form."""
        from pydantic import ValidationError

        from model.sections.components import Link
        from model.session import replace
        from widgets.validation import field_errors

        values = {
            name: self.query_one(f"#{name}", Select).value for name in ("source", "target", "kind")
        }
        label = self.query_one("#label", Input).value
        try:
            link = Link(
                source=str(values["source"]),
                target=str(values["target"]),
                label=label,
                kind=values["kind"],  # type: ignore[arg-type]
            )
            replace(self.session, links=(*self.links(), link))
        except ValidationError as exc:
            errors = field_errors(exc, depth=3)
            reasons = {key.rsplit(".", 1)[-1]: text for key, text in errors.items()}
            show_errors(self, reasons)
            return
        show_errors(self, {})
        self.post_message(self.Changed((*self.links(), link)))

    @on(Button.Pressed, "#remove-link")
    def action_remove(self) -> None:
        """Remove the link under the table's cursor."""
        table = self.query_one("#links", DataTable)
        links = self.links()
        if not links or table.cursor_row < 0:
            return
        index = min(table.cursor_row, len(links) - 1)
        self.post_message(self.Changed(links[:index] + links[index + 1 :]))

    @on(Button.Pressed, "#derive-links")
    def derive(self) -> None:
        """Go back to links derived from the categories."""
        self.post_message(self.Changed(()))
