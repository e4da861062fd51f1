"""`build.py import` of PDFs and Word files laid out as real papers are: running headers and footers on every page,
bullets whose glyph is a symbol or a drawn shape, tables ruled or not and over a page break, automatic numbering,
line breaks in table cells. Every fixture is made here at run time; every test asserts the whole file written."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from boardpapers.cli import main
from contentkit import BOARD_YML, write

FOLDER = "meetings/2026-12-10"


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    """An empty content folder with the sample board.yml."""
    folder = tmp_path / "content"
    write(folder, "board.yml", BOARD_YML)
    return folder


def run(*args: object) -> int:
    """Run the CLI in-process."""
    return main(["import", *[str(a) for a in args]])


def written(content: Path) -> str:
    """The one paper written into the meeting folder."""
    (path,) = [p for p in (content / FOLDER).glob("*.md") if p.name != "meeting.md"]
    return path.read_text("utf-8")


# --- a small page-layout engine over reportlab ------------------------------------------------------------------
class Sheet:
    """Draws a paper as Word lays one out: A4, 10 pt text at 12 pt spacing, hanging paragraph numbers, a running
    header and footer drawn by a callback on every page, and a new page when the text reaches the footer."""

    LEFT, NUMBER_WIDTH, RIGHT, TOP, BOTTOM = 72.0, 36.0, 523.0, 770.0, 90.0

    def __init__(self, path: Path, furniture: Callable[[Sheet, int, int], None], pages: int) -> None:
        import reportlab
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas

        fonts = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
        pdfmetrics.registerFont(TTFont("Vera", os.path.join(fonts, "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("VeraBd", os.path.join(fonts, "VeraBd.ttf")))
        self.pdf = canvas.Canvas(str(path), invariant=1)
        self.furniture, self.pages, self.page, self.y = furniture, pages, 1, self.TOP
        furniture(self, 1, pages)

    def text(self, x: float, y: float, text: str, font: str = "Vera", size: float = 10, align: str = "left") -> None:
        """Draw one string, left-aligned at x, right-aligned to x, or centred on x."""
        self.pdf.setFont(font, size)
        {"left": self.pdf.drawString, "right": self.pdf.drawRightString, "centre": self.pdf.drawCentredString}[align](
            x, y, text
        )

    def need(self, height: float) -> None:
        """Start a new page unless `height` points fit above the footer."""
        if self.y - height < self.BOTTOM:
            self.pdf.showPage()
            self.page += 1
            self.y = self.TOP
            self.furniture(self, self.page, self.pages)

    def line(self, text: str, x: float | None = None, font: str = "Vera") -> None:
        """One line of text."""
        self.need(12)
        self.text(self.LEFT if x is None else x, self.y, text, font)
        self.y -= 12

    def gap(self) -> None:
        """The space Word leaves after a paragraph."""
        self.y -= 12

    def para(self, text: str, number: str = "", width: int = 80) -> None:
        """A paragraph, wrapped, its number (if any) in a hanging indent."""
        for n, part in enumerate(textwrap.wrap(text, width)):
            if n == 0 and number:
                self.need(12)
                self.text(self.LEFT, self.y, number)
            self.line(part, self.LEFT + (self.NUMBER_WIDTH if number else 0))
        self.gap()

    def heading(self, number: str, text: str) -> None:
        """A numbered section heading in bold."""
        self.need(24)
        self.text(self.LEFT, self.y, number, "VeraBd")
        self.line(text, self.LEFT + self.NUMBER_WIDTH, "VeraBd")
        self.gap()

    def bullet(self, text: str, glyph: str = "•") -> None:
        """A list item: the bullet as a character, a ZapfDingbats character ('symbol'), or a drawn dot ('dot')."""
        self.need(12)
        x = self.LEFT + self.NUMBER_WIDTH
        if glyph == "dot":
            self.pdf.circle(x + 3, self.y + 3, 2, stroke=0, fill=1)
        elif glyph == "symbol":
            self.text(x, self.y, "l", "ZapfDingbats", 8)
        else:
            self.text(x, self.y, glyph)
        self.line(text, x + 18)

    def table(self, rows: list[list[str]], widths: list[float], ruled: bool = True) -> None:
        """A table; over a page break its first row (the heading) is printed again."""
        for n, row in enumerate(rows):
            if self.y - 16 < self.BOTTOM and n:
                self.need(32)
                self.row(rows[0], widths, ruled)
            self.row(row, widths, ruled)
        self.gap()

    def row(self, cells: list[str], widths: list[float], ruled: bool) -> None:
        """One table row, 16 pt high, with its cell borders when ruled."""
        x = self.LEFT
        for cell, width in zip(cells, widths, strict=True):
            if ruled:
                self.pdf.rect(x, self.y - 5, width, 16)
            self.text(x + 4, self.y, cell)
            x += width
        self.y -= 16

    def save(self) -> None:
        """Finish the last page and write the file."""
        self.pdf.showPage()
        self.pdf.save()


def header_block(sheet: Sheet, title: str) -> None:
    """The labels and title every paper opens with."""
    for label, value in (
        ("Agenda Item:", "7"),
        ("To:", "Business Coordination Board"),
        ("From:", "Chief Finance Officer"),
        ("Date:", "10 December 2026"),
    ):
        sheet.text(sheet.LEFT, sheet.y, label)
        sheet.line(value, sheet.LEFT + 90)
    sheet.gap()
    sheet.line(title, font="VeraBd")
    sheet.gap()


def bibliography(sheet: Sheet) -> None:
    """The bibliography table ending a paper, unruled, its values run on from the document with commas."""
    sheet.line("BIBLIOGRAPHY", font="VeraBd")
    sheet.gap()
    sheet.table(
        [
            ["Source Document(s)", "Medium Term Financial Strategy 2026-27,"],
            ["Contact Officer(s)", "Jane Smith, Chief Finance Officer,"],
        ],
        [140, 311],
        ruled=False,
    )


# --- 1: a one-line running footer, a marking header, bullets of three kinds -------------------------------------
def one_line_footer(sheet: Sheet, page: int, pages: int) -> None:
    """'OFFICIAL' centred at the top; the footer on one line, page number right-aligned."""
    sheet.text(297, 810, "OFFICIAL", "VeraBd", align="centre")
    sheet.text(sheet.LEFT, 40, "Business Coordination Board   10 December 2026   Agenda Item 7", size=8)
    sheet.text(sheet.RIGHT, 40, f"Page {page} of {pages}", size=8, align="right")


LONG = (
    "The forecast assumes that the pay award of 3.5% agreed in September is funded from the pay contingency held "
    "centrally, that overtime in local policing returns to its budgeted level by the end of the year, and that "
    "the income from mutual aid for the autumn operations is received in full before the year end."
)


MORE = [
    (
        "3.4",
        "Overtime in local policing is £0.2m above budget, mostly for the autumn operations, and is "
        "expected to fall back to its budgeted level from January.",
    ),
    (
        "3.5",
        "Income from mutual aid for the autumn operations is expected to cover the overtime they caused, "
        "and has been claimed from the forces that asked for it.",
    ),
    (
        "3.6",
        "Police staff pay is £0.1m under budget: 14 posts are vacant, and the recruitment campaign launched in "
        "October will fill most of them by March.",
    ),
    (
        "3.7",
        "The cost of the new records system is within its budget; its licences for next year are already paid "
        "for, and its support contract is being renewed on the same terms.",
    ),
    (
        "3.8",
        "Insurance premiums rose by 6% at the renewal in October, £40k more than the budget allowed for; the "
        "difference is met from the insurance reserve, as the Board agreed in July.",
    ),
    (
        "3.9",
        "Non-pay budgets are forecast to be spent in full; fuel prices have been lower than assumed, which "
        "offsets the higher cost of vehicle repairs reported at month 5.",
    ),
]


def budget_paper(path: Path) -> Path:
    """A two-page paper: its paragraph 3.10 runs over the page break."""
    sheet = Sheet(path, one_line_footer, 2)
    header_block(sheet, "Revenue Budget Monitoring: Month 7")
    sheet.heading("1.", "Purpose")
    sheet.para("This report updates the Board on the revenue budget at month 7 of 2026/27.", "1.1")
    sheet.heading("2.", "Recommendations")
    sheet.para("The Board is recommended to:", "2.1")
    sheet.bullet("note the forecast underspend of £0.4m;")
    sheet.bullet("approve the transfer of £0.2m to the estates reserve.")
    sheet.gap()
    sheet.heading("3.", "Forecast")
    sheet.para("The forecast by area is:", "3.1")
    sheet.bullet("Local policing: £0.3m under budget", "dot")
    sheet.bullet("Custody: on budget", "dot")
    sheet.gap()
    sheet.para("Vacancies in the control room are being filled through the autumn intake.", "3.2")
    sheet.para("The estates programme is on budget:", "3.3")
    sheet.bullet("Parkside refurbishment", "symbol")
    sheet.bullet("Thorpe Wood roof", "symbol")
    sheet.gap()
    for number, text in MORE:
        sheet.para(text, number)
    sheet.para(LONG, "3.10")  # runs over the page break
    sheet.heading("4.", "Risks")
    sheet.para("The main risk is the cost of the pay award for police staff.", "4.1")
    bibliography(sheet)
    sheet.save()
    return path


# --- 2: a marking on a header line of its own, a footer of two lines, a ruled table over a page break ----------
def two_line_footer(sheet: Sheet, page: int, pages: int) -> None:
    """'OFFICIAL' top left above a rule; the footer's two lines centred."""
    sheet.text(sheet.LEFT, 805, "OFFICIAL")
    sheet.pdf.line(sheet.LEFT, 798, sheet.RIGHT, 798)
    sheet.text(297, 52, "Business Coordination Board – 10 December 2026", size=8, align="centre")
    sheet.text(297, 42, f"Page {page} of {pages}", size=8, align="centre")


