"""``quizgen check`` on a large bank against its floor: PyYAML's C loader alone on the same files.

Both run as fresh processes, alternately, several times; medians are compared.
Run: ``python benchmarks/bench_check.py [QUESTIONS] [REPEATS]`` (defaults 50000, 3).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bankgen import timed, write_bank  # noqa: E402

FLOOR = """
import sys, yaml
from pathlib import Path
for p in sorted(Path(sys.argv[1]).glob("*.yaml")):
    with open(p, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""


def main() -> None:
    questions = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp) / "bank", questions)
        floor_cmd = [sys.executable, "-c", FLOOR, str(bank)]
        check_cmd = [sys.executable, "-m", "quizgen", "check", str(bank)]
        floors, checks = [], []
        for _ in range(repeats):
            floors.append(timed(floor_cmd))
            checks.append(timed(check_cmd))
    floor, check = statistics.median(floors), statistics.median(checks)
    print(f"questions: {questions:,} (median of {repeats})")
    print(f"yaml.load with CSafeLoader (floor): {floor:6.2f} s")
    print(f"quizgen check:                      {check:6.2f} s")
    print(f"ratio check / floor:                {check / floor:6.2f}x  (target <= 1.5x)")


if __name__ == "__main__":
    main()
