"""How sure the text is of an event or claim, who says so, and whether it happened at all.

Cues are read with scope: only the trigger itself, its modifiers, and the clauses above it
(up to and including the first verb of saying) count, so "reportedly" in one clause does not
colour an event in another. When several cues apply the most doubtful wins, in the order of
:data:`SEVERITY`; with no cue the status is "reported" (the outlet reports it).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsgraph.nlp.docview import memo

#: From most to least certain; the most doubtful cue in scope wins.
SEVERITY = ("confirmed", "reported", "claimed", "alleged", "unverified", "denied")

#: Verbs of saying/knowing and the status they give what they govern.
SPEECH_VERBS = {
    "confirm": "confirmed", "acknowledge": "confirmed", "verify": "confirmed", "admit": "confirmed",
    "say": "reported", "report": "reported", "tell": "reported", "state": "reported",
    "announce": "reported", "learn": "reported", "add": "reported", "cite": "reported",
    "indicate": "reported", "describe": "reported", "write": "reported", "note": "reported",
    "suggest": "reported", "show": "reported", "reveal": "reported", "publish": "reported",
    "claim": "claimed", "purport": "alleged", "insist": "claimed", "assert": "claimed", "boast": "claimed",
    "allege": "alleged", "accuse": "alleged", "charge": "alleged",
    "rumor": "unverified", "rumour": "unverified", "speculate": "unverified", "believe": "unverified",
    "deny": "denied", "dismiss": "denied", "reject": "denied", "refute": "denied",
}  # fmt: skip

#: Media that "claim" or "purport" to show something: nobody vouches for them, so what they show is
#: unverified rather than a party's claim ("a photo claiming to show him in Hama").
MEDIA_NOUNS = frozenset(
    [
        "photo",
        "photograph",
        "picture",
        "image",
        "video",
        "footage",
        "clip",
        "recording",
        "audio",
        "post",
        "tweet",
        "message",
        "document",
        "leaflet",
        "screenshot",
    ]
)
_MEDIA_CLAIM_VERBS = frozenset({"claim", "purport"})

#: Adverbs and adjectives that hedge what they modify.
HEDGES = {
    "reportedly": "reported", "reported": "reported", "apparently": "reported",
    "allegedly": "alleged", "alleged": "alleged", "purportedly": "alleged", "purported": "alleged",
    "supposedly": "alleged", "unverified": "unverified", "unconfirmed": "unverified",
    "possibly": "unverified", "perhaps": "unverified", "probably": "unverified", "likely": "unverified",
    "confirmed": "confirmed", "officially": "confirmed",
}  # fmt: skip

#: Heads that make what they govern a plan, wish or possibility rather than a fact.
IRREALIS_HEADS = frozenset(
    [
        "plan",
        "intend",
        "want",
        "hope",
        "aim",
        "seek",
        "expect",
        "threaten",
        "try",
        "attempt",
        "mean",
        "prepare",
        "propose",
        "vow",
        "pledge",
        "promise",
        "need",
        "wish",
        "poise",
        "set",
        "ready",
        "due",
        "likely",
        "able",
        "going",
        "consider",
        "decide",
        "push",
        "urge",
        "call",
    ]
)
IRREALIS_SUBJECTS = frozenset({"goal", "aim", "plan", "objective", "intention", "purpose", "mission"})
MODALS = frozenset({"could", "would", "may", "might", "should", "will", "shall", "can", "must", "'d", "'ll"})
#: Heads whose object or clause did not happen: "failed to", "refused to", "averting the strike",
#: "prevented an attack", "foiled a bombing" (what was foiled is no attack; the foiling itself, a
#: seized device, is a trigger of its own).
NEGATING_HEADS = frozenset(
    {"fail", "refuse", "deny", "decline", "avoid", "avert", "prevent", "thwart", "foil", "forestall", "abort"}
)
#: How an event hangs from a negating head that did not let it happen: its object or complement
#: ("averted the strike", "failed to take the town"), not its subject ("the attack failed", "the deal
#: prevented fighting") nor a clause beside it ("foiled a bombing, arresting two men").
_NEGATED_DEPS = frozenset({"dobj", "obj", "xcomp", "ccomp", "pcomp"})
_CLAUSE_UP = frozenset({"ccomp", "xcomp", "advcl", "conj", "acl", "relcl", "pcomp", "pobj", "prep", "dobj"})
_TRIM_DEPS = frozenset({"relcl", "acl", "appos", "punct", "advcl"})


@dataclass(frozen=True, slots=True)
class Certainty:
    status: str = "reported"
    attributed_to: str | None = None
    negated: bool = False
    hypothetical: bool = False


def _worse(a: str, b: str) -> str:
    return a if SEVERITY.index(a) >= SEVERITY.index(b) else b


def source_text(tok: Token) -> str:
    """A subject phrase without its relative clauses: 'The official' from 'The official, who...'."""
    keep = set(t.i for t in tok.subtree)
    for child in tok.children:
        if child.dep_ in _TRIM_DEPS and child.i > tok.i:
            keep -= set(t.i for t in child.subtree)
    ordered = sorted(keep)
    # the contiguous run around the head
    start = end = tok.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    _ = ordered
    text = tok.doc[start : end + 1].text.strip(" ,;:-—")
    return text


def _subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):  # a passive subject is what was said, not who said it
            if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                return verb.head  # "activists, who reported ..." -> the activists
            return child
    for child in verb.children:  # "was claimed by JNIM", "was reported by activists"
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _claimant(verb: Token) -> str | None:
    """Lemma of who or what makes a claim: the subject, or the noun a participle modifies."""
    subject = _subject_of(verb)
    if subject is None and verb.dep_ == "acl":
        subject = verb.head  # "a photo claiming to show ..."
    return subject.lemma_.lower() if subject is not None else None


def _hedge_cues(tok: Token) -> str | None:
    status: str | None = None
    for child in tok.children:
        if child.dep_ in ("advmod", "amod", "npadvmod") and child.lower_ in HEDGES:
            cue = HEDGES[child.lower_]
            status = cue if status is None else _worse(status, cue)
    return status


def _according_to(tok: Token) -> tuple[str, str | None] | None:
    """ "according to X": the source, and the hedge on it ("unconfirmed reports" -> unverified)."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            for grand in child.children:
                if grand.dep_ == "prep" and grand.lower_ == "to":
                    for obj in grand.children:
                        if obj.dep_ == "pobj":
                            return source_text(obj), _hedge_cues(obj)
    return None


