"""A Python-Markdown extension that sanitises each page's HTML with nh3 (ammonia), a maintained sanitiser.

It runs after raw HTML is put back into the page, so whatever a paper's body contains, no script,
event-handler attribute or javascript: URL reaches the site. build.py always adds it; it does not
depend on mkdocs.yml listing it.
"""
from __future__ import annotations

import functools
import re

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "form", "label", "input", "button",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role", "tabindex"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan", "headers", "align"},
    "th": {"colspan", "rowspan", "headers", "scope", "align"},
    "time": {"datetime"},
    "form": {"action", "method"},
    "label": {"for"},
    "input": {"name", "type", "autocomplete", "value"},
    "button": {"type"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Classes mkdocs-material's script acts on by fetching from another site (`pre.mermaid` loads mermaid from
# unpkg.com): a paper must not make a reader's browser run or fetch third-party code, online or offline.
FETCHING_CLASSES = {"mermaid"}


def keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """An allowed attribute's value, less any class that makes the theme fetch from another site."""
    if attribute != "class":
        return value
    return " ".join(word for word in value.split() if word not in FETCHING_CLASSES) or None


# Text without these has no markup and nothing the HTML parser rewrites (escapes, CR, NUL, no-break space, a
# leading byte-order mark): nh3 would return it unchanged. The table of contents sanitises each heading's text
# on its own, so this shortcut is most calls (they were a twentieth of a cold build).
MARKUP_RE = re.compile("[<>&\r\0\xa0\ufeff]")


def clean(html: str) -> str:
    """Return `html` with anything not on the allow-list removed."""
    if MARKUP_RE.search(html) is None:
        return html
    if len(html) <= SHORT:
        return _clean_short(html)
    return _clean(html)


SHORT = 200  # characters: a heading's or an empty table of contents' HTML, the same on page after page


@functools.lru_cache(maxsize=1024)
def _clean_short(html: str) -> str:
    """_clean, remembered: each nh3 call cost 50 microseconds however short its text."""
    return _clean(html)


def _clean(html: str) -> str:
    """nh3 with the allow-lists above."""
    # The filter is a Python call per attribute: only paid on the rare page that could need it.
    needs_filter = any(word in html for word in FETCHING_CLASSES)
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                     generic_attribute_prefixes={"aria-"}, strip_comments=True,
                     attribute_filter=keep_attribute if needs_filter else None)


class _Sanitise(Postprocessor):
    """Sanitise the finished HTML of one page."""

    def run(self, text: str) -> str:
        return clean(text)


class SanitiseExtension(Extension):
    """Register the sanitiser to run after every other postprocessor."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.postprocessors.register(_Sanitise(md), "boardpapers-sanitise", 0)


def makeExtension(**kwargs: object) -> SanitiseExtension:  # noqa: N802
    """Entry point for `markdown_extensions: [boardpapers.sanitize]`."""
    return SanitiseExtension(**kwargs)
