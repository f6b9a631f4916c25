"""Load the event trigger lexicon (``data/events/triggers.tsv``) into lookup tables.

The lexicon maps verb lemmas, noun lemmas and multiword lemma sequences to a PLOVER type and
mode plus the ACLED event_type / sub_event_type. Rows for the same trigger are tried in file
order; a row whose ``flags`` constraints do not hold for a match is skipped, so "capture the
town" (obj=place) and "capture the commander" (obj=person) can type differently.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from newsgraph.errors import NewsgraphError

#: Where the lexicon ships; a user may pass another path to :func:`load_lexicon`.
DEFAULT_LEXICON = Path(__file__).resolve().parents[2] / "data" / "events" / "triggers.tsv"  # package data

KINDS = ("verb", "noun", "phrase")

#: Flags the matcher and argument code understand (see data/events/README.md).
KNOWN_FLAGS = frozenset(
    {
        "fatal",
        "injury",
        "subj=target",
        "subj=actor",
        "subj=place",
        "subj=side",
        "subj=person",
        "passive-subj=actor",
        "passive-by",
        "passive",
        "obj=place",
        "obj=weapon",
        "obj=base",
        "purpose",
        "by=weapon",
        "by=armed",
        "obj=person",
        "obj=actor",
        "obj=any",
        "obj=place-or-actor",
        "obj-is-actor",
        "no-obj",
        "place",
        "plural",
        "territory",
        "territory-loss",
    }
)

#: Flags that carry a list of lemmas: ``prep=a|b`` (a preposition child), ``obj-lemma=a|b`` (the
#: object's lemma: "took 15 shepherds hostage" needs no phrase of consecutive words), ``gov=a|b``
#: (the verb a noun trigger is the object of, directly or through a preposition: "took into custody"),
#: ``subj-lemma=a|b`` (the subject's lemma: "rockets landed", not "the plane landed").
_LIST_FLAGS = ("prep", "obj-lemma", "subj-lemma", "gov")


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One lexicon row."""

    kind: str
    trigger: str  # a lemma, or lemmas separated by spaces for kind "phrase"
    type: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    flags: frozenset[str]
    preps: frozenset[str]  # from the flag "prep=a|b"
    line: int
    obj_lemmas: frozenset[str] = frozenset()  # from "obj-lemma=a|b": the object's lemma
    gov_lemmas: frozenset[str] = frozenset()  # from "gov=a|b": the verb a noun trigger hangs from
    subj_lemmas: frozenset[str] = frozenset()  # from "subj-lemma=a|b": the subject's lemma

    def has(self, flag: str) -> bool:
        return flag in self.flags


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[TriggerEntry, ...]]
    nouns: dict[str, tuple[TriggerEntry, ...]]
    phrases: dict[tuple[str, ...], tuple[TriggerEntry, ...]]

    @property
    def max_phrase_len(self) -> int:
        return max((len(k) for k in self.phrases), default=1)


class LexiconError(NewsgraphError):
    """The trigger lexicon file is malformed."""


#: ACLED's 6 event types and 25 sub-event types, spelt as ACLED's codebook spells them. A lexicon row
#: naming anything else is an error: a misspelt sub-type ("Arrest") silently matches no gold or export.
ACLED_SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}


#: PLOVER's verbal types: what the lexicon types as something said, not done (PLOVER quad codes 1,
#: verbal cooperation, and 3, verbal conflict, as in newsgraph/export/plover.py; DISAPPROVE, DEMAND
#: and APPEAL are PLOVER's own names for acts the lexicon types ACCUSE / REQUEST).
VERBAL_TYPES = frozenset(
    {
        "ACCUSE",
        "AGREE",
        "APPEAL",
        "CONSULT",
        "DEMAND",
        "DISAPPROVE",
        "REJECT",
        "REQUEST",
        "SUPPORT",
        "THREATEN",
    }
)


