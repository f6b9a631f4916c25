"""Actors of one document: mentions with resolution keys, titles, roles and affiliations.

:func:`extract_actors` reads a Doc that went through ``newsgraph_actors`` (see
:mod:`newsgraph.nlp.actors.ruler`; :func:`add_actor_components` adds it) and returns an
:class:`ActorResult`. The key of a mention *is* the within-document resolution: the knowledge
base makes one actor row per key (name = ``Mention.canonical``, kind = ``Mention.kind``).

Keys:

* ``dict:<id>``: an actor from ``data/actors`` (``dict:irgc``, ``dict:iran``, ``dict:iran-government``);
* ``person:<folded full name>``: a person; a surname alone takes the key of the document's full
  name ("Soleimani" after "Qassem Soleimani"), or stays ``person:<surname>`` for
  :mod:`newsgraph.kb.resolve` to match across documents;
* ``org:<folded name>``, ``gpe:<folded name>``: actors the dictionary does not know (a GPE only
  when it acts: "Hama said", never "in Hama"). NORP entities ("Islamist", "Arab") get a key only
  when the dictionary knows them (demonyms -> their state, communities such as the Druze).

Countries in place position ("arrived in Iran") and capitals that are places ("leadership in
Tehran") get no key; a capital that acts ("Tehran hopes", "Moscow-backed") is its government.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from newsgraph.model import Affiliation, Mention, Role, TextSpan
from newsgraph.nlp.actors.dictionary import (
    ActorDictionary,
    ActorEntry,
    fold,
    fold_token,
    load_dictionary,
    person_key,
)
from newsgraph.nlp.actors.relations import (
    ORG_KINDS,
    KeyedSpan,
    LearnedAlias,
    find_affiliations,
    find_aliases,
    find_roles,
)
from newsgraph.nlp.actors.ruler import ORG_HEADS, SEATS, TITLE_LABEL, ActorRecognizer, add_actor_components
from newsgraph.nlp.actors.titles import title_start_before, title_text
from newsgraph.nlp.segment import trimmed_span

__all__ = ["ActorRecognizer", "ActorResult", "LearnedAlias", "add_actor_components", "extract_actors"]

#: spaCy labels that can name an actor.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Prepositions after which a country or capital is a place ("in Iran"); "on"/"against" are not
#: among them: "an attack on Iraq" names a target.
SPATIAL_PREPS = frozenset(
    {"in", "into", "to", "from", "at", "near", "across", "inside", "throughout", "within", "around", "toward",
     "towards", "outside", "through", "via", "between", "over"}
)  # fmt: skip
#: Nouns that make a possessive country a place: "Syria's Hama province", "Iran's border".
PLACE_NOUNS = frozenset(
    [
        "province",
        "provinces",
        "city",
        "cities",
        "town",
        "towns",
        "border",
        "borders",
        "coast",
        "capital",
        "region",
        "regions",
        "district",
        "countryside",
        "territory",
        "territories",
        "soil",
        "airspace",
        "side",
        "village",
        "villages",
        "outskirts",
        "suburbs",
        "part",
        "parts",
        "area",
        "areas",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "heartland",
        "frontier",
        "waters",
        "island",
        "islands",
        "governorate",
        "desert",
        "mountains",
    ]
)
#: Verbs whose object is a government when it is a capital ("accused Moscow", "urged Kyiv").
ADDRESSEE_VERBS = frozenset(
    [
        "accuse",
        "blame",
        "urge",
        "warn",
        "condemn",
        "criticize",
        "criticise",
        "threaten",
        "sanction",
        "punish",
        "support",
        "back",
        "help",
        "ask",
        "pressure",
        "call",
        "persuade",
        "convince",
        "reassure",
        "thank",
        "praise",
        "fight",
        "attack",
        "oppose",
        "defy",
    ]
)
#: One-word organisation names too generic to be one actor across documents.
GENERIC_ORG_NAMES = ORG_HEADS | {
    "police", "government", "parliament", "navy", "ministry", "cabinet", "military", "interior ministry",
    "defence ministry", "defense ministry", "foreign ministry", "air force", "security forces", "rebels",
}  # fmt: skip
_AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr"})


@dataclass(frozen=True)
class ActorResult:
    """What :func:`extract_actors` found in one document."""

    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    aliases: list[LearnedAlias] = field(default_factory=list)

    def keys(self) -> set[str]:
        return {m.actor_key for m in self.mentions if m.actor_key}


def extract_actors(
    doc: Doc, *, in_comments: bool = False, dictionary: ActorDictionary | None = None
) -> ActorResult:
    """Mentions (every entity; actor entities keyed), roles, affiliations and learned aliases.

    ``doc`` should come from a pipeline with ``newsgraph_actors``; without it the keys still come
    from the dictionary, but the model's labels are not repaired.
    """
    dictionary = dictionary or load_dictionary()
    ents = [e for e in doc.ents if e.label_ != TITLE_LABEL]  # titles are reported on the person
    surnames = _full_names(ents, dictionary)
    spans = [_keyed(ent, dictionary, surnames) for ent in ents]
    present = {s.key for s in spans if s.key and s.from_dictionary}

    learned = find_aliases(doc, spans)
    learned_map = {fold(a.text): a.key for a in learned}
    learned.extend(_short_org_names(doc, spans, dictionary, present, learned_map))
    learned.extend(_short_unit_names(doc, spans, {fold(a.text): a.key for a in learned}))
    learned_map = {fold(a.text): a.key for a in learned}
    spans = [_apply_learned(doc, s, learned_map) for s in spans]

    mentions = [
        _mention(doc, ent, s, dictionary, surnames, in_comments) for ent, s in zip(ents, spans, strict=True)
    ]
    roles = find_roles(doc, spans, in_comments=in_comments)
    affiliations = find_affiliations(doc, spans, dictionary, in_comments=in_comments)
    return ActorResult(mentions=mentions, roles=roles, affiliations=affiliations, aliases=learned)


# -- keys --------------------------------------------------------------------------------------


def _name_words(span: Span) -> list[str]:
    return [fold_token(t.text) for t in span if fold_token(t.text)]


def _full_names(ents: Iterable[Span], dictionary: ActorDictionary) -> dict[str, tuple[str, str]]:
    """Surname -> (key, full name) for people named in full in this document (ambiguous -> "")."""
    found: dict[str, set[tuple[str, str]]] = {}
    for ent in ents:
        words = _name_words(ent)
        if ent.label_ != "PERSON" or len(words) < 2:
            continue
        entry = dictionary.get(ent.kb_id_) if ent.kb_id_ else None
        key = ent.kb_id_ or person_key(ent.text)
        found.setdefault(words[-1], set()).add((key, entry.name if entry else ent.text))
    return {s: next(iter(v)) if len({k for k, _ in v}) == 1 else ("", "") for s, v in found.items()}


def _keyed(ent: Span, dictionary: ActorDictionary, surnames: dict[str, tuple[str, str]]) -> KeyedSpan:
    label = ent.label_
    entry = dictionary.get(ent.kb_id_) if ent.kb_id_ else None
    if entry is None and label in ("ORG", "GPE", "NORP"):
        entry = dictionary.lookup(ent.text)
        if entry is not None and entry.kind == "person":
            entry = None
    if label == "PERSON":
        return _person_span(ent, entry, dictionary, surnames)
    if label not in ACTOR_LABELS:
        return KeyedSpan(ent.start, ent.end, label, None, None)
    capital_gov = dictionary.capitals.get(fold(ent.text)) if label in ("GPE", "ORG") else None
    if capital_gov and (entry is None or entry.kind != "state"):
        # "the Kremlin" or "the White House" is the institution wherever it stands
        key = capital_gov if fold(ent.text) in SEATS or _acts(ent) else None
        return KeyedSpan(ent.start, ent.end, label, key, "government" if key else None, key is not None)
    if entry is not None:
        if entry.kind == "state" and label == "GPE" and _is_place(ent):
            return KeyedSpan(ent.start, ent.end, label, None, None, True)
        return KeyedSpan(ent.start, ent.end, label, entry.key, entry.kind, True)
    folded = fold(ent.text)
    if not folded:
        return KeyedSpan(ent.start, ent.end, label, None, None)
    if label == "ORG":
        if folded in GENERIC_ORG_NAMES or ent.text.islower():  # "the Army", "intel": not one actor
            return KeyedSpan(ent.start, ent.end, label, None, None)
        return KeyedSpan(ent.start, ent.end, label, f"org:{folded}", None)
    if (
        label == "NORP"
    ):  # "Islamist", "Arab", "Western": adjectives more than actors, unless the dictionary knows them
        return KeyedSpan(ent.start, ent.end, label, None, None)
    return KeyedSpan(ent.start, ent.end, label, f"gpe:{folded}" if _acts(ent) else None, None)


def _person_span(
    ent: Span, entry: ActorEntry | None, dictionary: ActorDictionary, surnames: dict[str, tuple[str, str]]
) -> KeyedSpan:
    if entry is not None and entry.kind == "person":
        return KeyedSpan(ent.start, ent.end, "PERSON", entry.key, "person", True)
    words = _name_words(ent)
    if not words:
        return KeyedSpan(ent.start, ent.end, "PERSON", None, None)
    if len(words) == 1:
        key, _ = surnames.get(words[0], ("", ""))
        if key:
            return KeyedSpan(ent.start, ent.end, "PERSON", key, "person", key in dictionary.entries)
        return KeyedSpan(ent.start, ent.end, "PERSON", person_key(ent.text), "person")
    known = dictionary.lookup(ent.text)
    if known is not None and known.kind == "person":
        return KeyedSpan(ent.start, ent.end, "PERSON", known.key, "person", True)
    return KeyedSpan(ent.start, ent.end, "PERSON", person_key(ent.text), "person")


def _acts(ent: Span) -> bool:
    """Is this place name an agent ("Tehran said", "Tehran's involvement", "Moscow-backed", "by Moscow")?"""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].text in ("'s", "’s"):
        # The thing owned: "Tehran's involvement" acts; "Beirut's southern suburbs" is a place (the
        # "'s" token hangs from the name itself, so the owned noun is the name's head or follows).
        owned = ent.root.head if ent.root.dep_ == "poss" else doc[ent.end].head
        following = doc[ent.end + 1 : ent.end + 4]
        return fold_token(owned.text) not in PLACE_NOUNS and not any(
            fold_token(t.text) in PLACE_NOUNS for t in following
        )
    if ent.end + 1 < len(doc) and doc[ent.end].text in ("-", "‐") and doc[ent.end + 1].lower_ in (
        "backed", "led", "controlled", "sponsored", "funded", "supported", "aligned", "allied", "based",
    ):  # fmt: skip
        return doc[ent.end + 1].lower_ != "based"
    root = ent.root
    if not doc.has_annotation("DEP"):
        nxt = doc[ent.end] if ent.end < len(doc) else None
        return nxt is not None and nxt.pos_ in ("VERB", "AUX")
    if root.dep_ in _AGENT_DEPS:
        return True
    if root.dep_ == "dobj" and root.head.lemma_.lower() in ADDRESSEE_VERBS:
        return True
    return root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.dep_ == "agent"


def _is_place(ent: Span) -> bool:
    """Is this country name a location ("in Iran", "Syria's Hama province") rather than an actor?"""
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].lower_ in SPATIAL_PREPS:
        return True
    root = ent.root
    if doc.has_annotation("DEP") and root.dep_ == "pobj" and root.head.lower_ in SPATIAL_PREPS:
        return True
    if ent.end < len(doc) and doc[ent.end].text in ("'s", "’s"):
        following = doc[ent.end + 1 : ent.end + 4]
        return any(fold_token(t.text) in PLACE_NOUNS for t in following)
    return False


def _short_org_names(
    doc: Doc,
    spans: list[KeyedSpan],
    dictionary: ActorDictionary,
    present: set[str],
    learned: dict[str, str],
) -> list[LearnedAlias]:
    """ "Guard" after "Revolutionary Guard": a shortened name of an organisation named in the text.

    Candidates are the dictionary actors of this document and their direct units; a short name is
    taken only when exactly one candidate's name or alias ends with (or begins with) it.
    """
    candidates = set(present)
    candidates |= {e.key for e in dictionary.entries.values() if e.parent in present and e.kind in ORG_KINDS}
    out: list[LearnedAlias] = []
    for s in spans:
        if s.from_dictionary or s.label != "ORG" or not s.key or not s.key.startswith("org:"):
            continue
        folded = fold(doc[s.start : s.end].text)
        if folded in learned or not folded:
            continue
        hits = set()
        for key in candidates:
            entry = dictionary.get(key)
            if entry is None or entry.kind not in ORG_KINDS:
                continue
            for alias in entry.aliases:
                words = fold(alias).split()
                mine = folded.split()
                if len(words) > len(mine) and (words[-len(mine) :] == mine or words[: len(mine)] == mine):
                    hits.add(key)
        if len(hits) == 1:
            key = hits.pop()
            text = doc[s.start : s.end]
            out.append(
                LearnedAlias(
                    text.text,
                    key,
                    "short form of a name in this document",
                    TextSpan(text.start_char, text.end_char),
                )
            )
            learned[folded] = key
    return out


def _short_unit_names(doc: Doc, spans: list[KeyedSpan], learned: dict[str, str]) -> list[LearnedAlias]:
    """ "the 47th Brigade" after "the 47th Mechanized Brigade": a numbered unit named again with
    fewer words is the same unit when exactly one longer name in the text has its number, its
    head word and (in order) all its words."""
    named = [
        (s, fold(doc[s.start : s.end].text).split())
        for s in spans
        if s.label == "ORG" and s.key and not s.from_dictionary
    ]
    out: list[LearnedAlias] = []
    for s, words in named:
        folded = " ".join(words)
        if folded in learned or not any(any(ch.isdigit() for ch in w) for w in words) or len(words) < 2:
            continue
        longer = {
            o.key
            for o, other in named
            if len(other) > len(words)
            and other[-1] == words[-1]
            and _in_order(words, other)
            and o.key != s.key
        }
        if len(longer) == 1:
            key = longer.pop()
            if key is None:
                continue
            text = doc[s.start : s.end]
            out.append(
                LearnedAlias(
                    text.text,
                    key,
                    "short form of a unit named in this document",
                    TextSpan(text.start_char, text.end_char),
                )  # fmt: skip
            )
            learned[folded] = key
    return out


def _in_order(short: list[str], long: list[str]) -> bool:
    """Every word of ``short`` appears in ``long``, in the same order."""
    it = iter(long)
    return all(w in it for w in short)


def _apply_learned(doc: Doc, span: KeyedSpan, learned: dict[str, str]) -> KeyedSpan:
    if span.from_dictionary or not span.key or span.label not in ("ORG", "NORP", "PERSON"):
        return span
    key = learned.get(fold(doc[span.start : span.end].text))
    if key is None or key == span.key:
        return span
    return KeyedSpan(span.start, span.end, span.label, key, span.kind, key.startswith("dict:"))


# -- mentions ----------------------------------------------------------------------------------


def _mention(
    doc: Doc,
    ent: Span,
    span: KeyedSpan,
    dictionary: ActorDictionary,
    surnames: dict[str, tuple[str, str]],
    in_comments: bool,
) -> Mention:
    entry = dictionary.get(span.key)
    canonical = entry.name if entry is not None else None
    kind = entry.kind if entry is not None else span.kind
    title = None
    if span.label == "PERSON":
        words = _name_words(ent)
        if canonical is None and span.key:
            full = surnames.get(words[-1], ("", "")) if words else ("", "")
            canonical = full[1] if full[0] == span.key else (ent.text if len(words) > 1 else None)
        title = _title_of(doc, ent)
    elif span.key and canonical is None and span.key.startswith(("org:", "norp:", "gpe:")):
        kind = {"ORG": "organization", "NORP": "group", "GPE": "place"}.get(span.label)
    # An entity may run into whitespace that stands for masked boilerplate: stop at the last character.
    bounds = trimmed_span(ent)  # (never doc.text here: spaCy re-joins the whole document on each read)
    return Mention(
        start=bounds.start,
        end=bounds.end,
        text=ent.text.strip(),
        label=ent.label_,
        actor_key=span.key,
        in_comments=in_comments,
        canonical=canonical,
        kind=kind,
        title=title,
    )


def _title_of(doc: Doc, ent: Span) -> str | None:
    """ "Major General" in "Major General Qassem Soleimani"; "brigadier general" in "an IRGC brigadier general, X"."""
    start = title_start_before(doc, ent.start)
    if start < ent.start:
        text = title_text(doc, start, ent.start)
        if text and fold_token(text) not in _HONORIFICS:
            return text
    if ent.start >= 2 and doc[ent.start - 1].text == ",":
        start = title_start_before(doc, ent.start - 1)
        if start < ent.start - 1:
            return title_text(doc, start, ent.start - 1)
    return None
