"""The build recipe: load and check content, generate pages, render with MkDocs, swap the result into place."""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime as dt
import errno
import functools
import hashlib
import os
import posixpath
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from boardpapers.content import history
from boardpapers.content.links import Links, content_path
from boardpapers.content.load import load_site
from boardpapers.content.model import Site
from boardpapers.engine import engines
from boardpapers.engine.render import MADE, EngineProcesses, PageCache, everything_key
from boardpapers.engine.render import render as render_pages
from boardpapers.outputs import sitemap
from boardpapers.outputs.postprocess import postprocess
from boardpapers.pages.generate import NAV, Generator, PageSource
from boardpapers.progress import Progress
from boardpapers.staging import PARTS as STAGING_PARTS
from boardpapers.staging import Staging, forget

ROOT = Path(__file__).resolve().parent.parent
LOCK = "lock"  # the build lock's folder in the build cache
TIMEZONE = ZoneInfo("Europe/London")  # the board's time zone: embargoes and overdue actions use its date


class BuildError(Exception):
    """The renderer failed after content was valid; the previous site is untouched."""


@dataclass
class BuildResult:
    """What a build produced: the summary line's figures and the model it was built from."""

    pages: int
    papers: int
    seconds: float
    site: Site
    rendered: list[str]  # the docs paths of the pages the engine rendered (the others came from the cache)


def today_in_london(now: dt.datetime | None = None) -> dt.date:
    """The board's date at `now` (default: this moment), or BOARD_PAPERS_TODAY (YYYY-MM-DD) when it is set."""
    fixed = os.environ.get("BOARD_PAPERS_TODAY")
    if fixed and now is None:
        return dt.date.fromisoformat(fixed)
    if now is not None and now.tzinfo is None:
        raise ValueError("now must carry a time zone, e.g. datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)")
    return (now or dt.datetime.now(dt.UTC)).astimezone(TIMEZONE).date()


def build_site(
    content: Path,
    out: Path,
    config_file: Path,
    today: dt.date,
    drafts: bool = False,
    progress: Progress | None = None,
    docs: Path | None = None,
    engine: str = engines.DEFAULT,
    cache: bool = True,
    strict: bool = False,
) -> BuildResult:
    """Check content, then build the whole site beside `out` and swap it in; never leave a half-built site.

    Nothing is written until the content is read and valid (not even the build cache), and then only under the
    build lock of `out` (see build_lock). `drafts` is the local preview of `serve --drafts` (drafts and
    embargoed papers shown, marked); `build` never passes it. `docs`, if given, also receives every page's
    Markdown (build --docs). `engine`: see engines.ENGINES. `cache`: False renders every page anew and keeps
    nothing (build --no-cache). `strict`: warnings stop the build too (build --strict).
    """
    started = time.perf_counter()
    progress = progress or Progress(None)
    out = out.resolve()
    folder = out.parent / f".{out.name}-cache"
    try:
        engines.known(engine)
    except engines.EngineError as err:
        raise BuildError(str(err)) from None
    refuse_to_overwrite(content.resolve(), out, folder, docs.resolve() if docs else None)
    # The engine's processes start now and import it while the content is read (most of a small build's time):
    # one when there are cached pages (a rebuild renders few), else one a core.
    jobs = os.cpu_count() or 1
    with EngineProcesses(engine, jobs, 1 if cache and (folder / "pages").is_dir() else jobs) as processes:
        # The memo is saved in a folder of the cache, and only if the content is valid.
        memo = folder / "content" / "front-matter.pickle" if cache else None
        site = load_site(content, today, drafts=drafts, memo=memo, strict=strict)
        progress.say(
            f"Read {plural(sum(len(m.papers) for m in site.meetings), 'paper')} in "
            f"{plural(len(site.meetings), 'meeting')}"
        )
        if out.exists() and not out.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out))
        with build_lock(out, folder):
            tidy(out, folder)
            if not cache:  # the live site will not be the one the cache's spare and manifests were kept for
                forget(folder)
            pages, rendered = write_site(
                site, content, out, folder if cache else None, config_file, today, docs, engine, processes, jobs
            )
    progress.say(f"Rendered {len(rendered)} of {plural(pages, 'page')} (the others from the cache)")
    progress.say("Done")
    return BuildResult(pages, len(site.papers), time.perf_counter() - started, site, rendered)


DOCS_MARK = ".boardpapers-docs"  # in a folder `build --docs` wrote: it may be emptied and written again


