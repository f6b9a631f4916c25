"""What within-document coreference needs to know about one event mention, read off its Event.

A mention here is one :class:`~newsgraph.model.Event` as the sentence-level extractor made it.
:func:`describe` reads what decides whether two mentions can report one real event: the family
of its type (a protest never joins an air strike), how specific its type is, where it happened
(a town, or a wider area that may contain towns), its own day, and the discourse cues of its
trigger ("the strike" refers back, "another strike" starts a new event, "in three towns" sums
up several events). Pure functions over records and the document text; no spaCy.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from newsgraph.model import Event, PlaceMention
from newsgraph.nlp.events.lexicon import has_acled_sub_type
from newsgraph.nlp.events.numbers import stated_tolls

# --- type families and specificity --------------------------------------------------------------

#: ACLED event types of organised violence: a "killed" mention joins any of them.
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
#: ACLED event types of crowds.
CROWD_TYPES = frozenset({"Protests", "Riots"})

#: How much a sub-type says about what happened; the merged event takes the highest any of its
#: mentions supports. Means of attack (weapon, delivery) say most; "Armed clash" was the
#: extractor's default for any fighting word and says least among violent types.
SPECIFICITY: dict[str | None, int] = {
    None: 0,
    "Other": 0,
    "Armed clash": 1,
    "Peaceful protest": 1,
    "Attack": 2,
    "Protest with intervention": 2,
    "Violent demonstration": 2,
    "Government regains territory": 3,
    "Non-state actor overtakes territory": 3,
    "Non-violent transfer of territory": 3,
    "Abduction/forced disappearance": 3,
    "Sexual violence": 3,
    "Excessive force against protesters": 3,
    "Mob violence": 3,
    "Air/drone strike": 3,
    "Shelling/artillery/missile attack": 3,
    "Remote explosive/landmine/IED": 4,
    "Suicide bomb": 4,
    "Grenade": 4,
    "Chemical weapon": 4,
}
#: Strategic developments and others that are events of their own kind: they join only mentions
#: of the same sub-type (an arrest is not the strike it follows).
_DEFAULT_SPECIFICITY = 3

#: Trigger words that report harm or violence without saying how: they carry no type of their own
#: and adopt the specific one ("killed" joins "air strike"). Matched on the trigger's first word.
_GENERIC_TRIGGER = re.compile(
    r"^(kill|die|dea(d|th)|wound|injur|casualt|attack|assault|hit|struck|target|fire|firing|victim|lost|los(e|s))",
    re.IGNORECASE,
)

#: Strategic developments that are events of their own even inside a sentence about another event
#: (an agreement, arrests, a base set up, a weapon disrupted, property looted).
STANDALONE_SUB_TYPES = frozenset(
    {"Agreement", "Arrest", "Arrests", "Headquarters or base established", "Disrupted weapons use",
     "Looting/property destruction"}
)  # fmt: skip

#: PLOVER types of troop movements: a part of the violent event their sentence tells.
MOVEMENT_TYPES = frozenset({"MOBILIZE", "RETREAT"})

#: Sub-types a generic trigger gets by default (the lexicon's, or none).
_DEFAULT_SUB_TYPES = frozenset({None, "Other", "Armed clash", "Attack"})

# --- discourse cues -----------------------------------------------------------------------------

#: Before the trigger: a definite or demonstrative noun phrase refers back to a reported event.
_DEFINITE = re.compile(
    r"\b(the|this|that|these|those|its|their|monday's|tuesday's|wednesday's|thursday's|friday's|"
    r"saturday's|sunday's|today's|yesterday's|last night's)\s+(\S+\s+){0,2}$",
    re.IGNORECASE,
)
#: At the start of the sentence: the sentence tells an event besides the one told so far.
_ANOTHER_OPENING = re.compile(
    r"^\W*(separately|elsewhere|meanwhile|also|in (a |an )?(separate|other|another|second|further|"
    r"earlier|later|similar|unrelated) (incident|attack|development|event|strike|raid|clash)s?)\b",
    re.IGNORECASE,
)
#: A sentence that opens on a time or a place adverbial sets a new scene: "On Sunday, ...",
#: "In Taiz, ...", "Further south, in Khan Sheikhoun, ...", "Before dawn on Thursday, ...".
_FRAME = re.compile(
    r"^\W*((further|farther|more than|some|about)?\s*(\w+ )?(north|south|east|west)\w*,?\s+)?"
    r"((late|early|overnight|before dawn|later|earlier)\s+)?(on|in|at|near|outside|around)\s+[^,;.]{2,60},",
    re.IGNORECASE,
)
#: "It was the third attack on a restaurant on the beach in two years": an ordinal over a span of
#: time counts a series of past events, no mention of the one being told.
_SERIES = re.compile(
    r"\bthe\s+(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(st|nd|rd|th))\s+"
    r"(such\s+)?(\S+\s+){0,2}$"
)
_SPAN = re.compile(
    r"\b(in|within|over|since)\s+(the\s+)?(past|last)?\s*(\w+\s+)?(years?|months?|weeks?|days?)\b"
)

#: Words that, as the subject a follow-up sentence opens on, name a part of the event being told:
#: its doers ("the attackers"), its weapons ("the rockets", "the device"), its victims ("the dead").
_EVENT_PARTS = (
    r"attackers?|assailants?|gunm[ae]n|bombers?|raiders|kidnappers|abductors|perpetrators|"
    r"victims?|dead|wounded|injured|casualties|"
    r"attacks?|(air ?)?strikes?|airstrikes?|raids?|blasts?|bombings?|explosions?|assaults?|ambush|"
    r"shelling|bombardment|fighting|clash(es)?|"
    r"rockets?|shells?|missiles?|bombs?|device|explosives?|projectiles?|munitions|drones?|vest|grenades?"
)
#: A sentence that opens on a definite noun phrase naming a part of the event, or on "they": it
#: continues the narrative of the event told last ("The attackers also set fire to grain stores.",
#: "The rockets landed on a frontline post", "The dead included three children").
_REFERS_BACK = re.compile(
    rf"^\W*(((the|this|that|these|those|its|their)\s+(\S+\s+){{0,3}}?({_EVENT_PARTS})\b)|they\b)",
    re.IGNORECASE,
)
#: Right before the trigger: "Israeli artillery also shelled ...", an act besides the one told.
_ALSO = re.compile(r"\b(also|meanwhile|later)\s+$", re.IGNORECASE)
#: Before the trigger: words that introduce an event other than the one being told.
_ANOTHER = re.compile(
    r"\b(another|a second|a third|a fourth|a further|a separate|separately|in a separate|"
    r"in another|elsewhere|a new|a later|an earlier|a similar|a fresh)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
_COUNT_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|multiple|many|various|"
    r"dozens of|a number of|\d+"
)
_AREA_NOUNS = (
    r"towns|villages|cities|districts|provinces|areas|neighbou?rhoods|locations|regions|states|"
    r"places|camps|sites|counties|communities|localities|governorates|settlements|suburbs"
)
#: A sentence that sums up several events ("kill 14 in three towns", "across the province").
_SUMMARY = re.compile(
    rf"\b(in|across|on|at|of|throughout)\s+({_COUNT_WORDS})\s+(\S+\s+){{0,2}}({_AREA_NOUNS})\b"
    rf"|\bacross\s+(the\s+)?(country|province|region|state|north|south|east|west|governorate)\b"
    rf"|\b(different|separate)\s+({_AREA_NOUNS})\b",
    re.IGNORECASE,
)

#: A sentence that says no one died: "causing no casualties", "no injuries were reported", "the
#: march passed off without incident", "entered the town without a fight", "dispersed peacefully".
#: ACLED codes such an event's toll as 0 (no one hurt is no one dead; "no serious injuries" too).
_NO_ONE_DIED = re.compile(
    r"\b(no|without(\s+causing)?(\s+any)?)\s+(immediate\s+|serious\s+|reported\s+)?(reports?\s+of\s+)?"
    r"(casualties|injuries|deaths|fatalities|loss of life|bloodshed|one\s+(being\s+)?(was\s+|were\s+)?"
    r"(killed|hurt|injured|wounded))\b"
    r"|\bno\s+one\s+(was|were|had been)\s+(killed|hurt|injured|wounded)\b"
    r"|\b(none|no\s+one|nobody)\s+(of\s+(the|them)\b[^.;,]{0,30}?\s*)?(died|was\s+killed|were\s+killed)\b"
    r"|\bwithout\s+(incident|a fight|a shot|resistance|fighting|violence)\b"
    r"|\bno\s+(fighting|violence|shots?\s+(was|were)\s+fired)\b"
    r"|\b(dispersed|ended|passed( off)?|proceeded)\s+peacefully\b",
    re.IGNORECASE,
)


#: Words that report deaths, with or without a figure ("shot dead", "beat to death", "killing").
_DEATH_WORDS = re.compile(
    r"\b(kill\w*|dead|deaths?|died|dying|massacre\w*|lynch\w*|execut\w*|behead\w*|murder\w*|"
    r"martyr\w*|fatal\w*|bodies|claim\w*\s+the\s+lives)\b",
    re.IGNORECASE,
)


#: Words that report people hurt: a report that counts the wounded and tells no death codes 0 dead.
_INJURY_WORDS = re.compile(r"\b(wound\w*|injur\w*|hurt)\b", re.IGNORECASE)


def _one_toll(sentence: str) -> int | None:
    """The sentence's death figure, where it states exactly one ("killing 17 people, including 5
    children" is 17); two figures may be two events' ("nine in Banibangou ... four in Abala")."""
    figures = set(stated_tolls(sentence))
    return figures.pop() if len(figures) == 1 else None


