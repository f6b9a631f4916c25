"""The SQLite knowledge base: schema versions and migrations, duplicates and versions, every record
written, actor resolution, full-text search, failure isolation, analyst decisions."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import actor_key, search_of

from newsgraph.errors import KnowledgeBaseError
from newsgraph.kb.migrations import SCHEMA_VERSION, migrate
from newsgraph.kb.store import KnowledgeBase, connect, open_kb
from newsgraph.model import (
    Affiliation,
    Claim,
    Comment,
    Document,
    Event,
    Extraction,
    Mention,
    Participant,
    PlaceMention,
    Role,
    TextSpan,
    TimeMention,
)
from newsgraph.nlp.pipeline import Pipeline, content_id


def make_extraction(
    body: str,
    *,
    origin: str = "a.txt",
    url: str | None = None,
    comments: tuple[tuple[str, str], ...] = (),
    mentions: tuple[Mention, ...] = (),
    **records: object,
) -> Extraction:
    """An Extraction built by hand: body first, then each (author, text) comment on its own line."""
    text = body
    comment_records = []
    for author, said in comments:
        text += "\n\n"
        comment_records.append(Comment(start=len(text), end=len(text) + len(said), text=said, author=author))
        text += said
    document = Document(text=text, body=(TextSpan(0, len(body)),), comments=tuple(comment_records))
    return Extraction(
        doc_id=content_id(document.body_text()),
        document=document,
        origin=origin,
        url=url,
        mentions=mentions,
        **records,  # type: ignore[arg-type]
    )


def mention(text: str, body: str, label: str = "PERSON", **kw: object) -> Mention:
    start = body.index(text)
    return Mention(start, start + len(text), text, label, actor_key=actor_key(text), **kw)  # type: ignore[arg-type]


@pytest.fixture
def kb(tmp_path: Path) -> Iterator[KnowledgeBase]:
    with open_kb(tmp_path / "kb.db") as opened:
        yield opened


def count(kb: KnowledgeBase, table: str) -> int:
    return int(kb.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_fresh_database_is_latest_version_in_wal_mode(kb: KnowledgeBase) -> None:
    assert kb.schema_version == SCHEMA_VERSION
    assert kb.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert kb.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_pipeline_extractions_store_then_duplicate(kb: KnowledgeBase, pipeline: Pipeline) -> None:
    texts = [
        "Russian forces shelled Kharkiv on Tuesday, the governor Oleh Syniehubov said.",
        "Houthi rebels fired a missile at a tanker in the Red Sea, the US military said.",
    ]
    extractions = [pipeline.extract(t, origin=f"doc{i}.txt") for i, t in enumerate(texts)]
    first = kb.add_many(extractions)
    assert (first.new, first.duplicate, first.failed) == (2, 0, ())
    mentions_before = count(kb, "mentions")
    assert mentions_before == sum(len(e.mentions) for e in extractions) > 0
    second = kb.add_many(extractions)
    assert (second.new, second.duplicate) == (0, 2)
    assert count(kb, "documents") == 2
    assert count(kb, "mentions") == mentions_before


def test_same_body_under_another_file_name_is_a_duplicate(kb: KnowledgeBase) -> None:
    body = "Troops withdrew from the town after a week of fighting."
    kb.add(make_extraction(body, origin="one/story.txt"))
    # Whitespace differences do not make a new article.
    result = kb.add(make_extraction(body.replace(" after", "\n after"), origin="two/copy.txt"))
    assert (result.new, result.duplicate) == (0, 1)
    assert count(kb, "documents") == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            {"url": "https://example.org/a", "origin": "x.txt"},
            {"url": "https://example.org/a", "origin": "y.txt"},
        ),
        ({"origin": "old/story.txt"}, {"origin": "new/story.txt"}),
    ],
    ids=["same-url", "same-file-name"],
)
def test_changed_article_is_a_new_version(
    kb: KnowledgeBase, first: dict[str, Any], second: dict[str, Any]
) -> None:
    old = make_extraction("The ceasefire held overnight.", **first)
    new = make_extraction("The ceasefire collapsed overnight.", **second)
    kb.add(old)
    result = kb.add(new)
    assert (result.new, result.versions) == (1, 1)
    row = kb.conn.execute("SELECT previous_version FROM documents WHERE id = ?", (new.doc_id,)).fetchone()
    assert row[0] == old.doc_id


def test_unrelated_article_has_no_previous_version(kb: KnowledgeBase) -> None:
    kb.add(make_extraction("First story.", origin="a.txt"))
    other = make_extraction("Second story.", origin="b.txt")
    assert kb.add(other).versions == 0


def test_older_database_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = connect(path)
    assert migrate(conn, target=1) == 1  # a database written before full-text search existed
    conn.execute(
        "INSERT INTO documents (id, body, text, ingested_at) VALUES ('abc123', 'Shelling hit Donetsk.', 'x', 'now')"
    )
    conn.execute(
        "INSERT INTO comments (doc_id, idx, start, \"end\", author, text) VALUES ('abc123', 0, 0, 1, 'k', 'Donetsk again')"
    )
    conn.close()
    with open_kb(path) as kb:
        assert kb.schema_version == SCHEMA_VERSION
        hits = search_of(kb, "donetsk")
        assert {(h.doc_id, h.in_comments) for h in hits} == {("abc123", False), ("abc123", True)}
        assert count(kb, "decisions") == 0  # a table added by a later migration exists


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_kb(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(KnowledgeBaseError, match="newer"):
        open_kb(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(KnowledgeBaseError, match="not a newsgraph knowledge base"):
        open_kb(path)


def test_reading_a_missing_database_says_to_ingest(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="newsgraph ingest"):
        open_kb(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_mentions_with_one_key_are_one_actor(kb: KnowledgeBase) -> None:
    body = "The IRGC said IRGC units moved. the IRGC denied it. Ali met Ali Akbar."
    ms = (
        mention("The IRGC", body, "ORG"),
        Mention(body.index("IRGC units"), body.index("IRGC units") + 4, "IRGC", "GPE", actor_key="irgc"),
        Mention(body.index("the IRGC"), body.index("the IRGC") + 8, "the IRGC", "ORG", actor_key="irgc"),
        mention("Ali Akbar", body),
    )
    ex = make_extraction(body, mentions=ms)
    kb.add(ex)
    actors = kb.conn.execute("SELECT name, label, kind FROM actors ORDER BY name").fetchall()
    # 'the IRGC' / 'The IRGC' / 'IRGC' share key 'irgc'; the majority label (ORG) decides the kind.
    assert ("The IRGC", "ORG", "organization") in actors or ("the IRGC", "ORG", "organization") in actors
    assert len(actors) == 2
    aliases = kb.conn.execute(
        "SELECT alias, doc_id, a.merge_reason FROM aliases a JOIN actor_keys k ON k.actor_id = a.actor_id"
        " WHERE k.key = 'irgc' ORDER BY alias"
    ).fetchall()
    assert [a[0] for a in aliases] == ["IRGC", "The IRGC", "the IRGC"]
    assert {a[1] for a in aliases} == {ex.doc_id}
    assert {a[2] for a in aliases} == {"same actor key"}


def test_dictionary_canonical_name_wins(kb: KnowledgeBase) -> None:
    body = "Soleimani visited. Soleimani left."
    ms = tuple(
        Mention(
            i, i + 9, "Soleimani", "PERSON", "qassem soleimani", canonical="Qassem Soleimani", kind="person"
        )
        for i in (0, body.rindex("Soleimani"))
    )
    kb.add(make_extraction(body, mentions=ms))
    assert kb.conn.execute("SELECT name, kind FROM actors").fetchall() == [("Qassem Soleimani", "person")]


def test_every_record_is_written_and_places_are_shared(kb: KnowledgeBase) -> None:
    body = (
        "Rebels attacked Idlib on 8 October 2015, killing three soldiers, the army said. Somewhere else too."
    )
    idlib = body.index("Idlib")
    place = PlaceMention(
        idlib, idlib + 5, "Idlib", name="Idlib", lat=35.93, lon=36.63, country_code="SY", precision=1
    )
    unresolved = PlaceMention(body.index("Somewhere"), body.index("Somewhere") + 9, "Somewhere")
    when = body.index("8 October 2015")
    time = TimeMention(
        when, when + 14, "8 October 2015", "2015-10-08", dt.date(2015, 10, 8), dt.date(2015, 10, 8), "day"
    )
    sentence = TextSpan(0, body.index(" Somewhere"))
    trigger = body.index("attacked")
    event = Event(
        type="ASSAULT",
        mode="firearms",
        trigger=TextSpan(trigger, trigger + 8),
        trigger_text="attacked",
        sentence=sentence,
        actors=(Participant("Rebels", 0, 6, actor_key="rebels"),),
        targets=(
            Participant(
                "three soldiers", body.index("three"), body.index("three") + 14, description="soldiers"
            ),
        ),
        place=place,
        time=time,
        date_start=dt.date(2015, 10, 8),
        fatalities=3,
        attributed_to="the army",
    )
    records: dict[str, Any] = {
        "places": (place, unresolved),
        "times": (time,),
        "events": (event,),
        "claims": (
            Claim("soldiers killed", "3", sentence, "killing three soldiers", attributed_to="the army"),
        ),
        "roles": (Role("ali", "commander", TextSpan(0, 6), org_key="rebels"),),
        "affiliations": (Affiliation("ali", "member_of", "rebels", TextSpan(0, 6)),),
        "sentences": (sentence,),
    }
    ex1 = make_extraction(body, origin="one.txt", **records)
    ex2 = make_extraction(body + " Again.", origin="two.txt", places=(place,))
    result = kb.add_many([ex1, ex2])
    assert result.new == 2 and not result.failed
    counts = {
        t: count(kb, t) for t in ("places", "place_mentions", "time_mentions", "events", "event_sources")
    }
    assert counts == {"places": 1, "place_mentions": 3, "time_mentions": 1, "events": 1, "event_sources": 1}
    assert kb.conn.execute("SELECT COUNT(*) FROM place_mentions WHERE place_id IS NULL").fetchone()[0] == 1
    source = kb.conn.execute(
        "SELECT s.fatalities, s.attributed_to, pm.text, tm.value FROM event_sources s"
        " JOIN place_mentions pm ON pm.id = s.place_mention_id JOIN time_mentions tm ON tm.id = s.time_mention_id"
    ).fetchone()
    assert source == (3, "the army", "Idlib", "2015-10-08")
    roles = kb.conn.execute(
        "SELECT r.title, p.name, o.name FROM roles r JOIN actors p ON p.id = r.person_actor_id"
        " JOIN actors o ON o.id = r.org_actor_id"
    ).fetchall()
    assert roles == [("commander", "ali", "Rebels")]
    assert [r[0] for r in kb.conn.execute("SELECT role FROM event_participants ORDER BY role")] == [
        "actor",
        "target",
    ]
    assert count(kb, "claims") == count(kb, "affiliations") == 1
    assert count(kb, "sentences") == 1


def test_a_document_that_cannot_be_stored_leaves_the_rest_untouched(kb: KnowledgeBase) -> None:
    good = make_extraction(
        "Kyiv was quiet.", origin="good.txt", mentions=(mention("Kyiv", "Kyiv was quiet.", "GPE"),)
    )
    kb.add(good)
    before = kb.conn.execute("SELECT * FROM mentions ORDER BY id").fetchall()
    broken_mention = Mention(
        10, 2, "Kyiv", "GPE", actor_key="kyiv"
    )  # end before start: refused by the schema
    bad = make_extraction("Kyiv was shelled.", origin="bad.txt", mentions=(broken_mention,))
    other = make_extraction("Odesa was quiet.", origin="other.txt")
    result = kb.add_many([bad, other])
    assert result.new == 1
    assert [e.origin for e in result.failed] == ["bad.txt"]
    assert "could not store" in result.failed[0].reason
    assert (
        kb.conn.execute("SELECT * FROM mentions WHERE doc_id = ? ORDER BY id", (good.doc_id,)).fetchall()
        == before
    )
    assert not kb.conn.execute("SELECT 1 FROM documents WHERE id = ?", (bad.doc_id,)).fetchone()


def test_search_finds_bodies_and_marks_comment_hits(kb: KnowledgeBase) -> None:
    ex = make_extraction(
        "Fighters of al-Nusra entered Jisr al-Shughour.",
        comments=(("reader42", "Nusra will never hold Jisr"),),
    )
    kb.add(ex)
    hits = search_of(kb, "al-Nusra")
    assert [(h.in_comments, h.comment_author) for h in hits] == [(False, None)]
    assert "[al-Nusra]" in hits[0].snippet
    both = search_of(kb, "jisr")
    assert {(h.in_comments, h.comment_author) for h in both} == {(False, None), (True, "reader42")}
    assert search_of(kb, "Mariupol") == []


def test_analyst_merge_is_reapplied_to_later_documents(kb: KnowledgeBase) -> None:
    body = "Haj Qassem spoke. Qassem Soleimani listened."
    kb.add(make_extraction(body, mentions=(mention("Haj Qassem", body), mention("Qassem Soleimani", body))))
    kb.merge_actors("haj qassem", "qassem soleimani", note="same person")
    assert count(kb, "actors") == 1
    later = "Haj Qassem was seen again."
    ex = make_extraction(later, origin="later.txt", mentions=(mention("Haj Qassem", later),))
    kb.add(ex)
    assert count(kb, "actors") == 1
    reasons = {r[0] for r in kb.conn.execute("SELECT merge_reason FROM aliases")}
    assert "analyst merge same person" in reasons


REPORT = (
    "Army units entered the city on Saturday morning and were greeted by residents in the streets, "
    "according to videos shared online and statements from the military. The commander congratulated "
    "the troops, and celebrations were reported in several other cities. The paramilitary force had "
    "held the city for more than a year after overrunning it, and its loss cuts a main supply route "
    "to the south. A spokesman for the paramilitary force did not respond to a request for comment. "
    "Aid agencies said thousands of families had fled the fighting in recent weeks."
)


def test_republished_copy_is_a_near_duplicate(kb: KnowledgeBase) -> None:
    original = make_extraction(REPORT, origin="wire/original.txt", url="https://a.example/1")
    copy = make_extraction(
        "DIGEST | Home > Africa\n\nRepublished with permission.\n\n" + REPORT + "\n\nShare this story.",
        origin="digest/copy.txt",
        url="https://b.example/9",
    )
    other = make_extraction(
        REPORT.replace("Army units", "Rebel fighters").split(". ")[0]
        + ". "
        + " ".join(
            f"Paragraph {i} says something else entirely about a different front line." for i in range(12)
        ),
        origin="other.txt",
    )
    result = kb.add_many([original, copy, other])
    assert (result.new, result.duplicate, result.near_duplicates) == (2, 1, 1)
    assert result.duplicate_ids == (original.doc_id,)
    assert kb.conn.execute("SELECT doc_id, url FROM copies").fetchall() == [
        (original.doc_id, "https://b.example/9")
    ]


def test_edited_article_at_the_same_url_is_a_version_not_a_copy(kb: KnowledgeBase) -> None:
    kb.add(make_extraction(REPORT, url="https://a.example/1"))
    edited = make_extraction(REPORT + " Updated: the death toll rose to 12.", url="https://a.example/1")
    result = kb.add(edited)
    assert (result.new, result.versions, result.near_duplicates) == (1, 1, 0)


def test_documents_from_before_fingerprints_are_backfilled(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    conn = connect(path)
    migrate(conn, target=3)
    conn.execute(
        "INSERT INTO documents (id, url, body, text, ingested_at) VALUES ('0ld', 'https://a.example/1', ?, ?, 'x')",
        (REPORT, REPORT),
    )
    conn.close()
    with open_kb(path) as kb:
        assert count(kb, "fingerprints") > 1
        result = kb.add(make_extraction("Syndicated.\n\n" + REPORT, url="https://c.example/2"))
        assert result.duplicate_ids == ("0ld",)


def test_a_new_key_can_join_a_known_actor_across_documents(kb: KnowledgeBase) -> None:
    first = "Qassem Soleimani arrived."
    kb.add(
        make_extraction(
            first, mentions=(Mention(0, 16, "Qassem Soleimani", "PERSON", "person:qassem soleimani"),)
        )
    )
    later = "Soleimani left the front."
    kb.add(
        make_extraction(
            later, origin="b.txt", mentions=(Mention(0, 9, "Soleimani", "PERSON", "person:soleimani"),)
        )
    )
    assert count(kb, "actors") == 1
    assert kb.conn.execute("SELECT name FROM actors").fetchone()[0] == "Qassem Soleimani"
    reason = kb.conn.execute("SELECT merge_reason FROM aliases WHERE alias = 'Soleimani'").fetchone()[0]
    assert "surname" in reason
    # Different people with different surnames stay apart.
    other = "Ali Khamenei spoke."
    kb.add(
        make_extraction(
            other, origin="c.txt", mentions=(Mention(0, 12, "Ali Khamenei", "PERSON", "person:ali khamenei"),)
        )
    )
    assert count(kb, "actors") == 2


def test_analyst_decisions_survive_migrations(tmp_path: Path) -> None:
    """A merge recorded by an older schema (before decisions were rebuilt in migration 7) still
    applies after the database is migrated to the current version."""
    path = tmp_path / "old.db"
    conn = connect(path)
    migrate(conn, target=6)
    conn.execute(
        "INSERT INTO decisions (action, subject, object, note, created_at)"
        " VALUES ('merge_actors', 'haj qassem', 'qassem soleimani', 'same person', '2024-01-01T00:00:00+00:00')"
    )
    conn.close()
    with open_kb(path) as kb:
        assert kb.schema_version == SCHEMA_VERSION
        body = "Haj Qassem spoke. Qassem Soleimani listened."
        kb.add(
            make_extraction(body, mentions=(mention("Haj Qassem", body), mention("Qassem Soleimani", body)))
        )
        assert count(kb, "actors") == 1
        reasons = {r[0] for r in kb.conn.execute("SELECT merge_reason FROM aliases")}
        assert "analyst merge same person" in reasons
