"""Roles, affiliations and aliases read off the text around actor mentions.

Pure functions over a parsed ``Doc`` and the keyed entity spans that
:func:`newsgraph.nlp.actors.extract.extract_actors` found. Patterns are lexical with light syntax, so they
carry over to other wars and outlets:

* roles: "X, chief of Y", "X, the commander of the country's Y", "X, a senior Y commander",
  "Y chief X", "Y's chief X", "an Y brigadier general, X";
* affiliations: "Iranian-controlled Y", "Assad-loyalist Y", "Iranian-backed group Y",
  "(an Iranian-controlled Iraqi militia)" after Y, "Backed by Russian airpower, Y and Z ...",
  "Al Qaeda's joint venture, Y", "al-Qaida's Nusra Front", an unknown unit named after a known
  one ("IRGC 19th Fajr Operations Division" part_of IRGC), and the dictionary's parents;
* aliases: "Long Name (ACR)", "X aka Y" / "X, also known as Y".

Relations written: member_of, part_of, controlled_by, backed_by, loyal_to, allied_with,
affiliated_with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from newsgraph.model import Affiliation, Role, TextSpan
from newsgraph.nlp.actors.dictionary import ActorDictionary, fold, fold_token
from newsgraph.nlp.actors.titles import title_start_before, title_text

ORG_KINDS = frozenset({"government", "military", "armed_group", "militia", "party", "io", "media", "ngo"})

#: Nouns that name a role in an organisation ("chief of", "commander of").
ROLE_NOUNS = frozenset(
    [
        "chief",
        "head",
        "commander",
        "leader",
        "founder",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "director",
        "chairman",
        "deputy",
        "secretary-general",
        "secretary",
        "minister",
        "member",
        "officer",
        "general",
        "commandant",
        "emir",
        "coordinator",
        "envoy",
        "official",
        "adviser",
        "advisor",
        "representative",
        "boss",
    ]
)
_HYPHEN_RELATIONS = {
    "controlled": "controlled_by",
    "run": "controlled_by",
    "dominated": "controlled_by",
    "led": "controlled_by",
    "commanded": "controlled_by",
    "backed": "backed_by",
    "sponsored": "backed_by",
    "funded": "backed_by",
    "supported": "backed_by",
    "trained": "backed_by",
    "armed": "backed_by",
    "loyalist": "loyal_to",
    "loyal": "loyal_to",
    "allied": "allied_with",
    "aligned": "allied_with",
    "affiliated": "affiliated_with",
    "linked": "affiliated_with",
}
_POSSESSED_RELATIONS = {
    "branch": "part_of",
    "wing": "part_of",
    "arm": "part_of",
    "faction": "part_of",
    "unit": "part_of",
    "division": "part_of",
    "affiliate": "affiliated_with",
    "franchise": "affiliated_with",
    "offshoot": "affiliated_with",
    "venture": "affiliated_with",
    "front": "affiliated_with",
    "proxy": "backed_by",
    "proxies": "backed_by",
    "ally": "allied_with",
    "allies": "allied_with",
}
_ALIAS_CUES = (("aka",), ("a", "k", "a"), ("also", "known", "as"), ("known", "as"), ("also", "called"))
_CUE_STARTS = frozenset(cue[0] for cue in _ALIAS_CUES)
_STOPS = {",", ";", ":", "(", ")", "—", "–", ".", "!", "?"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


@dataclass(frozen=True, slots=True)
class KeyedSpan:
    """An entity (token offsets) with the key extract_actors gave it."""

    start: int
    end: int
    label: str
    key: str | None
    kind: str | None
    from_dictionary: bool = False

    @property
    def is_org(self) -> bool:
        return self.label == "ORG" or self.kind in ORG_KINDS

    @property
    def is_person(self) -> bool:
        return self.label == "PERSON"


_AddRole = Callable[[KeyedSpan, str, "KeyedSpan | None", int, int], None]
_AddAffiliation = Callable[["str | None", str, "str | None", int, int], None]


@dataclass(frozen=True, slots=True)
class LearnedAlias:
    """A name the text itself tied to an actor ("Islamic Revolutionary Guard Corps (IRGC)")."""

    text: str
    key: str
    reason: str
    evidence: TextSpan


def _evidence(doc: Doc, start: int, end: int) -> TextSpan:
    return TextSpan(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))


def _next_actor(
    spans: list[KeyedSpan], after: int, limit: int, doc: Doc, *, orgs_only: bool = False, stop: bool = True
) -> KeyedSpan | None:
    """The first keyed span starting in [after, limit), stopping at clause punctuation if ``stop``."""
    for i in range(after, min(limit, len(doc))):
        if stop and doc[i].text in _STOPS:
            return None
        for s in spans:
            if s.start == i and s.key and (not orgs_only or s.is_org):
                return s
    return None


def _phrase_end(doc: Doc, start: int, most: int) -> int:
    """Where the noun phrase that starts at ``start`` ends: before a conjunction, verb or preposition."""
    for i in range(start, min(len(doc), start + most)):
        if doc[i].pos_ in ("CCONJ", "VERB", "AUX", "ADP", "SCONJ") and i > start:
            return i
    return min(len(doc), start + most)


def _span_ending_at(spans: list[KeyedSpan], end: int, doc: Doc) -> KeyedSpan | None:
    """The keyed span that ends at token ``end`` (a possessive "'s" in between is allowed)."""
    for s in spans:
        if s.key and (s.end == end or (s.end == end - 1 and doc[s.end].text in _POSSESSIVE)):
            return s
    return None


# -- roles -------------------------------------------------------------------------------------


def find_roles(doc: Doc, spans: list[KeyedSpan], *, in_comments: bool = False) -> list[Role]:
    roles: dict[tuple[str, str, str | None], Role] = {}

    def add(person: KeyedSpan, title: str, org: KeyedSpan | None, start: int, end: int) -> None:
        assert person.key is not None
        org_key = org.key if org is not None else None
        k = (person.key, title.lower(), org_key)
        if k not in roles:
            roles[k] = Role(person.key, title, _evidence(doc, start, end), org_key, in_comments)

    for p in (s for s in spans if s.is_person and s.key):
        # "Hezbollah chief Hassan Nasrallah", "Hezbollah's chief X", "IRGC brigadier general, X"
        anchor = p.start
        if anchor >= 2 and doc[anchor - 1].text == "," and title_start_before(doc, anchor - 1) < anchor - 1:
            anchor -= 1
        t0 = title_start_before(doc, anchor)
        if t0 < anchor:
            title = title_text(doc, t0, anchor) or ""
            org = _span_ending_at(spans, t0, doc)
            if org is not None and org.is_org and not org.is_person:
                add(p, title, org, org.start, p.end)
            elif title and title.lower().rstrip(".") not in ("mr", "mrs", "ms", "dr"):
                add(p, title, None, t0, p.end)
        # "X, chief of Y" / "X, the commander of the country's Y" / "X, a senior Y commander"
        if p.end < len(doc) and doc[p.end].text == ",":
            _appositive_role(doc, spans, p, add)
    return list(roles.values())


def _appositive_role(doc: Doc, spans: list[KeyedSpan], p: KeyedSpan, add: _AddRole) -> None:
    i = p.end + 1
    limit = min(len(doc), i + 14)
    while i < limit and doc[i].text not in _STOPS:
        word = fold_token(doc[i].text)
        if word in ROLE_NOUNS or doc[i].lower_ in ROLE_NOUNS:
            title_start = i
            while (
                title_start > p.end + 1
                and doc[title_start - 1].pos_ in ("ADJ", "NOUN", "PROPN")
                and not any(s.start <= title_start - 1 < s.end for s in spans)
            ):
                title_start -= 1
            title = doc[title_start : i + 1].text
            if i + 1 < len(doc) and doc[i + 1].lower_ == "of":
                window_end = i + 2
                while window_end < len(doc) and doc[window_end].text not in {",", ";", ".", "—", "–"}:
                    window_end += 1
                org = _aka_target(doc, spans, i + 2, window_end) or _next_actor(
                    spans, i + 2, window_end, doc, orgs_only=True, stop=False
                )
                if org is None:
                    org = _next_actor(spans, i + 2, window_end, doc, stop=False)
                if org is not None and not org.is_person:
                    add(p, title, org, p.start, org.end)
                    return
            before = _span_ending_at(spans, title_start, doc)
            if before is not None and before.is_org and before.start > p.end:
                add(p, title, before, p.start, i + 1)
                return
            return
        i += 1


def _aka_target(doc: Doc, spans: list[KeyedSpan], start: int, end: int) -> KeyedSpan | None:
    """In "chief of the IRGC's foreign branch aka the Qods Force", the actor after "aka"."""
    for i in range(start, end):
        if fold_token(doc[i].text) in ("aka", "known"):
            for s in spans:
                if i < s.start < end and s.key and s.is_org:
                    return s
    return None


# -- affiliations ------------------------------------------------------------------------------


def find_affiliations(
    doc: Doc, spans: list[KeyedSpan], dictionary: ActorDictionary, *, in_comments: bool = False
) -> list[Affiliation]:
    out: dict[tuple[str, str, str], Affiliation] = {}

    def add(subject: str | None, relation: str, obj: str | None, start: int, end: int) -> None:
        if subject and obj and subject != obj and (subject, relation, obj) not in out:
            out[(subject, relation, obj)] = Affiliation(
                subject, relation, obj, _evidence(doc, start, end), in_comments
            )

    keyed = [s for s in spans if s.key]
    for s in keyed:
        # "Iranian-controlled ...", "Assad-loyalist ..." after an actor
        if s.end + 2 < len(doc) and doc[s.end].text in ("-", "‐"):
            relation = _HYPHEN_RELATIONS.get(doc[s.end + 1].lower_)
            if relation:
                target = _next_actor(keyed, s.end + 2, _phrase_end(doc, s.end + 2, 8), doc, orgs_only=True)
                if target is None:
                    target = _parenthesised_subject(doc, keyed, s.start)
                if target is not None:
                    add(target.key, relation, s.key, min(s.start, target.start), max(s.end + 2, target.end))
        # "pro-Assad militia X"
        if s.start >= 2 and doc[s.start - 1].text in ("-", "‐") and doc[s.start - 2].lower_ == "pro":
            target = _next_actor(keyed, s.end, s.end + 5, doc, orgs_only=True)
            if target is not None:
                add(target.key, "loyal_to", s.key, s.start - 2, target.end)
        # "Al Qaeda's joint venture, HTS", "al-Qaida's Nusra Front"
        if s.end < len(doc) and doc[s.end].text in _POSSESSIVE:
            nxt = _next_actor(keyed, s.end + 1, s.end + 2, doc, orgs_only=True)
            if nxt is not None and (s.is_org or s.kind in ("state", "government")):
                relation = "part_of" if s.kind in ("state", "government") else "affiliated_with"
                add(nxt.key, relation, s.key, s.start, nxt.end)
            for i in range(s.end + 1, min(len(doc), s.end + 5)):
                relation = _POSSESSED_RELATIONS.get(doc[i].lower_)
                if relation is None:
                    continue
                j = i + 1
                while j < len(doc) and doc[j].text in (",", "the", "—", "–"):
                    j += 1
                target = _next_actor(keyed, j, j + 1, doc, orgs_only=True)
                if target is not None:
                    add(target.key, relation, s.key, s.start, target.end)
                break
    _backed_by(doc, keyed, add)
    _dictionary_links(doc, spans, dictionary, add)
    return list(out.values())


def _parenthesised_subject(doc: Doc, spans: list[KeyedSpan], inside: int) -> KeyedSpan | None:
    """For "Harakat al Nujaba (an Iranian-controlled Iraqi militia)": the actor before the "("."""
    i = inside - 1
    while i >= 0 and doc[i].text != "(" and doc[i].text not in _STOPS:
        i -= 1
    if i < 1 or doc[i].text != "(":
        return None
    for s in spans:
        if s.end == i and s.is_org:
            return s
    return None


def _backed_by(doc: Doc, spans: list[KeyedSpan], add: _AddAffiliation) -> None:
    """ "Backed by Russian airpower, pro-regime forces - including A, B ... - have deployed"."""
    for tok in doc:
        if (
            tok.lower_ not in ("backed", "supported", "aided")
            or tok.i + 1 >= len(doc)
            or doc[tok.i + 1].lower_ != "by"
        ):
            continue
        backer = _next_actor(spans, tok.i + 2, tok.i + 8, doc)
        if backer is None:
            continue
        sent = tok.sent
        before = [s for s in spans if s.end == tok.i - 1 and doc[tok.i - 1].text == "," and s.is_org]
        if before:  # "X, backed by Y,"
            add(before[0].key, "backed_by", backer.key, before[0].start, backer.end)
            continue
        if tok.i != sent.start:
            continue
        root = sent.root.i
        depth = 0
        for i in range(backer.end, root):
            depth += doc[i].text == "("
            depth -= doc[i].text == ")"
            for s in spans:
                if s.start == i and s.is_org and depth == 0:
                    add(s.key, "backed_by", backer.key, tok.i, s.end)


def _dictionary_links(
    doc: Doc, spans: list[KeyedSpan], dictionary: ActorDictionary, add: _AddAffiliation
) -> None:
    """The dictionary's parent of each actor mentioned, and units named after a known actor."""
    seen: set[str] = set()
    for s in spans:
        if not s.key or s.key in seen:
            continue
        seen.add(s.key)
        entry = dictionary.get(s.key)
        if entry is not None and entry.parent:
            add(s.key, "member_of" if entry.kind == "person" else "part_of", entry.parent, s.start, s.end)
        elif entry is None and s.is_org and not s.is_person:
            words = fold(doc[s.start : s.end].text).split()
            for n in range(len(words) - 1, 0, -1):
                parent = dictionary.lookup(" ".join(words[:n]))
                if parent is not None and parent.kind in ORG_KINDS:
                    add(s.key, "part_of", parent.key, s.start, s.end)
                    break


