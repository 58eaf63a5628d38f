"""``quizgen print``: golden files, seeded shuffling, selection, balance, escaping and exit codes.

The golden files in ``tests/golden/`` are the printed quiz of ``tests/banks/print-small``
for fixed seeds. After a deliberate change to the layout, regenerate them with
``python tests/test_print.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.atomic import write_outputs
from quizgen.cli import app
from quizgen.errors import QuizgenError
from quizgen.exporters.html import PrintOptions, print_outputs, render_document, render_quiz
from quizgen.load import load_bank
from quizgen.model import Cloze, Selection
from quizgen.render import to_html
from tests.helpers import write_files

HERE = Path(__file__).parent
SMALL = HERE / "banks" / "print-small"
POOLS = HERE / "banks" / "print-pools"
GOLDEN = HERE / "golden"
runner = CliRunner()

#: (golden file, options): the cases pinned byte for byte, one or more per option of ``quizgen print``.
GOLDEN_CASES = {
    "print-small-2-versions.html": PrintOptions(versions=2, seed=7),
    "print-small-no-key.html": PrintOptions(versions=1, seed=3, key=False),
    "print-small-mechanism-count-3.html": PrintOptions(versions=2, seed=11, count=3),
    "print-small-sections.html": PrintOptions(versions=2, seed=7, sections=True),
    "print-small-order-bank.html": PrintOptions(versions=2, seed=7, order="bank"),
    "print-small-letter.html": PrintOptions(seed=7, paper="letter", key=False),
    "print-small-tag.html": PrintOptions(seed=7),
    "print-small-study.html": PrintOptions(study=True),
    "print-pools-3-versions.html": PrintOptions(versions=3, seed=1),
    "print-pools-sections-count-4.html": PrintOptions(versions=2, seed=2, sections=True, count=4),
    "print-pools-study.html": PrintOptions(study=True, paper="letter"),
    "print-small-header.html": PrintOptions(
        versions=2, seed=7, title="Pharmacology, term 2", label="Exam", time="45 minutes",
        fields=("Name", "Class", "Candidate no."), sections=True,
    ),
    # --split writes print-small-split-A.html, -B.html and -key.html
    "print-small-split.html": PrintOptions(versions=2, seed=7, split=True),
    "print-pools-key-only.html": PrintOptions(versions=3, seed=1, key_only=True),
}  # fmt: skip
#: The golden cases that print a selection (``--topic``, ``--tag``); the others print the whole bank.
SELECTIONS = {
    "print-small-mechanism-count-3.html": Selection(topics=("Mechanism",)),
    "print-small-tag.html": Selection(tags=("pharmacology",)),
}


def golden_files(case: str) -> dict[str, str]:
    """The HTML files ``quizgen print -o CASE`` writes for a golden case (several with ``--split``)."""
    bank = load_bank([POOLS if case.startswith("print-pools") else SMALL]).select(SELECTIONS.get(case, Selection()))
    outputs = print_outputs(bank, Path(case), GOLDEN_CASES[case], Path("unused"))
    return {path.name: text for path, text in outputs if path.suffix == ".html"}


def render_golden(name: str) -> str:
    return golden_files(name)[name]


# -- reading a printed quiz back --------------------------------------------

QUIZ_RE = re.compile(r'<article class="sheet quiz" id="quiz-d\d+-(\w)">(.*?)</article>', re.S)
KEY_RE = re.compile(r'<article class="sheet key" id="key-d\d+-(\w)">(.*?)</article>', re.S)
QUESTION_RE = re.compile(r'<section class="q q-(\w+)">(.*?)</section>', re.S)
OPTION_RE = re.compile(r'<span class="mark (?:circle|square)">([A-Z])</span><span class="opt">(.*?)</span></li>')
PROMPT_RE = re.compile(r'<div class="q-prompt">(.*?)</div>', re.S)
KEY_MCQ_RE = re.compile(r'<span class="mark circle filled">([A-Z])</span>')


def versions(html: str) -> dict[str, list[tuple[str, str, list[tuple[str, str]]]]]:
    """Each version letter -> its questions in order as (type, prompt html, [(letter, option html)])."""
    out = {}
    for letter, body in QUIZ_RE.findall(html):
        questions = []
        for qtype, block in QUESTION_RE.findall(body):
            prompt = PROMPT_RE.search(block)
            assert prompt is not None
            questions.append((qtype, prompt.group(1), OPTION_RE.findall(block)))
        out[letter.upper()] = questions
    return out


def keys(html: str) -> dict[str, str]:
    """Each version letter -> the HTML of its answer key."""
    return {letter.upper(): body for letter, body in KEY_RE.findall(html)}


def prompts(html: str, letter: str = "A") -> list[str]:
    return [p for _, p, _ in versions(html)[letter]]


def mcq_bank(tmp_path: Path, count: int, topics: int = 1, options: int = 4) -> Path:
    files = {}
    for t in range(topics):
        lines = [f"deck: Balance\ntopic: Topic {t}\nquestions:\n"]
        for n in range(count):
            wrong = ", ".join(f"wrong {t}-{n}-{k}" for k in range(options - 1))
            lines.append(
                f"  - id: q{t}-{n}\n    type: mcq\n    prompt: Question {t}-{n}?\n"
                f"    answer: right {t}-{n}\n    distractors: [{wrong}]\n"
            )
        files[f"topic{t}.yaml"] = "".join(lines)
    return write_files(tmp_path / "bank", files)


def right_letters(html: str, letter: str) -> list[str]:
    return [next(o for o, text in opts if text.startswith("right")) for _, _, opts in versions(html)[letter]]


# -- golden files ----------------------------------------------------------


@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_golden(case: str) -> None:
    for name, text in golden_files(case).items():
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        assert text == expected, f"{name} changed; if on purpose, run: python tests/test_print.py"


def test_golden_files_match_the_single_file_renderer() -> None:
    """``render_document`` (one file, as the benchmark and other tests use) gives the golden file's bytes."""
    for case, options in GOLDEN_CASES.items():
        if not options.split and not options.key_only:
            bank = load_bank([POOLS if case.startswith("print-pools") else SMALL]).select(
                SELECTIONS.get(case, Selection())
            )
            assert render_document(bank.decks, options) == render_golden(case), case


