"""The editor's JSON Schema: committed as generated, built from the validator's tables, and in step with check.

Files are read for the schema as quizgen reads them (YAML 1.2: only true/false
are booleans, ``yes`` stays text, numbers are numbers), then validated with
``jsonschema``; refusals are run through the real ``quizgen check``.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from quizgen.kinds import KINDS, Key
from quizgen.kinds.choice import OPTION_KEYS
from quizgen.load import load_bank
from quizgen.model import QUESTION_TYPES
from quizgen.schema import schema, schema_text
from quizgen.validate import COMMON_KEYS, FILE_KEYS, ID_MAX, ID_RE
from tests.helpers import cli
from tests.test_any_bank import QuotingDumper, bank

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "questions" / "quizgen.schema.json"


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML with YAML 1.2 core-schema scalars, as quizgen reads them: no yes/on booleans, no dates, no
    sexagesimals, ``0777`` is decimal; merge keys (``<<: *base``) are kept because quizgen expands them."""

    yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    value = loader.construct_scalar(node)
    assert isinstance(value, str)
    if value.startswith(("0o", "0x")):
        return int(value[2:], 8 if value[1] == "o" else 16)
    return int(value)


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    value = loader.construct_scalar(node)
    assert isinstance(value, str)
    return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))


for _tag, _regex, _first in [
    ("tag:yaml.org,2002:bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("tag:yaml.org,2002:null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+.0123456789",
    ),
    ("tag:yaml.org,2002:merge", r"<<", "<"),
]:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(f"^(?:{_regex})$"), list(_first))
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float)

VALIDATOR = Draft202012Validator(schema())


def read12(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 - a SafeLoader subclass


def schema_errors(text: str) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(read12(text))]


def test_yaml12_loader_reads_scalars_as_quizgen_does() -> None:
    doc = read12("a: yes\nb: on\nc: True\nd: 0777\ne: 1.10\nf: 2024-01-01\ng: ~\nh: 0x1F\ni: .inf\nj: '42'\n")
    assert doc == {"a": "yes", "b": "on", "c": True, "d": 777, "e": 1.1, "f": "2024-01-01", "g": None, "h": 31,
                   "i": float("inf"), "j": "42"}  # fmt: skip
    assert read12("base: &b {x: 1}\nm: {<<: *b, y: 2}\n")["m"] == {"x": 1, "y": 2}


# -- (1) committed, well-formed -------------------------------------------------


def test_committed_schema_is_the_generated_one() -> None:
    """Regenerate with ``quizgen schema -o questions/quizgen.schema.json`` after changing the format."""
    assert COMMITTED.read_text(encoding="utf-8") == schema_text()


def test_cli_prints_and_writes_the_schema(tmp_path: Path) -> None:
    code, out, _ = cli("schema")
    assert code == 0
    assert out == schema_text()
    code, _, _ = cli("schema", "-o", tmp_path / "s.json")
    assert code == 0
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == schema_text()


def test_schema_is_valid_draft_2020_12_and_stable() -> None:
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema_text() == schema_text()
    assert schema_text().endswith("}\n")
    assert '\n  "$defs": {\n' in schema_text()  # 2-space indent


# -- (2) one source of truth ----------------------------------------------------


def test_keys_per_type_are_the_validators() -> None:
    s = schema()
    assert list(s["properties"]) == list(FILE_KEYS)
    assert [b["$ref"] for b in s["$defs"]["question"]["oneOf"]] == [f"#/$defs/{t}" for t in QUESTION_TYPES]
    for qtype in QUESTION_TYPES:
        d = s["$defs"][qtype]
        assert set(d["properties"]) == set(COMMON_KEYS) | set(KINDS[qtype].key_names), qtype
        assert d["additionalProperties"] is False
        assert d["properties"]["type"]["const"] == qtype
        assert ("type" in d["required"]) == (qtype != "basic")
    (mapping,) = [o for o in s["$defs"]["option"]["oneOf"] if o.get("type") == "object"]
    assert list(mapping["properties"]) == list(OPTION_KEYS) == mapping["required"]


