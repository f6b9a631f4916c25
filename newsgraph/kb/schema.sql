-- The newsgraph knowledge base, as an ordered list of migrations.
--
-- Each block starts with a line "-- migration N: description". A fresh database runs every
-- block in order; an existing one runs only the blocks above its PRAGMA user_version. Never edit
-- a block that has shipped: append a new one, so that old databases and new ones end up alike.
--
-- Offsets (start, end) are character offsets into documents.text (the raw input text), the same
-- offsets the Extraction records carry. Every fact row points at its evidence: a document and a
-- span.

-- migration 1: documents, cleaning results, mentions, actors, places, times, events, claims
CREATE TABLE documents (
    id               TEXT PRIMARY KEY,          -- content hash of the normalised body
    title            TEXT,
    url              TEXT,
    source           TEXT,
    published        TEXT,                      -- ISO date, NULL when unknown (never guessed)
    published_source TEXT NOT NULL DEFAULT 'unknown',
    origin           TEXT,                      -- file path, path:line, URL
    origin_name      TEXT,                      -- origin's file name: finds an edited file's older version
    body             TEXT NOT NULL,             -- the article body, paragraphs joined
    body_spans       TEXT NOT NULL DEFAULT '[]', -- JSON [[start, end], ...] into text
    text             TEXT NOT NULL,             -- the raw input text
    ingested_at      TEXT NOT NULL,
    previous_version TEXT REFERENCES documents(id) ON DELETE SET NULL
);
CREATE INDEX documents_url ON documents(url);
CREATE INDEX documents_origin_name ON documents(origin_name);
CREATE INDEX documents_previous ON documents(previous_version);

