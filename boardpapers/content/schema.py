"""The content schema: every field of every content file, declared once.

README's field reference, `check`'s messages and the scaffolds all read from these tables,
so a field cannot exist without being documented (tests/test_docs.py enforces it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict, Unpack

# Classification markings. Only OFFICIAL is ever published; the others exist so a paper that
# carries one is recognised and kept out of every output file rather than rejected as a typo.
PUBLISHED_CLASSIFICATION = "official"
CLASSIFICATIONS = ("official", "official-sensitive", "secret", "exempt")
PAPER_STATUSES = ("draft", "published", "withdrawn")
MEETING_STATUSES = ("scheduled", "held", "cancelled")
ACTION_STATUSES = ("open", "ongoing", "completed", "closed")
DECISION_OUTCOMES = ("agreed", "noted", "deferred", "rejected", "amended")
MINUTES_STATUSES = ("draft", "approved")
# The site's own pages an agenda item may name (`page: actions`): boardpapers.pages.generate.SITE_PAGES has their
# addresses.
SITE_PAGES = ("home", "meetings", "themes", "actions", "decisions", "matters", "search", "accessibility", "sitemap")


@dataclass(frozen=True)
class Field:
    """One front-matter or data-file field: its kind, whether it is required, and its documentation."""

    name: str
    kind: str  # a key of KIND_EXPECTED, or enum
    help: str
    example: str
    required: bool = False
    nullable: bool = False  # may be written as `null` to say "the source does not state this"
    choices: tuple[str, ...] = ()
    default: str = ""  # documentation of the default, not a value
    subfields: tuple[Field, ...] = field(default=())

    def expected(self) -> str:
        """Say in words what a valid value looks like."""
        if self.kind == "enum":
            return "one of: " + ", ".join(self.choices)
        return KIND_EXPECTED[self.kind]


KIND_EXPECTED = {
    "text": "a single line of text",
    "bool": "true or false",
    "longtext": "text",
    "date": "a date written YYYY-MM-DD",
    "time": "a 24-hour time written HH:MM",
    "item": "an agenda number such as 5 or 5.1",
    "id": "a short lower-case identifier (letters, digits, hyphens)",
    "ids": "a list of identifiers",
    "url": "a web address starting https:// or http://",
    "list": "a list of lines, each starting '- '",
    "records": "a list of entries, each starting '- '",
    "mapping": "key: value lines",
    "filename": "the name of a file beside the paper in its meeting folder",
}

# Kinds whose text may run over several lines; a value of any other kind is one line (a line break in a title
# would break a page head, a feed entry or a calendar event).
MULTILINE_KINDS = ("longtext",)


class FieldOptions(TypedDict, total=False):
    """Field's optional settings, as _f takes them."""

    required: bool
    nullable: bool
    choices: tuple[str, ...]
    default: str
    subfields: tuple[Field, ...]


def _f(name: str, kind: str, help: str, example: str, **kw: Unpack[FieldOptions]) -> Field:
    """Declare a field (keyword arguments as for Field)."""
    return Field(name, kind, help, example, **kw)


