"""A local stand-in for the three price list APIs, serving the fixture files on 127.0.0.1.

AWS: each offer's `current/region_index.json` (built from the fixture offers) and the
versioned offer files it links. Azure: `$filter` with `eq` and `and`, answered from the
fixture items two at a time, each page linking the next with `$skip`. GCP: `v1/services`
and `v1/services/{id}/skus`, three SKUs a page linked by `pageToken`, and only with the
right `X-Goog-Api-Key` header (403 otherwise).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

FIXTURES = Path(__file__).parent / "data" / "price_lists"
AZURE_PAGE = 2
GCP_PAGE = 3


@dataclass
class PriceServer:
    """What the server answers, and what it was asked."""

    key: str
    base: str = ""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    fail: set[str] = field(default_factory=set)
    """Path prefixes answered with HTTP 500."""
    aws_files: dict[str, bytes] = field(default_factory=dict)
    aws_regions: dict[str, dict[str, str]] = field(default_factory=dict)
    azure_items: list[dict[str, Any]] = field(default_factory=list)
    gcp_services: bytes = b""
    gcp_skus: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def load(self) -> None:
        for path in sorted(FIXTURES.rglob("*.json")):
            data = json.loads(path.read_bytes())
            if "offerCode" in data:
                code, version = data["offerCode"], data["version"]
                region = next(iter(data["products"].values()))["attributes"]["regionCode"]
                url = f"/offers/v1.0/aws/{code}/{version}/{region}/index.json"
                self.aws_files[url] = path.read_bytes()
                self.aws_regions.setdefault(code, {})[region] = url
            elif "Items" in data:
                self.azure_items += data["Items"]
            elif "services" in data:
                self.gcp_services = path.read_bytes()
            elif "skus" in data:
                for sku in data["skus"]:
                    self.gcp_skus.setdefault(sku["name"].split("/")[1], []).append(sku)

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
        self.requests.append((path, headers))
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        if any(parts.path.startswith(prefix) for prefix in self.fail):
            return 500, b"Internal Server Error"
        if match := re.fullmatch(r"/offers/v1.0/aws/(\w+)/current/region_index.json", parts.path):
            regions = self.aws_regions.get(match[1], {})
            index: dict[str, Any] = {"formatVersion": "v1.0", "publicationDate": "2026-11-28"}
            index["regions"] = {
                r: {"regionCode": r, "currentVersionUrl": url} for r, url in regions.items()
            }
            return 200, json.dumps(index).encode()
        if parts.path in self.aws_files:
            return 200, self.aws_files[parts.path]
        if parts.path == "/api/retail/prices":
            return 200, self._azure(query)
        if parts.path.startswith("/v1/services"):
            if headers.get("x-goog-api-key") != self.key:
                return 403, b'{"error": {"code": 403, "message": "API key not valid."}}'
            return self._gcp(parts.path, query)
        return 404, b"Not Found"

    def _azure(self, query: dict[str, list[str]]) -> bytes:
        condition = query["$filter"][0]
        wanted = dict(re.findall(r"(\w+) eq '((?:[^']|'')*)'", condition))
        wanted = {k: v.replace("''", "'") for k, v in wanted.items()}
        price_type = wanted.pop("priceType", None)
        items = [
            i
            for i in self.azure_items
            if all(i.get(k) == v for k, v in wanted.items())
            and (price_type is None or i["type"] in (price_type, "DevTestConsumption"))
        ]
        skip = int(query.get("$skip", ["0"])[0])
        page = items[skip : skip + AZURE_PAGE]
        more = skip + AZURE_PAGE < len(items)
        link = None
        if more:
            link = f"{self.base}/api/retail/prices?" + urlencode(
                {"$filter": condition, "$skip": skip + AZURE_PAGE}, quote_via=quote, safe="$'"
            )
        body: dict[str, Any] = {"BillingCurrency": "USD", "CustomerEntityId": "Default"}
        body |= {"CustomerEntityType": "Retail", "Items": page, "NextPageLink": link}
        return json.dumps({**body, "Count": len(page)}).encode()

    def _gcp(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        if path == "/v1/services":
            return 200, self.gcp_services
        match = re.fullmatch(r"/v1/services/([\w-]+)/skus", path)
        if match is None or query.get("currencyCode") != ["USD"]:
            return 400, b'{"error": {"code": 400}}'
        skus = self.gcp_skus.get(match[1], [])
        start = int(query.get("pageToken", ["0"])[0])
        token = str(start + GCP_PAGE) if start + GCP_PAGE < len(skus) else ""
        return 200, json.dumps(
            {"skus": skus[start : start + GCP_PAGE], "nextPageToken": token}
        ).encode()


@contextmanager
def serving(key: str = "AIzaFixtureKey-0123456789abcdef") -> Iterator[PriceServer]:
    """The stand-in, listening on a free port of 127.0.0.1 until the block ends."""
    server = PriceServer(key)
    server.load()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, body = server.answer(self.path, headers)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
