"""The Export step writes what `infrasketch export` writes, byte for byte, with the same
protections (hand-edited files refused, then forced after asking) and `--check` status."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from tests.cli import infrasketch
from tests.tui.conftest import Runner, settle
from tui.dialogs import ChoiceDialog


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by relative path."""
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def shown(app: object, selector: str) -> str:
    """The text of a Static on the current screen."""
    from tui.app import InfrasketchApp

    assert isinstance(app, InfrasketchApp)
    return str(app.screen.query_one(selector, Static).render())


async def test_export_from_the_app_matches_the_cli(
    run_app: Runner, shop_file: Path, tmp_path: Path
) -> None:
    ours, theirs = tmp_path / "app-export", tmp_path / "cli-export"
    async with run_app(shop_file, "export") as (app, pilot):
        assert app.session is not None
        # A change first, saved, so both export the same edited design.
        session = app.session
        app.apply(session.evolve(context=session.context.evolve(users=60_000)), "Edit users")
        assert app.files.save_to(shop_file)
        app.screen.query_one("#folder", Input).value = str(ours)  # as if pasted
        await pilot.pause(0.5)  # the status check after typing
        await settle(pilot)
        assert "No export here yet" in shown(app, "#export-status")
        app.screen.query_one("#write-button").focus()
        await pilot.press("w")
        await settle(pilot)
        results = shown(app, "#results")
        assert f"Exported to {ours}" in results
        assert "written   ARCHITECTURE.md" in results
        assert "Up to date" in shown(app, "#export-status")

        # Hand-edit a file: the status says so, writing refuses it, force overwrites it.
        edited = ours / "docs" / "06-cost.md"
        edited.write_text("my notes\n")
        await pilot.press("c")
        await settle(pilot)
        assert "1 file(s) differ from the session: docs/06-cost.md" in shown(app, "#export-status")
        await pilot.press("w")
        await settle(pilot)
        results = shown(app, "#results")
        assert "Nothing written" in results
        assert "refused   docs/06-cost.md  edited by hand since the last export" in results
        assert edited.read_text() == "my notes\n"
        app.screen.query_one("#force").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("o")
        await settle(pilot)
        assert edited.read_text() != "my notes\n"

    result = infrasketch("export", shop_file, "--out", theirs)
    assert result.returncode == 0, result.stderr
    mine, cli = tree(ours), tree(theirs)
    assert sorted(mine) == sorted(cli)
    assert len(mine) > 20
    for path, data in cli.items():
        assert mine[path] == data, f"{path} differs from the CLI's"


async def test_preview_renders_documents_and_the_diagram(run_app: Runner, shop_file: Path) -> None:
    from textual.widgets import Markdown, OptionList

    from widgets.diagram_image import DiagramImage

    async with run_app(shop_file, "export") as (app, pilot):
        await pilot.press("2")
        await pilot.pause()
        files = app.screen.query_one("#files", OptionList)
        paths = [str(files.get_option_at_index(i).id) for i in range(files.option_count)]
        assert "ARCHITECTURE.md" in paths and "diagrams/architecture.png" in paths
        files.highlighted = paths.index("docs/06-cost.md")
        await settle(pilot)
        markdown = app.screen.query_one("#preview-markdown", Markdown)
        assert markdown.display
        assert "COST" in markdown.source
        files.highlighted = paths.index("diagrams/architecture.png")
        await settle(pilot)
        image = app.screen.query_one("#preview-image", DiagramImage)
        assert image.display and image.png is not None and image.png[:4] == b"\x89PNG"
