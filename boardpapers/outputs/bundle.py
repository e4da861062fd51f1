"""`python build.py bundle`: the offline archive, a zip of the whole published site that works from disk.

Recipe: build the site as `build` does (check first; nothing unpublished is ever in it), copy it, point every
link at a file (from disk a folder does not open its index.html), add README.html, README.txt and SHA256SUMS,
zip it with fixed dates and order, then move the folder and the zip into place together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import html.parser
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from boardpapers.content.model import Site
from boardpapers.pipeline import build_site

URL_ATTRIBUTES = ("href", "src", "action")  # what the theme and the pages link with
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
REMOTE_RE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
MANIFEST = "SHA256SUMS"


def make_bundle(content: Path, out: Path, config: Path, today: dt.date) -> tuple[Path, Path]:
    """Build, prepare and zip the archive; return (folder, zip). Nothing is left behind if a step fails."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    # Built beside --out, which is made only once the content has passed check and the archive is complete.
    with tempfile.TemporaryDirectory(prefix=f".{out.name}-bundle-", dir=out.parent) as tmp:
        built = build_site(content, Path(tmp) / "site", config, today)
        site = built.site
        name = f"{archive_owner(site)}-archive-{today.isoformat()}"
        folder = Path(tmp) / name
        shutil.copytree(Path(tmp) / "site", folder)  # a copy: the build's files may be links into its cache
        link_files(folder)
        commit = source_commit(content)
        write_readme(folder, site, today, commit, built.papers)
        write_manifest(folder)
        zipped = Path(tmp) / f"{name}.zip"
        write_zip(folder, zipped, today)
        out.mkdir(exist_ok=True)
        final_folder, final_zip = out / name, out / f"{name}.zip"
        shutil.rmtree(final_folder, ignore_errors=True)
        folder.rename(final_folder)
        zipped.replace(final_zip)
    return final_folder, final_zip


def archive_owner(site: Site) -> str:
    """The archive's name: the board's id when there is one board, else the organisation's name as a slug."""
    if len(site.boards) == 1:
        return next(iter(site.boards))
    words = re.findall(r"[a-z0-9]+", site.organisation.get("name", "board-papers").lower())
    return "-".join(words) or "board-papers"


def file_link(page: Path, value: str, root: Path) -> str:
    """A link of `page` pointed at a file: a folder link gets its index.html; other links are left alone."""
    if not value or value.startswith("#") or SCHEME_RE.match(value):
        return value
    cut = min((value.index(c) for c in "?#" if c in value), default=len(value))
    path, tail = value[:cut], value[cut:]
    if path.startswith("/"):  # 404.html's links are from the site's root; on disk there is no root
        path = os.path.relpath(root / path.lstrip("/"), page.parent)
        if not (page.parent / path).resolve().is_dir():
            return path + tail
    target = (page.parent / path).resolve()
    if not path or not target.is_relative_to(root) or not target.is_dir():
        return value
    return ("" if path in (".", "./") else path.rstrip("/") + "/") + "index.html" + tail


