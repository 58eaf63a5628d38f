"""The matching and ordering cards in Chromium as Anki renders them (imported with the real anki library):
tap an item then a match, or the entries in order; the back marks the learner's own pairs or places right
or wrong, in the letters the front showed; the choice survives a page reload and refused storage; without
JavaScript the back still shows every right pair and the right order."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from tests.test_anki_cards import Cards, Reviewer, imported_cards

BANK = """\
deck: Cards
topic: Sorting
questions:
  - id: sites
    type: matching
    prompt: Match each drug to its site.
    pairs:
      - {item: Baclofen, match: GABA-B receptors}
      - {item: Tizanidine, match: Alpha-2 adrenoceptors}
      - {item: Dantrolene, match: Ryanodine receptors}
    distractors: [Nicotinic receptors]
  - id: steps
    type: ordering
    prompt: Put the steps in order.
    answer: [Screening bolus, Assess the response, Implant the pump, Titrate the dose]
"""
RIGHT = {"Baclofen": "GABA-B receptors", "Tizanidine": "Alpha-2 adrenoceptors", "Dantrolene": "Ryanodine receptors"}
STEPS = ["Screening bolus", "Assess the response", "Implant the pump", "Titrate the dose"]


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cards]:
    yield from imported_cards(tmp_path_factory.mktemp("sorting"), BANK)


@pytest.fixture(params=["same", "reload"])
def reviewer(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Reviewer]:
    context = browser.new_context(viewport={"width": 800, "height": 900})
    try:
        yield Reviewer(context, request.param)
    finally:
        context.close()


def texts(reviewer: Reviewer, selector: str) -> list[str]:
    """The texts of a list's items, without the letter a tapped item shows."""
    return [t.split("\n")[0].strip() for t in reviewer.page.locator(f"#qa {selector} > li").all_inner_texts()]


def tap(reviewer: Reviewer, selector: str, text: str) -> None:
    reviewer.page.locator(f"#qa {selector} > li > button", has_text=re.compile(f"^{re.escape(text)}")).click()


def pair_rows(reviewer: Reviewer) -> list[tuple[str, str]]:
    rows = reviewer.page.locator("#qa ol.qg-pairs > li")
    return [(rows.nth(i).get_attribute("class") or "", rows.nth(i).inner_text()) for i in range(rows.count())]


def test_a_tapped_matching_is_marked_pair_by_pair_in_the_letters_the_front_showed(
    cards: Cards, reviewer: Reviewer
) -> None:
    front, back = cards.sides("sites")
    reviewer.show(front)
    matches = texts(reviewer, "ol.qg-matches")
    assert sorted(matches) == sorted([*RIGHT.values(), "Nicotinic receptors"])
    # Baclofen and Tizanidine swapped; Dantrolene right. A tapped item takes the next tapped match.
    given = {"Baclofen": "Alpha-2 adrenoceptors", "Tizanidine": "GABA-B receptors", "Dantrolene": "Ryanodine receptors"}
    for item, match in given.items():
        tap(reviewer, "ol.qg-items", item)
        tap(reviewer, "ol.qg-matches", match)
    got = reviewer.page.locator("#qa ol.qg-items .qg-got").all_inner_texts()
    assert got == ["ABCD"[matches.index(m)] for m in given.values()]
    reviewer.show(back)
    assert reviewer.verdict() == "1 of 3 pairs right"
    rows = pair_rows(reviewer)
    assert [("qg-pair-right" in c, "qg-pair-wrong" in c) for c, _ in rows] == [
        (False, True),
        (False, True),
        (True, False),
    ]
    for (item, match), (_, text) in zip(RIGHT.items(), rows, strict=True):
        assert text.startswith(f"{item} \u2192 {'ABCD'[matches.index(match)]} {match}")  # the letter shown
    assert f"You matched {'ABCD'[matches.index('Alpha-2 adrenoceptors')]} Alpha-2 adrenoceptors" in rows[0][1]

    reviewer.show(front)  # another review, all right
    matches = texts(reviewer, "ol.qg-matches")
    for item, match in RIGHT.items():
        tap(reviewer, "ol.qg-items", item)
        tap(reviewer, "ol.qg-matches", match)
    reviewer.show(back)
    assert reviewer.verdict() == "All 3 pairs right"


def test_matches_are_reshuffled_every_review(cards: Cards, browser: Browser) -> None:
    context = browser.new_context()
    try:
        reviewer = Reviewer(context, "same")
        front, _ = cards.sides("sites")
        orders = set()
        for _ in range(12):
            reviewer.show(front)
            orders.add(tuple(texts(reviewer, "ol.qg-matches")))
        assert len(orders) > 1
    finally:
        context.close()


