"""Hostile text reaching the output writers (issue 17): spreadsheet formulas in the CSV files, line breaks in
the calendars, control characters in the Atom feeds and the JSON files.

The writers must be safe on their own, whatever the content check lets through: text the check rejects
(control characters, line breaks) is planted in model objects and given to the writers directly; text it
accepts (formulas, commas, semicolons, backslashes) goes through a whole build. Every output is read back
with a real parser: csv, icalendar, xml.etree and feedparser, json.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import icalendar
import pytest

from boardpapers.content.model import Action, AgendaEntry, Board, Meeting, Paper, Site, Theme
from boardpapers.outputs import exports, feeds
from boardpapers.pipeline import build_site
from conftest import ROOT
from contentkit import make_content, write

TODAY = dt.date(2026, 11, 23)
BASE = "https://papers.example.org/"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
# What a spreadsheet may read as the start of a formula (OWASP, CSV Injection; ASVS 1.2.10 adds NUL), with the
# full-width and small forms that spreadsheets in East Asian locales also read as = + - @.
TRIGGERS = "=+-@\t\r\n\0" + "\uff1d\uff0b\uff0d\uff20" + "\ufe66\ufe62\ufe63\ufe6b"

# One hostile string per class: (id, text, as written in an iCalendar TEXT value, as an iCalendar parser reads it
# back, as an XML parser reads it back). JSON keeps every string as it is.
HOSTILE = [
    ("cr", "Hall\rURL:http://evil", "Hall\\nURL:http://evil", "Hall\nURL:http://evil", "Hall\rURL:http://evil"),
    ("lf", "Hall\nURL:http://evil", "Hall\\nURL:http://evil", "Hall\nURL:http://evil", "Hall\nURL:http://evil"),
    (
        "crlf-vevent",
        "Hall\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:x\r\nURL:http://evil",
        "Hall\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:x\\nURL:http://evil",
        "Hall\nEND:VEVENT\nBEGIN:VEVENT\nUID:x\nURL:http://evil",
        "Hall\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:x\r\nURL:http://evil",
    ),
    (
        "line-separator",
        "Hall\u2028URL:http://evil",
        "Hall\\nURL:http://evil",
        "Hall\nURL:http://evil",
        "Hall\u2028URL:http://evil",
    ),
    ("paragraph-separator", "Hall\u2029URL:x", "Hall\\nURL:x", "Hall\nURL:x", "Hall\u2029URL:x"),
    ("next-line", "Hall\x85URL:x", "Hall\\nURL:x", "Hall\nURL:x", "HallURL:x"),
    ("vertical-tab", "Hall\x0bURL:x", "Hall\\nURL:x", "Hall\nURL:x", "HallURL:x"),
    ("form-feed", "Hall\x0cURL:x", "Hall\\nURL:x", "Hall\nURL:x", "HallURL:x"),
    ("nul", "A\x00B", "AB", "AB", "AB"),
    ("escape", "A\x1b[31mB", "A[31mB", "A[31mB", "A[31mB"),
    ("record-separator", "A\x1cURL:x\x1e", "AURL:x", "AURL:x", "AURL:x"),
    ("delete", "A\x7fB", "AB", "AB", "AB"),
    ("c1-control", "A\x9bB", "AB", "AB", "AB"),
    ("noncharacters", "A\ufffeB\uffff", "AB", "AB", "AB"),
    ("lone-surrogates", "A\ud800B\udfff", "AB", "AB", "AB"),
    (
        "bidi-overrides",
        "A\u202eB\u2066C\u2069",
        "A\u202eB\u2066C\u2069",
        "A\u202eB\u2066C\u2069",
        "A\u202eB\u2066C\u2069",
    ),
    ("zero-width", "A\u200bB\ufeffC", "A\u200bB\ufeffC", "A\u200bB\ufeffC", "A\u200bB\ufeffC"),
    ("tab", "A\tB", "A\tB", "A\tB", "A\tB"),
    ("ics-specials", 'A\\nB;C,D:E"F\\', 'A\\\\nB\\;C\\,D:E"F\\\\', 'A\\nB;C,D:E"F\\', 'A\\nB;C,D:E"F\\'),
    (
        "xml-specials",
        "<b>&amp;]]></feed>'\"",
        "<b>&amp\\;]]></feed>'\"",
        "<b>&amp;]]></feed>'\"",
        "<b>&amp;]]></feed>'\"",
    ),
    (
        "formula",
        '=HYPERLINK("http://evil","x")',
        '=HYPERLINK("http://evil"\\,"x")',
        '=HYPERLINK("http://evil","x")',
        '=HYPERLINK("http://evil","x")',
    ),
    ("long-multibyte", "€" * 40 + "😀" * 20, "€" * 40 + "😀" * 20, "€" * 40 + "😀" * 20, "€" * 40 + "😀" * 20),
]
CASES = [pytest.param(*case[1:], id=case[0]) for case in HOSTILE]


def model_site(text: str, folder: str = "2019-09-18") -> Site:
    """A site whose every content field holds `text`: one board, theme, dated meeting, paper and action."""
    board, theme = Board("bcb", text), Theme("victims", text)
    meeting = Meeting(
        "content/meetings/x/meeting.md", folder, board, dt.date(2019, 9, 18), "15:00", venue=text, status="scheduled"
    )
    paper = Paper(
        "content/meetings/x/9.0-p.md",
        "9.0-p",
        meeting,
        text,
        "9.0",
        text,
        text,
        None,
        ["victims"],
        "official",
        "published",
        "",
        1,
        summary=text,
        recommendations=[text],
        contact_officers=[{"name": text, "role": text}],
        source_documents=[{"title": text, "url": text}],
        published=True,
    )
    meeting.papers = [paper]
    meeting.agenda = [AgendaEntry("1", text), AgendaEntry("9.0", text, paper=paper)]
    action = Action(
        "6.0",
        dt.date(2019, 5, 16),
        "8.1",
        text,
        text,
        dt.date(2019, 11, 14),
        "ongoing",
        [{"date": dt.date(2019, 9, 18), "text": text}],
        meeting,
    )
    return Site({"name": text}, {"bcb": board}, {"victims": theme}, [meeting], [action], TODAY)


def config(text: str) -> dict[str, Any]:
    """mkdocs.yml's settings the writers read, with a hostile site name."""
    return {"site_name": text, "site_url": BASE}


