"""Numbers of people in an argument: "at least two", "three more", "six", "an IRGC general" = 1.

Fatalities of an event are the sum over its victims ("six Hezbollah fighters and an IRGC
brigadier general" = 6 + 1 = 7). A victim whose number is unstated ("fighters") adds nothing;
if no victim carries a number the count is None rather than a guess.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from newsgraph.nlp.events.acled import ARMED_VICTIMS, CIVILIAN_NOUNS, PROTESTER_NOUNS

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000, "dozen": 12, "a": 1, "an": 1, "single": 1, "both": 2,
    "million": 1_000_000,
}  # fmt: skip

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


def parse_number(text: str) -> int | None:
    """'1,500' -> 1500, 'six' -> 6, 'twenty-five' -> 25, 'half a dozen' -> 6;
    a range's lower bound ('11 15' from "between 11 and 15" -> 11, 'six ten' -> 6), ACLED's rule."""
    words = text.lower().replace("-", " ").split()
    if not words:
        return None
    if len(words) == 1 and _DIGITS.match(words[0]):
        return int(words[0].replace(",", ""))
    if words[:3] == ["half", "a", "dozen"]:
        return 6
    total, current, last = 0, 0, 0
    for word in words:
        if _DIGITS.match(word):
            if current or total:
                break  # "between 11 and 15", "6 to 10": a range; its lower bound is the count
            current = last = int(word.replace(",", ""))
        elif word in ("hundred", "thousand", "million", "dozen") and word in WORD_NUMBERS:
            current = max(current, 1) * WORD_NUMBERS[word]
            last = 0
            if word in ("thousand", "million"):
                total, current = total + current, 0
        elif word in WORD_NUMBERS:
            value = WORD_NUMBERS[word]
            if last and not (20 <= last <= 90 and last % 10 == 0 and value < 10):
                break  # "six ten" (from "six to ten"): a range, not "twenty five"
            current += value
            last = value
        elif word == "and":
            continue
        else:
            return None
    value = total + current
    return value or None


def number_tokens(noun: Token) -> list[Token]:
    """The number words attached to a noun (its nummod and that nummod's compound parts)."""
    out: list[Token] = []
    for child in noun.children:
        if child.dep_ == "nummod" or (child.dep_ in ("amod", "quantmod") and child.like_num):
            out.extend(t for t in child.subtree if t.like_num or t.lower_ in WORD_NUMBERS)
    return sorted(out, key=lambda t: t.i)


def count_of(noun: Token, *, is_named: bool) -> int | None:
    """How many people ``noun`` stands for, when the text says it."""
    if noun.lower_ in ("one", "nobody", "none") and any(c.lower_ == "no" for c in noun.children):
        return 0  # "No one was injured": no one, not one person
    if noun.lower_ in ("nobody", "none"):
        return 0
    if noun.lemma_.lower() in COLLECTIVE_NOUNS:
        return _members_of(noun)
    toks = number_tokens(noun)
    if toks:
        return parse_number(" ".join(t.text for t in toks if t.lower_ not in ("a", "an")) or "one")
    if (
        noun.like_num
        and (
            noun.dep_ in ("dobj", "obj", "nsubjpass")
            or (noun.dep_ == "nsubj" and noun.head.tag_ == "VBN")
            or (noun.dep_ == "ROOT" and any(c.dep_ == "acl" and c.tag_ == "VBN" for c in noun.children))
        )
        and noun.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT")
    ):
        # a headline's bare number: "air strike kills 20", "Seven of one family killed as ..."
        return parse_number(noun.text)
    if noun.tag_ in ("NN", "NNP") and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children):
        return 1
    if noun.like_num:
        return None  # "Nine" tagged NNP as a headline's root: a number, never one named person
    if noun.tag_ in ("NN", "NNP") and noun.pos_ == "PROPN":
        return 1
    if (
        (noun.dep_ == "nsubjpass" or any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in noun.children))
        and noun.tag_ == "NN"
        and noun.lemma_.lower() not in MASS_NOUNS
        and _definite(noun)
    ):
        # "The soldier was killed", "killing a boy and his father": one person, told before or known.
        # (The object form, "killing the driver", is left uncounted: on the blind set it cost one
        # event, measured in aggregate only; see the tolls branch report.)
        return 1
    return None


