"""`new meeting` and `new paper`: files that pass check once filled in, every field shown, publishing always the
author's choice (a new paper's status and classification are left empty), nothing overwritten, and every refusal
says how to get it right."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from boardpapers.cli import main
from boardpapers.commands.new import slug
from boardpapers.content.load import load_site
from boardpapers.content.problems import ContentError
from boardpapers.content.schema import MEETING_FIELDS, PAPER_FIELDS
from contentkit import BOARD_YML, make_content, write

CHOICES = {f.name: ", ".join(f.choices) for f in PAPER_FIELDS if f.name in ("classification", "status")}

TODAY = dt.date(2026, 11, 23)
TITLE = 'Southern Police Station – Project Update: "Phase 2" #1'


def new(content: Path, *args: str) -> int:
    """Run `build.py new ...` on a content folder."""
    return main(["new", *args, "--content", str(content)])


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    """A valid content folder with a new meeting on 2026-01-15 and a new paper 5.1 in it, as scaffolded."""
    folder = make_content(tmp_path)
    assert new(folder, "meeting", "--date", "2026-01-15") == 0
    assert (
        new(
            folder,
            "paper",
            "--meeting",
            "2026-01-15",
            "--item",
            "5.1",
            "--title",
            TITLE,
            "--from",
            "Chief Constable",
            "--theme",
            "victims",
            "--theme",
            "communities",
        )
        == 0
    )
    return folder


def paper_file(content: Path) -> Path:
    """The scaffolded paper's file."""
    return content / "meetings/2026-01-15/5.1-southern-police-station-project-update-phase-2-1.md"


def choose(path: Path, status: str = "draft", classification: str = "official") -> None:
    """Fill in a new paper's status and classification, as its author does."""
    text = path.read_text("utf-8")
    text = text.replace("\nstatus:\n", f"\nstatus: {status}\n").replace(
        "\nclassification:\n", f"\nclassification: {classification}\n"
    )
    path.write_text(text, encoding="utf-8")


def line_of(path: Path, line: str) -> int:
    """The number of a file's line."""
    return path.read_text("utf-8").splitlines().index(line) + 1


def test_a_new_paper_is_not_valid_until_its_status_and_classification_are_chosen(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["check", "--content", str(content)]) == 1
    path = paper_file(content)
    shown = path.relative_to(content.parent).as_posix()
    assert capsys.readouterr().err == (
        f"{shown}:{line_of(path, 'classification:')}: classification: has no value, expected one of: "
        f"{CHOICES['classification']}, e.g. classification: official\n"
        f"{shown}:{line_of(path, 'status:')}: status: has no value, expected one of: {CHOICES['status']}, "
        "e.g. status: published\n"
        f"2 problems in {content}; nothing was built. Fix each line above (file:line: field: what is wrong), "
        "then run the command again.\n"
    )
    choose(path)
    assert main(["check", "--content", str(content)]) == 0
    assert capsys.readouterr().out == (
        f"{content}: OK: 2 meetings, 2 papers (1 published), 1 actions, 0 decision notices (0 published), "
        f"0 matters.\n  not published: {shown}: status: draft\n"
    )


def test_the_choices_are_the_schemas_in_the_note_above_each(content: Path) -> None:
    lines = paper_file(content).read_text("utf-8").splitlines()
    for name, choices in CHOICES.items():
        at = lines.index(f"{name}:")
        assert f"(one of: {choices})" in lines[at - 1] and lines[at - 1].startswith("# ")


def test_new_paper_says_what_to_choose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    assert new(content, "paper", "--meeting", "2019-09-18", "--title", "Verbal update") == 0
    assert capsys.readouterr().out == (
        f"Created {content / 'meetings/2019-09-18/verbal-update.md'}\n"
        "Fill in its `classification` (the marking printed on the paper) and its `status` (draft until it may be "
        "published): they are left empty so that publishing is always your choice.\n"
        "Paste the paper's text below its closing --- line, then run `python build.py check`, and preview it with "
        "`python build.py serve --drafts`.\n"
    )