# --- iCalendar ----------------------------------------------------------------------------------------------


def property_names(text: str) -> list[str]:
    """The property name of every content line, after RFC 5545 unfolding; the text must be CRLF lines of at
    most 75 octets with no other line break of any kind."""
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines), "a line is not folded"
    assert not any(re.search("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", line) for line in lines)
    unfolded = re.sub("\r\n[ \t]", "", text).split("\r\n")[:-1]
    names = [re.match(r"[A-Z][A-Z0-9-]*(?=[:;])", line) for line in unfolded]
    assert all(names), unfolded
    return [name.group() for name in names if name]


def expected_names(status: bool = True) -> list[str]:
    """The property lines of a calendar of one meeting with a venue, a URL, an agenda and maybe a status."""
    zone = [line.split(":")[0] for line in exports.VTIMEZONE]
    event = [
        "BEGIN",
        "UID",
        "DTSTAMP",
        "DTSTART",
        "SUMMARY",
        "LOCATION",
        *(["STATUS"] if status else []),
        "URL",
        "DESCRIPTION",
        "END",
    ]
    return ["BEGIN", "VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME", "X-WR-TIMEZONE", *zone, *event, "END"]


def one_event(text: str) -> icalendar.Event:
    """The calendar's only VEVENT, read with the icalendar package."""
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert isinstance(event, icalendar.Event)
    return event


@pytest.mark.parametrize(("text", "escaped", "parsed", "xml"), CASES)
def test_ics_text_escapes_every_break_and_drops_control_characters(
    text: str, escaped: str, parsed: str, xml: str
) -> None:
    assert exports.ics_text(text) == escaped


@pytest.mark.parametrize(("text", "escaped", "parsed", "xml"), CASES)
def test_calendar_stays_one_event_whatever_the_text(text: str, escaped: str, parsed: str, xml: str) -> None:
    files = exports.calendars(model_site(text), config(text))
    assert sorted(files) == ["calendar/bcb.ics", "calendar/meetings.ics"]
    for ics in files.values():
        ics.encode("utf-8")  # strict: a lone surrogate cannot be written
        assert property_names(ics) == expected_names()
        event = one_event(ics)
        assert (str(event["SUMMARY"]), str(event["LOCATION"])) == (parsed, parsed)
        assert str(event["URL"]) == BASE + "meetings/2019-09-18/"
        assert str(event["DESCRIPTION"]) == (f"Agenda:\n1 {parsed}\n9.0 {parsed}\n\nPapers: {BASE}meetings/2019-09-18/")
        assert str(event["UID"]).startswith("urn:uuid:")


