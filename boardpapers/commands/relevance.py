"""`python build.py bench --search`: how well search answers a committed query set, beside Pagefind's.

The recipe:
1. make the sites: the sample content, and the meeting packs `build.py import` makes from the seed papers with
   every imported paper published (each query says which pages answer it on each; queries/QUERIES);
2. build each with the site's own build, then index the same built pages with Pagefind (the `pagefind` package,
   its own defaults and the page's <article> as the part to index, as the site's search reads the content alone);
3. serve each site on a local port and ask every query of both searches in headless Chromium (Debian's, as the
   tests drive it): the site's own search page (bpSearch.ranked, what the page shows) and Pagefind's JavaScript
   API (pagefind.js, search(), each result's data()); the first ten results of each;
4. score each: hit@3 (an answering page among the first three) and MRR (1 / rank of the first answering page,
   0 past ten), per site, per class of query and overall, and print them side by side with every miss.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from boardpapers.commands.common import write_report
from boardpapers.pipeline import ROOT

QUERIES = ROOT / "tests" / "data" / "search_queries.yml"
SEEDS = ROOT.parent / "shared" / "seeds"
CHROMIUM = Path("/usr/bin/chromium")
TODAY = dt.date(2026, 11, 23)  # the sample site's fixed date, as the tests build it
TOP = 10  # results read of each search
ENGINES = ("site", "pagefind")
MISSING = {
    "pagefind": "Pagefind is not installed: `.venv/bin/pip install -r requirements-dev.txt` (pins pagefind and "
    "pagefind-bin)",
    "playwright": "Playwright is not installed: `.venv/bin/pip install -r requirements-dev.txt`",
    "chromium": "Debian's chromium is not at /usr/bin/chromium: `sudo apt-get install chromium` "
    "(or `bash .ci/setup --test` as root)",
}


def missing_tools() -> list[str]:
    """What the relevance benchmark needs and this machine lacks, each as a line saying how to get it."""
    import importlib.util

    out = [MISSING[name] for name in ("pagefind", "playwright") if importlib.util.find_spec(name) is None]
    return out + ([MISSING["chromium"]] if not CHROMIUM.exists() else [])


def read_queries(path: Path) -> tuple[dict[str, dict[str, str]], list[dict[str, Any]]]:
    """The query set: (page name -> site -> address, queries)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["pages"], data["queries"]


def sample_content(work: Path) -> Path:
    """A copy of the sample content."""
    content = work / "sample-content"
    shutil.copytree(ROOT / "content", content)
    return content


