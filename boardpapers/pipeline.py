"""The build recipe: load and check content, generate pages, render with MkDocs, swap the result into place."""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .content import load_site
from .generate import NAV, Generator
from .postprocess import postprocess
from .render import render_site
from .sanitize import SanitiseExtension

ROOT = Path(__file__).resolve().parent.parent
TIMEZONE = ZoneInfo("Europe/London")  # the board's time zone: embargoes and overdue actions use its date


class BuildError(Exception):
    """The renderer failed after content was valid; the previous site is untouched."""


@dataclass
class BuildResult:
    """What a build produced, for the summary line."""

    pages: int
    papers: int
    seconds: float


def today_in_london() -> dt.date:
    """Today's date for the board, honouring BOARD_PAPERS_TODAY (YYYY-MM-DD) for previews and tests."""
    fixed = os.environ.get("BOARD_PAPERS_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.datetime.now(TIMEZONE).date()


def build_site(content: Path, out: Path, config_file: Path, today: dt.date) -> BuildResult:
    """Check content, then build the whole site beside `out` and swap it in; never leave a half-built site."""
    started = time.perf_counter()
    site = load_site(content, today)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}-build-", dir=out.parent) as tmp:
        docs, staged = Path(tmp) / "docs", Path(tmp) / "site"
        docs.mkdir()
        config = mkdocs_config(config_file, docs, staged)
        pages = Generator(site, ROOT / "theme" / "pages", dict(config["extra"])).write(docs)
        render(config, today, out.parent / f".{out.name}-cache")
        postprocess(site, staged, config)
        swap(staged, out)
    return BuildResult(pages, len(site.papers), time.perf_counter() - started)


def mkdocs_config(config_file: Path, docs: Path, site_dir: Path):  # -> MkDocsConfig
    """Load mkdocs.yml, pointing it at the generated pages and adding what content decides."""
    config = load_config(config_file=str(config_file), docs_dir=str(docs), site_dir=str(site_dir), nav=NAV)
    # Sanitising is not optional: added here so a mkdocs.yml without it is still safe.
    config["markdown_extensions"].append(SanitiseExtension())
    return config


def render(config, today: dt.date, cache: Path | None) -> None:
    """Run MkDocs on the generated pages with a build date fixed to the board's today (reproducible)."""
    epoch = dt.datetime.combine(today, dt.time(), tzinfo=dt.timezone.utc).timestamp()
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        render_site(config, cache, jobs=os.cpu_count() or 1)
    except (MkDocsException, SystemExit) as err:
        raise BuildError(f"MkDocs could not render the site: {err}") from err
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def swap(new: Path, out: Path) -> None:
    """Replace `out` with `new` in two renames, so readers see the old site or the new, never half of one."""
    old = out.with_name(f".{out.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
