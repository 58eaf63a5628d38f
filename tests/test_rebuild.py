"""``quizgen build`` from kept parts writes exactly the bytes of a cold build, whatever the edit and whatever the store.

Outputs rebuilt from what changed (:mod:`quizgen.memo`, the bank index) are only an
optimisation: a build after an edit, served from the store the last build left, must
write every output byte for byte as a build without any cache writes it, from the
same bank and the same locks. Each build here is a real ``python -m quizgen build``,
as an author runs it, so nothing one build keeps in memory can help the next. The
bank holds every question type in several files and three decks, with images,
pools and an about file; the edits are drawn with a fixed seed.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from quizgen import memo

REPO = Path(__file__).resolve().parent.parent
#: Three decks: every type with images and hostile texts (3 files), pools across files, the baclofen deck.
SOURCES = {"moodle": REPO / "tests" / "banks" / "moodle", "pools": REPO / "tests" / "banks" / "print-pools",
           "baclofen": REPO / "questions" / "baclofen"}  # fmt: skip
#: The edits' seed: the targets differ with it, every kind of edit is made whatever it is
#: (``QUIZGEN_REBUILD_SEED=N`` tries others).
SEED = int(os.environ.get("QUIZGEN_REBUILD_SEED", "22"))
#: One question of a file: from its ``  - id:`` line to the next one.
QUESTION = re.compile(r"^  - id: .*?(?=^  - id: |\Z)", re.M | re.S)


def run(folder: Path, cache: Path, *args: str, cold: bool = False) -> str:
    """``quizgen <args>`` in ``folder`` as a fresh process (``cold``: without any cache); its stdout."""
    env = dict(os.environ, QUIZGEN_CACHE_DIR=str(cache), SOURCE_DATE_EPOCH="1800000000", PYTHONPATH=str(REPO))
    env.pop("QUIZGEN_NO_CACHE", None)
    if cold:
        env["QUIZGEN_NO_CACHE"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "quizgen", *args], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "decks").iterdir())}


def cold_build(project: Path, locks: dict[str, bytes], folder: Path) -> dict[str, bytes]:
    """What a build without any cache writes from ``project``'s questions and these locks."""
    shutil.copytree(project / "questions", folder / "questions")
    (folder / "decks").mkdir()
    for name, data in locks.items():
        (folder / "decks" / name).write_bytes(data)
    run(folder, folder / "no-cache", "build", cold=True)
    assert not (folder / "no-cache").exists()
    return outputs(folder)


def assert_same(warm: dict[str, bytes], cold: dict[str, bytes], what: str) -> None:
    assert warm.keys() == cold.keys(), what
    differ = [name for name in warm if warm[name] != cold[name]]
    assert not differ, f"after {what}, the build from kept parts differs from a cold build in {differ}"


def make_project(folder: Path) -> Path:
    for name, source in SOURCES.items():
        shutil.copytree(source, folder / "questions" / name)
    (folder / "questions" / "moodle" / "moodle-export.about.md").write_text("The **export** deck.\n", encoding="utf-8")
    return folder


# -- the edits: each changes the bank (or its locks) as an author would, and says what it did -------------------

Edit = Callable[[Path, random.Random], str]


def _files(project: Path) -> list[Path]:
    return sorted((project / "questions").rglob("*.yaml"))


def _questions(text: str) -> list[re.Match[str]]:
    return list(QUESTION.finditer(text))


def _edit_line(project: Path, rng: random.Random, pattern: str, change: Callable[[re.Match[str]], str]) -> str:
    """Changes one line matching ``pattern`` (drawn among every file's) with ``change``."""
    found = [
        (path, m) for path in _files(project) for m in re.finditer(pattern, path.read_text(encoding="utf-8"), re.M)
    ]
    path, m = rng.choice(found)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: m.start()] + change(m) + text[m.end() :], encoding="utf-8")
    return f"{m[0].strip()!r} -> {change(m).strip()!r} in {path.name}"


def edit_prompt(project: Path, rng: random.Random) -> str:
    return _edit_line(project, rng, r"^    prompt: [A-Z][^\"'\n#]*[^\s:]$", lambda m: m[0] + " Edited.")


def edit_option(project: Path, rng: random.Random) -> str:
    return _edit_line(project, rng, r"^      - [A-Za-z][^:#\n\[{]*$", lambda m: m[0] + " (edited)")


