"""The store of rendered parts: reused only for an equal context, and only ever a cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen import memo


def render_all(folder: Path | None, items: list[str], calls: list[str], kind: str = "upper") -> list[str]:
    def render(item: str) -> str:
        calls.append(item)
        return item.upper()

    with memo.kept(folder):
        return memo.parts(kind, items, lambda item: (memo.digest(item), len(items)), render)


def test_a_second_run_reuses_every_part_and_renders_only_a_changed_one(tmp_path: Path) -> None:
    calls: list[str] = []
    assert render_all(tmp_path, ["a", "b", "c"], calls) == ["A", "B", "C"]
    assert calls == ["a", "b", "c"]
    calls.clear()
    assert render_all(tmp_path, ["a", "x", "c"], calls) == ["A", "X", "C"]
    assert calls == ["x"]


def test_another_context_or_kind_is_rendered_again(tmp_path: Path) -> None:
    calls: list[str] = []
    render_all(tmp_path, ["a", "b"], calls)
    calls.clear()
    render_all(tmp_path, ["a", "b", "c"], calls)  # the context holds the number of items
    assert calls == ["a", "b", "c"]
    calls.clear()
    render_all(tmp_path, ["a", "b", "c"], calls, kind="other")
    assert calls == ["a", "b", "c"]


def test_outside_a_kept_block_every_part_is_rendered() -> None:
    calls: list[str] = []
    assert render_all(None, ["a", "a"], calls) == ["A", "A"]
    assert calls == ["a", "a"]
    assert memo.parts("k", ["z"], lambda item: item, str.upper) == ["Z"]


@pytest.mark.parametrize("damage", [b"not a database at all" * 100, b""])
def test_a_damaged_store_is_replaced_and_the_parts_rendered(tmp_path: Path, damage: bytes) -> None:
    (tmp_path / memo.STORE_NAME).write_bytes(damage)
    calls: list[str] = []
    assert render_all(tmp_path, ["a", "b"], calls) == ["A", "B"]
    calls.clear()
    assert render_all(tmp_path, ["a", "b"], calls) == ["A", "B"]
    assert calls == []


def test_a_store_written_by_other_code_is_emptied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    render_all(tmp_path, ["a"], calls)
    monkeypatch.setattr(memo, "code_stamp", lambda: "other code")
    calls.clear()
    render_all(tmp_path, ["a"], calls)
    assert calls == ["a"]


def test_a_folder_that_cannot_be_made_only_costs_a_render(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    calls: list[str] = []
    assert render_all(blocker / "cache", ["a"], calls) == ["A"]
    assert not (blocker / "cache").exists()


def test_equal_values_key_alike_however_their_objects_are_shared(tmp_path: Path) -> None:
    shared = "x" * 50
    with memo.kept(tmp_path):
        one = memo.digest((shared, shared))
        two = memo.digest(("x" * 50, "".join(["x"] * 50)))
    assert one == two


def test_parts_are_active_only_inside_a_kept_block_with_a_store(tmp_path: Path) -> None:
    assert not memo.active()
    with memo.kept(None):
        assert not memo.active()
    with memo.kept(tmp_path):
        assert memo.active()
    assert not memo.active()
