"""Parts kept by runs (:func:`quizgen.memo.listed_by_runs`, :func:`quizgen.memo.joined`).

Each run of about a hundred items is one row of the store; an edit, an insertion or a
deletion renders its run again, never the list, and what comes back is what rendering
every item gives, whatever the store holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen import memo


def upper_all(folder: Path | None, items: list[str], calls: list[str], shape: str = "listed") -> list[str] | str:
    """Each item upper-cased, kept in ``folder`` by runs (a list, or joined by ``|``); ``calls`` gets each render."""

    def render(item: str) -> str:
        calls.append(item)
        return item.upper()

    def context(item: str) -> object:
        # most items by their digest (taken as their key), some by a tuple (keyed by key_of)
        return memo.digest(item) if not item.endswith("7") else ("seven", memo.digest(item))

    with memo.kept(folder):
        if shape == "listed":
            return memo.listed_by_runs("upper", items, context, render)
        return memo.joined("upper", items, context, render, "|")


@pytest.mark.parametrize("shape", ["listed", "joined"])
def test_an_edit_insertion_or_deletion_renders_its_run_again_only(tmp_path: Path, shape: str) -> None:
    items = [f"item {n}" for n in range(3000)]
    calls: list[str] = []

    def want(given: list[str]) -> list[str] | str:
        return [i.upper() for i in given] if shape == "listed" else "|".join(given).upper()

    assert upper_all(tmp_path, items, calls, shape) == want(items)
    assert calls == items
    for changed in (
        [*items[:1000], "edited", *items[1001:]],
        [*items[:2000], "inserted", *items[2000:]],
        [*items[:500], *items[501:]],
    ):
        calls.clear()
        assert upper_all(tmp_path, changed, calls, shape) == want(changed)
        assert 0 < len(calls) < 1100  # the changed run, and a neighbour where its end moved; never the list
    calls.clear()
    assert upper_all(tmp_path, items, calls, shape) == want(items)
    assert calls == []


def test_lists_and_joined_texts_of_one_kind_are_rows_apart(tmp_path: Path) -> None:
    calls: list[str] = []
    assert upper_all(tmp_path, ["a", "b"], calls, "listed") == ["A", "B"]
    assert upper_all(tmp_path, ["a", "b"], calls, "joined") == "A|B"
    assert upper_all(tmp_path, ["a", "b"], calls, "listed") == ["A", "B"]
    assert calls == ["a", "b", "a", "b"]


def test_outside_a_kept_block_every_item_is_rendered() -> None:
    calls: list[str] = []
    assert upper_all(None, ["a", "a"], calls, "listed") == ["A", "A"]
    assert upper_all(None, ["a", "a"], calls, "joined") == "A|A"
    assert calls == ["a", "a", "a", "a"]
    assert upper_all(None, [], calls, "listed") == []


def test_a_context_of_other_bytes_is_keyed_not_taken_as_its_key(tmp_path: Path) -> None:
    """Only a digest's 20 bytes stand for themselves: shorter bytes (or a tuple) that differ key apart."""
    calls: list[str] = []

    def shown(item: tuple[bytes, str]) -> str:
        calls.append(item[1])
        return item[1]

    def run(items: list[tuple[bytes, str]]) -> list[str]:
        with memo.kept(tmp_path):
            return memo.listed_by_runs("shown", items, lambda item: item[0], shown)

    assert run([(b"x", "one"), (b"y", "two")]) == ["one", "two"]
    assert run([(b"x", "one"), (b"y", "two")]) == ["one", "two"]
    assert run([(b"x", "one"), (b"z", "three")]) == ["one", "three"]
    assert calls == ["one", "two", "one", "three"]
