"""A paper's attachments: checked at their entries' lines, listed on its page with type and size, copied to its
address in the site and the offline archive, in its open data; never from a paper that is not published."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
import zipfile
from pathlib import Path

import pytest

from boardpapers.cli import main
from boardpapers.content.attachments import human_size
from boardpapers.content.load import load_site
from boardpapers.content.problems import ContentError
from boardpapers.outputs.bundle import make_bundle
from boardpapers.pipeline import build_site
from contentkit import BOARD_YML, make_content, paper, write

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
FOLDER = "meetings/2019-09-18"
PAPER = f"{FOLDER}/9.0-southern-police-station.md"
PAGE = f"{FOLDER}/9.0-southern-police-station/"
PDF = b"%PDF-1.4\n" + b"%" * (240 * 1024 - 9)  # 240 KB


def a_zip(first: str = "word/document.xml", data: bytes = b"<w:document/>") -> bytes:
    """A small zip file (what .docx, .xlsx, .odt and .ods files are), its first entry as named."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_STORED) as zipped:
        zipped.writestr(first, data)
    return stream.getvalue()


def listing(*entries: str) -> str:
    """The front-matter lines listing `entries` ({file: ..., title: ...} each), for the contentkit paper."""
    return "attachments:\n" + "".join(f"  - {entry}\n" for entry in entries)


def with_attachments(content: Path, *entries: str, paper_file: str = PAPER) -> None:
    """Make the paper at `paper_file` list `entries` (before its source_documents)."""
    path = content / paper_file
    text = path.read_text("utf-8")
    path.write_text(text.replace("source_documents:", listing(*entries) + "source_documents:", 1), encoding="utf-8")


def problems(content: Path) -> list[str]:
    """What check says about the content, one line a problem."""
    with pytest.raises(ContentError) as raised:
        load_site(content, TODAY)
    return [str(p) for p in raised.value.problems]


def test_sizes_read_as_gov_uk_shows_them() -> None:
    sizes = [0, 1, 512, 1023, 1024, 240 * 1024, 1234567, 1048575, 10 * 1024 * 1024, 5 * 1024**3]
    assert [human_size(s) for s in sizes] == [
        "0 bytes",
        "1 byte",
        "512 bytes",
        "1023 bytes",
        "1 KB",
        "240 KB",
        "1.18 MB",
        "1 MB",
        "10 MB",
        "5 GB",
    ]