def test_a_hostile_folder_name_stays_in_its_url_property() -> None:
    ics = exports.calendars(model_site("Hall", folder="x\r\nURL:http://evil\r\n"), config("x"))["calendar/bcb.ics"]
    assert property_names(ics) == expected_names()
    assert str(one_event(ics)["URL"]) == BASE + "meetings/x%0D%0AURL:http://evil%0D%0A/"


def test_a_line_break_never_reaches_a_folded_line() -> None:
    with pytest.raises(ValueError, match="line break"):
        exports.fold("SUMMARY:a\r\nURL:http://evil")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\r\nb", "a\\nb"),
        ("a\rb", "a\\nb"),
        ("a\n\rb", "a\\n\\nb"),
        ("a\\;,b", "a\\\\\\;\\,b"),
        ("a\x00\x7f", "a"),
    ],
)
def test_ics_text_exact(value: str, expected: str) -> None:
    assert exports.ics_text(value) == expected


# --- Atom feeds ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "escaped", "parsed", "xml"), CASES)
def test_feeds_are_well_formed_whatever_the_text(text: str, escaped: str, parsed: str, xml: str) -> None:
    files = feeds.feeds(model_site(text), config(text))
    assert sorted(files) == ["feeds/boards/bcb.xml", "feeds/papers.xml", "feeds/themes/victims.xml"]
    for path, atom in files.items():
        data = atom.encode("utf-8")  # strict: a lone surrogate cannot be written
        root = ET.fromstring(data)
        (entry,) = root.findall("a:entry", ATOM)
        assert entry.findtext("a:title", namespaces=ATOM) == xml
        assert entry.findtext("a:author/a:name", namespaces=ATOM) == xml
        assert entry.find("a:category", ATOM).get("label") == xml  # type: ignore[union-attr]
        assert entry.findtext("a:summary", namespaces=ATOM) == f"{xml}, 18 September 2019, agenda item 9.0. {xml}"
        assert root.findtext("a:author/a:name", namespaces=ATOM) == xml
        parsed_feed = feedparser.parse(data)
        assert parsed_feed.bozo == 0, (path, parsed_feed.get("bozo_exception"))
        assert len(parsed_feed.entries) == 1


# --- JSON ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "escaped", "parsed", "xml"), CASES)
def test_json_keeps_the_text_and_writes_no_raw_control_or_line_separator(
    text: str, escaped: str, parsed: str, xml: str
) -> None:
    files = exports.data_files(model_site(text), config(text))
    for name in ("papers", "actions", "meetings"):
        raw = files[f"data/{name}.json"]
        raw.encode("utf-8")  # strict: a lone surrogate cannot be written
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", raw)
        data = json.loads(raw)
        assert data["publisher"] == text
        assert len(data[name]) == 1
    (paper,) = json.loads(files["data/papers.json"])["papers"]
    assert (paper["title"], paper["from"], paper["summary"], paper["subjects"]) == (text, text, text, [text])
    (action,) = json.loads(files["data/actions.json"])["actions"]
    assert (action["description"], action["owner"], action["updates"][0]["description"]) == (text, text, text)
    (meeting,) = json.loads(files["data/meetings.json"])["meetings"]
    assert meeting["location"] == {"name": text} and meeting["agenda"][0]["description"] == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\u2028b\u2029c", '"a\\u2028b\\u2029c"'),
        ("\x00\x1f\x7f\x85\x9f", '"\\u0000\\u001f\\u007f\\u0085\\u009f"'),
        ("\ud800", '"\\ud800"'),
        ("<&>", '"\\u003c\\u0026\\u003e"'),
        ("é€😀", '"é€😀"'),
    ],
)
def test_json_exact(value: str, expected: str) -> None:
    assert exports.safe_json({"k": value}) == '{\n"k":' + expected + "\n}"


# --- CSV ----------------------------------------------------------------------------------------------------

