"""Load content/: read every file, check every rule, and build the model or raise all problems at once."""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from pathlib import Path
from typing import Any

from . import links, xref
from .fields import Checker, ParseMemo, Y, read_text, split_front_matter
from .model import RESTRICTED_TITLE, Action, AgendaEntry, Board, Meeting, Paper, Site, Theme, item_key
from .problems import ContentError, Problem
from .schema import ACTIONS_FILE_FIELDS, MEETING_FIELDS, PAPER_FIELDS, PUBLISHED_CLASSIFICATION, SITE_FILE_FIELDS

FOLDER_RE = re.compile(r"^(?:(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<board>[a-z0-9-]+))?|undated-(?P<slug>[a-z0-9-]+))$")


class Loader:
    """Read one content folder, collecting problems instead of stopping at the first."""

    def __init__(self, content: Path, today: dt.date, drafts: bool = False, memo: Path | None = None) -> None:
        self.content = content
        self.memo = ParseMemo(memo)  # `memo`: a file to keep parsed front-matter in between builds
        self.today = today
        self.drafts = drafts  # serve --drafts: preview drafts and embargoed papers (see previewable)
        self.problems: list[Problem] = []

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the content folder's parent."""
        text, parent = str(path), str(self.content.parent)
        if os.sep == "/" and text.startswith(parent + "/") and parent not in ("", "."):
            return text[len(parent) + 1:]  # what relative_to gives, without its cost on every file
        try:
            return path.relative_to(self.content.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def yaml_file(self, path: Path, fields: tuple, what: str) -> dict[str, Any] | None:
        """Read and check a whole-YAML data file."""
        shown = self.shown(path)
        if not path.is_file():
            self.problems.append(Problem(shown, 1, "file", f"missing, expected {what}, e.g. copy it from the sample content"))
            return None
        text = read_text(path, shown, self.problems)
        y = self.memo.parse(text, 1, shown, self.problems, "file") if text is not None else None
        return Checker(shown, self.problems).record(y, fields) if y is not None else None

    def load(self) -> Site:
        """Read everything, check everything, and return the site model or raise ContentError."""
        if not self.content.is_dir():
            raise ContentError([Problem(self.content.as_posix(), 1, "content", "folder not found, expected the "
                                        "content folder, e.g. --content content")])
        conf = self.yaml_file(self.content / "board.yml", SITE_FILE_FIELDS, "the organisation, boards and themes")
        boards, themes = self.boards_and_themes(conf)
        meetings = [m for m in (self.meeting(d, boards, themes) for d in self.meeting_dirs()) if m is not None]
        meetings.sort(key=Meeting.sort_key, reverse=True)
        actions = self.actions(meetings)
        site = Site(conf["organisation"] if conf else {}, boards, themes, meetings, actions, self.today)
        self.check_links(site)
        if self.problems:
            raise ContentError(self.problems)
        self.memo.save()  # only for valid content: a failed check writes nothing at all
        return site

    def boards_and_themes(self, conf: dict[str, Any] | None) -> tuple[dict[str, Board], dict[str, Theme]]:
        """Build boards and themes, reporting ids used twice."""
        boards: dict[str, Board] = {}
        themes: dict[str, Theme] = {}
        if not conf:
            return boards, themes
        shown = self.shown(self.content / "board.yml")
        for kind, rows, out, cls in (("boards", conf["boards"], boards, Board), ("themes", conf["themes"], themes, Theme)):
            for row in rows:
                if row["id"] in out:
                    self.problems.append(Problem(shown, row["_line"], f"{kind}.id", f"'{row['id']}' is used twice, "
                                                 "expected each id once, e.g. rename one of them"))
                out[row["id"]] = cls(**{k: v for k, v in row.items() if k != "_line"})
        return boards, themes

    def meeting_dirs(self) -> list[Path]:
        """Every meeting folder, sorted by name so output order never depends on the file system."""
        root = self.content / "meetings"
        return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")) if root.is_dir() else []

    def front_matter(self, path: Path) -> tuple[Y, str, int] | None:
        """Read a Markdown file's front-matter (located) and body, or record why it cannot be read."""
        shown = self.shown(path)
        text = read_text(path, shown, self.problems)
        if text is None:
            return None
        parts = split_front_matter(text)
        if parts is None:
            self.problems.append(Problem(shown, 1, "front-matter", "missing, expected the file to start with a "
                                         "line '---', the fields, then another '---', e.g. ---\\ntitle: ...\\n---"))
            return None
        yaml_text, yaml_line, body, body_line = parts
        y = self.memo.parse(yaml_text, yaml_line, shown, self.problems, "front-matter")
        return (y, body, body_line) if y is not None else None

    def meeting(self, folder: Path, boards: dict[str, Board], themes: dict[str, Theme]) -> Meeting | None:
        """Read a meeting folder: meeting.md and every paper in it."""
        path = folder / "meeting.md"
        shown = self.shown(path)
        match = FOLDER_RE.match(folder.name)
        if not match:
            self.problems.append(Problem(self.shown(folder), 1, "folder", (
                f"'{folder.name}' is not a meeting folder name, expected YYYY-MM-DD, YYYY-MM-DD-<board> or "
                "undated-<slug>, e.g. content/meetings/2019-09-18")))
            return None
        if not path.is_file():
            self.problems.append(Problem(shown, 1, "file", "missing, expected every meeting folder to have a "
                                         "meeting.md, e.g. python build.py new meeting --date 2019-09-18"))
            return None
        read = self.front_matter(path)
        fm = Checker(shown, self.problems).record(read[0], MEETING_FIELDS) if read else None
        meeting = self.meeting_model(folder, match, fm, read, boards) if fm is not None else None
        # Papers are checked even when meeting.md is broken, so one run reports every problem.
        for paper_path in sorted(folder.glob("*.md")):
            if paper_path.name != "meeting.md":
                self.paper(paper_path, meeting, themes)
        if meeting is not None:
            self.agenda(meeting)
        return meeting

    def meeting_model(self, folder: Path, match: re.Match, fm: dict[str, Any], read: tuple,
                      boards: dict[str, Board]) -> Meeting | None:
        """Check a meeting's date and board against its folder name, and build it."""
        shown = self.shown(folder / "meeting.md")
        lines = read[0].value
        folder_date = self.folder_date(match, shown)
        if "date" in fm and fm["date"] != folder_date:
            self.problems.append(Problem(shown, lines["date"].line, "date", (
                f"{fm['date'] or 'null'} does not match the folder name '{folder.name}', expected the same date as "
                f"the folder, e.g. date: {folder_date or 'leave it out for an undated meeting'}")))
        board_id = fm.get("board") or match.group("board") or (next(iter(boards)) if len(boards) == 1 else None)
        if board_id not in boards:
            line = lines["board"].line if "board" in lines else 1
            self.problems.append(Problem(shown, line, "board", self.unknown_id(board_id, boards, "board")))
            return None
        if match.group("board") and match.group("board") != board_id:
            self.problems.append(Problem(shown, lines["board"].line, "board", (
                f"'{board_id}' does not match the folder suffix '-{match.group('board')}', expected the same "
                f"board, e.g. board: {match.group('board')}")))
        return Meeting(shown, folder.name, boards[board_id], folder_date, fm.get("time"), fm.get("venue"),
                       fm.get("status"), fm.get("items", []), read[1].strip(),
                       read[2] + read[1][:len(read[1]) - len(read[1].lstrip())].count("\n"))

    def folder_date(self, match: re.Match, shown: str) -> dt.date | None:
        """The date a meeting folder's name gives, reporting an impossible one."""
        if not match.group("date"):
            return None
        try:
            return dt.date.fromisoformat(match.group("date"))
        except ValueError:
            self.problems.append(Problem(shown, 1, "folder", f"'{match.group('date')}' is not a real date, "
                                         "expected the folder named YYYY-MM-DD, e.g. 2019-09-18"))
            return None

    def unknown_id(self, value: str | None, known: dict[str, Any], what: str) -> str:
        """Say an id is unknown, suggesting the closest."""
        close = difflib.get_close_matches(value or "", list(known), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return (f"unknown {what} '{value}', {hint}expected one of the {what}s in content/board.yml: "
                f"{', '.join(sorted(known))}")

    def paper(self, path: Path, meeting: Meeting | None, themes: dict[str, Theme]) -> None:
        """Read one paper into its meeting (None: the meeting is broken, so only check the paper)."""
        shown = self.shown(path)
        read = self.front_matter(path)
        if read is None:
            return
        fm = Checker(shown, self.problems).record(read[0], PAPER_FIELDS)
        self.check_themes(read[0], themes, shown)
        if fm is None or meeting is None:
            return
        slug = path.stem.lower()
        if fm["agenda_item"] and not slug.startswith(fm["agenda_item"] + "-") and slug != fm["agenda_item"]:
            slug = f"{fm['agenda_item']}-{slug}"
        paper = Paper(
            source=shown, slug=slug, meeting=meeting, title=fm["title"], agenda_item=fm["agenda_item"],
            from_=fm["from"], to=fm.get("to") or meeting.board.name,
            date=fm["date"] if "date" in fm else meeting.date, themes=fm.get("themes", []),
            classification=fm["classification"], status=fm["status"], body=read[1], body_line=read[2],
            publish_on=fm.get("publish_on"), summary=fm.get("summary"),
            recommendations=fm.get("recommendations", []), contact_officers=fm.get("contact_officers", []),
            source_documents=fm.get("source_documents", []), public_title=fm.get("public_title"),
            line=read[0].value["agenda_item"].line)
        paper.published = paper.is_public(self.today) or (self.drafts and previewable(paper))
        meeting.papers.append(paper)

    def check_themes(self, front: Y, themes: dict[str, Theme], shown: str) -> None:
        """Report unknown theme ids, looking at the values as written so other bad fields don't hide them."""
        field = front.value.get("themes") if isinstance(front.value, dict) else None
        if field is None or not isinstance(field.value, list):
            return
        for entry in field.value:
            if isinstance(entry.value, str) and entry.value not in themes:
                self.problems.append(Problem(shown, field.line, "themes", self.unknown_id(entry.value, themes, "theme")))

    def agenda(self, meeting: Meeting) -> None:
        """Merge the meeting's items and papers into one agenda, reporting numbers used twice."""
        entries: list[tuple[AgendaEntry, int, str]] = []
        for item in meeting.items:
            entries.append((AgendaEntry(item["number"], item["title"], item.get("presenter"),
                                        bool(item.get("verbal"))), item["_line"], meeting.source))
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
                self.problems.append(Problem(source, line, "agenda_item" if source.endswith(".md") and
                                             not source.endswith("meeting.md") else "items.number", (
                    f"agenda number {entry.number} is used twice in meeting {meeting.folder} (also at "
                    f"{first_source}:{first_line}), expected each number once, e.g. renumber one of them")))
            else:
                seen[entry.number] = (line, source)
        entries.sort(key=lambda e: (item_key(e[0].number), e[0].title if e[0].number is None else ""))
        meeting.agenda = [e for e, _, _ in entries]

    def actions(self, meetings: list[Meeting]) -> list[Action]:
        """Read the action log, linking each action to the meeting that raised it when it is archived."""
        path = self.content / "actions.yml"
        if not path.exists():
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
                self.problems.append(Problem(shown, row["_line"], "actions.number", (
                    f"action {row['number']} is listed twice (also line {seen[row['number']]}), expected each "
                    "number once, e.g. renumber one of them")))
            seen[row["number"]] = row["_line"]
            meeting = by_date.get(row["raised"]["meeting"])
            item = row["raised"].get("item")
            if meeting and item and item not in {e.number for e in meeting.agenda}:
                self.problems.append(Problem(shown, row["_line"], "actions.raised.item", (
                    f"meeting {meeting.folder} has no agenda item {item}, expected one of: "
                    f"{', '.join(e.number for e in meeting.agenda if e.number)}")))
            out.append(Action(row["number"], row["raised"]["meeting"], item, row["action"], row["owner"],
                              row["target_date"], row["status"],
                              [u for u in row.get("updates", [])], meeting))
        return sorted(out, key=lambda a: item_key(a.number))

    def check_links(self, site: Site) -> None:
        """Report references and links (in paper bodies and meeting notes) that lead nowhere or to a paper that
        is not published."""
        # Checked in every paper that is or may become public, so an embargoed paper cannot break the build on
        # the day it is released.
        public = [p for m in site.meetings for p in m.papers if previewable(p)]
        self.problems.extend(xref.problems(site, public))
        self.problems.extend(links.site_problems(site, public))


def previewable(paper: Paper) -> bool:
    """In the local drafts preview only: a draft or embargoed paper is shown; withdrawn or classified never."""
    return paper.status in ("draft", "published") and paper.classification == PUBLISHED_CLASSIFICATION


def load_site(content: Path, today: dt.date, drafts: bool = False, memo: Path | None = None) -> Site:
    """Read and check a content folder; raise ContentError listing every problem.

    `drafts` is for `serve --drafts` only: it also shows drafts and embargoed papers. `build` never sets it.
    `memo` is a file in the build cache keeping parsed front-matter for the next build (see ParseMemo).
    """
    return Loader(content, today, drafts, memo).load()
