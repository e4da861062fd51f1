"""Building: golden paper fragment, no leaks of unpublished material, escaping, determinism, atomic output."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest

from boardpapers.cli import main
from boardpapers.content.links import Links
from boardpapers.content.load import load_site
from boardpapers.content.problems import ContentError
from boardpapers.content.schema import PAPER_FIELDS
from boardpapers.engine import sanitize
from boardpapers.engine.islands import published_link
from boardpapers.outputs import postprocess
from boardpapers.pipeline import build_site
from contentkit import MEETING_MD, PAPER_MD, make_content, paper, readable, write

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
GOLDEN = Path(__file__).parent / "golden" / "paper.html"


def build(content: Path, out: Path) -> Path:
    """Build content into out with the fixed test date."""
    build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    return out


def theme_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the project's theme for a test to change, and a mkdocs.yml using it: (theme folder, config)."""
    theme, config = tmp_path / "theme", tmp_path / "mkdocs.yml"
    shutil.copytree(ROOT / "theme", theme)
    config.write_text(
        (ROOT / "mkdocs.yml")
        .read_text("utf-8")
        .replace("custom_dir: theme/overrides", f"custom_dir: {theme / 'overrides'}"),
        encoding="utf-8",
    )
    assert str(theme) in config.read_text("utf-8")
    return theme, config


