"""Writes a synthetic question bank of any size, every type mixed, for the benchmarks."""

from __future__ import annotations

import sys
from pathlib import Path

TEMPLATES = [
    "  - id: q{n}-basic\n    prompt: Why does question {n} matter for **spasticity**?\n"
    "    answer: Because baclofen acts on GABA-B receptors in the spinal cord ({n}).\n"
    "    explanation: Presynaptic inhibition reduces excitatory transmitter release.\n",
    "  - id: q{n}-mcq\n    type: mcq\n    prompt: Which receptor does agonist {n} target?\n    answer: GABA-B receptor\n"
    "    distractors: [GABA-A receptor, NMDA receptor, Glycine receptor]\n"
    "    source: \"It also binds to receptors in the brain and nervous system\"\n",
    "  - id: q{n}-multi\n    type: multi\n    prompt: Which transmitters are reduced ({n})?\n"
    "    answer: [Glutamate, Aspartate]\n    distractors: [GABA, Glycine]\n",
    "  - id: q{n}-tf\n    type: truefalse\n    prompt: Neuromuscular transmission is unaffected ({n}).\n    answer: true\n",
    "  - id: q{n}-cloze\n    type: cloze\n    prompt: Baclofen {n} reduces {{{{c1::calcium::ion}}}} entry and opens {{{{c2::GIRK}}}} channels.\n",
    "  - id: q{n}-typed\n    type: typed\n    prompt: Name the active enantiomer ({n}).\n    answer: R-baclofen\n"
    "    accept: [R-(-)-baclofen, arbaclofen]\n",
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