CREATE TABLE sentences (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx    INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL CHECK ("end" >= start),
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE comments (
    id     INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx    INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL CHECK ("end" >= start),
    author TEXT,
    text   TEXT NOT NULL
);
CREATE INDEX comments_doc ON comments(doc_id);

CREATE TABLE dropped (
    id     INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL CHECK ("end" >= start),
    text   TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX dropped_doc ON dropped(doc_id);

-- One row per resolved actor. Mentions whose actor_key is the same are one actor; the keys that
-- lead to an actor live in actor_keys, so an analyst merge only repoints keys.
CREATE TABLE actors (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,     -- dictionary canonical name, else the most frequent/longest form
    canonical TEXT,              -- set when a dictionary named it; wins over surface forms
    kind      TEXT,              -- person, state, military, armed_group, ... or from the NER label
    label     TEXT               -- the most frequent NER label of its mentions
);

CREATE TABLE actor_keys (
    key      TEXT PRIMARY KEY,
    actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE
);
CREATE INDEX actor_keys_actor ON actor_keys(actor_id);

CREATE TABLE aliases (
    id           INTEGER PRIMARY KEY,
    actor_id     INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    alias        TEXT NOT NULL,
    doc_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    count        INTEGER NOT NULL DEFAULT 1,
    merge_reason TEXT NOT NULL,   -- why this surface form belongs to this actor
    UNIQUE (actor_id, alias, doc_id)
);
CREATE INDEX aliases_alias ON aliases(alias);

CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL CHECK ("end" >= start),
    text        TEXT NOT NULL,
    label       TEXT NOT NULL,
    actor_key   TEXT,
    actor_id    INTEGER REFERENCES actors(id) ON DELETE SET NULL,
    in_comments INTEGER NOT NULL DEFAULT 0,
    canonical   TEXT,
    kind        TEXT,
    title       TEXT
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_actor ON mentions(actor_id);

CREATE TABLE roles (
    id              INTEGER PRIMARY KEY,
    doc_id          TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    person_key      TEXT NOT NULL,
    person_actor_id INTEGER REFERENCES actors(id) ON DELETE SET NULL,
    title           TEXT NOT NULL,
    org_key         TEXT,
    org_actor_id    INTEGER REFERENCES actors(id) ON DELETE SET NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL CHECK ("end" >= start),
    in_comments     INTEGER NOT NULL DEFAULT 0,
    published       TEXT            -- the document's date, so a role is dated
);
CREATE INDEX roles_person ON roles(person_actor_id);

CREATE TABLE affiliations (
    id               INTEGER PRIMARY KEY,
    doc_id           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    subject_key      TEXT NOT NULL,
    subject_actor_id INTEGER REFERENCES actors(id) ON DELETE SET NULL,
    relation         TEXT NOT NULL,  -- member_of, part_of, commands, allied_with, fights, backed_by
    object_key       TEXT NOT NULL,
    object_actor_id  INTEGER REFERENCES actors(id) ON DELETE SET NULL,
    start            INTEGER NOT NULL,
    "end"            INTEGER NOT NULL CHECK ("end" >= start),
    in_comments      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX affiliations_subject ON affiliations(subject_actor_id);
CREATE INDEX affiliations_object ON affiliations(object_actor_id);

-- A place is one point on the map, shared by every mention that resolved to it.
CREATE TABLE places (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    country_code TEXT,
    admin1       TEXT,
    geonames_id  INTEGER,
    feature      TEXT,
    precision    INTEGER,
    UNIQUE (name, lat, lon)
);

CREATE TABLE place_mentions (
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    place_id    INTEGER REFERENCES places(id) ON DELETE SET NULL,  -- NULL when unresolved
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL CHECK ("end" >= start),
    text        TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    in_comments INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX place_mentions_doc ON place_mentions(doc_id);
CREATE INDEX place_mentions_place ON place_mentions(place_id);

CREATE TABLE time_mentions (
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL CHECK ("end" >= start),
    text        TEXT NOT NULL,
    value       TEXT NOT NULL,
    start_date  TEXT,
    end_date    TEXT,
    precision   TEXT NOT NULL DEFAULT 'unknown',
    ambiguous   INTEGER NOT NULL DEFAULT 0,
    resolved    INTEGER NOT NULL DEFAULT 1,
    in_comments INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX time_mentions_doc ON time_mentions(doc_id);

-- An event is what happened; event_sources holds each document's report of it, with its own
-- status, figures and evidence. Today every reported Event is its own event; cross-document
-- event merging repoints event_sources rows at one events row.
CREATE TABLE events (
    id                   INTEGER PRIMARY KEY,
    type                 TEXT NOT NULL,  -- PLOVER
    mode                 TEXT,
    acled_event_type     TEXT,
    acled_sub_event_type TEXT,
    place_id             INTEGER REFERENCES places(id) ON DELETE SET NULL,
    date_start           TEXT,
    date_end             TEXT,
    time_precision       TEXT NOT NULL DEFAULT 'unknown',
    fatalities           INTEGER,
    injured              INTEGER,
    status               TEXT NOT NULL DEFAULT 'reported',
    confidence           REAL NOT NULL DEFAULT 0.5,
    in_comments          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_date ON events(date_start);

CREATE TABLE event_sources (
    id               INTEGER PRIMARY KEY,
    event_id         INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    doc_id           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    status           TEXT NOT NULL DEFAULT 'reported',
    attributed_to    TEXT,
    fatalities       INTEGER,
    injured          INTEGER,
    trigger_start    INTEGER NOT NULL,
    trigger_end      INTEGER NOT NULL CHECK (trigger_end >= trigger_start),
    trigger_text     TEXT NOT NULL,
    sentence_start   INTEGER NOT NULL,
    sentence_end     INTEGER NOT NULL CHECK (sentence_end >= sentence_start),
    place_mention_id INTEGER REFERENCES place_mentions(id) ON DELETE SET NULL,
    place_reason     TEXT NOT NULL DEFAULT '',
    time_mention_id  INTEGER REFERENCES time_mentions(id) ON DELETE SET NULL,
    date_start       TEXT,
    date_end         TEXT,
    time_precision   TEXT NOT NULL DEFAULT 'unknown',
    negated          INTEGER NOT NULL DEFAULT 0,
    hypothetical     INTEGER NOT NULL DEFAULT 0,
    in_comments      INTEGER NOT NULL DEFAULT 0,
    confidence       REAL NOT NULL DEFAULT 0.5
);
CREATE INDEX event_sources_event ON event_sources(event_id);
CREATE INDEX event_sources_doc ON event_sources(doc_id);

CREATE TABLE event_participants (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    source_id   INTEGER NOT NULL REFERENCES event_sources(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('actor', 'target')),
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL CHECK ("end" >= start),
    actor_key   TEXT,
    actor_id    INTEGER REFERENCES actors(id) ON DELETE SET NULL,
    description TEXT,
    rank        TEXT,
    unit        TEXT
);
CREATE INDEX event_participants_event ON event_participants(event_id);
CREATE INDEX event_participants_actor ON event_participants(actor_id);

CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    doc_id         TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    subject        TEXT NOT NULL,
    value          TEXT NOT NULL,
    text           TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL CHECK (sentence_end >= sentence_start),
    attributed_to  TEXT,
    status         TEXT NOT NULL DEFAULT 'reported',
    in_comments    INTEGER NOT NULL DEFAULT 0,
    date           TEXT
);
CREATE INDEX claims_doc ON claims(doc_id);

-- migration 2: full-text search over bodies and comments (comments marked as user-generated)
CREATE VIRTUAL TABLE search_index USING fts5(
    doc_id UNINDEXED,
    part UNINDEXED,        -- 'body' or 'comment'
    comment_id UNINDEXED,  -- comments.id for part = 'comment'
    title,                 -- the document title on body rows only, so a title hit is not a comment hit
    text,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_index (doc_id, part, comment_id, title, text)
    SELECT id, 'body', NULL, COALESCE(title, ''), body FROM documents;
INSERT INTO search_index (doc_id, part, comment_id, title, text)
    SELECT doc_id, 'comment', id, '', text FROM comments;

-- migration 3: analyst decisions, kept apart from extracted rows so re-ingest can re-apply them
CREATE TABLE decisions (
    id         INTEGER PRIMARY KEY,
    action     TEXT NOT NULL CHECK (action IN ('merge_actors')),
    subject    TEXT NOT NULL,   -- an actor_key
    object     TEXT NOT NULL,   -- the actor_key it is merged into
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (action, subject, object)
);

-- migration 4: near-duplicate detection (LSH band keys per document) and the copies it found
CREATE TABLE fingerprints (
    band   TEXT NOT NULL,   -- "band:digest" of the body's MinHash signature; "short" = not compared
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (band, doc_id)
) WITHOUT ROWID;
CREATE INDEX fingerprints_doc ON fingerprints(doc_id);

-- A republished copy that was not stored as a document of its own: who else ran the article.
CREATE TABLE copies (
    id         INTEGER PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    origin     TEXT,
    url        TEXT,
    source     TEXT,
    published  TEXT,
    similarity REAL NOT NULL,
    seen_at    TEXT NOT NULL
);
CREATE INDEX copies_doc ON copies(doc_id);

-- migration 5: why a key joined an actor that another key created (cross-document resolution)
ALTER TABLE actor_keys ADD COLUMN merge_reason TEXT;  -- NULL: the key's own actor

-- migration 6: cross-document event merging (why a source joined an event) and analyst event decisions
ALTER TABLE event_sources ADD COLUMN merge_reason TEXT;  -- NULL: the source's own event

-- Stored by source key ("doc_id:trigger_start:trigger_end"), not row id, so re-ingest re-applies them.
CREATE TABLE event_decisions (
    id         INTEGER PRIMARY KEY,
    action     TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    subject    TEXT NOT NULL,              -- the source key the decision is about
    object     TEXT NOT NULL DEFAULT '',   -- merge: a source key of the event it joins; split: ''
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (action, subject, object)
);

-- migration 7: dictionary sector and country on actors; analyst actor splits next to merges
ALTER TABLE actors ADD COLUMN sector TEXT;   -- PLOVER sector code from the dictionary (GOV, MIL, REB...)
ALTER TABLE actors ADD COLUMN country TEXT;  -- ISO 3166 alpha-2 from the dictionary

-- SQLite cannot widen a CHECK constraint in place: rebuild the table with the new action.
-- split_actors: ``alias`` = '' keeps the key ``subject`` apart from the key ``object`` (resolution and
-- merges may not join them again); ``alias`` set moves the mentions of key ``subject`` written
-- ``alias`` to the actor of the key ``object`` (a key of the form "split:...").
CREATE TABLE decisions_v7 (
    id         INTEGER PRIMARY KEY,
    action     TEXT NOT NULL CHECK (action IN ('merge_actors', 'split_actors')),
    subject    TEXT NOT NULL,
    object     TEXT NOT NULL,
    alias      TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (action, subject, object, alias)
);
INSERT INTO decisions_v7 (id, action, subject, object, note, created_at)
    SELECT id, action, subject, object, note, created_at FROM decisions;
DROP TABLE decisions;
ALTER TABLE decisions_v7 RENAME TO decisions;

-- migration 8: date index for cross-document event merging
-- Merging looks up sources of the same type whose dates can overlap a new report's
-- (newsgraph/kb/events.py); without an index that is a scan of every source per new event.
CREATE INDEX IF NOT EXISTS event_sources_date ON event_sources(date_start);

-- migration 9: indexes for paged event listings on large knowledge bases (bench/kb_scale.py)
-- event_ids orders by (date_start IS NULL, date_start, id) and filters on upper(type): indexes on
-- the same expressions let a page of 100 read 100 rows instead of sorting a million.
CREATE INDEX IF NOT EXISTS events_order ON events((date_start IS NULL), date_start);
CREATE INDEX IF NOT EXISTS events_type_order ON events(upper(type), (date_start IS NULL), date_start);
-- The place filter finds its events from the place side: by events.place_id, and by the sources
-- whose place mention names it.
CREATE INDEX IF NOT EXISTS events_place ON events(place_id);
CREATE INDEX IF NOT EXISTS event_sources_place_mention ON event_sources(place_mention_id);

-- migration 10: stored normalised participant names, so "events of ACTOR" is an index lookup
-- name_key is the participant text with whitespace runs collapsed and Unicode-lowercased
-- (newsgraph.kb.facts.name_key). SQLite's lower() folds ASCII only, so no SQL expression gives the
-- same key: open_kb fills the rows this migration leaves NULL from Python.
ALTER TABLE event_participants ADD COLUMN name_key TEXT;
CREATE INDEX IF NOT EXISTS event_participants_name_key ON event_participants(name_key);

-- migration 11: trigram index over place-mention text, so "events at PLACE" is not a scan
-- (Migrations from 11 on may run again on a database that has their objects, e.g. one whose
-- version was set back: IF NOT EXISTS everywhere, and backfills that recompute.)
-- The place filter matches mentions by substring (lower(text) LIKE '%place%'); an FTS5 trigram
-- index answers such a LIKE from the index, and the filter re-checks the exact condition on the
-- few rows it returns. External content: the text lives once, in place_mentions; the triggers keep
-- the index in step with every insert, delete and edit (cascades from a deleted document included).
CREATE VIRTUAL TABLE IF NOT EXISTS place_mention_text USING fts5(
    text, content = 'place_mentions', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO place_mention_text (place_mention_text) VALUES ('rebuild');
CREATE TRIGGER IF NOT EXISTS place_mention_text_insert AFTER INSERT ON place_mentions BEGIN
    INSERT INTO place_mention_text (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS place_mention_text_delete AFTER DELETE ON place_mentions BEGIN
    INSERT INTO place_mention_text (place_mention_text, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER IF NOT EXISTS place_mention_text_update AFTER UPDATE OF id, text ON place_mentions BEGIN
    INSERT INTO place_mention_text (place_mention_text, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO place_mention_text (rowid, text) VALUES (new.id, new.text);
END;

-- migration 12: per-place mention and document counts, kept by triggers, for the places list
-- list_places ranks places by mentions; counting 500,000 mentions per call took most of a second.
-- A pair of counts for article bodies only (in_comments = 0) and for everything: ``*_docs`` counts
-- the distinct documents, so each trigger asks whether another mention of the same place and
-- document exists (the place_doc index answers that).
CREATE INDEX IF NOT EXISTS place_mentions_place_doc ON place_mentions(place_id, doc_id, in_comments);
CREATE TABLE IF NOT EXISTS place_counts (
    place_id      INTEGER PRIMARY KEY,
    body_mentions INTEGER NOT NULL DEFAULT 0,
    body_docs     INTEGER NOT NULL DEFAULT 0,
    all_mentions  INTEGER NOT NULL DEFAULT 0,
    all_docs      INTEGER NOT NULL DEFAULT 0
);
DELETE FROM place_counts;
INSERT INTO place_counts (place_id, body_mentions, body_docs, all_mentions, all_docs)
    SELECT place_id, SUM(in_comments = 0), COUNT(DISTINCT CASE WHEN in_comments = 0 THEN doc_id END),
           COUNT(*), COUNT(DISTINCT doc_id)
    FROM place_mentions WHERE place_id IS NOT NULL GROUP BY place_id;
CREATE INDEX IF NOT EXISTS place_counts_body ON place_counts(body_mentions);
CREATE INDEX IF NOT EXISTS place_counts_all ON place_counts(all_mentions);
-- "Another mention of this place in this document" excludes the row itself (id != ...), so the
-- same test serves the insert (row already there), the delete (row gone) and both halves of an
-- update.
CREATE TRIGGER IF NOT EXISTS place_counts_insert AFTER INSERT ON place_mentions WHEN new.place_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO place_counts (place_id) VALUES (new.place_id);
    UPDATE place_counts SET
        all_mentions = all_mentions + 1,
        all_docs = all_docs + NOT EXISTS (SELECT 1 FROM place_mentions m WHERE m.place_id = new.place_id
            AND m.doc_id = new.doc_id AND m.id != new.id),
        body_mentions = body_mentions + (new.in_comments = 0),
        body_docs = body_docs + (new.in_comments = 0 AND NOT EXISTS (SELECT 1 FROM place_mentions m
            WHERE m.place_id = new.place_id AND m.doc_id = new.doc_id AND m.in_comments = 0 AND m.id != new.id))
    WHERE place_id = new.place_id;
END;
CREATE TRIGGER IF NOT EXISTS place_counts_delete AFTER DELETE ON place_mentions WHEN old.place_id IS NOT NULL BEGIN
    UPDATE place_counts SET
        all_mentions = all_mentions - 1,
        all_docs = all_docs - NOT EXISTS (SELECT 1 FROM place_mentions m WHERE m.place_id = old.place_id
            AND m.doc_id = old.doc_id AND m.id != old.id),
        body_mentions = body_mentions - (old.in_comments = 0),
        body_docs = body_docs - (old.in_comments = 0 AND NOT EXISTS (SELECT 1 FROM place_mentions m
            WHERE m.place_id = old.place_id AND m.doc_id = old.doc_id AND m.in_comments = 0 AND m.id != old.id))
    WHERE place_id = old.place_id;
END;
CREATE TRIGGER IF NOT EXISTS place_counts_update AFTER UPDATE OF place_id, doc_id, in_comments ON place_mentions BEGIN
    UPDATE place_counts SET
        all_mentions = all_mentions - 1,
        all_docs = all_docs - NOT EXISTS (SELECT 1 FROM place_mentions m WHERE m.place_id = old.place_id
            AND m.doc_id = old.doc_id AND m.id != old.id),
        body_mentions = body_mentions - (old.in_comments = 0),
        body_docs = body_docs - (old.in_comments = 0 AND NOT EXISTS (SELECT 1 FROM place_mentions m
            WHERE m.place_id = old.place_id AND m.doc_id = old.doc_id AND m.in_comments = 0 AND m.id != old.id))
    WHERE place_id = old.place_id AND old.place_id IS NOT NULL;
    INSERT OR IGNORE INTO place_counts (place_id) SELECT new.place_id WHERE new.place_id IS NOT NULL;
    UPDATE place_counts SET
        all_mentions = all_mentions + 1,
        all_docs = all_docs + NOT EXISTS (SELECT 1 FROM place_mentions m WHERE m.place_id = new.place_id
            AND m.doc_id = new.doc_id AND m.id != new.id),
        body_mentions = body_mentions + (new.in_comments = 0),
        body_docs = body_docs + (new.in_comments = 0 AND NOT EXISTS (SELECT 1 FROM place_mentions m
            WHERE m.place_id = new.place_id AND m.doc_id = new.doc_id AND m.in_comments = 0 AND m.id != new.id))
    WHERE place_id = new.place_id AND new.place_id IS NOT NULL;
END;

-- migration 13: the type + date filter of event listings answered inside one index
-- events_type_order gave the order, but each row before the date range still cost a table read to
-- test COALESCE(date_end, date_start), in_comments and status: 38,000 reads for "ASSAULT in 2016"
-- among a million events. This index carries those values, so the rows skipped cost an index
-- step each; it starts with the same columns, so it replaces events_type_order.
CREATE INDEX IF NOT EXISTS events_type_filter ON events(
    upper(type), (date_start IS NULL), date_start, COALESCE(date_end, date_start), in_comments, status
);
DROP INDEX IF EXISTS events_type_order;

-- migration 14: claims in list order (list_claims pages them; a first page no longer sorts them all)
CREATE INDEX IF NOT EXISTS claims_order ON claims((date IS NULL), date, in_comments);

-- migration 15: an actor's participations with their events and roles, read from the index alone
-- The network (query/network.py) pairs the kept actors' participations by event: through
-- event_participants_actor each of them cost a table read (67,000 for 150 actors among a million
-- events, ~300 ms); this index carries event_id and role, so they cost an index step each.
CREATE INDEX IF NOT EXISTS event_participants_actor_event ON event_participants(actor_id, event_id, role);

-- migration 16: background events (a flag on events and on each source)
-- (ALTER TABLE has no IF NOT EXISTS: migrate() skips an ADD COLUMN whose column exists.)
-- background: history or a statistic an article recalls ("the war, which began in 2011, has
-- killed ..."), kept with its evidence but out of default lists, tolls, timelines and maps; it
-- never merges with another report. An event is background when all its sources are.
ALTER TABLE events ADD COLUMN background INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event_sources ADD COLUMN background INTEGER NOT NULL DEFAULT 0;
-- Each report's own ACLED sub-type: the merger compares reports, and the event keeps one.
ALTER TABLE event_sources ADD COLUMN acled_sub_event_type TEXT;

-- migration 17: the further evidence of an event source, candidate event links, story clusters
-- The sentences of the further mentions that within-document coreference merged into a report
-- (model.Event.evidence); the source row keeps its first mention's sentence.
CREATE TABLE IF NOT EXISTS event_evidence (
    id             INTEGER PRIMARY KEY,
    source_id      INTEGER NOT NULL REFERENCES event_sources(id) ON DELETE CASCADE,
    doc_id         TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL CHECK (sentence_end >= sentence_start)
);
CREATE INDEX IF NOT EXISTS event_evidence_source ON event_evidence(source_id);
-- "Possible same event": a report and an event the merger found alike but not enough to merge
-- (newsgraph/kb/events.py); an analyst confirms one with `newsgraph events merge`.
CREATE TABLE IF NOT EXISTS event_links (
    id              INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES event_sources(id) ON DELETE CASCADE,
    other_source_id INTEGER NOT NULL REFERENCES event_sources(id) ON DELETE CASCADE,
    score           REAL NOT NULL,
    reason          TEXT NOT NULL,
    UNIQUE (source_id, other_source_id)
);
CREATE INDEX IF NOT EXISTS event_links_other ON event_links(other_source_id);
-- Story clusters (newsgraph/kb/stories.py): documents about one story; events merge across
-- documents of one story far more readily than across stories.
CREATE TABLE IF NOT EXISTS document_stories (
    doc_id   TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL,
    reason   TEXT NOT NULL DEFAULT '',
    words    TEXT NOT NULL DEFAULT ''  -- its headline and lead's content words, compared with later documents
);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
CREATE INDEX IF NOT EXISTS document_stories_story ON document_stories(story_id);
-- How many documents use each word (story similarity weighs rare shared words over common ones).
CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab(search_index, row);
-- Merge candidates: the sources in a date window, read from the index alone (start and end
-- bounded), before any event or place row is read (newsgraph/kb/events.py).
CREATE INDEX IF NOT EXISTS event_sources_dates ON event_sources(date_start, date_end, event_id);
-- The merger reads the participants of its candidate sources by source.
CREATE INDEX IF NOT EXISTS event_participants_source ON event_participants(source_id);

-- migration 18: casualty candidates kept by triggers, so the casualties list and its total read an index
-- A casualty (query/casualties.py) is an ASSAULT with fatalities or a death word in a trigger, a
-- straight (not negated, not hypothetical) report and a target; testing that for each assault
-- took a second at a million events. ``casualty_candidate``: 2 = a casualty (a toll, or a death
-- word at a word start in an all-ASCII trigger, where this GLOB test and the Python rule agree);
-- 1 = a casualty only if the Python rule (Unicode case folding and word starts) finds a death word
-- in a trigger that LIKE matches or that has a non-ASCII character; 0 = not a casualty. The
-- triggers recompute the flag of the event whose type, toll, sources or targets change (a source
-- or participant moved to another event recomputes both).
ALTER TABLE events ADD COLUMN casualty_candidate INTEGER NOT NULL DEFAULT 0;
-- The rule once, as a view; the backfill and every trigger read one event's row of it.
CREATE VIEW IF NOT EXISTS event_casualty_flags (id, flag) AS SELECT e.id, CASE
        WHEN NOT (e.type = 'ASSAULT'
            AND EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id AND s.negated = 0
                AND s.hypothetical = 0)
            AND EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.role = 'target'))
        THEN 0
        WHEN (e.fatalities IS NOT NULL AND e.fatalities != 0) OR EXISTS (SELECT 1 FROM event_sources s
            WHERE s.event_id = e.id AND s.trigger_text NOT GLOB '*[^ -~]*' AND (' ' || lower(s.trigger_text) GLOB '*[^a-z0-9_]kill*' OR ' ' || lower(s.trigger_text) GLOB '*[^a-z0-9_]die*' OR ' ' || lower(s.trigger_text) GLOB '*[^a-z0-9_]dead*' OR ' ' || lower(s.trigger_text) GLOB '*[^a-z0-9_]death*' OR ' ' || lower(s.trigger_text) GLOB '*[^a-z0-9_]slain*' OR ' ' || lower(s.trigger_text) GLOB '*[^a-z0-9_]martyr*' OR ' ' || lower(s.trigger_text) GLOB '*[^a-z0-9_]perish*' OR ' ' || lower(s.trigger_text) GLOB '*[^a-z0-9_]fell*' OR ' ' || lower(s.trigger_text) GLOB '*[^a-z0-9_]fallen*' OR ' ' || lower(s.trigger_text) GLOB '*[^a-z0-9_]lost*'))
        THEN 2
        WHEN EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id AND (s.trigger_text GLOB '*[^ -~]*' OR s.trigger_text LIKE '%kill%' OR s.trigger_text LIKE '%die%' OR s.trigger_text LIKE '%dead%' OR s.trigger_text LIKE '%death%' OR s.trigger_text LIKE '%slain%' OR s.trigger_text LIKE '%martyr%' OR s.trigger_text LIKE '%perish%' OR s.trigger_text LIKE '%fell%' OR s.trigger_text LIKE '%fallen%' OR s.trigger_text LIKE '%lost%'))
        THEN 1
        ELSE 0 END
FROM events e;
UPDATE events SET casualty_candidate = (SELECT flag FROM event_casualty_flags f WHERE f.id = events.id)
WHERE type = 'ASSAULT';
CREATE INDEX IF NOT EXISTS events_casualty ON events(
    in_comments, background, (date_start IS NULL), date_start, id, casualty_candidate
)
    WHERE casualty_candidate > 0;
CREATE TRIGGER IF NOT EXISTS events_casualty_insert AFTER INSERT ON events BEGIN
    UPDATE events SET casualty_candidate = (SELECT flag FROM event_casualty_flags f WHERE f.id = new.id) WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS events_casualty_update AFTER UPDATE OF type, fatalities ON events BEGIN
    UPDATE events SET casualty_candidate = (SELECT flag FROM event_casualty_flags f WHERE f.id = new.id) WHERE id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS event_sources_casualty_insert AFTER INSERT ON event_sources BEGIN
    UPDATE events SET casualty_candidate = (SELECT flag FROM event_casualty_flags f WHERE f.id = new.event_id) WHERE id = new.event_id;
END;
CREATE TRIGGER IF NOT EXISTS event_sources_casualty_delete AFTER DELETE ON event_sources BEGIN
    UPDATE events SET casualty_candidate = (SELECT flag FROM event_casualty_flags f WHERE f.id = old.event_id) WHERE id = old.event_id;
END;
CREATE TRIGGER IF NOT EXISTS event_sources_casualty_update
AFTER UPDATE OF event_id, trigger_text, negated, hypothetical ON event_sources BEGIN
    UPDATE events SET casualty_candidate = (SELECT flag FROM event_casualty_flags f WHERE f.id = old.event_id) WHERE id = old.event_id;
    UPDATE events SET casualty_candidate = (SELECT flag FROM event_casualty_flags f WHERE f.id = new.event_id) WHERE id = new.event_id;
END;
CREATE TRIGGER IF NOT EXISTS event_participants_casualty_insert AFTER INSERT ON event_participants
WHEN new.role = 'target' BEGIN
    UPDATE events SET casualty_candidate = (SELECT flag FROM event_casualty_flags f WHERE f.id = new.event_id) WHERE id = new.event_id;
END;
CREATE TRIGGER IF NOT EXISTS event_participants_casualty_delete AFTER DELETE ON event_participants
WHEN old.role = 'target' BEGIN
    UPDATE events SET casualty_candidate = (SELECT flag FROM event_casualty_flags f WHERE f.id = old.event_id) WHERE id = old.event_id;
END;
CREATE TRIGGER IF NOT EXISTS event_participants_casualty_update AFTER UPDATE OF event_id, role ON event_participants BEGIN
    UPDATE events SET casualty_candidate = (SELECT flag FROM event_casualty_flags f WHERE f.id = old.event_id) WHERE id = old.event_id;
    UPDATE events SET casualty_candidate = (SELECT flag FROM event_casualty_flags f WHERE f.id = new.event_id) WHERE id = new.event_id;
END;

-- migration 19: word index over claim subjects and sentences, so "claims about ACTOR" is not a scan
-- list_claims with an actor keeps the claims whose subject or sentence names it as whole words (a
-- test in Python, on the text with runs of spaces folded); reading 100,000 claims to test them
-- took over a second. FTS5's unicode61 words split on every space and punctuation mark and fold
-- case and accents, so the claims where a name's words stand in a row (the index's phrase query)
-- are a superset of those the Python test keeps, which then runs on them only. External content,
-- kept in step by triggers as for place_mention_text (migration 11).
CREATE VIRTUAL TABLE IF NOT EXISTS claim_words USING fts5(
    subject, text, content = 'claims', content_rowid = 'id', tokenize = 'unicode61'
);
INSERT INTO claim_words (claim_words) VALUES ('rebuild');
CREATE TRIGGER IF NOT EXISTS claim_words_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claim_words (rowid, subject, text) VALUES (new.id, new.subject, new.text);
END;
CREATE TRIGGER IF NOT EXISTS claim_words_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claim_words (claim_words, rowid, subject, text) VALUES ('delete', old.id, old.subject, old.text);
END;
CREATE TRIGGER IF NOT EXISTS claim_words_update AFTER UPDATE OF id, subject, text ON claims BEGIN
    INSERT INTO claim_words (claim_words, rowid, subject, text) VALUES ('delete', old.id, old.subject, old.text);
    INSERT INTO claim_words (rowid, subject, text) VALUES (new.id, new.subject, new.text);
END;

-- migration 20: places keep the English name readers expect beside GeoNames' own
-- "Tadmur" is shown as Palmyra, "Al Ḩasakah" as Hasakah (newsgraph/nlp/places/display.py); the
-- name column stays GeoNames' name (the key a place is shared by). A table of its own, not a column,
-- so that the migration can run again on a file that has it (ALTER TABLE has no IF NOT EXISTS);
-- a place without a row shows its own name (places stored before, and names already English).
CREATE TABLE IF NOT EXISTS place_display (
    place_id INTEGER PRIMARY KEY REFERENCES places(id) ON DELETE CASCADE,
    name     TEXT NOT NULL
);

-- migration 21: the type + date filter index carries the background flag (migration 16)
-- Event lists leave background events out by default; without the flag in the index each row of
-- "ASSAULT in 2016" cost a table read again (52 -> 490 ms at a million events), and the total of
-- an unfiltered list could not take background events off from the index alone.
DROP INDEX IF EXISTS events_type_filter;
CREATE INDEX IF NOT EXISTS events_type_filter ON events(
    upper(type), (date_start IS NULL), date_start, COALESCE(date_end, date_start), in_comments, status, background
);

-- migration 22: how many listed events there are, kept by triggers, for an unfiltered list's total
-- An unfiltered event list counts the events that have a source, less the reader-comment and
-- background ones; counting them took ~220 ms at a million events even from indexes. One row
-- per (in_comments, background) pair holds the number of such events with at least one source.
-- An event counts from its first source to its last; deleting an event takes it off before its
-- sources go (BEFORE DELETE: the cascade then finds no event row and changes nothing).
CREATE TABLE IF NOT EXISTS event_totals (
    in_comments INTEGER NOT NULL,
    background  INTEGER NOT NULL,
    n           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (in_comments, background)
);
DELETE FROM event_totals;
INSERT INTO event_totals (in_comments, background, n)
    SELECT e.in_comments, e.background, COUNT(*) FROM events e
    WHERE EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id) GROUP BY e.in_comments, e.background;
CREATE TRIGGER IF NOT EXISTS event_totals_source_insert AFTER INSERT ON event_sources
WHEN NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = new.event_id AND s.id != new.id) BEGIN
    INSERT OR IGNORE INTO event_totals (in_comments, background) SELECT in_comments, background FROM events WHERE id = new.event_id;
    UPDATE event_totals SET n = n + 1
    WHERE (in_comments, background) = (SELECT in_comments, background FROM events WHERE id = new.event_id);
END;
CREATE TRIGGER IF NOT EXISTS event_totals_source_delete AFTER DELETE ON event_sources
WHEN NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = old.event_id) BEGIN
    UPDATE event_totals SET n = n - 1
    WHERE (in_comments, background) = (SELECT in_comments, background FROM events WHERE id = old.event_id);
END;
CREATE TRIGGER IF NOT EXISTS event_totals_source_move AFTER UPDATE OF event_id ON event_sources
WHEN old.event_id != new.event_id BEGIN
    UPDATE event_totals SET n = n - 1
    WHERE NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = old.event_id)
      AND (in_comments, background) = (SELECT in_comments, background FROM events WHERE id = old.event_id);
    INSERT OR IGNORE INTO event_totals (in_comments, background) SELECT in_comments, background FROM events WHERE id = new.event_id;
    UPDATE event_totals SET n = n + 1
    WHERE NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = new.event_id AND s.id != new.id)
      AND (in_comments, background) = (SELECT in_comments, background FROM events WHERE id = new.event_id);
END;
CREATE TRIGGER IF NOT EXISTS event_totals_event_delete BEFORE DELETE ON events
WHEN EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = old.id) BEGIN
    UPDATE event_totals SET n = n - 1 WHERE in_comments = old.in_comments AND background = old.background;
END;
CREATE TRIGGER IF NOT EXISTS event_totals_event_flags AFTER UPDATE OF in_comments, background ON events
WHEN (old.in_comments != new.in_comments OR old.background != new.background)
    AND EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = new.id) BEGIN
    UPDATE event_totals SET n = n - 1 WHERE in_comments = old.in_comments AND background = old.background;
    INSERT OR IGNORE INTO event_totals (in_comments, background) VALUES (new.in_comments, new.background);
    UPDATE event_totals SET n = n + 1 WHERE in_comments = new.in_comments AND background = new.background;
