"""The build recipe: load and check content, generate pages, render with MkDocs, swap the result into place."""
from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import functools
import logging
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

# What MkDocs, its theme and Python-Markdown import on first use, inside a build: imported with this module,
# so a long-lived `serve` pays once and a build's own time is its work (the bench's whole-command column
# still counts them).
import jinja2
import markdown.extensions.admonition  # noqa: F401
import markdown.extensions.attr_list  # noqa: F401
import markdown.extensions.codehilite  # noqa: F401
import markdown.extensions.def_list  # noqa: F401
import markdown.extensions.fenced_code  # noqa: F401
import markdown.extensions.tables  # noqa: F401
import material  # noqa: F401
import mkdocs.config.defaults  # noqa: F401
import mkdocs.theme  # noqa: F401
import multiprocessing.pool  # noqa: F401
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import history
from .content import load_site
from .generate import NAV, Generator, compile_pages, page_environment
from .links import Links
from .model import Site
from . import postprocess as postprocess_module
from .postprocess import postprocess
from .progress import Progress
from .render import TEMPLATES, compile_theme, frozen_for_fork, render_site, template_cache
from .sanitize import SanitiseExtension

ROOT = Path(__file__).resolve().parent.parent
SPARE = "spare"  # the site before last, in the build cache: see staging()
LOCK = "lock"  # the build lock's folder in the build cache (a folder of its own: _prune removes loose files there)
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


def today_in_london(now: dt.datetime | None = None) -> dt.date:
    """The board's date at `now` (default: this moment), or BOARD_PAPERS_TODAY (YYYY-MM-DD) when it is set."""
    fixed = os.environ.get("BOARD_PAPERS_TODAY")
    if fixed and now is None:
        return dt.date.fromisoformat(fixed)
    if now is not None and now.tzinfo is None:
        raise ValueError("now must carry a time zone, e.g. datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)")
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(TIMEZONE).date()


def build_site(content: Path, out: Path, config_file: Path, today: dt.date, drafts: bool = False,
               progress: Progress | None = None, docs: Path | None = None) -> BuildResult:
    """Check content, then build the whole site beside `out` and swap it in; never leave a half-built site.

    Nothing is written until the content is read and valid (not even the build cache), and then only under the
    build lock of `out` (see build_lock). `drafts` is the local preview of `serve --drafts` (drafts and
    embargoed papers shown, marked); `build` never passes it. `docs`, if given, also receives every page's
    Markdown (build --docs).
    """
    started = time.perf_counter()
    progress = progress or Progress(None)
    out = out.resolve()
    cache = out.parent / f".{out.name}-cache"
    # The memo is saved in a folder of the cache (_prune keeps folders), and only if the content is valid.
    site = load_site(content, today, drafts=drafts, memo=cache / "content" / "front-matter.pickle")
    progress.say(f"Read {plural(sum(len(m.papers) for m in site.meetings), 'paper')} in "
                 f"{plural(len(site.meetings), 'meeting')}")
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out))
    with build_lock(out, cache):
        tidy(out, cache)
        pages = write_site(site, content, out, cache, config_file, today, progress, docs)
    progress.say("Done")
    return BuildResult(pages, len(site.papers), time.perf_counter() - started, site)


