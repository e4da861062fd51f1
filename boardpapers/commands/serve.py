"""`build.py serve`: a live preview on localhost, rebuilt whenever content, theme or mkdocs.yml changes.

Recipe: listen on the port (a port in use is one line, before anything is built); build into a temporary folder;
serve that folder from a thread with the standard library's HTTP server; in the main thread, look for changed
files twice a second and rebuild. However it stops (Ctrl+C, SIGTERM, a closed terminal, an error) the
temporary folder goes.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import http.server
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boardpapers.commands.common import add_build_options
from boardpapers.commands.preview import VERSION_PATH, decorate, placeholder, rebuild
from boardpapers.pipeline import ROOT, today_in_london
from boardpapers.progress import Progress, wanted

POLL = 0.5  # seconds between looks for changed files
SETTLE = 0.2  # seconds a change must stay still before the rebuild (an editor may save in several writes)
STOP_SIGNALS = ("SIGTERM", "SIGHUP", "SIGBREAK")  # stop like Ctrl+C (SIGHUP: the terminal closed; SIGBREAK: Windows)
IN_USE = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}
REFUSED = {errno.EACCES, getattr(errno, "WSAEACCES", errno.EACCES)}


class ServeError(Exception):
    """The preview cannot start; the message says how to fix it."""


@dataclass(frozen=True)
class Status:
    """What the server shows: the last rebuild's problems (none: up to date) and a version each rebuild changes."""

    problems: tuple[str, ...]
    version: str


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `serve` to the command line."""
    serve = command("serve", "Preview the website locally, rebuilding when content or theme changes.", cmd_serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    serve.add_argument("--port", type=port_arg, default=8000, help="port to serve on (default: 8000)")
    serve.add_argument(
        "--drafts",
        action="store_true",
        help="also preview draft and embargoed papers, marked DRAFT PREVIEW (never in `build`)",
    )
    add_build_options(serve, ROOT)


def port_arg(text: str) -> int:
    """An argparse type: a port number."""
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port, expected a number from 1 to 65535, e.g. 8001")
    return int(text)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve a preview of the content until stopped, rebuilding it whenever a watched file changes."""
    preview = Preview(args)
    with stop_signals():
        try:
            server = listen(args.host, args.port, preview.handler())
        except ServeError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        try:
            preview.folder = Path(tempfile.mkdtemp(prefix="board-preview-"))
            preview.serve(server)
        except KeyboardInterrupt:
            print("Stopped.", flush=True)
        finally:
            with ignored_signals():  # a second Ctrl+C must not leave half the folder behind
                server.server_close()
                if preview.folder.name:
                    shutil.rmtree(preview.folder, ignore_errors=True)
    return 0


class Preview:
    """The preview's state: where it is built, what the last rebuild found, and how to rebuild."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.folder = Path()  # a temporary folder, made once the port is ours (see cmd_serve)
        self.started = time.time_ns()  # in the version, so a page open across a restart reloads too
        self.builds = 0
        self.status = Status((), "")

    @property
    def site(self) -> Path:
        """The built site's folder."""
        return self.folder / "site"

    def rebuild(self) -> None:
        """Rebuild the site, then publish the new status (one assignment: the server's threads see old or new)."""
        problems = rebuild(
            self.args.content,
            self.site,
            self.args.config,
            today_in_london(),
            drafts=self.args.drafts,
            progress=Progress() if wanted(self.args.progress) else None,
        )
        if self.status.problems and not problems:
            print("Fixed: the preview is up to date again.", flush=True)
        self.builds += 1
        self.status = Status(tuple(problems), f"{self.started}-{self.builds}")

    def handler(self) -> Callable[..., http.server.BaseHTTPRequestHandler]:
        """The request handler class, bound to this preview."""
        return functools.partial(Handler, self)

    def serve(self, server: http.server.ThreadingHTTPServer) -> None:
        """Build, answer requests from a thread, and rebuild on every change until interrupted."""
        if self.args.drafts:
            print(
                "Drafts preview: draft and embargoed papers are included, each marked 'DRAFT PREVIEW'. "
                "`build` never includes them.",
                flush=True,
            )
        watched = [self.args.content, ROOT / "theme", self.args.config]
        seen = snapshot(watched)
        self.rebuild()
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        thread.start()
        try:
            host, port = server.server_address[:2]
            print(
                f"Serving the preview at http://{url_host(str(host))}:{port}/ (Ctrl+C to stop). Saving a file in "
                f"{', '.join(shown(p) for p in watched[:-1])} or {shown(watched[-1])} rebuilds it.",
                flush=True,
            )
            while True:
                seen = wait_for_change(watched, seen)
                self.rebuild()
        finally:
            server.shutdown()


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site's files, HTML pages with the reload script (and the banner, when the last rebuild
    failed), and the preview's version; logs nothing (the terminal is for the author's problems)."""

    def __init__(self, preview: Preview, *args: Any, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.site), **kwargs)

    def do_GET(self) -> None:
        """Answer a GET."""
        self.answer(body=True)

    def do_HEAD(self) -> None:
        """Answer a HEAD."""
        self.answer(body=False)

    def answer(self, body: bool) -> None:
        """Send the version, a page with what the preview adds, or (any other file) the file as it is."""
        status = self.preview.status
        path = urllib.parse.urlsplit(self.path).path
        if path == VERSION_PATH:
            return self.send(200, "text/plain; charset=utf-8", status.version.encode("ascii"), body)
        target = Path(self.translate_path(self.path))
        if target.is_dir() and not path.endswith("/"):
            return super().do_GET() if body else super().do_HEAD()  # its redirect to the folder's address
        if target.is_dir():
            target = target / "index.html"
        if target.is_file() and target.suffix != ".html":
            return super().do_GET() if body else super().do_HEAD()
        code, page = (200, read(target)) if target.is_file() else (404, read(self.preview.site / "404.html"))
        if page is None:  # no site built yet, or a file that went while it was read
            code, page = (503 if status.problems else 404), placeholder(list(status.problems))
        html = decorate(page, list(status.problems), status.version)
        return self.send(code, "text/html; charset=utf-8", html, body)

    def send(self, code: int, kind: str, data: bytes, body: bool) -> None:
        """Send a whole response."""
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def end_headers(self) -> None:
        """Add no-store to every response: after a rebuild the browser must ask again, not show its copy."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def list_directory(self, path: Any) -> None:
        """A folder without index.html is not found (never a listing of the site's files)."""
        self.send_error(404)
        return None

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing."""


class Server(http.server.ThreadingHTTPServer):
    """The preview's HTTP server: a failed request is one line, never a traceback."""

    daemon_threads = True
    # On Windows SO_REUSEADDR lets a second server take a port in use: only elsewhere (it allows a quick restart).
    allow_reuse_address = os.name != "nt"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore a browser that went away mid-answer; report anything else in one line."""
        err = sys.exc_info()[1]
        if not isinstance(err, ConnectionError):
            print(f"error: the preview could not answer a request: {type(err).__name__}: {err}", file=sys.stderr)


class Server6(Server):
    """The preview's server on an IPv6 address."""

    address_family = socket.AF_INET6


