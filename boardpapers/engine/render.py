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
import contextlib
import dataclasses
import hashlib
import json
import multiprocessing
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from boardpapers.content.links import Links
from boardpapers.engine import engines
from boardpapers.interrupts import ctrl_c_held
from boardpapers.pages.generate import NAV_PAGES, PageSource
from boardpapers.staging import Staging, drop_empty_folders, files_of, write_whole

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parent
PARALLEL_FROM = 40  # pages: fewer are rendered by one build (a second process costs more than it saves)
# A stock build holds all its pages until it writes them: at 10,000 papers two shards were 385 MB each. Shards
# of at most this many pages, `jobs` at a time, bound each process's memory.
SHARD_PAGES = 1000
STATIC = "static"  # the cache's folder of the theme's files, as the last engine build wrote them
MADE = "made.json"  # the cache's file of which page each page's inputs made (PageCache)
STOP_FILE = "stop"  # in the work folder: the engine's builds stop at their next page once it exists


def read_made(path: Path) -> dict[str, str]:
    """A MADE file's mapping, or none if it is missing or not one (a build killed while writing it, say)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    ok = isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())
    return data if ok else {}


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


# The settings of mkdocs.yml that reach a page, as the engine reads them (`!ENV` tags resolved).
PAGE_SETTINGS = ("site_url", "site_name", "site_description", "site_author", "copyright", "use_directory_urls", "extra")


def everything_key(config_file: Path, engine: str, config: Mapping[str, Any] | None = None) -> str:
    """What every page's HTML depends on besides its own Markdown: the engine, the pinned requirements (the
    versions of MkDocs, mkdocs-material, Python-Markdown, nh3, Jinja ...), the project's code and theme, and
    mkdocs.yml; with the loaded `config`, also the theme folder and hooks it names wherever they are, and its
    settings as read (a value from the environment)."""
    requirements = b"".join(p.read_bytes() for p in sorted(ROOT.glob("requirements*.txt")))
    parts = [engine.encode(), requirements, tree_digest(PACKAGE, ROOT / "theme").encode(), config_file.read_bytes()]
    if config is not None:
        custom = config["theme"].custom_dir
        parts.append(tree_digest(Path(custom)).encode() if custom and Path(custom).is_dir() else b"")
        parts += [Path(hook).read_bytes() for hook in engines.own_hooks(config, config_file)]
        settings = {name: config.get(name) for name in PAGE_SETTINGS}
        parts.append(json.dumps(settings, sort_keys=True, default=str).encode())
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


class PageCache:
    """Rendered pages kept between builds, named by their key; copies, never links into a site. Only published
    pages are ever rendered, so it never holds an unpublished paper's text.

    Beside them, MADE: which page (key) each page's inputs made last time (see inputs_key), so that a page whose
    inputs are unchanged is copied without making its Markdown again (hashes only: no text)."""

    def __init__(self, folder: Path, everything: str, inputs: str = "") -> None:
        self.folder = folder / "pages"
        self.everything = everything
        self.inputs = inputs  # what every page's Markdown is made from ("": not known, nothing remembered)
        self.used: set[str] = set()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.made = read_made(folder / MADE) if inputs else {}
        self.made_now: dict[str, str] = {}

    def key(self, docs_path: str, markdown: str, links: str = "") -> str:
        """A page's key: its path, its Markdown, where the content's links in it lead (PageSource.links) and
        everything_key."""
        text = f"{self.everything}\0{docs_path}\0{links}\0{markdown}".encode("utf-8", "surrogatepass")
        return hashlib.sha256(text).hexdigest()

    def inputs_key(self, page: PageSource) -> str:
        """What a page is made from: everything_key, the site's inputs, the page's own text and where its links
        lead."""
        text = f"{self.everything}\0{self.inputs}\0{page.path}\0{page.links}\0{page.own}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def made_from(self) -> str:
        """What every page is made from but its own text: everything_key and the site's inputs ("": not known)."""
        return hashlib.sha256(f"{self.everything}\0{self.inputs}".encode()).hexdigest() if self.inputs else ""

    def known(self, inputs: str) -> str | None:
        """The key of the page a page's `inputs` (inputs_key) made last time (it may not be cached now)."""
        return self.made.get(inputs) if self.inputs else None

    def remember(self, inputs: str, key: str) -> None:
        """Note that a page's `inputs` (inputs_key) make the page of `key` (kept for the next build by prune)."""
        if self.inputs:
            self.made_now[inputs] = key

    def touch(self, key: str) -> None:
        """Keep the page of `key` (a page the build keeps from elsewhere)."""
        self.used.add(key)

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
        copy_whole(page, self.folder / key)

    def static(self) -> Path:
        """The folder of the theme's files, for this configuration (none yet: does not exist)."""
        return self.folder.parent / STATIC / self.everything[:32]

    def prune(self) -> None:
        """Drop what this build did not use (the cache stays the size of one site); keep what its inputs made."""
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink()
        write_whole(self.folder.parent / MADE, json.dumps(self.made_now, sort_keys=True))
        for path in (self.folder.parent / STATIC).glob("*"):
            if path != self.static():
                shutil.rmtree(path, ignore_errors=True)


