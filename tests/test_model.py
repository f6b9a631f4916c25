from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.errors import SettingsError
from newsgraph.model import Document, TextSpan, to_dict
from newsgraph.settings import load_settings


def test_masked_keeps_offsets_and_newlines() -> None:
    text = "Body one.\nComment here.\nBody two."
    doc = Document(text=text, body=(TextSpan(0, 9), TextSpan(24, 33)))
    masked = doc.masked(doc.body)
    assert len(masked) == len(text)
    assert masked[24:33] == "Body two."
    assert "Comment" not in masked
    assert masked.count("\n") == 2
    assert doc.body_text() == "Body one.\n\nBody two."


def test_to_dict_serialises_dates() -> None:
    from newsgraph.model import TimeMention

    tm = TimeMention(0, 5, "Oct 8", "2015-10-08", dt.date(2015, 10, 8), dt.date(2015, 10, 8), "day")
    assert to_dict(tm)["start_date"] == "2015-10-08"


def test_settings_env_and_unknown() -> None:
    assert load_settings(environ={"NEWSGRAPH_MAX_DOC_BYTES": "10"}).max_doc_bytes == 10
    with pytest.raises(SettingsError, match="NEWSGRAPH_NOPE"):
        load_settings(environ={"NEWSGRAPH_NOPE": "1"})
    with pytest.raises(SettingsError, match="must be a int"):
        load_settings({"batch_size": "many"})
