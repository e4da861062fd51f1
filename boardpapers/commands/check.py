"""`build.py check`: read and check every content file, report every problem, build nothing."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable

from boardpapers.commands.common import add_strict, report, stop_if_strict, warn
from boardpapers.content.load import load_site
from boardpapers.content.model import Paper
from boardpapers.content.problems import ContentError
from boardpapers.content.schema import PUBLISHED_CLASSIFICATION
from boardpapers.outputs import sitemap
from boardpapers.pipeline import ROOT, today_in_london


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `check` to the command line."""
    check = command("check", "Check every content file and report every problem; build nothing.", cmd_check)
    check.add_argument(
        "--format",
        choices=("text", "github", "gitlab"),
        default="text",
        help="how to print problems: text (default), github (GitHub Actions annotations on the "
        "file and line), gitlab (GitLab code-quality JSON on stdout, text on stderr)",
    )
    add_strict(check)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate content only."""
    today = today_in_london()
    config_warnings = sitemap.site_url_warnings(ROOT / "mkdocs.yml")
    try:
        stop_if_strict(args.content, today, args.strict, config_warnings)
        site = load_site(args.content, today, strict=args.strict)
    except ContentError as err:
        if args.format == "text":
            return report(err, args.content)
        from boardpapers.commands.ci_formats import (
            FORMATS,  # CI formats: GitHub annotations, GitLab code quality
        )

        print(FORMATS[args.format](err.problems), flush=True)
        # GitHub shows each annotation in the log as well; GitLab's JSON goes to a file, so the text is needed.
        return report(err, args.content, each=args.format == "gitlab")
    papers = [p for m in site.meetings for p in m.papers]
    warnings = sorted([*site.warnings, *config_warnings])
    if args.format != "text":
        from boardpapers.commands.ci_formats import FORMATS

        print(FORMATS[args.format](warnings), flush=True)
    if args.format != "github":  # GitHub shows each annotation in the log already
        warn(warnings)
    out = sys.stderr if args.format == "gitlab" else sys.stdout
    notices = [n for n in site.notices if n.published]
    print(
        f"{args.content}: OK: {len(site.meetings)} meetings, {len(papers)} papers "
        f"({len(site.papers)} published), {len(site.actions)} actions, {len(site.notices)} decision notices "
        f"({len(notices)} published), {len(site.matters)} matters.",
        file=out,
    )
    for paper in papers:  # an author who set status: published and sees fewer published papers learns why here
        if not paper.published:
            print(f"  not published: {paper.source}: {why_unpublished(paper, today)}", file=out)
    return 0


def why_unpublished(paper: Paper, today: dt.date) -> str:
    """What keeps a paper off the site, in the fields' own words."""
    reasons = []
    if paper.status != "published":
        reasons.append(f"status: {paper.status}")
    if paper.classification != PUBLISHED_CLASSIFICATION:
        reasons.append(f"classification: {paper.classification} (only official is published)")
    if paper.publish_on is not None and paper.publish_on > today:
        reasons.append(f"publish_on: {paper.publish_on} (not before that day)")
    return "; ".join(reasons)
