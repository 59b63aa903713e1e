-- Visitdesk schema 3: the search index without its prefix index.
-- `prefix = '1'` kept a second copy of every posting, keyed by its first character, only to
-- speed up one-character queries; it made the index 2.5× the text it indexes (issue 8 sets
-- 3× for the whole index, the rowid map included). A one-character query is still a prefix
-- query ("华"*) and finds the same documents from the main index. The documents keep their
-- rowids in search_docs, and migrations.rs refills the new table from the records (a
-- contentless table cannot be copied), so results and their order stay the same.
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5 (
    grams,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii'
);
