"""`build.py import`: seeds, a whole meeting pack, Word and PDF files made here, and what must never happen."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from boardpapers.cli import main
from boardpapers.content.fields import split_front_matter
from boardpapers.content.load import load_site
from contentkit import ACTIONS_YML, BOARD_YML, write

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
TODAY = dt.date(2026, 11, 23)
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")


def seed(prefix: str) -> Path:
    """The seed file with this number."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    """An empty content folder with the sample board.yml (one board, so meeting.md can name it)."""
    folder = tmp_path / "content"
    write(folder, "board.yml", BOARD_YML)
    return folder


def run(*args: object) -> int:
    """Run the CLI in-process."""
    return main(["import", *[str(a) for a in args]])


def read_paper(path: Path) -> tuple[dict, str]:
    """A written paper's front-matter and body."""
    parts = split_front_matter(path.read_text(encoding="utf-8"))
    assert parts is not None, path
    return yaml.safe_load(parts[0]), parts[2]


def only_paper(folder: Path) -> Path:
    """The one paper file in a meeting folder."""
    (path,) = [p for p in folder.glob("*.md") if p.name != "meeting.md"]
    return path


# --- the three single-paper seeds ------------------------------------------------------------------
SEED_PAPERS = {
    "001": {
        "folder": "2020-01-23",
        "title": "POLICE & CRIME PLAN – COMMUNITIES THEME - OPCC WORK TO DELIVER BROADER PARTNERSHIP SUPPORT",
        "agenda_item": None,
        "frm": "Chief Executive",
        "to": "Business Coordination Board",
        "date": dt.date(2020, 1, 23),
        "sections": [
            "1. Purpose",
            "2. Recommendations",
            "3. Background",
            "4. Think Communities: understanding need and managing demand",
            "5. Developing place-based leadership and delivery",
            "6. Engaging communities and building resilience",
            "7. Citizens in policing – watch schemes",
            "8. OPCC Precept Survey",
            "9. Recommendations",
        ],
        "paragraphs": 35,
        "recommendations": [
            "The Board is recommended to note the contents of the report and in particular consider:",
            "Progress made against the Think Communities approach and developing place-based leadership and delivery",
            "The early summary of public responses to the Commissioner’s Precept Survey",
        ],
        "contacts": [],
        "sources": [],
        "bullets": 12,
        "start": "1. Purpose",
        "end": None,
        "furniture": {"https://www.smartsurvey.co.uk/s/33PW2/", "https://www.cambridgeshire-pcc.gov.uk/get-involved/"},
    },
    "002": {
        "folder": "2019-09-18",
        "title": "POLICE & CRIME PLAN – TRANSFORMATION THEME - OPCC WORK TO DELIVER BROADER PARTNERSHIP SUPPORT",
        "agenda_item": None,
        "frm": "Chief Executive",
        "to": "Business Coordination Board",
        "date": dt.date(2019, 9, 18),
        "sections": [
            "1. Purpose",
            "2. Recommendations",
            "3. Background",
            "4. Work with partners to realise the benefits for "
            "community safety which can be derived from improved governance and integrated delivery.",
            "5. Identify the best way for fire and policing to work together in the future.",
            "6. Efficient Management of Estate.",
            "7. Drive efficiency and effectiveness in policing through local, regional and national collaboration.",
            "8.0 Recommendations",
        ],
        "paragraphs": 26,
        "recommendations": ["The Board is recommended to note the contents of the report."],
        "contacts": [{"name": "Dorothy Gregson", "role": "Chief Executive, OPCC"}],
        "sources": [
            {"title": "Police and Crime Plan", "url": "http://www.cambridgeshire-pcc.gov.uk/police-crime-plan/"}
        ],
        "bullets": 5,
        "start": "1. Purpose",
        "end": "BIBLIOGRAPHY",
        "furniture": set(),
    },
    "003": {
        "folder": "undated-police-and-crime-plan-development-transformation",
        "title": "POLICE AND CRIME PLAN DEVELOPMENT: TRANSFORMATION",
        "agenda_item": None,
        "frm": None,
        "to": None,
        "date": None,
        "sections": [
            "1. Purpose",
            "2. Recommendation",
            "3. Background",
            "4. Context",
            "5. Current work",
            "6. Next Steps",
            "7. Recommendation",
        ],
        "paragraphs": 20,
        "recommendations": [
            "The Board is recommended to note the update and consider key issues for inclusion in the Police and "
            "Crime Plan."
        ],
        "contacts": [],
        "sources": [],
        "bullets": 18,
        "start": "1.",
        "end": None,
        "furniture": set(),
    },
}


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(SEED_PAPERS))
def test_seed_paper_facts(prefix: str, content: Path) -> None:
    want = SEED_PAPERS[prefix]
    assert run(seed(prefix), "--content", content) == 0
    front, body = read_paper(only_paper(content / "meetings" / want["folder"]))
    assert front["title"] == want["title"]
    assert front["agenda_item"] == want["agenda_item"]
    assert front["from"] == want["frm"]
    assert front.get("to") == want["to"]
    assert front["date"] == want["date"]
    assert re.findall(r"^## (.*)$", body, re.MULTILINE) == want["sections"]
    numbered = re.findall(r"^(\d+\.\d+)(?: |$)", body, re.MULTILINE)
    assert len(numbered) == want["paragraphs"]
    assert numbered == sorted(numbered, key=lambda n: tuple(map(int, n.split("."))))  # in order, none merged
    assert len(re.findall(r"^- ", body, re.MULTILINE)) == want["bullets"]
    assert front.get("recommendations", []) == want["recommendations"]
    assert front.get("contact_officers", []) == want["contacts"]
    assert front.get("source_documents", []) == want["sources"]
    assert front["status"] == "draft"  # every import waits for a person's check