#: Verbs that, negated, say nobody could check the report: "could not be independently verified".
_CHECK_VERBS = frozenset({"verify", "confirm", "corroborate"})


def unverifiable(anchor: Token) -> bool:
    """The sentence says its report could not be checked ("a figure that could not be independently
    verified", "which Reuters could not verify"): a sentence-wide caveat, whatever clause it sits in."""
    sent = anchor.sent
    known = memo(anchor.doc)  # asked for every event and claim: the sentence is read once
    key = ("negated_check", sent.start, sent.end)
    if key not in known:
        known[key] = next(
            (t.i for t in sent if t.lemma_.lower() in _CHECK_VERBS and t.pos_ == "VERB" and _is_negated(t)),
            -1,
        )
    if known[key] < 0:
        return False
    tok = anchor.doc[known[key]]
    return tok.i > anchor.i or any(t.i == anchor.i for t in tok.subtree)


#: Subjects of a caveat sentence that point back at the sentence before: "The claim could not be
#: independently verified."
_CAVEAT_SUBJECTS = frozenset({"claim", "report", "figure", "toll", "account", "it", "this", "that", "number",
                              "information", "statement", "assertion", "allegation", "video", "footage"})  # fmt: skip


def caveat_follows(sent: Span) -> bool:
    """The next sentence is a short caveat on this one's report: "The claim could not be
    independently verified.", "Reuters could not confirm the report." """
    doc = sent.doc
    if sent.end >= len(doc):
        return False
    nxt = doc[sent.end].sent
    if len(nxt) > 16:
        return False
    for tok in nxt:
        if tok.lemma_.lower() in _CHECK_VERBS and tok.pos_ == "VERB" and _is_negated(tok):
            said = [c for c in tok.children if c.dep_ in ("nsubjpass", "dobj", "nsubj")]
            return any(c.lemma_.lower() in _CAVEAT_SUBJECTS for c in said)
    return False


