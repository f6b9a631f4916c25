"""ACLED's names: its event types, and the roles and descriptions it gives participants.

:func:`crowd_first` puts the crowd first in a protest or riot (ACLED's actor1 is the protesters,
the police who dispersed them come after) and :func:`unnamed_attackers` describes attackers named
only by their looks ("armed men", "a man on a motorcycle") as ACLED names them, "unidentified
armed group". Split out of :mod:`newsgraph.nlp.events.acled`, which re-exports these names.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol, TypeVar

from spacy.tokens import Doc, Token

from newsgraph.model import Participant

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


#: Heads of a crowd's description: in a protest or riot these people are the protesters.
CROWD_NOUNS = frozenset(
    {"protester", "protestor", "demonstrator", "marcher", "rioter", "crowd", "youth", "student", "people",
     "teacher", "trader", "worker", "resident", "supporter", "activist", "thousand", "hundred", "dozen",
     "villager", "farmer", "man", "woman", "group", "mob", "settler", "vigilante", "opposition"}
)  # fmt: skip
_CROWD_WORDS = re.compile(r"\b(protest\w*|demonstrat\w*|rioters?|marchers?|mob)\b", re.IGNORECASE)

_Arg = TypeVar("_Arg", bound="HasParticipant")


class HasParticipant(Protocol):
    @property
    def head(self) -> int: ...
    @property
    def participant(self) -> Participant: ...


def crowd_first(
    event_type: str | None, sub_event_type: str | None, actors: list[_Arg], targets: list[_Arg], doc: Doc
) -> tuple[list[_Arg], list[_Arg]]:
    """ACLED's roles in a protest or riot: actor1 is the crowd (protesters, rioters), whoever
    else acted (the police who dispersed it) comes after. A crowd described only by its numbers
    ("several thousand people") is described as what it was doing ("protesters", "rioters")."""
    if event_type not in (PROTESTS, RIOTS) or sub_event_type == "Excessive force against protesters":
        return actors, targets  # protesters shot dead are the victims; the forces who shot act
    role = "protesters" if event_type == PROTESTS else "rioters"

    def is_crowd(arg: _Arg) -> bool:
        tok = doc[arg.head]
        heads = [tok, *(g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
        return arg.participant.actor_key is None and any(_lemma(t) in CROWD_NOUNS for t in heads)

    # a mob's victims ("seized three young men") are no part of the mob
    crowd = [a for a in (*actors, *(targets if sub_event_type != "Mob violence" else ())) if is_crowd(a)]
    if not crowd:
        return actors, targets
    described = [a if _CROWD_WORDS.search(a.participant.text) else _described(a, role) for a in crowd]
    return described + [a for a in actors if a not in crowd], [t for t in targets if t not in crowd]


def _described(arg: _Arg, role: str) -> _Arg:
    return replace(arg, participant=replace(arg.participant, description=f"{role}: {arg.participant.text}"))  # type: ignore[type-var]


#: Heads of an attacker described with no group: ACLED names such a side "Unidentified Armed Group".
UNNAMED_ATTACKERS = frozenset({"man", "men", "gunman", "gunmen", "attacker", "assailant", "bomber", "gang",
                               "kidnapper", "abductor", "raider", "motorcyclist", "shooter", "sniper",
                               "member", "individual", "person", "people"})  # fmt: skip
_VIOLENT_TYPES = frozenset({BATTLES, REMOTE, CIVILIANS})


def unnamed_attackers(event_type: str | None, actors: list[_Arg], doc: Doc) -> list[_Arg]:
    """Attackers the text names only by what they looked like ("armed men", "a man on a
    motorcycle", "gang members", "a suicide bomber") are described as ACLED names them."""
    if event_type not in _VIOLENT_TYPES:
        return actors
    out = []
    for arg in actors:
        tok = doc[arg.head]
        if arg.participant.actor_key is None and _lemma(tok) in UNNAMED_ATTACKERS and not _named_group(tok):
            out.append(_described(arg, "unidentified armed group"))
        else:
            out.append(arg)
    return out


def _named_group(tok: Token) -> bool:
    """ "members of the National Guard", "RSF members": the group is named, the men are its own."""
    return any(t.ent_type_ in ("ORG", "NORP") for t in tok.subtree if t.i != tok.i)
