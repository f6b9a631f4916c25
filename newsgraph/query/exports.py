"""Row look-ups the export formats share (documents, places, actors, affiliations), so the exports
read the knowledge base through ``query/`` like everything else. Each returns plain tuples in the
column order its docstring gives; ``export.records`` wraps them in its own records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase


def document_row(kb: KnowledgeBase, doc_id: str) -> tuple[Any, ...]:
    """(id, url, title, source, published, ingested_at)."""
    return tuple(
        kb.conn.execute(
            "SELECT id, url, title, source, published, ingested_at FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
    )


def place_row(kb: KnowledgeBase, place_id: int) -> tuple[Any, ...] | None:
    """(id, name, lat, lon, country_code, admin1, geonames_id, feature, precision), or None."""
    row = kb.conn.execute(
        "SELECT id, COALESCE((SELECT d.name FROM place_display d WHERE d.place_id = places.id), places.name), lat, lon, country_code, admin1, geonames_id, feature,"
        " precision FROM places WHERE id = ?",
        (place_id,),
    ).fetchone()
    return tuple(row) if row else None


def actor_row(kb: KnowledgeBase, actor_id: int) -> tuple[str, str | None, str | None, list[str]]:
    """(name, kind, label, resolution keys in key order)."""
    name, kind, label = kb.conn.execute(
        "SELECT name, kind, label FROM actors WHERE id = ?", (actor_id,)
    ).fetchone()
    keys = [
        r[0]
        for r in kb.conn.execute("SELECT key FROM actor_keys WHERE actor_id = ? ORDER BY key", (actor_id,))
    ]
    return name, kind, label, keys


def all_actor_ids(kb: KnowledgeBase) -> list[int]:
    return [r[0] for r in kb.conn.execute("SELECT id FROM actors ORDER BY id")]


def last_ingested(kb: KnowledgeBase) -> str | None:
    row = kb.conn.execute("SELECT max(ingested_at) FROM documents").fetchone()
    return row[0] if row else None


def affiliation_rows(kb: KnowledgeBase, *, include_comments: bool) -> list[tuple[Any, ...]]:
    """Affiliations between two known actors in table order:
    (subject id, object id, relation, doc id, document's published date)."""
    return kb.conn.execute(
        "SELECT a.subject_actor_id, a.object_actor_id, a.relation, a.doc_id, d.published FROM affiliations a"
        " JOIN documents d ON d.id = a.doc_id WHERE a.subject_actor_id IS NOT NULL"
        " AND a.object_actor_id IS NOT NULL"
        + ("" if include_comments else " AND a.in_comments = 0")
        + " ORDER BY a.id"
    ).fetchall()


def affiliation_evidence(kb: KnowledgeBase) -> list[tuple[Any, ...]]:
    """Affiliations between two known actors in table order, with their evidence text:
    (subject id, object id, relation, doc id, evidence, in_comments)."""
    return kb.conn.execute(
        "SELECT a.subject_actor_id, a.object_actor_id, a.relation, a.doc_id,"
        ' substr(d.text, a.start + 1, a."end" - a.start), a.in_comments FROM affiliations a'
        " JOIN documents d ON d.id = a.doc_id"
        " WHERE a.subject_actor_id IS NOT NULL AND a.object_actor_id IS NOT NULL ORDER BY a.id"
    ).fetchall()
