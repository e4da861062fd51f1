"""Read a PDF by its page layout (pdfplumber): printed lines, list items, tables, running headers and footers.

The parser reads lines as text pulled from a PDF gives them (see read.py). This module makes those lines from
where each word stands on the page rather than from the text stream, so that:

- running headers and footers are found by their repetition at the same place on more than one page, whatever
  their layout, and dropped; a security marking among them is the paper's classification;
- a list item is a list item whether its bullet is a character, a symbol-font character or a drawn shape;
- tables come from ruling lines, or from runs of words that line up in columns on consecutive lines, and are
  written as tab-separated rows (as Word tables are); a table continued over a page break stays one table.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpapers.importer.marking import classification, strictest

BLANK_PITCH = 1.6  # a line lower than this many font sizes below the one before starts a new block
TABLE_PITCH = 2.6  # the rows of one table stand closer together than this (cell padding included)
RUN_GAP = 1.0  # a gap between words wider than this many font sizes splits a line into runs (cells, numbers)
EDGE = 0.2  # running headers and footers stand in the top or bottom fifth of the page
SAME_PLACE = 2.0  # points a running header or footer may move from one page to the next
GLYPHS = frozenset("•●▪■◆◦○‣\u2043➢➤►▶✓✔·")
LOOSE_GLYPHS = frozenset({"-", "–", "*", "o"})  # bullets only when a gap wider than a space follows
SECOND_LEVEL = frozenset({"◦", "○", "o"})
SYMBOL_FONT = re.compile(r"symbol|dingbat|wingding", re.IGNORECASE)
LOST_GLYPH = re.compile(r"^(?:\(cid:\d+\)|[\ue000-\uf8ff])$")  # a glyph with no Unicode text, or a private one
# A paragraph or list number in a hanging indent: "1.1", "2.", "a)", "(iv)".
NUMBERISH = re.compile(r"^(?:\d+(?:\.\d+)*\.?|\(?[a-z]\)|[a-z]\.|\(?[ivx]+\))$", re.IGNORECASE)
TERMINAL = (".", "!", "?", ":", ";")
PAPER_TO = re.compile(r"^To\s*:", re.IGNORECASE)
PAPER_FROM = re.compile(r"^From\s*:", re.IGNORECASE)
Word = dict[str, Any]  # pdfplumber's word: text, x0, x1, top, bottom, size, fontname


@dataclass
class Run:
    """Words of one line with no wide gap between them."""

    x0: float
    x1: float
    text: str


@dataclass
class Row:
    """One printed line: its runs left to right, where it stands, and its list marker if it has one."""

    top: float
    bottom: float
    size: float
    runs: list[Run]
    bullet: str = ""

    @property
    def text(self) -> str:
        """The line's words, runs joined by single spaces."""
        return " ".join(run.text for run in self.runs)


@dataclass
class Grid:
    """A table: its rows of cell texts and where it stands."""

    top: float
    bottom: float
    rows: list[list[str]]


Item = Row | Grid


@dataclass
class Page:
    """One page's lines and ruled tables, top to bottom."""

    height: float
    items: list[Item] = field(default_factory=list)


def read_pdf(path: Path) -> tuple[list[str], str | None]:
    """A PDF's text lines without its running headers and footers, and the classification those print."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages = [read_page(page) for page in pdf.pages]
    running = running_rows(pages)
    marking = strictest([c for row in running for c in markings(row)])
    dropped = {id(row) for row in running}
    return flow([[i for i in page.items if id(i) not in dropped] for page in pages]), marking


def read_page(page: Any) -> Page:
    """One page's ruled tables and the lines of words outside them."""
    grids, boxes = [], []
    for table in page.find_tables():
        rows = [[clean(cell or "") for cell in row] for row in table.extract()]
        rows = [row for row in rows if any(row)]
        if rows and len(rows[0]) >= 2:  # one ruled box round some text is a frame, not a table
            grids.append(Grid(table.bbox[1], table.bbox[3], rows))
            boxes.append(table.bbox)
    words = [w for w in page.extract_words(extra_attrs=["size", "fontname"]) if not inside(w, boxes)]
    marks = [
        (shape["x0"], shape["top"], shape["x1"], shape["bottom"])
        for shape in [*page.curves, *page.rects]
        if 1 <= shape["width"] <= 8 and 1 <= shape["height"] <= 8
    ]
    items: list[Item] = [*rows_of(words, marks), *grids]
    return Page(float(page.height), sorted(items, key=lambda item: item.top))


