"""Turn the body lines of one paper into Markdown blocks: numbered sections, numbered paragraphs, bullets, tables.

The text comes from PDFs in varied layouts, so each rule below says which layout it is for. The aim is that
every word of the source lands in the output in its order; where the structure is uncertain, the words are
kept in a plain paragraph rather than guessed into something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from boardpapers.importer.tables import REBUILT_NOTE, REST_NOTE, ROUNDING, TEXT_NOTE, rebuild, rejoin, vocabulary

URL_RE = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")
NUMBER_ONLY = re.compile(r"^(\d+(?:\.\d+)*)(\.?)$")
INLINE_SECTION = re.compile(r"^(\d+)(\.0|\.)?\s+(\S.*)$")
INLINE_PARA = re.compile(r"^(\d+(?:\.\d+)+\.?)\s+(\S.*)$")
ORDERED = re.compile(r"^(\d+)[.)]\s+(\S.*)$")
LETTERED = re.compile(r"^([a-z])[.)]\s+(\S.*)$")
# Bullet glyphs seen in text pulled from PDFs: the Symbol font's private-use code points (U+F0B7 ...),
# the bullet characters, and a hyphen; 'o' is the usual second-level glyph (Wingdings/Courier).
GLYPH = re.compile(r"^([\uf000-\uf8ff\u2022\u25cf\u25aa\u25e6\u2023\u2043\u25a0\u27a2-]|o(?=\s))(?:\s+(.*))?$")
APPENDIX = re.compile(r"^Appendix\s+\d+[A-Za-z]?(?:\s*[-–:.]\s*\S.*)?$", re.IGNORECASE)
TERMINAL = (".", "!", "?", ":", ";", ",", "”", '"', ")")
PARA_BREAK = "\x00"  # between paragraphs of one list item
CONNECTORS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}


@dataclass
class Line:
    """One non-blank source line with the layout facts the rules need."""

    text: str
    blanks: int = 0  # blank lines before it
    page_start: bool = False  # first line of a page after the first (text starts with one space)


@dataclass
class Block:
    """One Markdown block being built: a heading, paragraph, list item, table or kept text."""

    kind: str  # heading, para, bullet, subbullet, ordered, subheading, table, appendix, note, rebuilt, items
    number: str = ""
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The block's words on one line."""
        return " ".join(self.paragraphs())

    def paragraphs(self) -> list[str]:
        """The block's paragraphs (a list item can hold several), each on one line."""
        out = [[]]  # type: list[list[str]]
        for line in self.lines:
            if line == PARA_BREAK:
                out.append([])
            else:
                out[-1].append(line)
        return [" ".join(" ".join(p).split()) for p in out if p]


@dataclass
class Body:
    """A parsed body: its blocks and what a person must know about it."""

    blocks: list[Block]
    warnings: list[str]


def to_lines(raw: list[str]) -> list[Line]:
    """Drop blank lines into counts and mark page starts (a single leading space)."""
    out: list[Line] = []
    blanks = 0
    for text in raw:
        text = text.replace("\u00a0", " ").rstrip()
        if not text.strip():
            blanks += 1
            continue
        out.append(Line(text.strip(), blanks, bool(re.match(r"^ \S", text))))
        blanks = 0
    return out


