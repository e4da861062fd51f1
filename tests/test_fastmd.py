"""The shortcuts (boardpapers/fastmd.py) must never change what Python-Markdown writes."""
from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from markdown import blockprocessors, util
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.preprocessors import NormalizeWhitespace
from markdown.treeprocessors import UnescapeTreeprocessor
from mkdocs.structure.pages import _RawHTMLPreprocessor

from boardpapers import fastmd, synth
from boardpapers.sanitize import SanitiseExtension
from conftest import ROOT

EXTENSIONS = ["toc", "tables", "fenced_code", "def_list", "admonition"]  # mkdocs.yml's and MkDocs' built-in
# Each marker and near-marker, alone and at the edges of plain text.
TRICKY = [
    "Plain words only.", "A `code` span", "back\\slash \\* escaped", "[link](https://example.org) and [ref][r]",
    "[r]: https://example.org", "![picture](a.png)", "<https://example.org>", "<someone@example.org>",
    "line  \nbreak", "trailing two spaces  ", "<b>raw</b> html", "&amp; &#163; &copy; & alone", "* alone *",
    "*em* **strong** ***both***", "_em_ __strong__ snake_case_word", "a <= b > c", "100% ~ ^ $ # | { }",
    "Agenda item 5.1 [[2019-09-18#5.1]]", "| a | b |\n|---|---|\n| 1 | 2 |", "Term\n:   Definition",
    "!!! note\n    Admonition *body*", "# Heading with _marks_\n\n## Plain heading", "> quote\n\n- list\n- items",
    "## Fish & chips\n\n### A < B\n\n#### `code` heading\n\n## Same\n\n## Same", "## No\xa0break\n\n## \\*escaped\\*",
    "## <b>raw</b> heading {: #custom }", "## Heading  \n\n[TOC]\n\n## Second", "Setext heading\n---\n\ntext",
    # Near-misses and hits for the block tests' shortcut (the character each test needs, in and out of place).
    "Setext one\n===\n\nno # heading here\nline\n#tight heading", "***\n\n_ _ _\n\n- - -\n\na-b_c*d",
    "a > b\n> quoted after text", "At 10:30: no list\n: a definition", "a | b\n\n| one column |\n|---|",
    "!!! note \"Title\"\n    body\n\n    more body, an indented continuation", "!! not one\n\n    indented code",
    # For the steps before and after the parse: tabs, lines of spaces, carriage returns, control characters the
    # placeholders use, entities without a semicolon, escapes in links and tables, nesting and line breaks.
    "a\tb\n\n\tcode\tblock", "para\n   \nnext\n \n", "one\r\ntwo\rthree", "x\x02y\x03z \\* \x02",
    "&amp alone &copy ok &#163 &#x41 no semicolons", "[a\\]b](https://example.org/\\_x)",
    "| a \\| b | c |\n|---|---|\n| 1 | 2 |",
    "- one\n    - nested\n\n> quote\n> > nested\n\n1. a\n2. b", "line  \nbreak  \nagain",
    "    code  \n\n\n", "```\nfenced <b> & \\*\n```\n\n~~~ {.python}\nx = 1\n~~~", "`` ``` `` inline, ~~ two",
    "~~~\ntilde fence *x*\n~~~", "<div id=\"raw\">\nblock\n</div>\n\nafter <span id=\"inline\">x</span>",
]


CONFIGS = {"toc": {"permalink": False, "marker": ""}}  # mkdocs.yml's


def converted(text: str, shortcut: bool) -> str:
    """`text` as HTML, and its headings as MkDocs reads them (toc_tokens), from a fresh converter with
    mkdocs.yml's extensions and the sanitiser, with or without the shortcuts."""
    md = markdown.Markdown(extensions=[*EXTENSIONS, SanitiseExtension()], extension_configs=CONFIGS)
    if shortcut:
        assert fastmd.shortcut_inline(md) and fastmd.shortcut_toc(md)
        assert fastmd.shortcut_blocks(md) == len(fastmd.NEEDS) + 1  # and the admonition's
        assert fastmd.shortcut_steps(md) == 5
    return md.convert(text) + "\n" + repr(md.toc_tokens)  # type: ignore[attr-defined]


def sample_texts() -> list[str]:
    """The body of every sample content file."""
    return [p.read_text("utf-8").split("\n---\n", 1)[-1] for p in sorted((ROOT / "content").rglob("*.md"))]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_converts_the_same_with_the_shortcut(text: str) -> None:
    assert converted(text, True) == converted(text, False)


