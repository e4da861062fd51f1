"""The site's MkDocs hooks (mkdocs.yml: `hooks: [boardpapers/engine/hooks.py]`), for MkDocs and ProperDocs alike.

MkDocs loads this file by its path, so it imports the project's package by its name. Two documented events:
- on_config adds the Markdown extension that checks the content's islands and sanitises every page
  (boardpapers.engine.islands), so no page is converted without it, in a build of this project or in a stock
  `mkdocs build` of a generated tree;
- on_files leaves out the theme's files the site never uses (UNUSED_THEME_FILES), and keeps the pages of one
  shard, when the build renders the pages in several processes (the build names the shard's pages in a file, by
  the environment variable SHARD);
- on_pre_page stops a shard's build once the build that started it has stopped (STOP);
- on_env gives the theme's templates a cache of their compiled code, when the build names a folder for it (by
  the environment variable TEMPLATES): compiling Material's templates was most of a small build's time;
- on_post_page and on_post_template drop an attribute mkdocs-material writes where HTML does not allow it.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

try:
    import boardpapers  # noqa: F401 (importable: a build of this project, or mkdocs run from the project)
except ImportError:  # the `mkdocs` command run from elsewhere: the project is two folders up from this file
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import jinja2
from mkdocs.structure.files import File, Files

from boardpapers.engine.engines import LINKS, SHARD, STOP, TEMPLATES, StoppedError
from boardpapers.engine.islands import IslandsExtension
from boardpapers.pages.generate import NAV_PAGES

# mkdocs-material's own search (its web worker and lunr's languages) runs only with its search plugin, which this
# site replaces, and source maps serve a browser's developer tools alone: none is published (at 1,000 papers they
# were a third of the site's bytes as a browser transfers them, and of the offline archive's).
UNUSED_THEME_FILES = re.compile(r"assets/javascripts/(?:lunr|workers)/.+|assets/.+\.map")
MATERIAL_SPEC = importlib.util.find_spec("material")  # installed with the engine: the theme of mkdocs.yml
MATERIAL = Path(MATERIAL_SPEC.origin).parent if MATERIAL_SPEC and MATERIAL_SPEC.origin else None


def unused(file: File) -> bool:
    """Whether a file is one of Material's own that the site never uses (a theme override's is kept)."""
    where, material = file.abs_src_path, MATERIAL
    if material is None or where is None or not UNUSED_THEME_FILES.fullmatch(file.src_uri):
        return False
    return Path(where).is_relative_to(material)


def on_config(config: Any) -> Any:
    """Add the islands extension to the site's Markdown extensions."""
    config.markdown_extensions.append(IslandsExtension(os.environ.get(LINKS)))
    return config


# mkdocs-material writes its drawer and search toggles as checkboxes with autocomplete="off", which HTML does not
# allow on a checkbox (the Nu HTML Checker's one error on every page), outside any block a theme can override.
TOGGLE_RE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def on_post_page(output: str, page: Any, config: Any) -> str:
    """The page's HTML less the toggles' invalid attribute."""
    return TOGGLE_RE.sub(r"\1", output)


def on_post_template(output: str, template_name: str, config: Any) -> str:
    """The theme's own pages (404.html) likewise."""
    return TOGGLE_RE.sub(r"\1", output)


def on_env(env: jinja2.Environment, config: Any, files: Files) -> jinja2.Environment:
    """The theme's Jinja environment, with a cache of compiled templates where the build keeps one (Jinja checks
    each against its template's source)."""
    folder = os.environ.get(TEMPLATES)
    return env.overlay(bytecode_cache=jinja2.FileSystemBytecodeCache(folder)) if folder else env


def on_pre_page(page: Any, config: Any, files: Files) -> Any:
    """Stop at the next page once the build that started this one has stopped: it waits for this one before it
    removes the folders this one writes to."""
    stop = os.environ.get(STOP)
    if stop and os.path.exists(stop):
        for name in ("mkdocs", "properdocs"):  # the engine would log the page's "error": the build says why
            logging.getLogger(name).setLevel(logging.CRITICAL)
        raise StoppedError(f"{stop} exists: the build that started this one has stopped")
    return page


def on_files(files: Files, config: Any) -> Files:
    """The files less the theme's unused ones; in a shard's build, only the shard's pages, the navigation's pages
    (the navigation needs them) and, in one shard of the build, the theme's files."""
    used = [f for f in files if f.is_documentation_page() or not unused(f)]
    shard = os.environ.get(SHARD)
    if not shard:
        return Files(used)
    wanted = json.loads(Path(shard).read_text(encoding="utf-8"))
    pages = set(wanted["pages"]) | NAV_PAGES
    return Files([f for f in used if (f.src_uri in pages if f.is_documentation_page() else wanted["static"])])