# -- aliases -----------------------------------------------------------------------------------


def find_aliases(doc: Doc, spans: list[KeyedSpan]) -> list[LearnedAlias]:
    """Acronym definitions and "aka" phrases; the unknown name takes the known name's key."""
    out: list[LearnedAlias] = []
    by_end = {s.end: s for s in spans if s.key}
    by_start = {s.start: s for s in spans if s.key}

    def tie(a: KeyedSpan, b: KeyedSpan, reason: str) -> None:
        if a.key == b.key or (a.from_dictionary and b.from_dictionary):
            return  # the same actor already, or two actors the dictionary keeps apart
        known, other = (a, b) if a.from_dictionary or not b.from_dictionary else (b, a)
        assert known.key is not None
        text = doc[other.start : other.end].text
        out.append(
            LearnedAlias(text, known.key, reason, _evidence(doc, min(a.start, b.start), max(a.end, b.end)))
        )

    texts = [t.text for t in doc]  # one pass: indexing the Doc builds a Token each time
    folded = [fold_token(t) for t in texts]
    n = len(texts)
    for i, text in enumerate(texts):
        if folded[i] not in _CUE_STARTS and text != "(":
            continue
        if text == "(":
            a = by_end.get(i)
            b = by_start.get(i + 1)
            if a and b and b.end < n and texts[b.end] == ")" and a.is_org and b.is_org:
                tie(a, b, "acronym defined in text")
            continue
        for cue in _ALIAS_CUES:
            if tuple(folded[i : i + len(cue)]) != cue:
                continue
            left = i - 1 if i >= 1 and texts[i - 1] == "," else i
            a = by_end.get(left)
            j = i + len(cue)
            while j < n and doc[j].lower_ in ("the", '"', "“"):
                j += 1
            b = by_start.get(j)
            if a and b and a.is_org == b.is_org:
                tie(a, b, f"'{' '.join(cue)}' in text")
            break
    return out
