"""ACLED sub-event type of one event mention from the cues of its own clause.

The lexicon gives each trigger word a default sub-type ("killed" -> "Armed clash", "set fire" ->
"Looting/property destruction"). That default says nothing about how the harm was done, so the
clause around the trigger decides, in this order (the first that holds wins):

1. **sexual violence**: rape, sexual assault;
2. **means of attack** (violent triggers only): chemical agents (chlorine, sarin, toxic gas) >
   a suicide bomber > a hand grenade > a mine, IED or car bomb > aircraft and drones > shells,
   artillery, mortars, rockets and missiles > a bomb or explosive of unstated kind. ACLED codes an
   event by the most specific means it used, and a rocket fired by a warplane is an air strike;
3. **crowds**: in a clause about protesters, the crowd's own violence (stones, petrol bombs,
   burning tyres, looting) is a "Violent demonstration"; a mob, vigilantes or a lynching with no
   protest is "Mob violence"; lethal force on protesters (live fire, shot dead) is "Excessive
   force against protesters"; tear gas, water cannon, rubber bullets, dispersal or arrests are
   "Protest with intervention";
4. **who was harmed** (violent triggers with no means): fighting words ("clashes", "gunfight",
   "exchanged fire") keep "Armed clash"; armed men killing civilians (people, villagers,
   fishermen) with no armed opponent is "Attack" (Violence against civilians); armed victims
   (soldiers, fighters, police) make it a battle;
5. **territory**: ground that changed hands "without a fight", "handed over" or under a deal is
   a "Non-violent transfer of territory".

"strike" in a clause about weapons or fighters is never a labour strike; a withdrawal is a
transfer of territory only when someone took the ground. Pure functions over a parsed clause; the
cue words are lemmas (lower case) so "shells", "shelled" and "shelling" match.

ACLED's event-type names and the participants' roles (:func:`crowd_first`,
:func:`unnamed_attackers`) live in :mod:`newsgraph.nlp.events.acled_names` and are re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.nlp.events.acled_names import (  # noqa: F401  (re-exported: ACLED's names and roles)
    BATTLES,
    CIVILIANS,
    CROWD_NOUNS,
    PROTESTS,
    REMOTE,
    RIOTS,
    STRATEGIC,
    HasParticipant,
    crowd_first,
    unnamed_attackers,
)


@dataclass(frozen=True, slots=True)
class AcledType:
    """PLOVER type and mode with ACLED's event type and sub-event type, as the clause reads."""

    type: str
    mode: str | None
    event_type: str | None
    sub_event_type: str | None


#: Sub-types the clause may overrule: the lexicon's defaults for violence, crowds and property.
_REFINABLE = frozenset(
    {"Armed clash", "Attack", "Air/drone strike", "Shelling/artillery/missile attack",
     "Remote explosive/landmine/IED", "Peaceful protest", "Protest with intervention",
     "Violent demonstration", "Looting/property destruction", "Abduction/forced disappearance", "Grenade"}
)  # fmt: skip
_TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory"})

