"""The search index (split into small script files) and the search page, in headless Chromium over HTTP and
from disk (file://, offline)."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
import urllib.parse
from array import array
from pathlib import Path

import pytest

from boardpapers.commands import relevance, synth
from boardpapers.content.load import load_site
from boardpapers.outputs import search
from conftest import ROOT, SAMPLE_TODAY
from contentkit import make_content, make_record_content, paper, readable, write

TODAY = dt.date(2026, 11, 23)
# A word found in one sample paper only (the 23 January 2020 paper's Speedwatch scheme).
WORD = "Speedwatch"
WORD_PAPER = "content/meetings/2020-01-23/communities-theme-opcc-partnership-support.md"
TRICKY = "The Commissioner’s priorities: Café-based PAPERS, 2019/20 analyses; process status X1 ß naïve"


def registered(path: Path) -> tuple[str, object]:
    """The (key, data) an index file registers with bpSearchAdd."""
    match = re.fullmatch(r'bpSearchAdd\(("[^"]*"),(.*)\);\n', path.read_text("ascii"), re.S)
    assert match, path
    return json.loads(match.group(1)), json.loads(match.group(2))


def decode(text: str) -> dict[int, int]:
    """Read back search.encode (what search.js's decode does)."""
    out, doc = {}, 0
    for part in text.split(",") if text else []:
        gap, _, weight = part.partition(".")
        doc += int(gap, 36)
        out[doc] = int(weight, 36) if weight else 1
    return out


def test_terms_fold_split_drop_stop_words_and_stem() -> None:
    assert search.terms(TRICKY) == [
        "commission",
        "prioriti",
        "cafe",
        "base",
        "paper",
        "2019",
        "20",
        "analys",
        "process",
        "statu",
        "x1",
        "naiv",
    ]


def test_postings_round_trip() -> None:
    ids, weights = array("l", [0, 3, 40, 41, 1000]), array("l", [1, 12, 1, 36, 2])
    assert decode(search.encode(ids, weights)) == dict(zip(ids, weights, strict=True))
    assert search.encode(ids, weights) == "0,3.c,11,1.10,qn.2"


def test_every_term_is_found_in_the_shard_its_longest_prefix_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_BYTES", 40)
    words = ["co", "coa", "con", "constabulary", "constable", "consult", "cost", "b", "police", "zz"]
    entries = [(w, "1," * (len(w) + 5)) for w in sorted(words)]
    shards = search.shards(entries)
    names = {name for name, _ in shards}
    assert len(shards) > 3 and all(len(name) >= 1 for name in names)
    for word in words:
        shard = next(word[:n] for n in range(len(word), 0, -1) if word[:n] in names)
        assert word in dict(dict(shards)[shard]), (word, shard)
    assert sum(len(group) for _, group in shards) == len(words)


def built_index(out: Path) -> dict[str, object]:
    """Every file of a built search index, by key."""
    return dict(registered(p) for p in sorted((out / "search").rglob("*.js")))


def test_index_files_answer_a_query_as_rank_does(sample_site: Path) -> None:
    files = built_index(sample_site)
    meta = files["meta"]
    site = load_site(ROOT / "content", SAMPLE_TODAY)
    index = search.build_index(site)
    kinds = [d.record["k"] for d in index.docs]
    assert meta["docs"] == len(index.docs) and meta["stop"] == list(search.STOP_WORDS)
    # The sample has no decisions; its one matter is the Southern Police Station project.
    assert kinds == (
        ["paper"] * len(site.papers) + ["meeting"] * 3 + ["action"] * len(site.actions) + ["matter"] + ["theme"] * 4
    )
    for word in ("partnership", "speedwatch", "board"):
        shard = next(word[:n] for n in range(len(word), 0, -1) if word[:n] in meta["shards"])
        postings = decode(files[f"terms/{shard}"][word])
        factor = search.idf(len(index.docs), len(postings))
        assert sorted(postings, key=lambda d: (-round(postings[d] * factor, 6), d)) == search.rank(index, [word])
    (doc,) = [d for d in range(len(site.papers)) if site.papers[d].source == WORD_PAPER]
    record = files[f"docs/{doc}"]
    assert (record["u"], record["m"], record["i"]) == (
        site.papers[doc].url,
        "Business Coordination Board, 23 January 2020",
        None,
    )
    assert WORD in search.unpack(record["z"]) and WORD not in json.dumps(record)  # packed


def test_title_words_rank_first(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/2.0-a.md", paper("Estates report", "2.0", "Custody custody custody."))
    write(content, "meetings/2019-09-18/3.0-b.md", paper("Custody suite", "3.0", "Estates."))
    index = search.build_index(load_site(content, TODAY))

    def titles(words: list[str]) -> list[str]:
        docs = [index.docs[d].record for d in search.rank(index, words)]
        return [d["t"] for d in docs if d["k"] == "paper"]  # (the meeting's agenda names both papers too)

    assert titles(["custodi"]) == ["Custody suite", "Estates report"]
    # In the title (8) and three times in the text beats in the title and once in the text.
    assert titles(["custodi", "estat"]) == ["Estates report", "Custody suite"]
    # Documents with some of the words are found too, after those with all of them.
    assert titles(["custodi", "nowher"]) == ["Custody suite", "Estates report"]
    assert titles(["suit", "estat"])[0] in ("Custody suite", "Estates report") and len(titles(["suit", "estat"])) == 2


def test_facets_count_public_records_by_type_theme_year_board_and_author(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/2.0-a.md", paper("A", "2.0", "x", themes="[victims, communities]"))
    write(content, "meetings/2019-09-18/3.0-b.md", paper("B", "3.0", "x", status="draft", themes="[victims]"))
    facets = {
        f["kind"]: [(o["id"], o["label"], o["count"]) for o in f["options"]]
        for f in search.facets(load_site(content, TODAY))
    }
    assert facets == {
        "type": [("paper", "Papers", 2), ("meeting", "Meetings", 1), ("action", "Actions", 1), ("theme", "Themes", 3)],
        "theme": [
            ("communities", "Communities", 2),
            ("transformation", "Transformation", 2),
            ("victims", "Victims", 2),
        ],
        "year": [("2019", "2019", 4)],  # two papers, their meeting and an action raised in 2019
        "board": [("bcb", "Business Coordination Board", 3)],
        "from": [("chief-constable", "Chief Constable", 1), ("chief-executive", "Chief Executive", 1)],
    }


def first(index: search.Index, query: str) -> dict[str, object]:
    """The record of the best result for `query` (as rank orders them)."""
    return index.docs[search.rank(index, search.terms(query))[0]].record


def test_the_public_record_is_indexed_each_result_saying_what_it_is_and_linking_to_its_place(tmp_path: Path) -> None:
    index = search.build_index(load_site(make_record_content(tmp_path), TODAY))
    notice = {
        "k": "notice",
        "t": "Southern Police Station contract award",
        "u": "decisions/2019-014-contract-award/",
        "m": "Decision notice 2019-014, 5 November 2019",
        "i": None,
        "h": ["Southern Police Station project"],
    }
    # Its title, number, decision, reasons, financial implications and body.
    for query in ("contract award", "2019-014", "approves construction", "tender ranked", "capital budget"):
        assert first(index, query) == notice, query
    assert first(index, "evaluation summarised") == notice
    decision = first(index, "written report")
    assert decision == {
        "k": "decision",
        "t": "Decision on item 13: JPS Training",
        "u": "meetings/2019-09-18/#item-13",
        "m": "Deferred at Business Coordination Board, 18 September 2019",
        "i": "13",
        "h": [],
    }
    # The paper is the better answer to its own title's words (and it recommends noting); its decision follows.
    top = [index.docs[d].record for d in search.rank(index, search.terms("noted project update"))[:2]]
    assert [(r["k"], r["u"], r["h"]) for r in top] == [
        ("paper", "meetings/2019-09-18/9.0-southern-police-station/", ["Transformation"]),
        ("decision", "meetings/2019-09-18/#item-9-0", notice["h"]),
    ]
    assert first(index, "county south") == {
        "k": "matter",
        "t": "Southern Police Station project",
        "u": "matters/southern-police-station/",
        "m": "Matter",
        "i": None,
        "h": [],
    }
    # The meeting's attendance (names and roles), declarations and minutes are its own result's.
    for query in ("kim fixture", "jo placeholder apologies", "relative works contractor", "welcomed everyone"):
        assert (first(index, query)["k"], first(index, query)["u"]) == ("meeting", "meetings/2019-09-18/"), query
    assert first(index, "draft minutes october")["u"] == "meetings/2019-10-30/"
    kinds = [d.record["k"] for d in index.docs]
    assert (
        kinds == ["paper", "meeting", "meeting", "notice", "decision", "decision", "action", "matter"] + ["theme"] * 3
    )
    assert {search.KIND_NAMES[k] for k in kinds} == {
        "Paper",
        "Meeting",
        "Decision notice",
        "Decision",
        "Action",
        "Matter",
        "Theme",
    }


def test_the_snippet_text_of_the_public_record(tmp_path: Path) -> None:
    index = search.build_index(load_site(make_record_content(tmp_path), TODAY))
    texts = {d.record["u"]: search.doc_terms(d)[1] for d in index.docs}
    assert texts["decisions/2019-014-contract-award/"] == (
        "Decision: The Commissioner approves the award of the construction contract. Reasons: The tender "
        "evaluation ranked the contractor first. Financial implications: Within the approved capital budget. "
        "The full evaluation is summarised here."
    )
    assert texts["meetings/2019-09-18/#item-9-0"] == (
        "Noted: The Board noted the project update. Item 9.0: Southern Police Station – Project Update."
    )
    meeting = texts["meetings/2019-09-18/"]
    assert (
        "Present: Alex Example, Police and Crime Commissioner; Sam Sample, Chief Constable. Apologies: Jo "
        "Placeholder, Chief Executive. In attendance: Kim Fixture. Declarations of interest: Sam Sample, item "
        "9.0: A relative works for the contractor. Minutes: The Commissioner welcomed everyone to the meeting."
    ) in meeting
    assert "noted the project update" not in meeting  # the decision is a result of its own
    assert texts["meetings/2019-10-30/"] == "Draft minutes: Draft minutes of the October meeting."


def test_the_type_filter_counts_the_new_kinds(tmp_path: Path) -> None:
    facets = {f["kind"]: f["options"] for f in search.facets(load_site(make_record_content(tmp_path), TODAY))}
    assert [(o["id"], o["label"], o["count"]) for o in facets["type"]] == [
        ("paper", "Papers", 1),
        ("meeting", "Meetings", 2),
        ("notice", "Decision notices", 1),
        ("decision", "Decisions", 2),
        ("action", "Actions", 1),
        ("matter", "Matters", 1),
        ("theme", "Themes", 3),
    ]
    # Decisions count in their meeting's year and board; a notice in its own year.
    assert [(o["id"], o["count"]) for o in facets["year"]] == [("2019", 7)]
    assert [(o["id"], o["count"]) for o in facets["board"]] == [("bcb", 5)]


def test_the_browser_names_every_kind_as_the_index_does() -> None:
    code = (ROOT / "theme/overrides/assets/javascripts/search.js").read_text("utf-8")
    block = re.search(r"var KIND = \{(.*?)\};", code, re.S)
    assert block is not None
    assert dict(re.findall(r'(\w+): "([^"]+)"', block.group(1))) == search.KIND_NAMES
    assert [k for k, _ in search.KINDS] == list(search.KIND_NAMES)


UNPUBLISHED_NOTICE = """\
---
number: "CANARY-7"
date: 2019-11-06
title: CANARY title
decision: CANARY decision
reasons: CANARY reasons
financial_implications: CANARY money
matters: [southern-police-station]
classification: official-sensitive
status: published
public_summary: The Commissioner agreed a property sale.
---

CANARY body.
"""


def test_a_notice_not_published_is_found_by_its_public_summary_only(tmp_path: Path) -> None:
    content = make_record_content(tmp_path)
    write(content, "decisions/canary-notice.md", UNPUBLISHED_NOTICE)
    write(
        content,
        "decisions/canarysecret-notice.md",
        UNPUBLISHED_NOTICE.replace("public_summary", "# public").replace("CANARY-7", "CANARY-8"),
    )
    site = load_site(content, TODAY)
    index = search.build_index(site)
    assert first(index, "property sale") == {
        "k": "decision",
        "t": "Decision notice of 6 November 2019 (not published)",
        "u": "decisions/",  # it has no page of its own
        "m": "Decisions register: its public summary",
        "i": None,
        "h": [],
    }
    assert [d.record["k"] for d in index.docs].count("decision") == 3  # the two of the minutes and the summary
    out = tmp_path / "out"
    search.write(site, out, None)
    files = {p.relative_to(out).as_posix(): readable(p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    assert [name for name, data in files.items() if b"canary" in data.lower()] == []
    assert any(b"property sale" in data for data in files.values())


def test_a_rebuild_reads_a_meeting_again_when_only_its_attendance_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, cache = make_record_content(tmp_path), tmp_path / "cache"
    search.write(load_site(content, TODAY), tmp_path / "first", None, cache)
    meeting = content / "meetings/2019-09-18/meeting.md"
    meeting.write_text(meeting.read_text("utf-8").replace("Kim Fixture", "Lee Newname"), encoding="utf-8")
    read: list[str] = []
    counted = search.doc_terms
    monkeypatch.setattr(search, "doc_terms", lambda d: (read.append(d.record["u"]), counted(d))[1])
    site = load_site(content, TODAY)
    search.write(site, tmp_path / "again", None, cache)
    assert read == ["meetings/2019-09-18/"]
    assert first(search.build_index(site), "lee newname")["u"] == "meetings/2019-09-18/"


def test_every_query_of_the_relevance_set_names_pages_the_sample_site_has(sample_site: Path) -> None:
    pages, queries = relevance.read_queries(relevance.QUERIES)
    assert [q["q"] for q in queries if not set(q["answers"]) <= set(pages)] == []
    assert [a["sample"] for a in pages.values() if "sample" in a and not (sample_site / a["sample"]).is_dir()] == []


def test_unpublished_papers_are_not_indexed(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    write(content, "meetings/2019-09-18/2.0-a.md", paper("CANARYDRAFT", "2.0", "CANARYDRAFT", status="draft"))
    write(content, "meetings/2019-09-18/3.0-b.md", paper("CANARYEXEMPT", "3.0", "x", classification="exempt"))
    write(content, "meetings/2019-09-18/4.0-c.md", paper("CANARYLATER", "4.0", "x", publish_on="2099-01-01"))
    out = tmp_path / "out"
    search.write(load_site(content, TODAY), out, None)
    text = "".join(p.read_text("ascii") for p in (out / "search").rglob("*") if p.is_file()).lower()
    assert "canary" not in text and "southern" in text


def test_two_writes_are_byte_identical(tmp_path: Path) -> None:
    site = load_site(ROOT / "content", SAMPLE_TODAY)
    for name in ("one", "two"):
        search.write(site, tmp_path / name, None)
    files = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    assert files == {
        p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()
    }


def test_a_write_with_a_cache_reads_again_only_changed_papers_and_writes_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = make_content(tmp_path)
    for n in range(5):
        write(content, f"meetings/2019-09-18/{n + 2}.0-p.md", paper(f"Paper {n}", f"{n + 2}.0", f"Words {n}."))
    cache = tmp_path / "cache"
    search.write(load_site(content, TODAY), tmp_path / "first", None, cache)
    write(content, "meetings/2019-09-18/4.0-p.md", paper("Paper two", "4.0", "Other words."))
    read: list[str] = []
    counted = search.doc_terms
    monkeypatch.setattr(search, "doc_terms", lambda d: (read.append(d.record["t"]), counted(d))[1])
    site = load_site(content, TODAY)
    search.write(site, tmp_path / "again", None, cache)
    assert read == ["Paper two", "Business Coordination Board, 18 September 2019"]  # its meeting's agenda too
    search.write(site, tmp_path / "cold", None)

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    assert files(tmp_path / "again") == files(tmp_path / "cold")
    assert '"other":' in files(tmp_path / "again")["search/terms/o.js"].decode("ascii")  # the new word
    assert (tmp_path / "again/search/meta.js").stat().st_nlink == 1  # a file of its own, never a link to the cache


def test_a_memo_written_by_other_code_or_damaged_is_not_used(tmp_path: Path) -> None:
    content, cache = make_content(tmp_path), tmp_path / "cache"
    site = load_site(content, TODAY)
    search.write(site, tmp_path / "cold", None)
    (cache / "search").mkdir(parents=True)
    (cache / "search/docs.pickle").write_bytes(pickle.dumps(("older code", {"k": ({"word": 1}, "")})))
    (cache / "search/index.pickle").write_bytes(b"damaged")
    search.write(site, tmp_path / "warm", None, cache)
    cold, warm = (
        sorted((p.relative_to(d), p.read_bytes()) for p in d.rglob("*") if p.is_file())
        for d in (tmp_path / "cold", tmp_path / "warm")
    )
    assert cold == warm


def test_manifest_names_the_files_of_a_first_query(sample_site: Path) -> None:
    manifest = json.loads((sample_site / "search/manifest.json").read_text("utf-8"))
    files = manifest["first_query"]
    assert files[:4] == [
        "assets/javascripts/search.js",
        "assets/javascripts/stemmer.js",
        "search/meta.js",
        "search/facets.js",
    ]
    assert all((sample_site / f).is_file() for f in files)
    shard = files[4].removeprefix("search/terms/").removesuffix(".js")
    assert manifest["query"].startswith(shard) and manifest["query"] in built_index(sample_site)[f"terms/{shard}"]
    assert 0 < len([f for f in files if f.startswith("search/docs/")]) <= search.PAGE_SIZE


def test_a_first_query_loads_a_small_part_of_a_1000_paper_index(tmp_path: Path) -> None:
    archive = synth.generate(tmp_path / "content", 1000)
    out = tmp_path / "out"
    search.write(load_site(archive.content, synth.TODAY), out, None)
    total = sum(p.stat().st_size for p in (out / "search").rglob("*") if p.is_file())
    manifest = json.loads((out / "search/manifest.json").read_text("utf-8"))
    first = sum((out / f).stat().st_size for f in manifest["first_query"] if f.startswith("search/"))
    assert first < 300_000 and first * 20 < total, (first, total)


def test_a_very_long_word_is_not_indexed_and_the_index_is_written(tmp_path: Path) -> None:
    """An unbroken run of 16,000 letters passed check but failed the build (the prefix shards nested as deep):
    a word longer than LONGEST_WORD is not indexed; one of that length is."""
    content = make_content(tmp_path)
    longest, longer = "q" * search.LONGEST_WORD, "z" * 16_000
    write(content, "meetings/2019-09-18/2.0-long.md", paper("Long words", "2.0", f"{longest} and {longer}."))
    out = tmp_path / "out"
    search.write(load_site(content, SAMPLE_TODAY), out, None)
    assert "zzzz" not in "".join(p.read_text("utf-8") for p in (out / "search").rglob("*.js") if "terms" in p.parts)
    assert search.terms(f"{longest} {longer}") == [search.stem(longest)]
    js = (ROOT / "theme/overrides/assets/javascripts/search.js").read_text("utf-8")
    assert f"var LONGEST = {search.LONGEST_WORD};" in js  # the browser searches the same words


# --- in the browser -------------------------------------------------------------------------------------------


def results(page: object) -> list[dict[str, str]]:
    """The shown results: title, link, kind, details, item, themes and snippet HTML of each."""
    page.wait_for_function(
        "document.getElementById('bp-search-status').textContent.includes('found')"  # type: ignore[attr-defined]
        " || document.getElementById('bp-search-status').textContent.startsWith('No ')"
    )
    page.wait_for_function(
        "(() => { const m = document.getElementById('bp-search-status').textContent.match(/(\\d+) results? found/);"  # type: ignore[attr-defined]
        " const n = m ? Math.min(+m[1], 10) : 0;"
        " return document.querySelectorAll('.bp-result').length === n; })()"
    )
    return page.eval_on_selector_all(
        ".bp-result",
        """items => items.map(li => ({
        title: li.querySelector('.bp-result-title a').textContent,
        href: li.querySelector('.bp-result-title a').getAttribute('href'),
        meeting: li.querySelector('.bp-result-meeting').textContent,
        kind: li.querySelector('.bp-result-kind').textContent,
        item: (li.querySelector('.bp-result-item') || {textContent: ''}).textContent,
        themes: (li.querySelector('.bp-result-themes') || {textContent: ''}).textContent,
        snippet: (li.querySelector('.bp-result-snippet') || {innerHTML: ''}).innerHTML}))""",
    )  # type: ignore[attr-defined]


def status(page: object) -> str:
    """The status line read out after a search."""
    return page.text_content("#bp-search-status")  # type: ignore[attr-defined]


def test_the_word_is_in_one_sample_paper_only() -> None:
    site = load_site(ROOT / "content", SAMPLE_TODAY)
    holding = [p.source for p in site.papers if WORD.lower() in search.paper_text(p).lower()]
    assert holding == [WORD_PAPER]


def test_typing_a_word_finds_its_paper_first_with_meeting_and_item(page: object, site_url: str) -> None:
    page.goto(site_url + "search/")  # type: ignore[attr-defined]
    page.fill("#bp-search-q", WORD.lower())  # type: ignore[attr-defined]
    page.press("#bp-search-q", "Enter")  # type: ignore[attr-defined]
    first = results(page)[0]
    assert (
        first["title"] == "POLICE & CRIME PLAN – COMMUNITIES THEME - OPCC WORK TO DELIVER BROADER PARTNERSHIP SUPPORT"
    )
    assert (first["meeting"], first["item"], first["themes"]) == (
        "Business Coordination Board, 23 January 2020",
        "Agenda item not stated",
        "Communities",
    )
    assert f"<mark>{WORD}</mark>" in first["snippet"]
    assert first["href"].endswith("/meetings/2020-01-23/communities-theme-opcc-partnership-support/")
    assert status(page) == f"1 result found for “{WORD.lower()}”."
    assert "q=speedwatch" in page.url  # type: ignore[attr-defined]


def test_a_result_shows_its_agenda_item(page: object, site_url: str) -> None:
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote("transformation theme opcc"))  # type: ignore[attr-defined]
    first = results(page)[0]
    assert (first["meeting"], first["item"]) == ("Business Coordination Board, 18 September 2019", "Agenda item 5.0")
    assert "<mark>" in first["snippet"]


def test_filtering_by_theme_narrows_the_results(page: object, site_url: str) -> None:
    site = load_site(ROOT / "content", SAMPLE_TODAY)
    index = search.build_index(site)
    expected = search.rank(index, search.terms("partnership"))
    page.goto(site_url + "search/index.html?q=partnership")  # type: ignore[attr-defined]
    shown = results(page)
    assert status(page).startswith(f"{len(expected)} results found")
    assert [r["title"] for r in shown] == [index.docs[d].record["t"] for d in expected][: search.PAGE_SIZE]
    page.check("#bp-theme-communities")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('bp-search-status').textContent.includes('filters')")  # type: ignore[attr-defined]
    narrowed = results(page)
    communities = [index.docs[d].record["t"] for d in expected if "communities" in index.docs[d].facets["theme"]]
    assert [r["title"] for r in narrowed] == communities and 0 < len(communities) < len(expected)
    assert all("Communities" in r["themes"] or r["title"] == "Communities" for r in narrowed)
    assert "theme=communities" in page.url  # type: ignore[attr-defined]


def test_the_header_form_opens_the_search_page(page: object, site_url: str) -> None:
    page.goto(site_url + "themes/")  # type: ignore[attr-defined]
    page.fill("#bp-header-q", WORD)  # type: ignore[attr-defined]
    page.press("#bp-header-q", "Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**/search/index.html?q=*")  # type: ignore[attr-defined]
    assert results(page)[0]["meeting"] == "Business Coordination Board, 23 January 2020"
    assert page.input_value("#bp-search-q") == WORD  # type: ignore[attr-defined]


def test_the_home_page_form_opens_the_search_page(page: object, site_url: str) -> None:
    page.goto(site_url)  # type: ignore[attr-defined]
    page.fill("#bp-home-search", WORD)  # type: ignore[attr-defined]
    page.click("article form[role=search] button")  # type: ignore[attr-defined]
    page.wait_for_url("**/search/index.html?q=*")  # type: ignore[attr-defined]
    assert results(page)[0]["meeting"] == "Business Coordination Board, 23 January 2020"


def test_browser_tokeniser_matches_python(page: object, site_url: str) -> None:
    page.goto(site_url + "search/")  # type: ignore[attr-defined]
    got = page.evaluate(
        "([text, stop]) => bpSearch.terms(text, new Set(stop))",  # type: ignore[attr-defined]
        [TRICKY, list(search.STOP_WORDS)],
    )
    assert got == search.terms(TRICKY)


def test_search_works_from_disk_offline(browser: object, sample_site: Path) -> None:
    context = browser.new_context(offline=True)  # type: ignore[attr-defined]
    requests: list[tuple[str, str]] = []
    context.on("request", lambda request: requests.append((request.url, request.resource_type)))
    try:
        page = context.new_page()
        page.goto((sample_site / "search" / "index.html").as_uri() + "?q=" + WORD)
        first = results(page)[0]
        assert first["meeting"] == "Business Coordination Board, 23 January 2020"
        assert f"<mark>{WORD}</mark>" in first["snippet"]
        assert first["href"].endswith("communities-theme-opcc-partnership-support/index.html")  # a file, not a folder
        page.check("#bp-theme-transformation")
        page.wait_for_function("document.getElementById('bp-search-status').textContent.startsWith('Nothing')")
        assert status(page) == f"Nothing found for “{WORD}” with the chosen filters."
        index = [(url, kind) for url, kind in requests if "/search/" in url and kind != "document"]
        assert [url for url, _ in requests if not url.startswith("file://")] == []
        assert {kind for _, kind in index} == {"script"}  # plain <script> tags: no fetch, no worker
        assert any(url.endswith("/search/meta.js") for url, _ in index)
        assert len([url for url, _ in index if "/search/docs/" in url]) == 1
    finally:
        context.close()


def test_plain_text_keeps_the_words_and_drops_the_marks() -> None:
    body = (
        "# Title\n\n## 2. Budget &amp; plan\n\n- first *point*\n-\n- third_point\n  + nested `code`\n\n"
        "| a | b |\n|---|:---:|\n| 1 | 2 |\n\n> quoted [link text](https://x.org) and [[2019-09-18#5.1|the report]]"
        " and [[2019-09-18]]\n\n####### not a heading\n#hashtag stays\n"
    )
    assert search.plain_text(body) == (
        "Title 2. Budget & plan first point third point nested code a b 1 2 quoted "
        "link text and the report and ####### not a heading #hashtag stays"
    )


def test_the_index_holds_no_word_the_page_does_not_show() -> None:
    """Text the page drops (comments, scripts, link definitions nobody uses, attributes) is not indexed: a
    restricted paper's file name written there stayed in the index though the page never showed it."""
    hidden = [
        "Intro.\n\n[unused]: 5.1-zebra-file.md\n",
        "Intro [x][R R] end.\n\n[r  r]: 5.1-zebra-file.md\n",
        "> [u]: 5.1-zebra-file.md\n",
        "Intro.\n\n<!--\nsee 5.1-zebra-file.md\n-->\n",
        "Intro <!-- see\n5.1-zebra-file.md --> end.\n",
        '<img alt="x"\nsrcset="5.1-zebra-file.md 1x">\n',
        "<script>\nvar s = '5.1-zebra-file.md';\n</script>\n",
        "<style>p{content:'zebra'}</style>",
    ]
    assert [text for text in hidden if "zebra" in search.plain_text(text)] == []