CONTACT_FIELDS = (
    _f("name", "text", "The officer's name as printed.", "Dorothy Gregson", required=True),
    _f("role", "text", "Their role, as printed.", "Chief Executive, OPCC"),
)
SOURCE_FIELDS = (
    _f("title", "text", "The document's title as printed.", "Police and Crime Plan", required=True),
    _f(
        "url",
        "url",
        "Where it can be read, if the paper gives an address.",
        "http://www.cambridgeshire-pcc.gov.uk/police-crime-plan/",
    ),
)
ITEM_FIELDS = (
    _f("number", "item", "Agenda number.", '"2"', required=True),
    _f("title", "text", "Agenda wording.", "Declarations of interest", required=True),
    _f("presenter", "text", "Who presents it, if the agenda says.", "Chief Constable"),
    _f("verbal", "bool", "true for a verbal update (no paper).", "true", default="false"),
    _f(
        "page",
        "enum",
        "The page of this site the item concerns, which its title then links to.",
        "actions",
        choices=SITE_PAGES,
    ),
)
UPDATE_FIELDS = (
    _f("date", "date", "Date of the update; null if the log gives none.", "2019-09-18", nullable=True, required=True),
    _f("text", "longtext", "The update as written in the log.", "Request noted for further reports.", required=True),
)
CORRECTION_FIELDS = (
    _f("date", "date", "The day the correction was made.", "2026-12-06", required=True),
    _f(
        "text",
        "longtext",
        "What was corrected, in plain words, as the public should read it.",
        "The total in paragraph 3.2 read £8.1m; it is £8.2m, as in Appendix 1.",
        required=True,
    ),
)
# What decides whether a paper or a decision notice is published (load.py, history.py read these alone).
PUBLISHING_FIELDS = (
    _f(
        "classification",
        "enum",
        "Security marking. Only `official` is ever published.",
        "official",
        required=True,
        choices=CLASSIFICATIONS,
    ),
    _f(
        "status",
        "enum",
        "Publishing state. Only `published` is published.",
        "published",
        required=True,
        choices=PAPER_STATUSES,
    ),
    _f("publish_on", "date", "Embargo: not published before this date (Europe/London).", "2026-12-01"),
)

# The public record of a meeting (meeting.md), decision notices (content/decisions/) and matters (matters.yml).
MATTERS_FIELD = _f(
    "matters",
    "ids",
    "Matter ids from content/matters.yml this concerns: its page follows the matter across meetings.",
    "[southern-police-station]",
    default="[]",
)
PERSON_FIELDS = (
    _f("name", "text", "The person's name, as the minutes print it.", "Darryl Preston", required=True),
    _f("role", "text", "Their role, as printed.", "Police and Crime Commissioner"),
)
ATTENDANCE_FIELDS = tuple(
    _f(
        name,
        "records",
        help,
        "[{name: Darryl Preston, role: Police and Crime Commissioner}]",
        default="[]",
        subfields=PERSON_FIELDS,
    )
    for name, help in (
        ("present", "Members present, as the minutes list them."),
        ("apologies", "Members who sent apologies."),
        ("in_attendance", "Others in attendance (officers, guests)."),
    )
)
DECLARATION_FIELDS = (
    _f("name", "text", "Who declared the interest.", "Darryl Preston", required=True),
    _f("item", "item", "The agenda item it concerns.", '"1"', required=True),
    _f(
        "interest",
        "longtext",
        "The interest, as the minutes record it.",
        "A relative works for the contractor.",
        required=True,
    ),
)
MEETING_DECISION_FIELDS = (
    _f("item", "item", "The agenda item decided.", '"1"', required=True),
    _f("text", "longtext", "The decision, as the minutes record it.", "The Board noted the report.", required=True),
    _f("outcome", "enum", "What the board did.", "noted", required=True, choices=DECISION_OUTCOMES),
    MATTERS_FIELD,
)
MINUTES_FIELDS = (
    _f(
        "status",
        "enum",
        "Draft minutes, or minutes approved by a later meeting.",
        "approved",
        required=True,
        choices=MINUTES_STATUSES,
    ),
    _f("approved_at", "date", "The date of the meeting that approved them (required once approved).", "2019-10-30"),
)
MATTER_FIELDS = (
    _f(
        "id",
        "id",
        "Short identifier used in `matters:` fields and the matter's address.",
        "southern-police-station",
        required=True,
    ),
    _f("title", "text", "The matter's name.", "Southern Police Station project", required=True),
    _f("description", "longtext", "What the matter is, in a sentence or two.", '"A new police station ..."'),
)
MATTERS_FILE_FIELDS = (
    _f(
        "matters",
        "records",
        "The matters followed across meetings.",
        "[{id: ..., title: ...}]",
        required=True,
        subfields=MATTER_FIELDS,
    ),
)

