"""`infrasketch export`: the real command, its output and its exit codes."""

from __future__ import annotations

from pathlib import Path

from sessions.bundled import example_path
from tests.cli import infrasketch

SAAS = example_path("saas-mvp-aws")
OPS = ("--only", "ci", "monitoring", "compose", "env")
"""The operations kinds: these tests are about the writer, not the (slower) documents."""


def test_export_then_check_is_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    result = infrasketch("export", SAAS, "--out", out, *OPS)
    assert result.returncode == 0, result.stderr
    assert "written   ci/github-actions.yml: new" in result.stdout
    assert f"exported to {out.resolve()} (6 written)" in result.stdout
    assert (out / "monitoring" / "cloudwatch-alarms.yml").is_file()  # its metrics are CloudWatch
    # CloudWatch is the design's metrics service: no Prometheus files to load anywhere.
    assert not (out / "monitoring" / "prometheus-rules.yml").exists()
    check = infrasketch("export", SAAS, "--out", out, "--check", *OPS)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "up to date (6 files match the session)" in check.stdout


def test_hand_edit_is_refused_and_check_fails(tmp_path: Path) -> None:
    assert infrasketch("export", SAAS, "--out", tmp_path, *OPS).returncode == 0
    env = tmp_path / ".env.example"
    env.write_text(env.read_text() + "EXTRA=\n")
    result = infrasketch("export", SAAS, "--out", tmp_path, *OPS)
    assert result.returncode == 1
    assert "refused   .env.example: edited by hand since the last export" in result.stderr
    assert "nothing written" in result.stderr
    assert "Traceback" not in result.stderr
    check = infrasketch("export", SAAS, "--out", tmp_path, "--check", *OPS)
    assert check.returncode == 1
    assert check.stdout.splitlines() == ["differs   .env.example"]
    assert infrasketch("export", SAAS, "--out", tmp_path, "--force", *OPS).returncode == 0
    assert infrasketch("export", SAAS, "--out", tmp_path, "--check", *OPS).returncode == 0


def test_only_writes_the_chosen_kinds(tmp_path: Path) -> None:
    result = infrasketch("export", SAAS, "--out", tmp_path, "--only", "ci", "env")
    assert result.returncode == 0, result.stderr
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written == [
        ".env.example",
        "ci/dependabot.yml",
        "ci/github-actions.yml",
        "manifest.json",
    ]


def test_missing_bundle_fails_the_check(tmp_path: Path) -> None:
    result = infrasketch("export", SAAS, "--out", tmp_path / "absent", "--check", *OPS)
    assert result.returncode == 1
    assert "missing   docker-compose.yml" in result.stdout
    assert not (tmp_path / "absent").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert infrasketch("export", SAAS).returncode == 2
    assert infrasketch("export", SAAS, "--out", tmp_path, "--only", "pdf").returncode == 2
    both = infrasketch("export", SAAS, "--out", tmp_path, "--check", "--force")
    assert both.returncode == 2
    assert "cannot be combined" in both.stderr


def test_bad_session_and_bad_dir_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAAS.read_text().replace("provider: aws", "provider: oracle", 1))
    result = infrasketch("export", bad, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr and "provider" in result.stderr
    assert "Traceback" not in result.stderr
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    result = infrasketch("export", SAAS, "--out", blocker)
    assert result.returncode == 1
    assert "is not a folder" in result.stderr
