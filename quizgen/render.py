"""Inline Markdown (``**bold**``, ``*italic*``, `` `code` ``) for every output.

Text is escaped first and marked up second, so raw HTML (or Rich markup) in
a question is always shown literally, never interpreted. Code spans are cut
out before emphasis is applied, so ``*`` inside code stays a ``*``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from quizgen.model import CLOZE_RE, Deletion

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_BOLD_ITALIC = re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*", re.S)
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.S)


def _inline(text: str, escape: Callable[[str], str], code: str, bold: str, italic: str, newline: str) -> str:
    pieces = _CODE.split(text)
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(code.format(escape(piece)))
            continue
        piece = escape(piece)
        piece = _BOLD_ITALIC.sub(lambda m: bold.format(italic.format(m.group(1))), piece)
        piece = _BOLD.sub(lambda m: bold.format(m.group(1)), piece)
        piece = _ITALIC.sub(lambda m: italic.format(m.group(1)), piece)
        out.append(piece.replace("\n", newline))
    return "".join(out)


def _html_escape(text: str) -> str:
    return html.escape(text, quote=True)


def to_html(text: str) -> str:
    """Markdown to safe HTML: ``<b>``, ``<i>``, ``<code>``, line breaks as ``<br>`` (a final one dropped)."""
    return _inline(text.rstrip("\r\n"), _html_escape, "<code>{}</code>", "<b>{}</b>", "<i>{}</i>", "<br>")


#: Control characters (an ANSI escape sequence starts with one) would drive the terminal, not show.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _rich_escape(text: str) -> str:
    from rich.markup import escape

    return escape(_CONTROL.sub("\ufffd", text))


def to_rich(text: str) -> str:
    """Markdown to Rich console markup, with any ``[tag]`` and control character in the text made harmless."""
    return _inline(
        text.rstrip("\r\n"), _rich_escape, "[bold cyan]{}[/bold cyan]", "[bold]{}[/bold]", "[italic]{}[/italic]", "\n"
    )


def to_plain(text: str) -> str:
    """Markdown markers removed: for plain-text places such as tags or comparisons."""
    return _inline(text, lambda s: s, "{}", "{}", "{}", "\n")


_HOLE = re.compile("\ue000([0-9]+)\ue001")


def render_cloze(prompt: str, render: Callable[[str], str], deletion: Callable[[Deletion], str]) -> str:
    """A cloze prompt rendered by ``render`` (:func:`to_html`, :func:`to_rich`), each deletion by ``deletion``.

    Deletions are held as private-use placeholders during the Markdown pass,
    so emphasis around a deletion (``**bold {{c1::x}} text**``) still works;
    ``deletion`` is called once per deletion, in the order they stand.
    """
    found = [Deletion(int(m[1]), m[2], m[3] or None) for m in CLOZE_RE.finditer(prompt)]
    if "\ue000" in prompt or "\ue001" in prompt:  # the placeholder is taken: render the pieces apart
        pieces = CLOZE_RE.split(prompt)[::4]
        out = [render(pieces[0])]
        for d, piece in zip(found, pieces[1:], strict=True):
            out += [deletion(d), render(piece)]
        return "".join(out)
    count = iter(range(len(found)))
    held = CLOZE_RE.sub(lambda m: f"\ue000{next(count)}\ue001", prompt)
    return _HOLE.sub(lambda m: deletion(found[int(m[1])]), render(held))