def no_one_died_at(text: str) -> list[int]:
    """Where the text says no one was killed or hurt (offsets of the phrases)."""
    return [m.start() for m in _NO_ONE_DIED.finditer(text)]


def says_no_one_died(sentence: str) -> bool:
    """The sentence says the event it tells killed or hurt no one (see :data:`_NO_ONE_DIED`)."""
    return bool(_NO_ONE_DIED.search(sentence))


#: Place reasons that come from the event's own words; "paragraph focus" is inherited.
_INHERITED_REASONS = ("no place found", "origin only")
#: Place features that name one town (or a spot in one).
_TOWN_FEATURES = frozenset({"city", "site", "admin2", "area"})


@dataclass(frozen=True, slots=True)
class MentionView:
    """One event mention as coreference sees it (``index`` into the input list)."""

    index: int
    event: Event
    family: str  # "violence", "crowd", "harm" (joins either), or "kind:<sub-type or type>"
    specificity: float
    place: PlaceMention | None  # the mention's own place (None when inherited or absent)
    governed: bool  # the place is governed by the trigger ("killed in X"), not just nearby
    day: dt.date | None  # the mention's own day, stated in its own sentence
    definite: bool
    another: bool
    summary: bool
    refers_back: bool = False  # its sentence opens on a part of the event told ("The attackers ...")
    framed: bool = False  # its sentence opens on a time or place adverbial ("In Katsina state, ...")
    towns_named: frozenset[str] = frozenset()  # the towns its sentence names (lowercased names)
    headline: bool = False  # the story's title line: evidence of the event, not its anchor
    focus: PlaceMention | None = None  # the paragraph's place, for a mention with none of its own
    framed_time: str | None = None  # the day the sentence opens on ("On Sunday, a mob ..."), see day_words
    framed_place: bool = False  # the sentence opens on the mention's place ("In Taiz, shells ...")
    top: bool = False  # the headline or the lead
    days: frozenset[str] = frozenset()  # weekdays its sentence is dated by (see day_words)
    unharmed: bool = False  # its sentence says no one was killed or hurt ("causing no casualties")
    tells_death: bool = False  # its sentence says someone died ("shot dead two protesters")
    stated_toll: int | None = None  # the one death figure its sentence states in words, if one
    reported: bool = False  # told inside a claim, denial or accusation ("denied that its jets struck")
    tells_injury: bool = False  # its sentence says someone was hurt ("five people were injured")

    @property
    def auxiliary(self) -> bool:
        """A movement inside an event told beside it ("the attackers, who arrived on motorcycles",
        "after government troops pulled back"): ACLED does not split such acts off the event."""
        return (
            self.event.type in MOVEMENT_TYPES and self.event.acled_sub_event_type not in STANDALONE_SUB_TYPES
        )

    @property
    def statement(self) -> bool:
        """A PLOVER event that ACLED does not code (a visit, a statement, support): never merged,
        each is its own record (whereabouts, networks)."""
        return (
            self.family.startswith("kind:")
            and not has_acled_sub_type(self.event.acled_sub_event_type)
            and not self.auxiliary
        )


