"""The board's public record: attendance, declarations, decisions and minutes in meeting.md, decision notices,
matters followed across meetings; their pages, feeds and data; their checks; and what stays unpublished."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import feedparser
import pytest

from boardpapers.content.load import load_site
from boardpapers.content.problems import ContentError
from boardpapers.outputs import exports, feeds
from boardpapers.outputs.bundle import make_bundle
from boardpapers.pages.generate import Generator
from boardpapers.pipeline import ROOT, build_site
from contentkit import MATTERS_YML, NOTICE_MD, PAPER_MD, RECORD_MEETING_MD, make_record_content, readable, write
from test_open_data import ocd_errors

TODAY = dt.date(2026, 11, 23)
MEETING = "content/meetings/2019-09-18/meeting.md"


class pages(dict[str, str]):  # noqa: N801 (read as a function: pages(content)[path])
    """The generated pages' Markdown by docs path (no MkDocs run), each made when first read."""

    def __init__(self, content: Path) -> None:
        super().__init__()
        self.makers = dict(Generator(load_site(content, TODAY), ROOT / "theme" / "pages", {}).pages())

    def __missing__(self, path: str) -> str:
        self[path] = self.makers[path]()
        return self[path]


def text_of(markdown: str) -> str:
    """A generated page's words: tags dropped, entities read, spaces folded."""
    plain = re.sub(r"<[^>]+>", " ", markdown).replace("&#39;", "'").replace("&amp;", "&")
    return " ".join(plain.split())


def test_meeting_page_shows_attendance_declarations_decisions_and_approved_minutes(tmp_path: Path) -> None:
    page = pages(make_record_content(tmp_path))["meetings/2019-09-18/index.md"]
    words = text_of(page)
    assert (
        "Attendance Present Alex Example, Police and Crime Commissioner Sam Sample, Chief Constable "
        "Apologies Jo Placeholder, Chief Executive In attendance Kim Fixture"
    ) in words
    assert "Declarations of interest Sam Sample, item 9.0 : A relative works for the contractor." in words
    # each decision beside its agenda item, its matter linked
    row = page[page.index('id="item-9-0"') :].split("</tr>", 1)[0]
    assert "<strong>Decision (noted):</strong> The Board noted the project update." in row
    assert '<a href="../../matters/southern-police-station/">Southern Police Station project</a>' in row
    assert "Decision (deferred):</strong> The Board asked for a written report." in page.split('id="item-13"')[1]
    assert 'Approved at the meeting of <a href="../2019-10-30/">30 October 2019</a>.' in page
    assert "The Commissioner welcomed everyone to the meeting." in page


def test_draft_minutes_are_marked_and_a_meeting_without_minutes_says_so(tmp_path: Path) -> None:
    made = pages(make_record_content(tmp_path))
    assert (
        "<strong>Draft minutes:</strong> not yet approved by the board; they may change."
        in made["meetings/2019-10-30/index.md"]
    )
    sample = pages(ROOT / "content")["meetings/2019-09-18/index.md"]
    assert '<h2 id="minutes">Minutes</h2>\n<p>Minutes not yet published.</p>' in sample
    assert 'id="attendance"' not in sample and 'id="declarations"' not in sample


def test_decisions_register_lists_meetings_and_notices_newest_first(tmp_path: Path) -> None:
    made = pages(make_record_content(tmp_path))
    register = made["decisions/index.md"]
    items = re.findall(r'<li data-outcome="(\w+)" data-year="(\d*)" data-matters="([\w -]*)">', register)
    assert items == [
        ("notice", "2019", "southern-police-station"),
        ("noted", "2019", "southern-police-station"),
        ("deferred", "2019", ""),
    ]
    assert '<a href="2019-014-contract-award/">Southern Police Station contract award</a>' in register
    notice = text_of(made["decisions/2019-014-contract-award.md"])
    assert "Decision notice 2019-014 Date 5 November 2019 Matter Southern Police Station project" in notice
    assert "Reasons The tender evaluation ranked the contractor first." in notice