SCHEMES = [
    ["Parkside refurbishment", "1,200", "1,150", "On track"],
    ["Thorpe Wood roof", "800", "820", "Complete"],
    ["Southern police station", "14,500", "9,870", "On track"],
    ["Custody suite lighting", "95", "40", "Delayed"],
    ["Huntingdon car park", "310", "305", "Complete"],
    ["March station boiler", "120", "0", "Not started"],
    ["Ely station windows", "260", "130", "On track"],
    ["Firearms range upgrade", "640", "610", "On track"],
    ["St Ives station sale", "0", "0", "Marketing"],
    ["Headquarters CCTV", "180", "175", "Complete"],
    ["Wisbech station roof", "210", "90", "On track"],
    ["Fleet workshop doors", "75", "75", "Complete"],
]


AREAS = ["Peterborough", "Huntingdon", "Cambridge", "Fenland", "Ely", "St Ives", "March", "Wisbech"]
PROGRESS = [
    (
        f"3.{n}",
        f"In {area}, the schemes of paragraph 3.{n} are under way: the contractors appointed to them, and what the "
        "Estates Sub Group decided about each of them at its meeting in November, are set out in its minutes.",
    )
    for n, area in enumerate(AREAS, start=1)
] + [
    (
        f"3.{n}",
        f"The variance on the {scheme[0]} scheme arose from prices agreed before the contract was let; it is being "
        "managed so that the scheme is finished within the budget the Board approved.",
    )
    for n, scheme in enumerate(SCHEMES, start=10)
]


