-- Visitdesk schema 10: the ledger's running totals per campaign window (store/totals.rs), and
-- the calendar's index of the facts by time.
--
-- Measured on the `demo --size large` store (100,000 visits): the ledger's figures took 81 ms,
-- 43 of them walking the completed visits' facts grouped by employer and 26 walking each
-- leader's participations. These rows hold the same sums, kept by triggers (installed with
-- the first contents, by `totals::install`) in the transaction of every write.

-- One row per campaign: its window as the ledger reads it, and what the visits starting in
-- it add up to (the sums are those of completed visits, as `ledger` counts them).
CREATE TABLE ledger_windows (
    campaign_id     TEXT PRIMARY KEY,
    from_at         TEXT NOT NULL,
    to_at           TEXT NOT NULL,
    planned         INTEGER NOT NULL,
    cancelled       INTEGER NOT NULL,
    completed       INTEGER NOT NULL,
    employers       INTEGER NOT NULL,
    awaiting        INTEGER NOT NULL,
    channels        INTEGER NOT NULL,
    sessions        INTEGER NOT NULL,
    postings        INTEGER NOT NULL,
    headcount       INTEGER NOT NULL,
    bases           INTEGER NOT NULL,
    demand_surveys  INTEGER NOT NULL,
    followups       INTEGER NOT NULL,
    moral_sum       INTEGER NOT NULL,
    literacy_sum    INTEGER NOT NULL,
    ability_sum     INTEGER NOT NULL
) STRICT;

-- Each person's visits in each window: completed, planned, and the distinct employers of the
-- completed ones.
CREATE TABLE ledger_people (
    campaign_id TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    completed   INTEGER NOT NULL,
    planned     INTEGER NOT NULL,
    employers   INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, person_id)
) STRICT, WITHOUT ROWID;

-- The calendar counts a range's visits per day in time order, from the index alone: on the
-- large store the whole team's six weeks are about 18,600 visits, of which it draws a few a
-- day (calendar::events). The key's columns (status, employer, visit) come with each entry.
CREATE INDEX visit_facts_calendar ON visit_facts (starts_at);
