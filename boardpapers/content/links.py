"""Every reference from content to a file or page of the site, resolved in one place.

A paper's body, a meeting's notes or a decision notice's body may point at another paper in any form Markdown or
HTML allows: an inline or reference-style link, a link with a title, `<a href>`, `<img src>`, a query string, `.MD`,
the paper's file or its page address. Each one is resolved here, relative to the content file that holds it:
- to a published page (a paper, a decision notice, a matter, a meeting or a page of the site's own): `check`
  accepts it and the build points it at that page's final address;
- to an attachment a published paper lists (by its file in the meeting folder, or its address beside the
  paper's page): `check` accepts it and the build points it at the copy beside that paper's page;
- to an unpublished paper, its attachment or an unpublished notice, or to nothing (a file no paper lists
  included): `check` fails at the link's line, and the build drops the link, so a restricted paper's file name
  (which usually says what it is about) is never published by a link.
Links with a scheme (https:, mailto:) and links within the page (#part) are left to the sanitiser.
"""

from __future__ import annotations

import hashlib
import html.parser
import json
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown

from boardpapers.content.attachments import TYPES
from boardpapers.content.model import Meeting, Notice, Paper, Site, previewable
from boardpapers.content.problems import Problem

# Attributes whose value is a URL, in any element HTML has (the sanitiser keeps only a few of them; `check`
# looks at all, so a link is reported even where the sanitiser would drop it).
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "cite",
        "poster",
        "data",
        "background",
        "longdesc",
        "xlink:href",
        "ping",
        "manifest",
        "codebase",
        "usemap",
    }
)
# What any link in Markdown or HTML needs: a body without these has no link to resolve (most papers).
MAY_LINK_RE = re.compile(r"\]\s*[(:\[]|<|\]\s*$", re.M)
# mkdocs.yml's Markdown extensions (the build drops whatever link an added extension makes that does not resolve).
CHECK_EXTENSIONS = ["tables", "def_list", "admonition"]
TOP_PAGES = ("", "meetings", "themes", "actions", "decisions", "matters", "search", "accessibility", "sitemap")
NOTICE = "decision notice"  # what a message calls a notice linked to


@dataclass(frozen=True)
class Target:
    """A page a content path leads to: its site address, or None when it is not published."""

    url: str | None
    shown: str  # how a message names what was linked to
    attachment: bool = False  # a file a paper lists, not a page
    noun: str = "paper"  # what it is, for messages: paper or decision notice


@dataclass(frozen=True)
class Resolved:
    """What one URL written in content leads to."""

    kind: str  # "external" (scheme or host), "here" (#part or ?query only), "page", "unpublished", "missing"
    attachment: bool = False  # for "page" and "unpublished": what was linked to is a paper's attachment
    url: str = ""  # for "page": the site address, with the link's #fragment
    shown: str = ""  # for "unpublished" and "missing": the path as content names it
    noun: str = "paper"  # for "unpublished": what was linked to, paper or decision notice


def key(path: str) -> str:
    """A site or content path as looked up: no leading or trailing slash, no index file, lower case."""
    path = path.strip("/")
    for index in ("index.html", "index.md", "meeting.md"):
        if path == index or path.endswith("/" + index):
            path = path[: -len(index)].rstrip("/")
    return path.lower()