def estates_paper(path: Path) -> Path:
    """A three-page paper whose scheme table starts on page 1 and ends on page 2."""
    sheet = Sheet(path, two_line_footer, 3)
    header_block(sheet, "Estates Programme Update")
    sheet.heading("1.", "Purpose")
    sheet.para("This paper reports the progress of the estates capital programme at 30 November 2026.", "1.1")
    sheet.heading("2.", "Recommendation")
    sheet.para("The Board is recommended to note the progress of the programme.", "2.1")
    sheet.heading("3.", "Progress")
    for number, text in PROGRESS[:8]:
        sheet.para(text, number)
    sheet.para("Each scheme's budget and spending so far (£k) are:", "3.9")
    sheet.table([["Scheme", "Budget", "Spent", "Status"], *SCHEMES], [190, 80, 80, 101])
    for number, text in PROGRESS[8:]:
        sheet.para(text, number)
    sheet.heading("4.", "Next steps")
    sheet.para("The next report will come to the Board in March 2027.", "4.1")
    bibliography(sheet)
    sheet.save()
    return path


# --- 3: header and footer split left, centre and right; an unruled table; list levels --------------------------
def split_furniture(sheet: Sheet, page: int, pages: int) -> None:
    """The marking top left and the agenda item top right; board, date and page number left, centre, right."""
    sheet.text(sheet.LEFT, 805, "OFFICIAL-SENSITIVE", "VeraBd", 9)
    sheet.text(sheet.RIGHT, 805, "Agenda Item 7", size=9, align="right")
    sheet.text(sheet.LEFT, 40, "Business Coordination Board", size=8)
    sheet.text(297, 40, "10 December 2026", size=8, align="centre")
    sheet.text(sheet.RIGHT, 40, f"Page {page} of {pages}", size=8, align="right")


