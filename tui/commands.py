"""Every app command, defined once: its key binding (with an id and a tooltip), its footer
text and its command-palette entry.

Bindings carry ids, so a user keymap can remap them (`App.set_keymap`). The palette
lists the same commands plus "Go to <step>" for every step; a command whose
action the app currently refuses (`check_action`) is left out of the palette too.

The help screen (`?` / F1) lists the same definitions, so it cannot drift from the keys.

| Key | Command |
| :- | :- |
| ctrl+s | Save |
| alt+s | Save as… |
| ctrl+o | Open… |
| ctrl+z / ctrl+y | Undo / redo (any step) |
| ctrl+n / ctrl+r | Next / previous step |
| ctrl+g | Focus the step list |
| alt+a | Add component |
| alt+e | Export… |
| ctrl+t | Live panel: shown / hidden |
| alt+l | Role lens: next role |
| ctrl+l | Live PNG on/off |
| f1, ? | Help |
| ctrl+p | Command palette |
| ctrl+q | Quit |
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding

from tui.steps import STEPS, StepId

if TYPE_CHECKING:
    from textual.command import Provider


@dataclass(frozen=True, slots=True)
class Command:
    """One thing the user can do from anywhere."""

    id: str
    """Binding id (remappable through a keymap)."""
    key: str
    """Default key(s), comma-separated."""
    action: str
    """The app action it runs, e.g. `save` or `goto('context')`."""
    footer: str
    """Short text in the footer."""
    title: str
    """Its name in the command palette."""
    help: str
    """One line: tooltip and palette help."""
    show: bool = True
    """Whether the footer shows it."""
    priority: bool = False
    """Whether it works even while a text input has the keyboard."""

    def binding(self) -> Binding:
        """The key binding of the command."""
        return Binding(
            self.key,
            self.action,
            self.footer,
            show=self.show,
            priority=self.priority,
            tooltip=self.help,
            id=self.id,
        )


COMMANDS: tuple[Command, ...] = (
    Command("save", "ctrl+s", "save", "Save", "Save", "Save the session file", priority=True),
    Command(
        "save-as", "alt+s", "save_as", "Save as", "Save as…", "Save under another name", False, True
    ),
    Command("open", "ctrl+o", "open", "Open", "Open…", "Open a session file", priority=True),
    Command("undo", "ctrl+z", "undo", "Undo", "Undo", "Take back the last change", True, True),
    Command("redo", "ctrl+y", "redo", "Redo", "Redo", "Apply the undone change again", False, True),
    Command(
        "next-step", "ctrl+n", "next_step", "Next", "Next step", "Go to the next step", True, True
    ),
    Command(
        "previous-step",
        "ctrl+r",
        "previous_step",
        "Back",
        "Previous step",
        "Go to the previous step",
        True,
        True,
    ),
    Command(
        "steps", "ctrl+g", "focus_steps", "Steps", "Step list", "Focus the step list", False, True
    ),
    Command(
        "add-component",
        "alt+a",
        "add_component",
        "Add component",
        "Add component",
        "Add a component to the design (Components step)",
        False,
        True,
    ),
    Command(
        "export",
        "alt+e",
        f"goto('{StepId.EXPORT}')",
        "Export",
        "Export…",
        "Write the documents, diagrams, CI workflow and alert rules (Export step)",
        False,
        True,
    ),
    Command(
        "toggle-panel",
        "ctrl+t",
        "toggle_panel",
        "Panel",
        "Live panel on/off",
        "Hide the live panel to give the step the whole width, or show it again",
        False,
        True,
    ),
    Command(
        "next-lens",
        "alt+l",
        "next_lens",
        "Lens",
        "Role lens: next role",
        "Show in the live panel what matters to the next role (tech lead, QA, skeptic…)",
        False,
        True,
    ),
    Command(
        "toggle-png",
        "ctrl+l",
        "toggle_png",
        "Live PNG",
        "Live PNG on/off",
        "Keep a PNG of the diagram next to the session file and show it here",
        False,
        True,
    ),
    Command(
        "help", "f1,question_mark", "help", "Help", "Help", "Every key, and what each step is for"
    ),
    Command(
        "quit", "ctrl+q", "quit", "Quit", "Quit", "Quit (asks about unsaved changes)", True, True
    ),
)
"""The app's commands, in footer order."""


def bindings() -> list[Binding]:
    """The key bindings of every command."""
    return [command.binding() for command in COMMANDS]


def palette_entries() -> Iterator[tuple[str, str, str]]:
    """(title, action, help) of every palette entry: the commands and "Go to <step>"."""
    for step in STEPS:
        yield f"Go to {step.title}", f"goto('{step.id}')", step.purpose
    for command in COMMANDS:
        yield command.title, command.action, command.help


def action_name(action: str) -> str:
    """The action's name without its arguments: `goto('x')` → `goto`."""
    return action.split("(", 1)[0]


def workshop_commands() -> type[Provider]:
    """The palette provider, imported when the palette first opens (not at start-up)."""
    from tui.palette import WorkshopCommands

    return WorkshopCommands
