"""The theme is mkdocs-material's, extended by blocks: no copies of its templates, no hashed asset names of its own."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material
import pytest
from jinja2 import nodes

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "theme" / "overrides"
MATERIAL = Path(material.__file__).parent / "templates"
RUN = 6  # this many consecutive non-blank lines shared with one of Material's files make a copy
HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)")
TEXT = {".html", ".css", ".js", ".svg", ".json", ".yml", ".txt"}


def text_files(folder: Path) -> list[Path]:
    """Every text file under folder, sorted."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in TEXT)


def lines(text: str) -> list[str]:
    """The text's non-blank lines, stripped: indentation does not make a copy anything else."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def runs(text: str) -> set[tuple[str, ...]]:
    """Every RUN consecutive non-blank lines of the text."""
    kept = lines(text)
    return {tuple(kept[i : i + RUN]) for i in range(len(kept) - RUN + 1)}


@pytest.fixture(scope="module")
def material_runs() -> dict[tuple[str, ...], str]:
    """Every RUN consecutive non-blank lines of every text file of Material's templates, to the file's name."""
    found: dict[tuple[str, ...], str] = {}
    for path in text_files(MATERIAL):
        for run in runs(path.read_text("utf-8", errors="replace")):
            found.setdefault(run, path.relative_to(MATERIAL).as_posix())
    return found


def copied(text: str, material_runs: dict[tuple[str, ...], str]) -> list[str]:
    """'file: first line' for each run of the text found in one of Material's files."""
    return sorted(f"{material_runs[run]}: {run[0]}" for run in runs(text) if run in material_runs)


def test_main_html_extends_base_html_and_defines_only_blocks() -> None:
    source = (OVERRIDES / "main.html").read_text("utf-8")
    assert source.startswith('{% extends "base.html" %}\n')
    tree = jinja2.Environment().parse(source)
    extends, *rest = tree.body
    assert isinstance(extends, nodes.Extends) and extends.template.as_const() == "base.html"
    outside = [
        node
        for node in rest
        if not isinstance(node, nodes.Block)
        and not (
            isinstance(node, nodes.Output)
            and all(isinstance(n, nodes.TemplateData) and not n.data.strip() for n in node.nodes)
        )
    ]
    assert outside == []  # Jinja would not write it: a child template writes only its blocks
    assert len(rest) > len(outside) + 3


@pytest.mark.parametrize("path", text_files(OVERRIDES), ids=lambda p: p.relative_to(OVERRIDES).as_posix())
def test_no_theme_file_copies_one_of_materials(path: Path, material_runs: dict[tuple[str, ...], str]) -> None:
    # Change Material's pages through blocks of base.html (main.html), CSS (board.css) or a partial holding the
    # site's own markup only: a copy of Material's text goes stale with every Material release.
    assert copied(path.read_text("utf-8"), material_runs) == []


@pytest.mark.parametrize("name", ["base.html", "partials/header.html", "partials/toc.html", "partials/source.html"])
def test_the_copy_check_finds_a_copy_of_materials_text(name: str, material_runs: dict[tuple[str, ...], str]) -> None:
    text = (MATERIAL / name).read_text("utf-8")
    reindented = "\n".join("    " + line for line in text.splitlines()[3:])  # without its header comment
    assert copied(reindented, material_runs)


def test_no_hashed_asset_name_is_written_into_the_theme() -> None:
    # Material's file names change with its releases: its own blocks (`{{ super() }}`) name them.
    assert [
        p.relative_to(OVERRIDES).as_posix() for p in text_files(OVERRIDES) if HASHED.search(p.read_text("utf-8"))
    ] == []


def test_theme_templates_render_every_block_plainly() -> None:
    # No render-once devices (the old engine's `memo` global, a `cached` macro): every part is rendered per page.
    assert [p.name for p in text_files(OVERRIDES) if re.search(r"\b(memo|cached)\b", p.read_text("utf-8"))] == []
