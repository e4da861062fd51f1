"""Hostile content runs nothing: every page of a site built from tests/hostilekit.py, opened in Chromium over
http and from the offline archive over file://, is judged by its parsed DOM and by listening for dialogs (never
by grepping the HTML, which misreads escaped text)."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from boardpapers.content.load import load_site
from boardpapers.outputs.bundle import make_bundle
from boardpapers.pipeline import ROOT, build_site
from conftest import _QuietHandler
from hostilekit import NOTICE_ID, make_hostile_content

TODAY = dt.date(2026, 11, 23)

# What the DOM of one page must not hold. `article` is the page's content, where everything from content lands;
# the rest of the page is the theme's.
AUDIT = """() => {
  const problems = [];
  const article = document.querySelector('article');
  const inArticle = (el) => article !== null && article.contains(el);
  const all = [...document.querySelectorAll('*')];
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background',
                         'ping', 'srcdoc', 'codebase', 'cite'];
  for (const el of all) {
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`${name} on <${el.localName}>`);
      if (urlAttributes.includes(name) && /^\\s*(javascript|data|vbscript):/i.test(attribute.value)) {
        problems.push(`${name}="${attribute.value}" on <${el.localName}>`);
      }
      if (name === 'srcdoc') problems.push(`srcdoc on <${el.localName}>`);
    }
  }
  for (const el of document.querySelectorAll('script, iframe, frame, object, embed, base, style, link, meta')) {
    if (inArticle(el)) problems.push(`<${el.localName}> in the content`);
  }
  for (const el of document.querySelectorAll('script[src]')) {
    if (/^[a-z][a-z0-9+.-]*:|^\\/\\//i.test(el.getAttribute('src')) && !el.src.startsWith(location.origin)) {
      problems.push(`a script from ${el.src}`);
    }
  }
  for (const form of (article ? article.querySelectorAll('form') : [])) {
    if (!form.matches('.bp-search, .bp-search-form')) {
      problems.push(`a form in the content: ${form.outerHTML.slice(0, 80)}`);
    }
  }
  for (const input of document.querySelectorAll('input[type=password]')) problems.push('a password field');
  const counts = new Map();
  for (const el of all) if (el.id) counts.set(el.id, (counts.get(el.id) || 0) + 1);
  for (const [id, count] of counts) if (count > 1) problems.push(`id "${id}" is used ${count} times`);
  const theme = new Set(all.filter((el) => el.id && !inArticle(el)).map((el) => el.id));
  for (const el of (article ? article.querySelectorAll('[id]') : [])) {
    if (theme.has(el.id) || el.id.startsWith('__')) problems.push(`content id "${el.id}" is the theme's`);
  }
  const config = document.querySelectorAll('#__config');
  const themed = document.querySelector('.md-header') !== null;  // not the archive's README.html
  if (themed && (config.length !== 1 || config[0].localName !== 'script')) {
    problems.push('#__config is not the theme\\'s script');
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The hostile kit's content, built as a site (with instant navigation on, as a site may configure it) and
    as the offline archive: (site folder, archive folder)."""
    root = tmp_path_factory.mktemp("hostile")
    content = make_hostile_content(root)
    config = root / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(
        text.replace("    - navigation.tabs\n", "    - navigation.tabs\n    - navigation.instant\n").replace(
            "custom_dir: theme/overrides", f"custom_dir: {ROOT / 'theme' / 'overrides'}"
        ),
        encoding="utf-8",
    )
    site = root / "site"
    build_site(content, site, config, TODAY)
    folder, _ = make_bundle(content, root / "dist", config, TODAY)
    return site, folder


def test_the_hostile_kit_is_valid_content(tmp_path: Path) -> None:
    """check accepts it: these are things an author may write, and the build must make them harmless."""
    site = load_site(make_hostile_content(tmp_path), TODAY)
    assert len(site.papers) == 7
    assert [(n.id, n.published) for n in site.notices] == [(NOTICE_ID, True)]
    assert list(site.matters) == ["hostile-matter"]
    meeting = site.meetings[0]
    assert (len(meeting.decisions), len(meeting.declarations), meeting.minutes) == (2, 1, {"status": "draft"})
    assert [len(meeting.attendance[k]) for k in ("present", "apologies", "in_attendance")] == [1, 1, 1]


# The public record's pages, which carry the kit's notice, matter, attendance, declarations, decisions and minutes.
RECORD_PAGES = [
    "decisions/index.html",
    f"decisions/{NOTICE_ID}/index.html",
    "matters/index.html",
    "matters/hostile-matter/index.html",
    "meetings/2019-09-18/index.html",
]


@pytest.fixture(scope="module")
def served(hostile: tuple[Path, Path]) -> Iterator[str]:
    """The hostile site over http on a free localhost port."""
    handler = functools.partial(_QuietHandler, directory=str(hostile[0]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def pages_of(folder: Path) -> list[str]:
    """Every HTML page of a built folder, as paths relative to it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def audit(browser: Any, urls: list[str]) -> dict[str, list[str]]:
    """Open each URL in a fresh page; return what ran (dialogs) and what the DOM holds that it must not."""
    found: dict[str, list[str]] = {}
    context = browser.new_context()
    try:
        for url in urls:
            tab = context.new_page()
            dialogs: list[str] = []
            tab.on("dialog", lambda dialog, seen=dialogs: (seen.append(f"dialog: {dialog.message}"), dialog.dismiss()))
            tab.goto(url, wait_until="load")
            tab.wait_for_function("document.readyState === 'complete'")
            problems = dialogs + tab.evaluate(AUDIT)
            if problems:
                found[url] = problems
            tab.close()
    finally:
        context.close()
    return found


def test_no_page_of_the_hostile_site_runs_anything(browser: Any, hostile: tuple[Path, Path], served: str) -> None:
    paths = pages_of(hostile[0])
    assert set(RECORD_PAGES) <= set(paths)
    urls = [served + path for path in paths]
    assert len(urls) > 15
    assert audit(browser, urls) == {}


def test_no_page_of_the_hostile_archive_runs_anything_from_disk(browser: Any, hostile: tuple[Path, Path]) -> None:
    paths = pages_of(hostile[1])
    assert set(RECORD_PAGES) <= set(paths)
    urls = [(hostile[1] / path).as_uri() for path in paths]
    assert len(urls) > 15
    assert audit(browser, urls) == {}


def test_the_payloads_are_on_the_pages_as_text(browser: Any, hostile: tuple[Path, Path], served: str) -> None:
    """The kit reached the pages (the test above would pass on pages without it): its words are shown as
    words, its forged markers did not end the paper's text, its links to a published paper lead there (a query
    string is dropped: the pages are static)."""
    tab = browser.new_page()
    try:
        tab.goto(served + "meetings/2019-09-18/5.0-front-matter/")
        assert tab.text_content("article h1") == "</title><script>alert('title')</script>"
        assert tab.title().startswith("</title><script>alert('title')</script>")
        tab.goto(served + "meetings/2019-09-18/2.0-forged-island/")
        assert "Text after the forged markers." in tab.text_content("article")
        tab.goto(served + "meetings/2019-09-18/4.0-ids/")
        assert tab.evaluate("document.getElementById('c-__config').textContent").startswith('{"base"')
        tab.goto(served + "meetings/2019-09-18/7.0-links/")
        hrefs = tab.eval_on_selector(
            "article p:has(a) >> text=upper case", "a => [...a.parentElement.querySelectorAll('a')].map(a => a.href)"
        )
        paper = served + "meetings/2019-09-18/9.0-southern-police-station/"
        assert hrefs == [paper, paper, paper, paper + "#top", paper, paper, served + "meetings/2019-09-18/", paper]
        tab.goto(served + f"decisions/{NOTICE_ID}/")
        assert tab.text_content("article h1") == "</title><script>alert('notice-title')</script>"
        article = tab.text_content("article") or ""
        assert "<script>alert('notice-number')</script>" in article
        assert "<svg onload=alert('notice-money')></svg>" in article
        links = tab.eval_on_selector_all("article a", "as => as.map(a => [a.textContent, a.href])")
        assert ["JPS item", served + "meetings/2019-09-18/#item-13"] in links
        assert ["the paper", paper] in links
        tab.goto(served + "matters/hostile-matter/")
        assert tab.text_content("article h1") == "<script>alert('matter')</script>"
        tab.goto(served + "meetings/2019-09-18/")
        meeting = tab.text_content("article") or ""
        for shown in (
            "<script>alert('present')</script>",
            "<script>alert('declaration')</script>",
            "<script>alert('decision')</script>",
            "Minutes with forged framing:",
        ):
            assert shown in meeting
    finally:
        tab.close()
