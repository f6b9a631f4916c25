"""Readers: text in any encoding, HTML, JSONL, folders, sidecars, overrides and every bad input."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.ingest import MetadataOverrides, read_paths
from newsgraph.ingest.meta import parse_date
from newsgraph.ingest.text import NotTextError, decode_bytes
from newsgraph.model import Article

STORY = (
    "Government forces shelled the northern districts of the city on Monday, residents said.\n\n"
    "The army said it had targeted positions held by insurgents who attacked a checkpoint.\n"
)

ARTICLE_HTML = """<html><head><title>Rebels seize river town - Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2019-04-03T10:00:00Z">
<link rel="canonical" href="https://example.org/world/rebels-seize-river-town"></head>
<body><nav><ul><li>World</li><li>Politics</li><li>Sport</li></ul></nav>
<article><h1>Rebels seize river town</h1>
<p>Rebel fighters seized the river town on Tuesday after three days of fighting with government troops,
local officials said, in the biggest advance by the insurgents this year.</p>
<p>At least twelve soldiers were killed and dozens wounded in the clashes, according to a hospital source
who spoke on condition of anonymity because he was not allowed to talk to reporters.</p>
<p>The army said it would retake the town within days and sent reinforcements from the provincial capital
along the main highway, which remained open to civilian traffic on Wednesday.</p></article>
<div id="comments" class="comments"><h3>2 comments</h3>
<div class="comment"><span class="author">Joe</span><p>Terrible news for the people who live there, commenter opinion.</p></div>
</div><footer>Copyright 2019 Example News</footer></body></html>"""

NO_ARTICLE_HTML = "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"


def read_all(paths: list[Path | str], **kwargs: object) -> list[Article | InputError]:
    return list(read_paths(paths, **kwargs))  # type: ignore[arg-type]


def only_article(items: list[Article | InputError]) -> Article:
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, Article), item
    return item


def only_error(items: list[Article | InputError]) -> InputError:
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, InputError), item
    return item


# --- plain text and sidecars -----------------------------------------------------------------------


def test_text_without_metadata_has_no_date(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    article = only_article(read_all([path]))
    assert article.text == STORY
    assert article.origin == str(path)
    assert article.published is None
    assert article.published_source == "unknown"
    assert article.html is None


def test_sidecar_metadata(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(
        json.dumps({"url": "https://x.org/a", "title": "Shelling", "source": "X", "published": "2015-10-08"}),
        encoding="utf-8",
    )
    article = only_article(read_all([path]))
    assert (article.url, article.title, article.source) == ("https://x.org/a", "Shelling", "X")
    assert article.published == dt.date(2015, 10, 8)
    assert article.published_source == "sidecar"


def test_sidecar_with_bad_date_keeps_date_unknown(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{"published": "sometime last spring", "title": "T"}')
    article = only_article(read_all([path]))
    assert article.published is None and article.published_source == "unknown"
    assert article.title == "T"


def test_broken_sidecar_reports_and_still_reads_article(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text("{not json")
    items = read_all([path])
    errors = [i for i in items if isinstance(i, InputError)]
    articles = [i for i in items if isinstance(i, Article)]
    assert len(errors) == 1 and errors[0].origin.endswith("story.meta.json")
    assert "not valid JSON" in errors[0].reason
    assert len(articles) == 1 and articles[0].text == STORY


def test_cli_overrides_win_over_sidecar(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(
        '{"published": "2015-10-08", "source": "Sidecar", "title": "A"}'
    )
    overrides = MetadataOverrides(published=dt.date(2017, 4, 1), source="CLI source", title="CLI title")
    article = only_article(read_all([path], overrides=overrides))
    assert article.published == dt.date(2017, 4, 1)
    assert article.published_source == "cli"
    assert (article.source, article.title) == ("CLI source", "CLI title")


def test_partial_overrides_keep_other_metadata(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{"published": "2015-10-08", "title": "A"}')
    article = only_article(read_all([path], overrides=MetadataOverrides(source="S")))
    assert article.published_source == "sidecar" and article.title == "A" and article.source == "S"


# --- encodings ------------------------------------------------------------------------------------

FRENCH = (
    "Les forces armées ont repris la ville après trois jours de combats acharnés, selon des témoins. "
    "Le général a déclaré que l'opération était terminée et que les blessés étaient soignés à l'hôpital. "
) * 3
QUOTED = (
    "“We will not retreat,” the commander said — and the fighters’ families agreed. "
    "The militia’s leaders said the town’s defences would hold through the winter. "
) * 3


@pytest.mark.parametrize(
    ("content", "encoding"),
    [(FRENCH, "latin-1"), (QUOTED, "cp1252"), (FRENCH, "utf-16"), (QUOTED, "utf-8-sig")],
)
def test_text_in_other_encodings(tmp_path: Path, content: str, encoding: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(content.encode(encoding))
    article = only_article(read_all([path]))
    assert article.text == content


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("“Hi” — ok", "cp1252"),
        ("Le général a déclaré.", "latin-1"),
        ("Президент заявил, что войска отошли от города.", "cp1251"),
    ],
)
def test_short_texts_in_single_byte_encodings(tmp_path: Path, content: str, encoding: str) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(content.encode(encoding))
    assert only_article(read_all([path])).text == content


def test_invalid_utf8_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Troops advanced on the town \xff\xfe\xc3( at dawn, officials said.\n" * 5)
    article = only_article(read_all([path]))
    assert article.text is not None and "Troops advanced on the town" in article.text


def test_nul_bytes_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Troops\x00 advanced on the town.\x00\n")
    assert only_article(read_all([path])).text == "Troops advanced on the town.\n"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_decode_bytes_never_crashes_on_random_bytes(seed: int) -> None:
    data = random.Random(seed).randbytes(3000)
    try:
        text = decode_bytes(data)
    except NotTextError:
        return
    assert "\x00" not in text


# --- bad inputs -------------------------------------------------------------------------------------


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(5000))
    error = only_error(read_all([path]))
    assert error.origin == str(path)
    assert "looks binary" in error.reason


def test_binary_file_full_of_control_bytes(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(32)) * 200)
    assert "looks binary" in only_error(read_all([path])).reason


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    error = only_error(read_all([path]))
    assert error.origin == str(path) and "empty" in error.reason


def test_file_over_the_limit_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("x" * 1000)

    def boom(self: Path) -> bytes:
        raise AssertionError("the file was read before its size was checked")

    monkeypatch.setattr(Path, "read_bytes", boom)
    error = only_error(read_all([path], max_bytes=100))
    assert "100" in error.reason and "NEWSGRAPH_MAX_DOC_BYTES" in error.reason


def test_fifty_megabyte_file_with_default_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:  # sparse: costs no disk and no time
        handle.truncate(50_000_000)
    error = only_error(read_all([path]))
    assert "5,000,000" in error.reason and "NEWSGRAPH_MAX_DOC_BYTES" in error.reason


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    error = only_error(read_all([missing]))
    assert error.origin == str(missing) and "no such file" in error.reason


def test_one_bad_input_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    items = read_all([tmp_path / "missing.txt", empty, good])
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Article"]


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root can read a chmod 000 file; see the symlink and FIFO tests"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(STORY)
    path.chmod(0)
    try:
        error = only_error(read_all([path]))
        assert "cannot read" in error.reason
    finally:
        path.chmod(0o644)


def test_unreadable_entries_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(STORY)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    items = read_all([tmp_path])
    errors = {Path(i.origin).name: i.reason for i in items if isinstance(i, InputError)}
    assert "broken symbolic link" in errors["dangling.txt"]
    assert "not a regular file" in errors["pipe.txt"]
    assert [Path(i.origin).name for i in items if isinstance(i, Article)] == ["good.txt"]


def test_read_error_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, chmod 000 does not stop reads; simulate the permission error the user would see."""
    path = tmp_path / "locked.txt"
    path.write_text(STORY)

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    error = only_error(read_all([path]))
    assert "Permission denied" in error.reason and "permissions" in error.reason


