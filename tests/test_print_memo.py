"""The printed quiz and its exam record rebuilt from the parts a previous run kept: the bytes of a cold run.

A warm store (:mod:`quizgen.memo`) may only save work: after any edit of the bank,
a print with the store must write exactly what a print without it writes, the HTML
and the exam record alike, and it must render only the parts of what changed.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from quizgen import exam, memo
from quizgen.exporters import html
from quizgen.exporters.html import PrintedQuestion, PrintOptions, print_outputs
from quizgen.load import load_bank
from tests.helpers import cli

BANKS = Path(__file__).parent / "banks"

#: Option sets printed one after the other with the same store: no set may be served another's parts.
OPTIONS = [
    PrintOptions(),
    PrintOptions(versions=3, seed=5, sections=True),
    PrintOptions(versions=3, seed=6),
    PrintOptions(versions=2, seed=5, order="bank", split=True),
    PrintOptions(study=True),
    PrintOptions(versions=2, count=4, seed=1, key_only=True),
    PrintOptions(versions=4, seed=5, key=False),
]


def printed(folder: Path, options: PrintOptions, cache: Path | None) -> dict[str, str]:
    """Every file ``quizgen print`` writes for the bank in ``folder``, by name, with the store in ``cache``."""
    bank = load_bank([folder])
    with memo.kept(cache):
        return {path.name: text for path, text in print_outputs(bank, None, options, Path("out"))}


def copy_bank(name: str, tmp_path: Path) -> Path:
    """A copy of a test bank, its files laid out as :func:`rewrite` writes them (so an edit moves no other line)."""
    folder = tmp_path / "bank"
    shutil.copytree(BANKS / name, folder)
    for path in question_files(folder):
        rewrite(path, lambda data: None)
    return folder


def question_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6), encoding="utf-8")


def some_question(folder: Path, rng: random.Random, wanted: Callable[[dict[str, Any]], bool]) -> tuple[Path, int]:
    """A file and the index of one of its questions that ``wanted`` accepts, drawn by ``rng``."""
    found = [
        (path, i)
        for path in question_files(folder)
        for i, q in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["questions"])
        if wanted(q)
    ]
    return rng.choice(found)


def edit_question(folder: Path, rng: random.Random, wanted: Callable[[dict[str, Any]], bool], change: Any) -> None:
    path, index = some_question(folder, rng, wanted)
    rewrite(path, lambda data: change(data["questions"][index]))


def edit_prompt(folder: Path, rng: random.Random) -> None:
    def change(q: dict[str, Any]) -> None:
        q["prompt"] += " Think **twice**."

    edit_question(folder, rng, lambda q: "prompt" in q, change)


def edit_option(folder: Path, rng: random.Random) -> None:
    def change(q: dict[str, Any]) -> None:
        options = q["distractors"]
        k = rng.randrange(len(options))
        if isinstance(options[k], dict):
            options[k]["text"] += " (or so)"
        else:
            options[k] = f"{options[k]} (or so)"

    edit_question(folder, rng, lambda q: bool(q.get("distractors")), change)


def edit_distractor(folder: Path, rng: random.Random) -> None:
    """One more option: what each version's plan draws changes (its order, where the answers land)."""

    def change(q: dict[str, Any]) -> None:
        q["distractors"].append("One more")

    edit_question(folder, rng, lambda q: bool(q.get("distractors")), change)


def edit_pin(folder: Path, rng: random.Random) -> None:
    """One option pinned last (or none any more): where the options and the right answers land changes."""

    def change(q: dict[str, Any]) -> None:
        if q.get("pinned"):
            del q["pinned"]
            return
        option = rng.choice(q["distractors"])
        q["pinned"] = [option["text"] if isinstance(option, dict) else option]

    edit_question(folder, rng, lambda q: bool(q.get("distractors")), change)


def edit_image(folder: Path, rng: random.Random) -> None:
    svg = rng.choice(sorted(folder.glob("images/*.svg")))
    svg.write_text(svg.read_text(encoding="utf-8").replace("</svg>", "<!-- redrawn --></svg>"), encoding="utf-8")


def edit_points(folder: Path, rng: random.Random) -> None:
    def change(q: dict[str, Any]) -> None:
        q["points"] = 7

    edit_question(folder, rng, lambda q: True, change)