def article(html: str) -> str:
    """The page's own content: what is inside <article>, without the theme around it."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert match, "no <article> in page"
    return "\n".join(line.rstrip() for line in match.group(1).strip().splitlines() if line.strip()) + "\n"


def all_output_text(out: Path) -> dict[str, str]:
    """Every output file as text (gzip files decompressed, packed search text unpacked), keyed by relative path."""
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = readable(path.read_bytes())
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        files[path.relative_to(out).as_posix()] = data.decode("utf-8", errors="replace")
    return files


def test_golden_paper_fragment(tmp_path: Path) -> None:
    out = build(make_content(tmp_path), tmp_path / "site")
    got = article((out / "meetings/2019-09-18/9.0-southern-police-station/index.html").read_text("utf-8"))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text("utf-8"), "rendered paper changed; if intended, rerun with UPDATE_GOLDEN=1"


UNPUBLISHED = {
    "draft": {"status": "draft"},
    "withdrawn": {"status": "withdrawn"},
    "embargoed": {"publish_on": "2026-11-24"},
    "sensitive": {"classification": "official-sensitive"},
    "secret": {"classification": "secret"},
    "exempt": {"classification": "exempt"},
}


def canary_paper(kind: str, item: str, matter: bool = False) -> str:
    """An unpublished paper with a canary string in every field and its body; `matter`: it concerns the public
    matter 'estates' too (the content must list it in matters.yml)."""
    mark = f"CANARY{kind.upper()}"
    text = paper(
        f"{mark} title",
        item,
        f"## 1. {mark} heading\n\n{mark} body text.",
        **UNPUBLISHED[kind],
        summary=f"{mark} summary",
        recommendations=f"[{mark} recommendation]",
        contact_officers=f"[{{name: {mark} officer}}]",
        source_documents=f"[{{title: {mark} source, url: 'https://example.org/{mark}'}}]",
        corrections=f"[{{date: 2026-11-01, text: {mark} correction}}]",
        attachments=f"[{{file: {canary_attachment(kind, item)}, title: {mark} attachment}}]",
        **{"from": f"{mark} author"},
    ).replace("themes: [communities]", "themes: [victims]")
    # the matter is public: the paper must not appear on its page or in its feed
    return text.replace("themes: [victims]", "themes: [victims]\nmatters: [estates]") if matter else text


def canary_attachment(kind: str, item: str) -> str:
    """The file name of the attachment an unpublished canary paper lists (beside it in its meeting folder)."""
    return f"{item}-canary{kind}-attachment.pdf"


def write_canary(content: Path, name: str, text: str, kind: str, item: str) -> None:
    """Write a canary paper into the 2019-09-18 meeting, with its attachment, which holds the canary too."""
    write(content, f"meetings/2019-09-18/{name}", text)
    attachment = content / "meetings/2019-09-18" / canary_attachment(kind, item)
    attachment.write_bytes(f"%PDF-1.4\nCANARY{kind.upper()} attachment text\n".encode("ascii"))


def test_the_canary_paper_sets_every_field() -> None:
    text = canary_paper("embargoed", "2.0", matter=True)
    # Every field a paper may have: a new one must carry the canary too (or say here why it cannot).
    unset = [f.name for f in PAPER_FIELDS if f"\n{f.name}:" not in text]
    assert unset == ["to", "date", "public_title"]  # an addressee, a date and the public title are shown


def test_unpublished_material_reaches_no_output_file(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "matters.yml", "matters:\n  - {id: estates, title: Estates}\n")
    for number, kind in enumerate(sorted(UNPUBLISHED), start=2):
        write_canary(
            content,
            f"{number}.0-canary{kind}-file.md",
            canary_paper(kind, f"{number}.0", matter=True),
            kind,
            f"{number}.0",
        )
    # A whole meeting whose only paper is unpublished, and an unpublished paper with a public title.
    write_canary(
        content,
        "8.0-restricted.md",
        canary_paper("draft", "8.0")
        .replace("CANARYDRAFT", "CANARYPUBLICTITLE")
        .replace("status: draft", 'status: draft\npublic_title: "Exempt item: property matter"'),
        "draft",
        "8.0",
    )
    out = build(content, tmp_path / "site")
    files = all_output_text(out)
    assert len(files) > 20
    # The file names hold the canary too (in lower case: a file name usually says what the paper is about), as do
    # the attachments' names and bytes.
    leaks = [(name, m.group(0)) for name, text in files.items() for m in re.finditer(r"canary\w*", text, re.I)]
    assert leaks == []
    assert [name for name in files if "canary" in name.lower()] == []
    # The check reads packed search text: the published paper's body is found there.
    assert any(
        "purpose of this paper is to update the Board" in text
        for name, text in files.items()
        if name.startswith("search/docs/")
    )
    # Every kind of search file was scanned, and these are all the kinds there are: a new kind of file must be
    # named here, and if it packs text, contentkit.readable must unpack it (as it does each result's).
    search_files = sorted(
        {re.sub(r"^(search/\w+)/[^/]+\.js$", r"\1/*.js", n) for n in files if n.startswith("search/")}
    )
    assert search_files == [
        "search/docs/*.js",
        "search/facets.js",
        "search/index.html",  # the search page
        "search/manifest.json",
        "search/meta.js",
        "search/terms/*.js",
        "search/vocab/*.js",
    ]
    docs = list((out / "search/docs").iterdir())
    assert docs and all(len(readable(p.read_bytes())) > p.stat().st_size for p in docs)  # each text unpacked
    meeting = files["meetings/2019-09-18/index.html"]
    assert meeting.count("Restricted item") == len(UNPUBLISHED)
    assert "Exempt item: property matter" in meeting
    assert (
        "theme" in files["themes/victims/index.html"]
        and "No papers on this theme" in files["themes/victims/index.html"]
    )


# Every form in which content can point at another paper (each on its own line of the body below).
LINK_FORMS = [
    "[inline]({target})",
    '[with a title]({target} "the paper")',
    "[in angle brackets](<{target}>)",
    "[upper case]({upper})",
    "[with a query]({target}?version=2)",
    "[with a fragment]({target}#1-purpose)",
    "[by reference][restricted]",
    "[restricted]: {target}",
    '<a href="{target}">raw HTML</a>',
    "<a title=\"x\" href='{target}'>raw HTML, single quotes</a>",
    "![an image of it]({target})",
    "[its address](../2019-09-18/{stem}/)",
    "[from the root](/meetings/2019-09-18/{stem}/)",
    "[percent-encoded]({encoded})",
    "[on the site's own address](https://papers.example.org/meetings/2019-09-18/{stem}/)",
    "<https://github.com/org/repo/blob/main/content/meetings/2019-09-18/{target}>",
]
RESTRICTED_FILE = "5.5-canarylinkedfile-restricted.md"


def test_every_form_of_link_to_an_unpublished_paper_is_refused_at_its_line(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write_canary(content, RESTRICTED_FILE, canary_paper("sensitive", "5.5"), "sensitive", "5.5")
    stem = RESTRICTED_FILE[:-3]
    lines = [
        form.format(target=RESTRICTED_FILE, upper=stem + ".MD", stem=stem, encoded=RESTRICTED_FILE.replace("-", "%2D"))
        for form in LINK_FORMS
    ]
    write(content, "meetings/2019-09-18/9.0-southern-police-station.md", paper("Linking", "9.0", "\n\n".join(lines)))
    write(content, "meetings/2019-09-18/meeting.md", MEETING_MD + f"Notes: see [the paper]({RESTRICTED_FILE}).\n")
    with pytest.raises(ContentError) as caught:
        load_site(content, TODAY)
    found = [(p.path.rsplit("/", 1)[1], p.line) for p in caught.value.problems]
    written = (content / "meetings/2019-09-18/9.0-southern-police-station.md").read_text("utf-8").splitlines()
    # Each form at its own line; the reference-style link where its target is written, the definition's line.
    expected = sorted(written.index(line) + 1 for line in lines if not line.endswith("[restricted]"))
    assert sorted(line for name, line in found if name.startswith("9.0")) == expected
    assert len(expected) == len(LINK_FORMS) - 1
    notes = (content / "meetings/2019-09-18/meeting.md").read_text("utf-8").splitlines()
    assert [(name, line) for name, line in found if name == "meeting.md"] == [
        ("meeting.md", next(i for i, line in enumerate(notes, 1) if "Notes: see" in line))
    ]
    assert all("but that paper is not published" in p.message for p in caught.value.problems)
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site")]) == 1
    assert not (tmp_path / "site").exists()


def test_the_renderer_drops_a_link_to_an_unpublished_paper_if_check_were_bypassed(tmp_path: Path) -> None:
    """Defence in depth: links the check would refuse are dropped by the renderer, never published."""
    content = make_content(tmp_path)
    write_canary(content, RESTRICTED_FILE, canary_paper("sensitive", "5.5"), "sensitive", "5.5")
    site = load_site(content, TODAY)
    links = Links(site)
    stem = RESTRICTED_FILE[:-3]
    for url in (
        RESTRICTED_FILE,
        stem.upper() + ".md",
        f"../2019-09-18/{stem}/",
        f"/meetings/2019-09-18/{stem}",
        RESTRICTED_FILE + "?a=1#b",
        "./" + RESTRICTED_FILE.replace("-", "%2d"),
    ):
        assert links.resolve("meetings/2019-09-18", url).kind == "unpublished", url
        assert published_link(links, "meetings/2019-09-18", "meetings/2019-09-18/9.0-x/", url) is None, url
    html = sanitize.clean_content(
        f'<p><a href="{RESTRICTED_FILE}">a</a><img src="{RESTRICTED_FILE}"></p>',
        lambda url: published_link(links, "meetings/2019-09-18", "x/", url),
    )
    assert "canary" not in html.lower() and html == "<p><a>a</a><img></p>"


def test_front_matter_is_escaped_and_bodies_sanitised(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    attack = "</title><script>alert('t')</script>"
    body = (
        "<script>alert('b')</script>\n\n<p onclick=\"alert('c')\">x</p>\n\n"
        "[click](javascript:alert('d')) <a href=\"javascript:alert('e')\">y</a> "
        "<img src=https://invalid.invalid/x.png onerror=alert('f')>"
    )
    write(
        content,
        "meetings/2019-09-18/9.0-southern-police-station.md",
        paper(attack, "9.0", body, **{"from": '"<b onmouseover=alert(1)>CC</b>"'}, summary='"<script>s</script>"'),
    )
    out = build(content, tmp_path / "site")
    for name, text in all_output_text(out).items():
        if not name.endswith((".html", ".xml", ".json")):
            continue
        assert "<script>alert" not in text, name
        assert re.findall(r"<[a-z][^<>]*\son[a-z]+\s*=", text) == [], name  # live event-handler attributes
        assert re.findall(r"(?:href|src)\s*=\s*[\"']?\s*javascript:", text, re.I) == [], name
    page = (out / "meetings/2019-09-18/9.0-southern-police-station/index.html").read_text("utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt; - " in page
    # The page's content is sanitised once more as a whole: nh3 writes quotes in text as they are.
    assert "<h1>&lt;/title&gt;&lt;script&gt;alert('t')&lt;/script&gt;</h1>" in page


def test_a_board_name_with_markup_characters_is_escaped_once_in_titles(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    board = content / "board.yml"
    board.write_text(
        board.read_text("utf-8").replace("name: Business Coordination Board", 'name: "Audit & Risk <Committee>"'),
        encoding="utf-8",
    )
    out = build(content, tmp_path / "site")
    once = "Audit &amp; Risk &lt;Committee&gt;, 18 September 2019"
    meeting = (out / "meetings/2019-09-18/index.html").read_text("utf-8")
    assert f"<title>{once} - Business Coordination Board papers</title>" in meeting
    assert f'<meta name="description" content="Agenda and papers: {once}.">' in meeting
    assert f"<h1>{once}</h1>" in meeting
    paper_page = (out / "meetings/2019-09-18/9.0-southern-police-station/index.html").read_text("utf-8")
    assert f'<meta name="description" content="Board paper: agenda item 9.0, {once}.">' in paper_page
    assert "&amp;amp;" not in meeting + paper_page


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    first = all_output_text(build(content, tmp_path / "one"))
    second = all_output_text(build(content, tmp_path / "two"))
    assert sorted(first) == sorted(second)
    assert [n for n in first if first[n] != second[n]] == []


def test_failed_check_leaves_previous_site_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    out = tmp_path / "site"
    assert main(["build", "--content", str(content), "--out", str(out)]) == 0
    before = all_output_text(out)
    write(content, "meetings/2019-09-18/9.0-southern-police-station.md", PAPER_MD.replace("title:", "titel:"))
    assert main(["build", "--content", str(content), "--out", str(out)]) == 1
    assert "titel: unknown field, did you mean 'title'?" in capsys.readouterr().err
    assert all_output_text(out) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("content", "site", ".site-cache")]
    assert leftovers == []  # no half-built or old copies beside the site


@pytest.mark.parametrize("position", ["first", "last"])  # the two side processes: the index's, the rest's
def test_a_failing_post_processing_step_fails_the_build_and_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], position: str
) -> None:
    content = make_content(tmp_path)
    out = tmp_path / "site"
    assert main(["build", "--content", str(content), "--out", str(out)]) == 0
    before = all_output_text(out)

    def broken(site: object, staged: Path, config: object, cache: object) -> None:
        raise OSError("disk full")

    steps = [broken, *postprocess.STEPS] if position == "first" else [*postprocess.STEPS, broken]
    monkeypatch.setattr(postprocess, "STEPS", steps)
    assert main(["build", "--content", str(content), "--out", str(out)]) == 1
    assert "writing the search index, feeds and data failed: OSError: disk full" in capsys.readouterr().err
    assert all_output_text(out) == before


def test_paper_page_does_not_carry_the_archive_navigation(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    for n in range(20):
        write(content, f"meetings/{2000 + n}-03-10/meeting.md", "---\nboard: bcb\n---\n")
        write(content, f"meetings/{2000 + n}-03-10/5.0-p.md", paper(f"Paper {n}", "5.0", "Text."))
    out = build(content, tmp_path / "site")
    page = (out / "meetings/2019-09-18/9.0-southern-police-station/index.html").read_text("utf-8")
    start = page.index('<nav class="md-nav md-nav--primary')
    nav = page[start : page.index('<div class="md-content"', start)]
    assert "Paper 1" not in nav and "Paper 19" not in nav
    assert [t for t in ("Home", "Meetings", "Themes", "Action log", "Accessibility") if t in nav] == [
        "Home",
        "Meetings",
        "Themes",
        "Action log",
        "Accessibility",
    ]


def test_theme_links_on_a_page_outside_the_navigation_are_relative_to_it(tmp_path: Path) -> None:
    out = build(make_content(tmp_path), tmp_path / "site")  # one process: home and search rendered together
    top = ["", "meetings/", "themes/", "actions/", "decisions/", "accessibility/"]
    for page in ("search/", "meetings/2019-09-18/", "meetings/2019-09-18/9.0-southern-police-station/"):
        html = (out / page / "index.html").read_text("utf-8")
        tabs = re.findall(r'class="md-tabs__item[^"]*">\s*<a href="([^"]*)"', html)
        footer = re.findall(r'<li>\s*<a href="([^"]*)">', html[html.index('class="bp-footer-nav"') :])
        for links, want in ((tabs, top), (footer, [*top, "sitemap/"])):  # the footer's last link: the sitemap
            assert [urljoin(f"https://x.org/{page}", link) for link in links] == [f"https://x.org/{t}" for t in want]
        assert "md-tabs__item--active" not in html, page


def footer_contact(html: str) -> str:
    """The footer's contact list of a page."""
    start = html.index('<ul class="bp-footer-contact">')
    return html[start : html.index("</ul>", start)]


