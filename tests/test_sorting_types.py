"""``matching``, ``ordering`` and ``scoring`` (issue 19): the format's refusals, reading the learner's letters,
the verdict and rating in a real ``play`` session on a pseudo-terminal, and the printed quiz and its key."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from quizgen.answers import multi_share, parse_matching, parse_ordering, share_rating
from quizgen.exporters.html import PrintOptions, key_grid, plan_deck, render_quiz
from quizgen.load import load_bank
from quizgen.model import Matching, Ordering, option_label
from quizgen.scheduler import Rating
from tests.helpers import check, refused, write
from tests.test_play import RATE, Play, log

HEAD = "deck: D\ntopic: T\nquestions:\n"
#: The start of a matching with one good pair: the second pair follows.
M = "type: matching\n    prompt: P\n    pairs:\n      - {item: A, match: X}\n      - "
SORTING = (
    HEAD
    + """\
  - id: sites
    type: matching
    prompt: Match each drug to its site.
    pairs:
      - {item: Baclofen, match: GABA-B receptors}
      - {item: Tizanidine, match: Alpha-2 adrenoceptors}
      - {item: Dantrolene, match: Ryanodine receptors}
      - {item: Diazepam, match: GABA-A receptors}
    distractors: [Nicotinic receptors]
    scoring: partial
  - id: steps
    type: ordering
    prompt: Put the steps in order.
    answer: [Screening bolus, Assess the response, Implant the pump, Titrate the dose]
  - id: effects
    type: multi
    prompt: Which are adverse effects?
    answer: [Drowsiness, Dizziness, Weakness]
    distractors: [Hair growth]
    scoring: partial