class Links:
    """The site's pages by every path content may use for them (content file, generated page, address)."""

    def __init__(self, site: Site | None) -> None:
        self.targets: dict[str, Target] = {}
        if site is None:
            return
        for page in TOP_PAGES:
            self.add(page, Target(page + "/" if page else "", page or "home page"))
        for theme in site.themes:
            self.add(f"themes/{theme}", Target(f"themes/{theme}/", f"themes/{theme}"))
        for meeting in site.meetings:
            self.add_meeting(meeting)
        for matter in site.matters.values():
            for path in (matter.url, f"matters/{matter.id}.md"):
                self.add(path, Target(matter.url, matter.url))
        for notice in site.notices:
            if notice.published:  # the others are kept out of the model, their file names too
                self.add_notice(notice)

    @classmethod
    def empty(cls) -> Links:
        """No pages: every link to the site resolves to nothing."""
        return cls(None)

    def save(self, path: Path) -> None:
        """Write the published pages (only: no name of an unpublished paper) for the engine's processes."""
        published = {k: t.url for k, t in sorted(self.targets.items()) if t.url is not None}
        path.write_text(json.dumps(published, ensure_ascii=False, indent=0), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Links:
        """The published pages `save` wrote; any other path resolves to nothing."""
        links = cls(None)
        links.targets = {k: Target(url, url) for k, url in json.loads(path.read_text(encoding="utf-8")).items()}
        return links

    def add(self, path: str, target: Target) -> None:
        """Register one path; an unpublished target wins over a published one of the same name."""
        found = self.targets.get(key(path))
        if found is None or target.url is None:
            self.targets[key(path)] = target

    def add_meeting(self, meeting: Meeting) -> None:
        """A meeting's page and each of its papers, by file name, generated page and address."""
        self.add(meeting.url, Target(meeting.url, meeting.url))
        for paper in meeting.papers:
            target = Target(paper.url if paper.published else None, content_path(paper.source))
            for path in (content_path(paper.source), f"{meeting.url}{paper.slug}.md", paper.url):
                self.add(path, target)
            self.add_attachments(paper)

    def add_notice(self, notice: Notice) -> None:
        """A decision notice, by its file and its address (an unpublished one: known only to `check`)."""
        target = Target(notice.url if notice.published else None, content_path(notice.source), noun=NOTICE)
        for path in (content_path(notice.source), notice.url):
            self.add(path, target)

    def add_attachments(self, paper: Paper) -> None:
        """A paper's attachments, by their files beside it and by their addresses beside its page (where the
        build copies them, only when the paper is published)."""
        folder = posixpath.dirname(content_path(paper.source))
        for attachment in paper.attachments:
            url = paper.url + attachment.file
            target = Target(url if paper.published else None, f"{folder}/{attachment.file}", attachment=True)
            for path in (f"{folder}/{attachment.file}", url):
                self.add(path, target)

    def resolve(self, folder: str, url: str) -> Resolved:
        """Resolve `url` as written in a content file of `folder` (content-relative, e.g. meetings/2019-09-18)."""
        parts = urlsplit(url.strip())
        if parts.scheme or parts.netloc or url.strip().startswith("//"):
            return self.outside(parts.path)
        if not parts.path:
            return Resolved("here")
        path = unquote(parts.path).replace("\\", "/")
        joined = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path))
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        target = self.targets.get(key(joined)) if not joined.startswith("..") else None
        if target is None:
            return Resolved("missing", shown=joined)
        if target.url is None:
            return Resolved("unpublished", shown=target.shown, attachment=target.attachment, noun=target.noun)
        return Resolved("page", url=target.url + fragment, attachment=target.attachment)

    def outside(self, path: str) -> Resolved:
        """A link with a scheme or host: external, unless its path names an unpublished paper of this site by
        its address or file (this site's own address, another host's copy, the repository's view of the file):
        such a link would publish the paper's file name."""
        for folder in ("/meetings/", "/decisions/"):
            at = path.find(folder)
            target = self.targets.get(key(unquote(path[at + 1 :]))) if at >= 0 else None
            if target is not None and target.url is None:
                return Resolved("unpublished", shown=target.shown, attachment=target.attachment, noun=target.noun)
        return Resolved("external")


def content_path(source: str) -> str:
    """A content file's path relative to the content folder (sources are shown from the folder's parent)."""
    return source.split("/", 1)[1] if "/" in source else source