# --- cue words (lemmas) -------------------------------------------------------------------------
_SEXUAL = re.compile(r"\b(rape[ds]?|raping|sexual(ly)? (assault|abuse|violence)\w*|sexually assault\w*)\b")
_CHEMICAL = re.compile(
    r"\b(chlorine|sarin|chloropicrin|phosgene|mustard (gas|agent)|nerve (agent|gas)|toxic (gas|chemical|substance)|"
    r"poison(ous)? gas|"
    r"chemical (weapon|attack|agent|munition|strike)s?|gas attack)\b"
)
_SUICIDE = re.compile(
    r"\b(suicide|martyrdom|blow (himself|herself|themselves) up|explosives? (vest|belt)|self-detonat\w*)\b"
)
# "rocket-propelled grenade" is a launcher fired in battle; stun and tear-gas grenades are crowd control
_GRENADE = re.compile(r"(?<!propelled )(?<!stun )(?<!gas )\bgrenades?\b")
_IED = re.compile(
    r"\b(landmines?|land mines?|mines?(?= (blast|explosion|explode|detonat))|ieds?|vbieds?|improvised|"
    r"roadside bombs?|car bombs?|booby|remote[- ]controlled|explosive device|sticky bomb|magnetic bomb|"
    r"step on an? (mine|landmine|explosive)|planted|anti ?-? ?(tank|personnel|vehicle) mines?|"
    r"(run over|step on|drive over|tread on|trigger) [^.;]{0,30}\bmines?)\b"
)
_AIR = re.compile(
    r"\b(air ?strikes?|airstrike|air raids?|warplanes?|war planes?|jets?|fighter jets?|aircraft|"
    r"helicopters?|gunships?|drones?|uavs?|air force|bombers?|barrel bombs?|sorties?|plane)\b"
)
_SHELLING = re.compile(
    r"\b(shells?|shelling|shell|artillery|mortars?|rockets?|missiles?|howitzers?|katyushas?|grads?|"
    r"bombardment|bombard|tank fire|multiple rocket|projectiles?|ballistic)\b"
)
_EXPLOSIVE = re.compile(
    r"(?<!petrol )(?<!petrol bombs )(?<!molotov )\b(bombs?|bombing|explosives?|explosion|blast|detonate|explode)\b"
)

_PROTEST = re.compile(
    r"\b(protest(er|or)?s?|demonstrat(ion|or)s?|demonstrate|rall(y|ies)|marchers?|march|procession|"
    r"sit-in|anti-government|anti-coup|anti-war)\b"
)
_CROWD_VIOLENCE = re.compile(
    r"\b(throw stone|hurl stone|stone|stones|petrol bombs?|molotov|burn(ing)? tyres?|burn(ing)? tires?|"
    r"loot|vandalise|vandalize|torch|set fire|set ablaze|set (it|them) (ablaze|alight|on fire)|barricade|"
    r"turn violent|storm [^.;]{0,40}\b(building|office|headquarters|parliament|consulate|embassy|council)|"
    r"fireworks|rioters?|rioting|"
    r"clash with (the )?(police|security|officers)|break into|ransack|on fire|bricks?|bottles|rocks|pelt)\b"
)
_MOB = re.compile(
    r"\b(mob|mobs|lynch|lynching|vigilante|vigilantes|settlers?|beat to death|set ((them|they|him|he|her|she) )*alight|bwa kale)\b"
)
_LETHAL = re.compile(
    r"\b(kill|killing|shoot dead|shot dead|dead|die|death|live (ammunition|bullet|round|fire)s?|"
    r"open fire|fire live|fatally|fire into)\b"
)
_INTERVENTION = re.compile(
    r"\b(tear ?gas|tear-gas|water cannons?|rubber(-coated)? bullets?|baton|disperse|dispersal|"
    r"break up|broke up|detain|arrest|stun grenades?|pepper spray|beat|beating|use force|"
    r"crack down|crackdown|clear)\b"
)
_FIGHTING = re.compile(
    r"\b(clash|clashes|fighting|fight|fought|gunfight|gun battle|firefight|battle|exchange fire|"
    r"exchange of fire|trade fire|repel|repulse|counterattack|counter-attack|resistance)\b"
)
_MILITARY = re.compile(
    r"\b(drones?|missiles?|rockets?|warplanes?|jets?|artillery|troops?|soldiers?|forces|military|army|"
    r"militants?|rebels?|insurgents?|fighters?|air|military|coalition)\b"
)
_HARM = re.compile(r"\b(kill|wound|injure|attack|storm|raid|strike|struck|shoot|shell|bomb|massacre)\b")
_TAKEN_OVER = re.compile(
    r"\b(hand over|handed over|handover|hand it over|hand\b[^.;]{1,60}\bto|enter|entered|take over|took over|take control|took control|"
    r"move into|moved into|move in|moved in|deploy in|deployed in|come under (the )?control|came under (the )?control|"
    r"under (a|an|the) (deal|agreement)|evacuation (deal|agreement)|to the (rebels|army|militants|insurgents|taliban))\b"
)
_NON_VIOLENT = re.compile(
    r"\b(without (a |any )?(fight|fighting|resistance|a shot|bloodshed|clash(es)?)|unopposed|peacefully|hand over|handed over|"
    r"handover|vacate|vacated|under (a|an|the) (deal|agreement)|withdraw|withdrew|withdrawal|pull back|pulled back|"
    r"surrender of|after [^.;]{0,60}\b(left|departed|departure|vacated|pullout))\b"
)
#: A march that ended by itself: "before dispersing peacefully", "police did not intervene".
_PEACEFUL = re.compile(r"\b(peacefully|without incident|not intervene|no intervention)\b")
#: Recruits taken, not volunteers: forced recruitment or conscription is ACLED's "Other".
_FORCED = re.compile(
    r"\b(forcibly|forced|by force|against their will|conscript\w*|press-gang\w*|abduct\w*|"
    r"child(ren)?|minors?|teenagers?|boys?|girls?|schoolchildren|pupils?)\b"
)
_NON_VIOLENT_ONLY = re.compile(
    r"\b(without (a |any )?(fight|fighting|resistance|a shot|bloodshed|clash(es)?)|unopposed|peacefully)\b"
)
#: A release, disarmament or surrender carried out under a deal is that deal's doing (ACLED: Agreement).
#: No "accord": its lemma is in every "according to".
_UNDER_DEAL = re.compile(r"\b(swap|exchange|deal|agreement|truce|ransom|mediate|broker)\b")
_DEAL_MODES = frozenset({"release", "disarm", "surrender"})
#: A bomb made safe, not set off: "safely detonated an unexploded shell", "bomb disposal experts".
_DISPOSAL = re.compile(
    r"\b(unexploded|bomb disposal|bomb squad|ordnance disposal|controlled (explosion|detonation)|defuse|defused|"
    r"safely detonate|deactivate|render(ed)? safe)\b"
)
_CASUALTY = re.compile(r"\b(kill|wound|injure|die|dead|death|hurt|maim)\b")
#: Weapons of a brawl, not of an armed group: a fight with them between crowds is mob violence.
_CRUDE_WEAPONS = re.compile(
    r"\b(sticks?|clubs?|machetes?|knives|knife|stones?|rocks?|cudgels?|iron bars?|fists?)\b"
)
#: Explosion words that say nothing of the means: the next sentence often does ("an explosion hit
#: the market. Police said a man detonated his suicide belt").
_BARE_EXPLOSION = frozenset({"explosion", "blast", "explode", "detonation"})

