"""Metadata helpers shared by the readers: publication-date parsing and ``NAME.meta.json`` sidecars.

A date that cannot be parsed is ``None``, never today's date: a wrong date silently shifts every
relative time expression in the article ("last Friday"), which is worse than saying we do not know.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError

SIDECAR_SUFFIX = ".meta.json"

# Only absolute dates: relative phrases ("yesterday", "2 hours ago") would be anchored on today.
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
}
# Languages tried for written dates. Without a list dateparser loads all ~200 locales on the first
# unparseable string (3 s measured); these cover the outlets of the conflicts we follow.
_DATE_LANGUAGES = ["en", "fr", "es", "de", "it", "pt", "ru", "uk", "ar", "tr", "fa"]
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
# 08.10.2015 is day.month.year wherever that notation is used (dateparser would read it month-first).
_DOTTED_DMY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_MAX_DATE_CHARS = 100


def parse_date(value: object) -> dt.date | None:
    """A publication date from a metadata value, or ``None`` when it is missing or unreadable.

    Accepts ``date``/``datetime`` objects, ISO 8601 strings (``2015-10-08``,
    ``2015-10-08T10:00:00Z``), Unix timestamps and common written forms (``Oct. 8, 2015``,
    ``Thu, 08 Oct 2015 10:00:00 GMT``). A year or month alone is not a day: it gives ``None``.

    >>> parse_date("2015-10-08T10:00:00Z")
    datetime.date(2015, 10, 8)
    >>> parse_date("not a date") is None
    True
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > _MAX_DATE_CHARS:
        return None
    iso = _ISO_PREFIX.match(text)
    if iso:
        return _safe_date(int(iso[1]), int(iso[2]), int(iso[3]))
    dotted = _DOTTED_DMY.match(text)
    if dotted:
        return _safe_date(int(dotted[3]), int(dotted[2]), int(dotted[1]))
    if re.fullmatch(r"\d{9,10}(\.\d+)?", text):
        return _from_timestamp(float(text))
    try:
        import dateparser

        parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS, languages=_DATE_LANGUAGES)
    except Exception:  # dateparser raises assorted errors on odd input; a bad date is just unknown
        return None
    return parsed.date() if parsed is not None else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_timestamp(seconds: float) -> dt.date | None:
    try:
        return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class FileMetadata:
    """Metadata found next to or inside an input file (every field optional)."""

    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    id: str | None = None


def sidecar_path(path: Path) -> Path:
    """``story.txt`` -> ``story.meta.json`` (same folder)."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def clean_str(value: object) -> str | None:
    """A metadata string, stripped; anything else (numbers, lists, empty) is ``None``."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def metadata_from_mapping(data: dict[str, Any]) -> FileMetadata:
    """Pick the known metadata keys out of a JSON object; unknown keys are ignored."""
    published = data.get("published", data.get("date"))
    raw_id = data.get("id")
    return FileMetadata(
        url=clean_str(data.get("url")),
        title=clean_str(data.get("title")),
        source=clean_str(data.get("source")),
        published=parse_date(published),
        id=str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else None,
    )


def read_sidecar(path: Path) -> FileMetadata | InputError | None:
    """The sidecar of ``path`` if there is one; an ``InputError`` if it exists but is unusable."""
    meta = sidecar_path(path)
    if not meta.is_file():
        return None
    try:
        data = json.loads(meta.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        return InputError(str(meta), f"cannot read metadata sidecar ({exc}); the article was read without it")
    except json.JSONDecodeError as exc:
        return InputError(
            str(meta),
            f"metadata sidecar is not valid JSON (line {exc.lineno}: {exc.msg}); "
            "the article was read without it — fix the file or remove it",
        )
    if not isinstance(data, dict):
        return InputError(
            str(meta),
            'metadata sidecar must be a JSON object like {"published": "2015-10-08"}; '
            "the article was read without it",
        )
    return metadata_from_mapping(data)
