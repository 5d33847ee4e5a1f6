"""The packaged catalog validated once and kept between runs: a pickle in the user's cache.

Parsing the catalog's YAML and validating every service, region and price table takes
most of a headless command's start-up; loading the validated objects back from a pickle
takes a few milliseconds. The cache is never a second source of truth: its file is named
by a hash of every data file's text and of the code that validates them (the size and
modification time of every module of the `model` package, the Python and pydantic
versions), so a changed YAML file, model or dependency names another file, and the
catalog is read from the YAML again and the new file written.

Where: `$XDG_CACHE_HOME/infrasketch/catalog-<hash>.pickle` (`~/.cache/infrasketch/` by
default); writing one removes the others. A cache file that cannot be read, is cut short,
corrupt or holds anything else is ignored and written anew; a folder that cannot be
written means no cache, never an error. Unpickling admits the catalog's own classes only
(those of the `model` package, dates and URLs), so a file planted in the folder cannot
make loading call anything else.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import pydantic

T = TypeVar("T")

PREFIX = "catalog-"
SUFFIX = ".pickle"

_CODE = Path(__file__).resolve().parent.parent
"""The `model` package: its modules define and validate everything the cache holds."""

_ADMITTED = {
    ("datetime", "date"),
    ("pydantic.networks", "HttpUrl"),
    ("pydantic_core._pydantic_core", "Url"),
}
"""Classes outside the `model` package that the catalog's objects are made of."""


def cache_folder() -> Path:
    """Where the catalog cache is kept."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "infrasketch"


def code_version() -> str:
    """A fingerprint of the code that validates the catalog: every module of `model` (its
    size and modification time: an edit or a new install changes them), Python, pydantic,
    the pickle protocol."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version} {pydantic.VERSION} {pickle.HIGHEST_PROTOCOL}".encode())
    for path in sorted(_CODE.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(_CODE)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def cache_key(texts: Mapping[str, str]) -> str:
    """The hash naming the cache of the catalog read from `texts` (data file → text)."""
    digest = hashlib.sha256(code_version().encode())
    for name in sorted(texts):
        digest.update(f"\0{name}\0{len(texts[name])}\0".encode())
        digest.update(texts[name].encode("utf-8"))
    return digest.hexdigest()[:32]


def cache_path(texts: Mapping[str, str]) -> Path:
    """The cache file of the catalog read from `texts`."""
    return cache_folder() / f"{PREFIX}{cache_key(texts)}{SUFFIX}"


def cached(texts: Mapping[str, str], build: Callable[[], T], kind: type[T]) -> T:
    """The `kind` object kept for `texts`, or `build()` (then kept for the next run)."""
    path = cache_path(texts)
    found = _read(path, kind)
    if found is not None:
        return found
    value = build()
    _write(path, value)
    return value


class _CatalogUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if module.split(".", maxsplit=1)[0] == "model" or (module, name) in _ADMITTED:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of the catalog")


def _read(path: Path, kind: type[T]) -> T | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        value = _CatalogUnpickler(io.BytesIO(raw)).load()
    except Exception:  # a damaged file fails in any of a dozen ways; all mean rebuild
        return None
    return value if isinstance(value, kind) else None


def _write(path: Path, value: object) -> None:
    """Write `value` to `path` atomically, removing older cache files; any failure means
    no cache."""
    with contextlib.suppress(OSError, pickle.PicklingError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{PREFIX}")
        temporary = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        for old in path.parent.glob(f"{PREFIX}*{SUFFIX}"):
            if old != path:
                with contextlib.suppress(OSError):
                    old.unlink()