#: Victims who are no party to the fighting.
CIVILIAN_NOUNS = frozenset(
    {"civilian", "people", "person", "villager", "resident", "fisherman", "fishermen", "farmer", "trader",
     "worshipper", "passenger", "child", "children", "woman", "women", "man", "men", "family", "student",
     "teacher", "shopper", "customer", "driver", "herder", "pilgrim", "refugee", "displaced", "journalist",
     "worker", "doctor", "patient", "boy", "girl", "infant", "baby", "elder", "seller", "vendor",
     "passerby", "mourner", "guest", "waiter", "inhabitant"}
)  # fmt: skip
#: Victims who are armed: a killing of them is fighting, not violence against civilians.
ARMED_VICTIMS = frozenset(
    {"soldier", "troop", "fighter", "militant", "rebel", "insurgent", "policeman", "policemen", "police",
     "officer", "guard", "militiaman", "jihadist", "gunman", "commander", "personnel",
     "peacekeeper", "recruit", "combatant", "terrorist", "sergeant", "volunteer", "paramilitary"}
)  # fmt: skip
#: Attackers who are a crowd, not an organised armed group.
MOB_ACTORS = frozenset(
    {
        "mob",
        "crowd",
        "vigilante",
        "settler",
        "resident",
        "villager",
        "youth",
        "lynch",
        "clan",
        "tribesman",
        "tribesmen",
    }
)
PROTESTER_NOUNS = frozenset({"protester", "protestor", "demonstrator", "marcher", "rioter", "crowd", "youth"})
#: Of those, the ones who name a protest or riot by themselves: "a crowd" with no protest word is a mob.
_PROTEST_PEOPLE = PROTESTER_NOUNS - {"crowd", "youth"}
#: Subjects that make the act a mob's even in a sentence about a protest.
_MOB_SUBJECTS = frozenset({"mob", "vigilante", "lynch"})


