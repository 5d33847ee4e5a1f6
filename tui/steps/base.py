"""The base of every step view: its session, how it proposes changes, how it refreshes.

The app owns the session and hands each visible step the current one (`session`). A step
never assigns the app's session: it builds a new validated session and calls `propose`,
which posts `SessionProposed` and remembers the session as its own. When the app then
hands that same session back, the step leaves its inputs alone (the user is typing in
them); any other new session — opened, recovered, undone, changed by another step —
makes the step show it with `refresh_from`. Proposals still on their way are kept in
order, so a burst of keystrokes never makes the step show one of its own older states.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import Static

from model.fields import SessionField
from tui.messages import Focus, SessionProposed
from tui.steps import BY_ID
from widgets.dom_id import dom_id

if TYPE_CHECKING:
    from textual.widget import Widget

    from model.session import Session
    from tui.steps import StepId


class StepView(VerticalScroll, can_focus=False):
    """One step of the workshop in the main area."""

    DEFAULT_CSS = """
    StepView { height: 1fr; padding: 0 1; }
    StepView > .step-title { text-style: bold; color: $accent; }
    StepView > .step-purpose { color: $text-muted; margin: 0 0 1 0; }
    """

    step_id: ClassVar[StepId]
    """The id of the step in `tui.steps.STEPS`."""

    session: var[Session | None] = var(None, init=False, always_update=True)
    """The session shown; set by the app. Every assignment reaches `watch_session`, also
    the echo of the step's own proposal (equal to the session the step already holds):
    that is what clears the proposal from the ones still on their way."""

    def __init__(self, session: Session) -> None:
        super().__init__(id=dom_id("step", self.step_id), classes="step")
        self.set_reactive(StepView.session, session)
        self._pending: list[Session] = []
        self._composed_with: Session | None = None
        self.pending_focus: Focus | None = None
        """Where the keyboard goes once the view is mounted ("" for the first control)."""

    @property
    def current(self) -> Session:
        """The session edits build on (the last one shown or proposed)."""
        assert self.session is not None, "a step always has a session"
        return self.session

    def compose(self) -> ComposeResult:
        """The step's title and purpose, then its body."""
        self._composed_with = self.session
        info = BY_ID[self.step_id]
        yield Static(info.title, classes="step-title")
        yield Static(info.purpose, classes="step-purpose")
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        """The step's own widgets."""
        yield from ()

    def propose(self, session: Session, description: str) -> None:
        """Send `session` up to the app as the result of the user's edit."""
        if session == self.session:
            return
        self._pending.append(session)
        self.set_reactive(StepView.session, session)
        self.post_message(SessionProposed(session, description))

    def watch_session(self, old: Session | None, new: Session | None) -> None:
        """Show a session that came from elsewhere; ignore the echo of our own edits.

        Edits can outrun their echoes (fast typing, a paste): while proposals are on
        their way, the app hands back older ones. Those are recognised, and the step
        keeps building on its newest proposal instead of showing an older state.
        """
        if new is None or not self.is_mounted:
            return
        for index, pending in enumerate(self._pending):
            if pending is new:
                latest = self._pending[-1]
                del self._pending[: index + 1]
                if latest is not new:
                    self.set_reactive(StepView.session, latest)
                return
        self._pending.clear()
        if new is not old:  # the same session shown again (the step revisited): as it is
            self.refresh_from(new)

    def refresh_from(self, session: Session) -> None:
        """Show `session` after an outside change. The default rebuilds the step."""
        self.refresh(recompose=True)

    def session_saved(self) -> None:
        """The session was saved (steps showing whether it is may override)."""

    def on_mount(self) -> None:
        """Show a session that arrived while the view was being built (a recovered
        autosave, say: the controls hold the one it was built with, and an edit would put
        those values back); take the keyboard when the app asked for it before the view
        existed."""
        if self.session is not None and self.session != self._composed_with:
            self._pending.clear()
            self.refresh_from(self.session)
        if self.pending_focus is not None:
            self.call_after_refresh(self.take_focus, self.pending_focus)
            self.pending_focus = None

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        """Keep the newly focused control in view once the scroll has settled. Textual
        scrolls it towards the centre with an animation whose end it computes on the
        layout before the focus moved; when the move changes heights above it (a tool's
        details, shown only while its picker has the focus, collapse), that end is
        stale: at 100×30 a Tab landed on a field above the top edge."""
        self._keep_in_view(event.widget)

    @work(exclusive=True, group="keep-in-view", description="keep the focus in view")
    async def _keep_in_view(self, widget: Widget) -> None:
        await self.app.animator.wait_until_complete()
        if widget is self.app.focused and widget.is_attached:
            widget.scroll_visible(animate=False, immediate=True)

    def take_focus(self, target: Focus) -> None:
        """Put the keyboard on `target`: a control, the control editing a session field,
        or ("") the step's first control."""
        if isinstance(target, SessionField):
            self.focus_field(target)
        elif target:
            self.focus_target(target)
        else:
            self.focus_first()

    def focus_field(self, target: SessionField) -> None:
        """Put the keyboard on the control editing `target` (scrolled into view), or on
        the first control when the step shows none for it."""
        from textual.widgets import OptionList

        from tui.steps.tool_picker import ToolPicker

        control = self.control_for(target)
        if control is None:
            self.focus_first()
        elif isinstance(control, ToolPicker):
            control.focus_list()
        elif isinstance(control, OptionList) or control.focusable:
            control.focus()
        else:
            self.focus_first()

    def control_for(self, target: SessionField) -> Widget | None:
        """The control of this step editing `target`: the tool picker of a category of
        components, the form field or record list of a path inside the step's section."""
        from tui.steps.form import FormField
        from tui.steps.records import RecordsEditor
        from tui.steps.tool_picker import ToolPicker

        selected = target.selected
        if selected is not None:
            key, value = selected
            pickers = self.query(ToolPicker).results()
            return next((p for p in pickers if key == "category" and p.category == value), None)
        path = target.within_section
        if not path:
            return None
        for form_field in self.query(FormField).results():
            if form_field.name == path:
                return form_field.control
        for editor in self.query(RecordsEditor).results():
            if editor.path == path:
                return editor.query_one(".record-list")
        return None

    def focus_target(self, name: str) -> None:
        """Put the keyboard on the control `name` (`#id`, scrolled into view), or on the
        first control when the step has no such control (steps may override)."""
        found = self.query(name) if name.startswith("#") else None
        if found:
            found.first().focus()
        else:
            self.focus_first()

    def focus_first(self) -> None:
        """Put the keyboard on the step's first control."""
        for widget in self.query("*"):
            if widget.focusable and widget is not self:
                # Near the top anyway: scrolling to it would hide the step's title.
                widget.focus(scroll_visible=False)
                return
