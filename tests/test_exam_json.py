"""The exam record's text: the fast writer gives exactly the bytes of ``json.dumps(..., indent=2)``.

``quizgen mark`` and people read ``<name>.json``; a faster writer must not move a byte of it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.exam import exam_json, exam_record, indented_json
from quizgen.exporters.html import PrintOptions, plan_decks
from quizgen.load import load_bank

BACLOFEN = Path(__file__).parent.parent / "questions" / "baclofen"


def reference(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def test_baclofen_exam_record_is_byte_identical(tmp_path: Path) -> None:
    bank = load_bank([BACLOFEN], cache_dir=tmp_path)
    for options in (PrintOptions(), PrintOptions(versions=3, key=True)):
        planned = plan_decks(bank.decks, options)
        record = exam_record(planned)
        assert exam_json(planned) == reference(record) + "\n"


leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),  # any code point: quotes, backslashes, control characters, surrogates, non-ASCII
    st.sampled_from(["", '"', "\\", "\n", "\x00", "é", "\u2028", 'a"b\\c', ": ", ",\n  "]),
)
keys = st.one_of(st.text(max_size=6), st.sampled_from(["number", "id", '"', "", "\n"]))
values = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(keys, children, max_size=5),
        st.dictionaries(st.one_of(st.integers(), st.booleans(), st.none(), st.floats()), children, max_size=3),
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_any_json_value_is_byte_identical(value: object) -> None:
    assert indented_json(value) == reference(value)


def test_nan_and_infinity_as_json_dumps_spells_them() -> None:
    value = {"a": [math.nan, math.inf, -math.inf], "b": {"c": 1.0, "d": -0.0}, 2.5: [[], {}], "e": [[1], {"f": []}]}
    assert indented_json(value) == reference(value)
