"""Reading JSON as a stream of events, so a multi-hundred-MB price list never sits in memory.

`Events` wraps `ijson.parse` (its C backend): the readers walk an object's members one
key at a time and either build a member's value (one product, one term, one meter) or
skip it, so only what a selector wants is ever held. Malformed JSON becomes a
`PriceListError` naming the problem, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import ijson

from model.catalog.price_lists.records import PriceListError

Event = tuple[str, str, Any]
"""(prefix, event name, value) as ijson reports them."""

ENDS_EARLY = "the JSON ends early (is the file cut off?)"

_OPEN = frozenset({"start_map", "start_array"})
_CLOSE = frozenset({"end_map", "end_array"})


class Events(Iterator[Event]):
    """The JSON events of a binary stream; bad JSON raises `PriceListError`."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._events: Iterator[Event] = ijson.parse(stream, use_float=True)

    def __iter__(self) -> Events:
        return self

    def __next__(self) -> Event:
        try:
            return next(self._events)
        except ijson.JSONError as exc:
            if "premature EOF" in str(exc):
                raise PriceListError(ENDS_EARLY) from exc
            raise PriceListError(f"not valid JSON ({_reason(exc)})") from exc
        except UnicodeDecodeError as exc:
            raise PriceListError("not UTF-8 text") from exc

    def next_event(self, where: str) -> Event:
        """The next event; the document ending here is a `PriceListError`."""
        try:
            return next(self)
        except StopIteration:
            raise PriceListError(f"{where}: {ENDS_EARLY}") from None

    def value(self, first: Event | None = None, where: str = "value") -> Any:
        """Build the next complete value (a scalar, object or array) in memory."""
        event = first or self.next_event(where)
        if event[1] not in _OPEN:
            return event[2]
        builder = ijson.ObjectBuilder()
        depth = 0
        while True:
            name, value = event[1], event[2]
            builder.event(name, value)
            depth += name in _OPEN
            depth -= name in _CLOSE
            if depth == 0:
                return builder.value
            event = self.next_event(where)

    def skip(self, first: Event | None = None, where: str = "value") -> None:
        """Pass over the next complete value without building it."""
        event = first or self.next_event(where)
        depth = 0
        while True:
            depth += event[1] in _OPEN
            depth -= event[1] in _CLOSE
            if depth <= 0:
                return
            event = self.next_event(where)

    def scalar(self, where: str = "value") -> Any:
        """The next value if it is a scalar; an object or array is skipped (None)."""
        event = self.next_event(where)
        if event[1] in _OPEN:
            self.skip(event, where)
            return None
        return event[2]

    def start(self, kind: str, where: str) -> bool:
        """Open the next value, which should be an object (`map`) or array; False, with
        the value skipped, when it is something else."""
        event = self.next_event(where)
        if event[1] == f"start_{kind}":
            return True
        self.skip(event, where)
        return False

    def members(self, where: str) -> Iterator[str]:
        """The keys of the object just opened; the caller reads or skips each value."""
        while True:
            _prefix, name, value = self.next_event(where)
            if name == "end_map":
                return
            if name != "map_key":
                raise PriceListError(f"{where}: not a JSON object")
            yield str(value)

    def elements(self, where: str) -> Iterator[Any]:
        """The values of the array just opened, each built in turn."""
        while True:
            event = self.next_event(where)
            if event[1] == "end_array":
                return
            yield self.value(event, where)


def _reason(exc: Exception) -> str:
    """The first line of a parser's message, printable (yajl reports bytes)."""
    raw = exc.args[0] if exc.args else ""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return "".join(c for c in first if c.isprintable())[:120]
