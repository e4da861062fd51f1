"""Security markings as papers print them, and the classification each stands for."""

from __future__ import annotations

import re

# "OFFICIAL", "Official", "OFFICIAL-SENSITIVE", "OFFICIAL – SENSITIVE", "SECRET", "TOP SECRET".
MARKING = re.compile(r"^(official(?:\s*[-–]?\s*sensitive)?|(?:top\s+)?secret)$", re.IGNORECASE)
# Least to most restricted: when a document prints more than one marking, the strictest one holds.
ORDER = ("official", "official-sensitive", "secret")


def classification(text: str) -> str | None:
    """The schema's classification for a printed marking ('OFFICIAL - SENSITIVE' -> 'official-sensitive')."""
    text = " ".join(text.split())
    if not MARKING.match(text):
        return None
    words = re.findall(r"[a-z]+", text.lower())
    # TOP SECRET has no value of its own in the schema; secret keeps it out of every output just the same.
    return "secret" if "secret" in words else "-".join(words)


def strictest(values: list[str]) -> str | None:
    """The most restricted of some classifications (None when there are none)."""
    known = [v for v in values if v in ORDER]
    return max(known, key=ORDER.index) if known else None
