"""`new meeting`, `new paper` and `new notice`: start a content file to fill in, every optional field a commented
example.

The comments come from boardpapers/content/schema.py, the one schema, so a new field shows up here by itself.
Nothing is ever overwritten. A new paper's `status` and `classification` are left empty, their choices in the note
above each, so publishing is always the author's choice: `check` names them until they are filled in.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import yaml

from boardpapers.commands.common import date_arg, example_date
from boardpapers.content.fields import ID_RE, ITEM_RE
from boardpapers.content.load import unknown_id
from boardpapers.content.schema import MEETING_FIELDS, NOTICE_FIELDS, PAPER_FIELDS, Field

SLUG_LENGTH = 60  # characters of the title kept in a paper's file name (and so its address)
MEETING_RE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-([a-z0-9][a-z0-9-]*))?")  # a meeting folder: DATE or DATE-BOARD
CHOSEN = ("classification", "status")  # a paper's fields the author always fills in: publishing is a choice


class ScaffoldError(Exception):
    """A request that cannot be carried out; the message says how to fix it."""


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `new meeting`, `new paper` and `new notice` to the command line."""
    new = command(
        "new", "Start a new meeting, paper or decision notice file to fill in (never overwrites a file).", cmd_new
    )
    kinds = new.add_subparsers(dest="kind", required=True, metavar="kind")
    meeting = kinds.add_parser(
        "meeting",
        help="start content/meetings/<date>/meeting.md",
        description="Start a meeting folder and its meeting.md.",
    )
    meeting.add_argument("--date", required=True, type=date_arg, help="the meeting date, YYYY-MM-DD")
    meeting.add_argument("--board", help="board id from content/board.yml (needed when there are several)")
    paper = kinds.add_parser(
        "paper",
        help="start a paper file in a meeting's folder",
        description="Start a paper file in a meeting's folder (its status and classification left for you).",
    )
    paper.add_argument(
        "--meeting", required=True, help="the meeting's date YYYY-MM-DD, or its folder name (e.g. 2019-09-18-bcb)"
    )
    paper.add_argument("--item", type=item_arg, help="agenda number as printed, e.g. 5.1 (leave out if none)")
    paper.add_argument("--title", required=True, help="the paper's title as printed on it")
    paper.add_argument("--from", dest="from_", help="who the paper is from, as printed")
    paper.add_argument("--theme", action="append", default=[], help="theme id (repeat for several)")
    notice = kinds.add_parser(
        "notice",
        help="start a decision notice in content/decisions/",
        description="Start a decision notice file in content/decisions/ (its status and classification left for you).",
    )
    notice.add_argument("--date", required=True, type=date_arg, help="the date of the decision, YYYY-MM-DD")
    notice.add_argument("--title", required=True, help="the notice's title as printed on it")
    notice.add_argument("--number", help="the notice's number as printed, e.g. 2026-014")
    for sub in (meeting, paper, notice):
        # SUPPRESS: given after the kind it wins, otherwise `new --content DIR` (or the default) stands.
        sub.add_argument("--content", type=Path, default=argparse.SUPPRESS, help="content folder (default: content/)")


def item_arg(text: str) -> str:
    """An argparse type: an agenda number such as 5 or 5.1."""
    if not ITEM_RE.match(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not an agenda number, expected e.g. 5 or 5.1")
    return text


def cmd_new(args: argparse.Namespace) -> int:
    """Write the requested file and say what to do next; on a problem, say how to fix it."""
    try:
        path = {"meeting": new_meeting, "paper": new_paper, "notice": new_notice}[args.kind](args)
    except ScaffoldError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"Created {path}")
    if args.kind == "notice":
        print(
            "Fill in its `decision` as the notice states it, its `classification` (the marking printed on it) and "
            "its `status` (draft until it may be published): they are left empty so that publishing is always your "
            "choice.\nAny further text goes below its closing --- line; then run `python build.py check`."
        )
    elif args.kind == "paper":
        print(
            "Fill in its `classification` (the marking printed on the paper) and its `status` (draft until it may "
            "be published): they are left empty so that publishing is always your choice.\n"
            "Paste the paper's text below its closing --- line, then run `python build.py check`, and preview "
            "it with `python build.py serve --drafts`."
        )
    else:
        print(
            "Fill in what is known, then add papers with `python build.py new paper --meeting "
            f'{path.parent.name} --item ... --title "..."` and run `python build.py check`.'
        )
    return 0