END;

-- migration 23: the words of event targets, indexed, for casualties filtered by an affiliation
-- "Casualties of the IRGC" keeps the victims whose description, text or unit names the actor or
-- a part of it; testing every casualty's targets in Python took ~340 ms at a million events. Word
-- search (unicode61, like claim_words) finds the target rows that can name it -- a superset of
-- those the Python test keeps, which then runs on them only. External content over the target
-- rows alone (actor rows are never victims), kept in step by triggers. The casualty events' target
-- rows are walked from a covering index (event, role, actor), not the table (~130 -> 45 ms).
CREATE INDEX IF NOT EXISTS event_participants_roles ON event_participants(event_id, role, actor_id);
CREATE VIRTUAL TABLE IF NOT EXISTS target_words USING fts5(
    text, description, unit, content = 'event_participants', content_rowid = 'id', tokenize = 'unicode61'
);
INSERT INTO target_words (target_words) VALUES ('delete-all');
INSERT INTO target_words (rowid, text, description, unit)
    SELECT id, text, description, unit FROM event_participants WHERE role = 'target';
CREATE TRIGGER IF NOT EXISTS target_words_insert AFTER INSERT ON event_participants
WHEN new.role = 'target' BEGIN
    INSERT INTO target_words (rowid, text, description, unit) VALUES (new.id, new.text, new.description, new.unit);
