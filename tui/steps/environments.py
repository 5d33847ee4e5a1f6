"""Environments: where the pipeline deploys — branch, auto-deploy or approval, where the
data comes from, size relative to production — and adding or removing environments.

Each environment is a card of a `RecordsEditor` over `session.environments`. Every
keystroke re-validates the environment and then the session (names must be unique, the
pipeline's staging and production targets must exist); a valid set is applied, an
invalid field shows its reason and is not applied. Renaming an environment carries the
pipeline's reference to it along; removing one the session cannot do without is refused
with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult

from model.enums import DataSource, DeployMode
from model.sections.environments import Environment
from tui.steps import StepId
from tui.steps.fields import Spec, enum_choices
from tui.steps.records import RecordsEditor
from tui.steps.section_form import SectionStep

if TYPE_CHECKING:
    from pydantic import BaseModel

    from model.session import Session

ENVIRONMENT_ROWS = (
    (
        Spec("name", "Name"),
        Spec("branch", "Branch"),
        Spec("size_percent", "Size", "number", "% prod"),
    ),
    (
        Spec("deploy", "Deploy", "choice", choices=enum_choices(DeployMode)),
        Spec("data", "Data", "choice", choices=enum_choices(DataSource)),
    ),
)
"""The fields of an environment."""


def new_environment(records: Sequence[Environment]) -> Environment:
    """A preview environment with a free name, a quarter of production's size."""
    from model.edits import unique_id

    name = unique_id("preview", {e.name for e in records})
    return Environment(name=name, branch=f"{name}/*", size_percent=25)


def environment_title(record: Environment) -> str:
    """A card's title: the environment's name."""
    return record.name


class EnvironmentsStep(SectionStep):
    """One card per environment, plus add."""

    step_id = StepId.ENVIRONMENTS

    def compose_body(self) -> ComposeResult:
        """The cards and the add button."""
        yield RecordsEditor(
            "environments",
            self.current.environments,
            ENVIRONMENT_ROWS,
            self.current,
            new_record=new_environment,
            title=environment_title,
            add_label="Add environment",
            arrangement="cards",
        )

    def with_records(self, editor: RecordsEditor[Any], records: Sequence[BaseModel]) -> Session:
        """The session with `records` as its environments; the pipeline follows a renamed
        one (a card keeps its place, so the name it had is the accepted record's)."""
        from model.edits import set_environments

        environments = [r for r in records if isinstance(r, Environment)]
        before = editor.records
        renames = {}
        if len(before) == len(environments):
            renames = {old.name: new.name for old, new in zip(before, environments, strict=True)}
        return set_environments(self.current, environments, renames)


VIEW = EnvironmentsStep
