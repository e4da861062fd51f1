"""Sanitising HTML with nh3 (ammonia), a maintained sanitiser: what came from content can run nothing.

Two allow-lists:
- CONTENT_*: a paper's body and a meeting's notes (clean_content, from engine.islands' extension). No forms,
  inputs or buttons; every link resolved by links.py (a link that leads to no published page is dropped); ids
  that the theme or the page's templates use are prefixed, so a paper cannot shadow `#__config` (read by
  mkdocs-material's script as its configuration) or the search form's fields; the theme's own `md-` classes
  are dropped.
- TAGS/ATTRIBUTES: everything else the templates write around it (forms of the search page included; clean),
  so nothing that reached a page by any path runs script.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from typing import Any

import nh3
from markdown import Markdown

TAGS = {
    "a",
    "abbr",
    "article",
    "aside",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "form",
    "label",
    "input",
    "button",
    "select",
    "option",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role", "tabindex"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed", "type"},
    "details": {"open"},
    "td": {"colspan", "rowspan", "headers", "align", "style"},  # style: a column's alignment only (ALIGN_RE)
    "th": {"colspan", "rowspan", "headers", "scope", "align", "style"},
    "time": {"datetime"},
    "form": {"action", "method", "hidden"},
    "label": {"for"},
    "input": {"name", "type", "autocomplete", "value"},
    "button": {"type"},
    "select": {"data-key"},  # the decisions register's filters: which attribute of a decision each one reads
    "option": {"value"},
    "li": {"data-outcome", "data-year", "data-matters"},  # a decision's values, for those filters
}
# Board papers hold no forms: a form in a paper could pose as the site's own and send what a reader types away.
FORM_TAGS = {"form", "label", "input", "button", "select", "option"}
CONTENT_TAGS = TAGS - FORM_TAGS
# The decisions register's data, written by its template: a paper's list items carry none.
PAGE_ONLY_ATTRIBUTES = {"li": {"data-outcome", "data-year", "data-matters"}}
CONTENT_ATTRIBUTES = {
    tag: names - PAGE_ONLY_ATTRIBUTES.get(tag, set()) for tag, names in ATTRIBUTES.items() if tag not in FORM_TAGS
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Classes mkdocs-material's script acts on by fetching from another site (`pre.mermaid` loads mermaid from
# unpkg.com): a paper must not make a reader's browser run or fetch third-party code, online or offline.
FETCHING_CLASSES = {"mermaid"}
# Attributes that name other elements by id: a content id is renamed, so are the references to it.
ID_REFERENCES = {
    "id",
    "headers",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "aria-activedescendant",
    "aria-flowto",
    "aria-details",
    "aria-errormessage",
}
CONTENT_ID_PREFIX = "c-"  # what a reserved id from content is renamed with: c-__config


# mkdocs-material's own ids all start with "__" (__config, __search, __drawer, __toc, __palette_0 ...); the
# project's templates mark most of theirs "bp-". Other ids the templates write (agenda, notes) are reserved on
# the pages that have them: the renderer passes them in (page_ids).
RESERVED_PREFIXES = ("_", "md-", "bp-")
ID_RE = re.compile(r"""\bid=["']([^"']+)["']""")


def page_ids(html: str) -> frozenset[str]:
    """The ids in a page's own (template-written) HTML."""
    return frozenset(ID_RE.findall(html))


def content_id(value: str, reserved: frozenset[str]) -> str:
    """An id from content, renamed if the theme or the page's templates could use it."""
    if value in reserved or value.startswith(RESERVED_PREFIXES):
        return CONTENT_ID_PREFIX + value
    return value


# The one style a page may carry: a table column's alignment, as Python-Markdown's tables extension writes it
# for `---:` (`style="text-align: right;"`), on a table cell only. Any other value (url(), expression(),
# position, a second declaration, a comment) is dropped whole: no CSS from content is read by the browser.
ALIGN_RE = re.compile(r"\s*text-align\s*:\s*(left|right|center)\s*;?\s*", re.I)
STYLED = {"td", "th"}


def alignment(element: str, value: str) -> str | None:
    """A cell's style attribute as the page may carry it: `text-align: left|right|center;`, or None to drop it."""
    found = ALIGN_RE.fullmatch(value) if element in STYLED else None
    return f"text-align: {found[1].lower()};" if found else None


def keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """An allowed attribute's value, less any class that makes the theme fetch from another site, and any style
    but a cell's alignment."""
    if attribute == "style":
        return alignment(element, value)
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


# What both allow-lists are cleaned with: the URL schemes, no rel added to links, aria-* kept, comments dropped.
SHARED: dict[str, Any] = {
    "url_schemes": URL_SCHEMES,
    "link_rel": None,
    "generic_attribute_prefixes": {"aria-"},
    "strip_comments": True,
}


# What the filter acts on: a fetching class, or a style attribute (names are case-insensitive in HTML).
NEEDS_FILTER_RE = re.compile("|".join([*sorted(FETCHING_CLASSES), "style"]), re.I)


def _clean(html: str) -> str:
    """nh3 with the allow-lists above."""
    # The filter is a Python call per attribute: only paid on the rare page that could need it.
    needs_filter = NEEDS_FILTER_RE.search(html) is not None
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=keep_attribute if needs_filter else None, **SHARED
    )


Resolve = Callable[[str], "str | None"]  # a URL written in content -> the URL to publish, or None to drop it


def content_attribute(resolve: Resolve, reserved: frozenset[str]) -> Callable[[str, str, str], str | None]:
    """nh3's attribute filter for content: links resolved, reserved ids renamed, the theme's classes dropped."""

    def keep(element: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return resolve(value)
        if attribute in ID_REFERENCES:
            return " ".join(content_id(word, reserved) for word in value.split()) or None
        if attribute == "class":
            return " ".join(w for w in value.split() if w not in FETCHING_CLASSES and not w.startswith("md-")) or None
        if attribute == "style":
            return alignment(element, value)
        return value

    return keep


def clean_content(html: str, resolve: Resolve, reserved: frozenset[str] = frozenset()) -> str:
    """Sanitise the HTML of a paper's body or a meeting's notes (see the module's docstring)."""
    return nh3.clean(
        html,
        tags=CONTENT_TAGS,
        attributes=CONTENT_ATTRIBUTES,
        attribute_filter=content_attribute(resolve, reserved),
        **SHARED,
    )


TEXT_EXTENSIONS = ["tables", "def_list", "admonition"]  # mkdocs.yml's, less the table of contents'
_TEXT_CONVERTER: list[Markdown] = []  # one converter, reset between texts (making one is a millisecond)
TAG_RE = re.compile(r"<[^>]*>")


def shown_text(markdown: str) -> str:
    """The words a page shows for a content Markdown text: converted and sanitised as on the page (links to the
    site dropped), tags taken out. What the page drops (an HTML comment, a script, an unused link definition)
    is not there either."""
    if not _TEXT_CONVERTER:
        _TEXT_CONVERTER.append(Markdown(extensions=TEXT_EXTENSIONS))
    converter = _TEXT_CONVERTER[0]
    converter.reset()
    # nh3's output is well formed ('<' in text is written &lt;): a tag ends at the first '>'.
    return html.unescape(TAG_RE.sub(" ", clean_content(converter.convert(markdown), lambda url: None)))
