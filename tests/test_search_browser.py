"""Search in headless Chromium, on the web and from the offline archive opened from disk (issue 21): other word
forms, typing mistakes, pages with some of the words, actions and meetings, the best passage as the snippet,
filter counts of the query, "Show more" only when there is more, and the keyboard; the public record (decision
notices, decisions of the minutes, matters, attendance) on a site built from contentkit's record content. Also:
the browser's stemmer gives the build's stems for every word of the sample content."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from boardpapers.content.load import load_site
from boardpapers.outputs import search
from boardpapers.outputs.bundle import make_bundle
from boardpapers.pipeline import build_site
from conftest import ROOT, SAMPLE_TODAY, served
from contentkit import make_record_content, write
from test_search import UNPUBLISHED_NOTICE, results, status

COMMUNITIES = "meetings/2020-01-23/communities-theme-opcc-partnership-support/"
STALKING = "meetings/2019-09-18/11.2-the-constabulary-response-to-the-hmicfrs-national-thematic/"
SOUTHERN = "meetings/2019-09-18/9-southern-police-station-project-update/"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content's offline archive, as its folder."""
    folder, _ = make_bundle(ROOT / "content", tmp_path_factory.mktemp("dist"), ROOT / "mkdocs.yml", SAMPLE_TODAY)
    return folder


@pytest.fixture(scope="module")
def record_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """contentkit's record content (a meeting's minutes, attendance and decisions, a published decision notice,
    a matter) and a notice that is not published but has a public summary, built once."""
    root = tmp_path_factory.mktemp("record")
    content = make_record_content(root)
    write(content, "decisions/canary-notice.md", UNPUBLISHED_NOTICE)
    build_site(content, root / "site", ROOT / "mkdocs.yml", SAMPLE_TODAY)
    return root / "site"


@pytest.fixture(scope="module")
def record_url(record_site: Path) -> Iterator[str]:
    """This module's record site (with an unpublished notice) on a free local port."""
    with served(record_site) as url:
        yield url


def searching(request: pytest.FixtureRequest, browser: Any, site: str) -> Iterator[tuple[Any, Callable[[str], str]]]:
    """(a page, the search page's address for a query) of the sample site (`site` 'sample') or the record site:
    on a local web server, or from disk in a browser with no network (where no request may leave file://); the
    sample site from its offline archive."""
    if request.param == "online":
        served = request.getfixturevalue("site_url" if site == "sample" else "record_url")
        base = served + "search/index.html"
        context = browser.new_context()
    else:
        folder = request.getfixturevalue("archive" if site == "sample" else "record_site")
        base = (folder / "search" / "index.html").as_uri()
        context = browser.new_context(offline=True)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    try:
        yield context.new_page(), lambda q: base + "?q=" + urllib.parse.quote(q)
        if request.param == "offline":
            assert [url for url in requests if not url.startswith("file://")] == []
    finally:
        context.close()


@pytest.fixture(params=["online", "offline"])
def where(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, Callable[[str], str]]]:
    """The sample site's search page (see searching)."""
    yield from searching(request, browser, "sample")


@pytest.fixture(params=["online", "offline"])
def record_where(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, Callable[[str], str]]]:
    """The record site's search page (see searching)."""
    yield from searching(request, browser, "record")


def ask(where: tuple[Any, Callable[[str], str]], query: str) -> list[dict[str, str]]:
    """Search for `query` on the search page; the shown results."""
    page, address = where
    page.goto(address(query))
    return results(page)


def page_of(href: str) -> str:
    """A result link's page under the site root, as in the index (no index.html, no #fragment)."""
    return re.sub(r"^.*?/((meetings|actions|themes|decisions|matters)/)", r"\1", href.split("#")[0]).removesuffix(
        "index.html"
    )


def test_other_forms_of_a_word_are_found_and_highlighted(where: Any) -> None:
    shown = ask(where, "stalker harassed")  # the paper says "stalking" and "harassment"
    assert page_of(shown[0]["href"]) == STALKING
    assert "<mark>Stalking</mark>" in shown[0]["snippet"] or "<mark>stalking</mark>" in shown[0]["snippet"]
    first = ask(where, "investments preventing")[0]  # "investment", "prevention"
    assert first["title"] == "STRATEGIC DIRECTION FOR OPCC INVESTMENT IN PREVENTION"
    assert "Showing results" not in status(where[0])


