"""The search index: small JavaScript files a page loads with plain <script> tags, so search works on a web
server and from the offline copy opened from disk (file://, where fetch(), WebAssembly and workers are blocked).

Every public record is a search document: each published paper, each meeting (agenda, presenters, venue,
attendance, declarations, minutes or notes), each published decision notice, each decision of the minutes (and
the public summary of a notice that is not published), each action of the action log (text, owner, updates),
each matter and each theme. Only `site.papers` (published papers), `site.decisions` and what the public pages
show of meetings, notices, actions, matters and themes are read, so nothing unpublished can reach the index (a
notice that is not published is in the model only as its date and public summary).

Layout under search/ in the built site (every file calls the global `bpSearchAdd(key, data)` that search.js
defines; `key` is the file's path under search/ without `.js`):
- meta.js: the list of term shards and vocabulary files, the stop words and the number of documents;
- terms/<prefix>.js: each term starting with <prefix> and its postings, ascending doc ids each with a weight
  (a BM25 term-frequency part: field boosts, saturation and length; search.js multiplies by the term's idf);
- facets.js: each document's kind, theme, year, board and author, packed a few characters a document, so that
  search.js counts the filters for the current query and filters without loading anything more;
- vocab/<letter>-<n>.js: every term, by first letter, loaded only to correct a word that no document holds;
- docs/<n>.js: one document's kind, title, link, details and plain text (for its snippet), the text compressed
  (raw DEFLATE in base64, which search.js inflates with the browser's DecompressionStream);
- manifest.json: the files a first query for a common word loads (read by the benchmark).
Words are stemmed with the Porter algorithm of the `snowballstemmer` package here and the same Snowball-generated
stemmer in the browser (assets/javascripts/stemmer.js, copied by tools/vendor_stemmer.py).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import math
import os
import pickle
import re
import shutil
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]  # (no type information shipped)

from boardpapers.content.model import Action, Decision, Matter, Meeting, Notice, Paper, Site, Theme
from boardpapers.engine.sanitize import shown_text
from boardpapers.staging import Staging

# Field boosts: a word in a title counts as eight in the body; headings, recommendations, agenda entries and an
# action's text as three; a summary as two.
TITLE, HEADING, SUMMARY, BODY = 8, 3, 2, 1
K1, B, PIVOT = 1.2, 0.5, 400  # BM25's saturation and length normalisation, against a fixed length (see weigh)
SCALE = 10  # weights are stored as integers: SCALE times the BM25 term-frequency part
SHARD_BYTES = 16_000  # a term shard is split by a longer prefix above this (see README for the measurements)
VOCAB_BYTES = 16_000  # a vocabulary file is split above this
PAGE_SIZE = 10  # results shown (and documents loaded) at a time
INT = "I"  # postings as unsigned 32-bit numbers: half the memory of Python's default 64-bit ones
STOP_WORDS = tuple(
    sorted(
        """a about after all also an and any are as at be been but by can could did do for from
had has have he her his if in into is it its may more no not of on or our she should so such than that the their
them then there these they this those to under up was we were which who will with would you your""".split()
    )
)
WORD_RE = re.compile(r"[a-z0-9]+")
# Longer "words" (a pasted hash, a run of one letter) are not indexed: no one searches for them, and the index's
# prefix shards (see shards) would nest as deep as the longest. search.js's LONGEST is the same.
LONGEST_WORD = 64
ACCENT_RE = re.compile("[\u0300-\u036f]")  # combining accents, as search.js removes them
KINDS = (
    ("paper", "Papers"),
    ("meeting", "Meetings"),
    ("notice", "Decision notices"),
    ("decision", "Decisions"),
    ("action", "Actions"),
    ("matter", "Matters"),
    ("theme", "Themes"),
)
# What each result says it is (search.js's KIND has the same names).
KIND_NAMES = {
    "paper": "Paper",
    "meeting": "Meeting",
    "notice": "Decision notice",
    "decision": "Decision",
    "action": "Action",
    "matter": "Matter",
    "theme": "Theme",
}
FACET_KINDS = (("type", "Type"), ("theme", "Theme"), ("year", "Year"), ("board", "Board"), ("from", "From"))
MULTI = frozenset({"theme"})  # facets a document may have several values of
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"  # facets.js packs values in these
_STOP = frozenset(STOP_WORDS)
CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # in Memo's keys: new code, new term weights
_PORTER = snowballstemmer.stemmer("porter")


def fold(text: str) -> str:
    """Lower-case `text` and drop accents, so 'Café' and 'cafe' are one word."""
    if not text.isascii():
        text = ACCENT_RE.sub("", unicodedata.normalize("NFKD", text))
    return text.lower()


@functools.cache
def stem(word: str) -> str:
    """The Porter stem of a folded word (snowballstemmer's; stemmer.js gives the same): papers -> paper."""
    return str(_PORTER.stemWord(word))


def indexed(word: str) -> bool:
    """Whether a folded word is indexed (search.js's words() keeps the same): two to LONGEST_WORD letters or
    digits, and no stop word."""
    return 1 < len(word) <= LONGEST_WORD and word not in _STOP


def terms(text: str) -> list[str]:
    """The index terms of a text: words of two to LONGEST_WORD letters or digits, minus stop words, stemmed."""
    return [stem(w) for w in WORD_RE.findall(fold(text)) if indexed(w)]


def term_counts(text: str) -> dict[str, int]:
    """How often each of terms(text) occurs (each distinct word is stemmed once: the index's hot loop)."""
    counts: dict[str, int] = {}
    for word, n in Counter(WORD_RE.findall(fold(text))).items():
        if indexed(word):
            term = stem(word)
            counts[term] = counts.get(term, 0) + n
    return counts


# A body's words by pattern, the quick way, for a body holding no HTML and no link definition (nearly every
# paper). Each with what a text must hold for the pattern to be tried; every repeat is bounded, so that an
# unclosed mark repeated down a line stays linear.
REFERENCE_WITH_WORDS_RE = re.compile(r"\[\[[^\]\|\n]{0,300}\|([^\]\n]{0,300})\]\]")  # keep the words
REFERENCE_RE = re.compile(r"\[\[[^\]\n]{0,300}\]\]")
MARKUP = [
    ("](", re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\n]{0,300}\)"), r"\1"),  # links and images: keep the words
    ("[[", REFERENCE_WITH_WORDS_RE, r"\1"),  # cross-references: the page shows their words, or the target's
    ("[[", REFERENCE_RE, " "),
    # Marks at a line's start, found from the newline before it (a literal start is quick to look for; '^' in
    # multi-line mode was tried at every character, a fifth of indexing); plain_text puts a newline before the
    # first line. The white space after a mark is left: all of it becomes one space at the end.
    ("#", re.compile(r"\n\s{0,3}#{1,6}(?=\s)"), "\n"),  # heading marks
    ("", re.compile(r"\n\s*[-*+](?=\s)"), "\n"),  # bullet marks
    ("---", re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.M), " "),  # table rules
]
MARKS = "*_`|>"  # emphasis, code, table and quote marks: each becomes a space
# What only the page's own conversion reads as the page does: HTML (a comment, a script, an attribute, a tag over
# several lines) and link definitions (which the page never shows, used or not).
CONVERTED_RE = re.compile(r"<|\]:")