def test_an_ordering_is_tapped_in_order_and_marked_place_by_place(cards: Cards, reviewer: Reviewer) -> None:
    front, back = cards.sides("steps")
    reviewer.show(front)
    shown = texts(reviewer, "ol.qg-entries")
    assert sorted(shown) == sorted(STEPS) and shown != STEPS  # never shown in the right order
    picked = [STEPS[0], STEPS[2], STEPS[1], STEPS[3]]
    for entry in [STEPS[3], *picked[:-1]]:
        tap(reviewer, "ol.qg-entries", entry)
    tap(reviewer, "ol.qg-entries", STEPS[3])  # tapped again: out, and back in last
    tap(reviewer, "ol.qg-entries", STEPS[3])
    letters = ["ABCD"[shown.index(e)] for e in picked]
    reviewer.show(back)
    assert reviewer.verdict() == f"Your order {' '.join(letters)}: 2 of 4 in place"
    rows = reviewer.page.locator("#qa ol.qg-sequence > li")
    marks = ["qg-pair-right" in (rows.nth(i).get_attribute("class") or "") for i in range(4)]
    assert marks == [True, False, False, True]
    assert rows.nth(1).inner_text().startswith(f"{'ABCD'[shown.index(STEPS[1])]} {STEPS[1]}")
    assert f"You put {'ABCD'[shown.index(STEPS[2])]} {STEPS[2]} here" in rows.nth(1).inner_text()


def test_the_choice_survives_where_session_storage_is_refused(cards: Cards, browser: Browser) -> None:
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'sessionStorage', {get() { throw new Error('no'); }});")
    try:
        reviewer = Reviewer(context, "same")
        front, back = cards.sides("sites")
        reviewer.show(front)
        for item, match in RIGHT.items():
            tap(reviewer, "ol.qg-items", item)
            tap(reviewer, "ol.qg-matches", match)
        reviewer.show(back)
        assert reviewer.verdict() == "All 3 pairs right"
        front, back = cards.sides("steps")
        reviewer.show(front)
        for entry in STEPS:
            tap(reviewer, "ol.qg-entries", entry)
        reviewer.show(back)
        assert reviewer.verdict().endswith(": right")
    finally:
        context.close()


def test_without_javascript_the_back_shows_every_right_pair_and_the_order(cards: Cards, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        reviewer = Reviewer(context, "reload")
        front, back = cards.sides("sites")
        page = reviewer.show(front)
        stored = re.findall(r"<li>(.*?)</li>", cards.notes["sites"]["Matches"])
        assert texts(reviewer, "ol.qg-matches") == stored and page.locator("#qa button").count() == 0
        assert texts(reviewer, "ol.qg-items") == list(RIGHT)
        reviewer.show(back)
        rows = [text for _, text in pair_rows(reviewer)]
        assert rows == [f"{i} \u2192 {'ABCD'[stored.index(m)]} {m}" for i, m in RIGHT.items()]
        assert reviewer.verdict() == ""

        front, back = cards.sides("steps")
        reviewer.show(front)
        shown = texts(reviewer, "ol.qg-entries")
        assert shown != STEPS
        reviewer.show(back)
        assert texts(reviewer, "ol.qg-sequence") == [f"{'ABCD'[shown.index(s)]} {s}" for s in STEPS]
        assert not reviewer.page.locator("#qa ol.qg-entries").is_visible()
    finally:
        context.close()


def test_nothing_stale_from_an_earlier_review(cards: Cards, reviewer: Reviewer) -> None:
    front, back = cards.sides("sites")
    reviewer.show(front)
    tap(reviewer, "ol.qg-items", "Baclofen")
    tap(reviewer, "ol.qg-matches", "GABA-B receptors")
    reviewer.show(front)  # a later review: nothing tapped this time
    reviewer.show(back)
    assert reviewer.verdict() == ""
    assert not reviewer.page.locator("#qa .qg-pair-wrong, #qa .qg-pair-right").count()


def test_the_note_types_are_new_and_fixed(cards: Cards) -> None:
    from quizgen.kinds import KINDS

    for qid, kind in (("sites", KINDS["matching"]), ("steps", KINDS["ordering"])):
        model = cards.notes[qid].note_type()
        assert model is not None
        assert model["id"] == kind.note.id
        assert [f["name"] for f in model["flds"]] == list(kind.note.field_names)


def test_on_a_phone_every_item_and_match_is_a_tap_target_that_fits(cards: Cards, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    try:
        reviewer = Reviewer(context, "reload")  # AnkiDroid: front and back are separate pages
        page = reviewer.page
        front, back = cards.sides("sites")
        reviewer.show(front)
        page.evaluate("document.body.classList.add('nightMode')")
        for item, match in RIGHT.items():
            page.locator("#qa ol.qg-items > li > button", has_text=item).tap()
            page.locator("#qa ol.qg-matches > li > button", has_text=match).tap()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        sizes = page.locator("#qa button.qg-opt").evaluate_all("bs => bs.map(b => b.getBoundingClientRect().height)")
        assert len(sizes) == 3 + 4 and min(sizes) >= 44
        reviewer.show(back)
        assert reviewer.verdict() == "All 3 pairs right"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