"""
)


# -- the format -------------------------------------------------------------------


def test_a_valid_bank_builds_the_dataclasses(tmp_path: Path) -> None:
    write(tmp_path, SORTING)
    sites, steps, effects = load_bank([tmp_path]).questions()
    assert isinstance(sites, Matching) and isinstance(steps, Ordering)
    assert [p.item for p in sites.pairs] == ["Baclofen", "Tizanidine", "Dantrolene", "Diazepam"]
    assert sites.distractors == ("Nicotinic receptors",) and sites.scoring == "partial"
    assert steps.scoring == "all" and effects.scoring == "partial"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("question", "line", "needles"),
    [
        ("type: matching\n    prompt: P\n    pairs: [{item: A, match: X}]", 7, ["at least 2 pairs"]),
        (M + "{item: B}", 9, ["pairs item 2 needs both 'item' and 'match' (missing match)"]),
        (M + "{item: B, match: Y, why: Z}", 9, ["pairs item 2: unknown key 'why'"]),
        (M + "{item: 'a.', match: Y}", 9, ["'a.' looks the same as 'A' (first at line 8)"]),
        (M + "{item: B, match: ' x '}", 9, ["' x ' looks the same as 'X' (first at line 8)"]),
        (M + "{item: B, match: Y}\n    distractors: [y]", 10, ["'y' looks the same as 'Y' (first at line 9)"]),
        (M + "{item: B, match: Y}\n    distractors: [X]", 10, ["'X' is both a match and a distractor (first at"]),
        ("type: matching\n    prompt: P\n    pairs: [A, B]", 7, ["pairs item 1 must be a mapping {item: ..."]),
        ("type: ordering\n    prompt: P\n    answer: [Only]", 7, ["at least 2 entries"]),
        ("type: ordering\n    prompt: P\n    answer: Only", 7, ["a list of at least 2 entries"]),
        ("type: ordering\n    prompt: P\n    answer: [One, two, 'one ']", 7, ["'one ' looks the same as 'One'"]),
        ("type: ordering\n    prompt: P\n    answer: [One, Two]\n    scoring: some", 8,
         ["scoring must be 'all' or 'partial', not 'some'", "scoring: partial"]),
        ("type: mcq\n    prompt: P\n    answer: A\n    distractors: [B]\n    scoring: partial", 9,
         ["key 'scoring' does not belong to a mcq question", "multi, matching or ordering", "remove it"]),
        ("type: typed\n    prompt: P\n    answer: A\n    scoring: all", 8, ["'scoring' does not belong to a typed"]),
    ],
)  # fmt: skip
def test_each_mistake_is_refused_at_its_line(tmp_path: Path, question: str, line: int, needles: list[str]) -> None:
    refused(tmp_path, HEAD + f"  - id: q\n    {question}\n", line, *needles)


def test_every_mistake_is_reported_in_one_run(tmp_path: Path) -> None:
    text = HEAD + (
        "  - id: a\n    type: matching\n    prompt: P\n    pairs: [{item: A, match: X}]\n"
        "  - id: b\n    type: ordering\n    prompt: P\n    answer: [One, one]\n"
        "  - id: c\n    type: truefalse\n    prompt: P\n    answer: true\n    scoring: partial\n"
    )
    path = write(tmp_path, text)
    code, _, err = check(tmp_path)
    assert code == 1
    assert [row.split(": ")[0] for row in err.splitlines() if row.startswith(str(path))] == [
        f"{path}:7", f"{path}:11", f"{path}:16",
    ]  # fmt: skip


# -- reading the learner's letters ------------------------------------------------------


def test_matching_letters_in_item_order_or_numbered_pairs() -> None:
    assert parse_matching("CAB", 3, 4) == [2, 0, 1]
    assert parse_matching("c a b", 3, 4) == [2, 0, 1]
    assert parse_matching("C,-,B", 3, 4) == [2, None, 1]
    assert parse_matching("1C 2A", 3, 4) == [2, 0, None]
    assert parse_matching("1-c, 3:b", 3, 4) == [2, None, 1]
    for wrong in ("CA", "CABD", "CAX", "4A", "1E", "", "1C hello"):
        assert parse_matching(wrong, 3, 4) is None, wrong


def test_ordering_letters_first_to_last_each_once() -> None:
    assert parse_ordering("CADB", 4) == [2, 0, 3, 1]
    assert parse_ordering("c, a, d, b", 4) == [2, 0, 3, 1]
    for wrong in ("CAD", "CADA", "CADE", "", "1234"):
        assert parse_ordering(wrong, 4) is None, wrong


def test_the_rating_a_share_proposes() -> None:
    assert share_rating(Fraction(1), "all") is Rating.GOOD and share_rating(Fraction(1), "partial") is Rating.GOOD
    assert share_rating(Fraction(3, 4), "all") is Rating.AGAIN
    assert share_rating(Fraction(1, 2), "partial") is Rating.HARD
    assert share_rating(Fraction(1, 3), "partial") is Rating.AGAIN
    assert multi_share(2, 1, 3) == Fraction(1, 3) and multi_share(1, 2, 3) == 0


# -- play on a pseudo-terminal ----------------------------------------------------------


def letters_of(screen: str, texts: list[str]) -> str:
    """The letters ``play`` shows for ``texts`` (``A) text`` lines), in that order."""
    found = []
    for text in texts:
        m = re.search(rf"^\s+([A-Z])\) {re.escape(text)}\s*$", screen, re.M)
        assert m, screen
        found.append(m.group(1))
    return "".join(found)


def test_play_reads_letters_names_each_wrong_pair_and_proposes_by_the_scoring(tmp_path: Path) -> None:
    bank = write(tmp_path / "q", SORTING).parent
    play = Play(tmp_path, bank)
    shown = play.wait(r"Your answer: one letter per item")
    assert re.search(r"^\s+1\) Baclofen\s*$", shown, re.M) and re.search(r"^\s+4\) Diazepam\s*$", shown, re.M)
    # partial scoring, 2 of 4 right (Baclofen and Diazepam swapped): Hard proposed
    swapped = letters_of(
        shown, ["GABA-A receptors", "Alpha-2 adrenoceptors", "Ryanodine receptors", "GABA-B receptors"]
    )
    play.child.sendline("")  # not an answer: asked again
    play.answer(r"Your answer: one letter per item", swapped)
    verdict = play.answer(RATE, "")
    assert "Wrong" in verdict and "2 of 4 pairs" in verdict and "partial scoring: 50% of the points" in verdict
    assert re.search(r"1\) Baclofen: you matched [A-E] GABA-A receptors; right: [A-E] GABA-B receptors", verdict)
    assert re.search(r"2\) Tizanidine \u2192 [A-E] Alpha-2 adrenoceptors", verdict)
    assert "Enter to accept Hard" in play.screen

    shown = play.wait(r"Your answer: the letters from first to last")
    steps = ["Screening bolus", "Assess the response", "Implant the pump", "Titrate the dose"]
    assert letters_of(shown, steps) != "ABCD"  # never shown in the right order
    order = letters_of(shown, [steps[0], steps[2], steps[1], steps[3]])
    play.child.sendline(order)
    verdict = play.answer(RATE, "")
    assert "2 of 4 in place" in verdict and "every part must be right" in verdict
    assert re.search(r"2\. you put [A-D] Implant the pump; right: [A-D] Assess the response", verdict)
    assert play.screen.count("Enter to accept Again") == 1  # scoring all: short of all is Again

    shown = play.wait(r"Pick all that apply")
    play.child.sendline("".join(re.findall(r"(\d)\) (?:Drowsiness|Hair growth)", shown)))
    verdict = play.answer(RATE, "")
    assert "1 of 3 right options, 1 wrong pick" in verdict and "0% of the points" in verdict
    play.answer(r"\(q quits\) \u203a", "q")  # the card answered Again comes back: stop here
    play.finish()
    assert [rating for _, _, rating, _ in log(play.state)] == [2, 1, 1]


def test_play_takes_numbered_pairs(tmp_path: Path) -> None:
    bank = write(tmp_path / "q", SORTING).parent
    play = Play(tmp_path, bank)
    shown = play.wait(r"Your answer: one letter per item")
    right = letters_of(shown, ["GABA-B receptors", "Alpha-2 adrenoceptors", "Ryanodine receptors", "GABA-A receptors"])
    play.child.sendline(" ".join(f"{n}{letter}" for n, letter in enumerate(right, 1)))
    verdict = play.answer(RATE, "q")
    assert "Right" in verdict and "4 of 4 pairs" in verdict
    play.finish()


# -- print ---------------------------------------------------------------------------


def test_printed_matching_and_ordering_with_boxes_a_key_and_letters_that_differ_between_versions(
    tmp_path: Path,
) -> None:
    write(tmp_path, SORTING)
    (deck,) = load_bank([tmp_path]).decks
    options = PrintOptions(versions=6, order="bank")
    planned = plan_deck(deck, options)
    rows = {row.label: row.cells for row in key_grid(planned.versions)}
    assert len(set(rows["1"])) > 1 and len(set(rows["2"])) > 1  # shuffled differently between versions
    matching, ordering = deck.topics[0].questions[:2]
    assert isinstance(matching, Matching) and isinstance(ordering, Ordering)
    for version in planned.versions:
        sites, steps, _ = version.questions
        letters = {o.letter: o.plain for o in sites.options}
        assert [letters[c] for c in str(sites.short)] == [p.match for p in matching.pairs]
        entries = {o.letter: o.plain for o in steps.options}
        assert [entries[c] for c in str(steps.short)] == list(ordering.answer)
        assert str(steps.short) != "ABCD"
    html = render_quiz(deck, PrintOptions(versions=1, order="bank"))
    quiz, key = html.split('class="sheet key"', 1)
    assert quiz.count('class="letter-box"') == 4 + 4  # a box per item, a box per place
    assert [m for m in re.findall(r'class="ordinal">(\w+)<', quiz)] == ["1st", "2nd", "3rd", "4th"]
    assert "Marked in part: each right pair earns its share of the points." in quiz
    assert "Every place must be right for the points." in quiz
    assert "Marked in part: right options ticked minus wrong ones ticked" in quiz
    assert "<b>Matching:</b>" in quiz and "<b>Ordering:</b>" in quiz
    assert "partial: a share of the points per right pair" in key and "all in order needed for the points" in key


def test_with_two_entries_an_ordering_is_printed_reversed(tmp_path: Path) -> None:
    write(tmp_path, HEAD + "  - id: two\n    type: ordering\n    prompt: P\n    answer: [First, Second]\n")
    (deck,) = load_bank([tmp_path]).decks
    for version in plan_deck(deck, PrintOptions(versions=5)).versions:
        assert str(version.questions[0].short) == "BA"
    assert option_label(1) == "B"


def test_the_study_sheet_shows_each_item_with_its_match_and_the_entries_in_order(tmp_path: Path) -> None:
    write(tmp_path, SORTING)
    (deck,) = load_bank([tmp_path]).decks
    html = render_quiz(deck, PrintOptions(study=True))
    pairs = re.findall(r"<li>(\w+) \u2192 <span class=\"mark square filled\">[A-E]</span> ([^<]+)</li>", html)
    assert pairs == [
        ("Baclofen", "GABA-B receptors"), ("Tizanidine", "Alpha-2 adrenoceptors"),
        ("Dantrolene", "Ryanodine receptors"), ("Diazepam", "GABA-A receptors"),
    ]  # fmt: skip
    order = re.findall(r"<li><span class=\"mark square filled\">[A-D]</span> ([^<]+)</li>", html)
    assert order[:4] == ["Screening bolus", "Assess the response", "Implant the pump", "Titrate the dose"]
    assert 'class="letter-box"' not in html  # nothing to fill in on a study sheet


def test_matches_never_line_up_with_their_items_and_entries_never_stand_solved() -> None:
    import random

    from quizgen.model import unaligned_order

    for seed in range(300):
        for count, placed in ((2, 2), (3, 3), (5, 3), (6, 4)):
            order = unaligned_order(count, placed, random.Random(seed))
            assert sorted(order) == list(range(count))
            assert list(order[:placed]) != list(range(placed))
    assert unaligned_order(2, 2, random.Random(0)) == (1, 0)
