"""Loading and validation: one bad-input fixture per defect, each with its exact message."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from boardpapers.cli import main
from boardpapers.content import fields
from boardpapers.content.load import load_site
from boardpapers.content.problems import ContentError
from boardpapers.content.schema import PAPER_FIELDS
from contentkit import ACTIONS_YML, BOARD_YML, MEETING_MD, PAPER_MD, make_content, paper, write

# The schema's paper fields, as an unknown field's message lists them.
PAPER_FIELD_NAMES = ", ".join(f.name for f in PAPER_FIELDS)

TODAY = dt.date(2026, 11, 23)
PAPER = "meetings/2019-09-18/9.0-southern-police-station.md"
MEETING = "meetings/2019-09-18/meeting.md"
P = "content/" + PAPER
M = "content/" + MEETING


def problems_of(content: Path) -> list[str]:
    """Load content that must fail; return its problems as printed."""
    with pytest.raises(ContentError) as caught:
        load_site(content, TODAY)
    return [str(p) for p in caught.value.problems]


def test_valid_content_loads(tmp_path: Path) -> None:
    site = load_site(make_content(tmp_path), TODAY)
    (meeting,) = site.meetings
    assert [e.number for e in meeting.agenda] == ["1", "9.0", "13"]
    assert meeting.time == "15:00"  # not YAML's sexagesimal 900
    assert site.papers[0].title == "Southern Police Station – Project Update"
    assert site.papers[0].to == "Business Coordination Board"  # defaults to the board
    assert site.papers[0].date == dt.date(2019, 9, 18)  # defaults to the meeting's
    assert site.actions[0].owner == "Constabulary"


DEFECTS = {
    "unparseable_yaml": (
        PAPER,
        PAPER_MD.replace("from: Chief Constable", "from: Chief: Constable"),
        [
            f"{P}:4: from: has ': ' in its value, which reads as the start of another field, expected a value with "
            'a colon in it to be in quotes, e.g. from: "Chief: Constable"'
        ],
    ),
    "missing_required_field": (
        PAPER,
        PAPER_MD.replace("from: Chief Constable\n", ""),
        [
            f"{P}:2: from: missing required field, expected a single line of text, or null if not stated, "
            "e.g. from: Chief Constable"
        ],
    ),
    "unknown_field_typo": (
        PAPER,
        PAPER_MD.replace("themes:", "theems:"),
        [f"{P}:5: theems: unknown field, did you mean 'themes'? expected one of: {PAPER_FIELD_NAMES}"],
    ),
    "invalid_date_format": (
        PAPER,
        PAPER_MD.replace("status: published", "status: published\ndate: 18/09/2019"),
        [f"{P}:8: date: invalid value '18/09/2019', expected a date written YYYY-MM-DD, e.g. date: 2019-09-18"],
    ),
    "impossible_date": (
        PAPER,
        PAPER_MD.replace("status: published", "status: published\ndate: 2019-02-30"),
        [
            f"{P}:8: date: '2019-02-30' is no day of the calendar, expected a day that exists, a date written "
            "YYYY-MM-DD, e.g. date: 2019-09-18"
        ],
    ),
    "unknown_theme": (
        PAPER,
        PAPER_MD.replace("[transformation]", "[transformaton]"),
        [
            f"{P}:5: themes: unknown theme 'transformaton', did you mean 'transformation'? expected one of the "
            "themes in content/board.yml: communities, transformation, victims"
        ],
    ),
    "unknown_board": (
        MEETING,
        MEETING_MD.replace("board: bcb", "board: bbc"),
        [
            f"{M}:2: board: unknown board 'bbc', did you mean 'bcb'? expected one of the boards in "
            "content/board.yml: bcb"
        ],
    ),
    "duplicate_agenda_number": (
        "meetings/2019-09-18/9.0-again.md",
        PAPER_MD,
        [
            f"{P}:3: agenda_item: agenda number 9.0 is used twice in meeting 2019-09-18 (also at "
            "content/meetings/2019-09-18/9.0-again.md:3), expected each number once, e.g. renumber one of them"
        ],
    ),
    "duplicate_item_number": (
        MEETING,
        MEETING_MD.replace('"13"', '"1"'),
        [
            f"{M}:8: items.number: agenda number 1 is used twice in meeting 2019-09-18 (also at {M}:7), "
            "expected each number once, e.g. renumber one of them"
        ],
    ),
    "link_to_missing_paper": (
        PAPER,
        PAPER_MD + "\nSee [the report](5.1-missing.md).\n",
        [
            f"{P}:20: body: link to '5.1-missing.md' but no paper is at content/meetings/2019-09-18/5.1-missing.md, "
            "expected a path to another paper's file relative to this one, or a full web address, e.g. "
            "[the Constabulary report](5.1-constabulary-update.md)"
        ],
    ),
    "unknown_classification": (
        PAPER,
        PAPER_MD.replace("classification: official", "classification: public"),
        [
            f"{P}:6: classification: invalid value 'public', expected one of: official, official-sensitive, secret, "
            "exempt, e.g. classification: official"
        ],
    ),
    "invalid_time": (
        MEETING,
        MEETING_MD.replace('"15:00"', '"3pm"'),
        [f"{M}:4: time: invalid value '3pm', expected a 24-hour time written HH:MM, e.g. time: \"15:00\""],
    ),
    "no_front_matter": (
        PAPER,
        "# Just text\n",
        [
            f"{P}:1: front-matter: no fields at the top, expected the file to start with a line ---, the fields, then "
            "another line ---, e.g. start the file again with python build.py new paper and copy the text into it"
        ],
    ),
    "meeting_date_not_folder": (
        MEETING,
        MEETING_MD.replace("date: 2019-09-18", "date: 2019-09-19"),
        [
            f"{M}:3: date: 2019-09-19 does not match the folder name '2019-09-18', expected the same date as the "
            "folder, e.g. date: 2019-09-18"
        ],
    ),
    "field_written_twice": (
        PAPER,
        PAPER_MD.replace("status: published", "status: published\nstatus: draft"),
        [f"{P}:8: status: written twice (first on line 7), expected each field once, e.g. delete one of the two lines"],
    ),
    "action_missing_owner": (
        "actions.yml",
        ACTIONS_YML.replace("    owner: Constabulary\n", ""),
        [
            "content/actions.yml:2: actions[1].owner: missing required field, expected a single line of text, or "
            "null if not stated, e.g. owner: Constabulary"
        ],
    ),
    "action_raised_at_missing_item": (
        "actions.yml",
        ACTIONS_YML.replace("2019-05-16", "2019-09-18"),
        [
            "content/actions.yml:2: actions.raised.item: meeting 2019-09-18 has no agenda item 8.1, expected one "
            'of: 1, 9.0, 13, e.g. item: "9.0"'
        ],
    ),
    "bad_meeting_folder": (
        "meetings/18-09-2019/meeting.md",
        MEETING_MD,
        [
            "content/meetings/18-09-2019:1: folder: '18-09-2019' is not a meeting folder name, expected YYYY-MM-DD, "
            "YYYY-MM-DD-<board> or undated-<slug>, e.g. content/meetings/2019-09-18"
        ],
    ),
    "yaml_tag": (
        PAPER,
        PAPER_MD.replace("classification: official", "classification: !secret official"),
        [
            f"{P}:6: classification: the YAML tag '!secret' is not allowed, expected plain values without YAML tags, "
            "anchors or aliases (board papers do not use them), e.g. delete '!secret' and keep the value after it"
        ],
    ),
    "invisible_character_in_title": (
        PAPER,
        PAPER_MD.replace("title: Southern", 'title: "\\u202eSouthern').replace("Project Update", 'Project Update"'),
        [
            f"{P}:2: title: has the invisible character U+202E (right-to-left override) at character 1, expected "
            "plain text, e.g. delete it; it is invisible, so retype the text around it"
        ],
    ),
    "line_break_in_title": (
        PAPER,
        PAPER_MD.replace("title: Southern", 'title: "Southern\\n').replace("Project Update", 'Project Update"'),
        [f"{P}:2: title: has a line break, expected a single line of text, e.g. join the lines into one"],
    ),
    "paper_file_name_with_a_space": (
        "meetings/2019-09-18/5.1 Budget.md",
        paper("Budget", "5.1", "Text."),
        [
            "content/meetings/2019-09-18/5.1 Budget.md:1: file: the name '5.1 Budget.md' has a space and the "
            "upper-case letter 'B', expected lower-case letters a-z, digits, and '.' or '-' between them, ending in "
            ".md (the name is the page's address), e.g. rename it to 5.1-budget.md"
        ],
    ),
}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_each_defect_has_its_exact_message(tmp_path: Path, defect: str) -> None:
    relative, text, expected = DEFECTS[defect]
    content = make_content(tmp_path)
    write(content, relative, text)
    assert problems_of(content) == expected


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    (content / PAPER).write_bytes(PAPER_MD.encode("utf-8").replace(b"Update", b"Update \x92", 1))
    assert problems_of(content) == [
        f"{P}:2: file: not valid UTF-8 (byte 0x92 at offset 54), expected UTF-8 text, e.g. re-save it from "
        'your editor with the encoding "UTF-8"'
    ]


def test_a_file_saved_as_utf16_says_so(tmp_path: Path) -> None:
    """Notepad's and Word's "Unicode" is UTF-16: its first bytes are not UTF-8, and the message said only that."""
    content = make_content(tmp_path)
    (content / PAPER).write_bytes(PAPER_MD.encode("utf-16"))
    assert problems_of(content) == [
        f'{P}:1: file: saved as UTF-16 ("Unicode"), expected UTF-8 text, e.g. in Notepad: File, Save As, Encoding: '
        '"UTF-8"'
    ]


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD.replace("[transformation]", "[nope]").replace("official\n", "officail\n"))
    write(content, MEETING, MEETING_MD.replace('"15:00"', '"25:00"'))
    write(content, "meetings/2020-01-23/meeting.md", "---\nboard: bcb\nvenue: [a, b]\n---\n")
    found = problems_of(content)
    assert [p.split(": ")[0] + ": " + p.split(": ")[1] for p in found] == [
        f"{P}:5: themes",
        f"{P}:6: classification",
        f"{M}:4: time",
        "content/meetings/2020-01-23/meeting.md:3: venue",
    ]


def test_link_to_unpublished_paper_is_an_error(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/5.1-draft.md", paper("Draft", "5.1", "Text.", status="draft"))
    write(content, PAPER, PAPER_MD + "\nSee [the draft](5.1-draft.md).\n")
    assert problems_of(content) == [
        f"{P}:20: body: link to '5.1-draft.md' but that paper is not published, expected links only to "
        "published papers, e.g. remove the link and keep the words"
    ]


def test_unknown_dates_and_authors_are_allowed_as_null(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/undated-plan/meeting.md", "---\nboard: bcb\n---\n")
    write(
        content,
        "meetings/undated-plan/plan.md",
        paper("Plan development", None, "Text.", date="null", **{"from": "null"}),
    )
    site = load_site(content, TODAY)
    undated = next(m for m in site.meetings if m.folder == "undated-plan")
    (plan,) = undated.published_papers
    assert (undated.date, plan.date, plan.from_, plan.agenda_item) == (None, None, None, None)
    assert plan.url == "meetings/undated-plan/plan/"


@pytest.mark.parametrize(
    "fields,public",
    [
        ({}, True),
        ({"status": "draft"}, False),
        ({"status": "withdrawn"}, False),
        ({"classification": "official-sensitive"}, False),
        ({"classification": "exempt"}, False),
        ({"publish_on": "2026-11-24"}, False),
        ({"publish_on": "2026-11-23"}, True),
    ],
)
def test_publication_rule(tmp_path: Path, fields: dict[str, str], public: bool) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/5.1-x.md", paper("X", "5.1", "Text.", **fields))
    site = load_site(content, TODAY)
    assert ("X" in [p.title for p in site.papers]) is public


def test_check_command_exit_codes_and_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    assert main(["check", "--content", str(content)]) == 0
    assert capsys.readouterr().out == (
        f"{content}: OK: 1 meetings, 1 papers (1 published), 1 actions, 0 decision notices (0 published), 0 matters.\n"
    )
    write(content, PAPER, PAPER_MD.replace("themes:", "theems:"))
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"content/{PAPER}:5: theems: unknown field, did you mean 'themes'?")
    assert err[-1] == (
        f"1 problem in {content}; nothing was built. Fix each line above "
        "(file:line: field: what is wrong), then run the command again."
    )


def test_a_memo_parses_again_only_changed_front_matter_and_keeps_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, memo = make_content(tmp_path), tmp_path / "cache" / "front-matter.pickle"
    write(content, "meetings/2019-09-18/2.0-a.md", paper("Paper A", "2.0", "Body."))
    first = load_site(content, TODAY, memo=memo)
    write(content, "meetings/2019-09-18/2.0-a.md", paper("Paper A, again", "2.0", "Body."))
    parsed: list[str] = []
    parse = fields.parse_yaml
    monkeypatch.setattr(fields, "parse_yaml", lambda text, *rest: (parsed.append(rest[1]), parse(text, *rest))[1])
    checked: list[str] = []
    record = fields.Checker.record
    monkeypatch.setattr(
        fields.Checker, "record", lambda self, *a, **k: (checked.append(self.shown), record(self, *a, **k))[1]
    )
    again = load_site(content, TODAY, memo=memo)
    assert parsed == ["content/meetings/2019-09-18/2.0-a.md"]
    meeting_files = {shown for shown in checked if shown.startswith("content/meetings/")}
    assert meeting_files == {"content/meetings/2019-09-18/2.0-a.md"}  # the others' checked fields remembered
    assert [p.title for p in first.papers] == ["Paper A", "Southern Police Station – Project Update"]
    assert [p.title for p in again.papers] == ["Paper A, again", "Southern Police Station – Project Update"]
    write(content, "meetings/2019-09-18/2.0-a.md", paper("Paper A", "2.0", "Body.").replace("title:", "titel:"))
    with pytest.raises(ContentError) as raised:  # remembered values are checked again
        load_site(content, TODAY, memo=memo)
    assert any("titel: unknown field" in str(p) for p in raised.value.problems)
    with pytest.raises(ContentError) as remembered:  # and again: a load that fails keeps no memo to hide it
        load_site(content, TODAY, memo=memo)
    assert remembered.value.problems == raised.value.problems


def test_an_agenda_number_the_file_name_contradicts_is_refused(tmp_path: Path) -> None:
    """Else the page's address would quietly become 5.2-5.1-... (saved links broken by a typo)."""
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/5.1-estates.md", paper("Estates", "5.2", "Text."))
    write(
        content,
        "meetings/2019-09-18/6-fleet.md",
        paper("Fleet", None, "Text.").replace("agenda_item: null", "agenda_item: 6.10"),
    )
    with pytest.raises(ContentError) as caught:
        load_site(content, TODAY)
    assert [str(p) for p in caught.value.problems] == [
        "content/meetings/2019-09-18/5.1-estates.md:3: agenda_item: '5.2' but the file name starts '5.1-', expected "
        'the same number (the file name is the page\'s address), e.g. agenda_item: "5.1", or rename the file '
        "5.2-estates.md",
        "content/meetings/2019-09-18/6-fleet.md:3: agenda_item: '6.10' but the file name starts '6-', expected the "
        'same number (the file name is the page\'s address), e.g. agenda_item: "6", or rename the file '
        "6.10-fleet.md",
    ]


