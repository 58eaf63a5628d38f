"""``quizgen play`` and ``quizgen stats`` as a learner meets them: a real pseudo-terminal, pipes, the state file.

Every session runs the real program in a child process (pexpect spawns it on a
pseudo-terminal); the clock is moved with ``QUIZGEN_NOW``, never by sleeping.
"""

from __future__ import annotations

import gc
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pexpect
import pytest

from quizgen.answers import (
    check_cloze,
    check_typed,
    parse_choice,
    parse_choices,
    parse_rating,
    parse_truefalse,
    proposed_rating,
)
from quizgen.judge import Outcome, Verdict, diff_plain
from quizgen.kinds.cloze import parse_cloze
from quizgen.model import Cloze, Deletion, Mcq, Option, Selection, Typed
from quizgen.options import PLAY, parse_fast
from quizgen.play import cloze_markup
from quizgen.scheduler import Rating
from quizgen.terminal import DIFF_STYLES, diff_markup
from tests.helpers import mark_index

BANK = """\
deck: Baclofen
topic: Mechanism
tags: [pharmacology]
questions:
  - id: what-is
    prompt: What kind of drug is **baclofen**?
    answer: A muscle relaxant
    explanation: It treats spasticity.
    source: "Baclofen is a muscle relaxer"
  - id: receptor-target
    type: mcq
    prompt: Baclofen is an agonist at which receptor?
    answer: GABA-B receptor
    distractors: [GABA-A receptor, NMDA receptor, "[red]Mu[/red]-opioid receptor"]
    explanation: Baclofen is a GABA analogue.
  - id: effects
    type: multi
    prompt: Which are common side effects?
    answer: [Drowsiness, Dizziness]
    distractors: [Hair growth, Improved night vision]
  - id: cns-depressant
    type: truefalse
    prompt: Baclofen adds to the sedation of alcohol.
    answer: true
  - id: class-cloze
    type: cloze
    prompt: Baclofen reduces muscle {{c1::spasticity}} by acting in the {{c2::spinal cord::site}}.
  - id: route
    type: typed
    prompt: Name the route of the pump (one word).
    answer: intrathecal
    accept: [IT]
"""
T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
CARDS = 7  # six questions, the cloze makes two cards
TIMEOUT = 20
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "questions" / "baclofen.yaml"
    path.parent.mkdir()
    path.write_text(BANK, encoding="utf-8")
    return path.parent


#: The tree these tests belong to: the child runs its quizgen, whatever is installed in the environment.
ROOT = Path(__file__).resolve().parents[1]


def environment(tmp_path: Path, now: datetime = T0, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "QUIZGEN_STATE")}
    env.update(
        PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
        QUIZGEN_NOW=now.isoformat(),
        QUIZGEN_CACHE_DIR=str(tmp_path / "cache"),
        TZ="UTC",
        TERM="dumb",  # plain text on the terminal; one test below checks the colours
        COLUMNS="200",
    )
    env.update(extra)
    return env


class Play:
    """A ``quizgen play`` session on a pseudo-terminal."""

    def __init__(
        self, tmp_path: Path, bank: Path, *args: str, now: datetime = T0, cwd: Path | None = None, **env: str
    ) -> None:
        self.state = tmp_path / "state.db"
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "quizgen", "play", str(bank), "--state", str(self.state), *args],
            env=environment(tmp_path, now, **env),
            cwd=cwd,
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(60, 200),
            # A test run started in the background (``cmd &``) ignores SIGINT, and children inherit that:
            # Ctrl-C must reach the program as it does in a learner's terminal.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.screen = ""

    def wait(self, pattern: str) -> str:
        """Waits for ``pattern`` (a regex); returns what came before it, colour codes removed."""
        self.child.expect(pattern)
        before = ANSI.sub("", str(self.child.before))
        self.screen += before + ANSI.sub("", str(self.child.after))
        return before

    def answer(self, prompt: str, text: str) -> str:
        before = self.wait(prompt)
        self.child.sendline(text)
        return before

    def finish(self) -> str:
        self.child.expect(pexpect.EOF)
        self.screen += ANSI.sub("", str(self.child.before))
        self.child.close()
        return self.screen


def option_number(screen: str, option: str) -> str:
    match = re.search(rf"(\d+)\) {re.escape(option)}\s*$", screen, re.M)
    assert match, screen
    return match.group(1)


def log(state: Path) -> list[tuple[str, int, int, int]]:
    """(question id, cloze number, rating, phase after) of every review, in order."""
    db = sqlite3.connect(state)
    rows = db.execute("SELECT qid, ord, rating, phase FROM review_log ORDER BY id").fetchall()
    db.close()
    return rows


def dues(state: Path) -> dict[tuple[str, int], str]:
    db = sqlite3.connect(state)
    rows = db.execute("SELECT qid, ord, due FROM cards").fetchall()
    db.close()
    return {(q, o): d for q, o, d in rows}


RATE = r"or 1-4 to change \(q quits\)"


def answer_all_right(play: Play) -> None:
    play.answer(r"Enter to show the answer", "")
    play.answer(RATE, "3")
    mcq = play.wait(r"Your answer: 1-4 or a-d \(q quits\)")
    play.child.sendline(option_number(mcq, "GABA-B receptor"))
    play.answer(RATE, "")
    multi = play.wait(r"Pick all that apply")
    play.child.sendline(f"{option_number(multi, 'Drowsiness')} {option_number(multi, 'Dizziness')}")
    play.answer(RATE, "")
    play.answer(r"True or false\?", "t")
    play.answer(RATE, "")
    play.answer(r"Type the missing text", "Spasticity")
    play.answer(RATE, "")
    play.answer(r"Type the missing text", "")
    play.answer(RATE, "3")
    play.answer(r"Type your answer", "  it ")
    play.answer(RATE, "")


def test_every_type_answered_right(tmp_path: Path, bank: Path) -> None:
    play = Play(tmp_path, bank)
    before = play.wait(r"Enter to show the answer")
    assert "0 due, 7 new" in before
    assert "What kind of drug is baclofen?" in before  # Markdown bold rendered, not shown as **
    play.child.sendline("")
    shown = play.wait(RATE)
    assert "Answer: A muscle relaxant" in shown
    assert "It treats spasticity." in shown
    assert "\u201cBaclofen is a muscle relaxer\u201d" in shown
    assert re.search(r"1 Again \(1m\) . 2 Hard \(6m\) . 3 Good \(10m\) . 4 Easy \(\d+d\)", shown)
    play.child.sendline("3")
    mcq = play.wait(r"Your answer: 1-4 or a-d \(q quits\)")
    assert "[red]Mu[/red]-opioid receptor" in mcq  # markup in a question is shown literally
    play.child.sendline(chr(ord("a") + int(option_number(mcq, "GABA-B receptor")) - 1))  # by letter
    result = play.answer(RATE, "")
    assert "\u2713 Right" in result
    assert "Baclofen is a GABA analogue." in result
    multi = play.wait(r"Pick all that apply")
    picks = sorted(option_number(multi, o) for o in ("Drowsiness", "Dizziness"))
    play.child.sendline(",".join(picks))
    assert "\u2713 Right" in play.answer(RATE, "")
    play.answer(r"True or false\?", "yes")
    assert "\u2713 Right \u00b7 the statement is True" in play.answer(RATE, "")
    cloze = play.answer(r"Type the missing text", "spasticity")
    assert "Baclofen reduces muscle [...] by acting in the spinal cord." in cloze
    assert "\u2713 Right" in play.answer(RATE, "")
    cloze2 = play.answer(r"Type the missing text", "")
    assert "Baclofen reduces muscle spasticity by acting in the [site]." in cloze2
    revealed = play.answer(RATE, "4")
    assert "Answer: Baclofen reduces muscle spasticity by acting in the spinal cord." in revealed
    play.answer(r"Type your answer", "IT")
    typed = play.answer(RATE, "")
    assert "\u2713 Right" in typed and "expected: intrathecal" in typed
    play.answer(r"\(q quits\)", "q")  # the first learning card comes back: quit there
    screen = play.finish()
    assert play.child.exitstatus == 0
    assert "Session: 7 answers on 7 cards, accuracy 100%" in screen
    assert "Traceback" not in screen
    assert log(play.state) == [
        ("what-is", 0, 3, 1),
        ("receptor-target", 0, 3, 1),
        ("effects", 0, 3, 1),
        ("cns-depressant", 0, 3, 1),
        ("class-cloze", 1, 3, 1),
        ("class-cloze", 2, 4, 2),
        ("route", 0, 3, 1),
    ]