def test_filled_in_paper_passes_check_and_is_published(content: Path) -> None:
    path = paper_file(content)
    choose(path, status="published")
    text = path.read_text("utf-8")
    path.write_text(text + "\n## 1. Purpose\n\n1.1 The purpose of this paper is to update the Board.\n", "utf-8")
    assert main(["check", "--content", str(content)]) == 0
    site = load_site(content, TODAY)
    new_paper = next(p for p in site.papers if p.agenda_item == "5.1")
    assert (new_paper.title, new_paper.from_, new_paper.themes, new_paper.meeting.folder) == (
        TITLE,
        "Chief Constable",
        ["victims", "communities"],
        "2026-01-15",
    )
    assert "1.1 The purpose of this paper" in new_paper.body


def uncomment_examples(path: Path) -> None:
    """Turn every commented `# field: example` line into a field, as an author using them all would."""
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"^# ([a-z_]+: )", r"\1", text, flags=re.M), encoding="utf-8")


def test_every_commented_example_is_valid_when_used(content: Path) -> None:
    choose(paper_file(content))
    uncomment_examples(paper_file(content))
    uncomment_examples(content / "meetings/2026-01-15/meeting.md")
    # what the examples name: the matter (content/matters.yml) and the attachment beside the paper
    (content / "matters.yml").write_text(
        "matters:\n  - {id: southern-police-station, title: Southern Police Station project}\n", encoding="utf-8"
    )
    (content / "meetings/2026-01-15/5.1-southern-police-station.pdf").write_bytes(b"%PDF-1.4\n")
    assert main(["check", "--content", str(content)]) == 0


@pytest.mark.parametrize(
    "relative, fields",
    [
        ("meetings/2026-01-15/meeting.md", MEETING_FIELDS),
        ("meetings/2026-01-15/5.1-southern-police-station-project-update-phase-2-1.md", PAPER_FIELDS),
    ],
)
def test_every_schema_field_is_in_the_scaffold_with_its_help(content: Path, relative: str, fields: tuple) -> None:
    text = (content / relative).read_text("utf-8")
    missing = [
        f.name for f in fields if not re.search(rf"^(# )?{f.name}:( |$)", text, re.M) or f"# {f.help}" not in text
    ]
    assert missing == []


def test_new_paper_has_the_values_given_and_leaves_publishing_to_the_author(content: Path) -> None:
    lines = paper_file(content).read_text("utf-8").splitlines()
    fields = [line for line in lines if re.match(r"^[a-z_]+:( |$)", line)]
    assert fields == [
        'title: "Southern Police Station – Project Update: \\"Phase 2\\" #1"',
        'agenda_item: "5.1"',
        'from: "Chief Constable"',
        "themes: [victims, communities]",
        "classification:",
        "status:",
    ]


def test_new_paper_without_item_or_from_says_null(content: Path) -> None:
    assert new(content, "paper", "--meeting", "2026-01-15", "--title", "Police and Crime Plan Development") == 0
    path = content / "meetings/2026-01-15/police-and-crime-plan-development.md"
    text = path.read_text("utf-8")
    assert "\nagenda_item: null\n" in text and "\nfrom: null\n" in text
    choose(path)
    choose(paper_file(content))
    assert main(["check", "--content", str(content)]) == 0