class EngineProcesses:
    """Up to `jobs` processes for the engine's builds, `warm` of them spawned at once to import the engine while
    the build reads the content (the import is most of a small build's time); the others start when needed.
    Leaving the `with` waits until every one has ended."""

    def __init__(self, engine: str, jobs: int, warm: int) -> None:
        self.pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=engines.watch_parent
        )
        for _ in range(min(warm, jobs)):
            self.submit(engines.prepare, engine)
        self.ending: threading.Thread | None = None

    def submit(self, task: Callable[..., None], *args: Any) -> concurrent.futures.Future[None]:
        """Run a task in a process of the pool, starting one if needed with Ctrl+C blocked, which it inherits:
        Ctrl+C reaches every process of the terminal, and the build that started them stops and says so in one
        line; they end with it (engines.watch_parent) without a traceback of their own, even while still
        importing the engine. Blocked here meanwhile, a Ctrl+C waits and then stops the build (an ignored one
        would be lost). Where signals cannot be blocked (Windows), a process ends at Ctrl+C (watch_parent)."""
        with ctrl_c_held():
            return self.pool.submit(task, *args)

    def end_soon(self) -> None:
        """Let the processes end while the build does its own last work: their interpreters' teardown took 0.1 s
        of a rebuild. (The executor's shutdown without waiting would not be waited for later: it forgets them.)"""
        if self.ending is None:
            self.ending = threading.Thread(target=self.pool.shutdown, name="engine-processes-end", daemon=True)
            self.ending.start()

    def __enter__(self) -> EngineProcesses:
        return self

    def __exit__(self, *exc: object) -> None:
        """Wait until every process has ended."""
        if self.ending is None:
            self.pool.shutdown()
        else:
            self.ending.join()