def test_matter_page_follows_the_matter_newest_first(tmp_path: Path) -> None:
    made = pages(make_record_content(tmp_path))
    matter = made["matters/southern-police-station.md"]
    kinds = re.findall(r'<li><p class="bp-meta">([^<]+)</p>', matter)
    assert kinds == [
        "5 November 2019 · Decision",
        "18 September 2019 · Paper",
        "18 September 2019 · Decision",
        "16 May 2019 · Action",
    ]
    assert '<a href="../../actions/#action-6-0">Action 6.0</a>' in matter
    assert (
        'href="../../../matters/southern-police-station/">Southern Police Station project</a>'
        in made["meetings/2019-09-18/9.0-southern-police-station.md"]
    )
    assert "Southern Police Station project</a></span></td>" in made["actions.md"]
    assert '<a href="southern-police-station/">Southern Police Station project</a>' in made["matters/index.md"]


def test_matter_feed_parses_with_every_record(tmp_path: Path) -> None:
    site = load_site(make_record_content(tmp_path), TODAY)
    parsed = feedparser.parse(feeds.feeds(site, None)["feeds/matters/southern-police-station.xml"])
    assert not parsed.bozo
    assert [(e.title, e.published[:10]) for e in parsed.entries] == [
        ("Southern Police Station contract award", "2019-11-05"),
        ("Southern Police Station – Project Update", "2019-09-18"),
        ("Decision: Business Coordination Board, item 9.0 (noted)", "2019-09-18"),
        ("Action 6.0", "2019-05-16"),
    ]
    assert parsed.entries[0].link == "../../decisions/2019-014-contract-award/"


def test_open_data_carries_participants_decisions_and_validates(tmp_path: Path) -> None:
    files = exports.data_files(load_site(make_record_content(tmp_path), TODAY), None)
    meetings = {m["id"]: m for m in json.loads(files["data/meetings.json"])["meetings"]}
    september = meetings["2019-09-18"]
    assert september["participants"][0] == {
        "name": "Alex Example",
        "type": "person",
        "note": "present, Police and Crime Commissioner",
    }
    assert september["participants"][-1] == {"name": "Kim Fixture", "type": "person", "note": "in attendance"}
    (item,) = [a for a in september["agenda"] if a["order"] == "9.0"]
    assert item["notes"] == ["Decision (noted): The Board noted the project update."]
    assert {k: ocd_errors(m) for k, m in meetings.items()} == dict.fromkeys(meetings, "")
    decisions = json.loads(files["data/decisions.json"])["decisions"]
    assert [(d["date"], d["outcome"], d["notice"], d["url"]) for d in decisions] == [
        ("2019-11-05", None, "2019-014", "decisions/2019-014-contract-award/"),
        ("2019-09-18", "noted", None, "meetings/2019-09-18/#item-9-0"),
        ("2019-09-18", "deferred", None, "meetings/2019-09-18/#item-13"),
    ]
    assert files["data/decisions.csv"].splitlines()[0] == (
        '"date","outcome","text","event_id","order","notice","url","matters"'
    )


# --- Bad input: one defect per fixture, the exact message at its line ------------------------------------------


def with_meeting_fields(fields: str) -> str:
    """The record meeting.md with `fields` in place of its minutes."""
    return RECORD_MEETING_MD.replace("minutes:\n  status: approved\n  approved_at: 2019-10-30\n", fields)