def test_an_existing_meeting_is_never_overwritten(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = content / "meetings/2026-01-15/meeting.md"
    meeting.write_text(meeting.read_text("utf-8") + "Minutes written by hand.\n", encoding="utf-8")
    before = meeting.read_bytes()
    capsys.readouterr()
    assert new(content, "meeting", "--date", "2026-01-15") == 1
    assert capsys.readouterr().err == (
        f"error: {meeting} already exists; if another board meets that day, give --board ID for its meeting "
        "(its folder is then named DATE-ID)\n"
    )
    assert meeting.read_bytes() == before


def test_an_existing_paper_is_never_overwritten(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(content, "paper", "--meeting", "2026-01-15", "--title", "Verbal update") == 0
    target = content / "meetings/2026-01-15/verbal-update.md"
    target.write_text("hand-written", encoding="utf-8")
    capsys.readouterr()
    assert new(content, "paper", "--meeting", "2026-01-15", "--title", "Verbal update") == 1
    assert capsys.readouterr().err == (
        f"error: {target} already exists; nothing was written (a scaffold never overwrites a file), expected a new "
        "date, item or title\n"
    )
    assert target.read_text("utf-8") == "hand-written"


def test_an_agenda_number_in_use_is_refused(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert new(content, "paper", "--meeting", "2026-01-15", "--item", "5.1", "--title", "Other") == 1
    assert capsys.readouterr().err == (
        f"error: agenda item 5.1 already has a paper in {content / 'meetings/2026-01-15'}: "
        f"{paper_file(content).name}, expected a number no other paper of the meeting uses\n"
    )


TWO_BOARDS = BOARD_YML.replace("themes:\n", "  - id: pcb\n    name: Police and Crime Board\nthemes:\n")


def test_a_second_board_on_the_same_day_gets_its_own_folder(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "board.yml", TWO_BOARDS)
    assert new(content, "meeting", "--date", "2019-09-18", "--board", "pcb") == 0
    text = (content / "meetings/2019-09-18-pcb/meeting.md").read_text("utf-8")
    assert "\nboard: pcb\ndate: 2019-09-18\n" in text.replace(
        "# The meeting date; must match the folder name. Omit for an undated folder. (a date written YYYY-MM-DD) "
        "Default: from the folder name.\n",
        "",
    )
    assert new(content, "paper", "--meeting", "2019-09-18-pcb", "--item", "1", "--title", "Report") == 0
    choose(content / "meetings/2019-09-18-pcb/1-report.md")
    assert main(["check", "--content", str(content)]) == 0


@pytest.mark.parametrize(
    "board_yml, args, message",
    [
        (
            TWO_BOARDS,
            ["meeting", "--date", "2026-01-15"],
            "content/board.yml has several boards, expected --board with one of: bcb, pcb",
        ),
        (
            BOARD_YML,
            ["meeting", "--date", "2026-01-15", "--board", "bbc"],
            "unknown board 'bbc', did you mean 'bcb'? expected one of the boards in content/board.yml: bcb",
        ),
        (
            BOARD_YML,
            ["paper", "--meeting", "2019-09-18", "--item", "2", "--title", "T", "--theme", "victim"],
            (
                "unknown theme 'victim', did you mean 'victims'? expected one of the themes in content/board.yml: "
                "communities, transformation, victims"
            ),
        ),
    ],
)
def test_unknown_or_missing_ids_are_refused(
    tmp_path: Path, board_yml: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path)
    write(content, "board.yml", board_yml)
    assert new(content, *args) == 1
    assert capsys.readouterr().err == f"error: {message}\n"


def test_a_paper_needs_an_existing_meeting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    assert new(content, "paper", "--meeting", "2026-02-01", "--title", "T") == 1
    assert capsys.readouterr().err == (
        f"error: no meeting folder {content / 'meetings/2026-02-01'}, expected an existing meeting; create it with "
        "python build.py new meeting --date 2026-02-01\n"
    )


@pytest.mark.parametrize(
    "meeting, message",
    [
        (
            "10/12/2026",
            "--meeting '10/12/2026' is not a date written YYYY-MM-DD or a meeting folder's name, expected e.g. "
            "--meeting 2026-12-10",
        ),
        (
            "2026-02-30",
            "--meeting '2026-02-30' is not a date written YYYY-MM-DD or a meeting folder's name, expected e.g. "
            "--meeting 2019-09-18",
        ),
        (
            "../..",
            "--meeting '../..' is not a date written YYYY-MM-DD or a meeting folder's name, expected e.g. "
            "--meeting 2019-09-18",
        ),
        (
            "2026-02-01-pcb",
            "no meeting folder {content}/meetings/2026-02-01-pcb, expected an existing meeting; create it with "
            "python build.py new meeting --date 2026-02-01 --board pcb",
        ),
    ],
)
def test_a_meeting_that_cannot_be_made_is_never_advised(
    tmp_path: Path, meeting: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path)
    assert new(content, "paper", "--meeting", meeting, "--title", "T") == 1
    assert capsys.readouterr().err == f"error: {message.format(content=content)}\n"
    assert sorted(p.name for p in (content / "meetings").iterdir()) == ["2019-09-18"]


@pytest.mark.parametrize(
    "args", [["meeting", "--date", "2026-04-01"], ["paper", "--meeting", "2019-09-18", "--title", "T"]]
)
def test_a_folder_without_board_yml_is_not_the_content_folder(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    mistyped = tmp_path / "contnet"
    assert new(mistyped, *args) == 1
    assert capsys.readouterr().err == (
        f"error: no board.yml in {mistyped}, expected --content to name the content folder (the one with "
        "board.yml), e.g. --content content\n"
    )
    assert not mistyped.exists()


def test_a_date_with_several_meetings_asks_for_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    write(content, "board.yml", TWO_BOARDS)
    for board in ("bcb", "pcb"):
        write(content, f"meetings/2026-03-01-{board}/meeting.md", f"---\nboard: {board}\n---\n")
    assert new(content, "paper", "--meeting", "2026-03-01", "--title", "A") == 1
    assert capsys.readouterr().err == (
        "error: several meetings on 2026-03-01: 2026-03-01-bcb, 2026-03-01-pcb, expected --meeting with one of "
        "those folder names, e.g. --meeting 2026-03-01-bcb\n"
    )
    assert new(content, "paper", "--meeting", "2026-03-01-pcb", "--item", "1", "--title", "A") == 0
    assert (content / "meetings/2026-03-01-pcb/1-a.md").exists()


def test_a_date_with_one_board_suffixed_folder_finds_it(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2026-03-01-bcb/meeting.md", "---\nboard: bcb\n---\n")
    assert new(content, "paper", "--meeting", "2026-03-01", "--item", "1", "--title", "A") == 0
    assert (content / "meetings/2026-03-01-bcb/1-a.md").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["meeting", "--date", "2026-02-30"],
            "argument --date: '2026-02-30' is no day of the calendar, e.g. 2019-09-18",
        ),
        (
            ["meeting", "--date", "10/12/2026"],
            "argument --date: '10/12/2026' is not a date written YYYY-MM-DD, e.g. 2026-12-10",
        ),
        (
            ["paper", "--meeting", "2019-09-18", "--item", "5a", "--title", "T"],
            "argument --item: '5a' is not an agenda number, expected e.g. 5 or 5.1",
        ),
    ],
)
def test_bad_arguments_are_refused_with_the_fix(
    tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        new(make_content(tmp_path), *args)
    assert exit_.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(f"error: {message}")


def test_content_may_be_given_before_the_kind(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    assert main(["new", "--content", str(content), "meeting", "--date", "2026-04-01"]) == 0
    assert (content / "meetings/2026-04-01/meeting.md").exists()


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Southern Police Station – Project Update", "southern-police-station-project-update"),
        (
            "Police and Crime Plan Priority Update: Transformation",
            "police-and-crime-plan-priority-update-transformation",
        ),
        ("Café Ångström’s review", "cafe-angstroms-review"),
        ("The Commissioner's Report", "the-commissioners-report"),
        ("???", "paper"),
        ("A " + "very " * 20 + "long title", "a-very-very-very-very-very-very-very-very-very-very-very"),  # 56 of 60
    ],
)
def test_slug(title: str, expected: str) -> None:
    assert slug(title) == expected


def test_new_notice_is_valid_once_its_decision_and_publishing_are_filled_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_content(tmp_path)
    assert (
        new(folder, "notice", "--date", "2019-11-05", "--title", "Estates: contract award", "--number", "2019-014") == 0
    )
    path = folder / "decisions/2019-014-estates-contract-award.md"
    assert capsys.readouterr().out.startswith(f"Created {path}\nFill in its `decision`")
    with pytest.raises(ContentError) as caught:
        load_site(folder, TODAY)
    shown = "content/decisions/2019-014-estates-contract-award.md"
    assert [str(p) for p in caught.value.problems] == [
        f"{shown}:{line_of(path, 'decision:')}: decision: has no value, expected text, e.g. "
        'decision: "The Commissioner approves ..."',
        f"{shown}:{line_of(path, 'classification:')}: classification: has no value, expected one of: "
        f"{CHOICES['classification']}, e.g. classification: official",
        f"{shown}:{line_of(path, 'status:')}: status: has no value, expected one of: {CHOICES['status']}, "
        "e.g. status: published",
    ]
    path.write_text(path.read_text("utf-8").replace("\ndecision:\n", "\ndecision: The contract is awarded.\n"), "utf-8")
    choose(path, status="published")
    site = load_site(folder, TODAY)
    assert [(n.id, n.number, n.title, n.published) for n in site.notices] == [
        ("2019-014-estates-contract-award", "2019-014", "Estates: contract award", True)
    ]
    assert (
        new(folder, "notice", "--date", "2019-11-05", "--title", "Estates: contract award", "--number", "2019-014") == 1
    )
    assert "already exists; nothing was written" in capsys.readouterr().err
