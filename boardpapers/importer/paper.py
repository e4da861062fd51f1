"""Read one paper's lines into the facts its document states: header block, body, recommendations, bibliography."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from boardpapers.importer.body import (
    NUMBER_ONLY,
    URL_RE,
    Block,
    Line,
    markdown,
    parse_body,
)
from boardpapers.importer.marking import MARKING, classification, strictest

MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
LABEL = re.compile(r"^(To|From|Date)\s*:\s*(.*)$", re.IGNORECASE)
AGENDA = re.compile(r"^Agenda(?:\s+Item)?\s*(?:No\.?)?\s*:?\s*(\d+(?:\.\d+)*)\.?$", re.IGNORECASE)
# A body's first line: "1.", "1. Purpose", "1.1 The ..." (not a date such as "18 September 2019").
SECTION_START = re.compile(r"^\d+(?:\.\d+)*\.?$|^\d+(?:\.\d+)*\.\s|^\d+\.\d+\s")
PAGE = re.compile(r"^Page \d+ of \d+$", re.IGNORECASE)
PAGE_END = re.compile(r"\bPage \d+ of \d+$", re.IGNORECASE)
# "The Board is recommended to:", "It is recommended that the Board:": words that introduce the
# recommendations without being one (a lead-in that names a verb, "... to note:", is kept: the items need it).
LEAD_IN = re.compile(
    r"^(?:it is (?:recommended|proposed) that (?:the )?[\w\s’'-]*?|(?:the )?[\w\s’'-]*? (?:is|are) "
    r"(?:recommended|invited|asked|requested) to)\s*:$",
    re.IGNORECASE,
)
DATE_ONLY = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}$")
BIB_HEADING = re.compile(r"^bibliography$", re.IGNORECASE)
# Bibliography labels, whole or split over lines ("Source" / "N/A" / "Documents" in seed 004).
BIB_SOURCE = re.compile(r"^(?:source|reference)\s+documents?(?:\s*\(s\))?\s*:?(?:\s+(.*))?$", re.IGNORECASE)
BIB_CONTACT = re.compile(r"^contact\s+officers?(?:\s*\(s\))?\s*:?(?:\s+(.*))?$", re.IGNORECASE)
BIB_WORDS = {
    "source": "source",
    "reference": "source",
    "document": "source",
    "documents": "source",
    "document(s)": "source",
    "contact": "contact",
    "officer": "contact",
    "officers": "contact",
    "officer(s)": "contact",
}
NOTHING = re.compile(r"^(n/?a|none|not applicable)\.?$", re.IGNORECASE)
PRINTED_REQUIRED = ("title", "agenda_item", "from", "classification")


@dataclass
class PaperDoc:
    """One paper as its document states it; None means 'not stated'."""

    source: str
    title: str | None = None
    agenda_item: str | None = None
    agenda_note: str = ""  # where agenda_item came from when the paper itself does not print it
    agenda_entry: str = ""  # how the pack's agenda lists this paper
    from_: str | None = None
    to: str | None = None
    date: dt.date | None = None
    date_printed: str | None = None
    classification: str | None = None
    summary: str | None = None
    recommendations: list[str] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    bib_notes: list[str] = field(default_factory=list)  # bibliography text that is not an entry ("N/A")
    body: str = ""
    warnings: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # page furniture removed, as printed

    def missing(self) -> list[str]:
        """The required fields the document does not state."""
        values = {
            "title": self.title,
            "agenda_item": self.agenda_item,
            "from": self.from_,
            "classification": self.classification,
        }
        return [name for name in PRINTED_REQUIRED if not values[name]]


def parse_date(text: str) -> dt.date | None:
    """A printed date ('18 September 2019', '18th September 2019', '18/09/2019') as a date."""
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+(\d{4})", text)
    try:
        if match and match.group(2).lower() in MONTHS:
            return dt.date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
    return None


def squash(text: str) -> str:
    """Letters and digits only, lower case: for comparing names printed with varied punctuation."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def parse_paper(lines: list[Line], source: str, boards: set[str], marking: str | None = None) -> PaperDoc:
    """Read one paper: header, then body (furniture removed), then bibliography. marking is the classification
    the document's running headers print, if any."""
    doc = PaperDoc(source)
    rest = header(lines, doc)
    rest = drop_furniture(rest, boards | ({squash(doc.to)} if doc.to else set()), doc)
    classify(doc, marking)
    body_lines, bib_lines = split_bibliography(rest)
    body = parse_body(body_lines)
    doc.warnings += body.warnings
    doc.body = markdown(body.blocks)
    doc.summary = summary(body.blocks)
    doc.recommendations = recommendations(body.blocks)
    bibliography(bib_lines, doc)
    return doc


