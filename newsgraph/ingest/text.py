"""Plain-text reader: bytes in any encoding -> str, with binary files refused instead of decoded.

Scrapers hand us UTF-8, UTF-16 with a BOM, Windows-1252 and Latin-1 alike, sometimes with stray
NUL bytes; we try UTF-8 first (fast and unambiguous), then let charset-normalizer guess.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from newsgraph.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Text files have almost no C0 control characters besides tab/newline/CR/form feed; executables,
# images and archives are full of them. 10% is far above any real text we have seen.
_MAX_CONTROL_RATIO = 0.10
_SAMPLE_CHARS = 20_000
# Share of accented letters above which bytes are not Western text in Windows-1252 (French prose
# runs about 4%, Portuguese 6%; Russian in cp1251 read as cp1252 is near 100%).
_MAX_WESTERN_ACCENTED = 0.25


class NotTextError(ValueError):
    """The bytes do not look like text in any encoding."""


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` whatever its encoding; NUL characters are removed.

    Raises :class:`NotTextError` when the content looks binary.
    """
    text = _decode(data)
    text = text.replace("\x00", "")
    if _looks_binary(text):
        raise NotTextError("looks binary")
    return text


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _try_western(data)
    if western is not None:
        return western
    # Many NULs without a BOM means UTF-16/32 or binary: let the detector decide below.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise NotTextError("looks binary (no text encoding fits)")
    return str(best)


def _try_western(data: bytes) -> str | None:
    """Windows-1252 (a superset of Latin-1 in practice) when the text reads as mostly-ASCII Western prose.

    charset-normalizer guesses wrong on short Western texts (a curly-quoted line came back as
    Cyrillic). Prose in English, French or Spanish has few accented letters; Cyrillic or Greek
    bytes read as Windows-1252 turn nearly every letter into an accented one, so they fail this.
    """
    if b"\x00" in data:
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    accented = sum(1 for ch in letters if ord(ch) > 127)
    return text if accented / len(letters) < _MAX_WESTERN_ACCENTED else None


def _looks_binary(text: str) -> bool:
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\x0c\x1b")
    control += sample.count("\ufffd")
    return control / len(sample) > _MAX_CONTROL_RATIO


def decode_file_bytes(path: Path, data: bytes) -> str | InputError:
    """``decode_bytes`` with its failure turned into an ``InputError`` naming the file."""
    try:
        return decode_bytes(data)
    except NotTextError as exc:
        return InputError(str(path), f"{exc}: not a text file; pass .txt, .html or .jsonl files")
