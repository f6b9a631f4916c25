"""Find event triggers in a parsed Doc and check each lexicon row's syntactic frame.

A trigger is a verb, a noun or a multiword phrase from the lexicon. We do not fire on noun
modifiers ("attack helicopter", "strike force": the trigger is a ``compound`` of another noun),
on adjectival participles ("a wounded soldier" is a description, not a report of wounding), or
on auxiliaries. Rows carry frame flags (``obj=place``, ``prep=to``, ``passive``...) that must
hold for the row to apply; the first row of a trigger that holds wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp.events.lexicon import Lexicon, TriggerEntry

#: Nouns for people, so "capture the commander" reads as an arrest, not a territorial gain.
HUMAN_NOUNS = frozenset(
    [
        "person",
        "people",
        "man",
        "men",
        "woman",
        "women",
        "child",
        "children",
        "civilian",
        "soldier",
        "troop",
        "fighter",
        "militant",
        "rebel",
        "insurgent",
        "commander",
        "general",
        "officer",
        "member",
        "leader",
        "official",
        "journalist",
        "activist",
        "militiaman",
        "guard",
        "prisoner",
        "hostage",
        "worker",
        "student",
        "protester",
        "protestor",
        "policeman",
        "minister",
        "president",
        "brigadier",
        "colonel",
        "major",
        "captain",
        "lieutenant",
        "sergeant",
        "adviser",
        "advisor",
        "detainee",
        "inmate",
        "immigrant",
        "migrant",
        "refugee",
        "villager",
        "resident",
        "diplomat",
        "inspector",
        "peacekeeper",
        "observer",
        "demonstrator",
        "dissident",
        "opponent",
        "supporter",
        "suspect",
        "national",
        "citizen",
        "doctor",
        "farmer",
        "priest",
        "missionary",
        "monitor",
        "ambassador",
        "envoy",
        "militiaman",
        "gunman",
        "policemen",
        "nurse",
        "teacher",
        "driver",
        "girl",
        "boy",
        "schoolgirl",
        "schoolboy",
        "captive",
        "pilot",
        "passenger",
        "employee",
        "engineer",
        "crew",
        "sailor",
        "fisherman",
        "trader",
        "tourist",
        "pastor",
        "chief",
    ]
)

#: Common nouns that name a place even when no toponym is resolved ("in the countryside").
PLACE_NOUNS = frozenset(
    [
        "province",
        "city",
        "town",
        "village",
        "country",
        "region",
        "countryside",
        "area",
        "district",
        "suburb",
        "capital",
        "border",
    ]
)

_OBJECT_DEPS = frozenset({"dobj", "obj", "attr"})
_SKIP_DEPS = frozenset({"compound", "amod", "aux", "auxpass", "nmod"})


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger in a Doc: the anchor token the arguments hang from, the trigger span, the row."""

    anchor: int  # token index
    start: int  # token span [start, end)
    end: int
    entry: TriggerEntry


@dataclass(frozen=True, slots=True)
class FrameContext:
    """Token sets the frame checks need: which tokens are places, which are named actors."""

    place_tokens: frozenset[int]
    actor_tokens: frozenset[int]


#: Objects that make "launch" and "fire" an attack.
WEAPON_NOUNS = frozenset({"missile", "drone", "rocket", "shell", "mortar", "bomb", "grenade", "projectile",
                          "munition", "warhead", "barrel", "artillery", "salvo", "barrage", "volley",
                          "torpedo", "interceptor", "stone", "rock", "molotov", "firebomb", "explosive",
                          "device", "ied", "landmine", "mine", "weapon", "arm", "ammunition", "cache", "arsenal",
                          "stockpile"})  # fmt: skip

#: Nouns of amount whose "of" object is the real object: "seized a large quantity of weapons".
QUANTITY_NOUNS = frozenset({"quantity", "amount", "number", "lot", "stash", "haul", "consignment", "batch",
                            "cache", "stockpile", "load", "box", "crate", "truckload", "dozen", "hundred",
                            "thousand", "kilogram", "tonne", "ton"})  # fmt: skip


