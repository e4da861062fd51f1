"""Small fixes to the look and wording of pages: the search page's filters panel as a plain disclosure (not
Material's admonition), a paper's pager set apart from its last section, the decisions register naming each
decision's agenda item, at 375 and 1280 px where it is seen in a browser."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from boardpapers.pipeline import build_site
from conftest import ROOT, SAMPLE_TODAY
from contentkit import exempt_paper, make_record_content, write

SIZES = [{"width": 375, "height": 812}, {"width": 1280, "height": 800}]
PAPER_WITH_PAGER = "meetings/2019-09-18/5.0-opcc-transformation-theme/"

PSEUDO = """s => ['::before', '::after'].map(p => {
  const style = getComputedStyle(document.querySelector(s), p);
  return {display: style.display, content: style.content};
})"""
# The element at the middle of the heading's first letter: the heading itself unless something is drawn over it
# (a pseudo-element's hit is its summary).
FIRST_LETTER = """() => {
  const heading = document.getElementById('bp-filters');
  const range = document.createRange();
  range.setStart(heading.firstChild, 0);
  range.setEnd(heading.firstChild, 1);
  const box = range.getBoundingClientRect();
  return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2).id;
}"""


@pytest.mark.parametrize("size", SIZES, ids=lambda s: str(s["width"]))
def test_the_filters_panel_is_a_plain_disclosure(page: Any, site_url: str, size: dict[str, int]) -> None:
    page.set_viewport_size(size)
    page.goto(site_url + "search/?q=police")
    page.wait_for_selector("#bp-search-results li a")
    for opened in (True, False):
        page.evaluate(f"document.getElementById('bp-search-filters').open = {'true' if opened else 'false'}")
        page.evaluate("document.querySelector('#bp-search-filters summary').scrollIntoView({block: 'center'})")
        summary = "#bp-search-filters > summary"
        # no note icon (::before) and no second arrow (::after): the browser's marker is the only one
        for style in page.evaluate(PSEUDO, summary):
            assert style["display"] == "none" or style["content"] in ("none", "normal"), style
        assert page.evaluate(f"getComputedStyle(document.querySelector('{summary}')).display") == "list-item"
        # no tinted bar behind the heading, and its first letter is not covered
        background = page.evaluate(f"getComputedStyle(document.querySelector('{summary}')).backgroundColor")
        assert background in ("rgba(0, 0, 0, 0)", "transparent"), background
        assert page.evaluate(FIRST_LETTER) == "bp-filters"
    page.click("#bp-search-filters summary")
    assert page.evaluate("document.getElementById('bp-search-filters').open") is True


@pytest.mark.parametrize("size", SIZES, ids=lambda s: str(s["width"]))
def test_a_papers_pager_is_set_apart_from_its_last_section(page: Any, site_url: str, size: dict[str, int]) -> None:
    page.set_viewport_size(size)
    page.goto(site_url + PAPER_WITH_PAGER)
    style = page.evaluate(
        """() => {
          const nav = getComputedStyle(document.querySelector('nav.bp-pager'));
          const list = getComputedStyle(document.querySelector('nav.bp-pager > ul'));
          return {list: list.listStyleType, border: nav.borderTopStyle, width: parseFloat(nav.borderTopWidth),
                  gap: parseFloat(nav.marginTop) + parseFloat(nav.paddingTop)};
        }"""
    )
    assert style["list"] == "none"
    assert style["border"] == "solid" and style["width"] > 0
    assert style["gap"] >= 16


def register_lines(site: Path) -> list[str]:
    """The decisions register's lines naming where each decision was made, as text."""
    text = (site / "decisions" / "index.html").read_text("utf-8")
    lines = re.findall(r'<p class="bp-meta">(.*?)</p>', text, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in lines if " at " in line]


def test_the_decisions_register_names_each_decisions_agenda_item(record_site: Path) -> None:
    lines = register_lines(record_site)
    assert any(
        "Noted at Business Coordination Board, 18 September 2019, item 9.0: Southern Police Station – Project Update"
        in line
        for line in lines
    ), lines
    assert any("Deferred at Business Coordination Board, 18 September 2019, item 13: JPS Training" in x for x in lines)


def test_a_decision_on_a_restricted_paper_is_named_by_its_public_title(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    write(content, "meetings/2019-09-18/2.0-exempt.md", exempt_paper())
    meeting = content / "meetings/2019-09-18/meeting.md"
    meeting.write_text(
        meeting.read_text("utf-8").replace(
            "decisions:\n", 'decisions:\n  - {item: "2.0", text: The Board agreed the sale., outcome: agreed}\n'
        ),
        encoding="utf-8",
    )
    build_site(content, tmp_path / "site", ROOT / "mkdocs.yml", SAMPLE_TODAY)
    lines = register_lines(tmp_path / "site")
    assert any("item 2.0: Exempt item: property matter" in line for line in lines), lines
    assert "CANARY" not in (tmp_path / "site" / "decisions" / "index.html").read_text("utf-8")
