"""Shortcuts for Python-Markdown's inline step, which was half of converting a paper (measured: see README), for
its table-of-contents step, for the tests its block parser runs on every block, and for the steps before and
after the parse that have nothing to do in a paper without raw HTML, entities, escapes or tabs.

Python-Markdown tries each of its inline patterns, one regular expression after another, on every run of text
in the page, though most of a board paper is plain sentences. Each default pattern needs one of a few marker
characters (a backtick, backslash, bracket, angle bracket, ampersand, asterisk, underscore) or a hard line
break (two spaces before a new line) to match at all, so text without any of them comes out of the inline step
unchanged: it is handed back at once. With patterns from other extensions in mkdocs.yml the shortcut is not
taken, since their markers are not known. tests/test_fastmd.py converts the same text both ways.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Callable

import markdown
from markdown import blockprocessors, preprocessors, treeprocessors, util
from markdown.extensions import admonition, def_list, fenced_code, tables, toc
from mkdocs.structure.pages import _HTMLHandler, _RawHTMLPreprocessor

# The patterns Python-Markdown 3.x registers itself (markdown.inlinepatterns.build_inlinepatterns).
DEFAULT_PATTERNS = frozenset({
    "backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
    "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "not_strong", "em_strong",
    "em_strong2"})
# What at least one default pattern needs in a text for it to match.
MARKERS_RE = re.compile(r"[`\\\[<&*_]|  \n")


def shortcut_inline(md: markdown.Markdown) -> bool:
    """Make `md`'s inline step hand back text without markers at once; say whether it could (default patterns)."""
    if set(md.inlinePatterns._data) != DEFAULT_PATTERNS or "inline" not in md.treeprocessors:
        return False
    inline = md.treeprocessors["inline"]
    handle: Callable[..., str] = inline._InlineProcessor__handleInline  # type: ignore[attr-defined]
    search = MARKERS_RE.search

    def handle_unless_plain(data: str, patternIndex: int = 0) -> str:  # noqa: N803 (Python-Markdown's name)
        return handle(data, patternIndex) if search(data) else data

    # The instance attribute is what the processor's own calls (self.__handleInline) find first.
    inline._InlineProcessor__handleInline = handle_unless_plain  # type: ignore[attr-defined]
    return True


# What a heading's text may hold for its inner HTML to be the text itself: no element, no placeholder
# (\x02...\x03: stashed HTML, escapes, ampersands), nothing the serializer escapes.
PLAIN_HEADING_RE = re.compile(r"[\x02\x03&<>]")


def quick_inner_html(el: etree.Element, md: markdown.Markdown) -> str:
    """toc's render_inner_html (serialise a heading, unescape, cut its tag off, run the postprocessors): for a
    heading of plain text, the serialising and unescaping give back the text, so only the postprocessors run."""
    text = el.text or ""
    if len(el) or PLAIN_HEADING_RE.search(text):
        return _RENDER_INNER_HTML(el, md)
    return toc.run_postprocessors(text.strip(), md)


_RENDER_INNER_HTML = toc.render_inner_html


class _QuickToc(toc.TocTreeprocessor):
    """The table-of-contents step with quick_inner_html, and without its HTML table of contents when no marker
    asks for one: MkDocs reads the headings from md.toc_tokens, never md.toc (a third of this step's time)."""

    def run(self, doc: etree.Element) -> None:
        toc.render_inner_html = quick_inner_html  # what the step calls, for this step only
        try:
            super().run(doc)
        finally:
            toc.render_inner_html = _RENDER_INNER_HTML

    def build_toc_div(self, toc_list: list) -> etree.Element:
        if self.marker:
            return super().build_toc_div(toc_list)
        return etree.Element("div", {"class": "toc"})


def shortcut_toc(md: markdown.Markdown) -> bool:
    """Make `md`'s table-of-contents step quicker (see quick_inner_html, _QuickToc); say whether it has one."""
    processor = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
    if type(processor) is not toc.TocTreeprocessor:
        return False
    processor.__class__ = _QuickToc  # the same instance and configuration (tests/test_fastmd.py: same output)
    return True


