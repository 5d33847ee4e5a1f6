"""Every step reads the session it shows: after a change, an undo and a redo, each step
says exactly what the same step says when built afresh for that session.

The check compares what a person reads — every label, value, option and table cell of
the widgets shown — between a step that lived through the changes and the same step in
an app opened on a file holding the resulting session. A stale name in a list, a price
card left at the first size, a removed component still listed: each is a difference.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    ListView,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from model.edits import add_component, remove_component, rename_component, update_component
from model.enums import Category
from model.session import Session
from sessions.store import load, save
from tests.tui.conftest import Runner, settle
from tui.app import InfrasketchApp
from tui.steps import STEPS

STEP_IDS: list[str] = [step.id for step in STEPS if step.id != "start"]
"""Every step that shows the session (Start offers files, not the design)."""


def _text(widget: Widget) -> str | None:
    """What `widget` itself says (its children speak for themselves), or None."""
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select):
        return str(widget.selection)
    if isinstance(widget, Checkbox):
        return f"{widget.label} {widget.value}"
    if isinstance(widget, SelectionList):
        return f"{[str(o.prompt) for o in widget.options]} {sorted(map(str, widget.selected))}"
    if isinstance(widget, OptionList):
        return str([str(o.prompt) for o in widget.options])
    if isinstance(widget, DataTable):
        return str([[str(cell) for cell in row] for row in (
            widget.get_row_at(i) for i in range(widget.row_count)
        )])  # fmt: skip
    if isinstance(widget, Static):
        return str(widget.render())
    return None


def shown(root: Widget) -> list[tuple[str, str]]:
    """(where, text) of every widget shown below `root`, in order; hidden ones left out."""
    out: list[tuple[str, str]] = []

    def visit(widget: Widget, where: str) -> None:
        for index, child in enumerate(widget.children):
            if not child.display:
                continue
            here = f"{where}/{child.id or f'{type(child).__name__}[{index}]'}"
            text = _text(child)
            if text is not None:
                out.append((here, text))
            if not isinstance(child, (ListView, Select)) or isinstance(child, ListView):
                visit(child, here)

    visit(root, "")
    return out


def changed(session: Session) -> Session:
    """`session` after the edits a workshop makes: every component renamed (so every list
    of them changes), the database resized (its price card changes), a compute service
    removed and a cache added, the project's name and budget changed."""
    for component in session.components:
        session = rename_component(session, component.id, f"{component.id}-b")
    database = next(c for c in session.components if c.category is Category.DATABASE)
    session = update_component(session, database.evolve(size="db-custom-4-15360"))
    compute = session.components_in(Category.COMPUTE)[-1]
    session = remove_component(session, compute.id)
    session, _ = add_component(session, Category.CACHE, "gcp-memorystore-redis")
    budget = (session.context.monthly_budget_usd or 0) + 123
    project = f"{session.context.project} v2"
    return session.evolve(
        context=session.context.evolve(project=project, monthly_budget_usd=budget)
    )


async def _readings(app: InfrasketchApp, steps: list[str]) -> dict[str, list[tuple[str, str]]]:
    """What each step says, visiting them in order."""
    from textual.pilot import Pilot

    pilot: Pilot[int] = Pilot(app)
    out = {}
    for step in steps:
        app.workshop.show_step(step)
        await settle(pilot)
        view = app.workshop.current_view()
        assert view is not None
        out[step] = shown(view)
    return out


UNSAVED = "\nThe design has unsaved changes"
"""How the Export step's status goes on while the design differs from its file: the
fresh step shows the saved file, the lived one an unsaved change (both true)."""


def _same_file(text: str) -> str:
    return text.split(UNSAVED, maxsplit=1)[0]


def _differences(
    lived: dict[str, list[tuple[str, str]]], fresh: dict[str, list[tuple[str, str]]]
) -> list[str]:
    problems = []
    for step, readings in lived.items():
        a = {where: _same_file(text) for where, text in readings}
        b = {where: _same_file(text) for where, text in fresh[step]}
        for where in sorted(a.keys() | b.keys()):
            if a.get(where) != b.get(where):
                problems.append(f"{step} {where}: {a.get(where)!r} (fresh: {b.get(where)!r})")
    return problems


@pytest.mark.slow
async def test_every_step_reads_the_session_after_change_undo_and_redo(
    run_app: Runner, shop_file: Path
) -> None:
    """A step built on one session and shown again after a change, an undo and a redo
    reads like the same step built for the session it now shows."""
    original = load(shop_file)
    # The fresh app opens the same path (the Export step shows the folder beside it).
    save(changed(original), shop_file)
    async with run_app(shop_file) as (app, _pilot):
        fresh_after = await _readings(app, STEP_IDS)
    save(original, shop_file)

    async with run_app(shop_file) as (app, pilot):
        # Every step built on the session as opened: the fresh reading of that session.
        fresh_base = await _readings(app, STEP_IDS)
        assert app.session is not None
        app.apply(changed(app.session), "edits")
        problems = _differences(await _readings(app, STEP_IDS), fresh_after)
        app.action_undo()
        problems += _differences(await _readings(app, STEP_IDS), fresh_base)
        app.action_redo()
        problems += _differences(await _readings(app, STEP_IDS), fresh_after)
        await settle(pilot)
    assert not problems, "\n".join(problems)