def is_weapon(token: Token) -> bool:
    """A weapon noun, also as the kind of a generic one ("mortar rounds", "artillery shells") or
    behind an amount ("a large quantity of weapons", "a cache of rifles")."""
    lemma = token.lemma_.lower()
    if lemma in WEAPON_NOUNS or lemma in ARMS_NOUNS:
        return True
    if lemma in _MUNITION_HEADS and any(
        c.dep_ == "compound" and c.lemma_.lower() in WEAPON_NOUNS for c in token.children
    ):
        return True  # "mortar rounds"; not "shell casings"
    if lemma in QUANTITY_NOUNS:
        return any(
            g.lemma_.lower() in WEAPON_NOUNS | ARMS_NOUNS
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
        )
    return False


#: Generic munition heads that take their kind from a compound: "mortar rounds", "tank charges".
_MUNITION_HEADS = frozenset({"round", "charge", "ordnance", "munition", "shot"})

#: Small arms and their rounds, weapons by themselves as an object ("seized 40 rifles").
ARMS_NOUNS = frozenset({"rifle", "gun", "pistol", "firearm", "kalashnikov", "ak-47", "launcher", "rpg",
                        "detonator", "ammo", "cartridge", "machine-gun", "weaponry", "armament"})  # fmt: skip


def governor(token: Token, lemmas: frozenset[str]) -> Token | None:
    """The verb among ``lemmas`` that a noun is the object of, directly ("took them hostage") or
    through a preposition ("took him into custody", "set the house on fire")."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ in ("prep", "dative"):
        head = head.head
    elif token.dep_ not in ("dobj", "obj", "oprd", "attr", "npadvmod", "ccomp", "xcomp", "conj"):
        return None
    if head.pos_ in ("VERB", "AUX") and (head.lemma_.lower() in lemmas or head.lower_ in lemmas):
        return head
    return None


#: What a base set up is: "set up a forward headquarters", "established an observation post".
BASE_NOUNS = frozenset({"base", "headquarters", "headquarter", "outpost", "post", "checkpoint", "camp",
                        "garrison", "airbase", "position", "command", "centre", "center", "roadblock",
                        "bunker", "barracks", "encampment", "stronghold"})  # fmt: skip

#: Objects of "meet" that are no one met: "met little resistance", "met the deadline".
_MET_NO_ONE = frozenset({"resistance", "opposition", "demand", "deadline", "target", "condition", "fate",
                         "requirement", "end", "criterion", "need", "challenge", "fire"})  # fmt: skip


#: Event verbs that always take an object in news prose.
OBJECT_ONLY_VERBS = frozenset({"kill", "wound", "injure", "abduct", "kidnap", "arrest", "detain", "execute",
                               "behead", "displace", "evacuate"})  # fmt: skip


#: What strikes in "X hit Y" / "Y was hit by X" when the verb reports an attack.
STRIKING_NOUNS = WEAPON_NOUNS | frozenset({"device", "ied", "strike", "airstrike", "mine", "landmine", "bullet",
                                           "shrapnel", "jet", "aircraft", "warplane", "helicopter", "gunfire"})  # fmt: skip


#: Who is armed: "its forces destroyed", "militants destroyed" (with weapons and named actors).
ARMED_NOUNS = frozenset({"force", "troop", "army", "military", "soldier", "militant", "rebel", "fighter",
                         "insurgent", "militia", "militiaman", "gunman", "jihadist", "police", "navy",
                         "marine", "commando", "sniper", "artillery", "tank", "warship"})  # fmt: skip


#: Withdrawals that are of troops only when what is withdrawn is armed (or a side, or ground).
_WITHDRAWALS = frozenset({"withdraw", "withdrawal", "pullout"})


def _by_weapon(token: Token, ctx: FrameContext | None = None, *, armed: bool = False) -> bool:
    """The verb's active subject or passive "by" agent is a weapon (or, with ``armed``, an armed
    group, armed people or a named actor)."""
    doers = [c for c in token.children if c.dep_ == "nsubj"]
    doers += [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    for d in doers:
        lemma = d.lemma_.lower()
        if lemma in STRIKING_NOUNS:
            return True
        if armed and (lemma in ARMED_NOUNS or (ctx is not None and d.i in ctx.actor_tokens)):
            return True
    return False


def is_passive(token: Token) -> bool:
    """A passive verb, also the headline kind with no auxiliary: "dozens of soldiers killed"."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
        # a past tense with its subject and a direct object is active, whatever the parser hung on
        # it: "IS fighters overran the village" (the acronym read as the verb "is")
        deps = {c.dep_ for c in token.children}
        return not (token.tag_ == "VBD" and "nsubj" in deps and deps & {"dobj", "obj"})

    deps = {c.dep_ for c in token.children}
    if "nsubj" not in deps or deps & {"aux", "dobj", "obj", "dative", "prt"}:
        return False
    # A verb that never goes without its object ("kill", "wound", "abduct") and has none: the
    # headline passive, whatever the tagger made of it ("dozens of soldiers killed" as VBD).
    return token.tag_ == "VBN" or (token.tag_ == "VBD" and token.lemma_.lower() in OBJECT_ONLY_VERBS)


