"""Security: the tools (secrets manager, TLS certificates, WAF and DDoS protection), how
secrets reach the application and how often they rotate, the *names* of the secrets and
their owners, the network, TLS, backups with RTO/RPO, and the compliance checklist.

The tools are components of the design (categories `secrets`, `tls`, `waf`), picked from
the catalog with price, SLA, pros and cons, so they are priced and drawn like the rest.
A secret is listed by name and path only: anything typed that looks like a credential's
value is refused with the reason, in every field, without being echoed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Static

from model.compliance import ControlKind
from model.enums import Category, Compliance, SecretsDelivery, TlsVersion
from model.sections.security import ComplianceItem, SecretRef
from tui.steps import StepId
from tui.steps.fields import Group, Spec, enum_choices
from tui.steps.records import RecordsEditor
from tui.steps.section_form import SectionStep
from tui.steps.tool_picker import ToolPicker
from widgets.dom_id import selector
from widgets.reflow_row import ReflowRow

if TYPE_CHECKING:
    from model.session import Session

TOOLS = (Category.SECRETS, Category.TLS, Category.WAF)
"""The security tools chosen in this step (components of these categories)."""

SECRETS = Group(
    "Secrets",
    (
        (
            Spec(
                "secrets_delivery",
                "Delivered as",
                "choice",
                choices=enum_choices(SecretsDelivery),
            ),
            Spec("rotation_days", "Rotate every", "optional_number", "days; empty: never"),
        ),
        (Spec("access", "Who may read them"),),
    ),
)

NETWORK = Group(
    "Network",
    (
        (
            Spec("network.vpc", "Private network (VPC)", "bool"),
            Spec("network.private_subnets_for_data", "Data in private subnets", "bool"),
        ),
        (
            Spec("network.open_ports", "Open to the internet", "numbers", "ports"),
            Spec("network.notes", "Notes"),
        ),
    ),
)

TLS = Group(
    "TLS",
    (
        (
            Spec("tls.min_version", "Minimum version", "choice", choices=enum_choices(TlsVersion)),
            Spec("tls.https_redirect", "Redirect HTTP", "bool"),
            Spec("tls.hsts", "HSTS", "bool"),
        ),
    ),
)

BACKUPS = Group(
    "Backups and recovery",
    (
        (
            Spec("backups.enabled", "Automatic backups", "bool"),
            Spec("backups.point_in_time_recovery", "Point-in-time recovery", "bool"),
        ),
        (
            Spec("backups.frequency_hours", "Every", "number", "hours"),
            Spec("backups.retention_days", "Kept", "number", "days"),
        ),
        (
            Spec("backups.rto_minutes", "RTO", "number", "min to recover"),
            Spec("backups.rpo_minutes", "RPO", "number", "min of data lost"),
        ),
        (
            Spec("backups.file_versioning", "File versioning", "bool"),
            Spec("backups.restore_tested", "Restore rehearsed", "bool"),
        ),
        (Spec("backups.cross_region_copy", "Copies in another region", "bool"),),
    ),
)


def component_choices(session: Session) -> list[tuple[str, str]]:
    """The components as choices (the one reading a secret)."""
    return [(f"{c.name} ({c.id})", c.id) for c in session.components]


SECRET_ROWS = (
    (Spec("name", "Name", hint="ENV_VAR"), Spec("owner", "Owner", hint="rotates it")),
    (Spec("path", "Path in the manager"),),
    (
        Spec("component", "Read by", "optional_choice", choices=component_choices),
        Spec("description", "What it is"),
    ),
)
"""The fields of a secret: never its value."""

COMPLIANCE_ROWS = (
    (
        Spec("standard", "Framework", "choice", choices=enum_choices(Compliance)),
        Spec("done", "Met", "bool"),
    ),
    (Spec("control", "Control"),),
    (
        Spec(
            "kinds",
            "Asks the design for (empty: read from its words)",
            "multi",
            choices=enum_choices(ControlKind),
        ),
    ),
)
"""A compliance control (space in the list ticks it too)."""


def control_title(record: ComplianceItem) -> str:
    """A checklist line: its box, framework and control."""
    return f"{'☑' if record.done else '☐'} {record.standard.label}: {record.control}"


def tick_control(record: ComplianceItem) -> ComplianceItem:
    """The control marked met, or not met any more."""
    return record.evolve(done=not record.done)


def new_secret(records: Sequence[SecretRef]) -> SecretRef:
    """A placeholder secret with a free name, to be renamed."""
    taken = {r.name for r in records}
    number = 1
    while f"NEW_SECRET_{number}" in taken:
        number += 1
    return SecretRef(name=f"NEW_SECRET_{number}", path=f"app/new-secret-{number}")


def secret_title(record: SecretRef) -> str:
    """A secret card's title: its name."""
    return record.name


