"""`infrasketch report FILE [--json]`: exit codes, the documented JSON shape, and the text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from exporters.report import UNIT_PRICE_DIGITS, report_data, report_text
from model.analysis import analyse
from model.engines.lines import Group
from model.units import money
from sessions.bundled import EXAMPLES, example_path, load_example
from tests.cli import infrasketch


@pytest.fixture(scope="module")
def reports() -> dict[str, Any]:
    """The JSON report of every example, from the real command."""
    out = {}
    for name in EXAMPLES:
        result = infrasketch("report", example_path(name), "--json")
        assert result.returncode == 0, result.stderr
        out[name] = json.loads(result.stdout)
    return out


def numbers(value: object) -> list[float]:
    """Every float in a JSON document."""
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [n for item in value.values() for n in numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in numbers(item)]
    return []


def test_json_has_the_documented_shape(reports: dict[str, Any]) -> None:
    for name, data in reports.items():
        session = load_example(name)
        cost = data["cost"]
        # Money to the cent, as a reviewer writes it; no float noise anywhere.
        assert cost["monthly_total"] == round(analyse(session).cost.monthly_total, 2)
        assert [g["group"] for g in cost["breakdown"]] == [g.value for g in Group]
        for entry in cost["breakdown"]:
            assert set(entry) >= {"group", "monthly", "percent"}
        assert sum(g["monthly"] for g in cost["breakdown"]) == pytest.approx(
            cost["monthly_total"], abs=0.01 * len(cost["breakdown"])
        )
        assert [p["scale"] for p in cost["projections"]] == [1, 10, 100]
        for projection in cost["projections"]:
            assert set(projection) >= {"scale", "monthly_total", "per_user"}
        availability = data["availability"]
        reliability = analyse(session).reliability
        assert availability["sla_floor"] == pytest.approx(reliability.sla_floor_percent)
        assert availability["estimate"] == pytest.approx(reliability.estimate_percent)
        assert [f["failure"] for f in availability["recovery"]["failures"]] == [
            "zone",
            "data",
            "region",
        ]
        assert availability["target"] == session.context.availability_target_percent
        assert data["findings"], name
        for finding in data["findings"]:
            assert set(finding) >= {"rule", "severity", "message", "answered_by"}
            assert finding["severity"] in {"critical", "high", "medium", "low"}
        for line in cost["components"]:
            assert line["price_source"] and line["price_date"] and line["assumption"]
        for number in numbers(data):
            assert len(repr(number).partition(".")[2]) <= UNIT_PRICE_DIGITS, number
        summary = data["summary"]
        assert summary["open_findings"] + summary["answered_findings"] == len(data["findings"])


def test_json_marks_prices_that_are_not_public(reports: dict[str, Any]) -> None:
    azure = reports["b2b-platform-azure"]["cost"]
    assert azure["not_counted"] == ["uptime"]
    [uptime] = [c for c in azure["components"] if c["id"] == "uptime"]
    assert uptime["monthly"] is None


def test_json_names_the_answers(reports: dict[str, Any]) -> None:
    answers = {
        f["rule"]: f["answered_by"]["id"]
        for f in reports["saas-mvp-aws"]["findings"]
        if f["answered_by"]
    }
    assert answers == {"single-az-database": "adr-002", "no-waf-for-payments": "adr-003"}


def test_text_report_has_every_section() -> None:
    result = infrasketch("report", example_path("saas-mvp-aws"))
    assert result.returncode == 0, result.stderr
    for heading in (
        "COST",
        "BREAKDOWN",
        "ENVIRONMENTS",
        "PROJECTED COST AT SCALE",
        "OPTIMISATION OPPORTUNITIES",
        "CROSSOVERS",
        "AVAILABILITY",
        "RECOVERY",
        "SKEPTIC",
    ):
        assert f"\n{heading}" in "\n" + result.stdout, heading
    assert "answered in adr-002" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 120


def test_text_and_data_agree_on_the_total() -> None:
    session = load_example("eu-shop-gcp")
    total = report_data(analyse(session))["cost"]["monthly_total"]
    assert money(total) in report_text(analyse(session))


def test_a_broken_file_exits_1_with_located_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(example_path("saas-mvp-aws").read_text().replace("team_size: 2", "team_size: 0"))
    result = infrasketch("report", bad, "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"{bad}:" in result.stderr and "context.team_size" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_exits_1_and_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = infrasketch("report", tmp_path / "nope.yaml")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert infrasketch("report").returncode == 2
    assert infrasketch("report", example_path("saas-mvp-aws"), "--yaml").returncode == 2


def test_the_report_and_the_cost_document_state_one_rule_for_the_environments() -> None:
    """Both tell a FinOps reviewer how dev and staging are priced, in the same words, with
    the same per-environment figures."""
    from exporters.documents.cost import render
    from model.engines.cost import SHARED_ONCE

    analysis = analyse(load_example("saas-mvp-aws"))
    text = " ".join(report_text(analysis).split())
    document = render(analysis)
    assert SHARED_ONCE in text and SHARED_ONCE in document
    for env in analysis.cost.environments:
        if not env.production:
            assert f"{env.name}: {money(env.monthly)}" in document
            assert money(env.monthly) in text
