"""Snapshots of every step at 120×40 on the GDPR example (`eu-shop-gcp`).

Deterministic: the session is a fixed copy of the example, no clock is shown, images
are off (`INFRASKETCH_IMAGES=halfcell`, and the live PNG is not turned on), and the
recent files and autosaves live in the test's own home. Regenerate after an intended
change with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from sessions.bundled import example_path
from tests.tui.conftest import settle
from tui.app import InfrasketchApp
from tui.steps import STEPS

pytestmark = pytest.mark.serial  # against the clock: run alone (see the Makefile)

SnapCompare = Callable[..., bool]


def example_copy(folder: Path) -> Path:
    """The GDPR example at a fixed name (the header shows the file name)."""
    target = folder / "eu-shop-gcp.yaml"
    shutil.copyfile(example_path("eu-shop-gcp"), target)
    return target


async def loaded(pilot: Pilot[int]) -> None:
    """Wait until the session is loaded, the step is drawn and its own work (the Export
    step's check of its folder, the Review step's figures) has settled."""
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False  # whether a blinking cursor is drawn is a coin toss
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("step", [s.id for s in STEPS])
def test_step_snapshot(
    step: str, snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = InfrasketchApp(Path(example_copy(tmp_path).name), first_step=step)
    assert snap_compare(app, terminal_size=(120, 40), run_before=loaded)
