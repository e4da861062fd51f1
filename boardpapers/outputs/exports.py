"""Open data and calendars: data/papers.{json,csv}, data/actions.{json,csv}, data/meetings.json, and
calendar/meetings.ics plus calendar/<board>.ics.

Field names follow the Open Civic Data event model where it has a field (event: name, start_date, all_day,
status, location, agenda, documents; agenda item: order, description, subjects, extras; document: note, url,
media_type, date); README documents every field. Only published papers appear; a meeting's agenda shows an
unpublished paper only as its number and public title, as the meeting page does.

Any text here may come from content, so every writer is safe on its own, whatever the content check lets
through (defence in depth):
- CSV (OWASP "CSV Injection"): a spreadsheet reads a cell starting with = + - @ (or their full-width and small
  forms, or a tab, CR or other control character) as a formula, which can fetch URLs or run commands. Such a
  cell, also after leading spaces (importers trim them), is written with a single quote ' in front, which
  spreadsheets show as text; so is a cell already starting with ', so a reader can always drop one leading '.
  It applies to every cell, ids and URLs included. Every cell is quoted, so a ; or , inside one cannot start
  a new cell where a spreadsheet splits on the other. The JSON files keep the text as written.
- JSON: control characters, U+007F-U+009F, U+2028/U+2029 (JSON but not JavaScript line ends) and lone
  surrogates are written as \\u escapes, as are < > & (harmless if pasted into HTML); the data is unchanged.
- iCalendar (RFC 5545): every value from content is escaped (3.3.11: backslash, ; , and every kind of line
  break as \\n; other control characters, noncharacters and lone surrogates removed) or, for URL, percent-
  encoded; lines are folded at 75 octets (3.1). No text can start a property line of its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from boardpapers.content.model import Action, AgendaEntry, Decision, Meeting, Paper, Site
from boardpapers.outputs.feeds import entry_date, href, site_url, stable_id

LONDON = ZoneInfo("Europe/London")  # the board's time zone: meeting times are local times
OCD_STATUS = {"scheduled": "confirmed", "held": "passed", "cancelled": "cancelled"}  # ours -> OCD's words
ICS_STATUS = {"scheduled": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}

# Each CSV column once: name, Frictionless Data type, description; data/datapackage.json is made from these.
PAPER_CSV = (
    ("id", "string", "The paper's permanent id: its page's path on the site."),
    ("url", "string", "The paper's page (absolute when the site's address is set)."),
    ("title", "string", "The paper's title, as printed."),
    ("date", "date", "The paper's date, else its meeting's; empty when neither is known."),
    ("from", "string", "Who the paper is from, as printed; empty when it does not say."),
    ("to", "string", "Who the paper is addressed to."),
    ("board", "string", "The id of the board that met."),
    ("event_id", "string", "The meeting's id (its folder name), as in meetings.json."),
    ("event_start_date", "string", "The meeting's date, or date and London time with offset; empty if unknown."),
    ("order", "string", "The paper's agenda item number; empty when it has none."),
    ("subjects", "string", "The names of the paper's themes, joined with '; '."),
    ("themes", "string", "The ids of the paper's themes, joined with '; '."),
    ("summary", "string", "A short summary in the paper's own words; empty when there is none."),
    ("last_changed", "date", "The date of the paper's latest correction; empty when it has none."),
    ("corrections", "string", "Corrections made after publication, newest first, as 'date: text' joined with '; '."),
)
PAPER_COLUMNS = tuple(name for name, _, _ in PAPER_CSV)
FORMULA_START = frozenset("=+-@")  # OWASP: a spreadsheet reads a cell starting with one of these as a formula
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # cannot be written in UTF-8
# JSON escapes beyond json.dumps' (and < > &): DEL and C1 controls, JavaScript's extra line ends, surrogates
JSON_RARE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
ACTION_CSV = (
    ("id", "string", "The action's number in the action log."),
    ("description", "string", "What was to be done."),
    ("owner", "string", "Who owns the action."),
    ("raised_date", "date", "The date of the meeting that raised it; empty when not known."),
    ("raised_order", "string", "The agenda item that raised it; empty when not known."),
    ("raised_event_id", "string", "That meeting's id, when the meeting is in the archive."),
    ("target_date", "date", "When it was due; empty when the log gives no date."),
    ("status", "string", "As the log states it: open, ongoing, completed or closed; empty when it does not say."),
    ("overdue", "boolean", "yes when open or ongoing after its target date, else no."),
    ("latest_update_date", "date", "The date of the latest update; empty when there is none or it is undated."),
    ("latest_update", "string", "The latest update, as written in the log."),
)
ACTION_COLUMNS = tuple(name for name, _, _ in ACTION_CSV)
DECISION_CSV = (
    ("date", "date", "The date of the decision (its meeting's, or the notice's); empty when not known."),
    ("outcome", "string", "agreed, noted, deferred, rejected or amended; empty for a decision notice."),
    ("text", "string", "The decision as recorded (for a notice not published: its public summary only)."),
    ("event_id", "string", "The meeting's id, for a decision made at a meeting."),
    ("order", "string", "The agenda item decided, for a decision made at a meeting."),
    ("notice", "string", "The decision notice's number, for a published notice."),
    ("url", "string", "Where the decision is read: the notice's page or the meeting's agenda row."),
    ("matters", "string", "The ids of the matters it concerns, joined with '; '."),
)
DECISION_COLUMNS = tuple(name for name, _, _ in DECISION_CSV)


class Urls:
    """Site paths as the exports print them: absolute with mkdocs.yml's site_url, else relative to the root."""

    def __init__(self, config: Any) -> None:
        self.base = site_url(config)

    def __call__(self, path: str) -> str:
        return href(self.base, "", path) if self.base else path


