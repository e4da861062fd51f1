"""The content model: boards, themes, meetings, papers and actions, as read and checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from boardpapers.content.attachments import Attachment
from boardpapers.content.problems import Problem
from boardpapers.content.schema import PUBLISHED_CLASSIFICATION

RESTRICTED_TITLE = "Restricted item"


def item_key(number: str | None) -> tuple[int, ...]:
    """Sort key for agenda numbers: 5 < 5.0 < 5.1 < 10; unnumbered last."""
    if number is None:
        return (10**9,)
    return tuple(int(part) for part in number.split("."))


@dataclass
class Theme:
    """A theme papers are grouped by."""

    id: str
    name: str
    aim: str | None = None


@dataclass
class Board:
    """A board whose papers are published."""

    id: str
    name: str
    description: str | None = None
    terms_of_reference: str | None = None


class Publishing(Protocol):
    """What decides whether a paper or a decision notice is published (schema.PUBLISHING_FIELDS)."""

    status: str
    classification: str
    publish_on: dt.date | None


def public_on(record: Publishing, today: dt.date) -> bool:
    """Published, official and not embargoed on `today` (Europe/London): the one rule for the public site."""
    return (
        record.status == "published"
        and record.classification == PUBLISHED_CLASSIFICATION
        and (record.publish_on is None or record.publish_on <= today)
    )


def previewable(record: Publishing) -> bool:
    """Public now or once its embargo passes or its draft is published: a draft or embargoed record, never a
    withdrawn or classified one (what `serve --drafts` shows, and what check reads links of)."""
    return record.status in ("draft", "published") and record.classification == PUBLISHED_CLASSIFICATION


@dataclass
class Paper:
    """One paper of a meeting, with its front-matter and Markdown body."""

    source: str  # path as shown in messages, relative to the content folder's parent
    slug: str
    meeting: Meeting
    title: str
    agenda_item: str | None
    from_: str | None
    to: str
    date: dt.date | None
    themes: list[str]
    classification: str
    status: str
    body: str
    body_line: int
    publish_on: dt.date | None = None
    summary: str | None = None
    recommendations: list[str] = field(default_factory=list)
    contact_officers: list[dict[str, Any]] = field(default_factory=list)
    source_documents: list[dict[str, Any]] = field(default_factory=list)
    corrections: list[dict[str, Any]] = field(default_factory=list)  # {date, text}, newest first
    attachments: list[Attachment] = field(default_factory=list)  # files beside it, in the order listed
    matters: list[str] = field(default_factory=list)
    public_title: str | None = None
    first_published: dt.date | None = None  # on this site, from git history (set by the build when known)
    published: bool = False
    line: int = 1  # where agenda_item is written, for messages about the agenda

    @property
    def url(self) -> str:
        """Site path of the paper's page."""
        return f"{self.meeting.url}{self.slug}/"

    @property
    def last_changed(self) -> dt.date | None:
        """The date of its latest public correction, if it has one: what "last changed" means on the site."""
        return self.corrections[0]["date"] if self.corrections else None

    def is_public(self, today: dt.date) -> bool:
        """True if the paper may appear on the public site on `today`."""
        return public_on(self, today)


@dataclass
class AgendaEntry:
    """One line of a meeting's agenda: an item of meeting.md or a paper."""

    number: str | None
    title: str
    presenter: str | None = None
    verbal: bool = False
    paper: Paper | None = None  # set only for a published paper
    restricted: bool = False
    page: str | None = None  # a page of the site the item concerns (schema.SITE_PAGES), e.g. actions


@dataclass
class Meeting:
    """A meeting: its folder, details, agenda entries without papers, and its papers."""

    source: str
    folder: str
    board: Board
    date: dt.date | None
    time: str | None = None
    venue: str | None = None
    status: str | None = None
    items: list[dict[str, Any]] = field(default_factory=list)
    notes: str = ""
    notes_line: int = 1  # the file line the notes start on, for messages about them
    papers: list[Paper] = field(default_factory=list)
    agenda: list[AgendaEntry] = field(default_factory=list)
    # The public record, from the minutes: who attended, interests declared, decisions, and the minutes' state.
    attendance: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # present, apologies, in_attendance
    declarations: list[dict[str, Any]] = field(default_factory=list)  # {name, item, interest}
    decisions: list[Decision] = field(default_factory=list)
    minutes: dict[str, Any] | None = None  # {status, approved_at}: the notes are the minutes

    @property
    def url(self) -> str:
        """Site path of the meeting's page."""
        return f"meetings/{self.folder}/"

    def decisions_on(self, number: str | None) -> list[Decision]:
        """The decisions made on one agenda item."""
        return [d for d in self.decisions if d.item == number]

    @property
    def published_papers(self) -> list[Paper]:
        """Papers of this meeting on the public site, in agenda order."""
        return [e.paper for e in self.agenda if e.paper is not None]

    def sort_key(self) -> tuple[str, str]:
        """Newest-first ordering helper: dated meetings by date, undated by folder."""
        return (self.date.isoformat() if self.date else "", self.folder)


