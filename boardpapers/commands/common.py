"""What several commands share: the date argument, the report of content problems, and running a build."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from boardpapers.content.problems import ContentError, Problem
from boardpapers.pipeline import BuildError

R = TypeVar("R")


DAY_FIRST_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")  # how a UK paper writes a date: 10/12/2026
EXAMPLE_DATE = "2019-09-18"  # the example date when the one given cannot be read as a date at all


def date_arg(text: str) -> dt.date:
    """An argparse type: a real date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):  # written the right way: the day is what is wrong
            raise argparse.ArgumentTypeError(f"'{text}' is no day of the calendar, e.g. {EXAMPLE_DATE}") from None
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date written YYYY-MM-DD, e.g. {example_date(text)}"
        ) from None


def example_date(text: str) -> str:
    """The date an author most likely meant, written YYYY-MM-DD: 10/12/2026 is 2026-12-10, as the UK writes it."""
    found = DAY_FIRST_RE.fullmatch(text.strip())
    if found:
        day, month, year = (int(n) for n in found.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            pass
    return EXAMPLE_DATE


def report(err: ContentError, content: Path, each: bool = True) -> int:
    """Print every content problem (unless `each` is False) and a closing line; return the failing exit code."""
    for problem in err.problems if each else []:
        print(problem, file=sys.stderr)
    count = len(err.problems)
    print(
        f"{count} problem{'s' if count != 1 else ''} in {content}; nothing was built. "
        "Fix each line above (file:line: field: what is wrong), then run the command again.",
        file=sys.stderr,
    )
    return 1


def warn(problems: list[Problem]) -> None:
    """Print the warnings (suggestions that stop nothing) and how to make them stop a build."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        count = len(problems)
        print(
            f"{count} warning{'s' if count != 1 else ''}: suggestions only, nothing was stopped "
            "(--strict makes warnings stop the check and the build).",
            file=sys.stderr,
        )


def stop_if_strict(content: Path, today: dt.date, strict: bool, config_warnings: list[Problem]) -> None:
    """Under --strict, stop on the configuration's warnings (mkdocs.yml's), reported with the content's problems
    in one run; otherwise do nothing (the content's own warnings are load_site's)."""
    if not (strict and config_warnings):
        return
    from boardpapers.content.load import load_site

    problems = [dataclasses.replace(p, warning=False) for p in config_warnings]  # as load_site's under --strict
    try:
        load_site(content, today, strict=True)
    except ContentError as err:
        raise ContentError([*err.problems, *problems]) from None
    raise ContentError(problems)


def add_strict(parser: argparse.ArgumentParser) -> None:
    """--strict, for the commands that check content."""
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings (suggestions) as problems: report them and stop"
    )


def guarded(content: Path, action: Callable[[], R]) -> tuple[R | None, int]:
    """Run a step that checks and builds; print its content problems or build error. Returns (result, exit)."""
    try:
        return action(), 0
    except ContentError as err:
        return None, report(err, content)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return None, 1


def add_build_options(parser: argparse.ArgumentParser, root: Path) -> None:
    """--config and --progress, which every command that builds takes."""
    parser.add_argument("--config", type=Path, default=root / "mkdocs.yml", help="MkDocs configuration file")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show build progress (default: only on a terminal, never when CI is set)",
    )


def write_report(report: dict[str, Any], where: Path) -> None:
    """Write a benchmark's every figure as JSON to `where` and say where (its last line of output)."""
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"Wrote every figure to {where}")
