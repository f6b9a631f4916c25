"""Cross-document actor resolution: should a new key join an actor the knowledge base already has?

Pure logic, no database: the store passes the keys it knows and gets back a :class:`Merge` (or
None) whose ``reason`` it stores next to the merge, so every merge can be explained and undone.

Within one document, :func:`newsgraph.nlp.actors.extract.extract_actors` already gave "Soleimani" the key
of "Qassem Soleimani". Across documents this module is conservative, because a wrong merge of two
people is worse than two rows for one person:

* spelling variants of the same full name fold together ("Mohammed Ali Allahdadi" ~
  "Mohammad Ali Allahdadi"; "Qasem Soleimani" ~ "Qassem Suleimani"; "Bashar Assad" ~
  "Bashar al-Assad");
* a full name without its middle name joins the full name when exactly one matches
  ("Mohammad Jafari" -> "Mohammad Ali Jafari");
* a surname alone joins the one known person with that surname, and nobody when there are two or
  none, or when the word is a common given name ("Ali" never merges);
* different surnames never merge ("Mohammad Ali Jafari" vs "Mohammed Ali Allahdadi").

>>> resolve_key("person:soleimani", ["person:qassem soleimani", "person:ali khamenei"])
Merge(key='person:soleimani', into='person:qassem soleimani', reason="surname 'soleimani' matches the only known person with that surname (qassem soleimani)")
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.nlp.actors.dictionary import ActorDictionary, fold, load_dictionary

#: Particles that transliterations keep or drop at will ("al-Assad", "Assad").
PARTICLES = frozenset(
    {"al", "el", "ad", "ar", "as", "ash", "at", "an", "az", "ud", "ul", "bin", "ibn", "ben"}
)

#: Transliteration variants of common given names, folded to one spelling.
_GIVEN_NAME_VARIANTS = {
    "muhammad": "mohammad mohammed muhammed mohamed mohamad mohammod muhamad mohammad mehmet",
    "husayn": "hossein hussein husain hussain hosein hosain husein",
    "hasan": "hassan hasan",
    "qasim": "qassem qasem qassim qasim ghasem ghassem kassem kasem",
    "ahmad": "ahmed ahmad ahmet",
    "abd": "abdul abdel abd abdol abdal",
    "yusuf": "yousef yusuf youssef yousif yusef",
    "umar": "omar umar",
    "uthman": "othman osman uthman",
    "ismail": "ismail esmail ismael esmaeil",
    "ibrahim": "ibrahim ebrahim",
    "mahmud": "mahmoud mahmud",
    "mustafa": "mustafa mostafa moustafa",
    "jafar": "jafar jaafar jaffar",
    "sergei": "sergei sergey",
    "yevgeny": "yevgeny evgeny yevgeniy evgeniy",
    "aleksandr": "aleksandr alexander alexandr oleksandr",
}
VARIANTS: dict[str, str] = {v: k for k, vs in _GIVEN_NAME_VARIANTS.items() for v in vs.split()}

#: Single words that are given names far more often than surnames: never merged on their own.
COMMON_GIVEN_NAMES = frozenset(VARIANTS.values()) | frozenset(
    [
        "ali",
        "hassan",
        "hasan",
        "hussein",
        "husayn",
        "abu",
        "omar",
        "khalid",
        "ahmed",
        "ahmad",
        "mahmoud",
        "ibrahim",
        "ismail",
        "abdullah",
        "abdallah",
        "yusuf",
        "musa",
        "isa",
        "salim",
        "said",
        "saeed",
        "mehdi",
        "mahdi",
        "reza",
        "javad",
        "amir",
        "hamid",
        "majid",
        "karim",
    ]
)


@dataclass(frozen=True, slots=True)
class Merge:
    """``key`` should become the actor ``into``; ``reason`` says why (stored with the merge)."""

    key: str
    into: str
    reason: str


def _skeleton(word: str) -> str:
    """A transliteration-tolerant form of one name part: variants mapped, doubled letters and vowels
    after the first letter dropped ("soleimani", "suleimani", "sulaymani" -> "slmn")."""
    word = VARIANTS.get(word, word)
    word = word.replace("gh", "q").replace("kh", "x").replace("ou", "u")
    word = re.sub(r"(.)\1+", r"\1", word)
    return word[:1] + re.sub(r"[aeiouy]", "", word[1:])


# Both are pure and called for every known person on every new key: cache them.
@lru_cache(maxsize=65536)
def name_parts(name: str) -> tuple[str, ...]:
    """The folded parts of a person's name without particles: "Bashar al-Assad" -> ("bashar", "assad")."""
    parts = fold(name.split(":", 1)[-1] if name.startswith("person:") else name).split()
    return tuple(p for p in parts if p not in PARTICLES) or tuple(parts)