def read_board(content: Path) -> tuple[list[str], list[str]]:
    """Board ids and theme ids from content/board.yml (empty lists if it cannot be read: check says why)."""
    try:
        data = yaml.safe_load((content / "board.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return [], []
    if not isinstance(data, dict):
        return [], []

    def ids(key: str) -> list[str]:
        rows = data.get(key)
        return [str(r["id"]) for r in rows if isinstance(r, dict) and "id" in r] if isinstance(rows, list) else []

    return ids("boards"), ids("themes")


def known(value: str, choices: list[str], what: str) -> None:
    """Refuse an id that board.yml does not define (when board.yml could be read)."""
    if choices and value not in choices:
        raise ScaffoldError(unknown_id(value, choices, what))
    if not ID_RE.match(value):
        raise ScaffoldError(f"'{value}' is not a {what} id, expected lower-case letters, digits and hyphens")


def content_folder(content: Path) -> None:
    """Refuse a content folder without board.yml: a mistyped --content would start a new, empty one."""
    if not (content / "board.yml").is_file():
        raise ScaffoldError(
            f"no board.yml in {content}, expected --content to name the content folder (the one with board.yml), "
            "e.g. --content content"
        )


def new_meeting(args: argparse.Namespace) -> Path:
    """Write meetings/<date>[-<board>]/meeting.md."""
    content_folder(args.content)
    boards, _ = read_board(args.content)
    if args.board:
        known(args.board, boards, "board")
    elif len(boards) > 1:
        raise ScaffoldError(
            f"content/board.yml has several boards, expected --board with one of: {', '.join(sorted(boards))}"
        )
    root = args.content / "meetings"
    folder = root / args.date.isoformat()
    if folder.exists():
        # Two boards meeting on one day: the second folder carries the board id (see README).
        if not args.board:
            raise ScaffoldError(
                f"{folder / 'meeting.md'} already exists; if another board meets that day, give "
                "--board ID for its meeting (its folder is then named DATE-ID)"
            )
        folder = root / f"{args.date.isoformat()}-{args.board}"
    values = {"date": args.date.isoformat()}
    if args.board:
        values = {"board": args.board, **values}
    return create(folder / "meeting.md", front_matter(MEETING_FIELDS, values, MEETING_NOTES) + "\n")


MEETING_NOTES = [
    "A meeting. Fill in what is known; leave a commented line (starting #) as it is if the papers do not say.",
    "To use a field, delete the '# ' before it. Notes or minutes, if any, go below the closing --- line.",
]
PAPER_NOTES = [
    "A paper. Copy every value from the paper itself; never fill in what it does not state.",
    "To use an optional field, delete the '# ' before it. The paper's text goes below the closing --- line,",
    "word for word, as Markdown (## for a heading, a blank line between paragraphs).",
]


def new_paper(args: argparse.Namespace) -> Path:
    """Write <item>-<slug>.md in the meeting's folder, its status and classification left for the author."""
    content_folder(args.content)
    _, themes = read_board(args.content)
    for theme in args.theme:
        known(theme, themes, "theme")
    folder = meeting_folder(args.content, args.meeting)
    if args.item:
        taken = sorted(p.name for p in folder.glob(f"{args.item}-*.md"))
        if taken:
            raise ScaffoldError(
                f"agenda item {args.item} already has a paper in {folder}: {taken[0]}, expected a "
                "number no other paper of the meeting uses"
            )
    name = f"{args.item}-{slug(args.title)}.md" if args.item else f"{slug(args.title)}.md"
    values = {
        "title": yaml_text(args.title),
        "agenda_item": json.dumps(args.item) if args.item else "null",
        "from": yaml_text(args.from_) if args.from_ else "null",
        **dict.fromkeys(CHOSEN, ""),
    }
    if args.theme:
        values["themes"] = "[" + ", ".join(args.theme) + "]"
    notes = {
        "classification": "Copy the marking printed on the paper.",
        "status": "Write draft until the paper may be published.",
    }
    return create(folder / name, front_matter(PAPER_FIELDS, values, PAPER_NOTES, notes) + "\n")


NOTICE_NOTES = [
    "A decision notice. Copy every value from the notice itself; never fill in what it does not state.",
    "To use an optional field, delete the '# ' before it. Any further text of the notice goes below the closing",
    "--- line, as Markdown; it may link to papers, e.g. [the report](../meetings/2019-09-18/5.1-report.md).",
]


def new_notice(args: argparse.Namespace) -> Path:
    """Write decisions/<number or date>-<slug>.md, its decision, status and classification left for the author."""
    content_folder(args.content)
    values = {
        "number": yaml_text(args.number) if args.number else "",
        "date": args.date.isoformat(),
        "title": yaml_text(args.title),
        **dict.fromkeys(("decision", *CHOSEN), ""),
    }
    notes = {
        "number": "Copy the number printed on the notice.",
        "decision": "Copy the decision word for word.",
        "classification": "Copy the marking printed on the notice.",
        "status": "Write draft until the notice may be published.",
    }
    name = slug(f"{args.number or args.date.isoformat()} {args.title}")
    return create(
        args.content / "decisions" / f"{name}.md", front_matter(NOTICE_FIELDS, values, NOTICE_NOTES, notes) + "\n"
    )


def meeting_folder(content: Path, meeting: str) -> Path:
    """The folder of the meeting named by date or folder name, or a message saying how to make or pick one."""
    root = content / "meetings"
    if meeting not in ("", ".", "..") and Path(meeting).name == meeting and (root / meeting).is_dir():
        return root / meeting
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    matches = [p for p in folders if p.name.startswith(f"{meeting}-")]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ScaffoldError(
            f"several meetings on {meeting}: {', '.join(p.name for p in matches)}, expected "
            f"--meeting with one of those folder names, e.g. --meeting {matches[0].name}"
        )
    named = MEETING_RE.fullmatch(meeting)
    if named is None or not real_date(named[1]):
        raise ScaffoldError(
            f"--meeting '{meeting}' is not a date written YYYY-MM-DD or a meeting folder's name, expected e.g. "
            f"--meeting {example_date(meeting)}"
        )
    board = f" --board {named[2]}" if named[2] else ""
    raise ScaffoldError(
        f"no meeting folder {root / meeting}, expected an existing meeting; create it with "
        f"python build.py new meeting --date {named[1]}{board}"
    )


def real_date(text: str) -> bool:
    """Whether YYYY-MM-DD text is a date that exists (2026-02-30 does not)."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def slug(title: str) -> str:
    """A file-name slug from a title: lower-case ASCII words joined by hyphens, at most SLUG_LENGTH long."""
    plain = unicodedata.normalize("NFKD", title.replace("'", "").replace("\u2019", ""))  # Board's -> boards
    words = re.findall(r"[a-z0-9]+", plain.encode("ascii", "ignore").decode().lower())
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > SLUG_LENGTH:
            break
        out = f"{out}-{word}" if out else word[:SLUG_LENGTH]
    return out or "paper"


def yaml_text(value: str) -> str:
    """A one-line YAML string, double-quoted (JSON's escapes are YAML's), so a colon or # is safe."""
    return json.dumps(value, ensure_ascii=False)


def describe(f: Field) -> str:
    """One comment line documenting a field, from the schema."""
    default = f" Default: {f.default}." if f.default else ""
    entries = (
        (" Each entry: " + ", ".join(s.name + (" (required)" if s.required else "") for s in f.subfields) + ".")
        if f.subfields
        else ""
    )
    return f"# {f.help} ({f.expected()}){default}{entries}"


def front_matter(
    fields: tuple[Field, ...], values: dict[str, str], notes: list[str], why: dict[str, str] | None = None
) -> str:
    """The front-matter block: given values as fields, every other field as a commented example."""
    lines = ["---", *(f"# {n}" for n in notes)]
    for f in fields:
        lines.append(describe(f) + (f" {why[f.name]}" if why and f.name in why else ""))
        # An empty value is the field left for the author, its choices in the note just above it (a note on its own
        # line: `status: # ...` would read as a value cut short at '#').
        lines.append(f"{f.name}: {values[f.name]}".rstrip() if f.name in values else f"# {f.name}: {f.example}")
    return "\n".join([*lines, "---"])


def create(path: Path, text: str) -> Path:
    """Write a new file; refuse if it exists (a scaffold never overwrites anyone's work)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            try:
                handle.write(text)
                handle.flush()
            except OSError as err:  # a full disk, say: no half-written file left for `check` to trip over
                with contextlib.suppress(OSError):
                    handle.close()
                path.unlink(missing_ok=True)
                err.filename = err.filename or str(path)
                raise
    except FileExistsError:
        raise ScaffoldError(
            f"{path} already exists; nothing was written (a scaffold never overwrites a file), "
            "expected a new date, item or title"
        ) from None
    return path
