"""Atom feeds of new papers: all papers (feeds/papers.xml), one per theme and one per board.

Entries are dated by the paper's date, or its meeting's date when the paper states none; a paper with
neither is left out (a date is never invented). Ids are `urn:uuid:`s derived from the organisation and the
paper's permalink path, so they stay the same when the site moves to another address. Links are absolute
when mkdocs.yml sets `site_url`, otherwise relative to the feed file (feed readers resolve them against
the feed's own address).

Any text may come from content, and the feeds must be well-formed XML whatever the content check lets
through: characters XML 1.0 forbids (C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF) are
removed, with DEL and the C1 controls (discouraged by XML 1.0, and meaningless in a title); the rest is
escaped, CR included (a parser would read a raw CR as LF).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import uuid
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from boardpapers.content import record
from boardpapers.content.model import Matter, Paper, Site

FEED_LIMIT = 50  # newest entries per feed; data/papers.json lists every paper
ATOM = "http://www.w3.org/2005/Atom"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Element text: characters XML may not hold removed, the rest escaped."""
    return escape(NOT_XML.sub("", value), {"\r": "&#13;"})


def xml_attr(value: str) -> str:
    """A quoted attribute value: characters XML may not hold removed, the rest escaped (tab, LF, CR too)."""
    return quoteattr(NOT_XML.sub("", value))


def site_url(config: Any) -> str | None:
    """mkdocs.yml's site_url with a trailing slash, or None when it is not set."""
    url = (config.get("site_url") if config is not None else None) or ""
    return (url if url.endswith("/") else url + "/") if url else None


def stable_id(site: Site, path: str) -> str:
    """A permanent id for a site path: the same for the same organisation and path, wherever the site is."""
    name = f"board-papers:{site.organisation.get('name', '')}:{path}"
    # as UTF-8 (what uuid5 hashes), a lone surrogate as "?": the same id as before for any other text
    name = name.encode("utf-8", "replace").decode("utf-8")
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def href(base: str | None, here: str, target: str) -> str:
    """Link from the file at site path `here` to site path `target`: absolute with a site_url, else relative."""
    if base is not None:
        return base + target
    folder = posixpath.dirname(here) or "."
    out = posixpath.relpath(target or ".", folder)
    return out + "/" if (target == "" or target.endswith("/")) and out != "." else out


def entry_date(paper: Paper) -> dt.date | None:
    """The date a paper is listed under: its own, else its meeting's, else none."""
    return paper.date or paper.meeting.date


def timestamp(date: dt.date) -> str:
    """An Atom date-time for a day known only by its date: midnight UTC, which is the same day in London
    (00:00 or 01:00) and in readers that show dates in UTC; midnight in London would be the day before in UTC."""
    return f"{date.isoformat()}T00:00:00Z"


def meeting_line(paper: Paper) -> str:
    """'Business Coordination Board, 18 September 2019, agenda item 5.0.'"""
    date = paper.meeting.date
    when = f"{date.day} {date:%B %Y}" if date else "date not known"
    item = f", agenda item {paper.agenda_item}" if paper.agenda_item else ""
    return f"{paper.meeting.board.name}, {when}{item}."


def updated(paper: Paper, date: dt.date) -> dt.date:
    """When an entry listed under `date` last changed: when the paper was first published on this site (from
    git history, when known), or its latest public correction, whichever is later."""
    return max(date, paper.first_published or date, paper.last_changed or date)


def entry(site: Site, paper: Paper, date: dt.date, base: str | None, here: str) -> str:
    """One <entry>, listed under `date` (its entry_date); a correction updates it, with a dated note."""
    stamp = timestamp(date)
    lines = [
        "  <entry>",
        f"    <id>{stable_id(site, paper.url)}</id>",
        f"    <title>{xml_text(paper.title)}</title>",
        f'    <link rel="alternate" type="text/html" href={xml_attr(href(base, here, paper.url))}/>',
        f"    <published>{stamp}</published>",
        f"    <updated>{timestamp(updated(paper, date))}</updated>",
    ]
    if paper.from_:
        lines.append(f"    <author><name>{xml_text(paper.from_)}</name></author>")
    for theme in paper.themes:
        name = site.themes[theme].name if theme in site.themes else theme
        lines.append(f"    <category term={xml_attr(theme)} label={xml_attr(name)}/>")
    summary = meeting_line(paper) + (f" {paper.summary}" if paper.summary else "")
    summary += "".join(f" Corrected on {c['date'].day} {c['date']:%B %Y}: {c['text']}" for c in paper.corrections)
    lines += [f"    <summary>{xml_text(summary)}</summary>", "  </entry>"]
    return "\n".join(lines)