@lru_cache(maxsize=65536)
def name_signature(name: str) -> tuple[str, ...]:
    """What two spellings of one name share: the skeleton of each part."""
    return tuple(_skeleton(VARIANTS.get(p, p)) for p in name_parts(name))


def _short(parts: tuple[str, ...]) -> bool:
    return any(len(p) < 3 for p in parts)


def same_full_name(a: str, b: str) -> str | None:
    """Why two full names are one person (a reason string), or None."""
    pa, pb = name_parts(a), name_parts(b)
    if len(pa) < 2 or len(pb) < 2:
        return None
    sa, sb = name_signature(a), name_signature(b)
    if sa == sb:
        if pa == pb:
            return "same name"
        return f"spelling variant: '{' '.join(pa)}' ~ '{' '.join(pb)}'"
    longer, shorter = (sa, sb) if len(sa) > len(sb) else (sb, sa)
    if (
        len(longer) == len(shorter) + 1
        and longer[0] == shorter[0]
        and longer[-1] == shorter[-1]
        and len(shorter) == 2
    ):
        return "same first name and surname; one spelling has a middle name"
    return None


def resolve_person(new_key: str, known: Iterable[str]) -> Merge | None:
    """Merge a ``person:`` key into one known person key, or None (see the module rules)."""
    known = [k for k in known if k.startswith("person:") and k != new_key]
    parts = name_parts(new_key)
    if not parts:
        return None
    if len(parts) >= 2:
        hits = [(k, r) for k in known if (r := same_full_name(new_key, k))]
        if len(hits) == 1:
            return Merge(new_key, hits[0][0], hits[0][1])
        return None
    word = parts[0]
    if VARIANTS.get(word, word) in COMMON_GIVEN_NAMES or len(word) < 4:
        return None
    sig = name_signature(word)[0]
    full = [k for k in known if len(name_parts(k)) >= 2 and name_signature(k)[-1] == sig]
    as_first = [k for k in known if len(name_parts(k)) >= 2 and name_signature(k)[0] == sig]
    same_single = [k for k in known if len(name_parts(k)) == 1 and name_signature(k)[0] == sig]
    if len(full) == 1 and not as_first:
        return Merge(
            new_key,
            full[0],
            f"surname '{word}' matches the only known person with that surname ({' '.join(name_parts(full[0]))})",
        )
    if not full and len(same_single) == 1:
        return Merge(
            new_key, same_single[0], f"spelling variant of the single name '{name_parts(same_single[0])[0]}'"
        )
    return None


def resolve_key(
    new_key: str, known: Iterable[str], dictionary: ActorDictionary | None = None
) -> Merge | None:
    """The merge for any new actor key, or None when it should stay its own actor.

    ``person:`` keys go through :func:`resolve_person`; an ``org:``/``norp:``/``gpe:`` key whose name
    the dictionary knows joins that dictionary actor (useful after the dictionary grew).
    """
    known = list(known)
    if new_key in known:
        return None
    if new_key.startswith("person:"):
        return resolve_person(new_key, known)
    prefix, _, name = new_key.partition(":")
    if prefix in ("org", "norp", "gpe") and name:
        entry = (dictionary or load_dictionary()).lookup(name)
        if entry is not None and entry.kind != "person":
            return Merge(new_key, entry.key, f"'{name}' is a dictionary name of {entry.name}")
    return None
