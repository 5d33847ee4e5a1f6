"""The help screen (`?` / F1): every key and what each step is for.

Nothing here is written by hand: the keys come from the command definitions
(`tui.commands.COMMANDS`, shown as the app currently binds them, so a user keymap shows
through), the keys of the place the keyboard is in come from the bindings active there,
and the steps' purposes from the step registry (`tui.steps.STEPS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.commands import COMMANDS
from tui.steps import STEPS

if TYPE_CHECKING:
    from textual.app import App


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One line of the keys table."""

    keys: str
    what: str
    detail: str = ""


def key_text(app: App[Any], keys: str) -> str:
    """`keys` (comma-separated Textual key names) as the app displays them."""
    shown = [app.get_key_display(Binding(key.strip(), "")) for key in keys.split(",")]
    return " / ".join(dict.fromkeys(shown))


def command_rows(app: App[Any]) -> list[KeyRow]:
    """Every app command with the key(s) bound to it now (a keymap may have changed them)."""
    bound: dict[str, str] = {}
    for key, active in app.screen.active_bindings.items():
        if active.binding.id is not None:
            bound.setdefault(active.binding.id, key)
    rows = []
    for command in COMMANDS:
        keys = bound.get(command.id, command.key)
        if command.id in bound and "," in command.key:
            keys = command.key  # every default key still works: show them all
        rows.append(KeyRow(key_text(app, keys), command.title, command.help))
    rows.append(KeyRow(key_text(app, "ctrl+p"), "Command palette", "Search every command"))
    return rows


def local_rows(app: App[Any]) -> list[KeyRow]:
    """The keys of the widget the keyboard is in (and its step) that are shown in the
    footer or, when kept off it for room, carry a tooltip."""
    ours = {command.id for command in COMMANDS}
    rows = []
    seen: set[str] = set()
    for key, active in app.screen.active_bindings.items():
        binding = active.binding
        hidden = not binding.show and not binding.tooltip
        if binding.id in ours or hidden or not binding.description or active.node is app:
            continue
        if binding.description in seen:
            continue
        seen.add(binding.description)
        rows.append(KeyRow(key_text(app, key), binding.description, binding.tooltip))
    return rows


def steps_table() -> Table:
    """Every step and what it decides."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for number, step in enumerate(STEPS, start=1):
        table.add_row(f"{number:>2}. {step.title}", step.purpose)
    return table


def keys_table(rows: Iterable[KeyRow]) -> Table:
    """Keys, command, and the one-line help."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(style="dim")
    for row in rows:
        table.add_row(row.keys, row.what, row.detail)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys everywhere, keys here, and the steps."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 110; height: 90%; border: thick $primary; background: $surface; padding: 0 2;
    }
    HelpScreen .help-heading { text-style: bold; color: $accent; margin: 1 0 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "close", "Close", id="close-help"),
    ]

    def __init__(self, everywhere: Sequence[KeyRow], here: Sequence[KeyRow]) -> None:
        super().__init__()
        self.everywhere = tuple(everywhere)
        self.here = tuple(here)

    def compose(self) -> ComposeResult:
        """Three sections: everywhere, here, the steps."""
        with VerticalScroll(id="help"):
            yield Static("Keys everywhere", classes="help-heading")
            yield Static(keys_table(self.everywhere), id="keys-everywhere")
            if self.here:
                yield Static("Keys where the cursor is", classes="help-heading")
                yield Static(keys_table(self.here), id="keys-here")
            yield Static("The steps of the workshop", classes="help-heading")
            yield Static(steps_table(), id="help-steps")
            yield Static(Text("escape closes this help", style="dim"))

    def on_mount(self) -> None:
        """The help scrolls with the keyboard."""
        self.query_one("#help").focus()

    def action_close(self) -> None:
        """Back to the workshop."""
        self.dismiss(None)
