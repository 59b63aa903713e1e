-- Visitdesk schema 4: the ledger reads two small derived tables instead of joining records.
--
-- Measured on the `demo --size large` store (100,000 visits, 236,895 participations, 40,833
-- job postings): after schema 3 the ledger still took about 3 s, most of it in joins that
-- look up one visit per job posting or survey at random in a 1.3 GB file (the postings
-- alone: 0.5 s), and in count(DISTINCT employer) sorting 45,000 ids in a temporary b-tree.
-- Both tables are kept by records::derive, in the transaction that writes the record.

-- What each live visit counts for, one row per visit: its own outcome and what its job
-- postings, internship bases and surveys add. The key orders the rows by status, then
-- employer, so the distinct employers of a period are counted as groups, without sorting.
CREATE TABLE visit_facts (
    status          TEXT NOT NULL,
    employer_id     TEXT NOT NULL,
    starts_at       TEXT NOT NULL,
    visit_id        TEXT NOT NULL,
    channel         INTEGER NOT NULL,
    recruitment     INTEGER NOT NULL,
    postings        INTEGER NOT NULL,
    headcount       INTEGER NOT NULL,
    bases           INTEGER NOT NULL,
    demand_surveys  INTEGER NOT NULL,
    followups       INTEGER NOT NULL,
    moral_sum       INTEGER NOT NULL,
    literacy_sum    INTEGER NOT NULL,
    ability_sum     INTEGER NOT NULL,
    PRIMARY KEY (status, employer_id, starts_at, visit_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX visit_facts_visit ON visit_facts (visit_id);
-- How many visits of a status fall in a period, without reading the rows.
CREATE INDEX visit_facts_when ON visit_facts (status, starts_at);

-- The participants of each live visit carry the visit's employer, status and start, so a
-- person's counts and calendar walk one index in order.
CREATE TABLE visit_people_new (
    person_id   TEXT NOT NULL,
    visit_id    TEXT NOT NULL,
    employer_id TEXT NOT NULL,
    status      TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    PRIMARY KEY (person_id, visit_id)
) STRICT, WITHOUT ROWID;
INSERT INTO visit_people_new (person_id, visit_id, employer_id, status, starts_at)
    SELECT vp.person_id, vp.visit_id, v.employer_id, v.status, v.starts_at
    FROM visit_people vp JOIN visits v ON v.id = vp.visit_id;
DROP TABLE visit_people;
ALTER TABLE visit_people_new RENAME TO visit_people;
CREATE INDEX visit_people_visit ON visit_people (visit_id);
CREATE INDEX visit_people_ledger ON visit_people (status, person_id, employer_id, starts_at);
CREATE INDEX visit_people_calendar ON visit_people (person_id, starts_at);

-- Postings and bases recorded without a visit count on their own day.
CREATE INDEX job_postings_own ON job_postings (deleted_at, created_at, data ->> 'headcount')
    WHERE visit_id IS NULL;
CREATE INDEX internship_bases_own ON internship_bases (
    deleted_at, coalesce((data ->> 'established_on') || 'T00:00:00Z', created_at)
) WHERE visit_id IS NULL;

-- Overdue tasks are counted from the index alone (it also holds whether they are in the trash).
DROP INDEX tasks_open;
CREATE INDEX tasks_open ON tasks (due_on, deleted_at) WHERE done_on IS NULL;

-- Schema 3's covering indexes: nothing reads them any more, and every write paid for them.
DROP INDEX visits_ledger;
DROP INDEX employers_live;
DROP INDEX followup_surveys_ledger;
DROP INDEX demand_surveys_live;
