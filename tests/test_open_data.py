"""Open data that validates: every meeting against Open Civic Data's own event schema (pupa's, with pupa's
validator), and data/datapackage.json with its CSV files against Frictionless Data (the frictionless library)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import frictionless
import pytest
from pupa.scrape.base import BaseModel
from pupa.scrape.schemas.event import schema as event_schema

from boardpapers.content.load import load_site
from boardpapers.outputs import exports
from contentkit import make_content, paper, write

TODAY = dt.date(2026, 11, 23)


class Exported:
    """One exported record in the shape pupa's validator reads (its id and as_dict)."""

    def __init__(self, record: dict[str, Any]) -> None:
        self._id = record.get("id")
        self.record = record

    def as_dict(self) -> dict[str, Any]:
        """The record, as pupa's models give theirs."""
        return self.record


def ocd_errors(record: dict[str, Any]) -> str:
    """pupa's own validation of an event (BaseModel.validate), its message, or '' when valid."""
    try:
        BaseModel.validate(Exported(record), schema=event_schema)  # pupa reads only _id and as_dict()
    except Exception as err:  # noqa: BLE001 (pupa raises ScrapeValueError; its message lists every error)
        return str(err)
    return ""


def awkward_content(tmp_path: Path) -> Path:
    """Content with every unknown a meeting can have: an undated meeting, no status, venue or time; a source
    document with no address; and CSV cells a spreadsheet would read as formulas."""
    content = make_content(tmp_path)
    write(content, "meetings/undated-estates/meeting.md", "---\nboard: bcb\n---\n")
    write(
        content,
        "meetings/undated-estates/estates-review.md",
        paper(
            "=HYPERLINK(1) estates review",
            None,
            "Text.",
            date="null",
            summary="'-1 is not a formula'",
            source_documents="[{title: Estates strategy}]",
        ),
    )
    write(content, "meetings/2019-10-30/meeting.md", "---\nboard: bcb\ndate: 2019-10-30\nstatus: held\n---\n")
    return content


def test_every_meeting_is_a_valid_open_civic_data_event(sample_site: Path, tmp_path: Path) -> None:
    sample = json.loads((sample_site / "data/meetings.json").read_text("utf-8"))["meetings"]
    awkward = json.loads(exports.data_files(load_site(awkward_content(tmp_path), TODAY), None)["data/meetings.json"])[
        "meetings"
    ]
    assert len(sample) == 3 and len(awkward) == 3
    assert {m["id"]: ocd_errors(m) for m in sample + awkward} == {m["id"]: "" for m in sample + awkward}
    assert {m["id"]: m.get("status") for m in awkward} == {
        "2019-10-30": "passed",
        "2019-09-18": None,  # not recorded: left out, never guessed
        "undated-estates": None,
    }


def test_the_validator_refuses_what_the_export_used_to_write() -> None:
    was = {"id": "x", "name": "Board", "start_date": None, "status": None, "location": None}
    errors = ocd_errors(was)
    assert "On instance['start_date']" in errors and "On instance['status']" in errors


def test_paper_links_leave_out_an_unknown_address(tmp_path: Path) -> None:
    files = exports.data_files(load_site(awkward_content(tmp_path), TODAY), None)
    papers = json.loads(files["data/papers.json"])["papers"]
    (estates,) = [p for p in papers if p["title"].endswith("estates review")]
    assert estates["links"] == [{"note": "Estates strategy"}]


def report(package: Path) -> list[str]:
    """Every error frictionless finds in the package and its data, as 'resource: message'."""
    result = frictionless.validate(str(package))
    return [f"{task.name}: {error.message}" for task in result.tasks for error in task.errors] + [
        error.message for error in result.errors
    ]


def test_sample_data_package_validates(sample_site: Path) -> None:
    package = sample_site / "data/datapackage.json"
    assert report(package) == []
    described = json.loads(package.read_text("utf-8"))
    assert [r["path"] for r in described["resources"]] == ["papers.csv", "actions.csv", "decisions.csv"]


def test_data_package_validates_with_unknowns_and_formula_cells(tmp_path: Path) -> None:
    files = exports.data_files(load_site(awkward_content(tmp_path), TODAY), None)
    folder = tmp_path / "data"
    folder.mkdir()
    for path in ("data/datapackage.json", "data/papers.csv", "data/actions.csv", "data/decisions.csv"):
        (tmp_path / path).write_text(files[path], encoding="utf-8", newline="")
    assert "'=HYPERLINK(1) estates review" in files["data/papers.csv"]
    assert report(folder / "datapackage.json") == []


@pytest.mark.parametrize(("name", "column", "bad"), [("papers", "date", "18/09/2019"), ("actions", "overdue", "maybe")])
def test_frictionless_finds_a_wrong_cell(tmp_path: Path, sample_site: Path, name: str, column: str, bad: str) -> None:
    folder = tmp_path / "data"
    shutil.copytree(sample_site / "data", folder)
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    rows[0][column] = bad
    with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    assert [m for m in report(folder / "datapackage.json") if "type" in m and f'"{column}"' in m] != []
