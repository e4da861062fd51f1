"""The sample content carries the seed papers' words over exactly: same words, same order, nothing added."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from boardpapers.content.fields import split_front_matter

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
MEETINGS = ROOT / "content" / "meetings"

# seed prefix -> (paper file, first line of the body in the seed, line where the body ends, furniture lines)
PAPERS = {
    "001": (
        "2020-01-23/communities-theme-opcc-partnership-support.md",
        "1. Purpose",
        None,
        {"https://www.smartsurvey.co.uk/s/33PW2/", "https://www.cambridgeshire-pcc.gov.uk/get-involved/"},
    ),
    "002": ("2019-09-18/5.0-opcc-transformation-theme.md", "1. Purpose", "BIBLIOGRAPHY", set()),
    "003": (
        "undated-police-and-crime-plan-development/police-and-crime-plan-development-transformation.md",
        "1.",
        None,
        set(),
    ),
}


def words(text: str) -> list[str]:
    """Words as a reader sees them: Markdown markers, bullet glyphs and PDF artefacts removed."""
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)  # Markdown autolinks
    text = re.sub(r"\[\[[^\]|]*\|([^\]]*)\]\]", r"\1", text)  # a reference in the paper's own words
    text = text.replace("**", "")  # a bold marker the PDF extraction left on a heading (seed 002, 8.0)
    return [w for w in text.split() if w not in {"-", "##", "•"} and not re.fullmatch(r"[\ue000-\uf8ff]", w)]


def seed_body(prefix: str) -> list[str]:
    """The words of a seed from its first section to the end of its body, without page furniture."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    _, start, end, furniture = PAPERS[prefix]
    lines = [line.strip() for line in path.read_text("utf-8").splitlines()]
    body = lines[lines.index(start) : lines.index(end) if end else None]
    return words("\n".join(line for line in body if line not in furniture))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
@pytest.mark.parametrize("prefix", sorted(PAPERS))
def test_seed_words_carry_over_exactly(prefix: str) -> None:
    parts = split_front_matter((MEETINGS / PAPERS[prefix][0]).read_text("utf-8"))
    assert parts is not None
    assert words(parts[2]) == seed_body(prefix)
