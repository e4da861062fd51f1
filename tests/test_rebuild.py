"""Rebuilds: a page whose inputs are unchanged is not made again (Site.inputs, PageCache.known), and a build
starts from the spare, the site before last (boardpapers.staging); both must give the site a cold build gives."""

from __future__ import annotations

import datetime as dt
import errno
import multiprocessing
import os
import pickle
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.config import load_config

from boardpapers import staging
from boardpapers.content.fields import ParseMemo
from boardpapers.content.load import BODY_CHECKS, load_site
from boardpapers.content.load import CODE as LOAD_CODE
from boardpapers.engine.islands import IslandsExtension
from boardpapers.outputs import postprocess
from boardpapers.pages.generate import Generator, page_environment
from boardpapers.pipeline import build_site
from boardpapers.staging import SITE_MANIFEST, SPARE, SPARE_MANIFEST
from conftest import SAMPLE_TODAY
from contentkit import MEETING_MD, NOTICE_MD, make_content, make_record_content, paper, readable, write
from test_attachments import FOLDER, PAGE, PDF, with_attachments
from test_build import EDITS, cached_archive, theme_copy

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 1, 15)
CACHE = ".site-cache"
THEMES = "[communities, victims]"


def build(content: Path, out: Path, cache: bool = True) -> list[str]:
    """Build `content` into `out`; the docs paths of the pages the engine rendered."""
    return build_site(content, out, ROOT / "mkdocs.yml", TODAY, cache=cache).rendered


