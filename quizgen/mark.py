"""Marking a printed exam (``quizgen mark``): the class's answers in, scores, an item analysis and review lists out.

The exam is read from the record ``quizgen print`` wrote beside the quiz
(:mod:`quizgen.exam`), never from the bank, so a bank edited since still marks
the exam as it was printed. The rules (labels, cells, errors, columns and
statistics) are written out in ``docs/mark.md``:

- a cell is judged by its question's type: option letters, ``T``/``F``, text
  judged exactly as ``play`` judges it (a "close" answer earns nothing and is
  listed for the teacher), a number judged by :func:`quizgen.judge.judge_number`,
  the letters of a matching or an ordering, or the points a teacher gave;
- points are all-or-nothing unless the question says ``scoring: partial``; a
  cloze's points are shared by its labels;
- the item analysis scores each item as the fraction of its points earned.

Everything is computed before anything is written; a cell that fits no
question stops the command with every such problem at once.
"""

from __future__ import annotations

import csv
import io
import math
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from quizgen.errors import Problem, QuizgenError
from quizgen.exam import Exam, ExamQuestion, ExamVersion, read_exam
from quizgen.outcome import Outcome

if TYPE_CHECKING:
    from quizgen.judge import Verdict

#: The two columns before the questions' labels.
STUDENT, VERSION = "student", "version"
#: Flags of an item, by the thresholds of the spec.
EASY, HARD = 0.9, 0.2
#: The share of the class in each of the upper and lower groups for the discrimination index.
GROUP_SHARE = 0.27
#: What separates letters in a cell and may be dropped (``A, C``).
_LETTER_NOISE = re.compile(r"[\s,;]+")


@dataclass(frozen=True, slots=True)
class Row:
    """One student's line of the responses file: each label's cell as written (stripped)."""

    line: int
    student: str
    version: str
    cells: dict[str, tuple[str, str]]  # label -> (header name as written, cell text)


@dataclass(frozen=True, slots=True)
class Close:
    """An answer for the teacher to look at: a "close" one (a typo, by play's rules) or an ambiguous number.

    It earned no points; the report shows it with what was written.
    """

    student: str
    line: int
    label: str
    id: str
    written: str
    expected: str
    why: str = "a typo of the answer"


@dataclass(frozen=True, slots=True)
class Mark:
    """One student's result on one printed question."""

    question: ExamQuestion
    earned: Fraction
    picked: tuple[str, ...] = ()  # the option texts picked (mcq, multi, truefalse), for the option counts
    answered: bool = False

    @property
    def score(self) -> float:
        """The item score: the fraction of the question's points earned."""
        return float(self.earned / self.question.points) if self.question.points else 0.0


@dataclass(frozen=True, slots=True)
class Result:
    """One student's marks, in the order of the file."""

    student: str
    line: int
    version: ExamVersion
    marks: tuple[Mark, ...]
    total: Fraction  # the points earned
    percent: float  # of the version's points

    @classmethod
    def of(cls, student: str, line: int, version: ExamVersion, marks: Sequence[Mark]) -> Result:
        """The result with its total and percent, computed once (the analysis ranks by them many times)."""
        total = sum((m.earned for m in marks), Fraction(0))
        percent = float(total / version.points * 100) if version.points else 0.0
        return cls(student, line, version, tuple(marks), total, percent)

    @property
    def lost(self) -> tuple[str, ...]:
        """The ids of the questions that did not earn all their points, in printed order."""
        return tuple(m.question.id for m in self.marks if m.earned < m.question.points)


@dataclass(frozen=True, slots=True)
class OptionCount:
    text: str
    right: bool
    why: str
    count: int


