"""Claims: stated figures that are not events, such as troop strengths and casualty totals.

"the Iranian Revolutionary Guards — currently numbering around 1,500", "as many as 10,000 IRGC
forces", "some 7,000 fighters", "six Iranian generals ... killed in Syria up to that time".
A quantified force noun is a claim unless it is a participant of a reported event (the object
or subject of a finite killing, deploying... verb), which the event extractor already records.
Claims from reader comments carry ``in_comments=True`` so they are never merged with facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Claim, Mention, TimeMention
from newsgraph.nlp.docview import doc_text as doc_text_of
from newsgraph.nlp.events.background import is_statistic
from newsgraph.nlp.events.certainty import assess
from newsgraph.nlp.events.numbers import brings_total, number_text, number_tokens, parse_number
from newsgraph.nlp.segment import trimmed_span

#: Nouns whose counts are force strengths or casualty totals.
FORCE_NOUNS = frozenset(
    [
        "troop",
        "force",
        "fighter",
        "soldier",
        "militiaman",
        "militant",
        "personnel",
        "member",
        "adviser",
        "advisor",
        "general",
        "officer",
        "commander",
        "guard",
        "volunteer",
        "mercenary",
        "rebel",
        "insurgent",
        "recruit",
        "reservist",
        "marine",
        "paratrooper",
        "sniper",
        "jihadist",
        "basiji",
    ]
)
#: Verbs whose finite clauses report an event about the counted people, not a standing figure.
_EVENT_HEADS = frozenset(
    [
        "kill",
        "die",
        "wound",
        "injure",
        "capture",
        "arrest",
        "detain",
        "abduct",
        "kidnap",
        "execute",
        "deploy",
        "send",
        "dispatch",
        "transfer",
        "arrive",
        "withdraw",
        "evacuate",
        "free",
        "release",
    ]
)
_TOTAL_CUES = frozenset({"since", "total", "so", "far", "up", "altogether", "overall", "toll"})
#: People counted as casualties: a claim only as a running total ("150,000 people have been killed
#: since April 2023"); "12 people were killed in the strike" is an event's fatality count.
CASUALTY_NOUNS = frozenset(
    {"person", "people", "civilian", "child", "woman", "resident", "victim", "refugee"}
)
_CASUALTY_HEADS = frozenset({"kill", "die", "wound", "injure", "displace", "flee", "starve", "uproot"})
_DISPLACEMENT_HEADS = frozenset({"displace", "uproot", "flee"})
#: Verbs that bring a toll to a figure: "the death toll rose to 35,000", "the toll stands at 80".
_TOLL_VERBS = frozenset({"rise", "reach", "climb", "stand", "jump", "hit", "surpass", "exceed", "top", "be"})


def _is_event_argument(noun: Token, period: str | None = None) -> bool:
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "conj") and head.lemma_.lower() in _EVENT_HEADS:
        if head.lemma_.lower() in _CASUALTY_HEADS and _statistic(noun, period):
            return False  # "13 soldiers have been killed this week": a running total, a claim
        return not any(t.lower_ in _TOTAL_CUES for t in head.subtree)
    return False


def _statistic(noun: Token, period: str | None) -> bool:
    """The counted victims of a clause that sums many events (background's tests: "the war has
    killed 370,000 people", "killed since 2011", "have been killed this week")."""
    toks = number_tokens(noun)
    toll = parse_number(" ".join(t.text for t in toks)) if toks else None
    return is_statistic(noun.head, toll=toll, period=period)


def _running_total(noun: Token, period: str | None = None) -> bool:
    """ "150,000 people have been killed since April 2023": counted victims of a casualty verb,
    with a cue that the figure sums many events."""
    head = noun.head
    if not number_tokens(noun) or head.lemma_.lower() not in _CASUALTY_HEADS:
        return False
    if head.lemma_.lower() in _DISPLACEMENT_HEADS and any(
        c.dep_ == "aux" and c.lemma_ == "have" for c in head.children
    ):
        return True  # "10 million people have been displaced by the war": a count of the whole war
    return any(t.lower_ in _TOTAL_CUES for t in head.subtree) or _statistic(noun, period)


def _toll_figure(toll: Token) -> str | None:
    """The figure a toll reaches: "the death toll had risen to 35,000", "the toll stood at 80"."""
    verb = toll.head
    if toll.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_.lower() not in _TOLL_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "at", "above", "past"):
            for obj in child.children:
                if obj.like_num or any(t.like_num for t in obj.subtree):
                    return obj.doc[obj.left_edge.i : obj.right_edge.i + 1].text
        if child.dep_ in ("attr", "dobj") and any(t.like_num for t in child.subtree):
            return child.doc[child.left_edge.i : child.right_edge.i + 1].text
    return None


def _brought_to(count: Token) -> str | None:
    """The figure a count is brought to: "... bring the number of troops killed to 392" -> "392"."""
    if count.dep_ != "dobj" or count.pos_ != "NOUN":
        return None
    subject = next((c for c in count.head.children if c.dep_ == "nsubj"), None)
    found = brings_total(subject) if subject is not None else None
    if found is None or found[0].i != count.i:
        return None
    figure = found[1]
    return figure.doc[figure.left_edge.i : figure.right_edge.i + 1].text


