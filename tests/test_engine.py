"""The engine is stock (issue 18): the project's build gives what the engines' own command lines give.

- A stock `mkdocs build` (and `properdocs build`) of the tree `build.py build --docs` writes gives the same pages,
  with the same visible text of each page's main content, as the project's build with that engine.
- Both engines build the sample content into the same pages with the same text.
- `--no-cache` builds the site a build from the cache builds, byte for byte, and keeps no page cache.
- Two builds of the sample content into fresh folders are byte-identical with ProperDocs too (tests/test_build.py
  holds this for MkDocs).

Everything runs as a user would: `build.py` and the engines' command lines in subprocesses (no import of the
project's modules), on the sample content, with a fixed date. Builds are shared by the module's tests.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TypeVar

import pytest

from boardpapers.engine.engines import write_stock_config

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
HOOKS = ROOT / "boardpapers" / "engine" / "hooks.py"  # the site's hook, which mkdocs.yml tells a stock build to list
ENGINES = ("mkdocs", "properdocs")
T = TypeVar("T")
TODAY = "2026-11-23"  # the sample's fixed date (tests/conftest.py SAMPLE_TODAY)


def run(*args: str | Path) -> str:
    """Run a command from the project's folder with the fixed date; return its output, failing with it."""
    env = {**os.environ, "BOARD_PAPERS_TODAY": TODAY}
    done = subprocess.run(
        [str(a) for a in args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{' '.join(map(str, args))} exited {done.returncode}:\n{output[-4000:]}"
    return output


def build(out: Path, *options: str | Path) -> str:
    """The project's build of the sample content into `out`: `python build.py build ...`."""
    return run(sys.executable, ROOT / "build.py", "build", "--content", CONTENT, "--out", out, *options)


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of a site by its relative path, gzip files decompressed (their headers carry a time)."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


def differences(one: dict[str, bytes], two: dict[str, bytes]) -> list[str]:
    """What differs between two snapshots: files only in one, and files whose bytes differ."""
    return (
        [f"only in the first: {n}" for n in sorted(one.keys() - two.keys())]
        + [f"only in the second: {n}" for n in sorted(two.keys() - one.keys())]
        + [f"differs: {n}" for n in sorted(one.keys() & two.keys()) if one[n] != two[n]]
    )


class MainText(HTMLParser):
    """The visible text of a page's main content: the text inside its <article>, scripts and styles left out."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    )
    HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []  # the elements open inside the article, the article first
        self.articles = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        if self.open or tag == "article":
            self.articles += not self.open
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.open and tag in self.open:
            while self.open.pop() != tag:  # elements left open by the page end with it
                pass

    def handle_data(self, data: str) -> None:
        if self.open and not self.HIDDEN & set(self.open):
            self.parts.append(data)

    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def main_text(page: Path) -> str:
    """A page's main content as a reader sees it, whitespace collapsed; the page must have one <article>."""
    parser = MainText()
    parser.feed(page.read_text("utf-8"))
    parser.close()
    assert parser.articles == 1, f"{page}: {parser.articles} <article> elements, expected 1"
    return parser.text()


def pages(site: Path) -> set[str]:
    """The site's HTML pages by their paths in it."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def text_differences(one: Path, two: Path) -> list[str]:
    """Pages only in one of two sites, and pages whose main content reads differently."""
    found = [f"only in {one}: {p}" for p in sorted(pages(one) - pages(two))]
    found += [f"only in {two}: {p}" for p in sorted(pages(two) - pages(one))]
    for page in sorted(pages(one) & pages(two)):
        first, second = main_text(one / page), main_text(two / page)
        if first != second:
            at = next(
                (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), min(len(first), len(second))
            )
            found.append(
                f"{page}: text differs at character {at}: {first[max(0, at - 60) : at + 60]!r} "
                f"!= {second[max(0, at - 60) : at + 60]!r}"
            )
    return found


@dataclass
class Build:
    """A build of the sample content: its site, and what was in it when it was made."""

    site: Path
    files: dict[str, bytes]
    output: str


class Builds:
    """The builds the module's tests share, each made the first time a test asks for it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[tuple[str, ...], Any] = {}

    def once(self, key: tuple[str, ...], make: Callable[[], T]) -> T:
        """What `make` makes, made once per key."""
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]  # type: ignore[no-any-return]

    def project(self, engine: str) -> Build:
        """`build.py build --engine ENGINE --docs DIR` into a fresh folder (the page cache beside it)."""

        def make() -> Build:
            site = self.folder / engine / "site"
            output = build(site, "--engine", engine, "--docs", self.folder / engine / "docs")
            return Build(site, snapshot(site), output)

        return self.once(("project", engine), make)

    def stock(self, engine: str) -> Path:
        """The engine's own `build` command over the generated tree of project(engine)."""

        def make() -> Path:
            self.project(engine)
            folder = self.folder / engine
            write_stock_config(ROOT / "mkdocs.yml", folder / "docs", folder / "stock", folder / "mkdocs.yml")
            run(sys.executable, "-m", engine, "build", "--config-file", folder / "mkdocs.yml")
            return folder / "stock"

        return self.once(("stock", engine), make)

    def fresh(self, name: str, *options: str) -> Build:
        """Another build into a fresh folder."""

        def make() -> Build:
            site = self.folder / name / "site"
            output = build(site, *options)
            return Build(site, snapshot(site), output)

        return self.once(("fresh", name, *options), make)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Builds]:
    yield Builds(tmp_path_factory.mktemp("engine"))