def plain_text(markdown: str) -> str:
    """A Markdown body as one line of the words its page shows, for the index and result snippets. A body with
    HTML or a link definition is read as its page converts and sanitises it (a restricted paper's file name
    in a comment or a definition nobody uses stayed in the index though the page never showed it); the others,
    by pattern (converting every body again was most of a cold build's time)."""
    if CONVERTED_RE.search(markdown):
        if "[[" in markdown:
            markdown = REFERENCE_RE.sub(" ", REFERENCE_WITH_WORDS_RE.sub(r"\1", markdown))
        return " ".join(shown_text(markdown).split())
    markdown = "\n" + markdown
    for needed, pattern, replacement in MARKUP:
        if needed in markdown:
            markdown = pattern.sub(replacement, markdown)
    for mark in MARKS:  # str.replace five times was quicker than one pattern or str.translate
        markdown = markdown.replace(mark, " ")
    return " ".join(html.unescape(markdown).split())


HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


def headings(markdown: str) -> str:
    """The headings of a body with no HTML or link definition (others: none, their text counts as body only: a
    '#' line inside an HTML comment is not a heading the page shows)."""
    if CONVERTED_RE.search(markdown):
        return ""
    return plain_text("\n".join(HEADING_RE.findall(markdown)))


def long_date(date: Any) -> str:
    """A date as the site prints it, e.g. 18 September 2019."""
    return f"{date.day} {date:%B %Y}"


def meeting_name(meeting: Meeting) -> str:
    """The meeting as the site names it, e.g. 'Business Coordination Board, 18 September 2019'."""
    return f"{meeting.board.name}, {long_date(meeting.date) if meeting.date else 'date not known'}"


def meeting_label(paper: Paper) -> str:
    """A paper's meeting as the site names it."""
    return meeting_name(paper.meeting)


def weigh(fields: list[tuple[int, str]]) -> dict[str, int]:
    """Each term's weight in a document of (boost, text) fields: BM25's term-frequency part over the boosted
    counts (BM25F), times SCALE, at least 1. Lengths are normalised against a fixed PIVOT rather than the
    archive's average, so a document's weights depend on it alone and a rebuild redoes only what changed."""
    boosted: dict[str, int] = {}
    length = 0
    for boost, text in fields:
        for term, n in term_counts(text).items():
            boosted[term] = boosted.get(term, 0) + boost * n
            length += n
    norm = K1 * (1 - B + B * length / PIVOT)
    return {term: max(1, round(SCALE * tf * (K1 + 1) / (tf + norm))) for term, tf in boosted.items()}


@dataclass
class Doc:
    """One search document: what its result shows (record), what its weights and text are made from (raw, the
    memo's key), how to read its fields and snippet text, and its filter values."""

    record: dict[str, Any]
    raw: tuple[str, ...]
    read: Callable[[], tuple[list[tuple[int, str]], str]]
    facets: dict[str, list[str]]


def paper_text(paper: Paper) -> str:
    """The words of a paper that its snippet comes from (besides its title): summary, body, recommendations."""
    parts = [paper.summary or "", plain_text(paper.body), " ".join(paper.recommendations)]
    return " ".join(p for p in parts if p)


