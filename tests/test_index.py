"""The bank index is a cache: with it, without it, cold, warm, deleted, corrupt, stale or shared, a load gives the same.

Each test loads real banks from disk through :func:`quizgen.load.load_bank` with
and without a cache folder and compares the banks, their warnings and, for bad
banks, every error message.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quizgen import images
from quizgen.errors import QuizgenError
from quizgen.index import INDEX_NAME
from quizgen.load import full_read, load_bank, read_all
from quizgen.model import Bank, Basic
from tests.helpers import mark_index

HEAD = "deck: Demo\ntopic: {topic}\nquestions:\n"
#: An mcq answered by a letter among real options: a warning, not an error.
WARNED = "  - {id: w, type: mcq, prompt: Which?, answer: C, distractors: [Aspirin, Baclofen, Diazepam]}\n"
#: An image a question shows, written long enough ago that its row is stored.
SEE = "See ![the synapse](images/s.svg)"
SVG = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>'


def write_bank(root: Path) -> Path:
    """A bank of three files: questions, a pool across two files, a warning and an image."""
    folder = root / "questions"
    (folder / "images").mkdir(parents=True)
    figure = folder / "images" / "s.svg"
    figure.write_text(SVG)
    os.utime(figure, ns=(time.time_ns() - 10**10,) * 2)
    (folder / "a.yaml").write_text(
        HEAD.format(topic="A") + "  - {id: a1, prompt: first, answer: x, pool: p, points: 2}\n"
        f"  - {{id: a2, prompt: '{SEE}', answer: y}}\n"
    )
    (folder / "b.yaml").write_text(
        HEAD.format(topic="B") + "  - {id: b1, prompt: other, answer: z, pool: p, points: 2}\n"
    )
    (folder / "c.yaml").write_text(HEAD.format(topic="C") + WARNED)
    return folder


def problems_of(paths: list[Path], cache: Path | None, strict: bool = False) -> list[str]:
    with pytest.raises(QuizgenError) as info:
        load_bank(paths, cache_dir=cache, strict=strict)
    return [str(p) for p in info.value.problems]


def prompts(bank: Bank) -> list[str]:
    return [q.prompt for q in bank.questions() if isinstance(q, Basic)]


def test_a_bank_loads_the_same_without_the_index_cold_and_warm(tmp_path: Path) -> None:
    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    plain = load_bank([folder])
    assert plain.warnings and plain.images  # the bank exercises warnings and images
    cold = load_bank([folder], cache_dir=cache)
    warm = load_bank([folder], cache_dir=cache)
    assert plain == cold == warm
    assert plain.warnings == warm.warnings
    assert problems_of([folder], None, strict=True) == problems_of([folder], cache, strict=True)
    assert (cache / INDEX_NAME).is_file()


def test_only_the_edited_file_is_read_again(tmp_path: Path) -> None:
    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    load_bank([folder], cache_dir=cache)
    mark_index(cache, "from the index")
    (folder / "b.yaml").write_text(
        HEAD.format(topic="B") + "  - {id: b1, prompt: edited, answer: z, pool: p, points: 2}\n"
    )
    assert prompts(load_bank([folder], cache_dir=cache)) == ["from the index", "from the index", "edited"]


def test_an_edit_is_seen_even_when_size_and_time_are_unchanged(tmp_path: Path) -> None:
    """Rows are keyed by content, not by what ``stat`` says."""
    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    target = folder / "b.yaml"
    before = os.stat(target)
    load_bank([folder], cache_dir=cache)
    target.write_text(target.read_text().replace("other", "OTHER"))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert "OTHER" in prompts(load_bank([folder], cache_dir=cache))


@pytest.mark.parametrize(
    "bad",
    [
        # an error inside one file
        {"b.yaml": HEAD.format(topic="B") + "  - {id: b1, prompt: p}\n"},
        # a duplicate id across files: each file alone is fine
        {"b.yaml": HEAD.format(topic="B") + "  - {id: a1, prompt: p, answer: x}\n  - {id: a1, prompt: q, answer: x}\n"},
        # a pool whose members, in two files, are worth different points
        {"b.yaml": HEAD.format(topic="B") + "  - {id: b1, prompt: other, answer: z, pool: p, points: 3}\n"},
        # an image gone, and a YAML error
        {"a.yaml": HEAD.format(topic="A") + "  - {id: a2, prompt: 'See ![s](images/gone.svg)', answer: y}\n",
         "c.yaml": "deck: [\n"},
        # an image the index has seen, replaced by one the image pass refuses
        {"images/s.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'},
    ],
)  # fmt: skip
def test_a_bad_bank_gives_the_same_errors_with_the_index(tmp_path: Path, bad: dict[str, str]) -> None:
    """Errors are never cached as a valid bank: after the good bank was indexed, the same messages as a plain run."""
    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    load_bank([folder], cache_dir=cache)
    for name, text in bad.items():
        (folder / name).write_text(text)
    expected = problems_of([folder], None)
    assert expected == problems_of([folder], cache)  # with the good files' rows in the index
    assert expected == problems_of([folder], cache)  # and again, with whatever that run stored
    assert expected == problems_of([folder], tmp_path / "empty-cache")


def test_files_checked_one_by_one_read_each_image_once_and_give_the_whole_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file's image pass shares one store: an image shown by many files is read once per load, none when warm."""
    folder = write_bank(tmp_path)
    for name in ("d.yaml", "e.yaml"):
        (folder / name).write_text(HEAD.format(topic=name) + f"  - {{id: {name[0]}1, prompt: '{SEE}', answer: y}}\n")
    files, problems = read_all([folder])
    whole = full_read(files, problems)  # every file parsed and checked at once, as a bad bank is
    monkeypatch.setattr(images, "_CONTENT", {})
    reads: list[str] = []
    real_read = images._read_regular_file

    def counted(real: str, shown: str, src: str = "") -> bytes:
        reads.append(shown)
        return real_read(real, shown, src)

    monkeypatch.setattr(images, "_read_regular_file", counted)
    cache = tmp_path / "cache"
    assert load_bank([folder]) == whole
    assert reads == [str(folder / "images" / "s.svg")]
    monkeypatch.setattr(images, "_CONTENT", {})
    assert load_bank([folder], cache_dir=cache) == whole
    assert len(reads) == 2
    monkeypatch.setattr(images, "_CONTENT", {})
    warm = load_bank([folder], cache_dir=cache)
    assert warm == whole and len(reads) == 2  # the rows hold the checked paths and digests; a stat tells an edit
    (image,) = warm.images
    assert image.read() == SVG.encode() and len(reads) == 3  # an output reads the bytes, held to the digest


