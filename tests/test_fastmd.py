"""The shortcuts (boardpapers/fastmd.py) must never change what Python-Markdown writes."""
from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from markdown.inlinepatterns import SimpleTagInlineProcessor

from boardpapers import fastmd, synth
from boardpapers.sanitize import SanitiseExtension
from conftest import ROOT

EXTENSIONS = ["toc", "tables", "def_list", "admonition"]  # mkdocs.yml's
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
]


CONFIGS = {"toc": {"permalink": False, "marker": ""}}  # mkdocs.yml's


def converted(text: str, shortcut: bool) -> str:
    """`text` as HTML, and its headings as MkDocs reads them (toc_tokens), from a fresh converter with
    mkdocs.yml's extensions and the sanitiser, with or without the shortcuts."""
    md = markdown.Markdown(extensions=[*EXTENSIONS, SanitiseExtension()], extension_configs=CONFIGS)
    if shortcut:
        assert fastmd.shortcut_inline(md) and fastmd.shortcut_toc(md)
        assert fastmd.shortcut_blocks(md) == len(fastmd.NEEDS) + 1  # and the admonition's
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