@dataclass(frozen=True, slots=True)
class DocumentPlaces:
    """What the document's place mentions say about the reliability of one event's place."""

    area_names: frozenset[str]  # lowercased names the document also uses for a province/region
    countries: frozenset[str]  # countries the document names by two or more different places
    towns: tuple[PlaceMention, ...]  # town-level places, in text order

    @classmethod
    def of(cls, places: Sequence[PlaceMention]) -> DocumentPlaces:
        names: dict[str, set[str]] = {}
        for p in places:
            if p.country_code and not p.in_comments:
                names.setdefault(p.country_code, set()).add((p.name or p.text).lower())
        return cls(
            area_names=frozenset(p.text.lower() for p in places if p.feature in ("admin1", "region")),
            countries=frozenset(cc for cc, n in names.items() if len(n) >= 2),
            towns=tuple(sorted((p for p in places if p.resolved and is_town(p)), key=lambda p: p.start)),
        )


#: Event nouns in the plural: at the top of a story with no town, they sum up a wave
#: ("Chile's fare protests", "Air strikes on Idlib") that the body tells town by town.
_PLURAL_EVENTS = re.compile(
    r"\b(air ?strikes|airstrikes|strikes|raids|attacks|clashes|protests|demonstrations|rallies|marches|"
    r"bombings|explosions|blasts|killings|shellings|riots|offensives)\b",
    re.IGNORECASE,
)