def iso(date: dt.date | None) -> str | None:
    """YYYY-MM-DD, or None."""
    return date.isoformat() if date else None


def start(meeting: Meeting) -> str | None:
    """The meeting's start: a London date-time with offset when the time is known, else the date."""
    if meeting.date is None:
        return None
    if meeting.time is None:
        return meeting.date.isoformat()
    clock = dt.time.fromisoformat(meeting.time)
    return dt.datetime.combine(meeting.date, clock, LONDON).isoformat()


def paper_record(site: Site, paper: Paper, url: Urls) -> dict[str, Any]:
    """One paper of data/papers.json."""
    meeting = paper.meeting
    return {
        "id": paper.url,
        "url": url(paper.url),
        "title": paper.title,
        "date": iso(paper.date),
        "from": paper.from_,
        "to": paper.to,
        "board": meeting.board.id,
        "event": {
            "id": meeting.folder,
            "name": meeting.board.name,
            "start_date": start(meeting),
            "url": url(meeting.url),
        },
        "order": paper.agenda_item,
        "subjects": [site.themes[t].name for t in paper.themes if t in site.themes],
        "themes": list(paper.themes),
        "summary": paper.summary,
        "recommendations": list(paper.recommendations),
        "last_changed": iso(paper.last_changed),
        "matters": list(paper.matters),
        "corrections": [{"date": iso(c["date"]), "text": c["text"]} for c in paper.corrections],
        "contact_officers": [{"name": c.get("name"), "role": c.get("role")} for c in paper.contact_officers],
        "links": [known({"note": s.get("title"), "url": s.get("url")}) for s in paper.source_documents],
        "attachments": [
            {"title": a.title, "url": url(paper.url + a.file), "media_type": a.media_type, "size": a.size}
            for a in paper.attachments
        ],
        "media_type": "text/html",
    }


def agenda_item(site: Site, meeting: Meeting, entry: AgendaEntry, url: Urls) -> dict[str, Any]:
    """One agenda item of data/meetings.json; an unpublished paper shows its number and public title only. The
    decisions made on it are its notes ("Decision (noted): ..."), as Open Civic Data has no place of their own."""
    item: dict[str, Any] = {"order": entry.number, "description": entry.title}
    notes = [f"Decision ({d.outcome}): {d.text}" for d in meeting.decisions_on(entry.number)]
    if notes:
        item["notes"] = notes
    if entry.restricted:
        item["extras"] = {"restricted": True}
        return item
    paper = entry.paper
    item["subjects"] = [site.themes[t].name for t in paper.themes if t in site.themes] if paper else []
    item["extras"] = {
        "presenter": entry.presenter,
        "verbal": entry.verbal,
        "paper_url": url(paper.url) if paper else None,
    }
    return item