ATTACHMENT_FIELDS = (
    _f(
        "file",
        "filename",
        "The file's name in the paper's meeting folder (no folders): lower-case letters, digits, '.' and '-', "
        "ending in .pdf, .docx, .xlsx, .pptx, .odt, .ods, .csv or .txt. It must be a file of that type (a PDF "
        "starts %PDF-, the office files are zip files, .csv and .txt UTF-8 text) and at most 50 MB "
        "(`BOARD_PAPERS_MAX_ATTACHMENT_MB` changes it); one paper lists it.",
        "5.1-southern-police-station.pdf",
        required=True,
    ),
    _f("title", "text", "What the file is, as the link to it says.", "Original paper", required=True),
)

PAPER_FIELDS = (
    _f(
        "title",
        "text",
        "The paper's title, as printed on it.",
        '"Southern Police Station – Project Update"',
        required=True,
    ),
    _f(
        "agenda_item",
        "item",
        "Agenda number of the paper in its meeting; null if the paper does not state one.",
        '"5.1"',
        required=True,
        nullable=True,
    ),
    _f(
        "from",
        "text",
        "Who the paper is from, as printed; null if the paper does not say.",
        "Chief Constable",
        required=True,
        nullable=True,
    ),
    _f("to", "text", "Who the paper is addressed to.", "Business Coordination Board", default="the meeting's board"),
    _f(
        "date",
        "date",
        "The paper's date; null if it states none.",
        "2019-09-18",
        nullable=True,
        default="the meeting's date",
    ),
    _f("themes", "ids", "Theme ids from content/board.yml; may be empty.", "[transformation]", default="[]"),
    MATTERS_FIELD,
    *PUBLISHING_FIELDS,
    _f("summary", "longtext", "A short summary in the paper's own words.", '"The purpose of this report is to ..."'),
    _f(
        "recommendations",
        "list",
        "The recommendations, each as printed.",
        '["The Board is recommended to note the contents of the report."]',
        default="[]",
    ),
    _f(
        "contact_officers",
        "records",
        "Contact officers from the bibliography.",
        "[{name: Dorothy Gregson, role: 'Chief Executive, OPCC'}]",
        default="[]",
        subfields=CONTACT_FIELDS,
    ),
    _f(
        "source_documents",
        "records",
        "Source documents from the bibliography.",
        "[{title: Police and Crime Plan, url: https://...}]",
        default="[]",
        subfields=SOURCE_FIELDS,
    ),
    _f(
        "attachments",
        "records",
        "Files beside the paper in its meeting folder (the original PDF or Word file, appendices, "
        'spreadsheets), listed on its page as "Original paper (PDF, 240 KB)" and published with it at '
        "its address; never while the paper is not published.",
        "[{file: 5.1-southern-police-station.pdf, title: Original paper}]",
        default="[]",
        subfields=ATTACHMENT_FIELDS,
    ),
    _f(
        "corrections",
        "records",
        'Corrections made after publication, each dated: shown on the paper\'s page as "Corrected on …" '
        'notes, in its feed entry as an update and in the open data; the paper\'s "last changed" date is the '
        "latest of them. Keep every earlier correction when adding one.",
        "[{date: 2026-12-06, text: 'The total in paragraph 3.2 read £8.1m; it is £8.2m.'}]",
        default="[]",
        subfields=CORRECTION_FIELDS,
    ),
    _f(
        "public_title",
        "text",
        "What the agenda may show while the paper is not published.",
        '"Exempt item: property matter"',
        default='"Restricted item"',
    ),
)

