"""Read YAML with line numbers and check it against the schema, collecting every problem."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import pickle
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import frontmatter
import yaml

from boardpapers.content.problems import Problem
from boardpapers.content.schema import (
    KIND_EXPECTED,
    MEETING_FIELDS,
    MULTILINE_KINDS,
    NOTICE_FIELDS,
    PAPER_FIELDS,
    Field,
)

T = TypeVar("T")


@dataclass
class Y:
    """A YAML value with the line it stands on; mappings and lists hold further Y values."""

    value: Any
    line: int
    raw: str | None = None  # a scalar's text as written, before YAML's guessing (15:00 is not 900)
    reported: bool = False  # a mistake in it is reported already: checking it again would only say it twice


ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ITEM_RE = re.compile(r"^\d+(?:\.\d+)*$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
URL_RE = re.compile(r"^https?://[^\s<>\"']+$")


# Characters no front-matter value may hold: C0 and C1 controls but tab and newline (a carriage return in a
# one-line field put lines into a calendar), bidirectional controls and marks, zero-width and other invisible
# format characters, and the Unicode line and paragraph separators: each breaks a page head, a feed or a
# calendar, or makes a title read differently from what it is. Also lone surrogates (a YAML "\uDCFF"): no
# character at all, they cannot be written as UTF-8, so the build stopped on them.
INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb]"
)
# In a Markdown body: controls but tab, newline and carriage return (CRLF files are fine), and the bidirectional
# embeddings and overrides, which reorder everything after them. Marks, isolates and zero-width joiners stay:
# right-to-left and joined scripts need them in running text.
BODY_INVISIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]")
CONTROL_NAMES = {
    0x00: "null",
    0x07: "bell",
    0x08: "backspace",
    0x09: "tab",
    0x0A: "line feed",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next line",
    0xFEFF: "zero width no-break space, a byte order mark",
}
INVISIBLE_FIX = "e.g. delete it; it is invisible, so retype the text around it"


def describe(char: str) -> str:
    """Name a character as U+XXXX and its Unicode name, e.g. U+202E (right-to-left override)."""
    surrogate = "a lone surrogate, which is not a character" if 0xD800 <= ord(char) <= 0xDFFF else None
    name = CONTROL_NAMES.get(ord(char)) or surrogate or unicodedata.name(char, "a control character").lower()
    return f"U+{ord(char):04X} ({name})"


def printable(text: str) -> str:
    """Text as a message may show it: anything invisible, or that moves the cursor, written as an escape."""
    if text.isprintable():
        return text
    return "".join(
        c
        if c.isprintable() or c == " "
        else (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
        for c in text
    )


def invisible_problem(text: str, pattern: re.Pattern[str] = INVISIBLE_RE) -> tuple[int, str] | None:
    """The first character `pattern` forbids in `text`: (its offset, what to tell the author), or None."""
    found = pattern.search(text)
    if found is None:
        return None
    column = found.start() - text.rfind("\n", 0, found.start())  # counted from 1 on its line
    return found.start(), invisible_message(found.group(), column, len(pattern.findall(text, found.end())))


def invisible_message(char: str, column: int, more: int = 0) -> str:
    """Tell the author which invisible character is where, and how to remove it."""
    also = f" (and {more} more like it)" if more else ""
    return (
        f"has the invisible character {describe(char)} at character {column}{also}, expected plain text, "
        f"{INVISIBLE_FIX}"
    )


def decode_text(data: bytes, shown: str, problems: list[Problem]) -> str | None:
    """Decode a file's bytes as UTF-8; on failure record where the bad byte is and how to fix it."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # what Notepad and Word call "Unicode"
            problems.append(
                Problem(
                    shown,
                    1,
                    "file",
                    'saved as UTF-16 ("Unicode"), expected UTF-8 text, e.g. in Notepad: File, Save As, Encoding: '
                    '"UTF-8"',
                )
            )
            return None
        line = data.count(b"\n", 0, err.start) + 1
        problems.append(
            Problem(
                shown,
                line,
                "file",
                (
                    f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}), expected UTF-8 text, "
                    'e.g. re-save it from your editor with the encoding "UTF-8"'
                ),
            )
        )
        return None


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """Split `---` front-matter from the body: (yaml, line of its first character, body, likewise).

    Both parts start with the rest of a delimiter line, so a position's file line is the part's
    line plus the newlines before it.
    """
    if not re.match(r"\A\ufeff?-{3,}[ \t]*\r?\n", text):
        return None
    text = text.lstrip("\ufeff")
    try:
        yaml_text, body = frontmatter.default_handlers.YAMLHandler().split(text)
    except ValueError:  # no closing delimiter
        return None
    # Each part's line from where it stands in the text: the delimiter pattern's trailing \s* can take a blank
    # line after a delimiter with it (after the closing one, that is nearly every paper).
    yaml_start = text.find(yaml_text, 3) if yaml_text else 3
    return (yaml_text, 1 + text.count("\n", 0, yaml_start), body, 1 + text.count("\n", 0, len(text) - len(body)))


DELIMITER_RE = re.compile(r"-{3,}[ \t]*")  # a line --- as python-frontmatter takes it
# What a line --- becomes in a word processor or in a hurry: a dash, underscores, two hyphens, or indented.
DELIMITER_LIKE_RE = re.compile(r"[ \t]*(?:[-_\u2010-\u2015\u2212][ \t]*){2,}|[ \t]*[\u2010-\u2015\u2212][ \t]*")
# Lines front-matter may have: blank, indented, a list entry, a note, or a field name and its colon. A Markdown
# heading (## ...) is none, so the body after a forgotten closing line is told from the fields.
FIELD_LINE_RE = re.compile(r"\s*$|[ \t\u00a0]|-|#(?!#)|[A-Za-z_][\w .-]*:")


