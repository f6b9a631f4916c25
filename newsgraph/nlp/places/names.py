"""Name folding for toponyms: the keys the gazetteer index and the resolver agree on.

Two keys per name:

* ``fold_name`` -- case, diacritics, punctuation and spacing removed: "Ḩamāh" -> "hamah",
  "Jisr ash-Shughur" -> "jisr ash shughur". Matches on this key are exact matches.
* ``skeleton`` -- a looser transliteration key for Arabic/Persian/Slavic names written many ways:
  articles (al-/el-/ash-/as-/ad-...) dropped, doubled letters collapsed, e/o vowels merged,
  q->k, ou->u, a final h after a vowel dropped. "Lattakia" and "Latakia" both become "latakia";
  "Jisr al-Shughour" and "Jisr ash Shughur" both become "jisrshugur"; "Jableh" and "Jablah"
  both become "jabla". A skeleton match scores lower than an exact one.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "'’‘ʼʻ`´ʿʾ"
_NON_WORD = re.compile(r"[^\w]+")
_WS = re.compile(r"\s+")
# Arabic article forms as transliterated in news and in GeoNames (sun letters assimilate).
_ARTICLE = re.compile(r"\b(?:al|el|ul|ash|as|ad|ar|at|az|an|ath|adh|es|ez|ed|er|et|en)[\s-]+(?=\w)")
_SPECIAL = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def fold_name(text: str) -> str:
    """Lower case, no diacritics, punctuation as single spaces; "" for names with no letters."""
    if text.isascii():  # the common case, and the index build's hot path: no decomposition needed
        stripped = text.replace("'", "").replace("`", "")
    else:
        decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in _APOSTROPHES)
    return _WS.sub(" ", _NON_WORD.sub(" ", stripped.lower())).strip().replace("_", " ")


def strip_article(folded: str) -> str:
    """ "al qamishli" -> "qamishli"; "the hague" is left alone (only Arabic articles)."""
    return _ARTICLE.sub("", folded)


def skeleton(text: str, *, folded: bool = False) -> str:
    """The loose transliteration key (see module docstring); input may be raw, or folded already."""
    s = strip_article(text if folded else fold_name(text))
    s = s.replace("ou", "u").replace("ee", "i").replace("oo", "u").replace("kh", "k")
    s = s.replace("dh", "d").replace("th", "t").replace("sh", "s").replace("gh", "g")
    s = s.replace("q", "k").replace("ck", "k").replace("y", "i").replace("w", "u")
    s = s.replace("e", "a").replace("o", "u")
    s = re.sub(r"([aiu])h\b", r"\1", s)
    s = s.replace(" ", "")
    return re.sub(r"(.)\1+", r"\1", s)


def is_latin(text: str) -> bool:
    """True when every letter is Latin script (the index keeps Latin names only, to stay small)."""
    for c in text:
        if c.isalpha() and not ("LATIN" in unicodedata.name(c, "") or c.isascii()):
            return False
    return any(c.isalpha() for c in text)


# News-style (AP) abbreviations of US states and Canadian provinces, written after a town:
# "Gainesville, Va.", "Slidell, La.", "Nelson, B.C.". Matched with the period only, after a comma,
# so "Miss" and "Wash" stay words.
STATE_ABBREVIATIONS = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Cal.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia",
    "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas", "Ky.": "Kentucky",
    "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota",
    "Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada",
    "N.H.": "New Hampshire", "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York",
    "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota", "Tenn.": "Tennessee",
    "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington", "W.Va.": "West Virginia",
    "Wis.": "Wisconsin", "Wyo.": "Wyoming", "D.C.": "District of Columbia",
    "B.C.": "British Columbia", "Alta.": "Alberta", "Sask.": "Saskatchewan", "Man.": "Manitoba",
    "Ont.": "Ontario", "Que.": "Quebec", "N.S.": "Nova Scotia", "N.B.": "New Brunswick",
    "Nfld.": "Newfoundland and Labrador", "P.E.I.": "Prince Edward Island",
}  # fmt: skip