#: Nouns of a body of people: "a family" counts no one by itself; "a family of six" counts six.
COLLECTIVE_NOUNS = frozenset(
    {"family", "household", "group", "crowd", "convoy", "patrol", "unit", "team", "crew", "gang",
     "band", "squad", "cell", "platoon", "company", "battalion", "brigade", "column", "delegation"}
)  # fmt: skip
#: Singular nouns that stand for many or for no one in particular ("the rest", "the army").
MASS_NOUNS = frozenset(
    {"rest", "majority", "remainder", "number", "total", "bulk", "toll", "lot", "population", "army",
     "police", "military", "government", "regime", "opposition", "enemy", "public", "staff",
     "personnel", "security", "force", "leadership", "youth", "militia", "movement", "dead"}
)  # fmt: skip


def _definite(noun: Token) -> bool:
    """ "the driver", "its commander", "their son": a singular noun with a definite determiner."""
    return any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss" for c in noun.children
    )


def _members_of(noun: Token) -> int | None:
    """How many "a family of six" or "a group of 20 fighters" counts (None for "one family")."""
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and obj.like_num:
                return parse_number(obj.text)
            if obj.dep_ == "pobj":
                toks = number_tokens(obj)
                if toks:
                    return parse_number(" ".join(t.text for t in toks))
    return None


#: Words that mark a noun as part of people already counted: "including five children", "among
#: them three children", "of whom two were women".
_SUBSET_PREPS = frozenset({"including", "among", "incl"})
_SUBSET_PRONOUNS = frozenset({"them", "those", "whom", "which", "these"})