# For each block processor whose test is a search for a pattern, or a parse of rows, that cannot succeed
# without a certain character: that character (the paragraphs of a paper have none of most of them, and each
# test ran on every block). The admonition's test also looks for an indented continuation, which is kept.
NEEDS: dict[type, tuple[str, ...]] = {
    blockprocessors.HashHeaderProcessor: ("#",),
    blockprocessors.SetextHeaderProcessor: ("\n=", "\n-"),
    blockprocessors.HRProcessor: ("-", "_", "*"),
    blockprocessors.BlockQuoteProcessor: (">",),
    def_list.DefListProcessor: (":",),
    tables.TableProcessor: ("|",),
}


class ListedOnce(util.Registry):
    """A Registry that lists its items in order once per change, not on each iteration: the block parser goes
    through its processors for every block, and each time the Registry built a new list of them."""

    def register(self, item: object, name: str, priority: float) -> None:
        self.__dict__.pop("bp_items", None)
        super().register(item, name, priority)

    def deregister(self, name: str, strict: bool = True) -> None:
        self.__dict__.pop("bp_items", None)
        super().deregister(name, strict)

    def __iter__(self):  # type: ignore[no-untyped-def]
        items = self.__dict__.get("bp_items")
        if items is None:
            items = self.__dict__["bp_items"] = list(super().__iter__())
        return iter(items)


def shortcut_blocks(md: markdown.Markdown) -> int:
    """Make the block tests of NEEDS (and the admonition's search) answer no at once for a block without the
    character they need, and the block processors listed once (ListedOnce); return how many tests were given
    the shortcut."""
    if type(md.parser.blockprocessors) is util.Registry:
        md.parser.blockprocessors.__class__ = ListedOnce
    given = 0
    for processor in md.parser.blockprocessors:
        kind = type(processor)
        if kind in NEEDS:
            processor.test = _needing(processor.test, NEEDS[kind])  # type: ignore[method-assign]
        elif kind is admonition.AdmonitionProcessor:
            processor.test = _admonition_test(processor)  # type: ignore[method-assign]
        else:
            continue
        given += 1
    return given


def _needing(test: Callable[..., bool], needles: tuple[str, ...]) -> Callable[..., bool]:
    """`test`, answered False without running it when the block holds none of `needles` (one to three: written
    out, as any() over them cost more than the searches it saved)."""
    if not 1 <= len(needles) <= 3:
        raise ValueError(f"one to three needles, not {needles!r}")
    first, second, third = (*needles, *needles[-1:] * 2)[:3]  # padded with the last: the same answer

    def quick(parent: etree.Element, block: str) -> bool:
        return (first in block or second in block or third in block) and test(parent, block)
    return quick


def _admonition_test(processor: admonition.AdmonitionProcessor) -> Callable[..., bool]:
    """AdmonitionProcessor.test with its search for '!!!' skipped where the block has none."""
    def quick(parent: etree.Element, block: str) -> bool:
        if "!!!" in block and processor.RE.search(block):
            return True
        return processor.parse_content(parent, block)[0] is not None
    return quick


# Python-Markdown's own steps before the parse (markdown.preprocessors.build_preprocessors) and fenced_code's,
# which MkDocs always adds: with another registered (another extension's) none of them is shortcut.
KNOWN_PREPROCESSORS = frozenset({"normalize_whitespace", "html_block", "fenced_code_block"})
BLANK_LINE_RE = re.compile(r"(?<=\n) +\n")  # NormalizeWhitespace's: a line of spaces only


class _QuickNormalize(preprocessors.NormalizeWhitespace):
    """NormalizeWhitespace with each replacement made only where the text has what it replaces (the search for
    lines of spaces alone was most of its time), noting for _QuickUnescape whether the text has a backslash."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        if "\x02" in source or "\x03" in source:
            source = source.replace("\x02", "").replace("\x03", "")
        if "\r" in source:
            source = source.replace("\r\n", "\n").replace("\r", "\n")
        source += "\n\n"
        if "\t" in source:
            source = source.expandtabs(self.md.tab_length)
        if " \n" in source:
            source = BLANK_LINE_RE.sub("\n", source)
        # Escapes (a backslash and a character) are the only source of the placeholders _QuickUnescape restores.
        self.md.bp_backslash = "\\" in source  # type: ignore[attr-defined]
        return source.split("\n")


class _QuickHtmlBlock(preprocessors.HtmlBlockPreprocessor):
    """HtmlBlockPreprocessor, skipped for text without a tag or an entity: its HTML parser gives such text back
    as it is (a character reference it may change: '&#163 ' gains a semicolon, so text with '&' is parsed)."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        return super().run(lines) if "<" in source or "&" in source else lines


