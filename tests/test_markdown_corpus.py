"""What `check` accepts, `build` builds (issue 17): Python-Markdown's own test texts as paper bodies.

Each text is a paper's body, forty papers to a build in four meetings. A text `check` rejects must be rejected
with `path:line: field: message` naming a line of its file (links to missing .md files are such a rule); every
text it accepts must build, and no built page may carry a live script in its main content (audit_site).

The texts: a fixed sample of the Markdown 3.10.2 source distribution's tests/ (its .txt and .md inputs and the
inputs of tests/test_syntax/**/*.py), committed in tests/data/markdown_corpus/ beside Python-Markdown's licence,
so this runs on every machine, offline, on the same texts. The whole corpus (about 800 texts, 20 builds) is
opt-in:

    .venv/bin/python -m pip download --no-binary :all: --no-deps markdown==3.10.2 -d .ci/cache
    BOARDPAPERS_FULL_CORPUS=1 .venv/bin/python -m pytest tests/test_markdown_corpus.py

(BOARDPAPERS_CORPUS names another copy of the sdist, as its .tar.gz or unpacked folder.) Once opted in, a
missing sdist fails the test, as does a missing sample always: neither is ever skipped. Regenerate the sample,
after changing SAMPLE_EVERY or the pinned version, with `.venv/bin/python tests/test_markdown_corpus.py`.
"""

from __future__ import annotations

import ast
import datetime as dt
import html.parser
import json
import os
import re
import shutil
import sys
import tarfile
import textwrap
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # also when run as a script (see main)

from boardpapers.content.load import load_site  # noqa: E402 (imported after the sys.path insert above)
from boardpapers.content.model import Site  # noqa: E402 (imported after the sys.path insert above)
from boardpapers.content.problems import ContentError  # noqa: E402 (imported after the sys.path insert above)
from boardpapers.pipeline import build_site  # noqa: E402 (imported after the sys.path insert above)
from contentkit import make_content, paper, write  # noqa: E402 (imported after the sys.path insert above)

MARKDOWN_VERSION = "3.10.2"  # requirements.txt's pin: the tests of the Markdown the build runs
SDIST = ROOT / ".ci" / "cache" / f"markdown-{MARKDOWN_VERSION}.tar.gz"
SAMPLE = ROOT / "tests" / "data" / "markdown_corpus" / "sample.json"
SAMPLE_EVERY = 10  # every tenth text of the corpus in its order: 81 texts
# Declarations, processing instructions, `</>` and scripts: what html.parser has raised on (see PARSER_TRAPS), and
# what a sanitiser must take out: every such text of the corpus (33) is in the sample too. Three builds in all.
PARSER_HARD_RE = re.compile(r"<!(?!--)|<\?|</>|<script", re.IGNORECASE)
TODAY = dt.date(2026, 1, 1)
PER_BUILD = 40  # papers a build: a build costs about a second whatever its size, a text a few milliseconds
PER_MEETING = 10
PROBLEM_RE = re.compile(r"(?P<path>[^:\n]+):(?P<line>\d+): (?P<field>[^:\s]+): [^\n\r]*\S[^\n\r]*")


# --- The corpus -------------------------------------------------------------------------------------------


def corpus_files(source: Path) -> Iterator[tuple[str, str]]:
    """(path under the sdist's folder, text) of every file in the sdist at `source` (.tar.gz or folder)."""
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            yield path.relative_to(source).as_posix(), path.read_text(encoding="utf-8", errors="surrogateescape")
        return
    with tarfile.open(source) as tar:
        for member in sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name):
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            yield member.name.partition("/")[2], data.decode("utf-8", errors="surrogateescape")


def corpus_texts(source: Path) -> list[tuple[str, str]]:
    """(where from, text) of each test input: tests/**/*.txt and *.md, and the Markdown given to
    assertMarkdownRenders in tests/test_syntax/**/*.py (a literal, or self.dedent of one), in order."""
    out: list[tuple[str, str]] = []
    for name, text in corpus_files(source):
        if not name.startswith("tests/"):
            continue
        if name.endswith((".txt", ".md")):
            out.append((name, text))
        elif name.startswith("tests/test_syntax/") and name.endswith(".py"):
            out.extend(inline_texts(name, text))
    return sorted(out, key=lambda entry: order(entry[0]))


