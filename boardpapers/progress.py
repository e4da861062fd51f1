"""Progress lines for long builds: shown on a terminal, quiet in CI unless asked for with --progress."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


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