def test_a_deleted_or_corrupt_index_changes_nothing(tmp_path: Path) -> None:
    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    plain = load_bank([folder])
    load_bank([folder], cache_dir=cache)
    (cache / INDEX_NAME).unlink()
    assert load_bank([folder], cache_dir=cache) == plain
    for junk in (b"not a database at all" * 100, b"", (cache / INDEX_NAME).read_bytes()[:1500]):
        for extra in cache.glob(INDEX_NAME + "-*"):
            extra.unlink()
        (cache / INDEX_NAME).write_bytes(junk)
        assert load_bank([folder], cache_dir=cache) == plain
    mark_index(cache, "from the index")  # the index was rebuilt, and is read again
    assert prompts(load_bank([folder], cache_dir=cache)) == ["from the index"] * 3


def test_a_row_that_does_not_unpickle_is_read_again(tmp_path: Path) -> None:
    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    plain = load_bank([folder], cache_dir=cache)
    with sqlite3.connect(cache / INDEX_NAME) as db:
        db.execute("UPDATE files SET result = x'800495'")
    db.close()
    assert load_bank([folder], cache_dir=cache) == plain


def test_an_index_written_by_other_code_is_not_trusted(tmp_path: Path) -> None:
    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    load_bank([folder], cache_dir=cache)
    mark_index(cache, "from the index")
    with sqlite3.connect(cache / INDEX_NAME) as db:
        db.execute("UPDATE meta SET value = 'another quizgen' WHERE key = 'code'")
    db.close()
    assert prompts(load_bank([folder], cache_dir=cache)) == ["first", SEE, "other"]


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    folder = write_bank(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    assert load_bank([folder], cache_dir=blocker / "cache") == load_bank([folder])


def test_an_index_locked_by_another_process_changes_nothing(tmp_path: Path) -> None:
    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    load_bank([folder], cache_dir=cache)
    mark_index(cache, "from the index")
    holder = sqlite3.connect(cache / INDEX_NAME, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        (folder / "b.yaml").write_text(
            HEAD.format(topic="B") + "  - {id: b1, prompt: new, answer: z, pool: p, points: 2}\n"
        )
        assert prompts(load_bank([folder], cache_dir=cache)) == ["first", SEE, "new"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # the other process's index was left alone, not replaced: its rows are still read
    assert prompts(load_bank([folder], cache_dir=cache)) == ["from the index", "from the index", "new"]


LOADER = """
import sys
from pathlib import Path
from quizgen.load import load_bank
for _ in range(5):
    bank = load_bank([Path(sys.argv[1])], cache_dir=Path(sys.argv[2]))
print(sum(1 for _ in bank.questions()))
"""


def test_processes_sharing_the_index_at_once_all_get_the_bank(tmp_path: Path) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    for n in range(40):
        body = "".join(f"  - {{id: q{n}-{i}, prompt: p{i}, answer: x}}\n" for i in range(50))
        (folder / f"t{n:02d}.yaml").write_text(HEAD.format(topic=f"T{n}") + body)
    cache = tmp_path / "cache"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent))
    children = [
        subprocess.Popen([sys.executable, "-c", LOADER, str(folder), str(cache)], stdout=subprocess.PIPE, env=env)
        for _ in range(4)
    ]
    outputs = [child.communicate()[0] for child in children]
    assert [child.returncode for child in children] == [0] * 4
    assert outputs == [b"2000\n"] * 4
    assert load_bank([folder], cache_dir=cache) == load_bank([folder])


def test_a_file_edited_during_runs_gives_one_of_its_versions_and_then_the_last(tmp_path: Path) -> None:
    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    target = folder / "b.yaml"
    versions = [
        HEAD.format(topic="B") + f"  - {{id: b1, prompt: version {n}, answer: z, pool: p, points: 2}}\n"
        for n in range(2)
    ]
    target.write_text(versions[0])
    stop = threading.Event()

    def edit() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            target.write_text(versions[n % 2])

    editor = threading.Thread(target=edit)
    editor.start()
    seen = set()
    try:
        for _ in range(30):
            try:
                bank = load_bank([folder], cache_dir=cache)
            except QuizgenError:
                continue  # caught between truncating and writing: a half-written file is refused, as without the index
            seen.add(prompts(bank)[2])
    finally:
        stop.set()
        editor.join()
    assert seen <= {"version 0", "version 1"}
    target.write_text(versions[0])
    assert prompts(load_bank([folder], cache_dir=cache)) == ["first", SEE, "version 0"]


def test_check_no_cache_and_the_environment_variable_give_the_same_report(tmp_path: Path) -> None:
    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent), QUIZGEN_CACHE_DIR=str(cache))
    env.pop("QUIZGEN_NO_CACHE", None)

    def check(*args: str, **extra: str) -> tuple[int, str, str]:
        proc = subprocess.run(
            [sys.executable, "-m", "quizgen", "check", str(folder), *args],
            capture_output=True, text=True, env={**env, **extra}, timeout=60,
        )  # fmt: skip
        return proc.returncode, proc.stdout, proc.stderr

    first = check()
    assert first[0] == 0 and "warning:" in first[2] and (cache / INDEX_NAME).is_file()
    mark_index(cache, "from the index")  # a run that reads the index would still pass: the marks change no count
    assert check() == first
    assert check("--no-cache") == first
    assert check(QUIZGEN_NO_CACHE="1") == first
    (cache / INDEX_NAME).unlink()
    assert check("--no-cache") == first
    assert not (cache / INDEX_NAME).exists()  # --no-cache neither reads nor writes the index
    (folder / "b.yaml").write_text(HEAD.format(topic="B") + "  - {id: a1, prompt: p, answer: x}\n")
    bad = check("--no-cache")
    assert bad[0] == 1 and "duplicate id 'a1'" in bad[2]
    assert check() == bad == check()


