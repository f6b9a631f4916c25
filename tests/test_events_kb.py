"""Cross-document event merging in the knowledge base, analyst merge/split, and the seed must-holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import casualties_of as casualties
from helpers import claims_of as list_claims
from helpers import events_of as list_events
from helpers import whereabouts_of as whereabouts

from newsgraph.kb.events import merge_events, split_event
from newsgraph.kb.store import KnowledgeBase, open_kb

STRIKE_A = (
    "Russian jets killed four Hayat Tahrir al-Sham fighters in an air strike near Idlib on Tuesday, "
    "the Syrian Observatory for Human Rights said.\n\nThe group did not comment."
)
STRIKE_B = (
    "Four Hayat Tahrir al-Sham fighters were reportedly killed in a Russian air strike near Idlib on "
    "Tuesday, activists claimed.\n\nThe town lies on a main highway."
)
OTHER = (
    "Government troops shelled the village of Kafr Nabl on Sunday, killing three civilians, "
    "local rescuers said.\n\nThe army made no statement."
)


def _ingest(kb: KnowledgeBase, pipeline, texts: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    for text, source, origin in texts:
        kb.add(pipeline.extract(text, published=dt.date(2020, 3, 5), source=source, origin=origin))


def _strike_events(kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    return [e for e in list_events(kb) if e.type == "ASSAULT" and e.fatalities == 4]


def test_same_strike_from_two_outlets_is_one_event_with_two_sources(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    with open_kb(tmp_path / "kb.db") as kb:
        _ingest(
            kb,
            pipeline,
            [(STRIKE_A, "Wire One", "a.txt"), (STRIKE_B, "Daily Two", "b.txt"), (OTHER, "W", "c.txt")],
        )
        strikes = _strike_events(kb)
        assert len(strikes) == 1
        event = strikes[0]
        assert len({s.document for s in event.sources}) == 2
        statuses = sorted(s.status for s in event.sources)
        assert statuses == ["claimed", "reported"]  # each source keeps its own status
        assert event.status == "reported"  # the event shows the most certain report
        assert any(s.merge_reason and "ASSAULT" in s.merge_reason for s in event.sources)
        # The shelling elsewhere is a different event.
        assert not any(len(e.sources) > 1 for e in list_events(kb) if e.id != event.id)


def test_comment_events_never_merge_with_article_events(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    with_comments = (
        STRIKE_B
        + "\n\nComments\n\nAbu Ali says:\n\nRussian jets killed four Hayat Tahrir al-Sham fighters near Idlib on Tuesday.\n\nReply"
    )
    with open_kb(tmp_path / "kb.db") as kb:
        _ingest(kb, pipeline, [(STRIKE_A, "Wire One", "a.txt"), (with_comments, "Forum", "f.txt")])
        rows = kb.conn.execute(
            "SELECT e.id, s.in_comments FROM events e JOIN event_sources s ON s.event_id = e.id"
        ).fetchall()
        by_event: dict[int, set[int]] = {}
        for event_id, in_comments in rows:
            by_event.setdefault(event_id, set()).add(in_comments)
        assert all(len(flags) == 1 for flags in by_event.values())


def test_split_and_merge_survive_reingest(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    texts = [(STRIKE_A, "Wire One", "a.txt"), (STRIKE_B, "Daily Two", "b.txt"), (OTHER, "W", "c.txt")]
    with open_kb(tmp_path / "kb.db") as kb:
        _ingest(kb, pipeline, texts)
        (strike,) = _strike_events(kb)
        kb.conn.execute("BEGIN")
        ids = split_event(kb.conn, strike.id, note="different strikes")
        kb.conn.execute("COMMIT")
        assert len(ids) == 2 and len(_strike_events(kb)) == 2
        shelling = next(e for e in list_events(kb) if e.fatalities == 3)
        kb.conn.execute("BEGIN")
        merge_events(kb.conn, shelling.id, ids[1])
        kb.conn.execute("COMMIT")

        # Re-ingest: drop every document (facts cascade) and store them again.
        kb.conn.execute("DELETE FROM documents")
        kb.conn.execute("DELETE FROM events")
        _ingest(kb, pipeline, texts)
        strikes = _strike_events(kb)
        merged = [e for e in list_events(kb) if len({s.document for s in e.sources}) > 1]
        assert len(merged) == 1  # the analyst's merge, not the automatic one
        assert {s.fatalities for s in merged[0].sources} == {3, 4}
        assert len(strikes) >= 1


# --- seeds ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_kb(tmp_path_factory, seeds_dir: Path, pipeline):  # type: ignore[no-untyped-def]
    kb = open_kb(tmp_path_factory.mktemp("seeds") / "kb.db")
    for name, published in (
        ("004_1e71b6d07dadab67.txt", "2015-10-14"),
        ("000_61624bcb3de22ada.txt", "2017-04-01"),
    ):
        text = (seeds_dir / name).read_text(encoding="utf-8")
        kb.add(pipeline.extract(text, published=dt.date.fromisoformat(published), origin=name))
    yield kb
    kb.close()


@pytest.mark.shared
def test_seed_whereabouts_of_soleimani(seed_kb: KnowledgeBase) -> None:
    rows = whereabouts(seed_kb, "qassem soleimani")
    dates = [r.date_start for r in rows if r.date_start]
    assert dates == sorted(dates)

    def found(place_word: str, month: str) -> list[str]:
        return [
            r.status
            for r in rows
            if place_word in (r.place.name + " " + (r.place.admin1 or "")).lower()
            and (r.date_start or "").startswith(month)
            and r.sources
        ]

    hama = found("ama", "2017-03") + found("ama", "2017-04")
    assert hama and "confirmed" not in hama and set(hama) & {"reported", "unverified", "claimed", "alleged"}
    assert found("golan", "2015-10")
    assert found("dhiq", "2015-10") or found("latakia", "2015-10")
    assert found("lebanon", "2015-01-19")


@pytest.mark.shared
def test_seed_irgc_casualties(seed_kb: KnowledgeBase) -> None:
    rows = casualties(seed_kb, affiliation="IRGC")
    named = {v.name: r for r in rows for v in r.victims if v.name}
    assert "Hossein Hamedani" in named and named["Hossein Hamedani"].date_start == "2015-10-08"
    assert named["Hossein Hamedani"].place is not None and named["Hossein Hamedani"].place.name == "Aleppo"
    allahdadi = named["Mohammed Ali Allahdadi"]
    assert allahdadi.date_start == "2015-01-18" and allahdadi.place is not None
    assert "golan" in allahdadi.place.name.lower()
    descriptions = " | ".join(v.description or "" for r in rows for v in r.victims)
    assert "Basij" in descriptions and "Guard members" in descriptions
    ranks = {v.rank for r in rows for v in r.victims}
    assert "brigadier general second class" in ranks
    # Not IRGC: Hezbollah fighters and Israeli soldiers stay out of an IRGC listing.
    assert "Hezbollah fighters" not in descriptions and "IDF" not in descriptions


@pytest.mark.shared
def test_seed_comment_claims_need_the_flag(seed_kb: KnowledgeBase) -> None:
    plain = list_claims(seed_kb)
    everything = list_claims(seed_kb, include_comments=True)
    assert not any(c.in_comments for c in plain)
    from_comments = [c for c in everything if c.in_comments]
    assert any("10,000" in c.value for c in from_comments)
    assert not any("10,000" in c.value for c in plain)


def test_older_kb_gets_participant_name_keys_backfilled(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    """A knowledge base from before migration 10 has no name_key column: opening it adds the
    column and fills it from the participant text, so "events of ACTOR" finds the same events."""
    from newsgraph.kb.facts import name_key
    from newsgraph.query.filters import EventFilter

    db = tmp_path / "kb.db"
    flt = EventFilter(actor="Hayat Tahrir al-Sham")
    with open_kb(db) as kb:
        _ingest(kb, pipeline, [(STRIKE_A, "Wire One", "a.txt"), (OTHER, "W", "c.txt")])
        # A participant whose actor was never resolved is found by its name alone (spaced and
        # cased differently from the actor's name, as a writer might have stored it).
        text = "  Hayat\u00a0TAHRIR  al-Sham "
        kb.conn.execute(
            "UPDATE event_participants SET actor_id = NULL, text = ?, name_key = ? WHERE role = 'target'"
            " AND event_id = (SELECT min(event_id) FROM event_participants)",
            (text, name_key(text)),
        )
        expected = [e.id for e in list_events(kb, flt)]
        keys = kb.conn.execute("SELECT id, name_key FROM event_participants ORDER BY id").fetchall()
        # Downgrade to schema 9: the column and its index did not exist yet.
        kb.conn.executescript(
            "DROP INDEX event_participants_name_key;"
            " ALTER TABLE event_participants DROP COLUMN name_key; PRAGMA user_version = 9;"
        )
    assert expected and keys
    with open_kb(db) as kb:
        rows = kb.conn.execute("SELECT id, text, name_key FROM event_participants ORDER BY id").fetchall()
        assert [(i, k) for i, _, k in rows] == keys
        assert all(k == name_key(text) for _, text, k in rows)
        assert [e.id for e in list_events(kb, flt)] == expected


def test_name_key_folds_whitespace_and_unicode_case() -> None:
    from newsgraph.kb.facts import name_key

    assert name_key("  Hayat\u00a0Tahrir\n al-SHAM ") == "hayat tahrir al-sham"
    assert name_key("ÖZGÜR Özel") == "özgür özel"  # SQLite's lower() would leave Ö/Ü upper-case


DNIPRO_AP = (
    "KYIV, Ukraine (AP) — A Russian missile slammed into an apartment building in the central Ukrainian city "
    "of Dnipro on Friday, killing nine people and wounding 34, regional Governor Serhiy Lysak said."
)
DNIPRO_REUTERS = (
    "KYIV, Jan 12 (Reuters) - Nine people were killed and 34 wounded when a Russian missile hit a residential "
    "building in Dnipro on Friday, Dnipropetrovsk regional governor Serhiy Lysak said."
)


def test_a_strike_told_two_ways_by_two_outlets_is_one_event(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    """AP's "slammed into ..., killing nine" (one event with its toll) and Reuters' "were killed ...
    when a missile hit" meet as one strike with nine dead and both outlets as sources."""
    with open_kb(tmp_path / "kb.db") as kb:
        for text, source in ((DNIPRO_AP, "AP"), (DNIPRO_REUTERS, "Reuters")):
            kb.add(
                pipeline.extract(text, published=dt.date(2024, 1, 12), source=source, origin=f"{source}.txt")
            )
        strikes = [e for e in list_events(kb) if e.type == "ASSAULT"]
        assert len(strikes) == 1, [(e.fatalities, [s.sentence[:40] for s in e.sources]) for e in strikes]
        assert strikes[0].fatalities == 9 and len({s.document for s in strikes[0].sources}) == 2


