"""Choose where an event happened among the place spans of its sentence.

Shared by the extractor (candidates are the geoparser's PlaceMentions) and by the
event-location evaluation (candidates are spaCy's GPE/LOC/FAC entities), so the dev figure
measures the same attachment the extractor uses.

Order of preference:
1. a place *governed by the trigger*: walking up the dependency tree from the place reaches the
   trigger through prepositions, compounds and noun heads without crossing another clause
   ("killed near Aleppo", "was in the Latakia province", "visited the Syrian side of the Golan");
   a place reached through "from" is an *origin* and loses to any other governed place (the
   destination: "transferred to Hama from south Aleppo" -> Hama, origin south Aleppo);
   a place that only names where a participant comes from ("a US soldier was killed") is not
   governed, and a container loses to the place it contains ("the West Bank city of Nablus",
   "Iraq's Nineveh province" -> Nablus, Nineveh);
   with nothing governed, a place governed by a linked clause is shared ("a blast destroyed a
   truck in Vedeno, killing three"; "shot and killed two militants in Gursai");
2. otherwise the place nearest to the trigger in the same sentence (``sentence=True`` only);
3. the paragraph focus is the caller's job (see events.py), it needs the whole document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsgraph.model import PlaceMention

#: Prepositions that put an event at a place; "from" marks an origin.
_ORIGIN_PREPS = frozenset({"from", "out"})
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "csubj"})
# Nested locatives reach 7 hops ("in the northern countryside of Syria's central province of
# Hama"); 8 vs 6 was neutral on event-location dev (0.624 vs 0.625 on the first 1,000 records).
_MAX_HOPS = 8
#: A subject or agent is who acted, not where (“Tehran bolsters...”).
_NOT_PLACE_DEPS = frozenset({"nsubj", "agent", "csubj", "expl"})
_LOCATION_LABELS = ("GPE", "LOC", "FAC")
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj"})
#: Nouns that are places themselves: "Nineveh province" keeps Nineveh as the place.
_PLACE_HEADS = frozenset(
    [
        "province", "city", "town", "village", "country", "region", "district", "county", "state",
        "area", "neighbourhood", "neighborhood", "suburb", "capital", "camp", "governorate", "border",
        "coast", "valley", "sector", "island", "street", "square", "highway", "road", "base", "port",
        "airport", "countryside", "outskirts", "municipality", "prefecture", "locality",
    ]
)  # fmt: skip
#: Compass bearings: "X west of Y" places the event at X, Y only locates it.
_BEARINGS = frozenset(
    [
        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
        "north-east", "north-west", "south-east", "south-west",
    ]
)  # fmt: skip
#: Clauses whose place an event shares: "a blast in Vedeno, killing three"; "shot and killed ... in Gursai".
_LINKED_DEPS = frozenset({"advcl", "conj", "xcomp"})


#: Heads that make a toponym a first-level area ("Sagaing region", "Idlib province"): a governed
#: town beside it ("bombed a village in Monywa township in Sagaing region") is the finer place.
_AREA_HEADS = frozenset({"province", "region", "state", "governorate", "prefecture", "oblast", "department"})


def _names_area(cand: Span) -> bool:
    root = cand.root
    if root.lemma_.lower() in _AREA_HEADS:
        return True
    return root.dep_ in ("compound", "amod", "nmod") and root.head.lemma_.lower() in _AREA_HEADS


def _is_participant(noun: Token, anchor: Token) -> bool:
    """A non-place noun that is the trigger's subject or object (through a "by" agent too)."""
    if noun.lemma_.lower() in _PLACE_HEADS or noun.pos_ not in ("NOUN", "PROPN"):
        return False
    if noun.head.i == anchor.i and noun.dep_ in _ARGUMENT_DEPS:
        return True
    return noun.dep_ == "pobj" and noun.head.dep_ == "agent" and noun.head.head.i == anchor.i


