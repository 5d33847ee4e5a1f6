"""Downloading the providers' price lists for `infrasketch catalog refresh`, with urllib.

Each response is handed to the price list readers as a stream, so an offer file of
several hundred MB is parsed while it arrives and never held whole. A source that fails
(no connection, an HTTP error, a broken transfer, a page the readers refuse) ends that
provider's reading with one `provider: URL: problem` line; the refresh then writes
nothing. Links the lists return (AWS offer files, Azure's `NextPageLink`) are only
followed on the host that was asked, and the GCP API key only ever travels in the
`X-Goog-Api-Key` header, so no URL, message or file can show it.
"""

from __future__ import annotations

import contextlib
import http.client
import sys
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import Request, urlopen

from model.catalog.price_lists import (
    Endpoints,
    Plans,
    PriceList,
    PriceListError,
    azure,
    read_price_list,
)
from model.enums import ServiceProvider

if TYPE_CHECKING:
    from tui.cli.refresh import Reading

TIMEOUT = 60.0
"""Seconds without a byte before a download is given up."""

PAGE_LIMIT = 1000
"""The most pages followed for one query (a guard against a link that loops)."""


class FetchError(Exception):
    """A source could not be read; the message names the URL and the problem."""


@contextlib.contextmanager
def _get(url: str, headers: Mapping[str, str]) -> Iterator[IO[bytes]]:
    request = Request(
        url, headers={"Accept": "application/json", "User-Agent": "infrasketch", **headers}
    )
    try:
        with urlopen(request, timeout=TIMEOUT) as response:
            yield response
    except HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except URLError as exc:
        raise FetchError(f"{url}: cannot connect ({exc.reason})") from None
    except TimeoutError:
        raise FetchError(f"{url}: timed out after {TIMEOUT:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"{url}: the transfer broke ({type(exc).__name__}: {exc})") from None


def _read(
    url: str, plans: Plans, endpoints: Endpoints, headers: Mapping[str, str] | None = None
) -> PriceList:
    if sys.stderr.isatty():
        print(f"reading {url}", file=sys.stderr)
    with _get(url, headers or {}) as stream:
        try:
            return read_price_list(stream, plans, endpoints)
        except PriceListError as exc:
            raise FetchError(f"{url}: {exc}") from None


def _same_host(link: str, base: str) -> str:
    """`link` if it stays on `base`'s scheme and host; a FetchError otherwise."""
    if urlsplit(link)[:2] != urlsplit(base)[:2]:
        raise FetchError(f"{base}: refuses to follow a link to another host: {link[:120]}")
    return link


def read_online(
    reading: Reading,
    plans: Plans,
    endpoints: Endpoints,
    *,
    providers: Sequence[ServiceProvider],
    regions: Mapping[ServiceProvider, Collection[str]],
    gcp_key: str,
) -> None:
    """Read each provider's price list into `reading`; a failure is one problem line and
    ends that provider's reading."""
    readers = {
        ServiceProvider.AWS: lambda: _aws(reading, plans, endpoints, regions[ServiceProvider.AWS]),
        ServiceProvider.AZURE: lambda: _azure(
            reading, plans, endpoints, regions[ServiceProvider.AZURE]
        ),
        ServiceProvider.GCP: lambda: _gcp(reading, plans, endpoints, gcp_key),
    }
    for provider in providers:
        try:
            readers[provider]()
        except FetchError as exc:
            reading.problems.append(f"{provider.value}: {exc}")


def _expect(price_list: PriceList, provider: ServiceProvider, url: str) -> PriceList:
    if price_list.provider is not provider:
        raise FetchError(f"{url}: answered with a {price_list.provider.label} price list")
    return price_list


def _aws(reading: Reading, plans: Plans, endpoints: Endpoints, regions: Collection[str]) -> None:
    codes = dict.fromkeys(code for s in plans.aws.selectors for code in s.offer)
    for code in codes:
        url = f"{endpoints.aws}/offers/v1.0/aws/{quote(code)}/current/region_index.json"
        index = _expect(_read(url, plans, endpoints), ServiceProvider.AWS, url)
        if index.kind != "index":
            raise FetchError(f"{url}: not a region index")
        for region in sorted(regions):
            link = index.links.get(region)
            if link is None:
                continue  # the offer is not published in this region
            link = _same_host(link, endpoints.aws)
            reading.add(link, _expect(_read(link, plans, endpoints), ServiceProvider.AWS, link))


def _azure(reading: Reading, plans: Plans, endpoints: Endpoints, regions: Collection[str]) -> None:
    products = dict.fromkeys((s.service_name, s.product_name) for s in plans.azure.selectors)
    for region in sorted(regions):
        for service, product in products:
            url = azure.query_url(
                endpoints.azure,
                serviceName=service,
                armRegionName=region,
                productName=product,
                priceType="Consumption",
            )
            for _ in range(PAGE_LIMIT):
                page = _expect(_read(url, plans, endpoints), ServiceProvider.AZURE, url)
                reading.add(url, page)
                if not page.next_page:
                    break
                url = _same_host(page.next_page, endpoints.azure)
            else:
                raise FetchError(f"{url}: more than {PAGE_LIMIT} pages")


def _gcp(reading: Reading, plans: Plans, endpoints: Endpoints, key: str) -> None:
    headers = {"X-Goog-Api-Key": key}
    services: dict[str, str] = {}
    for page in _pages(f"{endpoints.gcp}/v1/services?pageSize=5000", plans, endpoints, headers):
        services.update(page.links)
    for name in dict.fromkeys(s.service for s in plans.gcp.selectors):
        ident = services.get(name)
        if ident is None:
            reading.notes.append(f"gcp: the Cloud Billing Catalog lists no service {name!r}")
            continue
        url = f"{endpoints.gcp}/v1/services/{quote(ident)}/skus?currencyCode=USD&pageSize=5000"
        for page in _pages(url, plans, endpoints, headers):
            reading.add(url, page)


def _pages(
    url: str, plans: Plans, endpoints: Endpoints, headers: Mapping[str, str]
) -> Iterator[PriceList]:
    token = ""
    for _ in range(PAGE_LIMIT):
        address = f"{url}&{urlencode({'pageToken': token})}" if token else url
        page = _expect(_read(address, plans, endpoints, headers), ServiceProvider.GCP, address)
        yield page
        token = page.next_page
        if not token:
            return
    raise FetchError(f"{url}: more than {PAGE_LIMIT} pages")
