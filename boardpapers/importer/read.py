"""Read an input file (text pulled from a PDF, a PDF, or a Word .docx) into plain text lines.

Every reader produces the same kind of lines as the seeds' PDF text: one line per printed line, blank lines
between blocks, and bullets as a glyph before the text. Text pulled from a PDF by other tools starts the first
line of each page after the first with a single space (the page-start mark the parser uses to tell a page
break from a paragraph break); PDFs read here by their layout need no such mark, as pdf.py joins or splits
blocks at page breaks itself. Word tables and the tables of a PDF become tab-separated rows, so one parser
handles every format. The classification printed in running headers (PDF) or the page header (Word) comes
back beside the lines, as those headers are not part of the body.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from boardpapers.importer.marking import classification, strictest
from boardpapers.importer.pdf import read_pdf

SUFFIXES = (".txt", ".pdf", ".docx")


class ReadError(Exception):
    """An input that cannot be read; the message says which file and how to fix it."""


@dataclass
class Document:
    """An input's text lines, and the classification its running headers or footers print (None if none)."""

    lines: list[str]
    marking: str | None = None


def read_document(path: Path) -> Document:
    """Read one input file into text lines, whatever its format."""
    if not path.is_file():
        raise ReadError(f"{path}: file not found, expected a .txt, .pdf or .docx file, e.g. papers/5.1-update.pdf")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        document = pdf_document(path)
    elif suffix == ".docx":
        document = docx_document(path)
    elif suffix == ".txt":
        document = Document(text_lines(path))
    else:
        raise ReadError(
            f"{path}: cannot import '{suffix or path.name}' files, expected one of: "
            f"{', '.join(SUFFIXES)} (save Word .doc files as .docx first)"
        )
    if not any(line.strip() for line in document.lines):
        raise ReadError(
            f"{path}: no text found, expected a document with text in it "
            "(a scanned PDF has only images: run it through OCR first)"
        )
    return document


def text_lines(path: Path) -> list[str]:
    """Read a UTF-8 text file (as pulled out of a PDF)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ReadError(
            f"{path}: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}), "
            "expected UTF-8 text, e.g. re-save it with the encoding UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n ").split("\n")


def pdf_document(path: Path) -> Document:
    """Read a PDF by its page layout: running headers and footers out, lists and tables kept (see pdf.py)."""
    try:
        lines, marking = read_pdf(path)
    except Exception as err:  # noqa: BLE001 (pdfminer raises many types for damaged files; all mean "cannot read")
        if "password" in f"{type(err).__name__} {err}".lower():
            raise ReadError(
                f"{path}: the PDF is password-protected, expected an unencrypted PDF file, "
                "e.g. save a copy without a password"
            ) from None
        reason = " ".join(str(err).split()) or type(err).__name__
        raise ReadError(
            f"{path}: cannot be read as a PDF ({reason}), expected an unencrypted PDF file, "
            "e.g. save it again from its source with File > Save As > PDF"
        ) from None
    return Document(lines, marking)


def docx_document(path: Path) -> Document:
    """Convert a Word file with mammoth (headings, lists and tables kept) and flatten it to lines."""
    import mammoth

    try:
        with path.open("rb") as handle:
            result = mammoth.convert_to_html(handle)
        marking = docx_header_marking(path)
    except Exception as err:  # noqa: BLE001 (mammoth and zipfile raise many types for damaged files)
        raise ReadError(f"{path}: cannot be read as a Word document ({err}), expected a .docx file") from None
    flat = HtmlLines()
    flat.feed(result.value)
    flat.close()
    return Document(flat.lines, marking)


def docx_header_marking(path: Path) -> str | None:
    """The classification printed in the page headers (the strictest, if they differ), which mammoth leaves out."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        names = sorted(n for n in archive.namelist() if re.fullmatch(r"word/header\d*\.xml", n))
        for name in names:
            xml = archive.read(name).decode("utf-8")
            for para in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.DOTALL):
                text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para)).strip()
                found += [marking] if (marking := classification(html.unescape(text))) else []
    return strictest(found)


class HtmlLines(HTMLParser):
    """Flatten mammoth's HTML into text lines: blocks separated by blank lines, bullets as '•'."""

    BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.text: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [is_ordered, next number]
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a block, list, table row or cell."""
        if tag in ("ul", "ol"):
            if self.lists and "".join(self.text).strip():
                self.list_item()  # a nested list: its parent item's own text comes first
            self.lists.append([tag == "ol", 1])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br":
            # A line break inside a table cell separates words too ("Chief Finance Officer" / "sarah.jones@...").
            (self.cell if self.cell is not None else self.text).append("\n")
        elif tag == "table":
            self.blank()

    def handle_endtag(self, tag: str) -> None:
        """Close a block: emit its text as lines."""
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.lines.append("\t".join(self.row))
            self.row = None
        elif tag == "table":
            self.blank()
        elif tag == "li":
            self.list_item()
        elif tag in ("ul", "ol"):
            self.lists.pop()
            if not self.lists:
                self.blank()
        elif tag in self.BLOCKS and self.cell is not None:
            self.cell.append(" ")
        elif tag in self.BLOCKS and not self.lists:
            self.emit("".join(self.text))
            self.blank()

    def handle_data(self, data: str) -> None:
        """Collect text for the open cell or block."""
        (self.cell if self.cell is not None else self.text).append(data)

    def list_item(self) -> None:
        """Emit one list item with its marker: '•' (or 'o' when nested) or its number."""
        text = " ".join("".join(self.text).split())
        if not text:
            return
        ordered, number = self.lists[-1]
        if ordered:
            marker = f"{number}."
            self.lists[-1][1] += 1
        else:
            marker = "•" if len(self.lists) == 1 else "o"
        self.emit(f"{marker} {text}")

    def emit(self, text: str) -> None:
        """Add the collected text as lines and start collecting afresh."""
        self.lines += [line.strip() for line in text.split("\n") if line.strip()]
        self.text = []

    def blank(self) -> None:
        """End a block with one blank line."""
        if self.lines and self.lines[-1]:
            self.lines.append("")
