"""Images named in question files: one tiny hostile file per refusal rule, real tiny images that pass,
one read per real file, content-derived media names, and property tests that no ``src`` text and no
SVG bytes get anything but an image or a one-line ImageError.

The raster samples are real images (PNG and GIF built here with zlib/struct, JPEG and WebP as
bytes a browser encoded); ``test_good_images_decode_in_a_browser`` proves a real Chromium shows them.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser

from quizgen.errors import QuizgenError
from quizgen.images import MAX_IMAGE_BYTES, ImageError, ImageFile, ImageStore

SVG_NS = "http://www.w3.org/2000/svg"


def png_bytes(rgb: tuple[int, int, int] = (51, 102, 204)) -> bytes:
    """A real 1x1 RGB PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + bytes(rgb))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def gif_bytes() -> bytes:
    """A real 1x1 GIF: two-colour global table, one LZW-coded pixel."""
    screen = struct.pack("<6sHHBBB", b"GIF89a", 1, 1, 0x80, 0, 0) + bytes([51, 102, 204, 255, 255, 255])
    image = struct.pack("<cHHHHB", b",", 0, 0, 1, 1, 0) + b"\x02" + b"\x02\x44\x01" + b"\x00"
    return screen + image + b";"


# 2x1 images encoded by Chromium's canvas, colour profiles stripped.
JPEG = base64.b64decode(
    "/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARES"
    "EhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAABAAIDASIAAhEB"
    "AxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAL/xAAZEAEAAgMAAAAAAAAAAAAAAAAAAQIDM3H/xAAUAQEAAAAAAAAAAAAAAAAAAAAF/8QA"
    "GREAAgMBAAAAAAAAAAAAAAAAAAECAzJx/9oADAMBAAIRAxEAPwCceuvIAHWbfReGUf/Z"
)
WEBP = base64.b64decode("UklGRiwAAABXRUJQVlA4ICAAAACQAQCdASoCAAEAAsBMJZQCdADBACAA+2j7D6iFcoAAAA==")


def svg(body: str = '<rect width="4" height="4" fill="#36c"/>', head: str = "", attrs: str = "") -> bytes:
    return (
        f'{head}<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="4" height="4"{attrs}>'
        f"{body}</svg>"
    ).encode()


GOOD = {
    "png": ("fig.png", png_bytes()),
    "jpeg": ("photo.jpg", JPEG),
    "gif": ("anim.gif", gif_bytes()),
    "webp": ("pic.webp", WEBP),
    "svg": ("diagram.svg", svg()),
}
MIMES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "svg": "image/svg+xml"}


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    """A bank folder with one question file; images go in ``images/``."""
    folder = tmp_path / "bank"
    (folder / "images").mkdir(parents=True)
    (folder / "q.yaml").write_text("deck: D\n", encoding="utf-8")
    return folder


