"""A paper's attachments: files beside it in its meeting folder (the original PDF or Word file, appendices,
spreadsheets), checked by name, kind of file, type and size, and read again when the build copies them.

Only a file a published paper lists is ever copied into the site (to the paper's own address); a file no
published paper lists, or one an unpublished paper lists, reaches no output.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

# The types the site publishes: extension -> (media type, what the file must start with). The office formats are
# zip files; ODF puts its media type, uncompressed, in the zip's first entry.
ZIP = b"PK\x03\x04"
HEAD = 128  # bytes read to tell a type: ODF's first entry, its name and its media type, fit
TYPES: dict[str, tuple[str, bytes]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "csv": ("text/csv", b""),
    "txt": ("text/plain", b""),
}
TEXT_TYPES = ("csv", "txt")  # UTF-8 text without NUL bytes
WHAT = {
    "pdf": "a PDF file (starting %PDF-)",
    "docx": "a Word file (a zip file)",
    "xlsx": "an Excel file (a zip file)",
    "pptx": "a PowerPoint file (a zip file)",
    "odt": "an OpenDocument text file (a zip file naming its type)",
    "ods": "an OpenDocument spreadsheet (a zip file naming its type)",
    "csv": "UTF-8 text",
    "txt": "UTF-8 text",
}
SAVE_AS = {
    "pdf": "save it again as PDF",
    "docx": "save it again from Word as .docx",
    "xlsx": "save it again from Excel as .xlsx",
    "pptx": "save it again from PowerPoint as .pptx",
    "odt": "save it again as OpenDocument Text",
    "ods": "save it again as OpenDocument Spreadsheet",
    "csv": "save it again as CSV UTF-8",
    "txt": "save it again as UTF-8 text",
}
# The same alphabet as a paper's file name (its address): lower-case letters, digits, '.' or '-' between them.
NAME_RE = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
MAX_MB = 50
MAX_ENV = "BOARD_PAPERS_MAX_ATTACHMENT_MB"  # the most one attachment may be, in MB
# Non-blocking: a pipe put in a file's place cannot make the read wait for a writer.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}


class AttachmentError(Exception):
    """An attachment cannot be used; the message says why, what was expected and the fix."""


@dataclass(frozen=True)
class Attachment:
    """A file a paper lists, as checked: its name in the meeting folder, title, size and where it was read."""

    file: str
    title: str
    size: int  # bytes
    path: str  # the real path it was checked at, which the build copies from
    line: int = 1

    @property
    def kind(self) -> str:
        """The extension: pdf, docx, ..."""
        return self.file.rsplit(".", 1)[-1]

    @property
    def media_type(self) -> str:
        """Its media type, e.g. application/pdf."""
        return TYPES[self.kind][0]

    @property
    def label(self) -> str:
        """What the paper page shows after the title: "PDF, 240 KB"."""
        return f"{self.kind.upper()}, {human_size(self.size)}"


def human_size(size: int) -> str:
    """A file size as GOV.UK shows it (Rails' number_to_human_size): 1,024 bytes a KB, three significant digits,
    no trailing zeros, "bytes" in lower case as GOV.UK writes it: 512 bytes, 240 KB, 1.18 MB."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    units = ("KB", "MB", "GB", "TB")
    exponent = 1
    while exponent < len(units) and size >= 1024 ** (exponent + 1):
        exponent += 1
    value = size / 1024**exponent
    decimals = max(0, 3 - len(str(int(value))))
    if round(value, decimals) >= 1024 and exponent < len(units):  # 1,023.9 KB is shown as 1 MB
        exponent, value, decimals = exponent + 1, value / 1024, 2
    text = f"{round(value, decimals):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} {units[exponent - 1]}"


def limit_bytes() -> tuple[int, str | None]:
    """The most bytes an attachment may hold ($BOARD_PAPERS_MAX_ATTACHMENT_MB or MAX_MB), and what is wrong
    with the environment's value if it is not a number."""
    text = os.environ.get(MAX_ENV, "").strip()
    if re.fullmatch(r"[0-9]{1,6}", text) and int(text) > 0:
        return int(text) * 1024 * 1024, None
    if text:
        return MAX_MB * 1024 * 1024, (
            f"invalid value '{text[:40]}', expected a whole number of megabytes, e.g. {MAX_ENV}={MAX_MB * 2}"
        )
    return MAX_MB * 1024 * 1024, None


def name_problem(name: str, reserved: frozenset[str]) -> str | None:
    """What is wrong with an attachment's file name as written (None: nothing); `reserved`: names Windows keeps."""
    shown = name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name
    if "/" in name or "\\" in name or name in (".", ".."):
        base = re.split(r"[/\\]", name)[-1] or "report.pdf"
        return (
            f"'{shown}' names a folder, expected the name of a file beside the paper in its own meeting folder, "
            f"e.g. move the file into the paper's folder and write file: {base}"
        )
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind not in TYPES:
        stem = name.rsplit(".", 1)[0] if re.fullmatch(r"[A-Za-z0-9]{1,5}", kind) else name
        return (
            f"'{shown}' is not a type of file the site publishes, expected a name ending in one of: "
            f"{', '.join('.' + k for k in TYPES)}, e.g. save it as PDF and write file: {stem or 'report'}.pdf"
        )
    stem = name[: -len(kind) - 1]
    if not NAME_RE.fullmatch(name) or stem.split(".")[0] in reserved:
        suggested = re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip(".-")
        suggested = re.sub(r"[.-]{2,}", "-", suggested) or f"attachment.{kind}"
        if suggested.split(".")[0] in reserved:
            suggested = "attachment-" + suggested
        return (
            f"'{shown}' is not a name the site can publish, expected lower-case letters a-z, digits, and '.' or "
            f"'-' between them (the name is part of the file's address), e.g. rename the file to {suggested}"
        )
    return None


def check(folder: Path, name: str, root: str, limit: int) -> tuple[int, str]:
    """Check the file `name` of the meeting folder `folder` (inside the content folder `root`, a real path):
    return its size and real path, or raise AttachmentError saying what is wrong."""
    path = folder / name
    try:
        linked = stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        raise AttachmentError(missing(folder, name)) from None
    except OSError as err:
        raise AttachmentError(unreadable(name, err)) from None
    real = os.path.realpath(path)
    if linked and os.path.exists(path):
        # Never followed: a link names another file, which may be a draft paper, an unpublished notice or a file
        # another paper lists, and the published copy would be that file's text under an innocent name.
        where = "outside the content folder" if not real.startswith(root.rstrip(os.sep) + os.sep) else "another file"
        raise AttachmentError(
            f"'{name}' is a link to {where}, expected the file itself, e.g. copy the file here instead of linking to it"
        )
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        raise AttachmentError(
            f"'{name}' is a link that cannot be followed ({err.strerror}), expected a file, "
            "e.g. delete the link and copy the file here"
        ) from None
    if stat.S_ISDIR(mode):
        raise AttachmentError(f"'{name}' is a folder, expected a file, e.g. list a file of the folder instead")
    if not stat.S_ISREG(mode):
        raise AttachmentError(
            f"'{name}' is {KINDS.get(stat.S_IFMT(mode), 'not an ordinary file')}, expected an ordinary file, "
            "e.g. delete it and copy the file in again"
        )
    size, _ = read(real, name, limit, whole=False)
    return size, real


def read(real: str, name: str, limit: int, whole: bool = True) -> tuple[int, bytes]:
    """Open an attachment checked before (its real path), refusing what is not an ordinary file of its type
    within `limit` bytes; return (size, bytes: all of them when `whole`, else what the type check read)."""
    kind = name.rsplit(".", 1)[-1]
    try:
        with os.fdopen(os.open(real, OPEN_FLAGS), "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise AttachmentError(
                    f"'{name}' was replaced by something else while it was read, expected a file, "
                    "e.g. run the command again"
                )
            if info.st_size > limit:
                raise AttachmentError(too_big(name, info.st_size, limit))
            data = stream.read(limit + 1) if whole or kind in TEXT_TYPES else stream.read(HEAD)
            problem = type_problem(kind, data, stream)
    except OSError as err:
        raise AttachmentError(unreadable(name, err)) from None
    if len(data) > limit:
        raise AttachmentError(too_big(name, len(data), limit))
    if problem:
        raise AttachmentError(f"'{name}' {problem}, expected {WHAT[kind]}, e.g. {SAVE_AS[kind]}")
    return info.st_size, data


def type_problem(kind: str, data: bytes, stream: object) -> str | None:
    """Why `data`, the start (or the whole) of a file named .`kind`, is not a file of that type; None if it is."""
    if kind in TEXT_TYPES:
        if b"\0" in data:
            return "holds NUL bytes, so it is not text"
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as err:
            return f"is not UTF-8 text (byte {err.start + 1})"
        return None
    signature = TYPES[kind][1]
    if not data.startswith(signature):
        return f"does not start as {WHAT[kind].split(' (')[0]} does"
    if signature == ZIP and not zipfile.is_zipfile(stream):  # type: ignore[arg-type]  # a binary stream will do
        return "is not a whole zip file"
    if kind in ("odt", "ods") and b"mimetype" + TYPES[kind][0].encode() not in data[:HEAD]:
        return "does not name its OpenDocument type first"
    return None


def missing(folder: Path, name: str) -> str:
    """Say an attachment is not in the meeting folder, suggesting the closest file that is."""
    try:
        names = sorted(n for n in os.listdir(folder) if not n.endswith(".md") and not n.startswith("."))
    except OSError:
        names = []
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return f"'{name}' is not in the meeting folder {folder.name}, expected a file beside the paper, " + (
        f"e.g. file: {close[0]}" if close else f"e.g. copy the file into meetings/{folder.name}/"
    )


def unreadable(name: str, err: OSError) -> str:
    """Say the system refused to read an attachment."""
    return f"'{name}' cannot be read ({err.strerror}), expected a file you may read, e.g. check its permissions"


def too_big(name: str, size: int, limit: int) -> str:
    """Say an attachment is over the size limit, and how to raise it."""
    mb = -(-size // (1024 * 1024))
    return (
        f"'{name}' is {human_size(size)}, more than the {human_size(limit)} an attachment may be, expected a "
        f"smaller file, e.g. compress it, or raise the limit: {MAX_ENV}={mb} python build.py check"
    )