def order(where: str) -> tuple[str, int]:
    """A text's place in the corpus: its file, then its line (so ':41' comes before ':203')."""
    name, _, line = where.partition(":")
    return name, int(line or 0)


def inline_texts(name: str, code: str) -> Iterator[tuple[str, str]]:
    """The literal Markdown inputs of the assertMarkdownRenders calls in one test module, as `name:line`."""
    for node in ast.walk(ast.parse(code)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "assertMarkdownRenders"
            and node.args
        ):
            text = literal(node.args[0])
            if text is not None:
                yield f"{name}:{node.lineno}", text


def literal(node: ast.expr) -> str | None:
    """A string literal's value, or self.dedent(literal)'s (Python-Markdown's TestCase.dedent); else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "dedent"
        and len(node.args) == 1
    ):
        inner = literal(node.args[0])
        return textwrap.dedent(inner).strip() if inner is not None else None
    return None


def sample_of(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The fixed sample: every SAMPLE_EVERY-th text from the first, and every text with markup HTML parsers
    stumble on (PARSER_HARD_RE), in corpus order."""
    return [
        (where, text) for i, (where, text) in enumerate(texts) if i % SAMPLE_EVERY == 0 or PARSER_HARD_RE.search(text)
    ]


def read_sample() -> list[tuple[str, str]]:
    """The committed sample (see main)."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return [(entry["from"], entry["text"]) for entry in data["texts"]]


def full_corpus() -> list[tuple[str, str]]:
    """Every text of the sdist named by BOARDPAPERS_CORPUS, or of SDIST; fail (never skip) when it is missing."""
    source = Path(os.environ.get("BOARDPAPERS_CORPUS") or SDIST)
    if not source.exists():
        pytest.fail(
            f"BOARDPAPERS_FULL_CORPUS=1 but there is no Markdown sdist at {source}; fetch it with "
            f".venv/bin/python -m pip download --no-binary :all: --no-deps markdown=={MARKDOWN_VERSION} "
            "-d .ci/cache (or set BOARDPAPERS_CORPUS to a copy)"
        )
    return corpus_texts(source)


def main(argv: list[str]) -> int:
    """Write the sample file from the sdist (argv[0], default SDIST)."""
    source = Path(argv[0]) if argv else SDIST
    texts = sample_of(corpus_texts(source))
    data = {
        "about": f"A fixed sample (see sample_of) of the test inputs in Python-Markdown "
        f"{MARKDOWN_VERSION}'s source distribution (tests/). Copyright The Python Markdown Project, "
        "BSD licence: see LICENSE.md beside this file. Made by tests/test_markdown_corpus.py.",
        "texts": [{"from": where, "text": text} for where, text in texts],
    }
    SAMPLE.parent.mkdir(parents=True, exist_ok=True)
    SAMPLE.write_text(json.dumps(data, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    print(f"wrote {len(texts)} texts to {SAMPLE}")
    return 0


# --- Building texts as papers ----------------------------------------------------------------------------


@dataclass
class Outcome:
    """What became of a batch of papers: where each published one was built, why each rejected one was not."""

    site: Path
    built: dict[int, Path] = field(default_factory=dict)  # text's index: its page
    withheld: list[int] = field(default_factory=list)  # accepted but not published (a draft, say): no page
    rejected: dict[int, list[str]] = field(default_factory=dict)  # text's index: its problems


@dataclass
class Batch:
    """A content folder holding texts as papers (and, optionally, as meeting notes)."""

    root: Path
    content: Path
    papers: dict[str, int]  # paper file as problems and the model name it: index of its text


def plant(root: Path, bodies: list[str], papers: list[str] | None = None, notes: list[str] | None = None) -> Batch:
    """A content folder under `root` with each body as a paper's, PER_MEETING papers a meeting. `papers`: whole
    paper files instead (text i: papers[i]; a lone surrogate is written as the byte it escapes, so a file can be
    invalid UTF-8); `notes`: meeting notes, one a meeting."""
    content = make_content(root)
    batch = Batch(root, content, {})
    texts = (
        papers
        if papers is not None
        else [paper(f"Corpus text {i}", str(i % PER_MEETING + 1), body) for i, body in enumerate(bodies)]
    )
    for i, text in enumerate(texts):
        folder, item = f"2020-01-{i // PER_MEETING + 1:02d}", str(i % PER_MEETING + 1)
        if i % PER_MEETING == 0:
            note = notes[i // PER_MEETING] if notes and i // PER_MEETING < len(notes) else ""
            write(content, f"meetings/{folder}/meeting.md", "")
            (content / f"meetings/{folder}/meeting.md").write_bytes(
                f"---\nboard: bcb\ndate: {folder}\n---\n\n{note}\n".encode("utf-8", "surrogateescape")
            )
        relative = f"meetings/{folder}/{item}-text.md"
        (content / relative).write_bytes(text.encode("utf-8", "surrogateescape"))
        batch.papers[f"content/{relative}"] = i
    return batch


def problem_lines(err: ContentError, root: Path) -> list[str]:
    """Every problem's text, asserting that each reads `path:line: field: message` with a line of its file."""
    assert err.problems and str(err) == "\n".join(str(p) for p in err.problems), str(err)
    for problem in err.problems:
        text = str(problem)
        match = PROBLEM_RE.fullmatch(text)
        assert match, f"not one line path:line: field: message: {text!r}"
        assert (problem.path, problem.line, problem.field) == (match["path"], int(match["line"]), match["field"]), text
        path = root / problem.path
        assert path.is_file(), f"names no file: {text!r}"
        assert 1 <= problem.line <= path.read_bytes().count(b"\n") + 1, f"no such line: {text!r}"
    return [str(p) for p in err.problems]