def test_every_type_answered_wrong(tmp_path: Path, bank: Path) -> None:
    play = Play(tmp_path, bank)
    play.answer(r"Enter to show the answer", "")
    assert "Enter to rate Good" in play.answer(RATE, "1")
    mcq = play.wait(r"Your answer: 1-4 or a-d \(q quits\)")
    play.child.sendline(option_number(mcq, "NMDA receptor"))
    wrong = play.wait(RATE)
    assert "\u2717 Wrong" in wrong and "Enter to accept Again" in wrong
    play.child.sendline("")
    multi = play.wait(r"Pick all that apply")
    play.child.sendline(option_number(multi, "Drowsiness"))  # only one of the two
    assert "\u2717 Wrong" in play.answer(RATE, "")
    play.answer(r"True or false\?", "maybe")  # not an answer: asked again
    assert "Type t (true) or f (false)." in play.answer(r"True or false\?", "f")
    assert "the statement is True" in play.answer(RATE, "")
    play.answer(r"Type the missing text", "rigidity")
    assert "\u2717 Wrong" in play.answer(RATE, "")
    play.answer(r"Type the missing text", "brain")
    play.answer(RATE, "")
    play.answer(r"Type your answer", "oral")
    typed = play.answer(RATE, "")
    assert "\u2717 Wrong" in typed and "expected: intrathecal (also accepted: IT)" in typed
    again = play.answer(r"\(q quits\)", "q")
    assert "Baclofen" in again  # a failed card came back in the same session
    screen = play.finish()
    assert play.child.exitstatus == 0
    assert "accuracy 0%" in screen
    assert [rating for _, _, rating, _ in log(play.state)] == [1] * CARDS


def test_restart_shows_nothing_until_the_clock_moves(tmp_path: Path, bank: Path) -> None:
    play = Play(tmp_path, bank)
    answer_all_right(play)
    # The learning cards come back in the session (fixed clock: at once); graduate them with Good.
    for _ in range(CARDS):
        prompt = play.wait(
            r"(Enter to show the answer|Your answer: |Pick all|True or false\?|Type the missing|Type your)"
        )
        kind = str(play.child.after)
        if kind.startswith("Your answer"):
            play.child.sendline(option_number(prompt, "GABA-B receptor"))
        elif kind.startswith("Pick all"):
            screen = prompt
            play.child.sendline(f"{option_number(screen, 'Drowsiness')} {option_number(screen, 'Dizziness')}")
        elif kind.startswith("True"):
            play.child.sendline("t")
        elif kind.startswith("Type the missing"):
            play.child.sendline("")
        elif kind.startswith("Type your"):
            play.child.sendline("intrathecal")
        else:
            play.child.sendline("")
        play.answer(RATE, "3")
    screen = play.finish()
    assert play.child.exitstatus == 0
    assert "Session: 14 answers on 7 cards" in screen
    assert re.search(r"Next card due 2026-01-0[6-9] 10:00 \(in \d+d\)", screen)

    again = Play(tmp_path, bank)
    screen = again.finish()
    assert again.child.exitstatus == 0
    assert "Nothing due now." in screen

    later = Play(tmp_path, bank, now=T0 + timedelta(days=30))
    before = later.wait(r"\(q quits\)")
    assert "7 due, 0 new" in before
    later.child.sendline("q")
    later.finish()
    assert later.child.exitstatus == 0


def test_good_comes_back_later_than_hard(tmp_path: Path, bank: Path) -> None:
    play = Play(tmp_path, bank)
    play.answer(r"Enter to show the answer", "")
    play.answer(RATE, "2")  # what-is: Hard
    mcq = play.wait(r"Your answer")
    play.child.sendline(option_number(mcq, "GABA-B receptor"))
    play.answer(RATE, "")  # receptor-target: Good
    play.answer(r"Pick all that apply", "q")
    play.finish()
    due = dues(play.state)
    assert due[("what-is", 0)] == "2026-01-05T10:05:30.000000+00:00"
    assert due[("receptor-target", 0)] == "2026-01-05T10:10:00.000000+00:00"
    assert due[("what-is", 0)] < due[("receptor-target", 0)]


def test_kill_9_keeps_every_answer_given(tmp_path: Path, bank: Path) -> None:
    play = Play(tmp_path, bank)
    play.answer(r"Enter to show the answer", "")
    play.answer(RATE, "3")
    mcq = play.wait(r"Your answer")
    play.child.sendline(option_number(mcq, "GABA-B receptor"))
    play.answer(RATE, "")
    play.answer(r"Pick all that apply", "1")
    play.answer(RATE, "4")
    play.wait(r"True or false\?")  # the fourth card is on screen: three answers were given
    play.child.kill(signal.SIGKILL)
    play.child.close(force=True)
    assert play.child.signalstatus == signal.SIGKILL
    assert Path(f"{play.state}-wal").exists()  # killed mid-session: the write-ahead log was not folded in
    restarted = run(tmp_path, "play", str(bank), "--state", str(play.state), stdin="q\n")
    assert restarted.returncode == 0, restarted.stderr
    assert "0 due, 4 new" in restarted.stdout  # the three answered cards wait for their learning steps
    assert [(q, r) for q, _, r, _ in log(play.state)] == [("what-is", 3), ("receptor-target", 3), ("effects", 4)]
    db = sqlite3.connect(play.state)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()


def test_two_sessions_on_one_file_at_once(tmp_path: Path, bank: Path) -> None:
    one, two = Play(tmp_path, bank), Play(tmp_path, bank)
    for play in (one, two):
        play.answer(r"Enter to show the answer", "")
    one.answer(RATE, "3")
    two.answer(RATE, "2")
    for play in (one, two):
        play.answer(r"Your answer", "q")
        play.finish()
        assert play.child.exitstatus == 0
    assert [(q, r) for q, _, r, _ in log(one.state)] == [("what-is", 3), ("what-is", 2)]
    db = sqlite3.connect(one.state)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT reps FROM cards").fetchall() == [(2,)]
    db.close()


def test_ctrl_c_quits_cleanly_with_the_summary(tmp_path: Path, bank: Path) -> None:
    play = Play(tmp_path, bank)
    play.answer(r"Enter to show the answer", "")
    play.answer(RATE, "3")
    play.wait(r"Your answer")
    play.child.sendintr()
    screen = play.finish()
    assert play.child.exitstatus == 0
    assert "Session: 1 answer on 1 card, accuracy 100%" in screen
    assert "Traceback" not in screen and "KeyboardInterrupt" not in screen
    assert len(log(play.state)) == 1


def test_end_of_input_quits_cleanly_with_the_summary(tmp_path: Path, bank: Path) -> None:
    play = Play(tmp_path, bank)
    play.wait(r"Enter to show the answer")
    play.child.sendeof()
    screen = play.finish()
    assert play.child.exitstatus == 0
    assert "Session: no cards reviewed" in screen
    assert "7 new cards not yet studied" in screen


def test_colour_on_a_terminal_and_markup_in_questions_stays_literal(tmp_path: Path, bank: Path) -> None:
    play = Play(tmp_path, bank, TERM="xterm-256color")
    play.answer(r"Enter to show the answer", "")
    play.child.expect(RATE)
    raw = str(play.child.before)
    assert "\x1b[" in raw  # coloured
    play.child.sendline("3")
    play.child.expect(r"Your answer")
    assert "[red]Mu[/red]" in ANSI.sub("", str(play.child.before))
    play.child.sendline("q")
    play.finish()


def run(
    tmp_path: Path, *args: str, stdin: str = "", now: datetime = T0, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizgen", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment(tmp_path, now, **env),
        timeout=60,
    )


def test_answers_piped_in(tmp_path: Path, bank: Path) -> None:
    state = tmp_path / "state.db"
    # basic, mcq by its text, multi (a wrong pick), truefalse, cloze typed, cloze revealed, typed.
    answers = ["", "3", "GABA-B receptor", "", "1 2 3", "2", "true", "", "spasticity", "", "", "4", "intrathecal", ""]
    proc = run(tmp_path, "play", str(bank), "--state", str(state), stdin="\n".join(answers) + "\n")
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" not in proc.stdout  # no colour into a pipe
    assert proc.stdout.count("\u2713 Right") == 4
    assert proc.stdout.count("\u2717 Wrong") == 1
    assert "Session: 7 answers on 7 cards, accuracy 100% (7/7 not Again)" in proc.stdout
    assert proc.stderr == ""
    assert [r for _, _, r, _ in log(state)] == [3, 3, 2, 3, 3, 4, 3]