def refuse_to_overwrite(content: Path, out: Path, cache: Path, docs: Path | None) -> None:
    """Stop before a build would replace or empty a folder it did not make: the site's folder (replaced whole
    by the swap) must be new, empty, or a site built here (its build cache beside it); the docs folder new,
    empty, or one `build --docs` wrote; and neither may hold the content."""
    for option, folder in (("--out", out), ("--docs", docs)):
        if folder is not None and (folder == content or folder in content.parents):
            raise BuildError(
                f"{option} {folder} holds the content folder {content}, which the build would "
                f"replace; choose another folder, e.g. {option} {content.parent / 'site'}"
            )
    if out.is_dir() and any(out.iterdir()) and not cache.is_dir():
        raise BuildError(
            f"--out {out} is a folder with files that no build made (no {cache.name} beside it), "
            "which the build would replace; choose a new or empty folder, or move its files away"
        )
    if docs is not None and docs.is_dir() and any(docs.iterdir()) and not (docs / DOCS_MARK).is_file():
        raise BuildError(
            f"--docs {docs} is a folder with files that `build --docs` did not write, which it "
            "would empty; choose a new or empty folder"
        )


def write_site(
    site: Site,
    content: Path,
    out: Path,
    cache: Path | None,
    config_file: Path,
    today: dt.date,
    docs: Path | None,
    engine: str,
    processes: EngineProcesses,
    jobs: int,
) -> tuple[int, list[str]]:
    """Generate `site`'s pages, render them in a staging folder beside `out` and swap it in (the caller holds
    the build lock); return (pages, docs paths of those the engine rendered)."""
    # A folder it cannot remove whole (a file held open on Windows, say) is left to the next build (see tidy),
    # rather than hiding why this one stopped.
    with tempfile.TemporaryDirectory(prefix=f".{out.name}-build-", dir=out.parent, ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        staging = Staging(work / "site", cache)
        staged = staging.folder
        config = settings(config_file, work, engine)
        everything = everything_key(config_file, engine, config)
        compiled = compiled_templates(cache, everything) if cache else None
        generator = Generator(site, ROOT / "theme" / "pages", dict(config["extra"]), compiled)
        dates = paper_dates(site, content)
        generator.env.globals["history"] = dates  # paper.md.j2's dates line
        for paper in site.papers:  # the feeds' updated dates (feeds.updated)
            paper.first_published = dates[paper.source].first_published if paper.source in dates else None
        paths: list[str] = []  # every page's docs path, in order (the Markdown itself is not kept)

        links = Links(site)

        def pages() -> Iterator[PageSource]:
            """Each page to make; with --docs, each made at once and written there too."""
            for page in map(functools.partial(with_links, site, links), generator.sources()):
                paths.append(page.path)
                if docs is None:
                    yield page
                    continue
                markdown = page.make()
                generator.write(docs, [(page.path, markdown)])
                yield dataclasses.replace(page, make=functools.partial(str, markdown))

        if docs is not None:
            shutil.rmtree(docs, ignore_errors=True)  # one that `build --docs` wrote (refuse_to_overwrite)
            docs.mkdir(parents=True)
            (docs / DOCS_MARK).write_text(
                "Written by build.py build --docs: emptied by the next one.\n", encoding="utf-8"
            )
        inputs = hashlib.sha256(f"{site.inputs}\0{generator.digest()}".encode()).hexdigest() if site.inputs else ""
        page_cache = PageCache(cache, everything, inputs) if cache else None
        task = engines.Task(
            engine, str(config_file), "", "", "", "", today, engines.own_hooks(config, config_file), str(compiled or "")
        )
        with template_errors(), engine_errors(engine):
            rendered = render_pages(
                pages(),
                staging,
                work,
                task,
                links,
                processes,
                jobs,
                page_cache,
                side=lambda: side_work(site, staging, config, cache, page_cache.made_from() if page_cache else ""),
            )
        sitemap.write(staged, paths, config)
        manifest = staging.finish()
        if page_cache:
            page_cache.prune()
        swap(staged, out, work / "old")
        staging.keep_old(work / "old", manifest)
    return len(paths), rendered


def with_links(site: Site, links: Links, page: PageSource) -> PageSource:
    """`page` with a digest of where the links of the body or notes it shows lead: a page's HTML depends on it,
    not only on its Markdown (a paper's address changes with its agenda item; an attachment may move)."""
    urls = site.link_urls.get(page.source)
    if not urls:
        return page
    folder = posixpath.dirname(content_path(page.source))
    resolved = repr([(url, links.resolve(folder, url)) for url in urls])
    return dataclasses.replace(page, links=hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest())


def compiled_templates(cache: Path, everything: str) -> Path:
    """The cache's folder for the templates' compiled code: one for each everything_key (Jinja checks a template's
    source, not the code and settings of the environment that compiled it); the others go."""
    folder = cache / TEMPLATES / everything[:32]
    for other in (cache / TEMPLATES).glob("*"):
        if other != folder:
            shutil.rmtree(other, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def side_work(site: Site, staging: Staging, config: Any, cache: Path | None, inputs: str) -> None:
    """The search index, feeds and data, written while the engine renders the pages; a failure is one line.
    `inputs`: what the site is made from (see postprocess)."""
    try:
        postprocess(site, staging.folder, config, cache, staging=staging, inputs=inputs)
    except Exception as err:  # any failure there: one line, the old site kept
        if isinstance(err, OSError) and disk_problem(err):
            raise
        raise BuildError(f"writing the search index, feeds and data failed: {type(err).__name__}: {err}") from err


def settings(config_file: Path, work: Path, engine: str) -> Any:
    """mkdocs.yml as the engine reads it (for what the pages and outputs need: site_url, extra ...)."""
    engines.prepare(engine)
    from mkdocs.config import load_config

    (work / "docs").mkdir(exist_ok=True)
    return load_config(config_file=str(config_file), docs_dir=str(work / "docs"), site_dir=str(work / "site"), nav=NAV)


@contextlib.contextmanager
def engine_errors(engine: str) -> Iterator[None]:
    """Turn an engine's failure (in its own process) into a BuildError; a file system error stays itself."""
    try:
        yield
    except (jinja2.TemplateError, OSError, BuildError):
        raise
    except Exception as err:  # whatever the engine raised: reported in one line
        raise BuildError(f"the engine ({engine}) could not build the site: {type(err).__name__}: {err}") from err


@contextlib.contextmanager
def template_errors() -> Iterator[None]:
    """Turn an error in a theme or page template (its syntax, or a name it uses that is not there) into a
    BuildError naming its file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as err:
        raise BuildError(
            f"{shown_path(err.filename or err.name or 'template')}:{err.lineno}: template: "
            f"{err.message}, expected valid Jinja, e.g. undo the last change to that file"
        ) from err
    except jinja2.TemplateError as err:  # raised while rendering, e.g. an attribute a value does not have
        where = template_frame(err)
        if where is None:
            raise
        raise BuildError(
            f"{shown_path(where[0])}:{where[1]}: template: {err.message or err}, expected only names "
            "and attributes the template is given, e.g. undo the last change to that file"
        ) from err


def shown_path(name: str) -> str:
    """A template's file as a message shows it: relative to the project when it is the project's."""
    where = Path(name)
    return where.relative_to(ROOT).as_posix() if where.is_relative_to(ROOT) else where.as_posix()


TEMPLATE_SUFFIXES = (".html", ".xml", ".j2")
TEMPLATE_FRAME_RE = re.compile(rf'File "([^"]+(?:{"|".join(map(re.escape, TEMPLATE_SUFFIXES))}))", line (\d+)')


def template_frame(err: BaseException) -> tuple[str, int] | None:
    """The template file and line a rendering error was raised at: the last template frame of its traceback (Jinja
    puts them there) or, raised in a worker process, of the traceback text attached as its cause."""
    frames = [
        (f.filename, f.lineno or 0)
        for f in traceback.extract_tb(err.__traceback__)
        if f.filename.endswith(TEMPLATE_SUFFIXES)
    ]
    if frames:
        return frames[-1]
    found = TEMPLATE_FRAME_RE.findall(str(err.__cause__)) if err.__cause__ is not None else []
    return (found[-1][0], int(found[-1][1])) if found else None


def plural(count: int, noun: str) -> str:
    """'1 paper', '2 papers'."""
    return f"{count} {noun}{'s' if count != 1 else ''}"


def paper_dates(site: Site, content: Path) -> dict[str, history.PaperHistory]:
    """First-published and last-changed dates of the site's papers, from one batched read of git history."""
    found = history.read_history(content, TIMEZONE)
    if found.note:
        print(f"note: {found.note}", file=sys.stderr)
    return history.paper_history(site, content, found)


def swap(new: Path, out: Path, old: Path) -> None:
    """Put the site built in `new` at `out` in one step, so that whoever reads `out` (a web server, `serve`, a
    copy) finds the old site or the new at every moment, never half of one and never none; the old site
    ends at `old` (in the build's own folder, removed with it).

    The step is an exchange of the two folders (see exchange), not a symbolic link to a versioned folder
    replaced by os.replace: `out` stays a real folder, as web servers that refuse links, CI artifact uploads
    (GitLab keeps a link as a link, to a folder it does not upload), rsync and Windows all expect, and there is
    no older layout to migrate from. Where there is no exchange (Windows, macOS, a file system without it), two
    renames: `out` is missing between them, and a build killed there leaves the old site at .<out>-old, which
    the next build puts back (see tidy).
    """
    if not os.path.lexists(out):
        os.rename(new, out)  # a first build: there is no old site to keep
        return
    if not exchange(new, out):
        aside = out.with_name(f".{out.name}-old")
        os.rename(out, aside)
        os.rename(new, out)
        new = aside
    os.rename(new, old)


RENAME_EXCHANGE = 2  # renameat2's flag (linux/fs.h)
AT_FDCWD = -100  # renameat2's "relative to the current folder" (linux/fcntl.h)
NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP}  # an old kernel, or a file system without it


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step, with Linux's renameat2(RENAME_EXCHANGE); False where it is not available
    (other systems, kernels before 3.15, file systems without it)."""
    renameat2 = libc_renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(b), None, str(a))  # named by `b`, the site's own folder


@functools.cache
def libc_renameat2() -> Callable[..., int] | None:
    """The C library's renameat2 (glibc 2.28 and musl 1.1.24 on), or None: Python's os module has no call for it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


@contextlib.contextmanager
def build_lock(out: Path, cache: Path) -> Iterator[None]:
    """Hold the lock of builds into `out` while the body runs; if another build holds it, stop at once with a
    BuildError (waiting would publish whichever build ends last, not the newer content). The lock is the
    operating system's, on a file in the build cache, released when its holder ends however it ends, so a
    killed build never leaves a stale one; the processes a build forks hold it with it until they end."""
    folder = cache / LOCK
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / "build.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not try_lock(fd):
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise BuildError(
                f"another build is writing {out}{f' (pid {holder})' if holder.isdigit() else ''}; "
                "wait for it to finish, then run the command again"
            )
        os.pwrite(fd, f"{os.getpid():>10}\n".encode("ascii"), 0)  # one write of a fixed width: never half read
        yield
    finally:
        os.close(fd)  # releases the lock (the build's processes have all ended by now)


LOCKED_BYTE = 1 << 20  # Windows locks bytes, which others then cannot read: one far past the pid's


def try_lock(fd: int) -> bool:
    """Take the lock on the open file `fd` unless another process has it; say whether it was taken."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except PermissionError:  # another process holds it
            return False
    else:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
    return True


def tidy(out: Path, cache: Path) -> None:
    """Clear what killed builds left beside `out` (the caller holds the lock, so none of it is in use): their
    staging folders and an old site moved aside by swap's fallback, which is first put back
    if the build was killed before the new one was in place."""
    old = out.with_name(f".{out.name}-old")
    if old.is_dir() and not os.path.lexists(out):
        os.rename(old, out)
    build_folder = re.compile(rf"\.{re.escape(out.name)}-build-[a-z0-9_]{{8}}")  # tempfile's names
    for path in sorted(out.parent.iterdir()):
        if path == old or build_folder.fullmatch(path.name):
            shutil.rmtree(path, ignore_errors=True)
    # What an older build kept in the cache (its spare site, loose cached pages, compiled templates) is not
    # read by this one: it goes, or it would stay for ever.
    for path in sorted(cache.iterdir()) if cache.is_dir() else []:
        if path.name in CACHE_PARTS:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


# The build cache's parts (see tidy).
TEMPLATES = "templates"  # the build cache's folder of compiled templates (Jinja's bytecode cache)
CACHE_PARTS = {LOCK, "content", "pages", "static", "search", MADE, TEMPLATES, *STAGING_PARTS}


# File system errors no build can get past: what each means and what to do, for the one line the command prints.
DISK_ERRORS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("no space left on device", "free some disk space"),
    errno.EROFS: ("read-only file system", "build onto a writable disk (another --out)"),
    errno.EACCES: ("permission denied", "give this user write access to it (or choose another --out)"),
    errno.EPERM: ("operation not permitted", "give this user write access to it (or choose another --out)"),
    errno.ENOTDIR: ("a file is in the way of a folder", "move that file away (or choose another --out)"),
    errno.EIO: ("input/output error", "check the disk"),
    **(
        {errno.EDQUOT: ("disk quota exceeded", "free some space within your disk quota")}
        if hasattr(errno, "EDQUOT")
        else {}
    ),  # not on Windows
}


def disk_problem(err: OSError) -> str | None:
    """The one line to print for a file system error a build cannot get past (a full disk, a refused write),
    naming the path and what to do; None for any other error."""
    if err.errno not in DISK_ERRORS:
        return None
    what, fix = DISK_ERRORS[err.errno]
    where = f" {os.fsdecode(err.filename)}" if err.filename else ""
    return f"cannot write{where}: {what}; {fix} and run the command again"