def edit_answer(project: Path, rng: random.Random) -> str:
    return _edit_line(
        project,
        rng,
        r"^    answer: (?!true$|false$|[-\d])[A-Za-z][^\"'\n#:\[{]*$",
        lambda m: m[0] + " indeed",
    )


def edit_points(project: Path, rng: random.Random) -> str:
    """One question's points up by one, or given (never a pool's member: a pool's questions carry equal points)."""
    path, m = rng.choice(_unpooled(project))
    given = re.search(r"^    points: (\d+)$", m[0], re.M)
    if given is not None:
        block = m[0][: given.start()] + f"    points: {int(given[1]) + 1}" + m[0][given.end() :]
    else:
        first, rest = m[0].split("\n", 1)
        block = f"{first}\n    points: 5\n{rest}"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: m.start()] + block + text[m.end() :], encoding="utf-8")
    return f"the points of {m[0].splitlines()[0].strip()} in {path.name}"


def edit_image(project: Path, rng: random.Random) -> str:
    """New bytes for one image (the same name): each question showing it must show the new one."""
    image = rng.choice(sorted((project / "questions").rglob("*.svg")))
    image.write_text(image.read_text(encoding="utf-8").replace("</svg>", "<!-- edited --></svg>"), encoding="utf-8")
    return f"new bytes for {image.name}"


def edit_pool(project: Path, rng: random.Random) -> str:
    """A pool renamed in every file that names it."""
    names = sorted({m[1] for p in _files(project) for m in re.finditer(r"^    pool: (\S+)$", p.read_text(), re.M)})
    name = rng.choice(names)
    for path in _files(project):
        path.write_text(re.sub(rf"^    pool: {name}$", f"    pool: {name}-renamed", path.read_text(), flags=re.M))
    return f"pool {name} renamed"


def _unpooled(project: Path) -> list[tuple[Path, re.Match[str]]]:
    """Every question outside a pool, in a file holding more than one."""
    found = []
    for path in _files(project):
        questions = _questions(path.read_text(encoding="utf-8"))
        found += [(path, m) for m in questions if len(questions) > 1 and "\n    pool:" not in m[0]]
    return found


def _block(m: re.Match[str]) -> str:
    return m[0] if m[0].endswith("\n") else m[0] + "\n"


def delete_question(project: Path, rng: random.Random) -> str:
    path, m = rng.choice(_unpooled(project))
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: m.start()] + text[m.end() :], encoding="utf-8")
    return f"question {m[0].splitlines()[0].strip()} deleted from {path.name}"


def add_question(project: Path, rng: random.Random) -> str:
    path = rng.choice(_files(project))
    number = rng.randrange(10_000)
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    added = f"  - id: added-{number}\n    prompt: What was added ({number})?\n    answer: An added question.\n"
    path.write_text(text + added, encoding="utf-8")
    return f"question added-{number} added to {path.name}"


def move_question(project: Path, rng: random.Random) -> str:
    """A question moved to the end of its file or of another file of its folder (its deck)."""
    path, m = rng.choice(_unpooled(project))
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: m.start()] + text[m.end() :], encoding="utf-8")
    target = rng.choice(sorted(path.parent.glob("*.yaml")))
    target.write_text(target.read_text(encoding="utf-8").rstrip("\n") + "\n" + _block(m), encoding="utf-8")
    return f"question {m[0].splitlines()[0].strip()} moved from {path.name} to the end of {target.name}"


def rename_topic(project: Path, rng: random.Random) -> str:
    return _edit_line(project, rng, r"^topic: .*$", lambda m: m[0] + " and more")


def edit_about(project: Path, rng: random.Random) -> str:
    about = rng.choice(sorted((project / "questions").rglob("*.about.md")))
    about.write_text(about.read_text(encoding="utf-8") + "\nEdited about text.\n", encoding="utf-8")
    return f"{about.name} edited"


def edit_lock(project: Path, rng: random.Random) -> str:
    """One note's time in a lock set back (as an older lock from the repository would hold it)."""
    lock = rng.choice(sorted((project / "decks").glob("*.lock.json")))
    data = json.loads(lock.read_text(encoding="utf-8"))
    qid = rng.choice(sorted(data["questions"]))
    data["questions"][qid]["time"] -= 86_400
    lock.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return f"the time of {qid} in {lock.name} set back a day"


EDITS: list[Edit] = [edit_prompt, edit_option, edit_answer, edit_points, edit_image, edit_pool, delete_question,
                     add_question, move_question, rename_topic, edit_about, edit_lock]  # fmt: skip