@dataclass(frozen=True, slots=True)
class Item:
    """The item analysis of one question id (a pool member over the students who got it)."""

    id: str
    type: str
    key: str
    topic: str
    points: Fraction
    numbers: tuple[str, ...]  # "A3", "B7": where each version printed it
    n: int
    facility: float
    discrimination: float
    point_biserial: float | None
    options: tuple[OptionCount, ...]
    unanswered: int

    @property
    def flags(self) -> tuple[str, ...]:
        flags = []
        if self.facility > EASY:
            flags.append("easy")
        if self.facility < HARD:
            flags.append("hard")
        if self.discrimination < 0:
            flags.append("negative discrimination")
        return tuple(flags)


@dataclass(frozen=True, slots=True)
class TestStats:
    n: int
    mean: float
    median: float
    sd: float | None
    alpha: float | None
    kr20: bool  # every item scored 0 or full points: alpha is KR-20
    histogram: tuple[int, ...]  # students per 10% band, the last band 90-100 inclusive


@dataclass(frozen=True)
class Marking:
    """Everything ``quizgen mark`` found, ready to be written."""

    exam: Exam
    results: tuple[Result, ...]
    closes: tuple[Close, ...]
    items: tuple[Item, ...] = ()
    test: TestStats | None = None
    keys: tuple[str, ...] = field(default=())


# -- reading the responses file ----------------------------------------------------------------------------------


def _label_order(label: str) -> tuple[int, str]:
    digits = re.match(r"[0-9]*", label)
    head = digits.group(0) if digits else ""
    return (int(head) if head else 0, label[len(head) :])


def labels(exam: Exam) -> list[str]:
    """Every version's labels, united, in printed order (``1``, ``2``, ``3a``, ``3b``, ...)."""
    found = {label for v in exam.versions for q in v.questions for label in q.labels}
    return sorted(found, key=_label_order)


def template_csv(exam: Exam) -> str:
    """The header of a responses file for ``exam``: ``student``, ``version``, then every label."""
    return _csv_line([STUDENT, VERSION, *labels(exam)])


