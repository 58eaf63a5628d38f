"""``quizgen stats --hardest``: the cards with the most lapses and the distractors picked most, from real sessions'
review logs (the real program, run as a learner runs it; the clock moved with ``QUIZGEN_NOW``), and the arithmetic
behind it on hand-made logs."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from quizgen.answers import Given, Matched, Ordered, Picked, TypedText
from quizgen.model import Basic, Matching, Mcq, Multi, Numeric, Option, Ordering, Pair, Question, option_label
from quizgen.scheduler import CardKey, CardState, Phase, Rating
from quizgen.state import Review, StoredCard
from quizgen.stats import HARDEST_TOP, compute_hardest
from tests.test_play import T0, run

BASICS = """\
deck: Baclofen
topic: Basics
questions:
  - id: what-is
    prompt: What kind of drug is baclofen?
    answer: A muscle relaxant
  - id: route
    type: typed
    prompt: Name the route of the pump (one word).
    answer: intrathecal
"""
RECEPTORS = """\
deck: Baclofen
topic: Receptors
questions:
  - id: receptor-target
    type: mcq
    prompt: Baclofen is an agonist at which receptor?
    answer: GABA-B receptor
    distractors: [GABA-A receptor, NMDA receptor, Mu-opioid receptor]
  - id: effects
    type: multi
    prompt: Which are common side effects?
    answer: [Drowsiness, Dizziness]
    distractors: [Hair growth, Improved night vision]
