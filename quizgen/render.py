"""Inline Markdown for every output: HTML (Anki, print), Rich markup (``play``) and plain text.

Parsing is markdown-it-py's CommonMark inline parser with only emphasis,
strong, code spans, backslash escapes, line breaks and images enabled, so
``**a *b** c*`` and ``\\*`` behave as in CommonMark, while headings, lists,
links and raw HTML stay literal text. Each output walks the same tokens and
escapes every text itself, so raw HTML (or Rich markup) in a question is always
shown literally. Text without any Markdown marker skips the parser.

An image, ``![alt](src)``, is looked up by its ``src`` as written: the caller
passes the map of the question's checked images (``src`` -> what to link).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from quizgen.model import ClozePiece, Deletion

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Text without these characters has no Markdown and nothing to escape for HTML (the parser
#: also replaces NUL with U+FFFD, as CommonMark asks, so NUL takes the parser's path too).
_MARKDOWN_CHARS = r"*_`\\!\[\n\r&\x00"  # what can start Markdown (and NUL, which the parser replaces)
_MARKERS = re.compile(f"[{_MARKDOWN_CHARS}<>\"']")


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"breaks": True, "html": False})
    md.enable(["emphasis", "backticks", "escape", "image", "newline"])
    # Every image is parsed, whatever its address, so that quizgen (not the parser) decides
    # which to refuse: a `file:` or `data:` image must be an error, never literal text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _tokens(text: str) -> list[Token]:
    tokens = _parser().parseInline(text)
    return list(tokens[0].children or []) if tokens else []


@dataclass(frozen=True, slots=True)
class ImageUse:
    """One ``![alt](src)`` found in a text."""

    src: str
    alt: str


def find_images(text: str) -> list[ImageUse]:
    """Every image the text shows, in order, with its ``src`` as written and its alt text as plain text."""
    if "![" not in text:
        return []
    pieces = _simple_pieces(text)
    if pieces is not None:
        return [p for p in pieces if isinstance(p, ImageUse)]
    return [ImageUse(_src(t), _plain_children(t)) for t in _tokens(text) if t.type == "image"]


#: ``![alt](path)`` whose alt has no Markdown and whose path is plain (the way figures are written):
#: CommonMark reads it as exactly that image, and markdown-it's link normalizing leaves the path as is.
_SIMPLE_IMAGE = re.compile(r"!\[([^][\\`*_!<>&\n\r\x00]*)\]\(([A-Za-z0-9][A-Za-z0-9/._-]*)\)")
#: ``**word ...**`` or ``*word ...*`` standing between spaces or punctuation: the most common Markdown
#: in a question, which CommonMark always reads as strong emphasis or emphasis (each delimiter can only
#: open or only close, and the text between holds no other delimiter).
_SIMPLE_EMPHASIS = re.compile(r"(?<![^ (])(\*\*?)([A-Za-z0-9](?:[A-Za-z0-9 -]*[A-Za-z0-9])?)\1(?![^ .,;:?)])")
#: What text beside those must not hold for it to be plain text (HTML escaping aside).
_MARKDOWN = re.compile(f"[{_MARKDOWN_CHARS}]")


@dataclass(frozen=True, slots=True)
class _Emphasis:
    text: str
    strong: bool


def _simple_pieces(text: str) -> list[str | _Emphasis | ImageUse] | None:
    """The text's pieces without the parser, when its only Markdown is simple (strong) emphasis and images.

    Most questions hold no other Markdown, and the parser costs far more than these regexes.
    None when anything else is there: then only markdown-it may decide. A property test holds
    this path to markdown-it's result for every output.
    """
    parts = _SIMPLE_IMAGE.split(text) if "![" in text else [text]  # text, alt, src, text, ..., text
    pieces: list[str | _Emphasis | ImageUse] = []
    for i in range(0, len(parts), 3):
        chunk = parts[i]
        if not _MARKDOWN.search(chunk):
            pieces.append(chunk)
        elif "*" in chunk and not _MARKDOWN.search(_SIMPLE_EMPHASIS.sub("", chunk)):
            split = _SIMPLE_EMPHASIS.split(chunk)  # text, delimiter, emphasised, text, ..., text
            for j in range(0, len(split) - 1, 3):
                pieces += [split[j], _Emphasis(split[j + 2], len(split[j + 1]) == 2)]
            pieces.append(split[-1])
        else:
            return None
        if i + 2 < len(parts):
            pieces.append(ImageUse(parts[i + 2], parts[i + 1]))
    return pieces


def _src(token: Token) -> str:
    return unquote(str(token.attrs.get("src", "")))


def _plain_children(token: Token) -> str:
    return "".join(
        c.content if c.type in ("text", "code_inline") else "\n" if c.type.endswith("break") else ""
        for c in token.children or []
    )


# -- one walker, three outputs -------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    escape: Callable[[str], str]
    bold: tuple[str, str]
    italic: tuple[str, str]
    code: tuple[str, str]
    newline: str
    image: Callable[[ImageUse, str | None], str]


def _render(text: str, style: _Style, images: Mapping[str, str] | None) -> str:
    pieces = _simple_pieces(text)
    if pieces is None:
        return _render_tokens(text, style, images)
    found = images or {}
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(style.escape(piece))
        elif isinstance(piece, _Emphasis):
            opening, closing = style.bold if piece.strong else style.italic
            out.append(opening + style.escape(piece.text) + closing)
        else:
            out.append(style.image(piece, found.get(piece.src)))
    return "".join(out)


def _render_tokens(text: str, style: _Style, images: Mapping[str, str] | None) -> str:
    """What markdown-it's tokens make of ``text``: the reference every fast path is held to."""
    out: list[str] = []
    for t in _tokens(text):
        kind = t.type
        if kind == "text":
            out.append(style.escape(t.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(style.newline)
        elif kind == "code_inline":
            out.append(style.code[0] + style.escape(t.content) + style.code[1])
        elif kind == "strong_open":
            out.append(style.bold[0])
        elif kind == "strong_close":
            out.append(style.bold[1])
        elif kind == "em_open":
            out.append(style.italic[0])
        elif kind == "em_close":
            out.append(style.italic[1])
        elif kind == "image":
            use = ImageUse(_src(t), _plain_children(t))
            out.append(style.image(use, (images or {}).get(use.src)))
        else:  # pragma: no cover - only the rules enabled above produce tokens
            out.append(style.escape(t.content))
    return "".join(out)


def _html_escape(text: str) -> str:
    return html.escape(text, quote=True)


def _html_image(use: ImageUse, url: str | None) -> str:
    if url is None:
        return _html_escape(use.alt)
    return f'<img src="{_html_escape(url)}" alt="{_html_escape(use.alt)}">'


_HTML = _Style(_html_escape, ("<b>", "</b>"), ("<i>", "</i>"), ("<code>", "</code>"), "<br>", _html_image)


def to_html(text: str, images: Mapping[str, str] | None = None) -> str:
    """Markdown to safe HTML: ``<b>``, ``<i>``, ``<code>``, ``<br>``, ``<img>`` (``images``: src -> URL).

    A final line break (from a YAML block scalar) is dropped.
    """
    text = text.rstrip("\r\n")
    if not _MARKERS.search(text):
        return text
    return _render(text, _HTML, images)


#: Control characters (an ANSI escape sequence starts with one) would drive the terminal, not show.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _rich_escape(text: str) -> str:
    from rich.markup import escape

    return escape(_CONTROL.sub("\ufffd", text))


def _rich_image(use: ImageUse, path: str | None) -> str:
    shown = f"[image: {_rich_escape(use.alt)}]"
    if path is None:
        return _rich_escape(shown)
    from pathlib import Path

    url = Path(path).resolve().as_uri()
    # OSC 8: terminals that support it make the path clickable; others print it plainly.
    return f"{_rich_escape(shown)} [link={quote(url, safe=':/')}]{_rich_escape(path)}[/link]"


_RICH = _Style(
    _rich_escape, ("[bold]", "[/bold]"), ("[italic]", "[/italic]"), ("[bold cyan]", "[/bold cyan]"), "\n", _rich_image
)


def to_rich(text: str, images: Mapping[str, str] | None = None) -> str:
    """Markdown to Rich console markup; any ``[tag]`` and control character in the text made harmless.

    ``images`` maps ``src`` to the file's path: shown as ``[image: alt] path``.
    """
    text = text.rstrip("\r\n")
    if not _MARKERS.search(text):  # the terminal's fast path: no Markdown, only escaping (no parser import)
        return _rich_escape(text)
    return _render(text, _RICH, images)


def _plain_image(use: ImageUse, _: str | None) -> str:
    return f"[image: {use.alt}]"


_PLAIN = _Style(lambda s: s, ("", ""), ("", ""), ("", ""), "\n", _plain_image)


def to_plain(text: str) -> str:
    """Markdown markers removed: for plain-text places such as tags, widths or comparing answers."""
    if not _MARKERS.search(text):
        return text
    return _render(text, _PLAIN, None)


# -- cloze ---------------------------------------------------------------------

_HOLE = re.compile("\ue000([0-9]+)\ue001")


def render_cloze(
    pieces: Sequence[ClozePiece], render: Callable[[str], str], deletion: Callable[[Deletion], str]
) -> str:
    """A parsed cloze prompt rendered by ``render`` (e.g. :func:`to_html`), each deletion by ``deletion``.

    Deletions are held as private-use placeholders during the Markdown pass,
    so emphasis around a deletion (``**bold {{c1::x}} text**``) still works;
    ``deletion`` is called once per deletion, in the order they stand.
    """
    found = [p for p in pieces if isinstance(p, Deletion)]
    texts = [p for p in pieces if isinstance(p, str)]
    if any("\ue000" in t or "\ue001" in t for t in texts):  # the placeholder is taken: render the pieces apart
        return "".join(deletion(p) if isinstance(p, Deletion) else render(p) for p in pieces)
    count = iter(range(len(found)))
    held = "".join(f"\ue000{next(count)}\ue001" if isinstance(p, Deletion) else p for p in pieces)
    return _HOLE.sub(lambda m: deletion(found[int(m[1])]), render(held))
