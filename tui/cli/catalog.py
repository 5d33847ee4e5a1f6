"""`infrasketch catalog`: browse the services a design can use, with prices and sources."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from model.catalog import Service, load_catalog, price_headline
from model.enums import Category, Provider


def register(subparsers: Any) -> None:
    """Add the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "catalog",
        help="list the service catalog",
        description="List catalog services with their list price, SLA and the source and "
        "date of the price.",
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
    parser.set_defaults(handler=run)


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
        "price_source": str(pricing.source),
        "price_date": pricing.as_of.isoformat(),
        "sla_percent": service.sla_percent,
        "complexity": service.complexity,
        "lock_in": service.lock_in,
        "tags": list(service.tags),
    }


def _table(services: list[Service]) -> str:
    rows = [("ID", "PROVIDER", "CATEGORY", "SERVICE", "PRICE", "SLA", "PRICE DATE")]
    for s in services:
        sla = f"{s.sla_percent:g}%" if s.sla_percent is not None else "-"
        rows.append(
            (
                s.id,
                s.provider.label,
                s.category.label,
                s.label,
                price_headline(s.pricing),
                sla,
                s.pricing.as_of.isoformat(),
            )
        )
    widths = [min(max(len(r[i]) for r in rows), 48) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell if len(cell) <= w else cell[: w - 1] + "…"
            for cell, w in zip(row, widths, strict=True)
        ]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Print the filtered catalog."""
    services = list(load_catalog().services())
    if args.provider:
        provider = Provider(args.provider)
        services = [s for s in services if s.offered_on(provider)]
    if args.category:
        services = [s for s in services if s.category.value == args.category]
    if args.json:
        json.dump([as_json(s) for s in services], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_table(services))
        sys.stdout.write(
            f"{len(services)} services. Prices are public list prices in USD; "
            "`--json` gives sources and assumptions.\n"
        )
    return 0
