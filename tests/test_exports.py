"""Calendars (read back with the icalendar library), open data files, and the sitemap."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest

from boardpapers.content.load import load_site
from boardpapers.outputs import exports
from boardpapers.pipeline import build_site
from conftest import ROOT, SAMPLE_TODAY
from contentkit import exempt_paper, make_content, make_record_content, paper, write

TODAY = dt.date(2026, 11, 23)
CONFIG = {"site_name": "Board papers", "site_url": None}
LONDON = ZoneInfo("Europe/London")


def events(text: str) -> dict[str, icalendar.Event]:
    """The VEVENTs of an iCalendar text, by UID; the text must parse and have CRLF lines of <= 75 octets."""
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "a line is not folded"
    assert "\n" not in text.replace("\r\n", "")
    calendar = icalendar.Calendar.from_ical(text)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def calendar_content(tmp_path: Path) -> Path:
    """contentkit's timed meeting, an all-day (no time) meeting of a second board, and an undated meeting."""
    content = make_content(tmp_path)
    board_yml = (
        (content / "board.yml")
        .read_text("utf-8")
        .replace("themes:", "  - {id: audit, name: Joint Audit Committee}\nthemes:")
    )
    write(content, "board.yml", board_yml)
    write(content, "meetings/2020-01-23-audit/meeting.md", "---\nboard: audit\nstatus: cancelled\n---\n")
    write(content, "meetings/undated-plan/meeting.md", "---\nboard: bcb\n---\n")
    return content


def test_calendar_times_in_london_all_day_without_time_and_undated_left_out(tmp_path: Path) -> None:
    site = load_site(calendar_content(tmp_path), TODAY)
    files = exports.calendars(site, CONFIG)
    assert sorted(files) == ["calendar/audit.ics", "calendar/bcb.ics", "calendar/meetings.ics"]
    found = events(files["calendar/meetings.ics"])
    assert len(found) == 2
    timed, all_day = sorted(found.values(), key=lambda e: str(e["DTSTART"].dt))
    assert timed["DTSTART"].dt == dt.datetime(2019, 9, 18, 15, 0, tzinfo=LONDON)
    assert timed["DTSTART"].params["TZID"] == "Europe/London"
    assert timed["DTSTART"].dt.utcoffset() == dt.timedelta(hours=1)  # BST on that day
    assert "DTEND" not in timed and "DURATION" not in timed  # no end time is invented
    assert str(timed["LOCATION"]) == "HQ, Conference Room 3"
    assert str(timed["SUMMARY"]) == "Business Coordination Board"
    assert str(timed["DESCRIPTION"]).startswith("Agenda:\n1 Welcome and apologies\n9.0 Southern Police Station")
    assert all_day["DTSTART"].dt == dt.date(2020, 1, 23) and not isinstance(all_day["DTSTART"].dt, dt.datetime)
    assert str(all_day["STATUS"]) == "CANCELLED" and str(all_day["SUMMARY"]) == "Joint Audit Committee"
    assert list(events(files["calendar/audit.ics"])) == [str(all_day["UID"])]
    assert list(events(files["calendar/bcb.ics"])) == [str(timed["UID"])]


def test_calendar_uids_are_stable_and_unique(tmp_path: Path) -> None:
    content = calendar_content(tmp_path)
    first = exports.calendars(load_site(content, TODAY), CONFIG)["calendar/meetings.ics"]
    write(content, "meetings/2019-10-30/meeting.md", "---\nboard: bcb\ndate: 2019-10-30\n---\n")
    second = exports.calendars(load_site(content, TODAY), CONFIG)["calendar/meetings.ics"]
    assert set(events(first)) < set(events(second))
    assert len(set(events(second))) == 3