END;
CREATE TRIGGER IF NOT EXISTS target_words_delete AFTER DELETE ON event_participants
WHEN old.role = 'target' BEGIN
    INSERT INTO target_words (target_words, rowid, text, description, unit)
    VALUES ('delete', old.id, old.text, old.description, old.unit);
END;
CREATE TRIGGER IF NOT EXISTS target_words_update AFTER UPDATE OF role, text, description, unit ON event_participants
BEGIN
    INSERT INTO target_words (target_words, rowid, text, description, unit)
    SELECT 'delete', old.id, old.text, old.description, old.unit WHERE old.role = 'target';
    INSERT INTO target_words (rowid, text, description, unit)
    SELECT new.id, new.text, new.description, new.unit WHERE new.role = 'target';
END;

-- migration 24: statements (a flag on events), out of default lists like background
-- statement: a verbal act with no ACLED sub-type of its own ("the ministry accused the rebels of
-- lying", newsgraph/nlp/events/lexicon.py is_statement): PLOVER codes it, ACLED does not. Stored
-- with its evidence and queryable (--include-statements), left out of default lists. The filter
-- index (migration 21) and the list totals (migration 22) carry the flag as they carry background:
-- the totals are rebuilt keyed by (in_comments, background, statement), their triggers with them.
ALTER TABLE events ADD COLUMN statement INTEGER NOT NULL DEFAULT 0;
DROP INDEX IF EXISTS events_type_filter;
CREATE INDEX IF NOT EXISTS events_type_filter ON events(
    upper(type), (date_start IS NULL), date_start, COALESCE(date_end, date_start), in_comments, status, background,
    statement
);
DROP TRIGGER IF EXISTS event_totals_source_insert;
DROP TRIGGER IF EXISTS event_totals_source_delete;
DROP TRIGGER IF EXISTS event_totals_source_move;
DROP TRIGGER IF EXISTS event_totals_event_delete;
DROP TRIGGER IF EXISTS event_totals_event_flags;
DROP TABLE IF EXISTS event_totals;
CREATE TABLE event_totals (
    in_comments INTEGER NOT NULL,
    background  INTEGER NOT NULL,
    statement   INTEGER NOT NULL DEFAULT 0,  -- a default, so that migration 22 can run again over it
    n           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (in_comments, background, statement)
);
INSERT INTO event_totals (in_comments, background, statement, n)
    SELECT e.in_comments, e.background, e.statement, COUNT(*) FROM events e
    WHERE EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id)
    GROUP BY e.in_comments, e.background, e.statement;