def test_check_says_which_papers_are_not_published_and_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/2.0-draft.md", paper("Draft", "2.0", "Text.", status="draft"))
    write(content, "meetings/2019-09-18/3.0-imported.md", paper("Imported", "3.0", "Text.", classification="exempt"))
    write(content, "meetings/2019-09-18/4.0-later.md", paper("Later", "4.0", "Text.", publish_on="2026-11-30"))
    with_today = ["check", "--content", str(content)]
    os.environ["BOARD_PAPERS_TODAY"] = TODAY.isoformat()
    try:
        assert main(with_today) == 0
    finally:
        del os.environ["BOARD_PAPERS_TODAY"]
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  not published: content/meetings/2019-09-18/2.0-draft.md: status: draft",
        "  not published: content/meetings/2019-09-18/3.0-imported.md: classification: exempt (only official is "
        "published)",
        "  not published: content/meetings/2019-09-18/4.0-later.md: publish_on: 2026-11-30 (not before that day)",
    ]


# --- What the build would pass over without a word -----------------------------------------------------------

ELSEWHERE = (
    "expected each paper in its meeting's folder, e.g. move it to content/meetings/YYYY-MM-DD/7-budget.md (the "
    "meeting's date)"
)
STRAY_PAPERS = {
    "at the top": ("7-budget.md", "content/ holds board.yml, actions.yml, matters.yml, meetings/ and decisions/"),
    "in another folder": (
        "papers/7-budget.md",
        "content/ holds board.yml, actions.yml, matters.yml, meetings/ and decisions/",
    ),
    "beside the meetings": ("meetings/7-budget.md", "content/meetings/ holds a folder for each meeting"),
    "in a meeting's subfolder": (
        "meetings/2019-09-18/sub/7-budget.md",
        "a meeting's folder holds its meeting.md, papers and their attachments",
    ),
}


