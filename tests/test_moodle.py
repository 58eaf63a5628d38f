"""``quizgen moodle``: every field a teacher gets in Moodle, read back with our own reader.

Moodle's importer cannot run in CI (it is PHP and cannot be fetched there), so
these tests hold the export to the facts of that importer: every fraction one
of its grade options, category paths split as it splits them, cloze blanks
read as its cloze parser reads them, and our reader checked against Moodle's
own example files. ``test_moodle_harness.py`` runs the real importer when a
Moodle tree is at hand.
"""

from __future__ import annotations

import html.parser
import xml.etree.ElementTree as ET
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from quizgen.exporters.moodle import (
    GRADE_OPTIONS,
    Scoring,
    category_path,
    choice_grades,
    cloze_weights,
    moodle_xml,
    question_name,
)
from quizgen.judge import number_range
from quizgen.load import load_bank
from quizgen.model import (
    Bank,
    Basic,
    Cloze,
    Deletion,
    Matching,
    Mcq,
    Multi,
    Numeric,
    Ordering,
    Question,
    TrueFalse,
    Typed,
    points,
)
from quizgen.render import to_html, to_plain
from tests.helpers import cli, write_files
from tests.moodle_reader import Answer, read_moodle, split_category
from tests.moodle_reader import Question as MoodleQuestion

REPO = Path(__file__).resolve().parent.parent
#: Moodle's own example files (question/format/xml/tests/fixtures/, Moodle 4.5), in the shared/lms/ folder
#: that sits beside the repository (or beside the folder of its worktrees).
EXAMPLES = next(
    (p / "shared" / "lms" / "moodle-xml-examples" for p in REPO.parents if (p / "shared" / "lms").is_dir()),
    REPO.parent / "shared" / "lms" / "moodle-xml-examples",
)
TEST_BANK = REPO / "tests" / "banks" / "moodle"


def moodle_example(name: str) -> bytes:
    """One of Moodle's example files; the test is skipped where shared/ is not beside the checkout (CI has it)."""
    path = EXAMPLES / name
    if not path.is_file():
        pytest.skip(f"Moodle's example files are not at {EXAMPLES}")
    return path.read_bytes()


MOODLE_TYPES = {"basic": "essay", "mcq": "multichoice", "multi": "multichoice", "truefalse": "truefalse",
                "cloze": "cloze", "typed": "shortanswer", "numeric": "numerical", "matching": "matching",
                "ordering": "ordering"}  # fmt: skip


def is_grade_option(fraction: float) -> bool:
    """Moodle's own test (``match_grade_options`` with "error"): within 0.00001 of an option."""
    return any(abs(fraction - float(g)) < 0.00001 for g in GRADE_OPTIONS)


def exported(bank: Bank) -> list[tuple[Question, MoodleQuestion]]:
    questions = read_moodle(moodle_xml(bank.decks).xml)
    by_id = {q.idnumber: q for q in questions}
    assert len(by_id) == len(questions) == sum(1 for _ in bank.questions())  # nothing lost, nothing doubled
    return [(q, by_id[q.id]) for q in bank.questions()]


@pytest.fixture(scope="module")
def baclofen() -> Bank:
    return load_bank([REPO / "questions"])


@pytest.fixture(scope="module")
def test_bank() -> Bank:
    return load_bank([TEST_BANK])


# -- grades ----------------------------------------------------------------------


def test_the_grade_options_are_moodles_rule() -> None:
    """0, 1, p/q for q <= 6, p/10, 1/q for q <= 10 and 1/20, negated too, at 7 decimals (question/engine/bank.php)."""
    rule = {Fraction(p, q) for q in range(1, 7) for p in range(q + 1)} | {Fraction(p, 10) for p in range(11)}
    rule |= {Fraction(1, q) for q in range(1, 11)} | {Fraction(1, 20)}
    rule |= {-f for f in rule}
    assert {round(float(g), 7) for g in GRADE_OPTIONS} == {round(float(f), 7) for f in rule}
    assert len(GRADE_OPTIONS) == len(rule)


