"""The tool of one category — secrets manager, TLS certificates, WAF, pager — chosen from
the catalog in a step that is not Components.

Security and Incidents decide tools that are components of the design (so they are
priced, drawn and challenged like any other). `ToolPicker` shows which service the
design uses for a category, lists the provider's candidates with price, SLA, pros and
cons (the service picker of the Components step) after a first option "none chosen", and
posts `ToolPicker.Chosen` with the chosen service, or None when the team goes without
the tool. Going without is a choice in the list, said in words, not a "None" button
beside the tool that reads like its value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from widgets.dom_id import dom_id
from widgets.service_picker import NONE_CHOSEN, ServicePicker

if TYPE_CHECKING:
    from model.enums import Category
    from model.session import Session


def in_use(session: Session, category: Category) -> Text:
    """What the design uses for `category`, in one line."""
    from model.catalog import load_catalog

    members = session.components_in(category)
    text = Text(f"{category.label}: ", style="bold")
    if not members:
        return text.append(NONE_CHOSEN, style="italic")
    catalog = load_catalog()
    names = []
    for member in members:
        service = catalog.get(member.service)
        names.append(f"{service.label if service else member.service} ({member.id})")
    return text.append(", ".join(names))


class ToolPicker(Vertical):
    """The service used for one category, and the candidates to change it."""

    DEFAULT_CSS = """
    ToolPicker {
        height: auto;
        margin: 0 0 1 0;
        & ServicePicker > OptionList { max-height: 5; }
        & ServicePicker > #details { display: none; }
        &:focus-within { background-tint: $foreground 4%; }
        &:focus-within ServicePicker > #details { display: block; }
    }
    """

    @dataclass
    class Chosen(Message):
        """The team picked a service for the category (None: no tool)."""

        picker: ToolPicker
        category: Category
        service_id: str | None

        @property
        def control(self) -> ToolPicker:
            """The picker that sent the message."""
            return self.picker

    def __init__(self, category: Category, session: Session) -> None:
        super().__init__(id=dom_id("tool", category.value))
        self.category = category
        self.session = session

    def _chosen(self) -> str | None:
        members = self.session.components_in(self.category)
        return members[0].service if members else None

    def compose(self) -> ComposeResult:
        """The line saying what is used, then "none chosen" and the candidates (their
        price, SLA, pros and cons show while the list has the keyboard)."""
        yield Static(in_use(self.session, self.category), classes="in-use")
        yield ServicePicker(
            self.category,
            self.session.provider,
            self._chosen(),
            regions=self.session.context.regions,
            optional=True,
        )

    def focus_list(self) -> None:
        """Put the keyboard in the candidates."""
        self.query_one(ServicePicker).focus_list()

    def show(self, session: Session) -> None:
        """Show `session`'s choice (after any change)."""
        self.session = session
        self.query_one(".in-use", Static).update(in_use(session, self.category))
        picker = self.query_one(ServicePicker)
        picker.provider = session.provider
        picker.chosen = self._chosen()

    @on(ServicePicker.Chosen)
    def _picked(self, event: ServicePicker.Chosen) -> None:
        event.stop()
        self.post_message(self.Chosen(self, self.category, event.service_id))