class BodyParser:
    """Read body lines in order, deciding for each whether it starts a block or continues one."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.section: int | None = None
        self.awaiting = ""  # "heading" or "para": a number printed on its own line waits for its text
        self.marker = False  # a bullet glyph printed on its own line: the next line is the item
        # The usual length of a full line of prose (table figures and headings left out).
        lengths = sorted(len(ln.text) for ln in lines if len(ln.text.split()) >= 6)
        self.width = lengths[int(0.8 * len(lengths))] if lengths else 80
        # For the appendices' tables: the document's words (a split word is rejoined only to one of them),
        # its prose's words (before the first appendix), and whether it says its figures may not cast.
        texts = [ln.text for ln in lines]
        first = next((k for k, ln in enumerate(lines) if APPENDIX.match(ln.text)), len(lines))
        self.words = vocabulary(texts)
        self.prose = vocabulary(texts[:first])
        self.rounding = any(ROUNDING.search(t) for t in texts)

    def parse(self) -> Body:
        """Parse every line; return the blocks."""
        i = 0
        while i < len(self.lines):
            if APPENDIX.match(self.lines[i].text) and (self.lines[i].blanks or self.lines[i].page_start or i == 0):
                i = self.appendix(i)
            elif self.table_rows(i) >= 2 and not self.awaiting:
                i = self.table(i)
            else:
                self.line(i)
                i += 1
        return Body(self.blocks, self.warnings)

    # --- one line -------------------------------------------------------------------------------
    def line(self, i: int) -> None:
        """Place one line: the first rule that matches decides."""
        ln = self.lines[i]
        text = ln.text
        glyph = GLYPH.match(text)
        if glyph and glyph.group(2) and NUMBER_ONLY.match(glyph.group(2).split()[0]):
            text, glyph = glyph.group(2), None  # "- 4.1 The ...": a numbered paragraph behind a stray marker
        if glyph and not glyph.group(2):
            self.end_awaiting()
            self.marker = True
            return
        if self.awaiting == "heading" and not self.starts_something(text) and (not self.last.lines or not ln.blanks):
            self.last.lines.append(text)
            return
        if self.awaiting == "para" and ln.blanks < 2 and not glyph and not self.starts_something(text):
            self.awaiting = ""
            self.last.lines.append(text)
            return
        self.end_awaiting()
        if self.number_only(text):
            return
        if self.inline_section(text, ln):
            return
        para = INLINE_PARA.match(text)
        if para and (ln.blanks or self.major(para.group(1)) == self.section or self.last.kind != "para"):
            self.add(Block("para", para.group(1), [para.group(2)]))
            return
        if self.list_item(text, ln, glyph, i):
            return
        if self.is_subheading(i):
            self.add(Block("subheading", lines=[text]))
            if re.fullmatch(r"(Table|Figure|Chart)\s+\d+", text, re.IGNORECASE):
                self.warnings.append(f"{text}: the source has no text for it (probably an image): add it by hand")
            return
        interrupted = next((b for b in reversed(self.blocks) if b.kind != "footnote" and b.lines), None)
        if ln.page_start and text[0].islower() and self.last.kind == "footnote" and interrupted:
            interrupted.lines.append(text)  # the page's footnote came out between a paragraph and its next page
            return
        if not ln.blanks and self.blocks and self.last.kind in ("para", "bullet", "subbullet", "ordered", "footnote"):
            if not self.paragraph_break(text):
                self.last.lines.append(text)
                return
            if self.last.kind in ("bullet", "subbullet"):
                self.last.lines += [PARA_BREAK, text]  # a second paragraph of the same item
                return
        self.add(Block("para", lines=[text]))

    def paragraph_break(self, text: str) -> bool:
        """A new paragraph printed without a blank line before it (seed 004): the line before stops well
        short of the margin, ending a sentence or a run-in heading, and this one starts with a capital."""
        previous = self.last.lines[-1] if self.last.lines else ""
        previous = "" if previous == PARA_BREAK else previous
        if not previous or not (text[0].isupper() or text[0] in '“"') or len(previous) >= 0.7 * self.width:
            return False
        words = previous.split()
        run_in = (
            len(words) <= 12 and words[-1].lower() not in CONNECTORS and not previous.endswith((",", ";", "–", "-"))
        )
        return previous.endswith((".", "!", "?", ":", "”")) or run_in

    def starts_something(self, text: str) -> bool:
        """Whether a line would start a block of its own even right after a bare number."""
        return bool(NUMBER_ONLY.match(text) or INLINE_PARA.match(text) or APPENDIX.match(text))

    def number_only(self, text: str) -> bool:
        """A number on its own line (layout of seeds 003 and 004): a section heading or a paragraph number."""
        match = NUMBER_ONLY.match(text)
        if not match:
            return False
        parts = match.group(1).split(".")
        top = int(parts[0])
        section_like = len(parts) == 1 or (len(parts) == 2 and parts[1] == "0" and self.in_sequence(top))
        if section_like and ((match.group(2) and len(parts) == 1) or self.in_sequence(top)):
            self.section = top
            self.add(Block("heading", text))
            self.awaiting = "heading"
        elif len(parts) == 1:
            self.add(Block("footnote", text))  # a footnote's number (seed 004, item 8): its text follows
            self.awaiting = "para"
        else:
            self.add(Block("para", text))
            self.awaiting = "para"
        return True

    def inline_section(self, text: str, ln: Line) -> bool:
        """'1. Purpose' on one line (seeds 001, 002): a heading when it is the next section in order."""
        match = INLINE_SECTION.match(text)
        if not match or not self.in_sequence(int(match.group(1))):
            return False
        after_list = self.blocks and self.last.kind == "ordered" and not ln.blanks
        if after_list or not (ln.blanks or not self.blocks or self.previous_text().endswith(TERMINAL)):
            return False
        self.section = int(match.group(1))
        self.add(Block("heading", match.group(1) + (match.group(2) or ""), [match.group(3)]))
        return True

    def list_item(self, text: str, ln: Line, glyph: re.Match | None, i: int) -> bool:
        """Bullets, lettered and numbered list items, and bullets whose glyph the PDF text lost."""
        context = self.list_context()
        if glyph:
            sub = glyph.group(1) == "o" and context
            if glyph.group(1) == "o" and not context:
                return False
            self.add(Block("subbullet" if sub else "bullet", lines=[glyph.group(2)]))
            return True
        if self.marker:
            self.marker = False
            self.add(Block("bullet", lines=[text]))
            return True
        ordered = ORDERED.match(text)
        if ordered and (ln.blanks or context or self.last.kind == "ordered"):
            self.add(Block("ordered", ordered.group(1) + ".", [ordered.group(2)]))
            return True
        lettered = LETTERED.match(text)
        if lettered and (ln.blanks or context):
            self.add(Block("bullet", lines=[text]))
            return True
        # The glyph was dropped but left its trace: a page-start space (seed 001) or an extra blank line
        # where the glyph stood on a line of its own (seeds 003, 004).
        lost_glyph = (ln.page_start and text[0].isupper() and (ln.blanks or context)) or (ln.blanks >= 2 and context)
        # ...unless it is a short heading over the next numbered paragraph (seed 004: "Recommendation – Youth").
        heading = (
            ln.blanks >= 2
            and self.is_subheading(i)
            and i + 1 < len(self.lines)
            and bool(INLINE_PARA.match(self.lines[i + 1].text) or NUMBER_ONLY.match(self.lines[i + 1].text))
        )
        if lost_glyph and not heading:
            self.add(Block("bullet", lines=[text]))
            return True
        return False

    def is_subheading(self, i: int) -> bool:
        """A short unpunctuated line between paragraphs (seed 004's 'Neighbourhood policing', 'Youth')."""
        ln = self.lines[i]
        words = ln.text.split()
        if len(words) > 6 or ln.text.endswith(TERMINAL) or not ln.text[0].isupper() or ln.page_start:
            return False
        if NUMBER_ONLY.match(words[0]) or GLYPH.match(ln.text) or not self.blocks:
            return False
        after = self.lines[i + 1] if i + 1 < len(self.lines) else None
        next_starts = (
            after is None or after.blanks > 0 or bool(INLINE_PARA.match(after.text) or NUMBER_ONLY.match(after.text))
        )
        before_ends = ln.blanks > 0 or self.previous_text().endswith((".", "!", "?"))
        return next_starts and before_ends and self.last.kind != "heading"

    # --- tables and appendices -----------------------------------------------------------------
    def table_rows(self, i: int) -> int:
        """How many lines from i form a table: same number (2 or more) of cells split by tabs or wide gaps."""
        first = self.cells(self.lines[i].text)
        if len(first) < 2:
            return 0
        count = 1
        while i + count < len(self.lines) and not self.lines[i + count].blanks:
            if len(self.cells(self.lines[i + count].text)) != len(first):
                break
            count += 1
        return count

    @staticmethod
    def cells(text: str) -> list[str]:
        """A line's cells: tabs separate them (Word), or wide gaps between short cells (PDF layout); a long
        stretch of text with a double space in it is prose, not a row."""
        if "\t" in text:
            return [c.strip() for c in text.split("\t")]
        cells = [c.strip() for c in re.split(r" {2,}", text)]
        return cells if len(cells) > 1 and max(len(c) for c in cells) <= 40 else [text]

    def table(self, i: int) -> int:
        """Make a Markdown table of the rows from i; return the next line."""
        count = self.table_rows(i)
        self.add(Block("table", rows=[self.cells(ln.text) for ln in self.lines[i : i + count]]))
        return i + count

    def appendix(self, i: int) -> int:
        """An appendix: its title as a heading, then a table if the columns can be recovered, else kept text."""
        title = self.lines[i].text
        end = i + 1
        while end < len(self.lines) and not (
            APPENDIX.match(self.lines[end].text) and (self.lines[end].blanks or self.lines[end].page_start)
        ):
            end += 1
        content = self.lines[i + 1 : end]
        self.end_awaiting()
        self.add(Block("appendix", lines=[title]))
        if content and len(content) == self.table_rows(i + 1):
            self.table(i + 1)
        elif content:
            rebuilt = self.figures_table(content)
            self.warnings.append(
                f"{title}: "
                + (
                    f"{rebuilt} table(s) rebuilt from the figures, every column's printed total checked; "
                    "the rest of its text is kept as a list: compare it with the source"
                    if rebuilt
                    else "the table's columns could not be recovered from the text; its text is kept as a "
                    "list, noted as a table in the original: rebuild the table by hand"
                )
            )
        else:
            self.warnings.append(
                f"{title}: the source has no text for this appendix (probably an image): add it by hand"
            )
        return end

    def figures_table(self, content: list[Line]) -> int:
        """An appendix's table printed as labels, then columns one figure a line: each table whose printed
        totals prove where every figure goes is rebuilt (tables.py); the rest is kept as a list, a figure an
        item, with split words rejoined only where the document has the joined word. Returns the tables."""
        texts = [rejoin(ln.text, self.words, self.prose) for ln in content]
        rows, tables = rebuild(texts, [ln.blanks for ln in content], self.rounding)
        starts = {t.rows[0]: t for t in tables}
        placed = {i for t in tables for i in t.rows} | {i for t in tables for i in t.used}
        self.add(Block("note", lines=[TEXT_NOTE if not tables else REST_NOTE]))
        items: list[str] = []
        for index, row in enumerate(rows):
            if index in starts:
                if items:
                    self.add(Block("items", lines=items))
                    items = []
                table = starts[index]
                self.add(Block("note", lines=[REBUILT_NOTE]))
                self.add(
                    Block(
                        "rebuilt",
                        rows=[
                            [rows[r].label, *col]
                            for r, col in zip(table.rows, zip(*table.columns, strict=True), strict=True)
                        ],
                    )
                )
            if index in placed:
                continue
            if row.is_figures:
                items += row.figures
            else:
                items.append(texts[index])
        if items:
            self.add(Block("items", lines=items))
        return len(tables)

    # --- helpers -------------------------------------------------------------------------------
    @property
    def last(self) -> Block:
        """The block being built (a placeholder before the first)."""
        return self.blocks[-1] if self.blocks else Block("none")

    def add(self, block: Block) -> None:
        """Start a new block."""
        self.marker = False
        self.blocks.append(block)

    def end_awaiting(self) -> None:
        """A number waiting for its text gets none (the next line starts something else)."""
        self.awaiting = ""

    def in_sequence(self, number: int) -> bool:
        """Whether a section number is the next one (or the first)."""
        return number == 1 if self.section is None else number == self.section + 1

    @staticmethod
    def major(number: str) -> int:
        """The section a paragraph number belongs to: 4 for 4.1."""
        return int(number.split(".")[0])

    def previous_text(self) -> str:
        """The last text line placed so far."""
        for block in reversed(self.blocks):
            if block.lines:
                return block.lines[-1]
        return ""

    def list_context(self) -> bool:
        """Whether a list is open: the last block is a list item or ends with a colon."""
        return self.last.kind in ("bullet", "subbullet") or self.previous_text().endswith(":")


def parse_body(lines: list[Line]) -> Body:
    """Parse body lines into blocks."""
    return BodyParser(lines).parse()


# --- Markdown -------------------------------------------------------------------------------------
LIST_FAMILY = {"bullet": "ul", "subbullet": "ul", "ordered": "ol"}


def markdown(blocks: list[Block]) -> str:
    """The Markdown of a body: blocks separated by blank lines, list items of one list kept together."""
    out = ""
    previous = ""
    for block in blocks:
        family = LIST_FAMILY.get(block.kind, "")
        if out:
            out += "\n" if family and family == previous else "\n\n"
        out += render(block)
        # After an item of several paragraphs, a blank line keeps the next item from running into its text.
        previous = family if len(block.paragraphs()) < 2 else ""
    return out + "\n" if out else ""


def render(block: Block) -> str:
    """One block as Markdown."""
    text = inline(block.text)
    if block.kind == "heading":
        title = inline(re.sub(r"\*\*$", "", block.text).strip())  # a stray bold marker (seed 002's 8.0)
        return f"## {block.number} {title}".rstrip()
    if block.kind in ("para", "footnote"):
        return f"{block.number} {text}".strip() if block.number else escape_start(text)
    if block.kind in ("bullet", "subbullet"):
        # Python-Markdown nests a list, or a list item's second paragraph, only when indented four spaces.
        indent = "        " if block.kind == "subbullet" else "    "
        return indent[:-4] + "- " + f"\n\n{indent}".join(inline(p) for p in block.paragraphs())
    if block.kind == "ordered":
        return f"{block.number} {text}"
    if block.kind == "subheading":
        return f"### {text}"
    if block.kind == "appendix":
        return f"## {text}"
    if block.kind == "table":
        return table(block.rows)
    if block.kind == "note":
        return block.lines[0]
    if block.kind == "rebuilt":
        return figures_table(block.rows)
    return "\n".join("- " + item_text(line) for line in block.lines)  # items: an appendix's text kept


def table(rows: list[list[str]]) -> str:
    """A Markdown table; the first row is the header."""

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(inline(c).replace("|", "\\|") for c in cells) + " |"

    return "\n".join([row(rows[0]), "|" + "---|" * len(rows[0])] + [row(r) for r in rows[1:]])


def figures_table(rows: list[list[str]]) -> str:
    """A rebuilt table: row labels, then figures right-aligned; no heading is placed over a column, since the
    PDF's text does not show which heading stands over which."""
    width = len(rows[0])
    body = ["| " + " | ".join(inline(c).replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(["|" + "  |" * width, "|---|" + "---:|" * (width - 1), *body])


def item_text(text: str) -> str:
    """A line of kept text as a list item's text: nothing in it read as Markdown."""
    text = inline(text)
    return "\\" + text if re.match(r"^([-+*]|\d+[.)])(\s|$)", text) else escape_start(text)


def inline(text: str) -> str:
    """Escape Markdown in running text, and make web addresses links."""
    out = []
    pos = 0
    for match in URL_RE.finditer(text):
        out.append(escape(text[pos : match.start()]) + f"<{match.group(0)}>")
        pos = match.end()
    return "".join(out) + escape(text[pos:])


def escape(text: str) -> str:
    """Backslash the characters Markdown would read as formatting or HTML."""
    return re.sub(r"([\\`*_\[\]<])", r"\\\1", text)


def escape_start(text: str) -> str:
    """Backslash a paragraph start that Markdown would read as a heading, quote or list."""
    if re.match(r"^(#|>|[-+*]\s)", text):
        return "\\" + text
    return re.sub(r"^(\d+)([.)])(\s|$)", r"\1\\\2\3", text)
