"""Write imported facts in the content contract: paper front-matter, meeting.md, and entries merged into actions.yml.

YAML is written by hand rather than dumped, so each file keeps the field order of the schema and carries a
comment beside every fact the document does not state or that a person must check.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import yaml

from boardpapers.importer.pack import MeetingDoc
from boardpapers.importer.paper import PaperDoc

NOT_STATED = "not stated in the document"
PLACEHOLDER_CLASSIFICATION = "exempt"
ORIGINAL_TITLE = "Original paper"  # the attachment an imported PDF or Word file is kept as


def scalar(value: Any) -> str:
    """One YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    try:
        plain = yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain = False
    if plain and " #" not in text and not re.match(r"^[-?:,\[\]{}#&*!|>'\"%@`]", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def quoted(text: str) -> str:
    """A string always quoted (agenda and action numbers, so 5.0 never reads as a number)."""
    return json.dumps(text, ensure_ascii=False)


def comment(text: str) -> str:
    """A trailing YAML comment on one line."""
    return "  # " + " ".join(text.split())


def paper_file(doc: PaperDoc, source_name: str, placement: str, original: str | None = None) -> str:
    """A paper's Markdown file: front-matter with a comment for each gap, then the body; `original`: the file
    name of the document it was imported from, kept beside it and listed as its attachment."""
    missing = doc.missing()
    out = [
        "---",
        f"# Imported by `python build.py import` from {source_name}{placement}.",
        "# Check it against the source, set its themes, then set status: published.",
    ]
    if doc.title:
        out.append(f"title: {quoted(doc.title)}")
    else:
        out.append(
            f"title: {quoted('Untitled paper from ' + source_name)}"
            + comment(f"title {NOT_STATED}: a placeholder, write the real title")
        )
    if doc.agenda_item:
        out.append(f"agenda_item: {quoted(doc.agenda_item)}" + (comment(doc.agenda_note) if doc.agenda_note else ""))
    else:
        out.append("agenda_item: null" + comment(NOT_STATED))
    out.append(f"from: {scalar(doc.from_)}" + ("" if doc.from_ else comment(NOT_STATED)))
    if doc.to:
        out.append(f"to: {scalar(doc.to)}")
    if doc.date:
        out.append(f"date: {scalar(doc.date)}" + comment(f'printed "{doc.date_printed}"'))
    else:
        out.append(
            "date: null" + comment(f'printed "{doc.date_printed}", not a date' if doc.date_printed else NOT_STATED)
        )
    out.append("themes: []" + comment("set by hand from content/board.yml: the document does not say"))
    if doc.classification:
        out.append(f"classification: {doc.classification}")
    else:
        out.append(
            f"classification: {PLACEHOLDER_CLASSIFICATION}"
            + comment(
                f"marking {NOT_STATED}: this placeholder keeps it unpublished; write official if it may be published"
            )
        )
    gaps = ", ".join(missing) + " not stated; " if missing else ""
    out.append("status: draft" + comment(f"imported: {gaps}check it against the source before publishing"))
    if doc.summary:
        out.append(f"summary: {scalar(doc.summary)}")
    out += yaml_list("recommendations", doc.recommendations)
    out += yaml_records("contact_officers", doc.contacts, ("name", "role"))
    out += yaml_records("source_documents", doc.sources, ("title", "url"))
    out += [f"# Also printed in the bibliography: {note}" for note in doc.bib_notes]
    out += [f"# The pack's agenda lists it as: {doc.agenda_entry}"] if doc.agenda_entry else []
    out += yaml_records(
        "attachments", [{"file": original, "title": ORIGINAL_TITLE}] if original else [], ("file", "title")
    )
    out.append("---")
    return "\n".join(out) + "\n\n" + doc.body


def yaml_list(name: str, values: list[str]) -> list[str]:
    """A block list of strings (nothing when empty: the schema's default is [])."""
    return [f"{name}:"] + [f"  - {scalar(v)}" for v in values] if values else []


def yaml_records(name: str, rows: list[dict[str, str]], keys: tuple[str, ...]) -> list[str]:
    """A block list of mappings, keys in schema order."""
    out = [f"{name}:"] if rows else []
    for row in rows:
        present = [k for k in keys if row.get(k)]
        out += [("  - " if n == 0 else "    ") + f"{k}: {scalar(row[k])}" for n, k in enumerate(present)]
    return out


def meeting_file(
    meeting: MeetingDoc | None,
    items: list[dict[str, Any]],
    board_id: str | None,
    date: dt.date | None,
    source_name: str,
) -> str:
    """meeting.md: what the pack's front page states (or, for a lone paper, only its folder's date)."""
    out = ["---"]
    if meeting is None:
        out.append(
            f"# Created by `python build.py import` for {source_name}, which states nothing about its meeting: "
            + ("its date is the paper's (or --meeting)." if date else "not even a date.")
        )
    else:
        out.append(f"# Imported by `python build.py import` from {source_name}: check it against the agenda.")
    if board_id:
        out.append(f"board: {board_id}")
    if date:
        out.append(
            f"date: {date.isoformat()}"
            + (comment(f'printed "{meeting.date_printed}"') if meeting and meeting.date_printed else "")
        )
    if meeting and meeting.time:
        out.append(f"time: {quoted(meeting.time)}")
    if meeting and meeting.venue:
        out.append(f"venue: {scalar(meeting.venue)}")
    if items:
        out.append("# Agenda entries without a paper of their own (the papers carry their own numbers).")
        out.append("items:")
    for item in items:
        out.append(f"  - number: {quoted(item['number'])}")
        out.append(f"    title: {scalar(item['title'])}")
        if item.get("presenter"):
            out.append(f"    presenter: {scalar(item['presenter'])}")
        if item.get("verbal"):
            out.append("    verbal: true")
    out.append("---")
    return "\n".join(out) + "\n"


def action_yaml(entry: dict[str, Any], indent: str) -> str:
    """One action log entry as a block list item."""
    raised = entry["raised"]
    item = quoted(raised["item"]) if raised.get("item") else "null"
    lines = [
        f"- number: {quoted(entry['number'])}",
        f"  raised: {{meeting: {raised['meeting'].isoformat()}, item: {item}}}",
        f"  action: {scalar(entry['action'])}",
        f"  owner: {scalar(entry['owner'])}" + ("" if entry["owner"] else comment(NOT_STATED)),
        f"  target_date: {scalar(entry['target_date'])}"
        + (
            comment(f'printed "{entry["target_printed"]}"')
            if entry.get("target_printed")
            else ""
            if entry["target_date"]
            else comment(NOT_STATED)
        ),
    ]
    if entry.get("updates"):
        lines.append("  updates:")
        for update in entry["updates"]:
            lines += [
                f"    - date: {scalar(update['date'])}" + ("" if update["date"] else comment(NOT_STATED)),
                f"      text: {scalar(update['text'])}",
            ]
    lines.append(f"  status: {scalar(entry['status'])}" + ("" if entry["status"] else comment(NOT_STATED)))
    return "".join(f"{indent}{line}\n" for line in lines)


class MergeError(Exception):
    """actions.yml cannot be merged into (not YAML, or no `actions:` list)."""


def merge_actions(
    existing: str | None, entries: list[dict[str, Any]], notes: list[str], force: bool, source_name: str
) -> tuple[str, list[str], list[str], list[str]]:
    """Merge entries into actions.yml's text: new numbers appended, existing ones kept (replaced with force).
    Returns the text and the numbers added, replaced and kept."""
    header = [f"# From {source_name}: {n}" for n in notes]
    if not existing or not existing.strip():
        text = "# The action log. Entries imported by `python build.py import`: check them against the source.\n"
        text += "".join(h + "\n" for h in header) + "actions:\n"
        text += "".join(action_yaml(e, "  ") for e in entries)
        return text, [e["number"] for e in entries], [], []
    spans, insert_at, indent = action_spans(existing)
    added, replaced, kept = [], [], []
    replacements: list[tuple[int, int, str]] = []
    appended = ""
    for entry in entries:
        number = entry["number"]
        if number in spans and force:
            replacements.append((*spans[number], action_yaml(entry, indent)))
            replaced.append(number)
        elif number in spans:
            kept.append(number)
        else:
            appended += action_yaml(entry, indent)
            added.append(number)
    header = [h for h in header if h not in existing]  # a second import does not repeat its notes
    if appended or header:
        replacements.append((insert_at, insert_at, "".join(indent + h + "\n" for h in header) + appended))
    text = existing if existing.endswith("\n") else existing + "\n"
    for start, end, new in sorted(replacements, reverse=True):
        text = text[:start] + new + text[end:]
    return text, added, replaced, kept


def action_spans(text: str) -> tuple[dict[str, tuple[int, int]], int, str]:
    """Where each action's entry stands in actions.yml (number -> character span of its lines), where new
    entries go, and the indent the file uses for its list."""
    text = text if text.endswith("\n") else text + "\n"
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        raise MergeError(f"cannot be read as YAML ({err}); fix it with `python build.py check` first") from None
    seq = None
    if isinstance(root, yaml.MappingNode):
        seq = next((v for k, v in root.value if k.value == "actions"), None)
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
        raise MergeError(
            "has no list `actions:` with entries, expected 'actions:' on a line of its own followed by "
            "entries starting '- ', e.g. copy the sample content's actions.yml"
        )
    starts = [line_start(text, item.start_mark.index) for item in seq.value]
    end = line_start(text, seq.end_mark.index)
    spans: dict[str, tuple[int, int]] = {}
    for n, item in enumerate(seq.value):
        number = (
            next((str(v.value) for k, v in item.value if k.value == "number"), None)
            if isinstance(item, yaml.MappingNode)
            else None
        )
        if number is not None:
            spans[number] = (starts[n], starts[n + 1] if n + 1 < len(starts) else end)
    return spans, end, " " * (seq.value[0].start_mark.column - 2)


def line_start(text: str, index: int) -> int:
    """The index where the line holding `index` starts (the end of a block ends at a line start)."""
    return text.rfind("\n", 0, index) + 1 if index < len(text) and text[index - 1 : index] != "\n" else index
