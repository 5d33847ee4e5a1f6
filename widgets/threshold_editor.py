"""The threshold editor: warning and critical alert thresholds per metric, with units.

One row per metric. Typing a pair applies it once it is valid; an invalid pair (warning
not below critical, a percentage above 100, a negative value, not a number) is marked
on the offending inputs with the reason beside it and is not applied — the last valid
thresholds stay in force. Clearing both values of a row removes that metric's alert.
Every valid change posts `ThresholdEditor.Changed` with the whole set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Input, Label

from widgets.dom_id import dom_id, selector
from widgets.field_input import FieldInput
from widgets.validation import RefusalChanged, attempt, clean_number, number_text

if TYPE_CHECKING:
    from model.enums import Metric
    from model.sections.monitoring import AlertThreshold


class ThresholdRow(Vertical):
    """The inputs and the error line of one metric."""

    DEFAULT_CSS = """
    ThresholdRow { height: auto; }
    ThresholdRow > .line { height: auto; margin: 0 0 1 0; }
    ThresholdRow .metric { width: 26; }
    ThresholdRow .inputs { height: 1; width: auto; }
    ThresholdRow Input { width: 11; margin: 0 1 0 0; }
    ThresholdRow Input.for { width: 7; }
    ThresholdRow Input.-invalid { background: $error 25%; }
    ThresholdRow .error { color: $error; padding: 0 0 0 26; height: auto; margin: -1 0 1 0; }
    ThresholdRow .error.-empty { display: none; }
    """

    def __init__(self, metric: Metric) -> None:
        super().__init__(id=dom_id("row", metric.value))
        self.metric = metric
        self.error = ""
        """The reason the row's input is not applied; empty when it is fine."""

    def compose(self) -> ComposeResult:
        """Label, warning, critical, minutes, and the error line."""
        unit = self.metric.unit
        with Horizontal(classes="line"):
            yield Label(f"{self.metric.label} ({unit})", classes="metric")
            with Horizontal(classes="inputs"):
                yield FieldInput(placeholder="warning", id=dom_id("warning"), compact=True)
                yield FieldInput(placeholder="critical", id=dom_id("critical"), compact=True)
                yield FieldInput(
                    placeholder="min", id=dom_id("for_minutes"), classes="for", compact=True
                )
        yield Label("", classes="error -empty")

    def show(self, threshold: AlertThreshold | None) -> None:
        """Fill the inputs from `threshold` unless they already say the same."""
        values = {
            "warning": number_text(threshold.warning) if threshold else "",
            "critical": number_text(threshold.critical) if threshold else "",
            "for_minutes": str(threshold.for_minutes) if threshold else "",
        }
        current = self.read()
        if current is not None and current == threshold:
            return
        for name, text in values.items():
            field = self.query_one(selector(name), Input)
            with field.prevent(Input.Changed):
                field.value = text
        self.mark({})

    def raw(self) -> dict[str, str | None]:
        """What is typed, numbers cleaned of separators; None for empty inputs."""
        return {
            name: clean_number(self.query_one(selector(name), Input).value)
            for name in ("warning", "critical", "for_minutes")
        }

    def read(self) -> AlertThreshold | None:
        """The threshold typed, or None when the row is empty or invalid."""
        threshold, errors = self.parse()
        return None if errors else threshold

    def parse(self) -> tuple[AlertThreshold | None, dict[str, str]]:
        """The threshold typed and the errors by input name (empty row: None, no errors)."""
        from model.sections.monitoring import AlertThreshold

        raw = self.raw()
        if raw["warning"] is None and raw["critical"] is None:
            return None, {}
        data: dict[str, object] = {"metric": self.metric}
        for name in ("warning", "critical"):
            data[name] = raw[name] if raw[name] is not None else ""
        if raw["for_minutes"] is not None:
            data["for_minutes"] = raw["for_minutes"]
        return attempt(lambda: AlertThreshold.model_validate(data))

    def mark(self, errors: dict[str, str]) -> None:
        """Mark the inputs named in `errors` (model-wide errors mark both thresholds)."""
        names = set(errors) - {""}
        if "" in errors:
            names |= {"warning", "critical"}
        for name in ("warning", "critical", "for_minutes"):
            self.query_one(selector(name), Input).set_class(name in names, "-invalid")
        reasons = [errors[k] if k == "" else f"{k.replace('_', ' ')}: {errors[k]}" for k in errors]
        if "; ".join(reasons) == self.error:
            return
        self.error = "; ".join(reasons)
        label = self.query_one(".error", Label)
        label.update(self.error)
        label.set_class(not self.error, "-empty")
        self.post_message(RefusalChanged(self, f"{self.metric.label} alert", bool(self.error)))


