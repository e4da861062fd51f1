"""sitemap.xml and sitemap.xml.gz: every page of the site, for search engines and web archives.

Written by the site from its own list of pages (the engine renders a share of the pages in each of its builds,
so its sitemap would list only that share). A sitemap's addresses must be absolute (sitemaps.org), so without
`site_url` in mkdocs.yml none is written.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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
