"""Generate the site's pages: one plain Markdown page per site page, from Jinja templates in theme/pages.

Each page is a (docs path, renderer) pair; render.py calls the renderers in its workers, so a page's Markdown is
made where it is rendered and never written to disk (`build.py build --docs DIR` writes them all, for another
engine that reads mkdocs.yml).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import html
import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

import jinja2
from markupsafe import Markup

from . import xref
from .model import AgendaEntry, Meeting, Paper, Site
from .search import facets as search_facets

NOT_STATED = "Not stated in the paper"
# The only pages MkDocs puts in the navigation: a paper page must not carry the whole archive.
NAV = [{"Home": "index.md"}, {"Meetings": "meetings/index.md"}, {"Themes": "themes/index.md"},
       {"Action log": "actions.md"}, {"Accessibility": "accessibility.md"}]
RELATED_LIMIT = 4  # papers on the same theme shown per theme, around the paper in time; the theme page has all


@functools.lru_cache(maxsize=4096)  # a few hundred meeting dates, on page after page
def long_date(value: dt.date | None, unknown: str = NOT_STATED) -> str:
    """Format a date the way the papers print it, e.g. 18 September 2019."""
    return f"{value.day} {value:%B %Y}" if value else unknown


def rel(page: str, target: str) -> str:
    """Relative URL from a directory-style page path ('' is home) to another page or file: posixpath.relpath
    for site paths without '.' or '..' parts (its look-up of the working folder was a tenth of generating)."""
    here, there = [c for c in page.split("/") if c], [c for c in target.split("/") if c]
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    out = "/".join([".."] * (len(here) - common) + there[common:])
    if not out:
        return "./"
    return out + "/" if target == "" or target.endswith("/") else out


def digest(*parts: Any) -> str:
    """A digest of the parts: strings as they are, anything else by its repr (dataclasses, dicts in their YAML
    order, dates: reprs that say everything)."""
    out = hashlib.sha256()
    for part in parts:
        out.update((part if isinstance(part, str) else repr(part)).encode("utf-8", "surrogatepass") + b"\0")
    return out.hexdigest()


# The fields the digests below read, named once (dataclasses.fields() per call was a tenth of a rebuild's digests).
PAPER_INPUTS = tuple(f.name for f in dataclasses.fields(Paper) if f.name not in ("meeting", "body"))
MEETING_INPUTS = tuple(f.name for f in dataclasses.fields(Meeting) if f.name not in ("papers", "agenda"))
AGENDA_INPUTS = tuple(f.name for f in dataclasses.fields(AgendaEntry) if f.name != "paper")


def paper_fields(paper: Paper) -> tuple[Any, ...]:
    """Every field of a paper but its meeting (which would repeat the meeting's papers, and so on) and its body
    (the page is made from the body as Generator.body gives it)."""
    return tuple(getattr(paper, name) for name in PAPER_INPUTS)


def meeting_fields(meeting: Meeting) -> tuple[Any, ...]:
    """Every field of a meeting but its papers and agenda (which hold papers)."""
    return tuple(getattr(meeting, name) for name in MEETING_INPUTS)


def paper_line(paper: Paper | None) -> tuple[Any, ...] | None:
    """What a link to a paper shows (_macros.j2's paper_line): address, title, item, board and meeting date."""
    if paper is None:
        return None
    return paper.url, paper.title, paper.agenda_item, paper.meeting.board.name, paper.meeting.date


def page_title(text: str) -> Markup:
    """A YAML front-matter string, HTML-escaped because the theme prints titles unescaped. Markup (a template's
    own escaped output, such as a meeting's name) is escaped already: html.escape on it escaped it again, and
    again at each of Markup.replace's own escapes ('&' in a board's name became '&amp;amp;amp;')."""
    escaped = str(text) if isinstance(text, Markup) else html.escape(text, quote=True)
    return Markup(json.dumps(escaped, ensure_ascii=False))


# Content Markdown inside a generated page is marked as an island for the renderer (render.islands). The markers
# carry a digest of the island's text, so content cannot forge them: a closing marker typed into a paper would
# have to contain the digest of the text that contains it.
ISLAND_OPEN, ISLAND_CLOSE = "<!--bp:markdown:", "<!--/bp:markdown:"
TOKEN_LENGTH = 32  # hex digits of the island's SHA-256


def island_token(text: str) -> str:
    """The digest an island's markers carry."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:TOKEN_LENGTH]


def island(text: str) -> str:
    """Content Markdown marked as an island for the renderer (a page template's `island` filter)."""
    token = island_token(text)
    return f"{ISLAND_OPEN}{token}-->\n{text}\n{ISLAND_CLOSE}{token}-->"


def page_environment(templates: Path, compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of the page templates in `templates`; `compiled`: a folder to keep compiled
    templates in (a process that compiles them there ahead of a build must make its environment here too)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True,
                             auto_reload=False)  # no file check per page: one build, one set of templates
    if compiled is not None:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(compiled))
    env.filters["long_date"] = long_date
    env.filters["yaml_title"] = page_title
    env.filters["island"] = lambda text: Markup(island(str(text)))
    return env


def compile_pages(env: jinja2.Environment) -> None:
    """Compile every page template of `env` (page_environment)."""
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)


class Generator:
    """Render every page of the site into a staging folder of Markdown files."""

    def __init__(self, site: Site, templates: Path, extra: dict[str, Any], compiled: Path | None = None) -> None:
        """`compiled`: a folder to keep compiled templates in between builds."""
        self.site = site
        self.extra = extra
        self.env = page_environment(templates, compiled)
        self.by_theme = self.papers_by_theme()
        self.theme_position = {t: {id(p): i for i, p in enumerate(ps)} for t, ps in self.by_theme.items()}
        self.by_source = {p.source: p for p in site.papers}  # once: per paper it made the build quadratic
        self.env.globals["referred_by"] = xref.Referrers(site)  # paper.md.j2's "Referred to by"
        # The page templates, for inputs(): a changed template changes every paper page's digest.
        self.templates = sorted((p.name, p.read_bytes()) for p in templates.iterdir() if p.is_file())
        self.meeting_lines: dict[int, str] = {}  # see meeting_line
        self.meetings_by_folder = {m.folder: m for m in site.meetings}  # once, not once per paper (xref.link)
        self.last_context: tuple[Paper | None, dict[str, Any]] = (None, {})  # see paper_context

    def papers_by_theme(self) -> dict[str, list[Paper]]:
        """Published papers of each theme, newest meeting first (the site's paper order)."""
        out: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.site.papers:
            for theme in paper.themes:
                out[theme].append(paper)
        return out

    def pages(self) -> list[tuple[str, Callable[[], str]]]:
        """Every page as (docs path, renderer), in a fixed order. See inputs() for what a paper page reads."""
        out: list[tuple[str, Callable[[], str]]] = [
            ("index.md", self.home), ("meetings/index.md", self.meetings_index),
            ("themes/index.md", self.themes_index), ("actions.md", self.actions),
            ("accessibility.md", self.accessibility),
            ("search.md", lambda: self.render("search.md.j2", "search/", facets=search_facets(self.site),
                                              boards=list(self.site.boards.values()),
                                              themes=list(self.site.themes.values())))]
        for theme_id in sorted(self.site.themes):
            out.append((f"themes/{theme_id}.md", lambda t=theme_id: self.theme(t)))
        for meeting in self.site.meetings:
            out.append((f"meetings/{meeting.folder}/index.md", lambda m=meeting: self.meeting(m)))
            for paper in meeting.published_papers:
                out.append((f"meetings/{meeting.folder}/{paper.slug}.md", lambda p=paper: self.paper(p)))
        return out

    def write(self, docs: Path) -> int:
        """Write every page's Markdown under `docs` (for another engine); return how many."""
        pages = self.pages()
        for path, render in pages:
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_text(render(), encoding="utf-8")
        return len(pages)

    def compile(self) -> None:
        """Compile every page template now, once, rather than in each worker that renders pages."""
        compile_pages(self.env)

    def render(self, template: str, url: str, **context: Any) -> str:
        """Render one page template with helpers bound to the page's own URL."""
        return self.env.get_template(template).render(
            site=self.site, extra=self.extra, url=lambda target: rel(url, target), today=self.site.today,
            NOT_STATED=NOT_STATED, **context)

    def home(self) -> str:
        """The home page: the boards, next and latest meetings, latest papers, themes, search."""
        today = self.site.today
        dated = [m for m in self.site.meetings if m.date]
        upcoming = sorted((m for m in dated if m.date >= today and m.status != "cancelled"), key=lambda m: m.date)
        latest = [m for m in dated if m.date < today][:5]
        return self.render("home.md.j2", "", next_meeting=upcoming[0] if upcoming else None, latest=latest,
                           papers=self.site.papers[:10], counts={t: len(self.by_theme[t]) for t in self.site.themes})

    def meetings_index(self) -> str:
        """Meetings grouped by year, newest first; undated meetings last."""
        years: dict[str, list[Meeting]] = defaultdict(list)
        for meeting in self.site.meetings:
            years[str(meeting.date.year) if meeting.date else "Date not known"].append(meeting)
        order = sorted((y for y in years if y.isdigit()), reverse=True) + [y for y in years if not y.isdigit()]
        return self.render("meetings.md.j2", "meetings/", years=[(y, years[y]) for y in order])

    def meeting(self, meeting: Meeting) -> str:
        """A meeting's details and agenda."""
        return self.render("meeting.md.j2", meeting.url, meeting=meeting)

    def paper(self, paper: Paper) -> str:
        """A paper: header block, body, recommendations, contacts, sources, neighbours, related papers."""
        return self.render("paper.md.j2", paper.url, **self.paper_context(paper))

    def paper_context(self, paper: Paper) -> dict[str, Any]:
        """What paper.md.j2 is given for `paper`, besides what every page gets (the last paper's is kept: a page
        not in the cache asks for it twice, for its digest and to be made)."""
        if self.last_context[0] is paper:
            return self.last_context[1]
        context = self.make_paper_context(paper)
        self.last_context = (paper, context)
        return context

    def make_paper_context(self, paper: Paper) -> dict[str, Any]:
        """paper_context, made."""
        papers = paper.meeting.published_papers
        index = next(i for i, p in enumerate(papers) if p is paper)  # not index(): equal is not the same paper
        return {"paper": paper, "body": self.body(paper), "previous": papers[index - 1] if index > 0 else None,
                "next": papers[index + 1] if index + 1 < len(papers) else None,
                "related": {t: self.nearby(paper, t) for t in paper.themes},
                "more": {t: len(self.by_theme[t]) - 1 > RELATED_LIMIT for t in paper.themes}}

    def inputs(self) -> dict[str, Callable[[], str]]:
        """For each paper and meeting page (docs path), a digest of everything its Markdown is made from: the
        render cache is keyed by it, so an unchanged page is neither made nor rendered again. Theme pages too.
        Other pages (home, indexes, actions, search: six) are keyed by their Markdown, made every build."""
        every_page = digest(self.site.organisation, list(self.site.boards.values()),
                            list(self.site.themes.values()), self.site.today, self.extra, self.templates)
        out = {f"meetings/{p.meeting.folder}/{p.slug}.md": (lambda p=p: self.paper_inputs(p, every_page))
               for p in self.site.papers}
        out.update((f"meetings/{m.folder}/index.md", lambda m=m: self.meeting_inputs(m, every_page))
                   for m in self.site.meetings)
        out.update((f"themes/{t}.md", lambda t=t: digest(every_page, t, [paper_line(p) for p in self.by_theme[t]]))
                   for t in self.site.themes)  # theme.md.j2: the theme and a line per paper, grouped by meeting
        return out

    def meeting_inputs(self, meeting: Meeting, every_page: str) -> str:
        """The digest of what meeting.md.j2 reads for `meeting`: its fields and agenda (each paper by its
        address; its agenda entry holds the title shown), and the site-wide values (`every_page`)."""
        agenda = [(*(getattr(e, name) for name in AGENDA_INPUTS), e.paper.url if e.paper else None)
                  for e in meeting.agenda]
        return digest(every_page, meeting_fields(meeting), agenda)

    def meeting_line(self, meeting: Meeting) -> str:
        """meeting_fields(meeting) as a digest, made once per meeting and build (every paper page reads it)."""
        found = self.meeting_lines.get(id(meeting))
        if found is None:
            found = self.meeting_lines[id(meeting)] = digest(meeting_fields(meeting))
        return found

    def paper_inputs(self, paper: Paper, every_page: str) -> str:
        """The digest of what paper.md.j2 reads for `paper`: its context, with each paper it names as the fields
        paper_line() shows, and the site-wide values (`every_page`)."""
        context = self.paper_context(paper)
        history = self.env.globals.get("history", {}).get(paper.source)
        return digest(every_page, context["body"], (
            paper_fields(paper), self.meeting_line(paper.meeting), paper_line(context["previous"]),
            paper_line(context["next"]), context["more"], {t: [paper_line(p) for p in ps]
                                                           for t, ps in context["related"].items()},
            [paper_line(p) for p in self.env.globals["referred_by"](paper)], history))

    def nearby(self, paper: Paper, theme: str) -> list[Paper]:
        """Up to RELATED_LIMIT papers on the theme around this one in time, newest first. Neighbours rather than
        the newest, so a new paper changes a few pages, not every page on its themes."""
        papers = self.by_theme[theme]
        here = self.theme_position[theme][id(paper)]
        start = max(0, min(here - RELATED_LIMIT // 2, len(papers) - RELATED_LIMIT - 1))
        return [p for p in papers[start:start + RELATED_LIMIT + 1] if p is not paper][:RELATED_LIMIT]

    def body(self, paper: Paper) -> str:
        """The paper's Markdown with its cross-references (xref) made links; every link is resolved by the
        renderer (links.py), relative to the paper's file."""
        text = paper.body.strip()
        if "[[" in text or "genda " in text:  # what either reference form needs (see xref.SCAN_RE)
            text = xref.link(self.site, paper, text, self.meetings_by_folder)
        return text + "\n"

    def themes_index(self) -> str:
        """Every theme with its aim and how many papers it has."""
        return self.render("themes.md.j2", "themes/", counts={t: len(self.by_theme[t]) for t in self.site.themes})

    def theme(self, theme_id: str) -> str:
        """One theme's papers grouped by meeting, newest first."""
        groups: dict[str, list[Paper]] = defaultdict(list)
        meetings: dict[str, Meeting] = {}
        for paper in self.by_theme[theme_id]:
            groups[paper.meeting.folder].append(paper)
            meetings[paper.meeting.folder] = paper.meeting
        return self.render("theme.md.j2", f"themes/{theme_id}/", theme=self.site.themes[theme_id],
                           groups=[(meetings[f], groups[f]) for f in groups])

    def actions(self) -> str:
        """The action log, overdue open actions flagged against the build date."""
        return self.render("actions.md.j2", "actions/", actions=self.site.actions)

    def accessibility(self) -> str:
        """The accessibility statement."""
        return self.render("accessibility.md.j2", "accessibility/")