def header(lines: list[Line], doc: PaperDoc) -> list[Line]:
    """Read the header block (marking, agenda item, To, From, Date, title); return the lines after it."""
    pending: list[str] = []
    i = 0
    while i < len(lines) and i < 20:
        text = lines[i].text
        label = LABEL.match(text)
        if MARKING.match(text):
            doc.classification = classification(text)
        elif agenda := AGENDA.match(text):
            doc.agenda_item = agenda.group(1)
        elif label and label.group(2).strip():
            set_field(doc, label.group(1), label.group(2))
        elif label:
            pending.append(label.group(1))
        elif pending and not SECTION_START.match(text):
            set_field(doc, pending.pop(0), text)
        else:
            break
        i += 1
    title: list[str] = []
    while i < len(lines) and len(title) < 4 and not SECTION_START.match(lines[i].text):
        if title and lines[i].blanks:
            break
        title.append(lines[i].text)
        i += 1
    doc.title = tidy(" ".join(title)) or None
    return lines[i:]


def classify(doc: PaperDoc, marking: str | None) -> None:
    """The paper's classification: the strictest of the marking in its header block, the running headers' and
    any marking left in the body (a header repeated on each page of text pulled from a PDF)."""
    printed = [c for c in (doc.classification, marking) if c]
    printed += [c for text in doc.dropped if (c := classification(text))]
    doc.classification = strictest(printed)
    if len(set(printed)) > 1:
        doc.checks.append(
            f"classification: the document prints more than one marking ({', '.join(sorted(set(printed)))}); "
            f"the strictest, {doc.classification}, is kept"
        )


def tidy(value: str) -> str:
    """A value taken from running text, on one line and without the comma or semicolon that led on from it."""
    return " ".join(value.split()).rstrip(",;").rstrip()


def set_field(doc: PaperDoc, label: str, value: str) -> None:
    """Store one header field as printed (the date also as a date)."""
    value = tidy(value)
    name = label.lower()
    if name == "to":
        doc.to = value
    elif name == "from":
        doc.from_ = value
    else:
        doc.date_printed = value
        doc.date = parse_date(value)
        if doc.date is None:
            doc.checks.append(f"date: printed '{value}', which is not a date the import can read; set it by hand")


def drop_furniture(lines: list[Line], boards: set[str], doc: PaperDoc) -> list[Line]:
    """Remove running headers and footers ('Business Coordination Board / 18 September 2019 / Agenda Item
    5.1 / Page 4 of 4'), and web addresses a PDF repeats from its links."""
    out: list[Line] = []
    seen_text = ""
    i = 0
    while i < len(lines):
        ln = lines[i]
        run = furniture_run(lines, i, boards)
        url_only = URL_RE.fullmatch(ln.text) and ln.text in seen_text
        if run or url_only:
            run = run or 1
            doc.dropped += [x.text for x in lines[i : i + run]]
            if i + run < len(lines):  # the next line inherits the layout facts of what was removed before it
                nxt = lines[i + run]
                lines[i + run] = Line(nxt.text, max(nxt.blanks, ln.blanks), nxt.page_start or ln.page_start)
            i += run
            continue
        out.append(ln)
        seen_text += ln.text + "\n"
        i += 1
    return out


def furniture_run(lines: list[Line], i: int, boards: set[str]) -> int:
    """How many lines from i are page furniture (0 if none): a page number, a marking on a line of its own, a
    board name with the lines below it that a footer prints, or all of that on one line."""
    text = lines[i].text
    if PAGE.match(text) or MARKING.match(text):
        return 1
    if PAGE_END.search(text) and any(squash(text).startswith(board) for board in boards if board):
        return 1
    if squash(lines[i].text) not in boards or not boards:
        return 0
    run = 1
    for pattern in (DATE_ONLY, AGENDA, PAGE):
        if i + run < len(lines) and pattern.match(lines[i + run].text):
            run += 1
    return run


