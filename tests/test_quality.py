"""Quality gates a public-sector site must pass: WCAG 2.2 AA by axe-core, keyboard use, valid HTML, no broken
internal links, reflow at 320 CSS pixels, and an accessibility statement in the GOV.UK model's structure; a second
accessibility checker, pa11y with HTML_CodeSniffer, beside axe.

They check one build of the sample content plus one fixture paper with a wide table (quality_site), served on
localhost, and for the public record's page kinds (the decisions register, a notice, the matters and a matter, a
meeting with its record), which the sample lacks, one build of contentkit's record content (record_url).
Run one gate alone with `-k`: axe, pa11y, keyboard, search_by_keyboard, valid_html, links, reflow, statement.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from boardpapers.pipeline import build_site
from conftest import CHROMIUM, SAMPLE_TODAY, chromium_or_skip, served
from contentkit import RECORD_KINDS
from quality_tools import (
    AXE_JS,
    ROOT,
    TOOLS,
    VNU_JAR,
    add_table_paper,
    axe_violations,
    broken_links,
    describe_violations,
    describe_vnu,
    html_files,
    tool_or_skip,
    vnu_errors,
)

NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10: 1280 px at 400% zoom
WIDE = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def quality_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content plus the table fixture paper, built once for all the gates."""
    root = tmp_path_factory.mktemp("quality")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    add_table_paper(content)
    out = root / "site"
    build_site(content, out, ROOT / "mkdocs.yml", SAMPLE_TODAY)
    return out


@pytest.fixture(scope="session")
def quality_url(quality_site: Path) -> Iterator[str]:
    """quality_site served over HTTP on a free localhost port."""
    with served(quality_site) as url:
        yield url


# ---- which page is which kind: chosen from the built site by a rule, so new content keeps them meaningful ----


def paper_pages(site: Path) -> list[str]:
    """Site paths of every paper page (meetings/<meeting>/<paper>/)."""
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("meetings/*/*/index.html"))


def longest_sample_paper(site: Path) -> str:
    """The sample paper with the most HTML: the most links, headings and text to go wrong."""
    papers = [p for p in paper_pages(site) if "quality-gate-table-fixture" not in p]
    return max(papers, key=lambda p: ((site / p / "index.html").stat().st_size, p))


def table_paper(site: Path) -> str:
    """The fixture paper with a Markdown table."""
    return next(p for p in paper_pages(site) if "quality-gate-table-fixture" in p)


def first_meeting(site: Path) -> str:
    """The first meeting page with an agenda table."""
    return next(
        p.parent.relative_to(site).as_posix() + "/"
        for p in sorted(site.glob("meetings/*/index.html"))
        if "bp-agenda" in p.read_text("utf-8")
    )


def first_theme(site: Path) -> str:
    """The first theme page."""
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("themes/*/index.html"))[0]


SEARCH = "search/?q=police"
KINDS: dict[str, Callable[[Path], str]] = {
    "home": lambda site: "",
    "meetings index": lambda site: "meetings/",
    "meeting": first_meeting,
    "paper": longest_sample_paper,
    "paper with a table": table_paper,
    "themes index": lambda site: "themes/",
    "theme": first_theme,
    "action log": lambda site: "actions/",
    "accessibility statement": lambda site: "accessibility/",
    "search with results": lambda site: SEARCH,
    "404": lambda site: "404.html",
    "sitemap": lambda site: "sitemap/",
}


def open_page(page: Any, url: str, path: str, viewport: dict[str, int]) -> None:
    """Load a page at a viewport size; on the search page, wait until its results are shown."""
    page.set_viewport_size(viewport)
    page.goto(url + path)
    if path.startswith("search/"):
        page.wait_for_selector("#bp-search-results li a")


# ---- axe-core: WCAG 2.0, 2.1, 2.2 A and AA -----------------------------------------------------------------


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_axe_finds_no_wcag_violations(
    page: Any, quality_site: Path, quality_url: str, kind: str, viewport: dict[str, int]
) -> None:
    tool_or_skip(AXE_JS, "axe-core")
    open_page(page, quality_url, KINDS[kind](quality_site), viewport)
    violations = axe_violations(page)
    assert not violations, f"axe on {kind} ({page.url}):\n{describe_violations(violations)}"


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
@pytest.mark.parametrize("kind", list(RECORD_KINDS))
def test_axe_finds_no_wcag_violations_on_the_record(
    page: Any, record_url: str, kind: str, viewport: dict[str, int]
) -> None:
    tool_or_skip(AXE_JS, "axe-core")
    open_page(page, record_url, RECORD_KINDS[kind], viewport)
    violations = axe_violations(page)
    assert not violations, f"axe on {kind} ({page.url}):\n{describe_violations(violations)}"


