"""Generate the site's pages: one plain Markdown page per site page, from Jinja templates in theme/pages.

The pages form a docs folder that any engine reading mkdocs.yml builds (`build.py build --docs DIR` writes it).
Only published papers have pages: no engine is relied on to withhold one. A paper's body and a meeting's notes
stand in their pages as islands (engine.islands), which the engine's Markdown extension checks and sanitises.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from boardpapers.content import record, xref
from boardpapers.content.model import Meeting, Notice, Paper, Site
from boardpapers.content.schema import DECISION_OUTCOMES
from boardpapers.engine.islands import island
from boardpapers.outputs.search import facets as search_facets
from boardpapers.pages.urls import rel

NOT_STATED = "Not stated in the paper"
# The only pages MkDocs puts in the navigation: a paper page must not carry the whole archive.
NAV = [
    {"Home": "index.md"},
    {"Meetings": "meetings/index.md"},
    {"Themes": "themes/index.md"},
    {"Action log": "actions.md"},
    {"Decisions": "decisions/index.md"},
    {"Accessibility": "accessibility.md"},
]
NAV_PAGES = frozenset(path for entry in NAV for path in entry.values())  # their docs paths
# The addresses of the site's own pages an agenda item may name (`page:`, content.schema.SITE_PAGES).
SITE_PAGES = {
    "home": "",
    "meetings": "meetings/",
    "themes": "themes/",
    "actions": "actions/",
    "decisions": "decisions/",
    "matters": "matters/",
    "search": "search/",
    "accessibility": "accessibility/",
    "sitemap": "sitemap/",
}
# The organisation's fields every page's footer shows (theme/overrides/partials/copyright.html reads them from
# the page's front-matter, so a stock build of the docs tree shows them too).
FOOTER_FIELDS = ("name", "url", "email", "telephone")
RELATED_LIMIT = 4  # papers on the same theme shown per theme, around the paper in time; the theme page has all


@functools.lru_cache(maxsize=4096)  # a few hundred meeting dates, on page after page
def long_date(value: dt.date | None, unknown: str = NOT_STATED) -> str:
    """Format a date the way the papers print it, e.g. 18 September 2019."""
    return f"{value.day} {value:%B %Y}" if value else unknown


def page_title(text: str) -> Markup:
    """A YAML front-matter string, HTML-escaped because the theme prints titles unescaped. Markup (a template's
    own escaped output, such as a meeting's name) is escaped already: html.escape on it escaped it again, and
    again at each of Markup.replace's own escapes ('&' in a board's name became '&amp;amp;amp;')."""
    escaped = str(text) if isinstance(text, Markup) else html.escape(text, quote=True)
    return Markup(json.dumps(escaped, ensure_ascii=False))


@jinja2.pass_context
def island_filter(context: jinja2.runtime.Context, text: str) -> Markup:
    """`{{ body | island }}`: content Markdown marked as an island (engine.islands) of the page being made,
    whose content comes from the files of its meeting folder."""
    return Markup(island(str(text), context["island_folder"], context["page_url"]))


def page_environment(templates: Path, compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of the page templates in `templates` (their compiled code kept in `compiled`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    env.filters["yaml_title"] = page_title
    env.filters["island"] = island_filter
    return env


WORD_RE = re.compile(r"\w+")


def with_footer(text: str, line: str) -> str:
    """A page's Markdown with `line` added at the end of its front-matter (every page template starts with one)."""
    end = text.find("\n---\n", 3) if text.startswith("---\n") else -1
    return text if end < 0 else text[: end + 1] + line + text[end + 1 :]


def in_body(lines: list[str], body: str) -> bool:
    """Whether the body already has every one of `lines`, word for word (Markdown marks and case aside): then
    a box repeating them would show the paper's recommendations twice."""
    words = f" {' '.join(WORD_RE.findall(body.lower()))} "
    return all(f" {' '.join(WORD_RE.findall(line.lower()))} " in words for line in lines)


@dataclass(frozen=True)
class PageSource:
    """A page to make: its docs path, the text it alone shows (a paper's or a notice's body, which Site.inputs
    leaves out), the maker of its Markdown, the content file whose body or notes it shows (links in them are
    resolved when the page is rendered), and a digest of where those links lead (see pipeline.with_links)."""

    path: str
    own: str
    make: Callable[[], str]
    source: str = ""
    links: str = ""


