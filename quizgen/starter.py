"""``quizgen new``: a starter bank a teacher can check at once and then fill with their own questions.

One file per topic, each opening with the editor's schema line (a path,
relative to the file, to a ``quizgen.schema.json`` that exists or is written
with the bank) and holding one example question of every type, each under a
comment saying how to write it. The examples are valid as written, so
``quizgen check`` passes on a new bank.

:data:`EXAMPLES` holds one block per question type; a new type adds its block
there (a test checks every type of :data:`quizgen.model.QUESTION_TYPES` has one).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from quizgen.errors import QuizgenError
from quizgen.model import QUESTION_TYPES, QuestionType, slugify

SCHEMA_NAME = "quizgen.schema.json"
#: Where ``quizgen new`` puts a deck when no folder is given: ``questions/<deck-slug>/``.
QUESTIONS = Path("questions")

#: One example per type: the comment saying how to write it, then the question (``{id}`` is its id).
EXAMPLES: dict[QuestionType, str] = {
    "basic": """\
  # basic: a question and its answer, like the two sides of a flash card (no `type` needed).
  # Write a number or a date that is the whole text in quotes ("1945"), so it is kept as written.
  - id: {id}
    prompt: Why does ice float on water?
    answer: Ice is less dense than liquid water.
    explanation: Water expands by about 9% when it freezes.
""",
    "mcq": """\
  # mcq: one right answer and at least one distractor (a wrong option). Write each option's text,
  # never a letter: options are shuffled and lettered when printed. Any option may carry a reason,
  # {text: ..., why: ...}, shown after answering and in the answer key.
  - id: {id}
    type: mcq
    prompt: Which planet is closest to the Sun?
    answer: Mercury
    distractors:
      - Venus
      - text: Mars
        why: Mars is the fourth planet from the Sun.
      - Earth
""",
    "multi": """\
  # multi: several right answers (a list) and at least one distractor; the learner picks every right one.
  - id: {id}
    type: multi
    prompt: Which of these animals are mammals?
    answer: [Whale, Bat]
    distractors: [Shark, Penguin]
""",
    "truefalse": """\
  # truefalse: the answer is true or false, without quotes.
  - id: {id}
    type: truefalse
    prompt: The Pacific is the largest ocean on Earth.
    answer: true
""",
    "cloze": """\
  # cloze: hide the answers in the text as {{c1::answer}} or {{c1::answer::hint}}; each number is
  # one card, no answer key. Other right answers for a deletion go in accept.
  - id: {id}
    type: cloze
    prompt: Plants make sugar by {{c1::photosynthesis}}, which needs {{c2::light::a form of energy}}.
    accept:
      c2: [sunlight]
""",
    "typed": """\
  # typed: the learner types the answer. Case, spacing and British or American spelling do not
  # matter and a small typo counts as close; other wordings that are right go in accept.
  - id: {id}
    type: typed
    prompt: Which gas do plants take in from the air to make sugar?
    answer: Carbon dioxide
    accept: [CO2]
""",
    "numeric": """\
  # numeric: the learner types a number. Write the answer unquoted; tolerance is how far off still
  # counts (a number, or a percentage such as 5%), and unit is optional (typing it is optional too).
  - id: {id}
    type: numeric
    prompt: At sea level, at what temperature does water boil?
    answer: 100
    tolerance: 1
    unit: °C
""",
    "matching": """\
  # matching: each item with the one match that belongs to it; distractors are matches of no item.
  # The matches are lettered and shuffled; scoring: partial gives a share of the points per right pair.
  - id: {id}
    type: matching
    prompt: Match each organelle to its job.
    pairs:
      - {item: Mitochondrion, match: Makes ATP}
      - {item: Ribosome, match: Makes proteins}
      - {item: Lysosome, match: Digests waste}
    distractors: [Stores genes]
""",
    "ordering": """\
  # ordering: the entries in the right order, first to last; they are shown lettered and shuffled.
  - id: {id}
    type: ordering
    prompt: Put the phases of mitosis in order.
    answer: [Prophase, Metaphase, Anaphase, Telophase]
