"""Inline Markdown and escaping, as every output shows question text."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from quizgen.kinds.cloze import parse_cloze
from quizgen.model import Deletion
from quizgen.render import render_cloze, to_html, to_plain, to_rich


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


def test_commonmark_underscores_and_backslash_escapes() -> None:
    assert to_html(r"\*not\* _it_ __b__ snake_case_word") == "*not* <i>it</i> <b>b</b> snake_case_word"
    assert to_plain(r"\*not\* _it_ __b__") == "*not* it b"
    assert to_html("``a ` b``") == "<code>a ` b</code>"


def test_only_inline_markdown_the_rest_stays_literal() -> None:
    assert to_html("# h [a](b) 1. x <b>") == "# h [a](b) 1. x &lt;b&gt;"


def test_images_use_the_map_given_and_fall_back_to_their_alt_text() -> None:
    shown = to_html('![a *b*](x.png) ![c](y.png "t")', {"x.png": "data:image/png;base64,AA=="})
    assert shown == '<img src="data:image/png;base64,AA==" alt="a b"> c'
    assert to_plain("see ![the cord](x.png)") == "see [image: the cord]"


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


def pieces(prompt: str) -> tuple[str | Deletion, ...]:
    parsed, problems = parse_cloze(prompt)
    assert not problems, problems
    return parsed


def test_cloze_deletions_keep_the_emphasis_around_them() -> None:
    prompt = pieces("**bold {{c1::x::h}} text** and {{c2::`y`}}")
    assert prompt == ("**bold ", Deletion(1, "x", "h"), " text** and ", Deletion(2, "`y`"))
    shown = render_cloze(prompt, to_html, lambda d: f"[{d.number}:{d.text}]")
    assert shown == "<b>bold [1:x] text</b> and [2:`y`]"


def test_cloze_prompt_holding_the_placeholder_characters_still_renders() -> None:
    shown = render_cloze(pieces("a \ue000 *b* {{c1::x}} \ue001 c"), to_html, lambda d: f"<{d.text}>")
    assert shown == "a \ue000 <i>b</i> <x> \ue001 c"


def test_bold_italic_nests_properly_and_a_block_scalars_final_newline_adds_no_break() -> None:
    # CommonMark: ``***x***`` is emphasis around strong emphasis
    assert to_html("***both*** and **b** *i*") == "<i><b>both</b></i> and <b>b</b> <i>i</i>"
    assert to_html("**a *b** c*") == "<i><i>a <i>b</i></i> c</i>"
    assert to_html("line one\nline two\n") == "line one<br>line two"


def test_control_characters_cannot_drive_the_terminal() -> None:
    shown = render_terminal(to_rich("red \x1b[31malert\x07"))
    assert "\x1b" not in shown and "\x07" not in shown and "alert" in shown


@given(st.text(alphabet=st.sampled_from(list("ab Z9-().,;:?!*_`\\[]<&'\"\n\x00é")), max_size=40) | st.text())
def test_the_fast_paths_render_exactly_as_markdown_it_does(text: str) -> None:
    """``to_html`` skips the parser for plain text and simple ``**strong**`` and ``*em*``: never another result."""
    from quizgen.render import _HTML, _render_tokens

    assert to_html(text) == _render_tokens(text.rstrip("\r\n"), _HTML, None)


@pytest.mark.parametrize("text", ["Why **spasticity**?", "(**GABA-B** receptor) and **a b**.", "x**a** **b**y"])
def test_simple_strong_emphasis(text: str) -> None:
    from quizgen.render import _HTML, _render_tokens

    assert to_html(text) == _render_tokens(text, _HTML, None) and "<b>" in to_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "What is the *answer* to question 4?",
        "(*GABA-B* receptor) and **a b**, *c d*.",
        "**a** *b* **c**",
        "*a**",
        "**a*",
        "*a* b*",
        "x*a* *b*y",
        "*a*)*b*",
        "***a***",
        "*a **b** c*",
    ],
)
def test_simple_emphasis_renders_as_markdown_it_does(text: str) -> None:
    """``*word*`` between spaces takes the fast path too (the first prompt of ``play`` builds no parser)."""
    from quizgen.render import _HTML, _RICH, _render_tokens

    assert to_html(text) == _render_tokens(text, _HTML, None)
    assert to_rich(text) == _render_tokens(text, _RICH, None)


def test_a_prompt_with_simple_emphasis_builds_no_parser() -> None:
    from quizgen.render import _parser

    _parser.cache_clear()
    assert to_rich("What is the *answer* to **question** 4?") == (
        "What is the [italic]answer[/italic] to [bold]question[/bold] 4?"
    )
    assert _parser.cache_info().currsize == 0


def _plain_or(plain: str, any_chars: str, max_size: int) -> st.SearchStrategy[str]:
    """Mostly text the fast path takes, often text with a character that sends it to the parser."""
    return st.text(alphabet=st.sampled_from(list(plain)), max_size=max_size) | st.text(
        alphabet=st.sampled_from(list(plain + any_chars)), max_size=max_size
    )


_FIGURE_PATH = st.from_regex(r"[a-z0-9][a-z0-9/._-]{0,8}", fullmatch=True)
_IMAGE_TEXT = st.lists(
    st.builds("**{}**".format, _plain_or("ab Z9-", "*_ !", 6))
    | st.builds("*{}*".format, _plain_or("ab Z9-", "*_ !", 6))
    | _plain_or("ab Z9-().,;:?'\"<>", "!*_`\\[]&\n", 8)
    | st.builds("![{}]({})".format, _plain_or("ab 9().,:'\"", "!*_`[]<>&\\%", 8), _FIGURE_PATH)
    | st.builds("![{}]({})".format, _plain_or("ab 9", "!*_`[]<>&\\%", 8), _plain_or("ab9/._-", "()% \"'<>\\&:", 10)),
    max_size=5,
).map("".join)


@given(_IMAGE_TEXT)
def test_texts_with_figures_render_exactly_as_markdown_it_does(text: str) -> None:
    """Texts whose only Markdown is ``![alt](path)``, ``**strong**``, ``*em*`` skip the parser: never another result."""
    from quizgen.render import _HTML, _PLAIN, _RICH, _plain_children, _render, _render_tokens, _tokens, find_images

    shown = {src: f"media/{src}" for src in ("a", "b.png", "a/b.svg", "9", "a b", "")}
    for style in (_HTML, _RICH, _PLAIN):
        assert _render(text, style, shown) == _render_tokens(text, style, shown)
    by_parser = [t for t in _tokens(text) if t.type == "image"]
    found = find_images(text)
    assert [(use.src, use.alt) for use in found] == [
        (unquote(str(t.attrs["src"])), _plain_children(t)) for t in by_parser
    ]


def test_a_figure_between_plain_words_shows_as_an_image_with_its_alt() -> None:
    text = "Which ring? ![4-chlorophenyl (para) ring](images/baclofen.svg) See 'the' figure."
    assert to_html(text, {"images/baclofen.svg": "abc.svg"}) == (
        'Which ring? <img src="abc.svg" alt="4-chlorophenyl (para) ring"> See &#x27;the&#x27; figure.'
    )
    assert to_plain(text) == "Which ring? [image: 4-chlorophenyl (para) ring] See 'the' figure."
