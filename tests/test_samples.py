"""The sample corpus (newsgraph/data/samples) is well-formed, and its gold file describes it truthfully.

The corpus is the demo's input and the main fixture of other tests, so a broken sidecar, a
JSONL line without text or a gold string that the document does not contain fails here first.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES

GOLD = json.loads((SAMPLES / "gold.json").read_text(encoding="utf-8"))
GOLD_DOCS: dict[str, dict[str, Any]] = GOLD["documents"]
SIDECAR_KEYS = {"url", "title", "source", "published"}
PUBLISHED_META = re.compile(r'<meta\s+property="article:published_time"\s+content="([^"]+)"', re.I)


def _date(value: str) -> dt.date:
    # Accepts "YYYY-MM-DD" and ISO timestamps ("2016-03-27T17:40:00+03:00").
    return dt.date.fromisoformat(value[:10])


def _jsonl_records(path: Path) -> Iterator[dict[str, Any]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def corpus_documents() -> dict[str, tuple[str, str]]:
    """Every document in the corpus: key (as in gold.json) -> (format, raw text or HTML)."""
    docs: dict[str, tuple[str, str]] = {}
    for path in sorted(SAMPLES.rglob("*")):
        rel = path.relative_to(SAMPLES).as_posix()
        if path.suffix == ".txt":
            docs[rel] = ("txt", path.read_text(encoding="utf-8"))
        elif path.suffix in {".html", ".htm"}:
            docs[rel] = ("html", path.read_text(encoding="utf-8"))
        elif path.suffix == ".jsonl":
            for record in _jsonl_records(path):
                docs[f"{rel}#{record['id']}"] = ("jsonl", record.get("text") or record.get("html") or "")
    return docs


DOCS = corpus_documents()


def searchable(raw: str) -> str:
    """The text a reader sees: entities decoded, tags removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def sidecars() -> list[Path]:
    return sorted(SAMPLES.rglob("*.meta.json"))


@pytest.mark.parametrize("sidecar", sidecars(), ids=lambda p: p.name)
def test_sidecar_is_valid_json_with_a_parseable_date(sidecar: Path) -> None:
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    assert isinstance(meta, dict)
    assert set(meta) <= SIDECAR_KEYS, f"unknown keys {set(meta) - SIDECAR_KEYS}"
    assert meta.get("title") and meta.get("source") and meta.get("url", "").startswith("https://")
    assert _date(meta["published"]).year >= 2000
    article = sidecar.with_name(sidecar.name.removesuffix(".meta.json") + ".txt")
    assert article.is_file(), f"{sidecar.name} has no article next to it"


def test_every_text_file_has_a_sidecar_except_the_undated_one() -> None:
    without = {
        p.relative_to(SAMPLES).as_posix()
        for p in SAMPLES.rglob("*.txt")
        if not p.with_name(p.stem + ".meta.json").exists()
    }
    undated = {key for key, gold in GOLD_DOCS.items() if gold["published"] is None}
    assert without == undated
    assert len(undated) == 1


def test_jsonl_lines_parse_and_carry_text_or_html() -> None:
    files = sorted(SAMPLES.rglob("*.jsonl"))
    assert files
    records = [r for f in files for r in _jsonl_records(f)]
    assert len(records) >= 4
    assert len({r["id"] for r in records}) == len(records), "JSONL ids must be unique"
    for record in records:
        assert (record.get("text") or record.get("html") or "").strip(), record["id"]
        assert _date(record["published"])
    assert any("html" in r for r in records), "one JSONL record should carry HTML instead of text"


@pytest.mark.parametrize("name", sorted(k for k, v in DOCS.items() if v[0] == "html"))
def test_html_pages_look_like_real_pages(name: str) -> None:
    page = DOCS[name][1]
    assert re.search(r"<title>[^<]+</title>", page)
    assert 'property="og:site_name"' in page
    assert "<nav" in page and "<article" in page and "<footer" in page
    found = PUBLISHED_META.search(page)
    assert found and _date(found.group(1)).isoformat() == GOLD_DOCS[name]["published"]


def test_corpus_size_formats_and_conflicts() -> None:
    assert len(DOCS) >= 12
    formats = {fmt for fmt, _ in DOCS.values()}
    assert formats >= {"txt", "html", "jsonl"}
    assert sum(fmt == "txt" for fmt, _ in DOCS.values()) >= 5
    assert sum(fmt == "html" and "#" not in key for key, (fmt, _) in DOCS.items()) >= 4
    assert len({g["conflict"].split(":")[0] for g in GOLD_DOCS.values()}) >= 4