def listen(host: str, port: int, handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Server:
    """Take the port, or raise ServeError saying how to pick one that works."""
    try:
        return (Server6 if ":" in host else Server)((host, port), handler)
    except OSError as err:
        raise ServeError(listen_problem(err, host, port)) from None


def listen_problem(err: OSError, host: str, port: int) -> str:
    """The one line for a port or address that cannot be listened on."""
    code = err.errno
    if code in IN_USE or getattr(err, "winerror", None) in IN_USE:
        return f"port {port} is in use, expected a free port, e.g. python build.py serve --port {port % 65535 + 1}"
    if code in REFUSED or getattr(err, "winerror", None) in REFUSED:
        return (
            f"port {port} is not open to this user, expected a port from 1024 to 65535, "
            "e.g. python build.py serve --port 8001"
        )
    return (
        f"cannot serve on {host} port {port} ({err.strerror or err}), expected an address of this computer, "
        "e.g. python build.py serve --host 127.0.0.1"
    )


def shown(path: Path) -> str:
    """A path as the terminal shows it: relative to the current folder when it is under it."""
    where = Path(os.path.abspath(path))
    return str(where.relative_to(Path.cwd())) if where.is_relative_to(Path.cwd()) else str(path)


def url_host(host: str) -> str:
    """A host as a URL writes it (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host else host


def read(path: Path) -> bytes | None:
    """A file's bytes, or None if it is not there (or went while read: a rebuild swaps the site's folder)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: list[Path]) -> Snapshot:
    """Every watched file's modification time and size (editors' hidden and backup files left out)."""
    found: Snapshot = {}
    for root in paths:
        files = [root] if root.is_file() else [Path(d) / f for d, _, names in os.walk(root) for f in names]
        for path in files:
            if path.name.startswith(".") or path.name.endswith("~") or "__pycache__" in path.parts:
                continue
            with contextlib.suppress(OSError):  # deleted while we looked: the next look sees it gone
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def wait_for_change(paths: list[Path], seen: Snapshot) -> Snapshot:
    """Wait until a watched file changes and stays still for SETTLE seconds; return the files as they are then."""
    while True:
        time.sleep(POLL)
        now = snapshot(paths)
        if now == seen:
            continue
        while True:
            time.sleep(SETTLE)
            later = snapshot(paths)
            if later == now:
                return now
            now = later


def stop(signum: int, frame: Any) -> None:
    """A signal handler: stop the way Ctrl+C does, so that the same clean-up runs."""
    raise KeyboardInterrupt


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """While the body runs, SIGTERM, SIGHUP and SIGBREAK stop it like Ctrl+C (their default would skip clean-up)."""
    with handled(stop):
        yield


@contextlib.contextmanager
def ignored_signals() -> Iterator[None]:
    """While the body runs, Ctrl+C and STOP_SIGNALS are ignored."""
    with handled(signal.SIG_IGN, "SIGINT"):
        yield


@contextlib.contextmanager
def handled(handler: Any, *also: str) -> Iterator[None]:
    """Handle STOP_SIGNALS (and `also`) with `handler` while the body runs; then restore their handlers."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    numbers = [getattr(signal, name) for name in (*STOP_SIGNALS, *also) if hasattr(signal, name)]
    before = {number: signal.signal(number, handler) for number in numbers}
    try:
        yield
    finally:
        for number, previous in before.items():
            signal.signal(number, previous)