def write_site(site: Site, content: Path, out: Path, cache: Path, config_file: Path, today: dt.date,
               progress: Progress, docs: Path | None) -> int:
    """Render `site` in a staging folder beside `out` and swap it in (the caller holds the build lock); return
    the number of pages."""
    wait_emptied = emptying(cache / SPARE)  # while MkDocs' configuration is read, on the other core
    wait_compiled = precompiling(config_file, cache)  # likewise, on a first build
    with contextlib.ExitStack() as finish:
        finish.callback(wait_compiled)  # joined however the build ends (`serve` builds again in this process)
        finish.callback(wait_emptied)  # likewise (waiting again is a no-op)
        with frozen_for_fork(), tempfile.TemporaryDirectory(prefix=f".{out.name}-build-", dir=out.parent) as tmp:
            empty, staged = Path(tmp) / "docs", staging(cache, Path(tmp))
            empty.mkdir()  # MkDocs wants a docs folder; the pages are given to it from memory
            # A first build also lays out the folders of the next one's staging (see staging) with its spare time.
            spare = cache / SPARE if not out.exists() and staged != cache / SPARE else None
            config = mkdocs_config(config_file, empty, staged)
            if not wait_emptied() and staged == cache / SPARE:  # before anything else is forked
                empty_folder(staged)
            # The search index, feeds and data read the model, not the pages: written beside the rendering, by two
            # processes (the index; the rest) started as soon as there is a configuration, as on a rebuild they took
            # longer than the rendering in one.
            steps = postprocess_module.STEPS
            with alongside(side_work, site, staged, config, cache, None, steps[:1]), \
                    alongside(side_work, site, staged, config, cache, spare, steps[1:]):
                generator = Generator(site, ROOT / "theme" / "pages", dict(config["extra"]), template_cache(cache))
                pages = generator.pages()  # each page's Markdown is made by the worker that renders it
                generator.env.globals["history"] = paper_dates(site, content, config)  # for paper.md.j2's dates line
                wait_compiled()  # then what it compiled is read, not compiled again
                with template_errors():
                    generator.compile()
                    if docs is not None:
                        shutil.rmtree(docs, ignore_errors=True)
                        generator.write(docs)
                    with progress.counting("Rendered", len(pages), staged):
                        render(config, pages, generator.inputs(), today, cache, Links(site))
            drop_empty_folders(staged)
            swap(staged, out, cache / SPARE)
    return len(pages)


@contextlib.contextmanager
def template_errors() -> Iterator[None]:
    """Turn an error in a theme or page template (its syntax, or a name it uses that is not there) into a
    BuildError naming its file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as err:
        raise BuildError(f"{shown_path(err.filename or err.name or 'template')}:{err.lineno}: template: "
                         f"{err.message}, expected valid Jinja, e.g. undo the last change to that file") from err
    except jinja2.TemplateError as err:  # raised while rendering, e.g. an attribute a value does not have
        where = template_frame(err)
        if where is None:
            raise
        raise BuildError(f"{shown_path(where[0])}:{where[1]}: template: {err.message or err}, expected only names "
                         "and attributes the template is given, e.g. undo the last change to that file") from err


def shown_path(name: str) -> str:
    """A template's file as a message shows it: relative to the project when it is the project's."""
    where = Path(name)
    return where.relative_to(ROOT).as_posix() if where.is_relative_to(ROOT) else where.as_posix()


TEMPLATE_SUFFIXES = (".html", ".xml", ".j2")
TEMPLATE_FRAME_RE = re.compile(rf'File "([^"]+(?:{"|".join(map(re.escape, TEMPLATE_SUFFIXES))}))", line (\d+)')


def template_frame(err: BaseException) -> tuple[str, int] | None:
    """The template file and line a rendering error was raised at: the last template frame of its traceback (Jinja
    puts them there) or, raised in a worker process, of the traceback text attached as its cause."""
    frames = [(f.filename, f.lineno or 0) for f in traceback.extract_tb(err.__traceback__)
              if f.filename.endswith(TEMPLATE_SUFFIXES)]
    if frames:
        return frames[-1]
    found = TEMPLATE_FRAME_RE.findall(str(err.__cause__)) if err.__cause__ is not None else []
    return (found[-1][0], int(found[-1][1])) if found else None


@contextlib.contextmanager
def alongside(step: Callable[..., None], *args: Any) -> Iterator[None]:
    """Run `step(*args)` in a forked process while the body runs; raise BuildError if it failed."""
    reader, writer = multiprocessing.get_context("fork").Pipe(duplex=False)

    def child() -> None:
        try:
            step(*args)
            writer.send(None)
        except BaseException as err:  # noqa: BLE001 (reported to the parent, which raises)
            # A full disk or a refused write is sent as itself: the command names the path and what to do.
            writer.send(err if isinstance(err, OSError) and disk_problem(err) else f"{type(err).__name__}: {err}")

    process = multiprocessing.get_context("fork").Process(target=child)
    with frozen_for_fork():
        process.start()
    writer.close()  # the child's copy stays open: end of file here means the child is gone
    try:
        yield
    finally:
        try:
            failure = reader.recv()
        except EOFError:
            failure = "it stopped without a word"
        process.join()
    if isinstance(failure, OSError):
        raise failure
    if failure is not None or process.exitcode != 0:
        raise BuildError(f"writing the search index, feeds and data failed: {failure}")


def side_work(site: Site, staged: Path, config: Any, cache: Path, spare: Path | None,
              steps: list[Callable[..., None]]) -> None:
    """What a side process does while MkDocs renders: post-processing `steps`, then, on a first build (`spare`
    given), the page folders of the next build's staging folder, with time it would otherwise wait."""
    postprocess(site, staged, config, cache, steps)
    if spare is not None and not spare.exists():
        new = spare.with_name(f"{spare.name}-new")
        shutil.rmtree(new, ignore_errors=True)
        for path, _ in Generator(site, ROOT / "theme" / "pages", {}).pages():
            # MkDocs' directory URLs: a/b.md is a/b/index.html, a/index.md is a/index.html
            os.makedirs(new / (path[:-len("index.md")] if path.endswith("index.md") else path[:-3]), exist_ok=True)
        new.rename(spare)