def cards_of(loaded: object) -> list[tuple[tuple[str, str, int], object, tuple[str, str] | None]]:
    """Every card of what play starts from, in order, with its question and pool."""
    from collections.abc import Mapping

    from quizgen.play import _pool_of, select_cards

    cards = select_cards(loaded) if isinstance(loaded, Bank) else loaded
    assert isinstance(cards, Mapping)
    return [(key, cards[key], _pool_of(key, cards)) for key in cards]


def test_play_starts_from_the_same_cards_cold_warm_and_after_an_edit(tmp_path: Path) -> None:
    from quizgen.index import LazyCards
    from quizgen.load import load_cards

    folder = write_bank(tmp_path)
    (folder / "d.yaml").write_text(
        "deck: Other\ntopic: D\nquestions:\n  - {id: a1, type: cloze, prompt: '{{c1::x}} and {{c2::y}}', pool: p}\n"
    )
    cache = tmp_path / "cache"
    expected = cards_of(load_bank([folder]))
    cold = load_cards([folder], cache)
    assert isinstance(cold, LazyCards) and cards_of(cold) == expected
    warm = load_cards([folder], cache)
    assert isinstance(warm, LazyCards) and cards_of(warm) == expected
    (folder / "b.yaml").write_text(
        HEAD.format(topic="B") + "  - {id: b1, prompt: new, answer: z, pool: p, points: 2}\n"
    )
    edited = load_cards([folder], cache)
    assert isinstance(edited, LazyCards) and cards_of(edited) == cards_of(load_bank([folder]))


