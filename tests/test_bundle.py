"""The offline archive (`build.py bundle`): a zip that works from disk with the network off, and print."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest

from boardpapers.cli import main
from boardpapers.content.load import load_site
from boardpapers.outputs.bundle import archive_owner, make_bundle
from boardpapers.pipeline import build_site
from conftest import ROOT, SAMPLE_TODAY
from contentkit import make_content, paper, readable, write

NAME = "bcb-archive-2026-11-23"
WORD = "Speedwatch"  # in one sample paper only (tests/test_search.py checks that)
WORD_PAPER_TITLE = "POLICE & CRIME PLAN – COMMUNITIES THEME - OPCC WORK TO DELIVER BROADER PARTNERSHIP SUPPORT"
PAPER = "meetings/2019-09-18/9-southern-police-station-project-update/index.html"
MEETING = "meetings/2019-09-18/index.html"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample content's archive: (unzipped folder as written, zip)."""
    return make_bundle(ROOT / "content", tmp_path_factory.mktemp("dist"), ROOT / "mkdocs.yml", SAMPLE_TODAY)


@pytest.fixture(scope="module")
def unzipped(bundle: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip unpacked into a folder of its own, as a person who was handed it would do."""
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(bundle[1]) as zipped:
        zipped.extractall(target)
    return target / NAME


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_zip_and_folder_are_named_for_the_board_and_date_and_hold_the_same_files(
    bundle: tuple[Path, Path], unzipped: Path
) -> None:
    folder, archive = bundle
    assert (folder.name, archive.name) == (NAME, f"{NAME}.zip")
    assert [p.name for p in archive.parent.iterdir() if p.name.startswith(".")] == []  # nothing half-built left
    assert [p.name for p in archive.parent.parent.iterdir() if p.name.startswith(f".{archive.parent.name}-")] == []
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
    assert names == sorted(names) and all(n.startswith(f"{NAME}/") for n in names)
    assert tree(unzipped) == tree(folder)
    assert {"index.html", "README.html", "README.txt", "SHA256SUMS", PAPER, "search/meta.js"} <= set(tree(folder))


def test_checksum_manifest_verifies_every_file(unzipped: Path) -> None:
    listed = dict(reversed(line.split("  ", 1)) for line in (unzipped / "SHA256SUMS").read_text("utf-8").splitlines())
    files = tree(unzipped)
    assert sorted(listed) == sorted(set(files) - {"SHA256SUMS"})
    assert [n for n, digest in listed.items() if hashlib.sha256(files[n]).hexdigest() != digest] == []


def test_readme_says_what_when_and_from_which_commit(unzipped: Path) -> None:
    text = (unzipped / "README.txt").read_text("utf-8")
    assert "Built on: 23 November 2026" in text and "sha256sum -c SHA256SUMS" in text
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    expected = head.stdout.strip() if head.returncode == 0 else "unknown"
    assert f"Built from: commit {expected}" in text
    page = (unzipped / "README.html").read_text("utf-8")
    assert "<h1>Offline archive of the board papers of the Office of the Police and Crime Commissioner" in page
    assert "Built on: 23 November 2026" in page and 'href="index.html"' in page


def test_every_link_names_a_file_that_exists(unzipped: Path) -> None:
    broken = []
    for page in sorted(unzipped.rglob("*.html")):
        for value in re.findall(r'\s(?:href|src|action)="([^"#?]+)', page.read_text("utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", value):
                continue
            target = (page.parent / value).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(unzipped)}: {value}")
    assert broken == []


def test_two_bundles_of_the_same_content_are_byte_identical(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    first = make_bundle(content, tmp_path / "one", ROOT / "mkdocs.yml", SAMPLE_TODAY)
    second = make_bundle(content, tmp_path / "two", ROOT / "mkdocs.yml", SAMPLE_TODAY)
    assert first[1].read_bytes() == second[1].read_bytes()


def test_unpublished_material_is_not_in_the_archive(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    canaries = {
        "draft": "CANARYDRAFT",
        "secret": "CANARYSECRET",
        "embargo": "CANARYEMBARGO",
        "withdrawn": "CANARYWITHDRAWN",
    }
    write(
        content,
        "meetings/2019-09-18/10.0-draft.md",
        paper(
            f"{canaries['draft']} title",
            "10.0",
            f"{canaries['draft']} body",
            status="draft",
            attachments="[{file: 10.0-canarydraft-original.pdf, title: CANARYDRAFT original}]",
        ),
    )
    # A draft's attachment, and a file no paper lists: neither is in the archive, by name or by content.
    write(content, "meetings/2019-09-18/10.0-canarydraft-original.pdf", f"%PDF-1.4 {canaries['draft']} file")
    write(content, "meetings/2019-09-18/canarywithdrawn-loose.pdf", f"%PDF-1.4 {canaries['withdrawn']} file")
    write(
        content,
        "meetings/2019-09-18/11.0-secret.md",
        paper(f"{canaries['secret']} title", "11.0", f"{canaries['secret']} body", classification="official-sensitive"),
    )
    write(
        content,
        "meetings/2019-09-18/12.0-later.md",
        paper(f"{canaries['embargo']} title", "12.0", f"{canaries['embargo']} body", publish_on="2030-01-01"),
    )
    write(
        content,
        "meetings/2019-09-18/14.0-withdrawn.md",
        paper(f"{canaries['withdrawn']} title", "14.0", f"{canaries['withdrawn']} body", status="withdrawn"),
    )
    folder, archive = make_bundle(content, tmp_path / "dist", ROOT / "mkdocs.yml", SAMPLE_TODAY)
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        blobs = [readable(zipped.read(n)) for n in names]
    # The published paper is there, its body's words read even where the search index packs them.
    search_docs = [blob for name, blob in zip(names, blobs, strict=True) if "/search/docs/" in name]
    assert any(b"purpose of this paper is to update the Board" in blob for blob in search_docs)
    blobs += [readable(b) for b in tree(folder).values()] + [archive.read_bytes()]  # the zip's own bytes too
    for canary in canaries.values():
        assert [b for b in blobs if canary.encode() in b or canary.lower().encode() in b] == [], canary
    assert [name for name in names + [p.as_posix() for p in folder.rglob("*")] if "canary" in name.lower()] == []


def test_bad_content_exits_1_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/9.0-southern-police-station.md", "---\ntitel: x\n---\n")
    out = tmp_path / "dist"
    assert main(["bundle", "--content", str(content), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "9.0-southern-police-station.md:" in err and "nothing was built" in err  # each problem, located
    assert not out.exists()


# ---- in the browser, from disk, with the network off ------------------------------------------------------------


@pytest.fixture()
def offline(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page in an offline browser context, and every URL it requests."""
    context = browser.new_context(offline=True)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    yield context.new_page(), requests
    context.close()


def test_offline_copy_links_home_to_meeting_to_paper_and_searches(
    offline: tuple[Any, list[str]], unzipped: Path
) -> None:
    page, requests = offline
    page.goto((unzipped / "index.html").as_uri())
    page.click("article >> text=Business Coordination Board, 18 September 2019")
    page.wait_for_url("**/meetings/2019-09-18/index.html")
    page.click("article table >> text=Southern Police Station – Project Update")
    page.wait_for_url(f"**/{PAPER}")
    assert page.text_content("article h1") == "Southern Police Station – Project Update"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"  # styled
    page.fill("#bp-header-q", WORD)
    page.press("#bp-header-q", "Enter")
    page.wait_for_selector(".bp-result")
    assert page.text_content(".bp-result .bp-result-title a") == WORD_PAPER_TITLE
    page.click(".bp-result .bp-result-title a")
    page.wait_for_url("**/communities-theme-opcc-partnership-support/index.html")
    assert requests and [url for url in requests if not url.startswith("file://")] == []


# ---- print ------------------------------------------------------------------------------------------------------


def printed_text(page: Any, path: Path) -> str:
    """The text of a page printed to an A4 PDF by the browser, whitespace folded."""
    page.goto(path.as_uri())
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert all(abs(float(p.mediabox.width) - 595) < 2 for p in pdf.pages)  # A4: 595 x 842 points
    return " ".join(" ".join(p.extract_text() for p in pdf.pages).split())


def test_a_paper_prints_like_a_board_paper(page: Any, unzipped: Path) -> None:
    text = printed_text(page, unzipped / PAPER)
    for expected in (
        "Southern Police Station – Project Update",
        "To Business Coordination Board",
        "From Chief Constable",
        "Date 18 September 2019",
        "Agenda item 9",
        "1. Purpose",
        "2. Recommendation 2.1 The Board is recommended to note the contents of the paper.",
    ):
        assert expected in text, expected
    for chrome in (
        "Skip to main content",
        "Search papers",
        "Action log",
        "Accessibility",
        "Previous item",
        "Next item",
        "Table of contents",
        "Papers on the same theme",
    ):
        assert chrome not in text, chrome


def test_a_link_prints_with_its_address(page: Any, unzipped: Path) -> None:
    text = printed_text(page, unzipped / "meetings/2019-09-18/5.0-opcc-transformation-theme/index.html")
    assert re.search(r"\(https?://\S+\)", text), text[-600:]


def test_a_meeting_prints_as_its_agenda(page: Any, unzipped: Path) -> None:
    text = printed_text(page, unzipped / MEETING)
    for expected in (
        "Business Coordination Board",
        "18 September 2019",
        "15:00",
        "HQ, Conference Room 3",
        "Welcome and apologies",
        "Declarations of interest",
        "Southern Police Station – Project Update",
        "JPS Training",
    ):
        assert expected in text, expected
    assert "Skip to main content" not in text and "Search papers" not in text


def test_the_online_site_makes_no_third_party_requests(browser: Any, site_url: str) -> None:
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        for path in ("", MEETING.replace("index.html", ""), PAPER.replace("index.html", ""), f"search/?q={WORD}"):
            page.goto(site_url + path)
        page.wait_for_selector(".bp-result")
    finally:
        context.close()
    assert len(requests) > 10 and [url for url in requests if not url.startswith(site_url)] == []


def test_an_archive_of_several_boards_is_named_after_the_organisation(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    board_yml = (
        (content / "board.yml")
        .read_text("utf-8")
        .replace("themes:", "  - {id: audit, name: Joint Audit Committee}\nthemes:")
    )
    write(content, "board.yml", board_yml)
    site = load_site(content, SAMPLE_TODAY)
    assert archive_owner(site) == "office-of-the-police-and-crime-commissioner"
    assert archive_owner(load_site(ROOT / "content", SAMPLE_TODAY)) == "bcb"


def test_a_long_table_prints_across_pages_with_its_header_row_on_each(browser: Any, tmp_path: Path) -> None:
    content = make_content(tmp_path)
    rows = "\n".join(
        f"| Budget line {n} | {n * 1000:,} | {n * 990:,} | Commentary on line {n} |" for n in range(1, 121)
    )
    table = "| Line | Budget £000 | Forecast £000 | Commentary |\n|---|---:|---:|---|\n" + rows
    write(
        content, "meetings/2019-09-18/10.0-budget.md", paper("Budget monitoring", "10.0", "## 1. Figures\n\n" + table)
    )
    folder, _ = make_bundle(content, tmp_path / "dist", ROOT / "mkdocs.yml", SAMPLE_TODAY)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((folder / "meetings/2019-09-18/10.0-budget/index.html").as_uri())
        pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    finally:
        context.close()
    pages = [" ".join(p.extract_text().split()) for p in pdf.pages]
    with_rows = [i for i, text in enumerate(pages) if "Budget line" in text]
    assert len(with_rows) >= 2, "the table should need more than one page"
    for i in with_rows:  # the header row is repeated on every page the table runs onto
        assert "Line Budget £000 Forecast £000 Commentary" in pages[i], (i, pages[i][:300])
    for n in range(1, 121):  # no row is lost or cut in two across a page break
        assert sum(f"Budget line {n} " in text + " " for text in pages) == 1, n


def test_the_archive_fetches_nothing_even_when_a_paper_or_the_configuration_would(
    offline: tuple[Any, list[str]], tmp_path: Path
) -> None:
    # A paper's picture from another site, a `pre.mermaid` (the theme would load mermaid from unpkg.com) and
    # `repo_url` (the theme would ask GitHub's API for the stars) each make a request on the website.
    content = make_content(tmp_path)
    picture = "https://www.example.org/chart.png"
    write(
        content,
        "meetings/2019-09-18/10.0-remote.md",
        paper(
            "Remote things", "10.0", f'![Chart of spending]({picture})\n\n<pre class="mermaid">graph TD; A-->B</pre>\n'
        ),
    )
    config = (
        (ROOT / "mkdocs.yml")
        .read_text("utf-8")
        .replace("custom_dir: theme/overrides", f"custom_dir: {ROOT / 'theme' / 'overrides'}")
    )
    write(tmp_path, "mkdocs.yml", config + "repo_url: https://github.com/example/board-papers\n")
    folder, _ = make_bundle(content, tmp_path / "dist", tmp_path / "mkdocs.yml", SAMPLE_TODAY)
    source = (folder / "meetings/2019-09-18/10.0-remote/index.html").read_text("utf-8")
    assert 'href="https://github.com/example/board-papers"' in source  # the link stays; the request goes
    assert f'data-online-src="{picture}"' in source and "mermaid" not in source
    page, requests = offline
    page.goto((folder / "meetings/2019-09-18/10.0-remote/index.html").as_uri())
    page.wait_for_load_state("load")
    assert page.text_content("article h1") == "Remote things"
    page.goto((folder / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert requests and [url for url in requests if not url.startswith("file://")] == []


def test_the_website_links_the_repository_without_asking_its_api(tmp_path: Path) -> None:
    config = (
        (ROOT / "mkdocs.yml")
        .read_text("utf-8")
        .replace("custom_dir: theme/overrides", f"custom_dir: {ROOT / 'theme' / 'overrides'}")
    )
    write(tmp_path, "mkdocs.yml", config + "repo_url: https://github.com/example/board-papers\n")
    out = tmp_path / "site"
    build_site(make_content(tmp_path), out, tmp_path / "mkdocs.yml", SAMPLE_TODAY)
    page = (out / "index.html").read_text("utf-8")
    assert 'href="https://github.com/example/board-papers"' in page
    # Material's script fetches the repository's facts from its API for this component only.
    assert 'data-md-component="source"' not in page