def render(
    pages: Iterable[PageSource],
    staging: Staging,
    work: Path,
    engine: engines.Task,
    links: Links,
    processes: EngineProcesses,
    jobs: int,
    cache: PageCache | None,
    side: Callable[[], None],
) -> list[str]:
    """Render `pages` (read once, in order) into the site `staging` assembles, using `work` for the docs folder and
    the shards' builds (`engine`: what every build shares), at most `jobs` at once; run `side` meanwhile. Return
    the docs paths of the pages the engine rendered.

    A page whose inputs made a cached page last time is copied from the cache without making its Markdown; the
    others' Markdown is made, and the page copied from the cache if that Markdown's page is there, else written
    to the docs folder, not kept: at 10,000 papers, holding every page's Markdown was a third of the build's
    memory."""
    todo: list[tuple[str, str]] = []  # docs path, cache key
    docs = work / "docs"
    site = staging.folder

    def place(rel: str, key: str | None) -> bool:
        """Keep the page of `key` at `rel` in the site (as staged) or copy it from the cache; say if it was there."""
        if cache is None or not key:
            return False
        if staging.keep(rel, key):
            cache.touch(key)
            return True
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        if cache.get(key, site / rel):
            staging.wrote(rel, key)
            return True
        return False

    for page in pages:
        path = page.path
        rel = html_path(path)
        inputs = cache.inputs_key(page) if cache else ""
        key = cache.known(inputs) if cache and path not in NAV_PAGES else None  # the navigation's: see below
        cached = place(rel, key)
        if not cached:
            markdown = page.make()
            key = cache.key(path, markdown, page.links) if cache else ""
            cached = place(rel, key)
            if not cached or path in NAV_PAGES:  # the navigation's pages: every build needs them
                (docs / path).parent.mkdir(parents=True, exist_ok=True)
                (docs / path).write_text(markdown, encoding="utf-8")
        if cache and key:
            cache.remember(inputs, key)
        if not cached:
            todo.append((path, key or ""))
    static = cache.static() if cache else None
    if static is not None and static.is_dir():  # the theme's files of this configuration, as last written
        copy_static(static, staging)
        if not todo:
            processes.end_soon()
            side()
            return []
        static = None  # the builds need not write them again
    count = max(jobs if len(todo) >= PARALLEL_FROM else 1, -(-len(todo) // SHARD_PAGES))
    shards = write_shards([path for path, _ in todo], work, links, count, cache is None or static is not None)
    futures: list[concurrent.futures.Future[None]] = []
    try:
        for i, shard in enumerate(shards):
            task = dataclasses.replace(
                engine,
                docs=str(work / "docs"),
                site=str(work / f"site-{i}"),
                shard=str(shard),
                links=str(work / "links.json"),
                stop=str(work / STOP_FILE),
            )
            futures.append(processes.submit(engines.build, task))
        side()
        for future in futures:
            future.result()
    except BaseException:  # an error, Ctrl+C: the builds write into `work`, which goes with this build
        stop_builds(work / STOP_FILE, futures)
        raise
    processes.end_soon()  # nothing more to render: they end while the pages are moved and the site swapped in
    merge(todo, work, staging, len(shards), cache, static)
    return [path for path, _ in todo]


def stop_builds(stop: Path, futures: list[concurrent.futures.Future[None]]) -> None:
    """Have the engine's builds stop at their next page, and wait until they have (another Ctrl+C meanwhile does
    not stop the wait: the folder they write to must not go before they end)."""
    with contextlib.suppress(OSError):  # a full disk, say: then they are waited for to the end
        stop.touch()
    while True:
        try:
            concurrent.futures.wait(futures)
            return
        except KeyboardInterrupt:
            continue


def write_shards(paths: list[str], work: Path, links: Links, count: int, static: bool) -> list[Path]:
    """Write the published pages' file and a file naming each shard's pages (whose Markdown is in the docs
    folder already; the first shard also writes the theme's files if `static`); return the `count` shard files."""
    links.save(work / "links.json")
    size = -(-len(paths) // count) if paths else 0
    shards = []
    for i in range(count):
        shard = work / f"shard-{i}.json"
        wanted = {"pages": paths[i * size : (i + 1) * size], "static": static and i == 0}
        shard.write_text(json.dumps(wanted), encoding="utf-8")
        shards.append(shard)
    return shards


def merge(
    todo: list[tuple[str, str]], work: Path, staging: Staging, shards: int, cache: PageCache | None, static: Path | None
) -> None:
    """Move each rendered page from its shard's build into the site (keeping a copy in the cache), then the
    theme's files from the first shard (kept in the cache's `static` folder too), or, where they are in the site
    already (`static` None and a cache), the theme's own pages the first shard made again."""
    built = [work / f"site-{i}" for i in range(shards)]
    site = staging.folder
    for path, key in todo:
        page = html_path(path)
        source = next(b / page for b in built if (b / page).is_file())
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, site / page)
        if cache:
            cache.put(key, site / page)
            staging.wrote(page, key)
    first = built[0]
    for path in NAV_PAGES:  # rendered again by every shard for its navigation; kept only where they changed
        (first / html_path(path)).unlink(missing_ok=True)
    for name in ("sitemap.xml", "sitemap.xml.gz"):  # a shard's lists only its pages: the site writes its own
        (first / name).unlink(missing_ok=True)
    drop_empty_folders(first)
    if cache is None:
        shutil.copytree(first, site, dirs_exist_ok=True)
    elif static is not None:
        whole = static.with_name(f".{static.name}.tmp")  # named only once whole: a killed build leaves no half
        shutil.rmtree(whole, ignore_errors=True)
        shutil.copytree(first, whole)
        shutil.rmtree(static, ignore_errors=True)
        os.rename(whole, static)
        copy_static(static, staging)
    else:  # the theme's files are in the site; its own pages (404.html) were made again, from the home page's
        for rel in files_of(first):
            (cache.static() / rel).parent.mkdir(parents=True, exist_ok=True)
            copy_whole(first / rel, cache.static() / rel)
        copy_static(first, staging)


def copy_whole(source: Path, dest: Path) -> None:
    """Copy a file whole under another name beside `dest`, then name it: a killed build leaves no half file."""
    temporary = dest.with_name(f".{dest.name}.tmp")
    shutil.copyfile(source, temporary)
    os.replace(temporary, dest)


def copy_static(folder: Path, staging: Staging) -> None:
    """Copy the theme's files from `folder` (the cache's) into the site, but those the site has the same."""
    for rel in sorted(files_of(folder)):
        data = (folder / rel).read_bytes()
        key = hashlib.sha256(data).hexdigest()
        if not staging.keep(rel, key):
            (staging.folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging.folder / rel).write_bytes(data)
            staging.wrote(rel, key)
