"""The base of the catalog's models: `Frozen`, with its validator built on first use.

The catalog's data files are validated when they (or the model's code) change; every other
run loads the validated objects from the cache (`model.catalog.cache`), which calls no
validator. Building each class's validator when the class is defined, as `Frozen` does,
would spend a tenth of a headless command's start-up on code most runs never call.
"""

from __future__ import annotations

from pydantic import ConfigDict

from model.base import Frozen


class CatalogModel(Frozen):
    """`Frozen`, with its validator built the first time it validates."""

    model_config = ConfigDict(defer_build=True)
