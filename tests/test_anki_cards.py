"""The Anki cards as a learner uses them: rendered by the real Anki, run in real headless Chromium.

A small bank is exported with quizgen, imported into a fresh collection with
the ``anki`` library, and each card's question and answer HTML (with the note
type's CSS) is taken from Anki itself. Chromium then plays the reviewer: it
shows the front, the test taps an option or types an answer, and the back is
shown either in the same page with its scripts re-run (as Anki's desktop app
does) or as a new page of the same origin (as clients that load each side
afresh do). ``[[type:Answer]]`` is replaced as Anki's reviewer replaces it:
an input on the front, Anki's own comparison on the back.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route

from quizgen.exporters.anki_cards import CardOption, marked_options_field, options_field
from quizgen.kinds import KINDS
from quizgen.load import load_bank
from tests.helpers import write_locked as write_locked_apkg

PUBLISHED = Path(__file__).parent / "data" / "published" / "baclofen-2026-11.apkg"
REPO = Path(__file__).parent.parent
T0 = 1_900_000_000  # later than the published package, so its note types update

BANK = """\
deck: Cards
topic: Tap
questions:
  - id: receptor
    type: mcq
    prompt: Baclofen is an agonist at which receptor?
    answer: GABA-B receptor
    distractors: [GABA-A receptor, NMDA receptor, Glycine receptor, Mu-opioid receptor, None of the above]
    pinned: [None of the above]
    explanation: A GABA analogue.

  - id: gaba
    type: multi
    prompt: Which are GABA receptors?
    answer: [GABA-A, GABA-B]
    distractors: [NMDA, AMPA]

  - id: sedation
    type: truefalse
    prompt: Baclofen adds to the sedation of alcohol.
    answer: true

  - id: brand
    type: typed
    prompt: A brand name of baclofen?
    answer: Lioresal
    accept: [Lioresal Intrathecal, "Gablofen, intrathecal"]

  - id: oral-max
    type: numeric
    prompt: The largest oral daily dose on the US label?
    answer: 80
    tolerance: 2
    unit: mg
"""

#: What Anki's desktop reviewer puts in place of [[type:Answer]] on the front.
TYPE_INPUT = '<center><input type=text id=typeans onkeypress="_typeAnsPress();"></center>'
#: The page a reviewer shows a card in; clients set a viewport for phones.
SHELL = (
    "<!doctype html><html><head><meta charset=utf-8>"
    "<meta name=viewport content='width=device-width, initial-scale=1'></head>"
    "<body class='card card1'><div id=qa>{}</div></body></html>"
)
RUN_SCRIPTS = """html => {
  const qa = document.getElementById('qa');
  qa.innerHTML = html;
  for (const old of Array.from(qa.querySelectorAll('script'))) {
    const fresh = document.createElement('script');
    for (const a of Array.from(old.attributes)) fresh.setAttribute(a.name, a.value);
    fresh.text = old.text;
    old.replaceWith(fresh);
  }
}"""


# -- the real Anki ------------------------------------------------------------


def fresh_collection(folder: Path) -> Any:
    from anki.collection import Collection

    folder.mkdir(parents=True)
    col = Collection(str(folder / "collection.anki2"))
    if not col.v3_scheduler():
        col.set_v3_scheduler(True)
    return col


def import_apkg(col: Any, path: Path) -> Any:
    from anki.collection import ImportAnkiPackageRequest

    options = col._backend.get_import_anki_package_presets()
    log = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log
    assert not (log.missing_notetype or log.missing_deck or log.empty_first_field or log.conflicting)
    return log


class Cards:
    """The imported collection, and each card's two sides as Anki renders them (CSS included)."""

    def __init__(self, col: Any) -> None:
        self.col = col
        self.notes = {col.get_note(n)["Question ID"]: col.get_note(n) for n in col.find_notes("")}

    def sides(self, qid: str) -> tuple[str, str]:
        card = self.notes[qid].cards()[0]
        return card.question(reload=True), card.answer()

    def typed_sides(self, qid: str, typed: str) -> tuple[str, str]:
        """Both sides with [[type:Answer]] replaced as the reviewer does, for ``typed`` as the learner's text."""
        front, back = self.sides(qid)
        expected = self.col._backend.strip_html(text=self.notes[qid]["Answer"], mode=0)
        comparison = self.col.compare_answer(expected, typed)
        return front.replace("[[type:Answer]]", TYPE_INPUT), back.replace("[[type:Answer]]", f"<div>{comparison}</div>")