FORMULAS = [
    ("equals", '=HYPERLINK("http://evil","x")'),
    ("at", "@SUM(A1)"),
    ("plus", "+1+1"),
    ("minus", "-2+3"),
    ("dde", "=cmd|' /C calc'!A0"),
    ("tab", "\t=1"),
    ("carriage-return", "\r=1"),
    ("line-feed", "\n=1"),
    ("nul", "\x00=1"),
    ("fullwidth-equals", "\uff1d1+1"),
    ("fullwidth-plus", "\uff0b1"),
    ("fullwidth-minus", "\uff0d1"),
    ("fullwidth-at", "\uff20SUM(A1)"),
    ("small-equals", "\ufe661+1"),
    ("space-then-equals", " =1+1"),
    ("nbsp-then-minus", "\xa0-1"),
    ("already-quoted", "'=1+1"),
]


def safe_cell(cell: str) -> bool:
    """True if a spreadsheet cannot read the cell as a formula."""
    return not cell or (cell[0] not in TRIGGERS and (cell.lstrip()[:1] or "x") not in TRIGGERS)


def read_csv(text: str) -> list[list[str]]:
    """Every row of a CSV text, every cell quoted and CRLF line ends."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert text.endswith("\r\n")
    assert all(line.startswith('"') for line in re.split(r'\r\n(?=")', text) if line)
    return rows


@pytest.mark.parametrize("formula", [pytest.param(text, id=name) for name, text in FORMULAS])
def test_every_csv_cell_is_quoted_and_a_formula_is_read_as_text(formula: str) -> None:
    files = exports.data_files(model_site(formula), {"site_name": "x", "site_url": None})
    for name, columns in (("papers", exports.PAPER_COLUMNS), ("actions", exports.ACTION_COLUMNS)):
        header, *rows = read_csv(files[f"data/{name}.csv"])
        assert tuple(header) == columns
        assert len(rows) == 1
        assert all(safe_cell(cell) for cell in rows[0]), rows[0]
    (paper,) = csv.DictReader(io.StringIO(files["data/papers.csv"], newline=""))
    assert [paper[k] for k in ("title", "from", "to", "subjects", "summary")] == ["'" + formula] * 5
    (action,) = csv.DictReader(io.StringIO(files["data/actions.csv"], newline=""))
    assert [action[k] for k in ("description", "owner", "latest_update")] == ["'" + formula] * 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("@A1", "'@A1"),
        ("-1", "'-1"),
        ("+1", "'+1"),
        ("\t1", "'\t1"),
        ("\r1", "'\r1"),
        ('=A"1",B', '\'=A""1"",B'),
        ("\uff1d1", "'\uff1d1"),
        ("'x", "''x"),
        ("a=1", "a=1"),
        ("9.0", "9.0"),
        ("", ""),
        (None, ""),
        ("A\ud800B", "AB"),
    ],
)
def test_csv_text_exact(value: str | None, expected: str) -> None:
    assert exports.csv_text(("id", "v"), [{"id": "6.0", "v": value}]) == f'"id","v"\r\n"6.0","{expected}"\r\n'


def test_ids_and_urls_are_neutralised_too() -> None:
    row = {"id": "=1+1", "url": "-x/", "title": "t"}
    (cells,) = read_csv(exports.csv_text(("id", "url", "title"), [row]))[1:]
    assert cells == ["'=1+1", "'-x/", "t"]


# --- A whole build of content the check accepts -------------------------------------------------------------

BUILD_TEXT = {
    "title": '=HYPERLINK("http://evil","x")',
    "from": "@SUM(A1)",
    "to": "+1+1",
    "summary": "-2+3",
    "theme": "\uff1dSUM(A1)",
    "action": "=cmd|' /C calc'!A0",
    "owner": "-1",
    "update": "@SUM(1+1)*cmd|' /C calc'!A0",
    "item": '=HYPERLINK("http://evil","y")',
    "venue": 'HQ; Room 3, "North" \\ Wing',
}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built site (with site_url) whose content puts formulas and iCalendar delimiters in every field."""
    root = tmp_path_factory.mktemp("hostile")
    content = make_content(root)
    text = {key: json.dumps(value) for key, value in BUILD_TEXT.items()}  # JSON strings are YAML strings
    board = (content / "board.yml").read_text("utf-8")
    write(content, "board.yml", board.replace("name: Transformation", f"name: {text['theme']}"))
    write(
        content,
        "meetings/2019-09-18/meeting.md",
        (
            f'---\nboard: bcb\ndate: 2019-09-18\ntime: "15:00"\nvenue: {text["venue"]}\n'
            f'items:\n  - {{number: "1", title: {text["item"]}}}\n---\n'
        ),
    )
    write(
        content,
        "meetings/2019-09-18/9.0-southern-police-station.md",
        (
            f'---\ntitle: {text["title"]}\nagenda_item: "9.0"\nfrom: {text["from"]}\nto: {text["to"]}\n'
            f"summary: {text['summary']}\nthemes: [transformation]\nclassification: official\nstatus: published\n"
            "---\n\nBody.\n"
        ),
    )
    write(
        content,
        "actions.yml",
        (
            f'actions:\n  - number: "6.0"\n    raised: {{meeting: 2019-05-16, item: "8.1"}}\n'
            f"    action: {text['action']}\n    owner: {text['owner']}\n    target_date: 2019-11-14\n"
            f"    updates:\n      - {{date: 2019-09-18, text: {text['update']}}}\n    status: ongoing\n"
        ),
    )
    mkdocs = root / "mkdocs.yml"
    mkdocs.write_text(
        (ROOT / "mkdocs.yml")
        .read_text("utf-8")
        .replace("theme:", f"site_url: {BASE}\ntheme:", 1)
        .replace("custom_dir: theme/overrides", f"custom_dir: {ROOT / 'theme/overrides'}"),
        encoding="utf-8",
    )
    out = root / "site"
    build_site(content, out, mkdocs, TODAY)
    return out


