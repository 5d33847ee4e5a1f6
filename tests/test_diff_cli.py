"""`infrasketch diff`: the real command over temporary git repositories with two commits.

The pull request of `tests.diff_repos` moves Tallybook's database to Multi-AZ, adds a
Multi-AZ session cache and drops staging. Every expected delta below is worked out by
hand from the two sessions' cost lines (the arithmetic is in the comments), not read
from the diff engine; the catalog prices it rests on are asserted first, so a price
change fails with its cause.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from model.analysis import analyse
from model.enums import DecisionStatus
from model.session import SCHEMA_VERSION
from sessions.store import dumps
from tests.cli import infrasketch
from tests.diff_repos import base_design, commit, git, new_repo, pr_change, pr_repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`main~1`: Tallybook; `main`: the pull request."""
    return pr_repo(tmp_path_factory.mktemp("pr") / "repo")


def run_json(repo: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = infrasketch("diff", *args, "--format", "json", cwd=repo)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


@pytest.fixture(scope="module")
def pr(repo: Path) -> dict[str, Any]:
    """The JSON diff of the pull request."""
    code, data = run_json(repo, "main~1:design.yaml", "main:design.yaml")
    assert code == 0
    return data


def test_the_prices_the_arithmetic_rests_on() -> None:
    base = analyse(base_design()).cost.line("db")
    assert base is not None
    hourly, storage = base.charges[0], base.charges[1]
    assert (hourly.unit_price, storage.unit_price, storage.quantity) == (0.032, 0.115, 20.0)
    head = analyse(pr_change(base_design())).cost.line("cache")
    assert head is not None and head.charges[0].unit_price == 0.032


def test_cost_deltas_are_the_hand_computed_ones(pr: dict[str, Any]) -> None:
    cost = pr["cost"]
    # Database, base: 1 × db.t4g.small × 730 h × $0.032 = $23.36, + 20 GB (RDS's minimum)
    #   × $0.115 = $2.30 → $25.66.
    # Database, head: (1 + 1 Multi-AZ standby) × 730 h × $0.032 = $46.72, + 20 GB × $0.115
    #   × 2 (Multi-AZ) = $4.60 → $51.32: +$25.66, +100%.
    db = next(c for c in pr["components"] if c["id"] == "db")
    assert db["change"] == "changed"
    assert [f["path"] for f in db["fields"]] == ["multi_az"]
    assert (db["fields"][0]["before"], db["fields"][0]["after"]) == (False, True)
    assert db["monthly"] == {"before": 25.66, "after": 51.32, "change": 25.66, "percent": 100.0}
    # Cache, head only: 2 nodes (Multi-AZ) × cache.t4g.small × 730 h × $0.032 = $46.72.
    cache = next(c for c in pr["components"] if c["id"] == "cache")
    assert cache["change"] == "added"
    assert cache["monthly"]["before"] is None and cache["monthly"]["after"] == 46.72
    assert [c["id"] for c in pr["components"]] == ["db", "cache"]
    # Production: the two lines move, nothing else: +$25.66 + $46.72 = +$72.38 a month,
    # on a base of $202.10 (the report's production total): +35.81%.
    now, ten, hundred = cost["production"]
    assert now["change"] == pytest.approx(25.66 + 46.72, abs=0.005)
    assert now["before"] == 202.10
    assert now["after"] == pytest.approx(202.10 + 72.38, abs=0.01)
    assert now["percent"] == pytest.approx(72.38 / 202.10 * 100, abs=0.01)
    # At 10x the database holds 10 × 10 GB = 100 GB (past the 20 GB minimum): base
    # $23.36 + 100 × $0.115 = $34.86; head (1 + 1) × $23.36 + 100 × $0.115 × 2 = $69.72:
    # +$34.86; the cache stays 2 × $23.36 = $46.72 → +$81.58.
    assert ten["change"] == pytest.approx(34.86 + 46.72, abs=0.005)
    # At 100x the database needs 2 × db.m7g.xlarge at $0.336/h: base 2 × 730 × $0.336 =
    # $490.56 + 1,000 GB × $0.115 = $115 → $605.56; head (2 + 1 standby) × 730 × $0.336 =
    # $735.84 + 1,000 × $0.115 × 2 = $230 → $965.84: +$360.28; + the cache $46.72 → +$407.00.
    assert hundred["change"] == pytest.approx(360.28 + 46.72, abs=0.005)
    lines = {line["id"]: line for line in cost["lines"]}
    assert [s["change"] for s in lines["db"]["scales"]] == [25.66, 34.86, 360.28]
    assert set(lines) == {"db", "cache"}
    # Environments: dev is billed fixed charges + 25% of the variable ones. Both lines are
    # variable, so dev moves by 25% × $72.38 = +$18.095. Staging (fixed $96.73 + 50% ×
    # $71.87 variable = $132.66) is gone.
    envs = {e["name"]: e for e in cost["environments"]}
    assert envs["dev"]["change"] == pytest.approx(72.38 * 0.25, abs=0.01)
    assert envs["staging"]["before"] == pytest.approx(96.73 + 0.5 * 71.87, abs=0.01)
    assert envs["staging"]["after"] is None
    assert envs["prod"]["change"] == pytest.approx(72.38, abs=0.005)
    # The whole bill: +$72.38 (prod) + $18.095 (dev) − $132.66 (staging) = −$42.19.
    bill = cost["all_environments"]
    assert bill["change"] == pytest.approx(72.38 + 72.38 * 0.25 - 132.66, abs=0.01)
    # Groups: both lines are in the database group (caches sit with the database).
    groups = {g["group"]: g for g in cost["groups"]}
    assert groups["database"]["change"] == pytest.approx(72.38, abs=0.005)
    assert all(g["change"] == 0 for name, g in groups.items() if name != "database")


def test_availability_recovery_and_findings(pr: dict[str, Any]) -> None:
    recovery = {f["failure"]: f for f in pr["availability"]["recovery"]["failures"]}
    # A zone failure, base: restore 10 GB at 30 min + 10 GB / 200 GB/h × 60 = 33 min,
    # point-in-time recovery loses ~5 min; head: the standby takes over in ~2 min, no loss.
    assert recovery["zone"]["rto_minutes"]["before"] == 30 + 10 / 200 * 60
    assert recovery["zone"]["rto_minutes"]["after"] == 2
    assert (
        recovery["zone"]["rpo_minutes"]["before"],
        recovery["zone"]["rpo_minutes"]["after"],
    ) == (
        5,
        0,
    )
    # A region outage is not recoverable on either side.
    assert recovery["region"]["rto_minutes"] == {
        "before": None, "after": None, "change": None, "percent": None
    }  # fmt: skip
    availability = pr["availability"]
    assert availability["estimate"]["after"] > availability["estimate"]["before"]
    assert availability["meets_target"] == {"before": False, "after": True}
    status = {(f["rule"], f["status"]) for f in pr["findings"]}
    assert ("single-az-database", "resolved") in status
    assert ("no-staging", "opened") in status
    db = next(c for c in pr["components"] if c["id"] == "db")
    assert db["decisions"][0]["id"] == "adr-004"
    sections = {s["section"]: s for s in pr["sections"]}
    assert [f["path"] for f in sections["environments"]["fields"]] == ["environments[staging]"]
    assert {"decisions[adr-002].status", "decisions[adr-004]"} <= {
        f["path"] for f in sections["decisions"]["fields"]
    }
    assert [(x["change"], x["source"], x["target"]) for x in pr["links"]] == [
        ("added", "api", "cache")
    ]


@pytest.mark.parametrize(
    ("direction", "guardrail", "code"),
    [
        # Forward the bill falls by $42.19 (−9.4%); backwards it rises by $42.19 on $407.27:
        # +10.36%.
        ("forward", "cost-increase>10%", 0),
        ("backward", "cost-increase>10%", 1),
        ("backward", "cost-increase>=$42", 1),
        ("backward", "cost-increase>$50", 0),
        # Backwards the estimate falls from 99.962% to 99.468%: 0.494 pp.
        ("forward", "availability-drop>0.05", 0),
        ("backward", "availability-drop>0.05", 1),
        ("backward", "availability-drop>0.5", 0),
        # Forward, no staging opens a high finding nobody answered.
        ("forward", "new-finding>=high", 1),
        ("forward", "new-finding>high", 0),
        ("backward", "new-finding>=high", 0),
        ("backward", "new-finding>=medium", 1),
        # Both sides leave "criticals page nobody" (high) open; neither has a critical one.
        ("forward", "unanswered>=critical", 0),
        ("forward", "unanswered>=high", 1),
    ],
)
def test_every_guardrail_sets_the_exit_code(
    repo: Path, direction: str, guardrail: str, code: int
) -> None:
    sides = ["main~1:design.yaml", "main:design.yaml"]
    if direction == "backward":
        sides.reverse()
    result = infrasketch("diff", *sides, "--fail-on", guardrail, cwd=repo)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    if code:
        assert f"{guardrail.replace(' ', '')} fails:" in result.stderr
        assert "FAILS" in result.stdout
    else:
        assert result.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ["--fail-on", "cost-increase>10"],
        ["--fail-on", "latency-increase>5%"],
        ["--fail-on", "new-finding>=urgent"],
        ["--format", "yaml"],
        ["--link-base", "https://example.com/"],
    ],
)
def test_usage_errors_exit_2(repo: Path, args: list[str]) -> None:
    result = infrasketch("diff", "main~1:design.yaml", "main:design.yaml", *args, cwd=repo)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_identical_sessions_say_no_changes(repo: Path) -> None:
    for fmt in ("text", "markdown"):
        result = infrasketch(
            "diff", "main:design.yaml", "design.yaml", "--format", fmt,
            "--fail-on", "unanswered>=high", cwd=repo,
        )  # fmt: skip
        # Nothing changed, so nothing fails: the guardrails judge the change.
        assert "No changes: the two designs are the same." in result.stdout
    code, data = run_json(repo, "main:design.yaml")
    assert code == 0
    assert data["unchanged"] is True
    assert data["components"] == [] and data["findings"] == [] and data["sections"] == []
    assert data["head"]["label"] == "design.yaml"