def _csv_line(cells: Sequence[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise QuizgenError(
            "the responses file cannot be read",
            [Problem(str(path), line, "not UTF-8 text: save the file as CSV UTF-8 (comma-separated)")],
        ) from None


def read_rows(path: Path, exam: Exam) -> tuple[list[Row], list[Problem]]:
    """The students' rows of ``path`` that name a known version, and every student and version problem.

    A header that does not fit the exam stops at once (no cell can be read);
    a bad row is reported and left out, so its cells' problems come with it.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise QuizgenError(f"cannot read {path}: {e.strerror or e}") from None
    text = _decode(path, data)
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as e:
        raise QuizgenError(
            "the responses file cannot be read",
            [Problem(name, start, f"not CSV ({e}): save the file as CSV UTF-8 (comma-separated)")],
        ) from None
    if not records:
        raise QuizgenError(
            "the responses file is empty",
            [Problem(name, 1, f"no header: the first line is {STUDENT},{VERSION}, then a column per question")],
        )
    problems: list[Problem] = []
    known = {label.casefold(): label for label in labels(exam)}
    header_line, header = records[0]
    if len(header) == 1 and ";" in header[0]:
        raise QuizgenError(
            "the responses file cannot be read",
            [Problem(name, header_line, "separated by semicolons: save the file as CSV UTF-8 (comma-separated)")],
        )
    columns: list[str | None] = []  # per header cell: student, version, a label, or None (refused)
    seen: dict[str, str] = {}
    for raw in header:
        head = raw.strip()
        folded = head.casefold()
        column = folded if folded in (STUDENT, VERSION) else known.get(folded)
        if column is None:
            problems.append(
                Problem(
                    name, header_line, f"unknown column; the exam's columns are {STUDENT}, {VERSION}, "
                    f"{', '.join(known.values())}", column=head or '""',
                )
            )  # fmt: skip
        elif column in seen:
            problems.append(Problem(name, header_line, "repeated column: keep one of them", column=head))
            column = None
        else:
            seen[column] = head
        columns.append(column)
    for needed in (STUDENT, VERSION):
        if needed not in seen:
            problems.append(Problem(name, header_line, f"no {needed} column: the header starts {STUDENT},{VERSION}"))
    if problems:
        raise QuizgenError("the responses file's header does not fit the exam", problems)
    versions = {v.letter: v for v in exam.versions}
    rows: list[Row] = []
    students: dict[str, int] = {}
    for line, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue  # a blank line, or a spreadsheet's empty row
        if len(record) > len(columns):
            problems.append(Problem(name, line, f"{len(record)} cells but {len(columns)} columns: remove the extra"))
            continue
        cells: dict[str, tuple[str, str]] = {}
        student = version = ""
        for column, raw_head, cell in zip(columns, header, record, strict=False):
            if column == STUDENT:
                student = cell.strip()
            elif column == VERSION:
                version = cell.strip()
            elif column is not None:
                cells[column] = (raw_head.strip(), cell.strip())
        if not student:
            problems.append(Problem(name, line, "missing student: write the student's name", column=seen[STUDENT]))
        elif student in students:
            problems.append(
                Problem(
                    name, line, f"repeated student {student!r}: also on line {students[student]}", column=seen[STUDENT]
                )
            )
        else:
            students[student] = line
        letter = version.upper()
        if not version:
            problems.append(Problem(name, line, f"missing version: write {', '.join(versions)}", column=seen[VERSION]))
            continue
        if letter not in versions:
            problems.append(
                Problem(
                    name, line, f"unknown version {version!r}: the exam has {', '.join(versions)}", column=seen[VERSION]
                )
            )
            continue
        own = {label for q in versions[letter].questions for label in q.labels}
        for label, (head, cell) in cells.items():
            if cell and label not in own:
                problems.append(
                    Problem(name, line, f"version {letter} has no {label}: leave this cell empty", column=head)
                )
        rows.append(Row(line, student, letter, cells))
    return rows, problems


# -- marking cells ------------------------------------------------------------------------------------------------


class _CellError(Exception):
    """A cell that fits no answer of its question; becomes a located problem."""


def _letters(cell: str, allowed: Sequence[str], q: ExamQuestion, version: str, blank: str = "") -> str:
    letters = _LETTER_NOISE.sub("", cell).upper()
    for ch in letters:
        if ch not in allowed and ch != blank:
            listed = f"{allowed[0]}-{allowed[-1]}" if allowed else "none"
            raise _CellError(
                f"{ch!r} is no option of question {q.number} in version {version} (its letters are {listed})"
            )
    return letters


def _share(right: int, of: int) -> Fraction:
    return Fraction(right, of) if of else Fraction(0)


class Marker:
    """Marks cells; the verdicts on written text are cached, since a class writes the same answers often."""

    def __init__(self) -> None:
        self._texts: dict[tuple[object, ...], tuple[Outcome, str]] = {}
        self.closes: list[Close] = []

    def _text(self, cache_key: tuple[object, ...], judge: Callable[[], Verdict]) -> tuple[Outcome, str]:
        """The outcome and the expected text of a verdict, judged once per question and text."""
        found = self._texts.get(cache_key)
        if found is None:
            verdict = judge()
            found = self._texts[cache_key] = (verdict.outcome, verdict.expected)
        return found

    def mark(self, q: ExamQuestion, cells: dict[str, str], version: str, row: Row) -> Mark:
        """One question's points from its cells (one per label); raises :class:`_CellError` on a cell that fits not."""
        from quizgen.answers import judge_blank
        from quizgen.judge import judge, judge_number
        from quizgen.render import to_plain

        cell = cells.get(q.labels[0], "")
        answered = any(cells.get(label, "") for label in q.labels)
        if not answered:
            return Mark(q, Fraction(0))
        points = q.points
        match q.type:
            case "mcq" | "multi":
                letters = _letters(cell, [o.letter for o in q.options], q, version)
                picked = set(letters)
                texts = tuple(o.text for o in q.options if o.letter in picked)
                right = {o.letter for o in q.options if o.right}
                if q.type == "mcq":
                    earned = points if len(picked) == 1 and picked == right else Fraction(0)
                elif q.scoring == "partial":
                    share = _share(len(picked & right) - len(picked - right), len(right))
                    earned = points * max(Fraction(0), share)
                else:
                    earned = points if picked == right else Fraction(0)
                return Mark(q, earned, texts, True)
            case "truefalse":
                word = cell.casefold()
                if word not in ("t", "f", "true", "false"):
                    raise _CellError(f"{cell!r} is not true or false: write T or F")
                said = word in ("t", "true")
                return Mark(q, points if said == bool(q.answer) else Fraction(0), ("True" if said else "False",), True)
            case "typed":
                outcome, expected = self._text(
                    (q.id, q.answer, cell), lambda: judge(to_plain(cell), str(q.answer), q.accept)
                )
                self._note_close(outcome, row, q.labels[0], q, cell, expected)
                return Mark(q, points if outcome is Outcome.RIGHT else Fraction(0), (), True)
            case "cloze":
                earned = Fraction(0)
                for blank in q.blanks:
                    written = cells.get(blank.label, "")
                    if not written:
                        continue
                    outcome, expected = self._text(
                        (q.id, blank.label, blank.answers, written),
                        partial(judge_blank, to_plain(written), blank.answers, blank.accept, blank.wrong),
                    )
                    self._note_close(outcome, row, blank.label, q, written, expected)
                    if outcome is Outcome.RIGHT:
                        earned += blank.points
                return Mark(q, earned, (), True)
            case "numeric":
                verdict = judge_number(cell, q.answer, q.tolerance, q.unit)
                if verdict.hint:  # an ambiguous number (1,000): wrong, but the teacher should see it
                    self.closes.append(
                        Close(row.student, row.line, q.labels[0], q.id, cell, verdict.expected, verdict.hint)
                    )
                return Mark(q, points if verdict.outcome is Outcome.RIGHT else Fraction(0), (), True)
            case "matching" | "ordering":
                allowed = [m.letter for m in (q.matches if q.type == "matching" else q.entries)]
                wanted = q.item_matches if q.type == "matching" else q.order
                letters = _letters(cell, allowed, q, version, blank="-")
                if len(letters) != len(wanted):
                    what = "item" if q.type == "matching" else "place"
                    raise _CellError(
                        f"{len(letters)} letters for {len(wanted)} {what}s: write one letter per {what}"
                        + (" in item order, - for an item left blank" if q.type == "matching" else ", first to last")
                    )
                placed = sum(1 for got, want in zip(letters, wanted, strict=True) if got == want)
                if q.scoring == "partial":
                    earned = points * _share(placed, len(wanted))
                else:
                    earned = points if placed == len(wanted) else Fraction(0)
                return Mark(q, earned, (), True)
            case _:  # basic, and any type the teacher marks by hand: the points given
                return Mark(q, _given_points(cell, q), (), True)

    def _note_close(self, outcome: Outcome, row: Row, label: str, q: ExamQuestion, written: str, expected: str) -> None:
        if outcome is Outcome.CLOSE:
            self.closes.append(Close(row.student, row.line, label, q.id, written, expected))


def _given_points(cell: str, q: ExamQuestion) -> Fraction:
    """The points a teacher wrote for a hand-marked question: a number from 0 to the question's points."""
    from quizgen.exporters.html import format_points

    text = cell.replace(",", ".")
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?|\.[0-9]+", text):
        raise _CellError(
            f"{cell!r} is not a number: question {q.number} is marked by hand; write the points given, "
            f"0 to {format_points(q.points)}"
        )
    given = Fraction(text)
    if given > q.points:
        raise _CellError(f"{cell} points is more than question {q.number}'s {format_points(q.points)}")
    return given


def mark_rows(path: Path, exam: Exam, rows: Sequence[Row]) -> tuple[list[Result], list[Close], list[Problem]]:
    """Every row marked, and every cell that fits no answer of its question."""
    marker = Marker()
    versions = {v.letter: v for v in exam.versions}
    problems: list[Problem] = []
    results: list[Result] = []
    for row in rows:
        version = versions[row.version]
        marks: list[Mark] = []
        for q in version.questions:
            cells = {label: row.cells.get(label, ("", ""))[1] for label in q.labels}
            try:
                marks.append(marker.mark(q, cells, version.letter, row))
            except _CellError as e:
                head = row.cells.get(q.labels[0], (q.labels[0], ""))[0]
                problems.append(Problem(str(path), row.line, str(e), column=head))
        results.append(Result.of(row.student, row.line, version, marks))
    return results, marker.closes, problems


# -- the item analysis --------------------------------------------------------------------------------------------


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values) if values else 0.0


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The Pearson correlation; None when either side does not vary (it is undefined)."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = _mean(xs), _mean(ys)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def _variance(values: Sequence[float]) -> float:
    m = _mean(values)
    return math.fsum((v - m) ** 2 for v in values) / (len(values) - 1)


def item_analysis(results: Sequence[Result]) -> list[Item]:
    """Per question id: facility, discrimination (upper and lower 27% by total percent), point-biserial, options."""
    by_id: dict[str, list[tuple[int, Result, Mark]]] = {}
    for index, result in enumerate(results):
        for mark in result.marks:
            by_id.setdefault(mark.question.id, []).append((index, result, mark))
    items: list[Item] = []
    for qid, taken in by_id.items():
        scores = [m.score for _, _, m in taken]
        n = len(scores)
        group = max(1, round(GROUP_SHARE * n))
        ranked = sorted(range(n), key=lambda i: (-taken[i][1].percent, taken[i][0]))
        upper = [scores[i] for i in ranked[:group]]
        lower = [scores[i] for i in ranked[-group:]]
        rest: list[float] = []
        for _, result, mark in taken:
            room = result.version.points - mark.question.points
            rest.append(float((result.total - mark.earned) / room * 100) if room else 0.0)
        first = taken[0][2].question
        options: list[OptionCount] = []
        if first.type in ("mcq", "multi"):
            counts = {o.text: 0 for o in first.options}
            for _, _, mark in taken:
                for text in mark.picked:
                    counts[text] = counts.get(text, 0) + 1
            options = [OptionCount(o.text, o.right, o.why, counts[o.text]) for o in first.options]
        elif first.type == "truefalse":
            said = [text for _, _, m in taken for text in m.picked]
            options = [
                OptionCount(text, (text == "True") == bool(first.answer), "", said.count(text))
                for text in ("True", "False")
            ]
        printed = sorted({(r.version.letter, m.question.number) for _, r, m in taken})
        numbers = tuple(f"{letter}{number}" for letter, number in printed)
        items.append(
            Item(
                id=qid, type=first.type, key=first.key, topic=first.topic, points=first.points,
                numbers=numbers, n=n, facility=_mean(scores),
                discrimination=_mean(upper) - _mean(lower), point_biserial=pearson(scores, rest),
                options=tuple(options), unanswered=sum(1 for _, _, m in taken if not m.answered),
            )
        )  # fmt: skip
    return items


def test_stats(results: Sequence[Result]) -> TestStats:
    """Mean, median and standard deviation (n - 1) of the percent; Cronbach's alpha over the exam's questions."""
    percents = [r.percent for r in results]
    n = len(percents)
    per_key: list[dict[str, float]] = [{m.question.key: float(m.earned) for m in r.marks} for r in results]
    keys = [k for k in (per_key[0] if per_key else {}) if all(k in row for row in per_key)]
    alpha: float | None = None
    if n >= 2 and len(keys) >= 2:
        totals = [math.fsum(row[k] for k in keys) for row in per_key]
        total_var = _variance(totals)
        if total_var > 1e-12:
            k = len(keys)
            alpha = k / (k - 1) * (1 - math.fsum(_variance([row[key] for row in per_key]) for key in keys) / total_var)
    kr20 = all(m.earned in (0, m.question.points) for r in results for m in r.marks)
    bands = [0] * 10
    for p in percents:
        bands[min(9, max(0, int(p // 10)))] += 1
    return TestStats(
        n=n, mean=_mean(percents), median=statistics.median(percents) if percents else 0.0,
        sd=statistics.stdev(percents) if n >= 2 else None, alpha=alpha, kr20=kr20, histogram=tuple(bands),
    )  # fmt: skip


def column_keys(exam: Exam) -> list[str]:
    """The question columns of scores.csv: each id (a pool's members share ``pool:NAME``), in printed order."""
    keys: dict[str, None] = {}
    for v in exam.versions:
        for q in v.questions:
            keys.setdefault(q.key)
    return list(keys)


def mark_exam(responses: Path, exam_path: Path) -> Marking:
    """Reads the exam and the responses, marks every student and analyses the class; writes nothing.

    Every problem of the rows, their cells and the review files' names is
    reported at once, in the file's order.
    """
    exam = read_exam(exam_path)
    rows, problems = read_rows(responses, exam)
    results, closes, cell_problems = mark_rows(responses, exam, rows)
    problems += cell_problems + review_problems(responses, results)
    if problems:
        problems.sort(key=lambda p: p.line)
        raise QuizgenError("the responses do not fit the exam", problems)
    if not results:
        raise QuizgenError(f"{responses}: no student's answers (only a header): add a row per student")
    return Marking(
        exam=exam, results=tuple(results), closes=tuple(closes), items=tuple(item_analysis(results)),
        test=test_stats(results), keys=tuple(column_keys(exam)),
    )  # fmt: skip


# -- what is written ----------------------------------------------------------------------------------------------


def points_text(value: Fraction | float) -> str:
    """Points in scores.csv: ``1``, ``1.5``, ``0.3333333333`` (ten significant digits, so sums stay exact enough)."""
    return f"{float(value):.10g}"


def points_shown(value: Fraction | float) -> str:
    """Points in the report: at most two decimals (``1``, ``1.5``, ``0.33``)."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def scores_csv(marking: Marking) -> str:
    """One row per student: version, each question id's points, each section, total and percent."""
    topics = list(marking.exam.topics)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([STUDENT, VERSION, *marking.keys, *(f"section:{t}" for t in topics), "total", "percent"])
    for r in marking.results:
        by_key = {m.question.key: m.earned for m in r.marks}
        sections = {t: Fraction(0) for t in topics}
        for m in r.marks:
            sections[m.question.topic] = sections.get(m.question.topic, Fraction(0)) + m.earned
        writer.writerow(
            [
                r.student, r.version.letter,
                *(points_text(by_key[k]) if k in by_key else "" for k in marking.keys),
                *(points_text(sections[t]) for t in topics),
                points_text(r.total), f"{r.percent:.1f}",
            ]
        )  # fmt: skip
    return out.getvalue()


def review_name(student: str) -> str:
    """A student's review file name: lower case, letters, digits and ``-`` only."""
    return re.sub(r"[^\w-]+|_", "-", student.lower()).strip("-")


def review_problems(responses: Path, results: Sequence[Result]) -> list[Problem]:
    """Students whose review files would be nameless or share a name, at the later line, naming both."""
    taken: dict[str, Result] = {}
    problems: list[Problem] = []
    for r in results:
        name = review_name(r.student)
        if not r.student or (name in taken and taken[name].student == r.student):
            continue  # a missing or repeated student is reported as such
        if not name:
            message = f"no file name can be made from {r.student!r}: use letters or digits"
            problems.append(Problem(str(responses), r.line, message, column=STUDENT))
        elif name in taken:
            other = taken[name]
            message = (
                f"{other.student!r} (line {other.line}) and {r.student!r} (line {r.line}) would share "
                f"review/{name}.txt: make the names differ by a letter or digit"
            )
            problems.append(Problem(str(responses), r.line, message, column=STUDENT))
        else:
            taken[name] = r
    return problems


def review_files(marking: Marking, folder: Path) -> list[tuple[Path, str]]:
    """``review/<student>.txt``: the ids the student lost points on, one a line (empty: nothing lost)."""
    return [
        (folder / "review" / f"{review_name(r.student)}.txt", "".join(f"{qid}\n" for qid in r.lost))
        for r in marking.results
    ]


def anki_search(ids: Sequence[str]) -> str:
    """The Anki browser search that finds these questions' notes: ``"Question ID:a" or "Question ID:b"``.

    The field name has a space, so each term is quoted whole; ids hold only
    ``a-z``, ``0-9`` and ``-``, none of which Anki reads as a wildcard.
    """
    return " or ".join(f'"Question ID:{qid}"' for qid in dict.fromkeys(ids))


def mark_outputs(responses: Path, exam_path: Path, folder: Path) -> list[tuple[Path, str]]:
    """``quizgen mark``: scores.csv, report.html and review/<student>.txt in ``folder``, all computed first."""
    marking = mark_exam(responses, exam_path)
    reviews = review_files(marking, folder)
    return [
        (folder / "scores.csv", scores_csv(marking)),
        (folder / "report.html", report_html(marking, responses, exam_path)),
        *reviews,
    ]


# -- the report ---------------------------------------------------------------------------------------------------

#: How the numbers were computed, named at the foot of the report.
METHOD = (
    "Each question is scored as the fraction of its points earned. Facility: the mean of that score over the "
    "students who had the question. Discrimination D: the mean score of the upper group minus that of the lower "
    "group, the top and bottom round(0.27 n) students (at least 1) by total percent, ties broken by their order in "
    "the responses file. Point-biserial: the Pearson correlation of the question's score with the rest of the test "
    "(the student's total points without this question, as a percent of the rest's maximum). Flags: easy when "
    "facility > 0.9, hard when < 0.2, negative discrimination when D < 0. Test: mean, median and standard "
    "deviation (n - 1) of the percent; Cronbach's alpha over the exam's questions in points (a pool is one item; "
    "with every question scored all-or-nothing it equals KR-20). Typed and cloze answers are judged as quizgen play "
    "judges them; a close answer earns no points and is listed for review."
)


def _two(value: float | None) -> str:
    """A statistic as printed: two decimals, a dash when it is undefined."""
    return "\u2013" if value is None else f"{value:.2f}"


def histogram_svg(bands: Sequence[int]) -> dict[str, object]:
    """The geometry of the score histogram (10% bands), for an inline SVG: no script, no outside file."""
    width, height, top, bottom, left = 420, 170, 12, 28, 28
    tallest = max(bands) if bands and max(bands) else 1
    step = (width - left) / len(bands)
    bars = []
    for i, count in enumerate(bands):
        h = (height - top - bottom) * count / tallest
        bars.append(
            {
                "x": round(left + i * step + 2, 1), "y": round(height - bottom - h, 1), "w": round(step - 4, 1),
                "h": round(h, 1), "count": count, "label": f"{i * 10}",
                "cx": round(left + i * step + step / 2, 1),
            }
        )  # fmt: skip
    return {"width": width, "height": height, "base": height - bottom, "left": left, "bars": bars, "top": tallest}


def report_html(marking: Marking, responses: Path, exam_path: Path) -> str:
    """The item analysis a teacher reads: self-contained HTML (inline CSS and SVG, nothing fetched)."""
    from quizgen.exporters.html import environment

    results = marking.results
    lost = [(r, r.lost) for r in results]
    template = environment().get_template("report.html.jinja")
    return template.render(
        m=marking, deck=marking.exam.deck, responses=responses.name, exam=exam_path.name,
        versions=", ".join(v.letter for v in marking.exam.versions), test=marking.test, two=_two,
        histogram=histogram_svg(marking.test.histogram if marking.test else ()), lost=lost,
        search=anki_search, points=points_shown, method=METHOD, review=review_name,
    )  # fmt: skip
