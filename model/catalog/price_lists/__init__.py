"""Reading the providers' own price lists into the catalog's refreshed price overlay.

What is inside:

- `mapping`: which SKU or meter prices which catalog figure (the selectors of
  `data/price_lists/*.yaml`) and how it converts to the catalog's unit;
- `stream`: JSON read as events, so the largest offer file never sits in memory;
- `read`: recognises a file by its content and hands it to its reader;
- `aws`, `azure`, `gcp`: one reader per official format (AWS Price List offer files, Azure
  Retail Prices pages, Cloud Billing Catalog pages), each stream in, offers out;
- `records`: what the readers report (offers with SKU, date and source) and the endpoints;
- `quotes`: offers into catalog figures, refusing ambiguous matches;
- `changes`: the overlay merged price by price, and the prices that moved.

Everything here is pure: the command line (`tui/cli/refresh.py`) downloads or opens the
files and writes the overlay.
"""

from model.catalog.price_lists.changes import Move, merged_overlay, moves, priced_entries
from model.catalog.price_lists.mapping import MappingError, Plan, Plans, load_plans
from model.catalog.price_lists.quotes import Figures, Found, quotes
from model.catalog.price_lists.read import read_price_list
from model.catalog.price_lists.records import Endpoints, Offer, PriceList, PriceListError

__all__ = [
    "Endpoints",
    "Figures",
    "Found",
    "MappingError",
    "Move",
    "Offer",
    "Plan",
    "Plans",
    "PriceList",
    "PriceListError",
    "load_plans",
    "merged_overlay",
    "moves",
    "priced_entries",
    "quotes",
    "read_price_list",
]
