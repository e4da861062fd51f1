"""Split a whole meeting pack (seed 004's layout) into its meeting, agenda, action log and papers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from boardpapers.content.model import item_key
from boardpapers.importer.body import Line
from boardpapers.importer.paper import (
    AGENDA,
    LABEL,
    MARKING,
    PaperDoc,
    parse_date,
    parse_paper,
    squash,
)

AGENDA_HEADING = re.compile(r"^agenda$", re.IGNORECASE)
LOG_HEADING = re.compile(r"action log", re.IGNORECASE)
MEETING_LABEL = re.compile(r"^(Date|Time|Venue|Location|Place)\s*:?\s*(.*)$", re.IGNORECASE)
AGENDA_NUMBER = re.compile(r"^(\d+)\.?$")
SUB_ITEM = re.compile(r"^(\d+\.\d+)\.?\s+(\S.*)$")
PRESENTER = re.compile(r"^(?:Report\s+(?:from|by)|Presented\s+by)\s+(.+)$", re.IGNORECASE)
ACTION_NO = re.compile(r"^\d+\.\d+$")
DMY = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
ITEM_NO = re.compile(r"^\d+(?:\.\d+)*$")
LOG_WORDS = {
    "action",
    "no.",
    "no",
    "meeting",
    "date",
    "raised",
    "agenda",
    "item",
    "owner",
    "target",
    "update",
    "status",
}
STATUS_WORDS = {
    "open": "open",
    "ongoing": "ongoing",
    "on-going": "ongoing",
    "completed": "completed",
    "complete": "completed",
    "closed": "closed",
}
STOP = {"a", "an", "and", "the", "of", "to", "for", "in", "on", "by", "with", "from", "report", "update"}


@dataclass
class MeetingDoc:
    """A meeting as the pack's front page states it."""

    source: str
    board_name: str | None = None
    date: dt.date | None = None
    date_printed: str | None = None
    time: str | None = None
    venue: str | None = None
    items: list[dict[str, Any]] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)


@dataclass
class Pack:
    """Everything a meeting pack holds."""

    meeting: MeetingDoc
    papers: list[PaperDoc]
    actions: list[dict[str, Any]]
    action_notes: list[str]
    action_checks: list[str]


def is_pack(lines: list[Line]) -> bool:
    """A pack has more than one paper, or an agenda or action log before its first paper."""
    starts = paper_starts(lines)
    front = lines[: starts[0]] if starts else lines
    return len(starts) > 1 or any(AGENDA_HEADING.match(ln.text) or LOG_HEADING.search(ln.text) for ln in front)


def paper_starts(lines: list[Line]) -> list[int]:
    """Where each paper's header block begins: its 'To:' line, with any marking and agenda line above it."""
    starts = []
    for i, ln in enumerate(lines):
        label = LABEL.match(ln.text)
        if not label or label.group(1).lower() != "to":
            continue
        if not any((m := LABEL.match(x.text)) and m.group(1).lower() == "from" for x in lines[i + 1 : i + 10]):
            continue
        start = i
        while (
            start > 0
            and i - start < 3
            and (MARKING.match(lines[start - 1].text) or AGENDA.match(lines[start - 1].text))
        ):
            start -= 1
        starts.append(start)
    return starts


def parse_pack(lines: list[Line], source: str, boards: set[str], marking: str | None = None) -> Pack:
    """Split a pack and read each part; marking is the classification the pack's running headers print."""
    starts = paper_starts(lines)
    front = lines[: starts[0]] if starts else lines
    agenda_at = next((i for i, ln in enumerate(front) if AGENDA_HEADING.match(ln.text)), None)
    # The log's own heading is the last mention of an action log before the papers (the agenda names it too).
    log_at = max((i for i, ln in enumerate(front) if LOG_HEADING.search(ln.text)), default=len(front))
    meeting = meeting_header(front[: agenda_at if agenda_at is not None else log_at], source)
    if agenda_at is not None:
        meeting.items = agenda(front[agenda_at + 1 : log_at], meeting)
    board_names = boards | ({squash(meeting.board_name)} if meeting.board_name else set())
    papers = [
        parse_paper(lines[a:b], source, board_names, marking)
        for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)
    ]
    actions, notes, checks = action_log(front[log_at + 1 :], source) if log_at < len(front) else ([], [], [])
    notes = [f"unplaced: {n}" for n in notes]
    match_agenda(meeting, papers)
    numbers = {entry["number"]: entry for entry in meeting.items}
    for paper in papers:
        entry = numbers.get(same_item(paper.agenda_item, list(numbers)) or "")
        if entry:
            paper.agenda_entry = f"{entry['number']} {entry['title']}" + (
                f" (presenter: {entry['presenter']})" if entry.get("presenter") else ""
            )
    heading = [f"printed heading: {front[log_at].text}"] if log_at < len(front) else []
    return Pack(meeting, papers, actions, heading + notes, checks)