def _subject_text(noun: Token, skip: set[int]) -> str:
    """The counted thing without its number: 'IRGC forces', 'Iranian generals killed'."""
    doc = noun.doc
    keep = [
        t
        for t in noun.subtree
        if t.i not in skip and t.dep_ not in ("punct", "cc") and (t.i <= noun.i or t.head.i == noun.i)
    ]
    keep = [t for t in keep if t.dep_ not in ("det", "predet", "quantmod", "advmod") or t.i > noun.i]
    left = [t for t in keep if t.i <= noun.i]
    start = left[0].i if left else noun.i
    text = doc[start : noun.i + 1].text
    for t in noun.children:
        if t.dep_ == "acl" and t.tag_ == "VBN":
            text += " " + t.text  # "generals killed"
    if noun.lemma_.lower() in CASUALTY_NOUNS and noun.head.lemma_.lower() in _CASUALTY_HEADS:
        text += " " + noun.head.text  # "people killed"
    if noun.lemma_.lower() in ("number", "total", "tally", "count"):
        # "the number of British troops killed in Afghanistan since 2001": what is counted
        counted = []
        for t in sorted(noun.subtree, key=lambda t: t.i):
            if t.i <= noun.i or t.i in skip:
                continue
            if t.lower_ == "to" and any(g.like_num for g in t.subtree):
                break  # "... to 392" is the figure, not what is counted
            counted.append(t)
        if counted:
            text = doc[noun.i : counted[-1].i + 1].text
    return text


#: Lemmas that can open a claim other than a counted noun object (see :func:`_brought_to`).
_CLAIM_LEMMAS = FORCE_NOUNS | CASUALTY_NOUNS | {"toll", "number"}


def _period(sent: Span, times: Sequence[tuple[Span, TimeMention]]) -> str | None:
    """The precision of the first time the sentence gives ("this week" -> "week"), if any."""
    inside = [tm for span, tm in times if span.start >= sent.start and span.end <= sent.end]
    return inside[0].precision if inside else None


def _claim_date(sent: Span, times: Sequence[tuple[Span, TimeMention]]) -> dt.date | None:
    inside = [tm for span, tm in times if span.start >= sent.start and span.end <= sent.end]
    for tm in inside:
        if tm.text.lower().startswith("since") and tm.end_date is not None:
            return tm.end_date  # "killed since 2001": the figure stands as of the interval's end
        if tm.start_date is not None:
            return tm.start_date
    return None


def extract_claims(
    doc: Doc,
    *,
    mentions: Sequence[Mention],
    times: Sequence[TimeMention],
    published: dt.date | None,
    in_comments: bool = False,
) -> list[Claim]:
    """Figure claims in a parsed Doc (see module doc). ``published`` is not used as a date:
    a figure without a stated date keeps ``date=None`` rather than pretending to be dated."""
    _ = (mentions, published)
    time_spans: list[tuple[Span, TimeMention]] = []
    doc_text = doc_text_of(doc)  # once per Doc: Doc.text is rebuilt from the tokens on every access
    text_len = len(doc_text)
    for tm in times:
        span = doc.char_span(tm.start, tm.end, alignment_mode="expand") if tm.end <= text_len else None
        if span is not None:
            time_spans.append((span, tm))
    claims: list[Claim] = []
    for sent in doc.sents:
        if not doc_text[sent.start_char : sent.end_char].strip():  # == sent.text, not rebuilt
            continue
        period = _period(sent, time_spans)
        for tok in sent:
            lemma, pos = tok.lemma_.lower(), tok.pos_
            if lemma not in _CLAIM_LEMMAS and (pos != "NOUN" or tok.dep_ != "dobj"):
                continue  # none of the branches below can fire (_brought_to wants a noun object)
            value_text = ""
            noun: Token | None = None
            anchor: Token = tok
            skip: set[int] = set()
            if lemma in FORCE_NOUNS and pos in ("NOUN", "PROPN"):
                nums = number_tokens(tok)
                if not nums or _is_event_argument(tok, period):
                    continue
                noun, value_text = tok, number_text(tok)
                skip = {t.i for c in tok.children if c.dep_ in ("nummod", "quantmod") for t in c.subtree}
            elif lemma in CASUALTY_NOUNS and pos == "NOUN" and _running_total(tok, period):
                noun, value_text = tok, number_text(tok)
                skip = {t.i for c in tok.children if c.dep_ in ("nummod", "quantmod") for t in c.subtree}
                if not value_text:
                    continue
            elif (total := _brought_to(tok)) is not None:
                # "The deaths bring the number of British troops killed in Afghanistan to 392"
                value_text, noun = total, tok
            elif lemma == "toll" and pos == "NOUN":
                found = _toll_figure(tok)
                if found is None:
                    continue
                value_text, noun = found, tok
            elif lemma == "number" and pos == "VERB" and tok.dep_ in ("acl", "relcl"):
                objs = [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.like_num]
                objs += [c for c in tok.children if c.dep_ in ("dobj", "npadvmod") and c.like_num]
                if not objs:
                    continue
                obj = objs[0]
                first = min([obj.left_edge.i] + [c.i for c in tok.children if c.dep_ == "prep"])
                value_text = doc[first : obj.right_edge.i + 1].text
                noun = tok.head
                anchor = tok.head
            else:
                continue
            if (
                not value_text
                or parse_number(value_text.split()[-1]) is None
                and not any(ch.isdigit() for ch in value_text)
            ):
                continue
            certainty = assess(anchor)
            claims.append(
                Claim(
                    subject=_subject_text(noun, skip),
                    value=value_text,
                    sentence=trimmed_span(sent),
                    text=sent.text.strip(),
                    attributed_to=certainty.attributed_to,
                    status=certainty.status,
                    in_comments=in_comments,
                    date=_claim_date(sent, time_spans),
                )
            )
    return claims
