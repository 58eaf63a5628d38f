"""``quizgen new``: a starter bank that checks as written, names a schema file that exists, and never overwrites."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quizgen.load import load_bank
from quizgen.model import QUESTION_TYPES
from quizgen.schema import schema_text
from quizgen.starter import EXAMPLES
from tests.helpers import cli
from tests.test_schema import schema_errors

SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def schema_of(path: Path) -> Path:
    """The schema file that the first line of ``path`` names, relative to the file."""
    first = path.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    found = SCHEMA_LINE.fullmatch(first)
    assert found, first
    return (path.parent / found.group(1)).resolve()


def test_every_type_has_an_example() -> None:
    assert list(EXAMPLES) == list(QUESTION_TYPES)


def test_the_default_bank_checks_and_names_its_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("new", "Cell Biology")
    assert code == 0, err
    bank_file = tmp_path / "questions" / "cell-biology" / "basics.yaml"
    assert out.splitlines()[:2] == ["wrote questions/cell-biology/basics.yaml", "wrote questions/quizgen.schema.json"]
    assert schema_of(bank_file) == tmp_path / "questions" / "quizgen.schema.json"
    assert (tmp_path / "questions" / "quizgen.schema.json").read_text(encoding="utf-8") == schema_text()
    code, out, err = cli("check", "--strict")
    assert (code, err) == (0, "")
    assert out.startswith("Cell Biology: 1 topic, 9 questions, 10 cards (basic 1, mcq 1, multi 1, truefalse 1,")
    assert schema_errors(bank_file.read_text(encoding="utf-8")) == []


def test_one_file_per_topic_in_the_given_order(tmp_path: Path) -> None:
    folder = tmp_path / "bank"
    code, out, err = cli("new", "Biology: Cells", "--topic", "Mitosis", "--topic", "Cell wall", folder)
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == ["01-mitosis.yaml", "02-cell-wall.yaml", "quizgen.schema.json"]
    (deck,) = load_bank([folder]).decks
    assert deck.name == "Biology: Cells" and [t.name for t in deck.topics] == ["Mitosis", "Cell wall"]
    assert {q.type for t in deck.topics for q in t.questions} == set(QUESTION_TYPES)
    for topic_file in folder.glob("*.yaml"):
        assert schema_of(topic_file) == folder / "quizgen.schema.json"
        text = topic_file.read_text(encoding="utf-8")
        for kind in QUESTION_TYPES:  # each example comes with a comment saying how to write it
            assert re.search(rf"\n  # {kind}: .+\n(  # .*\n)*  - id: [a-z-]+-{kind}\n", text), kind
    assert cli("check", "--strict", folder)[0] == 0


def test_a_schema_already_there_is_named_not_written(tmp_path: Path) -> None:
    (tmp_path / "quizgen.schema.json").write_text("{}", encoding="utf-8")
    code, out, _ = cli("new", "Chemistry", tmp_path / "chemistry")
    assert code == 0 and "quizgen.schema.json" not in out
    assert schema_of(tmp_path / "chemistry" / "basics.yaml") == tmp_path / "quizgen.schema.json"
    assert (tmp_path / "quizgen.schema.json").read_text(encoding="utf-8") == "{}"


def test_it_refuses_to_overwrite_and_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "02-genetics.yaml").write_text("mine", encoding="utf-8")
    code, out, err = cli("new", "Biology", "--topic", "Mitosis", "--topic", "Genetics", folder)
    assert code == 1 and out == ""
    assert f"error: not starting a bank over existing files ({folder / '02-genetics.yaml'})" in err
    assert sorted(p.name for p in folder.iterdir()) == ["02-genetics.yaml"]
    assert (folder / "02-genetics.yaml").read_text(encoding="utf-8") == "mine"


def test_a_topic_already_started_is_refused_under_another_number(tmp_path: Path) -> None:
    assert cli("new", "Biology", "--topic", "Mitosis", "--topic", "Genetics", tmp_path)[0] == 0
    before = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = cli("new", "Biology", "--topic", "Genetics", tmp_path)
    assert code == 1 and "02-genetics.yaml" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [(["", "x"], "the deck's name is empty"), (["D", "--topic", " ", "x"], "a --topic is empty"),
     (["D", "--topic", "Cell wall", "--topic", "cell-wall", "x"], "would share the file cell-wall.yaml")],
)  # fmt: skip
def test_unusable_names_are_refused(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = cli("new", *args[:-1], tmp_path / args[-1])
    assert code == 1 and message in err
    assert not (tmp_path / args[-1]).exists()


def test_names_yaml_would_misread_are_quoted(tmp_path: Path) -> None:
    code, _, err = cli("new", "2024", "--topic", "true", "--topic", "Ions: #1 # part", tmp_path)
    assert code == 0, err
    (deck,) = load_bank([tmp_path]).decks
    assert deck.name == "2024" and [t.name for t in deck.topics] == ["true", "Ions: #1 # part"]
    assert json.loads(json.dumps(deck.name)) == "2024"


def test_new_without_a_deck_is_wrong_usage() -> None:
    assert cli("new")[0] == 2
