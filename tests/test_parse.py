"""The YAML dialect as parse.py reads it: YAML 1.2 core-schema values and numbers with their lines."""

from __future__ import annotations

import math

import pytest
import yaml

from quizgen.parse import Date, SourceFile, Unsupported, Value, parse, value


def read(text: str) -> SourceFile:
    source, problems = parse("q.yaml", text.encode())
    assert problems == []
    return source


def values(text: str) -> list[Value]:
    source = read(text)
    assert isinstance(source.node, yaml.SequenceNode)
    return [value(item) for item in source.node.value]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("true", True), ("FALSE", False), ("yes", "yes"), ("on", "on"), ("~", None), ("null", None), ("", None),
        ("12", 12), ("+3", 3), ("-4", -4), ("0777", 777), ("0o17", 15), ("0x1F", 31), ("1_000", "1_000"),
        ("1.5", 1.5), ("1e3", 1000.0), (".5", 0.5), ("-.inf", -math.inf), ("'12'", "12"), ('"true"', "true"),
        ("2024-01-05", Date("2024-01-05")), ("12:30", "12:30"),
        ("!!binary aGk=", Unsupported("tag:yaml.org,2002:binary")),
    ],
)  # fmt: skip
def test_scalars_resolve_by_the_core_schema(written: str, expected: Value) -> None:
    (found,) = values(f"- {written}\n")
    assert found == expected and type(found) is type(expected)


def test_nan_is_a_float() -> None:
    (found,) = values("- .nan\n")
    assert isinstance(found, float) and math.isnan(found)


def test_a_number_comes_with_its_line_and_a_boolean_is_no_number() -> None:
    source = read("- text\n- true\n- 0x10\n- 2.5\n")
    assert isinstance(source.node, yaml.SequenceNode)
    found = [source.number(item) for item in source.node.value]
    assert [(n.value, n.line, n.text) if n else None for n in found] == [None, None, (16, 3, "0x10"), (2.5, 4, "2.5")]


def test_merge_keys_expand_with_own_keys_winning_and_a_bad_merge_is_named() -> None:
    source = read("base: &b {a: 1, b: 2}\nthis: {<<: *b, b: 3}\nbad: {<<: 5}\n")
    assert isinstance(source.node, yaml.MappingNode)
    this, bad = source.node.value[1][1], source.node.value[2][1]
    pairs, bad_merges = source.pairs(this)
    assert {k.value: v.value for k, v in pairs} == {"a": "1", "b": "3"} and bad_merges == []
    assert source.pairs(bad).bad_merges == [bad.value[0][1]]


def test_text_lost_to_a_comment_or_an_anchor_is_found() -> None:
    source = read("a: Dose 5 mg #not a comment\nb: &more than one\nc: 'quoted #kept'\n")
    assert isinstance(source.node, yaml.MappingNode)
    a, b, c = (v for _, v in source.node.value)
    assert source.cut_by_comment(a) == "#not a comment" and source.lost_anchor(a) is None
    assert source.lost_anchor(b) == "more"
    assert source.cut_by_comment(c) is None


def test_an_alias_bomb_is_refused_where_the_expansion_starts() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 10)}]")
    source, problems = parse("q.yaml", ("\n".join(lines) + "\n").encode())
    assert source.node is None
    assert [(p.line, p.message) for p in problems] == [
        (2, "aliases expand this file to over 2,000,000 values; refusing to read it")
    ]


@pytest.mark.parametrize(
    ("written", "whole"),
    [("5", 5), ("+5", 5), ("-3", -3), ("0o17", 15), ("!!float 5", 5), ("5.0", None), ("1e2", None)],
)
def test_a_whole_number_is_one_written_as_one(written: str, whole: int | None) -> None:
    source = read(f"- {written}\n")
    assert isinstance(source.node, yaml.SequenceNode)
    number = source.number(source.node.value[0])
    assert number is not None and number.whole == whole
