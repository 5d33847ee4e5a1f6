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

The other controls of a form (`FieldSelect`, and the ticks of `widgets.ticks`) take the
focus part of this, `KeysInOrder`: a select did not, so the digits typed after tabbing
through one landed in the select and never reached the number field after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.binding import Binding
from textual.widgets import Input, Select

if TYPE_CHECKING:
    from textual.widget import Widget

    _Mixin = Widget
else:
    # A plain class at run time: Textual takes a widget's CSS type names from its first
    # DOMNode base, so a Widget mixin placed first hid `Input` from `Input { }` rules
    # and `query(Input)`.
    _Mixin = object

MOVES = {"tab": 1, "shift+tab": -1}
"""Keys that move the focus, and which way."""

EDITING = {
    key.strip(): binding.action
    for binding in Binding.make_bindings(Input.BINDINGS)
    for key in binding.key.split(",")
}
"""The input's own key bindings (backspace, delete, home, end, arrows, ...) by key."""


class KeysInOrder(_Mixin):
    """A form control whose keys follow the focus: tab and shift+tab move it at once, in
    this control's queue, and a key that reaches the control after the focus moved on is
    passed to the widget that has it."""

    async def on_event(self, event: events.Event) -> None:
        """Move the focus now, or pass on a key that came after the focus left."""
        if isinstance(event, events.Key) and await self._key_elsewhere(event):
            return
        await super().on_event(event)

    async def _key_elsewhere(self, event: events.Key) -> bool:
        """Whether `event` was passed on or moved the focus (and is done with here)."""
        focused = self.screen.focused
        if focused is not None and focused is not self and self not in focused.ancestors:
            focused.post_message(events.Key(event.key, event.character))
            return True
        if event.key in MOVES and focused is self:
            event.stop()
            if MOVES[event.key] > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return True
        return False


class FieldInput(KeysInOrder, Input):
    """An `Input` for forms: keys act in the order they were typed, and keys typed after
    tab go where the focus went."""

    async def on_event(self, event: events.Event) -> None:
        """Tab moves the focus now, an editing key edits now; a key queued here after the
        focus left is passed on."""
        if isinstance(event, events.Key):
            if await self._key_elsewhere(event):
                return
            action = EDITING.get(event.key)
            if action is not None:
                event.stop()
                event.prevent_default()
                await self.run_action(action)
                return
        await super(KeysInOrder, self).on_event(event)


class FieldSelect(KeysInOrder, Select[Any]):
    """A `Select` for forms whose keys follow the focus (see `KeysInOrder`)."""