# ---- pa11y with HTML_CodeSniffer: WCAG 2 AA, a second checker that finds what axe does not -------------------

PA11Y = TOOLS / "pa11y" / "package.json"
PA11Y_RUN = ROOT / "tests" / "pa11y_run.js"


def pa11y_messages(results: list[dict[str, Any]], kinds: dict[str, str]) -> list[str]:
    """One line for each error pa11y found: the page's kind (by its URL in `kinds`), width, rule and element."""
    return [
        f"{kinds[r['url']]} at {r['width']} px: {i['code']} {i['selector']}: {i['message'][:120]}"
        for r in results
        for i in r["issues"]
    ]


def pa11y_errors(urls: list[str], widths: list[int]) -> list[dict[str, Any]]:
    """pa11y's errors (HTML_CodeSniffer, WCAG2AA) on each URL at each width, one chromium for them all."""
    done = subprocess.run(
        ["node", str(PA11Y_RUN), str(CHROMIUM), ",".join(map(str, widths)), *urls],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NODE_PATH": str(TOOLS)},
        timeout=300,
    )
    assert done.returncode == 0, f"pa11y failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}"
    return json.loads(done.stdout)


def test_pa11y_finds_no_wcag2aa_errors_on_any_page_kind(quality_site: Path, quality_url: str) -> None:
    tool_or_skip(PA11Y, "pa11y")
    chromium_or_skip()
    urls = {quality_url + KINDS[kind](quality_site): kind for kind in KINDS}
    # Every kind wide; on a phone's width, the kinds whose layout changes most there (record tables as cards).
    phone = [url for url, kind in urls.items() if kind in ("home", "meeting", "paper", "action log")]
    results = pa11y_errors(list(urls), [WIDE["width"]]) + pa11y_errors(phone, [375])
    assert len(results) == len(urls) + len(phone)
    found = pa11y_messages(results, urls)
    assert not found, "\n".join(found)


def test_pa11y_finds_no_wcag2aa_errors_on_the_records_page_kinds(record_url: str) -> None:
    tool_or_skip(PA11Y, "pa11y")
    chromium_or_skip()
    urls = {record_url + path: kind for kind, path in RECORD_KINDS.items()}
    results = pa11y_errors(list(urls), [WIDE["width"], 375])
    assert len(results) == 2 * len(urls)
    found = pa11y_messages(results, urls)
    assert not found, "\n".join(found)


def test_pa11y_reports_an_error_it_should(tmp_path: Path) -> None:
    # The checker itself works: an image link without alt text (what it found on every page before) is an error.
    tool_or_skip(PA11Y, "pa11y")
    chromium_or_skip()
    probe = tmp_path / "probe.html"
    probe.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body><main>'
        '<a href="/"><img src="x.svg"></a></main></body></html>',
        encoding="utf-8",
    )
    [result] = pa11y_errors([probe.as_uri()], [WIDE["width"]])
    assert "WCAG2AA.Principle1.Guideline1_1.1_1_1.H30.2" in [i["code"] for i in result["issues"]], result


# ---- keyboard ------------------------------------------------------------------------------------------------

# The focused element, where it sits, whether it can be seen, and its focus styles; also the styles of the element
# focused before it, now that it has lost focus (so each indicator is compared with the same element unfocused).
FOCUS_PROBE = """() => {
  const styles = e => { const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color].join(' | '); };
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  const out = {
    tag: e.tagName.toLowerCase(), text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim(),
    region: e.closest('article') ? 'main' : e.closest('footer') ? 'footer' : e.closest('[role=search]') ? 'search'
      : e.closest('header, .md-tabs') ? 'header' : e.closest('.md-sidebar') ? 'sidebar' : 'other',
    isSearch: e.matches('[role=search] input[type=search]'),
    inViewport: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth
      && r.top < innerHeight,
    visible: s.visibility === 'visible' && Number(s.opacity) > 0,
    hasIndicator: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
      && !/rgba\\(.*, 0\\)$/.test(s.outlineColor)) || s.boxShadow !== 'none',
    focused: styles(e), previousUnfocused: window.__bpPrev ? styles(window.__bpPrev) : null,
    previousFocused: window.__bpPrevFocused || null,
  };
  window.__bpPrev = e; window.__bpPrevFocused = out.focused;
  return out;
}"""