def is_subset(noun: Token) -> bool:
    """The noun counts some of the people another noun counted ("17 people, including 5
    children"): its number is no addition to the toll."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in _SUBSET_PREPS:
        return True
    return any(
        c.dep_ == "prep"
        and c.lower_ in _SUBSET_PREPS | {"of"}
        and any(g.lower_ in _SUBSET_PRONOUNS for g in c.children)
        for c in noun.children
    )


def number_text(noun: Token) -> str:
    """The number phrase as written, with its hedges: 'at least two', 'as many as 10,000'."""
    parts: list[Token] = []
    for child in noun.children:
        if child.dep_ == "nummod" or (child.dep_ in ("amod", "quantmod") and child.like_num):
            parts.extend(child.subtree)
    if not parts:
        return ""
    parts.sort(key=lambda t: t.i)
    return noun.doc[parts[0].i : parts[-1].i + 1].text


#: Adverbial cues that make a count a running total: "so far", "to date", "in total".
_TOTAL_PHRASES = (("so", "far"), ("to", "date"), ("in", "total"), ("thus", "far"), ("until", "now"))
_TOTAL_WORDS = frozenset({"altogether", "overall", "cumulatively"})
#: Head nouns that turn "a total of 120 civilians" into a sum rather than one incident's toll.
_BEGIN_VERBS = frozenset({"begin", "start", "erupt", "break", "launch", "intervene", "enter"})
_TOTAL_NOUNS = frozenset({"total", "tally", "toll", "sum"})


def is_cumulative(trigger: Token) -> bool:
    """Whether a killing/wounding is reported as a running total, not as one incident.

    "Six generals have been killed in Syria since 2013", "40 soldiers have died so far", "a total
    of 120 civilians died to date": the count sums many events, so it is a figure (a claim), not
    the fatalities of an event. Only cues in the trigger's own clause count: a "since" that
    introduces a clause ("since they refused") is causal and is ignored unless it has a verb of
    beginning ("since the war began").
    """
    for child in trigger.children:
        low = child.lower_
        if child.dep_ == "prep" and low == "since" and any(g.dep_ == "pobj" for g in child.children):
            return True
        if (
            child.dep_ == "advcl"
            and any(m.lower_ == "since" and m.dep_ == "mark" for m in child.children)
            and child.lemma_.lower() in _BEGIN_VERBS
        ):
            return True
        if low in _TOTAL_WORDS:
            return True
    sent = trigger.sent
    lowers = [t.lower_ for t in sent]
    for i in range(len(lowers) - 1):
        if (lowers[i], lowers[i + 1]) in _TOTAL_PHRASES:
            tok = sent[i + 1]
            # the phrase must hang from the trigger (or its auxiliaries), not from another verb
            if tok.head.i == trigger.i or tok.head.head.i == trigger.i or sent[i].head.i == trigger.i:
                return True
    for child in trigger.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.lemma_.lower() in _TOTAL_NOUNS:
            return True
    return brings_total(trigger) is not None


#: Verbs that bring a count to a figure: "the deaths bring the number of troops killed to 392".
_BRING_VERBS = frozenset({"bring", "take", "push", "raise", "lift", "put", "increase"})
_COUNT_NOUNS = frozenset({"number", "total", "toll", "tally", "count"})


def brings_total(subject: Token) -> tuple[Token, Token] | None:
    """For the subject of "X brings the number of ... to N": (the count noun, the figure N)."""
    verb = subject.head
    if subject.dep_ != "nsubj" or verb.lemma_.lower() not in _BRING_VERBS:
        return None
    count = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _COUNT_NOUNS), None)
    if count is None:
        return None
    # "to 392" may hang from the verb or, as parsed, from the counted phrase ("troops killed ... to 392")
    for to in (
        t for t in verb.subtree if t.i > count.i and t.lower_ == "to" and t.dep_ in ("prep", "dative")
    ):
        figure = next((g for g in to.children if g.dep_ == "pobj"), None)
        if figure is not None and any(t.like_num for t in figure.subtree):
            return count, figure
    return None


# --- a death toll stated in a sentence's words ---------------------------------------------------

_NUMBER_WORDS = "|".join(
    sorted((w for w in WORD_NUMBERS if w not in ("a", "an", "single", "both")), key=len, reverse=True)
)
_HEDGE = r"(?:(?:at least|more than|over|some|about|around|nearly|almost|up to|as many as|a further|an estimated)\s+)?"
#: A count: "17", "1,200", "three", "twenty-five", "between 11 and 15" (the lower bound).


def _count(name: str) -> str:
    return rf"(?:between\s+)?(?P<{name}>\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))?)\b"


_NOT_ONE = frozenset(
    {"people", "personnel", "police", "displaced", "youth", "crowd", "family", "paramilitary"}
)
#: Singular nouns of one victim: "beat to death a young man", "killing a 15-year-old girl".
_ONE_PERSON = "|".join(
    sorted(
        (
            n
            for n in CIVILIAN_NOUNS | ARMED_VICTIMS | PROTESTER_NOUNS
            if not n.endswith(("s", "men", "ren")) and n not in _NOT_ONE
        ),
        key=len,
        reverse=True,
    )
)
_DEATH_VERB = (
    r"(?:killed|dead|died|martyred|slain|shot dead|shot and killed|beaten to death|hacked to death|"
    r"stabbed to death|burned to death|lost their lives|executed|massacred)"
)
#: "killing 17 people", "shooting dead nine civilians", "beat to death two men", "leaving three
#: attackers dead", "11 civilians were shot dead", "Six killed as ...", "put the toll at nine",
#: "claimed the lives of nine civilians", "beat to death a young man" (one).
_STATED_TOLL = re.compile(
    rf"\b(?:killing|killed|kills|kill|shooting dead|shot dead|beat(?:ing)? to death|hacking to death|"
    rf"stabbing to death|massacring|executing)\s+{_HEDGE}{_count('n1')}"
    rf"|\bleaving\s+{_HEDGE}{_count('n2')}(?:\s+[\w-]+){{0,3}}?\s+dead\b"
    rf"|\bclaim(?:ed|ing|s)?\s+the\s+lives\s+of\s+{_HEDGE}{_count('n5')}"
    rf"|\b(?:killing|killed|kills|kill|shooting dead|shot dead|beat(?:ing)? to death|hacking to death|"
    rf"stabbing to death)\s+(?P<n6>an?)\s+(?:(?!of\b|\d[\d,]*\s)[\w-]+\s+){{0,2}}?(?:{_ONE_PERSON})\b(?!-)"
    rf"|\b{_HEDGE}{_count('n3')}(?:\s+(?!of\b)[\w-]+){{0,4}}?\s+(?:(?:were|was|have been|had been|are)\s+)?{_DEATH_VERB}\b"
    rf"|\b(?:put|puts|putting|gave|gives|give|set|sets|placed|estimated)\s+(?:the|a|its|their)\s+"
    rf"(?:(?:death|overall|final|new|higher|lower)\s+)*(?:toll|tally)(?:\s+[\w-]+){{0,3}}?\s+(?:at|to|of)\s+"
    rf"{_HEDGE}{_count('n4')}",
    re.IGNORECASE,
)


#: A source's figure for a toll told before: "put the toll at 11", "gave a higher toll of five".
_TOLL_STATEMENT = re.compile(
    rf"\b(?:put|puts|putting|gave|gives|give|set|sets|placed|estimated)\s+(?:the|a|its|their)\s+"
    rf"(?:(?:death|overall|final|new|higher|lower)\s+)*(?:toll|tally)(?:\s+[\w-]+){{0,3}}?\s+(?:at|to|of)\s+"
    rf"{_HEDGE}{_count('t1')}",
    re.IGNORECASE,
)


def toll_statements(text: str) -> list[tuple[int, int]]:
    """(offset, figure) of each source's toll figure in the text ("medics put the toll at nine")."""
    out = []
    for m in _TOLL_STATEMENT.finditer(text):
        value = parse_number(m.group("t1") or "")
        if value is not None:
            out.append((m.start(), value))
    return out


