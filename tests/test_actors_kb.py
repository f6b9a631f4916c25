"""Actors in the knowledge base: one row per real actor across documents (the seed must-holds),
dictionary names for actors known only as an affiliation's object, and analyst merges and splits
that survive re-ingest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import actors_of as list_actors
from helpers import dossier_of as actor_dossier

from newsgraph.cli.actors import merge_actors, split_actor
from newsgraph.errors import KnowledgeBaseError, NotFoundError
from newsgraph.kb.store import KnowledgeBase, open_kb
from newsgraph.model import Affiliation, Document, Extraction, Mention, Role, TextSpan
from newsgraph.nlp.pipeline import Pipeline, content_id
from newsgraph.query.actors import ActorSummary
from newsgraph.query.dossier import AmbiguousActorError, find_actor

SEEDS = {"004_1e71b6d07dadab67.txt": dt.date(2015, 10, 14), "000_61624bcb3de22ada.txt": dt.date(2017, 4, 1)}


# --- the seeds -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_kb(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, pipeline: Pipeline
) -> Iterator[KnowledgeBase]:
    with open_kb(tmp_path_factory.mktemp("actors") / "seeds.db") as kb:
        for name, published in SEEDS.items():
            text = (seeds_dir / name).read_text(encoding="utf-8")
            kb.add(pipeline.extract(text, published=published, origin=name))
        yield kb


def _with_alias(actors: list[ActorSummary], *aliases: str) -> list[ActorSummary]:
    want = {a.lower() for a in aliases}
    return [a for a in actors if want & {n.lower() for n in a.aliases}]


@pytest.mark.shared
def test_soleimani_is_one_actor_in_both_documents_with_his_command(seeds_kb: KnowledgeBase) -> None:
    actors = list_actors(seeds_kb)
    hits = _with_alias(actors, "Qassem Soleimani", "Soleimani")
    assert len(hits) == 1
    soleimani = hits[0]
    assert {"Qassem Soleimani", "Soleimani"} <= set(soleimani.aliases)
    assert len(soleimani.documents) == 2
    assert soleimani.kind == "person"
    assert any(r.title.lower() in ("chief", "commander") and "Quds" in (r.of or "") for r in soleimani.roles)
    # Roles are dated by their document.
    assert {r.date for r in soleimani.roles} == {d.isoformat() for d in SEEDS.values()}


@pytest.mark.shared
def test_irgc_quds_force_and_hezbollah_are_one_actor_each(seeds_kb: KnowledgeBase) -> None:
    actors = list_actors(seeds_kb)
    irgc = _with_alias(
        actors, "IRGC", "Islamic Revolutionary Guard Corps", "Revolutionary Guard", "Revolutionary Guards"
    )
    assert len(irgc) == 1
    lowered = {n.lower() for n in irgc[0].aliases}
    assert {"irgc", "islamic revolutionary guard corps"} <= lowered
    assert lowered & {"revolutionary guard", "revolutionary guards", "iranian revolutionary guards"}
    assert (irgc[0].sector, irgc[0].country) == ("MIL", "IR")  # dictionary actors carry both

    quds = _with_alias(actors, "Quds Force", "Qods Force", "al-Quds Force")
    assert len(quds) == 1
    assert len({n.lower() for n in quds[0].aliases} & {"quds force", "qods force", "al-quds force"}) >= 2
    assert any(a.relation == "part_of" and a.other == irgc[0].name for a in quds[0].affiliations)

    hezbollah = _with_alias(actors, "Hezbollah")
    assert len(hezbollah) == 1 and len(hezbollah[0].documents) == 2


@pytest.mark.shared
def test_nav_links_commenters_and_editor_are_not_body_actors(seeds_kb: KnowledgeBase) -> None:
    everyone = list_actors(seeds_kb, include_comments=True)
    for name in ("Boko Haram", "Al shabaab"):
        assert not list_actors(seeds_kb, name, include_comments=True)
    body = list_actors(seeds_kb)
    body_names = {n.lower() for a in body for n in a.aliases}
    authors = {r[0] for r in seeds_kb.conn.execute("SELECT author FROM comments WHERE author IS NOT NULL")}
    assert authors, "the seed's comments were not kept"
    for author in authors:
        assert author.lower() not in body_names
    assert not any("tuttle" in n for n in body_names)  # the newsletter's New Media Editor
    # A commenter the pipeline keyed is listed only with --include-comments, and marked.
    from_comments = [a for a in everyone if a.from_comments]
    assert all(a.mentions == 0 and a.comment_mentions > 0 for a in from_comments)
    assert not {a.id for a in from_comments} & {a.id for a in body}


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "title_words"),
    [
        ("Hossein Hamedani", {"gen", "general", "commander"}),
        ("Mohammad Ali Jafari", {"gen", "general", "chief", "commander"}),
        ("Mohammed Ali Allahdadi", {"brigadier", "general"}),
        ("Hassan Nasrallah", {"chief", "leader", "secretary"}),
    ],
)
def test_named_officers_are_distinct_people_with_titles(
    seeds_kb: KnowledgeBase, name: str, title_words: set[str]
) -> None:
    people = list_actors(seeds_kb, kind="person")
    hits = [a for a in people if name in a.aliases]
    assert len(hits) == 1, [a.name for a in hits]
    others = {"Hossein Hamedani", "Mohammad Ali Jafari", "Mohammed Ali Allahdadi", "Hassan Nasrallah"} - {
        name
    }
    assert not others & set(hits[0].aliases)
    words = {w.strip(".").lower() for r in hits[0].roles for w in r.title.split()}
    assert words & title_words


@pytest.mark.shared
def test_dossier_has_sentences_reasons_and_events(seeds_kb: KnowledgeBase) -> None:
    dossier = actor_dossier(seeds_kb, "Soleimani")
    assert dossier.name.endswith("Soleimani")
    assert dossier.mentions == len([m for m in dossier.mention_sentences if not m.in_comments])
    assert all(m.text in m.sentence for m in dossier.mention_sentences)
    assert dossier.merged_because and all(r.reason for r in dossier.merged_because)
    assert all(
        any(p.id == dossier.id for p in (*e.actors, *e.targets)) or e.actors or e.targets
        for e in dossier.events
    )


# --- hand-made extractions -----------------------------------------------------------------------


def _extraction(
    body: str, *, origin: str, mentions: tuple[Mention, ...] = (), **records: object
) -> Extraction:
    document = Document(text=body, body=(TextSpan(0, len(body)),))
    return Extraction(
        doc_id=content_id(body), document=document, origin=origin, published=dt.date(2020, 1, 2),
        mentions=mentions, **records,  # type: ignore[arg-type]
    )  # fmt: skip


def _mention(body: str, text: str, key: str, label: str = "PERSON", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Mention(
        start, start + len(text), text, label, actor_key=key, kind="person" if label == "PERSON" else None
    )


@pytest.fixture
def kb(tmp_path: Path) -> Iterator[KnowledgeBase]:
    with open_kb(tmp_path / "kb.db") as opened:
        yield opened


def _two_soleimani_documents() -> list[Extraction]:
    first = "Qassem Soleimani, chief of the Quds Force, arrived."
    later = "Soleimani left the front."
    return [
        _extraction(
            first, origin="a.txt", mentions=(_mention(first, "Qassem Soleimani", "person:qassem soleimani"),),
            roles=(Role("person:qassem soleimani", "chief", TextSpan(0, 38), org_key="dict:irgc-qods-force"),),
        ),
        _extraction(later, origin="b.txt", mentions=(_mention(later, "Soleimani", "person:soleimani"),)),
    ]  # fmt: skip


def _rebuild(kb: KnowledgeBase, extractions: list[Extraction]) -> KnowledgeBase:
    """What an analyst does after a pipeline upgrade: drop the extracted rows, ingest again (in a
    new session, as the CLI would)."""
    kb.conn.execute("DELETE FROM documents")
    kb.conn.execute("DELETE FROM actors")
    kb.close()
    fresh = open_kb(kb.path)
    fresh.add_many(extractions)
    return fresh


def _actor_count(kb: KnowledgeBase) -> int:
    """People only: the role's organisation is an actor too."""
    return int(kb.conn.execute("SELECT COUNT(*) FROM actors WHERE kind = 'person'").fetchone()[0])