def clause_of(anchor: Token) -> list[Token]:
    """The tokens of the clause the trigger belongs to: up from the trigger through its governing
    verbs and nouns, and down again, leaving out clauses coordinated with it ("shops were looted
    in Nairobi, while in Kisumu a man was shot dead": two clauses, two cue sets)."""
    top = anchor
    for _ in range(12):  # a deep chain is a parse tangle; a dozen steps reach any real clause head
        if top.dep_ == "ROOT" or top.head.i == top.i:
            break
        if top.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in top.children):
            break  # a coordinated clause with its own subject tells its own act
        top = top.head
    skip: set[int] = set()
    for child in top.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and not _contains(child, anchor):
            skip |= {t.i for t in child.subtree}
    return [t for t in top.subtree if t.i not in skip]


def _contains(head: Token, token: Token) -> bool:
    return head.left_edge.i <= token.i <= head.right_edge.i


def _lemma_text(tokens: Iterable[Token]) -> str:
    """The clause as lower-case lemmas and words, so patterns match "shells" and "shelled" alike."""
    words = []
    for t in tokens:
        if t.ent_type_ in ("DATE", "TIME"):
            words.append("<date>")  # "March 2011" is no march
            continue
        lemma, lower = t.lemma_.lower(), t.lower_
        words.append(lemma if lemma == lower else f"{lower} {lemma}")
    return " " + " ".join(words) + " "