def output(out: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def archive(root: Path) -> Path:
    """Content with thirty papers on two themes, one referring to another: enough for the engine's processes."""
    content = make_content(root)
    for n in range(30):
        write(
            content,
            f"meetings/2019-09-18/{20 + n}.0-p.md",
            paper(f"Paper {n}", f"{20 + n}.0", f"Text {n}.", themes=THEMES),
        )
    write(content, "meetings/2019-09-18/19.0-refers.md", paper("Refers", "19.0", "See [[2019-09-18#24.0]]."))
    return content


def pages(content: Path, today: dt.date) -> dict[str, str]:
    """Every page's Markdown, made from `content` (with mkdocs.yml's `extra`, as a build makes them)."""
    extra = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["extra"]
    return dict(Generator(load_site(content, today), ROOT / "theme" / "pages", extra).markdown())


@pytest.mark.parametrize("record", [False, True])
def test_a_body_shows_on_its_own_page_alone(tmp_path: Path, record: bool) -> None:
    """What Site.inputs leaves out (a paper's or a notice's body) reaches no page but its own: the rule that lets
    a rebuild copy every other page without making it. Each body of the sample (or of the public record's
    content, with decision notices) is edited in turn."""
    content, today = tmp_path / "content", TODAY if record else SAMPLE_TODAY
    if record:
        content = make_record_content(tmp_path)
    else:
        shutil.copytree(ROOT / "content", content)
    site = load_site(content, today)
    before = pages(content, today)
    files = [p.source for p in site.papers] + [n.source for n in site.notices if n.published]
    assert len(files) >= (2 if record else 13)  # every paper of the sample, or the paper and the notice
    for source in files:
        path = content.parent / source
        text = path.read_text("utf-8")
        path.write_text(text.rstrip("\n") + "\n\nAn added sentence, CANARYEDIT.\n", encoding="utf-8")
        after = pages(content, today)
        path.write_text(text, encoding="utf-8")
        changed = sorted(name for name in before if before[name] != after[name])
        assert len(changed) == 1 and "CANARYEDIT" in after[changed[0]], (source, changed)
        assert [n for n in after if "CANARYEDIT" in after[n]] == changed


def test_the_inputs_leave_out_bodies_alone(tmp_path: Path) -> None:
    """Any other change to a content file changes Site.inputs; a body's edit does not."""
    content = archive(tmp_path)
    first = load_site(content, TODAY).inputs
    paper_file = content / "meetings/2019-09-18/25.0-p.md"
    text = paper_file.read_text("utf-8")
    paper_file.write_text(text.replace("Text 5.", "Text five."), encoding="utf-8")
    assert load_site(content, TODAY).inputs == first
    paper_file.write_text(text.replace("Paper 5", "Paper five"), encoding="utf-8")
    assert load_site(content, TODAY).inputs != first
    paper_file.write_text(text, encoding="utf-8")
    meeting = content / "meetings/2019-09-18/meeting.md"
    meeting.write_text(meeting.read_text("utf-8") + "\nA note added to the meeting's notes.\n", encoding="utf-8")
    assert load_site(content, TODAY).inputs not in (first, "")
    assert load_site(content, TODAY.replace(day=16)).inputs != load_site(content, TODAY).inputs


def test_a_rebuild_after_a_body_edit_makes_that_pages_markdown_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = archive(tmp_path)
    out = tmp_path / "site"
    build(content, out)
    made: list[str] = []
    render = Generator.render

    def counted(self: Generator, template: str, url: str, **context: object) -> str:
        made.append(url)
        return render(self, template, url, **context)

    monkeypatch.setattr(Generator, "render", counted)
    edited = paper("Paper 5", "25.0", "Edited text.", themes=THEMES)
    write(content, "meetings/2019-09-18/25.0-p.md", edited)
    assert build(content, out) == ["meetings/2019-09-18/25.0-p.md"]
    # The navigation's pages are made by every build (the engine needs them); no other paper's page is.
    assert [u for u in made if u.startswith("meetings/2019-09-18/")] == ["meetings/2019-09-18/25.0-p/"]
    monkeypatch.undo()
    cold = tmp_path / "cold" / "site"
    build(content, cold, cache=False)
    assert output(out) == output(cold)


def test_a_build_starts_from_the_spare_and_keeps_its_unchanged_files(tmp_path: Path) -> None:
    content = archive(tmp_path)
    out, cache = tmp_path / "site", tmp_path / CACHE
    page = out / "meetings/2019-09-18/40.0-p/index.html"  # a page no edit below changes
    inodes = []
    for n in range(4):  # a cold build, then rebuilds: the third build's spare is the first build's site
        if n:
            write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", f"Edit {n}.", themes=THEMES))
        build(content, out)
        inodes.append(page.stat().st_ino)
        assert (cache / SPARE).is_dir() is (n > 0) and (cache / SITE_MANIFEST).is_file()
    assert inodes[2] == inodes[0] and inodes[3] == inodes[1] != inodes[0]  # kept, not written again
    cold = tmp_path / "cold" / "site"
    build(content, cold, cache=False)
    assert output(out) == output(cold)


@pytest.mark.parametrize("change", ["page edited", "file added", "search file edited", "manifest damaged"])
def test_whatever_touched_the_spare_is_not_kept(tmp_path: Path, change: str) -> None:
    content = archive(tmp_path)
    out, cache = tmp_path / "site", tmp_path / CACHE
    for n in (1, 2):
        write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", f"Edit {n}.", themes=THEMES))
        build(content, out)
    spare = cache / SPARE
    if change == "page edited":  # in place: same inode, new times
        page = spare / "meetings/2019-09-18/40.0-p/index.html"
        with page.open("r+b") as file:
            file.write(b"<!-- injected -->")
    elif change == "file added":
        write(spare, "meetings/2019-09-18/40.0-p/extra.html", "<p>not from this build</p>")
    elif change == "search file edited":
        meta = spare / "search/meta.js"
        meta.write_bytes(meta.read_bytes().replace(b"docs", b"dogs"))
    else:
        (cache / SPARE_MANIFEST).write_text("{not json", encoding="utf-8")
    write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", "Edit 3.", themes=THEMES))
    build(content, out)
    cold = tmp_path / "cold" / "site"
    build(content, cold, cache=False)
    assert output(out) == output(cold)


def test_the_cache_never_holds_a_withdrawn_papers_text(tmp_path: Path) -> None:
    """A paper published, then withdrawn: after that build its text is in no file of the site or of the build
    cache (spare, page cache, search memo unpacked), and no later build brings it back."""
    content = archive(tmp_path)
    out, cache = tmp_path / "site", tmp_path / CACHE
    secret = "meetings/2019-09-18/60.0-canarywithdrawn.md"
    write(content, secret, paper("CANARYWITHDRAWN title", "60.0", "CANARYWITHDRAWN body"))
    for n in (1, 2):
        write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", f"Edit {n}."))
        build(content, out)
    assert "CANARYWITHDRAWN" in (out / "meetings/2019-09-18/60.0-canarywithdrawn/index.html").read_text("utf-8")
    text = (content / secret).read_text("utf-8")
    write(content, secret, text.replace("status: published", "status: withdrawn"))
    for n in (3, 4):
        build(content, out)
        leaks = []
        for folder in (out, cache):
            for path in folder.rglob("*"):
                if not path.is_file():
                    continue
                data = readable(path.read_bytes())
                if path.suffix == ".pickle":
                    data += repr(pickle.loads(path.read_bytes())).encode()
                if b"canarywithdrawn" in data.lower() or "canarywithdrawn" in path.as_posix():
                    leaks.append(path.relative_to(tmp_path).as_posix())
        assert leaks == [], n
        write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", f"Edit {n}."))


def test_a_build_without_the_cache_leaves_no_spare(tmp_path: Path) -> None:
    content = archive(tmp_path)
    out, cache = tmp_path / "site", tmp_path / CACHE
    build(content, out)
    build(content, out)
    assert (cache / SPARE).is_dir()
    build(content, out, cache=False)
    assert not (cache / SPARE).exists() and not (cache / SPARE_MANIFEST).exists()
    assert not (cache / SITE_MANIFEST).exists()
    write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", "Edited."))
    for _ in (1, 2):  # builds with the cache after it start afresh
        build(content, out)
    cold = tmp_path / "cold" / "site"
    build(content, cold, cache=False)
    assert output(out) == output(cold)


@pytest.mark.parametrize("size", [240 * 1024, 300 * 1024])  # the same size (other bytes), and a bigger file
def test_a_replaced_attachment_reaches_the_rebuilt_site(tmp_path: Path, size: int) -> None:
    content = archive(tmp_path)
    out = tmp_path / "site"
    with_attachments(content, "{file: 9.0-original.pdf, title: Original paper}")
    (content / FOLDER / "9.0-original.pdf").write_bytes(PDF)
    for n in (1, 2):
        write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", f"Edit {n}.", themes=THEMES))
        build(content, out)
    replaced = b"%PDF-1.4\n" + b"x" * (size - 9)
    (content / FOLDER / "9.0-original.pdf").write_bytes(replaced)
    build(content, out)
    assert (out / PAGE / "9.0-original.pdf").read_bytes() == replaced
    cold = tmp_path / "cold" / "site"
    build(content, cold, cache=False)
    assert output(out) == output(cold)


def test_the_compiled_templates_kept_in_the_cache_follow_their_sources(tmp_path: Path) -> None:
    theme, config = theme_copy(tmp_path)
    content, out = archive(tmp_path), tmp_path / "site"
    build_site(content, out, config, TODAY)
    (compiled,) = (tmp_path / CACHE / "templates").iterdir()  # one folder, for this code and configuration
    assert len(list(compiled.iterdir())) > 20  # Material's, the overrides' and the page templates
    main_html, old = theme / "overrides" / "main.html", 'title="New papers"'
    assert old in main_html.read_text("utf-8")
    main_html.write_text(main_html.read_text("utf-8").replace(old, 'title="The newest papers"'), "utf-8")
    build_site(content, out, config, TODAY)
    assert 'title="The newest papers"' in (out / "meetings/2019-09-18/25.0-p/index.html").read_text("utf-8")


def test_a_page_template_changed_since_it_was_compiled_is_compiled_again(tmp_path: Path) -> None:
    templates, compiled = tmp_path / "pages", tmp_path / "compiled"
    compiled.mkdir()
    write(templates, "page.md.j2", "one {{ x }}")
    assert page_environment(templates, compiled).get_template("page.md.j2").render(x=1) == "one 1"
    assert list(compiled.iterdir())
    write(templates, "page.md.j2", "two {{ x }}")
    assert page_environment(templates, compiled).get_template("page.md.j2").render(x=1) == "two 1"


def test_a_setting_read_from_the_environment_reaches_every_page_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        (ROOT / "mkdocs.yml")
        .read_text("utf-8")
        .replace("custom_dir: theme/overrides", f"custom_dir: {ROOT}/theme/overrides")
        + "site_url: !ENV [BOARD_SITE_URL, 'https://one.example.org/']\n",
        encoding="utf-8",
    )
    content, out = archive(tmp_path), tmp_path / "site"
    page = out / "meetings/2019-09-18/25.0-p/index.html"
    build_site(content, out, config, TODAY)
    assert 'href="https://one.example.org/meetings/2019-09-18/25.0-p/"' in page.read_text("utf-8")
    monkeypatch.setenv("BOARD_SITE_URL", "https://two.example.org/")
    build_site(content, out, config, TODAY)
    assert 'href="https://two.example.org/meetings/2019-09-18/25.0-p/"' in page.read_text("utf-8")