@pytest.mark.parametrize("scoring", ["all", "partial"])
@pytest.mark.parametrize("right", range(1, 21))
def test_right_options_share_exactly_100_percent_in_grade_options(right: int, scoring: Scoring) -> None:
    grades = choice_grades(right, scoring)
    assert len(grades.right) == right
    assert all(is_grade_option(float(g)) for g in (*grades.right, grades.wrong))
    assert abs(sum(float(g) for g in grades.right) - 1) < 0.00001 * right
    if right in (*range(1, 11), 20):
        assert len(set(grades.right)) == 1  # an even share where Moodle has one
    if scoring == "all":
        assert float(grades.wrong) == -1  # any wrong pick scores 0
    else:
        assert float(grades.wrong) == pytest.approx(-1 / right, abs=0.03)  # one right option's share


def test_every_fraction_written_is_a_grade_option(baclofen: Bank, test_bank: Bank) -> None:
    for bank in (baclofen, test_bank):
        for _, got in exported(bank):
            assert all(is_grade_option(a.fraction) for a in got.answers), got.idnumber


def test_the_grade_check_catches_the_file_moodle_refuses() -> None:
    (refused,) = read_moodle(moodle_example("error_invalid_grades.xml"))  # a file Moodle refuses
    assert not all(is_grade_option(a.fraction) for a in refused.answers)


def test_a_multi_with_more_right_options_than_moodle_can_credit_is_refused_at_its_line(tmp_path: Path) -> None:
    answers = ", ".join(f"r{i}" for i in range(21))
    question = f"  - {{id: many, type: multi, prompt: P, answer: [{answers}], distractors: [w]}}\n"
    write_files(tmp_path / "q", {"t.yaml": "deck: D\ntopic: T\nquestions:\n" + question})
    code, out, err = cli("moodle", tmp_path / "q", "-o", tmp_path / "out.xml")
    assert code == 1
    assert f"{tmp_path / 'q' / 't.yaml'}:4: question 'many' has 21 right options" in err
    assert not (tmp_path / "out.xml").exists()


def test_a_topic_name_longer_than_moodle_keeps_is_refused_at_its_first_question(tmp_path: Path) -> None:
    topic = "t" * 256
    text = f"deck: D\ntopic: {topic}\nquestions:\n  - {{id: a, prompt: P, answer: x}}\n"
    write_files(tmp_path / "q", {"t.yaml": text})
    code, _, err = cli("moodle", tmp_path / "q", "-o", tmp_path / "out.xml")
    assert code == 1
    assert f"{tmp_path / 'q' / 't.yaml'}:4: the topic name is 256 characters long; Moodle keeps category names" in err
    assert not (tmp_path / "out.xml").exists()


# -- every field, read back ----------------------------------------------------------


def html_of(text: str | None, question: Question) -> str:
    urls = {i.src: f"@@PLUGINFILE@@/{i.file.media_name}" for i in question.images}
    return to_html(text, urls).strip() if text else ""


def files_of(question: Question, *texts: str | None) -> set[tuple[str, bytes]]:
    shown = "".join(t for t in texts if t)
    return {(i.file.media_name, i.file.read()) for i in question.images if f"]({i.src})" in shown}


def assert_answers(question: Mcq | Multi, got: MoodleQuestion) -> None:
    by_html = {a.text.text: a for a in got.answers}
    assert len(by_html) == len(question.options)
    for option in question.options:
        answer: Answer = by_html[html_of(option.text, question)]
        assert answer.feedback.text == html_of(option.why, question)
        assert {(f.name, f.data) for f in answer.text.files} == files_of(question, option.text)
        assert {(f.name, f.data) for f in answer.feedback.files} == files_of(question, option.why)
        assert (answer.fraction > 0) == question.is_right(option)
    if question.pinned:  # kept last, in place: Moodle must not shuffle them away
        assert got.settings["shuffleanswers"] == "false"
        assert [a.text.text for a in got.answers[-len(question.pinned) :]] == [
            html_of(p, question) for p in question.pinned
        ]


def grader_info(question: Basic) -> str:
    """The essay's information for graders: the model answer, then the marking points (``rubric``) as a list."""
    text = html_of(question.answer, question)
    if question.rubric:
        points_html = "".join(f"<li>{html_of(point, question)}</li>" for point in question.rubric)
        text += f"<p><strong>Marking points</strong></p><ul>{points_html}</ul>"
    return text


