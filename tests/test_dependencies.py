"""Fails loudly when a dependency changes something quizgen relies on beyond its documented API.

quizgen extends genanki's Note, Model, Deck and Package (to stamp each note with
its own time and to build packages in memory), and mirrors py-fsrs' fuzz
ranges; pyproject.toml bounds both, and this says what to re-check when the
bound is raised.
"""

from __future__ import annotations

import inspect

import genanki

from quizgen.scheduler import FUZZ_RANGES


def test_genanki_internals_quizgen_extends_are_as_expected() -> None:
    assert list(inspect.signature(genanki.Package.write_to_db).parameters) == ["self", "cursor", "timestamp", "id_gen"]
    assert list(inspect.signature(genanki.Note.write_to_db).parameters) == [
        "self", "cursor", "timestamp", "deck_id", "id_gen",
    ]  # fmt: skip
    assert list(inspect.signature(genanki.Model.to_json).parameters) == ["self", "timestamp", "deck_id"]
    # quizgen writes the decks' JSON once for all decks (tests/test_anki_memo.py holds it to genanki's own bytes)
    assert list(inspect.signature(genanki.Deck.write_to_db).parameters) == ["self", "cursor", "timestamp", "id_gen"]
    assert genanki.Model.CLOZE == 1 and genanki.Model.FRONT_BACK == 0


def test_our_fuzz_ranges_are_py_fsrs_ones() -> None:
    from fsrs.scheduler import FUZZ_RANGES as FSRS_FUZZ  # not exported by py-fsrs: compared here only

    assert [(r["start"], r["end"], r["factor"]) for r in FSRS_FUZZ] == list(FUZZ_RANGES)