@dataclass
class Action:
    """One entry of the action log."""

    number: str
    raised_meeting: dt.date
    raised_item: str | None
    action: str
    owner: str | None
    target_date: dt.date | None
    status: str | None
    updates: list[dict[str, Any]] = field(default_factory=list)
    meeting: Meeting | None = None  # the raising meeting, when it is in the archive
    matters: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The id of the action's row in the action log."""
        return f"action-{self.number.replace('.', '-')}"

    def is_overdue(self, today: dt.date) -> bool:
        """An action recorded as open or ongoing whose target date has passed (unknown status: not flagged)."""
        return self.status in ("open", "ongoing") and self.target_date is not None and self.target_date < today


@dataclass
class Matter:
    """A matter followed across meetings (content/matters.yml)."""

    id: str
    title: str
    description: str | None = None

    @property
    def url(self) -> str:
        """Site path of the matter's page."""
        return f"matters/{self.id}/"


@dataclass
class Decision:
    """A decision: one recorded in a meeting's minutes (`meeting` set), or a decision notice (`notice` set)."""

    date: dt.date | None
    text: str  # the decision as recorded; for a notice not published, its public summary or ""
    outcome: str | None  # agreed, noted, deferred, rejected, amended; None for a notice
    matters: list[str]
    meeting: Meeting | None = None
    item: str | None = None
    notice: Notice | None = None

    @property
    def url(self) -> str:
        """Where the decision is read: the notice's page, or its row in the meeting's agenda; "" for a notice
        that is not published (it has no page)."""
        if self.notice is not None:
            return self.notice.url if self.notice.published else ""
        assert self.meeting is not None
        return f"{self.meeting.url}#item-{(self.item or '').replace('.', '-')}"


@dataclass
class Notice:
    """A decision notice (content/decisions/<id>.md): a decision made outside a meeting."""

    source: str
    id: str
    number: str
    date: dt.date
    title: str
    decision: str
    reasons: str | None
    financial_implications: str | None
    matters: list[str]
    classification: str
    status: str
    publish_on: dt.date | None
    public_summary: str | None
    body: str
    published: bool = False
    body_line: int = 1  # the file line the body starts on, for messages about its links and references

    @property
    def url(self) -> str:
        """Site path of the notice's page."""
        return f"decisions/{self.id}/"

    def is_public(self, today: dt.date) -> bool:
        """True if the notice may be shown whole on the public site on `today`."""
        return public_on(self, today)


@dataclass
class Site:
    """Everything read from content/, checked and cross-linked."""

    organisation: dict[str, Any]
    boards: dict[str, Board]
    themes: dict[str, Theme]
    meetings: list[Meeting]
    actions: list[Action]
    today: dt.date
    warnings: list[Problem] = field(default_factory=list)  # suggestions `check` prints; they stop nothing
    matters: dict[str, Matter] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)  # newest first, published or not (see Notice.published)
    # A digest of what the site was read from, but for the bodies of papers and notices (Loader.inputs): the same
    # inputs, the same pages, but a body's own page (pages.generate.Generator.sources).
    inputs: str = ""
    # The links of each body and meeting's notes (by its file), as Python-Markdown reads them (Loader.check_links):
    # where they lead is part of what a page is made from (boardpapers.pipeline).
    link_urls: dict[str, list[str]] = field(default_factory=dict)

    @property
    def decisions(self) -> list[Decision]:
        """Every decision the public may read of, newest first: meetings' and notices' (a notice not published
        as its public summary, or not at all without one)."""
        out = [d for m in self.meetings for d in m.decisions]
        for notice in self.notices:
            if notice.published or notice.public_summary:
                text = notice.decision if notice.published else notice.public_summary or ""
                out.append(Decision(notice.date, text, None, notice.matters if notice.published else [], notice=notice))
        return sorted(out, key=lambda d: d.date or dt.date.min, reverse=True)

    @property
    def papers(self) -> list[Paper]:
        """Every published paper, newest meeting first, then agenda order."""
        return [p for m in self.meetings for p in m.published_papers]
