"""Public corrections: `corrections: [{date, text}]` on a paper, shown on its page, in its feed entry as an
update and in the open data; "last changed" is the latest correction, never a commit date."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import feedparser
import pytest

from boardpapers.cli import main
from boardpapers.content.load import load_site
from boardpapers.content.problems import ContentError
from boardpapers.outputs import exports, feeds
from boardpapers.pages.generate import Generator
from boardpapers.pipeline import ROOT, build_site
from contentkit import PAPER_MD, make_content, write

TODAY = dt.date(2026, 12, 6)
PAPER = "meetings/2019-09-18/9.0-southern-police-station.md"
CORRECTIONS = """\
corrections:
  - date: 2026-11-02
    text: The project budget in paragraph 3.1 read £1.2m; it is £1.3m.
  - date: 2026-12-06
    text: |
      The contact officer's role was wrong.
      It is Director of Estates.
"""


def corrected(tmp_path: Path, corrections: str = CORRECTIONS) -> Path:
    """contentkit's content with the paper's front-matter given `corrections` (before its closing ---)."""
    content = make_content(tmp_path)
    head, body = PAPER_MD.split("\n---\n", 1)
    write(content, PAPER, f"{head}\n{corrections}---\n{body}")
    return content


def paper_markdown(content: Path) -> str:
    """The generated Markdown of the paper's page."""
    site = load_site(content, TODAY)
    return Generator(site, ROOT / "theme" / "pages", {}).paper(site.papers[0])


def test_page_shows_dated_corrections_newest_first_and_last_changed(tmp_path: Path) -> None:
    markdown = paper_markdown(corrected(tmp_path))
    assert '<div class="bp-history"><dt>Last changed</dt><dd>6 December 2026</dd></div>' in markdown
    assert (
        '<section class="bp-corrections" aria-labelledby="bp-corrections">\n<h2 id="bp-corrections">Corrections</h2>'
        "\n<ul>\n<li><strong>Corrected on 6 December 2026:</strong> The contact officer's role was wrong. It is "
        "Director of Estates.</li>\n<li><strong>Corrected on 2 November 2026:</strong> The project budget in "
        "paragraph 3.1 read £1.2m; it is £1.3m.</li>\n</ul>\n</section>"
    ) in markdown.replace("&#39;", "'")


def test_without_corrections_there_is_no_last_changed(tmp_path: Path) -> None:
    markdown = paper_markdown(make_content(tmp_path))
    assert "last changed" not in markdown and "bp-corrections" not in markdown


def test_feed_entry_is_updated_by_the_latest_correction(tmp_path: Path) -> None:
    site = load_site(corrected(tmp_path), TODAY)
    parsed = feedparser.parse(feeds.feeds(site, None)["feeds/papers.xml"])
    assert not parsed.bozo
    (entry,) = parsed.entries
    assert (entry.published, entry.updated) == ("2019-09-18T00:00:00Z", "2026-12-06T00:00:00Z")
    assert parsed.feed.updated == "2026-12-06T00:00:00Z"
    assert entry.summary.endswith(
        "9.0. Corrected on 6 December 2026: The contact officer's role was wrong.\nIt is Director of Estates."
        " Corrected on 2 November 2026: The project budget in paragraph 3.1 read £1.2m; it is £1.3m."
    )


def test_open_data_carries_corrections_and_last_changed(tmp_path: Path) -> None:
    files = exports.data_files(load_site(corrected(tmp_path), TODAY), None)
    (record,) = json.loads(files["data/papers.json"])["papers"]
    assert record["last_changed"] == "2026-12-06"
    assert record["corrections"] == [
        {"date": "2026-12-06", "text": "The contact officer's role was wrong.\nIt is Director of Estates."},
        {"date": "2026-11-02", "text": "The project budget in paragraph 3.1 read £1.2m; it is £1.3m."},
    ]
    (row,) = csv.DictReader(io.StringIO(files["data/papers.csv"]))
    assert row["last_changed"] == "2026-12-06"
    assert row["corrections"].startswith("2026-12-06: The contact officer's role was wrong.")


BAD = {
    "dated_after_today": (
        "corrections:\n  - {date: 2027-12-06, text: Fixed a figure.}\n",
        "content/meetings/2019-09-18/9.0-southern-police-station.md:15: corrections[1].date: 2027-12-06 is after "
        "today (2026-12-06), expected the day the correction was made, e.g. date: 2026-12-06",
    ),
    "no_text": (
        "corrections:\n  - {date: 2026-12-06}\n",
        "content/meetings/2019-09-18/9.0-southern-police-station.md:15: corrections[1].text: missing required "
        "field, expected text, e.g. text: The total in paragraph 3.2 read £8.1m; it is £8.2m, as in Appendix 1.",
    ),
}


@pytest.mark.parametrize("defect", sorted(BAD))
def test_a_bad_correction_is_reported_at_its_line(tmp_path: Path, defect: str) -> None:
    corrections, message = BAD[defect]
    with pytest.raises(ContentError) as caught:
        load_site(corrected(tmp_path, corrections), TODAY)
    assert [str(p) for p in caught.value.problems] == [message]


def test_built_page_shows_the_correction_in_one_list_item(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = corrected(tmp_path)
    build_site(content, tmp_path / "site", ROOT / "mkdocs.yml", TODAY)
    page = (tmp_path / "site/meetings/2019-09-18/9.0-southern-police-station/index.html").read_text("utf-8")
    section = page.split('<section class="bp-corrections"', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == 2 and "<p>" not in section
    assert main(["check", "--content", str(content)]) == 0


def test_recommendations_the_body_sets_out_are_not_repeated_in_a_box(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    assert '<section class="bp-recommendations"' in paper_markdown(content)  # the body does not have them
    text = (content / PAPER).read_text("utf-8")
    write(content, PAPER, text + "\n## 2. Recommendation\n\n2.1 The Board is **recommended** to note the report.\n")
    markdown = paper_markdown(content)
    assert "bp-recommendations" not in markdown and markdown.count("recommended") == 1
