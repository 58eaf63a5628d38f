"""``quizgen qti``: packages the IMS QTI 1.2.1 DTD and content-packaging schema accept, read back field by field.

The reader below reads what Canvas's converter reads (the ``question_type`` and
``points_possible`` metadata, the choices, which ``respcondition`` sets a
score and for which answer, the feedback each condition shows, a section's
selection) and turns it back into plain values, so every test asserts what a
teacher would see after the import. The DTD and schema are the copies in
``tests/data/lms`` (from the IMS specifications, as Instructure's QTI
migration tool ships them). The schema imports ``xml.xsd`` from the W3C's
site; the test points that import at a local file declaring the three
``xml:`` attributes instead, so validation never touches the network.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from lxml import etree

from quizgen.exporters.qti import TITLE_MAX, qti_package
from quizgen.judge import number_range, number_text
from quizgen.load import load_bank
from quizgen.model import Bank, Basic, Cloze, Matching, Mcq, Multi, Numeric, Ordering, TrueFalse, Typed, points
from quizgen.render import to_html, to_plain
from tests.helpers import cli, write_files
from tests.test_any_bank import QuotingDumper
from tests.test_any_bank import bank as any_bank

REPO = Path(__file__).resolve().parent.parent
LMS = Path(__file__).resolve().parent / "data" / "lms"
BANKS = Path(__file__).resolve().parent / "banks"

_XML_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="space">
    <xs:simpleType><xs:restriction base="xs:NCName">
      <xs:enumeration value="default"/><xs:enumeration value="preserve"/>
    </xs:restriction></xs:simpleType>
  </xs:attribute>
  <xs:attribute name="base" type="xs:anyURI"/>
</xs:schema>
"""


@pytest.fixture(scope="module")
def dtd() -> etree.DTD:
    return etree.DTD(str(LMS / "ims_qtiasiv1p2p1.dtd"))


@pytest.fixture(scope="module")
def manifest_schema(tmp_path_factory: pytest.TempPathFactory) -> etree.XMLSchema:
    folder = tmp_path_factory.mktemp("xsd")
    (folder / "xml.xsd").write_text(_XML_XSD)
    text = (LMS / "imscp_v1p1.xsd").read_text(encoding="utf-8")
    text = text.replace("http://www.w3.org/2001/03/xml.xsd", (folder / "xml.xsd").as_uri())
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.fromstring(text.encode(), parser, base_url=str(folder) + "/"))


# -- a reader of our own ---------------------------------------------------------


@dataclass
class Item:
    ident: str
    title: str
    type: str
    points: str
    text: str  # the question's HTML
    choices: dict[str, str] = field(default_factory=dict)  # ident -> HTML (or plain text for blanks)
    right: list[str] = field(default_factory=list)  # idents (or, for a short answer, the texts) that score
    blanks: dict[str, list[str]] = field(default_factory=dict)  # blank name -> right texts
    feedback: dict[str, str] = field(default_factory=dict)  # answer ident (or "general") -> HTML
    scores: list[str] = field(default_factory=list)  # what each scoring condition sets or adds
    ranges: list[tuple[str, str]] = field(default_factory=list)  # a number's (vargte, varlte) bounds that score
    fibtype: str = ""  # a blank's kind of answer (Decimal for a number)


@dataclass
class Quiz:
    ident: str
    title: str
    items: list[Item]
    pools: dict[str, tuple[int, list[str]]]  # section title -> (selection number, item titles)
    images: list[str]  # the files the texts link to, as paths inside the package


@dataclass
class Package:
    entries: list[str]
    files: dict[str, bytes]
    quizzes: list[Quiz]
    resources: dict[str, list[str]]  # resource identifier -> its files' hrefs


