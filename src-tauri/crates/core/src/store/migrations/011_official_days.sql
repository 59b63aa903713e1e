-- Visitdesk schema 11: official days (model/official_day.rs), the holiday schedules an admin
-- adds after the ones the app ships (calendar/holidays_cn.csv).
CREATE TABLE official_days (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    on_date TEXT GENERATED ALWAYS AS (data ->> 'on') VIRTUAL
) STRICT;
CREATE INDEX official_days_on ON official_days (on_date) WHERE deleted_at IS NULL;
