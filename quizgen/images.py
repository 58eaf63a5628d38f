"""Turns the path of a Markdown image (``![alt](src)``) into a checked file, or a one-line refusal.

A question bank may come from anyone, and its images end up inside Anki
packages and self-contained HTML files that other people open. So this module
owns every rule of *Images* in the question-format contract: the path must be
a plain relative path that stays inside the question file's folder (checked on
the real, symlink-resolved paths, however the bank was named), the file must be
a regular file of at most :data:`MAX_IMAGE_BYTES` whose bytes match its
extension, and an SVG must be a picture only (no scripts, event handlers,
foreign content, entities or references to anything outside itself).

The checks are a pass of their own (:func:`check_shown`), run over every
image the bank's texts show once :mod:`quizgen.validate` has read the texts.
The model keeps what the checks found (:class:`ImageFile`: paths, type and
digest), never the bytes, so a cached bank stays small; an output that needs
the bytes asks :meth:`ImageFile.read`, which serves the bytes the checks read
(keyed by digest), so each file is read once per command.

Nothing here prints or reads the environment; :class:`ImageStore` reads each
real file once per build, however many questions show it.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NamedTuple
from xml.parsers import expat

from quizgen.errors import Problem, QuizgenError

MAX_IMAGE_BYTES: Final = 5 * 1024 * 1024

# extension -> (kind, MIME type); the canonical extension of a kind is the first one listed for it.
_EXTENSIONS: Final = {
    ".png": ("png", "image/png"),
    ".jpg": ("jpeg", "image/jpeg"),
    ".jpeg": ("jpeg", "image/jpeg"),
    ".gif": ("gif", "image/gif"),
    ".webp": ("webp", "image/webp"),
    ".svg": ("svg", "image/svg+xml"),
}
_CANONICAL_EXT: Final = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp", "svg": "svg"}
_LABELS: Final = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP", "svg": "SVG"}
_KIND_NAMES: Final = {"png": "a PNG", "jpeg": "a JPEG", "gif": "a GIF", "webp": "a WebP", "svg": "an SVG"}
_ACCEPTED: Final = "a PNG, JPEG, GIF, WebP or SVG file (.png, .jpg, .jpeg, .gif, .webp, .svg)"

_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE: Final = re.compile(r"[A-Za-z]:")
_SVG_NS: Final = "http://www.w3.org/2000/svg"
_XHTML_NS: Final = "http://www.w3.org/1999/xhtml"
_SHOWN_CHARS: Final = 120


#: The bytes of every image checked (or read) in this process, by SHA-256: content-addressed, so never stale.
_CONTENT: dict[str, bytes] = {}


@dataclass(frozen=True)
class ImageFile:
    """One checked image: its path (from the question file's folder, as the author sees it), type and digest.

    No bytes: the bank is cached with pickle, and most commands never need them.
    (Not slotted, like the model: unpickling restores a ``__dict__`` in C.) No real,
    symlink-resolved path either: a cached bank may be read from a moved folder;
    the digest is what holds a later read to the checked bytes.
    """

    path: str
    kind: str
    mime: str
    sha256: str

    @property
    def media_name(self) -> str:
        """A file name derived from the content only: equal bytes share it, a changed image gets a new one."""
        return f"{self.sha256[:16]}.{_CANONICAL_EXT[self.kind]}"

    @property
    def data_uri(self) -> str:
        """The image inlined, so a printed quiz stays one self-contained file."""
        return f"data:{self.mime};base64,{base64.b64encode(self.read()).decode('ascii')}"

    def read(self) -> bytes:
        """The checked bytes: those the checks read, else read again (a cached bank) and held to the digest.

        A file changed or removed since it was checked is refused: its new bytes were never checked.
        """
        data = _CONTENT.get(self.sha256)
        if data is not None:
            return data
        try:
            # resolved now (a link inside the folder is allowed); whatever it leads to must hold the checked bytes
            data = _read_regular_file(os.path.realpath(self.path), self.path)
        except _Refused as refused:
            raise self._gone(refused.reason) from None
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise self._gone("it changed after it was checked")
        _CONTENT[self.sha256] = data
        return data

    def _gone(self, reason: str) -> QuizgenError:
        return QuizgenError(
            "an image changed while quizgen was running",
            [Problem(self.path, 1, f"image: {reason}; run the command again")],
        )


class ImageError(Exception):
    """An image the author must fix; ``message`` is one line naming the ``src`` and the fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class _Checked:
    """What the cache keeps per real file: the verified content's digest (bytes in ``_CONTENT``), or a refusal."""

    kind: str
    mime: str
    sha256: str
    refusal: str | None


class ImageStore:
    """Loads each image file once per build (read + hashed once, however many questions show it)."""

    def __init__(self) -> None:
        self.reads = 0
        # keyed by real path and the kind the author's extension claims: a link named .jpg to a .png is checked as
        # a JPEG, as its author wrote it, not served from the PNG's entry
        self._cache: dict[tuple[str, str], _Checked] = {}
        # (folder, src) as written -> the answer: one src shown by many questions of a folder resolves once
        # (two realpath calls are most of a repeated load)
        self._seen: dict[tuple[str, str], ImageFile | _Refused] = {}

    def load(self, question_file: str | Path, src: str) -> ImageFile:
        """The image ``src`` (relative to ``question_file``'s folder), checked; raises :class:`ImageError`."""
        try:
            return self._load(os.fspath(question_file), src)
        except _Refused as refused:
            raise ImageError(f"image '{_show(src)}': {refused.reason}") from None

    def _load(self, question_file: str, src: str) -> ImageFile:
        key = (os.path.dirname(question_file), src)
        known = self._seen.get(key)
        if known is None:
            try:
                known = self._resolve_and_check(question_file, src)
            except _Refused as refused:
                known = refused
            self._seen[key] = known
        if isinstance(known, _Refused):
            raise known
        return known

    def _resolve_and_check(self, question_file: str, src: str) -> ImageFile:
        _check_src(src)
        kind, mime = _kind_of(src)
        folder = os.path.dirname(question_file)
        shown = os.path.join(folder, src) if folder else src
        real = _resolve_inside(folder or os.curdir, src)
        checked = self._cache.get((real, kind))
        if checked is None:
            checked = self._read_and_check(real, kind, mime, shown, src)
            self._cache[real, kind] = checked
        if checked.refusal is not None:
            raise _Refused(checked.refusal)
        return ImageFile(path=shown, kind=checked.kind, mime=checked.mime, sha256=checked.sha256)

    def _read_and_check(self, real: str, kind: str, mime: str, shown: str, src: str = "") -> _Checked:
        data = _read_regular_file(real, shown, src)
        self.reads += 1
        try:
            _check_content(data, kind)
        except _Refused as refused:
            return _Checked(kind, mime, "", refused.reason)
        digest = hashlib.sha256(data).hexdigest()
        _CONTENT[digest] = data
        return _Checked(kind, mime, digest, None)


class ImageRef(NamedTuple):
    """Where a text shows an image: the question file, ``src`` as written, its line, and the text's name.

    Not part of the model: what :func:`check_shown` needs to place its messages.
    """

    file: str
    src: str
    line: int
    what: str


class Shown(NamedTuple):
    """What :func:`check_shown` found: each good (question file, src) -> its file, and every refusal."""

    files: dict[tuple[str, str], ImageFile]
    problems: list[Problem]


def check_shown(refs: Iterable[ImageRef], store: ImageStore | None = None) -> Shown:
    """The image pass: checks every image the texts show, each file once; a refusal stands at the text's line."""
    store = store or ImageStore()
    files: dict[tuple[str, str], ImageFile] = {}
    problems: list[Problem] = []
    for ref in refs:
        try:
            files[ref.file, ref.src] = store.load(ref.file, ref.src)
        except ImageError as e:
            problems.append(Problem(ref.file, ref.line, f"{ref.what}: {e.message}"))
    return Shown(files, problems)


class _Refused(Exception):
    """Internal: the reason (without the ``image 'src':`` prefix), so cached refusals name each caller's src."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _show(text: str, limit: int = _SHOWN_CHARS) -> str:
    """Author text fit for a one-line message: control characters escaped, very long text cut."""
    if len(text) > limit:
        text = text[:limit] + "…"
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


# ---------------------------------------------------------------------------
# The path


def _check_src(src: str) -> None:
    """Refuse what is not a plain relative path before touching the file system."""
    if not src.strip():
        raise _Refused("the path is empty; write the image file's path relative to the question file")
    if src.startswith(("/", "\\")) or _DRIVE.match(src):
        raise _Refused(
            "absolute paths are not allowed; put the image in the question file's folder (or a subfolder) "
            "and write its path from there, e.g. images/figure.png"
        )
    scheme = _SCHEME.match(src)
    if scheme:
        raise _Refused(
            f"URLs ({_show(scheme.group().lower())}) are not allowed; save the image in the question file's folder "
            "and write its relative path, e.g. images/figure.png"
        )
    if "\\" in src:
        raise _Refused(f"use '/' between folders, not '\\' (write '{_show(src.replace(chr(92), '/'))}')")
    if any(not c.isprintable() for c in src):
        raise _Refused("the path contains control characters or broken Unicode; rename the file")
    try:
        os.fsencode(src)
    except UnicodeError:
        raise _Refused("the path contains characters no file name can hold; rename the file") from None
    depth = 0
    for part in src.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                raise _Refused(
                    "'..' leads outside the question file's folder; move the image into that folder "
                    "(or a subfolder) and write its path from there"
                )
        elif part not in ("", "."):
            depth += 1
    if src.endswith("/"):
        raise _Refused("the path ends with '/'; name the image file, not a folder")


def _kind_of(src: str) -> tuple[str, str]:
    name = src.rsplit("/", 1)[-1]
    ext = os.path.splitext(name)[1].lower()
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    if not ext:
        raise _Refused(f"the file name has no extension; use {_ACCEPTED}")
    raise _Refused(f"'{_show(ext)}' files are not accepted as images; use {_ACCEPTED}")


def _resolve_inside(folder: str, src: str) -> str:
    """The real path of ``src``, refused unless it lies inside the real question-file folder."""
    try:
        real_folder = os.path.realpath(folder)
        real = os.path.realpath(os.path.join(folder, src))
    except (OSError, ValueError) as error:
        raise _Refused(f"the path cannot be followed ({_os_reason(error)}); check the name") from None
    if real == real_folder:
        raise _Refused("the path names the question file's folder itself; name the image file")
    inside = os.path.commonpath([real_folder, real]) == real_folder
    if not inside:
        raise _Refused(
            "a symbolic link on the path leads outside the question file's folder; "
            "copy the image into that folder instead of linking to it"
        )
    return real


def _os_reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _read_regular_file(real: str, shown: str, src: str = "") -> bytes:
    """The file's bytes, after checking it is a regular file within the size limit; never reads past the limit."""
    try:
        info = os.stat(real)
    except (FileNotFoundError, NotADirectoryError):
        raise _Refused(
            f"no such file (looked for {_show(shown)}); "
            + (_nearest_file(real, src) or "check the name and folders (they are case-sensitive)")
        ) from None
    except (OSError, ValueError) as error:
        raise _Refused(f"the file cannot be read ({_os_reason(error)})") from None
    _check_stat(info)
    # O_NONBLOCK: a file swapped for a pipe after the stat must not hang the build; O_NOFOLLOW: nor for a link.
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(real, flags | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError) as error:
        raise _Refused(f"the file cannot be read ({_os_reason(error)})") from None
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            raise _Refused("the file changed while it was being read; build again")
        _check_stat(opened)
        chunks: list[bytes] = []
        left = MAX_IMAGE_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise _Refused(f"the file cannot be read ({_os_reason(error)})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_IMAGE_BYTES:
        raise _Refused(_too_big(len(data), at_least=True))
    return data


def _nearest_file(real: str, src: str) -> str | None:
    """The existing file of that folder whose name is nearest, as a hint (``animal_cell.svg``: ``animal-cell.svg``).

    Names are compared ignoring case, as a misspelt name most often differs in ``_``/``-`` or a capital.
    """
    folder, name = os.path.split(real)
    try:
        names = [
            n for n in os.listdir(folder) if not n.startswith(".") and os.path.splitext(n)[1].lower() in _EXTENSIONS
        ]
    except OSError:
        return None
    by_fold: dict[str, str] = {}
    for n in sorted(names):
        by_fold.setdefault(n.casefold(), n)
    close = difflib.get_close_matches(name.casefold(), list(by_fold), n=1, cutoff=0.6)
    if not close:
        return None
    written = src.rsplit("/", 1)[0] + "/" + by_fold[close[0]] if "/" in src else by_fold[close[0]]
    return f"did you mean '{_show(written)}'?"


def _check_stat(info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise _Refused("this is a folder, not an image file; name the image file inside it")
    if not stat.S_ISREG(info.st_mode):
        raise _Refused("this is not a regular file (a pipe, device or socket); use an ordinary image file")
    if info.st_size > MAX_IMAGE_BYTES:
        raise _Refused(_too_big(info.st_size))


def _too_big(size: int, at_least: bool = False) -> str:
    shown = f"at least {size:,}" if at_least else f"{size:,}"
    return (
        f"the file is {shown} bytes, over the limit of {MAX_IMAGE_BYTES:,} bytes (5 MiB); "
        "make it smaller (scale it down or compress it)"
    )


# ---------------------------------------------------------------------------
# The bytes


def _sniff(data: bytes) -> str | None:
    """What the bytes are, by their magic number (SVG by a loose look at the text); ``None`` if unknown."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"<svg" in head.lower():
        return "svg"
    return None


def _check_content(data: bytes, kind: str) -> None:
    found = _sniff(data)
    if found is not None and found != kind:
        raise _Refused(f"its bytes are {_KIND_NAMES[found]}; rename it to .{_CANONICAL_EXT[found]}")
    if kind == "svg":
        _check_svg(data)
    elif found != kind:
        raise _Refused(
            f"its bytes are not {_KIND_NAMES[kind]} image (the file is damaged or of another type); "
            f"save it again as {_LABELS[kind]}"
        )


class _EntityDeclared(Exception):
    """An ``<!ENTITY>`` was declared: refused before anything could expand it."""


class _ExternalReference(Exception):
    """The parser was asked to fetch something from outside the file."""


def _refuse_entity(*_: object) -> None:
    raise _EntityDeclared


def _refuse_external(*_: object) -> int:
    raise _ExternalReference


_DECLARED_ENCODING: Final = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_ASCII_SUPERSETS: Final = {b"utf-8", b"utf8", b"us-ascii", b"ascii", b"iso-8859-1", b"latin-1", b"latin1"}


def _searchable(data: bytes) -> bool:
    """Whether ASCII markers can be found in ``data`` by plain byte search (UTF-8, ASCII or Latin-1).

    A UTF-16 file (NUL bytes) or another declared encoding is always checked element by element.
    """
    if b"\x00" in data:
        return False
    declared = _DECLARED_ENCODING.match(data[:256])
    return declared is None or declared.group(1).lower() in _ASCII_SUPERSETS


#: The file folded for the marker searches: ASCII letters lower-cased (as ``bytes.lower``), and each byte that
#: may stand just before an event attribute's name (XML whitespace, or the ``:`` after a prefix) made a space,
#: so that one search for `` on`` finds what five searches (`` on``, ``\ton``, ``\non``, ``\ron``, ``:on``) did.
_FOLD: Final = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n\r:", b"abcdefghijklmnopqrstuvwxyz" + b" " * 4)


def _maybe_active(folded: bytes) -> bool:
    """Whether any attribute could be refused (an event attribute, a link, an animated attribute, CSS
    functions or escapes, a character reference that could hide one of them).

    Most drawings (thousands of plain shapes) hold none, and their attributes are then not looked at.
    Plain byte searches (C speed) over the folded file (:data:`_FOLD`), each a superset of what is refused.
    """
    markers = (b"(", b"@", b"\\", b"&", b"href", b"attributename", b" on")
    return any(marker in folded for marker in markers)


def _maybe_active_element(folded: bytes) -> bool:
    """Whether any element could be refused (script, foreignObject, handler, listener, XHTML, style)."""
    markers = (b"script", b"foreignobject", b"handler", b"listener", b"xhtml", b"style")
    return any(marker in folded for marker in markers)


def _check_svg(data: bytes) -> None:
    """Parse without ever expanding an entity or fetching anything, and refuse anything but a picture.

    expat (C) is guarded the way defusedxml guards it: any entity declaration stops the parse at once,
    before anything could expand it (a "billion laughs" file), external entities and DTDs are never
    read, and parameter entities are not parsed. Each element is checked as it arrives; no tree is built.
    """
    folded = data.translate(_FOLD) if _searchable(data) else None
    check_attributes = folded is None or _maybe_active(folded)
    target = _SvgChecker(check_attributes=check_attributes)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_external
    parser.SkippedEntityHandler = _refuse_external  # a reference to an entity of a DTD that is never read
    parser.ProcessingInstructionHandler = target.pi
    if check_attributes or folded is None or _maybe_active_element(folded):
        parser.StartElementHandler = target.start
        parser.EndElementHandler = target.end
        parser.CharacterDataHandler = target.data
    else:
        # Nothing in the file could be refused but its root: check that one element, then let expat
        # read the rest in C (a plain drawing of thousands of shapes).
        def root_only(name: str, attrs: dict[str, str]) -> None:
            target.start(name, attrs)
            parser.StartElementHandler = None

        parser.StartElementHandler = root_only
    try:
        parser.Parse(data, True)
    except _EntityDeclared:
        raise _Refused(
            "SVG may not declare entities (<!ENTITY>); remove them from its DOCTYPE and write the text out"
        ) from None
    except _ExternalReference:
        raise _Refused("SVG may not refer to outside files or DTDs; remove the reference") from None
    except (expat.ExpatError, ValueError, LookupError, UnicodeError) as error:
        raise _Refused(
            f"its bytes are not a well-formed SVG file ({_show(str(error))}); save it again as SVG"
        ) from None
    if not target.seen_root:
        raise _Refused("its bytes are not an SVG file (no <svg> element); save it again as SVG")


def _local(name: str) -> tuple[str, str]:
    """``namespace}local`` (as expat names it with ``}`` as separator) split into (namespace, local)."""
    ns, _, local = name.rpartition("}")
    return ns, local


class _SvgChecker:
    """A parse target that checks each element as it arrives, so no tree (and no recursion) is ever built.

    Messages are only formatted on refusal: a large, clean drawing has hundreds of thousands of attributes.
    """

    def __init__(self, check_attributes: bool) -> None:
        self.check_attributes = check_attributes
        self.seen_root = False
        self._style_depth = 0
        self._css: list[str] = []

    def start(self, tag: str, attrs: dict[str, str], /) -> None:
        ns, local = _local(tag)
        if not self.seen_root:
            self.seen_root = True
            if (ns, local) != (_SVG_NS, "svg"):
                if local == "svg":
                    raise _Refused(f'its <svg> element lacks xmlns="{_SVG_NS}"; add it')
                raise _Refused(
                    f"its bytes are XML whose root is {_element(local)}, not an SVG <svg>; save it again as SVG"
                )
        lowered = local.lower()
        if lowered in ("script", "foreignobject", "handler", "listener"):
            raise _Refused(f"SVG may not contain {_element(local)}; remove it (an image must be a picture only)")
        if ns == _XHTML_NS:
            raise _Refused(f"SVG may not contain HTML elements such as {_element(local)}; remove it")
        if self.check_attributes:
            for name, value in attrs.items():
                _check_attribute(local, _local(name)[1], value)
        if lowered == "style":
            self._style_depth += 1

    def end(self, tag: str, /) -> None:
        if self._style_depth and _local(tag)[1].lower() == "style":
            self._style_depth -= 1
            problem = _css_problem("".join(self._css), imports=True)
            if problem:
                raise _Refused(f"SVG may not {problem[0]} (in <style>); {problem[1]}")
            self._css.clear()

    def data(self, data: str, /) -> None:
        if self._style_depth:
            self._css.append(data)

    def pi(self, target: str, text: str | None = None, /) -> None:
        """Only reached for real instructions: expat reports the ``<?xml ...?>`` declaration separately."""
        raise _Refused(
            f"SVG may not contain processing instructions (<?{_show(target, 40)} ...?>); remove it "
            "(only the <?xml ...?> declaration is allowed)"
        )


def _element(local: str) -> str:
    return f"<{_show(local, 40)}>"


def _check_attribute(element: str, name: str, value: str) -> None:
    lowered = name.lower()
    if lowered.startswith("on"):
        raise _Refused(
            f"SVG may not contain event attributes ({_show(name, 40)}= on {_element(element)}); remove it "
            "(an image must be a picture only)"
        )
    if lowered == "href" and not value.strip(" \t\r\n\f").startswith("#"):
        raise _Refused(
            f"SVG may only link to #fragments inside itself, but {_element(element)} has {_show(name, 40)}="
            f"'{_show(value, 60)}'; remove the link or embed the content"
        )
    if lowered == "attributename":
        animated = value.strip().rpartition(":")[2].lower()
        if animated == "href" or animated.startswith("on"):
            raise _Refused(f"SVG may not animate '{_show(value, 40)}' (on {_element(element)}); remove the animation")
    problem = _css_problem(value, imports=lowered == "style")
    if problem:
        where = f"the {_show(name, 40)}= attribute of {_element(element)}"
        raise _Refused(f"SVG may not {problem[0]} (in {where}); {problem[1]}")


_CSS_COMMENT: Final = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_ESCAPE: Final = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})[ \t\n\f]?|\r\n|(.))", re.DOTALL)
_CSS_URL: Final = re.compile(r"(?<![\w-])(?:url|src)\s*\(\s*['\"]?\s*(.?)", re.IGNORECASE)
_CSS_STRING_URLS: Final = re.compile(r"(?<![\w-])(?:-webkit-)?(?:image-set|image|cross-fade)\s*\(", re.IGNORECASE)
_CSS_IMPORT: Final = re.compile(r"@import", re.IGNORECASE)


def _decode_css(css: str) -> str:
    """CSS with comments dropped and escapes decoded, so ``u\\72l(`` cannot hide a ``url(``."""

    def unescape(match: re.Match[str]) -> str:
        hex_digits, char = match.group(1), match.group(2)
        if hex_digits:
            code = int(hex_digits, 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return char or ""

    return _CSS_ESCAPE.sub(unescape, _CSS_COMMENT.sub(" ", css))


def _css_problem(css: str, imports: bool) -> tuple[str, str] | None:
    """What in ``css`` could load anything from outside the SVG, and the fix; ``None`` if nothing.

    Checked on every attribute, not only ``style=``: presentation attributes (``fill=``, ``filter=``,
    ``mask=`` ...) take ``url()`` too.
    """
    if "(" not in css and "@" not in css and "\\" not in css:
        return None
    decoded = _decode_css(css)
    if imports and _CSS_IMPORT.search(decoded):
        return "use CSS @import", "put the styles in the SVG itself"
    for match in _CSS_URL.finditer(decoded):
        if match.group(1) != "#":
            end = decoded.find(")", match.start())
            shown = decoded[match.start() : end + 1 if end >= 0 else None]
            return (
                f"refer to outside files in CSS ({_show(shown, 60)})",
                "only url(#fragment) inside the SVG is allowed",
            )
    if _CSS_STRING_URLS.search(decoded):
        return "load images through CSS image functions", "remove them"
    return None