def _text(element: etree._Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def _mattext(element: etree._Element) -> str:
    found = element.find(".//mattext")
    return _text(found)


def _read_item(node: etree._Element) -> Item:
    meta = {_text(f.find("fieldlabel")): _text(f.find("fieldentry")) for f in node.iter("qtimetadatafield")}
    presentation = node.find("presentation")
    assert presentation is not None
    item = Item(
        node.get("ident", ""), node.get("title", ""), meta["question_type"], meta["points_possible"],
        _mattext(presentation.find("material")),
    )  # fmt: skip
    names: dict[str, str] = {}  # a blank's or a matching item's response ident -> its name (the material's text)
    for fib in presentation.iter("render_fib"):
        item.fibtype = fib.get("fibtype", "")
    for lid in presentation.iter("response_lid"):
        name = _text(lid.find("material/mattext")) if lid.find("material") is not None else ""
        for label in lid.iter("response_label"):
            item.choices[label.get("ident", "")] = _mattext(label)
        if name:
            item.blanks[name] = []
            names[lid.get("ident", "")] = name
    feedbacks = {fb.get("ident", ""): _mattext(fb) for fb in node.iter("itemfeedback")}
    for condition in node.iter("respcondition"):
        setvar = condition.find("setvar")
        shows = [d.get("linkrefid", "") for d in condition.iter("displayfeedback")]
        test = condition.find("conditionvar")
        assert test is not None
        if setvar is None:
            for link in shows:
                target = "general" if test.find("other") is not None else _text(test.find("varequal"))
                item.feedback[target] = feedbacks[link]
            continue
        item.scores.append(f"{setvar.get('action')} {setvar.text}")
        for both in test.iter("and"):
            low, high = both.find("vargte"), both.find("varlte")
            if low is not None and high is not None:
                item.ranges.append((low.text or "", high.text or ""))
        # the right answers: every varequal not under a <not>
        for equal in test.iter("varequal"):
            if any(a.tag == "not" for a in equal.iterancestors()):
                continue
            value = equal.text or ""
            respident = equal.get("respident", "")
            if respident in names:
                item.blanks[names[respident]].append(item.choices[value])
            else:
                item.right.append(value)
    return item


def read_package(data: bytes) -> Package:
    """What the package holds, as plain values (the test's own reader, independent of the writer)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    files = {info.filename: archive.read(info) for info in archive.infolist()}
    manifest = etree.fromstring(files["imsmanifest.xml"])
    ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
    resources = {
        r.get("identifier", ""): [f.get("href", "") for f in r.findall("cp:file", ns)]
        for r in manifest.iterfind(".//cp:resource", ns)
    }
    quizzes = []
    for resource in manifest.iterfind(".//cp:resource[@type='imsqti_xmlv1p2']", ns):
        (href,) = resources[resource.get("identifier", "")]
        root = etree.fromstring(files[href])
        assessment = root.find("assessment")
        assert assessment is not None
        items = [_read_item(node) for node in assessment.iter("item")]
        pools = {}
        for section in assessment.iter("section"):
            number = section.find("selection_ordering/selection/selection_number")
            if number is not None:
                pools[section.get("title", "")] = (
                    int(_text(number)),
                    [i.get("title", "") for i in section.iter("item")],
                )
        html = "".join(i.text + "".join(i.feedback.values()) + "".join(i.choices.values()) for i in items)
        images = []
        if "<img" in html:
            for img in lxml.html.fragment_fromstring(html, create_parent="div").iter("img"):
                images.append(img.get("src", "").replace("%24IMS-CC-FILEBASE%24/", ""))
        quizzes.append(Quiz(assessment.get("ident", ""), assessment.get("title", ""), items, pools, images))
    return Package(list(files), files, quizzes, resources)


def by_title(quiz: Quiz) -> dict[str, Item]:
    return {item.title: item for item in quiz.items}


def package_of(folder: Path) -> bytes:
    return qti_package(load_bank([folder]).decks).data


def xml_files(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist() if name.endswith(".xml")}


# -- validity ------------------------------------------------------------------

HEAD = "deck: Every Type\ntopic: All\nquestions:\n"
EVERY_TYPE = (
    HEAD
    + """\
  - id: essay
    prompt: Why is baclofen **tapered**?
    answer: Abrupt withdrawal can cause *seizures*.
    explanation: Over one to two weeks.
  - id: choice
    type: mcq
    points: 3
    prompt: "Which receptor? ![A synapse](fig.svg)"
    answer: {text: GABA-B, why: Its only approved agonist.}
    distractors:
      - {text: GABA-A, why: Benzodiazepines act there.}
      - NMDA
    explanation: A G-protein-coupled receptor.
  - id: several
    type: multi
    prompt: Which follow abrupt withdrawal?
    answer: [Seizures, {text: Hallucinations, why: Common.}]
    distractors: [Bradycardia]
  - id: statement
    type: truefalse
    prompt: Baclofen is a GABA-B agonist.
    answer: true
    explanation: See the label.
  - id: blanks
    type: cloze
    points: 4
    prompt: "GABA-B opens {{c1::GIRK::a channel}} channels, a {{c2::B1}}-{{c2::B2}} dimer."
    accept: {c1: [Kir3, GIRK potassium]}
  - id: spelled
    type: typed
    prompt: Name the receptor.
    answer: GABA-B
    accept: [GABA B, gaba-b receptor]
  - id: pooled-1
    type: truefalse
    pool: dose
    points: 2
    prompt: The maximum oral dose is 80 mg a day.
    answer: true
  - id: pooled-2
    type: typed
    pool: dose
    points: 2
    prompt: The maximum oral daily dose in mg?
    answer: "80"
  - id: pairs
    type: matching
    prompt: Match each drug to its **site**.
    pairs:
      - {item: "*Baclofen*", match: GABA-B & spinal cord}
      - {item: Dantrolene, match: "`RyR1` in muscle"}
      - {item: Tizanidine, match: Alpha-2 <adrenoceptors>}
    distractors: [Nicotinic receptors]
  - id: steps
    type: ordering
    prompt: Put the steps in order.
    answer: [Screening bolus, Assess the response, Implant the pump, Titrate the dose]
"""
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>'


@pytest.fixture
def every_type(tmp_path: Path) -> Path:
    return write_files(tmp_path / "bank", {"all.yaml": EVERY_TYPE, "fig.svg": SVG})


@pytest.mark.parametrize("bank", ["every-type", "print-pools", "questions"])
def test_every_xml_file_is_valid_against_the_qti_dtd_and_the_manifest_against_the_cp_schema(
    bank: str, every_type: Path, dtd: etree.DTD, manifest_schema: etree.XMLSchema
) -> None:
    folder = {"every-type": every_type, "print-pools": BANKS / "print-pools", "questions": REPO / "questions"}[bank]
    files = xml_files(package_of(folder))
    manifest = etree.fromstring(files.pop("imsmanifest.xml"))
    assert manifest_schema.validate(manifest), manifest_schema.error_log
    assert files
    for name, data in files.items():
        assert dtd.validate(etree.fromstring(data)), f"{name}: {dtd.error_log}"


def test_the_schema_check_is_real(dtd: etree.DTD, manifest_schema: etree.XMLSchema) -> None:
    """The validators refuse what Canvas's DTD and schema refuse (so a pass above means something)."""
    assert not dtd.validate(etree.fromstring(b"<questestinterop><item ident='x'><bogus/></item></questestinterop>"))
    bad = b'<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><resources/></manifest>'
    assert not manifest_schema.validate(etree.fromstring(bad))  # <organizations> is required


# -- every field, read back --------------------------------------------------------


def test_every_type_reads_back_as_its_canvas_type_with_answers_points_and_feedback(every_type: Path) -> None:
    package = read_package(package_of(every_type))
    (quiz,) = package.quizzes
    assert quiz.title == "Every Type"
    items = by_title(quiz)
    assert list(items) == [
        "essay", "choice", "several", "statement", "blanks", "spelled", "pooled-1", "pooled-2", "pairs", "steps",
    ]  # fmt: skip
    assert {t: i.type for t, i in items.items()} == {
        "essay": "essay_question", "choice": "multiple_choice_question", "several": "multiple_answers_question",
        "statement": "true_false_question", "blanks": "fill_in_multiple_blanks_question",
        "spelled": "short_answer_question", "pooled-1": "true_false_question", "pooled-2": "short_answer_question",
        "pairs": "matching_question", "steps": "matching_question",
    }  # fmt: skip
    assert {t: i.points for t, i in items.items()} == {
        "essay": "1", "choice": "3", "several": "1", "statement": "1", "blanks": "4", "spelled": "1",
        "pooled-1": "2", "pooled-2": "2", "pairs": "1", "steps": "1",
    }  # fmt: skip

    essay = items["essay"]
    assert essay.text == "Why is baclofen <b>tapered</b>?"
    assert essay.feedback == {
        "general": "<p><b>Answer:</b> Abrupt withdrawal can cause <i>seizures</i>.</p><p>Over one to two weeks.</p>"
    }
    assert essay.scores == [] and essay.right == []  # nothing scores an essay: a teacher marks it

    choice = items["choice"]
    texts = {ident: html for ident, html in choice.choices.items()}
    assert sorted(texts.values()) == ["GABA-A", "GABA-B", "NMDA"]
    assert [texts[r] for r in choice.right] == ["GABA-B"]
    assert choice.scores == ["Set 100"]
    reasons = {texts[k]: v for k, v in choice.feedback.items() if k != "general"}
    assert reasons == {"GABA-B": "Its only approved agonist.", "GABA-A": "Benzodiazepines act there."}
    assert choice.feedback["general"] == "A G-protein-coupled receptor."

    several = items["several"]
    names = several.choices
    assert sorted(names[r] for r in several.right) == ["Hallucinations", "Seizures"]
    assert {names[k]: v for k, v in several.feedback.items()} == {"Hallucinations": "Common."}

    statement = items["statement"]
    assert statement.choices == {"true": "True", "false": "False"} and statement.right == ["true"]
    assert statement.feedback == {"general": "See the label."}

    blanks = items["blanks"]
    assert blanks.text == "GABA-B opens [c1] (<i>a channel</i>) channels, a [c2_1]-[c2_2] dimer."
    assert blanks.blanks == {"c1": ["GIRK", "Kir3", "GIRK potassium"], "c2_1": ["B1"], "c2_2": ["B2"]}
    assert set(blanks.scores) == {"Add 33.33"}

    spelled = items["spelled"]
    assert spelled.right == ["GABA-B", "GABA B", "gaba-b receptor"] and spelled.scores == ["Set 100"]

    pairs = items["pairs"]  # each item (plain text) lists every match and adds its share with its own
    assert pairs.blanks == {
        "Baclofen": ["GABA-B & spinal cord"],
        "Dantrolene": ["RyR1 in muscle"],
        "Tizanidine": ["Alpha-2 <adrenoceptors>"],
    }
    assert list(pairs.choices) == ["match_1", "match_2", "match_3", "match_4"]
    assert list(pairs.choices.values())[-1] == "Nicotinic receptors" and set(pairs.scores) == {"Add 33.33"}

    steps = items["steps"]  # Canvas has no ordering: each entry is matched to its place
    assert {entry: places for entry, places in steps.blanks.items()} == {
        "Screening bolus": ["1"],
        "Assess the response": ["2"],
        "Implant the pump": ["3"],
        "Titrate the dose": ["4"],
    }
    shown = list(steps.blanks)
    assert shown != ["Screening bolus", "Assess the response", "Implant the pump", "Titrate the dose"]
    assert set(steps.scores) == {"Add 25"}

    assert quiz.pools == {"dose": (1, ["pooled-1", "pooled-2"])}


NUMBERS = (
    HEAD
    + """\
  - {id: oral-max, type: numeric, prompt: "The **oral** maximum per day?", answer: 80, tolerance: 5%, unit: mg}
  - {id: tiny, type: numeric, prompt: A tiny share?, answer: -0.001, tolerance: 2.5%}
  - {id: exact, type: numeric, prompt: How many?, answer: 12, explanation: Twelve., points: 2}
  - {id: hostile, type: numeric, prompt: Units?, answer: 1.5, tolerance: 0.25, unit: "<b>&amp;</b>"}
"""
)


def test_a_numeric_question_is_canvas_s_numerical_question_with_its_exact_answer_and_margin(
    tmp_path: Path, dtd: etree.DTD
) -> None:
    from quizgen.judge import judge_number

    folder = write_files(tmp_path / "bank", {"numbers.yaml": NUMBERS})
    data = package_of(folder)
    for name, xml in xml_files(data).items():
        if name != "imsmanifest.xml":
            assert dtd.validate(etree.fromstring(xml)), f"{name}: {dtd.error_log}"
    (quiz,) = read_package(data).quizzes
    items = by_title(quiz)
    assert {i.type for i in items.values()} == {"numerical_question"}
    assert {t: i.fibtype for t, i in items.items()} == dict.fromkeys(items, "Decimal")
    oral = items["oral-max"]
    assert oral.text == "The <b>oral</b> maximum per day? (in mg)"  # Canvas has no unit field: the text says it
    assert oral.right == ["80"] and oral.ranges == [("76", "84")] and oral.scores == ["Set 100"]
    assert items["tiny"].right == ["-0.001"] and items["tiny"].ranges == [("-0.001025", "-0.000975")]
    exact = items["exact"]
    assert exact.text == "How many?" and exact.ranges == [("12", "12")] and exact.points == "2"
    assert exact.feedback == {"general": "Twelve."}
    assert items["hostile"].text == "Units? (in &lt;b&gt;&amp;amp;&lt;/b&gt;)"  # the unit stays text, never markup
    # Canvas's range is the one play judges by: its bounds right, just past them wrong
    bank = load_bank([folder])
    for q in bank.questions():
        assert isinstance(q, Numeric)
        ((low, high),) = items[q.id].ranges
        for typed, right in ((low, True), (high, True), (f"{float(high) + 1e-6:.10g}", False)):
            assert (judge_number(typed, q.answer, q.tolerance).outcome.value == "right") is right


def test_images_are_files_in_the_package_linked_from_the_text_and_listed_in_the_manifest(every_type: Path) -> None:
    package = read_package(package_of(every_type))
    (quiz,) = package.quizzes
    (image,) = quiz.images
    assert image.startswith("images/") and image.endswith(".svg")
    assert package.files[image] == SVG.encode()
    assert [image] in package.resources.values()
    assert 'alt="A synapse"' in by_title(quiz)["choice"].text


def test_feedback_conditions_come_before_the_scoring_condition(every_type: Path) -> None:
    """Canvas reads every condition in order: feedback after scoring would reset the right answer's weight."""
    for data in xml_files(package_of(every_type)).values():
        root = etree.fromstring(data)
        for processing in root.iter("resprocessing"):
            scores = [c.find("setvar") is not None for c in processing.iter("respcondition")]
            if any(scores):
                first = scores.index(True)
                assert all(scores[first:]), "a feedback condition follows a scoring one"


def test_the_bank_exports_every_question_and_counts_them_per_type(tmp_path: Path, every_type: Path) -> None:
    out = tmp_path / "every.zip"
    status, stdout, stderr = cli("qti", every_type, "-o", out)
    assert status == 0, stderr
    assert stdout.splitlines() == [
        "qti: 10 questions written (basic 1, mcq 1, multi 1, truefalse 2, cloze 1, typed 2, matching 1, ordering 1)",
        f"wrote {out}",
    ]
    assert sum(len(q.items) for q in read_package(out.read_bytes()).quizzes) == 10


def test_without_o_each_deck_gets_its_own_package_in_decks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "questions", {
        "a.yaml": "deck: Alpha\ntopic: T\nquestions:\n  - {id: a, prompt: p, answer: x}\n",
        "b.yaml": "deck: Beta\ntopic: T\nquestions:\n  - {id: a, type: truefalse, prompt: p, answer: false}\n",
    })  # fmt: skip
    monkeypatch.chdir(tmp_path)
    status, stdout, _ = cli("qti")
    assert status == 0
    assert stdout.splitlines()[1:] == ["wrote decks/alpha-qti.zip", "wrote decks/beta-qti.zip"]
    beta = read_package((tmp_path / "decks" / "beta-qti.zip").read_bytes())
    assert [(q.title, [i.type for i in q.items]) for q in beta.quizzes] == [("Beta", ["true_false_question"])]
    # one -o package holds both decks, each its own assessment, items with distinct idents
    status, _, _ = cli("qti", "-o", "both.zip")
    both = read_package((tmp_path / "both.zip").read_bytes())
    assert [q.title for q in both.quizzes] == ["Alpha", "Beta"]
    idents = [i.ident for q in both.quizzes for i in q.items]
    assert len(set(idents)) == 2