"""


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "1-basics.yaml").write_text(BASICS, encoding="utf-8")
    (folder / "2-receptors.yaml").write_text(RECEPTORS, encoding="utf-8")
    return folder


def quizgen(tmp_path: Path, bank: Path, *args: str, now: datetime = T0, stdin: str = "") -> str:
    proc = run(tmp_path, *args, str(bank), "--state", str(tmp_path / "state.db"), now=now, stdin=stdin,
               QUIZGEN_FUZZ="0")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def again_and_reps(state: Path) -> dict[tuple[str, int], tuple[int, int, int]]:
    """From the file itself: (lapses, Again answers, reviews) per (question id, cloze number)."""
    db = sqlite3.connect(state)
    rows = db.execute(
        "SELECT c.qid, c.ord, c.lapses, SUM(r.rating = 1), COUNT(r.id) FROM cards c JOIN reviews r ON r.card_id = c.id"
        " GROUP BY c.id"
    ).fetchall()
    db.close()
    return {(qid, number): (lapses, again, count) for qid, number, lapses, again, count in rows}


def test_hardest_from_real_sessions(tmp_path: Path, bank: Path) -> None:
    state = tmp_path / "state.db"
    # The mcq: two distractors picked (Again each time), then the answer (Easy: a review card).
    quizgen(tmp_path, bank, "play", "--topic", "Receptors", "--new", "1",
            stdin="NMDA receptor\n\nGABA-A receptor\n\nGABA-B receptor\n4\n")  # fmt: skip
    # The multi: one distractor with one right option, then the right pair (Easy).
    quizgen(tmp_path, bank, "play", "--topic", "Receptors", now=T0 + timedelta(hours=1),
            stdin="Hair growth, Drowsiness\n\nDrowsiness, Dizziness\n4\n")  # fmt: skip
    # The basic card: learned (Easy), then forgotten twice once it was a review card: two lapses.
    quizgen(tmp_path, bank, "play", "--topic", "Basics", "--new", "1", stdin="\n4\n")
    quizgen(tmp_path, bank, "play", "--topic", "Basics", now=T0 + timedelta(days=9), stdin="\n1\nq\n")
    quizgen(tmp_path, bank, "play", "--topic", "Basics", now=T0 + timedelta(days=9, minutes=10), stdin="\n3\n")
    quizgen(tmp_path, bank, "play", "--topic", "Basics", now=T0 + timedelta(days=60), stdin="\n1\nq\n")
    counted = again_and_reps(state)
    assert counted == {
        ("receptor-target", 0): (0, 2, 3),
        ("effects", 0): (0, 1, 2),
        ("what-is", 0): (2, 2, 4),
    }

    out = quizgen(tmp_path, bank, "stats", "--hardest", now=T0 + timedelta(days=60))
    rows = re.findall(r"^\s+(\d+)\s+(\d+)\s+(\d+)\s+Baclofen \S+ (\S+)$", out, re.M)
    assert rows == [("2", "2", "4", "what-is"), ("0", "2", "3", "receptor-target"), ("0", "1", "2", "effects")]
    assert [(qid, tuple(map(int, r))) for *r, qid in rows] == [(q, counted[(q, 0)]) for *_, q in rows]
    assert "Baclofen \u203a receptor-target: 3 answers, 2 wrong picks" in out
    picks = re.findall(r"^\s+(\d+)\s+(\d+)%\s+(.+)$", out, re.M)
    assert picks == [
        ("1", "33", "GABA-A receptor"), ("1", "33", "NMDA receptor"), ("0", "0", "Mu-opioid receptor"),
        ("1", "50", "Hair growth"), ("0", "0", "Improved night vision"),
    ]  # fmt: skip
    assert "Baclofen \u203a effects: 2 answers, 1 wrong pick" in out
    assert "route" not in out  # never studied

    narrowed = quizgen(tmp_path, bank, "stats", "--hardest", "--topic", "Receptors")
    assert "what-is" not in narrowed and "receptor-target" in narrowed


def test_hardest_with_nothing_yet(tmp_path: Path, bank: Path) -> None:
    none = quizgen(tmp_path, bank, "stats", "--hardest")
    assert "Nothing yet: no card has been forgotten or answered Again." in none
    assert "Nothing yet: no mcq, multi, matching or ordering answer has been kept." in none
    assert "No progress file yet" in none and not (tmp_path / "state.db").exists()
    quizgen(tmp_path, bank, "play", "--topic", "Basics", stdin="\n3\nintrathecal\n\n")
    right = quizgen(tmp_path, bank, "stats", "--hardest")
    assert "Nothing yet: no card has been forgotten or answered Again." in right
    assert "Nothing yet: no mcq, multi, matching or ordering answer has been kept." in right


# The arithmetic, on hand-made logs.


def mcq(qid: str, *distractors: str) -> Mcq:
    return Mcq(deck="D", topic="T", id=qid, prompt="p", answer=Option("right"),
               distractors=tuple(Option(d) for d in distractors))  # fmt: skip


def stored(reps: int, lapses: int) -> StoredCard:
    state = CardState(Phase.REVIEW, None, 1.0, 5.0, T0, T0)
    return StoredCard(state, T0, reps, lapses)


def review(key: CardKey, rating: Rating, answer: Given | None = None) -> Review:
    return Review(key, T0, rating, 1000, answer, None)


def test_hardest_ranks_lapses_then_again_then_reviews_and_keeps_the_top() -> None:
    cards: dict[CardKey, Question] = {
        ("D", f"q{i:02d}", 0): Basic(deck="D", topic="T", id=f"q{i:02d}", prompt="p", answer="a") for i in range(15)
    }
    keys = list(cards)
    stats = {keys[i]: stored(reps=5 + i, lapses=i % 4) for i in range(15)}
    log = [review(keys[i], Rating.AGAIN) for i in range(15) for _ in range(i % 3)]
    hardest = compute_hardest(cards, stats, log)
    assert len(hardest.cards) == HARDEST_TOP
    got = [(c.key[1], c.lapses, c.again, c.reviews) for c in hardest.cards]
    assert got == sorted(got, key=lambda g: (-g[1], -g[2], -g[3]))
    assert got[0] == ("q11", 3, 2, 16)  # the most lapses, then the most Again answers
    assert ("D", "q00", 0) not in {c.key for c in hardest.cards}  # never forgotten: not listed


def test_distractor_picks_count_only_kept_answers_and_current_options() -> None:
    q = mcq("m", "wrong one", "wrong two")
    many = Multi(deck="D", topic="T", id="x", prompt="p", answer=(Option("a"), Option("b")),
                 distractors=(Option("c"),))  # fmt: skip
    cards: dict[CardKey, Question] = {("D", "m", 0): q, ("D", "x", 0): many}
    log = [
        review(("D", "m", 0), Rating.AGAIN),  # before answers were kept: no picks
        review(("D", "m", 0), Rating.AGAIN, Picked(("wrong two",))),
        review(("D", "m", 0), Rating.AGAIN, Picked(("since renamed",))),
        review(("D", "m", 0), Rating.GOOD, Picked(("right",))),
        review(("D", "x", 0), Rating.AGAIN, Picked(("a", "c"))),
        review(("D", "gone", 0), Rating.AGAIN, Picked(("wrong one",))),  # not in the bank
    ]
    hardest = compute_hardest(cards, {}, log)
    found = {(d.id, d.answers, d.wrong, d.picks) for d in hardest.distractors}
    assert found == {
        ("m", 3, 1, (("wrong two", 1), ("wrong one", 0))),
        ("x", 1, 1, (("c", 1),)),
    }


SORTING = """\
deck: Baclofen
topic: Sorting
questions:
  - id: sites
    type: matching
    prompt: Match each drug to its site.
    pairs:
      - {item: Baclofen, match: GABA-B}
      - {item: Diazepam, match: GABA-A}
      - {item: Dantrolene, match: Ryanodine receptor}
    distractors: [Nicotinic receptor]
  - id: steps
    type: ordering
    prompt: Put the steps in order.
    answer: [Bolus, Assess, Implant, Titrate]
