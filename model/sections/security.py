"""Security configuration: secrets (names only), network, TLS, backups, compliance."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from model.base import ONE_LINE, EnvVarName, Frozen, Identifier, Name, Text
from model.compliance import ControlKind, recognise
from model.enums import Compliance, SecretsDelivery, TlsVersion

ManagerPath = Annotated[
    str,
    Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_./:+=@-]+$"),
    ONE_LINE,
]
"""Where a secret lives in the secrets manager, e.g. `prod/api/database-url`."""


class SecretRef(Frozen):
    """A secret the design needs: its name and where it lives, never its value."""

    name: EnvVarName
    """The environment variable the application reads, e.g. `DATABASE_URL`."""
    path: ManagerPath
    """Its path in the secrets manager."""
    component: Identifier | None = None
    """The component that reads it."""
    owner: Annotated[str, Field(max_length=80), ONE_LINE] = ""
    """Who rotates it (a role or team)."""
    description: Text = ""
    """What it is, e.g. `Stripe API key (payments)`."""


class Network(Frozen):
    """Network isolation."""

    vpc: bool = True
    """Whether the system runs inside a private network (VPC / VNet)."""
    private_subnets_for_data: bool = True
    """Whether databases and caches sit in private subnets without public addresses."""
    open_ports: tuple[Annotated[int, Field(ge=1, le=65535)], ...] = (443,)
    """Ports open to the internet."""
    notes: Text = ""
    """Security groups, firewall rules and anything else agreed."""


class Tls(Frozen):
    """Transport security."""

    min_version: TlsVersion = TlsVersion.TLS_1_2
    """Oldest TLS version accepted."""
    https_redirect: bool = True
    """Whether plain HTTP is redirected to HTTPS."""
    hsts: bool = True
    """Whether the HSTS header is sent."""


class Backups(Frozen):
    """Backups and disaster recovery."""

    enabled: bool = True
    """Whether the database is backed up automatically."""
    frequency_hours: Annotated[float, Field(gt=0, le=8760)] = 24
    """Hours between full backups."""
    retention_days: Annotated[int, Field(ge=0, le=3650)] = 30
    """How long backups are kept."""
    point_in_time_recovery: bool = False
    """Whether continuous log archiving allows restoring to any second."""
    file_versioning: bool = True
    """Whether object storage keeps old versions of files."""
    restore_tested: bool = False
    """Whether a restore has been rehearsed."""
    cross_region_copy: bool = False
    """Whether backups are also copied to another region, so the data survives the loss of
    the design's region (a design in several regions copies them there anyway)."""
    rto_minutes: Annotated[int, Field(ge=0, le=100_000)] = 240
    """Recovery time objective: longest acceptable outage after a disaster."""
    rpo_minutes: Annotated[int, Field(ge=0, le=100_000)] = 60
    """Recovery point objective: most data, in minutes, that may be lost."""


class ComplianceItem(Frozen):
    """One control of a compliance checklist."""

    standard: Compliance
    """The framework it belongs to."""
    control: Name
    """What must be in place, e.g. `Data encryption at rest and in transit`."""
    done: bool = False
    """Whether the design meets it."""
    kinds: tuple[ControlKind, ...] = ()
    """What it asks of the design (a WAF, key management, an audit trail, segmentation ...),
    so a ticked control is checked against the components; recognised from its wording
    when empty."""

    @property
    def asks(self) -> tuple[ControlKind, ...]:
        """Its kinds as given, or as recognised from its wording."""
        return self.kinds or recognise(self.control)


class Security(Frozen):
    """The security decisions of the workshop (the tools are components)."""

    secrets_delivery: SecretsDelivery = SecretsDelivery.INJECTED_ENV
    """How secrets reach the running application."""
    rotation_days: Annotated[int, Field(ge=1, le=3650)] | None = 90
    """Days between automatic rotations; None when secrets are not rotated."""
    access: Text = "Role-based, principle of least privilege"
    """Who may read secrets."""
    secrets: tuple[SecretRef, ...] = ()
    """The secrets the design needs, by name."""
    network: Network = Network()
    """Network isolation."""
    tls: Tls = Tls()
    """Transport security."""
    backups: Backups = Backups()
    """Backups and disaster recovery."""
    compliance_checklist: tuple[ComplianceItem, ...] = ()
    """Compliance controls and whether each is met."""

    def secret(self, name: str) -> SecretRef | None:
        """The secret called `name`, if listed."""
        return next((s for s in self.secrets if s.name == name), None)
