"""What the benchmarks share: a synthetic question bank of any size (every type mixed), and timing a process."""

from __future__ import annotations

import compileall
import resource
import subprocess
import sys
import time
from pathlib import Path

TEMPLATES = [
    """\
  - id: q{n}-basic
    prompt: Why does question {n} matter for **spasticity**?
    answer: Because baclofen acts on GABA-B receptors in the spinal cord ({n}).
    explanation: Presynaptic inhibition reduces excitatory transmitter release.
""",
    """\
  - id: q{n}-mcq
    type: mcq
    prompt: Which receptor does agonist {n} target?
    answer: GABA-B receptor
    distractors: [GABA-A receptor, NMDA receptor, Glycine receptor]
    source: "It also binds to receptors in the brain and nervous system"
""",
    """\
  - id: q{n}-multi
    type: multi
    prompt: Which transmitters are reduced ({n})?
    answer: [Glutamate, Aspartate]
    distractors: [GABA, Glycine]
""",
    """\
  - id: q{n}-tf
    type: truefalse
    prompt: Neuromuscular transmission is unaffected ({n}).
    answer: true
""",
    """\
  - id: q{n}-cloze
    type: cloze
    prompt: Baclofen {n} reduces {{{{c1::calcium::ion}}}} entry and opens {{{{c2::GIRK}}}} channels.
""",
    """\
  - id: q{n}-typed
    type: typed
    prompt: Name the active enantiomer ({n}).
    answer: R-baclofen
    accept: [R-(-)-baclofen, arbaclofen]
""",
]


def write_bank(folder: Path, questions: int, per_file: int = 1000) -> Path:
    """``questions`` questions in files of ``per_file``, one topic each, one deck."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    file_no = 0
    while n < questions:
        parts = [f"deck: Bench\ntopic: Topic {file_no}\ntags: [bench]\nquestions:\n"]
        for _ in range(min(per_file, questions - n)):
            parts.append(TEMPLATES[n % len(TEMPLATES)].format(n=n))
            n += 1
        (folder / f"topic-{file_no:03d}.yaml").write_text("".join(parts), encoding="utf-8")
        file_no += 1
    return folder


if __name__ == "__main__":
    write_bank(Path(sys.argv[1]), int(sys.argv[2]))


def timed(cmd: list[str]) -> float:
    """Seconds one fresh process takes, from spawn to exit.

    quizgen's own modules are compiled to bytecode first, as ``pip install`` does for every package
    (and as the floor's libraries already are), so that a machine that never writes bytecode
    (``PYTHONDONTWRITEBYTECODE``) does not charge quizgen alone with compiling its source each run.
    """
    compile_quizgen()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def compile_quizgen() -> None:
    """quizgen's modules as bytecode, as an installed package has them (see :func:`timed`)."""
    import quizgen

    compileall.compile_dir(str(Path(quizgen.__file__).parent), quiet=1)


def timed_with(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh process with ``env`` (quizgen compiled to bytecode first).

    The CPU time (user + system, the kernel's count for children) is shown beside the wall time:
    on a machine shared with other jobs it moves far less than the wall clock.
    """
    compile_quizgen()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
