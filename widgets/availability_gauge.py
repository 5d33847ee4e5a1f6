"""The availability gauge: the design's expected availability against its target.

Availability figures crowd near 100 %, so the bar shows *downtime budget* rather than
percent: full when the design estimate's downtime is within the target's allowance,
shrinking as the design eats into it. Below the bar, the design estimate, the target and
the SLA floor (what the providers' SLAs promise together) are written out, with the
minutes of downtime a month — the figures of the session's `Reliability`, the same the
report and the documents state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import var

from widgets.live_text import LiveText

if TYPE_CHECKING:
    from model.engines.reliability import Reliability

BAR_WIDTH = 20
"""Cells in the gauge's bar."""


def fill(value: Reliability) -> float:
    """How full the bar is, 0..1: the target's downtime allowance over the downtime the
    design estimate expects."""
    allowed = value.allowed_downtime_minutes_per_month
    expected = value.estimate_downtime_minutes_per_month
    if expected <= allowed or expected == 0:
        return 1.0
    return max(0.0, allowed / expected)


class AvailabilityGauge(LiveText):
    """Composite availability vs the target, as a bar and in numbers."""

    DEFAULT_CSS = """
    AvailabilityGauge {
        height: auto;
        width: 1fr;
    }
    """

    value: var[Reliability | None] = var(None, init=False)
    """The figures shown; None until the session is analysed."""

    def __init__(
        self,
        value: Reliability | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(AvailabilityGauge.value, value)

    def on_mount(self) -> None:
        """Show the initial figures."""
        self.show(self.figures_text())

    def watch_value(self) -> None:
        """New figures."""
        self.show(self.figures_text())

    def figures_text(self) -> Text:
        """The gauge's text: heading, bar and figures."""
        text = Text("Availability ", style="bold")
        value = self.value
        if value is None:
            return text.append("–", style="dim")
        share = fill(value)
        cells = round(share * BAR_WIDTH)
        meets = value.estimate_meets_target
        style = "green" if meets else ("yellow" if share >= 0.5 else "red")
        text.append("█" * cells, style=style)
        text.append("░" * (BAR_WIDTH - cells), style="dim")
        verdict = "≥" if meets else "<"
        text.append(
            f"\n{value.estimate_percent:.3f}% {verdict} target {value.target_percent:g}%",
            style="" if meets else "bold",
        )
        text.append(
            f"\n~{value.estimate_downtime_minutes_per_month:.0f} min down/month, "
            f"target allows {value.allowed_downtime_minutes_per_month:.0f}",
            style="dim",
        )
        text.append(f"\nSLAs promise {value.sla_floor_percent:.3f}%", style="dim")
        return text
