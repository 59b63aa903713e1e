-- Visitdesk schema 3: indexes that answer the ledger's counts without reading the records.
-- Measured on the `demo --size large` store (100,000 visits, 1.3 GB): `visitdesk progress`
-- took 103 s, nearly all of it fetching each visit's, employer's and survey's row (JSON and
-- all) at random across the file, through a 64 MiB page cache, every page decrypted again.
-- These indexes hold every column the ledger reads (make bench has the figures before and
-- after), so its queries walk the indexes in order and never touch the tables.
CREATE INDEX visits_ledger ON visits (
    status, starts_at, employer_id, deleted_at, id,
    data ->> '$.outcome.channel_established', data ->> '$.outcome.recruitment_agreed'
);
CREATE INDEX employers_live ON employers (id, deleted_at);
CREATE INDEX followup_surveys_ledger ON followup_surveys (
    visit_id, deleted_at,
    data ->> 'satisfaction_moral', data ->> 'satisfaction_literacy', data ->> 'satisfaction_ability'
);
CREATE INDEX demand_surveys_live ON demand_surveys (visit_id, deleted_at);
