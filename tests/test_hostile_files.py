"""Hostile and broken input (issue 17): files that are not ordinary files, names that cannot be addresses,
YAML tags, anchors and aliases, and invisible characters. One defect per fixture, each with its exact message.

Defects that once hung `check`, filled memory or crashed the interpreter are read in a child process with a
time and memory bound, so a regression fails the test instead of the test run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from boardpapers.content.load import MAX_FILE_ENV, Loader, load_site
from boardpapers.content.problems import ContentError
from boardpapers.content.schema import PAPER_FIELDS
from contentkit import ACTIONS_YML, BOARD_YML, MEETING_MD, PAPER_MD, make_content, paper, write

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
FOLDER = "meetings/2019-09-18"
D = "content/" + FOLDER
PAPER = f"{FOLDER}/9.0-southern-police-station.md"
P = "content/" + PAPER
NAME_RULE = (
    "expected lower-case letters a-z, digits, and '.' or '-' between them, ending in .md (the name is "
    "the page's address)"
)
TAGS_RULE = "expected plain values without YAML tags, anchors or aliases (board papers do not use them)"
INVISIBLE = "expected plain text, e.g. delete it; it is invisible, so retype the text around it"
# Nine anchors, each list nine aliases of the one before: 9^9 strings once expanded ("billion laughs").
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


# Named pipes, links and SIGALRM as these tests make them are POSIX's.
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file types")


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    """Fail, rather than hang, a test whose reading blocks (a FIFO opened for reading waits for a writer)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("reading content took more than 20 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(autouse=True)
def no_limit_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the default size limit whatever the shell sets."""
    monkeypatch.delenv(MAX_FILE_ENV, raising=False)


def problems_of(content: Path, **loader: int) -> list[str]:
    """Load content that must fail; return its problems as printed."""
    with pytest.raises(ContentError) as caught:
        Loader(content, TODAY, **loader).load()  # type: ignore[arg-type]
    return [str(p) for p in caught.value.problems]


def bounded(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a Python child with 15 s and 2 GB at most: a hang or a memory blow-up fails instead of spreading."""

    def limit() -> None:
        import resource  # POSIX only, as is preexec_fn

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = {k: v for k, v in os.environ.items() if k != MAX_FILE_ENV}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=15,
        check=False,
        preexec_fn=limit if os.name == "posix" else None,
    )


LOAD_IN_CHILD = """
import datetime as dt, json, sys, time
from pathlib import Path
from boardpapers.content.load import load_site
from boardpapers.content.problems import ContentError
start = time.perf_counter()
try:
    load_site(Path(sys.argv[1]), dt.date(2026, 11, 23))
    found = []
except ContentError as err:
    found = [str(p) for p in err.problems]
print(json.dumps({"problems": found, "seconds": time.perf_counter() - start}))
"""


