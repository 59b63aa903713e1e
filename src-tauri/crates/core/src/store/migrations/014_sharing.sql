-- Visitdesk schema 14: 一帮一 job sharing with a paired school (issue 20).
--
-- This laptop's sharing identity: the Ed25519 key its share packages are signed with and the
-- age identity packages to it are encrypted to. Made with the first pairing file; the secret
-- keys stay here, in the encrypted store, and never travel with the team.
CREATE TABLE share_self (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    signing_key BLOB NOT NULL,
    age_identity TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- The paired schools (model/paired_school.rs), their public keys from their pairing files.
CREATE TABLE paired_schools (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    school_code TEXT GENERATED ALWAYS AS (data ->> 'school_code') STORED
) STRICT;
CREATE INDEX paired_schools_code ON paired_schools (school_code);

-- The postings and events a paired school shared, as its packages said (model/shared_job.rs).
CREATE TABLE shared_jobs (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    paired_school_id TEXT GENERATED ALWAYS AS (data ->> 'paired_school_id') STORED,
    source_id TEXT GENERATED ALWAYS AS (data ->> 'source_id') STORED
) STRICT;
CREATE INDEX shared_jobs_source ON shared_jobs (paired_school_id, source_id);

-- What this school shared with a paired school, and the placements it reported back
-- (model/job_share.rs).
CREATE TABLE job_shares (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    paired_school_id TEXT GENERATED ALWAYS AS (data ->> 'paired_school_id') STORED,
    job_posting_id TEXT GENERATED ALWAYS AS (data ->> 'job_posting_id') STORED,
    recruitment_event_id TEXT GENERATED ALWAYS AS (data ->> 'recruitment_event_id') STORED
) STRICT;
CREATE INDEX job_shares_pair ON job_shares (paired_school_id);
CREATE INDEX job_shares_posting ON job_shares (job_posting_id) WHERE job_posting_id IS NOT NULL;
CREATE INDEX job_shares_event ON job_shares (recruitment_event_id) WHERE recruitment_event_id IS NOT NULL;
