"""Typing never does what the typist did not aim at: every printable character typed into
every focusable widget of every step changes the session only where that widget edits it.

A widget "edits" one field: after typing into it, every value that changed lies under one
path of the session (one name, one list of steps, one checkbox), and no list of records
grew or shrank: typing never adds a component, a channel or a finding answer. Buttons get
the characters without the space (the space presses a button, as it should). Between
widgets the session is restored by undo, as a person would.
"""

from __future__ import annotations

import re
import string
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import Button, Input, TextArea

from model.session import Session
from tests.tui.conftest import Runner, settle
from tui.app import InfrasketchApp
from tui.steps import STEPS

PRINTABLE = [c for c in string.printable if c.isprintable()]
"""Every printable ASCII character, the space included."""

_INDEX = re.compile(r"(\[\d+\]|#len)+$")


def _leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Path → value of every leaf, and `path#len` of every list."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out |= _leaves(item, f"{path}.{key}" if path else str(key))
        return out
    if isinstance(value, list):
        out = {f"{path}#len": len(value)}
        for i, item in enumerate(value):
            out |= _leaves(item, f"{path}[{i}]")
        return out
    return {path: value}


def changed_fields(before: Session, after: Session) -> set[str]:
    """The fields whose values differ, a list's items and length counted as the list."""
    a, b = _leaves(before.model_dump(mode="json")), _leaves(after.model_dump(mode="json"))
    return {_INDEX.sub("", key) for key in a.keys() | b.keys() if a.get(key) != b.get(key)}


def grew_or_shrank(before: Session, after: Session) -> set[str]:
    """The lists of records (components, channels, ...) whose length changed."""
    a, b = _leaves(before.model_dump(mode="json")), _leaves(after.model_dump(mode="json"))
    return {
        key.removesuffix("#len")
        for key in a.keys() | b.keys()
        if key.endswith("#len") and a.get(key) != b.get(key) and _is_records(a, b, key)
    }


def _is_records(a: dict[str, Any], b: dict[str, Any], key: str) -> bool:
    """Whether the list at `key` holds records (objects) rather than plain values."""
    stem = key.removesuffix("#len")
    return any(k.startswith(f"{stem}[") and "." in k[len(stem) :] for k in (*a, *b))


def _name(widget: Widget) -> str:
    return f"{type(widget).__name__}#{widget.id}" if widget.id else repr(widget)


async def _restore(app: InfrasketchApp, baseline: Session) -> None:
    for _ in range(200):
        if app.session == baseline:
            return
        app.action_undo()
        await app.workers.wait_for_complete()
    raise AssertionError("undo did not bring the session back")


@pytest.mark.slow
@pytest.mark.parametrize("step", [s.id for s in STEPS])
async def test_typing_changes_only_the_field_typed_into(
    run_app: Runner, shop_file: Any, step: str
) -> None:
    async with run_app(shop_file, step) as (app, pilot):
        await settle(pilot)
        baseline = app.session
        assert baseline is not None
        problems: list[str] = []
        done = 0
        while True:
            chain = [w for w in app.screen.focus_chain if not w.disabled]
            if done >= len(chain):
                break
            widget = chain[done]
            done += 1
            widget.focus()
            await pilot.pause()
            shown = _advertised(app)
            keys = [
                c
                for c in PRINTABLE
                if c not in shown and not (isinstance(widget, Button) and c == " ")
            ]
            if shown and isinstance(widget, (Input, TextArea)):
                problems.append(f"{_name(widget)}: the footer offers {sorted(shown)} in a field")
            await _type(app, keys)
            await pilot.pause()
            while len(app.screen_stack) > 1:  # a dropdown or dialog typed open
                await pilot.press("escape")
                await pilot.pause()
            after = app.session
            assert after is not None
            fields = changed_fields(baseline, after)
            grown = grew_or_shrank(baseline, after)
            edits = isinstance(widget, (Input, TextArea)) or _toggles(widget)
            if grown:
                problems.append(f"{_name(widget)}: typing changed how many {sorted(grown)}")
            elif len(fields) > 1 or (fields and not edits):
                problems.append(f"{_name(widget)}: typing changed {sorted(fields)}")
            if app.session != baseline:
                await _restore(app, baseline)
                await settle(pilot, rounds=1)
        assert done > 0
        assert not problems, "\n".join(problems)


def _advertised(app: InfrasketchApp) -> set[str]:
    """The printable keys of the bindings the footer shows now (each fires its action)."""
    return {
        key
        for key, active in app.screen.active_bindings.items()
        if len(key) == 1 and active.enabled and active.binding.show
    }


async def _type(app: InfrasketchApp, keys: list[str]) -> None:
    """Send `keys` as one burst of key events (as a fast typist would), then let the app
    catch up: one wait, not one per key."""
    from textual import events
    from textual.keys import _character_to_key

    driver = app._driver
    assert driver is not None
    for char in keys:
        key = char if char.isalnum() else _character_to_key(char)
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)
    await app.workers.wait_for_complete()


def _toggles(widget: Widget) -> bool:
    """Whether the space is how one edits the widget (a checkbox, a switch)."""
    from textual.widgets import Checkbox, RadioButton, Switch

    return isinstance(widget, (Checkbox, Switch, RadioButton))
