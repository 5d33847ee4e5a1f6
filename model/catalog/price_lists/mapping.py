"""Which SKU of a provider's price list prices which catalog figure, and how to convert it.

The mapping is catalog data (`model/catalog/data/price_lists/{aws,azure,gcp}.yaml`): per
catalog id (a service or an implied charge), per price point key (`Pricing.points()`), a
*point*: one SKU selector, or a weighted sum of several (a Fargate task is vCPU-hours x
vCPU + GB-hours x GB), times `multiply_by` and divided by `divide_by` (730 hours a month;
1,000,000 requests per million). Each file names selector fields shared by an
entry's points under `defaults`, so a size only says what differs:

```yaml
provider: aws
entries:
  aws-ec2:
    defaults: {offer: AmazonEC2, unit: Hrs, attributes: {operatingSystem: Linux, ...}}
    points:
      t3.medium: {attributes: {instanceType: t3.medium}}
```

A selector names the on-demand list price exactly; everything that is not it (another
operating system, dedicated tenancy, a capacity reservation, Spot, a reservation, a
Dev/Test meter) differs in a field the selector fixes, and the readers never take
reserved or savings-plan terms at all.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import Field, field_validator

from model.base import Frozen
from model.enums import ServiceProvider
from model.yaml_loader import safe_load

Positive = Annotated[float, Field(gt=0)]


class AwsSku(Frozen):
    """A product of an AWS Price List offer file, and the on-demand price dimension."""

    offer: tuple[str, ...] = Field(min_length=1)
    """The offer codes that list it, preferred first (`AmazonEC2`, `AWSELB`, ...); one
    code may be written as a plain string."""
    product_family: str = ""
    """The product's `productFamily`, e.g. `Compute Instance`; empty for any."""
    attributes: dict[str, str] = Field(default_factory=dict)
    """Product attributes that must equal these values (`instanceType`, `operatingSystem`,
    `tenancy`, `capacitystatus`, `preInstalledSw`, `databaseEngine`, `deploymentOption`)."""
    usagetype: str = ""
    """The product's `usagetype` without its region prefix (`USE2-`, `EUC1-`), e.g.
    `NatGateway-Hours`; empty for any."""
    unit: str = ""
    """The price dimension's `unit`, e.g. `Hrs`, `GB-Mo`; empty for any (the SKU must
    then have a single first-tier dimension)."""

    @field_validator("offer", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value


class AzureMeter(Frozen):
    """An item of the Azure Retail Prices API (one meter in one region)."""

    service_name: str = Field(min_length=1)
    """`serviceName`, e.g. `Virtual Machines`."""
    product_name: str = Field(min_length=1)
    """`productName`, e.g. `Virtual Machines DSv5 Series` (Windows is a product of its own)."""
    sku_name: str = Field(min_length=1)
    """`skuName`, e.g. `D2s v5` (Spot and Low Priority are SKUs of their own)."""
    meter_name: str = Field(min_length=1)
    """`meterName`, e.g. `D2s v5`."""
    unit_of_measure: str = Field(min_length=1)
    """`unitOfMeasure`, e.g. `1 Hour`, `1 GB/Month`."""
    type: Literal["Consumption"] = "Consumption"
    """`type`: pay-as-you-go only, never `Reservation` or `DevTestConsumption`."""


class GcpSku(Frozen):
    """A SKU of the Cloud Billing Catalog API."""

    service: str = Field(min_length=1)
    """The service's display name (`category.serviceDisplayName`), e.g. `Compute Engine`."""
    description: str = Field(min_length=1)
    """A regular expression the whole SKU description matches, e.g.
    `E2 Instance Core running in .+` (not `Spot Preemptible E2 ...`)."""
    resource_group: str = ""
    """`category.resourceGroup`, e.g. `CPU`; empty for any."""
    usage_type: Literal["OnDemand"] = "OnDemand"
    """`category.usageType`: on-demand only, never `Preemptible` or a commitment."""
    unit: str = Field(min_length=1)
    """`pricingExpression.usageUnit`, e.g. `h`, `GiBy.h`, `GiBy.mo`."""

    @field_validator("description")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        return value


S = TypeVar("S", AwsSku, AzureMeter, GcpSku)


class Part(Frozen, Generic[S]):
    """One SKU of a point and its weight."""

    sku: S
    """The selector."""
    times: Positive = 1.0
    """How many of its units one unit of the catalog figure contains (0.5 vCPU-hours)."""


class Point(Frozen, Generic[S]):
    """How one catalog figure is read: the weighted sum of its parts' prices, converted."""

    parts: tuple[Part[S], ...] = Field(min_length=1)
    """The SKUs whose prices add up to the figure."""
    multiply_by: Positive = 1.0
    """A factor to the catalog's unit, e.g. 730 hours a month, 1,000,000 requests."""
    divide_by: Positive = 1.0
    """A divisor to the catalog's unit, e.g. 1,000,000 requests per million."""

    def value(self, prices: tuple[float, ...]) -> float:
        """The figure from the parts' prices (in `parts` order), to ten significant digits."""
        total = sum(price * part.times for price, part in zip(prices, self.parts, strict=True))
        return float(f"{total * self.multiply_by / self.divide_by:.10g}")


SELECTORS: dict[ServiceProvider, type[AwsSku] | type[AzureMeter] | type[GcpSku]] = {
    ServiceProvider.AWS: AwsSku,
    ServiceProvider.AZURE: AzureMeter,
    ServiceProvider.GCP: GcpSku,
}
"""The selector model of each provider's price list."""

_CONVERSIONS = ("multiply_by", "divide_by")


class MappingError(Exception):
    """A price list mapping file is invalid: a bug in the project's data."""


@dataclass(frozen=True, slots=True)
class Plan(Generic[S]):
    """A provider's mapping, compiled: each distinct selector once, each point by index."""

    provider: ServiceProvider
    selectors: tuple[S, ...]
    """Every distinct selector; parsers report which of them a price list matches."""
    points: Mapping[tuple[str, str], tuple[Point[S], tuple[int, ...]]]
    """(catalog id, price point key) -> the point and its parts' selector indexes."""

    def entries(self) -> tuple[str, ...]:
        """The catalog ids with at least one mapped point, in file order."""
        return tuple(dict.fromkeys(entry for entry, _ in self.points))


def parse_mapping(file_name: str, text: str, selector: type[S]) -> Plan[S]:
    """The mapping in one YAML file (`provider`, `entries`), compiled into a plan."""
    data = safe_load(text) or {}
    if not isinstance(data, dict) or set(data) - {"provider", "entries"}:
        raise MappingError(f"{file_name}: expected `provider` and `entries`")
    try:
        provider = ServiceProvider(str(data.get("provider")))
    except ValueError as exc:
        raise MappingError(f"{file_name}: unknown provider {data.get('provider')!r}") from exc
    points: dict[tuple[str, str], Point[S]] = {}
    for entry_id, entry in _mapping(data.get("entries"), f"{file_name}: entries").items():
        where = f"{file_name}: {entry_id}"
        if re.fullmatch(r"[a-z][a-z0-9-]{0,47}", entry_id) is None:
            raise MappingError(f"{where}: not a catalog id")
        body = _mapping(entry, where)
        if set(body) - {"defaults", "points"}:
            raise MappingError(f"{where}: expected `defaults` and `points`")
        defaults = _mapping(body.get("defaults") or {}, f"{where}: defaults")
        for key, raw in _mapping(body.get("points"), f"{where}: points").items():
            try:
                points[(entry_id, str(key))] = _point(raw, defaults, selector)
            except (ValueError, MappingError, TypeError) as exc:
                raise MappingError(f"{where}: {key}: {exc}") from exc
    return _compile(provider, points)


def _point(raw: Any, defaults: Mapping[str, Any], selector: type[S]) -> Point[S]:
    point = _mapping(raw, "point")
    conversion = {name: point.get(name, defaults.get(name, 1.0)) for name in _CONVERSIONS}
    terms = point.get("sum", [{}])
    if not isinstance(terms, list) or not terms:
        raise MappingError("`sum` needs a list of selectors, each with `times`")
    shared = _merged(_selector_fields(defaults), _selector_fields(point))
    parts: list[Part[S]] = []
    for term in terms:
        own = dict(_mapping(term, "sum"))
        times = float(own.pop("times", 1.0))
        parts.append(Part(sku=selector.model_validate(_merged(shared, own)), times=times))
    return Point(
        parts=tuple(parts),
        multiply_by=float(conversion["multiply_by"]),
        divide_by=float(conversion["divide_by"]),
    )


def _selector_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k not in (*_CONVERSIONS, "sum")}


