"""Printed points and pools: each version draws one member of every pool, totals add up, blanks are labelled.

``tests/banks/print-pools`` has a pool of three across two topics (mcq, typed,
basic; 2 points each), a pool of three truefalse, clozes with ``points``
split over their numbers (1.5, 1/3) and with deletions sharing a number.
"""

from __future__ import annotations

import re
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.exporters.html import Order, PrintOptions, format_points, plan_deck, render_document
from quizgen.load import load_bank
from quizgen.model import Bank, Deck, points
from tests.helpers import write_files

POOLS = Path(__file__).parent / "banks" / "print-pools"


def pools_deck() -> Deck:
    (deck,) = load_bank([POOLS]).decks
    return deck


def drawn(deck: Deck, options: PrintOptions) -> dict[str, list[str]]:
    """Version letter -> the ids it prints, in order."""
    return {v.letter: [pq.question.id for pq in v.questions] for v in plan_deck(deck, options).versions}


def test_each_version_takes_one_member_of_each_pool_and_neighbours_differ() -> None:
    deck = pools_deck()
    receptor = {"receptor-mcq", "receptor-typed", "receptor-basic"}
    sedation = {"sedation-1", "sedation-2", "sedation-3"}
    got = drawn(deck, PrintOptions(versions=6, seed=1))
    for ids in got.values():
        assert len(ids) == 7 == len(set(ids))
        assert len(receptor & set(ids)) == 1 and len(sedation & set(ids)) == 1
    for pool in (receptor, sedation):
        members = [next(i for i in got[letter] if i in pool) for letter in "ABCDEF"]
        assert len(set(members[:3])) == 3, "three versions of a pool of three take all three members"
        assert members[:3] == members[3:], "then the cycle repeats"
    other = {tuple(drawn(deck, PrintOptions(versions=3, seed=s))["A"]) for s in range(8)}
    assert len({frozenset(ids) & receptor for ids in other}) > 1, "the seed picks where the cycle starts"


def test_draws_are_reproducible_and_do_not_depend_on_the_number_of_versions() -> None:
    deck = pools_deck()
    two = drawn(deck, PrintOptions(versions=2, seed="term"))
    five = drawn(deck, PrintOptions(versions=5, seed="term"))
    assert two["A"] == five["A"] and two["B"] == five["B"]
    assert drawn(deck, PrintOptions(versions=2, seed="term")) == two


def test_count_counts_a_pool_as_one_question(tmp_path: Path) -> None:
    items = "".join(
        f"  - id: p{n}\n    type: truefalse\n    pool: big\n    prompt: Pool member {n}.\n    answer: true\n"
        for n in range(5)
    ) + "".join(f"  - id: s{n}\n    prompt: Single {n}?\n    answer: A\n" for n in range(2))
    bank = load_bank([write_files(tmp_path / "bank", {"a.yaml": f"deck: D\ntopic: T\nquestions:\n{items}"})])
    for seed in range(6):
        for ids in drawn(bank.decks[0], PrintOptions(versions=3, seed=seed, count=3)).values():
            assert sorted(i[0] for i in ids) == ["p", "s", "s"], (seed, ids)
    counts = {len(ids) for ids in drawn(bank.decks[0], PrintOptions(count=2, seed=4)).values()}
    assert counts == {2}


def test_sections_place_a_pool_under_the_topic_of_the_member_drawn() -> None:
    deck = pools_deck()
    for letter_version in plan_deck(deck, PrintOptions(versions=3, seed=1, sections=True)).versions:
        for section in letter_version.sections:
            assert {pq.question.topic for pq in section.questions} == {section.title}


def test_points_on_the_quiz_and_in_the_key() -> None:
    html = render_document(load_bank([POOLS]).decks, PrintOptions(versions=2, seed=1))
    quiz_a = html.split('id="quiz-d1-a">')[1].split("</article>")[0]
    key_a = html.split('id="key-d1-a">')[1].split("</article>")[0]
    assert "<span>/ 12</span>" in quiz_a and "7 questions · 12 points" in quiz_a
    assert "Total, version A: 12 points" in key_a and "7 questions · 12 points" in key_a
    pills = re.findall(r'<span class="pts">([^<]+)</span>', quiz_a)
    assert sorted(pills) == sorted(["2 pts", "3 pts", "2 pts", "1 pt", "1 pt", "1 pt", "2 pts"])
    assert re.findall(r"<section class=\"k\">.*?</section>", key_a, re.S), "the key lists every question"
    girk = [
        re.sub(r'(?<=<span class="blank-no">)[0-9]+', "N", b)
        for b in re.findall(r'<span class="k-blank">(.*?)</span>\n', key_a)
    ]
    assert (
        '<span class="blank-no">Na</span> GIRK <span class="k-also">(also Kir3)</span> '
        '<span class="pts">1.5 pts</span>' in girk
    )
    assert '<span class="blank-no">Nb</span> potassium <span class="pts">1/3 pt</span>' in girk
    assert '<span class="blank-no">Nb</span> B / B1 / B2 <span class="pts">1 pt</span>' in girk, (
        "a deletion number used three times is one label in the key, with each of its answers"
    )