def test_every_edit_rebuilds_the_bytes_of_a_cold_build(tmp_path: Path) -> None:
    """Every kind of edit in turn (seeded order and targets), each build from the parts the last one kept."""
    project = make_project(tmp_path / "project")
    cache = tmp_path / "cache"
    run(project, cache, "build")  # the store is warm
    assert (cache / memo.STORE_NAME).is_file()
    rng = random.Random(SEED)
    for step, edit in enumerate(rng.sample(EDITS, len(EDITS))):
        what = edit(project, rng)
        locks = {p.name: p.read_bytes() for p in (project / "decks").glob("*.lock.json")}
        run(project, cache, "build")
        assert_same(outputs(project), cold_build(project, locks, tmp_path / f"cold-{step}"), what)


def test_an_unchanged_bank_rebuilds_byte_for_byte_from_the_store(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    cache = tmp_path / "cache"
    run(project, cache, "build")
    first = outputs(project)
    run(project, cache, "build")
    assert outputs(project) == first


@contextmanager
def write_locked(store: Path) -> Iterator[None]:
    """Another process's write transaction on the store, held for the whole block."""
    db = sqlite3.connect(store, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        db.execute("ROLLBACK")
        db.close()


def corrupt(store: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    store.write_bytes(b"this is not a database" * 200)


def poison(store: Path) -> None:
    """Every part replaced by a wrong text, and the store marked as written by other code."""
    db = sqlite3.connect(store, isolation_level=None)
    db.execute("UPDATE parts SET value = 'POISONED'")
    db.execute("UPDATE runs SET value = 'POISONED'")
    db.execute("UPDATE meta SET value = 'other code' WHERE key = 'code'")
    db.close()


@pytest.mark.parametrize("damage", ["corrupt", "locked", "other code"])
def test_a_damaged_locked_or_foreign_store_gives_the_same_bytes(tmp_path: Path, damage: str) -> None:
    project = make_project(tmp_path / "project")
    cache = tmp_path / "cache"
    run(project, cache, "build")
    store = cache / memo.STORE_NAME
    what = edit_prompt(project, random.Random(SEED))
    locks = {p.name: p.read_bytes() for p in (project / "decks").glob("*.lock.json")}
    if damage == "locked":
        with write_locked(store):
            run(project, cache, "build")
    else:
        corrupt(store) if damage == "corrupt" else poison(store)
        run(project, cache, "build")
    assert_same(outputs(project), cold_build(project, locks, tmp_path / "cold"), f"{what}, store {damage}")
    assert not any(b"POISONED" in data for data in outputs(project).values())


def test_moodle_and_qti_from_the_store_equal_a_run_without_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    cache = tmp_path / "cache"
    run(project, cache, "moodle", "-o", "warm.xml")
    run(project, cache, "qti", "-o", "warm.zip")
    assert (cache / memo.STORE_NAME).is_file()
    rng = random.Random(SEED)
    what = [edit_prompt(project, rng), edit_image(project, rng), edit_option(project, rng)]
    for command, name in (("moodle", "all.xml"), ("qti", "all.zip")):
        run(project, cache, command, "-o", f"warm-{name}")
        run(project, cache, command, "-o", f"cold-{name}", cold=True)
        assert (project / f"warm-{name}").read_bytes() == (project / f"cold-{name}").read_bytes(), (command, what)


# -- joined: the LMS exporters' parts, kept a hundred items to a row ----------------------------------------------


def run_all(folder: Path | None, items: list[str], calls: list[str], separator: str = "|") -> str:
    def render(item: str) -> str:
        calls.append(item)
        return item.upper()

    with memo.kept(folder):
        return memo.joined("upper", items, lambda item: (memo.digest(item),), render, separator)


def test_runs_render_again_only_the_run_an_edit_insertion_or_deletion_falls_in(tmp_path: Path) -> None:
    items = [f"item {n}" for n in range(3000)]
    calls: list[str] = []
    assert run_all(tmp_path, items, calls) == "|".join(items).upper()
    assert calls == items
    for changed in (
        [*items[:1000], "edited", *items[1001:]],
        [*items[:2000], "inserted", *items[2000:]],
        [*items[:500], *items[501:]],
    ):
        calls.clear()
        assert run_all(tmp_path, changed, calls) == "|".join(changed).upper()
        assert 0 < len(calls) < 1100  # the changed run, and a neighbour where its end moved; never the whole list
    calls.clear()
    assert run_all(tmp_path, items, calls) == "|".join(items).upper()
    assert calls == []


def test_runs_joined_by_another_separator_are_other_runs(tmp_path: Path) -> None:
    calls: list[str] = []
    assert run_all(tmp_path, ["a", "b"], calls, "|") == "A|B"
    assert run_all(tmp_path, ["a", "b"], calls, ",") == "A,B"
    assert run_all(tmp_path, ["a", "b"], calls, "|") == "A|B"
    assert calls == ["a", "b", "a", "b"]


def test_runs_outside_a_kept_block_render_every_item() -> None:
    calls: list[str] = []
    assert run_all(None, ["a", "a"], calls) == "A|A"
    assert calls == ["a", "a"]
    assert run_all(None, [], calls) == ""


def age(folder: Path, table: str, hours: int) -> None:
    """Every row of ``table`` made as old as if written (or last used) ``hours`` earlier."""
    db = sqlite3.connect(folder / memo.STORE_NAME, isolation_level=None)
    db.execute(f"UPDATE {table} SET written = written - ?", (hours * 3600,))
    db.close()


def test_a_part_read_again_is_kept_and_one_unused_for_a_week_dropped(tmp_path: Path) -> None:
    calls: list[str] = []

    def upper(item: str) -> str:
        calls.append(item)
        return item.upper()

    def render(items: list[str]) -> None:
        with memo.kept(tmp_path):
            assert memo.parts("upper", items, lambda item: (memo.digest(item),), upper) == [i.upper() for i in items]

    render(["a", "b"])
    age(tmp_path, "parts", 6 * 24)
    render(["a", "b"])  # read again: marked used now
    age(tmp_path, "parts", 2 * 24)
    calls.clear()
    render(["c"])  # a write, which prunes what was not used for a week
    render(["a", "b"])
    assert calls == ["c"]
    age(tmp_path, "parts", 8 * 24)
    render(["d"])
    calls.clear()
    render(["a", "b"])
    assert calls == ["a", "b"]


def test_a_run_read_again_is_kept_and_one_unused_for_a_day_dropped(tmp_path: Path) -> None:
    calls: list[str] = []
    run_all(tmp_path, ["a", "b"], calls)
    age(tmp_path, "runs", 20)
    run_all(tmp_path, ["a", "b"], calls)  # read again: marked used now
    age(tmp_path, "runs", 5)
    calls.clear()
    run_all(tmp_path, ["c"], calls)  # a write, which prunes the runs not used for a day
    run_all(tmp_path, ["a", "b"], calls)
    assert calls == ["c"]
    age(tmp_path, "runs", 25)
    run_all(tmp_path, ["d"], calls)
    calls.clear()
    run_all(tmp_path, ["a", "b"], calls)
    assert calls == ["a", "b"]


def test_digests_the_index_kept_name_the_questions_in_a_build(tmp_path: Path) -> None:
    with memo.kept(tmp_path):
        one, two = ("x",), ("y",)
        made = memo.digests([one, two])
        assert made == (memo.digest(("x",)), memo.digest(("y",)))
    assert memo.digests([one]) == ()  # nothing reads them outside a kept block
    with memo.kept(tmp_path):
        again = ("x",)
        memo.known([again], made[:1])
        assert memo.digest(again) == made[0]
        memo.known([again], made)  # not paired: ignored
        assert memo.digest(again) == made[0]


def test_a_build_keeps_the_digests_a_check_left_out_of_the_index(tmp_path: Path) -> None:
    """A row written by ``check`` (which keeps no parts) gets its digests from the next build, for the builds after."""
    from quizgen.index import Index, file_digest

    project = make_project(tmp_path / "project")
    cache = tmp_path / "cache"
    run(project, cache, "check")
    path = "questions/moodle/1-every-type.yaml"

    def stored() -> tuple[bytes, ...]:
        cwd = Path.cwd()
        os.chdir(project)  # the index keys a file by the working folder and its path
        try:
            index = Index.open(cache)
            assert index is not None
            result = index.lookup(path, file_digest((project / path).read_bytes()))
            index.close()
        finally:
            os.chdir(cwd)
        assert result is not None
        return result.digests

    assert stored() == ()
    run(project, cache, "build")
    made = stored()
    assert len(made) == 12 and all(made)
    run(project, cache, "build")
    assert stored() == made
