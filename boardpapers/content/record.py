"""The board's public record beyond papers: minutes, attendance, declarations and decisions in meeting.md,
decision notices (content/decisions/<id>.md) and matters followed across meetings (content/matters.yml).

The loader reads the files (load.py); this module turns their checked fields into the model and checks what
needs the whole site: an agenda item a decision names, the meeting that approved minutes, and matter ids.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from typing import Any

from boardpapers.content.fields import Y
from boardpapers.content.model import Decision, Matter, Meeting, Notice, Site, item_key
from boardpapers.content.problems import Problem


def set_meeting_record(meeting: Meeting, fm: dict[str, Any]) -> None:
    """Give a meeting its attendance, declarations, decisions and minutes from its checked front-matter."""
    attendance = fm.get("attendance") or {}
    meeting.attendance = {
        k: [person(p) for p in attendance.get(k, [])] for k in ("present", "apologies", "in_attendance")
    }
    meeting.declarations = [dict(d) for d in fm.get("declarations", [])]
    meeting.decisions = [
        Decision(meeting.date, d["text"], d["outcome"], list(d.get("matters", [])), meeting=meeting, item=d["item"])
        for d in fm.get("decisions", [])
    ]
    meeting.minutes = dict(fm["minutes"]) if fm.get("minutes") else None


def person(row: dict[str, Any]) -> dict[str, Any]:
    """A person as the pages show them: name and role (row lines dropped)."""
    return {"name": row["name"], "role": row.get("role")}


def line_at(front: Y | None, *path: str | int) -> int | None:
    """The file line of the value at `path` in a front-matter as read (keys and list positions), if it is there."""
    y = front
    for step in path:
        inner = y.value if y is not None else None
        found = (isinstance(step, int) and isinstance(inner, list) and step < len(inner)) or (
            isinstance(step, str) and isinstance(inner, dict) and step in inner
        )
        if not found:
            return None
        y = inner[step]  # type: ignore[index]  # a list by position or a mapping by key, as just checked
    return y.line if y is not None else None


def items_off_agenda(source: str, front: Y, papers: list[str | None]) -> list[Problem]:
    """For a meeting.md whose fields have a problem (so it is not in the model): each decision or declaration
    naming, as written, an item not on its agenda as written (its items, and `papers`: its papers' agenda_item
    as written), so that one run reports it too. Nothing when the agenda cannot be read."""
    if not isinstance(front.value, dict):
        return []
    rows = front.value.get("items")
    entries = rows.value if rows is not None and isinstance(rows.value, list) else []
    numbers = [e.value.get("number") for e in entries if isinstance(e.value, dict)]
    if len(numbers) != len(entries) or any(n is None or n.raw is None for n in numbers) or None in papers:
        return []  # an entry or a paper without a number as written: the agenda is not known
    agenda = sorted({n.raw for n in numbers if n is not None and n.raw} | {p for p in papers if p}, key=item_key)
    out: list[Problem] = []
    for key in ("decisions", "declarations"):
        listed = front.value.get(key)
        for index, row in enumerate(listed.value if listed is not None and isinstance(listed.value, list) else []):
            item = row.value.get("item") if isinstance(row.value, dict) else None
            if item is not None and item.raw and item.raw not in agenda:
                out.append(
                    Problem(
                        source,
                        item.line,
                        f"{key}[{index + 1}].item",
                        off_agenda(item.raw, agenda),
                    )
                )
    return out


def meeting_problems(
    meeting: Meeting, fm: dict[str, Any], front: Y, dates: dict[dt.date, Meeting], today: dt.date
) -> list[Problem]:
    """A decision or declaration naming an item not on the meeting's agenda; minutes approved at a date that is
    no meeting of the archive, or marked approved without saying where, or by a meeting not after this one."""
    out: list[Problem] = []
    numbers = [e.number for e in meeting.agenda if e.number]
    for key in ("decisions", "declarations"):
        for index, row in enumerate(fm.get(key, [])):
            if row["item"] not in numbers:
                out.append(
                    Problem(
                        meeting.source,
                        line_at(front, key, index, "item") or row.get("_line", 1),
                        f"{key}[{index + 1}].item",
                        off_agenda(row["item"], numbers),
                    )
                )
    minutes = fm.get("minutes")
    if minutes:
        line = line_at(front, "minutes", "approved_at") or line_at(front, "minutes") or 1
        out += minutes_problems(meeting, minutes, dates, line, today)
    return out


def minutes_problems(
    meeting: Meeting, minutes: dict[str, Any], dates: dict[dt.date, Meeting], line: int, today: dt.date
) -> list[Problem]:
    """The minutes' approval: at a meeting of the archive that was held after this one, and only when approved."""
    message = approval_mistake(meeting, minutes["status"], minutes.get("approved_at"), dates, today)
    return [Problem(meeting.source, line, "minutes.approved_at", message)] if message else []


