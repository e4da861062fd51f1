"""The search index: small JavaScript files a page loads with plain <script> tags, so search works on a web
server and from the offline copy opened from disk (file://, where fetch() and web workers are blocked).

Layout under search/ in the built site (every file calls the global `bpSearchAdd(key, data)` that search.js
defines; `key` is the file's path under search/ without `.js`):
- meta.js: the list of term shards, the stop words and the number of papers (loaded once);
- terms/<prefix>.js: the postings of every term starting with <prefix> (one shard per query word);
- facets/<kind>/<value>.js: the papers of one theme, year, board or author (loaded when that filter is on);
- docs/<n>.js: one paper's title, link, meeting, agenda item, themes and plain text (loaded for shown results),
  the text compressed (raw DEFLATE in base64, which search.js inflates with the browser's DecompressionStream):
  it is needed only for a result's snippet, and as plain JSON it made the index as large as the papers;
- manifest.json: the files a first query for a common word loads (read by the benchmark).
Only `site.papers` (published papers) are read, so nothing unpublished can reach the index.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import os
import pickle
import re
import shutil
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpapers.content.model import Paper, Site
from boardpapers.engine.sanitize import shown_text

TITLE_BOOST = 10  # a word in the title counts as ten in the text
SHARD_BYTES = 16_000  # a term shard is split by a longer prefix above this (see README for the measurements)
PAGE_SIZE = 10  # results shown (and documents loaded) at a time
INT = "I"  # postings as unsigned 32-bit numbers: half the memory of Python's default 64-bit ones
STOP_WORDS = tuple(
    sorted(
        """a about after all also an and any are as at be been but by can could did do for from
had has have he her his if in into is it its may more no not of on or our she should so such than that the their
them then there these they this those to under up was we were which who will with would you your""".split()
    )
)
WORD_RE = re.compile(r"[a-z0-9]+")
ACCENT_RE = re.compile("[\u0300-\u036f]")  # combining accents, as search.js removes them
FACET_KINDS = (("theme", "Theme"), ("year", "Year"), ("board", "Board"), ("from", "From"))
_STOP = frozenset(STOP_WORDS)
CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # in Memo's keys: new code, new term counts


def fold(text: str) -> str:
    """Lower-case `text` and drop accents, so 'Café' and 'cafe' are one word."""
    if not text.isascii():
        text = ACCENT_RE.sub("", unicodedata.normalize("NFKD", text))
    return text.lower()


@functools.cache
def stem(word: str) -> str:
    """A tiny English plural stemmer: priorities -> priority, papers -> paper (search.js does the same)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The index terms of a text: words of two or more letters or digits, minus stop words, stemmed."""
    return [stem(w) for w in WORD_RE.findall(fold(text)) if len(w) > 1 and w not in _STOP]


def term_counts(text: str) -> dict[str, int]:
    """How often each of terms(text) occurs (each distinct word is stemmed once: the index's hot loop)."""
    counts: dict[str, int] = {}
    for word, n in Counter(WORD_RE.findall(fold(text))).items():
        if len(word) > 1 and word not in _STOP:
            term = stem(word)
            counts[term] = counts.get(term, 0) + n
    return counts


# A body's words by pattern, the quick way, for a body holding no HTML and no link definition (nearly every
# paper). Each with what a text must hold for the pattern to be tried; every repeat is bounded, so that an
# unclosed mark repeated down a line stays linear.
REFERENCE_WITH_WORDS_RE = re.compile(r"\[\[[^\]\|\n]{0,300}\|([^\]\n]{0,300})\]\]")  # keep the words
REFERENCE_RE = re.compile(r"\[\[[^\]\n]{0,300}\]\]")
MARKUP = [
    ("](", re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\n]{0,300}\)"), r"\1"),  # links and images: keep the words
    ("[[", REFERENCE_WITH_WORDS_RE, r"\1"),  # cross-references: the page shows their words, or the target's
    ("[[", REFERENCE_RE, " "),
    # Marks at a line's start, found from the newline before it (a literal start is quick to look for; '^' in
    # multi-line mode was tried at every character, a fifth of indexing); plain_text puts a newline before the
    # first line. The white space after a mark is left: all of it becomes one space at the end.
    ("#", re.compile(r"\n\s{0,3}#{1,6}(?=\s)"), "\n"),  # heading marks
    ("", re.compile(r"\n\s*[-*+](?=\s)"), "\n"),  # bullet marks
    ("---", re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.M), " "),  # table rules
]
MARKS = "*_`|>"  # emphasis, code, table and quote marks: each becomes a space
# What only the page's own conversion reads as the page does: HTML (a comment, a script, an attribute, a tag over
# several lines) and link definitions (which the page never shows, used or not).
CONVERTED_RE = re.compile(r"<|\]:")


