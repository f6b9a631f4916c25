"""atheris target: the plain-text cleaner on arbitrary Unicode; its Document must keep the offsets.

.venv/bin/python fuzz/fuzz_clean.py -max_total_time=60
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports(include=["newsgraph"]):
    from newsgraph.ingest.clean import clean_text

from fuzz.invariants import check_document  # noqa: E402


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris expects
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    check_document(clean_text(text), text)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