def assert_round_trip(question: Question, got: MoodleQuestion) -> None:
    assert got.type == MOODLE_TYPES[question.type]
    assert got.idnumber == question.id
    assert got.tags == question.tags
    assert got.name == question_name(question) and 0 < len(got.name) <= 255
    expected_category = ("$course$", question.deck, "Pools", question.pool) if question.pool else (
        "$course$", question.deck, question.topic)  # fmt: skip
    assert got.category == tuple(n.strip() for n in expected_category)
    assert got.general_feedback.text == html_of(question.explanation, question)
    assert {(f.name, f.data) for f in got.general_feedback.files} == files_of(question, question.explanation)
    match question:
        case Basic():
            assert got.text.text == html_of(question.prompt, question)
            assert got.graderinfo is not None and got.graderinfo.text == grader_info(question)
            assert {(f.name, f.data) for f in got.graderinfo.files} == files_of(
                question, question.answer, *question.rubric
            )
            assert got.settings["responsefieldlines"] == str(question.lines or 10)
            assert got.default_grade == str(points(question))
        case Mcq() | Multi():
            assert got.text.text == html_of(question.prompt, question)
            assert got.settings["single"] == ("true" if isinstance(question, Mcq) else "false")
            assert_answers(question, got)
            assert abs(sum(a.fraction for a in got.answers if a.fraction > 0) - 1) < 0.0001
            assert got.default_grade == str(points(question))
        case TrueFalse():
            assert got.text.text == html_of(question.prompt, question)
            right = [a.text.text for a in got.answers if a.fraction == 1]
            assert right == ["true" if question.answer else "false"]
            assert sorted(a.text.text for a in got.answers) == ["false", "true"]
        case Cloze():
            assert [b.kind for b in got.blanks] == ["SHORTANSWER"] * len(question.deletions)
            weights = [b.weight for b in got.blanks]
            assert weights == list(cloze_weights(question))
            assert got.default_grade == str(sum(weights))
            # the points, shared as the paper shares them: per deletion number, exactly proportional
            share = Fraction(sum(weights)) / points(question)
            for d, blank in zip(question.deletions, got.blanks, strict=True):
                per_number = sum(w for e, w in zip(question.deletions, weights, strict=True) if e.number == d.number)
                assert Fraction(per_number) == share * points(question) / len(question.numbers)
                expected = list(dict.fromkeys(to_plain(a).strip() for a in (d.text, *question.accepted(d.number))))
                assert [a.answer.replace("\\*", "*") for a in blank.alternatives] == expected
                assert all(a.fraction == 1 for a in blank.alternatives)
        case Typed():
            assert got.text.text == html_of(question.prompt, question)
            assert got.settings["usecase"] == "0"  # case does not matter, as in play
            expected = list(dict.fromkeys(to_plain(a).strip() for a in (question.answer, *question.accept)))
            assert [a.text.text.replace("\\*", "*") for a in got.answers] == expected
            assert all(a.fraction == 1 for a in got.answers)
        case Numeric():
            assert got.text.text == html_of(question.prompt, question)
            (answer,) = got.answers
            assert answer.fraction == 1 and answer.tolerance is not None
            # Moodle's range is answer ± tolerance: exactly the bounds play and the card accept
            low, high = number_range(question.answer, question.tolerance)
            exact = Fraction(answer.text.text)
            assert (exact - Fraction(answer.tolerance), exact + Fraction(answer.tolerance)) == (low, high)
            assert got.units == (((question.unit, "1"),) if question.unit else ())
            assert got.settings["showunits"] == ("2" if question.unit else "3")  # a drop-down of the one unit
            assert got.settings["unitgradingtype"] == "0" and got.settings["unitsleft"] == "0"
            assert got.default_grade == str(points(question))
        case Matching():
            assert got.text.text == html_of(question.prompt, question)
            assert got.settings["shuffleanswers"] == "true"
            pairs = [(html_of(p.item, question), to_plain(p.match).strip()) for p in question.pairs]
            extras = [("", to_plain(d).strip()) for d in question.distractors]  # a wrong match has no item
            assert [(t.text, m) for t, m in got.subquestions] == pairs + extras
            assert got.default_grade == str(points(question))
        case Ordering():
            assert got.text.text == html_of(question.prompt, question)
            assert [a.text.text for a in got.answers] == [html_of(e, question) for e in question.answer]  # in order
            assert all(a.fraction == 1 for a in got.answers)
            grading = "ABSOLUTE_POSITION" if question.scoring == "partial" else "ALL_OR_NOTHING"
            assert got.settings == got.settings | {
                "layouttype": "VERTICAL", "selecttype": "ALL", "selectcount": str(len(question.answer)),
                "gradingtype": grading, "showgrading": "SHOW", "numberingstyle": "none",
            }  # fmt: skip
        case _:
            raise AssertionError(question.type)
    if not isinstance(question, Cloze):
        assert {(f.name, f.data) for f in got.text.files} == files_of(question, question.prompt)


