"""Shared fixtures: a built copy of the sample site, a local web server for it, and Debian's Chromium."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from boardpapers.pipeline import build_site  # noqa: E402 (imported after the sys.path insert above)

CHROMIUM = Path("/usr/bin/chromium")
# A fixed "today" for the sample site so tests do not depend on the calendar.
SAMPLE_TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content/ built once per test session."""
    out = tmp_path_factory.mktemp("sample") / "site"
    build_site(ROOT / "content", out, ROOT / "mkdocs.yml", SAMPLE_TODAY)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging every request to the test output."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on a free localhost port while the block runs: its address, ending in /."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """The sample site served over HTTP on a free localhost port."""
    with served(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def record_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """contentkit's record content (a meeting's minutes, attendance and decisions, a published decision notice, a
    matter) built once per session: the sample content has no decisions or notices."""
    from contentkit import make_record_content

    root = tmp_path_factory.mktemp("record")
    build_site(make_record_content(root), root / "site", ROOT / "mkdocs.yml", SAMPLE_TODAY)
    return root / "site"


@pytest.fixture(scope="session")
def record_url(record_site: Path) -> Iterator[str]:
    """record_site served over HTTP on a free localhost port."""
    with served(record_site) as url:
        yield url


def chromium_or_skip() -> None:
    """Skip (or fail under CI=true) when Debian's chromium is not installed."""
    if CHROMIUM.exists():
        return
    message = (
        "Debian's chromium is not installed at /usr/bin/chromium; install it with "
        "`sudo apt-get install chromium` (or run `bash .ci/setup --test` as root) to run browser tests."
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Debian Chromium driven by Playwright (never a downloaded browser build)."""
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            # Without these, Chromium keeps trying to reach Google services on a closed network.
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    """A fresh browser page (own context) per test."""
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()