def tab_through(page: Any, limit: int = 300) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until focus leaves the document; return each stop's probe."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_PROBE)
        if stop["tag"] == "body":
            break
        stops.append(stop)
    return stops


def first(stops: list[dict[str, Any]], test: Callable[[dict[str, Any]], bool], what: str) -> int:
    """Index of the first tab stop that passes `test`."""
    for index, stop in enumerate(stops):
        if test(stop):
            return index
    raise AssertionError(f"Tab never reached {what}; stops: {[(s['region'], s['text'][:30]) for s in stops]}")


def test_keyboard_order_and_visible_focus_on_a_paper(page: Any, quality_site: Path, quality_url: str) -> None:
    open_page(page, quality_url, longest_sample_paper(quality_site), WIDE)
    stops = tab_through(page)
    skip = first(stops, lambda s: s["text"] == "Skip to main content", "the skip link")
    search = first(stops, lambda s: s["isSearch"], "the header search field")
    main = first(stops, lambda s: s["region"] == "main", "the main content")
    footer = first(stops, lambda s: s["region"] == "footer", "the footer")
    assert skip == 0 < search < main < footer, [(s["region"], s["text"][:30]) for s in stops]
    for index, stop in enumerate(stops):
        where = f"tab stop {index} ({stop['tag']} {stop['text'][:40]!r} in {stop['region']})"
        assert stop["visible"] and stop["inViewport"], f"{where} is focused out of sight"
        assert stop["hasIndicator"], f"{where} has no focus outline or ring: {stop['focused']}"
        if index:
            assert stops[index]["previousUnfocused"] != stop["previousFocused"], (
                f"tab stop {index - 1} looks the same focused and unfocused: {stop['previousFocused']}"
            )


def test_keyboard_skip_link_moves_to_the_content(page: Any, quality_site: Path, quality_url: str) -> None:
    open_page(page, quality_url, longest_sample_paper(quality_site), WIDE)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article')"), page.evaluate(FOCUS_PROBE)


def test_keyboard_at_320px_never_focuses_out_of_sight_and_opens_the_menu(
    page: Any, quality_site: Path, quality_url: str
) -> None:
    open_page(page, quality_url, longest_sample_paper(quality_site), NARROW)
    stops = tab_through(page)
    hidden = [(i, s["tag"], s["text"][:40]) for i, s in enumerate(stops) if not (s["visible"] and s["inViewport"])]
    assert not hidden, f"focus went out of sight at 320 px: {hidden}"
    # The menu button (Material's label for the drawer checkbox) works from the keyboard and opens the drawer.
    page.goto(page.url)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility"
        " === 'visible' && document.querySelector('.md-sidebar--primary .md-nav__link')"
        ".getBoundingClientRect().left >= 0"
    )
    drawer = [s for s in tab_through(page) if s["region"] == "sidebar"]
    assert "Meetings" in [s["text"] for s in drawer], drawer
    assert all(s["visible"] and s["inViewport"] for s in drawer), drawer
    violations = axe_violations(page) if AXE_JS.exists() else []
    assert not violations, f"axe with the menu open:\n{describe_violations(violations)}"


def test_search_by_keyboard_alone(page: Any, quality_site: Path, quality_url: str) -> None:
    open_page(page, quality_url, longest_sample_paper(quality_site), WIDE)
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUS_PROBE)["isSearch"]:
            break
    else:
        raise AssertionError("Tab did not reach the header search field in 20 presses")
    page.keyboard.type("police")
    page.keyboard.press("Enter")
    page.wait_for_selector("#bp-search-results li a")
    assert "q=police" in page.url
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#bp-search-results')"):
            break
    else:
        raise AssertionError("Tab did not reach a search result")
    result = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/meetings/[^/]+/[^/]+/"))
    assert page.locator("article h1").count() == 1, f"result {result} did not open a paper"


