"""Property tests: whatever bytes or YAML an author saves, the loader answers with a bank or
located problems, never a traceback."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from quizgen.errors import QuizgenError
from quizgen.load import load_bank
from quizgen.model import Bank, card_count

KEYS = [
    "deck",
    "topic",
    "tags",
    "questions",
    "id",
    "type",
    "prompt",
    "answer",
    "distractors",
    "accept",
    "explanation",
    "source",
    "pinned",
    "mcq",
    "cloze",
    "typed",
    "multi",
    "truefalse",
    "basic",
]

SCALAR_CLOZES = ["{{c1::x}}", "{{c1::a::h}} {{c2::b}}", "{{c0::", "**{{c1::x}}** and {{c1::y}}"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(KEYS),
    st.text(max_size=30),
    st.sampled_from(SCALAR_CLOZES),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=6),
    ),
    max_leaves=30,
)
question = st.fixed_dictionaries(
    {"id": st.one_of(st.sampled_from(["a", "b", "c-1"]), st.text(max_size=5))},
    optional={k: scalars | st.lists(scalars, max_size=3) for k in KEYS[5:13]},
)
ids = st.sampled_from(["a", "b", "c-1"])
words = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs"]), max_size=8)
# Questions of every shape that are often valid, so that the property below is exercised on usable banks.
plausible = st.one_of(
    st.fixed_dictionaries({"id": ids, "prompt": words, "answer": words}),
    st.fixed_dictionaries(
        {"id": ids, "type": st.sampled_from(["typed", "basic"]), "prompt": words, "answer": words},
        optional={"accept": st.lists(words, max_size=2)},
    ),
    st.fixed_dictionaries(
        {
            "id": ids,
            "type": st.sampled_from(["mcq", "multi"]),
            "prompt": words,
            "answer": st.sampled_from(["x", ["x"], ["x", "y"]]),
            "distractors": st.lists(st.sampled_from(["y", "z", "None"]), min_size=1, max_size=3),
        },
        optional={"pinned": st.lists(st.sampled_from(["z", "None"]), max_size=1)},
    ),
    st.fixed_dictionaries({"id": ids, "type": st.just("truefalse"), "prompt": words, "answer": st.booleans()}),
    st.fixed_dictionaries({"id": ids, "type": st.just("cloze"), "prompt": st.sampled_from(SCALAR_CLOZES) | words}),
)
near_valid = st.fixed_dictionaries(
    {
        "deck": st.sampled_from(["D", "E"]),
        "topic": st.just("T"),
        "questions": st.lists(question | plausible, max_size=4),
    },
    optional={"tags": st.lists(st.text(max_size=5), max_size=2)},
)


def outcome(data: bytes) -> Bank | QuizgenError:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bank.yaml"
        path.write_bytes(data)
        try:
            return load_bank([path])
        except QuizgenError as e:
            assert e.problems, "an invalid bank must say where"
            lines = len(re.split(r"\r\n|\r|\n", data.decode("utf-8", "replace")))  # as an editor counts
            for p in e.problems:
                assert p.path == str(path)
                assert 1 <= p.line <= lines, (p, lines)
                assert p.message
            return e


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_arbitrary_bytes(data: bytes) -> None:
    outcome(data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n ?,%@`\t\\")), max_size=80))
def test_arbitrary_yaml_like_text(text: str) -> None:
    outcome(text.encode())


@settings(max_examples=300, deadline=None)
@given(documents)
def test_arbitrary_yaml_structures(doc: Any) -> None:
    outcome(yaml.safe_dump(doc, allow_unicode=True).encode())


@settings(max_examples=300, deadline=None)
@given(near_valid)
def test_near_valid_banks(doc: Any) -> None:
    result = outcome(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode())
    if isinstance(result, Bank):
        # Whatever passes is fully usable: every question has an id, a prompt and at least one card.
        for q in result.questions():
            assert q.id and q.prompt.strip() and card_count(q) >= 1


def test_near_valid_banks_reach_the_property() -> None:
    """The strategy above must produce usable banks of several questions, or the property proves nothing."""

    def usable(doc: Any) -> bool:
        result = outcome(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode())
        return isinstance(result, Bank) and len({q.type for q in result.questions()}) >= 2

    assert usable(find(near_valid, usable, settings=settings(max_examples=2000, database=None)))
