"""Cross-references: [[meeting#item]] checked by `check` and linked on the page; prose ("see Agenda item 5.1")
never linked, at most suggested as a warning."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from boardpapers.cli import main
from boardpapers.content import xref
from boardpapers.content.load import load_site
from boardpapers.content.problems import ContentError
from boardpapers.pages.generate import Generator
from boardpapers.pipeline import ROOT
from contentkit import MATTERS_YML, NOTICE_MD, make_content, paper, write

TODAY = dt.date(2026, 11, 23)
# A second meeting whose paper refers back to the 18 September 2019 meeting of contentkit.
LATER = "meetings/2019-10-30"
LATER_MEETING = '---\nboard: bcb\ndate: 2019-10-30\nitems:\n  - {number: "1", title: Welcome}\n---\n'
LATER_PAPER = f"{LATER}/4.0-follow-up.md"
P = f"content/{LATER_PAPER}"


def with_reference(tmp_path: Path, body: str) -> Path:
    """contentkit's content plus a later meeting whose paper 4.0 has `body` (the body starts on line 9)."""
    content = make_content(tmp_path)
    write(content, f"{LATER}/meeting.md", LATER_MEETING)
    write(content, LATER_PAPER, paper("Follow-up report", "4.0", body))
    return content


def problems_of(content: Path) -> list[str]:
    """Load content that must fail; return its problems as printed."""
    with pytest.raises(ContentError) as caught:
        load_site(content, TODAY)
    return [str(p) for p in caught.value.problems]


def page_body(content: Path, source: str) -> str:
    """The generated Markdown body of the paper at `source` (relative to content/)."""
    site = load_site(content, TODAY)
    generator = Generator(site, ROOT / "theme" / "pages", {})
    (found,) = [p for p in site.papers if p.source == f"content/{source}"]
    return generator.body(found)


def test_reference_to_a_published_paper_links_to_its_page(tmp_path: Path) -> None:
    content = with_reference(tmp_path, "As reported in [[2019-09-18#9.0]].")
    assert page_body(content, LATER_PAPER) == (
        "As reported in [agenda item 9.0 (Business Coordination Board, 18 September 2019)]"
        "(../2019-09-18/9.0-southern-police-station.md).\n"
    )


def test_reference_text_is_the_authors_and_an_item_without_paper_links_to_the_agenda_row(tmp_path: Path) -> None:
    content = with_reference(tmp_path, "See [[2019-09-18#13|the training update]] and [[2019-09-18]].")
    assert page_body(content, LATER_PAPER) == (
        "See [the training update](../2019-09-18/index.md#item-13) and "
        "[Business Coordination Board, 18 September 2019](../2019-09-18/index.md).\n"
    )


def test_prose_agenda_item_is_never_a_link(tmp_path: Path) -> None:
    body = "As reported under Agenda Item 1 at the July meeting (see Agenda item 4.0 and agenda item 7)."
    content = with_reference(tmp_path, body)
    assert page_body(content, LATER_PAPER) == body + "\n"


def test_prose_naming_an_item_of_this_meeting_is_a_warning_that_stops_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = with_reference(tmp_path, "Text.\n\nApologies (see Agenda item 1), then agenda item 7 of July.")
    assert main(["check", "--content", str(content)]) == 0
    warning = (
        f"{P}:12: warning: body: 'Agenda item 1' is left as written (prose is never made a link); if it means "
        "item 1 of this meeting, write [[2019-10-30#1|Agenda item 1]] to link it"
    )
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        warning,
        "mkdocs.yml:1: warning: site_url: not set, so no sitemap.xml is written and feeds use relative links, "
        "expected the site's address, e.g. site_url: https://papers.example.org/",
        "2 warnings: suggestions only, nothing was stopped (--strict makes warnings stop the check and the build).",
    ]
    assert main(["check", "--strict", "--content", str(content)]) == 1
    assert warning.replace("warning: ", "", 1) in capsys.readouterr().err.splitlines()


def test_prose_naming_the_paper_itself_is_no_warning(tmp_path: Path) -> None:
    content = with_reference(tmp_path, "This report (Agenda item 4.0) and agenda item 4 of last year.")
    assert load_site(content, TODAY).warnings == []


