"""Recognise a price list by its own content and read it in one pass.

Files may carry any name (every AWS offer file is called `index.json`), so the first
top-level member that only one format has decides the reader: an AWS offer's
`products`/`terms` (after its `offerCode` and `publicationDate`), an AWS index's
`regions`/`offers`, an Azure page's `Items`, a Cloud Billing Catalog page's `skus` or
`services`. The scalars before it (`offerCode`, `BillingCurrency`) are handed on.
"""

from __future__ import annotations

from typing import IO, Any

from model.catalog.price_lists import aws, azure, gcp
from model.catalog.price_lists.mapping import Plans
from model.catalog.price_lists.records import Endpoints, PriceList, PriceListError
from model.catalog.price_lists.stream import ENDS_EARLY, Events

NOT_A_PRICE_LIST = (
    "not a price list this command reads (an AWS offer file, an Azure Retail Prices page "
    "or a Cloud Billing Catalog page)"
)


def read_price_list(stream: IO[bytes], plans: Plans, endpoints: Endpoints) -> PriceList:
    """The offers in one price list file or page, streamed from `stream`."""
    events = Events(stream)
    try:
        opened = events.start("map", "the file")
    except PriceListError as exc:
        if ENDS_EARLY in str(exc):
            raise PriceListError(f"empty: {NOT_A_PRICE_LIST}") from None
        raise
    if not opened:
        raise PriceListError(NOT_A_PRICE_LIST)
    header: dict[str, Any] = {}
    for key in events.members("the file"):
        if key in aws.KEYS:
            return aws.read(key, header, events, plans.aws, endpoints.aws)
        if key in azure.KEYS:
            return azure.read(key, header, events, plans.azure, endpoints.azure)
        if key in gcp.KEYS:
            return gcp.read(key, header, events, plans.gcp, endpoints.gcp)
        header[key] = events.scalar(key)
    raise PriceListError(NOT_A_PRICE_LIST)
