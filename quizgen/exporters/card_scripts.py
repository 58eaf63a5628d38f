"""The scripts a question type brings to its Anki card, beyond the shared ones in :mod:`quizgen.exporters.anki_cards`.

A kind names its scripts (:attr:`quizgen.kinds.base.NoteType.script`); the files live in
``quizgen/exporters/card/``, each one optional:

- ``<name>.front.js`` runs on the front in place of the options' ``front.js`` (matching, ordering);
- ``<name>.back.js`` runs on the back in place of ``back.js`` and shows the type's verdict;
- ``<name>.js`` is the type's judge, standalone, put before ``<name>.back.js`` (numeric). Rules it
  shares with Python are data made by Python (``var NUMBER_RULES = ...;`` before the judge), so the
  card and ``play`` read answers with the same patterns.

All run after the shared helpers (``common.js``), inside their function.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Callable
from typing import Any


def _number_rules() -> Any:
    from quizgen.judge import number_rules  # the judge (and rapidfuzz) only when a card needs it

    return number_rules()


#: Each judge's data from Python: ``var NAME = value;`` before it.
_DATA: dict[str, tuple[str, Callable[[], Any]]] = {"numeric": ("NUMBER_RULES", _number_rules)}


def _path(name: str) -> importlib.resources.abc.Traversable:
    return importlib.resources.files("quizgen.exporters").joinpath("card", name)


def _file(name: str) -> str:
    return _path(name).read_text(encoding="utf-8")


def judge_source(name: str) -> str:
    """The type's judge as the card runs it: its rule data, then ``<name>.js`` (standalone: a page may load it)."""
    var, make = _DATA[name]
    data = json.dumps(make(), ensure_ascii=True).replace("<", "\\u003c")
    return f"var {var} = {data};\n{_file(f'{name}.js')}"


def front_source(name: str) -> str | None:
    """The type's own front (``<name>.front.js``), or None: the options' front serves it."""
    return _file(f"{name}.front.js") if _path(f"{name}.front.js").is_file() else None


def back_source(name: str) -> str | None:
    """The type's own back: its judge if it has one, then ``<name>.back.js``; None: the options' back serves it."""
    if not _path(f"{name}.back.js").is_file():
        return None
    judge = f"{judge_source(name)}\n" if _path(f"{name}.js").is_file() else ""
    return f"{judge}{_file(f'{name}.back.js')}"
