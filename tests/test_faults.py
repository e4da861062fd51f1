"""Faults: `site/` is never lost. A build killed at any step of its swap, two builds at once, a full or
read-only disk, a failing check: each leaves one whole site (the previous or the new), and says so in one line."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from boardpapers import pipeline
from boardpapers.cli import main
from boardpapers.outputs import postprocess
from boardpapers.pipeline import build_site
from boardpapers.staging import Staging
from build import STOPPED
from contentkit import PAPER_MD, make_content, paper, write
from test_publishing import NO_SITE_URL

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
TODAY = dt.date(2026, 11, 23)
KILLED = 71  # the exit code of a build the runner kills

# A build in a process of its own, with a fault planted in it (argv[1], JSON): "kill_before": k dies before
# the swap's k-th file system step (or right after its last one); "exchange": false takes swap's fallback
# (two renames); "pause": "render" or "swap" prints "paused" there, holding the lock, until a line comes in.
RUNNER = f"""
import json, os, shutil, sys
from boardpapers import pipeline
from boardpapers.cli import main

plan = json.loads(sys.argv[1])
done = []


def pause():
    print("paused", flush=True)
    sys.stdin.readline()


def step(name, real):
    def counted(*args, **kwargs):
        if len(done) == plan.get("kill_before"):
            os._exit({KILLED})
        done.append(name)
        print(name, flush=True)
        return real(*args, **kwargs)
    return counted


def swap(*args, real=pipeline.swap):
    if plan.get("pause") == "swap":
        pause()
    if "kill_before" in plan:
        exchange = pipeline.exchange if plan.get("exchange", True) else lambda a, b: False
        os.rename, shutil.rmtree = step("rename", os.rename), step("rmtree", shutil.rmtree)
        pipeline.exchange = step("exchange", exchange) if plan.get("exchange", True) else exchange
    real(*args)
    if "kill_before" in plan:
        print("swapped", flush=True)
        os._exit({KILLED})  # killed right after the swap's last step


def render(*args, real=pipeline.render_pages, **kwargs):
    if plan.get("pause") == "render":
        pause()
    return real(*args, **kwargs)


pipeline.swap, pipeline.render_pages = swap, render
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds run by `main` here date their site as the reference sites are dated."""
    monkeypatch.setenv("BOARD_PAPERS_TODAY", TODAY.isoformat())


def start(content: Path, out: Path, **plan: object) -> subprocess.Popen[str]:
    """Start `build.py build` of `content` into `out` in another process, with `plan`'s fault (see RUNNER)."""
    # A build killed mid-way leaves its engine processes' semaphores to the stdlib's resource tracker, which
    # warns of them on the way out: a true note about the kill, not the build's.
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BOARD_PAPERS_TODAY": TODAY.isoformat(),
        "PYTHONWARNINGS": "ignore:resource_tracker:UserWarning",
    }
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, json.dumps(plan), "build", "--content", str(content), "--out", str(out)],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def build(content: Path, out: Path) -> int:
    """`build.py build` of `content` into `out`, in this process; its exit code."""
    return main(["build", "--content", str(content), "--out", str(out)])


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file of a built site, by path (gzip files decompressed: their headers carry a time)."""
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(out).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


def listing(folder: Path) -> list[tuple[str, int, int, int]]:
    """Every path in `folder`, the folder too, with its size, mode and modification time."""
    return [
        (p.relative_to(folder).as_posix(), s.st_size, s.st_mode, s.st_mtime_ns)
        for p in [folder, *sorted(folder.rglob("*"))]
        for s in [p.lstat()]
    ]


def busy(out: Path, pid: int) -> str:
    """What a build says when another build into `out` (process `pid`) holds the lock."""
    return f"error: another build is writing {out} (pid {pid}); wait for it to finish, then run the command again\n"


@dataclass(frozen=True)
class Sites:
    """Two contents, their sites built once each, and an output folder holding A's site (built twice)."""

    a: Path
    b: Path
    site_a: dict[str, bytes]
    site_b: dict[str, bytes]
    www: Path  # www/site is A's site; www/.site-cache its build cache

    def www_copy(self, where: Path) -> Path:
        """A copy of www at `where`; return its site folder."""
        shutil.copytree(self.www, where, symlinks=True)
        return where / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    """Content A (the kit's) and B (its paper retitled, one paper more), each site built, and A's twice in www."""
    base = tmp_path_factory.mktemp("faults")
    a, b = make_content(base / "a"), make_content(base / "b")
    write(
        b,
        "meetings/2019-09-18/9.0-southern-police-station.md",
        PAPER_MD.replace("Southern Police Station", "Northern Police Station"),
    )
    write(b, "meetings/2019-09-18/10.0-second.md", paper("Second paper of B", "10.0", "Only in B."))
    built = {}
    for name, content in (("a", a), ("b", b)):
        build_site(content, base / f"ref-{name}" / "site", ROOT / "mkdocs.yml", TODAY)
        built[name] = snapshot(base / f"ref-{name}" / "site")
    for _ in range(2):  # the second from the page cache
        build_site(a, base / "www" / "site", ROOT / "mkdocs.yml", TODAY)
    return Sites(a, b, built["a"], built["b"], base / "www")