def describe(
    index: int,
    event: Event,
    text: str,
    doc_places: DocumentPlaces | None = None,
    *,
    top: bool = False,
    headline_end: int = 0,
) -> MentionView:
    """Read one mention against the document's places (see :class:`DocumentPlaces`); ``top``: its
    sentence is the headline or the lead (the first two sentences that report events)."""
    known = doc_places or DocumentPlaces(frozenset(), frozenset(), ())
    before = text[event.sentence.start : event.trigger.start]
    place = own_place(event)
    # "protesters were killed in Nakuru": a town its trigger governs is the town, even where the
    # province shares its name (the story is local, no sum-up of the province)
    governed_town = place is not None and is_town(place) and event.place_reason.startswith("governed")
    if (
        place is not None
        and is_town(place)
        and (place.text.lower() in known.area_names or names_its_province(place))
    ):
        # "Idlib" is a town and the province around it: "kills six in Idlib" may mean either, so
        # the name contains the province's towns rather than conflicting with them
        place = _as_area(place)
    if (
        place is not None
        and place.country_code
        and known.countries
        and place.country_code not in known.countries
    ):
        # "Metro" in Indonesia, "Alameda" in California in a story about Chile: a lone name in a
        # country the story never otherwise names is a doubtful resolution, no evidence of a
        # second event
        place = None
    sentence = text[event.sentence.start : event.sentence.end]
    day = own_day(event)
    frame = _FRAME.match(sentence)
    frame_end = event.sentence.start + frame.end() if frame else -1
    refers_back = bool(_REFERS_BACK.match(sentence)) and event.trigger.start > event.sentence.start
    return MentionView(
        index=index,
        event=event,
        family=family(event),
        specificity=specificity(event),
        place=place,
        governed=event.place_reason.startswith("governed"),
        day=day,
        # "the strike", "Monday's attack": an event noun after a determiner ("its jets struck"
        # is a verb after one)
        definite=bool(_DEFINITE.search(before[-60:])) and event_noun(event.trigger_text),
        another=bool(
            _ANOTHER.search(before[-80:])
            or _ANOTHER_OPENING.match(sentence)
            # "artillery also shelled ..." is a second act; "the strike also wounded 30" more
            # victims of the same one, "the attackers also set fire to" and "shops were also
            # looted" (no doer of its own) more of what was done in it
            or (_ALSO.search(before[-30:]) and not generic(event) and not refers_back and names_doer(event))
            or (bool(_SERIES.search(before[-40:].lower())) and bool(_SPAN.search(sentence.lower())))
        ),
        refers_back=refers_back,
        framed=frame is not None,
        towns_named=frozenset(
            (p.name or p.text).lower()
            for p in known.towns
            if event.sentence.start <= p.start and p.end <= event.sentence.end
        ),
        summary=bool(_SUMMARY.search(sentence))
        or _lists_towns(event, text, known.towns)
        or (
            top
            and not (governed_town or (place is not None and _local(place)))
            and bool(_PLURAL_EVENTS.search(sentence))
        )
        # "Six killed as shells hit Abu Shouk camp; RSF raid on Kutum hamlets leaves nine dead":
        # a title of two stories sums them up, and its places cross from one clause to the other
        or (event.sentence.start < headline_end and ";" in sentence),
        headline=event.sentence.start < headline_end,
        focus=event.place if event.place_reason.startswith("paragraph focus") else None,
        framed_time=_weekday(frame.group(0)) if frame else None,
        framed_place=place is not None and place.start < frame_end,
        top=top,
        days=frozenset(day_words(event, text)),
        unharmed=says_no_one_died(sentence),
        tells_death=bool(_DEATH_WORDS.search(sentence)) and not says_no_one_died(sentence),
        stated_toll=_one_toll(sentence),
        reported=reported_claim(before),
        tells_injury=bool(_INJURY_WORDS.search(sentence)),
    )