def check_batch(batch: Batch) -> tuple[Site, dict[int, list[str]]]:
    """Run `check`, removing the papers it rejects until it accepts the rest; return the site and their problems.
    Problems must name one of the papers (or meetings), in the right form (problem_lines); any other exception
    fails the test."""
    rejected: dict[int, list[str]] = {}
    for _ in range(3):  # a removed paper can unmask another's problem (a link to it), once
        try:
            return load_site(batch.content, TODAY), rejected
        except ContentError as err:
            for line in problem_lines(err, batch.root):
                path = line.partition(":")[0]
                assert path in batch.papers or path.endswith("/meeting.md"), f"names a file no text is in: {line}"
                if path in batch.papers:
                    rejected.setdefault(batch.papers[path], []).append(line)
                    (batch.root / path).unlink(missing_ok=True)
                else:  # a meeting's notes: the whole meeting goes
                    shutil.rmtree((batch.root / path).parent, ignore_errors=True)
                    for source, index in batch.papers.items():
                        if source.startswith(path.rpartition("/")[0] + "/"):
                            rejected.setdefault(index, []).append(line)
    raise AssertionError(f"check still rejects the content after removing the rejected papers: {rejected}")


def build_batch(batch: Batch) -> Outcome:
    """Check, then build what check accepts; every accepted, published paper must have its page."""
    model, rejected = check_batch(batch)
    site = batch.root / "site"
    build_site(batch.content, site, ROOT / "mkdocs.yml", TODAY)
    outcome = Outcome(site, rejected=rejected)
    for meeting in model.meetings:
        for each in meeting.papers:
            index = batch.papers.get(each.source)
            if index is None:
                continue
            page = site / each.url / "index.html"
            if each.published:
                assert page.is_file(), f"text {index} was accepted and published but {page} was not built"
                outcome.built[index] = page
            else:
                outcome.withheld.append(index)
    return outcome


