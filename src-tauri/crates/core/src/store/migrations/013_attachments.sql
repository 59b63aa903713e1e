-- Visitdesk schema 13: attachments (issue 18).
--
-- The record of a file attached to an employer or to one of its visits, postings, bases or
-- recruitment events (model/attachment.rs). Its content is not here: the vault keeps it,
-- encrypted, in the store's `attachments/` folder, under its checksum (store/vault.rs).
CREATE TABLE attachments (
    id TEXT PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)),
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL, deleted_at TEXT,
    employer_id TEXT GENERATED ALWAYS AS (data ->> 'employer_id') STORED,
    visit_id TEXT GENERATED ALWAYS AS (data ->> 'visit_id') STORED,
    job_posting_id TEXT GENERATED ALWAYS AS (data ->> 'job_posting_id') STORED,
    internship_base_id TEXT GENERATED ALWAYS AS (data ->> 'internship_base_id') STORED,
    recruitment_event_id TEXT GENERATED ALWAYS AS (data ->> 'recruitment_event_id') STORED,
    checksum TEXT GENERATED ALWAYS AS (data ->> 'checksum') STORED
) STRICT;
CREATE INDEX attachments_employer ON attachments (employer_id);
CREATE INDEX attachments_visit ON attachments (visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX attachments_posting ON attachments (job_posting_id) WHERE job_posting_id IS NOT NULL;
CREATE INDEX attachments_base ON attachments (internship_base_id) WHERE internship_base_id IS NOT NULL;
CREATE INDEX attachments_event ON attachments (recruitment_event_id) WHERE recruitment_event_id IS NOT NULL;
CREATE INDEX attachments_checksum ON attachments (checksum);

-- What a photo is shown and printed as, made once from its content: a thumbnail (kept here,
-- small) and a copy downscaled for documents (in the vault, under its own checksum). Both are
-- turned upright and carry no EXIF. Keyed by the original's checksum, so one photo attached
-- twice is made once; with the photo's size as shown.
CREATE TABLE renditions (
    checksum TEXT PRIMARY KEY,
    photo_width INTEGER NOT NULL,
    photo_height INTEGER NOT NULL,
    thumb BLOB NOT NULL,
    thumb_width INTEGER NOT NULL,
    thumb_height INTEGER NOT NULL,
    doc TEXT NOT NULL,
    doc_width INTEGER NOT NULL,
    doc_height INTEGER NOT NULL
) STRICT;

-- What each member said its laptop lacks of the attachments' content (a JSON list of
-- checksums, from its last changes bundle): what this laptop's files bundle carries to it.
ALTER TABLE team_peers ADD COLUMN wants TEXT NOT NULL DEFAULT '[]';