@pytest.mark.parametrize(
    "text",
    [
        HEAD.format(topic="B") + "  - {id: a1, prompt: p, answer: x}\n",  # a duplicate id across files
        HEAD.format(topic="B") + "  - {id: b1, prompt: other, answer: z, pool: p, points: 3}\n",  # pool points
        HEAD.format(topic="B") + "  - {id: b1, prompt: p}\n",  # an error in the file
    ],
)
def test_play_refuses_a_bad_bank_with_the_messages_of_check(tmp_path: Path, text: str) -> None:
    from quizgen.load import load_cards

    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    load_cards([folder], cache)
    (folder / "b.yaml").write_text(text)
    expected = problems_of([folder], None)
    for _ in range(2):
        with pytest.raises(QuizgenError) as info:
            load_cards([folder], cache)
        assert [str(p) for p in info.value.problems] == expected


def test_a_question_whose_row_is_gone_mid_session_is_read_from_the_file_as_it_was(tmp_path: Path) -> None:
    """Another process may replace rows while play runs: the question comes from the bytes play started with."""
    from quizgen.index import LazyCards
    from quizgen.load import load_cards

    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    load_cards([folder], cache)
    cards = load_cards([folder], cache)
    assert isinstance(cards, LazyCards)
    expected = cards_of(load_bank([folder]))
    (cache / INDEX_NAME).unlink()
    for extra in cache.glob(INDEX_NAME + "-*"):
        extra.unlink()
    (folder / "b.yaml").write_text(
        HEAD.format(topic="B") + "  - {id: b1, prompt: later, answer: z, pool: p, points: 2}\n"
    )
    assert cards_of(cards) == expected