def custody_paper(path: Path) -> Path:
    """A two-page paper marked OFFICIAL-SENSITIVE in its running header, with an unruled table and sub-items."""
    sheet = Sheet(path, split_furniture, 2)
    header_block(sheet, "Custody Healthcare Contract")
    sheet.heading("1.", "Purpose")
    sheet.para("This paper asks the Board to extend the custody healthcare contract by one year.", "1.1")
    sheet.heading("2.", "Recommendation")
    sheet.para("The Board is recommended to approve the extension to 31 March 2028.", "2.1")
    sheet.heading("3.", "Performance")
    sheet.para("The provider met its targets in every quarter:", "3.1")
    sheet.table(
        [
            ["Quarter", "Seen within 1 hour", "Target"],
            ["Q1", "94%", "90%"],
            ["Q2", "92%", "90%"],
            ["Q3", "95%", "90%"],
        ],
        [120, 160, 100],
        ruled=False,
    )
    sheet.para("Two complaints were received this year:", "3.2")
    sheet.bullet("one about waiting times, which was not upheld;")
    sheet.bullet("one about the handling of medication, which was upheld, and led to:")
    sheet.need(12)
    sheet.text(sheet.LEFT + 72, sheet.y, "o", "Courier")
    sheet.line("new guidance for custody nurses", sheet.LEFT + 90)
    sheet.gap()
    for n in range(3, 16):
        sheet.para(
            f"Paragraph 3.{n} reports one of the provider's quarterly measures, how it compares with last year, "
            "and what the contract manager has asked the provider to do about it.",
            f"3.{n}",
        )
    sheet.heading("4.", "Cost")
    sheet.para("The extension costs £1.1m, within the budget for 2027/28.", "4.1")
    bibliography(sheet)
    sheet.save()
    return path


# --- 4: one page: nothing repeats, so the one-line footer is known by its words ----------------------------------
def single_page(path: Path) -> Path:
    """A one-page paper ending with its bibliography just above its one-line footer."""
    sheet = Sheet(path, one_line_footer, 1)
    header_block(sheet, "Fire Governance Update")
    sheet.heading("1.", "Purpose")
    sheet.para("This report updates the Board on the governance of the fire and rescue service.", "1.1")
    sheet.heading("2.", "Recommendation")
    sheet.para("The Board is recommended to note the update.", "2.1")
    bibliography(sheet)
    sheet.save()
    return path


# --- Word: automatic numbering, a lead-in, line breaks in table cells, a trailing comma -------------------------
def word_paper(path: Path) -> Path:
    """A paper as Word saves it: marking in the page header, recommendations in an automatically numbered list,
    table cells with line breaks, and values that run on with a comma."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "OFFICIAL"
    document.sections[0].footer.paragraphs[0].text = "Business Coordination Board 10 December 2026 Agenda Item 7"
    for line in (
        "Agenda Item: 7",
        "To: Business Coordination Board",
        "From: Chief Finance Officer,",
        "Date: 10 December 2026",
    ):
        document.add_paragraph(line)
    document.add_heading("Revenue Budget Monitoring: Month 7", level=1)
    document.add_heading("1. Purpose", level=2)
    document.add_paragraph("1.1 This report updates the Board on the revenue budget at month 7 of 2026/27.")
    document.add_heading("2. Recommendations", level=2)
    document.add_paragraph("The Board is recommended to:")
    document.add_paragraph("note the forecast underspend of £0.4m;", style="List Number")
    document.add_paragraph("approve the transfer of £0.2m to the estates reserve.", style="List Number")
    document.add_heading("3. Leads", level=2)
    document.add_paragraph("3.1 Each area's lead officer is:")
    cell_table(document, [["Area", "Lead officer"], ["Estates", "Colin Luscombe\nDirector of Estates"]])
    document.add_paragraph("BIBLIOGRAPHY")
    cell_table(
        document,
        [
            ["Source Document(s)", "Medium Term Financial Strategy 2026-27,"],
            ["Contact Officer(s)", "Sarah Jones, Chief Finance Officer\nsarah.jones@example.org"],
        ],
    )
    document.save(str(path))
    return path


def cell_table(document: object, rows: list[list[str]]) -> None:
    """A Word table; a newline in a cell's text is a line break (Shift+Enter) inside the cell."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            paragraph = table.cell(r, c).paragraphs[0]
            for n, part in enumerate(text.split("\n")):
                run = paragraph.add_run(part)
                if n < text.count("\n"):
                    run.add_break()