# ---- reflow ---------------------------------------------------------------------------------------------------

# Elements that stick out past the right edge of the viewport and are not inside a box that scrolls on its own.
OVERFLOW_PROBE = """() => [...document.body.querySelectorAll('*')].filter(e => {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.right <= innerWidth + 0.5) return false;
  for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return false;
  }
  return true;
}).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string'
  ? '.' + e.className.trim().split(/\\s+/).join('.') : '')).slice(0, 10)"""


@pytest.mark.parametrize(
    "kind",
    [
        "home",
        "meeting",
        "paper",
        "paper with a table",
        "theme",
        "action log",
        "accessibility statement",
        "search with results",
    ],
)
def test_reflow_at_320px_has_no_horizontal_scrolling(
    page: Any, quality_site: Path, quality_url: str, kind: str
) -> None:
    open_page(page, quality_url, KINDS[kind](quality_site), NARROW)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{kind} is {width} px wide at 320 px; too wide: {page.evaluate(OVERFLOW_PROBE)}"


@pytest.mark.parametrize("kind", list(RECORD_KINDS))
def test_reflow_at_320px_has_no_horizontal_scrolling_on_the_record(page: Any, record_url: str, kind: str) -> None:
    open_page(page, record_url, RECORD_KINDS[kind], NARROW)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{kind} is {width} px wide at 320 px; too wide: {page.evaluate(OVERFLOW_PROBE)}"


def test_reflow_wide_table_scrolls_in_its_own_box(page: Any, quality_site: Path, quality_url: str) -> None:
    open_page(page, quality_url, table_paper(quality_site), NARROW)
    box = page.evaluate("""() => { const t = document.querySelector('article table:not(.bp-table)');
      let p = t.parentElement; while (p && !['auto', 'scroll'].includes(getComputedStyle(p).overflowX))
        p = p.parentElement;
      return p ? {scrolls: p.scrollWidth > p.clientWidth, width: p.getBoundingClientRect().width} : null; }""")
    assert box and box["scrolls"] and box["width"] <= NARROW["width"], box


# ---- valid HTML --------------------------------------------------------------------------------------------------