class _URLs(html.parser.HTMLParser):
    """Every URL-valued attribute of an HTML text, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(value for name, value in attrs if name in URL_ATTRIBUTES and value is not None)

    handle_startendtag = handle_starttag


def urls(text: str) -> list[str]:
    """Every URL a Markdown text links to, in whatever form: Markdown links and images of every style (read by
    Python-Markdown itself, so reference-style links and titles are as Markdown reads them) and raw HTML."""
    if MAY_LINK_RE.search(text) is None:
        return []
    parser = _URLs()
    parser.feed(markdown.markdown(text, extensions=CHECK_EXTENSIONS))
    parser.close()
    return parser.found


def line_of(text: str, first_line: int, url: str, start: int = 0) -> tuple[int, int]:
    """Where `url` is written as a link in `text` (which starts on line `first_line`), searching from `start`
    (links come in the order they are written): (its line, where the search may go on). Not found: the first
    line, and `start`."""
    for written in (url, url.replace("&", "&amp;"), url.replace(" ", "%20")):
        found = re.compile(r"(?:\(\s*<?|=\s*[\"']?|\]:\s*<?|<)" + re.escape(written)).search(text, start)
        if found is not None:
            return first_line + text.count("\n", 0, found.start()), found.end()
    return first_line, start


CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # in the memo's keys of urls(): new code, new urls


def problems(
    links: Links,
    source: str,
    text: str,
    first_line: int,
    urls_of: Callable[[str], list[str]] | None = None,
    unsure: set[str] | None = None,
) -> Iterator[Problem]:
    """A problem for each link in `text` (a paper's body, a meeting's notes or a notice's body, from the file
    `source`) to an unpublished paper or notice, or to nothing (but not to a paper of `unsure`, see
    site_problems)."""
    folder = posixpath.dirname(content_path(source))
    cursor = 0
    for url in (urls_of or urls)(text):
        found = links.resolve(folder, url)
        line, cursor = line_of(text, first_line, url, cursor)
        if unsure and found.kind == "missing" and found.shown in unsure:
            continue
        if found.kind == "unpublished" and found.attachment:
            yield Problem(
                source,
                line,
                "body",
                (
                    f"link to '{url}' but the paper that lists that file is not published, expected links only to "
                    "attachments of published papers, e.g. remove the link and keep the words"
                ),
            )
        elif found.kind == "missing" and found.shown.rsplit(".", 1)[-1].lower() in TYPES:
            yield Problem(
                source,
                line,
                "body",
                (
                    f"link to '{url}' but no paper lists {source.split('/', 1)[0]}/{found.shown} as an attachment, "
                    "expected a file listed under a published paper's attachments, e.g. "
                    f"attachments: [{{file: {posixpath.basename(found.shown)}, title: Appendix 1}}]"
                ),
            )
        elif found.kind == "unpublished":
            yield Problem(
                source,
                line,
                "body",
                (
                    f"link to '{url}' but that {found.noun} is not published, expected links only to published "
                    f"{found.noun}s, e.g. remove the link and keep the words"
                ),
            )
        elif found.kind == "missing":
            yield Problem(
                source,
                line,
                "body",
                (
                    f"link to '{url}' but no paper is at {source.split('/', 1)[0]}/{found.shown}, expected a path to "
                    "another paper's file relative to this one, or a full web address, e.g. "
                    f"[the Constabulary report]({example_path(folder)})"
                ),
            )


def example_path(folder: str) -> str:
    """The example link of a message, written from a file of `folder`: a paper of the same meeting, or a paper
    reached from outside the meetings (a decision notice's folder)."""
    paper = "5.1-constabulary-update.md"
    return paper if folder.startswith("meetings/") else posixpath.relpath(f"meetings/2019-09-18/{paper}", folder)


def site_problems(
    site: Site,
    papers: list[Paper],
    urls_of: Callable[[str], list[str]] | None = None,
    notices: list[Notice] | None = None,
    bodies: list[tuple[str, str, int]] | None = None,
    unsure: set[str] | None = None,
) -> list[Problem]:
    """Link problems in the bodies of `papers` and `notices` (each notice, published or not, as read: the site
    holds only published ones), in every meeting's notes, and in `bodies` ((file, text, first line) of papers the
    model does not hold: their front-matter has problems); `urls_of`: urls(), or a memo of it. A link to a paper
    of `unsure` (content paths of papers not in the model, for a problem of their own) is not one."""
    links = Links(site)
    for notice in notices or []:
        links.add_notice(notice)
    out: list[Problem] = []
    for paper in papers:
        out.extend(problems(links, paper.source, paper.body, paper.body_line, urls_of, unsure))
    for source, text, line in bodies or []:
        out.extend(problems(links, source, text, line, urls_of, unsure))
    for meeting in site.meetings:
        out.extend(problems(links, meeting.source, meeting.notes, meeting.notes_line, urls_of, unsure))
    for notice in notices or []:
        if notice.body and previewable(notice):
            out.extend(problems(links, notice.source, notice.body, notice.body_line, urls_of, unsure))
    return out