def seed_content(work: Path, seeds: Path) -> Path:
    """The content `build.py import` makes from the seed papers (the sample's board.yml beside them), with every
    imported paper published: the importer keeps them drafts until a person has checked them."""
    content = work / "seed-content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "board.yml", content / "board.yml")
    command = [sys.executable, str(ROOT / "build.py"), "import", *map(str, sorted(seeds.glob("*.txt")))]
    done = subprocess.run([*command, "--content", str(content)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"importing the seeds from {seeds} failed (exit {done.returncode}):\n{done.stderr}")
    for paper in (content / "meetings").glob("*/*.md"):
        if paper.name == "meeting.md":
            continue
        text = paper.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^classification: .*$", "classification: official", text)
        text = re.sub(r"(?m)^status: .*$", "status: published", text)
        paper.write_text(text, encoding="utf-8")
    return content


def build(content: Path, out: Path) -> Path:
    """The site of `content`, built as `build.py build` builds it, then indexed by Pagefind too."""
    from boardpapers.pipeline import build_site

    build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(out), "--root-selector", "article", "--silent"],
        check=True,
    )
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serve files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` on a free local port (Pagefind needs http: it fetches its index)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


SITE_QUERY = "q => bpSearch.ranked(q)"
PAGEFIND_QUERY = """async ([root, q, top]) => {
  window.pf = window.pf || await import(root + 'pagefind/pagefind.js');
  const found = await window.pf.search(q);
  const data = await Promise.all(found.results.slice(0, top).map(r => r.data()));
  return data.map(d => d.url);
}"""


def page_of(url: str, root: str) -> str:
    """A result's page as an address under the site root: no host, #fragment or index.html."""
    url = url.split("#")[0]
    for prefix in (root, "/"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
            break
    return url.removesuffix("index.html")


def ask(browser: Any, root: str, queries: list[str]) -> dict[str, dict[str, list[str]]]:
    """Each engine's first TOP pages for each query, on the site at `root`."""
    page = browser.new_page()
    try:
        page.goto(root + "search/")
        page.wait_for_function("typeof window.bpSearch !== 'undefined'")
        out: dict[str, dict[str, list[str]]] = {"site": {}, "pagefind": {}}
        for query in queries:
            out["site"][query] = [page_of(u, root) for u in page.evaluate(SITE_QUERY, query)][:TOP]
            out["pagefind"][query] = [page_of(u, root) for u in page.evaluate(PAGEFIND_QUERY, [root, query, TOP])][:TOP]
        return out
    finally:
        page.close()


def score(ranked: list[str], answers: set[str]) -> tuple[bool, float]:
    """(an answer among the first three, reciprocal rank of the first answer in the first TOP)."""
    rank = next((i + 1 for i, url in enumerate(ranked[:TOP]) if url in answers), None)
    return (rank is not None and rank <= 3), (1 / rank if rank else 0.0)


def summarise(rows: list[dict[str, Any]], key: Any) -> list[dict[str, Any]]:
    """hit@3 and MRR of each engine over the rows, grouped by key(row) (in first-seen order)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    out = []
    for name, group in groups.items():
        entry: dict[str, Any] = {"group": name, "queries": len(group)}
        for engine in ENGINES:
            entry[engine] = {
                "hit3": sum(r[engine]["hit3"] for r in group) / len(group),
                "mrr": sum(r[engine]["rr"] for r in group) / len(group),
            }
        out.append(entry)
    return out


def run(queries_file: Path, seeds: Path | None) -> dict[str, Any]:
    """Build the sites, ask every query of both engines, and score them."""
    from playwright.sync_api import sync_playwright

    pages, queries = read_queries(queries_file)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="boardpapers-relevance-") as folder:
        work = Path(folder)
        sites = {"sample": build(sample_content(work), work / "sample-site")}
        if seeds is not None:
            sites["seeds"] = build(seed_content(work, seeds), work / "seed-site")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
            try:
                for name, site in sites.items():
                    asked = [q for q in queries if all(name in pages[a] for a in q["answers"])]
                    with served(site) as root:
                        found = ask(browser, root, [q["q"] for q in asked])
                    for q in asked:
                        answers = {pages[a][name] for a in q["answers"]}
                        missing = sorted(a for a in answers if not (site / a / "index.html").is_file())
                        if missing:
                            raise SystemExit(f"{queries_file}: {q['q']!r}: no page {missing[0]} on the {name} site")
                        row: dict[str, Any] = {
                            "on": name,
                            "q": q["q"],
                            "class": q["class"],
                            "answers": sorted(answers),
                        }
                        for engine in ENGINES:
                            hit3, rr = score(found[engine][q["q"]], answers)
                            row[engine] = {"hit3": hit3, "rr": rr, "top": found[engine][q["q"]][:3]}
                        rows.append(row)
            finally:
                browser.close()
    return {
        "date": dt.date.today().isoformat(),
        "queries_file": str(queries_file.relative_to(ROOT)) if queries_file.is_relative_to(ROOT) else str(queries_file),
        "queries": len(queries),
        "sites": list(sites),
        "pagefind_version": pagefind_version(),
        "overall": summarise(rows, lambda r: "all")[0],
        "by_site": summarise(rows, lambda r: r["on"]),
        "by_class": summarise(rows, lambda r: r["class"]),
        "rows": rows,
    }


def pagefind_version() -> str:
    """The installed Pagefind's version."""
    done = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def table(report: dict[str, Any]) -> str:
    """The figures side by side, then each query either engine missed (no answer in its first three)."""
    lines = [
        f"Search relevance, {report['date']}: {report['queries']} queries of {report['queries_file']} on "
        f"{' and '.join(report['sites'])}; {report['pagefind_version']}",
        "",
        "| queries | n | site: hit@3 | site: MRR | Pagefind: hit@3 | Pagefind: MRR |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for entry in [report["overall"], *report["by_site"], *report["by_class"]]:
        name = "all" if entry is report["overall"] else entry["group"]
        lines.append(
            f"| {name} | {entry['queries']} | {entry['site']['hit3']:.0%} | {entry['site']['mrr']:.2f} | "
            f"{entry['pagefind']['hit3']:.0%} | {entry['pagefind']['mrr']:.2f} |"
        )
    misses = [r for r in report["rows"] if not (r["site"]["hit3"] and r["pagefind"]["hit3"])]
    if misses:
        lines += ["", "Queries with no answer in an engine's first three (site / Pagefind: first three results):"]
        for r in misses:
            lines.append(
                f"- [{r['on']}] {r['q']!r} ({r['class']}): site {'hit' if r['site']['hit3'] else 'MISS'} "
                f"{r['site']['top']}; Pagefind {'hit' if r['pagefind']['hit3'] else 'MISS'} {r['pagefind']['top']}"
            )
    return "\n".join(lines)


def cmd(args: argparse.Namespace, default_json: Path) -> int:
    """`bench --search`: run the query set, print the table, write the JSON (--json, else `default_json`)."""
    problems = missing_tools()
    if problems:
        for line in problems:
            print(f"error: {line}", file=sys.stderr)
        return 2
    seeds: Path | None = args.seeds
    if seeds is not None and not seeds.is_dir():
        print(f"note: no seed papers at {seeds}: only the sample site is measured (--seeds DIR)", file=sys.stderr)
        seeds = None
    report = run(args.queries, seeds)
    print(table(report))
    write_report(report, args.json or default_json)
    return 0