def whole_site(out: Path, sites: Sites) -> str:
    """Which whole site `out` is, 'a' or 'b', checked page by page; fails on half of one, a mix, or none."""
    assert out.is_dir() and not out.is_symlink()
    got = snapshot(out)
    name = (
        "a" if "Southern Police" in got["meetings/2019-09-18/9.0-southern-police-station/index.html"].decode() else "b"
    )
    assert got == (sites.site_a if name == "a" else sites.site_b)  # data/papers.json, feeds and search too
    return name


def leftovers(out: Path) -> list[str]:
    """What is beside `out`, and in its build cache, that no finished build leaves."""
    cache = out.parent / f".{out.name}-cache"
    return sorted(p.name for p in out.parent.iterdir() if p.name not in (out.name, cache.name))


# --- A build killed at each step of its swap ------------------------------------------------------------

# The swap's file system steps, by how it swaps: the old site then goes into the build's own folder.
SWAPS = {
    "exchange": ["exchange", "rename"],
    "two renames": ["rename", "rename", "rename"],
}
KILLS = [(how, k) for how, steps in SWAPS.items() for k in range(len(steps) + 1)]


@pytest.mark.parametrize("how, kill_before", KILLS)
def test_a_build_killed_at_any_step_of_its_swap_leaves_a_whole_site(
    tmp_path: Path, sites: Sites, how: str, kill_before: int
) -> None:
    out = sites.www_copy(tmp_path / "www")
    killed = start(sites.b, out, kill_before=kill_before, exchange=how == "exchange")
    stdout, stderr = killed.communicate()
    assert (killed.returncode, stderr) == (KILLED, "")
    steps = SWAPS[how]
    assert stdout.split() == steps[:kill_before] + (["swapped"] if kill_before == len(steps) else [])
    if how == "two renames" and kill_before == 1:
        # The fallback's gap: `out` is missing, the old site whole beside it; the next build puts it back.
        assert not out.exists()
        assert whole_site(out.with_name(".site-old"), sites) == "a"
        with pipeline.build_lock(out, out.parent / ".site-cache"):
            pipeline.tidy(out, out.parent / ".site-cache")
        assert whole_site(out, sites) == "a"
    else:
        assert whole_site(out, sites) == ("a" if kill_before == 0 else "b")
    assert build(sites.b, out) == 0  # the killed build's lock died with it
    assert whole_site(out, sites) == "b"
    assert leftovers(out) == []


# --- Two builds into the same folder --------------------------------------------------------------------


