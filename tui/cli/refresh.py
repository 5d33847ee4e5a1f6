"""`infrasketch catalog refresh`: the providers' own price lists into the price overlay.

Offline (`--from DIR`) every file under DIR is read and recognised by its content, so
downloads keep whatever names they came with. Online, the public endpoints are read over
HTTPS with urllib: the AWS Price List bulk API (each offer's region index, then the offer
file of each region), the Azure Retail Prices API (one `$filter` per product and region,
following `NextPageLink`) and the Cloud Billing Catalog API (`services`, then each
service's `skus`, following `pageToken`; it needs an API key, sent in a header and never
printed or written). `--aws-url`, `--azure-url` and `--gcp-url` point them elsewhere (a
mirror, or the tests' local server).

Any file or source that cannot be read is reported as `SOURCE: problem` and nothing is
written (exit 1). Otherwise the figures found replace the overlay's price by price
(`model.catalog.price_lists.changes`), the overlay is replaced atomically, and the
summary lists what was read, what was refreshed per provider and region, and every
price that moved more than 20 % against the bundled figure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from model.catalog import Catalog, bundled_catalog
from model.catalog.overlay import OverlayError, overlay_path, read_overlay
from model.catalog.price_lists import (
    Endpoints,
    Figures,
    Found,
    Offer,
    Plans,
    PriceList,
    PriceListError,
    load_plans,
    merged_overlay,
    moves,
    quotes,
    read_price_list,
)
from model.catalog.price_lists.changes import MOVE_PERCENT
from model.catalog.prices import PriceOverlay
from model.enums import Provider, ServiceProvider
from sessions.atomic import WriteError, explain, write_atomic
from tui.cli import fetch

CLOUDS = (ServiceProvider.AWS, ServiceProvider.AZURE, ServiceProvider.GCP)
"""The clouds whose price lists are read, in summary order."""

HEADER = "# The price overlay `infrasketch catalog refresh` wrote; refresh again to update it."
"""The overlay file's first line."""

LISTED_SOURCES = 30
"""The most price lists the summary names one by one."""