def _merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """`over` on top of `base`; mappings (product attributes) are merged one level down."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise MappingError(f"{where}: expected a mapping")
    return value


def _compile(provider: ServiceProvider, points: Mapping[tuple[str, str], Point[S]]) -> Plan[S]:
    selectors: list[S] = []
    index: dict[str, int] = {}
    compiled: dict[tuple[str, str], tuple[Point[S], tuple[int, ...]]] = {}
    for ident, point in points.items():
        found = []
        for part in point.parts:
            key = part.sku.model_dump_json()
            if key not in index:
                index[key] = len(selectors)
                selectors.append(part.sku)
            found.append(index[key])
        compiled[ident] = (point, tuple(found))
    return Plan(provider, tuple(selectors), compiled)


@dataclass(frozen=True, slots=True)
class Plans:
    """The compiled mapping of every provider."""

    aws: Plan[AwsSku]
    azure: Plan[AzureMeter]
    gcp: Plan[GcpSku]

    def of(self, provider: ServiceProvider) -> Plan[AwsSku] | Plan[AzureMeter] | Plan[GcpSku]:
        """The plan of `provider`'s price list."""
        if provider is ServiceProvider.AWS:
            return self.aws
        if provider is ServiceProvider.AZURE:
            return self.azure
        return self.gcp


MAPPING_FILES = {
    ServiceProvider.AWS: "price_lists/aws.yaml",
    ServiceProvider.AZURE: "price_lists/azure.yaml",
    ServiceProvider.GCP: "price_lists/gcp.yaml",
}
"""The mapping files, under `model/catalog/data/`."""


@functools.cache
def load_plans() -> Plans:
    """The packaged mappings, read and compiled once per process."""
    folder = resources.files("model.catalog") / "data"

    def text(provider: ServiceProvider) -> str:
        return (folder / MAPPING_FILES[provider]).read_text(encoding="utf-8")

    return Plans(
        parse_mapping(MAPPING_FILES[ServiceProvider.AWS], text(ServiceProvider.AWS), AwsSku),
        parse_mapping(
            MAPPING_FILES[ServiceProvider.AZURE], text(ServiceProvider.AZURE), AzureMeter
        ),
        parse_mapping(MAPPING_FILES[ServiceProvider.GCP], text(ServiceProvider.GCP), GcpSku),
    )