MEETING_FIELDS = (
    _f(
        "board",
        "id",
        "Board id from content/board.yml.",
        "bcb",
        default="the folder name's board suffix, or the only board",
    ),
    _f(
        "date",
        "date",
        "The meeting date; must match the folder name. Omit for an undated folder.",
        "2019-09-18",
        nullable=True,
        default="from the folder name",
    ),
    _f("time", "time", "Start time, if known.", '"15:00"', nullable=True),
    _f("venue", "text", "Where the meeting is held, if known.", "HQ, Conference Room 3", nullable=True),
    _f(
        "status",
        "enum",
        "Whether it is scheduled, was held, or was cancelled; omit if not known.",
        "held",
        choices=MEETING_STATUSES,
        nullable=True,
    ),
    _f(
        "items",
        "records",
        "Agenda entries that have no paper of their own.",
        "[{number: '1', title: Welcome and apologies}]",
        default="[]",
        subfields=ITEM_FIELDS,
    ),
    _f(
        "attendance",
        "mapping",
        "Who attended (fields below); omit until the minutes say.",
        "{present: [{name: Darryl Preston, role: Police and Crime Commissioner}]}",
        subfields=ATTENDANCE_FIELDS,
    ),
    _f(
        "declarations",
        "records",
        "Declarations of interest, as the minutes record them.",
        "[{name: Darryl Preston, item: '1', interest: A relative works for the contractor.}]",
        default="[]",
        subfields=DECLARATION_FIELDS,
    ),
    _f(
        "decisions",
        "records",
        "Decisions made at the meeting, each beside its agenda item.",
        "[{item: '1', text: The Board noted the report., outcome: noted}]",
        default="[]",
        subfields=MEETING_DECISION_FIELDS,
    ),
    _f(
        "minutes",
        "mapping",
        "Set when the body below is the minutes (fields below); omit while there are none.",
        "{status: draft}",
        subfields=MINUTES_FIELDS,
    ),
)

BOARD_FIELDS = (
    _f("id", "id", "Short identifier used in folder names and `board:` fields.", "bcb", required=True),
    _f("name", "text", "The board's name.", "Business Coordination Board", required=True),
    _f("description", "longtext", "What the board is for.", '"The Board receives ..."'),
    _f(
        "terms_of_reference",
        "url",
        "Link to its terms of reference, if published.",
        "https://example.org/bcb-terms.pdf",
    ),
)
THEME_FIELDS = (
    _f("id", "id", "Short identifier used in papers' `themes:`.", "victims", required=True),
    _f("name", "text", "The theme's name.", "Victims", required=True),
    _f("aim", "longtext", "The theme's aim, if a published document states it.", '"..."'),
)
ORGANISATION_FIELDS = (
    _f(
        "name",
        "text",
        "The public body that publishes the papers.",
        "Office of the Police and Crime Commissioner for Cambridgeshire and Peterborough",
        required=True,
    ),
    _f("url", "url", "Its main website, shown in every page's footer.", "https://www.cambridgeshire-pcc.gov.uk/"),
    _f(
        "email",
        "text",
        "The email address readers write to (formats, accessibility problems, questions); shown in every "
        "page's footer and the accessibility statement. `check` warns while no contact is given.",
        "enquiries@example.org",
    ),
    _f("telephone", "text", "Its public telephone number, shown beside the email address.", '"0300 123 4567"'),
    _f(
        "address",
        "longtext",
        "Its postal address, shown in the accessibility statement.",
        '"1 High Street, Town AB1 2CD"',
    ),
)
SITE_FILE_FIELDS = (
    _f(
        "organisation",
        "mapping",
        "The organisation (fields below).",
        "{name: ...}",
        required=True,
        subfields=ORGANISATION_FIELDS,
    ),
    _f(
        "boards",
        "records",
        "The boards whose papers are published.",
        "[{id: bcb, name: ...}]",
        required=True,
        subfields=BOARD_FIELDS,
    ),
    _f(
        "themes",
        "records",
        "The themes papers are grouped by.",
        "[{id: victims, name: Victims}]",
        required=True,
        subfields=THEME_FIELDS,
    ),
)