def test_built_csv_files_quote_every_cell_and_neutralise_formulas(hostile_build: Path) -> None:
    for name in ("papers", "actions"):
        _header, *rows = read_csv((hostile_build / f"data/{name}.csv").read_bytes().decode("utf-8"))
        assert rows and all(safe_cell(cell) for row in rows for cell in row), rows
    (paper,) = csv.DictReader(io.StringIO((hostile_build / "data/papers.csv").read_bytes().decode("utf-8"), newline=""))
    expected = {k: "'" + BUILD_TEXT[k] for k in ("title", "from", "to", "summary")}
    assert {k: paper[k] for k in expected} == expected
    assert paper["subjects"] == "'" + BUILD_TEXT["theme"] and paper["order"] == "9.0"
    (action,) = csv.DictReader(
        io.StringIO((hostile_build / "data/actions.csv").read_bytes().decode("utf-8"), newline="")
    )
    assert (action["description"], action["owner"], action["latest_update"]) == (
        "'" + BUILD_TEXT["action"],
        "'" + BUILD_TEXT["owner"],
        "'" + BUILD_TEXT["update"],
    )


def test_built_json_keeps_the_formulas_as_written(hostile_build: Path) -> None:
    (paper,) = json.loads((hostile_build / "data/papers.json").read_text("utf-8"))["papers"]
    assert (paper["title"], paper["from"], paper["to"], paper["summary"]) == tuple(
        BUILD_TEXT[k] for k in ("title", "from", "to", "summary")
    )
    (action,) = json.loads((hostile_build / "data/actions.json").read_text("utf-8"))["actions"]
    assert (action["description"], action["owner"]) == (BUILD_TEXT["action"], BUILD_TEXT["owner"])


def test_built_calendars_and_feeds_parse(hostile_build: Path) -> None:
    for path in sorted((hostile_build / "calendar").glob("*.ics")):
        text = path.read_bytes().decode("utf-8")
        assert property_names(text) == expected_names(status=False), path
        event = one_event(text)
        assert str(event["LOCATION"]) == BUILD_TEXT["venue"]
        assert str(event["URL"]) == BASE + "meetings/2019-09-18/"
        assert str(event["DESCRIPTION"]).startswith(f"Agenda:\n1 {BUILD_TEXT['item']}\n9.0 {BUILD_TEXT['title']}")
    atom = sorted((hostile_build / "feeds").rglob("*.xml"))
    assert len(atom) == 5  # every paper, three themes, one board
    for path in atom:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    (entry,) = feedparser.parse((hostile_build / "feeds/papers.xml").read_bytes()).entries
    assert entry.title == BUILD_TEXT["title"] and entry.author == BUILD_TEXT["from"]