def test_affiliation_object_takes_its_name_from_the_dictionary(kb: KnowledgeBase) -> None:
    body = "The IDF, part of the Israeli state, struck."
    kb.add(
        _extraction(
            body, origin="a.txt", mentions=(_mention(body, "IDF", "dict:idf", "ORG"),),
            affiliations=(Affiliation("dict:idf", "part_of", "dict:israel-government", TextSpan(0, 30)),),
        )
    )  # fmt: skip
    row = kb.conn.execute(
        "SELECT a.name, a.kind, a.sector, a.country FROM actors a JOIN actor_keys k ON k.actor_id = a.id"
        " WHERE k.key = 'dict:israel-government'"
    ).fetchone()
    assert row[0] != "dict:israel-government" and "Israel" in row[0]
    assert row[1:] == ("government", "GOV", "IL")
    idf = list_actors(kb, "IDF")[0]
    assert (idf.sector, idf.country) == ("MIL", "IL")
    assert any(a.relation == "part_of" and a.other == row[0] and a.document for a in idf.affiliations)


def test_dictionary_parent_appears_as_affiliation(kb: KnowledgeBase) -> None:
    body = "The Basij and the IRGC Ground Forces marched."
    kb.add(
        _extraction(
            body, origin="a.txt",
            mentions=(_mention(body, "Basij", "dict:basij", "ORG"),
                      _mention(body, "IRGC Ground Forces", "dict:irgc-ground-forces", "ORG")),
        )
    )  # fmt: skip
    basij = list_actors(kb, "basij")[0]
    ground = list_actors(kb, "ground forces")[0]
    assert any(
        a.relation == "part_of" and a.other == ground.name and a.document is None for a in basij.affiliations
    )
    assert any(a.relation == "has_part" and a.other == basij.name for a in ground.affiliations)