BAD: dict[str, tuple[str, str, str]] = {
    "decision_item_not_on_agenda": (
        "meetings/2019-09-18/meeting.md",
        with_meeting_fields("").replace('item: "13", text:', 'item: "14", text:'),
        f"{MEETING}:24: decisions[2].item: agenda item 14 is not on this meeting's agenda, expected one of: "
        '1, 9.0, 13, e.g. item: "13"',
    ),
    "declaration_item_not_on_agenda": (
        "meetings/2019-09-18/meeting.md",
        with_meeting_fields("").replace('item: "9.0", interest', 'item: "9.1", interest'),
        f"{MEETING}:18: declarations[1].item: agenda item 9.1 is not on this meeting's agenda, expected one of: "
        '1, 9.0, 13, e.g. item: "9.0"',
    ),
    "unknown_outcome": (
        "meetings/2019-09-18/meeting.md",
        with_meeting_fields("").replace("outcome: deferred", "outcome: postponed"),
        f"{MEETING}:24: decisions[2].outcome: invalid value 'postponed', expected one of: agreed, noted, deferred, "
        "rejected, amended, e.g. outcome: noted",
    ),
    "approved_without_meeting": (
        "meetings/2019-09-18/meeting.md",
        with_meeting_fields("minutes: {status: approved}\n"),
        f"{MEETING}:25: minutes.approved_at: approved minutes must say which meeting approved them, expected the "
        "date of that meeting, e.g. approved_at: 2019-10-30",
    ),
    "approved_at_no_meeting": (
        "meetings/2019-09-18/meeting.md",
        with_meeting_fields("minutes: {status: approved, approved_at: 2019-10-31}\n"),
        f"{MEETING}:25: minutes.approved_at: 2019-10-31 is not the date of a meeting in content/meetings, did you "
        "mean 2019-10-30? expected the date of the meeting that approved these minutes, e.g. approved_at: 2019-10-30",
    ),
    "approved_before_the_meeting": (
        "meetings/2019-10-30/meeting.md",
        "---\nboard: bcb\ndate: 2019-10-30\nminutes: {status: approved, approved_at: 2019-09-18}\n---\n",
        "content/meetings/2019-10-30/meeting.md:4: minutes.approved_at: 2019-09-18 is not after this meeting "
        "(2019-10-30), expected a later meeting's date: minutes are approved at the next meeting",
    ),
    "draft_with_approval": (
        "meetings/2019-10-30/meeting.md",
        "---\nboard: bcb\ndate: 2019-10-30\nminutes: {status: draft, approved_at: 2019-11-05}\n---\n",
        "content/meetings/2019-10-30/meeting.md:4: minutes.approved_at: draft minutes have not been approved, "
        "expected status: approved with approved_at, or approved_at left out while they are a draft",
    ),
    "unknown_matter_in_decision": (
        "meetings/2019-09-18/meeting.md",
        with_meeting_fields("").replace("matters: [southern-police-station]", "matters: [southern-police]"),
        f"{MEETING}:23: decisions[1].matters: unknown matter 'southern-police', did you mean "
        "'southern-police-station'? expected one of the matters in content/matters.yml: southern-police-station",
    ),
    "unknown_matter_in_notice": (
        "decisions/2019-014-contract-award.md",
        NOTICE_MD.replace("matters: [southern-police-station]", "matters: [estates]"),
        "content/decisions/2019-014-contract-award.md:8: matters: unknown matter 'estates', expected one of the "
        "matters in content/matters.yml: southern-police-station",
    ),
    "notice_without_decision": (
        "decisions/2019-014-contract-award.md",
        NOTICE_MD.replace("decision: The Commissioner approves the award of the construction contract.\n", ""),
        "content/decisions/2019-014-contract-award.md:2: decision: missing required field, expected text, e.g. "
        'decision: "The Commissioner approves ..."',
    ),
    "matter_listed_twice": (
        "matters.yml",
        "matters:\n  - {id: estates, title: Estates}\n  - {id: estates, title: Estates again}\n"
        "  - {id: southern-police-station, title: Southern Police Station project}\n",
        "content/matters.yml:3: matters.id: matter 'estates' is listed twice (also line 2), expected each id once",
    ),
}


ODD_RECORD_FILES: dict[str, tuple[str, str, str]] = {
    "notice_in_a_sub_folder": (
        "decisions/2020/nested.md",
        NOTICE_MD,
        "content/decisions/2020:1: file: is a folder inside content/decisions/, whose notices are not read, "
        "expected each decision notice as a file directly in content/decisions/, e.g. move nested.md to "
        "content/decisions/nested.md",
    ),
    "notice_named_index": (
        "decisions/index.md",
        NOTICE_MD.replace('"2019-014"', '"2019-016"'),
        "content/decisions/index.md:1: file: the name 'index.md' is 'index', a name kept for the list of decisions, "
        "expected lower-case letters a-z, digits, and '.' or '-' between them, ending in .md (the name is the page's "
        "address), e.g. rename it to index-notice.md",
    ),
    "empty_notice": (
        "decisions/empty.md",
        "",
        "content/decisions/empty.md:1: front-matter: the file is empty, expected the fields between two lines ---, "
        "then the text, e.g. start it again with python build.py new notice, or delete it",
    ),
    "matters_as_a_list": (
        "matters.yml",
        "- {id: southern-police-station, title: Southern Police Station project}\n",
        "content/matters.yml:1: file: the file is a list, expected key: value lines holding the matters followed "
        "across meetings, e.g. matters: [{id: ..., title: ...}]",
    ),
    "actions_as_a_list": (
        "actions.yml",
        "- {number: '6.0'}\n",
        "content/actions.yml:1: file: the file is a list, expected key: value lines holding the action log, e.g. "
        "actions: [{number: '1.0', ...}]",
    ),
}

