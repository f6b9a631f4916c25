"""Per-Doc values that several components read, computed once per Doc.

spaCy rebuilds ``Doc.text`` from the tokens on every read (a pass that makes a Token object per
token); the components and the pipeline read it about nine times per parsed region. The text of a
Doc never changes once it is tokenised (nothing in newsgraph retokenises), so it is kept here,
next to the Doc, for as long as the Doc lives.

>>> doc_text(nlp("Soleimani was seen in Hama."))   # doctest: +SKIP
'Soleimani was seen in Hama.'
"""

from __future__ import annotations

import weakref

from spacy.tokens import Doc

# Weak keys: a Doc that is dropped takes its cached text with it. Values must not refer to the
# Doc (a Token or Span would keep it alive forever): the token count and the text only. The count
# is checked on every read, so a Doc merged or split by a retokenizer is read afresh.
_TEXTS: weakref.WeakKeyDictionary[Doc, tuple[int, str]] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc."""
    cached = _TEXTS.get(doc)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    text = doc.text
    _TEXTS[doc] = (len(doc), text)
    return text


#: Per Doc, values keyed by (what, start, end) that depend only on the parse: ints, never the Doc.
_MEMO: weakref.WeakKeyDictionary[Doc, tuple[int, dict[tuple[str, int, int], int]]] = (
    weakref.WeakKeyDictionary()
)


def memo(doc: Doc) -> dict[tuple[str, int, int], int]:
    """A dict that lives as long as ``doc`` (emptied when its token count changes)."""
    cached = _MEMO.get(doc)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), {})
        _MEMO[doc] = cached
    return cached[1]