def paper_fields(paper: Paper) -> tuple[list[tuple[int, str]], str]:
    """A paper's weighted fields and snippet text."""
    text = paper_text(paper)
    recommendations = " ".join(paper.recommendations)
    fields = [(TITLE, paper.title), (HEADING, headings(paper.body)), (HEADING, recommendations)]
    fields += [(SUMMARY, paper.summary or ""), (BODY, text)]
    return fields, text


def paper_doc(paper: Paper, theme_names: dict[str, str], author: str | None) -> Doc:
    """A published paper as a search document."""
    date = paper.meeting.date or paper.date  # filtered by its meeting's year; its page shows the printed date
    return Doc(
        {
            "k": "paper",
            "t": paper.title,
            "u": paper.url,
            "m": meeting_label(paper),
            "i": paper.agenda_item,
            "h": [theme_names.get(t, t) for t in paper.themes],
        },
        ("paper", paper.title, paper.summary or "", paper.body, *paper.recommendations),
        functools.partial(paper_fields, paper),
        {
            "type": ["paper"],
            "theme": list(paper.themes),
            "year": [str(date.year)] if date else [],
            "board": [paper.meeting.board.id],
            "from": [author] if author else [],
        },
    )


def agenda_line(entry: Any) -> str:
    """One agenda entry as its meeting page shows it: number, title, presenter."""
    number = f"{entry.number} " if entry.number else ""
    presenter = f" (presented by {entry.presenter})" if entry.presenter else ""
    return f"{number}{entry.title}{presenter}."


ATTENDANCE = (("present", "Present"), ("apologies", "Apologies"), ("in_attendance", "In attendance"))


def attendance_lines(meeting: Meeting) -> list[str]:
    """The meeting's attendance as its page lists it: 'Present: Alex Example, Police and Crime Commissioner; …'."""
    out = []
    for key, label in ATTENDANCE:
        people = meeting.attendance.get(key) or []
        names = "; ".join(f"{p['name']}, {p['role']}" if p.get("role") else str(p["name"]) for p in people)
        if names:
            out.append(f"{label}: {names}.")
    return out


def declaration_line(declaration: dict[str, Any]) -> str:
    """One declaration of interest as the meeting page shows it."""
    return f"{declaration['name']}, item {declaration['item']}: {declaration['interest']}"


def notes_label(meeting: Meeting) -> str:
    """What the meeting's notes are: its minutes (draft or approved, as its page says) or notes."""
    if not meeting.minutes:
        return "Notes"
    return "Draft minutes" if meeting.minutes.get("status") == "draft" else "Minutes"


def meeting_fields(meeting: Meeting) -> tuple[list[tuple[int, str]], str]:
    """A meeting's weighted fields (its name, agenda entries, presenters and venue, attendance, declarations,
    minutes or notes) and snippet text. Its decisions are results of their own (decision_doc)."""
    agenda = " ".join(agenda_line(e) for e in meeting.agenda)
    # An entry with a published paper counts as body text here: the paper, which has the title as its own, is
    # the better answer; entries without one (verbal updates, apologies) and presenters count as headings.
    own = " ".join(agenda_line(e) for e in meeting.agenda if e.paper is None)
    presenters = " ".join(e.presenter for e in meeting.agenda if e.paper is not None and e.presenter)
    notes = plain_text(meeting.notes) if meeting.notes else ""
    venue = meeting.venue or ""
    # Who attended counts as a presenter does: a name looked for is as likely to be a member as a presenter.
    people = " ".join(p["name"] for key, _ in ATTENDANCE for p in meeting.attendance.get(key) or [])
    declared = " ".join(declaration_line(d) for d in meeting.declarations)
    parts = [f"Venue: {venue}." if venue else "", f"Agenda: {agenda}" if agenda else "", *attendance_lines(meeting)]
    parts += [f"Declarations of interest: {declared}" if declared else ""]
    parts += [f"{notes_label(meeting)}: {notes}" if notes else ""]
    fields = [(TITLE, meeting_name(meeting)), (HEADING, own), (HEADING, presenters), (HEADING, venue)]
    fields += [(HEADING, people), (BODY, " ".join(attendance_lines(meeting))), (BODY, declared)]
    fields += [(BODY, " ".join(agenda_line(e) for e in meeting.agenda if e.paper is not None)), (BODY, notes)]
    return fields, " ".join(p for p in parts if p)


def meeting_doc(meeting: Meeting) -> Doc:
    """A meeting as a search document."""
    details = [meeting.time or "", meeting.venue or ""]
    return Doc(
        {
            "k": "meeting",
            "t": meeting_name(meeting),
            "u": meeting.url,
            "m": ", ".join(d for d in details if d) or "Time and venue not known",
            "i": None,
            "h": [],
        },
        (
            "meeting",
            meeting_name(meeting),
            meeting.venue or "",
            meeting.notes,
            notes_label(meeting),
            # Each list with its length, so that no line can pass from one list to the next unnoticed.
            str(len(meeting.agenda)),
            *(agenda_line(e) for e in meeting.agenda),
            str(len(meeting.attendance)),
            *attendance_lines(meeting),
            *(declaration_line(d) for d in meeting.declarations),
        ),
        functools.partial(meeting_fields, meeting),
        {
            "type": ["meeting"],
            "theme": [],
            "year": [str(meeting.date.year)] if meeting.date else [],
            "board": [meeting.board.id],
            "from": [],
        },
    )


