"""atheris target: every reader (text, HTML, JSONL, WARC, gzip WARC, RSS/Atom) on arbitrary bytes.

The first byte picks the reader (by file suffix, as ``read_paths`` does); the rest is the file.
A reader may yield Articles or InputErrors; anything it raises is a finding, and so is an Article
whose text cannot be stored (NUL bytes, lone surrogates).

    .venv/bin/python fuzz/fuzz_readers.py -max_total_time=60
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["newsgraph"]):
    from newsgraph.errors import InputError
    from newsgraph.ingest import read_paths
    from newsgraph.model import Article

SUFFIXES = (".txt", ".html", ".jsonl", ".warc", ".warc.gz", ".rss", ".atom", ".json")
_TMP = Path(tempfile.mkdtemp(prefix="newsgraph-fuzz-"))


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris expects
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    path = _TMP / f"input{suffix}"
    path.write_bytes(data[1:])
    for item in read_paths([path], max_bytes=1_000_000):
        if isinstance(item, InputError):
            assert item.reason, "an InputError must say why"
            continue
        assert isinstance(item, Article), f"reader yielded {type(item).__name__}"
        for value in (item.text, item.title, item.url, item.source):
            if value is not None:
                assert "\x00" not in value or value is not item.text, "NUL in article text"
                value.encode("utf-8")  # lone surrogates cannot be stored


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
