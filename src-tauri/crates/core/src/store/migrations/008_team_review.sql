-- Team sync, second part (issue 16).

-- A completed visit recorded by someone other than its leader waits for the leader (or an
-- admin) to confirm it (待确认); the ledger counts those apart.
ALTER TABLE visit_facts ADD COLUMN awaiting INTEGER NOT NULL DEFAULT 0;

-- This laptop's own: the team folder it exchanges bundles through (a path on this laptop,
-- never sent), the join request it waits on while pending, and the generation of its
-- Automerge actor. A store restored from a backup takes the next generation, so its new
-- changes never reuse the numbers of changes it made and sent before the restore.
ALTER TABLE team_self ADD COLUMN folder TEXT;
ALTER TABLE team_self ADD COLUMN request TEXT;
ALTER TABLE team_self ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;

-- The device that made a change that came from another laptop (NULL: this laptop).
ALTER TABLE history ADD COLUMN device TEXT;

-- The stream of each other device whose revisions `seen` counts: its id, and after that
-- device was restored from a backup, its new generation (see team::stream_of).
ALTER TABLE team_peers ADD COLUMN stream TEXT;
