"""Cross-references between papers: `[[2019-09-18#5.1]]` and `[[2019-09-18#5.1|text]]`.

Only these explicit references link. Prose such as "see Agenda item 5.1" is never turned into a link: papers
cite items of other meetings in prose all the time ("Agenda Item 5.1 at the July meeting"), and a guess that it
means this meeting's item would link the wrong paper. The scanner still finds that prose, so `check` can
suggest an explicit reference, as a warning, where this meeting has such an item.

One scanner finds references in a paper's or a decision notice's Markdown body; `problems` reports explicit
references that name a meeting or item that does not exist (for `check`), `suggestions` the prose that could be
one, `link` (`link_notice`) turns references into Markdown links (for the generated page), and `Referrers`
answers "which published papers refer to this one" (for the paper page's "Referred to by").
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from boardpapers.content.model import AgendaEntry, Meeting, Notice, Paper, Site
from boardpapers.content.problems import Problem

ITEM = r"\d+(?:\.\d+)*"
# Spans that are left alone (code, existing links, HTML tags and links), then the two reference forms.
SCAN_RE = re.compile(
    r"(?=[`<!\[Aa])"  # what every branch starts with: lets the scan pass other characters quickly (2x faster)
    # Every repeat is bounded: an unclosed '[[', '<' or '`' repeated down a long line made the scan quadratic
    # (a 2 MB body of '[' took hours); constructs longer than these bounds are not references or skips.
    r"(?P<skip>```.{0,20000}?```|`[^`\n]{0,300}`|<a\b[^>]{0,300}>.{0,300}?</a>"
    r"|!?\[[^\]\n]{0,300}\]\([^)\n]{0,300}\)|<[^>\n]{0,300}>)"
    rf"|\[\[(?P<folder>[^\]\|#\n]{{0,200}})(?:#(?P<item>[^\]\|\n]{{0,50}}))?(?:\|(?P<text>[^\]\n]{{0,500}}))?\]\]"
    rf"|\b(?P<plain>[Aa]genda [Ii]tem (?P<plain_item>{ITEM}))\b",
    re.S,
)
EXAMPLE = "[[2019-09-18#5.1]]"


@dataclass(frozen=True)
class Ref:
    """One reference found in a paper's body."""

    start: int
    end: int
    raw: str
    folder: str
    item: str | None
    text: str | None
    plain: bool  # prose such as "Agenda item 5.1" (folder: this paper's meeting): never linked


@dataclass(frozen=True)
class Target:
    """Where a reference leads: a meeting, and the agenda entry when an item is named."""

    meeting: Meeting
    entry: AgendaEntry | None


def find(paper: Paper, text: str | None = None) -> list[Ref]:
    """Every explicit reference in `text` (default: the paper's body), in order."""
    return [r for r in scan(paper, text) if not r.plain]


def scan(paper: Paper, text: str | None = None) -> list[Ref]:
    """Every explicit reference and every prose mention of an agenda item in `text` (default: the body)."""
    if text is None:  # the body is scanned by check, by Referrers and again per page: scan it once
        return _body_refs(paper)
    return list(_scan(paper.meeting.folder, text))


def notice_refs(notice: Notice, text: str | None = None) -> list[Ref]:
    """Every explicit reference in `text` (default: the notice's body). A notice belongs to no meeting, so
    prose naming an agenda item is about no item it could mean, and is never a reference."""
    return [r for r in _scan("", notice.body if text is None else text) if not r.plain]


def _body_refs(paper: Paper) -> list[Ref]:
    """The references in the paper's own body, kept on the paper (with the body, so an edit rescans)."""
    cached = paper.__dict__.get("_xref_refs")
    if cached is None or cached[0] is not paper.body:
        cached = (paper.body, list(_scan(paper.meeting.folder, paper.body)))
        paper.__dict__["_xref_refs"] = cached
    return cached[1]


def _scan(folder: str, text: str) -> Iterator[Ref]:
    """Scan `text` for references; prose ones name an item of the meeting in `folder`."""
    if "[[" not in text and "genda" not in text:  # neither form can be there: no scan (most papers)
        return
    for match in SCAN_RE.finditer(text):
        if match.group("skip") is not None:
            continue
        if match.group("plain") is not None:
            yield Ref(
                match.start("plain"),
                match.end("plain"),
                match.group("plain"),
                folder,
                match.group("plain_item"),
                None,
                True,
            )
        else:
            yield Ref(
                match.start(),
                match.end(),
                match.group(0),
                match.group("folder").strip(),
                match.group("item").strip() if match.group("item") is not None else None,
                match.group("text").strip() if match.group("text") else None,
                False,
            )