def test_the_engines_have_their_own_command_lines() -> None:
    assert HOOKS.is_file(), f"{HOOKS} is gone: mkdocs.yml tells a stock build to list the site's hook by its path"
    for engine in ENGINES:
        assert "build" in run(sys.executable, "-m", engine, "--help")


# --- Stock build equivalence -----------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_a_stock_build_of_the_generated_tree_gives_the_same_pages_and_text(builds: Builds, engine: str) -> None:
    site, stock = builds.project(engine).site, builds.stock(engine)
    assert len(pages(site)) > 20
    assert text_differences(site, stock) == []


# A stock build has no list of the published pages, so a link in content to another paper is dropped there
# (islands.published_links): <a href="../5.1-.../">Agenda item 5.1</a> is <a>Agenda item 5.1</a>.
LINK_RE = re.compile(r'<a href="[^"]*">')


@pytest.mark.parametrize("engine", ENGINES)
def test_a_stock_build_differs_only_in_the_content_links_it_cannot_resolve(builds: Builds, engine: str) -> None:
    site, stock = builds.project(engine).site, builds.stock(engine)
    found, dropped = [], 0
    for page in sorted(pages(site) & pages(stock)):
        ours, theirs = (site / page).read_text("utf-8").splitlines(), (stock / page).read_text("utf-8").splitlines()
        if len(ours) != len(theirs):
            found.append(f"{page}: {len(ours)} lines, the stock build's {len(theirs)}")
            continue
        for number, (line, stock_line) in enumerate(zip(ours, theirs, strict=False), 1):
            if line != stock_line:
                dropped += 1
                if LINK_RE.sub("<a>", line) != stock_line:
                    found.append(f"{page}:{number}: {line.strip()[:150]!r} != {stock_line.strip()[:150]!r}")
    assert found == []
    assert dropped > 0  # the sample links papers to papers: the comparison saw those links


@pytest.mark.parametrize("engine", ENGINES)
def test_the_theme_files_the_site_never_uses_are_not_published(builds: Builds, engine: str) -> None:
    """Material's search worker, lunr's languages and source maps (its own search plugin is off): in neither
    the project's build nor a stock build of its tree; the theme's scripts and styles the pages load are."""
    material = Path(importlib.util.find_spec("material").origin).parent / "templates"  # type: ignore[arg-type,union-attr]
    shipped = {p.relative_to(material).as_posix() for p in (material / "assets").rglob("*") if p.is_file()}
    unused = {
        rel
        for rel in shipped
        if rel.endswith(".map")
        or rel.split("/")[:3] in (["assets", "javascripts", "lunr"], ["assets", "javascripts", "workers"])
    }
    assert len(unused) > 30  # Material ships them: the check below could find them
    for site in (builds.project(engine).site, builds.stock(engine)):
        published = {p.relative_to(site).as_posix() for p in (site / "assets").rglob("*") if p.is_file()}
        assert sorted(published & unused) == []
        assert {r for r in shipped - unused if r.endswith((".js", ".css"))} <= published


# --- Both engines ----------------------------------------------------------------------------------------------


def test_both_engines_build_the_same_pages_with_the_same_text(builds: Builds) -> None:
    mkdocs, properdocs = builds.project("mkdocs"), builds.project("properdocs")
    assert sorted(mkdocs.files) == sorted(properdocs.files)
    assert text_differences(mkdocs.site, properdocs.site) == []


# --- The page cache ----------------------------------------------------------------------------------------------


def test_no_cache_builds_the_site_a_build_from_the_cache_builds(builds: Builds) -> None:
    cold = builds.project("mkdocs")
    again = builds.folder / "from-cache"  # a copy of the cold build's site and cache, built again
    for name in (cold.site.name, f".{cold.site.name}-cache"):
        shutil.copytree(cold.site.parent / name, again / name, symlinks=True)
    rebuilt = build(again / cold.site.name, "--engine", "mkdocs", "--progress")
    assert re.search(r"Rendered 0 of \d+ pages", rebuilt), rebuilt  # every page from the cache
    from_cache = snapshot(again / cold.site.name)
    no_cache = builds.fresh("no-cache", "--no-cache")
    assert differences(from_cache, no_cache.files) == []
    assert differences(cold.files, no_cache.files) == []  # and the cold build that filled the cache


def test_no_cache_keeps_no_page_cache(builds: Builds) -> None:
    no_cache = builds.fresh("no-cache", "--no-cache")
    kept = no_cache.site.parent / f".{no_cache.site.name}-cache" / "pages"
    assert not kept.exists() or not any(kept.iterdir()), sorted(p.name for p in kept.iterdir())[:5]


# --- Determinism ---------------------------------------------------------------------------------------------------


def test_two_properdocs_builds_are_byte_identical(builds: Builds) -> None:
    one = builds.project("properdocs")
    two = builds.fresh("properdocs-again", "--engine", "properdocs")
    assert len(one.files) > 50
    assert differences(one.files, two.files) == []