def classify(
    anchor: Token,
    *,
    type_: str,
    mode: str | None,
    event_type: str | None,
    sub_event_type: str | None,
    actor_heads: Iterable[int] = (),
    target_heads: Iterable[int] = (),
    territory: bool = False,
) -> AcledType:
    """The ACLED type of a mention whose trigger is ``anchor``, from its clause's cues.

    ``actor_heads`` / ``target_heads`` are token indices of its arguments' heads.
    """
    here = AcledType(type_, mode, event_type, sub_event_type)
    doc = anchor.doc
    actor_heads, target_heads = list(actor_heads), list(target_heads)
    tokens = clause_of(anchor)
    text = _lemma_text(tokens)
    # The crowd is often named in another clause of the sentence ("young men threw stones, and
    # troops fired tear gas, wounding five"): crowd cues are read off the whole sentence.
    sentence = _lemma_text(anchor.sent)
    if (
        type_ == "RETREAT"
        and mode in _DEAL_MODES
        and sub_event_type != "Non-violent transfer of territory"  # ground handed over: the transfer
        and _UNDER_DEAL.search(text)
    ):
        # "released prisoners in a swap", "handed over their heavy weapons under a deal"
        return AcledType("AGREE", mode, STRATEGIC, "Agreement")
    if sub_event_type == "Non-violent transfer of territory" and type_ == "RETREAT":
        # a withdrawal hands ground over only when the text says someone took it; "the
        # attackers withdrew" after a raid is the end of that raid, no transfer of its own
        # the taker may come next: "Houthi fighters evacuated their positions. Government forces
        # then took control of the area peacefully."
        follow = _lemma_text(_next_sentence(anchor))
        if not (_TAKEN_OVER.search(sentence) or _NON_VIOLENT_ONLY.search(text) or _TAKEN_OVER.search(follow)):
            return AcledType(type_, mode, STRATEGIC, "Other")
        return here
    # "youths from two rival villages fought with sticks and machetes": a brawl of crowds, no battle
    brawl = bool(_CRUDE_WEAPONS.search(sentence)) and _crowd_only(
        [doc[i] for i in (*actor_heads, *target_heads)]
    )
    said = " ".join(
        [anchor.lemma_.lower(), *(c.lemma_.lower() for c in anchor.children if c.dep_ in ("dobj", "prt"))]
    )
    if (
        sub_event_type == "Armed clash"
        and _FIGHTING.search(f" {anchor.lower_} {said} ")
        and not (_PROTEST.search(sentence) or _MOB.search(sentence))
        and not brawl
    ):
        # the trigger itself says fighting ("clashed", "exchanged fire"): air support or bombs in
        # the same clause are part of the battle (ACLED does not split them off)
        return here
    if territory or sub_event_type in _TERRITORY:
        # "took the town after the troops withdrew following clashes": ground won in a fight is no
        # peaceful transfer, whoever left it in the end; "without a fight" says so outright
        # a verb's own subtree: "took the district after elders brokered a surrender, as the army said
        # it had retaken another": the surrender is the first taking's, not the retaking's
        ground = _lemma_text(anchor.subtree) if anchor.pos_ in ("VERB", "AUX") else text
        if _NON_VIOLENT.search(ground) and (_NON_VIOLENT_ONLY.search(ground) or not _FIGHTING.search(ground)):
            return AcledType(type_, mode, STRATEGIC, "Non-violent transfer of territory")
        return here
    if sub_event_type == "Abduction/forced disappearance" and _lemma(anchor) in _NEUTRAL_TAKING:
        # "police seized a suspect" is an arrest; "gunmen seized four aid workers" an abduction
        if _state_acts([doc[i] for i in actor_heads]):
            return AcledType("COERCE", "arrest", STRATEGIC, "Arrests")
        if any(_lemma(doc[i]) in MOB_ACTORS for i in actor_heads) and (
            _MOB.search(sentence) or _CASUALTY.search(sentence) or " beat " in sentence
        ):
            # "residents seized three men, beat them and set them alight": a lynching, no abduction
            return AcledType("ASSAULT", mode, RIOTS, "Mob violence")
        return here
    if sub_event_type == "Arrests":
        # mass detentions at a protest are how the protest was stopped (ACLED: intervention)
        if _PROTEST.search(text):
            return AcledType(type_, mode, PROTESTS, "Protest with intervention")
        return here
    if sub_event_type == "Change to group/activity" and mode == "troops" and _FORCED.search(text):
        # "fighters forcibly recruited six teenagers": people pressed into a group, no change of its own
        return AcledType(type_, mode, STRATEGIC, "Other")
    if sub_event_type not in _REFINABLE:
        return here
    if type_ == "PROTEST" and mode == "strike" and _MILITARY.search(text):
        # "drones strike Odesa", "rebels strike back": no labour strike
        type_, mode, event_type, sub_event_type = "ASSAULT", None, REMOTE, "Air/drone strike"
        here = AcledType(type_, mode, event_type, sub_event_type)
    actors = [doc[i] for i in actor_heads]
    targets = [doc[i] for i in target_heads]
    if _SEXUAL.search(text):
        return AcledType("ASSAULT", mode, CIVILIANS, "Sexual violence")
    violent = type_ == "ASSAULT" or event_type in (BATTLES, REMOTE, CIVILIANS)
    protest = bool(_PROTEST.search(sentence)) or any(
        _lemma(t) in PROTESTER_NOUNS for t in (*actors, *targets)
    )
    if (
        protest
        and not _PROTEST.search(sentence)
        and (
            brawl
            or _lynching(actors, targets)
            or (
                any(_lemma(a) in PROTESTER_NOUNS - _PROTEST_PEOPLE for a in actors)
                and not any(_lemma(t) in _PROTEST_PEOPLE for t in (*actors, *targets))
            )
        )
    ):
        # "an angry crowd set ablaze a man accused of blasphemy": a crowd that acts, with no protest
        # word, is a mob; a crowd fired on ("police fired live rounds at a crowd") stays a protest
        protest = False
    if protest and any(_lemma(t) in _MOB_SUBJECTS and t.i < anchor.i for t in tokens):
        # "a mob beat to death a man accused of robbing a protester": the mob acts, not the protest
        protest = False
    if brawl and violent and not protest:
        return AcledType("ASSAULT", mode, RIOTS, "Mob violence")
    if violent and _DISPOSAL.search(text) and not _CASUALTY.search(text):
        return AcledType("COERCE", "seize", STRATEGIC, "Disrupted weapons use")
    if violent and not (protest and _crowd_control(text)):
        means = _means(text)
        if _lemma(anchor) in _BARE_EXPLOSION and means in (None, "Remote explosive/landmine/IED"):
            means = _specific_means(_lemma_text(_next_sentence(anchor))) or means
        if means is not None:
            return AcledType("ASSAULT", mode or _MEANS_MODE[means], REMOTE, means)
        if anchor.pos_ == "VERB" and _lemma(anchor) in _GENERIC_HIT_VERBS and not _means(sentence):
            # "the attackers struck three camps": a verb of hitting with no weapon named anywhere in
            # the sentence says nothing of air or artillery; who was hit decides, as for "attacked"
            event_type, sub_event_type = BATTLES, "Armed clash"
            here = AcledType(type_, mode, event_type, sub_event_type)
    crowd_acts = bool(_CROWD_VIOLENCE.search(sentence)) and not any(
        _lemma(a) in ARMED_VICTIMS for a in actors
    )
    mob = bool(_MOB.search(sentence)) or any(_lemma(a) in MOB_ACTORS - {"youth"} for a in actors)
    if protest:
        if crowd_acts and not _state_acts(actors):
            return AcledType("PROTEST", "riot", RIOTS, "Violent demonstration")
        if (
            sub_event_type == "Looting/property destruction"
            and _crowd_actors(actors)
            and not _state_acts(actors)
        ):
            # "demonstrators burned the provincial headquarters": the protest turned violent
            return AcledType("PROTEST", "riot", RIOTS, "Violent demonstration")
        if _LETHAL.search(text) and (violent or _state_acts(actors) or _state_acts(tokens)):
            return AcledType(type_, mode, PROTESTS, "Excessive force against protesters")
        if _INTERVENTION.search(text) and (_crowd_control(text) or not _PEACEFUL.search(text)):
            # "marched peacefully carrying portraits of the detained leader": no one intervened
            return AcledType(type_, mode, PROTESTS, "Protest with intervention")
        if type_ == "PROTEST":
            return AcledType(type_, mode, PROTESTS, "Peaceful protest")
        return here
    if protest and type_ == "PROTEST" and sub_event_type == "Peaceful protest":
        follow = _lemma_text(_next_sentence(anchor))
        if _state_acts(_nouns(_next_sentence(anchor))) and (
            _crowd_control(follow) or _INTERVENTION.search(follow)
        ):
            # "Hundreds marched in Yangon. Police scattered the crowd with rubber bullets."
            return AcledType(type_, mode, PROTESTS, "Protest with intervention")
    if (
        crowd_acts
        and sub_event_type == "Grenade"
        and not _GRENADE.search(text)
        and not _state_acts(actors)
        and (not actors or any(_lemma(a) in CROWD_NOUNS for a in actors))
    ):
        # "dozens of young men threw stones and petrol bombs at soldiers": a riot, no grenade attack
        return AcledType("PROTEST", "riot", RIOTS, "Violent demonstration")
    if mob and (violent or sub_event_type == "Looting/property destruction"):
        return AcledType("ASSAULT", mode, RIOTS, "Mob violence")
    if crowd_acts and sub_event_type == "Looting/property destruction" and _crowd_actors(actors):
        return AcledType("PROTEST", "riot", RIOTS, "Violent demonstration")
    if sub_event_type == "Looting/property destruction" and _HARM.search(sentence):
        # "stormed the village, killing six and torching homes": the burning is part of the
        # attack (ACLED does not split acts inside one event off), so it takes the attack's type
        means = _means(text)
        if means is not None:
            return AcledType("ASSAULT", _MEANS_MODE[means], REMOTE, means)
        return AcledType("ASSAULT", mode, CIVILIANS, "Attack")
    if not violent or sub_event_type not in ("Armed clash", "Attack"):
        return here
    if _FIGHTING.search(text) or any(_lemma(t) in ARMED_VICTIMS for t in targets):
        return AcledType(type_, mode, BATTLES, "Armed clash")
    if _civilians_harmed(tokens, targets, actors):
        return AcledType(type_, mode, CIVILIANS, "Attack")
    return here


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