class _StartTags(html.parser.HTMLParser):
    """The start tags of an HTML page: (offset, raw text, tag, attributes), for the tags that have a URL."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
        self.found: list[tuple[int, str, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if any(name in URL_ATTRIBUTES for name, _ in attrs):
            line, column = self.getpos()
            self.found.append((self.lines[line - 1] + column, self.get_starttag_text() or "", tag, attrs))

    handle_startendtag = handle_starttag


def offline_value(page: Path, name: str, value: str, root: Path) -> tuple[str, str]:
    """One href, src or action as the archive needs it: pointed at a file, and never fetching from the network
    (a paper's picture from another site keeps its address in data-online-src, unloaded)."""
    if name == "src" and REMOTE_RE.match(value):
        return f"data-online-{name}", value
    return name, file_link(page, value, root)


def offline_tag(page: Path, raw: str, tag: str, attrs: list[tuple[str, str | None]], root: Path) -> str:
    """A start tag written again with its links made offline (every value escaped anew), or as it was."""
    changed = [offline_value(page, n, v, root) if n in URL_ATTRIBUTES and v is not None else (n, v) for n, v in attrs]
    if changed == attrs:
        return raw
    written = "".join(f" {n}" if v is None else f' {n}="{html.escape(v, quote=True)}"' for n, v in changed)
    return f"<{tag}{written}{' /' if raw.endswith('/>') else ''}>"


def offline_page(page: Path, text: str, root: Path) -> str:
    """A page's HTML with every link in its tags made offline. Tags are found by an HTML parser, so text that
    only looks like an attribute (a paper quoting ` href="..."`) is left as it is, and each value written back
    is escaped again: what was inert text on the site stays inert in the archive."""
    parser = _StartTags(text)
    parser.feed(text)
    parser.close()
    out, done = [], 0
    for offset, raw, tag, attrs in parser.found:
        out += [text[done:offset], offline_tag(page, raw, tag, attrs, root)]
        done = offset + len(raw)
    out.append(text[done:])
    return "".join(out)


def link_files(folder: Path) -> None:
    """Rewrite every page's folder links (`meetings/`, `../..`) to name the folder's index.html, and drop
    what would reach the network from disk."""
    root = folder.resolve()
    for page in sorted(folder.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        fixed = offline_page(page.resolve(), text, root)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def source_commit(content: Path) -> str:
    """The git commit the content was built from, marked when the checkout had uncommitted changes."""

    def git(*words: str) -> str | None:
        try:
            done = subprocess.run(["git", *words], cwd=content, capture_output=True, text=True, check=False)
        except OSError:
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if not commit:
        return "unknown (the content was not in a git checkout)"
    dirty = git("status", "--porcelain", "--", ".")
    return commit + (" with uncommitted changes to the content" if dirty else "")


README_TEXT = """\
{title}
{underline}

This is an offline copy of the published board papers of the {organisation}: every published paper,
meeting, theme page and the action log, as they were on the website on {date}. It works without a network:
open index.html in this folder with a web browser. Search works offline too.

Built on: {date} (the build date, in the board's time zone, Europe/London)
Built from: commit {commit}
Papers: {papers} published papers in {meetings} meetings

Only published papers are in this archive: drafts, withdrawn papers, papers not yet due for publication and
papers not classified OFFICIAL are not.

To check that no file has changed since the archive was made, run this in this folder:

    sha256sum -c {manifest}

{manifest} lists the SHA-256 checksum of every file here except itself.
"""


def write_readme(folder: Path, site: Site, today: dt.date, commit: str, papers: int) -> None:
    """README.txt and README.html: what the archive is, when and from what it was built, how to check it."""
    organisation = site.organisation.get("name", "board")
    title = f"Offline archive of the board papers of the {organisation}"
    text = README_TEXT.format(
        title=title,
        underline="=" * len(title),
        organisation=organisation,
        date=f"{today.day} {today:%B %Y}",
        commit=commit,
        papers=papers,
        meetings=len(site.meetings),
        manifest=MANIFEST,
    )
    (folder / "README.txt").write_text(text, encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n")[1:] if p.strip()]
    body = "".join(
        f"<pre>{html.escape(p.strip())}</pre>\n"
        if p.startswith("    ")
        else f"<p>{html.escape(' '.join(p.split()))}</p>\n"
        for p in paragraphs
    )
    (folder / "README.html").write_text(
        f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">\n<title>{html.escape(title)}</title>\n'
        f"</head>\n<body>\n<main>\n<h1>{html.escape(title)}</h1>\n{body}"
        f'<p><a href="index.html">Open the archive</a></p>\n</main>\n</body>\n</html>\n',
        encoding="utf-8",
    )


def write_manifest(folder: Path) -> None:
    """SHA256SUMS in `sha256sum -c` format: every file but itself, in a fixed order."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if relative != MANIFEST:
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {relative}\n")
    (folder / MANIFEST).write_text("".join(lines), encoding="utf-8")


def write_zip(folder: Path, target: Path, today: dt.date) -> None:
    """Zip the folder (as a folder of that name) with sorted entries and the build date on every entry, so
    the same content on the same day gives the same bytes."""
    stamp = (today.year, today.month, today.day, 0, 0, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for path in sorted(folder.rglob("*")):
            if path.is_dir():
                continue
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, path.read_bytes(), compresslevel=9)
