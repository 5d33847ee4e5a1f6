"""The form engine without an app: every declared field names a field of its model, and
`FieldEdits` applies only what was edited."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from pydantic import BaseModel

from model.sections.channels import Channel
from model.sections.deployment import ChecklistItem
from model.sections.environments import Environment
from model.sections.incidents import Severity
from model.sections.security import ComplianceItem, SecretRef
from model.session import Session
from tui.steps import alerts, context, deployment, environments, incidents, pipeline, security
from tui.steps.fields import Spec, check_paths, evolve_paths
from tui.steps.section_form import SectionStep
from widgets.dom_id import dom_id, selector

SECTION_STEPS: list[type[SectionStep]] = [
    context.ContextStep,
    alerts.AlertsStep,
    pipeline.PipelineStep,
    deployment.DeploymentStep,
    security.SecurityStep,
    incidents.IncidentsStep,
]

RECORD_ROWS: list[tuple[type[BaseModel], Iterable[tuple[Spec, ...]]]] = [
    (Channel, pipeline.CHANNEL_ROWS),
    (Channel, alerts.CHANNEL_ROWS),
    (ChecklistItem, deployment.CHECKLIST_ROWS),
    (SecretRef, security.SECRET_ROWS),
    (ComplianceItem, security.COMPLIANCE_ROWS),
    (Severity, incidents.SEVERITY_ROWS),
    (Environment, environments.ENVIRONMENT_ROWS),
]


@pytest.mark.parametrize("step", SECTION_STEPS, ids=lambda s: s.step_id)
def test_every_section_field_names_a_field_of_its_section(step: type[SectionStep]) -> None:
    specs = [s for group in step.groups for row in group.rows for s in row]
    annotation = Session.model_fields[step.section].annotation if step.section else Session
    assert isinstance(annotation, type) and issubclass(annotation, BaseModel)
    assert specs and check_paths(annotation, specs) == []


@pytest.mark.parametrize(("model", "rows"), RECORD_ROWS, ids=lambda x: getattr(x, "__name__", ""))
def test_every_record_field_names_a_field_of_its_record(
    model: type[BaseModel], rows: Iterable[tuple[Spec, ...]]
) -> None:
    assert check_paths(model, [s for row in rows for s in row]) == []


def test_a_misspelt_path_is_found() -> None:
    assert check_paths(Channel, [Spec("kind", "Kind"), Spec("severites", "Receives")]) == [
        "severites"
    ]


def test_one_dom_id_for_fields_records_and_vocabulary() -> None:
    assert dom_id("field", "unit_tests.coverage_threshold_percent") == (
        "field-unit-tests-coverage-threshold-percent"
    )
    assert dom_id("environments", 2) == "environments-2"
    assert selector("row", "error_rate") == "#row-error-rate"
    assert Spec("tls.min_version", "TLS").control_id == "tls-min-version"


def test_an_optional_nested_model_starts_empty_and_goes_when_emptied() -> None:
    from model.enums import Category
    from model.sections.components import Autoscaling, Component

    fixed = Component(id="api", name="API", category=Category.COMPUTE, service="aws-ec2")
    bounds = {"autoscaling.min": 1, "autoscaling.max": 4}
    scaled = evolve_paths(fixed, bounds, optional={"autoscaling"})
    assert scaled.autoscaling == Autoscaling(min=1, max=4)
    emptied = {"autoscaling.min": None, "autoscaling.max": None}
    assert evolve_paths(scaled, emptied, optional={"autoscaling"}).autoscaling is None


def test_queue_settings_go_when_every_box_is_unticked_and_every_number_empty() -> None:
    from model.enums import Category
    from model.sections.components import Component, QueueSettings

    queue = Component(id="jobs", name="Jobs", category=Category.QUEUE, service="aws-sqs")
    ticked = evolve_paths(queue, {"queue.dead_letter": True}, optional={"queue"})
    assert ticked.queue == QueueSettings(dead_letter=True)
    cleared = {"queue.dead_letter": False, "queue.backoff": False, "queue.max_receives": None}
    assert evolve_paths(ticked, cleared, optional={"queue"}).queue is None


def test_every_component_field_names_a_field_of_component() -> None:
    from model.enums import Category
    from model.sections.components import Component, ExternalSystem
    from tests.engine_designs import design
    from tui.steps.component_editor import component_rows

    db = Component(id="db", name="DB", category=Category.DATABASE, service="aws-rds-postgres")
    rows = component_rows(db, design(db, regions=("eu-central-1",)))
    specs = {spec.path: spec for row in rows for spec in row}
    assert specs["size"].label == "Instance size (eu-central-1)"  # instance-priced, by region
    assert specs["replicas"].hint == "serving"
    # RDS bills a standby for Multi-AZ; the editor says so where the box is ticked.
    assert specs["multi_az"].label == "Multi-AZ (+1 standby, billed)"
    assert check_paths(Component, [s for row in rows for s in row]) == []
    # A queue is edited with its failure handling; compute with its outbound webhooks.
    jobs = Component(id="jobs", name="Jobs", category=Category.QUEUE, service="aws-sqs")
    api = Component(id="api", name="API", category=Category.COMPUTE, service="aws-ec2")
    for component, field in ((jobs, "queue.dead_letter"), (api, "webhooks.signed")):
        specs = {s.path: s for row in component_rows(component, design(component)) for s in row}
        assert field in specs and "queue.dead_letter" not in specs.keys() - {field}
        assert check_paths(Component, list(specs.values())) == []
    # An external system: how the design talks to it, nothing to size, place or pick.
    acquirer = Component(
        id="acquirer",
        name="Acquirer",
        category=Category.EXTERNAL,
        service="external-system",
        external=ExternalSystem(),
    )
    specs = {s.path: s for row in component_rows(acquirer, design(acquirer)) for s in row}
    assert set(specs) == {
        "name",
        "id",
        "external.protocol",
        "external.direction",
        "external.availability_percent",
        "notes",
    }
    assert check_paths(Component, list(specs.values())) == []
