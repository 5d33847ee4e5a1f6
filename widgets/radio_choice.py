"""A radio set whose keyboard cursor is on the chosen option when the set is entered.

Textual's `RadioSet` puts its cursor on the first button on mount, whatever is pressed:
someone on GCP who tabs into the provider list and presses ↓ expects Azure, and gets GCP.
"""

from __future__ import annotations

from textual.widgets import RadioSet


class RadioChoice(RadioSet):
    """A `RadioSet` that moves its cursor to the pressed button whenever it gains focus."""

    def on_focus(self) -> None:
        """Start from the choice made (which the session may have changed since mount)."""
        if self.pressed_index >= 0:
            self._selected = self.pressed_index  # the cursor RadioSet's own keys move