def test_forced_colour_into_a_pipe(tmp_path: Path, bank: Path) -> None:
    proc = run(
        tmp_path, "play", str(bank), "--state", str(tmp_path / "s.db"), stdin="q\n", FORCE_COLOR="1", TERM="xterm"
    )
    assert proc.returncode == 0
    assert "\x1b[" in proc.stdout


def test_new_cards_per_study_day(tmp_path: Path, bank: Path) -> None:
    state = str(tmp_path / "state.db")
    first = run(tmp_path, "play", str(bank), "--state", state, "--new", "2", stdin="\n4\nb\n4\n")
    assert "0 due, 2 new" in first.stdout
    assert len(log(Path(state))) == 2
    # Later the same study day (before 4 a.m. the next morning): the two new cards of today are used up.
    same_day = run(tmp_path, "play", str(bank), "--state", state, "--new", "2", now=T0 + timedelta(hours=17))
    assert "Nothing due now. Today's 2 new cards (--new) are used up." in same_day.stdout
    next_day = run(
        tmp_path, "play", str(bank), "--state", state, "--new", "2", now=T0 + timedelta(hours=18), stdin="q\n"
    )
    assert "0 due, 2 new" in next_day.stdout


def test_topic_choice_and_unknown_topic(tmp_path: Path, bank: Path) -> None:
    state = tmp_path / "state.db"
    chosen = run(tmp_path, "play", str(bank), "--state", str(state), "--topic", "mechanism", stdin="q\n")
    assert chosen.returncode == 0 and "of 7 cards" in chosen.stdout
    unknown = run(tmp_path, "play", str(bank), "--state", str(state), "--topic", "Dosing")
    assert unknown.returncode == 1
    assert "no topic named 'Dosing'; topics are: Mechanism" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_tag_choice_and_unknown_tag(tmp_path: Path, bank: Path) -> None:
    tagged = BANK.replace("    type: truefalse\n", "    type: truefalse\n    tags: [Alcohol]\n")
    (bank / "baclofen.yaml").write_text(tagged, encoding="utf-8")
    state = tmp_path / "state.db"
    chosen = run(tmp_path, "play", str(bank), "--state", str(state), "--tag", "alcohol", "--cram", stdin="t\n\n")
    assert chosen.returncode == 0, chosen.stderr
    assert "Cram: 1 card;" in chosen.stdout and "Baclofen adds to the sedation of alcohol." in chosen.stdout
    both = run(tmp_path, "play", str(bank), "--state", str(state), "--tag", "pharmacology", "--cram", stdin="")
    assert "Cram: 7 cards" in both.stdout  # the file's tag is every question's tag
    unknown = run(tmp_path, "stats", str(bank), "--state", str(state), "--tag", "dosing")
    assert unknown.returncode == 1
    assert "no question is tagged 'dosing'; tags are: Alcohol, pharmacology" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_cram_leaves_the_state_untouched(tmp_path: Path, bank: Path) -> None:
    state = tmp_path / "state.db"
    run(tmp_path, "play", str(bank), "--state", str(state), stdin="\n3\n")
    before = state.read_bytes()
    cram = run(tmp_path, "play", str(bank), "--state", str(state), "--cram", stdin="\n1\n\n3\n")
    assert cram.returncode == 0
    assert "Cram: 7 cards" in cram.stdout
    assert "Cram mode: the schedule was not changed." in cram.stdout
    assert state.read_bytes() == before
    assert len(log(state)) == 1
    fresh = tmp_path / "never.db"
    run(tmp_path, "play", str(bank), "--state", str(fresh), "--cram", stdin="q\n")
    assert not fresh.exists()


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01garbage" * 500, b"just some text\n", b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 400],
    ids=["random", "text", "truncated"],
)
def test_bad_state_file_stops_play_and_stats_untouched(tmp_path: Path, bank: Path, content: bytes) -> None:
    state = tmp_path / "state.db"
    state.write_bytes(content)
    for command in ("play", "stats"):
        proc = run(tmp_path, command, str(bank), "--state", str(state), stdin="\n")
        assert proc.returncode == 1, proc.stdout
        assert str(state) in proc.stderr
        assert proc.stderr.startswith("error: ")
        assert "Traceback" not in proc.stderr
        assert state.read_bytes() == content


def test_state_from_environment(tmp_path: Path, bank: Path) -> None:
    state = tmp_path / "from-env.db"
    proc = run(tmp_path, "play", str(bank), stdin="\n3\n", QUIZGEN_STATE=str(state))
    assert proc.returncode == 0
    assert len(log(state)) == 1


def test_stats_counts(tmp_path: Path, bank: Path) -> None:
    state = str(tmp_path / "state.db")
    empty = run(tmp_path, "stats", str(bank), "--state", state)
    assert empty.returncode == 0
    assert "Cards: 7 \u00b7 new 7 \u00b7 learning 0 \u00b7 review 0" in empty.stdout
    assert not Path(state).exists()
    # basic Again, mcq Easy (review, due in days), multi wrong (Again), then quit.
    run(tmp_path, "play", str(bank), "--state", state, stdin="\n1\nGABA-B receptor\n4\nHair growth\n\nq\n")
    proc = run(tmp_path, "stats", str(bank), "--state", state)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Cards: 7 \u00b7 new 4 \u00b7 learning 2 \u00b7 review 1" in out
    assert "Due: now 0 \u00b7 today 2 \u00b7 this week 2" in out
    assert "Last 7 days: 3 reviews, accuracy 33% (1/3 not Again)" in out
    assert "Next due: 2026-01-05 10:01" in out
    assert re.search(r"Mon 05 Jan\s+\S+ 2$", out, re.M)
    week_later = run(tmp_path, "stats", str(bank), "--state", state, now=T0 + timedelta(days=30))
    assert "Due: now 3 \u00b7 today 3" in week_later.stdout


ONE_CARD = """\
deck: Baclofen
topic: Mechanism
questions:
  - id: what-is
    prompt: What kind of drug is baclofen?
    answer: A muscle relaxant
"""


def test_reviews_due_later_today_are_shown_learning_steps_wait_their_time(tmp_path: Path) -> None:
    bank = tmp_path / "one.yaml"
    bank.write_text(ONE_CARD, encoding="utf-8")
    state = str(tmp_path / "state.db")

    def quizgen(*args: str, now: datetime, stdin: str = "") -> str:
        proc = run(tmp_path, *args, str(bank), "--state", state, now=now, stdin=stdin, QUIZGEN_FUZZ="0")
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    graduated = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
    quizgen("play", now=graduated, stdin="\n4\n")  # new card, Easy: a review card due in 8 days
    assert dues(Path(state)) == {("what-is", 0): "2026-01-13T15:00:00.000000+00:00"}

    # 03:59 on the 13th is still the study day of the 12th (the day rolls over at 4 a.m.).
    night = quizgen("play", now=datetime(2026, 1, 13, 3, 59, tzinfo=UTC))
    assert "Nothing due now." in night and "Next card due 2026-01-13 15:00 (in 11h)." in night
    assert "Due: now 0 \u00b7 today 0 \u00b7 " in quizgen("stats", now=datetime(2026, 1, 13, 3, 59, tzinfo=UTC))

    # 10:00 on the 13th: due at 15:00, so due today, and shown now (play and stats agree).
    morning = datetime(2026, 1, 13, 10, 0, tzinfo=UTC)
    shown = quizgen("play", now=morning, stdin="q\n")
    assert "1 due, 0 new" in shown and "\u00b7 review \u00b7" in shown, shown
    assert "What kind of drug is baclofen?" in shown
    assert "1 card due now." in shown and "Next card due" not in shown
    assert "Due: now 1 \u00b7 today 1 \u00b7 " in quizgen("stats", now=morning)
    quizgen("play", now=morning, stdin="\n1\n")  # forgotten: relearning, due again in 10 minutes
    assert log(Path(state))[-1][2:] == (1, 3)

    # A relearning step keeps its exact time, even though it falls within today.
    early = quizgen("play", now=morning + timedelta(minutes=5))
    assert "Nothing due now." in early and "Next card due 2026-01-13 10:10 (in 5m)." in early
    assert "Due: now 0 \u00b7 today 1 \u00b7 " in quizgen("stats", now=morning + timedelta(minutes=5))
    back = quizgen("play", now=morning + timedelta(minutes=10), stdin="q\n")
    assert "1 due, 0 new" in back and "\u00b7 relearning \u00b7" in back