@pytest.mark.parametrize("name", sorted(DOCS))
def test_document_length_is_a_short_article(name: str) -> None:
    words = len(searchable(DOCS[name][1]).split())
    assert 150 <= words <= 650, f"{name}: {words} words"


def test_gold_and_corpus_cover_each_other() -> None:
    assert set(GOLD_DOCS) == set(DOCS), "every document needs a gold entry and every gold entry a document"


def _gold_strings(entry: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for field in ("actors", "places"):
        for item in entry[field]:
            for text in [item["name"], *item.get("aliases", [])]:
                yield field, text
    for item in entry["dates"]:
        yield "dates", item["text"]
    for field in ("must_not", "comment_only"):
        for text in entry.get(field, []):
            yield field, text


@pytest.mark.parametrize("name", sorted(GOLD_DOCS))
def test_every_gold_string_occurs_in_its_document(name: str) -> None:
    text = searchable(DOCS[name][1])
    entry = GOLD_DOCS[name]
    assert entry["actors"] and entry["places"] and entry["dates"]
    missing = [(field, s) for field, s in _gold_strings(entry) if s not in text]
    assert not missing, f"{name}: not in the text: {missing}"


@pytest.mark.parametrize("name", sorted(GOLD_DOCS))
def test_gold_dates_are_timeml_values(name: str) -> None:
    pattern = re.compile(r"^\d{4}(-(\d{2}(-\d{2})?|W\d{2}|SU|SP|FA|WI))?$")
    for item in GOLD_DOCS[name]["dates"]:
        value = item["value"]
        if GOLD_DOCS[name]["published"] is None:
            # Relative expressions cannot be resolved without an anchor; absolute ones can.
            assert value is None or pattern.match(value)
        else:
            assert value and pattern.match(value), item


def test_gold_published_matches_the_metadata() -> None:
    for key, entry in GOLD_DOCS.items():
        if "#" in key:
            file, record_id = key.split("#", 1)
            record = next(r for r in _jsonl_records(SAMPLES / file) if r["id"] == record_id)
            assert record["published"] == entry["published"], key
        elif key.endswith(".txt"):
            sidecar = SAMPLES / (key.removesuffix(".txt") + ".meta.json")
            meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
            assert meta.get("published") == entry["published"], key


def test_duplicate_shares_the_body_of_its_original() -> None:
    pairs = [(k, e["duplicate_of"]) for k, e in GOLD_DOCS.items() if e.get("duplicate_of")]
    assert pairs and all(k.startswith("dupes/") for k, _ in pairs)
    for copy, original in pairs:

        def paragraphs(key: str) -> set[str]:
            return {p.strip() for p in DOCS[key][1].split("\n\n") if len(p.split()) >= 25}

        shared = paragraphs(copy) & paragraphs(original)
        assert len(shared) >= 5, f"{copy} should republish the body of {original}"
        assert DOCS[copy][1] != DOCS[original][1], "a republication differs in its page furniture"


def test_same_event_pair_comes_from_two_outlets() -> None:
    pairs = {(k, e["same_event_as"]) for k, e in GOLD_DOCS.items() if e.get("same_event_as")}
    assert pairs and all((b, a) in pairs for a, b in pairs), "same_event_as must be symmetric"
    for a, b in pairs:
        assert DOCS[a][0] != DOCS[b][0] or a != b
        assert GOLD_DOCS[a]["published"] == GOLD_DOCS[b]["published"]
        titles = re.findall(r"<title>([^<|]+)", DOCS[b][1]) or [DOCS[b][1].splitlines()[0]]
        assert titles[0].strip() not in DOCS[a][1], "two outlets write different headlines"


def test_readers_take_the_whole_corpus_with_its_dates() -> None:
    from newsgraph.errors import InputError
    from newsgraph.ingest import read_paths

    items = list(read_paths([SAMPLES]))
    errors = [i for i in items if isinstance(i, InputError)]
    assert not errors, errors
    assert len(items) == len(DOCS)
    published = sorted(str(i.published) for i in items if not isinstance(i, InputError))
    expected = sorted(str(_date(g["published"])) if g["published"] else "None" for g in GOLD_DOCS.values())
    assert published == expected