def test_a_winter_meeting_is_in_gmt_and_long_text_is_folded(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    long_venue = "Room " + "é" * 60 + ", Peterborough; Cambridgeshire"
    write(
        content,
        "meetings/2019-12-12/meeting.md",
        f'---\nboard: bcb\ndate: 2019-12-12\ntime: "09:30"\nvenue: "{long_venue}"\n---\n',
    )
    found = events(exports.calendars(load_site(content, TODAY), CONFIG)["calendar/meetings.ics"])
    winter = next(e for e in found.values() if e["DTSTART"].dt.month == 12)
    assert winter["DTSTART"].dt.utcoffset() == dt.timedelta(0)
    assert str(winter["LOCATION"]) == long_venue


@pytest.mark.parametrize("line", ["", "x" * 75, "DESCRIPTION:" + "a, b; c " * 40, "SUMMARY:" + "é" * 100 + "z" * 80])
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_line(line: str) -> None:
    folded = exports.fold(line)
    assert all(len(piece.encode("utf-8")) <= 75 for piece in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line  # RFC 5545 unfolding
    assert folded.count("\r\n") == max(0, -(-(len(line.encode("utf-8")) - 75) // 74)) or not line.isascii()


def test_sample_calendar_parses(sample_site: Path) -> None:
    site = load_site(ROOT / "content", SAMPLE_TODAY)
    found = events((sample_site / "calendar/meetings.ics").read_bytes().decode("utf-8"))
    assert len(found) == len([m for m in site.meetings if m.date])


def restricted_content(tmp_path: Path) -> Path:
    """contentkit's content plus an exempt paper with a public title, a draft, and a paper of a second theme."""
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/2.0-exempt.md", exempt_paper(summary="CANARY summary"))
    write(content, "meetings/2019-09-18/3.0-draft.md", paper("CANARY draft", "3.0", "CANARY", status="draft"))
    write(content, "meetings/2019-09-18/4.0-victims.md", paper("Victims Hub", "4.0", "Text.", themes="[victims]"))
    return content


def test_papers_json_and_csv_list_published_papers_with_urls(tmp_path: Path) -> None:
    files = exports.data_files(load_site(restricted_content(tmp_path), TODAY), CONFIG)
    assert "CANARY" not in "".join(files.values())
    data = json.loads(files["data/papers.json"])
    assert data["site_url"] is None and data["as_of"] == "2026-11-23"
    assert [p["title"] for p in data["papers"]] == ["Victims Hub", "Southern Police Station – Project Update"]
    southern = data["papers"][1]
    assert southern["url"] == "meetings/2019-09-18/9.0-southern-police-station/"
    assert southern["event"] == {
        "id": "2019-09-18",
        "name": "Business Coordination Board",
        "start_date": "2019-09-18T15:00:00+01:00",
        "url": "meetings/2019-09-18/",
    }
    assert (southern["order"], southern["subjects"], southern["themes"]) == (
        "9.0",
        ["Transformation"],
        ["transformation"],
    )
    assert southern["links"] == [
        {"note": "Police and Crime Plan", "url": "http://www.cambridgeshire-pcc.gov.uk/police-crime-plan/"}
    ]
    rows = list(csv.DictReader(io.StringIO(files["data/papers.csv"], newline="")))
    assert [r["id"] for r in rows] == [p["id"] for p in data["papers"]]
    assert rows[1]["subjects"] == "Transformation" and rows[1]["order"] == "9.0"
    assert files["data/papers.csv"].endswith("\r\n")


def test_meetings_json_shows_unpublished_papers_by_number_and_public_title_only(tmp_path: Path) -> None:
    files = exports.data_files(load_site(restricted_content(tmp_path), TODAY), CONFIG)
    (meeting,) = json.loads(files["data/meetings.json"])["meetings"]
    agenda = {item["order"]: item for item in meeting["agenda"]}
    assert agenda["2.0"] == {
        "order": "2.0",
        "description": "Exempt item: property matter",
        "extras": {"restricted": True},
    }
    assert agenda["3.0"] == {"order": "3.0", "description": "Restricted item", "extras": {"restricted": True}}
    assert agenda["9.0"]["extras"]["paper_url"] == "meetings/2019-09-18/9.0-southern-police-station/"
    assert agenda["13"]["extras"] == {"presenter": "Chief Constable", "verbal": True}  # no paper: left out
    assert (meeting["start_date"], meeting["all_day"], meeting["location"]) == (
        "2019-09-18T15:00:00+01:00",
        False,
        {"name": "HQ, Conference Room 3"},
    )
    assert [d["note"] for d in meeting["documents"]] == ["Victims Hub", "Southern Police Station – Project Update"]


def test_actions_json_and_csv(tmp_path: Path) -> None:
    files = exports.data_files(load_site(make_content(tmp_path), TODAY), {**CONFIG, "site_url": "https://x.example/"})
    (action,) = json.loads(files["data/actions.json"])["actions"]
    assert action == {
        "id": "6.0",
        "url": "https://x.example/actions/#action-6-0",
        "description": "Chief Constable to report back on sickness levels.",
        "owner": "Constabulary",
        "raised": {"date": "2019-05-16", "order": "8.1", "event_id": None},
        "target_date": "2019-11-14",
        "status": "ongoing",
        "overdue": True,
        "updates": [{"date": "2019-09-18", "description": "Update on sickness."}],
        "matters": [],
    }
    (row,) = csv.DictReader(io.StringIO(files["data/actions.csv"], newline=""))
    assert (row["id"], row["overdue"], row["latest_update"]) == ("6.0", "yes", "Update on sickness.")


def test_json_escapes_markup_characters_but_keeps_the_data(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/2.0-x.md", paper("A <b>&</b> title", "2.0", "x"))
    text = exports.data_files(load_site(content, TODAY), CONFIG)["data/papers.json"]
    assert "<b>" not in text and "\\u003cb\\u003e\\u0026" in text
    assert json.loads(text)["papers"][0]["title"] == "A <b>&</b> title"


def test_sample_data_files_point_at_built_pages(sample_site: Path) -> None:
    data = json.loads((sample_site / "data/papers.json").read_text("utf-8"))
    site = load_site(ROOT / "content", SAMPLE_TODAY)
    assert [p["id"] for p in data["papers"]] == [p.url for p in site.papers]
    assert all((sample_site / p["url"] / "index.html").is_file() for p in data["papers"])
    meetings = json.loads((sample_site / "data/meetings.json").read_text("utf-8"))["meetings"]
    assert all((sample_site / m["url"] / "index.html").is_file() for m in meetings)


@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built site with site_url set (so MkDocs writes a sitemap) and unpublished canary papers."""
    root = tmp_path_factory.mktemp("sitemap")
    content = restricted_content(root)
    write(
        content,
        "meetings/2019-09-18/5.0-embargoed.md",
        paper("CANARY embargoed", "5.0", "CANARY", publish_on="2099-01-01"),
    )
    config = root / "mkdocs.yml"
    config.write_text(
        (ROOT / "mkdocs.yml")
        .read_text("utf-8")
        .replace("theme:", "site_url: https://papers.example.org/\ntheme:", 1)
        .replace("custom_dir: theme/overrides", f"custom_dir: {ROOT / 'theme/overrides'}"),
        encoding="utf-8",
    )
    out = root / "site"
    build_site(content, out, config, TODAY)
    return out


def test_sitemap_lists_exactly_the_published_pages(site_with_url: Path) -> None:
    text = (site_with_url / "sitemap.xml").read_text("utf-8")
    assert "CANARY" not in text.upper() and "embargoed" not in text and "draft" not in text
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.fromstring(text).findall("s:url/s:loc", namespace)]
    paths = sorted(loc.removeprefix("https://papers.example.org/") for loc in locs)
    folders = [p.relative_to(site_with_url).parent.as_posix() for p in site_with_url.rglob("index.html")]
    assert paths == sorted("" if f == "." else f + "/" for f in folders)
    assert "meetings/2019-09-18/9.0-southern-police-station/" in paths


# ---- sitemap.xml against the sitemaps.org protocol ------------------------------------------------------------
# The rules of https://www.sitemaps.org/protocol.html, written here as the test's own schema: the protocol's XSD
# (sitemap.xsd) cannot be fetched where the tests run, and it does not say what it cannot (absolute addresses on
# the sitemap's own host, the limits).
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024  # uncompressed
MAX_LOC = 2048  # characters (the protocol: "less than 2,048")
CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
# W3C Datetime (https://www.w3.org/TR/NOTE-datetime): YYYY, YYYY-MM, YYYY-MM-DD, or a date and time with a zone.
W3C_DATETIME = re.compile(
    r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?"
    r"(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?)?)?"
)
URL_CHILDREN = {"loc": (1, 1), "lastmod": (0, 1), "changefreq": (0, 1), "priority": (0, 1)}  # (fewest, most)


def sitemap_errors(data: bytes, base: str) -> list[str]:
    """What in a sitemap breaks the sitemaps.org protocol, for a site at `base` (empty when nothing does)."""
    from lxml import etree

    if len(data) > MAX_BYTES:
        return [f"{len(data)} bytes, more than {MAX_BYTES}"]
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as err:
        return [f"not well-formed XML: {err}"]
    if not data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
        return ["no XML declaration of UTF-8"]
    if root.tag != f"{{{SITEMAP_NS}}}urlset":
        return [f"the root is {root.tag}, not urlset in {SITEMAP_NS}"]
    urls = [child for child in root if isinstance(child.tag, str)]
    errors = [f"{len(urls)} urls, more than {MAX_URLS}"] if len(urls) > MAX_URLS else []
    host = urlsplit(base)[:2]
    for number, url in enumerate(urls, 1):
        if url.tag != f"{{{SITEMAP_NS}}}url":
            errors.append(f"child {number} is {url.tag}, not url")
            continue
        own = [c for c in url if isinstance(c.tag, str) and c.tag.startswith(f"{{{SITEMAP_NS}}}")]
        names = [etree.QName(c).localname for c in own]
        errors += [f"url {number}: {name} is not a url's field" for name in names if name not in URL_CHILDREN]
        for name, (fewest, most) in URL_CHILDREN.items():
            if not fewest <= names.count(name) <= most:
                errors.append(f"url {number}: {names.count(name)} {name}, expected {fewest} to {most}")
        for child in own:
            name, text = etree.QName(child).localname, (child.text or "")
            if name == "loc" and not (len(text) < MAX_LOC and urlsplit(text)[:2] == host and text.startswith(base)):
                errors.append(f"url {number}: loc {text[:80]!r} is not an absolute address under {base}")
            if name == "lastmod" and W3C_DATETIME.fullmatch(text) is None:
                errors.append(f"url {number}: lastmod {text!r} is not a W3C date")
            if name == "changefreq" and text not in CHANGEFREQ:
                errors.append(f"url {number}: changefreq {text!r}")
            if name == "priority" and not re.fullmatch(r"0(\.\d+)?|1(\.0+)?", text):
                errors.append(f"url {number}: priority {text!r}")
    return errors


def test_sitemap_follows_the_sitemaps_org_protocol(site_with_url: Path) -> None:
    data = (site_with_url / "sitemap.xml").read_bytes()
    assert sitemap_errors(data, "https://papers.example.org/") == []
    assert gzip.decompress((site_with_url / "sitemap.xml.gz").read_bytes()) == data


BROKEN_SITEMAPS = {
    "another namespace": (b'<urlset xmlns="http://www.google.com/schemas/sitemap/0.84"></urlset>', "the root is"),
    "relative loc": (b"<url><loc>meetings/</loc></url>", "url 1: loc 'meetings/' is not an absolute address"),
    "another host": (b"<url><loc>https://evil.example/</loc></url>", "url 1: loc 'https://evil.example/'"),
    "two locs": (b"<url><loc>https://papers.example.org/</loc><loc>https://papers.example.org/a/</loc></url>", "2 loc"),
    "no loc": (b"<url><lastmod>2019-09-18</lastmod></url>", "url 1: 0 loc, expected 1 to 1"),
    "long loc": (b"<url><loc>https://papers.example.org/" + b"a" * 2048 + b"</loc></url>", "is not an absolute"),
    "bad lastmod": (b"<url><loc>https://papers.example.org/</loc><lastmod>18/09/2019</lastmod></url>", "lastmod"),
    "lastmod without zone": (
        b"<url><loc>https://papers.example.org/</loc><lastmod>2019-09-18T10:00</lastmod></url>",
        "is not a W3C date",
    ),
    "unknown field": (b"<url><loc>https://papers.example.org/</loc><title>x</title></url>", "title is not a url"),
    "too many urls": (b"<url><loc>https://papers.example.org/</loc></url>" * (MAX_URLS + 1), "50001 urls"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_SITEMAPS))
def test_the_sitemap_rules_catch_what_breaks_them(name: str) -> None:
    body, expected = BROKEN_SITEMAPS[name]
    xml = body if body.startswith(b"<urlset") else f'<urlset xmlns="{SITEMAP_NS}">'.encode() + body + b"</urlset>"
    errors = sitemap_errors(b'<?xml version="1.0" encoding="UTF-8"?>\n' + xml, "https://papers.example.org/")
    assert [e for e in errors if expected in e] != [], errors


def test_exports_with_site_url_use_absolute_links(site_with_url: Path) -> None:
    (event,) = events((site_with_url / "calendar/meetings.ics").read_bytes().decode("utf-8")).values()
    assert str(event["URL"]) == "https://papers.example.org/meetings/2019-09-18/"
    papers = json.loads((site_with_url / "data/papers.json").read_text("utf-8"))["papers"]
    assert all(p["url"].startswith("https://papers.example.org/meetings/") for p in papers)
    assert not re.search(
        r"CANARY|embargoed",
        "".join(p.read_text("utf-8", errors="replace") for p in site_with_url.rglob("*") if p.is_file()),
    )


def test_every_data_field_is_documented(sample_site: Path, tmp_path: Path) -> None:
    page = (ROOT / "docs" / "citizens.md").read_text("utf-8")
    block = page[page.index("<!-- data:start") : page.index("<!-- data:end -->")]
    documented = set(re.findall(r"^\| (\w+) \| `(\w+)` \|", block, re.M))
    # a field left out when not known, as Open Civic Data wants, need not be in the sample (say so in its row)
    optional = set(re.findall(r"^\| (\w+) \| `(\w+)` \| [^\n]*left out when", block, re.M))
    carried = set()
    # the sample's files, and a site with the public record the sample lacks (minutes, decisions, matters)
    record = exports.data_files(load_site(make_record_content(tmp_path), TODAY), CONFIG)
    for name in ("papers", "meetings", "actions", "decisions"):
        for text in ((sample_site / "data" / f"{name}.json").read_text("utf-8"), record[f"data/{name}.json"]):
            data = json.loads(text)
            assert set(data) == {"publisher", "as_of", "site_url", "urls", name}
            carried |= {(name, key) for row in data[name] for key in row}
    assert carried - documented == set(), "fields missing from docs/citizens.md's open data table"
    assert documented - carried - optional == set(), "docs/citizens.md documents fields the files do not carry"