def direct_objects(token: Token) -> list[Token]:
    """The patient of a trigger: dobj (active), nsubjpass (passive), or 'of' object of a noun."""
    if token.pos_ in ("NOUN", "PROPN"):
        return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    found = [c for c in token.children if c.dep_ in _OBJECT_DEPS]
    found += [c for c in token.children if c.dep_ == "nsubjpass"]
    return found


#: Nouns that are ground by themselves: "rebels seized the town", "captured two positions".
GROUND_NOUNS = frozenset({"town", "city", "village", "base", "centre", "center", "airbase", "airport",
                          "district", "neighbourhood", "neighborhood", "province", "region", "hill", "hilltop", "position", "outpost",
                          "checkpoint", "crossing", "port", "capital", "stronghold", "settlement",
                          "headquarters", "terminal", "garrison", "barracks", "area", "compound",
                          "farm", "farmland", "suburb", "quarter", "bridge"})  # fmt: skip
#: Heads that measure out ground named one "of" below: "seized most of the town", "part of the city".
_SHARE_HEADS = frozenset(
    {"most", "part", "parts", "much", "half", "rest", "bulk", "swathe", "swath", "large"}
)


def _is_place(token: Token, ctx: FrameContext) -> bool:
    # "the town of Kafr Nabl": the toponym may sit one "of" below the object
    if token.lower_ in _SHARE_HEADS:
        shared = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        if any(_is_place(g, ctx) for g in shared):
            return True  # "seized most of the ancient town of Maaloula"
    if any(t.lemma_.lower() in GROUND_NOUNS and t.pos_ == "NOUN" for t in (token, *token.children)):
        return True  # "rebels seized the town"; "seize Congolese mining town" (parsed around "Congolese")
    return any(
        t.i in ctx.place_tokens for t in token.subtree if t.i == token.i or t.head.i == token.i
    ) or any(
        g.i in ctx.place_tokens
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.subtree
    )


def _is_person(token: Token, ctx: FrameContext) -> bool:
    if token.i in ctx.place_tokens:
        return False
    return token.i in ctx.actor_tokens or token.lemma_.lower() in HUMAN_NOUNS or token.ent_type_ == "PERSON"


def _prep_children(token: Token, preps: frozenset[str]) -> list[Token]:
    # "took him away": the parser makes some particles adverbs
    deps = ("prep", "prt", "agent", "dative", "advmod")
    return [c for c in token.children if c.dep_ in deps and c.lower_ in preps]