def known(value: Any) -> Any:
    """`value` with every unknown (None) left out of its mappings, at every depth: Open Civic Data's schemas
    refuse null where they expect text, a date or a URL, and leave out what is not known."""
    if isinstance(value, dict):
        return {k: known(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [known(v) for v in value]
    return value


def meeting_record(site: Site, meeting: Meeting, url: Urls) -> dict[str, Any]:
    """One meeting of data/meetings.json, as an Open Civic Data event (unknowns left out)."""
    return known(
        {
            "id": meeting.folder,
            "name": meeting.board.name,
            "classification": "meeting",
            "board": meeting.board.id,
            "start_date": start(meeting),
            "timezone": "Europe/London",
            "all_day": meeting.date is not None and meeting.time is None,
            "status": OCD_STATUS.get(meeting.status or ""),
            "location": {"name": meeting.venue} if meeting.venue else None,
            "url": url(meeting.url),
            "agenda": [agenda_item(site, meeting, e, url) for e in meeting.agenda],
            "participants": [
                {"name": p["name"], "type": "person", "note": ", ".join(filter(None, [role, p.get("role")]))}
                for key, role in (
                    ("present", "present"),
                    ("apologies", "apologies"),
                    ("in_attendance", "in attendance"),
                )
                for p in meeting.attendance.get(key, [])
            ],
            "documents": [
                {"note": p.title, "url": url(p.url), "media_type": "text/html", "date": iso(entry_date(p))}
                for p in meeting.published_papers
            ],
        }
    )


def action_record(action: Action, today: dt.date, url: Urls) -> dict[str, Any]:
    """One action of data/actions.json."""
    return {
        "id": action.number,
        "url": url("actions/") + f"#action-{action.number.replace('.', '-')}",
        "description": action.action,
        "owner": action.owner,
        "raised": {
            "date": iso(action.raised_meeting),
            "order": action.raised_item,
            "event_id": action.meeting.folder if action.meeting else None,
        },
        "target_date": iso(action.target_date),
        "status": action.status,
        "overdue": action.is_overdue(today),
        "updates": [{"date": iso(u.get("date")), "description": u.get("text")} for u in action.updates],
        "matters": list(action.matters),
    }


def decision_record(decision: Decision, url: Urls) -> dict[str, Any]:
    """One decision of data/decisions.json: one made at a meeting, or a decision notice."""
    notice = decision.notice
    return {
        "date": iso(decision.date),
        "outcome": decision.outcome,
        "text": decision.text,
        "event_id": decision.meeting.folder if decision.meeting else None,
        "order": decision.item,
        "notice": notice.number if notice is not None and notice.published else None,
        "title": notice.title if notice is not None and notice.published else None,
        "url": url(decision.url) if decision.url else None,
        "matters": list(decision.matters),
    }


def header(site: Site, url: Urls) -> dict[str, Any]:
    """What every JSON file starts with: the publisher, the build date and how to read its URLs."""
    return {
        "publisher": site.organisation.get("name"),
        "as_of": site.today.isoformat(),
        "site_url": url.base,
        "urls": "absolute" if url.base else "relative to the site root (site_url is not set in mkdocs.yml)",
    }


def safe_json(data: dict[str, Any]) -> str:
    """JSON with one record a line (readable and diffable, without indentation's quarter of the bytes), and
    <, >, &, control characters, U+2028/U+2029 and lone surrogates written as \\u escapes: the same data, and
    harmless if pasted into HTML or JavaScript."""
    return "".join(json_chunks(data))


def json_chunks(data: dict[str, Any]) -> Iterator[str]:
    """safe_json's text, a record at a time (so a file can be written without all of it in memory)."""

    def compact(value: Any) -> str:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        if JSON_RARE.search(text):  # rare: a search alone keeps the common record at str.replace's speed
            text = JSON_RARE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
        return text

    yield "{\n"
    for i, (key, value) in enumerate(data.items()):
        comma = ",\n" if i else ""
        if isinstance(value, list) and value:
            yield f"{comma}{compact(key)}:[\n"
            for j, record in enumerate(value):
                yield (",\n" if j else "") + compact(record)
            yield "\n]"
        else:
            yield f"{comma}{compact(key)}:{compact(value)}"
    yield "\n}"


def formula_like(text: str) -> bool:
    """True if a spreadsheet could read the cell as a formula (or it starts with the quote that says it is not)."""
    if not text:
        return False
    first, shown = text[0], text.lstrip()[:1]
    return (
        first == "'" or unicodedata.category(first) == "Cc" or unicodedata.normalize("NFKC", shown)[:1] in FORMULA_START
    )  # NFKC: ＝ and ﹦ are = too  # noqa: RUF003 (the look-alikes a spreadsheet reads as =, named on purpose)


def spreadsheet_cell(value: Any) -> str:
    """A cell's text, with a ' in front if a spreadsheet could read it as a formula (module docstring)."""
    text = LONE_SURROGATE.sub("", "" if value is None else str(value))
    return "'" + text if formula_like(text) else text


def csv_text(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    """RFC 4180 CSV (CRLF line ends, every cell quoted) with a header row; no cell reads as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    writer.writerows([spreadsheet_cell(row.get(column)) for column in columns] for row in rows)
    return buffer.getvalue()


def paper_row(record: dict[str, Any]) -> dict[str, Any]:
    """A paper's record flattened for data/papers.csv (lists joined with '; ')."""
    row = {k: record[k] for k in PAPER_COLUMNS if k in record}
    row.update(
        event_id=record["event"]["id"],
        event_start_date=record["event"]["start_date"],
        subjects="; ".join(record["subjects"]),
        themes="; ".join(record["themes"]),
        corrections="; ".join(f"{c['date']}: {c['text']}" for c in record["corrections"]),
    )
    return row


def action_row(record: dict[str, Any]) -> dict[str, Any]:
    """An action's record flattened for data/actions.csv (the latest update only)."""
    latest = record["updates"][-1] if record["updates"] else {}
    return {
        "id": record["id"],
        "description": record["description"],
        "owner": record["owner"],
        "raised_date": record["raised"]["date"],
        "raised_order": record["raised"]["order"],
        "raised_event_id": record["raised"]["event_id"],
        "target_date": record["target_date"],
        "status": record["status"],
        "overdue": "yes" if record["overdue"] else "no",
        "latest_update_date": latest.get("date"),
        "latest_update": latest.get("description"),
    }


def resource(
    name: str, columns: tuple[tuple[str, str, str], ...], description: str, key: str | None = "id"
) -> dict[str, Any]:
    """One CSV file as a Frictionless Data tabular resource: its dialect and every column's type."""
    fields: list[dict[str, Any]] = []
    for column, kind, about in columns:
        field: dict[str, Any] = {"name": column, "type": kind, "description": about}
        if kind == "boolean":
            field.update(trueValues=["yes"], falseValues=["no"])
        fields.append(field)
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "lineTerminator": "\r\n"},
        "schema": {"fields": fields, "missingValues": [""], **({"primaryKey": [key]} if key else {})},
    }


def datapackage(site: Site) -> dict[str, Any]:
    """data/datapackage.json: a Frictionless Data package describing every CSV file and its columns."""
    name = str(site.organisation.get("name") or "board papers")
    return {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "board-papers",
        "title": f"{name}: board papers",
        "description": "Published board papers and the action log. A cell a spreadsheet could read as a "
        "formula starts with ' (drop one leading ' to get the text back).",
        "resources": [
            resource("papers", PAPER_CSV, "Every published paper, newest meeting first."),
            resource("actions", ACTION_CSV, "The action log, with each action's latest update."),
            resource(
                "decisions", DECISION_CSV, "Every published decision, from meetings and notices, newest first.", None
            ),
        ],
    }


def data_files(site: Site, config: Any) -> dict[str, str]:
    """Every open data file: path -> text."""
    return {path: "".join(chunks) for path, chunks in each_data_file(site, config)}


def each_data_file(site: Site, config: Any) -> Iterator[tuple[str, Iterable[str]]]:
    """Every open data file as (path, its text in pieces), one after another: at 10,000 papers, all of them
    and their records at once were the largest part of the build's memory."""
    url = Urls(config)

    def dump(key: str, rows: list[dict[str, Any]]) -> Iterator[str]:
        yield from json_chunks({**header(site, url), key: rows})
        yield "\n"

    papers = [paper_record(site, p, url) for p in site.papers]
    yield "data/papers.json", dump("papers", papers)
    yield "data/papers.csv", [csv_text(PAPER_COLUMNS, [paper_row(r) for r in papers])]
    del papers
    actions = [action_record(a, site.today, url) for a in site.actions]
    yield "data/actions.json", dump("actions", actions)
    yield "data/actions.csv", [csv_text(ACTION_COLUMNS, [action_row(r) for r in actions])]
    del actions
    yield "data/meetings.json", dump("meetings", [meeting_record(site, m, url) for m in site.meetings])
    decisions = [decision_record(d, url) for d in site.decisions]
    yield "data/decisions.json", dump("decisions", decisions)
    rows = [{**r, "matters": "; ".join(r["matters"])} for r in decisions]
    yield "data/decisions.csv", [csv_text(DECISION_COLUMNS, rows)]
    yield "data/datapackage.json", [safe_json(datapackage(site)) + "\n"]


# --- iCalendar (RFC 5545) ------------------------------------------------------------------------------------

# Europe/London since 1996: BST from 01:00 GMT on the last Sunday of March to 01:00 GMT on the last Sunday of
# October. Written out so calendar programs need no time zone database of their own.
VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
TZNAME:BST
DTSTART:19700329T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
TZNAME:GMT
DTSTART:19701025T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE""".split("\n")


# Every line break a reader might split on (str.splitlines' and Unicode's); each becomes one escaped \n
ICS_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
# RFC 5545 TEXT allows no control character but tab; noncharacters and lone surrogates are no text either
ICS_DROP = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
URI_SAFE = "!#$%&'()*+,/:;=?@[]~"  # RFC 3986's reserved characters and %, kept as they are


def ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, every line break as \\n; other
    control characters removed."""
    value = ICS_DROP.sub("", value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return ICS_BREAK.sub("\\\\n", value)


def ics_uri(value: str) -> str:
    """A URI value: spaces, controls and non-ASCII percent-encoded (RFC 3986), so it is one token on one line."""
    return urllib.parse.quote(ICS_DROP.sub("", value), safe=URI_SAFE)


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a UTF-8 character."""
    if ICS_BREAK.search(line):  # a value that skipped ics_text: refuse rather than write a property of its own
        raise ValueError(f"a calendar line holds a line break: {line!r}")
    data = line.encode("utf-8")
    pieces, start, room = [], 0, 75  # room: octets a piece may take (continuations start with one space)
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation octet: cut before its character instead
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, room = end, 74
    pieces.append(data[start:].decode("utf-8"))
    return "\r\n ".join(pieces)


def agenda_lines(meeting: Meeting) -> list[str]:
    """The agenda as the meeting page shows it, one line per entry (unpublished papers by public title)."""
    return [f"{e.number + ' ' if e.number else ''}{e.title}" for e in meeting.agenda]


def vevent(site: Site, meeting: Meeting, url: Urls, stamp: str) -> list[str]:
    """One VEVENT: timed in London when the time is known, else all day; no end time is invented."""
    assert meeting.date is not None  # calendar() skips undated meetings
    day = meeting.date.strftime("%Y%m%d")
    clock = f"{dt.time.fromisoformat(meeting.time):%H%M%S}" if meeting.time else ""  # parsed: no text passes
    when = f"DTSTART;TZID=Europe/London:{day}T{clock}" if clock else f"DTSTART;VALUE=DATE:{day}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{ics_text(stable_id(site, meeting.url))}",
        f"DTSTAMP:{stamp}",
        when,
        f"SUMMARY:{ics_text(meeting.board.name)}",
    ]
    if meeting.venue:
        lines.append(f"LOCATION:{ics_text(meeting.venue)}")
    if meeting.status in ICS_STATUS:
        lines.append(f"STATUS:{ICS_STATUS[meeting.status]}")
    description = ["Agenda:", *agenda_lines(meeting)] if meeting.agenda else []
    if url.base:
        lines.append(f"URL:{ics_uri(url(meeting.url))}")
        description += ["", f"Papers: {url(meeting.url)}"]
    if description:
        lines.append(f"DESCRIPTION:{ics_text(chr(10).join(description))}")
    return [*lines, "END:VEVENT"]


def calendar(site: Site, meetings: list[Meeting], name: str, url: Urls) -> str:
    """A VCALENDAR of the dated meetings, oldest first."""
    stamp = site.today.strftime("%Y%m%dT000000Z")  # when this copy was made: the build date
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//board-papers//Meetings calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(name)}",
        "X-WR-TIMEZONE:Europe/London",
        *VTIMEZONE,
    ]
    for meeting in sorted((m for m in meetings if m.date), key=Meeting.sort_key):
        lines += vevent(site, meeting, url, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def calendars(site: Site, config: Any) -> dict[str, str]:
    """calendar/meetings.ics and one calendar/<board>.ics per board."""
    return dict(each_calendar(site, config))


def each_calendar(site: Site, config: Any) -> Iterator[tuple[str, str]]:
    """calendars(), one (path, text) after another."""
    url = Urls(config)
    name = config["site_name"] if config is not None else site.organisation.get("name", "")
    yield "calendar/meetings.ics", calendar(site, site.meetings, f"{name}: meetings", url)
    for board in sorted(site.boards.values(), key=lambda b: b.id):
        meetings = [m for m in site.meetings if m.board is board]
        yield f"calendar/{board.id}.ics", calendar(site, meetings, f"{board.name}: meetings", url)


def write(site: Site, out: Path, config: Any, cache: Path | None = None) -> None:
    """Post-processing step: write the open data files and the calendars, each as it is made (quick enough
    to make whole each build: `cache` is unused)."""
    calendars_ = ((path, [text]) for path, text in each_calendar(site, config))
    for path, chunks in itertools.chain(each_data_file(site, config), calendars_):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as file:
            file.writelines(chunks)