def test_storing_the_templates_html_whole_changes_no_page(tmp_path: Path) -> None:
    """The islands extension stores the templates' HTML between the islands as raw HTML, unparsed (stashed_frame);
    every page of the sample and of the record content converts to the HTML it converts to without that step,
    but for line breaks between elements."""
    extra = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["extra"]
    sites = [(ROOT / "content", SAMPLE_TODAY), (make_record_content(tmp_path), TODAY)]
    converted = 0
    for content, today in sites:
        for path, text in Generator(load_site(content, today), ROOT / "theme" / "pages", extra).markdown():
            body = text.split("\n---\n", 1)[1]  # MkDocs reads the front-matter apart
            outputs = []
            for stash in (True, False):
                md = markdown.Markdown(extensions=[IslandsExtension(), "toc", "tables", "def_list", "admonition"])
                if not stash:
                    md.preprocessors.deregister("boardpapers-frame")
                outputs.append(re.sub(r">\s*\n\s*<", "><", md.convert(body)))  # line breaks between elements aside
            assert outputs[0] == outputs[1], path
            converted += 1
    assert converted > 40


def test_a_body_reaches_no_feed_calendar_or_data_file(tmp_path: Path) -> None:
    """The feeds, calendars and open data are made from what Site.inputs covers, so a rebuild keeps them when it
    is unchanged (postprocess.KEPT): each body of the record content is edited in turn and no such file changes."""
    content = make_record_content(tmp_path)
    (tmp_path / "docs").mkdir()
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"), site_url="https://example.org/")

    def outputs(name: str) -> dict[str, bytes]:
        out = tmp_path / name
        site = load_site(content, TODAY)
        for step in postprocess.KEPT:
            step(site, out, config, None)
        return output(out)

    before = outputs("before")
    assert len(before) > 10
    site = load_site(content, TODAY)
    for source in [p.source for p in site.papers] + [n.source for n in site.notices if n.published]:
        path = content.parent / source
        text = path.read_text("utf-8")
        path.write_text(text.rstrip("\n") + "\n\nAn added sentence, CANARYEDIT.\n", encoding="utf-8")
        after = outputs(source.replace("/", "-"))
        path.write_text(text, encoding="utf-8")
        assert [name for name in before if before[name] != after[name]] == [], source


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_build_from_the_spare_after_an_edit_that_changes_other_pages_equals_a_cold_build(
    tmp_path: Path, edit: str
) -> None:
    """test_build's edits, made after two builds (so that the third starts from the spare, keeping pages, search
    files, feeds and data where their keys match)."""
    content = cached_archive(tmp_path)
    out = tmp_path / "warm" / "site"
    build(content, out)
    build(content, out)
    name, old, new, _ = EDITS[edit]
    text = (content / name).read_text("utf-8")
    assert old in text
    write(content, name, text.replace(old, new))
    build(content, out)
    cold = tmp_path / "cold" / "site"
    build(content, cold, cache=False)
    assert output(out) == output(cold)