def _person_subject(token: Token) -> bool:
    """The subject is a named person, also when raised: "Nasrallah is believed to be living in..."."""
    tok = token
    for _ in range(4):
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return any(s.ent_type_ == "PERSON" for s in subjects)
        if tok.dep_ not in ("xcomp", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


#: "declined to comment", "refused to elaborate": no rejection of anything, just no answer.
#: ("refused to respond to a demand" is a rejection: only verbs of giving information are listed)
NO_COMMENT_VERBS = frozenset({"comment", "elaborate", "say", "discuss", "speak", "name", "specify", "detail",
                              "disclose", "identify", "reveal", "confirm"})  # fmt: skip


def frame_holds(entry: TriggerEntry, token: Token, ctx: FrameContext) -> bool:
    """Whether the row's frame flags hold for this trigger token."""
    if entry.type == "REJECT" and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in NO_COMMENT_VERBS for c in token.children
    ):
        return False
    if _describes_a_noun(entry, token) or _anonymity(entry, token):
        return False
    objects = direct_objects(token)
    if entry.type == "CONSULT" and any(o.lemma_.lower() in _MET_NO_ONE for o in objects):
        return False
    if entry.has("passive") and not is_passive(token):
        return False
    if entry.has("plural") and token.tag_ not in ("NNS", "NNPS"):
        return False
    if entry.has("no-obj") and objects:
        return False
    if entry.has("obj=any") and not objects:
        return False
    if entry.has("obj=place") and not any(_is_place(o, ctx) for o in objects):
        return False
    if entry.has("obj=weapon") and not any(is_weapon(o) for o in objects):
        return False  # "launched 40 drones", "fired mortar rounds at"; not "launched a campaign"
    if entry.obj_lemmas and not any(o.lemma_.lower() in entry.obj_lemmas for o in objects):
        return False  # "took 15 shepherds hostage"; not "took 15 shepherds to the market"
    if entry.subj_lemmas and not any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in entry.subj_lemmas for c in token.children
    ):
        return False  # "three rockets landed near the embassy"; not "the plane landed"
    if entry.gov_lemmas and governor(token, entry.gov_lemmas) is None:
        return False  # "took them into custody", "set it on fire"; not "died in custody"
    if entry.has("obj=base") and not any(o.lemma_.lower() in BASE_NOUNS for o in objects):
        return False  # "set up a forward base"; not "set up a committee"
    if entry.has("purpose") and not _has_purpose(token):
        return False  # "gathered to demand", "gathered peacefully"; not "troops gathered at the gate"
    if entry.has("by=weapon") and not _by_weapon(token):
        return False  # "a drone hit the building", "was hit by an IED"; not "hit by inflation"
    if (
        entry.type == "RETREAT"
        and token.lemma_.lower() in _WITHDRAWALS
        and objects
        and not any(
            o.lemma_.lower() in ARMED_NOUNS or o.i in ctx.actor_tokens or _is_place(o, ctx) for o in objects
        )
    ):
        return False  # "the withdrawal of the finance bill", "withdrew its ambassador": no ground left
    if entry.has("by=armed") and not _by_weapon(token, ctx, armed=True):
        return False  # "its forces destroyed two launchers"; not "the fire destroyed three homes"
    if (entry.has("obj=person") or entry.has("obj=actor")) and not any(_is_person(o, ctx) for o in objects):
        return False
    if (
        entry.has("obj=place-or-actor")
        and objects
        and not any(_is_place(o, ctx) or _is_person(o, ctx) for o in objects)
    ):
        return False
    if entry.has("subj=place"):
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not any(_is_place(s, ctx) for s in subjects):
            return False
    if entry.has("subj=person") and not _person_subject(token):
        return False  # "Hemedti arrived in Kampala" is a visit; "troops arrived" is not
    if entry.preps:
        preps = _prep_children(token, entry.preps)
        if entry.has("obj-is-actor"):
            # "claiming to show him in Hama": the place hangs from the person shown
            preps += [p for o in objects for p in _prep_children(o, entry.preps)]
        if not preps:
            return False
        if entry.has("place") and not any(
            t.i in ctx.place_tokens or t.lemma_.lower() in PLACE_NOUNS
            for p in preps
            for g in p.children
            if g.dep_ == "pobj"
            for t in g.subtree
        ):
            return False
    return True


def _describes_a_noun(entry: TriggerEntry, token: Token) -> bool:
    """A statement word that only describes someone or something: "a man accused of stealing"
    (a participle on a noun), "in support of", "messages of support", "backed by air support"."""
    if entry.type == "ACCUSE" and token.dep_ == "acl" and token.tag_ == "VBN":
        return True
    return (
        entry.type == "SUPPORT"
        and token.pos_ == "NOUN"
        and token.dep_ == "pobj"
        and token.head.lower_ in ("in", "of", "by")
    )


#: "asking not to be named", "declined to give his name": a source's anonymity, no request or refusal.
_ANONYMITY_VERBS = frozenset({"name", "identify", "give", "reveal", "disclose"})


def _anonymity(entry: TriggerEntry, token: Token) -> bool:
    if entry.type not in ("REQUEST", "REJECT"):
        return False
    for child in token.children:
        if child.dep_ == "xcomp" and child.lemma_.lower() in _ANONYMITY_VERBS:
            named = child.lemma_.lower() in ("name", "identify")
            return named or any(g.lemma_.lower() in ("name", "identity") for g in child.children)
    return False


