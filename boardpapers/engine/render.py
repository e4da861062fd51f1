"""Render a site's generated pages: unchanged pages from the page cache, the others by stock engine builds.

Recipe: key every page by its Markdown and what every page depends on (PageCache.key); copy the pages whose key
is cached; write the others into a docs folder and split them into shards, each built by the engine's own
`build` in a spawned process (engines.build; the hook keeps a shard's pages); while they run, the caller's side
work (search index, feeds, data) runs here; then move each shard's pages into the site and keep a copy of each
in the cache. One shard also writes the theme's files, which are cached too, so a build with nothing to
render starts no engine at all.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import hashlib
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from boardpapers.content.links import Links
from boardpapers.engine import engines
from boardpapers.pages.generate import NAV_PAGES

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parent
PARALLEL_FROM = 40  # pages: fewer are rendered by one build (a second process costs more than it saves)
# A stock build holds all its pages until it writes them: at 10,000 papers two shards were 385 MB each. Shards
# of at most this many pages, `jobs` at a time, bound each process's memory.
SHARD_PAGES = 1000
STATIC = "static"  # the cache's folder of the theme's files, as the last engine build wrote them


def html_path(docs_path: str) -> str:
    """Where a page of the docs folder lands in the site (MkDocs' directory URLs): a/b.md is a/b/index.html,
    a/index.md is a/index.html."""
    folder, _, name = docs_path.rpartition("/")
    stem = name[: -len(".md")]
    parts = [p for p in (folder, "" if stem == "index" else stem) if p]
    return "/".join([*parts, "index.html"])


def tree_digest(*folders: Path) -> str:
    """A digest of the files under `folders` (names and bytes), in a fixed order; compiled files left out."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def everything_key(config_file: Path, engine: str) -> str:
    """What every page's HTML depends on besides its own Markdown: the engine, the pinned requirements (the
    versions of MkDocs, mkdocs-material, Python-Markdown, nh3, Jinja ...), the project's code and theme, and
    mkdocs.yml."""
    requirements = b"".join(p.read_bytes() for p in sorted(ROOT.glob("requirements*.txt")))
    parts = [engine.encode(), requirements, tree_digest(PACKAGE, ROOT / "theme").encode(), config_file.read_bytes()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


class PageCache:
    """Rendered pages kept between builds, named by their key; copies, never links into a site. Only published
    pages are ever rendered, so it never holds an unpublished paper's text."""

    def __init__(self, folder: Path, everything: str) -> None:
        self.folder = folder / "pages"
        self.everything = everything
        self.used: set[str] = set()
        self.folder.mkdir(parents=True, exist_ok=True)

    def key(self, docs_path: str, markdown: str) -> str:
        """A page's key: its path, its Markdown and everything_key."""
        text = f"{self.everything}\0{docs_path}\0{markdown}".encode("utf-8", "surrogatepass")
        return hashlib.sha256(text).hexdigest()

    def get(self, key: str, dest: Path) -> bool:
        """Copy the page of `key` to `dest` if it is cached; say whether it was."""
        self.used.add(key)
        try:
            shutil.copyfile(self.folder / key, dest)
        except FileNotFoundError:
            return False
        return True

    def put(self, key: str, page: Path) -> None:
        """Keep a copy of a rendered page (written whole under another name, then named)."""
        self.used.add(key)
        temporary = self.folder / f".{key}.tmp"
        shutil.copyfile(page, temporary)
        os.replace(temporary, self.folder / key)

    def static(self) -> Path:
        """The folder of the theme's files, for this configuration (none yet: does not exist)."""
        return self.folder.parent / STATIC / self.everything[:32]

    def prune(self) -> None:
        """Drop what this build did not use: the cache stays the size of one site."""
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink()
        for path in (self.folder.parent / STATIC).glob("*"):
            if path != self.static():
                shutil.rmtree(path, ignore_errors=True)


def start_engine(engine: str, jobs: int, warm: int) -> concurrent.futures.ProcessPoolExecutor:
    """Up to `jobs` processes for the engine's builds; `warm` of them spawned now, importing the engine while the
    build reads the content (the import is most of a small build's time). The others start when needed."""
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=engines.watch_parent
    )
    for _ in range(min(warm, jobs)):
        pool.submit(engines.prepare, engine)
    return pool


def render(
    pages: Iterable[tuple[str, str]],
    site: Path,
    work: Path,
    engine: engines.Task,
    links: Links,
    pool: concurrent.futures.ProcessPoolExecutor,
    jobs: int,
    cache: PageCache | None,
    side: Callable[[], None],
) -> list[str]:
    """Render `pages` ((docs path, Markdown) pairs, read once, in order) into the empty folder `site`, using
    `work` for the docs folder and the shards' builds (`engine`: what every build shares), at most `jobs` at
    once; run `side` meanwhile. Return the docs paths of the pages the engine rendered.

    Each page's Markdown is written to the docs folder as it comes (or its page copied from the cache) and not
    kept: at 10,000 papers, holding every page's Markdown was a third of the build's memory."""
    todo: list[tuple[str, str]] = []  # docs path, cache key
    docs = work / "docs"
    for path, markdown in pages:
        key = cache.key(path, markdown) if cache else ""
        dest = site / html_path(path)
        dest.parent.mkdir(parents=True, exist_ok=True)
        cached = bool(cache and cache.get(key, dest))
        if not cached or path in NAV_PAGES:  # the navigation's pages: every build needs them
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_text(markdown, encoding="utf-8")
        if not cached:
            todo.append((path, key))
    static = cache.static() if cache else None
    if not todo and static is not None and static.is_dir():
        shutil.copytree(static, site, dirs_exist_ok=True)
        side()
        return []
    count = max(jobs if len(todo) >= PARALLEL_FROM else 1, -(-len(todo) // SHARD_PAGES))
    shards = write_shards([path for path, _ in todo], work, links, count)
    futures = [
        pool.submit(
            engines.build,
            dataclasses.replace(
                engine,
                docs=str(work / "docs"),
                site=str(work / f"site-{i}"),
                shard=str(shard),
                links=str(work / "links.json"),
            ),
        )
        for i, shard in enumerate(shards)
    ]
    side()
    for future in futures:
        future.result()
    merge(todo, work, site, len(shards), cache)
    return [path for path, _ in todo]


def write_shards(paths: list[str], work: Path, links: Links, count: int) -> list[Path]:
    """Write the published pages' file and a file naming each shard's pages (whose Markdown is in the docs
    folder already; the first shard also writes the theme's files); return the `count` shard files."""
    links.save(work / "links.json")
    size = -(-len(paths) // count) if paths else 0
    shards = []
    for i in range(count):
        shard = work / f"shard-{i}.json"
        shard.write_text(json.dumps({"pages": paths[i * size : (i + 1) * size], "static": i == 0}), encoding="utf-8")
        shards.append(shard)
    return shards


def merge(todo: list[tuple[str, str]], work: Path, site: Path, shards: int, cache: PageCache | None) -> None:
    """Move each rendered page from its shard's build into the site (keeping a copy in the cache), then the
    theme's files from the first shard (kept in the cache too)."""
    built = [work / f"site-{i}" for i in range(shards)]
    for path, key in todo:
        page = html_path(path)
        source = next(b / page for b in built if (b / page).is_file())
        os.replace(source, site / page)
        if cache:
            cache.put(key, site / page)
    first = built[0]
    for path in NAV_PAGES:  # rendered again by every shard for its navigation; kept only where they changed
        (first / html_path(path)).unlink(missing_ok=True)
    for name in ("sitemap.xml", "sitemap.xml.gz"):  # a shard's lists only its pages: the site writes its own
        (first / name).unlink(missing_ok=True)
    drop_empty_folders(first)
    if cache:
        static = cache.static()
        shutil.rmtree(static, ignore_errors=True)
        shutil.copytree(first, static)
    shutil.copytree(first, site, dirs_exist_ok=True)


def drop_empty_folders(folder: Path) -> None:
    """Remove the folders under `folder` that hold no file."""
    for root, _, files in os.walk(folder, topdown=False):
        if not files and root != str(folder) and not os.listdir(root):
            os.rmdir(root)
