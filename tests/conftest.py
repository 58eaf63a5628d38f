"""Fixtures every test module shares (plain helpers live in ``tests/helpers.py``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

from tests.helpers import CHROMIUM, CHROMIUM_ARGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Property tests draw new examples on every local run, so they keep finding new edge cases.
# CI is a gate, so there the same commit must always pass or fail the same way: `.ci/run`
# picks the "ci" profile (fixed examples, no example database). `explore` is for a long hunt.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("QUIZGEN_HYPOTHESIS_PROFILE", "default"))


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


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, once per test run: required, never skipped (CI installs it)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is needed for the browser tests but {CHROMIUM} does not exist: install it "
            "(Debian: apt-get install chromium) or point QUIZGEN_CHROMIUM at the binary"
        )
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(autouse=True, scope="session")
def _bank_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every command keeps a bank index in the user's cache folder: the tests share one of their own, never the user's.

    Shared across the session, so most loads go through a warm index, as a user's do.
    """
    saved = os.environ.get("QUIZGEN_CACHE_DIR")
    os.environ["QUIZGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("QUIZGEN_CACHE_DIR", None)
        else:
            os.environ["QUIZGEN_CACHE_DIR"] = saved
