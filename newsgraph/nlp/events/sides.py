"""The attacker of a violent event where the clause names it only indirectly.

:mod:`newsgraph.nlp.events.arguments` reads subjects, objects and "by" agents of the trigger.
This module adds the forms in which reports of violence name who attacked without making it the
trigger's subject, and keeps things that cannot attack out of the actor slot:

- a means of attack for its owner: "its jets struck" (the speaker), "a coalition jet bombed";
  aircraft with no owner named are a state's ("warplanes struck", "a drone strike killed two"):
  in these conflicts air power is a state's forces', and ACLED codes such strikes so;
- attack nouns the victims died in: "killed in US-led coalition strikes", "killed by shelling by
  government forces", "died at the hands of militiamen";
- the clause the killing happened in: "four were killed when warplanes struck a market",
  "three were killed where jets struck a street", "injured when a suicide bomber blew himself up";
- quantities are never attackers ("More than 150 ...", "dozens of shells").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Mention, Participant
from newsgraph.nlp.events.acled import (
    ARMED_VICTIMS,
    BATTLES,
    CIVILIAN_NOUNS,
    CIVILIANS,
    CROWD_NOUNS,
    PROTESTS,
    REMOTE,
    RIOTS,
    AcledType,
    unnamed_attackers,
)
from newsgraph.nlp.events.arguments import _BLAST_NOUNS as BLAST_NOUNS
from newsgraph.nlp.events.arguments import _STRUCK_VERBS as STRUCK_VERBS
from newsgraph.nlp.events.arguments import Argument, participant

VIOLENT_TYPES = frozenset({BATTLES, REMOTE, CIVILIANS})
#: Aircraft and air attacks: with no owner named they are a state's ("warplanes struck").
AIR_MEANS = frozenset({"jet", "warplane", "plane", "aircraft", "helicopter", "gunship", "bomber", "drone",
                       "airstrike", "strike", "sortie", "airplane", "fighter-bomber"})  # fmt: skip
#: Munitions stand for whoever fired them; named alone they name no one ("a shell hit a house").
MUNITIONS = frozenset({"shell", "rocket", "mortar", "missile", "bomb", "device", "explosive", "round",
                       "grenade", "bullet", "ammunition", "landmine", "mine", "ied", "canister", "projectile",
                       "munition", "barrel", "shrapnel", "gas"})  # fmt: skip
#: Words that say what kind of munition it is, never whose: "Barrel bombs" (tagged ORG), "car bomb".
MUNITION_KINDS = MUNITIONS | frozenset({"car", "truck", "suicide", "cluster", "roadside", "nail", "pipe",
                                        "parcel", "phosphorus", "vacuum", "incendiary", "chlorine"})  # fmt: skip
#: Attack nouns that victims are killed "in" or "by" ("killed in air strikes", "by shelling").
ATTACK_NOUNS = frozenset({"strike", "airstrike", "raid", "attack", "shelling", "bombardment", "bombing",
                          "assault", "ambush", "offensive", "fire", "gunfire", "barrage", "sortie"})  # fmt: skip
#: Verbs of a clause that says how the victims died: "when warplanes struck", "as gunmen attacked".
ATTACK_VERBS = frozenset({"strike", "hit", "attack", "bomb", "shell", "fire", "raid", "open", "blow", "storm",
                          "target", "pound", "ambush", "detonate", "explode", "land", "fall", "drop", "shoot",
                          "flatten", "destroy", "torch", "burn", "set", "launch"})  # fmt: skip
#: Modifiers that make a means a state's even without a dictionary name: "a coalition jet".
STATE_WORDS = frozenset({"coalition", "junta", "regime", "government", "army", "military", "navy", "air",
                         "state", "federal", "pro-government", "loyalist"})  # fmt: skip
#: Possessive pronouns whose owner is the party speaking: "the Air Force said its jets struck".
_OWN = frozenset({"its", "their", "our"})
_SPEAKING = frozenset({"say", "claim", "announce", "report", "tell", "state", "add", "confirm"})
_QUANTITY_HEADS = frozenset({"one", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands",
                             "more", "some", "several", "many", "few", "number"})  # fmt: skip


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _is_air(tok: Token) -> bool:
    """ "warplanes", "a drone strike", "air raids", "a strike" (not a labour strike)."""
    lemma = _lemma(tok)
    mods = {_lemma(c) for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    if lemma == "strike":
        return not mods & {"general", "hunger", "labour", "labor", "worker", "teacher", "nationwide"}
    if lemma in AIR_MEANS:
        return True
    return lemma in ("raid", "attack", "bombardment") and bool(mods & {"air", "drone", "aerial"})


def _names_attack(tok: Token) -> bool:
    return _lemma(tok) in ATTACK_NOUNS or tok.lower_ in ATTACK_NOUNS or _is_air(tok)


def _speaker_of(tok: Token) -> Token | None:
    """The subject of the speaking verb that the clause holding ``tok`` hangs from."""
    verb = tok.head
    for _ in range(5):
        if verb.dep_ == "ccomp" and _lemma(verb.head) in _SPEAKING:
            return next(
                (c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None
            )
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def munition_owner(tok: Token, by_token: Mapping[int, Mention]) -> Argument | None:
    """Who fired or left a munition the clause names as its subject: a participle's agent ("a
    landmine left by the militants"), the named owner of the positions it came from ("shells fired
    from Houthi positions"), or the named side whose attack the clause before it tells ("Israeli
    artillery shelled X, and a shell hit Y"). None where the text names no one."""
    if _lemma(tok) not in MUNITIONS:
        return None
    for acl in (c for c in tok.children if c.dep_ == "acl" and c.tag_ in ("VBN", "VBD")):
        for prep in acl.children:
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if prep.dep_ == "agent" or (prep.dep_ == "prep" and prep.lower_ == "by"):
                return participant(pobj, by_token)
            if prep.lower_ == "from":
                for mod in (pobj, *(c for c in pobj.children if c.dep_ in ("compound", "amod", "poss"))):
                    named = by_token.get(mod.i)
                    if named is not None and named.actor_key:
                        return participant(mod, by_token)
    verb = tok.head
    if tok.dep_ == "nsubj" and verb.dep_ == "conj" and verb.head.i < verb.i:
        before = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if before is not None and (_lemma(verb.head) in ATTACK_VERBS or _lemma(verb.head) in _SHELL_VERBS):
            arg = participant(before, by_token)
            if arg is not None and arg.participant.actor_key is not None:
                return arg
    return None