class Generator:
    """Make every page of the site as plain Markdown, from the page templates."""

    def __init__(self, site: Site, templates: Path, extra: dict[str, Any], compiled: Path | None = None) -> None:
        self.site = site
        self.extra = extra
        self.env = page_environment(templates, compiled)
        self.by_theme = self.papers_by_theme()
        self.theme_position = {t: {id(p): i for i, p in enumerate(ps)} for t, ps in self.by_theme.items()}
        self.by_source = {p.source: p for p in site.papers}  # once: per paper it made the build quadratic
        self.referrers = xref.Referrers(site)
        self.env.globals["referred_by"] = self.referrers  # paper.md.j2's "Referred to by"
        self.meetings_by_folder = {m.folder: m for m in site.meetings}  # once, not once per paper (xref.link)
        self.env.globals["meetings_by_date"] = {m.date: m for m in site.meetings if m.date}  # minutes' approval

    def papers_by_theme(self) -> dict[str, list[Paper]]:
        """Published papers of each theme, newest meeting first (the site's paper order)."""
        out: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.site.papers:
            for theme in paper.themes:
                out[theme].append(paper)
        return out

    def pages(self) -> list[tuple[str, Callable[[], str]]]:
        """Every page as (docs path, maker of its Markdown), in a fixed order."""
        return [(source.path, source.make) for source in self.sources()]

    def sources(self) -> list[PageSource]:
        """Every page to make, in a fixed order."""
        out: list[tuple[str, Callable[[], str]]] = [
            ("index.md", self.home),
            ("meetings/index.md", self.meetings_index),
            ("themes/index.md", self.themes_index),
            ("actions.md", self.actions),
            ("accessibility.md", self.accessibility),
            ("sitemap.md", self.sitemap),
            (
                "search.md",
                lambda: self.render(
                    "search.md.j2",
                    "search/",
                    facets=search_facets(self.site),
                    boards=list(self.site.boards.values()),
                    themes=list(self.site.themes.values()),
                ),
            ),
        ]
        out += [("decisions/index.md", self.decisions), ("matters/index.md", self.matters_index)]
        own: dict[str, str] = {}  # the docs paths of the pages that show a body, and the body
        sources: dict[str, str] = {}  # the docs paths of the pages that show a body or notes, and their file
        for notice in self.site.notices:
            if notice.published:
                out.append((f"decisions/{notice.id}.md", functools.partial(self.notice, notice)))
                own[out[-1][0]], sources[out[-1][0]] = notice.body, notice.source
        for matter_id in sorted(self.site.matters):
            out.append((f"matters/{matter_id}.md", functools.partial(self.matter, matter_id)))
        for theme_id in sorted(self.site.themes):
            out.append((f"themes/{theme_id}.md", functools.partial(self.theme, theme_id)))
        for meeting in self.site.meetings:
            out.append((f"meetings/{meeting.folder}/index.md", functools.partial(self.meeting, meeting)))
            sources[out[-1][0]] = meeting.source
            for paper in meeting.published_papers:
                out.append((f"meetings/{meeting.folder}/{paper.slug}.md", functools.partial(self.paper, paper)))
                own[out[-1][0]], sources[out[-1][0]] = paper.body, paper.source
        return [PageSource(path, own.get(path, ""), make, sources.get(path, "")) for path, make in out]

    def digest(self) -> str:
        """What every page's Markdown is made from besides Site.inputs and its own body: the configuration's
        `extra`, which papers refer to which (a body's references show on the pages they name), and the dates of
        the papers' history (pipeline.paper_dates)."""
        dates = self.env.globals.get("history", {})
        history = sorted((source, repr(when)) for source, when in dates.items()) if isinstance(dates, dict) else []
        text = json.dumps([self.extra, self.referrers.pairs, history], sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def markdown(self) -> list[tuple[str, str]]:
        """Every page as (docs path, Markdown), in a fixed order."""
        return [(source.path, source.make()) for source in self.sources()]

    def write(self, docs: Path, pages: list[tuple[str, str]] | None = None) -> int:
        """Write every page's Markdown (or `pages`) under `docs`, a docs folder for an engine; return how many."""
        pages = self.markdown() if pages is None else pages
        for path, text in pages:
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_text(text, encoding="utf-8")
        return len(pages)

    def render(self, template: str, url: str, **context: Any) -> str:
        """Render one page template with helpers bound to the page's own URL."""
        text = self.env.get_template(template).render(
            site=self.site,
            extra=self.extra,
            url=lambda target: rel(url, target),
            today=self.site.today,
            NOT_STATED=NOT_STATED,
            SITE_PAGES=SITE_PAGES,
            page_url=url,
            **context,
        )
        return with_footer(text, self.footer)

    @functools.cached_property
    def footer(self) -> str:
        """The front-matter line that gives every page's footer the organisation's contact details."""
        shown = {k: str(v) for k in FOOTER_FIELDS if (v := self.site.organisation.get(k))}
        return f"bp_organisation: {json.dumps(shown, ensure_ascii=False, sort_keys=True)}\n"

    def home(self) -> str:
        """The home page: the boards, next and latest meetings, latest papers, themes, search."""
        today = self.site.today
        dated = [(date, m) for m in self.site.meetings if (date := m.date)]
        soonest = sorted(dated, key=lambda pair: pair[0])
        upcoming = [m for date, m in soonest if date >= today and m.status != "cancelled"]
        latest = [m for date, m in dated if date < today][:5]
        return self.render(
            "home.md.j2",
            "",
            next_meeting=upcoming[0] if upcoming else None,
            latest=latest,
            papers=self.site.papers[:10],
            counts={t: len(self.by_theme[t]) for t in self.site.themes},
        )

    def years(self) -> list[tuple[str, list[Meeting]]]:
        """Meetings grouped by year, newest first; undated meetings last."""
        years: dict[str, list[Meeting]] = defaultdict(list)
        for meeting in self.site.meetings:
            years[str(meeting.date.year) if meeting.date else "Date not known"].append(meeting)
        order = sorted((y for y in years if y.isdigit()), reverse=True) + [y for y in years if not y.isdigit()]
        return [(y, years[y]) for y in order]

    def meetings_index(self) -> str:
        """Meetings grouped by year, newest first; undated meetings last."""
        return self.render("meetings.md.j2", "meetings/", years=self.years())

    def meeting(self, meeting: Meeting) -> str:
        """A meeting's details and agenda."""
        return self.render("meeting.md.j2", meeting.url, meeting=meeting, island_folder=f"meetings/{meeting.folder}")

    def paper(self, paper: Paper) -> str:
        """A paper: header block, body, recommendations, contacts, sources, neighbours, related papers."""
        return self.render(
            "paper.md.j2", paper.url, island_folder=f"meetings/{paper.meeting.folder}", **self.paper_context(paper)
        )

    def paper_context(self, paper: Paper) -> dict[str, Any]:
        """What paper.md.j2 is given for `paper`, besides what every page gets."""
        papers = paper.meeting.published_papers
        index = next(i for i, p in enumerate(papers) if p is paper)  # not index(): equal is not the same paper
        return {
            "paper": paper,
            "body": self.body(paper),
            "previous": papers[index - 1] if index > 0 else None,
            "next": papers[index + 1] if index + 1 < len(papers) else None,
            "related": {t: self.nearby(paper, t) for t in paper.themes},
            "more": {t: len(self.by_theme[t]) - 1 > RELATED_LIMIT for t in paper.themes},
            "recommendations_box": not in_body(paper.recommendations, paper.body),
        }

    def nearby(self, paper: Paper, theme: str) -> list[Paper]:
        """Up to RELATED_LIMIT papers on the theme around this one in time, newest first. Neighbours rather than
        the newest, so a new paper changes a few pages, not every page on its themes."""
        papers = self.by_theme[theme]
        here = self.theme_position[theme][id(paper)]
        start = max(0, min(here - RELATED_LIMIT // 2, len(papers) - RELATED_LIMIT - 1))
        return [p for p in papers[start : start + RELATED_LIMIT + 1] if p is not paper][:RELATED_LIMIT]

    def body(self, paper: Paper) -> str:
        """The paper's Markdown with its cross-references (xref) made links; every link is resolved by the
        renderer (links.py), relative to the paper's file."""
        text = paper.body.strip()
        if "[[" in text:  # what every reference needs (see xref.SCAN_RE)
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
        return self.render(
            "theme.md.j2",
            f"themes/{theme_id}/",
            theme=self.site.themes[theme_id],
            groups=[(meetings[f], groups[f]) for f in groups],
        )

    def decisions(self) -> str:
        """The decisions register: every decision the public may read of, newest first, with filters."""
        decisions = self.site.decisions
        return self.render(
            "decisions.md.j2",
            "decisions/",
            decisions=decisions,
            outcomes=DECISION_OUTCOMES,
            years=sorted({d.date.year for d in decisions if d.date}, reverse=True),
            matters=sorted({i for d in decisions for i in d.matters}),
        )

    def notice(self, notice: Notice) -> str:
        """A published decision notice."""
        text = notice.body
        if "[[" in text:  # its references made links, as a paper's (body); its links resolved by the renderer
            text = xref.link_notice(self.site, notice, text, self.meetings_by_folder)
        return self.render("notice.md.j2", notice.url, notice=notice, body=text, island_folder="decisions")

    def matters_index(self) -> str:
        """Every matter, with how many public records it has."""
        counts = [(m, len(record.timeline(self.site, m))) for m in self.site.matters.values()]
        return self.render("matters.md.j2", "matters/", matters=sorted(counts, key=lambda pair: pair[0].title))

    def matter(self, matter_id: str) -> str:
        """A matter's timeline across meetings: papers, decisions and actions, newest first."""
        matter = self.site.matters[matter_id]
        return self.render("matter.md.j2", matter.url, matter=matter, entries=record.timeline(self.site, matter))

    def actions(self) -> str:
        """The action log, overdue open actions flagged against the build date."""
        return self.render("actions.md.j2", "actions/", actions=self.site.actions)

    def accessibility(self) -> str:
        """The accessibility statement."""
        return self.render("accessibility.md.j2", "accessibility/")

    def sitemap(self) -> str:
        """The sitemap page: every top-level page, every meeting by year and every theme, as plain links, so a
        web archive or a reader without JavaScript reaches every paper (each meeting page lists its papers)."""
        return self.render(
            "sitemap.md.j2",
            "sitemap/",
            years=self.years(),
            counts={t: len(self.by_theme[t]) for t in self.site.themes},
        )
