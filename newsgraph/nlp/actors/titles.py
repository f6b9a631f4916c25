"""Titles and ranks that sit in front of people's names ("Brig. Gen.", "Supreme Leader Ayatollah").

They are attached to the person, never part of the name: the recogniser strips them from PERSON
spans and ``extract_actors`` reports them in ``Mention.title``. Matching works on folded tokens
(see :func:`newsgraph.nlp.actors.dictionary.fold_token`), so "Maj. Gen.", "Maj Gen" and "major general"
are one title; a "." between the pieces is skipped.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.nlp.actors.dictionary import fold_token

_RANKS = """
general | gen | major general | maj gen | mg | brigadier general | brig gen | brigadier | brig
brigadier general second class | second brigadier general | brigadier general 2nd class
lieutenant general | lt gen | lieut gen | lieutenant colonel | lt col | colonel | col | major | maj
captain | capt | lieutenant | lt | first lieutenant | second lieutenant | sergeant | sgt | staff sergeant
corporal | cpl | private | pvt | warrant officer | commander | cmdr | cdr | admiral | adm | vice admiral
rear admiral | field marshal | marshal | senior general | vice senior general | colonel general
army general | air marshal | air chief marshal | wing commander | squadron leader | sardar
commandant | inspector general | police chief | brigade commander | battalion commander
"""

_OFFICES = """
president | vice president | prime minister | pm | deputy prime minister | foreign minister
defence minister | defense minister | interior minister | minister | deputy minister
supreme leader | leader | chief | head | deputy head | deputy chief | deputy commander | commander in chief
king | queen | crown prince | prince | emir | sultan | chancellor | senator | sen | rep | representative
governor | gov | mayor | speaker | ambassador | envoy | special envoy | secretary of state
secretary general | secretarygeneral | spokesman | spokeswoman | spokesperson | chief of staff
chairman | chairwoman | founder | co founder | deputy leader | top commander | senior commander
field commander | military commander | militia leader | rebel leader | warlord | strongman
judge | justice | attorney general | prosecutor | director | deputy director | minister of defence
"""

_HONORIFICS = """
ayatollah | grand ayatollah | hojatoleslam | hojjatoleslam | hojatolislam | sheikh | shaykh | sheik
sayyed | sayyid | sayed | seyed | seyyed | mullah | imam | hajj | haji | rabbi | pope | patriarch
archbishop | bishop | cardinal | mr | mrs | ms | dr | sir | lord | lady | dame | mufti | grand mufti
"""


def _parse(block: str) -> frozenset[tuple[str, ...]]:
    phrases = (p.strip() for line in block.strip().splitlines() for p in line.split("|"))
    return frozenset(tuple(fold_token(w) for w in p.split()) for p in phrases if p)


#: Every title as a tuple of folded tokens.
TITLES: frozenset[tuple[str, ...]] = _parse(_RANKS) | _parse(_OFFICES) | _parse(_HONORIFICS)
#: Ranks and honorifics that may open a PERSON span ("Ayatollah Ali Khamenei"); office nouns like
#: "head" or "leader" only count in front of a span, where the model left them out.
_LEADING = _parse(_RANKS) | _parse(_HONORIFICS) | _parse(_OFFICES)
_MAX_LEN = max(len(t) for t in TITLES)
#: Last words of titles: a run that ends on any other word is no title (a cheap test first).
_TITLE_LAST = frozenset(t[-1] for t in TITLES)
#: First words of leading titles, for the same reason.
_LEADING_FIRST = frozenset(t[0] for t in _LEADING)
_SKIPPABLE = {".", "-", "‐"}


def _pieces(doc: Doc, start: int, end: int) -> list[int]:
    """Token indices in [start, end) that carry letters (dots and hyphens skipped)."""
    return [i for i in range(start, end) if doc[i].text not in _SKIPPABLE and fold_token(doc[i].text)]


def strip_leading_titles(doc: Doc, start: int, end: int) -> int:
    """The first token of the name once titles at the head of ``doc[start:end]`` are removed.

    Never strips the whole span: at least one token remains.
    """
    pos = start
    while pos < end - 1:
        idx = _pieces(doc, pos, min(end - 1, pos + 2 * _MAX_LEN))
        if not idx or fold_token(doc[idx[0]].text) not in _LEADING_FIRST:
            break
        best = 0
        for n in range(min(_MAX_LEN, len(idx)), 0, -1):
            if tuple(fold_token(doc[i].text) for i in idx[:n]) in _LEADING:
                best = idx[n - 1] + 1
                break
        if not best:
            break
        while best < end - 1 and doc[best].text in _SKIPPABLE:
            best += 1
        pos = best
    return pos


def title_start_before(doc: Doc, start: int) -> int:
    """Where the run of titles that ends right before token ``start`` begins (``start`` if none).

    "Iranian Supreme Leader Ayatollah Ali Khamenei": for the span "Ali Khamenei" this points at
    "Supreme" (the demonym is not part of the title).
    """
    pos = start
    while pos > 0:
        lo = max(0, pos - 2 * _MAX_LEN)
        last = _last_piece_before(doc, lo, pos)
        if last < 0 or fold_token(doc[last].text) not in _TITLE_LAST:
            break  # every candidate run ends on the last word before ``pos``
        idx = [i for i in range(lo, pos) if doc[i].text not in _SKIPPABLE and fold_token(doc[i].text)]
        if not idx or any(doc[i].is_punct and doc[i].text not in _SKIPPABLE for i in range(idx[-1], pos)):
            break
        best = -1
        for n in range(min(_MAX_LEN, len(idx)), 0, -1):
            tail = idx[-n:]
            if any(doc[i].text in {",", ";", ":", "(", ")"} for i in range(tail[0], pos)):
                continue
            if tuple(fold_token(doc[i].text) for i in tail) in TITLES:
                best = tail[0]
                break
        if best < 0:
            break
        pos = best
    return pos


def _last_piece_before(doc: Doc, lo: int, pos: int) -> int:
    """The last token index in [lo, pos) that carries letters, or -1."""
    for i in range(pos - 1, lo - 1, -1):
        text = doc[i].text
        if text not in _SKIPPABLE and fold_token(text):
            return i
    return -1


def title_text(doc: Doc, start: int, end: int) -> str | None:
    """The title between ``start`` and ``end`` as written, or None when empty."""
    if start >= end:
        return None
    text = doc[start:end].text.strip()
    return text or None
