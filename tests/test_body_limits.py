"""Bodies the engine cannot build, or not in reasonable time, are refused by `check` at their line: what check
accepts, build builds (issue 17 §6). One defect per fixture, each with its exact message."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from boardpapers.content.load import load_site
from boardpapers.content.problems import ContentError
from contentkit import make_content, paper, write

TODAY = dt.date(2026, 11, 23)
P = "content/meetings/2019-09-18/9.0-southern-police-station.md"
BODY_LINE = 10  # where paper() starts the body
NESTED = "".join("    " * i + "- x\n" for i in range(45))
DEFECTS = {
    "markup the engine's parser stops at": (
        "Intro.\n\nA note: `<![` in code.",
        2,
        (
            "body: the site's engine cannot read the markup here (e.g. '<![' that opens no CDATA section), expected "
            "text or ordinary HTML, e.g. write '< ![' with a space"
        ),
    ),
    "lists nested too deep": (
        NESTED,
        41,
        (
            "body: nested 41 levels deep, expected at most 40 levels of lists and quotes inside each other, e.g. split "
            "the list"
        ),
    ),
    "quotes nested too deep": (
        "Intro.\n\n" + ">" * 45 + " deep",
        2,
        (
            "body: nested 45 levels deep, expected at most 40 levels of lists and quotes inside each other, e.g. split "
            "the list"
        ),
    ),
    "HTML nested too deep": (
        "Intro.\n\n" + "<div>" * 41 + "x",
        2,
        (
            "body: HTML elements nested more than 40 deep, expected them closed in turn, e.g. <div>...</div><div>..."
            "</div>"
        ),
    ),
    "too many brackets in a paragraph": (
        "Intro.\n\n" + "[" * 501,
        2,
        (
            "body: this paragraph has 501 '[', more than the site's Markdown engine reads in reasonable time, expected "
            "at most 500 a paragraph, e.g. split it with blank lines, or write \\[ for those that are plain text"
        ),
    ),
    "too many backticks in a paragraph": (
        "Intro.\n\n" + "`" * 201,
        2,
        (
            "body: this paragraph has 201 '`', more than the site's Markdown engine reads in reasonable time, expected "
            "at most 200 a paragraph, e.g. split it with blank lines, or write \\` for those that are plain text"
        ),
    ),
}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_a_body_the_engine_cannot_build_is_refused_at_its_line(tmp_path: Path, defect: str) -> None:
    body, line, message = DEFECTS[defect]
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/9.0-southern-police-station.md", paper("T", "9.0", body))
    with pytest.raises(ContentError) as caught:
        load_site(content, TODAY)
    assert [str(p) for p in caught.value.problems] == [f"{P}:{BODY_LINE + line}: {message}"]


WITHIN = ["[" * 250 + "\n\n" + "[" * 250, "\\[" * 2000, "<div>" * 40, "".join("    " * i + "- x\n" for i in range(41))]


@pytest.mark.parametrize("body", WITHIN)
def test_within_the_limits_is_accepted(tmp_path: Path, body: str) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/9.0-southern-police-station.md", paper("T", "9.0", body))
    assert len(load_site(content, TODAY).papers) == 1


def test_a_huge_body_of_one_mark_is_refused_in_seconds(tmp_path: Path) -> None:
    """2 MB of '[' took hours before the scans were bounded (a correctness bound, not a benchmark)."""
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/9.0-southern-police-station.md", paper("T", "9.0", "[" * 400_000))
    started = time.perf_counter()
    with pytest.raises(ContentError):
        load_site(content, TODAY)
    assert time.perf_counter() - started < 30
