"""When each paper was first published and last changed, read from git history in a fixed number of git calls.

Two `git log --name-only` runs over the content folder give every file's dates at once (not one call per
paper, which would make a large archive's build slower with every paper):
- every commit that touched each file: the newest is "last changed";
- every commit that changed a file's `status: published` line (git's pickaxe): the oldest is when the paper
  was first published (a paper committed as a draft is not published by that commit).
`--first-parent` reads the history of the branch being built, so a change merged from a pull request is dated
by its merge, when it reached the site, not by when it was written. Dates are in the board's time zone.
Outside a git checkout, in a shallow clone (where the oldest commits are missing) or for a file never
committed, there is no date: none is ever guessed.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from .model import Site

# A front-matter line that publishes a paper (POSIX extended regex, as git's pickaxe reads it).
PUBLISHED_LINE = r"^status:[[:space:]]*[\"']?published"
SHALLOW_NOTE = ("this is a shallow git clone, so paper pages show no first-published or last-changed dates; "
                "fetch the whole history (GitHub: actions/checkout with fetch-depth: 0; GitLab: GIT_DEPTH: 0)")


@dataclass(frozen=True)
class FileHistory:
    """One committed file: its path in the repository and its dates in the board's time zone."""

    path: str
    first_commit: dt.date
    last_changed: dt.date
    first_published: dt.date | None  # first commit with a `status: published` line; None if there is none


@dataclass
class History:
    """Every committed file under the content folder, keyed by resolved absolute path; `note` says why not."""

    files: dict[Path, FileHistory] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class PaperHistory:
    """What a paper page shows: first published (if known), last changed, and the change-history link."""

    first_published: dt.date | None
    last_changed: dt.date
    url: str | None


def git(args: list[str], cwd: Path) -> str | None:
    """Run one git command; its output, or None when git is missing or fails (e.g. not a checkout)."""
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True,
                              text=True, encoding="utf-8", check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def commits(output: str) -> list[tuple[int, list[str]]]:
    """Parse `git log --format=%x00%ct --name-only` output into (commit time, file paths), newest first."""
    out = []
    for chunk in output.split("\0")[1:]:
        lines = chunk.splitlines()
        out.append((int(lines[0]), [line for line in lines[1:] if line]))
    return out


def read_history(content: Path, tz: ZoneInfo) -> History:
    """Every content file's dates, from three git calls whatever the number of files."""
    if not content.is_dir():
        return History()
    facts = git(["rev-parse", "--show-toplevel", "--is-shallow-repository"], content)
    if facts is None:
        return History()  # not a git checkout: no dates, and nothing to warn about
    top, shallow = facts.split("\n")[:2]
    if shallow == "true":
        return History(note=SHALLOW_NOTE)
    log = ["log", "--first-parent", "--format=%x00%ct", "--name-only"]
    changes = git([*log, "--", "."], content)
    published = git([*log, "--pickaxe-regex", f"-S{PUBLISHED_LINE}", "--", "."], content)
    if changes is None or published is None:
        return History()  # e.g. a repository with no commit yet
    first_published: dict[str, int] = {}
    for when, paths in commits(published):  # newest first, so the oldest is written last
        first_published.update(dict.fromkeys(paths, when))
    seen: dict[str, list[int]] = {}
    for when, paths in commits(changes):
        for path in paths:
            seen.setdefault(path, []).append(when)
    day = lambda when: dt.datetime.fromtimestamp(when, tz).date()  # noqa: E731
    files = {}
    for path, times in seen.items():
        published_at = first_published.get(path)
        files[(Path(top) / path).resolve()] = FileHistory(
            path, day(times[-1]), day(times[0]), day(published_at) if published_at is not None else None)
    return History(files)


def history_url(repo_url: str | None, branch: str, path: str) -> str | None:
    """The repository host's page listing a file's commits (GitLab's or GitHub's form), or None without a URL."""
    if not repo_url:
        return None
    base = repo_url.rstrip("/").removesuffix(".git")
    commits_path = "/-/commits/" if "gitlab" in urlsplit(base).netloc else "/commits/"
    return f"{base}{commits_path}{quote(branch)}/{quote(path)}"


def paper_history(site: Site, content: Path, found: History, repo_url: str | None,
                  branch: str) -> dict[str, PaperHistory]:
    """The dates line of every paper on the site, keyed by the paper's source path."""
    out: dict[str, PaperHistory] = {}
    if not found.files:
        return out  # not a checkout, or nothing committed: no per-paper path work at all
    base = content.parent.resolve()
    for paper in site.papers:
        # Resolving every path costs a system call per folder; only a path through a link needs it.
        file = found.files.get(base / paper.source) or found.files.get((base / paper.source).resolve())
        if file is None:
            continue  # never committed: say nothing rather than guess
        first = file.first_published
        if first is not None and paper.publish_on is not None:
            first = max(first, paper.publish_on)  # an embargoed paper appears on its publish_on date
        if not paper.is_public(site.today):
            first = None  # a draft shown by serve --drafts has not been published
        out[paper.source] = PaperHistory(first, file.last_changed, history_url(repo_url, branch, file.path))
    return out