def test_stats_on_a_card_row_it_cannot_read_is_a_clean_error(tmp_path: Path, bank: Path) -> None:
    state = tmp_path / "state.db"
    run(tmp_path, "play", str(bank), "--state", str(state), stdin="\n3\n")
    db = sqlite3.connect(state)
    db.execute("UPDATE cards SET phase = 7")
    db.commit()
    db.close()
    before = state.read_bytes()
    proc = run(tmp_path, "stats", str(bank), "--state", str(state))
    assert proc.returncode == 1, proc.stdout
    assert proc.stderr.startswith(f"error: the progress file {state} holds a value quizgen cannot read"), proc.stderr
    assert "phase is 7" in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert state.read_bytes() == before


def test_wrong_usage_still_goes_through_typer(tmp_path: Path, bank: Path) -> None:
    assert run(tmp_path, "play", str(bank), "--new", "-1").returncode == 2
    assert run(tmp_path, "play", str(bank), "--retention", "2").returncode == 2
    assert run(tmp_path, "play", "--no-such-option").returncode == 2
    helped = run(tmp_path, "play", "--help")
    assert helped.returncode == 0 and "Example: quizgen play" in helped.stdout


def test_bad_clock_override_is_a_clean_error(tmp_path: Path, bank: Path) -> None:
    proc = run(tmp_path, "play", str(bank), "--state", str(tmp_path / "s.db"), QUIZGEN_NOW="tomorrow")
    assert proc.returncode == 1
    assert "QUIZGEN_NOW must be an ISO 8601 time" in proc.stderr


# The pieces of the interface, without a terminal.


def mcq(distractors: tuple[str, ...], pinned: tuple[str, ...] = ()) -> Mcq:
    options = tuple(map(Option, distractors))
    return Mcq(deck="D", topic="T", id="q", prompt="p", answer=Option("a"), distractors=options, pinned=pinned)


def cloze(prompt: str) -> Cloze:
    pieces, problems = parse_cloze(prompt)
    assert not problems, problems
    return Cloze(deck="D", topic="T", id="q", pieces=pieces)


def test_parse_choice_and_choices() -> None:
    assert parse_choice("2", 4) == 1
    assert parse_choice(" B) ", 4) == 1
    assert parse_choice("5", 4) is None
    assert parse_choice("e", 4) is None
    assert parse_choice("nmda receptor", 2, ["GABA", "NMDA  Receptor"]) == 1
    assert parse_choices("1 3", 4) == {0, 2}
    assert parse_choices("a,c", 4) == {0, 2}
    assert parse_choices("ac", 4) == {0, 2}
    assert parse_choices("13", 4) == {0, 2}
    assert parse_choices("1 9", 4) is None
    assert parse_choices("  ", 4) is None
    assert parse_choices("gaba, nmda", 3, ["NMDA", "GABA", "Mu"]) == {0, 1}
    assert parse_choices("Mu", 3, ["NMDA", "GABA", "Mu"]) == {2}  # not letters a-c: an option's text


def test_parse_truefalse_and_rating() -> None:
    assert [parse_truefalse(w) for w in ("t", "True", "y", "yes", "f", "NO", "false", "n", "x")] == [
        True, True, True, True, False, False, False, False, None,
    ]  # fmt: skip
    assert parse_rating("", Rating.AGAIN) is Rating.AGAIN
    assert parse_rating("4", Rating.AGAIN) is Rating.EASY
    assert parse_rating("hard", Rating.GOOD) is Rating.HARD
    assert parse_rating("5", Rating.GOOD) is None


def test_options_shuffle_is_stable_and_keeps_pinned_last() -> None:
    q = mcq(("b", "c", "d", "e", "None of the above"), pinned=("None of the above",))
    first = q.shuffled_options("")
    assert first == q.shuffled_options("")
    assert first[-1] == Option("None of the above")
    assert sorted(o.text for o in first) == ["None of the above", "a", "b", "c", "d", "e"]
    assert sum(q.is_right(o) for o in first) == 1 and q.is_right(Option("a"))
    orders = {q.shuffled_options(str(seed)) for seed in range(20)}
    assert len(orders) > 1 and all(order[-1] == Option("None of the above") for order in orders)


def test_cloze_text_blanks_one_deletion_and_escapes_markup() -> None:
    from rich.text import Text

    q = cloze("A {{c1::[b]x[/b]}} and {{c2::y::hint}} and {{c1::z}}")
    assert q.deletions == (Deletion(1, "[b]x[/b]", None), Deletion(2, "y", "hint"), Deletion(1, "z", None))

    assert Text.from_markup(cloze_markup(q, 1, reveal=False)).plain == "A [...] and y and [...]"
    assert Text.from_markup(cloze_markup(q, 2, reveal=False)).plain == "A [b]x[/b] and [hint] and z"
    assert Text.from_markup(cloze_markup(q, 2, reveal=True)).plain == "A [b]x[/b] and y and z"
    assert check_cloze(q, 1, "[B]X[/b], z").outcome == "right"
    assert check_cloze(q, 1, "x").outcome != "right"


def test_plain_play_lines_skip_typer_and_the_rest_do_not() -> None:
    argv = ["q", "--state=s.db", "--topic", "A", "--tag", "t", "--topic", "B", "--new", "5", "--cram"]
    assert parse_fast(PLAY, argv) == {
        "paths": [Path("q")],
        "state": Path("s.db"),
        "topic": ["A", "B"],
        "tag": ["t"],
        "new": 5,
        "retention": 0.9,
        "cram": True,
        "ids": None,
    }
    assert parse_fast(PLAY, []) == {"paths": None, "state": None, "topic": None, "tag": None, "new": 20,
                                    "retention": 0.9, "cram": False, "ids": None}  # fmt: skip
    odd_lines = (["--help"], ["--new", "-1"], ["--retention", "1.5"], ["--state"], ["--x"], ["--new", "1e3"],
                 ["--cram=yes"], ["--tag"], [""])  # fmt: skip
    for odd in odd_lines:
        assert parse_fast(PLAY, odd) is None, odd


PLAIN_PLAY_LINES = [
    [],
    ["q"],
    ["q1", "q2/sub folder", "one.yaml"],
    ["-"],
    ["--state", "s.db"],
    ["--state=s.db", "q"],
    ["q", "--state", "dir/with space.db", "--state", "later.db"],
    ["q", "--topic", "A", "--topic", "Deck::Some topic"],
    ["--tag", "pharmacology", "--tag=x y", "q", "--topic", "A"],
    ["--topic=A", "--topic", "b", "q"],
    ["--new", "0"],
    ["--new=7", "q"],
    ["--new", "007"],
    ["--retention", "0.85"],
    ["--retention=.95"],
    ["--retention", "0.7", "--retention", "0.99"],
    ["--cram"],
    ["q", "--cram", "--new", "3"],
    ["--", "q"],
    ["--state", "s.db", "--", "--cram", "-odd", "q"],
    ["q", "--state=s.db", "--topic", "A", "--topic", "B", "--new", "5", "--retention", "0.8", "--cram", "--", "r"],
]