def test_the_404_page_shows_the_contact_details_every_page_shows(tmp_path: Path) -> None:
    """The theme's 404.html has no page of its own: its footer shows the home page's contact details, after a
    build over several processes, a rebuild of one page, and a change of the details."""
    content = make_content(tmp_path)
    for n in range(30):  # enough pages for the renderer to use worker processes
        write(content, f"meetings/2019-09-18/{20 + n}.0-p.md", paper(f"Paper {n}", f"{20 + n}.0", f"Text {n}."))
    out = tmp_path / "site"
    edits = [
        ("meetings/2019-09-18/20.0-p.md", "Text 0.", "Text nought."),
        ("board.yml", "  email: papers@example.org\n", "  email: board@example.org\n  telephone: 01234 567890\n"),
    ]
    for path, old, new in [("board.yml", "", ""), *edits]:
        (content / path).write_text((content / path).read_text("utf-8").replace(old, new), encoding="utf-8")
        build(content, out)
        shown = footer_contact((out / "404.html").read_text("utf-8"))
        assert shown == footer_contact((out / "meetings/2019-09-18/20.0-p/index.html").read_text("utf-8"))
        email = "board@example.org" if path == "board.yml" and new else "papers@example.org"
        assert f'<a href="mailto:{email}">{email}</a>' in shown, shown
    assert '<a href="tel:01234567890">01234 567890</a>' in shown