def imported_cards(root: Path, bank: str) -> Iterator[Cards]:
    """``bank`` (one question file) built as a locked package and imported by the real Anki into a fresh collection."""
    (root / "q").mkdir()
    (root / "q" / "bank.yaml").write_text(bank, encoding="utf-8")
    (deck,) = load_bank([root / "q"]).decks
    write_locked_apkg(deck, root / "cards.apkg", root / "cards.lock.json", T0)
    col = fresh_collection(root / "anki")
    try:
        import_apkg(col, root / "cards.apkg")
        yield Cards(col)
    finally:
        col.close()


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cards]:
    yield from imported_cards(tmp_path_factory.mktemp("cards"), BANK)


# -- the browser as Anki's reviewer -------------------------------------------


class Reviewer:
    """Shows card sides in one tab of one origin: in the same page (``same``) or a page per side (``reload``)."""

    def __init__(self, context: BrowserContext, mode: str) -> None:
        self.mode = mode
        self.page: Page = context.new_page()
        self.served: dict[str, str] = {"/": ""}
        self.page.route("http://card.test/**", self._serve)
        self.page.goto("http://card.test/")
        self.shown = 0

    def _serve(self, route: Route) -> None:
        body = SHELL.format(self.served.get(urlparse(route.request.url).path, ""))
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

    def show(self, html: str) -> Page:
        if self.mode == "same":
            self.page.evaluate(RUN_SCRIPTS, html)
        else:
            self.shown += 1
            self.served[f"/side{self.shown}"] = html
            self.page.goto(f"http://card.test/side{self.shown}")
        return self.page

    def options(self) -> list[str]:
        return [t.strip() for t in self.page.locator("#qa ol.qg-options > li").all_inner_texts()]

    def tap(self, *texts: str) -> None:
        for text in texts:
            self.page.locator("#qa ol.qg-options > li > button", has_text=re.compile(f"^{re.escape(text)}$")).click()

    def verdict(self) -> str:
        found = self.page.locator("#qa .qg-verdict")
        return found.inner_text() if found.count() else ""


@pytest.fixture(params=["same", "reload"])
def reviewer(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Reviewer]:
    context = browser.new_context(viewport={"width": 800, "height": 900})
    try:
        yield Reviewer(context, request.param)
    finally:
        context.close()


def letter(options: list[str], text: str) -> str:
    return "ABCDEFGH"[options.index(text)]


# -- tapping --------------------------------------------------------------------


def test_a_tapped_mcq_choice_is_judged_on_the_back_in_the_order_the_front_showed(
    cards: Cards, reviewer: Reviewer
) -> None:
    front, back = cards.sides("receptor")
    for pick, word in [("GABA-B receptor", "right"), ("NMDA receptor", "wrong"), ("None of the above", "wrong")]:
        reviewer.show(front)
        shown = reviewer.options()
        reviewer.tap("GABA-A receptor")  # a change of mind: only the last tap counts
        reviewer.tap(pick)
        checked = reviewer.page.locator("#qa button[aria-checked=true]").all_inner_texts()
        assert checked == [pick]
        reviewer.show(back)
        assert reviewer.options() == shown
        assert reviewer.verdict() == f"You chose {letter(shown, pick)}: {word}"
        chosen = reviewer.page.locator("#qa li.qg-chosen")
        assert chosen.count() == 1 and pick in chosen.inner_text()


def test_multi_takes_several_taps_and_is_right_only_with_exactly_the_right_ones(
    cards: Cards, reviewer: Reviewer
) -> None:
    front, back = cards.sides("gaba")
    cases = [
        (["GABA-A", "GABA-B"], "right", []),
        (["GABA-A"], "wrong (1 of 2 right)", ["GABA-B"]),
        (["GABA-B", "AMPA"], "wrong (1 of 2 right, 1 wrong pick)", ["GABA-A"]),
        (["NMDA", "AMPA"], "wrong (0 of 2 right, 2 wrong picks)", ["GABA-A", "GABA-B"]),
    ]
    for picks, word, missed in cases:
        reviewer.show(front)
        shown = reviewer.options()
        reviewer.tap("GABA-A", *picks, "GABA-A")  # tapping twice unticks
        reviewer.show(back)
        letters = sorted(letter(shown, p) for p in picks)
        assert reviewer.verdict() == f"You chose {', '.join(letters)}: {word}"
        assert len(reviewer.page.locator("#qa li.qg-chosen").all()) == len(picks)
        assert [t.split("\n")[0] for t in reviewer.page.locator("#qa li.qg-missed").all_inner_texts()] == [
            o for o in shown if o in missed
        ]