def _is_container(cand: Span, others: Sequence[Span]) -> bool:
    """Whether ``cand`` only locates a noun that another candidate names more precisely.

    "the West Bank city of Nablus", "the south Baghdad neighbourhood of Al-Bayaa" (a modifier
    beside an "of" toponym), "Iraq's northern Nineveh province", "Mogadishu's Yaqshid district"
    (an owner beside a modifier): the smaller place is the event's.
    """
    root = cand.root
    if root.dep_ not in _MODIFIER_DEPS:
        return False
    noun = root.head
    if noun.lower_ in _BEARINGS:
        return False  # "the village of Khan al-Assal west of Aleppo": Aleppo is the reference point
    for other in others:
        o = other.root
        if other is cand or o.i == root.i or not (noun.left_edge.i <= o.i <= noun.right_edge.i):
            continue
        if root.dep_ == "poss" and o.head.i == noun.i and o.dep_ in ("compound", "amod", "nmod"):
            return True
        walk = o
        while walk.head.i != walk.i and walk.i != noun.i:
            if walk.dep_ == "appos" or (
                walk.dep_ == "pobj" and walk.head.dep_ == "prep" and walk.head.lower_ == "of"
            ):
                return True  # "the city of Nablus", "the district, Yaqshid"; not "X township in Y region"
            walk = walk.head
    return False


@dataclass(frozen=True, slots=True)
class LocationChoice:
    span: Span
    reason: str
    origin: Span | None = None


def _path_to(place: Span, anchor: Token, *, object_is_place: bool = True) -> tuple[int, str] | None:
    """Hops and the last preposition on the way from ``place`` up to ``anchor``, if governed."""
    tok = place.root
    prep = ""
    for hops in range(1, _MAX_HOPS + 1):
        if tok.dep_ == "prep":
            prep = prep or tok.lower_
        if tok.dep_ in _CLAUSE_DEPS and tok.head.i != anchor.i:
            return None  # the place hangs from another clause
        head = tok.head
        if head.i == tok.i:
            return None
        if hops == 1 and tok.dep_ in _MODIFIER_DEPS and _is_participant(head, anchor):
            return None  # "a US soldier was killed": a demonym/owner of a participant, not a place
        if head.i == anchor.i:
            if tok.dep_ in _CLAUSE_DEPS or (tok.dep_ in _NOT_PLACE_DEPS and not prep):
                return None
            if tok.dep_ in ("dobj", "obj", "nsubjpass") and not object_is_place:
                return None
            return hops, prep or tok.dep_
        if head.pos_ in ("VERB", "AUX") and head.i != anchor.i:
            return None
        tok = head
    return None


def choose_location(
    anchor: Token, candidates: Sequence[Span], *, sentence: bool = True, object_is_place: bool = True
) -> LocationChoice | None:
    """The best place span for the event whose trigger is ``anchor`` (see module doc)."""
    sent = anchor.sent
    in_sentence = [c for c in candidates if c.start >= sent.start and c.end <= sent.end]
    in_sentence = [c for c in in_sentence if not (c.start <= anchor.i < c.end)]
    governed: list[tuple[int, int, Span, str]] = []
    for cand in in_sentence:
        path = _path_to(cand, anchor, object_is_place=object_is_place)
        if path is not None:
            hops, prep = path
            governed.append((1 if prep in _ORIGIN_PREPS else 0, hops, cand, prep))
    if not governed:
        linked = [anchor.head] if anchor.dep_ in _LINKED_DEPS and anchor.head.pos_ in ("VERB", "AUX") else []
        linked += [c for c in anchor.children if c.dep_ in ("conj", "advcl") and c.pos_ == "VERB"]
        for other in linked:
            for cand in in_sentence:
                path = _path_to(cand, other, object_is_place=object_is_place)
                if path is not None:
                    hops, prep = path
                    governed.append(
                        (1 if prep in _ORIGIN_PREPS else 0, hops + 1, cand, f"linked clause, {prep}")
                    )
    if governed:
        spans = [g[2] for g in governed]
        governed = [g for g in governed if not _is_container(g[2], spans)] or governed
        # A demonym modifying a noun ("the Syrian side of the Golan") names where the noun's
        # place lies, so a noun toponym the trigger governs wins over it even one hop further away.
        governed.sort(
            key=lambda g: (
                g[0],
                g[2].root.dep_ == "amod" or g[2].root.pos_ == "ADJ",
                _names_area(g[2]),
                g[1],
                abs(g[2].start - anchor.i),
            )
        )
        best = governed[0]
        origin = next((g[2] for g in governed if g[0] == 1 and g[2] is not best[2]), None)
        reason = f"governed by the trigger ({best[3]})"
        if best[0] == 1:
            reason = f"origin only, governed by the trigger ({best[3]})"
            origin = None
        return LocationChoice(best[2], reason, origin)
    free = [c for c in in_sentence if not names_someone(c)]
    if not object_is_place:  # "accused Eritrea of ...": the party accused is no location
        free = [c for c in free if not (c.root.head.i == anchor.i and c.root.dep_ in ("dobj", "obj"))]
    if sentence and free:
        nearest = min(free, key=lambda c: min(abs(c.start - anchor.i), abs(c.end - 1 - anchor.i)))
        return LocationChoice(nearest, "nearest place in the sentence")
    return None