@pytest.mark.parametrize("argv", PLAIN_PLAY_LINES, ids=lambda argv: " ".join(argv) or "(none)")
def test_fast_play_parsing_gives_the_command_what_typer_gives_it(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer.testing

    import quizgen.cli
    import quizgen.commands
    import quizgen.main

    calls: list[dict[str, object]] = []

    def fake_play(paths: list[Path] | None, env: object, **options: object) -> list[str]:
        calls.append({"paths": paths, **options})
        return []

    monkeypatch.setattr(quizgen.commands, "play", fake_play)
    assert parse_fast(PLAY, argv) is not None, f"{argv} should take the fast path"
    monkeypatch.setattr(sys, "argv", ["quizgen", "play", *argv])
    with pytest.raises(SystemExit) as exit_status:
        quizgen.main.main()  # the console script: the fast path
    assert exit_status.value.code == 0
    result = typer.testing.CliRunner().invoke(quizgen.cli.app, ["play", *argv])
    assert result.exit_code == 0, result.output
    fast, typed = calls
    assert fast == typed
    assert isinstance(fast["selection"], Selection)


def test_typed_and_cloze_answers_are_checked_against_the_text_shown_not_its_markdown(tmp_path: Path) -> None:
    bank = tmp_path / "md.yaml"
    bank.write_text(
        "deck: D\ntopic: T\nquestions:\n"
        "  - {id: salt, type: typed, prompt: Table salt?, answer: '`NaCl`'}\n"
        "  - {id: ion, type: cloze, prompt: 'Less {{c1::**calcium**}} enters.'}\n"
    )
    state = tmp_path / "state.db"
    out = run(tmp_path, "play", str(bank), "--state", str(state), stdin="nacl\n\ncalcium\n\n").stdout
    assert out.count("Right") == 2 and "Wrong" not in out


@pytest.mark.parametrize("typed", ["Intrathecal.", "the intrathecal"])
def test_play_judges_a_typed_answer_as_the_anki_card_does(tmp_path: Path, typed: str) -> None:
    from quizgen.judge import Outcome, judge

    assert judge(typed, "intrathecal").outcome is Outcome.RIGHT
    bank = tmp_path / "typed.yaml"
    bank.write_text("deck: D\ntopic: T\nquestions:\n  - {id: r, type: typed, prompt: Route?, answer: intrathecal}\n")
    out = run(tmp_path, "play", str(bank), "--state", str(tmp_path / "s.db"), stdin=f"{typed}\n\n").stdout
    assert "Right" in out and "Wrong" not in out, out


def test_an_mcq_with_more_options_than_letters_plays_and_prints(tmp_path: Path) -> None:
    distractors = ", ".join(f"d{i}" for i in range(29))
    bank = tmp_path / "many.yaml"
    bank.write_text(f"deck: D\ntopic: T\nquestions:\n  - {{id: m, type: mcq, prompt: Pick, answer: right, "
                    f"distractors: [{distractors}]}}\n")  # fmt: skip
    played = run(tmp_path, "play", str(bank), "--state", str(tmp_path / "s.db"), stdin="right\n\n")
    assert played.returncode == 0 and "Right" in played.stdout, played.stderr
    printed = run(tmp_path, "print", str(bank), "-o", str(tmp_path / "many.html"))
    assert printed.returncode == 0, printed.stderr
    assert ">AD</span>" in (tmp_path / "many.html").read_text()  # the 30th option's letter


# Typed and cloze answers: right, close (a typo) or wrong, as quizgen.judge marks them, with a diff.

TYPED_BANK = """\
deck: Baclofen
topic: Dosing
questions:
  - id: route
    type: typed
    prompt: Name the route of the pump (one word).
    answer: intrathecal
    accept: [IT]
"""


def answers_kept(state: Path) -> list[tuple[str, int, int, str | None, str | None]]:
    """(question id, cloze number, rating, answer JSON, verdict) of every review, in order."""
    db = sqlite3.connect(state)
    rows: list[tuple[str, int, int, str | None, str | None]] = db.execute(
        "SELECT qid, ord, rating, answer, verdict FROM review_log ORDER BY id"
    ).fetchall()
    db.close()
    return rows


def one_file_bank(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_typed_answer_close_wrong_and_right_on_a_plain_terminal(tmp_path: Path) -> None:
    play = Play(tmp_path, one_file_bank(tmp_path, TYPED_BANK))  # TERM=dumb: no colour
    play.answer(r"Type your answer", "intrathecl")
    close = play.answer(RATE, "")
    assert "\u2248 Close: a typo \u00b7 expected: intrathecal (also accepted: IT)" in close
    assert "you typed: intrathec{+a+}l" in close  # the missing letter, marked without colour
    assert "Enter to accept Hard" in close
    play.answer(r"Type your answer", "oral")
    wrong = play.answer(RATE, "")
    assert "\u2717 Wrong \u00b7 expected: intrathecal" in wrong
    assert "you typed: [-o-]{+int+}ra{+theca+}l" in wrong
    assert "Enter to accept Again" in wrong
    play.answer(r"Type your answer", "it")
    right = play.answer(RATE, "")
    assert "\u2713 Right (as \u201cIT\u201d) \u00b7 expected: intrathecal" in right
    assert "you typed" not in right and "Enter to accept Good" in right
    play.answer(r"\(q quits\)", "q")
    play.finish()
    assert play.child.exitstatus == 0
    assert answers_kept(play.state) == [
        ("route", 0, 2, '{"typed": "intrathecl"}', "close"),
        ("route", 0, 1, '{"typed": "oral"}', "wrong"),
        ("route", 0, 3, '{"typed": "it"}', "right"),
    ]


def test_typed_answer_diff_in_colour_and_with_no_color(tmp_path: Path) -> None:
    bank = one_file_bank(tmp_path, TYPED_BANK)
    coloured = Play(tmp_path, bank, TERM="xterm-256color")
    coloured.answer(r"Type your answer", "intrathecl")
    coloured.child.expect(RATE)
    raw = str(coloured.child.before)
    assert re.search(r"\x1b\[[0-9;]*43ma\x1b\[0m", raw), raw  # the missing "a", on yellow
    assert "{+" not in raw and "you typed: intrathecal" in ANSI.sub("", raw)
    coloured.child.sendline("q")
    coloured.finish()

    plain = Play(tmp_path, bank, TERM="xterm-256color", NO_COLOR="1")
    plain.answer(r"Type your answer", "intrathecl")
    plain.child.expect(RATE)
    raw = str(plain.child.before)
    assert "43m" not in raw
    assert "you typed: intrathec{+a+}l ([-x-] typed but not expected, {+y+} missing)" in ANSI.sub("", raw)
    plain.child.sendline("q")
    plain.finish()


CLOZE_BANK = """\
deck: Baclofen
topic: Mechanism
questions:
  - id: tone
    type: cloze
    prompt: "Baclofen reduces {{c1::spasticity}}, not synaptic {{c2::plasticity}}."
    accept:
      c2: [neuroplasticity]
"""


def test_cloze_another_deletions_answer_is_wrong_even_if_close_and_a_typo_is_close(tmp_path: Path) -> None:
    play = Play(tmp_path, one_file_bank(tmp_path, CLOZE_BANK))
    play.answer(r"Type the missing text", "plasticity")  # c1, with c2's answer: one letter from "spasticity"
    wrong = play.answer(RATE, "")
    assert "\u2717 Wrong \u00b7 answer: spasticity" in wrong
    assert "you typed: {+s+}p[-l-]asticity" in wrong and "Enter to accept Again" in wrong
    play.answer(r"Type the missing text", "plastisity")  # c2, a typo
    close = play.answer(RATE, "")
    assert "\u2248 Close: a typo \u00b7 answer: plasticity" in close
    assert "you typed: plasti[-s-]{+c+}ity" in close and "Enter to accept Hard" in close
    play.answer(r"Type the missing text", "q")
    play.finish()
    assert answers_kept(play.state) == [
        ("tone", 1, 1, '{"typed": "plasticity"}', "wrong"),
        ("tone", 2, 2, '{"typed": "plastisity"}', "close"),
    ]


# Reasons after an mcq or multi answer.

REASONS_BANK = """\
deck: Baclofen
topic: Mechanism
questions:
  - id: receptor-target
    type: mcq
    prompt: Baclofen is an agonist at which receptor?
    answer:
      text: GABA-B receptor
      why: A G-protein-coupled receptor.
    distractors:
      - text: GABA-A receptor
        why: The chloride channel where benzodiazepines act.
      - text: NMDA receptor
        why: A glutamate receptor that ketamine blocks.
      - Mu-opioid receptor
  - id: effects
    type: multi
    prompt: Which are common side effects?
    answer:
      - {text: Drowsiness, why: It depresses the central nervous system.}
      - {text: Dizziness, why: Common when the dose goes up.}
    distractors:
      - {text: Hair growth, why: That is minoxidil.}
      - Improved night vision
"""


def lines_with(screen: str, *texts: str) -> list[int]:
    """The line number of the first line holding each text (-1 if none)."""
    lines = screen.splitlines()
    return [next((i for i, line in enumerate(lines) if text in line), -1) for text in texts]


def test_reasons_of_the_picked_and_the_right_options_a_wrong_pick_first(tmp_path: Path) -> None:
    play = Play(tmp_path, one_file_bank(tmp_path, REASONS_BANK))
    mcq = play.wait(r"Your answer: 1-4")
    play.child.sendline(option_number(mcq, "GABA-A receptor"))
    shown = play.answer(RATE, "")
    wrong_why, right_why = lines_with(
        shown,
        "\u2717 GABA-A receptor: The chloride channel where benzodiazepines act.",
        "\u2713 GABA-B receptor: A G-protein-coupled receptor.",
    )
    assert 0 <= wrong_why < right_why, shown
    assert "ketamine" not in shown  # neither picked nor right
    multi = play.wait(r"Pick all that apply")
    play.child.sendline(f"{option_number(multi, 'Drowsiness')} {option_number(multi, 'Hair growth')}")
    shown = play.answer(RATE, "")
    hair, drowsy, dizzy = lines_with(
        shown,
        "\u2717 Hair growth: That is minoxidil.",
        "\u2713 Drowsiness: It depresses the central nervous system.",
        "\u2713 Dizziness: Common when the dose goes up.",  # right, though not picked
    )
    assert 0 <= hair < min(drowsy, dizzy) and drowsy >= 0 and dizzy >= 0, shown
    mcq = play.wait(r"Your answer: 1-4")  # the mcq again (a learning step): right this time
    play.child.sendline(option_number(mcq, "GABA-B receptor"))
    shown = play.answer(RATE, "q")
    assert "\u2713 GABA-B receptor: A G-protein-coupled receptor" in shown
    assert "chloride channel" not in shown
    play.finish()
    kept = answers_kept(play.state)
    assert kept[0] == ("receptor-target", 0, 1, '{"picked": ["GABA-A receptor"]}', "wrong")
    assert kept[1][:3] == ("effects", 0, 1) and kept[1][4] == "wrong"
    assert kept[1][3] is not None and sorted(json.loads(kept[1][3])["picked"]) == ["Drowsiness", "Hair growth"]
    assert len(kept) == 2  # quit at the third rating: not recorded


# Images in every text a card shows.

FIGURE = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="#36c"/></svg>'
IMAGES_BANK = """\
deck: Figures
topic: Structures
questions:
  - id: figure
    prompt: "Which drug is drawn here? ![structure of baclofen](images/fig.svg)"
    answer: "Baclofen ![answer figure](images/fig.svg)"
    explanation: "Compare ![explanation figure](images/fig.svg)"
  - id: pick
    type: mcq
    prompt: "Which figure is baclofen?"
    answer: {text: "![option figure](images/fig.svg)", why: "It has ![reason figure](images/fig.svg)"}
    distractors: [Neither]
  - id: gap
    type: cloze
    prompt: "![cloze figure](images/fig.svg) shows {{c1::baclofen}}."
  - id: statement
    type: truefalse
    prompt: "![statement figure](images/fig.svg) is baclofen."
    answer: true
"""


def flat(text: str) -> str:
    """Spacing collapsed: a dumb terminal is 80 columns wide to rich, which breaks long lines at spaces."""
    return " ".join(text.split())


def test_images_show_as_alt_text_and_path_in_every_text(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "fig.svg").write_text(FIGURE, encoding="utf-8")
    (folder / "figures.yaml").write_text(IMAGES_BANK, encoding="utf-8")
    path = "figures/images/fig.svg"  # as the bank was named on the command line
    play = Play(tmp_path, Path("figures"), cwd=tmp_path)
    shown = flat(play.answer(r"Enter to show", ""))
    assert f"Which drug is drawn here? [image: structure of baclofen] {path}" in shown
    shown = flat(play.answer(RATE, ""))
    assert f"Answer: Baclofen [image: answer figure] {path}" in shown
    assert f"Compare [image: explanation figure] {path}" in shown
    assert f") [image: option figure] {path}" in flat(play.wait(r"Your answer"))
    play.child.sendline("Neither")
    shown = flat(play.answer(RATE, ""))
    assert f"[image: option figure] {path}: It has [image: reason figure] {path}" in shown
    assert f"[image: cloze figure] {path} shows [...]." in flat(play.answer(r"Type the missing text", "baclofen"))
    assert f"[image: cloze figure] {path} shows baclofen." in flat(play.answer(RATE, ""))
    assert f"[image: statement figure] {path} is baclofen." in flat(play.answer(r"True or false", "t"))
    play.answer(RATE, "")
    play.answer(r"\(q quits\)", "q")
    play.finish()
    assert play.child.exitstatus == 0


def test_images_are_links_on_a_terminal_that_takes_them(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "fig.svg").write_text(FIGURE, encoding="utf-8")
    (folder / "figures.yaml").write_text(IMAGES_BANK, encoding="utf-8")
    play = Play(tmp_path, folder, TERM="xterm-256color")
    play.child.expect(r"Enter to show")
    raw = str(play.child.before)
    assert "\x1b]8;id=" in raw and f";{(folder / 'images' / 'fig.svg').as_uri()}\x1b\\" in raw  # OSC 8
    play.child.sendline("q")
    play.finish()


# --tag narrows a real session, and stats with it.


def test_tag_narrows_a_session_and_its_stats(tmp_path: Path, bank: Path) -> None:
    tagged = BANK.replace("    type: truefalse\n", "    type: truefalse\n    tags: [Alcohol]\n")
    tagged = tagged.replace("    type: typed\n", "    type: typed\n    tags: [alcohol, route]\n")
    (bank / "baclofen.yaml").write_text(tagged, encoding="utf-8")
    play = Play(tmp_path, bank, "--tag", "ALCOHOL")
    assert "0 due, 2 new (of 2 cards;" in play.answer(r"True or false\?", "t")
    play.answer(RATE, "")
    play.answer(r"Type your answer", "intrathecal")
    play.answer(RATE, "")
    play.answer(r"\(q quits\)", "q")
    screen = play.finish()
    assert "Session: 2 answers on 2 cards" in screen
    assert [q for q, _, _, _ in log(play.state)] == ["cns-depressant", "route"]
    narrowed = run(tmp_path, "stats", str(bank), "--state", str(play.state), "--tag", "route")
    assert "Cards: 1 \u00b7 new 0 \u00b7 learning 1 \u00b7 review 0" in narrowed.stdout, narrowed.stdout
    everything = run(tmp_path, "stats", str(bank), "--state", str(play.state))
    assert "Cards: 7 \u00b7 new 5 \u00b7 learning 2 \u00b7 review 0" in everything.stdout


def test_the_child_runs_this_trees_quizgen(tmp_path: Path) -> None:
    probe = subprocess.run(
        [sys.executable, "-c", "import quizgen; print(quizgen.__file__)"],
        capture_output=True, text=True, env=environment(tmp_path), timeout=60,
    )  # fmt: skip
    assert Path(probe.stdout.strip()).resolve() == ROOT / "quizgen" / "__init__.py"


# The judge wiring, without a terminal.


def typed(answer: str, *accept: str) -> Typed:
    return Typed(deck="D", topic="T", id="t", prompt="p", answer=answer, accept=accept)


def cloze_accepting(prompt: str, **accept: list[str]) -> Cloze:
    pieces, problems = parse_cloze(prompt)
    assert not problems, problems
    numbered = tuple((int(name[1:]), tuple(texts)) for name, texts in accept.items())
    return Cloze(deck="D", topic="T", id="c", pieces=pieces, accept=numbered)


def outcome(verdict: Verdict) -> tuple[str, str, str]:
    return str(verdict.outcome), verdict.expected, diff_plain(verdict.diff)


def test_typed_answers_are_marked_by_the_shared_judge_on_the_text_shown() -> None:
    q = typed("**GABA-B** receptor", "GABA(B)")
    assert outcome(check_typed(q, "gaba-b receptor")) == ("right", "GABA-B receptor", "")
    assert outcome(check_typed(q, "the GABA-B receptor.")) == ("right", "GABA-B receptor", "")
    assert outcome(check_typed(q, "GABA-B receptr")) == ("close", "GABA-B receptor", "GABA-B recept{+o+}r")
    assert outcome(check_typed(q, "GABA-A receptor"))[0] == "wrong"  # a letter that carries meaning
    assert outcome(check_typed(q, "gaba(b)")) == ("right", "GABA(B)", "")
    assert [proposed_rating(o) for o in (Outcome.RIGHT, Outcome.CLOSE, Outcome.WRONG)] == [
        Rating.GOOD,
        Rating.HARD,
        Rating.AGAIN,
    ]


def test_another_deletions_answer_is_wrong_for_a_cloze_even_when_close() -> None:
    q = cloze_accepting("{{c1::ilium}} or {{c2::ileum}} or {{c3::spasticity}}")
    assert check_typed(typed("ileum"), "ilium").outcome == "close"  # alone, a typo ...
    assert outcome(check_cloze(q, 1, "ileum")) == ("wrong", "ilium", "il[-e-]{+i+}um")
    assert check_cloze(q, 1, "ileun").outcome == "wrong"  # ... nearer c2 than c1
    assert check_cloze(q, 1, "iluim").outcome == "close"
    assert check_cloze(q, 3, "spastcity").outcome == "close"
    assert check_cloze(q, 3, "ileum").outcome == "wrong"


def test_cloze_accept_and_deletions_that_share_a_text() -> None:
    q = cloze_accepting("{{c1::GIRK}} channels, {{c2::Kir3}} and {{c3::GIRK}}", c1=["Kir3", "GIRK potassium"])
    assert check_cloze(q, 1, "girk potassium").outcome == "right"
    assert check_cloze(q, 1, "Kir3").outcome == "right"  # c1 accepts c2's text: accepted wins
    assert check_cloze(q, 2, "Kir3").outcome == "right"
    assert check_cloze(q, 2, "GIRK").outcome == "wrong"
    assert check_cloze(q, 3, "GIRK").outcome == "right"  # c1 holds the same text: not "another's answer"


def test_a_number_with_several_deletions_takes_its_parts_separated_by_commas() -> None:
    q = cloze_accepting("{{c1::dopamine}} and {{c1::serotonin}}, not {{c2::histamine}}")
    assert check_cloze(q, 1, "Dopamine, serotonin").outcome == "right"
    assert check_cloze(q, 1, "dopamine serotonin").outcome == "right"
    assert outcome(check_cloze(q, 1, "dopamine,serotnin")) == (
        "close",
        "dopamine, serotonin",
        "dopamine, serot{+o+}nin",
    )
    assert check_cloze(q, 1, "dopamine, histamine").outcome == "wrong"
    assert check_cloze(q, 1, "dopamine").outcome == "wrong"
    same = cloze_accepting("{{c1::baclofen}} is {{c1::baclofen}}")
    assert check_cloze(same, 1, "baclofen").outcome == "right"
    assert check_cloze(same, 1, "baclofen, baclofen").outcome == "right"


def test_diff_markup_marks_without_colour_and_styles_with_it() -> None:
    from rich.style import Style
    from rich.text import Text

    pieces = (("same", "intrathec"), ("missing", "a"), ("same", "l"), ("extra", "[b]"))
    plain = diff_markup(pieces, colour=False)
    assert Text.from_markup(plain).plain == "intrathec{+a+}l[-[b]-]"
    coloured = Text.from_markup(diff_markup(pieces, colour=True))
    assert coloured.plain == "intrathecal[b]"
    styles = {coloured.plain[span.start : span.end]: Style.parse(str(span.style)) for span in coloured.spans}
    wanted = {"intrathec": "green", "a": DIFF_STYLES["missing"], "l": "green", "[b]": DIFF_STYLES["extra"]}
    assert styles == {text: Style.parse(style) for text, style in wanted.items()}


NUMERIC_BANK = """\
deck: Baclofen
topic: Dosing
questions:
  - id: half-life
    type: numeric
    prompt: The elimination half-life of oral baclofen, in hours?
    answer: 3.5
    tolerance: 0.5
    unit: h
"""


def test_a_number_is_judged_with_its_tolerance_unit_and_the_ambiguity_hint(tmp_path: Path) -> None:
    play = Play(tmp_path, one_file_bank(tmp_path, NUMERIC_BANK))
    asked = play.answer(r"Type the number, in h \(q quits\)", "1,000")
    assert "The elimination half-life of oral baclofen, in hours?" in asked
    hint = play.answer(RATE, "")
    assert "\u2717 Wrong \u00b7 answer: 3.5 h (3 to 4 h)" in hint
    assert "a comma before exactly three digits is ambiguous: write 1000" in hint
    assert "Enter to accept Again" in hint and "you typed" not in hint
    play.answer(r"Type the number", "4 hours")
    unit = play.answer(RATE, "")
    assert "\u2717 Wrong \u00b7 answer: 3.5 h (3 to 4 h)" in unit
    play.answer(r"Type the number", "4h")
    right = play.answer(RATE, "")
    assert "\u2713 Right \u00b7 answer: 3.5 h (3 to 4 h)" in right and "Enter to accept Good" in right
    play.answer(r"\(q quits\)", "q")
    play.finish()
    assert play.child.exitstatus == 0
    assert answers_kept(play.state) == [
        ("half-life", 0, 1, '{"typed": "1,000"}', "wrong"),
        ("half-life", 0, 1, '{"typed": "4 hours"}', "wrong"),
        ("half-life", 0, 3, '{"typed": "4h"}', "right"),
    ]


POOLED = """\
deck: Cells
topic: Division
questions:
  - {id: phase-a, prompt: First phase?, answer: Prophase, pool: phase}
  - {id: phase-b, prompt: Chromosomes line up in?, answer: Metaphase, pool: phase}
  - {id: phase-c, prompt: Sister chromatids part in?, answer: Anaphase, pool: phase}
  - {id: wall, prompt: What do plant cells have that animal cells lack?, answer: A cell wall}
  - {id: nucleus, prompt: Where is DNA kept?, answer: The nucleus}
  - {id: organelle-a, prompt: Powerhouse of the cell?, answer: Mitochondrion, pool: organelle}
  - {id: organelle-b, prompt: Where are proteins made?, answer: Ribosome, pool: organelle}
"""
#: The bank's order spread so that no two members of a pool meet; otherwise as written.
SPREAD = ["phase-a", "wall", "phase-b", "nucleus", "organelle-a", "phase-c", "organelle-b"]


def test_members_of_a_pool_never_come_one_after_the_other(tmp_path: Path) -> None:
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "cells.yaml").write_text(POOLED, encoding="utf-8")
    orders = []
    for attempt in ("one", "two"):
        state = tmp_path / f"{attempt}.db"
        proc = run(tmp_path, "play", str(tmp_path / "questions"), "--state", str(state), stdin="\n4\n" * 7)
        assert proc.returncode == 0, proc.stderr
        orders.append([qid for qid, _, _, _ in log(state)])
    assert orders[0] == orders[1] == SPREAD  # the same session for the same bank
    cram = run(tmp_path, "play", str(tmp_path / "questions"), "--cram", stdin="\n4\n" * 7)
    shown = [line for line in cram.stdout.splitlines() if line.rstrip().endswith("?")]
    assert [p.split("?")[0] for p in shown][:2] == ["First phase", "What do plant cells have that animal cells lack"]


def test_spreading_pools_keeps_the_order_where_it_can() -> None:
    from quizgen.play import spread_pools

    def cards(pools: str) -> dict[tuple[str, str, int], Any]:
        return {("D", f"q{i}", 0): SimpleNamespace(deck="D", pool=None if p == "-" else p) for i, p in enumerate(pools)}

    def order(pools: str) -> str:
        by_key = cards(pools)
        return "".join(pools[int(k[1][1:])] for k in spread_pools(by_key, by_key))

    assert order("aaa--bb") == "a-a-bab"
    assert order("-----") == "-----"
    assert order("aab") == "aba"
    assert order("aaaa") == "aaaa"  # nothing else to put between them
    assert order("aabb") == "abab"


# Figures drawn in the terminal: the test plays a terminal that answers the query as kitty, iTerm2 or a sixel
# terminal would, and reads back the picture the program sent.

KITTY_REPLY = "\x1b_Gi=31;OK\x1b\\\x1b[?62;22c"
ITERM2_REPLY = "\x1bP>|iTerm2 3.5.10\x1b\\\x1b[?62;4;22c"
SIXEL_REPLY = "\x1b[?62;4;22c"
PLAIN_REPLY = "\x1b[?62;22c"


def figure_session(tmp_path: Path, reply: str, figure: str = FIGURE) -> tuple[Play, str]:
    """A session on a terminal that answers the graphics query with ``reply``; what came before the first prompt."""
    folder = tmp_path / "figures"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "fig.svg").write_text(figure, encoding="utf-8")
    (folder / "figures.yaml").write_text(IMAGES_BANK, encoding="utf-8")
    play = Play(tmp_path, folder, TERM="xterm-256color")
    play.child.expect_exact("\x1b[c")  # the last of the questions: the terminal answers now
    assert "\x1b_Gi=31,s=1,v=1,a=q" in str(play.child.before)
    play.child.send(reply)
    play.child.expect(r"Enter to show")
    return play, str(play.child.before)