def feed(site: Site, papers: list[Paper], path: str, title: str, page: str, base: str | None) -> str:
    """A whole Atom document for the newest dated papers of `papers`."""
    listed = [(date, p) for p in papers if (date := entry_date(p))]
    dated = sorted(listed, key=lambda pair: pair[0], reverse=True)[:FEED_LIMIT]
    newest = max((updated(p, date) for date, p in dated), default=site.today)
    body = [entry(site, p, date, base, path) for date, p in dated]
    return document(site, path, title, page, base, newest, body)


def document(
    site: Site, path: str, title: str, page: str, base: str | None, newest: dt.date, entries: list[str]
) -> str:
    """A whole Atom document: the feed's own elements (`page`: the site page it follows), then `entries`."""
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang="en">',
        f"  <id>{stable_id(site, path)}</id>",
        f"  <title>{xml_text(title)}</title>",
        f"  <updated>{timestamp(newest)}</updated>",
        f"  <author><name>{xml_text(site.organisation.get('name', ''))}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href={xml_attr(href(base, path, path))}/>',
        f'  <link rel="alternate" type="text/html" href={xml_attr(href(base, path, page))}/>',
    ]
    return "\n".join(head + entries + ["</feed>"]) + "\n"


def record_entry(site: Site, date: dt.date, kind: str, item: Any, base: str | None, here: str) -> str:
    """One <entry> of a matter's feed: a paper as in every feed, or a decision or an action of the matter."""
    if kind == "paper":
        return entry(site, item, date, base, here)
    if kind == "decision":
        where = (
            f"decision notice {item.notice.number}"
            if item.notice is not None
            else f"{item.meeting.board.name}, item {item.item} ({item.outcome})"
        )
        title = item.notice.title if item.notice is not None else f"Decision: {where}"
        path, summary = item.url, f"{where}: {item.text}"
        # several decisions may share an agenda item (and so a link): each has an id of its own
        key = path if item.notice is not None else f"{path}/decision-{item.meeting.decisions.index(item) + 1}"
    else:
        latest = item.updates[-1] if item.updates else None
        title, path = f"Action {item.number}", f"actions/#{item.anchor}"
        key = path
        summary = item.action + (f" Latest update: {latest['text']}" if latest else "")
    stamp = timestamp(date)
    return "\n".join(
        [
            "  <entry>",
            f"    <id>{stable_id(site, key)}</id>",
            f"    <title>{xml_text(title)}</title>",
            f'    <link rel="alternate" type="text/html" href={xml_attr(href(base, here, path))}/>',
            f"    <published>{stamp}</published>",
            f"    <updated>{stamp}</updated>",
            f"    <summary>{xml_text(summary)}</summary>",
            "  </entry>",
        ]
    )


def matter_feed(site: Site, matter: Matter, name: str, base: str | None) -> str:
    """A matter's Atom feed: its papers, decisions and actions, newest first (undated ones left out)."""
    path = f"feeds/matters/{matter.id}.xml"
    dated = [(date, kind, item) for date, kind, item in record.timeline(site, matter) if date][:FEED_LIMIT]
    newest = max((updated(i, d) if k == "paper" else d for d, k, i in dated), default=site.today)
    body = [record_entry(site, date, kind, item, base, path) for date, kind, item in dated]
    return document(site, path, f"{name}: {matter.title}", matter.url, base, newest, body)


def feeds(site: Site, config: Any) -> dict[str, str]:
    """Every feed of the site: path -> Atom text."""
    base = site_url(config)
    name = config["site_name"] if config is not None else site.organisation.get("name", "")
    out = {"feeds/papers.xml": feed(site, site.papers, "feeds/papers.xml", f"{name}: new papers", "", base)}
    for theme in sorted(site.themes.values(), key=lambda t: t.id):
        path = f"feeds/themes/{theme.id}.xml"
        papers = [p for p in site.papers if theme.id in p.themes]
        out[path] = feed(site, papers, path, f"{name}: new papers on {theme.name}", f"themes/{theme.id}/", base)
    for matter in sorted(site.matters.values(), key=lambda m: m.id):
        out[f"feeds/matters/{matter.id}.xml"] = matter_feed(site, matter, name, base)
    for board in sorted(site.boards.values(), key=lambda b: b.id):
        path = f"feeds/boards/{board.id}.xml"
        papers = [p for p in site.papers if p.meeting.board is board]
        out[path] = feed(site, papers, path, f"{board.name}: new papers", "meetings/", base)
    return out


def write(site: Site, out: Path, config: Any, cache: Path | None = None) -> None:
    """Post-processing step: write every feed (quick enough to make whole each build: `cache` is unused)."""
    for path, text in feeds(site, config).items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