CREATE TRIGGER event_totals_source_insert AFTER INSERT ON event_sources
WHEN NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = new.event_id AND s.id != new.id) BEGIN
    INSERT OR IGNORE INTO event_totals (in_comments, background, statement)
    SELECT in_comments, background, statement FROM events WHERE id = new.event_id;
    UPDATE event_totals SET n = n + 1 WHERE (in_comments, background, statement) =
        (SELECT in_comments, background, statement FROM events WHERE id = new.event_id);
END;
CREATE TRIGGER event_totals_source_delete AFTER DELETE ON event_sources
WHEN NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = old.event_id) BEGIN
    UPDATE event_totals SET n = n - 1 WHERE (in_comments, background, statement) =
        (SELECT in_comments, background, statement FROM events WHERE id = old.event_id);
END;
CREATE TRIGGER event_totals_source_move AFTER UPDATE OF event_id ON event_sources
WHEN old.event_id != new.event_id BEGIN
    UPDATE event_totals SET n = n - 1
    WHERE NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = old.event_id)
      AND (in_comments, background, statement) =
        (SELECT in_comments, background, statement FROM events WHERE id = old.event_id);
    INSERT OR IGNORE INTO event_totals (in_comments, background, statement)
    SELECT in_comments, background, statement FROM events WHERE id = new.event_id;
    UPDATE event_totals SET n = n + 1
    WHERE NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = new.event_id AND s.id != new.id)
      AND (in_comments, background, statement) =
        (SELECT in_comments, background, statement FROM events WHERE id = new.event_id);