# --- what each must write --------------------------------------------------------------------------------------
BUDGET_PAPER = """\
---
# Imported by `python build.py import` from SOURCE.
# Check it against the source, set its themes, then set status: published.
title: "Revenue Budget Monitoring: Month 7"
agenda_item: "7"
from: Chief Finance Officer
to: Business Coordination Board
date: 2026-12-10  # printed "10 December 2026"
themes: []  # set by hand from content/board.yml: the document does not say
classification: official
status: draft  # imported: check it against the source before publishing
summary: This report updates the Board on the revenue budget at month 7 of 2026/27.
recommendations:
  - note the forecast underspend of £0.4m;
  - approve the transfer of £0.2m to the estates reserve.
contact_officers:
  - name: Jane Smith
    role: Chief Finance Officer
source_documents:
  - title: Medium Term Financial Strategy 2026-27
---

## 1. Purpose

1.1 This report updates the Board on the revenue budget at month 7 of 2026/27.

## 2. Recommendations

2.1 The Board is recommended to:

- note the forecast underspend of £0.4m;
- approve the transfer of £0.2m to the estates reserve.

## 3. Forecast

3.1 The forecast by area is:

- Local policing: £0.3m under budget
- Custody: on budget

3.2 Vacancies in the control room are being filled through the autumn intake.

3.3 The estates programme is on budget:

- Parkside refurbishment
- Thorpe Wood roof

3.4 Overtime in local policing is £0.2m above budget, mostly for the autumn operations, and is expected to fall back to its budgeted level from January.

3.5 Income from mutual aid for the autumn operations is expected to cover the overtime they caused, and has been claimed from the forces that asked for it.

3.6 Police staff pay is £0.1m under budget: 14 posts are vacant, and the recruitment campaign launched in October will fill most of them by March.

3.7 The cost of the new records system is within its budget; its licences for next year are already paid for, and its support contract is being renewed on the same terms.

3.8 Insurance premiums rose by 6% at the renewal in October, £40k more than the budget allowed for; the difference is met from the insurance reserve, as the Board agreed in July.

3.9 Non-pay budgets are forecast to be spent in full; fuel prices have been lower than assumed, which offsets the higher cost of vehicle repairs reported at month 5.

3.10 The forecast assumes that the pay award of 3.5% agreed in September is funded from the pay contingency held centrally, that overtime in local policing returns to its budgeted level by the end of the year, and that the income from mutual aid for the autumn operations is received in full before the year end.

## 4. Risks

4.1 The main risk is the cost of the pay award for police staff.
"""  # noqa: E501 (the importer writes a paragraph as one line)


