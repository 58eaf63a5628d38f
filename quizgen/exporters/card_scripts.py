"""The scripts a question type brings to its Anki card, beyond the shared ones in :mod:`quizgen.exporters.anki_cards`.

A kind names its script (:attr:`quizgen.kinds.base.NoteType.script`); the files live in
``quizgen/exporters/card/``: ``<name>.js`` is the type's judge, standalone, and ``<name>-back.js`` shows
its verdict on the back. Rules they share with Python are data made by Python (``var NUMBER_RULES = ...;``
before the judge), so the card and ``play`` read answers with the same patterns.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Callable
from typing import Any


def _number_rules() -> Any:
    from quizgen.judge import number_rules  # the judge (and rapidfuzz) only when a card needs it

    return number_rules()


#: Each script's data from Python: ``var NAME = value;`` before its judge.
_DATA: dict[str, tuple[str, Callable[[], Any]]] = {"numeric": ("NUMBER_RULES", _number_rules)}


def _file(name: str) -> str:
    return importlib.resources.files("quizgen.exporters").joinpath("card", name).read_text(encoding="utf-8")


def judge_source(name: str) -> str:
    """The type's judge as the card runs it: its rule data, then ``<name>.js`` (standalone: a page may load it)."""
    var, make = _DATA[name]
    data = json.dumps(make(), ensure_ascii=True).replace("<", "\\u003c")
    return f"var {var} = {data};\n{_file(f'{name}.js')}"


def back_source(name: str) -> str:
    """The body of the type's back script: its judge, then ``<name>-back.js``, inside the shared card helpers."""
    return f"{judge_source(name)}\n{_file(f'{name}-back.js')}"
