"""Events of one document: triggers, arguments, place, time, fatalities, certainty.

``extract_events`` is pure: it reads a parsed Doc plus the records the other extractors made
(mentions, places, times) and returns :class:`newsgraph.model.Event` records. It needs the
dependency parse (the ``parser`` component).

Time of an event (``time_precision`` says how it was chosen):
- a TimeMention in the sentence, preferring one attached to the trigger, else the nearest;
- else the closest TimeMention before the sentence in the same paragraph;
- else the publication date, with ``time_precision = "publication-date"`` (the event happened
  on or before that day; the date is an upper bound, not a finding);
- else (no publication date either) no date and ``time_precision = "unknown"``.

Place of an event (``place_reason`` says how): see :mod:`newsgraph.nlp.events.places`; when no
place is in the sentence, the paragraph focus (the place named most often in the paragraph up
to the event, ties to the latest) with reason "paragraph focus". A governed origin ("from south
Aleppo") is not the event's place; it is recorded in ``place_reason`` as "origin: <text>".

Running totals ("killed since 2013", "so far", "to date", "a total of"; see
:func:`newsgraph.nlp.events.numbers.is_cumulative`) and recalled history (see
:mod:`newsgraph.nlp.events.background`) are kept with ``background=True``; narrative dates are
then set by :mod:`newsgraph.nlp.events.narrative`, and the mentions of one real event are merged
into one Event by :mod:`newsgraph.nlp.events.coref`. Last, the verbal acts ACLED does not code
("accused", "called for", "threatened") get ``statement=True``: the pipeline puts them in
``Extraction.statements``, apart from the events.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Event, Mention, Participant, PlaceMention, TextSpan, TimeMention
from newsgraph.nlp.events.acled import classify, crowd_first
from newsgraph.nlp.events.arguments import (
    UNIT_WORDS,
    Argument,
    dateline_end,
    extract_arguments,
    participant,
    responsibility_claimant,
    unit_from_next_sentence,
)
from newsgraph.nlp.events.background import recalls_history, states_statistic
from newsgraph.nlp.events.certainty import assess
from newsgraph.nlp.events.coref import corefer_events
from newsgraph.nlp.events.event_time import choose_time, latest_day, paragraph_bounds
from newsgraph.nlp.events.lexicon import Lexicon, is_statement, load_lexicon
from newsgraph.nlp.events.narrative import with_narrative_dates
from newsgraph.nlp.events.numbers import is_cumulative
from newsgraph.nlp.events.places import (
    LocationChoice,
    choose_location,
    finer_place,
    is_adjectival,
    names_someone,
)
from newsgraph.nlp.events.sides import attackers, civilian_victims, unnamed_crowd
from newsgraph.nlp.events.territory import territory_subtype
from newsgraph.nlp.events.tolls import injured_for, total_of, with_toll_updates
from newsgraph.nlp.events.triggers import FrameContext, TriggerMatch, find_triggers
from newsgraph.nlp.segment import trimmed_span

#: time_precision of an event dated by the publication date only.
PUBLICATION_DATE = "publication-date"

#: Event types whose direct object, when it is a place, is where the event happened (a visit's
#: destination, a deployment's, a place attacked); a statement's object is who it is about.
_PLACE_OBJECT_TYPES = frozenset({"CONSULT", "MOBILIZE", "ASSAULT"})


def _spans_for(doc: Doc, records: Sequence[PlaceMention | TimeMention]) -> list[tuple[Span, int]]:
    out: list[tuple[Span, int]] = []
    text_len = len(doc.text)  # once: Doc.text is rebuilt from the tokens on every access
    for index, rec in enumerate(records):
        if rec.end > text_len or rec.start < 0:
            continue
        span = doc.char_span(rec.start, rec.end, alignment_mode="expand")
        if span is not None and span.text.strip():
            out.append((span, index))
    return out


def _token_mentions(doc: Doc, mentions: Sequence[Mention]) -> dict[int, Mention]:
    by_token: dict[int, Mention] = {}
    text_len = len(doc.text)  # once: Doc.text is rebuilt from the tokens on every access
    for m in mentions:
        if m.end > text_len:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            by_token.setdefault(tok.i, m)
    return by_token


def _event_place_spans(sent: Span, place_spans: list[tuple[Span, int]]) -> list[Span]:
    """Place spans that can be an event's place: no adjective ("US-led", "Britain-based"), and no
    dateline city ("BEIRUT (Reuters) -") while the sentence names another place."""
    spans = [s for s, _ in place_spans if not is_adjectival(s)]
    cut = dateline_end(sent)
    if cut > sent.start:
        body = [s for s in spans if sent.start <= s.start and s.start >= cut and s.end <= sent.end]
        if body:
            spans = [s for s in spans if not (sent.start <= s.start < cut)]
    return spans


def _paragraph_focus(
    sent: Span, places: list[tuple[Span, int]], records: Sequence[PlaceMention], text: str
) -> PlaceMention | None:
    para_start, _ = paragraph_bounds(text, sent.start_char)
    before = [
        (s, i)
        for s, i in places
        if para_start <= s.start_char < sent.start_char and not names_someone(s) and not is_adjectival(s)
    ]
    if not before:
        return None
    counts = Counter((records[i].name or records[i].text).lower() for _, i in before)
    best = max(before, key=lambda p: (counts[(records[p[1]].name or records[p[1]].text).lower()], p[0].start))
    return records[best[1]]


def _merged(matches: list[TriggerMatch], doc: Doc) -> tuple[list[TriggerMatch], dict[int, TriggerMatch]]:
    """Fold a nominal ASSAULT trigger into the verb it is the subject or instrument of.

    "an Israeli air strike ... killed six fighters" is one event: kill, mode aerial, actor Israel.
    Returns the kept matches and, per kept verb anchor, the noun match folded into it.
    """
    by_anchor = {m.anchor: m for m in matches}
    folded: dict[int, TriggerMatch] = {}
    dropped: set[int] = set()
    for m in matches:
        tok = doc[m.anchor]
        if tok.pos_ != "NOUN" or m.entry.type != "ASSAULT":
            continue
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
            head = head.head
        verb = by_anchor.get(head.i)
        if (
            verb is not None
            and verb is not m
            and verb.entry.type == "ASSAULT"
            and tok.dep_ in ("nsubj", "pobj")
        ):
            folded[verb.anchor] = m
            dropped.add(m.anchor)
    return [m for m in matches if m.anchor not in dropped], folded


def _self_report(source: str | None, actors: Sequence[Argument]) -> bool:
    if not source:
        return False
    said = source.lower().removeprefix("the ").strip()
    return any(
        said
        and (said in a.participant.text.lower() or a.participant.text.lower().removeprefix("the ") in said)
        for a in actors
    )


def _needs_unit(arg: Argument) -> bool:
    """An unnamed victim with no formation (division, brigade...) stated, only an affiliation."""
    unit = arg.participant.unit
    if arg.participant.actor_key is not None:
        return False
    return not unit or not any(w.lower() in UNIT_WORDS for w in unit.split())


def extract_events(
    doc: Doc,
    *,
    mentions: Sequence[Mention],
    places: Sequence[PlaceMention],
    times: Sequence[TimeMention],
    published: dt.date | None,
    in_comments: bool = False,
    lexicon: Lexicon | None = None,
) -> list[Event]:
    """Events in a parsed Doc. Offsets in the result are character offsets into ``doc.text``."""
    lex = lexicon if lexicon is not None else load_lexicon()
    text = doc.text
    # An unresolved "place" that is also a person/group mention is the actor ("Soleimani"):
    # it must neither be an event's place nor hide an actor from the argument finder.
    actor_spans = [(m.start, m.end) for m in mentions if m.label != "GPE" and m.actor_key]
    places = [p for p in places if p.resolved or not any(s < p.end and p.start < e for s, e in actor_spans)]
    place_spans = _spans_for(doc, places)
    time_spans = _spans_for(doc, times)
    by_token = _token_mentions(doc, mentions)
    by_kind = {m.actor_key: m.kind for m in mentions if m.actor_key}
    ctx = FrameContext(
        place_tokens=frozenset(t.i for s, _ in place_spans for t in s),
        actor_tokens=frozenset(i for i, m in by_token.items() if m.actor_key),
    )
    span_to_place = {(s.start, s.end): places[i] for s, i in place_spans}
    reference = published or latest_day(times)
    events: list[Event] = []
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        matches = find_triggers(sent, lex, ctx)
        matches, folded = _merged(matches, doc)
        skip: set[int] = set()
        at_anchor: dict[int, int] = {}  # trigger token -> index in events, this sentence
        for match in matches:
            if match.anchor in skip:
                continue
            anchor = doc[match.anchor]
            entry = match.entry
            # a running total ("six generals killed since 2013") sums many events: a statistic,
            # kept with its evidence as background, never one event with that many dead
            cumulative = (entry.has("fatal") or entry.has("injury")) and is_cumulative(anchor)
            args = extract_arguments(anchor, entry, by_token, places=ctx.place_tokens)
            in_trigger = range(match.start, match.end)  # "exchanged fire": "fire" is no target
            args = replace(
                args,
                actors=tuple(a for a in args.actors if a.head not in in_trigger),
                targets=tuple(a for a in args.targets if a.head not in in_trigger),
            )
            actors = list(args.actors)
            mode, acled_type, acled_sub = entry.mode, entry.acled_event_type, entry.acled_sub_event_type
            noun = folded.get(match.anchor)
            if noun is not None:
                noun_args = extract_arguments(doc[noun.anchor], noun.entry, by_token, places=ctx.place_tokens)
                # the subject *is* the strike; who struck is the strike's own modifier or "by"
                actors = [a for a in actors if a.head != noun.anchor] + list(noun_args.actors)
                mode = noun.entry.mode or mode
                acled_type, acled_sub = noun.entry.acled_event_type, noun.entry.acled_sub_event_type
            territory = entry.has("territory") or entry.has("territory-loss")
            if territory:
                acled_sub = territory_subtype(entry, actors, args.targets, by_kind, sent, places)
            typed = classify(
                anchor,
                type_=entry.type,
                mode=mode,
                event_type=acled_type,
                sub_event_type=acled_sub,
                actor_heads=[a.head for a in actors],
                target_heads=[a.head for a in args.targets],
                territory=territory,
            )
            mode, acled_type, acled_sub = typed.mode, typed.event_type, typed.sub_event_type
            actors = attackers(actors, anchor, acled_type, doc, by_token, exclude=ctx.place_tokens)
            if not (entry.has("fatal") or entry.has("injury")):  # the dead are victims, not the crowd acting
                actors, crowd_targets = crowd_first(acled_type, acled_sub, actors, list(args.targets), doc)
                args = replace(args, targets=tuple(crowd_targets))
                actors = actors or unnamed_crowd(doc[match.start : match.end], typed)  # "The rally ended"
            targets = civilian_victims(list(args.targets), acled_type, doc)  # "killed five villagers"
            if entry.has("fatal") and any(_needs_unit(a) for a in targets):
                unit = unit_from_next_sentence(sent)
                if unit:  # a formation named next ("The three were attached to ...") is more specific
                    targets = [
                        replace(a, participant=replace(a.participant, unit=unit)) if _needs_unit(a) else a
                        for a in targets
                    ]
            certainty = assess(anchor)
            claimant = responsibility_claimant(anchor)
            claimed_by = participant(claimant, by_token) if claimant is not None else None
            if claimed_by is not None:
                # "The attack ... was claimed by JNIM": the claimant is the attacker, by its own word
                if not actors:
                    actors = [claimed_by]
                certainty = replace(
                    certainty,
                    status="claimed",
                    attributed_to=certainty.attributed_to or claimed_by.participant.text,
                )
            if certainty.status == "reported" and _self_report(certainty.attributed_to, actors):
                # "The Malian army said it killed 40 militants": a party's word on its own deeds
                certainty = replace(certainty, status="claimed")
            fatalities = injured = None
            if entry.has("fatal"):
                fatalities = total_of(targets, doc)
                injured, absorbed = injured_for(anchor, matches, doc)
                skip |= absorbed
            elif entry.has("injury"):
                injured = total_of(targets, doc)
            place_rec, place_reason = None, ""
            candidate_spans = _event_place_spans(sent, place_spans)
            in_sentence_places = [(s, span_to_place[(s.start, s.end)]) for s in candidate_spans]
            # "Shelling hit Douma", "jets bombed Saraqeb": a town struck is where the attack happened
            object_is_place = entry.type in _PLACE_OBJECT_TYPES or entry.mode == "territory"
            choice = choose_location(anchor, candidate_spans, sentence=False, object_is_place=object_is_place)
            if _mentioned_again(anchor, noun, actors, targets, choice):
                continue  # "Mikati condemned the strike": the strike reported before, named again
            if choice is None and noun is not None:
                choice = choose_location(doc[noun.anchor], candidate_spans, sentence=False)
            if choice is None:
                choice = choose_location(
                    anchor, candidate_spans, sentence=True, object_is_place=object_is_place
                )
            if choice is not None:
                place_rec = span_to_place.get((choice.span.start, choice.span.end))
                place_reason = choice.reason
                finer = finer_place(place_rec, anchor, in_sentence_places) if place_rec is not None else None
                if finer is not None:
                    place_rec, place_reason = finer, f"town inside {place_rec.text} ({place_reason})"
                if choice.origin is not None:
                    place_reason += f"; origin: {choice.origin.text}"
            else:
                place_rec = _paragraph_focus(sent, place_spans, places, text)
                place_reason = "paragraph focus" if place_rec is not None else "no place found"
            time_rec = choose_time(anchor, sent, time_spans, times, text, event_nouns=lex.nouns)
            if time_rec is not None:
                date_start, date_end, precision = time_rec.start_date, time_rec.end_date, time_rec.precision
            elif published is not None:
                date_start, date_end, precision = published, published, PUBLICATION_DATE
            else:
                date_start = date_end = None
                precision = "unknown"
            confidence = (
                0.4
                + 0.2 * bool(actors or args.targets)
                + 0.2 * bool(choice and choice.reason.startswith("governed"))
                + 0.1 * (time_rec is not None)
            )
            trigger_span = doc[match.start : match.end]
            event = Event(
                type=typed.type,
                mode=mode,
                trigger=TextSpan(trigger_span.start_char, trigger_span.end_char),
                trigger_text=trigger_span.text,
                sentence=trimmed_span(sent),
                actors=tuple(_participants(actors)),
                targets=tuple(_participants(targets)),
                place=place_rec,
                place_reason=place_reason,
                time=time_rec,
                date_start=date_start,
                date_end=date_end,
                time_precision=precision,
                fatalities=fatalities,
                injured=injured,
                status=certainty.status,
                attributed_to=certainty.attributed_to,
                negated=certainty.negated,
                hypothetical=certainty.hypothetical,
                in_comments=in_comments,
                acled_event_type=acled_type,
                acled_sub_event_type=acled_sub,
                confidence=round(min(confidence, 0.95), 2),
            )
            own = time_rec if time_rec is not None and sent.start_char <= time_rec.start else None
            if cumulative or recalls_history(
                anchor, own, reference, toll=fatalities, fatal=entry.has("fatal") or entry.has("injury")
            ):
                event = replace(event, background=True)
                if cumulative or states_statistic(anchor, own, toll=fatalities):
                    # a running or war-wide total is a claim (nlp/claims.py), no event's toll;
                    # a recalled incident ("a car bomb in 2019 killed 22") keeps its own
                    event = replace(event, fatalities=None, injured=None)
            main = at_anchor.get(anchor.head.i) if anchor.dep_ == "advcl" and anchor.tag_ == "VBG" else None
            if (
                main is not None
                and (entry.has("fatal") or entry.has("injury"))
                and events[main].type == "ASSAULT"
            ):
                # "a missile slammed into a building, killing nine": one strike with nine dead
                events[main] = _absorb(events[main], event)
                continue
            at_anchor[anchor.i] = len(events)
            events.append(event)
    merged = corefer_events(
        with_narrative_dates(events), text=text, places=places, inner=_inner_triggers(doc, events)
    )
    return with_toll_updates(with_statement_flag(merged), text)


def with_statement_flag(events: Sequence[Event]) -> list[Event]:
    """The events with ``statement`` set on the verbal acts ACLED does not code (see
    :func:`~newsgraph.nlp.events.lexicon.is_statement`); the pipeline keeps those apart."""
    return [replace(e, statement=True) if is_statement(e.type, e.acled_sub_event_type) else e for e in events]


def _inner_triggers(doc: Doc, events: Sequence[Event]) -> frozenset[int]:
    """Start offsets of triggers that hang inside another event's trigger in their sentence
    ("troops backed by a militia recaptured", "a man accused of stealing was beaten"): for
    coreference, a statement there is no reported action of its own (one governing the event,
    "X accused the army of shelling", is)."""
    roots = []
    for ev in events:
        span = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
        roots.append(span.root if span is not None else None)
    # Each root's sentence once (Token.sent builds a Span per call), then pairs within a sentence.
    by_sentence: dict[int, list[Token]] = {}
    for tok in roots:
        if tok is not None:
            by_sentence.setdefault(tok.sent.start, []).append(tok)
    inner = set()
    for ev, tok in zip(events, roots, strict=True):
        if tok is None:
            continue
        ancestors = {a.i for a in tok.ancestors}
        if any(o.i != tok.i and o.i in ancestors for o in by_sentence[tok.sent.start]):
            inner.add(ev.trigger.start)
    return frozenset(inner)


#: Verbs that react to an event reported elsewhere: their object names it again.
REACTION_VERBS = frozenset({"condemn", "denounce", "deplore", "welcome", "investigate", "praise", "criticise",
                            "criticize", "mourn", "protest", "blame", "describe", "call"})  # fmt: skip


def _mentioned_again(
    anchor: Token,
    noun: TriggerMatch | None,
    actors: list[Argument],
    targets: list[Argument],
    choice: LocationChoice | None,
) -> bool:
    """An event noun that only names again an event the text reported ("condemned the strike",
    "called the attack a dangerous escalation"): no participant and no place of its own."""
    return (
        noun is None
        and anchor.pos_ == "NOUN"
        and anchor.dep_ in ("dobj", "obj")
        and anchor.head.lemma_.lower() in REACTION_VERBS
        and not actors
        and not targets
        and choice is None
    )


def _absorb(main: Event, consequence: Event) -> Event:
    """The strike with the toll its participle adjunct reports ("..., killing nine")."""
    return replace(
        main,
        targets=main.targets + tuple(t for t in consequence.targets if t not in main.targets),
        actors=main.actors or consequence.actors,
        fatalities=main.fatalities if main.fatalities is not None else consequence.fatalities,
        injured=main.injured if main.injured is not None else consequence.injured,
        place=main.place or consequence.place,
        place_reason=main.place_reason if main.place else consequence.place_reason,
    )


def _participants(args: Sequence[Argument]) -> list[Participant]:
    return [a.participant for a in args]


def with_comments_flag(events: Sequence[Event], *, in_comments: bool) -> list[Event]:
    """The same events with ``in_comments`` set (for callers that parse comments separately)."""
    return [replace(e, in_comments=in_comments) for e in events]