def update_line(update: dict[str, Any]) -> str:
    """One update of an action as the log records it."""
    date = update.get("date")
    return f"{long_date(date)}: {update.get('text') or ''}" if date else str(update.get("text") or "")


def action_fields(action: Action) -> tuple[list[tuple[int, str]], str]:
    """An action's weighted fields (its text, owner, updates) and snippet text."""
    updates = " ".join(update_line(u) for u in action.updates)
    owner = action.owner or ""
    text = " ".join(p for p in [action.action, f"Owner: {owner}." if owner else "", updates] if p)
    return [(TITLE, f"Action {action.number}"), (HEADING, action.action), (HEADING, owner), (BODY, updates)], text


def action_doc(action: Action) -> Doc:
    """An action of the log as a search document, linking to its row."""
    raised = f"raised {long_date(action.raised_meeting)}" + (
        f", item {action.raised_item}" if action.raised_item else ""
    )
    details = [f"Owner: {action.owner}" if action.owner else "", raised, (action.status or "").capitalize()]
    return Doc(
        {
            "k": "action",
            "t": f"Action {action.number}: {action.action}",
            "u": f"actions/#action-{action.number.replace('.', '-')}",
            "m": "Action log: " + ", ".join(d for d in details if d),
            "i": None,
            "h": [],
        },
        ("action", action.number, action.action, action.owner or "", *(update_line(u) for u in action.updates)),
        functools.partial(action_fields, action),
        {
            "type": ["action"],
            "theme": [],
            "year": [str(action.raised_meeting.year)],
            "board": [action.meeting.board.id] if action.meeting else [],
            "from": [],
        },
    )


def notice_fields(notice: Notice) -> tuple[list[tuple[int, str]], str]:
    """A published decision notice's weighted fields (title, number, decision, reasons, financial implications,
    body) and snippet text, as its page shows them."""
    body = plain_text(notice.body) if notice.body else ""
    reasons, money = notice.reasons or "", notice.financial_implications or ""
    parts = [
        f"Decision: {notice.decision}",
        f"Reasons: {reasons}" if reasons else "",
        f"Financial implications: {money}" if money else "",
        body,
    ]
    fields = [(TITLE, notice.title), (HEADING, f"Decision notice {notice.number}"), (HEADING, notice.decision)]
    fields += [(SUMMARY, reasons), (BODY, money), (BODY, headings(notice.body)), (BODY, body)]
    return fields, " ".join(p for p in parts if p)


def notice_doc(notice: Notice, matter_names: dict[str, str]) -> Doc:
    """A published decision notice as a search document, linking to its page."""
    return Doc(
        {
            "k": "notice",
            "t": notice.title,
            "u": notice.url,
            "m": f"Decision notice {notice.number}, {long_date(notice.date)}",
            "i": None,
            "h": [matter_names.get(m, m) for m in notice.matters],
        },
        (
            "notice",
            notice.title,
            notice.number,
            notice.decision,
            notice.reasons or "",
            notice.financial_implications or "",
            notice.body,
        ),
        functools.partial(notice_fields, notice),
        {"type": ["notice"], "theme": [], "year": [str(notice.date.year)], "board": [], "from": []},
    )


def agenda_title(meeting: Meeting, number: str | None) -> str:
    """The title the meeting's agenda shows for item `number` (a paper not published: its public title)."""
    return next((e.title for e in meeting.agenda if number and e.number == number), "")


def decision_fields(decision: Decision, item: str) -> tuple[list[tuple[int, str]], str]:
    """A decision of the minutes: its text and outcome count as a recommendation does, its item's title as body
    text (the item's paper, which has that title as its own, is the better answer to it)."""
    outcome = (decision.outcome or "").capitalize()
    text = " ".join(p for p in [f"{outcome}: {decision.text}" if outcome else decision.text, item] if p)
    return [(HEADING, decision.text), (HEADING, outcome), (BODY, item)], text


def decision_doc(decision: Decision, matter_names: dict[str, str]) -> Doc:
    """A decision recorded in a meeting's minutes, linking to its agenda row on the meeting's page."""
    meeting = decision.meeting
    assert meeting is not None
    title = agenda_title(meeting, decision.item)
    item = f"Item {decision.item}" + (f": {title}." if title else ".") if decision.item else ""
    outcome = (decision.outcome or "").capitalize()
    return Doc(
        {
            "k": "decision",
            "t": (f"Decision on item {decision.item}" if decision.item else "Decision")
            + (f": {title}" if title else ""),
            "u": decision.url,
            "m": (f"{outcome} at " if outcome else "") + meeting_name(meeting),
            "i": decision.item,
            "h": [matter_names.get(m, m) for m in decision.matters],
        },
        ("decision", decision.text, decision.outcome or "", item),
        functools.partial(decision_fields, decision, item),
        {
            "type": ["decision"],
            "theme": [],
            "year": [str(meeting.date.year)] if meeting.date else [],
            "board": [meeting.board.id],
            "from": [],
        },
    )