def plural(count: int, noun: str) -> str:
    """'1 paper', '2 papers'."""
    return f"{count} {noun}{'s' if count != 1 else ''}"


def paper_dates(site: Site, content: Path, config) -> dict[str, history.PaperHistory]:
    """First-published and last-changed dates of the site's papers, from one batched read of git history."""
    found = history.read_history(content, TIMEZONE)
    if found.note:
        print(f"note: {found.note}", file=sys.stderr)
    return history.paper_history(site, content, found)


def mkdocs_config(config_file: Path, docs: Path, site_dir: Path):  # -> MkDocsConfig
    """Load mkdocs.yml, pointing it at the generated pages and adding what content decides."""
    config = load_config(config_file=str(config_file), docs_dir=str(docs), site_dir=str(site_dir), nav=NAV)
    # Sanitising is not optional: added here so a mkdocs.yml without it is still safe.
    config["markdown_extensions"].append(SanitiseExtension())
    return config


def render(config, pages: list[tuple[str, Callable[[], str]]], inputs: dict[str, Callable[[], str]],
           today: dt.date, cache: Path | None, links: Links) -> None:
    """Run MkDocs on the generated pages with a build date fixed to the board's today (reproducible)."""
    epoch = dt.datetime.combine(today, dt.time(), tzinfo=dt.timezone.utc).timestamp()
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        render_site(config, pages, inputs, cache, jobs=os.cpu_count() or 1, links=links)
    except (MkDocsException, SystemExit) as err:
        raise BuildError(f"MkDocs could not render the site: {err}") from err
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def emptying(spare: Path) -> Callable[[], bool]:
    """Start removing the files of the spare staging folder (see staging) in a forked process, which waits on
    the disk while this one reads MkDocs' configuration; return a function that waits for it and says whether it
    emptied the folder (False: there was none, or it failed, and the build empties it). Only once the content
    is valid and the build holds the lock: a failed check leaves the spare as it was."""
    if not spare.is_dir():
        return lambda: False
    process = multiprocessing.get_context("fork").Process(target=empty_folder, args=(spare,))
    process.start()

    def wait() -> bool:
        process.join()
        return process.exitcode == 0
    return wait


def precompiling(config_file: Path, cache: Path) -> Callable[[], None]:
    """On a first build (no compiled templates in the build cache), compile the theme's and the pages' templates
    into the cache in a forked process, on the core that would wait while this one reads the content (compiling
    them here was a tenth of a cold build's time before the pages could be rendered); return a function that
    waits for it. What it did not compile, whatever the reason, the build compiles as before."""
    folder = cache / TEMPLATES
    if folder.is_dir() and any(folder.iterdir()):
        return lambda: None
    process = multiprocessing.get_context("fork").Process(target=precompile, args=(config_file, cache))
    process.start()
    return process.join