ACTION_FIELDS = (
    _f("number", "item", "Action number as in the log.", '"6.0"', required=True),
    _f(
        "raised",
        "mapping",
        "Meeting date and agenda item that raised it.",
        "{meeting: 2019-05-16, item: '8.1'}",
        required=True,
        subfields=(
            _f("meeting", "date", "Meeting date.", "2019-05-16", required=True),
            _f("item", "item", "Agenda item.", '"8.1"', nullable=True),
        ),
    ),
    _f("action", "longtext", "What was agreed, as written.", '"Chief Constable to report back ..."', required=True),
    _f("owner", "text", "Who owns it; null if the log does not say.", "Constabulary", required=True, nullable=True),
    _f(
        "target_date", "date", "When it is due; null if the log gives none.", "2019-11-14", required=True, nullable=True
    ),
    _f(
        "updates",
        "records",
        "Updates, oldest first.",
        "[{date: 2019-09-18, text: ...}]",
        default="[]",
        subfields=UPDATE_FIELDS,
    ),
    _f(
        "status",
        "enum",
        "Its state; null if the log does not say.",
        "ongoing",
        required=True,
        nullable=True,
        choices=ACTION_STATUSES,
    ),
    MATTERS_FIELD,
)
ACTIONS_FILE_FIELDS = (
    _f(
        "actions",
        "records",
        "The action log entries.",
        "[{number: '1.0', ...}]",
        required=True,
        subfields=ACTION_FIELDS,
    ),
)

NOTICE_FIELDS = (
    _f("number", "text", "The notice's number, as printed.", '"2026-014"', required=True),
    _f("date", "date", "The date of the decision.", "2026-11-20", required=True),
    _f("title", "text", "The notice's title, as printed.", "Southern Police Station: contract award", required=True),
    _f(
        "decision",
        "longtext",
        "The decision, as the notice states it.",
        '"The Commissioner approves ..."',
        required=True,
    ),
    _f("reasons", "longtext", "The reasons given.", '"The project is ..."'),
    _f("financial_implications", "longtext", "The financial implications stated.", '"Within the capital budget."'),
    MATTERS_FIELD,
    *PUBLISHING_FIELDS,
    _f(
        "public_summary",
        "longtext",
        "What may be shown of the decision while it is not published: shown with its date alone (never its "
        "number, title, text or file name), or nothing at all when omitted.",
        '"A decision on an estates contract (exempt: commercial)."',
    ),
)

# Every schema, keyed by where it applies; README's reference is generated in this order.
SCHEMAS: dict[str, tuple[Field, ...]] = {
    "paper": PAPER_FIELDS,
    "meeting": MEETING_FIELDS,
    "board.yml": SITE_FILE_FIELDS,
    "organisation": ORGANISATION_FIELDS,
    "board": BOARD_FIELDS,
    "theme": THEME_FIELDS,
    "actions.yml": ACTIONS_FILE_FIELDS,
    "action": ACTION_FIELDS,
    "contact officer": CONTACT_FIELDS,
    "source document": SOURCE_FIELDS,
    "agenda item": ITEM_FIELDS,
    "action update": UPDATE_FIELDS,
    "correction": CORRECTION_FIELDS,
    "attachment": ATTACHMENT_FIELDS,
    "attendance": ATTENDANCE_FIELDS,
    "person (present, apologies, in_attendance)": PERSON_FIELDS,
    "declaration": DECLARATION_FIELDS,
    "decision (in meeting.md)": MEETING_DECISION_FIELDS,
    "minutes": MINUTES_FIELDS,
    "decisions/<id>.md (a decision notice)": NOTICE_FIELDS,
    "matters.yml": MATTERS_FILE_FIELDS,
    "matter": MATTER_FIELDS,
}


def reference_markdown() -> str:
    """The field reference for README: one table per schema, generated so it cannot drift."""
    out: list[str] = []
    for where, fields in SCHEMAS.items():
        out += [f"#### {where}", "", "| field | required | default | what it is | example |", "|---|---|---|---|---|"]
        for f in fields:
            required = (
                "yes" + (" (may be `null`)" if f.nullable else "")
                if f.required
                else ("no (may be `null`)" if f.nullable else "no")
            )
            kind = f.expected()
            out.append(f"| `{f.name}` | {required} | {f.default or '–'} | {f.help} ({kind}) | `{f.example}` |")
        out.append("")
    return "\n".join(out)
