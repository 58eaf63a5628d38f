"""``quizgen play --ids FILE`` on a real pseudo-terminal: just the listed questions, due or not, progress kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.test_play import RATE, T0, Play, bank, environment, log

__all__ = ["bank"]  # the bank fixture, shared


def test_play_ids_studies_only_the_listed_questions_due_or_not(tmp_path: Path, bank: Path) -> None:
    ids = tmp_path / "review.txt"
    ids.write_text("cns-depressant\n\nroute\n", encoding="utf-8")  # as quizgen mark writes it; a blank line is fine
    for round_ in range(2):  # the second time nothing is due, and both come again all the same
        play = Play(tmp_path, bank, "--ids", str(ids))
        play.wait(r"2 listed cards, due or not")
        seen = []
        for _ in range(2):
            screen = play.wait(r"(True or false\?|Type your answer)")
            if "True" in str(play.child.after):
                seen.append("cns-depressant")
                play.child.sendline("t")
            else:
                seen.append("route")
                play.child.sendline("intrathecal")
            play.answer(RATE, "4")  # Easy: out of today's queue
            assert "receptor-target" not in screen
        screen = play.finish()
        assert sorted(seen) == ["cns-depressant", "route"], screen
        assert play.child.exitstatus == 0, screen
        assert "Session: 2 answers" in screen
        assert sorted(qid for qid, *_ in log(play.state)) == sorted(["cns-depressant", "route"] * (round_ + 1))


def test_an_id_not_in_the_bank_is_refused_at_its_line(tmp_path: Path, bank: Path) -> None:
    ids = tmp_path / "review.txt"
    ids.write_text("route\nno-such-question\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "quizgen", "play", str(bank), "--ids", str(ids), "--state", str(tmp_path / "s.db")],
        env=environment(tmp_path, T0), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"{ids}:2: no question has the id 'no-such-question': check the bank, or remove the line"
    )
    assert not (tmp_path / "s.db").exists(), "nothing studied, nothing written"


def test_an_empty_list_has_nothing_to_study(tmp_path: Path, bank: Path) -> None:
    ids = tmp_path / "review.txt"
    ids.write_text("", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "quizgen", "play", str(bank), "--ids", str(ids), "--state", str(tmp_path / "s.db")],
        env=environment(tmp_path, T0), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and "Nothing to study" in done.stdout