ESTATES_PAPER = """\
---
# Imported by `python build.py import` from SOURCE.
# Check it against the source, set its themes, then set status: published.
title: "Estates Programme Update"
agenda_item: "7"
from: Chief Finance Officer
to: Business Coordination Board
date: 2026-12-10  # printed "10 December 2026"
themes: []  # set by hand from content/board.yml: the document does not say
classification: official
status: draft  # imported: check it against the source before publishing
summary: This paper reports the progress of the estates capital programme at 30 November 2026.
recommendations:
  - The Board is recommended to note the progress of the programme.
contact_officers:
  - name: Jane Smith
    role: Chief Finance Officer
source_documents:
  - title: Medium Term Financial Strategy 2026-27
---

## 1. Purpose

1.1 This paper reports the progress of the estates capital programme at 30 November 2026.

## 2. Recommendation

2.1 The Board is recommended to note the progress of the programme.

## 3. Progress

3.1 In Peterborough, the schemes of paragraph 3.1 are under way: the contractors appointed to them, and what the Estates Sub Group decided about each of them at its meeting in November, are set out in its minutes.

3.2 In Huntingdon, the schemes of paragraph 3.2 are under way: the contractors appointed to them, and what the Estates Sub Group decided about each of them at its meeting in November, are set out in its minutes.

3.3 In Cambridge, the schemes of paragraph 3.3 are under way: the contractors appointed to them, and what the Estates Sub Group decided about each of them at its meeting in November, are set out in its minutes.

3.4 In Fenland, the schemes of paragraph 3.4 are under way: the contractors appointed to them, and what the Estates Sub Group decided about each of them at its meeting in November, are set out in its minutes.

3.5 In Ely, the schemes of paragraph 3.5 are under way: the contractors appointed to them, and what the Estates Sub Group decided about each of them at its meeting in November, are set out in its minutes.

3.6 In St Ives, the schemes of paragraph 3.6 are under way: the contractors appointed to them, and what the Estates Sub Group decided about each of them at its meeting in November, are set out in its minutes.

3.7 In March, the schemes of paragraph 3.7 are under way: the contractors appointed to them, and what the Estates Sub Group decided about each of them at its meeting in November, are set out in its minutes.

3.8 In Wisbech, the schemes of paragraph 3.8 are under way: the contractors appointed to them, and what the Estates Sub Group decided about each of them at its meeting in November, are set out in its minutes.

3.9 Each scheme's budget and spending so far (£k) are:

| Scheme | Budget | Spent | Status |
|---|---|---|---|
| Parkside refurbishment | 1,200 | 1,150 | On track |
| Thorpe Wood roof | 800 | 820 | Complete |
| Southern police station | 14,500 | 9,870 | On track |
| Custody suite lighting | 95 | 40 | Delayed |
| Huntingdon car park | 310 | 305 | Complete |
| March station boiler | 120 | 0 | Not started |
| Ely station windows | 260 | 130 | On track |
| Firearms range upgrade | 640 | 610 | On track |
| St Ives station sale | 0 | 0 | Marketing |
| Headquarters CCTV | 180 | 175 | Complete |
| Wisbech station roof | 210 | 90 | On track |
| Fleet workshop doors | 75 | 75 | Complete |

3.10 The variance on the Parkside refurbishment scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

3.11 The variance on the Thorpe Wood roof scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

3.12 The variance on the Southern police station scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

3.13 The variance on the Custody suite lighting scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

3.14 The variance on the Huntingdon car park scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

3.15 The variance on the March station boiler scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

3.16 The variance on the Ely station windows scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

3.17 The variance on the Firearms range upgrade scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

3.18 The variance on the St Ives station sale scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

3.19 The variance on the Headquarters CCTV scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

3.20 The variance on the Wisbech station roof scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

3.21 The variance on the Fleet workshop doors scheme arose from prices agreed before the contract was let; it is being managed so that the scheme is finished within the budget the Board approved.

## 4. Next steps

4.1 The next report will come to the Board in March 2027.
"""  # noqa: E501 (the importer writes a paragraph as one line)


CUSTODY_PAPER = """\
---
# Imported by `python build.py import` from SOURCE.
# Check it against the source, set its themes, then set status: published.
title: "Custody Healthcare Contract"
agenda_item: "7"
from: Chief Finance Officer
to: Business Coordination Board
date: 2026-12-10  # printed "10 December 2026"
themes: []  # set by hand from content/board.yml: the document does not say
classification: official-sensitive
status: draft  # imported: check it against the source before publishing
summary: This paper asks the Board to extend the custody healthcare contract by one year.
recommendations:
  - The Board is recommended to approve the extension to 31 March 2028.
contact_officers:
  - name: Jane Smith
    role: Chief Finance Officer
source_documents:
  - title: Medium Term Financial Strategy 2026-27
---

## 1. Purpose

1.1 This paper asks the Board to extend the custody healthcare contract by one year.

## 2. Recommendation

2.1 The Board is recommended to approve the extension to 31 March 2028.

## 3. Performance

3.1 The provider met its targets in every quarter:

| Quarter | Seen within 1 hour | Target |
|---|---|---|
| Q1 | 94% | 90% |
| Q2 | 92% | 90% |
| Q3 | 95% | 90% |

3.2 Two complaints were received this year:

- one about waiting times, which was not upheld;
- one about the handling of medication, which was upheld, and led to:
    - new guidance for custody nurses

3.3 Paragraph 3.3 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.4 Paragraph 3.4 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.5 Paragraph 3.5 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.6 Paragraph 3.6 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.7 Paragraph 3.7 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.8 Paragraph 3.8 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.9 Paragraph 3.9 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.10 Paragraph 3.10 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.11 Paragraph 3.11 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.12 Paragraph 3.12 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.13 Paragraph 3.13 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.14 Paragraph 3.14 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

3.15 Paragraph 3.15 reports one of the provider's quarterly measures, how it compares with last year, and what the contract manager has asked the provider to do about it.

## 4. Cost

4.1 The extension costs £1.1m, within the budget for 2027/28.
"""  # noqa: E501 (the importer writes a paragraph as one line)


