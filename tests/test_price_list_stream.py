"""Price lists as streams: bad JSON and wrong shapes are problems, never tracebacks, and
a large offer file is read without ever being held whole."""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest

from model.catalog.price_lists import Endpoints, PriceListError, load_plans, read_price_list


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (b"", "empty"),
        (b"<html>Service Unavailable</html>", "not valid JSON"),
        (b'{"offerCode": "AmazonEC2", "products": {"A": {', "ends early"),
        (b"[1, 2]", "not a price list"),
        (b'{"name": "something else"}', "not a price list"),
        (b'{"Items": {"a": 1}}', "Items: not an array"),
        (b'{"BillingCurrency": "EUR", "Items": []}', "ask the API for USD"),
        (b'{"offerCode": "AmazonEC2", "terms": {}, "products": {}}', "come before `products`"),
        (b'{"products": {}, "terms": {}}', "no `offerCode`"),
        (
            b'{"offerCode": "AmazonEC2", "publicationDate": "soon", "products": {}, "terms": {}}',
            "not a date",
        ),
        (b'{"skus": [{"description": "x"}]}', "no category"),
        (b"\xff\xfe{}", "not valid JSON"),
    ],
)
def test_bad_files_are_problems_not_tracebacks(text: bytes, problem: str) -> None:
    with pytest.raises(PriceListError, match=problem):
        read_price_list(io.BytesIO(text), load_plans(), Endpoints())


class GeneratedOffer(io.RawIOBase):
    """An EC2-shaped offer file of `count` products and their terms, generated while it is
    read: it never exists whole, in memory or on disk."""

    def __init__(self, count: int) -> None:
        self._chunks = self._generate(count)
        self._buffer = b""
        self.largest_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        self.largest_read = max(self.largest_read, len(target))
        while len(self._buffer) < len(target):
            chunk = next(self._chunks, b"")
            if not chunk:
                break
            self._buffer += chunk
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size

    @staticmethod
    def _generate(count: int) -> Iterator[bytes]:
        header = {"formatVersion": "v1.0", "offerCode": "AmazonEC2", "version": "1"}
        header["publicationDate"] = "2026-11-28T00:00:00Z"
        yield json.dumps(header)[:-1].encode() + b', "products": {'
        linux = {
            "operatingSystem": "Linux",
            "tenancy": "Shared",
            "capacitystatus": "Used",
            "preInstalledSw": "NA",
            "licenseModel": "No License required",
            "regionCode": "us-east-1",
            "location": "US East (N. Virginia)",
        }
        for n in range(count):
            itype = "t3.medium" if n == count // 2 else f"x{n}.large"
            attributes = {"instanceType": itype, "usagetype": f"BoxUsage:{itype}", **linux}
            product: dict[str, Any] = {"sku": f"S{n:015d}", "productFamily": "Compute Instance"}
            product["attributes"] = attributes
            yield (b"," if n else b"") + f'"S{n:015d}":'.encode() + json.dumps(product).encode()
        yield b'},"terms":{"OnDemand":{'
        for n in range(count):
            sku = f"S{n:015d}"
            dimension: dict[str, Any] = {
                "unit": "Hrs",
                "beginRange": "0",
                "endRange": "Inf",
                "appliesTo": [],
            }
            dimension["pricePerUnit"] = {"USD": f"{0.01 + n / 1e6:.10f}"}
            term: dict[str, Any] = {"offerTermCode": "JRTCKXETXF", "sku": sku, "termAttributes": {}}
            term["priceDimensions"] = {f"{sku}.JRTCKXETXF.6YS6EN2CT7": dimension}
            entry = {f"{sku}.JRTCKXETXF": term}
            yield (b"," if n else b"") + f'"{sku}":'.encode() + json.dumps(entry).encode()
        yield b"}}}"


@pytest.mark.slow
def test_a_large_offer_is_streamed_not_loaded() -> None:
    count = 20_000  # about 14 MB of JSON
    stream = io.BufferedReader(GeneratedOffer(count), buffer_size=64 * 1024)
    tracemalloc.start()
    try:
        price_list = read_price_list(stream, load_plans(), Endpoints())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(o.sku, o.usd) for o in price_list.offers] == [
        (f"S{count // 2:015d}", 0.01 + count // 2 / 1e6)
    ]
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MB"
