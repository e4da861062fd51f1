"""Read YAML with line numbers and check it against the schema, collecting every problem."""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .problems import Problem
from .schema import KIND_EXPECTED, Field


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


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """Read a file as UTF-8; on failure record where the bad byte is and how to fix it."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problems.append(Problem(shown, line, "file", (
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}), expected UTF-8 text, "
            'e.g. re-save it from your editor with the encoding "UTF-8"')))
        return None


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """Split `---` front-matter from the body: (yaml, line of its first character, body, likewise).

    Both parts start with the rest of a delimiter line, so a position's file line is the part's
    line plus the newlines before it.
    """
    if not re.match(r"\A\ufeff?-{3,}[ \t]*\r?\n", text):
        return None
    try:
        yaml_text, body = frontmatter.default_handlers.YAMLHandler().split(text.lstrip("\ufeff"))
    except ValueError:  # no closing delimiter
        return None
    return yaml_text, 1, body, 1 + yaml_text.count("\n")


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
        key = hashlib.sha256("\0".join([self.CODE, text, str(first_line), shown, what])
                             .encode("utf-8", "surrogatepass")).hexdigest()
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

    def save(self) -> None:
        """Keep this run's results (only those: the file stays the size of one content folder)."""
        if self.file is not None and self.new.keys() != self.old.keys():
            self.file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.file.with_name(f".tmp-{os.getpid()}")
            with tmp.open("wb") as stream:  # written as it is pickled: no copy of it all in memory
                pickle.dump(self.new, stream, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.file)


def parse_yaml(text: str, first_line: int, shown: str, problems: list[Problem], what: str) -> Y | None:
    """Parse YAML into located values; a syntax error becomes one problem at its line."""
    try:
        try:
            node = yaml.compose(text, Loader=COMPOSER)
        except yaml.YAMLError:  # again with the Python composer, whose messages are the ones documented
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        problems.append(Problem(shown, line, what, (
            f"cannot be read as YAML ({reason}), expected 'field: value' lines, "
            'e.g. title: "Fire Governance Update" (quote values that contain a colon)')))
        return None
    if node is None:
        return Y({}, first_line)
    return _located(node, first_line, shown, problems, yaml.SafeLoader(""))


def _located(node: yaml.Node, first: int, shown: str, problems: list[Problem], loader: yaml.SafeLoader) -> Y:
    """Turn a composed YAML node into Y values, reporting keys written twice."""
    line = first + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Y] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                problems.append(Problem(shown, first + key_node.start_mark.line, key, (
                    f"written twice (first on line {out[key].line}), expected each field once, "
                    "e.g. delete one of the two lines")))
                continue
            out[key] = _located(value_node, first, shown, problems, loader)
            out[key].line = first + key_node.start_mark.line
        return Y(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Y([_located(n, first, shown, problems, loader) for n in node.value], line)
    try:
        value = loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError):  # e.g. 2019-02-30 looks like a date but is not one
        value = node.value
    return Y(value, line, str(node.value))


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
            self.fail(y.line, prefix.rstrip(".") or "front-matter",
                      f"expected {KIND_EXPECTED['mapping']}, e.g. {fields[0].name}: {fields[0].example}")
            return None
        known = {f.name: f for f in fields}
        out: dict[str, Any] = {}
        ok = True
        for key, val in y.value.items():
            if key not in known:
                self.fail(val.line, prefix + key, self._unknown(key, known))
                ok = False
        for f in fields:
            if f.name not in y.value:
                if f.required:
                    self.fail(y.line, prefix + f.name, (
                        f"missing required field, expected {f.expected()}"
                        f"{', or null if not stated' if f.nullable else ''}, e.g. {f.name}: {f.example}"))
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
        clean = scalar(y, f)
        if clean is None:
            shown = y.raw if y.raw is not None else type(y.value).__name__
            self.fail(y.line, name, f"invalid value '{shown}', expected {f.expected()}, e.g. {f.name}: {f.example}")
            return False, None
        return True, clean

    def _records(self, y: Y, f: Field, name: str) -> tuple[bool, Any]:
        """Check a list of records, each against the field's subfields."""
        if not isinstance(y.value, list):
            self.fail(y.line, name, f"expected {f.expected()}, e.g. {f.name}: {f.example}")
            return False, None
        rows = [self.record(item, f.subfields, f"{name}[{i + 1}].") for i, item in enumerate(y.value)]
        for row, item in zip(rows, y.value):
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
            clean = scalar(item, inner)
            if clean is None:
                self.fail(item.line, name, f"invalid entry '{item.raw}', expected {inner.expected()}, "
                          f"e.g. {f.name}: {f.example}")
                ok = False
            else:
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
    if f.kind == "text" and "\n" in text:
        return None
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