def names_someone(cand: Span) -> bool:
    """A place name that stands for who acted or spoke, not where: "Israel says", "Russia launched",
    "Russia's Defense Ministry said" (the owner of a subject), "attacked by Rwanda"."""
    root = cand.root
    if root.dep_ in _NOT_PLACE_DEPS:
        return True
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        return True
    return root.dep_ in ("poss", "compound") and root.head.dep_ in _NOT_PLACE_DEPS


def choose_event_location(doc: Doc, verb_span: Span, *, sentence: bool = False) -> Span | None:
    """The location span for the event at ``verb_span``, among spaCy's GPE/LOC/FAC entities.

    Governed places only by default: on event-location dev (first 1,500) that scores 0.606 against
    0.576 with the nearest-in-sentence fallback, because many gold events have no location.
    """
    candidates = [e for e in doc.ents if e.label_ in _LOCATION_LABELS]
    choice = choose_location(verb_span.root, candidates, sentence=sentence)
    return choice.span if choice else None


def governs(span: Span, anchor: Token) -> bool:
    """Whether ``span`` hangs from ``anchor`` through prepositions and noun heads (no clause)."""
    return _path_to(span, anchor) is not None


# --- event-side refinements over resolved places (the extractor only) ----------------------------

#: "US-led", "Britain-based", "Iran-backed", "Saudi-run": a place fused into an adjective says who
#: leads, backs or hosts an actor, never where the event was.
_ADJECTIVE_SUFFIXES = frozenset({"led", "based", "backed", "run", "held", "controlled", "allied", "funded",
                                 "sponsored", "brokered", "owned", "made", "born", "trained", "armed",
                                 "supported", "linked", "aligned", "friendly", "bound"})  # fmt: skip


def is_adjectival(span: Span) -> bool:
    """A place inside a hyphenated adjective ("US-led coalition", "the Britain-based Observatory")
    or a bare demonym modifying a noun ("Saudi air defences", "Venezuelan border")."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if nxt is not None and nxt.text == "-" and after is not None and after.lower_ in _ADJECTIVE_SUFFIXES:
        return True
    root = span.root
    return root.pos_ == "ADJ" or (root.ent_type_ == "NORP" and root.dep_ in ("amod", "compound"))


def finer_place(
    chosen: PlaceMention, anchor: Token, candidates: Sequence[tuple[Span, PlaceMention]]
) -> PlaceMention | None:
    """A town in the trigger's sentence inside the province or country chosen for it.

    "In Suleja, Niger State, a mob beat to death..." (Niger State was nearest), "In central
    Somalia, fighters entered the town of El Bur": ACLED codes the most precise place the report
    gives. Only places resolved inside the chosen one count (same country, and same province when
    a province was chosen); the nearest such town to the trigger wins.
    """
    if (chosen.precision or 0) < 3 or chosen.country_code is None:
        return None
    sent = anchor.sent
    inside = [
        (span, rec)
        for span, rec in candidates
        if sent.start <= span.start
        and span.end <= sent.end
        and rec.resolved
        and (rec.precision or 5) <= 2
        and rec.country_code == chosen.country_code
        and (chosen.precision == 4 or chosen.feature != "admin1" or rec.admin1 == chosen.admin1)
        and not names_someone(span)
        and not is_adjectival(span)
    ]
    if not inside:
        return None
    return min(inside, key=lambda p: min(abs(p[0].start - anchor.i), abs(p[0].end - 1 - anchor.i)))[1]