def test_random_edits_load_the_same_with_and_without_the_index(tmp_path: Path) -> None:
    """Edits of every kind, one after another (seeded): each load through the index equals a plain load."""
    import random

    from quizgen.index import LazyCards
    from quizgen.load import load_cards

    rng = random.Random(22)
    folder = tmp_path / "questions"
    folder.mkdir()
    cache = tmp_path / "cache"

    def text(topic: int, ids: list[int], deck: str) -> str:
        lines = [f"deck: {deck}", f"topic: T{topic}", "questions:"]
        for i in ids:
            pool = f", pool: p{i % 3}" if i % 4 == 0 else ""
            kind = rng.choice(["", ", type: typed", ", type: cloze"])
            prompt = "'{{c1::x}}" + f" {i}'" if kind == ", type: cloze" else f"q{i} v{rng.randrange(3)}"
            answer = "" if kind == ", type: cloze" else ", answer: a"
            lines.append(f"  - {{id: q{i}{kind}, prompt: {prompt}{answer}{pool}}}")
        return "\n".join(lines) + "\n"

    outcomes = {"valid": 0, "invalid": 0}
    for step in range(25):
        action = rng.choice(["rewrite", "rewrite", "add", "remove", "duplicate", "break"])
        existing = sorted(folder.glob("*.yaml"))
        if action == "add" or not existing:
            n = rng.randrange(100)
            (folder / f"t{n:02d}.yaml").write_text(text(n, rng.sample(range(200), 3), rng.choice(["A", "B"])))
        elif action == "remove":
            rng.choice(existing).unlink()
        elif action == "duplicate":  # the same id twice in one deck, across files
            target = rng.choice(existing)
            target.write_text(text(step, [0, 1], "A"))
            (folder / "dup.yaml").write_text(text(99, [1], "A"))
        elif action == "break":
            rng.choice(existing).write_text("deck: A\ntopic: broken\nquestions:\n  - {id: x, prompt: p}\n")
        else:
            rng.choice(existing).write_text(text(step, rng.sample(range(200), rng.randrange(1, 5)), rng.choice("AB")))
        if not list(folder.glob("*.yaml")):
            continue
        try:
            plain: Bank | list[str] = load_bank([folder])
        except QuizgenError as e:
            plain = [str(p) for p in e.problems]
        outcomes["valid" if isinstance(plain, Bank) else "invalid"] += 1
        for _ in range(2):  # as the edit is first seen, and warm
            try:
                indexed: Bank | list[str] = load_bank([folder], cache_dir=cache)
            except QuizgenError as e:
                indexed = [str(p) for p in e.problems]
            assert indexed == plain, (step, action)
            if isinstance(plain, Bank):
                cards = load_cards([folder], cache)
                assert isinstance(cards, LazyCards) and cards_of(cards) == cards_of(plain)
            else:
                with pytest.raises(QuizgenError) as info:
                    load_cards([folder], cache)
                assert [str(p) for p in info.value.problems] == plain
        if action in ("duplicate", "break"):
            for f in folder.glob("*.yaml"):
                if f.name == "dup.yaml" or "broken" in f.read_text():
                    f.unlink()
    assert outcomes["valid"] >= 10 and outcomes["invalid"] >= 3, outcomes  # both paths were walked