_MEANS_MODE = {
    "Chemical weapon": "chemical",
    "Suicide bomb": "explosives",
    "Grenade": "explosives",
    "Remote explosive/landmine/IED": "explosives",
    "Air/drone strike": "aerial",
    "Shelling/artillery/missile attack": "heavy-weapons",
}


def _means(text: str) -> str | None:
    specific = _specific_means(text)
    if specific is not None:
        return specific
    if _EXPLOSIVE.search(text):
        return "Remote explosive/landmine/IED"
    return None


def _specific_means(text: str) -> str | None:
    """The means the text names by kind (a chemical, a suicide bomber, a grenade, a mine or IED,
    aircraft, artillery); a bomb or explosion of no stated kind is not one."""
    if _CHEMICAL.search(text):
        return "Chemical weapon"
    if _SUICIDE.search(text):
        return "Suicide bomb"
    if _GRENADE.search(text):
        return "Grenade"
    if _IED.search(text):
        return "Remote explosive/landmine/IED"
    if _AIR.search(text):
        return "Air/drone strike"
    if _SHELLING.search(text):
        return "Shelling/artillery/missile attack"
    return None


def _next_sentence(anchor: Token) -> list[Token]:
    doc, end = anchor.doc, anchor.sent.end
    return list(doc[end].sent) if end < len(doc) else []


