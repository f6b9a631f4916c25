"""The records that pass between stages: Article -> Document -> Extraction -> knowledge-base rows.

Every record is a frozen dataclass. Offsets (``start``, ``end``) are always character offsets
into the text that the caller handed to :meth:`newsgraph.Pipeline.extract` (``Document.text``),
even when cleaning dropped or moved parts of it, so ``text[start:end]`` is the mention.

Dates are ``datetime.date`` objects (or ``None``); the knowledge base stores them as ISO strings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

_NON_SPACE = re.compile(r"\S")

# --- vocabularies -----------------------------------------------------------------------------

#: Where a document's publication date came from.
PUBLISHED_SOURCES = ("sidecar", "jsonl", "html", "cli", "warc", "feed", "text-estimate", "unknown")

#: Claim / event certainty, from most to least certain; "denied" means someone denied it.
STATUSES = ("confirmed", "reported", "claimed", "alleged", "unverified", "denied")

#: Time precision of a TimeMention or an event date.
TIME_PRECISIONS = ("day", "week", "month", "season", "year", "decade", "unknown")

#: Place precision, ACLED geo_precision extended: 1 town, 2 near a town or district,
#: 3 province or region, 4 country.
PLACE_PRECISIONS = (1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A half-open character range ``[start, end)`` into ``Document.text``."""

    start: int
    end: int


# --- ingest -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Article:
    """What a reader produces: raw text or HTML plus whatever metadata came with it.

    ``origin`` names where it came from (a path, ``path:line`` for JSONL, a URL) so that
    errors and the knowledge base can point the user back at the input.
    """

    origin: str
    text: str | None = None
    html: str | None = None
    id: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    published_source: str = "unknown"


@dataclass(frozen=True, slots=True)
class Comment:
    """A reader comment: user-generated, kept and searchable, never mixed into article facts."""

    start: int
    end: int
    text: str
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Dropped:
    """Boilerplate removed from the body, kept so a user can audit what was dropped and why."""

    start: int
    end: int
    text: str
    reason: str  # e.g. "subscription pitch", "nav list", "tags line", "byline", "footer"