@pytest.mark.parametrize("pause, end", [("render", "finish"), ("swap", "finish"), ("swap", "killed")])
def test_a_second_build_into_the_same_folder_stops_at_once_while_the_first_writes(
    tmp_path: Path, sites: Sites, capsys: pytest.CaptureFixture[str], pause: str, end: str
) -> None:
    out = sites.www_copy(tmp_path / "www")
    first = start(sites.b, out, pause=pause)
    assert first.stdout is not None and first.stdin is not None
    assert first.stdout.readline() == "paused\n"  # it holds the lock, mid-way through writing
    assert build(sites.a, out) == 1
    assert capsys.readouterr().err == busy(out, first.pid)
    assert whole_site(out, sites) == "a"
    if end == "finish":
        first.stdin.write("\n")
        first.stdin.flush()
        assert first.wait() == 0
        assert whole_site(out, sites) == "b"
    else:
        first.kill()
        first.wait()
        assert whole_site(out, sites) == "a"
    first.communicate()
    assert build(sites.a, out) == 0  # free again, a killed holder included
    assert whole_site(out, sites) == "a"
    assert leftovers(out) == []


@pytest.mark.parametrize("before", ["nothing", "a site"])
def test_two_builds_started_together_publish_one_whole_site(tmp_path: Path, sites: Sites, before: str) -> None:
    out = sites.www_copy(tmp_path / "www") if before == "a site" else tmp_path / "www" / "site"
    builds = {"a": start(sites.a, out), "b": start(sites.b, out)}
    ended = {name: (p.wait(), p.communicate()[1]) for name, p in builds.items()}
    winner = whole_site(out, sites)
    assert ended[winner] == (0, NO_SITE_URL)  # the warning that mkdocs.yml sets no site_url, and nothing else
    loser = "b" if winner == "a" else "a"
    # The other stopped at the lock, or ran wholly before the winner (saying what the winner says).
    assert ended[loser] in ((0, NO_SITE_URL), (1, busy(out, builds[winner].pid)))
    assert leftovers(out) == []


# --- A full disk, a read-only one, a refused write: one line, the previous site kept ---------------------

# What the line says after the path, for each error (the test's own copy: a change of wording must show).
SAYS = {
    errno.ENOSPC: "no space left on device; free some disk space and run the command again",
    errno.EDQUOT: "disk quota exceeded; free some space within your disk quota and run the command again",
    errno.EROFS: "read-only file system; build onto a writable disk (another --out) and run the command again",
    errno.EACCES: (
        "permission denied; give this user write access to it (or choose another --out) and run the command again"
    ),
}


def fail_page(code: int, named: bool):  # -> a stand-in for pipeline.render_pages
    """A renderer whose write of the home page fails with `code` (as a write to an open file: no path if not
    `named`)."""

    def render(pages: object, staging: Staging, *args: object, **kwargs: object) -> list[str]:
        where = [str(staging.folder / "index.html")] if named else []
        raise OSError(code, os.strerror(code), *where)

    return render


# The staging folder a build makes beside the site (tempfile's name) and the site in it.
STAGED = r"\.site-build-[a-z0-9_]{8}/site"


@pytest.mark.parametrize("code", sorted(SAYS))
@pytest.mark.parametrize("where", ["page", "unnamed file", "side process", "swap"])
def test_a_refused_write_is_one_line_naming_the_path_and_the_previous_site_stays(
    tmp_path: Path,
    sites: Sites,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    where: str,
) -> None:
    out = sites.www_copy(tmp_path / "www")
    staged = re.escape(str(out.parent) + "/") + STAGED
    with monkeypatch.context() as faults:
        if where in ("page", "unnamed file"):
            faults.setattr(pipeline, "render_pages", fail_page(code, where == "page"))
            path = staged + "/index.html" if where == "page" else re.escape(str(out))
        elif where == "side process":  # the step writing the data files, beside the engine: its error whole

            def broken(site: object, staged: Path, config: object, cache: object) -> None:
                raise OSError(code, os.strerror(code), str(Path(staged) / "data" / "papers.json"))

            faults.setattr(postprocess, "STEPS", [*postprocess.STEPS, broken])
            path = staged + "/data/papers.json"
        else:

            def refused(a: Path, b: Path) -> bool:
                raise OSError(code, os.strerror(code), str(b), None, str(a))

            faults.setattr(pipeline, "exchange", refused)
            path = re.escape(str(out))
        assert build(sites.b, out) == 1
    err = capsys.readouterr().err
    assert re.fullmatch(f"error: cannot write {path}: {re.escape(SAYS[code])}\n", err), err
    assert whole_site(out, sites) == "a"
    assert build(sites.b, out) == 0
    assert whole_site(out, sites) == "b"
    assert leftovers(out) == []


