"""`python build.py import`: turn legacy papers and whole meeting packs into content/.

The recipe: read every input (text, PDF or Word) and parse it; plan every file to write; stop with nothing
written if any input failed or any target exists (unless --force); then write, and report per input what a
person must check before publishing. Every imported paper is a draft until that check is done.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import io
import os
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from boardpapers.commands.common import date_arg
from boardpapers.content import attachments
from boardpapers.content.fields import split_front_matter
from boardpapers.importer.body import to_lines
from boardpapers.importer.pack import MeetingDoc, agenda_left, is_pack, parse_pack
from boardpapers.importer.paper import PaperDoc, parse_paper, squash
from boardpapers.importer.read import ReadError, read_document
from boardpapers.importer.write import (
    MergeError,
    meeting_file,
    merge_actions,
    paper_file,
)
from boardpapers.interrupts import ctrl_c_held


@dataclass
class Imported:
    """What one input file holds."""

    source: Path
    papers: list[PaperDoc]
    meeting: MeetingDoc | None = None  # a pack's front page
    actions: list[dict[str, Any]] = field(default_factory=list)
    action_notes: list[str] = field(default_factory=list)
    action_checks: list[str] = field(default_factory=list)
    folder: str = ""
    notes: list[str] = field(default_factory=list)  # what the report says beyond the files written


@dataclass
class Output:
    """One file to write."""

    path: Path
    text: str
    source: str
    label: str
    checks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    data: bytes | None = None  # a file kept as it is (the imported original), instead of `text`


@dataclass
class Plan:
    """Everything an import will write, and why it might not."""

    outputs: list[Output] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    actions_text: str | None = None
    actions_report: dict[str, list[str]] = field(default_factory=dict)


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the import command to the command line."""
    p = command(
        "import", "Import papers and meeting packs (text pulled from PDFs, .pdf, .docx) into content/.", cmd_import
    )
    p.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="papers or meeting packs: .txt (text pulled from a PDF), .pdf or .docx",
    )
    p.add_argument(
        "--meeting",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="file lone papers under this meeting (default: the date each paper prints; "
        "undated papers get an undated-<title> folder)",
    )
    p.add_argument("--force", action="store_true", help="replace files (and action log entries) that already exist")


