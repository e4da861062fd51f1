"""Copy the browser's stemmer into the theme: the Porter stemmer of the npm package snowball-stemmers (generated
from the Snowball project's sources), with its licence, as theme/overrides/assets/javascripts/stemmer.js.

Search stems words at build time with the `snowballstemmer` Python package's "porter" algorithm and in the browser
with this file; tests/test_search_stemmer.py checks the two give the same stem for every word of the sample
content. The package bundles 24 languages (868 KB); only the shared runtime (Among, SnowballProgram,
SnowballStemmer) and the Porter stemmer are kept, as published, so a first search stays small.

Run from the project folder when changing the pinned version (needs npm): .venv/bin/python tools/vendor_stemmer.py
"""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "snowball-stemmers"
VERSION = "0.6.0"
# The registry's own integrity value for the tarball (npm view snowball-stemmers@0.6.0 dist.integrity).
INTEGRITY = "sha512-47VTJvsZzEme3VxhbUFc9wR0CX8fYKNMgL7AiBdJcHUrwbmN7htFroeX+8ESIAaoNgwEgwI2wnv1HIcqQqAdcA=="
KEEP = "porter"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "theme" / "overrides" / "assets" / "javascripts" / "stemmer.js"
HEADER = f"""\
/* The Porter stemmer, as published in the npm package {PACKAGE} {VERSION} (file snowball-stemmers.js) by
 * Oleg Mazko, generated from the Snowball project's algorithms (https://snowballstem.org/). Copied by
 * tools/vendor_stemmer.py, which keeps the shared runtime and the Porter stemmer and drops the other languages;
 * nothing else is changed. Do not edit: run the script again.
 *
 * Licence of {PACKAGE} (package.json: "license": "ISC"):
 * Copyright (c) Oleg Mazko <o.mazko@mail.ru>
 * Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby
 * granted, provided that the above copyright notice and this permission notice appear in all copies.
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE INCLUDING
 * ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL,
 * DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS,
 * WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE
 * USE OR PERFORMANCE OF THIS SOFTWARE.
 *
 * The Snowball algorithms and the code generated from them: Copyright (c) 2001, Dr Martin Porter, and
 * (c) 2002, Richard Boulton; all rights reserved; BSD 3-clause licence (https://snowballstem.org/license.html).
 */
"""
BLOCK_RE = re.compile(
    r"^    var (\w+)Stemmer = function \(_SnowballStemmer\d*\) \{\n.*?^    \}\(SnowballStemmer\);\n", re.M | re.S
)
MAP_ENTRY_RE = re.compile(r"^            (\w+): \w+Stemmer,?\n", re.M)
ALGORITHMS_RE = re.compile(r"(function algorithms\(\) \{\n        return )\[[^\]]*\];")


def fetch() -> str:
    """The package's snowball-stemmers.js, from the registry by npm, checked against INTEGRITY."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=folder, check=True, capture_output=True)
        tarball = Path(folder) / f"{PACKAGE}-{VERSION}.tgz"
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode("ascii")
        if digest != INTEGRITY:
            sys.exit(f"{tarball.name}: integrity {digest} is not the registry's {INTEGRITY}; nothing written")
        with tarfile.open(tarball) as tar:
            member = tar.extractfile("package/snowball-stemmers.js")
            assert member is not None
            return member.read().decode("utf-8")


def extract(source: str) -> str:
    """The runtime and the Porter stemmer of the bundle: other languages' classes and factory entries dropped."""
    kept = BLOCK_RE.sub(lambda m: m.group(0) if m.group(1) == KEEP else "", source)
    kept = MAP_ENTRY_RE.sub(lambda m: m.group(0).rstrip(",\n") + "\n" if m.group(1) == KEEP else "", kept)
    kept, count = ALGORITHMS_RE.subn(rf"\1['{KEEP}'];", kept)
    if count != 1 or f"var {KEEP}Stemmer" not in kept or "var englishStemmer" in kept:
        sys.exit("the package's layout is not the one this script knows; nothing written")
    return HEADER + kept


def main() -> None:
    """Fetch, extract and write stemmer.js."""
    OUT.write_text(extract(fetch()), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
