"""Components: categories down the side; per category its components, their services
from the catalog (price, SLA, pros and cons shown before choosing), sizes, replicas,
multi-AZ, autoscaling and notes; and the links between components.

Keys: `a` adds a component to the highlighted category (alt+a from anywhere), `delete`
removes the highlighted one, enter opens a category or component.

Each category's detail (its components and the editor of one, about fifty widgets) is
built on the category's first visit and kept: moving back to it shows it again as it
was. A kept detail built from an earlier session is rebuilt when it is shown.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.steps import StepId
from tui.steps.base import StepView
from tui.steps.component_editor import ComponentEditor
from tui.steps.links_editor import LinksEditor
from tui.steps.record_form import RecordForm
from widgets.dom_id import dom_id, selector
from widgets.reflow_row import ReflowRow

if TYPE_CHECKING:
    from model.enums import Category
    from model.sections.components import Component
    from model.session import Session

SERVICES = f"{selector('service')} OptionList"
"""The component editor's list of candidate services."""

LINKS = "links"
"""The id of the categories list's last entry, which edits the links."""


def detail_key(category: Category | None) -> str:
    """What names the detail of `category` (None: the links)."""
    return LINKS if category is None else category.value


class CategoryDetail(VerticalScroll, can_focus=False):
    """The right-hand side for one category (None: the links): its components and the
    editor of one, as of the session it was composed from."""

    def __init__(self, step: ComponentsStep, category: Category | None) -> None:
        super().__init__(id=dom_id("detail", detail_key(category)), classes="detail")
        self.step = step
        self.category = category
        self.member: str | None = None
        """The id of the component being edited."""
        self.session: Session | None = None
        """The session the detail shows (None until composed)."""

    def compose(self) -> ComposeResult:
        """The step's detail for this category, of the step's session now."""
        self.session = self.step.current
        yield from self.step.compose_detail(self)


