"""The derived figures of a session, from whichever engines and exporters are installed.

The cost, reliability and skeptic engines and the ASCII and PNG exporters are separate
modules that may not exist yet in a given build. This module looks each one up by name
the first time it is needed (so importing it costs nothing and a missing engine is not an
import error), and reports a missing one as `None` rather than inventing a number. An
engine that fails on a session is reported as an `EngineFailure` with its reason, so the
live panel can say so instead of silently showing stale figures.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from model.session import Session

T = TypeVar("T")

PNG_MODULES = ("exporters.graphviz", "exporters.diagram_image", "exporters.png")
"""Where the PNG diagram exporter may live; the first that exists is used."""


@dataclass(frozen=True, slots=True)
class EngineFailure:
    """An engine raised on this session; `reason` is one line for the panel."""

    reason: str


@dataclass(frozen=True, slots=True)
class Availability:
    """Composite availability of the design against its target, in percent."""

    composite_percent: float
    target_percent: float

    @property
    def meets_target(self) -> bool:
        """Whether the design reaches its availability target."""
        return self.composite_percent >= self.target_percent


@dataclass(frozen=True, slots=True)
class Figures:
    """The live panel's numbers for one session; None where the engine does not exist."""

    monthly_usd: float | EngineFailure | None
    availability: Availability | EngineFailure | None
    open_findings: int | EngineFailure | None


def optional_module(name: str) -> ModuleType | None:
    """The module `name`, or None when it is not installed (other import errors propagate)."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (name == exc.name or name.startswith(exc.name + ".")):
            return None
        raise


def _attribute(module_name: str, attribute: str) -> Callable[..., Any] | None:
    """`module_name.attribute` when it exists; a module that fails to import raises."""
    module = optional_module(module_name)
    found = getattr(module, attribute, None) if module is not None else None
    return found if callable(found) else None


def _failure(exc: Exception) -> EngineFailure:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return EngineFailure(f"{type(exc).__name__}: {text}"[:120] if text else type(exc).__name__)


def _call(module_name: str, attribute: str, session: Session) -> Any:
    """Run the engine on `session`: its result, None when missing, or an EngineFailure.

    An engine that fails to import or raises is reported, never raised: a bug in one
    engine must show in the panel, not end the workshop.
    """
    try:
        engine = _attribute(module_name, attribute)
        return None if engine is None else engine(session)
    except Exception as exc:
        return _failure(exc)


def _read(
    module_name: str, attribute: str, session: Session, read: Callable[[Any], T]
) -> T | EngineFailure | None:
    """`read` of the engine's result on `session`: None when the engine is missing, an
    EngineFailure when it fails or its result lacks what `read` takes from it."""
    result = _call(module_name, attribute, session)
    if result is None or isinstance(result, EngineFailure):
        return result
    try:
        return read(result)
    except (AttributeError, TypeError, ValueError) as exc:
        return _failure(exc)


def monthly_cost(session: Session) -> float | EngineFailure | None:
    """The monthly bill of every environment together (what the budget pays for), when
    the cost engine exists."""
    return _read("model.cost", "estimate", session, lambda r: float(r.all_environments_total))


def availability(session: Session) -> Availability | EngineFailure | None:
    """`model.reliability.assess(session)` as composite against target, when it exists."""
    return _read(
        "model.reliability",
        "assess",
        session,
        lambda r: Availability(float(r.composite_percent), float(r.target_percent)),
    )


def _unanswered(result: Any) -> int:
    findings: Iterable[Any] = getattr(result, "findings", result)
    return sum(1 for f in findings if not getattr(f, "answered_by", None))


def open_findings(session: Session) -> int | EngineFailure | None:
    """How many of the skeptic's findings have no recorded answer, when the skeptic exists."""
    return _read("model.skeptic", "review", session, _unanswered)


_last_figures: tuple[Session, Figures] | None = None


def figures(session: Session) -> Figures:
    """Every live figure of `session`, computed once per session object."""
    global _last_figures  # noqa: PLW0603 - a one-entry memo: sessions are immutable
    if _last_figures is not None and _last_figures[0] is session:
        return _last_figures[1]
    result = Figures(monthly_cost(session), availability(session), open_findings(session))
    _last_figures = (session, result)
    return result


def ascii_renderer() -> Callable[..., str] | None:
    """`exporters.ascii.render_ascii`, when the ASCII exporter exists."""
    return _attribute("exporters.ascii", "render_ascii")


def png_renderer() -> Callable[[Session], bytes] | None:
    """The PNG diagram exporter's `render_png`, when one exists."""
    for name in PNG_MODULES:
        render = _attribute(name, "render_png")
        if render is not None:
            return render
    return None
