"""Inline Markdown (``**bold**``, ``*italic*``, `` `code` ``) for every output.

Text is escaped first and marked up second, so raw HTML (or Rich markup) in
a question is always shown literally, never interpreted. Code spans are cut
out before emphasis is applied, so ``*`` inside code stays a ``*``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.S)


def _inline(text: str, escape: Callable[[str], str], code: str, bold: str, italic: str, newline: str) -> str:
    pieces = _CODE.split(text)
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(code.format(escape(piece)))
            continue
        piece = escape(piece)
        piece = _BOLD.sub(lambda m: bold.format(m.group(1)), piece)
        piece = _ITALIC.sub(lambda m: italic.format(m.group(1)), piece)
        out.append(piece.replace("\n", newline))
    return "".join(out)


def _html_escape(text: str) -> str:
    return html.escape(text, quote=True)


def to_html(text: str) -> str:
    """Markdown to safe HTML: ``<b>``, ``<i>``, ``<code>``, line breaks as ``<br>``."""
    return _inline(text, _html_escape, "<code>{}</code>", "<b>{}</b>", "<i>{}</i>", "<br>")


def _rich_escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def to_rich(text: str) -> str:
    """Markdown to Rich console markup, with any ``[tag]`` in the text escaped."""
    return _inline(text, _rich_escape, "[bold cyan]{}[/bold cyan]", "[bold]{}[/bold]", "[italic]{}[/italic]", "\n")


def to_plain(text: str) -> str:
    """Markdown markers removed: for plain-text places such as tags or comparisons."""
    return _inline(text, lambda s: s, "{}", "{}", "{}", "\n")
