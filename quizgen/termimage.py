"""Figures drawn inside the terminal, for the terminals that say they can.

``quizgen play`` asks the terminal once, when the first card with a figure
comes up, and draws with what it reports: the kitty graphics protocol (a reply
to a kitty graphics query), iTerm2's inline images (its name in the reply to
XTVERSION) or sixel (attribute 4 in the reply to the primary device
attributes request, DA1). Nothing is guessed from environment variables: a
terminal that reports none of them (or does not answer) keeps the alt text and
the file's link, as every terminal does anyway.

Pictures are sent as PNG (kitty, iTerm2) or encoded as sixel, on a white
background, so a black-on-transparent diagram stays visible on a dark
terminal. SVG is rasterised with resvg (``resvg-py``, the Rust renderer's
binding), other formats are converted with Pillow; both are imported only when
a figure is drawn.
"""

from __future__ import annotations

import base64
import io
import os
import re
import time
from typing import IO, TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from quizgen.images import ImageFile

Protocol = Literal["kitty", "iterm2", "sixel"]

#: A kitty graphics query (a 1x1 RGB image, never stored), XTVERSION, then DA1, which every terminal answers last.
QUERY = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\" + "\x1b[>0q" + "\x1b[c"
_KITTY_OK = re.compile(r"\x1b_Gi=31;OK\x1b\\")
_XTVERSION = re.compile(r"\x1bP>\|([^\x1b]*)\x1b\\")
_DA1 = re.compile(r"\x1b\[\?([0-9;]*)c")
#: How long to wait for the terminal's answer; a terminal that answers nothing keeps the text fallback.
REPLY_SECONDS = 1.0
#: The widest a figure is drawn, in pixels (for sixel) and in terminal columns.
MAX_PIXELS = 640
MAX_COLUMNS = 60


def protocol_of(replies: str) -> Protocol | None:
    """The graphics protocol the terminal's replies to :data:`QUERY` report, best first; ``None`` for none."""
    if _KITTY_OK.search(replies):
        return "kitty"
    version = _XTVERSION.search(replies)
    if version is not None and version.group(1).lower().startswith("iterm2"):
        return "iterm2"
    attributes = _DA1.search(replies)
    if attributes is not None and "4" in attributes.group(1).split(";"):
        return "sixel"
    return None


def ask_terminal(fd: int, out: IO[str], timeout: float = REPLY_SECONDS) -> Protocol | None:
    """Sends :data:`QUERY` and reads the replies (without echo) until DA1's answer; the protocol they report."""
    import select
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    replies = b""
    try:
        tty.setcbreak(fd)  # the replies must not wait for Enter nor show on the screen
        out.write(QUERY)
        out.flush()
        deadline = time.monotonic() + timeout
        while _DA1.search(replies.decode("latin-1")) is None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            replies += chunk
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    return protocol_of(replies.decode("latin-1"))


def picture(image: ImageFile) -> PILImage:
    """The image as an RGB picture on white, at most :data:`MAX_PIXELS` wide."""
    from PIL import Image

    if image.kind == "svg":
        import resvg_py

        png = resvg_py.svg_to_bytes(svg_string=image.read().decode("utf-8"), background="#ffffff")
        source = Image.open(io.BytesIO(bytes(png)))
    else:
        source = Image.open(io.BytesIO(image.read()))
    source.load()
    rgba = source.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    if flat.width > MAX_PIXELS:
        flat = flat.resize((MAX_PIXELS, max(1, round(flat.height * MAX_PIXELS / flat.width))))
    return flat


def _png(pic: PILImage) -> bytes:
    buffer = io.BytesIO()
    pic.save(buffer, format="PNG")
    return buffer.getvalue()


def kitty(png: bytes, columns: int) -> str:
    """The kitty graphics escape sequences that draw ``png`` ``columns`` cells wide, in chunks of 4096."""
    data = base64.b64encode(png).decode("ascii")
    chunks = [data[i : i + 4096] for i in range(0, len(data), 4096)] or [""]
    parts = []
    for index, chunk in enumerate(chunks):
        more = int(index < len(chunks) - 1)
        keys = f"a=T,f=100,q=2,c={columns},m={more}" if index == 0 else f"m={more}"
        parts.append(f"\x1b_G{keys};{chunk}\x1b\\")
    return "".join(parts)


def iterm2(png: bytes, columns: int) -> str:
    """iTerm2's inline image sequence (OSC 1337) drawing ``png`` ``columns`` cells wide."""
    data = base64.b64encode(png).decode("ascii")
    return f"\x1b]1337;File=inline=1;size={len(png)};width={columns};preserveAspectRatio=1:{data}\x07"


def sixel(pic: PILImage) -> str:
    """``pic`` as a sixel image: at most 255 colours, six pixel rows per band, runs compressed."""
    indexed = pic.quantize(colors=255)
    width, height = indexed.size
    palette = indexed.getpalette() or []
    pixels = indexed.tobytes()
    used = sorted(set(pixels))
    out = ["\x1bPq", f'"1;1;{width};{height}']
    for colour in used:
        r, g, b = palette[3 * colour : 3 * colour + 3]
        out.append(f"#{colour};2;{r * 100 // 255};{g * 100 // 255};{b * 100 // 255}")
    for top in range(0, height, 6):
        rows: dict[int, bytearray] = {}
        for dy in range(min(6, height - top)):
            line = pixels[(top + dy) * width : (top + dy + 1) * width]
            for x, colour in enumerate(line):
                bits = rows.get(colour)
                if bits is None:
                    bits = rows[colour] = bytearray(width)
                bits[x] |= 1 << dy
        bands = [f"#{colour}{_runs(bits)}" for colour, bits in sorted(rows.items())]
        out.append("$".join(bands) + "-")
    out.append("\x1b\\")
    return "".join(out)


def _runs(bits: bytearray) -> str:
    """One colour's row of sixels, runs of four or more written ``!<count><sixel>``."""
    text = bytes(63 + b for b in bits).decode("ascii")
    return re.sub(r"(.)\1{3,}", lambda m: f"!{len(m.group(0))}{m.group(1)}", text)


def draw(image: ImageFile, protocol: Protocol, columns: int) -> str:
    """What to write to the terminal to show ``image`` with ``protocol``, ``columns`` cells wide at most."""
    pic = picture(image)
    columns = max(1, min(columns, MAX_COLUMNS))
    if protocol == "kitty":
        return kitty(_png(pic), columns)
    if protocol == "iterm2":
        return iterm2(_png(pic), columns)
    return sixel(pic)
