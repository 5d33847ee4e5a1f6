"""A text input whose type-ahead follows the keyboard focus.

Textual hands each key to the widget focused when the key arrives, and a key that moves
the focus (tab) is acted on only after it has bubbled back up to the app — by which time
the keys typed after it have already been handed to the same input. When keys arrive
faster than a form handles them (a fast typist, a macro, keys sent by tmux) the characters
typed after a tab land in the field that was left. `FieldInput` moves the focus itself
on tab / shift+tab, in its own queue and so before the keys behind it, and passes any key
that reaches it after the focus has moved on to the widget that has the focus now.

Editing keys have the same race: a character is inserted by the input the moment it
arrives, while backspace, delete, home, end and the arrows are `Input` bindings, run only
after the key has bubbled up to the app. A burst "end, backspace ×4, 5, 0, 0, 0, 0"
became "5": the digits replaced the selected text first, then the backspaces ate them.
`FieldInput` runs its own bindings in its own queue, in the order the keys came.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input

MOVES = {"tab": 1, "shift+tab": -1}
"""Keys that move the focus, and which way."""

EDITING = {
    key.strip(): binding.action
    for binding in Binding.make_bindings(Input.BINDINGS)
    for key in binding.key.split(",")
}
"""The input's own key bindings (backspace, delete, home, end, arrows, ...) by key."""


class FieldInput(Input):
    """An `Input` for forms: keys act in the order they were typed, and keys typed after
    tab go where the focus went."""

    async def on_event(self, event: events.Event) -> None:
        """Tab moves the focus now, an editing key edits now; a key queued here after the
        focus left is passed on."""
        if isinstance(event, events.Key):
            focused = self.screen.focused
            if focused is not None and focused is not self:
                focused.post_message(events.Key(event.key, event.character))
                return
            if event.key in MOVES:
                event.stop()
                if MOVES[event.key] > 0:
                    self.screen.focus_next()
                else:
                    self.screen.focus_previous()
                return
            action = EDITING.get(event.key)
            if action is not None:
                event.stop()
                event.prevent_default()
                await self.run_action(action)
                return
        await super().on_event(event)
