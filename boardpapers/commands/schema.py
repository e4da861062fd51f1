"""`build.py schema`: print the front-matter reference (docs/reference.md's is this output)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from boardpapers.content.schema import reference_markdown


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `schema` to the command line."""
    command("schema", "Print the front-matter field reference (as in docs/reference.md).", cmd_schema)


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the front-matter reference."""
    print(reference_markdown(), end="")
    return 0
