"""The ``newsgraph_actors`` spaCy component: dictionary actors on ``doc.ents`` plus label repair.

It runs after ``ner`` and rewrites ``doc.ents``:

1. dictionary matches (folded tokens, so "Hay’at Tahrir al Sham" = "Hayat Tahrir al-Sham"):
   sure names override the model's label and span; country names and demonyms only fill gaps or
   key an entity the model found with the same span; ambiguous acronyms ("AA", "PDF") only key an
   entity the model found; capitals are left to :func:`newsgraph.nlp.actors.extract.extract_actors`,
   which decides government or place from the syntax;
2. titles and ranks are cut off PERSON spans ("Maj. Gen. Qassem Soleimani" -> "Qassem Soleimani")
   and become entities of their own label, TITLE, which replace what the model made of them
   ("Brig" GPE, "Supreme" ORG); a TITLE is never an actor;
3. label repair: a trailing possessive is cut; PERSON/GPE/LOC/NORP spans whose last word is an
   organisation noun ("Forces", "Brigade", "Front") become ORG; an acronym defined in the text
   ("... Corps (IRGC)") takes the label of its long form everywhere;
4. a person's surname alone ("Soleimani" after "Qassem Soleimani") becomes PERSON, whatever the
   model called it.

Dictionary keys go on ``Span.kb_id_`` (``dict:irgc``, ``person:qassem soleimani``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from newsgraph.nlp.actors.dictionary import (
    DATA_DIR,
    TIER_CAPITAL,
    TIER_DEMONYM,
    TIER_STATE,
    TIER_SURE,
    TIER_WEAK,
    ActorDictionary,
    exact_token,
    fold,
    fold_token,
    load_dictionary,
    person_key,
)
from newsgraph.nlp.actors.titles import strip_leading_titles, title_start_before

#: Last words that make a span an organisation, whatever the model said.
ORG_HEADS = frozenset(
    [
        "forces",
        "force",
        "brigade",
        "brigades",
        "division",
        "divisions",
        "army",
        "corps",
        "militia",
        "militias",
        "front",
        "movement",
        "party",
        "regiment",
        "battalion",
        "battalions",
        "guard",
        "guards",
        "council",
        "committee",
        "organization",
        "organisation",
        "group",
        "unit",
        "units",
        "network",
        "alliance",
        "coalition",
        "agency",
        "ministry",
        "command",
        "directorate",
        "battalion",
        "legion",
    ]
)
#: First words of Arabic, Persian and Turkic place names ("Jisr al-Shughour", "Deir ez-Zor",
#: "Kafr Nabl", "Tal Afar"), which the small model often calls people.
TOPONYM_PREFIXES = frozenset(
    {"jisr", "deir", "dayr", "tal", "tell", "kafr", "kfar", "ras", "ain", "ayn", "bir", "khan", "maarat", "maaret",
     "qasr", "beit", "bayt", "bab", "jabal", "jebel", "wadi", "tel", "qalaat", "marj",
     "hayy", "khirbet", "khirbat", "mazraat"}
)  # fmt: skip
#: The label of a title or rank in front of a person ("Supreme Leader", "Brig. Gen.").
TITLE_LABEL = "TITLE"
#: Capital "metonyms" that are buildings or streets, never places a story happens in.
SEATS = frozenset(
    {"kremlin", "white house", "downing street", "whitehall", "elysee", "zhongnanhai", "bankova"}
)
#: First words of Arabic group names ("Jaysh al-Fateh", "Liwa Fatemiyoun", "Kataib Hezbollah").
GROUP_PREFIXES = frozenset(
    {"jaysh", "jaish", "liwa", "harakat", "haraka", "kataib", "kataeb", "katiba", "saraya", "faylaq", "failaq",
     "jabhat", "tanzim", "hayat", "firqat", "ahrar", "jund", "alwiya", "ansar", "asaib", "quwat", "quwwat",
     "hizb", "tajammu", "majlis", "fatah", "ittihad", "jamaat", "jamaah"}
)  # fmt: skip
#: Last words that make a span a place ("Hama province", "Zaatari camp").
PLACE_HEADS = frozenset(
    {"province", "governorate", "district", "region", "oblast", "raion", "town", "village",
     "camp", "airbase", "airport", "crossing", "valley", "mountains", "heights", "countryside", "neighbourhood",
     "neighborhood", "suburb", "port", "island", "strait", "peninsula", "towns", "villages", "area",
     "outskirts", "cities"}
)  # fmt: skip
_KIND_LABEL = {"person": "PERSON", "state": "GPE", "community": "NORP"}
_SKIP = {"-", "‐", ".", "'", "’"}
_POSSESSIVE_S = {"'s", "’s"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_PLACE_PREPOSITIONS = frozenset({"in", "near", "into", "outside", "inside", "around", "across", "towards"})
_DIRECTIONS = frozenset(
    {"northern", "southern", "eastern", "western", "central", "northwestern", "northeastern", "southwestern",
     "southeastern", "rural", "the", "besieged", "embattled", "neighbouring", "neighboring", "nearby"}
)  # fmt: skip
_NAME_PARTICLES = frozenset(
    {"al", "el", "ad", "ash", "as", "ar", "an", "at", "az", "of", "for", "de", "du", "la", "wal"}
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-.]{1,9}$")


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    key: str
    tier: str


class _Trie:
    """Surface forms as token tuples; longest match wins."""

    def __init__(self) -> None:
        self.forms: dict[tuple[str, ...], tuple[str, str, tuple[bool, ...]]] = {}
        self.prefixes: set[tuple[str, ...]] = set()  # every proper prefix: lets a scan stop early
        self.firsts: set[str] = set()  # every first piece: most tokens start no form at all
        self.max_len = 1

    def add(self, pieces: tuple[str, ...], key: str, tier: str, caps: tuple[bool, ...]) -> None:
        if pieces and pieces not in self.forms:
            self.forms[pieces] = (key, tier, caps)
            self.prefixes.update(pieces[:n] for n in range(1, len(pieces)))
            self.firsts.add(pieces[0])
            self.max_len = max(self.max_len, len(pieces))


class ActorRecognizer:
    """Callable component; build it with ``nlp.add_pipe("newsgraph_actors", after="ner")``."""

    def __init__(self, nlp: Language, name: str = "newsgraph_actors", *, data_dir: str = "") -> None:
        self.name = name
        self.dictionary: ActorDictionary = load_dictionary(Path(data_dir) if data_dir else DATA_DIR)
        self.folded = _Trie()
        self.exact = _Trie()
        for form in self.dictionary.forms:
            for variant in {form.text, form.text.replace("'", "’")}:
                tokens = _join_possessive_s([t.text for t in nlp.make_doc(variant) if t.text not in _SKIP])
                if form.case_sensitive:
                    pieces = tuple(exact_token(t) for t in tokens)
                    self.exact.add(tuple(p for p in pieces if p), form.key, form.tier, ())
                else:
                    kept = [t for t in tokens if fold_token(t)]
                    caps = tuple(t[:1].isupper() for t in kept)
                    self.folded.add(tuple(fold_token(t) for t in kept), form.key, form.tier, caps)

    # -- matching --------------------------------------------------------------------------

    def matches(self, doc: Doc) -> list[_Match]:
        """Leftmost-longest dictionary matches, not overlapping."""
        # Token texts read once: indexing the Doc builds a Token object on every access.
        texts = [t.text for t in doc]
        max_len = max(self.folded.max_len, self.exact.max_len)
        out: list[_Match] = []
        i, n = 0, len(texts)
        while i < n:
            text = texts[i]  # a form can only start on a token that starts one (and folds to something)
            starts = fold_token(text) in self.folded.firsts or exact_token(text) in self.exact.firsts
            best = self._longest_at(texts, i, max_len) if starts and text not in _SKIP else None
            if best is None:
                i += 1
                continue
            out.append(best)
            i = best.end
        return out

    def _longest_at(self, texts: list[str], i: int, max_len: int) -> _Match | None:
        best: _Match | None = None
        folded: list[str] = []
        exact: list[str] = []
        caps: list[bool] = []
        j, n = i, len(texts)
        while j < n and len(folded) < max_len:
            text = texts[j]
            if text in _SKIP and folded:
                j += 1
                continue
            if text in _POSSESSIVE_S and folded:  # "People's" / "Peoples'" spelled either way
                folded[-1] += "s"
                exact[-1] += "s"
                j += 1
            else:
                piece = fold_token(text)
                if not piece:
                    break
                folded.append(piece)
                exact.append(exact_token(text))
                caps.append(text[:1].isupper())
                j += 1
            exact_key, folded_key = tuple(exact), tuple(folded)
            hit = self.exact.forms.get(exact_key)
            if hit is not None:
                best = _Match(i, j, hit[0], hit[1])
            else:
                hit = self.folded.forms.get(folded_key)
                if hit is not None and all(c or not want for c, want in zip(caps, hit[2], strict=True)):
                    best = _Match(i, j, hit[0], hit[1])
            if exact_key not in self.exact.prefixes and folded_key not in self.folded.prefixes:
                break
        return best

    # -- the component ---------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        trimmed = (self._trim_possessive(doc, e) for e in self._split_parentheses(doc, list(doc.ents)))
        ents = [e for e in trimmed if e is not None]
        ents = self._capitalised_units(doc, ents)
        ents = self._strip_titles(doc, ents)
        ents = self._apply_dictionary(doc, ents)
        ents = [self._repair_label(e) for e in ents]
        ents = [self._place_after_preposition(e) for e in ents]
        ents = self._consistent_places(ents)
        ents = self._acronym_definitions(doc, ents)
        ents = self._surnames(doc, ents)
        doc.ents = filter_spans(ents)
        return doc

    def _label_for(self, key: str) -> str:
        entry = self.dictionary.get(key)
        return _KIND_LABEL.get(entry.kind, "ORG") if entry else "ORG"

    def _apply_dictionary(self, doc: Doc, ents: list[Span]) -> list[Span]:
        found = self.matches(doc)
        covered = {t for m in found for t in range(m.start, m.end)}
        result = list(ents)
        for m in found:
            overlapping = [e for e in result if e.start < m.end and m.start < e.end]
            same = [e for e in overlapping if (e.start, e.end) == (m.start, m.end)]
            if m.tier == TIER_SURE:
                keep_model = [
                    e
                    for e in overlapping
                    if e.start <= m.start and m.end <= e.end and (e.start, e.end) != (m.start, m.end)
                    and not self._only_filler(doc, e, covered, m.end)
                ]  # fmt: skip
                if keep_model:  # "Sea of Azov": the model's longer name is something else
                    continue
                result = [e for e in result if e not in overlapping]
                result.append(Span(doc, m.start, m.end, label=self._label_for(m.key), kb_id=m.key))
            elif m.tier in (TIER_STATE, TIER_DEMONYM):
                label = "GPE" if m.tier == TIER_STATE else "NORP"
                if same:
                    old = same[0]
                    # A whole state name is never a person ("Mali's armed forces" tagged PERSON);
                    # an ORG tag may be metonymy ("Mali said") and stays.
                    new_label = (
                        label
                        if m.tier == TIER_DEMONYM or old.label_ in ("GPE", "LOC", "PERSON")
                        else old.label_
                    )
                    result = [e for e in result if e is not old]
                    result.append(Span(doc, m.start, m.end, label=new_label, kb_id=m.key))
                elif not overlapping:
                    result.append(Span(doc, m.start, m.end, label=label, kb_id=m.key))
            elif m.tier == TIER_WEAK and (
                weak := [
                    e for e in overlapping if e.start == m.start and self._only_filler(doc, e, covered, m.end)
                ]
            ):
                result = [e for e in result if e is not weak[0]]
                result.append(Span(doc, m.start, m.end, label=self._label_for(m.key), kb_id=m.key))
            elif m.tier == TIER_CAPITAL and not overlapping:
                result.append(Span(doc, m.start, m.end, label="GPE"))
            elif (
                m.tier == TIER_CAPITAL
                and same
                and same[0].label_ == "ORG"
                and fold(same[0].text) not in SEATS
            ):
                # a capital city the model called ORG ("in the capital, Colombo"): a place first;
                # extract_actors still makes it the government where it acts
                result = [e for e in result if e is not same[0]]
                result.append(Span(doc, m.start, m.end, label="GPE"))
        return result

    @staticmethod
    def _only_filler(doc: Doc, ent: Span, covered: set[int], match_end: int) -> bool:
        """True when every token of ``ent`` is a dictionary match, a determiner, punctuation, or a
        lower-case noun after the match ("Wagner mercenaries", "VDP militia")."""
        return all(
            i in covered
            or doc[i].pos_ in ("DET", "PART", "PUNCT")
            or doc[i].text in _POSSESSIVE
            or (i >= match_end and doc[i].is_lower)
            for i in range(ent.start, ent.end)
        )

    @staticmethod
    def _split_parentheses(doc: Doc, ents: list[Span]) -> list[Span]:
        """ "Free Kurdistan Liberation Front (FKLF" as one entity: the name, and the acronym apart."""
        out: list[Span] = []
        for ent in ents:
            opening = [t.i for t in ent if t.text == "("] if "(" in ent.text else []
            if not opening:
                out.append(ent)
                continue
            cut = opening[0]
            if cut > ent.start:
                out.append(Span(doc, ent.start, cut, label=ent.label_, kb_id=ent.kb_id_))
            inner = [t for t in doc[cut + 1 : ent.end] if t.text != ")"]
            if len(inner) == 1 and _ACRONYM.match(inner[0].text):
                out.append(Span(doc, inner[0].i, inner[0].i + 1, label=ent.label_))
        return out

    @staticmethod
    def _capitalised_units(doc: Doc, ents: list[Span]) -> list[Span]:
        """Capitalised names ending in a unit noun that the model missed ("Jaish al-Mahdi Brigade").

        Only fills gaps: a run that overlaps an ORG, PERSON or date is left to the model.
        """
        taken = {i: e for e in ents for i in range(e.start, e.end)}
        out = list(ents)
        i = 0
        while i < len(doc):
            tok = doc[i]
            if not (tok.is_title or tok.is_upper) or not tok.is_alpha:
                i += 1
                continue
            j = i
            while j + 1 < len(doc) and (
                doc[j + 1].is_title or doc[j + 1].is_upper or doc[j + 1].lower_ in _NAME_PARTICLES
                or (doc[j + 1].text in ("-", "‐") and j + 2 < len(doc) and doc[j + 2].is_title)
            ):  # fmt: skip
                j += 1
            while j > i and (not doc[j].is_alpha or doc[j].lower_ in _NAME_PARTICLES):
                j -= 1
            end = j + 1
            if end - i >= 2 and fold_token(doc[j].text) in ORG_HEADS and doc[j].is_title:
                inside = {taken[k] for k in range(i, end) if k in taken}
                sticks_out = any(e.start < i or e.end > end for e in inside)
                if not sticks_out and all(e.label_ in ("NORP", "GPE", "LOC") for e in inside):
                    start = i + 1 if doc[i].lower_ == "the" else i
                    out = [e for e in out if e not in inside]
                    out.append(Span(doc, start, end, label="ORG"))
            i = max(end, i + 1)
        return out

    @staticmethod
    def _trim_possessive(doc: Doc, ent: Span) -> Span | None:
        end = ent.end
        while end > ent.start and doc[end - 1].text in _POSSESSIVE:
            end -= 1
        start = ent.start
        if end > start and ent.label_ in ("ORG", "PERSON", "NORP", "GPE") and doc[start].lower_ == "the":
            start += 1
        if end <= start:
            return None
        if (start, end) == (ent.start, ent.end):
            return ent
        return Span(doc, start, end, label=ent.label_, kb_id=ent.kb_id_)

    @staticmethod
    def _repair_label(ent: Span) -> Span:
        if ent.kb_id_ or ent.label_ not in ("PERSON", "GPE", "LOC", "NORP", "ORG"):
            return ent
        words = [fold_token(t.text) for t in ent if fold_token(t.text)]
        if not words:
            return ent
        if (
            ent.label_ in ("PERSON", "ORG", "NORP")
            and len(words) > 1
            and (words[0] in TOPONYM_PREFIXES or words[-1] in PLACE_HEADS)
        ):  # "Jisr al-Shughour", "Deir ez-Zor", "al Waer district"
            return Span(ent.doc, ent.start, ent.end, label="GPE")
        if ent.label_ in ("PERSON", "GPE", "LOC", "NORP") and len(words) > 1 and words[0] in GROUP_PREFIXES:
            return Span(ent.doc, ent.start, ent.end, label="ORG")  # "Jaysh al-Fateh", "Liwa al-Quds"
        if ent.label_ != "ORG" and words[-1] in ORG_HEADS and len(ent) > 1:
            return Span(ent.doc, ent.start, ent.end, label="ORG")
        return ent

    @staticmethod
    def _place_after_preposition(ent: Span) -> Span:
        """ "in Hama" tagged ORG, "near Aleppo" tagged NORP: one unknown word after a spatial
        preposition is a place, whatever the model said."""
        doc = ent.doc
        if (
            not ent.kb_id_
            and ent.label_ in ("ORG", "NORP", "PERSON")
            and ent.start >= 2
            and doc[ent.start - 1].lower_ == "of"
            and doc[ent.start - 2].lower_ in PLACE_HEADS
        ):  # "the town of Mir Ali", "the village of Gaga"
            return Span(doc, ent.start, ent.end, label="GPE")
        if (
            not ent.kb_id_
            and ent.label_ in ("ORG", "NORP", "PERSON")
            and ent.end < len(doc)
            and doc[ent.end].lower_ in PLACE_HEADS
            and doc[ent.end].is_lower
        ):  # "the al Waer district of Homs", "the Hama countryside"
            return Span(doc, ent.start, ent.end, label="GPE")
        if (
            not ent.kb_id_
            and ent.label_ in ("ORG", "NORP", "PERSON")
            and ent.end + 2 < len(doc)
            and doc[ent.end].text == ","
            and doc[ent.end + 1].lower_ in ("a", "an", "the")
            and any(t.lower_ in PLACE_HEADS or t.lower_ == "capital" for t in doc[ent.end + 2 : ent.end + 6])
            and not any(t.lower_ in ("of", "for") for t in doc[ent.end + 2 : ent.end + 3])
        ):  # "Zarray Lita, a small border town", "Wana, the capital of South Waziristan"
            head = next(
                t for t in doc[ent.end + 2 : ent.end + 6] if t.lower_ in PLACE_HEADS or t.lower_ == "capital"
            )
            if not any(t.text in (",", ";") for t in doc[ent.end + 1 : head.i]):
                return Span(doc, ent.start, ent.end, label="GPE")
        before = ent.start - 1
        while before > 0 and doc[before].lower_ in _DIRECTIONS:
            before -= 1
        if (
            ent.kb_id_
            or ent.label_ not in ("ORG", "NORP", "PERSON")
            or len(ent) != 1
            or before < 0
            or doc[before].lower_ not in _PLACE_PREPOSITIONS
            or not ent[0].is_title
        ):
            return ent
        return Span(doc, ent.start, ent.end, label="GPE")

    @staticmethod
    def _consistent_places(ents: list[Span]) -> list[Span]:
        """A one-word name the model tagged as a place somewhere in the document is a place
        where it said ORG or NORP too ("the Hama front" after "in Hama")."""
        places = {e.text for e in ents if e.label_ in ("GPE", "LOC") and len(e) == 1 and not e.kb_id_}
        return [
            Span(e.doc, e.start, e.end, label="GPE")
            if e.label_ in ("ORG", "NORP") and len(e) == 1 and not e.kb_id_ and e.text in places
            else e
            for e in ents
        ]

    def _strip_titles(self, doc: Doc, ents: list[Span]) -> list[Span]:
        out: list[Span] = []
        for ent in ents:
            if ent.label_ == "PERSON":
                start = strip_leading_titles(doc, ent.start, ent.end)
                if start != ent.start:
                    ent = Span(doc, start, ent.end, label="PERSON", kb_id=ent.kb_id_)
            elif ent.label_ in ("ORG", "GPE", "NORP") and not ent.kb_id_:
                # "Major-General Igor Konashenkov" tagged ORG: a rank, then a name
                start = strip_leading_titles(doc, ent.start, ent.end)
                title = tuple(fold_token(t.text) for t in doc[ent.start : start] if fold_token(t.text))
                name = [t for t in doc[start : ent.end] if t.text not in _SKIP]
                if (
                    start != ent.start
                    and len(title) > 1
                    and len(name) >= 2
                    and all(t.is_title and t.is_alpha for t in name)
                    and fold_token(name[-1].text) not in ORG_HEADS
                ):
                    ent = Span(doc, start, ent.end, label="PERSON")
            out.append(ent)
        people = [e for e in out if e.label_ == "PERSON"]
        title_runs = [(title_start_before(doc, p.start), p.start) for p in people]
        kept = [
            e
            for e in out
            if e.kb_id_ or not any(lo <= e.start and e.end <= hi for lo, hi in title_runs if lo < hi)
        ]
        # The title itself becomes a TITLE entity: later components see that "Supreme" in "to Supreme
        # Leader Ali Khamenei" is taken (not a town in Louisiana); it is never an actor.
        for lo, hi in title_runs:
            lo = max([lo, *(e.end for e in kept if e.start < hi and e.end > lo)])
            while lo < hi and doc[lo].text in _SKIP:
                lo += 1
            if lo < hi:
                kept.append(Span(doc, lo, hi, label=TITLE_LABEL))
        return kept

    def _acronym_definitions(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ "Long Name (ACR)": ACR takes Long Name's label (and key) everywhere in the document."""
        by_start = {e.start: e for e in ents}
        by_end = {e.end: e for e in ents}
        learned: dict[str, tuple[str, str]] = {}
        texts = [t.text for t in doc]  # one pass over the Doc for both loops
        n = len(texts)
        for i, text in enumerate(texts):
            if text != "(" or i + 2 >= n or texts[i + 2] != ")":
                continue
            acr = texts[i + 1]
            long = by_end.get(i)
            if long is None or not _ACRONYM.match(acr) or long.label_ not in ("ORG", "GPE", "NORP"):
                continue
            if _initials_match(acr, long.text):
                learned[acr] = (long.label_, long.kb_id_)
        if not learned:
            return ents
        result = list(ents)
        for i, text in enumerate(texts):
            if text not in learned:
                continue
            label, key = learned[text]
            old = by_start.get(i)
            if old is not None and old.end == i + 1:
                if old.kb_id_:
                    continue
                result = [e for e in result if e is not old]
            elif any(e.start <= i < e.end for e in result):
                continue
            result.append(Span(doc, i, i + 1, label=label, kb_id=key))
        return result

    def _surnames(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A surname alone becomes PERSON, keyed to the full name when the document has one."""
        full: dict[str, set[str]] = {}
        for e in ents:
            if e.label_ != "PERSON":
                continue
            words = [t for t in e if fold_token(t.text) and t.text not in _SKIP]
            if len(words) >= 2:
                key = e.kb_id_ or person_key(e.text)
                full.setdefault(fold_token(words[-1].text), set()).add(key)
        known = self.dictionary.surnames
        result = list(ents)
        for i, text in enumerate(t.text for t in doc):
            if not text[:1].isupper():  # the cheap tests first; a Token only for candidates
                continue
            surname = fold_token(text)
            if (surname not in full and surname not in known) or not doc[i].is_alpha:
                continue
            tok = doc[i]
            holder = [e for e in result if e.start <= tok.i < e.end]
            keys = full.get(surname, set())
            key = next(iter(keys)) if len(keys) == 1 else ""
            if holder and (len(holder[0]) > 1 or holder[0].kb_id_):
                continue  # part of a longer name, or a dictionary actor
            if holder and holder[0].label_ == "PERSON" and not key:
                continue
            if not holder and surname not in full:
                continue  # a dictionary surname the model did not even see: too weak alone
            result = [e for e in result if e not in holder]
            result.append(Span(doc, tok.i, tok.i + 1, label="PERSON", kb_id=key))
        return result


def _join_possessive_s(tokens: list[str]) -> list[str]:
    """["People", "'s"] -> ["Peoples"]: the matcher folds a possessive "s" into the word before it."""
    out: list[str] = []
    for t in tokens:
        if t in _POSSESSIVE_S and out:
            out[-1] += "s"
        else:
            out.append(t)
    return out


def _initials_match(acronym: str, long: str) -> bool:
    """ "IRGC" vs "Islamic Revolutionary Guard Corps": initials of the capitalised words, in order."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    words = [
        w for w in re.split(r"[\s\-]+", fold(long).upper()) if w and w not in ("OF", "THE", "AND", "FOR")
    ]
    initials = "".join(w[0] for w in words)
    return bool(letters) and ("".join(letters) == initials or "".join(letters) in initials)


@Language.factory(
    "newsgraph_actors",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type", "token.ent_kb_id"],
    requires=["doc.ents"],
    default_config={"data_dir": ""},
)
def make_actor_recognizer(nlp: Language, name: str, data_dir: str) -> ActorRecognizer:
    return ActorRecognizer(nlp, name, data_dir=data_dir)


def add_actor_components(nlp: Language) -> None:
    """Add ``newsgraph_actors`` after ``ner`` (or last when there is no ``ner``); idempotent."""
    if "newsgraph_actors" in nlp.pipe_names:
        return
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("newsgraph_actors", after="ner")
    else:
        nlp.add_pipe("newsgraph_actors", last=True)
