"""The search page on a phone: the count, then the filters as a closed panel, then the results, which a search
brings onto the first screen with focus on their heading; on a wide screen the filters stay open."""

from __future__ import annotations

from typing import Any

PHONE = {"width": 375, "height": 812}
WIDE = {"width": 1280, "height": 800}


def search(page: Any, site_url: str, words: str) -> None:
    """Type `words` into the search page's box and press Enter, as a reader does; wait for the results."""
    page.goto(site_url + "search/")
    page.wait_for_function("typeof window.bpSearch !== 'undefined'")
    page.fill("#bp-search-q", words)
    page.press("#bp-search-q", "Enter")
    page.wait_for_selector("#bp-search-results li a")


def test_on_a_phone_the_first_result_is_on_the_first_screen_and_focus_on_the_results(page: Any, site_url: str) -> None:
    page.set_viewport_size(PHONE)
    search(page, site_url, "police")
    assert page.evaluate("document.activeElement.id") == "bp-results-heading"
    first = page.locator("#bp-search-results li").first.bounding_box()
    assert first is not None and first["y"] >= 0 and first["y"] + min(first["height"], 100) <= PHONE["height"]
    assert page.evaluate("document.getElementById('bp-search-filters').open") is False
    # the count is read before the filters, which open from their heading
    order = page.evaluate(
        "[...document.querySelectorAll('#bp-search-status, #bp-search-filters, #bp-results-heading')].map(e => e.id)"
    )
    assert order == ["bp-search-status", "bp-search-filters", "bp-results-heading"]
    page.click("#bp-search-filters summary")
    assert page.is_visible("#bp-type-paper")


def test_a_chosen_filter_keeps_the_panel_open_on_a_phone(page: Any, site_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site_url + "search/?q=police&type=paper")
    page.wait_for_selector("#bp-search-results li a")
    assert page.evaluate("document.getElementById('bp-search-filters').open") is True


def test_on_a_wide_screen_the_filters_stay_open(page: Any, site_url: str) -> None:
    page.set_viewport_size(WIDE)
    search(page, site_url, "police")
    assert page.evaluate("document.getElementById('bp-search-filters').open") is True
    assert page.is_visible("#bp-type-paper")


def test_a_search_from_the_header_box_arrives_at_the_results(page: Any, site_url: str) -> None:
    """The header's box on another page opens search/?q=...: once the results are shown, focus is on their
    heading and the first result's whole title is on the screen, below the fixed header."""
    page.set_viewport_size(PHONE)
    page.goto(site_url + "search/?q=police")
    page.wait_for_selector("#bp-search-results li a")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'bp-results-heading'")
    title = page.locator("#bp-search-results li .bp-result-title").first.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert title is not None and header is not None
    assert title["y"] >= header["y"] + header["height"] and title["y"] + title["height"] <= PHONE["height"]