def test_every_field_of_the_baclofen_deck_round_trips(baclofen: Bank) -> None:
    for question, got in exported(baclofen):
        assert_round_trip(question, got)


def test_every_field_of_every_type_round_trips(test_bank: Bank) -> None:
    pairs = exported(test_bank)
    assert {q.type for q, _ in pairs} == set(MOODLE_TYPES)
    for question, got in pairs:
        assert_round_trip(question, got)
    assert sum(1 for _, got in pairs if got.text.files or any(a.feedback.files for a in got.answers)) >= 1


def test_a_star_is_an_exact_character_not_moodles_wildcard(test_bank: Bank) -> None:
    got = {q.id: m for q, m in exported(test_bank)}
    assert [a.text.text for a in got["typed-1"].answers] == ["GABA-B receptor", "GABA B", "GABA\\*B"]
    assert [a.answer for a in got["cloze-specials"].blanks[1].alternatives] == ["50%\\*2"]


def test_cloze_answers_with_moodles_syntax_characters_come_back_exactly(test_bank: Bank) -> None:
    got = {q.id: m for q, m in exported(test_bank)}["cloze-specials"]
    assert [a.answer for a in got.blanks[0].alternatives] == ['a}b#c~d/e"f\\g', "x}y", "<tag> & amp"]
    assert got.cloze_text == "Write {#1} and {#2} here &#123;not a blank}."  # a brace in the text is no blank


# -- categories and pools ------------------------------------------------------------


def test_category_paths_split_back_into_the_names_even_with_slashes() -> None:
    for names in [("$course$", "A/B", "C"), ("$course$", "/lead", "trail/"), ("$course$", "a//b", "/")]:
        assert split_category(category_path(names)) == tuple(n.strip() for n in names)


def test_a_pool_is_a_category_of_its_own_across_topics(test_bank: Bank) -> None:
    got = {q.id: m for q, m in exported(test_bank)}
    assert {got[i].category for i in ("pool-a", "pool-b", "pool-c")} == {("$course$", "Moodle / Export", "Pools",
                                                                         "sedation")}  # fmt: skip
    assert got["multi-7"].category == ("$course$", "Moodle / Export", "Limits/and slashes")
    assert got["long-name"].category == ("$course$", "Moodle / Export", "/Edge/")


# -- hostile text ----------------------------------------------------------------------


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def tags_in(text: str) -> set[str]:
    parser = _Tags()
    parser.feed(text)
    return set(parser.tags)


def test_a_hostile_text_never_becomes_markup(test_bank: Bank) -> None:
    xml = moodle_xml(test_bank.decks).xml
    assert all(len(text) == 0 for text in ET.fromstring(xml).iter("text"))  # no text became an XML element
    got = {q.id: m for q, m in exported(test_bank)}["hostile-1"]
    texts = [got.text.text, got.general_feedback.text, *(a.text.text for a in got.answers),
             *(a.feedback.text for a in got.answers)]  # fmt: skip
    for text in texts:
        assert tags_in(text) <= {"b", "i", "code", "br", "img"}, text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; a lone &lt;" in got.text.text
    assert "CDATA ends here ]]&gt; and &lt;![CDATA[ starts" == got.general_feedback.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in [a.feedback.text for a in got.answers]


def test_characters_xml_cannot_hold_become_a_replacement_character(tmp_path: Path) -> None:
    write_files(
        tmp_path / "q", {"t.yaml": 'deck: D\ntopic: T\nquestions:\n  - {id: a, prompt: "bell\\a here", answer: x}\n'}
    )
    (got,) = read_moodle(moodle_xml(load_bank([tmp_path / "q"]).decks).xml)
    assert got.text.text == "bell\ufffd here"


# -- names -------------------------------------------------------------------------------


def test_a_name_is_the_prompt_on_one_line_shortened_and_a_cloze_shows_its_blanks(test_bank: Bank) -> None:
    got = {q.id: m for q, m in exported(test_bank)}
    assert got["cloze-1"].name == "Baclofen is a ___ agonist given ___ or orally; ___ again."
    assert got["essay-1"].name == "Explain why baclofen helps spasticity."
    assert len(got["long-name"].name) <= 100 and got["long-name"].name.endswith("baclofen, its…")


