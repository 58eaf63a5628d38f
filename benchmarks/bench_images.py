"""``quizgen anki`` on a bank with figures, against a bare genanki script writing the same notes and media.

The bank: 10,000 questions (every type mixed, as ``bankgen``), of which 1,000
show one of 200 images (PNG and SVG, 20-200 KB each). Both sides run as fresh
processes, alternately, in the same run:

* ``quizgen anki BANK -o out.apkg`` with a warm cache (the bank index and the parts
  store of an earlier run: an image is checked again only when its file changed), and
  with ``QUIZGEN_NO_CACHE=1`` (every image checked: path, bytes, SVG content);
* a bare script: PyYAML's C loader, one genanki note per question with the
  ``<img>`` in its field, and ``genanki.Package(media_files=...)`` with the same files.

It also counts how often quizgen reads an image file: once per file, however
many questions show it. Run: ``python benchmarks/bench_images.py [REPEATS]`` (default 3).
Target: at most 1.3x the bare script.
"""

from __future__ import annotations

import os
import random
import statistics
import struct
import sys
import tempfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bankgen import timed_with, write_bank  # noqa: E402

QUESTIONS, SHOWING, IMAGES = 10_000, 1_000, 200

BARE_SCRIPT = """
import re, sys, yaml, genanki
from pathlib import Path
basic = genanki.Model(1607392319, "Bare basic", fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
cloze = genanki.Model(1607392320, "Bare cloze", fields=[{"name": "Text"}],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
    model_type=genanki.Model.CLOZE)
deck = genanki.Deck(2059400110, "Bench")
image = re.compile(r"!\\[([^\\]]*)\\]\\(images/([^)]+)\\)")
media = set()
def html(text):
    for alt, name in image.findall(text):
        media.add(name)
    return image.sub(lambda m: f'<img src="{m[2]}" alt="{m[1]}">', text)
root = Path(sys.argv[1])
for path in sorted(root.glob("*.yaml")):
    with open(path, "rb") as f:
        data = yaml.load(f, Loader=yaml.CSafeLoader)
    for q in data["questions"]:
        if q.get("type") == "cloze":
            deck.add_note(genanki.Note(model=cloze, fields=[html(q["prompt"])], guid=genanki.guid_for(q["id"])))
        else:
            deck.add_note(genanki.Note(model=basic, fields=[html(q["prompt"]), str(q["answer"])],
                                       guid=genanki.guid_for(q["id"])))
files = [str(root / "images" / name) for name in sorted(media)]
genanki.Package(deck, media_files=files).write_to_file(sys.argv[2], timestamp=1700000000)
"""


def png(size: int, rng: random.Random) -> bytes:
    """A valid PNG of about ``size`` bytes (noise does not compress)."""
    width = 256
    height = max(1, size // (width * 3))
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")


def svg(size: int, rng: random.Random) -> bytes:
    """A plain SVG picture of about ``size`` bytes (many small rectangles)."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000"><title>figure</title>']
    total = len(parts[0])
    while total < size:
        x, y, w, h = (rng.randrange(1000) for _ in range(4))
        rect = f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="#{rng.randrange(1 << 24):06x}"/>'
        parts.append(rect)
        total += len(rect)
    return ("".join(parts) + "</svg>").encode()


def write_figures(bank: Path, rng: random.Random) -> list[str]:
    """200 image files in ``bank/images``; returns their names."""
    folder = bank / "images"
    folder.mkdir()
    names = []
    for i in range(IMAGES):
        size = rng.randrange(20_000, 200_000)
        name = f"fig{i:03d}.{'svg' if i % 2 else 'png'}"
        (folder / name).write_bytes(svg(size, rng) if i % 2 else png(size, rng))
        names.append(name)
    return names


def add_images(bank: Path, names: list[str]) -> None:
    """1,000 questions, spread evenly over the bank, each show one of the images in their prompt."""
    files = sorted(bank.glob("*.yaml"))
    texts = {path: path.read_text(encoding="utf-8").splitlines(keepends=True) for path in files}
    prompts = [
        (path, i)
        for path in files
        for i, line in enumerate(texts[path])
        if line.startswith("    prompt: ") and "{{" not in line
    ]
    step = len(prompts) / SHOWING
    for n in range(SHOWING):
        path, i = prompts[int(n * step)]
        name = names[n % len(names)]
        text = texts[path][i][len("    prompt: ") :].rstrip("\n")
        texts[path][i] = f"    prompt: '{text.replace(chr(39), chr(39) * 2)} ![figure {name}](images/{name})'\n"
    for path in files:
        path.write_text("".join(texts[path]), encoding="utf-8")


def reads_per_file(bank: Path) -> tuple[int, int, int]:
    """(image files read, distinct files shown, questions showing one), from a real load."""
    from quizgen.images import ImageStore
    from quizgen.load import load_bank

    reads = 0
    original = ImageStore.load

    def counting(self: ImageStore, question_file: str | Path, src: str) -> object:
        nonlocal reads
        before = self.reads
        result = original(self, question_file, src)
        reads += self.reads - before
        return result

    ImageStore.load = counting  # type: ignore[method-assign,assignment]
    try:
        loaded = load_bank([bank])
    finally:
        ImageStore.load = original  # type: ignore[method-assign]
    showing = sum(1 for q in loaded.questions() if q.images)
    return reads, len(loaded.images), showing


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp) / "bank", QUESTIONS)
        add_images(bank, write_figures(bank, rng))
        out = Path(tmp) / "out.apkg"
        ours = [sys.executable, "-m", "quizgen", "anki", str(bank), "-o", str(out)]
        bare = [sys.executable, "-c", BARE_SCRIPT, str(bank), str(Path(tmp) / "bare.apkg")]
        warm = dict(os.environ, QUIZGEN_CACHE_DIR=str(Path(tmp) / "cache"))
        warm.pop("QUIZGEN_NO_CACHE", None)
        cold = dict(warm, QUIZGEN_NO_CACHE="1")
        timed_with(ours, warm)  # fills the bank index and the parts store: the warm runs below reuse them
        runs: dict[str, list[tuple[float, float]]] = {"warm": [], "cold": [], "bare": []}
        for _ in range(repeats):
            runs["bare"].append(timed_with(bare))
            runs["warm"].append(timed_with(ours, warm))
            runs["cold"].append(timed_with(ours, cold))
        reads, files, showing = reads_per_file(bank)
        wall = {k: statistics.median(t[0] for t in v) for k, v in runs.items()}
        cpu = {k: statistics.median(t[1] for t in v) for k, v in runs.items()}
        print(f"{QUESTIONS:,} questions, {showing:,} showing one of {files} images; median of {repeats}")
        print(f"{'':34} {'wall':>7} {'ratio':>6}   {'CPU':>6} {'ratio':>6}")
        for key, what in (("warm", "quizgen anki -o, warm cache"), ("cold", "quizgen anki -o, QUIZGEN_NO_CACHE")):
            print(
                f"{what:34} {wall[key]:6.2f}s {wall[key] / wall['bare']:5.2f}x   "
                f"{cpu[key]:5.2f}s {cpu[key] / cpu['bare']:5.2f}x"
            )
        print(f"{'bare yaml + genanki + media':34} {wall['bare']:6.2f}s {'':6}   {cpu['bare']:5.2f}s")
        print("target: <= 1.3x (aim 1.1x); QUIZGEN_NO_CACHE checks every image (path, bytes, SVG content)")
        once = "once each" if reads == files else "NOT once each"
        print(f"image files read by quizgen: {reads} for {files} files ({once})")


if __name__ == "__main__":
    main()