def plain_text(markdown: str) -> str:
    """A Markdown body as one line of the words its page shows, for the index and result snippets. A body with
    HTML or a link definition is read as its page converts and sanitises it (a restricted paper's file name
    in a comment or a definition nobody uses stayed in the index though the page never showed it); the others,
    by pattern (converting every body again was most of a cold build's time)."""
    if CONVERTED_RE.search(markdown):
        if "[[" in markdown:
            markdown = REFERENCE_RE.sub(" ", REFERENCE_WITH_WORDS_RE.sub(r"\1", markdown))
        return " ".join(shown_text(markdown).split())
    markdown = "\n" + markdown
    for needed, pattern, replacement in MARKUP:
        if needed in markdown:
            markdown = pattern.sub(replacement, markdown)
    for mark in MARKS:  # str.replace five times was quicker than one pattern or str.translate
        markdown = markdown.replace(mark, " ")
    return " ".join(html.unescape(markdown).split())


def paper_text(paper: Paper) -> str:
    """The words of a paper that search looks in (besides its title): summary, body, recommendations."""
    parts = [paper.summary or "", plain_text(paper.body), " ".join(paper.recommendations)]
    return " ".join(p for p in parts if p)


def meeting_label(paper: Paper) -> str:
    """The meeting as the site names it, e.g. 'Business Coordination Board, 18 September 2019'."""
    date = paper.meeting.date
    return f"{paper.meeting.board.name}, {f'{date.day} {date:%B %Y}' if date else 'date not known'}"


@functools.lru_cache(maxsize=4096)  # gaps and weights are mostly small numbers, met again and again
def base36(number: int) -> str:
    """A non-negative integer in base 36 (what JavaScript's parseInt(s, 36) reads back)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def encode(ids: array, weights: array | None = None) -> str:
    """Ascending doc ids as base-36 gaps, each with '.weight' when the weight is not 1."""
    out, previous = [], 0
    for i, doc in enumerate(ids):
        weight = weights[i] if weights is not None else 1
        out.append(base36(doc - previous) + ("" if weight == 1 else "." + base36(weight)))
        previous = doc
    return ",".join(out)


@dataclass
class Index:
    """Term postings (ascending doc ids with weights) and facet doc lists for the published papers."""

    papers: list[Paper]
    postings: dict[str, tuple[array, array]] = field(default_factory=dict)
    facets: dict[str, list[tuple[str, str, array]]] = field(default_factory=dict)  # kind -> (id, label, ids)
    encoded: dict[str, str] = field(default_factory=dict)  # term -> encode(postings), where already known

    def add(self, doc: int, counts: dict[str, int]) -> None:
        """Add a paper's term weights (paper_terms) as doc `doc`."""
        postings = self.postings
        for term, weight in counts.items():
            entry = postings.get(term)
            if entry is None:  # not setdefault(): that made two arrays for every term of every paper
                entry = postings[term] = (array(INT), array(INT))
            entry[0].append(doc)
            entry[1].append(weight)


