-- Visitdesk schema 1.
-- Every record table has the same shape: a UUIDv7 id, the record as validated JSON, audit
-- columns and a soft-delete mark. Columns that queries filter or join on are generated from
-- the JSON and indexed, so the JSON stays the one source of truth.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE campaigns (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    starts_on TEXT GENERATED ALWAYS AS (data ->> 'starts_on') VIRTUAL
) STRICT;

CREATE TABLE people (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    role TEXT GENERATED ALWAYS AS (data ->> 'role') VIRTUAL
) STRICT;

CREATE TABLE employers (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    credit_code TEXT GENERATED ALWAYS AS (data ->> 'credit_code') STORED,
    origin TEXT GENERATED ALWAYS AS (data ->> 'origin') STORED,
    developed_on TEXT GENERATED ALWAYS AS (data ->> 'developed_on') STORED,
    is_key INTEGER GENERATED ALWAYS AS (data ->> 'is_key') STORED
) STRICT;
CREATE INDEX employers_credit_code ON employers (credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX employers_developed ON employers (origin, developed_on);

CREATE TABLE contacts (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    employer_id TEXT GENERATED ALWAYS AS (data ->> 'employer_id') STORED
) STRICT;
CREATE INDEX contacts_employer ON contacts (employer_id);

CREATE TABLE trips (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    leader_id TEXT GENERATED ALWAYS AS (data ->> 'leader_id') STORED,
    starts_on TEXT GENERATED ALWAYS AS (data ->> 'starts_on') STORED,
    ends_on TEXT GENERATED ALWAYS AS (data ->> 'ends_on') STORED
) STRICT;
CREATE INDEX trips_span ON trips (starts_on, ends_on);

CREATE TABLE visits (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    employer_id TEXT GENERATED ALWAYS AS (data ->> 'employer_id') STORED,
    status TEXT GENERATED ALWAYS AS (data ->> 'status') STORED,
    -- when the visit happens: the actual time once completed, else the planned one
    starts_at TEXT GENERATED ALWAYS AS (coalesce(data ->> 'actual_start', data ->> 'planned_start')) STORED,
    trip_id TEXT GENERATED ALWAYS AS (data ->> 'trip_id') STORED
) STRICT;
CREATE INDEX visits_starts_at ON visits (starts_at);
CREATE INDEX visits_employer ON visits (employer_id, starts_at);
CREATE INDEX visits_trip ON visits (trip_id) WHERE trip_id IS NOT NULL;

CREATE TABLE job_postings (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    employer_id TEXT GENERATED ALWAYS AS (data ->> 'employer_id') STORED,
    visit_id TEXT GENERATED ALWAYS AS (data ->> 'visit_id') STORED
) STRICT;
CREATE INDEX job_postings_employer ON job_postings (employer_id);
CREATE INDEX job_postings_visit ON job_postings (visit_id);

CREATE TABLE internship_bases (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    employer_id TEXT GENERATED ALWAYS AS (data ->> 'employer_id') STORED,
    visit_id TEXT GENERATED ALWAYS AS (data ->> 'visit_id') STORED
) STRICT;
CREATE INDEX internship_bases_employer ON internship_bases (employer_id);
CREATE INDEX internship_bases_visit ON internship_bases (visit_id);

CREATE TABLE demand_surveys (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    visit_id TEXT GENERATED ALWAYS AS (data ->> 'visit_id') STORED
) STRICT;
CREATE INDEX demand_surveys_visit ON demand_surveys (visit_id);

CREATE TABLE followup_surveys (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    visit_id TEXT GENERATED ALWAYS AS (data ->> 'visit_id') STORED
) STRICT;
CREATE INDEX followup_surveys_visit ON followup_surveys (visit_id);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    owner_id TEXT GENERATED ALWAYS AS (data ->> 'owner_id') STORED,
    due_on TEXT GENERATED ALWAYS AS (data ->> 'due_on') STORED,
    done_on TEXT GENERATED ALWAYS AS (data ->> 'done_on') STORED,
    employer_id TEXT GENERATED ALWAYS AS (data ->> 'employer_id') STORED,
    visit_id TEXT GENERATED ALWAYS AS (data ->> 'visit_id') STORED
) STRICT;
CREATE INDEX tasks_open ON tasks (due_on) WHERE done_on IS NULL;
CREATE INDEX tasks_employer ON tasks (employer_id);
CREATE INDEX tasks_visit ON tasks (visit_id);

CREATE TABLE notes (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    employer_id TEXT GENERATED ALWAYS AS (data ->> 'employer_id') STORED,
    visit_id TEXT GENERATED ALWAYS AS (data ->> 'visit_id') STORED
) STRICT;
CREATE INDEX notes_employer ON notes (employer_id);
CREATE INDEX notes_visit ON notes (visit_id);

-- Derived from live (not deleted) visits: who took part, the lead included.
CREATE TABLE visit_people (
    person_id TEXT NOT NULL,
    visit_id  TEXT NOT NULL,
    PRIMARY KEY (person_id, visit_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX visit_people_visit ON visit_people (visit_id);

-- Derived from live employers: the folded name used to spot duplicates.
CREATE TABLE employer_names (
    employer_id TEXT PRIMARY KEY,
    name_key    TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX employer_names_key ON employer_names (name_key);

-- Every change, before and after, for undo and audit. A batch is one user action.
CREATE TABLE history (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    id        TEXT NOT NULL UNIQUE,
    batch     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete', 'restore', 'undo')),
    before    TEXT CHECK (before IS NULL OR json_valid(before)),
    after     TEXT CHECK (after IS NULL OR json_valid(after)),
    at        TEXT NOT NULL,
    by        TEXT NOT NULL,
    undone    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX history_record ON history (kind, record_id);
CREATE INDEX history_batch ON history (batch);
CREATE INDEX history_by ON history (by, seq);

-- Full-text search: one document per live record. The text is indexed as overlapping
-- character bigrams (see search.rs), so one- and two-character Chinese queries work.
CREATE TABLE search_docs (
    rowid     INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    UNIQUE (kind, record_id)
) STRICT;
CREATE VIRTUAL TABLE search_fts USING fts5 (
    grams,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii',
    prefix = '1'
);