def cmd_import(args: argparse.Namespace) -> int:
    """Read every input, plan every file, then write them all or nothing."""
    boards = board_ids(args.content)
    imported, errors = read_all(args.files, set(boards))
    plan = make_plan(imported, args, boards) if not errors else Plan(errors=errors)
    if plan.errors:
        for error in plan.errors:
            print(f"error: {error}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    files = [(o.path, o.data if o.data is not None else o.text.encode("utf-8")) for o in plan.outputs]
    if plan.actions_text is not None:
        files.append((args.content / "actions.yml", plan.actions_text.encode("utf-8")))
    write_all(files)
    report(imported, plan, args.content)
    return 0


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file under a hidden name beside its own (which `check` and `build` pass over), then name them:
    a full disk or a refused write leaves the content folder as it was (what was written so far removed, with
    the folders made for it) and raises; a kill leaves every file whole, old or new."""
    made: list[Path] = []  # folders made, outermost first
    written: list[tuple[Path, Path]] = []  # (hidden name, name)
    try:
        for path, data in files:
            missing = [f for f in [path.parent, *path.parent.parents] if not f.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            made += reversed(missing)
            hidden = path.with_name(f".{path.name}.importing")
            written.append((hidden, path))
            hidden.write_bytes(data)  # bytes: the same line ends on Windows
    except BaseException as err:  # a full disk, a refused write, Ctrl+C: nothing of it stays
        if (
            isinstance(err, OSError)
            and written
            and (err.filename is None or os.fsdecode(err.filename) == str(written[-1][0]))
        ):
            err.filename = str(written[-1][1])  # the message names the file being written, by its own name
        for hidden, _ in written:
            hidden.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    with ctrl_c_held():  # naming them takes no time: all of them, then Ctrl+C
        for hidden, path in written:
            os.replace(hidden, path)


def board_ids(content: Path) -> dict[str, str]:
    """Boards named in content/board.yml, by squashed name (so 'Co-ordination' matches 'Coordination')."""
    try:
        data = yaml.safe_load((content / "board.yml").read_text(encoding="utf-8"))
        return {squash(b["name"]): b["id"] for b in data["boards"]}
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return {}  # no usable board.yml: meeting.md leaves `board` out, and `check` says what is missing


def read_all(files: list[Path], boards: set[str]) -> tuple[list[Imported], list[str]]:
    """Read and parse every input; collect every failure rather than stopping at the first."""
    imported, errors = [], []
    for path in files:
        try:
            document = read_document(path)
        except ReadError as err:
            errors.append(str(err))
            continue
        lines = to_lines(document.lines)
        if is_pack(lines):
            pack = parse_pack(lines, path.name, boards, document.marking)
            imported.append(
                Imported(path, pack.papers, pack.meeting, pack.actions, pack.action_notes, pack.action_checks)
            )
        else:
            imported.append(Imported(path, [parse_paper(lines, path.name, boards, document.marking)]))
    return imported, errors


def make_plan(imported: list[Imported], args: argparse.Namespace, boards: dict[str, str]) -> Plan:
    """Decide every file to write: meeting folders, meeting.md, papers, and the merged action log."""
    plan = Plan()
    for item in imported:
        item.folder = folder_for(item, args.meeting, plan.errors, args.content)
    if plan.errors:
        return plan
    papers = dedupe([(item, doc) for item in imported for doc in item.papers])
    for item in imported:
        meeting_output(item, args, boards, plan, imported)
    for item, doc in papers:
        paper_output(item, doc, args, plan)
    actions_output(imported, args, plan)
    existing = [o for o in plan.outputs if o.path.exists() and not args.force]
    plan.errors += [
        f"{shown(o.path, args.content)} already exists (from {o.source}); use --force to replace it, "
        "or --content DIR to import into another folder and compare"
        for o in existing
    ]
    return plan


def folder_for(item: Imported, meeting: dt.date | None, errors: list[str], content: Path) -> str:
    """The meeting folder: the pack's date, --meeting, the paper's date, or an undated folder (the one that
    already holds this paper, else undated-<title>)."""
    name = item.source.name
    if item.meeting is not None:
        stated = item.meeting.date
        if stated and meeting and stated != meeting:
            errors.append(
                f"{name}: the pack states the meeting date {stated}, but --meeting says {meeting}; "
                "leave out --meeting, expected the pack's own date"
            )
        if not (stated or meeting):
            errors.append(
                f"{name}: the pack states no meeting date, expected --meeting YYYY-MM-DD, e.g. --meeting 2019-09-18"
            )
        return (stated or meeting or dt.date.min).isoformat()
    doc = item.papers[0]
    date = meeting or doc.date
    if date:
        return date.isoformat()
    undated = sorted((content / "meetings").glob("undated-*")) if (content / "meetings").is_dir() else []
    holder = next((folder.name for folder in undated if existing_paper(folder, doc)), None)
    return holder or "undated-" + slug(doc.title or item.source.stem)


def dedupe(papers: list[tuple[Imported, PaperDoc]]) -> list[tuple[Imported, PaperDoc]]:
    """Write a report printed in two inputs once (seed 002 is item 5.0 of pack 004): keep the copy that
    states more, and take what it lacks from the other."""
    out: list[tuple[Imported, PaperDoc]] = []
    for item, doc in papers:
        twin = next(
            (
                k
                for k, (other_item, other) in enumerate(out)
                if other_item.folder == item.folder and same_paper(doc, other.agenda_item, other.title)
            ),
            None,
        )
        if twin is None:
            out.append((item, doc))
            continue
        keep_item, keep = out[twin]
        drop_item = item
        if len(doc.missing()) < len(keep.missing()):
            keep_item, keep, doc, drop_item = item, doc, keep, keep_item
        fill_gaps(keep, doc)
        drop_item.notes.append(
            f"not written separately: the same report as paper {keep.agenda_item or keep.title} "
            f"from {keep_item.source.name}, written once"
        )
        out[twin] = (keep_item, keep)
    return out


def same_paper(doc: PaperDoc, agenda_item: str | None, title: str | None) -> bool:
    """The same report: the same agenda number, or titles that differ by no more than a typo."""
    if doc.agenda_item and agenda_item:
        return doc.agenda_item == agenda_item
    return (
        bool(doc.title and title)
        and difflib.SequenceMatcher(None, squash(doc.title or ""), squash(title or "")).ratio() >= 0.9
    )


def fill_gaps(keep: PaperDoc, other: PaperDoc) -> None:
    """Take from the other copy the facts this one does not print."""
    taken = []
    for name in (
        "title",
        "agenda_item",
        "agenda_note",
        "from_",
        "to",
        "date",
        "date_printed",
        "classification",
        "summary",
        "recommendations",
        "contacts",
        "sources",
    ):
        if not getattr(keep, name) and getattr(other, name):
            setattr(keep, name, getattr(other, name))  # the project's own PaperDoc, field by field by name
            taken.append(name.rstrip("_"))
    keep.checks.append(
        f"the same report is also in {other.source}: written once, from {keep.source}"
        + (f"; taken from {other.source}: {', '.join(taken)}" if taken else "")
    )


def meeting_output(
    item: Imported, args: argparse.Namespace, boards: dict[str, str], plan: Plan, imported: list[Imported]
) -> None:
    """meeting.md for a pack; for a lone paper only when its folder has none yet."""
    folder = args.content / "meetings" / item.folder
    date = None if item.folder.startswith("undated-") else dt.date.fromisoformat(item.folder)
    if item.meeting is None and (
        (folder / "meeting.md").exists()
        or any(o.path == folder / "meeting.md" for o in plan.outputs)
        or any(other.meeting is not None and other.folder == item.folder for other in imported)
    ):
        return
    name = item.meeting.board_name if item.meeting else item.papers[0].to
    board = boards.get(squash(name or ""))
    checks = list(item.meeting.checks) if item.meeting else []
    if name and not board and len(boards) > 1:
        checks.append(f"board: '{name}' is not a board in content/board.yml; add `board:` by hand")
    items = agenda_left(item.meeting, item.papers) if item.meeting else []
    text = meeting_file(item.meeting, items, board, date, item.source.name)
    plan.outputs.append(
        Output(
            folder / "meeting.md",
            text,
            item.source.name,
            f"meeting ({len(items)} agenda entries without a paper)"
            if item.meeting
            else "meeting (date only)"
            if date
            else "meeting (undated)",
            checks,
        )
    )


def paper_output(item: Imported, doc: PaperDoc, args: argparse.Namespace, plan: Plan) -> None:
    """One paper's file: an existing file for the same report is its target (replaced only with --force)."""
    folder = args.content / "meetings" / item.folder
    path = existing_paper(folder, doc) or folder / (
        f"{doc.agenda_item}-{slug(doc.title or item.source.stem)}.md"
        if doc.agenda_item
        else f"{slug(doc.title or item.source.stem)}.md"
    )
    if any(o.path == path for o in plan.outputs):
        plan.errors.append(
            f"{item.source.name}: two papers would be written to {shown(path, args.content)}, "
            "expected each paper once: import them separately"
        )
        return
    meeting_date = item.meeting.date if item.meeting else None
    checks = [f"{name}: not stated in the document" for name in doc.missing()]
    checks += [doc.agenda_note] if doc.agenda_note else []
    if doc.date and meeting_date and doc.date != meeting_date:
        checks.append(
            f"date: the paper prints {doc.date_printed}, but the meeting is {meeting_date}; "
            "kept as printed, correct it if it is a misprint"
        )
    if args.meeting and doc.date and doc.date != args.meeting and not item.meeting:
        checks.append(f"date: the paper prints {doc.date_printed}, but it was filed under --meeting {args.meeting}")
    placement = " (a paper in the meeting pack)" if item.meeting else ""
    original = original_output(item, path, checks)
    plan.outputs.append(
        Output(
            path,
            paper_file(doc, item.source.name, placement, original.path.name if original else None),
            item.source.name,
            f"paper {doc.agenda_item or '(no agenda number)'}",
            checks + doc.checks,
            doc.warnings,
        )
    )
    plan.outputs += [original] if original else []


def original_output(item: Imported, paper: Path, checks: list[str]) -> Output | None:
    """The PDF or Word file a lone paper was imported from, to keep beside it (named as the paper, with its own
    extension) as its attachment "Original paper"; None for a pack (its file holds many papers), for text pulled
    from a PDF (not the original), and for a file the site could not publish (said in `checks`)."""
    kind = item.source.suffix.lower().lstrip(".")
    if item.meeting is not None or kind not in ("pdf", "docx"):
        return None
    data = item.source.read_bytes()
    limit, _ = attachments.limit_bytes()
    size, most = attachments.human_size(len(data)), attachments.human_size(limit)
    problem = (
        attachments.type_problem(kind, data[: attachments.HEAD], io.BytesIO(data))
        if len(data) <= limit
        else f"is {size}, more than the {most} an attachment may be"
    )
    if problem:
        checks.append(f"attachments: the original {item.source.name} is not kept beside the paper: it {problem}")
        return None
    return Output(
        paper.with_suffix(f".{kind}"), "", item.source.name, "the original, the paper's attachment", data=data
    )


def existing_paper(folder: Path, doc: PaperDoc) -> Path | None:
    """A paper already in the folder that is the same report (same agenda number, or near-identical title)."""
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name == "meeting.md":
            continue
        parts = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        try:
            front = yaml.safe_load(parts[0]) if parts else None
        except yaml.YAMLError:
            front = None
        if isinstance(front, dict) and same_paper(
            doc, str(front.get("agenda_item") or "") or None, str(front.get("title") or "") or None
        ):
            return path
    return None


def actions_output(imported: list[Imported], args: argparse.Namespace, plan: Plan) -> None:
    """Merge every pack's action log entries into actions.yml."""
    path = args.content / "actions.yml"
    text = path.read_text(encoding="utf-8") if path.is_file() else None
    for item in (i for i in imported if i.actions or i.action_notes):
        try:
            text, added, replaced, kept = merge_actions(
                text, item.actions, item.action_notes, args.force, item.source.name
            )
        except MergeError as err:
            plan.errors.append(f"{shown(path, args.content)}: {err}")
            return
        plan.actions_report[item.source.name] = [
            f"added {', '.join(added)}" if added else "",
            f"replaced {', '.join(replaced)}" if replaced else "",
            f"kept {', '.join(kept)} as they were (already in the log; --force replaces them)" if kept else "",
        ]
        plan.actions_text = text


def slug(title: str) -> str:
    """A short file-name form of a title: ASCII letters and digits joined by hyphens, at most ~60 characters."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in ascii_title).split()
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > 60:
            break
        out = f"{out}-{word}" if out else word
    return out[:60] or "paper"


def shown(path: Path, content: Path) -> str:
    """A path as messages show it: relative to the content folder's parent."""
    try:
        return path.relative_to(content.parent).as_posix()
    except ValueError:
        return path.as_posix()


def report(imported: list[Imported], plan: Plan, content: Path) -> None:
    """Per input: what was written, and what a person must check before publishing."""
    for item in imported:
        name = item.source.name
        kind = "meeting pack" if item.meeting else "paper"
        outputs = [o for o in plan.outputs if o.source == name]
        print(f"{name}: {kind}, meeting folder {item.folder}")
        for note in item.notes:
            print(f"  {note}")
        for output in outputs:
            print(f"  wrote {shown(output.path, content)}: {output.label}")
            for check in output.checks:
                print(f"    check: {check}")
            for warning in output.warnings:
                print(f"warning: {name}: {shown(output.path, content)}: {warning}", file=sys.stderr)
        if name in plan.actions_report:
            done = "; ".join(x for x in plan.actions_report[name] if x)
            print(f"  actions.yml: {done}")
            for check in item.action_checks:
                print(f"    check: {check}")
            for note in (n for n in item.action_notes if n.startswith("unplaced: ")):
                print(f"    check: {note[len('unplaced: ') :]} (kept as a comment in actions.yml)")
    print(
        "Every imported paper is a draft: check each against its source, set its themes and its classification "
        "(`official` if it may be published; the importer writes `exempt` when the paper prints no marking), then "
        "set `status: published`. Run `python build.py check`: it lists every paper not published and why."
    )