def put(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def refusal(question_file: Path | str, src: str) -> str:
    with pytest.raises(ImageError) as caught:
        ImageStore().load(question_file, src)
    message = caught.value.message
    assert str(caught.value) == message
    assert "\n" not in message and "\r" not in message
    assert message.startswith("image '")
    return message


# --- good files --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", GOOD)
def test_one_real_file_per_kind_loads(bank: Path, kind: str) -> None:
    name, data = GOOD[kind]
    put(bank, f"images/{name}", data)
    image = ImageStore().load(bank / "q.yaml", f"images/{name}")
    assert image.kind == kind
    assert image.mime == MIMES[kind]
    assert image.read() == data
    assert image.sha256 == hashlib.sha256(data).hexdigest()
    assert image.path == os.path.join(str(bank), "images", name)
    assert image.data_uri == f"data:{MIMES[kind]};base64," + base64.b64encode(data).decode()
    canonical = {"jpeg": "jpg"}.get(kind, kind)
    assert image.media_name == f"{image.sha256[:16]}.{canonical}"


@pytest.mark.parametrize("name", ["FIG.PNG", "photo.JPEG", "photo.jpeg", "Pic.WebP", "d.Svg"])
def test_extension_in_any_case(bank: Path, name: str) -> None:
    data = {".png": png_bytes(), ".jpeg": JPEG, ".webp": WEBP, ".svg": svg()}[os.path.splitext(name)[1].lower()]
    put(bank, name, data)
    assert ImageStore().load(bank / "q.yaml", name).read() == data


def test_path_is_the_folder_as_given_joined_with_src(bank: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(bank, "images/fig.png", png_bytes())
    monkeypatch.chdir(bank.parent)
    assert ImageStore().load("bank/q.yaml", "images/fig.png").path == "bank/images/fig.png"
    monkeypatch.chdir(bank)
    assert ImageStore().load("q.yaml", "images/fig.png").path == "images/fig.png"


def test_dotdot_that_stays_inside_is_fine(bank: Path) -> None:
    put(bank, "images/fig.png", png_bytes())
    (bank / "other").mkdir()
    assert ImageStore().load(bank / "q.yaml", "other/../images/./fig.png").read() == png_bytes()


def test_symlink_that_stays_inside_is_fine(bank: Path) -> None:
    put(bank, "images/fig.png", png_bytes())
    (bank / "alias.png").symlink_to("images/fig.png")
    (bank / "pictures").symlink_to("images", target_is_directory=True)
    store = ImageStore()
    assert store.load(bank / "q.yaml", "alias.png").read() == png_bytes()
    assert store.load(bank / "q.yaml", "pictures/fig.png").read() == png_bytes()
    assert store.reads == 1


def test_a_link_is_judged_by_the_extension_its_author_wrote(bank: Path) -> None:
    put(bank, "images/fig.png", png_bytes())
    (bank / "images" / "alias.jpg").symlink_to("fig.png")
    store = ImageStore()
    assert store.load(bank / "q.yaml", "images/fig.png").kind == "png"
    with pytest.raises(ImageError, match="its bytes are a PNG; rename it to .png"):
        store.load(bank / "q.yaml", "images/alias.jpg")


def test_file_of_exactly_the_limit_is_read(bank: Path) -> None:
    path = put(bank, "images/big.png", png_bytes())
    with path.open("r+b") as handle:
        handle.truncate(MAX_IMAGE_BYTES)
    image = ImageStore().load(bank / "q.yaml", "images/big.png")
    assert len(image.read()) == MAX_IMAGE_BYTES


def test_fragment_links_and_fragment_urls_are_fine(bank: Path) -> None:
    body = (
        '<defs><linearGradient id="g"><stop offset="0"/></linearGradient><circle id="c" r="1"/></defs>'
        '<style>rect { fill: url( "#g" ) } /* url(http://comment.example) */</style>'
        '<use href="#c"/><use xlink:href=" #c"/><a href="#c"><rect fill="url(#g)" style="stroke: url(\'#g\')"/></a>'
    )
    put(bank, "d.svg", svg(body))
    assert ImageStore().load(bank / "q.yaml", "d.svg").kind == "svg"


def test_xml_declaration_comments_and_doctype_without_entities_are_fine(bank: Path) -> None:
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- drawn by hand -->\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    )
    put(bank, "d.svg", svg(head=head))
    assert ImageStore().load(bank / "q.yaml", "d.svg").kind == "svg"


# --- caching and media names ---------------------------------------------------------------------


def test_same_file_from_two_question_files_is_read_once(bank: Path) -> None:
    put(bank, "images/fig.png", png_bytes())
    (bank / "two.yaml").write_text("deck: D\n", encoding="utf-8")
    (bank / "images" / "three.yaml").write_text("deck: D\n", encoding="utf-8")
    store = ImageStore()
    first = store.load(bank / "q.yaml", "images/fig.png")
    second = store.load(str(bank / "two.yaml"), "./images/fig.png")
    third = store.load(bank / "images" / "three.yaml", "fig.png")
    assert store.reads == 1
    assert first.read() == second.read() == third.read()
    assert first.media_name == second.media_name == third.media_name
    assert (first.path, second.path, third.path) == (
        os.path.join(str(bank), "images/fig.png"),
        os.path.join(str(bank), "./images/fig.png"),
        os.path.join(str(bank), "images", "fig.png"),
    )
    put(bank, "images/other.png", png_bytes((0, 0, 0)))
    store.load(bank / "q.yaml", "images/other.png")
    assert store.reads == 2


def test_a_refused_file_is_read_once_and_refused_for_each_src(bank: Path) -> None:
    put(bank, "images/fig.png", JPEG)
    store = ImageStore()
    for src in ("images/fig.png", "./images/fig.png"):
        with pytest.raises(ImageError, match=f"^image '{src}': its bytes are a JPEG; rename it to .jpg$"):
            store.load(bank / "q.yaml", src)
    assert store.reads == 1


def test_media_names_follow_content_not_file_name(tmp_path: Path) -> None:
    store = ImageStore()
    a = put(tmp_path, "a/fig.png", png_bytes((255, 0, 0)))
    b = put(tmp_path, "b/fig.png", png_bytes((0, 255, 0)))
    c = put(tmp_path, "c/copy-of-a.png", png_bytes((255, 0, 0)))
    names = [store.load(p.parent / "q.yaml", p.name).media_name for p in (a, b, c)]
    assert names[0] != names[1]
    assert names[0] == names[2]
    assert ImageStore().load(a.parent / "q.yaml", "fig.png").media_name == names[0]  # stable across builds
    a.write_bytes(png_bytes((255, 0, 1)))
    assert ImageStore().load(a.parent / "q.yaml", "fig.png").media_name != names[0]  # an edit changes it


# --- the path ------------------------------------------------------------------------------------


@pytest.mark.parametrize("src", ["", "   "])
def test_empty_src(bank: Path, src: str) -> None:
    assert "empty" in refusal(bank / "q.yaml", src)


@pytest.mark.parametrize("src", ["/x.png", "\\x.png", "C:\\x.png", "C:/x.png", "c:x.png", "//host/x.png"])
def test_absolute_paths(bank: Path, src: str) -> None:
    assert "absolute paths are not allowed" in refusal(bank / "q.yaml", src)


def test_absolute_path_to_a_real_image_inside_the_folder_is_still_refused(bank: Path) -> None:
    path = put(bank, "images/fig.png", png_bytes())
    assert "absolute paths are not allowed" in refusal(bank / "q.yaml", str(path))


@pytest.mark.parametrize(
    "src",
    [
        "http://example.com/x.png",
        "https://example.com/x.png",
        "HTTPS://example.com/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd.png",
        "javascript:alert(1)//.png",
        "ftp://example.com/x.png",
        "blob:https://example.com/1.png",
        "view-source+x.y:z.png",
    ],
)
def test_urls(bank: Path, src: str) -> None:
    scheme = src.split(":", 1)[0].lower()
    message = refusal(bank / "q.yaml", src)
    assert f"URLs ({scheme}:) are not allowed" in message


def test_backslashes(bank: Path) -> None:
    put(bank, "images/fig.png", png_bytes())
    message = refusal(bank / "q.yaml", "images\\fig.png")
    assert "use '/' between folders" in message and "'images/fig.png'" in message


@pytest.mark.parametrize("src", ["../secret.png", "images/../../secret.png", "./../secret.png", ".."])
def test_dotdot_leaving_the_folder(bank: Path, src: str) -> None:
    put(bank.parent, "secret.png", png_bytes())
    assert "'..' leads outside the question file's folder" in refusal(bank / "q.yaml", src)


def test_symlinked_file_out_of_the_folder(bank: Path) -> None:
    secret = put(bank.parent, "secret.png", png_bytes())
    (bank / "images" / "fig.png").symlink_to(secret)
    assert "symbolic link" in refusal(bank / "q.yaml", "images/fig.png")


def test_symlinked_folder_out_of_the_folder(bank: Path) -> None:
    put(bank.parent, "outside/fig.png", png_bytes())
    (bank / "pictures").symlink_to(bank.parent / "outside", target_is_directory=True)
    assert "symbolic link" in refusal(bank / "q.yaml", "pictures/fig.png")


def test_symlink_through_a_folder_then_dotdot_out(bank: Path) -> None:
    """``link/..`` follows the link first, as the operating system does: here that leaves the bank."""
    put(bank.parent, "deep/secret.png", png_bytes())
    (bank.parent / "deep" / "inner").mkdir()
    (bank / "hop").symlink_to(bank.parent / "deep" / "inner", target_is_directory=True)
    assert "symbolic link" in refusal(bank / "q.yaml", "hop/../secret.png")


@pytest.fixture(params=["absolute", "relative", "through-symlinked-folder", "dot-relative"])
def question_file(request: pytest.FixtureRequest, bank: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The same question file, named on the command line in each way an author might."""
    put(bank, "images/fig.png", png_bytes())
    put(bank.parent, "secret.png", png_bytes((1, 2, 3)))
    (bank / "images" / "escape.png").symlink_to(bank.parent / "secret.png")
    (bank.parent / "linked-bank").symlink_to(bank, target_is_directory=True)
    monkeypatch.chdir(bank.parent)
    return {
        "absolute": str(bank / "q.yaml"),
        "relative": "bank/q.yaml",
        "through-symlinked-folder": "linked-bank/q.yaml",
        "dot-relative": "./linked-bank/../bank/q.yaml",
    }[request.param]


def test_containment_holds_however_the_bank_is_named(question_file: str) -> None:
    store = ImageStore()
    assert store.load(question_file, "images/fig.png").read() == png_bytes()
    assert "symbolic link" in refusal(question_file, "images/escape.png")
    assert "'..'" in refusal(question_file, "../secret.png")


def test_missing_file(bank: Path) -> None:
    message = refusal(bank / "q.yaml", "images/nope.png")
    assert "no such file" in message and os.path.join(str(bank), "images/nope.png") in message


def test_folder(bank: Path) -> None:
    (bank / "images" / "sub.png").mkdir()
    assert "is a folder" in refusal(bank / "q.yaml", "images/sub.png")
    assert "ends with '/'" in refusal(bank / "q.yaml", "images/sub.png/")


def test_fifo_is_refused_without_opening_it(bank: Path) -> None:
    os.mkfifo(bank / "images" / "pipe.png")  # opening it for reading would block until a writer came
    store = ImageStore()
    with pytest.raises(ImageError, match="not a regular file"):
        store.load(bank / "q.yaml", "images/pipe.png")
    assert store.reads == 0


def test_oversize_file_is_refused_before_reading(bank: Path) -> None:
    path = put(bank, "images/huge.png", png_bytes())
    with path.open("r+b") as handle:
        handle.truncate(MAX_IMAGE_BYTES + 1)  # sparse: no disk used
    store = ImageStore()
    with pytest.raises(ImageError, match=r"5,242,881 bytes, over the limit of 5,242,880 bytes"):
        store.load(bank / "q.yaml", "images/huge.png")
    assert store.reads == 0


@pytest.mark.parametrize("name", ["notes.txt", "fig.bmp", "fig.svgz", "fig", "images/.png", "fig.png.exe"])
def test_unsupported_extensions(bank: Path, name: str) -> None:
    put(bank, name, png_bytes())
    message = refusal(bank / "q.yaml", name)
    assert "use a PNG, JPEG, GIF, WebP or SVG file" in message


# --- the bytes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("fig.png", JPEG, "its bytes are a JPEG; rename it to .jpg"),
        ("fig.png", svg(), "its bytes are an SVG; rename it to .svg"),
        ("fig.png", b"\x89PNX\r\n\x1a\n" + b"\x00" * 20, "its bytes are not a PNG image"),
        ("photo.jpg", png_bytes(), "its bytes are a PNG; rename it to .png"),
        ("photo.jpeg", b"\xff\xd8\x00\x00", "its bytes are not a JPEG image"),
        ("anim.gif", b"GIF88a" + b"\x00" * 20, "its bytes are not a GIF image"),
        ("anim.gif", WEBP, "its bytes are a WebP; rename it to .webp"),
        ("pic.webp", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 20, "its bytes are not a WebP image"),
        ("pic.webp", gif_bytes(), "its bytes are a GIF; rename it to .gif"),
        ("d.svg", png_bytes(), "its bytes are a PNG; rename it to .png"),
        ("d.svg", b"plain text, no markup", "not a well-formed SVG"),
        ("d.svg", b"", "not a well-formed SVG"),
        ("d.svg", b"<html><body/></html>", "root is <html>, not an SVG <svg>"),
        ("d.svg", b'<svg width="1"/>', 'lacks xmlns="http://www.w3.org/2000/svg"'),
        ("d.svg", svg()[:-3], "not a well-formed SVG"),
    ],
)
def test_bytes_must_match_the_extension(bank: Path, name: str, data: bytes, expected: str) -> None:
    put(bank, name, data)
    assert expected in refusal(bank / "q.yaml", name)


LAUGH = "&lol{};"
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [\n <!ENTITY lol0 "lol">\n'
    + "".join(f' <!ENTITY lol{n} "{LAUGH.format(n - 1) * 10}">\n' for n in range(1, 10))
    + f']>\n<svg xmlns="{SVG_NS}"><text>&lol9;</text></svg>\n'
)


def test_billion_laughs_is_refused_without_expanding(bank: Path) -> None:
    """Expanded, ``&lol9;`` is 3 * 10**9 characters: a parser that expanded it would exhaust memory."""
    put(bank, "d.svg", BILLION_LAUGHS.encode())
    assert "SVG may not declare entities" in refusal(bank / "q.yaml", "d.svg")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        '<!DOCTYPE svg [<!ENTITY % xxe SYSTEM "file://{secret}"> %xxe;]>',
        '<!DOCTYPE svg SYSTEM "file://{dtd}">',
    ],
)
def test_external_entities_never_read_the_secret(bank: Path, doctype: str) -> None:
    secret = put(bank.parent, "secret.txt", b"TOP-SECRET-4711")
    dtd = put(bank.parent, "secret.dtd", b'<!ENTITY xxe SYSTEM "file://' + str(secret).encode() + b'">')
    head = doctype.format(secret=secret, dtd=dtd)
    put(bank, "d.svg", svg(body="<text>&xxe;</text>", head=head))
    with pytest.raises(ImageError) as caught:
        ImageStore().load(bank / "q.yaml", "d.svg")
    assert "TOP-SECRET" not in caught.value.message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<script>alert(1)</script>", "SVG may not contain <script>"),
        ('<g><script xlink:href="x.js"/></g>', "SVG may not contain <script>"),
        ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', "SVG may not contain <script>"),
        ("<SCRIPT>alert(1)</SCRIPT>", "SVG may not contain <SCRIPT>"),
        ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', "<foreignObject>"),
        ('<x:foreignobject xmlns:x="urn:other"/>', "SVG may not contain <foreignobject>"),
        ('<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://example.com"/>', "HTML elements such as <iframe>"),
        ('<rect onclick="alert(1)"/>', "event attributes (onclick= on <rect>)"),
        ('<rect ONMOUSEOVER="alert(1)"/>', "event attributes (ONMOUSEOVER="),
        ('<rect xmlns:e="urn:e" e:onload="alert(1)"/>', "event attributes (onload="),
        ('<a href="https://example.com"><rect/></a>', "SVG may only link to #fragments"),
        ('<a xlink:href="javascript:alert(1)"><rect/></a>', "href='javascript:alert(1)'"),
        ('<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>', "href='data:image/png"),
        ('<use xlink:href="other.svg#shape"/>', "href='other.svg#shape'"),
        ('<image href="" width="1" height="1"/>', "SVG may only link to #fragments"),
        ("<style>rect { fill: url(https://example.com/a.svg#g) }</style>", "url(https://example.com/a.svg#g)"),
        ("<style><![CDATA[rect { fill: URL('x.png') }]]></style>", "outside files in CSS"),
        ("<style>rect { fill: u\\72l(x.png) }</style>", "outside files in CSS"),
        ("<style>@font-face { font-family: f; src: url(font.woff) }</style>", "outside files in CSS"),
        ("<style>rect { fill: url(/* */x.png) }</style>", "outside files in CSS"),
        ("<style>rect { background: image-set('x.png' 1x) }</style>", "CSS image functions"),
        ('<style>@import "x.css";</style>', "CSS @import"),
        ("<style>@IMPORT url(#x);</style>", "CSS @import"),
        ('<style>@\\69mport "x.css";</style>', "CSS @import"),
        ('<rect style="fill: url(http://example.com/p.svg#g)"/>', "the style= attribute of <rect>"),
        ('<rect fill="url(x.svg#g)"/>', "the fill= attribute of <rect>"),
        ("<rect filter=\" url( 'f.svg#f' )\"/>", "outside files in CSS"),
        ('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>', "may not animate 'href'"),
        ('<a><animate attributeName="xlink:href" values="javascript:alert(1)"/></a>', "may not animate 'xlink:href'"),
        ('<rect><set attributeName="onclick" to="alert(1)"/></rect>', "may not animate 'onclick'"),
    ],
)
def test_svg_must_be_a_picture_only(bank: Path, body: str, expected: str) -> None:
    put(bank, "d.svg", svg(body))
    assert expected in refusal(bank / "q.yaml", "d.svg")


def test_event_attribute_on_the_root(bank: Path) -> None:
    put(bank, "d.svg", svg(attrs=' onload="alert(1)"'))
    assert "event attributes (onload= on <svg>)" in refusal(bank / "q.yaml", "d.svg")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<?xml-stylesheet href="https://example.com/x.css"?>', "processing instructions (<?xml-stylesheet ...?>)"),
        ('<!DOCTYPE svg [<!ENTITY name "text">]>', "SVG may not declare entities"),
        ("<!DOCTYPE svg [<?evil x?>]>", "processing instructions (<?evil ...?>)"),
        ('<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>', "event attributes (onload= on <svg>)"),
    ],
)
def test_svg_prolog(bank: Path, head: str, expected: str) -> None:
    put(bank, "d.svg", svg(head=head))
    assert expected in refusal(bank / "q.yaml", "d.svg")


def test_message_names_src_and_problem(bank: Path) -> None:
    put(bank, "images/x.svg", svg("<script>alert(1)</script>"))
    assert refusal(bank / "q.yaml", "images/x.svg").startswith("image 'images/x.svg': SVG may not contain <script>")


def test_deeply_nested_svg_is_checked_without_recursion(bank: Path) -> None:
    depth = 200_000
    put(bank, "deep.svg", svg("<g>" * depth + "</g>" * depth))
    assert ImageStore().load(bank / "q.yaml", "deep.svg").kind == "svg"
    put(bank, "deep-bad.svg", svg("<g>" * depth + "<script/>" + "</g>" * depth))
    assert "<script>" in refusal(bank / "q.yaml", "deep-bad.svg")


# --- properties ----------------------------------------------------------------------------------

PIECES = ["images", "fig.png", "d.svg", "..", ".", "", "link-out", "dir-out", "pipe.png", "sub", "C:", "http:",
          "\\", "//", "~", " ", "\x00", "é", "\ud800", "x" * 300, "FIG.PNG", "%2e%2e", "#frag", "?q=1"]  # fmt: skip


@pytest.fixture(scope="module")
def property_bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("prop")
    folder = root / "bank"
    put(folder, "images/fig.png", png_bytes())
    put(folder, "images/d.svg", svg())
    put(folder, "fig.png", png_bytes())
    put(folder, "d.svg", svg("<script/>"))
    (folder / "sub").mkdir()
    put(root, "outside/fig.png", png_bytes((9, 9, 9)))
    (folder / "link-out").symlink_to(root / "outside" / "fig.png")
    (folder / "dir-out").symlink_to(root / "outside", target_is_directory=True)
    os.mkfifo(folder / "pipe.png")
    yield folder


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    src=st.one_of(
        st.text(),
        st.lists(st.sampled_from(PIECES), max_size=6).map("/".join),
        st.lists(st.sampled_from(PIECES), max_size=6).map("".join),
    )
)
def test_any_src_gives_an_image_inside_the_folder_or_a_one_line_error(property_bank: Path, src: str) -> None:
    try:
        image = ImageStore().load(property_bank / "q.yaml", src)
    except ImageError as error:
        assert error.message.startswith("image '")
        assert "\n" not in error.message and "\r" not in error.message
        return
    assert isinstance(image, ImageFile)
    real = os.path.realpath(os.path.join(property_bank, src))
    assert real.startswith(os.path.realpath(property_bank) + os.sep)
    with open(real, "rb") as handle:
        assert handle.read() == image.read()


SVG_PIECES = ["<svg", f' xmlns="{SVG_NS}"', ">", "</svg>", "<script>", "<!DOCTYPE svg [", "]>", '<!ENTITY a "b">',
              "&a;", "<?pi?>", "<style>", "</style>", "url(", "#", "x.png", ")", '<a href="', '"', "onload=",
              "<![CDATA[", "]]>", "<!--", "-->", "\x00", "é", "@import", "\\", "<g>", "</g>"]  # fmt: skip


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.lists(st.sampled_from(SVG_PIECES), max_size=20).map(lambda parts: "".join(parts).encode()),
    )
)
def test_any_svg_bytes_give_an_image_or_a_one_line_error(property_bank: Path, data: bytes) -> None:
    (property_bank / "gen.svg").write_bytes(data)
    try:
        image = ImageStore().load(property_bank / "q.yaml", "gen.svg")
    except ImageError as error:
        assert "\n" not in error.message and "\r" not in error.message
        return
    assert image.read() == data and b"<script" not in data.lower()


# --- a real browser ------------------------------------------------------------------------------


def test_good_images_decode_in_a_browser(bank: Path, browser: Browser) -> None:
    """The data URIs a printed quiz would embed really show: each sample decodes to its own size."""
    store = ImageStore()
    uris = {}
    for kind, (name, data) in GOOD.items():
        put(bank, f"images/{name}", data)
        uris[kind] = store.load(bank / "q.yaml", f"images/{name}").data_uri
    page = browser.new_page()
    try:
        sizes = page.evaluate(
            """uris => Promise.all(Object.entries(uris).map(([kind, uri]) => new Promise(done => {
                const img = new Image();
                img.onload = () => done([kind, img.naturalWidth, img.naturalHeight]);
                img.onerror = () => done([kind, 'error']);
                img.src = uri;
            })))""",
            uris,
        )
    finally:
        page.close()
    assert sorted(map(tuple, sizes)) == [("gif", 1, 1), ("jpeg", 2, 1), ("png", 1, 1), ("svg", 4, 4), ("webp", 2, 1)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "latin-1"])
@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('<rect onload="x"/>', "event attributes"),
        ("<script>x</script>", "<script>"),
        ('<a xlink:href="http://example.com/x"><rect/></a>', "#fragments"),
        ("<foreignObject/>", "foreignObject"),
    ],
)
def test_hostile_svg_is_refused_in_any_encoding_expat_reads(
    tmp_path: Path, encoding: str, body: str, needle: str
) -> None:
    """The fast paths for plain drawings search bytes; a file in another encoding must still be checked."""
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{body}</svg>'
    )
    (tmp_path / "d.svg").write_bytes(text.encode(encoding))
    with pytest.raises(ImageError) as caught:
        ImageStore().load(tmp_path / "q.yaml", "d.svg")
    assert needle in caught.value.message


def test_a_checked_image_is_read_again_through_its_link_and_held_to_its_digest(
    bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cached bank keeps no bytes: a later read follows the path again, and takes only the bytes checked."""
    from quizgen import images

    put(bank, "pictures/fig.png", png_bytes())
    (bank / "alias.png").symlink_to(bank / "pictures" / "fig.png")
    image = ImageStore().load(bank / "q.yaml", "alias.png")
    monkeypatch.setattr(images, "_CONTENT", {})  # as in a later run
    assert image.read() == png_bytes()
    monkeypatch.setattr(images, "_CONTENT", {})
    put(bank, "pictures/fig.png", png_bytes((9, 9, 9)))
    with pytest.raises(QuizgenError, match="it changed after it was checked"):
        image.read()
