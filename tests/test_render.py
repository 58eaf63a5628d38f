"""Inline Markdown and escaping, as every output shows question text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from quizgen.render import to_html, to_plain, to_rich


def test_markdown_to_html() -> None:
    assert to_html("**GABA-B** is *not* `GABA-A`") == "<b>GABA-B</b> is <i>not</i> <code>GABA-A</code>"


def test_raw_html_is_shown_literally() -> None:
    assert to_html('<script>alert("x")</script> & <b>') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;"
    )


def test_code_spans_keep_their_stars_and_lone_stars_stay() -> None:
    assert to_html("`a*b*c` and 2 * 3 * 4") == "<code>a*b*c</code> and 2 * 3 * 4"


def test_line_breaks_survive_in_html() -> None:
    assert to_html("one\ntwo") == "one<br>two"


def render_terminal(markup: str) -> str:
    console = Console(width=200, color_system=None, record=True)
    console.print(markup, end="")
    return console.export_text()


def test_rich_markup_in_questions_is_literal_and_markdown_is_styled() -> None:
    markup = to_rich("[red]danger[/red] **bold**")
    assert render_terminal(markup) == "[red]danger[/red] bold"
    spans = Text.from_markup(markup).spans
    assert any("bold" in str(s.style) for s in spans)


def test_plain_drops_markers() -> None:
    assert to_plain("**a** *b* `c`") == "a b c"


@given(st.text(max_size=60))
def test_html_never_lets_a_tag_through(text: str) -> None:
    out = to_html(text)
    stripped = out.replace("<b>", "").replace("</b>", "").replace("<i>", "").replace("</i>", "")
    stripped = stripped.replace("<code>", "").replace("</code>", "").replace("<br>", "")
    assert "<" not in stripped and ">" not in stripped


@given(st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=60))
def test_terminal_shows_every_visible_character(text: str) -> None:
    # Whatever the text, Rich renders it without a markup error, and the words survive.
    shown = render_terminal(to_rich(text))
    for word in to_plain(text).split():
        if "*" not in word and "`" not in word:
            assert word in shown


def test_cloze_deletions_keep_the_emphasis_around_them() -> None:
    from quizgen.render import render_cloze

    shown = render_cloze("**bold {{c1::x::h}} text** and {{c2::`y`}}", to_html, lambda d: f"[{d.number}:{d.text}]")
    assert shown == "<b>bold [1:x] text</b> and [2:`y`]"


def test_cloze_prompt_holding_the_placeholder_characters_still_renders() -> None:
    from quizgen.render import render_cloze

    shown = render_cloze("a \ue000 *b* {{c1::x}} \ue001 c", to_html, lambda d: f"<{d.text}>")
    assert shown == "a \ue000 <i>b</i> <x> \ue001 c"


def test_bold_italic_nests_properly_and_a_block_scalars_final_newline_adds_no_break() -> None:
    assert to_html("***both*** and **b** *i*") == "<b><i>both</i></b> and <b>b</b> <i>i</i>"
    assert to_html("line one\nline two\n") == "line one<br>line two"


def test_control_characters_cannot_drive_the_terminal() -> None:
    shown = render_terminal(to_rich("red \x1b[31malert\x07"))
    assert "\x1b" not in shown and "\x07" not in shown and "alert" in shown