def register(subparsers: Any) -> None:
    """Add `refresh` to `infrasketch catalog`."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "refresh",
        help="read the providers' price lists into the price overlay",
        description="Read the AWS Price List offer files, the Azure Retail Prices API and the "
        "Cloud Billing Catalog API (online, or from downloaded files with --from) and write "
        "the prices they list to the price overlay every command uses.",
    )
    parser.add_argument(
        "--from",
        dest="folder",
        metavar="DIR",
        type=Path,
        help="read downloaded price list files (any names) under DIR instead of the network",
    )
    parser.add_argument(
        "--provider",
        dest="clouds",
        action="append",
        choices=[c.value for c in CLOUDS],
        help="only this cloud's price list (repeatable; default: all)",
    )
    parser.add_argument(
        "--region", action="append", metavar="REGION", help="only this region (repeatable)"
    )
    parser.add_argument(
        "--gcp-api-key-file",
        type=Path,
        metavar="FILE",
        help="a file holding a Google Cloud API key, needed by the Cloud Billing Catalog API",
    )
    defaults = Endpoints()
    for cloud, name in (
        ("aws", "AWS Price List"),
        ("azure", "Azure Retail Prices"),
        ("gcp", "Cloud Billing Catalog"),
    ):
        parser.add_argument(
            f"--{cloud}-url",
            type=_endpoint,
            default=getattr(defaults, cloud),
            metavar="URL",
            help=f"the {name} API's base URL (default: %(default)s)",
        )
    parser.set_defaults(handler=run)


def _endpoint(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(f"{value!r} is not an http(s) base URL")
    return value.rstrip("/")


@dataclass
class Reading:
    """What the sources of one refresh gave."""

    lists: list[tuple[str, PriceList]] = field(default_factory=list)
    """(source, what it was) in reading order."""
    offers: dict[ServiceProvider, list[Offer]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """`SOURCE: problem` lines; any of them means nothing is written."""
    notes: list[str] = field(default_factory=list)

    def add(self, source: str, price_list: PriceList) -> None:
        """Record a price list read from `source`."""
        self.lists.append((source, price_list))
        self.offers.setdefault(price_list.provider, []).extend(price_list.offers)
        self.notes += [f"{source}: {note}" for note in price_list.notes]


def run(args: argparse.Namespace) -> int:
    """Refresh the overlay; 0 when written, 1 when nothing could be read, 2 for usage."""
    bundled = bundled_catalog()
    providers = tuple(c for c in CLOUDS if not args.clouds or c.value in args.clouds)
    regions = _regions(bundled, providers, args.region or [])
    if regions is None:
        return 2
    providers = tuple(p for p in providers if regions[p])
    endpoints = Endpoints(args.aws_url, args.azure_url, args.gcp_url)
    plans = load_plans()
    reading = Reading()
    if args.folder is not None:
        if not args.folder.is_dir():
            print(f"{args.folder}: not a folder", file=sys.stderr)
            return 2
        read_folder(args.folder, reading, plans, endpoints, providers)
    else:
        key = _api_key(args.gcp_api_key_file, explicit=bool(args.clouds) and "gcp" in args.clouds)
        if key is None:
            return 2
        if not key and ServiceProvider.GCP in providers:
            providers = tuple(p for p in providers if p is not ServiceProvider.GCP)
            reading.notes.append(
                "gcp: skipped; the Cloud Billing Catalog API needs --gcp-api-key-file"
            )
        fetch.read_online(
            reading, plans, endpoints, providers=providers, regions=regions, gcp_key=key
        )
    for note in reading.notes:
        print(f"note: {note}", file=sys.stderr)
    if reading.problems:
        for problem in reading.problems:
            print(problem, file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    found = [quotes(plans.of(p), reading.offers.get(p, ()), regions[p]) for p in providers]
    figures: Figures = {k: v for f in found for k, v in f.figures.items()}
    for f in found:
        for problem in f.problems:
            print(f"{f.plan.provider.value}: {problem}", file=sys.stderr)
    if not figures:
        print(
            "Nothing to refresh: the price lists read hold no prices the catalog maps.",
            file=sys.stderr,
        )
        return 1
    return _write(reading, found, figures, bundled)


def _regions(
    catalog: Catalog, providers: Sequence[ServiceProvider], asked: Sequence[str]
) -> dict[ServiceProvider, frozenset[str]] | None:
    """The regions to refresh per cloud (all the catalog knows, or those asked for); None
    after printing why a region asked for is unknown."""
    known = {p: frozenset(r.id for r in catalog.regions[p].regions) for p in providers}
    for region in asked:
        if not any(region in ids for ids in known.values()):
            where = Provider(providers[0].value) if len(providers) == 1 else Provider.HYBRID
            print(
                f"infrasketch catalog refresh: {catalog.regions.unknown(where, region)}",
                file=sys.stderr,
            )
            return None
    if not asked:
        return known
    return {p: ids & frozenset(asked) for p, ids in known.items()}


def _api_key(path: Path | None, *, explicit: bool) -> str | None:
    """The GCP API key from `path` ("" when there is none to use); None after a usage error."""
    if path is None:
        if explicit:
            print(
                "infrasketch catalog refresh: --provider gcp needs --gcp-api-key-file",
                file=sys.stderr,
            )
            return None
        return ""
    try:
        key = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = explain(exc) if isinstance(exc, OSError) else "not UTF-8 text"
        print(f"{path}: cannot be read ({reason})", file=sys.stderr)
        return None
    if not key or len(key.split()) != 1:
        print(f"{path}: expected one API key on one line", file=sys.stderr)
        return None
    return key


def read_folder(
    folder: Path,
    reading: Reading,
    plans: Plans,
    endpoints: Endpoints,
    providers: Sequence[ServiceProvider],
) -> None:
    """Read every file under `folder` (hidden ones aside), each recognised by its content."""
    files = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    if not files:
        reading.problems.append(f"{folder}: no files to read")
    for path in files:
        try:
            with path.open("rb") as stream:
                price_list = read_price_list(stream, plans, endpoints)
        except PriceListError as exc:
            reading.problems.append(f"{path}: {exc}")
        except OSError as exc:
            reading.problems.append(f"{path}: cannot be read ({explain(exc)})")
        else:
            if price_list.provider in providers:
                reading.add(str(path), price_list)


def _write(reading: Reading, found: list[Found[Any]], figures: Figures, bundled: Catalog) -> int:
    path = overlay_path()
    try:
        old = read_overlay(path)
    except OverlayError as exc:
        print(f"note: {exc}; it is replaced", file=sys.stderr)
        old = None
    refreshed = datetime.now(UTC).replace(microsecond=0)
    sources = [source for source, _ in reading.lists]
    overlay, dropped = merged_overlay(old, figures, bundled, refreshed=refreshed, sources=sources)
    text = f"{HEADER}\n{dump(overlay)}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    except WriteError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{path.parent}: cannot be created ({explain(exc)})", file=sys.stderr)
        return 1
    out = sys.stdout
    _print_sources(reading, out)
    _print_refreshed(found, figures, bundled, out)
    for item in dropped:
        print(f"Dropped {item}: the catalog has no such price any more.", file=out)
    prices = sum(len(r.prices) for s in overlay.services for r in s.regions.values())
    print(
        f"Wrote {path} ({prices} prices, refreshed {refreshed:%Y-%m-%d %H:%M} UTC); "
        "every command prices with it.",
        file=out,
    )
    return 0


def dump(overlay: PriceOverlay) -> str:
    """The overlay as YAML, as `model.catalog.overlay.read_overlay` reads it."""
    data = overlay.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _print_sources(reading: Reading, out: Any) -> None:
    print(f"Read {len(reading.lists)} price lists:", file=out)
    for source, price_list in reading.lists[:LISTED_SOURCES]:
        what = ", ".join(price_list.regions) if price_list.regions else "nothing to take"
        print(f"  {price_list.label}: {what} ({source})", file=out)
    if len(reading.lists) > LISTED_SOURCES:
        print(f"  ... and {len(reading.lists) - LISTED_SOURCES} more", file=out)


def _print_refreshed(found: list[Found[Any]], figures: Figures, bundled: Catalog, out: Any) -> None:
    total = sum(len(q) for q in figures.values())
    print(f"Refreshed {total} prices of {len({e for e, _ in figures})} catalog entries:", file=out)
    for f in found:
        plan = f.plan
        print(
            f"  {plan.provider.label}: {len(plan.entries())} entries with "
            f"{len(plan.points)} prices are mapped; found",
            file=out,
        )
        for region in f.regions:
            here = {e: q for (e, r), q in f.figures.items() if r == region}
            count = sum(len(q) for q in here.values())
            print(f"    in {region:<16} {count:>4} prices of {len(here):>3} entries", file=out)
    moved, uncompared = moves(bundled, figures)
    if moved:
        print(f"Moved more than {MOVE_PERCENT:g} % against the bundled price:", file=out)
        for move in moved:
            percent = move.percent
            change = "was free" if percent is None else f"{percent:+.1f} %"
            print(
                f"  {move.entry} {move.key!r} in {move.region}: "
                f"{move.old:g} -> {move.new:g} USD ({change})",
                file=out,
            )
    else:
        print(f"No price moved more than {MOVE_PERCENT:g} % against the bundled price.", file=out)
    if uncompared:
        print(
            f"{uncompared} prices are for regions the bundled data had no figure for "
            "(they were billed at the base region's price).",
            file=out,
        )