def split_bibliography(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split off the bibliography: after a 'BIBLIOGRAPHY' line, or the label block ending the paper."""
    for i, ln in enumerate(lines):
        if BIB_HEADING.match(ln.text):
            return lines[:i], lines[i + 1 :]
    last_numbered = max((i for i, ln in enumerate(lines) if NUMBER_ONLY.match(ln.text.split()[0])), default=-1)
    for i in range(last_numbered + 1, len(lines)):
        words = lines[i].text.lower().split()
        if words and words[0] in ("source", "contact", "reference") and is_bib_label(lines, i):
            return lines[:i], lines[i:]
    return lines, []


def is_bib_label(lines: list[Line], i: int) -> bool:
    """Whether line i starts a bibliography label (whole, or split over this and the next line)."""
    text = lines[i].text
    if BIB_SOURCE.match(text) or BIB_CONTACT.match(text):
        return True
    following = lines[i + 1].text.lower() if i + 1 < len(lines) else ""
    return text.lower() in ("source", "contact", "reference") and following in BIB_WORDS


def bibliography(lines: list[Line], doc: PaperDoc) -> None:
    """Read source documents and contact officers, whatever the label layout."""
    values: dict[str, list[str]] = {"source": [], "contact": []}
    open_labels: list[str] = []
    for ln in lines:
        text = ln.text
        whole = BIB_SOURCE.match(text) or BIB_CONTACT.match(text)
        kind = "source" if BIB_SOURCE.match(text) else "contact"
        if whole:
            open_labels = [kind]
            if whole.group(1):
                values[kind] += [v.strip() for v in re.split(r"\t", whole.group(1)) if v.strip()]
        elif text.lower() in BIB_WORDS:
            kind = BIB_WORDS[text.lower()]
            open_labels = open_labels if kind in open_labels and open_labels[-1] == kind else [*open_labels, kind]
        elif len(set(open_labels)) > 1:
            # Labels printed one under the other before their values (seed 004, item 11): sort by content.
            values["source" if URL_RE.fullmatch(text) or NOTHING.match(text) else "contact"].append(text)
        elif open_labels:
            values[open_labels[-1]].append(text)
        else:
            doc.bib_notes.append(text)
    doc.sources = source_entries(values["source"], doc)
    doc.contacts = contact_entries(values["contact"], doc)


def source_entries(values: list[str], doc: PaperDoc) -> list[dict[str, str]]:
    """Source documents: a title line, with a web address on it or on the next line."""
    out: list[dict[str, str]] = []
    for text in values:
        if NOTHING.match(text):
            doc.bib_notes.append(f"Source documents: {text}")
            continue
        url = URL_RE.search(text)
        title = text[: url.start()].strip() if url else text
        if url and not title and out and "url" not in out[-1]:
            out[-1]["url"] = url.group(0)
        elif url:
            out.append({"title": tidy(title) or url.group(0), "url": url.group(0)})
        elif out and text[0].islower():
            out[-1]["title"] = tidy(out[-1]["title"] + " " + text)
        else:
            out.append({"title": tidy(text)})
    return out


def contact_entries(values: list[str], doc: PaperDoc) -> list[dict[str, str]]:
    """Contact officers: 'Name, Role' or 'Name – Role', a role running on to lines that start in lower case."""
    lines: list[str] = []
    for text in values:
        if NOTHING.match(text):
            doc.bib_notes.append(f"Contact officers: {text}")
        elif lines and text[0].islower():
            lines[-1] += " " + text
        else:
            lines.append(text)
    out = []
    for text in lines:
        split = re.search(r"\s+[–-]\s+|,\s*", text)
        name, role = (tidy(text[: split.start()]), tidy(text[split.end() :])) if split else (tidy(text), "")
        out.append({"name": name, "role": role} if role else {"name": name})
    return out


def section_blocks(blocks: list[Block], word: str) -> list[Block]:
    """The blocks of the first section whose heading contains a word."""
    for i, block in enumerate(blocks):
        if block.kind == "heading" and word in block.text.lower():
            end = next((j for j in range(i + 1, len(blocks)) if blocks[j].kind in ("heading", "appendix")), len(blocks))
            return blocks[i + 1 : end]
    return []


def summary(blocks: list[Block]) -> str | None:
    """The purpose section's first paragraph (and its bullets), in the paper's own words."""
    parts: list[str] = []
    for block in section_blocks(blocks, "purpose"):
        if block.kind == "para" and parts:
            break
        if block.kind in ("para", "bullet", "subbullet", "ordered") and block.text:
            parts.append(block.text)
    return " ".join(parts) or None


def recommendations(blocks: list[Block]) -> list[str]:
    """The first recommendations section's paragraphs and list items, each as printed (numbers left off),
    without a lead-in before a list ("The Board is recommended to:"): the items are the recommendations."""
    section = section_blocks(blocks, "recommend")
    kept = []
    for i, block in enumerate(section):
        following = section[i + 1].kind if i + 1 < len(section) else ""
        if block.kind == "para" and LEAD_IN.match(block.text) and following in ("bullet", "subbullet", "ordered"):
            continue
        if block.kind in ("para", "bullet", "subbullet", "ordered") and block.text:
            kept.append(block.text)
    return kept