def test_a_published_papers_attachments_are_listed_copied_and_in_the_open_data(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    folder = content / FOLDER
    (folder / "9.0-original.pdf").write_bytes(PDF)
    (folder / "9.0-costs.csv").write_text("site,cost\nParkside,£1,200k\n", encoding="utf-8")
    docx, ods = a_zip(), a_zip("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
    (folder / "9.0-plan.docx").write_bytes(docx)
    (folder / "9.0-budget.ods").write_bytes(ods)
    (folder / "unlisted-report.pdf").write_bytes(b"%PDF-1.4 UNLISTEDFILE")
    with_attachments(
        content,
        "{file: 9.0-original.pdf, title: Original paper}",
        "{file: 9.0-costs.csv, title: Appendix A – costs by site}",
        "{file: 9.0-plan.docx, title: 'Appendix B: the plan'}",
        "{file: 9.0-budget.ods, title: Budget <2026>}",
    )
    out = tmp_path / "site"
    build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    page = (out / PAGE / "index.html").read_text("utf-8")
    start = page.index('<section class="bp-documents"')
    assert page[start : page.index("</section>", start) + 10] == (
        '<section class="bp-documents" aria-labelledby="bp-documents">\n'
        '<h2 id="bp-documents">Documents</h2>\n'
        "<ul>\n"
        '<li><a href="9.0-original.pdf">Original paper</a> (PDF, 240 KB)</li>\n'
        '<li><a href="9.0-costs.csv">Appendix A – costs by site</a> (CSV, 28 bytes)</li>\n'
        f'<li><a href="9.0-plan.docx">Appendix B: the plan</a> (DOCX, {len(docx)} bytes)</li>\n'
        f'<li><a href="9.0-budget.ods">Budget &lt;2026&gt;</a> (ODS, {len(ods)} bytes)</li>\n'
        "</ul>\n"
        "</section>"
    )
    for name in ("9.0-original.pdf", "9.0-costs.csv", "9.0-plan.docx", "9.0-budget.ods"):
        assert (out / PAGE / name).read_bytes() == (folder / name).read_bytes()
    files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert [f for f in files if "unlisted" in f] == []
    assert not any(b"UNLISTEDFILE" in p.read_bytes() for p in out.rglob("*") if p.is_file())
    (record,) = json.loads((out / "data/papers.json").read_text("utf-8"))["papers"]
    assert record["attachments"] == [
        {"title": "Original paper", "url": PAGE + "9.0-original.pdf", "media_type": "application/pdf", "size": 245760},
        {"title": "Appendix A – costs by site", "url": PAGE + "9.0-costs.csv", "media_type": "text/csv", "size": 28},
        {
            "title": "Appendix B: the plan",
            "url": PAGE + "9.0-plan.docx",
            "media_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "size": len(docx),
        },
        {
            "title": "Budget <2026>",
            "url": PAGE + "9.0-budget.ods",
            "media_type": "application/vnd.oasis.opendocument.spreadsheet",
            "size": len(ods),
        },
    ]


def test_a_rebuild_copies_a_changed_attachment_and_drops_one_no_longer_listed(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    folder = content / FOLDER
    (folder / "9.0-original.pdf").write_bytes(PDF)
    (folder / "9.0-notes.txt").write_text("Notes, first version.\n", encoding="utf-8")
    with_attachments(content, "{file: 9.0-original.pdf, title: Original paper}", "{file: 9.0-notes.txt, title: Notes}")
    out = tmp_path / "site"
    build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    assert (out / PAGE / "9.0-notes.txt").read_text("utf-8") == "Notes, first version.\n"
    (folder / "9.0-notes.txt").write_text("Notes, second version, longer.\n", encoding="utf-8")
    build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    assert (out / PAGE / "9.0-notes.txt").read_text("utf-8") == "Notes, second version, longer.\n"
    assert "(TXT, 31 bytes)" in (out / PAGE / "index.html").read_text("utf-8")
    text = (content / PAPER).read_text("utf-8")
    (content / PAPER).write_text(text.replace("  - {file: 9.0-notes.txt, title: Notes}\n", ""), encoding="utf-8")
    build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    assert sorted(p.name for p in (out / PAGE).iterdir()) == ["9.0-original.pdf", "index.html"]
    assert "Notes" not in (out / PAGE / "index.html").read_text("utf-8")


def test_the_offline_archive_carries_the_attachments_and_links_them_from_disk(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    (content / FOLDER / "9.0-original.pdf").write_bytes(PDF)
    with_attachments(content, "{file: 9.0-original.pdf, title: Original paper}")
    folder, archive = make_bundle(content, tmp_path / "dist", ROOT / "mkdocs.yml", TODAY)
    page = (folder / PAGE / "index.html").read_text("utf-8")
    assert '<a href="9.0-original.pdf">Original paper</a> (PDF, 240 KB)' in page
    assert (folder / PAGE / "9.0-original.pdf").read_bytes() == PDF
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.read(f"{folder.name}/{PAGE}9.0-original.pdf") == PDF
    assert f"  {PAGE}9.0-original.pdf\n" in (folder / "SHA256SUMS").read_text("utf-8")


def linking_content(tmp_path: Path) -> Path:
    """Paper 9.0 lists its original and links to it; a published paper 9.1 links to it by file and by address."""
    content = make_content(tmp_path)
    (content / FOLDER / "9.0-original.pdf").write_bytes(PDF)
    with_attachments(content, "{file: 9.0-original.pdf, title: Original paper}")
    with (content / PAPER).open("a", encoding="utf-8") as file:
        file.write("\n1.2 See [the original](9.0-original.pdf) and [its third page](9.0-original.pdf#page=3).\n")
    address = f"/{PAGE}9.0-original.pdf"
    body = f"See [the station's original](9.0-original.pdf) and [by its address]({address})."
    write(content, f"{FOLDER}/9.1-more.md", paper("More", "9.1", body))
    return content


OWN_LINKS = ['<a href="9.0-original.pdf">the original</a>', '<a href="9.0-original.pdf#page=3">its third page</a>']
OTHER_LINKS = [
    '<a href="../9.0-southern-police-station/9.0-original.pdf">the station\'s original</a>',
    '<a href="../9.0-southern-police-station/9.0-original.pdf">by its address</a>',
]


def test_a_paper_links_to_its_own_and_a_published_papers_attachments(tmp_path: Path) -> None:
    """A link to an attachment a published paper lists, by its file beside the paper or its address, leads to
    the copy beside that paper's page, relative to the page that links to it."""
    content = linking_content(tmp_path)
    out = tmp_path / "site"
    build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    own, other = (out / PAGE / "index.html").read_text("utf-8"), (out / FOLDER / "9.1-more/index.html").read_text()
    assert [link for link in OWN_LINKS if link not in own] == []
    assert [link for link in OTHER_LINKS if link not in other] == []
    assert (out / FOLDER / "9.1-more" / "../9.0-southern-police-station/9.0-original.pdf").read_bytes() == PDF


def test_the_offline_archive_keeps_links_to_attachments_working_from_disk(tmp_path: Path) -> None:
    folder, _ = make_bundle(linking_content(tmp_path), tmp_path / "dist", ROOT / "mkdocs.yml", TODAY)
    own, other = (folder / PAGE / "index.html").read_text("utf-8"), (folder / FOLDER / "9.1-more/index.html")
    assert [link for link in OWN_LINKS if link not in own] == []
    assert [link for link in OTHER_LINKS if link not in other.read_text("utf-8")] == []
    assert (other.parent / "../9.0-southern-police-station/9.0-original.pdf").read_bytes() == PDF


def test_links_to_attachments_no_published_paper_lists_are_refused_at_their_lines(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    folder = content / FOLDER
    (folder / "9.5-draftattached.pdf").write_bytes(PDF)
    (folder / "loose-report.pdf").write_bytes(PDF)
    draft = paper("Draft", "9.5", "Text.", status="draft", attachments="[{file: 9.5-draftattached.pdf, title: D}]")
    write(content, f"{FOLDER}/9.5-draft.md", draft)
    with (content / PAPER).open("a", encoding="utf-8") as file:
        file.write(
            "\n[the draft's file](9.5-draftattached.pdf)\n"
            f"\n[its address](/{FOLDER}/9.5-draft/9.5-draftattached.pdf)\n"
            "\n[a loose file](loose-report.pdf)\n"
            "\n[a file not there](9.0-missing.xlsx)\n"
        )
    source = f"content/{PAPER}"
    unpublished = (
        "but the paper that lists that file is not published, expected links only to attachments of published "
        "papers, e.g. remove the link and keep the words"
    )
    assert problems(content) == [
        f"{source}:20: body: link to '9.5-draftattached.pdf' {unpublished}",
        f"{source}:22: body: link to '/{FOLDER}/9.5-draft/9.5-draftattached.pdf' {unpublished}",
        f"{source}:24: body: link to 'loose-report.pdf' but no paper lists content/{FOLDER}/loose-report.pdf as an "
        "attachment, expected a file listed under a published paper's attachments, e.g. attachments: "
        "[{file: loose-report.pdf, title: Appendix 1}]",
        f"{source}:26: body: link to '9.0-missing.xlsx' but no paper lists content/{FOLDER}/9.0-missing.xlsx as "
        "an attachment, expected a file listed under a published paper's attachments, e.g. attachments: "
        "[{file: 9.0-missing.xlsx, title: Appendix 1}]",
    ]


# Each mistake, its entry (the paper's line 10 holds the first), and the exact message.
MISTAKES = [
    (
        "{file: ../2019-01-01/report.pdf, title: Report}",
        {},
        "'../2019-01-01/report.pdf' names a folder, expected the name of a file beside the paper in its own "
        "meeting folder, e.g. move the file into the paper's folder and write file: report.pdf",
    ),
    (
        "{file: appendix/report.pdf, title: Report}",
        {"appendix/report.pdf": PDF},
        "'appendix/report.pdf' names a folder, expected the name of a file beside the paper in its own meeting "
        "folder, e.g. move the file into the paper's folder and write file: report.pdf",
    ),
    (
        "{file: tool.exe, title: Tool}",
        {"tool.exe": b"MZ"},
        "'tool.exe' is not a type of file the site publishes, expected a name ending in one of: .pdf, .docx, "
        ".xlsx, .pptx, .odt, .ods, .csv, .txt, e.g. save it as PDF and write file: tool.pdf",
    ),
    (
        "{file: 5.1-other.md, title: Another paper}",
        {},
        "'5.1-other.md' is not a type of file the site publishes, expected a name ending in one of: .pdf, .docx, "
        ".xlsx, .pptx, .odt, .ods, .csv, .txt, e.g. save it as PDF and write file: 5.1-other.pdf",
    ),
    (
        "{file: Report FINAL.pdf, title: Report}",
        {"Report FINAL.pdf": PDF},
        "'Report FINAL.pdf' is not a name the site can publish, expected lower-case letters a-z, digits, and '.' "
        "or '-' between them (the name is part of the file's address), e.g. rename the file to report-final.pdf",
    ),
    (
        "{file: con.pdf, title: Report}",
        {"con.pdf": PDF},
        "'con.pdf' is not a name the site can publish, expected lower-case letters a-z, digits, and '.' or '-' "
        "between them (the name is part of the file's address), e.g. rename the file to attachment-con.pdf",
    ),
    (
        "{file: 9.0-orignal.pdf, title: Original paper}",
        {"9.0-original.pdf": PDF},
        "'9.0-orignal.pdf' is not in the meeting folder 2019-09-18, expected a file beside the paper, "
        "e.g. file: 9.0-original.pdf",
    ),
    (
        "{file: 9.0-original.pdf, title: Original paper}",
        {"9.0-original.pdf": b"<html>not a PDF</html>"},
        "'9.0-original.pdf' does not start as a PDF file does, expected a PDF file (starting %PDF-), e.g. save it "
        "again as PDF",
    ),
    (
        "{file: 9.0-plan.docx, title: Plan}",
        {"9.0-plan.docx": b"\xd0\xcf\x11\xe0 an old .doc"},
        "'9.0-plan.docx' does not start as a Word file does, expected a Word file (a zip file), e.g. save it "
        "again from Word as .docx",
    ),
    (
        "{file: 9.0-plan.docx, title: Plan}",
        {"9.0-plan.docx": a_zip()[:40]},
        "'9.0-plan.docx' is not a whole zip file, expected a Word file (a zip file), e.g. save it again from "
        "Word as .docx",
    ),
    (
        "{file: 9.0-budget.odt, title: Budget}",
        {"9.0-budget.odt": a_zip()},
        "'9.0-budget.odt' does not name its OpenDocument type first, expected an OpenDocument text file (a zip "
        "file naming its type), e.g. save it again as OpenDocument Text",
    ),
    (
        "{file: 9.0-costs.csv, title: Costs}",
        {"9.0-costs.csv": "site,cost\nParkside,£1".encode("cp1252")},
        "'9.0-costs.csv' is not UTF-8 text (byte 20), expected UTF-8 text, e.g. save it again as CSV UTF-8",
    ),
    (
        "{file: 9.0-notes.txt, title: Notes}",
        {"9.0-notes.txt": b"Notes\0\0"},
        "'9.0-notes.txt' holds NUL bytes, so it is not text, expected UTF-8 text, e.g. save it again as UTF-8 text",
    ),
    (
        "{file: 9.0-scans, title: Scans}",
        {},
        "'9.0-scans' is not a type of file the site publishes, expected a name ending in one of: .pdf, .docx, "
        ".xlsx, .pptx, .odt, .ods, .csv, .txt, e.g. save it as PDF and write file: 9.0-scans.pdf",
    ),
]


@pytest.mark.parametrize("entry, files, message", MISTAKES, ids=[m[2].split("'")[2][:40] for m in MISTAKES])
def test_each_mistake_in_an_attachment_is_reported_at_its_entry(
    entry: str, files: dict[str, bytes], message: str, tmp_path: Path
) -> None:
    content = make_content(tmp_path)
    for name, data in files.items():
        (content / FOLDER / name).parent.mkdir(parents=True, exist_ok=True)
        (content / FOLDER / name).write_bytes(data)
    with_attachments(content, "{file: 9.0-fine.txt, title: Fine}", entry)
    (content / FOLDER / "9.0-fine.txt").write_text("fine\n", encoding="utf-8")
    assert problems(content) == [f"content/{PAPER}:14: attachments[2].file: {message}"]


def test_a_missing_title_or_file_is_reported_as_any_missing_field(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    with_attachments(content, "{file: 9.0-original.pdf}", "{title: Original paper}")
    assert problems(content) == [
        f"content/{PAPER}:13: attachments[1].title: missing required field, expected a single line of text, "
        "e.g. title: Original paper",
        f"content/{PAPER}:14: attachments[2].file: missing required field, expected the name of a file beside "
        "the paper in its meeting folder, e.g. file: 5.1-southern-police-station.pdf",
    ]


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX file types and links")


@posix_only
def test_odd_files_are_refused_at_the_entry(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    folder = content / FOLDER
    (tmp_path / "elsewhere.pdf").write_bytes(PDF)
    os.symlink(tmp_path / "elsewhere.pdf", folder / "9.0-outside.pdf")
    os.symlink("9.0-gone.pdf", folder / "9.0-broken.pdf")
    os.mkfifo(folder / "9.0-pipe.pdf")
    (folder / "9.0-folder.pdf").mkdir()
    (folder / "9.0-inside.pdf").write_bytes(PDF)
    # a link within content/ is refused too: it could publish a draft paper's text under an innocent name
    os.symlink("../2019-09-18/9.0-southern-police-station.md", folder / "9.0-linked.txt")
    with_attachments(
        content,
        "{file: 9.0-outside.pdf, title: A}",
        "{file: 9.0-broken.pdf, title: B}",
        "{file: 9.0-pipe.pdf, title: C}",
        "{file: 9.0-folder.pdf, title: D}",
        "{file: 9.0-linked.txt, title: E}",
    )
    shown = f"content/{PAPER}"
    assert problems(content) == [
        f"{shown}:13: attachments[1].file: '9.0-outside.pdf' is a link to outside the content folder, expected "
        "the file itself, e.g. copy the file here instead of linking to it",
        f"{shown}:14: attachments[2].file: '9.0-broken.pdf' is a link that cannot be followed (No such file or "
        "directory), expected a file, e.g. delete the link and copy the file here",
        f"{shown}:15: attachments[3].file: '9.0-pipe.pdf' is a named pipe (FIFO), expected an ordinary file, "
        "e.g. delete it and copy the file in again",
        f"{shown}:16: attachments[4].file: '9.0-folder.pdf' is a folder, expected a file, e.g. list a file of the "
        "folder instead",
        f"{shown}:17: attachments[5].file: '9.0-linked.txt' is a link to another file, expected the file itself, "
        "e.g. copy the file here instead of linking to it",
    ]


def test_a_file_over_the_limit_is_refused_and_the_limit_can_be_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = make_content(tmp_path)
    (content / FOLDER / "9.0-original.pdf").write_bytes(PDF + b"%" * (2 * 1024 * 1024))
    with_attachments(content, "{file: 9.0-original.pdf, title: Original paper}")
    monkeypatch.setenv("BOARD_PAPERS_MAX_ATTACHMENT_MB", "2")
    assert problems(content) == [
        f"content/{PAPER}:13: attachments[1].file: '9.0-original.pdf' is 2.23 MB, more than the 2 MB an "
        "attachment may be, expected a smaller file, e.g. compress it, or raise the limit: "
        "BOARD_PAPERS_MAX_ATTACHMENT_MB=3 python build.py check"
    ]
    monkeypatch.setenv("BOARD_PAPERS_MAX_ATTACHMENT_MB", "3")
    assert load_site(content, TODAY).papers[0].attachments[0].size == len(PDF) + 2 * 1024 * 1024
    monkeypatch.setenv("BOARD_PAPERS_MAX_ATTACHMENT_MB", "lots")
    assert problems(content) == [
        "$BOARD_PAPERS_MAX_ATTACHMENT_MB:1: environment: invalid value 'lots', expected a whole number of "
        "megabytes, e.g. BOARD_PAPERS_MAX_ATTACHMENT_MB=100"
    ]


def test_two_papers_may_not_list_the_same_file(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    (content / FOLDER / "9.0-original.pdf").write_bytes(PDF)
    write(
        content,
        f"{FOLDER}/9.1-more.md",
        paper("More", "9.1", "Text.", attachments="[{file: 9.0-original.pdf, title: Original paper}]"),
    )
    with_attachments(content, "{file: 9.0-original.pdf, title: Original paper}")
    assert problems(content) == [
        f"content/{FOLDER}/9.1-more.md:8: attachments[1].file: '9.0-original.pdf' is also listed at "
        f"content/{PAPER}:13, expected each file listed by one paper, e.g. copy it under another name for this one, "
        "or list it once",
    ]


def test_files_no_published_paper_lists_reach_no_output(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    folder = content / FOLDER
    (folder / "9.5-draftattached.pdf").write_bytes(b"%PDF-1.4 DRAFTATTACHED")
    (folder / "loose-report.pdf").write_bytes(b"%PDF-1.4 LOOSEREPORT")
    (folder / "loose-notes.txt").write_text("LOOSENOTES\n", encoding="utf-8")
    write(
        content,
        f"{FOLDER}/9.5-draft.md",
        paper("Draft", "9.5", "Text.", status="draft", attachments="[{file: 9.5-draftattached.pdf, title: Draft}]"),
    )
    folder_out, archive = make_bundle(content, tmp_path / "dist", ROOT / "mkdocs.yml", TODAY)
    out = tmp_path / "site"
    build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        blobs = [zipped.read(n) for n in names]
    blobs += [p.read_bytes() for root in (out, folder_out) for p in root.rglob("*") if p.is_file()]
    names += [p.as_posix() for root in (out, folder_out) for p in root.rglob("*")]
    blobs.append(archive.read_bytes())
    for word in ("draftattached", "loose"):
        assert [n for n in names if word in n.lower()] == []
        assert [b for b in blobs if word.encode() in b.lower()] == []


def test_import_keeps_the_pdf_or_word_file_as_the_papers_original(tmp_path: Path) -> None:
    from test_import import docx_version, pdf_version, text_version

    content = tmp_path / "content"
    write(content, "board.yml", BOARD_YML)
    for suffix, make in (("pdf", pdf_version), ("docx", docx_version)):
        source = make(tmp_path / f"estates.{suffix}")
        assert main(["import", str(source), "--content", str(content), "--force"]) == 0
        stem = f"{FOLDER}/9.1-estates-strategy-annual-update"
        front = (content / f"{stem}.md").read_text("utf-8")
        assert front.split("\n---\n")[0].endswith(
            f"attachments:\n  - file: 9.1-estates-strategy-annual-update.{suffix}\n    title: Original paper"
        )
        assert (content / f"{stem}.{suffix}").read_bytes() == source.read_bytes()
    # Both files stay; the paper lists the last one imported. A .txt (text pulled from a PDF) is not an original.
    assert main(["import", str(text_version(tmp_path / "estates.txt")), "--content", str(content), "--force"]) == 0
    assert "attachments:" not in (content / f"{stem}.md").read_text("utf-8")
    assert sorted(p.name for p in (content / FOLDER).iterdir()) == [
        "9.1-estates-strategy-annual-update.docx",
        "9.1-estates-strategy-annual-update.md",
        "9.1-estates-strategy-annual-update.pdf",
        "meeting.md",
    ]