def meeting_header(lines: list[Line], source: str) -> MeetingDoc:
    """The board name, then Date / Time / Venue labels with their values (inline or listed after them)."""
    meeting = MeetingDoc(source)
    pending: list[str] = []
    for ln in lines:
        label = MEETING_LABEL.match(ln.text)
        if label and label.group(2):
            set_meeting(meeting, label.group(1), label.group(2))
        elif label:
            pending.append(label.group(1))
        elif pending:
            set_meeting(meeting, pending.pop(0), ln.text)
        elif meeting.board_name is None:
            meeting.board_name = ln.text
    return meeting


def set_meeting(meeting: MeetingDoc, label: str, value: str) -> None:
    """Store one meeting fact as printed (date and time also normalised)."""
    name = label.lower()
    if name == "date":
        meeting.date_printed = value
        meeting.date = parse_date(value)
    elif name == "time":
        if re.fullmatch(r"([01]?\d|2[0-3])[:.][0-5]\d", value):
            meeting.time = value.replace(".", ":").zfill(5)
        else:
            meeting.checks.append(f"time: printed '{value}', not a 24-hour time; set it by hand")
    else:
        meeting.venue = value


def agenda(lines: list[Line], meeting: MeetingDoc) -> list[dict[str, Any]]:
    """Agenda entries. Numbers may be printed in a column apart from their titles (seed 004: '1.' and '2.'
    above 'Welcome and apologies / Matthew Warren / Declarations of interest'), so numbers queue up and
    the next text block hands out titles: first line to the first number, last line to the last."""
    items: list[dict[str, Any]] = []
    pending: list[str] = []
    top: dict[str, Any] | None = None
    for block in blocks_of(lines):
        texts: list[str] = []
        for text in block:
            number, sub, presenter = AGENDA_NUMBER.match(text), SUB_ITEM.match(text), PRESENTER.match(text)
            if not (number or sub or presenter):
                texts.append(text)
                continue
            top = hand_out(pending, texts, items, top, meeting)
            texts = []
            if number:
                pending.append(number.group(1))
            elif sub:
                items.append({"number": sub.group(1), "title": sub.group(2)})
            elif presenter and top is not None:
                top["presenter"] = presenter.group(1)
        top = hand_out(pending, texts, items, top, meeting)
    for item in items:
        if re.search(r"\bverbal\b", item["title"], re.IGNORECASE):
            item["verbal"] = True
    return items


def hand_out(
    pending: list[str], texts: list[str], items: list[dict[str, Any]], top: dict[str, Any] | None, meeting: MeetingDoc
) -> dict[str, Any] | None:
    """Give queued numbers their titles from one block of text lines; extra lines continue a title or,
    when they read as a person's name, name its presenter."""
    if not texts:
        return top
    if not pending:
        if items:
            items[-1]["title"] += " " + " ".join(texts)  # a title running on to the next line
        return top
    count = min(len(pending), len(texts))
    new = [{"number": n, "title": t} for n, t in zip(pending[:count], texts[:count], strict=True)]
    extras = texts[count:]
    if extras and count > 1:
        # More lines than numbers: the last line is the last title; the ones between belong to the entry before.
        new[-1]["title"], extras = texts[-1], texts[count - 1 : -1]
    if count > 1:
        meeting.checks.append(
            f"agenda items {', '.join(pending[:count])}: printed without line breaks between "
            "them; check how the titles were split"
        )
    owner = new[-2] if count > 1 else new[0]
    for text in extras:
        if is_name(text) and "presenter" not in owner:
            owner["presenter"] = text
        else:
            owner["title"] += " " + text
    items += new
    del pending[:count]
    return new[-1]