def test_true_or_false_is_tapped_and_judged(cards: Cards, reviewer: Reviewer) -> None:
    front, back = cards.sides("sedation")
    for pick, word in [("True", "right"), ("False", "wrong")]:
        page = reviewer.show(front)
        assert reviewer.options() == ["True", "False"]
        reviewer.tap(pick)
        assert page.locator("#qa [role=radio][aria-checked=true]").inner_text() == pick
        reviewer.show(back)
        assert reviewer.verdict() == f"You chose {pick}: {word}"


def test_no_stale_choice_from_another_card_or_an_earlier_review(cards: Cards, reviewer: Reviewer) -> None:
    mcq_front, mcq_back = cards.sides("receptor")
    multi_front, multi_back = cards.sides("gaba")
    reviewer.show(mcq_front)
    reviewer.tap(re.findall(r"<li>(.*?)</li>", cards.notes["receptor"]["Options"])[0])  # a choice multi has too
    reviewer.show(multi_back)  # another card's back, as a preview shows it without its front
    assert reviewer.verdict() == ""
    reviewer.show(multi_front)  # another card: nothing tapped
    reviewer.show(multi_back)
    assert reviewer.verdict() == ""
    reviewer.show(mcq_front)  # the first card again, a later review: nothing tapped this time
    order = reviewer.options()
    reviewer.show(mcq_back)
    assert reviewer.verdict() == "" and reviewer.page.locator("#qa li.qg-chosen").count() == 0
    assert reviewer.options() == order


def test_options_are_reshuffled_every_review_with_the_pinned_one_last(cards: Cards, browser: Browser) -> None:
    context = browser.new_context()
    try:
        reviewer = Reviewer(context, "reload")
        front, _ = cards.sides("receptor")
        orders = set()
        for _ in range(12):
            reviewer.show(front)
            order = tuple(reviewer.options())
            assert order[-1] == "None of the above"
            assert sorted(order) == sorted(
                ["GABA-B receptor", "GABA-A receptor", "NMDA receptor", "Glycine receptor", "Mu-opioid receptor",
                 "None of the above"]
            )  # fmt: skip
            orders.add(order)
        assert len(orders) >= 2
    finally:
        context.close()


def test_the_choice_survives_where_session_storage_is_refused(cards: Cards, browser: Browser) -> None:
    """Some webviews have no storage, or throw on touching it: one page keeps the choice in memory."""
    context = browser.new_context()
    try:
        context.add_init_script(
            "Object.defineProperty(window, 'sessionStorage', {get() { throw new Error('denied'); }})"
        )
        reviewer = Reviewer(context, "same")
        front, back = cards.sides("receptor")
        reviewer.show(front)
        shown = reviewer.options()
        reviewer.tap("GABA-B receptor")
        reviewer.show(back)
        assert reviewer.verdict() == f"You chose {letter(shown, 'GABA-B receptor')}: right"
    finally:
        context.close()


def test_a_right_option_the_learner_missed_looks_unlike_one_they_picked(cards: Cards, reviewer: Reviewer) -> None:
    """On the back, a missed right option is outlined and says "missed"; a right pick is filled and ticked."""
    front, back = cards.sides("gaba")
    reviewer.show(front)
    reviewer.tap("GABA-B")
    page = reviewer.show(back)
    picked, missed = page.locator("#qa li.qg-chosen.qg-right"), page.locator("#qa li.qg-missed")
    assert picked.inner_text().startswith("GABA-B") and missed.inner_text().startswith("GABA-A")

    def look(item: Any) -> dict[str, str]:
        return dict(
            item.evaluate(
                "e => { const s = getComputedStyle(e); return {bg: s.backgroundColor, outline: s.outlineStyle,"
                " after: getComputedStyle(e, '::after').content}; }"
            )
        )

    assert look(missed) == {"bg": "rgba(0, 0, 0, 0)", "outline": "dashed", "after": '" \u2713 missed"'}
    assert look(picked)["bg"] != "rgba(0, 0, 0, 0)" and look(picked)["outline"] == "none"