def front_matter_mistakes(text: str, new: str) -> tuple[list[tuple[int, str]], tuple[str, int, str, int] | None]:
    """Why split_front_matter found no front-matter, as (line, message) pairs; and the parts split_front_matter
    gives once they are mended as the messages say (None when it cannot be told how). `new`: the command that
    starts such a file."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return [
            (
                1,
                "the file is empty, expected the fields between two lines ---, then the text, "
                f"e.g. start it again with {new}, or delete it",
            )
        ], None
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    origin = list(range(1, len(lines) + 1))  # each line's number in the file, for the mended text's lines
    found: list[tuple[int, str]] = []
    top = next(i for i, line in enumerate(lines) if line.strip())
    if top:
        found.append(
            (
                1,
                "blank lines before the first line ---, expected --- on the first line, "
                "e.g. delete the blank lines at the top",
            )
        )
        del lines[:top], origin[:top]
    if DELIMITER_LIKE_RE.fullmatch(lines[0]) and not DELIMITER_RE.fullmatch(lines[0]):
        found.append((origin[0], not_hyphens(lines[0], "on the first line")))
        lines[0] = "---"
    elif not DELIMITER_RE.fullmatch(lines[0]):
        if not re.match(r"[A-Za-z_][\w .-]*:", lines[0]):
            found.append(
                (
                    origin[0],
                    "no fields at the top, expected the file to start with a line ---, the fields, then another "
                    f"line ---, e.g. start the file again with {new} and copy the text into it",
                )
            )
            return found, None
        found.append(
            (
                origin[0],
                "no line --- before the first field, expected the fields between two lines ---, "
                "e.g. add a line --- above the first field",
            )
        )
        lines.insert(0, "---")
        origin.insert(0, origin[0] - 1)  # the rest of the line --- goes with the line before the first field
    closed = any(DELIMITER_RE.fullmatch(line) for line in lines[1:])
    stop = next(
        (i for i in range(1, len(lines)) if DELIMITER_LIKE_RE.fullmatch(lines[i]) or not FIELD_LINE_RE.match(lines[i])),
        len(lines),
    )
    if not closed and stop < len(lines) and DELIMITER_LIKE_RE.fullmatch(lines[stop]):
        found.append((origin[stop], not_hyphens(lines[stop], "after the last field")))
        lines[stop] = "---"
    elif not closed:
        last = max(i for i in range(stop) if i == 0 or (lines[i].strip() and not lines[i].startswith("#")))
        found.append(
            (
                origin[last],
                "no line --- after the fields, expected the fields between two lines ---, "
                "e.g. add a line --- after the last field, which is this line",
            )
        )
        lines.insert(last + 1, "---")
        origin.insert(last + 1, origin[last])  # the rest of the line --- goes with the last field's line
    parts = split_front_matter("\n".join(lines))
    if parts is None:
        return found, None
    yaml_text, yaml_line, body, body_line = parts
    return found, (yaml_text, origin[yaml_line - 1], body, origin[body_line - 1])


def not_hyphens(line: str, where: str) -> str:
    """Say that a line meant as --- is something else."""
    if set(line.strip()) == {"-"} and len(line.strip()) > 2:
        return (
            f"the line --- is indented, expected it {where}, at the start of its line, e.g. delete the spaces before it"
        )
    return (
        f"the line '{printable(line.strip())}' is not three hyphens, expected a line --- {where}, "
        "e.g. type three hyphens --- with the minus key (a word processor may have made them a dash)"
    )


# libyaml's composer (when PyYAML has it, as its wheels do) is ~10x faster, with the same marks.
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ParseMemo:
    """parse_yaml's results from the last build, kept in one file (the build cache's): a rebuild parses again
    only the files that changed (parsing a thousand papers' front-matter was half of reading them). Each
    result is stored pickled, so what later steps do to the values never reaches the stored copy. What was read
    of a file that is not published is forgotten before it is saved (see forget): the cache never holds it."""

    CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # in the keys: new code, new parse

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.old: dict[str, bytes] = {}
        if file is not None and file.exists():
            try:
                with file.open("rb") as stream:  # read as it is unpickled: no second copy in memory
                    self.old = pickle.load(stream)
            except Exception:  # noqa: BLE001 (a damaged or older memo is only a slower build)
                self.old = {}
        self.new: dict[str, bytes] = {}
        self.of_file: dict[str, list[str]] = {}  # the keys of what was read and remembered of each file

    def parse(self, text: str, first_line: int, shown: str, problems: list[Problem], what: str) -> Y | None:
        """parse_yaml(...), from the memo when the same text was parsed for the same file before."""
        key = hashlib.sha256(
            "\0".join([self.CODE, text, str(first_line), shown, what]).encode("utf-8", "surrogatepass")
        ).hexdigest()
        stored = self.old.get(key) or self.new.get(key)
        if stored is None:  # parsed now: what is returned is not what is stored, which is pickled already
            found: list[Problem] = []
            value = parse_yaml(text, first_line, shown, found, what)
            stored = pickle.dumps((value, found), protocol=pickle.HIGHEST_PROTOCOL)
        else:
            value, found = pickle.loads(stored)
        self.new[key] = stored
        self.of_file.setdefault(shown, []).append(key)
        problems.extend(found)
        return value

    def forget(self, shown: str, *texts: dict[str, tuple[str, str]]) -> None:
        """Keep nothing of the file `shown` (one not published): its parses and what was remembered of it, and
        what was computed from each text of `texts` ({text: (kind, code)}, see remember)."""
        for key in self.of_file.pop(shown, []):
            self.new.pop(key, None)
        for computed in texts:
            for text, (kind, code) in computed.items():
                self.new.pop(self.key(kind, text, code), None)

    def key(self, kind: str, text: str, code: str) -> str:
        """remember's key of a text."""
        return hashlib.sha256("\0".join([self.CODE, code, kind, text]).encode("utf-8", "surrogatepass")).hexdigest()

    def remember(self, kind: str, text: str, compute: Callable[[str], T], code: str = "", shown: str = "") -> T:
        """compute(text), from the memo when it was computed for the same `kind`, text and `code` (a digest of
        the code that computes it) before; `shown`: the file the text is of (see forget)."""
        key = self.key(kind, text, code)
        stored = self.old.get(key) or self.new.get(key)
        if stored is None:
            value = compute(text)
            stored = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            value = pickle.loads(stored)
        self.new[key] = stored
        if shown:
            self.of_file.setdefault(shown, []).append(key)
        return value

    def save(self) -> None:
        """Keep this run's results (only those: the file stays the size of one content folder)."""
        if self.file is not None and self.new.keys() != self.old.keys():
            self.file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.file.with_name(f".tmp-{os.getpid()}")
            with tmp.open("wb") as stream:  # written as it is pickled: no copy of it all in memory
                pickle.dump(self.new, stream, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.file)


# No front-matter nests deeper than a few levels; YAML parsers slow down quadratically with depth (a line of
# brackets took minutes) and libyaml's composer overflows the stack, so events are read one by one and reading
# stops here.
MAX_DEPTH = 20
STRAY_BREAK_RE = re.compile("\r(?!\n)|[\x85\u2028\u2029]")  # line breaks to YAML but not to line counts
TAGS_FIX = "expected plain values without YAML tags, anchors or aliases (board papers do not use them), e.g. {fix}"


def parse_yaml(text: str, first_line: int, shown: str, problems: list[Problem], what: str) -> Y | None:
    """Parse YAML into located values; a syntax error becomes one problem at its line."""
    stray = STRAY_BREAK_RE.search(text)
    if stray is not None:  # YAML starts a line there, so every line number after it would be wrong
        problems.append(
            Problem(
                shown,
                first_line + text.count("\n", 0, stray.start()),
                what,
                (
                    f"has the line break {describe(stray.group())} on its own, which YAML reads as a new line, "
                    "expected lines that end in a newline, e.g. re-save the file with Unix (LF) or Windows (CRLF) "
                    "line endings"
                ),
            )
        )
        return None
    fixed: list[int] = []  # lines whose mistake was reported and mended, so that reading can go on
    while True:
        try:
            try:
                value, found = _Builder(text, first_line, shown, what).build(COMPOSER)
            except yaml.YAMLError:  # again with the Python parser, whose messages are the ones documented
                value, found = _Builder(text, first_line, shown, what).build(yaml.SafeLoader)
        except yaml.YAMLError as err:
            mistake = diagnose(err, text, first_line, what) if isinstance(err, yaml.MarkedYAMLError) else None
            if mistake is None or mistake.line in fixed:
                # An error at or before a mended line may come from the mending: the mistake found there stands.
                if not fixed or _error_line(err) > max(fixed):
                    problems.append(_syntax_problem(err, text, first_line, shown, what))
                return None
            problems.append(Problem(shown, first_line + mistake.line, mistake.field, mistake.message))
            if mistake.mended is None or len(text) > MEND_CHARS or len(fixed) >= MAX_MENDS:
                return None
            fixed.append(mistake.line)
            text = mistake.mended
            continue
        problems.extend(found)
        # Mended as the messages say, the document is checked on: one run reports every mistake in the file.
        return value


def _syntax_problem(err: yaml.YAMLError, text: str, first_line: int, shown: str, what: str) -> Problem:
    """Say where and why YAML could not be read."""
    if isinstance(err, yaml.reader.ReaderError) and 0 <= err.position < len(text):  # a character YAML refuses
        char, column = text[err.position], err.position - text.rfind("\n", 0, err.position)
        message = (
            invisible_message(char, column)
            if INVISIBLE_RE.match(char)
            else f"has the character {describe(char)}, which YAML does not allow, expected plain text, e.g. delete it"
        )
        return Problem(shown, first_line + text.count("\n", 0, err.position), what, message)
    reason = getattr(err, "problem", None) or str(err).splitlines()[0]
    lines = _Lines(text, first_line, what)
    at = min(_error_line(err), len(lines) - 1)
    return Problem(
        shown,
        first_line + at,
        lines.field(at),
        (  # the reader's own words in brackets only: they help whoever the author asks, not the author
            "this line cannot be read, expected 'field: value' lines and lists of lines starting '- ', "
            f'e.g. title: "Fire Governance Update" (YAML says: {reason})'
        ),
    )


def _error_line(err: yaml.YAMLError) -> int:
    """The line (from 0) where YAML gave up."""
    mark = getattr(err, "problem_mark", None)
    return mark.line if mark else 0


# Mistakes people make writing front-matter, each found where YAML stops, told in plain words at its own line
# with its fix, and mended so that reading goes on to the next (issue #19).
MAX_MENDS = 20  # mistakes one file is read past: a file with more is not front-matter at all
MEND_CHARS = 64 * 1024  # each mend reads the text again: a larger one (no front-matter is) stops at its first
CURLY = "\u201c\u201d\u2018\u2019\u201e\u201f\u201a\u201b"  # what a word processor makes of " and ' (curly quotes)
# A line of front-matter: its indentation (and a list entry's dash), a field name and its colon, and the value.
LINE_RE = re.compile(
    r"(?P<lead>[ \t\u00a0]*(?:-[ \t]+)?)(?:(?P<key>[A-Za-z_][\w .-]*?)[ \t]*:(?=[ \t]|$)[ \t]*)?(?P<value>.*?)[ \t]*"
)
NO_SPACE_RE = re.compile(r"(?P<lead>[ \t\u00a0]*(?:-[ \t]+)?)(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s/].*?)[ \t]*")
DASH_ITEM_RE = re.compile(r"(?P<lead>[ \t\u00a0]*)-(?P<value>[^\s-].*?)[ \t]*")  # '-item': no space after the dash
ITEM_RE_LEAD = re.compile(r"( *)-(?:[ \t]|$)")  # a list entry's dash, and the spaces before it
# The names of the fields a paper, meeting or notice starts a line with (one indented is a field misplaced), and
# of every field at any depth (before ': ' on a run-on line, one of them is no run-on text but a field).
TOP_FIELDS = frozenset(f.name for f in (*PAPER_FIELDS, *MEETING_FIELDS, *NOTICE_FIELDS))


def all_names(fields: tuple[Field, ...]) -> set[str]:
    """The names of `fields` and of their subfields, at any depth."""
    return {name for f in fields for name in (f.name, *all_names(f.subfields))}


ANY_FIELD = frozenset(all_names((*PAPER_FIELDS, *MEETING_FIELDS, *NOTICE_FIELDS)))
COLON_RE = re.compile(r":(?:[ \t]|$)")  # a colon YAML reads as the end of a field name
# In { } or [ ]: a field whose unquoted value holds ': ' (group 3), up to the next ',' or closing bracket.
FLOW_COLON_RE = re.compile(r"([{,]\s*)([A-Za-z_]+): ([^,{}\[\]\"'\n]*?: [^,{}\[\]\n]*?)(?=\s*[,}\]])")


@dataclass(frozen=True)
class Mistake:
    """A mistake where YAML stopped: its line (from 0), field and message, and the text mended as the message
    says (None when it cannot be)."""

    line: int
    field: str
    message: str
    mended: str | None


def requote(text: str) -> str:
    """A value in straight quotes: double unless it holds a double quote or a backslash (which they escape)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def closing(value: str) -> int | None:
    """Where the quote that opens `value` is closed (two apostrophes, or a backslash's quote, do not close)."""
    quote, at = value[0], 1
    while at < len(value):
        escaped = value[at] == "\\" if quote == '"' else value[at : at + 2] == "''"
        if escaped:
            at += 2
        elif value[at] == quote:
            return at
        else:
            at += 1
    return None


def indented(spaces: int) -> str:
    """An indentation in words."""
    return "not indented" if spaces == 0 else f"indented {spaces} space{'s' if spaces != 1 else ''}"


def misaligned(spaces: int, above: int, line: int) -> str:
    """The message for a list entry whose dash is not under the one above it (on file line `line`)."""
    fix = "delete the spaces before it" if above == 0 else f"indent it {above} space{'s' if above != 1 else ''}"
    return (
        f"this entry is {indented(spaces)} but the one above it (line {line}) is {indented(above)}, expected the "
        f"dashes of a list one under the other, e.g. {fix}, like line {line}"
    )


def dash_message(value: str) -> str:
    """The message for a list entry written '-item'."""
    return (
        f"no space after the dash in '-{value}', expected '- ' at the start of each entry of a list, "
        f"e.g. put a space after the dash: - {value}"
    )


def colon_message(example: str) -> str:
    """The message for a value with ': ' in it and no quotes around it."""
    return (
        "has ': ' in its value, which reads as the start of another field, expected a value with a colon in it "
        f"to be in quotes, e.g. {example}"
    )


def hash_message(written: str, prefix: str) -> str:
    """The message for a value with a # in it, which YAML takes as the start of a note (a comment)."""
    return (
        "has a # that starts a note, so the rest of the line is left out of the value, expected a value with "
        f"# in it to be in quotes, e.g. {prefix}{requote(written)}"
    )


def curly_message(value: str, prefix: str) -> str:
    """The message for a value in curly quotes."""
    closed = len(value) > 1 and value[-1] in CURLY
    inner = value[1:-1] if closed else value[1:]
    return (
        f"is in curly quotes {value[0]}{value[-1] if closed else ''}, expected straight quotes, "
        f"e.g. use straight quotes \" or ': {prefix}{requote(inner)}"
    )


class _Lines:
    """Front-matter's lines, to find the mistake YAML stopped at and to mend it."""

    def __init__(self, text: str, first: int, what: str) -> None:
        self.raw = text.split("\n")
        self.first, self.what = first, what

    def __len__(self) -> int:
        return len(self.raw)

    def __getitem__(self, i: int) -> str:
        """Line i without the carriage return a Windows file ends it with."""
        return self.raw[i].removesuffix("\r")

    def parts(self, i: int) -> re.Match[str]:
        """Line i as indentation, field name and value."""
        found = LINE_RE.fullmatch(self[i])
        assert found is not None  # every group is optional
        return found

    def field(self, i: int, own: str | None = None) -> str:
        """The field line i belongs to: its own name, after the top-level field it is inside, if any; a list
        entry's is its list's name, as the checker gives it."""
        own = own if own is not None else self.parts(i)["key"]
        if self[i][:1] not in " \t\u00a0-" and own:
            return own
        own = None if "-" in self.parts(i)["lead"] else own
        for j in range(i - 1, -1, -1):
            parent = self.parts(j)["key"]
            if parent and not self.parts(j)["lead"]:
                return f"{parent}.{own}" if own else parent
        return own or self.what

    def mistake(self, i: int, message: str, mended: str | None, field: str | None = None) -> Mistake:
        """The mistake on line i (in `field`, or the one the line belongs to), with line i replaced by `mended`."""
        text = None
        if mended is not None:
            ending = "\r" if self.raw[i].endswith("\r") else ""  # a Windows file keeps its line endings
            text = "\n".join([*self.raw[:i], mended + ending, *self.raw[i + 1 :]])
        return Mistake(i, field or self.field(i), message, text)

    def written(self, i: int, value: str) -> str:
        """Line i with `value` in place of its value."""
        found = self.parts(i)
        return found["lead"] + (f"{found['key']}: " if found["key"] else "") + value

    def example(self, i: int, value: str) -> str:
        """How line i should read, without its indentation: the example a message gives."""
        found = self.parts(i)
        return (f"{found['key']}: " if found["key"] else "- " if "-" in found["lead"] else "") + value

    def indentation(self, i: int) -> Mistake | None:
        """A tab, or Word's non-breaking space, in the spaces before the text."""
        line = self[i]
        lead = line[: len(line) - len(line.lstrip(" \t\u00a0"))]
        if "\t" in lead:
            message = "indented with a tab, expected spaces, e.g. indent with spaces, not tabs"
        elif "\u00a0" in lead:
            message = (
                "indented with non-breaking spaces (a word processor puts them in), expected ordinary spaces, "
                "e.g. delete the spaces before the text and type them again"
            )
        else:
            return None
        found = self.parts(i)
        own = None if "-" in found["lead"] else found["key"]  # where it belongs is what its indent got wrong
        return self.mistake(i, message, " " * self.wanted_indent(i) + line.lstrip(" \t\u00a0"), own)

    def wanted_indent(self, i: int) -> int:
        """How far line i was meant to be indented, going by the line above: to mend a tab."""
        above = next((j for j in range(i - 1, -1, -1) if self[j].strip() and self[j].lstrip()[0] != "#"), None)
        if above is None:
            return 0
        line = self[above]
        spaces = len(line) - len(line.lstrip(" \t\u00a0"))
        if line.rstrip().endswith(":") or (line.lstrip().startswith("- ") and not self[i].lstrip().startswith("-")):
            return spaces + 2
        return spaces

    def quotes(self, i: int, unclosed: bool) -> Mistake | None:
        """Curly quotes, an apostrophe inside single quotes, a double quote inside double quotes, or (when YAML
        ran to the end looking for it) a closing quote left out."""
        value = self.parts(i)["value"]
        if not value:
            return None
        if value[0] in CURLY:
            inner = value[1:-1] if len(value) > 1 and value[-1] in CURLY else value[1:]
            return self.mistake(i, curly_message(value, self.example(i, "")), self.written(i, requote(inner)))
        if value[0] not in "'\"":
            return None
        end = closing(value)
        if end is None:
            return self.unclosed(i) if unclosed else None
        after = value[end + 1 :].strip()
        if not after or after.startswith("#"):
            return None
        inner = value[1:-1] if value[-1] == value[0] else value[1:]
        if value[0] == "'":
            message = (
                f"the apostrophe in {value} ends the single quotes early, expected two apostrophes '' for each "
                "one inside single quotes, e.g. write two apostrophes '' inside single quotes, or use double "
                f"quotes: {self.example(i, requote(inner))}"
            )
            return self.mistake(i, message, self.written(i, "'" + inner.replace("'", "''") + "'"))
        message = (
            f'the " inside {value} ends the double quotes early, expected single quotes around a value with " in '
            f"it, e.g. {self.example(i, requote(inner))}"
        )
        return self.mistake(i, message, self.written(i, requote(inner)))

    def unclosed(self, i: int) -> Mistake:
        """A value whose opening quote is never closed."""
        value = self.parts(i)["value"]
        message = (
            f"the quote mark {value[0]} is never closed, expected a {value[0]} at the end of the value too, "
            f"e.g. {self.example(i, value + value[0])}"
        )
        return self.mistake(i, message, self.written(i, value + value[0]))

    def runaway(self, at: int) -> Mistake | None:
        """A quote left open above line `at`, which YAML read on to the quote that opens a later field's value."""
        for i in range(at - 1, -1, -1):
            found = self.parts(i)
            value = found["value"]
            if value[:1] not in ("'", '"') or closing(value) is not None:
                continue
            for k in range(i + 1, at + 1):
                if value[0] in self[k]:  # where YAML took the value to end: left open if it is another's opening
                    after = self[k].split(value[0], 1)[1].strip()
                    return self.unclosed(i) if after and not after.startswith("#") else None
            return None
        return None

    def no_space(self, i: int) -> Mistake | None:
        """'status:published': no space after the colon, so YAML reads the line as one word."""
        found = NO_SPACE_RE.fullmatch(self[i])
        if found is None or self.parts(i)["key"]:
            return None
        fixed = f"{found['key']}: {found['value']}"
        message = (
            f"no space after the colon in '{found['key']}:{found['value']}', expected a space between the field "
            f"name and its value, e.g. put a space after the colon: {fixed}"
        )
        return self.mistake(i, message, found["lead"] + fixed, self.field(i, found["key"]))

    def dash(self, i: int) -> Mistake | None:
        """'-item': a list entry without the space after its dash."""
        found = DASH_ITEM_RE.fullmatch(self[i])
        if found is None:
            return None
        return self.mistake(i, dash_message(found["value"]), f"{found['lead']}- {found['value']}")

    def colon(self, i: int) -> Mistake | None:
        """'title: Item 5: budget': a colon and a space in an unquoted value, which YAML reads as a new field."""
        value = self.parts(i)["value"]
        if not value or value[0] in "\"'[{|>&*!%@`#" or not COLON_RE.search(value):
            return None
        return self.mistake(i, colon_message(self.example(i, requote(value))), self.written(i, requote(value)))

    def run_on_colon(self, i: int) -> Mistake | None:
        """'summary: The Board is asked to note' and, indented below it, 'the following: ...': a value run on to
        the next line, where a colon and a space read as a field inside it. Told at the field's own line."""
        lead = len(self[i]) - len(self[i].lstrip(" "))
        above = next((j for j in range(i - 1, -1, -1) if self[j].strip()), None)
        before = COLON_RE.split(self[i].strip() + " ", maxsplit=1)[0]
        if above is None or before == self[i].strip() + " ":
            return None  # no colon
        found = self.parts(above)
        value = found["value"] or ""
        if not found["key"] or not value or value[0] in "\"'[{|>&*!%@`#" or len(found["lead"]) >= lead:
            return None
        if found["lead"]:  # inside a list or a field's fields: the other checks know those better
            return None
        if before in TOP_FIELDS:  # 'agenda_item: ...': a field indented by mistake
            mended = found["lead"] + self[i].strip()
            message = (
                f"is indented under {found['key']}, expected each field at the start of its line, e.g. "
                f"{self[i].strip()}"
            )
            return self.mistake(i, message, mended, self.field(above, before))
        if before in ANY_FIELD:  # a field of a list's entries, say: not run-on text
            return None
        joined = requote(f"{value} {self[i].strip()}")
        # Line i emptied, not removed: the lines after it keep their numbers for the mistakes read on.
        text = "\n".join(
            [*self.raw[:above], self.written(above, joined), *self.raw[above + 1 : i], "", *self.raw[i + 1 :]]
        )
        message = (
            "the text runs on to the next line, which has a colon and a space, read as a field, expected the "
            f"whole text in quotes, e.g. {self.example(above, joined)}"
        )
        return Mistake(above, self.field(above), message, text)

    def flow_colon(self, i: int) -> Mistake | None:
        """'[{date: ..., text: Paragraph 2.2: typo fixed.}]': a colon and a space in an unquoted value inside
        { } or [ ], which YAML reads as a new field there."""
        value = self.parts(i)["value"]
        found = FLOW_COLON_RE.search(value) if value[:1] in ("{", "[") else None
        if found is None:
            return None
        fixed = value[: found.start(3)] + requote(found.group(3)) + value[found.end(3) :]
        return self.mistake(i, colon_message(self.example(i, fixed)), self.written(i, fixed))

    def bracket(self, i: int) -> Mistake | None:
        """A '{' or '[' not closed on its line, like an agenda entry without its '}'."""
        value = self.parts(i)["value"]
        if value[:1] not in ("{", "["):
            return None
        close = "}" if value[0] == "{" else "]"
        if value.count(value[0]) <= value.count(close):
            return None
        message = (
            f"the {value[0]} is never closed, expected a {close} at the end of the line, "
            f"e.g. {self.example(i, value + close)}"
        )
        return self.mistake(i, message, self.written(i, value + close))

    def list_entry(self, at: int) -> Mistake | None:
        """A list entry whose dash is not under the dash of the entry above it."""
        entry = ITEM_RE_LEAD.match(self[at])
        if entry is None:
            return None
        for j in range(at - 1, -1, -1):
            line = self[j]
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            above = ITEM_RE_LEAD.match(line)
            if above is not None:
                spaces, wanted = len(entry.group(1)), len(above.group(1))
                if spaces == wanted:
                    return None
                message = misaligned(spaces, wanted, self.first + j)
                return self.mistake(at, message, " " * wanted + self[at].lstrip(" "))
            if len(line) - len(line.lstrip(" ")) <= len(entry.group(1)):
                return None
        return None


def diagnose(err: yaml.MarkedYAMLError, text: str, first_line: int, what: str) -> Mistake | None:
    """Which mistake a person made where YAML stopped, or None when it is none of those this knows."""
    lines = _Lines(text, first_line, what)
    at = min(_error_line(err), len(lines) - 1)
    mark = err.context_mark
    # The scanner's context, or a {...} entry's, is where the troublesome text starts ('status:published' is
    # reported on the line after it); a block mapping's ("while parsing a block mapping") is only where it began.
    context = err.context or ""
    start = mark.line if mark is not None and context.startswith(("while scanning", "while parsing a flow")) else at
    unclosed = err.context == "while scanning a quoted scalar"
    for i in sorted({min(start, at), at}):
        found = (
            lines.indentation(i)
            or lines.quotes(i, unclosed)
            or lines.no_space(i)
            or lines.dash(i)
            or lines.run_on_colon(i)
            or lines.colon(i)
            or lines.flow_colon(i)
            or lines.bracket(i)
        )
        if found is not None:
            return found
    return lines.list_entry(at) or lines.runaway(at)


@dataclass
class _Open:
    """A mapping or list being read: its value, its name in messages, and (a mapping's) key awaiting a value."""

    y: Y
    name: str
    key: Y | None = None


# Plain scalars YAML would turn into these are built; other types stay text (the schema reads the text, and
# turning "1:00:00:..." into a sexagesimal integer is quadratic in its length).
BUILT_TAGS = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
_SAFE = yaml.SafeLoader("")
WRITTEN_RE = re.compile(r"[!&*][^\s,\[\]{}]*")  # a tag, anchor or alias as written


class _Builder:
    """Build Y values from YAML's events: one pass, no recursion, refusing tags, anchors, aliases and depth."""

    def __init__(self, text: str, first: int, shown: str, what: str) -> None:
        self.text, self.first, self.shown, self.what = text, first, shown, what
        self.found: list[Problem] = []
        self.refused: set[int] = set()  # lines with a tag, anchor or alias already reported
        self.stack: list[_Open] = []
        self.root: Y | None = None
        self.lines: list[str] = []  # the text's lines, split when a value needs a look at them

    def build(self, loader: type) -> tuple[Y | None, list[Problem]]:
        """Read every event; return the document (None if it must not be used) and its problems."""
        documents = 0
        for event in yaml.parse(self.text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        None,
                        "but found another document",
                        event.start_mark,  # type: ignore[arg-type]  # stubs take yaml.error.Mark; CSafeLoader's is a C Mark
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                self.add(self.stack.pop().y)
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)) and not self.node(
                event
            ):
                break  # too deep: what follows is not read at all
        return (None if self.refused or len(self.stack) > MAX_DEPTH else self.root or Y({}, self.first), self.found)

    def line(self, event: yaml.Event) -> int:
        """The file line an event starts on."""
        assert event.start_mark is not None  # the parser marks every event it makes
        return self.first + event.start_mark.line

    def node(self, event: yaml.Event) -> bool:
        """Take a scalar, an alias or the start of a collection; False when reading must stop."""
        self.refuse(event)
        line = self.line(event)
        if isinstance(event, yaml.AliasEvent):
            self.add(Y(None, line, ""))  # reported: the document is not used, so any stand-in will do
        elif isinstance(event, yaml.ScalarEvent):
            y = Y(self.scalar(event), line, event.value)
            plain = not event.style  # None from PyYAML's parser, '' from libyaml's
            if plain and self.stack and (isinstance(self.stack[-1].y.value, list) or self.stack[-1].key):
                self.lint(event, y)
            self.add(y)
        else:
            self.stack.append(_Open(Y({} if isinstance(event, yaml.MappingStartEvent) else [], line), self.name()))
            if len(self.stack) > MAX_DEPTH:
                self.found.append(
                    Problem(
                        self.shown,
                        line,
                        self.name() or self.what,
                        (
                            f"nested more than {MAX_DEPTH} levels deep, expected fields, lists and records a few "
                            "levels deep, e.g. contact_officers: [{name: Dorothy Gregson}]"
                        ),
                    )
                )
                return False
        return True

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        """A scalar's value: null, true/false and dates as YAML reads them; anything else as its text."""
        if not event.implicit[0]:  # quoted: always text
            return event.value
        tag = _SAFE.resolve(yaml.ScalarNode, event.value, (True, False))
        if tag not in BUILT_TAGS:
            return event.value
        try:
            return _SAFE.yaml_constructors[tag](_SAFE, yaml.ScalarNode(tag, event.value))
        except (yaml.YAMLError, ValueError):  # e.g. 2019-02-30 looks like a date but is not one
            return event.value

    def lint(self, event: yaml.ScalarEvent, y: Y) -> None:
        """Report what YAML reads without complaint but nobody means: a value cut short at '#', one in curly
        quotes, and list entries run into one ('-item', or a dash not under the one above)."""
        assert event.start_mark is not None and event.end_mark is not None  # the parser marks every event
        end = event.end_mark.index
        rest = self.text[end : (self.text.find("\n", end) + 1 or len(self.text) + 1) - 1].rstrip("\r")
        top = self.stack[-1]
        prefix = f"{top.key.raw}: " if top.key is not None and top.key.raw is not None else "- "
        found: list[tuple[int, str]] = []
        # A note (comment) after a value is '# ' and words; '#5' or a value that is nothing but a note is a value.
        if re.match(r"[ \t]+#", rest) and (not event.value or re.match(r"[ \t]+#\S", rest)):
            found.append((event.start_mark.line, hash_message(f"{event.value}{rest}".strip(), prefix)))
        elif len(event.value) > 1 and event.value[0] in CURLY and event.value[-1] in CURLY:
            found.append((event.start_mark.line, curly_message(event.value, prefix)))
        else:
            found = self.run_together(event)
        field = top.name if isinstance(top.y.value, list) else self.name()  # a list's name, as diagnose gives it
        for at, message in found:
            self.found.append(Problem(self.shown, self.first + at, field or self.what, message))
        y.reported = bool(found)

    def run_together(self, event: yaml.ScalarEvent) -> list[tuple[int, str]]:
        """Lines of a value that were meant as list entries of their own: '-item', or a dash out of line."""
        assert event.start_mark is not None and event.end_mark is not None  # the parser marks every event
        self.lines = self.lines or self.text.split("\n")
        first = event.start_mark.line
        head = self.lines[first].removesuffix("\r")
        found: list[tuple[int, str]] = []
        dash = DASH_ITEM_RE.fullmatch(head)
        if dash is not None and not head[: event.start_mark.column].strip():  # the value starts its line
            found.append((first, dash_message(dash["value"])))
        entry = ITEM_RE_LEAD.match(head)
        for at in range(first + 1, event.end_mark.line + 1):
            line = self.lines[at].removesuffix("\r")
            dash, item = DASH_ITEM_RE.fullmatch(line), ITEM_RE_LEAD.match(line)
            if dash is not None:
                found.append((at, dash_message(dash["value"])))
            elif entry is not None and item is not None:
                found.append((at, misaligned(len(item.group(1)), len(entry.group(1)), self.first + first)))
        return found

    def refuse(self, event: yaml.Event) -> None:
        """Report a tag, an anchor or an alias (once a line): each can change what a value means or expand it."""
        anchor, tag = getattr(event, "anchor", None), getattr(event, "tag", None)
        line = self.line(event)
        if (anchor is None and tag is None) or line in self.refused:
            return
        self.refused.add(line)
        assert event.start_mark is not None  # the parser marks every event it makes
        written = WRITTEN_RE.match(self.text, event.start_mark.index)
        shown = printable(written.group() if written else f"!{tag}" if tag else f"&{anchor}")
        if isinstance(event, yaml.AliasEvent):
            what, fix = "alias", f"replace '{shown}' with the value it stands for"
        elif shown.startswith("&"):
            what, fix = "anchor", f"delete '{shown}' and write the value out wherever it is used"
        else:
            what, fix = "tag", f"delete '{shown}' and keep the value after it"
        self.found.append(
            Problem(
                self.shown,
                line,
                self.name() or self.what,
                f"the YAML {what} '{shown}' is not allowed, " + TAGS_FIX.format(fix=fix),
            )
        )

    def name(self) -> str:
        """The name messages give the value now being read, as the Checker names it: actions[1].owner."""
        if not self.stack:
            return ""
        top = self.stack[-1]
        if isinstance(top.y.value, list):
            return f"{top.name}[{len(top.y.value) + 1}]"
        if top.key is None or top.key.raw is None:
            return top.name
        key = printable(top.key.raw)
        return f"{top.name}.{key}" if top.name else key

    def add(self, y: Y) -> None:
        """Put a finished value where it belongs: the document, a list, or a mapping as key or value."""
        if not self.stack:
            self.root = y
            return
        top = self.stack[-1]
        if isinstance(top.y.value, list):
            top.y.value.append(y)
        elif top.key is None:
            top.key = y
            if y.raw is None:
                self.found.append(
                    Problem(
                        self.shown,
                        y.line,
                        top.name or self.what,
                        (
                            "a list or mapping is used as a field name, expected a name before each colon, "
                            "e.g. title: Fire Governance Update"
                        ),
                    )
                )
        else:
            self.pair(top, top.key, y)
            top.key = None

    def pair(self, top: _Open, key: Y, value: Y) -> None:
        """Add key: value to a mapping, reporting a key written twice."""
        if key.raw is None:  # a list or mapping as a key: reported already
            return
        name = key.raw
        if name in top.y.value:
            self.found.append(
                Problem(
                    self.shown,
                    key.line,
                    printable(name),
                    (
                        f"written twice (first on line {top.y.value[name].line}), expected each field once, "
                        "e.g. delete one of the two lines"
                    ),
                )
            )
            return
        value.line = key.line
        top.y.value[name] = value


class Checker:
    """Check located YAML against schema fields, collecting problems for one file."""

    def __init__(self, shown: str, problems: list[Problem]) -> None:
        self.shown = shown
        self.problems = problems

    def fail(self, line: int, name: str, message: str) -> None:
        """Record a problem in this file."""
        self.problems.append(Problem(self.shown, line, name, message))

    def record(self, y: Y, fields: tuple[Field, ...], prefix: str = "") -> dict[str, Any] | None:
        """Check a mapping against `fields`; return clean values (absent optional fields left out)."""
        if not isinstance(y.value, dict):
            self.fail(
                y.line,
                prefix.rstrip(".") or "front-matter",
                f"expected {KIND_EXPECTED['mapping']}, e.g. {fields[0].name}: {fields[0].example}",
            )
            return None
        known = {f.name: f for f in fields}
        out: dict[str, Any] = {}
        ok = True
        misnamed: set[str] = set()  # fields written, but with a capital letter or a space in the name
        for key, val in y.value.items():
            meant = known_name(key, known)
            if meant is not None and meant not in y.value:
                self.fail(val.line, prefix + printable(key), misnamed_message(key, known[meant]))
                misnamed.add(meant)
                ok = False
            elif key not in known:
                self.fail(val.line, prefix + printable(key), self._unknown(key, known))
                ok = False
        for f in fields:
            if f.name in misnamed:
                continue
            if f.name not in y.value:
                if f.required:
                    self.fail(
                        y.line,
                        prefix + f.name,
                        (
                            f"missing required field, expected {f.expected()}"
                            f"{', or null if not stated' if f.nullable else ''}, e.g. {f.name}: {f.example}"
                        ),
                    )
                    ok = False
                continue
            good, value = self.value(y.value[f.name], f, prefix)
            ok = ok and good
            out[f.name] = value
        return out if ok else None

    def _unknown(self, key: str, known: dict[str, Field]) -> str:
        """Say a field is unknown, suggesting the closest known name."""
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown field, {hint}expected one of: {', '.join(known)}"

    def value(self, y: Y, f: Field, prefix: str) -> tuple[bool, Any]:
        """Check one value against its field; return (valid, clean value)."""
        name = prefix + f.name
        if y.reported:
            return False, None
        if y.value is None and y.raw == "":  # nothing after the colon: forgotten, unless the line goes
            self.fail(y.line, name, no_value_message(f))
            return False, None
        if y.value is None:
            if f.nullable:
                return True, None
            self.fail(y.line, name, f"is empty, expected {f.expected()}, e.g. {f.name}: {f.example}")
            return False, None
        if f.kind == "records":
            return self._records(y, f, name)
        if f.kind == "mapping":
            out = self.record(y, f.subfields, name + ".")
            return out is not None, out
        if f.kind in ("list", "ids"):
            return self._list(y, f, name)
        return self.scalar(y, f, name, "value", f)

    def scalar(self, y: Y, f: Field, name: str, what: str, shown_as: Field) -> tuple[bool, Any]:
        """Check one scalar (a value, or an entry of a list): the one gate every text in front-matter passes."""
        if y.reported:
            return False, None
        text = y.raw if y.raw is not None else y.value if isinstance(y.value, str) else None
        bad = invisible_problem(text) if text is not None else None
        if bad is None and text is not None and f.kind not in MULTILINE_KINDS and "\n" in text.strip():
            bad = (0, f"has a line break, expected {f.expected()}, e.g. join the lines into one")
        if bad is not None:
            self.fail(y.line, name, bad[1])
            return False, None
        clean = scalar(y, f)
        if clean is None and isinstance(y.value, dict) and len(y.value) == 1 and f.kind in ("text", "longtext"):
            # '- Fees: see the report' in a list of lines: YAML read a field, the author meant one line of text
            key, value = next(iter(y.value.items()))
            if value.raw is not None:
                prefix = "- " if what == "entry" else f"{f.name}: "
                self.fail(y.line, name, colon_message(prefix + requote(printable(f"{key}: {value.raw}"))))
                return False, None
        if clean is None:
            shown = printable(y.raw) if y.raw is not None else type(y.value).__name__
            no_day = f.kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", (y.raw or "").strip())
            # 2026-02-30 is written the right way: what is wrong is the day
            problem = f"'{shown}' is no day of the calendar" if no_day else f"invalid {what} '{shown}'"
            expected = f"a day that exists, {f.expected()}" if no_day else f.expected()
            self.fail(y.line, name, f"{problem}, expected {expected}, e.g. {shown_as.name}: {shown_as.example}")
            return False, None
        return True, clean

    def _records(self, y: Y, f: Field, name: str) -> tuple[bool, Any]:
        """Check a list of records, each against the field's subfields."""
        if not isinstance(y.value, list):
            self.fail(y.line, name, f"expected {f.expected()}, e.g. {f.name}: {f.example}")
            return False, None
        rows = [self.record(item, f.subfields, f"{name}[{i + 1}].") for i, item in enumerate(y.value)]
        for row, item in zip(rows, y.value, strict=True):
            if row is not None:
                row["_line"] = item.line
        return all(r is not None for r in rows), rows

    def _list(self, y: Y, f: Field, name: str) -> tuple[bool, Any]:
        """Check a list of single-line strings (or ids)."""
        if not isinstance(y.value, list):
            self.fail(y.line, name, f"expected {f.expected()}, e.g. {f.name}: {f.example}")
            return False, None
        inner = Field(f.name, "id" if f.kind == "ids" else "longtext", f.help, f.example)
        out, ok = [], True
        for item in y.value:
            good, clean = self.scalar(item, inner, name, "entry", f)
            ok = ok and good
            if good:
                out.append(clean)
        return ok, out


def known_name(key: str, known: dict[str, Field]) -> str | None:
    """The field a name not in `known` stands for when written with capitals, spaces or hyphens: Agenda Item."""
    meant = re.sub(r"[\s-]+", "_", key.strip()).lower()
    return meant if meant != key and meant in known else None


def misnamed_message(key: str, f: Field) -> str:
    """Say what is wrong with a field's name written with capitals, spaces or hyphens."""
    wrong = [
        *(["a capital letter"] if key != key.lower() else []),
        *(["a space"] if " " in key.strip() else []),
        *(["a hyphen"] if "-" in key else []),
    ]
    return (
        f"the field name has {' and '.join(wrong)}, expected {f.name}, in small letters with _ between words, "
        f"e.g. {f.name}: {f.example}"
    )


def no_value_message(f: Field) -> str:
    """Say that a field has nothing after its colon, and what to write."""
    fix = f"e.g. {f.name}: {f.example}"
    if f.nullable:
        fix += ", or null if the paper does not say"
    if not f.required:
        fix += ", or delete the line"
    return f"has no value, expected {f.expected()}, {fix}"


def scalar(y: Y, f: Field) -> Any:
    """Return the clean value of a scalar for its field's kind, or None if it is not valid."""
    if isinstance(y.value, (dict, list)):
        return None
    text = (y.raw if y.raw is not None else str(y.value)).strip()
    if f.kind == "date":
        return _date(y.value, text)
    if f.kind == "bool":
        return y.value if isinstance(y.value, bool) else None
    if f.kind == "enum":
        return text if text in f.choices else None
    checks = {"time": TIME_RE, "item": ITEM_RE, "id": ID_RE, "url": URL_RE}
    if f.kind in checks:
        return text if checks[f.kind].match(text) else None
    return text or None


def _date(value: Any, text: str) -> dt.date | None:
    """Accept a YAML date or an ISO date string; anything else is invalid."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None