def test_every_sample_and_synthetic_paper_converts_the_same_with_the_shortcut(tmp_path: Path) -> None:
    synth.generate(tmp_path / "content", 30, seed=3)
    texts = sample_texts() + [p.read_text("utf-8").split("\n---\n", 1)[-1]
                              for p in sorted((tmp_path / "content").rglob("*.md"))]
    assert len(texts) > 40
    for text in texts:
        assert converted(text, True) == converted(text, False)


def test_the_shortcut_skips_plain_text_and_not_marked_text() -> None:
    md = markdown.Markdown(extensions=EXTENSIONS)
    inline = md.treeprocessors["inline"]
    tried: list[str] = []
    apply = inline._InlineProcessor__applyPattern

    def spy(pattern, data, index, start=0):  # type: ignore[no-untyped-def]
        tried.append(data)
        return apply(pattern, data, index, start)

    inline._InlineProcessor__applyPattern = spy  # what the original inline step calls for each pattern
    assert fastmd.shortcut_inline(md)
    assert md.convert("Plain words.\n\nSome *marked* words.") == (
        "<p>Plain words.</p>\n<p>Some <em>marked</em> words.</p>")
    assert "Plain words." not in tried and "Some *marked* words." in tried


def test_no_shortcut_when_an_extension_adds_inline_patterns() -> None:
    md = markdown.Markdown(extensions=EXTENSIONS)
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "strike", 55)
    assert fastmd.shortcut_inline(md) is False
    assert md.convert("a ~~b~~ c") == "<p>a <del>b</del> c</p>"


def test_block_tests_without_their_character_are_not_run() -> None:
    md = markdown.Markdown(extensions=EXTENSIONS)
    tried: list[str] = []
    header = md.parser.blockprocessors["hashheader"]
    search = header.RE.search
    header.RE = type("Spy", (), {"search": lambda self, block: tried.append(block) or search(block)})()
    fastmd.shortcut_blocks(md)
    assert md.convert("Plain words.\n\n## A heading") == '<p>Plain words.</p>\n<h2 id="a-heading">A heading</h2>'
    assert "Plain words." not in tried and "## A heading" in tried


@pytest.mark.parametrize("text", TRICKY)
def test_the_raw_html_ids_mkdocs_collects_are_the_same_with_the_shortcut(text: str) -> None:
    lines = text.split("\n")
    theirs, ours = _RawHTMLPreprocessor(), fastmd.QuickRawHTML()
    assert ours.run(lines) == theirs.run(lines) == lines
    assert ours.present_anchor_ids == theirs.present_anchor_ids


def test_the_raw_html_shortcut_finds_ids_and_skips_text_without_tags() -> None:
    quick = fastmd.QuickRawHTML()
    quick.run(['<p id="here">x</p>', "text"])
    assert quick.present_anchor_ids == {"here"}
    quick.run(["no tags & no ids"])
    assert quick.present_anchor_ids == set()


def test_no_step_shortcut_when_an_extension_adds_a_preprocessor() -> None:
    md = markdown.Markdown(extensions=[*EXTENSIONS, "abbr"])
    md.preprocessors.register(NormalizeWhitespace(md), "another", 5)
    assert fastmd.shortcut_steps(md) == 1  # the prettifier's only: it needs no note from before the parse
    assert type(md.treeprocessors["unescape"]) is UnescapeTreeprocessor
    assert md.convert("a \\* b") == "<p>a * b</p>"


def test_escapes_are_restored_when_the_text_has_a_backslash() -> None:
    md = markdown.Markdown(extensions=EXTENSIONS)
    assert fastmd.shortcut_steps(md) == 5
    assert md.convert("\\*not em\\* and *em*") == "<p>*not em* and <em>em</em></p>"
    assert md.convert("plain") == "<p>plain</p>"


def test_the_block_processors_listed_once_follow_changes() -> None:
    md = markdown.Markdown(extensions=EXTENSIONS)
    fastmd.shortcut_blocks(md)
    processors = md.parser.blockprocessors
    assert type(processors) is fastmd.ListedOnce
    first = list(processors)
    assert first == list(util.Registry.__iter__(processors)) and list(processors) == first
    processors.deregister("hashheader")
    assert md.convert("# not a heading") == "<p># not a heading</p>"
    assert processors["setextheader"] in list(processors) and len(list(processors)) == len(first) - 1
    processors.register(blockprocessors.HashHeaderProcessor(md.parser), "hashheader", 70)
    assert md.convert("# a heading") == '<h1 id="a-heading">a heading</h1>'