def summary_doc(decision: Decision) -> Doc:
    """A decision notice that is not published, as the register shows it: its date and public summary only
    (nothing else of it is in the model). It has no page, so the result links to the decisions register."""
    date = f"Decision notice of {long_date(decision.date)}" if decision.date else "Decision notice"
    return Doc(
        {
            "k": "decision",
            "t": f"{date} (not published)",
            "u": "decisions/",
            "m": "Decisions register: its public summary",
            "i": None,
            "h": [],
        },
        ("summary", decision.text),
        lambda: ([(HEADING, decision.text)], decision.text),
        {
            "type": ["decision"],
            "theme": [],
            "year": [str(decision.date.year)] if decision.date else [],
            "board": [],
            "from": [],
        },
    )


def matter_doc(matter: Matter) -> Doc:
    """A matter followed across meetings as a search document, linking to its page."""
    description = matter.description or ""
    return Doc(
        {"k": "matter", "t": matter.title, "u": matter.url, "m": "Matter", "i": None, "h": []},
        ("matter", matter.title, description),
        lambda: ([(TITLE, matter.title), (SUMMARY, description)], description),
        {"type": ["matter"], "theme": [], "year": [], "board": [], "from": []},
    )


def decision_docs(site: Site) -> list[Doc]:
    """The decisions the public may read of, in the register's order (newest first): a published notice as
    itself, a notice that is not published as its public summary, a decision of the minutes on its own."""
    matter_names = {m.id: m.title for m in site.matters.values()}
    out = []
    for decision in site.decisions:
        if decision.notice is None:
            out.append(decision_doc(decision, matter_names))
        elif decision.notice.published:
            out.append(notice_doc(decision.notice, matter_names))
        elif decision.text:
            out.append(summary_doc(decision))
    return out


def theme_doc(theme: Theme) -> Doc:
    """A theme as a search document."""
    aim = theme.aim or ""
    return Doc(
        {"k": "theme", "t": theme.name, "u": f"themes/{theme.id}/", "m": "Theme", "i": None, "h": []},
        ("theme", theme.name, aim),
        lambda: ([(TITLE, theme.name), (BODY, aim)], aim),
        {"type": ["theme"], "theme": [theme.id], "year": [], "board": [], "from": []},
    )


def slug(text: str) -> str:
    """A file-name-safe id for a facet value, e.g. 'Chief Executive' -> 'chief-executive'."""
    return "-".join(WORD_RE.findall(fold(text))) or "value"


def author_ids(papers: list[Paper]) -> dict[str, str]:
    """Author text -> facet id; distinct texts never share an id."""
    authors: dict[str, str] = {}
    for text in sorted({p.from_ for p in papers if p.from_}):
        base, n = slug(text), 1
        while f"{base}{'' if n == 1 else f'-{n}'}" in authors.values():
            n += 1
        authors[text] = f"{base}{'' if n == 1 else f'-{n}'}"
    return authors


def documents(site: Site) -> list[Doc]:
    """Every public record as a search document: papers (in the site's order, newest meeting first), meetings,
    decisions and decision notices (the register's order), actions (in the log's order), matters and themes (by
    id)."""
    theme_names = {t.id: t.name for t in site.themes.values()}
    authors = author_ids(site.papers)
    docs = [paper_doc(p, theme_names, authors.get(p.from_ or "")) for p in site.papers]
    docs += [meeting_doc(m) for m in site.meetings]
    docs += decision_docs(site)
    docs += [action_doc(a) for a in site.actions]
    docs += [matter_doc(site.matters[m]) for m in sorted(site.matters)]
    docs += [theme_doc(site.themes[t]) for t in sorted(site.themes)]
    return docs


@functools.lru_cache(maxsize=4096)  # gaps and weights are mostly small numbers, met again and again
def base36(number: int) -> str:
    """A non-negative integer in base 36 (what JavaScript's parseInt(s, 36) reads back)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def encode(ids: array, weights: array | None = None) -> str:
    """Ascending doc ids as base-36 gaps, each with '.weight' when the weight is not 1."""
    out, previous = [], 0
    for i, doc in enumerate(ids):
        weight = weights[i] if weights is not None else 1
        out.append(base36(doc - previous) + ("" if weight == 1 else "." + base36(weight)))
        previous = doc
    return ",".join(out)


@dataclass
class Index:
    """Term postings (ascending doc ids with weights) of the search documents."""

    docs: list[Doc]
    postings: dict[str, tuple[array, array]] = field(default_factory=dict)
    encoded: dict[str, str] = field(default_factory=dict)  # term -> encode(postings), where already known

    def add(self, doc: int, weights: dict[str, int]) -> None:
        """Add a document's term weights (doc_terms) as doc `doc`."""
        postings = self.postings
        for term, weight in weights.items():
            entry = postings.get(term)
            if entry is None:  # not setdefault(): that made two arrays for every term of every document
                entry = postings[term] = (array(INT), array(INT))
            entry[0].append(doc)
            entry[1].append(weight)


def doc_terms(doc: Doc) -> tuple[dict[str, int], str]:
    """A document's term weights and its snippet text."""
    fields, text = doc.read()
    return weigh(fields), text


def squash(counts: dict[str, int]) -> str:
    """Term weights as one string, 'term weight term weight ...' (terms have no spaces): a tenth of a dict's
    memory, which at 10,000 papers kept in the memo was what mattered."""
    return " ".join(f"{term} {n}" for term, n in counts.items())


