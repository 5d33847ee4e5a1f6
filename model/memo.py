"""What one analysis lends the next: results of pure functions, keyed by their inputs.

An edit changes one part of a session and makes a new one, whose `Analysis` starts empty.
Most of what the engines derive from the new session is what they derived from the old
one: the cost line of a component nobody touched, its availability, the request paths of
a graph whose links did not move. A `Memo` keeps such results, each under a key made of
exactly the values the function reads (a frozen component, a placement, the usage at a
scale...), so a result found under its key is the one the function would compute: there
is no diffing of sessions, and no way for a stale figure to survive a change of what it
was computed from.

Memory stays bounded by generations: `successor()` starts the next analysis's memo,
which sees only its predecessor's entries and carries forward those it uses. Whatever
two analyses in a row did not need is dropped with the older one.

A memo is only valid for one catalog (the engines' keys leave the catalog out):
`model.analysis` starts a fresh one when the catalog changes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar, cast

T = TypeVar("T")
H = TypeVar("H", bound=Hashable)

_MISSING = object()


class Memo:
    """Results of pure functions by key, with the previous generation's to fall back on."""

    def __init__(self, previous: Memo | None = None) -> None:
        self._entries: dict[Hashable, object] = {}
        self._previous: dict[Hashable, object] = previous._entries if previous else {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result kept under `key`, or `compute()` kept under it. `key` must hold every
        input `compute` reads (its first item names the function, so keys of two functions
        never meet). A part of many keys that is slow to hash is best `Hashed`."""
        found = self._entries.get(key, _MISSING)
        if found is _MISSING:
            found = self._previous.get(key, _MISSING)
            if found is _MISSING:
                found = compute()
            self._entries[key] = found
        return cast(T, found)

    def intern(self, value: H) -> H:
        """The value equal to `value` that the memo already holds, else `value`: a part of
        many keys then compares by identity, which is quick, in every later key."""
        return self.get(("intern", value), lambda: value)

    def successor(self) -> Memo:
        """The memo of the next analysis: this one's entries to fall back on, nothing
        older."""
        return Memo(self)


class Hashed(Generic[H]):
    """`value`, hashed once: a part of many keys (the usage at every scale, say), which a
    tuple or a dataclass would hash again for each of them."""

    __slots__ = ("_hash", "value")

    def __init__(self, value: H) -> None:
        self.value = value
        self._hash = hash(value)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        return isinstance(other, Hashed) and self._hash == other._hash and self.value == other.value
