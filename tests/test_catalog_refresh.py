"""`infrasketch catalog refresh`: offline from a folder, online from a local stand-in of the
three APIs, the overlay it writes and every command then uses, and its failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from model.catalog import load_catalog
from model.catalog.overlay import overlay_path, read_overlay
from model.catalog.platform import PlatformKind
from model.catalog.prices import Origin, Quote
from model.enums import ServiceProvider
from tests.price_server import FIXTURES, serving
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fresh_catalog() -> Iterator[None]:
    """The catalog is read once per process: read it again around each refresh."""
    load_catalog.cache_clear()
    yield
    load_catalog.cache_clear()


def refresh(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["catalog", "refresh", *map(str, args)])
    out, err = capsys.readouterr()
    load_catalog.cache_clear()
    return code, out, err


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    """The fixture files under other names and folders, as a browser might save them."""
    folder = tmp_path / "downloads"
    for number, path in enumerate(sorted(FIXTURES.rglob("*.json"))):
        target = folder / f"batch-{number % 3}" / f"download ({number}).json"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    (folder / ".DS_Store").write_bytes(b"\0\1binary")  # hidden files are not read
    return folder


def test_offline_refresh_writes_the_overlay_every_command_uses(
    capsys: pytest.CaptureFixture[str], downloads: Path
) -> None:
    code, out, err = refresh(capsys, "--from", downloads)
    assert code == 0, err
    assert overlay_path().is_file()
    catalog = load_catalog()
    ec2 = catalog.pricing_in(catalog["aws-ec2"], "us-east-1")
    figure = ec2.figures["t3.medium"]
    assert (figure.usd, figure.origin, figure.sku, figure.as_of) == (
        0.052,
        Origin.REFRESHED,
        "8XPFQ7NWDMXJ9KPM",
        "2026-11-28",
    )
    assert figure.source.endswith("/AmazonEC2/20261128194211/us-east-1/index.json")
    assert ec2.pricing.size("t3.medium").hourly_usd == 0.052  # type: ignore[union-attr]
    assert ec2.figures["c7i.2xlarge"].origin is Origin.CATALOG  # not in the fixture
    frankfurt = catalog.pricing_in(catalog["aws-ec2"], "eu-central-1")
    assert frankfurt.figures["t3.medium"].usd == 0.048
    assert frankfurt.figures["m7i.xlarge"].origin is Origin.BASE_FALLBACK
    gateway = catalog.platform(ServiceProvider.AWS, PlatformKind.NAT_GATEWAY)
    assert gateway is not None
    assert catalog.platform_in(gateway, "us-east-1").figures["hour"].usd == 0.048
    fargate = catalog.pricing_in(catalog["aws-ecs-fargate"], "us-east-1")
    assert fargate.figures["1 vCPU / 2 GB task"].usd == pytest.approx(0.0506 + 2 * 0.004445)
    assert fargate.figures["1 vCPU / 2 GB task"].sku == "FGVCPUX86USE1001+FGGBX86USE100001"
    sql = catalog.pricing_in(catalog["gcp-cloud-sql-postgres"], "us-east1")
    assert sql.figures["db-custom-2-7680"].usd == pytest.approx(2 * 0.0413 + 7.5 * 0.007)
    vm = catalog.pricing_in(catalog["azure-vm"], "westeurope")
    assert vm.figures["D2s v5"].as_of == "2026-09-01"
    assert "Read 22 price lists:" in out
    assert "Traceback" not in err


def test_the_summary_lists_sources_counts_and_every_move_over_20_percent(
    capsys: pytest.CaptureFixture[str], downloads: Path
) -> None:
    code, out, _ = refresh(capsys, "--from", downloads)
    assert code == 0
    assert "  AWS AmazonEC2 offer, published 2026-11-28: us-east-1 (" in out
    assert "AWS Savings Plans price list (savings plan rates are not list prices)" in out
    assert "  AWS: 17 entries with 39 prices are mapped; found" in out
    assert "    in us-east-1          30 prices of  17 entries" in out
    moved = out.split("Moved more than 20 % against the bundled price:\n")[1].split("\n\n")[0]
    lines = {line.strip() for line in moved.splitlines() if line.startswith("  ")}
    assert "aws-ec2 't3.medium' in us-east-1: 0.0416 -> 0.052 USD (+25.0 %)" in lines
    assert "aws-rds-postgres 'storage' in us-east-1: 0.115 -> 0.15 USD (+30.4 %)" in lines
    assert "azure-vm 'D2s v5' in eastus: 0.096 -> 0.12 USD (+25.0 %)" in lines
    assert "gcp-cloud-sql-postgres 'storage' in us-central1: 0.17 -> 0.222 USD (+30.6 %)" in lines
    assert not any("m7i.xlarge" in line for line in lines)  # +4 %: not listed
    assert not any("eu-central-1" in line for line in lines)  # agrees with the bundled table
    # Every region of these fixtures now has a bundled table to be measured against.
    assert "prices are for regions the bundled data had no figure for" not in out


def test_prices_for_a_region_without_a_bundled_table_are_counted_not_compared(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    calgary = (
        (FIXTURES / "aws" / "vpc.json")
        .read_text()
        .replace("us-east-1", "ca-west-1")
        .replace("USE1-", "CAW1-")
        .replace("US East (N. Virginia)", "Canada West (Calgary)")
    )
    (tmp_path / "vpc-calgary.json").write_text(calgary)
    code, out, err = refresh(capsys, "--from", tmp_path)
    assert code == 0, err
    assert "    in ca-west-1           1 prices of   1 entries" in out
    assert "1 prices are for regions the bundled data had no figure for" in out


def test_the_overlay_records_sku_date_and_source_on_every_price(
    capsys: pytest.CaptureFixture[str], downloads: Path
) -> None:
    refresh(capsys, "--from", downloads)
    overlay = read_overlay()
    assert overlay is not None
    assert len(overlay.sources) == 22
    for entry in overlay.services:
        for record in entry.regions.values():
            for value in record.prices.values():
                assert isinstance(value, Quote)
                assert value.sku and value.source is not None and value.as_of is not None
    text = overlay_path().read_text()
    assert text.startswith("# The price overlay `infrasketch catalog refresh` wrote")
    assert yaml.safe_load(text)["refreshed"].endswith("Z")


def test_a_refresh_merges_with_the_previous_overlay(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, names in ((first, ["aws/index.json", "aws/rds.json"]), (second, ["aws/rds.json"])):
        folder.mkdir()
        for name in names:
            shutil.copy(FIXTURES / name, folder / name.replace("/", "-"))
    assert refresh(capsys, "--from", first)[0] == 0
    rds = (FIXTURES / "aws" / "rds.json").read_text().replace('"0.0700000000"', '"0.0750000000"')
    (second / "aws-rds.json").write_text(rds)
    assert refresh(capsys, "--from", second)[0] == 0
    catalog = load_catalog()
    assert catalog.pricing_in(catalog["aws-ec2"], "us-east-1").figures["t3.medium"].usd == 0.052
    figures = catalog.pricing_in(catalog["aws-rds-postgres"], "us-east-1").figures
    assert figures["db.t4g.medium"].usd == 0.075


def test_overlay_figures_the_catalog_lost_are_dropped_and_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = overlay_path()
    path.parent.mkdir(parents=True)
    path.write_text(
        "refreshed: 2026-01-01T00:00:00Z\n"
        "services:\n"
        "- service: aws-ec2\n"
        "  regions:\n"
        "    us-west-2: {source: 'https://example.com/', as_of: 2026-01-01,"
        " prices: {t3.medium: 0.05, t1.micro: 0.02}}\n"
        "- service: aws-retired-thing\n"
        "  regions:\n"
        "    us-east-1: {source: 'https://example.com/', as_of: 2026-01-01, prices: {price: 1}}\n"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "aws" / "vpc.json", folder)
    code, out, _ = refresh(capsys, "--from", folder)
    assert code == 0
    assert "Dropped aws-ec2 't1.micro' in us-west-2: the catalog has no such price any more." in out
    assert "Dropped aws-retired-thing 'price' in us-east-1" in out
    catalog = load_catalog()
    kept = catalog.pricing_in(catalog["aws-ec2"], "us-west-2").figures["t3.medium"]
    assert (kept.usd, kept.origin, kept.source) == (0.05, Origin.REFRESHED, "https://example.com/")


def test_online_refresh_reads_the_three_apis(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with serving() as server:
        key_file = tmp_path / "gcp.key"
        key_file.write_text(server.key + "\n")
        code, out, err = refresh(
            capsys,
            "--aws-url", server.base, "--azure-url", f"{server.base}/api/retail/prices",
            "--gcp-url", server.base, "--gcp-api-key-file", key_file,
            "--region", "us-east-1", "--region", "eu-central-1", "--region", "eastus",
            "--region", "westeurope", "--region", "us-central1",
        )  # fmt: skip
        paths = [path for path, _ in server.requests]
    assert code == 0, err
    assert "/offers/v1.0/aws/AmazonEC2/current/region_index.json" in paths
    assert "/offers/v1.0/aws/AmazonEC2/20261127101500/eu-central-1/index.json" in paths
    assert any("%24skip=2" in p or "$skip=2" in p for p in paths), "NextPageLink followed"
    assert any(
        p.startswith("/v1/services/6F81-5844-456A/skus?") and "pageToken=3" in p for p in paths
    )
    catalog = load_catalog()
    assert catalog.pricing_in(catalog["azure-vm"], "eastus").figures["F4s v2"].usd == 0.169
    assert catalog.pricing_in(catalog["gcp-compute-engine"], "us-central1").figures[
        "n2-standard-4"
    ].usd == pytest.approx(0.194236)
    e2 = catalog.pricing_in(catalog["gcp-compute-engine"], "us-central1").figures["e2-medium"]
    assert e2.source == f"{server.base}/v1/services/6F81-5844-456A/skus"
    assert "us-east1" not in {r for (_, r) in _refreshed()}  # not asked for
    assert "azure-vm 'D2s v5' in eastus: 0.096 -> 0.12 USD (+25.0 %)" in out


def _refreshed() -> set[tuple[str, str]]:
    overlay = read_overlay()
    assert overlay is not None
    return {(s.service, region) for s in overlay.services for region in s.regions}


def test_the_gcp_key_travels_in_a_header_and_is_never_shown_or_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = "AIzaSyD-secret-key-0123456789"
    key_file = tmp_path / "key"
    key_file.write_text(secret)
    with serving(key=secret) as server:
        code, out, err = refresh(
            capsys, "--provider", "gcp", "--gcp-url", server.base, "--gcp-api-key-file", key_file
        )
        assert code == 0, err
        assert all(secret not in path for path, _ in server.requests)
        assert all(h.get("x-goog-api-key") == secret for _, h in server.requests)
    with serving(key="another-key") as server:  # refused: 403
        code, out2, err2 = refresh(
            capsys, "--provider", "gcp", "--gcp-url", server.base, "--gcp-api-key-file", key_file
        )
    assert code == 1
    assert "gcp: " in err2 and "HTTP 403" in err2
    for text in (out, err, out2, err2, overlay_path().read_text()):
        assert secret not in text


def test_a_source_that_fails_is_one_line_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], downloads: Path
) -> None:
    assert refresh(capsys, "--from", downloads)[0] == 0
    before = overlay_path().read_bytes()
    with serving() as server:
        server.fail.add("/offers/v1.0/aws/AmazonRDS/")
        code, _, err = refresh(
            capsys, "--aws-url", server.base, "--azure-url", f"{server.base}/api/retail/prices",
            "--region", "us-east-1", "--region", "eastus",
        )  # fmt: skip
    assert code == 1
    problems = [line for line in err.splitlines() if not line.startswith("note:")]
    assert problems[0].startswith(f"aws: {server.base}/offers/v1.0/aws/AmazonRDS/current/")
    assert problems[0].endswith("HTTP 500 Internal Server Error")
    assert problems[1:] == ["Nothing was written."]
    assert overlay_path().read_bytes() == before
    code, _, err = refresh(capsys, "--provider", "azure", "--azure-url", "http://127.0.0.1:9/api")
    assert code == 1
    assert err.splitlines()[0].startswith("azure: http://127.0.0.1:9/api?$filter=")
    assert "cannot connect" in err


def test_bad_files_are_listed_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], downloads: Path
) -> None:
    (downloads / "cut.json").write_bytes((FIXTURES / "aws" / "rds.json").read_bytes()[:5000])
    (downloads / "notes.txt").write_text("prices to check\n")
    (downloads / "wrong.json").write_text('{"Items": "none"}')
    unreadable = downloads / "locked.json"
    unreadable.write_text("{}")
    unreadable.chmod(0)
    try:
        code, out, err = refresh(capsys, "--from", downloads)
    finally:
        unreadable.chmod(0o644)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert f"{downloads / 'cut.json'}: the JSON ends early (is the file cut off?)" in lines
    assert any(line.startswith(f"{downloads / 'notes.txt'}: not valid JSON") for line in lines)
    assert f"{downloads / 'wrong.json'}: Items: not an array" in lines
    if os.geteuid() != 0:
        assert (
            f"{unreadable}: cannot be read (permission denied (is the folder read-only?))" in lines
        )
    assert lines[-1] == "Nothing was written."
    assert not overlay_path().exists()


def test_no_traceback_reaches_the_user(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"offerCode": "AmazonEC2", "products": {')
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "catalog", "refresh", "--from", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "broken.json: the JSON ends early" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "mars-north-9"], "unknown region 'mars-north-9'"),
        (["--provider", "aws", "--region", "eastus"], "it is an Azure region"),
        (["--provider", "gcp"], "--provider gcp needs --gcp-api-key-file"),
        (["--aws-url", "ftp://mirror"], "is not an http(s) base URL"),
        (["--from", "/no/such/folder"], "/no/such/folder: not a folder"),
        (["--gcp-api-key-file", "/no/such/key"], "/no/such/key: cannot be read"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    try:
        code = main(["catalog", "refresh", *args])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(str(exc.code))
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    if "mars" in message:
        assert "see `infrasketch catalog --regions`" in err


def test_nothing_to_refresh_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "aws" / "region_index.json", tmp_path)
    code, _, err = refresh(capsys, "--from", tmp_path)
    assert code == 1
    assert "Nothing to refresh" in err
    assert not overlay_path().exists()


def test_the_listing_shows_the_overlay_and_its_date(
    capsys: pytest.CaptureFixture[str], downloads: Path
) -> None:
    assert main(["catalog", "--provider", "aws"]) == 0
    assert "No refreshed prices" in capsys.readouterr().out
    refresh(capsys, "--from", downloads)
    assert main(["catalog", "--provider", "aws", "--category", "compute"]) == 0
    out = capsys.readouterr().out
    ec2 = next(line for line in out.splitlines() if line.startswith("aws-ec2 "))
    assert "$0.052/h per t3.medium" in ec2 and ec2.endswith("2026-11-28*")
    app_runner = next(line for line in out.splitlines() if line.startswith("aws-app-runner "))
    assert not app_runner.endswith("*")  # not mapped, so not refreshed
    assert f"* refreshed from the providers' price lists: 88 prices in {overlay_path()}" in out
    assert main(["catalog", "--provider", "aws", "--json"]) == 0  # the JSON listing is unchanged
    assert capsys.readouterr().out.startswith("[")


def test_regions_lists_each_cloud_with_its_base(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "--regions"]) == 0
    out = capsys.readouterr().out
    assert "AWS regions (" in out and "Azure regions (" in out and "GCP regions (" in out
    base = next(line for line in out.splitlines() if line.strip().startswith("us-east-1 "))
    assert "US East (N. Virginia)" in base and base.endswith("base: list prices")
    assert main(["catalog", "--regions", "--provider", "gcp", "--json"]) == 0
    import json

    clouds = json.loads(capsys.readouterr().out)
    assert [c["provider"] for c in clouds] == ["gcp"]
    assert sum(r["base"] for r in clouds[0]["regions"]) == 1


def test_a_broken_overlay_is_a_message_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    path = overlay_path()
    path.parent.mkdir(parents=True)
    path.write_text("refreshed: [not, a, date]\n")
    assert main(["catalog"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: refreshed: ") and "catalog refresh" in err
