"""The Markdown extension that makes each generated page safe, whatever engine converts it.

A generated page is the templates' HTML with the content's own Markdown (a paper's body, a meeting's notes)
marked as islands (boardpapers.pages.generate.island). The engine converts the whole page with Python-Markdown;
this extension, added to every page by the site's MkDocs hook, then:
- checks each island's markers against the digest they carry (content cannot forge a marker: it would have to
  contain the digest of the text that contains it) and swaps them for markers made for this conversion alone;
- makes the content's relative links paths from the content root, before MkDocs' own link processor reads them
  as relative to the generated page, so that boardpapers.links resolves every link, Markdown or HTML, one way;
- sanitises the converted HTML: the islands' with the content allow-list (links resolved to published pages or
  dropped, the theme's and the page's own ids reserved, no forms), the rest with the templates' allow-list.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from boardpapers.content.links import Links
from boardpapers.engine.sanitize import clean, clean_content, page_ids
from boardpapers.pages.urls import rel

OPEN, CLOSE = "<!--bp:markdown ", "<!--/bp:markdown "
TOKEN_LENGTH = 32  # hex digits of the island's SHA-256
OPEN_RE = re.compile(rf"<!--bp:markdown ([0-9a-f]{{{TOKEN_LENGTH}}}) (\S+) (\S*)-->")


class IslandError(ValueError):
    """A page's island markers do not match their content: the page was not made by the page generator."""


