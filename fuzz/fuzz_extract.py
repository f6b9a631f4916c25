"""atheris target: ``Pipeline.extract`` on arbitrary short texts; every record keeps its invariants.

Slow per input (the spaCy pipeline runs), so give it more time than the others.

    .venv/bin/python fuzz/fuzz_extract.py -max_total_time=120
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# The gazetteer builds its index in pure Python; instrumented, warming it up takes minutes. Import
# it (and the geo modules) first, uninstrumented: the fuzzer then covers the text-facing code.
import newsgraph.nlp.places.gazetteer  # noqa: E402, F401
import newsgraph.nlp.places.names  # noqa: E402, F401

with atheris.instrument_imports(include=["newsgraph"]):
    from newsgraph.nlp.pipeline import Pipeline

from fuzz.invariants import check_extraction  # noqa: E402

# Words that reach the event, actor, place and time code; the fuzzer splices them with its bytes.
_WORDS = [
    "Rebels",
    "attacked",
    "Aleppo",
    "on",
    "Monday",
    ",",
    "killing",
    "12",
    "soldiers",
    ",",
    "the",
    "army",
    "said",
    ".",
    "Hezbollah",
    "denied",
    "it",
    ".",
    "Russian",
    "air",
    "strikes",
    "hit",
    "Idlib",
    "last",
    "week",
    ".",
    "Subscribe",
    "to",
    "our",
    "newsletter",
    "John",
    "says",
    ":",
]
_PIPELINE: Pipeline | None = None


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris expects
    assert _PIPELINE is not None
    fdp = atheris.FuzzedDataProvider(data)
    published = dt.date(2015, 10, 8) if fdp.ConsumeBool() else None
    parts = []
    for _ in range(fdp.ConsumeIntInRange(0, 30)):
        if fdp.ConsumeBool():
            parts.append(_WORDS[fdp.ConsumeIntInRange(0, len(_WORDS) - 1)])
        else:
            parts.append(fdp.ConsumeUnicodeNoSurrogates(8))
    text = " ".join(parts)
    check_extraction(_PIPELINE.extract(text, published=published), text)


def main() -> None:
    global _PIPELINE
    # Load the model and the gazetteer before fuzzing starts, so loading is not timed as an input.
    _PIPELINE = Pipeline()
    _PIPELINE.extract("Rebels attacked Aleppo on Monday.", published=dt.date(2015, 10, 8))
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