def words(text: str) -> list[str]:
    """Words as a reader sees them: Markdown markers, escapes, bullet glyphs and link brackets removed."""
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text).replace("**", "").replace("\\", "")
    return [w for w in text.split() if w not in {"-", "##", "•"} and not re.fullmatch(r"[\ue000-\uf8ff]", w)]


@needs_seeds
@pytest.mark.parametrize("prefix", sorted(SEED_PAPERS))
def test_seed_body_keeps_every_word_in_order(prefix: str, content: Path) -> None:
    want = SEED_PAPERS[prefix]
    assert run(seed(prefix), "--content", content) == 0
    _, body = read_paper(only_paper(content / "meetings" / want["folder"]))
    lines = [line.strip() for line in seed(prefix).read_text("utf-8").splitlines()]
    source = lines[lines.index(want["start"]) : lines.index(want["end"]) if want["end"] else None]
    assert words(body) == words("\n".join(line for line in source if line not in want["furniture"]))


# --- the meeting pack ------------------------------------------------------------------------------
PACK_PAPERS = {
    "5.0": "POLICE & CRIME PLAN – TRANFORMATION THEME - OPCC WORK TO DELIVER BROADER PARTNERSHIP SUPPORT",
    "5.1": "Police and Crime Plan Priority Update: Transformation",
    "6.0": "STRATEGIC DIRECTION FOR OPCC INVESTMENT IN PREVENTION",
    "7": "REVENUE AND CAPITAL BUDGET MONITORING MONTH 4 2019/20",
    "8": "Commissioning a countywide MEAM Approach",
    "9": "Southern Police Station – Project Update",
    "10.0": "Peterborough Enquiry Office 33-37 Bridge Street, Peterborough",
    "11": "The Constabulary response to the HMICFRS national thematic report “The poor relation: The police and CPS "
    "response to crimes against older people”",
    "11.1": "Cambridgeshire Constabulary’s response to the HMICFRS national thematic report “Fraud: Time to "
    "Choose – An inspection of the police response to fraud”",
    "11.2": "The Constabulary response to the HMICFRS national thematic report “Stalking and harassment – An "
    "inspection of Sussex Police commissioned by the police and crime commissioner, and an update on "
    "national recommendations in HMICFRS’s 2017 report”.",
    "12": "FIRE GOVERNANCE UPDATE",
}


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """Seed 004 imported once: its content folder, and what the command printed."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    folder = tmp_path_factory.mktemp("pack") / "content"
    write(folder, "board.yml", BOARD_YML)
    capture = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdout", capture[0])
        mp.setattr("sys.stderr", capture[1])
        assert run(seed("004"), "--content", folder) == 0
    return folder, capture[0].getvalue(), capture[1].getvalue()


def test_pack_splits_into_meeting_papers_and_actions(pack: tuple[Path, str, str]) -> None:
    folder, _, _ = pack
    meeting = yaml.safe_load(split_front_matter((folder / "meetings/2019-09-18/meeting.md").read_text("utf-8"))[0])
    assert (meeting["board"], meeting["date"], meeting["time"], meeting["venue"]) == (
        "bcb",
        dt.date(2019, 9, 18),
        "15:00",
        "HQ, Conference Room 3",
    )
    # Agenda entries with no paper of their own; 5.0, 5.1, 6-12 and 11.1, 11.2 are papers.
    assert [(i["number"], i["title"]) for i in meeting["items"]] == [
        ("1", "Welcome and apologies"),
        ("2", "Declarations of interest"),
        ("3", "To approve minutes of the Business Coordination Board meeting held on the 31st July 2019"),
        ("4", "BCB Action Log."),
        ("5", "Police and Crime Plan – Transformation theme"),
        ("13", "JPS Training (Verbal update)"),
    ]
    assert meeting["items"][0]["presenter"] == "Matthew Warren"
    assert meeting["items"][-1] == {
        "number": "13",
        "title": "JPS Training (Verbal update)",
        "presenter": "Chief Constable",
        "verbal": True,
    }
    papers = {}
    for path in sorted((folder / "meetings/2019-09-18").glob("*.md")):
        if path.name != "meeting.md":
            front, _ = read_paper(path)
            papers[front["agenda_item"]] = front
    assert {k: v["title"] for k, v in papers.items()} == PACK_PAPERS
    assert papers["5.1"]["date"] == dt.date(2018, 9, 18)  # as printed (a misprint the report points out)
    assert papers["9"]["contact_officers"] == [
        {"name": "Colin Luscombe", "role": "Director of Estates"},
        {"name": "Niki Howard", "role": "Director of Finance & Resources"},
    ]
    assert papers["6.0"]["recommendations"][0].startswith("The cost pressures set out in 4.1")
    assert len(papers["6.0"]["recommendations"]) == 7


def test_pack_action_log(pack: tuple[Path, str, str]) -> None:
    folder, out, _ = pack
    actions = yaml.safe_load((folder / "actions.yml").read_text("utf-8"))["actions"]
    assert [a["number"] for a in actions] == ["1.0", "6.0", "7.0", "8.0", "9.0", "10.0", "11.0"]
    assert {a["owner"] for a in actions} == {"Constabulary"}
    by_number = {a["number"]: a for a in actions}
    assert by_number["6.0"]["raised"] == {"meeting": dt.date(2019, 5, 16), "item": "8.1"}
    assert by_number["6.0"]["target_date"] == dt.date(2019, 11, 14)
    assert by_number["6.0"]["updates"][0]["text"].startswith("Update: There is an increase over the winter months")
    assert by_number["8.0"]["action"].startswith("Board to be kept updated by regular reports")
    assert 'target_date: 2019-09-18  # printed "18/09/2019 and on-going"' in (folder / "actions.yml").read_text()
    assert all(a["status"] is None for a in actions)  # printed apart from their rows: not guessed
    assert "check: action 6.0: owner, target date and update placed by the order the log prints them in" in out


def test_pack_output_passes_check(pack: tuple[Path, str, str]) -> None:
    site = load_site(pack[0], TODAY)
    assert [len(m.papers) for m in site.meetings] == [11]
    assert site.papers == []  # all drafts until a person checks them
    assert len(site.actions) == 7


def test_pack_reports_what_to_check(pack: tuple[Path, str, str]) -> None:
    _, out, err = pack
    assert (
        "    check: agenda_item 8 is not printed on the paper: taken from the pack's agenda, whose entry "
        "'Making Every Adult Matter' matches the title"
    ) in out
    assert (
        "    check: date: the paper prints 18 September 2018, but the meeting is 2019-09-18; kept as printed, "
        "correct it if it is a misprint"
    ) in out
    paper = "content/meetings/2019-09-18/7-revenue-and-capital-budget-monitoring-month-4-2019-20.md"
    assert (
        f"warning: 004_9af5db8478b05e9b.txt: {paper}: Appendix 1 - Revenue Budget – Constabulary result: 1 table(s) "
        "rebuilt from the figures, every column's printed total checked; the rest of its text is kept as a list: "
        "compare it with the source"
    ) in err.splitlines()
    assert (
        f"warning: 004_9af5db8478b05e9b.txt: {paper}: Appendix 3 - Collaboration: the table's columns could not be "
        "recovered from the text; its text is kept as a list, noted as a table in the original: rebuild the table "
        "by hand"
    ) in err.splitlines()
    body = (pack[0] / "meetings/2019-09-18/7-revenue-and-capital-budget-monitoring-month-4-2019-20.md").read_text()
    assert "## Appendix 3 - Collaboration\n\n*The original PDF has this as a table.*\n\n- CC Revenue Budget" in body
    assert "```" not in body  # no appendix is a block of monospace text any more


def test_pack_lists_render_as_printed(pack: tuple[Path, str, str]) -> None:
    import markdown

    folder = pack[0] / "meetings/2019-09-18"
    html = markdown.markdown(read_paper(only_paper_named(folder, "11-"))[1], extensions=["tables"])
    seed_text = seed("004").read_text("utf-8")
    for label in ("Recommendation: ", "Area for improvement: "):  # each its own item, none run into another
        assert len(re.findall(rf"<li>\s*(?:<p>)?{label}", html)) == seed_text.count(f"\n{label}") > 9
    assert " - Recommendation" not in html and " - Area" not in html
    html = markdown.markdown(read_paper(only_paper_named(folder, "7-"))[1], extensions=["tables"])
    assert re.search(r"£924k underspend\.\s*<ul>\s*<li>As at the end of July, Local policing was 26fte", html)


def only_paper_named(folder: Path, prefix: str) -> Path:
    """The one paper whose file name starts with prefix."""
    (path,) = folder.glob(f"{prefix}*.md")
    return path


# Lines the import may leave out, defined here rather than taken from the importer: page furniture, the labels
# it turns into fields, and the action log's column headings. Labels with a value on the same line lose the label.
MAY_DROP = [
    r"Page \d+ of \d+",
    r"Business Co-?ordination Board",
    r"\d{1,2}(st|nd|rd|th)? [A-Z][a-z]+ \d{4}",
    r"Agenda( Item)?:? [\d.]+",
    r"(?i)official",
    r"(?i)bibliography",
    r"AGENDA",
    r"Date|Time|Venue",
    r"(?i)(source|contact|reference)( (documents?|officers?)(\(s\))?)?",
    r"(?i)documents?|officers?(\(s\))?",
    r"(?i)n/a",
    r"[o•-]",
    r"ACTION( NO\.)?|MEETING( DATE)?|RAISED|AGENDA|ITEM|OWNER|TARGET DATE|UPDATE( DATE)?|STATUS",
]
LABEL = re.compile(r"^(To|From|Date)\s*:|^Report from|^(Source|Contact) (Document|Officer)\(s\)|^[o•-]\s+")


def test_pack_keeps_every_word(pack: tuple[Path, str, str]) -> None:
    kept = [
        LABEL.sub("", line.strip())
        for line in seed("004").read_text("utf-8").splitlines()
        if not any(re.fullmatch(p, line.strip()) for p in MAY_DROP)
    ]
    written = "\n".join(
        p.read_text("utf-8") for p in sorted(pack[0].rglob("*")) if p.is_file() and p.name != "board.yml"
    )

    def count(text: str) -> Counter[str]:
        return Counter(w.lower() for w in re.findall(r"[^\W_]+", text))

    # A word the PDF's letter spacing split ('Pol i ce') may be written rejoined ('Police'): its pieces are
    # then missing, and every missing piece must be part of a rejoined word on a line the seed prints split.
    missing = count("\n".join(kept)) - count(written)
    spaced = [line for line in kept if re.search(r"\b[a-z]{1,3} [a-z]{1,4}\b", line)]
    rejoined = {w for w in count(written) if any(w in line.replace(" ", "").lower() for line in spaced)}
    assert {w for w in missing if not any(w in r for r in rejoined)} == set()
    assert {"police", "pay", "allowances", "costs", "transport", "supplies", "services"} <= rejoined


@needs_seeds
def test_seed_002_and_pack_item_5_are_one_paper(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(seed("004"), seed("002"), "--content", content) == 0
    fives = list((content / "meetings/2019-09-18").glob("5.0-*.md"))
    assert len(fives) == 1 and len(list((content / "meetings").iterdir())) == 1
    front, _ = read_paper(fives[0])
    assert front["contact_officers"] == [{"name": "Dorothy Gregson", "role": "Chief Executive, OPCC"}]  # from 002
    out = capsys.readouterr().out
    assert ("  not written separately: the same report as paper 5.0 from 004_9af5db8478b05e9b.txt, written once") in out


# --- the same paper as text, Word and PDF ----------------------------------------------------------
# One paper, page by page, as a PDF prints it: running footer at the foot of page 1, a table, bullets.
PAGES = [
    [
        "OFFICIAL",
        "",
        "Agenda Item: 9.1",
        "",
        "To: Business Coordination Board",
        "",
        "From: Chief Constable",
        "",
        "Date: 18 September 2019",
        "",
        "Estates Strategy – Annual Update",
        "",
        "1. Purpose",
        "",
        "1.1 The purpose of this paper is to update the Board (“the Board”) on the estates",
        "strategy and the £2.0m it costs this year.",
        "",
        "2. Recommendation",
        "",
        "2.1 The Board is recommended to:",
        "",
        "• note the progress made;",
        "• approve the budget set out in section 3.",
        "",
        "3. Costs",
        "",
        "3.1 The costs so far are set out below.",
        "",
        "Site    Budget    Actual",
        "Parkside    £1,200k    £1,150k",
        "Thorpe Wood    £800k    £820k",
        "",
        "Business Coordination Board",
        "18 September 2019",
        "Agenda Item 9.1",
        "Page 1 of 2",
    ],
    [
        "3.2 A second paragraph that begins on the next page and runs over",
        "two lines.",
        "",
        "BIBLIOGRAPHY",
        "Source Document(s)    Estates Strategy https://example.org/estates.pdf",
        "Contact Officer(s)    Colin Luscombe, Director of Estates",
        "",
        "Page 2 of 2",
    ],
]


def text_version(path: Path) -> Path:
    """The paper as text pulled from a PDF: each page after the first starts with a space."""
    lines = PAGES[0] + [" " + PAGES[1][0]] + PAGES[1][1:]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def pdf_version(path: Path) -> Path:
    """The paper as a PDF, drawn line by line with reportlab (Vera, the font reportlab ships)."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Vera", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))
    pdf = canvas.Canvas(str(path), invariant=1)
    for page in PAGES:
        pdf.setFont("Vera", 10)
        y = 800
        for line in page:
            if line in ("Business Coordination Board", "Page 2 of 2"):
                y = 90  # the running footer sits at the foot of the page
            for x, cell in zip((50, 180, 300), line.split("    "), strict=False):
                pdf.drawString(x, y, cell)  # table and bibliography cells stand in columns
            y -= 12
        pdf.showPage()
    pdf.save()
    return path