def run_texts(tmp: Path, texts: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Build `texts` PER_BUILD at a time, auditing every page; return the problems of each rejected text. On a
    failure, name the texts that fail alone (culprits)."""
    rejected: dict[str, list[str]] = {}
    for start in range(0, len(texts), PER_BUILD):
        chunk = texts[start : start + PER_BUILD]
        try:
            outcome = build_batch(plant(tmp / f"batch{start}", [text for _, text in chunk]))
            audit_site(outcome.site)
        except Exception as err:
            raise AssertionError(
                f"{err}\n\nthe texts that fail alone:\n{culprits(tmp / f'alone{start}', chunk)}"
            ) from err
        rejected.update((chunk[i][0], problems) for i, problems in outcome.rejected.items())
    return rejected


def culprits(tmp: Path, texts: list[tuple[str, str]]) -> str:
    """Build each text alone, to say which fail and how (only after a failed batch: a build each)."""
    found = []
    for i, (where, text) in enumerate(texts):
        try:
            audit_site(build_batch(plant(tmp / str(i), [text])).site)
        except Exception:  # noqa: BLE001 (reported)
            found.append(f"--- {where}: {text[:300]!r}\n{traceback.format_exc(limit=-6)}")
    return "\n".join(found) or "none: only together"


# --- Auditing pages --------------------------------------------------------------------------------------

LIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
# The forms the page templates write inside <article>: the search box of the home page and the search page.
TEMPLATE_FORMS = {"index.html": 1, "search/index.html": 1}
URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]+")  # what a browser ignores in a URL's scheme ("java\tscript:")
# The theme's scripts: its files, its configuration (JSON, never run) and its inline script, whose one varying
# part is the site's root relative to the page (compared with 404.html's, which no content reaches).
THEME_SCRIPT_SRC_RE = re.compile(r"(?:/|(?:\.\./)*)assets/javascripts/[\w.-]+\.js")
SCOPE_RE = re.compile(r'new URL\("[./]*",location\)')


class PageAudit(HTMLParser):
    """Find what could run in a page: inside its <article> elements (the main content) any live element, event
    handler or script URL; anywhere, an event handler or a script that is not the theme's."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # <article> elements open here
        self.forms = 0  # inside them
        self.found: list[str] = []
        self.scripts: list[tuple[str, dict[str, str | None], str]] = []  # where, attributes, text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        self.audit(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.audit(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.cdata_elem == "script" and self.scripts:  # type: ignore[attr-defined]
            where, attrs, text = self.scripts[-1]
            self.scripts[-1] = (where, attrs, text + data)

    def audit(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record a live element, event handler or script URL (and every script, for theme_scripts_only)."""
        where = f"line {self.getpos()[0]}: <{tag}"
        if tag == "script":
            self.scripts.append((where, dict(attrs), ""))
        for name, _value in attrs:
            if name.startswith("on"):
                self.found.append(f"{where} {name}=...>")
        if not self.depth:
            return
        if tag in LIVE_TAGS:
            self.found.append(f"{where}> in <article>")
        self.forms += tag == "form"
        for name, value in attrs:
            if name in URL_ATTRIBUTES and URL_NOISE_RE.sub("", value or "").lower().startswith(BAD_SCHEMES):
                self.found.append(f"{where} {name}={value!r}>")


def theme_script(attrs: dict[str, str | None], text: str, inline: set[str]) -> bool:
    """Whether a script is one the theme writes (`inline`: its inline scripts, roots made alike)."""
    if attrs.get("type") == "application/json" and attrs.get("id") == "__config":
        return True
    if "src" in attrs:
        return len(attrs) == 1 and THEME_SCRIPT_SRC_RE.fullmatch(attrs["src"] or "") is not None
    return not attrs and SCOPE_RE.sub("", text) in inline


def audit_page(html: str, name: str, inline: set[str] | None = None) -> list[str]:
    """What could run in one page (`name`: its path under the site), as messages; `inline`: the theme's inline
    scripts (see theme_script), None to leave scripts outside <article> unchecked."""
    audit = PageAudit()
    audit.feed(html)
    audit.close()
    found = audit.found
    if audit.forms > TEMPLATE_FORMS.get(name, 0):
        found.append(
            f"{audit.forms} <form> elements in <article>, where the templates write {TEMPLATE_FORMS.get(name, 0)}"
        )
    if inline is not None:
        found += [
            f"{where}> not the theme's: {attrs} {text[:80]!r}"
            for where, attrs, text in audit.scripts
            if not theme_script(attrs, text, inline)
        ]
    return [f"{name}: {message}" for message in found]


def inline_scripts(site: Path) -> set[str]:
    """The theme's inline scripts, roots made alike: 404.html's, a page no content reaches."""
    audit = PageAudit()
    audit.feed((site / "404.html").read_text(encoding="utf-8"))
    return {SCOPE_RE.sub("", text) for _, attrs, text in audit.scripts if not attrs}


def audit_site(site: Path) -> None:
    """Assert that no built HTML page has a live element, handler or script URL in its main content, an event
    handler anywhere, or a script the theme did not write."""
    inline = inline_scripts(site)
    assert inline, "404.html has no inline script to compare others with"
    found: list[str] = []
    for page in sorted(site.rglob("*.html")):
        found += audit_page(page.read_text(encoding="utf-8"), page.relative_to(site).as_posix(), inline)
    assert not found, "live content in the built pages:\n" + "\n".join(found)


# --- Tests -----------------------------------------------------------------------------------------------


def corpus() -> list[tuple[str, str]]:
    """The texts this run builds: the committed sample, or the whole corpus when BOARDPAPERS_FULL_CORPUS=1."""
    if os.environ.get("BOARDPAPERS_FULL_CORPUS") == "1":
        return full_corpus()
    assert SAMPLE.is_file(), f"the corpus sample {SAMPLE} is missing; restore it from git (never skipped)"
    return read_sample()


def test_every_text_check_accepts_builds(tmp_path: Path) -> None:
    texts = corpus()
    assert len(texts) >= 60, f"only {len(texts)} corpus texts"
    rejected = run_texts(tmp_path, texts)
    # Each rejection names a rule of check's (problem_lines held it to path:line: field: message); most texts pass.
    assert len(rejected) < len(texts) // 4, rejected


def test_the_sample_is_the_corpus_sample() -> None:
    """The committed sample is what main() makes from the pinned sdist (checked when the sdist is here)."""
    source = Path(os.environ.get("BOARDPAPERS_CORPUS") or SDIST)
    if not source.exists():
        return  # nothing to compare with; the sample itself is tested above
    assert read_sample() == sample_of(corpus_texts(source))


# Texts html.parser could not read before Python 3.13 (CPython gh-77057), which MkDocs' raw HTML id collector
# feeds every page: each passed check and stopped the build with a worker's traceback. MkDocs is used through
# its public API only, so check refuses them at their line, and every other one builds.
PARSER_TRAPS = [
    "A note: `<![` in code.",
    "<![",
    "<![ ]]>",
    "x <![foo[ y ]]> z",
    "<![CDATA[ x",
    "<![CDATA",
    "obj<</>>endobj",
    "<![if x]> y <![endif]>",
    '<div id="a">x</div>\n\n<![ <span id="b">c</span>',
]
ENGINE_CANNOT_READ = (
    "body: the site's engine cannot read the markup here (e.g. '<![' that opens no CDATA "
    "section), expected text or ordinary HTML, e.g. write '< ![' with a space"
)


def stdlib_reads(text: str) -> bool:
    """Whether Python's html.parser (what MkDocs runs over every page) reads `text`, with the rest of a page after
    it, without raising."""
    parser = html.parser.HTMLParser()
    try:
        parser.feed(text + "\n\n<p>the rest of the page</p>\n")
        parser.close()
    except AssertionError:
        return False
    return True


def test_texts_the_html_parser_could_not_read_are_refused_at_their_line_and_the_rest_build(tmp_path: Path) -> None:
    rejected = run_texts(tmp_path, [(f"trap {i}", text) for i, text in enumerate(PARSER_TRAPS)])
    unreadable = {f"trap {i}" for i, text in enumerate(PARSER_TRAPS) if not stdlib_reads(text)}
    assert 0 < len(unreadable) < len(PARSER_TRAPS) and set(rejected) == unreadable
    for name, problems in rejected.items():
        line = 10 + PARSER_TRAPS[int(name.split()[1])].split("<![ ")[0].count("\n")  # the body starts on line 10
        assert [p.split(":", 2)[1:] for p in problems] == [[str(line), f" {ENGINE_CANNOT_READ}"]], name


def test_a_rejected_text_is_rejected_with_its_file_and_line(tmp_path: Path) -> None:
    outcome = build_batch(plant(tmp_path, ["Fine.", "See [the other paper](missing-paper.md)."]))
    assert list(outcome.built) == [0]
    assert [PROBLEM_RE.sub(r"\g<path>:LINE: \g<field>", line) for line in outcome.rejected[1]] == [
        "content/meetings/2020-01-01/2-text.md:LINE: body"
    ]


LINK_RE = re.compile(r"(.*?: body: link to '[^']*').*")


def where_and_what(lines: list[str]) -> list[str]:
    """Link problems cut to `path:line: body: link to '<target>'` (the rest of the wording is content.py's)."""
    return [LINK_RE.sub(r"\1", line) for line in lines]


LINK_PROBLEM = "content/meetings/2020-01-01/1-text.md:{}: body: link to 'missing-paper.md'"


def test_a_body_problem_names_the_line_it_is_on(tmp_path: Path) -> None:
    text = paper("Linked", "1", "First line.\n\nSee [the other paper](missing-paper.md).")
    line = text.splitlines().index("See [the other paper](missing-paper.md).") + 1
    outcome = build_batch(plant(tmp_path, [], papers=[text]))
    assert where_and_what(outcome.rejected[0]) == [LINK_PROBLEM.format(line)]


def test_a_problem_is_one_line(tmp_path: Path) -> None:
    text = paper("Title", "1", "Body.").replace("title: 'Title'", 'title: "a\\n::warning::b"')
    outcome = build_batch(plant(tmp_path, [], papers=[text]))
    assert all(PROBLEM_RE.fullmatch(line) for line in outcome.rejected[0]), outcome.rejected


def test_a_body_problem_names_its_line_without_a_blank_line_after_the_front_matter(tmp_path: Path) -> None:
    text = paper("Linked", "1", "").rstrip("\n") + "\nSee [the other paper](missing-paper.md).\n"
    outcome = build_batch(plant(tmp_path, [], papers=[text]))
    assert where_and_what(outcome.rejected[0]) == [LINK_PROBLEM.format(len(text.splitlines()))]


@pytest.mark.parametrize(
    "html, found",
    [
        ('<article><p onclick="x()">a</p></article>', ["p.html: line 1: <p onclick=...>"]),
        ('<header onmouseover="x()"></header>', ["p.html: line 1: <header onmouseover=...>"]),
        ('<article><a href=" java\tscript:x()">a</a></article>', ["p.html: line 1: <a href=' java\\tscript:x()'>"]),
        (
            "<article><svg><a xlink:href='data:text/html,x'>a</a></svg></article>",
            ["p.html: line 1: <a xlink:href='data:text/html,x'>"],
        ),
        ("<article><article></article><script></script></article>", ["p.html: line 1: <script> in <article>"]),
        (
            "<article><form action=x></form></article>",
            ["p.html: 1 <form> elements in <article>, where the templates write 0"],
        ),
        ('<script src="x.js"></script><form></form><article><p title="onclick">a</p></article>', []),
    ],
)
def test_the_audit_finds_live_content(html: str, found: list[str]) -> None:
    assert audit_page(html, "p.html") == found


@pytest.mark.parametrize(
    "html, found",
    [
        (
            (
                '<script src="../../assets/javascripts/board.js"></script>'
                '<script id="__config" type="application/json">{"x": "</scrip"}</script>'
                '<script>__md_scope=new URL("../..",location),a()</script>'
            ),
            [],
        ),
        (
            '<script src="https://evil.example/x.js"></script>',
            [("p.html: line 1: <script> not the theme's: {'src': 'https://evil.example/x.js'} ''")],
        ),
        ("<title>a</title><script>alert(1)</script>", ["p.html: line 1: <script> not the theme's: {} 'alert(1)'"]),
        (
            '<script>__md_scope=new URL("..",location),a();alert(1)</script>',
            ["p.html: line 1: <script> not the theme's: {} '__md_scope=new URL(\"..\",location),a();alert(1)'"],
        ),
    ],
)
def test_the_audit_finds_scripts_the_theme_did_not_write(html: str, found: list[str]) -> None:
    assert audit_page(html, "p.html", {"__md_scope=,a()"}) == found


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
