-- Visitdesk schema 15: the summary's 典型案例 choices (visits::cases) from an index of their own.
-- On the large store (100,000 visits, 1.3 GB) the dashboard's case chooser read every visit of
-- the campaign to find the 2% whose case is written: 230 MB of pages in the app's cache within
-- 3 s of the unlock, and seconds of decryption. This partial index holds only those, in start
-- order; the query repeats its condition word for word, which is how SQLite knows it may use it.
CREATE INDEX visits_cases ON visits (starts_at, deleted_at)
WHERE status = 'completed' AND trim(data ->> '$.outcome.exemplary') <> '';