def test_cloze_weights_are_whole_numbers_in_the_points_proportions() -> None:
    def cloze(prompt: list[str | Deletion], pts: int | None) -> Cloze:
        return Cloze(deck="D", topic="T", id="c", pieces=tuple(prompt), points=pts)

    d1, d2, d2b = Deletion(1, "a"), Deletion(2, "b"), Deletion(2, "c")
    assert cloze_weights(cloze([d1, " ", d2], None)) == (1, 1)
    assert cloze_weights(cloze([d1, " ", d2], 4)) == (2, 2)
    assert cloze_weights(cloze([d1, " ", d2], 3)) == (1, 1)  # 3/2 each: the proportion kept, the mark 2
    assert cloze_weights(cloze([d1, " ", d2, " ", d2b], None)) == (2, 1, 1)  # a number written twice shares its part


# -- Moodle's own example files -------------------------------------------------------------


def test_the_reader_reads_moodles_own_examples_as_moodles_tests_expect() -> None:
    (mc,) = read_moodle(moodle_example("multichoice.xml"))
    assert mc.category == ("$course$", "Default for testhead", "Multichoice")
    assert [a.fraction for a in mc.answers] == [0, 1, 0, 0]
    assert [f.name for f in mc.text.files] == ["bonjour.mp3"]
    assert [f.name for a in mc.answers for f in a.text.files] == ["flag-uk.jpg", "flag-france.jpg", "flag-german.jpg",
                                                                   "flag-denmark.jpg"]  # fmt: skip
    false_first, true_first = read_moodle(moodle_example("truefalse.xml"))
    assert [a.fraction for a in false_first.answers] == [0, 1] and [a.fraction for a in true_first.answers] == [1, 0]
    (tf,) = read_moodle(moodle_example("html_chars_in_idnumbers.xml"))
    assert tf.idnumber == "T & F"
    nested = read_moodle(moodle_example("nested_categories_with_questions.xml"))
    assert [q.category[1:] for q in nested] == [("Iota",), ("Iota", "Kappa"), ("Iota", "Kappa"),
                                                ("Iota", "Kappa", "Lambda"), ("Iota", "Mu")]  # fmt: skip
    (cloze,) = read_moodle(moodle_example("multianswer.xml"))
    assert [b.kind for b in cloze.blanks] == ["MULTICHOICE"] * 4 + ["SHORTANSWER"]
    paris = cloze.blanks[4].alternatives
    assert [(a.answer, a.fraction) for a in paris] == [("Paris", 1), ("Marseille", 0.5), ("*", 0)]
    assert "{#5}" in cloze.cloze_text and {f.name for f in cloze.text.files} == {
        "arizona_2.png",
        "california-state-flag.png",
    }


# -- the command -----------------------------------------------------------------------------


def test_moodle_writes_one_file_per_deck_and_counts_what_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path / "questions", {
        "a.yaml": "deck: Alpha\ntopic: T\nquestions:\n  - {id: a, prompt: P, answer: x}\n"
                  "  - {id: b, type: truefalse, prompt: Q, answer: true}\n",
        "b.yaml": "deck: Beta\ntopic: T\nquestions:\n  - {id: c, type: typed, prompt: P, answer: x}\n",
    })  # fmt: skip
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("moodle")
    assert code == 0, err
    assert out.splitlines() == [
        "decks/alpha-moodle.xml: 2 questions for Moodle (basic 1, truefalse 1)",
        "decks/beta-moodle.xml: 1 question for Moodle (typed 1)",
        "wrote decks/alpha-moodle.xml",
        "wrote decks/beta-moodle.xml",
    ]
    first = (tmp_path / "decks" / "alpha-moodle.xml").read_bytes()
    assert cli("moodle")[0] == 0 and (tmp_path / "decks" / "alpha-moodle.xml").read_bytes() == first  # same bytes
    code, out, _ = cli("moodle", "-o", "all.xml")
    assert code == 0 and out.splitlines()[0] == "all.xml: 3 questions for Moodle (basic 1, truefalse 1, typed 1)"
    assert Counter(q.type for q in read_moodle((tmp_path / "all.xml").read_bytes())) == {"essay": 1, "truefalse": 1,
                                                                                          "shortanswer": 1}  # fmt: skip