"""


def test_hardest_names_wrong_matches_and_entries_out_of_place_from_real_sessions(tmp_path: Path) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "sorting.yaml").write_text(SORTING, encoding="utf-8")
    from quizgen.load import load_bank

    bank = load_bank([folder])
    sites, steps = bank.questions()
    assert isinstance(sites, Matching) and isinstance(steps, Ordering)
    # The letters play shows (its seed is fixed by the test run): find them from the stable order.
    shown = sites.shuffled_matches("")
    letter = {sites.matches[k]: option_label(at) for at, k in enumerate(shown)}
    entries = steps.shuffled_entries("")
    place = {steps.answer[k]: option_label(at) for at, k in enumerate(entries)}
    # Baclofen given GABA-A and Diazepam GABA-B (swapped), Dantrolene right; then Implant and Assess swapped.
    swapped = letter["GABA-A"] + letter["GABA-B"] + letter["Ryanodine receptor"]
    order = place["Bolus"] + place["Implant"] + place["Assess"] + place["Titrate"]
    out = quizgen(tmp_path, folder, "play", stdin=f"{swapped}\n\n{order}\n\nq\n")
    assert "1 of 3 pairs" in out and "2 of 4 in place" in out
    hardest = quizgen(tmp_path, folder, "stats", "--hardest")
    assert "Baclofen \u203a sites: 1 answer, 2 wrong pairs" in hardest
    assert "Baclofen \u203a steps: 1 answer, 2 wrong places" in hardest
    picks = re.findall(r"^\s+(\d+)\s+(\d+)%\s+(.+)$", hardest, re.M)
    assert picks == [
        ("1", "100", "Baclofen \u2192 GABA-A"), ("1", "100", "Diazepam \u2192 GABA-B"),
        ("1", "100", "Implant: put 2nd (belongs 3rd)"), ("1", "100", "Assess: put 3rd (belongs 2nd)"),
    ]  # fmt: skip


def test_wrong_pairs_and_places_count_only_current_texts() -> None:
    sites = Matching(deck="D", topic="T", id="s", prompt="p", pairs=(Pair("a", "A"), Pair("b", "B")),
                     distractors=("Z",))  # fmt: skip
    steps = Ordering(deck="D", topic="T", id="o", prompt="p", answer=("one", "two", "three"))
    cards: dict[CardKey, Question] = {("D", "s", 0): sites, ("D", "o", 0): steps}
    log = [
        review(("D", "s", 0), Rating.AGAIN, Matched((("a", "Z"), ("b", None)))),  # a distractor; one left out
        review(("D", "s", 0), Rating.AGAIN, Matched((("a", "gone"), ("b", "A")))),  # a match since renamed
        review(("D", "s", 0), Rating.GOOD, Matched((("a", "A"), ("b", "B")))),
        review(("D", "o", 0), Rating.AGAIN, Ordered(("two", "one", "three"))),
    ]
    found = {(d.id, d.answers, d.picks) for d in compute_hardest(cards, {}, log).distractors}
    assert found == {
        ("s", 3, (("a \u2192 Z", 1), ("b \u2192 A", 1))),
        ("o", 1, (("two: put 1st (belongs 2nd)", 1), ("one: put 2nd (belongs 1st)", 1))),
    }


NUMBERS = """\
deck: Baclofen
topic: Doses
questions:
  - id: oral-max
    type: numeric
    prompt: The largest oral daily dose on the US label?
    answer: 80
    unit: mg
"""


def test_hardest_lists_the_wrong_numbers_typed_for_a_numeric_question(tmp_path: Path) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "doses.yaml").write_text(NUMBERS, encoding="utf-8")
    none = quizgen(tmp_path, folder, "stats", "--hardest")
    assert "Nothing yet: no numeric question has been answered wrong." in none
    # 800 twice (once written 800.0), 80 g once, then the answer: each wrong one comes back at once (Again).
    quizgen(tmp_path, folder, "play", stdin="800\n\n80 g\n\n800.0\n\n80 mg\n3\n")
    out = quizgen(tmp_path, folder, "stats", "--hardest")
    assert "Baclofen \u203a oral-max: 4 answers, 3 wrong" in out
    typed = re.findall(r"^\s+(\d+)\s+(\d+)%\s+(.+)$", out, re.M)
    assert typed == [("2", "50", "800 mg"), ("1", "25", "80 g")]
    assert "Nothing yet: no mcq, multi, matching or ordering answer has been kept." in out


def test_wrong_numbers_are_judged_as_the_question_is_now() -> None:
    q = Numeric(deck="D", topic="T", id="n", prompt="p", answer=80, tolerance=2, unit="mg")
    log = [review(("D", "n", 0), Rating.AGAIN, TypedText(t)) for t in ("81", "85 mg", "85", "1,000", "abc")]
    hardest = compute_hardest({("D", "n", 0): q}, {}, log)
    (found,) = hardest.numbers
    assert found.answers == 5
    assert found.typed == (("85 mg", 2), ("1,000", 1), ("abc", 1))  # 81 is within the tolerance
