"""The actor dictionary: loading ``data/actors`` into one immutable lookup structure.

Two files feed it (format in ``data/actors/README.md``):

* ``actors.jsonl``: armed groups, security forces, parties, IOs, media and people, one JSON object
  a line (``id``, ``name``, ``kind``, ``sector``, ``country``, ``parent``, ``aliases``,
  ``acronyms``, ``weak``, ``title``).
* ``states.tsv``: states (ISO code, names from pycountry plus our own common names), demonyms and
  the capitals that stand for their governments ("Tehran said").

Keys are stable strings: ``dict:<id>`` for organisations and states, ``person:<folded full name>``
for people, so a dictionary person and the same name found by the model share one key.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import pycountry

from newsgraph.errors import NewsgraphError

#: Where the dictionary lives in a source checkout.
DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "actors"  # package data: newsgraph/data

#: Actor kinds the dictionary may use (README documents each).
KINDS = frozenset(
    {
        "person",
        "state",
        "government",
        "military",
        "armed_group",
        "militia",
        "party",
        "io",
        "media",
        "ngo",
        "community",
    }
)

#: How sure a surface form is; decides whether it may override the model (see actor_ruler).
TIER_SURE = "sure"  # names and unambiguous acronyms: override the model's label and span
TIER_STATE = "state"  # country names: fill gaps, key same-span entities, never override
TIER_DEMONYM = "demonym"  # "Iranian(s)": NORP, keyed to the state
TIER_WEAK = "weak"  # ambiguous acronyms ("AA", "PDF"): only key an entity the model already found
TIER_CAPITAL = "capital"  # "Tehran": the government only in agent position, else a place

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "´": "'"})
_NON_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)  # tokens repeat: caching makes matching several times faster
def fold_token(text: str) -> str:
    """One token folded for matching: no accents, no punctuation, lower case ("Hay’at" -> "hayat")."""
    return _NON_WORD.sub("", strip_accents(text.translate(_APOSTROPHES))).lower().replace("_", "")


@functools.lru_cache(maxsize=65536)
def exact_token(text: str) -> str:
    """One token for case-sensitive matching (acronyms): punctuation dropped, case kept."""
    return _NON_WORD.sub("", strip_accents(text.translate(_APOSTROPHES))).replace("_", "")


@functools.lru_cache(maxsize=65536)  # the KB's person resolution folds the same names thousands of times
def fold(text: str) -> str:
    """A whole name folded: "the Hay'at Tahrir al-Sham's" -> "hayat tahrir al sham"."""
    text = strip_accents(text.translate(_APOSTROPHES)).lower()
    text = re.sub(r"'s\b", "", text)
    text = text.replace("'", "")
    text = _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()
    return re.sub(r"^the ", "", text)


def person_key(name: str) -> str:
    """The key of a person: ``person:`` plus the folded full name (spelling is folded in kb.resolve)."""
    return "person:" + fold(name)


def slug(text: str) -> str:
    return fold(text).replace(" ", "-")


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor the dictionary knows.

    >>> ActorEntry(key="dict:irgc-qods-force", name="Quds Force", kind="military", sector="SPY",
    ...            country="IR", parent="dict:irgc")  # doctest: +SKIP
    """

    key: str
    name: str
    kind: str
    sector: str
    country: str | None = None
    parent: str | None = None
    title: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SurfaceForm:
    """A string the recogniser looks for, tokenised later by the spaCy tokenizer."""

    text: str
    key: str
    tier: str
    case_sensitive: bool


@dataclass(frozen=True)
class ActorDictionary:
    """Every actor and every surface form, read-only after loading."""

    entries: Mapping[str, ActorEntry]
    forms: tuple[SurfaceForm, ...]
    by_fold: Mapping[str, str] = field(default_factory=dict)  # folded sure/state name -> key
    demonyms: Mapping[str, str] = field(default_factory=dict)  # folded demonym -> state key
    capitals: Mapping[str, str] = field(default_factory=dict)  # folded capital -> government key
    surnames: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # folded surname -> person keys

    def get(self, key: str | None) -> ActorEntry | None:
        return self.entries.get(key) if key else None

    def lookup(self, text: str) -> ActorEntry | None:
        """The entry whose name, alias or demonym folds like ``text`` (case-insensitive)."""
        folded = fold(text)
        key = self.by_fold.get(folded) or self.demonyms.get(folded)
        return self.entries.get(key) if key else None

    def ancestors(self, key: str) -> Iterator[ActorEntry]:
        """Parents of ``key``, nearest first (cycles in a hand-edited file are cut)."""
        seen = {key}
        entry = self.entries.get(key)
        while entry is not None and entry.parent and entry.parent not in seen:
            seen.add(entry.parent)
            entry = self.entries.get(entry.parent)
            if entry is not None:
                yield entry


def _entry_key(raw_id: str, kind: str, name: str) -> str:
    return person_key(name) if kind == "person" else f"dict:{raw_id}"


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise NewsgraphError(f"{path}:{number}: not valid JSON ({exc}); fix or remove that line") from exc
    return rows


def _state_rows(path: Path) -> Iterator[tuple[str, str, list[str], list[str], list[str]]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + [""] * 5)[:5]
        iso2, name, demonyms, capitals, extra = (c.strip() for c in cols)
        if len(iso2) != 2:
            raise NewsgraphError(f"{path}:{number}: first column must be an ISO 3166 alpha-2 code")
        yield iso2, name, _split(demonyms), _split(capitals), _split(extra)


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1) and " " not in text


def _pycountry_names(iso2: str) -> list[str]:
    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        return []
    names = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
    # pycountry's "Iran, Islamic Republic of" style is never written in news; keep the rest.
    return [n for n in names if n and "," not in n]