END;
CREATE TRIGGER event_totals_event_delete BEFORE DELETE ON events
WHEN EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = old.id) BEGIN
    UPDATE event_totals SET n = n - 1
    WHERE in_comments = old.in_comments AND background = old.background AND statement = old.statement;
END;
CREATE TRIGGER event_totals_event_flags AFTER UPDATE OF in_comments, background, statement ON events
WHEN (old.in_comments != new.in_comments OR old.background != new.background OR old.statement != new.statement)
    AND EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = new.id) BEGIN
    UPDATE event_totals SET n = n - 1
    WHERE in_comments = old.in_comments AND background = old.background AND statement = old.statement;
    INSERT OR IGNORE INTO event_totals (in_comments, background, statement)
    VALUES (new.in_comments, new.background, new.statement);
    UPDATE event_totals SET n = n + 1
    WHERE in_comments = new.in_comments AND background = new.background AND statement = new.statement;
END;

-- migration 25: read-side counts and indexes for a million events (participations, places, victims, names)
-- The network of all events ranks actors by their participations: counting 2M participant rows
-- took ~1 s at a million events. actor_participations holds, per actor, the number of
-- event_participants rows resolved to it (rows of any role and event, as the unfiltered ranking
-- counts them); a row may fall to 0 and stay. The places list counts each page place's events
-- without comment, background and statement events: the flags in the index spare a table read per event.
CREATE TABLE IF NOT EXISTS actor_participations (
    actor_id INTEGER PRIMARY KEY,
    n        INTEGER NOT NULL DEFAULT 0
);
DELETE FROM actor_participations;
INSERT INTO actor_participations (actor_id, n)
    SELECT actor_id, COUNT(*) FROM event_participants WHERE actor_id IS NOT NULL GROUP BY actor_id;
