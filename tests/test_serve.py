"""`serve`, run as an author runs it (`build.py serve` in a process of its own): a port in use is one line, nothing
is left in the temporary folder however it stops, and a content mistake keeps the last good site up with a banner
naming the problem at its file:line, which goes once the file is fixed."""

from __future__ import annotations

import contextlib
import html
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from boardpapers.cli import parser
from boardpapers.commands.preview import VERSION_PATH, decorate
from contentkit import make_content, write

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60.0  # seconds for the preview to build, rebuild or stop (a cold build of the tiny content takes ~2 s)
PAPER = "meetings/2019-09-18/9.0-southern-police-station.md"
PAPER_PAGE = "meetings/2019-09-18/9.0-southern-police-station/"
BANNER = 'role="alert"'
POSIX_SIGNALS = pytest.mark.skipif(os.name == "nt", reason="sends POSIX signals to the preview's process")


@dataclass
class Preview:
    """A running `build.py serve`: its process, port, temporary folder and output files."""

    process: subprocess.Popen[bytes]
    port: int
    tmp: Path
    out: Path
    err: Path

    def get(self, path: str) -> tuple[int, str] | None:
        """(status, text) of a page of the preview, or None while nothing answers."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as answer:
                return answer.status, answer.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, path: str, wanted: Callable[[int, str], bool], what: str) -> str:
        """Poll a page until `wanted(status, text)` holds; return its text, or fail saying what never came."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            got = self.get(path)
            if got is not None and wanted(*got):
                return got[1]
            assert self.process.poll() is None, f"serve ended ({self.process.returncode}): {self.stderr()}"
            time.sleep(0.1)  # between two polls, not a readiness check
        pytest.fail(f"{what} never came in {TIMEOUT} s; stderr: {self.stderr()}")

    def stop(self, signum: int = signal.SIGINT) -> int:
        """Send a signal and return the exit code."""
        self.process.send_signal(signum)
        return self.process.wait(TIMEOUT)

    def stdout(self) -> str:
        """What it printed on standard output."""
        return self.out.read_text("utf-8")

    def stderr(self) -> str:
        """What it printed on standard error."""
        return self.err.read_text("utf-8")


def free_port() -> int:
    """A port no one listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(tmp_path: Path, content: Path, port: int | None = None) -> Iterator[Preview]:
    """Start `build.py serve` on `content` with its own empty temporary folder; end it if the test did not."""
    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    port = port or free_port()
    command = [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content), "--port", str(port)]
    env = {**os.environ, "TMPDIR": str(tmp), "TEMP": str(tmp), "TMP": str(tmp)}
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env, cwd=tmp_path)
    try:
        yield Preview(process, port, tmp, out, err)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(TIMEOUT)


def up(status: int, text: str) -> bool:
    """The paper's page is served."""
    return status == 200 and "Southern Police Station" in text


def test_a_port_in_use_is_one_line_with_the_fix(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with serving(tmp_path, make_content(tmp_path), port) as preview:
            assert preview.process.wait(TIMEOUT) == 1
    assert preview.stderr() == (
        f"error: port {port} is in use, expected a free port, e.g. python build.py serve --port {port + 1}\n"
    )
    assert preview.stdout() == ""
    assert list(preview.tmp.iterdir()) == []


@POSIX_SIGNALS
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_nothing_is_left_in_the_temporary_folder_when_stopped(tmp_path: Path, signum: int) -> None:
    with serving(tmp_path, make_content(tmp_path)) as preview:
        preview.wait_for(PAPER_PAGE, up, "the paper's page")
        assert any(preview.tmp.iterdir())  # the site and its cache, while it runs
        assert preview.stop(signum) == 0
    assert list(preview.tmp.iterdir()) == []
    assert preview.stdout().endswith("Stopped.\n")
    assert "Traceback" not in preview.stderr()


PROBLEM = (
    f"content/{PAPER}:7: status: invalid value 'publishd', expected one of: draft, published, withdrawn, "
    "e.g. status: published"
)


@POSIX_SIGNALS
def test_a_mistake_keeps_the_last_good_site_with_a_banner_until_fixed(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    paper = content / PAPER
    good = paper.read_text("utf-8")
    with serving(tmp_path, content) as preview:
        preview.wait_for(PAPER_PAGE, up, "the paper's page")
        paper.write_text(good.replace("status: published", "status: publishd"), encoding="utf-8")
        page = preview.wait_for(PAPER_PAGE, lambda status, text: BANNER in text, "the banner")
        assert up(200, page)  # the last good version of the page, still there
        assert html.escape(PROBLEM) in page
        home = preview.wait_for("", lambda status, text: status == 200, "the home page")
        assert BANNER in home and html.escape(PROBLEM) in home
        assert preview.stderr().endswith(
            f"{PROBLEM}\n1 problem in {content}; the browser shows the last good version, with the problems. Fix "
            "each line above (file:line: field: what is wrong) and save the file: the preview rebuilds by itself.\n"
        )
        paper.write_text(good, encoding="utf-8")
        page = preview.wait_for(PAPER_PAGE, lambda status, text: BANNER not in text, "the banner's end")
        assert up(200, page)
        assert preview.stop() == 0
    assert "Fixed: the preview is up to date again.\n" in preview.stdout()
    assert "run the command again" not in preview.stdout() + preview.stderr()


@POSIX_SIGNALS
def test_a_mistake_before_any_good_build_is_shown_until_fixed(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    paper = content / PAPER
    good = paper.read_text("utf-8")
    paper.write_text(good.replace("status: published", "status: publishd"), encoding="utf-8")
    with serving(tmp_path, content) as preview:
        page = preview.wait_for(PAPER_PAGE, lambda status, text: status == 503, "the page of problems")
        assert "<h1>The preview has not been built yet</h1>" in page
        assert BANNER in page and html.escape(PROBLEM) in page
        write(content, PAPER, good)
        preview.wait_for(PAPER_PAGE, up, "the paper's page")
        assert preview.stop() == 0
    assert list(preview.tmp.iterdir()) == []


def test_the_banner_escapes_what_the_content_wrote() -> None:
    problem = "content/x.md:6: status: invalid value '<script>alert(1)</script>'"
    page = decorate(b"<html><body class='x'><p>Page</p></body></html>", [problem], "1-2").decode("utf-8")
    assert page.startswith("<html><body class='x'><div role=\"alert\"")
    assert "content/x.md:6: status: invalid value &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;" in page
    assert page.count("<script>") == 1 and f'fetch("{VERSION_PATH}"' in page  # the reload script, only
    assert page.endswith("<p>Page</p></body></html>")


def test_a_page_without_problems_gets_only_the_reload_script() -> None:
    page = decorate(b"<body><p>Page</p></body>", [], "1-2").decode("utf-8")
    assert BANNER not in page and 'var seen = "1-2";' in page


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_port_must_be_a_port(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args(["serve", "--port", port])
    assert exit_.value.code == 2
    assert (
        capsys.readouterr()
        .err.rstrip()
        .endswith(f"argument --port: '{port}' is not a port, expected a number from 1 to 65535, e.g. 8001")
    )
