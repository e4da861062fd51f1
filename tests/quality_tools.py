"""Helpers for the quality gates (test_quality.py): the site they check, axe-core, the Nu HTML Checker, links."""

from __future__ import annotations

import html.parser
import json
import os
import posixpath
import shutil
import subprocess
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".ci" / "node_modules"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TABLE_PAPER = "quality-gate-table-fixture"

# A paper that exists only in the gates' copy of the sample content: the sample papers' tables could not be
# recovered from their PDFs, and the gates must still see how a paper's own Markdown table renders.
TABLE_PAPER_MD = """\
---
title: Quality gate fixture – a paper with a wide table
agenda_item: null
from: Test fixture
classification: official
status: published
themes: []
---

## 1. Figures

1.1 A table as wide as a budget appendix, which must scroll inside its own box on a narrow screen.

| Budget line | Original budget £000 | Revised budget £000 | Month 4 actual £000 | Forecast outturn £000 | Variance £000 | Variance per cent | Commentary on the variance |
|---|---:|---:|---:|---:|---:|---:|---|
| Police officer pay and allowances | 97,612 | 97,612 | 31,870 | 96,905 | -707 | -0.7 | Officer numbers below the establishment |
| Police staff pay and allowances | 45,100 | 45,220 | 14,800 | 45,900 | 680 | 1.5 | Agency staff covering vacancies |

## 2. Summary

2.1 See the [figures](#1-figures).

## 3. Styles a paper may not carry

<table>
<caption>Figures written with other styles</caption>
<thead><tr><th style="position: fixed; top: 0; left: 0">Line</th><th style="text-align: right;">£000</th></tr></thead>
<tbody>
<tr><td style="background: url(https://evil.example/track.png)">Pay</td><td style="text-align: right; width: expression(alert(1))">1,234</td></tr>
<tr><td style="-moz-binding: url(x.xml#xss)">Staff</td><td STYLE="TEXT-ALIGN:RIGHT">567</td></tr>
</tbody>
</table>

<p style="text-align: right; color: red">A paragraph is never styled.</p>
"""  # noqa: E501 (a Markdown table row is one line)


def tool_or_skip(path: Path, what: str) -> None:
    """Skip (or fail under CI=true) when a quality-gate tool that `.ci/setup --test` installs is missing."""
    if path.exists() and (path.suffix != ".jar" or shutil.which("java")):
        return
    message = (
        f"{what} is not installed ({path.relative_to(ROOT)}{'' if path.exists() else ' missing'}"
        f"{'' if shutil.which('java') else ', no java on PATH'}); run `bash .ci/setup --test` "
        "(as root on Debian it also installs npm and Java) to run the quality gates."
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def add_table_paper(content: Path) -> str:
    """Add the table fixture paper to the first meeting of a content copy; return its site path."""
    meeting = sorted(p.parent for p in (content / "meetings").glob("*/meeting.md"))[0]
    (meeting / f"{TABLE_PAPER}.md").write_text(TABLE_PAPER_MD, encoding="utf-8")
    return f"meetings/{meeting.name}/{TABLE_PAPER}/"


def html_files(site: Path) -> list[Path]:
    """Every HTML page of a built site, in a fixed order."""
    return sorted(site.rglob("*.html"))


# ---- axe-core --------------------------------------------------------------------------------------------


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the loaded page with the WCAG 2.0/2.1/2.2 A and AA rules; return its violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per failing element: rule, impact, CSS target and axe's own summary of what to fix."""
    lines = []
    for rule in violations:
        for node in rule["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"{rule['id']} ({rule['impact']}) {node['target']}: {summary}")
    return "\n".join(lines)


# ---- Nu HTML Checker ---------------------------------------------------------------------------------------


def vnu_errors(files: list[Path]) -> list[dict[str, Any]]:
    """Check all `files` in one run of the Nu HTML Checker; return its errors (not warnings)."""
    done = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    if not done.stdout.strip():
        raise AssertionError(f"vnu produced no report (exit {done.returncode}): {done.stderr.strip()}")
    return [m for m in json.loads(done.stdout)["messages"] if m.get("type") in ("error", "non-document-error")]


def describe_vnu(errors: list[dict[str, Any]], site: Path) -> str:
    """One line per error: file:line: message."""
    prefix = site.resolve().as_uri()
    return "\n".join(
        f"{e.get('url', '').replace(prefix, '').lstrip('/')}:{e.get('lastLine', '?')}: {e.get('message')}"
        for e in errors
    )


# ---- internal links ----------------------------------------------------------------------------------------


@dataclass
class PageRefs:
    """The ids a page defines and the URLs it references, with the tag/attribute of each."""

    ids: set[str] = field(default_factory=set)
    refs: list[tuple[str, str]] = field(default_factory=list)


LINK_ATTRIBUTES = {
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("form", "action"),
}


class _RefParser(html.parser.HTMLParser):
    """Collect ids and referenced URLs of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.page = PageRefs()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"] or "")
        for attr in ("href", "src", "action"):
            if (tag, attr) in LINK_ATTRIBUTES and values.get(attr) is not None:
                self.page.refs.append((f"<{tag} {attr}>", values[attr] or ""))


def parse_page(path: Path) -> PageRefs:
    """The ids and references of one built page."""
    parser = _RefParser()
    parser.feed(path.read_text("utf-8"))
    return parser.page


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file an internal URL of `page` points at and its fragment; None for external URLs."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme or parts.netloc:
        return None  # http(s), mailto, tel, //host: outside the built site
    here = "/" + page.relative_to(site).as_posix()
    path = urllib.parse.unquote(parts.path)
    target = here if not path else posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
    if path.endswith("/") or (site / target.lstrip("/")).is_dir():
        target = posixpath.join(target, "index.html")
    return site / target.lstrip("/"), urllib.parse.unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal reference in the built site whose file or #anchor does not exist, as 'page: tag url: why'."""
    pages = {path: parse_page(path) for path in html_files(site)}
    problems = []
    for path, refs in pages.items():
        for where, url in refs.refs:
            found = resolve(site, path, url)
            if found is None:
                continue
            target, fragment = found
            name = path.relative_to(site).as_posix()
            if not target.is_file():
                problems.append(f"{name}: {where} {url}: no file {target.relative_to(site).as_posix()}")
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse_page(target).ids
                if fragment not in ids:
                    problems.append(
                        f"{name}: {where} {url}: no id {fragment!r} in {target.relative_to(site).as_posix()}"
                    )
    return problems