class _QuickFenced(fenced_code.FencedBlockPreprocessor):
    """FencedBlockPreprocessor, skipped for text without a fence (three backticks or tildes): its search for
    one ran over the whole text."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        return super().run(lines) if "```" in source or "~~~" in source else lines


class _AnchorCollector(_HTMLHandler):
    """MkDocs' collector of raw HTML ids, reading `<![` that opens no CDATA section as browsers, Python 3.13's
    parser and Python-Markdown's own (HTMLExtractor.parse_html_declaration) do: as a bogus comment. Before
    Python 3.13 the parser raised AssertionError on it (CPython gh-77057), so a paper saying
    ``A note: `<![` in code.`` passed `check` and stopped `build` (issue 17)."""

    def parse_html_declaration(self, i: int) -> int:
        if self.rawdata.startswith("<![", i) and not self.rawdata.startswith("<![CDATA[", i):
            return self.parse_bogus_comment(i)  # -1 when no '>' follows: the parser then reads '<![' as text
        return super().parse_html_declaration(i)


class QuickRawHTML(_RawHTMLPreprocessor):
    """MkDocs' collector of the ids in a page's raw HTML, skipped for text without a tag (no raw HTML, no id),
    with a parser that does not stop the build on markup it cannot read (see _AnchorCollector)."""

    def run(self, lines: list[str]) -> list[str]:
        self.present_anchor_ids = set()
        source = "\n".join(lines)
        if "<" not in source:
            return lines
        parser = _AnchorCollector()
        try:
            parser.feed(source)
            parser.close()
        except AssertionError:  # how html.parser rejects other markup, which differs between Python releases
            pass  # the ids found so far: they only feed MkDocs' anchor warnings, never the page (lines unchanged)
        self.present_anchor_ids = parser.present_anchor_ids
        return lines


class _QuickUnescape(treeprocessors.UnescapeTreeprocessor):
    """UnescapeTreeprocessor, skipped when the text had no backslash: there is then no escape to restore."""

    def run(self, root: etree.Element) -> None:
        if getattr(self.md, "bp_backslash", True):
            super().run(root)


class _QuickPrettify(treeprocessors.PrettifyTreeprocessor):
    """PrettifyTreeprocessor with md.is_block_level remembered per tag (it lowered and looked up each tag in
    a list, on every element)."""

    def _prettifyETree(self, elem: etree.Element) -> None:  # noqa: N802 (Python-Markdown's name)
        known: dict[object, bool] = self.__dict__.setdefault("bp_blocks", {})
        is_block = self.md.is_block_level

        def block(tag: object) -> bool:
            answer = known.get(tag)
            if answer is None:
                answer = known[tag] = is_block(tag)
            return answer

        def walk(elem: etree.Element) -> None:
            if block(elem.tag) and elem.tag not in ("code", "pre"):
                if (not elem.text or not elem.text.strip()) and len(elem) and block(elem[0].tag):
                    elem.text = "\n"
                for child in elem:
                    if block(child.tag):
                        walk(child)
            if not elem.tail or not elem.tail.strip():
                elem.tail = "\n"
        walk(elem)


def shortcut_steps(md: markdown.Markdown) -> int:
    """Give the steps before and after the parse their shortcuts (see the classes above) where they are
    Python-Markdown's own; return how many were given one."""
    given = 0
    steps = md.preprocessors
    if {"normalize_whitespace", "html_block"} <= set(steps._data) <= KNOWN_PREPROCESSORS:
        for name, quick in (("normalize_whitespace", _QuickNormalize), ("html_block", _QuickHtmlBlock),
                            ("fenced_code_block", _QuickFenced)):
            if name in steps and type(steps[name]) is quick.__bases__[0]:
                steps[name].__class__ = quick
                given += 1
    tree = md.treeprocessors
    normalized = "normalize_whitespace" in steps and type(steps["normalize_whitespace"]) is _QuickNormalize
    if normalized and "unescape" in tree and type(tree["unescape"]) is treeprocessors.UnescapeTreeprocessor:
        tree["unescape"].__class__ = _QuickUnescape  # needs _QuickNormalize's note
        given += 1
    if "prettify" in tree and type(tree["prettify"]) is treeprocessors.PrettifyTreeprocessor:
        tree["prettify"].__class__ = _QuickPrettify
        given += 1
    return given
