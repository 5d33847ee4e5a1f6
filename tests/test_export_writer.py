"""The bundle writer: containment, protection of hand edits, check mode, atomicity."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from exporters import bundle, folder, writer
from exporters.bundle import MANIFEST, digest, kinds
from exporters.writer import ExportError, FileOutcome, safe_relpath
from model.analysis import analyse
from model.enums import CiSystem
from model.session import Session, replace
from sessions.atomic import WriteError, write_atomic_at
from sessions.bundled import load_example

OPS_FILES = {
    "ci/github-actions.yml",
    "ci/dependabot.yml",
    "monitoring/cloudwatch-alarms.yml",
    "docker-compose.yml",
    ".env.example",
    MANIFEST,
}


OPS = ("ci", "monitoring", "compose", "env")
"""The operations kinds: the writer's rules are shown on them, without the slower documents."""


def export_bundle(session: Session, out_dir: str | Path, **options: object) -> writer.ExportResult:
    """The writer limited to the operations kinds unless a test chooses its own."""
    options.setdefault("only", OPS)
    return writer.export_bundle(analyse(session), out_dir, **options)  # type: ignore[arg-type]


def build_bundle(session: Session, only: set[str] | None = None) -> dict[str, bytes]:
    """The bundle of the operations kinds unless a test chooses its own."""
    return bundle.build_bundle(analyse(session), set(OPS) if only is None else only)


@pytest.fixture
def saas() -> Session:
    return load_example("saas-mvp-aws")


def statuses(result: writer.ExportResult) -> dict[str, str]:
    return {o.path: o.status for o in result.outcomes}


def test_bundle_layout_and_manifest(saas: Session) -> None:
    files = build_bundle(saas)
    assert set(files) == OPS_FILES
    doc = json.loads(files[MANIFEST])
    assert doc["generator"]["name"] == "infrasketch"
    assert set(doc["files"]) == OPS_FILES - {MANIFEST}
    for path, entry in doc["files"].items():
        assert entry["sha256"] == digest(files[path])
    prometheus = "the metrics service is CloudWatch: its alarms are in "
    assert doc["skipped"] == {
        "ci/gitlab-ci.yml": "the pipeline runs on GitHub Actions (pipeline.system)",
        "monitoring/prometheus.yml": prometheus + "monitoring/cloudwatch-alarms.yml",
        "monitoring/prometheus-rules.yml": prometheus + "monitoring/cloudwatch-alarms.yml",
        "monitoring/prometheus-rules.test.yml": prometheus + "monitoring/cloudwatch-alarms.yml",
        "monitoring/alertmanager.yml": prometheus + "monitoring/cloudwatch-alarms.yml",
        **dict.fromkeys(
            ("monitoring/cloud-monitoring/critical.yml", "monitoring/cloud-monitoring/warning.yml"),
            "the metrics service is not Cloud Monitoring, nothing in the design records "
            "request metrics in it, or the session sets no error-rate or latency threshold",
        ),
        "monitoring/azure-monitor-alerts.json": "the metrics service is not Azure Monitor, the "
        "design has no Application Insights, or the session sets no error-rate or latency "
        "threshold",
    }
    assert b"package-ecosystem: github-actions" in files["ci/dependabot.yml"]
    assert kinds() == ("ci", "monitoring", "compose", "env", "docs", "diagrams")


def test_only_selects_kinds(saas: Session) -> None:
    assert set(build_bundle(saas, {"ci"})) == {
        "ci/github-actions.yml",
        "ci/dependabot.yml",
        MANIFEST,
    }
    gitlab = replace(saas, pipeline=saas.pipeline.evolve(system=CiSystem.GITLAB_CI))
    assert set(build_bundle(gitlab, {"ci", "env"})) == {
        "ci/gitlab-ci.yml",
        ".env.example",
        MANIFEST,
    }


def test_first_export_writes_everything_then_nothing_changes(tmp_path: Path, saas: Session) -> None:
    seen: list[FileOutcome] = []
    result = export_bundle(saas, tmp_path / "out", on_file=seen.append)
    assert result.ok
    assert set(statuses(result)) == OPS_FILES
    assert set(statuses(result).values()) == {"written"}
    assert [o.path for o in seen] == [o.path for o in result.outcomes]
    for path, data in build_bundle(saas).items():
        assert (tmp_path / "out" / path).read_bytes() == data
    again = export_bundle(saas, tmp_path / "out")
    assert set(statuses(again).values()) == {"unchanged"}
    assert export_bundle(saas, tmp_path / "out", check=True).ok