def unsquash(text: str) -> dict[str, int]:
    """The term weights `squash` made."""
    parts = text.split(" ") if text else []
    return dict(zip(parts[::2], map(int, parts[1::2]), strict=False))  # a cut-off memo: the pairs it has


class Memo:
    """Each document's term weights and packed text from the last build, keyed by a digest of what they are made
    from (Doc.raw), and that build's postings: a rebuild reads again only the documents that changed and, when
    none moved, redoes only the postings of their terms. Kept in two files in the build cache; without a folder
    it keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.old: dict[str, tuple[str, str]] = self.load("docs.pickle") or {}  # key -> (squashed, packed)
        self.new: dict[str, tuple[str, str]] = {}
        self.keys: list[str] = []  # this build's documents' keys, in doc order

    def load(self, name: str) -> Any:
        """A pickled file of the memo, or None if there is none or it was written by other code."""
        path = self.folder / name if self.folder else None
        try:
            if not path or not path.exists():
                return None
            with path.open("rb") as file:  # read as it is unpickled: no second copy of the file in memory
                code, value = pickle.load(file)
        except Exception:  # noqa: BLE001 (a damaged cache is only a slower build)
            return None
        return value if code == CODE else None

    def terms(self, doc: Doc) -> tuple[str, str, dict[str, int] | None]:
        """(key, packed text, term weights if just counted, else None: see counts); documents in doc order."""
        key = hashlib.sha256("\0".join([CODE, *doc.raw]).encode("utf-8", "surrogatepass")).hexdigest()
        found = self.old.get(key) or self.new.get(key)
        weights = None
        if found is None:
            weights, text = doc_terms(doc)
            found = (squash(weights), pack(text))
        self.new[key] = found
        self.keys.append(key)
        return key, found[1], weights

    def counts(self, key: str) -> dict[str, int]:
        """The term weights of a document of this build or the last, by key."""
        return unsquash((self.new.get(key) or self.old[key])[0])

    def last_postings(self, docs: int) -> tuple[list[str], dict[str, tuple[array, array]], dict[str, str]] | None:
        """The last build's (keys, postings, encoded postings) if it had `docs` documents too, else None."""
        last = self.load("index.pickle")
        return last if last and len(last[0]) == docs else None

    def update(
        self,
        last: tuple[list[str], dict[str, tuple[array, array]], dict[str, str]],
    ) -> tuple[dict[str, tuple[array, array]], dict[str, str]] | None:
        """The last build's postings brought up to date for the documents whose key changed (same doc ids), with
        the encoded postings of the terms left as they were; None if a changed document's old weights are gone."""
        keys, postings, encoded = last
        changed = [d for d, (was, now) in enumerate(zip(keys, self.keys, strict=False)) if was != now]
        if any(keys[d] not in self.old for d in changed):
            return None
        before = {d: self.counts(keys[d]) for d in changed}
        after = {d: self.counts(self.keys[d]) for d in changed}
        touched = {t for d in changed for t in (*before[d], *after[d])}
        gone = set(changed)
        for term in touched:
            ids, weights = postings.pop(term, (array(INT), array(INT)))
            encoded.pop(term, None)
            entries = [(d, w) for d, w in zip(ids, weights, strict=True) if d not in gone]
            entries += [(d, after[d][term]) for d in changed if term in after[d]]
            if entries:
                entries.sort()
                postings[term] = (array(INT, [d for d, _ in entries]), array(INT, [w for _, w in entries]))
        return postings, encoded

    def save(self, index: Index, encoded: dict[str, str]) -> None:
        """Keep what this build used (only that: the files stay the size of one archive) and its postings."""
        if self.folder is None:
            return
        if self.new.keys() != self.old.keys():
            dump(self.folder / "docs.pickle", self.new)
        dump(self.folder / "index.pickle", (self.keys, index.postings, encoded))


