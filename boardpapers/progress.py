"""Progress lines for long builds: shown on a terminal, quiet in CI unless asked for with --progress."""
from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

POLL_SECONDS = 1.0  # how often the live page count is refreshed on a terminal


def wanted(asked: bool | None, stream: TextIO = sys.stderr) -> bool:
    """--progress / --no-progress decide; otherwise progress shows only on a terminal and never under CI."""
    if asked is not None:
        return asked
    return stream.isatty() and not os.environ.get("CI")


class Progress:
    """Say what a build is doing; Progress(None) says nothing."""

    def __init__(self, stream: TextIO | None = sys.stderr) -> None:
        self.stream = stream
        self.started = time.perf_counter()

    def say(self, message: str) -> None:
        """Print one progress line with the time since the build started."""
        if self.stream is not None:
            print(f"[{time.perf_counter() - self.started:6.1f} s] {message}", file=self.stream, flush=True)

    def live(self) -> int | None:
        """The terminal's file descriptor when counts may be redrawn in place, else None (logs get lines)."""
        if self.stream is None or not self.stream.isatty():
            return None
        try:
            return self.stream.fileno()
        except (OSError, ValueError):
            return None

    @contextmanager
    def counting(self, what: str, total: int, folder: Path) -> Iterator[None]:
        """Around a step that writes `total` pages into `folder`: redraw how many exist so far, then say so."""
        fd = self.live()
        stop = threading.Event()
        thread = None
        if fd is not None:
            # A thread that counts files works whatever runs the step (MkDocs in forked workers). It writes with
            # os.write, holding no Python lock a fork could copy half-taken.
            thread = threading.Thread(target=self._redraw, args=(fd, what, total, folder, stop), daemon=True)
            thread.start()
        try:
            yield
        finally:
            stop.set()
            if thread is not None:
                thread.join()
                os.write(fd, b"\r\x1b[K")
        self.say(f"{what} {total} page{'s' if total != 1 else ''}")

    def _redraw(self, fd: int, what: str, total: int, folder: Path, stop: threading.Event) -> None:
        """Rewrite one terminal line with the number of pages written so far, until stopped."""
        while not stop.wait(POLL_SECONDS):
            done = sum(1 for _ in folder.rglob("index.html")) if folder.exists() else 0
            os.write(fd, f"\r{what} {min(done, total)}/{total} pages ...".encode())
