"""Which parts of a design differ from the starter design: what ticks a workshop step.

Every session is valid by construction, so "completed" cannot mean "valid". A step is
done when the team has been through it (shown it and moved on) or when a section it
edits differs from the starter design of the session's provider — which is how the
steps of an opened file that was worked on last week show their ticks. The TUI's step
table says which sections each step edits; this module compares them. The starter is
passed in (`sessions.starter.starter_session`): the model does not read session files.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.fields import SessionField
    from model.session import Session

UNCOUNTED = {"context": frozenset({"project", "description"})}
"""Fields of a section that do not count as working on it: naming the project is no
context."""


def section_value(session: Session, section: SessionField) -> object:
    """What `section` — a top-level field, a field inside one (`context.users`) or a
    subset of a top-level list (`components[category=waf]`) — holds in `session`, as a
    comparable value."""
    value = getattr(session, section.section)
    selected = section.selected
    if selected is not None:
        key, wanted = selected
        return tuple(item for item in value if str(getattr(item, key)) == wanted)
    inner = section.within_section
    if inner:
        for name in inner.split("."):
            value = getattr(value, name)
        return value
    skipped = UNCOUNTED.get(section.section)
    if skipped:
        return tuple((name, part) for name, part in value if name not in skipped)
    return value


def changed_sections(
    session: Session, starter: Session, sections: Iterable[SessionField]
) -> frozenset[SessionField]:
    """The `sections` whose content in `session` differs from the `starter` design's."""
    return frozenset(s for s in sections if section_value(session, s) != section_value(starter, s))
