"""Build small, valid content folders for tests; each test then plants exactly one defect."""

from __future__ import annotations

import re
from pathlib import Path

from boardpapers.outputs.search import unpack

BOARD_YML = """\
organisation:
  name: Office of the Police and Crime Commissioner
  email: papers@example.org
boards:
  - id: bcb
    name: Business Coordination Board
    description: The board that receives reports.
themes:
  - {id: victims, name: Victims}
  - {id: communities, name: Communities}
  - {id: transformation, name: Transformation}
"""

MEETING_MD = """\
---
board: bcb
date: 2019-09-18
time: "15:00"
venue: HQ, Conference Room 3
items:
  - {number: "1", title: Welcome and apologies}
  - {number: "13", title: JPS Training, presenter: Chief Constable, verbal: true}
---
"""

PAPER_MD = """\
---
title: Southern Police Station – Project Update
agenda_item: "9.0"
from: Chief Constable
themes: [transformation]
classification: official
status: published
recommendations:
  - The Board is recommended to note the report.
contact_officers:
  - {name: Colin Luscombe, role: Director of Estates}
source_documents:
  - {title: Police and Crime Plan, url: "http://www.cambridgeshire-pcc.gov.uk/police-crime-plan/"}
---

## 1. Purpose

1.1 The purpose of this paper is to update the Board.
"""

ACTIONS_YML = """\
actions:
  - number: "6.0"
    raised: {meeting: 2019-05-16, item: "8.1"}
    action: Chief Constable to report back on sickness levels.
    owner: Constabulary
    target_date: 2019-11-14
    updates:
      - {date: 2019-09-18, text: Update on sickness.}
    status: ongoing
"""


def write(root: Path, relative: str, text: str) -> Path:
    """Write a UTF-8 file under root, creating folders."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_content(root: Path) -> Path:
    """A valid content folder: one board, three themes, one meeting with one paper, one action."""
    content = root / "content"
    write(content, "board.yml", BOARD_YML)
    write(content, "meetings/2019-09-18/meeting.md", MEETING_MD)
    write(content, "meetings/2019-09-18/9.0-southern-police-station.md", PAPER_MD)
    write(content, "actions.yml", ACTIONS_YML)
    return content


def paper(title: str, item: str | None, body: str, **fields: str) -> str:
    """A paper file's text with the given title, agenda item and body; extra fields override defaults."""
    values = {
        "from": "Chief Executive",
        "classification": "official",
        "status": "published",
        "themes": "[communities]",
        **fields,
    }
    lines = [
        f"title: {title!r}" if "'" not in title else f'title: "{title}"',
        f'agenda_item: "{item}"' if item else "agenda_item: null",
    ]
    lines += [f"{key}: {value}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def exempt_paper(**fields: str) -> str:
    """Item 2.0, exempt, with a public title (the words a page may show of it) and canaries everywhere else."""
    return paper(
        "CANARY exempt title",
        "2.0",
        "CANARY body",
        classification="exempt",
        public_title='"Exempt item: property matter"',
        **fields,
    )


PACKED_RE = re.compile(rb'"z":"([A-Za-z0-9+/=]*)"')


def readable(data: bytes) -> bytes:
    """An output file's bytes with the paper text packed into a search result file (search.pack) appended
    unpacked, so a search of every output byte for a canary also reads what the index compressed."""
    return data + b"".join(b"\n" + unpack(m.group(1).decode("ascii")).encode("utf-8") for m in PACKED_RE.finditer(data))


# MEETING_MD with the public record (attendance, declarations, decisions, minutes) and notes.
RECORD_MEETING_MD = (
    MEETING_MD.removesuffix("---\n")
    + """\
attendance:
  present:
    - {name: Alex Example, role: Police and Crime Commissioner}
    - {name: Sam Sample, role: Chief Constable}
  apologies:
    - {name: Jo Placeholder, role: Chief Executive}
  in_attendance:
    - {name: Kim Fixture}
declarations:
  - {name: Sam Sample, item: "9.0", interest: A relative works for the contractor.}
decisions:
  - item: "9.0"
    text: The Board noted the project update.
    outcome: noted
    matters: [southern-police-station]
  - {item: "13", text: The Board asked for a written report., outcome: deferred}
minutes:
  status: approved
  approved_at: 2019-10-30
---

The Commissioner welcomed everyone to the meeting.
"""
)
LATER_MEETING_MD = """\
---
board: bcb
date: 2019-10-30
minutes: {status: draft}
---

Draft minutes of the October meeting.
"""
MATTERS_YML = """\
matters:
  - id: southern-police-station
    title: Southern Police Station project
    description: The new police station in the south of the county.
"""
NOTICE_MD = """\
---
number: "2019-014"
date: 2019-11-05
title: Southern Police Station contract award
decision: The Commissioner approves the award of the construction contract.
reasons: The tender evaluation ranked the contractor first.
financial_implications: Within the approved capital budget.
matters: [southern-police-station]
classification: official
status: published
---

The full evaluation is summarised here.
"""


# The public record's page kinds on make_record_content's site, by their addresses (the sample has no decisions
# or notices).
RECORD_KINDS = {
    "decisions register": "decisions/",
    "decision notice": "decisions/2019-014-contract-award/",
    "matters index": "matters/",
    "matter": "matters/southern-police-station/",
    "meeting with its record": "meetings/2019-09-18/",
}


def make_record_content(root: Path) -> Path:
    """contentkit's content with the public record: attendance, declarations, decisions and approved minutes in
    the 18 September 2019 meeting, draft minutes of a later meeting, a matter, and a published decision notice
    on it; the paper on the Southern Police Station and action 6.0 follow the matter."""
    content = make_content(root)
    write(content, "meetings/2019-09-18/meeting.md", RECORD_MEETING_MD)
    write(content, "meetings/2019-10-30/meeting.md", LATER_MEETING_MD)
    write(content, "matters.yml", MATTERS_YML)
    write(content, "decisions/2019-014-contract-award.md", NOTICE_MD)
    paper_file = content / "meetings/2019-09-18/9.0-southern-police-station.md"
    paper_file.write_text(
        paper_file.read_text("utf-8").replace(
            "themes: [transformation]", "themes: [transformation]\nmatters: [southern-police-station]"
        ),
        encoding="utf-8",
    )
    actions = content / "actions.yml"
    actions.write_text(actions.read_text("utf-8") + "    matters: [southern-police-station]\n", encoding="utf-8")
    return content
