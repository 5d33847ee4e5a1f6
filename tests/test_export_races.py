"""Exports against other writers and hostile folders: one export at a time per folder, no
write outside DIR when a folder is swapped for a link mid-export, and a manifest that
cannot make an export delete a file it did not write."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from exporters.bundle import MANIFEST, digest
from exporters.folder import LOCK_NAME, ExportLock
from exporters.writer import ExportError, ExportResult, export_bundle
from model.analysis import Analysis, analyse
from sessions.atomic import WriteError
from sessions.bundled import example_path, load_example
from tests.cli import COMMAND

OPS = ("ci", "monitoring", "compose", "env")

SWAPPER = """
import os, select, sys
folder, outside = sys.argv[1], sys.argv[2]
swaps = 0
while not select.select([sys.stdin], [], [], 0)[0]:
    parked = f"{folder}.parked{swaps}"
    try:
        os.rename(folder, parked)
        os.symlink(outside, folder)
        swaps += 1
        os.unlink(folder)
        os.rename(parked, folder)
    except OSError:
        pass  # the export made a new folder meanwhile: the parked one stays inside DIR
if os.path.islink(folder):
    os.unlink(folder)
print(swaps)
"""
"""Swaps FOLDER for a link to OUTSIDE and back until a line arrives on stdin; prints how
many times."""


@pytest.fixture(scope="module")
def saas() -> Analysis:
    return analyse(load_example("saas-mvp-aws"))


def statuses(result: ExportResult) -> dict[str, str]:
    return {o.path: o.status for o in result.outcomes}


# --- one export at a time ----------------------------------------------------------------


def test_a_folder_held_by_another_export_is_refused(tmp_path: Path, saas: Analysis) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with ExportLock(out), pytest.raises(ExportError, match="another export is writing"):
        export_bundle(saas, out, only=OPS)
    assert sorted(p.name for p in out.iterdir()) == [], "nothing written, the lock removed"
    assert export_bundle(saas, out, only=OPS).ok
    assert not (out / LOCK_NAME).exists()


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path: Path, saas: Analysis) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    import socket

    (out / LOCK_NAME).write_text(f"{dead.stdout.strip()} {socket.gethostname()}\n")
    assert export_bundle(saas, out, only=OPS).ok
    assert not (out / LOCK_NAME).exists()


def test_two_exports_into_one_folder_one_wins_the_other_says_so(tmp_path: Path) -> None:
    shop = tmp_path / "shop.yaml"
    shop.write_bytes(example_path("eu-shop-gcp").read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    runs = [
        subprocess.Popen(
            [str(COMMAND), "export", str(shop), "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1], results
    loser = next(err for code, _, err in results if code == 1)
    assert "another export is writing into this folder" in loser
    assert "Traceback" not in loser
    assert not (out / LOCK_NAME).exists()
    check = subprocess.run(
        [str(COMMAND), "export", str(shop), "--out", str(out), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


# --- a folder swapped for a link while the export writes ---------------------------------


def test_a_folder_swapped_for_a_link_mid_export_never_writes_outside(
    tmp_path: Path, saas: Analysis
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    assert export_bundle(saas, out, only=OPS).ok
    # Another process swaps the folder for a link and back, as fast as it can.
    swapper = subprocess.Popen(
        [sys.executable, "-c", SWAPPER, str(out / "monitoring"), str(outside)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    outcomes: dict[str, int] = {}
    try:
        changed = saas
        for run in range(60):
            changed = analyse(
                changed.session.evolve(
                    monitoring=changed.session.monitoring.evolve(
                        thresholds=tuple(
                            t.evolve(for_minutes=(run % 30) + 1)
                            for t in changed.session.monitoring.thresholds
                        )
                    )
                )
            )
            try:
                result = export_bundle(changed, out, only=OPS, force=True)
                kind = "written" if result.ok else "refused"
            except WriteError:
                kind = "failed"
            outcomes[kind] = outcomes.get(kind, 0) + 1
            assert list(outside.iterdir()) == [], f"run {run} wrote outside DIR"
    finally:
        swaps, _ = swapper.communicate("stop\n", timeout=30)
    # More swaps than exports: the race was run (a loaded machine swaps less: 153 is seen
    # with two test workers and another job on two cores, 600+ on a quiet one).
    assert int(swaps) > 60, "the race was run"
    assert sum(outcomes.values()) == 60
    assert list(outside.iterdir()) == []


# --- the manifest's word is checked --------------------------------------------------------


def test_a_manifest_cannot_make_an_export_delete_a_users_file(
    tmp_path: Path, saas: Analysis
) -> None:
    out = tmp_path / "out"
    assert export_bundle(saas, out, only=OPS).ok
    mine = out / "src" / "important.py"
    mine.parent.mkdir()
    mine.write_text("print('mine')\n")
    for force in (False, True):
        # As if a pull request added the entry to the committed manifest.
        doc = json.loads((out / MANIFEST).read_text())
        doc["files"]["src/important.py"] = {"kind": "ci", "sha256": digest(mine.read_bytes())}
        (out / MANIFEST).write_text(json.dumps(doc))
        result = export_bundle(saas, out, only=OPS, force=force)
        assert statuses(result)["src/important.py"] == "kept"
        assert mine.read_text() == "print('mine')\n"
    entries = json.loads((out / MANIFEST).read_text())["files"]
    assert "src/important.py" not in entries, "no longer claimed"


def test_a_stale_file_edited_by_hand_is_never_deleted(tmp_path: Path) -> None:
    github = analyse(load_example("saas-mvp-aws"))
    session = github.session
    from model.enums import CiSystem

    gitlab = analyse(session.evolve(pipeline=session.pipeline.evolve(system=CiSystem.GITLAB_CI)))
    out = tmp_path / "out"
    assert export_bundle(github, out, only=OPS).ok
    workflow = out / "ci" / "github-actions.yml"
    workflow.write_text(workflow.read_text() + "# my step\n")
    refused = export_bundle(gitlab, out, only=OPS)
    assert statuses(refused)["ci/github-actions.yml"] == "refused"
    forced = export_bundle(gitlab, out, only=OPS, force=True)
    assert statuses(forced)["ci/github-actions.yml"] == "kept"
    assert workflow.read_text().endswith("# my step\n")
    assert (out / "ci" / "gitlab-ci.yml").is_file()
