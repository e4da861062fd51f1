"""Ctrl+C held back while a short step runs that must not be cut in half."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl+C back while the block runs, then let it act: blocked, not ignored, so none is lost. A process
    started meanwhile inherits it blocked. Where signals cannot be blocked (Windows, a thread other than the
    main one), the block runs as it is."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
