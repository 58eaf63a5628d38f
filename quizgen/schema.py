"""The JSON Schema of a question file, so that editors complete keys and underline mistakes as one types.

Built from the validator's own tables (:data:`~quizgen.validate.FILE_KEYS`,
:data:`~quizgen.validate.COMMON_KEYS`, :data:`~quizgen.validate.TYPE_KEYS`,
:data:`~quizgen.validate.OPTION_KEYS`, the id pattern and the question types),
so a key added to the format appears here without a second list to keep in
step; a key without a value shape or a description in the tables below is an
error when the schema is built. Questions are a union on ``type``: one closed
object per type, so an editor offers only that type's keys.

The schema says what a single file can say about its own shape. What needs the
whole bank or the text's meaning (duplicate ids, cloze syntax, YAML 1.1 dates,
images on disk, pools) stays with ``quizgen check``, which is the authority.
"""

from __future__ import annotations

import json
from typing import Any

from quizgen.model import QUESTION_TYPES, QuestionType
from quizgen.validate import COMMON_KEYS, FILE_KEYS, ID_MAX, ID_RE, OPTION_KEYS, TYPE_KEYS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]

#: Hover help for every key and type, found by :func:`describe`: ``file.KEY`` for a file's keys,
#: ``question.KEY`` for keys every type shares, ``TYPE.KEY`` for a type's own key (or its own meaning of a
#: shared one), ``type.TYPE`` for a type, ``option.KEY`` for an option mapping.
HELP: dict[str, str] = {
    "file": "A quizgen question file: one topic of one deck. Check it with `quizgen check`.",
    "file.deck": "The deck this file belongs to: the Anki deck and the title of a printed quiz. Files naming "
    "the same deck are merged into it. Required, non-empty text. Example: `deck: Baclofen`",
    "file.topic": "The topic of this file within its deck: the Anki sub-deck (Baclofen::Mechanism) and a tag. "
    "Required, non-empty text. Example: `topic: Mechanism`",
    "file.tags": "Tags added to every question of this file. Optional list of non-empty text; may be empty. "
    "Example: `tags: [pharmacology]`",
    "file.questions": "The questions of this file, a list of at least one. Each has an `id`, a `prompt` and the "
    "keys of its `type` (default basic). Example: `questions:` then `  - id: receptor-target` on the next line",
    "question": "A question. Its `type` (default basic) decides which other keys it takes.",
    "question.id": "Stable identity of the question: keep it when editing anything else, so Anki keeps the note "
    f"and its review history. Lowercase letters, digits and hyphens, starting with a letter or digit, at most "
    f"{ID_MAX} characters; unique within the deck. Example: `id: receptor-target`",
    "question.type": "The kind of question: basic (default), mcq, multi, truefalse, cloze or typed. It decides "
    "which other keys the question takes. Example: `type: mcq`",
    "question.prompt": "The question, as the learner sees it. Required, non-empty text; inline Markdown "
    "(**bold**, *italic*, `code`) and images `![alt](path)` allowed. Quote it if it contains ': ' or ' #'. "
    "Example: `prompt: Baclofen is an agonist at which receptor?`",
    "question.explanation": "Shown after answering and in answer keys: why the answer is right. Optional, "
    "non-empty text (leave the key out rather than empty). Example: `explanation: Baclofen activates GABA-B.`",
    "question.source": "A verbatim quote of the passage the question rests on. Optional, non-empty text. "
    'Example: `source: "It also binds to receptors in the brain..."`',
    "question.tags": "Tags of this question, added to the file's. Optional list of non-empty text; may be empty. "
    "Example: `tags: [adverse-effects]`",
    "question.points": "Marks the question is worth on a printed quiz. Optional whole number of at least 1, "
    "unquoted (default 1); a cloze splits them over its deletions. Example: `points: 2`",
    "question.pool": "Alternatives of one exam question: each printed version uses one question of the pool; "
    "members must be worth the same points. Optional, same pattern as an id. Example: `pool: receptor`",
    "type.basic": "Free recall: a front (prompt) and a back (answer). The default when `type` is left out.",
    "type.mcq": "Multiple choice with one right option: `answer` is one option, `distractors` the wrong ones "
    "(at least 1); no option repeated.",
    "type.multi": "Multiple choice with several right options: `answer` is a list of at least 1 option, "
    "`distractors` the wrong ones (at least 1); no option repeated.",
    "type.truefalse": "A statement that is true or false: `answer: true` or `answer: false` (unquoted).",
    "type.cloze": "Fill in the blanks: the prompt holds deletions `{{c1::text}}` or `{{c1::text::hint}}`, "
    "one card per number; no `answer` key.",
    "type.typed": "The learner types the answer; it is matched ignoring case and surrounding spaces, or against "
    "`accept`.",
    "basic.answer": "The back of the card. Required, non-empty text. Example: `answer: GABA-B receptor`",
    "mcq.answer": "The one right option: text, or `{text, why}` with the reason it is right. Required. "
    "Example: `answer: GABA-B receptor`",
    "mcq.distractors": "The wrong options, at least 1: each text, or `{text, why}` with the reason it is wrong. "
    "None may repeat the answer or another distractor. Example: `distractors: [GABA-A receptor, NMDA receptor]`",
    "mcq.pinned": "Options that stay last, in this order, instead of being shuffled (e.g. None of the above). "
    "Optional list of the texts of options of this question. Example: `pinned: [None of the above]`",
    "multi.answer": "The right options, a list of at least 1: each text, or `{text, why}`. Required. "
    "Example: `answer: [Drowsiness, Dizziness]`",
    "multi.distractors": "The wrong options, at least 1: each text, or `{text, why}` with the reason it is wrong. "
    "None may repeat an answer or another distractor. Example: `distractors: [Hair loss]`",
    "multi.pinned": "Options that stay last, in this order, instead of being shuffled (e.g. None of the above). "
    "Optional list of the texts of options of this question. Example: `pinned: [None of the above]`",
    "truefalse.answer": "Whether the prompt is true: `true` or `false`, without quotes (yes/no are text, not "
    "booleans). Required. Example: `answer: true`",
    "cloze.prompt": "Text with one or more deletions in Anki's syntax: `{{c1::text}}` or `{{c1::text::hint}}`, "
    "numbered c1, c2, ... without leading zeros (numbers may skip); one card per number. "
    "Example: `prompt: Baclofen reduces {{c1::spasticity}}.`",
    "cloze.accept": "Other answers that count as right, per deletion of the prompt. Optional mapping from `cN` "
    "(a deletion of the prompt) to a list of text. Example: `accept: {c1: [Kir3], c2: [hyperpolarise]}`",
    "typed.answer": "The answer the learner types; matched ignoring case and surrounding spaces. Required, "
    "non-empty text, no images. Example: `answer: GABA-B`",
    "typed.accept": "Other answers that also count as right. Optional list of non-empty text. "
    "Example: `accept: [GABA B, GABAB]`",
    "option": "An option: text, or a mapping of exactly `text` and `why`.",
    "option.text": "The option as shown. Required, non-empty text. Example: `text: GABA-A receptor`",
    "option.why": "Why this option is right or wrong, shown after answering and in answer keys. Required, "
    "non-empty text. Example: `why: The chloride channel where benzodiazepines act.`",
}