CREATE TRIGGER IF NOT EXISTS actor_participations_insert AFTER INSERT ON event_participants
WHEN new.actor_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO actor_participations (actor_id) VALUES (new.actor_id);
    UPDATE actor_participations SET n = n + 1 WHERE actor_id = new.actor_id;
END;
CREATE TRIGGER IF NOT EXISTS actor_participations_delete AFTER DELETE ON event_participants
WHEN old.actor_id IS NOT NULL BEGIN
    UPDATE actor_participations SET n = n - 1 WHERE actor_id = old.actor_id;
END;
CREATE TRIGGER IF NOT EXISTS actor_participations_update AFTER UPDATE OF actor_id ON event_participants
WHEN old.actor_id IS NOT new.actor_id BEGIN
    UPDATE actor_participations SET n = n - 1 WHERE actor_id = old.actor_id;
    INSERT OR IGNORE INTO actor_participations (actor_id) SELECT new.actor_id WHERE new.actor_id IS NOT NULL;
    UPDATE actor_participations SET n = n + 1 WHERE actor_id = new.actor_id;
END;
CREATE INDEX IF NOT EXISTS events_place_flags ON events(place_id, in_comments, background, statement);
-- Casualties of an affiliation walk every casualty's target rows and test their texts: a partial
-- index of the target rows that carries those texts (and role, so that SQLite reads it alone)
-- spares a table read per row (~140 -> 45 ms at a million events).
CREATE INDEX IF NOT EXISTS event_participants_targets ON event_participants(
    event_id, role, actor_id, text, description, unit, rank
) WHERE role = 'target';
-- Which actor a name means (query/match.py) compares lower(name), lower(canonical) and
-- lower(alias): indexed by those expressions it is a lookup, not a scan of every actor and alias
-- (a dossier asks three times).
CREATE INDEX IF NOT EXISTS actors_lower_name ON actors(lower(name));
CREATE INDEX IF NOT EXISTS actors_lower_canonical ON actors(lower(canonical));
CREATE INDEX IF NOT EXISTS aliases_lower ON aliases(lower(alias));
