"""The sanitiser's shortcut for text without markup gives what nh3 itself gives."""

from __future__ import annotations

import random

import nh3
import pytest

from boardpapers.engine import sanitize

ALPHABET = [chr(c) for c in range(1, 0x250)] + list("\u2013\u2014\u2019\u201c\u00a3\u20ac\ufeff\u200b\U0001f600")


def full(html: str) -> str:
    """The sanitiser without its shortcut: nh3 with the same settings."""
    return nh3.clean(
        html,
        tags=sanitize.TAGS,
        attributes=sanitize.ATTRIBUTES,
        url_schemes=sanitize.URL_SCHEMES,
        link_rel=None,
        generic_attribute_prefixes={"aria-"},
        strip_comments=True,
    )


def test_text_without_markup_is_returned_as_nh3_returns_it() -> None:
    rng = random.Random(8)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    texts = [t for t in texts if sanitize.MARKUP_RE.search(t) is None]
    assert len(texts) > 1000
    assert [t for t in texts if sanitize.clean(t) != full(t)] == []


@pytest.mark.parametrize(
    "html",
    ["a < b", "a & b", "line\r\nbreak", "no\xa0break", "<script>x</script>y", '<p onclick="x()">p</p>', "nul\0char"],
)
def test_text_with_markup_still_goes_through_nh3(html: str) -> None:
    assert sanitize.clean(html) == full(html)