#: Verbs of firing munitions whose subject owns the munitions named next ("shelled ..., and a shell hit").
_SHELL_VERBS = frozenset({"shell", "pound", "bombard", "fire", "launch"})


def _described(arg: Argument, description: str) -> Argument:
    return replace(arg, participant=replace(arg.participant, description=description))


def resolve_means(arg: Argument, doc: Doc, by_token: Mapping[int, Mention]) -> Argument | None:
    """An actor that is a means of attack, put as who used it; None where it names no one. A key the
    tagger made up for a capitalised means ("Helicopters dropped ...", "org:helicopters") is no name."""
    key = arg.participant.actor_key
    if key is not None and not key.startswith("org:"):
        return arg
    tok = doc[arg.head]
    lemma = _lemma(tok)
    if tok.like_num or (lemma in _QUANTITY_HEADS and not any(c.dep_ == "prep" for c in tok.children)):
        return None  # "More than 150", "one": a number is no one
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of" and lemma in _QUANTITY_HEADS:
            inner = next((g for g in child.children if g.dep_ == "pobj"), None)
            if inner is not None and _lemma(inner) in MUNITIONS:
                return None  # "dozens of shells"
    if not (lemma in MUNITIONS or lemma in AIR_MEANS or _names_attack(tok)):
        return arg
    for child in tok.children:
        if child.dep_ == "poss" and child.lower_ in _OWN:
            speaker = _speaker_of(tok)
            own = participant(speaker, by_token) if speaker is not None else None
            if own is not None:
                return own  # "The Nigerian Air Force said its jets struck"
    owner = munition_owner(tok, by_token)
    if owner is not None:
        return owner
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
    for mod in mods:
        named = by_token.get(mod.i)
        if named is not None and named.actor_key and _lemma(mod) not in MUNITION_KINDS:
            return participant(mod, by_token)
    state = [m for m in mods if _lemma(m) in STATE_WORDS or m.lower_ in STATE_WORDS]
    if state and not (len(state) == 1 and _lemma(state[0]) == "air" and lemma not in AIR_MEANS | {"force"}):
        return _described(arg, f"military forces: {arg.participant.text}")  # "a coalition jet"
    if _is_air(tok):
        return _described(arg, f"military aircraft: {arg.participant.text}")  # "warplanes struck"
    # A munition with no owner stays as the text says ("a shell hit a house"): it still tells this
    # strike from another one in the sentence ("Israeli artillery shelled X, and a shell hit Y").
    return arg