# --- folders ----------------------------------------------------------------------------------------


def test_directory_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "z.txt").write_text(STORY)
    (tmp_path / "a" / "y.TXT").write_text(STORY)
    (tmp_path / "a" / "y.meta.json").write_text('{"published": "2020-01-02"}')
    (tmp_path / "m.htm").write_text(ARTICLE_HTML)
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / "data.json").write_text("{}")
    items = read_all([tmp_path])
    names = [Path(i.origin).relative_to(tmp_path).as_posix() for i in items]
    assert names == ["a/y.TXT", "b/z.txt", "m.htm"]
    assert all(isinstance(i, Article) for i in items)
    assert items[0].published == dt.date(2020, 1, 2)  # type: ignore[union-attr]
    assert read_all([tmp_path]) == items  # stable


def test_folder_without_articles_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("nothing here")
    error = only_error(read_all([tmp_path]))
    assert "no .txt" in error.reason and error.origin == str(tmp_path)


def test_explicit_json_file_is_one_document(tmp_path: Path) -> None:
    good = tmp_path / "one.json"
    good.write_text(json.dumps({"text": STORY, "published": "2020-05-06"}))
    bad = tmp_path / "two.json"
    bad.write_text("[1, 2]")
    article, error = read_all([good, bad])
    assert isinstance(article, Article) and article.text == STORY and article.published == dt.date(2020, 5, 6)
    assert isinstance(error, InputError) and error.origin == str(bad)