def test_a_spare_that_cannot_be_kept_fails_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new site is live when the old one is made the spare: a failure there (another file system, say) is no
    failure of the build, and the next build starts afresh."""
    content = archive(tmp_path)
    out, cache = tmp_path / "site", tmp_path / CACHE
    build(content, out)
    rename = os.rename

    def cross_device(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if Path(target).name == SPARE:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(source), None, str(target))
        rename(source, target)

    monkeypatch.setattr(os, "rename", cross_device)
    write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", "Edit 1.", themes=THEMES))
    build(content, out)
    monkeypatch.undo()
    assert not (cache / SPARE).exists() and not (cache / SPARE_MANIFEST).exists()
    write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", "Edit 2.", themes=THEMES))
    for _ in (1, 2):
        build(content, out)
    cold = tmp_path / "cold" / "site"
    build(content, cold, cache=False)
    assert output(out) == output(cold)


def test_a_feed_the_site_no_longer_has_is_not_kept_from_the_spare(tmp_path: Path) -> None:
    """A matter whose one public record is withdrawn is no longer published, nor is its feed, which named the
    paper: after two builds the third starts from a spare holding that feed, and must not keep it."""
    content = archive(tmp_path)
    out = tmp_path / "site"
    write(content, "matters.yml", "matters:\n  - {id: estates, title: Estates}\n")
    secret = "meetings/2019-09-18/60.0-canarywithdrawn.md"
    write(content, secret, paper("CANARYWITHDRAWN title", "60.0", "Text.", matters="[estates]"))
    for n in (1, 2):
        write(content, "meetings/2019-09-18/25.0-p.md", paper("Paper 5", "25.0", f"Edit {n}.", themes=THEMES))
        build(content, out)
    assert "CANARYWITHDRAWN" in (out / "feeds/matters/estates.xml").read_text("utf-8")
    write(content, secret, (content / secret).read_text("utf-8").replace("status: published", "status: withdrawn"))
    build(content, out)
    assert not (out / "feeds/matters/estates.xml").exists()
    assert [n for n, data in output(out).items() if b"canarywithdrawn" in data.lower()] == []
    cold = tmp_path / "cold" / "site"
    build(content, cold, cache=False)
    assert output(out) == output(cold)


def test_the_memo_keeps_nothing_read_of_an_unpublished_paper_or_notice(tmp_path: Path) -> None:
    """Not their front-matter's parse, nor what was remembered of their bodies (keyed by a digest of the text:
    a digest would let someone confirm a guess)."""
    content = make_record_content(tmp_path)
    notice = NOTICE_MD.replace("2019-014", "2019-015").replace("status: published", "status: draft")
    write(content, "decisions/2019-015-draft.md", notice.replace("summarised here.", "summarised, CANARYNOTICE."))
    write(content, "meetings/2019-09-18/7.0-draft.md", paper("CANARYPAPER", "7.0", "CANARYPAPER", status="draft"))
    memo = tmp_path / "memo.pickle"
    load_site(content, TODAY, memo=memo)
    kept = pickle.loads(memo.read_bytes())
    assert b"canary" not in b"".join(kept.values()).lower()
    for name in ("decisions/2019-015-draft.md", "meetings/2019-09-18/7.0-draft.md"):
        body = (content / name).read_text("utf-8").split("\n---\n", 1)[1]
        assert ParseMemo(None).key(BODY_CHECKS, body, LOAD_CODE) not in kept, name
    published = (content / "decisions/2019-014-contract-award.md").read_text("utf-8").split("\n---\n", 1)[1]
    assert ParseMemo(None).key(BODY_CHECKS, published, LOAD_CODE) in kept  # the published one is remembered


def test_a_link_to_a_paper_whose_address_changed_is_rendered_again(tmp_path: Path) -> None:
    """A paper named without its number (budget.md) takes its address from its agenda item; a paper of another
    meeting and theme links to its file, so that paper's Markdown does not change when the item does, but the
    link's address does (the page's key holds where its links lead)."""
    content = archive(tmp_path)
    out = tmp_path / "site"
    budget = "meetings/2019-09-18/budget.md"
    write(content, budget, paper("Budget", "60.0", "Figures.", themes="[victims]"))
    write(content, "meetings/2020-01-23/meeting.md", MEETING_MD.replace("2019-09-18", "2020-01-23"))
    linking = paper("Later", "1.0", "See [the budget](../2019-09-18/budget.md).", themes="[transformation]")
    write(content, "meetings/2020-01-23/1.0-later.md", linking)
    build(content, out)
    page = out / "meetings/2020-01-23/1.0-later/index.html"
    assert 'href="../../2019-09-18/60.0-budget/"' in page.read_text("utf-8")
    write(content, budget, paper("Budget", "61.0", "Figures.", themes="[victims]"))
    build(content, out)
    assert 'href="../../2019-09-18/61.0-budget/"' in page.read_text("utf-8")
    cold = tmp_path / "cold" / "site"
    build(content, cold, cache=False)
    assert output(out) == output(cold)


@pytest.mark.parametrize("windows", [False, True])
def test_a_files_status_is_read_the_same_way_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, windows: bool
) -> None:
    """A folder's files and their status as the next build compares them with the manifest (on Windows a
    directory entry carries no inode, so each file's own status is read)."""
    write(tmp_path / "site", "a/index.html", "a")
    write(tmp_path / "site", "b.txt", "b")
    monkeypatch.setattr(staging, "WINDOWS", windows)
    found = {rel: staging.status(info) for rel, info in staging.files_of(tmp_path / "site").items()}
    assert found == {rel: staging.status(os.lstat(tmp_path / "site" / rel)) for rel in ("a/index.html", "b.txt")}


