-- Team sync (issue 16). `devices` is a record kind that travels; the team_ tables are this
-- laptop's own knowledge and never leave it.
CREATE TABLE devices (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    person_id TEXT GENERATED ALWAYS AS (data ->> 'person_id') VIRTUAL
) STRICT;
CREATE INDEX devices_person ON devices (person_id);

-- This laptop's device in its team; no row: not a team. Its secret keys stay in here, inside
-- the encrypted store. `pending`: a join request is out and the welcome has not come.
CREATE TABLE team_self (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    team_id TEXT,
    device_id TEXT NOT NULL,
    signing_key BLOB NOT NULL,
    age_identity TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'member'))
) STRICT;

-- One Automerge document per record, saved whole; `rev` orders this laptop's changes to them
-- (its own and merged ones), so a bundle carries what a peer has not confirmed yet.
CREATE TABLE team_docs (
    record_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    doc BLOB NOT NULL,
    rev INTEGER NOT NULL
) STRICT;
CREATE INDEX team_docs_rev ON team_docs (rev);

-- Per other device: the highest of this laptop's revs it has confirmed (`acked`), and the
-- highest of its revs applied here (`seen`), which goes back to it in every bundle.
CREATE TABLE team_peers (
    device_id TEXT PRIMARY KEY,
    acked INTEGER NOT NULL DEFAULT 0,
    seen INTEGER NOT NULL DEFAULT 0,
    last_at TEXT
) STRICT;

-- Bundles applied here: a replay changes nothing.
CREATE TABLE team_bundles (bundle_id TEXT PRIMARY KEY, from_device TEXT NOT NULL, at TEXT NOT NULL) STRICT;

-- Fields edited on two laptops at once: automerge keeps one value everywhere, and the others
-- are listed here until someone picks (values: JSON list of the competing values).
CREATE TABLE team_conflicts (
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    field TEXT NOT NULL,
    vals TEXT NOT NULL CHECK (json_valid(vals)),
    PRIMARY KEY (record_id, field)
) STRICT, WITHOUT ROWID;