def test_explicit_sidecar_path_is_not_an_article(tmp_path: Path) -> None:
    meta = tmp_path / "x.meta.json"
    meta.write_text("{}")
    assert read_all([meta]) == []


# --- HTML -------------------------------------------------------------------------------------------


def test_html_article(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    article = only_article(read_all([path]))
    assert article.text is not None and "Rebel fighters seized the river town" in article.text
    # The reader comment travels with the page text, under its header, and the cleaner keeps it as
    # a comment: never in the body (it had been dropped altogether for HTML pages).
    from newsgraph.ingest.clean import clean_text

    cleaned = clean_text(article.text)
    assert "commenter opinion" not in cleaned.body_text()
    assert [c for c in cleaned.comments if "commenter opinion" in c.text], cleaned.comments
    assert "Politics" not in article.text
    assert article.html == ARTICLE_HTML
    assert article.title == "Rebels seize river town"
    assert article.published == dt.date(2019, 4, 3) and article.published_source == "html"
    assert article.url == "https://example.org/world/rebels-seize-river-town"
    assert article.source == "Example News"


def test_html_comments_are_extracted_separately() -> None:
    from newsgraph.ingest.html import extract_html

    extract = extract_html(ARTICLE_HTML)
    assert "commenter opinion" not in extract.text
    assert extract.comments is not None and "commenter opinion" in extract.comments


def test_html_without_article(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text(NO_ARTICLE_HTML)
    error = only_error(read_all([path]))
    assert "no article text" in error.reason


def test_html_sidecar_and_cli_override(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_HTML)
    (tmp_path / "page.meta.json").write_text('{"published": "2019-04-05", "source": "Wire"}')
    article = only_article(read_all([path]))
    assert (article.published, article.published_source, article.source) == (
        dt.date(2019, 4, 5),
        "sidecar",
        "Wire",
    )
    cli = only_article(read_all([path], overrides=MetadataOverrides(published=dt.date(2019, 4, 6))))
    assert cli.published_source == "cli"


# --- JSONL ------------------------------------------------------------------------------------------


def test_jsonl_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps(
            {"id": "a1", "text": STORY, "published": "2015-10-08T09:00:00Z", "title": "T", "source": "S"}
        ),
        "this is not json",
        json.dumps({"title": "no text here"}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"html": ARTICLE_HTML, "url": "https://u.org/x"}),
        json.dumps({"text": "Second story about an air strike on a convoy.", "published": "garbage"}),
        json.dumps({"html": NO_ARTICLE_HTML}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all([path])
    origins = [i.origin for i in items]
    assert origins == [f"{path}:{n}" for n in (1, 2, 3, 5, 6, 7, 8)]
    first, bad_json, no_text, not_object, html, bad_date, no_article = items
    assert isinstance(first, Article)
    assert (first.id, first.title, first.source, first.text) == ("a1", "T", "S", STORY)
    assert first.published == dt.date(2015, 10, 8) and first.published_source == "jsonl"
    assert isinstance(bad_json, InputError) and "not valid JSON" in bad_json.reason
    assert isinstance(no_text, InputError) and '"text" or "html"' in no_text.reason
    assert isinstance(not_object, InputError) and "object" in not_object.reason
    assert isinstance(html, Article) and html.text is not None and "Rebel fighters" in html.text
    assert html.url == "https://u.org/x" and html.published_source == "html"
    assert (
        isinstance(bad_date, Article)
        and bad_date.published is None
        and bad_date.published_source == "unknown"
    )
    assert isinstance(no_article, InputError)


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": "short story"}) + "\n")
    items = read_all([path], max_bytes=100)
    assert isinstance(items[0], InputError) and "NEWSGRAPH_MAX_DOC_BYTES" in items[0].reason
    assert items[0].origin == f"{path}:1"
    assert isinstance(items[1], Article) and items[1].text == "short story"


def test_jsonl_overrides(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": "story", "published": "2015-10-08"}) + "\n")
    article = only_article(read_all([path], overrides=MetadataOverrides(published=dt.date(2016, 1, 1))))
    assert article.published == dt.date(2016, 1, 1) and article.published_source == "cli"


# --- dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-10-08", dt.date(2015, 10, 8)),
        ("2015-10-08T23:30:00+02:00", dt.date(2015, 10, 8)),
        ("2015-10-08T10:00:00Z", dt.date(2015, 10, 8)),
        ("Oct. 8, 2015", dt.date(2015, 10, 8)),
        ("8 October 2015", dt.date(2015, 10, 8)),
        ("Thu, 08 Oct 2015 10:00:00 GMT", dt.date(2015, 10, 8)),
        ("08.10.2015", dt.date(2015, 10, 8)),
        (1444298400, dt.date(2015, 10, 8)),
        ("1444298400", dt.date(2015, 10, 8)),
        (dt.datetime(2015, 10, 8, 12), dt.date(2015, 10, 8)),
        (dt.date(2015, 10, 8), dt.date(2015, 10, 8)),
        ("2015-02-30", None),
        ("yesterday", None),
        ("3 days ago", None),
        ("2017", None),
        ("garbage", None),
        ("", None),
        (None, None),
        (True, None),
        (["2015-10-08"], None),
        (10**20, None),
        ("x" * 500, None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


# --- seeds ------------------------------------------------------------------------------------------


@pytest.mark.shared
def test_seeds_read_without_dates(seeds_dir: Path) -> None:
    items = read_all([seeds_dir])
    assert len(items) == 2 and all(isinstance(i, Article) for i in items)
    for article in items:
        assert isinstance(article, Article)
        assert article.published is None and article.published_source == "unknown"
        assert article.text is not None and "Soleimani" in article.text


def test_html_comments_reach_the_knowledge_base_as_comments(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    """End to end: an HTML page's reader comments are stored, marked user-generated, and their
    claims of fact stay out of the article's events."""
    from helpers import events_of as list_events

    from newsgraph.ingest.run import ingest_paths
    from newsgraph.kb.store import open_kb

    page = tmp_path / "page.html"
    page.write_text(
        ARTICLE_HTML.replace(
            "Terrible news for the people who live there, commenter opinion.",
            "Government jets also bombed Kafr Nabl yesterday, nobody reports it.",
        ),
        encoding="utf-8",
    )
    with open_kb(tmp_path / "kb.db") as kb:
        ingest_paths([page], kb=kb, pipeline=pipeline)
        stored = [row[0] for row in kb.conn.execute("SELECT text FROM comments")]
        assert any("Kafr Nabl" in text for text in stored), stored
        body_events = list_events(kb)
        assert not [e for e in body_events if "bombed" in " ".join(s.sentence for s in e.sources)]


def test_warc_payload_with_a_malformed_charset_is_still_decoded() -> None:
    """Found by the WARC fuzz test in a clean-clone run: a charset with a NUL in it made
    ``bytes.decode`` raise ValueError (not LookupError), and the reader crashed."""
    from newsgraph.ingest.warc import _decode

    assert _decode(b"Rebels took the town.", "utf-8\x00") == "Rebels took the town."
    latin = "Les rebelles ont pris la ville de Goma mardi, a déclaré l'armée congolaise dans un communiqué."
    assert _decode(latin.encode("latin-1"), "no-such-codec") == latin  # an unknown codec: guessed