BAD.update(ODD_RECORD_FILES)  # odd files are bad input like the others: test_a_record_mistake_is_reported_at_its_line


@pytest.mark.parametrize("defect", sorted(BAD))
def test_a_record_mistake_is_reported_at_its_line(tmp_path: Path, defect: str) -> None:
    relative, text, message = BAD[defect]
    content = make_record_content(tmp_path)
    write(content, relative, text)
    with pytest.raises(ContentError) as caught:
        load_site(content, TODAY)
    assert [str(p) for p in caught.value.problems] == [message]


def test_unknown_matter_in_a_paper_and_an_action(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    for path in ("meetings/2019-09-18/9.0-southern-police-station.md", "actions.yml"):
        file = content / path
        file.write_text(file.read_text("utf-8").replace("[southern-police-station]", "[southern]"), "utf-8")
    with pytest.raises(ContentError) as caught:
        load_site(content, TODAY)
    hint = "did you mean 'southern-police-station'? expected one of the matters in content/matters.yml: "
    assert [str(p) for p in caught.value.problems] == [
        f"content/actions.yml:2: actions.matters: unknown matter 'southern', {hint}southern-police-station",
        f"content/meetings/2019-09-18/9.0-southern-police-station.md:6: matters: unknown matter 'southern', "
        f"{hint}southern-police-station",
    ]


# --- Unpublished notices: their text and file name reach no output file -------------------------------------

UNPUBLISHED: dict[str, dict[str, str]] = {
    "draft": {"status": "draft"},
    "withdrawn": {"status": "withdrawn"},
    "embargoed": {"publish_on": "2026-11-24"},
    "sensitive": {"classification": "official-sensitive"},
    "secret": {"classification": "secret"},
}


def canary_notice(kind: str, summary: bool) -> str:
    """A notice that is not published, with a canary in every field, its body (and a public summary)."""
    mark = f"CANARY{kind.upper()}"
    fields: dict[str, Any] = {
        "number": f'"{mark}-1"',
        "date": "2019-11-06",
        "title": f"{mark} title",
        "decision": f"{mark} decision",
        "reasons": f"{mark} reasons",
        "financial_implications": f"{mark} money",
        "matters": "[southern-police-station]",
        "classification": "official",
        "status": "published",
        **UNPUBLISHED[kind],
    }
    if summary:
        fields["public_summary"] = f"Summary of a restricted decision ({kind})."
    lines = "\n".join(f"{k}: {v}" for k, v in fields.items())
    return f"---\n{lines}\n---\n\n{mark} body.\n"


def test_unpublished_notices_reach_no_output_file_but_their_public_summary(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    for kind in UNPUBLISHED:
        write(content, f"decisions/canary{kind}-notice.md", canary_notice(kind, summary=kind != "secret"))
    out = tmp_path / "site"
    build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    files = {p.relative_to(out).as_posix(): readable(p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    assert [name for name in files if "canary" in name.lower()] == []
    assert [name for name, data in files.items() if b"canary" in data.lower()] == []
    register = files["decisions/index.html"].decode("utf-8")
    summaries = re.findall(r"Summary of a restricted decision \((\w+)\)\.", register)
    assert sorted(summaries) == sorted(k for k in UNPUBLISHED if k != "secret")
    data = json.loads(files["data/decisions.json"])["decisions"]
    assert sorted(d["text"] for d in data if d["notice"] is None and d["event_id"] is None) == sorted(
        f"Summary of a restricted decision ({k})." for k in UNPUBLISHED if k != "secret"
    )


def test_a_reader_follows_a_matter_from_a_paper_to_a_decision(page: Any, record_url: str) -> None:
    page.goto(record_url + "meetings/2019-09-18/9.0-southern-police-station/")
    page.get_by_role("link", name="Southern Police Station project").first.click()
    page.wait_for_url("**/matters/southern-police-station/")
    assert page.get_by_role("heading", level=1).inner_text() == "Southern Police Station project"
    page.get_by_role("link", name="Southern Police Station contract award").click()
    page.wait_for_url("**/decisions/2019-014-contract-award/")
    assert page.get_by_role("heading", name="Decision", exact=True).is_visible()
    assert "approves the award of the construction contract" in page.locator("article").inner_text()


def test_the_decisions_register_filters_by_outcome_year_and_matter(page: Any, record_site: Path) -> None:
    page.goto((record_site / "decisions/index.html").as_uri())
    status = page.locator("#bp-decision-count")
    assert status.inner_text() == "3 decisions."
    page.get_by_label("Outcome").select_option("deferred")
    assert status.inner_text() == "1 decision of 3 match the filters."
    assert (
        page.locator(".bp-decisions > li:visible")
        .all_inner_texts()[0]
        .endswith("The Board asked for a written report.")
    )
    page.get_by_label("Outcome").select_option("")
    page.get_by_label("Matter").select_option("southern-police-station")
    assert status.inner_text() == "2 decisions of 3 match the filters."
    page.get_by_label("Year").select_option("2019")
    assert page.locator(".bp-decisions > li:visible").count() == 2


# --- Found in review: each a class of mistake or leak -----------------------------------------------------------


def problems_of(content: Path, today: dt.date = TODAY) -> list[str]:
    """The problems check reports for content that must fail."""
    with pytest.raises(ContentError) as caught:
        load_site(content, today)
    return [str(p) for p in caught.value.problems]


def test_minutes_approved_at_a_meeting_not_yet_held_or_cancelled_are_refused(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    write(content, "meetings/2027-03-01/meeting.md", "---\nboard: bcb\ndate: 2027-03-01\nstatus: scheduled\n---\n")
    write(content, "meetings/2019-10-30/meeting.md", "---\nboard: bcb\ndate: 2019-10-30\nstatus: cancelled\n---\n")
    write(
        content,
        "meetings/2019-09-18/meeting.md",
        with_meeting_fields("minutes: {status: approved, approved_at: 2027-03-01}\n"),
    )
    assert problems_of(content) == [
        f"{MEETING}:25: minutes.approved_at: 2027-03-01 is after today (2026-11-23): minutes are approved at a "
        "meeting that has been held, expected that meeting's date, or status: draft until then"
    ]
    write(
        content,
        "meetings/2019-09-18/meeting.md",
        with_meeting_fields("minutes: {status: approved, approved_at: 2019-10-30}\n"),
    )
    assert problems_of(content) == [
        f"{MEETING}:25: minutes.approved_at: the meeting of 2019-10-30 was cancelled, expected the date of the "
        "meeting that approved these minutes"
    ]


def test_index_is_no_matter_or_theme_id(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    write(
        content,
        "matters.yml",
        "matters:\n  - {id: index, title: Everything}\n  - {id: southern-police-station, title: S}\n",
    )
    board = content / "board.yml"
    board.write_text(board.read_text("utf-8").replace("{id: victims,", "{id: index,"), encoding="utf-8")
    found = problems_of(content)
    assert (
        "content/matters.yml:2: matters.id: 'index' is the address of the list of all matters, expected another "
        "id, e.g. matter-index or a word that names the matter" in found
    )
    assert any(
        p.startswith("content/board.yml:") and "themes.id: 'index' is the address of the list of all themes" in p
        for p in found
    )


def test_a_mistake_in_matters_yml_is_the_only_one_told(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    write(
        content,
        "matters.yml",
        "matters:\n  - {id: southern-police-station, title: Southern Police Station project}\n"
        "  - {id: estates, title: Estates, colour: blue}\n",
    )
    assert [p.split(": ", 2)[:2] for p in problems_of(content)] == [["content/matters.yml:3", "matters[2].colour"]]


def test_the_drafts_preview_shows_draft_notices_only_never_withdrawn_or_classified(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    for kind in ("draft", "withdrawn", "secret"):
        write(content, f"decisions/{kind}-notice.md", canary_notice(kind, summary=False))
    site = load_site(content, TODAY, drafts=True)
    shown = sorted(n.title for n in site.notices if n.published)
    assert shown == ["CANARYDRAFT title", "Southern Police Station contract award"]


def test_a_matter_no_public_record_names_is_not_published(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    write(
        content,
        "matters.yml",
        MATTERS_YML + "  - {id: thorpe-wood-closure, title: Proposed closure of CANARYMATTER station}\n",
    )
    write(
        content,
        "decisions/draft-notice.md",
        canary_notice("draft", summary=False).replace(
            "matters: [southern-police-station]", "matters: [thorpe-wood-closure]"
        ),
    )
    site = load_site(content, TODAY)
    assert sorted(site.matters) == ["southern-police-station"]
    assert [str(w) for w in site.warnings if "thorpe" in str(w)] == [
        "content/matters.yml:5: warning: matters.id: matter 'thorpe-wood-closure' is named by no published paper, "
        "decision or action, so it is not published yet (no page or feed), expected it on a published record, or "
        "leave it until then"
    ]
    out = tmp_path / "site"
    build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    assert [p for p in out.rglob("*") if p.is_file() and b"canary" in readable(p.read_bytes()).lower()] == []
    assert not (out / "matters/thorpe-wood-closure").exists()


def test_two_decisions_on_one_item_are_two_feed_entries(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    text = RECORD_MEETING_MD.replace(
        '  - {item: "13", text:',
        '  - {item: "9.0", text: The Board also asked for costs., outcome: agreed, matters: [southern-police-station]}'
        '\n  - {item: "13", text:',
    )
    write(content, "meetings/2019-09-18/meeting.md", text)
    site = load_site(content, TODAY)
    parsed = feedparser.parse(feeds.feeds(site, None)["feeds/matters/southern-police-station.xml"])
    decisions = [e for e in parsed.entries if e.title.startswith("Decision:")]
    assert len(decisions) == 2 and len({e.id for e in parsed.entries}) == len(parsed.entries)
    assert {e.link for e in decisions} == {"../../meetings/2019-09-18/#item-9-0"}


# --- A notice's body: links and references checked as a paper's, rendered from decisions/<id>/ ---------------

NOTICE = "content/decisions/2019-014-contract-award.md"
DRAFT_PAPER = "meetings/2019-09-18/9.1-draft-paper.md"
NOTICE_BODY_LINE = NOTICE_MD.count("\n")  # the last line, "The full evaluation ..."

NOTICE_LINK_MISTAKES: dict[str, tuple[str, str]] = {
    "typo_in_a_paper_link": (
        "[typo](../meetings/2019-09-18/9.0-southern-police-statio.md)",
        "link to '../meetings/2019-09-18/9.0-southern-police-statio.md' but no paper is at "
        "content/meetings/2019-09-18/9.0-southern-police-statio.md, expected a path to another paper's file relative "
        "to this one, or a full web address, e.g. "
        "[the Constabulary report](../meetings/2019-09-18/5.1-constabulary-update.md)",
    ),
    "link_to_a_draft_paper": (
        f"[draft](../{DRAFT_PAPER})",
        f"link to '../{DRAFT_PAPER}' but that paper is not published, expected links only to published papers, "
        "e.g. remove the link and keep the words",
    ),
    "link_to_an_unpublished_notice": (
        "[other](2019-015-withdrawn.md)",
        "link to '2019-015-withdrawn.md' but that decision notice is not published, expected links only to "
        "published decision notices, e.g. remove the link and keep the words",
    ),
    "reference_to_no_item": (
        "See [[2019-09-18#12]].",
        "'[[2019-09-18#12]]' refers to agenda item 12 of meeting 2019-09-18, which has no such item, expected one "
        "of its agenda numbers (1, 9.0, 9.1, 13), e.g. [[2019-09-18#5.1]]",
    ),
    "reference_to_no_meeting": (
        "See [[2019-09-19#13]].",
        "'[[2019-09-19#13]]' refers to meeting '2019-09-19', which is not in content/meetings, did you mean "
        "'2019-09-18'? expected [[<meeting folder>#<agenda item>]], e.g. [[2019-09-18#5.1]]",
    ),
}


def with_notice_body(content: Path, body: str, **fields: str) -> None:
    """The record content's notice with `body` on the line after its first, a draft paper and a withdrawn notice
    beside it; `fields` replace the notice's."""
    text = NOTICE_MD.replace("The full evaluation is summarised here.\n", f"The full evaluation.\n{body}\n")
    for name, value in fields.items():
        text = re.sub(rf"^{name}: .*$", f"{name}: {value}", text, flags=re.M)
    write(content, "decisions/2019-014-contract-award.md", text)
    write(content, DRAFT_PAPER, PAPER_MD.replace("9.0", "9.1").replace("status: published", "status: draft"))
    write(content, "decisions/2019-015-withdrawn.md", NOTICE_MD.replace("status: published", "status: withdrawn"))


@pytest.mark.parametrize("status", ["published", "draft"])  # a draft notice is checked: it may be published
@pytest.mark.parametrize("mistake", sorted(NOTICE_LINK_MISTAKES))
def test_a_bad_link_or_reference_in_a_notice_is_refused_at_its_line(tmp_path: Path, mistake: str, status: str) -> None:
    body, message = NOTICE_LINK_MISTAKES[mistake]
    content = make_record_content(tmp_path)
    with_notice_body(content, body, status=status)
    with pytest.raises(ContentError) as caught:
        load_site(content, TODAY)
    assert [str(p) for p in caught.value.problems] == [f"{NOTICE}:{NOTICE_BODY_LINE + 1}: body: {message}"]


def test_a_withdrawn_notice_body_is_not_checked_or_read(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    with_notice_body(content, "[typo](nowhere.md) [[2019-09-19#1]]", status="withdrawn")
    site = load_site(content, TODAY)
    assert [n.body for n in site.notices] == ["", ""]


NOTICE_LINKS_BODY = (
    "The [project update](../meetings/2019-09-18/9.0-southern-police-station.md#1-purpose), "
    "[its page](/meetings/2019-09-18/9.0-southern-police-station/), the [[2019-09-18#13|JPS item]], "
    "[[2019-09-18#9.0]], the [matter](../matters/southern-police-station/) and [all decisions](index.md). "
    "Agenda item 13 is prose."
)


def test_a_notice_body_links_to_papers_references_and_pages_from_its_own_page(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    with_notice_body(content, NOTICE_LINKS_BODY)
    out = tmp_path / "site"
    build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    page = (out / "decisions/2019-014-contract-award/index.html").read_text("utf-8")
    article = page[page.index("The full evaluation") : page.index("All decisions")]
    assert re.findall(r'<a href="([^"]*)">([^<]*)</a>', article) == [
        ("../../meetings/2019-09-18/9.0-southern-police-station/#1-purpose", "project update"),
        ("../../meetings/2019-09-18/9.0-southern-police-station/", "its page"),
        ("../../meetings/2019-09-18/#item-13", "JPS item"),
        (
            "../../meetings/2019-09-18/9.0-southern-police-station/",
            "agenda item 9.0 (Business Coordination Board, 18 September 2019)",
        ),
        ("../../matters/southern-police-station/", "matter"),
        ("../", "all decisions"),
    ]
    assert "Agenda item 13 is prose." in article  # prose is never made a link
    folder, _ = make_bundle(content, tmp_path / "dist", ROOT / "mkdocs.yml", TODAY)
    offline = (folder / "decisions/2019-014-contract-award/index.html").read_text("utf-8")
    hrefs = re.findall(
        r'<a href="([^"]*)">', offline[offline.index("The full evaluation") : offline.index("Agenda item 13 is prose.")]
    )
    assert hrefs == [
        "../../meetings/2019-09-18/9.0-southern-police-station/index.html#1-purpose",
        "../../meetings/2019-09-18/9.0-southern-police-station/index.html",
        "../../meetings/2019-09-18/index.html#item-13",
        "../../meetings/2019-09-18/9.0-southern-police-station/index.html",
        "../../matters/southern-police-station/index.html",
        "../index.html",
    ]
    assert all((folder / "decisions/2019-014-contract-award" / h.split("#")[0]).is_file() for h in hrefs)


# --- Odd files beside the record ----------------------------------------------------------------------------


def test_a_notice_may_be_named_meeting(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    write(content, "decisions/meeting.md", NOTICE_MD.replace('"2019-014"', '"2019-016"'))
    assert "meeting" in [n.id for n in load_site(content, TODAY).notices]


def test_a_field_with_a_problem_does_not_hide_an_item_off_the_agenda(tmp_path: Path) -> None:
    """Every problem in one run: meeting.md is not in the model, its decisions' items are checked as written."""
    content = make_record_content(tmp_path)
    text = with_meeting_fields("").replace("outcome: deferred", "outcome: Deferred")
    write(content, "meetings/2019-09-18/meeting.md", text.replace('item: "13", text:', 'item: "14", text:'))
    with pytest.raises(ContentError) as caught:
        load_site(content, TODAY)
    assert [str(p) for p in caught.value.problems] == [
        f"{MEETING}:24: decisions[2].item: agenda item 14 is not on this meeting's agenda, expected one of: "
        '1, 9.0, 13, e.g. item: "13"',
        f"{MEETING}:24: decisions[2].outcome: invalid value 'Deferred', expected one of: agreed, noted, deferred, "
        "rejected, amended, e.g. outcome: noted",
    ]