SINGLE_PAGE = """\
---
# Imported by `python build.py import` from SOURCE.
# Check it against the source, set its themes, then set status: published.
title: "Fire Governance Update"
agenda_item: "7"
from: Chief Finance Officer
to: Business Coordination Board
date: 2026-12-10  # printed "10 December 2026"
themes: []  # set by hand from content/board.yml: the document does not say
classification: official
status: draft  # imported: check it against the source before publishing
summary: This report updates the Board on the governance of the fire and rescue service.
recommendations:
  - The Board is recommended to note the update.
contact_officers:
  - name: Jane Smith
    role: Chief Finance Officer
source_documents:
  - title: Medium Term Financial Strategy 2026-27
---

## 1. Purpose

1.1 This report updates the Board on the governance of the fire and rescue service.

## 2. Recommendation

2.1 The Board is recommended to note the update.
"""


WORD_PAPER = """\
---
# Imported by `python build.py import` from SOURCE.
# Check it against the source, set its themes, then set status: published.
title: "Revenue Budget Monitoring: Month 7"
agenda_item: "7"
from: Chief Finance Officer
to: Business Coordination Board
date: 2026-12-10  # printed "10 December 2026"
themes: []  # set by hand from content/board.yml: the document does not say
classification: official
status: draft  # imported: check it against the source before publishing
summary: This report updates the Board on the revenue budget at month 7 of 2026/27.
recommendations:
  - note the forecast underspend of £0.4m;
  - approve the transfer of £0.2m to the estates reserve.
contact_officers:
  - name: Sarah Jones
    role: Chief Finance Officer sarah.jones@example.org
source_documents:
  - title: Medium Term Financial Strategy 2026-27
---

## 1. Purpose

1.1 This report updates the Board on the revenue budget at month 7 of 2026/27.

## 2. Recommendations

The Board is recommended to:

1. note the forecast underspend of £0.4m;
2. approve the transfer of £0.2m to the estates reserve.

## 3. Leads

3.1 Each area's lead officer is:

| Area | Lead officer |
|---|---|
| Estates | Colin Luscombe Director of Estates |
"""


# --- the tests ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make, suffix, expected",
    [
        pytest.param(budget_paper, "pdf", BUDGET_PAPER, id="one-line footer, marking header, bullets"),
        pytest.param(estates_paper, "pdf", ESTATES_PAPER, id="two-line footer, ruled table over a page break"),
        pytest.param(custody_paper, "pdf", CUSTODY_PAPER, id="split header and footer, unruled table"),
        pytest.param(single_page, "pdf", SINGLE_PAGE, id="one page: footer known by its words"),
        pytest.param(word_paper, "docx", WORD_PAPER, id="Word: numbering, lead-in, cell line breaks"),
    ],
)
def test_import_writes_the_paper_exactly(
    make: Callable[[Path], Path], suffix: str, expected: str, tmp_path: Path, content: Path
) -> None:
    source = make(tmp_path / f"paper.{suffix}")
    assert run(source, "--content", content) == 0
    # The PDF or Word file is kept beside the paper, named as it is, and listed last as its original.
    (paper,) = [p for p in (content / FOLDER).glob("*.md") if p.name != "meeting.md"]
    assert (content / FOLDER / f"{paper.stem}.{suffix}").read_bytes() == source.read_bytes()
    original = f"attachments:\n  - file: {paper.stem}.{suffix}\n    title: Original paper\n---\n"
    assert written(content).replace(original, "---\n", 1) == expected.replace("SOURCE", source.name)
    assert original in written(content)