@pytest.mark.parametrize(("qid", "pick"), [("receptor", "NMDA receptor"), ("gaba", "AMPA"), ("sedation", "False")])
def test_the_verdict_comes_first_on_the_back_where_a_phone_shows_it_without_scrolling(
    cards: Cards, browser: Browser, qid: str, pick: str
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True)
    try:
        reviewer = Reviewer(context, "same")
        front, back = cards.sides(qid)
        reviewer.show(front)
        reviewer.tap(pick)
        page = reviewer.show(back)
        verdict = page.locator("#qa .qg-verdict").bounding_box()
        answer = page.locator("#qa ol.qg-options > li, #qa .qg-answer").first.bounding_box()
        assert verdict is not None and answer is not None
        assert verdict["y"] + verdict["height"] <= answer["y"]
        assert verdict["y"] + verdict["height"] <= 667
    finally:
        context.close()


# -- typed answers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("Lioresal", "Right"),
        ("  lioresal ", "Right"),
        ("lioresal intrathecal", "Right"),
        ("Gablofen, intrathecal", "Right"),  # an accepted answer with a comma in it stays whole
        ("intrathecal", "Wrong"),
        ("Lioresl", "Close"),
        ("Baclofen", "Wrong"),
    ],
)
def test_a_typed_answer_gets_a_lenient_verdict_beside_ankis_comparison(
    cards: Cards, reviewer: Reviewer, typed: str, word: str
) -> None:
    front, back = cards.typed_sides("brand", typed)
    page = reviewer.show(front)
    page.locator("#typeans").fill(typed)
    reviewer.show(back)
    assert reviewer.verdict().startswith(word)
    comparison = page.locator("#qa code#typeans")
    assert comparison.count() == 1  # Anki's own comparison is still shown, below the verdict
    assert page.locator("#qa .qg-verdict + div > code#typeans").count() == 1


def test_the_text_box_is_styled_and_ankis_comparison_is_left_as_anki_draws_it(cards: Cards, reviewer: Reviewer) -> None:
    """The card's border belongs to the box the learner types in; around Anki's comparison, which wraps
    into several lines, it would be drawn in broken pieces."""
    front, back = cards.typed_sides("brand", "Lioresl")
    page = reviewer.show(front)
    border = "e => getComputedStyle(e).borderTopStyle + ' ' + getComputedStyle(e).borderTopWidth"
    assert page.locator("#qa input#typeans").evaluate(border) == "solid 1px"
    reviewer.show(back)
    assert page.locator("#qa code#typeans").evaluate(border) == "none 0px"


def test_a_typed_answer_from_outside_the_page_is_read_back_from_ankis_comparison(
    cards: Cards, reviewer: Reviewer
) -> None:
    """Clients that type into their own text box only give the back Anki's comparison of the text."""
    for typed, word in [("Lioresl", "Close"), ("Lioresal", "Right"), ("Baclofen", "Wrong"), ("", "")]:
        front, back = cards.typed_sides("brand", typed)
        reviewer.show(front)  # nothing typed in the page
        reviewer.show(back)
        assert reviewer.verdict().split(":")[0].split(" ")[0] == word


# -- numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("80", "Right"),
        ("80 mg", "Right"),
        ("80mg", "Right"),
        ("78", "Right"),  # the bounds are inside
        ("82,0 mg", "Right"),
        ("8e1", "Right"),
        ("80 Mg", "Wrong"),
        ("80 g", "Wrong"),
        ("800", "Wrong"),
        ("8", "Wrong"),
        ("1,000", "Wrong: a comma before exactly three digits is ambiguous"),
    ],
)
def test_a_typed_number_is_judged_with_its_tolerance_and_unit_on_the_back(
    cards: Cards, reviewer: Reviewer, typed: str, word: str
) -> None:
    front, back = cards.typed_sides("oral-max", typed)
    page = reviewer.show(front)
    assert page.locator("#qa .qg-ask").inner_text() == "Answer in mg"
    page.locator("#typeans").fill(typed)
    reviewer.show(back)
    assert reviewer.verdict() == word or (word.startswith("Wrong:") and reviewer.verdict().startswith(word))
    assert page.locator("#qa .qg-answer").inner_text() == "80 mg (78 to 82 mg)"  # the accepted range
    if word:  # the verdict first, above Anki's comparison, as for a typed answer
        assert page.locator("#qa .qg-verdict + div > code#typeans").count() == 1