def is_name(text: str) -> bool:
    """A line that reads as a person's name: two to four capitalised words."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(re.fullmatch(r"[A-Z][a-z'’-]+", w) for w in words)


def blocks_of(lines: list[Line]) -> list[list[str]]:
    """Group lines into blocks separated by blank lines."""
    out: list[list[str]] = []
    for ln in lines:
        if ln.blanks or not out:
            out.append([])
        out[-1].append(ln.text)
    return out


def match_agenda(meeting: MeetingDoc, papers: list[PaperDoc]) -> None:
    """Give papers without a printed agenda number the agenda entry whose title matches theirs, looking
    only between the numbers of the papers before and after (a pack prints reports in agenda order)."""
    numbers = [entry["number"] for entry in meeting.items]
    floor: tuple[int, ...] = ()
    for i, paper in enumerate(papers):
        if paper.agenda_item:
            floor = item_key(paper.agenda_item)
            continue
        after = next((item_key(p.agenda_item) for p in papers[i + 1 :] if p.agenda_item), (10**9,))
        taken = {p.agenda_item for p in papers if p.agenda_item} | {
            same_item(p.agenda_item, numbers) for p in papers if p.agenda_item
        }
        window = [e for e in meeting.items if floor < item_key(e["number"]) < after and e["number"] not in taken]
        scored = sorted(
            ((title_score(paper.title or "", e["title"]), -k, e) for k, e in enumerate(window)),
            key=lambda s: (s[0], s[1]),
            reverse=True,
        )
        if scored and scored[0][0] >= 0.5:
            entry = scored[0][2]
            paper.agenda_item = entry["number"]
            paper.agenda_note = (
                f"agenda_item {entry['number']} is not printed on the paper: taken from the "
                f"pack's agenda, whose entry '{entry['title']}' matches the title"
            )
            floor = item_key(entry["number"])


def same_item(number: str | None, agenda_numbers: list[str]) -> str | None:
    """The agenda entry a printed number refers to: '6.0' is agenda item '6' unless the agenda has a '6.0'."""
    if number is None or number in agenda_numbers:
        return number
    if number.endswith(".0") and number[:-2] in agenda_numbers:
        return number[:-2]
    return number


def words_of(text: str) -> list[str]:
    """Significant words of a title, lower case, possessives trimmed."""
    return [w for w in re.findall(r"[a-z0-9]+", re.sub(r"[’']s\b", "", text.lower())) if w not in STOP]


def title_score(paper_title: str, agenda_title: str) -> float:
    """How much of the agenda wording is in the paper's title (1.0 when an acronym of it is)."""
    agenda_words = words_of(agenda_title)
    if not agenda_words:
        return 0.0
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", agenda_title) if w[0].isupper())
    if len(initials) >= 3 and re.search(rf"\b{initials}\b", paper_title):
        return 1.0
    paper_words = set(words_of(paper_title))
    return sum(w in paper_words for w in agenda_words) / len(agenda_words)


def agenda_left(meeting: MeetingDoc, papers: list[PaperDoc]) -> list[dict[str, Any]]:
    """The agenda entries that have no paper of their own (meeting.md's items)."""
    numbers = [e["number"] for e in meeting.items]
    with_paper = {same_item(p.agenda_item, numbers) for p in papers}
    return [e for e in meeting.items if e["number"] not in with_paper]


# --- the action log ---------------------------------------------------------------------------------
@dataclass
class LogRow:
    """One action as the log prints it, before its scattered columns are put back together."""

    number: str
    raised: str
    item: str
    action: str | None = None
    group: dict[str, Any] | None = None  # owner, target date (as printed), update


