-- Visitdesk schema 2: the calendar.

-- Recurring contact plans with key employers (日常联系互访机制); same shape as every record table.
CREATE TABLE contact_plans (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    employer_id TEXT GENERATED ALWAYS AS (data ->> 'employer_id') STORED
) STRICT;
CREATE INDEX contact_plans_employer ON contact_plans (employer_id);

-- Reminders already delivered, so none repeats and none is lost across a restart. The key
-- names what was reminded of and when it was due, so a moved visit is reminded of again.
CREATE TABLE reminders_sent (
    key     TEXT PRIMARY KEY,
    sent_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