class ComponentsStep(StepView):
    """Categories, components, the component editor, the links editor."""

    DEFAULT_CSS = """
    ComponentsStep { overflow-y: hidden; }
    ComponentsStep > Horizontal { height: 1fr; }
    ComponentsStep #categories { width: 19; height: 1fr; border: none; padding: 0; }
    ComponentsStep #categories:focus { background-tint: $foreground 6%; }
    ComponentsStep CategoryDetail { width: 1fr; height: 1fr; padding: 0 0 0 1; }
    ComponentsStep #members { height: auto; max-height: 6; }
    ComponentsStep #opening { display: none; width: 1fr; padding: 0 0 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", tooltip="Add a component to this category", id="add-here"),
        Binding(
            "delete", "remove", "Remove", tooltip="Remove the highlighted component", id="remove"
        ),
    ]

    step_id = StepId.COMPONENTS

    def __init__(self, session: Session) -> None:
        from model.enums import Category

        super().__init__(session)
        used = [c.category for c in session.components]
        self.category: Category | None = used[0] if used else Category.COMPUTE
        """The category shown on the right; None while the links are shown."""
        self._details: dict[str, CategoryDetail] = {}
        """The details built so far, by `detail_key`."""
        self._rebuilding = asyncio.Lock()
        self._following = False

    # -- composition -------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        """Categories on the left, the selected one's detail on the right."""
        with Horizontal(id="category-row"):
            yield OptionList(*self._category_options(), id="categories")
            yield Static("", id="opening", classes="note")
            yield self.detail()

    def _category_options(self) -> list[Option]:
        from model.enums import Category

        options = []
        for category in Category:
            count = len(self.current.components_in(category))
            label = Text(category.label)
            label.append(f" {count}" if count else " –", style="bold" if count else "dim")
            options.append(Option(label, id=category.value))
        options.append(Option(Text("Links", style="italic"), id=LINKS))
        return options

    def detail(self) -> CategoryDetail:
        """The detail of the category shown: the one built, else a new one (unmounted)."""
        key = detail_key(self.category)
        if key not in self._details:
            self._details[key] = CategoryDetail(self, self.category)
        return self._details[key]

    @property
    def member(self) -> str | None:
        """The id of the component being edited."""
        return self.detail().member

    @member.setter
    def member(self, ident: str | None) -> None:
        self.detail().member = ident

    def compose_detail(self, detail: CategoryDetail) -> ComposeResult:
        """The links editor, or the category's components and the editor of one."""
        session = self.current
        if detail.category is None:
            yield Label("Links", classes="section")
            yield LinksEditor(session)
            return
        members = session.components_in(detail.category)
        if detail.member not in {c.id for c in members}:
            detail.member = members[0].id if members else None
        yield Label(f"{detail.category.label}", classes="section")
        if members:
            yield OptionList(
                *(Option(f"{c.name} ({c.id})", id=c.id) for c in members), id="members"
            )
        else:
            yield Static("No component in this category.", classes="note")
        with ReflowRow(classes="buttons"):
            yield Button("Add (a)", id="add", variant="primary", compact=True)
            if members:
                yield Button("Remove (del)", id="remove", compact=True)
        component = session.component(detail.member) if detail.member else None
        if component is not None:
            yield ComponentEditor(component, session)

    def on_mount(self) -> None:
        """Highlight the category and component being shown, then follow the user's moves."""
        super().on_mount()
        self._highlight()
        self.call_after_refresh(self._start_following)

    def _start_following(self) -> None:
        self._highlight()
        self._following = True

    def _highlight(self) -> None:
        """Highlight the shown category and component (without re-triggering handlers)."""
        categories = self.query_one("#categories", OptionList)
        wanted = self.category.value if self.category is not None else LINKS
        with categories.prevent(OptionList.OptionHighlighted):
            categories.highlighted = categories.get_option_index(wanted)
        for members in self.detail().query("#members").results(OptionList):
            if self.member is not None:
                with members.prevent(OptionList.OptionHighlighted):
                    members.highlighted = members.get_option_index(self.member)

    async def rebuild(self, focus: str | None = None) -> None:
        """Show the current session again (after a structural change), keeping the place."""
        async with self._rebuilding:
            await self._rebuild(focus)

    async def _rebuild(self, focus: str | None) -> None:
        categories = self.query_one("#categories", OptionList)
        for option in self._category_options():
            categories.replace_option_prompt(option.id or "", option.prompt)
        await self._show_detail(rebuilt=True)
        if focus is not None:
            # An external system has no service to pick: its editor's first field instead.
            detail = self.detail()
            found = detail.query(focus) or detail.query("#component-editor Input")
            if found:
                found.first().focus()

    async def _show_detail(self, *, rebuilt: bool = False) -> None:
        """Show the detail of the category shown, the others hidden: the one built before,
        as it was unless `rebuilt` or composed from another session; else a new one."""
        detail = self.detail()
        build = not detail.is_attached or rebuilt or detail.session is not self.current
        opening = self.query_one("#opening", Static)
        if build and not (detail.is_attached and detail.display):
            # Building takes a few frames (a quarter of a second at 50 components): the
            # list's cursor and what is coming are drawn first.
            for other in self._details.values():
                other.display = False
            label = "the links" if detail.category is None else detail.category.label
            opening.update(Text(f"Opening {label}…", style="dim italic"))
            opening.display = True
            await self._frame_drawn()
        # Built hidden and without frames in between: a detail mounts in waves (the
        # editor, its fields, their controls), and a frame drawn between two waves shows
        # half a form and lays the screen out once more.
        with self.app.batch_update():
            if not detail.is_attached:
                detail.display = False
                await self.query_one("#category-row").mount(detail)
            elif build:
                await detail.recompose()
        opening.display = False
        for other in self._details.values():
            other.display = other is detail
        self._highlight()

    async def _frame_drawn(self) -> None:
        """Return once the screen has been drawn with what is on it now."""
        drawn: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def now_drawn() -> None:
            if not drawn.done():
                drawn.set_result(None)

        self.app.call_after_refresh(now_drawn)  # not our own queue: we are handling a message
        await drawn

    def refresh_from(self, session: Session) -> None:
        """Another session: rebuild around it."""
        self.run_worker(self.rebuild(), exclusive=True, group="rebuild")

    def focus_first(self) -> None:
        """The categories list has the keyboard."""
        self.query_one("#categories", OptionList).focus()

    def focus_target(self, name: str) -> None:
        """`add`: the categories, ready to add to the highlighted one."""
        self.focus_first()
        if name == "add":
            self.notify("Pick a category and press a to add a component.", timeout=4)

    # -- navigation --------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#categories")
    async def _category_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        from model.enums import Category

        if not self._following:
            return
        wanted = None if event.option.id == LINKS else Category(event.option.id or "")
        if wanted != self.category:
            self.category = wanted
            async with self._rebuilding:
                await self._show_detail()

    @on(OptionList.OptionSelected, "#categories")
    def _category_selected(self) -> None:
        for widget in self.detail().query("#members, #add, #links").results():
            widget.focus()
            return

    @on(OptionList.OptionSelected, "#members")
    async def _member_selected(self, event: OptionList.OptionSelected) -> None:
        self.member = event.option.id
        await self.rebuild(focus=SERVICES)

    # -- edits -------------------------------------------------------------------------

    @on(Button.Pressed, "#add")
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Add and remove by key only from the category and component lists: in a field,
        a select or a checkbox `a` is a letter or nothing, never a new component."""
        if action in ("add", "remove"):
            lists = [self.query_one("#categories", OptionList)]
            lists += self.detail().query("#members").results(OptionList)
            return any(options.has_focus for options in lists)
        return True

    def on_descendant_focus(self) -> None:
        """The footer offers add and remove only while a list has the keyboard."""
        self.refresh_bindings()

    async def action_add(self) -> None:
        """Add a component of the shown category, on the first service offered."""
        from model.catalog import load_catalog
        from model.edits import add_component

        category = self.category
        if category is None:
            return
        choices = load_catalog().choices(category, self.current.provider)
        if not choices:
            self.notify(f"No {category.label} service on {self.current.provider.label}.")
            return
        session, ident = add_component(self.current, category, choices[0].id)
        self.member = ident
        self.propose(session, f"Add component {ident}")
        await self.rebuild(focus=SERVICES)
        then = "pick its service, then set its fields" if category.run_by_us else "describe it"
        self.notify(f"Added {ident}: {then}.", timeout=4)

    @on(Button.Pressed, "#remove")
    async def action_remove(self) -> None:
        """Remove the component being edited."""
        from model.edits import remove_component
        from widgets.validation import attempt

        if self.member is None or self.category is None:
            return
        removed = self.member
        session, errors = attempt(lambda: remove_component(self.current, removed))
        if session is None:
            self.notify("; ".join(errors.values()), title="Not removed", severity="error")
            return
        self.member = None
        self.propose(session, f"Remove component {removed}")
        await self.rebuild(focus="#categories")
        self.notify(f"Removed {removed}.", timeout=3)

    @on(RecordForm.Changed, "#component-editor")
    async def _component_changed(self, event: RecordForm.Changed[Component]) -> None:
        from pydantic import ValidationError

        from model.edits import rename_component, update_component
        from widgets.validation import field_errors

        event.stop()
        component = event.record
        old = event.form.record.id
        before = self.current.component(old)
        try:
            session = update_component(rename_component(self.current, old, component.id), component)
        except ValidationError as exc:
            errors = field_errors(exc, depth=3)
            index = [c.id for c in self.current.components].index(old)
            mine = f"components.{index}."
            own = {k.removeprefix(mine): v for k, v in errors.items() if k.startswith(mine)}
            if own:
                event.form.mark(own)
            else:
                self.notify("; ".join(errors.values()), title="Not applied", severity="error")
            return
        event.form.accept(component)
        renamed = component.id != old
        # Named by what stays put while the id is typed, so the keystrokes are one undo.
        what = f"Rename component {component.name}" if renamed else f"Edit component {old}"
        self.propose(session, what if renamed else f"{what}.{event.path}")
        if renamed:
            self.member = component.id
        if renamed or before is None or before.name != component.name:
            self._show_members()  # the list says "name (id)"
        if before is None or before.service != component.service:
            # Another service offers other sizes: the editor is built again for it.
            await self.rebuild(focus=SERVICES)

    def _show_members(self) -> None:
        """List the category's components as they are now (a renamed one under its new
        id), keeping the one being edited highlighted."""
        if self.category is None:
            return
        members = self.current.components_in(self.category)
        for options in self.detail().query("#members").results(OptionList):
            with options.prevent(OptionList.OptionHighlighted):
                options.clear_options()
                options.add_options(Option(f"{c.name} ({c.id})", id=c.id) for c in members)
                if self.member is not None:
                    options.highlighted = options.get_option_index(self.member)

    @on(LinksEditor.Changed)
    async def _links_changed(self, event: LinksEditor.Changed) -> None:
        from model.session import replace
        from widgets.validation import attempt

        session, errors = attempt(lambda: replace(self.current, links=event.links))
        if session is None:
            self.notify("; ".join(errors.values()), title="Links not changed", severity="error")
            return
        self.propose(session, "Edit links")
        await self.rebuild(focus="#links")


VIEW = ComponentsStep