def paper_terms(paper: Paper) -> tuple[dict[str, int], str]:
    """The paper's term weights (title words weighing TITLE_BOOST) and the text it searched."""
    counts = {term: n * TITLE_BOOST for term, n in term_counts(paper.title).items()}
    text = paper_text(paper)
    for term, n in term_counts(text).items():
        counts[term] = counts.get(term, 0) + n
    return counts, text


def squash(counts: dict[str, int]) -> str:
    """Term weights as one string, 'term weight term weight ...' (terms have no spaces): a tenth of a dict's
    memory, which at 10,000 papers kept in the memo was what mattered."""
    return " ".join(f"{term} {n}" for term, n in counts.items())


def unsquash(text: str) -> dict[str, int]:
    """The term weights `squash` made."""
    parts = text.split(" ") if text else []
    return dict(zip(parts[::2], map(int, parts[1::2]), strict=False))  # a cut-off memo: the pairs it has


class Memo:
    """Each paper's term weights and packed text from the last build, keyed by a digest of what they are made
    from (title, summary, body, recommendations), and that build's postings: a rebuild reads again only the
    papers that changed and, when no paper moved, redoes only the postings of their terms. Kept in two files
    in the build cache; without a folder it keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.old: dict[str, tuple[str, str]] = self.load("papers.pickle") or {}  # key -> (squashed, packed)
        self.new: dict[str, tuple[str, str]] = {}
        self.keys: list[str] = []  # this build's papers' keys, in doc order

    def load(self, name: str) -> Any:
        """A pickled file of the memo, or None if there is none or it was written by other code."""
        path = self.folder / name if self.folder else None
        try:
            if not path or not path.exists():
                return None
            with path.open("rb") as file:  # read as it is unpickled: no second copy of the file in memory
                code, value = pickle.load(file)
        except Exception:  # noqa: BLE001 (a damaged cache is only a slower build)
            return None
        return value if code == CODE else None

    def terms(self, paper: Paper) -> tuple[str, str, dict[str, int] | None]:
        """(key, packed text, term weights if just counted, else None: see counts); papers in doc order."""
        key = hashlib.sha256(
            "\0".join([CODE, paper.title, paper.summary or "", paper.body, *paper.recommendations]).encode(
                "utf-8", "surrogatepass"
            )
        ).hexdigest()
        found = self.old.get(key) or self.new.get(key)
        counts = None
        if found is None:
            counts, text = paper_terms(paper)
            found = (squash(counts), pack(text))
        self.new[key] = found
        self.keys.append(key)
        return key, found[1], counts

    def counts(self, key: str) -> dict[str, int]:
        """The term weights of a paper of this build or the last, by key."""
        return unsquash((self.new.get(key) or self.old[key])[0])

    def last_postings(self, docs: int) -> tuple[list[str], dict[str, tuple[array, array]], dict[str, str]] | None:
        """The last build's (keys, postings, encoded postings) if it had `docs` papers too, else None."""
        last = self.load("index.pickle")
        return last if last and len(last[0]) == docs else None

    def update(
        self,
        last: tuple[list[str], dict[str, tuple[array, array]], dict[str, str]],
    ) -> tuple[dict[str, tuple[array, array]], dict[str, str]] | None:
        """The last build's postings brought up to date for the papers whose key changed (same doc ids), with
        the encoded postings of the terms left as they were; None if a changed paper's old weights are gone."""
        keys, postings, encoded = last
        changed = [d for d, (was, now) in enumerate(zip(keys, self.keys, strict=False)) if was != now]
        if any(keys[d] not in self.old for d in changed):
            return None
        before = {d: self.counts(keys[d]) for d in changed}
        after = {d: self.counts(self.keys[d]) for d in changed}
        touched = {t for d in changed for t in (*before[d], *after[d])}
        gone = set(changed)
        for term in touched:
            ids, weights = postings.pop(term, (array(INT), array(INT)))
            encoded.pop(term, None)
            entries = [(d, w) for d, w in zip(ids, weights, strict=True) if d not in gone]
            entries += [(d, after[d][term]) for d in changed if term in after[d]]
            if entries:
                entries.sort()
                postings[term] = (array(INT, [d for d, _ in entries]), array(INT, [w for _, w in entries]))
        return postings, encoded

    def save(self, index: Index, encoded: dict[str, str]) -> None:
        """Keep what this build used (only that: the files stay the size of one archive) and its postings."""
        if self.folder is None:
            return
        if self.new.keys() != self.old.keys():
            dump(self.folder / "papers.pickle", self.new)
        dump(self.folder / "index.pickle", (self.keys, index.postings, encoded))


