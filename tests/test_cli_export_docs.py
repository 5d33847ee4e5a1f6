"""`infrasketch export` with the documents and diagrams: the whole bundle, --single, --check."""

from __future__ import annotations

import json
from pathlib import Path

from sessions.bundled import example_path
from tests.cli import infrasketch

LAYOUT = [
    "ARCHITECTURE.md",
    "ci/dependabot.yml",
    "docs/01-infrastructure.md",
    "docs/02-cicd-pipeline.md",
    "docs/03-deployment.md",
    "docs/04-monitoring.md",
    "docs/05-security.md",
    "docs/06-cost.md",
    "docs/07-incident-response.md",
    "docs/skeptic-tradeoffs.md",
    "docs/roles/tech-lead.md",
    "docs/roles/frontend.md",
    "docs/roles/backend.md",
    "docs/roles/qa.md",
    "docs/roles/product-owner.md",
    "diagrams/architecture.txt",
    "diagrams/architecture.mmd",
    "diagrams/architecture.dot",
    "diagrams/architecture.png",
    "diagrams/architecture.svg",
    "ci/github-actions.yml",
    "monitoring/cloudwatch-alarms.yml",
    "docker-compose.yml",
    ".env.example",
    "infrasketch.schema.json",
    "manifest.json",
]


def test_export_writes_the_whole_layout_then_check_passes(tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    session = example_path("saas-mvp-aws")
    result = infrasketch("export", session, "--out", out)
    assert result.returncode == 0, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == sorted(LAYOUT)
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["files"]) == set(LAYOUT) - {"manifest.json"}
    assert manifest["files"]["docs/06-cost.md"]["kind"] == "docs"
    assert manifest["files"]["diagrams/architecture.png"]["kind"] == "diagrams"
    assert (out / "diagrams/architecture.png").read_bytes().startswith(b"\x89PNG")

    check = infrasketch("export", session, "--out", out, "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "up to date" in check.stdout

    (out / "docs/06-cost.md").write_text("edited by hand\n")
    stale = infrasketch("export", session, "--out", out, "--check")
    assert stale.returncode == 1
    assert "docs/06-cost.md" in stale.stdout
    refused = infrasketch("export", session, "--out", out)
    assert refused.returncode == 1
    assert "docs/06-cost.md" in refused.stderr
    assert (out / "docs/06-cost.md").read_text() == "edited by hand\n"


def test_single_prints_architecture_md() -> None:
    result = infrasketch("export", example_path("eu-shop-gcp"), "--single")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# 🏗️ Architecture: Nordhaus Shop")
    assert len(result.stdout) <= 65_536


def test_single_and_out_are_exclusive(tmp_path: Path) -> None:
    session = example_path("eu-shop-gcp")
    assert infrasketch("export", session).returncode == 2
    assert infrasketch("export", session, "--single", "--out", tmp_path).returncode == 2
    assert infrasketch("export", session, "--out", tmp_path, "--link-base", "x").returncode == 2
