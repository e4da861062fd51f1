"""The command line: `main(argv)` returns the exit code, so tests call it in-process. Each command is a module of
boardpapers.commands with `register(command)`; this module depends on them, never the reverse."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from boardpapers.pipeline import ROOT, disk_problem

# The command modules, in the order `build.py --help` lists them: each has `register(command)`, where
# `command(name, help, func)` returns an argparse parser that already has --content.
COMMAND_MODULES: list[str] = [
    "boardpapers.commands.check",
    "boardpapers.commands.build",
    "boardpapers.commands.serve",
    "boardpapers.commands.schema",
    "boardpapers.commands.new",
    "boardpapers.commands.importing",
    "boardpapers.commands.bench",
    "boardpapers.commands.bundle",
]


def parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    top = argparse.ArgumentParser(prog="build.py", description="Build the board papers website from content/.")
    sub = top.add_subparsers(dest="command", required=True, metavar="command")

    def command(name: str, help: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--content", type=Path, default=ROOT / "content", help="content folder (default: content/)")
        p.set_defaults(func=func)
        return p

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(command)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code. A full disk or a refused write, wherever a command meets it, is
    one line naming the path and what to do, not a traceback."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except OSError as err:
        if err.filename is None and getattr(args, "out", None):  # a write to an open file names none
            err.filename = str(args.out)
        problem = disk_problem(err)
        if problem is None:
            raise
        print(f"error: {problem}", file=sys.stderr)
        return 1