def docx_version(path: Path) -> Path:
    """The paper as Word writes it: marking in the page header, footer apart, real list and table styles."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL"
    section.footer.paragraphs[0].text = "Business Coordination Board 18 September 2019 Agenda Item 9.1 Page 1 of 2"
    for line in (
        "Agenda Item: 9.1",
        "To: Business Coordination Board",
        "From: Chief Constable",
        "Date: 18 September 2019",
    ):
        document.add_paragraph(line)
    document.add_heading("Estates Strategy – Annual Update", level=1)
    document.add_heading("1. Purpose", level=2)
    document.add_paragraph(
        "1.1 The purpose of this paper is to update the Board (“the Board”) on the estates "
        "strategy and the £2.0m it costs this year."
    )
    document.add_heading("2. Recommendation", level=2)
    document.add_paragraph("2.1 The Board is recommended to:")
    document.add_paragraph("note the progress made;", style="List Bullet")
    document.add_paragraph("approve the budget set out in section 3.", style="List Bullet")
    document.add_heading("3. Costs", level=2)
    document.add_paragraph("3.1 The costs so far are set out below.")
    add_table(
        document, [["Site", "Budget", "Actual"], ["Parkside", "£1,200k", "£1,150k"], ["Thorpe Wood", "£800k", "£820k"]]
    )
    document.add_paragraph("3.2 A second paragraph that begins on the next page and runs over two lines.")
    document.add_paragraph("BIBLIOGRAPHY")
    add_table(
        document,
        [
            ["Source Document(s)", "Estates Strategy https://example.org/estates.pdf"],
            ["Contact Officer(s)", "Colin Luscombe, Director of Estates"],
        ],
    )
    document.save(str(path))
    return path


def add_table(document: object, rows: list[list[str]]) -> None:
    """A Word table with these rows."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def without_source_name(text: str) -> str:
    """A written paper without the comment line naming its source file."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("# Imported by"))


EXPECTED_BODY = """\
## 1. Purpose

