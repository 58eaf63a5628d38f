"""Fixtures every test module shares (plain helpers live in ``tests/helpers.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    """A fresh, empty Anki collection with the v3 scheduler."""
    from anki.collection import Collection

    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    if not col.v3_scheduler():
        col.set_v3_scheduler(True)
    try:
        yield col
    finally:
        col.close()
