"""The mistakes kit: one file per mistake people make writing front-matter, each told by `check` at the mistake's
own line, in plain words, with the fix (issue #19)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from boardpapers.cli import main
from boardpapers.content.load import load_site
from contentkit import BOARD_YML, MEETING_MD, PAPER_MD, make_content

PAPER = "meetings/2019-09-18/9.0-southern-police-station.md"
MEETING = "meetings/2019-09-18/meeting.md"
P, M = "content/" + PAPER, "content/" + MEETING
TITLE = "title: Southern Police Station – Project Update"
ENTRY = "  - The Board is recommended to note the report."
TABBED = "\t- The Board is recommended to note the report."
ONE_LINE = "recommendations:\n" + ENTRY
TWO_LINES = "recommendations:\n  - To note the report.\n"
TAB = f"{P}:9: recommendations: indented with a tab, expected spaces, e.g. indent with spaces, not tabs"
NO_SPACE = (
    f"{P}:7: status: no space after the colon in 'status:published', expected a space between the field name and "
    "its value, e.g. put a space after the colon: status: published"
)
APOSTROPHE = (
    f"{P}:2: title: the apostrophe in 'Chief Constable's report' ends the single quotes early, expected two "
    "apostrophes '' for each one inside single quotes, e.g. write two apostrophes '' inside single quotes, or use "
    'double quotes: title: "Chief Constable\'s report"'
)
CURLY = "expected straight quotes, e.g. use straight quotes \" or ': title:"
DASH = (
    "no space after the dash in '-The Board is recommended to note the report.', expected '- ' at the start of "
    "each entry of a list, e.g. put a space after the dash: - The Board is recommended to note the report."
)
OUT_OF_LINE = "but the one above it (line 9) is indented 2 spaces, expected the dashes of a list one under the other"
HASH = "has a # that starts a note, so the rest of the line is left out of the value, expected a value with # in it"
NOT_HYPHENS = "is not three hyphens, expected a line --- after the last field, e.g. type three hyphens --- with the"
MINUS_KEY = "minus key (a word processor may have made them a dash)"
COLON = "has ': ' in its value, which reads as the start of another field, expected a value with a colon in it to be"
UNCLOSED = 'the quote mark " is never closed, expected a " at the end of the value too'
MISNAMED = "in small letters with _ between words"

# name: (file, its whole text, the one line `check` prints for it)
MISTAKES: dict[str, tuple[str, str, str]] = {
    "tab_in_indentation": (PAPER, PAPER_MD.replace(ENTRY, TABBED), TAB),
    "tab_before_a_field": (
        PAPER,
        PAPER_MD.replace("status: published", "\tstatus: published"),
        f"{P}:7: status: indented with a tab, expected spaces, e.g. indent with spaces, not tabs",
    ),
    "colon_inside_braces": (
        PAPER,
        PAPER_MD.replace(
            "status: published",
            "status: published\ncorrections: [{date: 2026-11-20, text: Paragraph 2.2: typo fixed.}]",
        ),
        f'{P}:8: corrections: {COLON} in quotes, e.g. corrections: [{{date: 2026-11-20, text: "Paragraph 2.2: typo '
        'fixed."}]',
    ),
    "tab_in_board_yml": (
        "board.yml",
        BOARD_YML.replace("  - id: bcb", "\t- id: bcb"),
        "content/board.yml:5: boards: indented with a tab, expected spaces, e.g. indent with spaces, not tabs",
    ),
    "word_non_breaking_spaces": (
        PAPER,
        PAPER_MD.replace(ENTRY, "\u00a0\u00a0" + ENTRY.lstrip()),
        f"{P}:9: recommendations: indented with non-breaking spaces (a word processor puts them in), expected "
        "ordinary spaces, e.g. delete the spaces before the text and type them again",
    ),
    "curly_quotes": (
        PAPER,
        PAPER_MD.replace(TITLE, "title: “Budget update”"),
        f'{P}:2: title: is in curly quotes “”, {CURLY} "Budget update"',
    ),
    "curly_single_quotes": (
        PAPER,
        PAPER_MD.replace(TITLE, "title: \u2018Budget update\u2019"),
        f'{P}:2: title: is in curly quotes \u2018\u2019, {CURLY} "Budget update"',
    ),
    "curly_quotes_around_a_colon": (
        PAPER,
        PAPER_MD.replace(TITLE, "title: “Item 5: budget”"),
        f'{P}:2: title: is in curly quotes “”, {CURLY} "Item 5: budget"',
    ),
    "no_space_after_the_colon": (PAPER, PAPER_MD.replace("status: published", "status:published"), NO_SPACE),
    "apostrophe_in_single_quotes": (PAPER, PAPER_MD.replace(TITLE, "title: 'Chief Constable's report'"), APOSTROPHE),
    "double_quote_in_double_quotes": (
        PAPER,
        PAPER_MD.replace(TITLE, 'title: "The "Blue Light" report"'),
        f'{P}:2: title: the " inside "The "Blue Light" report" ends the double quotes early, expected single quotes '
        'around a value with " in it, e.g. title: \'The "Blue Light" report\'',
    ),
    "unclosed_double_quote": (
        PAPER,
        PAPER_MD.replace(TITLE, 'title: "Southern Police Station'),
        f'{P}:2: title: {UNCLOSED}, e.g. title: "Southern Police Station"',
    ),
    "unclosed_quote_before_a_list": (
        MEETING,
        MEETING_MD.replace("venue: HQ", 'venue: "HQ'),
        f'{M}:5: venue: {UNCLOSED}, e.g. venue: "HQ, Conference Room 3"',
    ),
    "unclosed_quote_on_the_last_line": (
        PAPER,
        PAPER_MD.replace("---\n\n## 1", 'summary: "The plan\n---\n\n## 1'),
        f'{P}:14: summary: {UNCLOSED}, e.g. summary: "The plan"',
    ),
    "colon_in_an_unquoted_value": (
        PAPER,
        PAPER_MD.replace(TITLE, "title: Item 5: budget"),
        f'{P}:2: title: {COLON} in quotes, e.g. title: "Item 5: budget"',
    ),
    "colon_in_the_next_line_of_a_value": (
        PAPER,
        PAPER_MD.replace(
            "status: published", "status: published\nsummary: The Board is asked to note\n  the following: costs"
        ),
        f"{P}:8: summary: the text runs on to the next line, which has a colon and a space, read as a field, expected "
        'the whole text in quotes, e.g. summary: "The Board is asked to note the following: costs"',
    ),
    "field_indented_under_the_one_above": (
        PAPER,
        PAPER_MD.replace('agenda_item: "9.0"', '  agenda_item: "9.0"'),
        f"{P}:3: agenda_item: is indented under title, expected each field at the start of its line, e.g. "
        'agenda_item: "9.0"',
    ),
    "colon_in_a_meeting_venue": (
        MEETING,
        MEETING_MD.replace("venue: HQ,", "venue: HQ:"),
        f'{M}:5: venue: {COLON} in quotes, e.g. venue: "HQ: Conference Room 3"',
    ),
    "agenda_entry_without_its_brace": (
        MEETING,
        MEETING_MD.replace("apologies}", "apologies"),
        f'{M}:7: items: the {{ is never closed, expected a }} at the end of the line, e.g. - {{number: "1", title: '
        "Welcome and apologies}",
    ),
    "dash_without_a_space": (
        PAPER,
        PAPER_MD.replace(ENTRY, "  -" + ENTRY.lstrip(" -")),
        f"{P}:9: recommendations: {DASH}",
    ),
    "dash_without_a_space_at_the_margin": (
        PAPER,
        PAPER_MD.replace(ENTRY, "-" + ENTRY.lstrip(" -")),
        f"{P}:9: recommendations: {DASH}",
    ),
    "list_dash_further_left": (
        PAPER,
        PAPER_MD.replace(ONE_LINE, TWO_LINES + " - To agree the budget."),
        f"{P}:10: recommendations: this entry is indented 1 space {OUT_OF_LINE}, e.g. indent it 2 spaces, like line 9",
    ),
    "list_dash_further_right": (  # YAML reads it as the entry above going on: "To note the report. - To agree ..."
        PAPER,
        PAPER_MD.replace(ONE_LINE, TWO_LINES + "   - To agree the budget."),
        f"{P}:10: recommendations: this entry is indented 3 spaces {OUT_OF_LINE}, e.g. indent it 2 spaces, like line 9",
    ),
    "colon_in_a_list_entry": (  # valid YAML: a field inside the list, where a line of text was meant
        PAPER,
        PAPER_MD.replace(ENTRY, "  - Fees: see the report"),
        f'{P}:9: recommendations: {COLON} in quotes, e.g. - "Fees: see the report"',
    ),
    "missing_value": (  # YAML reads nothing as null, which is "the paper does not say"
        PAPER,
        PAPER_MD.replace("from: Chief Constable", "from:"),
        f"{P}:4: from: has no value, expected a single line of text, e.g. from: Chief Constable, or null if the paper "
        "does not say",
    ),
    "hash_in_a_value": (  # YAML reads "Item" and a note
        PAPER,
        PAPER_MD.replace(TITLE, "title: Item #5 report"),
        f'{P}:2: title: {HASH} to be in quotes, e.g. title: "Item #5 report"',
    ),
    "value_starting_with_a_hash": (
        PAPER,
        PAPER_MD.replace(TITLE, "title: #5 report"),
        f'{P}:2: title: {HASH} to be in quotes, e.g. title: "#5 report"',
    ),
    "field_written_twice": (  # already told well before issue #19: kept here so that it stays so
        PAPER,
        PAPER_MD.replace("status: published", "status: published\nstatus: draft"),
        f"{P}:8: status: written twice (first on line 7), expected each field once, e.g. delete one of the two lines",
    ),
    "capital_letter_in_a_field_name": (
        PAPER,
        PAPER_MD.replace("status: published", "Status: published"),
        f"{P}:7: Status: the field name has a capital letter, expected status, {MISNAMED}, e.g. status: published",
    ),
    "space_in_a_field_name": (
        PAPER,
        PAPER_MD.replace("agenda_item:", "agenda item:"),
        f'{P}:3: agenda item: the field name has a space, expected agenda_item, {MISNAMED}, e.g. agenda_item: "5.1"',
    ),
    "em_dash_for_the_first_line": (
        PAPER,
        PAPER_MD.replace("---\n", "—\n", 1),
        f"{P}:1: front-matter: the line '—' {NOT_HYPHENS.replace('after the last field', 'on the first line')} "
        + MINUS_KEY,
    ),
    "em_dash_for_the_closing_line": (
        PAPER,
        PAPER_MD.replace("---\n\n## 1", "—\n\n## 1"),
        f"{P}:14: front-matter: the line '—' {NOT_HYPHENS} {MINUS_KEY}",
    ),
    "underscores_for_the_closing_line": (
        PAPER,
        PAPER_MD.replace("---\n\n## 1", "___\n\n## 1"),
        f"{P}:14: front-matter: the line '___' {NOT_HYPHENS} {MINUS_KEY}",
    ),
    "indented_closing_line": (
        PAPER,
        PAPER_MD.replace("---\n\n## 1", "  ---\n\n## 1"),
        f"{P}:14: front-matter: the line --- is indented, expected it after the last field, at the start of its "
        "line, e.g. delete the spaces before it",
    ),
    "missing_closing_line": (  # the last field is line 13; the Markdown heading after it is not a field
        PAPER,
        PAPER_MD.replace("---\n\n## 1", "\n## 1"),
        f"{P}:13: front-matter: no line --- after the fields, expected the fields between two lines ---, e.g. add a "
        "line --- after the last field, which is this line",
    ),
    "missing_first_line": (
        PAPER,
        PAPER_MD.removeprefix("---\n"),
        f"{P}:1: front-matter: no line --- before the first field, expected the fields between two lines ---, e.g. "
        "add a line --- above the first field",
    ),
    "blank_lines_before_the_first_line": (
        PAPER,
        "\n\n" + PAPER_MD,
        f"{P}:1: front-matter: blank lines before the first line ---, expected --- on the first line, e.g. delete "
        "the blank lines at the top",
    ),
    "empty_file": (
        PAPER,
        "",
        f"{P}:1: front-matter: the file is empty, expected the fields between two lines ---, then the text, e.g. "
        "start it again with python build.py new paper, or delete it",
    ),
    "empty_meeting_file": (
        MEETING,
        "\n",
        f"{M}:1: front-matter: the file is empty, expected the fields between two lines ---, then the text, e.g. "
        "start it again with python build.py new meeting, or delete it",
    ),
    "windows_line_endings_and_a_tab": (PAPER, PAPER_MD.replace(ENTRY, TABBED).replace("\n", "\r\n"), TAB),
    "byte_order_mark_and_no_space": (
        PAPER,
        "\ufeff" + PAPER_MD.replace("status: published", "status:published"),
        NO_SPACE,
    ),
}
JARGON = ("token", "scalar", "mapping", "block end", "simple key", "stream", "YAML says", "\\n")


def check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run `python build.py check` on a content folder: its exit code and the problems it printed."""
    code = main(["check", "--content", str(content)])
    printed = capsys.readouterr().err.splitlines()
    # Problems only: not the count after them, nor warnings about other things (the sample board's contacts).
    return code, [line for line in printed if line.startswith("content/") and ": warning: " not in line]


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_mistake_is_told_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], mistake: str) -> None:
    relative, text, expected = MISTAKES[mistake]
    content = make_content(tmp_path)
    (content / relative).write_bytes(text.encode("utf-8"))  # as bytes: Windows line endings stay as written
    assert check(content, capsys) == (1, [expected])