NUMBERS = """\
deck: Numbers
topic: Doses
questions:
  - {id: oral-max, type: numeric, prompt: Oral maximum?, answer: 80, tolerance: 5%, unit: mg}
  - {id: tiny, type: numeric, prompt: A tiny share?, answer: -0.001, tolerance: 2.5%}
  - {id: exact, type: numeric, prompt: How many?, answer: 12}
  - {id: micro, type: numeric, prompt: The bolus?, answer: 50, tolerance: 0.5, unit: µg}
  - {id: essay, prompt: Why?, answer: Because., lines: 3, rubric: [One point, "Another & <b>"]}
"""


def test_moodle_grades_a_number_right_exactly_where_play_does(tmp_path: Path) -> None:
    """Moodle marks a response right when |response - answer| <= tolerance (its qtype_numerical_answer::
    within_tolerance); the judge's bounds are the same, at the edges and just past them."""
    from quizgen.judge import judge_number

    write_files(tmp_path / "q", {"numbers.yaml": NUMBERS})
    bank = load_bank([tmp_path / "q"])
    for question, got in exported(bank):
        if not isinstance(question, Numeric):
            continue
        (answer,) = got.answers
        exact, margin = Fraction(answer.text.text), Fraction(answer.tolerance or "0")
        step = Fraction(1, 10**6)
        for value in (exact - margin, exact + margin, exact - margin - step, exact + margin + step, exact):
            moodle_right = abs(value - exact) <= margin
            typed = f"{float(value):.10g}"
            assert (judge_number(typed, question.answer, question.tolerance).outcome.value == "right") is moodle_right
        assert not answer.text.text.lower().count("e")  # plain decimals, never an exponent Moodle might misread
    by_id = {q.idnumber: q for q in read_moodle(moodle_xml(bank.decks).xml)}
    assert by_id["oral-max"].answers[0].tolerance == "4" and by_id["oral-max"].units == (("mg", "1"),)
    assert by_id["tiny"].answers[0].text.text == "-0.001" and by_id["tiny"].answers[0].tolerance == "0.000025"
    assert by_id["exact"].answers[0].tolerance == "0" and by_id["exact"].units == ()
    assert by_id["micro"].units == (("µg", "1"),)
    essay = by_id["essay"]
    assert essay.settings["responsefieldlines"] == "3"
    assert essay.graderinfo is not None
    assert essay.graderinfo.text == (
        "Because.<p><strong>Marking points</strong></p><ul><li>One point</li><li>Another &amp; &lt;b&gt;</li></ul>"
    )


def test_the_summary_counts_equal_the_banks(baclofen: Bank) -> None:
    made = moodle_xml(baclofen.decks)
    assert made.written == Counter(q.type for q in baclofen.questions())


def test_an_invalid_bank_writes_nothing_and_wrong_usage_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path / "questions", {"bad.yaml": "deck: D\ntopic: T\nquestions: []\n"})
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("moodle")
    assert code == 1 and "questions/bad.yaml:3: questions is empty" in err
    assert not (tmp_path / "decks").exists()
    assert cli("moodle", "--nope")[0] == 2


def test_build_writes_what_moodle_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(
        tmp_path / "questions", {"a.yaml": "deck: Alpha\ntopic: T\nquestions:\n  - {id: a, prompt: P, answer: x}\n"}
    )
    monkeypatch.chdir(tmp_path)
    assert cli("build")[0] == 0
    built = (tmp_path / "decks" / "alpha-moodle.xml").read_bytes()
    assert cli("moodle")[0] == 0
    assert (tmp_path / "decks" / "alpha-moodle.xml").read_bytes() == built


def test_scoring_decides_a_multis_wrong_option_cost_and_an_orderings_grading(test_bank: Bank) -> None:
    got = {q.id: m for q, m in exported(test_bank)}
    strict = sorted(a.fraction for a in got["multi-3"].answers)
    partial = sorted(a.fraction for a in got["multi-partial"].answers)
    assert strict[0] == -1.0  # scoring all: any wrong tick loses everything
    assert partial[0] == pytest.approx(-1 / 3, abs=1e-6)  # partial: a wrong tick costs one right option's share
    assert got["ordering-1"].settings["gradingtype"] == "ABSOLUTE_POSITION"
    assert got["ordering-2"].settings["gradingtype"] == "ALL_OR_NOTHING"
    assert [t.text for t, _ in got["matching-1"].subquestions][-1] == ""  # the distractor: a match of no item