def action_log(lines: list[Line], source: str) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """Rebuild the action log's rows. The PDF text lists columns apart from their rows, so each owner /
    target date / update group and each action text goes to its own row when it follows it, and to the
    next row still missing one otherwise, in printed order. Returns actions, unplaced text, and checks."""
    chunks = blocks_of(lines)
    rows: list[LogRow] = []
    orphan_groups: list[dict[str, Any]] = []
    orphan_texts: list[str] = []
    tail_dates: list[str] = []
    tail_status: list[str] = []
    last = ""
    tail = False  # after a header naming STATUS: update dates and statuses listed without their rows
    group: dict[str, Any] = {}
    i = 0
    while i < len(chunks):
        text = " ".join(chunks[i])
        first = chunks[i][0]
        nxt = chunks[i + 1][0] if i + 1 < len(chunks) else ""
        if all(w in LOG_WORDS for w in text.lower().split()):
            tail = tail or "status" in text.lower()
        elif (
            ACTION_NO.match(first)
            and len(chunks[i]) == 1
            and i + 2 < len(chunks)
            and DMY.match(nxt)
            and ITEM_NO.match(chunks[i + 2][0])
        ):
            rows.append(LogRow(first, nxt, chunks[i + 2][0]))
            last, tail = "row", False
            i += 3
            continue
        elif DMY.match(first) and last == "owner":
            group["target"] = first
            group["target_printed"] = text
            last = "target"
        elif tail and (DMY.match(first) or text.lower() in STATUS_WORDS):
            (tail_dates if DMY.match(first) else tail_status).append(text)
        elif DMY.match(nxt) and len(text.split()) <= 6:
            group = {"owner": text}
            if rows and rows[-1].group is None and last in ("row", "text"):
                rows[-1].group = group
            else:
                orphan_groups.append(group)
            last = "owner"
        elif last == "row":
            rows[-1].action = text
            last = "text"
        elif last == "target":
            group["update"] = text
            last = "update"
        else:
            orphan_texts.append(text)
            last = "orphan"
        i += 1
    return assemble(rows, orphan_groups, orphan_texts, tail_dates, tail_status, source)


def assemble(
    rows: list[LogRow],
    groups: list[dict[str, Any]],
    texts: list[str],
    tail_dates: list[str],
    tail_status: list[str],
    source: str,
) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """Hand unplaced groups and texts to rows missing them, in order; turn rows into action entries."""
    checks: list[str] = []
    notes: list[str] = []
    needing_group = [r for r in rows if r.group is None]
    for row, group in zip(needing_group, groups, strict=False):  # the shorter decides
        row.group = group
        checks.append(
            f"action {row.number}: owner, target date and update placed by the order the log prints "
            "them in (its columns came out of the PDF apart from their rows); check against the source"
        )
    needing_text = [r for r in rows if not r.action]
    for row, text in zip(needing_text, texts, strict=False):  # the shorter decides
        row.action = text
        checks.append(
            f"action {row.number}: its action text is printed apart from its row; placed by order, "
            "check against the source"
        )
    for group in groups[len(needing_group) :]:
        notes.append(
            "owner / target date / update not matched to an action: "
            + " / ".join(str(v) for k, v in group.items() if k != "target")
        )
    notes += [f"text not matched to an action: {t}" for t in texts[len(needing_text) :]]
    statuses = [STATUS_WORDS[s.lower()] for s in tail_status]
    if tail_dates or (statuses and len(statuses) != len(rows)):
        notes.append(
            "update dates and statuses printed without their rows, so not placed: "
            + ", ".join(tail_dates + tail_status)
        )
    actions = []
    for n, row in enumerate(rows):
        entry = action_entry(row, statuses[n] if len(statuses) == len(rows) else None)
        if entry is None:
            notes.append(f"action {row.number}: no action text found, so not imported")
        else:
            actions.append(entry)
    return actions, notes, checks


def action_entry(row: LogRow, status: str | None) -> dict[str, Any] | None:
    """One action in the actions.yml contract."""
    raised = parse_date(row.raised)
    if not row.action or raised is None:
        return None
    group = row.group or {}
    target = parse_date(group["target"]) if "target" in group else None
    entry: dict[str, Any] = {
        "number": row.number,
        "raised": {"meeting": raised, "item": row.item},
        "action": row.action,
        "owner": group.get("owner"),
        "target_date": target,
        "status": status,
    }
    if group.get("target_printed") and group["target_printed"] != group.get("target"):
        entry["target_printed"] = group["target_printed"]
    if group.get("update"):
        entry["updates"] = [{"date": None, "text": group["update"]}]
    return entry