def test_no_parser_words_reach_the_author() -> None:
    assert [m for _, _, m in MISTAKES.values() if any(word in m for word in JARGON)] == []


def test_every_mistake_of_every_file_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    paper = PAPER_MD.replace(TITLE, "title: 'Chief Constable's report'").replace(
        "status: published", "status:published"
    )
    (content / PAPER).write_text(paper.replace("themes:", "theems:").replace(ENTRY, TABBED), encoding="utf-8")
    (content / MEETING).write_text(MEETING_MD.replace("venue: HQ,", "venue: HQ:"), encoding="utf-8")
    code, printed = check(content, capsys)
    assert (code, [line.split(": ")[0] for line in printed]) == (
        1,
        [f"{P}:2", f"{P}:5", f"{P}:7", f"{P}:9", f"{M}:5"],
    )
    assert [printed[0], printed[2], printed[3]] == [APOSTROPHE, NO_SPACE, TAB]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["windows-line-endings", "byte-order-mark", "both"],
)
def test_windows_files_just_work(tmp_path: Path, encode: object) -> None:
    content = make_content(tmp_path)
    for relative, text in ((PAPER, PAPER_MD), (MEETING, MEETING_MD)):
        (content / relative).write_bytes(encode(text))  # type: ignore[operator]
    (paper,) = load_site(content, dt.date(2026, 11, 23)).papers
    assert (paper.title, paper.recommendations) == (
        "Southern Police Station – Project Update",
        ["The Board is recommended to note the report."],
    )


def test_what_looks_like_a_mistake_but_is_right_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    right = (
        PAPER_MD.replace(TITLE, 'title: "Item 5: budget, #5 of 2019"')
        .replace("from: Chief Constable", "from: 'Chief Constable''s office'")
        .replace("status: published", "status: published  # a note after a value is fine")
        .replace(ONE_LINE, TWO_LINES + '  - "- with a dash"\n  - "Fees: see the report"')
        .replace("---\n\n## 1", 'summary: "A summary written\n  over two lines"\ndate: null\n---\n\n## 1')
    )
    (content / PAPER).write_text(right, encoding="utf-8")
    assert check(content, capsys) == (0, [])