@pytest.mark.parametrize("name", STRAY_PAPERS)
def test_a_paper_where_none_is_read_is_a_problem(tmp_path: Path, name: str) -> None:
    """It was left out of the site with check saying OK."""
    place, holds = STRAY_PAPERS[name]
    content = make_content(tmp_path)
    write(content, place, paper("Budget", "7.0", "Figures."))
    assert problems_of(content) == [f"content/{place}:1: file: is not read: {holds}, {ELSEWHERE}"]


def test_a_file_no_paper_lists_is_a_warning_and_system_files_say_nothing(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    folder = content / "meetings" / "2019-09-18"
    for name in ("6-budget.txt", "Thumbs.db", "~$budget.docx", "listed.pdf"):
        (folder / name).write_bytes(b"%PDF-1.7\n" if name.endswith(".pdf") else b"text")
    (content / "README.md").write_text("Notes for the editors.\n", encoding="utf-8")
    (content / "spare").mkdir()
    write(
        content,
        "meetings/2019-09-18/8.0-listed.md",
        paper("Listed", "8.0", "Text.").replace(
            "status: published", "status: published\nattachments: [{file: listed.pdf, title: The paper}]"
        ),
    )
    warnings = [str(w) for w in load_site(content, TODAY).warnings if w.field == "file"]
    assert warnings == [
        "content/meetings/2019-09-18/6-budget.txt:1: warning: file: is not a paper (a .md file) and no paper lists it "
        "under attachments, so it is not published, expected a paper or a paper's attachment in a meeting's folder, "
        "e.g. make a paper of it with python build.py import, or list it under a paper's attachments",
        "content/spare:1: warning: file: is not read: content/ holds board.yml, actions.yml, matters.yml, meetings/ "
        "and decisions/, expected nothing else, e.g. move it out of content/",
    ]


def test_a_mistake_in_board_yml_is_the_one_problem_not_one_for_every_use(tmp_path: Path) -> None:
    """board.yml not read, every theme and board would be unknown: each use was reported, the mistake buried."""
    content = make_content(tmp_path)
    write(content, "board.yml", BOARD_YML.replace("{id: victims,", "{id: Victims Support,"))
    assert problems_of(content) == [
        "content/board.yml:9: themes[1].id: invalid value 'Victims Support', expected a short lower-case identifier "
        "(letters, digits, hyphens), e.g. id: victims"
    ]


def test_a_meeting_with_no_board_where_there_are_several_says_it_is_missing(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    second = "  - id: pcp\n    name: Police and Crime Panel\n    description: The panel.\nthemes:\n"
    write(content, "board.yml", BOARD_YML.replace("themes:\n", second))
    write(content, MEETING, MEETING_MD.replace("board: bcb\n", ""))
    assert problems_of(content) == [
        f"{M}:1: board: missing, expected the id of the board that met (content/board.yml has 2 boards), "
        "e.g. board: bcb"
    ]


def test_a_field_with_a_problem_does_not_hide_the_bodys_link_and_reference_problems(tmp_path: Path) -> None:
    """Every problem in one run: the paper is not in the model, its body is checked all the same."""
    content = make_content(tmp_path)
    text = PAPER_MD.replace("status: published", "status: Published")
    write(content, PAPER, text + "\nSee [the budget](7-nothing.md).\n\nAs in [[2019-09-18#99]].\n")
    assert [p.split(": ")[:2] for p in problems_of(content)] == [
        [f"{P}:7", "status"],
        [f"{P}:20", "body"],  # the link
        [f"{P}:22", "body"],  # the reference
    ]


def test_a_paper_that_cannot_be_read_is_its_one_problem_not_also_every_link_to_it(tmp_path: Path) -> None:
    """Another paper's link and reference to it would lead nowhere only because of its own problem."""
    content = make_content(tmp_path)
    (content / "meetings/2019-09-18/8.0-budget.md").write_bytes(paper("Budget", "8.0", "Figures’.").encode("cp1252"))
    write(content, PAPER, PAPER_MD + "\nSee [the budget](8.0-budget.md) and [[2019-09-18#8.0]].\n")
    assert [p.split(": ")[:2] for p in problems_of(content)] == [
        ["content/meetings/2019-09-18/8.0-budget.md:10", "file"]
    ]


def test_a_meeting_folder_without_its_meeting_md_is_its_one_problem(tmp_path: Path) -> None:
    """Another meeting's paper linking to it, or naming one of its items, is not reported as well."""
    content = make_content(tmp_path)
    write(content, "meetings/2019-10-30/4.0-later.md", paper("Later", "4.0", "Text."))
    write(content, PAPER, PAPER_MD + "\nSee [the later one](../2019-10-30/4.0-later.md) and [[2019-10-30#4.0]].\n")
    assert problems_of(content) == [
        "content/meetings/2019-10-30/meeting.md:1: file: missing, expected every meeting folder to have a meeting.md, "
        "e.g. python build.py new meeting --date 2019-09-18"
    ]


def test_notes_without_front_matter_are_a_warning_and_a_readme_nothing(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    (content / "CHANGELOG.md").write_text("What changed.\n", encoding="utf-8")
    (content / "meetings" / "README.md").write_text("How meetings are filed.\n", encoding="utf-8")
    warnings = [str(w) for w in load_site(content, TODAY).warnings if w.field == "file"]
    assert warnings == [
        "content/CHANGELOG.md:1: warning: file: is not read: content/ holds board.yml, actions.yml, matters.yml, "
        "meetings/ and decisions/, expected nothing else, e.g. move it out of content/"
    ]


def test_a_paper_left_out_for_its_own_problem_has_its_attachments_said_nothing_of(tmp_path: Path) -> None:
    """Its attachment is not 'unlisted', and another paper's link to it does not lead nowhere: its one problem."""
    content = make_content(tmp_path)
    (content / "meetings/2019-09-18/annex.pdf").write_bytes(b"%PDF-1.7\n")
    listing = "status: publish\nattachments: [{file: annex.pdf, title: Annex}]"
    write(
        content,
        "meetings/2019-09-18/8.0-x.md",
        paper("X", "8.0", "See [it](annex.pdf).").replace("status: published", listing),
    )
    write(content, PAPER, PAPER_MD + "\nSee [the annex](annex.pdf).\n")
    assert [p.split(": ")[:2] for p in problems_of(content)] == [["content/meetings/2019-09-18/8.0-x.md:6", "status"]]
