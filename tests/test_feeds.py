"""Atom feeds, read back with a real feed parser (feedparser): entries, dates, links and stable ids."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

import feedparser

from boardpapers.content.load import load_site
from boardpapers.outputs import feeds
from conftest import ROOT, SAMPLE_TODAY
from contentkit import make_content, paper, write

TODAY = dt.date(2026, 11, 23)
CONFIG = {"site_name": "Board papers", "site_url": None}


def parse(text: str) -> feedparser.FeedParserDict:
    """Parse an Atom document, failing on anything that is not well-formed Atom."""
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def page_of(feed_path: str, href: str) -> str:
    """The site page a relative link in the feed at `feed_path` points to."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(feed_path), href)) + "/"


def test_sample_feed_lists_every_dated_paper_newest_first_with_working_links(sample_site: Path) -> None:
    site = load_site(ROOT / "content", SAMPLE_TODAY)
    parsed = parse((sample_site / "feeds/papers.xml").read_text("utf-8"))
    dated = [p for p in site.papers if p.date or p.meeting.date]
    assert len(parsed.entries) == min(len(dated), feeds.FEED_LIMIT) > 0
    by_url = {p.url: p for p in site.papers}
    for entry in parsed.entries:
        target = page_of("feeds/papers.xml", entry.link)
        assert (sample_site / target / "index.html").is_file(), entry.link
        paper = by_url[target]
        assert entry.title == paper.title
        assert dt.date(*entry.published_parsed[:3]) == (paper.date or paper.meeting.date)
        # updated: when it reached this site (git history) or was corrected, never before its own date
        assert entry.updated_parsed >= entry.published_parsed
        assert entry.id == feeds.stable_id(site, paper.url)
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)


def test_undated_paper_is_left_out(sample_site: Path) -> None:
    text = (sample_site / "feeds/themes/transformation.xml").read_text("utf-8")
    assert "police-and-crime-plan-development-transformation" not in text
    assert "5.0-opcc-transformation-theme" in text


def test_theme_and_board_feeds_hold_their_papers_only(sample_site: Path) -> None:
    communities = parse((sample_site / "feeds/themes/communities.xml").read_text("utf-8"))
    assert [[t.term for t in e.tags] for e in communities.entries] == [["communities"]]
    assert [e.link for e in communities.entries] == [
        "../../meetings/2020-01-23/communities-theme-opcc-partnership-support/"
    ]
    board = parse((sample_site / "feeds/boards/bcb.xml").read_text("utf-8"))
    every = parse((sample_site / "feeds/papers.xml").read_text("utf-8"))
    assert [e.id for e in board.entries] == [e.id for e in every.entries]  # the sample has one board


def entry_dates(tmp_path: Path) -> dict[str, str]:
    """Feed entry dates by title, for content whose papers state a date, none, or the meeting's."""
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/2.0-dated.md", paper("Dated", "2.0", "x", date="2019-08-01"))
    write(content, "meetings/2019-09-18/3.0-undated.md", paper("No own date", "3.0", "x", date="null"))
    write(content, "meetings/undated-plan/meeting.md", "---\nboard: bcb\n---\n")
    write(content, "meetings/undated-plan/plan.md", paper("Nothing dated", None, "x", date="null"))
    parsed = parse(feeds.feeds(load_site(content, TODAY), CONFIG)["feeds/papers.xml"])
    return {e.title: e.updated for e in parsed.entries}


def test_entry_dates_use_the_paper_then_the_meeting_and_never_invent_one(tmp_path: Path) -> None:
    assert entry_dates(tmp_path) == {
        "Southern Police Station – Project Update": "2019-09-18T00:00:00Z",
        "No own date": "2019-09-18T00:00:00Z",
        "Dated": "2019-08-01T00:00:00Z",
    }


def test_with_site_url_links_are_absolute_and_ids_do_not_change(tmp_path: Path) -> None:
    site = load_site(make_content(tmp_path), TODAY)
    relative = parse(feeds.feeds(site, CONFIG)["feeds/themes/transformation.xml"])
    absolute = parse(
        feeds.feeds(site, {**CONFIG, "site_url": "https://papers.example.org"})["feeds/themes/transformation.xml"]
    )
    (entry,) = absolute.entries
    assert entry.link == "https://papers.example.org/meetings/2019-09-18/9.0-southern-police-station/"
    assert relative.entries[0].link == "../../meetings/2019-09-18/9.0-southern-police-station/"
    assert [lk.href for lk in absolute.feed.links] == [
        "https://papers.example.org/feeds/themes/transformation.xml",
        "https://papers.example.org/themes/transformation/",
    ]
    assert entry.id == relative.entries[0].id and entry.id.startswith("urn:uuid:")
    assert absolute.feed.id == relative.feed.id
    assert entry.author == "Chief Constable"
    assert entry.summary.startswith("Business Coordination Board, 18 September 2019, agenda item 9.0.")


def test_an_empty_theme_feed_is_still_valid(tmp_path: Path) -> None:
    parsed = parse(feeds.feeds(load_site(make_content(tmp_path), TODAY), CONFIG)["feeds/themes/victims.xml"])
    assert parsed.entries == []
    assert parsed.feed.updated == "2026-11-23T00:00:00Z"  # the build date: the feed's last change


def test_an_entry_is_updated_when_the_paper_reached_this_site(tmp_path: Path) -> None:
    site = load_site(make_content(tmp_path), TODAY)
    (paper,) = site.papers
    paper.first_published = dt.date(2026, 3, 30)  # what the build reads from git history
    parsed = parse(feeds.feeds(site, None)["feeds/papers.xml"])
    (entry,) = parsed.entries
    assert (entry.published[:10], entry.updated[:10], parsed.feed.updated[:10]) == (
        "2019-09-18",
        "2026-03-30",
        "2026-03-30",
    )
