"""Which place mentions can contain a name: the trigram index (migration 11) searched by its rare
trigrams. ``text LIKE '%name%'`` on the index reads the row list of every trigram of the name, and
common ones ("pla", "al-") list most mentions (~20-80 ms at 500,000). Each trigram is probed for
its first rows instead; those with few are enough to narrow the mentions to a superset of the
matches (every mention containing the name holds all its trigrams), which the caller's exact
test then filters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.kb.store import KnowledgeBase

#: A trigram with fewer mentions than this narrows the search; the probe reads at most this many.
_RARE = 10_000


def mention_candidates(kb: KnowledgeBase, want: str) -> tuple[str, list[Any]]:
    """A SELECT of place_mentions ids that includes every mention whose text contains ``want``
    (lowercased; any case), and its parameters."""
    # ASCII only: there the index's case folding and the caller's ASCII lower() agree letter for
    # letter; other names (and those too short for a trigram) take the LIKE the index answers.
    if want.isascii() and len(want) >= 3:
        grams = sorted({want[i : i + 3] for i in range(len(want) - 2)})
        rare = []
        for gram in grams:
            term = '"' + gram.replace('"', '""') + '"'
            found = kb.conn.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM place_mention_text WHERE place_mention_text MATCH ? LIMIT ?)",
                (term, _RARE),
            ).fetchone()[0]
            if found < _RARE:
                rare.append(term)
        if rare:
            return "SELECT rowid FROM place_mention_text WHERE place_mention_text MATCH ?", [
                " AND ".join(rare)
            ]
    return "SELECT rowid FROM place_mention_text WHERE text LIKE ?", [f"%{want}%"]