@pytest.mark.parametrize("in_the_way", ["--out", "its folder"])
def test_a_file_where_the_output_folder_goes_is_one_line(
    tmp_path: Path, sites: Sites, capsys: pytest.CaptureFixture[str], in_the_way: str
) -> None:
    file = tmp_path / "www"
    file.write_text("not a folder", encoding="utf-8")
    out, path = (file, file) if in_the_way == "--out" else (file / "site", file / ".site-cache" / "content")
    assert build(sites.a, out) == 1
    assert capsys.readouterr().err == (
        f"error: cannot write {path}: a file is in the way of a folder; move that "
        "file away (or choose another --out) and run the command again\n"
    )
    assert file.read_text("utf-8") == "not a folder"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB file system of its own (tmpfs), so that it can be filled or made read-only for real."""
    disk = tmp_path / "disk"
    disk.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)], capture_output=True, text=True, check=False
        )
    except OSError as err:
        pytest.skip(f"no mount command ({err}); the monkeypatched errors above stand in")
    if done.returncode != 0:
        pytest.skip(
            f"mounting a tmpfs is not permitted here ({done.stderr.strip()}); the monkeypatched errors above stand in"
        )
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def fill(disk: Path) -> Path:
    """Fill `disk` to the last byte with one file; return it."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        chunk = 1 << 20
        while chunk:
            try:
                os.write(fd, b"\0" * chunk)
            except OSError as err:
                assert err.errno == errno.ENOSPC
                chunk //= 2
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_is_one_line_and_the_previous_site_stays(
    small_disk: Path, sites: Sites, capsys: pytest.CaptureFixture[str]
) -> None:
    out = small_disk / "site"
    assert build(sites.a, out) == 0
    filler = fill(small_disk)
    capsys.readouterr()
    assert build(sites.b, out) == 1
    err = capsys.readouterr().err
    assert re.fullmatch(
        rf"error: cannot write {re.escape(str(small_disk))}/\S+: {re.escape(SAYS[errno.ENOSPC])}\n", err
    ), err
    assert whole_site(out, sites) == "a"
    filler.unlink()
    assert build(sites.b, out) == 0
    assert whole_site(out, sites) == "b"
    assert leftovers(out) == []


def test_a_read_only_disk_is_one_line_and_the_previous_site_stays(
    small_disk: Path, sites: Sites, capsys: pytest.CaptureFixture[str]
) -> None:
    out = small_disk / "site"
    assert build(sites.a, out) == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    capsys.readouterr()
    assert build(sites.a, out) == 1
    assert capsys.readouterr().err == (
        f"error: cannot write {small_disk}/.site-cache/lock/build.lock: {SAYS[errno.EROFS]}\n"
    )
    assert whole_site(out, sites) == "a"


# --- A failing check writes nothing; the next build clears what killed ones left ---------------------------