def test_a_number_typed_outside_the_page_is_read_back_from_ankis_comparison(cards: Cards, reviewer: Reviewer) -> None:
    for typed, word in [("81", "Right"), ("81 g", "Wrong"), ("", "")]:
        front, back = cards.typed_sides("oral-max", typed)
        reviewer.show(front)
        reviewer.show(back)
        assert reviewer.verdict() == word


def test_without_javascript_a_number_card_still_asks_and_shows_the_range(cards: Cards, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        reviewer = Reviewer(context, "reload")
        front, back = cards.typed_sides("oral-max", "81")
        page = reviewer.show(front)
        assert page.get_by_text("Answer in mg").is_visible() and page.locator("#typeans").is_visible()
        reviewer.show(back)
        assert page.locator("#qa .qg-answer").inner_text() == "80 mg (78 to 82 mg)"
        assert page.locator("#qa code#typeans").count() == 1  # Anki's own comparison
        assert not page.locator("#qa .qg-data-low").is_visible()
        assert reviewer.verdict() == ""
    finally:
        context.close()


# -- without JavaScript, and on a phone ---------------------------------------


def test_without_javascript_the_cards_work_as_plain_html(cards: Cards, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        reviewer = Reviewer(context, "reload")
        front, back = cards.sides("receptor")
        page = reviewer.show(front)
        stored = re.findall(r"<li[^>]*>(.*?)</li>", cards.notes["receptor"]["Options"])
        assert reviewer.options() == stored  # the field's order
        assert page.locator("#qa button").count() == 0
        reviewer.show(back)
        right = page.locator("#qa li.qg-right")
        assert right.count() == 1 and right.inner_text().startswith("GABA-B receptor")
        assert right.evaluate("e => getComputedStyle(e, '::after').content") == '" \u2713"'
        assert reviewer.verdict() == ""

        front, back = cards.sides("sedation")
        page = reviewer.show(front)
        assert page.get_by_text("True or false?").is_visible()
        assert not page.locator("#qa ol.qg-tf").is_visible()
        reviewer.show(back)
        assert page.locator("#qa .qg-answer").inner_text() == "True"
    finally:
        context.close()


def test_on_a_narrow_night_mode_screen_options_fit_and_use_night_colours(cards: Cards, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    try:
        reviewer = Reviewer(context, "same")
        page = reviewer.page
        front, back = cards.sides("receptor")
        reviewer.show(front)
        page.evaluate("document.body.classList.add('nightMode')")
        page.locator("#qa ol.qg-options > li > button").first.tap()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        sizes = page.locator("#qa button.qg-opt").evaluate_all("bs => bs.map(b => b.getBoundingClientRect().height)")
        assert min(sizes) >= 44  # the usual smallest comfortable tap target
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(30, 30, 30)"
        reviewer.show(back)
        assert re.fullmatch(r"You chose [A-E]: (right|wrong)", reviewer.verdict())
    finally:
        context.close()


def test_reasons_show_beside_the_options_on_the_back_only_muted(cards: Cards, browser: Browser) -> None:
    """A note whose fields carry reasons (``{text, why}`` options), rendered by Anki like any other."""
    options = [
        CardOption("GABA-B", "Its only approved agonist.", right=True, pinned=False),
        CardOption("GABA-A", "Where benzodiazepines act.", right=False, pinned=False),
        CardOption("None of these", "", right=False, pinned=True),
    ]
    col = cards.col
    note = col.new_note(col.models.get(KINDS["mcq"].note.id))
    fields = {"Prompt": "Target?", "Options": options_field(options), "Answer": "GABA-B"}
    fields |= {"Marked options": marked_options_field(options), "Question ID": "with-reasons"}
    for name, value in fields.items():
        note[name] = value
    col.add_note(note, col.decks.id("Reasons"))
    card = note.cards()[0]
    front, back = card.question(reload=True), card.answer()
    assert "benzodiazepines" not in front
    context = browser.new_context()
    try:
        reviewer = Reviewer(context, "same")
        reviewer.show(front)
        reviewer.tap("GABA-A")
        page = reviewer.show(back)
        why = page.locator("#qa li.qg-chosen .qg-why")
        assert why.inner_text() == "Where benzodiazepines act."
        muted = page.evaluate("getComputedStyle(document.body).getPropertyValue('--qg-muted').trim()")
        assert why.evaluate("e => getComputedStyle(e).color") == _rgb(muted)
        assert reviewer.verdict().endswith(": wrong")
    finally:
        context.close()


def _rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


# -- what learners already have -----------------------------------------------


def test_note_types_keep_exactly_the_published_ids_names_and_fields(tmp_path: Path) -> None:
    col = fresh_collection(tmp_path / "anki")
    try:
        import_apkg(col, PUBLISHED)
        published = {m["id"]: m for m in col.models.all() if m["name"].startswith("quizgen")}
        declared = {k.note.id: k.note for k in KINDS.values() if k.note.id in published}  # new types: new ids
        assert published.keys() == declared.keys()
        assert {mid: [f["name"] for f in m["flds"]] for mid, m in published.items()} == {
            mid: list(note.field_names) for mid, note in declared.items()
        }
        assert {mid: m["name"] for mid, m in published.items()} == {mid: note.name for mid, note in declared.items()}
    finally:
        col.close()


def test_republishing_the_deck_updates_learners_note_types_and_notes_in_place(tmp_path: Path) -> None:
    lock = tmp_path / "baclofen.lock.json"
    lock.write_bytes((REPO / "decks" / "baclofen.lock.json").read_bytes())
    (deck,) = load_bank([REPO / "questions" / "baclofen"]).decks
    write_locked_apkg(deck, tmp_path / "baclofen.apkg", lock, T0)
    col = fresh_collection(tmp_path / "anki")
    try:
        first = import_apkg(col, PUBLISHED)
        log = import_apkg(col, tmp_path / "baclofen.apkg")
        published_ids = {n.fields[-1] for n in first.new}
        added = [q.id for q in deck.questions() if q.id not in published_ids]
        assert len(log.new) == len(added) and len(log.updated) > 0 and len(log.conflicting) == 0
        assert col.note_count() == len(first.new) + len(added)
        models: list[dict[str, Any]] = [m for m in col.models.all() if m["name"].startswith("quizgen")]
        assert len(models) == len(KINDS)
        mcq = col.models.get(KINDS["mcq"].note.id)
        assert "qg-opt" in mcq["css"] and "sessionStorage" in mcq["tmpls"][0]["qfmt"]
    finally:
        col.close()


def test_a_script_that_anki_would_read_as_a_field_is_refused_at_build() -> None:
    """Inlined into a template, "{{" would start a field reference and break every card of the note type."""
    from quizgen.exporters.anki_cards import TEMPLATES, _script

    with pytest.raises(ValueError, match="must not contain"):
        _script("var nested = {{}};")
    with pytest.raises(ValueError, match="must not contain"):
        _script("var end = '</script>';")
    for qfmt, afmt in TEMPLATES.values():
        for side in (qfmt, afmt):
            for script in re.findall(r"<script>(.*?)</script>", side, re.S):
                assert "{{" not in script


CARD = REPO / "quizgen" / "exporters" / "card"


def _scripts() -> list[tuple[str, str]]:
    """Each resource file as the card wraps it (a body of one function), then each script as a template inlines it."""
    from quizgen.exporters.anki_cards import TEMPLATES

    found = [(p.name, f"(function () {{\n{p.read_text(encoding='utf-8')}\n}})();") for p in sorted(CARD.glob("*.js"))]
    for qtype, sides in TEMPLATES.items():
        for side, html in zip(("front", "back"), sides, strict=True):
            scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
            found += [(f"{qtype} {side} script {n}", script) for n, script in enumerate(scripts, 1)]
    return found


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed: the card scripts are not linted")
def test_every_card_script_is_valid_javascript(tmp_path: Path) -> None:
    """``node --check`` on each file of ``card/`` and on each script exactly as a template inlines it (the files put
    together with their generated data). A syntax error would silently leave every card of a note type without
    its script; Node is needed only here, never to build."""
    scripts = _scripts()
    assert [name for name, _ in scripts[:4]] == ["back.js", "common.js", "front.js", "judge.js"]
    # 10 files; front and back of mcq, multi, truefalse, typed, numeric, matching, ordering (numeric's back
    # holds its own judge); typed's back also has the shared judge
    assert len(scripts) == 10 + 15
    failed = []
    for n, (name, script) in enumerate(scripts):
        path = tmp_path / f"{n}.js"
        path.write_text(script, encoding="utf-8")
        run = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True, check=False)
        if run.returncode:
            failed.append(f"{name}: {run.stderr}")
    assert not failed, "\n".join(failed)