def test_key_split_survives_reingest_and_merge_lifts_it(kb: KnowledgeBase) -> None:
    docs = _two_soleimani_documents()
    kb.add_many(docs)
    assert _actor_count(kb) == 1  # the surname joined the only known Soleimani
    assert "surname" in " ".join(r.reason for r in actor_dossier(kb, "Qassem Soleimani").merged_because)
    old, new = split_actor(kb, "Qassem Soleimani", ["Soleimani"], note="a namesake")
    assert old != new and _actor_count(kb) == 2
    assert list_actors(kb, "Soleimani")[0].aliases  # both listed
    assert find_actor(kb, "Qassem Soleimani") == old and find_actor(kb, "soleimani") == new
    kb = _rebuild(kb, docs)
    assert _actor_count(kb) == 2
    split_off = actor_dossier(kb, "Soleimani")
    assert split_off.aliases == ("Soleimani",)
    assert any(r.reason == "analyst split a namesake" for r in split_off.merged_because)
    # The other order of ingest is kept apart too.
    kb = _rebuild(kb, docs[::-1])
    assert _actor_count(kb) == 2
    merge_actors(kb, "Soleimani", "Qassem Soleimani", note="same man after all")
    assert _actor_count(kb) == 1
    kb = _rebuild(kb, docs)
    assert _actor_count(kb) == 1
    reasons = {r.reason for r in actor_dossier(kb, "Qassem Soleimani").merged_because}
    assert "analyst merge same man after all" in reasons


def test_spelling_split_moves_mentions_and_roles(kb: KnowledgeBase) -> None:
    body = "Abu Mahdi commanded. Abu Mahdi al-Muhandis, chief of the PMF, spoke. Abu Mahdi left."
    ms = (
        _mention(body, "Abu Mahdi", "person:abu mahdi al muhandis"),
        _mention(body, "Abu Mahdi al-Muhandis", "person:abu mahdi al muhandis"),
        _mention(body, "Abu Mahdi", "person:abu mahdi al muhandis", nth=2),
    )
    start = body.index("Abu Mahdi al")
    doc = _extraction(
        body, origin="a.txt", mentions=ms,
        roles=(Role("person:abu mahdi al muhandis", "chief", TextSpan(start, start + 40), org_key="dict:pmf"),),
    )  # fmt: skip
    kb.add(doc)
    old, new = split_actor(kb, "Abu Mahdi al-Muhandis", ["abu mahdi"])
    moved, kept = actor_dossier(kb, str(new)), actor_dossier(kb, str(old))
    assert moved.aliases == ("Abu Mahdi",) and moved.mentions == 2
    assert kept.aliases == ("Abu Mahdi al-Muhandis",) and kept.mentions == 1
    assert [r.title for r in kept.roles] == ["chief"] and not moved.roles
    kb = _rebuild(kb, [doc])
    assert actor_dossier(kb, "Abu Mahdi").mentions == 2
    with pytest.raises(KnowledgeBaseError, match="nothing would be left"):
        split_actor(kb, "Abu Mahdi al-Muhandis", ["Abu Mahdi al-Muhandis"])
    with pytest.raises(KnowledgeBaseError, match="spellings are"):
        split_actor(kb, "Abu Mahdi al-Muhandis", ["Muhandis"])


def test_ambiguous_and_unknown_names(kb: KnowledgeBase) -> None:
    body = "Ali Reza met Ali Reza in Kabul."
    kb.add(
        _extraction(
            body, origin="a.txt",
            mentions=(_mention(body, "Ali Reza", "person:ali reza"), _mention(body, "Ali Reza", "person:ali reza 2", nth=1)),
        )
    )  # fmt: skip
    with pytest.raises(AmbiguousActorError) as info:
        find_actor(kb, "ali reza")
    assert len(info.value.candidates) == 2
    with pytest.raises(NotFoundError, match="newsgraph actors"):
        find_actor(kb, "Nobody Atall")