def numbered(meeting: Meeting) -> list[str]:
    """The meeting's agenda numbers, in agenda order."""
    return [e.number for e in meeting.agenda if e.number]


def find_item(meeting: Meeting, number: str) -> AgendaEntry | None:
    """The agenda entry numbered `number`, or else `number` with '.0' added or dropped (papers write item 8 as
    "8.0" and the other way round); an exact number always wins."""
    by_number = {e.number: e for e in meeting.agenda if e.number}
    other = number[:-2] if number.endswith(".0") else f"{number}.0"
    return by_number.get(number) or by_number.get(other)


def resolve(ref: Ref, meetings: dict[str, Meeting]) -> Target | str:
    """The explicit reference's target, or a message saying why it has none."""
    meeting = meetings.get(ref.folder)
    if meeting is None:
        close = difflib.get_close_matches(ref.folder, list(meetings), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return (
            f"'{ref.raw}' refers to meeting '{ref.folder}', which is not in content/meetings, {hint}expected "
            f"[[<meeting folder>#<agenda item>]], e.g. {EXAMPLE}"
        )
    if ref.item is None:
        return Target(meeting, None)
    entry = find_item(meeting, ref.item)
    if entry is not None:
        return Target(meeting, entry)
    known = ", ".join(numbered(meeting)) or "none"
    return (
        f"'{ref.raw}' refers to agenda item {ref.item} of meeting {meeting.folder}, which has no such item, "
        f"expected one of its agenda numbers ({known}), e.g. {EXAMPLE}"
    )


@dataclass(frozen=True)
class Body:
    """A paper's body the model does not hold (its front-matter has problems), for its links' and references'
    checks all the same: every problem in one run."""

    source: str  # the file, as messages show it
    folder: str  # its meeting's folder name
    text: str
    line: int  # the file line the body starts on


def line_of(text: str, first_line: int, ref: Ref) -> int:
    """The file line a reference in `text` (which starts on the file's `first_line`) is on."""
    return first_line + text.count("\n", 0, ref.start)


def problems(
    site: Site,
    papers: list[Paper],
    notices: list[Notice] | None = None,
    bodies: list[Body] | None = None,
    unsure: set[tuple[str, str | None]] | None = None,
) -> list[Problem]:
    """A problem for every reference in `papers`, `notices` and the `bodies` of papers the model does not hold
    (their front-matter has problems) that names a meeting or agenda item that does not exist; but not one to
    an item (meeting folder, number) or a meeting (folder, None) of `unsure`, not in the model for a problem of
    its own."""
    meetings = {m.folder: m for m in site.meetings}
    out: list[Problem] = []

    def nowhere(ref: Ref) -> str | None:
        """Why a reference leads nowhere, unless it may lead somewhere once a problem elsewhere is fixed."""
        found = resolve(ref, meetings)
        sure = not unsure or ((ref.folder, ref.item) not in unsure and (ref.folder, None) not in unsure)
        return found if isinstance(found, str) and sure else None

    for body in bodies or []:
        for ref in _scan(body.folder, body.text):
            found = nowhere(ref) if not ref.plain else None
            if found is not None:
                out.append(Problem(body.source, line_of(body.text, body.line, ref), "body", found))
    for paper in papers:
        for ref in find(paper):
            found = nowhere(ref)
            if found is not None:
                out.append(Problem(paper.source, line_of(paper.body, paper.body_line, ref), "body", found))
    for notice in notices or []:
        for ref in notice_refs(notice):
            found = nowhere(ref)
            if found is not None:
                out.append(Problem(notice.source, line_of(notice.body, notice.body_line, ref), "body", found))
    return out


def suggestions(papers: list[Paper]) -> list[Problem]:
    """A warning for prose that names an item of the paper's own meeting ("see Agenda item 5.1"): left as
    written, it may be meant as a link. Prose naming a number this meeting lacks is about another meeting."""
    out: list[Problem] = []
    for paper in papers:
        for ref in scan(paper):
            entry = find_item(paper.meeting, ref.item or "") if ref.plain else None
            if entry is None or entry.paper is paper:
                continue
            folder = paper.meeting.folder
            out.append(
                Problem(
                    paper.source,
                    line_of(paper.body, paper.body_line, ref),
                    "body",
                    f"'{ref.raw}' is left as written (prose is never made a link); if it means item {ref.item} "
                    f"of this meeting, write [[{folder}#{ref.item}|{ref.raw}]] to link it",
                    warning=True,
                )
            )
    return out


def long_date(meeting: Meeting) -> str:
    """The meeting's date as the site prints it, e.g. 18 September 2019."""
    return f"{meeting.date.day} {meeting.date:%B %Y}" if meeting.date else "date not known"


def label(ref: Ref, target: Target, here: Meeting | None) -> str:
    """The words of the link: the author's text, the paper's own words, or a description of the target."""
    if ref.text:
        return ref.text
    meeting = f"{target.meeting.board.name}, {long_date(target.meeting)}"
    if target.entry is None:
        return meeting
    return f"agenda item {ref.item}" + ("" if target.meeting is here else f" ({meeting})")


def href(folder: str, target: Target) -> str:
    """The staged Markdown path of the target, relative to the staged folder (e.g. meetings/2019-09-18, or
    decisions) of the page that links to it."""
    entry = target.entry
    if entry is not None and entry.paper is not None:
        page, anchor = f"meetings/{target.meeting.folder}/{entry.paper.slug}.md", ""
    else:
        page = f"meetings/{target.meeting.folder}/index.md"
        anchor = f"#item-{entry.number.replace('.', '-')}" if entry is not None and entry.number else ""
    return posixpath.relpath(page, folder) + anchor


def escape(text: str) -> str:
    """Text safe inside Markdown link brackets."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def link(site: Site, paper: Paper, markdown: str, meetings: dict[str, Meeting] | None = None) -> str:
    """The paper's Markdown with every reference that resolves turned into a link (others left as written).
    `meetings`: the site's meetings by folder, if the caller has them (made here otherwise: once per paper
    made a whole site's linking quadratic)."""
    meetings = meetings if meetings is not None else {m.folder: m for m in site.meetings}
    return linked(markdown, find(paper, markdown), meetings, paper.meeting, f"meetings/{paper.meeting.folder}")


def link_notice(site: Site, notice: Notice, markdown: str, meetings: dict[str, Meeting] | None = None) -> str:
    """A decision notice's Markdown with every reference that resolves turned into a link, as link() does for a
    paper; its links are relative to content/decisions/."""
    meetings = meetings if meetings is not None else {m.folder: m for m in site.meetings}
    return linked(markdown, notice_refs(notice, markdown), meetings, None, "decisions")


def linked(markdown: str, refs: list[Ref], meetings: dict[str, Meeting], here: Meeting | None, folder: str) -> str:
    """`markdown` with each of `refs` that resolves made a link, relative to the staged `folder` of the page
    written from a file of the meeting `here` (None: of no meeting); others are left as written."""
    out: list[str] = []
    last = 0
    for ref in refs:
        target = resolve(ref, meetings)
        if not isinstance(target, Target):
            continue  # check() has refused bad references
        out.append(markdown[last : ref.start])
        out.append(f"[{escape(label(ref, target, here))}]({href(folder, target)})")
        last = ref.end
    out.append(markdown[last:])
    return "".join(out)


class Referrers:
    """Which published papers, then which published decision notices, refer to each published paper (by an
    explicit reference)."""

    def __init__(self, site: Site) -> None:
        meetings = {m.folder: m for m in site.meetings}
        self.by_target: dict[int, list[Paper | Notice]] = {}
        self.pairs: list[tuple[str, str]] = []  # (the referred-to paper's file, the referring file), in order
        referring: list[tuple[Paper | Notice, list[Ref]]] = [(p, find(p)) for p in site.papers]
        referring += [(n, notice_refs(n)) for n in site.notices if n.published]
        for source, refs in referring:
            for ref in refs:
                target = resolve(ref, meetings)
                if isinstance(target, Target) and target.entry is not None and target.entry.paper is not None:
                    found = self.by_target.setdefault(id(target.entry.paper), [])
                    if target.entry.paper is not source and source not in found:
                        found.append(source)
                        self.pairs.append((target.entry.paper.source, source.source))

    def __call__(self, paper: Paper) -> list[Paper | Notice]:
        """Published papers that refer to `paper`, in the site's paper order, then published notices."""
        return self.by_target.get(id(paper), [])