def dump(path: Path, value: Any) -> None:
    """Write one file of the memo whole (a stopped build leaves the old file or the new, never half)."""
    tmp = path.parent / f".tmp-{os.getpid()}"
    with tmp.open("wb") as file:  # written as it is pickled: no copy of it all in memory
        pickle.dump((CODE, value), file, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def build_index(site: Site, each: Callable[[int, Doc, str], None] | None = None, memo: Memo | None = None) -> Index:
    """Index every search document; doc n is the n-th of documents(site). `each(n, doc, packed text)` is called
    as each document is read, so its text need not be kept for later. With a memo, the index's `encoded` holds
    the encoded postings of terms that did not change."""
    index = Index(documents(site))
    memo = memo or Memo(None)
    last = memo.last_postings(len(index.docs))
    for n, doc in enumerate(index.docs):
        key, packed, weights = memo.terms(doc)
        if last is None:  # indexed as read, so no document's weights are kept for later
            index.add(n, weights if weights is not None else memo.counts(key))
        if each is not None:
            each(n, doc, packed)
    updated = memo.update(last) if last is not None else None
    if updated is not None:
        index.postings, index.encoded = updated
    elif last is not None:  # the last postings could not be brought up to date: index every document again
        for n in range(len(index.docs)):
            index.add(n, memo.counts(memo.keys[n]))
    return index


def facet_options(site: Site, docs: list[Doc]) -> dict[str, list[tuple[str, str]]]:
    """For each facet kind, its values in display order as (id, label): kinds in KINDS' order, years newest
    first, the rest by label."""
    theme_names = {t.id: t.name for t in site.themes.values()}
    labels: dict[str, dict[str, str]] = {kind: {} for kind, _ in FACET_KINDS}
    labels["type"] = dict(KINDS)
    labels["board"] = {b.id: b.name for b in site.boards.values()}
    labels["from"] = {v: k for k, v in author_ids(site.papers).items()}
    used: dict[str, set[str]] = {kind: set() for kind, _ in FACET_KINDS}
    for doc in docs:
        for kind, values in doc.facets.items():
            used[kind].update(values)
    out: dict[str, list[tuple[str, str]]] = {}
    for kind, _ in FACET_KINDS:
        names = {v: (theme_names.get(v, v) if kind == "theme" else labels[kind].get(v, v)) for v in used[kind]}
        if kind == "type":
            order = [k for k, _ in KINDS if k in names]
        elif kind == "year":
            order = sorted(names, key=lambda v: (-int(v), v))
        else:
            order = sorted(names, key=lambda v: (names[v].lower(), v))
        out[kind] = [(v, names[v]) for v in order]
    return out


def facets(site: Site) -> list[dict[str, Any]]:
    """The filters the search page offers: each kind with its values, labels and counts over the whole index
    (the page shows these before a search; search.js counts the current query's)."""
    docs = documents(site)
    options = facet_options(site, docs)
    counts = Counter((kind, v) for doc in docs for kind, values in doc.facets.items() for v in values)
    return [
        {
            "kind": kind,
            "name": name,
            "options": [{"id": v, "label": label, "count": counts[kind, v]} for v, label in options[kind]],
        }
        for kind, name in FACET_KINDS
        if options[kind]
    ]


def digits(number: int, width: int) -> str:
    """`number` in base 64 (DIGITS), `width` digits."""
    out = ""
    for _ in range(width):
        number, rest = divmod(number, 64)
        out = DIGITS[rest] + out
    return out


def facet_table(site: Site, docs: list[Doc]) -> dict[str, Any]:
    """facets.js: per kind its value ids and every document's values packed in `width` base-64 digits each: a
    bit per value where a document may have several (themes), else the value's position plus one (0: none)."""
    out = {}
    for kind, values in facet_options(site, docs).items():
        position = {v: i for i, (v, _) in enumerate(values)}
        multi = kind in MULTI
        width = max(1, math.ceil(len(values) / 6) if multi else math.ceil(math.log(len(values) + 1, 64)))
        codes = []
        for doc in docs:
            found = [position[v] for v in doc.facets.get(kind, [])]
            number = sum(1 << p for p in set(found)) if multi else (found[0] + 1 if found else 0)
            codes.append(digits(number, width))
        out[kind] = {"values": [v for v, _ in values], "multi": multi, "width": width, "docs": "".join(codes)}
    return out


def shards(entries: list[tuple[str, str]], prefix: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    """Group sorted (term, postings) into shards named by a common prefix, splitting any over SHARD_BYTES.

    A shard named P holds every term starting with P, unless P was split: then it holds only the term P
    itself, and P+c shards hold the rest. A term is looked up in the shard with its longest listed prefix.
    """
    size = sum(len(t) + len(p) + 6 for t, p in entries)
    if prefix and (size <= SHARD_BYTES or all(t == prefix for t, _ in entries)):
        return [(prefix, entries)]
    out = [(prefix, [e for e in entries if e[0] == prefix])] if prefix and entries[0][0] == prefix else []
    groups: dict[str, list[tuple[str, str]]] = {}
    for term, postings in entries:
        if term != prefix:
            groups.setdefault(term[len(prefix)], []).append((term, postings))
    for char in sorted(groups):
        out.extend(shards(groups[char], prefix + char))
    return out


def script(key: str, data: Any) -> str:
    """One index file: a call registering `data` under `key` (ASCII only, so no charset can garble it)."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    # <, > and & as \u escapes too: the same strings, and no '</script>' or markup in any index file.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"bpSearchAdd({json.dumps(key)},{text});\n"


def pack(text: str) -> str:
    """`text` as raw DEFLATE (zlib's best level, so the same bytes every build) in base64."""
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    return base64.b64encode(squeezer.compress(text.encode("utf-8")) + squeezer.flush()).decode("ascii")


def unpack(packed: str) -> str:
    """The text `pack` packed (what search.js does in the browser)."""
    return zlib.decompress(base64.b64decode(packed), -15).decode("utf-8")


def vocabulary(words: list[str]) -> list[tuple[str, str]]:
    """Sorted terms (not numbers) as (file key, space-separated terms): by first letter, in parts of at most
    VOCAB_BYTES. search.js loads a letter's files to correct a word of that letter that no document has."""
    letters: dict[str, list[list[str]]] = {}
    size: dict[str, int] = {}  # of each letter's last part
    for word in words:
        if word[0].isdigit():
            continue
        parts = letters.setdefault(word[0], [[]])
        if size.get(word[0], 0) + len(word) + 1 > VOCAB_BYTES:
            parts.append([])
            size[word[0]] = 0
        parts[-1].append(word)
        size[word[0]] = size.get(word[0], 0) + len(word) + 1
    return [(f"vocab/{c}-{n}", " ".join(part)) for c in sorted(letters) for n, part in enumerate(letters[c])]


def doc_record(doc: Doc, packed: str) -> dict[str, Any]:
    """What a result shows: kind, title, link, details, agenda item, themes, and the packed text for its snippet."""
    return {**doc.record, "z": packed}


class Writer:
    """Write the index files of one site into `out/search/`; a file the site as staged has the same already (see
    boardpapers.staging) is kept as it is (making a file was most of a rebuild's index time on a slow disk)."""

    def __init__(self, site: Site, out: Path, cache: Path | None = None, staging: Staging | None = None) -> None:
        self.site = site
        self.root = out
        self.cache = cache
        self.staging = staging
        self.shard_of: dict[str, str] = {}
        self.index = Index([])
        self.made: set[str] = set()  # folders made

    def put(self, key: str, data: Any) -> None:
        """Write search/<key>.js (plain strings and a set of made folders: pathlib's cost showed, file by file)."""
        rel = f"search/{key}.js"
        text = script(key, data)
        digest = hashlib.sha256(text.encode("ascii")).hexdigest() if self.staging else ""
        if self.staging and self.staging.keep(rel, digest):
            return
        folder = os.path.join(self.root, "search", os.path.dirname(key))
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        with open(os.path.join(self.root, rel), "w", encoding="utf-8") as out:
            out.write(text)
        if self.staging:
            self.staging.wrote(rel, digest)

    def write(self) -> None:
        """Every index file, then the manifest."""
        memo = Memo(self.cache)
        if self.cache:
            self.cache.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(self.cache / "files", ignore_errors=True)  # files an older build linked into its sites
        # Each document's result file is written as it is indexed: the archive's text is never all in memory.
        self.index = build_index(self.site, lambda n, doc, packed: self.put(f"docs/{n}", doc_record(doc, packed)), memo)
        known = self.index.encoded
        entries = [(t, known.get(t) or encode(*self.index.postings[t])) for t in sorted(self.index.postings)]
        names = []
        for name, group in shards(entries):
            self.put(f"terms/{name}", dict(group))
            names.append(name)
            self.shard_of.update((t, name) for t, _ in group)
        vocab = vocabulary([t for t, _ in entries])
        for key, words in vocab:
            self.put(key, words)
        self.put("facets", facet_table(self.site, self.index.docs))
        self.put(
            "meta",
            {
                "docs": len(self.index.docs),
                "page": PAGE_SIZE,
                "shards": names,
                "stop": list(STOP_WORDS),
                "vocab": [key.removeprefix("vocab/") for key, _ in vocab],
            },
        )
        self.manifest()
        if self.cache:
            memo.save(self.index, dict(entries))

    def common_term(self) -> str | None:
        """The term in the most documents (ties: words, then alphabetical): a typical first query, at its heaviest."""
        if not self.index.postings:
            return None
        # Words before numbers: people search for 'police', not '2011'.
        return min(self.index.postings, key=lambda t: (-len(self.index.postings[t][0]), t.isdigit(), t))

    def manifest(self) -> None:
        """search/manifest.json: the files a first query for the most common word loads, for the benchmark."""
        word = self.common_term()
        files = ["assets/javascripts/search.js", "assets/javascripts/stemmer.js", "search/meta.js", "search/facets.js"]
        if word is not None:
            files.append(f"search/terms/{self.shard_of[word]}.js")
            files += [f"search/docs/{d}.js" for d in rank(self.index, [word])[:PAGE_SIZE]]
        data = {
            "first_query": files,
            "query": word,
            "documents": len(self.index.docs),
            "papers": len(self.site.papers),
            "note": "Files a first query for `query` (the word in most documents) loads on the search page, "
            "relative to the site root; the page itself and the theme's assets are not included.",
        }
        path = self.root / "search" / "manifest.json"
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def idf(docs: int, found: int) -> float:
    """BM25's inverse document frequency of a term found in `found` of `docs` documents (as search.js)."""
    return math.log(1 + (docs - found + 0.5) / (found + 0.5))


def rank(index: Index, words: list[str]) -> list[int]:
    """Doc ids holding any of the words, best first, as search.js ranks them before its phrase bonus: those with
    every word first, then the others; each by score (each word's weight times its idf, summed in the query's
    order), times the share of the words a document has, rounded to six places; ties in doc order."""
    scores: dict[int, float] = {}
    matched: Counter[int] = Counter()
    unique = list(dict.fromkeys(words))
    for word in unique:
        ids, weights = index.postings.get(word, (array(INT), array(INT)))
        factor = idf(len(index.docs), len(ids))
        for doc, weight in zip(ids, weights, strict=True):
            scores[doc] = scores.get(doc, 0.0) + weight * factor
            matched[doc] += 1
    n = len(unique)
    return sorted(scores, key=lambda d: (matched[d] < n, -round(scores[d] * matched[d] / n, 6), d))


def write(site: Site, out: Path, config: Any, cache: Path | None = None, staging: Staging | None = None) -> None:
    """Post-processing step: write the search index of every public record (`cache`: see Memo; `staging`: see
    Writer)."""
    Writer(site, out, cache / "search" if cache else None, staging).write()