@dataclass(frozen=True, slots=True)
class Document:
    """Cleaned text: which parts are the article body, which are comments, which were dropped."""

    text: str
    body: tuple[TextSpan, ...]
    comments: tuple[Comment, ...] = ()
    dropped: tuple[Dropped, ...] = ()

    def body_text(self) -> str:
        """The article body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.text[s.start : s.end].strip() for s in self.body if s.end > s.start)

    def masked(self, spans: tuple[TextSpan, ...] | tuple[Comment, ...]) -> str:
        """``text`` with everything outside ``spans`` blanked out, whitespace kept.

        Running the NLP on a masked copy keeps every offset identical to ``text`` while the
        model never sees comments or boilerplate next to body sentences.
        """
        # Whitespace is kept as it is (not only newlines): an entity the model runs on into a
        # blanked CR or U+2028 would otherwise record text that differs from ``text``.
        # One regex pass (``\S`` is exactly ``not str.isspace``), then the kept spans copied back.
        out = list(_NON_SPACE.sub(" ", self.text))
        for s in spans:
            out[s.start : s.end] = self.text[s.start : s.end]
        return "".join(out)


# --- extraction -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A named entity in the text (spaCy's label, repaired by our components).

    ``actor_key`` is the normalised key that cross-document resolution groups on (None for
    things that are not actors, such as dates). ``title`` holds a rank or title attached to a
    person ("Major General"), never part of ``text``.
    """

    start: int
    end: int
    text: str
    label: str
    actor_key: str | None = None
    in_comments: bool = False
    canonical: str | None = None  # dictionary canonical name, when the dictionary knows it
    kind: str | None = None  # person, state, military, armed_group, ... (actors issue)
    title: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym and where the geoparser put it (lat/lon None when unresolved)."""

    start: int
    end: int
    text: str
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    admin1: str | None = None
    geonames_id: int | None = None
    # country / admin1 / admin2 / city / region / landform / water / area / site (a street or
    # building the gazetteer lacks, placed at its town)
    feature: str | None = None
    precision: int | None = None  # see PLACE_PRECISIONS
    reason: str = ""  # why this candidate was chosen (or why none was)
    in_comments: bool = False
    # The English name readers expect ("Palmyra" where GeoNames says "Tadmur"); ``name`` stays
    # GeoNames' own, ``text`` the article's. "" when unresolved.
    display_name: str = ""

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def shown_name(self) -> str:
        """What to show a reader: the display name, else the gazetteer's, else the text's."""
        return self.display_name or self.name or self.text


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression normalised against the publication date.

    ``value`` is TimeML-like: ``2015-10-08``, ``2015-W40``, ``2015-01``, ``2017``, ``201X``,
    or a relative form such as ``PAST_REF`` / ``P2W-AGO`` when it cannot be anchored.
    """

    start: int
    end: int
    text: str
    value: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    precision: str = "unknown"  # see TIME_PRECISIONS
    ambiguous: bool = False
    resolved: bool = True
    in_comments: bool = False


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor or target of an event: a known actor (actor_key) or an unnamed description."""

    text: str
    start: int
    end: int
    actor_key: str | None = None
    description: str | None = None
    rank: str | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One event reported in one sentence, typed with PLOVER (and ACLED's types)."""

    type: str  # PLOVER event type, e.g. ASSAULT
    mode: str | None
    trigger: TextSpan
    trigger_text: str
    sentence: TextSpan
    actors: tuple[Participant, ...] = ()
    targets: tuple[Participant, ...] = ()
    place: PlaceMention | None = None
    place_reason: str = ""
    time: TimeMention | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: str = "unknown"
    fatalities: int | None = None
    injured: int | None = None
    status: str = "reported"
    attributed_to: str | None = None
    negated: bool = False
    hypothetical: bool = False
    in_comments: bool = False
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    confidence: float = 0.5
    # History or a statistic the article recalls ("the war, which began in 2011, has killed..."),
    # not what it reports now: kept with its evidence, out of default lists, tolls and timelines.
    background: bool = False
    # A verbal act with no ACLED sub-type of its own ("the ministry accused the rebels of lying"):
    # PLOVER codes it, ACLED does not, so it is kept apart from the events (``Extraction.statements``),
    # stored with the flag and left out of default lists like background (see nlp/events/lexicon.py).
    statement: bool = False
    # The sentences of the further mentions of this event, merged into it by within-document
    # coreference (newsgraph.nlp.events.coref); ``sentence``/``trigger`` are its first mention.
    evidence: tuple[TextSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A stated figure or fact that is not an event, with who says so."""

    subject: str
    value: str
    sentence: TextSpan
    text: str
    attributed_to: str | None = None
    status: str = "reported"
    in_comments: bool = False
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A title, rank or role of a person in an organisation ("chief of the Qods Force")."""

    person_key: str
    title: str
    evidence: TextSpan
    org_key: str | None = None
    in_comments: bool = False


@dataclass(frozen=True, slots=True)
class Affiliation:
    """A relation between two actors: member_of, part_of, commands, allied_with, fights, backed_by."""

    subject_key: str
    relation: str
    object_key: str
    evidence: TextSpan
    in_comments: bool = False


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything ``Pipeline.extract`` found in one document. Pure data, picklable."""

    doc_id: str
    document: Document
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    published_source: str = "unknown"
    origin: str | None = None
    mentions: tuple[Mention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    times: tuple[TimeMention, ...] = ()
    events: tuple[Event, ...] = ()
    statements: tuple[Event, ...] = ()  # verbal acts (``Event.statement``), apart from the events
    claims: tuple[Claim, ...] = ()
    roles: tuple[Role, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    sentences: tuple[TextSpan, ...] = field(default=())

    @property
    def text(self) -> str:
        return self.document.text


def to_dict(record: Any) -> Any:
    """A JSON-ready dict of any record (dates as ISO strings, spans as dicts)."""

    def convert(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return value

    return convert(dataclasses.asdict(record))