""",
}

_HEADER = """\
# yaml-language-server: $schema={schema}
# A question file of the deck {deck_shown}: one topic and its questions. Replace the examples below
# with your own and run `quizgen check {folder}` to find every mistake, each at its line.
# Each question needs an `id` (lowercase letters, digits and hyphens, once per deck) and a `prompt`.
# Keep the id when you edit a question: learners' progress follows it. Optional on every question:
# explanation, tags, points (for printed exams) and pool (questions of one pool are alternatives).
# Show a figure with ![what it shows](images/figure.png), the path relative to this file.
deck: {deck}
topic: {topic}
questions:
"""

#: Text YAML reads as itself when written without quotes (no number, boolean, `: `, `#` or leading symbol).
_PLAIN = re.compile(r"[^\W\d_][\w ,.()'/+-]*")
_NOT_TEXT = {"true", "false", "null", "~"}


def _yaml_text(text: str) -> str:
    """``text`` as a YAML value: plain when that reads back the same, else a double-quoted (JSON) string."""
    if _PLAIN.fullmatch(text) and text == text.strip() and text.lower() not in _NOT_TEXT and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _id_prefix(topic: str, number: int) -> str:
    """The topic as the start of an id (``Cell division`` -> ``cell-division``); ``topic-2`` if it has no Latin."""
    slug = re.sub(r"[^a-z0-9-]", "", slugify(topic)).strip("-")[:40].strip("-")
    return slug or f"topic-{number}"


def topic_file(deck: str, topic: str, number: int, *, folder: str, schema: str) -> str:
    """The text of one topic's file: the schema line, what to do, and an example of every type."""
    prefix = _id_prefix(topic, number)
    header = _HEADER.format(
        schema=schema, deck_shown=json.dumps(deck, ensure_ascii=False), folder=folder,
        deck=_yaml_text(deck), topic=_yaml_text(topic),
    )  # fmt: skip
    blocks = [EXAMPLES[kind].replace("{id}", f"{prefix}-{kind}") for kind in QUESTION_TYPES]
    return header + "\n".join(blocks)


def schema_location(folder: Path, defaulted: bool) -> tuple[Path, bool]:
    """The schema file the bank's files name, and whether it must be written.

    An existing ``quizgen.schema.json`` in the folder or the one above is
    used; else one is written above a bank in ``questions/<deck>/`` (shared
    by every deck there), beside any other bank.
    """
    for place in (folder, folder.parent):
        if (place / SCHEMA_NAME).is_file():
            return place / SCHEMA_NAME, False
    return (folder.parent if defaulted else folder) / SCHEMA_NAME, True


def _same_topic_files(folder: Path, names: Sequence[str]) -> list[str]:
    """Files of the folder that already hold one of these topics (``02-genetics.yaml`` for ``genetics``)."""
    try:
        present = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        return []
    return [str(p) for p in present if re.sub(r"^[0-9]+-", "", p.stem) in names]


def starter_bank(deck: str, topics: Sequence[str], folder: Path | None) -> list[tuple[Path, str]]:
    """Every file ``quizgen new`` writes: one per topic, and the schema file when there is none to name."""
    from quizgen.schema import schema_text

    if not deck.strip():
        raise QuizgenError("the deck's name is empty; name it, e.g. quizgen new Biology")
    topics = [t.strip() for t in topics] or ["Basics"]
    if any(not t for t in topics):
        raise QuizgenError("a --topic is empty; name each topic, e.g. --topic 'Cell division'")
    names = [slugify(t) for t in topics]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise QuizgenError(
                f"topics '{topics[names.index(name)]}' and '{topics[i]}' would share the file {name}.yaml; "
                "give each topic a different name"
            )
    defaulted = folder is None
    target = QUESTIONS / slugify(deck) if folder is None else folder
    schema, write_schema = schema_location(target, defaulted)
    schema_ref = os.path.relpath(schema, target).replace(os.sep, "/")
    if not schema_ref.startswith("."):
        schema_ref = f"./{schema_ref}"  # plainly a path beside the file, not a URL or a name
    numbered = len(topics) > 1  # files are read in name order, so numbers keep the topics' order
    outputs: list[tuple[Path, str]] = []
    for number, (topic, name) in enumerate(zip(topics, names, strict=True), 1):
        file_name = f"{number:02d}-{name}.yaml" if numbered else f"{name}.yaml"
        text = topic_file(deck.strip(), topic, number, folder=target.as_posix(), schema=schema_ref)
        outputs.append((target / file_name, text))
    if write_schema:
        outputs.append((schema, schema_text()))
    existing = [str(path) for path, _ in outputs if path.exists() or path.is_symlink()]
    existing += [p for p in _same_topic_files(target, names) if p not in existing]
    if existing:
        raise QuizgenError(
            f"not starting a bank over existing files ({', '.join(existing)}); nothing was written: "
            "choose another folder, e.g. quizgen new DECK path/to/new-folder"
        )
    return outputs