class ThresholdEditor(Vertical):
    """Warning/critical thresholds for every metric; posts `Changed` when a valid edit lands."""

    DEFAULT_CSS = """
    ThresholdEditor { height: auto; }
    ThresholdEditor > #heading { padding: 0 0 0 27; color: $text-muted; }
    ThresholdEditor.-stacked > #heading { padding: 0 0 0 1; }
    ThresholdEditor.-stacked ThresholdRow > .line { layout: vertical; }
    ThresholdEditor.-stacked ThresholdRow .metric { width: 1fr; }
    ThresholdEditor.-stacked ThresholdRow .inputs { width: 1fr; }
    ThresholdEditor.-stacked ThresholdRow Input { width: 1fr; }
    ThresholdEditor.-stacked ThresholdRow Input.for { width: 7; }
    ThresholdEditor.-stacked ThresholdRow .error { padding: 0; }
    """

    WIDE = 26 + 12 + 12 + 8
    """The width a metric's label and its three inputs need side by side; narrower, each
    label goes above its inputs (nothing is cut off)."""

    thresholds: var[tuple[AlertThreshold, ...]] = var((), init=False)
    """The thresholds in force; shown in the rows."""

    @dataclass
    class Changed(Message):
        """A valid edit changed the set of thresholds."""

        editor: ThresholdEditor
        thresholds: tuple[AlertThreshold, ...]

        @property
        def control(self) -> ThresholdEditor:
            """The editor that sent the message."""
            return self.editor

    def __init__(
        self,
        thresholds: tuple[AlertThreshold, ...] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(ThresholdEditor.thresholds, thresholds)

    def compose(self) -> ComposeResult:
        """A heading and one row per metric."""
        from model.enums import Metric

        yield Label("warning     critical    for min", id="heading")
        for metric in Metric:
            yield ThresholdRow(metric)

    def on_mount(self) -> None:
        """Show the thresholds in force."""
        self._show()

    def on_resize(self, event: events.Resize) -> None:
        """Labels above their inputs when the row would not fit side by side."""
        self.set_class(event.size.width < self.WIDE, "-stacked")

    def watch_thresholds(self) -> None:
        """New thresholds from outside: show them."""
        if self.is_mounted:
            self._show()

    def row(self, metric: Metric) -> ThresholdRow:
        """The row of `metric`."""
        return self.query_one(selector("row", metric.value), ThresholdRow)

    def _show(self) -> None:
        by_metric = {t.metric: t for t in self.thresholds}
        for row in self.query(ThresholdRow):
            row.show(by_metric.get(row.metric))

    def on_input_changed(self, event: Input.Changed) -> None:
        """Validate the edited row; apply it when valid, mark it when not."""
        event.stop()
        row = next(a for a in event.input.ancestors if isinstance(a, ThresholdRow))
        threshold, errors = row.parse()
        row.mark(errors)
        if errors:
            return
        others = [t for t in self.thresholds if t.metric is not row.metric]
        new = [*others, threshold] if threshold is not None else others
        order = {row.metric: i for i, row in enumerate(self.query(ThresholdRow))}
        result = tuple(sorted(new, key=lambda t: order[t.metric]))
        if result != self.thresholds:
            self.set_reactive(ThresholdEditor.thresholds, result)
            self.post_message(self.Changed(self, result))