def test_an_invalid_bank_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "questions", {"a.yaml": "deck: A\ntopic: T\nquestions: []\n"})
    monkeypatch.chdir(tmp_path)
    status, _, stderr = cli("qti")
    assert status == 1 and "a.yaml:" in stderr
    assert not (tmp_path / "decks").exists()


# -- reproducible ----------------------------------------------------------------


def test_the_same_bank_gives_the_same_bytes_with_fixed_entry_times_and_order(every_type: Path) -> None:
    first, second = package_of(every_type), package_of(every_type)
    assert first == second
    infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    names = [i.filename for i in infos]
    assert names[0] == "imsmanifest.xml" and names[-1].startswith("images/")


def test_the_committed_package_is_what_the_bank_builds() -> None:
    committed = (REPO / "decks" / "baclofen-qti.zip").read_bytes()
    bank: Bank = load_bank([REPO / "questions"])
    assert qti_package(bank.decks).data == committed


# -- hostile text and names Canvas cannot hold ---------------------------------------------

HOSTILE = "<script>alert(1)</script> ]]> & < \x01 <b>raw</b>"


def test_hostile_text_stays_text_everywhere(tmp_path: Path, dtd: etree.DTD) -> None:
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\x01", "\\x01")
    bank = write_files(tmp_path / "bank", {"h.yaml": (
        f'deck: "Deck {quoted}"\ntopic: T\nquestions:\n'
        f'  - {{id: m, type: mcq, prompt: "{quoted}", answer: {{text: "{quoted}", why: "{quoted}"}}, '
        f'distractors: [x], explanation: "{quoted}"}}\n'
        f'  - {{id: t, type: typed, prompt: "{quoted}", answer: "{quoted}"}}\n'
        f'  - {{id: c, type: cloze, prompt: "{quoted} {{{{c1::{quoted[:8]}}}}}"}}\n'
    )})  # fmt: skip
    package = qti_package(load_bank([bank]).decks)
    data = package.data
    # nothing changes silently: every question whose text held a control character is named
    assert sorted(str(w).split(": ")[2].split("'")[1] for w in package.warnings) == ["c", "m", "t"]
    for name, xml in xml_files(data).items():
        root = etree.fromstring(xml)  # well-formed: "]]>", "&", "<" and \x01 did not break the file
        if name != "imsmanifest.xml":
            assert dtd.validate(root), dtd.error_log
    (quiz,) = read_package(data).quizzes
    shown = HOSTILE.replace("\x01", "\ufffd")
    assert quiz.title == f"Deck {shown}"
    items = by_title(quiz)
    for html in [items["m"].text, *items["m"].choices.values(), *items["m"].feedback.values(), items["t"].text]:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
        assert not [e.tag for e in fragment.iter() if e.tag in ("script", "b")], html  # no live markup
        assert fragment.text_content() in (shown, "x")  # shown exactly as written
    assert items["t"].right == [shown]
    assert "<script>" not in items["c"].text and "&lt;script&gt;" in items["c"].text