def _is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _absent(anchor: Token) -> bool:
    """An event noun said not to have happened: "handed over without a fight", "no clashes"."""
    if (
        anchor.dep_ == "pobj"
        and anchor.head.lower_ in ("without", "barring")
        and anchor.pos_ in ("NOUN", "VERB")
    ):
        return True  # "withdrew without fighting": the gerund too
    if anchor.pos_ != "NOUN":
        return False
    if (
        anchor.dep_ in ("nsubj", "nsubjpass")
        and anchor.head.dep_ == "pcomp"
        and anchor.head.head.lower_ == "without"
    ):
        return True  # "moved in without any clashes being reported"
    return any(c.dep_ == "det" and c.lower_ == "no" for c in anchor.children)


def _takes_lives(verb: Token) -> bool:
    """ "The strike claimed the lives of nine civilians": a killing, not a claim."""
    return verb.lemma_.lower() == "claim" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in ("life", "lives") for c in verb.children
    )


def assess(anchor: Token) -> Certainty:
    """Status, attribution, negation and modality of the event or claim at ``anchor``."""
    found: list[str] = []
    attributed: str | None = None
    negated = _is_negated(anchor) or _absent(anchor)
    hypothetical = False
    hedge = _hedge_cues(anchor)
    if hedge:
        found.append(hedge)
    tok = anchor
    passed_speech = False
    came_dep = ""
    for _ in range(12):
        if tok is not anchor and came_dep == "conj":
            pass  # a coordinated sibling ("acknowledged ... but denied") is not a cue on us
        elif tok is not anchor:
            lemma = tok.lemma_.lower()
            if lemma in SPEECH_VERBS and tok.pos_ in ("VERB", "NOUN") and not _takes_lives(tok):
                cue = SPEECH_VERBS[lemma]
                if _is_negated(tok):
                    cue = "unverified" if cue in ("confirmed", "reported") else cue
                    if lemma in ("deny", "dismiss", "reject", "refute"):
                        cue = "reported"
                if cue == "denied":
                    negated = True
                if lemma in _MEDIA_CLAIM_VERBS and _claimant(tok) in MEDIA_NOUNS:
                    cue = "unverified"
                found.append(cue)
                subject = _subject_of(tok)
                if subject is not None and attributed is None and subject.lower_ not in ("it", "this"):
                    attributed = source_text(subject)
                    subj_hedge = _hedge_cues(subject)
                    if subj_hedge:
                        found.append(subj_hedge)
                passed_speech = True
            elif not passed_speech:
                if lemma in NEGATING_HEADS and tok.pos_ == "VERB" and came_dep in _NEGATED_DEPS:
                    negated = True  # what it governs; not its subject or a clause beside it
                if lemma in IRREALIS_HEADS and came_dep in (
                    "xcomp",
                    "ccomp",
                    "advcl",
                    "pcomp",
                    "prep",
                    "acl",
                ):
                    hypothetical = True
                subject = _subject_of(tok)
                if lemma == "be" and subject is not None and subject.lemma_.lower() in IRREALIS_SUBJECTS:
                    hypothetical = True
            hedge = _hedge_cues(tok)
            if hedge:
                found.append(hedge)
        if not passed_speech and any(c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children):
            hypothetical = True
        if not passed_speech and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
            hypothetical = True
        according = _according_to(tok)
        if according and attributed is None:
            attributed = according[0]
            found.append(according[1] or "reported")
        if tok.head.i == tok.i:
            break
        if tok.dep_ not in _CLAUSE_UP and tok.dep_ not in ("nsubj", "nsubjpass", "attr", "appos"):
            break
        if passed_speech and tok.dep_ in ("advcl", "conj"):
            break  # "Rwanda denies X, though experts say Y": the experts' word is not Rwanda's denial
        came_dep = tok.dep_
        tok = tok.head
    # "..., The Times of Israel has learned." parses as parataxis under the event verb
    root = anchor.sent.root
    for child in list(root.children) + list(anchor.children):
        if (
            child.dep_ in ("parataxis", "ccomp")
            and child.lemma_.lower() in SPEECH_VERBS
            and child.i > anchor.i
            and not _takes_lives(child)
        ):
            found.append(SPEECH_VERBS[child.lemma_.lower()])
            subject = _subject_of(child)
            if subject is not None and attributed is None:
                attributed = source_text(subject)
    if unverifiable(anchor) or caveat_follows(anchor.sent):
        found.append("unverified")
    status = "reported"
    if found:
        status = found[0]
        for cue in found[1:]:
            status = _worse(status, cue)
    if negated and status in ("reported", "confirmed") and any(c == "denied" for c in found):
        status = "denied"
    return Certainty(status=status, attributed_to=attributed, negated=negated, hypothetical=hypothetical)