#: A claim, denial or accusation whose complement or object tells an event: "X denied that its
#: jets struck the market", "claimed the attack in a message", "accused Ankara of ethnic
#: cleansing". The event told there is the claimed, denied or blamed side of one the story
#: reports, not a new one.
_CLAIM_VERB = re.compile(
    r"\b(den(y|ies|ied|ying)|accus(e|es|ed|ing)\b[^.;]*?\bof|blam(e|es|ed|ing)\b[^.;]*?\bfor|"
    r"claim(s|ed|ing)?(\s+responsibility\s+for)?)\b",
    re.IGNORECASE,
)
#: "claimed the lives of", "the blast claimed 12 lives": the claim verb of a toll, no claim.
_CLAIMED_LIVES = re.compile(r"\bclaim(s|ed|ing)?\s+(the\s+lives|\d+|[a-z-]+\s+lives)\b", re.IGNORECASE)


def reported_claim(before: str) -> bool:
    """The words before the trigger in its sentence put it inside a claim, denial or accusation."""
    found = list(_CLAIM_VERB.finditer(before))
    return bool(found) and not _CLAIMED_LIVES.match(before, found[-1].start())


#: Between two names of a list of towns ("Sanaa, Saada, Amran", "Homs and Hama").
_LIST_GLUE = re.compile(r"^\s*(,|and|or|, and|, or|&)\s*$")


def _lists_towns(event: Event, text: str, towns: Sequence[PlaceMention]) -> bool:
    """The sentence names a list of different towns: it reports an event in each (one per town)."""
    inside = [p for p in towns if event.sentence.start <= p.start and p.end <= event.sentence.end]
    for a, b in zip(inside, inside[1:], strict=False):
        if (a.name or a.text) != (b.name or b.text) and _LIST_GLUE.match(text[a.end : b.start]):
            return True
    return False


def names_doer(event: Event) -> bool:
    """The sentence names who did the act ("Israeli artillery also shelled"), not only the act's
    own word standing for its unnamed doers (the rioters of "shops were also looted")."""
    t, s = event.trigger, event.sentence
    return any(
        s.start <= a.start and a.end <= s.end and (a.end <= t.start or a.start >= t.end) for a in event.actors
    )


def event_noun(trigger: str) -> bool:
    """The trigger is one of the lexicon's event nouns ("strike", "raids", "the blast")."""
    from newsgraph.nlp.events.lexicon import load_lexicon

    nouns = load_lexicon().nouns
    word = trigger.lower().split()[-1] if trigger.split() else ""
    return word in nouns or word.removesuffix("s") in nouns or word.removesuffix("es") in nouns


def generic(event: Event) -> bool:
    """The trigger reports harm or violence without its means ("killed", "attack", "wounded")."""
    return bool(_GENERIC_TRIGGER.match(event.trigger_text.strip()))


def harm_only(event: Event) -> bool:
    """A generic trigger whose sub-type is only the extractor's default for it: the mention says
    someone was harmed, not how (a sub-type the extractor read off the cause is kept)."""
    return generic(event) and event.acled_sub_event_type in _DEFAULT_SUB_TYPES


def family(event: Event) -> str:
    acled = event.acled_event_type
    if event.type == "PROTEST" or acled in CROWD_TYPES:
        return "crowd"
    if acled in VIOLENT_TYPES or event.type in ("ASSAULT", "FIGHT"):
        return "harm" if harm_only(event) else "violence"
    if event.mode == "raid":
        return "harm"  # "the raids were carried out by warplanes": a raid says violence, not how
    sub = event.acled_sub_event_type
    return f"kind:{sub if sub not in (None, 'Other') else event.type}"


