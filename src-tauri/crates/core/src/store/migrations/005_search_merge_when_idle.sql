-- The search index merges its segments when the app is idle (Store::tidy), not as part of a
-- write: FTS5's automatic merging made one save in twenty take 40 ms instead of 4 on the large
-- demo store. Crisis merging (16 segments on a level) still bounds the segments.
INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0);
