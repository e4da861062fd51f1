"""The sample content: it passes check, and a reader can go home -> meeting -> paper -> theme."""

from __future__ import annotations

import html.parser
import posixpath
from pathlib import Path

from boardpapers.content.load import load_site
from conftest import ROOT, SAMPLE_TODAY

MEETING = "meetings/2019-09-18/"
PAPER = "meetings/2019-09-18/5.0-opcc-transformation-theme/"
PAPER_TITLE = "POLICE & CRIME PLAN – TRANSFORMATION THEME - OPCC WORK TO DELIVER BROADER PARTNERSHIP SUPPORT"


class Links(html.parser.HTMLParser):
    """Collect (href, text) of every link in the page's <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._in_article = 0
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._in_article += 1
        if tag == "a" and self._in_article:
            self._href, self._text = dict(attrs).get("href"), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)


def article_links(site: Path, page: str) -> dict[str, list[str]]:
    """Map each link target in a page's content (as a site path) to the texts of links to it."""
    parser = Links()
    parser.feed((site / page / "index.html").read_text("utf-8"))
    out = {}
    for href, text in parser.links:
        if "://" not in href:
            target = posixpath.normpath(posixpath.join(page, href.split("#")[0]))
            out.setdefault(target + "/" if target != "." else "", []).append(text)
    return out


def test_sample_content_passes_check() -> None:
    site = load_site(ROOT / "content", SAMPLE_TODAY)
    assert sorted(site.themes) == ["communities", "offenders", "transformation", "victims"]
    assert len(site.papers) >= 3


def test_links_lead_from_home_to_meeting_to_paper_to_theme(sample_site: Path) -> None:
    home = article_links(sample_site, "")
    assert "Business Coordination Board, 18 September 2019" in home[MEETING]
    meeting = article_links(sample_site, MEETING)
    assert meeting[PAPER] == [PAPER_TITLE]  # the agenda item's title is the link
    assert meeting["actions/"] == ["BCB Action Log."]  # item 4 names the action log page (page: actions)
    paper = article_links(sample_site, PAPER)
    # The header block's theme link, then (more papers on it than the page lists) the theme's full list.
    assert paper["themes/transformation/"] == ["Transformation", "All papers on Transformation"]
    assert paper[MEETING] == ["Business Coordination Board, 18 September 2019"]
    theme = article_links(sample_site, "themes/transformation/")
    assert theme[PAPER] == [PAPER_TITLE]


def test_unknown_facts_are_said_once_to_be_unknown(sample_site: Path) -> None:
    page = (
        sample_site / "meetings/undated-police-and-crime-plan-development/"
        "police-and-crime-plan-development-transformation/index.html"
    ).read_text("utf-8")
    for label in ("From", "Date", "Agenda item", "Themes"):
        assert f"<dt>{label}</dt>" not in page  # left out, not "Not stated"
    assert page.count("Some details are not stated in the paper.") == 1 and "Not stated" not in page
    meetings = (sample_site / "meetings/index.html").read_text("utf-8")
    assert "Date not known" in meetings


def test_a_reader_clicks_from_home_to_a_theme(page: object, site_url: str) -> None:
    page.goto(site_url)  # type: ignore[attr-defined]
    page.get_by_role("link", name="Business Coordination Board, 18 September 2019").first.click()  # type: ignore
    assert page.get_by_role("heading", level=1).inner_text() == "Business Coordination Board, 18 September 2019"  # type: ignore
    page.get_by_role("link", name=PAPER_TITLE).click()  # type: ignore[attr-defined]
    assert page.get_by_role("heading", level=1).inner_text() == PAPER_TITLE  # type: ignore[attr-defined]
    header = page.locator(".bp-paper-header").inner_text()  # type: ignore[attr-defined]
    assert "From\nChief Executive" in header and "Agenda item\n5.0" in header
    page.locator(".bp-paper-header").get_by_role("link", name="Transformation").click()  # type: ignore
    assert page.url == site_url + "themes/transformation/"  # type: ignore[attr-defined]
    assert page.get_by_role("link", name=PAPER_TITLE).count() == 1  # type: ignore[attr-defined]