def test_hand_edited_file_is_protected_and_nothing_is_written(
    tmp_path: Path, saas: Session
) -> None:
    export_bundle(saas, tmp_path)
    compose = tmp_path / "docker-compose.yml"
    compose.write_text(compose.read_text() + "# my local tweak\n")
    changed = replace(saas, deployment=saas.deployment.evolve(step_watch_minutes=11))
    before = {p: (tmp_path / p).read_bytes() for p in OPS_FILES}
    result = export_bundle(changed, tmp_path)
    assert not result.ok
    assert [o.path for o in result.refused] == ["docker-compose.yml"]
    assert "edited by hand" in result.refused[0].reason
    assert statuses(result)["monitoring/cloudwatch-alarms.yml"] == "unchanged"
    assert {p: (tmp_path / p).read_bytes() for p in OPS_FILES} == before, "nothing written"
    forced = export_bundle(changed, tmp_path, force=True)
    assert forced.ok
    assert compose.read_bytes() == build_bundle(changed)["docker-compose.yml"]


def test_foreign_files_are_refused(tmp_path: Path, saas: Session) -> None:
    (tmp_path / ".env.example").write_text("MINE=1\n")
    result = export_bundle(saas, tmp_path)
    assert [o.path for o in result.refused] == [".env.example"]
    assert "not written by the last export" in result.refused[0].reason
    assert (tmp_path / ".env.example").read_text() == "MINE=1\n"
    assert not (tmp_path / "ci").exists(), "held files are not written"
    (tmp_path / ".env.example").unlink()
    (tmp_path / MANIFEST).write_text('{"not": "ours"}')
    result = export_bundle(saas, tmp_path)
    assert [o.path for o in result.refused] == [MANIFEST]


def test_identical_foreign_file_counts_as_unchanged(tmp_path: Path, saas: Session) -> None:
    (tmp_path / ".env.example").write_bytes(build_bundle(saas)[".env.example"])
    result = export_bundle(saas, tmp_path)
    assert result.ok
    assert statuses(result)[".env.example"] == "unchanged"


def test_symlink_inside_dir_is_refused_even_with_force(tmp_path: Path, saas: Session) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "monitoring").symlink_to(outside, target_is_directory=True)
    for force in (False, True):
        result = export_bundle(saas, out, force=force)
        assert not result.ok
        refused = {o.path for o in result.refused}
        assert refused == {
            "monitoring/cloudwatch-alarms.yml",
        }
        assert all("symbolic link" in o.reason for o in result.refused)
    assert list(outside.iterdir()) == []
    assert not (out / "ci").exists()


def test_symlinked_file_is_refused(tmp_path: Path, saas: Session) -> None:
    target = tmp_path / "victim.txt"
    target.write_text("keep me\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".env.example").symlink_to(target)
    result = export_bundle(saas, out, force=True)
    assert [o.path for o in result.refused] == [".env.example"]
    assert target.read_text() == "keep me\n"


def test_escaping_names_in_a_previous_manifest_touch_nothing_outside(
    tmp_path: Path, saas: Session
) -> None:
    out = tmp_path / "out"
    export_bundle(saas, out)
    victim = tmp_path / "victim.yml"
    victim.write_text("precious\n")
    doc = json.loads((out / MANIFEST).read_text())
    doc["files"]["../victim.yml"] = {"kind": "ci", "sha256": digest(b"precious\n")}
    doc["files"][str(victim)] = {"kind": "ci", "sha256": digest(b"precious\n")}
    (out / MANIFEST).write_text(json.dumps(doc))
    result = export_bundle(saas, out, force=True)
    assert {o.path for o in result.refused} == {"../victim.yml", str(victim)}
    assert victim.read_text() == "precious\n"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("ci/github-actions.yml", True),
        (".env.example", True),
        ("../escape.yml", False),
        ("ci/../../escape.yml", False),
        ("/etc/passwd", False),
        ("ci//x", True),
        ("./x", True),
        ("", False),
        ("ci\\x.yml", False),
    ],
)
def test_safe_relpath(name: str, safe: bool) -> None:
    assert (safe_relpath(name) is not None) is safe


def test_dir_that_is_a_file_is_an_error(tmp_path: Path, saas: Session) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        export_bundle(saas, blocker)


