-- Every change of a record's document is signed by the device that made it (issue 16): a
-- bundle relays the changes of others, and its own signature says only who sent it. Kept for
-- the changes this laptop holds, so it can relay them with their signatures.
CREATE TABLE team_sigs (
    hash      BLOB PRIMARY KEY,
    record_id TEXT NOT NULL,
    device    TEXT NOT NULL,
    sig       BLOB NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX team_sigs_record ON team_sigs (record_id);

-- How far the documents have caught up with this laptop's own changes: the last history row
-- they hold (see team::catch_up). A save writes its history row only; its document follows
-- before anything leaves or arrives.
ALTER TABLE team_self ADD COLUMN docs_seq INTEGER NOT NULL DEFAULT 0;