def test_item_written_with_or_without_point_zero_is_the_same_item(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(
        content,
        "meetings/2019-09-18/2-note.md",
        paper("Welcome note", "2", "See [[2019-09-18#9]] and [[2019-09-18#13.0]]."),
    )
    assert page_body(content, "meetings/2019-09-18/2-note.md") == (
        "See [agenda item 9](9.0-southern-police-station.md) and [agenda item 13.0](index.md#item-13).\n"
    )


BAD = {
    "unknown_meeting": (
        "Text.\n\nAs in [[2019-09-19#9.0]].",
        [
            f"{P}:12: body: '[[2019-09-19#9.0]]' refers to meeting '2019-09-19', which is not in content/meetings, "
            "did you mean '2019-09-18'? expected [[<meeting folder>#<agenda item>]], e.g. [[2019-09-18#5.1]]"
        ],
    ),
    "unknown_item": (
        "As in [[2019-09-18#9.9|the report]].",
        [
            f"{P}:10: body: '[[2019-09-18#9.9|the report]]' refers to agenda item 9.9 of meeting 2019-09-18, which "
            "has no such item, expected one of its agenda numbers (1, 9.0, 13), e.g. [[2019-09-18#5.1]]"
        ],
    ),
}


@pytest.mark.parametrize("defect", sorted(BAD))
def test_bad_reference_fails_check_with_file_and_line(tmp_path: Path, defect: str) -> None:
    body, expected = BAD[defect]
    assert problems_of(with_reference(tmp_path, body)) == expected


def test_check_command_prints_the_bad_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = with_reference(tmp_path, "As in [[2019-09-18#9.9]].")
    assert main(["check", "--content", str(content)]) == 1
    assert (
        f"{P}:10: body: '[[2019-09-18#9.9]]' refers to agenda item 9.9 of meeting 2019-09-18, which has no such item"
    ) in capsys.readouterr().err


def test_a_draft_with_a_bad_reference_is_reported_too(tmp_path: Path) -> None:
    content = with_reference(tmp_path, "x")
    write(content, LATER_PAPER, paper("Follow-up report", "4.0", "See [[2019-09-18#9.9]].", status="draft"))
    assert [p.split(": body: ")[0] for p in problems_of(content)] == [f"{P}:10"]


def test_referred_to_by_lists_referring_papers_in_site_order(tmp_path: Path) -> None:
    content = with_reference(tmp_path, "As in [[2019-09-18#9.0]] and again [[2019-09-18#9.0|here]].")
    write(content, "meetings/2019-09-18/2-note.md", paper("Welcome note", "2", "See [[2019-09-18#9.0]]."))
    write(content, "meetings/2019-09-18/3-prose.md", paper("Prose note", "3", "See agenda item 9.0."))
    site = load_site(content, TODAY)
    referrers = xref.Referrers(site)
    target = next(p for p in site.papers if p.agenda_item == "9.0")
    assert [p.title for p in referrers(target)] == ["Follow-up report", "Welcome note"]
    assert referrers(next(p for p in site.papers if p.title == "Welcome note")) == []


def test_paper_page_shows_referred_to_by(tmp_path: Path) -> None:
    content = with_reference(tmp_path, "As in [[2019-09-18#9.0]].")
    site = load_site(content, TODAY)
    generator = Generator(site, ROOT / "theme" / "pages", {})
    page = generator.paper(next(p for p in site.papers if p.agenda_item == "9.0"))
    section = re.search(r'<section class="bp-referred".*?</section>', page, re.S)
    assert section is not None
    assert (
        '<li><a href="../../2019-10-30/4.0-follow-up/">Follow-up report</a> <span class="bp-meta">(item 4.0, '
        "Business Coordination Board, 30 October 2019)</span></li>"
    ) in section.group(0)
    assert "bp-referred" not in generator.paper(next(p for p in site.papers if p.agenda_item == "4.0"))


def test_sample_paper_links_its_agenda_item_reference() -> None:
    body = page_body(ROOT / "content", "meetings/2019-09-18/5.0-opcc-transformation-theme.md")
    assert "separate paper – see [Agenda item 5.1](" in body


def test_ci_formats_mark_a_warning_as_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = with_reference(tmp_path, "See Agenda item 1.")
    assert main(["check", "--format", "github", "--content", str(content)]) == 0
    assert capsys.readouterr().out.startswith(f"::warning file={P},line=10,title=content%3A body::{P}:10: warning:")
    assert main(["check", "--format", "gitlab", "--content", str(content)]) == 0
    assert '"severity": "minor"' in capsys.readouterr().out


def test_a_decision_notice_referring_to_a_paper_is_in_its_referred_to_by(tmp_path: Path) -> None:
    """A published notice's reference lists it, after the papers; a notice not published refers to nothing."""
    content = with_reference(tmp_path, "As in [[2019-09-18#9.0]].")
    published = NOTICE_MD.replace("summarised here.", "summarised here; see [[2019-09-18#9.0]].")
    write(content, "matters.yml", MATTERS_YML)
    write(content, "decisions/2019-014-contract-award.md", published)
    draft = published.replace("2019-014", "2019-015").replace("status: published", "status: draft")
    write(content, "decisions/2019-015-draft.md", draft)
    site = load_site(content, TODAY)
    page = Generator(site, ROOT / "theme" / "pages", {}).paper(next(p for p in site.papers if p.agenda_item == "9.0"))
    section = re.search(r'<section class="bp-referred".*?</section>', page, re.S)
    assert section is not None
    items = re.findall(r"<li>.*?</li>", section.group(0))
    assert [re.sub(r"<[^>]+>", "", i) for i in items] == [
        "Follow-up report (item 4.0, Business Coordination Board, 30 October 2019)",
        "Southern Police Station contract award (decision notice 2019-014, 5 November 2019)",
    ]
    assert '<a href="../../../decisions/2019-014-contract-award/">' in items[1]