HEADLINED = (
    "Gunmen kill 12 in attack on Nigerian village\n\n"
    "Gunmen killed at least 12 people in a raid on a village in Nigeria's Zamfara state on Monday, "
    "police said.\n\n"
    "Residents said soldiers later shelled a nearby hideout on Tuesday."
)


def test_the_lead_restating_the_headline_is_one_event(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    """A scraped article's headline and its lead report the same killing: one event; a later,
    different report of the same type stays its own event.

    Since within-document coreference (nlp/events/coref.py) the extractor merges the headline into
    the lead's event (the headline is in ``Event.evidence``); the knowledge base stores an event's
    own sentence as its source and does not store ``evidence`` yet, so the stored event has the
    lead as its one source (the kb's own headline join finds nothing left to join)."""
    extraction = pipeline.extract(HEADLINED, published=dt.date(2024, 3, 5), source="Wire", origin="w.txt")
    lead = [e for e in extraction.events if e.type == "ASSAULT" and e.fatalities == 12]
    assert len(lead) == 1 and [HEADLINED[s.start : s.end] for s in lead[0].evidence] == [
        "Gunmen kill 12 in attack on Nigerian village"
    ], lead
    with open_kb(tmp_path / "kb.db") as kb:
        kb.add(extraction)
        killings = [e for e in list_events(kb) if e.type == "ASSAULT" and e.fatalities == 12]
        assert len(killings) == 1, [
            (e.fatalities, [s.sentence[:30] for s in e.sources]) for e in list_events(kb)
        ]
        sentences = [s.sentence for s in killings[0].sources]
        assert sentences and sentences[0].startswith("Gunmen killed at least 12"), sentences
        shelled = [e for e in list_events(kb) if any("shelled" in s.sentence for s in e.sources)]
        assert shelled and all(len(e.sources) == 1 for e in shelled), shelled