def island_token(folder: str, url: str, text: str) -> str:
    """The digest an island's markers carry: of its text, its content folder and its page's address."""
    return hashlib.sha256(f"{folder}\0{url}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()[:TOKEN_LENGTH]


def island(text: str, folder: str, url: str) -> str:
    """Content Markdown from a file of `folder` (content-relative), on the page at `url`, marked as an island.
    Its line ends are made the engine's own (an engine reads its docs folder with universal newlines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    token = island_token(folder, url, text)
    return f"{OPEN}{token} {folder} {url}-->\n{text}\n{CLOSE}{token}-->"


@dataclass
class Conversion:
    """What one page's conversion learnt from its islands: where its content comes from, and this
    conversion's own markers (random, so that nothing in the page can know them)."""

    nonce: str = field(default_factory=lambda: secrets.token_hex(16))
    folder: str | None = None
    url: str = ""

    def marker(self, kind: str) -> str:
        """The marker that opens or closes an island in this conversion's HTML."""
        return f"<!--bp:island {self.nonce} {kind}-->"


def verified_islands(lines: list[str], state: Conversion) -> list[str]:
    """The page's lines with each island's markers checked and replaced by this conversion's; raise IslandError
    on a marker that does not match."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        found = OPEN_RE.fullmatch(lines[i])
        if found is None:
            if lines[i].startswith(OPEN):
                raise IslandError(f"a malformed island marker: {lines[i][:80]!r}")
            out.append(lines[i])
            i += 1
            continue
        token, folder, url = found.groups()
        end = lines.index(f"{CLOSE}{token}-->", i + 1) if f"{CLOSE}{token}-->" in lines[i + 1 :] else -1
        if end < 0 or island_token(folder, url, "\n".join(lines[i + 1 : end])) != token:
            raise IslandError(f"an island of the page at {url} does not match its marker")
        if state.folder not in (None, folder) or state.url not in ("", url):
            raise IslandError(f"the page at {url} has islands of two pages")
        state.folder, state.url = folder, url
        out += ["", state.marker("open"), "", *lines[i + 1 : end], "", state.marker("close"), ""]
        i = end + 1
    return out


def stashed_frame(lines: list[str], state: Conversion, stash: Callable[[str], str]) -> list[str]:
    """The page's lines (islands marked by this conversion, see verified_islands) with the templates' HTML
    between the islands stored by `stash` (the converter's store of raw HTML) and a placeholder in its place:
    the converter does not parse it again (html.parser was a fifth of a page's conversion)."""
    out: list[str] = []
    frame: list[str] = []  # the templates' lines since the last island
    inside = False
    opening, closing = state.marker("open"), state.marker("close")
    for line in [*lines, opening]:  # a last opening marker (not kept) ends the last stretch of frame
        if not inside and line != opening:
            frame.append(line)
            continue
        if not inside:
            if any(text.strip() for text in frame):
                out += ["", stash("\n".join(frame).strip("\n")), "", ""]
            frame.clear()
            inside = True
        elif line == closing:
            inside = False
        out.append(line)
    return out[:-1]


class _Islands(Preprocessor):
    """Check the page's island markers before anything else reads the page (see verified_islands)."""

    def __init__(self, md: Markdown, state: Conversion) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        return verified_islands(lines, self.state)


class _Frame(Preprocessor):
    """Store the templates' HTML between the islands as raw HTML (see stashed_frame)."""

    def __init__(self, md: Markdown, state: Conversion) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        return stashed_frame(lines, self.state, self.md.htmlStash.store)


def from_root(folder: str, url: str) -> str:
    """A relative URL written in a file of `folder` as a path from the content root; others unchanged."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith(("/", "\\")):
        return url
    path = posixpath.normpath(posixpath.join(folder, parts.path))
    return urlunsplit(("", "", "/" + path, parts.query, parts.fragment))


class _RootRelative(Treeprocessor):
    """Write the relative links of the page's Markdown (all of it is the islands': the templates write HTML) as
    paths from the content root, which MkDocs' link processor leaves as they are."""

    def __init__(self, md: Markdown, state: Conversion) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: Element) -> None:
        folder = self.state.folder
        if folder is None:
            return
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value:
                    element.set(attribute, from_root(folder, value))


@functools.lru_cache(maxsize=4)
def published_links(path: str | None) -> Links:
    """The site's published pages by every path content may use for them, from the file the build wrote (see
    Links.save); none when there is none (a stock build of a generated tree: its content links are dropped)."""
    return Links.load(Path(path)) if path else Links.empty()


def published_link(links: Links, folder: str, page_url: str, url: str) -> str | None:
    """A URL written in content as the page publishes it: a published page's address relative to this page, an
    outside or in-page link as written, anything else dropped (`check` has reported it)."""
    found = links.resolve(folder, url)
    if found.kind == "page":
        return rel(page_url, found.url)
    return url if found.kind in ("external", "here") else None


class _Clean(Postprocessor):
    """Sanitise the page's HTML: islands with the content allow-list, the rest with the templates'."""

    def __init__(self, md: Markdown, state: Conversion, links_file: str | None) -> None:
        super().__init__(md)
        self.state = state
        self.links_file = links_file

    def run(self, text: str) -> str:
        state = self.state
        opening, closing = state.marker("open"), state.marker("close")
        parts = re.split(f"{re.escape(opening)}|{re.escape(closing)}", text)
        if len(parts) % 2 == 0 or text.count(opening) != text.count(closing):
            raise IslandError(f"the islands of the page at {state.url} did not survive its conversion")
        template = parts[::2]
        reserved = page_ids("".join(template))
        resolve = functools.partial(published_link, published_links(self.links_file), state.folder or "", state.url)
        return "".join(
            clean(part) if i % 2 == 0 else clean_content(part, resolve, reserved) for i, part in enumerate(parts)
        )


class IslandsExtension(Extension):
    """Register the three steps above on a page's Markdown converter. `links_file`: the build's list of
    published pages (Links.save)."""

    def __init__(self, links_file: str | None = None) -> None:
        super().__init__()
        self.links_file = links_file

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        state = Conversion()
        # Before whitespace is normalised (30): the digest is of the text as the generator wrote it.
        md.preprocessors.register(_Islands(md, state), "boardpapers-islands", 40)
        # After whitespace is normalised (30: it would strip the placeholders' marks), before raw HTML blocks (20).
        md.preprocessors.register(_Frame(md, state), "boardpapers-frame", 25)
        # Before MkDocs' link processor ("relpath", 0).
        md.treeprocessors.register(_RootRelative(md, state), "boardpapers-root-relative", 1)
        # After the raw HTML is put back (30) and every other step: the last word on the page's HTML.
        md.postprocessors.register(_Clean(md, state, self.links_file), "boardpapers-clean", -10)


def makeExtension(**kwargs: str) -> IslandsExtension:  # noqa: N802 (Python-Markdown's name)
    """Entry point for `markdown_extensions: [boardpapers.engine.islands]`."""
    return IslandsExtension(**kwargs)