def inside(word: Word, boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether a word's centre is inside one of the boxes (x0, top, x1, bottom)."""
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def clean(text: str) -> str:
    """Cell or word text on one line, ligatures spelt out."""
    return " ".join(text.replace("\ufb01", "fi").replace("\ufb02", "fl").split())


# --- lines ---------------------------------------------------------------------------------------
def rows_of(words: list[Word], marks: list[tuple[float, float, float, float]]) -> list[Row]:
    """Group words into printed lines: words whose heights mostly overlap stand on one line."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and same_line(lines[-1], word):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [make_row(sorted(line, key=lambda w: w["x0"]), marks) for line in lines]


def same_line(line: list[Word], word: Word) -> bool:
    """Whether a word overlaps a line by at least half its height (a superscript does; the next line does not)."""
    top, bottom = min(w["top"] for w in line), max(w["bottom"] for w in line)
    overlap = min(bottom, word["bottom"]) - max(top, word["top"])
    return overlap >= 0.5 * min(bottom - top, word["bottom"] - word["top"])


def make_row(words: list[Word], marks: list[tuple[float, float, float, float]]) -> Row:
    """One line: its list marker (a glyph word, or a small shape drawn just left of it), then its runs."""
    size = float(statistics.median(w["size"] for w in words))
    top, bottom = min(w["top"] for w in words), max(w["bottom"] for w in words)
    bullet = ""
    if len(words) > 1 and is_glyph(words[0], words[1], size):
        bullet = "o" if words[0]["text"] in SECOND_LEVEL else "•"
        words = words[1:]
    elif any(
        x1 <= words[0]["x0"] + 1 and words[0]["x0"] - x1 <= 3 * size and top <= (y0 + y1) / 2 <= bottom
        for _, y0, x1, y1 in marks
    ):
        bullet = "•"
    return Row(top, bottom, size, runs_of(words, size), bullet)


def is_glyph(word: Word, following: Word, size: float) -> bool:
    """Whether a line's first word is a list bullet: a bullet character, a symbol font's character, a glyph
    that lost its text, or a dash or 'o' with a tab's gap after it."""
    text = word["text"]
    if text in GLYPHS or LOST_GLYPH.match(text) or (len(text) == 1 and SYMBOL_FONT.search(word["fontname"])):
        return True
    return text in LOOSE_GLYPHS and following["x0"] - word["x1"] >= 0.5 * size


def runs_of(words: list[Word], size: float) -> list[Run]:
    """Split a line's words where the gap between them is wider than a font size."""
    runs = [Run(words[0]["x0"], words[0]["x1"], clean(words[0]["text"]))]
    for word in words[1:]:
        if word["x0"] - runs[-1].x1 >= RUN_GAP * size:
            runs.append(Run(word["x0"], word["x1"], clean(word["text"])))
        else:
            runs[-1].x1 = word["x1"]
            runs[-1].text += " " + clean(word["text"])
    return runs


# --- running headers and footers -----------------------------------------------------------------
def running_rows(pages: list[Page]) -> list[Row]:
    """Lines printed at the same height with the same words (numbers aside) on more than one page, near its
    top or foot: running headers and footers, one line or several, left, right or centred, 'Page 2 of 3'.
    A line must also be on a page where no paper starts: in a pack, each paper's header block ('Agenda Item',
    'To:', 'From:') stands at the same place on its first page, and that is no running header."""
    starts = {number for number, page in enumerate(pages) if starts_paper(page)}
    seen: dict[str, list[tuple[int, Row]]] = {}
    for number, page in enumerate(pages):
        for row in page.items:
            if isinstance(row, Row) and (row.top < EDGE * page.height or row.bottom > (1 - EDGE) * page.height):
                seen.setdefault(pattern(row), []).append((number, row))
    return [
        row
        for places in seen.values()
        if any(number not in starts for number, _ in places)
        for number, row in places
        if any(other != number and abs(twin.top - row.top) <= SAME_PLACE for other, twin in places)
    ]


def starts_paper(page: Page) -> bool:
    """Whether a paper's header block is on the page: a 'To:' line and a 'From:' line."""
    texts = [item.text for item in page.items if isinstance(item, Row)]
    return any(PAPER_TO.match(t) for t in texts) and any(PAPER_FROM.match(t) for t in texts)


def pattern(row: Row) -> str:
    """A line's words with every number (page, date, agenda item) made the same."""
    return re.sub(r"\d+(?:[.,/:]\d+)*", "#", f"{row.bullet} {row.text}".lower()).strip()


def markings(row: Row) -> list[str]:
    """The classifications a running line prints, whole or as one of its runs ('OFFICIAL   Page 1 of 2')."""
    return [c for text in [row.text, *(run.text for run in row.runs)] if (c := classification(text))]


# --- tables without ruling lines -----------------------------------------------------------------
def with_tables(items: list[Item]) -> list[Item]:
    """A page's items with each set of consecutive lines whose runs line up in columns made a table."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        grid, end = aligned_table(items, i)
        out.append(grid or items[i])
        i = end if grid else i + 1
    return out


def cellular(item: Item) -> bool:
    """Whether a line could be a table row: two or more runs, not a list item or a number before its text."""
    if not isinstance(item, Row) or item.bullet or len(item.runs) < 2:
        return False
    return not (len(item.runs) == 2 and NUMBERISH.match(item.runs[0].text))


def aligned_table(items: list[Item], i: int) -> tuple[Grid | None, int]:
    """The table starting at item i, if two or more lines' runs line up in the same columns, and its end.
    A line with fewer runs, each under one column, close below a row, is that row's cells running on."""
    first = items[i]
    if not isinstance(first, Row) or not cellular(first):
        return None, i
    columns = [(run.x0, run.x1) for run in first.runs]
    rows, full, last, j = [[run.text for run in first.runs]], 1, first, i + 1
    while j < len(items):
        row = items[j]
        if not isinstance(row, Row) or row.bullet or row.top - last.top > TABLE_PITCH * last.size:
            break
        slots = slots_of(row, columns)
        if slots is None:
            break
        if len(slots) == len(columns):
            rows.append([run.text for run in row.runs])
            columns = [(min(a, r.x0), max(b, r.x1)) for (a, b), r in zip(columns, row.runs, strict=True)]
            full += 1
        elif row.top - last.top <= BLANK_PITCH * last.size:
            for slot, run in zip(slots, row.runs, strict=True):
                rows[-1][slot] = f"{rows[-1][slot]} {run.text}".strip()
        else:
            break
        last, j = row, j + 1
    return (Grid(first.top, last.bottom, rows), j) if full >= 2 else (None, i)


def slots_of(row: Row, columns: list[tuple[float, float]]) -> list[int] | None:
    """The column each run stands under, left to right; None unless each is under exactly one."""
    slots: list[int] = []
    for run in row.runs:
        under = [k for k, (x0, x1) in enumerate(columns) if run.x0 < x1 + 1 and run.x1 > x0 - 1]
        if len(under) != 1 or (slots and under[0] <= slots[-1]):
            return None
        slots.append(under[0])
    return slots


# --- the lines, in order -------------------------------------------------------------------------
def flow(pages: list[list[Item]]) -> list[str]:
    """Every page's lines in order: a blank line between blocks, tables as tab-separated rows, and a table or
    paragraph that runs over a page break joined up (a table's repeated heading row left out)."""
    out: list[str] = []
    last: Item | None = None
    head: list[str] | None = None  # the heading row of the table being written
    for items in pages:
        for n, item in enumerate(with_tables(items)):
            if isinstance(item, Grid):
                rows = item.rows
                if n == 0 and isinstance(last, Grid) and head is not None and len(rows[0]) == len(head):
                    rows = rows[1:] if rows[0] == head else rows  # the same table, continued
                else:
                    blank(out)
                    head = rows[0]
                out += ["\t".join(cells) for cells in rows]
            elif last is not None and starts_block(last, item, n == 0):
                blank(out)
                out.append(f"{item.bullet} {item.text}" if item.bullet else item.text)
            elif (
                isinstance(last, Row)
                and not last.text.endswith(TERMINAL)
                and NUMBERISH.match(item.text)
                and not item.bullet
            ):
                # A number wrapped onto a line of its own ("... reported at month" / "5.") ends the sentence before
                # it; alone on a line the parser would read it as a section or paragraph number.
                out[-1] += " " + item.text
            else:
                out.append(f"{item.bullet} {item.text}" if item.bullet else item.text)
            last = item
    return out


def starts_block(last: Item, row: Row, page_start: bool) -> bool:
    """Whether a line starts a new block: after a table, after a gap wider than line spacing, or at the top of a
    page unless the last page ended mid-sentence."""
    if isinstance(last, Grid):
        return True
    if page_start:
        return last.text.endswith(TERMINAL) or bool(row.bullet) or bool(NUMBERISH.match(row.text.split()[0]))
    return row.top - last.top > BLANK_PITCH * max(row.size, last.size)


def blank(out: list[str]) -> None:
    """End a block with one blank line (none at the start, never two)."""
    if out and out[-1]:
        out.append("")