def test_a_deck_name_longer_than_canvas_holds_is_shortened_with_a_warning(tmp_path: Path) -> None:
    name = "Pharmacology " * 30
    bank = write_files(
        tmp_path / "bank", {"a.yaml": f"deck: {name}\ntopic: T\nquestions:\n  - {{id: q1, prompt: p, answer: x}}\n"}
    )
    status, stdout, stderr = cli("qti", bank, "-o", tmp_path / "out.zip")
    assert status == 0
    assert stderr.startswith(f"{bank / 'a.yaml'}:4: warning: deck name")
    assert "q1" in stderr and str(TITLE_MAX) in stderr
    (quiz,) = read_package((tmp_path / "out.zip").read_bytes()).quizzes
    assert len(quiz.title) == TITLE_MAX and quiz.title.endswith("\u2026")
    assert stdout.startswith("qti: 1 question written (basic 1)")


# -- the command line ----------------------------------------------------------------


def test_qti_has_help_with_an_example() -> None:
    status, stdout, _ = cli("qti", "--help")
    assert status == 0 and "Example: quizgen qti" in stdout


@pytest.mark.parametrize("argv", [[], ["q1", "q2"], ["-o", "out.zip"], ["q", "--output=out.zip"]])
def test_a_plain_qti_line_runs_without_typer_exactly_as_typer_runs_it(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    import quizgen.commands
    import quizgen.main
    from quizgen.options import FAST, parse_fast

    calls: list[tuple[object, dict[str, object]]] = []

    def record(paths: object, **options: object) -> list[str]:
        calls.append((paths, options))
        return ["done"]

    monkeypatch.setattr(quizgen.commands, "qti", record)
    assert parse_fast(FAST["qti"][0], argv) is not None
    monkeypatch.setattr(sys, "argv", ["quizgen", "qti", *argv])
    with pytest.raises(SystemExit) as exit_status:
        quizgen.main.main()
    assert exit_status.value.code == 0
    assert cli("qti", *argv)[0] == 0
    assert len(calls) == 2 and calls[0] == calls[1]


def test_wrong_usage_of_qti_is_exit_2() -> None:
    assert cli("qti", "-o")[0] == 2
    assert cli("qti", "--no-such-option")[0] == 2


# -- Canvas's own converter, where it is installed ----------------------------------------

TOOL = os.environ.get("QUIZGEN_QTI_MIGRATION_TOOL", "")


@pytest.mark.skipif(not TOOL, reason="set QUIZGEN_QTI_MIGRATION_TOOL to a checkout of instructure/QTIMigrationTool")
def test_canvas_s_migration_tool_converts_every_item_with_its_type_points_and_pool(
    tmp_path: Path, every_type: Path
) -> None:
    """Canvas runs this tool on a QTI 1.2 package first; its output is what Canvas's importer reads."""
    package = tmp_path / "package"
    zipfile.ZipFile(io.BytesIO(package_of(every_type))).extractall(package)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, str(Path(TOOL) / "migrate.py"), "--ucvars", "--nogui", "--overwrite", f"--cpout={out}",
         str(package)],
        capture_output=True, text=True, check=False, cwd=TOOL,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ERROR" not in run.stdout
    manifest = etree.parse(str(out / "imsmanifest.xml"))
    fields = {}
    for item in (out / "assessmentItems").iterdir():
        root = etree.parse(str(item)).getroot()
        meta = {f.get("name"): f.get("value") for f in root.iter("{*}instructureField")}
        fields[root.get("title")] = (meta["question_type"], meta["points_possible"])
    assert fields == {
        "essay": ("essay_question", "1"), "choice": ("multiple_choice_question", "3"),
        "several": ("multiple_answers_question", "1"), "statement": ("true_false_question", "1"),
        "blanks": ("fill_in_multiple_blanks_question", "4"), "spelled": ("short_answer_question", "1"),
        "pooled-1": ("true_false_question", "2"), "pooled-2": ("short_answer_question", "2"),
        "pairs": ("matching_question", "1"), "steps": ("matching_question", "1"),
    }  # fmt: skip
    (test,) = (out / "assessmentTests").iterdir()
    selections = [s.get("select") for s in etree.parse(str(test)).iter("{*}selection")]
    assert selections == ["1"]
    files = [f.get("href") for f in manifest.iter("{*}file")]
    image = next(f for f in files if f.startswith("images/"))
    assert (out / image).read_bytes() == SVG.encode()