def problems_in_child(content: Path) -> tuple[list[str], float]:
    """Load content in a bounded child process: its problems and the seconds loading took."""
    done = bounded(["-c", LOAD_IN_CHILD, str(content)], content.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    return result["problems"], result["seconds"]


# --- A. Files that are not ordinary files --------------------------------------------------------------------


@posix_only
def test_fifo_named_like_a_paper_is_reported_by_check_without_hanging(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    os.mkfifo(content / FOLDER / "x.md")
    done = bounded(["build.py", "check", "--content", str(content)], ROOT)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"{D}/x.md:1: file: is a named pipe (FIFO), not an ordinary file, expected a file of text, e.g. delete it "
        "and save the file again",
        f"1 problem in {content}; nothing was built. Fix each line above (file:line: field: what is wrong), then "
        "run the command again.",
    ]


@posix_only
def test_fifo_as_actions_yml(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    (content / "actions.yml").unlink()
    os.mkfifo(content / "actions.yml")
    assert problems_in_child(content)[0] == [
        "content/actions.yml:1: file: is a named pipe (FIFO), not an ordinary file, expected a file of text, "
        "e.g. delete it and save the file again"
    ]


@posix_only
def test_fifo_as_board_yml(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    (content / "board.yml").unlink()
    os.mkfifo(content / "board.yml")
    assert problems_of(content)[0] == (
        "content/board.yml:1: file: is a named pipe (FIFO), not an ordinary file, expected a file of text, "
        "e.g. delete it and save the file again"
    )


@posix_only
def test_link_to_dev_zero(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    os.symlink("/dev/zero", content / FOLDER / "x.md")
    assert problems_in_child(content)[0] == [
        f"{D}/x.md:1: file: is a link to '/dev/zero', outside the content folder, expected files and folders "
        "inside it, e.g. copy the file here instead of linking to it"
    ]


@posix_only
def test_dangling_link(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    os.symlink("5.1-gone.md", content / FOLDER / "5.1-x.md")
    assert problems_of(content) == [
        f"{D}/5.1-x.md:1: file: is a link to '5.1-gone.md', which does not exist, expected a file or a folder, "
        "e.g. delete the link, or copy the file here in its place"
    ]


@posix_only
def test_link_loop(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    os.symlink("5.1-x.md", content / FOLDER / "5.1-x.md")
    assert problems_of(content) == [
        f"{D}/5.1-x.md:1: file: is a link that leads back to itself, expected a file or a folder, e.g. delete the link"
    ]


def test_folder_named_like_a_paper(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    (content / FOLDER / "5.1-x.md").mkdir()
    assert problems_of(content) == [
        f"{D}/5.1-x.md:1: file: is a folder, expected a file, e.g. rename the folder, or move it out of content/"
    ]


def test_folder_as_meeting_md(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    (content / FOLDER / "meeting.md").unlink()
    (content / FOLDER / "meeting.md").mkdir()
    assert problems_of(content) == [
        f"{D}/meeting.md:1: file: is a folder, expected a file, e.g. rename the folder, or move it out of content/"
    ]


@posix_only
def test_link_to_a_paper_outside_content(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    outside = write(tmp_path, "elsewhere/5.1-secret.md", paper("Secret", "5.1", "Not for the site."))
    os.symlink(outside, content / FOLDER / "5.1-secret.md")
    assert problems_of(content) == [
        f"{D}/5.1-secret.md:1: file: is a link to '{outside}', outside the content folder, expected files and "
        "folders inside it, e.g. copy the file here instead of linking to it"
    ]


@posix_only
def test_relative_link_climbing_out_of_content(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(tmp_path, "elsewhere/5.1-secret.md", paper("Secret", "5.1", "Not for the site."))
    os.symlink("../../../elsewhere/5.1-secret.md", content / FOLDER / "5.1-secret.md")
    assert problems_of(content) == [
        f"{D}/5.1-secret.md:1: file: is a link to '../../../elsewhere/5.1-secret.md', outside the content folder, "
        "expected files and folders inside it, e.g. copy the file here instead of linking to it"
    ]


@posix_only
def test_meeting_folder_linked_from_outside(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(tmp_path, "elsewhere/meeting.md", MEETING_MD.replace("2019-09-18", "2020-01-23"))
    os.symlink(tmp_path / "elsewhere", content / "meetings/2020-01-23")
    assert problems_of(content) == [
        f"content/meetings/2020-01-23:1: file: is a link to '{tmp_path / 'elsewhere'}', outside the content "
        "folder, expected files and folders inside it, e.g. copy the file here instead of linking to it"
    ]


@posix_only
def test_dangling_link_as_a_meeting_folder(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    os.symlink("2020-01-24", content / "meetings/2020-01-23")
    assert problems_of(content) == [
        "content/meetings/2020-01-23:1: file: is a link to '2020-01-24', which does not exist, expected a file or "
        "a folder, e.g. delete the link, or copy the file here in its place"
    ]


def test_meetings_that_is_a_file(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    for entry in sorted((content / "meetings").rglob("*"), reverse=True):
        entry.rmdir() if entry.is_dir() else entry.unlink()
    (content / "meetings").rmdir()
    (content / "meetings").write_text("2019-09-18\n", encoding="utf-8")
    assert problems_of(content) == [
        "content/meetings:1: file: is not a folder, expected the folder of meetings, e.g. rename it and make a folder"
    ]


@posix_only
def test_content_folder_may_be_a_link_and_links_inside_it_may_stay_inside(tmp_path: Path) -> None:
    content = make_content(tmp_path / "real")
    write(content, "shared/5.1-shared.md", paper("Shared paper", "5.1", "Text."))
    os.symlink("../../shared/5.1-shared.md", content / FOLDER / "5.1-shared.md")
    os.symlink(content, tmp_path / "content")
    site = load_site(tmp_path / "content", TODAY)
    assert [p.url for p in site.papers] == [
        "meetings/2019-09-18/5.1-shared/",
        "meetings/2019-09-18/9.0-southern-police-station/",
    ]


@posix_only
def test_hidden_entries_and_other_files_are_left_alone(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    os.symlink("user@host.123", content / FOLDER / ".#5.1-draft.md")  # an editor's lock file: a dangling link
    (content / FOLDER / "._9.0-southern-police-station.md").write_bytes(b"\x00\x05\x16\x07")  # macOS metadata
    os.mkfifo(content / FOLDER / "notes.txt")  # not Markdown: never opened
    (content / FOLDER / "attachments").mkdir()
    os.mkfifo(content / "meetings/README")  # only folders are meetings
    assert [p.title for p in load_site(content, TODAY).papers] == ["Southern Police Station – Project Update"]


BAD_NAMES = {
    "two_dots": ("..md", "has no name before .md", "paper.md"),
    "three_dots": ("...md", "has no name before .md", "paper.md"),
    "hash": ("5.1-a#b.md", "has the character '#'", "5.1-a-b.md"),
    "question_mark": ("5.1-why?.md", "has the character '?'", "5.1-why.md"),
    "percent": ("5.1-50%.md", "has the character '%'", "5.1-50.md"),
    "space": ("5.1 budget.md", "has a space", "5.1-budget.md"),
    "upper_case": ("5.1-Budget.md", "has the upper-case letter 'B'", "5.1-budget.md"),
    "non_ascii": ("5.1-café.md", "has the character 'é', U+00E9 (latin small letter e with acute),", "5.1-cafe.md"),
    "control_character": ("5.1-a\x07.md", "has the invisible character U+0007 (bell)", "5.1-a.md"),
    "newline": ("5.1-a\nb.md", "has the invisible character U+000A (line feed)", "5.1-a-b.md"),
    "bidi_override": (
        "5.1-\u202edm.exe.md",
        "has the invisible character U+202E (right-to-left override)",
        "5.1-dm.exe.md",
    ),
    "trailing_dot": ("5.1-budget..md", "has '.' or '-' at an end of the name, or two together", "5.1-budget.md"),
    "leading_hyphen": ("-5.1-budget.md", "has '.' or '-' at an end of the name, or two together", "5.1-budget.md"),
    "upper_case_ending": ("5.1-budget.MD", "ends in '.MD' rather than '.md'", "5.1-budget.md"),
    "space_after_ending": ("5.1-budget.md ", "ends in '.md ' rather than '.md'", "5.1-budget.md"),
    "index": ("index.md", "is 'index', a name kept for the meeting page", "index-paper.md"),
    "windows_device": ("con.md", "is 'con', a name kept for a device on Windows", "con-paper.md"),
}


@posix_only
def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    latin1 = Path(os.fsdecode(bytes(content / FOLDER) + b"/5.1-caf\xe9.md"))  # "café" saved as Latin-1
    latin1.write_text(paper("Cafe", "5.1", "Text."), encoding="utf-8")
    assert problems_of(content) == [
        f"{D}/5.1-caf\\udce9.md:1: file: the name '5.1-caf\\udce9.md' has the byte 0xe9, which is not UTF-8, "
        f"{NAME_RULE}, e.g. rename it to 5.1-caf.md"
    ]


@pytest.mark.parametrize("defect", sorted(BAD_NAMES))
def test_each_bad_paper_file_name_is_reported_with_a_new_name(tmp_path: Path, defect: str) -> None:
    name, why, fix = BAD_NAMES[defect]
    content = make_content(tmp_path)
    write(content, f"{FOLDER}/{name}", paper("Another paper", "5.1", "Text."))
    shown = name.replace("\x07", "\\x07").replace("\n", "\\x0a").replace("\u202e", "\\u202e")
    assert problems_of(content) == [
        f"{D}/{shown}:1: file: the name '{shown}' {why}, {NAME_RULE}, e.g. rename it to {fix}"
    ]


def test_a_name_differing_only_in_case_gets_a_free_name(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, f"{FOLDER}/5.1-a.md", paper("A", "5.1", "Text."))
    write(content, f"{FOLDER}/5.1-A.md", paper("Another A", None, "Text."))
    assert problems_of(content) == [
        f"{D}/5.1-A.md:1: file: the name '5.1-A.md' has the upper-case letter 'A', {NAME_RULE}, e.g. rename it to "
        "5.1-a-2.md (5.1-a.md is another paper's name)"
    ]


def test_two_papers_with_one_address_after_the_agenda_number_is_put_first(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, f"{FOLDER}/5.1-budget.md", paper("Budget notes", None, "Text."))
    write(content, f"{FOLDER}/budget.md", paper("Budget", "5.1", "Text."))
    assert problems_of(content) == [
        f"{D}/budget.md:1: file: its page address meetings/2019-09-18/5.1-budget/ (agenda item 5.1 goes before its "
        f"name) is also the address of {D}/5.1-budget.md, expected each paper to have its own address, e.g. rename "
        "it to 5.1-budget-2.md"
    ]


def test_meeting_folder_name_with_a_newline(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2020-01-23\n/meeting.md", MEETING_MD)
    assert problems_of(content) == [
        "content/meetings/2020-01-23\\x0a:1: folder: '2020-01-23\\x0a' is not a meeting folder name, expected "
        "YYYY-MM-DD, YYYY-MM-DD-<board> or undated-<slug>, e.g. content/meetings/2019-09-18"
    ]


def test_meeting_folder_name_with_other_digits(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/２０２０-01-23/meeting.md", MEETING_MD)  # noqa: RUF001 (fullwidth digits on purpose)
    assert problems_of(content) == [
        "content/meetings/２０２０-01-23:1: folder: '２０２０-01-23' is not a meeting folder name, expected "  # noqa: RUF001 (as above)
        "YYYY-MM-DD, YYYY-MM-DD-<board> or undated-<slug>, e.g. content/meetings/2019-09-18"
    ]


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD + "Padding. " * 350_000)
    assert problems_of(content) == [
        f"{P}:1: file: is 3,077 KB, more than the 2,048 KB one content file may be, expected a smaller file, "
        f"e.g. split it in two, or raise the limit: {MAX_FILE_ENV}=4096 python build.py check"
    ]


def test_size_limit_from_the_environment_and_the_loader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD + "Padding. " * 350_000)
    monkeypatch.setenv(MAX_FILE_ENV, "4096")
    assert len(load_site(content, TODAY).papers) == 1
    assert problems_of(content, max_file_kb=1) == [  # the Loader's argument comes before the environment
        f"{P}:1: file: is 3,077 KB, more than the 1 KB one content file may be, expected a smaller file, "
        f"e.g. split it in two, or raise the limit: {MAX_FILE_ENV}=4096 python build.py check"
    ]


def test_size_limit_of_one_kb_refuses_a_bigger_paper(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD + "Padding. " * 200)
    assert problems_of(content, max_file_kb=1) == [
        f"{P}:1: file: is 3 KB, more than the 1 KB one content file may be, expected a smaller file, "
        f"e.g. split it in two, or raise the limit: {MAX_FILE_ENV}=1024 python build.py check"
    ]


def test_size_limit_in_the_environment_that_is_not_a_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_FILE_ENV, "2MB")
    assert problems_of(make_content(tmp_path)) == [
        f"${MAX_FILE_ENV}:1: environment: invalid value '2MB', expected a whole number of kilobytes, "
        f"e.g. {MAX_FILE_ENV}=4096"
    ]


# --- B. YAML tags, anchors, aliases and depth ------------------------------------------------------------------

TAGS = {
    "unknown_tag": "!secret",
    "python_tag": "!!python/object/apply:os.system",
    "standard_str_tag": "!!str",
    "binary_tag": "!!binary",
    "non_specific_tag": "!",
}


@pytest.mark.parametrize("defect", sorted(TAGS))
def test_every_yaml_tag_is_refused(tmp_path: Path, defect: str) -> None:
    tag = TAGS[defect]
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD.replace("classification: official", f"classification: {tag} official"))
    assert problems_of(content) == [
        f"{P}:6: classification: the YAML tag '{tag}' is not allowed, {TAGS_RULE}, e.g. delete '{tag}' and keep "
        "the value after it"
    ]


def test_tag_on_a_list(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD.replace("contact_officers:\n", "contact_officers: !!seq\n"))
    assert problems_of(content) == [
        f"{P}:10: contact_officers: the YAML tag '!!seq' is not allowed, {TAGS_RULE}, e.g. delete '!!seq' and keep "
        "the value after it"
    ]


def test_tag_in_board_yml(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "board.yml", BOARD_YML.replace("name: Business", "name: !!str Business"))
    assert problems_of(content)[0] == (
        f"content/board.yml:6: boards[1].name: the YAML tag '!!str' is not allowed, {TAGS_RULE}, e.g. delete "
        "'!!str' and keep the value after it"
    )


def test_anchor(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD.replace("from: Chief Constable", "from: &who Chief Constable"))
    assert problems_of(content) == [
        f"{P}:4: from: the YAML anchor '&who' is not allowed, {TAGS_RULE}, e.g. delete '&who' and write the value "
        "out wherever it is used"
    ]


def test_alias(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "actions.yml", ACTIONS_YML.replace("owner: Constabulary", "owner: *who"))
    assert problems_of(content) == [
        f"content/actions.yml:5: actions[1].owner: the YAML alias '*who' is not allowed, {TAGS_RULE}, e.g. replace "
        "'*who' with the value it stands for"
    ]


def test_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD.replace("---\n\n##", BOMB + "---\n\n##"))
    found, seconds = problems_in_child(content)
    assert found == [
        f"{P}:{14 + i}: {chr(97 + i)}: the YAML anchor '&{chr(97 + i)}' is not allowed, {TAGS_RULE}, e.g. delete "
        f"'&{chr(97 + i)}' and write the value out wherever it is used"
        for i in range(9)
    ]
    assert seconds < 2  # a bound, not a benchmark: expanding it took 45 s and ended in MemoryError


def test_deep_nesting_is_refused_at_once(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(
        content,
        PAPER,
        PAPER_MD.replace("status: published", "status: published\nsummary: " + "[" * 100_000 + "]" * 100_000),
    )
    found, seconds = problems_in_child(content)  # libyaml's composer crashed the interpreter at this depth
    assert found == [
        f"{P}:8: summary{'[1]' * 20}: nested more than 20 levels deep, expected fields, lists and records a few "
        "levels deep, e.g. contact_officers: [{name: Dorothy Gregson}]"
    ]
    assert seconds < 2  # parsers slow down with the square of the depth


def test_long_sexagesimal_number_is_read_at_once(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD.replace("status: published", "status: published\npublic_title: 1" + ":00" * 200_000))
    found, seconds = problems_in_child(content)
    assert found == []  # it is text to the schema, so it is never turned into a number
    assert seconds < 2  # YAML 1.1 reads 1:00:00... as one base-60 integer, in time quadratic in its length


# --- C. Invisible and control characters -------------------------------------------------------------------

CHARACTERS = {
    "nul": ("\\0", "U+0000 (null)"),
    "carriage_return": ("\\r", "U+000D (carriage return)"),
    "escape": ("\\e", "U+001B (escape)"),
    "delete": ("\\x7f", "U+007F (delete)"),
    "c1_next_line": ("\\N", "U+0085 (next line)"),
    "c1_control": ("\\x92", "U+0092 (a control character)"),
    "bidi_override": ("\\u202e", "U+202E (right-to-left override)"),
    "bidi_embedding": ("\\u202b", "U+202B (right-to-left embedding)"),
    "bidi_isolate": ("\\u2066", "U+2066 (left-to-right isolate)"),
    "bidi_mark": ("\\u200f", "U+200F (right-to-left mark)"),
    "arabic_letter_mark": ("\\u061c", "U+061C (arabic letter mark)"),
    "zero_width_space": ("\\u200b", "U+200B (zero width space)"),
    "zero_width_joiner": ("\\u200d", "U+200D (zero width joiner)"),
    "word_joiner": ("\\u2060", "U+2060 (word joiner)"),
    "byte_order_mark_inside": ("\\ufeff", "U+FEFF (zero width no-break space, a byte order mark)"),
    "line_separator": ("\\L", "U+2028 (line separator)"),
    "paragraph_separator": ("\\P", "U+2029 (paragraph separator)"),
    "vertical_tab": ("\\v", "U+000B (vertical tab)"),
    "form_feed": ("\\f", "U+000C (form feed)"),
    "lone_surrogate": ("\\uDCFF", "U+DCFF (a lone surrogate, which is not a character)"),
}


@pytest.mark.parametrize("defect", sorted(CHARACTERS))
def test_each_invisible_character_in_a_title(tmp_path: Path, defect: str) -> None:
    escape, named = CHARACTERS[defect]
    content = make_content(tmp_path)
    write(
        content,
        PAPER,
        PAPER_MD.replace(
            "title: Southern Police Station – Project Update", f'title: "Southern{escape} Police Station"'
        ),
    )
    assert problems_of(content) == [f"{P}:2: title: has the invisible character {named} at character 9, {INVISIBLE}"]


def test_line_break_in_a_one_line_field(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(
        content,
        PAPER,
        PAPER_MD.replace("title: Southern Police Station – Project Update", "title: |\n  Southern Police\n  Station\n"),
    )
    assert problems_of(content) == [
        f"{P}:2: title: has a line break, expected a single line of text, e.g. join the lines into one"
    ]


def test_line_breaks_and_tabs_are_allowed_where_text_runs_over_lines(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(
        content,
        PAPER,
        PAPER_MD.replace("title: Southern", 'title: "Southern\\t')
        .replace("Project Update", 'Project Update"')
        .replace("status: published", "status: published\nsummary: |\n  First line.\n  Second line.\n"),
    )
    (found,) = load_site(content, TODAY).papers
    assert (found.title, found.summary) == ("Southern\t Police Station – Project Update", "First line.\nSecond line.")


def test_invisible_character_in_a_list_entry(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(
        content,
        PAPER,
        PAPER_MD.replace(
            "  - The Board is recommended to note the report.",
            '  - "The Board is recommended\\u202e to note the report."',
        ),
    )
    assert problems_of(content) == [
        f"{P}:9: recommendations: has the invisible character U+202E (right-to-left override) at character 25, "
        f"{INVISIBLE}"
    ]


def test_invisible_character_in_an_id(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD.replace("[transformation]", '["transformation\\u200b"]'))
    assert problems_of(content) == [
        f"{P}:5: themes: has the invisible character U+200B (zero width space) at character 15, {INVISIBLE}"
    ]


def test_carriage_return_in_an_action_owner(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "actions.yml", ACTIONS_YML.replace("owner: Constabulary", 'owner: "Constabulary\\r\\nX-Evil: 1"'))
    assert problems_of(content) == [
        "content/actions.yml:5: actions[1].owner: has the invisible character U+000D (carriage return) at "
        f"character 13, {INVISIBLE}"
    ]


def test_escape_sequence_in_a_board_name(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(
        content,
        "board.yml",
        BOARD_YML.replace("name: Business Coordination Board", 'name: "Business\\e[31m Coordination Board"'),
    )
    assert problems_of(content)[0] == (
        f"content/board.yml:6: boards[1].name: has the invisible character U+001B (escape) at character 9, {INVISIBLE}"
    )


def test_paragraph_separator_in_a_meeting_venue(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(
        content,
        f"{FOLDER}/meeting.md",
        MEETING_MD.replace("venue: HQ, Conference Room 3", 'venue: "HQ\\P Conference Room 3"'),
    )
    assert problems_of(content) == [
        f"{D}/meeting.md:5: venue: has the invisible character U+2029 (paragraph separator) at character 3, {INVISIBLE}"
    ]


def test_raw_control_character_in_front_matter(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD.replace("from: Chief Constable", "from: Chief\x00 Constable"))
    assert problems_of(content) == [
        f"{P}:4: front-matter: has the invisible character U+0000 (null) at character 12, {INVISIBLE}"
    ]


def test_raw_bidi_override_in_front_matter(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD.replace("from: Chief Constable", "from: Chief\u202e Constable"))
    assert problems_of(content) == [
        f"{P}:4: from: has the invisible character U+202E (right-to-left override) at character 6, {INVISIBLE}"
    ]


def test_carriage_return_alone_in_front_matter(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD.replace("from: Chief Constable", "from: Chief\rto: Someone Else"))
    assert problems_of(content) == [
        f"{P}:4: front-matter: has the line break U+000D (carriage return) on its own, which YAML reads as a new "
        "line, expected lines that end in a newline, e.g. re-save the file with Unix (LF) or Windows (CRLF) line "
        "endings"
    ]


def test_unknown_field_with_a_bidi_override_is_shown_escaped(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, PAPER_MD.replace("status: published", "status: published\nsumm\u202eary: x"))
    assert problems_of(content) == [
        f"{P}:8: summ\\u202eary: unknown field, did you mean 'summary'? expected one of: "
        + ", ".join(f.name for f in PAPER_FIELDS)
    ]


# The body right after the closing '---': a blank line there is counted one line short today (the front-matter
# splitter's delimiter takes it), which these tests must not depend on.
TIGHT_PAPER_MD = PAPER_MD.replace("---\n\n## 1. Purpose", "---\n## 1. Purpose")
BODY_CHARACTERS = {
    "nul": ("\x00", "U+0000 (null)"),
    "escape": ("\x1b", "U+001B (escape)"),
    "c1_control": ("\x92", "U+0092 (a control character)"),
    "bidi_override": ("\u202e", "U+202E (right-to-left override)"),
    "bidi_embedding": ("\u202a", "U+202A (left-to-right embedding)"),
}


@pytest.mark.parametrize("defect", sorted(BODY_CHARACTERS))
def test_each_control_character_in_a_paper_body(tmp_path: Path, defect: str) -> None:
    char, named = BODY_CHARACTERS[defect]
    content = make_content(tmp_path)
    write(content, PAPER, TIGHT_PAPER_MD + f"\nThe Board{char} notes it.\n")
    assert problems_of(content) == [f"{P}:19: body: has the invisible character {named} at character 10, {INVISIBLE}"]


def test_a_body_counts_the_rest_of_its_control_characters(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, PAPER, TIGHT_PAPER_MD + "\nA\u202eB\nC\u202eD\n")
    assert problems_of(content) == [
        f"{P}:19: body: has the invisible character U+202E (right-to-left override) at character 2 (and 1 more like "
        f"it), {INVISIBLE}"
    ]


def test_control_character_in_meeting_notes(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, f"{FOLDER}/meeting.md", MEETING_MD + "Minutes\x0c to follow.\n")
    assert problems_of(content) == [
        f"{D}/meeting.md:10: body: has the invisible character U+000C (form feed) at character 8, {INVISIBLE}"
    ]


def test_right_to_left_text_and_line_endings_in_a_body_are_allowed(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    rtl = "\u2067\u0645\u0631\u062d\u0628\u0627\u2069 \u200f\u0645\u200d\u200c\u0627 x\tend"
    write(content, PAPER, (PAPER_MD + f"\n{rtl}\n").replace("\n", "\r\n"))
    (found,) = load_site(content, TODAY).papers
    assert rtl in found.body