def test_blank_labels_are_the_question_number_and_a_letter_per_deletion_number() -> None:
    html = render_document(load_bank([POOLS]).decks, PrintOptions(seed=1, key=False))
    number, shared = next(
        (n, p)
        for n, p in re.findall(r'<span class="q-no">(\d+)\.</span>\s*<div class="q-prompt">(.*?)</div>', html)
        if "heterodimer" in p
    )
    labels = re.findall(r'<span class="blank-no">(\w+)</span>', shared)
    assert labels == [f"{number}a", f"{number}b", f"{number}b", f"{number}b"], "one label per deletion number"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Fraction(2), "2"), (Fraction(3, 2), "1.5"), (Fraction(1, 4), "0.25"), (Fraction(1, 3), "1/3"),
     (Fraction(4, 3), "1 1/3"), (Fraction(2, 3), "2/3")],
)  # fmt: skip
def test_points_are_shown_exactly(value: Fraction, shown: str) -> None:
    assert format_points(value) == shown


# -- any bank with pools ---------------------------------------------------------

question_kind = st.sampled_from(["truefalse", "basic", "cloze1", "cloze3"])
unit = st.tuples(st.integers(1, 4), st.integers(1, 3), st.lists(question_kind, min_size=1, max_size=1), st.booleans())


def bank_yaml(units: list[tuple[int, int, list[str], bool]], topics: int) -> dict[str, str]:
    """Files of one deck: each unit a pool of ``size`` (or a lone question), members spread over topics."""
    files: dict[str, list[str]] = {f"t{t}.yaml": [] for t in range(topics)}
    n = 0
    for u, (size, pts, (kind,), explicit) in enumerate(units):
        for m in range(size):
            head = f"  - id: q{n}\n" + (f"    pool: pool{u}\n" if size > 1 else "")
            head += f"    points: {pts}\n" if explicit or kind.startswith("cloze") else ""
            if kind == "truefalse":
                body = f"    type: truefalse\n    prompt: U{u} M{m} true?\n    answer: true\n"
            elif kind == "basic":
                body = f"    prompt: U{u} M{m} why?\n    answer: because\n"
            else:
                gaps = " ".join(f"{{{{c{k}::w{k}}}}}" for k in range(1, int(kind[-1]) + 1))
                body = f"    type: cloze\n    prompt: U{u} M{m} {gaps}\n"
            files[f"t{(u + m) % topics}.yaml"].append(head + body)
            n += 1
    return {
        name: f"deck: Any\ntopic: {name[:-5]}\nquestions:\n{''.join(items)}" for name, items in files.items() if items
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    units=st.lists(unit, min_size=1, max_size=8),
    topics=st.integers(1, 3),
    versions=st.integers(1, 5),
    count=st.none() | st.integers(1, 9),
    sections=st.booleans(),
    order=st.sampled_from(["shuffle", "bank"]),
    seed=st.integers(0, 10**6),
)
def test_any_bank_every_version_holds_one_member_of_each_pool_and_totals_add_up(
    units: list[tuple[int, int, list[str], bool]],
    topics: int,
    versions: int,
    count: int | None,
    sections: bool,
    order: Order,
    seed: int,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        bank: Bank = load_bank([write_files(Path(folder), bank_yaml(units, topics))])
    (deck,) = bank.decks
    options = PrintOptions(versions=versions, seed=seed, count=count, sections=sections, order=order)
    planned = plan_deck(deck, options)
    html = render_document(bank.decks, options)
    expected_units = len(units) if count is None else min(count, len(units))
    chosen: set[str] | None = None
    previous: dict[str, str] = {}
    for v in planned.versions:
        questions = [pq.question for pq in v.questions]
        groups = {q.pool or q.id for q in questions}
        assert len(groups) == len(questions) == expected_units, "one member of each chosen pool, no pool twice"
        chosen = groups if chosen is None else chosen
        assert groups == chosen, "every version holds the same pools"
        for q in questions:
            if q.pool and q.pool in previous:
                size = sum(1 for other in deck.questions() if other.pool == q.pool)
                assert (q.id != previous[q.pool]) == (size > 1), "neighbouring versions differ where they can"
        previous = {q.pool: q.id for q in questions if q.pool}
        total = sum((points(q) for q in questions), Fraction(0))
        assert v.points == total
        assert f'id="{v.page}">' in html
        assert re.search(rf'id="{v.page}">.*?<span>/ {re.escape(format_points(total))}</span>', html, re.S)
        assert f"Total, version {v.letter}: {format_points(total)} point" in html
        assert [pq.number for pq in v.questions] == list(range(1, len(questions) + 1))