def test_a_typing_mistake_is_corrected_and_said(where: Any) -> None:
    shown = ask(where, "speedwach")  # a letter left out
    assert page_of(shown[0]["href"]) == COMMUNITIES
    assert status(where[0]).startswith("Showing results for “speedwatch”: no page has “speedwach”.")
    assert "<mark>Speedwatch</mark>" in shown[0]["snippet"]
    assert page_of(ask(where, "harrassment")[0]["href"]) == STALKING  # a doubled letter
    assert status(where[0]).startswith("Showing results for “harassment”")


def test_pages_with_some_of_the_words_follow_those_with_all(where: Any) -> None:
    shown = ask(where, "southern police station delays")  # the paper does not use "delays"
    assert page_of(shown[0]["href"]) == SOUTHERN or any(page_of(r["href"]) == SOUTHERN for r in shown[:3])
    assert re.search(r"\d+ results? found for “southern police station delays”\. ", status(where[0]))
    assert "every word" in status(where[0])


def test_actions_and_meetings_are_found_and_link_to_their_place(where: Any) -> None:
    first = ask(where, "sickness levels")[0]
    assert first["kind"] == "Action" and first["title"].startswith("Action 6.0: Chief Constable to report back")
    assert first["href"].endswith("#action-6-0") and page_of(first["href"]) == "actions/"
    assert "Action log" in first["meeting"] and "<mark>sickness</mark>" in first["snippet"]
    meeting = ask(where, "matthew warren")[0]
    assert meeting["kind"] == "Meeting" and page_of(meeting["href"]) == "meetings/2019-09-18/"
    assert "<mark>Matthew</mark> <mark>Warren</mark>" in meeting["snippet"]
    venue = ask(where, "conference room")[0]
    assert venue["kind"] == "Meeting" and venue["meeting"] == "15:00, HQ, Conference Room 3"


def test_a_date_typed_in_numbers_finds_its_meeting(where: Any) -> None:
    """The pages print dates in words ("18 September 2019"): a date typed in numbers is searched that way."""
    for typed in ("2019-09-18", "18/9/2019"):
        shown = ask(where, typed)
        assert (shown[0]["kind"], page_of(shown[0]["href"])) == ("Meeting", "meetings/2019-09-18/"), typed
        assert re.match(rf"\d+ results found for “{re.escape(typed)}”\.", status(where[0])), status(where[0])
        assert "No page has" not in status(where[0])  # not "No page has “09”"
        assert shown[0]["title"] == "Business Coordination Board, 18 September 2019"


def test_the_snippet_is_the_passage_with_most_of_the_words(where: Any) -> None:
    first = ask(where, "scape framework wates")[0]
    assert page_of(first["href"]) == SOUTHERN
    # The first "Wates" or "Scape" in the paper is where all three stand; not its opening.
    snippet = first["snippet"]
    assert "<mark>Scape</mark> <mark>framework</mark> provider, <mark>Wates</mark>" in snippet
    assert not snippet.startswith("The purpose")


def counts(page: Any) -> dict[str, str]:
    """Each filter's shown count, by checkbox id."""
    return page.eval_on_selector_all(
        "#bp-search-form input[type=checkbox]",
        "boxes => Object.fromEntries(boxes.map(b => [b.id, b.parentNode.querySelector('.bp-count').textContent]))",
    )


def test_filter_counts_are_the_querys_and_years_follow_the_meeting(where: Any) -> None:
    page, _ = where
    ask(where, "speedwatch")
    shown = counts(page)
    assert (shown["bp-type-paper"], shown["bp-type-meeting"], shown["bp-type-action"]) == ("(1)", "(0)", "(0)")
    assert (shown["bp-theme-communities"], shown["bp-theme-victims"], shown["bp-year-2020"]) == ("(1)", "(0)", "(1)")
    # Paper 5.1's printed date says 2018; its meeting was in 2019, and the Year filter says so.
    ask(where, "priority update transformation")
    assert counts(page)["bp-year-2019"] != "(0)" and "bp-year-2018" not in counts(page)
    # A filter narrows the results; the counts of its own kind stay the query's, so another can be added.
    page.check("#bp-type-action")
    page.wait_for_function("document.getElementById('bp-search-status').textContent.includes('filters')")
    assert all(r["kind"] == "Action" for r in results(page))
    after = counts(page)
    assert after["bp-type-paper"] != "(0)" and after["bp-type-action"] != "(0)"