def stated_tolls(sentence: str) -> list[int]:
    """The death figures a sentence states in words, in order (see :data:`_STATED_TOLL`): the
    lower bound of a range, N for "at least N"; injured figures are not read."""
    out = []
    for m in _STATED_TOLL.finditer(sentence):
        value = 1 if m.group("n6") else parse_number(next((g for g in m.groups() if g), ""))
        if value is not None:
            out.append(value)
    return out


# --- a later figure for a toll told before: "the death toll rose to 20" ---------------------------

_DEAD_NOUNS = r"(?:(?:death|casualty|overall|final)\s+)?(?:toll|tally)|number\s+of\s+(?:the\s+)?(?:dead|deaths|victims|fatalities|people\s+killed|those\s+killed)"
#: "The death toll rose to 20", "the toll has climbed to 23", "raising the toll to 23", "bringing
#: the number of dead to 25": the report's newer count of the same event's dead.
_TOLL_UPDATE = re.compile(
    rf"\b(?:the\s+)?(?:{_DEAD_NOUNS})(?:\s+(?!to\b)[\w-]+){{0,3}}?\s+(?:has\s+|had\s+)?"
    rf"(?:rose|risen|rises|climbed|climbs|jumped|increased|reached|grew|mounted)\s+to\s+{_HEDGE}{_count('u1')}"
    rf"|\b(?:raising|bringing|pushing|taking|lifting|increasing)\s+(?:the|its)\s+(?:{_DEAD_NOUNS})"
    rf"(?:\s+(?!to\b)[\w-]+){{0,3}}?\s+to\s+{_HEDGE}{_count('u2')}",
    re.IGNORECASE,
)
#: Words that make a risen figure a running total of many events ("since January", "this year",
#: "the toll in the war").
_RUNNING = re.compile(
    r"\b(since|so far|to date|this year|this month|overall|in total|altogether|war|conflict|offensive|"
    r"campaign|insurgency|crackdown|uprising)\b",
    re.IGNORECASE,
)


def toll_updates(text: str) -> list[tuple[int, int]]:
    """(offset, figure) of each newer count of a toll told before ("The death toll rose to 20");
    a running total ("bringing the number killed since January to 300") is none."""
    out = []
    for m in _TOLL_UPDATE.finditer(text):
        if _RUNNING.search(m.group(0)) or _RUNNING.search(text[m.end() : m.end() + 40].split(".")[0]):
            continue
        value = parse_number(m.group("u1") or m.group("u2") or "")
        if value is not None:
            out.append((m.start(), value))
    return out