def test_rebuild_from_cache_equals_cold_build(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    for n in range(30):  # enough pages for the renderer to use worker processes
        write(content, f"meetings/2019-09-18/{20 + n}.0-p.md", paper(f"Paper {n}", f"{20 + n}.0", f"Text {n}."))
    warm = tmp_path / "warm" / "site"
    build(content, warm)
    write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", "Edited text."))
    write(content, "meetings/2019-09-18/99.0-new.md", paper("New paper", "99.0", "Added."))
    rebuilt = all_output_text(build(content, warm))
    cold = all_output_text(build(content, tmp_path / "cold" / "site"))
    assert "Edited text." in rebuilt["meetings/2019-09-18/25.0-p/index.html"]
    assert "New paper" in rebuilt["meetings/2019-09-18/index.html"]
    assert sorted(rebuilt) == sorted(cold)
    assert [n for n in cold if cold[n] != rebuilt[n]] == []


def test_later_rebuilds_still_equal_a_cold_build(tmp_path: Path) -> None:
    content = cached_archive(tmp_path)
    warm = tmp_path / "warm" / "site"
    for step in range(3):
        write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", f"Edit {step}."))
        if step == 2:
            (content / "meetings/2019-09-18/30.0-p.md").unlink()
        build(content, warm)
    cold = all_output_text(build(content, tmp_path / "cold" / "site"))
    rebuilt = all_output_text(warm)
    assert sorted(rebuilt) == sorted(cold)
    assert [n for n in cold if cold[n] != rebuilt[n]] == []
    assert "Edit 2." in rebuilt["meetings/2019-09-18/25.0-p/index.html"]
    assert not (warm / "meetings/2019-09-18/30.0-p").exists()  # the removed paper's folder too
    assert sorted(p.relative_to(warm) for p in warm.rglob("*") if p.is_dir() and not any(p.iterdir())) == []


def cached_archive(root: Path) -> Path:
    """Content with two meetings of papers on two themes, one paper referring to another (see EDITS)."""
    content = make_content(root)
    for n in range(30):  # enough pages for the renderer to use worker processes
        write(
            content,
            f"meetings/2019-09-18/{20 + n}.0-p.md",
            paper(f"Paper {n}", f"{20 + n}.0", f"Text {n}.", themes="[communities, victims]"),
        )
    write(content, "meetings/2020-01-23/meeting.md", MEETING_MD.replace("2019-09-18", "2020-01-23"))
    write(content, "meetings/2020-01-23/1.0-later.md", paper("Later", "1.0", "See [[2019-09-18#24.0]]."))
    return content


# Edits that change what other pages show, not only the edited file's own page: a page is cached by its
# Markdown, which each of these must change where it shows. The last value says whether the edit leaves paper
# 40.0's page as it was (then that page must come from the cache, not be rendered again).
EDITS = {
    "board renamed": ("board.yml", "name: Business Coordination Board", "name: Coordination Board", False),
    "theme renamed": ("board.yml", "name: Victims}", "name: Victims and witnesses}", False),
    "neighbour retitled": ("meetings/2019-09-18/24.0-p.md", "Paper 4", "Paper four", True),
    "neighbour withdrawn": ("meetings/2019-09-18/24.0-p.md", "status: published", "status: withdrawn", True),
    "referrer added": (
        "meetings/2020-01-23/1.0-later.md",
        "See [[2019-09-18#24.0]].",
        "See [[2019-09-18#24.0]] and [[2019-09-18#25.0]].",
        True,
    ),
    "paper taken off a theme": (
        "meetings/2019-09-18/24.0-p.md",
        "themes: [communities, victims]",
        "themes: [victims]",
        True,
    ),
    "meeting time changed": ("meetings/2019-09-18/meeting.md", 'time: "15:00"', 'time: "16:30"', True),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_rebuild_after_an_edit_that_changes_other_pages_equals_cold_build(tmp_path: Path, edit: str) -> None:
    content = cached_archive(tmp_path)
    warm = build(content, tmp_path / "warm" / "site")
    untouched = "meetings/2019-09-18/40.0-p.md"  # no edit above reaches it
    name, old, new, keeps_untouched = EDITS[edit]
    text = (content / name).read_text("utf-8")
    assert old in text
    write(content, name, text.replace(old, new))
    rendered = build_site(content, warm, ROOT / "mkdocs.yml", TODAY).rendered
    rebuilt = all_output_text(warm)
    cold = all_output_text(build(content, tmp_path / "cold" / "site"))
    assert sorted(rebuilt) == sorted(cold)
    assert [n for n in cold if cold[n] != rebuilt[n]] == []
    assert (untouched not in rendered) is keeps_untouched  # kept pages come from the cache
    assert rendered  # the pages the edit changed


def test_a_build_with_nothing_changed_renders_nothing_and_no_cache_renders_everything(tmp_path: Path) -> None:
    content = cached_archive(tmp_path)
    out = build(content, tmp_path / "site")
    again = build_site(content, out, ROOT / "mkdocs.yml", TODAY)
    assert again.rendered == []
    before = all_output_text(out)
    cold = build_site(content, out, ROOT / "mkdocs.yml", TODAY, cache=False)
    assert len(cold.rendered) == cold.pages and all_output_text(out) == before


def test_the_page_cache_holds_copies_of_this_sites_pages_only(tmp_path: Path) -> None:
    content = cached_archive(tmp_path)
    out = build(content, tmp_path / "site")
    pages = sorted((tmp_path / ".site-cache" / "pages").iterdir())
    assert len(pages) == sum(1 for _ in out.rglob("index.html"))
    assert all(p.stat().st_nlink == 1 for p in pages)  # copies: a page in the site is never the cache's file
    (content / "meetings/2019-09-18/30.0-p.md").unlink()
    build(content, out)
    # One page fewer: the pages it changed (its meeting's, the home page ...) are kept in their new versions only.
    assert len(list((tmp_path / ".site-cache" / "pages").iterdir())) == len(pages) - 1
    static = tmp_path / ".site-cache" / "static"
    assert len(list(static.iterdir())) == 1  # the theme's files of this configuration only


def test_a_broken_theme_template_fails_the_build_with_its_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    theme, config = theme_copy(tmp_path)
    (theme / "overrides" / "main.html").write_text('{% extends "base.html" %}\n{% if %}\n', encoding="utf-8")
    content = make_content(tmp_path)
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert (
        f"error: {theme / 'overrides' / 'main.html'}:2: template: Expected an expression, got 'end of "
        "statement block', expected valid Jinja, e.g. undo the last change to that file" in err
    )
    assert "Traceback" not in err and not (tmp_path / "site").exists()


@pytest.mark.parametrize("sample", [False, True])  # a few pages rendered here; the sample's, by workers
def test_a_theme_template_using_a_missing_attribute_fails_the_build_with_its_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample: bool
) -> None:
    theme, config = theme_copy(tmp_path)
    main_html = theme / "overrides" / "main.html"
    lines = main_html.read_text("utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if "{% block extrahead %}" in line) + 1  # inside a block
    # On pages only (not on 404.html, which the build process renders itself before the workers start).
    lines.insert(at, "    {% if page %}{{ config.nothing.more }}{% endif %}\n")
    main_html.write_text("".join(lines), encoding="utf-8")
    content = ROOT / "content" if sample else make_content(tmp_path)
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert (
        f"error: {main_html}:{at + 1}: template: 'mkdocs.config.defaults.MkDocsConfig object' has no attribute "
        "'nothing', expected only names and attributes the template is given, e.g. undo the last change to "
        "that file" in err
    )
    assert "Traceback" not in err and not (tmp_path / "site").exists()


def test_build_docs_writes_the_generated_markdown_of_every_page(tmp_path: Path) -> None:
    content, docs = make_content(tmp_path), tmp_path / "docs"
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--docs", str(docs)]) == 0
    (docs / "stale.md").write_text("left from before", encoding="utf-8")
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--docs", str(docs)]) == 0
    written = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    built = sorted(p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("index.html"))
    assert "stale.md" not in written and len(written) == len(built) > 5
    assert {"index.md", "search.md", "meetings/2019-09-18/9.0-southern-police-station.md"} <= set(written)
    paper_md = (docs / "meetings/2019-09-18/9.0-southern-police-station.md").read_text("utf-8")
    assert paper_md.startswith("---\ntitle: ") and "1.1 The purpose of this paper is to update the Board." in paper_md


def test_action_log_flags_overdue_open_actions_and_links_the_raising_item(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(
        content,
        "actions.yml",
        """\
actions:
  - number: "1.0"
    raised: {meeting: 2019-09-18, item: "9.0"}
    action: Report back on the station.
    owner: Constabulary
    target_date: 2026-11-22
    status: ongoing
  - number: "2.0"
    raised: {meeting: 2019-09-18, item: "9.0"}
    action: Already done.
    owner: Constabulary
    target_date: 2019-01-01
    status: completed
  - number: "3.0"
    raised: {meeting: 2019-05-16, item: null}
    action: Not yet due.
    owner: null
    target_date: 2026-11-23
    status: open
""",
    )
    page = (build(content, tmp_path / "site") / "actions/index.html").read_text("utf-8")
    rows = re.findall(r'<tr id="action-(\d)-0"( class="bp-overdue")?>(.*?)</tr>', page, re.S)
    assert [(n, bool(flag), "Overdue" in row) for n, flag, row in rows] == [
        ("1", True, True),
        ("2", False, False),
        ("3", False, False),
    ]
    assert '<a href="../meetings/2019-09-18/#item-9-0">18 September 2019, item 9.0</a>' in rows[0][2]
    assert '16 May 2019 <span class="bp-meta">(meeting not in this archive)</span>' in rows[2][2]
    assert '<td class="bp-field"></td>' in rows[2][2]  # no owner: an empty field, said once above the log
    assert "Not recorded" not in page and page.count("A blank entry is one the log does not record.") == 1


def test_home_shows_next_and_latest_meetings(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2026-12-10/meeting.md", '---\nboard: bcb\ntime: "14:00"\nstatus: scheduled\n---\n')
    write(content, "meetings/2026-11-01/meeting.md", "---\nboard: bcb\nstatus: cancelled\n---\n")
    page = (build(content, tmp_path / "site") / "index.html").read_text("utf-8")
    upcoming = page[page.index("<h2>Next meeting</h2>") : page.index("<h2>Latest meetings</h2>")]
    assert '<a href="meetings/2026-12-10/">Business Coordination Board, 10 December 2026</a>, 14:00' in upcoming
    latest = page[page.index("<h2>Latest meetings</h2>") : page.index("<h2>Latest papers</h2>")]
    assert re.findall(r'href="(meetings/[^"]*)"', latest) == [
        "meetings/2026-11-01/",
        "meetings/2019-09-18/",
        "meetings/",
    ]


def test_optional_record_fields_may_be_absent(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(
        content,
        "meetings/2019-09-18/5.1-p.md",
        paper(
            "P",
            "5.1",
            "Text.",
            contact_officers="[{name: Chief Inspector Chris Savage}]",
            source_documents="[{title: N/A}]",
        ),
    )
    page = (build(content, tmp_path / "site") / "meetings/2019-09-18/5.1-p/index.html").read_text("utf-8")
    assert "<li>Chief Inspector Chris Savage</li>" in page and "<li>N/A</li>" in page


@pytest.mark.parametrize(
    "option, target",
    [
        ("--out", "a folder of the author's"),
        ("--out", "the content folder"),
        ("--out", "the content's parent"),
        ("--docs", "a folder of the author's"),
        ("--docs", "the content folder"),
    ],
)
def test_a_build_never_replaces_or_empties_a_folder_it_did_not_make(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, target: str
) -> None:
    content = make_content(tmp_path / "project")
    write(tmp_path, "mine/thesis.txt", "precious")
    folder = {
        "a folder of the author's": tmp_path / "mine",
        "the content folder": content,
        "the content's parent": content.parent,
    }[target]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    args = ["build", "--content", str(content), "--out", str(tmp_path / "site") if option == "--docs" else str(folder)]
    assert main(args + (["--docs", str(folder)] if option == "--docs" else [])) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {option} {folder.resolve()} ") and err.count("\n") == 1, err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before  # nothing moved or emptied
