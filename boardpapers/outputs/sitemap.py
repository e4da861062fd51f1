"""sitemap.xml and sitemap.xml.gz: every page of the site, for search engines and web archives.

Written by the site from its own list of pages (the engine renders a share of the pages in each of its builds,
so its sitemap would list only that share). A sitemap's addresses must be absolute (sitemaps.org), so without
`site_url` in mkdocs.yml none is written, and `check` and `build` say so (site_url_warnings).
"""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from boardpapers.content.problems import Problem
from boardpapers.engine import engines
from boardpapers.outputs.feeds import site_url

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_url(docs_path: str) -> str:
    """A page's address relative to the site's root, from its docs path: a/b.md is a/b/, a/index.md is a/."""
    stem = docs_path[: -len(".md")]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def text(base: str, docs_paths: list[str]) -> str:
    """The sitemap of the pages, in a fixed order."""
    urls = "".join(f"<url><loc>{escape(base + page_url(p))}</loc></url>\n" for p in sorted(docs_paths))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n{urls}</urlset>\n'


def write(out: Path, docs_paths: list[str], config: Any) -> None:
    """Write the sitemap of the site in `out` (gzip with no name or time in it: the same pages, the same bytes)."""
    base = site_url(config)
    if not base:
        return
    data = text(base, docs_paths).encode("utf-8")
    (out / "sitemap.xml").write_bytes(data)
    (out / "sitemap.xml.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


SITE_URL_MESSAGE = (
    "not set, so no sitemap.xml is written and feeds use relative links, expected the site's address, "
    "e.g. site_url: https://papers.example.org/"
)


def site_url_warnings(config_file: Path, engine: str = engines.DEFAULT) -> list[Problem]:
    """A warning when `config_file` (mkdocs.yml) sets no site_url; none when it does, or when the engine cannot
    read it (the build then says what is wrong with it)."""
    engines.prepare(engine)
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory() as tmp:  # read as the build reads it, docs and site folders aside
        (Path(tmp) / "docs").mkdir()
        try:
            config = load_config(config_file=str(config_file), docs_dir=f"{tmp}/docs", site_dir=f"{tmp}/site")
        except Exception:  # noqa: BLE001 (any config error: the build reports it in its own words)
            return []
    if site_url(config):
        return []
    return [Problem(shown(config_file), 1, "site_url", SITE_URL_MESSAGE, warning=True)]


def shown(path: Path) -> str:
    """A file as a message names it: relative to the current folder when it is inside it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.resolve().is_relative_to(Path.cwd()) else str(path)
    except ValueError:  # another drive (Windows)
        return str(path)