# Checked in the same vnu run as the site: proves the checker reports errors and VNU_ALLOWED stays narrow.
# A page with one error the checker must report, so a checker that reports nothing cannot pass the gate.
PROBE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body>
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
</body></html>
"""


def test_valid_html_on_every_page(quality_site: Path, tmp_path: Path) -> None:
    tool_or_skip(VNU_JAR, "The Nu HTML Checker (vnu.jar)")
    probe = tmp_path / "probe.html"
    probe.write_text(PROBE_HTML, encoding="utf-8")
    pages = html_files(quality_site)
    errors = vnu_errors([probe, *pages])
    probed = [e for e in errors if e.get("url", "").endswith("/probe.html")]
    assert [e["message"][:40] for e in probed] == ["Attribute “autocomplete” is only allowed"], probed
    site_errors = [e for e in errors if e not in probed]
    assert len(pages) > 20 and not site_errors, describe_vnu(site_errors, quality_site)


# ---- table alignment: the one style a page carries (issue 20) -----------------------------------------------


class _Styles(html.parser.HTMLParser):
    """Every style attribute of a page: (element, value, the element's first text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[list[str]] = []
        self.open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open = None
        for name, value in attrs:
            if name == "style":
                self.open = [tag, value or "", ""]
                self.found.append(self.open)

    def handle_data(self, data: str) -> None:
        if self.open is not None and data.strip():
            self.open[2] = data.strip()
            self.open = None


def styles(path: Path) -> list[tuple[str, str, str]]:
    """The style attributes of the page at `path`, in order."""
    parser = _Styles()
    parser.feed(path.read_text(encoding="utf-8"))
    return [(tag, value, text) for tag, value, text in parser.found]


def test_valid_html_aligned_cells_keep_their_alignment_and_no_other_style(quality_site: Path) -> None:
    """The fixture's `---:` columns are right-aligned; its raw HTML table's hostile styles (url(), expression(),
    position, -moz-binding, an alignment with more after it) are gone from the page, and a paragraph keeps none.
    test_valid_html_on_every_page checks the same page with the Nu HTML Checker."""
    found = styles(quality_site / table_paper(quality_site) / "index.html")
    assert {(tag, value) for tag, value, _ in found} == {("th", "text-align: right;"), ("td", "text-align: right;")}
    right = [text for _, _, text in found]
    headers = ["Original budget", "Revised budget", "Month 4 actual", "Forecast outturn", "Variance"]
    assert right[:6] == [f"{header} £000" for header in headers] + ["Variance per cent"]
    rows = ["97,612 97,612 31,870 96,905 -707 -0.7", "45,100 45,220 14,800 45,900 680 1.5"]
    assert right[6:18] == " ".join(rows).split()
    assert right[18:] == ["£000", "567"]


BUDGET_PAPER = "meetings/2019-09-18/7-revenue-and-capital-budget-monitoring-month-4-2019-20/"
FIGURE_CELLS = """() => [...document.querySelectorAll('article td')]
  .filter(td => /^[-(]?£?[0-9][0-9,.]*\\)?$/.test(td.textContent.trim()))
  .map(td => [td.textContent.trim(), getComputedStyle(td).textAlign])"""


def test_valid_html_budget_paper_shows_its_figures_right_aligned(page: Any, quality_url: str) -> None:
    """The sample's rebuilt financial tables (the importer writes `---:` for a column of figures)."""
    open_page(page, quality_url, BUDGET_PAPER, WIDE)
    cells = page.evaluate(FIGURE_CELLS)
    assert len(cells) > 50
    assert [(text, align) for text, align in cells if align != "right"] == []


# ---- links -------------------------------------------------------------------------------------------------------


def test_links_every_internal_link_and_anchor_resolves(quality_site: Path) -> None:
    problems = broken_links(quality_site)
    assert not problems, "\n".join(problems)


def test_links_checker_reports_missing_pages_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">x</h2><a href="#here">ok</a><a href="../">ok</a><a href="https://example.org/x">external</a>',
        encoding="utf-8",
    )
    (tmp_path / "index.html").write_text(
        '<a href="a/#here">ok</a><a href="a/">ok</a><a href="a/#gone">bad anchor</a><a href="b/">bad page</a>'
        '<link href="x.css" rel="stylesheet"><a href="/a/#here">ok</a><a href="mailto:x@example.org">mail</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [
        "index.html: <a href> a/#gone: no id 'gone' in a/index.html",
        "index.html: <a href> b/: no file b/index.html",
        "index.html: <link href> x.css: no file x.css",
    ]


# ---- the accessibility statement ---------------------------------------------------------------------------------

# The GOV.UK model accessibility statement's sections, in order (h2 and their h3).
MODEL_HEADINGS = [
    ("h2", "How accessible this website is"),
    ("h2", "Feedback and contact information"),
    ("h2", "Reporting accessibility problems with this website"),
    ("h2", "Enforcement procedure"),
    ("h2", "Technical information about this website’s accessibility"),
    ("h3", "Compliance status"),
    ("h2", "Non-accessible content"),
    ("h3", "Non-compliance with the accessibility regulations"),
    ("h3", "Disproportionate burden"),
    ("h3", "Content that’s not within the scope of the accessibility regulations"),
    ("h2", "What we’re doing to improve accessibility"),
    ("h2", "Preparation of this accessibility statement"),
]


def test_statement_follows_the_model_and_states_standard_exceptions_and_formats(quality_site: Path) -> None:
    page = (quality_site / "accessibility" / "index.html").read_text("utf-8")
    body = page[page.index("<article") : page.index("</article>")]
    headings = [
        (tag, re.sub(r"<[^>]+>", "", text).strip())
        for tag, text in re.findall(r"<(h[23])[^>]*>(.*?)</h[23]>", body, re.S)
    ]
    assert [h for h in headings if h in MODEL_HEADINGS] == MODEL_HEADINGS, headings
    text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard" in text
    assert "fails WCAG 2.2 success criterion 1.3.1 (Info and Relationships)" in text
    assert "If you need a paper in a different format" in text
    # It claims only the testing this file does.
    for claim in ("axe-core", "Nu HTML Checker", "320 CSS pixels", "keyboard"):
        assert claim in text, claim