_TEXT: Schema = {"type": "string", "pattern": r"\S", "patternErrorMessage": "Text must not be empty."}
_ID: Schema = {
    "type": "string",
    "pattern": f"^{ID_RE.pattern}$",
    "maxLength": ID_MAX,
    "patternErrorMessage": f"Lowercase letters, digits and hyphens, not starting with a hyphen (at most {ID_MAX}).",
}


def _text_list(**more: Any) -> Schema:
    return {"type": "array", "items": {"$ref": "#/$defs/text"}, **more}


def _options(**more: Any) -> Schema:
    return {"type": "array", "items": {"$ref": "#/$defs/option"}, "minItems": 1, "uniqueItems": True, **more}


#: The shape of every key's value, looked up like :data:`HELP` (``TYPE.KEY`` first, then ``question.KEY``).
SHAPES: dict[str, Schema] = {
    "file.deck": {"$ref": "#/$defs/text"},
    "file.topic": {"$ref": "#/$defs/text"},
    "file.tags": _text_list(),
    "file.questions": {"type": "array", "items": {"$ref": "#/$defs/question"}, "minItems": 1},
    "question.id": {"$ref": "#/$defs/id"},
    "question.prompt": {"$ref": "#/$defs/text"},
    "question.explanation": {"$ref": "#/$defs/text"},
    "question.source": {"$ref": "#/$defs/text"},
    "question.tags": _text_list(),
    "question.points": {"type": "integer", "minimum": 1},
    "question.pool": {"$ref": "#/$defs/id"},
    "basic.answer": {"$ref": "#/$defs/text"},
    "mcq.answer": {"$ref": "#/$defs/option"},
    "mcq.distractors": _options(),
    "mcq.pinned": _text_list(uniqueItems=True),
    "multi.answer": _options(),
    "multi.distractors": _options(),
    "multi.pinned": _text_list(uniqueItems=True),
    "truefalse.answer": {"type": "boolean"},
    "cloze.prompt": {
        "type": "string",
        "pattern": r"\{\{c[1-9][0-9]*::",
        "patternErrorMessage": "A cloze prompt needs at least one deletion like {{c1::text}}.",
    },
    "cloze.accept": {
        "type": "object",
        "propertyNames": {
            "pattern": "^c[1-9][0-9]*$",
            "patternErrorMessage": "A deletion of the prompt: c1, c2, ...",
        },
        "additionalProperties": _text_list(),
    },
    "typed.answer": {"$ref": "#/$defs/text"},
    "typed.accept": _text_list(),
}


