"""The JSON Schema of a question file, so that editors complete keys and underline mistakes as one types.

Built from the validator's own tables (:data:`~quizgen.validate.FILE_KEYS`,
:data:`~quizgen.validate.COMMON_KEYS`, the id pattern) and from the kinds
(:data:`quizgen.kinds.KINDS`: each type's keys with their help and value shape,
:data:`~quizgen.kinds.choice.OPTION_KEYS`), so a key added to the format appears
here without a second list to keep in step; a shared key without a value shape
or a description in the tables below is an error when the schema is built.
Questions are a union on ``type``: one closed object per type, so an editor
offers only that type's keys.

The schema says what a single file can say about its own shape. What needs the
whole bank or the text's meaning (duplicate ids, cloze syntax, YAML 1.1 dates,
images on disk, pools) stays with ``quizgen check``, which is the authority.
"""

from __future__ import annotations

import json
from typing import Any

from quizgen.kinds import DEFAULT, KINDS, Kind
from quizgen.kinds.base import text_list
from quizgen.kinds.choice import OPTION_KEYS
from quizgen.validate import COMMON_KEYS, FILE_KEYS, ID_MAX, ID_RE

DRAFT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]

_OTHER_TYPES = [name for name in KINDS if name != DEFAULT]

#: Hover help for the keys every type shares, found by :func:`describe`: ``file.KEY`` for a file's keys,
#: ``question.KEY`` for a question's, ``option.KEY`` for an option mapping. A type's own keys (and its own
#: meaning of a shared one) have their help in its kind.
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
    "question.type": f"The kind of question: {DEFAULT} (default), {', '.join(_OTHER_TYPES[:-1])} or "
    f"{_OTHER_TYPES[-1]}. It decides which other keys the question takes. Example: `type: mcq`",
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
    "question.rubric": "Marking points: what a full answer must say, shown under the answer in the printed key "
    "and the study sheet. Optional list of non-empty text. Example: `rubric: [Names GABA-B, Says it is presynaptic]`",
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


#: The shape of every shared key's value, looked up like :data:`HELP`.
SHAPES: dict[str, Schema] = {
    "file.deck": {"$ref": "#/$defs/text"},
    "file.topic": {"$ref": "#/$defs/text"},
    "file.tags": text_list(),
    "file.questions": {"type": "array", "items": {"$ref": "#/$defs/question"}, "minItems": 1},
    "question.id": {"$ref": "#/$defs/id"},
    "question.prompt": {"$ref": "#/$defs/text"},
    "question.explanation": {"$ref": "#/$defs/text"},
    "question.source": {"$ref": "#/$defs/text"},
    "question.tags": text_list(),
    "question.points": {"type": "integer", "minimum": 1},
    "question.pool": {"$ref": "#/$defs/id"},
    "question.rubric": text_list(),
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


def _question(kind: Kind) -> Schema:
    """One type's closed object: the shared keys, then the type's own, each with its shape and help."""
    properties: Schema = {}
    own = {key.name: key for key in kind.overrides + kind.keys}
    for name in COMMON_KEYS + kind.key_names:
        if name in own:
            value: Schema = dict(own[name].shape)
            help_text = own[name].help
        else:
            value = {"const": kind.name} if name == "type" else _shape(f"question.{name}")
            help_text = describe(f"question.{name}")
        properties[name] = {**value, "description": help_text}
    required = ["id", "prompt"] + [key.name for key in kind.keys if key.required]
    if kind.name != DEFAULT:
        required.insert(1, "type")
    return {
        "title": kind.name,
        "description": kind.help,
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
            "oneOf": [{"$ref": f"#/$defs/{name}"} for name in KINDS],
        },
    }
    for name, kind in KINDS.items():
        defs[name] = _question(kind)
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
