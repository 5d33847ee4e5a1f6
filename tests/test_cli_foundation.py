"""The headless commands of the foundation: validate, new, schema, catalog."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from model.catalog import load_catalog
from sessions.bundled import EXAMPLES, example_path
from sessions.store import load
from tests.cli import infrasketch

PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<path>[\w\[\].]+): .+$")


def test_examples_validate() -> None:
    result = infrasketch("validate", *(example_path(n) for n in EXAMPLES))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok (") == len(EXAMPLES)


def test_broken_file_prints_located_problems_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = example_path("saas-mvp-aws").read_text()
    text = text.replace("  team_size:", "  team_size: -3\n  x_team_size:", 1)
    bad.write_text(text)
    result = infrasketch("validate", bad)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines, "problems go to stderr"
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match, line
        assert match["file"] == str(bad)
    paths = {PROBLEM_LINE.match(line)["path"] for line in lines}  # type: ignore[index]
    assert paths == {"context.team_size", "context.x_team_size"}


def test_validate_reports_every_problem_of_a_file_in_one_run(tmp_path: Path) -> None:
    """The catalog's verdict on the services comes with the field errors, not after they
    are fixed: a wrong team size, an unknown service in a valid component, and an unknown
    service beside another problem of its own component, all located."""
    bad = tmp_path / "bad.yaml"
    text = example_path("saas-mvp-aws").read_text()
    text = text.replace("  team_size:", "  team_size: -3\n  x_team_size:", 1)
    text = text.replace("service: aws-cloudfront", "service: aws-cloudfrnt", 1)
    text = text.replace("service: aws-rds-postgres", "service: aws-rds-postgress", 1)
    db = text.index("  - id: db\n")
    text = text[:db] + text[db:].replace("    replicas: 1\n", "    replicas: 0\n", 1)
    bad.write_text(text)
    result = infrasketch("validate", bad)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    found = {}
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match, line
        found[match["path"]] = int(match["line"])
    assert set(found) == {
        "context.team_size",
        "context.x_team_size",
        "components[1].service",
        "components[5].replicas",
        "components[5].service",
    }
    assert "unknown service 'aws-cloudfrnt'" in result.stderr
    assert "unknown service 'aws-rds-postgress'" in result.stderr
    assert (
        found["components[1].service"] == text.splitlines().index("    service: aws-cloudfrnt") + 1
    )
    assert list(found.values()) == sorted(found.values()), "in file order"


def test_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    result = infrasketch("validate", tmp_path / "nope.yaml")
    assert result.returncode == 1
    assert "nope.yaml: cannot read: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2() -> None:
    assert infrasketch("validate").returncode == 2
    assert infrasketch("catalog", "--provider", "oracle").returncode == 2
    assert infrasketch("frobnicate").returncode == 2


@pytest.mark.parametrize("provider", ["aws", "gcp", "azure", "hybrid"])
def test_new_writes_a_valid_starter(tmp_path: Path, provider: str) -> None:
    path = tmp_path / "shop-backend.yaml"
    result = infrasketch("new", path, "--provider", provider)
    assert result.returncode == 0, result.stderr
    session = load(path)
    assert session.provider.value == provider
    assert session.context.project == "Shop Backend"
    categories = {c.category.value for c in session.components}
    assert {"compute", "database", "logs", "secrets", "dns"} <= categories
    assert [e.name for e in session.environments] == ["dev", "staging", "prod"]


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "design.yaml"
    path.write_text("keep me")
    result = infrasketch("new", path)
    assert result.returncode == 1
    # A whole-file problem: no made-up line and column.
    assert result.stderr.splitlines() == [f"{path}: already exists; use --force to overwrite it"]
    assert path.read_text() == "keep me"


def test_new_from_example(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    assert infrasketch("new", path, "--example", "eu-shop-gcp").returncode == 0
    assert load(path) == load(example_path("eu-shop-gcp"))


def test_schema_validates_the_examples_with_check_jsonschema(tmp_path: Path) -> None:
    result = infrasketch("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    schema_file = tmp_path / "session.schema.json"
    schema_file.write_text(result.stdout)
    check = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--schemafile",
            str(schema_file),
            *(str(example_path(n)) for n in EXAMPLES),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_committed_schema_matches_the_model() -> None:
    committed = Path(__file__).parent.parent / "sessions" / "session.schema.json"
    assert committed.read_text() == infrasketch("schema").stdout, (
        "run `infrasketch schema > sessions/session.schema.json`"
    )


def test_catalog_json_lists_every_service_with_price_source_and_date() -> None:
    result = infrasketch("catalog", "--json")
    assert result.returncode == 0
    services = json.loads(result.stdout)
    assert len(services) == len(load_catalog()) >= 60
    for service in services:
        assert {
            "id",
            "provider",
            "category",
            "label",
            "price",
            "price_source",
            "price_date",
        } <= set(service)
        if service["category"] == "external":  # another party runs and bills it
            assert service["price_source"] is None and service["price"]["model"] == "free"
        else:
            assert service["price_source"].startswith("https://")


def test_catalog_filters_by_provider_and_category() -> None:
    result = infrasketch("catalog", "--provider", "gcp", "--category", "database", "--json")
    services = json.loads(result.stdout)
    assert services
    assert {s["provider"] for s in services} <= {"gcp", "saas"}
    assert {s["category"] for s in services} == {"database"}
    table = infrasketch("catalog", "--category", "cdn")
    assert table.returncode == 0
    assert "PRICE" in table.stdout.splitlines()[0]
