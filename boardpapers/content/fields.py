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
from boardpapers.content.schema import KIND_EXPECTED, MULTILINE_KINDS, Field

T = TypeVar("T")


@dataclass
class Y:
    """A YAML value with the line it stands on; mappings and lists hold further Y values."""

    value: Any
    line: int
    raw: str | None = None  # a scalar's text as written, before YAML's guessing (15:00 is not 900)


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


# libyaml's composer (when PyYAML has it, as its wheels do) is ~10x faster, with the same marks.
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ParseMemo:
    """parse_yaml's results from the last build, kept in one file (the build cache's): a rebuild parses again
    only the files that changed (parsing a thousand papers' front-matter was half of reading them). Each
    result is stored pickled, so what later steps do to the values never reaches the stored copy."""

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
        problems.extend(found)
        return value

    def remember(self, kind: str, text: str, compute: Callable[[str], T], code: str = "") -> T:
        """compute(text), from the memo when it was computed for the same `kind`, text and `code` (a digest of
        the code that computes it) before."""
        key = hashlib.sha256("\0".join([self.CODE, code, kind, text]).encode("utf-8", "surrogatepass")).hexdigest()
        stored = self.old.get(key) or self.new.get(key)
        if stored is None:
            value = compute(text)
            stored = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            value = pickle.loads(stored)
        self.new[key] = stored
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
    try:
        try:
            value, found = _Builder(text, first_line, shown, what).build(COMPOSER)
        except yaml.YAMLError:  # again with the Python parser, whose messages are the ones documented
            value, found = _Builder(text, first_line, shown, what).build(yaml.SafeLoader)
    except yaml.YAMLError as err:
        problems.append(_syntax_problem(err, text, first_line, shown, what))
        return None
    problems.extend(found)
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
    mark = getattr(err, "problem_mark", None)
    reason = getattr(err, "problem", None) or str(err).splitlines()[0]
    return Problem(
        shown,
        first_line + (mark.line if mark else 0),
        what,
        (
            f"cannot be read as YAML ({reason}), expected 'field: value' lines, "
            'e.g. title: "Fire Governance Update" (quote values that contain a colon)'
        ),
    )


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
            self.add(Y(self.scalar(event), line, event.value))
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
        for key, val in y.value.items():
            if key not in known:
                self.fail(val.line, prefix + printable(key), self._unknown(key, known))
                ok = False
        for f in fields:
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
        text = y.raw if y.raw is not None else y.value if isinstance(y.value, str) else None
        bad = invisible_problem(text) if text is not None else None
        if bad is None and text is not None and f.kind not in MULTILINE_KINDS and "\n" in text.strip():
            bad = (0, f"has a line break, expected {f.expected()}, e.g. join the lines into one")
        if bad is not None:
            self.fail(y.line, name, bad[1])
            return False, None
        clean = scalar(y, f)
        if clean is None:
            shown = printable(y.raw) if y.raw is not None else type(y.value).__name__
            self.fail(
                y.line,
                name,
                f"invalid {what} '{shown}', expected {f.expected()}, e.g. {shown_as.name}: {shown_as.example}",
            )
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
