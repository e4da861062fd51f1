"""`build.py bundle`: check, then make the offline archive (boardpapers.outputs.bundle)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from boardpapers.commands.common import guarded
from boardpapers.outputs.bundle import MANIFEST, make_bundle
from boardpapers.pipeline import ROOT, today_in_london


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `bundle` to the command line."""
    bundle = command(
        "bundle",
        "Check, then make the offline archive: a zip of the published site that works "
        "opened from disk, search included.",
        cmd_bundle,
    )
    bundle.add_argument(
        "--out",
        type=Path,
        default=ROOT / "dist",
        help="folder for the archive's zip and unzipped folder (default: dist/)",
    )
    bundle.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="MkDocs configuration file")


def cmd_bundle(args: argparse.Namespace) -> int:
    """Build the offline archive into --out."""
    made, failed = guarded(args.content, lambda: make_bundle(args.content, args.out, args.config, today_in_london()))
    if made is None:
        return failed
    folder, archive = made
    print(
        f"Wrote the offline archive {archive} ({archive.stat().st_size / 1e6:.1f} MB) and its unzipped "
        f"folder {folder}. Open {folder / 'index.html'} in a browser; {MANIFEST} lists every file's checksum."
    )
    return 0