def approval_mistake(
    meeting: Meeting, status: str, approved_at: dt.date | None, dates: dict[dt.date, Meeting], today: dt.date
) -> str | None:
    """What is wrong with the minutes' status and approving meeting, if anything."""
    if status == "draft":
        if approved_at is None:
            return None
        return (
            "draft minutes have not been approved, expected status: approved with approved_at, "
            "or approved_at left out while they are a draft"
        )
    if approved_at is None:
        return (
            "approved minutes must say which meeting approved them, expected the date of that meeting, "
            "e.g. approved_at: 2019-10-30"
        )
    if approved_at > today:
        return (
            f"{approved_at} is after today ({today}): minutes are approved at a meeting that has been held, "
            "expected that meeting's date, or status: draft until then"
        )
    approver = dates.get(approved_at)
    if approver is None:
        known = sorted(d for d in dates if meeting.date is None or d > meeting.date)
        close = difflib.get_close_matches(approved_at.isoformat(), [d.isoformat() for d in known], n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}? " if close else ""
        return (
            f"{approved_at} is not the date of a meeting in content/meetings, {hint}expected the date of the "
            "meeting that approved these minutes"
            + (f", e.g. approved_at: {close[0]}" if close else ", e.g. status: draft until they are approved")
        )
    if approver.status == "cancelled":
        return (
            f"the meeting of {approved_at} was cancelled, expected the date of the meeting that approved these minutes"
        )
    if meeting.date is not None and approved_at <= meeting.date:
        return (
            f"{approved_at} is not after this meeting ({meeting.date}), expected a later meeting's date: "
            "minutes are approved at the next meeting"
        )
    return None


def matters_of(rows: list[dict[str, Any]]) -> dict[str, Matter]:
    """The matters of matters.yml by id (a repeated id is reported by the loader)."""
    return {r["id"]: Matter(r["id"], r["title"], r.get("description")) for r in rows}


def unknown_matters(ids: list[str], matters: dict[str, Matter], shown: str, line: int, field: str) -> list[Problem]:
    """A problem for each id that is no matter of content/matters.yml."""
    out: list[Problem] = []
    for value in ids:
        if value not in matters:
            close = (
                difflib.get_close_matches(value, list(matters), n=1, cutoff=0.6)
                or [m for m in sorted(matters) if value and (m.startswith(value) or value.startswith(m))][:1]
            )
            hint = f"did you mean '{close[0]}'? " if close else ""
            known = ", ".join(sorted(matters)) or "none yet (add the matter to content/matters.yml)"
            out.append(
                Problem(
                    shown,
                    line,
                    field,
                    f"unknown matter '{value}', {hint}expected one of the matters in content/matters.yml: {known}",
                )
            )
    return out


def notice(shown: str, slug: str, fm: dict[str, Any], body: str, body_line: int) -> Notice:
    """A decision notice from its checked front-matter and its body (read from the file's line `body_line`)."""
    return Notice(
        source=shown,
        id=slug,
        number=fm["number"],
        date=fm["date"],
        title=fm["title"],
        decision=fm["decision"],
        reasons=fm.get("reasons"),
        financial_implications=fm.get("financial_implications"),
        matters=list(fm.get("matters", [])),
        classification=fm["classification"],
        status=fm["status"],
        publish_on=fm.get("publish_on"),
        public_summary=fm.get("public_summary"),
        body=body.strip(),
        body_line=body_line + body[: len(body) - len(body.lstrip())].count("\n"),
    )


def public_notice(notice: Notice) -> Notice:
    """What the site may hold of a notice that is not published: its date and public summary. Its number,
    title, text and file name (which often says what it is about) are kept out of the model altogether."""
    return dataclasses.replace(
        notice,
        id="",
        number="",
        title="",
        decision="",
        reasons=None,
        financial_implications=None,
        matters=[],
        body="",
        source="",
    )


def timeline(site: Site, matter: Matter) -> list[tuple[dt.date | None, str, Any]]:
    """Everything public on a matter, newest first: (date, kind, record) for papers, decisions and actions."""
    out: list[tuple[dt.date | None, str, Any]] = []
    out += [(p.date or p.meeting.date, "paper", p) for p in site.papers if matter.id in p.matters]
    out += [(d.date, "decision", d) for d in site.decisions if matter.id in d.matters]
    out += [(a.raised_meeting, "action", a) for a in site.actions if matter.id in a.matters]
    return sorted(out, key=lambda entry: entry[0] or dt.date.min, reverse=True)


def off_agenda(item: str, numbers: list[str]) -> str:
    """Say a decision's or declaration's item is not on the meeting's agenda of `numbers`, suggesting the nearest."""
    return (
        f"agenda item {item} is not on this meeting's agenda, expected one of: "
        f"{', '.join(numbers) or 'none (add the agenda items first)'}"
        + (f', e.g. item: "{nearest_item(item, numbers)}"' if numbers else "")
    )


def nearest_item(item: str, numbers: list[str]) -> str:
    """The agenda number of `numbers` nearest `item` (9.1 -> 9.0, 14 -> 13): the one most likely meant."""

    def parts(number: str) -> tuple[int, int]:
        found = [int(p) for p in re.findall(r"\d+", number)] + [0, 0]
        return found[0], found[1]

    (major, minor) = parts(item)
    return min(numbers, key=lambda n: (abs(parts(n)[0] - major), abs(parts(n)[1] - minor)))