def quit_session(play: Play) -> None:
    play.child.sendline("q")
    play.finish()
    assert play.child.exitstatus == 0


def test_a_kitty_terminal_gets_the_figure_as_png(tmp_path: Path) -> None:
    from io import BytesIO

    from PIL import Image

    play, raw = figure_session(tmp_path, KITTY_REPLY)
    chunks = re.findall(r"\x1b_G([^;]*);([^\x1b]*)\x1b\\", raw)
    assert chunks and chunks[0][0].startswith("a=T,f=100,") and chunks[-1][0].endswith("m=0")
    picture = Image.open(BytesIO(base64_join(data for _, data in chunks)))
    assert picture.format == "PNG" and picture.size == (4, 4)
    assert picture.convert("RGB").getpixel((1, 1)) == (0x33, 0x66, 0xCC)  # the SVG's blue, rasterised
    assert "[image: structure of baclofen]" in ANSI.sub("", raw)  # the alt text and link stay
    quit_session(play)


def test_an_iterm2_terminal_gets_an_inline_image(tmp_path: Path) -> None:
    from io import BytesIO

    from PIL import Image

    play, raw = figure_session(tmp_path, ITERM2_REPLY)
    found = re.search(r"\x1b\]1337;File=inline=1;size=([0-9]+);[^:]*:([A-Za-z0-9+/=]+)\x07", raw)
    assert found
    png = base64_join([found.group(2)])
    assert len(png) == int(found.group(1)) and Image.open(BytesIO(png)).size == (4, 4)
    assert "\x1bPq" not in raw  # iTerm2's own protocol, not its sixel
    quit_session(play)


