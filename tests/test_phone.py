"""Phones and wide screens (issue 20): every page kind at 375 and 1280 CSS px has no horizontal page scroll; the
record tables (a meeting's agenda, the action log) show every field of a record inside the viewport, their titles
at least 60% of a phone's width; axe finds nothing at a phone's width (WCAG 2.2 target size included); and no
page asks for a file that is not there (Material asked for feeds/sitemap.xml on every page), online or from disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contentkit import RECORD_KINDS
from quality_tools import AXE_JS, axe_violations, describe_violations, tool_or_skip

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
MEETING = "meetings/2019-09-18/"
KINDS = {
    "home": "",
    "meetings index": "meetings/",
    "meeting": MEETING,
    "paper": "meetings/2019-09-18/6.0-strategic-direction-for-opcc-investment-in-prevention/",
    "themes index": "themes/",
    "theme": "themes/transformation/",
    "action log": "actions/",
    "search": "search/?q=police",
    "accessibility statement": "accessibility/",
    "sitemap": "sitemap/",
    "404": "404.html",
}
RECORDS = {"meeting": ".bp-agenda", "action log": ".bp-actions"}


# Each record (row) of a record table: the box of each field that shows something, and of its title.
RECORDS_PROBE = """selector => [...document.querySelectorAll(selector + ' tbody tr')].map(tr => ({
  id: tr.id,
  fields: [...tr.children].filter(td => td.textContent.trim()).map(td => {
    const r = td.getBoundingClientRect();
    return {text: td.textContent.trim().slice(0, 30), left: r.left, right: r.right, width: r.width};
  }),
  title: tr.querySelector('.bp-item-title').getBoundingClientRect().width,
}))"""


def load(page: Any, url: str, viewport: dict[str, int]) -> None:
    """Open a page at a viewport size; on the search page, wait for its results."""
    page.set_viewport_size(viewport)
    page.goto(url)
    if "search/" in url:
        page.wait_for_selector("#bp-search-results li a")


def test_every_page_kind_is_in_the_sample(sample_site: Path) -> None:
    assert [k for k, path in KINDS.items() if not (sample_site / path.split("?")[0]).exists()] == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_no_horizontal_scroll_and_record_fields_fit(page: Any, site_url: str, viewport: dict[str, int]) -> None:
    wide = viewport["width"]
    for kind, path in KINDS.items():  # one browser page for all: a new one each took most of the time
        load(page, site_url + path, viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= wide, f"{kind} scrolls sideways at {wide} px: {width} px wide"
        if kind not in RECORDS:
            continue
        records = page.evaluate(RECORDS_PROBE, RECORDS[kind])
        assert len(records) > 3
        for record in records:
            outside = [f for f in record["fields"] if f["left"] < 0 or f["right"] > wide + 0.5]
            assert not outside, f"{kind} {record['id']}: fields off screen at {wide} px: {outside}"
            if viewport is PHONE:
                title = record["title"]
                assert title >= 0.6 * wide, f"{kind} {record['id']}: title {title} px wide at {wide} px"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_no_horizontal_scroll_on_the_records_pages(page: Any, record_url: str, viewport: dict[str, int]) -> None:
    for kind, path in RECORD_KINDS.items():
        load(page, record_url + path, viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{kind} scrolls sideways at {viewport['width']} px: {width} px wide"


def test_axe_on_the_records_pages_at_a_phones_width(page: Any, record_url: str) -> None:
    tool_or_skip(AXE_JS, "axe-core")
    for kind, path in RECORD_KINDS.items():
        load(page, record_url + path, PHONE)
        violations = axe_violations(page)
        assert not violations, f"axe on {kind} at 375 px:\n{describe_violations(violations)}"


def test_axe_at_a_phones_width(page: Any, site_url: str) -> None:
    tool_or_skip(AXE_JS, "axe-core")
    for kind in ("meeting", "action log", "paper", "home", "sitemap", "404"):
        load(page, site_url + KINDS[kind], PHONE)
        violations = axe_violations(page)
        assert not violations, f"axe on {kind} at 375 px:\n{describe_violations(violations)}"


def failures(page: Any) -> list[str]:
    """Start recording every request that fails or answers with an error, and every console error."""
    found: list[str] = []
    page.on("requestfailed", lambda r: found.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and found.append(f"{r.status}: {r.url}"))
    page.on("console", lambda m: m.type == "error" and found.append(f"console: {m.text}"))
    return found


@pytest.mark.parametrize("where", ["online", "from disk"])
def test_no_page_asks_for_a_file_that_is_not_there(page: Any, sample_site: Path, site_url: str, where: str) -> None:
    found = failures(page)
    for kind, path in KINDS.items():
        if kind == "404" and where == "from disk":
            continue  # a web server's page: its links start at the server's root, as MkDocs writes them
        if where == "online":
            url = site_url + path
        else:  # the offline copy is opened from disk: a folder's page is its index.html
            file, _, query = path.partition("?")
            url = (sample_site / file / ("" if file.endswith(".html") else "index.html")).as_uri()
            url += f"?{query}" if query else ""
        page.goto(url)
        page.wait_for_load_state("networkidle")  # the theme's own requests come after the load event
        assert not found, f"{kind} ({where}): {found}"


HEADER_PROBE = """() => {
  const form = document.querySelector('.bp-header-search form');
  const box = el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, right: r.right}; };
  return {form: box(form), parts: [...form.querySelectorAll('label, input, button')].map(box)};
}"""


def test_the_header_search_form_is_one_row_on_a_phone(page: Any, site_url: str) -> None:
    """Label, box and button side by side at 375 px (the box's minimum width put the button on a second row, the
    header's search band twice as tall), inside the screen, the band no taller than one control and its padding."""
    for kind in ("meeting", "paper", "action log"):  # the home page has its own search box instead
        load(page, site_url + KINDS[kind], PHONE)
        header = page.evaluate(HEADER_PROBE)
        parts, form = header["parts"], header["form"]
        assert len(parts) == 3
        assert max(p["top"] for p in parts) < min(p["bottom"] for p in parts), f"{kind}: two rows: {parts}"
        assert max(p["right"] for p in parts) <= PHONE["width"], f"{kind}: off screen: {parts}"
        tallest = max(p["bottom"] - p["top"] for p in parts)
        assert form["bottom"] - form["top"] < 2 * tallest, f"{kind}: the band is {form} for controls {parts}"
