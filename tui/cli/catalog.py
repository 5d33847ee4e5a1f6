"""`infrasketch catalog`: browse the services a design can use, with prices and sources.

The listing shows each service's price in its cloud's base region: the catalog entry's
list price, or the figure `infrasketch catalog refresh` read from the provider's own price
list (marked, with that list's date) when the price overlay has one. `--regions` lists
every cloud's regions. `infrasketch catalog refresh` is `tui.cli.refresh`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from model.catalog import GLOBAL, Catalog, PricingModel, Service, load_catalog, price_headline
from model.catalog.overlay import overlay_path
from model.catalog.prices import Origin
from model.catalog.pricing import MAIN_PRICE
from model.enums import Category, Provider
from tui.cli import refresh


def register(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's description and arguments."""
    parser.description = (
        "List catalog services with their list price, SLA and the source and date of the price."
    )
    parser.add_argument(
        "--provider",
        choices=[p.value for p in Provider],
        help="only services a design on this provider may use (SaaS included)",
    )
    parser.add_argument(
        "--category", choices=[c.value for c in Category], help="only this category"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument(
        "--regions", action="store_true", help="list each cloud's regions instead of services"
    )
    parser.set_defaults(handler=run)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    refresh.register(actions)


def as_json(service: Service) -> dict[str, Any]:
    """The JSON object of one service."""
    pricing = service.pricing
    return {
        "id": service.id,
        "provider": service.provider.value,
        "category": service.category.value,
        "label": service.label,
        "price": {
            "model": pricing.model.value,
            "summary": price_headline(pricing),
            "unit": pricing.unit,
            "price_usd": pricing.price_usd,
            "sizes": [s.model_dump() for s in pricing.sizes],
            "tiers": [t.model_dump() for t in pricing.tiers],
            "extras": [e.model_dump(mode="json") for e in pricing.extras],
            "public": pricing.is_public,
            "assumption": pricing.assumption,
        },
        "price_source": str(pricing.source) if pricing.source else None,
        "price_date": pricing.as_of.isoformat(),
        "sla_percent": service.sla_percent,
        "complexity": service.complexity,
        "lock_in": service.lock_in,
        "tags": list(service.tags),
    }


def listed_price(catalog: Catalog, service: Service) -> tuple[str, str]:
    """The headline price in the service's base region and its date; a date marked `*`
    when a figure of the headline comes from the refreshed overlay."""
    known = catalog.regions.get(service.provider)
    priced = catalog.pricing_in(service, known.base if known is not None else GLOBAL)
    pricing = service.pricing
    shown = (
        [pricing.sizes[0].name]
        if pricing.model is PricingModel.INSTANCE_HOUR
        else [t.name for t in pricing.tiers] or [MAIN_PRICE]
    )
    figures = [priced.figures[k] for k in shown if k in priced.figures]
    refreshed = [f.as_of for f in figures if f.origin is Origin.REFRESHED]
    date = f"{max(refreshed)}*" if refreshed else service.pricing.as_of.isoformat()
    return price_headline(priced.pricing), date


def _table(catalog: Catalog, services: list[Service]) -> str:
    rows = [("ID", "PROVIDER", "CATEGORY", "SERVICE", "PRICE", "SLA", "PRICE DATE")]
    for s in services:
        sla = f"{s.sla_percent:g}%" if s.sla_percent is not None else "-"
        headline, date = listed_price(catalog, s)
        rows.append((s.id, s.provider.label, s.category.label, s.label, headline, sla, date))
    return _columns(rows)


def _columns(rows: Sequence[tuple[str, ...]]) -> str:
    widths = [min(max(len(r[i]) for r in rows), 48) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell if len(cell) <= w else cell[: w - 1] + "…"
            for cell, w in zip(row, widths, strict=True)
        ]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def overlay_status(catalog: Catalog) -> str:
    """Whether the refreshed price overlay is in use, and when it was refreshed."""
    overlay = catalog.prices.overlay
    if overlay is None:
        return (
            "No refreshed prices: list prices as the catalog records them "
            "(`infrasketch catalog refresh` reads the providers' price lists).\n"
        )
    prices = sum(len(r.prices) for s in overlay.services for r in s.regions.values())
    when = overlay.refreshed.strftime("%Y-%m-%d %H:%M %Z").strip()
    return (
        f"* refreshed from the providers' price lists: {prices} prices in {overlay_path()}, "
        f"refreshed {when}; every command prices with them.\n"
    )


def regions_table(catalog: Catalog, provider: Provider | None) -> str:
    """Every region of each cloud (of `provider`'s clouds), the base region marked."""
    clouds = catalog.regions.clouds(provider) if provider is not None else tuple(catalog.regions)
    lines: list[str] = []
    for cloud in clouds:
        known = catalog.regions[cloud]
        lines.append(f"{cloud.label} regions ({known.source}, {known.as_of.isoformat()}):")
        rows = [("ID", "NAME", "ZONE", "")]
        rows += [
            (r.id, r.name, r.zone.label, "base: list prices" if r.id == known.base else "")
            for r in known.regions
        ]
        lines += ["  " + line for line in _columns(rows).splitlines()]
    return "\n".join(lines) + "\n"


def regions_json(catalog: Catalog, provider: Provider | None) -> list[dict[str, Any]]:
    """The JSON of `--regions --json`."""
    clouds = catalog.regions.clouds(provider) if provider is not None else tuple(catalog.regions)
    return [
        {
            "provider": cloud.value,
            "base": catalog.regions[cloud].base,
            "source": str(catalog.regions[cloud].source),
            "as_of": catalog.regions[cloud].as_of.isoformat(),
            "regions": [
                {
                    "id": r.id,
                    "name": r.name,
                    "zone": r.zone.value,
                    "base": r.id == catalog.regions[cloud].base,
                }
                for r in catalog.regions[cloud].regions
            ],
        }
        for cloud in clouds
    ]


def run(args: argparse.Namespace) -> int:
    """Print the filtered catalog, or its regions."""
    catalog = load_catalog()
    provider = Provider(args.provider) if args.provider else None
    if args.regions:
        if args.json:
            json.dump(regions_json(catalog, provider), sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(regions_table(catalog, provider))
        return 0
    services = list(catalog.services())
    if args.provider:
        provider = Provider(args.provider)
        services = [s for s in services if s.offered_on(provider)]
    if args.category:
        services = [s for s in services if s.category.value == args.category]
    if args.json:
        json.dump([as_json(s) for s in services], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_table(catalog, services))
        sys.stdout.write(
            f"{len(services)} services. Prices are public list prices in USD in each cloud's "
            "base region (`--regions`); `--json` gives sources and assumptions.\n"
        )
        sys.stdout.write(overlay_status(catalog))
    return 0
