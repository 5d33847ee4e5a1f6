"""The cost ticker: the design's monthly bill (every environment together, which is what
the budget pays for) against the budget, updated on every change.

It shows what it is given and nothing else: before the first analysis of the session
arrives (a moment after start) it shows a dash rather than a guess.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import var

from model.units import money
from widgets.live_text import LiveText


def per_month(amount: float) -> str:
    """Dollars per month as the ticker writes them, short: `$1,234/mo`."""
    return f"{money(amount)}/mo"


class CostTicker(LiveText):
    """Monthly cost, and how it compares with the budget when one is set."""

    DEFAULT_CSS = """
    CostTicker {
        height: auto;
        width: 1fr;
    }
    CostTicker.-over-budget {
        color: $error;
    }
    """

    monthly: var[float | None] = var(None, init=False)
    """The monthly cost of all environments in USD; None until the session is analysed."""
    budget: var[float | None] = var(None, init=False)
    """The monthly budget in USD, when the design has one."""

    def __init__(
        self,
        monthly: float | None = None,
        budget: float | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(CostTicker.monthly, monthly)
        self.set_reactive(CostTicker.budget, budget)

    def on_mount(self) -> None:
        """Show the initial figures."""
        self._show()

    def watch_monthly(self) -> None:
        """A new cost."""
        self._show()

    def watch_budget(self) -> None:
        """A new budget."""
        self._show()

    @property
    def over_budget(self) -> bool:
        """Whether the cost exceeds the budget."""
        return self.monthly is not None and self.budget is not None and self.monthly > self.budget

    def line(self) -> Text:
        """The ticker's text."""
        text = Text("Cost ", style="bold")
        monthly = self.monthly
        if monthly is None:
            text.append("–", style="dim")
        else:
            text.append(per_month(monthly))
            text.append(" (all envs)", style="dim")
            if self.budget is not None:
                share = monthly / self.budget * 100 if self.budget else float("inf")
                text.append(f"\n{share:.0f}% of the {per_month(self.budget)} budget", style="dim")
        return text

    def _show(self) -> None:
        self.set_class(self.over_budget, "-over-budget")
        self.show(self.line())