def precompile(config_file: Path, cache: Path) -> None:
    """Compile the templates a build renders into the build cache (see precompiling)."""
    try:
        with tempfile.TemporaryDirectory(prefix=".precompile-") as tmp:
            (Path(tmp) / "docs").mkdir()
            config = mkdocs_config(config_file, Path(tmp) / "docs", Path(tmp) / "site")
            compile_theme(config, cache)
        compile_pages(page_environment(ROOT / "theme" / "pages", template_cache(cache)))
    except Exception:  # noqa: BLE001 (a broken template or mkdocs.yml is reported by the build itself, once)
        pass


def empty_folder(folder: Path) -> None:
    """Remove every file under `folder`, keeping the folders."""
    for root, _, files in os.walk(folder):
        for name in files:
            os.unlink(os.path.join(root, name))


def staging(cache: Path, tmp: Path) -> Path:
    """Where to build: the site before last (see swap), emptied of files but not of folders (see emptying), as
    making a thousand page folders again was a third of a one-paper rebuild on this machine's disk; else a new
    folder in `tmp`."""
    spare = cache / SPARE
    return spare if spare.is_dir() else tmp / "site"


def drop_empty_folders(folder: Path) -> None:
    """Remove the folders under `folder` left with no files (the pages of a spare site that are gone)."""
    for root, dirs, files in os.walk(folder, topdown=False):
        if not files and root != str(folder) and not os.listdir(root):
            os.rmdir(root)


def swap(new: Path, out: Path, spare: Path) -> None:
    """Put the site built in `new` at `out` in one step, so that whoever reads `out` (a web server, `serve`, a
    copy) finds the old site or the new at every moment, never half of one and never none; the old site
    becomes `spare`, the next build's staging folder (see staging).

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
        old = out.with_name(f".{out.name}-old")
        os.rename(out, old)
        os.rename(new, out)
        new = old
    if new != spare:  # the old site is not in the spare's place already (a first rebuild, or no spare)
        shutil.rmtree(spare, ignore_errors=True)
        os.rename(new, spare)


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
            raise BuildError(f"another build is writing {out}{f' (pid {holder})' if holder.isdigit() else ''}; "
                             "wait for it to finish, then run the command again")
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
    staging folders, a half-laid-out spare, an old site moved aside by swap's fallback, which is first put back
    if the build was killed before the new one was in place."""
    old = out.with_name(f".{out.name}-old")
    if old.is_dir() and not os.path.lexists(out):
        os.rename(old, out)
    build_folder = re.compile(rf"\.{re.escape(out.name)}-build-[a-z0-9_]{{8}}")  # tempfile's names
    for path in sorted(out.parent.iterdir()):
        if path == old or build_folder.fullmatch(path.name):
            shutil.rmtree(path, ignore_errors=True)
    shutil.rmtree(cache / f"{SPARE}-new", ignore_errors=True)


# File system errors no build can get past: what each means and what to do, for the one line the command prints.
DISK_ERRORS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("no space left on device", "free some disk space"),
    errno.EROFS: ("read-only file system", "build onto a writable disk (another --out)"),
    errno.EACCES: ("permission denied", "give this user write access to it (or choose another --out)"),
    errno.EPERM: ("operation not permitted", "give this user write access to it (or choose another --out)"),
    errno.ENOTDIR: ("a file is in the way of a folder", "move that file away (or choose another --out)"),
    errno.EIO: ("input/output error", "check the disk"),
    **({errno.EDQUOT: ("disk quota exceeded", "free some space within your disk quota")}
       if hasattr(errno, "EDQUOT") else {}),  # not on Windows
}


def disk_problem(err: OSError) -> str | None:
    """The one line to print for a file system error a build cannot get past (a full disk, a refused write),
    naming the path and what to do; None for any other error."""
    if err.errno not in DISK_ERRORS:
        return None
    what, fix = DISK_ERRORS[err.errno]
    where = f" {os.fsdecode(err.filename)}" if err.filename else ""
    return f"cannot write{where}: {what}; {fix} and run the command again"
