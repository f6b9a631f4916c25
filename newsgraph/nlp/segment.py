"""Sentence starts at line breaks, set before the parser runs.

Scraped news puts headlines, datelines and paragraphs on their own lines, often without a full
stop ("Soleimani reportedly spotted in Hama province" followed by the first paragraph). The parser
alone glues such a headline to the next sentence, and every extractor then sees one long
sentence. The parser keeps boundaries that are already set, so this component marks them first:

* a blank line always starts a new sentence;
* a line break after sentence-final punctuation does too;
* a line break after a short line (a headline, a dateline: at most ``MAX_HEADING_WORDS`` words)
  starts one when the next line begins with a capital letter or a digit;
* a line that ends on a lower-case function word ("the", "of") continues on the next line.

A hard-wrapped paragraph (line breaks inside sentences) keeps its sentences: its lines are long
and end mid-sentence, so none of the rules fire except after real sentence ends.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.model import TextSpan
from newsgraph.nlp.docview import doc_text
from newsgraph.nlp.time.calendar import MONTHS

#: Headlines in news are rarely longer than this; hard-wrapped body lines are usually longer.
MAX_HEADING_WORDS = 14
_FINAL = frozenset({".", "!", "?", "…", '"', "”", "’", ")"})


@Language.component("newsgraph_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    text = doc_text(doc)  # once per Doc: spaCy re-joins every token on each read of Doc.text
    words_on_line = 0
    for i, token in enumerate(doc):
        if not token.is_space:
            words_on_line += 1
        ends_line = "\n" in (token.text if token.is_space else token.whitespace_)
        if not ends_line or i + 1 >= len(doc):
            continue
        nxt = doc[i + 1]
        if nxt.is_space:  # the break continues into a whitespace token: decide at its end
            continue
        prev = token
        j = i
        while prev.is_space and j > 0:
            j -= 1
            prev = doc[j]
        blank = text[prev.idx + len(prev.text) : nxt.idx].count("\n") >= 2
        # A line that ends on "the", "of", "and" is a wrapped sentence, not a headline.
        dangling = prev.is_stop and prev.text.islower()
        starts_like_sentence = nxt.text[:1].isupper() or nxt.text[:1].isdigit()
        heading = words_on_line <= MAX_HEADING_WORDS and not dangling and starts_like_sentence
        if blank or prev.text[-1:] in _FINAL or heading:
            nxt.is_sent_start = True
        elif dangling:
            nxt.is_sent_start = False  # the parser would otherwise split at the newline
        words_on_line = 0
    for token in doc:
        if token.is_upper and starts_line(doc, token.i):
            end = dateline_end(doc, token.i)
            if end is not None and end < len(doc):
                doc[end].is_sent_start = True
                for inside in doc[token.i + 1 : end]:
                    inside.is_sent_start = False  # "ADDIS ABABA (Reuters) -" is one dateline
    return doc


def starts_line(doc: Doc, i: int) -> bool:
    """Token ``i`` opens the text or a line (where wire datelines stand)."""
    if i == 0:
        return True
    prev = doc[i - 1]
    return "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)


_DASHES = frozenset({"—", "–", "-", "--", "―"})


def _date_end(doc: Doc, i: int) -> int:
    """After a dateline's date at token i ("March 4", "Sept. 26", "Aug 12"); i itself when none."""
    if i >= len(doc) or not doc[i].is_title or doc[i].lower_.rstrip(".") not in MONTHS:
        return i
    j = i + 1
    if j < len(doc) and doc[j].text == ".":
        j += 1
    return j + 1 if j < len(doc) and doc[j].like_num and len(doc[j]) <= 2 else i


def dateline_end(doc: Doc, start: int) -> int | None:
    """Index of the first token after a wire dateline that opens a line, or None.

    "KHARTOUM, Sudan — The RSF shelled...", "KYIV (Reuters) - Russian forces...", "GAZA CITY —".
    The parser otherwise makes the dateline the subject and the real subject its apposition.
    """
    i, n = start, len(doc)
    while i < n and (doc[i].is_upper and doc[i].is_alpha or doc[i].text in (".", "'", "’")) and i - start < 5:
        i += 1
    if i == start or not any(t.is_alpha and len(t) > 1 for t in doc[start:i]):
        return None
    if i < n and doc[i].text == "," and _date_end(doc, i + 1) > i + 1:  # "ABUJA, March 4 (Reuters) -"
        i = _date_end(doc, i + 1)
    elif i < n and doc[i].text == ",":  # ", Sudan", ", Democratic Republic of Congo"
        j = i + 1
        while j < n and j - i <= 6 and (doc[j].is_title or doc[j].lower_ in ("of", "the", "and")):
            if _date_end(doc, j) > j:
                break
            j += 1
        if j == i + 1:
            return None
        i = j
        if i < n and doc[i].text == "," and _date_end(doc, i + 1) > i + 1:  # "PORT SUDAN, Sudan, Sept 26"
            i = _date_end(doc, i + 1)
        elif _date_end(doc, i) > i:  # "BEIRUT, Lebanon Jan. 5"
            i = _date_end(doc, i)
    if i < n and doc[i].text == "(":  # "(Reuters)", "(AP)"
        j = i + 1
        while j < n and j - i <= 4 and doc[j].text != ")":
            j += 1
        if j >= n or doc[j].text != ")":
            return None
        i = j + 1
    if i + 1 < n and doc[i].text in _DASHES and not doc[i + 1].is_space:
        return i + 1
    return None


def add_line_breaks(nlp: Language) -> None:
    """Add ``newsgraph_line_breaks`` before the parser (or sentence recogniser); idempotent."""
    if "newsgraph_line_breaks" in nlp.pipe_names:
        return
    for anchor in ("parser", "senter"):
        if anchor in nlp.pipe_names:
            nlp.add_pipe("newsgraph_line_breaks", before=anchor)
            return


def trimmed_span(span: Span) -> TextSpan:
    """A span's character range without the whitespace around it.

    Masked regions (comments, boilerplate) become long whitespace tokens that spaCy attaches to
    the neighbouring sentence; evidence spans must stop at the last real character.
    """
    return trimmed_range(span.text, span.start_char, span.end_char)


def trimmed_range(text: str, start_char: int, end_char: int) -> TextSpan:
    """:func:`trimmed_span` of the range whose text (``doc.text[start_char:end_char]``) is ``text``."""
    start = start_char + (len(text) - len(text.lstrip()))
    end = end_char - (len(text) - len(text.rstrip()))
    return TextSpan(start, max(start, end))
