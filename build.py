#!/usr/bin/env python3
"""Build the board papers website: `python build.py check|build|serve ...` (see README).

Runs with any Python 3.11 or newer: under the project's .venv when there is one (made by `bash .ci/setup`),
else it says in one line how to set up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV_PYTHON = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
SETUP = (
    "set up first: bash .ci/setup (on Windows: py -3.11 -m venv .venv; "
    ".venv\\Scripts\\python -m pip install -r requirements.txt), then run the command again"
)


def in_venv() -> bool:
    """Whether this interpreter is the project's .venv's."""
    return Path(sys.prefix).resolve() == (ROOT / ".venv").resolve()


def main(argv: list[str] | None = None) -> int:
    """Run one command of boardpapers.cli under the project's environment; return its exit code."""
    if sys.version_info < (3, 11):  # noqa: UP036 (build.py may be run by an older python3 on PATH: say so)
        print(f"error: build.py needs Python 3.11 or newer, this is {sys.version.split()[0]}; {SETUP}", file=sys.stderr)
        return 2
    if not in_venv() and VENV_PYTHON.exists() and argv is None:
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])
    try:
        from boardpapers.cli import main as cli_main
    except ModuleNotFoundError as err:
        if (err.name or "").partition(".")[0] in ("", "boardpapers"):
            raise  # the project's own code is broken: its traceback is for its developers
        print(f"error: a package this tool needs is missing ({err.name}); {SETUP}", file=sys.stderr)
        return 2
    return cli_main(argv)


STOPPED = (
    "stopped (Ctrl+C); nothing was left half-made in place (a site is put in place whole or not at all) and the "
    "next run clears away what was left; run the command again"
)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl+C: one line, not a traceback (the build's own processes say nothing)
        print(f"error: {STOPPED}", file=sys.stderr)
        sys.exit(130)  # the shells' code for a command stopped by Ctrl+C (128 + SIGINT)