def has_acled_sub_type(sub_event_type: str | None) -> bool:
    """Whether ACLED codes the act as one of its own sub-types ("Other" is the lexicon's word for
    a PLOVER act ACLED has no sub-type for: a visit, a statement, support)."""
    return sub_event_type not in (None, "Other")


def is_statement(event_type: str, sub_event_type: str | None) -> bool:
    """A verbal act with no ACLED sub-type of its own ("the ministry accused the rebels of lying"):
    PLOVER codes it, ACLED does not. An agreement ACLED codes ("Agreement") is an event."""
    return event_type.upper() in VERBAL_TYPES and not has_acled_sub_type(sub_event_type)


def parse_lexicon(text: str, *, origin: str = "<lexicon>") -> Lexicon:
    """Parse the TSV text of a lexicon. Raises LexiconError naming the bad line."""
    verbs: dict[str, list[TriggerEntry]] = {}
    nouns: dict[str, list[TriggerEntry]] = {}
    phrases: dict[tuple[str, ...], list[TriggerEntry]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) < 6:
            raise LexiconError(
                f"{origin}:{number}: expected 7 TAB-separated columns "
                f"(kind, trigger, type, mode, acled_event_type, acled_sub_event_type, flags), got {len(cols)}"
            )
        cols += [""] * (7 - len(cols))
        kind, trigger, etype, mode, acled_type, acled_sub, flag_text = (c.strip() for c in cols[:7])
        if kind not in KINDS:
            raise LexiconError(f"{origin}:{number}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if acled_type and acled_type not in ACLED_SUB_EVENT_TYPES:
            raise LexiconError(
                f"{origin}:{number}: unknown ACLED event type {acled_type!r}; "
                f"ACLED's are: {', '.join(ACLED_SUB_EVENT_TYPES)}"
            )
        if acled_sub and acled_sub not in ACLED_SUB_EVENT_TYPES.get(acled_type, ()):
            raise LexiconError(
                f"{origin}:{number}: {acled_sub!r} is not an ACLED sub-event type of {acled_type!r}; "
                f"use one of: {', '.join(ACLED_SUB_EVENT_TYPES.get(acled_type, ()))}"
            )
        flags: set[str] = set()
        lists: dict[str, frozenset[str]] = {}
        for flag in filter(None, (f.strip() for f in flag_text.split(","))):
            name, _, values = flag.partition("=")
            if name in _LIST_FLAGS and values:
                lists[name] = frozenset(values.split("|"))
                continue
            if flag not in KNOWN_FLAGS:
                raise LexiconError(
                    f"{origin}:{number}: unknown flag {flag!r}; known: "
                    f"{', '.join(f'{n}=a|b' for n in _LIST_FLAGS)}, {', '.join(sorted(KNOWN_FLAGS))}"
                )
            flags.add(flag)
        entry = TriggerEntry(
            kind=kind,
            trigger=trigger.lower(),
            type=etype,
            mode=mode or None,
            acled_event_type=acled_type or None,
            acled_sub_event_type=acled_sub or None,
            flags=frozenset(flags),
            preps=lists.get("prep", frozenset()),
            line=number,
            obj_lemmas=lists.get("obj-lemma", frozenset()),
            gov_lemmas=lists.get("gov", frozenset()),
            subj_lemmas=lists.get("subj-lemma", frozenset()),
        )
        if kind == "verb":
            verbs.setdefault(entry.trigger, []).append(entry)
        elif kind == "noun":
            nouns.setdefault(entry.trigger, []).append(entry)
        else:
            phrases.setdefault(tuple(entry.trigger.split()), []).append(entry)
    return Lexicon(
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns={k: tuple(v) for k, v in nouns.items()},
        phrases={k: tuple(v) for k, v in phrases.items()},
    )


@functools.lru_cache(maxsize=4)
def load_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon:
    """Read and parse a lexicon file (cached per path)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LexiconError(
            f"cannot read the event trigger lexicon {path}: {exc.strerror}; "
            "reinstall newsgraph or pass the path of a lexicon file"
        ) from exc
    return parse_lexicon(text, origin=str(path))