def test_id_pattern_is_the_validators() -> None:
    id_schema = schema()["$defs"]["id"]
    assert id_schema["maxLength"] == ID_MAX
    for word in ["a", "receptor-target", "0-x", "Bad_Id", "-x", "a b", "é", "ab-", "x" * 70]:
        assert bool(re.search(id_schema["pattern"], word)) == bool(ID_RE.fullmatch(word)), word


def _described(node: Any, where: str) -> list[str]:
    """Every property schema and type branch lacking a description with an example."""
    missing: list[str] = []
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            help_text = value.get("description", "")
            if "Example: " not in help_text:
                missing.append(f"{where}.{key}")
        for key, value in node.items():
            missing += _described(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            missing += _described(value, f"{where}[{i}]")
    return missing


def test_every_key_and_type_has_help_with_an_example() -> None:
    s = schema()
    assert _described(s, "") == []
    for qtype in QUESTION_TYPES:
        assert len(s["$defs"][qtype]["description"]) > 40, qtype
    assert "answer: true" in s["$defs"]["truefalse"]["properties"]["answer"]["description"]
    assert "{{c1::" in s["$defs"]["cloze"]["properties"]["prompt"]["description"]


def test_a_key_added_to_a_kind_appears_in_its_schema_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import quizgen.schema as module

    basic = KINDS["basic"]
    hint = Key("hint", "A hint. Example: `hint: x`", {"$ref": "#/$defs/text"})
    monkeypatch.setitem(KINDS, "basic", replace(basic, keys=(*basic.keys, hint)))  # the registry the validator reads
    props = module.schema()["$defs"]["basic"]["properties"]
    assert props["hint"]["description"] == "A hint. Example: `hint: x`"
    assert "hint" not in module.schema()["$defs"]["typed"]["properties"]


# -- (3) every valid bank passes ------------------------------------------------

HEAD = "deck: Baclofen\ntopic: Mechanism\nquestions:\n"
SPEC_EXAMPLES = {
    "example": """\
deck: Baclofen
topic: Mechanism
tags: [pharmacology]
questions:
  - id: receptor-target
    type: mcq
    prompt: Baclofen is an agonist at which receptor?
    answer: GABA-B receptor
    distractors: [GABA-A receptor, NMDA receptor, Mu-opioid receptor]
    explanation: Baclofen is a GABA analogue that activates GABA-B, a G-protein-coupled receptor.
    source: "It also binds to receptors in the brain and nervous system, including the gamma-aminobutyric acid \
(GABA) receptor"

  - id: class-cloze
    type: cloze
    prompt: Baclofen reduces muscle {{c1::spasticity}} by acting in the {{c2::spinal cord::site}}.

  - id: cns-depressant
    type: truefalse
    prompt: Baclofen can add to the sedation of alcohol and other CNS depressants.
    answer: true
""",
    "options-with-reasons": HEAD
    + """\
  - id: receptor-target
    type: mcq
    prompt: Baclofen is an agonist at which receptor?
    answer:
      text: GABA-B receptor
      why: A G-protein-coupled receptor; baclofen is its only approved agonist.
    distractors:
      - text: GABA-A receptor
        why: The chloride channel where benzodiazepines act.
      - NMDA receptor
""",
    "cloze-accept": HEAD
    + """\
  - id: girk
    type: cloze
    prompt: Postsynaptic GABA-B receptors open {{c1::GIRK}} channels and {{c2::hyperpolarize}} the neuron.
    accept:
      c1: [GIRK potassium, Kir3]
      c2: [hyperpolarise]
""",
    "pools": HEAD
    + """\
  - id: receptor-target
    type: mcq
    pool: receptor
    points: 2
    prompt: Baclofen is an agonist at which receptor?
    answer: GABA-B receptor
    distractors: [GABA-A receptor, NMDA receptor]
  - id: receptor-target-typed
    type: typed
    pool: receptor
    points: 2
    prompt: Name the receptor at which baclofen is an agonist.
    answer: GABA-B receptor
""",
    "yaml-1.2-text-and-merge-keys": HEAD
    + """\
  - &base
    id: yes-is-text
    prompt: yes
    answer: on
    tags: []
    points: +2
  - <<: *base
    id: merged
  - id: empty-accept
    type: cloze
    prompt: "{{c1::x}} and {{c3::y}}"
    accept: {}
""",
}
BANK_FILES = sorted((ROOT / "questions").rglob("*.yaml")) + sorted((ROOT / "tests" / "banks").rglob("*.y*ml"))


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bank_file_of_the_project_passes(path: Path) -> None:
    load_bank([path])  # valid for quizgen (raises otherwise)
    assert schema_errors(path.read_text(encoding="utf-8")) == []


def test_the_project_has_bank_files() -> None:
    assert len([p for p in BANK_FILES if "questions" in p.parts]) >= 4
    assert len([p for p in BANK_FILES if "banks" in p.parts]) >= 1


@pytest.mark.parametrize("name", SPEC_EXAMPLES)
def test_spec_examples_pass(name: str, tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text(SPEC_EXAMPLES[name], encoding="utf-8")
    load_bank([tmp_path])
    assert schema_errors(SPEC_EXAMPLES[name]) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(bank())
def test_every_generated_valid_bank_passes(files: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        written = []
        for i, content in enumerate(files):
            path = Path(tmp) / f"f{i}.yaml"
            path.write_text(yaml.dump(content, Dumper=QuotingDumper, allow_unicode=True, sort_keys=False), "utf-8")
            written.append(path)
        load_bank([Path(tmp)])  # valid for quizgen
        for path in written:
            assert schema_errors(path.read_text(encoding="utf-8")) == [], path.read_text(encoding="utf-8")


# -- (4) refusals: the schema and check agree ---------------------------------------

GOOD = """\
deck: Demo
topic: Basics
tags: [t]
questions:
  - id: q-basic
    prompt: Capital of France?
    answer: Paris
  - id: q-mcq
    type: mcq
    prompt: Which receptor?
    answer: GABA-B
    distractors: [GABA-A, {text: NMDA, why: A glutamate receptor.}]
    points: 2
    pool: receptor
  - id: q-multi
    type: multi
    prompt: Which are effects?
    answer: [Drowsiness]
    distractors: [Hair loss]
    pinned: [Hair loss]
  - id: q-tf
    type: truefalse
    prompt: Baclofen is a GABA-B agonist.
    answer: true
  - id: q-cloze
    type: cloze
    prompt: Opens {{c1::GIRK}} channels.
    accept: {c1: [Kir3]}
  - id: q-typed
    type: typed
    prompt: Name the receptor.
    answer: GABA-B
    accept: [GABAB]
    lines: 2
  - id: q-numeric
    type: numeric
    prompt: The largest daily dose?
    answer: 80
    tolerance: 5%
    unit: mg
    rubric: [States 80 mg]
  - id: q-match
    type: matching
    prompt: Match them.
    pairs: [{item: Baclofen, match: GABA-B}, {item: Diazepam, match: GABA-A}]
    distractors: [NMDA]
    scoring: partial
  - id: q-order
    type: ordering
    prompt: In order.
    answer: [Bolus, Implant]
"""


def edit(old: str, new: str) -> str:
    """GOOD with one defect: ``old`` (which must occur exactly once) becomes ``new``."""
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


#: (what, file, a word of check's message): each breaks one rule both the schema and check enforce.
REFUSED_BY_BOTH = [
    ("unknown key", edit("    answer: Paris\n", "    answer: Paris\n    explaination: x\n"), "unknown key"),
    ("unknown file key", edit("tags: [t]\n", "tags: [t]\nauthor: x\n"), "unknown key 'author'"),
    ("distractors on typed", edit("    accept: [GABAB]\n", "    accept: [GABAB]\n    distractors: [x]\n"),
     "'distractors' does not belong to a typed"),
    ("accept on mcq", edit("    pool: receptor\n", "    pool: receptor\n    accept: [x]\n"),
     "'accept' does not belong to a mcq"),
    ("answer on cloze", edit("    accept: {c1: [Kir3]}\n", "    accept: {c1: [Kir3]}\n    answer: GIRK\n"),
     "a cloze has no answer"),
    ("unknown type", edit("type: typed", "type: essay"), "unknown type 'essay'"),
    ("mcq answer a list", edit("    answer: GABA-B\n    distractors", "    answer: [GABA-B]\n    distractors"),
     "must be text, not a list"),
    ("multi answer a string", edit("answer: [Drowsiness]", "answer: Drowsiness"), "list of the right options"),
    ("truefalse answer quoted", edit("answer: true", 'answer: "true"'), "without quotes"),
    ("truefalse answer yes", edit("answer: true", "answer: yes"), "true or false, not yes"),
    ("basic answer a number", edit("answer: Paris", "answer: 42"), "quote it"),
    ("basic answer a decimal", edit("answer: Paris", "answer: 1.10"), "quote it"),
    ("typed answer true", edit("    answer: GABA-B\n    accept", "    answer: true\n    accept"), "not the boolean"),
    ("file tags a string", edit("tags: [t]", "tags: t"), "tags must be a list"),
    ("empty tag", edit("tags: [t]", 'tags: [t, " "]'), "tags item 2 is empty"),
    ("points 0", edit("points: 2", "points: 0"), "points must be a whole number"),
    ("points quoted", edit("points: 2", 'points: "2"'), "without quotes"),
    ("points 1.5", edit("points: 2", "points: 1.5"), "points must be a whole number"),
    ("points negative", edit("points: 2", "points: -1"), "points must be a whole number"),
    ("missing id", edit("  - id: q-basic\n    prompt", "  - prompt"), "missing required key 'id'"),
    ("missing prompt", edit("    prompt: Capital of France?\n", ""), "missing required key 'prompt'"),
    ("missing answer", edit("    answer: Paris\n", ""), "missing required key 'answer'"),
    ("missing truefalse answer", edit("    answer: true\n", ""), "missing required key 'answer'"),
    ("missing distractors", edit("    distractors: [Hair loss]\n", ""), "missing required key 'distractors'"),
    ("missing deck", edit("deck: Demo\n", ""), "missing required key 'deck'"),
    ("missing topic", edit("topic: Basics\n", ""), "missing required key 'topic'"),
    ("missing questions", "deck: Demo\ntopic: Basics\n", "missing required key 'questions'"),
    ("id pattern", edit("id: q-basic", "id: Bad_Id"), "must be lowercase"),
    ("id too long", edit("id: q-basic", "id: " + "a" * (ID_MAX + 1)), "at most 64"),
    ("id a number", edit("id: q-basic", "id: 42"), "quote it"),
    ("empty questions", "deck: Demo\ntopic: Basics\nquestions: []\n", "questions is empty"),
    ("empty distractors", edit("distractors: [Hair loss]", "distractors: []"), "at least 1 entry"),
    ("empty multi answer", edit("answer: [Drowsiness]", "answer: []"), "at least 1 entry"),
    ("option without why", edit("{text: NMDA, why: A glutamate receptor.}", "{text: NMDA}"), "missing why"),
    ("option with extra key", edit("why: A glutamate receptor.}", "why: A glutamate receptor., note: x}"),
     "unknown key 'note'"),
    ("option with empty why", edit("why: A glutamate receptor.}", 'why: ""}'), "why is empty"),
    ("cloze accept key x1", edit("accept: {c1: [Kir3]}", "accept: {c1: [Kir3], x1: [y]}"), "unknown key 'x1'"),
    ("cloze accept a list", edit("accept: {c1: [Kir3]}", "accept: [Kir3]"), "maps deletions"),
    ("cloze accept not a list", edit("accept: {c1: [Kir3]}", "accept: {c1: Kir3}"), "must be a list"),
    ("cloze without deletion", edit("Opens {{c1::GIRK}} channels.", "Opens GIRK channels."), "at least one deletion"),
    ("pool pattern", edit("pool: receptor", "pool: Receptor_1"), "pool 'Receptor_1' must be lowercase"),
    ("whitespace prompt", edit("prompt: Capital of France?", 'prompt: "   "'), "prompt is empty"),
    ("explanation without value", edit("    answer: Paris\n", "    answer: Paris\n    explanation:\n"),
     "has no value"),
    ("repeated distractor", edit("distractors: [Hair loss]", "distractors: [Hair loss, Hair loss]"), "repeated"),
    ("repeated pinned", edit("pinned: [Hair loss]", "pinned: [Hair loss, Hair loss]"), "repeated"),
    ("question not a mapping", edit("  - id: q-basic\n    prompt: Capital of France?\n    answer: Paris\n",
                                    "  - just text\n"), "a question must be a mapping"),
    ("top level a list", "- deck: Demo\n", "top level must be a mapping"),
    ("one pair", edit("{item: Diazepam, match: GABA-A}]", "]"), "at least 2 pairs"),
    ("pair without match", edit("{item: Diazepam, match: GABA-A}", "{item: Diazepam}"), "missing match"),
    ("pair with another key", edit("match: GABA-A}", "match: GABA-A, why: x}"), "unknown key 'why'"),
    ("ordering of one", edit("answer: [Bolus, Implant]", "answer: [Bolus]"), "at least 2 entries"),
    ("repeated entry", edit("answer: [Bolus, Implant]", "answer: [Bolus, Bolus]"), "repeated in answer"),
    ("scoring some", edit("scoring: partial", "scoring: some"), "scoring must be 'all' or 'partial'"),
    ("scoring on mcq", edit("    pool: receptor\n", "    pool: receptor\n    scoring: all\n"),
     "'scoring' does not belong to a mcq"),
    ("numeric answer quoted", edit("answer: 80", 'answer: "80"'), "write it without quotes: answer: 80"),
    ("numeric tolerance negative", edit("tolerance: 5%", "tolerance: -1"), "tolerance must be at least 0"),
    ("numeric tolerance spaced", edit("tolerance: 5%", "tolerance: 5 %"), "without spaces"),
    ("numeric tolerance a word", edit("tolerance: 5%", "tolerance: abc"), "tolerance must be a number"),
    ("numeric tolerance %%", edit("tolerance: 5%", "tolerance: 5%%"), "tolerance must be a number"),
    ("numeric unit a number", edit("unit: mg", "unit: 5"), "unit must be text"),
    ("lines 0", edit("lines: 2", "lines: 0"), "lines must be a whole number"),
    ("lines on mcq", edit("    pool: receptor\n", "    pool: receptor\n    lines: 2\n"),
     "'lines' does not belong to a mcq"),
    ("rubric a string", edit("rubric: [States 80 mg]", "rubric: States 80 mg"), "rubric must be a list"),
    ("rubric of numbers", edit("rubric: [States 80 mg]", "rubric: [80]"), "rubric item 1 must be text"),
]  # fmt: skip


def test_the_good_file_passes_both(tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text(GOOD, encoding="utf-8")
    code, out, err = cli("check", tmp_path)
    assert code == 0, out + err
    assert schema_errors(GOOD) == []


@pytest.mark.parametrize(("what", "content", "message"), REFUSED_BY_BOTH, ids=[c[0] for c in REFUSED_BY_BOTH])
def test_schema_and_check_refuse_the_same_file(what: str, content: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text(content, encoding="utf-8")
    code, out, err = cli("check", tmp_path)
    assert code == 1
    assert message in out + err
    assert schema_errors(content), f"the schema accepts: {what}"


#: (what, file, a word of check's message): shapes the schema accepts and only ``quizgen check`` refuses.
CHECK_ONLY = [
    ("duplicate id", edit("id: q-typed", "id: q-basic"), "duplicate id 'q-basic'"),
    ("answer among the distractors", edit("distractors: [GABA-A,", "distractors: [GABA-B,"), "both the answer and"),
    ("options repeated but for spaces", edit("distractors: [Hair loss]", 'distractors: [Hair loss, "Hair loss "]'),
     "repeated in distractors"),
    ("pinned that is no option", edit("pinned: [Hair loss]", "pinned: [Nausea]"), "is not one of the options"),
    ("matches alike but for case", edit("match: GABA-A}", "match: gaba-b}"), "looks the same as 'GABA-B'"),
    ("a distractor equal to a match", edit("distractors: [NMDA]", "distractors: [GABA-A]"), "both a match and"),
    ("empty cloze deletion", edit("Opens {{c1::GIRK}} channels.", "Opens {{c1::}} channels."), "malformed cloze"),
    ("nested cloze deletion", edit("{{c1::GIRK}}", "{{c1::GIRK {{c2::x}} }}"), "malformed cloze"),
    ("cloze number past Anki's", edit("{{c1::GIRK}}", "{{c1::GIRK}} {{c501::x}}"), "too large"),
    ("accept names no deletion", edit("accept: {c1: [Kir3]}", "accept: {c2: [Kir3]}"), "unknown key 'c2'"),
    ("a date where text is expected", edit("answer: Paris", "answer: 2024-01-01"), "a date"),
    ("points written as a decimal", edit("points: 2", "points: 2.0"), "points must be a whole number"),
    ("pool members with different points", edit("    answer: Paris\n", "    answer: Paris\n    pool: receptor\n"),
     "mixes points"),
    ("text cut by a comment", edit("prompt: Capital of France?", "prompt: the #1 capital?"), "ends before '#1"),
    ("duplicate key", edit("    answer: Paris\n", "    answer: Paris\n    answer: Rome\n"), "duplicate key"),
    ("missing image", edit("answer: Paris", "answer: '![map](map.png)'"), "map.png"),
    ("image in a typed answer", edit("answer: GABA-B\n    accept", "answer: '![x](x.png)'\n    accept"),
     "cannot show an image"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "content", "message"), CHECK_ONLY, ids=[c[0] for c in CHECK_ONLY])
def test_what_only_check_refuses(what: str, content: str, message: str, tmp_path: Path) -> None:
    """What a JSON Schema of one file cannot say, so ``quizgen check`` alone refuses it.

    - Across questions: an id twice in a deck; pool members with different points.
    - Between keys of one question: an mcq/multi answer among its distractors; options repeated once
      surrounding spaces are ignored (exact repeats the schema catches, with ``uniqueItems``); a ``pinned``
      entry that names no option; a cloze ``accept`` key naming no deletion of the prompt.
    - Inside text: cloze syntax beyond "has a ``{{cN::``" (an empty or nested deletion, a number past c500);
      images (the file must exist and be an image; none in a typed answer).
    - Below the data: a date such as ``answer: 2024-01-01`` is text in YAML 1.2, so the schema takes it, and
      check refuses it with a hint to quote; ``points: 2.0`` and ``points: 0x2`` are the integer 2 to JSON
      Schema, and check wants it written ``2``; a duplicate key (the loader keeps the last; editors flag it
      themselves); text cut short by `` #1`` (a comment to YAML).
    - Not in this list, because the schema says it too: a number where text is expected (``answer: 42``,
      ``answer: 1.10``) is not a string, and ``answer: yes`` on a truefalse is not a boolean: both refuse.
    """
    (tmp_path / "q.yaml").write_text(content, encoding="utf-8")
    code, out, err = cli("check", tmp_path)
    assert code == 1
    assert message in out + err
    assert schema_errors(content) == []