def test_play_hashes_only_the_files_that_look_changed_and_sees_a_same_size_rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that looks as it did (size, times, inode) keeps its digest; any write shows in its ctime."""
    from quizgen import index
    from quizgen.index import LazyCards
    from quizgen.load import load_cards

    monkeypatch.setattr(index, "_RACY_NS", 0)  # the files here were written a moment ago: trust them at once
    hashed: list[int] = []
    real_digests = index.file_digests

    def counted(datas: list[bytes]) -> list[bytes]:
        hashed.extend(len(data) for data in datas)
        return real_digests(datas)

    monkeypatch.setattr(index, "file_digests", counted)
    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    load_cards([folder], cache)
    assert len(hashed) == 3
    hashed.clear()
    warm = load_cards([folder], cache)
    assert hashed == [] and isinstance(warm, LazyCards) and cards_of(warm) == cards_of(load_bank([folder]))
    target = folder / "b.yaml"
    before = target.stat()
    text = target.read_text()
    target.write_text(text.replace("other", "OTHER"))  # the same size, in place
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # and its time put back
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    edited = load_cards([folder], cache)
    assert len(hashed) == 1 and isinstance(edited, LazyCards)
    assert cards_of(edited) == cards_of(load_bank([folder])) and "OTHER" in str(cards_of(edited))
    hashed.clear()
    os.utime(folder / "c.yaml")  # touched, not changed: hashed, and the card list still serves
    assert cards_of(load_cards([folder], cache)) == cards_of(edited) and len(hashed) == 1


def test_a_file_written_in_the_last_moments_is_hashed_at_every_run(tmp_path: Path) -> None:
    """Within the racy window a file rewritten in the same clock tick could keep its look: it is never trusted."""
    from quizgen import index
    from quizgen.load import load_cards

    folder = write_bank(tmp_path)
    cache = tmp_path / "cache"
    load_cards([folder], cache)
    stored = sqlite3.connect(cache / INDEX_NAME).execute("SELECT looks FROM banks").fetchone()[0]
    assert pickle.loads(stored) == [None, None, None]  # just written: no look kept
    now = time.time_ns()
    look = (10, now - 3 * index._RACY_NS // 2, now - 3 * index._RACY_NS // 2, 1, 1)
    assert index.trusted_look(look, now) == look
    assert index.trusted_look((10, now - 3 * index._RACY_NS // 2, now - 1, 1, 1), now) is None  # changed: ctime
    assert index.trusted_look((10, now + 10**9, now - 3 * index._RACY_NS, 1, 1), now) is None  # a time ahead
    (folder / "b.yaml").write_text((folder / "b.yaml").read_text().replace("other", "OTHER"))
    assert "OTHER" in str(cards_of(load_cards([folder], cache)))


def test_cards_read_lazily_know_each_cards_place_and_no_other_card(tmp_path: Path) -> None:
    """Where a card stands in bank order, searched in the joined ids for the first few, then by a dict: the same."""
    from quizgen.index import LazyCards
    from quizgen.load import load_cards

    folder = tmp_path / "questions"
    folder.mkdir()
    for f in range(2):
        lines = [f"deck: D{f % 2}", f"topic: T{f}", "questions:"]
        for i in range(25):
            if i % 4 == 0:
                lines.append(f"  - {{id: q{f}-{i}, type: cloze, prompt: '{{{{c1::a}}}} {{{{c3::b}}}}'}}")
            else:
                lines.append(f"  - {{id: q{f}-{i}, prompt: p, answer: a}}")
        (folder / f"t{f}.yaml").write_text("\n".join(lines) + "\n")
    cache = tmp_path / "cache"
    load_cards([folder], cache)
    for _ in range(2):  # the first 32 looked up by search, the rest by the dict
        cards = load_cards([folder], cache)
        assert isinstance(cards, LazyCards)
        keys = list(cards)
        assert keys == [key for key, _, _ in cards_of(load_bank([folder]))]
        places = [cards.place(key) for key in keys]
        assert None not in places and sorted(places) == places  # type: ignore[type-var]
        strangers = [("D0", "q0-1", 1), ("D0", "q0-0", 0), ("D0", "q0-0", 2), ("D0", "q0-", 0), ("D0", "q0-10-", 0),
                     ("D1", "q0-1", 0), ("D9", "q0-1", 0), ("D0", "", 0), ("D0", "q0-1\0q0-2", 0)]  # fmt: skip
        assert [cards.place(key) for key in strangers] == [None] * len(strangers)
        assert all(key not in cards for key in strangers) and all(key in cards for key in keys)


def test_a_few_small_files_get_the_same_digests_without_openssl() -> None:
    from quizgen.index import file_digest, file_digests

    small, big = [b"deck: A\n", b"", b"x" * 1000], [b"y" * (600 * 1024), b"z" * (600 * 1024)]
    assert file_digests(small) == [file_digest(data) for data in small]
    assert file_digests(big) == [file_digest(data) for data in big]