@pytest.mark.parametrize("before", ["nothing", "two builds and a killed one's folder"])
def test_a_failing_check_writes_nothing_at_all(
    tmp_path: Path, sites: Sites, capsys: pytest.CaptureFixture[str], before: str
) -> None:
    if before == "nothing":
        out = tmp_path / "www" / "site"
        out.parent.mkdir()
    else:
        out = sites.www_copy(tmp_path / "www")
        write(out.parent, ".site-build-abcd1234/site/index.html", "half a site")
    content = shutil.copytree(sites.a, tmp_path / "content")
    write(
        content,
        "meetings/2019-09-18/9.0-southern-police-station.md",
        PAPER_MD.replace("status: published", "status: publishd"),
    )
    was = listing(out.parent)
    assert build(content, out) == 1
    assert capsys.readouterr().err.endswith(
        f"1 problem in {content}; nothing was built. Fix each line above (file:line: field: what is wrong), then "
        "run the command again.\n"
    )
    assert listing(out.parent) == was  # no cache, no memo, no staging folder, no lock


def test_the_next_build_clears_what_killed_builds_left(tmp_path: Path, sites: Sites) -> None:
    out = sites.www_copy(tmp_path / "www")
    left = [".site-build-abcd1234/site/index.html", ".site-build-k_9z0y1x/docs/x.md", ".site-old/index.html"]
    others = [".site2-build-abcd1234/index.html", ".elsewhere-old/index.html"]  # another output's: kept
    for name in left + others:
        write(out.parent, name, "left by a killed build")
    assert build(sites.b, out) == 0
    assert whole_site(out, sites) == "b"
    assert leftovers(out) == [".elsewhere-old", ".site2-build-abcd1234"]


def test_the_next_build_clears_what_an_older_version_kept_in_the_cache(tmp_path: Path, sites: Sites) -> None:
    out = sites.www_copy(tmp_path / "www")
    cache = out.parent / ".site-cache"
    for name in ("spare/meetings/2019-09-18/index.html", "templates/main.html.cache", "0123abcd" * 8):
        write(cache, name, "kept by an older version")
    assert build(sites.b, out) == 0
    assert whole_site(out, sites) == "b"
    assert sorted(p.name for p in cache.iterdir()) == sorted(pipeline.CACHE_PARTS)


# --- Ctrl+C ----------------------------------------------------------------------------------------------------


def engine_started(pid: int) -> bool:
    """Whether the build process `pid` has started an engine process (a spawned Python, importing the engine)."""
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text(encoding="ascii").split():
            with contextlib.suppress(OSError):
                if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                    return True
    return False


def group_alive(pgid: int) -> bool:
    """Whether any process of the process group `pgid` is still running (not a zombie its parent has not reaped)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                return True
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the build's processes in Linux's /proc")
def test_ctrl_c_is_one_line_and_the_site_stays_as_it_was(tmp_path: Path, sites: Sites) -> None:
    """Ctrl+C reaches every process of the terminal: the build says so in one line and exits 130, its engine
    processes (stopped while still importing the engine, which printed their tracebacks) say nothing and end,
    and the site in place is the one before."""
    out = sites.www_copy(tmp_path / "www")
    before = snapshot(out)
    build_py = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(sites.b), "--out", str(out)]
    stopping = subprocess.Popen(
        build_py,
        env={**os.environ, "BOARD_PAPERS_TODAY": TODAY.isoformat(), "PYTHONWARNINGS": "ignore::UserWarning"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a terminal's process group of its own, which Ctrl+C is sent to
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal, whatever runs pytest
    )
    deadline = time.monotonic() + 60
    while not engine_started(stopping.pid):  # a readiness check: the engine's first process exists
        assert stopping.poll() is None and time.monotonic() < deadline, "the build started no engine process"
    os.killpg(stopping.pid, signal.SIGINT)
    out_text, err_text = stopping.communicate(timeout=60)
    assert "Traceback" not in err_text and "KeyboardInterrupt" not in err_text
    assert (stopping.returncode, err_text.splitlines()[-1]) == (130, f"error: {STOPPED}")
    assert all("warning" in line for line in err_text.splitlines()[:-1]) and out_text == ""
    assert snapshot(out) == before
    while group_alive(stopping.pid):  # every process of the build ends
        assert time.monotonic() < deadline, "a process of the stopped build is still running"


# --- Import onto a full disk -------------------------------------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_an_import_onto_a_full_disk_is_one_line_and_changes_nothing(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The meeting pack's import writes a meeting, its papers and the action log: the disk fills part way, and
    the content folder is as it was (the action log whole, no paper, no empty folder, no hidden file)."""
    content = small_disk / "content"
    for name in ("board.yml", "actions.yml"):
        write(content, name, (ROOT / "content" / name).read_text("utf-8"))

    def state() -> list[tuple[str, bytes | None]]:
        """Every path under the content folder, with a file's bytes (a folder's own time changes with a folder
        made and removed in it, which leaves it as it was)."""
        return [
            (p.relative_to(content).as_posix(), p.read_bytes() if p.is_file() else None)
            for p in sorted(content.rglob("*"))
        ]

    before = state()
    filler = fill(small_disk)
    os.truncate(filler, filler.stat().st_size - 32 * 1024)  # room for a few files, not for all of them
    (pack,) = SEEDS.glob("004_*.txt")
    assert main(["import", "--content", str(content), "--force", str(pack)]) == 1
    err = capsys.readouterr().err
    assert re.fullmatch(
        rf"error: cannot write {re.escape(str(content))}/meetings/\S+: {re.escape(SAYS[errno.ENOSPC])}\n", err
    ), err
    assert state() == before
    filler.unlink()
    assert main(["import", "--content", str(content), "--force", str(pack)]) == 0  # with room, it is all there
    assert len(list(content.glob("meetings/*/*.md"))) > 10