def _owner_of_attack(noun: Token, by_token: Mapping[int, Mention]) -> Argument | None:
    """Who made the attack a noun names: "shelling by government forces", "Israeli strikes"."""
    for child in noun.children:
        if child.dep_ in ("prep", "agent") and child.lower_ == "by":
            agent = next((g for g in child.children if g.dep_ == "pobj"), None)
            if agent is not None:
                return participant(agent, by_token)
    arg = participant(noun, by_token)
    if arg is None:
        return None
    resolved = resolve_means(arg, noun.doc, by_token)
    if resolved is None or resolved is arg:
        return None  # an attack noun with no owner, not an air one: no one is named
    return resolved


def _by_agent(noun: Token, by_token: Mapping[int, Mention]) -> Argument | None:
    """The "by" agent of an attack noun or gerund: "shelling by government forces"."""
    for child in noun.children:
        if child.dep_ in ("prep", "agent") and child.lower_ == "by":
            agent = next((g for g in child.children if g.dep_ == "pobj"), None)
            if agent is not None:
                return participant(agent, by_token)
    return None


def _clause_subject(verb: Token, by_token: Mapping[int, Mention]) -> Argument | None:
    """The active subject (or passive agent) of the clause saying how the victims died; None for
    "when their vehicle struck a mine", where the subject is the victim."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if _lemma(verb) in STRUCK_VERBS and any(_lemma(o) in BLAST_NOUNS for o in objects):
        return None
    for child in verb.children:
        if child.dep_ == "nsubj":
            arg = participant(child, by_token)
            return None if arg is None else resolve_means(arg, verb.doc, by_token)
        if child.dep_ == "nsubjpass":
            for agent in verb.children:
                if agent.dep_ == "agent":
                    pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        arg = participant(pobj, by_token)
                        return None if arg is None else resolve_means(arg, verb.doc, by_token)
            return None
    return None


def implied_attackers(
    anchor: Token, by_token: Mapping[int, Mention], *, exclude: frozenset[int]
) -> list[Argument]:
    """The attacker of a violent event whose trigger has none (see module doc), or []."""
    heads = [anchor, *anchor.conjuncts]
    if anchor.dep_ == "conj":
        heads.append(anchor.head)
    candidates: list[Argument | None] = []
    for head in heads:
        for child in head.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in ("in", "by", "from", "during", "under"):
                for noun in child.children:
                    if noun.dep_ in ("pobj", "pcomp") and _names_attack(noun):
                        candidates.append(_owner_of_attack(noun, by_token))
            if child.dep_ == "prep" and child.lower_ == "at":
                hands = next((g for g in child.children if g.dep_ == "pobj" and g.lower_ == "hands"), None)
                if hands is not None:
                    of = next((c for c in hands.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                    doer = (
                        next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
                    )
                    if doer is not None:
                        candidates.append(participant(doer, by_token))  # "at the hands of militiamen"
            if child.dep_ in ("advcl", "relcl") and _lemma(child) in ATTACK_VERBS:
                candidates.append(_clause_subject(child, by_token))  # "killed when jets struck"
            if child.dep_ == "nsubj" and head is anchor:
                candidates.append(munition_owner(child, by_token))  # "shells fired from X positions hit"
            if child.dep_ in ("csubj", "advcl") and child.i < anchor.i and _names_attack(child):
                candidates.append(_by_agent(child, by_token))  # "shelling by rebels on X killed two"
            if (
                child.dep_ == "nsubj"
                and head is anchor
                and anchor.pos_ in ("VERB", "AUX")
                and _names_attack(child)
            ):
                candidates.append(_owner_of_attack(child, by_token))  # "a drone strike killed two"
    for arg in candidates:
        if (
            arg is not None
            and arg.head not in exclude
            and anchor.doc[arg.head].ent_type_ not in ("DATE", "TIME")
        ):
            return [arg]
    return []


#: People or parts of a group that act as the group: "RSF members", "Hamas's armed wing",
#: "militiamen of CODECO", "fighters from the Islamic State".
MEMBER_NOUNS = frozenset({"member", "wing", "fighter", "militiaman", "militant", "element", "unit", "gunman",
                          "cell", "commander", "combatant", "operative", "brigade"})  # fmt: skip


def group_of_members(arg: Argument, doc: Doc, by_token: Mapping[int, Mention]) -> Argument:
    """An unnamed part of a named group stands for the group as actor ("RSF members looted")."""
    if arg.participant.actor_key is not None:
        return arg
    tok = doc[arg.head]
    if _lemma(tok) not in MEMBER_NOUNS:
        return arg
    owners = [c for c in tok.children if c.dep_ in ("compound", "poss", "nmod")]
    owners += [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in ("of", "from")
        for g in c.children
        if g.dep_ == "pobj"
    ]
    for owner in owners:
        named = by_token.get(owner.i)
        if named is not None and named.actor_key and named.kind not in ("person", "state"):
            group = participant(owner, by_token)
            if group is not None:
                return group
    return arg


#: Units that are a state's when a demonym or a state word owns them: "Afghan commandos", "the
#: army's 15th Division", "the National Guard" (ACLED's "Military Forces of <country>").
STATE_UNITS = frozenset({"commando", "paratrooper", "battalion", "division", "regiment", "gendarme",
                         "gendarmerie", "guard", "guardsman", "marine", "ranger", "corps", "infantry"})  # fmt: skip
_STATE_UNIT_OWNERS = STATE_WORDS | {"national", "presidential", "republican", "special"}


def state_unit(arg: Argument, doc: Doc) -> Argument:
    """A unit of a state's forces named by its country's demonym or a state word, not by a
    dictionary name, is described as military forces ("Afghan commandos recaptured ...")."""
    p = arg.participant
    undictionaried = p.actor_key is None or p.actor_key.startswith("org:")  # "org:national guard"
    if not undictionaried or (p.description or p.text) != p.text:
        return arg
    tok = doc[arg.head]
    if _lemma(tok) not in STATE_UNITS and tok.lower_ not in STATE_UNITS:
        return arg
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    owned = any(
        m.ent_type_ == "NORP" or _lemma(m) in _STATE_UNIT_OWNERS or m.lower_ in _STATE_UNIT_OWNERS
        for m in mods
    )
    return _described(arg, f"military forces: {p.text}") if owned else arg


def unnamed_crowd(trigger: Span, typed: AcledType) -> list[Argument]:
    """The crowd of a protest or riot whose clause names none ("The rally ended peacefully",
    "staged a sit-in"): a protest is its protesters, so ACLED's actor1 is "Protesters (Country)"
    even unnamed. The participant spans the trigger and says so in its description. None for
    force against protesters, whose actor is who used it, and for a trigger that is no gathering
    ("police fired tear gas"), whose crowd is whom the police faced."""
    event_type = typed.event_type
    if typed.type != "PROTEST" or event_type not in (PROTESTS, RIOTS):
        return []
    if typed.sub_event_type == "Excessive force against protesters":
        return []
    role = "protesters" if event_type == PROTESTS else "rioters"
    text = trigger.text
    crowd = Participant(text=text, start=trigger.start_char, end=trigger.end_char,
                        description=f"{role}: the crowd of the {text.lower()}")  # fmt: skip
    return [Argument(crowd, None, trigger.root.i)]


#: Verbs of killing and wounding that need an object: without one and without an auxiliary
#: ("Protester shot dead in Khartoum", "Five killed in Kabul blast") they are headline passives.
_TRANSITIVE_HARM = frozenset({"kill", "shoot", "wound", "injure", "murder", "slay", "behead", "lynch",
                              "abduct", "kidnap", "execute", "massacre", "stab", "hack"})  # fmt: skip


#: Verbs of what force was used for: "fired tear gas to disperse protesters", "to clear the crowd".
_DISPERSE_VERBS = frozenset({"disperse", "clear", "break", "scatter", "push", "drive", "remove", "evict"})


def dispersed_crowd(anchor: Token, by_token: Mapping[int, Mention], actors: list[Argument]) -> list[Argument]:
    """The crowd that force in a protest was used against, named in its purpose ("police fired
    tear gas to disperse hundreds of protesters"): ACLED's actor1 of the protest, so it is added to
    the actors (crowd_first puts it before the police)."""
    have = {a.head for a in actors}
    head = anchor
    for _ in range(3):  # "fired tear gas", "fired stun grenades and tear gas": the firing verb
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    for verb in (c for c in head.children if c.dep_ in ("xcomp", "advcl") and _lemma(c) in _DISPERSE_VERBS):
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        objects += [g for c in verb.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"]
        for obj in objects:  # "to disperse hundreds of protesters (gathered ...)"
            heads = [
                obj,
                *(g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children),
            ]
            if obj.i not in have and any(_lemma(h) in CROWD_NOUNS for h in heads):
                crowd = participant(obj, by_token)
                if crowd is not None:
                    return [*actors, crowd]
    return actors


def reduced_passive(verb: Token) -> bool:
    """A past participle of a harming verb with neither object nor auxiliary: its subject is the
    victim ("Protester shot dead as thousands march"), as in a headline's passive."""
    if _lemma(verb) not in _TRANSITIVE_HARM or verb.tag_ not in ("VBD", "VBN"):
        return False
    deps = {c.dep_ for c in verb.children}
    return not deps & {"dobj", "obj", "aux", "auxpass", "ccomp", "xcomp", "prt"} and not any(
        c.dep_ == "nsubj" and c.pos_ == "PRON" for c in verb.children
    )


def attackers(
    actors: list[Argument],
    anchor: Token,
    event_type: str | None,
    doc: Doc,
    by_token: Mapping[int, Mention],
    *,
    exclude: frozenset[int],
) -> list[Argument]:
    """The actors of the trigger at ``anchor`` with the forms of this module applied: in violent
    events means put as their users and the implied attacker where none was found; everywhere,
    a group's members as the group, and attackers named only by their looks described ACLED's way."""
    if event_type in (PROTESTS, RIOTS):
        # "Chile's fare protests", "Haiti: crowd kills three": a country is where, not the crowd
        actors = dispersed_crowd(anchor, by_token, [a for a in actors if a.head not in exclude])
    if event_type in VIOLENT_TYPES or event_type in (PROTESTS, RIOTS):
        subject = next((c.i for c in anchor.children if c.dep_ == "nsubj"), None)
        if subject is not None and reduced_passive(anchor):
            actors = [a for a in actors if a.head != subject]  # "Protester shot dead": the victim
    if event_type in VIOLENT_TYPES:
        actors = [r for a in actors if (r := resolve_means(a, doc, by_token)) is not None]
        if not actors:
            actors = implied_attackers(anchor, by_token, exclude=exclude)
    # then attackers named only by their looks: "armed men", "a suicide bomber" (acled.py)
    actors = [state_unit(group_of_members(a, doc, by_token), doc) for a in actors]
    return unnamed_attackers(event_type, actors, doc)


def civilian_victims(targets: list[Argument], event_type: str | None, doc: Doc) -> list[Argument]:
    """Unarmed victims of violence are civilians, ACLED's "Civilians (Country)": "killed five
    villagers", "dozens of people". Not where the phrase says they were armed or a group's
    ("two men whom medics identified as members of Islamic Jihad")."""
    if event_type not in VIOLENT_TYPES:
        return targets
    out = []
    for arg in targets:
        tok = doc[arg.head]
        heads = [tok, *(g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
        armed = any(_lemma(t) in ARMED_VICTIMS or t.ent_type_ in ("ORG", "NORP") for t in tok.subtree)
        p = arg.participant
        civilian = any(_lemma(h) in CIVILIAN_NOUNS for h in heads)
        if p.actor_key is None and not armed and civilian and p.description in (None, p.text):
            arg = _described(arg, f"civilians: {p.text}")
        out.append(arg)
    return out
