"""Load content/: read every file, check every rule, and build the model or raise all problems at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import errno
import hashlib
import html.parser
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from boardpapers.content import attachments, links, record, xref
from boardpapers.content.fields import (
    BODY_INVISIBLE_RE,
    Checker,
    ParseMemo,
    Y,
    decode_text,
    describe,
    front_matter_mistakes,
    invisible_problem,
    printable,
    split_front_matter,
)
from boardpapers.content.model import (
    RESTRICTED_TITLE,
    Action,
    AgendaEntry,
    Board,
    Matter,
    Meeting,
    Notice,
    Paper,
    Site,
    Theme,
    item_key,
    previewable,
)
from boardpapers.content.problems import ContentError, Problem
from boardpapers.content.schema import (
    ACTIONS_FILE_FIELDS,
    KIND_EXPECTED,
    MATTERS_FILE_FIELDS,
    MEETING_FIELDS,
    NOTICE_FIELDS,
    PAPER_FIELDS,
    SITE_FILE_FIELDS,
    Field,
)

BoardOrTheme = TypeVar("BoardOrTheme", Board, Theme)
# Names are matched whole (fullmatch): `$` would let a trailing newline through, `\d` any script's digits.
FOLDER_RE = re.compile(
    r"(?:(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:-(?P<board>[a-z0-9-]+))?"
    r"|undated-(?P<slug>[a-z0-9-]+))"
)
# A paper's file name is its page address, so it keeps to what every file system, URL and shell takes as it is.
PAPER_NAME_RE = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*\.md")
MARKDOWN_RE = re.compile(r"\.md[\s.]*\Z", re.IGNORECASE)  # meant as Markdown: .MD, or "x.md " too, is reported
NAMELESS_RE = re.compile(r"\.+md", re.IGNORECASE)  # "..md" looks hidden but is a paper with no name
RESERVED_STEMS = frozenset(["meeting", "index"])  # meeting.md; index.md is the meeting page in the docs tree
# What a file's name may not be, and what the name is kept for, by the kind of file: decisions/index.md is the
# decisions register's page in the docs tree.
CONTENT_PARTS = frozenset({"board.yml", "actions.yml", "matters.yml", "meetings", "decisions"})
README_RE = re.compile(r"readme(\.[a-z]+)?$", re.IGNORECASE)  # notes for the content's editors: not read
SYSTEM_FILE_RE = re.compile(r"(thumbs\.db|ehthumbs\.db|desktop\.ini|icon\r|~\$.*)$", re.IGNORECASE)  # OS's, Word's
KEPT_NAMES = {"paper": (RESERVED_STEMS, "the meeting page"), "notice": (frozenset(["index"]), "the list of decisions")}
WINDOWS_DEVICES = frozenset(["con", "prn", "aux", "nul", *(f"{port}{i}" for port in ("com", "lpt") for i in range(10))])

# Content files are small; a larger one is a mistake (or /dev/zero behind a link) and is refused before reading.
MAX_FILE_KB = 2048
MAX_FILE_ENV = "BOARD_PAPERS_MAX_FILE_KB"  # or Loader(max_file_kb=...): the limit for one file, in KB
# Non-blocking: even if a pipe replaced a file after it was checked, opening it cannot wait for a writer.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
NOT_FILES = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


class Loader:
    """Read one content folder, collecting problems instead of stopping at the first."""

    def __init__(
        self,
        content: Path,
        today: dt.date,
        drafts: bool = False,
        memo: Path | None = None,
        max_file_kb: int | None = None,
        strict: bool = False,
    ) -> None:
        self.content = content
        self.strict = strict  # --strict: warnings are problems too
        self.root = os.path.realpath(content)  # the content folder may be a link; nothing in it may lead out
        self.max_file_kb = max_file_kb  # None: $BOARD_PAPERS_MAX_FILE_KB, or else MAX_FILE_KB
        self.limit = MAX_FILE_KB * 1024
        self.memo = ParseMemo(memo)  # `memo`: a file to keep parsed front-matter in between builds
        self.today = today
        self.drafts = drafts  # serve --drafts: preview drafts and embargoed papers (see previewable)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.listed: set[Path] = set()  # the files papers list as attachments (strays: not stray)
        self.board_ok = True  # whether board.yml was read (see load)
        self.unheld: list[xref.Body] = []  # bodies of papers the model does not hold (see paper)
        self.unsure: set[tuple[str, str | None]] = set()  # (meeting folder, item or None: any) not in the model
        self.unsure_files: set[str] = set()  # the content paths of papers not in the model
        self.unread: set[Path] = set()  # meeting folders with a paper or meeting.md not read whole (see strays)
        self.written_items: dict[Path, list[str | None]] = {}  # a meeting folder's papers' agenda_item as written
        self.used: set[str] = set()  # the real paths of the files read or attached (a link's target is not stray)
        self.matters: dict[str, Matter] = {}
        self.records: list[tuple[Meeting, dict[str, Any], Y]] = []  # meetings' record fields, checked last
        self.matter_lines: dict[str, int] = {}  # each matter's line in matters.yml, for messages
        self.matters_read = True  # False when matters.yml has a mistake: then no matter id is called unknown
        # Every decision notice as read, published or not, for check_links alone: the site keeps only what may
        # be shown of one that is not published (record.public_notice).
        self.notices_read: list[Notice] = []
        # What the site's pages are made from, for Site.inputs: each file read (the digest of its text) and, of a
        # paper's or a notice's file, the digest of its text less the body, which shows on its own page alone.
        self.sources: dict[str, str] = {}
        self.heads: dict[str, str] = {}
        self.bodies: set[str] = set()  # the files whose body is a paper's or a notice's

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the content folder's parent."""
        text, parent = str(path), str(self.content.parent)
        if os.sep == "/" and text.startswith(parent + "/") and parent not in ("", "."):
            return printable(text[len(parent) + 1 :])  # what relative_to gives, without its cost on every file
        try:  # printable: a file name may hold a newline or an escape sequence, and messages are lines
            return printable(path.relative_to(self.content.parent).as_posix())
        except ValueError:
            return printable(path.as_posix())

    def file_limit(self) -> int:
        """The most bytes one content file may hold: the Loader's argument, the environment's, or MAX_FILE_KB."""
        if self.max_file_kb is not None:
            return self.max_file_kb * 1024
        text = os.environ.get(MAX_FILE_ENV, "").strip()
        if re.fullmatch(r"[0-9]{1,9}", text) and int(text) > 0:
            return int(text) * 1024
        if text:
            self.problems.append(
                Problem(
                    f"${MAX_FILE_ENV}",
                    1,
                    "environment",
                    (
                        f"invalid value '{printable(text)}', expected a whole number of kilobytes, "
                        f"e.g. {MAX_FILE_ENV}={MAX_FILE_KB * 2}"
                    ),
                )
            )
        return MAX_FILE_KB * 1024

    def inspect(self, path: Path) -> tuple[str, int]:
        """What a path in content/ is, and its mode: 'file', 'folder', 'other' or 'missing'; 'bad' once recorded."""
        try:
            linked = stat.S_ISLNK(os.lstat(path).st_mode)
        except FileNotFoundError:
            return "missing", 0
        except OSError as err:
            return self.unreadable(path, err), 0
        try:
            mode = os.stat(path).st_mode
        except OSError as err:
            return (self.bad(path, *broken_link(err, self.target(path))) if linked else self.unreadable(path, err)), 0
        if linked and not self.inside(path):
            return self.bad(
                path,
                f"is a link to '{self.target(path)}', outside the content folder, expected files and folders inside it",
                "e.g. copy the file here instead of linking to it",
            ), 0
        return "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other", mode

    def target(self, path: Path) -> str:
        """Where a link points, as written in it."""
        try:
            return printable(os.readlink(path))
        except OSError as err:
            return f"? ({err.strerror})"

    def inside(self, path: Path) -> bool:
        """Whether a path, once every link is followed, is inside the content folder."""
        real = os.path.realpath(path)
        return real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep)

    def bad(self, path: Path, why: str, fix: str) -> str:
        """Record why a path cannot be used; return 'bad'."""
        self.problems.append(Problem(self.shown(path), 1, "file", f"{why}, {fix}"))
        return "bad"

    def unreadable(self, path: Path, err: OSError) -> str:
        """Record that the system refused to read a path."""
        return self.bad(
            path,
            f"cannot be read ({err.strerror}), expected a file or folder you may read",
            "e.g. check its permissions",
        )

    def read(self, path: Path) -> str | None:
        """A content file's text, read only if it is an ordinary file inside content/ and within the size limit."""
        kind, mode = self.inspect(path)
        if kind == "folder":
            self.bad(path, "is a folder, expected a file", "e.g. rename the folder, or move it out of content/")
        elif kind == "other":
            self.bad(
                path,
                f"is {NOT_FILES.get(stat.S_IFMT(mode), 'not a file')}, not an ordinary file, expected a file of text",
                "e.g. delete it and save the file again",
            )
        elif kind == "missing":  # listed a moment ago
            self.bad(path, "was removed while it was read, expected a file", "e.g. run the command again")
        if kind != "file":
            return None
        try:
            with os.fdopen(os.open(path, OPEN_FLAGS), "rb") as stream:
                info = os.fstat(stream.fileno())  # what was opened: it may not be what was looked at before
                regular = stat.S_ISREG(info.st_mode)
                data = stream.read(self.limit + 1) if regular and info.st_size <= self.limit else b""
        except OSError as err:
            self.unreadable(path, err)
            return None
        size = max(info.st_size, len(data))  # a file growing as it is read is cut at the limit, then refused
        if not regular:
            self.bad(
                path,
                "was replaced by something else while it was read, expected a file of text",
                "e.g. run the command again",
            )
        elif size > self.limit:
            self.too_big(path, size)
        else:
            text = decode_text(data, self.shown(path), self.problems)
            self.used.add(os.path.realpath(path))
            if text is not None:
                self.sources[self.shown(path)] = digest(text)
            return text
        return None

    def too_big(self, path: Path, size: int) -> None:
        """Report a file over the size limit, saying how to raise it."""
        kb, limit = -(-size // 1024), self.limit // 1024
        self.bad(
            path,
            f"is {kb:,} KB, more than the {limit:,} KB one content file may be, expected a smaller file",
            f"e.g. split it in two, or raise the limit: {MAX_FILE_ENV}={-(-kb // 1024) * 1024} python build.py check",
        )

    def yaml_file(self, path: Path, fields: tuple, what: str) -> dict[str, Any] | None:
        """Read and check a whole-YAML data file."""
        shown = self.shown(path)
        if not os.path.lexists(path):
            self.problems.append(
                Problem(shown, 1, "file", f"missing, expected {what}, e.g. copy it from the sample content")
            )
            return None
        text = self.read(path)
        y = self.memo.parse(text, 1, shown, self.problems, "file") if text is not None else None
        if y is not None and not isinstance(y.value, dict):
            found = "a list" if isinstance(y.value, list) else "empty" if y.value is None else "a single value"
            self.problems.append(
                Problem(
                    shown,
                    y.line,
                    "file",
                    f"the file is {found}, expected {KIND_EXPECTED['mapping']} holding {what}, "
                    f"e.g. {fields[0].name}: {fields[0].example}",
                )
            )
            return None
        return Checker(shown, self.problems).record(y, fields) if y is not None else None

    def load(self) -> Site:
        """Read everything, check everything, and return the site model or raise ContentError."""
        if not self.content.is_dir():
            raise ContentError(
                [
                    Problem(
                        printable(self.content.as_posix()),
                        1,
                        "content",
                        "folder not found, expected the content folder, e.g. --content content",
                    )
                ]
            )
        self.limit = self.file_limit()
        conf = self.yaml_file(self.content / "board.yml", SITE_FILE_FIELDS, "the organisation, boards and themes")
        # Broken, board.yml names no board or theme: every use of one would be reported as unknown, burying the one
        # mistake there under one a paper. Those uses are checked once it reads.
        self.board_ok = conf is not None
        boards, themes = self.boards_and_themes(conf)
        self.matters = self.read_matters()
        meetings = [m for m in (self.meeting(d, boards, themes) for d in self.meeting_dirs()) if m is not None]
        meetings.sort(key=Meeting.sort_key, reverse=True)
        self.check_records(meetings)
        actions = self.actions(meetings)
        site = Site(conf["organisation"] if conf else {}, boards, themes, meetings, actions, self.today)
        site.matters, site.notices = self.matters, self.notices()
        site.matters = self.public_matters(site)
        if conf:
            board_yml = self.content / "board.yml"
            text = self.read(board_yml) or ""
            self.warnings.extend(no_contact(conf["organisation"], self.shown(board_yml), text))
        self.strays()  # once every file is read: those read through links are not stray
        self.check_links(site)
        if self.strict:
            self.problems += [dataclasses.replace(w, warning=False) for w in self.warnings]
        site.warnings = sorted(self.warnings)
        if self.problems:
            raise ContentError(self.problems)
        site.inputs = self.inputs(site)
        for paper in (p for m in site.meetings for p in m.papers if not p.is_public(self.today)):
            self.memo.forget(paper.source, {paper.body: ("urls", links.CODE)})
        for notice in (n for n in self.notices_read if not n.is_public(self.today)):
            self.memo.forget(notice.source, {notice.body: ("urls", links.CODE)})
        self.memo.save()  # only for valid content: a failed check writes nothing at all
        return site

    def inputs(self, site: Site) -> str:
        """Site.inputs: a digest of every file read, less the bodies of papers and notices, and of what the site
        holds of files it does not read (attachments' sizes)."""
        parts = [f"{s}\0{self.heads[s] if s in self.bodies else self.sources[s]}" for s in sorted(self.sources)]
        parts += [f"{p.source}\0{p.attachments!r}" for m in site.meetings for p in m.papers if p.attachments]
        return digest("\n".join([self.today.isoformat(), str(self.drafts), *parts]))

    def boards_and_themes(self, conf: dict[str, Any] | None) -> tuple[dict[str, Board], dict[str, Theme]]:
        """Build boards and themes, reporting ids used twice."""
        if not conf:
            return {}, {}
        return self.by_id("boards", conf["boards"], Board), self.by_id("themes", conf["themes"], Theme)

    def by_id(self, kind: str, rows: list[dict[str, Any]], cls: type[BoardOrTheme]) -> dict[str, BoardOrTheme]:
        """board.yml's boards or themes by id, reporting an id used twice (the later one is kept)."""
        shown = self.shown(self.content / "board.yml")
        out: dict[str, BoardOrTheme] = {}
        for row in rows:
            if row["id"] in RESERVED_IDS:
                self.problems.append(Problem(shown, row["_line"], f"{kind}.id", reserved_id(kind.rstrip("s"))))
            if row["id"] in out:
                self.problems.append(
                    Problem(
                        shown,
                        row["_line"],
                        f"{kind}.id",
                        f"'{row['id']}' is used twice, expected each id once, e.g. rename one of them",
                    )
                )
            out[row["id"]] = cls(**{k: v for k, v in row.items() if k != "_line"})
        return out

    def meeting_dirs(self) -> list[Path]:
        """Every meeting folder, sorted by name so output order never depends on the file system."""
        root = self.content / "meetings"
        kind = self.inspect(root)[0]
        if kind in ("file", "other"):
            self.bad(root, "is not a folder, expected the folder of meetings", "e.g. rename it and make a folder")
        if kind != "folder":
            return []
        # Only folders are meetings; inspect reports the links among the rest that are broken or lead out.
        return [path for path in self.entries(root) if self.inspect(path)[0] == "folder"]

    def entries(self, folder: Path) -> list[Path]:
        """A folder's entries by name, leaving out hidden ones (a name starting with '.', but not '..md')."""
        try:
            names = os.listdir(folder)
        except OSError as err:
            self.bad(
                folder, f"cannot be read ({err.strerror}), expected a folder you may read", "e.g. check its permissions"
            )
            return []
        return [folder / name for name in sorted(names) if not name.startswith(".") or NAMELESS_RE.fullmatch(name)]

    def paper_files(self, folder: Path, kind: str = "paper") -> list[tuple[Path, str]]:
        """A meeting folder's papers (`kind` notice: content/decisions/'s notices), each with the name its address
        is made from; other files are left alone."""
        kept = KEPT_NAMES[kind][0]
        files = [
            p for p in self.entries(folder) if MARKDOWN_RE.search(p.name) and (kind, p.name) != ("paper", "meeting.md")
        ]
        taken = {p.name for p in files if PAPER_NAME_RE.fullmatch(p.name)} | {f"{s}.md" for s in kept}
        return [
            (path, path.name[:-3] if self.good_name(path.name, kind) is None else self.rename(path, taken, kind))
            for path in files
        ]

    def good_name(self, name: str, kind: str = "paper") -> str | None:
        """None for a paper file name that can be its address; else what is wrong with it."""
        ending = MARKDOWN_RE.search(name)
        stem = name[: ending.start()] if ending else name
        odd = [odd_character(c) for c in dict.fromkeys(stem) if not re.fullmatch(r"[a-z0-9.-]", c)]
        if not stem.strip("."):
            return "has no name before .md"
        if ending is None or ending.group() != ".md":
            return f"ends in '{printable(ending.group() if ending else name)}' rather than '.md'"
        if odd:  # each kind of character once, so one message says everything to change
            return "has " + (f"{', '.join(odd[:-1])} and {odd[-1]}" if len(odd) > 1 else odd[0])
        if stem[0] in ".-" or stem[-1] in ".-" or re.search(r"[.-]{2}", stem):
            return "has '.' or '-' at an end of the name, or two together"
        reserved, page = KEPT_NAMES[kind]
        if stem in reserved or stem.split(".")[0] in WINDOWS_DEVICES:
            kept = page if stem in reserved else "a device on Windows"
            return f"is '{stem}', a name kept for {kept}"
        return None

    def rename(self, path: Path, taken: set[str], kind: str = "paper") -> str:
        """Report a paper's (or notice's) file name that cannot be its address, with a free name to use; return
        that name."""
        name, plain = suggested_name(path.name, taken, kind)
        taken.add(f"{name}.md")
        other = f" ({plain}.md is another {kind}'s name)" if name != plain and plain not in KEPT_NAMES[kind][0] else ""
        self.bad(
            path,
            f"the name '{printable(path.name)}' {self.good_name(path.name, kind)}, expected lower-case letters "
            "a-z, digits, and '.' or '-' between them, ending in .md (the name is the page's address)",
            f"e.g. rename it to {name}.md{other}",
        )
        return name

    def front_matter(self, path: Path, kind: str | None = None) -> tuple[Y, str, int] | None:
        """Read a Markdown file's front-matter (located) and body, or record why it cannot be read. `kind`: what
        `new` command starts one (default: a meeting for meeting.md, else a paper)."""
        shown = self.shown(path)
        text = self.read(path)
        if text is None:
            return None
        parts = split_front_matter(text)
        if parts is None:  # told at the line to mend; once mended as told, the rest of the file is read on
            new = f"python build.py new {kind or ('meeting' if path.name == 'meeting.md' else 'paper')}"
            found, parts = front_matter_mistakes(text, new)
            self.problems.extend(Problem(shown, line, "front-matter", message) for line, message in found)
            if parts is None:
                return None
        yaml_text, yaml_line, body, body_line = parts
        self.heads[shown] = digest(f"{yaml_line}\0{body_line}\0{yaml_text}")
        for bad in self.memo.remember(BODY_CHECKS, body, body_problems, CODE, shown):  # read whole: remembered
            if bad is not None:
                self.problems.append(Problem(shown, body_line + body.count("\n", 0, bad[0]), "body", bad[1]))
        y = self.memo.parse(yaml_text, yaml_line, shown, self.problems, "front-matter")
        return (y, body, body_line) if y is not None else None

    def checked(self, y: Y, fields: tuple[Field, ...], kind: str, shown: str) -> dict[str, Any] | None:
        """Checker(...).record(y, fields) of the front-matter front_matter read last, remembered by its text:
        checking every paper's fields again was a fifth of reading the content in a rebuild."""

        def check(_: str) -> tuple[dict[str, Any] | None, list[Problem]]:
            found: list[Problem] = []
            return Checker(shown, found).record(y, fields), found

        key = f"{kind}\0{shown}\0{self.heads[shown]}"
        record, found = self.memo.remember("checked front-matter", key, check, SCHEMA_CODE, shown)
        self.problems.extend(found)
        return record

    def meeting(self, folder: Path, boards: dict[str, Board], themes: dict[str, Theme]) -> Meeting | None:
        """Read a meeting folder: meeting.md and every paper in it."""
        path = folder / "meeting.md"
        shown = self.shown(path)
        match = FOLDER_RE.fullmatch(folder.name)
        if not match:
            self.problems.append(
                Problem(
                    self.shown(folder),
                    1,
                    "folder",
                    (
                        f"'{printable(folder.name)}' is not a meeting folder name, expected YYYY-MM-DD, "
                        "YYYY-MM-DD-<board> or undated-<slug>, e.g. content/meetings/2019-09-18"
                    ),
                )
            )
            return None
        if not os.path.lexists(path):
            self.problems.append(
                Problem(
                    shown,
                    1,
                    "file",
                    "missing, expected every meeting folder to have a "
                    "meeting.md, e.g. python build.py new meeting --date 2019-09-18",
                )
            )
            self.left_out(folder)
            self.unsure_files.update(  # its papers are not read either
                links.content_path(self.shown(f)) for f in self.entries(folder) if MARKDOWN_RE.search(f.name)
            )
            return None
        read = self.front_matter(path)
        fm = self.checked(read[0], MEETING_FIELDS, "meeting", shown) if read else None
        meeting = self.meeting_model(folder, match, fm, read, boards) if read is not None and fm is not None else None
        if meeting is None:
            self.left_out(folder)
        # Papers are checked even when meeting.md is broken, so one run reports every problem.
        for paper_path, name in self.paper_files(folder):
            self.paper(paper_path, name, meeting, themes)
        written = self.written_items.pop(folder, [])
        if fm is None and read is not None:  # a field's problem: its record's items are checked as written
            self.problems += record.items_off_agenda(shown, read[0], written)
        if meeting is not None and fm is not None and read is not None:
            self.addresses(meeting)
            self.shared_attachments(meeting)
            self.agenda(meeting)
            record.set_meeting_record(meeting, fm)
            self.records.append((meeting, fm, read[0]))
        return meeting

    def left_out(self, folder: Path) -> None:
        """Note a meeting the model does not hold, for a problem of its own: references and links to it wait for
        it (not reported as leading nowhere), and files in its folder are not said to be listed by no paper."""
        self.unsure.add((folder.name, None))
        self.unread.add(folder)

    def meeting_model(
        self,
        folder: Path,
        match: re.Match[str],
        fm: dict[str, Any],
        read: tuple[Y, str, int],
        boards: dict[str, Board],
    ) -> Meeting | None:
        """Check a meeting's date and board against its folder name, and build it."""
        shown = self.shown(folder / "meeting.md")
        lines = read[0].value
        folder_date = self.folder_date(match, shown)
        if "date" in fm and fm["date"] != folder_date:
            self.problems.append(
                Problem(
                    shown,
                    lines["date"].line,
                    "date",
                    (
                        f"{fm['date'] or 'null'} does not match the folder name '{folder.name}', expected the same "
                        f"date as the folder, e.g. date: {folder_date or 'leave it out for an undated meeting'}"
                    ),
                )
            )
        board_id = fm.get("board") or match.group("board") or (next(iter(boards)) if len(boards) == 1 else None)
        if board_id not in boards:
            line = lines["board"].line if "board" in lines else 1
            if board_id is None and self.board_ok:
                self.problems.append(
                    Problem(
                        shown,
                        line,
                        "board",
                        f"missing, expected the id of the board that met (content/board.yml has "
                        f"{len(boards) or 'no'} boards), e.g. board: {next(iter(sorted(boards)), 'bcb')}",
                    )
                )
            elif self.board_ok:
                self.problems.append(Problem(shown, line, "board", unknown_id(board_id, boards, "board")))
            return None
        if match.group("board") and match.group("board") != board_id:
            self.problems.append(
                Problem(
                    shown,
                    lines["board"].line,
                    "board",
                    (
                        f"'{board_id}' does not match the folder suffix '-{match.group('board')}', expected the same "
                        f"board, e.g. board: {match.group('board')}"
                    ),
                )
            )
        return Meeting(
            shown,
            folder.name,
            boards[board_id],
            folder_date,
            fm.get("time"),
            fm.get("venue"),
            fm.get("status"),
            fm.get("items", []),
            read[1].strip(),
            read[2] + read[1][: len(read[1]) - len(read[1].lstrip())].count("\n"),
        )

    def folder_date(self, match: re.Match, shown: str) -> dt.date | None:
        """The date a meeting folder's name gives, reporting an impossible one."""
        if not match.group("date"):
            return None
        try:
            return dt.date.fromisoformat(match.group("date"))
        except ValueError:
            self.problems.append(
                Problem(
                    shown,
                    1,
                    "folder",
                    f"'{match.group('date')}' is not a real date, "
                    "expected the folder named YYYY-MM-DD, e.g. 2019-09-18",
                )
            )
            return None

    def paper(self, path: Path, name: str, meeting: Meeting | None, themes: dict[str, Theme]) -> None:
        """Read one paper into its meeting (None: the meeting is broken, so only check the paper).

        `name`: the file name without .md, or the name it is to be renamed to: the address is made from it."""
        shown = self.shown(path)
        read = self.front_matter(path)
        fm = self.checked(read[0], PAPER_FIELDS, "paper", shown) if read is not None else None
        if fm is None or meeting is None:
            # Not in the model, for a problem reported here or in meeting.md: a link or reference to it or to a
            # file it lists is not reported as leading nowhere as well.
            self.unread.add(path.parent)
            self.unsure_files.add(links.content_path(shown))
            attached = listed_files(read[0]) if read is not None else []
            self.unsure_files.update(links.content_path(self.shown(path.parent / name)) for name in attached)
            prefix = ITEM_PREFIX_RE.match(path.name)
            item = (written_item(read[0]) if read is not None else None) or (prefix.group(1) if prefix else None)
            if item:  # else its item is not known: references to the meeting's items are checked
                self.unsure.add((path.parent.name, item))
        if read is None:
            return
        self.bodies.add(shown)
        self.written_items.setdefault(path.parent, []).append(written_item(read[0]))
        self.listed.update(path.parent / name for name in listed_files(read[0]))
        self.check_themes(read[0], themes, shown)
        if fm is None and meeting is not None:  # its links and references are checked all the same (check_links)
            self.unheld.append(xref.Body(shown, path.parent.name, read[1], read[2]))
        if fm is None or meeting is None:
            return
        slug = name
        numbered = ITEM_PREFIX_RE.match(name)
        item = fm["agenda_item"]
        if item and numbered and numbered.group(1) != item:
            # Else the address would become 5.2-5.1-...: a page's address changed by a typo, saved links broken.
            rest = name[numbered.end() :]
            self.problems.append(
                Problem(
                    shown,
                    read[0].value["agenda_item"].line,
                    "agenda_item",
                    f"'{item}' but the file name starts '{numbered.group(1)}-', expected the same number (the file "
                    f'name is the page\'s address), e.g. agenda_item: "{numbered.group(1)}", or rename the file '
                    f"{item}-{rest}.md",
                )
            )
        if item and not slug.startswith(item + "-") and slug != item:
            slug = f"{item}-{slug}"
        paper = Paper(
            source=shown,
            slug=slug,
            meeting=meeting,
            title=fm["title"],
            agenda_item=fm["agenda_item"],
            from_=fm["from"],
            to=fm.get("to") or meeting.board.name,
            date=fm.get("date", meeting.date),
            themes=fm.get("themes", []),
            classification=fm["classification"],
            status=fm["status"],
            body=read[1],
            body_line=read[2],
            publish_on=fm.get("publish_on"),
            summary=fm.get("summary"),
            recommendations=fm.get("recommendations", []),
            contact_officers=fm.get("contact_officers", []),
            source_documents=fm.get("source_documents", []),
            corrections=self.corrections(fm.get("corrections", []), shown),
            attachments=self.attachments(fm.get("attachments", []), path.parent, shown),
            matters=self.known(fm.get("matters", []), read[0], shown, "matters"),
            public_title=fm.get("public_title"),
            line=read[0].value["agenda_item"].line,
        )
        paper.published = paper.is_public(self.today) or (self.drafts and previewable(paper))
        meeting.papers.append(paper)

    def corrections(self, rows: list[dict[str, Any]], shown: str) -> list[dict[str, Any]]:
        """A paper's corrections, newest first, reporting any dated after today (a typo in the year, usually)."""
        for number, row in enumerate(rows, 1):
            if row["date"] > self.today:
                self.problems.append(
                    Problem(
                        shown,
                        row["_line"],
                        f"corrections[{number}].date",
                        f"{row['date']} is after today ({self.today}), expected the day the correction was made, "
                        f"e.g. date: {self.today}",
                    )
                )
        ordered = sorted(rows, key=lambda row: row["date"], reverse=True)
        return [{"date": row["date"], "text": row["text"]} for row in ordered]

    def attachments(self, rows: list[dict[str, Any]], folder: Path, shown: str) -> list[attachments.Attachment]:
        """A paper's attachments, each checked: a safe name of an allowed type, an ordinary file of that type in
        the meeting folder (a link only within content/), within the size limit; reported at its entry's line."""
        limit, wrong = attachments.limit_bytes()
        if wrong and rows:
            self.problems.append(Problem(f"${attachments.MAX_ENV}", 1, "environment", wrong))
        out: list[attachments.Attachment] = []
        for number, row in enumerate(rows, 1):
            try:
                problem = attachments.name_problem(row["file"], WINDOWS_DEVICES)
                if problem is not None:
                    raise attachments.AttachmentError(problem)
                size, real = attachments.check(folder, row["file"], self.root, limit)
                self.used.add(os.path.realpath(real))
            except attachments.AttachmentError as err:
                self.problems.append(Problem(shown, row["_line"], f"attachments[{number}].file", str(err)))
                continue
            out.append(attachments.Attachment(row["file"], row["title"], size, real, row["_line"]))
        return out

    def shared_attachments(self, meeting: Meeting) -> None:
        """Report a file listed twice: by two papers, or twice by one (each file belongs to one paper)."""
        first: dict[str, tuple[str, int]] = {}
        for paper in sorted(meeting.papers, key=lambda p: p.source):
            for number, attachment in enumerate(paper.attachments, 1):
                where = first.setdefault(attachment.file, (paper.source, attachment.line))
                if where == (paper.source, attachment.line):
                    continue
                self.problems.append(
                    Problem(
                        paper.source,
                        attachment.line,
                        f"attachments[{number}].file",
                        f"'{attachment.file}' is also listed at {where[0]}:{where[1]}, expected each file listed "
                        "by one paper, e.g. copy it under another name for this one, or list it once",
                    )
                )

    def addresses(self, meeting: Meeting) -> None:
        """Report papers whose addresses are one (a name and the same name after its agenda number)."""
        owners: dict[str, Paper] = {}
        for paper in sorted(meeting.papers, key=lambda p: p.source):
            first = owners.setdefault(paper.slug, paper)
            if first is paper:
                continue
            free = next(f"{paper.slug}-{n}" for n in range(2, len(owners) + 3) if f"{paper.slug}-{n}" not in owners)
            name = paper.source.rsplit("/", 1)[-1]
            how = (
                f" (agenda item {paper.agenda_item} goes before its name)"
                if paper.agenda_item
                and not (name.startswith(f"{paper.agenda_item}-") or name == f"{paper.agenda_item}.md")
                else ""
            )
            self.problems.append(
                Problem(
                    paper.source,
                    1,
                    "file",
                    (
                        f"its page address {paper.url}{how} is also the address of {first.source}, expected each paper "
                        f"to have its own address, e.g. rename it to {free}.md"
                    ),
                )
            )

    def read_matters(self) -> dict[str, Matter]:
        """content/matters.yml's matters by id, when the file exists (it is optional)."""
        path = self.content / "matters.yml"
        if not os.path.lexists(path):
            return {}
        data = self.yaml_file(path, MATTERS_FILE_FIELDS, "the matters followed across meetings")
        if data is None:
            self.matters_read = False  # its mistake is reported; the ids others name cannot be judged
            return {}
        seen: dict[str, int] = {}
        for row in data["matters"]:
            if row["id"] in RESERVED_IDS:
                self.problems.append(Problem(self.shown(path), row["_line"], "matters.id", reserved_id("matter")))
            if row["id"] in seen:
                self.problems.append(
                    Problem(
                        self.shown(path),
                        row["_line"],
                        "matters.id",
                        f"matter '{row['id']}' is listed twice (also line {seen[row['id']]}), expected each id once",
                    )
                )
            seen.setdefault(row["id"], row["_line"])
        self.matter_lines = seen
        return record.matters_of(data["matters"])

    def public_matters(self, site: Site) -> dict[str, Matter]:
        """The matters some public record names: only they get a page, a feed and a place in the list (a matter
        named only by a draft would otherwise announce what the draft is about). The others are warned of."""
        shown = self.shown(self.content / "matters.yml")
        public = {}
        for matter_id, matter in site.matters.items():
            if record.timeline(site, matter):
                public[matter_id] = matter
            else:
                self.warnings.append(
                    Problem(
                        shown,
                        self.matter_lines.get(matter_id, 1),
                        "matters.id",
                        f"matter '{matter_id}' is named by no published paper, decision or action, so it is not "
                        "published yet (no page or feed), expected it on a published record, or leave it until then",
                        warning=True,
                    )
                )
        return public

    def known(self, ids: list[str], front: Y, shown: str, field: str) -> list[str]:
        """A front-matter's matter ids, reporting any that is no matter of content/matters.yml at its line."""
        values = front.value if isinstance(front.value, dict) else {}
        entries = values[field].value if field in values and isinstance(values[field].value, list) else []
        for index, value in enumerate(ids):
            line = entries[index].line if index < len(entries) else values[field].line if field in values else 1
            self.problems += self.unknown_matters([value], shown, line, field)
        return list(ids)

    def unknown_matters(self, ids: list[str], shown: str, line: int, field: str) -> list[Problem]:
        """record.unknown_matters, unless matters.yml could not be read (its own mistake is the one to fix)."""
        return record.unknown_matters(ids, self.matters, shown, line, field) if self.matters_read else []

    def check_records(self, meetings: list[Meeting]) -> None:
        """Check what meetings' records name: agenda items, the meeting that approved minutes, matters."""
        dates = {m.date: m for m in meetings if m.date}
        for meeting, fm, front in self.records:
            self.problems += record.meeting_problems(meeting, fm, front, dates, self.today)
            for index, row in enumerate(fm.get("decisions", [])):
                for position, value in enumerate(row.get("matters", [])):
                    line = record.line_at(front, "decisions", index, "matters", position) or row["_line"]
                    self.problems += self.unknown_matters(
                        [value], meeting.source, line, f"decisions[{index + 1}].matters"
                    )

    def notices(self) -> list[Notice]:
        """The decision notices of content/decisions/, newest first; one that is not published keeps only what
        may be shown of it (its date and public summary), so its title, text and file name reach no page or file."""
        folder = self.content / "decisions"
        if not folder.is_dir():
            return []
        out: list[Notice] = []
        self.nested_notices(folder)
        for path, name in self.paper_files(folder, "notice"):
            shown = self.shown(path)
            read = self.front_matter(path, "notice")
            if read is None:
                continue
            self.bodies.add(shown)
            fm = Checker(shown, self.problems).record(read[0], NOTICE_FIELDS)
            if fm is None:
                continue
            self.known(fm.get("matters", []), read[0], shown, "matters")
            found = record.notice(shown, name, fm, read[1], read[2])
            self.notices_read.append(found)
            # serve --drafts previews a draft or embargoed notice; withdrawn or classified never (as papers)
            found.published = found.is_public(self.today) or (self.drafts and previewable(found))
            out.append(found if found.published else record.public_notice(found))
        return sorted(out, key=lambda n: (n.date, n.id), reverse=True)

    def strays(self) -> None:
        """Report what the build would pass over without a word: a paper (a .md file with front-matter) anywhere
        but in a meeting's folder (or content/decisions/) is a problem; any other file no paper lists, or a
        folder, a warning. Links and other odd entries are left to the checks of what uses them."""
        for path in self.entries(self.content):
            if path.name not in CONTENT_PARTS and not README_RE.match(path.name):
                self.stray(path, "content/ holds board.yml, actions.yml, matters.yml, meetings/ and decisions/")
        meetings = self.content / "meetings"
        listed = {os.path.normcase(str(p)).lower() for p in self.listed}  # Annex.pdf is annex.pdf on Windows, macOS
        for path in self.entries(meetings) if entry_kind(meetings) == "folder" else []:
            if entry_kind(path) != "folder":
                if not README_RE.match(path.name):
                    self.stray(path, "content/meetings/ holds a folder for each meeting")
                continue
            for inside in self.entries(path):
                kind = entry_kind(inside)
                if kind == "folder":
                    self.stray(inside, "a meeting's folder holds its meeting.md, papers and their attachments")
                elif (
                    kind == "file"
                    and not MARKDOWN_RE.search(inside.name)
                    and os.path.normcase(str(inside)).lower() not in listed
                    and path not in self.unread  # a paper not read may list it: its problem is said first
                    and not SYSTEM_FILE_RE.match(inside.name)  # made by Windows, macOS or Word: nothing to say
                ):
                    self.warn_stray(
                        inside,
                        "is not a paper (a .md file) and no paper lists it under attachments, so it is not "
                        "published, expected a paper or a paper's attachment in a meeting's folder",
                        "e.g. make a paper of it with python build.py import, or list it under a paper's attachments",
                    )

    def stray(self, path: Path, holds: str) -> None:
        """Report a file or folder where the content has none: each paper in it a problem, else a warning."""
        kind = entry_kind(path)
        files = [path] if kind == "file" else []
        if kind == "folder":
            files = sorted(Path(root) / name for root, _, names in os.walk(path) for name in names)
        if any(os.path.realpath(f) in self.used for f in files):
            return  # read or attached through a link from a meeting's folder
        papers = [f for f in files if MARKDOWN_RE.search(f.name) and entry_kind(f) == "file" and has_front_matter(f)]
        for paper in papers:
            self.bad(
                paper,
                f"is not read: {holds}, expected each paper in its meeting's folder",
                f"e.g. move it to content/meetings/YYYY-MM-DD/{paper.name} (the meeting's date)",
            )
        if not papers and kind in ("file", "folder") and not SYSTEM_FILE_RE.match(path.name):
            self.warn_stray(path, f"is not read: {holds}, expected nothing else", "e.g. move it out of content/")

    def warn_stray(self, path: Path, why: str, fix: str) -> None:
        """A warning that a file or folder is passed over."""
        self.warnings.append(Problem(self.shown(path), 1, "file", f"{why}, {fix}", warning=True))

    def nested_notices(self, folder: Path) -> None:
        """Report each folder inside content/decisions/: notices are read only from content/decisions/ itself,
        so one in a folder of it would be left out without a word."""
        for path in self.entries(folder):
            if MARKDOWN_RE.search(path.name) or self.inspect(path)[0] != "folder":
                continue  # a folder named x.md is reported as not a file; a link out, by inspect
            inside = [p.name for p in self.entries(path) if MARKDOWN_RE.search(p.name)]
            move = f"move {inside[0]} to content/decisions/{inside[0]}" if inside else "move its notices up into it"
            self.bad(
                path,
                "is a folder inside content/decisions/, whose notices are not read, expected each decision notice "
                "as a file directly in content/decisions/",
                f"e.g. {move}",
            )

    def check_themes(self, front: Y, themes: dict[str, Theme], shown: str) -> None:
        """Report unknown theme ids, looking at the values as written so other bad fields don't hide them."""
        field = front.value.get("themes") if isinstance(front.value, dict) else None
        if field is None or not isinstance(field.value, list) or not self.board_ok:
            return
        for entry in field.value:  # an id with an invisible character is reported as that, not as unknown too
            if isinstance(entry.value, str) and entry.value not in themes and invisible_problem(entry.value) is None:
                self.problems.append(Problem(shown, field.line, "themes", unknown_id(entry.value, themes, "theme")))

    def agenda(self, meeting: Meeting) -> None:
        """Merge the meeting's items and papers into one agenda, reporting numbers used twice."""
        entries: list[tuple[AgendaEntry, int, str]] = []
        for item in meeting.items:
            entries.append(
                (
                    AgendaEntry(
                        item["number"],
                        item["title"],
                        item.get("presenter"),
                        bool(item.get("verbal")),
                        page=item.get("page"),
                    ),
                    item["_line"],
                    meeting.source,
                )
            )
        for paper in meeting.papers:
            if paper.published:
                entry = AgendaEntry(paper.agenda_item, paper.title, paper.from_, paper=paper)
            else:  # the agenda may show only the number and the public title of an unpublished paper
                entry = AgendaEntry(paper.agenda_item, paper.public_title or RESTRICTED_TITLE, restricted=True)
            entries.append((entry, paper.line, paper.source))
        seen: dict[str, tuple[int, str]] = {}
        for entry, line, source in entries:
            if entry.number is None:
                continue
            if entry.number in seen:
                first_line, first_source = seen[entry.number]
                self.problems.append(
                    Problem(
                        source,
                        line,
                        "agenda_item"
                        if source.endswith(".md") and not source.endswith("meeting.md")
                        else "items.number",
                        (
                            f"agenda number {entry.number} is used twice in meeting {meeting.folder} (also at "
                            f"{first_source}:{first_line}), expected each number once, e.g. renumber one of them"
                        ),
                    )
                )
            else:
                seen[entry.number] = (line, source)
        entries.sort(key=lambda e: (item_key(e[0].number), e[0].title if e[0].number is None else ""))
        meeting.agenda = [e for e, _, _ in entries]

    def actions(self, meetings: list[Meeting]) -> list[Action]:
        """Read the action log, linking each action to the meeting that raised it when it is archived."""
        path = self.content / "actions.yml"
        if not os.path.lexists(path):  # lexists: a broken link is reported, not taken for no file
            return []
        data = self.yaml_file(path, ACTIONS_FILE_FIELDS, "the action log")
        if data is None:
            return []
        by_date = {m.date: m for m in meetings if m.date}
        out: list[Action] = []
        seen: dict[str, int] = {}
        shown = self.shown(path)
        for row in data["actions"]:
            if row["number"] in seen:
                self.problems.append(
                    Problem(
                        shown,
                        row["_line"],
                        "actions.number",
                        (
                            f"action {row['number']} is listed twice (also line {seen[row['number']]}), expected each "
                            "number once, e.g. renumber one of them"
                        ),
                    )
                )
            seen[row["number"]] = row["_line"]
            self.problems += self.unknown_matters(row.get("matters", []), shown, row["_line"], "actions.matters")
            meeting = by_date.get(row["raised"]["meeting"])
            item = row["raised"].get("item")
            numbers = [e.number for e in meeting.agenda if e.number] if meeting else []
            if meeting and item and item not in numbers:
                self.problems.append(
                    Problem(
                        shown,
                        row["_line"],
                        "actions.raised.item",
                        (
                            f"meeting {meeting.folder} has no agenda item {item}, expected one of: "
                            f"{', '.join(numbers)}"
                            + (f', e.g. item: "{record.nearest_item(item, numbers)}"' if numbers else "")
                        ),
                    )
                )
            out.append(
                Action(
                    row["number"],
                    row["raised"]["meeting"],
                    item,
                    row["action"],
                    row["owner"],
                    row["target_date"],
                    row["status"],
                    list(row.get("updates", [])),
                    meeting,
                    row.get("matters", []),
                )
            )
        return sorted(out, key=lambda a: item_key(a.number))

    def check_links(self, site: Site) -> None:
        """Report references and links (in paper bodies and meeting notes) that lead nowhere or to a paper that
        is not published."""
        # Checked in every paper that is or may become public, so an embargoed paper cannot break the build on
        # the day it is released.
        public = [p for m in site.meetings for p in m.papers if previewable(p)]
        notices = [n for n in self.notices_read if previewable(n)]
        self.problems.extend(xref.problems(site, public, notices, self.unheld, self.unsure))
        self.warnings.extend(xref.suggestions(public))
        # A body's links as Python-Markdown reads them, remembered between builds (reading was most of a rebuild).
        found: dict[str, list[str]] = {}

        def urls_of(text: str) -> list[str]:
            found[text] = self.memo.remember("urls", text, links.urls, links.CODE)
            return found[text]

        unheld = [(b.source, b.text, b.line) for b in self.unheld]
        self.problems.extend(links.site_problems(site, public, urls_of, self.notices_read, unheld, self.unsure_files))
        # What each body and meeting's notes link to, for the build's page keys (Site.link_urls).
        written = [(p.source, p.body) for p in public] + [(m.source, m.notes) for m in site.meetings]
        written += [(n.source, n.body) for n in self.notices_read if n.source]
        site.link_urls = {source: found[text] for source, text in written if found.get(text)}


MAX_DEPTH = 40  # levels of lists, quotes and HTML elements inside each other: what Python-Markdown and nh3 handle
QUOTE_OR_INDENT_RE = re.compile(
    r"^(?:[ \t]*>)+|^ +(?=(?:[-*+]|\d+[.)])[ \t])", re.M
)  # quote marks, or a list item's indent
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Depth(html.parser.HTMLParser):
    """How deep a text's HTML elements nest, and where it first goes past MAX_DEPTH."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.too_deep: tuple[int, int] | None = None  # (line, column)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)
            if len(self.open) > MAX_DEPTH and self.too_deep is None:
                self.too_deep = self.getpos()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


# Marks Python-Markdown matches up in a paragraph in time that grows with the square (or worse) of their number:
# 4,000 '[' in one paragraph took 2.6 s, 1,000 backticks 2.6 s, 50,000 '[' did not end. Real paragraphs hold few.
MARK_LIMITS = {"[": 500, "`": 200}
PARAGRAPH_RE = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")  # a run of lines without a blank line


def no_contact(organisation: dict[str, Any], shown: str, text: str) -> list[Problem]:
    """A warning while the organisation (board.yml, `text`) gives no way to contact it: the accessibility
    regulations (2018) require one, and the footer and the accessibility statement show it."""
    if organisation.get("email") or organisation.get("telephone"):
        return []
    found = re.search(r"^organisation\s*:", text, re.M)
    return [
        Problem(
            shown,
            text.count("\n", 0, found.start()) + 1 if found else 1,
            "organisation.email",
            "no contact details, expected the organisation's email address (and telephone, address), shown in "
            "every page's footer and the accessibility statement, e.g. email: enquiries@example.org",
            warning=True,
        )
    ]


def marks_problem(body: str) -> tuple[int, str] | None:
    """Where a paragraph holds more of a mark than the engine can match up in reasonable time, or None."""
    if not any(body.count(mark) > limit for mark, limit in MARK_LIMITS.items()):
        return None
    for paragraph in PARAGRAPH_RE.finditer(body):
        for mark, limit in MARK_LIMITS.items():
            count = paragraph.group(0).count(mark) - paragraph.group(0).count("\\" + mark)  # escaped: text
            if count > limit:
                text = paragraph.group(0)
                return paragraph.start() + len(text) - len(text.lstrip("\n")), (
                    f"this paragraph has {count} '{mark}', more than the site's Markdown "
                    f"engine reads in reasonable time, expected at most {limit} a paragraph, "
                    "e.g. split it with blank lines, or write \\" + mark + " for those that "
                    "are plain text"
                )
    return None


BODY_CHECKS = "body checks"  # body_problems's kind in the memo
CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # in the memo's keys of body_problems
# In the memo's keys of checked records: the schema's fields (what they are checked against) and this module.
SCHEMA_CODE = hashlib.sha256(CODE.encode() + (Path(__file__).parent / "schema.py").read_bytes()).hexdigest()


def body_problems(body: str) -> tuple[tuple[int, str] | None, ...]:
    """What is wrong in a body as a whole, if anything: characters no page may hold, and what the engine cannot
    convert (each as (offset, message), else None)."""
    return invisible_problem(body, BODY_INVISIBLE_RE), engine_problem(body)


def engine_problem(body: str) -> tuple[int, str] | None:
    """Where a body holds what the engine cannot build, as (offset, message), or None: text the HTML parser
    that MkDocs runs over every page stops at (on Python 3.11, '<![' that opens no CDATA section), or lists,
    quotes or HTML nested past MAX_DEPTH (Python-Markdown runs out of stack, nh3 slows to minutes)."""
    found_marks = marks_problem(body)
    if found_marks is not None:
        return found_marks
    for found in QUOTE_OR_INDENT_RE.finditer(body):
        depth = found.group(0).count(">") or len(found.group(0)) // 4
        if depth > MAX_DEPTH:
            return found.start(), (
                f"nested {depth} levels deep, expected at most {MAX_DEPTH} levels of lists and "
                "quotes inside each other, e.g. split the list"
            )
    if "<" not in body:
        return None
    parser = _Depth()
    try:
        parser.feed(body)
        parser.close()
    except AssertionError:  # what MkDocs' own parser raises there
        line, column = parser.getpos()
        return offset_of(body, line, column), (
            "the site's engine cannot read the markup here (e.g. '<![' that "
            "opens no CDATA section), expected text or ordinary HTML, e.g. "
            "write '< ![' with a space"
        )
    if parser.too_deep is not None:
        return offset_of(body, *parser.too_deep), (
            f"HTML elements nested more than {MAX_DEPTH} deep, expected "
            "them closed in turn, e.g. <div>...</div><div>...</div>"
        )
    return None


def offset_of(text: str, line: int, column: int) -> int:
    """The offset of a (1-based line, 0-based column) position in `text`."""
    at = 0
    for _ in range(line - 1):
        at = text.index("\n", at) + 1
    return at + column


ITEM_PREFIX_RE = re.compile(r"(\d+(?:\.\d+)*)-")  # a file name's agenda number: 5.1-estates.md
RESERVED_IDS = frozenset(["index"])  # themes/<id>/ and matters/<id>/ sit beside the list of them, index


def reserved_id(kind: str) -> str:
    """The message for an id a page of the site's own uses."""
    return (
        f"'index' is the address of the list of all {kind}s, expected another id, e.g. {kind}-index or a word "
        f"that names the {kind}"
    )


def broken_link(err: OSError, target: str) -> tuple[str, str]:
    """Why a link cannot be followed, and the fix."""
    if err.errno == errno.ELOOP:
        return "is a link that leads back to itself, expected a file or a folder", "e.g. delete the link"
    if err.errno in (errno.ENOENT, errno.ENOTDIR):
        return (
            f"is a link to '{target}', which does not exist, expected a file or a folder",
            "e.g. delete the link, or copy the file here in its place",
        )
    return f"is a link that cannot be followed ({err.strerror}), expected a file or a folder", "e.g. delete the link"


def odd_character(char: str) -> str:
    """Name a character a file name may not hold, in words."""
    if char.isupper():
        return f"the upper-case letter '{char}'"
    if char == " ":
        return "a space"
    if 0xDC80 <= ord(char) <= 0xDCFF:  # how Python holds a byte of a name that is not UTF-8
        return f"the byte 0x{ord(char) - 0xDC00:02x}, which is not UTF-8"
    if not char.isprintable():
        return f"the invisible character {describe(char)}"
    return f"the character '{char}'" + (f", {describe(char)}," if ord(char) > 0x7F else "")


def suggested_name(name: str, taken: set[str], kind: str = "paper") -> tuple[str, str]:
    """A paper's (or notice's) file name (without .md) made from a bad one, not one of `taken`; and the name
    before that rule."""
    ending = MARKDOWN_RE.search(name)
    stem = name[: ending.start()] if ending else name
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    plain = re.sub(r"[^a-z0-9.]+", "-", plain)  # each run of other characters becomes one hyphen
    plain = re.sub(r"[.-]{2,}", lambda m: "." if set(m.group()) == {"."} else "-", plain).strip(".-") or "paper"
    if plain in KEPT_NAMES[kind][0] or plain.split(".")[0] in WINDOWS_DEVICES:
        plain = f"{plain}-{kind}"
    out = plain
    for n in range(2, len(taken) + 3):
        if f"{out}.md" not in taken:
            break
        out = f"{plain}-{n}"
    return out, plain


def digest(text: str) -> str:
    """The SHA-256 of a text, in hex."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_site(
    content: Path, today: dt.date, drafts: bool = False, memo: Path | None = None, strict: bool = False
) -> Site:
    """Read and check a content folder; raise ContentError listing every problem.

    `drafts` is for `serve --drafts` only: it also shows drafts and embargoed papers. `build` never sets it.
    `memo` is a file in the build cache keeping parsed front-matter for the next build (see ParseMemo).
    `strict`: warnings (suggestions, on `site.warnings` otherwise) are problems too.
    """
    return Loader(content, today, drafts, memo, strict=strict).load()


def listed_files(front: Y) -> list[str]:
    """The file names a paper's front-matter lists under attachments, as written (whether or not valid)."""
    rows = front.value.get("attachments") if isinstance(front.value, dict) else None
    if rows is None or not isinstance(rows.value, list):
        return []
    files = [row.value.get("file") for row in rows.value if isinstance(row.value, dict)]
    return [f.value for f in files if f is not None and isinstance(f.value, str)]


def entry_kind(path: Path) -> str:
    """'file' or 'folder' for an ordinary file or folder, else 'other' (a link, a pipe; gone: 'other' too)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "other"
    return "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def unknown_id(value: str | None, known: Iterable[str], what: str) -> str:
    """Say an id (of a board or theme) is unknown, suggesting the closest of the `known` ones."""
    close = difflib.get_close_matches(value or "", list(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"unknown {what} '{printable(str(value))}', {hint}expected one of the {what}s in content/board.yml: "
        f"{', '.join(sorted(known))}"
    )


def written_item(front: Y) -> str | None:
    """A paper's agenda_item as written, whether or not its front-matter is valid (None if it says none)."""
    item = front.value.get("agenda_item") if isinstance(front.value, dict) else None
    return str(item.value) if item is not None and isinstance(item.value, (str, int, float)) and item.value else None


def has_front_matter(path: Path) -> bool:
    """Whether a file starts as a paper does, with '---' (a README or notes do not): read no more than that."""
    try:
        with path.open("rb") as stream:
            return stream.read(8).lstrip(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False