def edit_order(folder: Path, rng: random.Random) -> None:
    path = rng.choice(question_files(folder))
    rewrite(path, lambda data: data["questions"].reverse())


def edit_removal(folder: Path, rng: random.Random) -> None:
    path, index = some_question(folder, rng, lambda q: "pool" not in q)
    rewrite(path, lambda data: data["questions"].pop(index))


EDITS = {
    "prompt": edit_prompt,
    "option": edit_option,
    "distractor": edit_distractor,
    "pin": edit_pin,
    "image": edit_image,
    "points": edit_points,
    "order": edit_order,
    "removal": edit_removal,
}


@pytest.mark.parametrize("bank", ["moodle", "print-pools"])
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_after_an_edit_a_warm_store_prints_the_bytes_of_a_print_without_it(
    tmp_path: Path, bank: str, edit: str
) -> None:
    folder, cache = copy_bank(bank, tmp_path), tmp_path / "cache"
    before = {}
    for n, options in enumerate(OPTIONS):
        before[n] = printed(folder, options, cache)
        assert before[n] == printed(folder, options, None)
    EDITS[edit](folder, random.Random(f"{bank}:{edit}"))
    changed = False
    for n, options in enumerate(OPTIONS):
        cold = printed(folder, options, None)
        assert printed(folder, options, cache) == cold, options
        assert printed(folder, options, cache) == cold, options  # the store as this run left it
        assert any(name.endswith(".json") for name in cold) != options.study
        changed = changed or cold != before[n]
    assert changed  # the edit reached the page


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[str]]]:
    """The ids of the questions each kind of part was rendered for (not taken from the store)."""
    calls: dict[str, list[str]] = {"quiz": [], "key": [], "marks": [], "exam": []}

    def counted(kind: str, render: Callable[[PrintedQuestion], str]) -> Callable[[PrintedQuestion], str]:
        def count(pq: PrintedQuestion) -> str:
            calls[kind].append(pq.question.id)
            return render(pq)

        return count

    monkeypatch.setitem(html.ENTRIES, "quiz", counted("quiz", html.ENTRIES["quiz"]))
    monkeypatch.setitem(html.ENTRIES, "key", counted("key", html.ENTRIES["key"]))
    monkeypatch.setattr(html, "_marks_part", counted("marks", html._marks_part))
    monkeypatch.setattr(exam, "question_json", counted("exam", exam.question_json))
    yield calls