def specificity(event: Event) -> float:
    if family(event) == "harm":
        # above "Other", below any type a word of its own supports; a raid (PLOVER COERCE) says
        # less of what was done than "killed" (ASSAULT) in the same story
        return 0.5 if event.type == "ASSAULT" else 0.25
    return float(SPECIFICITY.get(event.acled_sub_event_type, _DEFAULT_SPECIFICITY))


def own_place(event: Event) -> PlaceMention | None:
    """The place the mention's own sentence gives, not one inherited from the paragraph."""
    if event.place is None or event.place_reason.startswith(_INHERITED_REASONS):
        return None
    return event.place


#: Ways a trigger governs a place that say only where near it, or whose it is, not where it was
#: done: another clause's place ("had been planted near the Absar area and was detonated"), an
#: "of" phrase ("according to a leader of the CJTF in Maiduguri"), "near".
_LOOSE_GOVERNORS = ("(of)", "(near)", "(around)")


def loosely_placed(event: Event) -> bool:
    """The trigger governs its place only through another clause, "of" or "near"."""
    reason = event.place_reason
    return reason.startswith("governed") and ("linked clause" in reason or reason.endswith(_LOOSE_GOVERNORS))


def own_time(event: Event) -> bool:
    t = event.time
    return t is not None and event.sentence.start <= t.start and t.end <= event.sentence.end


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(words: str) -> str | None:
    found = [d for d in _WEEKDAYS if d in words.lower()]
    return found[0] if found else None


def day_words(event: Event, text: str) -> set[str]:
    """The weekdays the mention's own sentence is dated by: those it names, and the weekday of its
    own resolved day ("On Sunday" in an undated story, or 2016-10-21 = "friday")."""
    out = {d for d in _WEEKDAYS if d in text[event.sentence.start : event.sentence.end].lower()}
    day = own_day(event)
    if day is not None:
        out.add(_WEEKDAYS[day.weekday()])
    return out


def own_day(event: Event) -> dt.date | None:
    """The day stated in the mention's own sentence (not the narrative's or the publication's)."""
    t = event.time
    if t is None or not (event.sentence.start <= t.start and t.end <= event.sentence.end):
        return None
    if t.precision != "day" or t.ambiguous:
        return None
    return event.date_start


def names_its_province(place: PlaceMention) -> bool:
    """The town shares its name with its own province (Idlib, Hama, Aleppo, Kunduz, Gao)."""
    if not place.admin1:
        return False
    return _province_namesake(place.text, place.admin1)


@functools.lru_cache(maxsize=4096)
def _province_namesake(name: str, admin1: str) -> bool:
    from newsgraph.errors import NewsgraphError
    from newsgraph.nlp.places.gazetteer import get_gazetteer

    try:
        candidates = get_gazetteer().lookup(name)
    except (NewsgraphError, OSError, sqlite3.Error):  # no gazetteer: no namesake known, a town stays one
        return False
    return any(c.exact and c.entry.feature == "admin1" and c.entry.admin1 == admin1 for c in candidates)


def is_town(place: PlaceMention) -> bool:
    return place.precision in (1, 2) and (place.feature in _TOWN_FEATURES or place.feature is None)


def _local(place: PlaceMention) -> bool:
    """A town, or a name the gazetteer lacks: provinces and countries are all listed, so an
    unresolved toponym ("the village of Khan al-Assal") is a small place, not an area."""
    return is_town(place) or place.precision is None


def _as_area(place: PlaceMention) -> PlaceMention:
    from dataclasses import replace

    return replace(place, feature="admin1", precision=3, geonames_id=None)


#: A title line is short; a longer first line is the story's first paragraph.
MAX_HEADLINE_WORDS = 25


def headline_end(text: str) -> int:
    """Where the title line ends (0 when the text does not start with one).

    Scraped articles put the title on the first line, alone, before a blank line or a short
    dateline line; a first line that is a long paragraph is no title."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    if end < 0:
        return 0
    line = text[start:end]
    if len(line.split()) > MAX_HEADLINE_WORDS or line.rstrip().endswith((".", '."')):
        return 0
    return end
