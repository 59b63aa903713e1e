-- Visitdesk schema 12: the campaign's records complete (issue 17).
--
-- Recruitment events (model/recruitment_event.rs): 宣讲会, 专场招聘会, 双选会, 空中宣讲, one
-- employer's or several's. Counted on their own day, so found by it.
CREATE TABLE recruitment_events (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    employer_id TEXT GENERATED ALWAYS AS (data ->> 'employer_id') STORED,
    visit_id TEXT GENERATED ALWAYS AS (data ->> 'visit_id') STORED,
    held_on TEXT GENERATED ALWAYS AS (data ->> 'held_on') STORED
) STRICT;
CREATE INDEX recruitment_events_employer ON recruitment_events (employer_id);
CREATE INDEX recruitment_events_visit ON recruitment_events (visit_id);
CREATE INDEX recruitment_events_held ON recruitment_events (held_on) WHERE deleted_at IS NULL;

-- A posting was open or not; now it has a stage (意向, 已发布, 已招满, 已关闭). An open one is
-- published and a closed one closed, as `JobPosting` reads a record that has no stage.
UPDATE job_postings
SET data = json_set(json_remove(data, '$.open'), '$.stage',
                    CASE WHEN data ->> 'open' THEN 'published' ELSE 'closed' END)
WHERE data ->> 'stage' IS NULL;

-- The ledger counts postings and bases by stage: the facts and the running totals carry how
-- many of a visit's are in each stage past the first (the first is the rest), and the hires.
ALTER TABLE visit_facts ADD COLUMN postings_published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visit_facts ADD COLUMN postings_filled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visit_facts ADD COLUMN postings_closed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visit_facts ADD COLUMN hired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visit_facts ADD COLUMN bases_signed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visit_facts ADD COLUMN bases_unveiled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visit_facts ADD COLUMN bases_expired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_windows ADD COLUMN postings_published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_windows ADD COLUMN postings_filled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_windows ADD COLUMN postings_closed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_windows ADD COLUMN hired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_windows ADD COLUMN bases_signed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_windows ADD COLUMN bases_unveiled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger_windows ADD COLUMN bases_expired INTEGER NOT NULL DEFAULT 0;

-- The triggers of schema 10 sum the old columns; they are made again with the new ones, and
-- the facts and totals counted afresh (migrations.rs: `recount`).
DROP TRIGGER IF EXISTS ledger_windows_INSERT;
DROP TRIGGER IF EXISTS ledger_windows_DELETE;
DROP TRIGGER IF EXISTS ledger_people_INSERT;
DROP TRIGGER IF EXISTS ledger_people_DELETE;
DELETE FROM ledger_windows;
DELETE FROM ledger_people;

-- A cancelled visit planned again: the new visit names it (`replan_of`), and the visit page of
-- the cancelled one finds the new one.
CREATE INDEX visits_replan ON visits (data ->> 'replan_of') WHERE data ->> 'replan_of' IS NOT NULL;
