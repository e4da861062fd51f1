"""When each paper was first published, read from git history in a fixed number of git calls.

A large archive has thousands of papers, so git is never called once per paper. Three calls in all:
- `git rev-parse`: the checkout's top folder, and whether it is a shallow clone;
- one `git log --first-parent --raw` over the content folder: every commit that touched each file, with the
  id of the file's new version (blob);
- one `git cat-file --batch` process, asked for a paper's versions oldest first, as they are needed.

First published is when the paper FIRST BECAME PUBLISHABLE, not when a line first said `status: published`:
the first version whose front-matter, read as the build reads it, has `status: published` and
`classification: official` (a version the build would reject, e.g. a field written twice, is not
publishable), at its commit's date or at its `publish_on` date if later, provided that version was still the
current one then (an embargo moved later before it passed did not publish the paper). A paper published,
then withdrawn, then published again keeps its first date: it was on the site from then. A paper's "last
changed" date is not read from git: it is the date of its latest public correction (the `corrections` field),
because a commit may change a file in ways the public never sees, and commit messages are not a public record.

`--first-parent` reads the history of the branch being built, so a change merged from a pull request is dated
by its merge, when it reached the site, not by when it was written. Renames are not followed
(`--no-renames`): a paper moved to another file has a new address, first published when it moved. Dates are
in the board's time zone. Outside a git checkout, in a shallow clone (where the oldest commits are missing) or
for a file never committed, there is no date: none is ever guessed. No page links to a file's history on the
forge: it keeps every version, including the restricted ones before a paper became publishable.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING
from zoneinfo import ZoneInfo

from boardpapers.content.fields import Checker, parse_yaml, split_front_matter
from boardpapers.content.problems import Problem
from boardpapers.content.schema import PAPER_FIELDS, PUBLISHED_CLASSIFICATION

if TYPE_CHECKING:
    from boardpapers.content.model import Site

SHALLOW_NOTE = (
    "this is a shallow git clone, so paper pages show no first-published dates; "
    "fetch the whole history (GitHub: actions/checkout with fetch-depth: 0; GitLab: GIT_DEPTH: 0)"
)
# The fields that decide whether a version may be public; only these are read, so a field added to the schema
# later (which old versions lack) does not make every old version unpublishable.
GATE_FIELDS = tuple(f for f in PAPER_FIELDS if f.name in ("status", "classification", "publish_on"))
AT_ONCE = dt.date.min  # a publishable version with no publish_on


@dataclass(frozen=True)
class Version:
    """One commit's version of a file: the commit time and the blob id (None: the commit deleted the file)."""

    when: int
    blob: str | None


@dataclass(frozen=True)
class FileHistory:
    """One committed file: its path in the repository and its dates in the board's time zone."""

    path: str
    first_commit: dt.date
    last_changed: dt.date
    first_published: dt.date | None  # when it first became publishable (module docstring); None if never


@dataclass
class History:
    """Every committed file under the content folder, keyed by resolved absolute path; `note` says why not."""

    files: dict[Path, FileHistory] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class PaperHistory:
    """What a paper page shows from git: when it was first published."""

    first_published: dt.date


def git(args: list[str], cwd: Path) -> str | None:
    """Run one git command; its output, or None when git is missing or fails (e.g. not a checkout)."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def versions(output: str) -> dict[str, list[Version]]:
    """Parse `git log -z --format=%x00%ct --raw` output into each path's versions, oldest first."""
    found: dict[str, list[Version]] = {}
    tokens = output.split("\0")
    i, when = 0, 0
    while i + 1 < len(tokens):
        if tokens[i] == "":  # a commit starts: its time follows (a path is never empty)
            when, i = int(tokens[i + 1]), i + 2
            continue
        blob, path = tokens[i].split()[3], tokens[i + 1]  # ":oldmode newmode oldblob newblob status", path
        found.setdefault(path, []).append(Version(when, None if blob.strip("0") == "" else blob))
        i += 2
    for path_versions in found.values():
        path_versions.reverse()  # git log lists newest first
    return found


