"""Property tests: hostile bytes and Unicode never crash a reader, the cleaner, the extractor or the
time normaliser; they give a result or the documented error (``InputError``), and every result
keeps the offset and vocabulary invariants in ``fuzz/invariants.py``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsgraph.errors import InputError
from newsgraph.ingest import read_paths
from newsgraph.ingest.clean import clean_text
from newsgraph.ingest.feeds import parse_feed
from newsgraph.ingest.jsonl import parse_line
from newsgraph.model import Article
from newsgraph.nlp.time.normalise import normalise

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fuzz.invariants import PLOVER_TYPES, check_document, check_extraction, check_time, lexicon_types  # noqa: E402

if TYPE_CHECKING:
    from newsgraph.nlp.pipeline import Pipeline

# Characters scraped news really carries and parsers often mishandle.
SPECIALS = [
    "\x00",  # NUL
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\ufeff",  # BOM / zero-width no-break space
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u0301",  # combining acute accent
    "\u0651",  # Arabic shadda (combining)
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\x0b",
    "\x0c",
    "\x1c",
    "\x85",  # next line
    "\r",
    "\t",
    "\ufffd",
    "🇸🇾",
    "ﷺ",
]
WORDS = [
    "Rebels",
    "attacked",
    "Aleppo",
    "on",
    "Monday",
    "killing",
    "12",
    "soldiers",
    "said",
    "the",
    "Syrian",
    "army",
    "Hezbollah",
    "قصف",
    "حلب",
    "Subscribe",
    "to",
    "our",
    "newsletter",
    "says:",
    "Reply",
    "Share",
    "Oct. 8",
    "2015",
    "last week",
    "yesterday",
    "Reuters",
    "—",
    ".",
    ",",
    '"',
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "  ", "\t", "\r\n"]


@st.composite
def news_like(draw: st.DrawFn, max_tokens: int = 60) -> str:
    """Text that mixes news words (to reach deep code paths) with hostile characters."""
    token = st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(WORDS),
        st.sampled_from(SPECIALS),
        st.text(max_size=6),
    )
    tokens = draw(st.lists(token, max_size=max_tokens))
    out = []
    for tok in tokens:
        out.append(tok)
        out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


any_text = st.one_of(news_like(), st.text(max_size=200))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_one(name: str, data: bytes) -> list[Article | InputError]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(read_paths([path]))
    for item in items:
        assert isinstance(item, Article | InputError), f"reader yielded {type(item).__name__}"
        if isinstance(item, Article):
            assert item.text is None or isinstance(item.text, str)
            assert item.text is None or "\x00" not in item.text, "NUL bytes must not reach the pipeline"
    return items


def _encodable(items: list[Article | InputError]) -> None:
    """Text must be storable: SQLite (and JSON export) need valid UTF-8, so no lone surrogates."""
    for item in items:
        if isinstance(item, Article):
            for value in (item.text, item.title, item.url, item.source, item.id):
                if value is not None:
                    value.encode("utf-8")


# --- readers ---------------------------------------------------------------------------------


@FAST
@given(data=st.one_of(st.binary(max_size=400), any_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
@example(data=b"\x00" * 50)
@example(data=b"\xff\xfe" + "Rebels attacked Aleppo.".encode("utf-16-le"))
def test_text_reader_never_crashes(data: bytes) -> None:
    items = _read_one("story.txt", data)
    assert len(items) == 1
    _encodable(items)


HTML_SHAPES = [
    "<html><head><title>{0}</title></head><body><article><p>{1}</p><p>{1}</p></article></body></html>",
    "<p>{0}<script>{1}</script><div>{1}",
    "<!DOCTYPE html><html><body><main><h1>{0}</h1><p>{1}</p></main><footer>{0}</footer></body></html>",
    "{0}<{1}>",
]


@settings(max_examples=60, deadline=None)
@given(shape=st.sampled_from(HTML_SHAPES), a=any_text, b=any_text)
def test_html_reader_never_crashes(shape: str, a: str, b: str) -> None:
    items = _read_one("page.html", shape.format(a, b).encode("utf-8", "surrogatepass"))
    assert len(items) == 1
    _encodable(items)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
article_objects = st.fixed_dictionaries(
    {},
    optional={
        "text": any_text,
        "title": json_values,
        "url": json_values,
        "published": st.one_of(json_values, st.sampled_from(["2015-10-08", "2015-13-45", "0000-01-01"])),
        "source": json_values,
        "id": json_values,
    },
)


@FAST
@given(line=st.one_of(article_objects.map(json.dumps), json_values.map(json.dumps), st.binary(max_size=200)))
@example(line='{"text": "Rebels \\ud800 attacked Aleppo", "title": "\\udfff"}')  # regression: lone surrogates
@example(line="[" * 100_000)  # regression: RecursionError escaped parse_line
def test_jsonl_line_never_crashes(line: str | bytes) -> None:
    raw = line if isinstance(line, bytes) else line.encode("utf-8")
    item = parse_line(raw, "fuzz.jsonl:1")
    assert isinstance(item, Article | InputError)
    _encodable([item])
    items = _read_one("lines.jsonl", raw + b"\n" + raw)
    _encodable(items)


def _warc_record(payload: bytes, *, content_type: str, uri: str) -> bytes:
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: "
        + content_type.encode("latin-1", "replace")
        + b"\r\n\r\n"
        + payload
    )
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-03-02T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789abc>\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode("utf-8", "surrogatepass")
    return head + http + b"\r\n\r\n"


@FAST
@given(
    raw=st.binary(max_size=300),
    html=any_text,
    content_type=st.sampled_from(
        ["text/html", "text/html; charset=utf-8", "text/html; charset=bogus", "image/png"]
    ),
    uri=st.text(max_size=30),
    compress=st.booleans(),
    cut=st.integers(min_value=0, max_value=400),
)
def test_warc_reader_never_crashes(
    raw: bytes, html: str, content_type: str, uri: str, compress: bool, cut: int
) -> None:
    page = f"<html><body><article><p>{html}</p><p>{html}</p></article></body></html>".encode(
        "utf-8", "surrogatepass"
    )
    record = _warc_record(page, content_type=content_type, uri=uri.replace("\r", "").replace("\n", ""))
    for data in (raw, record, record[:cut] + raw):
        blob = gzip.compress(data) if compress else data
        items = _read_one("crawl.warc.gz" if compress else "crawl.warc", blob or b"x")
        _encodable(items)


FEED_SHAPES = [
    '<?xml version="1.0"?><rss version="2.0"><channel><title>{0}</title><item><title>{0}</title>'
    "<link>{0}</link><pubDate>{0}</pubDate><description>{1}</description></item></channel></rss>",
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>{0}</title><updated>{0}</updated>'
    '<content type="html">{1}</content></entry></feed>',
    "<rss>{0}<item>{1}",
]


@FAST
@given(shape=st.sampled_from(FEED_SHAPES), a=any_text, b=any_text, raw=st.binary(max_size=200))
def test_feed_reader_never_crashes(shape: str, a: str, b: str, raw: bytes) -> None:
    for data in (shape.format(a, b).encode("utf-8", "surrogatepass"), raw):
        items = list(parse_feed(data, "fuzz.rss"))
        assert all(isinstance(i, Article | InputError) for i in items)
        _encodable(items)


# --- cleaner and time normaliser -------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(text=any_text)
@example(text="Name says:\n\u202e\u200b\n\nReply\n\x00")
def test_cleaner_keeps_offsets(text: str) -> None:
    check_document(clean_text(text), text)


@pytest.mark.parametrize("name", ["story.txt", "lines.jsonl", "page.html"])
def test_readers_one_megabyte_line(name: str) -> None:
    line = ("Rebels attacked Aleppo \u200b\u202e\u0301 " * 30_000)[:1_000_000]
    if name.endswith(".jsonl"):
        data = json.dumps({"text": line}).encode("utf-8")
    elif name.endswith(".html"):
        data = f"<html><body><article><p>{line}</p></article></body></html>".encode()
    else:
        data = line.encode("utf-8")
    items = _read_one(name, data)
    assert len(items) == 1
    _encodable(items)


def test_cleaner_one_megabyte_line() -> None:
    text = ("Rebels attacked Aleppo \u200b\u202e " * 40_000)[:1_000_000]
    check_document(clean_text(text), text)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(any_text, st.sampled_from(["Oct. 8", "last week", "mid-2016", "since 2011", "Q3 2009"])),
    published=st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))),
)
@example(text="Monday", published=dt.date(9999, 12, 31))
@example(text="the following year", published=dt.date(1, 1, 1))
@example(text="SINCE 2001", published=dt.date(2000, 1, 1))
@example(text="q2", published=dt.date(1, 2, 25))  # regression (atheris): year 0 raised ValueError
@example(
    text="next year", published=dt.date(9999, 12, 31)
)  # regression: year 10000  # regression: range ended before it started
def test_time_normaliser_never_crashes(text: str, published: dt.date | None) -> None:
    mention = normalise(text, published=published)
    if mention is not None:
        check_time(mention, text)


# --- the extractor ---------------------------------------------------------------------------


def test_lexicon_types_are_plover() -> None:
    assert lexicon_types() <= PLOVER_TYPES


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=news_like(max_tokens=40), published=st.one_of(st.none(), st.dates()))
@example(text="\u202eRebels attacked Aleppo on Monday, killing 12 soldiers.\x00\u200b", published=None)
# found 2026-11-23: a PERSON entity ran into the whitespace of a masked "Subscribe" line
@example(
    text="Rebels Rebels Rebels Rebels Rebels Rebels\nRebels\nRebels Rebels attacked Subscribe\t",
    published=None,
)
# found 2026-11-23 (third session): a place ("Aleppo", PERSON) ran into a masked commenter line
@example(
    text="Rebels Rebels Rebels attacked Aleppo\n\nRebels Rebels Rebels attacked attacked says: ",
    published=None,
)
def test_extract_invariants(pipeline: Pipeline, text: str, published: dt.date | None) -> None:
    check_extraction(pipeline.extract(text, published=published), text)


@pytest.mark.slow
def test_extract_invariants_on_hostile_article(pipeline: Pipeline) -> None:
    """A realistic article with hostile characters spliced in keeps every invariant."""
    text = (
        "BEIRUT (Reuters) \u2014 Syrian army troops\u200b backed by Russian air strikes attacked rebels "
        "near Hama on Monday, killing 12 fighters, the Syrian Observatory said.\n\n"
        "Hezbollah\u202e denied\u0301 that its fighters took part. \x00\n\n"
        "Subscribe to our newsletter!\n\nJohn says:\nThey shelled Aleppo yesterday.\n"
    )
    ex = pipeline.extract(text, published=dt.date(2015, 10, 8))
    check_extraction(ex, text)
    assert ex.events, "the invariant check must have seen at least one event"


# Found by fuzzing: Document.masked used to blank whitespace such as U+2028 to spaces, so a mention
# running on into it recorded text that did not slice from Document.text.
@pytest.mark.parametrize("text", ["0\r0\U00105f90 \u2028 ", "Aleppo \x1f" + " " * 25])
def test_mention_text_over_masked_whitespace(pipeline: Pipeline, text: str) -> None:
    check_extraction(pipeline.extract(text), text)


# --- a short coverage-guided session (the long one is `fuzz/run.py --seconds 60`) ---------------


@pytest.mark.slow
def test_bounded_atheris_session(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    import subprocess

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [
            sys.executable,
            str(root / "fuzz" / "run.py"),
            "--seconds",
            "4",
            "--json",
            "--artifacts",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=root,
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["findings"] == 0, proc.stderr[-4000:]
    assert proc.returncode == 0
    assert {t["target"] for t in report["targets"]} == {"readers", "clean", "extract", "times"}
    assert all(t["executions"] > 0 for t in report["targets"]), report