def test_the_engine_processes_have_ended_when_a_build_returns(tmp_path: Path) -> None:
    """They begin ending once the last page is rendered (while the site is swapped in), and the build waits for
    them: none outlives it to slow the next build of a `serve` session."""
    content, out = archive(tmp_path), tmp_path / "site"
    assert len(build(content, out)) > 30  # a cold build: every page rendered, by more than one process
    assert multiprocessing.active_children() == []
    write(content, "meetings/2019-09-18/20.0-p.md", paper("Paper 0", "20.0", "Text 0, edited.", themes=THEMES))
    assert build(content, out) == ["meetings/2019-09-18/20.0-p.md"]
    assert multiprocessing.active_children() == []


def test_a_theme_overrides_own_file_where_material_has_unused_ones_is_published(tmp_path: Path) -> None:
    """Material's search worker and source maps are left out of the site; a file of the site's own theme at
    such a path is not Material's, and is published."""
    theme, config = theme_copy(tmp_path)
    own = theme / "overrides" / "assets" / "javascripts" / "workers" / "own.js"
    own.parent.mkdir(parents=True)
    own.write_text("// the theme's own\n", encoding="utf-8")
    out = tmp_path / "site"
    build_site(archive(tmp_path / "c"), out, config, TODAY)
    workers = sorted(p.name for p in (out / "assets" / "javascripts" / "workers").iterdir())
    assert workers == ["own.js"]  # Material's own worker there is not