def _nouns(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.pos_ in ("NOUN", "PROPN")]


def _crowd_only(actors: list[Token]) -> bool:
    """The fighters are crowds of people ("youths from two rival communities"), no armed group."""
    sides = [a for a in actors if a.pos_ != "PRON" and _lemma(a) not in ("other", "another")]  # "each other"
    return bool(sides) and all(
        _lemma(a) in MOB_ACTORS | {"youth", "people", "group", "member"} for a in sides
    )


def _lynching(actors: list[Token], targets: list[Token]) -> bool:
    """A crowd turning on a person: mob violence, whatever else the crowd is called."""
    return any(_lemma(a) in MOB_ACTORS for a in actors) and any(
        _lemma(t) in CIVILIAN_NOUNS | _SUSPECTS or any(c.lower_ in _SUSPECTED for c in t.children)
        for t in targets
    )  # "crowd kills three suspected gang members"


_SUSPECTS = frozenset({"suspect", "thief", "robber", "kidnapper", "criminal", "bandit"})
_SUSPECTED = frozenset({"suspected", "alleged", "accused"})
#: Verbs of taking people that say nothing of the law: the taker decides arrest or abduction.
_NEUTRAL_TAKING = frozenset({"seize", "take", "grab"})


def _crowd_control(text: str) -> bool:
    """Police means on a crowd ("fired tear gas", "stun grenades"): not a weapon attack."""
    return bool(
        re.search(r"\b(tear ?gas|tear-gas|water cannons?|rubber(-coated)? bullets?|stun grenades?)\b", text)
    )


_STATE_WORDS = frozenset({"police", "policeman", "policemen", "officer", "force", "soldier", "troop", "army",
                          "military", "guard", "gendarme", "gendarmerie"})  # fmt: skip


def _state_acts(actors: list[Token]) -> bool:
    return any(_lemma(a) in _STATE_WORDS for a in actors)


def _crowd_actors(actors: list[Token]) -> bool:
    return not actors or any(_lemma(a) in PROTESTER_NOUNS | MOB_ACTORS | {"group", "people"} for a in actors)


def _civilians_harmed(tokens: list[Token], targets: list[Token], actors: list[Token]) -> bool:
    """Civilians among the victims and no armed victim in the clause (the attackers aside)."""
    if any(_lemma(t) in CIVILIAN_NOUNS for t in targets):
        return True
    if any(_lemma(t) in ARMED_VICTIMS for t in targets):
        return False
    # the target is a place or a thing ("attacked a market, killing nine"): the clause says who died
    doers = {t.i for a in actors for t in a.subtree}
    nouns = [_lemma(t) for t in tokens if t.pos_ == "NOUN" and t.i not in doers]
    return any(n in CIVILIAN_NOUNS for n in nouns) and not any(n in ARMED_VICTIMS for n in nouns)


_GENERIC_HIT_VERBS = frozenset({"strike", "hit", "struck"})
