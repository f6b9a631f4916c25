"""atheris target: the time normaliser on arbitrary text and publication dates.

.venv/bin/python fuzz/fuzz_times.py -max_total_time=60
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports(include=["newsgraph"]):
    from newsgraph.nlp.time.normalise import normalise

from fuzz.invariants import check_time  # noqa: E402


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris expects
    fdp = atheris.FuzzedDataProvider(data)
    ordinal = fdp.ConsumeIntInRange(0, dt.date.max.toordinal())
    published = dt.date.fromordinal(ordinal) if ordinal else None
    text = fdp.ConsumeUnicodeNoSurrogates(200)
    mention = normalise(text, published=published)
    if mention is not None:
        check_time(mention, text)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
