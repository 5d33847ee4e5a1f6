"""Review's Changes tab: the diff of the design since the last save and since git HEAD,
the same text `infrasketch diff` prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import RadioButton, Static

from exporters.diff.review import review
from exporters.diff.text import diff_text
from model.analysis import analyse
from sessions.store import load
from tests.diff_repos import git, new_repo
from tests.tui.conftest import Runner
from tui.app import InfrasketchApp
from tui.steps.review_changes import ChangesPane, Since


async def shown(app: InfrasketchApp, pilot: Pilot[int]) -> str:
    """The Changes tab's text once its worker is done."""
    pane = app.screen.query_one(ChangesPane)
    # Not `wait_for_complete`: a newer comparison cancels the one under way, by design.
    for _ in range(400):
        await pilot.pause(0.05)
        if pane.shown == (app.session, pane.since):
            break
    return str(app.screen.query_one("#changes-text", Static).render())


def with_multi_az_cache(app: InfrasketchApp) -> None:
    """Put the shop's session cache in two zones, as an edit in the app would."""
    session = app.session
    assert session is not None
    components = tuple(
        c.evolve(multi_az=True) if c.id == "cache" else c for c in session.components
    )
    app.apply(session.evolve(components=components), "Cache in two zones")


async def test_changes_since_the_last_save(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "review") as (app, pilot):
        await pilot.press("4")
        assert "No changes: the two designs are the same." in await shown(app, pilot)
        saved = app.session
        assert saved is not None
        with_multi_az_cache(app)
        text = await shown(app, pilot)
        assert app.session is not None
        expected = diff_text(
            review(analyse(saved), analyse(app.session), labels=("shop.yaml as saved", "now"))
        )
        # The same words as `infrasketch diff`, its sentences wrapped to the tab's width.
        assert text.split() == expected.split()
        assert "~ Session and cart cache (Cache)" in text
        assert "multi_az: no → yes" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "No changes" in await shown(app, pilot)


async def test_changes_since_git_head(run_app: Runner, tmp_path: Path, shop_file: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    design = repo / "shop.yaml"
    design.write_bytes(shop_file.read_bytes())
    git(repo, "add", "shop.yaml")
    git(repo, "commit", "-qm", "the shop")
    async with run_app(design, "review") as (app, pilot):
        await pilot.press("4")
        await shown(app, pilot)
        await pilot.click("#since-commit")
        pane = app.screen.query_one(ChangesPane)
        assert pane.since is Since.COMMIT
        assert "No changes" in await shown(app, pilot)
        with_multi_az_cache(app)
        text = await shown(app, pilot)
        assert text.startswith("Design review: Nordhaus Shop · HEAD:shop.yaml → now")
        assert "multi_az: no → yes" in text
        assert load(design) != app.session  # compared unsaved: nothing written


async def test_outside_git_the_tab_says_so(run_app: Runner, shop_file: Path) -> None:
    async with run_app(shop_file, "review") as (app, pilot):
        await pilot.press("4")
        await shown(app, pilot)
        app.screen.query_one("#since-commit", RadioButton).value = True
        with_multi_az_cache(app)
        text = await shown(app, pilot)
        assert text.startswith("No committed version to compare with:")
        assert "not inside a git repository" in text


async def test_a_failed_comparison_shows_in_the_tab(
    run_app: Runner, shop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.steps.review_changes as changes

    def broken() -> None:
        raise RuntimeError("lost the worker")

    # Fails after the comparison's own guard: the worker itself ends in error.
    monkeypatch.setattr(changes, "get_current_worker", broken)
    async with run_app(shop_file, "review") as (app, pilot):
        await pilot.press("4")
        text = ""
        for _ in range(200):
            await pilot.pause(0.05)
            text = str(app.screen.query_one("#changes-text", Static).render())
            if text != "Comparing…":
                break
        assert text == "Could not compare: RuntimeError: lost the worker"