#: Words that make a gathering a demonstration: its manner or what it was for.
_PURPOSE_ADVERBS = frozenset({"peacefully", "silently", "defiantly"})


def _has_purpose(token: Token) -> bool:
    """A gathering with a stated aim ("gathered to demand", "gathered in protest") or manner."""
    for child in token.children:
        if child.dep_ in ("xcomp", "advcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            return True
        if child.dep_ == "advmod" and child.lower_ in _PURPOSE_ADVERBS:
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ in ("in", "against")
            and any(
                g.lemma_.lower() in ("protest", "solidarity", "support") or child.lower_ == "against"
                for g in child.children
            )
        ):
            return True
    return False


def _eligible(token: Token, kind: str) -> bool:
    if kind == "noun" and _mistagged_opening_noun(token):
        return True  # its "aux" role is the tagger's misreading, no auxiliary to skip
    if token.dep_ in _SKIP_DEPS:
        # "attack helicopter", "a wounded soldier", "the Hama offensive" head is what matters
        return False
    if kind == "verb":
        if token.lemma_.lower() == "be":
            return token.pos_ == "AUX" and token.dep_ in ("ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp")
        return token.pos_ == "VERB"
    return token.pos_ == "NOUN"


#: Tags the small model gives a capitalised opening noun it misreads ("Shelling hit a market":
#: Shelling/AUX/VBG; "Clashes erupted": PROPN/NNS), and the roles such a subject then gets.
_OPENING_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "VBG"})
_OPENING_DEPS = frozenset({"nsubj", "nsubjpass", "aux"})


def _mistagged_opening_noun(token: Token) -> bool:
    """The sentence's first word, capitalised and tagged as a name or a gerund that hangs before
    the main verb as its subject: a noun the tagger misread, not a participle opening a clause
    ("Attacking the base, rebels..." is an advcl)."""
    return (
        bool(token.is_sent_start)
        and token.is_title
        and token.pos_ in ("PROPN", "AUX", "VERB")
        and token.tag_ in _OPENING_TAGS
        and token.dep_ in _OPENING_DEPS
        and token.head.i > token.i
    )


def find_triggers(doc: Doc | Span, lexicon: Lexicon, ctx: FrameContext) -> list[TriggerMatch]:
    """All triggers in ``doc`` (a Doc or a sentence Span), in text order."""
    tokens: Sequence[Token] = list(doc)
    lemmas = [t.lemma_.lower() for t in tokens]
    used: set[int] = set()
    matches: list[TriggerMatch] = []
    longest = lexicon.max_phrase_len
    firsts = {k[0] for k in lexicon.phrases if k}  # a phrase can only start on one of its first lemmas
    for i in range(len(tokens)):
        if lemmas[i] not in firsts:
            continue
        for n in range(min(longest, len(tokens) - i), 1, -1):
            rows = lexicon.phrases.get(tuple(lemmas[i : i + n]))
            base = tokens[i].i
            if not rows or any(j in used for j in range(base, base + n)):
                continue
            span = tokens[i].doc[base : base + n]
            anchor = span.root
            if anchor.dep_ == "compound" and anchor.head.i >= span.end:
                continue  # "air strike force" style modifier
            entry = next((r for r in rows if frame_holds(r, anchor, ctx)), None)
            if entry is None:
                continue
            matches.append(TriggerMatch(anchor.i, span.start, span.end, entry))
            used.update(range(base, base + n))
            break
    for tok, lemma in zip(tokens, lemmas, strict=True):
        if tok.i in used:
            continue
        lower = tok.lower_
        for kind, table in (("verb", lexicon.verbs), ("noun", lexicon.nouns)):
            # a form the model lemmatises wrongly ("raped" -> "rap") is listed as itself
            rows = table.get(lemma) or table.get(lower)
            if not rows or not _eligible(tok, kind):
                continue
            entry = next((r for r in rows if frame_holds(r, tok, ctx)), None)
            if entry is not None:
                # "took him into custody": the arguments hang from the verb, the noun says what it did
                verb = governor(tok, entry.gov_lemmas) if entry.gov_lemmas else None
                matches.append(TriggerMatch(tok.i if verb is None else verb.i, tok.i, tok.i + 1, entry))
                used.add(tok.i)
                break
    matches.sort(key=lambda m: m.start)
    return matches
