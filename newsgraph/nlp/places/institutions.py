"""A place named inside the name of its own public body: "the Toronto Police", "Marathon County
Sheriff's Office", "Kentucky Department of Education", "Lagos Chamber of Commerce".

The model tags the whole as an organisation, and the recogniser drops places inside organisations'
names ("The Times of Israel", "Air Zimbabwe", "Dallas Mavericks" say nothing about where anything
happens). A police force, a council, a court or a school board, though, acts in its own town,
county or state, so the place at the head of such a name is the place of what the body does:
"Beverly Hills Police Department said" reports something in Beverly Hills. Armies and ministries
of a country are left out: a national army's name says nothing about where it is.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from newsgraph.nlp.places.evidence import _strength
from newsgraph.nlp.places.gazetteer import Gazetteer
from newsgraph.nlp.places.names import fold_name
from newsgraph.nlp.places.toponym import Toponym, _make, _Seen

# First words after a place's name that make the name a local or state public body's. ("state",
# "city", "county" and "national" only with one of these after them: "California National Guard",
# "Lagos State Government"; "Colorado State" alone is a university, "Ohio State" a team.)
JURISDICTION_HEADS = frozenset({"police", "sheriff", "sheriff's", "sheriffs", "fire", "council", "councils",
                                "department", "government", "governor", "governor's", "mayor", "mayor's",
                                "assembly", "legislature", "board", "schools", "transit", "chamber",
                                "municipality", "court", "courts", "prosecutor", "prosecutor's", "coroner",
                                "coroner's", "guard", "executive", "commission", "constabulary",
                                "ambulance", "magistrates", "magistrates'", "township", "borough"})  # fmt: skip
_LEVEL_WORDS = frozenset({"state", "city", "county", "national", "metropolitan", "metro", "public", "district",
                          "municipal", "provincial", "regional", "parish", "town", "village"})  # fmt: skip
MAX_NAME_TOKENS = 4


def _capitalised(tok: object) -> bool:
    text = getattr(tok, "text", "")
    return bool(text[:1].isupper()) and (text.isalpha() or text.rstrip(".").isalpha())


def _body_follows(doc: Doc, k: int) -> bool:
    """Token k starts a public body's own words: "Police", "County Sheriff's", "State Government"."""
    if k >= len(doc) or not _capitalised(doc[k]):
        return False
    word = doc[k].lower_
    if word in JURISDICTION_HEADS:
        return True
    return word in _LEVEL_WORDS and k + 1 < len(doc) and doc[k + 1].lower_ in JURISDICTION_HEADS


def institution_place(doc: Doc, ent: Span, gaz: Gazetteer, seen: _Seen) -> Toponym | None:
    """The place at the head of an organisation entity that is that place's public body."""
    start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
    if start >= len(doc) or not _capitalised(doc[start]):
        return None
    for k in range(min(start + MAX_NAME_TOKENS, ent.end), start, -1):
        if any(j in seen.claimed for j in range(start, k)) or not all(_capitalised(t) for t in doc[start:k]):
            continue
        if not _body_follows(doc, k):
            continue
        # The longest known name: "Cuyahoga County" (the county) before "Cuyahoga" (the river)
        for end in (k + 1, k) if doc[k].lower_ in ("county", "parish") else (k,):
            name = doc[start:end].text
            cands = gaz.lookup(name)
            if any(c.exact and c.primary and c.entry.feature == "country" for c in cands):
                return None  # "United States Department of Agriculture": a national body, anywhere
            # A small town only when the document names it as a place elsewhere: "Arcade Fire" and
            # the "Justice Department" are no bodies of Arcade, NY and Justice, Illinois
            strength = _strength(cands)
            if strength == 3 or (strength == 2 and fold_name(name) in seen.names):
                return _make(doc, start, end, gaz, f"{ent.label_} entity, a place's own public body")
    return None