def dump(path: Path, value: Any) -> None:
    """Write one file of the memo whole (a stopped build leaves the old file or the new, never half)."""
    tmp = path.parent / f".tmp-{os.getpid()}"
    with tmp.open("wb") as file:  # written as it is pickled: no copy of it all in memory
        pickle.dump((CODE, value), file, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def slug(text: str) -> str:
    """A file-name-safe id for a facet value, e.g. 'Chief Executive' -> 'chief-executive'."""
    return "-".join(WORD_RE.findall(fold(text))) or "value"


def facet_values(papers: list[Paper]) -> dict[str, dict[str, tuple[str, array]]]:
    """For each facet kind, value id -> (label, ascending doc ids)."""
    out: dict[str, dict[str, tuple[str, array]]] = {kind: {} for kind, _ in FACET_KINDS}
    authors: dict[str, str] = {}  # author text -> id; distinct texts never share an id
    for text in sorted({p.from_ for p in papers if p.from_}):
        base, n = slug(text), 1
        while f"{base}{'' if n == 1 else f'-{n}'}" in authors.values():
            n += 1
        authors[text] = f"{base}{'' if n == 1 else f'-{n}'}"
    for doc, paper in enumerate(papers):
        date = paper.date or paper.meeting.date
        values = [("theme", t, t) for t in paper.themes]
        values += [("board", paper.meeting.board.id, paper.meeting.board.name)]
        values += [("year", str(date.year), str(date.year))] if date else []
        values += [("from", authors[paper.from_], paper.from_)] if paper.from_ else []
        for kind, value, label in values:
            out[kind].setdefault(value, (label, array(INT)))[1].append(doc)
    return out


def build_index(site: Site, each: Callable[[int, Paper, str], None] | None = None, memo: Memo | None = None) -> Index:
    """Index every published paper; doc n is the n-th paper in the site's order (newest meeting first).
    `each(doc, paper, packed text)` is called as each paper is read, so its text need not be kept for later.
    With a memo, the index's `encoded` holds the encoded postings of terms that did not change."""
    index = Index(list(site.papers), facets=facet_lists(site))
    memo = memo or Memo(None)
    last = memo.last_postings(len(index.papers))
    for doc, paper in enumerate(index.papers):
        key, packed, counts = memo.terms(paper)
        if last is None:  # indexed as read, so no paper's weights are kept for later
            index.add(doc, counts if counts is not None else memo.counts(key))
        if each is not None:
            each(doc, paper, packed)
    updated = memo.update(last) if last is not None else None
    if updated is not None:
        index.postings, index.encoded = updated
    elif last is not None:  # the last postings could not be brought up to date: index every paper again
        for doc in range(len(index.papers)):
            index.add(doc, memo.counts(memo.keys[doc]))
    return index


def facet_order(kind: str) -> Any:
    """Sort key for a facet's values: years newest first, the rest by label."""
    if kind == "year":
        return lambda v: (-int(v[0]), v[0])
    return lambda v: (v[1].lower(), v[0])


def facet_lists(site: Site) -> dict[str, list[tuple[str, str, array]]]:
    """For each facet kind, its values in display order as (id, label, ascending doc ids)."""
    theme_names = {t.id: t.name for t in site.themes.values()}
    values = facet_values(list(site.papers))
    return {
        kind: sorted(
            (
                (v, theme_names.get(v, label) if kind == "theme" else label, ids)
                for v, (label, ids) in values[kind].items()
            ),
            key=facet_order(kind),
        )
        for kind, _ in FACET_KINDS
    }


def facets(site: Site) -> list[dict[str, Any]]:
    """The filters the search page offers: each kind with its values, labels and paper counts."""
    lists = facet_lists(site)
    return [
        {
            "kind": kind,
            "name": name,
            "options": [{"id": v, "label": label, "count": len(ids)} for v, label, ids in lists[kind]],
        }
        for kind, name in FACET_KINDS
        if lists[kind]
    ]


def shards(entries: list[tuple[str, str]], prefix: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    """Group sorted (term, postings) into shards named by a common prefix, splitting any over SHARD_BYTES.

    A shard named P holds every term starting with P, unless P was split: then it holds only the term P
    itself, and P+c shards hold the rest. A term is looked up in the shard with its longest listed prefix.
    """
    size = sum(len(t) + len(p) + 6 for t, p in entries)
    if prefix and (size <= SHARD_BYTES or all(t == prefix for t, _ in entries)):
        return [(prefix, entries)]
    out = [(prefix, [e for e in entries if e[0] == prefix])] if prefix and entries[0][0] == prefix else []
    groups: dict[str, list[tuple[str, str]]] = {}
    for term, postings in entries:
        if term != prefix:
            groups.setdefault(term[len(prefix)], []).append((term, postings))
    for char in sorted(groups):
        out.extend(shards(groups[char], prefix + char))
    return out


def script(key: str, data: Any) -> str:
    """One index file: a call registering `data` under `key` (ASCII only, so no charset can garble it)."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    # <, > and & as \u escapes too: the same strings, and no '</script>' or markup in any index file.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"bpSearchAdd({json.dumps(key)},{text});\n"


def pack(text: str) -> str:
    """`text` as raw DEFLATE (zlib's best level, so the same bytes every build) in base64."""
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    return base64.b64encode(squeezer.compress(text.encode("utf-8")) + squeezer.flush()).decode("ascii")


def unpack(packed: str) -> str:
    """The text `pack` packed (what search.js does in the browser)."""
    return zlib.decompress(base64.b64decode(packed), -15).decode("utf-8")


def doc_record(paper: Paper, packed: str, theme_names: dict[str, str]) -> dict[str, Any]:
    """What a result shows: title, link, meeting, agenda item, themes, and the packed text for its snippet."""
    return {
        "t": paper.title,
        "u": paper.url,
        "m": meeting_label(paper),
        "i": paper.agenda_item,
        "h": [theme_names.get(t, t) for t in paper.themes],
        "z": packed,
    }


class Writer:
    """Write the index files of one site into `out/search/`; with a cache folder, unchanged files are linked
    from it rather than written (making a file was most of a rebuild's index time on a slow disk)."""

    def __init__(self, site: Site, out: Path, cache: Path | None = None) -> None:
        self.site = site
        self.root = out
        self.cache = cache
        self.shard_of: dict[str, str] = {}
        self.index = Index([])
        self.used: set[str] = set()  # the cache's files this build links
        self.cached: set[str] = set()  # the files in the cache
        self.made: set[str] = set()  # folders made

    def put(self, key: str, data: Any) -> None:
        """Write search/<key>.js (plain strings and a set of made folders: pathlib's cost showed, file by file)."""
        folder = os.path.join(self.root, "search", os.path.dirname(key))
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        path = os.path.join(self.root, "search", f"{key}.js")
        text = script(key, data)
        if self.cache is None:
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
            return
        name = hashlib.sha256(text.encode("ascii")).hexdigest() + ".js"
        cached = os.path.join(self.cache, "files", name)
        self.used.add(name)
        if name in self.cached:
            try:
                os.link(cached, path)  # cached files are never changed in place
                return
            except OSError:  # another file system, or links not allowed
                shutil.copyfile(cached, path)
                return
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        try:
            os.link(path, cached)  # named in the cache once whole: a stopped build leaves no half file there
        except FileExistsError:  # the same text twice in one build
            pass
        except OSError:  # another file system, or links not allowed: copied whole, then named
            tmp = os.path.join(self.cache, "files", f".tmp-{os.getpid()}")
            shutil.copyfile(path, tmp)
            os.replace(tmp, cached)
        self.cached.add(name)

    def write(self) -> None:
        """Every index file, then the manifest."""
        theme_names = {t.id: t.name for t in self.site.themes.values()}
        memo = Memo(self.cache)
        if self.cache:
            (self.cache / "files").mkdir(parents=True, exist_ok=True)
            self.cached = set(os.listdir(self.cache / "files"))
        # Each paper's result file is written as it is indexed: the archive's text is never all in memory.
        self.index = build_index(
            self.site, lambda doc, paper, packed: self.put(f"docs/{doc}", doc_record(paper, packed, theme_names)), memo
        )
        known = self.index.encoded
        entries = [(t, known.get(t) or encode(*self.index.postings[t])) for t in sorted(self.index.postings)]
        names = []
        for name, group in shards(entries):
            self.put(f"terms/{name}", dict(group))
            names.append(name)
            self.shard_of.update((t, name) for t, _ in group)
        self.put("meta", {"docs": len(self.index.papers), "page": PAGE_SIZE, "shards": names, "stop": list(STOP_WORDS)})
        for kind, values in self.index.facets.items():
            for value, _, ids in values:
                self.put(f"facets/{kind}/{value}", encode(ids))
        self.manifest()
        if self.cache:
            memo.save(self.index, dict(entries))
            for old in (self.cache / "files").iterdir():  # the cache keeps this build's files only
                if old.name not in self.used:
                    old.unlink()

    def common_term(self) -> str | None:
        """The term in the most papers (ties: words, then alphabetical): a typical first query, at its heaviest."""
        if not self.index.postings:
            return None
        # Words before numbers: people search for 'police', not '2011'.
        return min(self.index.postings, key=lambda t: (-len(self.index.postings[t][0]), t.isdigit(), t))

    def manifest(self) -> None:
        """search/manifest.json: the files a first query for the most common word loads, for the benchmark."""
        word = self.common_term()
        files = ["assets/javascripts/search.js", "search/meta.js"]
        if word is not None:
            files.append(f"search/terms/{self.shard_of[word]}.js")
            files += [f"search/docs/{d}.js" for d in rank(self.index, [word])[:PAGE_SIZE]]
        data = {
            "first_query": files,
            "query": word,
            "papers": len(self.index.papers),
            "note": "Files a first query for `query` (the word in most papers) loads on the search page, "
            "relative to the site root; the page itself and the theme's assets are not included.",
        }
        path = self.root / "search" / "manifest.json"
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def rank(index: Index, words: list[str]) -> list[int]:
    """Doc ids holding every word, best first: summed weights, ties in site order (what search.js does)."""
    scores: dict[int, int] | None = None
    for word in words:
        ids, weights = index.postings.get(word, (array(INT), array(INT)))
        found = dict(zip(ids, weights, strict=True))
        scores = found if scores is None else {d: s + found[d] for d, s in scores.items() if d in found}
    return sorted(scores or {}, key=lambda d: (-(scores or {})[d], d))


def write(site: Site, out: Path, config: Any, cache: Path | None = None) -> None:
    """Post-processing step: write the search index of the published papers (`cache`: see Writer and Memo)."""
    Writer(site, out, cache / "search" if cache else None).write()