def test_a_sixel_terminal_gets_sixels(tmp_path: Path) -> None:
    play, raw = figure_session(tmp_path, SIXEL_REPLY)
    found = re.search(r'\x1bPq"1;1;4;4(#[0-9]+;2;([0-9]+);([0-9]+);([0-9]+))([^\x1b]*)\x1b\\', raw)
    assert found, repr(raw)
    assert (found.group(2), found.group(3), found.group(4)) == ("20", "40", "80")  # #36c in sixel's percent
    assert found.group(5).startswith("#") and found.group(5).endswith("-")  # one band of 4 rows
    quit_session(play)


def test_a_terminal_that_reports_no_graphics_keeps_the_alt_text(tmp_path: Path) -> None:
    play, raw = figure_session(tmp_path, PLAIN_REPLY)
    assert "\x1b_Ga=" not in raw and "\x1b]1337" not in raw and "\x1bPq" not in raw
    assert "[image: structure of baclofen]" in ANSI.sub("", raw)
    quit_session(play)


def test_a_dumb_terminal_is_not_asked(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "fig.svg").write_text(FIGURE, encoding="utf-8")
    (folder / "figures.yaml").write_text(IMAGES_BANK, encoding="utf-8")
    play = Play(tmp_path, folder)
    play.child.expect(r"Enter to show")
    assert "\x1b_G" not in str(play.child.before) and "\x1b[c" not in str(play.child.before)
    quit_session(play)


