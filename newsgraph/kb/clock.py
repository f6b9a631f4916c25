"""Timestamps and dates as the knowledge base stores them (ISO 8601 strings)."""

from __future__ import annotations

import datetime as dt


def utc_now() -> str:
    """The current UTC time to the second, for ``ingested_at`` and decision rows."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None