class SecurityStep(SectionStep):
    """Tools, secrets, network, TLS, backups, compliance."""

    step_id = StepId.SECURITY
    section = "security"
    groups = (SECRETS, NETWORK, TLS, BACKUPS)

    def compose_body(self) -> ComposeResult:
        """Tools first (they are what the rest configures), then the form and the lists."""
        session = self.current
        yield from self.compose_group(Group("Tools (components of the design)", ()))
        for category in TOOLS:
            yield ToolPicker(category, session)
        yield from self.compose_group(SECRETS)
        yield from self.compose_group(Group("Secret names (never values)", ()))
        yield RecordsEditor(
            "secrets",
            session.security.secrets,
            SECRET_ROWS,
            session,
            new_record=new_secret,
            title=secret_title,
            add_label="Add secret",
        )
        yield from self.compose_group(NETWORK)
        yield from self.compose_group(TLS)
        yield from self.compose_group(BACKUPS)
        yield from self.compose_group(Group("Compliance checklist", ()))
        yield RecordsEditor(
            "compliance_checklist",
            session.security.compliance_checklist,
            COMPLIANCE_ROWS,
            session,
            new_record=self.new_control,
            title=control_title,
            add_label="Add control",
            toggle=tick_control,
        )
        with ReflowRow(classes="buttons"):
            yield Button("Add the typical controls", id="typical-controls", compact=True)
        yield Static(self.typical_note(session), id="typical-note", classes="note")

    def new_control(self, records: Sequence[ComplianceItem]) -> ComplianceItem:
        """A control of the first framework the context names (GDPR when none)."""
        chosen = self.current.context.compliance
        return ComplianceItem(standard=chosen[0] if chosen else Compliance.GDPR, control="Control")

    def missing_controls(self, session: Session) -> list[ComplianceItem]:
        """The typical controls of the context's frameworks not on the checklist yet (for
        PCI DSS, those of the context's card-data flow)."""
        from model.compliance import typical_controls

        context = session.context
        listed = {(i.standard, i.control) for i in session.security.compliance_checklist}
        return [
            ComplianceItem(standard=standard, control=typical.text, kinds=typical.kinds)
            for standard in context.compliance
            for typical in typical_controls(standard, context.card_data)
            if (standard, typical.text) not in listed
        ]

    def typical_note(self, session: Session) -> str:
        """What the typical-controls button would add."""
        if not session.context.compliance:
            return "The context names no compliance framework (Context step)."
        missing = len(self.missing_controls(session))
        names = ", ".join(c.label for c in session.context.compliance)
        if not missing:
            return f"Every typical control of {names} is listed."
        return f"{missing} typical control(s) of {names} not listed yet."

    @on(Button.Pressed, "#typical-controls")
    async def _typical(self) -> None:
        from model.session import replace

        missing = self.missing_controls(self.current)
        if not missing:
            self.notify("Nothing to add.", timeout=2)
            return
        security = self.current.security
        items = (*security.compliance_checklist, *missing)
        session = replace(self.current, security=security.evolve(compliance_checklist=items))
        self.propose(session, "Add the typical compliance controls")
        await self.query_one(selector("compliance_checklist"), RecordsEditor).show(items, session)
        self.show_note(session)

    def propose(self, session: Session, description: str) -> None:
        """Apply the edit; the typical-controls note follows."""
        super().propose(session, description)
        self.show_note(session)

    def refresh_from(self, session: Session) -> None:
        """Another session: its fields, tools, lists and note."""
        super().refresh_from(session)
        self.show_note(session)

    def show_note(self, session: Session) -> None:
        """What the typical-controls button would add (updated only when it changes: an
        update lays the whole screen out again)."""
        note = self.query_one("#typical-note", Static)
        text = self.typical_note(session)
        if str(note.content) != text:
            note.update(text)


VIEW = SecurityStep
