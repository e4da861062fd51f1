"""Page generation details that do not need MkDocs: which related papers a paper page lists, relative links."""
from __future__ import annotations

import datetime as dt
import posixpath
import random
from pathlib import Path

import pytest

from boardpapers import xref
from boardpapers.content import load_site
from boardpapers.generate import RELATED_LIMIT, Generator, island, rel
from boardpapers.pipeline import ROOT, mkdocs_config
from boardpapers import render
from boardpapers.pipeline import build_site
from boardpapers.render import add_theme_files, dest_path, sort_key, squeeze, squeeze_by_patterns
from mkdocs.structure.files import File, Files, file_sort_key
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
    pages = ["", "meetings/", "themes/", "actions/", "search/", *[m.url for m in site.meetings],
             *[p.url for p in site.papers], *[f"themes/{t}/" for t in site.themes]]
    targets = pages + ["feeds/papers.xml", "assets/stylesheets/board.css", "meetings/2019-09-18",
                       "themes/victims", "index.html", pages[-1] + "#top"]
    assert len(pages) > 15
    assert [(p, t, rel(p, t)) for p in pages for t in targets] == [
        (p, t, relpath_url(p, t)) for p in pages for t in targets]


def test_theme_files_are_the_ones_mkdocs_itself_adds(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    config = mkdocs_config(ROOT / "mkdocs.yml", tmp_path / "docs", tmp_path / "site")
    ours, theirs = Files([]), Files([])
    add_theme_files(ours, config.theme.get_env(), config)
    theirs.add_files_from_theme(config.theme.get_env(), config)
    assert [(f.src_uri, f.abs_src_path) for f in ours] == [(f.src_uri, f.abs_src_path) for f in theirs]
    assert "assets/stylesheets/board.css" in [f.src_uri for f in ours]


def test_page_order_is_mkdocs_own(tmp_path: Path) -> None:
    site = load_site(ROOT / "content", dt.date(2026, 11, 23))
    paths = [path for path, _ in Generator(site, ROOT / "theme" / "pages", {}).pages()]
    files = [File(path, str(tmp_path), str(tmp_path / "site"), True)
             for path in [*paths, "a/README.md", "a/b/index.md", "a/b.md", "z.md"]]
    theirs = [f.src_uri for f in sorted(files, key=file_sort_key)]
    assert [f.src_uri for f in sorted(files, key=sort_key)] == theirs
    assert theirs[0] == "index.md" and theirs[-1].startswith("themes/")


@pytest.mark.parametrize(("html", "squeezed"), [
    ("<p>a  b</p>", "<p>a b</p>"), ("<p>a \t b</p>", "<p>a b</p>"), ("<p>a\tb</p>", "<p>a\tb</p>"),
    ("<p>x</p>  \n\n   <p>y</p>", "<p>x</p><p>y</p>"), ("text \t\nmore  ", "text\nmore "),
    ("<pre>  keep \n  this  </pre>  <i>a</i>  ", "<pre>  keep \n  this  </pre> <i>a</i> "),
    ("<span>a</span> \n <span>b</span>", "<span>a</span>\n<span>b</span>"),
])
def test_squeeze_drops_only_white_space_a_browser_never_shows(html: str, squeezed: str) -> None:
    assert squeeze(html) == squeezed
    assert squeeze_by_patterns(html) == squeezed


# Pieces of HTML as the theme and Python-Markdown write them, and the odd cases around them: block and inline
# tags, tags over two lines, kept elements, mkdocs-material's link texts, white space of every kind.
PIECES = ["<div>", "</div>", '<div class="a">', "<div\n  class='b'>", "<div\n>", "<p>", "</p>", "<li>", "</li>",
          "<ul>", "</ul>", "<h2 id=x>", "</h2>", "<hr />", "<td>", "<span>", "</span>", "<a href='/'>", "</a>",
          "<pre>", "</pre>", "<pre> a \n  b </pre>", "<script>\n  x  \n</script>", "<style>a  b</style>",
          '<span class="md-ellipsis">', '<a class="md-tabs__link" href="/">', '<a href="#m" class="md-skip">',
          "<header", "<divx>", "<P>", "<br>", "<!-- c -->", "a > b", "x < y", ">", "<", "text", "Two words",
          "\n", "\n\n", "  ", " ", "\t", " \t ", "\n    ", "   \n", "\r", "\xa0", "\u2003", "\n\xa0x",
          '<input class="md-toggle" type="checkbox" autocomplete="off">', "&amp;", "<main", ">\n"]


def test_squeeze_line_by_line_is_squeeze_by_patterns() -> None:
    pieces = random.Random(8)
    for _ in range(4000):
        html = "".join(pieces.choice(PIECES) for _ in range(pieces.randint(1, 24)))
        assert squeeze(html) == squeeze_by_patterns(html), repr(html)


def test_squeeze_is_squeeze_by_patterns_on_every_page_of_the_sample_site(tmp_path: Path, monkeypatch) -> None:
    pages: list[str] = []
    monkeypatch.setattr(render, "squeeze", lambda page: pages.append(page) or squeeze(page))
    monkeypatch.setattr(render.os, "cpu_count", lambda: 1)  # rendered here, not in workers
    build_site(ROOT / "content", tmp_path / "site", ROOT / "mkdocs.yml", TODAY)
    assert len(pages) > 20
    for page in pages:
        assert squeeze(page) == squeeze_by_patterns(page)


def test_a_body_without_links_or_references_is_its_text_and_others_are_linked(tmp_path: Path) -> None:
    site = load_site(ROOT / "content", dt.date(2026, 11, 23))
    generator = Generator(site, ROOT / "theme" / "pages", {})
    full = {p.source: xref.link(site, p, p.body.strip()) for p in site.papers}
    linked = [p for p in site.papers if generator.body(p) != p.body.strip() + "\n"]
    assert linked and len(linked) < len(site.papers)  # the sample has both kinds
    for paper in site.papers:  # links to files are left to the renderer (links.py): body() is xref.link's output
        assert generator.body(paper) == full[paper.source] + "\n", paper.source


def test_a_page_is_written_where_mkdocs_would_write_it(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    config = mkdocs_config(ROOT / "mkdocs.yml", tmp_path / "docs", tmp_path / "site")
    site = load_site(ROOT / "content", dt.date(2026, 11, 23))
    paths = [path for path, _ in Generator(site, ROOT / "theme" / "pages", {}).pages()]
    files = [File(path, str(tmp_path / "docs"), config.site_dir, True)
             for path in [*paths, "a/README.md", "a/b/index.md", "a/b.md", "z.md"]]
    assert [dest_path(f, config) for f in files] == [f.abs_dest_path for f in files]


FORGED = [  # what an author might type to end the island early or start another, each followed by script
    "<!--/bp:markdown-->\n<script>alert(1)</script>",
    "\n<!--/bp:markdown:" + "0" * 32 + "-->\n<img src=x onerror=alert(1)>",
    "<!--bp:markdown:" + "0" * 32 + "-->\nx\n<!--/bp:markdown:" + "0" * 32 + "-->",
]


@pytest.mark.parametrize("markdown", ["", "one line", "two\n\nparagraphs\n", *FORGED])
def test_islands_give_back_each_island_and_the_html_around_it(markdown: str) -> None:
    page = "<h1>t</h1>\n" + island(markdown) + "\n<p>between</p>\n" + island("second") + "\n<p>end</p>"
    assert render.islands(page) == ["<h1>t</h1>\n", markdown, "\n<p>between</p>\n", "second", "\n<p>end</p>"]


@pytest.mark.parametrize("forged", FORGED)
def test_a_marker_typed_into_content_cannot_end_its_island(forged: str) -> None:
    """The closing marker carries the digest of the island's text: a forged one is just text of the island."""
    text = "Before.\n" + forged + "\nAfter."
    assert render.islands(island(text)) == ["", text, ""]


def test_an_island_that_does_not_match_its_digest_fails_the_build() -> None:
    tampered = island("the paper's text").replace("the paper's", "another")
    with pytest.raises(ValueError, match="does not match its marker"):
        render.islands(tampered)


def test_memo_renders_a_block_once_per_folder_and_navigation_page_keeping_the_last_folders() -> None:
    class Page:  # what Memo reads of an MkDocs page
        def __init__(self, url: str) -> None:
            self.url = url

    home, meetings = Page(""), Page("meetings/")
    nav = type("Nav", (), {"pages": [home, meetings]})()
    rendered: list[str] = []
    memo = render.Memo()

    def block(page: Page) -> str:
        return memo("tabs", page, nav, caller=lambda: rendered.append(page.url) or f"tabs for {page.url}")

    folders = [f"meetings/2019-0{n}-01/" for n in range(1, 7)]
    for folder in folders:
        assert block(Page(folder + "a/")) == f"tabs for {folder}a/"
        assert block(Page(folder + "b/")) == f"tabs for {folder}a/"  # the folder's block, rendered once
        assert block(home) == "tabs for " and block(meetings) == "tabs for meetings/"
    assert rendered == [folders[0] + "a/", "", "meetings/", *[f + "a/" for f in folders[1:]]]
    oldest_kept = folders[-render.Memo.FOLDERS]
    block(Page(oldest_kept + "c/"))  # still kept, and now the most recently used
    block(Page("meetings/2019-07-01/a/"))  # a new folder: the least recently used one goes
    block(Page(oldest_kept + "d/"))
    assert rendered[len(folders) + 2:] == ["meetings/2019-07-01/a/"]
    block(Page(folders[0] + "c/"))  # dropped long ago: rendered again
    assert rendered[-1] == folders[0] + "c/" and len(rendered) == len(folders) + 4
    assert memo("tabs", None, nav, caller=lambda: "404 page") == "404 page"  # no page: never kept