def test_unreadable_pdfs_give_one_line_each(tmp_path: Path, content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    (tmp_path / "cut.pdf").write_bytes(budget_paper(tmp_path / "whole.pdf").read_bytes()[:900])
    locked = canvas.Canvas(str(tmp_path / "locked.pdf"), encrypt=StandardEncryption("secret", canPrint=0))
    locked.drawString(72, 770, "Agenda Item: 7")
    locked.save()
    assert run(tmp_path / "cut.pdf", tmp_path / "locked.pdf", "--content", content) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {tmp_path / 'cut.pdf'}: cannot be read as a PDF (Unexpected EOF), expected an unencrypted PDF "
        "file, e.g. save it again from its source with File > Save As > PDF",
        f"error: {tmp_path / 'locked.pdf'}: the PDF is password-protected, expected an unencrypted PDF file, e.g. "
        "save a copy without a password",
        "Nothing was written.",
    ]


def test_text_pulled_from_a_pdf_loses_its_running_lines(tmp_path: Path, content: Path) -> None:
    """Text pulled by another tool: a marking atop each page and a one-line footer at each foot."""
    footer = "Business Coordination Board 10 December 2026 Agenda Item 7 Page {} of 2"
    lines = [
        "OFFICIAL",
        "Agenda Item: 7",
        "To: Business Coordination Board",
        "From: Chief Finance Officer",
        "Date: 10 December 2026",
        "",
        "Fire Governance Update",
        "",
        "1. Purpose",
        "",
        "1.1 This report updates the Board on fire governance.",
        "",
        footer.format(1),
        "\fOFFICIAL",
        "2. Recommendation",
        "",
        "2.1 The Board is recommended to note the update.",
        "",
        "Contact Officer(s) Jane Smith, Chief Finance Officer,",
        footer.format(2),
    ]
    (tmp_path / "fire.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(tmp_path / "fire.txt", "--content", content) == 0
    assert written(content).split("\n---\n", 1)[1] == (
        "\n## 1. Purpose\n\n1.1 This report updates the Board on fire governance.\n\n"
        "## 2. Recommendation\n\n2.1 The Board is recommended to note the update.\n"
    )
    assert "\ncontact_officers:\n  - name: Jane Smith\n    role: Chief Finance Officer\n---\n" in written(content)


# --- a pack of one-page papers: each paper's header block is at the same place on its page, and stays -----------
def two_paper_pack(path: Path) -> Path:
    """Two one-page papers in one PDF, each with the running header and footer and its own header block."""
    sheet = Sheet(path, one_line_footer, 2)
    for item, title in (("7", "Fire Governance Update"), ("8", "Custody Healthcare Contract")):
        if item == "8":
            sheet.need(sheet.TOP)  # each paper starts on a new page
        for label, value in (
            ("Agenda Item:", item),
            ("To:", "Business Coordination Board"),
            ("From:", "Chief Executive"),
            ("Date:", "10 December 2026"),
        ):
            sheet.text(sheet.LEFT, sheet.y, label)
            sheet.line(value, sheet.LEFT + 90)
        sheet.gap()
        sheet.line(title, font="VeraBd")
        sheet.gap()
        sheet.heading("1.", "Purpose")
        sheet.para(f"This report updates the Board on item {item}.", "1.1")
        sheet.heading("2.", "Recommendation")
        sheet.para("The Board is recommended to note the update.", "2.1")
    sheet.save()
    return path


def test_pack_papers_keep_their_header_blocks(tmp_path: Path, content: Path) -> None:
    assert run(two_paper_pack(tmp_path / "pack.pdf"), "--meeting", "2026-12-10", "--content", content) == 0
    for item, title, name in (
        ("7", "Fire Governance Update", "7-fire-governance-update.md"),
        ("8", "Custody Healthcare Contract", "8-custody-healthcare-contract.md"),
    ):
        assert (content / FOLDER / name).read_text("utf-8") == PACK_PAPER.format(item=item, title=title)


PACK_PAPER = """\
---
# Imported by `python build.py import` from pack.pdf (a paper in the meeting pack).
# Check it against the source, set its themes, then set status: published.
title: "{title}"
agenda_item: "{item}"
from: Chief Executive
to: Business Coordination Board
date: 2026-12-10  # printed "10 December 2026"
themes: []  # set by hand from content/board.yml: the document does not say
classification: official
status: draft  # imported: check it against the source before publishing
summary: This report updates the Board on item {item}.
recommendations:
  - The Board is recommended to note the update.
---

## 1. Purpose

1.1 This report updates the Board on item {item}.

## 2. Recommendation

2.1 The Board is recommended to note the update.
"""