class Blobs:
    """One `git cat-file --batch` process, asked for one blob at a time so only the versions needed are read."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self.process: subprocess.Popen[bytes] | None = None
        self.failed = False
        self.opens: dict[str, dt.date | None] = {}

    def opens_on(self, blob: str) -> dt.date | None:
        """opens_on() of a blob, read once (a reverted file's old version comes back with the same id)."""
        if blob not in self.opens:
            self.opens[blob] = opens_on(self.text(blob), blob)
        return self.opens[blob]

    def text(self, blob: str) -> str | None:
        """A blob's text; None if it cannot be read or is not UTF-8 (the build would reject it too)."""
        stdin, stdout = self.pipes()
        if stdin is None or stdout is None:
            return None
        try:
            stdin.write(blob.encode("ascii") + b"\n")
            stdin.flush()
        except OSError:  # the process has ended
            return None
        header = stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            return None  # missing, or not a file
        data = stdout.read(int(header[2]) + 1)[:-1]  # the blob, then a newline
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def pipes(self) -> tuple[IO[bytes] | None, IO[bytes] | None]:
        """The process's input and output, starting it on first use (no papers: no process)."""
        if self.process is None and not self.failed:
            try:
                self.process = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self.top,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except OSError:
                self.failed = True
        return (self.process.stdin, self.process.stdout) if self.process else (None, None)

    def close(self) -> None:
        """End the process (closing its input ends it)."""
        if self.process is not None:
            self.process.communicate()


def opens_on(text: str | None, shown: str) -> dt.date | None:
    """The date a version of a paper may be public from (AT_ONCE without publish_on), or None if it may never
    be: its front-matter, read as the build reads it, must say status: published and classification: official."""
    parts = split_front_matter(text) if text is not None else None
    problems: list[Problem] = []
    y = parse_yaml(parts[0], parts[1], shown, problems, "front-matter") if parts is not None else None
    if y is None or not isinstance(y.value, dict):
        return None
    checker = Checker(shown, problems)
    values = {f.name: checker.value(y.value[f.name], f, "")[1] for f in GATE_FIELDS if f.name in y.value}
    if problems or values.get("status") != "published" or values.get("classification") != PUBLISHED_CLASSIFICATION:
        return None  # problems include a field written twice: that version failed the build
    return values.get("publish_on") or AT_ONCE


def first_publication(history: list[Version], gate: Callable[[str], dt.date | None], tz: ZoneInfo) -> int | None:
    """When a paper first became public: in the life of the oldest publishable version whose publish_on came
    before the next version replaced it, the later of its commit time and publish_on; None if never."""
    for version, following in zip(history, [*history[1:], None], strict=True):
        opens = gate(version.blob) if version.blob is not None else None
        if opens is None:
            continue
        start = (
            version.when
            if opens == AT_ONCE
            else max(version.when, int(dt.datetime.combine(opens, dt.time(), tz).timestamp()))
        )
        if following is None or start < following.when:
            return start
    return None


def is_paper_file(path: str) -> bool:
    """A Markdown file other than a meeting's meeting.md (the loader's rule for paper files)."""
    name = PurePosixPath(path).name
    return name.endswith(".md") and name != "meeting.md"


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
    # -m with --first-parent: a merge's changes against the branch it was merged into (recent git does it
    # unasked); --root: the first commit's files too, whatever log.showRoot says; --no-abbrev: whole blob ids.
    log = git(
        [
            "log",
            "--first-parent",
            "-m",
            "--root",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            "--no-color",
            "--no-show-signature",
            "-z",
            "--format=%x00%ct",
            "--",
            ".",
        ],
        content,
    )
    if log is None:
        return History()  # e.g. a repository with no commit yet
    return History(dated(versions(log), Path(top), tz))


def dated(found: dict[str, list[Version]], top: Path, tz: ZoneInfo) -> dict[Path, FileHistory]:
    """Each file still in the repository, with its dates."""
    blobs = Blobs(top)

    def day(when: float) -> dt.date:
        """A commit time's date where the board meets."""
        return dt.datetime.fromtimestamp(when, tz).date()

    files = {}
    try:
        for path, history in sorted(found.items()):
            if history[-1].blob is None:
                continue  # deleted: no longer a file of the site
            published = first_publication(history, blobs.opens_on, tz) if is_paper_file(path) else None
            files[(top / path).resolve()] = FileHistory(
                path, day(history[0].when), day(history[-1].when), day(published) if published is not None else None
            )
    finally:
        blobs.close()
    return files


def paper_history(site: Site, content: Path, found: History) -> dict[str, PaperHistory]:
    """The first-published date of every paper on the site that has one, keyed by the paper's source path."""
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
        if not paper.is_public(site.today) or (first is not None and first > site.today):
            first = None  # a draft shown by serve --drafts, or a file changed since its last commit: no guess
        if first is not None:
            out[paper.source] = PaperHistory(first)
    return out
