"""Rebuild a financial table from text pulled out of a PDF, only where the paper's printed totals prove it.

Text pulled from a PDF prints such a table as its row labels, then its columns one figure a line (seed 004's
budget paper). A column is placed only when all of this holds, and otherwise its figures stay as text:

- its figures are a run of lines holding one figure each, whose last figure is the sum of the others (exactly,
  or within 1 a row when the paper says its figures "may not cast" due to rounding);
- since the run before it, the text has printed exactly one row label with the word "Total" in it, and the
  run has one figure for each row label from the first row of that total's block to the total itself;
- the first row of the block is beyond doubt: the line before it is a heading (a unit such as "£'000", a line
  ending in ':', or the total's own label without "Total": "ICT Other" over "ICT Other Total"), or the figures
  printed beside the labels (left of them) start on its line and number one a row.

A column of a table with an empty cell is one figure short of the block's rows, so it is never placed: there
is no telling which row is empty. A wrong figure is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FIGURE = re.compile(r"^(?:-?\d{1,3}(?:,\d{3})+|-?\d+(?:\.\d+)?|\(\d{1,3}(?:,\d{3})*(?:\.\d+)?\))$")
ROUNDING = re.compile(r"may\s+not\s+cast", re.IGNORECASE)
TOTAL = re.compile(r"\btotal\b", re.IGNORECASE)
HEADING = re.compile(r"£|:$")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
REBUILT_NOTE = "*Table rebuilt from the text of the published PDF; totals checked.*"
TEXT_NOTE = "*The original PDF has this as a table.*"
REST_NOTE = (
    "*The original PDF has this as a table. Where its printed totals prove where each figure goes, it is rebuilt "
    "below, without column headings (the PDF's text does not show which heading stands over which column); the "
    "rest is listed as the PDF's text gives it.*"
)


def value(figure: str) -> float:
    """A printed figure's value: '1,234' is 1234 and '(61)' is -61."""
    text = figure.replace(",", "")
    return -float(text[1:-1]) if text.startswith("(") else float(text)


@dataclass
class Row:
    """One line of an appendix's text: the figures it starts with (or is made of) and its words."""

    figures: list[str]
    label: str
    blanks: int = 0

    @property
    def is_figures(self) -> bool:
        """Only figures on the line."""
        return bool(self.figures) and not self.label


def read_row(text: str, blanks: int = 0) -> Row:
    """Split a line into its leading figures and the words after them."""
    tokens = text.split()
    count = 0
    while count < len(tokens) and FIGURE.match(tokens[count]):
        count += 1
    label = " ".join(tokens[count:])
    if label and not re.search(r"[^\W\d_]", label):
        return Row([], text, blanks)  # '4,243 -' or '+': not a label; kept as printed
    return Row(tokens[:count], label, blanks)


@dataclass
class Table:
    """A rebuilt table: the index of each row's label line, and its columns of printed figures."""

    rows: list[int]
    columns: list[list[str]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # lines whose figures are all in the table


def casts(figures: list[str], rounding: bool) -> bool:
    """Whether the last figure is the sum of the others (within 1 a row when the paper allows rounding)."""
    if len(figures) < 3 or all(value(f) == 0 for f in figures):
        return False
    detail = sum(value(f) for f in figures[:-1])
    return abs(detail - value(figures[-1])) <= (len(figures) - 1 if rounding else 0) + 1e-9


def runs(rows: list[Row]) -> list[list[int]]:
    """Runs of consecutive lines of one figure each, no blank line between them (the columns' candidates)."""
    out: list[list[int]] = []
    current: list[int] = []
    for i, row in enumerate(rows):
        single = row.is_figures and len(row.figures) == 1
        if single and current and not row.blanks:
            current.append(i)
            continue
        if len(current) >= 3:
            out.append(current)
        current = [i] if single else []
    if len(current) >= 3:
        out.append(current)
    return out


def block_start(rows: list[Row], labels: list[int], end: int, size: int, rounding: bool) -> list[int] | None:
    """The label lines of the block of size rows ending at label end (its total), or None when its first row
    is in doubt; the left column (figures beside the labels) is returned as the lines holding them."""
    if end + 1 < size:
        return None
    block = labels[end + 1 - size : end + 1]
    before = labels[end - size] if end >= size else None
    total_name = TOTAL.sub("", rows[labels[end]].label).strip(" -–:").lower()
    if before is None or HEADING.search(rows[before].label) or rows[before].label.strip().lower() == total_name:
        return block
    left = left_column(rows, before, block)
    return block if left and not rows[before].figures and casts(left, rounding) else None


def left_column(rows: list[Row], before: int, block: list[int]) -> list[str]:
    """The figures printed beside a block's labels, if they start on its first label's line, one a row."""
    figures = [f for row in rows[before + 1 : block[-1] + 1] for f in row.figures]
    starts = bool(rows[block[0]].figures) and all(not rows[i].figures for i in range(before + 1, block[0]))
    return figures if starts and len(figures) == len(block) else []


def rebuild(texts: list[str], blanks: list[int], rounding: bool) -> tuple[list[Row], list[Table]]:
    """Read an appendix's lines and rebuild every table whose totals prove where each figure goes."""
    rows = [read_row(t, b) for t, b in zip(texts, blanks, strict=True)]
    labels = [i for i, row in enumerate(rows) if row.label]
    tables: dict[int, Table] = {}
    doubtful: set[int] = set()
    window: int | None = None  # the label index of the total line the runs since belong to
    seen = 0  # labels looked at so far
    for run in runs(rows):
        totals = [k for k in range(seen, len(labels)) if labels[k] < run[0] and TOTAL.search(rows[labels[k]].label)]
        seen = next((k for k in range(seen, len(labels)) if labels[k] > run[0]), len(labels))
        if len(totals) > 1:
            window = None  # several tables' labels before their figures: no telling which figures are whose
        elif totals:
            window = totals[0]
        figures = [rows[i].figures[0] for i in run]
        if window is None or not casts(figures, rounding):
            continue
        block = block_start(rows, labels, window, len(run), rounding)
        if block is None:
            continue
        if window in doubtful:
            continue
        table = tables.setdefault(window, Table(block))
        if table.rows != block:
            continue
        if not table.columns:
            before = labels[window - len(block)] if window >= len(block) else -1
            left = left_column(rows, before, block)
            if left and casts(left, rounding):
                table.columns.append(left)
                table.used |= {i for i in range(before + 1, block[-1] + 1) if rows[i].is_figures}
            elif any(rows[i].figures for i in block):
                doubtful.add(window)  # figures beside the labels that cannot be placed: no table, no figure lost
                del tables[window]
                continue
        table.columns.append(figures)
        table.used |= set(run)
    return rows, [t for _, t in sorted(tables.items()) if t.columns]


# --- split words --------------------------------------------------------------------------------
def vocabulary(texts: list[str]) -> set[str]:
    """Every word of a document, in lower case."""
    return {w.lower() for text in texts for w in WORD.findall(text)}


def rejoin(text: str, words: set[str], prose: set[str]) -> str:
    """Rejoin a word the PDF's letter spacing split ('Pol i ce' -> 'Police'), only where the joined word occurs
    elsewhere in the same document (words) and a piece is not a word of its prose on its own ('in to' stays)."""
    tokens = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + 8), i + 1, -1):
            pieces = tokens[i:j]
            joined = "".join(pieces)
            if (
                all(WORD.fullmatch(p) for p in pieces)
                and joined.lower() in words
                and any(p.lower() not in prose for p in pieces)
            ):
                out.append(joined)
                i = j
                break
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out)
