"""Who did what to whom: actor and target arguments of a trigger from the dependency parse.

Arguments become :class:`Participant` records: a named actor when a given Mention overlaps the
argument head (its ``actor_key`` is kept), otherwise an unnamed description with rank and unit
when the text states them ("three Guard members, including a brigadier general second class").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from newsgraph.model import Mention, Participant
from newsgraph.nlp.docview import memo
from newsgraph.nlp.events.lexicon import TriggerEntry
from newsgraph.nlp.events.means import fired_by, weapon_owner
from newsgraph.nlp.events.numbers import count_of
from newsgraph.nlp.events.triggers import is_passive
from newsgraph.nlp.segment import trimmed_span

RANK_WORDS = frozenset(
    [
        "general",
        "brigadier",
        "colonel",
        "lieutenant",
        "major",
        "captain",
        "sergeant",
        "commander",
        "admiral",
        "marshal",
        "corporal",
        "private",
        "chief",
        "commodore",
    ]
)
UNIT_WORDS = frozenset({"division", "brigade", "regiment", "battalion", "corps", "unit", "company", "squad"})
#: Heads that cannot act: "The main goal is to seize the town", "His account of troops arriving".
#: As an actor such a head is replaced by its "of" object when it has one, else dropped.
NON_AGENT_NOUNS = frozenset(
    [
        "goal", "aim", "objective", "purpose", "plan", "idea", "intention", "priority", "task",
        "mission", "account", "report", "claim", "story", "statement", "version", "description",
        "reason", "point", "question", "problem", "issue", "fact", "result", "effect", "remains",
        "body", "bodies", "news", "rumour", "rumor", "photo", "picture", "image", "video", "footage",
        "tie", "ties", "sign", "evidence", "move", "decision", "step", "strategy", "policy",
        # events are no agents: "Fighting in Hama killed five", "the blast wounded 12"
        "fighting", "clash", "clashes", "battle", "battles", "shelling", "bombardment", "blast",
        "explosion", "violence", "gunfire", "bombing", "crash", "collapse", "unrest", "war",
    ]
)  # fmt: skip
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_RAISING = frozenset({"believe", "say", "think", "report", "understand", "know", "expect", "seem", "appear",
                      "rumour", "rumor", "suspect", "alleged", "allege"})  # fmt: skip
_SPEAKING = frozenset({"say", "claim", "announce", "report", "tell", "state", "insist", "boast", "add"})
#: Verbs whose object names the event and whose subject did it ("launched an attack").
LIGHT_VERBS = frozenset({"launch", "carry", "conduct", "mount", "stage", "unleash", "execute", "perform",
                         "intensify", "step", "resume", "begin", "start", "continue", "order", "commit"})  # fmt: skip
#: Kinds of actor that a place name can stand for: "backed by Rwanda", "Damascus said".
ACTOR_PLACE_KINDS = frozenset({"state", "government"})
_TRIM_DEPS = frozenset({"relcl", "acl", "punct", "advcl", "cc", "conj"})


@dataclass(frozen=True, slots=True)
class Argument:
    """A participant plus how many people it stands for (None when unstated)."""

    participant: Participant
    count: int | None
    head: int  # token index


@dataclass(frozen=True, slots=True)
class Arguments:
    actors: tuple[Argument, ...] = ()
    targets: tuple[Argument, ...] = ()


def _antecedent(tok: Token) -> Token:
    """'who' in '..., a senior commander, who died' -> the person the clause is about."""
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
        tok = tok.head.head
    while tok.dep_ == "appos" and tok.head.i >= dateline_end(tok.sent):  # a dateline city names no one
        tok = tok.head
    return tok


def _expand(tok: Token) -> list[Token]:
    return [tok, *tok.conjuncts] if tok.dep_ != "conj" else [tok]


def _phrase(tok: Token) -> tuple[int, int]:
    """Token range of a noun phrase without its relative clauses and coordinated siblings."""
    drop: set[int] = set()
    for child in tok.children:
        if child.dep_ in _TRIM_DEPS:
            drop.update(t.i for t in child.subtree)
    keep = [t.i for t in tok.subtree if t.i not in drop]
    start = end = tok.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    doc = tok.doc
    while start < end and doc[start].dep_ in ("punct", "cc", "det", "case"):
        if doc[start].dep_ == "det" and doc[start].lower_ not in ("the",):
            break
        start += 1
    while end > start and doc[end].dep_ in ("punct", "cc"):
        end -= 1
    return start, end + 1


def _rank(tok: Token) -> str | None:
    doc = tok.doc
    start_phrase, _ = _phrase(tok)
    words = [t for t in doc[start_phrase : tok.i + 1] if t.lemma_.lower() in RANK_WORDS]
    words += [t for t in tok.subtree if t.i > tok.i and t.lemma_.lower() in RANK_WORDS and t.head.i != tok.i]
    if not words:
        return None
    start, end = words[0].i, words[-1].i + 1
    if (
        end + 1 < len(doc)
        and doc[end].lower_ in ("first", "second", "third")
        and doc[end + 1].lower_ == "class"
    ):
        end += 2
    return doc[start:end].text


def _unit(tok: Token, by_token: Mapping[int, Mention]) -> str | None:
    """A unit or organisation the unnamed participant belongs to ('IRGC', '19th Fajr Division')."""
    doc = tok.doc
    for t in tok.subtree:
        if t.lemma_.lower() in UNIT_WORDS and t.pos_ in ("NOUN", "PROPN") and t.i != tok.i:
            left = t.left_edge.i
            while left < t.i and doc[left].dep_ in ("det", "case"):
                left += 1
            return doc[left : t.i + 1].text
    orgs: list[Mention] = []
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod", "poss") or (
            child.dep_ == "prep" and child.lower_ == "of"
        ):
            for t in child.subtree:
                mention = by_token.get(t.i)
                if mention is not None and mention.label in ("ORG", "NORP") and mention not in orgs:
                    orgs.append(mention)
    if orgs:
        return " ".join(m.text for m in orgs)
    return None


def _descriptive_apposition(tok: Token) -> Token | None:
    """A common-noun apposition that describes a named person (rank, unit, role)."""
    for child in tok.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            return child
    return None


def _speaker(pron: Token) -> Token | None:
    """ "The army said it killed 40 militants": "it" in what a party says is the party itself."""
    if pron.lower_ not in ("it", "they", "we"):
        return None
    tok = pron.head
    for _ in range(6):
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in _SPEAKING:
            for child in tok.head.children:
                if child.dep_ == "nsubj" and child.pos_ in ("NOUN", "PROPN"):
                    return child
            return None
        if tok.dep_ not in ("conj", "xcomp", "advcl") or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def participant(tok: Token, by_token: Mapping[int, Mention]) -> Argument | None:
    """The Participant for an argument head, named when a Mention covers it."""
    tok = _antecedent(tok)
    if tok.pos_ == "PRON":
        speaker = _speaker(tok)
        if speaker is None:
            return None
        tok = speaker
    doc = tok.doc
    named = by_token.get(tok.i)
    firer = fired_by(tok) if named is None else None
    if firer is not None:
        return participant(firer, by_token)  # "shells fired by government forces": the forces acted
    if named is None:
        for child in tok.children:
            if child.dep_ == "appos" and by_token.get(child.i) is not None:
                m = by_token[child.i]
                if m.label == "PERSON" or m.kind == "person":
                    named = m
                    break
    start, end = _phrase(tok)
    start = max(start, min(dateline_end(tok.sent), tok.i))  # "Mogadishu - A suicide bomber": no city
    span = doc[start:end]
    if named is not None and named.actor_key:
        desc_rank = _rank(tok)
        unit = _unit(tok, by_token) if by_token.get(tok.i) is not named else None
        appos = _descriptive_apposition(tok) if by_token.get(tok.i) is named else None
        if appos is not None:  # "Hossein Hamedani, a senior Revolutionary Guard commander"
            desc_rank = desc_rank or _rank(appos)
            unit = unit or _unit(appos, by_token)
        return Argument(
            Participant(
                text=named.text,
                start=named.start,
                end=named.end,
                actor_key=named.actor_key,
                rank=named.title or desc_rank,
                unit=unit,
            ),
            1 if named.label == "PERSON" or named.kind == "person" else count_of(tok, is_named=False),
            tok.i,
        )
    # Trimmed: a phrase may end in whitespace tokens that stand for masked (non-body) text.
    bounds = trimmed_span(span)
    text = span.text.strip()  # == doc.text[bounds]; Doc.text re-joins the whole document on each read
    owner = weapon_owner(tok, by_token)
    return Argument(
        Participant(
            text=text,
            start=bounds.start,
            end=bounds.end,
            actor_key=owner.actor_key if owner is not None else None,
            description=text,
            rank=_rank(tok),
            unit=_unit(tok, by_token),
        ),
        count_of(tok, is_named=False),
        tok.i,
    )


#: Event types whose object is a party, never the place: a state named there is the target.
_STATE_TARGET_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "SANCTION", "REQUEST", "SUPPORT", "COOPERATE",
                                 "AGREE", "AID", "CONCEDE"})  # fmt: skip
#: Verbs whose object is said to have done what the "of" gerund says: "accused Eritrea of massing troops".
_CHARGE_VERBS = frozenset(
    {"accuse", "blame", "charge", "suspect", "convict", "condemn", "criticise", "criticize"}
)
#: Entity labels that can name who acted; dates, times and numbers never do.
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _actor_like(m: Mention | None) -> bool:
    return m is not None and (m.actor_key is not None or m.label in _ACTOR_LABELS)


#: Verbs that take responsibility for an attack: "JNIM claimed responsibility for the attack".
_RESPONSIBILITY_VERBS = frozenset({"claim", "take", "accept", "admit"})


def responsibility_claimant(anchor: Token) -> Token | None:
    """Who claimed the event at ``anchor``: "the attack ... was claimed by JNIM", "JNIM claimed
    responsibility for the attack". A claim of responsibility names the attacker (as a claim)."""
    head = anchor.head
    if anchor.dep_ == "nsubjpass" and head.lemma_.lower() == "claim":
        for child in head.children:
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
    if anchor.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() == "responsibility":
        verb = head.head.head
        if verb.lemma_.lower() in _RESPONSIBILITY_VERBS and head.head.dep_ in ("dobj", "obj"):
            return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject and whether it is a passive subject, climbing xcomp/conj chains."""
    if (
        verb.dep_ == "pcomp"
        and verb.head.lower_ in ("of", "for")
        and verb.head.head.lemma_.lower() in _CHARGE_VERBS
    ):
        charged = next((c for c in verb.head.head.children if c.dep_ in ("dobj", "obj")), None)
        if charged is not None:
            return charged, False  # "accused Eritrea of massing troops": Eritrea masses them
    if (
        verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and verb.head.dep_ == "prep"
        and verb.head.head.pos_ in ("VERB", "AUX")
    ):  # "returned to Damascus after visiting Idlib": the main clause's subject visited
        subject, passive = _subject(verb.head.head)
        return (subject, False) if subject is not None and not passive else (None, False)
    tok = verb
    adjunct = False
    for _ in range(3):
        for child in tok.children:
            # a dateline's city is no subject, unless the parser hung the subject on it (see _collect)
            past = [child, *(c for c in child.children if c.dep_ == "appos")]
            if child.dep_ in ("nsubj", "nsubjpass") and past[-1].i >= dateline_end(child.sent):
                if adjunct and child.dep_ == "nsubjpass":
                    return None, False  # "the building was hit, killing nine": not the building
                # "Nasrallah is believed to be living in...": the raised subject acts in the infinitive
                raised = tok is not verb and tok.lemma_.lower() in _RAISING
                return child, child.dep_ == "nsubjpass" and not raised
        if tok.dep_ in ("xcomp", "conj", "oprd") and tok.head.i != tok.i:
            tok = tok.head
            continue
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.head.pos_ in ("VERB", "AUX"):
            # "a missile slammed into a building, killing nine": the main clause's subject acts
            adjunct = True
            tok = tok.head
            continue
        if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head, tok.dep_ == "acl" and tok.tag_ == "VBN"
        break
    return None, False


def _agentive(tok: Token) -> Token | None:
    """The actor head itself, or for a non-agent noun ("account of troops") its "of" object."""
    if tok.lemma_.lower() not in NON_AGENT_NOUNS and tok.lower_ not in NON_AGENT_NOUNS:
        return tok
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for g in child.children:
                if g.dep_ == "pobj" and g.lemma_.lower() not in NON_AGENT_NOUNS:
                    return g
    return None


_STRUCK_VERBS = frozenset({"strike", "struck", "hit", "detonate", "trigger", "step"})
_BLAST_NOUNS = frozenset({"bomb", "mine", "landmine", "ied", "device", "explosive", "booby"})

#: Heads that measure time or distance, never someone: "hours later raided", "about 45 km to the east".
MEASURE_NOUNS = frozenset({"hour", "minute", "day", "week", "month", "year", "km", "kilometre", "kilometer",
                           "mile", "metre", "meter", "moment", "night", "morning", "evening"})  # fmt: skip

_DASHES = frozenset({"-", "–", "—", "--"})
_DATELINE_POS = frozenset({"PROPN", "NUM", "PUNCT", "SPACE"})


def dateline_end(sent: Span) -> int:
    """Token index where a dateline glued to the sentence ends ("Paris, Oct 10, 2022 (AFP) -",
    "Abeba, August 09/2023 –"), or the sentence start when there is none. A dateline is a place
    (and date, agency) before a dash or colon near the start, with no verb in it."""
    known, key = memo(sent.doc), ("dateline_end", sent.start, sent.end)  # asked per argument token
    return known[key] if key in known else known.setdefault(key, _dateline_end(sent))


def _dateline_end(sent: Span) -> int:
    for tok in sent[:16]:
        # a dash between spaces ("Al-Shabaab" and "US-led" hyphens join words) or a colon after
        # the bureau ("KUNDUZ CITY (Pajhwok): The Taliban have captured ...")
        spaced = tok.text in _DASHES and tok.doc[tok.i - 1].whitespace_ or tok.text in (":", "):")
        if spaced and tok.i > sent.start and tok.whitespace_:
            before = sent.doc[sent.start : tok.i]
            # names, numbers and punctuation only: "at least two members of the IRGC Basij – a
            # volunteer force –" is an aside in running text, not a dateline
            if before[0].pos_ == "PROPN" and all(
                t.pos_ in _DATELINE_POS or t.ent_type_ == "DATE" for t in before
            ):
                return tok.i + 1
            break
    return sent.start


def _collect(heads: list[Token], by_token: Mapping[int, Mention], exclude: frozenset[int]) -> list[Argument]:
    out: list[Argument] = []
    seen: set[int] = set()
    for head in heads:
        for tok in _expand(head):
            if tok.i in exclude or _antecedent(tok).i in exclude:
                continue  # ("the bombing in Mogadishu, which killed eight": not Mogadishu)
            if tok.i < dateline_end(tok.sent):
                # the bureau's city in a dateline is no one; the parser may hang the real subject
                # on it as an apposition ("Abeba, August 09/2023 – Fighters of the Fano militia")
                after = [c for c in tok.children if c.dep_ == "appos" and c.i >= dateline_end(tok.sent)]
                if not after:
                    continue
                tok = after[0]
            if tok.lemma_.lower() in MEASURE_NOUNS or tok.ent_type_ in ("DATE", "TIME"):
                continue  # time or distance: "hours later raided", "about 45 km to the east", "Tuesday's"
            arg = participant(tok, by_token)
            if arg is not None and arg.head not in seen:
                seen.add(arg.head)
                out.append(arg)
    return out


def extract_arguments(
    anchor: Token,
    entry: TriggerEntry,
    by_token: Mapping[int, Mention],
    *,
    places: frozenset[int] = frozenset(),
) -> Arguments:
    """Actors and targets of the trigger at ``anchor`` (see module doc).

    ``places`` are token indices of place names: a place is never an actor ("Hama battles"),
    though it may be the target of a territorial event ("retook Palmyra").
    """
    actors: list[Token] = []
    targets: list[Token] = []
    if anchor.pos_ in ("NOUN", "PROPN"):
        for child in anchor.children:
            if child.dep_ == "poss":
                (targets if entry.has("subj=target") else actors).append(child)
            elif child.dep_ in ("amod", "compound") and _actor_like(by_token.get(child.i)):
                actors.append(child)  # "an Israeli strike"; not "an overnight raid" (TIME)
            elif child.dep_ == "prep" and child.lower_ in ("of", "against", "on"):
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if child.lower_ == "on" and entry.type != "ASSAULT":
                    continue
                targets.extend(objs)
            elif child.dep_ == "prep" and child.lower_ == "by":
                actors.extend(g for g in child.children if g.dep_ == "pobj")
        if not actors and anchor.dep_ in ("dobj", "obj") and anchor.head.lemma_.lower() in LIGHT_VERBS:
            # "Russian forces launched a drone attack", "the army carried out airstrikes"
            subject, passive_subject = _subject(anchor.head)
            if subject is not None and not passive_subject:
                actors.append(subject)
    else:
        subject, passive_subject = _subject(anchor)
        if (
            subject is None
            and anchor.dep_ == "advcl"
            and anchor.tag_ == "VBG"
            and not is_passive(anchor.head)
        ):
            # "Shells fired by the army fell on Douma, killing five": who fell did the killing
            subject, passive_subject = _subject(anchor.head)
        passive = passive_subject or is_passive(anchor)
        objects = [c for c in anchor.children if c.dep_ in ("dobj", "obj")]
        if entry.has("obj=weapon"):
            # "fired a missile at a tanker": the weapon is no target; what it was fired at is
            objects = [g for c in anchor.children if c.dep_ == "prep" and c.lower_ in ("at", "on", "against", "into")
                       for g in c.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")]  # fmt: skip
        if entry.has("obj-is-actor"):
            actors.extend(objects)
        elif passive:
            if subject is not None:
                (actors if entry.has("passive-subj=actor") else targets).append(subject)
            for child in anchor.children:
                if child.dep_ == "agent":
                    actors.extend(g for g in child.children if g.dep_ == "pobj")
        else:
            if subject is not None and not entry.has("subj=place"):
                (targets if entry.has("subj=target") else actors).append(subject)
            targets.extend(objects)
        if anchor.lemma_.lower() in _STRUCK_VERBS and any(o.lemma_.lower() in _BLAST_NOUNS for o in objects):
            # "their vehicle struck a roadside bomb", "hit a landmine": the subject is the victim
            targets = [t for t in (*actors, *targets) if t.lemma_.lower() not in _BLAST_NOUNS]
            actors = []
        if entry.has("territory-loss"):
            # the loser is the target; "to X" names who took it
            actors, targets = [], [*actors]
            for child in anchor.children:
                if child.dep_ == "prep" and child.lower_ == "to":
                    actors.extend(g for g in child.children if g.dep_ == "pobj")
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ == "with" and entry.type in ("CONSULT",):
                targets.extend(g for g in child.children if g.dep_ == "pobj")
    side: Argument | None = None
    if entry.has("subj=side") and actors:
        # "The 47th Brigade lost two soldiers": the subject is whose the dead were, not who killed
        side = participant(actors[0], by_token)
        actors = []
    actors = [a for tok in actors if (a := _agentive(tok)) is not None]
    if entry.mode == "territory":
        no_targets: frozenset[int] = frozenset()
    elif entry.type in _STATE_TARGET_TYPES:
        # "accused Eritrea of ...", "sanctioned Iran": a state named as a place is the target
        no_targets = frozenset(i for i in places if not _state_actor(by_token.get(i)))
    else:
        no_targets = places
    # A place name is no actor ("Hama battles") unless it names one: "backed by Rwanda".
    no_actors = frozenset(i for i in places if not _state_actor(by_token.get(i)))
    target_args = _collect(targets, by_token, no_targets)
    if side is not None:
        unit = side.participant.text
        target_args = [
            a if a.participant.unit else replace(a, participant=replace(a.participant, unit=unit))
            for a in target_args
        ]
    return Arguments(tuple(_collect(actors, by_token, no_actors)), tuple(target_args))


def _state_actor(mention: Mention | None) -> bool:
    return mention is not None and bool(mention.actor_key) and mention.kind in ACTOR_PLACE_KINDS


_MEMBERSHIP_VERBS = frozenset({"attach", "belong", "serve", "assign", "be"})


def _unit_phrase(tok: Token) -> str | None:
    """'the IRGC 19th Fajr Operations Division' -> 'IRGC 19th Fajr Operations Division'."""
    for t in tok.subtree:
        if t.lemma_.lower() in UNIT_WORDS and t.pos_ in ("NOUN", "PROPN"):
            left = t.left_edge.i
            while left < t.i and t.doc[left].dep_ in ("det", "case"):
                left += 1
            return t.doc[left : t.i + 1].text
    return None


def unit_from_next_sentence(sent: Span, *, window: int = 3) -> str | None:
    """The unit a following sentence gives the victims: 'The three were attached to the X Division'.

    Only sentences of the same paragraph count, and only when the subject refers back to the
    victims and the verb states membership (attached to, belonged to, served with/in, were
    members of): a pronoun ("they") only in the very next sentence, a definite number ("the
    three") or "both" within ``window`` sentences. Anything looser would hand one group's unit
    to another.
    """
    doc = sent.doc
    current = sent
    for distance in range(window):
        if current.end >= len(doc) or "\n" in doc[current.end - 1 : current.end + 1].text_with_ws:
            return None
        current = doc[current.end].sent
        unit = _membership_unit(current, pronoun_ok=distance == 0)
        if unit:
            return unit
    return None


def _refers_back(subject: Token, *, pronoun_ok: bool) -> bool:
    if subject.lower_ in ("they", "both"):
        return pronoun_ok or subject.lower_ == "both"
    if subject.like_num or subject.lemma_.lower() in ("victim", "dead"):
        return any(d.lower_ in ("the", "all", "both") for d in subject.children) or (
            subject.i > 0 and subject.doc[subject.i - 1].lower_ == "the"
        )
    return False


def _membership_unit(sent: Span, *, pronoun_ok: bool) -> str | None:
    root = sent.root
    if root.lemma_.lower() not in _MEMBERSHIP_VERBS:
        # "The two were attached to the 5th Corps, officials said": the report verb is the root
        inner = [c for c in root.children if c.dep_ == "ccomp" and c.lemma_.lower() in _MEMBERSHIP_VERBS]
        if not inner:
            return None
        root = inner[0]
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not any(_refers_back(s, pronoun_ok=pronoun_ok) for s in subjects):
        return None
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "with", "in", "of"):
            for g in child.children:
                unit = _unit_phrase(g) if g.dep_ == "pobj" else None
                if unit:
                    return unit
        if child.dep_ == "attr":  # "they were members of the 4th Division"
            for p in child.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    for g in p.children:
                        unit = _unit_phrase(g)
                        if unit:
                            return unit
    return None