def base64_join(parts: Any) -> bytes:
    import base64

    return base64.b64decode("".join(parts))


def test_a_session_is_the_same_without_the_index_cold_and_warm(tmp_path: Path, bank: Path) -> None:
    """A warm start reads only the card list from the index, and each question when shown: nothing else changes."""
    answers = ["", "3", "GABA-B receptor", "", "1 2 3", "2", "true", "", "spasticity", "", "", "4", "intrathecal", ""]
    seen = []
    for n, no_cache in enumerate(["1", "0", "0", "0"]):  # without the index, then an empty one, then warm twice
        state = tmp_path / f"state-{n}.db"
        stdin = "\n".join(answers) + "\n"
        proc = run(tmp_path, "play", str(bank), "--state", str(state), stdin=stdin, QUIZGEN_NO_CACHE=no_cache)
        assert proc.returncode == 0, proc.stderr
        seen.append((proc.stdout.replace(str(state), "STATE"), log(state)))
    assert seen[0] == seen[1] == seen[2] == seen[3]
    mark_index(tmp_path / "cache", "Shown from the index")  # proves the warm start reads its questions there
    proc = run(tmp_path, "play", str(bank), "--state", str(tmp_path / "marked.db"), stdin="q\n")
    assert "Shown from the index" in proc.stdout
    # a learner's choice of topic or tag, or an edit, reads the bank itself
    bank_file = bank / "baclofen.yaml"
    bank_file.write_text(bank_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    proc = run(tmp_path, "play", str(bank), "--state", str(tmp_path / "edited.db"), stdin="q\n")
    assert "Shown from the index" not in proc.stdout and proc.returncode == 0


def test_a_due_time_quizgen_cannot_read_stops_play_cleanly_and_keeps_the_answers_given(
    tmp_path: Path, bank: Path
) -> None:
    """The first card comes from a few rows; a bad row further down the queue is refused when the rest is read."""
    from quizgen.scheduler import CardState, Phase
    from quizgen.state import open_state

    state = tmp_path / "state.db"
    keys = [("Baclofen", "what-is", 0), ("Baclofen", "route", 0), ("Baclofen", "effects", 0)]
    with open_state(state) as store:
        for hours, key in enumerate(keys):
            due = CardState(Phase.REVIEW, None, 5.0, 5.0, T0 - timedelta(hours=10 - hours), T0 - timedelta(days=3))

            def fixed(_before: CardState | None, due: CardState = due) -> CardState:
                return due

            store.record(key, Rating.GOOD, T0 - timedelta(days=3), 1000, fixed)
    db = sqlite3.connect(state)
    db.execute("UPDATE cards SET due = '2026-01-05~soon' WHERE qid = 'effects'")  # sorts after the others
    db.commit()
    db.close()
    proc = run(tmp_path, "play", str(bank), "--state", str(state), "--new", "0", stdin="\n\n")
    assert "What kind of drug is baclofen?" in proc.stdout  # the first card was shown and answered
    assert proc.returncode == 1, proc.stdout
    assert proc.stderr.startswith(f"error: the progress file {state} holds a value quizgen cannot read"), proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    with open_state(state) as store:
        assert store.review_count() == 4  # the answer given was kept


class _Answers(io.StringIO):
    """Answers typed in, noting whether the garbage collector ran while the session waited for each."""

    collecting: list[bool]

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        self.collecting.append(gc.isenabled())
        return super().readline(size)


class _Screen(io.StringIO):
    """The session's output, noting whether the garbage collector could run as each piece was written."""

    collecting: list[bool]

    def write(self, text: str) -> int:
        self.collecting.append(gc.isenabled())
        return super().write(text)


@pytest.mark.parametrize("answers", ["q\n", "\n\nq\n"])
def test_the_collector_pauses_for_the_start_only(tmp_path: Path, bank: Path, answers: str) -> None:
    """The first card is shown without garbage collections; the session waits with the collector running."""
    from quizgen.commands import play
    from quizgen.env import Env

    stdin, screen = _Answers(answers), _Screen()
    stdin.collecting, screen.collecting = [], []
    env = Env({"QUIZGEN_NOW": T0.isoformat(), "QUIZGEN_CACHE_DIR": str(tmp_path / "cache")})
    assert gc.isenabled()
    play([bank], env, state=tmp_path / "state.db", selection=Selection(), new=20, retention=0.9, cram=False,
         stdin=stdin, stdout=screen)  # fmt: skip
    assert stdin.collecting and all(stdin.collecting)  # waiting for the learner, the collector runs
    assert screen.collecting[0] is False  # the first screen was made without it
    assert gc.isenabled()
    play([bank], Env({"QUIZGEN_NOW": T0.isoformat()}), state=tmp_path / "state.db", selection=Selection(), new=0,
         retention=0.9, cram=False, stdin=io.StringIO(), stdout=io.StringIO())  # fmt: skip  # nothing due: no input
    assert gc.isenabled()
