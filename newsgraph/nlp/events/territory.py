"""ACLED territory sub-type of a mention whose trigger says ground changed hands.

Who gained the ground decides (ACLED codebook, Battles):

- "Government regains territory": government forces or their affiliates regain control of a
  location from competing state forces or a non-state group;
- "Non-state actor overtakes territory": a non-state actor **or a foreign state actor** captures
  territory from an opposing government or non-state actor. A foreign army taking a town is
  therefore no "government regains": "Russian forces captured Krasnohorivka in Donetsk" is coded
  as an overtaking, "Ukrainian forces retook Robotyne" as a regaining.

The gainer's side comes from the actor dictionary's kind (state, government, military vs armed
group, militia), else from the words of its description ("rebels", "army"). A state gainer is
foreign when its country (the dictionary entry's, or its demonym's: "Russian forces") differs
from every resolved place named in the sentence. For a loss ("lost the town", "fell to") the
loser's side decides the other way round.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from spacy.tokens import Span

from newsgraph.model import Participant, PlaceMention
from newsgraph.nlp.actors.dictionary import fold, load_dictionary
from newsgraph.nlp.events.lexicon import TriggerEntry

REGAINS = "Government regains territory"
OVERTAKES = "Non-state actor overtakes territory"

_GOVERNMENT_WORDS = frozenset(
    [
        "government",
        "regime",
        "army",
        "military",
        "state",
        "loyalist",
        "pro-regime",
        "troops",
        "ministry",
        "police",
    ]
)
_GOVERNMENT_KINDS = frozenset({"state", "government", "military"})
_NON_STATE_KINDS = frozenset({"armed_group", "militia"})
_NON_STATE_WORDS = frozenset(
    ["rebel", "rebels", "insurgent", "insurgents", "militant", "militants", "jihadist", "jihadists",
     "opposition", "militia"]
)  # fmt: skip


class _HasParticipant(Protocol):
    @property
    def participant(self) -> Participant: ...


def is_government(args: Iterable[_HasParticipant], by_kind: dict[str, str | None]) -> bool | None:
    """True for a state side, False for a non-state one, None when nothing tells."""
    for arg in args:
        text = arg.participant.text
        words = {w.lower().strip(",.") for w in text.replace("-", " - ").split()}
        words |= {w.lower() for w in text.split()}
        key = arg.participant.actor_key
        kind = by_kind.get(key) if key else None
        if kind in _GOVERNMENT_KINDS:
            return True
        if kind in _NON_STATE_KINDS:
            return False  # "Islamic State": the dictionary's kind, not the word "State", decides
        if words & _NON_STATE_WORDS:
            return False
        if words & _GOVERNMENT_WORDS:
            return True
    return None


def _country_of(arg: _HasParticipant) -> str | None:
    """The state a side belongs to: its dictionary entry's (or a parent's), else a demonym's."""
    dictionary = load_dictionary()
    key = arg.participant.actor_key
    entry = dictionary.get(key)
    if entry is not None:
        for e in (entry, *dictionary.ancestors(entry.key)):
            if e.country:
                return e.country
    for word in arg.participant.text.replace("-", " ").split():
        state = dictionary.entries.get(dictionary.demonyms.get(fold(word.strip(",.'s")), ""))
        if state is not None and state.country:
            return state.country
    return None


def _foreign(gainers: Sequence[_HasParticipant], sentence: Span, places: Sequence[PlaceMention]) -> bool:
    """The state side is fighting abroad: every resolved place of the sentence is in another country."""
    country = next((c for c in map(_country_of, gainers) if c), None)
    if country is None:
        return False
    start, end = sentence.start_char, sentence.end_char
    where = {p.country_code for p in places if start <= p.start < end and p.resolved and p.country_code}
    return bool(where) and country not in where


def territory_subtype(
    entry: TriggerEntry,
    actors: Sequence[_HasParticipant],
    targets: Sequence[_HasParticipant],
    by_kind: dict[str, str | None],
    sentence: Span,
    places: Sequence[PlaceMention],
) -> str | None:
    """ACLED territory sub-type from who gained (or who lost) the ground."""
    if entry.has("territory-loss"):
        loser = is_government(targets, by_kind)
        if loser is True:
            return OVERTAKES
        if loser is False:
            return REGAINS
        return entry.acled_sub_event_type
    gainer = is_government(actors, by_kind)
    if gainer is True:
        return OVERTAKES if _foreign(actors, sentence, places) else REGAINS
    if gainer is False:
        return OVERTAKES
    return entry.acled_sub_event_type
