"""`build.py build`: check, then build the website."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from boardpapers.commands.common import add_build_options, add_strict, guarded, stop_if_strict, warn
from boardpapers.engine.engines import DEFAULT, ENGINES
from boardpapers.outputs import sitemap
from boardpapers.pipeline import ROOT, BuildResult, build_site, today_in_london
from boardpapers.progress import Progress, wanted


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `build` to the command line."""
    build = command("build", "Check, then build the website.", cmd_build)
    build.add_argument("--out", type=Path, default=ROOT / "site", help="output folder (default: site/)")
    build.add_argument(
        "--docs",
        type=Path,
        metavar="DIR",
        help="also write every page's generated Markdown under DIR (made new): a docs folder that "
        "another engine reading mkdocs.yml can build",
    )
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT,
        help=f"what renders the pages: {' or '.join(ENGINES)} (default: {DEFAULT}); see docs/architecture.md",
    )
    build.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="render every page anew and keep nothing for the next build (the site is the same)",
    )
    add_build_options(build, ROOT)
    add_strict(build)


def cmd_build(args: argparse.Namespace) -> int:
    """Check, then build the site into --out."""
    today = today_in_london()
    config_warnings = sitemap.site_url_warnings(args.config, args.engine)

    def checked_build() -> BuildResult:
        stop_if_strict(args.content, today, args.strict, config_warnings)
        return build_site(
            args.content,
            args.out,
            args.config,
            today,
            progress=Progress() if wanted(args.progress) else None,
            docs=args.docs,
            engine=args.engine,
            cache=args.cache,
            strict=args.strict,
        )

    result, failed = guarded(args.content, checked_build)
    if result is None:
        return failed
    warn(sorted([*result.site.warnings, *config_warnings]))
    print(f"Built {result.pages} pages ({result.papers} published papers) into {args.out} in {result.seconds:.1f} s.")
    return 0