def test_show_more_appears_only_when_there_are_more(where: Any) -> None:
    page, _ = where
    more = ".bp-search-more"
    ask(where, "speedwatch")
    assert not page.is_visible(more)
    ask(where, "nothingatallhere")
    assert status(page).startswith("No page contains") and not page.is_visible(more)
    shown = ask(where, "board")
    total = int(re.match(r"(\d+) results found", status(page)).group(1))  # type: ignore[union-attr]
    assert total > len(shown) == search.PAGE_SIZE and page.is_visible(more)
    # With the keyboard: Enter on the button shows the rest and moves focus to the first new result.
    page.focus(more)
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('.bp-result').length === {min(total, 2 * search.PAGE_SIZE)}")
    focused = page.evaluate(
        "document.activeElement.closest('.bp-result') === document.querySelectorAll('.bp-result')[10]"
    )
    assert focused
    if total <= 2 * search.PAGE_SIZE:
        assert not page.is_visible(more)


def test_searching_with_the_keyboard_alone(where: Any) -> None:
    page, address = where
    page.goto(address(""))
    page.focus("#bp-search-q")
    page.keyboard.type("sickness")
    page.keyboard.press("Enter")
    first = results(page)[0]
    assert first["kind"] == "Action"
    page.focus("#bp-type-paper")
    page.keyboard.press("Space")  # a filter from the keyboard
    page.wait_for_function("document.getElementById('bp-search-status').textContent.includes('filters')")
    assert all(r["kind"] == "Paper" for r in results(page)) or status(page).startswith("Nothing found")


def test_the_browsers_stemmer_gives_the_builds_stems(page: Any, site_url: str) -> None:
    site = load_site(ROOT / "content", SAMPLE_TODAY)
    text = " ".join(search.paper_text(p) + " " + p.title for p in site.papers)
    words = sorted(set(search.WORD_RE.findall(search.fold(text))))
    assert len(words) > 2000
    page.goto(site_url + "search/")
    page.wait_for_function("typeof window.bpSearch !== 'undefined'")
    assert page.evaluate("words => bpSearch.stem(words)", words) == [search.stem(w) for w in words]


def test_a_decision_notice_is_found_by_its_words_and_says_what_it_is(record_where: Any) -> None:
    page, _ = record_where
    first = ask(record_where, "tender evaluation contractor")  # words of its reasons
    assert first[0]["kind"] == "Decision notice"
    assert first[0]["title"] == "Southern Police Station contract award"
    assert page_of(first[0]["href"]) == "decisions/2019-014-contract-award/"
    assert first[0]["meeting"] == "Decision notice 2019-014, 5 November 2019"
    assert first[0]["themes"] == "Southern Police Station project"  # its matter
    assert "<mark>tender</mark> <mark>evaluation</mark>" in first[0]["snippet"]
    shown = counts(page)
    assert (shown["bp-type-notice"], shown["bp-type-paper"]) == ("(1)", "(0)")
    # The link opens the notice's page.
    page.click(".bp-result-title a")
    page.wait_for_url("**/decisions/2019-014-contract-award/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Southern Police Station contract award"


def test_decisions_matters_and_the_meetings_record_are_found_and_link_to_their_place(record_where: Any) -> None:
    page, _ = record_where
    decision = ask(record_where, "written report")[0]
    assert (decision["kind"], decision["title"]) == ("Decision", "Decision on item 13: JPS Training")
    assert decision["href"].endswith("#item-13") and page_of(decision["href"]) == "meetings/2019-09-18/"
    assert decision["meeting"] == "Deferred at Business Coordination Board, 18 September 2019"
    summary = ask(record_where, "property sale")[0]  # a notice that is not published: its summary, no page
    assert (summary["kind"], page_of(summary["href"])) == ("Decision", "decisions/")
    matter = ask(record_where, "police station south county")[0]
    assert (matter["kind"], page_of(matter["href"])) == ("Matter", "matters/southern-police-station/")
    meeting = ask(record_where, "kim fixture")[0]
    assert (meeting["kind"], page_of(meeting["href"])) == ("Meeting", "meetings/2019-09-18/")
    assert "<mark>Kim</mark> <mark>Fixture</mark>" in meeting["snippet"]
    # The Type filter offers every kind, and narrows to one.
    ask(record_where, "southern police station")
    page.check("#bp-type-decision")
    page.wait_for_function("document.getElementById('bp-search-status').textContent.includes('filters')")
    assert {r["kind"] for r in results(page)} == {"Decision"}
