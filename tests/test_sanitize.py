"""The sanitiser's shortcut for text without markup gives what nh3 itself gives."""

from __future__ import annotations

import html
import random

import markdown
import nh3
import pytest

from boardpapers.engine import sanitize

ALPHABET = [chr(c) for c in range(1, 0x250)] + list("\u2013\u2014\u2019\u201c\u00a3\u20ac\ufeff\u200b\U0001f600")


def full(html: str) -> str:
    """The sanitiser without its shortcut: nh3 with the same settings."""
    return nh3.clean(
        html,
        tags=sanitize.TAGS,
        attributes=sanitize.ATTRIBUTES,
        url_schemes=sanitize.URL_SCHEMES,
        link_rel=None,
        generic_attribute_prefixes={"aria-"},
        strip_comments=True,
    )


def test_text_without_markup_is_returned_as_nh3_returns_it() -> None:
    rng = random.Random(8)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    texts = [t for t in texts if sanitize.MARKUP_RE.search(t) is None]
    assert len(texts) > 1000
    assert [t for t in texts if sanitize.clean(t) != full(t)] == []


@pytest.mark.parametrize(
    "html",
    ["a < b", "a & b", "line\r\nbreak", "no\xa0break", "<script>x</script>y", '<p onclick="x()">p</p>', "nul\0char"],
)
def test_text_with_markup_still_goes_through_nh3(html: str) -> None:
    assert sanitize.clean(html) == full(html)


# ---- a table column's alignment: the one style a page may carry (issue 20) ----

ALIGNED = [
    "text-align: right;",
    "text-align: left;",
    "text-align: center;",
    "TEXT-ALIGN:RIGHT",
    " text-align : center ",
]
HOSTILE_STYLES = [
    "background: url(https://evil.example/track.png)",
    "text-align: right; background-image: url('javascript:alert(1)')",
    "width: expression(alert(1))",
    "position: fixed; top: 0; left: 0; width: 100%; height: 100%",
    "text-align: right; position: fixed",
    "text-align: right;;",
    "text-align: justify;",
    "text-align: right /* */;",
    "text-align: r\\69ght;",
    "-moz-binding: url(x.xml#xss)",
    "behavior: url(x.htc)",
    "text-align: right; }",
    "",
]


def cell(style: str, tag: str = "td") -> str:
    """A table whose one cell carries `style`."""
    return f'<table><tbody><tr><{tag} style="{html.escape(style)}">9</{tag}></tr></tbody></table>'


def both(text: str) -> dict[str, str]:
    """`text` as the page's allow-list and as the content's leave it."""
    return {"page": sanitize.clean(text), "content": sanitize.clean_content(text, lambda url: None)}


@pytest.mark.parametrize("tag", ["td", "th"])
@pytest.mark.parametrize("style", ALIGNED)
def test_a_cells_alignment_is_kept_written_one_way(style: str, tag: str) -> None:
    word = style.strip().split(":")[1].strip(" ;").lower()
    expected = f'<table><tbody><tr><{tag} style="text-align: {word};">9</{tag}></tr></tbody></table>'
    assert both(cell(style, tag)) == {"page": expected, "content": expected}


@pytest.mark.parametrize("style", HOSTILE_STYLES)
def test_any_other_style_is_removed_whole(style: str) -> None:
    expected = "<table><tbody><tr><td>9</td></tr></tbody></table>"
    assert both(cell(style)) == {"page": expected, "content": expected}


@pytest.mark.parametrize("tag", ["p", "span", "div", "table", "tr", "a", "img", "STYLE"])
def test_no_other_element_keeps_even_an_alignment(tag: str) -> None:
    text = f'<{tag} style="text-align: right;" STYLE="color: red">x</{tag}>'
    assert [out for out in both(text).values() if "style" in out.lower()] == []


def test_a_markdown_tables_alignment_reaches_the_cells() -> None:
    """Python-Markdown's tables extension writes `---:` as the style kept above, on every cell of the column."""
    text = markdown.markdown("| Item | £000 |\n|---|---:|\n| Pay | 1,234 |\n", extensions=["tables"])
    assert (
        both(text)["content"]
        == both(text)["page"]
        == (
            '<table>\n<thead>\n<tr>\n<th>Item</th>\n<th style="text-align: right;">£000</th>\n</tr>\n</thead>\n'
            '<tbody>\n<tr>\n<td>Pay</td>\n<td style="text-align: right;">1,234</td>\n</tr>\n</tbody>\n</table>'
        )
    )
