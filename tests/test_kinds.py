"""The registry of question types is complete and consistent: every type has one kind, and each kind's
declarations (keys, dataclass, note type, field parts, card sides, print template) fit together.

These are the checks mypy cannot make on data; adding a type that breaks one fails here.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import get_args

import pytest

from quizgen.exporters.anki import notetype_definition
from quizgen.exporters.anki_cards import TEMPLATES
from quizgen.exporters.html import LAYOUTS, environment
from quizgen.kinds import DEFAULT, KINDS, Kind
from quizgen.kinds.base import TAIL, Part
from quizgen.load import load_bank
from quizgen.model import QUESTION_TYPES, Question
from quizgen.release import field_parts
from quizgen.schema import schema
from quizgen.validate import COMMON_KEYS, QUESTION_KEYS
from tests.helpers import write

ALL = [pytest.param(kind, id=name) for name, kind in KINDS.items()]

#: One valid question of each type: the registry's checkers must build each kind's own dataclass.
ONE_OF_EACH = """\
deck: Demo
topic: Kinds
questions:
  - id: b
    prompt: Front
    answer: Back
  - id: m
    type: mcq
    prompt: Pick one
    answer: A
    distractors: [B, C]
    pinned: [C]
  - id: mm
    type: multi
    prompt: Pick all
    answer: [A, B]
    distractors: [C]
  - id: tf
    type: truefalse
    prompt: Water is wet.
    answer: true
  - id: c
    type: cloze
    prompt: A {{c1::cloze}} with {{c2::two::hint}}.
    accept: {c1: [gap]}
  - id: t
    type: typed
    prompt: Type it
    answer: GABA-B
    accept: [GABA B]
  - id: n
    type: numeric
    prompt: How many mg?
    answer: 80
    tolerance: 5%
    unit: mg
  - id: mt
    type: matching
    prompt: Match them
    pairs: [{item: One, match: Uno}, {item: Two, match: Dos}]
    distractors: [Tres]
  - id: o
    type: ordering
    prompt: Order them
    answer: [First, Second]
"""


def test_every_question_type_has_exactly_one_kind_in_the_banks_order() -> None:
    assert tuple(KINDS) == QUESTION_TYPES
    assert DEFAULT in KINDS
    assert [kind.cls for kind in KINDS.values()] == list(get_args(Question))  # the model's union, same order
    for name, kind in KINDS.items():
        assert kind.name == name
        assert kind.cls.type == name


@pytest.mark.parametrize("kind", ALL)
def test_a_kinds_keys_are_its_own_and_documented(kind: Kind) -> None:
    assert len(set(kind.key_names)) == len(kind.key_names)
    assert not set(kind.key_names) & set(COMMON_KEYS), "a kind's keys are beyond the common ones"
    assert {key.name for key in kind.overrides} <= set(COMMON_KEYS) - {"id", "type"}
    for key in kind.keys + kind.overrides:
        assert "Example: `" in key.help, key.name
        assert key.shape, key.name
    assert len(kind.help) > 40


def test_question_keys_are_the_common_ones_and_every_kinds_own() -> None:
    own = {name for kind in KINDS.values() for name in kind.key_names}
    assert len(QUESTION_KEYS) == len(set(QUESTION_KEYS))
    assert set(QUESTION_KEYS) == set(COMMON_KEYS) | own


def test_note_types_are_unique_and_end_with_the_shared_fields() -> None:
    notes = [kind.note for kind in KINDS.values()]
    assert len({n.id for n in notes}) == len(notes)
    assert len({n.name for n in notes}) == len(notes)
    for note in notes:
        assert note.name.startswith("quizgen: ")
        assert (1 << 30) <= note.id < (1 << 31)
        assert len(set(note.field_names)) == len(note.fields), note.name
        assert note.fields[-len(TAIL) :] == TAIL, note.name
        assert note.fields[0].name not in {f.name for f in TAIL}, "the first field is never empty"
    assert [n.cloze for n in notes].count(True) == 1 and KINDS["cloze"].note.cloze


def test_field_parts_cover_every_field_and_agree_across_note_types() -> None:
    parts = set(get_args(Part))
    seen: dict[str, str] = {}
    for kind in KINDS.values():
        for field in kind.note.fields:
            assert field.part in parts
            assert seen.setdefault(field.name, field.part) == field.part, f"{field.name} holds two parts"
            assert field_parts()[field.name] == field.part  # the release report's vocabulary comes from the kinds
    assert set(field_parts()) == set(seen)


@pytest.mark.parametrize("kind", ALL)
def test_card_templates_name_only_their_own_fields(kind: Kind) -> None:
    qfmt, afmt = TEMPLATES[kind.name]
    referenced = set(re.findall(r"\{\{[#/^]?(?:type:|cloze:)?([^}#/^:][^}]*)\}\}", qfmt + afmt))
    assert referenced <= set(kind.note.field_names), referenced - set(kind.note.field_names)
    assert kind.note.fields[0].name in referenced  # the front shows the first field
    definition = notetype_definition(kind.name)
    assert definition["id"] == kind.note.id and definition["fields"] == list(kind.note.field_names)
    assert definition["template"]["name"] == kind.note.card
    assert ("{{cloze:" in qfmt) == kind.note.cloze
    assert ("<script>" in qfmt) == kind.note.scripted
    assert ("qgJudge = qgJudge" in afmt) == kind.note.judge


@pytest.mark.parametrize("kind", ALL)
def test_each_kind_names_a_print_template_and_has_a_printed_layout(kind: Kind) -> None:
    types = environment().globals["types"]
    assert isinstance(types, dict)
    assert callable(types[kind.name].instruction), f"{kind.print_template} lacks its instruction macro"
    assert kind.name in LAYOUTS, f"html.LAYOUTS has no layout for {kind.name}"


def test_the_schema_offers_each_kinds_keys_with_the_kinds_help() -> None:
    defs = schema()["$defs"]
    for name, kind in KINDS.items():
        props = defs[name]["properties"]
        assert list(props) == list(COMMON_KEYS + kind.key_names)
        for key in kind.keys + kind.overrides:
            assert props[key.name]["description"] == key.help
        assert defs[name]["description"] == kind.help
        assert set(defs[name]["required"]) >= {key.name for key in kind.keys if key.required}


def test_each_kinds_checker_builds_its_own_dataclass_and_the_bank_pickles(tmp_path: Path) -> None:
    write(tmp_path, ONE_OF_EACH)
    bank = load_bank([tmp_path])
    questions = list(bank.questions())
    assert [type(q) for q in questions] == [kind.cls for kind in KINDS.values()]
    assert all(q.deck == "Demo" and q.topic == "Kinds" and q.line > 0 for q in questions)
    assert pickle.loads(pickle.dumps(bank)) == bank  # play caches the bank with pickle