def test_golden_via_cli_is_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "quiz.html"
    result = runner.invoke(app, ["print", str(SMALL), "-o", str(out), "--versions", "2", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (GOLDEN / "print-small-2-versions.html").read_bytes()
    assert result.stdout == f"wrote {out}\nwrote {out.with_suffix('.json')}\n", "the exam as printed, beside it"


# -- what a printed quiz holds -------------------------------------------------


def test_every_question_in_every_version_once_with_its_parts() -> None:
    html = render_golden("print-small-2-versions.html")
    found = versions(html)
    assert sorted(found) == ["A", "B"]
    for questions in found.values():
        assert Counter(t for t, _, _ in questions) == Counter(
            {"mcq": 3, "truefalse": 2, "multi": 1, "cloze": 1, "typed": 1, "basic": 1}
        )
    assert found["A"] != found["B"], "the two versions must be shuffled differently"
    unnumbered = {v: sorted(re.sub(r'blank-no">[0-9]+', 'blank-no">N', p) for _, p, _ in found[v]) for v in "AB"}
    assert unnumbered["A"] == unnumbered["B"], "the same questions; only a blank's label takes the question number"
    assert [len(o) for t, _, o in found["A"] if t == "mcq"]  # mcqs carry lettered options
    assert "Select all that apply." in html
    assert "<span>Version</span><strong>A</strong>" in html and "<span>Version</span><strong>B</strong>" in html
    assert "Score" in html and "/ 11" in html  # 9 questions, 11 points: the cloze has 3 blanks


def test_cloze_numbered_blanks_with_hint_and_key() -> None:
    html = render_golden("print-small-2-versions.html")
    cloze = next(p for t, p, _ in versions(html)["A"] if t == "cloze")
    assert "spasticity" not in cloze and "spinal cord" not in cloze and "calcium" not in cloze
    labels = re.findall(r'<span class="blank-no">(\d+)([a-z])</span>', cloze)
    assert [letter for _, letter in labels] == ["a", "b", "c"] and len({n for n, _ in labels}) == 1
    n = labels[0][0]
    assert '<span class="hint">(site)</span>' in cloze
    key = keys(html)["A"]
    first = rf'<span class="k-blank"><span class="blank-no">{n}a</span> spasticity <span class="pts">1 pt</span></span>'
    assert re.search(first + rf'\s*<span class="k-blank"><span class="blank-no">{n}b</span> spinal cord', key)
    assert '<span class="pts">3 pts</span>' in html


def test_key_gives_letters_answers_explanations_and_sources() -> None:
    html = render_golden("print-small-2-versions.html")
    by_version = keys(html)
    assert sorted(by_version) == ["A", "B"]
    for letter, key in by_version.items():
        quiz = versions(html)[letter]
        receptor = next(o for _, p, o in quiz if p.startswith("Baclofen is an agonist"))
        right = next(lt for lt, text in receptor if text == "GABA-B receptor")
        assert f'<span class="mark circle filled">{right}</span> GABA-B receptor' in key
        assert "activates <b>GABA-B</b>" in key
        assert "“It also binds to receptors in the brain" in key
        assert "also accept: 80, eighty milligrams" in key
        assert "<b>False</b>" in key and "<b>True</b>" in key
    assert html.index('class="sheet key"') > html.rindex('class="sheet quiz"'), "the key follows every version"


def test_no_key_leaves_the_answers_out() -> None:
    html = render_golden("print-small-no-key.html")
    assert 'class="sheet key"' not in html
    assert "GABA-B receptor" in html  # an option, still on the quiz
    assert "Care is supportive" not in html and "filled" not in html.split("</style>")[1]


def test_raw_html_is_printed_literally_everywhere(tmp_path: Path) -> None:
    html = render_golden("print-small-2-versions.html")
    body = html.split("</style>", 1)[1]
    assert "<script" not in html.lower()
    assert "The text &lt;script&gt;alert(1)&lt;/script&gt; is printed literally" in body
    assert "G&lt;sub&gt;i/o&lt;/sub&gt;-coupled" in body  # in the key's explanation
    assert "<i>presynaptic</i>" in body  # Markdown still works


def test_hostile_deck_name_cannot_break_out_of_the_style_sheet(tmp_path: Path) -> None:
    name = 'Evil</style><script>alert("x")</script> \\ "quotes"'
    bank = write_files(
        tmp_path / "bank",
        {"a.yaml": f"deck: '{name}'\ntopic: T\nquestions:\n  - id: a\n    prompt: P?\n    answer: A\n"},
    )
    html = render_quiz(load_bank([bank]).decks[0], PrintOptions())
    assert "<script" not in html.lower()
    assert html.count("</style>") == 1
    assert "<h1>Evil&lt;/style&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; \\ &#34;quotes&#34;</h1>" in html


def test_pinned_options_stay_last_in_order(tmp_path: Path) -> None:
    bank = write_files(
        tmp_path / "bank",
        {
            "a.yaml": "deck: Pins\ntopic: T\nquestions:\n"
            + "".join(
                f"  - id: q{n}\n    type: {'multi' if n % 2 else 'mcq'}\n    prompt: Q{n}?\n"
                f"    answer: {'[right]' if n % 2 else 'right'}\n"
                f"    distractors: [w1, w2, w3, All of the above, None of the above]\n"
                f"    pinned: [All of the above, None of the above]\n"
                for n in range(12)
            )
        },
    )
    html = render_document(load_bank([bank]).decks, PrintOptions(versions=5, seed=3))
    orders = set()
    for questions in versions(html).values():
        for _, _, opts in questions:
            assert [text for _, text in opts][-2:] == ["All of the above", "None of the above"]
            assert [lt for lt, _ in opts] == list("ABCDEF")
            orders.add(tuple(text for _, text in opts))
    assert len(orders) > 6, "the unpinned options are still shuffled"


def test_a_pinned_right_answer_keeps_its_place(tmp_path: Path) -> None:
    bank = write_files(
        tmp_path / "bank",
        {
            "a.yaml": "deck: Pins\ntopic: T\nquestions:\n"
            + "".join(
                f"  - id: q{n}\n    type: mcq\n    prompt: Q{n}?\n    answer: None of these\n"
                f"    distractors: [w1, w2, w3]\n    pinned: [None of these]\n"
                for n in range(8)
            )
        },
    )
    html = render_document(load_bank([bank]).decks, PrintOptions(versions=2))
    for questions in versions(html).values():
        assert all(opts[-1] == ("D", "None of these") for _, _, opts in questions)
    assert html.count('<span class="mark circle filled">D</span> None of these') == 16


# -- seeds -----------------------------------------------------------------


def test_same_seed_same_bytes_even_in_another_process(tmp_path: Path) -> None:
    """No dependence on hash randomisation or global random state."""
    first = tmp_path / "one.html"
    code = (
        "import sys; from pathlib import Path; from quizgen.load import load_bank;"
        "from quizgen.atomic import write_outputs; from quizgen.exporters.html import PrintOptions, print_outputs;"
        f"bank = load_bank([Path({str(SMALL)!r})]);"
        "write_outputs(print_outputs(bank, Path(sys.argv[1]), PrintOptions(versions=3, seed=5), Path('unused')))"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(tmp_path / f"p{seed}.html")], check=True, env=env)
    write_outputs(print_outputs(load_bank([SMALL]), first, PrintOptions(versions=3, seed=5), tmp_path / "unused"))
    assert first.read_bytes() == (tmp_path / "p1.html").read_bytes() == (tmp_path / "p2.html").read_bytes()


def test_different_seed_different_order(tmp_path: Path) -> None:
    bank = load_bank([mcq_bank(tmp_path, 12)])
    seen = {tuple(prompts(render_document(bank.decks, PrintOptions(seed=seed)))) for seed in range(5)}
    assert len(seen) == 5
    a = render_document(bank.decks, PrintOptions(seed=1))
    assert render_document(bank.decks, PrintOptions(seed=1)) == a
    assert render_document(bank.decks, PrintOptions(seed=2)) != a


def test_versions_share_a_seed_prefix(tmp_path: Path) -> None:
    """Asking for more versions does not reshuffle the earlier ones."""
    bank = load_bank([mcq_bank(tmp_path, 10)])
    two = versions(render_document(bank.decks, PrintOptions(versions=2, seed=4)))
    five = versions(render_document(bank.decks, PrintOptions(versions=5, seed=4)))
    assert two["A"] == five["A"] and two["B"] == five["B"]
    assert len({tuple(p for _, p, _ in v) for v in five.values()}) == 5


# -- balance of the right answer's letter ---------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 99])
def test_right_answers_spread_evenly_over_the_letters(tmp_path: Path, seed: int) -> None:
    bank = load_bank([mcq_bank(tmp_path, 40)])
    html = render_document(bank.decks, PrintOptions(versions=3, seed=seed))
    for letter in "ABC":
        assert Counter(right_letters(html, letter)) == {"A": 10, "B": 10, "C": 10, "D": 10}
    assert right_letters(html, "A") != right_letters(html, "B")


def test_balance_with_mixed_option_counts(tmp_path: Path) -> None:
    files = {
        "a.yaml": "deck: Mixed\ntopic: T\nquestions:\n"
        + "".join(
            f"  - id: q{n}\n    type: mcq\n    prompt: Q{n}?\n    answer: right {n}\n"
            f"    distractors: [{', '.join(f'wrong {n}-{k}' for k in range(1 + n % 4))}]\n"
            for n in range(48)
        )
    }
    html = render_document(load_bank([write_files(tmp_path / "bank", files)]).decks, PrintOptions(seed=2))
    counts = Counter(right_letters(html, "A"))
    assert max(counts.values()) - min(counts.values()) <= 4  # chance alone gives ~12 +- 6 over A..E
    assert set(counts) == set("ABCDE")


# -- choosing questions ----------------------------------------------------------


def test_count_spreads_round_robin_over_topics_and_is_the_same_for_every_version(tmp_path: Path) -> None:
    bank = load_bank([mcq_bank(tmp_path, 8, topics=3)])
    html = render_document(bank.decks, PrintOptions(versions=3, seed=1, count=7))
    picked = {letter: sorted(p for _, p, _ in qs) for letter, qs in versions(html).items()}
    assert picked["A"] == picked["B"] == picked["C"]
    assert len(picked["A"]) == 7
    assert sorted(Counter(p.split("-")[0] for p in picked["A"]).values()) == [2, 2, 3]
    other = render_document(bank.decks, PrintOptions(versions=1, seed=2, count=7))
    assert sorted(prompts(other)) != picked["A"], "another seed draws another subset"


def test_topic_and_count_together(tmp_path: Path) -> None:
    bank = load_bank([mcq_bank(tmp_path, 5, topics=3)])
    chosen = bank.select(Selection(topics=("topic 0", "Balance::Topic 2")))
    html = render_document(chosen.decks, PrintOptions(count=6))
    assert Counter(p.split("-")[0] for p in prompts(html)) == {"Question 0": 3, "Question 2": 3}
    assert "Topics: Topic 0, Topic 2" in html


def test_count_larger_than_the_bank_prints_everything(tmp_path: Path) -> None:
    bank = load_bank([mcq_bank(tmp_path, 3, topics=2)])
    html = render_document(bank.decks, PrintOptions(count=100))
    assert len(prompts(html)) == 6


def test_unknown_topic_is_refused_naming_the_topics(tmp_path: Path) -> None:
    bank = load_bank([mcq_bank(tmp_path, 3, topics=2)])
    with pytest.raises(QuizgenError, match=r"no topic named 'Dosing'; topics are: Topic 0, Topic 1"):
        bank.select(Selection(topics=("Dosing",)))


# -- writing files and the command line --------------------------------------------


def two_decks(tmp_path: Path) -> Path:
    return write_files(
        tmp_path / "bank",
        {
            "a.yaml": "deck: Alpha Deck\ntopic: One\nquestions:\n  - id: a\n    prompt: First alpha?\n    answer: A\n",
            "b.yaml": "deck: Beta\ntopic: Two\nquestions:\n  - id: b\n    type: truefalse\n"
            "    prompt: Beta true?\n    answer: true\n",
        },
    )


def test_without_output_one_file_per_deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = two_decks(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["print", str(bank)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote decks/alpha-deck-quiz.html\nwrote decks/alpha-deck-quiz.json\n"
        "wrote decks/beta-quiz.html\nwrote decks/beta-quiz.json\n"
    )
    alpha = (tmp_path / "decks" / "alpha-deck-quiz.html").read_text(encoding="utf-8")
    assert "First alpha?" in alpha and "Beta true?" not in alpha


def test_with_output_one_file_every_deck_on_its_own_pages(tmp_path: Path) -> None:
    out = tmp_path / "out" / "all.html"
    result = runner.invoke(app, ["print", str(two_decks(tmp_path)), "-o", str(out), "--versions", "2"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert re.findall(r'<article class="sheet (\w+)" id="(\S+)"', html) == [
        ("quiz", "quiz-d1-a"), ("quiz", "quiz-d1-b"), ("key", "key-d1-a"), ("key", "key-d1-b"),
        ("quiz", "quiz-d2-a"), ("quiz", "quiz-d2-b"), ("key", "key-d2-a"), ("key", "key-d2-b"),
    ]  # fmt: skip
    assert "@page quiz-d2-b {" in html and "#quiz-d2-b { page: quiz-d2-b; }" in html


def test_topic_of_one_deck_prints_only_that_deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["print", str(two_decks(tmp_path)), "--topic", "two"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote decks/beta-quiz.html\nwrote decks/beta-quiz.json\n"
    assert not (tmp_path / "decks" / "alpha-deck-quiz.html").exists()


def test_topics_of_two_decks_give_a_file_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each deck is printed from the bank as selected once, not re-checked against topics of other decks."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["print", str(two_decks(tmp_path)), "--topic", "one", "--topic", "two"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote decks/alpha-deck-quiz.html\nwrote decks/alpha-deck-quiz.json\n"
        "wrote decks/beta-quiz.html\nwrote decks/beta-quiz.json\n"
    )
    assert "Beta true?" in (tmp_path / "decks" / "beta-quiz.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--topic", "Nope"], "error: no topic named 'Nope'; topics are: Clinical use, Mechanism\n"),
        (["--topic", "Mechanism", "--topic", "Dose"], "error: no topic named 'Dose'; topics are: Clinical use"),
    ],
)
def test_unknown_topic_exits_1_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "keep.html"
    existing.write_text("old", encoding="utf-8")
    for output in ([], ["-o", str(existing)]):
        result = runner.invoke(app, ["print", str(SMALL), *args, *output])
        assert result.exit_code == 1
        assert result.stderr.startswith(message)
        assert "Traceback" not in result.output
    assert not (tmp_path / "decks").exists()
    assert existing.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.html"]


def test_invalid_bank_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    bank = write_files(tmp_path / "bank", {"a.yaml": "deck: D\ntopic: T\nquestions:\n  - id: x\n    type: mcq\n"})
    out = tmp_path / "quiz.html"
    result = runner.invoke(app, ["print", str(bank), "-o", str(out)])
    assert result.exit_code == 1
    assert "a.yaml:4: question 'x': missing required key 'prompt'" in result.stderr
    assert not out.exists()


def test_unwritable_output_exits_1_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    result = runner.invoke(app, ["print", str(SMALL), "-o", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot write {folder}:")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("args", [["--versions", "0"], ["--versions", "27"], ["--count", "0"], ["--seed"], ["--bogus"]])
def test_bad_usage_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["print", str(SMALL), *args])
    assert result.exit_code == 2
    assert not (tmp_path / "decks").exists()


@pytest.mark.parametrize("options", [PrintOptions(versions=0), PrintOptions(versions=27), PrintOptions(count=0)])
def test_library_refuses_out_of_range_options(options: PrintOptions) -> None:
    with pytest.raises(QuizgenError):
        render_quiz(load_bank([SMALL]).decks[0], options)


def test_self_contained_no_scripts_or_external_resources() -> None:
    html = render_golden("print-small-2-versions.html")
    assert not re.search(r"<(script|link|img|iframe)\b", html, re.I)
    assert not re.search(r"(https?:)?//|@import|url\(", html.split("<body>")[0])
    assert "@page {\n  size: A4;\n  margin: 18mm 16mm 17mm;" in html, "A4 unless --paper letter"
    assert len(re.findall(r"[{;\s]size:", html)) == 1


def test_a_seed_may_be_any_word_and_a_number_seeds_as_its_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for seed in ("7", "spring-term"):
        result = runner.invoke(app, ["print", str(SMALL), "--versions", "2", "--seed", seed, "-o", f"{seed}.html"])
        assert result.exit_code == 0, result.stderr
    bank = load_bank([SMALL])
    assert (tmp_path / "7.html").read_text(encoding="utf-8") == render_document(
        bank.decks, PrintOptions(versions=2, seed=7)
    )
    assert (tmp_path / "spring-term.html").read_bytes() != (tmp_path / "7.html").read_bytes()


def test_option_reasons_are_in_the_key_with_each_options_letter(tmp_path: Path) -> None:
    bank = write_files(
        tmp_path / "bank",
        {
            "a.yaml": "deck: D\ntopic: T\nquestions:\n  - id: m\n    type: mcq\n    prompt: Pick\n"
            "    answer: {text: right, why: '**because** <b>'}\n"
            "    distractors: [{text: wrong, why: not so}, plain]\n"
        },
    )
    html = render_document(load_bank([bank]).decks, PrintOptions(seed=1))
    ((_, _, options),) = versions(html)["A"]
    letter = {text: mark for mark, text in options}
    (key,) = keys(html).values()
    item = r'<li class="(right|wrong)"><span class="mark circle( filled)?">([A-Z])</span> (.*?)</li>'
    reasons = re.findall(item, key)
    assert sorted(reasons) == sorted([
        ("right", " filled", letter["right"], 'right<span class="why"> — <b>because</b> &lt;b&gt;</span>'),
        ("wrong", "", letter["wrong"], 'wrong<span class="why"> — not so</span>'),
        ("wrong", "", letter["plain"], "plain"),
    ])  # fmt: skip


# -- print options the command line takes (spec/cli.md) ------------------------


def small_html(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "quiz.html"
    result = runner.invoke(app, ["print", str(SMALL), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def bank_prompts() -> list[tuple[str, str]]:
    """(topic, prompt as printed) of the small bank, in bank order."""
    out = []
    for q in load_bank([SMALL]).questions():
        if isinstance(q, Cloze):
            continue  # blanks are laid out by the printer
        out.append((q.topic, to_html(q.prompt)))
    return out


def test_tag_prints_only_the_tagged_questions(tmp_path: Path) -> None:
    html = small_html(tmp_path, "--tag", "PHARMACOLOGY", "--versions", "2")
    for letter in "AB":
        shown = {p for p in prompts(html, letter) if "blank" not in p}
        assert shown == {p for topic, p in bank_prompts() if topic == "Mechanism"}  # the file tagged pharmacology
    assert "Topic: Mechanism" in html


def test_an_unknown_tag_exits_1_naming_the_tags(tmp_path: Path) -> None:
    out = tmp_path / "quiz.html"
    result = runner.invoke(app, ["print", str(SMALL), "-o", str(out), "--tag", "nope"])
    assert result.exit_code == 1
    assert result.stderr == "error: no question is tagged 'nope'; tags are: pharmacology\n"
    assert not out.exists()


def test_order_bank_keeps_the_bank_order_but_still_shuffles_options(tmp_path: Path) -> None:
    html = small_html(tmp_path, "--order", "bank", "--versions", "3")
    for letter in "ABC":
        shown = [p for p in prompts(html, letter) if "blank" not in p]
        assert shown == [p for _, p in bank_prompts()]
    receptor = {
        letter: next(tuple(t for _, t in o) for _, p, o in qs if p.startswith("Baclofen is an agonist"))
        for letter, qs in versions(html).items()
    }
    assert len(set(receptor.values())) > 1, "options are still shuffled per version"


def test_sections_group_questions_by_topic_in_file_order(tmp_path: Path) -> None:
    topic_of = {p: topic for topic, p in bank_prompts()}
    orders = set()
    for seed in ("1", "2", "3"):
        html = small_html(tmp_path, "--sections", "--seed", seed)
        shown = [topic_of[p] for p in prompts(html) if p in topic_of]
        assert shown == sorted(shown, key=["Clinical use", "Mechanism"].index), seed
        (quiz,) = QUIZ_RE.findall(html)
        body = quiz[1]
        clinical = '<h2 class="section-title"><span>Clinical use</span> <span class="sec-pts">4 points</span></h2>'
        mechanism = '<h2 class="section-title"><span>Mechanism</span> <span class="sec-pts">7 points</span></h2>'
        assert body.index(clinical) < body.index('<section class="q q-typed">')
        assert body.index(mechanism) < body.index('<section class="q q-cloze">')  # the 3-point cloze counts 3
        assert body.index(clinical) < body.index(mechanism)
        orders.add(tuple(prompts(html)))
        (key,) = keys(html).values()
        assert key.index(clinical) < key.index(mechanism), "the key has the same sections, with their points"
    assert len(orders) == 3, "questions are shuffled within each section"
    numbers = [int(n) for n in re.findall(r'<span class="q-no">(\d+)\.</span>', QUIZ_RE.findall(html)[0][1])]
    assert numbers == list(range(1, 10)), "numbering runs on across sections"


def test_paper_asks_for_its_page_size(tmp_path: Path) -> None:
    letter = small_html(tmp_path, "--paper", "letter")
    assert re.findall(r"[{;\s]size:\s*(\w+)", letter.split("</style>")[0]) == ["letter"]
    a4 = small_html(tmp_path, "--paper", "a4")
    assert re.findall(r"[{;\s]size:\s*(\w+)", a4.split("</style>")[0]) == ["A4"]
    assert small_html(tmp_path) == a4
    assert letter.replace("size: letter;", "size: A4;") == a4, "only the page size changes"
    result = runner.invoke(app, ["print", str(SMALL), "-o", str(tmp_path / "x.html"), "--paper", "legal"])
    assert result.exit_code == 2


@pytest.mark.parametrize("options", [PrintOptions(order="random"), PrintOptions(paper="a3")])  # type: ignore[arg-type]
def test_library_refuses_unknown_order_and_paper(options: PrintOptions) -> None:
    with pytest.raises(QuizgenError, match=r"^--(order|paper) must be one of"):
        render_quiz(load_bank([SMALL]).decks[0], options)


STUDY_RE = re.compile(r'<section class="s q-(\w+)">(.*?)</section>', re.S)


def test_study_sheet_has_answers_and_explanations_and_no_key(tmp_path: Path) -> None:
    html = small_html(tmp_path, "--study", "--versions", "3", "--seed", "5")
    assert html == small_html(tmp_path, "--study"), "a study sheet has no versions: seed and versions change nothing"
    assert 'class="sheet key"' not in html and not QUIZ_RE.findall(html)
    body = html.split("<body>")[1]
    assert "Score" not in body and "Name" not in body and "version-badge" not in body
    entries = STUDY_RE.findall(body)
    bank = list(load_bank([SMALL]).questions())
    assert len(entries) == len(bank)
    for q, (qtype, entry) in zip(bank, entries, strict=True):  # bank order
        assert qtype == q.type
        if not isinstance(q, Cloze):
            shown = PROMPT_RE.search(entry)
            assert shown is not None and shown.group(1) == to_html(q.prompt)
        if q.explanation:
            assert f'<p class="k-expl"><span class="label">Why</span> {to_html(q.explanation)}</p>' in entry, q.id
    by_id = dict(zip((q.id for q in bank), (e for _, e in entries), strict=True))
    assert "<b>80 mg</b>" in by_id["max-dose"] and "also accept: 80, eighty milligrams" in by_id["max-dose"]
    assert "<b>False</b>" in by_id["antidote"]
    assert re.search(r'<span class="fill"><span class="blank-no">\d+a</span> spasticity</span>', by_id["class-cloze"])
    assert '<li class="right"><span class="mark circle filled">' in by_id["receptor-target"]
    assert by_id["receptor-target"].count("<li class=") == 4, "every option is listed, right ones marked"
    assert by_id["withdrawal"].count("rhabdomyolysis") == 1
    assert not re.search(r"<(script|link|iframe)\b", html, re.I), "self-contained like the quiz"


# -- numbers, ruled lines and marking points -------------------------------------------------------------------------

NUMBERS = """\
deck: Baclofen
topic: Doses
questions:
  - id: oral-max
    type: numeric
    prompt: The largest oral daily dose on the US label?
    answer: 80
    unit: mg
    lines: 3
    rubric: [States 80 mg, Says it is the US label's daily maximum]
  - id: half-life
    type: numeric
    prompt: The elimination half-life?
    answer: 3.5
    tolerance: 0.5
    unit: h
  - id: share
    type: numeric
    prompt: A share of the dose.
    answer: 0.001
    tolerance: 5%
  - id: why-taper
    prompt: Why is baclofen tapered?
    answer: Abrupt withdrawal can cause seizures and hallucinations.
    lines: 7
    rubric: ["**Seizures** or hallucinations", Rebound spasticity]
  - id: route
    type: typed
    prompt: The route of the pump?
    answer: intrathecal
    lines: 2
"""


def numbers_html(tmp_path: Path, *args: str) -> str:
    """The bank above printed in its own order."""
    write_files(tmp_path / "q", {"doses.yaml": NUMBERS})
    out = tmp_path / "quiz.html"
    result = runner.invoke(app, ["print", str(tmp_path / "q"), "-o", str(out), "--order", "bank", *args])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_a_numeric_question_prints_a_blank_with_its_unit_and_the_key_its_range(tmp_path: Path) -> None:
    html = numbers_html(tmp_path)
    quiz, key = QUIZ_RE.findall(html)[0][1], KEY_RE.findall(html)[0][1]
    questions = {PROMPT_RE.search(body).group(1): (kind, body) for kind, body in QUESTION_RE.findall(quiz)}  # type: ignore[union-attr]
    kind, oral = questions["The largest oral daily dose on the US label?"]
    assert kind == "numeric"
    assert '<div class="answer-line w-m"><span>Answer</span><i></i><span class="unit">mg</span></div>' in oral
    assert oral.count('<div class="line"></div>') == 3  # lines: 3, working space above the blank
    share = questions["A share of the dose."][1]
    assert "<i></i></div>" in share and 'class="unit"' not in share and "line" not in share.replace("answer-line", "")
    assert "<b>Numbers:</b>" in quiz  # the instruction, once the version has a numeric question
    assert "80 mg" not in quiz and "3 to 4" not in quiz
    grid = re.findall(r'<tr><th scope="row">(\d+)</th><td>(.*?)</td></tr>', html)
    assert grid == [("1", "80 mg"), ("2", "3.5 h"), ("3", "0.001"), ("4", "—"), ("5", "intrathecal")]  # with its unit
    assert "<b>80 mg</b>" in key and "<b>3.5 h</b>" in key
    assert '<span class="k-also">accept 3 to 4 h</span>' in key
    assert '<span class="k-also">accept 0.00095 to 0.00105</span>' in key
    assert "accept 80" not in key  # no tolerance: the answer alone


def test_lines_set_the_ruled_lines_of_basic_typed_and_numeric(tmp_path: Path) -> None:
    quiz = QUIZ_RE.findall(numbers_html(tmp_path))[0][1]
    bodies = {PROMPT_RE.search(body).group(1): body for _, body in QUESTION_RE.findall(quiz)}  # type: ignore[union-attr]
    assert bodies["Why is baclofen tapered?"].count('<div class="line"></div>') == 7  # not the answer's length (2)
    typed = bodies["The route of the pump?"]
    assert typed.count('<div class="line"></div>') == 2 and '<div class="answer-line' in typed
    assert bodies["The elimination half-life?"].count('<div class="line"></div>') == 0


def test_the_rubric_stands_under_the_model_answer_in_the_key_and_the_study_sheet(tmp_path: Path) -> None:
    key = KEY_RE.findall(numbers_html(tmp_path))[0][1]
    entry = key.split("Why is baclofen tapered?")[0].rsplit('<section class="k">', 1)[1]
    answer_at = entry.index("Abrupt withdrawal can cause seizures")
    points_at = entry.index('<span class="label">Marking points</span>')
    assert answer_at < points_at
    assert "<li><b>Seizures</b> or hallucinations</li>" in entry and "<li>Rebound spasticity</li>" in entry
    study = numbers_html(tmp_path, "--study")
    sheet = dict((q.split('<div class="q-prompt">')[1].split("</div>")[0], q) for _, q in STUDY_RE.findall(study))
    oral = sheet["The largest oral daily dose on the US label?"]
    assert oral.index("<b>80 mg</b>") < oral.index("Marking points") and "<li>States 80 mg</li>" in oral
    assert "Marking points" not in sheet["The route of the pump?"]
    quiz = QUIZ_RE.findall(numbers_html(tmp_path))[0][1]
    assert "Marking points" not in quiz and "Rebound spasticity" not in quiz


if __name__ == "__main__":
    for case in sorted(GOLDEN_CASES):
        for name, text in golden_files(case).items():
            (GOLDEN / name).write_bytes(text.encode("utf-8"))
            print(f"wrote {GOLDEN / name}")