def test_a_new_meeting_on_a_full_disk_is_one_line_and_leaves_no_half_file(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(small_disk / "content")
    fill(small_disk)
    assert main(["new", "meeting", "--date", "2026-01-15", "--content", str(content)]) == 1
    written = content / "meetings" / "2026-01-15" / "meeting.md"
    assert capsys.readouterr().err == f"error: cannot write {written}: {SAYS[errno.ENOSPC]}\n"
    assert not written.exists()


# --- A failure while the engine renders ---------------------------------------------------------------------------


def test_a_failure_beside_the_engine_stops_its_builds_first(
    tmp_path: Path, sites: Sites, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The search index failing while the engine's processes render into the build's folder: they stop at their
    next page and are waited for before the folder goes (else its removal raced their writes: a traceback, a
    folder left behind, their own errors about a folder gone), and the message is the failure's one line."""
    out = sites.www_copy(tmp_path / "www")
    before = snapshot(out)

    def failing(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the index could not be written")

    monkeypatch.setattr(pipeline, "postprocess", failing)
    for _ in range(3):  # the race was not there every time
        with pytest.raises(pipeline.BuildError) as raised:
            build_site(sites.b, out, ROOT / "mkdocs.yml", TODAY, cache=False)
        assert str(raised.value) == (
            "writing the search index, feeds and data failed: RuntimeError: the index could not be written"
        )
        assert leftovers(out) == [] and snapshot(out) == before
    assert capfd.readouterr().err == ""  # nothing from the engine's processes


def test_the_engines_stop_crosses_back_to_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs loads the hook file by its path (as the module `hooks`): an exception class defined there could not
    be unpickled in the build, which then found its pool broken rather than the shard's build stopped."""
    import importlib.util
    import logging
    import pickle

    spec = importlib.util.spec_from_file_location("hooks", ROOT / "boardpapers" / "engine" / "hooks.py")
    assert spec is not None and spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    (tmp_path / "stop").touch()
    monkeypatch.setenv(hooks.STOP, str(tmp_path / "stop"))
    for name in ("mkdocs", "properdocs"):  # on_pre_page quiets them; this process's are put back
        monkeypatch.setattr(logging.getLogger(name), "level", logging.getLogger(name).level)
    with pytest.raises(Exception) as raised:
        hooks.on_pre_page(None, None, None)
    again = pickle.loads(pickle.dumps(raised.value))
    assert (type(again).__name__, str(again)) == ("StoppedError", str(raised.value))