def test_head_defaults_to_the_working_file(tmp_path: Path) -> None:
    repo = pr_repo(tmp_path / "repo")
    base = base_design()
    (repo / "design.yaml").write_text(
        dumps(base.evolve(context=base.context.evolve(users=2000))), encoding="utf-8"
    )
    code, data = run_json(repo, "main:design.yaml")
    assert (data["base"]["label"], data["head"]["label"]) == ("main:design.yaml", "design.yaml")
    assert {"path": "context.users", "before": 1000, "after": 2000} in data["sections"][0]["fields"]
    # A plain file is compared with its last commit.
    code, data = run_json(repo, "design.yaml")
    assert data["base"]["label"] == "HEAD:design.yaml"
    assert code == 0


def test_a_rename_is_a_rename(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    base = base_design()
    commit(repo, base, "base")
    renamed = [
        c.evolve(id="postgres", name="Main database") if c.id == "db" else c
        for c in base.components
    ]
    commit(repo, base.evolve(components=tuple(renamed)), "rename the database")
    code, data = run_json(repo, "main~1:design.yaml", "main:design.yaml")
    assert code == 0
    assert [(c["change"], c["base_id"], c["id"]) for c in data["components"]] == [
        ("renamed", "db", "postgres")
    ]
    fields = {f["path"]: (f["before"], f["after"]) for f in data["components"][0]["fields"]}
    assert fields == {"id": ("db", "postgres"), "name": ("Primary database", "Main database")}
    # Same service, same settings: no cost line moves, no finding opens or closes, no link.
    assert data["cost"]["lines"] == [] and data["findings"] == [] and data["links"] == []
    text = infrasketch("diff", "main~1:design.yaml", "main:design.yaml", cwd=repo).stdout
    assert "→ Primary database → Main database (Database)" in text


def test_a_new_design_is_explained(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    commit(repo, "# Tallybook\n", "readme", path="README.md")
    commit(repo, base_design(), "the first design")
    result = infrasketch("diff", "main~1:design.yaml", "main:design.yaml", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "main~1:design.yaml holds no session: a new design" in result.stdout
    code, data = run_json(
        repo, "main~1:design.yaml", "main:design.yaml", "--fail-on", "cost-increase>10%"
    )
    assert data["new_design"] is True and code == 0
    assert data["guardrails"][0]["measured"] == "not evaluated: the base bill is $0.00"
    assert {c["change"] for c in data["components"]} == {"added"}
    assert data["cost"]["production"][0]["before"] is None


def test_an_older_schema_version_is_migrated_then_compared(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    current = base_design()
    old = dumps(current).replace(f"schema_version: {SCHEMA_VERSION}", "schema_version: 1")
    old = old.replace("\n  users: ", "\n  expected_users: ").replace(
        "\nincidents:", "\nincident_response:"
    )
    # Version 1 kept alert thresholds as a mapping of metric to limits.
    head, _, rest = old.partition("  thresholds:\n")
    body, _, tail = rest.partition("  channels:\n")
    alerts = "  alerts: {}\n" if not body.strip() else _v1_alerts(body)
    commit(repo, head + alerts + "  channels:\n" + tail, "a version 1 file")
    commit(repo, current, "saved by this version")
    result = infrasketch("diff", "main~1:design.yaml", "main:design.yaml", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert (
        "main~1:design.yaml is schema version 1: migrated to the current version" in result.stdout
    )
    assert "No changes: the two designs are the same." in result.stdout


def _v1_alerts(body: str) -> str:
    import yaml

    items = yaml.safe_load("x:\n" + body)["x"]
    lines = ["  alerts:"]
    for item in items:
        metric = item.pop("metric")
        lines.append(f"    {metric}:")
        lines += [f"      {k}: {v}" for k, v in item.items()]
    return "\n".join(lines) + "\n"


def test_problems_are_located_never_a_traceback(tmp_path: Path) -> None:
    repo = pr_repo(tmp_path / "repo")
    text = (repo / "design.yaml").read_text(encoding="utf-8")
    (repo / "design.yaml").write_text(
        text.replace("service: aws-elasticache-redis", "service: aws-elasticache-redys"),
        encoding="utf-8",
    )
    result = infrasketch("diff", "main:design.yaml", cwd=repo)
    assert result.returncode == 1
    line = text.splitlines().index("    service: aws-elasticache-redis") + 1
    assert result.stderr.startswith(f"design.yaml:{line}:14: components[6].service:")
    git(repo, "commit", "-qam", "a typo")
    result = infrasketch("diff", "main~1:design.yaml", "main:design.yaml", cwd=repo)
    assert result.stderr.startswith(f"main:design.yaml:{line}:14: components[6].service:")
    for args, words in (
        (["nope:design.yaml"], "nope:design.yaml: nope is not a revision of this repository"),
        (["main~1:design.yaml", "main:missing.yaml"], "main:missing.yaml: no such file in main"),
        (["main~1:design.yaml", "missing.yaml"], "missing.yaml: cannot read"),
    ):
        result = infrasketch("diff", *args, cwd=repo)
        assert result.returncode == 1
        assert result.stderr.startswith(words), result.stderr
        assert "Traceback" not in result.stderr
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = infrasketch("diff", "main:design.yaml", str(repo / "design.yaml"), cwd=outside)
    assert result.returncode == 1
    assert "not inside a git repository" in result.stderr


def test_superseded_decisions_do_not_explain_a_change(pr: dict[str, Any]) -> None:
    db = next(c for c in pr["components"] if c["id"] == "db")
    statuses = {d["status"] for d in db["decisions"]}
    assert DecisionStatus.SUPERSEDED.value not in statuses