# -- any bank ----------------------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=any_bank())
def test_any_valid_bank_exports_every_question_valid_with_its_right_answers(
    files: list[dict[str, Any]], dtd: etree.DTD
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i, content in enumerate(files):
            text = yaml.dump(content, Dumper=QuotingDumper, allow_unicode=True, sort_keys=False)
            (root / f"f{i}.yaml").write_text(text, "utf-8")
        loaded = load_bank([root])
    package = qti_package(loaded.decks)
    for name, data in xml_files(package.data).items():
        if name != "imsmanifest.xml":
            assert dtd.validate(etree.fromstring(data)), dtd.error_log
    read = read_package(package.data)
    assert [q.title for q in read.quizzes] == [d.name for d in loaded.decks]
    for deck, quiz in zip(loaded.decks, read.quizzes, strict=True):
        items = by_title(quiz)
        assert sorted(items) == sorted(q.id for q in deck.questions())
        for q in deck.questions():
            item = items[q.id]
            assert item.points == str(points(q))
            # a blank's answers, a matching's items and matches, an ordering's entries are plain text
            shown = [] if isinstance(q, Cloze | Matching | Ordering) else item.choices.values()
            html = "".join([item.text, *shown, *item.feedback.values()])
            assert not lxml.html.fragment_fromstring(html, create_parent="div").xpath("//script")
            match q:
                case Mcq() | Multi():
                    right = sorted(item.choices[r] for r in item.right)
                    assert right == sorted(to_html(o.text) for o in q.correct)
                case Typed():
                    assert item.right == list(dict.fromkeys([to_plain(q.answer), *q.accept]))
                case Cloze():
                    assert len(item.blanks) == len(q.deletions)
                    for name, deletion in zip(item.blanks, q.deletions, strict=True):
                        assert f"[{name}]" in item.text
                        assert item.blanks[name] == list(
                            dict.fromkeys([to_plain(deletion.text), *q.accepted(deletion.number)])
                        )
                case TrueFalse():
                    assert item.right == ["true" if q.answer else "false"]
                case Basic():
                    assert item.right == [] and "general" in item.feedback
                case Numeric():
                    assert item.right == [number_text(q.answer)]
                    assert item.ranges == [tuple(number_text(b) for b in number_range(q.answer, q.tolerance))]
                case Matching():
                    assert list(item.blanks.values()) == [[to_plain(p.match)] for p in q.pairs]
                case Ordering():
                    places = {entry: int(place) for entry, (place,) in item.blanks.items()}
                    assert sorted(places, key=places.__getitem__) == [to_plain(e) for e in q.answer]