1.1 The purpose of this paper is to update the Board (“the Board”) on the estates strategy and the £2.0m it costs this year.

## 2. Recommendation

2.1 The Board is recommended to:

- note the progress made;
- approve the budget set out in section 3.

## 3. Costs

3.1 The costs so far are set out below.

| Site | Budget | Actual |
|---|---|---|
| Parkside | £1,200k | £1,150k |
| Thorpe Wood | £800k | £820k |

3.2 A second paragraph that begins on the next page and runs over two lines.
"""  # noqa: E501 (the importer writes a paragraph as one line)


@pytest.mark.parametrize("suffix, make", [("txt", text_version), ("pdf", pdf_version), ("docx", docx_version)])
def test_text_pdf_and_word_import_to_the_same_paper(suffix: str, make, tmp_path: Path, content: Path) -> None:
    reference = tmp_path / "reference"
    write(reference, "board.yml", BOARD_YML)
    (tmp_path / "text").mkdir()
    assert run(text_version(tmp_path / "text" / "estates.txt"), "--content", reference) == 0
    source = make(tmp_path / f"estates.{suffix}")
    assert run(source, "--content", content) == 0
    name = "meetings/2019-09-18/9.1-estates-strategy-annual-update.md"
    written = (content / name).read_text("utf-8")
    if suffix != "txt":  # a PDF or Word file is kept as the paper's original (text pulled from a PDF is not one)
        original = f"attachments:\n  - file: 9.1-estates-strategy-annual-update.{suffix}\n    title: Original paper\n"
        assert original in written
        written = written.replace(original, "", 1)
    assert without_source_name(written) == without_source_name((reference / name).read_text("utf-8"))
    front, body = read_paper(content / name)
    assert body.lstrip("\n") == EXPECTED_BODY
    assert (
        front["title"],
        front["agenda_item"],
        front["from"],
        front["to"],
        front["date"],
        front["classification"],
    ) == (
        "Estates Strategy – Annual Update",
        "9.1",
        "Chief Constable",
        "Business Coordination Board",
        dt.date(2019, 9, 18),
        "official",
    )
    assert front["recommendations"] == [  # the lead-in "The Board is recommended to:" is not one of them
        "note the progress made;",
        "approve the budget set out in section 3.",
    ]
    assert front["source_documents"] == [{"title": "Estates Strategy", "url": "https://example.org/estates.pdf"}]
    assert front["contact_officers"] == [{"name": "Colin Luscombe", "role": "Director of Estates"}]


# --- never overwrite, never half-write -------------------------------------------------------------
def small_paper(path: Path, frm: str = "From: Chief Executive") -> Path:
    """A short paper as text; without a From line when frm is empty."""
    lines = [
        "Official",
        "Agenda Item: 3",
        "To: Business Coordination Board",
        frm,
        "Date: 12 December 2019",
        "",
        "Fire Governance Update",
        "",
        "1. Purpose",
        "",
        "1.1 The purpose of this report is to update the Board.",
        "",
        "2. Recommendation",
        "",
        "2.1 The Board is recommended to note the update.",
    ]
    path.write_text("\n".join(line for line in lines if line) + "\n", encoding="utf-8")
    return path


PAPER_PATH = "meetings/2019-12-12/3-fire-governance-update.md"


def test_existing_file_is_not_overwritten_without_force(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = small_paper(tmp_path / "fire.txt")
    assert run(source, "--content", content) == 0
    (content / PAPER_PATH).write_text("edited by hand\n", encoding="utf-8")
    capsys.readouterr()
    assert run(source, "--content", content) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: content/{PAPER_PATH} already exists (from fire.txt); use --force to replace it, or --content DIR "
        "to import into another folder and compare",
        "Nothing was written.",
    ]
    assert (content / PAPER_PATH).read_text("utf-8") == "edited by hand\n"
    assert run(source, "--content", content, "--force") == 0
    assert read_paper(content / PAPER_PATH)[0]["title"] == "Fire Governance Update"


def test_same_report_under_another_file_name_is_the_existing_file(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(content, "meetings/2019-12-12/3-fire.md", '---\ntitle: Fire Governance Update\nagenda_item: "3"\n---\n')
    assert run(small_paper(tmp_path / "fire.txt"), "--content", content) == 1
    assert "error: content/meetings/2019-12-12/3-fire.md already exists (from fire.txt)" in capsys.readouterr().err
    assert not (content / PAPER_PATH).exists()


def test_one_unreadable_input_writes_nothing(tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.txt").write_bytes(b"To: Board\n\xff\xfe")
    (tmp_path / "paper.doc").write_bytes(b"old Word")
    before = sorted(content.rglob("*"))
    assert (
        run(
            small_paper(tmp_path / "fire.txt"),
            tmp_path / "bad.txt",
            tmp_path / "paper.doc",
            tmp_path / "missing.pdf",
            "--content",
            content,
        )
        == 1
    )
    assert capsys.readouterr().err.splitlines() == [
        f"error: {tmp_path / 'bad.txt'}: not valid UTF-8 (byte 0xff at offset 10), expected UTF-8 text, e.g. "
        "re-save it with the encoding UTF-8",
        f"error: {tmp_path / 'paper.doc'}: cannot import '.doc' files, expected one of: .txt, .pdf, .docx (save Word "
        ".doc files as .docx first)",
        f"error: {tmp_path / 'missing.pdf'}: file not found, expected a .txt, .pdf or .docx file, e.g. "
        "papers/5.1-update.pdf",
        "Nothing was written.",
    ]
    assert sorted(content.rglob("*")) == before


def test_empty_document_is_refused(tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "blank.txt").write_text("\n \n", encoding="utf-8")
    assert run(tmp_path / "blank.txt", "--content", content) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {tmp_path / 'blank.txt'}: no text found, expected a document with text in it (a scanned PDF has "
        "only images: run it through OCR first)"
    )


# --- what the document does not state stays out ---------------------------------------------------
def test_missing_facts_are_null_with_a_comment_and_reported(
    tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "nofrom.txt"
    small_paper(source, frm="")
    source.write_text(source.read_text("utf-8").replace("Official\n", ""), encoding="utf-8")
    assert run(source, "--content", content) == 0
    text = (content / PAPER_PATH).read_text("utf-8")
    assert "\nfrom: null  # not stated in the document\n" in text
    assert (
        "\nclassification: exempt  # marking not stated in the document: this placeholder keeps it unpublished; "
        "write official if it may be published\n"
    ) in text
    assert (
        "\nstatus: draft  # imported: from, classification not stated; check it against the source before publishing\n"
    ) in text
    out = capsys.readouterr().out
    assert "    check: from: not stated in the document\n    check: classification: not stated in the document\n" in out
    load_site(content, TODAY)  # valid content: a draft with nulls passes check


def test_undated_paper_gets_an_undated_meeting_and_meeting_option_files_it(tmp_path: Path, content: Path) -> None:
    source = tmp_path / "undated.txt"
    source.write_text("A Paper With No Header\n\n1. Purpose\n\n1.1 To say something.\n", encoding="utf-8")
    assert run(source, "--content", content) == 0
    front, _ = read_paper(content / "meetings/undated-a-paper-with-no-header/a-paper-with-no-header.md")
    assert (front["date"], front["from"], front["agenda_item"]) == (None, None, None)
    other = tmp_path / "other"
    write(other, "board.yml", BOARD_YML)
    assert run(source, "--content", other, "--meeting", "2020-03-05") == 0
    assert (other / "meetings/2020-03-05/a-paper-with-no-header.md").is_file()
    assert "date: 2020-03-05" in (other / "meetings/2020-03-05/meeting.md").read_text("utf-8")
    # An undated paper already in content (under any folder name) is found there, not imported twice.
    (content / "meetings/undated-a-paper-with-no-header").rename(content / "meetings/undated-hand-named")
    assert run(source, "--content", content) == 1
    assert not (content / "meetings/undated-a-paper-with-no-header").exists()


# --- the action log merges into an existing actions.yml --------------------------------------------
@needs_seeds
def test_actions_merge_keeps_existing_entries_unless_forced(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(content, "actions.yml", "# Kept comment.\n" + ACTIONS_YML)
    assert run(seed("004"), "--content", content) == 0
    text = (content / "actions.yml").read_text("utf-8")
    actions = yaml.safe_load(text)["actions"]
    assert text.startswith('# Kept comment.\nactions:\n  - number: "6.0"\n')
    assert [a["number"] for a in actions] == ["6.0", "1.0", "7.0", "8.0", "9.0", "10.0", "11.0"]
    assert actions[0]["updates"] == [{"date": dt.date(2019, 9, 18), "text": "Update on sickness."}]  # kept
    assert (
        "  actions.yml: added 1.0, 7.0, 8.0, 9.0, 10.0, 11.0; kept 6.0 as they were (already in the log; --force "
        "replaces them)"
    ) in capsys.readouterr().out
    assert run(seed("004"), "--content", content, "--force") == 0
    actions = yaml.safe_load((content / "actions.yml").read_text("utf-8"))["actions"]
    assert actions[0]["number"] == "6.0" and actions[0]["updates"][0]["date"] is None  # replaced from the pack
    assert len(actions) == 7
