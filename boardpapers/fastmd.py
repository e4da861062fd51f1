"""A shortcut for Python-Markdown's inline step, which was half of converting a paper (measured: see README).

Python-Markdown tries each of its inline patterns, one regular expression after another, on every run of text
in the page, though most of a board paper is plain sentences. Each default pattern needs one of a few marker
characters (a backtick, backslash, bracket, angle bracket, ampersand, asterisk, underscore) or a hard line
break (two spaces before a new line) to match at all, so text without any of them comes out of the inline step
unchanged: it is handed back at once. With patterns from other extensions in mkdocs.yml the shortcut is not
taken, since their markers are not known. tests/test_fastmd.py converts the same text both ways.
"""
from __future__ import annotations

import re
from typing import Callable

import markdown

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