def describe(*names: str) -> str:
    """The help of the first of ``names`` that has one; a missing entry is a bug in the tables."""
    for name in names:
        if name in HELP:
            return HELP[name]
    raise KeyError(f"no description for {' or '.join(names)}")


def _shape(*names: str) -> Schema:
    for name in names:
        if name in SHAPES:
            return dict(SHAPES[name])
    raise KeyError(f"no value shape for {' or '.join(names)}")


def _question(qtype: QuestionType) -> Schema:
    """One type's closed object: the shared keys, then the type's own, each with its shape and help."""
    properties: Schema = {}
    for key in COMMON_KEYS + TYPE_KEYS[qtype]:
        names = (f"{qtype}.{key}", f"question.{key}")
        if key == "type":
            value: Schema = {"const": qtype}
        else:
            value = _shape(*names)
        properties[key] = {**value, "description": describe(*names)}
    required = ["id", "prompt"] + [k for k in ("answer", "distractors") if k in TYPE_KEYS[qtype]]
    if qtype != "basic":
        required.insert(1, "type")
    return {
        "title": qtype,
        "description": describe(f"type.{qtype}"),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def schema() -> Schema:
    """The JSON Schema (draft 2020-12) of one question file."""
    defs: Schema = {
        "text": {**_TEXT, "description": "Non-empty text (quote numbers, dates and true/false meant as text)."},
        "id": {**_ID, "description": describe("question.id")},
        "option": {
            "description": describe("option"),
            "oneOf": [
                {"$ref": "#/$defs/text"},
                {
                    "type": "object",
                    "properties": {
                        key: {"$ref": "#/$defs/text", "description": describe(f"option.{key}")} for key in OPTION_KEYS
                    },
                    "required": list(OPTION_KEYS),
                    "additionalProperties": False,
                },
            ],
        },
        "question": {
            "description": describe("question"),
            "oneOf": [{"$ref": f"#/$defs/{qtype}"} for qtype in QUESTION_TYPES],
        },
    }
    for qtype in QUESTION_TYPES:
        defs[qtype] = _question(qtype)
    return {
        "$schema": DRAFT,
        "title": "quizgen question file",
        "description": describe("file"),
        "type": "object",
        "properties": {key: {**_shape(f"file.{key}"), "description": describe(f"file.{key}")} for key in FILE_KEYS},
        "required": ["deck", "topic", "questions"],
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text() -> str:
    """The schema as the committed ``questions/quizgen.schema.json``: fixed key order, 2-space indent."""
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