@functools.lru_cache(maxsize=4)
def load_dictionary(data_dir: Path = DATA_DIR) -> ActorDictionary:
    """Read ``data_dir`` once per process (cached: the result is immutable)."""
    actors_path, states_path = data_dir / "actors.jsonl", data_dir / "states.tsv"
    for path in (actors_path, states_path):
        if not path.is_file():
            raise NewsgraphError(
                f"actor dictionary file {path} is missing: run from a newsgraph checkout or reinstall newsgraph"
            )
    entries: dict[str, ActorEntry] = {}
    forms: list[SurfaceForm] = []
    by_fold: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    surnames: dict[str, list[str]] = {}

    def add_form(text: str, key: str, tier: str, *, case_sensitive: bool = False) -> None:
        forms.append(SurfaceForm(text, key, tier, case_sensitive))
        if tier in (TIER_SURE, TIER_STATE) and not case_sensitive:
            by_fold.setdefault(fold(text), key)

    rows = _read_jsonl(actors_path)
    ids = {str(r.get("id", "")): str(r.get("kind", "")) for r in rows}
    names = {str(r.get("id", "")): str(r.get("name", "")) for r in rows}
    for row in rows:
        raw_id, kind, name = str(row.get("id", "")), str(row.get("kind", "")), str(row.get("name", ""))
        if not raw_id or not name or kind not in KINDS:
            raise NewsgraphError(
                f"{actors_path}: entry {row!r} needs an id, a name and a kind from {sorted(KINDS)}"
            )
        parent_id = str(row.get("parent") or "")
        parent = (
            _entry_key(parent_id, ids.get(parent_id, ""), names.get(parent_id, "")) if parent_id else None
        )
        key = _entry_key(raw_id, kind, name)
        aliases = [str(a) for a in row.get("aliases", []) or []]  # type: ignore[attr-defined]
        acronyms = [str(a) for a in row.get("acronyms", []) or []]  # type: ignore[attr-defined]
        weak = {str(a) for a in row.get("weak", []) or []}  # type: ignore[attr-defined]
        entries[key] = ActorEntry(
            key=key,
            name=name,
            kind=kind,
            sector=str(row.get("sector", "")),
            country=str(row.get("country") or "") or None,
            parent=parent,
            title=str(row.get("title") or "") or None,
            aliases=tuple(dict.fromkeys([name, *aliases, *acronyms])),
        )
        for text in dict.fromkeys([name, *aliases, *acronyms]):
            if row.get("norp"):  # ethnic or religious community: NORP, like a demonym
                add_form(text, key, TIER_DEMONYM)
                demonyms.setdefault(fold(text), key)
            elif text in weak:
                add_form(text, key, TIER_WEAK, case_sensitive=True)
            elif text in acronyms or _is_acronym(text):
                add_form(text, key, TIER_SURE, case_sensitive=True)
            else:
                add_form(text, key, TIER_SURE)
        if kind == "person":
            surname = fold(name).split()[-1]
            surnames.setdefault(surname, []).append(key)

    for iso2, name, dems, caps, extra in _state_rows(states_path):
        names_for_state = list(dict.fromkeys([n for n in [name, *_pycountry_names(iso2), *extra] if n]))
        canonical = names_for_state[0]
        key = f"dict:{slug(canonical)}"
        gov_key = f"dict:{slug(canonical)}-government"
        entries[key] = ActorEntry(
            key, canonical, "state", "GOV", iso2, None, None, tuple(names_for_state + dems)
        )
        gov_aliases = [f"government of {canonical}", f"{canonical}'s government"]
        gov_aliases += [f"{d} {w}" for d in dems[:1] for w in ("government", "regime", "authorities")]
        if gov_key in entries:  # actors.jsonl defines it already; keep its name, add the forms
            gov = entries[gov_key]
            entries[gov_key] = ActorEntry(
                gov.key, gov.name, gov.kind, gov.sector, gov.country or iso2, gov.parent or key, gov.title,
                tuple(dict.fromkeys([*gov.aliases, *gov_aliases, *caps])),
            )  # fmt: skip
        else:
            entries[gov_key] = ActorEntry(
                gov_key, f"Government of {canonical}", "government", "GOV", iso2, key, None,
                tuple(gov_aliases + caps),
            )  # fmt: skip
        for text in names_for_state:
            if _is_acronym(text):
                add_form(text, key, TIER_SURE, case_sensitive=True)
            else:
                add_form(text, key, TIER_STATE)
        for text in gov_aliases:
            add_form(text, gov_key, TIER_SURE)
        for text in dems:
            add_form(text, key, TIER_DEMONYM)
            demonyms.setdefault(fold(text), key)
        for text in caps:
            add_form(text, gov_key, TIER_CAPITAL)
            capitals.setdefault(fold(text), gov_key)

    # Every other ISO country still gets its names (no demonyms or capitals) so that no state is unknown.
    for country in pycountry.countries:
        if any(e.country == country.alpha_2 and e.kind == "state" for e in entries.values()):
            continue
        names_for_state = _pycountry_names(country.alpha_2)
        if not names_for_state:
            continue
        key = f"dict:{slug(names_for_state[0])}"
        if key in entries:
            continue
        entries[key] = ActorEntry(
            key, names_for_state[0], "state", "GOV", country.alpha_2, None, None, tuple(names_for_state)
        )
        for text in names_for_state:
            add_form(text, key, TIER_STATE)

    return ActorDictionary(
        entries=MappingProxyType(entries),
        forms=tuple(forms),
        by_fold=MappingProxyType(by_fold),
        demonyms=MappingProxyType(demonyms),
        capitals=MappingProxyType(capitals),
        surnames=MappingProxyType({k: tuple(v) for k, v in surnames.items()}),
    )