def test_check_reports_missing_differing_and_stale(tmp_path: Path, saas: Session) -> None:
    empty = export_bundle(saas, tmp_path / "none", check=True)
    assert not empty.ok
    assert set(statuses(empty).values()) == {"missing"}
    assert not (tmp_path / "none").exists(), "check writes nothing"
    export_bundle(saas, tmp_path)
    (tmp_path / "monitoring" / "cloudwatch-alarms.yml").write_text("edited\n")
    (tmp_path / ".env.example").unlink()
    gitlab = replace(saas, pipeline=saas.pipeline.evolve(system=CiSystem.GITLAB_CI))
    result = export_bundle(gitlab, tmp_path, check=True)
    found = {o.path: o.status for o in result.out_of_date}
    assert found == {
        "ci/gitlab-ci.yml": "missing",
        "monitoring/cloudwatch-alarms.yml": "differs",
        ".env.example": "missing",
        MANIFEST: "differs",
        "ci/github-actions.yml": "stale",
        "ci/dependabot.yml": "stale",
    }
    assert (tmp_path / "monitoring" / "cloudwatch-alarms.yml").read_text() == "edited\n"


def test_switching_ci_system_removes_the_old_file(tmp_path: Path, saas: Session) -> None:
    export_bundle(saas, tmp_path)
    gitlab = replace(saas, pipeline=saas.pipeline.evolve(system=CiSystem.GITLAB_CI))
    result = export_bundle(gitlab, tmp_path)
    assert result.ok
    assert statuses(result)["ci/github-actions.yml"] == "removed"
    assert not (tmp_path / "ci" / "github-actions.yml").exists()
    assert (tmp_path / "ci" / "gitlab-ci.yml").is_file()
    assert export_bundle(gitlab, tmp_path, check=True).ok


def test_only_keeps_the_other_kinds_in_the_manifest(tmp_path: Path, saas: Session) -> None:
    export_bundle(saas, tmp_path)
    changed = replace(saas, deployment=saas.deployment.evolve(step_watch_minutes=12))
    result = export_bundle(changed, tmp_path, only=["ci"])
    assert {o.path for o in result.outcomes} == {
        "ci/github-actions.yml",
        "ci/dependabot.yml",
        MANIFEST,
    }
    entries = json.loads((tmp_path / MANIFEST).read_text())["files"]
    assert set(entries) == OPS_FILES - {MANIFEST}
    assert export_bundle(changed, tmp_path, only=["ci"], check=True).ok
    assert export_bundle(changed, tmp_path, check=True).ok, "the rest was already current"


def test_a_failed_write_changes_no_file_partially_and_is_recorded(
    tmp_path: Path, saas: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_bundle(saas, tmp_path)
    renamed = replace(saas, context=saas.context.evolve(project="Tallybook Two"))
    real = write_atomic_at

    def full_disk_at_compose(fd: int, name: str, data: bytes, **kw: object) -> None:
        if name == "docker-compose.yml":
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, name, data)

    monkeypatch.setattr(folder, "write_atomic_at", full_disk_at_compose)
    compose_before = (tmp_path / "docker-compose.yml").read_bytes()
    with pytest.raises(WriteError, match="disk is full"):
        export_bundle(renamed, tmp_path, only=["ci", "compose"])
    monkeypatch.setattr(folder, "write_atomic_at", real)
    assert (tmp_path / "docker-compose.yml").read_bytes() == compose_before
    assert not list(tmp_path.rglob("*.tmp")), "no temporary files left"
    entries = json.loads((tmp_path / MANIFEST).read_text())["files"]
    workflow = (tmp_path / "ci" / "github-actions.yml").read_bytes()
    assert workflow == build_bundle(renamed)["ci/github-actions.yml"], "written before the failure"
    assert entries["ci/github-actions.yml"]["sha256"] == digest(workflow), "and recorded"
    assert entries["docker-compose.yml"]["sha256"] == digest(compose_before)
    result = export_bundle(renamed, tmp_path)
    assert result.ok, [str(o) for o in result.refused]
    assert export_bundle(renamed, tmp_path, check=True).ok


def test_files_are_replaced_atomically(tmp_path: Path, saas: Session) -> None:
    export_bundle(saas, tmp_path)
    inode = (tmp_path / "docker-compose.yml").stat().st_ino
    changed = replace(
        saas,
        components=tuple(c.evolve(name="API v2") if c.id == "api" else c for c in saas.components),
    )
    export_bundle(changed, tmp_path)
    assert (tmp_path / "docker-compose.yml").stat().st_ino != inode, "renamed over, not rewritten"