def test_a_warm_store_renders_only_the_run_of_the_edited_question_not_the_bank(
    tmp_path: Path, rendered: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts are kept by runs of about a hundred questions (here about 4, so that even unlucky runs stay far
    below the bank): an edit renders its run again (and the next, when the edit moved where its run ends),
    in each version."""
    monkeypatch.setattr(memo, "_RUN_END", 64)  # a run ends after one question in 4
    monkeypatch.setattr(memo, "_RUN_MAX", 10**6)  # and only there
    folder, cache = copy_bank("moodle", tmp_path), tmp_path / "cache"
    filler = [{"id": f"filler-{n}", "type": "basic", "prompt": f"Filler {n}?", "answer": f"A{n}"} for n in range(600)]
    (folder / "4-filler.yaml").write_text(
        yaml.safe_dump({"deck": "Moodle / Export", "topic": "Filler", "questions": filler}), encoding="utf-8"
    )
    options = PrintOptions(versions=3, seed=2)
    printed(folder, options, cache)
    every = rendered["quiz"][:]  # each question of each version, once
    assert len(every) == 3 * 619 and all(calls == every for calls in rendered.values())
    file = folder / "1-every-type.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.count("Which receptor?") == 1
    file.write_text(text.replace("Which receptor?", "Which receptor, exactly?"), encoding="utf-8")
    for calls in rendered.values():
        calls.clear()
    warm = printed(folder, options, cache)
    again = rendered["quiz"][:]
    assert again.count("mcq-1") == 3  # in each version
    assert len(again) <= 100 < len(every)  # its run, not the bank (2 runs of 4 in 3 versions: 24, most often)
    assert all(calls == again for calls in rendered.values())
    assert warm == printed(folder, options, None)
    (page,) = (text for name, text in warm.items() if name.endswith(".html"))
    assert page.count("Which receptor, exactly?") == 6  # three versions and their keys


def test_a_kept_plan_is_drawn_again_only_when_what_planning_reads_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = copy_bank("print-pools", tmp_path), tmp_path / "cache"
    drawn: list[int] = []
    plain = html.build_version

    def counted(*args: Any, **kwargs: Any) -> html.Version:
        drawn.append(1)
        return plain(*args, **kwargs)

    monkeypatch.setattr(html, "build_version", counted)
    options = PrintOptions(versions=3, seed=4)
    printed(folder, options, cache)
    assert drawn
    drawn.clear()
    edit_prompt(folder, random.Random(1))
    assert printed(folder, options, cache) == printed(folder, options, None)
    assert len(drawn) == 3  # only by the print without the store
    drawn.clear()
    edit_distractor(folder, random.Random(2))
    assert printed(folder, options, cache) == printed(folder, options, None)
    assert len(drawn) == 6


def test_the_print_command_keeps_parts_in_the_cache_folder_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = copy_bank("moodle", tmp_path), tmp_path / "cache"
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(cache))
    out = tmp_path / "out"
    args = ("print", folder, "-o", out / "quiz.html", "--versions", "2", "--seed", "3")
    assert cli(*args)[0] == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert (cache / memo.STORE_NAME).exists()
    assert cli(*args)[0] == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    monkeypatch.setenv("QUIZGEN_NO_CACHE", "1")
    shutil.rmtree(cache)
    assert cli(*args)[0] == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert not cache.exists()


@given(st.lists(st.text()))
def test_a_stored_run_gives_back_any_texts(texts: list[str]) -> None:
    """A run holding several texts (a run's quiz blocks, key blocks, records) is cut by lengths: no character
    is special."""
    assert memo._unpack(memo._pack(texts), len(texts)) == texts
    assert memo._unpack(memo._pack(texts), len(texts) + 1) is None  # a row of another shape is never served
    assert memo._unpack(memo._pack(texts) + "x", len(texts)) is None


@given(st.lists(st.tuples(st.text(), st.text())))
def test_a_key_grid_part_gives_back_any_rows(rows: list[tuple[str, str]]) -> None:
    """A question's key-grid rows (JSON) come back whole from the stored run, whatever their text."""
    part = html._marks_part(Marked(tuple(rows)))  # type: ignore[arg-type]
    assert json.loads(f"[{part},{part}]") == [[text for row in rows for text in row]] * 2


class Marked:
    """Just what a key-grid part reads of a printed question: its rows."""

    def __init__(self, marks: tuple[tuple[str, str], ...]) -> None:
        self.marks = marks


def test_a_title_holding_the_mark_of_a_spliced_block_still_prints_every_question(tmp_path: Path) -> None:
    """The page is put together around marks where the large blocks go; a title may hold that mark too."""
    folder = copy_bank("moodle", tmp_path)
    for cache in (None, tmp_path / "cache"):
        marked = printed(folder, PrintOptions(versions=2, title=f"A{html._SPLICE}B"), cache)
        plain = printed(folder, PrintOptions(versions=2, title="A-B"), cache)
        in_css = "\\0 quizgen:spliced\\0 "  # the page's margins name the title as a CSS string
        assert {n: text.replace(html._SPLICE, "-").replace(in_css, "-") for n, text in marked.items()} == plain


def test_every_type_printed_in_a_drawn_order_names_its_counts_in_the_shape_a_plan_is_kept_by(tmp_path: Path) -> None:
    """A kept plan is reused on equal shapes: a type whose options, matches or entries are drawn in an order
    must put what that order reads into its shape, or an edit adding one would reuse a stale plan."""
    from quizgen.kinds import KINDS
    from quizgen.starter import starter_bank

    for path, text in starter_bank("Starter", ["Every type"], tmp_path / "bank"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    bank = load_bank([tmp_path / "bank"])
    questions = list(bank.decks[0].questions())
    assert {q.type for q in questions} == set(KINDS)  # the starter shows every type
    base = len(json.loads(html._shape(next(q for q in questions if q.type == "basic"))))
    for q in questions:
        drawn = html._order(html.QuestionTexts(q), None, random.Random(1))
        if drawn:
            assert len(json.loads(html._shape(q))) > base, f"{q.type}: its drawn order is not in its shape"
